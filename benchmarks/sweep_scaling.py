"""Wall time of a whole sweep with 1 and with 2 local workers, and the speed-up.

Runs ``experiments/benchmark_strategies.yaml`` (6 strategies x 500 replications of a
10,000-row preset over 156 weeks: 3,000 replications in 30 jobs) end to end through
``scenarios-run`` (planning, jobs, report with plots), once per worker count, each into a fresh
folder, and checks that both give the same tables. Prints a Markdown table.

Targets on the 2-core development machine (issue 9): at most 100 s with 2 workers, and at
least 1.8x faster than with 1 worker.

Usage::

    .venv/bin/python benchmarks/sweep_scaling.py
    .venv/bin/python benchmarks/sweep_scaling.py --workers 2 --experiment quickstart
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

TARGET_SECONDS = 100.0
TARGET_SPEEDUP = 1.8
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def run_sweep(experiment: str, workers: int, folder: Path, extra: list[str]) -> float:
    """Run the experiment with ``workers`` local workers into ``folder``; return wall seconds."""
    executable = Path(sys.executable).with_name("scenarios-run")
    environment = {**os.environ, **dict.fromkeys(THREAD_VARIABLES, "1")}
    command = [
        str(executable),
        "-m",
        f"experiment={experiment}",
        f"hydra.launcher.n_jobs={workers}",
        f"hydra.sweep.dir={folder}",
        *extra,
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experiment", default="benchmark_strategies")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("overrides", nargs="*", help="extra overrides, e.g. replications=100")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="sweep-benchmark-"))
    try:
        seconds, tables = {}, {}
        for workers in args.workers:
            folder = scratch / f"workers-{workers}"
            seconds[workers] = run_sweep(args.experiment, workers, folder, args.overrides)
            table = pd.read_parquet(folder / "report" / "replications.parquet")
            tables[workers] = table.drop(columns=["job"])
            print(f"{workers} worker(s): {seconds[workers]:.1f} s", file=sys.stderr)
        first = args.workers[0]
        replications = len(tables[first])
        print(f"experiment {args.experiment}: {replications} replications")
        print("| workers | wall s | replications/s | speed-up |")
        print("|---:|---:|---:|---:|")
        for workers in args.workers:
            speedup = seconds[first] / seconds[workers]
            print(
                f"| {workers} | {seconds[workers]:.1f} | {replications / seconds[workers]:.1f} "
                f"| {speedup:.2f}x |"
            )
        identical = all(tables[w].equals(tables[first]) for w in args.workers)
        print(f"identical tables across worker counts: {identical}")
        if 1 in seconds and 2 in seconds:
            speedup = seconds[1] / seconds[2]
            print(
                f"targets: 2 workers <= {TARGET_SECONDS:.0f} s: {seconds[2] <= TARGET_SECONDS}; "
                f"speed-up >= {TARGET_SPEEDUP}x: {speedup >= TARGET_SPEEDUP}"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

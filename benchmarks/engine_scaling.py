"""How the country model scales with the number of civilian rows, on one core.

Times one replication (build, then ``model.run()``) at 10^4, 10^5 and 10^6 rows and prints a
Markdown table with the time per million civilian-weeks, which stays constant when the engine
scales linearly, and the peak memory of each size. Every size runs in a fresh child process
(one thread, pinned to one CPU where the OS allows it), so its peak memory is its own.

Targets: one replication of 10^6 rows x 156 weeks runs in at most 4 s (run time, after the
build) and peaks at most at 1 GB.

Usage::

    .venv/bin/python benchmarks/engine_scaling.py
    .venv/bin/python benchmarks/engine_scaling.py --sizes 10000 100000 --weeks 52 --json out.json
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_SCENARIO = "insurgency_minority_regime"
DEFAULT_SIZES = (10**4, 10**5, 10**6)
DEFAULT_WEEKS = 156
TARGET_ROWS = 10**6
TARGET_WEEKS = 156
TARGET_SECONDS = 4.0
TARGET_PEAK_MB = 1000.0
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
RESULT_PREFIX = "RESULT "


# -- child: one size ---------------------------------------------------------------------------


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (10^6 bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6  # bytes vs KiB


def measure(rows: int, scenario: str, weeks: int) -> dict:
    """Build and run one replication with ``rows`` civilian rows; return the timings."""
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    from scenarios.config.loading import load
    from scenarios.model.model import CountryModel
    from scenarios.runs.seeds import replication_seed

    logging.getLogger("MESA").setLevel(logging.WARNING)
    preset = load([f"scenario={scenario}"])[0]
    persons = max(rows, preset.scenario.population.persons)
    config = load(
        [
            f"scenario={scenario}",
            f"scenario.population.agents={rows}",
            f"scenario.population.persons={persons}",
            f"weeks={weeks}",
        ]
    )[0]
    baseline = peak_mb()

    start = time.perf_counter()
    model = CountryModel.from_config(config, replication_seed(config.seed, 0))
    built = time.perf_counter()
    model.run()
    ran = time.perf_counter()

    return {
        "scenario": scenario,
        "rows": rows,
        "persons": persons,
        "weeks": weeks,
        "build_s": built - start,
        "run_s": ran - built,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def child(rows: int, scenario: str, weeks: int) -> None:
    """Entry point of a child process: measure one size and print the result as JSON."""
    for name in THREAD_VARIABLES:  # before numpy is imported
        os.environ.setdefault(name, "1")
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
    result = measure(rows, scenario, weeks)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


# -- parent: all sizes -------------------------------------------------------------------------


def run_child(rows: int, scenario: str, weeks: int) -> dict:
    """Measure one size in a fresh Python process with one thread."""
    env = dict(os.environ)
    env.update({name: "1" for name in THREAD_VARIABLES})
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(rows),
        "--scenario",
        scenario,
        "--weeks",
        str(weeks),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"error: the child for {rows:,} rows failed (exit {done.returncode})")
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))


def derive(result: dict) -> dict:
    """Add the rates: steps per second and seconds per million civilian-weeks."""
    run_s = result["run_s"]
    civilian_weeks = result["rows"] * result["weeks"] / 1e6
    return {
        **result,
        "total_s": result["build_s"] + run_s,
        "steps_per_s": result["weeks"] / run_s if run_s > 0 else float("inf"),
        "s_per_million_civilian_weeks": run_s / civilian_weeks,
    }


def check_targets(results: list[dict]) -> list[dict]:
    """Verdicts on the targets, from the 10^6-row measurement (if there is one)."""
    at_target = [r for r in results if r["rows"] == TARGET_ROWS]
    if not at_target:
        return [
            {
                "target": f"{TARGET_ROWS:,} rows x {TARGET_WEEKS} weeks <= {TARGET_SECONDS:g} s",
                "measured": "not measured",
                "verdict": "n/a",
            },
            {
                "target": f"peak at {TARGET_ROWS:,} rows <= {TARGET_PEAK_MB / 1000:g} GB",
                "measured": "not measured",
                "verdict": "n/a",
            },
        ]
    r = at_target[0]
    seconds = r["run_s"] * TARGET_WEEKS / r["weeks"]
    note = "" if r["weeks"] == TARGET_WEEKS else f" (run extrapolated from {r['weeks']} weeks)"
    return [
        {
            "target": f"{TARGET_ROWS:,} rows x {TARGET_WEEKS} weeks <= {TARGET_SECONDS:g} s (run)",
            "measured": f"{seconds:.2f} s{note}",
            "value": seconds,
            "verdict": "PASS" if seconds <= TARGET_SECONDS else "FAIL",
        },
        {
            "target": f"peak at {TARGET_ROWS:,} rows <= {TARGET_PEAK_MB / 1000:g} GB",
            "measured": f"{r['peak_mb']:.0f} MB",
            "value": r["peak_mb"],
            "verdict": "PASS" if r["peak_mb"] <= TARGET_PEAK_MB else "FAIL",
        },
    ]


def markdown(results: list[dict], targets: list[dict], scenario: str, weeks: int) -> str:
    """The results and the target verdicts as Markdown."""
    lines = [
        f"Scenario `{scenario}`, one replication of {weeks} weeks, one core "
        f"(Python {sys.version.split()[0]}).",
        "",
        "| civilians | build s | run s | steps/s | s per 10^6 civilian-weeks | peak MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['build_s']:.2f} | {r['run_s']:.2f} | {r['steps_per_s']:.1f} "
            f"| {r['s_per_million_civilian_weeks']:.3f} | {r['peak_mb']:.0f} |"
        )
    lines += ["", "| target | measured | verdict |", "|---|---:|:---:|"]
    lines += [f"| {t['target']} | {t['measured']} | {t['verdict']} |" for t in targets]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario preset")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="civilian rows"
    )
    parser.add_argument("--weeks", type=int, default=DEFAULT_WEEKS, help="weeks per run")
    parser.add_argument("--json", type=Path, help="also save the numbers to this JSON file")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target fails")
    parser.add_argument("--child", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child is not None:
        child(args.child, args.scenario, args.weeks)
        return 0
    results = []
    for rows in args.sizes:
        print(f"measuring {rows:,} rows ...", file=sys.stderr, flush=True)
        results.append(derive(run_child(rows, args.scenario, args.weeks)))
    targets = check_targets(results)
    print(markdown(results, targets, args.scenario, args.weeks))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "scenario": args.scenario,
            "weeks": args.weeks,
            "python": sys.version.split()[0],
            "results": results,
            "targets": targets,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    failed = any(t["verdict"] == "FAIL" for t in targets)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The cost of one simulated week, and replications per second for a small country.

Two measurements, each in this process after a warm-up replication (so the compiled kernels are
loaded), on one thread:

- milliseconds per week of a 10^4-row replication of ``pre_election_crisis`` under
  ``full_continuum`` (every step but safe areas and intervention: the busiest week), 156 weeks;
- replications per second of a small country (10^3 rows, 104 weeks, no strategy), the size the
  monitoring of real countries simulates thousands of times.

Target (issue 9): at most 0.5 ms per week at 10^4 rows.

Usage::

    .venv/bin/python benchmarks/week_speed.py [--replications 20]
"""

import argparse
import logging
import os
import sys
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from scenarios.config.loading import load  # noqa: E402
from scenarios.model.model import CountryModel  # noqa: E402
from scenarios.runs.seeds import replication_seed  # noqa: E402

try:  # absent on commits before it, which this script also measures
    from scenarios.runs.collector import settle
except ImportError:
    settle = None

TARGET_MS_PER_WEEK = 0.5


def build(config, replication: int) -> CountryModel:
    """The model of one replication (also on commits from before ``from_config``, so that the
    same script measures old and new code in one run)."""
    seed = replication_seed(config.seed, replication)
    if hasattr(CountryModel, "from_config"):
        return CountryModel.from_config(config, seed)
    parts = (config.scenario, config.model, config.outcome, config.weeks, seed, config.strategy)
    return CountryModel(*parts)


def seconds_per_replication(overrides: list[str], replications: int) -> float:
    """Mean CPU time of one replication (build and run) of the config ``overrides`` give
    (this process's CPU time, so other load on the machine counts less than in wall time)."""
    config = load([*overrides, "progress=false"])[0]
    build(config, 0).run()  # warm-up: compiled kernels loaded
    if settle is not None:
        settle()  # as the sweep's jobs do before their replications
    start = time.process_time()
    for i in range(replications):
        build(config, i).run()
    return (time.process_time() - start) / replications


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=20)
    args = parser.parse_args()
    logging.getLogger("MESA").setLevel(logging.WARNING)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    busy = [
        "scenario=pre_election_crisis",
        "strategy=full_continuum",
        "scenario.population.agents=10000",
        "weeks=156",
    ]
    small = ["scenario=pre_election_crisis", "scenario.population.agents=1000", "weeks=104"]
    week_ms = 1000 * seconds_per_replication(busy, args.replications) / 156
    small_s = seconds_per_replication(small, 5 * args.replications)
    print(f"Python {sys.version.split()[0]}, one thread, {args.replications} replications")
    print("| measurement | value | target |")
    print("|---|---:|---:|")
    print(
        f"| ms per week, 10^4 rows, pre_election_crisis x full_continuum (incl. build) "
        f"| {week_ms:.3f} | <= {TARGET_MS_PER_WEEK} |"
    )
    print(f"| replications per second, 10^3 rows x 104 weeks | {1 / small_s:.1f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bitwise neutrality of a refactoring: the four output tables, before and after.

``python benchmarks/neutrality.py write DIR`` runs every preset under every shipped strategy for
a few seeds and writes the four tables of each (replications, timeseries, deaths, events) to
``DIR``; ``python benchmarks/neutrality.py compare DIR`` runs the same on the current code and
reports every table that is not bitwise the same (exit status 1 if any). Run ``write`` on the
commit before a change that must not change results, ``compare`` after it.
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

from scenarios.config.loading import load, options, quiet_libraries
from scenarios.runs.batch import OUTPUT_FILES, run_batch

PRESETS = ("stable_democracy", "pre_election_crisis", "insurgency_minority_regime")
SEEDS = (3, 11)
ROWS = 10_000


def tables(scenario: str, strategy: str, seed: int) -> dict[str, pd.DataFrame]:
    """The four tables of two replications of one (scenario, strategy, seed)."""
    config = load(
        [
            f"scenario={scenario}",
            f"strategy={strategy}",
            f"seed={seed}",
            f"scenario.population.agents={ROWS}",
            "replications=2",
            "progress=false",
        ]
    )[0]
    result = run_batch(config)
    frames = (result.replications, result.timeseries, result.deaths, result.events)
    return dict(zip(OUTPUT_FILES, frames, strict=True))


def cases() -> list[tuple[str, str, int]]:
    """(scenario, strategy, seed) of every case: 3 presets x all strategies x seeds."""
    return [(p, s, seed) for p in PRESETS for s in options("strategy") for seed in SEEDS]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    quiet_libraries()
    differences, replications = [], 0
    for scenario, strategy, seed in cases():
        folder = args.folder / f"{scenario}-{strategy}-{seed}"
        for name, frame in tables(scenario, strategy, seed).items():
            if name == OUTPUT_FILES[0]:
                replications += len(frame)
            if args.action == "write":
                folder.mkdir(parents=True, exist_ok=True)
                frame.to_parquet(folder / name, index=False)
                continue
            before = pd.read_parquet(folder / name)
            after = frame.reset_index(drop=True)
            try:
                pd.testing.assert_frame_equal(before, after, check_exact=True, check_dtype=True)
            except AssertionError as error:
                values_equal = True
                try:
                    pd.testing.assert_frame_equal(
                        before, after, check_exact=True, check_dtype=False
                    )
                except AssertionError:
                    values_equal = False
                kind = "dtype only, values equal" if values_equal else "values differ"
                differences.append(f"{folder.name}/{name} ({kind}): {str(error).splitlines()[0]}")
    print(f"{len(cases())} cases, {replications} replications")
    if args.action == "compare":
        print("\n".join(differences) if differences else "all four tables bitwise the same")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

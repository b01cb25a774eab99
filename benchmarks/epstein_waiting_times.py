"""Waiting times between bursts in Epstein's Model I: are they heavy-tailed?

Issue 5 asks for "punctuated equilibrium - long quiet spells broken by bursts, with a
heavy-tailed distribution of waiting times between bursts" at 40x40, citizen density 0.7, cop
density 0.04, vision 7, L = 0.82, J_max = 30 and the floored C/A. This script runs Model I
under several rule sets with those numbers, finds bursts under several definitions (a burst:
more than ``threshold`` actives; bursts separated by fewer than ``min_quiet`` quiet steps are
merged) and prints, per rule set and definition, the shape of the pooled waiting times next to
the geometric law with the same mean (bursts starting independently at a constant rate): CV,
quantile ratios, share beyond 3 means, mean excess, log-log survival slope and Hill estimate
(``scenarios.reference.statistics.tail_shape``). ``docs/epstein.md`` (section 6) quotes its
output.

Usage::

    .venv/bin/python benchmarks/epstein_waiting_times.py            # everything (~15 min, 2 cores)
    .venv/bin/python benchmarks/epstein_waiting_times.py --rules netlogo --seeds 20 --steps 100000
    .venv/bin/python benchmarks/epstein_waiting_times.py --list

Runs are independent (one seed each, seeds 0..n-1) and are spread over ``--jobs`` processes;
the first ``--burn`` steps of each run are dropped.
"""

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from scenarios.reference import CivilViolenceParams, mesa_compatible, netlogo_compatible
from scenarios.reference import kernels as K
from scenarios.reference.civil_violence import CivilViolenceModel
from scenarios.reference.statistics import find_bursts, tail_shape

ISSUE = {
    "cop_density": 0.04,
    "max_jail_term": 30,
}  # the rest are the defaults: 40x40, 0.7, v 7, L 0.82

# name: (parameters, steps per run, burn-in, what it is)
RULE_SETS: dict[str, tuple[CivilViolenceParams, int, int, str]] = {
    "netlogo": (
        netlogo_compatible(),
        20_000,
        1_000,
        "NetLogo's rules (the preset epstein_i_punctuated_equilibrium)",
    ),
    "netlogo_removed": (
        netlogo_compatible(jail_rule="removed"),
        20_000,
        1_000,
        "NetLogo's rules, jailed citizens off the lattice (paper)",
    ),
    "netlogo_plain": (
        netlogo_compatible(arrest_ratio="plain"),
        20_000,
        1_000,
        "NetLogo's rules, plain C/A (paper)",
    ),
    "netlogo_inclusive": (
        netlogo_compatible(jail_term_draw="inclusive"),
        20_000,
        1_000,
        "NetLogo's rules, J uniform on 0..J_max (paper)",
    ),
    "netlogo_cross": (
        netlogo_compatible(neighbourhood="cross", include_own_site=False),
        20_000,
        1_000,
        "NetLogo's rules, cross-shaped vision without own site (paper)",
    ),
    "netlogo_jmax1000": (
        netlogo_compatible(max_jail_term=1000),
        50_000,
        10_000,
        "NetLogo's rules, J_max 1000",
    ),
    "paper_floored": (
        CivilViolenceParams(arrest_ratio="floored"),
        20_000,
        1_000,
        "paper's rules (cross, removed, inclusive) with floored C/A",
    ),
    "paper_floored_disc": (
        CivilViolenceParams(arrest_ratio="floored", neighbourhood="disc"),
        20_000,
        1_000,
        "paper's rules with floored C/A and a disc vision",
    ),
    "paper_floored_jmax1000": (
        CivilViolenceParams(arrest_ratio="floored", max_jail_term=1000),
        50_000,
        10_000,
        "paper's rules with floored C/A, J_max 1000",
    ),
    "paper": (
        CivilViolenceParams(),
        20_000,
        1_000,
        "paper's rules as stated (plain C/A, cross)",
    ),
    "mesa_fixed": (
        mesa_compatible(
            **ISSUE, legitimacy=CivilViolenceParams().legitimacy, placement="fixed_counts"
        ),
        20_000,
        1_000,
        "Mesa's rules (rounded C/A, Von Neumann), fixed counts",
    ),
}

THRESHOLDS = (10, 20, 50)
MIN_QUIET = (1, 5)


def actives(args: tuple[str, int, int]) -> np.ndarray:
    """Active citizens after each step of one run (steps 1..steps)."""
    name, seed, steps = args
    model = CivilViolenceModel(RULE_SETS[name][0], seed)
    model.run(steps)
    return model.engine.records()[0][1:, K.R_ACTIVE0].astype(np.int32)


def series(name: str, seeds: int, steps: int, jobs: int, cache: Path | None) -> list[np.ndarray]:
    """Actives of seeds 0..seeds-1, from ``cache`` when it holds them."""
    path = cache / f"{name}_{seeds}x{steps}.npz" if cache else None
    if path is not None and path.exists():
        with np.load(path) as z:
            return [z[f"s{i}"] for i in range(seeds)]
    with ProcessPoolExecutor(jobs) as pool:
        out = list(pool.map(actives, [(name, s, steps) for s in range(seeds)]))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **{f"s{i}": a for i, a in enumerate(out)})
    return out


def table(name: str, runs: list[np.ndarray], burn: int) -> list[str]:
    """Rows of the Markdown table for one rule set."""
    kept = [a[burn:] for a in runs]
    allsteps = np.concatenate(kept)
    rows = []
    for threshold in THRESHOLDS:
        for min_quiet in MIN_QUIET:
            bursts = [find_bursts(a, threshold, min_quiet=min_quiet) for a in kept]
            waits = [b.waiting_times for b in bursts]
            n_bursts = sum(len(b.starts) for b in bursts)
            if sum(len(w) for w in waits) < 20:
                rows.append(
                    f"| {name} | {np.median(allsteps):.0f} | {(allsteps <= threshold).mean():.2f} "
                    f"| >{threshold} | {min_quiet} | {n_bursts} |" + " - |" * 9
                )
                continue
            t = tail_shape(waits)
            rows.append(
                f"| {name} | {np.median(allsteps):.0f} | {(allsteps <= threshold).mean():.2f} "
                f"| >{threshold} | {min_quiet} | {n_bursts} | {t.mean:.1f} "
                f"| {t.cv:.2f} ({t.cv_low:.2f}-{t.cv_high:.2f}) / {t.geo_cv:.2f} "
                f"| {t.q90_ratio:.2f} | {t.q99_ratio:.2f} | {t.max_ratio:.1f} "
                f"| {t.beyond_3_means:.3f} / {t.geo_beyond_3_means:.3f} "
                f"| {t.mean_excess:.2f} ({t.mean_excess_low:.2f}-{t.mean_excess_high:.2f}) "
                f"| {t.loglog_slope:.1f} / {t.geo_loglog_slope:.1f} | {t.hill:.1f} |"
            )
    return rows


HEADER = [
    "| rules | median actives | share of steps at or below threshold | burst | min quiet "
    "| bursts | mean wait | CV (95% CI) / geometric | q90/median | q99/median | max/median "
    "| P(W > 3 means) / geometric | mean excess over q75, in means (geometric 1) "
    "| log-log survival slope / geometric | Hill (top 10%) |",
    "|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---|---|---|---:|",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", nargs="*", default=list(RULE_SETS), choices=list(RULE_SETS))
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--steps", type=int, help="steps per run (default: per rule set)")
    parser.add_argument("--burn", type=int, help="steps dropped (default: per rule set)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, help="directory to keep the runs' actives in")
    parser.add_argument("--list", action="store_true", help="list the rule sets and exit")
    args = parser.parse_args()
    if args.list:
        for name, (_, steps, burn, what) in RULE_SETS.items():
            print(f"{name}: {what} ({steps} steps, first {burn} dropped)")
        return
    print("\n".join(HEADER))
    for name in args.rules:
        _, steps, burn, _ = RULE_SETS[name]
        steps = args.steps or steps
        burn = args.burn if args.burn is not None else burn
        t0 = time.perf_counter()
        runs = series(name, args.seeds, steps, args.jobs, args.cache)
        for row in table(name, runs, burn):
            print(row, flush=True)
        print(
            f"<!-- {name}: {args.seeds} seeds x {steps} steps, {time.perf_counter() - t0:.0f} s -->"
        )


if __name__ == "__main__":
    main()

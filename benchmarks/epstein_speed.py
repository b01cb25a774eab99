"""Epstein Model I: Mesa's own example against our compiled engine, side by side.

Both run Mesa's example as shipped (its rules and default numbers: citizen density 0.7, cop
density 0.074, vision 7, legitimacy 0.8, J_max 1000), ours through ``presets.mesa_compatible``,
on a 40x40 and a 200x200 torus. For each size the script builds both models, runs a few warm-up
steps (Mesa fills its neighbourhood caches; our kernel is compiled, or loaded from numba's
cache, before any timing), then times a block of steps and prints a Markdown table with the
steps per second, the speed-up and, as a rough check that both simulate the same thing, the
mean numbers of active and jailed citizens over the steps Mesa was timed on (one seed each, so
they agree only up to run-to-run variation; ``tests/test_epstein_mesa.py`` compares the
distributions over many seeds).

Targets: ours at least 20x faster per step at 40x40 and at least 50x at 200x200.

Usage::

    .venv/bin/python benchmarks/epstein_speed.py
    .venv/bin/python benchmarks/epstein_speed.py --sizes 40 --mesa-steps 100
"""

import argparse
import logging
import time

import numpy as np

from scenarios.reference.civil_violence import CivilViolenceModel
from scenarios.reference.mesa_compat import mesa_model
from scenarios.reference.presets import mesa_compatible

TARGETS = {40: 20.0, 200: 50.0}
WARMUP = 3


def time_mesa(size: int, steps: int, seed: int) -> tuple[float, float, float]:
    """Steps per second of Mesa's example, and its mean actives and jailed over those steps."""
    model = mesa_model(mesa_compatible(width=size, height=size), seed)
    for _ in range(WARMUP):
        model.step()
    active, jailed = [], []
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
        active.append(model.ACTIVE)
        jailed.append(model.ARRESTED)
    elapsed = time.perf_counter() - start
    return steps / elapsed, float(np.mean(active)), float(np.mean(jailed))


def time_ours(size: int, steps: int, seed: int, window: int) -> tuple[float, float, float]:
    """Steps per second of our engine (one compiled call), and its mean actives and jailed over
    the first ``window`` timed steps (the steps Mesa was timed on)."""
    model = CivilViolenceModel(mesa_compatible(width=size, height=size), seed)
    model.run(WARMUP)
    start = time.perf_counter()
    model.run(steps)
    elapsed = time.perf_counter() - start
    frame = model.frame().iloc[WARMUP + 1 : WARMUP + 1 + window]
    return steps / elapsed, float(frame["active"].mean()), float(frame["jailed"].mean())


def main() -> None:
    """Parse the arguments, run both models at each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 200])
    parser.add_argument(
        "--mesa-steps", type=int, default=None, help="timed Mesa steps (default 100, 10 at 200)"
    )
    parser.add_argument("--ours-steps", type=int, default=1000, help="timed steps of ours")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("MESA").setLevel(logging.WARNING)

    # Compile (or load from the cache) before any timing.
    CivilViolenceModel(mesa_compatible(width=20, height=20), 0).run(2)

    rows = []
    for size in args.sizes:
        mesa_steps = args.mesa_steps or (100 if size <= 50 else 10)
        mesa_rate, mesa_active, mesa_jailed = time_mesa(size, mesa_steps, args.seed)
        ours_steps = max(args.ours_steps, mesa_steps)
        ours_rate, ours_active, ours_jailed = time_ours(size, ours_steps, args.seed, mesa_steps)
        mesa = (mesa_steps, mesa_rate, mesa_active, mesa_jailed)
        ours = (ours_steps, ours_rate, ours_active, ours_jailed)
        rows.append((size, *mesa, *ours))

    print(
        "| grid | Mesa steps timed | Mesa steps/s | ours steps timed | ours steps/s | speed-up "
        "| target | Mesa mean active / jailed | ours, same steps |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, ms, mr, ma, mj, os_, orate, oa, oj in rows:
        target = TARGETS.get(size)
        ratio = orate / mr
        verdict = ""
        if target is not None:
            verdict = f">= {target:.0f}x {'met' if ratio >= target else 'MISSED'}"
        print(
            f"| {size}x{size} | {ms} | {mr:,.2f} | {os_} | {orate:,.0f} | {ratio:,.0f}x "
            f"| {verdict} | {ma:.1f} / {mj:.1f} | {oa:.1f} / {oj:.1f} |"
        )


if __name__ == "__main__":
    main()

"""Triggering events as SimPy processes on an environment advanced in lockstep with the weeks.

Week ``w`` (1-based) is the interval [w - 1, w) of SimPy time. The model advances the
environment to ``w`` at the start of week ``w``, so everything that happens during the week
takes effect before the actors decide. Scheduled triggers (elections, censuses) fire at the
start of their week; random triggers are Poisson processes with exponential gaps drawn from
their own random stream.
"""

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from scenarios.config.scenario import TriggersSpec

RANDOM_TRIGGERS = ("assassination", "coup_attempt", "economic_shock", "rebel_offensive")


@dataclass
class EventLog:
    """Ordered record of what happened: triggers that fired and steps' transitions."""

    COLUMNS = ("time", "week", "category", "kind", "step_index", "phase", "detail")
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        time: float,
        kind: str,
        detail: str = "",
        category: str = "trigger",
        phase: str = "fired",
        step_index: int = -1,
    ) -> None:
        """Append an entry; ``week`` is the 1-based week the time falls in; ``step_index`` is a
        step's position in its strategy (-1 for triggers)."""
        self.rows.append(
            {
                "time": time,
                "week": int(np.floor(time)) + 1,
                "category": category,
                "kind": kind,
                "step_index": step_index,
                "phase": phase,
                "detail": detail,
            }
        )


def start_triggers(
    env: simpy.Environment,
    spec: TriggersSpec,
    apply: Callable[[str], str],
    rng: np.random.Generator,
    log: EventLog,
    horizon: int,
) -> None:
    """Register a SimPy process per scheduled trigger and per random trigger with a rate > 0.

    Args:
        env: the SimPy environment.
        spec: the scenario's triggers.
        apply: called with the trigger kind when it fires; returns a detail for the log.
        rng: random stream for the gaps between random triggers.
        log: where fired triggers are recorded.
        horizon: last week; random processes stop drawing beyond it.
    """
    for trigger in spec.scheduled:
        if 1 <= trigger.week <= horizon:
            env.process(_scheduled(env, trigger.kind, trigger.week - 1, apply, log))
    for kind in RANDOM_TRIGGERS:
        rate = getattr(spec.rates, kind)
        if rate > 0:
            env.process(_poisson(env, kind, rate, apply, rng, log, horizon))


def _scheduled(
    env: simpy.Environment, kind: str, at: float, apply: Callable[[str], str], log: EventLog
) -> Generator[simpy.Event, None, None]:
    yield env.timeout(at - env.now)
    log.add(env.now, kind, apply(kind))


def _poisson(
    env: simpy.Environment,
    kind: str,
    rate: float,
    apply: Callable[[str], str],
    rng: np.random.Generator,
    log: EventLog,
    horizon: int,
) -> Generator[simpy.Event, None, None]:
    while True:
        yield env.timeout(rng.exponential(1.0 / rate))
        if env.now >= horizon:
            return
        log.add(env.now, kind, apply(kind))

"""Triggering events (docs/model.md 7.1): when they happen, and what each kind does.

They are SimPy processes on an environment advanced in lockstep with the weeks. Week ``w``
(1-based) is the interval [w - 1, w) of SimPy time. The model advances the environment to ``w``
at the start of week ``w``, so everything that happens during the week takes effect before the
actors decide. Scheduled triggers (elections, censuses) fire at the start of their week; random
triggers are Poisson processes with exponential gaps drawn from their own random stream.
"""

from collections.abc import Callable, Generator, Sequence
from typing import Protocol

import numpy as np
import simpy

from scenarios.boundary.modifiers import REBEL
from scenarios.config.behaviour import ThreatRules, ViolenceRules
from scenarios.config.scenario import TriggersSpec
from scenarios.model.event_log import EventLog

RANDOM_TRIGGERS = ("assassination", "coup_attempt", "economic_shock", "rebel_offensive")


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


class Shocked(Protocol):
    """What a trigger changes of the regime."""

    legitimacy: float
    threat_shock: float
    propaganda_shock: float
    hardship_shock: float


class Forces(Protocol):
    """What a trigger reads and changes of an armed actor."""

    kind: str
    side: int
    personnel: float
    cohesion: float


def apply_trigger(
    kind: str,
    regime: Shocked,
    ideology: float,
    democracy: bool,
    factional: bool,
    actors: Sequence[Forces],
    rng: np.random.Generator,
    threat_rules: ThreatRules,
    violence_rules: ViolenceRules,
) -> tuple[str, int]:
    """Apply a trigger's effect to the regime and the armed actors.

    Args:
        kind: the trigger.
        regime: the regime (its shocks change).
        ideology: the regime's exclusionary ideology (scales propaganda shocks).
        democracy: whether the regime is a democracy (elections weigh less).
        factional: whether it is a factional anocracy (every threat shock weighs
            ``1 + factional_instability`` times more; Goldstone et al. 2010).
        actors: the armed actors (a coup splits state forces; an offensive needs rebels).
        rng: the events' stream (an election's result).
        threat_rules, violence_rules: the rules' parameters.

    Returns:
        A detail for the event log, and the weeks of rebel offensive it starts (0 if none).
    """
    rules = threat_rules
    amplify = 1.0 + rules.factional_instability if factional else 1.0
    if kind == "election":
        lost = rng.random() < 1.0 - regime.legitimacy
        scale = rules.democracy_election_scale if democracy else 1
        regime.threat_shock += (
            rules.election_threat * scale * (1.0 if lost else rules.election_win_share) * amplify
        )
        regime.propaganda_shock += rules.election_propaganda * ideology
        return ("incumbent lost" if lost else "incumbent won"), 0
    if kind == "census":
        regime.propaganda_shock += rules.census_propaganda * ideology
        return "", 0
    if kind == "assassination":
        regime.threat_shock += rules.assassination_threat * amplify
        regime.propaganda_shock += rules.assassination_propaganda * ideology
        return "", 0
    if kind == "coup_attempt":
        regime.threat_shock += rules.coup_threat * amplify
        for actor in actors:
            if actor.kind == "state_forces":
                actor.cohesion *= 1.0 - rules.coup_cohesion_loss
        return "", 0
    if kind == "economic_shock":
        regime.hardship_shock += rules.economic_shock_hardship
        return "", 0
    if kind == "rebel_offensive":
        if not any(a.side == REBEL and a.personnel > 0 for a in actors):
            return "no rebel actor", 0
        regime.threat_shock += rules.offensive_threat * amplify
        return "", violence_rules.offensive_weeks
    raise ValueError(f"unknown trigger kind {kind!r}")

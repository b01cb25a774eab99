"""Armed actors' choices (docs/model.md 7.3): whom to target, and restraint, selective
repression or mass violence.

The choice follows the strategic logic of mass killing (Valentino 2004): leaders turn to it
against threats they believe they cannot meet otherwise, when they hold an exclusionary ideology
and expect little cost, and only if they have the capacity. It is a random-utility choice, one
Gumbel draw per action and actor each week.
"""

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from scenarios.boundary.modifiers import REBEL, Modifiers
from scenarios.config.behaviour import DecisionRules, ThreatRules


class Action(IntEnum):
    """What an armed actor does this week."""

    RESTRAINT = 0
    SELECTIVE = 1
    MASS = 2


@dataclass(frozen=True)
class Situation:
    """What an armed actor weighs when it chooses, all in model units.

    Attributes:
        threat: perceived threat (0 = none; about 1 = existential).
        ideology: exclusionary ideology of its leaders, 0-1.
        exposure: mean propaganda exposure of its own group, 0-1.
        expected_cost: expected outside cost of mass violence.
        constraint: institutional constraint against mass violence (utility).
        prior_atrocity: whether the country has a prior atrocity.
        upheaval: political upheaval, 0-1.
        capable: whether it has the capacity to mount mass violence.
        entrenchment: extra commitment to a campaign already begun (e.g. after an ICC referral).
    """

    threat: float
    ideology: float
    exposure: float
    expected_cost: float
    constraint: float
    prior_atrocity: bool
    upheaval: float
    capable: bool
    entrenchment: float = 0.0


def action_utilities(situation: Situation, previous: Action, rules: DecisionRules) -> np.ndarray:
    """Utilities of (restraint, selective repression, mass violence).

    Restraint is the zero point. Mass violence is additive in risk factors, minus expected cost,
    institutional constraint and a fixed barrier; an actor without capacity cannot choose it.
    Continuing last week's action earns ``rules.commitment``, or ``rules.campaign_commitment``
    for a campaign of mass violence.
    """
    s = situation
    selective = rules.threat_weight_selective * s.threat - rules.barrier_selective
    mass = (
        rules.threat_weight_mass * s.threat
        + rules.ideology_weight * s.ideology
        + rules.exposure_weight * s.exposure
        + rules.prior_atrocity_weight * s.prior_atrocity
        + rules.upheaval_weight * s.upheaval
        - rules.cost_weight * s.expected_cost
        - s.constraint
        - rules.barrier_mass
    )
    utilities = np.array([0.0, selective, mass])
    utilities[int(previous)] += (
        rules.campaign_commitment + s.entrenchment if previous == Action.MASS else rules.commitment
    )
    if not s.capable:
        utilities[Action.MASS] = -np.inf
    return utilities


def choose(utilities: np.ndarray, gumbel: np.ndarray, rules: DecisionRules) -> Action:
    """Random-utility choice: the action with the highest utility + noise x Gumbel draw."""
    return Action(int((utilities + rules.noise * gumbel).argmax()))


def choose_target(
    side: int, ruling: int, non_ruling: np.ndarray, present: np.ndarray, mobilised: np.ndarray
) -> int:
    """The civilian group an actor acts against.

    Rebels target the ruling group; the government side targets the non-ruling group with the
    most mobilised members (ties: the largest present, then the first).
    """
    if side == REBEL:
        return ruling
    candidates = np.flatnonzero(non_ruling)
    if candidates.size == 1:
        return int(candidates[0])
    support = mobilised[candidates].sum(axis=1)
    size = present[candidates].sum(axis=1)
    return int(candidates[np.lexsort((-size, -support))[0]])


def capable(strength: float, targets: float, rules: DecisionRules) -> bool:
    """Whether an actor with ``strength`` effective fighters can mount mass violence against
    ``targets`` present persons: at least ``capacity_floor`` fighters per 1,000 of them."""
    return bool(targets > 0 and strength >= rules.capacity_floor * targets / 1000.0)


def rebel_situation(
    ideology: float,
    exposure: float,
    killed_share: float,
    expected_cost: float,
    is_capable: bool,
    rules: ThreatRules,
) -> Situation:
    """A rebel group's situation: its threat is the share of its group that government-side
    actors killed in the last ``rebel_memory_weeks`` weeks (revenge and self-defence)."""
    return Situation(
        threat=rules.rebel_threat_per_death * killed_share,
        ideology=ideology,
        exposure=exposure,
        expected_cost=expected_cost,
        constraint=0.0,
        prior_atrocity=False,
        upheaval=0.0,
        capable=is_capable,
    )


def institutional_constraint(kind: str, regime_type: str, rules: DecisionRules) -> float:
    """Restraint that institutions put on state forces (militias answer to none)."""
    if kind != "state_forces":
        return 0.0
    return {
        "democracy": rules.democracy_constraint,
        "anocracy": rules.anocracy_constraint,
        "autocracy": 0.0,
    }[regime_type]


def government_situation(
    threat: float,
    ideology: float,
    exposure: float,
    expected_cost: float,
    constraint: float,
    prior_atrocity: bool,
    upheaval: float,
    is_capable: bool,
    modifiers: Modifiers,
    cost_sensitivity: float,
) -> Situation:
    """A government-side actor's situation: the regime's threat, the stronger of the regime's
    and its own ideology, the regime's expected cost (plus what outside action adds, times the
    regime's cost sensitivity) and entrenchment."""
    return Situation(
        threat=threat,
        ideology=ideology,
        exposure=exposure,
        expected_cost=expected_cost + modifiers.expected_cost * cost_sensitivity,
        constraint=constraint,
        prior_atrocity=prior_atrocity,
        upheaval=upheaval,
        capable=is_capable,
        entrenchment=modifiers.entrenchment,
    )

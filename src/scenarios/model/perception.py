"""Perception (docs/model.md 7.2, 7.9, 7.10): the threat the regime sees, the legitimacy each
group grants it, and the risk civilians see in acting."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import CivilianRules
from scenarios.model.outcomes import DeathLedger


class Fighters(Protocol):
    """What perception reads of an armed actor."""

    side: int
    strength: float
    effective_deployment: np.ndarray


def side_strength(actors: Sequence[Fighters], side: int) -> float:
    """Effective fighters of one side."""
    return sum(a.strength for a in actors if a.side == side)


def rebel_balance(actors: Sequence[Fighters]) -> float:
    """The rebels' share of both sides' effective fighters (0 if there are none)."""
    government, rebels = side_strength(actors, GOVERNMENT), side_strength(actors, REBEL)
    return rebels / (government + rebels) if government + rebels > 0 else 0.0


def civilian_support(present: np.ndarray, mobilised: np.ndarray, non_ruling: np.ndarray) -> float:
    """Share of the non-ruling groups' present members who are mobilised."""
    opposed = present[non_ruling].sum()
    return mobilised[non_ruling].sum() / opposed if opposed > 0 else 0.0


def recent_share_killed_by_government(
    ledger: DeathLedger, group: int, week: int, memory: int, initial_persons: np.ndarray
) -> float:
    """Share of ``group``'s initial members killed by government-side actors in the ``memory``
    weeks before ``week``."""
    recent = ledger.deaths[max(0, week - memory) : week]
    killed = recent[:, ledger.actor_sides == GOVERNMENT, group].sum()
    return killed / initial_persons[group]


def group_legitimacy(
    legitimacy: float,
    exclusion: float,
    non_ruling: np.ndarray,
    added: float,
    ledger: DeathLedger,
    initial_persons: np.ndarray,
    rules: CivilianRules,
) -> np.ndarray:
    """(groups,) legitimacy of the regime in each group's eyes.

    Non-ruling groups discount the regime's ``legitimacy`` by its ``exclusion`` and add what
    outside action ``added``; each group discounts it further by the share of its members killed
    by government-side actors.
    """
    values = np.full(len(non_ruling), legitimacy)
    values[non_ruling] *= 1.0 - exclusion
    values[non_ruling] += added
    killed = ledger.deaths[:, ledger.actor_sides == GOVERNMENT].sum(axis=(0, 1))
    share = killed / initial_persons
    loss = rules.victimisation_legitimacy_loss * share
    return np.clip(values - loss, 0.0, 1.0)


def perceived_risk(
    actors: Sequence[Fighters],
    mobilised: np.ndarray,
    non_ruling: np.ndarray,
    rules: CivilianRules,
) -> np.ndarray:
    """(groups, districts) Epstein's P = 1 - exp(-k C/A) of mobilising.

    C is the opposing side's effective fighters in the district times their deterrence reach;
    A is the group's mobilised persons there plus the person deciding (so P does not depend on
    how many persons a row stands for).
    """
    n_districts = mobilised.shape[1]
    opposing = np.zeros_like(mobilised)
    for side in (GOVERNMENT, REBEL):
        fighters = sum(
            (a.effective_deployment for a in actors if a.side == side), np.zeros(n_districts)
        )
        against = non_ruling if side == GOVERNMENT else ~non_ruling
        opposing[against] += fighters
    ratio = rules.deterrence_reach * opposing / (mobilised + 1.0)
    return 1.0 - np.exp(-rules.arrest_k * ratio)

"""Recruitment and supply (docs/model.md 7.12): militias and rebels recruit from their group's
mobilised members (rebels also in refugee camps abroad), DDR demobilises them, a military
intervention wears down government-side fighters, and arms are used up and resupplied."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, Modifiers
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action


class Recruiter(Protocol):
    """What recruitment reads and changes of an armed actor."""

    name: str
    kind: str
    side: int
    group: int
    personnel: float
    action: Action
    deployment: np.ndarray

    def lose(self, losses_by_district: np.ndarray) -> None:
        """Remove fighters put out of action."""
        ...

    def resupply(self, used: float, inflow_factor: float = 1.0) -> None:
        """Use up and resupply arms."""
        ...


def recruit_and_resupply(
    actors: Sequence[Recruiter],
    mobilised: np.ndarray,
    refugees: np.ndarray,
    fought: set[str],
    modifiers: Modifiers,
    camp_recruitment: float,
    arms_inflow: np.ndarray,
    rules: ViolenceRules,
) -> None:
    """One week of recruitment, demobilisation, attrition and arms for every actor.

    Args:
        actors: the armed actors, in order.
        mobilised: (groups, districts) mobilised persons at the start of the week.
        refugees: (groups, districts) persons abroad at the start of the week.
        fought: names of the actors that fought this week (they use arms).
        modifiers: this week's outside action (moral hazard, DDR, attrition).
        camp_recruitment: fighters a rebel group gains per refugee of its group per week.
        arms_inflow: (sides,) factor on each side's arms resupply (what leaks past an embargo).
        rules: violence rules.
    """
    for actor in actors:
        if actor.kind != "state_forces":
            boost = 1.0 + (modifiers.rebel_emboldening if actor.side == REBEL else 0.0)
            actor.personnel += rules.recruitment * boost * mobilised[actor.group].sum()
            if actor.side == REBEL:
                actor.personnel += camp_recruitment * refugees[actor.group].sum()
            actor.personnel *= 1.0 - modifiers.demobilisation
        if actor.side == GOVERNMENT and modifiers.government_attrition > 0:
            actor.lose(actor.deployment * modifiers.government_attrition)
        used = rules.arms_use if (actor.name in fought or actor.action == Action.MASS) else 0.0
        actor.resupply(used, arms_inflow[actor.side])

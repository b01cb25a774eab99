"""Recruitment and supply (docs/model.md 7.12): militias and rebels recruit from their group's
mobilised members (rebels also in refugee camps abroad), DDR demobilises them, a military
intervention wears down government-side fighters, and arms are used up and resupplied."""

import numba
import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, Modifiers
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action
from scenarios.model.forces import STATE_FORCES, ArmedForces
from scenarios.model.kernels import numpy_sum


def recruit_and_resupply(
    forces: ArmedForces,
    mobilised: np.ndarray,
    refugees: np.ndarray,
    fought: np.ndarray,
    modifiers: Modifiers,
    camp_recruitment: float,
    arms_inflow: np.ndarray,
    rules: ViolenceRules,
) -> None:
    """One week of recruitment, demobilisation, attrition and arms for every actor.

    Args:
        forces: the armed actors (personnel, deployment and arms are updated).
        mobilised: (groups, districts) mobilised persons at the start of the week.
        refugees: (groups, districts) persons abroad at the start of the week.
        fought: (actors,) whether each actor fought this week (it uses arms).
        modifiers: this week's outside action (moral hazard, DDR, attrition, and the
            ``resources`` sanctions leave each side, which scale militia and rebel recruitment).
        camp_recruitment: fighters a rebel group gains per refugee of its group per week.
        arms_inflow: (sides,) factor on each side's arms resupply (what leaks past an embargo,
            times what sanctions leave of its resources).
        rules: violence rules.
    """
    _recruit_and_resupply(
        forces.kind,
        forces.side,
        forces.group,
        forces.action,
        forces.personnel,
        forces.deployment,
        forces.arms,
        forces.arms_inflow,
        np.ascontiguousarray(mobilised),
        np.ascontiguousarray(refugees),
        fought,
        modifiers.rebel_emboldening,
        modifiers.demobilisation,
        modifiers.government_attrition,
        camp_recruitment,
        arms_inflow,
        modifiers.resources,
        rules.recruitment,
        rules.arms_use,
    )


@numba.njit(cache=True, nogil=True)
def _recruit_and_resupply(
    kind, side, group, action, personnel, deployment, arms, inflow, mobilised, refugees, fought,
    emboldening, demobilisation, attrition, camp_recruitment, arms_inflow, resources, recruitment,
    arms_use,
):  # fmt: skip
    for a in range(side.size):
        if kind[a] != STATE_FORCES:
            boost = 1.0 + (emboldening if side[a] == REBEL else 0.0)
            boost *= resources[side[a]]
            personnel[a] += recruitment * boost * numpy_sum(mobilised[group[a]])
            if side[a] == REBEL:
                personnel[a] += camp_recruitment * numpy_sum(refugees[group[a]])
            personnel[a] *= 1.0 - demobilisation
        if side[a] == GOVERNMENT and attrition > 0:
            lost = np.minimum(deployment[a] * attrition, deployment[a])
            deployment[a] = deployment[a] - lost
            personnel[a] = max(0.0, personnel[a] - numpy_sum(lost))
        used = arms_use if (fought[a] or action[a] == Action.MASS) else 0.0
        supplied = inflow[a] * arms_inflow[side[a]]
        arms[a] = min(1.0, max(0.0, arms[a] * (1.0 - used) + supplied))

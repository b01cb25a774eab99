"""Perception (docs/model.md 7.2, 7.9, 7.10): the threat the regime sees, the legitimacy each
group grants it, and the risk civilians see in acting."""

import numba
import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import CivilianRules
from scenarios.model.decisions import Action
from scenarios.model.forces import MILITIA, ArmedForces
from scenarios.model.outcomes import DeathLedger

SELECTIVE = int(Action.SELECTIVE)


def side_strength(forces: ArmedForces, side: int) -> float:
    """Effective fighters of one side (added actor by actor, in order)."""
    return sum(forces.strength()[forces.side == side].tolist())


def civilian_support(present: np.ndarray, mobilised: np.ndarray, non_ruling: np.ndarray) -> float:
    """Share of the non-ruling groups' present members who are mobilised."""
    opposed = present[non_ruling].sum()
    return mobilised[non_ruling].sum() / opposed if opposed > 0 else 0.0


def recent_share_killed_by_government(
    ledger: DeathLedger, group: int, week: int, memory: int, initial_persons: np.ndarray
) -> float:
    """Share of ``group``'s initial members killed by government-side actors in the ``memory``
    weeks before ``week``."""
    if not ledger.any_deaths:
        return 0.0
    return ledger.recent_killed(GOVERNMENT, group, week - memory, week) / initial_persons[group]


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
    killed = ledger.killed_by_side(GOVERNMENT)
    return _group_legitimacy(
        legitimacy,
        exclusion,
        non_ruling,
        added,
        killed,
        initial_persons,
        rules.victimisation_legitimacy_loss,
    )


@numba.njit(cache=True, nogil=True)
def _group_legitimacy(legitimacy, exclusion, non_ruling, added, killed, initial, loss_per_share):
    values = np.full(non_ruling.size, legitimacy)
    for g in range(non_ruling.size):
        if non_ruling[g]:
            values[g] = values[g] * (1.0 - exclusion) + added
        loss = loss_per_share * (killed[g] / initial[g])
        values[g] = min(max(values[g] - loss, 0.0), 1.0)
    return values


@numba.njit(cache=True, nogil=True)
def control(side, cohesion, deployment):
    """(sides, districts) each side's control of each district: its share of the fighters
    there (deployed personnel x cohesion, every actor); one half each where neither has any."""
    n_districts = deployment.shape[1]
    fighters = np.zeros((2, n_districts))
    for a in range(side.size):
        fighters[side[a]] += deployment[a] * cohesion[a]
    held = np.full((2, n_districts), 0.5)
    for d in range(n_districts):
        both = fighters[GOVERNMENT, d] + fighters[REBEL, d]
        if both > 0:
            held[GOVERNMENT, d] = fighters[GOVERNMENT, d] / both
            held[REBEL, d] = fighters[REBEL, d] / both
    return held


def perceived_risk(
    forces: ArmedForces,
    mobilised: np.ndarray,
    non_ruling: np.ndarray,
    rules: CivilianRules,
    selective_deterrence: float = 0.0,
) -> np.ndarray:
    """(groups, districts) Epstein's P = 1 - exp(-k C/A) of mobilising.

    C is the opposing side's forces of order in the district (fighters who carry out orders:
    personnel x cohesion) times their deterrence reach. As Epstein's C counts cops, it counts
    state forces against the non-ruling groups and rebels against the ruling group; militias
    are no force of order (they add danger and fear, not deterrence), and arms govern combat
    and killing, not the count. A is the group's mobilised persons there plus the person
    deciding (so P does not depend on how many persons a row stands for).

    Selective repression deters where the actor holds the district (Kalyvas 2006: violence
    follows control, and selective violence deters collaboration with the enemy): a force of
    order on that rung counts ``1 + selective_deterrence x control`` times.
    """
    ratio = _deterrence_ratio(
        forces.side,
        forces.kind,
        forces.action,
        forces.cohesion,
        forces.deployment,
        np.ascontiguousarray(mobilised),
        non_ruling,
        rules.deterrence_reach,
        selective_deterrence,
    )
    return 1.0 - np.exp(-rules.arrest_k * ratio)  # numpy's exp (numba's differs in the last bit)


@numba.njit(cache=True, nogil=True)
def _deterrence_ratio(
    side, kind, action, cohesion, deployment, mobilised, non_ruling, reach, selective
):  # fmt: skip
    """(groups, districts) reach x opposing forces of order / (mobilised + 1)."""
    n_groups, n_districts = mobilised.shape
    fighters = np.zeros((2, n_districts))
    held = control(side, cohesion, deployment)
    for a in range(side.size):
        if kind[a] == MILITIA:
            continue
        if action[a] == SELECTIVE and selective > 0:
            fighters[side[a]] += deployment[a] * cohesion[a] * (1.0 + selective * held[side[a]])
        else:
            fighters[side[a]] += deployment[a] * cohesion[a]
    ratio = np.empty((n_groups, n_districts))
    for g in range(n_groups):
        opposing = fighters[GOVERNMENT] if non_ruling[g] else fighters[REBEL]
        for d in range(n_districts):
            ratio[g, d] = reach * opposing[d] / (mobilised[g, d] + 1.0)
    return ratio

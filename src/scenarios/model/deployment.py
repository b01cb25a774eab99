"""Deployment (docs/model.md 7.4): where each armed actor puts its fighters this week.

An actor waging mass violence goes where its target group is (with a garrison everywhere);
otherwise state forces spread over the population and towards hostile districts, militias stay
among their own group near the target group, and rebels stay among their own group, drawn to
where it is mobilised. Each actor spreads its personnel in proportion to these weights (evenly
if they are all zero).

The loop is compiled; its sums are added in numpy's order (:func:`numpy_sum`), so it gives
bitwise what the same statements in numpy give.
"""

import numba
import numpy as np

from scenarios.boundary.modifiers import REBEL
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action
from scenarios.model.forces import MILITIA, STATE_FORCES, ArmedForces
from scenarios.model.kernels import numpy_sum


def deploy_all(
    forces: ArmedForces,
    present: np.ndarray,
    mobilised: np.ndarray,
    non_ruling: np.ndarray,
    rules: ViolenceRules,
) -> None:
    """Deploy every actor, in order; state forces go after where rebels were last week.

    Args:
        forces: the armed actors (their ``deployment`` is set).
        present: (groups, districts) persons present.
        mobilised: (groups, districts) persons mobilised.
        non_ruling: (groups,) mask of the groups outside the ruling group.
        rules: violence rules (garrison share, support pull).
    """
    _deploy(
        forces.kind,
        forces.side,
        forces.group,
        forces.target,
        forces.action,
        forces.personnel,
        forces.deployment,
        np.ascontiguousarray(present),
        np.ascontiguousarray(mobilised),
        non_ruling,
        rules.garrison_share,
        rules.support_pull,
    )


@numba.njit(cache=True, nogil=True)
def _deploy(
    kind, side, group, target, action, personnel, deployment, present, mobilised, non_ruling,
    garrison, pull,
):  # fmt: skip
    n_groups, n_districts = present.shape
    total = present[0].copy()
    for g in range(1, n_groups):
        total += present[g]
    rebel_presence = np.zeros(n_districts)
    for a in range(side.size):
        if side[a] == REBEL:
            rebel_presence += deployment[a]
    for a in range(side.size):
        own = present[group[a]]
        goal = present[target[a]] if target[a] >= 0 else total
        if action[a] == Action.MASS:
            weights = goal + garrison * (numpy_sum(total) / n_districts)
        elif kind[a] == STATE_FORCES:
            hostile = np.zeros(n_districts)
            first = True
            for g in range(n_groups):
                if non_ruling[g]:
                    if first:
                        hostile[:] = mobilised[g]
                        first = False
                    else:
                        hostile += mobilised[g]
            hostile = hostile + rebel_presence
            hostile_total = numpy_sum(hostile)
            weights = total / max(numpy_sum(total), 1.0)
            if hostile_total > 0:
                weights = weights + hostile / hostile_total
        elif kind[a] == MILITIA:
            weights = own * (goal + garrison * (numpy_sum(goal) / n_districts))
        else:
            share = np.zeros(n_districts)
            for d in range(n_districts):
                if own[d] > 0:
                    share[d] = mobilised[group[a], d] / own[d]
            weights = own * (1.0 + pull * share)
        weight_total = numpy_sum(weights)
        if weight_total > 0:
            deployment[a] = personnel[a] * (weights / weight_total)
        else:
            deployment[a] = personnel[a] * (1.0 / n_districts)

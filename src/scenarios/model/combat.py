"""Combat (docs/model.md 7.5): government and rebel fighters in the same district wear each
other down, by Lanchester's aimed-fire law.

The loop is compiled; its sums are added in numpy's order, so it gives bitwise what the same
statements in numpy give.
"""

import numba
import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.forces import ArmedForces
from scenarios.model.kernels import numpy_sum


def fight(forces: ArmedForces, offensive: bool, rules: ViolenceRules) -> np.ndarray:
    """Fight in every district both sides hold; return (actors,) whether each actor fought.

    Each side's losses in a district are ``combat_rate`` x the enemy's effective fighters there,
    shared among its actors by their effective fighters; an actor loses at most what it has
    there. Rebels on the offensive fight with ``1 + offensive_boost`` times their strength.
    """
    boost = 1.0 + (rules.offensive_boost if offensive else 0.0)
    return _fight(
        forces.side,
        forces.personnel,
        forces.cohesion,
        forces.arms,
        forces.deployment,
        boost,
        rules.combat_rate,
    )


@numba.njit(cache=True, nogil=True)
def _fight(side, personnel, cohesion, arms, deployment, boost, combat_rate):  # fmt: skip
    n_actors, n_districts = deployment.shape
    fought = np.zeros(n_actors, dtype=np.bool_)
    strength = np.empty_like(deployment)
    totals = np.zeros((2, n_districts))
    present = np.zeros(2, dtype=np.bool_)
    for a in range(n_actors):
        factor = boost if side[a] == REBEL else 1.0
        strength[a] = deployment[a] * cohesion[a] * arms[a] * factor
        if present[side[a]]:
            totals[side[a]] += strength[a]
        else:
            totals[side[a]] = strength[a]
            present[side[a]] = True
    if not (present[GOVERNMENT] and present[REBEL]):
        return fought
    contested = (totals[GOVERNMENT] > 0) & (totals[REBEL] > 0)
    if not contested.any():
        return fought
    for own_side, enemy in ((GOVERNMENT, REBEL), (REBEL, GOVERNMENT)):
        losses = np.where(contested, combat_rate * totals[enemy], 0.0)
        for a in range(n_actors):
            if side[a] != own_side:
                continue
            share = np.zeros(n_districts)
            for d in range(n_districts):
                if totals[own_side, d] > 0:
                    share[d] = strength[a, d] / totals[own_side, d]
            taken = losses * share
            if numpy_sum(taken) > 0:
                fought[a] = True
            lost = np.minimum(taken, deployment[a])
            deployment[a] = deployment[a] - lost
            personnel[a] = max(0.0, personnel[a] - numpy_sum(lost))
    return fought

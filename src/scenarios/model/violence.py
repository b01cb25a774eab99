"""Violence against civilians (docs/model.md 7.6): this week's killing rates of each actor, the
persons they kill (expected-value killing: row weights are thinned, nothing is drawn), and the
attribution of the deaths to the actors in proportion to their rates."""

import numba
import numpy as np

from scenarios.boundary.modifiers import Modifiers
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action
from scenarios.model.forces import ArmedForces
from scenarios.model.perception import control
from scenarios.model.population import MOBILISED, PRESENT, Population


def killing_rates(
    forces: ArmedForces,
    census: np.ndarray,
    modifiers: Modifiers,
    rules: ViolenceRules,
    campaign: np.ndarray | None = None,
) -> np.ndarray:
    """(actors, groups, districts, statuses) each actor's chance of killing each person.

    Mass violence strikes every present member of the target group, selective repression its
    mobilised members, as far as the actor controls the district (its information on who they
    are comes with control; Kalyvas 2006); the expected kills in a district are lethality x
    effective fighters x targets / (targets + saturation), scaled down by protection against
    the actor's side and by the district's kill multiplier. The lethality of mass violence is
    multiplied by the actor's ``campaign`` factor (its campaign's intensity and participation;
    default: full intensity). (A compiled loop.)
    """
    if campaign is None:
        campaign = np.ones(len(forces))
    return _killing_rates(
        forces.side,
        forces.target,
        forces.action,
        forces.cohesion,
        forces.arms,
        forces.deployment,
        census,
        modifiers.protection,
        modifiers.kill_multiplier,
        rules.lethality_mass,
        rules.lethality_selective,
        rules.target_saturation,
        campaign,
    )


@numba.njit(cache=True, nogil=True)
def _killing_rates(
    side, target, action, cohesion, arms, deployment, census, protection, kill_multiplier,
    lethality_mass, lethality_selective, saturation, campaign,
):  # fmt: skip
    n_groups, n_districts, n_status = census.shape
    n_actors = side.size
    rates = np.zeros((n_actors, n_groups, n_districts, n_status))
    held = control(side, cohesion, deployment)
    for a in range(n_actors):
        g = target[a]
        if action[a] == Action.RESTRAINT or g < 0:
            continue
        mass = action[a] == Action.MASS
        lethality = lethality_mass * campaign[a] if mass else lethality_selective
        for d in range(n_districts):
            if mass:
                targets = 0.0
                for status in PRESENT:
                    targets += census[g, d, status]
            else:
                targets = census[g, d, MOBILISED]
            effective = deployment[a, d] * cohesion[a] * arms[a]
            informed = 1.0 if mass else held[side[a], d]  # selective: information with control
            expected = lethality * informed * effective * targets / (targets + saturation)
            expected *= (1.0 - protection[side[a], d]) * kill_multiplier[d]
            per_person = expected / targets if targets > 0 else 0.0
            if mass:
                for status in PRESENT:
                    rates[a, g, d, status] += per_person
            else:
                rates[a, g, d, MOBILISED] += per_person
    return rates


def kill(
    population: Population,
    rates: np.ndarray,
    violence_rng: np.random.Generator,
    attribution_rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Kill civilians at the summed rates, capped at 1, and attribute the deaths to the actors.

    Expected-value killing (:meth:`Population.kill`): every row at risk loses its weight x its
    cell's probability, so deaths do not come in lumps of one row (of persons/rows people). A
    cell's deaths are split among the actors in proportion to their rates in it. Nothing is
    drawn: ``violence_rng`` and ``attribution_rng`` are left untouched (the model still spawns
    them, so its other streams are unchanged).

    Returns:
        (actors, groups) persons killed by each actor, and (groups, districts) persons killed.
    """
    n_actors, n_groups, n_districts, _ = rates.shape
    if not rates.any():
        return np.zeros((n_actors, n_groups)), np.zeros((n_groups, n_districts))
    by_status = population.kill(np.minimum(rates.sum(axis=0), 1.0))
    return _attribute(rates, by_status), by_status.sum(axis=2)


@numba.njit(cache=True, nogil=True)
def _attribute(rates, deaths):
    """(actors, groups) each actor's share of the (groups, districts, statuses) ``deaths``: its
    rate over the summed rates of the cell (float64; the shares sum to the cell's deaths)."""
    n_actors, n_groups, n_districts, n_status = rates.shape
    by_actor = np.zeros((n_actors, n_groups))
    for g in range(n_groups):
        for d in range(n_districts):
            for s in range(n_status):
                dead = deaths[g, d, s]
                if dead > 0.0:
                    total = 0.0
                    for a in range(n_actors):
                        total += rates[a, g, d, s]
                    for a in range(n_actors):
                        by_actor[a, g] += dead * (rates[a, g, d, s] / total)
    return by_actor

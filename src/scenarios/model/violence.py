"""Violence against civilians (docs/model.md 7.6): this week's killing rates of each actor, the
draws of who is killed, and the attribution of each death to one perpetrator."""

import numba
import numpy as np

from scenarios.boundary.modifiers import Modifiers
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action
from scenarios.model.forces import ArmedForces
from scenarios.model.population import MOBILISED, N_STATUS, PRESENT, Population


def killing_rates(
    forces: ArmedForces,
    census: np.ndarray,
    modifiers: Modifiers,
    rules: ViolenceRules,
    campaign: np.ndarray | None = None,
) -> np.ndarray:
    """(actors, groups, districts, statuses) each actor's chance of killing each person.

    Mass violence strikes every present member of the target group, selective repression its
    mobilised members; the expected kills in a district are lethality x effective fighters x
    targets / (targets + saturation), scaled down by protection against the actor's side and
    by the district's kill multiplier. The lethality of mass violence is multiplied by the
    actor's ``campaign`` factor (its campaign's intensity and participation; default: full
    intensity). (A compiled loop.)
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
            expected = lethality * effective * targets / (targets + saturation)
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
    """Kill civilians at the summed rates and attribute each death to one actor.

    A death is attributed to an actor with probability its share of the rates in the victim's
    cell (one uniform per death from ``attribution_rng``).

    Returns:
        (actors, groups) persons killed by each actor, and (groups, districts) persons killed.
    """
    n_actors, n_groups, n_districts, _ = rates.shape
    probability = np.minimum(rates.sum(axis=0), 1.0)
    killed, statuses = population.kill(probability, violence_rng)
    deaths = np.zeros((n_actors, n_groups))
    deaths_by_cell = np.zeros((n_groups, n_districts))
    if killed.size:
        key = population.cell[killed] * N_STATUS + statuses
        flat = rates.reshape(n_actors, -1)[:, key]  # (actors, killed)
        cumulative = np.cumsum(flat, axis=0) / flat.sum(axis=0)
        draws = attribution_rng.random(killed.size)
        perpetrator = np.minimum((cumulative < draws).sum(axis=0), n_actors - 1)
        weights = population.weight[killed].astype(np.float64)
        groups = population.group[killed].astype(np.int64)
        np.add.at(deaths, (perpetrator, groups), weights)
        deaths_by_cell = np.bincount(
            population.cell[killed], weights=weights, minlength=n_groups * n_districts
        ).reshape(n_groups, n_districts)
    return deaths, deaths_by_cell

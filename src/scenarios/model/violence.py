"""Violence against civilians (docs/model.md 7.6): this week's killing rates of each actor, the
draws of who is killed, and the attribution of each death to one perpetrator."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from scenarios.boundary.modifiers import Modifiers
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action
from scenarios.model.population import MOBILISED, N_STATUS, PRESENT, Population


class Perpetrator(Protocol):
    """What violence reads of an armed actor."""

    side: int
    target: int
    action: Action
    deployment: np.ndarray
    cohesion: float
    arms: float


def killing_rates(
    actors: Sequence[Perpetrator], census: np.ndarray, modifiers: Modifiers, rules: ViolenceRules
) -> np.ndarray:
    """(actors, groups, districts, statuses) each actor's chance of killing each person.

    Mass violence strikes every present member of the target group, selective repression its
    mobilised members; the expected kills in a district are lethality x effective fighters x
    targets / (targets + saturation), scaled down by protection against the actor's side and
    by the district's kill multiplier.
    """
    n_groups, n_districts, _ = census.shape
    rates = np.zeros((len(actors), n_groups, n_districts, N_STATUS))
    present_cells = list(PRESENT)
    for a, actor in enumerate(actors):
        if actor.action == Action.RESTRAINT or actor.target < 0:
            continue
        effective = actor.deployment * actor.cohesion * actor.arms
        g = actor.target
        if actor.action == Action.MASS:
            targets = census[g][:, present_cells].sum(axis=1)
            lethality, statuses = rules.lethality_mass, present_cells
        else:
            targets = census[g][:, MOBILISED]
            lethality, statuses = rules.lethality_selective, [MOBILISED]
        expected = lethality * effective * targets / (targets + rules.target_saturation)
        expected *= (1.0 - modifiers.protection[actor.side]) * modifiers.kill_multiplier
        per_person = np.divide(expected, targets, out=np.zeros(n_districts), where=targets > 0)
        rates[a, g][:, statuses] += per_person[:, None]
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

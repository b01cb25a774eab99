"""Civilians' response (docs/model.md 7.8-7.11): danger, then fear, propaganda exposure,
grievance and mobilisation row by row, then displacement, flight abroad and return.

The row rules themselves are :class:`~scenarios.model.population.Population`'s (compiled in
:mod:`~scenarios.model.kernels`); this module turns the week's killing, propaganda, legitimacy
and risk into their inputs.
"""

import numba
import numpy as np

from scenarios.config.behaviour import CivilianRules
from scenarios.model.population import Population


def danger_seen(
    deaths_by_cell: np.ndarray, present: np.ndarray, danger: np.ndarray, rules: CivilianRules
) -> tuple[np.ndarray, np.ndarray]:
    """(groups, districts) this week's deaths per 1,000 present persons, and the danger:
    recent killing per 1,000, fading like fear."""
    return _danger_seen(deaths_by_cell, present, danger, rules.fear_decay)


@numba.njit(cache=True, nogil=True)
def _danger_seen(deaths_by_cell, present, danger, fear_decay):
    per_thousand = np.zeros_like(present)
    updated = np.empty_like(danger)
    for g in range(present.shape[0]):
        for d in range(present.shape[1]):
            if present[g, d] > 0:
                per_thousand[g, d] = 1000.0 * deaths_by_cell[g, d] / present[g, d]
            updated[g, d] = (1.0 - fear_decay) * danger[g, d] + per_thousand[g, d]
    return per_thousand, updated


def grievance_factor(
    hardship: np.ndarray, hardship_shock: float, hardship_added: float, legitimacy: np.ndarray
) -> np.ndarray:
    """(groups,) the factor of each row's hardship in its grievance (Epstein 2002):
    group hardship x max(0, 1 + shock + outside action) x (1 - perceived legitimacy)."""
    return hardship * max(0.0, 1.0 + hardship_shock + hardship_added) * (1.0 - legitimacy)


def respond_and_move(
    population: Population,
    per_thousand: np.ndarray,
    propaganda: np.ndarray,
    extra_exposure_decay: float,
    factor: np.ndarray,
    non_ruling: np.ndarray,
    risk: np.ndarray,
    destination: np.ndarray,
    border: np.ndarray,
    rules: CivilianRules,
) -> tuple[np.ndarray, np.ndarray]:
    """Fear, exposure, grievance and mobilisation of every row (7.8-7.10), then displacement,
    flight abroad and return (7.11), in one pass; returns the census after it and each group's
    mean exposure (:meth:`Population.respond_move_and_count`).

    Non-ruling groups mobilise on grievance (against the regime); the ruling group on its
    exposure to propaganda (for it), weighted by ``rules.exposure_weight``. Rows flee towards
    ``destination`` (by cell), abroad where ``border`` is open.
    """
    return population.respond_move_and_count(
        per_thousand,
        propaganda,
        extra_exposure_decay,
        factor,
        non_ruling.astype(float),
        np.where(non_ruling, 0.0, rules.exposure_weight),
        risk,
        destination,
        border,
        rules,
    )


def move_options(neighbours: tuple[np.ndarray, ...] | list[np.ndarray]) -> np.ndarray:
    """(districts, 1 + most neighbours): each district, then its neighbours, padded with itself.

    Padding with the district itself leaves the first minimum of danger unchanged.
    """
    width = 1 + max((n.size for n in neighbours), default=0)
    options = np.repeat(np.arange(len(neighbours))[:, None], width, axis=1)
    for d, around in enumerate(neighbours):
        options[d, 1 : 1 + around.size] = around
    return options


def safest_destinations(
    danger: np.ndarray, safe_areas: np.ndarray, options: np.ndarray
) -> np.ndarray:
    """(groups, districts) the least dangerous of each district and its neighbours.

    Safe areas count as danger 0, so they attract; ties keep people where they are.
    """
    return _safest(danger, safe_areas, options)


@numba.njit(cache=True, nogil=True)
def _safest(danger, safe_areas, options):
    n_groups = danger.shape[0]
    n_districts, width = options.shape
    choice = np.empty((n_groups, n_districts), dtype=np.int64)
    for g in range(n_groups):
        for d in range(n_districts):
            best = options[d, 0]
            lowest = 0.0 if safe_areas[best] else danger[g, best]
            for j in range(1, width):
                option = options[d, j]
                value = 0.0 if safe_areas[option] else danger[g, option]
                if value < lowest:  # the first minimum: stay on ties
                    best, lowest = option, value
            choice[g, d] = best
    return choice

"""Civilians' response (docs/model.md 7.8-7.11): danger, then fear, propaganda exposure,
grievance and mobilisation row by row, then displacement, flight abroad and return.

The row rules themselves are :class:`~scenarios.model.population.Population`'s (compiled in
:mod:`~scenarios.model.kernels`); this module turns the week's killing, propaganda, legitimacy
and risk into their inputs.
"""

import numpy as np

from scenarios.config.behaviour import CivilianRules
from scenarios.model.population import Population


def deaths_per_thousand(deaths_by_cell: np.ndarray, present: np.ndarray) -> np.ndarray:
    """(groups, districts) this week's deaths per 1,000 present persons."""
    return np.divide(
        1000.0 * deaths_by_cell, present, out=np.zeros_like(present), where=present > 0
    )


def updated_danger(
    danger: np.ndarray, per_thousand: np.ndarray, rules: CivilianRules
) -> np.ndarray:
    """(groups, districts) danger: recent killing per 1,000, fading like fear."""
    return (1.0 - rules.fear_decay) * danger + per_thousand


def grievance_factor(
    hardship: np.ndarray, hardship_shock: float, hardship_added: float, legitimacy: np.ndarray
) -> np.ndarray:
    """(groups,) the factor of each row's hardship in its grievance (Epstein 2002):
    group hardship x max(0, 1 + shock + outside action) x (1 - perceived legitimacy)."""
    return hardship * max(0.0, 1.0 + hardship_shock + hardship_added) * (1.0 - legitimacy)


def respond(
    population: Population,
    per_thousand: np.ndarray,
    propaganda: np.ndarray,
    extra_exposure_decay: float,
    factor: np.ndarray,
    non_ruling: np.ndarray,
    risk: np.ndarray,
    rules: CivilianRules,
) -> None:
    """Fear, exposure, grievance and mobilisation of every row (7.8-7.10), in one pass.

    Non-ruling groups mobilise on grievance (against the regime); the ruling group on its
    exposure to propaganda (for it), weighted by ``rules.exposure_weight``.
    """
    population.weekly_rules(
        per_thousand,
        propaganda,
        extra_exposure_decay,
        factor,
        non_ruling.astype(float),
        np.where(non_ruling, 0.0, rules.exposure_weight),
        risk,
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
    danger = np.where(safe_areas, 0.0, danger)
    choice = np.argmin(danger[:, options], axis=2)  # first minimum: stay on ties
    return options[np.arange(options.shape[0]), choice]

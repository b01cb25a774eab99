"""The weekly record (``timeseries.parquet``): every indicator of the registry, computed here.

Each indicator of :data:`scenarios.config.indicators.INDICATORS` has one function below, over
the :class:`WeekEnd` state; the record holds them in the registry's order after the week. A
test fails if the two lists differ.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.indicators import INDICATORS
from scenarios.model.decisions import Action
from scenarios.model.escalation import Ladder
from scenarios.model.forces import ArmedForces
from scenarios.model.population import DISPLACED, FLED, KILLED, MOBILISED, PRESENT_SLICE


@dataclass(frozen=True)
class WeekEnd:
    """The state of the country at the end of a week, as the record reads it.

    Attributes:
        census: (groups, districts, statuses) persons at the end of the week.
        deaths: (actors, groups) persons deliberately killed this week.
        threat: threat the regime perceived this week.
        legitimacy: regime legitimacy in the ruling group.
        propaganda: propaganda intensity this week.
        exposure: (groups,) mean exposure of present members at the start of the week.
        ruling: index of the ruling group; ``non_ruling``: (groups,) mask of the others.
        forces: the armed actors' numbers.
        ladders: each armed actor's escalation ladder.
        atrocity: whether a mass atrocity has been reached.
        massacres: weeks so far with at least ``MASSACRE_DEATHS`` killed.
        attention: international attention this week.
        peacekeepers: (districts,) peacekeepers deployed this week.
        money_spent: money spent by outside actors so far, USD million.
    """

    census: np.ndarray
    deaths: np.ndarray
    threat: float
    legitimacy: float
    propaganda: float
    exposure: np.ndarray
    ruling: int
    non_ruling: np.ndarray
    forces: ArmedForces
    ladders: Sequence[Ladder]
    atrocity: bool
    massacres: int
    attention: float
    peacekeepers: np.ndarray
    money_spent: float


def _fighters(forces: ArmedForces, side: int) -> float:
    """Personnel of one side, added actor by actor."""
    return sum(forces.personnel[forces.side == side].tolist())


def _mobilised_share(s: WeekEnd) -> float:
    others = s.census[s.non_ruling]
    return float(others[:, :, MOBILISED].sum() / max(others[:, :, PRESENT_SLICE].sum(), 1.0))


COMPUTE: dict[str, Callable[[WeekEnd], Any]] = {
    "alive": lambda s: float(s.census[:, :, PRESENT_SLICE].sum()),
    "mobilised": lambda s: float(s.census[:, :, MOBILISED].sum()),
    "displaced": lambda s: float(s.census[:, :, DISPLACED].sum()),
    "refugees": lambda s: float(s.census[:, :, FLED].sum()),
    "killed": lambda s: float(s.census[:, :, KILLED].sum()),
    "deaths_week": lambda s: float(s.deaths.sum()),
    "threat": lambda s: s.threat,
    "legitimacy": lambda s: s.legitimacy,
    "propaganda": lambda s: s.propaganda,
    "exposure_ruling_group": lambda s: float(s.exposure[s.ruling]),
    "government_fighters": lambda s: _fighters(s.forces, GOVERNMENT),
    "rebel_fighters": lambda s: _fighters(s.forces, REBEL),
    "actors_mass_violence": lambda s: int(np.count_nonzero(s.forces.action == Action.MASS)),
    "actors_repressing": lambda s: int(np.count_nonzero(s.forces.action == Action.SELECTIVE)),
    "campaign_intensity": lambda s: max((lad.campaign for lad in s.ladders), default=0.0),
    "escalation_pressure": lambda s: max(
        (lad.pressure / math.exp(lad.log_threshold) for lad in s.ladders), default=0.0
    ),
    "repression_failed": lambda s: max(
        (lad.failure for lad in s.ladders if lad.rung >= Action.SELECTIVE), default=0.0
    ),
    "atrocity": lambda s: s.atrocity,
    "mobilised_share": _mobilised_share,
    "massacres": lambda s: s.massacres,
    "attention": lambda s: s.attention,
    "peacekeepers": lambda s: float(s.peacekeepers.sum()),
    "money_spent": lambda s: s.money_spent,
}
assert list(COMPUTE) == list(INDICATORS), "every registered indicator is computed, in order"


def record_week(week: int, state: WeekEnd) -> dict[str, Any]:
    """One row of the weekly record: the week, then every indicator."""
    return {"week": week, **{name: compute(state) for name, compute in COMPUTE.items()}}

"""What outside actors can see of the country: the weekly record with a lag, and the ground.

:class:`CountryView` is all a step or a stakeholder is given. The record is the model's weekly
record of indicators (``scenarios.config.indicators``), as it stood some weeks ago; the ground
view is what a mission in the country sees at the start of a week (where civilians of each group
are, where killing has been worst); the measures in force are what other steps have declared.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np

from scenarios.boundary.modifiers import MeasuresInForce


class CountryView:
    """The country as outside actors see it.

    Args:
        records: the model's weekly record (one dict per finished week, appended as weeks pass).
        non_ruling: (groups,) True for the groups outside the ruling group.
        present_statuses: civilian statuses that count as present in the country.
        fled_status: the status of those who fled abroad.
        measures: the measures in force.
    """

    def __init__(
        self,
        records: Sequence[dict[str, Any]],
        non_ruling: np.ndarray,
        present_statuses: Sequence[int],
        fled_status: int,
        measures: MeasuresInForce,
    ):
        self._records = records
        self._present = list(present_statuses)
        self._fled = fled_status
        self.non_ruling = non_ruling
        self.measures = measures
        self._census = np.zeros(0)
        self._danger = np.zeros(0)

    def refresh(self, census: np.ndarray, danger: np.ndarray) -> None:
        """Show the start of the next week: the census (groups, districts, statuses) and the
        danger (groups, districts) at the end of the week just simulated."""
        self._census = census
        self._danger = danger

    # -- the record, with a lag ---------------------------------------------------------------

    @property
    def weeks_recorded(self) -> int:
        """Weeks in the record so far."""
        return len(self._records)

    def seen(self, indicator: str, lag: int = 0) -> float | None:
        """The indicator as an observer with a notice ``lag`` (weeks) sees it, or None.

        At the start of week w the last finished week is w - 1; the observer sees week
        w - 1 - lag, and nothing before week 1.
        """
        seen = len(self._records) - lag
        return float(self._records[seen - 1][indicator]) if seen >= 1 else None

    def sees(self, indicator: str, level: float, lag: int = 0) -> bool:
        """Whether the indicator, as seen with ``lag``, is at least ``level``."""
        value = self.seen(indicator, lag)
        return value is not None and value >= level

    # -- the ground, at the start of this week ------------------------------------------------

    @property
    def n_districts(self) -> int:
        """Number of districts."""
        return self._census.shape[1]

    def present_by_group(self) -> np.ndarray:
        """(groups, districts) persons present (alive, in the country)."""
        return self._census[:, :, self._present].sum(axis=2)

    def at_risk_by_district(self) -> np.ndarray:
        """(districts,) persons of the non-ruling groups present."""
        return self._census[self.non_ruling][:, :, self._present].sum(axis=(0, 2))

    def refugees_abroad(self) -> float:
        """Persons who fled abroad (what the neighbouring states host)."""
        return self._census[:, :, self._fled].sum()

    def danger_by_district(self) -> np.ndarray:
        """(districts,) danger (recent killing per 1,000 present, fading) summed over groups."""
        return self._danger.sum(axis=0)

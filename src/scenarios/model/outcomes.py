"""Outcomes of one replication: deliberate civilian deaths and the mass-atrocity flag.

Definition (Early Warning Project, configurable): a mass atrocity happens when the deliberate
actions of one perpetrator side kill at least ``threshold`` civilians of one group within
``window`` weeks. Its onset week is the first week at which that count is reached, i.e. the
week an observer applying the definition would first know.
"""

from dataclasses import dataclass

import numba
import numpy as np

from scenarios.boundary.modifiers import SIDES
from scenarios.config.behaviour import OutcomeSpec


@dataclass
class Atrocity:
    """The first mass atrocity of a run, if any."""

    onset_week: int
    side: str
    group: int


class DeathLedger:
    """Weekly deliberate civilian deaths by perpetrator actor and victim group.

    Args:
        weeks: number of weeks recorded.
        actor_sides: side (0 government, 1 rebel) of each actor, in actor order.
        n_groups: number of identity groups.
        definition: the mass-atrocity definition.
    """

    def __init__(self, weeks: int, actor_sides: list[int], n_groups: int, definition: OutcomeSpec):
        self.definition = definition
        self.actor_sides = np.asarray(actor_sides, dtype=np.int64)
        self.deaths = np.zeros((weeks + 1, len(actor_sides), n_groups))
        self._by_side = np.zeros((weeks + 1, len(SIDES), n_groups))
        self._killed_by_side = np.zeros((len(SIDES), n_groups))  # running totals
        self.any_deaths = False  # whether any week so far had deaths
        self.atrocity: Atrocity | None = None

    def record(self, week: int, deaths: np.ndarray) -> None:
        """Store (actors, groups) deaths of ``week`` and check the definition.

        Weeks must be recorded in increasing order. A week without deaths cannot complete the
        definition: the window's sum of non-negative counts, added in week order, can only fall
        when its first week drops out and a zero joins, so the check is skipped.
        """
        self.deaths[week] = deaths
        if not deaths.any():
            return  # the rows of this week stay zero
        self.any_deaths = True
        side, group = _add_week(
            deaths,
            self.actor_sides,
            self._by_side,
            self._killed_by_side,
            week,
            self.definition.window,
            self.definition.threshold,
            self.atrocity is None,
        )
        if side >= 0:
            self.atrocity = Atrocity(week, SIDES[side], group)

    def window_deaths(self, week: int) -> np.ndarray:
        """(sides, groups) deaths in the window ending at ``week``."""
        start = max(0, week - self.definition.window + 1)
        return self._by_side[start : week + 1].sum(axis=0)

    def killed_by_side(self, side: int) -> np.ndarray:
        """(groups,) persons of each group killed so far by actors of ``side`` (a running
        total, added week by week; read only)."""
        return self._killed_by_side[side]

    def recent_killed(self, side: int, group: int, start: int, stop: int) -> float:
        """Persons of ``group`` killed by actors of ``side`` in weeks ``start`` to ``stop - 1``."""
        return float(self._by_side[max(0, start) : stop, side, group].sum())

    def total(self) -> float:
        """All deliberate civilian deaths so far."""
        return float(self.deaths.sum())


@numba.njit(cache=True, nogil=True)
def _add_week(deaths, actor_sides, by_side, killed, week, window, threshold, check):
    """Add a week's (actors, groups) ``deaths`` to ``by_side[week]`` and to the running
    ``killed`` by side, in actor order; if ``check``, the first (side, group) whose deaths in
    the window ending at ``week`` reach ``threshold``, government side first, else (-1, -1).
    Each sum adds in the order of numpy's ``sum(axis=0)``, so the check is bitwise numpy's."""
    n_actors, n_groups = deaths.shape
    for a in range(n_actors):
        for g in range(n_groups):
            by_side[week, actor_sides[a], g] += deaths[a, g]
    n_sides = by_side.shape[1]
    for s in range(n_sides):
        for g in range(n_groups):
            killed[s, g] += by_side[week, s, g]
    if check:
        start = max(0, week - window + 1)
        for s in range(n_sides):
            for g in range(n_groups):
                total = by_side[start, s, g]
                for w in range(start + 1, week + 1):
                    total += by_side[w, s, g]
                if total >= threshold:
                    return s, g
    return -1, -1

"""Outcomes of one replication: deliberate civilian deaths and the mass-atrocity flag.

Definition (Early Warning Project, configurable): a mass atrocity happens when the deliberate
actions of one perpetrator side kill at least ``threshold`` civilians of one group within
``window`` weeks. Its onset week is the first week at which that count is reached, i.e. the
week an observer applying the definition would first know.
"""

from dataclasses import dataclass

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
        self._of_side = [self.actor_sides == side for side in range(len(SIDES))]
        self._killed_by_side: dict[int, np.ndarray] = {}  # cleared when deaths are recorded
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
        self._killed_by_side.clear()
        self.any_deaths = True
        for side, of_side in enumerate(self._of_side):
            self._by_side[week, side] = deaths[of_side].sum(axis=0)
        if self.atrocity is None:
            start = max(0, week - self.definition.window + 1)
            window = self._by_side[start : week + 1].sum(axis=0)
            hits = np.argwhere(window >= self.definition.threshold)
            if len(hits):
                side, group = hits[0]
                self.atrocity = Atrocity(week, SIDES[side], int(group))

    def window_deaths(self, week: int) -> np.ndarray:
        """(sides, groups) deaths in the window ending at ``week``."""
        start = max(0, week - self.definition.window + 1)
        return self._by_side[start : week + 1].sum(axis=0)

    def killed_by_side(self, side: int) -> np.ndarray:
        """(groups,) persons of each group killed so far by actors of ``side`` (kept between
        weeks without deaths)."""
        if side not in self._killed_by_side:
            self._killed_by_side[side] = self.deaths[:, self._of_side[side]].sum(axis=(0, 1))
        return self._killed_by_side[side]

    def total(self) -> float:
        """All deliberate civilian deaths so far."""
        return float(self.deaths.sum())

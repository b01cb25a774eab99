"""Armed actors' choices (docs/model.md 7.3): what they can do, and whom they target.

How far an actor goes (restraint, selective repression, a campaign of mass violence) is the
escalation ladder's business (:mod:`~scenarios.model.escalation`).
"""

from enum import IntEnum

import numpy as np

from scenarios.boundary.modifiers import REBEL


class Action(IntEnum):
    """What an armed actor does this week (its rung on the escalation ladder)."""

    RESTRAINT = 0
    SELECTIVE = 1
    MASS = 2


def choose_target(
    side: int, ruling: int, non_ruling: np.ndarray, present: np.ndarray, mobilised: np.ndarray
) -> int:
    """The civilian group an actor acts against.

    Rebels target the ruling group; the government side targets the non-ruling group with the
    most mobilised members (ties: the largest present, then the first).
    """
    if side == REBEL:
        return ruling
    candidates = np.flatnonzero(non_ruling)
    if candidates.size == 1:
        return int(candidates[0])
    support = mobilised[candidates].sum(axis=1)
    size = present[candidates].sum(axis=1)
    return int(candidates[np.lexsort((-size, -support))[0]])

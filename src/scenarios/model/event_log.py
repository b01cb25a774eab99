"""The ordered record of what happened in a run: triggers that fired and steps' transitions."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class EventLog:
    """Ordered record of what happened: triggers that fired and steps' transitions."""

    COLUMNS = ("time", "week", "category", "kind", "step_index", "phase", "detail")
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        time: float,
        kind: str,
        detail: str = "",
        category: str = "trigger",
        phase: str = "fired",
        step_index: int = -1,
    ) -> None:
        """Append an entry at SimPy ``time`` (stored as a float whatever SimPy holds); ``week``
        is the 1-based week it falls in; ``step_index`` is a step's index (-1 for triggers)."""
        self.rows.append(
            {
                "time": float(time),
                "week": int(np.floor(time)) + 1,
                "category": category,
                "kind": kind,
                "step_index": step_index,
                "phase": phase,
                "detail": detail,
            }
        )

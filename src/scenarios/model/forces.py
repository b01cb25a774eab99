"""The armed actors' numbers, held as arrays with one row per actor.

Deployment, combat, violence and recruitment (docs/model.md 7.4-7.6, 7.12) are compiled loops
over these arrays; the :class:`~scenarios.model.actors.ArmedActor` agents read and write their
own row, so an actor's ``personnel`` or ``deployment`` is the same number whichever side looks.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.scenario import ActorSpec

KINDS = ("state_forces", "militia", "rebel")
STATE_FORCES, MILITIA, REBEL_GROUP = range(len(KINDS))


@dataclass
class ArmedForces:
    """Every armed actor's state, one row each, in the scenario's order.

    Attributes:
        kind: (actors,) index into :data:`KINDS`.
        side: (actors,) GOVERNMENT or REBEL.
        group: (actors,) the identity group it recruits from.
        target: (actors,) the civilian group it acts against this week (-1: none yet).
        action: (actors,) this week's :class:`~scenarios.model.decisions.Action`.
        personnel: (actors,) fighters (persons).
        arms: (actors,) arms per fighter relative to full equipment, 0-1.
        arms_inflow: (actors,) resupply per week, share of full equipment.
        cohesion: (actors,) share of fighters who carry out orders, 0-1.
        ideology: (actors,) exclusionary ideology of its leaders, 0-1.
        deployment: (actors, districts) fighters by district.
        campaign: (actors,) intensity of its campaign of mass violence, 0-1 (its ladder's).
    """

    kind: np.ndarray
    side: np.ndarray
    group: np.ndarray
    target: np.ndarray
    action: np.ndarray
    personnel: np.ndarray
    arms: np.ndarray
    arms_inflow: np.ndarray
    cohesion: np.ndarray
    ideology: np.ndarray
    deployment: np.ndarray
    campaign: np.ndarray

    @classmethod
    def create(
        cls, specs: Sequence[ActorSpec], groups: Sequence[int], n_districts: int
    ) -> "ArmedForces":
        """The forces of a scenario's actors (``groups``: each one's group index)."""
        n = len(specs)
        return cls(
            kind=np.array([KINDS.index(s.kind) for s in specs], dtype=np.int64),
            side=np.array([REBEL if s.kind == "rebel" else GOVERNMENT for s in specs], np.int64),
            group=np.array(groups, dtype=np.int64).reshape(n),
            target=np.full(n, -1, dtype=np.int64),
            action=np.zeros(n, dtype=np.int64),
            personnel=np.array([float(s.personnel) for s in specs], dtype=np.float64),
            arms=np.array([s.arms for s in specs], dtype=np.float64),
            arms_inflow=np.array([s.arms_inflow for s in specs], dtype=np.float64),
            cohesion=np.array([s.cohesion for s in specs], dtype=np.float64),
            ideology=np.array([s.ideology for s in specs], dtype=np.float64),
            deployment=np.zeros((n, n_districts)),
            campaign=np.zeros(n),
        )

    def __len__(self) -> int:
        return len(self.side)

    def strength(self) -> np.ndarray:
        """(actors,) effective fighters: personnel x cohesion x arms."""
        return self.personnel * self.cohesion * self.arms

    def effective_deployment(self) -> np.ndarray:
        """(actors, districts) effective fighters by district: deployment x cohesion x arms."""
        return self.deployment * self.cohesion[:, None] * self.arms[:, None]

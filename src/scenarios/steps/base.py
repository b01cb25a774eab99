"""What every step is: a taker, lags, a vote where it applies, resources, a cost and an effect.

A step is considered when its start comes (a week, or an indicator its taker sees at a level),
decided after its decision lag (or vetoed at the Security Council), in effect after its
deployment lag (once any troops it needs are free in the shared pool) and ended after its
duration. Its effect acts only through :class:`~scenarios.model.modifiers.Modifiers`.
"""

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from scenarios.config.steps import StepParams
from scenarios.config.strategy import StepSpec
from scenarios.model.modifiers import Modifiers

if TYPE_CHECKING:
    from scenarios.model.model import CountryModel

PHASES = (
    "considered",
    "vetoed",
    "rejected",
    "decided",
    "waiting for troops",
    "deployed",
    "ended",
)


class Step(ABC):
    """One step of a strategy in one replication.

    Class attributes name the step and who takes it; instances hold the lifecycle state.

    Attributes:
        spec: the strategy's entry for this step.
        params: the step's parameters (``model.steps.<name>``).
        index: position in the strategy.
        decided: True from the decision until the end (promises act from here, e.g. moral hazard).
        active: True while in effect.
        personnel: troops and police in the field.
        vote_rng: its own stream for Council votes (the model sets it; see
            ``scenarios.model.model._give_vote_streams``).
    """

    name: ClassVar[str]
    family: ClassVar[str]
    taker: ClassVar[str]
    vetoable: ClassVar[bool] = False
    order: ClassVar[int] = 0  # steps with a higher order apply their effect later in a week

    def __init__(self, spec: StepSpec, params: StepParams, index: int):
        self.spec = spec
        self.params = params
        self.index = index
        self.decision_lag = _given(spec.decision_lag, params.decision_lag)
        self.deployment_lag = _given(spec.deployment_lag, params.deployment_lag)
        self.duration = _given(spec.duration, params.duration)
        self.decided = False
        self.active = False
        self.personnel = 0
        self.vote_rng: np.random.Generator = np.random.default_rng(index)

    @property
    def intensity(self) -> float:
        """Scale of the effect."""
        return self.spec.intensity

    def personnel_needed(self) -> int:
        """Troops and police this step draws from the shared pool."""
        return 0

    def weekly_cost(self) -> float:
        """Money spent in a week in effect, USD million."""
        return self.params.cost * self.intensity

    def promise(self, modifiers: Modifiers, model: "CountryModel") -> None:  # noqa: B027
        """Effect from the decision on, before and while in effect (default: none)."""

    @abstractmethod
    def apply(self, modifiers: Modifiers, model: "CountryModel") -> None:
        """Effect while in effect."""

    def on_deployed(self, model: "CountryModel") -> None:  # noqa: B027
        """Called once when the step takes effect (default: nothing)."""


def _given(override: int | None, default: int) -> int:
    return default if override is None else override

"""What every step is: a taker, lags, a vote where it applies, resources, a cost and an effect.

A step is considered when its start comes (a week, or an indicator its taker sees at a level),
decided after its decision lag (or vetoed at the Security Council), in effect after its
deployment lag (once any troops it needs are free in the shared pool) and ended after its
duration. It sees the country only through a :class:`~scenarios.boundary.observations.CountryView`
and acts only through :class:`~scenarios.boundary.modifiers.Modifiers` (and, for what other
actors respond to, the :class:`~scenarios.boundary.modifiers.MeasuresInForce`).
"""

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from scenarios.boundary.modifiers import MeasuresInForce, Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.config.steps import StepParams
from scenarios.config.strategy import StepSpec

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
        vote_rng: its own stream for Council votes (see :func:`vote_stream`).
    """

    name: ClassVar[str]
    family: ClassVar[str]
    taker: ClassVar[str]
    vetoable: ClassVar[bool] = False
    order: ClassVar[int] = 0  # steps with a higher order apply their effect later in a week

    def __init__(
        self, spec: StepSpec, params: StepParams, index: int, vote_rng: np.random.Generator
    ):
        self.spec = spec
        self.params = params
        self.index = index
        self.decision_lag = _given(spec.decision_lag, params.decision_lag)
        self.deployment_lag = _given(spec.deployment_lag, params.deployment_lag)
        self.duration = _given(spec.duration, params.duration)
        self.decided = False
        self.active = False
        self.personnel = 0
        self.vote_rng = vote_rng

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

    def promise(self, modifiers: Modifiers) -> None:  # noqa: B027
        """Effect from the decision on, before and while in effect (default: none)."""

    @abstractmethod
    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        """Effect in a week in effect."""

    def declare(self, measures: MeasuresInForce, view: CountryView) -> None:  # noqa: B027
        """Declare, once as it takes effect, what other actors respond to (default: nothing).

        The lifecycle withdraws the declarations when the step ends.
        """


def _given(override: int | None, default: int) -> int:
    return default if override is None else override


def vote_stream(
    parent: np.random.SeedSequence, kind: str, occurrence: int, kinds: tuple[str, ...]
) -> np.random.Generator:
    """The Council-vote stream of the ``occurrence``-th step of ``kind`` in a run.

    Keyed by (kind, occurrence of that kind), not by position, so the n-th step of a kind meets
    the same draws under every strategy that has it: votes are paired across strategies
    (common random numbers) whatever else the strategy contains.
    """
    key = (*parent.spawn_key, 1 + kinds.index(kind), occurrence)
    return np.random.default_rng(np.random.SeedSequence(parent.entropy, spawn_key=key))

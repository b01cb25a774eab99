"""Schema of a strategy: a list of steps, each with a start, an intensity and a duration."""

from typing import Self

from pydantic import model_validator

from scenarios.config.indicators import INDICATORS, observable
from scenarios.config.steps import StepsParams
from scenarios.params import Schema, param

STEP_NAMES = tuple(StepsParams.model_fields)


class StartSpec(Schema):
    """When a step is considered: in a given week, or once its taker sees an observable
    indicator at a level (latent ones, such as the regime's threat, are refused)."""

    week: int | None = param(None, "Week in which the step is considered.", "week", ge=1)
    when: str | None = param(
        None, "Observable indicator the taker watches (see scenarios.config.indicators).", "name"
    )
    at_least: float = param(
        1.0,
        "Level of the indicator that starts the step.",
        "indicator units",
        allow_inf_nan=False,
    )

    @model_validator(mode="after")
    def _one_kind_of_start(self) -> Self:
        if (self.week is None) == (self.when is None):
            raise ValueError("give either week or when (with at_least), not both or neither")
        if self.when is not None and self.when not in INDICATORS:
            raise ValueError(
                f"when: unknown indicator '{self.when}'; allowed: {', '.join(observable())}"
            )
        if self.when is not None and not INDICATORS[self.when].observable:
            raise ValueError(
                f"when: '{self.when}' is latent (outside actors cannot observe it), so no step "
                f"can start on it; allowed: {', '.join(observable())}"
            )
        return self


class StepSpec(Schema):
    """One step of a strategy."""

    step: str = param("monitoring", "Which step (one of the registered steps).", "name")
    start: StartSpec = param(StartSpec(week=1), "When it is considered.", "section")
    intensity: float = param(
        1.0,
        "Scale of the step's effect (e.g. troops = intensity x the step's troops).",
        "multiplier",
        ge=0.0,
        le=20.0,
    )
    duration: int | None = param(None, "Weeks in effect; default: the step's own.", "weeks", ge=1)
    decision_lag: int | None = param(None, "Override of the step's decision lag.", "weeks", ge=0)
    deployment_lag: int | None = param(
        None, "Override of the step's deployment lag.", "weeks", ge=0
    )

    @model_validator(mode="after")
    def _known_step(self) -> Self:
        if self.step not in STEP_NAMES:
            raise ValueError(f"step: unknown step '{self.step}'; allowed: {', '.join(STEP_NAMES)}")
        return self


class StrategySpec(Schema):
    """A response strategy (``configs/strategy/``)."""

    name: str = param("none", "Identifier used in tables.", "text", min_length=1)
    title: str = param("No outside action", "Human-readable title.", "text")
    description: str = param("", "What the strategy does and why.", "text")
    steps: list[StepSpec] = param([], "The steps, in any order.", "list")

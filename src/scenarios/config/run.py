"""Schema of a whole run: the scenario, the model's parameters, the outcome definition and the
replication settings (the top level of ``configs/run.yaml``)."""

from typing import Any, ClassVar, Self

from pydantic import model_validator

from scenarios.config.behaviour import CountryModelParams, OutcomeSpec
from scenarios.config.perturbation import NONE, perturbed_model
from scenarios.config.scenario import ScenarioSpec
from scenarios.config.strategy import StrategySpec
from scenarios.params import Schema, param


class SweepSpec(Schema):
    """What an experiment is called, what its arms are compared with, and how it is split.

    Set by the experiment files in ``experiments/``; a plain run leaves the defaults.
    """

    name: str = param(
        "adhoc",
        "Name of the experiment (its file name in experiments/); the sweep folder is "
        "results/experiments/<name>/<sweep id>.",
        "name",
        pattern=r"^[A-Za-z0-9_.-]+$",
    )
    title: str = param("Ad-hoc sweep", "Human-readable title, shown in the report.", "text")
    description: str = param("", "What the experiment asks and how to read it.", "text")
    baseline: str = param(
        "strategy=none",
        "The arm every other arm is compared with, as KEY=VALUE; the comparison is paired over "
        "common random numbers with the baseline arm that agrees on every other swept key. "
        "Country model only: a reference model's report shows its arms side by side.",
        "KEY=VALUE",
        pattern=r"^[^=\s]+=[^=]+$",
    )
    shards: int = param(
        1,
        "Jobs each arm's replications are split into (replication i goes to shard i mod shards),"
        " so that parallel workers stay busy; results do not depend on it.",
        "count",
        ge=1,
        le=10_000,
    )
    shard: int = param(0, "This job's shard, 0 <= shard < shards.", "index", ge=0)

    @model_validator(mode="after")
    def _shard_in_range(self) -> Self:
        if self.shard >= self.shards:
            raise ValueError(f"shard: got {self.shard}; must be less than shards ({self.shards})")
        return self


class BaseRunConfig(Schema):
    """What every run has, whatever its model: replications, seed and the sweep it belongs to.

    A model's run schema adds its ``model`` section, whose ``kind`` names the model
    (:mod:`scenarios.config.schemas`).
    """

    #: Whether a sweep's arms are compared with ``sweep.baseline`` (checked when it is planned).
    compares_baseline: ClassVar[bool] = False

    sweep: SweepSpec = param(SweepSpec(), "Experiment identity and job splitting.", "section")
    replications: int = param(100, "Replications to run.", "count", ge=1, le=1_000_000)
    seed: int = param(
        20261125,
        "Experiment seed; replication i uses SeedSequence(seed, spawn_key=(i,)), so results do "
        "not depend on worker count or order.",
        "integer",
        ge=0,
    )
    progress: bool = param(True, "Show a progress bar.", "flag")

    def replication_indices(self) -> range:
        """Replications this job runs: all of them, or every ``shards``-th from ``shard``."""
        return range(self.sweep.shard, self.replications, self.sweep.shards)


class RunConfig(BaseRunConfig):
    """A validated run of the country model."""

    compares_baseline: ClassVar[bool] = True

    scenario: ScenarioSpec = param(ScenarioSpec(), "The scenario to simulate.", "section")
    model: CountryModelParams = param(CountryModelParams(), "Behavioural parameters.", "section")
    outcome: OutcomeSpec = param(OutcomeSpec(), "Mass-atrocity definition.", "section")
    strategy: StrategySpec = param(StrategySpec(), "The response strategy.", "section")
    weeks: int = param(
        156, "Weeks simulated per replication (156 = 3 years).", "weeks", ge=1, le=5200
    )
    perturbation: str = param(
        NONE,
        "One behavioural constant marked assumption moved by 10% for one-at-a-time "
        "sensitivity, as <section>.<name>.up or .down (scenarios.config.perturbation), or none.",
        "name",
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_perturbation(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("perturbation", NONE) != NONE:
            perturbation = data["perturbation"]
            if not isinstance(perturbation, str):
                raise ValueError(f"perturbation: got {perturbation!r}; allowed: a name or none")
            data = {**data, "model": perturbed_model(dict(data.get("model", {})), perturbation)}
        return data

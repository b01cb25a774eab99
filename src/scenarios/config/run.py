"""Schema of a whole run: the scenario, the model's parameters, the outcome definition and the
replication settings (the top level of ``configs/run.yaml``)."""

from scenarios.config.behaviour import CountryModelParams, OutcomeSpec
from scenarios.config.params import Schema, param
from scenarios.config.scenario import ScenarioSpec
from scenarios.config.strategy import StrategySpec


class RunConfig(Schema):
    """A validated run configuration."""

    scenario: ScenarioSpec = param(ScenarioSpec(), "The scenario to simulate.", "section")
    model: CountryModelParams = param(CountryModelParams(), "Behavioural parameters.", "section")
    outcome: OutcomeSpec = param(OutcomeSpec(), "Mass-atrocity definition.", "section")
    strategy: StrategySpec = param(StrategySpec(), "The response strategy.", "section")
    replications: int = param(100, "Replications to run.", "count", ge=1, le=1_000_000)
    seed: int = param(
        20261125,
        "Experiment seed; replication i uses SeedSequence(seed, spawn_key=(i,)), so results do "
        "not depend on worker count or order.",
        "integer",
        ge=0,
    )
    weeks: int = param(
        156, "Weeks simulated per replication (156 = 3 years).", "weeks", ge=1, le=5200
    )
    progress: bool = param(True, "Show a progress bar.", "flag")

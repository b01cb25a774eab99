"""Helpers shared by the tests: configs composed exactly as `scenarios-run` composes them, and
models built from them with :meth:`CountryModel.from_config`."""

from scenarios.config.loading import load
from scenarios.config.run import RunConfig
from scenarios.config.strategy import StrategySpec
from scenarios.model.model import CountryModel
from scenarios.runs.seeds import replication_seed

PRESETS = ("stable_democracy", "pre_election_crisis", "insurgency_minority_regime")
ACUTE = "insurgency_minority_regime"


def make_config(
    scenario: str, *overrides: str, agents: int = 5000, replications: int = 2, weeks: int = 156
) -> RunConfig:
    """A validated config for ``scenario`` with a small population and no progress bar."""
    return load(
        [
            f"scenario={scenario}",
            f"scenario.population.agents={agents}",
            f"replications={replications}",
            f"weeks={weeks}",
            "progress=false",
            *overrides,
        ]
    )[0]


def build_model(
    scenario: str,
    steps: list[dict],
    *overrides: str,
    agents: int = 2000,
    weeks: int = 20,
    seed: int = 0,
) -> CountryModel:
    """A model of ``scenario`` whose strategy is made of ``steps`` (strategy-spec dicts), on
    replication 0 of ``seed``."""
    config = make_config(scenario, *overrides, agents=agents, weeks=weeks)
    strategy = StrategySpec.model_validate({"name": "test", "steps": steps})
    config = config.model_copy(update={"strategy": strategy})
    return CountryModel.from_config(config, replication_seed(seed, 0))


def step_rows(model: CountryModel) -> list[dict]:
    """The event log's rows of step transitions, in order."""
    return [row for row in model.event_log.rows if row["category"] == "step"]

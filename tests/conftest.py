"""Shared helpers: configs composed exactly as `scenarios-run` composes them."""

import logging

import pytest

from scenarios.config.loading import load
from scenarios.config.run import RunConfig
from scenarios.config.strategy import StrategySpec
from scenarios.model.model import CountryModel
from scenarios.runs.seeds import replication_seed

PRESETS = ("stable_democracy", "pre_election_crisis", "insurgency_minority_regime")

logging.getLogger("MESA").setLevel(logging.WARNING)


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
    """A model of ``scenario`` whose strategy is made of ``steps`` (strategy-spec dicts)."""
    config = make_config(scenario, *overrides, agents=agents, weeks=weeks)
    strategy = StrategySpec.model_validate({"name": "test", "steps": steps})
    return CountryModel(
        config.scenario,
        config.model,
        config.outcome,
        config.weeks,
        replication_seed(seed, 0),
        strategy,
    )


@pytest.fixture
def config_factory():
    """Build validated configs in tests: ``config_factory("stable_democracy", "seed=3")``."""
    return make_config

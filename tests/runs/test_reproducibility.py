"""Same config and seed, same outputs; different seeds, different outputs."""

import pandas as pd

from scenarios.runs.batch import run_batch
from scenarios.runs.replication import run_replication


def test_same_seed_gives_identical_tables(config_factory):
    config = config_factory("insurgency_minority_regime", "seed=11", replications=2, weeks=60)
    first, second = run_batch(config), run_batch(config)
    for name in ("replications", "timeseries", "deaths", "events"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert first.replications["civilian_deaths"].sum() > 0  # something happened to compare


def test_different_seeds_differ(config_factory):
    one = run_replication(config_factory("insurgency_minority_regime", "seed=1", weeks=60), 0)
    two = run_replication(config_factory("insurgency_minority_regime", "seed=2", weeks=60), 0)
    assert not one.timeseries["mobilised"].equals(two.timeseries["mobilised"])


def test_replication_does_not_depend_on_batch_size_or_order(config_factory):
    """Replication 3 gives the same result alone as inside a batch of five."""
    config = config_factory("pre_election_crisis", "seed=5", replications=5, weeks=40)
    batch = run_batch(config)
    alone = run_replication(config, 3)
    in_batch = batch.timeseries[batch.timeseries["replication"] == 3].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone.timeseries, in_batch)

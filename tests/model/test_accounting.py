"""Every week, per group: alive + killed + fled = initial population."""

import numpy as np

from scenarios.model.model import CountryModel
from scenarios.model.population import FLED, KILLED, PRESENT
from scenarios.runs.seeds import replication_seed


def test_population_accounting_holds_every_week(config_factory):
    # a low barrier to mass violence, so that killing, displacement and flight all happen
    config = config_factory(
        "insurgency_minority_regime", "model.escalation.threshold_median=0.3", agents=4000, weeks=80
    )
    model = CountryModel(
        config.scenario, config.model, config.outcome, config.weeks, replication_seed(7, 0)
    )
    initial = model.population.census().sum(axis=(1, 2))
    expected = (
        np.array([g.share for g in config.scenario.groups]) * config.scenario.population.persons
    )
    np.testing.assert_allclose(initial, expected, rtol=0.01)
    saw_killed = saw_fled = False
    for _ in range(config.weeks):
        model.step()
        census = model.population.census()
        alive = census[:, :, list(PRESENT)].sum(axis=(1, 2))
        killed = census[:, :, KILLED].sum(axis=1)
        fled = census[:, :, FLED].sum(axis=1)
        np.testing.assert_allclose(alive + killed + fled, initial, rtol=1e-9)
        # killed by the ledger's account equals killed by the rows' account
        np.testing.assert_allclose(model.ledger.deaths.sum(axis=(0, 1)), killed, rtol=1e-9)
        saw_killed |= killed.sum() > 0
        saw_fled |= fled.sum() > 0
    assert saw_killed and saw_fled, "the run should produce deaths and refugees"

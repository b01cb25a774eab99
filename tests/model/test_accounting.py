"""Every week, per group: alive + killed + fled = initial population; and the census's killed
are the persons killing took, by the cell they were killed in."""

import numpy as np

from scenarios.model import violence
from scenarios.model.model import CountryModel
from scenarios.model.population import FLED, KILLED, PRESENT
from scenarios.runs.seeds import replication_seed


def test_population_accounting_holds_every_week(config_factory, monkeypatch):
    # a low threshold of mass violence, so that killing, displacement and flight all happen
    config = config_factory(
        "insurgency_minority_regime", "model.escalation.threshold_median=0.1", agents=4000, weeks=80
    )
    model = CountryModel(
        config.scenario, config.model, config.outcome, config.weeks, replication_seed(7, 0)
    )
    by_cell_so_far = np.zeros((model.population.n_groups, model.population.n_districts))

    def kill_and_tally(*args):
        deaths, by_cell = kill(*args)
        by_cell_so_far[:] += by_cell
        return deaths, by_cell

    kill = violence.kill
    monkeypatch.setattr(violence, "kill", kill_and_tally)
    initial = model.population.census().sum(axis=(1, 2))
    expected = (
        np.array([g.share for g in config.scenario.groups]) * config.scenario.population.persons
    )
    np.testing.assert_allclose(initial, expected, rtol=0.01)
    saw_killed = saw_fled = False
    for _ in range(config.weeks):
        model.step()
        census = model.population.census()
        np.testing.assert_array_equal(model.census, census)  # the model's census is the same
        alive = census[:, :, list(PRESENT)].sum(axis=(1, 2))
        killed = census[:, :, KILLED].sum(axis=1)
        fled = census[:, :, FLED].sum(axis=1)
        np.testing.assert_allclose(alive + killed + fled, initial, rtol=1e-9)
        # killed by the ledger's account equals killed by the rows' account
        np.testing.assert_allclose(model.ledger.deaths.sum(axis=(0, 1)), killed, rtol=1e-9)
        # and, cell by cell, the deaths killing returned week by week
        np.testing.assert_allclose(census[:, :, KILLED], by_cell_so_far, rtol=1e-12, atol=0)
        saw_killed |= killed.sum() > 0
        saw_fled |= fled.sum() > 0
    assert saw_killed and saw_fled, "the run should produce deaths and refugees"

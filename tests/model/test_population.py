"""Civilian rows (docs/model.md 7.6, 7.8-7.11): grievance, activation, fear, displacement,
flight, killing by thinning row weights, and where groups live."""

import numpy as np

from scenarios.config.behaviour import CivilianRules
from scenarios.model.population import (
    DISPLACED,
    FLED,
    HOME,
    KILLED,
    MOBILISED,
    N_STATUS,
    PRESENT,
    Population,
)
from tests.helpers import build_model


def tiny_population(n=6, groups=1, districts=2) -> Population:
    homeland = np.full((groups, districts), 1.0 / districts)
    shares = np.full(groups, 1.0 / groups)
    return Population.create(n, n, shares, homeland, 0.0, np.random.default_rng(0))


def test_grievance_is_hardship_times_one_minus_legitimacy():
    population = tiny_population()
    population.hardship[:] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    legitimacy = 0.7
    population.update_grievance(np.array([1.0 - legitimacy]))
    np.testing.assert_allclose(population.grievance, population.hardship * 0.3, rtol=1e-6)


def test_epstein_activation_rule():
    rules = CivilianRules()
    population = tiny_population()
    population.grievance[:] = [0.5, 0.5, 0.5, 0.05, 0.3, 0.3]
    population.risk_aversion[:] = [0.1, 0.5, 0.9, 0.0, 0.1, 0.1]
    population.fear[:] = 0.0
    population.status[5] = DISPLACED
    risk = np.full((1, 2), 0.5)
    population.mobilise(np.array([1.0]), np.array([0.0]), risk, rules)
    # net = G - R * 0.5: 0.45, 0.25, 0.05, 0.05, 0.25 -> active above T = 0.1
    expected = [MOBILISED, MOBILISED, HOME, HOME, MOBILISED, DISPLACED]
    assert population.status.tolist() == expected
    population.mobilise(np.array([1.0]), np.array([0.0]), np.full((1, 2), 1.0), rules)
    assert population.status[1] == HOME  # net 0.0 now: goes home


def test_fear_grows_only_where_own_group_was_killed():
    rules = CivilianRules()
    population = tiny_population(n=8, groups=2, districts=2)
    population.district[:] = [0, 1, 0, 1, 0, 1, 0, 1]
    population.refresh_cells()
    deaths = np.zeros((2, 2))
    deaths[1, 0] = 2.0  # group 1, district 0
    population.update_fear(deaths, rules)
    hit = (population.group == 1) & (population.district == 0)
    assert hit.any() and (~hit).any()
    np.testing.assert_allclose(population.fear[hit], rules.fear_gain * 2.0)
    assert (population.fear[~hit] == 0).all()


def test_displacement_goes_to_safer_neighbour_and_flight_only_from_border():
    rules = CivilianRules()
    population = tiny_population(n=4, districts=2)
    population.district[:] = [0, 0, 1, 1]
    population.origin[:] = [0, 0, 1, 1]
    population.refresh_cells()
    population.fear[:] = 0.9
    population.risk_aversion[:] = 0.5
    destination = np.array([[1, 1]])  # district 1 is the safest for both
    border = np.array([False, True])
    population.move(destination, border, rules)
    # district 0 (no border): displaced to district 1; district 1 (border): fled abroad
    assert population.status.tolist() == [DISPLACED, DISPLACED, FLED, FLED]
    assert population.district[:2].tolist() == [1, 1]
    assert population.origin[:2].tolist() == [0, 0]
    population.fear[:] = 0.0
    population.move(destination, np.array([False, False]), rules)
    assert population.status.tolist() == [HOME, HOME, FLED, FLED]
    assert population.district[:2].tolist() == [0, 0]


def test_killing_never_touches_the_dead_or_those_abroad():
    population = tiny_population(n=1000, districts=2)
    population.status[:300] = KILLED
    population.status[300:600] = FLED
    probability = np.ones((1, 2, N_STATUS))
    deaths = population.kill(probability)
    assert (population.weight[:600] == 1.0).all()  # untouched, even at probability 1
    assert (population.weight[600:] == 0.0).all() and (population.status[600:] == KILLED).all()
    assert deaths[:, :, HOME].sum() == 400.0 and deaths.sum() == 400.0


def test_killing_thins_each_row_by_its_cells_share_and_keeps_the_tally():
    population = tiny_population(n=1000, groups=2, districts=2)
    population.status[::4] = MOBILISED
    probability = np.zeros((2, 2, N_STATUS))
    probability[1, 0, HOME] = 0.25
    probability[1, :, MOBILISED] = 0.5
    key = population.cell * N_STATUS + population.status
    q = probability.ravel()[key]
    assert (q == 0.25).sum() > 50 and (q == 0.5).sum() > 50
    census_before, status_before = population.census(), population.status.copy()
    deaths = population.kill(probability)
    np.testing.assert_allclose(population.weight, 1.0 - q, rtol=0, atol=1e-7)  # w - w q
    np.testing.assert_array_equal(population.status, status_before)  # thinned, not emptied
    np.testing.assert_allclose(deaths.ravel(), np.bincount(key, weights=q, minlength=20), atol=1e-5)
    assert population.uniform_weight is None
    np.testing.assert_array_equal(population.killed, deaths.sum(axis=2))
    census = population.census()
    np.testing.assert_array_equal(census[:, :, KILLED], population.killed)
    np.testing.assert_allclose(census.sum(axis=(1, 2)), census_before.sum(axis=(1, 2)), rtol=1e-12)
    population.kill(probability)  # the tally accumulates, week after week
    np.testing.assert_allclose(population.killed.sum(), 2 * deaths.sum() - (q**2).sum(), rtol=1e-6)


def test_a_row_thinned_to_almost_nothing_is_marked_killed():
    population = tiny_population(n=4)
    probability = np.zeros((1, 2, N_STATUS))
    probability[:, :, HOME] = 1.0 - 1e-7  # leaves 1e-7 persons, under EXTINCT
    deaths = population.kill(probability)
    assert (population.status == KILLED).all() and (population.weight == 0).all()
    assert deaths.sum() == 4.0 and population.killed.sum() == 4.0


def test_no_killing_keeps_uniform_weights():
    population = tiny_population(n=10)
    deaths = population.kill(np.zeros((1, 2, N_STATUS)))
    assert deaths.sum() == 0 and population.uniform_weight == 1.0


def test_segregation_one_keeps_each_group_in_its_homeland():
    model = build_model("pre_election_crisis", [], "scenario.country.segregation=1.0", agents=4000)
    homeland = model.population.census()[:, :, list(PRESENT)].sum(axis=2) > 0
    assert not (homeland[0] & homeland[1]).any()

"""Civilian rows (docs/model.md 7.8-7.11): grievance, activation, fear, displacement, flight,
killing draws and where groups live."""

import numpy as np

from scenarios.config.behaviour import CivilianRules
from scenarios.model.population import (
    DISPLACED,
    FLED,
    HOME,
    KILLED,
    MOBILISED,
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
    probability = np.ones((1, 2, 5))
    probability[:, :, [FLED, KILLED]] = 0.0
    killed, before = population.kill(probability, np.random.default_rng(0))
    assert set(killed.tolist()) == set(range(600, 1000))
    assert set(before.tolist()) == {HOME}


def test_segregation_one_keeps_each_group_in_its_homeland():
    model = build_model("pre_election_crisis", [], "scenario.country.segregation=1.0", agents=4000)
    homeland = model.population.census()[:, :, list(PRESENT)].sum(axis=2) > 0
    assert not (homeland[0] & homeland[1]).any()

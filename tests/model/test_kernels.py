"""The compiled weekly civilian rules equal the numpy rules they replace, bit for bit, and the
compiled thinning of row weights equals its numpy statement."""

import numpy as np
import pytest

from scenarios.config.behaviour import CivilianRules
from scenarios.model.kernels import numpy_sum
from scenarios.model.population import (
    DISPLACED,
    EXTINCT,
    FLED,
    HOME,
    KILLED,
    MOBILISED,
    N_STATUS,
    Population,
)


def weighted(population: Population, seed: int) -> None:
    """Give ``population`` random weights and persons killed earlier, as after some killing."""
    rng = np.random.default_rng(seed)
    population.uniform_weight = None
    population.weight[:] = rng.random(population.rows, dtype=np.float32)
    population.killed[:] = rng.random(population.killed.shape) * 100


def random_population(seed: int, rows: int = 5000) -> Population:
    rng = np.random.default_rng(seed)
    homeland = rng.random((3, 6))
    homeland /= homeland.sum(axis=1, keepdims=True)
    population = Population.create(rows, 10 * rows, np.array([0.5, 0.3, 0.2]), homeland, 0.5, rng)
    population.status[:] = rng.choice(
        [HOME, MOBILISED, DISPLACED, FLED, KILLED], size=rows, p=[0.5, 0.2, 0.1, 0.1, 0.1]
    )
    population.fear[:] = rng.random(rows, dtype=np.float32)
    population.exposure[:] = rng.random(rows, dtype=np.float32)
    return population


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("deaths", [True, False])
@pytest.mark.parametrize("propaganda", [True, False])
def test_fused_rules_equal_the_numpy_rules(seed, deaths, propaganda):
    rng = np.random.default_rng(100 + seed)
    rules = CivilianRules()
    fused, reference = random_population(seed), random_population(seed)
    per_thousand = rng.random((3, 6)) * 5 if deaths else np.zeros((3, 6))
    intensity = rng.random(3) if propaganda else np.zeros(3)
    factor = rng.random(3) * 1.5
    grievance_weight, exposure_weight = np.array([0.0, 1.0, 1.0]), np.array([0.4, 0.0, 0.0])
    risk = rng.random((3, 6))
    extra_decay = 0.05

    reference.update_fear(per_thousand, rules)
    reference.update_exposure(intensity, rules, extra_decay)
    reference.update_grievance(factor)
    reference.mobilise(grievance_weight, exposure_weight, risk, rules)
    fused.weekly_rules(
        per_thousand, intensity, extra_decay, factor, grievance_weight, exposure_weight, risk, rules
    )
    for column in ("fear", "exposure", "grievance", "status"):
        np.testing.assert_array_equal(getattr(fused, column), getattr(reference, column))
    assert (fused.status == MOBILISED).any() and (fused.status == HOME).any()


def test_threshold_is_compared_in_float32_as_numpy_does():
    """A motivation exactly at the threshold stays home in both, as numpy compares in float32."""
    rules = CivilianRules()
    fused, reference = random_population(0, rows=10), random_population(0, rows=10)
    for population in (fused, reference):
        population.status[:] = HOME
        population.fear[:] = 0.0
        population.hardship[:] = np.float32(rules.threshold)
    args = (np.zeros((3, 6)), np.zeros(3), 0.0, np.ones(3), np.ones(3), np.zeros(3))
    risk = np.zeros((3, 6))
    reference.update_fear(args[0], rules)
    reference.update_exposure(args[1], rules, args[2])
    reference.update_grievance(args[3])
    reference.mobilise(args[4], args[5], risk, rules)
    fused.weekly_rules(*args, risk, rules)
    assert (reference.status == HOME).all()
    np.testing.assert_array_equal(fused.status, reference.status)


@pytest.mark.parametrize("uniform", [True, False])
def test_census_equals_bincount(uniform):
    population = random_population(3)
    if not uniform:
        weighted(population, 4)
    key = population.cell * N_STATUS + population.status
    size = population.n_groups * population.n_districts * N_STATUS
    if uniform:
        expected = np.bincount(key, minlength=size) * population.uniform_weight
    else:
        expected = np.bincount(key, weights=population.weight, minlength=size)
    expected = expected.reshape(3, 6, N_STATUS)
    expected[:, :, KILLED] += population.killed  # the persons killed, by cell
    np.testing.assert_array_equal(population.census(), expected)


def test_group_mean_equals_weighted_bincount():
    population = random_population(5)
    population.weight[:] = np.random.default_rng(6).random(population.rows, dtype=np.float32)
    population.uniform_weight = None
    census = population.census()
    present = population.status <= DISPLACED
    sums = np.bincount(
        population.group, weights=population.exposure * (population.weight * present), minlength=3
    )
    alive = census[:, :, [HOME, MOBILISED, DISPLACED]].sum(axis=(1, 2))
    np.testing.assert_array_equal(population.group_mean(population.exposure, census), sums / alive)


@pytest.mark.parametrize("uniform", [True, False])
def test_kill_thins_each_row_as_the_numpy_statement_does(uniform):
    population, reference = random_population(7), random_population(7)
    if not uniform:
        weighted(population, 10)
        weighted(reference, 10)
    probability = np.random.default_rng(8).random((3, 6, N_STATUS)) * 0.3
    probability[0, :2, HOME] = 1.0  # emptied, and marked KILLED
    probability[1, 0, MOBILISED] = 1.0 - 1e-9  # left with less than EXTINCT
    killed_before = reference.killed.copy()
    deaths = population.kill(probability)

    key = reference.cell * N_STATUS + reference.status
    at_risk = reference.status <= DISPLACED
    w = reference.weight.astype(np.float64)
    q = np.where(at_risk, probability.ravel()[key], 0.0)
    left = np.where(q > 0, (w - w * q).astype(np.float32), reference.weight)
    emptied = at_risk & (q > 0) & (left < EXTINCT)
    left[emptied] = 0.0
    lost = w - left
    np.testing.assert_array_equal(population.weight, left)
    np.testing.assert_array_equal(population.status, np.where(emptied, KILLED, reference.status))
    np.testing.assert_allclose(
        deaths.ravel(), np.bincount(key, weights=lost, minlength=3 * 6 * N_STATUS), rtol=1e-12
    )
    np.testing.assert_allclose(population.killed, killed_before + deaths.sum(axis=2), rtol=1e-12)
    assert emptied.sum() > 100 and ((q > 0) & ~emptied).sum() > 1000
    assert deaths[:, :, [FLED, KILLED]].sum() == 0  # abroad and dead are never at risk
    assert population.uniform_weight is None


@pytest.mark.parametrize("seed", range(4))
def test_compiled_move_equals_the_vectorised_rule(seed):
    rules = CivilianRules()
    compiled, reference = random_population(seed), random_population(seed)
    rng = np.random.default_rng(50 + seed)
    compiled.fear[:] = reference.fear[:] = rng.random(compiled.rows, dtype=np.float32)
    destination = rng.integers(0, 6, size=(3, 6))
    border = rng.random(6) < 0.5
    compiled.move(destination, border, rules)
    reference.move_vectorised(destination, border, rules)
    for column in ("status", "district", "cell", "origin"):
        np.testing.assert_array_equal(getattr(compiled, column), getattr(reference, column))
    assert (compiled.district != compiled.origin).any() and (compiled.status == FLED).any()
    went_home = (reference.status == HOME) & (random_population(seed).status == DISPLACED)
    assert went_home.any()


@pytest.mark.parametrize("uniform", [True, False])
def test_census_with_group_means_equals_the_two_calls(uniform):
    population = random_population(11)
    if not uniform:
        weighted(population, 12)
    census, means = population.census_and_group_mean(population.exposure)
    np.testing.assert_array_equal(census, population.census())
    np.testing.assert_array_equal(means, population.group_mean(population.exposure, census))
    assert (means > 0).all()


@pytest.mark.parametrize("uniform", [True, False])
def test_one_pass_of_rules_move_and_census_equals_the_three_calls(uniform):
    rng = np.random.default_rng(21)
    rules = CivilianRules()
    fused, reference = random_population(13), random_population(13)
    if not uniform:
        for population in (fused, reference):
            weighted(population, 22)
    args = (
        rng.random((3, 6)) * 5,  # deaths per 1,000: enough fear to move
        rng.random(3),
        0.05,
        rng.random(3) * 1.5,
        np.array([0.0, 1.0, 1.0]),
        np.array([0.4, 0.0, 0.0]),
        rng.random((3, 6)),
    )
    destination, border = rng.integers(0, 6, size=(3, 6)), rng.random(6) < 0.5
    census, means = fused.respond_move_and_count(*args, destination, border, rules)
    reference.weekly_rules(*args, rules)
    reference.move(destination, border, rules)
    expected_census, expected_means = reference.census_and_group_mean(reference.exposure)
    for column in ("fear", "exposure", "grievance", "status", "district", "cell"):
        np.testing.assert_array_equal(getattr(fused, column), getattr(reference, column))
    np.testing.assert_array_equal(census, expected_census)
    np.testing.assert_array_equal(means, expected_means)
    assert (fused.status == DISPLACED).any() and (fused.status == MOBILISED).any()


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 16, 20, 127, 128, 129, 300, 1025])
def test_compiled_sums_add_in_numpys_order(size):
    """The compiled mechanisms' sums are bitwise numpy's (pairwise, eight partial sums)."""
    rng = np.random.default_rng(size)
    for _ in range(20):
        values = rng.random(size) * 10.0 ** rng.uniform(-3, 6, size)
        assert numpy_sum(values) == values.sum()

"""Unit tests of each rule of the country model, on hand-set states."""

import numpy as np
import pytest
import simpy

from scenarios.config.behaviour import CivilianRules, DecisionRules, OutcomeSpec
from scenarios.config.scenario import TriggersSpec
from scenarios.model.actors import GOVERNMENT, REBEL, Action, Situation, action_utilities, choose
from scenarios.model.events import EventLog, start_triggers
from scenarios.model.model import CountryModel
from scenarios.model.outcomes import DeathLedger
from scenarios.model.population import (
    DISPLACED,
    FLED,
    HOME,
    KILLED,
    MOBILISED,
    PRESENT,
    Population,
)
from scenarios.runs.seeds import replication_seed


def build(config_factory, scenario="pre_election_crisis", *overrides, agents=4000):
    config = config_factory(scenario, *overrides, agents=agents)
    return CountryModel(
        config.scenario, config.model, config.outcome, config.weeks, replication_seed(3, 0)
    )


def situation(**changes) -> Situation:
    base = dict(
        threat=0.5,
        ideology=0.5,
        exposure=0.2,
        expected_cost=0.3,
        constraint=1.0,
        prior_atrocity=False,
        upheaval=0.2,
        capable=True,
    )
    return Situation(**{**base, **changes})


# -- decisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("factor", ["threat", "ideology", "exposure", "upheaval"])
def test_mass_violence_utility_rises_with_risk_factors(factor):
    rules = DecisionRules()
    low = action_utilities(situation(**{factor: 0.1}), Action.RESTRAINT, rules)
    high = action_utilities(situation(**{factor: 0.9}), Action.RESTRAINT, rules)
    assert high[Action.MASS] > low[Action.MASS]


@pytest.mark.parametrize("factor", ["expected_cost", "constraint"])
def test_mass_violence_utility_falls_with_cost_and_constraint(factor):
    rules = DecisionRules()
    low = action_utilities(situation(**{factor: 0.1}), Action.RESTRAINT, rules)
    high = action_utilities(situation(**{factor: 2.0}), Action.RESTRAINT, rules)
    assert high[Action.MASS] < low[Action.MASS]


def test_actor_without_capacity_never_chooses_mass_violence():
    rules = DecisionRules()
    utilities = action_utilities(
        situation(threat=5.0, ideology=1.0, capable=False), Action.MASS, rules
    )
    draws = np.random.default_rng(0).gumbel(size=(2000, 3))
    assert all(choose(utilities, g, rules) != Action.MASS for g in draws)


def test_campaigns_persist_more_than_they_start():
    rules = DecisionRules()
    start = action_utilities(situation(), Action.RESTRAINT, rules)
    go_on = action_utilities(situation(), Action.MASS, rules)
    assert go_on[Action.MASS] - start[Action.MASS] == rules.campaign_commitment


def test_choice_frequencies_follow_softmax_of_utilities():
    rules = DecisionRules()
    utilities = np.array([0.0, 1.0, -1.0])
    draws = np.random.default_rng(1).gumbel(size=(40_000, 3))
    counts = np.bincount([choose(utilities, g, rules) for g in draws], minlength=3)
    expected = np.exp(utilities) / np.exp(utilities).sum()
    np.testing.assert_allclose(counts / counts.sum(), expected, atol=0.01)


# -- civilians ----------------------------------------------------------------------------------


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


def test_segregation_one_keeps_each_group_in_its_homeland(config_factory):
    model = build(config_factory, "pre_election_crisis", "scenario.country.segregation=1.0")
    homeland = model.population.census()[:, :, list(PRESENT)].sum(axis=2) > 0
    assert not (homeland[0] & homeland[1]).any()


# -- violence, combat and risk ------------------------------------------------------------------


def set_actions(model, actions, deployments=None):
    for actor in model.armed_actors:
        action, target = actions.get(actor.name, (Action.RESTRAINT, -1))
        actor.action, actor.target = action, target
        if deployments and actor.name in deployments:
            actor.deployment = deployments[actor.name]


def test_no_killing_where_the_side_has_no_fighters(config_factory):
    model = build(config_factory)
    n = model.country.n_districts
    deployment = np.full(n, 50_000.0)
    deployment[:4] = 0.0
    set_actions(model, {"army": (Action.MASS, 1)}, {"army": deployment})
    deaths, by_cell = model._violence(model.population.census())
    assert by_cell[:, :4].sum() == 0
    assert by_cell[1, 4:].sum() > 0
    names = [a.name for a in model.armed_actors]
    assert deaths[names.index("army"), 1] == deaths.sum()  # only the army killed, only tevi


def test_restraint_kills_nobody(config_factory):
    model = build(config_factory)
    set_actions(model, {})
    deaths, _ = model._violence(model.population.census())
    assert deaths.sum() == 0


def test_selective_repression_kills_only_mobilised(config_factory):
    model = build(config_factory)
    tevi = np.flatnonzero(model.population.group == 1)
    model.population.status[tevi[::3]] = MOBILISED
    set_actions(
        model,
        {"army": (Action.SELECTIVE, 1)},
        {"army": np.full(model.country.n_districts, 2_000_000.0)},
    )
    before = model.population.status.copy()
    model._violence(model.population.census())
    killed = np.flatnonzero(model.population.status == KILLED)
    assert killed.size > 0
    assert (before[killed] == MOBILISED).all()


def test_combat_only_where_both_sides_are_present(config_factory):
    model = build(config_factory)
    n = model.country.n_districts
    army = np.zeros(n)
    army[:8] = 1000.0
    rebels = np.zeros(n)
    rebels[8:] = 500.0
    set_actions(
        model, {}, {"army": army, "party_youth_militia": np.zeros(n), "tevi_self_defence": rebels}
    )
    assert model._combat() == set()
    rebels[0] = 500.0
    personnel = {a.name: a.personnel for a in model.armed_actors}
    assert model._combat() == {"army", "tevi_self_defence"}
    lost = {a.name: personnel[a.name] - a.personnel for a in model.armed_actors}
    assert lost["army"] > 0 and lost["tevi_self_defence"] > 0
    assert lost["party_youth_militia"] == 0


def test_perceived_risk_is_epsteins_arrest_probability(config_factory):
    model = build(config_factory)
    rules = model.params.civilians
    n = model.country.n_districts
    for actor in model.armed_actors:
        actor.deployment = np.zeros(n)
    army = next(a for a in model.armed_actors if a.name == "army")
    effective = army.cohesion * army.arms
    # C / A = 1 in district 0: reach x effective fighters = mobilised + the person deciding
    mobilised = np.zeros((2, n))
    mobilised[1, 0] = 999.0
    army.deployment[0] = 1000.0 / (rules.deterrence_reach * effective)
    risk = model.perceived_risk(mobilised)
    assert risk[1, 0] == pytest.approx(1 - np.exp(-2.3))
    assert risk[1, 0] == pytest.approx(0.90, abs=0.005)
    assert risk[0, 0] == 0.0  # no rebel fighters: no risk for the ruling group
    assert risk[1, 1] == 0.0  # no army fighters there


# -- outcomes and triggers ----------------------------------------------------------------------


def test_atrocity_needs_threshold_within_window_from_one_side():
    ledger = DeathLedger(
        weeks=120,
        actor_sides=[GOVERNMENT, REBEL],
        n_groups=2,
        definition=OutcomeSpec(threshold=1000, window=52),
    )
    for week in range(1, 11):  # 999 by the government side against group 1
        ledger.record(week, np.array([[0.0, 99.9], [0.0, 0.0]]))
    ledger.record(11, np.array([[0.0, 0.0], [500.0, 0.0]]))  # rebels: other side and group
    assert ledger.atrocity is None
    for week in range(12, 100):  # slow killing: 60 in any 52 weeks after week 63
        ledger.record(week, np.array([[0.0, 0.0], [0.0, 0.0]]))
    ledger.record(100, np.array([[0.0, 999.0], [0.0, 0.0]]))
    assert ledger.atrocity is None  # the first 999 fell out of the window
    ledger.record(101, np.array([[0.0, 1.0], [0.0, 0.0]]))
    assert ledger.atrocity is not None
    assert (ledger.atrocity.onset_week, ledger.atrocity.side, ledger.atrocity.group) == (
        101,
        "government",
        1,
    )


def test_scheduled_triggers_fire_in_their_week_in_order():
    env, log, fired = simpy.Environment(), EventLog(), []
    spec = TriggersSpec.model_validate(
        {"scheduled": [{"kind": "election", "week": 10}, {"kind": "census", "week": 3}]}
    )
    start_triggers(
        env,
        spec,
        lambda kind: fired.append((env.now, kind)) or "",
        np.random.default_rng(0),
        log,
        horizon=52,
    )
    env.run(until=9)
    assert [r["kind"] for r in log.rows] == ["census"]
    env.run(until=52)
    assert [(r["week"], r["kind"]) for r in log.rows] == [(3, "census"), (10, "election")]


def test_random_triggers_arrive_at_their_rate():
    env, log = simpy.Environment(), EventLog()
    spec = TriggersSpec.model_validate({"rates": {"coup_attempt": 0.05}})
    start_triggers(env, spec, lambda kind: "", np.random.default_rng(4), log, horizon=20_000)
    env.run(until=20_000)
    count = len(log.rows)
    assert abs(count - 1000) < 4 * np.sqrt(1000)  # Poisson: mean 1000, sd ~32


@pytest.mark.parametrize(("second_week", "expected"), [(52, 52), (53, None)])
def test_window_spans_exactly_window_weeks(second_week, expected):
    ledger = DeathLedger(
        weeks=60,
        actor_sides=[GOVERNMENT],
        n_groups=1,
        definition=OutcomeSpec(threshold=1000, window=52),
    )
    for week in range(1, 61):
        killed = 500.0 if week in (1, second_week) else 0.0
        ledger.record(week, np.array([[killed]]))
    onset = ledger.atrocity.onset_week if ledger.atrocity else None
    assert onset == expected

"""Armed actors' choices (docs/model.md 7.3): utilities, the random-utility choice, targets."""

import numpy as np
import pytest

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import DecisionRules
from scenarios.model.decisions import (
    Action,
    Situation,
    action_utilities,
    capable,
    choose,
    choose_target,
    institutional_constraint,
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


def test_capacity_needs_fighters_per_thousand_targets():
    rules = DecisionRules()
    needed = rules.capacity_floor * 50_000 / 1000.0
    assert capable(needed, 50_000, rules)
    assert not capable(needed * 0.99, 50_000, rules)
    assert not capable(1e9, 0.0, rules)  # no one to target


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


def test_government_targets_the_most_mobilised_group_and_rebels_the_ruling_group():
    non_ruling = np.array([False, True, True])
    present = np.array([[100.0, 100.0], [500.0, 500.0], [50.0, 50.0]])
    mobilised = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 5.0]])
    assert choose_target(GOVERNMENT, 0, non_ruling, present, mobilised) == 2
    mobilised[2] = [5.0, 5.0]  # tie on support: the larger group
    assert choose_target(GOVERNMENT, 0, non_ruling, present, mobilised) == 1
    assert choose_target(REBEL, 0, non_ruling, present, mobilised) == 0


def test_institutions_constrain_state_forces_only():
    rules = DecisionRules()
    assert institutional_constraint("state_forces", "democracy", rules) == (
        rules.democracy_constraint
    )
    assert institutional_constraint("state_forces", "autocracy", rules) == 0.0
    assert institutional_constraint("militia", "democracy", rules) == 0.0

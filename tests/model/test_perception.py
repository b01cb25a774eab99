"""Perception (docs/model.md 7.2, 7.9, 7.10): civilians' risk, the regime's threat, legitimacy."""

import numpy as np
import pytest

from scenarios.model import perception
from scenarios.model.decisions import Action
from tests.helpers import build_model


def build():
    return build_model("pre_election_crisis", [], agents=4000, weeks=156, seed=3)


def undeployed():
    """The model with every actor's deployment emptied, and its army."""
    model = build()
    for actor in model.armed_actors:
        actor.deployment = np.zeros(model.country.n_districts)
    return model, next(a for a in model.armed_actors if a.name == "army")


def test_perceived_risk_is_epsteins_arrest_probability():
    model, army = undeployed()
    rules = model.params.civilians
    n = model.country.n_districts
    effective = army.cohesion  # forces of order count personnel x cohesion, not arms
    # C / A = 1 in district 0: reach x effective fighters = mobilised + the person deciding
    mobilised = np.zeros((2, n))
    mobilised[1, 0] = 999.0
    army.deployment[0] = 1000.0 / (rules.deterrence_reach * effective)
    risk = perception.perceived_risk(model.forces, mobilised, model.non_ruling, rules)
    assert risk[1, 0] == pytest.approx(1 - np.exp(-2.3))
    assert risk[1, 0] == pytest.approx(0.90, abs=0.005)
    assert risk[0, 0] == 0.0  # no rebel fighters: no risk for the ruling group
    assert risk[1, 1] == 0.0  # no army fighters there
    militia = next(a for a in model.armed_actors if a.kind == "militia")
    militia.deployment[1] = 1000.0
    army.arms = 0.1
    again = perception.perceived_risk(model.forces, mobilised, model.non_ruling, rules)
    np.testing.assert_array_equal(again, risk)  # militias deter no one; arms do not count


def test_threat_weighs_rebels_against_the_government_sides_strength_at_the_start():
    model = build()
    regime, rules = model.regime, model.params.threat
    rebels = sum(a.strength for a in model.armed_actors if a.side == 1)
    government = sum(a.strength for a in model.armed_actors if a.side == 0)
    assert regime.g0 == pytest.approx(government) and rebels > 0
    regime.threat_shock = 0.0
    factor = 1.0 + rules.minority_elite_factor * regime.minority_elite
    before = regime.perceive_threat(rebels, government, 0.1, rules)
    expected = (rules.insurgency_weight * rebels / (rebels + government) + 0.2) * factor
    assert before == pytest.approx(expected)
    # a government side that lost half its strength feels no more threatened ...
    assert regime.perceive_threat(rebels, government / 2, 0.1, rules) == before
    # ... unless the weakness backfire is switched on
    weak = rules.model_copy(update={"weakness_threat": 1.0})
    assert regime.perceive_threat(rebels, government / 2, 0.1, weak) == pytest.approx(
        before + 0.5 * factor
    )


def test_exclusion_and_killing_lower_the_legitimacy_a_group_grants():
    model = build()
    rules = model.params.civilians
    args = (model.non_ruling, 0.0, model.ledger, model.initial_persons, rules)
    legitimacy = perception.group_legitimacy(0.8, 0.5, *args)
    np.testing.assert_allclose(legitimacy, [0.8, 0.4])
    deaths = np.zeros_like(model.ledger.deaths[1])
    deaths[0, 1] = 0.1 * model.initial_persons[1]  # the army kills 10% of tevi
    model.ledger.record(1, deaths)
    after = perception.group_legitimacy(0.8, 0.5, *args)
    assert after[0] == legitimacy[0]
    assert after[1] == pytest.approx(0.4 - rules.victimisation_legitimacy_loss * 0.1)


def test_selective_repression_deters_more_where_the_actor_holds_the_district():
    """Kalyvas 2006: a force of order on selective repression counts 1 + selective_deterrence x
    control times; on restraint or mass violence, once."""
    model, army = undeployed()
    rules = model.params.civilians
    n = model.country.n_districts
    rebels = next(a for a in model.armed_actors if a.side == 1)
    army.deployment[0] = army.deployment[1] = 0.01
    rebels.deployment[1] = 0.01 * army.cohesion / rebels.cohesion  # district 1: held half
    mobilised = np.zeros((2, n))
    ratios = {}
    for action in (Action.RESTRAINT, Action.SELECTIVE, Action.MASS):
        army.action = action
        risk = perception.perceived_risk(model.forces, mobilised, model.non_ruling, rules, 0.5)
        ratios[action] = -np.log1p(-risk[1, :2]) / rules.arrest_k
    np.testing.assert_allclose(ratios[Action.SELECTIVE], ratios[Action.RESTRAINT] * [1.5, 1.25])
    np.testing.assert_array_equal(ratios[Action.MASS], ratios[Action.RESTRAINT])

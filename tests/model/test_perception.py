"""Perception (docs/model.md 7.2, 7.9, 7.10): civilians' risk, the regime's threat, legitimacy."""

import numpy as np
import pytest

from scenarios.model import perception
from tests.helpers import build_model


def build():
    return build_model("pre_election_crisis", [], agents=4000, weeks=156, seed=3)


def test_perceived_risk_is_epsteins_arrest_probability():
    model = build()
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
    risk = perception.perceived_risk(model.forces, mobilised, model.non_ruling, rules)
    assert risk[1, 0] == pytest.approx(1 - np.exp(-2.3))
    assert risk[1, 0] == pytest.approx(0.90, abs=0.005)
    assert risk[0, 0] == 0.0  # no rebel fighters: no risk for the ruling group
    assert risk[1, 1] == 0.0  # no army fighters there


def test_rebel_balance_is_the_rebels_share_of_effective_fighters():
    model = build()
    rebels = sum(a.strength for a in model.armed_actors if a.side == 1)
    government = sum(a.strength for a in model.armed_actors if a.side == 0)
    assert rebels > 0 and government > 0
    expected = rebels / (rebels + government)
    assert perception.rebel_balance(model.forces) == pytest.approx(expected)
    for actor in model.armed_actors:
        actor.personnel = 0.0
    assert perception.rebel_balance(model.forces) == 0.0


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

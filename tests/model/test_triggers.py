"""Triggers (docs/model.md 7.1): when they fire, and what each kind does."""

import numpy as np
import pytest
import simpy

from scenarios.config.behaviour import ThreatRules, ViolenceRules
from scenarios.config.scenario import TriggersSpec
from scenarios.model.event_log import EventLog
from scenarios.model.triggers import apply_trigger, start_triggers
from tests.helpers import build_model


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


def fire(kind: str, model, factional: bool = False) -> tuple[str, int]:
    """Apply trigger ``kind`` to ``model``'s regime and actors (ideology 0.5, no democracy)."""
    return apply_trigger(
        kind,
        model.regime,
        0.5,
        False,
        factional,
        model.armed_actors,
        np.random.default_rng(0),
        ThreatRules(),
        ViolenceRules(),
    )


def test_a_coup_attempt_splits_state_forces_and_shocks_the_regime():
    model = build_model("pre_election_crisis", [], weeks=10)
    cohesion = {a.name: a.cohesion for a in model.armed_actors}
    rules = ThreatRules()
    assert fire("coup_attempt", model) == ("", 0)
    assert model.regime.threat_shock == rules.coup_threat
    for actor in model.armed_actors:
        factor = 1.0 - rules.coup_cohesion_loss if actor.kind == "state_forces" else 1.0
        assert actor.cohesion == pytest.approx(cohesion[actor.name] * factor)


def test_a_rebel_offensive_needs_rebels():
    model = build_model("pre_election_crisis", [], weeks=10)
    assert fire("rebel_offensive", model) == ("", ViolenceRules().offensive_weeks)
    for actor in model.armed_actors:
        if actor.side == 1:
            actor.personnel = 0.0
    assert fire("rebel_offensive", model) == ("no rebel actor", 0)


def test_a_lost_election_shocks_more_than_a_won_one():
    rules = ThreatRules()
    shocks = {}
    for legitimacy in (0.0, 1.0):  # certain loss, certain win
        model = build_model("pre_election_crisis", [], weeks=10)
        model.regime.legitimacy = legitimacy
        detail, _ = fire("election", model)
        shocks[detail] = model.regime.threat_shock
    assert shocks["incumbent lost"] == pytest.approx(rules.election_threat)
    assert shocks["incumbent won"] == pytest.approx(
        rules.election_threat * rules.election_win_share
    )


@pytest.mark.parametrize("kind", ["election", "assassination", "coup_attempt", "rebel_offensive"])
def test_factional_politics_enlarge_every_threat_shock(kind):
    rules = ThreatRules()
    shocks = []
    for factional in (False, True):
        model = build_model("pre_election_crisis", [], weeks=10)
        model.regime.legitimacy = 0.0  # an election is then lost for certain
        fire(kind, model, factional)
        shocks.append(model.regime.threat_shock)
    assert shocks[0] > 0
    assert shocks[1] == pytest.approx(shocks[0] * (1 + rules.factional_instability))

"""The escalation ladder (docs/model.md 7.3), as pure functions: order, gate, ramp, wind-down,
and the direction of every term of the pressure."""

import math

import numpy as np
import pytest

from scenarios.config.behaviour import EscalationRules
from scenarios.model import escalation
from scenarios.model.decisions import Action
from scenarios.model.escalation import Ladder, Pressure
from tests.helpers import ACUTE, build_model

RULES = EscalationRules()
STRONG = Pressure(disposition=1.0, structure=1.3, capacity=0.9, cost=0.05, restraint=0.0)


def run(ladder: Ladder, threat: float, weeks: int, terms: float, rules=RULES) -> list[Action]:
    rungs = []
    for _ in range(weeks):
        escalation.update(ladder, threat, terms, 0.0, rules)
        rungs.append(ladder.rung)
    return rungs


def test_a_held_threat_climbs_the_ladder_one_rung_at_a_time():
    ladder = Ladder(log_threshold=math.log(0.6))
    rungs = run(ladder, 1.0, 80, STRONG.log(RULES.cost_weight))
    first_selective = rungs.index(Action.SELECTIVE)
    first_mass = rungs.index(Action.MASS)
    assert rungs[0] == Action.RESTRAINT  # the smoothed threat starts below repression_threat
    assert first_selective + 2 <= first_mass  # repression first, for weeks
    assert ladder.campaign > 0.5


def test_an_extreme_threat_opens_the_way_without_failed_repression():
    rules = RULES.model_copy(update={"extreme_threat": 1.0, "patience_weeks": 1000.0})
    slow = RULES.model_copy(update={"patience_weeks": 1000.0})
    terms = STRONG.log(RULES.cost_weight)
    extreme_ladder, patient_ladder = Ladder(0.0), Ladder(0.0)
    run(extreme_ladder, 1.8, 30, terms, rules)
    run(patient_ladder, 1.8, 30, terms, slow)  # 1.8 is below the default extreme_threat
    assert extreme_ladder.rung == Action.MASS
    assert patient_ladder.campaign == 0.0


def test_a_falling_threat_winds_a_campaign_down_geometrically_then_steps_down():
    ladder = Ladder(log_threshold=math.log(0.5))
    terms = STRONG.log(RULES.cost_weight)
    run(ladder, 1.5, 80, terms)
    assert ladder.rung == Action.MASS
    ladder.threat_bar = 0.0  # the threat is gone: the target intensity is 0 from now on
    start = ladder.campaign
    run(ladder, 0.0, 12, terms)
    expected = start * (1 - 1 / RULES.wind_down_weeks) ** 12
    assert ladder.campaign == pytest.approx(expected, rel=1e-12)
    rungs = run(ladder, 0.0, 200, terms)
    assert rungs.index(Action.SELECTIVE) < rungs.index(Action.RESTRAINT)
    assert rungs[-1] == Action.RESTRAINT


def test_entrenchment_slows_the_wind_down():
    terms = STRONG.log(RULES.cost_weight)
    plain, entrenched = Ladder(math.log(0.5)), Ladder(math.log(0.5))
    for ladder in (plain, entrenched):
        run(ladder, 1.5, 80, terms)
        ladder.threat_bar = 0.0
    for _ in range(10):
        escalation.update(plain, 0.0, terms, 0.0, RULES)
        escalation.update(entrenched, 0.0, terms, 0.0, RULES, entrenchment=1.0)
    assert entrenched.campaign > plain.campaign


def test_repression_that_works_keeps_the_gate_shut():
    terms = STRONG.log(RULES.cost_weight)
    worked = Ladder(log_threshold=math.log(0.5), threat_bar=1.0)
    failed = Ladder(log_threshold=math.log(0.5), threat_bar=1.0)
    run(worked, 0.6, 60, terms)  # the threat falls by 40%, more than required_drop
    run(failed, 1.0, 60, terms)  # the threat stays where it was
    assert worked.failure < 0.1
    assert worked.rung == Action.SELECTIVE
    assert failed.rung == Action.MASS


def test_a_threshold_above_the_pressure_means_no_campaign():
    ladder = Ladder(log_threshold=math.log(50.0))
    run(ladder, 1.5, 150, STRONG.log(RULES.cost_weight))
    assert ladder.campaign == 0.0
    assert ladder.rung == Action.SELECTIVE


@pytest.mark.parametrize(
    ("change", "higher"),
    [
        ({"disposition": 1.5}, True),
        ({"structure": 1.6}, True),
        ({"capacity": 0.95}, True),
        ({"cost": 0.5}, False),
        ({"restraint": 0.3}, False),
    ],
)
def test_every_term_moves_the_pressure_its_way(change, higher):
    base = STRONG.log(RULES.cost_weight)
    moved = Pressure(**{**STRONG.__dict__, **change}).log(RULES.cost_weight)
    assert (moved > base) == higher


def test_pressure_is_monotone_in_threat_and_terms():
    rng = np.random.default_rng(3)
    for _ in range(200):
        threat, terms = rng.uniform(0.3, 3.0), rng.uniform(-3.0, 1.0)
        low, high = Ladder(0.0), Ladder(0.0)
        run(low, threat, 40, terms)
        run(high, threat * 1.2, 40, terms + 0.1)
        assert high.campaign >= low.campaign


def test_no_capacity_no_campaign():
    terms = Pressure(1.0, 1.0, 0.0, 0.0, 0.0).log(RULES.cost_weight)
    assert terms == -math.inf
    ladder = Ladder(-5.0)
    run(ladder, 3.0, 50, terms)
    assert ladder.campaign == 0.0


def test_capacity_half_at_the_named_fighters_per_thousand():
    assert escalation.capacity(5.0, 1000.0, RULES) == pytest.approx(0.5)
    assert escalation.capacity(0.0, 1000.0, RULES) == 0.0


def test_restraint_orders_autocracy_anocracy_democracy():
    values = [escalation.restraint(t, RULES) for t in ("autocracy", "anocracy", "democracy")]
    assert values[0] == 0.0 < values[1] < values[2] < 1.0


def test_thresholds_state_forces_share_the_regime_draw_and_militias_blend():
    rng = np.random.default_rng(1)
    logs = escalation.leadership_thresholds(
        ["state_forces", "militia", "rebel", "state_forces"], RULES, rng
    )
    regime, own = (lambda r: (r.standard_normal(), r.standard_normal(4)))(np.random.default_rng(1))
    centre, spread, a = math.log(RULES.threshold_median), RULES.threshold_spread, 0.25
    assert logs[0] == logs[3] == pytest.approx(centre + spread * regime)
    assert logs[1] == pytest.approx(centre + spread * ((1 - a) * regime + a * own[1]))
    assert logs[2] == pytest.approx(centre + spread * own[2])


def test_in_the_model_campaigns_follow_weeks_of_repression_unless_the_threat_is_extreme():
    """The ladder's order in whole runs (acute preset, a low threshold so that most runs have
    campaigns): no actor goes from restraint to mass violence, and every campaign follows at
    least two weeks of selective repression unless the extreme-threat gate was open."""
    campaigns = 0
    for seed in range(4):
        model = build_model(
            ACUTE, [], "model.escalation.threshold_median=0.5", agents=2000, weeks=104, seed=seed
        )
        history = {actor.name: [] for actor in model.armed_actors}
        for _ in range(model.weeks):
            model.step()
            for actor in model.armed_actors:
                extreme = escalation.extreme(actor.ladder.threat_bar, model.params.escalation)
                history[actor.name].append((actor.ladder.rung, extreme > 0))
        for rungs in history.values():
            for week in range(1, len(rungs)):
                rung, extreme = rungs[week]
                if rung == Action.MASS and rungs[week - 1][0] != Action.MASS:
                    campaigns += 1
                    assert rungs[week - 1][0] == Action.SELECTIVE
                    before = [r for r, _ in rungs[max(0, week - 2) : week]]
                    assert extreme or before == [Action.SELECTIVE] * 2
    assert campaigns >= 3


def test_in_the_model_a_campaign_winds_down_when_mediation_lowers_the_threat():
    """De-escalation: mediation that removes 90% of the threat from week 30 leaves a weaker
    campaign at week 60 than the same runs without it."""
    lower, higher = 0, 0
    mediation = {
        "step": "mediation",
        "start": {"week": 30},
        "decision_lag": 0,
        "deployment_lag": 0,
        "duration": 156,
    }
    for seed in range(3):
        runs = []
        for steps in ([], [mediation]):
            model = build_model(
                ACUTE,
                steps,
                "model.escalation.threshold_median=0.5",
                "model.steps.mediation.threat_reduction=0.9",
                agents=2000,
                weeks=60,
                seed=seed,
            )
            model.run()
            runs.append(model.records[-1]["campaign_intensity"])
        lower += runs[1] < runs[0]
        higher += runs[1] > runs[0]
    assert lower == 3 and higher == 0

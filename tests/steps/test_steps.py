"""The continuum of steps: lifecycle trace, timing of effects, shared troops, vetoes, notice
lags, and bad strategy input through the command line."""

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, MeasuresInForce, Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.config.document import BACKFIRES_BEGIN, BACKFIRES_END, with_backfire_table
from scenarios.config.errors import ConfigError
from scenarios.config.loading import load
from scenarios.config.steps import BACKFIRES, StepsParams
from scenarios.config.strategy import StepSpec
from scenarios.model.model import CountryModel
from scenarios.steps.base import PHASES, Step
from scenarios.steps.reaction import protection_curve
from scenarios.steps.registry import STEPS
from tests.helpers import assert_refused, build_model, run_cli

ACUTE = "insurgency_minority_regime"
ROOT = Path(__file__).resolve().parents[2]


def build(steps: list[dict], *overrides: str, weeks: int = 20, seed: int = 0) -> CountryModel:
    """A model of the acute preset (2,000 rows) with a strategy made of ``steps``."""
    return build_model(ACUTE, steps, *overrides, weeks=weeks, seed=seed)


def step_rows(model: CountryModel) -> list[dict]:
    return [row for row in model.event_log.rows if row["category"] == "step"]


def phases(model: CountryModel) -> list[tuple[str, int]]:
    """(phase, week) of every step transition, in log order."""
    return [(row["phase"], row["week"]) for row in step_rows(model)]


def is_neutral(modifiers: Modifiers) -> bool:
    """Whether every field equals that of neutral ``Modifiers`` (arrays compared in full)."""
    neutral = Modifiers(modifiers.n_districts)
    for field in dataclasses.fields(Modifiers):
        here, there = getattr(modifiers, field.name), getattr(neutral, field.name)
        if isinstance(there, np.ndarray):
            if here.shape != there.shape or not np.array_equal(here, there):
                return False
        elif here != there:
            return False
    return True


# -- lifecycle ----------------------------------------------------------------------------------


def test_lifecycle_trace_in_simpy_weeks():
    spec = {
        "step": "condemnation",
        "start": {"week": 5},
        "decision_lag": 3,
        "deployment_lag": 4,
        "duration": 10,
    }
    model = build([spec], weeks=25)
    for _ in range(25):
        model.step()
    assert phases(model) == [("considered", 5), ("decided", 8), ("deployed", 12), ("ended", 22)]
    assert all(row["kind"] == "condemnation" for row in step_rows(model))


@pytest.mark.parametrize("name", sorted(STEPS))
def test_effect_only_from_deployment_and_promise_only_from_decision(name):
    spec = {"step": name, "start": {"week": 2}, "decision_lag": 2, "deployment_lag": 3}
    model = build(
        [spec],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        weeks=9,
    )
    weekly = {}
    for _ in range(9):
        model.step()
        weekly[model.steps] = model.modifiers  # rebuilt as a new object every week
    assert phases(model) == [("considered", 2), ("decided", 4), ("deployed", 7)]
    for week in (1, 2, 3):
        assert is_neutral(weekly[week]), f"{name} acts in week {week}, before its decision"
    for week in (7, 8, 9):
        assert not is_neutral(weekly[week]), f"{name} has no effect in week {week}, deployed"
    if name == "military_intervention":
        for week in (4, 5, 6):
            assert weekly[week].rebel_emboldening > 0  # the promise: moral hazard
            assert weekly[week].government_attrition == 0
        for week in (7, 8, 9):
            assert weekly[week].government_attrition > 0
    else:
        for week in (4, 5, 6):
            assert is_neutral(weekly[week]), f"{name} acts in week {week}, before deployment"


def test_snapshot_helper_detects_array_changes():
    modifiers = Modifiers(4)
    assert is_neutral(modifiers)
    modifiers.kill_multiplier[2] = 2.0
    assert not is_neutral(modifiers)
    modifiers = Modifiers(4)
    modifiers.embargo[0] = 0.3
    assert not is_neutral(modifiers)


@pytest.mark.parametrize(
    ("name", "field", "neutral_value"),
    [
        ("arms_embargo", "embargo", None),
        ("safe_areas", "safe_areas", None),
        ("peacekeeping", "peacekeepers", None),
        ("targeted_sanctions", "expected_cost", 0.0),
        ("mediation", "threat_factor", 1.0),
    ],
)
def test_named_channel_changes_once_deployed(name, field, neutral_value):
    spec = {"step": name, "start": {"week": 1}, "decision_lag": 0, "deployment_lag": 1}
    model = build(
        [spec],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        weeks=3,
    )
    model.step()
    before = np.copy(getattr(model.modifiers, field))
    model.step()
    after = getattr(model.modifiers, field)
    assert not np.array_equal(before, after)
    if neutral_value is not None:
        assert before == neutral_value
    if name == "safe_areas":
        assert after.any() and (model.modifiers.kill_multiplier != 1.0).any()
    if name == "arms_embargo":
        leakage = model.stakeholders["neighbours"].arms_leakage
        assert model.modifiers.arms_inflow(leakage)[0] == pytest.approx(leakage)


# -- effect sizes, one step on a synthetic country (no model) ----------------------------------


def uniform_view(districts: int = 5, persons: float = 10_000.0) -> CountryView:
    """A country of ``districts`` equal districts, half ruling and half non-ruling group, all
    present, no danger yet."""
    census = np.zeros((2, districts, 2))  # (groups, districts, statuses: present, fled)
    census[:, :, 0] = persons / 2
    view = CountryView([], np.array([False, True]), [0], 1, MeasuresInForce())
    view.refresh(census, np.zeros((2, districts)))
    return view


def in_effect(name: str, intensity: float = 1.0, **params) -> Step:
    """Step ``name`` in effect with all the personnel it asks for, its parameters overridden."""
    section = type(getattr(StepsParams(), name))
    spec = StepSpec(step=name, intensity=intensity)
    step = STEPS[name](spec, section(**params), 0, np.random.default_rng(0))
    step.active, step.decided = True, True
    step.personnel = step.personnel_needed()
    return step


def applied(step: Step, view: CountryView | None = None, weeks: int = 1) -> Modifiers:
    """The modifiers of the last of ``weeks`` weeks in effect (promise and effect)."""
    view = view or uniform_view()
    step.declare(view.measures, view)
    for _ in range(weeks):
        modifiers = Modifiers(view.n_districts)
        step.promise(modifiers)
        step.apply(modifiers, view)
    return modifiers


@pytest.mark.parametrize("districts", [1, 4, 20])
def test_8000_troops_spread_evenly_reproduce_hks_106_to_2(districts):
    modifiers = applied(in_effect("peacekeeping", troops=8000), uniform_view(districts))
    np.testing.assert_allclose(modifiers.peacekeepers, 8000 / districts, rtol=1e-12)
    np.testing.assert_allclose(modifiers.protection[REBEL], 1 - 2 / 106, rtol=0, atol=1e-9)
    # government-side killing needs twice the presence: exp(-x/2) = sqrt(2/106)
    np.testing.assert_allclose(
        modifiers.protection[GOVERNMENT], 1 - math.sqrt(2 / 106), rtol=0, atol=1e-9
    )
    assert (modifiers.protection[GOVERNMENT] > 0.86).all()  # no 60% cap


def test_200_police_spread_evenly_reproduce_hks_96_to_14():
    modifiers = applied(in_effect("peacekeeping", troops=0, police=200), uniform_view(8))
    np.testing.assert_allclose(modifiers.protection[REBEL], 1 - 14 / 96, rtol=0, atol=1e-9)
    np.testing.assert_allclose(
        modifiers.protection[GOVERNMENT], 1 - math.sqrt(14 / 96), rtol=0, atol=1e-9
    )


@pytest.mark.parametrize("ratio", [1.0, 2.0, 3.5])
def test_government_scale_ratio_divides_the_presence(ratio):
    step = in_effect("peacekeeping", troops=3000, police=50, government_scale_ratio=ratio)
    modifiers = applied(step)
    presence = -np.log1p(-modifiers.protection[REBEL])
    np.testing.assert_allclose(
        modifiers.protection[GOVERNMENT], -np.expm1(-presence / ratio), rtol=1e-12
    )


def test_protection_follows_national_equivalent_presence():
    """A district with three times the residents needs three times the troops for the same
    protection; the country's size does not matter, only shares."""
    params = StepsParams().peacekeeping
    for scale in (1.0, 1e3):
        residents = np.array([1000.0, 3000.0, 4000.0]) * scale
        rebel, government = protection_curve(
            np.array([1000.0, 3000.0, 4000.0]), np.zeros(3), residents, params
        )
        np.testing.assert_allclose(rebel, 1 - 2 / 106, rtol=0, atol=1e-9)
        np.testing.assert_allclose(government, 1 - math.sqrt(2 / 106), rtol=0, atol=1e-9)


def test_protection_rises_with_troops_steeply_then_with_diminishing_returns():
    troops = np.arange(0, 20_001, 1000)
    protection = np.array(
        [applied(in_effect("peacekeeping", troops=int(t))).protection[:, 0] for t in troops]
    )  # (troops, sides) in the first district
    for side in (REBEL, GOVERNMENT):
        gains = np.diff(protection[:, side])
        assert (gains > 0).all()
        assert (np.diff(gains) < 0).all()  # concave
    assert protection[0].tolist() == [0.0, 0.0]


def test_observers_take_from_the_pool_and_protect_no_one():
    step = in_effect("peacekeeping", troops=0, observers=500)
    assert step.personnel_needed() == 500
    modifiers = applied(step)
    assert is_neutral(modifiers)  # observer_risk 0 by default: no effect at all
    risky = applied(in_effect("peacekeeping", troops=0, observers=500, observer_risk=0.5))
    assert not risky.protection.any()
    assert (risky.peacekeepers == 0).all()
    np.testing.assert_allclose(risky.kill_multiplier, 1.5)  # only observers: u = 1


def test_observers_dilute_a_mission_only_through_observer_risk():
    troops_only = applied(in_effect("peacekeeping", troops=1000))
    mixed = in_effect("peacekeeping", troops=1000, observers=1000)
    assert mixed.personnel_needed() == 2000
    with_observers = applied(mixed)
    np.testing.assert_array_equal(with_observers.protection, troops_only.protection)
    np.testing.assert_array_equal(with_observers.kill_multiplier, troops_only.kill_multiplier)
    risky = applied(in_effect("peacekeeping", troops=1000, observers=1000, observer_risk=0.5))
    np.testing.assert_allclose(risky.kill_multiplier, 1 + 0.5 * 0.5)  # u = 1000 / 2000


@pytest.mark.parametrize("intensity", [0.5, 1.0, 2.0])
def test_intervention_interdicts_and_puts_force_in_the_cost_while_in_effect(intensity):
    step = in_effect("military_intervention", intensity=intensity)
    strength = min(1.0, intensity)
    interdiction = step.params.interdiction
    assert interdiction == 0.5
    modifiers = applied(step)
    assert modifiers.force == strength
    np.testing.assert_allclose(modifiers.protection[GOVERNMENT], interdiction * strength)
    assert not modifiers.protection[REBEL].any()
    hazard = step.params.moral_hazard * strength
    assert modifiers.provocation == modifiers.rebel_emboldening == hazard
    promised = Modifiers(5)
    step.promise(promised)  # decided, not yet in effect: the promise only
    assert promised.force == 0.0 and not promised.protection.any()
    assert promised.provocation == hazard


def test_intervention_escalates_only_in_its_first_escalation_weeks():
    step = in_effect("military_intervention", escalation=0.1, escalation_weeks=3)
    shocks = [applied(step).sovereignty_threat for _ in range(6)]
    assert shocks == [0.1, 0.1, 0.1, 0.0, 0.0, 0.0]
    assert applied(in_effect("military_intervention"), weeks=2).sovereignty_threat == 0.0


def test_escalation_weeks_count_from_deployment_in_a_model():
    spec = {
        "step": "military_intervention",
        "start": {"week": 2},
        "decision_lag": 1,
        "deployment_lag": 2,
        "intensity": 2.0,
    }
    model = build(
        [spec],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        "model.steps.military_intervention.escalation=0.05",
        "model.steps.military_intervention.escalation_weeks=2",
        weeks=9,
    )
    shocks = []
    for _ in range(9):
        model.step()
        shocks.append(model.modifiers.sovereignty_threat)
    assert ("deployed", 5) in phases(model)
    assert shocks == [0.0] * 4 + [0.1, 0.1] + [0.0] * 3


def test_sanctions_cut_the_government_sides_resources():
    modifiers = applied(in_effect("targeted_sanctions"))
    assert modifiers.resources.tolist() == [0.8, 1.0]
    half = applied(in_effect("targeted_sanctions", intensity=0.5, resource_cut=0.3))
    assert half.resources[GOVERNMENT] == pytest.approx(0.85)
    view = uniform_view()
    both = Modifiers(view.n_districts)
    for step in (in_effect("targeted_sanctions"), in_effect("targeted_sanctions")):
        step.apply(both, view)
    assert both.resources[GOVERNMENT] == pytest.approx(0.64)  # independent layers
    assert applied(in_effect("targeted_sanctions", intensity=20.0)).resources[GOVERNMENT] == 0.0
    assert applied(in_effect("targeted_sanctions", resource_cut=0.0)).resources.tolist() == [1, 1]


@pytest.mark.parametrize(
    ("override", "expected"),
    [  # a config that names it, or a command line that adds it: the validator's own line
        (
            "+model.steps.peacekeeping.government_effectiveness=0.6",
            "model.steps.peacekeeping: government_effectiveness was removed in issue 10",
        ),
        # a plain override: Hydra finds no such key in the shipped defaults
        ("model.steps.peacekeeping.government_effectiveness=0.6", "unknown key"),
    ],
)
def test_the_removed_government_cap_is_refused_naming_its_successor(override, expected):
    with pytest.raises(ConfigError) as refused:
        load([override])
    message = str(refused.value)
    assert "\n" not in message and expected in message
    assert "government_effectiveness" in message and "government_scale_ratio" in message
    with pytest.raises(ValueError, match=r"government_effectiveness was removed.*successor is "):
        StepsParams.model_validate({"peacekeeping": {"government_effectiveness": 0.6}})


# -- backfires ----------------------------------------------------------------------------------


def test_backfire_table_in_the_docs_is_generated_from_the_registry():
    text = (ROOT / "docs" / "model.md").read_text()
    assert text.count(BACKFIRES_BEGIN) == 1 and text.count(BACKFIRES_END) == 1
    assert text == with_backfire_table(text), "run: python -m scenarios.config.document"
    table = text.split(BACKFIRES_BEGIN)[1].split(BACKFIRES_END)[0]
    for backfire in BACKFIRES:
        assert f"| {backfire.code} | {backfire.name} |" in table


def step_setting(parameter: str) -> tuple[str, str]:
    """(step, parameter name) of a ``model.steps.<step>.<name>`` key."""
    _, _, name, field = parameter.split(".")
    return name, field


STEP_BACKFIRES = [b for b in BACKFIRES if b.parameter and b.parameter.startswith("model.steps.")]
AWAITING_THE_THREAT_RULE: set[str] = set()  # none: every backfire setting is in a schema


def test_backfire_registry_is_complete_and_names_real_settings():
    assert [b.code for b in BACKFIRES] == [f"B{i}" for i in range(1, 10)]
    shipped = load([])[0].model
    for backfire in BACKFIRES:
        if backfire.parameter is None:
            assert backfire.neutral is None and backfire.default is None
            continue
        section, name = backfire.parameter.removeprefix("model.").rsplit(".", 1)
        schema = shipped
        for part in section.split("."):
            schema = getattr(schema, part)
        if backfire.parameter in AWAITING_THE_THREAT_RULE:
            assert name not in type(schema).model_fields, "in the schema now: check its default"
            continue
        assert getattr(schema, name) == backfire.default, backfire.code
        type(schema)(**{name: type(getattr(schema, name))(backfire.neutral)})  # in bounds


# The channel each step backfire acts through, and the step parameters it needs to show.
CHANNELS = {
    "B1": ("rebel_emboldening", {}),
    "B2": ("hardship", {}),
    "B3": ("kill_multiplier", {}),
    "B4": ("sovereignty_threat", {}),
    "B5": ("kill_multiplier", {"troops": 0, "observers": 300}),
    "B7": ("sovereignty_threat", {}),
    "B8": ("entrenchment", {}),
}


@pytest.mark.parametrize("backfire", STEP_BACKFIRES, ids=lambda b: b.code)
def test_each_step_backfire_is_off_at_its_neutral_value(backfire):
    step_name, name = step_setting(backfire.parameter)
    channel, extra = CHANNELS[backfire.code]
    kind = type(type(getattr(StepsParams(), step_name)).model_fields[name].default)
    on = backfire.default if backfire.default != backfire.neutral else backfire.neutral + 0.5
    values = {"off": kind(backfire.neutral), "on": kind(on)}
    neutral = getattr(Modifiers(5), channel)
    effect = {
        label: getattr(applied(in_effect(step_name, **extra, **{name: value})), channel)
        for label, value in values.items()
    }
    assert np.array_equal(effect["off"], neutral), f"{backfire.code} acts at its neutral value"
    assert not np.array_equal(effect["on"], neutral), f"{backfire.code} does not act when on"
    if backfire.code == "B1":  # the provoked offensive's threat shock, through its own channel
        off = applied(in_effect(step_name, **{name: 0.0}))
        assert off.provocation == 0.0


# -- resources ----------------------------------------------------------------------------------


def test_missions_share_the_troop_pool():
    pool = 10_000
    spec = {
        "step": "peacekeeping",
        "start": {"week": 1},
        "decision_lag": 0,
        "deployment_lag": 0,
        "duration": 3,
    }
    model = build(
        [spec, spec],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        f"scenario.stakeholders.peacekeepers={pool}",
        "model.steps.peacekeeping.troops=6000",
        weeks=10,
    )
    first, second = model.steps_taken
    active = {0: [], 1: []}
    for _ in range(10):
        model.step()
        in_field = sum(step.personnel for step in model.steps_taken)
        assert in_field <= pool
        assert model.modifiers.peacekeepers.sum() <= pool + 1e-6
        assert model.peacekeeper_pool.level + in_field == pool
        for i, step in enumerate((first, second)):
            if step.active:
                active[i].append(model.steps)
    assert active[0] == [1, 2, 3]
    assert active[1] == [4, 5, 6]
    rows = step_rows(model)
    waiting = [row for row in rows if row["phase"] == "waiting for troops"]
    assert len(waiting) == 1 and waiting[0]["week"] == 1
    deployed = [row["week"] for row in rows if row["phase"] == "deployed"]
    ended = [row["week"] for row in rows if row["phase"] == "ended"]
    assert deployed == [1, 4] and ended == [4, 7]
    assert rows.index(waiting[0]) < [i for i, r in enumerate(rows) if r["phase"] == "deployed"][1]
    assert model.personnel_weeks == 6 * 6000


# -- vetoes -------------------------------------------------------------------------------------

SANCTIONS = {"step": "targeted_sanctions", "start": {"week": 1}, "decision_lag": 1}


def test_veto_stops_a_council_measure():
    model = build([{**SANCTIONS, "deployment_lag": 1}], "scenario.stakeholders.patron_veto=1.0")
    for _ in range(12):
        model.step()
        assert model.modifiers.expected_cost == 0.0
    assert phases(model) == [("considered", 1), ("vetoed", 2)]
    assert model.money_spent == 0.0


def test_without_veto_a_council_measure_is_decided_and_deployed():
    model = build(
        [{**SANCTIONS, "deployment_lag": 1}],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
    )
    for _ in range(4):
        model.step()
    assert phases(model) == [("considered", 1), ("decided", 2), ("deployed", 3)]
    assert model.modifiers.expected_cost > 0.0


class FixedDraw:
    """A stand-in for the vote's random stream that always draws the same number."""

    def __init__(self, value: float):
        self.value = value

    def random(self) -> float:
        return self.value


def test_fact_finding_makes_a_veto_rarer():
    fact_finding = {
        "step": "fact_finding",
        "start": {"week": 1},
        "decision_lag": 0,
        "deployment_lag": 0,
    }
    model = build([fact_finding], "scenario.stakeholders.patron_veto=0.5")
    council = model.stakeholders["security_council"]
    discount = model.steps_taken[0].params.veto_discount
    assert 0.0 < discount < 1.0
    votes = 20_000
    without = np.mean([council.vetoes() for _ in range(votes)])
    real_rng = council.vote_rng
    council.vote_rng = FixedDraw(0.45)
    assert council.vetoes()
    model.step()  # fact-finding deploys in week 1
    assert model.steps_taken[0].active
    assert not council.vetoes()  # 0.45 >= 0.5 x (1 - discount)
    council.vote_rng = real_rng
    with_findings = np.mean([council.vetoes() for _ in range(votes)])
    assert without == pytest.approx(0.5, abs=0.02)
    assert with_findings == pytest.approx(0.5 * (1.0 - discount), abs=0.02)
    assert with_findings < without - 0.1


# -- what stakeholders see ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "taker"),
    [
        ("condemnation", "regional_organisation"),
        ("targeted_sanctions", "security_council"),
        ("counter_hate_speech", "monitors"),
    ],
)
def test_indicator_start_waits_for_the_takers_notice_lag(name, taker):
    weeks, level = 156, 1000.0
    for seed in range(10):
        start = {"when": "killed", "at_least": level}
        model = build([{"step": name, "start": start}], weeks=weeks, seed=seed)
        model.run()
        if model.records[-1]["killed"] >= level:
            break
    else:
        pytest.fail("no replication reached the level; choose another scenario or level")
    lag = model.stakeholders[taker].notice_lag
    assert lag > 0
    # first week w whose start sees a record (week w - 1 - lag) at the level
    reached = next(r["week"] for r in model.records if r["killed"] >= level)
    assert reached > 1
    expected = reached + 1 + lag
    considered = [row for row in step_rows(model) if row["phase"] == "considered"]
    if expected > weeks:
        assert considered == []
        return
    assert [row["week"] for row in considered] == [expected]
    assert model.records[expected - 2 - lag]["killed"] >= level
    assert model.records[expected - 3 - lag]["killed"] < level


def test_monitoring_shortens_notice_lags():
    monitoring = {
        "step": "monitoring",
        "start": {"week": 2},
        "decision_lag": 0,
        "deployment_lag": 0,
        "duration": 2,
    }
    model = build([monitoring], weeks=5)
    lags = []
    for _ in range(5):
        model.step()
        lags.append({name: s.lag() for name, s in model.stakeholders.items()})
    normal = {name: s.notice_lag for name, s in model.stakeholders.items()}
    assert all(lag > 0 for lag in normal.values())
    assert lags[0] == normal
    for week in (2, 3):
        for name, lag in lags[week - 1].items():
            assert lag < normal[name], (week, name)
    assert lags[3] == normal == lags[4]


# -- command line -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["strategy=appeasement"], "unknown strategy 'appeasement'"),
        (["strategy=coercive_late", "strategy.steps.0.step=bombing"], "unknown step 'bombing'"),
        (
            ["strategy=coercive_late", "strategy.steps.0.start.when=vibes"],
            "unknown indicator 'vibes'",
        ),
        (
            ["strategy=coercive_late", "strategy.steps.0.start.when=threat"],
            "strategy.steps.0.start: when: 'threat' is latent",
        ),
        (
            ["strategy=coercive_late", "+strategy.steps.0.decision_lag=-1"],
            "strategy.steps.0.decision_lag: got -1",
        ),
        (["model.steps.peacekeeping.troops=-5"], "model.steps.peacekeeping.troops: got -5"),
        (
            ["+model.steps.peacekeeping.government_effectiveness=0.6"],
            "model.steps.peacekeeping: government_effectiveness was removed in issue 10",
        ),
        (
            ["model.steps.peacekeeping.government_effectiveness=0.6"],
            "(did you mean 'government_scale_ratio'?)",
        ),
        (
            ["strategy=coercive_late", "+strategy.steps.0._target_=os.system"],
            "unknown key 'strategy.steps.0._target_'",
        ),
        (["+strategy.steps.0._target_=os.system"], "unknown key 'strategy.steps.0._target_'"),
    ],
)
def test_bad_strategy_input_stops_with_one_line_and_writes_nothing(tmp_path, args, expected):
    result = run_cli([*args, "replications=1"], tmp_path)
    assert_refused(result, expected, tmp_path)


def test_strategy_run_writes_step_events_and_costs(tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        [
            f"scenario={ACUTE}",
            "strategy=coercive_late",
            "model.escalation.threshold_median=0.5",  # massacres, so the steps start
            "replications=3",
            "weeks=104",
            "scenario.population.agents=2000",
            "progress=false",
            f"hydra.run.dir={out}",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    events = pd.read_parquet(out / "events.parquet")
    steps = events[events["category"] == "step"]
    assert len(steps) > 0
    assert set(steps["phase"]) <= set(PHASES)
    assert set(steps["kind"]) <= set(STEPS)
    replications = pd.read_parquet(out / "replications.parquet")
    assert (replications["strategy"] == "coercive_late").all()
    for column in ("cost_money", "personnel_weeks"):
        assert column in replications.columns
        assert (replications[column] >= 0).all()

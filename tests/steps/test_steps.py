"""The continuum of steps: lifecycle trace, timing of effects, shared troops, vetoes, notice
lags, and bad strategy input through the command line."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from scenarios.boundary.modifiers import Modifiers
from scenarios.model.model import CountryModel
from scenarios.steps.base import PHASES
from scenarios.steps.registry import STEPS
from tests.helpers import assert_refused, build_model, run_cli

ACUTE = "insurgency_minority_regime"


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

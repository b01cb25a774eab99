"""The model's public surface: one builder, steps taken mid-run, advancing, observing."""

import numpy as np
import pandas as pd
import pytest

from scenarios.config.indicators import INDICATORS, observable
from scenarios.model.model import CountryModel
from scenarios.runs.seeds import replication_seed
from tests.helpers import ACUTE, build_model, make_config

COUNCIL_AGREES = (
    "scenario.stakeholders.patron_veto=0.0",
    "scenario.stakeholders.council_support=1.0",
)
PEACEKEEPING = {"step": "peacekeeping", "decision_lag": 1, "deployment_lag": 2}
EMBARGO = {"step": "arms_embargo", "decision_lag": 0, "deployment_lag": 1}


def outputs(model: CountryModel) -> dict[str, pd.DataFrame]:
    """Everything a run writes: the record, the deaths ledger, the event log, the totals."""
    return {
        "records": pd.DataFrame(model.records),
        "deaths": pd.DataFrame(model.ledger.deaths.reshape(model.ledger.deaths.shape[0], -1)),
        "events": pd.DataFrame(model.event_log.rows),
        "totals": pd.DataFrame([{"money": model.money_spent, "personnel": model.personnel_weeks}]),
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_a_step_taken_mid_run_equals_the_same_step_in_a_strategy(seed):
    week = 9
    declared = build_model(
        ACUTE,
        [{**EMBARGO, "start": {"week": 3}}, {**PEACEKEEPING, "start": {"week": week}}],
        *COUNCIL_AGREES,
        weeks=30,
        seed=seed,
    )
    declared.run()
    taken = build_model(
        ACUTE, [{**EMBARGO, "start": {"week": 3}}], *COUNCIL_AGREES, weeks=30, seed=seed
    )
    taken.advance(week - 1)
    taken.take({**PEACEKEEPING, "start": {"week": week}})
    taken.run()
    assert any(
        r["kind"] == "peacekeeping" and r["phase"] == "deployed" for r in taken.event_log.rows
    )
    for name, frame in outputs(declared).items():
        pd.testing.assert_frame_equal(outputs(taken)[name], frame, check_exact=True, obj=name)


def test_a_step_cannot_start_in_a_week_that_is_done():
    model = build_model(ACUTE, [], weeks=10)
    model.advance(4)
    with pytest.raises(ValueError, match=r"start.week: got 4; week 4 is done.*week 5 or later"):
        model.take({"step": "monitoring", "start": {"week": 4}})
    assert model.steps_taken == []
    model.take({"step": "monitoring", "start": {"week": 5}, "decision_lag": 0, "deployment_lag": 0})
    model.advance(1)
    assert model.steps_taken[0].active


def test_a_bad_step_spec_is_refused_before_anything_changes():
    model = build_model(ACUTE, [], weeks=10)
    with pytest.raises(ValueError, match="unknown step 'peacemaking'"):
        model.take({"step": "peacemaking", "start": {"week": 1}})
    assert model.steps_taken == []


def test_advance_stops_at_the_horizon():
    model = build_model(ACUTE, [], weeks=6)
    model.advance(4)
    assert model.week == 4 and len(model.records) == 4
    with pytest.raises(ValueError, match="at most 2 more"):
        model.advance(3)
    assert model.week == 4
    model.run()
    assert model.week == 6


def test_observable_state_shows_only_observable_indicators_with_a_lag():
    model = build_model(ACUTE, [], "model.escalation.threshold_median=0.3", weeks=12, agents=3000)
    assert model.observable_state() is None
    model.advance(12)
    now, earlier = model.observable_state(), model.observable_state(lag=5)
    assert set(now) == set(observable()) and "threat" not in now
    assert now["killed"] == model.records[-1]["killed"] > 0
    assert earlier["killed"] == model.records[-6]["killed"]


def test_from_config_is_the_replication_builder():
    config = make_config(ACUTE, weeks=8, agents=2000)
    one = CountryModel.from_config(config, replication_seed(config.seed, 0))
    two = CountryModel(
        config.scenario, config.model, config.outcome, 8, replication_seed(config.seed, 0)
    )
    one.run()
    two.run()
    assert one.records == two.records


def test_the_record_holds_every_registered_indicator_in_order():
    model = build_model(ACUTE, [], weeks=3)
    model.run()
    assert list(model.records[0]) == ["week", *INDICATORS]
    last = model.records[-1]
    assert last["killed"] == pytest.approx(model.ledger.total())
    assert last["alive"] + last["killed"] + last["refugees"] == pytest.approx(
        model.initial_persons.sum()
    )
    assert np.isfinite([v for v in last.values() if not isinstance(v, bool)]).all()

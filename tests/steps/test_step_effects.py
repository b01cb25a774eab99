"""Step effects that need a whole model: moral hazard, no double counting, safe-area defence,
paired Council votes, and every shipped strategy."""

import numpy as np
import pytest

from scenarios.boundary.modifiers import GOVERNMENT
from scenarios.config.loading import ConfigError, load, options
from scenarios.runs.replication import run_replication
from tests.helpers import build_model, make_config

ACUTE = "insurgency_minority_regime"
COUNCIL_AGREES = (
    "scenario.stakeholders.patron_veto=0.0",
    "scenario.stakeholders.council_support=1.0",
)


def now(name: str, **extra) -> dict:
    return {"step": name, "start": {"week": 1}, "decision_lag": 0, "deployment_lag": 0, **extra}


def rebels(model) -> float:
    return sum(a.personnel for a in model.armed_actors if a.kind == "rebel")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_promised_intervention_emboldens_rebels_only_with_moral_hazard(seed):
    promised = {**now("military_intervention"), "deployment_lag": 30}
    runs = {}
    for label, hazard in (("none", None), ("no hazard", 0.0), ("hazard", 0.5)):
        steps = [] if hazard is None else [promised]
        overrides = (
            () if hazard is None else (f"model.steps.military_intervention.moral_hazard={hazard}",)
        )
        model = build_model(
            ACUTE, steps, *COUNCIL_AGREES, *overrides, weeks=30, seed=seed, agents=3000
        )
        model.run()
        runs[label] = model
    # before operations start, a promise without moral hazard changes nothing at all...
    assert runs["no hazard"].records == runs["none"].records
    # ...and with it, rebels recruit more and go on the offensive
    assert rebels(runs["hazard"]) > rebels(runs["none"])


def test_a_second_embargo_or_mediation_adds_nothing():
    model = build_model(
        ACUTE,
        [now("arms_embargo"), now("arms_embargo"), now("mediation"), now("mediation")],
        *COUNCIL_AGREES,
        weeks=2,
    )
    model.run()
    leakage = model.stakeholders["neighbours"].arms_leakage
    assert model.modifiers.embargo[GOVERNMENT] == 1.0
    assert model.modifiers.arms_inflow(leakage)[GOVERNMENT] == pytest.approx(leakage)
    reduction = model.params.steps.mediation.threat_reduction
    assert model.modifiers.threat_factor == pytest.approx(1.0 - reduction)


def test_peacekeepers_defend_declared_safe_areas_first():
    model = build_model(ACUTE, [now("safe_areas"), now("peacekeeping")], *COUNCIL_AGREES, weeks=3)
    model.run()
    areas = np.flatnonzero(model.modifiers.safe_areas)
    assert len(areas) == model.params.steps.safe_areas.districts
    needed = model.params.steps.safe_areas.defence_troops
    assert (model.modifiers.peacekeepers[areas] >= needed - 1e-9).all()
    protected = 1.0 - model.params.steps.safe_areas.defended_protection
    np.testing.assert_allclose(model.modifiers.kill_multiplier[areas], protected)


def test_intensity_zero_embargo_and_safe_areas_do_nothing():
    model = build_model(
        ACUTE,
        [now("arms_embargo", intensity=0.0), now("safe_areas", intensity=0.0)],
        *COUNCIL_AGREES,
        weeks=2,
    )
    model.run()
    assert (model.modifiers.embargo == 0.0).all()
    assert (model.modifiers.kill_multiplier == 1.0).all()


def test_council_votes_on_a_step_are_paired_across_strategies():
    """The first peacekeeping vote meets the same draws whatever else the strategy holds."""
    odds = ("scenario.stakeholders.patron_veto=0.5", "scenario.stakeholders.council_support=0.6")
    outcomes = {"alone": [], "with sanctions": []}
    for seed in range(12):
        for label, steps in (
            ("alone", [now("peacekeeping")]),
            ("with sanctions", [now("targeted_sanctions"), now("peacekeeping")]),
        ):
            model = build_model(ACUTE, steps, *odds, weeks=2, seed=seed)
            model.run()
            outcomes[label].append(
                next(
                    r["phase"]
                    for r in model.event_log.rows
                    if r["kind"] == "peacekeeping"
                    and r["phase"] in ("vetoed", "rejected", "decided")
                )
            )
    assert outcomes["alone"] == outcomes["with sanctions"]
    assert len(set(outcomes["alone"])) > 1  # the votes do vary between seeds


@pytest.mark.parametrize("strategy", options("strategy"))
def test_every_shipped_strategy_runs_and_logs_its_steps(strategy):
    config = make_config(
        ACUTE,
        f"strategy={strategy}",
        "model.escalation.threshold_median=0.5",
        agents=3000,
        weeks=104,
    )
    result = run_replication(config, 0)
    assert result.summary["strategy"] == strategy
    steps = result.events[result.events["category"] == "step"]
    assert len(steps) >= min(1, len(config.strategy.steps))
    if config.strategy.steps:
        assert result.summary["cost_money"] >= 0
        assert set(steps["kind"]) <= {s.step for s in config.strategy.steps}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (["strategy=coercive_late", "strategy.steps.0.start.at_least=nan"], "at_least"),
        (["strategy=coercive_late", "strategy.steps.0.start.at_least=inf"], "at_least"),
        (
            [
                "scenario.population.agents=100",
                "scenario.groups.0.share=0.995",
                "scenario.groups.1.share=0.005",
            ],
            "less than one row",
        ),
    ],
)
def test_bad_numbers_are_refused(overrides, expected):
    with pytest.raises(ConfigError, match=expected):
        load([f"scenario={ACUTE}", *overrides])

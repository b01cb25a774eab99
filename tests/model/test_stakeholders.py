"""Stakeholders: the Council's vote, neighbours' borders and camps."""

from scenarios.model.population import FLED
from scenarios.model.stakeholders import AFFIRMATIVE_VOTES, MEMBERS
from tests.helpers import build_model

ACUTE = "insurgency_minority_regime"
SANCTIONS = {
    "step": "targeted_sanctions",
    "start": {"week": 1},
    "decision_lag": 0,
    "deployment_lag": 0,
}


def build(steps, *overrides, weeks=20, agents=2000, seed=0):
    return build_model(ACUTE, steps, *overrides, agents=agents, weeks=weeks, seed=seed)


def phases(model):
    return [row["phase"] for row in model.event_log.rows if row["category"] == "step"]


def test_council_needs_nine_votes_without_a_veto():
    assert (MEMBERS, AFFIRMATIVE_VOTES) == (15, 9)
    rejected = build(
        [SANCTIONS],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=0.0",
        weeks=3,
    )
    rejected.run()
    assert phases(rejected) == ["considered", "rejected"]
    adopted = build(
        [SANCTIONS],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        weeks=3,
    )
    adopted.run()
    assert phases(adopted) == ["considered", "decided", "deployed"]


def test_seen_killing_wins_votes():
    model = build(
        [], "scenario.stakeholders.patron_veto=0.0", "scenario.stakeholders.council_support=0.5"
    )
    council = model.stakeholders["security_council"]
    model.records[:] = [{"killed": 0.0}]
    council.notice_lag = 0
    quiet = [council.vote() for _ in range(2000)]
    model.records[:] = [{"killed": 10_000.0}]
    loud = [council.vote() for _ in range(2000)]
    assert quiet.count("adopted") < 0.6 * len(quiet)  # P(>= 8 of 14 at 0.5) ~ 0.40
    assert loud.count("adopted") > 0.95 * len(loud)  # 0.8 each: P ~ 0.99


def test_neighbours_close_their_borders_at_capacity():
    overrides = (
        "model.escalation.threshold_median=0.3",
        "scenario.stakeholders.refugee_capacity=20000",
    )
    model = build([], *overrides, weeks=80, agents=4000)
    refugees, closed_weeks = [], 0
    for _ in range(model.weeks):
        open_before = model.stakeholders["neighbours"].borders_open(model.view.refugees_abroad())
        before = model.census[:, :, FLED].sum()
        model.step()
        after = model.census[:, :, FLED].sum()
        if not open_before:
            closed_weeks += 1
            assert after == before, "no one flees abroad once the borders are closed"
        refugees.append(after)
    assert max(refugees) >= 20_000, "the run should reach the capacity"
    assert closed_weeks > 0


def test_refugee_camps_feed_the_rebels():
    def rebels(camp_recruitment):
        model = build(
            [],
            "model.escalation.threshold_median=0.3",
            f"scenario.stakeholders.camp_recruitment={camp_recruitment}",
            weeks=60,
            agents=4000,
        )
        model.run()
        assert model.census[1, :, FLED].sum() > 0
        return next(a.personnel for a in model.armed_actors if a.kind == "rebel")

    assert rebels(0.01) > rebels(0.0)


def test_vote_outcomes_are_logged_for_every_coercive_step():
    model = build(
        [SANCTIONS] * 3,
        "scenario.stakeholders.patron_veto=0.5",
        "scenario.stakeholders.council_support=0.6",
        weeks=3,
        seed=4,
    )
    model.run()
    outcomes = [
        (row["step_index"], row["phase"])
        for row in model.event_log.rows
        if row["phase"] in ("vetoed", "rejected", "decided")
    ]
    assert sorted(index for index, _ in outcomes) == [0, 1, 2]  # one outcome per vote


def test_observer_mission_protects_no_one():
    observers = {
        "step": "peacekeeping",
        "start": {"week": 1},
        "decision_lag": 0,
        "deployment_lag": 0,
    }
    model = build(
        [observers],
        "scenario.stakeholders.patron_veto=0.0",
        "scenario.stakeholders.council_support=1.0",
        "model.steps.peacekeeping.troops=0",
        weeks=4,
    )
    model.run()
    assert "deployed" in phases(model)
    assert not model.modifiers.protection.any()
    assert model.personnel_weeks == 0

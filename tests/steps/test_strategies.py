"""What steps do to outcomes, over many paired replications (common random numbers).

Every arm of a comparison runs on the same replication seeds; the Security Council's patron
never vetoes here, so each arm's steps are really taken.
"""

import json

import pytest

from tests.helpers import paired_arm

ACUTE, ELEVATED = "insurgency_minority_regime", "pre_election_crisis"

pytestmark = pytest.mark.statistical
SPREAD_ACROSS_WORKERS = True  # each test on any free worker (see tests/conftest.py)


def step(name: str, week: int = 1, intensity: float = 1.0, immediate: bool = True) -> dict:
    """A step starting in ``week``; ``immediate`` removes its decision and deployment lags."""
    spec = {"step": name, "start": {"week": week}, "intensity": intensity, "duration": 156}
    if immediate:
        spec |= {"decision_lag": 0, "deployment_lag": 0}
    return spec


def deaths(scenario: str, steps: list[dict], *overrides: str) -> float:
    return float(paired_arm(scenario, json.dumps(steps), *overrides)["civilian_deaths"].mean())


def test_peacekeeping_started_earlier_does_at_least_as_well():
    by_week = {
        week: deaths(ACUTE, [step("peacekeeping", week=week, immediate=False)])
        for week in (1, 26, 52)
    }
    assert by_week[1] <= by_week[26] <= by_week[52]
    assert by_week[52] < deaths(ACUTE, [])


def test_sanctions_backfire_only_when_they_hit_civilians():
    none = deaths(ELEVATED, [])
    targeted = deaths(ELEVATED, [step("targeted_sanctions")])
    hitting = deaths(
        ELEVATED, [step("targeted_sanctions")], "model.steps.targeted_sanctions.civilian_impact=0.5"
    )
    assert targeted < none, "well-targeted sanctions raise the cost of killing: no backfire"
    # the same sanctions hitting the economy too (B2): hardship, grievance, mobilisation, threat
    assert hitting > 1.25 * targeted, "sanctions that raise hardship raise grievance: backfire"


def test_safe_areas_backfire_when_undefended_and_protect_when_defended():
    none = deaths(ACUTE, [])
    undefended = deaths(ACUTE, [step("safe_areas")])
    defended = deaths(ACUTE, [step("safe_areas"), step("peacekeeping")])
    assert undefended > none, "undefended safe areas concentrate victims"
    assert defended < none, "safe areas defended by peacekeepers protect"

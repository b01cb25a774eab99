"""The mass-atrocity definition and its onset week (docs/model.md 7.7)."""

import numpy as np
import pytest

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import OutcomeSpec
from scenarios.model.outcomes import DeathLedger


def test_atrocity_needs_threshold_within_window_from_one_side():
    ledger = DeathLedger(
        weeks=120,
        actor_sides=[GOVERNMENT, REBEL],
        n_groups=2,
        definition=OutcomeSpec(threshold=1000, window=52),
    )
    for week in range(1, 11):  # 999 by the government side against group 1
        ledger.record(week, np.array([[0.0, 99.9], [0.0, 0.0]]))
    ledger.record(11, np.array([[0.0, 0.0], [500.0, 0.0]]))  # rebels: other side and group
    assert ledger.atrocity is None
    for week in range(12, 100):  # slow killing: 60 in any 52 weeks after week 63
        ledger.record(week, np.array([[0.0, 0.0], [0.0, 0.0]]))
    ledger.record(100, np.array([[0.0, 999.0], [0.0, 0.0]]))
    assert ledger.atrocity is None  # the first 999 fell out of the window
    ledger.record(101, np.array([[0.0, 1.0], [0.0, 0.0]]))
    assert ledger.atrocity is not None
    assert (ledger.atrocity.onset_week, ledger.atrocity.side, ledger.atrocity.group) == (
        101,
        "government",
        1,
    )


@pytest.mark.parametrize(("second_week", "expected"), [(52, 52), (53, None)])
def test_window_spans_exactly_window_weeks(second_week, expected):
    ledger = DeathLedger(
        weeks=60,
        actor_sides=[GOVERNMENT],
        n_groups=1,
        definition=OutcomeSpec(threshold=1000, window=52),
    )
    for week in range(1, 61):
        killed = 500.0 if week in (1, second_week) else 0.0
        ledger.record(week, np.array([[killed]]))
    onset = ledger.atrocity.onset_week if ledger.atrocity else None
    assert onset == expected


@pytest.mark.parametrize("seed", range(6))
def test_compiled_ledger_equals_its_numpy_statement(seed):
    """The compiled weekly sums by side, the window check, the running totals and the recent
    deaths equal the numpy expressions over the stored deaths."""
    rng = np.random.default_rng(seed)
    sides = np.array([GOVERNMENT, GOVERNMENT, REBEL])
    deaths = rng.random((81, 3, 2)) * 60 * (rng.random((81, 3, 2)) < 0.5)
    deaths[:13] = 0.0
    deaths[40:] *= 1.5  # so that the definition is met late, after full windows
    by_side = np.stack([deaths[:, sides == s].sum(axis=1) for s in (0, 1)], axis=1)
    windows = np.array([by_side[max(0, w - 9) : w + 1].sum(axis=0) for w in range(81)])
    threshold = int(windows[:40].max()) + 1
    hits = np.argwhere(windows >= threshold)  # (week, side, group), week first
    week, side, group = hits[0]
    ledger = DeathLedger(
        weeks=80,
        actor_sides=sides.tolist(),
        n_groups=2,
        definition=OutcomeSpec(threshold=threshold, window=10),
    )
    for w in range(1, 81):
        ledger.record(w, deaths[w])
        np.testing.assert_array_equal(ledger.window_deaths(w), windows[w])
        for s in (GOVERNMENT, REBEL):
            killed = by_side[: w + 1, s].sum(axis=0)
            np.testing.assert_allclose(ledger.killed_by_side(s), killed, rtol=1e-12)
        recent = deaths[max(0, w - 8) : w][:, sides == GOVERNMENT, 1].sum()
        assert ledger.recent_killed(GOVERNMENT, 1, w - 8, w) == pytest.approx(recent, rel=1e-12)
    atrocity = ledger.atrocity
    assert week >= 40
    assert (atrocity.onset_week, atrocity.side, atrocity.group) == (
        week,
        ["government", "rebel"][side],
        group,
    )

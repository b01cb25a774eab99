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

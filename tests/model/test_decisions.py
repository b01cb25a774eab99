"""Whom armed actors act against (docs/model.md 7.3)."""

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.model.decisions import choose_target


def test_government_targets_the_most_mobilised_group_and_rebels_the_ruling_group():
    non_ruling = np.array([False, True, True])
    present = np.array([[100.0, 100.0], [500.0, 500.0], [50.0, 50.0]])
    mobilised = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 5.0]])
    assert choose_target(GOVERNMENT, 0, non_ruling, present, mobilised) == 2
    mobilised[2] = [5.0, 5.0]  # tie on support: the larger group
    assert choose_target(GOVERNMENT, 0, non_ruling, present, mobilised) == 1
    assert choose_target(REBEL, 0, non_ruling, present, mobilised) == 0

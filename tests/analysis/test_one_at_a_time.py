"""The knife-edge table of a one-at-a-time sweep."""

import pandas as pd
import pytest

from scenarios.analysis.one_at_a_time import BEGIN, END, knife_edges, markdown, with_table


def comparison() -> pd.DataFrame:
    """Two presets; threshold_median moves one by 20 points, pressure_noise none by over 5."""
    rows = []
    for scenario, base in (("low", 0.02), ("high", 0.60)):
        rows.append({"scenario": scenario, "perturbation": "none", "p_atrocity": base})
        changes = {
            "escalation.threshold_median.down": 0.20 if scenario == "high" else 0.01,
            "escalation.threshold_median.up": -0.10,
            "escalation.pressure_noise.down": -0.05,
            "escalation.pressure_noise.up": 0.04,
        }
        for name, change in changes.items():
            rows.append(
                {
                    "scenario": scenario,
                    "perturbation": name,
                    "p_atrocity": base + change,
                    "p_diff": change,
                    "p_diff_low": change - 0.03,
                    "p_diff_high": change + 0.03,
                }
            )
    return pd.DataFrame(rows)


def test_a_change_over_the_limit_is_a_knife_edge_and_others_are_not():
    table = knife_edges(comparison()).set_index(["constant", "scenario"])
    assert table.loc[("escalation.threshold_median", "high"), "knife_edge"]
    assert table.loc[("escalation.threshold_median", "high"), "largest"] == pytest.approx(0.20)
    assert not table.loc[("escalation.threshold_median", "low"), "knife_edge"]
    assert not table.loc[("escalation.pressure_noise", "high"), "knife_edge"]
    assert table.loc[("escalation.pressure_noise", "low"), "change_up"] == pytest.approx(0.04)
    assert table.loc[("escalation.threshold_median", "low"), "p_baseline"] == pytest.approx(0.02)


def test_the_markdown_lists_the_worst_constant_first():
    text = markdown(knife_edges(comparison()))
    lines = text.splitlines()
    assert len(lines) == 2 + 4
    assert lines[2].startswith(
        "| `escalation.threshold_median` | yes | high | 60% | +20 (+17 to +23)"
    )
    assert lines[2].endswith("| **yes** |")
    assert all(line.endswith("| no |") for line in lines[3:])


def test_the_table_goes_between_the_markers_and_nowhere_else():
    text = f"before\n{BEGIN}\nold\n{END}\nafter\n"
    assert with_table(text, "new\n") == f"before\n{BEGIN}\nnew\n{END}\nafter\n"
    with pytest.raises(ValueError, match="markers"):
        with_table("no markers", "new\n")


def test_a_sweep_that_is_not_one_at_a_time_is_refused():
    with pytest.raises(ValueError, match="no perturbation column"):
        knife_edges(comparison().drop(columns="perturbation"))

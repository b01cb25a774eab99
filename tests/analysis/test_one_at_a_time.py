"""The knife-edge table of a one-at-a-time sweep."""

import pandas as pd
import pytest

from scenarios.analysis.one_at_a_time import BEGIN, END, knife_edges, markdown, with_table


def comparison() -> pd.DataFrame:
    """Two presets; barrier_mass moves one by 20 points, noise moves nothing by more than 5."""
    rows = []
    for scenario, base in (("low", 0.02), ("high", 0.60)):
        rows.append({"scenario": scenario, "perturbation": "none", "p_atrocity": base})
        changes = {
            "decision.barrier_mass.down": 0.20 if scenario == "high" else 0.01,
            "decision.barrier_mass.up": -0.10,
            "decision.noise.down": -0.05,
            "decision.noise.up": 0.04,
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
    assert table.loc[("decision.barrier_mass", "high"), "knife_edge"]
    assert table.loc[("decision.barrier_mass", "high"), "largest"] == pytest.approx(0.20)
    assert not table.loc[("decision.barrier_mass", "low"), "knife_edge"]
    assert not table.loc[("decision.noise", "high"), "knife_edge"]
    assert table.loc[("decision.noise", "low"), "change_up"] == pytest.approx(0.04)
    assert table.loc[("decision.barrier_mass", "low"), "p_baseline"] == pytest.approx(0.02)


def test_the_markdown_lists_the_worst_constant_first():
    text = markdown(knife_edges(comparison()))
    lines = text.splitlines()
    assert len(lines) == 2 + 4
    assert lines[2].startswith("| `decision.barrier_mass` | yes | high | 60% | +20 (+17 to +23)")
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

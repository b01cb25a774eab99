"""Summaries of the country model's runs in a terminal: a batch's probability of a mass atrocity
with an interval, deaths and onset; a sweep's comparison."""

from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.analysis.statistics import wilson_interval


def atrocity_probability(atrocity: pd.Series, alpha: float = 0.05) -> tuple[float, float, float]:
    """Share of replications with a mass atrocity, and its Wilson score interval."""
    return wilson_interval(int(atrocity.sum()), int(atrocity.count()), alpha=alpha)


def summary_text(replications: pd.DataFrame, output_dir: str | None = None) -> str:
    """A one-screen summary of a batch of replications."""
    p, low, high = atrocity_probability(replications["atrocity"])
    deaths = replications["civilian_deaths"]
    onsets = replications["onset_week"].dropna()
    first = replications.iloc[0]
    lines = [
        f"scenario {first['scenario']}   strategy {first['strategy']}   "
        f"{len(replications)} replications x {first['weeks']} weeks   seed {first['seed']}",
        f"  probability of a mass atrocity  {p:6.1%}   "
        f"(95% Wilson interval {low:.1%} - {high:.1%})",
        f"  civilian deaths                 median {np.median(deaths):,.0f}   "
        f"mean {deaths.mean():,.0f}   90th percentile {np.quantile(deaths, 0.9):,.0f}",
        "  onset week (when one occurred)  "
        + (f"median {onsets.median():.0f}   first {onsets.min():.0f}" if len(onsets) else "none"),
        f"  displaced at the end            median {replications['displaced'].median():,.0f}   "
        f"refugees median {replications['refugees'].median():,.0f}",
    ]
    if output_dir:
        lines.append(f"  results in {output_dir}")
    return "\n".join(lines)


#: Columns of the comparison a terminal shows.
TERMINAL_COLUMNS = (
    "arm",
    "P(mass atrocity), 95% CI",
    "change in P vs baseline",
    "mean deaths (95% CI)",
    "deaths averted vs baseline",
    "cost, USD million",
)


def sweep_summary_text(meta: dict, formatted: pd.DataFrame, html: Path) -> str:
    """A sweep's comparison in a terminal's width: one block per scenario, then where the
    report is."""
    lines = [
        f"{meta['title']}   ({meta['done']} of {meta['jobs']} jobs, {meta['replications']} "
        f"replications per arm, seed {meta['seed']}, baseline {meta['baseline']})"
    ]
    columns = [c for c in TERMINAL_COLUMNS if c in formatted.columns]
    for scenario, rows in formatted.groupby("scenario", sort=False):
        lines += [f"scenario {scenario}", rows[columns].to_string(index=False)]
    lines.append(f"report: {html}")
    return "\n".join(lines)

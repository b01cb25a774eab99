"""Summary statistics of a batch: probability of a mass atrocity with an interval, deaths, onset."""

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

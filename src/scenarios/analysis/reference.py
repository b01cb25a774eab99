"""Per-arm statistics of reference-model runs (Epstein Models I and II), for terminal and report.

Model I: how much rebellion, how bursty (bursts, share of steps in a burst, quiet spells between
bursts). Model II: how often and how fast a group is eliminated (Kaplan–Meier, since runs that
reach the cap are censored), and how much the minority clusters. Each model's parts
(:data:`CIVIL_VIOLENCE_SERIES`, :data:`CIVIL_VIOLENCE_ARMS`, ...) are its kind's in
:mod:`scenarios.kinds`. A reference run's ``scenario`` column holds its model (``model.kind``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from scenarios.analysis.collect import SeriesSpec, SweepStatistics, SweepTables
from scenarios.analysis.statistics import (
    bootstrap_interval,
    kaplan_meier_curve,
    kaplan_meier_median,
    wilson_interval,
)
from scenarios.config.reference import CIVIL_VIOLENCE, ETHNIC_VIOLENCE
from scenarios.runs.reference import BURSTS

#: Model I's series: active, jailed and quiescent citizens by step; the bursts of each run.
CIVIL_VIOLENCE_SERIES = SeriesSpec(
    "step", ("active", "jailed", "quiescent"), events=BURSTS, examples=True
)
#: Model II's series; a run that ends at an elimination keeps its group sizes (the other series
#: stop with the run).
ETHNIC_VIOLENCE_SERIES = SeriesSpec(
    "step",
    ("blue", "green", "blue_active", "green_active", "minority_clustering"),
    carried=("blue", "green"),
    events=BURSTS,
    examples=True,
)


def _mean(values: pd.Series, seed: int) -> tuple[float, float, float]:
    finite = values.dropna().to_numpy(float)
    return bootstrap_interval(finite, np.mean, rng_seed=seed)


def civil_violence_arms(replications: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """One row per arm of Model I runs: means over replications, with 95% bootstrap intervals
    of the mean peak and mean number of actives."""
    rows = []
    for index, (arm, part) in enumerate(replications.groupby("arm", sort=False)):
        peak = _mean(part["peak_active"], seed + 2 * index)
        mean_active = _mean(part["mean_active"], seed + 2 * index + 1)
        rows.append(
            {
                "scenario": str(part["scenario"].iloc[0]),
                "arm": arm,
                "replications": len(part),
                "steps": int(part["steps"].iloc[0]),
                "peak_active": peak[0],
                "peak_active_low": peak[1],
                "peak_active_high": peak[2],
                "mean_active": mean_active[0],
                "mean_active_low": mean_active[1],
                "mean_active_high": mean_active[2],
                "bursts_per_1000_steps": float((part["bursts"] / part["steps"]).mean() * 1000),
                "burst_share": float(part["burst_share"].mean()),
                "mean_quiet": float(part["mean_quiet"].mean()),
                "max_quiet": float(part["max_quiet"].max()),
                "arrests_mean": float(part["arrests"].mean()),
            }
        )
    return pd.DataFrame(rows)


def ethnic_violence_arms(replications: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """One row per arm of Model II runs: share of runs ending in an elimination (Wilson 95%),
    Kaplan–Meier median time to elimination (runs that reach the cap are censored), mean and
    standard deviation of the capped time, and the minority's mean clustering."""
    rows = []
    for index, (arm, part) in enumerate(replications.groupby("arm", sort=False)):
        observed = ~part["censored"].astype(bool)
        p = wilson_interval(int(observed.sum()), len(part))
        median = kaplan_meier_median(part["time_to_elimination"], observed)
        mean_time = _mean(part["time_to_elimination"], seed + index)
        rows.append(
            {
                "scenario": str(part["scenario"].iloc[0]),
                "arm": arm,
                "replications": len(part),
                "cap": int(part["steps"].iloc[0]),
                "p_eliminated": p[0],
                "p_eliminated_low": p[1],
                "p_eliminated_high": p[2],
                "median_time": median[0],
                "median_time_low": median[1],
                "median_time_high": median[2],
                "mean_time_capped": mean_time[0],
                "mean_time_capped_low": mean_time[1],
                "mean_time_capped_high": mean_time[2],
                "sd_time_capped": float(part["time_to_elimination"].std(ddof=1)),
                "killed_mean": float(part["killed"].mean()),
                "mean_clustering": float(part["mean_clustering"].mean()),
            }
        )
    return pd.DataFrame(rows)


#: The outcome whose trend over a numeric swept key a report states, by model.
TREND_OUTCOME: dict[str, tuple[str, str]] = {
    CIVIL_VIOLENCE: ("peak_active", "the peak number of active citizens"),
    ETHNIC_VIOLENCE: ("time_to_elimination", "the time to elimination (capped)"),
}


def trend_finding(replications: pd.DataFrame, sweep_keys: list[str]) -> str | None:
    """One sentence on how the main outcome moves with the one numeric swept key (Spearman's
    rank correlation over all runs), or None when the sweep has no such single key."""
    keys = [k for k in sweep_keys if k in replications]
    if len(keys) != 1 or not pd.api.types.is_numeric_dtype(replications[keys[0]]):
        return None
    key = keys[0]
    column, label = TREND_OUTCOME[str(replications["scenario"].iloc[0])]
    if replications[key].nunique() < 3:
        return None
    result = spearmanr(replications[key], replications[column])
    if not np.isfinite(result.statistic):
        return None
    direction = "rises" if result.statistic > 0 else "falls"
    strength = "clearly" if result.pvalue < 0.01 else "weakly" if result.pvalue < 0.05 else "not"
    if strength == "not":
        return (
            f"{label.capitalize()} shows no clear trend with {key} (Spearman rho "
            f"{result.statistic:.2f}, p = {result.pvalue:.2g}, {len(replications)} runs)."
        )
    return (
        f"{label.capitalize()} {strength} {direction} with {key} (Spearman rho "
        f"{result.statistic:.2f}, p = {result.pvalue:.2g}, {len(replications)} runs)."
    )


def _number(value: float, digits: int = 0) -> str:
    return "n/a" if not np.isfinite(value) else f"{value:,.{digits}f}"


def _interval(row: pd.Series, column: str, digits: int = 0) -> str:
    low, high = row[f"{column}_low"], row[f"{column}_high"]
    return f"{_number(row[column], digits)} ({_number(low, digits)}-{_number(high, digits)})"


def format_civil_violence_arms(table: pd.DataFrame) -> pd.DataFrame:
    """Model I's per-arm table as display strings, with headers a reader understands."""
    return pd.DataFrame(
        {
            "arm": table["arm"],
            "runs x steps": [
                f"{r} x {s}" for r, s in zip(table["replications"], table["steps"], strict=True)
            ],
            "peak actives (95% CI)": [_interval(r, "peak_active") for _, r in table.iterrows()],
            "mean actives (95% CI)": [_interval(r, "mean_active", 1) for _, r in table.iterrows()],
            "bursts per 1000 steps": table["bursts_per_1000_steps"].map(lambda v: _number(v, 1)),
            "steps in a burst": table["burst_share"].map(lambda v: f"{v:.0%}"),
            "mean quiet spell, steps": table["mean_quiet"].map(lambda v: _number(v, 1)),
            "longest quiet spell": table["max_quiet"].map(_number),
        }
    )


def format_ethnic_violence_arms(table: pd.DataFrame) -> pd.DataFrame:
    """Model II's per-arm table as display strings, with headers a reader understands."""
    return pd.DataFrame(
        {
            "arm": table["arm"],
            "runs": table["replications"],
            "P(a group eliminated), 95% CI": [
                f"{r.p_eliminated:.0%} ({r.p_eliminated_low:.0%}-{r.p_eliminated_high:.0%})"
                for r in table.itertuples()
            ],
            "median steps to elimination (95% CI)": [
                _interval(r, "median_time") for _, r in table.iterrows()
            ],
            "mean steps, capped (95% CI)": [
                _interval(r, "mean_time_capped") for _, r in table.iterrows()
            ],
            "sd of steps": table["sd_time_capped"].map(_number),
            "step cap": table["cap"],
            "minority clustering (excess same-group share)": table["mean_clustering"].map(
                lambda v: _number(v, 3)
            ),
        }
    )


def elimination_survival(replications: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier curves of Model II's time to elimination by (scenario, arm); runs that
    reached the cap are censored. The time column is called ``week`` as in the country
    model's :func:`~scenarios.analysis.comparison.survival_table`; it counts steps."""
    curves = []
    for (scenario, arm), rows in replications.groupby(["scenario", "arm"], sort=False):
        observed = ~rows["censored"].astype(bool).to_numpy()
        curve = kaplan_meier_curve(rows["time_to_elimination"].to_numpy(float), observed)
        curves.append(curve.assign(scenario=scenario, arm=arm))
    return pd.concat(curves, ignore_index=True)


def no_survival(replications: pd.DataFrame) -> pd.DataFrame:
    """No survival curves: Model I's runs have no time to an event."""
    return pd.DataFrame()


@dataclass(frozen=True)
class ArmStatistics:
    """How a reference model's runs are summed up per arm: the table (from the replications and
    a seed for the bootstrap), its display strings, and Kaplan–Meier curves by arm."""

    arms: Callable[[pd.DataFrame, int], pd.DataFrame]
    format_arms: Callable[[pd.DataFrame], pd.DataFrame]
    survival: Callable[[pd.DataFrame], pd.DataFrame]

    def summary_text(self, replications: pd.DataFrame, output_dir: str | None = None) -> str:
        """A one-screen summary of a batch of replications."""
        first = replications.iloc[0]
        table = self.format_arms(self.arms(replications.assign(arm=first["strategy"]), 0))
        lines = [
            f"model {first['scenario']}   preset {first['strategy']}   {len(replications)} "
            f"replications x {first['steps']} steps   seed {first['seed']}"
        ]
        lines += [f"  {column:<38}{table[column].iloc[0]}" for column in table.columns[1:]]
        if output_dir:
            lines.append(f"  results in {output_dir}")
        return "\n".join(lines)

    def sweep_statistics(self, tables: SweepTables, baseline: str | None = None) -> SweepStatistics:
        """The arms side by side (a reference report compares no baseline)."""
        arms = self.arms(tables.replications, tables.meta["seed"])
        return SweepStatistics(arms, self.format_arms(arms), self.survival(tables.replications))


CIVIL_VIOLENCE_ARMS = ArmStatistics(civil_violence_arms, format_civil_violence_arms, no_survival)
ETHNIC_VIOLENCE_ARMS = ArmStatistics(
    ethnic_violence_arms, format_ethnic_violence_arms, elimination_survival
)


def sweep_summary_text(meta: dict, formatted: pd.DataFrame, html: Path) -> str:
    """A reference sweep's comparison in a terminal: its title, the arms, where the report is."""
    return "\n".join(
        [
            f"{meta['title']}   ({meta['done']} of {meta['jobs']} jobs, "
            f"{meta['replications']} replications per arm, seed {meta['seed']}, "
            f"model {meta['kind']})",
            formatted.to_string(index=False),
            f"report: {html}",
        ]
    )

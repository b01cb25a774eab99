"""The comparison table of a sweep: one row per (scenario, arm), each against its baseline arm.

Arms of a scenario share common random numbers, so an arm and its baseline are paired on the
``replication`` index and compared through pairwise differences, which are far more precise than
differences of independent estimates.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scenarios.analysis.collect import SweepStatistics, SweepTables
from scenarios.analysis.statistics import (
    bootstrap_interval,
    kaplan_meier_curve,
    kaplan_meier_median,
    mcnemar_pvalue,
    paired_difference,
    wilson_interval,
)

#: Paired differences against the baseline arm (NaN for a baseline arm or one without partner).
DIFFERENCE_COLUMNS = [
    "p_diff",
    "p_diff_low",
    "p_diff_high",
    "p_diff_pvalue",
    "deaths_averted_mean",
    "deaths_averted_low",
    "deaths_averted_high",
]
STATISTIC_COLUMNS = [
    "replications",
    "atrocities",
    "p_atrocity",
    "p_low",
    "p_high",
    "deaths_mean",
    "deaths_mean_low",
    "deaths_mean_high",
    "deaths_median",
    "deaths_median_low",
    "deaths_median_high",
    "onset_median",
    "onset_median_low",
    "onset_median_high",
    "cost_money_mean",
    "personnel_weeks_mean",
    "baseline_arm",
    "pairs",
    *DIFFERENCE_COLUMNS,
]

# Independent bootstrap streams per row: SeedSequence([seed, row, stream]).
_DEATHS_MEAN_STREAM, _DEATHS_MEDIAN_STREAM, _P_DIFF_STREAM, _AVERTED_STREAM = range(4)


def _normalise(value: Any) -> str:
    """Canonical text of a swept value, so that 0, 0.0, "0" and "0.0" compare equal."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    text = str(value).strip()
    if text in ("True", "False"):
        return text.lower()
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    return str(int(number)) if number.is_integer() else repr(number)


def _parse_baseline(
    baseline: str, replications: pd.DataFrame, sweep_keys: Sequence[str]
) -> tuple[str, str]:
    """Split "KEY=VALUE" and check that KEY names a column an arm can be selected by."""
    key, separator, value = baseline.partition("=")
    key = key.strip()
    allowed = [
        column
        for column in dict.fromkeys([*sweep_keys, "strategy", "arm"])
        if column != "scenario" and column in replications.columns
    ]
    if not separator or key not in allowed:
        raise ValueError(
            f"baseline {baseline!r}: key {key!r} is not a column to select the baseline by; "
            f"use KEY=VALUE with KEY one of {', '.join(allowed)}"
        )
    return key, value.strip()


def _by_replication(arm_rows: pd.DataFrame, scenario: str, arm: str) -> pd.DataFrame:
    indexed = arm_rows.set_index("replication").sort_index()
    if indexed.index.has_duplicates:
        raise ValueError(
            f"scenario {scenario!r}, arm {arm!r}: duplicate replication indices; "
            "merge shards before comparing"
        )
    return indexed


def _seed(seed: int, row: int, stream: int) -> np.random.SeedSequence:
    return np.random.SeedSequence([seed, row, stream])


def _arm_statistics(rows: pd.DataFrame, seed: int, row: int) -> dict[str, Any]:
    """Statistics of one arm on its own: probability, deaths, onset, resources."""
    atrocity = rows["atrocity"].to_numpy(dtype=bool)
    deaths = rows["civilian_deaths"].to_numpy(dtype=float)
    durations = np.where(atrocity, rows["onset_week"].to_numpy(dtype=float), rows["weeks"])
    p, p_low, p_high = wilson_interval(int(atrocity.sum()), len(atrocity))
    mean = bootstrap_interval(deaths, np.mean, _seed(seed, row, _DEATHS_MEAN_STREAM))
    median = bootstrap_interval(deaths, np.median, _seed(seed, row, _DEATHS_MEDIAN_STREAM))
    onset = kaplan_meier_median(durations, atrocity)
    return {
        "replications": len(rows),
        "atrocities": int(atrocity.sum()),
        "p_atrocity": p,
        "p_low": p_low,
        "p_high": p_high,
        **dict(zip(("deaths_mean", "deaths_mean_low", "deaths_mean_high"), mean, strict=True)),
        **dict(
            zip(("deaths_median", "deaths_median_low", "deaths_median_high"), median, strict=True)
        ),
        **dict(zip(("onset_median", "onset_median_low", "onset_median_high"), onset, strict=True)),
        "cost_money_mean": float(rows["cost_money"].mean()),
        "personnel_weeks_mean": float(rows["personnel_weeks"].mean()),
    }


def _paired_statistics(
    arm_rows: pd.DataFrame, baseline_rows: pd.DataFrame, seed: int, row: int
) -> dict[str, Any]:
    """Differences between an arm and its baseline over replications present in both."""
    common = arm_rows.index.intersection(baseline_rows.index)
    arm_hits = arm_rows.loc[common, "atrocity"].to_numpy(dtype=bool)
    baseline_hits = baseline_rows.loc[common, "atrocity"].to_numpy(dtype=bool)
    arm_deaths = arm_rows.loc[common, "civilian_deaths"].to_numpy(dtype=float)
    baseline_deaths = baseline_rows.loc[common, "civilian_deaths"].to_numpy(dtype=float)
    p_diff = paired_difference(arm_hits, baseline_hits, _seed(seed, row, _P_DIFF_STREAM))
    averted = paired_difference(baseline_deaths, arm_deaths, _seed(seed, row, _AVERTED_STREAM))
    return {
        "pairs": len(common),
        **dict(zip(("p_diff", "p_diff_low", "p_diff_high"), p_diff, strict=True)),
        "p_diff_pvalue": mcnemar_pvalue(arm_hits, baseline_hits),
        **dict(
            zip(
                ("deaths_averted_mean", "deaths_averted_low", "deaths_averted_high"),
                averted,
                strict=True,
            )
        ),
    }


_NO_DIFFERENCE = {
    "pairs": pd.NA,
    "p_diff": np.nan,
    "p_diff_low": np.nan,
    "p_diff_high": np.nan,
    "p_diff_pvalue": np.nan,
    "deaths_averted_mean": np.nan,
    "deaths_averted_low": np.nan,
    "deaths_averted_high": np.nan,
}


def comparison_table(
    replications: pd.DataFrame,
    sweep_keys: list[str],
    baseline: str = "strategy=none",
    seed: int = 0,
) -> pd.DataFrame:
    """One row per (scenario, arm) with intervals, and paired differences against a baseline arm.

    The baseline partner of an arm is the arm of the same scenario whose ``KEY`` column equals
    ``VALUE`` (numbers compared by value, so "0" matches 0 and 0.0) and which agrees with the arm
    on every other sweep key. Arm and partner are paired on ``replication`` (common random
    numbers). A baseline arm is its own partner with NaN differences; an arm without a partner
    has ``baseline_arm`` None and NaN differences.

    Args:
        replications: The tidy replications table of a sweep (one row per job and replication).
        sweep_keys: Override keys swept over, in order; columns of ``replications``.
        baseline: "KEY=VALUE" selecting the baseline arms, e.g. "strategy=none" or
            "strategy.steps.0.intensity=0".
        seed: Root of every bootstrap seed, so the table is identical run to run.

    Returns:
        Columns ``scenario, arm``, the sweep keys other than scenario and strategy, ``strategy``,
        then ``STATISTIC_COLUMNS``; rows ordered by scenario, then arm, by first appearance.
        Probabilities are fractions; ``p_diff`` is P(arm) - P(baseline) over the pairs and
        ``deaths_averted_mean`` is the mean of baseline minus arm deaths (positive = lives saved).

    Raises:
        ValueError: ``baseline`` is malformed or names no selectable column, a sweep key is
            missing from ``replications``, or an arm repeats a replication index.
    """
    missing = [key for key in sweep_keys if key not in replications.columns]
    if missing:
        raise ValueError(f"sweep keys missing from the replications table: {', '.join(missing)}")
    key, value = _parse_baseline(baseline, replications, sweep_keys)
    key_columns = [k for k in dict.fromkeys(sweep_keys) if k not in ("scenario", "strategy")]
    columns = ["scenario", "arm", *key_columns, "strategy", *STATISTIC_COLUMNS]
    if replications.empty:
        return pd.DataFrame(columns=columns)

    scenario_order = {name: rank for rank, name in enumerate(replications["scenario"].unique())}
    groups = sorted(
        replications.groupby(["scenario", "arm"], sort=False),
        key=lambda item: scenario_order[item[0][0]],
    )
    match_columns = [k for k in dict.fromkeys(sweep_keys) if k not in ("scenario", key)]
    wanted = _normalise(value)
    arms: list[tuple[str, str, pd.Series, pd.DataFrame]] = []
    partners: dict[tuple[str, tuple[str, ...]], str] = {}
    signatures: list[tuple[str, ...]] = []
    for (scenario, arm), rows in groups:
        first = rows.iloc[0]
        signature = tuple(_normalise(first[column]) for column in match_columns)
        arms.append((scenario, arm, first, _by_replication(rows, scenario, arm)))
        signatures.append(signature)
        if _normalise(first[key]) == wanted:
            partners.setdefault((scenario, signature), arm)

    by_arm: dict[tuple[str, str], pd.DataFrame] = {
        (scenario, arm): rows for scenario, arm, _, rows in arms
    }
    records = []
    for row, ((scenario, arm, first, rows), signature) in enumerate(
        zip(arms, signatures, strict=True)
    ):
        partner = partners.get((scenario, signature))
        record = {
            "scenario": scenario,
            "arm": arm,
            **{column: first[column] for column in key_columns},
            "strategy": first["strategy"],
            **_arm_statistics(rows, seed, row),
            "baseline_arm": partner,
        }
        if partner is None or partner == arm:
            record |= _NO_DIFFERENCE
        else:
            record |= _paired_statistics(rows, by_arm[scenario, partner], seed, row)
        records.append(record)

    table = pd.DataFrame.from_records(records, columns=columns)
    table["pairs"] = table["pairs"].astype("Int64")
    table["baseline_arm"] = pd.Series(
        [record["baseline_arm"] for record in records], index=table.index, dtype=object
    )
    return table


# ---------------------------------------------------------------------------------------------
# Human-readable table

MINUS = "\u2212"
MISSING = "—"


def _number(value: float, decimals: int = 0, sign: bool = False) -> str:
    """Thousands-separated number with a typographic minus; MISSING for NaN."""
    if pd.isna(value):
        return MISSING
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    if text.lstrip("+-").strip("0.,") == "":  # rounds to zero: no sign, no "-0"
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def _percent_interval(p: float, low: float, high: float) -> str:
    if pd.isna(p):
        return MISSING
    return f"{_number(100 * p, 1)}% ({_number(100 * low, 1)}–{_number(100 * high, 1)}%)"


def _count_interval(estimate: float, low: float, high: float) -> str:
    if pd.isna(estimate):
        return MISSING
    return f"{_number(estimate)} ({_number(low)}–{_number(high)})"


def _onset_interval(median: float, low: float, high: float) -> str:
    if pd.isna(median):
        return "not reached"
    upper = "not reached" if pd.isna(high) else _number(high)
    return f"{_number(median)} ({_number(low)}–{upper})"


def _difference(
    row: pd.Series, columns: Sequence[str], scale: float, decimals: int, unit: str
) -> str:
    """A paired difference with its interval, or why there is none."""
    if pd.isna(row["baseline_arm"]):
        return "no baseline"
    if row["baseline_arm"] == row["arm"]:
        return "baseline"
    estimate, low, high = (scale * row[column] for column in columns)
    if pd.isna(estimate):
        return MISSING
    signed = _number(estimate, decimals, sign=unit.strip() == "pts")
    return f"{signed}{unit} ({_number(low, decimals)} to {_number(high, decimals)})"


def _pvalue(value: float) -> str:
    if pd.isna(value):
        return MISSING
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def format_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """Readable version of a ``comparison_table`` for the HTML report and the terminal.

    Every cell is a string, e.g. "21.5% (16.4–27.7%)", "852 (700–1,010)",
    "+3.0 pts (0.9 to 5.2)", "−5.0 pts (−9.1 to −1.2)" or "not reached"; negative numbers use a
    typographic minus. The baseline arm reads "baseline" and an arm without one "no baseline".
    """

    def cells(formatter: Callable[..., str], *columns: str) -> list[str]:
        return [formatter(*values) for values in zip(*(table[c] for c in columns), strict=True)]

    rows = [row for _, row in table.iterrows()]
    p_diff = ("p_diff", "p_diff_low", "p_diff_high")
    averted = ("deaths_averted_mean", "deaths_averted_low", "deaths_averted_high")
    return pd.DataFrame(
        {
            "scenario": table["scenario"].astype(str),
            "arm": table["arm"].astype(str),
            "replications": cells(_number, "replications"),
            "P(mass atrocity), 95% CI": cells(_percent_interval, "p_atrocity", "p_low", "p_high"),
            "change in P vs baseline": [_difference(row, p_diff, 100, 1, " pts") for row in rows],
            "McNemar p": cells(_pvalue, "p_diff_pvalue"),
            "mean deaths (95% CI)": cells(
                _count_interval, "deaths_mean", "deaths_mean_low", "deaths_mean_high"
            ),
            "median deaths (95% CI)": cells(
                _count_interval, "deaths_median", "deaths_median_low", "deaths_median_high"
            ),
            "deaths averted vs baseline": [_difference(row, averted, 1, 0, "") for row in rows],
            "median onset week (KM)": cells(
                _onset_interval, "onset_median", "onset_median_low", "onset_median_high"
            ),
            "cost, USD million": [_number(cost, 1) for cost in table["cost_money_mean"]],
            "peacekeeper-weeks": cells(_number, "personnel_weeks_mean"),
        },
        index=table.index,
    )


def survival_table(replications: pd.DataFrame) -> pd.DataFrame:
    """Kaplan-Meier curves of time to onset by (scenario, arm); no atrocity is censored."""
    curves = []
    for (scenario, arm), rows in replications.groupby(["scenario", "arm"], sort=False):
        durations = rows["onset_week"].where(rows["atrocity"], rows["weeks"]).to_numpy(float)
        curve = kaplan_meier_curve(durations, rows["atrocity"].to_numpy(bool))
        curve.insert(0, "arm", arm)
        curve.insert(0, "scenario", scenario)
        curves.append(curve)
    return pd.concat(curves, ignore_index=True)


def country_statistics(tables: SweepTables, baseline: str | None = None) -> SweepStatistics:
    """The comparison of a country-model sweep against ``baseline`` (KEY=VALUE; default: the
    experiment's ``sweep.baseline``, which ``tables.meta`` then names), and its survival curves.

    Raises:
        ValueError: ``baseline`` names a key that is not a column of the results.
    """
    tables.meta["baseline"] = baseline or tables.meta["baseline"]
    comparison = comparison_table(
        tables.replications, tables.sweep_keys, tables.meta["baseline"], seed=tables.meta["seed"]
    )
    return SweepStatistics(
        comparison, format_comparison(comparison), survival_table(tables.replications)
    )

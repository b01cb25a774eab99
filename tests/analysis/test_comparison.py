"""Statistical primitives and the comparison table of a sweep, on synthetic data with planted
effects: intervals must be right where they can be computed by hand, cover the truth where they
cannot, and arms must be paired with the right baseline."""

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from scenarios.analysis.comparison import STATISTIC_COLUMNS, comparison_table, format_comparison
from scenarios.analysis.statistics import (
    bootstrap_interval,
    kaplan_meier_curve,
    kaplan_meier_median,
    mcnemar_pvalue,
    paired_difference,
    wilson_interval,
)

WEEK = "strategy.steps.0.start.week"
INTENSITY = "strategy.steps.0.intensity"
REPLICATIONS = 400


def arm_rows(
    arm: str,
    atrocity: np.ndarray,
    deaths: np.ndarray,
    scenario: str = "acute",
    strategy: str = "peacekeeping_led",
    weeks: int = 52,
    onset: np.ndarray | None = None,
    **sweep_values: object,
) -> pd.DataFrame:
    """Rows of one arm in the tidy replications layout, one per replication index."""
    n = len(atrocity)
    if onset is None:
        onset = np.where(atrocity, 10.0, np.nan)
    return pd.DataFrame(
        {
            "scenario": scenario,
            "strategy": strategy,
            "seed": 7,
            "replication": np.arange(n),
            "atrocity": atrocity.astype(bool),
            "onset_week": onset,
            "civilian_deaths": deaths.astype(float),
            "displaced": 0.0,
            "refugees": 0.0,
            "cost_money": 2.5 if strategy != "none" else 0.0,
            "personnel_weeks": 100.0 if strategy != "none" else 0.0,
            "weeks": weeks,
            "arm": arm,
            "job": 0,
            **sweep_values,
        }
    )


def two_dimensional_sweep(intensities: tuple = (0.0, 0.5, 1.0)) -> pd.DataFrame:
    """Start week x intensity; intensity i averts exactly 200*i deaths against intensity 0 of the
    same week and lowers the risk. The week-13 baseline has 1,000 more deaths than the week-5 one,
    so pairing across weeks would show."""
    rng = np.random.default_rng(20240601)
    risk = rng.random(REPLICATIONS)
    frames = []
    for week, extra in ((5, 0), (13, 1000)):
        baseline_deaths = rng.poisson(800, REPLICATIONS) + extra
        for intensity in intensities:
            level = float(intensity)
            frames.append(
                arm_rows(
                    f"start.week={week}, intensity={intensity}",
                    atrocity=risk < 0.4 - 0.3 * level,
                    deaths=baseline_deaths - 200 * level,
                    strategy="peacekeeping_led",
                    **{WEEK: week, INTENSITY: intensity},
                )
            )
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def no_warnings():
    """Turn every warning (RuntimeWarning from degenerate statistics included) into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- statistics -------------------------------------------------------------------------------


def test_wilson_interval_matches_the_closed_form_and_statsmodels():
    p, low, high = wilson_interval(21, 200)
    z = 1.959963984540054
    centre = (0.105 + z**2 / 400) / (1 + z**2 / 200)
    half = z / (1 + z**2 / 200) * math.sqrt(0.105 * 0.895 / 200 + z**2 / (4 * 200**2))
    assert p == pytest.approx(0.105)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (low, high) == pytest.approx(proportion_confint(21, 200, method="wilson"))
    assert round(low, 4) == 0.0697 and round(high, 4) == 0.1552


def test_wilson_interval_of_no_trials_is_nan():
    assert all(math.isnan(value) for value in wilson_interval(0, 0))


@pytest.mark.parametrize("statistic", [np.mean, np.median])
def test_bootstrap_of_constant_data_is_a_zero_width_interval(no_warnings, statistic):
    assert bootstrap_interval(np.zeros(300), statistic, rng_seed=1) == (0.0, 0.0, 0.0)
    assert bootstrap_interval(np.full(5, 852.0), statistic, rng_seed=1) == (852.0, 852.0, 852.0)


def test_bootstrap_of_mostly_constant_data_gives_finite_intervals(no_warnings):
    deaths = np.zeros(500)
    deaths[:3] = 1000.0
    for statistic in (np.mean, np.median):
        estimate, low, high = bootstrap_interval(deaths, statistic, rng_seed=3)
        assert np.isfinite([estimate, low, high]).all() and low <= estimate <= high


def test_bootstrap_is_deterministic_and_covers_the_mean():
    sample = np.random.default_rng(5).normal(100.0, 20.0, 400)
    first = bootstrap_interval(sample, np.mean, rng_seed=11)
    assert first == bootstrap_interval(sample, np.mean, rng_seed=11)
    assert first != bootstrap_interval(sample, np.mean, rng_seed=12)
    estimate, low, high = first
    assert estimate == pytest.approx(sample.mean())
    assert low < 100.0 < high
    assert high - low == pytest.approx(2 * 1.96 * 20 / math.sqrt(400), rel=0.2)


def test_kaplan_meier_median_of_a_hand_computed_sample(no_warnings):
    # Survival: 0.9 (t=1), 0.8 (2), censored at 3, 0.686 (4), 0.571 (5), 0.457 (6): median 6.
    durations = np.arange(1, 11)
    observed = np.array([1, 1, 0, 1, 1, 1, 1, 1, 1, 1], dtype=bool)
    median, low, high = kaplan_meier_median(durations, observed)
    assert median == 6.0
    assert low <= median <= high

    curve = kaplan_meier_curve(durations, observed)
    assert list(curve.columns) == ["week", "survival", "low", "high"]
    assert curve.iloc[0].tolist() == [0.0, 1.0, 1.0, 1.0]
    survival = dict(zip(curve["week"], curve["survival"], strict=True))
    assert survival[5.0] == pytest.approx(0.8 * 6 / 7 * 5 / 6)
    assert survival[6.0] == pytest.approx(0.8 * 6 / 7 * 5 / 6 * 4 / 5)
    assert 3.0 not in survival  # censoring is not a step
    assert survival[10.0] == 0.0
    assert (curve["low"] <= curve["survival"]).all() and (curve["survival"] <= curve["high"]).all()
    # Pointwise log-log band, as R's survfit(conf.type = "log-log"): 0.473-0.985 after week 1.
    assert curve.loc[1, ["low", "high"]].tolist() == pytest.approx([0.4730, 0.9853], abs=1e-4)


def test_kaplan_meier_median_not_reached_when_fewer_than_half_have_the_event(no_warnings):
    durations = np.array([4, 9, 12, 20, 52, 52, 52, 52, 52, 52], dtype=float)
    observed = durations < 52
    median, _, high = kaplan_meier_median(durations, observed)
    assert math.isnan(median) and math.isnan(high)
    assert all(math.isnan(value) for value in kaplan_meier_median(np.full(8, 52.0), np.zeros(8)))

    curve = kaplan_meier_curve(durations, observed)
    assert curve["week"].iloc[-1] == 52.0  # flat to the horizon
    assert curve["survival"].iloc[-1] == pytest.approx(0.6)


def test_paired_difference_recovers_an_exact_planted_effect(no_warnings):
    baseline = np.random.default_rng(8).poisson(900, 300).astype(float)
    treated = baseline - 50
    assert paired_difference(baseline, treated, rng_seed=0) == (50.0, 50.0, 50.0)


def test_paired_difference_interval_covers_a_noisy_planted_effect():
    rng = np.random.default_rng(9)
    baseline = rng.poisson(900, 400).astype(float)
    treated = baseline - 50 + rng.normal(0, 40, 400)
    _, low, high = paired_difference(baseline, treated, rng_seed=0)
    assert low < 50 < high
    assert high - low < 20  # pairing removes the between-replication variance


def test_mcnemar_pvalue_separates_a_large_effect_from_none(no_warnings):
    rng = np.random.default_rng(10)
    baseline = rng.random(300) < 0.4
    assert mcnemar_pvalue(baseline, baseline) == 1.0
    treated = baseline & (rng.random(300) < 0.5)  # halves the risk, only ever prevents
    assert mcnemar_pvalue(treated, baseline) < 1e-6


# --- comparison table -------------------------------------------------------------------------


def test_comparison_table_columns_and_order():
    table = comparison_table(two_dimensional_sweep(), [WEEK, INTENSITY], f"{INTENSITY}=0")
    assert list(table.columns) == [
        "scenario", "arm", WEEK, INTENSITY, "strategy",
        "replications", "atrocities", "p_atrocity", "p_low", "p_high",
        "deaths_mean", "deaths_mean_low", "deaths_mean_high",
        "deaths_median", "deaths_median_low", "deaths_median_high",
        "onset_median", "onset_median_low", "onset_median_high",
        "cost_money_mean", "personnel_weeks_mean", "baseline_arm", "pairs",
        "p_diff", "p_diff_low", "p_diff_high", "p_diff_pvalue",
        "deaths_averted_mean", "deaths_averted_low", "deaths_averted_high",
    ]  # fmt: skip
    assert list(table.columns[5:]) == STATISTIC_COLUMNS
    assert table["arm"].tolist() == [
        f"start.week={week}, intensity={intensity}"
        for week in (5, 13)
        for intensity in (0.0, 0.5, 1.0)
    ]
    assert (table["replications"] == REPLICATIONS).all()


@pytest.mark.parametrize(
    ("intensities", "baseline"),
    [
        ((0.0, 0.5, 1.0), f"{INTENSITY}=0"),
        ((0.0, 0.5, 1.0), f"{INTENSITY}=0.0"),
        ((0, 0.5, 1), f"{INTENSITY}=0.0"),
        (("0", "0.5", "1"), f"{INTENSITY}=0.0"),
        (("0.0", "0.5", "1.0"), f"{INTENSITY}=0"),
    ],
)
def test_baseline_is_matched_within_the_same_week(intensities, baseline):
    table = comparison_table(two_dimensional_sweep(intensities), [WEEK, INTENSITY], baseline)
    zero = intensities[0]
    for _, row in table.iterrows():
        assert row["baseline_arm"] == f"start.week={row[WEEK]}, intensity={zero}"
        level = float(row[INTENSITY])
        if level == 0:
            assert math.isnan(row["deaths_averted_mean"]) and math.isnan(row["p_diff"])
            assert pd.isna(row["pairs"])
        else:
            assert row["pairs"] == REPLICATIONS
            planted = 200 * level
            averted = (row[c] for c in ("deaths_averted_mean", "deaths_averted_low"))
            assert tuple(averted) == pytest.approx((planted, planted))
            assert row["deaths_averted_high"] == pytest.approx(planted)
            assert row["p_diff"] < 0 and row["p_diff_high"] < 0


def test_strategy_none_baseline_and_the_paired_probability_difference(no_warnings):
    rng = np.random.default_rng(12)
    risk = rng.random(REPLICATIONS)
    deaths = rng.poisson(500, REPLICATIONS).astype(float)
    replications = pd.concat(
        [
            arm_rows("none", risk < 0.4, deaths, strategy="none"),
            arm_rows("same", risk < 0.4, deaths, strategy="placebo"),
            arm_rows("strong", risk < 0.1, deaths * 0.5, strategy="peacekeeping_led"),
        ],
        ignore_index=True,
    )
    table = comparison_table(replications, ["strategy"]).set_index("arm")
    assert table["baseline_arm"].tolist() == ["none", "none", "none"]
    assert list(table.columns).count("strategy") == 1

    same = table.loc["same"]
    assert (same["p_diff"], same["p_diff_low"], same["p_diff_high"]) == (0.0, 0.0, 0.0)
    assert same["p_diff_pvalue"] > 0.05
    assert same["deaths_averted_mean"] == 0.0

    strong = table.loc["strong"]
    expected = np.mean(risk < 0.1) - np.mean(risk < 0.4)
    assert strong["p_diff"] == pytest.approx(expected)
    assert strong["p_diff_low"] < expected < strong["p_diff_high"] < 0
    assert strong["p_diff_pvalue"] < 1e-6
    assert strong["deaths_averted_low"] < deaths.mean() / 2 < strong["deaths_averted_high"]
    assert strong["cost_money_mean"] == 2.5 and strong["personnel_weeks_mean"] == 100.0


def test_pairs_are_the_replications_present_in_both_arms():
    rng = np.random.default_rng(13)
    deaths = rng.poisson(300, 100).astype(float)
    atrocity = rng.random(100) < 0.3
    baseline = arm_rows("none", atrocity, deaths, strategy="none")
    treated = arm_rows("pk", atrocity, deaths - 10, strategy="pk")
    treated = treated[treated["replication"] % 4 != 0]  # a shard is missing
    table = comparison_table(pd.concat([treated, baseline]), ["strategy"], "strategy=none")
    pk = table.set_index("arm").loc["pk"]
    assert pk["pairs"] == 75 and pk["replications"] == 75
    assert pk["deaths_averted_mean"] == 10.0


def test_an_arm_without_a_partner_gets_nan():
    replications = two_dimensional_sweep()
    lonely = replications["arm"] == "start.week=13, intensity=0.0"
    table = comparison_table(replications[~lonely], [WEEK, INTENSITY], f"{INTENSITY}=0")
    week_13 = table[table[WEEK] == 13]
    assert len(week_13) == 2
    assert all(partner is None for partner in week_13["baseline_arm"])
    assert week_13[["p_diff", "p_diff_pvalue", "deaths_averted_mean"]].isna().all().all()
    assert week_13["pairs"].isna().all()
    assert table[table[WEEK] == 5]["baseline_arm"].notna().all()


def test_baseline_never_crosses_scenarios():
    replications = two_dimensional_sweep()
    other = replications[replications[INTENSITY] != 0].assign(scenario="calm")
    table = comparison_table(
        pd.concat([replications, other]), ["scenario", WEEK, INTENSITY], f"{INTENSITY}=0"
    )
    assert table["scenario"].tolist() == ["acute"] * 6 + ["calm"] * 4
    assert "scenario" not in table.columns[2:]
    calm = table[table["scenario"] == "calm"]
    assert calm["baseline_arm"].isna().all()


def test_unknown_baseline_key_raises_a_value_error_naming_it():
    replications = two_dimensional_sweep()
    with pytest.raises(ValueError, match=re.escape("strategy.steps.0.troops")) as error:
        comparison_table(replications, [WEEK, INTENSITY], "strategy.steps.0.troops=0")
    message = str(error.value)
    assert "\n" not in message and INTENSITY in message and WEEK in message
    with pytest.raises(ValueError, match="intensity"):
        comparison_table(replications, [WEEK, INTENSITY], "intensity")


def test_comparison_table_is_deterministic():
    replications = two_dimensional_sweep()
    first = comparison_table(replications, [WEEK, INTENSITY], f"{INTENSITY}=0", seed=3)
    second = comparison_table(replications.copy(), [WEEK, INTENSITY], f"{INTENSITY}=0", seed=3)
    pd.testing.assert_frame_equal(first, second)


def test_onset_is_censored_at_the_horizon(no_warnings):
    atrocity = np.arange(20) < 12
    onset = np.where(atrocity, np.arange(20) + 1.0, np.nan)  # onsets at weeks 1..12
    replications = pd.concat(
        [
            arm_rows("none", atrocity, np.full(20, 700.0), strategy="none", onset=onset),
            arm_rows("calm", np.zeros(20, bool), np.zeros(20), strategy="pk", weeks=30),
        ]
    )
    table = comparison_table(replications, [], "strategy=none").set_index("arm")
    assert table.loc["none", "onset_median"] == 11.0  # survival first below 0.5: 9/20 at week 11
    assert math.isnan(table.loc["calm", "onset_median"])
    assert table.loc["calm", "deaths_mean":"deaths_median_high"].eq(0.0).all()
    assert table.loc["calm", "deaths_averted_mean"] == 700.0


def test_format_comparison_reads_like_a_report(no_warnings):
    rng = np.random.default_rng(14)
    risk = rng.random(REPLICATIONS)
    deaths = rng.poisson(1500, REPLICATIONS).astype(float)
    replications = pd.concat(
        [
            arm_rows("none", risk < 0.3, deaths, strategy="none"),
            arm_rows("pk", risk < 0.2, deaths - 40, strategy="pk"),
            arm_rows("orphan", np.zeros(REPLICATIONS), deaths, scenario="calm", strategy="pk"),
        ]
    )
    table = comparison_table(replications, ["strategy"])
    readable = format_comparison(table).set_index("arm")
    assert {
        "P(mass atrocity), 95% CI",
        "mean deaths (95% CI)",
        "deaths averted vs baseline",
        "median onset week (KM)",
        "cost, USD million",
        "peacekeeper-weeks",
    } <= set(readable.columns)
    assert readable.map(lambda cell: isinstance(cell, str)).all().all()
    pk, none = readable.loc["pk"], readable.loc["none"]
    assert re.fullmatch(r"\d+\.\d% \(\d+\.\d–\d+\.\d%\)", pk["P(mass atrocity), 95% CI"])
    assert re.fullmatch(r"1,\d{3} \(1,\d{3}–1,\d{3}\)", none["mean deaths (95% CI)"])
    assert re.fullmatch(r"−\d+\.\d pts \(−\d+\.\d to −\d+\.\d\)", pk["change in P vs baseline"])
    assert pk["deaths averted vs baseline"] == "40 (40 to 40)"
    assert none["deaths averted vs baseline"] == "baseline"
    assert readable.loc["orphan", "change in P vs baseline"] == "no baseline"
    assert readable.loc["orphan", "median onset week (KM)"] == "not reached"
    assert pk["cost, USD million"] == "2.5" and pk["peacekeeper-weeks"] == "100"

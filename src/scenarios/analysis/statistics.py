"""Statistical primitives for comparing experiment arms.

Thin, deterministic wrappers around scipy and statsmodels: Wilson intervals for the probability of
a mass atrocity, percentile bootstrap intervals for means and medians, Kaplan–Meier estimates of
the time to onset (right-censored at the horizon), and paired differences between arms that share
common random numbers.
"""

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy.stats import bootstrap, norm
from statsmodels.duration.survfunc import SurvfuncRight
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

type Seed = int | Sequence[int] | np.random.SeedSequence
type Interval = tuple[float, float, float]

BOOTSTRAP_RESAMPLES = 2000

_NAN_INTERVAL: Interval = (np.nan, np.nan, np.nan)


def wilson_interval(hits: int, n: int, alpha: float = 0.05) -> Interval:
    """Proportion ``hits / n`` and its Wilson score interval.

    Args:
        hits: Number of successes (e.g. replications with a mass atrocity).
        n: Number of trials; an empty sample gives ``(nan, nan, nan)``.
        alpha: One minus the confidence level.

    Returns:
        ``(proportion, low, high)``.
    """
    if n == 0:
        return _NAN_INTERVAL
    low, high = proportion_confint(int(hits), int(n), alpha=alpha, method="wilson")
    return hits / n, float(low), float(high)


def bootstrap_interval(
    values: Sequence[float] | np.ndarray | pd.Series,
    statistic: Callable[..., np.ndarray] = np.mean,
    rng_seed: Seed = 0,
    confidence_level: float = 0.95,
    n_resamples: int = BOOTSTRAP_RESAMPLES,
) -> Interval:
    """Statistic of a sample with a percentile bootstrap confidence interval.

    Deterministic for a given ``rng_seed``. A constant sample (e.g. no deaths in any replication)
    short-circuits to a zero-width interval, so degenerate data never yields NaN or warnings.

    Args:
        values: One-dimensional sample of finite numbers.
        statistic: Vectorised reduction accepting ``axis`` (``np.mean``, ``np.median``, ...).
        rng_seed: Anything ``np.random.default_rng`` accepts (int, ints, ``SeedSequence``).
        confidence_level: Coverage of the interval.
        n_resamples: Number of bootstrap resamples.

    Returns:
        ``(estimate, low, high)``; all NaN for an empty sample.
    """
    sample = np.asarray(values, dtype=float)
    if sample.size == 0:
        return _NAN_INTERVAL
    estimate = float(statistic(sample, axis=-1))
    if np.all(sample == sample[0]):
        return estimate, estimate, estimate
    result = bootstrap(
        (sample,),
        statistic,
        n_resamples=n_resamples,
        vectorized=True,
        confidence_level=confidence_level,
        method="percentile",
        rng=np.random.default_rng(rng_seed),
    )
    interval = result.confidence_interval
    return estimate, float(interval.low), float(interval.high)


def paired_difference(
    treated: Sequence[float] | np.ndarray | pd.Series,
    baseline: Sequence[float] | np.ndarray | pd.Series,
    rng_seed: Seed = 0,
    confidence_level: float = 0.95,
) -> Interval:
    """Mean of the pairwise differences ``treated - baseline``, bootstrapped over pairs.

    Args:
        treated: Outcome per pair under the treatment (booleans are counted as 0/1).
        baseline: Outcome per pair under the baseline, aligned with ``treated``.
        rng_seed: Seed of the bootstrap.
        confidence_level: Coverage of the interval.

    Returns:
        ``(mean_difference, low, high)``; all NaN when there are no pairs.
    """
    treated_values = np.asarray(treated, dtype=float)
    baseline_values = np.asarray(baseline, dtype=float)
    if treated_values.shape != baseline_values.shape:
        raise ValueError(
            f"paired arrays differ in shape: {treated_values.shape} vs {baseline_values.shape}"
        )
    return bootstrap_interval(
        treated_values - baseline_values, np.mean, rng_seed, confidence_level=confidence_level
    )


def mcnemar_pvalue(
    treated: Sequence[bool] | np.ndarray | pd.Series,
    baseline: Sequence[bool] | np.ndarray | pd.Series,
) -> float:
    """Exact McNemar p-value that paired binary outcomes have the same probability.

    Only discordant pairs carry information; with none the p-value is 1. NaN without pairs.

    Args:
        treated: Outcome per pair under the treatment (e.g. a mass atrocity occurred).
        baseline: Outcome per pair under the baseline, aligned with ``treated``.
    """
    treated_hits = np.asarray(treated, dtype=bool)
    baseline_hits = np.asarray(baseline, dtype=bool)
    if treated_hits.size == 0:
        return np.nan
    table = [
        [np.sum(treated_hits & baseline_hits), np.sum(treated_hits & ~baseline_hits)],
        [np.sum(~treated_hits & baseline_hits), np.sum(~treated_hits & ~baseline_hits)],
    ]
    return float(mcnemar(table, exact=True).pvalue)


def _survival_function(
    durations: Sequence[float] | np.ndarray | pd.Series,
    observed: Sequence[bool] | np.ndarray | pd.Series,
) -> SurvfuncRight:
    return SurvfuncRight(np.asarray(durations, dtype=float), np.asarray(observed, dtype=float))


def kaplan_meier_median(
    durations: Sequence[float] | np.ndarray | pd.Series,
    observed: Sequence[bool] | np.ndarray | pd.Series,
    alpha: float = 0.05,
) -> Interval:
    """Kaplan–Meier median time to event with a confidence interval (cloglog, as in SAS).

    The median is the first event time at which survival falls strictly below 0.5 (statsmodels'
    convention); it is NaN, "not reached", when fewer than half of the subjects have the event.
    A bound that is undefined (e.g. an upper bound beyond the last event) is NaN.

    Args:
        durations: Time to the event, or to censoring for subjects without one.
        observed: Whether the event occurred (False: right-censored at ``durations``).
        alpha: One minus the confidence level.

    Returns:
        ``(median, low, high)``.
    """
    if len(durations) == 0:
        return _NAN_INTERVAL
    survival = _survival_function(durations, observed)
    median = float(survival.quantile(0.5))
    # statsmodels takes log(0) where survival reaches zero; those points are rightly excluded.
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = survival.quantile_ci(0.5, alpha=alpha)
    low, high = (float(bound) if np.isfinite(bound) else np.nan for bound in (low, high))
    return median, low, high


def kaplan_meier_curve(
    durations: Sequence[float] | np.ndarray | pd.Series,
    observed: Sequence[bool] | np.ndarray | pd.Series,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan–Meier survival step function with pointwise log-log confidence bands.

    Starts at week 0 with survival 1 and, when the last subject is censored after the last
    event, ends with a flat step at the largest duration (the horizon) for plotting.

    Args:
        durations: Time to the event, or to censoring for subjects without one.
        observed: Whether the event occurred.
        alpha: One minus the confidence level.

    Returns:
        Columns ``week, survival, low, high``; survival holds from each week until the next row.
    """
    start = pd.DataFrame({"week": [0.0], "survival": [1.0], "low": [1.0], "high": [1.0]})
    if len(durations) == 0:
        return start
    survival = _survival_function(durations, observed)
    times, probabilities = survival.surv_times, survival.surv_prob
    z = norm.ppf(1 - alpha / 2)
    # Greenwood standard error on the log(-log S) scale; undefined where S is 0 or 1.
    with np.errstate(divide="ignore", invalid="ignore"):
        log_survival = np.log(probabilities)
        spread = z * survival.surv_prob_se / np.abs(probabilities * log_survival)
        low = probabilities ** np.exp(spread)
        high = probabilities ** np.exp(-spread)
    extinct = probabilities == 0
    low[extinct], high[extinct] = 0.0, 0.0
    curve = pd.DataFrame({"week": times, "survival": probabilities, "low": low, "high": high})
    horizon = float(np.max(np.asarray(durations, dtype=float)))
    last = curve.iloc[-1] if len(curve) else start.iloc[0]
    tail = [pd.DataFrame([{**last.to_dict(), "week": horizon}])] if horizon > last["week"] else []
    return pd.concat([start, curve, *tail], ignore_index=True)

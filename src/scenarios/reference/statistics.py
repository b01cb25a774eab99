"""Measures of the Epstein runs: bursts, waiting times between them, and their tail.

Definitions (used by the tests and quoted in ``docs/epstein.md``):

- A *burst* is a maximal run of consecutive steps in which the number of active citizens is
  above a threshold (Epstein's "outburst": more than 50 actives); optionally, bursts separated
  by fewer than ``min_quiet`` quiet steps are merged.
- A *waiting time* is the length, in steps, of a quiet spell between two consecutive bursts:
  the start of a burst minus the end of the one before. Spells before the first and after the
  last burst of a run are censored and dropped.
- The *tail* of the waiting times is compared with the geometric distribution on {1, 2, ...}
  with the same mean (the discrete exponential: bursts starting independently with a constant
  hazard). Its coefficient of variation is sqrt(1 - 1/mean) < 1; a heavier tail has a larger
  CV. The CV of waiting times pooled over seeds gets a confidence interval from a bootstrap
  that resamples whole seeds (runs are independent, spells within a run are not).
- :func:`tail_shape` adds measures of the tail itself, each with its value for that geometric
  law: high quantiles over the median, the share of waits longer than 3 means (geometric:
  about e^-3 = 0.05), the mean excess over the 75th percentile in means (geometric: exactly 1,
  it is memoryless; a heavy tail has more, a light one less), the slope of the log-log
  survival function between the median and the 99th percentile (geometric: about -2 at
  these quantiles; a power law with tail index a has -a) and the Hill estimate of the tail
  index on the top 10% (large for exponential-like tails, small, say below 3, for heavy ones).
"""

from dataclasses import dataclass

import numpy as np
import scipy.stats as st


@dataclass(frozen=True)
class Bursts:
    """Bursts of one series: ``starts`` (first step above), ``ends`` (first step back at or
    below the threshold, exclusive), ``peaks`` (maximum actives in each burst)."""

    starts: np.ndarray
    ends: np.ndarray
    peaks: np.ndarray

    @property
    def durations(self) -> np.ndarray:
        """Steps each burst lasts."""
        return self.ends - self.starts

    @property
    def waiting_times(self) -> np.ndarray:
        """Quiet steps between consecutive bursts."""
        return self.starts[1:] - self.ends[:-1]

    @property
    def onset_intervals(self) -> np.ndarray:
        """Steps from the start of a burst to the start of the next."""
        return np.diff(self.starts)


def find_bursts(active: np.ndarray, threshold: float, *, min_quiet: int = 1) -> Bursts:
    """Bursts of ``active`` (one value per step) above ``threshold``.

    Two bursts separated by fewer than ``min_quiet`` quiet steps are merged into one (the
    default, 1, merges nothing). A burst still running at the end of the series ends at its
    last step.
    """
    if min_quiet < 1:
        raise ValueError("min_quiet must be at least 1")
    a = np.asarray(active)
    above = a > threshold
    edges = np.diff(np.concatenate([[0], above.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if min_quiet > 1 and starts.size > 1:
        keep = starts[1:] - ends[:-1] >= min_quiet
        starts = starts[np.concatenate([[True], keep])]
        ends = ends[np.concatenate([keep, [True]])]
    peaks = np.array([a[s:e].max() for s, e in zip(starts, ends, strict=True)], dtype=float)
    return Bursts(starts=starts, ends=ends, peaks=peaks)


@dataclass(frozen=True)
class TailTest:
    """Waiting times pooled over runs, against a geometric law with the same mean.

    Attributes:
        n: waiting times pooled.
        runs: runs they come from.
        mean, cv, excess_kurtosis: of the pooled waiting times.
        cv_low, cv_high: 95% bootstrap interval of the CV (seeds resampled).
        geometric_cv, geometric_excess_kurtosis: of the geometric law with the same mean.
        ks_pvalue: Kolmogorov-Smirnov test of the pooled sample against that law (conservative
            for a discrete law).
    """

    n: int
    runs: int
    mean: float
    cv: float
    excess_kurtosis: float
    cv_low: float
    cv_high: float
    geometric_cv: float
    geometric_excess_kurtosis: float
    ks_pvalue: float

    @property
    def heavier_than_geometric(self) -> bool:
        """The whole CV interval lies above the geometric CV."""
        return self.cv_low > self.geometric_cv

    @property
    def lighter_than_geometric(self) -> bool:
        """The whole CV interval lies below the geometric CV."""
        return self.cv_high < self.geometric_cv


def _cv(x: np.ndarray) -> float:
    return float(np.std(x) / np.mean(x))


def _pooled(per_run: list[np.ndarray], minimum: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The non-empty runs' waiting times as floats, and all of them pooled.

    Raises:
        ValueError: fewer than ``minimum`` waiting times in all.
    """
    runs = [np.asarray(w, dtype=float) for w in per_run if len(w) > 0]
    pooled = np.concatenate(runs) if runs else np.empty(0)
    if pooled.size < minimum:
        raise ValueError(f"fewer than {minimum} waiting times")
    return runs, pooled


def waiting_time_tail(per_run: list[np.ndarray], *, n_boot: int = 2000, seed: int = 0) -> TailTest:
    """Compare waiting times (one array per run) with the geometric law of the same mean."""
    runs, pooled = _pooled(per_run, 3)
    mean = float(pooled.mean())
    p = 1.0 / mean
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    for b in range(n_boot):
        pick = rng.integers(0, len(runs), len(runs))
        boot[b] = _cv(np.concatenate([runs[i] for i in pick]))
    low, high = np.quantile(boot, [0.025, 0.975])
    ks = st.kstest(pooled, st.geom(p).cdf)
    return TailTest(
        n=int(pooled.size),
        runs=len(runs),
        mean=mean,
        cv=_cv(pooled),
        excess_kurtosis=float(st.kurtosis(pooled)),
        cv_low=float(low),
        cv_high=float(high),
        geometric_cv=float(np.sqrt(1.0 - p)),
        geometric_excess_kurtosis=float(6.0 + p * p / (1.0 - p)) if p < 1 else float("nan"),
        ks_pvalue=float(ks.pvalue),
    )


@dataclass(frozen=True)
class TailShape:
    """Shape of the tail of waiting times pooled over runs, next to the geometric law with the
    same mean (``geo_`` fields). Intervals (``_low``, ``_high``) are 95% bootstrap intervals
    that resample whole runs.

    Attributes:
        n, runs, mean, median: of the pooled waiting times.
        cv, cv_low, cv_high, geo_cv: coefficient of variation.
        q90_ratio, q99_ratio, max_ratio: 90th and 99th percentiles and the maximum over the
            median (geometric: about 3.3 and 6.6 for the quantiles).
        beyond_3_means, beyond_low, beyond_high, geo_beyond_3_means: share of waits longer
            than 3 means.
        mean_excess, mean_excess_low, mean_excess_high: E[W - u | W > u] / mean at u = the
            75th percentile (geometric: 1).
        loglog_slope, geo_loglog_slope: least-squares slope of log P(W >= w) against log w over
            the distinct w between the median and the 99th percentile (of the data, or of the
            geometric law).
        hill: Hill estimate of the tail index from the largest 10% (at least 10) waits.
    """

    n: int
    runs: int
    mean: float
    median: float
    cv: float
    cv_low: float
    cv_high: float
    geo_cv: float
    q90_ratio: float
    q99_ratio: float
    max_ratio: float
    beyond_3_means: float
    beyond_low: float
    beyond_high: float
    geo_beyond_3_means: float
    mean_excess: float
    mean_excess_low: float
    mean_excess_high: float
    loglog_slope: float
    geo_loglog_slope: float
    hill: float


def _beyond_3_means(x: np.ndarray) -> float:
    return float(np.mean(x > 3.0 * x.mean()))


def _mean_excess(x: np.ndarray) -> float:
    u = np.quantile(x, 0.75)
    over = x[x > u]
    return float((over - u).mean() / x.mean()) if over.size else float("nan")


def _loglog_slope(x: np.ndarray) -> float:
    lo, hi = np.quantile(x, [0.5, 0.99])
    w = np.unique(x[(x >= lo) & (x <= hi)])
    if w.size < 3:
        return float("nan")
    s = np.array([np.mean(x >= v) for v in w])
    return float(np.polyfit(np.log(w), np.log(s), 1)[0])


def _geometric_loglog_slope(mean: float) -> float:
    geo = st.geom(1.0 / mean)
    w = np.arange(max(1.0, geo.median()), geo.ppf(0.99) + 1)
    if w.size < 3:
        return float("nan")
    return float(np.polyfit(np.log(w), np.log(geo.sf(w - 1)), 1)[0])


def hill_estimate(x: np.ndarray, fraction: float = 0.1, minimum: int = 10) -> float:
    """Hill estimate of the tail index of ``x`` from its ``max(minimum, fraction * n)``
    largest values (positive values only)."""
    x = np.sort(np.asarray(x, dtype=float))[::-1]
    k = max(minimum, int(fraction * x.size))
    if k + 1 > x.size or x[k] <= 0:
        return float("nan")
    logs = np.log(x[:k] / x[k])
    return float(k / logs.sum()) if logs.sum() > 0 else float("inf")


def tail_shape(per_run: list[np.ndarray], *, n_boot: int = 1000, seed: int = 0) -> TailShape:
    """Measures of the tail of waiting times (one array per run); see :class:`TailShape`."""
    runs, x = _pooled(per_run, 20)
    mean = float(x.mean())
    median = float(np.median(x))
    p = 1.0 / mean
    rng = np.random.default_rng(seed)
    boot = np.empty((n_boot, 3))
    for b in range(n_boot):
        y = np.concatenate([runs[i] for i in rng.integers(0, len(runs), len(runs))])
        boot[b] = (_cv(y), _beyond_3_means(y), _mean_excess(y))
    low, high = np.quantile(boot, [0.025, 0.975], axis=0)
    geo = st.geom(p)
    q90, q99 = np.quantile(x, [0.9, 0.99])
    return TailShape(
        n=int(x.size),
        runs=len(runs),
        mean=mean,
        median=median,
        cv=_cv(x),
        cv_low=float(low[0]),
        cv_high=float(high[0]),
        geo_cv=float(np.sqrt(1.0 - p)),
        q90_ratio=float(q90 / median),
        q99_ratio=float(q99 / median),
        max_ratio=float(x.max() / median),
        beyond_3_means=_beyond_3_means(x),
        beyond_low=float(low[1]),
        beyond_high=float(high[1]),
        geo_beyond_3_means=float(geo.sf(np.floor(3.0 * mean))),
        mean_excess=_mean_excess(x),
        mean_excess_low=float(low[2]),
        mean_excess_high=float(high[2]),
        loglog_slope=_loglog_slope(x),
        geo_loglog_slope=_geometric_loglog_slope(mean),
        hill=hill_estimate(x),
    )

"""Measures of the Epstein runs: bursts, waiting times between them, and their tail.

Definitions (used by the tests and quoted in ``docs/epstein.md``):

- A *burst* is a maximal run of consecutive steps in which the number of active citizens is
  above a threshold (the tests use 5% of the citizens).
- A *waiting time* is the length, in steps, of a quiet spell between two consecutive bursts:
  the start of a burst minus the end of the one before. Spells before the first and after the
  last burst of a run are censored and dropped.
- The *tail* of the waiting times is compared with the geometric distribution on {1, 2, ...}
  with the same mean (the discrete exponential: bursts starting independently with a constant
  hazard). Its coefficient of variation is sqrt(1 - 1/mean) < 1; a heavier tail has a larger
  CV. The CV of waiting times pooled over seeds gets a confidence interval from a bootstrap
  that resamples whole seeds (runs are independent, spells within a run are not).
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


def find_bursts(active: np.ndarray, threshold: float) -> Bursts:
    """Bursts of ``active`` (one value per step) above ``threshold``.

    A burst still running at the end of the series ends at its last step.
    """
    above = np.asarray(active) > threshold
    edges = np.diff(np.concatenate([[0], above.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    a = np.asarray(active)
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


def waiting_time_tail(per_run: list[np.ndarray], *, n_boot: int = 2000, seed: int = 0) -> TailTest:
    """Compare waiting times (one array per run) with the geometric law of the same mean."""
    runs = [np.asarray(w, dtype=float) for w in per_run if len(w) > 0]
    if not runs:
        raise ValueError("no waiting times")
    pooled = np.concatenate(runs)
    if pooled.size < 3:
        raise ValueError("fewer than 3 waiting times")
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

"""Compiled loops over civilian rows (numba).

The weekly civilian rules (fear, exposure, grievance, mobilisation; ``docs/model.md`` 7.8-7.10)
touch every row several times; as numpy expressions each is a pass over all rows with a
temporary array, and at 10^4 rows the passes, not the arithmetic, dominate a week. Here they are
fused into one pass per row. The arithmetic is the same float32 arithmetic, in the same order,
as the numpy expressions in :class:`~scenarios.model.population.Population` (no fast-math, no
fused multiply-add), so results are bitwise identical to them; ``tests/test_kernels.py`` checks
this against the numpy reference.

Compiled code is cached on disk next to this module (``cache=True``), so a process compiles
it at most once per machine.
"""

import numba
import numpy as np

HOME = np.int8(0)
MOBILISED = np.int8(1)
ONE = np.float32(1.0)
ZERO = np.float32(0.0)


@numba.njit(cache=True, nogil=True)
def update_civilians(
    status: np.ndarray,
    cell: np.ndarray,
    group: np.ndarray,
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    media_access: np.ndarray,
    grievance: np.ndarray,
    fear: np.ndarray,
    exposure: np.ndarray,
    fear_keep: np.float32,
    fear_gain: np.ndarray,
    any_deaths: bool,
    exposure_keep: np.float32,
    exposure_gain: np.ndarray,
    any_propaganda: bool,
    grievance_factor: np.ndarray,
    grievance_weight: np.ndarray,
    exposure_weight: np.ndarray,
    fear_weight: np.float32,
    risk: np.ndarray,
    threshold: np.float32,
) -> None:
    """One week of the civilian rules for every row, in place.

    Args:
        status, cell, group: row status (int8), cell index (intp), group index (intp).
        hardship, risk_aversion, media_access: fixed row traits (float32).
        grievance, fear, exposure: row state (float32), updated in place.
        fear_keep: share of fear kept from last week.
        fear_gain: (cells,) fear added this week; applied, then capped at 1, if ``any_deaths``.
        exposure_keep: share of exposure kept from last week.
        exposure_gain: (groups,) propaganda gain; applied (times media access and 1 -
            exposure), then clipped to [0, 1], if ``any_propaganda``.
        grievance_factor: (groups,) grievance = min(hardship x factor, 1).
        grievance_weight, exposure_weight: (groups,) weights in the motivation.
        fear_weight: weight of fear in the motivation.
        risk: (cells,) perceived risk of acting.
        threshold: a row at home or mobilised is mobilised when its net motivation exceeds it.
    """
    for i in range(status.size):
        g = group[i]
        c = cell[i]
        f = fear[i] * fear_keep
        if any_deaths:
            f = min(f + fear_gain[c], ONE)
        fear[i] = f
        e = exposure[i] * exposure_keep
        if any_propaganda:
            gain = exposure_gain[g] * media_access[i]
            gain = gain * (ONE - e)
            e = min(max(e + gain, ZERO), ONE)
        exposure[i] = e
        grief = min(hardship[i] * grievance_factor[g], ONE)
        grievance[i] = grief
        if status[i] <= MOBILISED:
            net = grievance_weight[g] * grief
            net = net + exposure_weight[g] * e
            net = net + fear_weight * f
            net = net - risk_aversion[i] * risk[c]
            status[i] = MOBILISED if net > threshold else HOME


@numba.njit(cache=True, nogil=True)
def count_cells(key_cell: np.ndarray, status: np.ndarray, n_status: int, size: int) -> np.ndarray:
    """Rows by ``cell x n_status + status``: ``np.bincount`` of that key, in one pass."""
    counts = np.zeros(size, dtype=np.int64)
    for i in range(status.size):
        counts[key_cell[i] * n_status + status[i]] += 1
    return counts


@numba.njit(cache=True, nogil=True)
def weigh_cells(
    key_cell: np.ndarray, status: np.ndarray, weight: np.ndarray, n_status: int, size: int
) -> np.ndarray:
    """Persons by ``cell x n_status + status``: the weighted ``np.bincount``, in row order."""
    totals = np.zeros(size, dtype=np.float64)
    for i in range(status.size):
        totals[key_cell[i] * n_status + status[i]] += np.float64(weight[i])
    return totals


@numba.njit(cache=True, nogil=True)
def present_sums(
    group: np.ndarray,
    status: np.ndarray,
    weight: np.ndarray,
    values: np.ndarray,
    last_present: int,
    n_groups: int,
) -> np.ndarray:
    """(groups,) sum of ``values x weight`` (float32 product, float64 sum, in row order) over
    rows whose status is at most ``last_present``."""
    sums = np.zeros(n_groups, dtype=np.float64)
    for i in range(status.size):
        if status[i] <= last_present:
            sums[group[i]] += np.float64(values[i] * weight[i])
    return sums


@numba.njit(cache=True, nogil=True)
def below(
    draws: np.ndarray, table: np.ndarray, key_cell: np.ndarray, status: np.ndarray, n_status: int
) -> np.ndarray:
    """Rows whose draw is below the table entry of their ``cell x n_status + status``."""
    hits = np.empty(status.size, dtype=np.intp)
    n = 0
    for i in range(status.size):
        if draws[i] < table[key_cell[i] * n_status + status[i]]:
            hits[n] = i
            n += 1
    return hits[:n].copy()

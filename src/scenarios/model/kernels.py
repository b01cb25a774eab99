"""Compiled loops over civilian rows (numba).

The weekly civilian rules (fear, exposure, grievance, mobilisation; ``docs/model.md`` 7.8-7.10)
touch every row several times; as numpy expressions each is a pass over all rows with a
temporary array, and at 10^4 rows the passes, not the arithmetic, dominate a week. Here they are
fused into one pass per row. The arithmetic is the same float32 arithmetic, in the same order,
as the numpy expressions in :class:`~scenarios.model.population.Population` (no fast-math, no
fused multiply-add), so results are bitwise identical to them;
``tests/model/test_kernels.py`` checks this against the numpy reference.

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


DISPLACED = np.int8(2)
FLED = np.int8(3)
HALF = np.float32(0.5)


@numba.njit(cache=True, nogil=True)
def move_rows(
    status: np.ndarray,
    district: np.ndarray,
    origin: np.ndarray,
    cell: np.ndarray,
    group: np.ndarray,
    n_districts: int,
    fear: np.ndarray,
    risk_aversion: np.ndarray,
    destination: np.ndarray,
    border: np.ndarray,
    displacement_threshold: np.float32,
    flight_threshold: np.float32,
    return_threshold: np.float32,
) -> None:
    """Displacement, flight abroad and return for every row, in place (docs/model.md 7.11).

    The same rule, in the same float32 arithmetic, as
    :meth:`~scenarios.model.population.Population.move_vectorised`: each row's choice depends
    only on its own state at the start of the pass (its old district and cell), so one pass in
    row order gives the same result as the whole-array version. ``destination`` is flat, by
    cell; ``cell`` is kept in step with ``district``.
    """
    for i in range(status.size):
        s = status[i]
        displaced = s == DISPLACED
        in_place = s <= MOBILISED
        if not (displaced or in_place):
            continue
        f = fear[i]
        afraid = f * (HALF + risk_aversion[i]) > displacement_threshold
        if (afraid or displaced) and f > flight_threshold and border[district[i]]:
            status[i] = FLED
        elif afraid and in_place:
            target = np.int16(destination[cell[i]])
            if target != district[i]:
                district[i] = target
                status[i] = DISPLACED
                cell[i] = group[i] * n_districts + target
        elif displaced and f < return_threshold:
            district[i] = origin[i]
            status[i] = HOME
            cell[i] = group[i] * n_districts + origin[i]


@numba.njit(cache=True, nogil=True)
def census_and_present_sums(
    key_cell: np.ndarray,
    status: np.ndarray,
    weight: np.ndarray,
    uniform: bool,
    n_status: int,
    size: int,
    values: np.ndarray,
    group: np.ndarray,
    last_present: int,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`count_cells` (``uniform``: as int64 counts, still to be weighed) or
    :func:`weigh_cells`, and :func:`present_sums` of ``values``, in one pass; each
    accumulator adds in row order, so both equal the separate kernels bit for bit."""
    counts = np.zeros(size, dtype=np.int64)
    totals = np.zeros(size, dtype=np.float64)
    sums = np.zeros(n_groups, dtype=np.float64)
    for i in range(status.size):
        s = status[i]
        if uniform:
            counts[key_cell[i] * n_status + s] += 1
        else:
            totals[key_cell[i] * n_status + s] += np.float64(weight[i])
        if s <= last_present:
            sums[group[i]] += np.float64(values[i] * weight[i])
    if uniform:
        return counts.astype(np.float64), sums
    return totals, sums

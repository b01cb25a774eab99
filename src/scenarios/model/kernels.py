"""Compiled loops over civilian rows (numba).

The weekly civilian rules (fear, exposure, grievance, mobilisation; ``docs/model.md`` 7.8-7.10)
touch every row several times; as numpy expressions each is a pass over all rows with a
temporary array, and at 10^4 rows the passes, not the arithmetic, dominate a week. Here they are
fused into one pass per row. The arithmetic is the same float32 arithmetic, in the same order,
as the numpy expressions in :class:`~scenarios.model.population.Population` (no fast-math, no
fused multiply-add), so results are bitwise identical to them;
``tests/model/test_kernels.py`` checks this against the numpy reference. Killing
(:func:`thin_rows`, docs/model.md 7.6) thins the rows' weights in one pass too.

Compiled code is cached on disk next to this module (``cache=True``), so a process compiles
it at most once per machine.
"""

import numba
import numpy as np

HOME = np.int8(0)  # the statuses, as population.py numbers them
MOBILISED = np.int8(1)
DISPLACED = np.int8(2)
FLED = np.int8(3)
KILLED = np.int8(4)
ONE = np.float32(1.0)
HALF = np.float32(0.5)
ZERO = np.float32(0.0)


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
    civilians_week(
        True, False, False,
        status, cell, group, hardship, risk_aversion, media_access, grievance, fear, exposure,
        fear_keep, fear_gain, any_deaths, exposure_keep, exposure_gain, any_propaganda,
        grievance_factor, grievance_weight, exposure_weight, fear_weight, risk, threshold,
        _NO_DISTRICTS, _NO_DISTRICTS, 0, _NO_CELLS, _NO_BORDER, ZERO, ZERO, ZERO,
        hardship, True, 1, 0, 0,
    )  # fmt: skip


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
def thin_rows(
    probability: np.ndarray,
    key_cell: np.ndarray,
    status: np.ndarray,
    weight: np.ndarray,
    n_status: int,
    extinct: np.float32,
) -> np.ndarray:
    """Expected-value killing, in place, in one pass: each present row loses ``weight x q``,
    ``q`` the ``probability`` of its ``cell x n_status + status``; returns the persons killed by
    that key (float64).

    The loss is taken in float64 and the weight stored back in float32, and a row's deaths are
    what its stored weight actually lost (``w - float32(w - w q)``, within half a float32 ulp
    of ``w q``), so persons are conserved exactly. A row left with less than ``extinct``
    persons is emptied (weight 0, its remainder counted as killed) and marked KILLED.
    """
    deaths = np.zeros(probability.size, dtype=np.float64)
    for i in range(status.size):
        s = status[i]
        if s > DISPLACED:  # abroad or dead: never at risk
            continue
        k = key_cell[i] * n_status + s
        q = probability[k]
        if q > 0.0:
            w = np.float64(weight[i])
            left = np.float32(w - w * q)
            if left < extinct:
                left = ZERO
                status[i] = KILLED
            weight[i] = left
            deaths[k] += w - np.float64(left)
    return deaths


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
    civilians_week(
        False, True, False,
        status, cell, group, fear, risk_aversion, fear, fear, fear, fear,
        ONE, fear, False, ONE, fear, False, fear, fear, fear, ONE, fear, ONE,
        district, origin, n_districts, destination, border,
        displacement_threshold, flight_threshold, return_threshold,
        fear, True, 1, 0, 0,
    )  # fmt: skip


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
    if last_present != DISPLACED:
        raise ValueError("the census counts statuses up to DISPLACED as present")
    return civilians_week(
        False, False, True,
        status, key_cell, group, values, values, values, values, values, values,
        ONE, values, False, ONE, values, False, values, values, values, ONE, values, ONE,
        _NO_DISTRICTS, _NO_DISTRICTS, 0, _NO_CELLS, _NO_BORDER, ZERO, ZERO, ZERO,
        weight, uniform, n_status, size, n_groups,
    )  # fmt: skip


_NO_DISTRICTS = np.zeros(0, dtype=np.int16)
_NO_CELLS = np.zeros(0, dtype=np.int64)
_NO_BORDER = np.zeros(0, dtype=np.bool_)


@numba.njit(cache=True, nogil=True)
def civilians_week(
    rules_on, move_on, count_on,
    status, cell, group, hardship, risk_aversion, media_access, grievance, fear, exposure,
    fear_keep, fear_gain, any_deaths, exposure_keep, exposure_gain, any_propaganda,
    grievance_factor, grievance_weight, exposure_weight, fear_weight, risk, threshold,
    district, origin, n_districts, destination, border,
    displacement_threshold, flight_threshold, return_threshold,
    weight, uniform, n_status, size, n_groups,
):  # fmt: skip
    """A week of civilian rows in one pass: for each row, the rules of
    :func:`update_civilians` (if ``rules_on``), then the move of :func:`move_rows` (if
    ``move_on``), then its count in the census and exposure sums of
    :func:`census_and_present_sums` (if ``count_on``; returned, else empty arrays).

    Each row's update reads only its own state and the week's tables, so updating, moving and
    counting one row before the next gives bitwise what three passes give; the three
    functions are this one with one part on.
    """
    counts = np.zeros(size if count_on and uniform else 0, dtype=np.int64)
    totals = np.zeros(size if count_on and not uniform else 0, dtype=np.float64)
    sums = np.zeros(n_groups if count_on else 0, dtype=np.float64)
    for i in range(status.size):
        if rules_on:  # fear, exposure, grievance, mobilisation (7.8-7.10)
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
        if move_on:  # displacement, flight abroad and return (7.11)
            s = status[i]
            displaced = s == DISPLACED
            in_place = s <= MOBILISED
            if displaced or in_place:
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
        if count_on:  # the census at the end of the week
            s = status[i]
            if uniform:
                counts[cell[i] * n_status + s] += 1
            else:
                totals[cell[i] * n_status + s] += np.float64(weight[i])
            if s <= DISPLACED:
                sums[group[i]] += np.float64(exposure[i] * weight[i])
    if uniform:
        return counts.astype(np.float64), sums
    return totals, sums


@numba.njit(cache=True, nogil=True)
def _block_sum(values: np.ndarray, start: int, n: int) -> float:
    """numpy's sum of at most 128 values: sequential below 8, else eight partial sums."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = start + 8
    whole = start + n - n % 8
    while i < whole:
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for k in range(i, start + n):
        total += values[k]
    return total


@numba.njit(cache=True, nogil=True)
def numpy_sum(values: np.ndarray) -> float:
    """The sum of a contiguous 1-D float64 array, added in numpy's order, so compiled
    mechanisms give bitwise ``values.sum()``.

    numpy sums blocks of up to 128 values with eight partial sums and halves longer arrays
    (at a multiple of 8) recursively; the halving is unrolled here with an explicit stack
    (numba's on-disk cache does not keep recursive functions).
    """
    n = values.size
    if n <= 128:
        return _block_sum(values, 0, n)
    depth = 64
    starts = np.empty(depth, dtype=np.int64)
    sizes = np.empty(depth, dtype=np.int64)
    left_done = np.zeros(depth, dtype=np.bool_)
    left = np.empty(depth)
    top = 0
    starts[0], sizes[0] = 0, n
    while True:
        if sizes[top] > 128:  # descend into the left half
            half = sizes[top] // 2
            half -= half % 8
            left_done[top] = False
            starts[top + 1], sizes[top + 1] = starts[top], half
            top += 1
            continue
        result = _block_sum(values, starts[top], sizes[top])
        top -= 1
        while top >= 0 and left_done[top]:  # both halves done: add them, go up
            result = left[top] + result
            top -= 1
        if top < 0:
            return result
        left[top], left_done[top] = result, True  # the left half is done: do the right one
        half = sizes[top] // 2
        half -= half % 8
        starts[top + 1], sizes[top + 1] = starts[top] + half, sizes[top] - half
        top += 1

"""Civilians as columns of numpy arrays: one row per household, rules evaluated vectorised.

Each row has an identity group, a district (and the district it came from), grievance, fear,
exposure to dehumanising propaganda, risk aversion, hardship, media access, a status and a
weight (the persons it stands for). Python objects are kept for the few actors that decide;
the hot path here touches every row a few dozen times per week and nothing more.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scenarios.config.behaviour import CivilianRules
from scenarios.model import kernels

HOME, MOBILISED, DISPLACED, FLED, KILLED = range(5)  # mobilise() relies on HOME 0, MOBILISED 1
STATUSES = ("home", "mobilised", "displaced", "fled", "killed")
N_STATUS = len(STATUSES)
PRESENT = (HOME, MOBILISED, DISPLACED)  # alive and inside the country
PRESENT_SLICE = slice(HOME, DISPLACED + 1)  # the same statuses, as a slice (no copy to index)
EXTINCT = np.float32(1e-6)  # persons: a row thinned below this is emptied and marked KILLED


@dataclass
class Population:
    """Civilian rows; all arrays have one entry per row.

    Attributes:
        n_groups, n_districts: sizes of the (group, district) cell grid.
        group: identity group index (int8).
        district: district the row is in now (int16); ``origin`` is where it lives.
        cell: ``group * n_districts + district`` (intp, the index type numpy gathers with, so
            no conversion per use), kept in step with ``district``.
        status: one of HOME, MOBILISED, DISPLACED, FLED, KILLED (int8). KILLED marks a row
            that killing has emptied (weight 0).
        weight: persons the row stands for (float32); killing thins it (:meth:`kill`).
        hardship, risk_aversion, media_access: fixed traits, uniform on (0, 1) (Epstein 2002).
        grievance, fear, exposure: state in [0, 1] (float32).
        uniform_weight: the weight every row has, or None once weights differ (the census
            then weighs rows instead of counting them).
        killed: (groups, districts) persons killed so far, by the cell they were killed in
            (float64); the census's KILLED column.
    """

    n_groups: int
    n_districts: int
    group: np.ndarray
    district: np.ndarray
    origin: np.ndarray
    cell: np.ndarray
    status: np.ndarray
    weight: np.ndarray
    hardship: np.ndarray
    risk_aversion: np.ndarray
    media_access: np.ndarray
    grievance: np.ndarray
    fear: np.ndarray
    exposure: np.ndarray
    uniform_weight: float | None
    killed: np.ndarray

    @classmethod
    def create(
        cls,
        rows: int,
        persons: int,
        shares: np.ndarray,
        homeland: np.ndarray,
        segregation: float,
        rng: np.random.Generator,
    ) -> "Population":
        """Draw a population of ``rows`` households standing for ``persons`` people.

        Args:
            rows: number of rows.
            persons: people they stand for (each row weighs persons / rows).
            shares: (groups,) population shares, summing to 1.
            homeland: (groups, districts) where each group's homeland lies (rows sum to 1).
            segregation: share of each group living in its homeland; the rest live anywhere.
            rng: generator for all draws.
        """
        n_groups, n_districts = homeland.shape
        counts = np.floor(shares * rows).astype(np.int64)
        counts[np.argmax(shares)] += rows - counts.sum()
        group = np.repeat(np.arange(n_groups, dtype=np.int8), counts)
        district = np.empty(rows, dtype=np.int16)
        start = 0
        uniform = np.full(n_districts, 1.0 / n_districts)
        for g, count in enumerate(counts):
            where = segregation * homeland[g] + (1.0 - segregation) * uniform
            district[start : start + count] = rng.choice(n_districts, size=count, p=where)
            start += count
        status = np.full(rows, HOME, dtype=np.int8)
        weight_value = persons / rows
        population = cls(
            n_groups=n_groups,
            n_districts=n_districts,
            group=group,
            district=district,
            origin=district.copy(),
            cell=np.empty(rows, dtype=np.intp),
            status=status,
            weight=np.full(rows, weight_value, dtype=np.float32),
            hardship=rng.random(rows, dtype=np.float32),
            risk_aversion=rng.random(rows, dtype=np.float32),
            media_access=rng.random(rows, dtype=np.float32),
            grievance=np.zeros(rows, dtype=np.float32),
            fear=np.zeros(rows, dtype=np.float32),
            exposure=np.zeros(rows, dtype=np.float32),
            uniform_weight=weight_value,
            killed=np.zeros((n_groups, n_districts)),
        )
        population.refresh_cells()
        return population

    @cached_property
    def group_index(self) -> np.ndarray:
        """``group`` as intp, for gathers and bincounts (groups never change)."""
        return self.group.astype(np.intp)

    @property
    def rows(self) -> int:
        """Number of rows."""
        return len(self.group)

    def refresh_cells(self) -> None:
        """Recompute ``cell`` after districts changed."""
        np.multiply(self.group_index, self.n_districts, out=self.cell)
        self.cell += self.district

    def census(self) -> np.ndarray:
        """Persons by (group, district, status), as a float64 array: the rows' weights by cell
        and status, plus :attr:`killed` in the KILLED column (where rows emptied by killing
        weigh 0)."""
        size = self.n_groups * self.n_districts * N_STATUS
        if self.uniform_weight is not None:
            counts = kernels.count_cells(self.cell, self.status, N_STATUS, size)
            counts = counts * self.uniform_weight
        else:
            counts = kernels.weigh_cells(self.cell, self.status, self.weight, N_STATUS, size)
        census = counts.reshape(self.n_groups, self.n_districts, N_STATUS)
        census[:, :, KILLED] += self.killed
        return census

    def census_and_group_mean(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`census` and :meth:`group_mean` of ``values`` over it, in one pass over the
        rows (bitwise the same as the two calls)."""
        size = self.n_groups * self.n_districts * N_STATUS
        uniform = self.uniform_weight is not None
        counts, sums = kernels.census_and_present_sums(
            self.cell,
            self.status,
            self.weight,
            uniform,
            N_STATUS,
            size,
            values,
            self.group_index,
            DISPLACED,
            self.n_groups,
        )
        return self._census_and_means(counts, sums, uniform)

    def _census_and_means(
        self, counts: np.ndarray, sums: np.ndarray, uniform: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """The census from a count by cell and status (plus :attr:`killed`, as in
        :meth:`census`), and the group means from sums."""
        if uniform:
            counts = counts * self.uniform_weight
        census = counts.reshape(self.n_groups, self.n_districts, N_STATUS)
        census[:, :, KILLED] += self.killed
        alive = census[:, :, PRESENT_SLICE].sum(axis=(1, 2))
        return census, np.divide(sums, alive, out=np.zeros(self.n_groups), where=alive > 0)

    def group_mean(self, values: np.ndarray, census: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over the present persons of each group."""
        sums = kernels.present_sums(  # HOME, MOBILISED, DISPLACED are present
            self.group_index, self.status, self.weight, values, DISPLACED, self.n_groups
        )
        alive = census[:, :, PRESENT_SLICE].sum(axis=(1, 2))
        return np.divide(sums, alive, out=np.zeros(self.n_groups), where=alive > 0)

    def kill(self, probability: np.ndarray) -> np.ndarray:
        """Expected-value killing: each present row loses ``weight x q`` persons, ``q`` the
        probability given for its (group, district, status) cell (no random draw).

        Deaths are what the float32 weights actually lost (float64 sums), so present + fled +
        killed persons are conserved exactly; a row left with under :data:`EXTINCT` persons is
        emptied and marked KILLED. The deaths are added to :attr:`killed`, and after the first
        death :attr:`uniform_weight` is None.

        Args:
            probability: (groups, districts, statuses) share of each cell's persons killed this
                week, in [0, 1]; FLED and KILLED rows are never touched.

        Returns:
            (groups, districts, statuses) persons killed, by the cell and status they were in.
        """
        table = np.ascontiguousarray(probability, dtype=np.float64).ravel()
        deaths = kernels.thin_rows(table, self.cell, self.status, self.weight, N_STATUS, EXTINCT)
        deaths = deaths.reshape(self.n_groups, self.n_districts, N_STATUS)
        by_cell = deaths.sum(axis=2)
        if by_cell.any():
            self.uniform_weight = None
            self.killed += by_cell
        return deaths

    def update_fear(self, deaths_per_thousand: np.ndarray, rules: CivilianRules) -> None:
        """Fear fades and grows with this week's killings of one's group in one's district.

        Args:
            deaths_per_thousand: (groups, districts) deaths this week per 1,000 present.
            rules: civilian rule parameters.
        """
        self.fear *= np.float32(1.0 - rules.fear_decay)
        if deaths_per_thousand.any():
            gain = (rules.fear_gain * deaths_per_thousand).astype(np.float32).ravel()
            self.fear += np.take(gain, self.cell)
            np.minimum(self.fear, 1.0, out=self.fear)

    def update_exposure(
        self, intensity: np.ndarray, rules: CivilianRules, extra_decay: float = 0.0
    ) -> None:
        """Exposure to dehumanising propaganda saturates towards 1 and fades.

        Args:
            intensity: (groups,) propaganda intensity aimed at each group this week.
            rules: civilian rule parameters.
            extra_decay: added weekly fading (reconciliation programmes).
        """
        self.exposure *= np.float32(max(0.0, 1.0 - rules.exposure_decay - extra_decay))
        if intensity.any():
            gain = np.take((rules.exposure_gain * intensity).astype(np.float32), self.group_index)
            gain *= self.media_access
            gain *= 1.0 - self.exposure
            self.exposure += gain
            np.clip(self.exposure, 0.0, 1.0, out=self.exposure)

    def update_grievance(self, factor: np.ndarray) -> None:
        """Grievance G = hardship x factor of the row's group, capped at 1.

        Args:
            factor: (groups,) hardship multiplier x (1 - perceived legitimacy) (Epstein 2002).
        """
        np.multiply(
            self.hardship, np.take(factor.astype(np.float32), self.group_index), out=self.grievance
        )
        np.minimum(self.grievance, 1.0, out=self.grievance)

    def mobilise(
        self,
        grievance_weight: np.ndarray,
        exposure_weight: np.ndarray,
        risk: np.ndarray,
        rules: CivilianRules,
    ) -> None:
        """Epstein's activation rule, applied to rows at home or already mobilised.

        A row mobilises when motivation - risk aversion x risk > threshold, where motivation is
        grievance_weight[g] x grievance + exposure_weight[g] x exposure + fear_weight x fear; a
        mobilised row whose net motivation falls back below the threshold goes home.

        Args:
            grievance_weight: (groups,) weight of grievance (1 for groups opposed to the regime).
            exposure_weight: (groups,) weight of propaganda exposure (for the ruling group).
            risk: (groups, districts) perceived risk P of acting, in [0, 1].
            rules: civilian rule parameters.
        """
        net = np.take(grievance_weight.astype(np.float32), self.group_index) * self.grievance
        net += np.take(exposure_weight.astype(np.float32), self.group_index) * self.exposure
        net += np.float32(rules.fear_weight) * self.fear
        net -= self.risk_aversion * np.take(risk.astype(np.float32).ravel(), self.cell)
        choice = (net > rules.threshold).view(np.int8)  # MOBILISED (1) or HOME (0)
        np.copyto(self.status, choice, where=self.status <= MOBILISED)

    def weekly_rules(
        self,
        deaths_per_thousand: np.ndarray,
        intensity: np.ndarray,
        extra_decay: float,
        grievance_factor: np.ndarray,
        grievance_weight: np.ndarray,
        exposure_weight: np.ndarray,
        risk: np.ndarray,
        rules: CivilianRules,
    ) -> None:
        """:meth:`update_fear`, :meth:`update_exposure`, :meth:`update_grievance` and
        :meth:`mobilise`, in that order, in one compiled pass over the rows.

        The result is bitwise the same as calling the four methods
        (``tests/model/test_kernels.py``); the arguments are theirs. The four stay as the
        readable statement of each rule.
        """
        kernels.update_civilians(
            *self._rules_arguments(
                deaths_per_thousand,
                intensity,
                extra_decay,
                grievance_factor,
                grievance_weight,
                exposure_weight,
                risk,
                rules,
            )
        )

    def move(self, destination: np.ndarray, border: np.ndarray, rules: CivilianRules) -> None:
        """Displacement, flight abroad and return (the rule of :meth:`move_vectorised`), in one
        compiled pass over the rows."""
        kernels.move_rows(
            self.status,
            self.district,
            self.origin,
            self.cell,
            self.group_index,
            self.n_districts,
            self.fear,
            self.risk_aversion,
            *self._move_arguments(destination, border, rules),
        )

    def respond_move_and_count(
        self,
        deaths_per_thousand: np.ndarray,
        intensity: np.ndarray,
        extra_decay: float,
        grievance_factor: np.ndarray,
        grievance_weight: np.ndarray,
        exposure_weight: np.ndarray,
        risk: np.ndarray,
        destination: np.ndarray,
        border: np.ndarray,
        rules: CivilianRules,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`weekly_rules`, :meth:`move` and :meth:`census_and_group_mean` of the
        exposure, in one compiled pass over the rows (bitwise the same as the three calls,
        ``tests/model/test_kernels.py``); the arguments are theirs."""
        size = self.n_groups * self.n_districts * N_STATUS
        uniform = self.uniform_weight is not None
        counts, sums = kernels.civilians_week(
            True,  # the civilian rules,
            True,  # the move,
            True,  # and the census
            *self._rules_arguments(
                deaths_per_thousand,
                intensity,
                extra_decay,
                grievance_factor,
                grievance_weight,
                exposure_weight,
                risk,
                rules,
            ),
            self.district,
            self.origin,
            self.n_districts,
            *self._move_arguments(destination, border, rules),
            self.weight,
            uniform,
            N_STATUS,
            size,
            self.n_groups,
        )
        return self._census_and_means(counts, sums, uniform)

    def _rules_arguments(
        self,
        deaths_per_thousand: np.ndarray,
        intensity: np.ndarray,
        extra_decay: float,
        grievance_factor: np.ndarray,
        grievance_weight: np.ndarray,
        exposure_weight: np.ndarray,
        risk: np.ndarray,
        rules: CivilianRules,
    ) -> tuple:
        """The arguments of :func:`~scenarios.model.kernels.update_civilians`."""
        return (
            self.status,
            self.cell,
            self.group_index,
            self.hardship,
            self.risk_aversion,
            self.media_access,
            self.grievance,
            self.fear,
            self.exposure,
            np.float32(1.0 - rules.fear_decay),
            (rules.fear_gain * deaths_per_thousand).astype(np.float32).ravel(),
            bool(deaths_per_thousand.any()),
            np.float32(max(0.0, 1.0 - rules.exposure_decay - extra_decay)),
            (rules.exposure_gain * intensity).astype(np.float32),
            bool(intensity.any()),
            grievance_factor.astype(np.float32),
            grievance_weight.astype(np.float32),
            exposure_weight.astype(np.float32),
            np.float32(rules.fear_weight),
            risk.astype(np.float32).ravel(),
            np.float32(rules.threshold),
        )

    @staticmethod
    def _move_arguments(destination: np.ndarray, border: np.ndarray, rules: CivilianRules) -> tuple:
        """The week's arguments of :func:`~scenarios.model.kernels.move_rows` after the rows'."""
        return (
            np.ascontiguousarray(destination, dtype=np.int64).ravel(),
            np.ascontiguousarray(border, dtype=np.bool_),
            np.float32(rules.displacement_threshold),
            np.float32(rules.flight_threshold),
            np.float32(rules.return_threshold),
        )

    def move_vectorised(
        self, destination: np.ndarray, border: np.ndarray, rules: CivilianRules
    ) -> None:
        """Displacement, flight abroad and return, driven by fear: the whole-array statement of
        the rule, which :meth:`move` runs compiled (bitwise the same; tests/model/test_kernels).

        A row at home or mobilised whose fear x (0.5 + risk aversion) exceeds the displacement
        threshold leaves: abroad if its district is on a border and its fear exceeds the flight
        threshold, else to ``destination`` of its cell if that differs from where it is. A
        displaced row flees abroad on the same condition, and goes back to its origin when its
        fear falls below the return threshold.

        Args:
            destination: (groups, districts) the safest district reachable from each cell.
            border: (districts,) True for districts on an international border.
            rules: civilian rule parameters.
        """
        displaced = self.status == DISPLACED
        if not self.fear.any() and not displaced.any():
            return
        afraid = self.fear * (0.5 + self.risk_aversion) > rules.displacement_threshold
        in_place = self.status <= MOBILISED
        flee_abroad = (
            (in_place | displaced)
            & (self.fear > rules.flight_threshold)
            & np.take(border, self.district)
            & (afraid | displaced)
        )
        self.status[flee_abroad] = FLED
        leaving = np.flatnonzero(afraid & in_place & ~flee_abroad)
        if leaving.size:
            target = destination.ravel()[self.cell[leaving]].astype(np.int16)
            moves = leaving[target != self.district[leaving]]
            self.district[moves] = target[target != self.district[leaving]]
            self.status[moves] = DISPLACED
        returning = np.flatnonzero(displaced & ~flee_abroad & (self.fear < rules.return_threshold))
        if returning.size:
            self.district[returning] = self.origin[returning]
            self.status[returning] = HOME
        if leaving.size or returning.size:
            self.refresh_cells()

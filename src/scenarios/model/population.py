"""Civilians as columns of numpy arrays: one row per household, rules evaluated vectorised.

Each row has an identity group, a district (and the district it came from), grievance, fear,
exposure to dehumanising propaganda, risk aversion, hardship, media access, a status and a
weight (the persons it stands for). Python objects are kept for the few actors that decide;
the hot path here touches every row a few dozen times per week and nothing more.
"""

from dataclasses import dataclass

import numpy as np

from scenarios.config.behaviour import CivilianRules

HOME, MOBILISED, DISPLACED, FLED, KILLED = range(5)
STATUSES = ("home", "mobilised", "displaced", "fled", "killed")
N_STATUS = len(STATUSES)
PRESENT = (HOME, MOBILISED, DISPLACED)  # alive and inside the country


@dataclass
class Population:
    """Civilian rows; all arrays have one entry per row.

    Attributes:
        n_groups, n_districts: sizes of the (group, district) cell grid.
        group: identity group index (int8).
        district: district the row is in now (int16); ``origin`` is where it lives.
        cell: ``group * n_districts + district`` (int32), kept in step with ``district``.
        status: one of HOME, MOBILISED, DISPLACED, FLED, KILLED (int8).
        weight: persons the row stands for (float32).
        hardship, risk_aversion, media_access: fixed traits, uniform on (0, 1) (Epstein 2002).
        grievance, fear, exposure: state in [0, 1] (float32).
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
            cell=np.empty(rows, dtype=np.int32),
            status=status,
            weight=np.full(rows, weight_value, dtype=np.float32),
            hardship=rng.random(rows, dtype=np.float32),
            risk_aversion=rng.random(rows, dtype=np.float32),
            media_access=rng.random(rows, dtype=np.float32),
            grievance=np.zeros(rows, dtype=np.float32),
            fear=np.zeros(rows, dtype=np.float32),
            exposure=np.zeros(rows, dtype=np.float32),
            uniform_weight=weight_value,
        )
        population.refresh_cells()
        return population

    @property
    def rows(self) -> int:
        """Number of rows."""
        return len(self.group)

    def refresh_cells(self) -> None:
        """Recompute ``cell`` after districts changed."""
        np.multiply(self.group, self.n_districts, out=self.cell, dtype=np.int32)
        self.cell += self.district

    def census(self) -> np.ndarray:
        """Persons by (group, district, status), as a float64 array."""
        key = self.cell * N_STATUS + self.status
        size = self.n_groups * self.n_districts * N_STATUS
        if self.uniform_weight is not None:
            counts = np.bincount(key, minlength=size) * self.uniform_weight
        else:
            counts = np.bincount(key, weights=self.weight, minlength=size)
        return counts.reshape(self.n_groups, self.n_districts, N_STATUS)

    def group_mean(self, values: np.ndarray, census: np.ndarray) -> np.ndarray:
        """Mean of ``values`` over the present persons of each group."""
        present = self.status <= DISPLACED  # HOME, MOBILISED, DISPLACED
        weights = self.weight * present
        sums = np.bincount(self.group, weights=values * weights, minlength=self.n_groups)
        alive = census[:, :, list(PRESENT)].sum(axis=(1, 2))
        return np.divide(sums, alive, out=np.zeros(self.n_groups), where=alive > 0)

    def kill(
        self, probability: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Kill each row with the probability given for its (group, district, status) cell.

        Args:
            probability: (groups, districts, statuses) probabilities of being killed this week;
                must be 0 for FLED and KILLED.
            rng: generator for the draws (one uniform per row, drawn even where p is 0, so the
                stream stays aligned across strategies: common random numbers).

        Returns:
            Indices of the rows killed, and the status each had before.
        """
        draws = rng.random(self.rows, dtype=np.float32)
        if not probability.any():
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int8)
        table = probability.astype(np.float32).ravel()
        killed = np.flatnonzero(draws < table[self.cell * N_STATUS + self.status])
        before = self.status[killed].copy()
        self.status[killed] = KILLED
        return killed, before

    def update_fear(self, deaths_per_thousand: np.ndarray, rules: CivilianRules) -> None:
        """Fear fades and grows with this week's killings of one's group in one's district.

        Args:
            deaths_per_thousand: (groups, districts) deaths this week per 1,000 present.
            rules: civilian rule parameters.
        """
        self.fear *= np.float32(1.0 - rules.fear_decay)
        if deaths_per_thousand.any():
            gain = (rules.fear_gain * deaths_per_thousand).astype(np.float32).ravel()
            self.fear += gain[self.cell]
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
            gain = (rules.exposure_gain * intensity).astype(np.float32)[self.group]
            gain *= self.media_access
            gain *= 1.0 - self.exposure
            self.exposure += gain
            np.clip(self.exposure, 0.0, 1.0, out=self.exposure)

    def update_grievance(self, factor: np.ndarray) -> None:
        """Grievance G = hardship x factor of the row's group, capped at 1.

        Args:
            factor: (groups,) hardship multiplier x (1 - perceived legitimacy) (Epstein 2002).
        """
        np.multiply(self.hardship, factor.astype(np.float32)[self.group], out=self.grievance)
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
        net = grievance_weight.astype(np.float32)[self.group] * self.grievance
        net += exposure_weight.astype(np.float32)[self.group] * self.exposure
        net += np.float32(rules.fear_weight) * self.fear
        net -= self.risk_aversion * risk.astype(np.float32).ravel()[self.cell]
        eligible = self.status <= MOBILISED
        self.status[eligible & (net > rules.threshold)] = MOBILISED
        self.status[eligible & (net <= rules.threshold)] = HOME

    def move(self, destination: np.ndarray, border: np.ndarray, rules: CivilianRules) -> None:
        """Displacement, flight abroad and return, driven by fear.

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
            & border[self.district]
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

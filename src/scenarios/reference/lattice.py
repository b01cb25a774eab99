"""Settings shared by both Epstein models, neighbourhoods, and the engine that runs the kernel.

:class:`LatticeParams` holds every rule choice on which the paper, Mesa's example and NetLogo's
Rebellion differ (``docs/epstein.md`` lists them); :class:`LatticeEngine` builds the initial
population from one seed and advances it with :func:`scenarios.reference.kernels.simulate`.
"""

from typing import Literal, Self

import numpy as np
from pydantic import model_validator

from scenarios.params import ASSUMPTION, Schema, describe, param
from scenarios.reference import kernels as K
from scenarios.reference.rules import RATIO_CODES, ArrestRatio, LegitimacySchedule

Neighbourhood = Literal["cross", "von_neumann", "moore", "disc"]
JailRule = Literal["removed", "mesa", "netlogo"]
JAIL_CODES: dict[str, int] = {
    "removed": K.JAIL_REMOVED,
    "mesa": K.JAIL_MESA,
    "netlogo": K.JAIL_NETLOGO,
}

EPSTEIN = "Epstein 2002"
NETLOGO = "NetLogo Rebellion (Wilensky 2004)"
MESA = "Mesa example epstein_civil_violence (mesa 3.5)"


class LatticeParams(Schema):
    """Lattice, population and rule settings common to Model I and Model II."""

    width: int = param(
        40, "Lattice width; the lattice is a torus.", "sites", f"{EPSTEIN}; {NETLOGO}", ge=3
    )
    height: int = param(40, "Lattice height.", "sites", f"{EPSTEIN}; {NETLOGO}", ge=3)
    citizen_density: float = param(
        0.7,
        "Share of sites holding a citizen at the start.",
        "share of sites",
        f"{EPSTEIN}; {NETLOGO}; {MESA}",
        ge=0,
        le=1,
    )
    cop_density: float = param(
        0.04,
        "Share of sites holding a cop (Model II: a peacekeeper) at the start.",
        "share of sites",
        f"{NETLOGO} default; {MESA} uses 0.074",
        ge=0,
        le=1,
    )
    placement: Literal["fixed_counts", "bernoulli"] = param(
        "fixed_counts",
        "fixed_counts: round(density x sites) citizens and cops on distinct uniformly drawn "
        "sites; bernoulli: each site independently holds a citizen, a cop or nobody with those "
        "probabilities.",
        "choice",
        f"fixed_counts: {NETLOGO}, {ASSUMPTION} for the paper; bernoulli: {MESA}",
    )
    vision: int = param(
        7, "Citizen vision v: the reach of its neighbourhood.", "sites", EPSTEIN, ge=1
    )
    cop_vision: int = param(7, "Cop vision v*.", "sites", EPSTEIN, ge=1)
    neighbourhood: Neighbourhood = param(
        "cross",
        "Sites within vision v: cross = the v sites north, south, east and west (4v sites); "
        "von_neumann = Manhattan distance <= v; moore = Chebyshev distance <= v; "
        "disc = Euclidean distance <= v.",
        "choice",
        f"cross: {EPSTEIN}; von_neumann: {MESA}; disc: {NETLOGO} (in-radius)",
    )
    include_own_site: bool = param(
        False,
        "Whether the agent's own site belongs to its neighbourhood (then an active citizen "
        "counts itself twice in A, as in NetLogo).",
        "flag",
        f"False: {EPSTEIN}, {MESA}; True: {NETLOGO}",
    )
    legitimacy: LegitimacySchedule = param(
        LegitimacySchedule.constant(0.82),
        "Legitimacy L of the regime (Model II: of the other group) over time.",
        "index 0-1",
        f"{NETLOGO} default 0.82; {MESA} 0.8",
    )
    threshold: float = param(
        0.1, "T: a citizen is active when G - N > T.", "utility", EPSTEIN, ge=0, le=1
    )
    arrest_constant: float = param(
        2.3, "k in P = 1 - exp(-k (C/A)).", "per cop-to-active ratio", EPSTEIN, gt=0
    )
    arrest_ratio: ArrestRatio = param(
        "plain",
        "How C/A enters P: plain ratio, rounded (Python round, halves to even) or floored.",
        "choice",
        f"plain: {EPSTEIN}; rounded: {MESA}; floored: {NETLOGO}",
    )
    max_jail_term: int = param(
        30,
        "J_max: jail terms are drawn uniformly on the integers up to it.",
        "steps",
        f"{NETLOGO} default; {MESA} 1000",
        ge=0,
    )
    jail_term_draw: Literal["inclusive", "exclusive"] = param(
        "inclusive",
        "inclusive: J uniform on 0..J_max; exclusive: J uniform on 0..J_max-1.",
        "choice",
        f"inclusive: {EPSTEIN} (U(0, J_max)), {MESA} (randint); exclusive: {NETLOGO} (random)",
    )
    jail_rule: JailRule = param(
        "removed",
        "removed: a jailed citizen leaves the lattice, misses J steps and is put back on a "
        "uniformly drawn empty site at the end of the J-th; mesa: it stays on its site, which "
        "stays occupied, and counts its term down at each of its own activations; netlogo: it "
        "stays on its patch without occupying it, all terms count down at the end of each step "
        "and it is free again on that patch when its term reaches 0.",
        "choice",
        f"removed: {EPSTEIN} (release site: {ASSUMPTION}); mesa: {MESA}; netlogo: {NETLOGO}",
    )
    move_before_acting: bool = param(
        True,
        "Whether an agent moves (rule M) before it decides or arrests (rules A and C), and "
        "then counts C and A at its new site; otherwise it acts, then moves.",
        "flag",
        f"True: {NETLOGO} ({EPSTEIN} gives no order: {ASSUMPTION}); False: {MESA}",
    )
    citizen_movement: bool = param(
        True, "Rule M for citizens: move to a random empty site in vision.", "flag", EPSTEIN
    )
    cop_movement: bool = param(
        True, "Rule M for cops: move to a random empty site in vision.", "flag", EPSTEIN
    )
    cop_moves_to_arrestee: bool = param(
        False,
        "Whether a cop, after an arrest, moves to the arrested citizen's site.",
        "flag",
        f"False: {ASSUMPTION} ({EPSTEIN} is silent), {MESA}; True: {NETLOGO}",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.citizen_density + self.cop_density > 1:
            raise ValueError("citizen_density + cop_density must not exceed 1")
        reach = max(self.vision, self.cop_vision)
        if 2 * reach + 1 > min(self.width, self.height):
            raise ValueError(
                f"a vision of {reach} wraps around a {self.width}x{self.height} torus onto "
                f"itself; width and height must be at least {2 * reach + 1}"
            )
        if self.cop_moves_to_arrestee and self.jail_rule == "mesa":
            raise ValueError("under jail_rule='mesa' the arrestee's site stays occupied")
        return self


def neighbourhood_offsets(kind: Neighbourhood, radius: int, own_site: bool) -> np.ndarray:
    """Offsets (dx, dy) of the sites within ``radius``, shape (n, 2), own site first if any."""
    r = np.arange(-radius, radius + 1)
    dx, dy = (a.ravel() for a in np.meshgrid(r, r, indexing="xy"))
    match kind:
        case "cross":
            keep = (dx == 0) | (dy == 0)
        case "von_neumann":
            keep = np.abs(dx) + np.abs(dy) <= radius
        case "moore":
            keep = np.ones_like(dx, dtype=bool)
        case "disc":
            keep = dx * dx + dy * dy <= radius * radius
        case _:
            raise ValueError(f"unknown neighbourhood {kind!r}")
    centre = (dx == 0) & (dy == 0)
    out = np.stack([dx[keep & ~centre], dy[keep & ~centre]], axis=1)
    if own_site:
        out = np.vstack([np.zeros((1, 2), dtype=out.dtype), out])
    return out.astype(np.int64)


def neighbour_table(offsets: np.ndarray, width: int, height: int) -> np.ndarray:
    """Site indices of every site's neighbourhood on the torus, shape (sites, len(offsets))."""
    site = np.arange(width * height)
    x = (site % width)[:, None] + offsets[None, :, 0]
    y = (site // width)[:, None] + offsets[None, :, 1]
    return np.ascontiguousarray(((y % height) * width + x % width).astype(np.int32))


def make_rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """The run's one generator: PCG64 seeded from a ``SeedSequence``."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.Generator(np.random.PCG64(ss))


class LatticeEngine:
    """State of one run and the calls that advance it.

    Args:
        params: the lattice and rule settings.
        seed: an int or a ``SeedSequence``; all randomness of the run comes from it.
        violence: Model II (killing, ageing, reproduction) when True.
        group_share: share of citizens in group 0 at the start (Model II).
        other_legitimacy: the legitimacy schedule of group 1 (Model II); ``params.legitimacy``
            when None.
        max_age: life span in steps, 0 for immortal citizens.
        birth_probability: chance per activation that a free citizen has a child.
        birth_radius: Moore radius of the sites where a child may be placed.
    """

    def __init__(
        self,
        params: LatticeParams,
        seed: int | np.random.SeedSequence,
        *,
        violence: bool = False,
        group_share: float = 1.0,
        other_legitimacy: LegitimacySchedule | None = None,
        max_age: int = 0,
        birth_probability: float = 0.0,
        birth_radius: int = 1,
    ) -> None:
        self.params = params
        self.violence = violence
        self.schedules = (params.legitimacy, other_legitimacy or params.legitimacy)
        self.rng = make_rng(seed)
        self.step_count = 0
        p = params
        width, height = p.width, p.height
        ncell = width * height
        rng = self.rng

        # Initial placement.
        if p.placement == "fixed_counts":
            n_cit = round(p.citizen_density * ncell)
            n_cop = round(p.cop_density * ncell)
            sites = rng.permutation(ncell)[: n_cit + n_cop]
            cit_sites, cop_sites = sites[:n_cit], sites[n_cit:]
        else:
            u = rng.random(ncell)
            cit_sites = np.flatnonzero(u < p.citizen_density)
            cop_sites = np.flatnonzero(
                (u >= p.citizen_density) & (u < p.citizen_density + p.cop_density)
            )
            n_cit, n_cop = cit_sites.size, cop_sites.size
        n = n_cit + n_cop
        # Model II needs room for newborns: at most one agent per site on the lattice, plus
        # those in jail; twice the sites is never reached in practice (births beyond it are
        # counted in the `no_slot` column, and tests check it stays 0).
        cap = n if not violence else max(n, 2 * ncell + n_cop)
        self.capacity = cap

        self.kind = np.full(cap, K.DEAD, dtype=np.int8)
        self.group = np.zeros(cap, dtype=np.int8)
        self.pos = np.full(cap, -1, dtype=np.int64)
        self.state = np.zeros(cap, dtype=np.int8)
        self.jail = np.zeros(cap, dtype=np.int64)
        self.hardship = np.zeros(cap)
        self.risk = np.zeros(cap)
        self.age = np.zeros(cap, dtype=np.int64)
        self.born = np.full(cap, -1, dtype=np.int64)
        self.nxt = np.full(cap, -1, dtype=np.int64)
        self.prv = np.full(cap, -1, dtype=np.int64)
        self.kind[:n_cit] = K.CITIZEN
        self.kind[n_cit:n] = K.COP
        self.group[n_cit:n] = -1
        self.hardship[:n_cit] = rng.random(n_cit)
        self.risk[:n_cit] = rng.random(n_cit)
        if violence:
            self.group[:n_cit] = (rng.random(n_cit) >= group_share).astype(np.int8)
            if max_age > 0:
                self.age[:n_cit] = rng.integers(0, max_age, n_cit)
        self.free_slots = np.zeros(cap, dtype=np.int64)
        self.free_slots[: cap - n] = np.arange(cap - 1, n - 1, -1)
        self.n_free = np.array([cap - n], dtype=np.int64)

        # Sites: one agent each at the start, so the lists are single entries.
        self.head = np.full(ncell, -1, dtype=np.int64)
        self.cnt = np.zeros(ncell, dtype=np.int64)
        self.n_grp = np.zeros((2, ncell), dtype=np.int32)
        all_sites = np.concatenate([cit_sites, cop_sites]).astype(np.int64)
        self.pos[:n] = all_sites
        self.head[all_sites] = np.arange(n)
        self.cnt[all_sites] = K.BLOCK_UNIT
        self.cnt[cop_sites] += K.COP_UNIT
        np.add.at(self.n_grp, (self.group[:n_cit].astype(np.int64), cit_sites), 1)

        # Neighbourhoods and scratch buffers.
        cit = neighbourhood_offsets(p.neighbourhood, p.vision, p.include_own_site)
        self.cnb = neighbour_table(cit, width, height)
        if p.cop_vision == p.vision:
            self.pnb = self.cnb
        else:
            cop = neighbourhood_offsets(p.neighbourhood, p.cop_vision, p.include_own_site)
            self.pnb = neighbour_table(cop, width, height)
        births = neighbourhood_offsets("moore", birth_radius, False)
        self.bnb = neighbour_table(births, width, height)
        self.ebuf = np.zeros(max(self.cnb.shape[1], self.pnb.shape[1], self.bnb.shape[1]), np.int64)
        self.tbuf = np.zeros(cap + 1, dtype=np.int64)

        self.cfg = np.zeros(K.N_ICFG, dtype=np.int64)
        self.cfg[K.I_WIDTH] = width
        self.cfg[K.I_HEIGHT] = height
        self.cfg[K.I_RATIO] = RATIO_CODES[p.arrest_ratio]
        self.cfg[K.I_JAIL] = JAIL_CODES[p.jail_rule]
        self.cfg[K.I_JMAX] = p.max_jail_term
        self.cfg[K.I_JDRAW_EXCLUSIVE] = p.jail_term_draw == "exclusive"
        self.cfg[K.I_MOVE_FIRST] = p.move_before_acting
        self.cfg[K.I_CITIZEN_MOVES] = p.citizen_movement
        self.cfg[K.I_COP_MOVES] = p.cop_movement
        self.cfg[K.I_COP_TO_ARRESTEE] = p.cop_moves_to_arrestee
        self.cfg[K.I_VIOLENCE] = violence
        self.cfg[K.I_MAX_AGE] = max_age
        self.fcfg = np.zeros(K.N_FCFG)
        self.fcfg[K.F_K] = p.arrest_constant
        self.fcfg[K.F_THRESHOLD] = p.threshold
        self.fcfg[K.F_BIRTH] = birth_probability

        rec0 = np.zeros((1, K.N_REC), dtype=np.int64)
        recf0 = np.zeros((1, K.N_RECF))
        K.tally(
            self.kind,
            self.group,
            self.state,
            self.n_grp,
            width,
            height,
            violence,
            rec0[0],
            recf0[0],
        )
        self._rec = [rec0]
        self._recf = [recf0]
        self._legit = [self.legitimacy(np.array([0]))]
        self.finished = False

    def legitimacy(self, steps: np.ndarray) -> np.ndarray:
        """Legitimacy of each group (rows) during ``steps`` (columns)."""
        return np.vstack([np.atleast_1d(s.at(steps)) for s in self.schedules]).astype(np.float64)

    def run(self, steps: int) -> int:
        """Advance ``steps`` steps (fewer if Model II ends); return how many were run."""
        if self.finished or steps <= 0:
            return 0
        t0 = self.step_count + 1
        legit = np.ascontiguousarray(self.legitimacy(np.arange(t0, t0 + steps)))
        rec = np.zeros((steps, K.N_REC), dtype=np.int64)
        recf = np.zeros((steps, K.N_RECF))
        done = K.simulate(
            self.rng, t0, steps, self.cfg, self.fcfg,
            self.kind, self.group, self.pos, self.state, self.jail, self.hardship, self.risk,
            self.age, self.born, self.nxt, self.prv,
            self.head, self.cnt, self.n_grp, self.free_slots, self.n_free,
            self.cnb, self.pnb, self.bnb,
            self.ebuf, self.tbuf, legit, rec, recf,
        )  # fmt: skip
        self.step_count += done
        self._rec.append(rec[:done])
        self._recf.append(recf[:done])
        self._legit.append(legit[:, :done])
        if done < steps:
            self.finished = True
        return done

    def records(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(integer record, float record, legitimacy) of steps 0..step_count, one row a step."""
        return (
            np.concatenate(self._rec),
            np.concatenate(self._recf),
            np.concatenate(self._legit, axis=1).T,
        )

    def site_grid(self) -> np.ndarray:
        """(height, width) codes of the lattice now: -1 empty, 0 quiet, 1 active, 2 jailed
        citizen still on its site, 3 cop; Model II adds 10 to citizens of group 1. A site with
        several agents shows the first of its list."""
        p = self.params
        out = np.full(p.width * p.height, -1, dtype=np.int64)
        occupied = np.flatnonzero(self.head >= 0)
        first = self.head[occupied]
        code = np.where(self.kind[first] == K.COP, 3, self.state[first].astype(np.int64))
        code = np.where((self.kind[first] == K.CITIZEN) & (self.group[first] == 1), code + 10, code)
        out[occupied] = code
        return out.reshape(p.height, p.width)


def _format_default(value: object) -> str:
    if isinstance(value, LegitimacySchedule):
        if value.kind == "constant":
            return f"constant {value.value}"
        if value.kind == "step":
            return f"{value.value}, {value.final} from step {value.start_step}"
        return f"{value.value} to {value.final} over steps {value.start_step}-{value.end_step}"
    return f"`{value}`"


def parameter_table(model: type[Schema], only: tuple[str, ...] | None = None) -> str:
    """Markdown table of the fields of ``model`` (or of ``only`` those): name, meaning, unit,
    default and source, as declared with :func:`scenarios.params.param`."""
    lines = ["| parameter | meaning | unit | default | source |", "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if only is not None and name not in only:
            continue
        meaning, unit, source = describe(field)
        default = _format_default(field.default)
        lines.append(f"| `{name}` | {meaning} | {unit} | {default} | {source} |")
    return "\n".join(lines)

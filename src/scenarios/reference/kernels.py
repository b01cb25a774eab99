"""Compiled loops of the Epstein (2002) reference models (numba).

One kernel, :func:`simulate`, runs both models: Model I (rebellion against a central
authority) and Model II (inter-group violence, with killing, ageing and reproduction switched
on by ``cfg[I_VIOLENCE]``). Activation is random asynchronous, exactly as in the paper, Mesa's
example and NetLogo's Rebellion: every step the kernel draws a fresh random permutation of all
agent slots (citizens and cops together) and each live agent acts once, in that order, seeing
every change made by the agents before it.

Random numbers: the kernel draws from the run's ``numpy.random.Generator`` (PCG64, built from a
``SeedSequence``), passed in as an argument; numba compiles ``Generator.random`` and
``Generator.permutation`` against the same bit generator, so a compiled run consumes exactly the
stream the same calls would consume in numpy, and one seed gives one result.

The lattice is a torus of ``width x height`` sites, indexed ``y * width + x``. Agents on a site
form a doubly linked list (``head``/``nxt``/``prv``) because NetLogo's rules let a released
agent share its patch; per-site counters (cops, active citizens and agents that block movement
packed in ``cnt``; free citizens of each group in ``n_grp``) make a neighbourhood count one pass
over the neighbourhood's sites without looking at agents. The sites of every site's
neighbourhood are precomputed tables: ``cnb`` (citizen vision), ``pnb`` (cop vision) and
``bnb`` (where a Model II newborn may be placed).

Compiled code is cached on disk next to this module (``cache=True``).
"""

import numba
import numpy as np

# Agent kinds (``kind`` array).
DEAD = np.int8(-1)
CITIZEN = np.int8(0)
COP = np.int8(1)

# Citizen states (``state`` array).
QUIET = np.int8(0)
ACTIVE = np.int8(1)
JAILED = np.int8(2)

# Arrest-ratio rules.
RATIO_PLAIN = 0
RATIO_ROUNDED = 1
RATIO_FLOORED = 2

# Jail rules.
JAIL_REMOVED = 0
JAIL_MESA = 1
JAIL_NETLOGO = 2

# Indices into the integer configuration array ``cfg``.
I_WIDTH = 0
I_HEIGHT = 1
I_RATIO = 2
I_JAIL = 3
I_JMAX = 4
I_JDRAW_EXCLUSIVE = 5
I_MOVE_FIRST = 6
I_CITIZEN_MOVES = 7
I_COP_MOVES = 8
I_COP_TO_ARRESTEE = 9
I_VIOLENCE = 10
I_MAX_AGE = 11
N_ICFG = 12

# Indices into the float configuration array ``fcfg``.
F_K = 0
F_THRESHOLD = 1
F_BIRTH = 2
N_FCFG = 3

# Per-site counters are packed into one int64 (``cnt``) so a neighbourhood count is one load per
# site: active citizens in bits 0-15, cops in bits 16-31, agents that block movement from bit 32.
# Sums over a neighbourhood stay far below 2**16 per field, so fields never carry into each other.
ACT_UNIT = np.int64(1)
COP_UNIT = np.int64(1) << 16
BLOCK_UNIT = np.int64(1) << 32
FIELD_MASK = np.int64(0xFFFF)

# Columns of the integer record ``rec`` (one row per step).
R_QUIET0 = 0
R_ACTIVE0 = 1
R_JAILED0 = 2
R_QUIET1 = 3
R_ACTIVE1 = 4
R_JAILED1 = 5
R_KILLED0 = 6
R_KILLED1 = 7
R_BIRTHS = 8
R_DEATHS = 9
R_ARRESTS = 10
R_NO_SLOT = 11
N_REC = 12

# Columns of the float record ``recf``: mean share of same-group citizens among the citizens on
# the 8 adjacent sites, over citizens of group 0 and of group 1 (NaN when undefined).
N_RECF = 2


@numba.njit(cache=True)
def round_half_even(x: float) -> float:
    """Python's ``round(x)`` for a non-negative float: halves go to the even integer."""
    f = np.floor(x)
    d = x - f
    if d > 0.5:
        return f + 1.0
    if d < 0.5:
        return f
    return f if f % 2.0 == 0.0 else f + 1.0


@numba.njit(cache=True)
def arrest_probability(cops: int, actives: int, k: float, ratio_rule: int) -> float:
    """Estimated arrest probability P = 1 - exp(-k (C/A)), with the chosen C/A rule.

    Args:
        cops: C, cops in vision.
        actives: A, active citizens in vision counting the agent itself (A >= 1).
        k: the constant k (2.3 in the paper: P = 0.9 when C = A = 1).
        ratio_rule: RATIO_PLAIN (C/A, the paper), RATIO_ROUNDED (Python ``round``, Mesa) or
            RATIO_FLOORED (``floor``, NetLogo).
    """
    r = cops / actives
    if ratio_rule == RATIO_ROUNDED:
        r = round_half_even(r)
    elif ratio_rule == RATIO_FLOORED:
        r = np.floor(r)
    return 1.0 - np.exp(-k * r)


@numba.njit(cache=True)
def tally(
    kind: np.ndarray,
    group: np.ndarray,
    state: np.ndarray,
    n_grp: np.ndarray,
    width: int,
    height: int,
    clustering: bool,
    rec_row: np.ndarray,
    recf_row: np.ndarray,
) -> None:
    """Count citizens by group and state into ``rec_row``; same-group shares into ``recf_row``.

    The same-group share of a citizen is the share of its own group among the free citizens on
    the 8 adjacent sites (Moore radius 1); it is averaged over the free citizens of each group
    that have at least one citizen neighbour. Computed only when ``clustering``.
    """
    for i in range(kind.shape[0]):
        if kind[i] != CITIZEN:
            continue
        base = 3 * group[i]
        rec_row[base + state[i]] += 1
    recf_row[:] = np.nan
    if not clustering:
        return
    for g in range(2):
        acc = 0.0
        cnt = 0
        for c in range(width * height):
            mine = n_grp[g, c]
            if mine == 0:
                continue
            x = c % width
            y = c // width
            same = 0
            total = 0
            for dy in range(-1, 2):
                yy = (y + dy) % height
                for dx in range(-1, 2):
                    if dx == 0 and dy == 0:
                        continue
                    cc = yy * width + (x + dx) % width
                    same += n_grp[g, cc]
                    total += n_grp[0, cc] + n_grp[1, cc]
            if total > 0:
                acc += mine * same / total
                cnt += mine
        if cnt > 0:
            recf_row[g] = acc / cnt


@numba.njit(cache=True)
def simulate(
    rng: np.random.Generator,
    t_start: int,
    n_steps: int,
    cfg: np.ndarray,
    fcfg: np.ndarray,
    kind: np.ndarray,
    group: np.ndarray,
    pos: np.ndarray,
    state: np.ndarray,
    jail: np.ndarray,
    hardship: np.ndarray,
    risk: np.ndarray,
    age: np.ndarray,
    born: np.ndarray,
    nxt: np.ndarray,
    prv: np.ndarray,
    head: np.ndarray,
    cnt: np.ndarray,
    n_grp: np.ndarray,
    free_slots: np.ndarray,
    n_free: np.ndarray,
    cnb: np.ndarray,
    pnb: np.ndarray,
    bnb: np.ndarray,
    ebuf: np.ndarray,
    tbuf: np.ndarray,
    legit: np.ndarray,
    rec: np.ndarray,
    recf: np.ndarray,
) -> int:
    """Run steps ``t_start .. t_start + n_steps - 1`` in place; return how many were run.

    Model II stops early, after the step in which a group has no member left (on the lattice or
    in jail). Row ``s`` of ``legit`` (shape (2, n_steps): group g's legitimacy of the other),
    ``rec`` and ``recf`` belongs to step ``t_start + s``.

    Agent arrays have one entry per slot (``kind`` DEAD marks a free slot, listed in
    ``free_slots[:n_free[0]]``); site arrays one entry per site. See the module docstring.
    """
    width = cfg[I_WIDTH]
    height = cfg[I_HEIGHT]
    ratio_rule = cfg[I_RATIO]
    jail_rule = cfg[I_JAIL]
    jmax = cfg[I_JMAX]
    jdraw_exclusive = cfg[I_JDRAW_EXCLUSIVE] != 0
    move_first = cfg[I_MOVE_FIRST] != 0
    citizen_moves = cfg[I_CITIZEN_MOVES] != 0
    cop_moves = cfg[I_COP_MOVES] != 0
    cop_to_arrestee = cfg[I_COP_TO_ARRESTEE] != 0
    violence = cfg[I_VIOLENCE] != 0
    max_age = cfg[I_MAX_AGE]
    k = fcfg[F_K]
    threshold = fcfg[F_THRESHOLD]
    birth = fcfg[F_BIRTH]
    ncell = width * height
    cap = kind.shape[0]

    def contrib(i, c, sign):
        # Add (sign=1) or remove (sign=-1) agent i's share of site c's counters.
        if kind[i] == COP:
            cnt[c] += sign * (COP_UNIT + BLOCK_UNIT)
        else:
            s = state[i]
            if s == JAILED:
                if jail_rule == JAIL_MESA:
                    cnt[c] += sign * BLOCK_UNIT
            else:
                n_grp[group[i], c] += sign
                if s == ACTIVE:
                    cnt[c] += sign * (ACT_UNIT + BLOCK_UNIT)
                else:
                    cnt[c] += sign * BLOCK_UNIT

    def link(i, c):
        h = head[c]
        nxt[i] = h
        prv[i] = -1
        if h >= 0:
            prv[h] = i
        head[c] = i
        pos[i] = c
        contrib(i, c, 1)

    def unlink(i):
        c = pos[i]
        contrib(i, c, -1)
        p = prv[i]
        n = nxt[i]
        if p >= 0:
            nxt[p] = n
        else:
            head[c] = n
        if n >= 0:
            prv[n] = p
        pos[i] = -1

    def set_state(i, s):
        c = pos[i]
        if c >= 0:
            contrib(i, c, -1)
        state[i] = s
        if c >= 0:
            contrib(i, c, 1)

    def pick(n):
        j = int(rng.random() * n)
        return j if j < n else n - 1

    # Neighbourhood passes over the sites nb[c] (a neighbourhood of site c). Each is a separate
    # loop so that the hot ones stay branch-free.
    def counts(c, nb):
        # (C, A): cops and active citizens on the sites.
        acc = np.int64(0)
        for j in range(nb.shape[1]):
            acc += cnt[nb[c, j]]
        return (acc >> 16) & FIELD_MASK, acc & FIELD_MASK

    def empties(c, nb):
        # Lists the sites that block nobody in ebuf; returns how many.
        ne = 0
        for j in range(nb.shape[1]):
            cc = nb[c, j]
            ebuf[ne] = cc
            ne += cnt[cc] < BLOCK_UNIT
        return ne

    def counts_empties(c, nb):
        acc = np.int64(0)
        ne = 0
        for j in range(nb.shape[1]):
            cc = nb[c, j]
            v = cnt[cc]
            acc += v
            ebuf[ne] = cc
            ne += v < BLOCK_UNIT
        return (acc >> 16) & FIELD_MASK, acc & FIELD_MASK, ne

    def targets(c, nb, kind_of_target, other):
        # Lists in tbuf one entry per target on the sites: active citizens (kind_of_target 1)
        # or free citizens of group `other` (2); returns how many.
        nt = 0
        for j in range(nb.shape[1]):
            cc = nb[c, j]
            m = cnt[cc] & FIELD_MASK if kind_of_target == 1 else n_grp[other, cc]
            for _ in range(m):
                tbuf[nt] = cc
                nt += 1
        return nt

    def find_in_cell(c, targets, other):
        # A uniformly chosen target (as in `scan`) among the agents on site c.
        m = 0
        i = head[c]
        while i >= 0:
            if kind[i] == CITIZEN and (
                (targets == 1 and state[i] == ACTIVE)
                or (targets == 2 and state[i] != JAILED and group[i] == other)
            ):
                m += 1
            i = nxt[i]
        j = pick(m) if m > 1 else 0
        i = head[c]
        while i >= 0:
            if kind[i] == CITIZEN and (
                (targets == 1 and state[i] == ACTIVE)
                or (targets == 2 and state[i] != JAILED and group[i] == other)
            ):
                if j == 0:
                    return i
                j -= 1
            i = nxt[i]
        return -1

    def move(i, c):
        unlink(i)
        link(i, c)

    def retire(i):
        # Remove agent i from the model for good (killed or died of age).
        if pos[i] >= 0:
            unlink(i)
        kind[i] = DEAD
        free_slots[n_free[0]] = i
        n_free[0] += 1

    def random_empty_site():
        # A uniformly chosen site that blocks nobody, or -1 if there is none.
        for _ in range(64):
            c = pick(ncell)
            if cnt[c] < BLOCK_UNIT:
                return c
        m = 0
        for c in range(ncell):
            if cnt[c] < BLOCK_UNIT:
                m += 1
        if m == 0:
            return -1
        j = pick(m)
        for c in range(ncell):
            if cnt[c] < BLOCK_UNIT:
                if j == 0:
                    return c
                j -= 1
        return -1

    for s in range(n_steps):
        step = t_start + s
        row = rec[s]
        order = rng.permutation(cap)
        for oi in range(cap):
            i = order[oi]
            kd = kind[i]
            if kd == DEAD or born[i] == step:
                continue
            if kd == COP:
                c = pos[i]
                ne = 0
                if cop_moves:
                    ne = empties(c, pnb)
                    if move_first and ne > 0:
                        move(i, ebuf[pick(ne)])
                        c = pos[i]
                nt = targets(c, pnb, 1, 0)
                if nt > 0:
                    tc = tbuf[pick(nt)]
                    a = find_in_cell(tc, 1, 0)
                    n_terms = jmax if jdraw_exclusive else jmax + 1
                    term = pick(n_terms) if n_terms > 0 else 0
                    if jail_rule == JAIL_REMOVED:
                        unlink(a)
                        state[a] = JAILED
                    elif jail_rule == JAIL_MESA or term > 0:
                        set_state(a, JAILED)
                    else:
                        set_state(a, QUIET)
                    jail[a] = term
                    row[R_ARRESTS] += 1
                    if cop_to_arrestee:
                        move(i, tc)
                if not move_first and ne > 0:
                    move(i, ebuf[pick(ne)])
                continue

            # A citizen.
            if state[i] == JAILED:
                if jail_rule != JAIL_MESA:
                    continue
                if jail[i] > 0:
                    jail[i] -= 1
                    continue
            c = pos[i]
            g = group[i]
            other = 1 - g
            ne = 0
            if move_first:
                if citizen_moves:
                    ne = empties(c, cnb)
                    if ne > 0:
                        move(i, ebuf[pick(ne)])
                        c = pos[i]
                cops, actives = counts(c, cnb)
            elif citizen_moves:
                cops, actives, ne = counts_empties(c, cnb)
            else:
                cops, actives = counts(c, cnb)
            p = arrest_probability(cops, actives + 1, k, ratio_rule)
            grievance = hardship[i] * (1.0 - legit[g, s])
            new = ACTIVE if grievance - risk[i] * p > threshold else QUIET
            if new != state[i]:
                set_state(i, new)
            if violence and new == ACTIVE:
                nt = targets(c, cnb, 2, other)
                if nt > 0:
                    victim = find_in_cell(tbuf[pick(nt)], 2, other)
                    retire(victim)
                    row[R_KILLED0 + other] += 1
            if not move_first and ne > 0:
                move(i, ebuf[pick(ne)])
            if violence and birth > 0.0 and rng.random() < birth:
                nb = empties(pos[i], bnb)
                if nb == 0:
                    pass
                elif n_free[0] == 0:
                    row[R_NO_SLOT] += 1
                else:
                    n_free[0] -= 1
                    b = free_slots[n_free[0]]
                    kind[b] = CITIZEN
                    group[b] = g
                    state[b] = QUIET
                    jail[b] = 0
                    hardship[b] = rng.random()
                    risk[b] = rng.random()
                    age[b] = 0
                    born[b] = step
                    link(b, ebuf[pick(nb)])
                    row[R_BIRTHS] += 1

        # End of step: ageing, then jail terms.
        if violence and max_age > 0:
            for i in range(cap):
                if kind[i] == CITIZEN:
                    age[i] += 1
                    if age[i] >= max_age:
                        retire(i)
                        row[R_DEATHS] += 1
        if jail_rule == JAIL_REMOVED:
            for i in range(cap):
                if kind[i] == CITIZEN and state[i] == JAILED:
                    if jail[i] > 0:
                        jail[i] -= 1
                    else:
                        c = random_empty_site()
                        if c >= 0:
                            state[i] = QUIET
                            link(i, c)
        elif jail_rule == JAIL_NETLOGO:
            for i in range(cap):
                if kind[i] == CITIZEN and jail[i] > 0:
                    jail[i] -= 1
                    if jail[i] == 0:
                        set_state(i, QUIET)

        tally(kind, group, state, n_grp, width, height, violence, row, recf[s])
        if violence:
            alive0 = row[R_QUIET0] + row[R_ACTIVE0] + row[R_JAILED0]
            alive1 = row[R_QUIET1] + row[R_ACTIVE1] + row[R_JAILED1]
            if alive0 == 0 or alive1 == 0:
                return s + 1
    return n_steps

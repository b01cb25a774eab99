"""Epstein (2002) Model II: inter-group violence, with cops as peacekeepers.

Two groups, blue (0) and green (1), share the torus. Legitimacy is each group's view of the
other's right to exist; a citizen's grievance, arrest estimate and activation are those of
Model I, and an active citizen kills one random member of the other group in its vision.
Peacekeepers arrest active citizens of either group as Model I's cops do. Citizens age, die at
``max_age`` and have children (*assumptions*, see ``docs/epstein.md``). The run ends when a group
has no member left, on the lattice or in jail.

Example::

    from scenarios.reference import EthnicViolenceParams, run_ethnic_violence
    frame, summary = run_ethnic_violence(EthnicViolenceParams(cop_density=0.04), 1000, seed=3)
"""

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from scenarios.params import ASSUMPTION, param
from scenarios.reference import kernels as K
from scenarios.reference.lattice import EPSTEIN, LatticeEngine, LatticeParams
from scenarios.reference.rules import LegitimacySchedule

GROUPS = ("blue", "green")


class EthnicViolenceParams(LatticeParams):
    """Parameters of Model II: Model I's settings plus the groups and their demography."""

    cop_density: float = param(
        0.0,
        "Share of sites holding a peacekeeper at the start.",
        "share of sites",
        f"{EPSTEIN} (varied by run; 0 = no peacekeepers)",
        ge=0,
        le=1,
    )
    legitimacy: LegitimacySchedule = param(
        LegitimacySchedule.drop(0.9, 0.72, at_step=1),
        "Legitimacy of green in blue eyes over time (and of blue in green eyes unless "
        "green_legitimacy is set). Default: 0.9, at which nobody can turn active (G <= 0.1 = "
        "T), lowered by 20% to 0.72 from step 1.",
        "index 0-1",
        f"{EPSTEIN} (legitimacy lowered by about 20%); the levels: {ASSUMPTION}",
    )
    green_legitimacy: LegitimacySchedule | None = param(
        None,
        "Legitimacy of blue in green eyes; None = the same schedule as `legitimacy`.",
        "index 0-1",
    )
    blue_share: float = param(
        0.5, "Expected share of blue citizens at the start.", "share of citizens", ge=0, le=1
    )
    max_age: int = param(
        100,
        "Life span: a citizen dies at the end of the step in which its age reaches it (initial "
        "ages uniform on 0..max_age-1); 0 = immortal.",
        "steps",
        ge=0,
    )
    birth_probability: float = param(
        0.012,
        "Chance per activation that a free citizen has one child, of its own group with fresh "
        "H and R, on a random empty site within birth_radius; with max_age 100 births balance "
        "deaths when about 20% of sites are empty.",
        "per step",
        ge=0,
        le=1,
    )
    birth_radius: int = param(
        1, "Moore radius of the sites where a child may be placed.", "sites", ge=1
    )


# The fields Model II adds to, or redefines from, LatticeParams.
MODEL_II_FIELDS: tuple[str, ...] = (
    "cop_density",
    "legitimacy",
    "green_legitimacy",
    "blue_share",
    "max_age",
    "birth_probability",
    "birth_radius",
)


class EthnicViolenceResult(NamedTuple):
    """What :func:`run_ethnic_violence` returns."""

    frame: pd.DataFrame
    summary: dict[str, Any]


class EthnicViolenceModel:
    """One run of Model II that can be advanced step by step.

    Args:
        params: the model's parameters.
        seed: an int or ``numpy.random.SeedSequence``; the same seed gives the same run.
    """

    def __init__(self, params: EthnicViolenceParams, seed: int | np.random.SeedSequence) -> None:
        self.params = params
        self.engine = LatticeEngine(
            params,
            seed,
            violence=True,
            group_share=params.blue_share,
            other_legitimacy=params.green_legitimacy,
            max_age=params.max_age,
            birth_probability=params.birth_probability,
            birth_radius=params.birth_radius,
        )

    @property
    def steps(self) -> int:
        """Steps run so far."""
        return self.engine.step_count

    @property
    def finished(self) -> bool:
        """Whether a group has been eliminated."""
        return self.engine.finished

    def run(self, steps: int) -> None:
        """Advance up to ``steps`` steps (stops at an elimination)."""
        self.engine.run(steps)

    def frame(self) -> pd.DataFrame:
        """One row per step from 0 (the initial state) to now.

        Columns: ``step``; per group g in blue, green: ``g_quiescent``, ``g_active``,
        ``g_jailed``, ``g`` (alive: the three summed), ``g_killed`` (killed during the step),
        ``g_same_share`` (mean share of own-group citizens among the citizens on the 8 adjacent
        sites); ``births``, ``deaths`` (of age), ``arrests``, ``no_slot`` (births refused for
        lack of memory, 0 in practice), ``legitimacy`` (blue's view, during the step) and
        ``minority_clustering`` (same-group share of the smaller group minus its share of free
        citizens: 0 under random mixing, > 0 when it clusters).
        """
        rec, recf, legit = self.engine.records()
        out: dict[str, Any] = {"step": np.arange(rec.shape[0])}
        for g, name in enumerate(GROUPS):
            q, a, j = rec[:, 3 * g], rec[:, 3 * g + 1], rec[:, 3 * g + 2]
            out[f"{name}_quiescent"] = q
            out[f"{name}_active"] = a
            out[f"{name}_jailed"] = j
            out[name] = q + a + j
            out[f"{name}_killed"] = rec[:, K.R_KILLED0 + g]
            out[f"{name}_same_share"] = recf[:, g]
        out["births"] = rec[:, K.R_BIRTHS]
        out["deaths"] = rec[:, K.R_DEATHS]
        out["arrests"] = rec[:, K.R_ARRESTS]
        out["no_slot"] = rec[:, K.R_NO_SLOT]
        out["legitimacy"] = legit[:, 0]
        frame = pd.DataFrame(out)
        free = {n: frame[f"{n}_quiescent"] + frame[f"{n}_active"] for n in GROUPS}
        total_free = (free["blue"] + free["green"]).replace(0, np.nan)
        excess = {n: frame[f"{n}_same_share"] - free[n] / total_free for n in GROUPS}
        blue_minority = frame["blue"] <= frame["green"]
        frame["minority_clustering"] = np.where(blue_minority, excess["blue"], excess["green"])
        return frame

    def summary(self) -> dict[str, Any]:
        """Outcome so far: ``eliminated`` ("blue", "green", "both" or None),
        ``elimination_step`` (None if no group was eliminated), ``steps`` run, final group sizes
        and total kills, births and arrests."""
        frame = self.frame()
        last = frame.iloc[-1]
        gone = [n for n in GROUPS if last[n] == 0]
        eliminated = None if not gone else gone[0] if len(gone) == 1 else "both"
        return {
            "eliminated": eliminated,
            "elimination_step": int(last["step"]) if gone else None,
            "steps": int(last["step"]),
            "blue": int(last["blue"]),
            "green": int(last["green"]),
            "killed": int(frame["blue_killed"].sum() + frame["green_killed"].sum()),
            "births": int(frame["births"].sum()),
            "arrests": int(frame["arrests"].sum()),
        }


def run_ethnic_violence(
    params: EthnicViolenceParams, steps: int, seed: int | np.random.SeedSequence
) -> EthnicViolenceResult:
    """Run Model II for at most ``steps`` steps (the cap) or until a group is eliminated.

    Returns:
        ``(frame, summary)``: the per-step frame of :meth:`EthnicViolenceModel.frame` and the
        outcome of :meth:`EthnicViolenceModel.summary`.
    """
    model = EthnicViolenceModel(params, seed)
    model.run(steps)
    return EthnicViolenceResult(model.frame(), model.summary())


def time_to_elimination(
    params: EthnicViolenceParams,
    densities: list[float] | np.ndarray,
    seeds: list[int] | range,
    max_steps: int,
) -> pd.DataFrame:
    """Time until a group is eliminated, for every peacekeeper density and seed.

    Returns:
        One row per (density, seed): ``cop_density``, ``seed``, ``elimination_step`` (the cap
        ``max_steps`` when no group was eliminated), ``censored`` (True then) and ``eliminated``.
    """
    rows = []
    for density in densities:
        p = params.model_copy(update={"cop_density": float(density)})
        p = EthnicViolenceParams.model_validate(p.model_dump())
        for seed in seeds:
            summary = run_ethnic_violence(p, max_steps, seed).summary
            step = summary["elimination_step"]
            rows.append(
                {
                    "cop_density": float(density),
                    "seed": seed,
                    "elimination_step": max_steps if step is None else step,
                    "censored": step is None,
                    "eliminated": summary["eliminated"],
                }
            )
    return pd.DataFrame(rows)


#: Free members the smaller group must keep for its clustering to be measured.
CLUSTERING_MIN_MEMBERS = 30


def minority_clustering(frame: pd.DataFrame, min_members: int = CLUSTERING_MIN_MEMBERS) -> float:
    """Mean ``minority_clustering`` of a run's frame over the steps (from 1) in which the smaller
    group still has at least ``min_members`` free members; NaN if there are none. Above 0 the
    minority survives in same-group patches (safe havens)."""
    free = [frame[f"{g}_quiescent"] + frame[f"{g}_active"] for g in GROUPS]
    keep = (np.minimum(*free) >= min_members) & (frame["step"] >= 1)
    values = frame.loc[keep, "minority_clustering"].dropna()
    return float(values.mean()) if len(values) else float("nan")

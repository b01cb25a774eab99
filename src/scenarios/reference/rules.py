"""The citizen's decision rule of Epstein (2002) and the legitimacy schedules.

The compiled kernel evaluates the same formulas (``arrest_probability`` below *is* the compiled
function the kernel calls); the plain-Python versions here exist so the rules can be checked and
plotted on their own.
"""

from typing import Literal, Self

import numpy as np
from pydantic import model_validator

from scenarios.params import Schema, param
from scenarios.reference.kernels import (
    RATIO_FLOORED,
    RATIO_PLAIN,
    RATIO_ROUNDED,
)
from scenarios.reference.kernels import (
    arrest_probability as _arrest_probability,
)

ArrestRatio = Literal["plain", "rounded", "floored"]
RATIO_CODES: dict[str, int] = {
    "plain": RATIO_PLAIN,
    "rounded": RATIO_ROUNDED,
    "floored": RATIO_FLOORED,
}


def grievance(hardship: float | np.ndarray, legitimacy: float) -> float | np.ndarray:
    """G = H (1 - L): hardship H in [0, 1] discounted by the regime's legitimacy L in [0, 1]."""
    return hardship * (1.0 - legitimacy)


def arrest_probability(
    cops: int, actives: int, k: float = 2.3, ratio: ArrestRatio = "plain"
) -> float:
    """Estimated arrest probability P = 1 - exp(-k (C/A)_v).

    Args:
        cops: C, cops in the agent's vision.
        actives: A, active citizens in vision counting the agent itself, so A >= 1.
        k: 2.3 in the paper, so that P = 0.9 (to two digits) when C = A = 1.
        ratio: how C/A enters: ``plain`` (the paper), ``rounded`` (Mesa's example, Python's
            ``round``: halves to even) or ``floored`` (NetLogo's Rebellion).
    """
    if actives < 1:
        raise ValueError("A counts the agent itself, so actives >= 1")
    return float(_arrest_probability(cops, actives, k, RATIO_CODES[ratio]))


def is_active(
    hardship: float,
    risk_aversion: float,
    legitimacy: float,
    cops: int,
    actives: int,
    *,
    k: float = 2.3,
    threshold: float = 0.1,
    ratio: ArrestRatio = "plain",
) -> bool:
    """Rule A: active when G - N > T, with net risk N = R P; quiet otherwise."""
    net_risk = risk_aversion * arrest_probability(cops, actives, k, ratio)
    return bool(grievance(hardship, legitimacy) - net_risk > threshold)


class LegitimacySchedule(Schema):
    """Legitimacy L as a function of the step: constant, a linear ramp, or a one-off drop.

    ``at(t)`` is the legitimacy citizens use during step t (steps count from 1; step 0 is the
    initial state).
    """

    kind: Literal["constant", "linear", "step"] = param(
        "constant",
        "constant: L = value throughout; linear: value until start_step, then a straight line "
        "to final at end_step, final after; step: value before start_step, final from it on.",
        "choice",
        "Epstein 2002 (Figs. of legitimacy reductions)",
    )
    value: float = param(
        0.82, "Initial (or constant) legitimacy.", "index 0-1", "set per run (presets)", ge=0, le=1
    )
    final: float = param(
        0.82, "Legitimacy after the change.", "index 0-1", "set per run (presets)", ge=0, le=1
    )
    start_step: int = param(
        0, "Step at which the change starts (or the drop).", "steps", "set per run (presets)", ge=0
    )
    end_step: int = param(
        0, "Step at which a linear change reaches `final`.", "steps", "set per run (presets)", ge=0
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.kind == "linear" and self.end_step <= self.start_step:
            raise ValueError("a linear schedule needs end_step > start_step")
        return self

    @classmethod
    def constant(cls, value: float) -> Self:
        """L = ``value`` throughout."""
        return cls(kind="constant", value=value, final=value)

    @classmethod
    def linear(cls, value: float, final: float, start_step: int, end_step: int) -> Self:
        """L = ``value`` up to ``start_step``, linear to ``final`` at ``end_step``, then flat."""
        return cls(
            kind="linear", value=value, final=final, start_step=start_step, end_step=end_step
        )

    @classmethod
    def drop(cls, value: float, final: float, at_step: int) -> Self:
        """L = ``value`` before ``at_step`` and ``final`` from ``at_step`` on."""
        return cls(kind="step", value=value, final=final, start_step=at_step)

    def at(self, step: int | np.ndarray) -> float | np.ndarray:
        """Legitimacy during ``step`` (scalar or array of steps)."""
        t = np.asarray(step, dtype=np.float64)
        match self.kind:
            case "constant":
                out = np.full_like(t, self.value)
            case "step":
                out = np.where(t >= self.start_step, self.final, self.value)
            case _:
                frac = np.clip((t - self.start_step) / (self.end_step - self.start_step), 0, 1)
                out = self.value + frac * (self.final - self.value)
        return float(out) if out.ndim == 0 else out

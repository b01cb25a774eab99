"""Epstein (2002) Model I: generalized rebellion against a central authority.

Citizens (hardship H, risk aversion R ~ U(0, 1)) and cops live on a torus. Each step every agent
acts once in a fresh random order. A citizen with grievance G = H (1 - L) and net risk
N = R (1 - exp(-k (C/A)_v)) is active when G - N > T and quiet otherwise; a cop arrests one
random active citizen in its vision, who is jailed for J ~ U{0..J_max} steps; agents move to a
random empty site in vision. ``docs/epstein.md`` describes the rules and every setting.

Example::

    from scenarios.reference import CivilViolenceParams, run_civil_violence
    frame = run_civil_violence(CivilViolenceParams(), steps=500, seed=1)
"""

import numpy as np
import pandas as pd

from scenarios.reference import kernels as K
from scenarios.reference.lattice import LatticeEngine, LatticeParams

COLUMNS = ("step", "quiescent", "active", "jailed", "legitimacy", "arrests")


class CivilViolenceParams(LatticeParams):
    """Parameters of Model I; the defaults are the paper's rules with NetLogo's default values.

    Every field is documented (meaning, unit, source) in :class:`LatticeParams`; the named
    configurations of the paper's runs, Mesa's example and NetLogo's model are in
    :mod:`scenarios.reference.presets`.
    """


class CivilViolenceModel:
    """One run of Model I that can be advanced step by step.

    Args:
        params: the model's parameters.
        seed: an int or ``numpy.random.SeedSequence``; the same seed gives the same run.
    """

    def __init__(
        self, params: CivilViolenceParams | LatticeParams, seed: int | np.random.SeedSequence
    ) -> None:
        self.params = params
        self.engine = LatticeEngine(params, seed)

    @property
    def steps(self) -> int:
        """Steps run so far."""
        return self.engine.step_count

    def step(self) -> None:
        """Advance one step."""
        self.engine.run(1)

    def run(self, steps: int) -> None:
        """Advance ``steps`` steps in one compiled call."""
        self.engine.run(steps)

    def counts(self) -> dict[str, int]:
        """Citizens quiescent, active and jailed now."""
        row = self.engine.records()[0][-1]
        return {
            "quiescent": int(row[K.R_QUIET0]),
            "active": int(row[K.R_ACTIVE0]),
            "jailed": int(row[K.R_JAILED0]),
        }

    def frame(self) -> pd.DataFrame:
        """One row per step from 0 (the initial state) to now: the columns of :data:`COLUMNS`."""
        rec, _, legit = self.engine.records()
        return pd.DataFrame(
            {
                "step": np.arange(rec.shape[0]),
                "quiescent": rec[:, K.R_QUIET0],
                "active": rec[:, K.R_ACTIVE0],
                "jailed": rec[:, K.R_JAILED0],
                "legitimacy": legit[:, 0],
                "arrests": rec[:, K.R_ARRESTS],
            }
        )


def run_civil_violence(
    params: CivilViolenceParams | LatticeParams, steps: int, seed: int | np.random.SeedSequence
) -> pd.DataFrame:
    """Run Model I for ``steps`` steps.

    Returns:
        One row per step 0..steps (step 0 is the initial state): ``step``, ``quiescent``,
        ``active``, ``jailed`` (citizens, counted after the step), ``legitimacy`` (used during
        the step) and ``arrests`` (made during the step).
    """
    model = CivilViolenceModel(params, seed)
    model.run(steps)
    return model.frame()

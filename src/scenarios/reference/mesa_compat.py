"""Run Mesa's own Epstein example with the settings of a :class:`LatticeParams`.

Mesa ships Model I as ``mesa.examples.advanced.epstein_civil_violence``. Its rules are those of
``presets.mesa_compatible()``; :func:`mesa_scenario` refuses any other rule setting, so the two
implementations are only ever compared on identical rules (``tests/reference/test_epstein_mesa.py``,
``benchmarks/epstein_speed.py``). Mesa is imported lazily: nothing else here needs it.
"""

import logging
from typing import Any

import numpy as np
import pandas as pd

from scenarios.reference.lattice import LatticeParams

# The rule settings of Mesa's example (everything but the numbers); its option
# grid_type="Moore" corresponds to neighbourhood="moore", which mesa_scenario accepts too.
MESA_RULES: dict[str, Any] = {
    "placement": "bernoulli",
    "neighbourhood": "von_neumann",
    "include_own_site": False,
    "arrest_ratio": "rounded",
    "jail_term_draw": "inclusive",
    "jail_rule": "mesa",
    "move_before_acting": False,
    "cop_moves_to_arrestee": False,
    "threshold": 0.1,
}


def mesa_scenario(params: LatticeParams, seed: int) -> Any:
    """Mesa's ``EpsteinScenario`` with the numbers of ``params`` and random seed ``seed``.

    Raises:
        ValueError: when ``params`` uses a rule Mesa's example does not implement, a legitimacy
            that changes over time, or different citizen and cop visions (Mesa uses
            ``cop_vision`` for both).
    """
    from mesa.examples.advanced.epstein_civil_violence.model import EpsteinScenario

    wrong = {
        k: getattr(params, k)
        for k, v in MESA_RULES.items()
        if getattr(params, k) != v
        and not (k == "neighbourhood" and params.neighbourhood == "moore")
    }
    if wrong:
        raise ValueError(f"settings Mesa's example does not implement: {wrong}")
    if params.legitimacy.kind != "constant":
        raise ValueError("Mesa's example has a constant legitimacy")
    if params.vision != params.cop_vision:
        raise ValueError("Mesa's example uses cop_vision for citizens too")
    if params.citizen_movement != params.cop_movement:
        raise ValueError("Mesa's example has one movement switch for citizens and cops")
    return EpsteinScenario(
        citizen_density=params.citizen_density,
        cop_density=params.cop_density,
        citizen_vision=params.vision,
        cop_vision=params.cop_vision,
        legitimacy=params.legitimacy.value,
        max_jail_term=params.max_jail_term,
        active_threshold=params.threshold,
        arrest_prob_constant=params.arrest_constant,
        movement=params.citizen_movement,
        activation_order="Random",
        grid_type="Moore" if params.neighbourhood == "moore" else "Von Neumann",
        rng=seed,
    )


def mesa_model(params: LatticeParams, seed: int) -> Any:
    """A fresh instance of Mesa's ``EpsteinCivilViolence`` for ``params``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from mesa.examples.advanced.epstein_civil_violence.model import EpsteinCivilViolence

    return EpsteinCivilViolence(
        width=params.width, height=params.height, scenario=mesa_scenario(params, seed)
    )


def run_mesa(params: LatticeParams, steps: int, seed: int) -> pd.DataFrame:
    """Run Mesa's example; same columns as ``run_civil_violence`` except the arrests."""
    model = mesa_model(params, seed)
    rows = [(model.QUIET, model.ACTIVE, model.ARRESTED)]
    for _ in range(steps):
        model.step()
        rows.append((model.QUIET, model.ACTIVE, model.ARRESTED))
    counts = np.asarray(rows, dtype=np.int64)
    return pd.DataFrame(
        {
            "step": np.arange(steps + 1),
            "quiescent": counts[:, 0],
            "active": counts[:, 1],
            "jailed": counts[:, 2],
            "legitimacy": params.legitimacy.value,
        }
    )

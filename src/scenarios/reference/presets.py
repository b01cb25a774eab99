"""Named parameter sets: the paper's runs, and Mesa's and NetLogo's versions of Model I.

A :class:`Preset` is a plain frozen dataclass holding a validated parameter object and the
number of steps of the run; :data:`PRESETS` maps names to them. ``docs/epstein.md`` tabulates
them with the results the tests measure on them.
"""

from dataclasses import dataclass
from typing import Any

from scenarios.reference.civil_violence import CivilViolenceParams
from scenarios.reference.ethnic_violence import EthnicViolenceParams
from scenarios.reference.mesa_compat import MESA_RULES
from scenarios.reference.rules import LegitimacySchedule

# NetLogo Rebellion's rules (its default numbers are the defaults of CivilViolenceParams).
NETLOGO_RULES: dict[str, Any] = {
    "placement": "fixed_counts",
    "neighbourhood": "disc",
    "include_own_site": True,
    "arrest_ratio": "floored",
    "jail_term_draw": "exclusive",
    "jail_rule": "netlogo",
    "move_before_acting": True,
    "cop_moves_to_arrestee": True,
}

# Mesa's example's defaults (EpsteinScenario in mesa 3.5.1).
MESA_DEFAULTS: dict[str, Any] = {
    "width": 40,
    "height": 40,
    "citizen_density": 0.7,
    "cop_density": 0.074,
    "vision": 7,
    "cop_vision": 7,
    "legitimacy": LegitimacySchedule.constant(0.8),
    "max_jail_term": 1000,
    "arrest_constant": 2.3,
}

# Peacekeeper densities of the Model II sweep.
PEACEKEEPER_DENSITIES: tuple[float, ...] = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1)


def mesa_compatible(**overrides: Any) -> CivilViolenceParams:
    """Model I with exactly the rules of Mesa's example and its default numbers."""
    return CivilViolenceParams.model_validate({**MESA_RULES, **MESA_DEFAULTS, **overrides})


def netlogo_compatible(**overrides: Any) -> CivilViolenceParams:
    """Model I with the rules of NetLogo's Rebellion and its default numbers."""
    return CivilViolenceParams.model_validate({**NETLOGO_RULES, **overrides})


@dataclass(frozen=True)
class Preset:
    """A named run: its parameters, length and where it comes from."""

    name: str
    description: str
    source: str
    params: CivilViolenceParams | EthnicViolenceParams
    steps: int

    @property
    def model(self) -> str:
        """``"I"`` or ``"II"``."""
        return "II" if isinstance(self.params, EthnicViolenceParams) else "I"


def _presets() -> dict[str, Preset]:
    gradual = LegitimacySchedule.linear(0.9, 0.0, start_step=0, end_step=250)
    abrupt = LegitimacySchedule.drop(0.9, 0.7, at_step=77)
    items = [
        Preset(
            "epstein_i",
            "Model I with the paper's rules (cross-shaped vision, plain C/A, jailed citizens off "
            "the lattice) and NetLogo's default numbers.",
            "Epstein 2002; numbers: NetLogo Rebellion defaults",
            CivilViolenceParams(),
            1000,
        ),
        Preset(
            "epstein_i_punctuated_equilibrium",
            "40x40, citizen density 0.7, cop density 0.04, vision 7, L = 0.82, J_max = 30, "
            "floored C/A with NetLogo's rules: long quiet spells broken by bursts.",
            "Epstein 2002 (punctuated equilibrium); NetLogo Rebellion",
            netlogo_compatible(),
            2500,
        ),
        Preset(
            "epstein_i_gradual_legitimacy",
            "The paper's rules; L falls linearly from 0.9 at step 0 to 0 at step 250.",
            "Epstein 2002 (incremental legitimacy reduction); NetLogo Rebellion info tab",
            CivilViolenceParams(legitimacy=gradual),
            250,
        ),
        Preset(
            "epstein_i_abrupt_legitimacy",
            "The paper's rules; L = 0.9, dropped at once to 0.7 at step 77.",
            "Epstein 2002 (abrupt legitimacy reduction); NetLogo Rebellion info tab",
            CivilViolenceParams(legitimacy=abrupt),
            250,
        ),
        Preset(
            "netlogo_gradual_legitimacy",
            "As epstein_i_gradual_legitimacy with NetLogo's rules.",
            "NetLogo Rebellion info tab",
            netlogo_compatible(legitimacy=gradual),
            250,
        ),
        Preset(
            "netlogo_abrupt_legitimacy",
            "As epstein_i_abrupt_legitimacy with NetLogo's rules.",
            "NetLogo Rebellion info tab",
            netlogo_compatible(legitimacy=abrupt),
            250,
        ),
        Preset(
            "mesa_example",
            "Mesa's example (rules and defaults) reproduced by our engine.",
            "Mesa 3.5.1 examples/advanced/epstein_civil_violence",
            mesa_compatible(),
            1000,
        ),
        Preset(
            "netlogo_rebellion",
            "NetLogo's Rebellion (rules and defaults) reproduced by our engine.",
            "NetLogo Rebellion (Wilensky 2004)",
            netlogo_compatible(),
            1000,
        ),
        Preset(
            "epstein_ii_genocide",
            "Model II without peacekeepers; legitimacy lowered by 20%, from 0.9 to 0.72.",
            "Epstein 2002 (Model II); demography: assumption",
            EthnicViolenceParams(),
            1000,
        ),
        Preset(
            "epstein_ii_peacekeepers",
            "Model II with peacekeepers at density 0.04.",
            "Epstein 2002 (Model II, peacekeeping); demography: assumption",
            EthnicViolenceParams(cop_density=0.04),
            1000,
        ),
    ]
    return {p.name: p for p in items}


PRESETS: dict[str, Preset] = _presets()


def preset(name: str) -> Preset:
    """The preset called ``name``.

    Raises:
        KeyError: listing the known names.
    """
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None

"""Reference models: Epstein (2002) civil violence Models I and II (``docs/epstein.md``).

Model I (rebellion against a central authority) and Model II (inter-group violence with
peacekeepers) run on one compiled engine with random asynchronous activation. Every rule on
which the paper, Mesa's example and NetLogo's Rebellion differ is a setting of
:class:`LatticeParams`; :mod:`~scenarios.reference.presets` names the paper's runs and the Mesa-
and NetLogo-compatible configurations.
"""

from scenarios.reference.civil_violence import (
    CivilViolenceModel,
    CivilViolenceParams,
    run_civil_violence,
)
from scenarios.reference.ethnic_violence import (
    EthnicViolenceModel,
    EthnicViolenceParams,
    EthnicViolenceResult,
    run_ethnic_violence,
    time_to_elimination,
)
from scenarios.reference.lattice import LatticeParams
from scenarios.reference.presets import (
    PRESETS,
    Preset,
    mesa_compatible,
    netlogo_compatible,
    preset,
)
from scenarios.reference.rules import (
    LegitimacySchedule,
    arrest_probability,
    grievance,
    is_active,
)

__all__ = [
    "PRESETS",
    "CivilViolenceModel",
    "CivilViolenceParams",
    "EthnicViolenceModel",
    "EthnicViolenceParams",
    "EthnicViolenceResult",
    "LatticeParams",
    "LegitimacySchedule",
    "Preset",
    "arrest_probability",
    "grievance",
    "is_active",
    "mesa_compatible",
    "netlogo_compatible",
    "preset",
    "run_civil_violence",
    "run_ethnic_violence",
    "time_to_elimination",
]

"""Schema of a run of a reference model (Epstein 2002 Models I and II) through ``scenarios-run``.

``scenarios-run model=epstein_civil_violence`` (or any preset in ``configs/model/``) selects one
of these instead of the country model. A reference run has no scenario, strategy, outcome or
weeks: its section ``model`` holds the lattice rules and numbers of
:mod:`scenarios.reference` plus the run length in steps.
"""

from typing import Literal

from scenarios.config.run import BaseRunConfig
from scenarios.params import param
from scenarios.reference.civil_violence import CivilViolenceParams
from scenarios.reference.ethnic_violence import EthnicViolenceParams
from scenarios.reference.lattice import LatticeParams

CIVIL_VIOLENCE = "epstein_civil_violence"
ETHNIC_VIOLENCE = "epstein_ethnic_violence"
#: Fields a run adds to the model's own parameters.
RUN_FIELDS = ("kind", "preset", "steps", "burst_threshold")


class CivilViolenceSpec(CivilViolenceParams):
    """Model I as configured for a run: its parameters, which preset they come from, its length."""

    kind: Literal["epstein_civil_violence"] = param(
        CIVIL_VIOLENCE, "Which model this section configures.", "choice"
    )
    preset: str = param(
        "epstein_i",
        "Preset the values come from (configs/model/<preset>.yaml); a label in the outputs.",
        "name",
        "scenarios.reference.presets",
        pattern=r"^[A-Za-z0-9_.-]+$",
    )
    steps: int = param(
        1000, "Steps simulated per replication.", "steps", "set per run (presets)", ge=1, le=10**6
    )
    burst_threshold: int = param(
        50,
        "A step belongs to a burst of rebellion (an outburst) when more than this many citizens "
        "are active; bursts and the quiet spells between them are reported per replication. "
        "Scale it with the number of citizens on other lattices.",
        "citizens",
        "Epstein 2002 (outbursts: more than 50 actives on the 40x40 lattice; docs/epstein.md)",
        ge=0,
    )

    def params(self) -> CivilViolenceParams:
        """The model's parameters without the run's fields."""
        return CivilViolenceParams.model_validate(self.model_dump(exclude=set(RUN_FIELDS)))


class EthnicViolenceSpec(EthnicViolenceParams):
    """Model II as configured for a run: its parameters, preset and step cap."""

    kind: Literal["epstein_ethnic_violence"] = param(
        ETHNIC_VIOLENCE, "Which model this section configures.", "choice"
    )
    preset: str = param(
        "epstein_ii_genocide",
        "Preset the values come from (configs/model/<preset>.yaml); a label in the outputs.",
        "name",
        "scenarios.reference.presets",
        pattern=r"^[A-Za-z0-9_.-]+$",
    )
    steps: int = param(
        1000,
        "Cap on the steps of a replication: it ends earlier when a group is eliminated, and "
        "is censored at the cap otherwise.",
        "steps",
        "set per run (presets)",
        ge=1,
        le=10**6,
    )

    def params(self) -> EthnicViolenceParams:
        """The model's parameters without the run's fields."""
        return EthnicViolenceParams.model_validate(self.model_dump(exclude=set(RUN_FIELDS)))


class CivilViolenceRunConfig(BaseRunConfig):
    """A validated run of Model I."""

    model: CivilViolenceSpec = param(CivilViolenceSpec(), "Model I and its run length.", "section")


class EthnicViolenceRunConfig(BaseRunConfig):
    """A validated run of Model II."""

    model: EthnicViolenceSpec = param(EthnicViolenceSpec(), "Model II and its step cap.", "section")


ReferenceRunConfig = CivilViolenceRunConfig | EthnicViolenceRunConfig
#: Run schema of each reference model, by ``model.kind``.
REFERENCE_RUNS: dict[str, type[CivilViolenceRunConfig] | type[EthnicViolenceRunConfig]] = {
    CIVIL_VIOLENCE: CivilViolenceRunConfig,
    ETHNIC_VIOLENCE: EthnicViolenceRunConfig,
}


#: The run spec of each reference model's parameters.
SPECS: dict[type[LatticeParams], type[CivilViolenceSpec] | type[EthnicViolenceSpec]] = {
    CivilViolenceParams: CivilViolenceSpec,
    EthnicViolenceParams: EthnicViolenceSpec,
}


def spec_for(
    name: str, params: LatticeParams, steps: int
) -> CivilViolenceSpec | EthnicViolenceSpec:
    """The run spec of preset ``name``: its parameters and length."""
    spec = SPECS[type(params)]
    return spec.model_validate({**params.model_dump(), "preset": name, "steps": steps})

"""The steps a strategy may name. Only these classes can be built from a config."""

import numpy as np

from scenarios.config.steps import StepsParams
from scenarios.config.strategy import STEP_NAMES, StepSpec
from scenarios.steps.base import Step
from scenarios.steps.prevention import CounterHateSpeech, EconomicSupport, Mediation, Monitoring
from scenarios.steps.reaction import (
    ArmsEmbargo,
    Condemnation,
    FactFinding,
    IccReferral,
    MilitaryIntervention,
    Peacekeeping,
    SafeAreas,
    TargetedSanctions,
)
from scenarios.steps.rebuilding import Ddr, TransitionalJustice

STEPS: dict[str, type[Step]] = {
    cls.name: cls
    for cls in (
        Monitoring,
        FactFinding,
        Mediation,
        CounterHateSpeech,
        EconomicSupport,
        Condemnation,
        TargetedSanctions,
        ArmsEmbargo,
        IccReferral,
        Peacekeeping,
        SafeAreas,
        MilitaryIntervention,
        Ddr,
        TransitionalJustice,
    )
}
assert set(STEPS) == set(STEP_NAMES), "every step with parameters needs a class, and back"


def build_step(
    spec: StepSpec, params: StepsParams, index: int, vote_rng: np.random.Generator
) -> Step:
    """The step ``spec`` names, with its parameters (``params.<step>``) and its vote stream."""
    return STEPS[spec.step](spec, getattr(params, spec.step), index, vote_rng)

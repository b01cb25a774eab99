"""The steps a strategy may name. Only these classes can be built from a config."""

from scenarios.config.steps import StepsParams
from scenarios.config.strategy import STEP_NAMES, StrategySpec
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


def build_steps(strategy: StrategySpec, params: StepsParams) -> list[Step]:
    """Instantiate the strategy's steps with their parameters, in strategy order."""
    return [
        STEPS[spec.step](spec, getattr(params, spec.step), index)
        for index, spec in enumerate(strategy.steps)
    ]

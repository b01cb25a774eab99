"""Prevention: monitoring and early warning, mediation, countering hate speech, economic support."""

from scenarios.boundary.modifiers import Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.steps.base import Step


class Monitoring(Step):
    """Monitors on the ground: more outside attention, and every stakeholder notices sooner."""

    name, family, taker = "monitoring", "prevention", "monitors"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.attention += self.params.attention * self.intensity
        speedup = self.params.notice_speedup * min(1.0, self.intensity)
        modifiers.notice_speedup = max(modifiers.notice_speedup, speedup)


class Mediation(Step):
    """Preventive diplomacy: the regime perceives less threat while talks go on."""

    name, family, taker = "mediation", "prevention", "regional_organisation"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        reduction = self.params.threat_reduction * min(1.0, self.intensity)
        modifiers.threat_factor = min(modifiers.threat_factor, 1.0 - reduction)  # no stacking


class CounterHateSpeech(Step):
    """Countering hate speech: less of the regime's propaganda reaches civilians."""

    name, family, taker = "counter_hate_speech", "prevention", "monitors"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        share = self.params.propaganda_reduction * min(1.0, self.intensity)
        modifiers.propaganda_factor = min(modifiers.propaganda_factor, 1.0 - share)


class EconomicSupport(Step):
    """Economic support: less hardship, hence less grievance."""

    name, family, taker = "economic_support", "prevention", "regional_organisation"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.hardship -= self.params.hardship_relief * self.intensity

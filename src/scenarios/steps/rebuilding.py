"""Rebuilding: DDR, transitional justice and reconciliation (lower the risk of recurrence)."""

from scenarios.boundary.modifiers import Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.steps.base import Step


class Ddr(Step):
    """Disarmament, demobilisation and reintegration: militia and rebel fighters go home."""

    name, family, taker = "ddr", "rebuilding", "regional_organisation"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.demobilisation = min(
            1.0, modifiers.demobilisation + self.params.demobilisation * self.intensity
        )


class TransitionalJustice(Step):
    """Truth-telling, trials and reparations: legitimacy regained, dehumanisation unlearned."""

    name, family, taker = "transitional_justice", "rebuilding", "regional_organisation"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.legitimacy += self.params.legitimacy * self.intensity
        modifiers.exposure_decay += self.params.exposure_decay * self.intensity

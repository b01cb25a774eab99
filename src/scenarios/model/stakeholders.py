"""External stakeholders as Mesa agents: they notice with a lag, deliberate, decide and act.

The Security Council votes on coercive measures (the regime's patron may veto); the regional
organisation, the monitors (NGOs, media, UN monitors) and the neighbouring states take the other
steps. What a stakeholder sees is the model's weekly record as it was ``notice lag`` weeks ago;
monitoring shortens every lag.
"""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from scenarios.config.scenario import StakeholdersSpec

if TYPE_CHECKING:
    from scenarios.model.model import CountryModel


class Stakeholder(mesa.Agent):
    """An outside actor that notices what happens with a lag.

    Attributes:
        name: key used by steps (``taker``).
        notice_lag: weeks before it sees what happens, without monitoring.
    """

    def __init__(self, model: "CountryModel", name: str, notice_lag: int):
        super().__init__(model)
        self.name = name
        self.notice_lag = notice_lag

    def lag(self) -> int:
        """Current notice lag in weeks (monitoring shortens it)."""
        return round(self.notice_lag * (1.0 - self.model.modifiers.notice_speedup))

    def observe(self, indicator: str) -> float | None:
        """The indicator as this stakeholder sees it now, or None if nothing is visible yet.

        At the start of week w the last complete record is week w - 1; the stakeholder sees
        week w - 1 - lag.
        """
        records = self.model.records
        seen = len(records) - self.lag()
        return float(records[seen - 1][indicator]) if seen >= 1 else None

    def sees(self, indicator: str, level: float) -> bool:
        """Whether the indicator, as seen, is at least ``level``."""
        value = self.observe(indicator)
        return value is not None and value >= level


class SecurityCouncil(Stakeholder):
    """The Security Council: coercive measures need a vote; the regime's patron may veto.

    Attributes:
        patron_veto: chance of a veto on a coercive measure put to a vote.
    """

    def __init__(
        self, model: "CountryModel", notice_lag: int, patron_veto: float, rng: np.random.Generator
    ):
        super().__init__(model, "security_council", notice_lag)
        self.patron_veto = patron_veto
        self.vote_rng = rng

    def vetoes(self) -> bool:
        """Put a measure to a vote; True when it is vetoed.

        A fact-finding mission in effect makes a veto rarer by its ``veto_discount``.
        """
        chance = self.patron_veto
        for step in self.model.steps_taken:
            if step.name == "fact_finding" and step.active:
                chance *= 1.0 - step.params.veto_discount
        return bool(self.vote_rng.random() < chance)


class Neighbours(Stakeholder):
    """Neighbouring states: arms leak through them past an embargo."""

    def __init__(self, model: "CountryModel", notice_lag: int, arms_leakage: float):
        super().__init__(model, "neighbours", notice_lag)
        self.arms_leakage = arms_leakage


class Monitors(Stakeholder):
    """NGOs, media and monitors: international attention follows the killing they see."""

    def __init__(self, model: "CountryModel", notice_lag: int, media_response: float):
        super().__init__(model, "monitors", notice_lag)
        self.media_response = media_response

    def attention_added(self) -> float:
        """Attention drawn by the killing seen so far."""
        killed = self.observe("killed")
        return 0.0 if killed is None else self.media_response * killed / 10_000.0


def build_stakeholders(
    model: "CountryModel", spec: StakeholdersSpec, rng: np.random.Generator
) -> dict[str, Stakeholder]:
    """The four stakeholders of a scenario, by name."""
    return {
        "security_council": SecurityCouncil(model, spec.council_notice_lag, spec.patron_veto, rng),
        "regional_organisation": Stakeholder(
            model, "regional_organisation", spec.regional_notice_lag
        ),
        "neighbours": Neighbours(model, spec.regional_notice_lag, spec.arms_leakage),
        "monitors": Monitors(model, spec.monitors_notice_lag, spec.media_response),
    }

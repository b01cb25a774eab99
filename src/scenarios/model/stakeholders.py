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


MEMBERS, AFFIRMATIVE_VOTES = 15, 9  # UN Charter, Article 27(3)


class SecurityCouncil(Stakeholder):
    """The Security Council: coercive measures need nine of fifteen votes and no veto.

    The regime's patron is a permanent member that may veto (else it abstains); the proposer
    votes yes; each of the other thirteen votes yes with a probability that rises with the
    killing the Council has seen.

    Attributes:
        patron_veto: chance of a veto on a coercive measure put to a vote.
        support: each other member's chance of voting yes before any killing is seen.
        evidence_response: rise in that chance per 10,000 civilians seen killed.
    """

    def __init__(
        self,
        model: "CountryModel",
        spec: StakeholdersSpec,
        rng: np.random.Generator,
    ):
        super().__init__(model, "security_council", spec.council_notice_lag)
        self.patron_veto = spec.patron_veto
        self.support = spec.council_support
        self.evidence_response = spec.evidence_response
        self.vote_rng = rng

    def vote(self, rng: np.random.Generator | None = None) -> str:
        """Put a measure to a vote: 'vetoed', 'rejected' (under nine votes) or 'adopted'.

        The patron vetoes or abstains; the proposer votes yes; each of the other thirteen
        members votes yes with a chance that rises with the killing seen. ``rng`` is the step's
        own vote stream, so the same step meets the same draws under every strategy.
        """
        rng = rng or self.vote_rng
        if self.vetoes(rng):
            return "vetoed"
        killed = self.observe("killed") or 0.0
        chance = min(1.0, self.support + self.evidence_response * killed / 10_000.0)
        yes = 1 + int((rng.random(MEMBERS - 2) < chance).sum())
        return "adopted" if yes >= AFFIRMATIVE_VOTES else "rejected"

    def vetoes(self, rng: np.random.Generator | None = None) -> bool:
        """Put a measure to a vote; True when it is vetoed.

        A fact-finding mission in effect makes a veto rarer by its ``veto_discount``.
        """
        discounts = [
            step.params.veto_discount
            for step in self.model.steps_taken
            if step.name == "fact_finding" and step.active
        ]
        chance = self.patron_veto * (1.0 - max(discounts, default=0.0))
        return bool((rng or self.vote_rng).random() < chance)


class Neighbours(Stakeholder):
    """Neighbouring states: they host refugees up to a capacity, then close their borders;
    their camps are rear bases for rebels (spill-over); arms leak through them past an embargo.
    """

    def __init__(self, model: "CountryModel", spec: StakeholdersSpec):
        super().__init__(model, "neighbours", spec.regional_notice_lag)
        self.arms_leakage = spec.arms_leakage
        self.refugee_capacity = spec.refugee_capacity
        self.camp_recruitment = spec.camp_recruitment

    def borders_open(self, refugees: float) -> bool:
        """Whether they still let refugees in."""
        return refugees < self.refugee_capacity


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
        "security_council": SecurityCouncil(model, spec, rng),
        "regional_organisation": Stakeholder(
            model, "regional_organisation", spec.regional_notice_lag
        ),
        "neighbours": Neighbours(model, spec),
        "monitors": Monitors(model, spec.monitors_notice_lag, spec.media_response),
    }

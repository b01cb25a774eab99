"""External stakeholders as Mesa agents: they notice with a lag, deliberate, decide and act.

The Security Council votes on coercive measures (the regime's patron may veto); the regional
organisation and the monitors (NGOs, media, UN monitors) take the other steps; the neighbouring
states host refugees and let arms leak past an embargo. A stakeholder sees the country only
through the :class:`~scenarios.boundary.observations.CountryView`: the weekly record as it was
``notice lag`` weeks ago (monitoring shortens every lag) and, for the neighbours, the refugees
on their soil. Each acts in its own ``step()`` at the start of the week, after the steps in
effect have set the week's modifiers.
"""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from scenarios.boundary.observations import CountryView
from scenarios.config.scenario import StakeholdersSpec

if TYPE_CHECKING:
    from scenarios.model.model import CountryModel


class Stakeholder(mesa.Agent):
    """An outside actor that notices what happens with a lag.

    Attributes:
        name: key used by steps (``taker``).
        notice_lag: weeks before it sees what happens, without monitoring.
    """

    model: "CountryModel"

    def __init__(self, model: "CountryModel", name: str, notice_lag: int, view: CountryView):
        super().__init__(model)
        self.name = name
        self.notice_lag = notice_lag
        self.view = view

    def lag(self) -> int:
        """Current notice lag in weeks (the monitoring in effect shortens it)."""
        return round(self.notice_lag * (1.0 - self.model.modifiers.notice_speedup))

    def observe(self, indicator: str) -> float | None:
        """The indicator as this stakeholder sees it now (week w - 1 - lag at the start of week
        w), or None if nothing is visible yet."""
        return self.view.seen(indicator, self.lag())

    def sees(self, indicator: str, level: float) -> bool:
        """Whether the indicator, as seen, is at least ``level``."""
        return self.view.sees(indicator, level, self.lag())


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
        view: CountryView,
    ):
        super().__init__(model, "security_council", spec.council_notice_lag, view)
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

        A documented case before it (the largest veto discount in force, from fact-finding)
        makes a veto rarer.
        """
        chance = self.patron_veto * (1.0 - self.view.measures.veto_discount())
        return bool((rng or self.vote_rng).random() < chance)


class Neighbours(Stakeholder):
    """Neighbouring states: they host refugees up to a capacity, then close their borders;
    their camps are rear bases for rebels (spill-over); arms leak through them past an embargo.
    """

    def __init__(self, model: "CountryModel", spec: StakeholdersSpec, view: CountryView):
        super().__init__(model, "neighbours", spec.regional_notice_lag, view)
        self.arms_leakage = spec.arms_leakage
        self.refugee_capacity = spec.refugee_capacity
        self.camp_recruitment = spec.camp_recruitment
        self.open = True

    def step(self) -> None:
        """Keep the borders open while the refugees they host are under capacity."""
        self.open = self.borders_open(self.view.refugees_abroad())

    def borders_open(self, refugees: float) -> bool:
        """Whether they still let refugees in, hosting ``refugees``."""
        return refugees < self.refugee_capacity


class Monitors(Stakeholder):
    """NGOs, media and monitors: international attention follows the killing they see."""

    def __init__(
        self, model: "CountryModel", notice_lag: int, media_response: float, view: CountryView
    ):
        super().__init__(model, "monitors", notice_lag, view)
        self.media_response = media_response
        self.attention = 0.0

    def step(self) -> None:
        """Draw attention to the killing seen so far."""
        self.attention = self.attention_added()

    def attention_added(self) -> float:
        """Attention drawn by the killing seen so far."""
        killed = self.observe("killed")
        return 0.0 if killed is None else self.media_response * killed / 10_000.0


def build_stakeholders(
    model: "CountryModel", spec: StakeholdersSpec, rng: np.random.Generator, view: CountryView
) -> dict[str, Stakeholder]:
    """The four stakeholders of a scenario, by name, in the order they act."""
    return {
        "security_council": SecurityCouncil(model, spec, rng, view),
        "regional_organisation": Stakeholder(
            model, "regional_organisation", spec.regional_notice_lag, view
        ),
        "neighbours": Neighbours(model, spec, view),
        "monitors": Monitors(model, spec.monitors_notice_lag, spec.media_response, view),
    }

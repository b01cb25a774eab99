"""Reaction, from non-coercive to coercive: condemnation, fact-finding, sanctions, arms embargo,
ICC referral, peacekeeping, safe areas and military intervention."""

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, MeasuresInForce, Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.steps.base import Step


class Condemnation(Step):
    """Public condemnation: attention and a small expected cost; pressure the regime may resent."""

    name, family, taker = "condemnation", "reaction", "regional_organisation"

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.attention += self.params.attention * self.intensity
        modifiers.expected_cost += self.params.expected_cost * self.intensity
        modifiers.sovereignty_threat += self.params.sovereignty_threat * self.intensity


class FactFinding(Step):
    """A fact-finding mission: documented crimes raise attention and cost, and make vetoes rarer."""

    name, family, taker = "fact_finding", "reaction", "regional_organisation"

    def declare(self, measures: MeasuresInForce, view: CountryView) -> None:
        """Its findings are before the Council while it is in effect."""
        measures.veto_discounts[self.index] = self.params.veto_discount

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.attention += self.params.attention * self.intensity
        modifiers.expected_cost += self.params.expected_cost * self.intensity


class TargetedSanctions(Step):
    """Sanctions on elites raise the cost of mass violence; if they hit the economy, grievance."""

    name, family, taker, vetoable = "targeted_sanctions", "reaction", "security_council", True

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.expected_cost += self.params.expected_cost * self.intensity
        modifiers.hardship += self.params.civilian_impact * self.intensity


class ArmsEmbargo(Step):
    """An arms embargo: resupply falls to what leaks through neighbouring states (at intensity
    1; intensity between 0 and 1 stops that share of the rest). The leakage is the neighbours'
    (the model applies it), not the step's."""

    name, family, taker, vetoable = "arms_embargo", "reaction", "security_council", True

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        strength = min(1.0, self.intensity)
        sides = (GOVERNMENT, REBEL) if self.params.covers_rebels else (GOVERNMENT,)
        for side in sides:  # a second embargo adds nothing
            modifiers.embargo[side] = max(modifiers.embargo[side], strength)


class IccReferral(Step):
    """ICC referral: the prospect of prosecution raises the cost of mass violence."""

    name, family, taker, vetoable = "icc_referral", "reaction", "security_council", True

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.expected_cost += self.params.expected_cost * self.intensity
        modifiers.entrenchment += self.params.entrenchment * self.intensity


class Peacekeeping(Step):
    """Peacekeepers with a protection mandate: first enough to defend each declared safe area,
    then half of the rest spread over the groups at risk and half sent where killing has been
    worst.

    Protection in a district follows 1 - exp(-troops / (scale x residents / 100,000)): steep
    with the first troops, with diminishing returns (Hultman et al. 2013); it deters rebels
    more than government forces (Fjelde et al. 2019). An observer mission (0 troops and 0
    police) protects no one.
    """

    name, family, taker, vetoable = "peacekeeping", "reaction", "security_council", True

    def personnel_needed(self) -> int:
        return round((self.params.troops + self.params.police) * self.intensity)

    def weekly_cost(self) -> float:
        return self.params.cost * self.intensity + self.personnel * self.params.cost_per_soldier

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        needed = self.personnel_needed()
        if self.personnel <= 0 or needed <= 0:
            return
        census = view.present_by_group()
        present = census.sum(axis=0)
        at_risk = census[view.non_ruling].sum(axis=0)
        danger = view.danger_by_district()
        share = 0.5 * at_risk / max(at_risk.sum(), 1.0)
        share += 0.5 * (danger / danger.sum() if danger.sum() > 0 else share * 2.0)
        if share.sum() <= 0:
            share = np.full(len(present), 1.0)
        defending = self._defend_safe_areas(view)
        deployed = defending + (self.personnel - defending.sum()) * share / share.sum()
        troops = deployed * self.params.troops * self.intensity / needed
        police = deployed - troops
        per_100k = np.maximum(present, 1.0) / 1e5
        kept = np.exp(-troops / (self.params.troop_scale * per_100k)) * np.exp(
            -police / (self.params.police_scale * per_100k)
        )
        protection = 1.0 - kept
        modifiers.protect(REBEL, protection)
        modifiers.protect(GOVERNMENT, protection * self.params.government_effectiveness)
        modifiers.peacekeepers += deployed

    def _defend_safe_areas(self, view: CountryView) -> np.ndarray:
        """(districts,) personnel put first in each declared safe area, as many as it needs to
        count as defended, as far as they go."""
        defended = np.zeros(view.n_districts)
        left = float(self.personnel)
        for d, needed in view.measures.defence_needs():
            give = min(left, max(0.0, needed - defended[d]))
            defended[d] += give
            left -= give
        return defended


class SafeAreas(Step):
    """Safe areas: displaced civilians head for them; defended ones protect, undefended ones
    concentrate victims where perpetrators can reach them."""

    name, family, taker, vetoable = "safe_areas", "reaction", "security_council", True
    order = 1  # after peacekeeping, so it can see where troops are

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = np.zeros(0, dtype=int)

    def declare(self, measures: MeasuresInForce, view: CountryView) -> None:
        """Declare the districts where most non-ruling civilians are present."""
        at_risk = view.at_risk_by_district()
        count = min(self.params.districts, len(at_risk))
        self.districts = np.argsort(-at_risk, kind="stable")[:count]
        measures.safe_areas[self.index] = (self.districts, self.params.defence_troops)

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        scale = min(1.0, self.intensity)
        for d in self.districts:
            if modifiers.safe_areas[d]:
                continue  # declared by another step already: no stacking
            modifiers.safe_areas[d] = True
            if modifiers.peacekeepers[d] >= self.params.defence_troops:
                modifiers.kill_multiplier[d] *= 1.0 - self.params.defended_protection * scale
            else:
                modifiers.kill_multiplier[d] *= 1.0 + (self.params.undefended_risk - 1.0) * scale


class MilitaryIntervention(Step):
    """Military intervention or a no-fly zone against the perpetrators.

    Operations wear down government-side fighters. From the decision on, the promise of
    intervention emboldens rebels (moral hazard, Kuperman 2008); short-term escalation is a
    setting (Kathman & Wood 2011).
    """

    name, family, taker, vetoable = "military_intervention", "reaction", "security_council", True

    def promise(self, modifiers: Modifiers) -> None:
        modifiers.rebel_emboldening += self.params.moral_hazard * min(1.0, self.intensity)

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.government_attrition = min(
            1.0, modifiers.government_attrition + self.params.attrition * self.intensity
        )
        modifiers.sovereignty_threat += self.params.escalation * self.intensity

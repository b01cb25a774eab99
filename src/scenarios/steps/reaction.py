"""Reaction, from non-coercive to coercive: condemnation, fact-finding, sanctions, arms embargo,
ICC referral, peacekeeping, safe areas and military intervention."""

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, MeasuresInForce, Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.config.steps import PeacekeepingParams
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
    """Sanctions on elites raise the cost of mass violence and cut the government side's
    resources (arms inflow, militia recruitment); if they hit the economy, grievance."""

    name, family, taker, vetoable = "targeted_sanctions", "reaction", "security_council", True

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        modifiers.expected_cost += self.params.expected_cost * self.intensity
        modifiers.hardship += self.params.civilian_impact * self.intensity
        modifiers.resources[GOVERNMENT] *= max(0.0, 1.0 - self.params.resource_cut * self.intensity)


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
    worst; observers, if any, are spread the same way.

    A district's troops and police count at their national equivalent, divided by the
    district's share of present residents (local presence, Fjelde et al. 2019). Protection
    against rebel killing is 1 - exp(-Teq/troop_scale - Peq/police_scale), the log-linear curve
    of Hultman et al. (2013): steep with the first troops, with diminishing returns. Against
    government-side killing the same presence counts government_scale_ratio times less.
    Observers protect no one; with observer_risk above 0 they raise killing where they are (B5).
    """

    name, family, taker, vetoable = "peacekeeping", "reaction", "security_council", True

    def personnel_needed(self) -> int:
        params = self.params
        return round((params.troops + params.police + params.observers) * self.intensity)

    def weekly_cost(self) -> float:
        return self.params.cost * self.intensity + self.personnel * self.params.cost_per_soldier

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        params = self.params
        if self.personnel <= 0:
            return
        census = view.present_by_group()
        residents = np.maximum(census.sum(axis=0), 1.0)
        share = _allocation(census[view.non_ruling].sum(axis=0), view.danger_by_district())
        armed_asked = params.troops + params.police
        armed = self.personnel * armed_asked / (armed_asked + params.observers)
        observers = (self.personnel - armed) * share
        if armed > 0:
            defending = self._defend_safe_areas(view, armed)
            deployed = defending + (armed - defending.sum()) * share
            troops = deployed * params.troops / armed_asked
            police = deployed - troops
            rebel_protection, government_protection = protection_curve(
                troops, police, residents, params
            )
            modifiers.protect(REBEL, rebel_protection)
            modifiers.protect(GOVERNMENT, government_protection)
            modifiers.peacekeepers += deployed
        else:
            deployed = np.zeros(len(residents))
        if params.observer_risk > 0 and observers.sum() > 0:
            observed = np.divide(
                observers, observers + deployed, out=np.zeros_like(observers), where=observers > 0
            )
            modifiers.kill_multiplier *= 1.0 + params.observer_risk * observed

    def _defend_safe_areas(self, view: CountryView, armed: float) -> np.ndarray:
        """(districts,) of the ``armed`` troops and police, those put first in each declared
        safe area, as many as it needs to count as defended, as far as they go."""
        defended = np.zeros(view.n_districts)
        left = float(armed)
        for d, needed in view.measures.defence_needs():
            give = min(left, max(0.0, needed - defended[d]))
            defended[d] += give
            left -= give
        return defended


def _allocation(at_risk: np.ndarray, danger: np.ndarray) -> np.ndarray:
    """(districts,) shares summing to 1: half by persons at risk, half by danger (by persons at
    risk if there is no danger yet; evenly if there are neither)."""
    share = 0.5 * at_risk / max(at_risk.sum(), 1.0)
    share += 0.5 * (danger / danger.sum() if danger.sum() > 0 else share * 2.0)
    if share.sum() <= 0:
        share = np.ones(len(share))
    return share / share.sum()


def protection_curve(
    troops: np.ndarray, police: np.ndarray, residents: np.ndarray, params: PeacekeepingParams
) -> tuple[np.ndarray, np.ndarray]:
    """(districts,) shares of rebel and of government-side killing prevented by the ``troops``
    and ``police`` in each district, ``residents`` (at least 1) present there.

    Each district's personnel count at their national equivalent, ``troops / s`` with ``s``
    the district's share of present residents: 8,000 troops spread evenly count as 8,000
    everywhere, and then prevent 1 - 2/106 of rebel killing (Hultman et al. 2013).
    """
    national_share = residents / residents.sum()
    presence = (troops / params.troop_scale + police / params.police_scale) / national_share
    return -np.expm1(-presence), -np.expm1(-presence / params.government_scale_ratio)


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
    """Military intervention or a no-fly zone that challenges the perpetrators (Krain 2005).

    Operations wear down government-side fighters, put an outside force in the perpetrator's
    cost, and interdict a share of government-side killing in every district. From the
    decision on, the promise of intervention emboldens rebels and provokes the regime (moral
    hazard, Kuperman 2008); escalation in the first weeks of operations is a setting (Kathman &
    Wood 2011).
    """

    name, family, taker, vetoable = "military_intervention", "reaction", "security_council", True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weeks_of_operations = 0  # weeks in effect so far, this one included

    def promise(self, modifiers: Modifiers) -> None:
        hazard = self.params.moral_hazard * min(1.0, self.intensity)
        modifiers.rebel_emboldening += hazard
        modifiers.provocation += hazard

    def apply(self, modifiers: Modifiers, view: CountryView) -> None:
        self.weeks_of_operations += 1
        strength = min(1.0, self.intensity)
        modifiers.government_attrition = min(
            1.0, modifiers.government_attrition + self.params.attrition * self.intensity
        )
        modifiers.force += strength
        interdicted = self.params.interdiction * strength
        if interdicted > 0:  # protecting by 0 would still round other layers' protection
            modifiers.protect(GOVERNMENT, np.full(modifiers.n_districts, interdicted))
        if self.weeks_of_operations <= self.params.escalation_weeks:
            modifiers.sovereignty_threat += self.params.escalation * self.intensity

"""Parameters of the continuum of steps (``model.steps.<step>``): lags, costs and effect sizes.

Lags and durations are in weeks; money in millions of US dollars per week at intensity 1. The
lags follow the orders of magnitude of UN practice (weeks for statements, months for Council
measures, a quarter to half a year to deploy a peacekeeping mission); they are assumptions
unless a source is given.
"""

import math
from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from scenarios.params import ASSUMPTION, Schema, param

HULTMAN = "Hultman, Kathman & Shannon 2013, AJPS 57(4):875-891 (second-hand summary)"
FJELDE = "Fjelde, Hultman & Nilsson 2019, International Organization 73(1):103-131"
KRAIN = "Krain 2005, International Studies Quarterly 49(3):363-388"
KATHMAN_WOOD = "Kathman & Wood 2011, Journal of Conflict Resolution 55(5):735-760"
KUPERMAN = "Kuperman 2008, International Studies Quarterly"

# Hultman, Kathman & Shannon (2013), expected civilian deaths per month: about 106 with no UN
# troops and under 2 with 8,000; about 96 with no UN police and 14 with 200.
HKS_TROOPS, HKS_DEATHS_NO_TROOPS, HKS_DEATHS_WITH_TROOPS = 8000, 106.0, 2.0
HKS_POLICE, HKS_DEATHS_NO_POLICE, HKS_DEATHS_WITH_POLICE = 200, 96.0, 14.0
TROOP_SCALE = HKS_TROOPS / math.log(HKS_DEATHS_NO_TROOPS / HKS_DEATHS_WITH_TROOPS)
"""Troops T* (national equivalent) at which 1 - exp(-T/T*) reproduces HKS's 106 -> 2: 2,015."""
POLICE_SCALE = HKS_POLICE / math.log(HKS_DEATHS_NO_POLICE / HKS_DEATHS_WITH_POLICE)
"""Police P* (national equivalent) at which 1 - exp(-P/P*) reproduces HKS's 96 -> 14: 104."""


def lag(default: int, what: str) -> int:
    return param(default, f"Weeks from {what}.", "weeks", ge=0, le=520)


REMOVED_PEACEKEEPING = {
    "government_effectiveness": "was removed in issue 10 (it capped protection against "
    "government-side killing at a share of protection against rebel killing); its successor is "
    "government_scale_ratio",
}
"""Keys of ``model.steps.peacekeeping`` that no longer exist -> why, and what replaces them."""


def refuse_removed(data: Any, removed: dict[str, str]) -> Any:
    """``data`` unchanged, unless it names a removed key: then a one-line error naming the key
    and its successor (the config layer prefixes the section's path)."""
    if isinstance(data, dict):
        for key, why in removed.items():
            if key in data:
                raise ValueError(f"{key} {why}")
    return data


class StepParams(Schema):
    """What every step has: when it takes effect, for how long, and its money cost."""

    decision_lag: int = lag(2, "the start condition being noticed to the decision")
    deployment_lag: int = lag(2, "the decision to the step taking effect")
    duration: int = param(52, "Weeks the step stays in effect.", "weeks", ge=1, le=5200)
    cost: float = param(0.1, "Money spent per week at intensity 1.", "USD million per week", ge=0.0)


class MonitoringParams(StepParams):
    """Monitoring and early warning (UN, regional and NGO monitors on the ground)."""

    attention: float = param(0.15, "International attention added.", "index 0-1", ge=0.0, le=1.0)
    notice_speedup: float = param(
        0.5, "Share by which every stakeholder's notice lag shrinks.", "share", ge=0.0, le=1.0
    )


class FactFindingParams(StepParams):
    """A fact-finding mission or commission of inquiry."""

    decision_lag: int = lag(4, "the start condition being noticed to the decision")
    deployment_lag: int = lag(6, "the decision to the mission reporting")
    duration: int = param(26, "Weeks the findings keep attention up.", "weeks", ge=1)
    cost: float = param(0.2, "Money spent per week.", "USD million per week", ge=0.0)
    attention: float = param(0.2, "International attention added.", "index 0-1", ge=0.0, le=1.0)
    expected_cost: float = param(
        0.15, "Expected cost of mass violence added (documented crimes).", "cost", ge=0.0
    )
    veto_discount: float = param(
        0.3,
        "Share by which the chance of a veto falls while findings are public.",
        "share",
        ge=0.0,
        le=1.0,
    )


class MediationParams(StepParams):
    """Preventive diplomacy and mediation."""

    threat_reduction: float = param(
        0.3,
        "Share by which the threat the regime perceives falls at intensity 1 (talks make the "
        "opponent's intentions legible).",
        "share",
        ge=0.0,
        le=1.0,
    )


class CounterHateSpeechParams(StepParams):
    """Countering hate speech: counter-messaging, media monitoring, pressure on outlets."""

    deployment_lag: int = lag(4, "the decision to the programme running")
    duration: int = param(104, "Weeks the programme runs.", "weeks", ge=1)
    propaganda_reduction: float = param(
        0.4,
        "Share of propaganda intensity that no longer reaches civilians at intensity 1.",
        "share",
        ge=0.0,
        le=1.0,
    )


class EconomicSupportParams(StepParams):
    """Economic support: aid, budget support, jobs programmes."""

    decision_lag: int = lag(4, "the start condition being noticed to the decision")
    deployment_lag: int = lag(8, "the decision to money arriving")
    duration: int = param(104, "Weeks the support lasts.", "weeks", ge=1)
    cost: float = param(5.0, "Money spent per week at intensity 1.", "USD million per week", ge=0.0)
    hardship_relief: float = param(
        0.15,
        "Hardship removed (fraction of the hardship multiplier) at intensity 1.",
        "fraction",
        ge=0.0,
    )


class CondemnationParams(StepParams):
    """Public condemnation by states, the regional organisation or the Secretary-General."""

    decision_lag: int = lag(1, "the start condition being noticed to the statement")
    deployment_lag: int = lag(0, "the decision to the statement")
    duration: int = param(8, "Weeks the statement keeps attention up.", "weeks", ge=1)
    cost: float = param(0.0, "Money spent per week.", "USD million per week", ge=0.0)
    attention: float = param(0.1, "International attention added.", "index 0-1", ge=0.0, le=1.0)
    expected_cost: float = param(0.05, "Expected cost of mass violence added.", "cost", ge=0.0)
    sovereignty_threat: float = param(
        0.0,
        "Backfire (B7): threat the regime feels from outside pressure, per week (UN Framework "
        "risk factor 8: international measures seen as threatening sovereignty). 0 by "
        "default; a setting.",
        "threat per week",
        source="UN Framework 2014 risk factor 8 (setting; evidence conflicts)",
        ge=0.0,
    )


class SanctionsParams(StepParams):
    """Targeted sanctions on elites (travel bans, asset freezes)."""

    decision_lag: int = lag(6, "the start condition being noticed to the Council vote")
    deployment_lag: int = lag(2, "the vote to sanctions biting")
    duration: int = param(104, "Weeks in force.", "weeks", ge=1)
    cost: float = param(
        0.3, "Money spent per week (monitoring panel).", "USD million per week", ge=0.0
    )
    expected_cost: float = param(
        0.3, "Expected cost of mass violence added at intensity 1.", "cost", ge=0.0
    )
    civilian_impact: float = param(
        0.0,
        "Backfire (B2): hardship added to all civilians at intensity 1: 0 for well-targeted "
        "sanctions, positive for sanctions that hit the economy (they raise grievance).",
        "fraction",
        source="assumption (setting; comprehensive sanctions hurt civilians)",
        ge=0.0,
    )
    resource_cut: float = param(
        0.2,
        "Share by which the government side's resources (its arms inflow and militia "
        "recruitment) fall at intensity 1 while the sanctions are in force: the factor is "
        "max(0, 1 - resource_cut x intensity).",
        "share",
        source="assumption (asset freezes and bans on elites cut what they can buy and pay)",
        ge=0.0,
        le=1.0,
    )


class ArmsEmbargoParams(StepParams):
    """An arms embargo on the government side (and, if set, the rebels)."""

    decision_lag: int = lag(6, "the start condition being noticed to the Council vote")
    deployment_lag: int = lag(4, "the vote to deliveries stopping")
    duration: int = param(156, "Weeks in force.", "weeks", ge=1)
    cost: float = param(0.2, "Money spent per week (monitoring).", "USD million per week", ge=0.0)
    covers_rebels: bool = param(False, "Whether the embargo also covers rebel groups.", "flag")


class IccReferralParams(StepParams):
    """Referral of the situation to the International Criminal Court."""

    decision_lag: int = lag(8, "the start condition being noticed to the Council vote")
    deployment_lag: int = lag(0, "the vote to the referral")
    duration: int = param(520, "Weeks the threat of prosecution lasts.", "weeks", ge=1)
    cost: float = param(0.1, "Money spent per week.", "USD million per week", ge=0.0)
    expected_cost: float = param(
        0.4, "Expected cost of mass violence added (prospect of prosecution).", "cost", ge=0.0
    )
    entrenchment: float = param(
        0.0,
        "Backfire (B8): extra commitment of leaders to a campaign already begun (indicted "
        "leaders lose the option of a safe exit). 0 by default; a setting.",
        "utility",
        source="assumption (setting; debated in the ICC deterrence literature)",
        ge=0.0,
    )


class PeacekeepingParams(StepParams):
    """Peacekeeping with a protection-of-civilians mandate: troops, police and observers.

    A district's troops and police count at the national-equivalent strength they would have
    if the whole country were covered at the district's density (troops / share of present
    residents). Protection against rebel killing is 1 - exp(-Teq/troop_scale - Peq/police_scale),
    which reproduces Hultman et al.'s (2013) national figures (106 -> 2 civilian deaths a month
    with 8,000 troops, 96 -> 14 with 200 police) for an evenly covered country; protection
    against government-side killing needs government_scale_ratio times the presence (Fjelde et
    al. 2019). Observers protect no one.
    """

    decision_lag: int = lag(8, "the start condition being noticed to the Council mandate")
    deployment_lag: int = lag(12, "the mandate to troops on the ground")
    duration: int = param(156, "Weeks the mission stays.", "weeks", ge=1)
    cost: float = param(
        0.0, "Fixed money per week besides troop costs.", "USD million per week", ge=0.0
    )
    troops: int = param(
        8000, "Troops requested at intensity 1 (from the pool).", "troops", ge=0, le=10**6
    )
    police: int = param(
        0, "Police requested at intensity 1 (from the pool).", "police", ge=0, le=10**6
    )
    observers: int = param(
        0,
        "Unarmed military observers requested at intensity 1 (from the pool; spread half by "
        "persons at risk, half by danger, as the troops outside safe areas): they protect no one.",
        "observers",
        ge=0,
        le=10**6,
    )
    troop_scale: float = param(
        TROOP_SCALE,
        "National-equivalent troops (a district's troops / its share of present residents) "
        "that prevent 63% (1 - 1/e) of rebel killing in a district: "
        "8,000 / ln(106 / 2), about 2,015.",
        "troops",
        source=HULTMAN + ": about 106 civilian deaths a month with no UN troops, under 2 with "
        "8,000 (a log-linear count model's exp(-beta x troops))",
        gt=0.0,
    )
    police_scale: float = param(
        POLICE_SCALE,
        "National-equivalent police that prevent 63% (1 - 1/e) of rebel killing in a district: "
        "200 / ln(96 / 14), about 104.",
        "police",
        source=HULTMAN + ": about 96 civilian deaths a month with no UN police, 14 with 200",
        gt=0.0,
    )
    government_scale_ratio: float = param(
        2.0,
        "How many times the presence (troops and police) it takes to prevent a share of "
        "government-side killing as it takes for the same share of rebel killing; no cap.",
        "ratio",
        source=FJELDE + " (direction: local presence deters government killing less than "
        "rebel killing); size assumption",
        gt=0.0,
    )
    observer_risk: float = param(
        0.0,
        "Backfire of observer missions (B5): killing in a district with observers is "
        "multiplied by 1 + observer_risk x observers' share of the mission's personnel there. "
        "0 by default; a setting (e.g. 0.5).",
        "fraction",
        source=HULTMAN + ": observer missions are associated with more, not fewer, civilian "
        "deaths (setting)",
        ge=0.0,
    )
    cost_per_soldier: float = param(
        0.0004,
        "Money per member of the mission (soldier, police officer or observer) per week.",
        "USD million per week",
        source="assumption (about USD 20,000 per soldier-year, UN reimbursement order of size)",
        ge=0.0,
    )

    @model_validator(mode="before")
    @classmethod
    def _refuse_removed(cls, data: Any) -> Any:
        return refuse_removed(data, REMOVED_PEACEKEEPING)


class SafeAreasParams(StepParams):
    """Safe areas / humanitarian corridors: districts where displaced civilians gather."""

    decision_lag: int = lag(4, "the start condition being noticed to the Council decision")
    deployment_lag: int = lag(4, "the decision to the areas being declared")
    duration: int = param(52, "Weeks the areas are maintained.", "weeks", ge=1)
    cost: float = param(0.5, "Money spent per week.", "USD million per week", ge=0.0)
    districts: int = param(2, "Number of districts declared safe areas.", "districts", ge=1)
    defence_troops: int = param(
        1000,
        "Peacekeepers (troops and police) a safe area needs in it to count as defended.",
        "persons",
        ge=0,
    )
    undefended_risk: float = param(
        2.0,
        "Backfire (B3): multiplier on killing in an undefended safe area (victims concentrated "
        "where perpetrators can reach them; Srebrenica 1995); 1 turns it off.",
        "multiplier",
        source="assumption (setting; UN 1999 report on the fall of Srebrenica)",
        ge=0.0,
    )
    defended_protection: float = param(
        0.8, "Share of killing prevented in a defended safe area.", "share", ge=0.0, le=1.0
    )


class MilitaryInterventionParams(StepParams):
    """Military intervention or a no-fly zone that challenges the perpetrating government
    (Krain 2005: only interventions that challenge the perpetrator or aid the target reduce
    the severity of genocide or politicide)."""

    decision_lag: int = lag(8, "the start condition being noticed to the authorisation")
    deployment_lag: int = lag(6, "the authorisation to operations")
    duration: int = param(26, "Weeks of operations.", "weeks", ge=1)
    cost: float = param(20.0, "Money spent per week.", "USD million per week", ge=0.0)
    attrition: float = param(
        0.03,
        "Share of government-side fighters put out of action per week at intensity 1.",
        "per week",
        ge=0.0,
        le=1.0,
    )
    interdiction: float = param(
        0.5,
        "Share of government-side killing prevented in every district while operations run, "
        "at intensity 1 or more (strikes and a no-fly zone cut the reach of a campaign).",
        "share",
        source=KRAIN + " (direction: challenging the perpetrator reduces severity); size "
        "assumption",
        ge=0.0,
        le=1.0,
    )
    moral_hazard: float = param(
        0.5,
        "Backfire (B1): how much the promise of intervention emboldens rebels from the decision "
        "on: rebel recruitment grows by this share x min(1, intensity), they go on the "
        "offensive, and each offensive this starts adds this share of the rebel offensive's "
        "threat shock to the regime's threat, once.",
        "share",
        source=KUPERMAN + ": the expectation of outside military help can embolden rebels to "
        "provoke state retaliation (setting)",
        ge=0.0,
    )
    escalation: float = param(
        0.0,
        "Backfire (B4), short-term escalation: threat shock per week to the regime, x "
        "intensity, in the first escalation_weeks weeks of operations. 0 by default; a "
        "setting, since the evidence conflicts.",
        "threat per week",
        source=KATHMAN_WOOD + ": intervention raises one-sided killing in the short term (setting)",
        ge=0.0,
    )
    escalation_weeks: int = param(
        8,
        "Weeks of operations, from the first, in which the escalation shock applies.",
        "weeks",
        source="assumption (" + KATHMAN_WOOD + ": a short-term effect)",
        ge=0,
        le=5200,
    )


class DdrParams(StepParams):
    """Disarmament, demobilisation and reintegration of militia and rebel fighters."""

    decision_lag: int = lag(4, "the start condition being noticed to the programme")
    deployment_lag: int = lag(8, "the decision to the programme running")
    duration: int = param(104, "Weeks the programme runs.", "weeks", ge=1)
    cost: float = param(2.0, "Money spent per week.", "USD million per week", ge=0.0)
    demobilisation: float = param(
        0.02,
        "Share of militia and rebel fighters demobilised per week at intensity 1.",
        "per week",
        ge=0.0,
        le=1.0,
    )


class TransitionalJusticeParams(StepParams):
    """Transitional justice and reconciliation: truth-telling, trials, reparations."""

    decision_lag: int = lag(8, "the start condition being noticed to the process")
    deployment_lag: int = lag(12, "the decision to the process running")
    duration: int = param(156, "Weeks the process runs.", "weeks", ge=1)
    cost: float = param(1.0, "Money spent per week.", "USD million per week", ge=0.0)
    legitimacy: float = param(
        0.1,
        "Legitimacy of the regime regained among non-ruling groups at intensity 1.",
        "legitimacy",
        ge=0.0,
        le=1.0,
    )
    exposure_decay: float = param(
        0.05,
        "Extra weekly fading of propaganda exposure at intensity 1.",
        "per week",
        ge=0.0,
        le=1.0,
    )


class StepsParams(Schema):
    """Parameters of every step in the continuum (``model.steps``)."""

    monitoring: MonitoringParams = param(
        MonitoringParams(), "Monitoring and early warning.", "section"
    )
    fact_finding: FactFindingParams = param(FactFindingParams(), "Fact-finding mission.", "section")
    mediation: MediationParams = param(
        MediationParams(), "Preventive diplomacy / mediation.", "section"
    )
    counter_hate_speech: CounterHateSpeechParams = param(
        CounterHateSpeechParams(), "Countering hate speech.", "section"
    )
    economic_support: EconomicSupportParams = param(
        EconomicSupportParams(), "Economic support.", "section"
    )
    condemnation: CondemnationParams = param(
        CondemnationParams(), "Public condemnation.", "section"
    )
    targeted_sanctions: SanctionsParams = param(SanctionsParams(), "Targeted sanctions.", "section")
    arms_embargo: ArmsEmbargoParams = param(ArmsEmbargoParams(), "Arms embargo.", "section")
    icc_referral: IccReferralParams = param(IccReferralParams(), "ICC referral.", "section")
    peacekeeping: PeacekeepingParams = param(
        PeacekeepingParams(), "Peacekeeping with a protection mandate.", "section"
    )
    safe_areas: SafeAreasParams = param(SafeAreasParams(), "Safe areas / corridors.", "section")
    military_intervention: MilitaryInterventionParams = param(
        MilitaryInterventionParams(), "Military intervention / no-fly zone.", "section"
    )
    ddr: DdrParams = param(DdrParams(), "DDR.", "section")
    transitional_justice: TransitionalJusticeParams = param(
        TransitionalJusticeParams(), "Transitional justice and reconciliation.", "section"
    )


@dataclass(frozen=True)
class Backfire:
    """A way outside action can make things worse, and the one setting that turns it off.

    Attributes:
        code: B1, B2, ... (design note of issue 10, section 3).
        name: what happens, in a few words.
        parameter: the dotted config key of the setting, or None for a mechanism of the model
            itself that no setting turns off.
        neutral: the value at which the mechanism does nothing (bitwise), or None.
        default: the shipped value, or None.
        mechanism: where and how it acts.
        source: the paper it stands for, or assumption.
    """

    code: str
    name: str
    parameter: str | None
    neutral: float | None
    default: float | None
    mechanism: str
    source: str


BACKFIRES: tuple[Backfire, ...] = (
    Backfire(
        "B1",
        "moral hazard",
        "model.steps.military_intervention.moral_hazard",
        0.0,
        0.5,
        "From the decision on (`promise`): `rebel_emboldening` and `provocation` `+= "
        "moral_hazard x min(1, I)`. Rebels recruit x `(1 + rebel_emboldening)` and go on the "
        "offensive; each offensive this starts adds `provocation x offensive_threat` to the "
        "regime's threat shock, once",
        KUPERMAN,
    ),
    Backfire(
        "B2",
        "hardship from broad sanctions",
        "model.steps.targeted_sanctions.civilian_impact",
        0.0,
        0.0,
        "While in force: `hardship += civilian_impact x I`, hence grievance, mobilisation and "
        "the regime's threat",
        ASSUMPTION + " (setting; comprehensive sanctions hurt civilians)",
    ),
    Backfire(
        "B3",
        "undefended safe areas",
        "model.steps.safe_areas.undefended_risk",
        1.0,
        2.0,
        "In a safe area with fewer than `defence_troops` peacekeepers: `kill_multiplier x= 1 + "
        "(undefended_risk - 1) x min(1, I)`; safe areas draw afraid civilians in",
        ASSUMPTION + " (UN 1999 report on the fall of Srebrenica)",
    ),
    Backfire(
        "B4",
        "short-term escalation after intervention",
        "model.steps.military_intervention.escalation",
        0.0,
        0.0,
        "In the first `escalation_weeks` weeks of operations: `sovereignty_threat += escalation "
        "x I`, a threat shock that decays like a trigger's",
        KATHMAN_WOOD,
    ),
    Backfire(
        "B5",
        "observer-only missions",
        "model.steps.peacekeeping.observer_risk",
        0.0,
        0.0,
        "Where observers are deployed: `kill_multiplier x= 1 + observer_risk x u_d`, `u_d = "
        "observers_d / (observers_d + troops_d + police_d)`",
        HULTMAN + ": observer missions are associated with more civilian deaths",
    ),
    Backfire(
        "B6",
        "insecurity of a weakened regime",
        "model.threat.weakness_threat",
        0.0,
        0.0,
        "The regime's threat gains `weakness_threat x max(0, 1 - G/G0)` when the government "
        "side's strength `G` falls below its week-0 strength `G0`",
        ASSUMPTION + " (setting; the old model's implicit behaviour)",
    ),
    Backfire(
        "B7",
        "sovereignty threat of condemnation",
        "model.steps.condemnation.sovereignty_threat",
        0.0,
        0.0,
        "While the statement keeps attention up: `sovereignty_threat += sovereignty_threat x "
        "I`, a threat shock that decays like a trigger's",
        "UN Framework of Analysis for Atrocity Crimes 2014, risk factor 8",
    ),
    Backfire(
        "B8",
        "ICC entrenchment",
        "model.steps.icc_referral.entrenchment",
        0.0,
        0.0,
        "While the referral stands: `entrenchment += entrenchment x I`; government-side "
        "leaders already waging mass violence are slower to stop",
        ASSUMPTION + " (setting; the ICC deterrence debate)",
    ),
    Backfire(
        "B9",
        "indiscriminate violence mobilises its victims",
        None,
        None,
        None,
        "A mechanism of the model, under every strategy: killing raises fear, hence "
        "mobilisation (`model.civilians.fear_weight`), and lowers the victims' group's "
        "legitimacy of the regime (`model.civilians.victimisation_legitimacy_loss`)",
        "Kalyvas 2006, The Logic of Violence in Civil War",
    ),
)
"""Every backfire of outside action (docs/model.md, section 7.13, is generated from it)."""

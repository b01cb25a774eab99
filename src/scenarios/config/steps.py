"""Parameters of the continuum of steps (``model.steps.<step>``): lags, costs and effect sizes.

Lags and durations are in weeks; money in millions of US dollars per week at intensity 1. The
lags follow the orders of magnitude of UN practice (weeks for statements, months for Council
measures, a quarter to half a year to deploy a peacekeeping mission); they are assumptions
unless a source is given.
"""

from scenarios.params import Schema, param

HULTMAN = "Hultman, Kathman & Shannon 2013, AJPS 57(4):875-891 (second-hand summary)"


def lag(default: int, what: str) -> int:
    return param(default, f"Weeks from {what}.", "weeks", ge=0, le=520)


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
        "Threat the regime feels from outside pressure, per week (UN Framework risk factor 8: "
        "international measures seen as threatening sovereignty). 0 by default; a setting.",
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
        "Hardship added to all civilians at intensity 1: 0 for well-targeted sanctions, "
        "positive for sanctions that hit the economy (they raise grievance: a backfire).",
        "fraction",
        source="assumption (setting; comprehensive sanctions hurt civilians)",
        ge=0.0,
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
        "Extra commitment of leaders to a campaign already begun (indicted leaders lose the "
        "option of a safe exit). 0 by default; a setting.",
        "utility",
        source="assumption (setting; debated in the ICC deterrence literature)",
        ge=0.0,
    )


class PeacekeepingParams(StepParams):
    """Peacekeeping with a protection-of-civilians mandate: troops and police by district.

    Protection in a district is 1 - exp(-troops / (troop_scale x persons / 100,000)), and the
    same with police: steep at first, with diminishing returns, as Hultman et al. (2013) report
    (about 106 civilian deaths a month with no UN troops, under 2 with 8,000).
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
    troop_scale: float = param(
        120.0,
        "Troops per 100,000 residents of a district that prevent 63% of killing there.",
        "troops per 100,000 persons",
        source=HULTMAN + "; at about 470 troops per 100,000 residents killing falls about "
        "fifty-fold, the size of the reported effect; the effect depends on troops per head",
        gt=0.0,
    )
    police_scale: float = param(
        60.0,
        "Police per 100,000 residents of a district that prevent 63% of killing there.",
        "police per 100,000 persons",
        source=HULTMAN + " (96 deaths a month with no UN police, 14 with 200)",
        gt=0.0,
    )
    government_effectiveness: float = param(
        0.6,
        "Protection against government-side killing relative to rebel killing (local presence "
        "deters rebels more than government forces).",
        "share",
        source="Fjelde, Hultman & Nilsson 2019, International Organization",
        ge=0.0,
        le=1.0,
    )
    cost_per_soldier: float = param(
        0.0004,
        "Money per soldier or police officer per week.",
        "USD million per week",
        source="assumption (about USD 20,000 per soldier-year, UN reimbursement order of size)",
        ge=0.0,
    )


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
        "Multiplier on killing in an undefended safe area (victims concentrated where "
        "perpetrators can reach them; Srebrenica 1995).",
        "multiplier",
        source="assumption (setting; UN 1999 report on the fall of Srebrenica)",
        ge=0.0,
    )
    defended_protection: float = param(
        0.8, "Share of killing prevented in a defended safe area.", "share", ge=0.0, le=1.0
    )


class MilitaryInterventionParams(StepParams):
    """Military intervention or a no-fly zone against the perpetrating government."""

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
    moral_hazard: float = param(
        0.5,
        "How much the promise of intervention emboldens rebels from the decision on: rebel "
        "recruitment grows by this share and they provoke the regime.",
        "share",
        source="Kuperman 2008, ISQ (setting)",
        ge=0.0,
    )
    escalation: float = param(
        0.0,
        "Short-term escalation: threat shock per week to the regime while operations run "
        "(Kathman & Wood 2011). 0 by default; a setting, since the evidence conflicts.",
        "threat per week",
        source="Kathman & Wood 2011, JCR (setting)",
        ge=0.0,
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

"""Schema of the behavioural rules' parameters, shared by all scenarios (``configs/model/``).

Armed actors escalate along a ladder (``EscalationRules``) whose pressure is multiplicative in
risk factors; two constants (the leadership threshold's median and spread) are calibrated so
that the preset scenarios span the base rates their descriptions claim (docs/model.md,
"Calibration"). Every other constant has a source or is marked assumption.
"""

from typing import Literal

from scenarios.config.steps import StepsParams
from scenarios.params import Schema, param

EPSTEIN = "Epstein 2002, PNAS 99 suppl. 3"
VALENTINO = "Valentino 2004, Final Solutions"
CALIBRATED = (
    "assumption (tuned to the presets' risk levels: experiments/calibration_threshold.yaml, "
    "docs/model.md Calibration)"
)


class CivilianRules(Schema):
    """Civilian decision rules (vectorised, one row per household)."""

    arrest_k: float = param(
        2.3,
        "Constant k in the perceived risk P = 1 - exp(-k x (C/A)); P ~ 0.9 when C/A = 1.",
        "dimensionless",
        source=EPSTEIN,
        gt=0.0,
    )
    threshold: float = param(
        0.1,
        "Net motivation (grievance - risk aversion x risk) above which a civilian mobilises.",
        "index",
        source=EPSTEIN,
        gt=0.0,
        le=1.0,
    )
    deterrence_reach: float = param(
        10.0,
        "Mobilised persons one deployed fighter of the opposing side can deter "
        "(turns fighters per district into Epstein's cop count C).",
        "persons per fighter",
        gt=0.0,
    )
    exposure_weight: float = param(
        0.25,
        "Weight of propaganda exposure in the motivation to mobilise for one's own side.",
        "index per unit exposure",
        source="assumption (Bhavnani & Backer 2000, JCR 44(3): in-group norms drive participation)",
        ge=0.0,
    )
    fear_weight: float = param(
        0.2,
        "Weight of fear in the motivation to mobilise (joining an armed side for protection).",
        "index per unit fear",
        ge=0.0,
    )
    fear_gain: float = param(
        0.1,
        "Fear added per weekly killing of one's own group in one's district, per 1,000 persons.",
        "fear per (deaths per 1,000 per week)",
        ge=0.0,
    )
    fear_decay: float = param(
        0.1, "Share of fear that fades each week.", "per week", gt=0.0, le=1.0
    )
    displacement_threshold: float = param(
        0.3,
        "Fear x (0.5 + risk aversion) above which a household leaves home for the safest "
        "neighbouring district.",
        "index",
        gt=0.0,
    )
    flight_threshold: float = param(
        0.5,
        "Fear above which a household in a border district (afraid at home, or displaced) "
        "flees abroad.",
        "index 0-1",
        gt=0.0,
        le=1.0,
    )
    return_threshold: float = param(
        0.05,
        "Fear below which a displaced household returns home.",
        "index 0-1",
        ge=0.0,
        le=1.0,
    )
    exposure_gain: float = param(
        0.1,
        "Weekly gain in exposure per unit propaganda intensity, scaled by media access.",
        "per week",
        gt=0.0,
        le=1.0,
    )
    exposure_decay: float = param(
        0.05, "Share of propaganda exposure that fades each week.", "per week", gt=0.0, le=1.0
    )
    victimisation_legitimacy_loss: float = param(
        2.0,
        "Fall in a group's perceived legitimacy of the regime per share of that group "
        "killed by government-side actors.",
        "legitimacy per share killed",
        ge=0.0,
    )


class ViolenceRules(Schema):
    """What armed actors can do with the fighters they deploy."""

    lethality_mass: float = param(
        0.05,
        "Civilians killed per deployed fighter per week in a campaign of mass violence, at "
        "full arms and cohesion, when targets are plentiful.",
        "persons per fighter-week",
        source="assumption (gives episodes of thousands to tens of thousands a year, the "
        "range of Early Warning Project mass-killing episodes)",
        ge=0.0,
    )
    lethality_selective: float = param(
        0.0003,
        "Suspected supporters of the other side killed per deployed fighter per week under "
        "selective repression, when targets are plentiful.",
        "persons per fighter-week",
        ge=0.0,
    )
    target_saturation: float = param(
        2_000.0,
        "Targets in a district at which the killing rate reaches half its maximum "
        "(encounter rate n / (n + this)).",
        "persons",
        gt=0.0,
    )
    combat_rate: float = param(
        0.002,
        "Fighters of one side put out of action per effective fighter of the other side in "
        "the same district per week (Lanchester aimed-fire law).",
        "per fighter-week",
        ge=0.0,
    )
    recruitment: float = param(
        0.0005,
        "Share of an actor's mobilised supporters who join it as fighters each week.",
        "per week",
        ge=0.0,
        le=1.0,
    )
    arms_use: float = param(
        0.01,
        "Share of arms stock used up per week of fighting or mass violence.",
        "per week",
        ge=0.0,
        le=1.0,
    )
    offensive_boost: float = param(
        1.0,
        "Extra combat effectiveness of rebels during an offensive.",
        "fraction",
        ge=0.0,
    )
    offensive_weeks: int = param(8, "Length of a rebel offensive.", "weeks", ge=1)
    garrison_share: float = param(
        0.1,
        "Deployment weight every district keeps, as a share of the mean district's weight, "
        "when an actor concentrates on its targets (mass violence, militia patrols).",
        "share",
        ge=0.0,
    )
    selective_deterrence: float = param(
        0.5,
        "Extra deterrence of a force of order on selective repression, per unit share of the "
        "district it controls (selective violence deters collaboration where an actor has "
        "control; this is how repression can work, and keep the threat from rising).",
        "fraction per unit control",
        source="Kalyvas 2006 (direction), size assumption",
        ge=0.0,
    )
    support_pull: float = param(
        4.0,
        "Extra deployment weight rebels give a district per unit share of their group "
        "mobilised there (they operate where civilians support them).",
        "weight per share mobilised",
        ge=0.0,
    )


class EscalationRules(Schema):
    """The escalation ladder of armed actors (docs/model.md 7.3): restraint, selective
    repression, then a campaign of mass violence whose intensity ramps up and winds down.

    An actor escalates when its escalation pressure X (threat it could not meet by repression,
    times disposition, structural risk and capacity, less expected cost and institutional
    restraint) exceeds its leadership's threshold, drawn once per replication. Because the
    threshold varies across replications, P(mass atrocity) is a smooth function of every
    constant here (docs/design/issue10-escalation.md, section 8.1).
    """

    threat_memory_weeks: float = param(
        4.0,
        "Time constant over which leaders' perceived threat follows this week's threat.",
        "weeks",
        ge=1.0,
    )
    repression_threat: float = param(
        0.3,
        "Smoothed threat at which an actor turns from restraint to selective repression.",
        "threat",
        source="assumption (Straus 2015: escalation is a sequence, not a jump)",
        gt=0.0,
    )
    hysteresis: float = param(
        0.2,
        "Share below repression_threat to which the smoothed threat must fall before "
        "repression stops.",
        "share",
        ge=0.0,
        lt=1.0,
    )
    required_drop: float = param(
        0.2,
        "Fall in smoothed threat, as a share of its level when repression began, that counts "
        "as repression working (then the threat does not push towards mass violence).",
        "share",
        source="assumption (Valentino 2004: mass killing against threats other means failed "
        "to meet)",
        gt=0.0,
        le=1.0,
    )
    patience_weeks: float = param(
        8.0,
        "Time constant of leaders' memory that repression has failed to reduce the threat.",
        "weeks",
        ge=1.0,
    )
    extreme_threat: float = param(
        2.0,
        "Smoothed threat that opens the way to mass violence without repression first having "
        "failed (about a lost election and an assassination on top of a broadly mobilised "
        "opposition); the opening ramps in over half this value again.",
        "threat",
        gt=0.0,
    )
    pressure_noise: float = param(
        0.1,
        "Standard deviation of the weekly log-normal noise on escalation pressure.",
        "log units",
        ge=0.0,
    )
    campaign_span: float = param(
        0.5,
        "Excess of log pressure over the log threshold at which a campaign reaches full intensity.",
        "log units",
        gt=0.0,
    )
    ramp_weeks: float = param(
        6.0,
        "Time constant of a campaign's intensity rising towards its target.",
        "weeks",
        source="assumption (Valentino 2004: mass killing is a sustained strategy)",
        ge=1.0,
    )
    wind_down_weeks: float = param(
        12.0,
        "Time constant of a campaign's intensity falling towards its target.",
        "weeks",
        source="assumption (Valentino 2004: mass killing is a sustained strategy)",
        ge=1.0,
    )
    campaign_min: float = param(
        0.05,
        "Campaign intensity from which an actor counts as committing mass violence.",
        "share",
        gt=0.0,
        lt=1.0,
    )
    threshold_median: float = param(
        1.5,
        "Median of the leadership's escalation threshold across replications.",
        "index",
        source=CALIBRATED,
        gt=0.0,
    )
    threshold_spread: float = param(
        1.0,
        "Log standard deviation of the leadership's threshold across replications: restraint "
        "outsiders cannot see (elite divisions, outside ties; Straus 2015). Bounded below so "
        "that no constant is a knife edge: a 10% change moves P by at most about "
        "0.4 x 0.095 / spread.",
        "log units",
        source=CALIBRATED,
        ge=0.5,
    )
    disposition_floor: float = param(
        0.1,
        "Disposition to mass violence of leaders without an exclusionary ideology.",
        "index",
        gt=0.0,
    )
    exposure_weight: float = param(
        0.5,
        "Disposition to mass violence added per unit mean propaganda exposure of the actor's "
        "own group.",
        "index per unit exposure",
        source="UN Framework 2014 risk factor 8 (hate propaganda; direction), size assumption",
        ge=0.0,
    )
    participation_weight: float = param(
        0.25,
        "Extra lethality of a campaign per unit mean exposure of the perpetrators' group "
        "(propaganda raises how many take part).",
        "fraction per unit exposure",
        source="Yanagizawa-Drott 2014 (about 10% of participation in Rwanda attributed to RTLM)",
        ge=0.0,
    )
    prior_factor: float = param(
        0.3,
        "Extra pressure on the government side when the country has a prior atrocity.",
        "fraction",
        source="Harff 2003 (prior genocide or politicide; direction), size assumption",
        ge=0.0,
    )
    upheaval_factor: float = param(
        0.3,
        "Extra pressure on the government side per unit political upheaval.",
        "fraction",
        source="Harff 2003 (magnitude of political upheaval; direction), size assumption",
        ge=0.0,
    )
    capacity_half: float = param(
        5.0,
        "Effective fighters of the actor's side per 1,000 target-group persons at which its "
        "capacity K = Q / (Q + this x targets / 1,000) is one half.",
        "fighters per 1,000 persons",
        source="UN Framework 2014 risk factor 5 (capacity; direction), size assumption",
        gt=0.0,
    )
    cost_weight: float = param(
        2.0,
        "Log pressure lost per unit expected outside cost of mass violence.",
        "log units per unit cost",
        source="Krain 2005; Harff 2003 (trade openness) (direction), size assumption",
        ge=0.0,
    )
    force_weight: float = param(
        1.0,
        "Expected cost per unit outside force present (peacekeepers' protection of those at "
        "risk, a military intervention's intensity).",
        "cost",
        source="Krain 2005 (challenging the perpetrator reduces severity; direction), size "
        "assumption",
        ge=0.0,
    )
    restraint_non_autocracy: float = param(
        0.3,
        "Share of state forces' escalation pressure that institutions remove outside an autocracy.",
        "share",
        source="Harff 2003 (autocracy among the six risk factors; direction), size assumption",
        ge=0.0,
        lt=1.0,
    )
    restraint_democracy: float = param(
        0.4,
        "Further share of the remaining pressure removed in a democracy.",
        "share",
        ge=0.0,
        lt=1.0,
    )
    militia_autonomy: float = param(
        0.25,
        "Weight of a militia's own pressure and threshold against the regime's (0: the "
        "regime's instrument, with its restraint and costs; 1: answers to no one).",
        "share",
        source="UN Framework 2014 risk factor 7 (militias as a regime's preparatory action; "
        "direction), size assumption",
        ge=0.0,
        le=1.0,
    )


class ThreatRules(Schema):
    """How the regime and the rebels perceive threat, and how triggers move it."""

    insurgency_weight: float = param(
        2.0,
        "Threat per unit rebel share of effective fighters, measured against the government "
        "side's strength at the start: rebels / (rebels + government side at week 0). A "
        "government side that loses strength feels no more threatened by it (see "
        "weakness_threat).",
        "threat",
        source="Valentino, Huth & Balch-Lindsay 2004 (insurgencies; direction), size assumption",
        ge=0.0,
    )
    weakness_threat: float = param(
        0.0,
        "Backfire setting (off at 0): threat per unit share of its week-0 strength the "
        "government side has lost (a weakened regime's insecurity; an embargo or attrition "
        "then raise the threat).",
        "threat",
        ge=0.0,
    )
    factional_instability: float = param(
        0.5,
        "Extra size of every trigger's threat shock in a factional anocracy (regime.factionalism).",
        "fraction",
        source="Goldstone et al. 2010 (partial democracies with factionalism are the most "
        "unstable; direction), size assumption",
        ge=0.0,
    )
    support_weight: float = param(
        2.0,
        "Threat per unit share of the non-ruling population mobilised (civilian support for "
        "an insurgency).",
        "threat",
        source=VALENTINO,
        ge=0.0,
    )
    minority_elite_factor: float = param(
        0.3,
        "Extra threat felt by a ruling elite whose group is a minority.",
        "fraction",
        source="Harff 2003 (ethnic-minority ruling elite)",
        ge=0.0,
    )
    rebel_threat_per_death: float = param(
        50.0,
        "Rebel leaders' threat per share of their group killed by the government side "
        "in the last 8 weeks (revenge and self-defence).",
        "threat per share killed",
        ge=0.0,
    )
    shock_decay: float = param(
        0.1,
        "Share of a trigger's threat, propaganda or hardship shock that fades each week.",
        "per week",
        gt=0.0,
        le=1.0,
    )
    election_threat: float = param(
        0.5,
        "Threat shock of an election the incumbent loses (a quarter of it when the incumbent "
        "wins; a fifth of either in democracies).",
        "threat",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    election_win_share: float = param(
        0.25,
        "Share of the election threat shock felt when the incumbent wins (a contested campaign).",
        "share",
        ge=0.0,
        le=1.0,
    )
    democracy_election_scale: float = param(
        0.2,
        "Election threat shocks in democracies, relative to other regimes (losers concede).",
        "share",
        source="assumption (Goldstone et al. 2010: full democracies are the most stable)",
        ge=0.0,
        le=1.0,
    )
    rebel_memory_weeks: int = param(
        8,
        "Weeks of government killing of their group that rebel leaders weigh as threat.",
        "weeks",
        ge=1,
    )
    election_propaganda: float = param(
        0.5,
        "Propaganda shock of an election campaign, times regime ideology.",
        "intensity",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    census_propaganda: float = param(
        0.3,
        "Propaganda shock of a census, times regime ideology.",
        "intensity",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    assassination_threat: float = param(
        0.4,
        "Threat shock of an assassination.",
        "threat",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    assassination_propaganda: float = param(
        0.5,
        "Propaganda shock of an assassination blamed on the other group.",
        "intensity",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    coup_threat: float = param(
        0.6,
        "Threat shock of a coup attempt.",
        "threat",
        source="Goldstone et al. 2010; EWP",
        ge=0.0,
    )
    coup_cohesion_loss: float = param(
        0.2,
        "Loss of state forces' cohesion in a coup attempt.",
        "cohesion",
        ge=0.0,
        le=1.0,
    )
    economic_shock_hardship: float = param(
        0.3,
        "Extra hardship for everyone after an economic shock.",
        "fraction",
        source="UN Framework 2014 risk factor 8",
        ge=0.0,
    )
    economic_shock_legitimacy: float = param(
        0.1,
        "Loss of regime legitimacy per unit economic shock.",
        "legitimacy",
        ge=0.0,
    )
    offensive_threat: float = param(
        0.3,
        "Threat shock of a rebel offensive.",
        "threat",
        ge=0.0,
    )
    propaganda_threat_response: float = param(
        0.5,
        "Extra propaganda intensity per unit threat, times regime ideology (regimes with an "
        "exclusionary ideology escalate hate speech when threatened).",
        "intensity",
        ge=0.0,
    )


class CountryModelParams(Schema):
    """Behavioural parameters of the country model (``configs/model/country.yaml``)."""

    kind: Literal["country"] = param("country", "Which model this section configures.", "choice")
    civilians: CivilianRules = param(CivilianRules(), "Civilian rules.", "section")
    violence: ViolenceRules = param(ViolenceRules(), "Violence and combat.", "section")
    escalation: EscalationRules = param(
        EscalationRules(), "Armed actors' escalation ladder.", "section"
    )
    threat: ThreatRules = param(ThreatRules(), "Threat perception and triggers.", "section")
    steps: StepsParams = param(StepsParams(), "The continuum of steps.", "section")


REMOVED_KEYS = {
    "model.decision": "the weekly random-utility choice was replaced by the escalation ladder "
    "in issue 10; see model.escalation (e.g. barrier_mass -> threshold_median)",
    "model.threat.balance_weight": "renamed model.threat.insurgency_weight in issue 10 (it "
    "now weighs rebels against the government side's week-0 strength)",
}
"""Keys of earlier versions, and what replaced them (named when a config still sets them)."""


class OutcomeSpec(Schema):
    """Definition of a mass atrocity."""

    threshold: int = param(
        1000,
        "Civilians of one group deliberately killed by one perpetrator side within the window "
        "that make a mass atrocity.",
        "persons",
        source="Early Warning Project definition of mass killing",
        ge=1,
    )
    window: int = param(
        52,
        "Length of the window.",
        "weeks",
        source="Early Warning Project definition of mass killing",
        ge=1,
    )

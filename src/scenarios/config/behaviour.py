"""Schema of the behavioural rules' parameters, shared by all scenarios (``configs/model/``).

Decision utilities of armed actors are additive in risk factors, the form of the logistic
forecasting models of Harff (2003) and the Early Warning Project; the weights are assumptions
calibrated so that the preset scenarios span base rates of the kind those models report.
"""

from typing import Literal

from scenarios.config.steps import StepsParams
from scenarios.params import Schema, param

EPSTEIN = "Epstein 2002, PNAS 99 suppl. 3"
VALENTINO = "Valentino 2004, Final Solutions"
CALIBRATED = "assumption (calibrated to the presets' target risk levels, see docs/model.md)"


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
    support_pull: float = param(
        4.0,
        "Extra deployment weight rebels give a district per unit share of their group "
        "mobilised there (they operate where civilians support them).",
        "weight per share mobilised",
        ge=0.0,
    )


class DecisionRules(Schema):
    """Utilities of restraint (0), selective repression and mass violence (random utility)."""

    threat_weight_selective: float = param(
        2.0,
        "Utility of selective repression per unit threat. Smaller than threat_weight_mass, so "
        "a rising threat tilts the choice from selective repression to mass violence.",
        "utility",
        source="assumption (Valentino 2004: mass killing when selective means cannot meet "
        "the threat)",
        ge=0.0,
    )
    barrier_selective: float = param(
        2.0, "Fixed reluctance to repress.", "utility", source=CALIBRATED, ge=0.0
    )
    threat_weight_mass: float = param(
        5.0,
        "Utility of mass violence per unit threat (leaders turn to mass killing to meet "
        "threats they cannot meet otherwise).",
        "utility",
        source=VALENTINO,
        ge=0.0,
    )
    ideology_weight: float = param(
        3.0,
        "Utility of mass violence per unit exclusionary ideology.",
        "utility",
        source="Harff 2003 (exclusionary ideology)",
        ge=0.0,
    )
    exposure_weight: float = param(
        2.0,
        "Utility of mass violence per unit mean propaganda exposure of the actor's own group.",
        "utility",
        source="UN Framework 2014 risk factor 10 (hate propaganda); assumption for size",
        ge=0.0,
    )
    prior_atrocity_weight: float = param(
        1.0,
        "Utility of mass violence when the country has a prior atrocity.",
        "utility",
        source="Harff 2003 (prior genocide)",
        ge=0.0,
    )
    upheaval_weight: float = param(
        1.0,
        "Utility of mass violence per unit political upheaval.",
        "utility",
        source="Harff 2003 (political upheaval)",
        ge=0.0,
    )
    cost_weight: float = param(
        4.0,
        "Disutility of mass violence per unit expected cost (attention x cost sensitivity x "
        "(0.5 + trade openness)).",
        "utility",
        source="Harff 2003 (trade openness); Krain 2005",
        ge=0.0,
    )
    democracy_constraint: float = param(
        5.0,
        "Disutility of mass violence for state forces of a democracy.",
        "utility",
        source="Goldstone et al. 2010; Harff 2003 (autocracy)",
        ge=0.0,
    )
    anocracy_constraint: float = param(
        1.5,
        "Disutility of mass violence for state forces of an anocracy.",
        "utility",
        source="Goldstone et al. 2010; Harff 2003 (autocracy)",
        ge=0.0,
    )
    barrier_mass: float = param(
        12.5,
        "Fixed reluctance to kill civilians en masse.",
        "utility",
        source=CALIBRATED,
        ge=0.0,
    )
    commitment: float = param(
        1.0,
        "Extra utility of continuing last week's restraint or selective repression.",
        "utility",
        ge=0.0,
    )
    campaign_commitment: float = param(
        6.0,
        "Extra utility of continuing a campaign of mass violence begun earlier (campaigns, once "
        "begun, persist for weeks to months).",
        "utility",
        source="assumption (Valentino 2004: mass killing as a sustained strategy)",
        ge=0.0,
    )
    noise: float = param(
        1.0,
        "Scale of the Gumbel noise on utilities (choice probabilities are a softmax of "
        "utility / noise).",
        "utility",
        source="McFadden random utility model",
        gt=0.0,
    )
    capacity_floor: float = param(
        0.05,
        "Effective fighters per 1,000 target-group persons below which an actor cannot "
        "mount mass violence.",
        "fighters per 1,000 persons",
        ge=0.0,
    )


class ThreatRules(Schema):
    """How the regime and the rebels perceive threat, and how triggers move it."""

    balance_weight: float = param(
        2.0,
        "Threat per unit rebel share of effective fighters, rebels / (rebels + government).",
        "threat",
        source=VALENTINO,
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
    decision: DecisionRules = param(DecisionRules(), "Armed actors' choices.", "section")
    threat: ThreatRules = param(ThreatRules(), "Threat perception and triggers.", "section")
    steps: StepsParams = param(StepsParams(), "The continuum of steps.", "section")


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

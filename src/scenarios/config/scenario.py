"""Schema of a scenario: the fictional country, its people, regime, armed actors and triggers.

A scenario describes *the situation*; :mod:`scenarios.config.behaviour` holds the behavioural
rules' parameters that are shared by all scenarios.
"""

from typing import Literal, Self

from pydantic import model_validator

from scenarios.params import Schema, param

HARFF = "Harff 2003, APSR 97(1):57-73"
EWP = "Early Warning Project statistical risk assessment (USHMM)"
UN_FRAMEWORK = "UN Framework of Analysis for Atrocity Crimes 2014"


class CountrySpec(Schema):
    """Districts and who borders whom."""

    districts: int = param(16, "Number of districts (network nodes).", "districts", ge=2, le=400)
    network: Literal["grid", "geometric"] = param(
        "grid",
        "Adjacency of districts: a square-ish grid, or a seeded random geometric graph.",
        "choice",
    )
    border_share: float = param(
        0.4,
        "Share of districts, furthest from the centre, that lie on an international border "
        "(civilians can flee abroad only from these).",
        "share 0-1",
        ge=0.0,
        le=1.0,
    )
    segregation: float = param(
        0.7,
        "Share of each group living in its homeland region; the rest live anywhere "
        "(Lim, Metzler & Bar-Yam 2007 locate violence at poorly separated boundaries).",
        "share 0-1",
        ge=0.0,
        le=1.0,
    )


class PopulationSpec(Schema):
    """How many people, and how many simulated rows stand for them."""

    persons: int = param(
        1_000_000, "People living in the country at week 0.", "persons", ge=1, le=10**9
    )
    agents: int = param(
        100_000,
        "Simulated civilian rows; each row stands for persons/agents people (a household "
        "weight). Results are resolution-invariant in expectation.",
        "rows",
        ge=10,
        le=10**7,
    )

    @model_validator(mode="after")
    def _agents_not_above_persons(self) -> Self:
        if self.agents > self.persons:
            raise ValueError(
                f"agents ({self.agents}) must not exceed persons ({self.persons}): "
                "a row stands for at least one person"
            )
        return self


class GroupSpec(Schema):
    """An identity group."""

    name: str = param("group", "Name of the identity group.", "text", min_length=1)
    share: float = param(0.5, "Share of the population.", "share 0-1", gt=0.0, le=1.0)
    ruling: bool = param(
        False,
        "Whether the ruling elite comes from this group (Harff: ethnic-minority ruling elite "
        "when this group's share is below one half).",
        "flag",
        source=HARFF,
    )
    economic_exclusion: float = param(
        0.0,
        "Extra hardship carried by this group (horizontal inequality): hardship is "
        "multiplied by 1 + this value.",
        "fraction",
        ge=0.0,
        le=2.0,
    )


class RegimeSpec(Schema):
    """The regime and its elites (Harff's structural factors)."""

    regime_type: Literal["democracy", "anocracy", "autocracy"] = param(
        "anocracy",
        "Regime type: institutions outside an autocracy remove part of state forces' "
        "escalation pressure (model.escalation.restraint_non_autocracy), a democracy more "
        "(restraint_democracy).",
        "choice",
        source=HARFF + " (autocracy among the six risk factors); democracy above anocracy is an "
        "assumption",
    )
    factionalism: bool = param(
        False,
        "Whether politics is factional (polarised, winner-take-all competition between groups); "
        "in an anocracy it enlarges every trigger's threat shock "
        "(model.threat.factional_instability).",
        "flag",
        source="Goldstone et al. 2010, AJPS 54(1): partial democracy with factionalism is one of "
        "its five regime categories, the most unstable (the finding as issue 10 quotes it; "
        "LITERATURE.md records only that the five categories predict instability best)",
    )
    legitimacy: float = param(
        0.7,
        "Legitimacy of the regime in the eyes of the ruling group (Epstein's L).",
        "index 0-1",
        source="Epstein 2002, PNAS 99 suppl. 3",
        ge=0.0,
        le=1.0,
    )
    exclusion: float = param(
        0.2,
        "Relative loss of legitimacy among non-ruling groups: their L is legitimacy x "
        "(1 - exclusion) (power distributed by social group).",
        "fraction 0-1",
        source=EWP,
        ge=0.0,
        le=1.0,
    )
    ideology: float = param(
        0.1,
        "Exclusionary ideology of the ruling elite.",
        "index 0-1",
        source=HARFF,
        ge=0.0,
        le=1.0,
    )
    propaganda: float = param(
        0.05,
        "Baseline intensity of dehumanising propaganda (hate speech) aimed at the ruling group.",
        "index 0-1",
        source=UN_FRAMEWORK + " (risk factor 7 and 8)",
        ge=0.0,
        le=1.0,
    )
    cost_sensitivity: float = param(
        1.0,
        "How much the elite weighs expected outside costs of mass violence.",
        "multiplier",
        source="Valentino 2004, Final Solutions",
        ge=0.0,
        le=5.0,
    )
    trade_openness: float = param(
        0.5,
        "Trade openness; raises the cost the elite expects from outside reaction.",
        "index 0-1",
        source=HARFF,
        ge=0.0,
        le=1.0,
    )
    upheaval: float = param(
        0.0,
        "Magnitude of political upheaval in the previous 15 years.",
        "index 0-1",
        source=HARFF,
        ge=0.0,
        le=1.0,
    )
    prior_atrocity: bool = param(
        False, "Whether the country has a prior genocide or politicide.", "flag", source=HARFF
    )


class ActorSpec(Schema):
    """An armed actor: state security forces, a pro-government militia or a rebel group."""

    name: str = param("actor", "Name of the armed actor.", "text", min_length=1)
    kind: Literal["state_forces", "militia", "rebel"] = param(
        "state_forces",
        "State security forces and militias fight on the government side; rebels on the other.",
        "choice",
    )
    group: str = param(
        "group", "Identity group the actor recruits from and claims to defend.", "text"
    )
    personnel: int = param(10_000, "Fighters at week 0.", "persons", ge=0, le=10**7)
    arms: float = param(
        0.8, "Arms per fighter relative to full equipment.", "ratio 0-1", ge=0.0, le=1.0
    )
    arms_inflow: float = param(
        0.01,
        "Arms resupply from patrons and neighbours, as a share of full equipment per week.",
        "per week",
        ge=0.0,
        le=1.0,
    )
    cohesion: float = param(
        0.8,
        "Share of fighters who carry out orders; scales what the actor can do.",
        "share 0-1",
        ge=0.0,
        le=1.0,
    )
    ideology: float = param(
        0.0,
        "Exclusionary ideology of the actor's own leaders (state forces use the regime's).",
        "index 0-1",
        source=HARFF,
        ge=0.0,
        le=1.0,
    )


class ScheduledTrigger(Schema):
    """A trigger on a known date (UN Framework risk factor 8: census or elections)."""

    kind: Literal["election", "census"] = param("election", "Kind of event.", "choice")
    week: int = param(52, "Week in which it happens (weeks are numbered from 1).", "week", ge=1)


class TriggerRates(Schema):
    """Random triggers, each a Poisson process (UN Framework risk factor 8)."""

    assassination: float = param(
        0.0, "Rate of assassinations of prominent leaders.", "per week", ge=0.0, le=1.0
    )
    coup_attempt: float = param(
        0.0,
        "Rate of coup attempts (EWP: coup attempts in the last 5 years raise risk).",
        "per week",
        source=EWP,
        ge=0.0,
        le=1.0,
    )
    economic_shock: float = param(0.0, "Rate of economic shocks.", "per week", ge=0.0, le=1.0)
    rebel_offensive: float = param(
        0.0, "Rate of rebel offensives (needs a rebel actor).", "per week", ge=0.0, le=1.0
    )


class TriggersSpec(Schema):
    """Scheduled and random triggering events."""

    scheduled: list[ScheduledTrigger] = param([], "Events on known dates.", "list")
    rates: TriggerRates = param(TriggerRates(), "Rates of random events.", "section")


class StakeholdersSpec(Schema):
    """Outside actors who notice, deliberate and act (the takers of the steps)."""

    patron_veto: float = param(
        0.0,
        "Probability that the regime's patron on the Security Council vetoes a coercive "
        "measure put to a vote.",
        "probability",
        source="assumption (scenario setting; vetoes on atrocity situations are on record)",
        ge=0.0,
        le=1.0,
    )
    council_support: float = param(
        0.8,
        "Probability that each of the other fourteen Council members votes for a coercive "
        "measure before any killing is seen (their alignment with the regime's opponents).",
        "probability",
        ge=0.0,
        le=1.0,
    )
    evidence_response: float = param(
        0.3,
        "Rise in each member's probability of voting yes per 10,000 civilians seen killed.",
        "probability per 10,000 deaths",
        ge=0.0,
    )
    refugee_capacity: int = param(
        2_000_000,
        "Refugees the neighbouring states host before they close their borders (no more "
        "flight abroad).",
        "persons",
        ge=0,
    )
    camp_recruitment: float = param(
        0.0005,
        "Share of a rebel group's refugees who join it from camps abroad each week "
        "(spill-over: camps as rear bases).",
        "per week",
        source="assumption (UN Framework 2014 risk factor 8: spill-over from neighbouring states)",
        ge=0.0,
        le=1.0,
    )
    council_notice_lag: int = param(
        8, "Weeks before the Security Council sees what happens.", "weeks", ge=0, le=520
    )
    regional_notice_lag: int = param(
        4, "Weeks before the regional organisation sees what happens.", "weeks", ge=0, le=520
    )
    monitors_notice_lag: int = param(
        2, "Weeks before NGOs, media and monitors see what happens.", "weeks", ge=0, le=520
    )
    media_response: float = param(
        0.3,
        "International attention added per 10,000 civilians seen killed (capped at 1 in all).",
        "index per 10,000 deaths",
        source="assumption (Krain 2005: attention follows visible killing)",
        ge=0.0,
    )
    arms_leakage: float = param(
        0.3,
        "Share of arms deliveries that still reach an embargoed party through neighbours.",
        "share",
        ge=0.0,
        le=1.0,
    )
    peacekeepers: int = param(
        20_000,
        "Troops and police the world will put at the disposal of missions here (the shared "
        "pool all missions draw from).",
        "persons",
        ge=0,
        le=10**6,
    )


class ScenarioSpec(Schema):
    """A complete, fictional scenario."""

    name: str = param("scenario", "Identifier used in file names and tables.", "text", min_length=1)
    title: str = param("", "Human-readable title.", "text")
    risk_level: Literal["low", "elevated", "acute"] = param(
        "low", "Risk level the preset is meant to represent.", "choice"
    )
    description: str = param("", "A short briefing on the situation.", "text")
    country: CountrySpec = param(CountrySpec(), "Districts and borders.", "section")
    population: PopulationSpec = param(PopulationSpec(), "Population size.", "section")
    groups: list[GroupSpec] = param(
        [GroupSpec(name="majority", share=0.7, ruling=True), GroupSpec(name="minority", share=0.3)],
        "Identity groups (at least two).",
        "list",
        min_length=2,
    )
    regime: RegimeSpec = param(RegimeSpec(), "The regime and its elites.", "section")
    actors: list[ActorSpec] = param([ActorSpec(group="majority")], "Armed actors.", "list")
    attention: float = param(
        0.3,
        "International attention (media, monitors, diplomats) at week 0.",
        "index 0-1",
        source="Krain 2005, ISQ 49(3) (outside attention raises the cost of killing)",
        ge=0.0,
        le=1.0,
    )
    triggers: TriggersSpec = param(TriggersSpec(), "Triggering events.", "section")
    stakeholders: StakeholdersSpec = param(
        StakeholdersSpec(),
        "Outside actors: Security Council, regional organisation, neighbours, monitors.",
        "section",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [g.name for g in self.groups]
        if len(set(names)) != len(names):
            raise ValueError(f"groups: names must be unique, got {names}")
        total = sum(g.share for g in self.groups)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"groups: shares must sum to 1, got {total:g}")
        for i, group in enumerate(self.groups):
            if group.share * self.population.agents < 1.0:
                raise ValueError(
                    f"groups[{i}].share: {group.share:g} x population.agents "
                    f"({self.population.agents}) is less than one row; raise either"
                )
        if sum(g.ruling for g in self.groups) != 1:
            raise ValueError("groups: exactly one group must have ruling: true")
        actor_names = [a.name for a in self.actors]
        if len(set(actor_names)) != len(actor_names):
            raise ValueError(f"actors: names must be unique, got {actor_names}")
        ruling = next(g.name for g in self.groups if g.ruling)
        for i, actor in enumerate(self.actors):
            if actor.group not in names:
                raise ValueError(f"actors[{i}].group: got '{actor.group}', must be one of {names}")
            if actor.kind != "rebel" and actor.group != ruling:
                raise ValueError(
                    f"actors[{i}].group: a {actor.kind} actor must belong to the ruling group "
                    f"'{ruling}', got '{actor.group}'"
                )
            if actor.kind == "rebel" and actor.group == ruling:
                raise ValueError(
                    f"actors[{i}].group: a rebel actor must belong to a non-ruling group, "
                    f"got the ruling group '{ruling}'"
                )
        return self

    @property
    def ruling_group(self) -> int:
        """Index of the ruling group."""
        return next(i for i, g in enumerate(self.groups) if g.ruling)

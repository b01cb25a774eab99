"""The country model: the wiring of country, civilians, actors, stakeholders, triggers and steps,
and the order of a week. Each mechanism lives in its own module; this one only calls them.

One step of Mesa's clock is one week. The SimPy environment is advanced to it at the start of
each week. Order within week ``w`` (docs/model.md, section 3):

1. triggers due in week ``w`` fire, and steps move on in their lifecycles (SimPy;
   :mod:`~scenarios.model.triggers`, :mod:`scenarios.steps.lifecycle`);
2. outside action: the steps in effect set this week's modifiers, then the stakeholders act
   (the monitors draw attention, the neighbours open or close their borders);
3. the regime perceives the threat it faces (``Regime.step``, :mod:`~scenarios.model.perception`);
4. each armed actor chooses a target and moves on its escalation ladder (``ArmedActor.step``,
   :mod:`~scenarios.model.decisions`, :mod:`~scenarios.model.escalation`), then all deploy
   (:mod:`~scenarios.model.deployment`);
5. government and rebel fighters in the same district fight (:mod:`~scenarios.model.combat`);
6. actors that chose violence kill civilians (:mod:`~scenarios.model.violence`);
7. civilians update fear, exposure and grievance, then mobilise, move or flee
   (:mod:`~scenarios.model.civilians`);
8. actors recruit and resupply (:mod:`~scenarios.model.recruitment`); shocks fade; the week is
   recorded (:mod:`~scenarios.model.record`).
"""

from typing import Any

import mesa
import numpy as np
import simpy
from mesa.agentset import AgentSet

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, MeasuresInForce, Modifiers
from scenarios.boundary.observations import CountryView
from scenarios.config.behaviour import CountryModelParams, OutcomeSpec
from scenarios.config.indicators import MASSACRE_DEATHS, observable
from scenarios.config.run import RunConfig
from scenarios.config.scenario import ScenarioSpec
from scenarios.config.strategy import STEP_NAMES, StepSpec, StrategySpec
from scenarios.model import civilians, combat, deployment, perception, recruitment, violence
from scenarios.model.actors import ArmedActor, Regime, WeekStart
from scenarios.model.country import build_country, homeland_weights
from scenarios.model.escalation import leadership_thresholds
from scenarios.model.event_log import EventLog
from scenarios.model.forces import ArmedForces
from scenarios.model.outcomes import DeathLedger
from scenarios.model.population import FLED, MOBILISED, PRESENT, PRESENT_SLICE, Population
from scenarios.model.record import WeekEnd, record_week
from scenarios.model.stakeholders import Stakeholder, build_stakeholders
from scenarios.model.triggers import apply_trigger, start_triggers
from scenarios.steps import lifecycle
from scenarios.steps.base import Step, vote_stream
from scenarios.steps.registry import build_step

STREAMS = (
    "mesa",
    "country",
    "population",
    "events",
    "decisions",
    "violence",
    "attribution",
    "stakeholders",
    "leaders",
)


class CountryModel(mesa.Model):
    """A country at risk of mass atrocities, simulated week by week.

    Build it with :meth:`from_config`. Between weeks, :meth:`take` starts a step (the same
    lifecycle, lags, votes and pools as a strategy's steps), :meth:`advance` simulates weeks and
    :meth:`observable_state` reads what outside actors could see.

    Args:
        scenario: the validated scenario.
        params: the validated behavioural parameters.
        outcome: the mass-atrocity definition.
        weeks: weeks to simulate (the horizon; the ledger is sized for it).
        seed: an int or a ``numpy.random.SeedSequence``; independent streams for each random
            process are spawned from it, so changing how one process draws does not shift the
            others (common random numbers across strategies).
        strategy: the outside response (default: none); its steps are taken at the start.
    """

    def __init__(
        self,
        scenario: ScenarioSpec,
        params: CountryModelParams,
        outcome: OutcomeSpec,
        weeks: int,
        seed: int | np.random.SeedSequence,
        strategy: StrategySpec | None = None,
    ):
        sequence = (
            seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        )
        streams = dict(zip(STREAMS, sequence.spawn(len(STREAMS)), strict=True))
        super().__init__(rng=np.random.default_rng(streams["mesa"]))
        self.spec = scenario
        self.params = params
        self.weeks = weeks
        self.decision_rng = np.random.default_rng(streams["decisions"])
        self.violence_rng = np.random.default_rng(streams["violence"])
        self.attribution_rng = np.random.default_rng(streams["attribution"])
        self.event_rng = np.random.default_rng(streams["events"])
        self._vote_streams = streams["stakeholders"]

        self.country = build_country(scenario.country, np.random.default_rng(streams["country"]))
        shares = np.array([g.share for g in scenario.groups])
        self.group_names = [g.name for g in scenario.groups]
        self.ruling = scenario.ruling_group
        self.non_ruling = np.arange(len(shares)) != self.ruling
        self.population = Population.create(
            rows=scenario.population.agents,
            persons=scenario.population.persons,
            shares=shares,
            homeland=homeland_weights(self.country, shares),
            segregation=scenario.country.segregation,
            rng=np.random.default_rng(streams["population"]),
        )
        self.hardship = 1.0 + np.array([g.economic_exclusion for g in scenario.groups])
        self.regime = Regime(self, scenario.regime, self.ruling, shares[self.ruling])
        index = {name: i for i, name in enumerate(self.group_names)}
        self.forces = ArmedForces.create(
            scenario.actors,
            [index[spec.group] for spec in scenario.actors],
            self.country.n_districts,
        )
        thresholds = leadership_thresholds(
            [spec.kind for spec in scenario.actors],
            params.escalation,
            np.random.default_rng(streams["leaders"]),
        )
        self.armed_actors = [
            ArmedActor(self, spec, self.forces, position, thresholds[position])
            for position, spec in enumerate(scenario.actors)
        ]
        self.regime.g0 = perception.side_strength(self.forces, GOVERNMENT)
        self.attention = scenario.attention
        self.modifiers = Modifiers(self.country.n_districts)
        self.measures = MeasuresInForce()
        self.records: list[dict[str, Any]] = []
        self.view = CountryView(self.records, self.non_ruling, PRESENT, FLED, self.measures)
        self.strategy = strategy or StrategySpec()
        self.stakeholders = build_stakeholders(
            self,
            scenario.stakeholders,
            np.random.default_rng(streams["stakeholders"]),
            self.view,
        )
        self.acting_actors = AgentSet(self.armed_actors, random=self.random)
        self.acting_stakeholders = AgentSet(self.stakeholders.values(), random=self.random)
        self.steps_taken: list[Step] = []
        self._steps_in_order: list[Step] = []  # by class order, then as taken
        self.money_spent = 0.0
        self.massacres = 0
        self.personnel_weeks = 0.0
        self.offensive_weeks_left = 0
        self._emboldened = False  # whether moral hazard had rebels on the offensive last week
        self.propaganda = 0.0

        self.env = simpy.Environment()
        self.event_log = EventLog()
        start_triggers(
            self.env, scenario.triggers, self.apply_trigger, self.event_rng, self.event_log, weeks
        )
        self.peacekeepers_available = scenario.stakeholders.peacekeepers
        self.peacekeeper_pool = simpy.Container(
            self.env,
            capacity=max(1, self.peacekeepers_available),
            init=self.peacekeepers_available,
        )
        for spec in self.strategy.steps:
            self.take(spec)
        self.ledger = DeathLedger(weeks, [a.side for a in self.armed_actors], len(shares), outcome)
        self.census, self.exposure_mean = self._count()
        self.initial_persons = self.census.sum(axis=(1, 2))
        self.danger = np.zeros((len(shares), self.country.n_districts))
        self.view.refresh(self.census, self.danger)
        self._move_options = civilians.move_options(self.country.neighbours)
        census = self.census
        self._deploy_all(census[:, :, PRESENT_SLICE].sum(axis=2), census[:, :, MOBILISED])

    @classmethod
    def from_config(cls, config: RunConfig, seed: int | np.random.SeedSequence) -> "CountryModel":
        """The model of a validated run config, on ``seed`` (e.g. a replication's
        :func:`~scenarios.runs.seeds.replication_seed`)."""
        return cls(
            config.scenario, config.model, config.outcome, config.weeks, seed, config.strategy
        )

    # -- the clock ----------------------------------------------------------------------------

    @property
    def week(self) -> int:
        """The week last simulated (0 before the first); Mesa's step counter."""
        return self.steps

    def step(self) -> None:
        """Simulate one week (see the module docstring for the order)."""
        week = self.week
        self.env.run(until=week)
        self._take_outside_action()
        census = self.census
        present = census[:, :, PRESENT_SLICE].sum(axis=2)
        mobilised = census[:, :, MOBILISED]

        noise = self.decision_rng.standard_normal(len(self.armed_actors))
        self.week_start = WeekStart(present, mobilised, self.exposure_mean, noise)
        self.regime.step()
        self.acting_actors.do("step")  # in the scenario's order
        self._deploy_all(present, mobilised)
        fought = combat.fight(self.forces, self.offensive_weeks_left > 0, self.params.violence)

        rates = violence.killing_rates(
            self.forces,
            census,
            self.modifiers,
            self.params.violence,
            self._campaign_lethality(),
        )
        deaths, deaths_by_cell = violence.kill(
            self.population, rates, self.violence_rng, self.attribution_rng
        )
        self.ledger.record(week, deaths)

        census_after, exposure_after = self._civilians_respond(present, mobilised, deaths_by_cell)
        recruitment.recruit_and_resupply(
            self.forces,
            mobilised,
            census[:, :, FLED],
            fought,
            self.modifiers,
            self.stakeholders["neighbours"].camp_recruitment,
            self.modifiers.arms_inflow(self.stakeholders["neighbours"].arms_leakage)
            * self.modifiers.resources,
            self.params.violence,
        )
        self.regime.decay_shocks(self.params.threat)
        if self.offensive_weeks_left:
            self.offensive_weeks_left -= 1
        self.census, self.exposure_mean = census_after, exposure_after
        self._record(week, deaths)
        self.view.refresh(self.census, self.danger)

    def advance(self, weeks: int = 1) -> None:
        """Simulate ``weeks`` more weeks, at most up to the horizon."""
        if weeks < 0 or self.week + weeks > self.weeks:
            raise ValueError(
                f"weeks: got {weeks}; at week {self.week} of {self.weeks}, "
                f"at most {self.weeks - self.week} more can be simulated"
            )
        for _ in range(weeks):
            self.step()

    def run(self) -> None:
        """Simulate the remaining weeks up to the horizon."""
        self.advance(self.weeks - self.week)

    # -- outside action -----------------------------------------------------------------------

    def take(self, spec: StepSpec | dict) -> Step:
        """Take a step: it enters its lifecycle now, as a strategy's step would.

        A ``start.week`` must be the next week or later (the week of a start condition is
        whenever its taker sees the indicator). The step gets the next index and its own vote
        stream, keyed by (kind, occurrence of that kind), exactly as if the strategy had listed
        it after the steps taken so far.

        Raises:
            ValueError: the spec is invalid, or its start week has passed.
        """
        spec = spec if isinstance(spec, StepSpec) else StepSpec.model_validate(spec)
        upcoming = self.week + 1
        if spec.start.week is not None and spec.start.week < upcoming:
            raise ValueError(
                f"start.week: got {spec.start.week}; week {self.week} is done, "
                f"so a step can start in week {upcoming} or later"
            )
        occurrence = sum(step.name == spec.step for step in self.steps_taken)
        votes = vote_stream(self._vote_streams, spec.step, occurrence, STEP_NAMES)
        step = build_step(spec, self.params.steps, len(self.steps_taken), votes)
        self.steps_taken.append(step)
        self._steps_in_order = sorted(self.steps_taken, key=lambda s: s.order)  # stable
        lifecycle.start(self, step)
        return step

    def taker(self, name: str) -> Stakeholder:
        """The stakeholder called ``name`` (a step's taker)."""
        return self.stakeholders[name]

    def vote(self, step: Step) -> str:
        """Put ``step`` to the Security Council, on the step's own vote stream."""
        return self.stakeholders["security_council"].vote(step.vote_rng)

    def log_step(self, step: Step, phase: str, detail: str = "") -> None:
        """Record a step's transition in the event log."""
        self.event_log.add(
            self.env.now, step.name, detail, category="step", phase=phase, step_index=step.index
        )

    def observable_state(self, lag: int = 0) -> dict[str, float] | None:
        """The observable indicators of the record as seen with ``lag`` weeks' delay (None
        before anything is visible)."""
        if self.view.seen("week", lag) is None:
            return None
        return {name: self.view.seen(name, lag) for name in observable()}

    def _take_outside_action(self) -> None:
        """Gather this week's effects of the steps in effect, and their costs; then the
        stakeholders act."""
        modifiers = Modifiers(self.country.n_districts)
        for step in self._steps_in_order:
            if step.decided:
                step.promise(modifiers)
            if step.active:
                step.apply(modifiers, self.view)
                self.money_spent += step.weekly_cost()
                self.personnel_weeks += step.personnel
        self.modifiers = modifiers
        self.acting_stakeholders.do("step")
        seen = self.stakeholders["monitors"].attention
        self.attention = min(1.0, self.spec.attention + modifiers.attention + seen)
        self.regime.threat_shock += modifiers.sovereignty_threat
        has_rebels = any(a.side == REBEL and a.personnel > 0 for a in self.armed_actors)
        emboldened = modifiers.rebel_emboldening > 0 and has_rebels
        if emboldened:
            if not self._emboldened:  # the provoked offensive begins: the regime feels it once
                self.regime.threat_shock += (
                    modifiers.provocation * self.params.threat.offensive_threat
                )
            self.offensive_weeks_left = max(self.offensive_weeks_left, 1)
        self._emboldened = emboldened

    # -- mechanisms' wiring -------------------------------------------------------------------

    def apply_trigger(self, kind: str) -> str:
        """Apply a triggering event's effect (:func:`~scenarios.model.triggers.apply_trigger`);
        return a detail for the event log."""
        detail, offensive = apply_trigger(
            kind,
            self.regime,
            self.regime.spec.ideology,
            self.regime.spec.regime_type == "democracy",
            self.regime.spec.regime_type == "anocracy" and self.regime.spec.factionalism,
            self.armed_actors,
            self.event_rng,
            self.params.threat,
            self.params.violence,
        )
        if offensive:
            self.offensive_weeks_left = offensive
        return detail

    def _campaign_lethality(self) -> np.ndarray:
        """(actors,) factor on the lethality of each actor's mass violence: its campaign's
        intensity, raised by the exposure of its own group to hate propaganda (more take part;
        Yanagizawa-Drott 2014)."""
        weight = self.params.escalation.participation_weight
        exposure = self.week_start.exposure[self.forces.group]
        return self.forces.campaign * (1.0 + weight * exposure)

    def _count(self) -> tuple[np.ndarray, np.ndarray]:
        """The census (groups, districts, statuses) and each group's mean propaganda exposure
        over its present members."""
        return self.population.census_and_group_mean(self.population.exposure)

    def _deploy_all(self, present: np.ndarray, mobilised: np.ndarray) -> None:
        deployment.deploy_all(
            self.forces, present, mobilised, self.non_ruling, self.params.violence
        )

    def _civilians_respond(
        self, present: np.ndarray, mobilised: np.ndarray, deaths_by_cell: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Civilians respond to the week and move; returns the census after it and each
        group's mean exposure."""
        rules, modifiers, regime = self.params.civilians, self.modifiers, self.regime
        per_thousand, self.danger = civilians.danger_seen(
            deaths_by_cell, present, self.danger, rules
        )
        intensity = np.zeros(self.population.n_groups)
        self.propaganda = regime.propaganda_intensity(self.params.threat) * (
            modifiers.propaganda_factor
        )
        intensity[self.ruling] = self.propaganda
        legitimacy = perception.group_legitimacy(
            regime.legitimacy,
            regime.spec.exclusion,
            self.non_ruling,
            modifiers.legitimacy,
            self.ledger,
            self.initial_persons,
            rules,
        )
        factor = civilians.grievance_factor(
            self.hardship, regime.hardship_shock, modifiers.hardship, legitimacy
        )
        risk = perception.perceived_risk(
            self.forces,
            mobilised,
            self.non_ruling,
            rules,
            self.params.violence.selective_deterrence,
        )
        destinations = civilians.safest_destinations(
            self.danger, modifiers.safe_areas, self._move_options
        )
        open_border = self.stakeholders["neighbours"].open
        return civilians.respond_and_move(
            self.population,
            per_thousand,
            intensity,
            modifiers.exposure_decay,
            factor,
            self.non_ruling,
            risk,
            destinations,
            self.country.border & open_border,
            rules,
        )

    def _record(self, week: int, deaths: np.ndarray) -> None:
        self.massacres += int(deaths.sum() >= MASSACRE_DEATHS)
        state = WeekEnd(
            census=self.census,
            deaths=deaths,
            threat=self.regime.threat,
            legitimacy=self.regime.legitimacy,
            propaganda=self.propaganda,
            exposure=self.week_start.exposure,
            ruling=self.ruling,
            non_ruling=self.non_ruling,
            forces=self.forces,
            ladders=[actor.ladder for actor in self.armed_actors],
            atrocity=self.ledger.atrocity is not None,
            massacres=self.massacres,
            attention=self.attention,
            peacekeepers=self.modifiers.peacekeepers,
            money_spent=self.money_spent,
        )
        self.records.append(record_week(week, state))

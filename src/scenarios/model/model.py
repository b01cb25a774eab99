"""The country model: wiring of country, civilians, actors, triggers and outcomes, and step order.

One step is one week. Mesa's step counter is the clock; the SimPy environment is advanced to
it at the start of each step. Order within week ``w``:

1. triggers due in week ``w`` fire (SimPy);
2. the regime perceives threat from rebel strength and civilian support;
3. armed actors choose an action and a target group, then deploy;
4. government and rebel fighters in the same district fight;
5. actors that chose violence kill civilians (vectorised draws);
6. civilians update fear, propaganda exposure and grievance, then mobilise, move or flee;
7. actors recruit from mobilised supporters and resupply arms; shocks fade; the week is recorded.
"""

from typing import Any

import mesa
import numpy as np
import simpy

from scenarios.config.behaviour import CountryModelParams, OutcomeSpec
from scenarios.config.indicators import MASSACRE_DEATHS
from scenarios.config.scenario import ScenarioSpec
from scenarios.config.strategy import STEP_NAMES, StrategySpec
from scenarios.model.actors import (
    GOVERNMENT,
    REBEL,
    Action,
    ArmedActor,
    Regime,
    Situation,
    action_utilities,
    choose,
)
from scenarios.model.country import build_country, homeland_weights
from scenarios.model.events import EventLog, start_triggers
from scenarios.model.modifiers import Modifiers
from scenarios.model.outcomes import DeathLedger
from scenarios.model.population import (
    DISPLACED,
    FLED,
    KILLED,
    MOBILISED,
    N_STATUS,
    PRESENT,
    PRESENT_SLICE,
    Population,
)
from scenarios.model.stakeholders import build_stakeholders
from scenarios.steps.base import Step
from scenarios.steps.lifecycle import start_steps
from scenarios.steps.registry import build_steps

STREAMS = (
    "mesa",
    "country",
    "population",
    "events",
    "decisions",
    "violence",
    "attribution",
    "stakeholders",
)


class CountryModel(mesa.Model):
    """A country at risk of mass atrocities, simulated week by week.

    Args:
        scenario: the validated scenario.
        params: the validated behavioural parameters.
        outcome: the mass-atrocity definition.
        weeks: weeks to simulate (the ledger is sized for it).
        seed: an int or a ``numpy.random.SeedSequence``; independent streams for each random
            process are spawned from it, so changing how one process draws does not shift the
            others (common random numbers across strategies).
        strategy: the outside response (default: none).
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
        self.armed_actors = [
            ArmedActor(self, spec, index[spec.group], self.country.n_districts)
            for spec in scenario.actors
        ]
        self.attention = scenario.attention
        self.modifiers = Modifiers(self.country.n_districts)
        self.strategy = strategy or StrategySpec()
        self.stakeholders = build_stakeholders(
            self, scenario.stakeholders, np.random.default_rng(streams["stakeholders"])
        )
        self.steps_taken: list[Step] = build_steps(self.strategy, params.steps)
        _give_vote_streams(self.steps_taken, streams["stakeholders"])
        self.money_spent = 0.0
        self.massacres = 0
        self.personnel_weeks = 0.0
        self.offensive_weeks_left = 0
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
        start_steps(self)
        self.ledger = DeathLedger(weeks, [a.side for a in self.armed_actors], len(shares), outcome)
        self.census = self.population.census()
        self.initial_persons = self.census.sum(axis=(1, 2))
        self.danger = np.zeros((len(shares), self.country.n_districts))
        self._move_options = _move_options(self.country.neighbours)
        self._district_index = np.arange(self.country.n_districts)
        self.records: list[dict[str, Any]] = []
        self._deploy_all()

    # -- one week -----------------------------------------------------------------------------

    def step(self) -> None:
        """Simulate one week (see the module docstring for the order)."""
        week = self.steps
        self.env.run(until=week)
        self._take_outside_action()
        census = self.census
        present = census[:, :, PRESENT_SLICE].sum(axis=2)
        mobilised = census[:, :, MOBILISED]

        threat = self._perceive_threat(present, mobilised)
        exposure = self.population.group_mean(self.population.exposure, census)
        self._decide(present, mobilised, exposure)
        self._deploy_all()
        fought = self._combat()

        deaths, deaths_by_cell = self._violence(census)
        self.ledger.record(week, deaths)

        self._update_civilians(present, mobilised, deaths_by_cell)
        self._recruit_and_resupply(mobilised, fought)
        self.regime.decay_shocks(self.params.threat)
        if self.offensive_weeks_left:
            self.offensive_weeks_left -= 1
        self.census = self.population.census()
        self._record(week, threat, exposure, deaths)

    def run(self) -> None:
        """Simulate all weeks."""
        for _ in range(self.weeks):
            self.step()

    # -- outside action -----------------------------------------------------------------------

    def _take_outside_action(self) -> None:
        """Gather this week's effects of the strategy's steps, and their costs."""
        modifiers = Modifiers(self.country.n_districts)
        for step in sorted(self.steps_taken, key=lambda s: s.order):
            if step.decided:
                step.promise(modifiers, self)
            if step.active:
                step.apply(modifiers, self)
                self.money_spent += step.weekly_cost()
                self.personnel_weeks += step.personnel
        self.modifiers = modifiers
        seen = self.stakeholders["monitors"].attention_added()
        self.attention = min(1.0, self.spec.attention + modifiers.attention + seen)
        self.regime.threat_shock += modifiers.sovereignty_threat
        has_rebels = any(a.side == REBEL and a.personnel > 0 for a in self.armed_actors)
        if modifiers.rebel_emboldening > 0 and has_rebels:
            self.offensive_weeks_left = max(self.offensive_weeks_left, 1)

    def log_step(self, step: Step, phase: str, detail: str = "") -> None:
        """Record a step's transition in the event log."""
        self.event_log.add(
            self.env.now, step.name, detail, category="step", phase=phase, step_index=step.index
        )

    # -- triggers -----------------------------------------------------------------------------

    def apply_trigger(self, kind: str) -> str:
        """Apply a triggering event's effect; return a detail for the event log."""
        rules, regime = self.params.threat, self.regime
        ideology = regime.spec.ideology
        if kind == "election":
            lost = self.event_rng.random() < 1.0 - regime.legitimacy
            scale = rules.democracy_election_scale if regime.spec.regime_type == "democracy" else 1
            regime.threat_shock += (
                rules.election_threat * scale * (1.0 if lost else rules.election_win_share)
            )
            regime.propaganda_shock += rules.election_propaganda * ideology
            return "incumbent lost" if lost else "incumbent won"
        if kind == "census":
            regime.propaganda_shock += rules.census_propaganda * ideology
            return ""
        if kind == "assassination":
            regime.threat_shock += rules.assassination_threat
            regime.propaganda_shock += rules.assassination_propaganda * ideology
            return ""
        if kind == "coup_attempt":
            regime.threat_shock += rules.coup_threat
            for actor in self.armed_actors:
                if actor.kind == "state_forces":
                    actor.cohesion *= 1.0 - rules.coup_cohesion_loss
            return ""
        if kind == "economic_shock":
            regime.hardship_shock += rules.economic_shock_hardship
            return ""
        if kind == "rebel_offensive":
            if not any(a.side == REBEL and a.personnel > 0 for a in self.armed_actors):
                return "no rebel actor"
            self.offensive_weeks_left = self.params.violence.offensive_weeks
            regime.threat_shock += rules.offensive_threat
            return ""
        raise ValueError(f"unknown trigger kind {kind!r}")

    # -- actors -------------------------------------------------------------------------------

    def side_strength(self, side: int) -> float:
        """Effective fighters of one side."""
        return sum(a.strength for a in self.armed_actors if a.side == side)

    def _perceive_threat(self, present: np.ndarray, mobilised: np.ndarray) -> float:
        government, rebels = self.side_strength(GOVERNMENT), self.side_strength(REBEL)
        balance = rebels / (government + rebels) if government + rebels > 0 else 0.0
        opposed = present[self.non_ruling].sum()
        support = mobilised[self.non_ruling].sum() / opposed if opposed > 0 else 0.0
        self.regime.update_legitimacy(self.params.threat)
        self.regime.perceive_threat(balance, support, self.params.threat)
        self.regime.threat *= self.modifiers.threat_factor
        return self.regime.threat

    def _situation(self, actor: ArmedActor, exposure: np.ndarray, present: np.ndarray) -> Situation:
        regime, rules = self.regime, self.params.decision
        targets = present[actor.target].sum() if actor.target >= 0 else 0.0
        capable = targets > 0 and actor.strength >= rules.capacity_floor * targets / 1000.0
        if actor.side == REBEL:
            memory = self.params.threat.rebel_memory_weeks
            recent = self.ledger.deaths[max(0, self.steps - memory) : self.steps]
            killed = recent[:, self.ledger.actor_sides == GOVERNMENT, actor.group].sum()
            share = killed / self.initial_persons[actor.group]
            return Situation(
                threat=self.params.threat.rebel_threat_per_death * share,
                ideology=actor.ideology,
                exposure=float(exposure[actor.group]),
                expected_cost=self.attention + self.modifiers.expected_cost,
                constraint=0.0,
                prior_atrocity=False,
                upheaval=0.0,
                capable=bool(capable),
            )
        constraint = 0.0
        if actor.kind == "state_forces":
            constraint = {
                "democracy": rules.democracy_constraint,
                "anocracy": rules.anocracy_constraint,
                "autocracy": 0.0,
            }[regime.spec.regime_type]
        return Situation(
            threat=regime.threat,
            ideology=max(regime.spec.ideology, actor.ideology),
            exposure=float(exposure[self.ruling]),
            expected_cost=regime.expected_cost(self.attention)
            + self.modifiers.expected_cost * regime.spec.cost_sensitivity,
            constraint=constraint,
            prior_atrocity=regime.spec.prior_atrocity,
            upheaval=regime.spec.upheaval,
            capable=bool(capable),
            entrenchment=self.modifiers.entrenchment,
        )

    def _choose_target(self, actor: ArmedActor, present: np.ndarray, mobilised: np.ndarray) -> int:
        if actor.side == REBEL:
            return self.ruling
        candidates = np.flatnonzero(self.non_ruling)
        support = mobilised[candidates].sum(axis=1)
        size = present[candidates].sum(axis=1)
        return int(candidates[np.lexsort((-size, -support))[0]])

    def _decide(self, present: np.ndarray, mobilised: np.ndarray, exposure: np.ndarray) -> None:
        gumbel = self.decision_rng.gumbel(size=(len(self.armed_actors), len(Action)))
        for actor, noise in zip(self.armed_actors, gumbel, strict=True):
            actor.target = self._choose_target(actor, present, mobilised)
            situation = self._situation(actor, exposure, present)
            utilities = action_utilities(situation, actor.action, self.params.decision)
            actor.action = choose(utilities, noise, self.params.decision)

    def _deploy_all(self) -> None:
        present = self.census[:, :, PRESENT_SLICE].sum(axis=2)
        mobilised = self.census[:, :, MOBILISED]
        total = present.sum(axis=0)
        rebel_presence = sum(
            (a.deployment for a in self.armed_actors if a.side == REBEL),
            np.zeros(self.country.n_districts),
        )
        garrison, pull = self.params.violence.garrison_share, self.params.violence.support_pull
        for actor in self.armed_actors:
            own = present[actor.group]
            target = present[actor.target] if actor.target >= 0 else total
            if actor.action == Action.MASS:
                weights = target + garrison * total.mean()
            elif actor.kind == "state_forces":
                hostile = mobilised[self.non_ruling].sum(axis=0) + rebel_presence
                weights = total / max(total.sum(), 1.0) + (
                    hostile / hostile.sum() if hostile.sum() > 0 else 0.0
                )
            elif actor.kind == "militia":
                weights = own * (target + garrison * target.mean())
            else:
                share = np.divide(
                    mobilised[actor.group], own, out=np.zeros_like(own), where=own > 0
                )
                weights = own * (1.0 + pull * share)
            actor.deploy(weights)

    def _combat(self) -> set[str]:
        """Fighters of the two sides in the same district wear each other down.

        Losses of each side are proportional to the enemy's effective fighters in the district
        (Lanchester's aimed-fire law). Returns the names of the actors that fought.
        """
        rules = self.params.violence
        boost = 1.0 + (rules.offensive_boost if self.offensive_weeks_left else 0.0)
        strength = {
            side: [
                a.deployment * a.cohesion * a.arms * (boost if side == REBEL else 1.0)
                for a in self.armed_actors
                if a.side == side
            ]
            for side in (GOVERNMENT, REBEL)
        }
        if not strength[GOVERNMENT] or not strength[REBEL]:
            return set()
        totals = {side: np.sum(strength[side], axis=0) for side in strength}
        contested = (totals[GOVERNMENT] > 0) & (totals[REBEL] > 0)
        if not contested.any():
            return set()
        fought = set()
        for side, enemy in ((GOVERNMENT, REBEL), (REBEL, GOVERNMENT)):
            losses = np.where(contested, rules.combat_rate * totals[enemy], 0.0)
            actors = [a for a in self.armed_actors if a.side == side]
            for actor, own in zip(actors, strength[side], strict=True):
                share = np.divide(own, totals[side], out=np.zeros_like(own), where=totals[side] > 0)
                if (losses * share).sum() > 0:
                    fought.add(actor.name)
                actor.lose(losses * share)
        return fought

    def _violence(self, census: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Kill civilians according to this week's choices.

        Returns:
            (actors, groups) persons killed by each actor, and (groups, districts) persons killed.
        """
        rules = self.params.violence
        n_groups, n_districts, _ = census.shape
        rates = np.zeros((len(self.armed_actors), n_groups, n_districts, N_STATUS))
        present_cells = list(PRESENT)
        for a, actor in enumerate(self.armed_actors):
            if actor.action == Action.RESTRAINT or actor.target < 0:
                continue
            effective = actor.deployment * actor.cohesion * actor.arms
            g = actor.target
            if actor.action == Action.MASS:
                targets = census[g][:, present_cells].sum(axis=1)
                lethality, statuses = rules.lethality_mass, present_cells
            else:
                targets = census[g][:, MOBILISED]
                lethality, statuses = rules.lethality_selective, [MOBILISED]
            expected = lethality * effective * targets / (targets + rules.target_saturation)
            expected *= (1.0 - self.modifiers.protection[actor.side]) * (
                self.modifiers.kill_multiplier
            )
            per_person = np.divide(expected, targets, out=np.zeros(n_districts), where=targets > 0)
            rates[a, g][:, statuses] += per_person[:, None]
        probability = np.minimum(rates.sum(axis=0), 1.0)
        population = self.population
        killed, statuses = population.kill(probability, self.violence_rng)
        deaths = np.zeros((len(self.armed_actors), n_groups))
        deaths_by_cell = np.zeros((n_groups, n_districts))
        if killed.size:
            key = population.cell[killed] * N_STATUS + statuses
            flat = rates.reshape(len(self.armed_actors), -1)[:, key]  # (actors, killed)
            cumulative = np.cumsum(flat, axis=0) / flat.sum(axis=0)
            draws = self.attribution_rng.random(killed.size)
            perpetrator = np.minimum((cumulative < draws).sum(axis=0), len(self.armed_actors) - 1)
            weights = population.weight[killed].astype(np.float64)
            groups = population.group[killed].astype(np.int64)
            np.add.at(deaths, (perpetrator, groups), weights)
            deaths_by_cell = np.bincount(
                population.cell[killed], weights=weights, minlength=n_groups * n_districts
            ).reshape(n_groups, n_districts)
        return deaths, deaths_by_cell

    # -- civilians ----------------------------------------------------------------------------

    def _update_civilians(
        self, present: np.ndarray, mobilised: np.ndarray, deaths_by_cell: np.ndarray
    ) -> None:
        population, rules = self.population, self.params.civilians
        per_thousand = np.divide(
            1000.0 * deaths_by_cell, present, out=np.zeros_like(present), where=present > 0
        )
        self.danger = (1.0 - rules.fear_decay) * self.danger + per_thousand

        intensity = np.zeros(population.n_groups)
        self.propaganda = (
            self.regime.propaganda_intensity(self.params.threat) * self.modifiers.propaganda_factor
        )
        intensity[self.ruling] = self.propaganda
        grievance_factor = (
            self.hardship
            * max(0.0, 1.0 + self.regime.hardship_shock + self.modifiers.hardship)
            * (1.0 - self.group_legitimacy())
        )
        population.weekly_rules(  # fear, exposure, grievance, mobilisation (7.8-7.10)
            per_thousand,
            intensity,
            self.modifiers.exposure_decay,
            grievance_factor,
            self.non_ruling.astype(float),
            np.where(self.non_ruling, 0.0, rules.exposure_weight),
            self.perceived_risk(mobilised),
            rules,
        )
        neighbours = self.stakeholders["neighbours"]
        open_border = neighbours.borders_open(self.census[:, :, FLED].sum())
        population.move(self._safest_destinations(), self.country.border & open_border, rules)

    def group_legitimacy(self) -> np.ndarray:
        """(groups,) legitimacy of the regime in each group's eyes.

        Non-ruling groups discount it by the regime's exclusion; each group discounts it further
        by the share of its members killed by government-side actors.
        """
        regime = self.regime
        legitimacy = np.full(len(self.group_names), regime.legitimacy)
        legitimacy[self.non_ruling] *= 1.0 - regime.spec.exclusion
        legitimacy[self.non_ruling] += self.modifiers.legitimacy
        killed = self.ledger.deaths[:, self.ledger.actor_sides == GOVERNMENT].sum(axis=(0, 1))
        share = killed / self.initial_persons
        loss = self.params.civilians.victimisation_legitimacy_loss * share
        return np.clip(legitimacy - loss, 0.0, 1.0)

    def perceived_risk(self, mobilised: np.ndarray) -> np.ndarray:
        """(groups, districts) Epstein's P = 1 - exp(-k C/A) of mobilising.

        C is the opposing side's effective fighters in the district times their deterrence
        reach; A is the group's mobilised persons there plus the person deciding (so P does not
        depend on how many persons a row stands for).
        """
        rules = self.params.civilians
        opposing = np.zeros_like(mobilised)
        for side in (GOVERNMENT, REBEL):
            fighters = sum(
                (a.deployment * a.cohesion * a.arms for a in self.armed_actors if a.side == side),
                np.zeros(self.country.n_districts),
            )
            against = self.non_ruling if side == GOVERNMENT else ~self.non_ruling
            opposing[against] += fighters
        ratio = rules.deterrence_reach * opposing / (mobilised + 1.0)
        return 1.0 - np.exp(-rules.arrest_k * ratio)

    def _safest_destinations(self) -> np.ndarray:
        """(groups, districts) the least dangerous of each district and its neighbours."""
        danger = np.where(self.modifiers.safe_areas, 0.0, self.danger)  # safe areas attract
        options = self._move_options  # (districts, 1 + most neighbours): self first, then them
        choice = np.argmin(danger[:, options], axis=2)  # first minimum: stay on ties
        return options[self._district_index, choice]

    def _recruit_and_resupply(self, mobilised: np.ndarray, fought: set[str]) -> None:
        rules, modifiers = self.params.violence, self.modifiers
        for actor in self.armed_actors:
            if actor.kind != "state_forces":
                boost = 1.0 + (modifiers.rebel_emboldening if actor.side == REBEL else 0.0)
                actor.personnel += rules.recruitment * boost * mobilised[actor.group].sum()
                if actor.side == REBEL:
                    camps = self.census[actor.group, :, FLED].sum()
                    actor.personnel += self.stakeholders["neighbours"].camp_recruitment * camps
                actor.personnel *= 1.0 - modifiers.demobilisation
            if actor.side == GOVERNMENT and modifiers.government_attrition > 0:
                actor.lose(actor.deployment * modifiers.government_attrition)
            used = rules.arms_use if (actor.name in fought or actor.action == Action.MASS) else 0.0
            actor.resupply(used, modifiers.arms_inflow[actor.side])

    # -- records ------------------------------------------------------------------------------

    def _record(self, week: int, threat: float, exposure: np.ndarray, deaths: np.ndarray) -> None:
        census = self.census
        self.massacres += int(deaths.sum() >= MASSACRE_DEATHS)
        present = census[:, :, PRESENT_SLICE].sum()
        self.records.append(
            {
                "week": week,
                "alive": float(present),
                "mobilised": float(census[:, :, MOBILISED].sum()),
                "displaced": float(census[:, :, DISPLACED].sum()),
                "refugees": float(census[:, :, FLED].sum()),
                "killed": float(census[:, :, KILLED].sum()),
                "deaths_week": float(deaths.sum()),
                "threat": threat,
                "legitimacy": self.regime.legitimacy,
                "propaganda": self.propaganda,
                "exposure_ruling_group": float(exposure[self.ruling]),
                "government_fighters": sum(
                    a.personnel for a in self.armed_actors if a.side == GOVERNMENT
                ),
                "rebel_fighters": sum(a.personnel for a in self.armed_actors if a.side == REBEL),
                "actors_mass_violence": sum(a.action == Action.MASS for a in self.armed_actors),
                "actors_repressing": sum(a.action == Action.SELECTIVE for a in self.armed_actors),
                "atrocity": self.ledger.atrocity is not None,
                "mobilised_share": float(
                    census[self.non_ruling][:, :, MOBILISED].sum()
                    / max(census[self.non_ruling][:, :, PRESENT_SLICE].sum(), 1.0)
                ),
                "massacres": self.massacres,
                "attention": self.attention,
                "peacekeepers": float(self.modifiers.peacekeepers.sum()),
                "money_spent": self.money_spent,
            }
        )


def _give_vote_streams(steps: list[Step], parent: np.random.SeedSequence) -> None:
    """Give each step its own Council-vote stream, keyed by (kind, occurrence of that kind).

    The n-th step of a kind meets the same draws under every strategy that has it, so votes
    are paired across strategies (common random numbers) whatever else the strategy contains.
    """
    kinds = list(STEP_NAMES)
    seen: dict[str, int] = {}
    for step in steps:
        occurrence = seen.get(step.name, 0)
        seen[step.name] = occurrence + 1
        key = (*parent.spawn_key, 1 + kinds.index(step.name), occurrence)
        step.vote_rng = np.random.default_rng(np.random.SeedSequence(parent.entropy, spawn_key=key))


def _move_options(neighbours: list[np.ndarray]) -> np.ndarray:
    """(districts, 1 + most neighbours): each district, then its neighbours, padded with itself.

    Padding with the district itself leaves the first minimum of danger unchanged.
    """
    width = 1 + max((n.size for n in neighbours), default=0)
    options = np.repeat(np.arange(len(neighbours))[:, None], width, axis=1)
    for d, around in enumerate(neighbours):
        options[d, 1 : 1 + around.size] = around
    return options

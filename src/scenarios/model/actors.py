"""The few actors that decide, as Mesa agents: the regime and the armed actors.

Each acts in its own ``step()``, which the model calls through Mesa's ``AgentSet`` in the week's
order (docs/model.md, section 3): the regime perceives the threat it faces (7.2), then each
armed actor chooses its target and its action (7.3). What they read of the week (the census at
its start, the groups' exposure, this week's choice noise) is the model's :class:`WeekStart`.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, SIDES
from scenarios.config.behaviour import ThreatRules
from scenarios.config.scenario import ActorSpec, RegimeSpec
from scenarios.model import decisions, escalation, perception
from scenarios.model.decisions import Action
from scenarios.model.forces import ArmedForces

if TYPE_CHECKING:
    from scenarios.model.model import CountryModel

__all__ = ["GOVERNMENT", "REBEL", "SIDES", "Action", "ArmedActor", "Regime", "WeekStart"]


@dataclass(frozen=True)
class WeekStart:
    """What the actors read at the start of a week.

    Attributes:
        present: (groups, districts) persons present (the census at the start of the week).
        mobilised: (groups, districts) persons mobilised.
        exposure: (groups,) mean propaganda exposure of each group's present members.
        noise: (actors,) this week's standard normal draws of the armed actors' escalation
            pressure.
    """

    present: np.ndarray
    mobilised: np.ndarray
    exposure: np.ndarray
    noise: np.ndarray


def _row(field: str, kind: type) -> property:
    """A property reading and writing this actor's entry of the forces' array ``field``."""

    def get(self: "ArmedActor"):
        return kind(getattr(self.forces, field)[self.position])

    def set(self: "ArmedActor", value) -> None:
        getattr(self.forces, field)[self.position] = value

    return property(get, set, doc=f"This actor's {field} (its row of the forces).")


class ArmedActor(mesa.Agent):
    """An armed actor: state security forces, a pro-government militia or a rebel group.

    Its numbers are its row of the model's :class:`~scenarios.model.forces.ArmedForces` (which
    the compiled mechanisms update); the attributes below read and write that row.

    Attributes:
        name, kind: from the scenario.
        side: GOVERNMENT or REBEL.
        group: index of the identity group it recruits from.
        position: its row among the model's armed forces (and of the week's noise).
        personnel: fighters (float, persons).
        arms: arms per fighter relative to full equipment, 0-1.
        arms_inflow: resupply per week, share of full equipment.
        cohesion: share of fighters who carry out orders, 0-1.
        ideology: exclusionary ideology of its leaders, 0-1.
        deployment: (districts,) fighters by district.
        action: this week's rung of the ladder; ``target``: the civilian group it acts against.
        ladder: its :class:`~scenarios.model.escalation.Ladder` (its leadership's threshold is
            drawn once per replication).
    """

    model: "CountryModel"

    def __init__(
        self,
        model: "CountryModel",
        spec: ActorSpec,
        forces: ArmedForces,
        position: int,
        log_threshold: float,
    ):
        super().__init__(model)
        self.ladder = escalation.Ladder(log_threshold)
        self.name = spec.name
        self.kind = spec.kind
        self.forces = forces
        self.position = position
        self.side = int(forces.side[position])
        self.group = int(forces.group[position])

    personnel = _row("personnel", float)
    arms = _row("arms", float)
    arms_inflow = _row("arms_inflow", float)
    cohesion = _row("cohesion", float)
    ideology = _row("ideology", float)
    target = _row("target", int)
    action = _row("action", Action)

    @property
    def deployment(self) -> np.ndarray:
        """(districts,) fighters by district (a view of the forces' row)."""
        return self.forces.deployment[self.position]

    @deployment.setter
    def deployment(self, value: np.ndarray) -> None:
        self.forces.deployment[self.position] = value

    @property
    def strength(self) -> float:
        """Effective fighters: personnel x cohesion x arms."""
        return self.personnel * self.cohesion * self.arms

    @property
    def effective_deployment(self) -> np.ndarray:
        """(districts,) effective fighters by district: deployment x cohesion x arms."""
        return self.deployment * self.cohesion * self.arms

    def step(self) -> None:
        """Choose this week's target, then move on the escalation ladder (docs/model.md 7.3)."""
        model, week = self.model, self.model.week_start
        rules = model.params.escalation
        self.target = decisions.choose_target(
            self.side, model.ruling, model.non_ruling, week.present, week.mobilised
        )
        targets = float(week.present[self.target].sum()) if self.target >= 0 else 0.0
        strength = perception.side_strength(model.forces, self.side)
        able = escalation.capacity(strength, targets, rules)
        if self.side == REBEL:
            threat, log_terms, entrenchment = self._rebel_terms(able, rules)
        else:
            threat, log_terms = self._government_terms(able, rules)
            entrenchment = model.modifiers.entrenchment
        escalation.update(
            self.ladder, threat, log_terms, float(week.noise[self.position]), rules, entrenchment
        )
        self.action = self.ladder.rung
        self.forces.campaign[self.position] = self.ladder.campaign

    def _force_present(self, perpetrator_side: int) -> float:
        """Outside force the actor faces: mean protection against its side over the persons
        it targets, plus a military intervention's intensity."""
        model = self.model
        at_risk = model.week_start.present[self.target] if self.target >= 0 else None
        if at_risk is None or at_risk.sum() <= 0:
            protected = 0.0
        else:
            protection = model.modifiers.protection[perpetrator_side]
            protected = float((protection * at_risk).sum() / at_risk.sum())
        force = protected + (model.modifiers.force if perpetrator_side == GOVERNMENT else 0.0)
        return model.params.escalation.force_weight * force

    def _rebel_terms(self, able: float, rules) -> tuple[float, float, float]:
        """A rebel group's threat (the share of its group the government side killed lately:
        revenge and self-defence) and the log of its pressure's other terms."""
        model = self.model
        killed = perception.recent_share_killed_by_government(
            model.ledger,
            self.group,
            model.week,
            model.params.threat.rebel_memory_weeks,
            model.initial_persons,
        )
        terms = escalation.Pressure(
            disposition=escalation.disposition(
                self.ideology, float(model.week_start.exposure[self.group]), rules
            ),
            structure=1.0,
            capacity=able,
            cost=model.attention + model.modifiers.expected_cost + self._force_present(REBEL),
            restraint=0.0,
        )
        threat = model.params.threat.rebel_threat_per_death * killed
        return threat, terms.log(rules.cost_weight), 0.0

    def _government_terms(self, able: float, rules) -> tuple[float, float]:
        """The regime's threat and the log of the pressure's other terms: the regime's for
        state forces; for a militia, a blend of the regime's and its own (its ideology if
        stronger, no institutional restraint), weighted by ``militia_autonomy``."""
        model, regime = self.model, self.model.regime
        spec = regime.spec
        sensitivity = spec.cost_sensitivity
        cost = regime.expected_cost(model.attention) + sensitivity * (
            model.modifiers.expected_cost + self._force_present(GOVERNMENT)
        )
        exposure = float(model.week_start.exposure[model.ruling])
        structure = (
            1.0 + rules.prior_factor * spec.prior_atrocity + rules.upheaval_factor * (spec.upheaval)
        )
        regime_terms = escalation.Pressure(
            disposition=escalation.disposition(spec.ideology, exposure, rules),
            structure=structure,
            capacity=able,
            cost=cost,
            restraint=escalation.restraint(spec.regime_type, rules),
        ).log(rules.cost_weight)
        if self.kind != "militia":
            return regime.threat, regime_terms
        own = escalation.Pressure(
            disposition=escalation.disposition(max(spec.ideology, self.ideology), exposure, rules),
            structure=structure,
            capacity=able,
            cost=cost,
            restraint=0.0,
        ).log(rules.cost_weight)
        autonomy = rules.militia_autonomy
        if regime_terms == -math.inf or own == -math.inf:
            return regime.threat, -math.inf
        return regime.threat, (1.0 - autonomy) * regime_terms + autonomy * own


class Regime(mesa.Agent):
    """The regime and its elites: type, legitimacy, ideology, threat perception, propaganda.

    Attributes:
        spec: the scenario's regime section (fixed traits).
        ruling_group: index of the group the elite comes from.
        minority_elite: whether that group is a minority.
        threat: threat perceived this week.
        g0: the government side's effective strength at week 0, against which the rebels'
            strength is weighed.
        threat_shock, propaganda_shock, hardship_shock: decaying effects of triggers.
        legitimacy: current legitimacy in the eyes of the ruling group.
    """

    model: "CountryModel"

    def __init__(
        self, model: "CountryModel", spec: RegimeSpec, ruling_group: int, ruling_share: float
    ):
        super().__init__(model)
        self.spec = spec
        self.ruling_group = ruling_group
        self.minority_elite = ruling_share < 0.5
        self.threat = 0.0
        self.threat_shock = 0.0
        self.propaganda_shock = 0.0
        self.hardship_shock = 0.0
        self.legitimacy = spec.legitimacy
        self.g0 = 0.0  # the government side's effective strength at week 0 (set by the model)

    def step(self) -> None:
        """Perceive this week's threat (docs/model.md 7.2), after mediation's factor."""
        model, week = self.model, self.model.week_start
        rebels = perception.side_strength(model.forces, REBEL)
        government = perception.side_strength(model.forces, GOVERNMENT)
        support = perception.civilian_support(week.present, week.mobilised, model.non_ruling)
        self.update_legitimacy(model.params.threat)
        self.perceive_threat(rebels, government, support, model.params.threat)
        self.threat *= model.modifiers.threat_factor

    def perceive_threat(
        self, rebels: float, government: float, support: float, rules: ThreatRules
    ) -> float:
        """Threat from the rebels' strength against the government side's strength at the
        start (``g0``), their civilian support and trigger shocks; with ``weakness_threat``
        (a backfire setting, off by default) also from the strength the government side lost.
        """
        both = rebels + self.g0
        threat = (
            rules.insurgency_weight * (rebels / both if both > 0 else 0.0)
            + rules.support_weight * support
            + self.threat_shock
        )
        if rules.weakness_threat > 0 and self.g0 > 0:
            threat += rules.weakness_threat * max(0.0, 1.0 - government / self.g0)
        if self.minority_elite:
            threat *= 1.0 + rules.minority_elite_factor
        self.threat = threat
        return threat

    def update_legitimacy(self, rules: ThreatRules) -> None:
        """Legitimacy falls with economic shocks and recovers as they fade."""
        loss = rules.economic_shock_legitimacy * self.hardship_shock
        self.legitimacy = min(1.0, max(0.0, float(self.spec.legitimacy - loss)))

    def propaganda_intensity(self, rules: ThreatRules) -> float:
        """Intensity of dehumanising propaganda aimed at the ruling group this week, 0-1."""
        escalation = self.spec.ideology * rules.propaganda_threat_response * self.threat
        return float(min(1.0, self.spec.propaganda + self.propaganda_shock + escalation))

    def expected_cost(self, attention: float) -> float:
        """Expected outside cost of mass violence (Harff: trade openness; Krain: attention)."""
        return attention * self.spec.cost_sensitivity * (0.5 + self.spec.trade_openness)

    def decay_shocks(self, rules: ThreatRules) -> None:
        """Trigger shocks fade geometrically."""
        keep = 1.0 - rules.shock_decay
        self.threat_shock *= keep
        self.propaganda_shock *= keep
        self.hardship_shock *= keep

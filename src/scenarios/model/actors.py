"""The few actors that decide, as Mesa agents: the regime and the armed actors.

Each acts in its own ``step()``, which the model calls through Mesa's ``AgentSet`` in the week's
order (docs/model.md, section 3): the regime perceives the threat it faces (7.2), then each
armed actor chooses its target and its action (7.3). What they read of the week (the census at
its start, the groups' exposure, this week's choice noise) is the model's :class:`WeekStart`.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL, SIDES
from scenarios.config.behaviour import ThreatRules
from scenarios.config.scenario import ActorSpec, RegimeSpec
from scenarios.model import decisions, perception
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
        noise: (actors, actions) this week's Gumbel draws of the armed actors' choices.
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
        action: this week's choice; ``target``: the civilian group it acts against.
    """

    model: "CountryModel"

    def __init__(self, model: "CountryModel", spec: ActorSpec, forces: ArmedForces, position: int):
        super().__init__(model)
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
        """Choose this week's target and action (docs/model.md 7.3)."""
        model, week = self.model, self.model.week_start
        rules = model.params.decision
        self.target = decisions.choose_target(
            self.side, model.ruling, model.non_ruling, week.present, week.mobilised
        )
        targets = week.present[self.target].sum() if self.target >= 0 else 0.0
        able = decisions.capable(self.strength, targets, rules)
        if self.side == REBEL:
            killed = perception.recent_share_killed_by_government(
                model.ledger,
                self.group,
                model.week,
                model.params.threat.rebel_memory_weeks,
                model.initial_persons,
            )
            situation = decisions.rebel_situation(
                self.ideology,
                float(week.exposure[self.group]),
                killed,
                model.attention + model.modifiers.expected_cost,
                able,
                model.params.threat,
            )
        else:
            regime = model.regime
            situation = decisions.government_situation(
                threat=regime.threat,
                ideology=max(regime.spec.ideology, self.ideology),
                exposure=float(week.exposure[model.ruling]),
                expected_cost=regime.expected_cost(model.attention),
                constraint=decisions.institutional_constraint(
                    self.kind, regime.spec.regime_type, rules
                ),
                prior_atrocity=regime.spec.prior_atrocity,
                upheaval=regime.spec.upheaval,
                is_capable=able,
                modifiers=model.modifiers,
                cost_sensitivity=regime.spec.cost_sensitivity,
            )
        utilities = decisions.action_utilities(situation, self.action, rules)
        self.action = decisions.choose(utilities, week.noise[self.position], rules)


class Regime(mesa.Agent):
    """The regime and its elites: type, legitimacy, ideology, threat perception, propaganda.

    Attributes:
        spec: the scenario's regime section (fixed traits).
        ruling_group: index of the group the elite comes from.
        minority_elite: whether that group is a minority.
        threat: threat perceived this week.
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

    def step(self) -> None:
        """Perceive this week's threat (docs/model.md 7.2), after mediation's factor."""
        model, week = self.model, self.model.week_start
        balance = perception.rebel_balance(model.forces)
        support = perception.civilian_support(week.present, week.mobilised, model.non_ruling)
        self.update_legitimacy(model.params.threat)
        self.perceive_threat(balance, support, model.params.threat)
        self.threat *= model.modifiers.threat_factor

    def perceive_threat(self, rebel_balance: float, support: float, rules: ThreatRules) -> float:
        """Threat from the rebels' share of fighting strength and their civilian support."""
        threat = (
            rules.balance_weight * rebel_balance
            + rules.support_weight * support
            + self.threat_shock
        )
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

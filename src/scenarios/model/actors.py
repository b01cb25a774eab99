"""The few actors that decide, as Mesa agents: armed actors and the regime.

Armed actors choose each week among restraint, selective repression and mass violence against
a civilian group, following the strategic logic of mass killing (Valentino 2004): leaders turn
to it against threats they believe they cannot meet otherwise, when they hold an exclusionary
ideology and expect little cost, and only if they have the capacity.
"""

from dataclasses import dataclass
from enum import IntEnum

import mesa
import numpy as np

from scenarios.config.behaviour import DecisionRules, ThreatRules
from scenarios.config.scenario import ActorSpec, RegimeSpec


class Action(IntEnum):
    """What an armed actor does this week."""

    RESTRAINT = 0
    SELECTIVE = 1
    MASS = 2


GOVERNMENT, REBEL = 0, 1
SIDES = ("government", "rebel")


@dataclass(frozen=True)
class Situation:
    """What an armed actor weighs when it chooses, all in model units.

    Attributes:
        threat: perceived threat (0 = none; about 1 = existential).
        ideology: exclusionary ideology of its leaders, 0-1.
        exposure: mean propaganda exposure of its own group, 0-1.
        expected_cost: expected outside cost of mass violence.
        constraint: institutional constraint against mass violence (utility).
        prior_atrocity: whether the country has a prior atrocity.
        upheaval: political upheaval, 0-1.
        capable: whether it has the capacity to mount mass violence.
        entrenchment: extra commitment to a campaign already begun (e.g. after an ICC referral).
    """

    threat: float
    ideology: float
    exposure: float
    expected_cost: float
    constraint: float
    prior_atrocity: bool
    upheaval: float
    capable: bool
    entrenchment: float = 0.0


def action_utilities(situation: Situation, previous: Action, rules: DecisionRules) -> np.ndarray:
    """Utilities of (restraint, selective repression, mass violence).

    Restraint is the zero point. Mass violence is additive in risk factors, minus expected cost,
    institutional constraint and a fixed barrier; an actor without capacity cannot choose it.
    Continuing last week's action earns ``rules.commitment``, or ``rules.campaign_commitment``
    for a campaign of mass violence.
    """
    s = situation
    selective = rules.threat_weight_selective * s.threat - rules.barrier_selective
    mass = (
        rules.threat_weight_mass * s.threat
        + rules.ideology_weight * s.ideology
        + rules.exposure_weight * s.exposure
        + rules.prior_atrocity_weight * s.prior_atrocity
        + rules.upheaval_weight * s.upheaval
        - rules.cost_weight * s.expected_cost
        - s.constraint
        - rules.barrier_mass
    )
    utilities = np.array([0.0, selective, mass])
    utilities[int(previous)] += (
        rules.campaign_commitment + s.entrenchment if previous == Action.MASS else rules.commitment
    )
    if not s.capable:
        utilities[Action.MASS] = -np.inf
    return utilities


def choose(utilities: np.ndarray, gumbel: np.ndarray, rules: DecisionRules) -> Action:
    """Random-utility choice: the action with the highest utility + noise x Gumbel draw."""
    return Action(int(np.argmax(utilities + rules.noise * gumbel)))


class ArmedActor(mesa.Agent):
    """An armed actor: state security forces, a pro-government militia or a rebel group.

    Attributes:
        name, kind: from the scenario.
        side: GOVERNMENT or REBEL.
        group: index of the identity group it recruits from.
        personnel: fighters (float, persons).
        arms: arms per fighter relative to full equipment, 0-1.
        arms_inflow: resupply per week, share of full equipment.
        cohesion: share of fighters who carry out orders, 0-1.
        ideology: exclusionary ideology of its leaders, 0-1.
        deployment: (districts,) fighters by district.
        action: this week's choice; ``target``: the civilian group it acts against.
    """

    def __init__(self, model: mesa.Model, spec: ActorSpec, group: int, n_districts: int):
        super().__init__(model)
        self.name = spec.name
        self.kind = spec.kind
        self.side = REBEL if spec.kind == "rebel" else GOVERNMENT
        self.group = group
        self.personnel = float(spec.personnel)
        self.arms = spec.arms
        self.arms_inflow = spec.arms_inflow
        self.cohesion = spec.cohesion
        self.ideology = spec.ideology
        self.deployment = np.zeros(n_districts)
        self.action = Action.RESTRAINT
        self.target = -1

    @property
    def strength(self) -> float:
        """Effective fighters: personnel x cohesion x arms."""
        return self.personnel * self.cohesion * self.arms

    def deploy(self, weights: np.ndarray) -> None:
        """Spread personnel over districts in proportion to ``weights`` (uniform if all 0)."""
        total = weights.sum()
        share = weights / total if total > 0 else np.full(len(weights), 1.0 / len(weights))
        self.deployment = self.personnel * share

    def lose(self, losses_by_district: np.ndarray) -> None:
        """Remove fighters put out of action, district by district."""
        losses = np.minimum(losses_by_district, self.deployment)
        self.deployment = self.deployment - losses
        self.personnel = max(0.0, self.personnel - float(losses.sum()))

    def resupply(self, used: float, inflow_factor: float = 1.0) -> None:
        """Arms used up this week and resupplied from outside (times ``inflow_factor``, e.g.
        what leaks past an embargo), kept in [0, 1]."""
        inflow = self.arms_inflow * inflow_factor
        self.arms = min(1.0, max(0.0, self.arms * (1.0 - used) + inflow))


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

    def __init__(self, model: mesa.Model, spec: RegimeSpec, ruling_group: int, ruling_share: float):
        super().__init__(model)
        self.spec = spec
        self.ruling_group = ruling_group
        self.minority_elite = ruling_share < 0.5
        self.threat = 0.0
        self.threat_shock = 0.0
        self.propaganda_shock = 0.0
        self.hardship_shock = 0.0
        self.legitimacy = spec.legitimacy

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

"""The escalation ladder (docs/model.md 7.3): restraint, selective repression, mass violence.

Leaders escalate by stages (Straus 2015). An actor turns to selective repression when the threat
it perceives (smoothed over ``threat_memory_weeks``) reaches ``repression_threat``. Mass violence
becomes an option once repression has failed to reduce that threat (the failure memory ``f``),
or at once when the threat is extreme: leaders resort to it "to counter threats they cannot
meet otherwise" (Valentino 2004). Its weekly escalation pressure

    ln X = ln T + ln gate + ln D + ln H + ln K - cost_weight x C + ln(1 - restraint) + noise

(threat, the gate, disposition, structural risk, capacity, expected cost, institutional
restraint) sets the target intensity of a campaign, ``(ln X - ln threshold) / campaign_span``
clipped to 0-1. The leadership's threshold is drawn once per replication, so whether a country
crosses it is uncertain in a way no single constant decides. The campaign's intensity ramps up
over ``ramp_weeks`` and winds down over ``wind_down_weeks`` when the pressure falls; it
multiplies the killing rate of mass violence.

Everything here is plain functions over floats; :class:`~scenarios.model.actors.ArmedActor`
calls :func:`update` once a week.
"""

import math
from dataclasses import dataclass

import numpy as np

from scenarios.config.behaviour import EscalationRules
from scenarios.model.decisions import Action


@dataclass
class Ladder:
    """One actor's place on the ladder.

    Attributes:
        rung: this week's :class:`Action`.
        threat_bar: threat as the leaders perceive it (smoothed).
        threat_ref: ``threat_bar`` when repression began.
        failure: memory that repression has not reduced the threat, 0-1.
        campaign: intensity of a campaign of mass violence, 0-1.
        pressure: this week's escalation pressure X (0 while mass violence is not an option).
        log_threshold: log of the leadership's threshold (drawn once per replication).
    """

    log_threshold: float
    rung: Action = Action.RESTRAINT
    threat_bar: float = 0.0
    threat_ref: float = 0.0
    failure: float = 0.0
    campaign: float = 0.0
    pressure: float = 0.0


@dataclass(frozen=True)
class Pressure:
    """The terms of an actor's escalation pressure other than threat and gate (all >= 0).

    Attributes:
        disposition: D, exclusionary ideology and exposure to hate propaganda.
        structure: H, structural risk (prior atrocity, upheaval).
        capacity: K, the side's strength against the targets, 0-1.
        cost: C, expected outside cost of mass violence.
        restraint: share of pressure institutions remove, 0-1.
    """

    disposition: float
    structure: float
    capacity: float
    cost: float
    restraint: float

    def log(self, cost_weight: float) -> float:
        """ln D + ln H + ln K - cost_weight x C + ln(1 - restraint); -inf if any is 0."""
        if min(self.disposition, self.structure, self.capacity, 1.0 - self.restraint) <= 0:
            return -math.inf
        return (
            math.log(self.disposition)
            + math.log(self.structure)
            + math.log(self.capacity)
            - cost_weight * self.cost
            + math.log(1.0 - self.restraint)
        )


def capacity(strength: float, targets: float, rules: EscalationRules) -> float:
    """K = Q / (Q + capacity_half x targets / 1,000): 0 without fighters, near 1 with many."""
    if strength <= 0 or targets <= 0:
        return 0.0
    return strength / (strength + rules.capacity_half * targets / 1000.0)


def restraint(regime_type: str, rules: EscalationRules) -> float:
    """Share of state forces' pressure that the regime's institutions remove (Harff 2003:
    autocracy is a risk factor; democracy's further restraint is an assumption)."""
    if regime_type == "autocracy":
        return 0.0
    non_autocracy = rules.restraint_non_autocracy
    if regime_type == "anocracy":
        return non_autocracy
    return non_autocracy + rules.restraint_democracy * (1.0 - non_autocracy)


def disposition(ideology: float, exposure: float, rules: EscalationRules) -> float:
    """D = disposition_floor + ideology + exposure_weight x exposure."""
    return rules.disposition_floor + ideology + rules.exposure_weight * exposure


def extreme(threat_bar: float, rules: EscalationRules) -> float:
    """How far the threat is beyond ``extreme_threat``, 0-1 over half that value again."""
    x = (threat_bar - rules.extreme_threat) / (0.5 * rules.extreme_threat)
    return min(1.0, max(0.0, x))


def update(
    ladder: Ladder,
    threat: float,
    log_terms: float,
    noise: float,
    rules: EscalationRules,
    entrenchment: float = 0.0,
) -> Ladder:
    """Move ``ladder`` on by one week, in place, and return it.

    Args:
        ladder: the actor's ladder.
        threat: this week's threat to the actor.
        log_terms: ln of the pressure's other terms (:meth:`Pressure.log`, or a militia's blend).
        noise: this week's standard normal draw.
        rules: the ladder's parameters.
        entrenchment: lengthens the wind-down of a campaign by ``1 + entrenchment`` (an ICC
            referral's backfire setting).
    """
    previous = ladder.threat_bar
    ladder.threat_bar = previous + (threat - previous) / rules.threat_memory_weeks
    t = ladder.threat_bar
    x = extreme(t, rules)
    repressing = ladder.rung >= Action.SELECTIVE
    entered = not repressing and (t >= rules.repression_threat or x > 0)
    if entered:
        repressing = True
        ladder.threat_ref, ladder.failure = t, 0.0
    elif repressing:
        if (
            ladder.rung == Action.SELECTIVE
            and ladder.campaign < rules.campaign_min
            and t < rules.repression_threat * (1.0 - rules.hysteresis)
        ):
            repressing = False
            ladder.failure *= 1.0 - 1.0 / rules.patience_weeks
        else:
            drop = rules.required_drop
            ratio = t / ladder.threat_ref if ladder.threat_ref > 0 else 1.0
            failed = min(1.0, max(0.0, (ratio - (1.0 - drop)) / drop))
            ladder.failure += (failed - ladder.failure) / rules.patience_weeks
    else:
        ladder.failure *= 1.0 - 1.0 / rules.patience_weeks
    gate = max(ladder.failure, x)
    target = 0.0
    ladder.pressure = 0.0
    if repressing and gate > 0 and t > 0 and log_terms > -math.inf:
        log_pressure = math.log(t) + math.log(gate) + log_terms + rules.pressure_noise * noise
        ladder.pressure = math.exp(log_pressure)
        excess = (log_pressure - ladder.log_threshold) / rules.campaign_span
        target = min(1.0, max(0.0, excess))
    if target > ladder.campaign:
        ladder.campaign += (target - ladder.campaign) / rules.ramp_weeks
    else:
        wind_down = rules.wind_down_weeks * (1.0 + entrenchment)
        ladder.campaign += (target - ladder.campaign) / wind_down
    if ladder.campaign >= rules.campaign_min:
        ladder.rung = Action.MASS
    else:
        ladder.rung = Action.SELECTIVE if repressing else Action.RESTRAINT
    return ladder


def leadership_thresholds(
    kinds: list[str], rules: EscalationRules, rng: np.random.Generator
) -> list[float]:
    """Log thresholds of each actor's leadership, drawn once per replication.

    ``ln threshold = ln threshold_median + threshold_spread x z`` with z standard normal: one z
    for the regime (its state forces share it), then one per actor in the scenario's order. A
    militia's log threshold is the regime's and its own, weighted by ``militia_autonomy``.
    """
    regime, own = rng.standard_normal(), rng.standard_normal(len(kinds))
    centre, spread = math.log(rules.threshold_median), rules.threshold_spread
    a = rules.militia_autonomy
    logs = []
    for kind, z in zip(kinds, own, strict=True):
        if kind == "state_forces":
            z = regime
        elif kind == "militia":
            z = (1.0 - a) * regime + a * z
        logs.append(centre + spread * float(z))
    return logs

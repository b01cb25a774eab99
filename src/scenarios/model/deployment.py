"""Deployment (docs/model.md 7.4): where each armed actor puts its fighters this week.

An actor waging mass violence goes where its target group is (with a garrison everywhere);
otherwise state forces spread over the population and towards hostile districts, militias stay
among their own group near the target group, and rebels stay among their own group, drawn to
where it is mobilised.
"""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from scenarios.boundary.modifiers import REBEL
from scenarios.config.behaviour import ViolenceRules
from scenarios.model.decisions import Action


class Deployable(Protocol):
    """What deployment reads and sets of an armed actor."""

    kind: str
    side: int
    group: int
    target: int
    action: Action
    deployment: np.ndarray

    def deploy(self, weights: np.ndarray) -> None:
        """Spread personnel in proportion to ``weights``."""
        ...


def weights(
    actor: Deployable,
    present: np.ndarray,
    mobilised: np.ndarray,
    non_ruling: np.ndarray,
    rebel_presence: np.ndarray,
    rules: ViolenceRules,
    total: np.ndarray | None = None,
) -> np.ndarray:
    """(districts,) weights of the actor's deployment (any scale; ``deploy`` normalises);
    ``total`` is ``present.sum(axis=0)`` if already at hand."""
    total = present.sum(axis=0) if total is None else total
    own = present[actor.group]
    target = present[actor.target] if actor.target >= 0 else total
    garrison, pull = rules.garrison_share, rules.support_pull
    if actor.action == Action.MASS:
        return target + garrison * total.mean()
    if actor.kind == "state_forces":
        hostile = mobilised[non_ruling].sum(axis=0) + rebel_presence
        hostile_total = hostile.sum()
        return total / max(total.sum(), 1.0) + (
            hostile / hostile_total if hostile_total > 0 else 0.0
        )
    if actor.kind == "militia":
        return own * (target + garrison * target.mean())
    share = np.divide(mobilised[actor.group], own, out=np.zeros_like(own), where=own > 0)
    return own * (1.0 + pull * share)


def deploy_all(
    actors: Sequence[Deployable],
    present: np.ndarray,
    mobilised: np.ndarray,
    non_ruling: np.ndarray,
    rules: ViolenceRules,
) -> None:
    """Deploy every actor, in order; state forces go after where rebels were last week."""
    rebel_presence = sum(
        (a.deployment for a in actors if a.side == REBEL), np.zeros(present.shape[1])
    )
    total = present.sum(axis=0)
    for actor in actors:
        actor.deploy(weights(actor, present, mobilised, non_ruling, rebel_presence, rules, total))

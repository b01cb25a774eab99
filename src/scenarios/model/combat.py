"""Combat (docs/model.md 7.5): government and rebel fighters in the same district wear each
other down, by Lanchester's aimed-fire law."""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from scenarios.boundary.modifiers import GOVERNMENT, REBEL
from scenarios.config.behaviour import ViolenceRules


class Combatant(Protocol):
    """What combat reads and changes of an armed actor."""

    name: str
    side: int
    deployment: np.ndarray
    cohesion: float
    arms: float

    def lose(self, losses_by_district: np.ndarray) -> None:
        """Remove fighters put out of action."""
        ...


def fight(actors: Sequence[Combatant], offensive: bool, rules: ViolenceRules) -> set[str]:
    """Fight in every district both sides hold; return the names of the actors that fought.

    Each side's losses in a district are ``combat_rate`` x the enemy's effective fighters there,
    shared among its actors by their effective fighters. Rebels on the offensive fight with
    ``1 + offensive_boost`` times their strength.
    """
    boost = 1.0 + (rules.offensive_boost if offensive else 0.0)
    strength = {
        side: [
            a.deployment * a.cohesion * a.arms * (boost if side == REBEL else 1.0)
            for a in actors
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
        members = [a for a in actors if a.side == side]
        for actor, own in zip(members, strength[side], strict=True):
            share = np.divide(own, totals[side], out=np.zeros_like(own), where=totals[side] > 0)
            if (losses * share).sum() > 0:
                fought.add(actor.name)
            actor.lose(losses * share)
    return fought

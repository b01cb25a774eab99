"""Combat (docs/model.md 7.5): only where both sides are, and both lose."""

import numpy as np

from scenarios.model import combat
from tests.helpers import build_model


def test_combat_only_where_both_sides_are_present():
    model = build_model("pre_election_crisis", [], agents=4000, weeks=156, seed=3)
    n = model.country.n_districts
    army = np.zeros(n)
    army[:8] = 1000.0
    rebels = np.zeros(n)
    rebels[8:] = 500.0
    deployments = {"army": army, "party_youth_militia": np.zeros(n), "tevi_self_defence": rebels}
    for actor in model.armed_actors:
        actor.deployment = deployments[actor.name]
    rules = model.params.violence
    assert not combat.fight(model.forces, False, rules).any()
    rebel_group = next(a for a in model.armed_actors if a.name == "tevi_self_defence")
    rebel_group.deployment[0] = 500.0  # the actor's row of the forces
    personnel = {a.name: a.personnel for a in model.armed_actors}
    fought = combat.fight(model.forces, False, rules)
    assert [a.name for a in model.armed_actors if fought[a.position]] == [
        "army",
        "tevi_self_defence",
    ]
    lost = {a.name: personnel[a.name] - a.personnel for a in model.armed_actors}
    assert lost["army"] > 0 and lost["tevi_self_defence"] > 0
    assert lost["party_youth_militia"] == 0


def test_an_offensive_makes_the_rebels_hit_harder():
    def army_losses(offensive: bool) -> float:
        model = build_model("pre_election_crisis", [], agents=4000, weeks=156, seed=3)
        for actor in model.armed_actors:
            actor.deployment = np.full(model.country.n_districts, 100.0)
        army = next(a for a in model.armed_actors if a.name == "army")
        before = army.personnel
        combat.fight(model.forces, offensive, model.params.violence)
        return before - army.personnel

    assert army_losses(True) > army_losses(False) > 0

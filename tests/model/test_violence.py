"""Violence against civilians (docs/model.md 7.6): who can be killed, by whom, and where."""

import numpy as np

from scenarios.model import violence
from scenarios.model.decisions import Action
from scenarios.model.model import CountryModel
from scenarios.model.population import KILLED, MOBILISED
from tests.helpers import build_model


def build() -> CountryModel:
    return build_model("pre_election_crisis", [], agents=4000, weeks=156, seed=3)


def set_actions(model, actions, deployments=None):
    """Set each actor's (action, target) and deployment by name; the others restrain."""
    for actor in model.armed_actors:
        action, target = actions.get(actor.name, (Action.RESTRAINT, -1))
        actor.action, actor.target = action, target
        if deployments and actor.name in deployments:
            actor.deployment = deployments[actor.name]


def kill(model):
    """One week's killing at the current choices; (actors, groups) and (groups, districts)."""
    census = model.population.census()
    rates = violence.killing_rates(model.forces, census, model.modifiers, model.params.violence)
    return violence.kill(model.population, rates, model.violence_rng, model.attribution_rng)


def test_no_killing_where_the_side_has_no_fighters():
    model = build()
    n = model.country.n_districts
    deployment = np.full(n, 50_000.0)
    deployment[:4] = 0.0
    set_actions(model, {"army": (Action.MASS, 1)}, {"army": deployment})
    deaths, by_cell = kill(model)
    assert by_cell[:, :4].sum() == 0
    assert by_cell[1, 4:].sum() > 0
    names = [a.name for a in model.armed_actors]
    assert deaths[names.index("army"), 1] == deaths.sum()  # only the army killed, only tevi


def test_restraint_kills_nobody():
    model = build()
    set_actions(model, {})
    deaths, _ = kill(model)
    assert deaths.sum() == 0


def test_selective_repression_kills_only_mobilised():
    model = build()
    tevi = np.flatnonzero(model.population.group == 1)
    model.population.status[tevi[::3]] = MOBILISED
    set_actions(
        model,
        {"army": (Action.SELECTIVE, 1)},
        {"army": np.full(model.country.n_districts, 2_000_000.0)},
    )
    before = model.population.status.copy()
    kill(model)
    killed = np.flatnonzero(model.population.status == KILLED)
    assert killed.size > 0
    assert (before[killed] == MOBILISED).all()


def test_protection_scales_the_rates_of_its_side_only():
    model = build()
    n = model.country.n_districts
    set_actions(model, {"army": (Action.MASS, 1)}, {"army": np.full(n, 10_000.0)})
    census = model.population.census()
    rules = model.params.violence
    before = violence.killing_rates(model.forces, census, model.modifiers, rules)
    model.modifiers.protect(0, np.full(n, 0.75))  # government side
    after = violence.killing_rates(model.forces, census, model.modifiers, rules)
    np.testing.assert_allclose(after, 0.25 * before)
    model.modifiers.protection[:] = 0.0
    model.modifiers.protect(1, np.full(n, 0.75))  # rebels: the army's rates are untouched
    np.testing.assert_array_equal(
        violence.killing_rates(model.forces, census, model.modifiers, rules), before
    )

"""Violence against civilians (docs/model.md 7.6): who can be killed, by whom, and where."""

import numpy as np
import pytest

from scenarios.model import escalation, violence
from scenarios.model.decisions import Action
from scenarios.model.model import CountryModel
from scenarios.model.population import HOME, MOBILISED, N_STATUS
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
    before = model.population.weight.copy()
    mobilised = model.population.status == MOBILISED
    _, by_cell = kill(model)
    lost = before - model.population.weight
    assert (lost[mobilised] > 0).all()
    assert (lost[~mobilised] == 0).all()
    np.testing.assert_allclose(by_cell.sum(), lost.sum(dtype=np.float64), rtol=1e-9)


def test_a_cells_deaths_are_its_rows_weight_times_q_split_in_proportion_to_the_rates():
    """Two actors kill in one (group, district, status) cell at rates 1:3: every row there
    loses w x q with q = 0.04, the cell's deaths are what its rows lost, the attribution is
    1:3 and sums to them, and neither random stream is drawn."""
    model = build()
    population = model.population
    rates = np.zeros(
        (len(model.armed_actors), population.n_groups, population.n_districts, N_STATUS)
    )
    g, d = 1, int(population.district[population.group == 1][0])
    rates[0, g, d, HOME] = 0.01
    rates[2, g, d, HOME] = 0.03
    in_cell = (population.cell == g * population.n_districts + d) & (population.status == HOME)
    before = population.weight.astype(np.float64)
    streams = [rng.bit_generator.state for rng in (model.violence_rng, model.attribution_rng)]
    deaths, by_cell = violence.kill(population, rates, model.violence_rng, model.attribution_rng)
    lost = before - population.weight
    assert in_cell.sum() > 10
    np.testing.assert_allclose(lost[in_cell], 0.04 * before[in_cell], rtol=1e-6)
    assert (lost[~in_cell] == 0).all()
    cell_deaths = lost.sum()
    assert by_cell[g, d] == by_cell.sum()
    np.testing.assert_allclose(by_cell[g, d], cell_deaths, rtol=1e-12)
    np.testing.assert_allclose(
        deaths[:, g], [cell_deaths / 4, 0.0, 3 * cell_deaths / 4], rtol=1e-12
    )
    assert deaths.sum() == pytest.approx(cell_deaths, rel=1e-12)
    assert population.uniform_weight is None
    assert streams == [
        rng.bit_generator.state for rng in (model.violence_rng, model.attribution_rng)
    ]


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


def forced_mass_violence_deaths(monkeypatch, agents: int, seeds: range, weeks: int) -> float:
    """Mean deaths of ``weeks`` weeks of pre_election_crisis in which every actor chooses mass
    violence (the model runs as usual otherwise: fear, flight, combat, recruitment)."""

    def full_campaign(ladder, *args, **kwargs):
        ladder.rung, ladder.campaign = Action.MASS, 1.0
        return ladder

    monkeypatch.setattr(escalation, "update", full_campaign)
    totals = []
    for seed in seeds:
        model = build_model("pre_election_crisis", [], agents=agents, weeks=weeks, seed=seed)
        model.run()
        totals.append(model.ledger.total())
    return float(np.mean(totals))


def test_deaths_do_not_depend_on_the_number_of_rows(monkeypatch):
    """Expected-value killing: 2*10^3 rows (1,000 persons a row) and 10^4 rows (200) give the
    same mean deaths of 12 weeks of mass violence, 4 seeds, within 1%.

    Measured: 5,326 and 5,332 (0.1%; the rows differ only in where they live and their traits,
    and the killing saturates in the fighters). The design asks for 2%; 1% leaves ten times the
    gap measured. A Bernoulli draw per row kills about five rows of 1,000 in such a run: with
    it, this test measured 4,000 and 5,500 (27%)."""
    coarse = forced_mass_violence_deaths(monkeypatch, 2_000, range(4), 12)
    fine = forced_mass_violence_deaths(monkeypatch, 10_000, range(4), 12)
    assert fine > 5_000
    assert coarse == pytest.approx(fine, rel=0.01), f"{coarse:.0f} vs {fine:.0f} deaths"


def test_selective_repression_reaches_as_far_as_the_actor_controls_the_district():
    """Kalyvas 2006: information on who supports the other side comes with control, so
    selective killing scales with the actor's share of the fighters in the district; mass
    violence does not."""
    model = build()
    n = model.country.n_districts
    rebels = next(a for a in model.armed_actors if a.side == 1)
    army = next(a for a in model.armed_actors if a.name == "army")
    deployment = np.zeros(n)
    deployment[:2] = 1000.0
    contested = np.zeros(n)
    contested[1] = 3000.0 * army.cohesion / rebels.cohesion  # the army holds a quarter of it
    census = model.population.census()
    census[:, :, MOBILISED] = 500.0
    rules = model.params.violence
    rates = {}
    for action in (Action.SELECTIVE, Action.MASS):
        for rebel_deployment in (contested, np.zeros(n)):
            set_actions(
                model,
                {"army": (action, 1)},
                {
                    "army": deployment,
                    "party_youth_militia": np.zeros(n),
                    rebels.name: rebel_deployment,
                },
            )
            rates[action, rebel_deployment.any()] = violence.killing_rates(
                model.forces, census, model.modifiers, rules
            )[model.armed_actors.index(army), 1, 1, MOBILISED]
    assert rates[Action.SELECTIVE, True] == pytest.approx(0.25 * rates[Action.SELECTIVE, False])
    assert rates[Action.MASS, True] == rates[Action.MASS, False] > 0

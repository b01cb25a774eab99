"""One-at-a-time perturbations: each moves exactly one behavioural constant by 10%."""

from pathlib import Path

import pytest

from scenarios.config.behaviour import CountryModelParams
from scenarios.config.document import one_at_a_time_yaml
from scenarios.config.loading import load
from scenarios.config.perturbation import CONSTANTS, SECTIONS, perturbations
from tests.helpers import assert_refused, run_cli

ROOT = Path(__file__).resolve().parents[2]


def flat(model: CountryModelParams) -> dict[str, object]:
    dump = model.model_dump()
    return {f"{s}.{k}": v for s in SECTIONS for k, v in dump[s].items()}


def test_every_numeric_behavioural_constant_can_be_moved_both_ways():
    defaults = flat(CountryModelParams())
    numeric = {
        name
        for name, value in defaults.items()
        if value != 0
        and (
            isinstance(value, float)
            or (
                isinstance(value, int)
                and not isinstance(value, bool)
                and round(value * 1.1) != value
            )
        )
    }
    assert set(CONSTANTS) == numeric
    assert perturbations()[0] == "none"
    assert len(perturbations()) == 1 + 2 * len(CONSTANTS) == len(set(perturbations()))


@pytest.mark.parametrize(
    "name", ["escalation.threshold_median", "threat.insurgency_weight", "violence.offensive_weeks"]
)
@pytest.mark.parametrize(("direction", "factor"), [("down", 0.9), ("up", 1.1)])
def test_a_perturbation_moves_one_constant_by_ten_percent(name, direction, factor):
    base = flat(load([])[0].model)
    moved = flat(load([f"perturbation={name}.{direction}"])[0].model)
    changed = {key for key in base if base[key] != moved[key]}
    assert changed == {name}
    expected = base[name] * factor
    if isinstance(base[name], int):
        expected = round(expected)
    assert moved[name] == pytest.approx(expected)


def test_a_perturbation_moves_the_configured_value_and_keeps_within_bounds():
    config = load(["perturbation=civilians.threshold.up", "model.civilians.threshold=0.2"])[0]
    assert config.model.civilians.threshold == pytest.approx(0.22)
    config = load(
        ["perturbation=civilians.flight_threshold.up", "model.civilians.flight_threshold=1.0"]
    )
    assert config[0].model.civilians.flight_threshold == 1.0  # its upper bound


def test_the_one_at_a_time_experiment_lists_every_perturbation():
    text = (ROOT / "experiments" / "one_at_a_time.yaml").read_text()
    assert text == one_at_a_time_yaml(), "run: .venv/bin/python -m scenarios.config.document"
    assert f"perturbation: {','.join(perturbations())}\n" in text


def test_an_unknown_perturbation_stops_with_one_line_and_writes_nothing(tmp_path):
    result = run_cli(["perturbation=decision.barrier.up", "replications=1"], tmp_path)
    assert_refused(result, "perturbation: unknown perturbation 'decision.barrier.up'", tmp_path)


@pytest.mark.parametrize(
    ("override", "successor"),
    [
        ("model.decision.barrier_mass=8", "model.escalation"),
        ("model.threat.balance_weight=2", "model.threat.insurgency_weight"),
    ],
)
def test_a_key_of_the_weekly_choice_names_its_successor_in_one_line(tmp_path, override, successor):
    result = run_cli([override, "replications=1"], tmp_path)
    assert_refused(result, f"{override.split('=')[0]}: ", tmp_path)
    assert successor in result.stderr

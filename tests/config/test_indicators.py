"""The one registry of indicators: declared once, documented, and what strategies read."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from scenarios.config.document import shipped_strategies, strategies_reading, with_indicator_table
from scenarios.config.indicators import INDICATORS, latent, observable
from scenarios.config.strategy import StartSpec

RESULTS_README = Path(__file__).resolve().parents[2] / "results" / "README.md"


def test_every_indicator_is_documented():
    for name, indicator in INDICATORS.items():
        assert indicator.name == name
        assert indicator.meaning and indicator.unit and indicator.label, name
    assert set(observable()) | set(latent()) == set(INDICATORS)
    assert not set(observable()) & set(latent())


def test_results_readme_lists_the_registry():
    text = RESULTS_README.read_text()
    assert with_indicator_table(text) == text, "run: .venv/bin/python -m scenarios.config.document"
    for name in INDICATORS:
        assert f"| `{name}` |" in text


def test_the_shipped_strategies_that_start_on_a_latent_indicator_are_known():
    reading = strategies_reading(shipped_strategies())
    on_latent = {s for name in latent() for s in reading.get(name, [])}
    assert on_latent == {"early_prevention", "full_continuum", "peacekeeping_led"}
    assert set(reading) - set(INDICATORS) == set()


def test_a_start_condition_may_name_any_registered_indicator_and_nothing_else():
    for name in INDICATORS:
        assert StartSpec(when=name, at_least=1.0).when == name
    with pytest.raises(ValidationError, match="unknown indicator 'kiled'"):
        StartSpec(when="kiled", at_least=1.0)

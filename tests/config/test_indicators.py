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


def test_no_shipped_strategy_starts_on_a_latent_indicator():
    reading = strategies_reading(shipped_strategies())
    assert reading, "some shipped strategies start on an indicator"
    assert set(reading) <= set(observable())


def test_a_start_condition_may_name_an_observable_indicator_and_nothing_else():
    for name in observable():
        assert StartSpec(when=name, at_least=1.0).when == name
    with pytest.raises(ValidationError, match="unknown indicator 'kiled'"):
        StartSpec(when="kiled", at_least=1.0)
    for name in latent():
        with pytest.raises(ValidationError, match=f"when: '{name}' is latent"):
            StartSpec(when=name, at_least=1.0)

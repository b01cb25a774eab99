"""Every shipped config composes and validates; generated documentation is up to date."""

from pathlib import Path

import pytest

from scenarios.config.document import (
    model_defaults_yaml,
    parameter_table,
    reference_model_names,
    reference_model_yaml,
)
from scenarios.config.loading import config_dir, load, options
from scenarios.config.reference import CivilViolenceRunConfig, EthnicViolenceRunConfig
from scenarios.config.run import RunConfig
from scenarios.params import describe
from tests.helpers import PRESETS

ROOT = Path(__file__).resolve().parents[2]


def test_presets_cover_low_elevated_and_acute_risk():
    assert set(options("scenario")) >= set(PRESETS)
    levels = {load([f"scenario={name}"])[0].scenario.risk_level for name in PRESETS}
    assert levels == {"low", "elevated", "acute"}


@pytest.mark.parametrize("name", options("scenario"))
def test_every_preset_validates_and_has_a_briefing(name):
    config = load([f"scenario={name}"])[0]
    assert config.scenario.name == name
    assert len(config.scenario.description) > 200
    assert config.scenario.title


def test_generated_parameter_docs_and_model_defaults_are_current():
    hint = "run: .venv/bin/python -m scenarios.config.document"
    assert (ROOT / "docs" / "parameters.md").read_text() == parameter_table(), hint
    assert (config_dir() / "model" / "country.yaml").read_text() == model_defaults_yaml(), hint
    for name in reference_model_names():
        assert (config_dir() / "model" / f"{name}.yaml").read_text() == reference_model_yaml(name)
    generated = {"country", *reference_model_names()}
    assert set(options("model")) == generated, f"a config in configs/model is not generated; {hint}"


def test_every_parameter_has_meaning_unit_and_source():
    def walk(model):
        for name, field in model.model_fields.items():
            meaning, unit, source = describe(field)
            assert meaning and unit and source, f"{model.__name__}.{name} is undocumented"
            annotation = field.annotation
            inner = getattr(annotation, "__args__", (annotation,))[0]
            if hasattr(annotation, "model_fields"):
                walk(annotation)
            elif hasattr(inner, "model_fields"):
                walk(inner)

    walk(RunConfig)
    walk(CivilViolenceRunConfig)
    walk(EthnicViolenceRunConfig)


def test_shipped_model_defaults_equal_the_schema_defaults():
    from scenarios.config.behaviour import CountryModelParams

    assert load([])[0].model == CountryModelParams()

"""How a model parameter is declared: value bounds plus meaning, unit and source.

Every tunable number in `scenarios` is declared with :func:`param`, so the parameter table in
``docs/parameters.md`` and the comments in the shipped YAML files are generated from one place
(``scenarios.config.document``) and cannot drift from the code.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ASSUMPTION = "assumption"


class Schema(BaseModel):
    """Base of every config section: unknown keys and silent type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def param(default: Any, meaning: str, unit: str, source: str = ASSUMPTION, **bounds: Any) -> Any:
    """Declare a parameter.

    Args:
        default: value used when the config does not set it.
        meaning: one sentence saying what the number does in the model.
        unit: its unit ("persons", "per week", "probability", "index 0-1", ...).
        source: the paper or data set it comes from, or the word ``assumption``.
        **bounds: pydantic numeric bounds (``ge``, ``gt``, ``le``, ``lt``) or ``min_length``.
    """
    return Field(
        default,
        description=meaning,
        json_schema_extra={"unit": unit, "source": source},
        **bounds,
    )


def describe(field_info: Any) -> tuple[str, str, str]:
    """Return (meaning, unit, source) of a field declared with :func:`param`."""
    extra = field_info.json_schema_extra or {}
    return field_info.description or "", extra.get("unit", ""), extra.get("source", ASSUMPTION)

"""One-at-a-time sensitivity: a behavioural constant moved by 10%.

A run's ``perturbation`` is ``none`` or names one constant of the model's behaviour and a
direction, ``<section>.<name>.up`` or ``.down`` (e.g. ``escalation.threshold_median.up``); the run
then uses that constant's configured value times 1.1 or 0.9 (integers rounded; kept within the
constant's bounds). ``experiments/one_at_a_time.yaml`` sweeps every perturbation over the
presets on common random numbers, and :mod:`scenarios.analysis.one_at_a_time` turns its
comparison into the table of ``docs/model.md`` (issue 10: no such constant may move a preset's
P(mass atrocity) by more than 15 percentage points).

The constants are every numeric one of the behaviour sections (:data:`SECTIONS`) movable by 10%
(an integer below 5 is not): those marked *assumption*, which the issue names, and also those
whose source gives the direction of an effect but not its size (most weights cite a paper for
the direction only). The steps' parameters act only when a strategy takes the step, so they are
not perturbed under no action.
"""

import math
from typing import Any

from annotated_types import Ge, Gt, Le, Lt

from scenarios.config.behaviour import CountryModelParams
from scenarios.params import ASSUMPTION, describe

SHARE = 0.10
SECTIONS = ("civilians", "violence", "escalation", "threat")
DIRECTIONS = {"down": 1.0 - SHARE, "up": 1.0 + SHARE}
NONE = "none"


def _constants() -> dict[str, Any]:
    """Dotted name (section.name) -> pydantic field of every perturbable constant."""
    found = {}
    for section in SECTIONS:
        schema = CountryModelParams.model_fields[section].annotation
        for name, field in schema.model_fields.items():
            default = field.default
            numeric = isinstance(default, int | float) and not isinstance(default, bool)
            if not numeric or default == 0:
                continue  # a backfire setting off at 0 cannot move by 10%
            if isinstance(default, int) and round(default * (1 + SHARE)) == default:
                continue  # an integer this small cannot move by 10%
            found[f"{section}.{name}"] = field
    return found


CONSTANTS = _constants()


def is_assumption(name: str) -> bool:
    """Whether the constant ``name`` (section.name) is marked *assumption* in its source."""
    return describe(CONSTANTS[name])[2].startswith(ASSUMPTION)


def perturbations() -> list[str]:
    """Every allowed value of ``perturbation``: ``none``, then each constant down and up."""
    return [NONE, *(f"{name}.{way}" for name in CONSTANTS for way in DIRECTIONS)]


def moved(value: int | float, direction: str, field: Any) -> int | float:
    """``value`` moved by 10% in ``direction``, rounded if an integer, kept within bounds."""
    result = value * DIRECTIONS[direction]
    if isinstance(value, int) and not isinstance(value, bool):
        result = round(result)
    for bound in field.metadata:
        if isinstance(bound, Ge):
            result = max(result, bound.ge)
        elif isinstance(bound, Le):
            result = min(result, bound.le)
        elif isinstance(bound, Gt) and result <= bound.gt:
            result = math.nextafter(bound.gt, math.inf)
        elif isinstance(bound, Lt) and result >= bound.lt:
            result = math.nextafter(bound.lt, -math.inf)
    return result


def perturbed_model(model: dict, perturbation: str) -> dict:
    """The ``model`` section (a plain dict, before validation) with ``perturbation`` applied.

    Raises:
        ValueError: ``perturbation`` is not one of :func:`perturbations`.
    """
    if perturbation == NONE:
        return model
    name, _, direction = perturbation.rpartition(".")
    if name not in CONSTANTS or direction not in DIRECTIONS:
        raise ValueError(
            f"perturbation: unknown perturbation '{perturbation}'; allowed: none or "
            f"<constant>.up / <constant>.down with a constant among {', '.join(CONSTANTS)}"
        )
    section, key = name.split(".")
    field = CONSTANTS[name]
    values = dict(model.get(section, {}))
    values[key] = moved(values.get(key, field.default), direction, field)
    return {**model, section: values}

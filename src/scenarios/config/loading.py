"""Find, compose and validate configs; turn every problem into a one-line :class:`ConfigError`.

The command line is checked in full *before* Hydra starts a run (and so before it creates an
output folder): group choices exist, keys exist, values have the right type and range.
"""

import difflib
import itertools
import logging
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from pydantic import ValidationError

from scenarios.config.run import RunConfig

PRIMARY = "run"
MAX_CHECKED_COMBINATIONS = 256


class ConfigError(ValueError):
    """A config problem, described in one line that names the key and what is allowed."""


def config_dir() -> Path:
    """The ``configs/`` folder: the checkout's in a development install, else the packaged copy."""
    checkout = Path(__file__).resolve().parents[3] / "configs"
    if (checkout / f"{PRIMARY}.yaml").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "_configs"


def options(group: str) -> list[str]:
    """Names of the configs available in a config group (e.g. the scenario presets)."""
    folder = config_dir() / group
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def groups() -> list[str]:
    """Config groups (sub-folders of ``configs/``)."""
    return sorted(
        p.name for p in config_dir().iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def quiet_libraries() -> None:
    """Mesa logs every step at INFO under the ``MESA`` logger; keep it to warnings."""
    logging.getLogger("MESA").setLevel(logging.WARNING)


def validate(cfg: DictConfig | dict) -> RunConfig:
    """Validate a composed config (Hydra's ``hydra`` node is ignored) into a :class:`RunConfig`."""
    data = OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else dict(cfg)
    data.pop("hydra", None)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error, data)) from None


def describe_validation_error(error: ValidationError, data: dict) -> str:
    """One line for the first problem pydantic found: key, value given and what is allowed."""
    first = error.errors()[0]
    location = ".".join(str(p) for p in first["loc"])
    kind, message = first["type"], first["msg"]
    if kind == "extra_forbidden":
        return unknown_key_message(location)
    if kind in ("value_error", "assertion_error"):
        message = message.removeprefix("Value error, ")
        return f"{location}: {message}" if location else message
    value = first.get("input")
    return f"{location}: got {value!r}; {message[0].lower()}{message[1:]}"


def _allowed_keys(data: dict, loc: tuple) -> list[str]:
    model: type = RunConfig
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        args = getattr(annotation, "__args__", ())
        model = args[0] if args and hasattr(args[0], "model_fields") else annotation
    return sorted(getattr(model, "model_fields", {}).keys())


def _check_group_choices(overrides: list[str]) -> list[list[str]]:
    """Check group choices and expand sweeps into lists of alternative override strings."""
    parser = OverridesParser.create()
    try:
        parsed = parser.parse_overrides(overrides=overrides)
    except HydraException as error:
        raise ConfigError(f"cannot parse the command line: {_first_line(error)}") from None
    known_groups = groups()
    expanded = []
    for override in parsed:
        key = override.key_or_group
        if override.is_sweep_override():
            try:
                values = list(override.sweep_string_iterator())
            except Exception:  # glob or interval sweeps: Hydra expands them itself
                expanded.append([])
                continue
            if not values:
                raise ConfigError(f"{key}: the sweep is empty; give at least one value")
        else:
            values = [override.get_value_element_as_str()]
        if key in known_groups and not key.startswith("hydra"):
            available = options(key)
            for value in values:
                if value not in available:
                    raise ConfigError(f"unknown {key} '{value}'; available: {', '.join(available)}")
        prefix = "+" if override.is_add() else ("++" if override.is_force_add() else "")
        expanded.append([f"{prefix}{key}={value}" for value in values])
    return expanded


def load(overrides: list[str]) -> list[RunConfig]:
    """Compose and validate the config for each combination of the overrides' sweep values.

    Raises:
        ConfigError: on the first problem, described in one line.
    """
    alternatives = [a for a in _check_group_choices(overrides) if a]
    combinations = list(
        itertools.islice(itertools.product(*alternatives), MAX_CHECKED_COMBINATIONS)
    )
    configs = []
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
        for combination in combinations or [()]:
            try:
                cfg = compose(config_name=PRIMARY, overrides=list(combination))
            except HydraException as error:
                raise ConfigError(_composition_message(error)) from None
            configs.append(validate(cfg))
    GlobalHydra.instance().clear()
    return configs


def unknown_key_message(key: str) -> str:
    """One line for a key that does not exist: where, the closest match and what is allowed."""
    parts = [p for p in key.split(".") if not p.isdigit()]
    try:
        allowed = _allowed_keys({}, tuple(parts[:-1]))
    except (KeyError, AttributeError):
        allowed = []
    if parts[-1] in allowed:
        return f"key '{key}' exists but is not in the composed config; add it with +{key}=VALUE"
    close = difflib.get_close_matches(parts[-1], allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = f"; allowed keys: {', '.join(allowed)}" if allowed else ""
    return f"unknown key '{key}'{hint}{listing}"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _composition_message(error: HydraException) -> str:
    text = str(error)
    if "is not in struct" in text or "Could not override" in text:
        key = text.split("'")[1] if "'" in text else "?"
        return unknown_key_message(key)
    if "Error merging override" in text:
        key = text.split("Error merging override", 1)[1].strip().split("=", 1)[0].lstrip("+~")
        return unknown_key_message(key)
    if "Could not find" in text:
        return _first_line(error).removeprefix("In 'run': ")
    return _first_line(error)

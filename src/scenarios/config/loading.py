"""Find, compose and validate configs; turn every problem into a one-line :class:`ConfigError`.

The command line is checked in full *before* Hydra starts a run (and so before it creates an
output folder): group choices exist, keys exist, values have the right type and range, and the
config, ``hydra`` node included, asks Hydra to run no code (:mod:`scenarios.config.guard`).
"""

import difflib
import itertools
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from pydantic import ValidationError

from scenarios.config.behaviour import REMOVED_KEYS
from scenarios.config.errors import ConfigError
from scenarios.config.guard import check_composed, check_search_path
from scenarios.config.paths import PRIMARY, config_dir
from scenarios.config.run import BaseRunConfig, RunConfig
from scenarios.config.schemas import DEFAULT_KIND, RUN_SCHEMAS

MAX_CHECKED_COMBINATIONS = 256


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


def run_schema(data: dict) -> type[BaseRunConfig]:
    """The run schema for a composed config: by ``model.kind`` (the country model if unset)."""
    model = data.get("model")
    kind = model.get("kind", DEFAULT_KIND) if isinstance(model, dict) else DEFAULT_KIND
    if kind not in RUN_SCHEMAS:
        raise ConfigError(f"model.kind: got {kind!r}; allowed: {', '.join(RUN_SCHEMAS)}")
    return RUN_SCHEMAS[kind]


def validate(cfg: DictConfig | dict) -> BaseRunConfig:
    """Validate a composed config (Hydra's ``hydra`` node is ignored) into the run schema of its
    model (``model.kind``): a :class:`RunConfig`, or a reference model's run config."""
    data = task_data(cfg) if isinstance(cfg, DictConfig) else dict(cfg)
    data.pop("hydra", None)
    schema = run_schema(data)
    if schema is not RUN_SCHEMAS[DEFAULT_KIND]:
        data = _without_default_sections(data, schema)
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error, data, schema)) from None


def task_data(cfg: DictConfig) -> dict:
    """The task's part of a composed config (all but the ``hydra`` node), resolved."""
    data = OmegaConf.to_container(cfg, resolve=False)
    assert isinstance(data, dict)
    data.pop("hydra", None)
    resolved = OmegaConf.to_container(OmegaConf.create(data), resolve=True)
    assert isinstance(resolved, dict)
    return resolved


def _without_default_sections(data: dict, schema: type[BaseRunConfig]) -> dict:
    """Another model's config without the sections of the country model that it does not read,
    which ``run.yaml`` sets for every run; refused when the command line gave one of them a
    value of its own (a scenario or strategy is always chosen on purpose)."""
    kind = data["model"]["kind"]
    defaults = RUN_SCHEMAS[DEFAULT_KIND]()
    unread = [key for key in type(defaults).model_fields if key not in schema.model_fields]
    for key in unread:
        if key not in data:
            continue
        default = getattr(defaults, key)
        shipped = default.model_dump() if hasattr(default, "model_dump") else default
        if key in ("scenario", "strategy") or data[key] != shipped:
            steps = "steps" in schema.model_fields["model"].annotation.model_fields
            hint = "; set model.steps" if key == "weeks" and steps else ""
            raise ConfigError(f"{key}: not used by model {kind} (a reference model){hint}")
    return {k: v for k, v in data.items() if k not in unread}


def describe_validation_error(
    error: ValidationError, data: dict, schema: type[BaseRunConfig] = RunConfig
) -> str:
    """One line for the first problem pydantic found: key, value given and what is allowed."""
    first = error.errors()[0]
    location = ".".join(str(p) for p in first["loc"])
    kind, message = first["type"], first["msg"]
    if kind == "extra_forbidden":
        return unknown_key_message(location, schema)
    if kind in ("value_error", "assertion_error"):
        message = message.removeprefix("Value error, ")
        return f"{location}: {message}" if location else message
    value = first.get("input")
    return f"{location}: got {value!r}; {message[0].lower()}{message[1:]}"


def _allowed_keys(loc: tuple, schema: type[BaseRunConfig] = RunConfig) -> list[str]:
    model: type = schema
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
        if override.is_delete():  # ~group: nothing chosen, nothing to check
            expanded.append([override.input_line])
            continue
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


@contextmanager
def hydra_context() -> Iterator[None]:
    """Hydra's compose API, initialised on :func:`config_dir` as ``scenarios-run`` uses it."""
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
            yield
    finally:
        GlobalHydra.instance().clear()


def compose_checked(overrides: list[str]) -> DictConfig:
    """The config Hydra composes for ``overrides`` (``hydra`` node included), once nothing in
    it would run code. Call inside :func:`hydra_context`.

    Raises:
        ConfigError: the overrides do not compose, or ask Hydra to run code.
    """
    check_search_path(overrides, config_dir() / f"{PRIMARY}.yaml")
    try:
        cfg = compose(config_name=PRIMARY, overrides=overrides, return_hydra_config=True)
    except HydraException as error:
        raise ConfigError(_composition_message(error, overrides)) from None
    check_composed(cfg)
    return cfg


def check_overrides(overrides: list[str]) -> None:
    """Refuse overrides that do not compose or ask Hydra to run code (for Hydra's ``--help``,
    ``--cfg`` and ``--info``, which read the config without running it)."""
    with hydra_context():
        compose_checked(overrides)


def run_mode(overrides: list[str]) -> RunMode | None:
    """The mode Hydra will run ``overrides`` in, found as Hydra finds it: ``hydra.mode`` of the
    config composed for a multirun (experiments set ``MULTIRUN``). None when it is not set
    (``-m`` decides) or the overrides do not compose (:func:`load` then says why)."""
    with hydra_context():
        check_search_path(overrides, config_dir() / f"{PRIMARY}.yaml")
        hydra = GlobalHydra.instance().hydra
        assert hydra is not None
        try:
            cfg = hydra.compose_config(
                PRIMARY, overrides, run_mode=RunMode.MULTIRUN, validate_sweep_overrides=False
            )
        except Exception:  # as Hydra's own get_mode: a bad command line is reported later
            return None
    return cfg.hydra.mode


def load(overrides: list[str]) -> list[BaseRunConfig]:
    """Compose, check and validate the config for each combination of the overrides' sweep
    values; ``hydra.*`` overrides count, as they do for Hydra.

    Raises:
        ConfigError: on the first problem, described in one line.
    """
    alternatives = [a for a in _check_group_choices(overrides) if a]
    combinations = list(
        itertools.islice(itertools.product(*alternatives), MAX_CHECKED_COMBINATIONS)
    )
    with hydra_context():
        return [validate(compose_checked(list(c))) for c in combinations or [()]]


def unknown_key_message(key: str, schema: type[BaseRunConfig] = RunConfig) -> str:
    """One line for a key that does not exist: where, the closest match and what is allowed
    (or, for a key of an earlier version, what replaced it)."""
    for removed, successor in REMOVED_KEYS.items():
        if key == removed or key.startswith(removed + "."):
            return f"{key}: {successor}"
    parts = [p for p in key.split(".") if not p.isdigit()]
    try:
        allowed = _allowed_keys(tuple(parts[:-1]), schema)
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


def _schema_of_overrides(overrides: list[str]) -> type[BaseRunConfig]:
    """The run schema of the model an override list chooses (the country model by default)."""
    choices = [o.split("=", 1)[1] for o in overrides if o.lstrip("+").startswith("model=")]
    path = config_dir() / "model" / f"{choices[-1]}.yaml" if choices else None
    if path is None or not path.is_file():
        return RunConfig
    node = OmegaConf.load(path)
    kind = OmegaConf.select(node, "model.kind") or OmegaConf.select(node, "kind") or DEFAULT_KIND
    return RUN_SCHEMAS.get(str(kind), RunConfig)


def _composition_message(error: HydraException, overrides: list[str] | None = None) -> str:
    text = str(error)
    schema = _schema_of_overrides(overrides or [])
    if "is not in struct" in text or "Could not override" in text:
        key = text.split("'")[1] if "'" in text else "?"
        return unknown_key_message(key, schema)
    if "Error merging override" in text:
        key = text.split("Error merging override", 1)[1].strip().split("=", 1)[0].lstrip("+~")
        return unknown_key_message(key, schema)
    if "Could not find" in text:
        return _first_line(error).removeprefix("In 'run': ")
    return _first_line(error)

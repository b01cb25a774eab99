"""What a config may ask of Hydra: a shipped launcher, sweeper and logging setup, nothing that
runs code.

Hydra instantiates the ``_target_`` of its launcher, sweeper and callbacks, and every
``_target_`` nested under them; it hands ``hydra.job_logging`` and ``hydra.hydra_logging`` to
:func:`logging.config.dictConfig`, which imports any ``class`` and calls any ``()`` factory; it
imports the packages named by ``pkg://`` and ``structured://`` search paths while composing; it
puts ``hydra.job.env_set`` into the job's environment. The SLURM launcher writes its values into
a shell script and runs its ``setup`` lines; Ray runs the hooks and installs the packages of a
``runtime_env``. :func:`check_composed` refuses all of that in a composed config, wherever it
came from (the command line, an experiment, a preset, a file on ``hydra.searchpath``), in one
line that names the key; :func:`check_search_path` refuses code-importing search paths before
anything is composed.
"""

import functools
import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import GrammarParseError
from omegaconf.grammar.gen.OmegaConfGrammarParser import OmegaConfGrammarParser
from omegaconf.grammar_parser import parse

from scenarios.config.errors import ConfigError
from scenarios.config.paths import config_dir

#: Launchers a config may select (Hydra's basic one, and those of the shipped presets).
ALLOWED_LAUNCHERS = frozenset(
    {
        "hydra._internal.core_plugins.basic_launcher.BasicLauncher",
        "hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher",
        "hydra_plugins.hydra_ray_launcher.ray_launcher.RayLauncher",
        "hydra_plugins.hydra_submitit_launcher.submitit_launcher.LocalLauncher",
        "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher",
    }
)
ALLOWED_SWEEPERS = frozenset({"hydra._internal.core_plugins.basic_sweeper.BasicSweeper"})
#: Where a ``_target_`` may stand, and what it may name; nowhere else.
ALLOWED_TARGETS = {
    "hydra.launcher": ("hydra/launcher", ALLOWED_LAUNCHERS),
    "hydra.sweeper": ("hydra/sweeper", ALLOWED_SWEEPERS),
}
#: Resolvers a config may use: they read other keys, the environment or the clock. The others
#: (``oc.create``, ``oc.decode``, any a library registers) can build a node, a ``_target_`` in it,
#: from text that no check sees as a node.
ALLOWED_RESOLVERS = ("hydra", "now", "oc.env", "oc.select")
#: Search-path schemes Hydra reads without importing anything.
ALLOWED_SEARCH_PATH_SCHEMES = ("file",)
#: Options of ``ray.init`` and of ``ray.remote`` a config may set (not ``runtime_env``, which
#: installs packages and runs setup hooks on every worker, nor Ray's private ``_*`` options).
RAY_OPTIONS = {
    "init": (
        "address",
        "include_dashboard",
        "log_to_driver",
        "logging_level",
        "namespace",
        "num_cpus",
        "num_gpus",
        "object_store_memory",
        "resources",
    ),
    "remote": ("max_retries", "memory", "num_cpus", "num_gpus", "resources"),
}
#: Launcher keys that run commands or pass the scheduler options no check knows.
COMMAND_KEYS = {
    "setup": "it runs shell commands before each job",
    "additional_parameters": "it passes any sbatch option to SLURM",
}
LOGGING_GROUPS = ("job_logging", "hydra_logging")


def check_search_path(overrides: list[str], primary: Path) -> None:
    """Refuse ``hydra.searchpath`` entries that Hydra would import code for while composing.

    Hydra reads the search path from the command line's ``hydra.searchpath=[...]`` or else from
    the primary config (``primary``); ``pkg://`` and ``structured://`` entries import a Python
    package, so they are refused before anything is composed.

    Raises:
        ConfigError: one line naming the entry and what is allowed.
    """
    try:
        parsed = OverridesParser.create().parse_overrides(overrides=overrides)
    except HydraException:
        return  # composing reports the command line's syntax errors
    entries: Any = OmegaConf.select(OmegaConf.load(primary), "hydra.searchpath") or []
    for override in parsed:
        if override.key_or_group == "hydra.searchpath":
            if override.is_sweep_override():
                raise ConfigError("hydra.searchpath: give one list of folders, not a sweep")
            entries = override.value()
    for entry in entries if isinstance(entries, list) else [entries]:
        scheme = str(entry).split("://", 1)[0] if "://" in str(entry) else "file"
        if scheme not in ALLOWED_SEARCH_PATH_SCHEMES:
            raise ConfigError(
                f"hydra.searchpath: '{entry}' is not allowed ({scheme}:// imports Python code); "
                "give folders, file://PATH or PATH"
            )


def check_composed(cfg: DictConfig) -> None:
    """Refuse anything in a composed config (``hydra`` node included) that would run code.

    Raises:
        ConfigError: one line naming the key, what is wrong and what is allowed.
    """
    data = OmegaConf.to_container(cfg, resolve=False)
    assert isinstance(data, dict)
    hydra = data.get("hydra") or {}
    if hydra.get("callbacks"):
        raise ConfigError(
            "hydra.callbacks: not allowed (a callback runs code); configs may set no callbacks"
        )
    for group in LOGGING_GROUPS:
        _check_logging(group, hydra.get(group))
    job = hydra.get("job") or {}
    added = sorted(set(job.get("env_set") or {}) - set(job.get("env_copy") or []))
    if added:
        raise ConfigError(
            f"hydra.job.env_set.{added[0]}: not allowed; configs may not set environment "
            "variables (the job and every process it starts would read them)"
        )
    _check_targets(data)
    _check_launcher(cfg, hydra.get("launcher") or {})
    # The task's keys, then Hydra's; last the record of the command line, which repeats them.
    for key, value in sorted(_strings(data), key=lambda item: _walk_order(item[0])):
        _check_resolvers(key, value)


def _walk_order(key: str) -> int:
    return key.startswith("hydra.") + key.startswith("hydra.overrides.")


def _check_logging(group: str, node: Any) -> None:
    shipped = shipped_logging(group)
    if node not in shipped.values():
        raise ConfigError(
            f"hydra.{group}: changed; a logging config imports classes and calls factories, so "
            f"configs may only choose a shipped one, unchanged: hydra/{group}="
            + ", ".join(sorted(shipped))
        )


@functools.cache
def shipped_logging(group: str) -> dict[str, dict]:
    """The configs of a logging group (``job_logging``, ``hydra_logging``) a run may choose, by
    name: Hydra's own and the project's (``configs/hydra/<group>/``), as shipped."""
    folders = [
        importlib.resources.files("hydra.conf") / "hydra" / group,
        config_dir() / "hydra" / group,
    ]
    return {
        path.name.removesuffix(".yaml"): OmegaConf.to_container(OmegaConf.create(path.read_text()))
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.name.endswith(".yaml")
    }


def _check_targets(data: dict) -> None:
    for key, _ in _items(data):
        node, _, name = key.rpartition(".")
        if name == "_target_" and node not in ALLOWED_TARGETS:
            # A task key outside the schema is an unknown key, as pydantic would say.
            what = f"{key}: not allowed" if key.startswith("hydra.") else f"unknown key '{key}'"
            raise ConfigError(
                f"{what}; a config names no Python target except the launcher and sweeper it "
                "selects (hydra/launcher, hydra/sweeper)"
            )
    for node, (group, allowed) in ALLOWED_TARGETS.items():
        section, name = node.split(".")
        target = str(((data.get(section) or {}).get(name) or {}).get("_target_", ""))
        if target not in allowed:
            raise ConfigError(
                f"{group}: '{target}' is not an allowed target; configs may select only "
                f"{', '.join(sorted(t.rsplit('.', 1)[-1] for t in allowed))}"
            )


def _check_launcher(cfg: DictConfig, launcher: dict) -> None:
    for key, why in COMMAND_KEYS.items():
        if launcher.get(key):
            raise ConfigError(f"hydra.launcher.{key}: not allowed; {why}")
    ray = launcher.get("ray") or {}
    for section, allowed in RAY_OPTIONS.items():
        for option in ray.get(section) or {}:
            if option not in allowed:
                raise ConfigError(
                    f"hydra.launcher.ray.{section}.{option}: not allowed; configs may set only "
                    f"{', '.join(allowed)}"
                )
    try:
        resolved = OmegaConf.to_container(cfg.hydra.launcher, resolve=True)
    except Exception:  # unresolvable here (a value of the job): check the text as written
        resolved = launcher
    for key, value in _strings(resolved, "hydra.launcher"):
        if "\n" in value or "\r" in value:
            raise ConfigError(
                f"{key}: got {value!r}; line breaks are not allowed (the SLURM launcher writes "
                "values into a shell script)"
            )


def _check_resolvers(key: str, value: str) -> None:
    if "${" not in value:
        return
    try:
        names = resolver_names(value)
    except GrammarParseError:
        raise ConfigError(f"{key}: cannot read the interpolation in {value!r}") from None
    for name in names:
        if name not in ALLOWED_RESOLVERS:
            raise ConfigError(
                f"{key}: the resolver '{name}' is not allowed; configs may use only "
                f"{', '.join(ALLOWED_RESOLVERS)}"
            )


@functools.cache
def resolver_names(text: str) -> tuple[str, ...]:
    """The resolvers an interpolation calls, nested ones included, as written (a name built
    from an interpolation, ``${oc.${x}:...}``, is returned with its ``${...}``)."""
    names = []
    pending = [parse(text)]
    while pending:
        context = pending.pop()
        if isinstance(context, OmegaConfGrammarParser.InterpolationResolverContext):
            names.append(context.resolverName().getText())
        pending.extend(getattr(context, "children", None) or [])
    return tuple(names)


def _items(node: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted key, value) under ``node``, containers and leaves alike."""
    if isinstance(node, dict):
        children = node.items()
    else:
        children = enumerate(node) if isinstance(node, list) else ()
    for name, value in children:
        key = f"{prefix}.{name}" if prefix else str(name)
        yield key, value
        yield from _items(value, key)


def _strings(node: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    return ((key, value) for key, value in _items(node, prefix) if isinstance(value, str))

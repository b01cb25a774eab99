"""Plan a sweep before Hydra runs it: the jobs, each one's validated config, and the folder.

The jobs are expanded exactly as Hydra's basic sweeper will expand them (the experiment's
``hydra.sweeper.params`` first, then the command line; :meth:`BasicSweeper.split_arguments`), so
job ``n`` here is Hydra's job ``n``. Every job's config is composed and validated up front: a bad
value anywhere in the sweep stops the run before anything is written.

The sweep id is a hash of every job's resolved config. The default sweep folder,
``results/experiments/<name>/<sweep id>``, is therefore the same for the same command and
configs (a rerun resumes it) and new when anything changes (nothing is overwritten).
"""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import OmegaConf

from scenarios.config.loading import (
    ConfigError,
    _check_group_choices,
    _first_line,
    compose_checked,
    hydra_context,
    task_data,
    validate,
)
from scenarios.config.run import BaseRunConfig
from scenarios.runs.store import write_text

SWEEP_ID_VARIABLE = "SCENARIOS_SWEEP_ID"
MANIFEST = "sweep.json"
SHARD_KEY = "sweep.shard"


@dataclass(frozen=True)
class Job:
    """One job of a sweep: Hydra's job number, its overrides and its validated config."""

    num: int
    overrides: tuple[str, ...]
    config: BaseRunConfig

    @property
    def config_hash(self) -> str:
        return config_hash(self.config)


@dataclass(frozen=True)
class SweepPlan:
    """Everything known about a sweep before it runs."""

    name: str
    sweep_id: str
    folder: Path
    jobs: tuple[Job, ...]
    launcher: str
    ray_address: str | None

    def manifest(self, command: list[str]) -> dict:
        """The contents of ``sweep.json``: which jobs belong to this sweep."""
        return {
            "name": self.name,
            "sweep_id": self.sweep_id,
            "command": command,
            "launcher": self.launcher,
            "jobs": [
                {"num": j.num, "overrides": list(j.overrides), "config_hash": j.config_hash}
                for j in self.jobs
            ],
        }

    def write_manifest(self, command: list[str]) -> None:
        """Write ``sweep.json`` atomically into the sweep folder."""
        write_text(json.dumps(self.manifest(command), indent=1), self.folder / MANIFEST)


def config_hash(config: BaseRunConfig) -> str:
    """A hash of everything in ``config`` that can change results (not the progress bar)."""
    text = config.model_dump_json(exclude={"progress"})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_hydra_override(text: str) -> bool:
    """Whether a command-line override is for Hydra itself (``hydra.*``, ``hydra/...``)."""
    return text.lstrip("+~").startswith(("hydra.", "hydra/"))


def plan_sweep(overrides: list[str]) -> SweepPlan:
    """Expand, compose and validate every job of the sweep that ``overrides`` describe.

    Args:
        overrides: the command line's overrides (``hydra.*`` ones included).

    Raises:
        ConfigError: one line naming what is wrong (unknown key, experiment, value, empty
            sweep, anything the base config or a job's config asks Hydra to run, such as a
            launcher that is not allowed: :mod:`scenarios.config.guard`).
    """
    hydra_overrides = [o for o in overrides if is_hydra_override(o)]
    task_overrides = [o for o in overrides if not is_hydra_override(o)]
    choices = _check_group_choices(task_overrides)
    for choice in choices:
        if choice and choice[0].split("=")[0].lstrip("+") == "experiment" and len(choice) > 1:
            raise ConfigError("experiment: run one experiment at a time, not a sweep of them")
    base_overrides = [alternatives[0] for alternatives in choices if alternatives]
    with hydra_context():
        base = compose_checked([*base_overrides, *hydra_overrides])
        sweep_params = [f"{k}={v}" for k, v in (base.hydra.sweeper.params or {}).items()]
        job_overrides = _expand([*sweep_params, *task_overrides])
        jobs = _validated_jobs(job_overrides, hydra_overrides)
        if jobs[0].config.compares_baseline:
            _check_baseline(jobs)
        name = jobs[0].config.sweep.name
        sweep_id = _sweep_id(jobs)
        previous = os.environ.get(SWEEP_ID_VARIABLE)
        os.environ[SWEEP_ID_VARIABLE] = sweep_id
        try:
            folder = Path(str(base.hydra.sweep.dir))
        finally:
            _restore(SWEEP_ID_VARIABLE, previous)
        launcher = str(base.hydra.launcher._target_)
        ray_address = None
        if launcher.endswith("RayLauncher"):
            ray_address = OmegaConf.select(base, "hydra.launcher.ray.init.address")
    names = {job.config.sweep.name for job in jobs}
    if len(names) > 1:
        raise ConfigError(f"sweep.name: one sweep, one name; got {', '.join(sorted(names))}")
    return SweepPlan(name, sweep_id, folder, jobs, launcher, ray_address)


def swept_keys(job_overrides: list[list[str]] | list[tuple[str, ...]]) -> list[str]:
    """Keys that take more than one value across the jobs (not the shard), in first-seen order."""
    values: dict[str, set[str]] = {}
    for overrides in job_overrides:
        for key, value in key_values(overrides):
            values.setdefault(key, set()).add(value)
    return [k for k, v in values.items() if len(v) > 1 and k not in (SHARD_KEY, "experiment")]


def key_values(overrides: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(key, value) of each ``key=value`` override, without Hydra's ``+``/``~`` prefixes."""
    pairs = []
    for override in overrides:
        key, _, value = override.partition("=")
        pairs.append((key.lstrip("+~"), value))
    return pairs


def _check_baseline(jobs: tuple[Job, ...]) -> None:
    """The baseline names a swept key (or the strategy / scenario) and a value some job has."""
    baseline = jobs[0].config.sweep.baseline
    key, _, value = baseline.partition("=")
    keys = swept_keys([j.overrides for j in jobs])
    allowed = list(dict.fromkeys(["strategy", *(k for k in keys if k != "scenario")]))
    if key not in allowed:
        raise ConfigError(
            f"sweep.baseline: '{key}' is not a swept key; allowed: {', '.join(allowed)}"
        )
    if key == "strategy":
        seen = {getattr(j.config, key).name for j in jobs}
    else:
        seen = {v for j in jobs for k, v in key_values(j.overrides) if k == key}
    if value not in seen and not _same_number(value, seen):
        raise ConfigError(
            f"sweep.baseline: no job has {key}={value}; values in this sweep: "
            f"{', '.join(sorted(seen))}"
        )


def _same_number(value: str, seen: set[str]) -> bool:
    try:
        return any(float(value) == float(s) for s in seen)
    except ValueError:
        return False


def _validated_jobs(job_overrides: list[list[str]], hydra_overrides: list[str]) -> tuple[Job, ...]:
    """Compose, check and validate each job as Hydra will (the command line's ``hydra.*``
    overrides, then the job's); jobs that differ only in their shard share a compose."""
    composed: dict[tuple[str, ...], dict] = {}
    jobs = []
    for num, overrides in enumerate(job_overrides):
        arm = tuple(o for o in overrides if not o.startswith(f"{SHARD_KEY}="))
        if arm not in composed:
            composed[arm] = task_data(compose_checked([*hydra_overrides, *arm]))
        data = composed[arm]
        shards = [o.split("=", 1)[1] for o in overrides if o.startswith(f"{SHARD_KEY}=")]
        if shards:
            data = {**data, "sweep": {**data.get("sweep", {}), "shard": _integer(shards[-1])}}
        jobs.append(Job(num, tuple(overrides), validate(data)))
    return tuple(jobs)


def _integer(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def _expand(overrides: list[str]) -> list[list[str]]:
    """The jobs' override lists, as Hydra's basic sweeper makes them."""
    try:
        parsed = OverridesParser.create().parse_overrides(overrides=overrides)
    except HydraException as error:
        raise ConfigError(f"cannot parse the sweep: {_first_line(error)}") from None
    for override in parsed:
        discrete = override.is_sweep_override() and override.is_discrete_sweep()
        if discrete and not list(override.sweep_string_iterator()):
            raise ConfigError(
                f"{override.get_key_element()}: the sweep is empty; give at least one value"
            )
    try:
        batches = BasicSweeper.split_arguments(parsed, None)
    except HydraException as error:
        raise ConfigError(f"cannot expand the sweep: {_first_line(error)}") from None
    jobs = batches[0] if batches else []
    if not jobs:
        raise ConfigError("the sweep is empty: it expands to no jobs")
    return jobs


def _sweep_id(jobs: tuple[Job, ...]) -> str:
    hashes = json.dumps([[list(j.overrides), j.config_hash] for j in jobs])
    return hashlib.sha256(hashes.encode()).hexdigest()[:12]


def _restore(variable: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(variable, None)
    else:
        os.environ[variable] = value

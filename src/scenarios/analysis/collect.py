"""Collect a sweep folder (or a single run's folder) into tidy tables for comparison.

Only the jobs listed in the folder's ``sweep.json`` count, and only those finished with the
config the manifest names; failed and unfinished jobs are listed, not guessed at. Shards of one
arm are merged, so every arm has one row per replication index, paired across arms. What is
read of the series depends on the model (``model.kind`` of the resolved config): its
:class:`SeriesSpec`, from the registry of model kinds (:mod:`scenarios.kinds`).
"""

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from scenarios.config.schemas import DEFAULT_KIND
from scenarios.runs.job import DONE, FAILED, job_state
from scenarios.runs.sweep import MANIFEST, key_values, swept_keys

#: The country model's weekly indicators (columns of timeseries.parquet) summarised as
#: trajectories; their labels and units are in the indicator registry (scenarios.config.indicators).
TRAJECTORY_INDICATORS = (
    "killed",
    "displaced",
    "refugees",
    "threat",
    "legitimacy",
    "propaganda",
    "mobilised_share",
)
BAND = (0.1, 0.9)
PACKAGES = (
    "scenarios",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "simpy",
    "hydra-core",
    "scipy",
    "statsmodels",
    "seaborn",
    "matplotlib",
)


class NoResultsError(ValueError):
    """The folder holds no finished results to report on."""


@dataclass(frozen=True)
class SeriesSpec:
    """What a kind of model's runs hold over time, and what of it a sweep collects.

    Attributes:
        time: the time column of ``timeseries.parquet`` (``week``, ``step``); ``<time>s`` is
            the run length column of ``replications.parquet``.
        indicators: columns of ``timeseries.parquet`` summarised as trajectories.
        carried: columns a run that ended early keeps until the arm's last time.
        events: a further per-run table of each job collected into ``SweepTables.bursts``
            (``bursts.parquet``), or None.
        examples: whether ``SweepTables.examples`` keeps each arm's lowest replication.
    """

    time: str
    indicators: tuple[str, ...]
    carried: tuple[str, ...] = ()
    events: str | None = None
    examples: bool = False

    @property
    def length(self) -> str:
        """The column of ``replications.parquet`` that holds a run's length."""
        return f"{self.time}s"


@dataclass
class SweepTables:
    """Tidy tables of a sweep and what is known about it.

    ``bursts`` and ``examples`` are filled when the model's :class:`SeriesSpec` asks for them
    (the reference models: the bursts of rebellion of every Model I run, and the whole series
    of the first replication of each arm).
    """

    replications: pd.DataFrame
    trajectories: pd.DataFrame
    sweep_keys: list[str]
    meta: dict = field(default_factory=dict)
    bursts: pd.DataFrame = field(default_factory=pd.DataFrame)
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def kind(self) -> str:
        """The model the sweep ran (``model.kind``)."""
        return self.meta.get("kind", DEFAULT_KIND)


@dataclass(frozen=True)
class SweepStatistics:
    """A sweep's statistics for its report: one row per arm, as numbers and for display, and
    Kaplan–Meier curves by arm (empty when the model has no time to an event)."""

    table: pd.DataFrame
    formatted: pd.DataFrame
    survival: pd.DataFrame


def collect(folder: Path, series_of: Callable[[str], SeriesSpec]) -> SweepTables:
    """Read the finished jobs of the sweep (or single run) in ``folder``; ``series_of`` gives
    the :class:`SeriesSpec` of a ``model.kind``.

    Raises:
        NoResultsError: when ``folder`` is not a sweep or run folder, or no job has finished.
    """
    folder = Path(folder)
    if (folder / MANIFEST).is_file():
        manifest = json.loads((folder / MANIFEST).read_text())
    elif (folder / "replications.parquet").is_file():
        manifest = {"name": folder.name, "sweep_id": "", "command": [], "jobs": [], "single": 1}
    else:
        raise NoResultsError(
            f"{folder}: no results here (neither {MANIFEST} of a sweep nor replications.parquet "
            "of a run)"
        )
    jobs = _job_records(folder, manifest)
    finished = [j for j in jobs if j["state"] == "done"]
    if not finished:
        raise NoResultsError(
            f"{folder}: none of the {len(jobs)} jobs has finished; nothing to report"
        )
    sweep_keys = swept_keys([j["overrides"] for j in jobs])
    config_text = (finished[0]["folder"] / ".hydra" / "config.yaml").read_text()
    config = OmegaConf.to_container(OmegaConf.create(config_text))
    kind = str((config.get("model") or {}).get("kind", DEFAULT_KIND))
    spec = series_of(kind)
    frames, series, events = [], {}, []
    for job in finished:
        values = dict(key_values(job["overrides"]))
        frame = pd.read_parquet(job["folder"] / "replications.parquet")
        for key in sweep_keys:
            if key not in ("scenario", "strategy"):
                frame[key] = _typed(values[key])
        frame["arm"] = arm_label(values, sweep_keys, str(frame["strategy"].iloc[0]))
        frame["job"] = job["num"]
        frames.append(frame)
        timeseries = pd.read_parquet(
            job["folder"] / "timeseries.parquet",
            columns=["scenario", "replication", spec.time, *spec.indicators],
        )
        series.setdefault((frame["scenario"].iloc[0], frame["arm"].iloc[0]), []).append(timeseries)
        if spec.events:
            found = pd.read_parquet(job["folder"] / spec.events)
            events.append(found.assign(arm=frame["arm"].iloc[0]))
    replications = pd.concat(frames, ignore_index=True)
    first_job = replications.groupby(["scenario", "arm"])["job"].transform("min")
    replications = (
        replications.assign(_order=first_job)
        .sort_values(["_order", "replication"], kind="stable", ignore_index=True)
        .drop(columns="_order")
    )
    meta = _meta(manifest, jobs, replications, sweep_keys, config, config_text, spec)
    meta["kind"] = kind
    tables = SweepTables(replications, _trajectories(series, spec), sweep_keys, meta)
    if spec.events:
        tables.bursts = pd.concat(events, ignore_index=True)
    if spec.examples:
        tables.examples = _examples(series)
    return tables


def arm_label(values: dict[str, str], sweep_keys: list[str], strategy: str) -> str:
    """A short label for an arm: the strategy (or reference preset) alone, or ``key=value`` of
    each swept key."""
    keys = [k for k in sweep_keys if k != "scenario"]
    if not keys or keys in (["strategy"], ["model"]):
        return strategy
    short = _short_names(keys)
    named = ("strategy", "model")  # a strategy's or a reference preset's name says enough
    return ", ".join(values[k] if k in named else f"{short[k]}={values[k]}" for k in keys)


def _short_names(keys: list[str]) -> dict[str, str]:
    """The last part of each dotted key, or more parts where the last is shared."""
    for depth in range(1, max(len(k.split(".")) for k in keys) + 1):
        short = {k: ".".join(k.split(".")[-depth:]) for k in keys}
        if len(set(short.values())) == len(keys):
            return short
    return {k: k for k in keys}


def _typed(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def _job_records(folder: Path, manifest: dict) -> list[dict]:
    if manifest.get("single"):
        state = "done"
        return [{"num": 0, "overrides": [], "folder": folder, "state": state, "record": {}}]
    records = []
    for job in manifest["jobs"]:
        job_folder = folder / str(job["num"])
        state = job_state(job_folder, job["config_hash"])
        record = {}
        name = {"done": DONE, "failed": FAILED}.get(state)
        if name:
            record = json.loads((job_folder / name).read_text())
        records.append(
            {
                "num": job["num"],
                "overrides": job["overrides"],
                "folder": job_folder,
                "state": state,
                "record": record,
            }
        )
    return records


def _padded(frame: pd.DataFrame, time: str, carried: tuple[str, ...] = ()) -> pd.DataFrame:
    """Runs of one arm brought to the same length. A run that ended early (Model II, at an
    elimination) keeps the values of the ``carried`` columns (the group sizes) until the arm's
    last step; its other indicators are missing there, so means and bands are over the runs
    still going."""
    end = frame.groupby("replication")[time].transform("max")
    if (end == end.max()).all():
        return frame
    index = pd.MultiIndex.from_product(
        [frame["replication"].unique(), np.arange(frame[time].min(), frame[time].max() + 1)],
        names=["replication", time],
    )
    full = frame.set_index(["replication", time]).reindex(index)
    filled = ["scenario", *carried]
    full[filled] = full[filled].groupby(level="replication").ffill()
    return full.reset_index()


def _examples(series: dict[tuple[str, str], list[pd.DataFrame]]) -> pd.DataFrame:
    """The whole series of the lowest replication index of each arm."""
    rows = []
    for (_, arm), frames in series.items():
        frame = pd.concat(frames, ignore_index=True)
        first = frame[frame["replication"] == frame["replication"].min()]
        rows.append(first.assign(arm=arm))
    return pd.concat(rows, ignore_index=True)


def _trajectories(
    series: dict[tuple[str, str], list[pd.DataFrame]], spec: SeriesSpec
) -> pd.DataFrame:
    """Mean and 10-90% band of each indicator by (scenario, arm, time)."""
    time = spec.time
    rows = []
    for (scenario, arm), frames in series.items():
        long = (
            _padded(pd.concat(frames, ignore_index=True), time, spec.carried)
            .melt(
                id_vars=["scenario", "replication", time],
                value_vars=list(spec.indicators),
                var_name="indicator",
            )
            .dropna(subset=["value"])
        )
        grouped = long.groupby(["indicator", time], sort=True)["value"]
        summary = grouped.agg(
            mean="mean",
            low=lambda v: float(np.quantile(v, BAND[0])),
            high=lambda v: float(np.quantile(v, BAND[1])),
        ).reset_index()
        summary.insert(0, "arm", arm)
        summary.insert(0, "scenario", scenario)
        rows.append(summary)
    return pd.concat(rows, ignore_index=True)


def _meta(
    manifest: dict,
    jobs: list[dict],
    replications: pd.DataFrame,
    sweep_keys: list[str],
    config: dict,
    config_text: str,
    spec: SeriesSpec,
) -> dict:
    sweep = config.get("sweep", {})
    records = [j["record"] for j in jobs if j["record"]]
    started = min((r["started"] for r in records if "started" in r), default="")
    finished = max((r["finished"] for r in records if "finished" in r), default="")
    arms = list(dict.fromkeys(replications["arm"]))
    return {
        "name": manifest.get("name") or sweep.get("name", "run"),
        "title": sweep.get("title", "") if not manifest.get("single") else "Single run",
        "description": sweep.get("description", ""),
        "sweep_id": manifest.get("sweep_id", ""),
        "seed": int(replications["seed"].iloc[0]),
        "replications": int(replications.groupby(["scenario", "arm"]).size().max()),
        "weeks": int(replications[spec.length].iloc[0]),  # the run length, in weeks or steps
        "baseline": sweep.get("baseline", "strategy=none"),
        "sweep_keys": sweep_keys,
        "arms": arms,
        "jobs": len(jobs),
        "done": sum(j["state"] == "done" for j in jobs),
        "failed": [
            {"num": j["num"], "overrides": j["overrides"], "error": j["record"].get("error", "")}
            for j in jobs
            if j["state"] == "failed"
        ],
        "pending": [j["num"] for j in jobs if j["state"] == "pending"],
        "command": " ".join(["scenarios-run", *manifest.get("command", [])]),
        "started": started,
        "finished": finished,
        "run_seconds": _seconds_between(started, finished),
        "compute_seconds": float(sum(r.get("seconds", 0.0) for r in records)),
        "packages": _packages(),
        "config_yaml": config_text,
        "job_overrides": [j["overrides"] for j in jobs],
    }


def _seconds_between(start: str, end: str) -> float:
    if not start or not end:
        return float("nan")
    return (pd.Timestamp(end) - pd.Timestamp(start)).total_seconds()


def _packages() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found

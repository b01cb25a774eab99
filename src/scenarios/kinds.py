"""One registry of the kinds of model ``scenarios-run`` runs: the country model, and Epstein's
(2002) reference models, Model I (civil violence) and Model II (ethnic violence).

As EMA Workbench has one ``Model`` abstraction, a :class:`ModelKind` declares everything that
differs between models: its run schema, how a batch of its replications runs and which files
it writes, its one-run summary, what a sweep collects of its series (time unit, trajectory
indicators), the statistics of a sweep's arms, its report page and its sweep's summary. Callers
look the kind up once, :func:`kind_of` for a validated config or :func:`kind_named` for a
``model.kind``, and call through it.

This module sits above ``config``, ``runs``, ``analysis`` and ``views`` and hands them the parts
they need; the run schemas it holds are registered in :mod:`scenarios.config.schemas`, so that
validating a config needs nothing above ``config``.
"""

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from scenarios.analysis import reference, summary
from scenarios.analysis.collect import (
    TRAJECTORY_INDICATORS,
    SeriesSpec,
    SweepStatistics,
    SweepTables,
)
from scenarios.analysis.comparison import country_statistics
from scenarios.config.reference import CivilViolenceRunConfig, EthnicViolenceRunConfig
from scenarios.config.run import BaseRunConfig, RunConfig
from scenarios.config.schemas import RUN_SCHEMAS, kind_name, register_schema
from scenarios.runs import batch
from scenarios.runs.job import BatchTables
from scenarios.runs.reference import OUTPUT_FILES as REFERENCE_OUTPUT_FILES
from scenarios.runs.reference import (
    civil_violence_replication,
    ethnic_violence_replication,
    run_reference_batch,
)


@dataclass(frozen=True)
class ModelKind:
    """A kind of model, as ``scenarios-run`` and the report see it.

    Attributes:
        schema: the run schema; its ``model`` section's ``kind`` names the kind.
        run_batch: ``(config, progress=None, indices=None)``: the tables of replications
            ``indices`` (default: the job's), written by their ``write(folder)``.
        output_files: the files that ``write`` puts in a run's or a job's folder.
        summary_text: ``(replications, output_dir)``: a one-screen summary of a batch.
        series: what a sweep collects of the runs over time (time unit, trajectories).
        table_name: the stem of the per-arm table's files in the report (``<name>.parquet``,
            ``.csv``).
        statistics: ``(tables, baseline)``: a sweep's per-arm statistics.
        write_page: ``(folder, tables, statistics)``: the plots and ``report.html``.
        sweep_summary: ``(meta, formatted table, report.html)``: a sweep's terminal summary.
    """

    schema: type[BaseRunConfig]
    run_batch: Callable[..., BatchTables]
    output_files: tuple[str, ...]
    summary_text: Callable[[pd.DataFrame, str | None], str]
    series: SeriesSpec
    table_name: str
    statistics: Callable[[SweepTables, str | None], SweepStatistics]
    write_page: Callable[[Path, SweepTables, SweepStatistics], Path]
    sweep_summary: Callable[[dict, pd.DataFrame, Path], str]

    @property
    def name(self) -> str:
        """``model.kind`` of this kind's configs."""
        return kind_name(self.schema)

    @property
    def time_unit(self) -> str:
        """What one time step of a run is (``week``, ``step``)."""
        return self.series.time


#: The registered kinds, by name.
KINDS: dict[str, ModelKind] = {}


def missing_parts(kind: ModelKind) -> list[str]:
    """The parts ``kind`` lacks: empty or unset fields, and output files without the two tables
    every sweep collects (``replications.parquet``, ``timeseries.parquet``) or its series'
    further table."""
    missing = [f.name for f in dataclasses.fields(kind) if not getattr(kind, f.name)]
    series = kind.series
    if series:
        missing += [
            f"series.{name}" for name in ("time", "indicators") if not getattr(series, name)
        ]
        needed = {"replications.parquet", "timeseries.parquet", series.events} - {None}
        written = set(kind.output_files or ())
        missing += [f"output_files: {name}" for name in sorted(needed - written)]
    return missing


def register(kind: ModelKind) -> ModelKind:
    """Add ``kind`` to the registry (and its run schema to the configs that validate).

    Raises:
        ValueError: ``kind`` lacks a part (:func:`missing_parts`).
    """
    missing = missing_parts(kind)
    if missing:
        name = kind.name if kind.schema else "without a schema"
        raise ValueError(f"model kind {name!r} lacks {', '.join(missing)}")
    KINDS[kind.name] = kind
    register_schema(kind.schema)
    return kind


def unregister(name: str) -> None:
    """Remove a kind registered with :func:`register`."""
    KINDS.pop(name)
    RUN_SCHEMAS.pop(name)


def kind_named(name: str) -> ModelKind:
    """The kind whose configs have ``model.kind`` ``name``.

    Raises:
        ValueError: no such kind is registered.
    """
    if name not in KINDS:
        raise ValueError(f"model kind {name!r} is not known; known: {', '.join(KINDS)}")
    return KINDS[name]


def kind_of(config: BaseRunConfig) -> ModelKind:
    """The kind of a validated run config."""
    return kind_named(config.model.kind)  # type: ignore[attr-defined]


def series_of(name: str) -> SeriesSpec:
    """What a sweep collects of the series of kind ``name``."""
    return kind_named(name).series


def run_batch(
    config: BaseRunConfig, progress: bool | None = None, indices: Sequence[int] | None = None
) -> BatchTables:
    """Run replications ``indices`` (default: the job's) of ``config``'s model."""
    return kind_of(config).run_batch(config, progress, indices)


# The views import matplotlib and seaborn: loaded only when a report is drawn, as before.
def _country_page(folder: Path, tables: SweepTables, statistics: SweepStatistics) -> Path:
    from scenarios.views.report import write_report

    return write_report(
        folder,
        tables.replications,
        tables.trajectories,
        statistics.table,
        statistics.survival,
        tables.meta,
        formatted_comparison=statistics.formatted,
    )


def _reference_page(
    page: str, folder: Path, tables: SweepTables, statistics: SweepStatistics
) -> Path:
    from scenarios.views import reference_report

    return reference_report.write_reference_report(
        folder,
        tables,
        statistics.table,
        statistics.formatted,
        statistics.survival,
        getattr(reference_report, page),
    )


COUNTRY = register(
    ModelKind(
        schema=RunConfig,
        run_batch=batch.run_batch,
        output_files=batch.OUTPUT_FILES,
        summary_text=summary.summary_text,
        series=SeriesSpec("week", TRAJECTORY_INDICATORS),
        table_name="comparison",
        statistics=country_statistics,
        write_page=_country_page,
        sweep_summary=summary.sweep_summary_text,
    )
)
CIVIL_VIOLENCE = register(
    ModelKind(
        schema=CivilViolenceRunConfig,
        run_batch=partial(run_reference_batch, civil_violence_replication),
        output_files=REFERENCE_OUTPUT_FILES,
        summary_text=reference.CIVIL_VIOLENCE_ARMS.summary_text,
        series=reference.CIVIL_VIOLENCE_SERIES,
        table_name="arms",
        statistics=reference.CIVIL_VIOLENCE_ARMS.sweep_statistics,
        write_page=partial(_reference_page, "CIVIL_VIOLENCE_PAGE"),
        sweep_summary=reference.sweep_summary_text,
    )
)
ETHNIC_VIOLENCE = register(
    dataclasses.replace(
        CIVIL_VIOLENCE,
        schema=EthnicViolenceRunConfig,
        run_batch=partial(run_reference_batch, ethnic_violence_replication),
        summary_text=reference.ETHNIC_VIOLENCE_ARMS.summary_text,
        series=reference.ETHNIC_VIOLENCE_SERIES,
        write_page=partial(_reference_page, "ETHNIC_VIOLENCE_PAGE"),
        statistics=reference.ETHNIC_VIOLENCE_ARMS.sweep_statistics,
    )
)

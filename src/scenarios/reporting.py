"""From a sweep folder to its report: tidy tables, the comparison, plots and ``report.html``.

Everything lands in ``<folder>/report/``, built in a temporary folder beside it and swapped in
at the end, so a report is either the previous one or the new one, never half of each.
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scenarios.analysis.collect import SweepTables, collect
from scenarios.kinds import ModelKind, kind_named, series_of
from scenarios.runs.store import write_parquet, write_text

REPORT_FOLDER = "report"


@dataclass
class Report:
    """A written report and the tables behind it (``comparison``: the per-arm table)."""

    folder: Path
    tables: SweepTables
    comparison: pd.DataFrame
    formatted: pd.DataFrame

    @property
    def html(self) -> Path:
        return self.folder / "report.html"

    @property
    def kind(self) -> ModelKind:
        """The kind of model the sweep ran."""
        return kind_named(self.tables.kind)


def build_report(sweep_folder: Path, baseline: str | None = None) -> Report:
    """Collect ``sweep_folder``, compute its model's statistics of the arms (compared with
    ``baseline`` where the model compares one) and write ``<sweep_folder>/report/``: the
    collected replications and trajectories, the model's further per-run table, the per-arm
    table, survival curves, plots and ``report.html``.

    Raises:
        NoResultsError: the folder holds no finished results.
        ValueError: ``baseline`` names a key that is not a column of the results.
    """
    sweep_folder = Path(sweep_folder)
    tables = collect(sweep_folder, series_of)
    kind = kind_named(tables.kind)
    statistics = kind.statistics(tables, baseline)

    def write(staging: Path) -> None:
        write_parquet(tables.replications, staging / "replications.parquet")
        write_parquet(tables.trajectories, staging / "trajectories.parquet")
        if kind.series.events:
            write_parquet(tables.bursts, staging / kind.series.events)
        write_parquet(statistics.table, staging / f"{kind.table_name}.parquet")
        write_text(statistics.table.to_csv(index=False), staging / f"{kind.table_name}.csv")
        if not statistics.survival.empty:
            write_parquet(statistics.survival, staging / "survival.parquet")
        kind.write_page(staging, tables, statistics)

    return Report(_staged(sweep_folder, write), tables, statistics.table, statistics.formatted)


def _staged(sweep_folder: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write`` into a fresh folder beside ``<sweep_folder>/report`` and swap it in; on
    any error the previous report stays and the staging folder is removed."""
    final = sweep_folder / REPORT_FOLDER
    staging = Path(tempfile.mkdtemp(prefix=f".{REPORT_FOLDER}.", dir=sweep_folder))
    staging.chmod(0o755)
    try:
        write(staging)
        _swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``: rename the old one aside, rename, then delete the old."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old.{os.getpid()}")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

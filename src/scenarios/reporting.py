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

from scenarios.analysis import reference
from scenarios.analysis.collect import SweepTables, collect
from scenarios.analysis.comparison import comparison_table, format_comparison
from scenarios.analysis.statistics import kaplan_meier_curve
from scenarios.runs.store import write_parquet, write_text
from scenarios.views.report import write_report

REPORT_FOLDER = "report"


@dataclass
class Report:
    """A written report and the tables behind it."""

    folder: Path
    tables: SweepTables
    comparison: pd.DataFrame
    formatted: pd.DataFrame

    @property
    def html(self) -> Path:
        return self.folder / "report.html"


def survival_table(replications: pd.DataFrame) -> pd.DataFrame:
    """Kaplan-Meier curves of time to onset by (scenario, arm); no atrocity is censored."""
    curves = []
    for (scenario, arm), rows in replications.groupby(["scenario", "arm"], sort=False):
        durations = rows["onset_week"].where(rows["atrocity"], rows["weeks"]).to_numpy(float)
        curve = kaplan_meier_curve(durations, rows["atrocity"].to_numpy(bool))
        curve.insert(0, "arm", arm)
        curve.insert(0, "scenario", scenario)
        curves.append(curve)
    return pd.concat(curves, ignore_index=True)


def elimination_survival(replications: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier curves of Model II's time to elimination by (scenario, arm); runs that
    reached the cap are censored. The time column is called ``week`` as in
    :func:`survival_table`; it counts steps."""
    curves = []
    for (scenario, arm), rows in replications.groupby(["scenario", "arm"], sort=False):
        observed = ~rows["censored"].astype(bool).to_numpy()
        curve = kaplan_meier_curve(rows["time_to_elimination"].to_numpy(float), observed)
        curves.append(curve.assign(scenario=scenario, arm=arm))
    return pd.concat(curves, ignore_index=True)


def build_report(sweep_folder: Path, baseline: str | None = None) -> Report:
    """Collect ``sweep_folder``, compare its arms and write ``<sweep_folder>/report/``.

    Raises:
        NoResultsError: the folder holds no finished results.
        ValueError: ``baseline`` names a key that is not a column of the results.
    """
    sweep_folder = Path(sweep_folder)
    tables = collect(sweep_folder)
    if tables.kind != "country":
        return _build_reference_report(sweep_folder, tables)
    tables.meta["baseline"] = baseline or tables.meta["baseline"]
    comparison = comparison_table(
        tables.replications, tables.sweep_keys, tables.meta["baseline"], seed=tables.meta["seed"]
    )
    formatted = format_comparison(comparison)
    survival = survival_table(tables.replications)

    def write(staging: Path) -> None:
        write_parquet(tables.replications, staging / "replications.parquet")
        write_parquet(tables.trajectories, staging / "trajectories.parquet")
        write_parquet(comparison, staging / "comparison.parquet")
        write_parquet(survival, staging / "survival.parquet")
        write_text(comparison.to_csv(index=False), staging / "comparison.csv")
        write_report(
            staging,
            tables.replications,
            tables.trajectories,
            comparison,
            survival,
            tables.meta,
            formatted_comparison=formatted,
        )

    return Report(_staged(sweep_folder, write), tables, comparison, formatted)


def _build_reference_report(sweep_folder: Path, tables: SweepTables) -> Report:
    """The report of a reference model's runs: per-arm table, bursts or elimination times."""
    from scenarios.views.reference_report import write_reference_report

    arms = reference.arm_table(tables.replications, seed=tables.meta["seed"])
    formatted = reference.format_arms(arms, tables.kind)
    survival = (
        elimination_survival(tables.replications)
        if tables.kind == reference.ETHNIC_VIOLENCE
        else pd.DataFrame()
    )

    def write(staging: Path) -> None:
        write_parquet(tables.replications, staging / "replications.parquet")
        write_parquet(tables.trajectories, staging / "trajectories.parquet")
        write_parquet(tables.bursts, staging / "bursts.parquet")
        write_parquet(arms, staging / "arms.parquet")
        write_text(arms.to_csv(index=False), staging / "arms.csv")
        if not survival.empty:
            write_parquet(survival, staging / "survival.parquet")
        write_reference_report(staging, tables, arms, formatted, survival)

    return Report(_staged(sweep_folder, write), tables, arms, formatted)


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

"""The registry of model kinds: every kind declares every part, writes the files it declares, and
a new kind runs through the command line, sweeps and reports without touching their code."""

import dataclasses
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import pytest

from scenarios import kinds
from scenarios.analysis.collect import SeriesSpec, SweepStatistics, SweepTables
from scenarios.config.loading import load
from scenarios.config.run import BaseRunConfig
from scenarios.config.schemas import RUN_SCHEMAS
from scenarios.params import Schema
from scenarios.runs.store import write_parquet, write_text
from tests.helpers import run_in_process

#: A small config of each kind; a kind added without one fails the tests below.
SMALL_RUNS = {
    "country": ["scenario.population.agents=500", "weeks=2"],
    "epstein_civil_violence": ["model=epstein_civil_violence", "model.steps=20"],
    "epstein_ethnic_violence": ["model=epstein_ethnic_violence", "model.steps=20"],
}


def test_every_kind_declares_every_part_and_every_schema_has_a_kind():
    assert set(kinds.KINDS) == set(RUN_SCHEMAS) == set(SMALL_RUNS)
    for kind in kinds.KINDS.values():
        assert kinds.missing_parts(kind) == [], kind.name
    with pytest.raises(ValueError, match="'country' lacks summary_text, statistics"):
        kinds.register(dataclasses.replace(kinds.COUNTRY, summary_text=None, statistics=None))
    without_series = dataclasses.replace(
        kinds.CIVIL_VIOLENCE, output_files=("replications.parquet",)
    )
    with pytest.raises(
        ValueError, match=r"lacks output_files: bursts\.parquet, output_files: timeseries\.parquet"
    ):
        kinds.register(without_series)


@pytest.mark.parametrize("name", list(SMALL_RUNS))
def test_each_kind_writes_the_files_it_declares(tmp_path, name):
    config = load([*SMALL_RUNS[name], "replications=2", "progress=false"])[0]
    kind = kinds.kind_of(config)
    assert kind.name == name == config.model.kind
    result = kind.run_batch(config)
    result.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kind.output_files)
    assert list(result.replications["replication"]) == [0, 1]
    series = pd.read_parquet(tmp_path / "timeseries.parquet")
    assert {kind.time_unit, *kind.series.indicators} <= set(series.columns)


def test_config_imports_nothing_above_it():
    code = (
        "import sys, scenarios.config.loading, scenarios.config.document; "
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('scenarios.')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    layers = set(json.loads(result.stdout.replace("'", '"')))
    assert layers.isdisjoint({"runs", "analysis", "views", "kinds", "reporting", "cli"}), layers


# -- a kind registered here, run through the command line --------------------------------------


class FakeSpec(Schema):
    """A model whose run counts up to ``steps``."""

    kind: Literal["fake"] = "fake"
    steps: int = 3


class FakeRunConfig(BaseRunConfig):
    model: FakeSpec = FakeSpec()


@dataclass
class FakeTables:
    replications: pd.DataFrame
    timeseries: pd.DataFrame

    def write(self, folder: Path) -> None:
        write_parquet(self.replications, folder / "replications.parquet")
        write_parquet(self.timeseries, folder / "timeseries.parquet")


def fake_batch(config, progress=None, indices=None) -> FakeTables:
    indices = config.replication_indices() if indices is None else indices
    keys = [
        {"scenario": "fake", "strategy": "counting", "seed": config.seed, "replication": i}
        for i in indices
    ]
    steps = config.model.steps
    rows = pd.DataFrame(
        [{**k, "steps": steps, "total": steps * (k["replication"] + 1)} for k in keys]
    )
    series = pd.DataFrame(
        [{**k, "step": s, "count": s * (k["replication"] + 1)} for k in keys for s in range(steps)]
    )
    return FakeTables(rows, series)


def fake_statistics(tables: SweepTables, baseline: str | None) -> SweepStatistics:
    table = tables.replications.groupby("arm", sort=False, as_index=False)["total"].mean()
    return SweepStatistics(table, table.astype(str), pd.DataFrame())


def fake_page(folder: Path, tables: SweepTables, statistics: SweepStatistics) -> Path:
    write_text(f"<p>{len(statistics.table)} arms</p>", folder / "report.html")
    return folder / "report.html"


FAKE = kinds.ModelKind(
    schema=FakeRunConfig,
    run_batch=fake_batch,
    output_files=("replications.parquet", "timeseries.parquet"),
    summary_text=lambda replications, folder: f"fake total {replications['total'].sum()}",
    series=SeriesSpec("step", ("count",)),
    table_name="fake_arms",
    statistics=fake_statistics,
    write_page=fake_page,
    sweep_summary=lambda meta, formatted, html: f"fake sweep of {meta['jobs']} jobs: {html}",
)
#: The country model's choices out, the fake model in.
FAKE_MODEL = ["~scenario", "~strategy", "~model", "+model.kind=fake"]


@pytest.fixture
def fake_kind():
    kinds.register(FAKE)
    yield FAKE
    kinds.unregister(FAKE.name)


def test_a_registered_kind_runs_through_the_command_line(tmp_path, monkeypatch, capsys, fake_kind):
    run = tmp_path / "run"
    result = run_in_process(
        [*FAKE_MODEL, "+model.steps=3", "replications=2", f"hydra.run.dir={run}"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert result.returncode == 0, result.stderr
    assert "fake total 9" in result.stdout  # 3 + 6
    written = {p.name for p in run.iterdir() if p.suffix != ".log"}  # and Hydra's log
    assert written == {".hydra", *FAKE.output_files}

    sweep = tmp_path / "sweep"
    args = ["-m", *FAKE_MODEL, "+model.steps=2,4", "replications=2", "hydra/launcher=basic"]
    result = run_in_process([*args, f"hydra.sweep.dir={sweep}"], tmp_path, monkeypatch, capsys)
    assert result.returncode == 0, result.stderr
    assert f"fake sweep of 2 jobs: {sweep / 'report' / 'report.html'}" in result.stdout
    arms = pd.read_csv(sweep / "report" / "fake_arms.csv")
    assert list(arms["arm"]) == ["steps=2", "steps=4"]
    assert list(arms["total"]) == [3.0, 6.0]  # the mean over replications 0 and 1
    trajectories = pd.read_parquet(sweep / "report" / "trajectories.parquet")
    assert set(trajectories["indicator"]) == {"count"} and trajectories["step"].max() == 3
    assert (sweep / "report" / "report.html").read_text() == "<p>2 arms</p>"

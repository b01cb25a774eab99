"""Sweeps end to end: every experiment validates; results do not depend on workers or launcher;
an interrupted sweep resumes; a failing job is recorded and retried; bad input is refused."""

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from scenarios import cli
from scenarios.config.loading import ConfigError, config_dir, options
from scenarios.config.reference import REFERENCE_RUNS
from scenarios.runs.sweep import plan_sweep
from tests.helpers import EXECUTABLE, PRESETS, assert_refused, run_cli

SMALL = [
    "replications=6",
    "weeks=30",
    "scenario.population.agents=1000",
    "sweep.shards=2",
    "sweep.shard=range(2)",
]
STRATEGIES = "strategy=none,peacekeeping_led"


@pytest.fixture(scope="module")
def reference_sweep(tmp_path_factory) -> Path:
    """The small two-strategy sweep, run once with one local worker."""
    cwd = tmp_path_factory.mktemp("reference")
    folder = cwd / "sweep"
    result = run_cli(
        ["-m", STRATEGIES, *SMALL, "hydra.launcher.n_jobs=1", f"hydra.sweep.dir={folder}"], cwd
    )
    assert result.returncode == 0, result.stderr
    assert f"report: {folder / 'report' / 'report.html'}" in result.stdout
    return folder


def sweep_table(folder: Path) -> pd.DataFrame:
    """The collected replications of a finished sweep, without run-specific columns."""
    table = pd.read_parquet(folder / "report" / "replications.parquet")
    return table.drop(columns=["job"]).reset_index(drop=True)


def test_every_experiment_plans_and_names_itself():
    experiments = options("experiment")
    assert {"peacekeeping_timing_troops", "ideology_sweep", "quickstart"} <= set(experiments)
    compared = set()
    for name in experiments:
        plan = plan_sweep([f"experiment={name}"])
        assert plan.name == name
        assert plan.folder == Path("results/experiments") / name / plan.sweep_id
        shards = plan.jobs[0].config.sweep.shards
        indices = [i for job in plan.jobs[:shards] for i in job.config.replication_indices()]
        assert sorted(indices) == list(range(plan.jobs[0].config.replications))
        if name.startswith("epstein_"):  # reference models: no scenario or strategy
            assert {job.config.model.kind for job in plan.jobs} <= set(REFERENCE_RUNS)
            continue
        scenarios = {job.config.scenario.name for job in plan.jobs}
        strategies = {job.config.strategy.name for job in plan.jobs}
        if len(strategies) >= 6:
            compared |= scenarios
    assert compared == set(PRESETS), "a strategy comparison for each preset"


def test_two_dimensional_experiment_expands_the_grid():
    plan = plan_sweep(["experiment=peacekeeping_timing_troops"])
    cells = {
        (job.config.strategy.steps[0].start.week, job.config.model.steps.peacekeeping.troops)
        for job in plan.jobs
    }
    assert len(cells) == 4 * 5
    assert len(plan.jobs) == 4 * 5 * 2


def test_sweep_id_follows_the_configs():
    first = plan_sweep(["experiment=quickstart"])
    assert plan_sweep(["experiment=quickstart"]).sweep_id == first.sweep_id
    assert plan_sweep(["experiment=quickstart", "seed=1"]).sweep_id != first.sweep_id


def test_one_and_two_workers_and_submitit_give_identical_tables(tmp_path, reference_sweep):
    one = sweep_table(reference_sweep)
    assert len(one) == 2 * 6
    assert sorted(one["replication"].unique()) == list(range(6))
    for label, launcher in (
        ("two", ["hydra.launcher.n_jobs=2"]),
        ("submitit", ["hydra/launcher=submitit_local"]),
    ):
        folder = tmp_path / label
        result = run_cli(
            ["-m", STRATEGIES, *SMALL, *launcher, f"hydra.sweep.dir={folder}"], tmp_path
        )
        assert result.returncode == 0, result.stderr
        pd.testing.assert_frame_equal(one, sweep_table(folder), obj=label)


def test_sweep_matches_a_single_run_of_the_same_config(tmp_path, reference_sweep):
    """Shards change nothing: arm 'none' of a sharded sweep equals one unsharded run."""
    single = tmp_path / "single"
    plain = [o for o in SMALL if not o.startswith("sweep.")]
    result = run_cli(
        ["strategy=none", *plain, "progress=false", f"hydra.run.dir={single}"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    swept = sweep_table(reference_sweep).query("strategy == 'none'")
    alone = pd.read_parquet(single / "replications.parquet")
    columns = list(alone.columns)
    pd.testing.assert_frame_equal(
        swept[columns].reset_index(drop=True), alone[columns].reset_index(drop=True)
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def ray_head():
    """A Ray head on 127.0.0.1, stopped afterwards."""
    ray = str(Path(sys.executable).parent / "ray")
    port = free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run(
        [
            ray,
            "start",
            "--head",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            "--num-cpus=2",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    yield f"127.0.0.1:{port}"
    subprocess.run([ray, "stop", "--force"], capture_output=True, timeout=120, check=False)


def test_ray_cluster_gives_the_same_table_as_local_workers(tmp_path, ray_head, reference_sweep):
    remote = tmp_path / "ray"
    result = run_cli(
        [
            "-m",
            STRATEGIES,
            *SMALL,
            "hydra/launcher=ray_cluster",
            f"hydra.launcher.ray.init.address={ray_head}",
            f"hydra.sweep.dir={remote}",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    pd.testing.assert_frame_equal(sweep_table(reference_sweep), sweep_table(remote))


def done_records(folder: Path) -> dict[int, dict]:
    return {int(p.parent.name): json.loads(p.read_text()) for p in folder.glob("*/job.json")}


def test_interrupted_sweep_resumes_and_skips_finished_jobs(tmp_path):
    args = ["-m", "strategy=none,early_prevention,peacekeeping_led", "replications=8"]
    args += ["scenario.population.agents=1000", "sweep.shards=2", "sweep.shard=range(2)"]
    args += ["hydra.launcher.n_jobs=1"]
    process = subprocess.Popen(
        [EXECUTABLE, *args],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    folders = []
    while time.monotonic() < deadline and process.poll() is None:
        folders = list((tmp_path / "results" / "experiments" / "adhoc").glob("*"))
        if folders and done_records(folders[0]):
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert len(folders) == 1, "the sweep folder is named by the sweep id"
    before = done_records(folders[0])
    assert 1 <= len(before) < 6, "killed part-way"
    assert not (folders[0] / "report").exists()

    result = run_cli(args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{len(before)} of 6 jobs already done" in result.stdout
    after = done_records(folders[0])
    assert sorted(after) == list(range(6))
    for num, record in before.items():
        assert after[num] == record, f"job {num} was run again"

    fresh = tmp_path / "fresh"
    result = run_cli([*args, f"hydra.sweep.dir={fresh}"], tmp_path)
    assert result.returncode == 0, result.stderr
    pd.testing.assert_frame_equal(sweep_table(folders[0]), sweep_table(fresh))


def test_a_failing_job_is_recorded_and_the_others_finish(tmp_path, monkeypatch, capsys):
    import scenarios.runs.batch as batch

    real = batch.run_replication

    def flaky(config, replication):
        if config.strategy.name == "peacekeeping_led" and replication == 3:
            raise RuntimeError("simulated crash")
        return real(config, replication)

    folder = tmp_path / "sweep"
    argv = ["scenarios-run", "-m", STRATEGIES, *SMALL, "hydra/launcher=basic"]
    argv.append(f"hydra.sweep.dir={folder}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(batch, "run_replication", flaky)
    monkeypatch.setattr(sys, "argv", list(argv))
    with pytest.raises(SystemExit) as stop:
        cli.run_main()
    assert stop.value.code == 1
    failed = json.loads((folder / "3" / "failed.json").read_text())
    assert failed["error"] == "RuntimeError: simulated crash"
    assert sorted(done_records(folder)) == [0, 1, 2]
    assert "1 of 4 jobs failed" in capsys.readouterr().err
    report = (folder / "report" / "report.html").read_text()
    assert "simulated crash" in report

    monkeypatch.setattr(batch, "run_replication", real)
    monkeypatch.setattr(sys, "argv", list(argv))
    cli.run_main()
    assert sorted(done_records(folder)) == [0, 1, 2, 3]
    assert not (folder / "3" / "failed.json").exists()


def test_report_command_rebuilds_a_report_and_refuses_bad_baselines(tmp_path, reference_sweep):
    folder = tmp_path / "sweep"
    shutil.copytree(reference_sweep, folder)
    html = folder / "report" / "report.html"
    shutil.rmtree(folder / "report")
    report = str(Path(EXECUTABLE).with_name("scenarios-report"))
    rebuilt = subprocess.run(
        [report, str(folder)], capture_output=True, text=True, timeout=300, check=False
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "peacekeeping_led" in rebuilt.stdout
    for data in ("replications", "comparison", "trajectories", "survival"):
        assert (folder / "report" / f"{data}.parquet").is_file()
    comparison = pd.read_parquet(folder / "report" / "comparison.parquet")
    assert list(comparison["arm"]) == ["none", "peacekeeping_led"]
    assert comparison.loc[1, "baseline_arm"] == "none"
    first = html.read_bytes()
    refused = subprocess.run(
        [report, str(folder), "--baseline", "nonsense=1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: ") and "nonsense" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert html.read_bytes() == first, "a refused report leaves the old one as it was"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-m", "experiment=atlantis"], "unknown experiment 'atlantis'; available:"),
        (["-m", "experiment=quickstart,ideology_sweep"], "experiment: run one experiment"),
        (["-m", "scenario.regime.ideolgy=0.1,0.2"], "unknown key 'scenario.regime.ideolgy'"),
        (["-m", "strategy=none,nothing"], "unknown strategy 'nothing'"),
        (["-m", "seed=range(3,3)"], "seed: the sweep is empty"),
        (["-m", "scenario.country.segregation=0.5,1.5"], "scenario.country.segregation: got 1.5"),
        (
            ["-m", "strategy=none,coercive_late", "sweep.baseline='seed=4'"],
            "sweep.baseline: 'seed'",
        ),
        (["-m", "strategy=early_prevention,coercive_late"], "sweep.baseline: no job has"),
        (["-m", "sweep.shard=range(3)"], "sweep: shard: got 1; must be less than shards (1)"),
        (
            [
                "-m",
                "strategy=none,full_continuum",
                "hydra/launcher=basic",
                "+hydra.callbacks.x._target_=os.getcwd",
            ],
            "hydra.callbacks: not allowed",
        ),
    ],
)
def test_bad_sweeps_stop_with_one_line_and_write_nothing(
    tmp_path, monkeypatch, capsys, args, expected
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["scenarios-run", *args])
    with pytest.raises(SystemExit) as stop:
        cli.run_main()
    captured = capsys.readouterr()
    refused = subprocess.CompletedProcess(args, stop.value.code, captured.out, captured.err)
    assert_refused(refused, expected, tmp_path)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-m", "experiment=atlantis"], "unknown experiment 'atlantis'; available:"),
        (["-m", "seed=range(3,3)"], "seed: the sweep is empty"),
    ],
)
def test_bad_sweeps_are_refused_by_the_installed_command(tmp_path, args, expected):
    assert_refused(run_cli(args, tmp_path), expected, tmp_path)


def test_folder_of_another_sweep_is_not_overwritten(tmp_path, reference_sweep, monkeypatch, capsys):
    before = {
        p.relative_to(reference_sweep): p.stat().st_mtime_ns for p in reference_sweep.rglob("*")
    }
    argv = [
        "scenarios-run",
        "-m",
        STRATEGIES,
        *SMALL,
        "seed=9",
        f"hydra.sweep.dir={reference_sweep}",
    ]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as stop:
        cli.run_main()
    assert stop.value.code == 2
    assert "holds another sweep" in capsys.readouterr().err
    after = {
        p.relative_to(reference_sweep): p.stat().st_mtime_ns for p in reference_sweep.rglob("*")
    }
    assert after == before


@pytest.mark.parametrize("make", ["missing", "empty", "unfinished"])
def test_report_on_a_folder_without_results_is_refused(tmp_path, make):
    folder = tmp_path / "target"
    if make != "missing":
        folder.mkdir()
    if make == "unfinished":
        (folder / "sweep.json").write_text(
            json.dumps(
                {
                    "name": "x",
                    "sweep_id": "1",
                    "jobs": [{"num": 0, "overrides": [], "config_hash": "0"}],
                }
            )
        )
    listing = sorted(tmp_path.rglob("*"))
    report = str(Path(EXECUTABLE).with_name("scenarios-report"))
    result = subprocess.run(
        [report, str(folder)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert sorted(tmp_path.rglob("*")) == listing


def test_configs_may_not_select_other_launchers():
    with pytest.raises(ConfigError, match="hydra/launcher"):
        plan_sweep(["strategy=none,full_continuum", "hydra.launcher._target_=os.system"])
    assert (config_dir() / "experiment").resolve() == (
        config_dir().parent / "experiments"
    ).resolve()


def test_progress_bar_counts_jobs_done_and_failed_with_time_left(tmp_path):
    from scenarios.config.run import RunConfig
    from scenarios.runs.progress import SweepProgress
    from scenarios.runs.sweep import Job, SweepPlan, config_hash

    configs = [RunConfig.model_validate({"seed": seed}) for seed in range(4)]
    jobs = tuple(Job(num, (f"seed={num}",), config) for num, config in enumerate(configs))
    plan = SweepPlan("progress", "0", tmp_path, jobs, "local", None)

    def finish(num: int, name: str, digest: str | None = None) -> None:
        (tmp_path / str(num)).mkdir(exist_ok=True)
        record = {"config_hash": digest or config_hash(configs[num])}
        (tmp_path / str(num) / name).write_text(json.dumps(record))

    finish(0, "job.json")  # done before: counted at the start
    stream = io.StringIO()
    with SweepProgress(plan, interval=0.02, stream=stream) as progress:
        finish(1, "job.json")
        finish(2, "failed.json")
        finish(3, "job.json", digest="another config")  # not this sweep's: still pending
        deadline = time.monotonic() + 30
        while progress.counted < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
    text = stream.getvalue()
    assert re.search(r"3/4 \[\d\d:\d\d<\d\d:\d\d", text), text
    assert "failed=1" in text
    assert "4/4" not in text

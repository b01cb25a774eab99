"""Epstein's Models I and II through the main entry point: configs, replications, sweeps, report."""

import json

import numpy as np
import pandas as pd
import pytest

from scenarios.analysis.collect import _padded
from scenarios.analysis.reference import trend_finding
from scenarios.config.document import reference_model_names
from scenarios.config.loading import ConfigError, load
from scenarios.config.reference import CivilViolenceRunConfig, EthnicViolenceRunConfig
from scenarios.kinds import run_batch
from scenarios.reference import run_civil_violence, run_ethnic_violence
from scenarios.reference.presets import preset
from scenarios.reference.statistics import find_bursts
from scenarios.runs.seeds import replication_seed
from tests.helpers import assert_refused, run_cli


@pytest.mark.parametrize("name", list(reference_model_names()))
def test_every_reference_preset_is_a_model_choice_with_the_presets_values(name):
    config = load([f"model={name}"])[0]
    chosen = preset(reference_model_names()[name])
    assert config.model.params() == chosen.params
    assert config.model.steps == chosen.steps
    assert config.model.preset == name
    assert not hasattr(config, "scenario") and not hasattr(config, "weeks")


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("scenario=stable_democracy", "scenario: not used by model epstein_civil_violence"),
        ("strategy=early_prevention", "strategy: not used by model epstein_civil_violence"),
        ("weeks=30", "weeks: not used by model epstein_civil_violence (a reference model); set"),
        ("outcome.threshold=10", "outcome: not used by model epstein_civil_violence"),
        ("model.vison=3", "unknown key 'model.vison' (did you mean 'vision'?)"),
        ("model.arrest_ratio=ceil", "model.arrest_ratio: got 'ceil'"),
        ("model.cop_density=0.5", "citizen_density + cop_density must not exceed 1"),
        ("model.kind=epstein_iii", "model.kind: got 'epstein_iii'; allowed: country, epstein_"),
    ],
)
def test_bad_reference_config_is_refused_in_one_line(override, expected):
    with pytest.raises(ConfigError) as error:
        load(["model=epstein_civil_violence", override])
    assert expected in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_reference_config_on_the_command_line_exits_2_and_writes_nothing(tmp_path):
    result = run_cli(["model=epstein_ethnic_violence", "model.blue_share=2"], tmp_path)
    assert_refused(result, "model.blue_share: got 2", tmp_path)


def test_model_i_replication_is_the_library_run_with_the_replications_seed():
    config = load(["model=epstein_i_punctuated_equilibrium", "model.steps=600", "replications=2"])
    config = config[0]
    assert isinstance(config, CivilViolenceRunConfig)
    result = run_batch(config, progress=False)
    series = result.timeseries[result.timeseries["replication"] == 1]
    expected = run_civil_violence(config.model.params(), 600, replication_seed(config.seed, 1))
    pd.testing.assert_frame_equal(series[expected.columns].reset_index(drop=True), expected)
    row = result.replications.set_index("replication").loc[1]
    active = expected["active"].to_numpy()[1:]
    assert row["peak_active"] == active.max()
    assert row["mean_active"] == pytest.approx(active.mean())
    bursts = find_bursts(active, config.model.burst_threshold)
    assert row["bursts"] == len(bursts.starts) > 2
    found = result.bursts[result.bursts["replication"] == 1]
    np.testing.assert_array_equal(found["quiet_before"].to_numpy()[1:], bursts.waiting_times)
    assert row["mean_quiet"] == pytest.approx(bursts.waiting_times.mean())


def test_model_ii_replication_reports_elimination_or_censoring_at_the_cap():
    config = load(["model=epstein_ethnic_violence", "replications=3"])[0]
    assert isinstance(config, EthnicViolenceRunConfig)
    result = run_batch(config, progress=False)
    for row in result.replications.itertuples():
        frame, outcome = run_ethnic_violence(
            config.model.params(),
            config.model.steps,
            replication_seed(config.seed, row.replication),
        )
        assert not row.censored and row.eliminated == outcome["eliminated"]
        assert row.time_to_elimination == outcome["elimination_step"] == frame["step"].iloc[-1]
    capped = load(["model=epstein_ii_peacekeepers", "model.steps=5", "replications=2"])[0]
    short = run_batch(capped, progress=False).replications
    assert short["censored"].all() and (short["time_to_elimination"] == 5).all()
    assert (short["eliminated"] == "none").all()


def test_runs_that_ended_early_carry_group_sizes_but_not_activity():
    frame = pd.DataFrame(
        {
            "scenario": "m",
            "replication": [0, 0, 0, 1],
            "step": [0, 1, 2, 0],
            "blue": [10, 8, 6, 10],
            "blue_active": [0, 2, 1, 0],
        }
    )
    padded = _padded(frame, "step", carried=("blue",)).set_index(["replication", "step"])
    assert padded.loc[(1, 2), "blue"] == 10 and padded.loc[(1, 2), "scenario"] == "m"
    assert np.isnan(padded.loc[(1, 1), "blue_active"])
    assert padded.loc[(0, 2), "blue_active"] == 1


@pytest.fixture(scope="module")
def model_ii_sweep(tmp_path_factory):
    """A small Model II sweep over peacekeeper density, run by the console script."""
    cwd = tmp_path_factory.mktemp("model_ii")
    folder = cwd / "sweep"
    args = [
        "-m",
        "model=epstein_ethnic_violence",
        "model.cop_density=0.0,0.06",
        "model.steps=600",
        "replications=12",
        "sweep.shards=2",
        "sweep.shard=range(2)",
        "progress=false",
        f"hydra.sweep.dir={folder}",
    ]
    result = run_cli(args, cwd)
    assert result.returncode == 0, result.stderr
    return folder, result


def test_model_ii_sweep_reports_time_to_elimination_by_peacekeeper_density(model_ii_sweep):
    folder, result = model_ii_sweep
    arms = pd.read_csv(folder / "report" / "arms.csv").set_index("arm")
    assert list(arms.index) == ["cop_density=0.0", "cop_density=0.06"]
    assert (arms["replications"] == 12).all()
    assert (
        arms.loc["cop_density=0.06", "mean_time_capped"]
        > 3 * arms.loc["cop_density=0.0", "mean_time_capped"]
    )
    html = (folder / "report" / "report.html").read_text()
    for plot in ("plot-elimination", "plot-survival", "plot-example", "plot-trajectories"):
        assert f'data-testid="{plot}"' in html
    assert "reference model" in html and "cop_density=0.06" in result.stdout


def test_model_ii_sweep_equals_one_unsharded_run_in_process(model_ii_sweep):
    folder, _ = model_ii_sweep
    collected = pd.read_parquet(folder / "report" / "replications.parquet")
    dense = collected[collected["model.cop_density"] == 0.06].sort_values("replication")
    config = load(
        [
            "model=epstein_ethnic_violence",
            "model.cop_density=0.06",
            "model.steps=600",
            "replications=12",
        ]
    )[0]
    single = run_batch(config, progress=False).replications
    columns = ["replication", "eliminated", "time_to_elimination", "killed", "mean_clustering"]
    pd.testing.assert_frame_equal(
        dense[columns].reset_index(drop=True), single[columns].reset_index(drop=True)
    )
    manifest = json.loads((folder / "sweep.json").read_text())
    assert len(manifest["jobs"]) == 4


def test_model_i_sweep_shows_legitimacy_path_dependence_and_waiting_times(tmp_path):
    folder = tmp_path / "sweep"
    args = [
        "-m",
        "model=epstein_i_gradual_legitimacy,epstein_i_abrupt_legitimacy",
        "replications=6",
        "progress=false",
        f"hydra.sweep.dir={folder}",
    ]
    result = run_cli(args, tmp_path)
    assert result.returncode == 0, result.stderr
    arms = pd.read_csv(folder / "report" / "arms.csv").set_index("arm")
    gradual = arms.loc["epstein_i_gradual_legitimacy"]
    abrupt = arms.loc["epstein_i_abrupt_legitimacy"]
    assert gradual["peak_active_high"] < abrupt["peak_active_low"]
    bursts = pd.read_parquet(folder / "report" / "bursts.parquet")
    assert set(bursts["arm"]) == set(arms.index)
    html = (folder / "report" / "report.html").read_text()
    for plot in ("plot-example", "plot-trajectories", "plot-quiet-spells"):
        assert f'data-testid="{plot}"' in html


def test_trend_finding_states_the_direction_over_a_numeric_swept_key():
    rng = np.random.default_rng(3)
    density = np.repeat([0.0, 0.02, 0.04, 0.06], 20)
    runs = pd.DataFrame({"scenario": "epstein_ethnic_violence", "model.cop_density": density})
    rising = runs.assign(time_to_elimination=10 + 2000 * density + rng.normal(0, 20, 80))
    text = trend_finding(rising, ["model.cop_density"])
    assert text.startswith("The time to elimination (capped) clearly rises with model.cop_density")
    flat = runs.assign(time_to_elimination=rng.normal(100, 20, 80))
    assert "no clear trend" in trend_finding(flat, ["model.cop_density"])
    assert trend_finding(rising, ["model"]) is None
    two = rising[rising["model.cop_density"] <= 0.02]
    assert trend_finding(two, ["model.cop_density"]) is None

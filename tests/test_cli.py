"""`scenarios-run` end to end: outputs on good input; one-line errors and nothing written on bad."""

import pandas as pd
import pytest

from tests.helpers import assert_refused, run_cli


def test_run_writes_tables_config_and_summary(tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        [
            "scenario=pre_election_crisis",
            "replications=3",
            "weeks=30",
            "scenario.population.agents=2000",
            f"hydra.run.dir={out}",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    replications = pd.read_parquet(out / "replications.parquet")
    assert list(replications["replication"]) == [0, 1, 2]
    for column in (
        "scenario",
        "strategy",
        "seed",
        "replication",
        "atrocity",
        "onset_week",
        "civilian_deaths",
        "displaced",
        "weeks",
    ):
        assert column in replications.columns
    assert (replications["scenario"] == "pre_election_crisis").all()
    assert (replications["weeks"] == 30).all()
    timeseries = pd.read_parquet(out / "timeseries.parquet")
    assert len(timeseries) == 3 * 30
    assert not timeseries.duplicated(["replication", "week"]).any()
    assert (out / ".hydra" / "config.yaml").is_file()
    assert "probability of a mass atrocity" in result.stdout
    assert "95% Wilson interval" in result.stdout


def test_default_run_dir_is_under_results_by_scenario(tmp_path):
    result = run_cli(
        [
            "scenario=stable_democracy",
            "replications=1",
            "weeks=5",
            "scenario.population.agents=1000",
            "progress=false",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    runs = list((tmp_path / "results" / "stable_democracy").iterdir())
    assert len(runs) == 1 and (runs[0] / "replications.parquet").is_file()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["scenario=atlantis"], "unknown scenario 'atlantis'; available:"),
        (["replicatons=5"], "unknown key 'replicatons'"),
        (["scenario.regime.ideolgy=0.5"], "unknown key 'scenario.regime.ideolgy'"),
        (["replications=many"], "replications: got 'many'"),
        (["replications=-3"], "replications: got -3; input should be greater than or equal to 1"),
        (["scenario.country.segregation=1.5"], "scenario.country.segregation: got 1.5"),
        (["scenario.actors.0.personnel=-10"], "scenario.actors.0.personnel: got -10"),
        (["outcome.threshold=0"], "outcome.threshold: got 0"),
        (["scenario.population.agents=5000000"], "agents (5000000) must not exceed persons"),
        (["scenario.groups.0.share=0.9"], "groups: shares must sum to 1"),
    ],
)
def test_bad_input_stops_with_one_line_and_writes_nothing(tmp_path, args, expected):
    result = run_cli([*args, "replications=1"] if "replications" not in args[0] else args, tmp_path)
    assert_refused(result, expected, tmp_path)


def test_a_callback_in_a_single_run_is_refused_and_never_called(tmp_path):
    called = tmp_path / "callback_ran"  # os.makedirs would create it, and the run its folder
    result = run_cli(
        [
            "scenario=stable_democracy",
            "replications=1",
            "weeks=2",
            "scenario.population.agents=500",
            "+hydra.callbacks.payload._target_=os.makedirs",
            f"+hydra.callbacks.payload.name={called}",
        ],
        tmp_path,
    )
    assert_refused(result, "error: hydra.callbacks: not allowed (a callback runs code)", tmp_path)
    assert not called.exists()

"""Helpers shared by the tests: configs composed exactly as `scenarios-run` composes them,
models built from them with :meth:`CountryModel.from_config`, and `scenarios-run` run installed
or in-process with its refusals checked."""

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from scenarios import cli
from scenarios.analysis.comparison import DIFFERENCE_COLUMNS
from scenarios.config.loading import load
from scenarios.config.run import RunConfig
from scenarios.config.strategy import StrategySpec
from scenarios.model.model import CountryModel
from scenarios.runs.batch import run_batch
from scenarios.runs.seeds import replication_seed

EXECUTABLE = shutil.which("scenarios-run", path=str(Path(sys.executable).parent))
PRESETS = ("stable_democracy", "pre_election_crisis", "insurgency_minority_regime")
ACUTE = "insurgency_minority_regime"


COUNCIL_AGREES = (
    "seed=2026",
    "scenario.stakeholders.patron_veto=0.0",
    "scenario.stakeholders.council_support=1.0",
    "scenario.stakeholders.peacekeepers=40000",
)
"""Settings of the paired statistical tests: the patron never vetoes and the Council always
agrees, so each arm's steps are really taken; a pool large enough for any mission."""


@functools.cache
def paired_arm(
    scenario: str,
    steps_json: str = "[]",
    *overrides: str,
    agents: int = 10_000,
    replications: int = 200,
    weeks: int = 156,
) -> pd.DataFrame:
    """Replications table of one arm of a paired comparison: ``scenario`` under the steps of
    ``steps_json`` (strategy-spec dicts as JSON), with :data:`COUNCIL_AGREES` (cached per
    process, so the tests of several files share arms)."""
    config = make_config(
        scenario,
        *COUNCIL_AGREES,
        *overrides,
        agents=agents,
        replications=replications,
        weeks=weeks,
    )
    strategy = StrategySpec.model_validate({"name": "test", "steps": json.loads(steps_json)})
    return run_batch(config.model_copy(update={"strategy": strategy})).replications


def make_config(
    scenario: str, *overrides: str, agents: int = 5000, replications: int = 2, weeks: int = 156
) -> RunConfig:
    """A validated config for ``scenario`` with a small population and no progress bar."""
    return load(
        [
            f"scenario={scenario}",
            f"scenario.population.agents={agents}",
            f"replications={replications}",
            f"weeks={weeks}",
            "progress=false",
            *overrides,
        ]
    )[0]


def build_model(
    scenario: str,
    steps: list[dict],
    *overrides: str,
    agents: int = 2000,
    weeks: int = 20,
    seed: int = 0,
) -> CountryModel:
    """A model of ``scenario`` whose strategy is made of ``steps`` (strategy-spec dicts), on
    replication 0 of ``seed``."""
    config = make_config(scenario, *overrides, agents=agents, weeks=weeks)
    strategy = StrategySpec.model_validate({"name": "test", "steps": steps})
    config = config.model_copy(update={"strategy": strategy})
    return CountryModel.from_config(config, replication_seed(seed, 0))


def step_rows(model: CountryModel) -> list[dict]:
    """The event log's rows of step transitions, in order."""
    return [row for row in model.event_log.rows if row["category"] == "step"]


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed ``scenarios-run`` in ``cwd``."""
    return subprocess.run(
        [EXECUTABLE, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def run_in_process(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> subprocess.CompletedProcess:
    """Run ``scenarios-run args`` in this process, in ``cwd``; its exit status and output."""
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["scenarios-run", *args])
    try:
        cli.run_main()
        status = 0
    except SystemExit as stop:
        status = stop.code
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, captured.out, captured.err)


def assert_refused(result: subprocess.CompletedProcess, expected: str, cwd: Path) -> None:
    """Exit 2, one 'error:' line containing ``expected``, no traceback, nothing written."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == []


# -- synthetic inputs of the report -------------------------------------------------------

SCENARIOS = ("pre_election_crisis", "insurgency_minority_regime")
ARMS = ("none", "peacekeeping_led", "sanctions_first", "mediation")
SWEEP = {
    "strategy.steps.0.start.week": [4, 13, 26],
    "model.steps.peacekeeping.troops": [1000, 5000],
}
INDICATOR_SCALE = {
    "killed": 8000.0,
    "displaced": 250_000.0,
    "refugees": 60_000.0,
    "threat": 1.0,
    "legitimacy": 1.0,
    "propaganda": 1.0,
    "mobilised_share": 0.3,
}
DIFFERENCES = tuple(DIFFERENCE_COLUMNS)
BASE_STEMS = ("probability", "survival", "deaths", "trajectories")


def make_experiment(
    *,
    scenarios: tuple[str, ...] = SCENARIOS,
    arms: tuple[str, ...] = ARMS,
    replications: int = 60,
    weeks: int = 52,
    seed: int = 20240611,
    sweep: dict[str, list] | None = None,
    baseline: bool = True,
    description: str = "Synthetic experiment.\n\nTwo paragraphs of description.",
) -> dict:
    """Synthetic inputs of :func:`write_report` with paired replications (fixed seed)."""
    rng = np.random.default_rng(seed)
    sweep_keys = list(sweep or {})
    arm_keys: dict[str, dict] = {}
    if sweep:
        (k1, v1), (k2, v2) = sweep.items()
        arms = ("none", *(f"start.week={a}, troops={b}" for a in v1 for b in v2))
        arm_keys = {"none": {k1: np.nan, k2: np.nan}}
        arm_keys |= {f"start.week={a}, troops={b}": {k1: a, k2: b} for a in v1 for b in v2}
    rows = []
    for s, scenario in enumerate(scenarios):
        common = rng.uniform(size=(replications, 3))  # common random numbers across arms
        for a, arm in enumerate(arms):
            p = 0.7 - 0.1 * s if arm == "none" else max(0.05, 0.6 - 0.08 * a - 0.1 * s)
            atrocity = common[:, 0] < p
            onset = np.where(atrocity, 2 + (weeks - 3) * common[:, 1], np.nan)
            deaths = np.where(atrocity, np.exp(7 + 1.5 * common[:, 2]) * (1 - 0.08 * a), 0.0)
            deaths = np.where(~atrocity & (common[:, 2] > 0.7), 12 * common[:, 2], deaths)
            cost = 0.0 if arm == "none" else 40.0 * a + rng.normal(0, 2, replications)
            for i in range(replications):
                rows.append(
                    {
                        "scenario": scenario,
                        "strategy": "none" if arm == "none" else "peacekeeping_led",
                        "arm": arm,
                        "replication": i,
                        "atrocity": bool(atrocity[i]),
                        "onset_week": float(onset[i]),
                        "civilian_deaths": float(round(deaths[i])),
                        "cost_money": float(np.atleast_1d(cost)[i % np.size(cost)]),
                        "personnel_weeks": 0.0 if arm == "none" else 5000.0 * a,
                        "weeks": weeks,
                        **arm_keys.get(arm, {}),
                    }
                )
    reps = pd.DataFrame(rows)
    comparison = _comparison(reps, sweep_keys, baseline)
    return {
        "replications": reps,
        "trajectories": _trajectories(scenarios, arms, weeks),
        "comparison": comparison,
        "survival": _survival(reps, weeks),
        "meta": {
            "name": "synthetic",
            "title": "Synthetic experiment",
            "description": description,
            "sweep_id": "2024-06-11_12-00-00",
            "seed": seed,
            "replications": replications,
            "weeks": weeks,
            "baseline": "strategy=none",
            "sweep_keys": sweep_keys,
            "arms": list(arms),
            "jobs": len(scenarios) * len(arms),
            "failed": [],
            "command": "scenarios-run -m +experiment=synthetic",
            "started": "2024-06-11T12:00:00",
            "finished": "2024-06-11T12:03:25",
            "run_seconds": 205.4,
            "packages": {"numpy": "2.1.0", "pandas": "2.2.2", "scenarios": "0.1.0"},
            "config_yaml": "scenario:\n  name: pre_election_crisis\nweeks: 52\n",
            "job_overrides": [[f"scenario={s}", f"arm={a}"] for s in scenarios for a in arms],
        },
    }


def _comparison(reps: pd.DataFrame, sweep_keys: list[str], baseline: bool) -> pd.DataFrame:
    rows = []
    for (scenario, arm), g in reps.groupby(["scenario", "arm"], sort=False):
        base = reps[(reps["scenario"] == scenario) & (reps["arm"] == "none")]
        n, hits = len(g), int(g["atrocity"].sum())
        low, high = proportion_confint(hits, n, method="wilson")
        deaths = g["civilian_deaths"]
        half = 1.96 * deaths.std() / np.sqrt(n)
        row = {
            "scenario": scenario,
            "arm": arm,
            **{k: g[k].iloc[0] for k in sweep_keys},
            "strategy": g["strategy"].iloc[0],
            "replications": n,
            "atrocities": hits,
            "p_atrocity": hits / n,
            "p_low": low,
            "p_high": high,
            "deaths_mean": deaths.mean(),
            "deaths_mean_low": max(deaths.mean() - half, 0),
            "deaths_mean_high": deaths.mean() + half,
            "deaths_median": deaths.median(),
            "deaths_median_low": deaths.quantile(0.4),
            "deaths_median_high": deaths.quantile(0.6),
            "onset_median": g["onset_week"].median(),
            "onset_median_low": g["onset_week"].quantile(0.4),
            "onset_median_high": g["onset_week"].quantile(0.6),
            "cost_money_mean": g["cost_money"].mean(),
            "personnel_weeks_mean": g["personnel_weeks"].mean(),
            "baseline_arm": "none" if baseline else np.nan,
            "pairs": n if baseline else 0,
        }
        diff = np.nan
        if baseline and arm != "none":
            d = g["atrocity"].to_numpy(float) - base["atrocity"].to_numpy(float)
            averted = base["civilian_deaths"].to_numpy() - deaths.to_numpy()
            se, se_a = d.std() / np.sqrt(n), averted.std() / np.sqrt(n)
            diff = d.mean()
            row |= {
                "p_diff": diff,
                "p_diff_low": diff - 1.96 * se,
                "p_diff_high": diff + 1.96 * se,
                "p_diff_pvalue": 0.0004 if abs(diff) > 2 * se else 0.3,
                "deaths_averted_mean": averted.mean(),
                "deaths_averted_low": averted.mean() - 1.96 * se_a,
                "deaths_averted_high": averted.mean() + 1.96 * se_a,
            }
        else:
            row |= dict.fromkeys(DIFFERENCES, diff)
        rows.append(row)
    return pd.DataFrame(rows)


def _trajectories(scenarios, arms, weeks: int) -> pd.DataFrame:
    week = np.arange(weeks + 1)
    frames = []
    for s, scenario in enumerate(scenarios):
        for a, arm in enumerate(arms):
            for indicator, scale in INDICATOR_SCALE.items():
                shape = 1 / (1 + np.exp(-(week - weeks / 2) / 6)) * (1 - 0.1 * a) * (1 - 0.2 * s)
                mean = scale * shape
                top = 1.0 if scale <= 1 else np.inf
                frames.append(
                    pd.DataFrame(
                        {
                            "scenario": scenario,
                            "arm": arm,
                            "indicator": indicator,
                            "week": week,
                            "mean": mean,
                            "low": 0.6 * mean,
                            "high": np.minimum(1.4 * mean, top),
                        }
                    )
                )
    return pd.concat(frames, ignore_index=True)


def _survival(reps: pd.DataFrame, weeks: int) -> pd.DataFrame:
    rows = []
    for (scenario, arm), g in reps.groupby(["scenario", "arm"], sort=False):
        onset = g["onset_week"].fillna(np.inf).to_numpy()
        for week in range(weeks + 1):
            s = float((onset > week).mean())
            half = 1.96 * np.sqrt(s * (1 - s) / len(onset))
            rows.append(
                {
                    "scenario": scenario,
                    "arm": arm,
                    "week": week,
                    "survival": s,
                    "low": max(s - half, 0),
                    "high": min(s + half, 1),
                }
            )
    return pd.DataFrame(rows)

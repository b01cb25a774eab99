"""Configs never run code: whatever would make Hydra run code is refused in one line, exit
status 2, before anything is written, in single runs and sweeps alike, from the command line,
from a config file (an experiment, a preset, a file on ``hydra.searchpath``) or through a flag.

Each payload creates ``payload_ran`` in the working folder if it runs, so "nothing written"
also means "never ran".
"""

import os
import pickle
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from scenarios.cli import parse_command_line
from scenarios.config import loading
from scenarios.config.loading import ConfigError, config_dir, load
from scenarios.runs.sweep import plan_sweep
from tests.helpers import assert_refused, run_in_process

SMALL_RUN = [
    "scenario=stable_democracy",
    "replications=1",
    "weeks=2",
    "scenario.population.agents=500",
    "progress=false",
]
PAYLOAD_MODULE = "scenarios_test_payload"
#: Config files a test puts on hydra.searchpath; MARKER stands for the payload's file.
SEARCH_PATH_FILES = {
    "hydra/callbacks/payload.yaml": """
        payload:
          _target_: os.makedirs
          name: MARKER
    """,
    "hydra/job_logging/payload.yaml": """
        version: 1
        handlers:
          payload:
            (): os.makedirs
            name: MARKER
        root:
          handlers: [payload]
    """,
    "hydra/launcher/payload.yaml": """
        _target_: hydra._internal.core_plugins.basic_launcher.BasicLauncher
        payload:
          _target_: os.makedirs
          name: MARKER
    """,
    "hydra/sweeper/payload.yaml": """
        _target_: hydra._internal.core_plugins.basic_sweeper.BasicSweeper
        max_batch_size: null
        params:
          +hydra.job_logging.handlers.payload.class: logging.FileHandler
          +hydra.job_logging.handlers.payload.filename: MARKER
    """,
}


class PicklePayload:
    """Unpickling it creates the marker."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (os.makedirs, (self.marker,))


@pytest.fixture
def place(tmp_path, monkeypatch):
    """An empty working folder ``cwd``, and beside it ``extra/``: config files for
    hydra.searchpath, a pickle and a package whose import runs the payload."""
    cwd, extra = tmp_path / "cwd", tmp_path / "extra"
    cwd.mkdir()
    marker = cwd / "payload_ran"
    for name, text in SEARCH_PATH_FILES.items():
        (extra / name).parent.mkdir(parents=True, exist_ok=True)
        (extra / name).write_text(textwrap.dedent(text).replace("MARKER", str(marker)))
    (extra / "config.pickle").write_bytes(pickle.dumps(PicklePayload(marker)))
    package = extra / "lib" / PAYLOAD_MODULE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"import os\nos.makedirs({str(marker)!r})\n")
    monkeypatch.syspath_prepend(str(extra / "lib"))
    monkeypatch.delitem(sys.modules, PAYLOAD_MODULE, raising=False)
    return cwd, extra, marker


def _filled(args: list[str], extra: Path, marker: Path) -> list[str]:
    return [a.replace("EXTRA", str(extra)).replace("MARKER", str(marker)) for a in args]


SEARCH_PATH = "hydra.searchpath=[file://EXTRA]"
FILE_HANDLER = "{class: logging.FileHandler, filename: MARKER}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            [*SMALL_RUN, SEARCH_PATH, "hydra/callbacks=payload"],
            "error: hydra.callbacks: not allowed (a callback runs code); configs may set no "
            "callbacks",
            id="callback-from-a-search-path-file",
        ),
        pytest.param(
            [*SMALL_RUN, SEARCH_PATH, "hydra/job_logging=payload"],
            "error: hydra.job_logging: changed; a logging config imports classes and calls "
            "factories, so configs may only choose a shipped one, unchanged: "
            "hydra/job_logging=default, disabled, none, quiet, stdout",
            id="logging-factory-from-a-search-path-file",
        ),
        pytest.param(
            [*SMALL_RUN, f"+hydra.hydra_logging.handlers.payload={FILE_HANDLER}"],
            "error: hydra.hydra_logging: changed",
            id="logging-handler-on-the-command-line",
        ),
        pytest.param(
            ["--help", f"+hydra.hydra_logging.handlers.payload={FILE_HANDLER}"],
            "error: hydra.hydra_logging: changed",
            id="logging-handler-with-help",
        ),
        pytest.param(
            ["-m", *SMALL_RUN, SEARCH_PATH, "hydra/launcher=payload"],
            "error: hydra.launcher.payload._target_: not allowed; a config names no Python "
            "target except the launcher and sweeper it selects (hydra/launcher, hydra/sweeper)",
            id="target-inside-a-launcher-file",
        ),
        pytest.param(
            [*SMALL_RUN, "hydra.mode=MULTIRUN", SEARCH_PATH, "hydra/sweeper=payload"],
            "error: hydra.job_logging: changed",
            id="job-level-logging-from-sweeper-params-without-m",
        ),
        pytest.param(
            [*SMALL_RUN, "+hydra.job.env_set.PAYLOAD=1"],
            "error: hydra.job.env_set.PAYLOAD: not allowed; configs may not set environment "
            "variables",
            id="environment",
        ),
        pytest.param(
            [*SMALL_RUN, "+scenario.payload={_target_: os.makedirs, name: MARKER}"],
            "error: unknown key 'scenario.payload._target_'; a config names no Python target",
            id="target-in-the-task-config",
        ),
        pytest.param(
            [*SMALL_RUN, f"hydra.searchpath=[pkg://{PAYLOAD_MODULE}]"],
            f"error: hydra.searchpath: 'pkg://{PAYLOAD_MODULE}' is not allowed (pkg:// imports "
            "Python code); give folders, file://PATH or PATH",
            id="package-search-path",
        ),
        pytest.param(
            ["-cd", "EXTRA", *SMALL_RUN],
            "error: -cd: not allowed; scenarios-run reads only its own configs",
            id="config-dir",
        ),
        pytest.param(
            ["--config-dir=EXTRA", *SMALL_RUN],
            "error: --config-dir: not allowed",
            id="config-dir-attached",
        ),
        pytest.param(["-cp", "EXTRA", *SMALL_RUN], "error: -cp: not allowed", id="config-path"),
        pytest.param(["-cn", "other", *SMALL_RUN], "error: -cn: not allowed", id="config-name"),
        pytest.param(
            ["--experimental-rerun=EXTRA/config.pickle"],
            "error: --experimental-rerun: not allowed; it loads a pickle, which can run any code",
            id="rerun-pickle",
        ),
        pytest.param(
            ["--experimental-r", "EXTRA/config.pickle"],
            "error: --experimental-r: not an option of scenarios-run; options: -m, --multirun, "
            "-h, --help",
            id="rerun-pickle-abbreviated",
        ),
        pytest.param(["-sc", "install=bash"], "error: -sc: not allowed", id="shell-completion"),
    ],
)
def test_what_would_run_code_is_refused_and_never_runs(place, monkeypatch, capsys, args, expected):
    cwd, extra, marker = place
    result = run_in_process(_filled(args, extra, marker), cwd, monkeypatch, capsys)
    assert_refused(result, expected, cwd)
    assert not marker.exists()
    assert PAYLOAD_MODULE not in sys.modules


OC_CREATE = "'${oc.create:\"{_target_: os.makedirs, name: MARKER}\"}'"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            ["hydra/launcher=ray_cluster", f"hydra.launcher.ray.init.address={OC_CREATE}"],
            "hydra.launcher.ray.init.address: the resolver 'oc.create' is not allowed; configs "
            "may use only hydra, now, oc.env, oc.select",
            id="node-built-from-text",
        ),
        pytest.param(
            ["sweep.title='${oc.${oc.env:RESOLVER}:text}'"],
            "sweep.title: the resolver 'oc.${oc.env:RESOLVER}' is not allowed",
            id="resolver-named-by-an-interpolation",
        ),
        pytest.param(
            ["hydra/launcher=ray_cluster", "+hydra.launcher.ray.init.runtime_env={pip: [x]}"],
            "hydra.launcher.ray.init.runtime_env: not allowed; configs may set only address, ",
            id="ray-runtime-env",
        ),
        pytest.param(
            [
                "hydra/launcher=ray_cluster",
                "+hydra.launcher.ray.remote.resources={_target_: os.makedirs, name: MARKER}",
            ],
            "hydra.launcher.ray.remote.resources._target_: not allowed",
            id="target-under-an-allowed-ray-option",
        ),
        pytest.param(
            ["hydra/launcher=slurm", "hydra.launcher.setup=[touch MARKER]"],
            "hydra.launcher.setup: not allowed; it runs shell commands before each job",
            id="slurm-setup",
        ),
        pytest.param(
            ["hydra/launcher=slurm", "+hydra.launcher.additional_parameters.wrap=x"],
            "hydra.launcher.additional_parameters: not allowed; it passes any sbatch option",
            id="slurm-options",
        ),
        pytest.param(
            ["hydra/launcher=slurm", "hydra.launcher.partition='a\ntouch MARKER'"],
            "hydra.launcher.partition: got 'a\\ntouch ",
            id="line-break-in-a-slurm-value",
        ),
        pytest.param(
            ["hydra/launcher=slurm", "hydra.job.name='a\ntouch MARKER'"],
            "hydra.launcher.name: got 'a\\ntouch ",
            id="line-break-through-an-interpolation",
        ),
        pytest.param(
            ["hydra.sweeper._target_=os.getcwd"],
            "hydra/sweeper: 'os.getcwd' is not an allowed target; configs may select only "
            "BasicSweeper",
            id="sweeper",
        ),
    ],
)
def test_sweep_plans_refuse_launcher_options_that_run_code(place, overrides, expected):
    _, extra, marker = place
    with pytest.raises(ConfigError) as refused:
        plan_sweep(["strategy=none,full_continuum", *_filled(overrides, extra, marker)])
    assert expected in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1


@pytest.fixture
def own_configs(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped configs, used in place of them."""
    copy = tmp_path / "configs"
    shutil.copytree(config_dir(), copy)
    monkeypatch.setattr(loading, "config_dir", lambda: copy)
    return copy


@pytest.mark.parametrize(
    ("name", "text", "overrides", "expected"),
    [
        pytest.param(
            "experiment/payload.yaml",
            """
            # @package _global_
            hydra:
              callbacks:
                payload: {_target_: os.makedirs, name: payload_ran}
            """,
            ["experiment=payload"],
            "hydra.callbacks: not allowed",
            id="callback-in-an-experiment",
        ),
        pytest.param(
            "strategy/payload.yaml",
            """
            # @package _global_
            strategy: {name: payload, steps: []}
            hydra:
              hydra_logging:
                version: 1
                handlers:
                  payload: {(): os.makedirs, name: payload_ran}
            """,
            ["strategy=payload"],
            "hydra.hydra_logging: changed",
            id="logging-factory-in-a-preset",
        ),
    ],
)
def test_config_files_are_checked_as_the_command_line_is(
    own_configs, name, text, overrides, expected
):
    (own_configs / name).write_text(textwrap.dedent(text))
    with pytest.raises(ConfigError, match=expected):
        load(overrides)


def test_what_is_allowed_still_composes(place):
    _, extra, _ = place
    run = load(
        [
            *SMALL_RUN,
            "hydra/job_logging=disabled",
            "hydra/hydra_logging=none",
            f"hydra.searchpath=[file://{extra}]",
            "hydra.job.env_copy=[PATH]",
        ]
    )
    assert run[0].scenario.name == "stable_democracy"
    for launcher in (
        ["hydra/launcher=ray_cluster", "+hydra.launcher.ray.init.num_cpus=2"],
        ["hydra/launcher=slurm", "hydra.launcher.partition=gpu", "hydra.launcher.mem_gb=8"],
        ["hydra/launcher=submitit_local"],
        ["hydra/launcher=basic"],
    ):
        plan = plan_sweep(["strategy=none,full_continuum", *launcher])
        assert len(plan.jobs) == 2


def test_only_hydras_flags_that_show_something_pass():
    command = parse_command_line(["-m", "a=1", "--cfg", "job", "--info", "config", "b=2"])
    assert command.overrides == ["a=1", "b=2"]
    assert command.multirun and command.shows_only
    command = parse_command_line(["--info", "c=3", "--package=scenario"])
    assert command.overrides == ["c=3"] and not command.multirun and command.shows_only
    assert parse_command_line(["d=4"]) == type(command)(["d=4"], False, False)
    with pytest.raises(ConfigError, match="--help=x: not an option"):
        parse_command_line(["--help=x"])

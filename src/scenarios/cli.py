"""Command-line entry points: parse, validate, call, print.

``scenarios-run [overrides...]`` validates the whole command line first and stops with a
one-line message and exit status 2 on bad input, before Hydra creates any output folder: bad
values, and anything the config would make Hydra run (:mod:`scenarios.config.guard`) or a flag
that reads configs the check does not see. With ``-m`` (or an experiment, which sets
``hydra.mode=MULTIRUN``) every job of the sweep is validated first, then Hydra's launcher runs
them, and a report of the sweep is written at the end.

``scenarios-report PATH`` (re)builds the report of a sweep or run folder.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from scenarios.analysis.collect import NoResultsError
from scenarios.config.loading import (
    PRIMARY,
    ConfigError,
    check_overrides,
    config_dir,
    quiet_libraries,
    run_mode,
    validate,
)
from scenarios.config.loading import load as load_configs
from scenarios.config.run import BaseRunConfig
from scenarios.kinds import kind_of
from scenarios.runs import collector
from scenarios.runs.job import BatchTables, run_job
from scenarios.runs.progress import SweepProgress, finished_jobs
from scenarios.runs.sweep import MANIFEST, SweepPlan, plan_sweep

if TYPE_CHECKING:
    from scenarios.reporting import Report

USAGE_EXIT = 2
FAILED_JOBS_EXIT = 1
MULTIRUN_FLAGS = ("-m", "--multirun")
#: Hydra's flags that show something instead of running: whether each takes a value (None:
#: an optional one, from ``INFO_CHOICES``).
SHOW_FLAGS: dict[str, bool | None] = {
    "-h": False,
    "--help": False,
    "--hydra-help": False,
    "--version": False,
    "-c": True,
    "--cfg": True,
    "--resolve": False,
    "-p": True,
    "--package": True,
    "-i": None,
    "--info": None,
}
INFO_CHOICES = ("all", "config", "defaults", "defaults-tree", "plugins", "searchpath")
#: Hydra's other flags, refused: why.
REFUSED_FLAGS = {
    **dict.fromkeys(
        ("-cd", "--config-dir", "-cp", "--config-path", "-cn", "--config-name"),
        "scenarios-run reads only its own configs (configs/, experiments/), all of which it "
        "checks before running; set keys on the command line or add an experiment",
    ),
    "--experimental-rerun": "it loads a pickle, which can run any code",
    **dict.fromkeys(("-sc", "--shell-completion"), "scenarios-run does not support it"),
}


@dataclass(frozen=True)
class CommandLine:
    """``scenarios-run``'s arguments: its config overrides and which of Hydra's flags it has."""

    overrides: list[str]
    multirun: bool
    shows_only: bool


def parse_command_line(argv: list[str]) -> CommandLine:
    """Split ``argv`` into overrides and flags, refusing every flag but ``-m`` and Hydra's
    flags that show help, the config or Hydra's information (abbreviations included: Hydra's
    parser would take ``--config-d`` for ``--config-dir``).

    Raises:
        ConfigError: a flag that is not allowed.
    """
    overrides, multirun, shows_only = [], False, False
    position = 0
    while position < len(argv):
        arg = argv[position]
        position += 1
        if not arg.startswith("-"):
            overrides.append(arg)
            continue
        flag, attached, _ = arg.partition("=")
        if flag in REFUSED_FLAGS:
            raise ConfigError(f"{flag}: not allowed; {REFUSED_FLAGS[flag]}")
        takes_value = SHOW_FLAGS.get(flag, False)
        if flag in MULTIRUN_FLAGS and not attached:
            multirun = True
        elif flag in SHOW_FLAGS and not (attached and takes_value is False):
            shows_only = True
            following = argv[position] if position < len(argv) else None
            optional = takes_value is None and following in INFO_CHOICES
            if not attached and (takes_value or optional):
                position += 1
        else:
            options = ", ".join([*MULTIRUN_FLAGS, *SHOW_FLAGS])
            raise ConfigError(f"{arg}: not an option of scenarios-run; options: {options}")
    return CommandLine(overrides, multirun, shows_only)


def run(config: BaseRunConfig, output_dir: Path) -> BatchTables:
    """Run the replications of ``config``, write the tables to ``output_dir``, print a summary."""
    kind = kind_of(config)
    collector.settle()
    result = kind.run_batch(config)
    result.write(output_dir)
    print(kind.summary_text(result.replications, str(output_dir)))
    return result


@hydra.main(config_path=str(config_dir()), config_name=PRIMARY, version_base="1.3")
def _hydra_main(cfg: DictConfig) -> None:
    quiet_libraries()
    hydra_config = HydraConfig.get()
    output_dir = Path(hydra_config.runtime.output_dir)
    if hydra_config.mode == RunMode.MULTIRUN:
        config = validate(cfg)
        run_job(config, output_dir, list(hydra_config.overrides.task), kind_of(config).run_batch)
    else:
        run(validate(cfg), output_dir)


def _refuse(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(USAGE_EXIT)


def run_main() -> None:
    """Console script ``scenarios-run``: check the whole command line, then let Hydra run it."""
    quiet_libraries()
    argv = sys.argv[1:]
    try:
        plan = _checked(argv)
    except ConfigError as error:
        _refuse(str(error))
    if plan is None:
        _hydra_main()
    else:
        _run_sweep(argv, plan)


def _checked(argv: list[str]) -> SweepPlan | None:
    """Check the command line as Hydra will run it: the plan of a sweep (``-m``, or a config
    that sets ``hydra.mode=MULTIRUN``, as experiments do), or None for a single run or a
    command that only shows something."""
    command = parse_command_line(argv)
    if command.shows_only:
        check_overrides(command.overrides)
        return None
    if command.multirun or run_mode(command.overrides) is RunMode.MULTIRUN:
        plan = plan_sweep(command.overrides)
        _check_folder(plan)
        return plan
    load_configs(command.overrides)
    return None


def _run_sweep(argv: list[str], plan: SweepPlan) -> None:
    """Run the planned jobs through Hydra's launcher, then report."""
    plan.write_manifest(argv)
    sys.argv = [sys.argv[0], *argv, f"hydra.sweep.dir={plan.folder}"]
    if plan.launcher.endswith("RayLauncher") and plan.ray_address:
        _connect_ray(plan.ray_address)
    done, _ = finished_jobs(plan)
    if done:
        print(f"resuming {plan.folder}: {done} of {len(plan.jobs)} jobs already done")
    with SweepProgress(plan):
        _hydra_main()
    _report_sweep(plan)


def _check_folder(plan: SweepPlan) -> None:
    """Refuse a folder that holds another sweep: nothing of it may be overwritten."""
    manifest = plan.folder / MANIFEST
    if manifest.is_file():
        other = json.loads(manifest.read_text()).get("sweep_id")
        if other != plan.sweep_id:
            raise ConfigError(
                f"hydra.sweep.dir: {plan.folder} holds another sweep (id {other}); choose a new "
                "folder or leave hydra.sweep.dir unset"
            )
    elif plan.folder.is_dir() and any(plan.folder.iterdir()):
        raise ConfigError(
            f"hydra.sweep.dir: {plan.folder} is not empty and holds no sweep; choose a new folder"
        )


def _connect_ray(address: str) -> None:
    """Join an existing Ray cluster before Hydra's Ray launcher starts one of its own.

    hydra-ray-launcher 1.2 always passes ``object_store_memory`` to ``ray.init``, which Ray
    refuses when joining a running cluster; once connected, the launcher uses the connection.
    """
    import logging

    import ray

    ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)


def _report_sweep(plan: SweepPlan) -> None:
    from scenarios.reporting import build_report

    try:
        report = build_report(plan.folder)
    except NoResultsError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(FAILED_JOBS_EXIT)
    print(_sweep_summary(report))
    failed = report.tables.meta["failed"]
    if failed:
        print(
            f"error: {len(failed)} of {len(plan.jobs)} jobs failed (first: job {failed[0]['num']}"
            f", {failed[0]['error']}); rerun the same command to retry them",
            file=sys.stderr,
        )
        sys.exit(FAILED_JOBS_EXIT)


def _sweep_summary(report: "Report") -> str:
    """The comparison in a terminal's width, as the sweep's model shows it."""
    return report.kind.sweep_summary(report.tables.meta, report.formatted, report.html)


def report_main(argv: list[str] | None = None) -> None:
    """Console script ``scenarios-report PATH``: rebuild the report of a sweep or run folder."""
    parser = argparse.ArgumentParser(
        prog="scenarios-report",
        description="Collect a sweep (or run) folder into tidy tables, a comparison, plots and "
        "report.html, written to PATH/report/.",
    )
    parser.add_argument("path", type=Path, help="a sweep folder (with sweep.json) or a run folder")
    parser.add_argument(
        "--baseline",
        help="KEY=VALUE of the arm to compare against (default: the experiment's sweep.baseline)",
    )
    args = parser.parse_args(argv)
    quiet_libraries()
    if not args.path.is_dir():
        _refuse(f"{args.path}: no such folder")
    if args.baseline is not None and "=" not in args.baseline:
        _refuse(f"--baseline: got {args.baseline!r}; give KEY=VALUE, e.g. strategy=none")
    from scenarios.reporting import build_report

    try:
        report = build_report(args.path, baseline=args.baseline)
    except (NoResultsError, ValueError) as error:
        _refuse(str(error).splitlines()[0])
    print(_sweep_summary(report))

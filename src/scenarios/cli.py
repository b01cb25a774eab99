"""Command-line entry points: parse, validate, call, print.

``scenarios-run [overrides...]`` validates the whole command line first and stops with a
one-line message and exit status 2 on bad input, before Hydra creates any output folder. With
``-m`` (or an experiment, which is a sweep) every job of the sweep is validated first, then
Hydra's launcher runs them, and a report of the sweep is written at the end.

``scenarios-report PATH`` (re)builds the report of a sweep or run folder.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from scenarios.analysis.collect import NoResultsError
from scenarios.analysis.reference import reference_summary_text
from scenarios.analysis.summary import summary_text
from scenarios.config.loading import PRIMARY, ConfigError, config_dir, quiet_libraries, validate
from scenarios.config.loading import load as load_configs
from scenarios.config.reference import ReferenceRunConfig, is_reference
from scenarios.config.run import RunConfig
from scenarios.runs.batch import BatchResult, run_batch
from scenarios.runs.job import run_job
from scenarios.runs.progress import SweepProgress, finished_jobs
from scenarios.runs.reference import ReferenceResult
from scenarios.runs.sweep import MANIFEST, SweepPlan, is_hydra_override, plan_sweep

if TYPE_CHECKING:
    from scenarios.reporting import Report

USAGE_EXIT = 2
FAILED_JOBS_EXIT = 1
MULTIRUN_FLAGS = {"-m", "--multirun"}
PASS_THROUGH_FLAGS = {
    "-h",
    "--help",
    "--hydra-help",
    "-i",
    "--info",
    "-c",
    "--cfg",
    "--shell-completion",
    "-sc",
}
FLAGS_WITH_VALUE = {
    "-c",
    "--cfg",
    "-p",
    "--package",
    "-cp",
    "--config-path",
    "-cn",
    "--config-name",
    "-cd",
    "--config-dir",
    "-i",
    "--info",
}


def run(config: RunConfig | ReferenceRunConfig, output_dir: Path) -> BatchResult | ReferenceResult:
    """Run the replications of ``config``, write the tables to ``output_dir``, print a summary."""
    result = run_batch(config)
    result.write(output_dir)
    summary = reference_summary_text if is_reference(config) else summary_text
    print(summary(result.replications, str(output_dir)))
    return result


@hydra.main(config_path=str(config_dir()), config_name=PRIMARY, version_base="1.3")
def _hydra_main(cfg: DictConfig) -> None:
    quiet_libraries()
    hydra_config = HydraConfig.get()
    output_dir = Path(hydra_config.runtime.output_dir)
    if hydra_config.mode == RunMode.MULTIRUN:
        run_job(validate(cfg), output_dir, list(hydra_config.overrides.task))
    else:
        run(validate(cfg), output_dir)


def _overrides(argv: list[str]) -> list[str] | None:
    """The config overrides in ``argv`` (Hydra's own included), or None when a flag asks for
    no run."""
    overrides, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in PASS_THROUGH_FLAGS:
            return None
        if arg.startswith("-"):
            skip = arg in FLAGS_WITH_VALUE
            continue
        overrides.append(arg)
    return overrides


def _is_sweep(argv: list[str], overrides: list[str]) -> bool:
    return any(a in MULTIRUN_FLAGS for a in argv) or any(
        o.lstrip("+").startswith("experiment=") for o in overrides
    )


def _refuse(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(USAGE_EXIT)


def run_main() -> None:
    """Console script ``scenarios-run``."""
    quiet_libraries()
    argv = sys.argv[1:]
    overrides = _overrides(argv)
    if overrides is None:
        _hydra_main()
        return
    if _is_sweep(argv, overrides):
        _run_sweep(argv, overrides)
        return
    try:
        load_configs([o for o in overrides if not is_hydra_override(o)])
    except ConfigError as error:
        _refuse(str(error))
    _hydra_main()


def _run_sweep(argv: list[str], overrides: list[str]) -> None:
    """Plan and validate every job, run them through Hydra's launcher, then report."""
    try:
        plan = plan_sweep(overrides)
        _check_folder(plan)
    except ConfigError as error:
        _refuse(str(error))
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


TERMINAL_COLUMNS = (
    "arm",
    "P(mass atrocity), 95% CI",
    "change in P vs baseline",
    "mean deaths (95% CI)",
    "deaths averted vs baseline",
    "cost, USD million",
)


def _sweep_summary(report: "Report") -> str:
    """The comparison in a terminal's width: one block per scenario, then where the report is."""
    meta = report.tables.meta
    if report.tables.kind != "country":
        return "\n".join(
            [
                f"{meta['title']}   ({meta['done']} of {meta['jobs']} jobs, "
                f"{meta['replications']} replications per arm, seed {meta['seed']}, "
                f"model {report.tables.kind})",
                report.formatted.to_string(index=False),
                f"report: {report.html}",
            ]
        )
    lines = [
        f"{meta['title']}   ({meta['done']} of {meta['jobs']} jobs, {meta['replications']} "
        f"replications per arm, seed {meta['seed']}, baseline {meta['baseline']})"
    ]
    columns = [c for c in TERMINAL_COLUMNS if c in report.formatted.columns]
    for scenario, rows in report.formatted.groupby("scenario", sort=False):
        lines += [f"scenario {scenario}", rows[columns].to_string(index=False)]
    lines.append(f"report: {report.html}")
    return "\n".join(lines)


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

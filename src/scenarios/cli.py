"""Command-line entry points: parse, validate, call, print.

``scenarios-run [overrides...]`` validates the whole command line first and stops with a
one-line message and exit status 2 on bad input, before Hydra creates any output folder.
"""

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from scenarios.analysis.summary import summary_text
from scenarios.config.loading import PRIMARY, ConfigError, config_dir, quiet_libraries, validate
from scenarios.config.loading import load as load_configs
from scenarios.config.run import RunConfig
from scenarios.runs.batch import BatchResult, run_batch

USAGE_EXIT = 2
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


def run(config: RunConfig, output_dir: Path) -> BatchResult:
    """Run the replications of ``config``, write the tables to ``output_dir``, print a summary."""
    result = run_batch(config)
    result.write(output_dir)
    print(summary_text(result.replications, str(output_dir)))
    return result


@hydra.main(config_path=str(config_dir()), config_name=PRIMARY, version_base="1.3")
def _hydra_main(cfg: DictConfig) -> None:
    quiet_libraries()
    run(validate(cfg), Path(HydraConfig.get().runtime.output_dir))


def _overrides(argv: list[str]) -> list[str] | None:
    """The config overrides in ``argv``, or None when a Hydra flag asks for no run."""
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
        if not arg.startswith(("hydra.", "hydra/", "+hydra", "~hydra")):
            overrides.append(arg)
    return overrides


def run_main() -> None:
    """Console script ``scenarios-run``."""
    quiet_libraries()
    overrides = _overrides(sys.argv[1:])
    if overrides is not None:
        try:
            load_configs(overrides)
        except ConfigError as error:
            print(f"error: {error}", file=sys.stderr)
            sys.exit(USAGE_EXIT)
    _hydra_main()

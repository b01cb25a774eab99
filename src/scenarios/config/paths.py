"""Where the project's Hydra configs are."""

from pathlib import Path

PRIMARY = "run"
"""The primary config, ``configs/run.yaml``."""


def config_dir() -> Path:
    """The ``configs/`` folder: the checkout's in a development install, else the packaged copy."""
    checkout = Path(__file__).resolve().parents[3] / "configs"
    if (checkout / f"{PRIMARY}.yaml").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "_configs"

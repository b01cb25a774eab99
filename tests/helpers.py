"""Helpers shared by test modules: run `scenarios-run` installed or in-process, check refusals."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios import cli

EXECUTABLE = shutil.which("scenarios-run", path=str(Path(sys.executable).parent))
PRESETS = ("stable_democracy", "pre_election_crisis", "insurgency_minority_regime")


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

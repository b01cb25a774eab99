"""What a sweep prints: the progress bar, the comparison and where the report is; no log noise."""

import os
import subprocess

from tests.helpers import EXECUTABLE

NOISE = ("Launching", "#0 :", "#1 :", "[HYDRA]", "fontManager", "INFO")


def test_a_sweep_prints_results_and_progress_but_no_job_lines_or_font_cache(tmp_path):
    folder = tmp_path / "sweep"
    fonts = tmp_path / "matplotlib"  # an empty cache: matplotlib builds its font list anew
    fonts.mkdir()
    args = [
        "-m",
        "scenario=stable_democracy",
        "strategy=none,early_prevention",
        "replications=2",
        "weeks=20",
        "scenario.population.agents=2000",
        f"hydra.sweep.dir={folder}",
    ]
    result = subprocess.run(
        [EXECUTABLE, *args],
        cwd=tmp_path,
        env={**os.environ, "MPLCONFIGDIR": str(fonts)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list(fonts.glob("fontlist-*.json")), "matplotlib did not build its font cache"
    printed = result.stdout + result.stderr
    assert not [line for line in printed.splitlines() if any(n in line for n in NOISE)], printed
    assert f"report: {folder / 'report' / 'report.html'}" in result.stdout
    assert "early_prevention" in result.stdout
    bar = [part for part in result.stderr.replace("\r", "\n").splitlines() if part.strip()]
    assert bar and all(part.startswith("adhoc jobs:") for part in bar), result.stderr
    assert (folder / "0" / "cli.log").is_file() and (folder / "1" / "cli.log").is_file()

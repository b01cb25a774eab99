"""The experiment report: plots on disk, a self-contained HTML page, and how a browser shows it."""

import itertools
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from scenarios.config.indicators import INDICATORS
from scenarios.views import plots
from scenarios.views.palette import NO_ACTION_GREY, arm_colors, extend_colors
from scenarios.views.report import comparison_table, key_findings, write_report
from tests.helpers import (
    ARMS,
    BASE_STEMS,
    DIFFERENCES,
    INDICATOR_SCALE,
    SCENARIOS,
    SWEEP,
    make_experiment,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _report(tmp_path: Path, **kwargs) -> tuple[Path, dict]:
    experiment = make_experiment(**kwargs)
    path = write_report(tmp_path, **experiment)
    return path, experiment


@pytest.fixture(scope="module")
def two_scenarios(tmp_path_factory) -> tuple[Path, dict]:
    """A report of two scenarios and four arms, shared by the checks below."""
    return _report(tmp_path_factory.mktemp("two_scenarios"))


@pytest.fixture(scope="module")
def sweep_report(tmp_path_factory) -> tuple[Path, dict]:
    """A report of a one-scenario, two-dimensional sweep (3 x 2 arms and the baseline)."""
    return _report(tmp_path_factory.mktemp("sweep"), scenarios=SCENARIOS[:1], sweep=SWEEP)


def _assert_images(folder: Path, stems) -> None:
    """Each stem has a valid PNG and SVG in ``folder``, and no temporary file is left."""
    for stem in stems:
        png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
        assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg", svg
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"temporary files left behind: {leftovers}"


# ---- palette and plots ----------------------------------------------------------------------


def test_palette_is_consistent_and_no_action_is_grey():
    colors = arm_colors(["peacekeeping_led", "none", "mediation", "sanctions_first"])
    assert colors["none"] == NO_ACTION_GREY
    assert list(colors) == ["peacekeeping_led", "none", "mediation", "sanctions_first"]
    assert len(set(colors.values())) == 4
    assert arm_colors(["peacekeeping_led", "none", "mediation"])["mediation"] == colors["mediation"]
    many = arm_colors(["none", *(f"arm{i}" for i in range(14))])
    assert len(set(many.values())) == 15 and many["none"] == NO_ACTION_GREY
    arms = ["none", "peacekeeping_led", "mediation"]
    assert extend_colors(None, arms) == arm_colors(arms)  # grey only for the no-action arm
    extended = extend_colors({"mediation": colors["mediation"]}, ["none", "sanctions_first"])
    assert extended["none"] == NO_ACTION_GREY
    assert extended["sanctions_first"] not in (NO_ACTION_GREY, colors["mediation"])


def test_every_plot_has_titles_and_labelled_axes():
    e = make_experiment(replications=20)
    figures = [
        plots.probability_plot(e["comparison"]),
        plots.survival_plot(e["survival"]),
        plots.deaths_plot(e["replications"]),
        plots.trajectory_plot(e["trajectories"]),
        plots.cost_effect_plot(e["comparison"]),
    ]
    for fig in figures:
        assert isinstance(fig, Figure)
        assert fig.get_suptitle()
        axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
        assert axes
        for ax in axes:
            assert ax.get_ylabel(), fig.get_suptitle()
            assert ax.get_xlabel() or fig is figures[3], fig.get_suptitle()
    grid = figures[3].axes  # a row per indicator, a column per scenario
    assert len(grid) == len(INDICATOR_SCALE) * len(SCENARIOS)
    for ax, (indicator, scenario) in zip(
        grid, itertools.product(INDICATOR_SCALE, SCENARIOS), strict=True
    ):
        assert ax.get_title() == f"{INDICATORS[indicator].label}\nscenario: {scenario}"
        assert ax.get_ylabel() == INDICATORS[indicator].unit
    bottom = grid[-len(SCENARIOS) :]  # the time axis is labelled under each column
    for ax in grid:
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_visible()]
        assert bool(ax.get_xlabel()) == bool(any(ticks)) == (ax in bottom), ax.get_title()
    assert "log" in figures[2].axes[0].get_xlabel() and "+ 1" in figures[2].axes[0].get_xlabel()


def test_heatmap_only_for_two_dimensional_sweeps():
    one_d = make_experiment(scenarios=SCENARIOS[:1], replications=10)
    assert plots.heatmap_plot(one_d["comparison"], []) is None
    sweep = make_experiment(scenarios=SCENARIOS[:1], replications=10, sweep=SWEEP)
    keys = list(SWEEP)
    assert plots.heatmap_plot(sweep["comparison"], [*keys, "extra.key"]) is None
    fig = plots.heatmap_plot(sweep["comparison"], ["scenario", *keys])
    assert fig is not None
    heat = [ax for ax in fig.axes if ax.get_xlabel()]
    assert len(heat) == 2  # P(mass atrocity) and deaths averted
    annotations = [t.get_text() for t in heat[0].texts]
    assert len(annotations) == 6 and all(t.endswith("%") for t in annotations)


def test_save_figure_writes_png_and_svg(tmp_path):
    fig = plots.probability_plot(make_experiment(replications=10)["comparison"])
    png, svg = plots.save_figure(fig, tmp_path / "out", "probability")
    assert (png.name, svg.name) == ("probability.png", "probability.svg")
    _assert_images(tmp_path / "out", ["probability"])
    assert not fig.axes  # closed


# ---- the report ------------------------------------------------------------------------------


def test_report_writes_plots_and_self_contained_html(two_scenarios):
    path, _ = two_scenarios
    assert path == path.parent / "report.html"
    _assert_images(path.parent / "plots", [*BASE_STEMS, "cost_effect"])
    assert not (path.parent / "plots" / "heatmap.png").exists()  # a one-dimensional experiment
    html = path.read_text(encoding="utf-8")
    references = re.findall(r"""(?:src|href)\s*=\s*["']?\s*([^"'\s>]+)""", html, re.IGNORECASE)
    assert references
    assert not [r for r in references if re.match(r"(https?:)?//", r, re.IGNORECASE)]
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html and "<script" not in html.lower()
    for text in ("Synthetic experiment", "20240611", "SeedSequence(20240611, spawn_key=(i,))"):
        assert text in html
    assert "3 min 25 s" in html and "pre_election_crisis" in html and "pandas" in html
    for testid in ("plot-probability", "plot-survival", "plot-deaths", "plot-trajectories"):
        assert f'data-testid="{testid}"' in html
    assert 'data-testid="plot-cost-effect"' in html
    assert 'data-testid="skipped-heatmap"' in html
    rows = re.findall(
        r'data-testid="comparison-row" data-scenario="([^"]*)" data-arm="([^"]*)"', html
    )
    assert rows == [(s, a) for s in SCENARIOS for a in ARMS]


def test_key_findings_name_the_best_arm_with_its_interval_and_difference(two_scenarios):
    _, experiment = two_scenarios
    comparison = experiment["comparison"]
    findings = key_findings(comparison, experiment["meta"])
    for scenario in SCENARIOS:
        part = comparison[comparison["scenario"] == scenario]
        best = part.loc[part["p_atrocity"].idxmin()]
        first = next(f for f in findings if f.startswith(f"Scenario {scenario}: "))
        assert f"{best['arm']} has the lowest probability" in first
        assert f"{100 * best['p_atrocity']:.1f}%" in first
        assert f"{100 * best['p_low']:.1f}%" in first and f"{100 * best['p_high']:.1f}%" in first
        assert "Paired difference" in first and "deaths averted" in first


def test_no_baseline_skips_cost_plot_but_writes_report(tmp_path):
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "cost_effect.png").write_bytes(b"stale")
    path, experiment = _report(tmp_path, scenarios=SCENARIOS[:1], baseline=False, replications=20)
    assert experiment["comparison"]["p_diff"].isna().all()
    assert plots.cost_effect_plot(experiment["comparison"]) is None
    _assert_images(tmp_path / "plots", BASE_STEMS)
    assert not (tmp_path / "plots" / "cost_effect.png").exists()
    html = path.read_text(encoding="utf-8")
    assert 'data-testid="plot-cost-effect"' not in html
    assert 'data-testid="skipped-cost-effect"' in html
    assert "No baseline arm is available" in html


def test_best_arm_being_the_baseline_is_said_plainly():
    e = make_experiment(scenarios=SCENARIOS[:1], replications=20)
    comparison = e["comparison"].copy()
    comparison.loc[comparison["arm"] == "none", ["p_atrocity", "p_low", "p_high"]] = [0, 0, 0.05]
    findings = key_findings(comparison)
    assert findings[0].startswith("No arm has a lower estimated probability")


def test_arm_without_baseline_partner_is_said_plainly():
    comparison = make_experiment(scenarios=SCENARIOS[:1], replications=20)["comparison"]
    others = comparison["arm"] != "none"
    comparison.loc[others, "baseline_arm"] = None
    comparison.loc[others, list(DIFFERENCES)] = np.nan
    findings = key_findings(comparison)
    assert "has the lowest probability" in findings[0]
    assert "no paired baseline partner" in findings[0]
    assert plots.cost_effect_plot(comparison) is None


def test_text_is_escaped(tmp_path):
    experiment = make_experiment(
        scenarios=SCENARIOS[:1],
        replications=10,
        description='Beware <script>alert("x")</script> & <b>bold</b>',
    )
    experiment["meta"]["failed"] = [
        {"num": 3, "overrides": ["strategy=<img src=x onerror=alert(1)>"], "error": "boom <i>"}
    ]
    experiment["meta"]["config_yaml"] = "note: </pre><script>alert(2)</script>\n"
    html = write_report(tmp_path, **experiment).read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<img src=x" not in html and "<b>bold" not in html and "boom <i>" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'data-testid="failed-jobs"' in html and "1 of 4 jobs failed" in html


def test_formatted_comparison_is_used_when_given(tmp_path):
    experiment = make_experiment(scenarios=SCENARIOS[:1], replications=10)
    formatted = pd.DataFrame(
        {"Arm": list(ARMS), "P(atrocity)": ["70%", "50%", "40%", "<b>30%</b>"]}
    )
    html = write_report(tmp_path, **experiment, formatted_comparison=formatted).read_text()
    assert "<th>P(atrocity)</th>" in html and "&lt;b&gt;30%&lt;/b&gt;" in html
    assert re.findall(r'data-arm="([^"]*)"', html) == list(ARMS)


def test_default_table_has_one_row_per_scenario_and_arm():
    e = make_experiment(replications=10)
    table = comparison_table(e["comparison"])
    assert len(table) == len(SCENARIOS) * len(ARMS)
    baseline = table[table["Arm"] == "none"].iloc[0]
    assert baseline["Δ P vs baseline (pp) [95%]"] == "–"
    other = table[table["Arm"] == "mediation"].iloc[0]
    assert re.fullmatch(r"[−+]\d+\.\d pp \[[−+]\d+\.\d pp, [−+]\d+\.\d pp\]", other.iloc[6])


def test_sweep_report_has_heatmap(sweep_report):
    path, _ = sweep_report
    _assert_images(path.parent / "plots", [*BASE_STEMS, "heatmap", "cost_effect"])
    assert 'data-testid="plot-heatmap"' in path.read_text(encoding="utf-8")


# ---- in a browser ----------------------------------------------------------------------------


DECODE_IMAGE = """async img => {
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let transparent = 0, inked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] < 255) transparent++;
        else if (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250) inked++;
    }
    const n = pixels.length / 4;
    return {width: img.naturalWidth, height: img.naturalHeight, transparent, inked: inked / n};
}"""


@pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs /usr/bin/chromium (scripts/install-chromium)",
)
@pytest.mark.parametrize("case", ["two_scenarios", "sweep_report"])
def test_report_renders_in_headless_chromium(case, request):
    if not CHROMIUM.exists():
        pytest.fail("CI needs /usr/bin/chromium for the browser test: run scripts/install-chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser test needs Python Playwright: pip install -e '.[test]'")
    path, experiment = request.getfixturevalue(case)
    comparison = experiment["comparison"]
    expected_plots = ["probability", "survival", "deaths", "trajectories", "cost-effect"]
    if case == "sweep_report":
        expected_plots.append("heatmap")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.resolve().as_uri(), wait_until="load")
            assert page.title() == experiment["meta"]["title"]
            for plot in expected_plots:
                figure = page.locator(f'figure[data-testid="plot-{plot}"]')
                assert figure.count() == 1, plot
                image = figure.locator("img")
                decoded = image.evaluate(DECODE_IMAGE)
                assert decoded["width"] > 0 and decoded["height"] > 0, (plot, decoded)
                # a truncated image still has a size, but leaves pixels undrawn (transparent)
                assert decoded["transparent"] == 0 and decoded["inked"] > 0.01, (plot, decoded)
                box = image.bounding_box()
                assert box and box["width"] > 100 and box["height"] > 50, (plot, box)
            rows = page.locator('table[data-testid="comparison"] tbody tr')
            assert rows.count() == len(comparison)
            arms = [rows.nth(i).get_attribute("data-arm") for i in range(rows.count())]
            assert arms == list(comparison["arm"])
            headers = page.locator('table[data-testid="comparison"] thead th').all_inner_texts()
            column = headers.index("Arm") + 1
            cells = page.locator(f'table[data-testid="comparison"] tbody td:nth-child({column})')
            assert cells.all_inner_texts() == list(comparison["arm"])
            assert page.locator('[data-testid="key-findings"] li').count() >= 2
        finally:
            browser.close()
    assert not errors, errors
    assert all(url.startswith(("file:", "data:")) for url in requests), requests

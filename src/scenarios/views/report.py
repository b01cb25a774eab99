"""A self-contained HTML report of an experiment: plots, findings, table and provenance.

:func:`write_report` draws every plot into ``folder/plots`` (PNG and SVG) and writes
``folder/report.html`` with the PNGs embedded as base64, so the page loads nothing from outside.
"""

import base64
import math
import re
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from scenarios.views import plots
from scenarios.views.palette import arm_colors, extend_colors, is_no_action

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class PlotSpec:
    """One plot of the report: file stem, element id, title and caption."""

    stem: str
    id: str
    title: str
    caption: str


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(
        "probability",
        "probability",
        "Probability of a mass atrocity by arm",
        "Share of runs in which a mass atrocity occurred, with its 95% interval.",
    ),
    PlotSpec(
        "survival",
        "survival",
        "Time to onset",
        "Kaplan–Meier estimate of the share of runs with no mass atrocity yet, week by week, "
        "with a 95% band; runs without one are censored at the end.",
    ),
    PlotSpec(
        "deaths",
        "deaths",
        "Civilian deaths per run",
        "Distribution over runs on a log scale of deaths + 1, so runs with no deaths show at 1; "
        "the share of runs with none is printed on the right.",
    ),
    PlotSpec(
        "trajectories",
        "trajectories",
        "Indicators over time",
        "Mean across runs (line) and 10th–90th percentile (band), per arm.",
    ),
    PlotSpec(
        "heatmap",
        "heatmap",
        "Two-dimensional sweep",
        "Each cell is one arm of the sweep; deaths averted are paired differences from the "
        "baseline.",
    ),
    PlotSpec(
        "cost_effect",
        "cost-effect",
        "Deaths averted against cost",
        "Mean civilian deaths averted per run against mean cost per run, one point per arm, "
        "with the 95% interval of the paired difference.",
    ),
)


def write_report(
    folder: Path,
    replications: pd.DataFrame,
    trajectories: pd.DataFrame,
    comparison: pd.DataFrame,
    survival: pd.DataFrame,
    meta: Mapping[str, Any],
    formatted_comparison: pd.DataFrame | None = None,
) -> Path:
    """Draw the plots and write a self-contained ``folder/report.html``.

    Args:
        folder: Output folder; plots go to ``folder/plots``.
        replications: One row per (job, replication).
        trajectories: Indicator summaries per (scenario, arm, indicator, week).
        comparison: One row per (scenario, arm) with probabilities and paired differences.
        survival: Kaplan–Meier curves per (scenario, arm).
        meta: Experiment metadata (title, seeds, sweep, jobs, config, packages, timing).
        formatted_comparison: A ready-made table to show instead of the default rendering.

    Returns:
        The path of ``report.html``.
    """
    folder = Path(folder)
    plot_dir = folder / "plots"
    plot_dir.mkdir(parents=True, exist_ok=True)
    order = [str(a) for a in meta.get("arms") or []]
    colors = extend_colors(arm_colors(order), comparison["arm"].astype(str))
    sweep_keys = list(meta.get("sweep_keys") or [])
    builders: dict[str, Callable[[], Figure | None]] = {
        "probability": lambda: plots.probability_plot(comparison, colors),
        "survival": lambda: plots.survival_plot(survival, colors),
        "deaths": lambda: plots.deaths_plot(replications, colors),
        "trajectories": lambda: plots.trajectory_plot(trajectories, colors),
        "heatmap": lambda: plots.heatmap_plot(comparison, sweep_keys),
        "cost_effect": lambda: plots.cost_effect_plot(comparison, colors),
    }
    reasons = {
        "heatmap": "the sweep does not have exactly two swept keys besides the scenario",
        "cost_effect": "no paired differences from a baseline are available",
    }
    drawn, skipped = draw_plots(plot_dir, PLOTS, builders, reasons)
    findings = key_findings(comparison, meta)
    table = (
        formatted_comparison if formatted_comparison is not None else comparison_table(comparison)
    )
    context = _context(meta, findings, _table(table, comparison, colors))
    return render_report(folder, drawn, skipped, context)


def draw_plots(
    plot_dir: Path,
    specs: Sequence[PlotSpec],
    builders: Mapping[str, Callable[[], Figure | None]],
    reasons: Mapping[str, str],
) -> tuple[list[dict], list[dict]]:
    """Draw each plot of ``specs`` into ``plot_dir`` (PNG and SVG); return the drawn ones, with
    their PNG in base64, and the skipped ones with the reason (a builder returned None)."""
    drawn, skipped = [], []
    for spec in specs:
        fig = builders[spec.stem]()
        if fig is None:
            for suffix in (".png", ".svg"):  # a stale plot of an earlier report would mislead
                (plot_dir / f"{spec.stem}{suffix}").unlink(missing_ok=True)
            skipped.append({"id": spec.id, "title": spec.title, "reason": reasons[spec.stem]})
            continue
        png, svg = plots.save_figure(fig, plot_dir, spec.stem)
        data = png.read_bytes()
        width, height = _png_size(data)
        drawn.append(
            {
                "id": spec.id,
                "title": spec.title,
                "caption": spec.caption,
                "png": base64.b64encode(data).decode("ascii"),
                "svg": f"plots/{svg.name}",
                "width": round(width * 96 / plots.DPI),
                "height": round(height * 96 / plots.DPI),
            }
        )
    return drawn, skipped


def render_report(
    folder: Path, drawn: list[dict], skipped: list[dict], context: Mapping[str, Any]
) -> Path:
    """Write ``folder/report.html`` from the template, the plots and the context."""
    html = _environment().get_template(TEMPLATE).render(plots=drawn, skipped=skipped, **context)
    path = folder / "report.html"
    plots.write_atomic(path, html.encode("utf-8"))
    return path


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def _context(
    meta: Mapping[str, Any], findings: list[str], table: dict[str, Any], reference: bool = False
) -> dict[str, Any]:
    """What the template shows besides the plots; ``reference`` for a reference model's runs."""
    replications = meta.get("replications", "?")
    description = str(meta.get("description") or "").strip()
    failed = [
        {
            "num": job.get("num", "?"),
            "overrides": _join(job.get("overrides")),
            "error": str(job.get("error", "")),
        }
        for job in meta.get("failed") or []
    ]
    last = replications - 1 if isinstance(replications, int) and replications > 0 else "n − 1"
    return {
        "title": str(meta.get("title") or meta.get("name") or "Experiment report"),
        "name": str(meta.get("name", "")),
        "sweep_id": str(meta.get("sweep_id") or ""),
        "description": [p.strip() for p in re.split(r"\n\s*\n", description) if p.strip()],
        "replications": replications,
        "last_replication": last,
        "weeks": meta.get("weeks", "?"),
        "baseline": str(meta.get("baseline") or "none"),
        "findings": findings,
        "table": table,
        "reference": reference,
        "time_unit": "steps" if reference else "weeks",
        "failed": failed,
        "jobs": meta.get("jobs", "?"),
        "seed": meta.get("seed", "?"),
        "command": str(meta.get("command", "")),
        "started": str(meta.get("started", "")),
        "finished": str(meta.get("finished", "")),
        "run_time": format_duration(meta.get("run_seconds")),
        "sweep_keys": [str(k) for k in meta.get("sweep_keys") or []],
        "job_overrides": [_join(o) for o in meta.get("job_overrides") or []],
        "config_yaml": str(meta.get("config_yaml", "")),
        "packages": sorted((str(k), str(v)) for k, v in (meta.get("packages") or {}).items()),
    }


def _join(overrides: Any) -> str:
    if overrides is None:
        return ""
    if isinstance(overrides, str):
        return overrides
    return " ".join(str(o) for o in overrides)


def format_duration(seconds: float | None) -> str:
    """``3 h 02 min 05 s``, ``4 min 10 s`` or ``12.3 s``; ``unknown`` when missing."""
    if seconds is None or not math.isfinite(float(seconds)):
        return "unknown"
    seconds = float(seconds)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s" if hours else f"{minutes} min {secs:02d} s"


# ---- numbers as text ------------------------------------------------------------------------


def _ok(*values: Any) -> bool:
    return all(v is not None and pd.notna(v) for v in values)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _pp(value: float) -> str:
    return f"{100 * value:+.1f}".replace("-", "−") + " pp"


def _num(value: float) -> str:
    return f"{value:,.0f}".replace("-", "−")


def _pvalue(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def _pvalue_cell(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _interval(low: Any, high: Any, fmt: Callable[[float], str]) -> str:
    return f"{fmt(low)} to {fmt(high)}" if _ok(low, high) else "n/a"


def _cell(value: Any, fmt: Callable[[float], str]) -> str:
    return fmt(value) if _ok(value) else "–"


def _with_interval(
    row: pd.Series, column: str, fmt: Callable[[float], str], bounds: str | None = None
) -> str:
    """``value [low, high]`` from ``column`` and ``<bounds>_low``/``<bounds>_high``."""
    value = row.get(column)
    if not _ok(value):
        return "–"
    bounds = bounds or column
    low, high = row.get(f"{bounds}_low"), row.get(f"{bounds}_high")
    return f"{fmt(value)} [{fmt(low)}, {fmt(high)}]" if _ok(low, high) else fmt(value)


def comparison_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """A readable rendering of ``comparison``: one row per (scenario, arm), text cells.

    Intervals are shown as ``value [low, high]``; a dash marks what does not apply (such as a
    difference from the baseline on the baseline itself).
    """
    several = comparison["scenario"].nunique() > 1
    rows = []
    for _, row in comparison.iterrows():
        p_diff = row.get("p_diff")
        rows.append(
            {
                **({"Scenario": str(row["scenario"])} if several else {}),
                "Arm": str(row["arm"]),
                "Strategy": str(row.get("strategy", "")),
                "Runs": _cell(row.get("replications"), _num),
                "Mass atrocities": _cell(row.get("atrocities"), _num),
                "P(mass atrocity) [95%]": _with_interval(row, "p_atrocity", _pct, "p"),
                "Δ P vs baseline (pp) [95%]": (
                    f"{_pp(p_diff)} [{_pp(row['p_diff_low'])}, {_pp(row['p_diff_high'])}]"
                    if _ok(p_diff, row.get("p_diff_low"), row.get("p_diff_high"))
                    else _cell(p_diff, _pp)
                ),
                "p-value": _cell(row.get("p_diff_pvalue"), _pvalue_cell),
                "Civilian deaths, mean [95%]": _with_interval(row, "deaths_mean", _num),
                "Civilian deaths, median [95%]": _with_interval(row, "deaths_median", _num),
                "Deaths averted, mean [95%]": _with_interval(
                    row, "deaths_averted_mean", _num, "deaths_averted"
                ),
                "Onset week, median [95%]": _with_interval(row, "onset_median", _num),
                "Cost, mean (USD million)": _cell(
                    row.get("cost_money_mean"), lambda v: f"{v:,.1f}"
                ),
                "Personnel-weeks, mean": _cell(row.get("personnel_weeks_mean"), _num),
            }
        )
    return pd.DataFrame(rows)


_NUMERIC = re.compile(r"^[<>−\-+]?\s*[\d.,]+")


def _table(
    table: pd.DataFrame, comparison: pd.DataFrame, colors: Mapping[str, str]
) -> dict[str, Any]:
    """Headers and rows for the template, each row tagged with its scenario and arm."""
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    lower = {str(c).lower(): c for c in table.columns}
    aligned = len(table) == len(comparison)

    def labels(name: str) -> list[str]:
        if name in lower:
            return [str(v) for v in table[lower[name]]]
        if aligned:
            return [str(v) for v in comparison[name]]
        return [""] * len(table)

    arms, scenarios = labels("arm"), labels("scenario")
    rows = []
    for i, values in enumerate(table.itertuples(index=False)):
        cells = []
        for value in values:
            text = _text(value)
            cells.append({"text": text, "num": bool(_NUMERIC.match(text))})
        rows.append(
            {"arm": arms[i], "scenario": scenarios[i], "color": colors.get(arms[i]), "cells": cells}
        )
    return {"headers": [str(c) for c in table.columns], "rows": rows}


def _text(value: Any) -> str:
    """A table cell: empty for missing values, floats to four significant digits."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


# ---- findings -------------------------------------------------------------------------------


def key_findings(comparison: pd.DataFrame, meta: Mapping[str, Any] | None = None) -> list[str]:
    """Plain-language findings computed from ``comparison``, one sentence group per item.

    Per scenario: the arm with the lowest P(mass atrocity) with its interval, its paired
    difference from the baseline and deaths averted, and how many arms clearly lower or raise
    the probability (paired 95% interval entirely below or above zero).
    """
    meta = meta or {}
    findings = []
    scenarios = list(dict.fromkeys(comparison["scenario"].astype(str)))
    for scenario in scenarios:
        part = comparison[comparison["scenario"].astype(str) == scenario]
        prefix = f"Scenario {scenario}: " if len(scenarios) > 1 else ""
        findings.extend(prefix + text for text in _scenario_findings(part))
    baseline = str(meta.get("baseline") or "")
    reps, weeks = meta.get("replications"), meta.get("weeks")
    if reps and weeks:
        findings.append(
            f"Each arm ran {reps} replications of {weeks} weeks"
            + (f"; differences are against {baseline}." if baseline else ".")
        )
    return findings


def _scenario_findings(part: pd.DataFrame) -> list[str]:
    part = part.assign(arm=part["arm"].astype(str)).reset_index(drop=True)
    ranked = part.sort_values(["p_atrocity", "p_high"], kind="stable")
    best = ranked.iloc[0]
    baseline_name = _baseline_arm(part)
    base = part[part["arm"] == baseline_name].iloc[0] if baseline_name else None
    ties = [
        a for a in ranked["arm"][ranked["p_atrocity"] == best["p_atrocity"]] if a != best["arm"]
    ]
    lowest = (
        f"{best['arm']} has the lowest probability of a mass atrocity, {_pct(best['p_atrocity'])} "
        f"(95% interval {_interval(best['p_low'], best['p_high'], _pct)})"
        + (f", tied with {', '.join(ties)}" if ties else "")
    )
    if base is None:
        return [
            lowest + ".",
            "No baseline arm is available, so no paired differences are reported.",
        ]
    if best["arm"] == baseline_name or best["p_atrocity"] >= base["p_atrocity"]:
        findings = [
            f"No arm has a lower estimated probability of a mass atrocity than the baseline "
            f"{baseline_name}, {_pct(base['p_atrocity'])} "
            f"(95% interval {_interval(base['p_low'], base['p_high'], _pct)})."
        ]
    else:
        text = f"{lowest}, against {_pct(base['p_atrocity'])} for the baseline {baseline_name}."
        if _ok(best.get("p_diff")):
            text += (
                f" Paired difference: {_pp(best['p_diff'])} "
                f"(95% interval {_interval(best.get('p_diff_low'), best.get('p_diff_high'), _pp)}"
                + (f"; {_pvalue(best['p_diff_pvalue'])}" if _ok(best.get("p_diff_pvalue")) else "")
                + ")."
            )
        else:
            text += " It has no paired baseline partner, so no paired difference is reported."
        if _ok(best.get("deaths_averted_mean")):
            interval = _interval(
                best.get("deaths_averted_low"), best.get("deaths_averted_high"), _num
            )
            text += (
                f" Civilian deaths averted per run: {_num(best['deaths_averted_mean'])} on "
                f"average (95% interval {interval})."
            )
        findings = [text]
    if "p_diff_high" not in part:
        return findings
    others = part[(part["arm"] != baseline_name) & part["p_diff_high"].notna()]
    lower = others[others["p_diff_high"] < 0]
    higher = others[others["p_diff_low"] > 0]
    if len(others):
        sentence = (
            f"{len(lower)} of {len(others)} arms lower the probability with a paired 95% "
            f"interval entirely below zero{_names(lower)}"
        )
        if len(higher):
            sentence += f"; {len(higher)} raise it{_names(higher)}"
        findings.append(sentence + ".")
        if len(lower) and "cost_money_mean" in lower and lower["cost_money_mean"].notna().any():
            cheapest = lower.loc[lower["cost_money_mean"].idxmin()]
            findings.append(
                f"Of those, {cheapest['arm']} costs least: USD {cheapest['cost_money_mean']:,.1f} "
                f"million per run on average, for a change of {_pp(cheapest['p_diff'])} in "
                "the probability of a mass atrocity."
            )
    return findings


def _names(rows: pd.DataFrame, limit: int = 5) -> str:
    names = list(rows["arm"])
    if not names:
        return ""
    shown = ", ".join(names[:limit]) + (
        f" and {len(names) - limit} more" if len(names) > limit else ""
    )
    return f" ({shown})"


def _baseline_arm(part: pd.DataFrame) -> str | None:
    """The scenario's baseline arm, if it is among the rows."""
    arms = set(part["arm"])
    if "baseline_arm" in part:
        for name in part["baseline_arm"].dropna().astype(str):
            if name in arms:
                return name
        if part["baseline_arm"].notna().any():
            return None
    candidates: Sequence[str] = [a for a in part["arm"] if is_no_action(a)]
    has_differences = "p_diff" in part and part["p_diff"].notna().any()
    return candidates[0] if candidates and has_differences else None

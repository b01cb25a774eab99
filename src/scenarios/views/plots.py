"""Figures of an experiment: probability, survival, deaths, trajectories, sweeps and cost.

Every function returns a :class:`matplotlib.figure.Figure` drawn on the non-interactive Agg
canvas (no pyplot state, safe in workers), or ``None`` when the data do not support the plot.
Arms keep the colours of :func:`scenarios.views.palette.arm_colors`; several scenarios give one
facet each.
"""

import contextlib
import io
import itertools
import math
import os
import re
import sys
import tempfile
import textwrap
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import (
    FuncFormatter,
    LogLocator,
    NullFormatter,
    PercentFormatter,
    StrMethodFormatter,
)
from matplotlib.transforms import Bbox

from scenarios.analysis.collect import TRAJECTORY_INDICATORS
from scenarios.config.indicators import INDICATORS
from scenarios.views.palette import extend_colors, is_no_action

DPI = 150

TRAJECTORY_ORDER = TRAJECTORY_INDICATORS
"""Indicators :func:`trajectory_plot` draws first, in this order: those the analysis summarises."""

BOUNDED = (-0.02, 1.02)
"""Fixed y range of a bounded indicator (a share, a 0–1 index or intensity, a 0-or-1 flag)."""

MAX_WIDTH = 11.8
"""Widest figure [inches] the report shows at full size (its column, at 96 CSS px an inch)."""

ARM_WIDTH = 32
"""Characters of an arm's label per line where it labels a tick (:func:`arm_ticks`)."""

PAD = 4
"""Room kept between a wrapped title or legend and the figure's edges [pixels]."""

_RC = {"svg.hashsalt": "scenarios", "svg.fonttype": "path", "axes.titleweight": "bold"}


@contextlib.contextmanager
def _style() -> Iterator[None]:
    """Seaborn's white grid and deterministic SVG ids, without touching global state."""
    with (
        sns.axes_style("whitegrid"),
        sns.plotting_context("notebook", font_scale=0.9),
        mpl.rc_context(_RC),
        warnings.catch_warnings(),
    ):
        # seaborn 0.13 calls matplotlib APIs that newer matplotlib deprecates; not ours to fix
        warnings.filterwarnings("ignore", message=r"vert: bool", category=DeprecationWarning)
        warnings.filterwarnings(
            "ignore", message=r"The set_bad function", category=DeprecationWarning
        )
        warnings.filterwarnings(
            "ignore", message=r"The set_bad function", category=PendingDeprecationWarning
        )
        yield


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _wrap(text: Text, room: float, *, vertical: bool = False) -> bool:
    """Re-wrap ``text`` at spaces to span at most ``room`` pixels (its height if ``vertical``);
    return whether it changed. A single word longer than the room is left whole."""
    content = text.get_text()
    if not text.get_visible() or not content.strip():
        return False
    extent = text.get_window_extent()
    span = extent.height if vertical else extent.width
    if span <= room:
        return False
    lines = content.split("\n")
    chars = max(1, math.floor(0.97 * max(map(len, lines)) * room / span))
    wrapped = "\n".join(textwrap.fill(line, chars, break_long_words=False) for line in lines)
    if wrapped == content:
        return False
    text.set_text(wrapped)
    return True


def _fit(fig: Figure) -> Figure:
    """Lay ``fig`` out, wrap each title and axis label longer than its room, and lay it out again.

    The suptitle's room is the figure's width; an axes' titles and x label have the axes' width,
    its y label the axes' height. Returns ``fig``.
    """
    for _ in range(4):  # wrapping changes the layout, which changes the room
        fig.draw_without_rendering()
        changed = False
        if fig._suptitle is not None:
            changed |= _wrap(fig._suptitle, fig.bbox.width - 2 * PAD)
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for title in (ax.title, ax._left_title, ax._right_title):
                changed |= _wrap(title, ax.bbox.width)
            changed |= _wrap(ax.xaxis.label, ax.bbox.width)
            changed |= _wrap(ax.yaxis.label, ax.bbox.height, vertical=True)
        if not changed:
            break
    return fig


def _ordered(values: Sequence, order: Sequence[str]) -> list[str]:
    """Unique ``values`` as strings, in ``order`` first and then in order of appearance."""
    present = list(dict.fromkeys(str(v) for v in values))
    return [a for a in order if a in present] + [a for a in present if a not in order]


def arm_ticks(ax, arms: Sequence[str]) -> None:
    """The arms as the y ticks 0, 1, ... of ``ax``, each wrapped at spaces to :data:`ARM_WIDTH`."""
    labels = [textwrap.fill(arm, ARM_WIDTH, break_long_words=False) for arm in arms]
    ax.set_yticks(range(len(arms)), labels)


def _facets(
    fig: Figure, scenarios: list[str], *, sharex: bool = False, sharey: bool = False
) -> list:
    """One axes per scenario, at most three a row."""
    ncols = min(3, len(scenarios))
    nrows = math.ceil(len(scenarios) / ncols)
    axes = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=False).ravel()
    for ax in axes[len(scenarios) :]:
        ax.set_visible(False)
    return list(axes[: len(scenarios)])


def _facet_size(n_scenarios: int, width: float, height: float) -> tuple[float, float]:
    """Figure size for facets of ``width`` x ``height``, at most :data:`MAX_WIDTH` wide."""
    ncols = min(3, n_scenarios)
    return min(width * ncols, MAX_WIDTH), height * math.ceil(n_scenarios / ncols)


def _scenario_title(ax, scenario: str, several: bool) -> None:
    if several:
        ax.set_title(f"scenario: {scenario}", fontsize="medium")


def probability_plot(comparison: pd.DataFrame, colors: Mapping[str, str] | None = None) -> Figure:
    """Probability of a mass atrocity per arm, with 95% intervals, one facet per scenario.

    Args:
        comparison: One row per (scenario, arm) with ``p_atrocity``, ``p_low``, ``p_high``.
        colors: Arm colours; missing arms are added.
    """
    colors = extend_colors(colors, comparison["arm"])
    arms = _ordered(comparison["arm"], list(colors))
    scenarios = _ordered(comparison["scenario"], [])
    with _style():
        fig = _figure(*_facet_size(len(scenarios), 6.0, 1.2 + 0.42 * len(arms)))
        axes = _facets(fig, scenarios, sharex=True, sharey=True)
        for ax, scenario in zip(axes, scenarios, strict=True):
            rows = comparison[comparison["scenario"].astype(str) == scenario].set_index("arm")
            for y, arm in enumerate(arms):
                if arm not in rows.index:
                    continue
                row = rows.loc[arm]
                p = float(row["p_atrocity"])
                err = [[max(p - float(row["p_low"]), 0)], [max(float(row["p_high"]) - p, 0)]]
                ax.errorbar(
                    p,
                    y,
                    xerr=err,
                    fmt="o",
                    color=colors[arm],
                    ecolor=colors[arm],
                    elinewidth=2,
                    capsize=4,
                    markersize=7,
                )
                ax.annotate(
                    f"{p:.0%}",
                    (p, y),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    fontsize="small",
                )
            arm_ticks(ax, arms)
            ax.set_ylim(len(arms) - 0.5, -0.6)
            ax.set_xlim(0, 1)
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
            ax.set_xlabel("P(mass atrocity) (% of runs; bars: 95% interval)")
            ax.set_ylabel("arm")
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Probability of a mass atrocity by arm")
        _fit(fig)
    return fig


def survival_plot(
    survival: pd.DataFrame,
    colors: Mapping[str, str] | None = None,
    *,
    xlabel: str = "time (weeks since start)",
    ylabel: str = "runs with no mass atrocity yet (%)",
    title: str = "Time to onset of a mass atrocity (Kaplan–Meier, bands: 95% interval)",
) -> Figure:
    """Kaplan–Meier curves of time to an event per arm with 95% bands, one facet per scenario.

    Args:
        survival: ``scenario, arm, week, survival, low, high`` step curves (``week``: the time
            column, whatever its unit).
        colors: Arm colours; missing arms are added.
        xlabel, ylabel, title: What the axes and the figure say (default: onset of a mass
            atrocity, in weeks).
    """
    colors = extend_colors(colors, survival["arm"])
    arms = _ordered(survival["arm"], list(colors))
    scenarios = _ordered(survival["scenario"], [])
    with _style():
        fig = _figure(*_facet_size(len(scenarios), 6.5, 4.0))
        axes = _facets(fig, scenarios, sharey=True)
        for ax, scenario in zip(axes, scenarios, strict=True):
            data = survival[survival["scenario"].astype(str) == scenario]
            for arm in arms:
                curve = data[data["arm"].astype(str) == arm].sort_values("week")
                if curve.empty:
                    continue
                week = curve["week"].to_numpy(float)
                ax.step(week, curve["survival"], where="post", color=colors[arm], label=arm)
                ax.fill_between(
                    week,
                    curve["low"].to_numpy(float),
                    curve["high"].to_numpy(float),
                    step="post",
                    color=colors[arm],
                    alpha=_band_alpha(len(arms)),
                    linewidth=0,
                )
            ax.set_ylim(0, 1.02)
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            _scenario_title(ax, scenario, len(scenarios) > 1)
        _legend(fig, arms, colors)
        fig.suptitle(title)
        _fit(fig)
    return fig


def _band_alpha(n_arms: int) -> float:
    """Opacity of one arm's band: 0.15, less when many arms' bands overlap."""
    return min(0.15, 0.9 / max(n_arms, 1))


def _legend(fig: Figure, arms: Sequence[str], colors: Mapping[str, str]) -> None:
    """One legend of the arms for the figure, below the plots (:func:`figure_legend`)."""
    handles = [Line2D([], [], color=colors[a], linewidth=2.5) for a in arms]
    figure_legend(fig, handles, arms, "arm")


def figure_legend(fig: Figure, handles: Sequence, labels: Sequence[str], title: str | None) -> None:
    """A legend below the plots, in order, in as many columns (at most four) as fit the figure's
    width (labels still too wide in one column are wrapped); the figure grows by its height, so
    that a long legend does not squeeze the plots."""
    if not labels:
        return
    room = fig.bbox.width - 2 * PAD
    renderer = fig.canvas.get_renderer()
    for ncols in range(min(len(labels), 4), 0, -1):
        legend = fig.legend(
            list(handles),
            [str(label) for label in labels],
            title=title,
            loc="outside lower center",
            ncols=ncols,
            frameon=False,
        )
        if legend.get_window_extent(renderer).width <= room:
            break
        if ncols > 1:
            legend.remove()
    else:
        extra = legend.get_window_extent(renderer).width - max(
            t.get_window_extent(renderer).width for t in legend.get_texts()
        )
        for text in legend.get_texts():
            _wrap(text, room - extra)
    fig.set_figheight(fig.get_figheight() + legend.get_window_extent(renderer).height / fig.dpi)


def deaths_plot(replications: pd.DataFrame, colors: Mapping[str, str] | None = None) -> Figure:
    """Distribution of civilian deaths per run, per arm, on a log scale of deaths + 1.

    Args:
        replications: One row per run with ``scenario, arm, civilian_deaths``.
        colors: Arm colours; missing arms are added.
    """
    colors = extend_colors(colors, replications["arm"])
    arms = _ordered(replications["arm"], list(colors))
    scenarios = _ordered(replications["scenario"], [])
    data = pd.DataFrame(
        {
            "scenario": replications["scenario"].astype(str),
            "arm": replications["arm"].astype(str),
            "deaths": replications["civilian_deaths"].fillna(0).clip(lower=0).astype(float) + 1,
        }
    )
    with _style():
        fig = _figure(*_facet_size(len(scenarios), 6.5, 1.4 + 0.5 * len(arms)))
        axes = _facets(fig, scenarios, sharex=True, sharey=True)
        for ax, scenario in zip(axes, scenarios, strict=True):
            part = data[data["scenario"] == scenario]
            present = [a for a in arms if a in set(part["arm"])]
            palette = {a: colors[a] for a in present}
            sns.boxplot(
                part,
                x="deaths",
                y="arm",
                hue="arm",
                order=arms,
                hue_order=present,
                palette=palette,
                log_scale=True,
                showfliers=False,
                whis=(5, 95),
                width=0.5,
                boxprops={"alpha": 0.45},
                legend=False,
                ax=ax,
            )
            # a bounded number of dots per arm keeps large experiments fast and the SVG small
            shuffled = part.sample(frac=1.0, random_state=0)
            sample = shuffled[shuffled.groupby("arm").cumcount() < 300]
            sns.stripplot(
                sample,
                x="deaths",
                y="arm",
                hue="arm",
                order=arms,
                hue_order=present,
                palette=palette,
                size=2.5,
                alpha=0.5,
                jitter=0.2,
                legend=False,
                ax=ax,
            )
            zero_share = part.groupby("arm")["deaths"].apply(lambda d: float((d <= 1).mean()))
            shares = ax.secondary_yaxis("right")  # beside the boxes, off the data
            shares.set_yticks(
                range(len(arms)),
                [f"{zero_share[a]:.0%}" if a in zero_share.index else "" for a in arms],
            )
            shares.tick_params(length=0, labelsize="small", labelcolor="0.25")
            shares.set_ylabel("runs with no deaths", fontsize="small", color="0.25")
            arm_ticks(ax, arms)
            log_ticks(ax.xaxis, float(data["deaths"].min()), float(data["deaths"].max()))
            ax.set_xlabel("civilian deaths per run + 1 (log scale; 1 = none)")
            ax.set_ylabel("arm")
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Civilian deaths per run by arm (box: quartiles, whiskers: 5–95%)")
        _fit(fig)
    return fig


def log_ticks(axis, low: float, high: float) -> None:
    """Ticks of a log-scaled ``axis`` spanning ``low`` to ``high`` (> 0): the powers of ten, and
    their doubles and fives within two decades; labelled 0.05, 1, 20, 5k (no minor tick labels,
    which crowd each other on a short span)."""
    decades = math.log10(high / low) if 0 < low < high else 0.0
    subs = (1.0, 2.0, 5.0) if decades <= 2 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(_persons_formatter())
    axis.set_minor_formatter(NullFormatter())


def trajectory_plot(
    trajectories: pd.DataFrame,
    colors: Mapping[str, str] | None = None,
    indicators: Sequence[str] | None = None,
    *,
    time: str = "week",
    time_label: str = "time (weeks since start)",
    names: Mapping[str, tuple[str, str]] | None = None,
) -> Figure:
    """Indicator means over time with 10–90% bands per arm; a panel per indicator (and scenario),
    titled with its name, its unit on the y axis.

    A bounded indicator (its unit a share, 0–1 or 0 or 1: :func:`is_bounded`) is drawn on the
    fixed range :data:`BOUNDED`, so that a trivial change does not fill its panel.

    Args:
        trajectories: ``scenario, arm, indicator, <time>, mean, low, high``.
        colors: Arm colours; missing arms are added.
        indicators: Indicators to draw, in order; by default all, those of ``names`` (or else
            :data:`TRAJECTORY_ORDER`) first, the others in order of appearance.
        time: The time column; ``time_label`` labels its axis (under each column's lowest panel).
        names: Display name and unit of each indicator; by default the indicator registry's.
    """
    colors = extend_colors(colors, trajectories["arm"])
    arms = _ordered(trajectories["arm"], list(colors))
    scenarios = _ordered(trajectories["scenario"], [])
    if indicators is None:
        indicators = _ordered(trajectories["indicator"], list(names or TRAJECTORY_ORDER))
    indicators = list(indicators)
    several = len(scenarios) > 1
    if several:  # a row per indicator, a column per scenario
        nrows, ncols = len(indicators), len(scenarios)
    else:
        ncols = min(3, len(indicators))
        nrows = math.ceil(len(indicators) / ncols)
    groups = {
        key: frame.sort_values(time)
        for key, frame in trajectories.assign(
            scenario=trajectories["scenario"].astype(str), arm=trajectories["arm"].astype(str)
        ).groupby(["scenario", "indicator", "arm"], sort=False)
    }
    with _style():
        fig = _figure(min(4.6 * ncols, MAX_WIDTH), 2.9 * nrows + 0.4)
        grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
        panels = [
            (indicator, scenario)
            for indicator in indicators
            for scenario in (scenarios if several else scenarios[:1])
        ]
        flat = grid.ravel()
        for ax in flat[len(panels) :]:
            ax.set_visible(False)
        for ax, (indicator, scenario) in zip(flat, panels, strict=False):
            name, unit = indicator_name(indicator, names)
            for arm in arms:
                curve = groups.get((scenario, indicator, arm))
                if curve is None:
                    continue
                week = curve[time].to_numpy(float)
                ax.plot(week, curve["mean"], color=colors[arm], linewidth=1.6)
                ax.fill_between(
                    week,
                    curve["low"].to_numpy(float),
                    curve["high"].to_numpy(float),
                    color=colors[arm],
                    alpha=_band_alpha(len(arms)),
                    linewidth=0,
                )
            ax.set_title(f"{name}\nscenario: {scenario}" if several else name, fontsize="small")
            ax.set_ylabel(unit, fontsize="small")
            if is_bounded(unit):
                ax.set_ylim(*BOUNDED)
            if unit.startswith("persons"):
                ax.yaxis.set_major_formatter(_persons_formatter())
        for column in range(ncols):  # the lowest panel of each column shows the time axis
            lowest = grid[(len(panels) - 1 - column) // ncols, column]
            lowest.xaxis.set_tick_params(labelbottom=True)
            lowest.set_xlabel(time_label, fontsize="small")
        _legend(fig, arms, colors)
        fig.suptitle("Indicators over time: mean across runs, band 10th–90th percentile")
        _fit(fig)
    return fig


def indicator_name(
    indicator: str, names: Mapping[str, tuple[str, str]] | None = None
) -> tuple[str, str]:
    """Display name and unit of ``indicator``: from ``names``, or by default the indicator
    registry's label and unit; an unknown indicator shows its column name in "model units"."""
    if names is None:
        entry = INDICATORS.get(indicator)
        found = (entry.label, entry.unit) if entry else None
    else:
        found = names.get(indicator)
    return found or (indicator.replace("_", " "), "model units")


def is_bounded(unit: str) -> bool:
    """Whether ``unit`` names a quantity between 0 and 1: a share, index or intensity ``0–1``,
    or a flag ``0 or 1``."""
    return re.search(r"\b0\s*[–-]\s*1\b|\b0 or 1\b", unit) is not None


def _persons_formatter():
    def fmt(value: float, _pos: int) -> str:
        for size, suffix in ((1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                return f"{value / size:g}{suffix}"
        return f"{value:g}"

    return FuncFormatter(fmt)


def heatmap_keys(comparison: pd.DataFrame, sweep_keys: Sequence[str]) -> list[str] | None:
    """The two swept keys of a two-dimensional sweep, or ``None``.

    The ``scenario`` key is not a dimension (it facets); nor is a key with one value over the
    non-baseline arms (such as ``strategy`` when it only adds the no-action baseline).
    """
    keys = [k for k in sweep_keys if k != "scenario" and k in comparison.columns]
    if len(keys) != len([k for k in sweep_keys if k != "scenario"]):
        return None
    if len(keys) > 2:
        arms = comparison[~_baseline_rows(comparison)]
        keys = [k for k in keys if arms[k].dropna().astype(str).nunique() > 1]
    return keys if len(keys) == 2 else None


def _baseline_rows(comparison: pd.DataFrame) -> pd.Series:
    arm = comparison["arm"].astype(str)
    if "baseline_arm" in comparison.columns:
        is_baseline = arm == comparison["baseline_arm"].astype(str)
    else:
        is_baseline = pd.Series(False, index=comparison.index)
    return is_baseline | arm.map(is_no_action)


def _sort_key(values: pd.Index) -> list:
    numeric = pd.to_numeric(pd.Series(values), errors="coerce")
    if numeric.notna().all():
        return list(values[np.argsort(numeric.to_numpy(), kind="stable")])
    return sorted(values, key=str)


def _key_label(key: str) -> str:
    last = key.rsplit(".", 1)[-1]
    units = {"week": "week", "weeks": "weeks", "troops": "persons", "budget": "USD million"}
    return f"{key} ({units[last]})" if last in units else key


def heatmap_plot(comparison: pd.DataFrame, sweep_keys: Sequence[str]) -> Figure | None:
    """P(mass atrocity) and mean deaths averted over a two-dimensional sweep, or ``None``.

    Args:
        comparison: One row per (scenario, arm) with the sweep-key columns.
        sweep_keys: Swept keys besides the shard; a heatmap needs exactly two besides
            ``scenario``.
    """
    keys = heatmap_keys(comparison, sweep_keys)
    if keys is None:
        return None
    row_key, col_key = keys
    data = comparison[~_baseline_rows(comparison)].dropna(subset=keys)
    if data.empty:
        return None
    data = data.assign(**{k: data[k].map(_tick) for k in keys})
    scenarios = _ordered(data["scenario"], [])
    averted = "deaths_averted_mean" in data and data["deaths_averted_mean"].notna().any()
    ncols = 2 if averted else 1
    n_rows, n_cols = data[row_key].nunique(), data[col_key].nunique()
    with _style():
        width = min(ncols * (3.4 + 1.2 * n_cols), MAX_WIDTH)
        fig = _figure(width, 0.4 + len(scenarios) * (2.0 + 0.6 * n_rows))
        grid = fig.subplots(len(scenarios), ncols, squeeze=False)
        for axes, scenario in zip(grid, scenarios, strict=True):
            part = data[data["scenario"].astype(str) == scenario]
            panels = [
                (
                    "p_atrocity",
                    "P(mass atrocity)",
                    ".0%",
                    "rocket_r",
                    {"vmin": 0, "vmax": max(float(data["p_atrocity"].max()), 0.01)},
                    "P(mass atrocity) (% of runs)",
                ),
                (
                    "deaths_averted_mean",
                    "Mean civilian deaths averted vs baseline",
                    ",.0f",
                    "vlag_r",
                    {"center": 0},
                    "deaths averted per run (persons)",
                ),
            ][:ncols]
            for ax, (column, title, fmt, cmap, scale, bar_label) in zip(axes, panels, strict=True):
                table = part.pivot_table(index=row_key, columns=col_key, values=column)
                table = table.loc[_sort_key(table.index), _sort_key(table.columns)]
                sns.heatmap(
                    table,
                    annot=True,
                    fmt=fmt,
                    cmap=cmap,
                    linewidths=0.5,
                    ax=ax,
                    cbar_kws={"label": bar_label},
                    annot_kws={"fontsize": "small"},
                    **scale,
                )
                colorbar = ax.collections[0].colorbar
                if column == "p_atrocity":
                    colorbar.formatter = PercentFormatter(xmax=1, decimals=0)
                else:
                    colorbar.formatter = StrMethodFormatter("{x:,.0f}")
                ax.set_xlabel(_key_label(col_key))
                ax.set_ylabel(_key_label(row_key))
                ax.tick_params(axis="y", labelrotation=0)
                ax.set_title(f"{title}\nscenario: {scenario}", fontsize="small")
        fig.suptitle("Two-dimensional sweep: each cell is one arm")
        _fit(fig)
    return fig


def _tick(value: object) -> object:
    """Whole floats as ints so heatmap ticks read 13, not 13.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cost_effect_plot(
    comparison: pd.DataFrame, colors: Mapping[str, str] | None = None
) -> Figure | None:
    """Mean deaths averted vs mean cost, one point per non-baseline arm, or ``None``.

    Each point is labelled with its arm (:func:`_label_points`); when the labels of a facet
    would overlap, each arm gets its own marker and a legend below names them instead.

    Args:
        comparison: Rows with ``cost_money_mean`` and ``deaths_averted_mean/_low/_high``.
        colors: Arm colours; missing arms are added.
    """
    if "deaths_averted_mean" not in comparison:
        return None
    data = comparison[comparison["deaths_averted_mean"].notna() & ~_baseline_rows(comparison)]
    if data.empty:
        return None
    colors = extend_colors(colors, comparison["arm"])
    scenarios = _ordered(data["scenario"], [])
    with _style():
        fig = _figure(*_facet_size(len(scenarios), 6.5, 4.6))
        axes = _facets(fig, scenarios)
        arms = _ordered(data["arm"], list(colors))
        labelled: dict[str, list[tuple[str, float, float, float, float]]] = {
            s: [] for s in scenarios
        }
        markers: dict[str, list] = {arm: [] for arm in arms}
        for ax, scenario in zip(axes, scenarios, strict=True):
            part = data[data["scenario"].astype(str) == scenario]
            ax.axhline(0, color="0.4", linewidth=0.8, linestyle="--")
            for _, row in part.iterrows():
                arm, x, y = (
                    str(row["arm"]),
                    float(row["cost_money_mean"]),
                    float(row["deaths_averted_mean"]),
                )
                low, high = row.get("deaths_averted_low"), row.get("deaths_averted_high")
                yerr = None
                if pd.notna(low) and pd.notna(high):
                    yerr = [[max(y - float(low), 0)], [max(float(high) - y, 0)]]
                bottom, top = (y - yerr[0][0], y + yerr[1][0]) if yerr else (y, y)
                bars = ax.errorbar(
                    x,
                    y,
                    yerr=yerr,
                    fmt="o",
                    color=colors[arm],
                    capsize=4,
                    markersize=7,
                    elinewidth=1.8,
                )
                labelled[scenario].append((arm, x, y, bottom, top))
                markers[arm].append(bars.lines[0])
            ax.margins(x=0.2, y=0.15)
            ax.set_xlabel("mean cost per run (USD million)")
            ax.set_ylabel("civilian deaths averted vs baseline\n(persons, mean per run)")
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Deaths averted against cost (bars: paired 95% interval)")
        _fit(fig)
        labels = [_label_points(ax, labelled[s]) for ax, s in zip(axes, scenarios, strict=True)]
        if any(texts is None for texts in labels):
            for text in itertools.chain.from_iterable(t for t in labels if t is not None):
                text.remove()
            for arm, marker in zip(arms, itertools.cycle(MARKERS), strict=False):
                for line in markers[arm]:
                    line.set_marker(marker)
            handles = [Line2D([], [], color=colors[a], marker=markers[a][0].get_marker(),
                              linestyle="none", markersize=7) for a in arms]  # fmt: skip
            figure_legend(fig, handles, arms, "arm")
            _fit(fig)
    return fig


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p")
"""Markers of the arms in a cost-effect plot whose point labels would overlap."""


LABEL_OFFSETS = ((6, 5, "left", "bottom"), (-6, 5, "right", "bottom"),
                 (6, -5, "left", "top"), (-6, -5, "right", "top"))  # fmt: skip
"""Where :func:`_label_points` tries a point's label, in order: offset [points], alignment."""


def _label_points(
    ax, points: Sequence[tuple[str, float, float, float, float]]
) -> list[Text] | None:
    """Label each ``(text, x, y, bottom, top)`` point of a laid-out axes, its error bar from
    ``bottom`` to ``top``, beside it; return the labels, or ``None`` (and no label) if one of
    them cannot be placed.

    A label goes to the first of :data:`LABEL_OFFSETS` where it stays inside the axes, off the
    labels placed before it and off the other points and their bars, as it is or else wrapped
    to the room there.
    """
    pad = 5 * ax.figure.dpi / 72  # a marker's radius or a cap's half-width, with a margin
    bars = [
        Bbox(ax.transData.transform([(x, bottom), (x, top)])).expanded(1, 1).padded(pad)
        for _, x, _, bottom, top in points
    ]
    placed: list[Text] = []
    for i, (text, x, y, _, _) in enumerate(points):
        obstacles = bars[:i] + bars[i + 1 :]
        for wrap, (dx, dy, ha, va) in itertools.product((False, True), LABEL_OFFSETS):
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                ha=ha, va=va, fontsize="small")  # fmt: skip
            if wrap:
                box = label.get_window_extent()
                _wrap(label, ax.bbox.x1 - box.x0 if ha == "left" else box.x1 - ax.bbox.x0)
            box = label.get_window_extent()
            others = [other.get_window_extent() for other in placed] + obstacles
            if _inside(box, ax.bbox) and not any(box.overlaps(other) for other in others):
                placed.append(label)
                break
            label.remove()
        else:
            for label in placed:
                label.remove()
            return None
    return placed


def _inside(box, frame) -> bool:
    """Whether bounding box ``box`` lies within ``frame``."""
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def save_figure(fig: Figure, folder: Path, stem: str) -> tuple[Path, Path]:
    """Write ``stem.png`` (150 dpi) and ``stem.svg`` into ``folder`` atomically; close ``fig``.

    Returns:
        The PNG and SVG paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"{stem}.png", folder / f"{stem}.svg"
    try:
        with mpl.rc_context(_RC):
            for path, fmt, metadata in (
                (paths[0], "png", {"Software": None}),
                (paths[1], "svg", {"Date": None, "Creator": None}),
            ):
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
                write_atomic(path, buffer.getvalue())
                fig.set_layout_engine("none")  # laid out once; the second format reuses it
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close(fig)
        fig.clear()
    return paths

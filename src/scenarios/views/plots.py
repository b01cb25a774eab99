"""Figures of an experiment: probability, survival, deaths, trajectories, sweeps and cost.

Every function returns a :class:`matplotlib.figure.Figure` drawn on the non-interactive Agg
canvas (no pyplot state, safe in workers), or ``None`` when the data do not support the plot.
Arms keep the colours of :func:`scenarios.views.palette.arm_colors`; several scenarios give one
facet each.
"""

import contextlib
import io
import math
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from scenarios.views.palette import extend_colors, is_no_action

DPI = 150

INDICATORS: dict[str, tuple[str, str]] = {
    "killed": ("Civilians deliberately killed, cumulative", "persons"),
    "deaths_week": ("Civilians killed this week", "persons per week"),
    "displaced": ("Displaced inside the country", "persons"),
    "refugees": ("Refugees abroad", "persons"),
    "threat": ("Threat perceived by the regime", "index, 0 = none"),
    "legitimacy": ("Regime legitimacy in the ruling group", "index 0–1"),
    "propaganda": ("Dehumanising propaganda", "intensity 0–1"),
    "mobilised_share": ("Non-ruling population mobilised", "share 0–1"),
    "massacres": ("Weeks with ≥ 100 civilians killed", "count"),
    "actors_mass_violence": ("Armed actors waging mass violence", "count"),
}
"""Display name and unit of each indicator; the first group is drawn in this order."""

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
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _ordered(values: Sequence, order: Sequence[str]) -> list[str]:
    """Unique ``values`` as strings, in ``order`` first and then in order of appearance."""
    present = list(dict.fromkeys(str(v) for v in values))
    return [a for a in order if a in present] + [a for a in present if a not in order]


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
    ncols = min(3, n_scenarios)
    return width * ncols, height * math.ceil(n_scenarios / ncols)


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
            ax.set_yticks(range(len(arms)), arms)
            ax.set_ylim(len(arms) - 0.5, -0.6)
            ax.set_xlim(0, 1)
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
            ax.set_xlabel("P(mass atrocity) (% of runs; bars: 95% interval)")
            ax.set_ylabel("arm")
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Probability of a mass atrocity by arm")
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
        fig = _figure(*_facet_size(len(scenarios), 6.5, 4.2))
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
                    alpha=0.15,
                    linewidth=0,
                )
            ax.set_ylim(0, 1.02)
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            _scenario_title(ax, scenario, len(scenarios) > 1)
        _legend(fig, axes[0], arms, colors)
        fig.suptitle(title)
    return fig


def _legend(fig: Figure, ax, arms: Sequence[str], colors: Mapping[str, str]) -> None:
    """One legend for the figure, below the plots, with the arms in order."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=colors[a], linewidth=2.5) for a in arms]
    fig.legend(
        handles,
        list(arms),
        title="arm",
        loc="outside lower center",
        ncols=min(len(arms), 4),
        frameon=False,
    )


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
            for y, arm in enumerate(arms):
                if arm in zero_share.index:  # just above the arm's box, at the right
                    ax.text(
                        0.995,
                        y - 0.27,
                        f"runs with no deaths: {zero_share[arm]:.0%}",
                        transform=ax.get_yaxis_transform(),
                        ha="right",
                        va="bottom",
                        fontsize="x-small",
                        color="0.25",
                    )
            ax.set_xlabel("civilian deaths per run + 1 (persons, log scale; 1 = no deaths)")
            ax.set_ylabel("arm")
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Civilian deaths per run by arm (box: quartiles, whiskers: 5–95%)")
    return fig


def trajectory_plot(
    trajectories: pd.DataFrame,
    colors: Mapping[str, str] | None = None,
    indicators: Sequence[str] | None = None,
    *,
    time: str = "week",
    time_label: str = "time (weeks since start)",
    names: Mapping[str, tuple[str, str]] = INDICATORS,
) -> Figure:
    """Indicator means over time with 10–90% bands per arm; a panel per indicator (and scenario).

    Args:
        trajectories: ``scenario, arm, indicator, <time>, mean, low, high``.
        colors: Arm colours; missing arms are added.
        indicators: Indicators to draw, in order; by default all, the known ones first.
        time: The time column; ``time_label`` labels its axis.
        names: Display name and unit of each indicator.
    """
    colors = extend_colors(colors, trajectories["arm"])
    arms = _ordered(trajectories["arm"], list(colors))
    scenarios = _ordered(trajectories["scenario"], [])
    if indicators is None:
        indicators = _ordered(trajectories["indicator"], list(names))
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
        fig = _figure(4.6 * ncols, 2.9 * nrows + 0.8)
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
            name, unit = names.get(indicator, (indicator.replace("_", " "), "model units"))
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
                    alpha=0.15,
                    linewidth=0,
                )
            title = f"{name} ({unit})"
            ax.set_title(f"{title}\nscenario: {scenario}" if several else title, fontsize="small")
            ax.set_ylabel(unit, fontsize="small")
            ax.set_xlabel(time_label, fontsize="small")
            if unit.startswith("persons"):
                ax.yaxis.set_major_formatter(_persons_formatter())
        _legend(fig, flat[0], arms, colors)
        fig.suptitle("Indicators over time: mean across runs, band 10th–90th percentile")
    return fig


def _persons_formatter():
    from matplotlib.ticker import FuncFormatter

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
        fig = _figure(ncols * (3.4 + 1.2 * n_cols), 0.4 + len(scenarios) * (2.0 + 0.6 * n_rows))
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
                if column == "p_atrocity":
                    ax.collections[0].colorbar.formatter = PercentFormatter(xmax=1, decimals=0)
                ax.set_xlabel(_key_label(col_key))
                ax.set_ylabel(_key_label(row_key))
                ax.set_title(f"{title}\nscenario: {scenario}", fontsize="small")
        fig.suptitle("Two-dimensional sweep: each cell is one arm")
    return fig


def _tick(value: object) -> object:
    """Whole floats as ints so heatmap ticks read 13, not 13.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cost_effect_plot(
    comparison: pd.DataFrame, colors: Mapping[str, str] | None = None
) -> Figure | None:
    """Mean deaths averted vs mean cost, one labelled point per non-baseline arm, or ``None``.

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
                ax.errorbar(
                    x,
                    y,
                    yerr=yerr,
                    fmt="o",
                    color=colors[arm],
                    capsize=4,
                    markersize=7,
                    elinewidth=1.8,
                )
                ax.annotate(
                    arm, (x, y), xytext=(6, 5), textcoords="offset points", fontsize="x-small"
                )
            ax.set_xlabel("mean cost per run (USD million)")
            ax.set_ylabel("civilian deaths averted vs baseline\n(persons, mean per run)")
            ax.margins(x=0.2, y=0.15)
            _scenario_title(ax, scenario, len(scenarios) > 1)
        fig.suptitle("Deaths averted against cost (bars: 95% interval of the paired difference)")
    return fig


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

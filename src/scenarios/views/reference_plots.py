"""Figures of reference-model runs (Epstein Models I and II), in the style of :mod:`plots`.

Each function returns a :class:`matplotlib.figure.Figure`, or ``None`` when the data do not
support the plot.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from scenarios.views.palette import extend_colors
from scenarios.views.plots import (
    _figure,
    _fit,
    _legend,
    _ordered,
    _style,
    arm_ticks,
    figure_legend,
    log_ticks,
)

#: Display name and unit of each reference-model series.
SERIES: dict[str, tuple[str, str]] = {
    "active": ("Active citizens, in rebellion", "citizens"),
    "jailed": ("Jailed citizens", "citizens"),
    "quiescent": ("Quiescent citizens", "citizens"),
    "blue": ("Blue group alive", "citizens"),
    "green": ("Green group alive", "citizens"),
    "blue_active": ("Blue citizens active, killing", "citizens"),
    "green_active": ("Green citizens active, killing", "citizens"),
    "minority_clustering": ("Clustering of the minority", "same-group share above random"),
}


#: Steps of a run drawn by :func:`example_plot`; more make bursts unreadable.
EXAMPLE_STEPS = 1000


def example_plot(
    examples: pd.DataFrame,
    series: tuple[str, ...],
    subject: str,
    colors: Mapping[str, str] | None = None,
) -> Figure | None:
    """One run per arm (its lowest replication), step by step, its first
    :data:`EXAMPLE_STEPS` steps: the ``series`` (Model I's active and jailed citizens, Model
    II's two groups), which show ``subject``. A panel per arm, sharing the axes; the legend of
    the series below them."""
    if examples.empty:
        return None
    colors = extend_colors(colors, examples["arm"])
    arms = _ordered(examples["arm"], list(colors))
    styles = {
        "active": ("#d55e00", "-"),
        "jailed": ("0.45", ":"),
        "blue": ("#0173b2", "-"),
        "green": ("#029e73", "-"),
    }
    with _style():
        fig = _figure(9.0, 0.9 + 1.7 * len(arms))
        axes = fig.subplots(len(arms), 1, sharex=True, sharey=True, squeeze=False).ravel()
        for ax, arm in zip(axes, arms, strict=True):
            whole = examples[examples["arm"].astype(str) == arm].sort_values("step")
            run = whole[whole["step"] <= EXAMPLE_STEPS]
            for column in series:
                color, line = styles[column]
                label = SERIES[column][0]
                ax.plot(run["step"], run[column], color=color, linestyle=line, linewidth=1.0,
                        label=label)  # fmt: skip
            replication = int(run["replication"].iloc[0])
            last = int(whole["step"].iloc[-1])
            shown = f", steps 0-{EXAMPLE_STEPS} of {last}" if last > EXAMPLE_STEPS else ""
            ax.set_title(f"{arm} (replication {replication}{shown})", fontsize="small", loc="left")
            ax.set_ylabel("citizens", fontsize="small")
        axes[-1].set_xlabel("step")
        handles, labels = axes[0].get_legend_handles_labels()
        figure_legend(fig, handles, labels, None)
        fig.suptitle(f"One run per arm: {subject}, step by step")
        _fit(fig)
    return fig


def quiet_spell_plot(
    bursts: pd.DataFrame, colors: Mapping[str, str] | None = None
) -> Figure | None:
    """Model I: the share of quiet spells between bursts longer than t, per arm, on log-log
    axes, against the geometric law with the same mean (dashed; bursts starting at random
    with a constant hazard). A heavier tail lies above its dashed line at large t."""
    spells = bursts.dropna(subset=["quiet_before"]) if not bursts.empty else bursts
    if spells.empty:
        return None
    colors = extend_colors(colors, spells["arm"])
    arms = _ordered(spells["arm"], list(colors))
    with _style():
        fig = _figure(7.0, 4.0)
        ax = fig.subplots()
        for arm in arms:
            waits = np.sort(spells.loc[spells["arm"].astype(str) == arm, "quiet_before"].to_numpy())
            if waits.size == 0:
                continue
            survival = 1.0 - np.arange(waits.size) / waits.size
            ax.step(waits, survival, where="post", color=colors[arm], linewidth=1.6)
            t = np.unique(np.geomspace(1, waits.max(), 60).round())
            p = 1.0 / waits.mean()
            ax.plot(t, (1 - p) ** (t - 1), color=colors[arm], linestyle="--", linewidth=0.9)
        ax.set_xscale("log")
        ax.set_yscale("log")
        log_ticks(ax.xaxis, *ax.get_xlim())
        log_ticks(ax.yaxis, *ax.get_ylim())
        ax.set_xlabel("quiet spell between bursts, t (steps, log scale)")
        ax.set_ylabel("share of spells ≥ t (log scale)")
        _legend(fig, arms, colors)
        fig.suptitle("Waiting times between bursts (solid) against a geometric law (dashed)")
        _fit(fig)
    return fig


def elimination_plot(
    replications: pd.DataFrame, colors: Mapping[str, str] | None = None
) -> Figure | None:
    """Model II: steps until a group is eliminated, per run and arm (box and dots); runs that
    reached the cap are drawn as crosses at the cap (their legend below the plot)."""
    if replications.empty:
        return None
    colors = extend_colors(colors, replications["arm"])
    arms = _ordered(replications["arm"], list(colors))
    data = replications.assign(arm=replications["arm"].astype(str))
    with _style():
        fig = _figure(8.0, 1.4 + 0.55 * len(arms))
        ax = fig.subplots()
        palette = {a: colors[a] for a in arms}
        sns.boxplot(data, x="time_to_elimination", y="arm", hue="arm", order=arms,
                    hue_order=arms, palette=palette, showfliers=False, whis=(5, 95), width=0.5,
                    boxprops={"alpha": 0.45}, legend=False, ax=ax)  # fmt: skip
        ended = data[~data["censored"].astype(bool)]
        sns.stripplot(ended, x="time_to_elimination", y="arm", hue="arm", order=arms,
                      hue_order=arms, palette=palette, size=3, alpha=0.6, jitter=0.2,
                      legend=False, ax=ax)  # fmt: skip
        capped = data[data["censored"].astype(bool)]
        if not capped.empty:
            rows = [arms.index(a) for a in capped["arm"]]
            ax.scatter(capped["time_to_elimination"], rows, marker="x", color="0.2", s=18,
                       label="no elimination by the cap")  # fmt: skip
            figure_legend(fig, *ax.get_legend_handles_labels(), None)
        arm_ticks(ax, arms)
        ax.set_xlabel("steps until one group is eliminated")
        ax.set_ylabel("arm")
        fig.suptitle("Time to elimination per run (box: quartiles, whiskers: 5–95%)")
        _fit(fig)
    return fig

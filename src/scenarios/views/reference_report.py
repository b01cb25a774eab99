"""The report of a reference-model sweep (Epstein Models I and II): plots, findings, table.

The same page as a country-model report (:mod:`scenarios.views.report`), with the plots and
statistics of the reference model in place of the probability of a mass atrocity. What differs
between Models I and II is a :class:`ReferencePage`, which the registry of model kinds
(:mod:`scenarios.kinds`) hands to :func:`write_reference_report`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from scenarios.analysis.collect import SweepTables
from scenarios.analysis.reference import trend_finding
from scenarios.views import plots, reference_plots
from scenarios.views.palette import arm_colors, extend_colors
from scenarios.views.report import PlotSpec, _context, _table, draw_plots, render_report

EXAMPLE = PlotSpec(
    "example",
    "example",
    "One run per arm",
    "The lowest replication of each arm, step by step (at most its first 1,000 steps). Model I: "
    "long quiet spells broken by bursts of rebellion are Epstein's punctuated equilibrium.",
)
TRAJECTORIES = PlotSpec(
    "trajectories",
    "trajectories",
    "Series over time",
    "Mean across runs (line) and 10th–90th percentile (band), per arm; Model II runs that ended "
    "at an elimination keep their final state.",
)
CIVIL_VIOLENCE_PLOTS = (
    EXAMPLE,
    TRAJECTORIES,
    PlotSpec(
        "quiet_spells",
        "quiet-spells",
        "Waiting times between bursts",
        "Survival function of the quiet spells between consecutive bursts, pooled over runs, "
        "on log-log axes; dashed: the geometric law with the same mean (bursts at random).",
    ),
)
ETHNIC_VIOLENCE_PLOTS = (
    PlotSpec(
        "elimination",
        "elimination",
        "Time to elimination",
        "Steps until one group has no member left, per run; crosses: runs that reached the cap.",
    ),
    PlotSpec(
        "survival",
        "survival",
        "Both groups still present",
        "Kaplan–Meier estimate of the share of runs in which both groups survive, step by step, "
        "with a 95% band; runs that reach the cap are censored.",
    ),
    EXAMPLE,
    TRAJECTORIES,
)


def civil_violence_finding(row) -> str:
    """Model I: one arm's peak and bursts, in words."""
    quiet = "n/a" if pd.isna(row.mean_quiet) else f"{row.mean_quiet:,.0f}"
    return (
        f"{row.arm}: at most {row.peak_active:,.0f} citizens active at once on average "
        f"(95% CI {row.peak_active_low:,.0f}–{row.peak_active_high:,.0f}); bursts cover "
        f"{row.burst_share:.0%} of steps, {row.bursts_per_1000_steps:.1f} per 1,000 "
        f"steps, with quiet spells of {quiet} steps on average between them."
    )


def ethnic_violence_finding(row) -> str:
    """Model II: one arm's eliminations and their timing, in words."""
    median = "not reached" if pd.isna(row.median_time) else f"{row.median_time:,.0f} steps"
    return (
        f"{row.arm}: a group was eliminated in {row.p_eliminated:.0%} of runs "
        f"(95% CI {row.p_eliminated_low:.0%}–{row.p_eliminated_high:.0%}) within "
        f"{row.cap:,} steps; median time to elimination {median}, standard deviation "
        f"{row.sd_time_capped:,.0f} steps."
    )


@dataclass(frozen=True)
class ReferencePage:
    """What a reference model's report page shows.

    Attributes:
        plots: the plots, in page order.
        example_series: the series of the one-run-per-arm plot (columns of its time series).
        example_subject: what those series show, for the plot's title.
        finding: one arm's row of the per-arm table -> a sentence.
    """

    plots: tuple[PlotSpec, ...]
    example_series: tuple[str, ...]
    example_subject: str
    finding: Callable[..., str]


CIVIL_VIOLENCE_PAGE = ReferencePage(
    CIVIL_VIOLENCE_PLOTS, ("active", "jailed"), "rebellion", civil_violence_finding
)
ETHNIC_VIOLENCE_PAGE = ReferencePage(
    ETHNIC_VIOLENCE_PLOTS, ("blue", "green"), "the two groups", ethnic_violence_finding
)


def reference_findings(
    arms: pd.DataFrame, page: ReferencePage, trend: str | None = None
) -> list[str]:
    """Plain-language findings: the trend over a numeric swept key if any, then one per arm."""
    return ([trend] if trend else []) + [page.finding(row) for row in arms.itertuples()]


def write_reference_report(
    folder: Path,
    tables: SweepTables,
    arms: pd.DataFrame,
    formatted: pd.DataFrame,
    survival: pd.DataFrame,
    page: ReferencePage,
) -> Path:
    """Draw the plots of a reference model's sweep and write ``folder/report.html``."""
    folder = Path(folder)
    plot_dir = folder / "plots"
    plot_dir.mkdir(parents=True, exist_ok=True)
    order = [str(a) for a in tables.meta.get("arms") or []]
    colors = extend_colors(arm_colors(order), arms["arm"].astype(str))
    names = reference_plots.SERIES
    builders: dict[str, Callable[[], Figure | None]] = {
        "example": lambda: reference_plots.example_plot(
            tables.examples, page.example_series, page.example_subject, colors
        ),
        "trajectories": lambda: plots.trajectory_plot(
            tables.trajectories, colors, time="step", time_label="step", names=names
        ),
        "quiet_spells": lambda: reference_plots.quiet_spell_plot(tables.bursts, colors),
        "elimination": lambda: reference_plots.elimination_plot(tables.replications, colors),
        "survival": lambda: plots.survival_plot(
            survival,
            colors,
            xlabel="step",
            ylabel="runs with both groups present (%)",
            title="Time to elimination of a group (Kaplan–Meier, bands: 95% interval)",
        ),
    }
    reasons = {"quiet_spells": "no run had two bursts", "example": "no series"}
    drawn, skipped = draw_plots(plot_dir, page.plots, builders, reasons)
    context = _context(
        tables.meta,
        reference_findings(arms, page, trend_finding(tables.replications, tables.sweep_keys)),
        _table(formatted, arms, colors),
        reference=True,
    )
    return render_report(folder, drawn, skipped, context)

"""Every figure of a report fits its canvas: no title, label or legend cut off or overlapping."""

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from scenarios.config.indicators import INDICATORS
from scenarios.views import plots, reference_plots
from tests.helpers import SCENARIOS, SWEEP, make_experiment

LONG_ARMS = (
    "none",
    "a_strategy_with_a_rather_long_descriptive_name",
    "model.steps.peacekeeping.troops=16000, strategy.steps.0.start.week=52",
    "mediation",
    "sanctions_and_embargo",
    "full_continuum",
)


def _experiment(scenarios: tuple[str, ...]) -> dict:
    return make_experiment(scenarios=scenarios, arms=LONG_ARMS, replications=20)


def _country_figures(scenarios: tuple[str, ...]) -> dict[str, Figure]:
    e = _experiment(scenarios)
    return {
        "probability": plots.probability_plot(e["comparison"]),
        "survival": plots.survival_plot(e["survival"]),
        "deaths": plots.deaths_plot(e["replications"]),
        "trajectories": plots.trajectory_plot(e["trajectories"]),
        "cost_effect": plots.cost_effect_plot(e["comparison"]),
    }


def _reference_figures() -> dict[str, Figure]:
    rng = np.random.default_rng(3)
    steps = np.arange(300)
    examples = pd.concat(
        pd.DataFrame(
            {
                "arm": arm,
                "replication": 0,
                "step": steps,
                "active": rng.poisson(40, steps.size),
                "jailed": rng.poisson(400, steps.size),
                "blue": 600 - steps,
                "green": 500 - steps,
            }
        )
        for arm in LONG_ARMS
    )
    bursts = pd.DataFrame(
        {"arm": np.repeat(LONG_ARMS, 30), "quiet_before": rng.geometric(0.1, 30 * len(LONG_ARMS))}
    )
    replications = pd.DataFrame(
        {
            "arm": np.repeat(LONG_ARMS, 20),
            "time_to_elimination": np.minimum(rng.exponential(400, 20 * len(LONG_ARMS)), 1000),
        }
    ).assign(censored=lambda d: d["time_to_elimination"] >= 1000)
    return {
        "example model I": reference_plots.example_plot(
            examples, ("active", "jailed"), "rebellion"
        ),
        "example model II": reference_plots.example_plot(
            examples, ("blue", "green"), "the two groups"
        ),
        "quiet spells": reference_plots.quiet_spell_plot(bursts),
        "elimination": reference_plots.elimination_plot(replications),
    }


def _heatmap() -> dict[str, Figure]:
    e = make_experiment(scenarios=SCENARIOS[:1], replications=20, sweep=SWEEP)
    return {"heatmap": plots.heatmap_plot(e["comparison"], ["scenario", *SWEEP])}


def _grid_sweep() -> dict[str, Figure]:
    """A 4 x 4 sweep: 17 arms with the baseline, deaths from 1,500 to 45,000 (none without)."""
    grid = {key: [1, 13, 26, 52] if "week" in key else [2000, 4000, 8000, 16000] for key in SWEEP}
    e = make_experiment(scenarios=SCENARIOS[:1], replications=20, sweep=grid)
    replications = e["replications"].assign(
        civilian_deaths=lambda d: 1500 * 30 ** ((d["replication"] % 7) / 6)
    )
    return {
        "probability": plots.probability_plot(e["comparison"]),
        "survival": plots.survival_plot(e["survival"]),
        "deaths": plots.deaths_plot(replications),
        "trajectories": plots.trajectory_plot(e["trajectories"]),
        "heatmap": plots.heatmap_plot(e["comparison"], list(grid)),
        "cost_effect": plots.cost_effect_plot(e["comparison"]),
    }


CASES = {
    "one scenario": lambda: _country_figures(SCENARIOS[:1]),
    "two scenarios": lambda: _country_figures(SCENARIOS),
    "heatmap": _heatmap,
    "4 x 4 sweep": _grid_sweep,
    "reference models": _reference_figures,
}


def _labels(fig: Figure):
    """(what, artist) of each title, axis label and legend of ``fig`` that shows."""
    yield "suptitle", fig._suptitle
    for legend in fig.legends:
        yield "figure legend", legend
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        for title in (ax.title, ax._left_title, ax._right_title):
            yield f"axes {i} title", title
        yield f"axes {i} x label", ax.xaxis.label
        yield f"axes {i} y label", ax.yaxis.label
        if ax.get_legend() is not None:
            yield f"axes {i} legend", ax.get_legend()


def _shown(artist) -> bool:
    if artist is None or not artist.get_visible():
        return False
    return not hasattr(artist, "get_text") or bool(artist.get_text().strip())


def _problems(fig: Figure) -> list[str]:
    """What runs past the figure's edges, which labels overlap one another or a plot, and which
    tick labels of one axis overlap each other."""
    fig.draw_without_rendering()
    edge = fig.bbox.padded(1)  # a pixel of rounding
    boxes = [(what, a.get_window_extent()) for what, a in _labels(fig) if _shown(a)]
    problems = [
        f"{what} outside the figure: {box}" for what, box in boxes if not _inside(box, edge)
    ]
    for i, ax in enumerate(fig.axes):  # tick labels and annotations included
        if ax.get_visible() and not _inside(ax.get_tightbbox(), edge):
            problems.append(f"axes {i} or its tick labels or texts outside the figure")
        for text in ax.texts:
            if _shown(text) and not _inside(text.get_window_extent(), edge):
                problems.append(f"axes {i} text {text.get_text()!r} outside the figure")
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            ticks = [t.get_window_extent() for t in _tick_labels(axis)] if ax.get_visible() else []
            if any(a.overlaps(b) for a, b in itertools.combinations(ticks, 2)):
                problems.append(f"axes {i}: {name} tick labels overlap")
    plots_ = [(f"axes {i}", ax.bbox) for i, ax in enumerate(fig.axes) if ax.get_visible()]
    for (one, a), (other, b) in itertools.combinations(boxes + plots_, 2):
        if a.overlaps(b) and not (one.startswith("axes") and other.startswith("axes")):
            problems.append(f"{one} overlaps {other}")
    return problems


def _tick_labels(axis):
    """The tick labels ``axis`` shows (major and minor, within its view)."""
    low, high = sorted(axis.get_view_interval())
    for locs, labels in (
        (axis.get_majorticklocs(), axis.get_majorticklabels()),
        (axis.get_minorticklocs(), axis.get_minorticklabels()),
    ):
        for loc, label in zip(locs, labels, strict=False):
            if low <= loc <= high and label.get_visible() and label.get_text().strip():
                yield label


def _inside(box, edge) -> bool:
    return edge.contains(box.x0, box.y0) and edge.contains(box.x1, box.y1)


@pytest.mark.parametrize("case", list(CASES))
def test_titles_labels_and_legends_fit_the_figure(case):
    for name, fig in CASES[case]().items():
        assert isinstance(fig, Figure), name
        assert not _problems(fig), (name, _problems(fig))


def test_problems_are_found():
    fig = plots.survival_plot(_experiment(SCENARIOS[:1])["survival"])
    fig.suptitle("a title far too long for its figure " * 4)
    fig.axes[0].set_xlabel("an x label far too long for its axes " * 3)
    fig.legend(["data"], loc="center")
    found = " | ".join(_problems(fig))
    assert "suptitle outside" in found and "x label outside" in found
    assert "figure legend overlaps axes 0" in found


def _trajectories(values: dict[str, tuple[float, float]]) -> pd.DataFrame:
    week = np.arange(53)
    frames = []
    for indicator, (low, high) in values.items():
        mean = low + (high - low) * (np.sin(week / 5) + 1) / 2
        frames.append(
            pd.DataFrame(
                {
                    "scenario": "s",
                    "arm": "none",
                    "indicator": indicator,
                    "week": week,
                    "mean": mean,
                    "low": mean - 0.001,
                    "high": mean + 0.001,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_bounded_indicators_keep_their_range_and_labels_come_from_the_registry():
    values = {
        "legitimacy": (0.58, 0.60),
        "mobilised_share": (0.2, 0.21),
        "threat": (1.0, 2.5),
        "killed": (0, 5000),
    }
    fig = plots.trajectory_plot(_trajectories(values))
    panels = {ax.get_title(): ax for ax in fig.axes if ax.get_visible()}
    order = ("killed", "threat", "legitimacy", "mobilised_share")  # plots.TRAJECTORY_ORDER
    assert list(panels) == [INDICATORS[name].label for name in order]
    for name in values:
        ax = panels[INDICATORS[name].label]
        assert ax.get_ylabel() == INDICATORS[name].unit
        bounded = name in ("legitimacy", "mobilised_share")
        assert (ax.get_ylim() == plots.BOUNDED) == bounded, (name, ax.get_ylim())
    assert ax.get_ylim()[1] >= 5000  # killed: scaled to its data


def test_given_names_replace_the_registry():
    names = {"legitimacy": ("Legitimacy of the regime", "index 0–1")}
    fig = plots.trajectory_plot(_trajectories({"legitimacy": (0.1, 0.2)}), names=names)
    assert fig.axes[0].get_title() == "Legitimacy of the regime"


def test_time_axis_is_labelled_under_the_lowest_panel_of_each_column():
    e = make_experiment(scenarios=SCENARIOS[:1], replications=5)
    fig = plots.trajectory_plot(e["trajectories"])  # 7 panels in 3 columns: 3, 3 and 1
    fig.draw_without_rendering()
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 7
    for i, ax in enumerate(panels):
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        lowest = i + 3 >= len(panels)
        assert bool(ax.get_xlabel()) == bool(ticks) == lowest, (i, ax.get_title())


@pytest.mark.parametrize("crowded", [False, True])
def test_cost_effect_names_every_arm_beside_its_point_or_in_a_legend(crowded):
    if crowded:  # 16 points: their labels would overlap
        fig = _grid_sweep()["cost_effect"]
    else:
        fig = plots.cost_effect_plot(make_experiment(scenarios=SCENARIOS[:1])["comparison"])
    arms = 16 if crowded else 3  # all but the baseline
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert (len(labels), len(legend)) == ((0, arms) if crowded else (arms, 0)), (labels, legend)
    boxes = [t.get_window_extent() for ax in fig.axes for t in ax.texts]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2)), labels
    markers = {line.get_marker() for ax in fig.axes for line in ax.lines} & set(plots.MARKERS)
    assert len(markers) == (len(plots.MARKERS) if crowded else 1)


def test_a_long_legend_grows_the_figure_instead_of_squeezing_the_plot():
    few = plots.survival_plot(make_experiment(scenarios=SCENARIOS[:1])["survival"])
    many = _grid_sweep()["survival"]  # 17 arms: a legend of nine rows
    heights = []
    for fig in (few, many):
        fig.draw_without_rendering()
        heights.append(fig.axes[0].bbox.height / fig.dpi)
    assert many.get_figheight() > few.get_figheight() + 1
    assert heights[1] > 0.9 * heights[0], heights

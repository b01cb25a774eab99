"""The knife-edge table of a one-at-a-time sweep (``experiments/one_at_a_time.yaml``).

For each behavioural constant and preset: P(mass atrocity) with the constant 10% down and up,
as paired changes against the unperturbed model, and whether either change exceeds the limit
(issue 10: 15 percentage points). Usage::

    python -m scenarios.analysis.one_at_a_time results/experiments/one_at_a_time/<sweep id>

prints the Markdown table (add ``--write docs/model.md`` to put it between the markers there).
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

from scenarios.config.errors import ConfigError
from scenarios.config.perturbation import CONSTANTS, DIRECTIONS, NONE, is_assumption

LIMIT = 0.15  # largest allowed change in P(mass atrocity), as a fraction
BEGIN = "<!-- one-at-a-time table: begin (python -m scenarios.analysis.one_at_a_time) -->"
END = "<!-- one-at-a-time table: end -->"


def knife_edges(comparison: pd.DataFrame, limit: float = LIMIT) -> pd.DataFrame:
    """One row per (constant, scenario): the baseline P, the paired change down and up (with
    their 95% intervals), the larger absolute change and whether it exceeds ``limit``.

    Args:
        comparison: a sweep's comparison table with a ``perturbation`` column, the baseline arm
            ``perturbation=none``.

    Raises:
        ValueError: the table has no ``perturbation`` column or no baseline rows.
    """
    if "perturbation" not in comparison.columns:
        raise ValueError("not a one-at-a-time sweep: its comparison has no perturbation column")
    base = comparison[comparison["perturbation"] == NONE].set_index("scenario")["p_atrocity"]
    if base.empty:
        raise ValueError("no baseline arm (perturbation=none) in the comparison")
    rows = []
    moved = comparison[comparison["perturbation"] != NONE]
    for (scenario, name), arms in moved.groupby(
        [moved["scenario"], moved["perturbation"].str.rpartition(".")[0]], sort=False
    ):
        row = {"constant": name, "scenario": scenario, "p_baseline": base.get(scenario)}
        for direction in DIRECTIONS:
            arm = arms[arms["perturbation"] == f"{name}.{direction}"]
            for column in ("p_diff", "p_diff_low", "p_diff_high"):
                key = column.replace("p_diff", f"change_{direction}")
                row[key] = float(arm[column].iloc[0]) if len(arm) else float("nan")
        row["largest"] = max(abs(row["change_down"]), abs(row["change_up"]))
        row["knife_edge"] = bool(row["largest"] > limit)
        row["assumption"] = is_assumption(name) if name in CONSTANTS else False
        rows.append(row)
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame, limit: float = LIMIT) -> str:
    """The table as Markdown, one line per constant (its worst preset first), in points."""

    def points(value: float) -> str:
        return "" if pd.isna(value) else f"{100 * value:+.0f}"

    lines = [
        f"| constant | marked assumption | preset | P at default | 10% down | 10% up "
        f"| over {100 * limit:.0f} pts |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    worst = table.groupby("constant")["largest"].transform("max")
    ordered = table.assign(_worst=worst).sort_values(
        ["_worst", "constant", "largest"], ascending=[False, True, False], kind="stable"
    )
    for row in ordered.itertuples():
        down = f"{points(row.change_down)} ({points(row.change_down_low)} to "
        down += f"{points(row.change_down_high)})"
        up = (
            f"{points(row.change_up)} ({points(row.change_up_low)} to {points(row.change_up_high)})"
        )
        lines.append(
            f"| `{row.constant}` | {'yes' if row.assumption else 'no'} | {row.scenario} "
            f"| {100 * row.p_baseline:.0f}% | {down} | {up} "
            f"| {'**yes**' if row.knife_edge else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def with_table(text: str, table_markdown: str) -> str:
    """``text`` with ``table_markdown`` between the markers (which must be there)."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are not in the file")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table_markdown}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep", type=Path, help="the sweep folder of experiments/one_at_a_time")
    parser.add_argument("--write", type=Path, help="Markdown file to put the table in")
    args = parser.parse_args(argv)
    path = args.sweep / "report" / "comparison.parquet"
    try:
        if not path.is_file():
            raise ConfigError(f"sweep: no {path.relative_to(args.sweep)} in {args.sweep}")
        table = markdown(knife_edges(pd.read_parquet(path)))
        if args.write:
            args.write.write_text(with_table(args.write.read_text(), table))
    except (ConfigError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

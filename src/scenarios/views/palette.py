"""Arm colours shared by every plot and table of an experiment.

The arm with no action is always grey; the other arms take seaborn's colour-blind palette in
the experiment's arm order, so one arm has one colour in every figure of a report.
"""

from collections.abc import Iterable, Sequence

import seaborn as sns
from matplotlib.colors import to_hex

NO_ACTION_GREY = "#7f7f7f"
NO_ACTION_LABELS = frozenset({"none", "strategy=none"})


def is_no_action(arm: str) -> bool:
    """Whether ``arm`` is the no-action arm (``none`` or ``strategy=none``)."""
    return str(arm).strip().lower() in NO_ACTION_LABELS


def arm_colors(arms: Sequence[str]) -> dict[str, str]:
    """Map arm labels, in order, to hex colours.

    Args:
        arms: Arm labels in the experiment's order; duplicates are ignored.

    Returns:
        An ordered ``{arm: "#rrggbb"}``: the no-action arm grey, the others the colour-blind
        palette without its grey (a distinct husl palette when there are more than nine).
    """
    unique = list(dict.fromkeys(str(arm) for arm in arms))
    acting = [arm for arm in unique if not is_no_action(arm)]
    base = [to_hex(c) for c in sns.color_palette("colorblind")]
    base = [c for c in base if c.lower() != "#949494"]  # the palette's own grey
    if len(acting) > len(base):
        base = [to_hex(c) for c in sns.color_palette("husl", len(acting))]
    acting_colours = dict(zip(acting, base, strict=False))
    return {arm: NO_ACTION_GREY if is_no_action(arm) else acting_colours[arm] for arm in unique}


def extend_colors(colors: dict[str, str] | None, arms: Iterable[str]) -> dict[str, str]:
    """``colors`` completed with any arm of ``arms`` it lacks (appended in order of appearance):
    grey for the no-action arm, for the others palette colours that ``colors`` does not use."""
    colors = dict(colors or {})
    missing = [str(arm) for arm in dict.fromkeys(arms) if str(arm) not in colors]
    if not missing:
        return colors
    full = arm_colors([*colors, *missing])
    used = set(colors.values())
    spare = [c for arm, c in full.items() if not is_no_action(arm) and c not in used]
    for arm in missing:
        colors[arm] = (
            NO_ACTION_GREY if is_no_action(arm) else (spare.pop(0) if spare else full[arm])
        )
    return colors

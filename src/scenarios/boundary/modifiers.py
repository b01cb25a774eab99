"""The channels through which outside action reaches the model.

:class:`Modifiers` are rebuilt every week: each step in effect adds to them, and the model reads
them where the mechanism acts (docs/model.md, section 7.13). Neutral values leave the model
exactly as without any strategy, so `strategy=none` reproduces the baseline bit for bit.
:class:`MeasuresInForce` holds what a step declares for as long as it is in effect and other
actors respond to (a fact-finding report the Council weighs, safe areas peacekeepers defend), so
no step needs to find another by name.
"""

from dataclasses import dataclass, field

import numpy as np

GOVERNMENT, REBEL = 0, 1
SIDES = ("government", "rebel")
"""The two sides of the conflict: state forces and militias, and rebels (modifiers index by it)."""


@dataclass
class Modifiers:
    """This week's effects of outside action.

    Attributes:
        attention: added to international attention (0-1 scale).
        expected_cost: added to the expected outside cost of mass violence.
        threat_factor: multiplies the threat perceived by the regime (mediation).
        propaganda_factor: multiplies the propaganda intensity reaching civilians.
        hardship: added to everyone's hardship multiplier (aid lowers it, sanctions raise it).
        legitimacy: added to the legitimacy non-ruling groups grant the regime.
        embargo: (sides,) strength of the arms embargo on each side, 0-1 (what leaks past it
            through neighbouring states is the model's business, not the step's).
        resources: (sides,) factor on each side's resources, 1 = untouched (targeted
            sanctions): the model multiplies the side's arms inflow and its militias'
            recruitment by it.
        protection: (sides of perpetrator, districts) share of killing prevented.
        kill_multiplier: (districts,) multiplies the killing of civilians in a district
            (undefended safe areas concentrate victims).
        safe_areas: (districts,) districts designated as safe areas (displaced head there).
        peacekeepers: (districts,) troops and police deployed in each district.
        entrenchment: extra commitment of leaders to a campaign already begun.
        government_attrition: share of government-side fighters put out of action per week.
        rebel_emboldening: moral hazard: rebels recruit more and go on the offensive.
        provocation: moral hazard: share of the rebel offensive trigger's threat shock
            (``model.threat.offensive_threat``) added, once, when emboldening starts an offensive.
        force: presence of an outside force challenging the perpetrator (0-1 per intervention
            in effect): a cost of mass violence for the government side.
        demobilisation: share of militia and rebel fighters demobilised per week (DDR).
        notice_speedup: share by which stakeholders' notice lags are shortened (monitoring).
        exposure_decay: added to the weekly fading of propaganda exposure (reconciliation).
        sovereignty_threat: threat shock the regime feels from outside pressure this week.
    """

    n_districts: int
    attention: float = 0.0
    expected_cost: float = 0.0
    threat_factor: float = 1.0
    propaganda_factor: float = 1.0
    hardship: float = 0.0
    legitimacy: float = 0.0
    embargo: np.ndarray = field(default_factory=lambda: np.zeros(2))
    resources: np.ndarray = field(default_factory=lambda: np.ones(2))
    protection: np.ndarray = field(init=False)
    kill_multiplier: np.ndarray = field(init=False)
    safe_areas: np.ndarray = field(init=False)
    peacekeepers: np.ndarray = field(init=False)
    entrenchment: float = 0.0
    government_attrition: float = 0.0
    rebel_emboldening: float = 0.0
    provocation: float = 0.0
    force: float = 0.0
    demobilisation: float = 0.0
    notice_speedup: float = 0.0
    exposure_decay: float = 0.0
    sovereignty_threat: float = 0.0

    def __post_init__(self) -> None:
        self.protection = np.zeros((2, self.n_districts))
        self.kill_multiplier = np.ones(self.n_districts)
        self.safe_areas = np.zeros(self.n_districts, dtype=bool)
        self.peacekeepers = np.zeros(self.n_districts)

    def protect(self, side: int, share: np.ndarray) -> None:
        """Combine a new protection share with what is there (independent layers)."""
        self.protection[side] = 1.0 - (1.0 - self.protection[side]) * (1.0 - share)

    def arms_inflow(self, leakage: float) -> np.ndarray:
        """(sides,) factor on each side's arms resupply: what leaks past the embargo (the model
        multiplies it by ``resources``)."""
        return 1.0 - self.embargo * (1.0 - leakage)


@dataclass
class MeasuresInForce:
    """Declarations of steps in effect that other actors respond to, by step index.

    A step declares when it takes effect and withdraws when it ends (see
    ``scenarios.steps.lifecycle``); readers see the declarations in step order.

    Attributes:
        veto_discounts: share by which a documented case makes a veto rarer (fact-finding).
        safe_areas: declared safe areas: (districts, troops each needs to count as defended).
    """

    veto_discounts: dict[int, float] = field(default_factory=dict)
    safe_areas: dict[int, tuple[np.ndarray, float]] = field(default_factory=dict)

    def veto_discount(self) -> float:
        """The largest veto discount in force (0 if none)."""
        return max(self.veto_discounts.values(), default=0.0)

    def defence_needs(self) -> list[tuple[int, float]]:
        """(district, troops needed) of every declared safe area, in step order."""
        needs = []
        for index in sorted(self.safe_areas):
            districts, troops = self.safe_areas[index]
            needs.extend((int(d), troops) for d in districts)
        return needs

    def withdraw(self, index: int) -> None:
        """Remove every declaration of step ``index``."""
        self.veto_discounts.pop(index, None)
        self.safe_areas.pop(index, None)

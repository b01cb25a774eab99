"""The channels through which outside action reaches the model, rebuilt every week.

Each active step of a strategy adds to these; the model reads them where the mechanism acts
(see docs/model.md, section 7.13). Neutral values leave the model exactly as without any
strategy, so `strategy=none` reproduces the baseline bit for bit.
"""

from dataclasses import dataclass, field

import numpy as np


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
        arms_inflow: (sides,) multiplies each side's arms resupply (embargo).
        protection: (sides of perpetrator, districts) share of killing prevented.
        kill_multiplier: (districts,) multiplies the killing of civilians in a district
            (undefended safe areas concentrate victims).
        safe_areas: (districts,) districts designated as safe areas (displaced head there).
        peacekeepers: (districts,) troops and police deployed in each district.
        entrenchment: extra commitment of leaders to a campaign already begun.
        government_attrition: share of government-side fighters put out of action per week.
        rebel_emboldening: moral hazard: rebels recruit more and provoke the regime.
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
    arms_inflow: np.ndarray = field(default_factory=lambda: np.ones(2))
    protection: np.ndarray = field(init=False)
    kill_multiplier: np.ndarray = field(init=False)
    safe_areas: np.ndarray = field(init=False)
    peacekeepers: np.ndarray = field(init=False)
    entrenchment: float = 0.0
    government_attrition: float = 0.0
    rebel_emboldening: float = 0.0
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

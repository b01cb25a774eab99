"""The one registry of indicators: every weekly quantity the model records, declared once.

Each indicator is a column of the model's weekly record (``timeseries.parquet``), computed in
one place (:mod:`scenarios.model.record`). It says what it means, its unit, a short label for
plots and tables, and whether outside stakeholders can observe it (``observable``: what monitors,
media and diplomats can count or see, with their notice lag) or not (latent: a state of mind or
a choice inside the model, such as the threat the regime perceives). A strategy's start
condition may name only an observable one, because an outside actor could not act on a latent
one in reality (``config/strategy.py`` refuses it). Early-warning indicators join this registry
and nowhere else.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One weekly indicator.

    Attributes:
        name: column of the weekly record.
        meaning: what it measures.
        unit: its unit.
        label: short display name (plots, tables).
        observable: True if outside stakeholders can observe it; False if latent.
    """

    name: str
    meaning: str
    unit: str
    label: str
    observable: bool


def _declare(*indicators: Indicator) -> dict[str, Indicator]:
    return {i.name: i for i in indicators}


INDICATORS: dict[str, Indicator] = _declare(
    Indicator("alive", "civilians alive inside the country", "persons", "Civilians alive", True),
    Indicator(
        "mobilised",
        "civilians mobilised against the regime or for it (protest, militancy)",
        "persons",
        "Civilians mobilised",
        True,
    ),
    Indicator(
        "displaced",
        "persons displaced inside the country",
        "persons",
        "Displaced inside the country",
        True,
    ),
    Indicator("refugees", "persons who fled abroad", "persons", "Refugees abroad", True),
    Indicator(
        "killed",
        "civilians deliberately killed so far",
        "persons",
        "Civilians deliberately killed, cumulative",
        True,
    ),
    Indicator(
        "deaths_week",
        "civilians deliberately killed this week",
        "persons per week",
        "Civilians killed this week",
        True,
    ),
    Indicator(
        "threat",
        "threat perceived by the regime (rebel strength, civilian support, shocks)",
        "index, 0 = none",
        "Threat perceived by the regime",
        False,
    ),
    Indicator(
        "legitimacy",
        "legitimacy of the regime in the eyes of the ruling group",
        "index 0–1",
        "Regime legitimacy in the ruling group",
        False,
    ),
    Indicator(
        "propaganda",
        "intensity of dehumanising propaganda broadcast to the ruling group",
        "intensity 0–1",
        "Dehumanising propaganda",
        True,
    ),
    Indicator(
        "exposure_ruling_group",
        "mean exposure of the ruling group's members to dehumanising propaganda",
        "share 0–1",
        "Propaganda exposure, ruling group",
        False,
    ),
    Indicator(
        "government_fighters",
        "fighters of state forces and pro-government militias",
        "persons",
        "Government-side fighters",
        True,
    ),
    Indicator("rebel_fighters", "fighters of rebel groups", "persons", "Rebel fighters", True),
    Indicator(
        "actors_mass_violence",
        "armed actors waging a campaign of mass violence this week",
        "count",
        "Armed actors waging mass violence",
        False,
    ),
    Indicator(
        "actors_repressing",
        "armed actors on selective repression this week",
        "count",
        "Armed actors repressing",
        False,
    ),
    Indicator(
        "campaign_intensity",
        "intensity of the strongest campaign of mass violence under way (0-1; it multiplies "
        "the killing rate of mass violence)",
        "share",
        "Campaign intensity",
        False,
    ),
    Indicator(
        "escalation_pressure",
        "the highest escalation pressure of any armed actor relative to its leadership's "
        "threshold (at 1 a campaign begins; 0 while mass violence is not an option)",
        "ratio",
        "Escalation pressure / threshold",
        False,
    ),
    Indicator(
        "repression_failed",
        "the strongest memory among actors repressing that repression has failed to reduce "
        "the threat (0-1)",
        "share",
        "Repression failed",
        False,
    ),
    Indicator(
        "atrocity",
        "a mass atrocity has been reached (the outcome's definition applied to the deaths)",
        "0 or 1",
        "Mass atrocity reached",
        True,
    ),
    Indicator(
        "mobilised_share",
        "share of the non-ruling groups' present members who are mobilised",
        "share 0–1",
        "Non-ruling population mobilised",
        True,
    ),
    Indicator(
        "massacres",
        "weeks so far in which at least 100 civilians were killed",
        "count",
        "Weeks with ≥ 100 civilians killed",
        True,
    ),
    Indicator(
        "attention",
        "international attention to the country",
        "index 0–1",
        "International attention",
        True,
    ),
    Indicator(
        "peacekeepers",
        "peacekeeping troops and police deployed in the country",
        "persons",
        "Peacekeepers deployed",
        True,
    ),
    Indicator(
        "money_spent",
        "money spent by outside actors on the strategy so far",
        "USD million",
        "Money spent",
        True,
    ),
)

MASSACRE_DEATHS = 100
"""Civilians killed in one week that count as a massacre (``massacres``): assumption."""


def observable() -> list[str]:
    """Names of the indicators outside stakeholders can observe."""
    return [name for name, i in INDICATORS.items() if i.observable]


def latent() -> list[str]:
    """Names of the latent indicators."""
    return [name for name, i in INDICATORS.items() if not i.observable]

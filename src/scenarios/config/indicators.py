"""Indicators a strategy's start condition may name: what stakeholders can observe each week.

Each is a column of the model's weekly record (``timeseries.parquet``). Stakeholders see them
with their notice lag. The early-warning indicators of the UN Framework join this list when they
are computed; a condition naming anything not listed here is rejected when the config loads.
"""

INDICATORS: dict[str, str] = {
    "killed": "civilians deliberately killed so far (persons)",
    "deaths_week": "civilians deliberately killed this week (persons)",
    "massacres": "weeks so far in which at least 100 civilians were killed (count)",
    "atrocity": "a mass atrocity has been reached (0 or 1)",
    "threat": "threat perceived by the regime (index)",
    "propaganda": "intensity of dehumanising propaganda (0-1)",
    "mobilised_share": "share of the non-ruling population mobilised (0-1)",
    "displaced": "persons displaced inside the country",
    "refugees": "persons who fled abroad",
    "actors_mass_violence": "armed actors waging mass violence this week (count)",
}

MASSACRE_DEATHS = 100

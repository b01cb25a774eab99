"""One replication: one (scenario, strategy, seed) simulated to the horizon, as tidy tables."""

from dataclasses import dataclass

import pandas as pd

from scenarios.config.run import RunConfig
from scenarios.model.model import CountryModel
from scenarios.model.population import DISPLACED, FLED
from scenarios.runs.seeds import replication_seed


@dataclass
class ReplicationResult:
    """Tables of one replication.

    Attributes:
        summary: one row of outcomes (see :func:`run_replication`).
        timeseries: one row per week.
        deaths: deliberate civilian deaths by perpetrator actor and victim group (long format).
        events: triggers that fired, in order.
    """

    summary: dict
    timeseries: pd.DataFrame
    deaths: pd.DataFrame
    events: pd.DataFrame


def run_replication(config: RunConfig, replication: int) -> ReplicationResult:
    """Simulate replication ``replication`` of ``config`` and collect its outcomes."""
    model = CountryModel.from_config(config, replication_seed(config.seed, replication))
    model.run()
    keys = {
        "scenario": config.scenario.name,
        "strategy": config.strategy.name,
        "seed": config.seed,
        "replication": replication,
    }
    atrocity = model.ledger.atrocity
    census = model.census
    summary = {
        **keys,
        "atrocity": atrocity is not None,
        "onset_week": atrocity.onset_week if atrocity else None,
        "perpetrator_side": atrocity.side if atrocity else None,
        "victim_group": model.group_names[atrocity.group] if atrocity else None,
        "civilian_deaths": model.ledger.total(),
        "displaced": float(census[:, :, DISPLACED].sum()),
        "refugees": float(census[:, :, FLED].sum()),
        "peak_threat": max(r["threat"] for r in model.records),
        "cost_money": model.money_spent,
        "personnel_weeks": model.personnel_weeks,
        "weeks": config.weeks,
    }
    timeseries = _frame(keys, model.records, list(model.records[0]) if model.records else [])
    totals = model.ledger.deaths.sum(axis=0)  # (actors, groups)
    deaths = pd.DataFrame(
        [
            {
                **keys,
                "perpetrator": actor.name,
                "perpetrator_side": actor.kind,
                "victim_group": group,
                "deaths": float(totals[a, g]),
            }
            for a, actor in enumerate(model.armed_actors)
            for g, group in enumerate(model.group_names)
        ]
    )
    events = _frame(keys, model.event_log.rows, list(model.event_log.COLUMNS))
    return ReplicationResult(summary, timeseries, deaths, events)


def _frame(keys: dict, rows: list, columns: list[str]) -> pd.DataFrame:
    """A table of ``rows`` (dicts or tuples in ``columns``' order) headed by the replication's
    ``keys`` as constant columns: built column by column, as fast as pandas goes."""
    if rows and isinstance(rows[0], dict):
        body = pd.DataFrame({name: [row[name] for row in rows] for name in columns})
    else:
        body = pd.DataFrame(rows, columns=columns)
    head = pd.DataFrame({key: [value] * len(body) for key, value in keys.items()}, index=body.index)
    return pd.concat([head, body], axis=1)

"""Many replications of one configuration of the country model, collected into tidy tables and
written atomically (the country kind's batch in :mod:`scenarios.kinds`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from scenarios.config.run import RunConfig
from scenarios.runs.replication import run_replication
from scenarios.runs.store import write_parquet

OUTPUT_FILES = ("replications.parquet", "timeseries.parquet", "deaths.parquet", "events.parquet")


@dataclass
class BatchResult:
    """Tidy tables of a batch of replications."""

    replications: pd.DataFrame
    timeseries: pd.DataFrame
    deaths: pd.DataFrame
    events: pd.DataFrame

    def write(self, folder: Path) -> None:
        """Write the four tables as Parquet files in ``folder``, each atomically."""
        for name, frame in zip(
            OUTPUT_FILES,
            (self.replications, self.timeseries, self.deaths, self.events),
            strict=True,
        ):
            write_parquet(frame, folder / name)


def run_batch(
    config: RunConfig, progress: bool | None = None, indices: Sequence[int] | None = None
) -> BatchResult:
    """Run replications ``indices`` (default: this job's, see
    :meth:`RunConfig.replication_indices`) in order, with a progress bar if asked.
    :func:`scenarios.kinds.run_batch` runs a batch of any model."""
    show = config.progress if progress is None else progress
    indices = config.replication_indices() if indices is None else indices
    results = [
        run_replication(config, i)
        for i in tqdm(
            indices,
            desc=f"{config.scenario.name}",
            unit="run",
            disable=not show,
            leave=False,
        )
    ]
    events = [r.events for r in results if not r.events.empty]
    return BatchResult(
        replications=pd.DataFrame([r.summary for r in results]),
        timeseries=pd.concat([r.timeseries for r in results], ignore_index=True),
        deaths=pd.concat([r.deaths for r in results], ignore_index=True),
        events=pd.concat(events, ignore_index=True) if events else results[0].events,
    )

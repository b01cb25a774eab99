"""Replications of a reference model (Epstein 2002 Models I and II) as tidy tables.

A batch of a reference model writes ``replications.parquet`` (one row of outcomes per
replication), ``timeseries.parquet`` (one row per step) and ``bursts.parquet`` (Model I: one row
per burst of rebellion; Model II: empty). The key columns are those of the country model's
tables: ``scenario`` holds the model (``model.kind``) and ``strategy`` its preset, so sweeps,
collection and reports treat both alike.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from scenarios.config.reference import (
    CivilViolenceRunConfig,
    EthnicViolenceRunConfig,
    ReferenceRunConfig,
)
from scenarios.reference.civil_violence import run_civil_violence
from scenarios.reference.ethnic_violence import (
    CLUSTERING_MIN_MEMBERS,
    GROUPS,
    minority_clustering,
    run_ethnic_violence,
)
from scenarios.reference.statistics import find_bursts
from scenarios.runs.seeds import replication_seed
from scenarios.runs.store import write_parquet

BURSTS = "bursts.parquet"
OUTPUT_FILES = ("replications.parquet", "timeseries.parquet", BURSTS)
BURST_COLUMNS = ("burst", "start", "end", "duration", "peak_active", "quiet_before")


@dataclass
class ReferenceResult:
    """Tables of one replication, or of a batch of them."""

    replications: pd.DataFrame
    timeseries: pd.DataFrame
    bursts: pd.DataFrame

    def write(self, folder: Path) -> None:
        """Write the three tables as Parquet files in ``folder``, each atomically."""
        frames = (self.replications, self.timeseries, self.bursts)
        for name, frame in zip(OUTPUT_FILES, frames, strict=True):
            write_parquet(frame, folder / name)


def _keys(config: ReferenceRunConfig, replication: int) -> dict:
    return {
        "scenario": config.model.kind,
        "strategy": config.model.preset,
        "seed": config.seed,
        "replication": replication,
    }


def _with_keys(frame: pd.DataFrame, keys: dict) -> pd.DataFrame:
    frame = frame.copy()
    for key, value in reversed(keys.items()):
        frame.insert(0, key, value)
    return frame


def civil_violence_replication(config: CivilViolenceRunConfig, replication: int) -> ReferenceResult:
    """Replication ``replication`` of Model I: its series, its bursts and one row of outcomes.

    Outcomes: ``citizens``; ``peak_active`` and ``peak_step``; ``mean_active`` and
    ``mean_jailed`` over steps 1..steps; ``bursts`` (maximal runs of steps with more than
    ``burst_threshold`` citizens active), ``burst_share`` (share of steps in a burst),
    ``mean_quiet`` and ``max_quiet`` (quiet steps between consecutive bursts; NaN with fewer
    than two bursts) and ``arrests``.
    """
    spec = config.model
    keys = _keys(config, replication)
    frame = run_civil_violence(
        spec.params(), spec.steps, replication_seed(config.seed, replication)
    )
    citizens = int(frame[["quiescent", "active", "jailed"]].iloc[0].sum())
    run = frame.iloc[1:]
    active = run["active"].to_numpy()
    found = find_bursts(active, spec.burst_threshold)
    quiet = found.waiting_times
    summary = {
        **keys,
        "steps": spec.steps,
        "citizens": citizens,
        "peak_active": int(active.max()),
        "peak_step": int(run["step"].iloc[int(active.argmax())]),
        "mean_active": float(active.mean()),
        "mean_jailed": float(run["jailed"].mean()),
        "bursts": len(found.starts),
        "burst_share": float(found.durations.sum() / len(active)),
        "mean_quiet": float(quiet.mean()) if len(quiet) else float("nan"),
        "max_quiet": float(quiet.max()) if len(quiet) else float("nan"),
        "arrests": int(run["arrests"].sum()),
    }
    bursts = pd.DataFrame(
        {
            "burst": np.arange(len(found.starts)),
            "start": found.starts + 1,  # series index 0 is step 1
            "end": found.ends + 1,
            "duration": found.durations,
            "peak_active": found.peaks.astype(np.int64),
            "quiet_before": np.concatenate([[np.nan], quiet.astype(float)])[: len(found.starts)],
        },
        columns=list(BURST_COLUMNS),
    )
    return ReferenceResult(
        pd.DataFrame([summary]), _with_keys(frame, keys), _with_keys(bursts, keys)
    )


def ethnic_violence_replication(
    config: EthnicViolenceRunConfig, replication: int
) -> ReferenceResult:
    """Replication ``replication`` of Model II, up to the elimination of a group or the cap.

    Outcomes: ``eliminated`` (blue, green, both or none), ``time_to_elimination`` (the cap when
    no group was eliminated), ``censored``; group sizes at the start and end; ``killed``,
    ``births``, ``arrests``; ``mean_clustering``, the minority's same-group share of neighbours
    above random mixing (:meth:`~scenarios.reference.EthnicViolenceModel.frame`), averaged over
    the steps in which it keeps at least 30 free members (NaN if it never does after step 0).
    """
    spec = config.model
    keys = _keys(config, replication)
    seed = replication_seed(config.seed, replication)
    frame, outcome = run_ethnic_violence(spec.params(), spec.steps, seed)
    step = outcome["elimination_step"]
    summary = {
        **keys,
        "steps": spec.steps,
        "eliminated": outcome["eliminated"] or "none",
        "time_to_elimination": spec.steps if step is None else int(step),
        "censored": step is None,
        **{f"{g}_start": int(frame[g].iloc[0]) for g in GROUPS},
        **{f"{g}_end": int(frame[g].iloc[-1]) for g in GROUPS},
        "killed": outcome["killed"],
        "births": outcome["births"],
        "arrests": outcome["arrests"],
        "mean_clustering": minority_clustering(frame, CLUSTERING_MIN_MEMBERS),
    }
    no_bursts = pd.DataFrame(columns=[*keys, *BURST_COLUMNS])
    return ReferenceResult(pd.DataFrame([summary]), _with_keys(frame, keys), no_bursts)


def run_reference_batch(
    one: Callable[[ReferenceRunConfig, int], ReferenceResult],
    config: ReferenceRunConfig,
    progress: bool | None = None,
    indices: Sequence[int] | None = None,
) -> ReferenceResult:
    """Run replications ``indices`` (default: this job's) of a reference model in order, each
    with ``one`` (:func:`civil_violence_replication`, :func:`ethnic_violence_replication`)."""
    show = config.progress if progress is None else progress
    indices = config.replication_indices() if indices is None else indices
    label = config.model.preset
    results = [
        one(config, i) for i in tqdm(indices, desc=label, unit="run", disable=not show, leave=False)
    ]
    bursts = [r.bursts for r in results if not r.bursts.empty]
    return ReferenceResult(
        pd.concat([r.replications for r in results], ignore_index=True),
        pd.concat([r.timeseries for r in results], ignore_index=True),
        pd.concat(bursts, ignore_index=True) if bursts else results[0].bursts,
    )

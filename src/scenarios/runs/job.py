"""One job of a sweep: run its replications, write its tables, then mark it done or failed.

A job folder holds the tables of its model's batch (:mod:`scenarios.kinds`) and then
``job.json``, written last and atomically: a job is finished exactly when ``job.json`` exists
and names the hash of the same config. A rerun of the sweep skips finished jobs. A job that
raises writes ``failed.json`` with its error instead, and lets the other jobs go on.
"""

import json
import logging
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pandas as pd

from scenarios.config.run import BaseRunConfig
from scenarios.runs import collector
from scenarios.runs.store import write_text
from scenarios.runs.sweep import config_hash

DONE = "job.json"
FAILED = "failed.json"

log = logging.getLogger(__name__)


class BatchTables(Protocol):
    """The tables of a batch of replications, of whichever model: one row per replication,
    and a way to write them all into a folder."""

    replications: pd.DataFrame

    def write(self, folder: Path) -> None: ...


def job_state(folder: Path, expected_hash: str) -> str:
    """``done``, ``failed`` or ``pending``: the job in ``folder`` run with ``expected_hash``."""
    for name, state in ((DONE, "done"), (FAILED, "failed")):
        try:
            record = json.loads((folder / name).read_text())
        except (OSError, ValueError):
            continue
        if record.get("config_hash") == expected_hash:
            return state
    return "pending"


def run_job(
    config: BaseRunConfig,
    folder: Path,
    overrides: list[str],
    run_batch: Callable[..., BatchTables],
) -> str:
    """Run one sweep job into ``folder`` with ``run_batch`` (its model's) unless it is already
    done; return its final state."""
    digest = config_hash(config)
    if job_state(folder, digest) == "done":
        log.info("job %s already done, skipped", folder.name)
        return "done"
    (folder / FAILED).unlink(missing_ok=True)
    (folder / DONE).unlink(missing_ok=True)
    started = time.perf_counter()
    record = {
        "config_hash": digest,
        "overrides": list(overrides),
        "replications": list(config.replication_indices()),
        "started": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }
    try:
        collector.settle()
        run_batch(config, progress=False).write(folder)
    except Exception as error:  # recorded for the report; the other jobs go on
        record |= {
            "error": f"{type(error).__name__}: {error}",
            "traceback": traceback.format_exc(),
            "seconds": time.perf_counter() - started,
        }
        write_text(json.dumps(record, indent=1), folder / FAILED)
        log.error("job %s failed: %s", folder.name, record["error"])
        return "failed"
    record |= {
        "seconds": time.perf_counter() - started,
        "finished": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }
    write_text(json.dumps(record, indent=1), folder / DONE)
    return "done"

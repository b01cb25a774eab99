"""One job of a sweep: run its replications, write its tables, then mark it done or failed.

A job folder holds the four tables of :class:`~scenarios.runs.batch.BatchResult` and then
``job.json``, written last and atomically: a job is finished exactly when ``job.json`` exists
and names the hash of the same config. A rerun of the sweep skips finished jobs. A job that
raises writes ``failed.json`` with its error instead, and lets the other jobs go on.
"""

import json
import logging
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from scenarios.config.reference import ReferenceRunConfig
from scenarios.config.run import RunConfig
from scenarios.runs.batch import run_batch
from scenarios.runs.store import write_text
from scenarios.runs.sweep import config_hash

DONE = "job.json"
FAILED = "failed.json"

log = logging.getLogger(__name__)


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


def run_job(config: RunConfig | ReferenceRunConfig, folder: Path, overrides: list[str]) -> str:
    """Run one sweep job into ``folder`` unless it is already done; return its final state."""
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

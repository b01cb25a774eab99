"""A progress bar of jobs done out of the sweep's total, with the time left.

It watches the sweep folder from the launching process, so it works the same whichever
launcher runs the jobs (local workers, Ray, SLURM), as long as the folder is shared.
"""

import threading
from typing import TextIO

from tqdm import tqdm

from scenarios.runs.job import job_state
from scenarios.runs.sweep import SweepPlan


def finished_jobs(plan: SweepPlan, known_done: set[int] | None = None) -> tuple[int, int]:
    """(done, failed) jobs of ``plan`` as recorded in its folder.

    Jobs in ``known_done`` are not read again (a done job stays done); newly done ones are
    added to it.
    """
    known_done = set() if known_done is None else known_done
    failed = 0
    for job in plan.jobs:
        if job.num in known_done:
            continue
        state = job_state(plan.folder / str(job.num), job.config_hash)
        if state == "done":
            known_done.add(job.num)
        failed += state == "failed"
    return len(known_done), failed


class SweepProgress:
    """Context manager that shows jobs done / total and the time left, polling the folder."""

    def __init__(
        self,
        plan: SweepPlan,
        interval: float = 0.5,
        enabled: bool = True,
        stream: TextIO | None = None,
    ) -> None:
        self.plan = plan
        self.stream = stream
        self.interval = interval
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._bar: tqdm | None = None
        self._done: set[int] = set()

    def __enter__(self) -> "SweepProgress":
        done, failed = finished_jobs(self.plan, self._done)
        self._bar = tqdm(
            total=len(self.plan.jobs),
            initial=done,
            desc=f"{self.plan.name} jobs",
            unit="job",
            disable=not self.enabled,
            dynamic_ncols=True,
            file=self.stream,
        )
        self._bar.set_postfix(failed=failed, refresh=False)
        self._thread.start()
        return self

    @property
    def counted(self) -> int:
        """Jobs the bar counts so far (finished or failed); 0 before it starts."""
        return self._bar.n if self._bar is not None else 0

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._update()
        assert self._bar is not None
        self._bar.close()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self._update()

    def _update(self) -> None:
        assert self._bar is not None
        done, failed = finished_jobs(self.plan, self._done)
        if done + failed > self._bar.n:  # a retried failure may vanish for a while: never go back
            self._bar.set_postfix(failed=failed, refresh=False)
            self._bar.update(done + failed - self._bar.n)

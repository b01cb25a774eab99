"""The life of a step as a SimPy process: considered, decided or vetoed, deployed, ended.

Times are SimPy time; week w is [w - 1, w). Every transition happens at the start of a week, so
a step deployed at time t is in effect from week t + 1 on, and the event log holds the ordered
trace (considered, decided / vetoed, waiting for troops, deployed, ended). The process sees the
country only through its :class:`Host`: the stakeholders' eyes, the Council's vote, the shared
peacekeeper pool and the measures in force.
"""

from collections.abc import Generator
from typing import Protocol

import simpy

from scenarios.boundary.modifiers import MeasuresInForce
from scenarios.boundary.observations import CountryView
from scenarios.steps.base import Step


class Taker(Protocol):
    """The stakeholder that takes a step: it watches for the step's start condition."""

    def sees(self, indicator: str, level: float) -> bool:
        """Whether it sees the indicator at ``level`` or more (with its notice lag)."""
        ...


class Host(Protocol):
    """What a step's lifecycle may use of the country it runs in."""

    env: simpy.Environment
    peacekeeper_pool: simpy.Container
    peacekeepers_available: int
    measures: MeasuresInForce
    view: CountryView

    def taker(self, name: str) -> Taker:
        """The stakeholder called ``name``."""
        ...

    def vote(self, step: Step) -> str:
        """Put a step to the Security Council: 'adopted', 'vetoed' or 'rejected'."""
        ...

    def log_step(self, step: Step, phase: str, detail: str = "") -> None:
        """Record a transition of the step."""
        ...


def start(host: Host, step: Step) -> None:
    """Register the step's lifecycle as a SimPy process, from the host's current time."""
    host.env.process(_lifecycle(host, step))


def _lifecycle(host: Host, step: Step) -> Generator[simpy.Event, object, None]:
    env = host.env
    taker = host.taker(step.taker)
    begin = step.spec.start
    if begin.week is not None:
        yield env.timeout(max(0.0, begin.week - 1 - env.now))
    else:
        while not taker.sees(begin.when, begin.at_least):
            yield env.timeout(1)
    host.log_step(step, "considered")
    yield env.timeout(step.decision_lag)
    if step.vetoable:
        outcome = host.vote(step)
        if outcome != "adopted":
            host.log_step(step, outcome)
            return
    step.decided = True
    host.log_step(step, "decided")
    yield env.timeout(step.deployment_lag)
    pool = host.peacekeeper_pool
    asked = step.personnel_needed()
    wanted = min(asked, host.peacekeepers_available)
    if wanted > 0:
        if pool.level < wanted:
            host.log_step(step, "waiting for troops", f"{wanted} wanted, {pool.level:g} free")
        yield pool.get(wanted)
        step.personnel = wanted
    step.active = True
    step.declare(host.measures, host.view)
    detail = f"{wanted} personnel" if asked else ""
    if wanted < asked:
        detail += f" ({asked} asked; the pool holds {host.peacekeepers_available})"
    host.log_step(step, "deployed", detail)
    yield env.timeout(step.duration)
    step.active = False
    step.decided = False
    host.measures.withdraw(step.index)
    if wanted > 0:
        step.personnel = 0
        yield pool.put(wanted)
    host.log_step(step, "ended")

"""The life of a step as a SimPy process: considered, decided or vetoed, deployed, ended.

Times are SimPy time; week w is [w - 1, w). Every transition happens at the start of a week, so
a step deployed at time t is in effect from week t + 1 on, and the event log holds the ordered
trace (considered, decided / vetoed, waiting for troops, deployed, ended).
"""

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from scenarios.steps.base import Step

if TYPE_CHECKING:
    from scenarios.model.model import CountryModel


def start_steps(model: "CountryModel") -> None:
    """Register one SimPy process per step of the model's strategy."""
    for step in model.steps_taken:
        model.env.process(_lifecycle(model, step))


def _lifecycle(model: "CountryModel", step: Step) -> Generator[simpy.Event, object, None]:
    env = model.env
    taker = model.stakeholders[step.taker]
    start = step.spec.start
    if start.week is not None:
        yield env.timeout(max(0.0, start.week - 1 - env.now))
    else:
        while not taker.sees(start.when, start.at_least):
            yield env.timeout(1)
    model.log_step(step, "considered")
    yield env.timeout(step.decision_lag)
    if step.vetoable:
        outcome = model.stakeholders["security_council"].vote(step.vote_rng)
        if outcome != "adopted":
            model.log_step(step, outcome)
            return
    step.decided = True
    model.log_step(step, "decided")
    yield env.timeout(step.deployment_lag)
    pool = model.peacekeeper_pool
    asked = step.personnel_needed()
    wanted = min(asked, model.peacekeepers_available)
    if wanted > 0:
        if pool.level < wanted:
            model.log_step(step, "waiting for troops", f"{wanted} wanted, {pool.level:g} free")
        yield pool.get(wanted)
        step.personnel = wanted
    step.active = True
    step.on_deployed(model)
    detail = f"{wanted} personnel" if asked else ""
    if wanted < asked:
        detail += f" ({asked} asked; the pool holds {model.peacekeepers_available})"
    model.log_step(step, "deployed", detail)
    yield env.timeout(step.duration)
    step.active = False
    step.decided = False
    if wanted > 0:
        step.personnel = 0
        yield pool.put(wanted)
    model.log_step(step, "ended")

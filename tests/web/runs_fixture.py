"""Two batch runs of a loopback repository in one store, as the web run pages show them: 'before'
(objects 0 and 1 state no licence) and 'after' (all do), each with an unreachable object and a line
that is no identifier. Every object is really assessed (the batch engines' ``assess_one``)."""

from __future__ import annotations

import asyncio

from fairgauge.batch.engine import assess_one
from fairgauge.compose import Services
from fairgauge.store.runs import Runs
from tests.batch.test_results import COUNT, UNREACHABLE, _publish
from tests.loopback import Reply, Served

NOT_AN_IDENTIFIER = "ask the data manager"


def identifiers(served: Served) -> list[str]:
    return [served.url(f"/objects/{n}") for n in range(COUNT)] + [UNREACHABLE, NOT_AN_IDENTIFIER]


def assess_runs(services: Services, routes: dict[str, Reply], served: Served) -> None:
    """Fill the store of ``services`` with the runs 'before' and 'after'."""
    assert services.store is not None
    runs = Runs(services.store)
    items = [(i, i) for i in identifiers(served)]
    for name, licensed in (("before", False), ("after", True)):
        _publish(routes, served, licensed=licensed)
        run = runs.create(
            name,
            profile="fsf-0.8",
            software_version="test",
            inputs={"sources": ["objects.txt"]},
            settings={},
            items=items,
        )

        async def go(run_id: int = run.id) -> None:
            try:
                for identifier, key in items:
                    runs.add_result(run_id, await assess_one(services, identifier, key, "fsf-0.8"))
            finally:
                await services.aclose()  # the pool of this event loop

        asyncio.run(go())

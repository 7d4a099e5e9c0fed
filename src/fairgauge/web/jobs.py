"""Running assessments for the API and keeping them in the store.

A queued assessment is run after the 202 answer, in the server's event loop, by :class:`Jobs`: at most
``service_max_concurrent_assessments`` at once (each one holds sockets, parsed documents and CPU; a
burst of requests must not start hundreds of harvests together), the rest wait in arrival order and
stay ``queued`` in the store meanwhile. At start-up, assessments a stopped server left queued or
running are run again, so none is lost.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi.concurrency import run_in_threadpool

from fairgauge.errors import FairgaugeError

if TYPE_CHECKING:
    from fairgauge.compose import Services
    from fairgauge.model.report import Report
    from fairgauge.store import AssessmentRecord

log = logging.getLogger("fairgauge.web")


def report_data(report: Report) -> dict[str, Any]:
    """The stored JSON: exactly ``assess --format json`` (harvest evidence included)."""
    return report.model_dump(mode="json", by_alias=True)


@dataclass(frozen=True)
class Finished:
    """A finished assessment: the report and its JSON as stored, dumped once (a route answering the
    JSON reuses it: dumping a report with its harvest evidence is a large part of an assessment's CPU)."""

    report: Report
    data: dict[str, Any]


async def execute(services: Services, record: AssessmentRecord, *, started: bool = False) -> Finished | None:
    """Run one stored assessment to its end: done with its report, or failed with a one-line reason.
    ``started``: the record was created running (no separate commit to mark it so)."""
    from fairgauge.compose import service_option

    assert services.store is not None
    assessments = services.store.assessments
    if not started:
        await run_in_threadpool(assessments.mark_running, record.id)
    request = record.request
    try:
        service = service_option(request.get("metadata_service_endpoint"), request.get("metadata_service_type"))
        settings = None
        if request.get("use_datacite") is False and services.settings.use_datacite:
            settings = services.settings.model_copy(update={"use_datacite": False})
        report = await services.assess(record.identifier, profile=record.profile, service=service, settings=settings)
    except FairgaugeError as exc:
        await run_in_threadpool(assessments.fail, record.id, str(exc))
        return None
    except Exception as exc:
        log.exception("assessment %s failed", record.id)
        await run_in_threadpool(assessments.fail, record.id, f"internal error: {type(exc).__name__}")
        return None
    data = report_data(report)
    await run_in_threadpool(assessments.complete, record.id, data)
    return Finished(report, data)


class Jobs:
    """The server's background assessments: a bounded number run at once, the others wait their turn.

    Tasks are held here (so they are not garbage-collected) and cancelled at shutdown; a cancelled one
    stays queued or running in the store and is resumed at the next start.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.limit = services.settings.service_max_concurrent_assessments
        self._tasks: set[asyncio.Task[Finished | None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self.running = 0
        self.peak = 0

    def _semaphore(self) -> asyncio.Semaphore:
        """Made on first use, inside the server's event loop (the app may be built outside it)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    async def _run(self, record: AssessmentRecord) -> Finished | None:
        async with self._semaphore():  # FIFO: waiters are woken in the order they arrived
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                return await execute(self.services, record)
            finally:
                self.running -= 1

    def submit(self, record: AssessmentRecord) -> asyncio.Task[Finished | None]:
        """Queue a stored assessment (call from the event loop); it starts when a slot is free."""
        task = asyncio.create_task(self._run(record))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def pending(self) -> int:
        """Assessments submitted and not finished (running or waiting)."""
        return len(self._tasks)

    async def resume(self) -> int:
        if self.services.store is None:
            return 0
        unfinished = await run_in_threadpool(self.services.store.assessments.unfinished)
        for record in unfinished:
            self.submit(record)
        return len(unfinished)

    async def stop(self) -> None:
        """At shutdown: cancel what runs or waits (it stays queued/running in the store, resumed next start)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

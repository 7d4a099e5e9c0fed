"""Running assessments for the API and keeping them in the store.

Every assessment the server runs takes one of ``service_max_concurrent_assessments`` slots (each one
holds sockets, parsed documents and CPU; a burst of requests must not start hundreds of harvests
together), whoever asked for it:

- a queued one (native API, web form) runs after the 202 answer, in the server's event loop; it waits
  for a slot in arrival order and stays ``queued`` in the store meanwhile. At start-up, assessments a
  stopped server left queued or running are run again, so none is lost;
- an F-UJI ``evaluate`` runs in its request, its client waiting for the answer. At most
  ``service_max_waiting_evaluations`` such requests wait for a slot; the next one is told the server is
  busy (:class:`Busy`: 503 with Retry-After) instead of holding one more connection open.

At shutdown every assessment still running or waiting is cancelled and awaited, so no store call is
left running in a worker thread once the app has stopped (:meth:`Jobs.stop`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from fastapi.concurrency import run_in_threadpool

from fairgauge.errors import FairgaugeError
from fairgauge.render.report_json import json_fields

if TYPE_CHECKING:
    from fairgauge.compose import Services
    from fairgauge.model.report import Report
    from fairgauge.store import AssessmentRecord, ReportJson

log = logging.getLogger("fairgauge.web")


HEADLINE = {"assessment_status", "summary", "fairport_level", "metric_version"}


@dataclass(frozen=True)
class Finished:
    """A finished assessment: the report and its JSON as stored, one top-level field at a time
    (:func:`~fairgauge.render.report_json.json_fields`). Serialised once: the store keeps the joined text,
    the F-UJI route answers it with a few fields replaced (dumping a report with its harvest evidence
    is a large part of an assessment's CPU)."""

    report: Report
    fields: dict[str, bytes]

    def stored(self) -> ReportJson:
        """What the store keeps: exactly ``assess --format json``'s JSON, compact."""
        from fairgauge.render.report_json import join_fields
        from fairgauge.store import ReportJson

        headline = self.report.model_dump(mode="json", by_alias=True, include=HEADLINE)
        return ReportJson(join_fields(self.fields.values()).decode(), headline)


@dataclass(frozen=True)
class Failed:
    """An assessment that could not be run to its end, and the one-line reason stored with it."""

    error: str


class Busy(Exception):
    """No slot and no room to wait for one: the caller should come back after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


async def execute(services: Services, record: AssessmentRecord, *, stored: bool = True) -> Finished | Failed:
    """Run one assessment to its end: done with its report, or failed with a one-line reason.

    ``stored``: the record is in the store (queued, marked running now); otherwise it was made by
    :func:`~fairgauge.store.assessments.started` for a caller that waits for the answer, and is stored
    once, finished, in one transaction."""
    assert services.store is not None
    assessments = services.store.assessments
    if stored and record.state == "queued":
        await run_in_threadpool(assessments.mark_running, record.id)
    try:
        report = await _assess(services, record)
    except FairgaugeError as exc:
        return await _fail(services, record, str(exc), stored=stored)
    except Exception as exc:
        log.exception("assessment %s failed", record.id)
        return await _fail(services, record, f"internal error: {type(exc).__name__}", stored=stored)
    finished = Finished(report, json_fields(report))
    if stored:
        await run_in_threadpool(assessments.complete, record.id, finished.stored())
    else:
        await run_in_threadpool(partial(assessments.add_finished, record, report=finished.stored()))
    return finished


async def _fail(services: Services, record: AssessmentRecord, reason: str, *, stored: bool) -> Failed:
    assert services.store is not None
    assessments = services.store.assessments
    if stored:
        await run_in_threadpool(assessments.fail, record.id, reason)
    else:
        await run_in_threadpool(partial(assessments.add_finished, record, error=reason))
    return Failed(reason)


async def _assess(services: Services, record: AssessmentRecord) -> Report:
    """The assessment a stored request asks for (its options as the API took them)."""
    from fairgauge.compose import service_option

    request = record.request
    service = service_option(request.get("metadata_service_endpoint"), request.get("metadata_service_type"))
    settings = None
    if request.get("use_datacite") is False and services.settings.use_datacite:
        settings = services.settings.model_copy(update={"use_datacite": False})
    return await services.assess(record.identifier, profile=record.profile, service=service, settings=settings)


class Jobs:
    """The server's assessments: a bounded number run at once, the others wait their turn.

    Background tasks are held here (so they are not garbage-collected), and so are the requests that
    run an assessment themselves; all are cancelled at shutdown. A cancelled background assessment stays
    queued or running in the store and is resumed at the next start.
    """

    DEFAULT_SECONDS = 5.0  # what an assessment is assumed to take before one has been timed

    def __init__(self, services: Services) -> None:
        self.services = services
        self.limit = services.settings.service_max_concurrent_assessments
        self.max_waiting = services.settings.service_max_waiting_evaluations
        self._tasks: set[asyncio.Task[Any]] = set()
        self._slots: asyncio.Semaphore | None = None
        self._closing = False
        self.running = 0
        self.peak = 0
        self.waiting = 0  # callers of :meth:`slot` waiting for a free slot
        self.seconds = self.DEFAULT_SECONDS  # moving average of how long an assessment holds its slot

    def _semaphore(self) -> asyncio.Semaphore:
        """Made on first use, inside the server's event loop (the app may be built outside it)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        return self._slots

    @asynccontextmanager
    async def _held(self) -> AsyncIterator[None]:
        """One slot, waited for in arrival order (asyncio wakes a semaphore's waiters first in, first out)."""
        async with self._semaphore():
            self.running += 1
            self.peak = max(self.peak, self.running)
            start = time.monotonic()
            try:
                yield
            finally:
                self.running -= 1
                self.seconds = 0.8 * self.seconds + 0.2 * (time.monotonic() - start)

    async def _run(self, record: AssessmentRecord) -> Finished | Failed:
        async with self._held():
            return await execute(self.services, record)

    def submit(self, record: AssessmentRecord) -> asyncio.Task[Finished | Failed]:
        """Queue a stored assessment (call from the event loop); it starts when a slot is free."""
        task = asyncio.create_task(self._run(record))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def retry_after(self) -> int:
        """Seconds until a slot is likely free for a newcomer: the waiting line over the slots, times how
        long an assessment takes."""
        return max(1, min(300, math.ceil(self.seconds * (self.waiting / self.limit + 1))))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """A slot for an assessment its caller waits for (F-UJI evaluate), under the same cap and in the
        same line as the background ones. :class:`Busy` at once when ``max_waiting`` callers already
        wait (or the server is stopping): a busy server says so rather than piling up connections."""
        if self._closing:
            raise Busy("the server is shutting down", self.retry_after())
        if self.running >= self.limit and self.waiting >= self.max_waiting:
            raise Busy(
                f"the server is busy: {self.running} assessments running and {self.waiting} waiting",
                self.retry_after(),
            )
        task = asyncio.current_task()
        if task is not None:  # cancelled at shutdown like the background ones
            self._tasks.add(task)
        self.waiting += 1
        queued = True
        try:
            async with self._held():
                self.waiting -= 1
                queued = False
                yield
        finally:
            if queued:
                self.waiting -= 1
            if task is not None:
                self._tasks.discard(task)

    @property
    def pending(self) -> int:
        """Assessments submitted or asked for and not finished (running or waiting)."""
        return len(self._tasks)

    async def start(self) -> int:
        """At start-up (the app may be started again after a stop, in another event loop): open for work
        with slots made in this loop, and resume what a stopped server left unfinished."""
        self._closing = False
        self._slots = None
        return await self.resume()

    async def resume(self) -> int:
        if self.services.store is None:
            return 0
        unfinished = await run_in_threadpool(self.services.store.assessments.unfinished)
        for record in unfinished:
            self.submit(record)
        return len(unfinished)

    async def stop(self) -> None:
        """At shutdown: refuse new evaluations, cancel what runs or waits and await it (a background one
        stays queued/running in the store and is resumed at the next start). Awaiting matters: a store
        call in a worker thread finishes before the app disposes the engine under it."""
        self._closing = True
        current = asyncio.current_task()
        tasks = [task for task in self._tasks if task is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

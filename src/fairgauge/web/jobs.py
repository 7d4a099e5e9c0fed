"""Running assessments for the API and keeping them in the store.

A queued assessment is run after the 202 answer (FastAPI background task, in the server's event loop);
at start-up, assessments a stopped server left queued or running are run again, so none is lost.
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
    """Assessments resumed at start-up; their tasks are held here so they are not garbage-collected."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._tasks: set[asyncio.Task[Finished | None]] = set()

    async def resume(self) -> int:
        if self.services.store is None:
            return 0
        unfinished = await run_in_threadpool(self.services.store.assessments.unfinished)
        for record in unfinished:
            task = asyncio.create_task(execute(self.services, record))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(unfinished)

    async def stop(self) -> None:
        """At shutdown: cancel what runs (it stays queued/running in the store and is resumed next start)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

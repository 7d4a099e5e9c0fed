"""The Python API (``fairgauge.assess``) over the process's shared services.

A notebook or a script that assesses many objects one call at a time should pay once, not per call,
for what a server builds once: the assessor (reference data, check registry, parsed profiles), the WARC
archives being replayed, and one HTTP client with its connection pool and SSL context. So the services
come from the composition root, built once per distinct settings (and replay archives), and every call
runs on one event loop kept in a daemon thread: an httpx pool belongs to the loop it was opened in, and
``asyncio.run`` per call would open (and throw away) a pool each time. Calls from inside a running loop
(Jupyter) work too: they wait on that thread instead of nesting loops.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from fairgauge.compose import Services, build_http, build_services, build_tracks, service_option
from fairgauge.model.harvest import ServiceType

if TYPE_CHECKING:
    from fairgauge.assessment import Assessor
    from fairgauge.model.report import Report
    from fairgauge.settings import Settings

DEFAULT_PROFILE = "fsf-0.8"
T = TypeVar("T")
_MAX_KEPT = 8  # distinct settings/archives kept; more is a program that builds settings per call


class _Runtime:
    """One event loop in a daemon thread, and the services built for it, shared by every call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._services: dict[tuple[Any, ...], Services] = {}

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="fairgauge-api", daemon=True)
                self._thread.start()
                self._loop = loop
            return self._loop

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop()).result()

    def services(self, settings: Settings, replay: tuple[Path, ...], assessor: Assessor | None) -> Services:
        """The services for these settings and archives (and a caller's own assessor), built on first use."""
        key = (settings, replay, id(assessor) if assessor is not None else None)
        with self._lock:
            found = self._services.get(key)
            if found is None or (assessor is not None and found.assessor is not assessor):
                found = _build(settings, replay, assessor)
                if len(self._services) >= _MAX_KEPT:
                    self._evict(next(iter(self._services)))
                self._services[key] = found
            return found

    def _evict(self, key: tuple[Any, ...]) -> None:
        old = self._services.pop(key)
        if self._loop is not None and not self._loop.is_closed():
            asyncio.run_coroutine_threadsafe(old.aclose(), self._loop)

    def close(self) -> None:
        """At exit: close the pools in their loop, then stop the loop."""
        with self._lock:
            loop, thread, kept = self._loop, self._thread, list(self._services.values())
            self._services.clear()
            self._loop = self._thread = None
        if loop is None or loop.is_closed():
            return
        for services in kept:
            with contextlib.suppress(Exception):  # best effort at interpreter exit
                asyncio.run_coroutine_threadsafe(services.aclose(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=5)
        if not loop.is_running():
            loop.close()


def _build(settings: Settings, replay: tuple[Path, ...], assessor: Assessor | None) -> Services:
    from fairgauge.assessment import shared_assessor

    if assessor is None:
        return build_services(settings, replay=replay, with_store=False, assessor=shared_assessor(settings))
    # A caller's assessor brings its own settings (and registry): the HTTP stack follows them.
    return Services(
        settings=assessor.settings,
        assessor=assessor,
        http=build_http(assessor.settings, replay=replay),
        tracks=build_tracks(assessor.settings),
    )


_runtime = _Runtime()
atexit.register(_runtime.close)


def shared_services(
    settings: Settings | None = None, *, replay: Sequence[Path | str] = (), assessor: Assessor | None = None
) -> Services:
    """The services ``assess`` uses for these settings and archives: the same object on every call."""
    from fairgauge.settings import load_settings

    return _runtime.services(settings or load_settings(), tuple(Path(p) for p in replay), assessor)


def assess(
    identifier: str,
    *,
    profile: str = DEFAULT_PROFILE,
    settings: Settings | None = None,
    replay: Sequence[Path | str] = (),
    record: Path | str | None = None,
    metadata_service_endpoint: str | None = None,
    metadata_service_type: ServiceType | None = None,
    assessor: Assessor | None = None,
) -> Report:
    """Assess one data object and return the report. An object that could not be reached gives a report
    with ``assessment_status == "not_assessed"`` and the reason (nothing scored); an identifier that is
    no identifier (``"foo"``) or a URL fairgauge cannot fetch (``file:``) raises ``IdentifierError``.

    >>> report = assess("10.5281/zenodo.1196821", replay=["examples/zenodo-1196821_2026-07.warc.gz"])
    >>> report.summary.score_total["FAIR"]
    26.0
    """
    from fairgauge.harvest.harvester import resolvers_from
    from fairgauge.identifiers import read_identifier

    services = shared_services(settings, replay=replay, assessor=assessor)
    service = service_option(
        metadata_service_endpoint,
        metadata_service_type,
        ("metadata_service_endpoint", "metadata_service_type"),
    )
    services.assessor.profile(profile)  # fail fast on an unknown profile or identifier, before any request
    read_identifier(identifier, resolvers_from(services.settings))
    return _runtime.run(
        services.assess(identifier, profile=profile, service=service, record=Path(record) if record else None)
    )

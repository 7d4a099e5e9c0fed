"""Application factory. Services are built by the composition root and injected; no module-level state.

``create_app(settings)`` builds the services itself; ``create_app(services=...)`` uses services the
caller built and shares (tests, ``fairgauge serve``). Either way, when the app stops it cancels and
awaits the assessments still running or waiting, closes the HTTP client and the store's pooled
connections: nothing of it keeps running once its lifespan has ended.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from fairgauge._version import __version__
from fairgauge.settings import Settings, load_settings
from fairgauge.web.envelope import install_error_handlers, ok
from fairgauge.web.middleware import BodyLimitMiddleware, CatchAllMiddleware, RateLimitMiddleware
from fairgauge.web.schemas import HealthEnvelope

if TYPE_CHECKING:
    from fairgauge.compose import Services

API_PREFIX = "/api/v1"
FUJI_PREFIX = "/fuji/api/v1"
TRACKFIND_PREFIX = "/trackfind/api/v1"

# Route modules (each defines ``router``) and where they are mounted, in this order.
ROUTERS: tuple[tuple[str, str], ...] = (
    ("fairgauge.web.routes.assessments", API_PREFIX),
    ("fairgauge.web.routes.tracks", API_PREFIX),
    ("fairgauge.web.routes.fuji", FUJI_PREFIX),
    ("fairgauge.web.routes.catalog", API_PREFIX),
    ("fairgauge.web.routes.trackfind", TRACKFIND_PREFIX),
    ("fairgauge.web.routes.runs", API_PREFIX),
)


def _meta_router() -> APIRouter:
    router = APIRouter(tags=["meta"])

    @router.get("/health", response_model=HealthEnvelope)
    def health() -> dict[str, object]:
        """Liveness probe and version."""
        return ok({"status": "ok", "version": __version__})

    return router


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the API with its docs served from local assets (no CDN)."""
    from fairgauge.compose import build_services
    from fairgauge.web.jobs import Jobs

    if services is None:
        services = build_services(settings or load_settings())
    settings = services.settings
    jobs = Jobs(services)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Any]]:
        await jobs.start()  # assessments a stopped server left unfinished run again
        try:
            yield {}
        finally:
            await jobs.stop()  # cancels and awaits every assessment: no store call is left in a thread
            await services.aclose()
            services.close()  # the store's pooled connections (a shared store stays usable: it reconnects)

    app = FastAPIOffline(
        title="fairgauge",
        version=__version__,
        description="Assess how FAIR research data is (F-UJI-compatible and native API); validate FAIRtracks "
        "metadata. Every error answers `{ok: false, error: {code, message, details}}`.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.jobs = jobs
    install_error_handlers(app)
    # Outermost last: rate limit, then body cap, then the catcher next to the routes.
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=settings.api_max_body_bytes)
    app.add_middleware(RateLimitMiddleware, per_minute=settings.api_rate_limit)
    app.include_router(_meta_router(), prefix=API_PREFIX)
    for module_name, prefix in ROUTERS:
        app.include_router(import_module(module_name).router, prefix=prefix)
    from fairgauge.web import ui

    app.include_router(ui.router)
    from fairgauge.web import catalog_ui

    app.include_router(catalog_ui.router)
    from fairgauge.web.routes import runs

    app.include_router(runs.pages)
    app.mount("/static", StaticFiles(directory=str(files("fairgauge.web") / "static")), name="static")
    return app

"""Application factory. Services are built once and injected; there is no module-level app state."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline

from fairgauge._version import __version__
from fairgauge.settings import Settings, load_settings
from fairgauge.web.envelope import install_error_handlers, ok

API_PREFIX = "/api/v1"

# Route modules (each defines ``router``), mounted under API_PREFIX in this order.
ROUTERS: tuple[str, ...] = ("fairgauge.web.routes.tracks",)


def _meta_router() -> APIRouter:
    router = APIRouter(tags=["meta"])

    @router.get("/health")
    def health() -> dict[str, object]:
        """Liveness probe and version."""
        return ok({"status": "ok", "version": __version__})

    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API with its docs served from local assets (no CDN)."""
    settings = settings or load_settings()
    app = FastAPIOffline(
        title="fairgauge",
        version=__version__,
        description="Assess how FAIR research data is; validate FAIRtracks metadata.",
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(_meta_router(), prefix=API_PREFIX)
    for module_name in ROUTERS:
        app.include_router(import_module(module_name).router, prefix=API_PREFIX)
    return app

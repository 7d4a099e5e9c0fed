"""Route modules; each exposes ``router`` (an APIRouter) and is listed in ``fairgauge.web.app.ROUTERS``."""

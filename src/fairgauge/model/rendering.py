"""What rendering the landing page in a browser showed: the view of machines that run JavaScript.

Many landing pages (single-page apps) write their JSON-LD and meta tags with scripts after load, so a
harvester without a browser sees nothing while Google's crawler, which renders, reads everything. The
harvest keeps both views; this model says whether the page was rendered, why (or why not), what the
browser fetched (every sub-request is an exchange) and what only the rendered page carries.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fairgauge.model.base import FrozenModel

RenderMode = Literal["auto", "always", "never"]
"""``auto`` renders only a page that looks script-generated; ``always`` every HTML landing page."""

ScreenshotType = Literal["image/png", "image/jpeg"]
RenderStatus = Literal["rendered", "not_needed", "not_html", "disabled", "unavailable", "failed"]
"""``not_needed``: auto mode and the static page does not look script-generated (no browser started);
``unavailable``: no browser (Playwright or chromium missing); ``failed``: the browser could not render it."""

ScriptSignal = Literal["empty_app_root", "noscript_asks_for_javascript", "scripts_without_metadata", "little_text"]
"""Why a static page looks script-generated (see ``harvest/render_signals.py``)."""


class Screenshot(FrozenModel):
    """A thumbnail of the rendered page, kept as evidence (base64; capped by ``render_screenshot_max_bytes``)."""

    media_type: ScreenshotType
    width: int
    height: int
    data: str = Field(description="Base64 of the image bytes.")


class Rendering(FrozenModel):
    """How the landing page was (or was not) rendered by a browser, and what that added."""

    mode: RenderMode
    status: RenderStatus
    signals: list[ScriptSignal] = Field(
        default_factory=list, description="Why the static page looks script-generated (empty: it does not)."
    )
    message: str | None = None
    url: str | None = Field(None, description="URL of the rendered page (after script navigation).")
    browser: str | None = Field(None, description="Browser name and version.")
    elapsed_ms: float = 0.0
    timed_out: bool = Field(False, description="The time budget ran out before the page settled.")
    sub_requests: int = Field(0, description="Requests the page made that fairgauge fetched for it.")
    skipped_resources: int = Field(0, description="Images, fonts and media not fetched.")
    capped_requests: int = Field(0, description="Requests not made because the sub-request cap was reached.")
    failed_requests: int = Field(0, description="Sub-requests refused or failed (guard, timeout, archive).")
    exchange_ids: list[int] = Field(default_factory=list)
    rendered_formats: list[str] = Field(default_factory=list, description="Embedded formats in the rendered DOM.")
    rendered_only_records: int = Field(0, description="Records found only in the rendered DOM.")
    screenshot: Screenshot | None = None

"""Step: the landing page as a browser renders it (``render_javascript``: auto, always or never).

Runs after the landing page was read. In ``auto`` mode the browser starts only when the static page looks
script-generated; the records found in the rendered DOM by the same extractors are kept with method
``rendered_html`` when the static page does not already carry them, so every value says whether a machine
without a browser can see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairgauge.extract import extract_embedded
from fairgauge.harvest.context import HarvestContext, StepFailure, StepResult, outcome_for
from fairgauge.harvest.render import RenderedPage, RenderFailedError, RenderUnavailableError, render_page
from fairgauge.harvest.render_signals import script_generated_signals
from fairgauge.harvest.strategies.landing import HTML_TYPES, LandingResult
from fairgauge.model.findings import Severity, finding
from fairgauge.model.harvest import HarvestStep
from fairgauge.model.metadata import EMBEDDED_METHODS, RENDERED_METHOD, MetadataRecord
from fairgauge.model.rendering import Rendering, RenderMode, RenderStatus, ScriptSignal

STEP: HarvestStep = "rendering"
SERVER_SIDE_ADVICE = (
    "Write the metadata into the HTML the server sends (schema.org JSON-LD in a <script "
    'type="application/ld+json"> element, meta tags), not with JavaScript: harvesters without a browser '
    "(OAI-style crawlers, F-UJI, most scripts) see nothing of it."
)
_SIGNAL_TEXT: dict[ScriptSignal, str] = {
    "empty_app_root": "an empty app root element",
    "noscript_asks_for_javascript": "a <noscript> asking for JavaScript",
    "scripts_without_metadata": "scripts but no embedded metadata",
    "little_text": "almost no text",
}


@dataclass
class RenderResult:
    step: StepResult = field(default_factory=StepResult)
    rendering: Rendering | None = None


async def render_landing(ctx: HarvestContext, landing: LandingResult) -> RenderResult:
    """Render the landing page when the mode asks for it; say why not otherwise."""
    mode = ctx.settings.render_javascript
    fetched = landing.fetched
    result = RenderResult()
    if (
        fetched is None
        or not fetched.ok
        or not fetched.body
        or not _is_html(fetched.exchange.content_type, fetched.body)
    ):
        result.rendering = Rendering(mode=mode, status="not_html", message="no HTML landing page to render")
        result.step.outcomes.append(outcome_for(STEP, [], records=0, skipped="no HTML landing page"))
        return result
    static = [r for r in landing.step.records if r.method in EMBEDDED_METHODS]
    signals = script_generated_signals(fetched.body, static)
    if mode == "never" or (mode == "auto" and not signals):
        status: RenderStatus = "disabled" if mode == "never" else "not_needed"
        why = "render_javascript is never" if mode == "never" else "the page does not look script-generated"
        result.rendering = Rendering(mode=mode, status=status, signals=signals, message=why)
        result.step.outcomes.append(outcome_for(STEP, [], records=0, skipped=why))
        return result
    try:
        page = await render_page(fetched, ctx.fetcher, ctx.settings)
    except RenderUnavailableError as exc:
        return _unavailable(result, mode, signals, str(exc), fetched.url)
    except RenderFailedError as exc:
        return _failed(result, mode, signals, str(exc), fetched.url)
    except Exception as exc:  # a browser or driver surprise must not cost the static assessment
        return _failed(result, mode, signals, f"rendering {fetched.url} failed: {exc!r}", fetched.url)
    try:
        _take_rendered(result, mode, signals, page, static)
    except Exception as exc:  # hostile rendered DOM: the extractors' own guards are the first line
        return _failed(result, mode, signals, f"the rendered page could not be read: {exc!r}", page.url)
    return result


def _failed(
    result: RenderResult, mode: RenderMode, signals: list[ScriptSignal], message: str, url: str
) -> RenderResult:
    result.step = StepResult()  # nothing half-taken from a page that failed
    result.rendering = Rendering(mode=mode, status="failed", signals=signals, message=message)
    result.step.findings.append(finding("render.failed", "error", message, url=url))
    result.step.outcomes.append(outcome_for(STEP, [], records=0, failure=StepFailure("parse_error", message)))
    return result


def _is_html(content_type: str | None, body: bytes) -> bool:
    return content_type in HTML_TYPES or (content_type is None and b"<html" in body[:2048].lower())


def _unavailable(
    result: RenderResult, mode: RenderMode, signals: list[ScriptSignal], reason: str, url: str
) -> RenderResult:
    """No browser: ``auto`` assesses the static view and says so; ``always`` could not do what was asked."""
    looks = ", ".join(_SIGNAL_TEXT[s] for s in signals)
    message = f"the landing page looks script-generated ({looks}) but could not be rendered: {reason}"
    if mode == "always":
        message = f"the landing page could not be rendered: {reason}"
    severity: Severity = "error" if mode == "always" else "warning"
    result.rendering = Rendering(mode=mode, status="unavailable", signals=signals, message=message)
    result.step.findings.append(finding("render.unavailable", severity, message, url=url))
    failure = StepFailure("parse_error", reason)
    outcome = outcome_for(STEP, [], records=0, failure=failure) if mode == "always" else None
    result.step.outcomes.append(outcome or outcome_for(STEP, [], records=0, skipped=message))
    return result


def _take_rendered(
    result: RenderResult,
    mode: RenderMode,
    signals: list[ScriptSignal],
    page: RenderedPage,
    static: list[MetadataRecord],
) -> None:
    embedded = extract_embedded(page.html.encode("utf-8"), page.url, content_type="text/html; charset=utf-8")
    seen = {_key(record) for record in static}
    only = [
        record.model_copy(update={"method": RENDERED_METHOD}) for record in embedded.records if _key(record) not in seen
    ]
    result.step.records.extend(only)
    result.step.findings.extend(page.findings)
    if only:
        standards = ", ".join(sorted({f"{r.standard} ({r.format})" for r in only}))
        result.step.findings.append(
            finding(
                "render.metadata_rendered_only",
                "warning",
                f"metadata only a browser sees: {standards} is written by JavaScript. {SERVER_SIDE_ADVICE}",
                url=page.url,
                recommendation=SERVER_SIDE_ADVICE,
            )
        )
    result.rendering = Rendering(
        mode=mode,
        status="rendered",
        signals=signals,
        message=f"rendered in {page.elapsed_ms / 1000:.1f} s; {len(only)} record(s) only in the rendered page",
        url=page.url,
        browser=page.browser,
        elapsed_ms=page.elapsed_ms,
        timed_out=page.timed_out,
        sub_requests=page.sub_requests,
        skipped_resources=page.skipped_resources,
        capped_requests=page.capped_requests,
        failed_requests=sum(1 for f in page.findings if f.code in {"render.request_refused", "render.request_failed"}),
        exchange_ids=page.exchange_ids,
        rendered_formats=list(embedded.formats_found),
        rendered_only_records=len(only),
        screenshot=page.screenshot,
    )
    result.step.outcomes.append(outcome_for(STEP, page.exchange_ids, records=len(only)))


def _key(record: MetadataRecord) -> tuple[str, str, str]:
    """Records equal in what they state (the rendered DOM repeats the static page's own metadata)."""
    return (record.format, record.standard, record.fields.model_dump_json())

"""How the landing page's JavaScript rendering is told in every human-facing rendering (one sentence)."""

from __future__ import annotations

from fairgauge.model.rendering import Rendering

_SIGNALS = {
    "empty_app_root": "empty app root",
    "noscript_asks_for_javascript": "<noscript> asks for JavaScript",
    "scripts_without_metadata": "scripts but no embedded metadata",
    "little_text": "almost no text",
}


_QUIET = frozenset({"not_needed", "disabled", "not_html"})


def rendering_summary(rendering: Rendering | None) -> str | None:
    """What happened, with the numbers that matter; None when there is nothing to tell (not rendered because
    it was not needed or not asked for: the JSON still says so)."""
    if rendering is None or rendering.status in _QUIET:
        return None
    if rendering.status != "rendered":
        return f"not rendered ({rendering.status.replace('_', ' ')}): {rendering.message or ''}".rstrip(": ")
    parts = [
        f"{rendering.elapsed_ms / 1000:.1f} s",
        f"{rendering.sub_requests} sub-request(s)",
    ]
    if rendering.failed_requests:
        parts.append(f"{rendering.failed_requests} refused or failed")
    if rendering.skipped_resources:
        parts.append(f"{rendering.skipped_resources} image/font/media not fetched")
    if rendering.capped_requests:
        parts.append(f"{rendering.capped_requests} over the request cap")
    if rendering.timed_out:
        parts.append("time budget ran out")
    only = rendering.rendered_only_records
    found = f"{only} metadata record(s) only a browser sees" if only else "no metadata beyond the static page"
    signals = ", ".join(_SIGNALS[s] for s in rendering.signals)
    why = f"; the static page looked script-generated: {signals}" if signals else ""
    return f"rendered in {rendering.browser or 'a browser'}: {found} ({', '.join(parts)}){why}"

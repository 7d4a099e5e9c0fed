"""When does ``auto`` start a browser? The static-page signals, on real captures and the script-built fixtures."""

from __future__ import annotations

import pytest

from fairgauge.extract import extract_embedded
from fairgauge.harvest.render_signals import script_generated_signals
from fairgauge.model.rendering import ScriptSignal
from tests.conftest import FIXTURES

LANDING = FIXTURES / "corpus" / "landing-pages"


def signals_of(html: bytes) -> list[ScriptSignal]:
    embedded = extract_embedded(html, "https://example.org/record")
    return script_generated_signals(html, embedded.records)


@pytest.mark.parametrize(
    "name", ["zenodo-1196821_2026-07.html", "zenodo-1196821_2021-06.html", "pangaea-836178_2021-06.html"]
)
def test_real_static_landing_pages_are_not_rendered(name: str) -> None:
    """Zenodo and PANGAEA write their metadata server-side (and run scripts): no reason to start a browser."""
    assert signals_of((LANDING / name).read_bytes()) == []


def test_react_shell_gives_every_signal() -> None:
    html = (FIXTURES / "render" / "app-shell.html").read_bytes()
    assert signals_of(html) == [
        "empty_app_root",
        "noscript_asks_for_javascript",
        "scripts_without_metadata",
        "little_text",
    ]


def test_angular_app_root_with_boot_script() -> None:
    html = (FIXTURES / "render" / "meta-by-script.html").read_bytes()
    assert {"empty_app_root", "scripts_without_metadata"} <= set(signals_of(html))


def test_state_in_a_script_and_noscript_page() -> None:
    """The app root says 'Loading…' (not empty), but the page asks for JavaScript and states nothing."""
    signals = signals_of((FIXTURES / "formats" / "html" / "js_app.html").read_bytes())
    assert "empty_app_root" not in signals
    assert {"noscript_asks_for_javascript", "scripts_without_metadata", "little_text"} <= set(signals)


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><div id='root'></div><noscript>Enable JavaScript</noscript></body></html>",
        b"<html><head><script type='application/ld+json'>{}</script></head><body>short</body></html>",
        b"<html><body><p>A page with no scripts at all.</p></body></html>",
    ],
    ids=["no-runnable-script", "json-ld-block-is-not-code", "no-script"],
)
def test_a_page_no_script_can_change_is_never_rendered(html: bytes) -> None:
    assert signals_of(html) == []


def test_opengraph_alone_is_not_metadata_but_json_ld_is() -> None:
    shell = b"<html><head>%s<script src='/app.js'></script></head><body><div id='app'>x</div></body></html>"
    og = shell % b"<meta property='og:title' content='A dataset'>"
    assert "scripts_without_metadata" in signals_of(og)
    block = b'{"@context": "https://schema.org", "@type": "Dataset", "name": "A"}'
    jsonld = shell % (b"<script type='application/ld+json'>" + block + b"</script>")
    assert "scripts_without_metadata" not in signals_of(jsonld)


def test_unparsable_page_gives_no_signal() -> None:
    assert signals_of(b"") == []

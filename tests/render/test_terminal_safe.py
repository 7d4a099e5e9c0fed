"""Remote text never drives the terminal: harvest, assess and tracks text show escapes, never send them."""

from __future__ import annotations

import json
import re

import pytest

from fairgauge.model.report import Report
from fairgauge.render.report_text import render_text
from fairgauge.terminal import terminal_safe
from tests.cli.run import fairgauge
from tests.loopback import Reply, serve
from tests.render.conftest import with_conflict

# Set the window title, clear the screen, a one-byte CSI, a carriage return, a bidi override, rich markup.
HOSTILE_TITLE = "Data\x1b]0;pwned\x07set\x1b[2J\x9b31m\rover\u202eevil [/bold] [link=https://x]y[/link] :smile:"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def _no_control(text: str) -> None:
    leftovers = [c for c in SGR.sub("", text) if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert not leftovers, leftovers
    assert "\u202e" not in text


def test_terminal_safe_escapes_visibly() -> None:
    assert terminal_safe("a\x1b[31mb\tc\nd\x9be\u202ef\x00") == "a\\x1b[31mb\tc\nd\\x9be\\u202ef\\x00"
    assert terminal_safe("Título ünïcode ✓") == "Título ünïcode ✓"


def _page() -> bytes:
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "Dataset", "name": HOSTILE_TITLE})
    return (
        f'<html><head><title>t</title><script type="application/ld+json">{jsonld}</script></head><body>x</body></html>'
    ).encode()


ENV = {
    "FAIRGAUGE_ALLOW_PRIVATE_NETWORK": "true",
    "FAIRGAUGE_USE_DATACITE": "false",
    "FAIRGAUGE_CONTENT_NEGOTIATION": "false",
    "FAIRGAUGE_REQUEST_DEADLINE": "5",
}


@pytest.mark.parametrize("command", ["harvest", "assess"])
def test_cli_text_output_escapes_what_a_hostile_page_says(command: str) -> None:
    with serve({"/landing": Reply(200, _page())}) as site:
        done = fairgauge(command, site.url("/landing"), env=ENV)
    assert done.returncode == 0, done.stderr
    _no_control(done.stdout)
    if command == "harvest":
        assert "Data\\x1b]0;pwned\\x07set" in done.stdout  # shown, so the user sees the page is odd
        assert "[/bold]" in done.stdout and "[link=https://x]y[/link] :smile:" in done.stdout  # text, not tags


def test_coloured_assess_text_sends_only_its_own_colours(zenodo: Report) -> None:
    report = with_conflict(zenodo, title=HOSTILE_TITLE)
    coloured = render_text(report, color=True)
    assert SGR.search(coloured), "colour is still there"
    _no_control(coloured)
    assert "\\x1b]0;pwned" in coloured and "[/bold]" in coloured

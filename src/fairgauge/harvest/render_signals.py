"""Does a static landing page look script-generated? Decides whether ``auto`` mode starts a browser.

Starting a browser costs about a second and a few hundred MB, so ``auto`` renders only pages whose static
HTML shows the marks of a single-page app: an empty app root element (``<div id="root">``, ``<app-root>``),
a ``<noscript>`` asking for JavaScript, scripts but no embedded metadata, or almost no text. A page without
any script cannot be changed by rendering, so it never qualifies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.html
from lxml import etree

from fairgauge.model.metadata import MetadataRecord
from fairgauge.model.rendering import ScriptSignal

# ids/attributes the common frameworks mount on (React/CRA, Vue, Next, Nuxt, Gatsby, Angular, Svelte, Ember)
_ROOT_IDS = frozenset({"root", "app", "__next", "__nuxt", "___gatsby", "q-app", "svelte", "ember-app", "main-app"})
_ROOT_ATTRIBUTES = ("ng-app", "data-reactroot", "ng-version", "data-v-app")
_ASKS_FOR_JS = re.compile(r"javascript|enable\s+js|\bjs\b|script", re.IGNORECASE)
LITTLE_TEXT = 150  # visible characters; F-UJI's threshold for "seems to be JavaScript generated"
# standards that are metadata about the object; OpenGraph alone is a social preview, not a description
_DESCRIPTIVE = frozenset({"schemaorg", "dublin-core", "dcat", "highwire", "datacite", "rdf"})


def script_generated_signals(html: bytes, embedded: Sequence[MetadataRecord]) -> list[ScriptSignal]:
    """The reasons (possibly none) to think scripts write this page; ``embedded`` is what the static page holds."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    scripts = [s for s in root.iter("script") if _is_code(s)]
    if not scripts:
        return []
    signals: list[ScriptSignal] = []
    if any(_is_empty_root(element) for element in root.iter()):
        signals.append("empty_app_root")
    if any(_ASKS_FOR_JS.search(element.text_content() or "") for element in root.iter("noscript")):
        signals.append("noscript_asks_for_javascript")
    if not any(record.standard in _DESCRIPTIVE for record in embedded):
        signals.append("scripts_without_metadata")
    if _visible_text_length(root) < LITTLE_TEXT:
        signals.append("little_text")
    return signals


def _is_code(script: etree._Element) -> bool:
    """A script the browser runs (not a JSON-LD or template block)."""
    kind = (script.get("type") or "text/javascript").split(";")[0].strip().lower()
    runs = kind in {"text/javascript", "application/javascript", "module", "text/ecmascript", ""}
    return runs and bool(script.get("src") or (script.text or "").strip())


def _is_empty_root(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return False
    tag = element.tag.lower()
    mount = (
        (element.get("id") or "").lower() in _ROOT_IDS
        or tag == "app-root"
        or (tag.endswith("-root") and "-" in tag)
        or any(element.get(name) is not None for name in _ROOT_ATTRIBUTES)
    )
    if not mount or tag in {"html", "body"}:
        return False
    children = [child for child in element if isinstance(child.tag, str) and child.tag not in {"script", "noscript"}]
    return not children and not (element.text or "").strip()


def _visible_text_length(root: etree._Element) -> int:
    body = root.find("body")
    scope = body if body is not None else root
    hidden = sum(
        len(" ".join((s.text_content() or "").split())) for s in scope.iter("script", "style", "template", "noscript")
    )
    return max(len(" ".join(scope.text_content().split())) - hidden, 0)

"""``fairgauge tracks ontologies fetch|list`` against a loopback server serving small ontology releases,
and what a run says when terms cannot be decided offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from fairgauge.tracks.augment.signature import json_signature
from fairgauge.tracks.ontology.model import ParsedOntology
from fairgauge.tracks.ontology.obographs import parse_obographs
from fairgauge.tracks.ontology.owl import parse_owl
from fairgauge.tracks.service import INDEX_FILE, TracksService
from tests.loopback import Reply, serve
from tests.tracks.conftest import EXAMPLES, ONTOLOGIES
from tests.tracks.test_cli import fairgauge
from tests.tracks.test_examples import RELEASE_OF

V102 = str(EXAMPLES / "v1.0.2" / "fairtracks.example.json")
OBO = "http://purl.obolibrary.org/obo/"


def _curie(iri: str) -> str:
    local = iri.removeprefix(OBO)
    return local.replace("_", ":", 1) if local != iri else iri


def as_obo(parsed: ParsedOntology) -> bytes:
    """The fixture ontologies (OBO Graphs JSON, OWL) written as the OBO releases the PURLs serve."""
    version = (parsed.version_iri or "").removeprefix(f"{OBO}{parsed.ontology}/").rsplit("/", 1)[0]
    lines = ["format-version: 1.2", f"data-version: {version}", f"ontology: {parsed.ontology}", ""]
    parents: dict[str, list[str]] = {}
    for child, parent in parsed.edges:
        parents.setdefault(child, []).append(parent)
    for term in parsed.terms:
        lines += ["[Term]", f"id: {_curie(term.iri)}"] + ([f"name: {term.label}"] if term.label else [])
        lines += [f"is_a: {_curie(p)}" for p in parents.get(term.iri, [])] + [""]
    return "\n".join(lines).encode()


def _obo(body: bytes) -> Reply:
    return Reply(200, body, content_type="text/plain; charset=utf-8")


@pytest.fixture()
def releases() -> Any:
    routes = {
        "/obo/ncit.obo": _obo((ONTOLOGIES / "ncit.fixture.obo").read_bytes()),
        "/obo/obi.obo": _obo(as_obo(parse_obographs(ONTOLOGIES / "obi.fixture.obographs.json"))),
        "/obo/so.obo": _obo(as_obo(parse_owl(ONTOLOGIES / "so.fixture.owl"))),
        "/efo/efo.obo": _obo((ONTOLOGIES / "efo-cell-lines.fixture.obo").read_bytes()),
        "/obo/page.obo": Reply(200, b"<html>not an ontology</html>"),
        # the same SO terms as a numbered release (the v3.1 GitHub tag FAIRtracks 1.0.x cites)
        "/so-numbered/so.obo": _obo(
            as_obo(parse_owl(ONTOLOGIES / "so.fixture.owl")).replace(b"data-version: 2020-08-20", b"data-version: 3.1")
        ),
    }
    with serve(routes) as served:
        yield served


@pytest.fixture()
def cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    releases: Any,
    packaged_service: TracksService,
    tracks_cache: Path,
) -> Any:
    """A cache without fetched ontologies (a copy of the session's compiled index, so the packaged data is
    not compiled again, copied under the index's lock: other workers share that cache) and settings pointing
    the OBO PURL base at the loopback server."""
    with FileLock(f"{tracks_cache / 'tracks' / INDEX_FILE}.lock"):
        shutil.copytree(
            tracks_cache / "tracks",
            tmp_path / "cache" / "tracks",
            ignore=shutil.ignore_patterns("ontologies", "*.lock"),
        )
    monkeypatch.setenv("FAIRGAUGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FAIRGAUGE_TRACKS_OBO_PURL_BASE", releases.base + "/obo/")
    monkeypatch.setenv("FAIRGAUGE_TRACKS_ONTOLOGY_URLS", '["efo=' + releases.base + '/efo/efo.obo"]')
    monkeypatch.setenv("FAIRGAUGE_ALLOW_PRIVATE_NETWORK", "true")
    monkeypatch.delenv("FAIRGAUGE_CONFIG", raising=False)
    return lambda *args: fairgauge(monkeypatch, capsys, *args)


@pytest.mark.slow
def test_fetch_decides_every_term_of_the_official_example(cli: Any, releases: Any) -> None:
    code, out, err = cli("tracks", "validate", V102, "--schema-version", "1.0.2")
    assert code == 4
    assert (
        "undecided: 2 NCIT terms, 1 EFO, 1 OBI, 1 SO not in the local index: run "
        "`fairgauge tracks ontologies fetch ncit efo obi so` once online, or use --ontology-source ols"
    ) in out

    code, out, err = cli("tracks", "ontologies", "fetch", "ncit", "efo", "obi", "so")
    assert code == 0, err
    assert "building the offline ontology index: compiling file:" in err  # compiling says what it builds
    assert f"fetching ncit from {releases.base}/obo/ncit.obo ..." in err
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(rows) == {"ncit", "efo", "obi", "so"}
    assert rows["ncit"][1] == "releases/2020-07-17"
    assert rows["so"][1].startswith("2020-08-20") or "so" in rows["so"][1]
    assert all(int(row[2]) > 0 for row in rows.values())

    code, out, _ = cli("tracks", "validate", V102, "--schema-version", "1.0.2")
    assert code == 0, out
    assert "undecided" not in out
    for directory, release in RELEASE_OF.items():  # every published example: nothing left undecided
        code, out, _ = cli("tracks", "validate", str(EXAMPLES / directory), "--schema-version", release, "--separately")
        assert "undecided" not in out and "term.ontology_unavailable" not in out, out

    code, out, _ = cli("tracks", "ontologies", "list")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines()[1:-1]}
    assert {"ncit", "obi", "so", "efo", "edam"} <= listed
    assert out.splitlines()[0].split() == ["ontology", "release", "terms", "size", "source"]


def test_fetch_refuses_what_is_not_an_ontology(cli: Any, releases: Any) -> None:
    code, _, err = cli("tracks", "ontologies", "fetch", "page")
    assert code == 2
    assert "did not return an OBO file" in err
    code, _, err = cli("tracks", "ontologies", "fetch", "missing")
    assert (code, "HTTP 404" in err) == (2, True)
    code, _, err = cli("tracks", "ontologies", "fetch", "../etc")
    assert (code, "not an OBO ontology id" in err) == (2, True)


def test_fetch_goes_through_the_guarded_fetcher(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRGAUGE_ALLOW_PRIVATE_NETWORK", "false")
    code, _, err = cli("tracks", "ontologies", "fetch", "ncit")
    assert code == 2
    assert "private or reserved address" in err


def test_first_run_says_what_it_builds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("FAIRGAUGE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("FAIRGAUGE_TRACKS_PACKAGED_ONTOLOGIES", "false")
    monkeypatch.delenv("FAIRGAUGE_CONFIG", raising=False)
    args = ["tracks", "validate", V102, "--ontology", str(ONTOLOGIES / "ncit.fixture.obo")]
    _, _, err = fairgauge(monkeypatch, capsys, *args)
    assert f"building the offline ontology index: compiling file:{ONTOLOGIES / 'ncit.fixture.obo'}" in err
    assert "ncit.fixture.obo (ncit releases/2020-07-17): done in" in err
    _, _, err = fairgauge(monkeypatch, capsys, *args)
    assert "building" not in err  # the second run opens the compiled index silently


AUGMENT_V102 = str(EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json")
VERSIONS = "/doc_info/doc_ontology_versions/"


def _versions(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k.rsplit("/", 1)[-1]: v for k, v in data["doc_info"]["doc_ontology_versions"].items()}


@pytest.mark.slow
def test_augmented_v1_0_2_example_fills_fetched_versions_and_revalidates(
    cli: Any, releases: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """fairtracks_augment's v1.0.2 minimal example: without NCIT/OBI/SO the version fields say which
    command fills them; with them fetched every field fills in the form release 1.0.2's patterns want
    and the result re-validates, except SO from a date-versioned release (1.0.x wants a numbered tag)."""
    out = tmp_path / "augmented.json"
    augment = ["tracks", "augment", AUGMENT_V102, "-o", str(out), "--lenient-json", "--schema-version", "1.0.2"]
    code, _, err = cli(*augment)
    assert code == 1, err  # the version fields are required: invalid (and the NCIT/OBI/SO labels undecided)
    for name in ("ncit", "obi", "so"):
        assert (
            f"not filled: {VERSIONS}http:~1~1purl.obolibrary.org~1obo~1{name}.owl: no release of {name!r} in the "
            f"local ontology index, so its version IRI is unknown: run `fairgauge tracks ontologies fetch {name}` "
            "once online, or use --ontology-source ols"
        ) in err

    code, _, err = cli("tracks", "ontologies", "fetch", "ncit", "efo", "obi", "so")
    assert code == 0, err
    code, _, err = cli(*augment)
    assert code == 1, err
    assert (
        f"not filled: {VERSIONS}http:~1~1purl.obolibrary.org~1obo~1so.owl: release "
        "http://purl.obolibrary.org/obo/so/2020-08-20/so.owl of 'so' cannot be written as "
    ) in err
    assert "numbered GitHub release tag (v3.1), which a date-versioned SO release does not have" in err
    assert "[schema.required] 'http://purl.obolibrary.org/obo/so.owl' is a required property" in err
    assert err.count("  error ") == 1  # the SO version is the only thing left

    code, _, _ = cli("tracks", "augment", AUGMENT_V102, "-o", str(out), "--lenient-json")
    assert code == 0  # the moving URL means the development schema, whose patterns take dated releases
    assert _versions(out)["so.owl"] == "http://purl.obolibrary.org/obo/so/2020-08-20/so.owl"
    assert _versions(out)["efo.owl"] == "http://www.ebi.ac.uk/efo/releases/v3.90.0/efo.owl"

    monkeypatch.setenv(
        "FAIRGAUGE_TRACKS_ONTOLOGY_URLS",
        f'["efo={releases.base}/efo/efo.obo", "so={releases.base}/so-numbered/so.obo"]',
    )
    code, _, err = cli("tracks", "ontologies", "fetch", "so")
    assert code == 0, err
    code, _, err = cli(*augment)
    assert code == 0, err
    assert "result valid" in err
    assert _versions(out) == {
        "EDAM.owl": "http://edamontology.org/EDAM_1.25.owl",
        "cl.owl": "http://purl.obolibrary.org/obo/cl/releases/2026-03-26/cl.owl",
        "efo.owl": "https://github.com/EBISPOT/efo/releases/download/v3.90.0/efo.owl",
        "ncit.owl": "http://purl.obolibrary.org/obo/ncit/releases/2020-07-17/ncit.owl",
        "obi.owl": "http://purl.obolibrary.org/obo/obi/2020-04-23/obi.owl",
        "so.owl": "https://raw.githubusercontent.com/The-Sequence-Ontology/SO-Ontologies/v3.1/releases/so-xp.owl/so.owl",
        "uberon.owl": "http://purl.obolibrary.org/obo/uberon/releases/2026-04-01/uberon.owl",
    }
    code, text, _ = cli("tracks", "validate", str(out), "--schema-version", "1.0.2")
    assert code == 0, text  # a fresh run re-validates it: signature (doc_version) and versions included
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["doc_info"]["doc_version"] == json_signature(data)

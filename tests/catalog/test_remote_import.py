"""``fairgauge catalog import URL|DOI``: the FAIRtracks JSON of a Zenodo-like record, found through the harvester.

The record is served on loopback the way Zenodo serves one (DOI resolver redirect, landing page with
signposting ``item`` links and schema.org JSON-LD, ``/api/records/N`` listing the files) and from a WARC
archive under the real host names; the FAIRtracks document is the published v1.0 example (tests' copy).
Every resolver and registry base URL points at loopback, so nothing leaves the machine.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairgauge.cli.main import run
from fairgauge.harvest.documents import Candidate, looks_like_json, zenodo_api_url, zenodo_record_files
from tests.catalog.conftest import EXAMPLES, V10
from tests.loopback import Reply, Served, serve
from tests.sites import site_archive
from tests.warcbuild import Entry, write_warc

RECORD = "4242"
DOI = f"10.5281/zenodo.{RECORD}"
REGISTRIES = ("DOI_RA_API", "DATACITE_API", "CROSSREF_API", "DATACITE_CONTENT_NEGOTIATION", "RE3DATA_API")
EXAMPLE = V10.read_bytes()
MINIMAL = EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"
OTHER_JSON = json.dumps({"title": "processing notes", "steps": ["align", "call peaks"]}).encode()


def landing_html(base: str, contents: list[str]) -> bytes:
    """A Zenodo record page: schema.org Dataset JSON-LD whose distribution names the files."""
    jsonld = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"https://doi.org/{DOI}",
        "name": "ENCODE example tracks (FAIRtracks)",
        "distribution": [
            {"@type": "DataDownload", "contentUrl": url, "encodingFormat": fmt}
            for url, fmt in (item.split(" ", 1) for item in contents)
        ],
    }
    return (
        "<!doctype html><html><head><title>ENCODE example tracks</title>"
        f'<script type="application/ld+json">{json.dumps(jsonld)}</script></head>'
        "<body><h1>ENCODE example tracks</h1></body></html>"
    ).encode()


def zenodo_site(base: str, files: dict[str, bytes], *, item: str | None, jsonld: list[str]) -> dict[str, Reply]:
    """Routes of a Zenodo-like record ``RECORD`` holding ``files`` (name -> bytes), under ``base``."""
    record = f"{base}/records/{RECORD}"
    links = [
        f'<https://doi.org/{DOI}>; rel="cite-as"',
        f'<{base}/api/records/{RECORD}>; rel="describedby"; type="application/json"',
    ]
    if item is not None:
        links.append(f'<{record}/files/{item}>; rel="item"; type="application/json"')
    api = {
        "id": int(RECORD),
        "doi": DOI,
        "files": [
            {"key": name, "size": len(body), "links": {"self": f"{base}/api/records/{RECORD}/files/{name}/content"}}
            for name, body in files.items()
        ],
    }
    routes = {
        f"/doi/{DOI}": Reply(302, headers=[("Location", record)]),
        f"/records/{RECORD}": Reply(
            200, landing_html(base, jsonld), headers=[("Link", ", ".join(links))], content_type="text/html"
        ),
        f"/api/records/{RECORD}": Reply(200, json.dumps(api).encode(), content_type="application/json"),
    }
    for name, body in files.items():
        kind = "application/json" if name.endswith(".json") else "text/plain"
        routes[f"/records/{RECORD}/files/{name}"] = Reply(200, body, content_type=kind)
        routes[f"/api/records/{RECORD}/files/{name}/content"] = Reply(200, body, content_type=kind)
    return routes


def _env(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("FAIRGAUGE_DOI_RESOLVER", f"{base}/doi/")
    for name in REGISTRIES:  # answered 404 by the loopback site: no metadata there, no live request
        monkeypatch.setenv(f"FAIRGAUGE_{name}", f"{base}/{name.lower()}")
    monkeypatch.setenv("FAIRGAUGE_RENDER_JAVASCRIPT", "never")


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, database_url: str) -> Any:
    monkeypatch.setenv("FAIRGAUGE_DATABASE_URL", database_url)

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.argv", ["fairgauge", *args])
        with pytest.raises(SystemExit) as exited:
            run()
        out, err = capsys.readouterr()
        return int(exited.value.code or 0), out, err

    return invoke


@pytest.fixture()
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """The record with the FAIRtracks example (a signposting item and in the files API), a README
    (JSON-LD contentUrl, text) and a JSON file that is not FAIRtracks."""
    routes: dict[str, Any] = {}
    with serve(routes) as served:
        files = {"fairtracks.example.json": EXAMPLE, "README.txt": b"ENCODE tracks\n", "notes.json": OTHER_JSON}
        readme = f"{served.base}/records/{RECORD}/files/README.txt text/plain"
        routes.update(zenodo_site(served.base, files, item="fairtracks.example.json", jsonld=[readme]))
        _env(monkeypatch, served.base)
        yield served


@pytest.mark.slow
def test_import_by_doi_follows_the_record_to_its_fairtracks_json(cli: Any, site: Served, tmp_path: Path) -> None:
    archive = tmp_path / "import.warc.gz"
    code, out, err = cli("catalog", "import", f"doi:{DOI}", "--allow-private-network", "--record", str(archive))
    assert code == 0, err
    item = site.url(f"/records/{RECORD}/files/fairtracks.example.json")
    assert f"imported doi:{DOI} version 1: 1 document(s), 4 track(s)" in out
    assert f"  from {item}" in out
    fetched = [path for method, path, _ in site.requests if method == "GET"]
    assert f"/api/records/{RECORD}" in fetched  # the files API was asked
    assert f"/api/records/{RECORD}/files/notes.json/content" in fetched  # looked at, not FAIRtracks
    assert not any(p.endswith("README.txt") for p in fetched)  # not JSON by its declared type: not fetched

    # the bare DOI and a doi: DOI are one source: a re-import replaces it
    code, out, _ = cli("catalog", "import", DOI, "--allow-private-network")
    assert code == 0 and f"imported doi:{DOI} version 2: 1 document(s), 4 track(s)" in out
    code, out, _ = cli("catalog", "sources", "--format", "json")
    listed = {s["source"]: s for s in json.loads(out)}
    assert listed[f"doi:{DOI}"]["kind"] == "doi" and listed[f"doi:{DOI}"]["version"] == 2
    code, out, _ = cli("catalog", "export", "--query", "tracks.file_format.term_label = bigWig", "--to", "json")
    tracks = json.loads(out)["tracks"]
    assert tracks and {t["source"] for t in tracks} == {f"doi:{DOI}"} and {t["document"] for t in tracks} == {item}

    # the recording replays with the server gone: the same tracks, offline
    site.requests.clear()
    code, out, err = cli("catalog", "import", f"doi:{DOI}", "--replay", str(archive))
    assert code == 0, err
    assert f"imported doi:{DOI} version 3: 1 document(s), 4 track(s)" in out and not site.requests


@pytest.mark.slow
def test_import_by_landing_url_is_its_own_source(cli: Any, site: Served) -> None:
    landing = site.url(f"/records/{RECORD}")
    code, out, err = cli("catalog", "import", landing, "--allow-private-network")
    assert code == 0, err
    assert f"imported {landing} version 1: 1 document(s), 4 track(s)" in out


@pytest.mark.slow
def test_import_by_file_url_takes_that_file(cli: Any, site: Served) -> None:
    url = site.url(f"/records/{RECORD}/files/fairtracks.example.json")
    code, out, err = cli("catalog", "import", url, "--allow-private-network")
    assert code == 0, err
    assert f"imported {url} version 1: 1 document(s), 4 track(s)" in out
    assert not any(path.startswith("/api/") for _, path, _ in site.requests)  # one file named: no record lookup


@pytest.mark.slow
def test_no_fairtracks_json_lists_what_was_looked_at(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    routes: dict[str, Any] = {}
    with serve(routes) as served:
        deep = b"[" * 100_000 + b"]" * 100_000
        files = {
            "README.txt": b"no tracks here\n",
            "notes.json": OTHER_JSON,
            "broken.json": b'{"a": ',
            "deep.json": deep,
        }
        routes.update(zenodo_site(served.base, files, item=None, jsonld=[]))
        _env(monkeypatch, served.base)
        code, out, err = cli("catalog", "import", DOI, "--allow-private-network")
    assert code == 2 and out == ""
    api = f"{served.base}/api/records/{RECORD}/files"
    assert f"{api}/notes.json/content (Zenodo files API): JSON, but not a FAIRtracks document" in err
    assert f"{api}/README.txt/content (Zenodo files API): not fetched: not JSON" in err
    assert f"{api}/broken.json/content (Zenodo files API): not JSON (application/json)" in err
    assert f"{api}/deep.json/content (Zenodo files API): not JSON (application/json): document nests deeper" in err
    assert f"error: {DOI}: no FAIRtracks JSON found (4 file(s) looked at, listed above)" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_invalid_remote_document_is_reported_and_imported_only_with_force(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    routes: dict[str, Any] = {}
    with serve(routes) as served:
        files = {"minimal.json": MINIMAL.read_bytes()}
        routes.update(zenodo_site(served.base, files, item=None, jsonld=[]))
        _env(monkeypatch, served.base)
        code, out, err = cli("catalog", "import", DOI, "--allow-private-network")
        url = served.url(f"/api/records/{RECORD}/files/minimal.json/content")
        assert code == 1 and out == ""
        assert f"{url}: invalid (not imported)" in err
        assert "'has_augmented_metadata' is a required property" in err
        assert f"doi:{DOI}: nothing importable; the catalog keeps its previous version" in err
        code, out, err = cli("catalog", "import", DOI, "--allow-private-network", "--force")
    assert code == 0 and f"{url}: invalid (imported, flagged invalid)" in err
    assert f"imported doi:{DOI} version 1: 1 document(s), 8 track(s) (1 flagged invalid)" in out


@pytest.mark.slow
def test_trailing_commas_need_lenient_json_as_for_files(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """fairtracks_augment's minimal example has trailing commas upstream: not JSON, unless --lenient-json."""
    routes: dict[str, Any] = {}
    with serve(routes) as served:
        files = {"minimal.json": (EXAMPLES / "augment-v1.0.2" / "fairtracks.minimal.example.json").read_bytes()}
        routes.update(zenodo_site(served.base, files, item=None, jsonld=[]))
        _env(monkeypatch, served.base)
        strict = cli("catalog", "import", DOI, "--allow-private-network")
        lenient = cli("catalog", "import", DOI, "--allow-private-network", "--lenient-json")
    assert (
        strict[0] == 2
        and "minimal.json/content (Zenodo files API): not JSON (application/json): invalid JSON" in strict[2]
    )
    assert lenient[0] == 1 and "minimal.json/content: invalid (not imported)" in lenient[2]
    assert "/doc_info: 'has_augmented_metadata' is a required property" in lenient[2]


@pytest.mark.slow
def test_too_big_files_are_named_not_read(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Served larger than the response cap: cut and reported; declared larger: not even requested."""
    routes: dict[str, Any] = {}
    with serve(routes) as served:
        routes.update(zenodo_site(served.base, {"fairtracks.example.json": EXAMPLE}, item=None, jsonld=[]))
        listing = json.loads(routes[f"/api/records/{RECORD}"].body)
        del listing["files"][0]["size"]  # undeclared: fetched, and cut at the cap
        listing["files"].append({"key": "huge.json", "size": 10**9, "links": {"self": served.url("/huge.json")}})
        routes[f"/api/records/{RECORD}"] = Reply(200, json.dumps(listing).encode(), content_type="application/json")
        _env(monkeypatch, served.base)
        monkeypatch.setenv("FAIRGAUGE_MAX_RESPONSE_BYTES", str(len(EXAMPLE) - 1))
        code, _, err = cli("catalog", "import", DOI, "--allow-private-network")
        file_url = served.url(f"/records/{RECORD}/files/fairtracks.example.json")
        direct = cli("catalog", "import", file_url, "--allow-private-network")
    assert code == 2
    assert direct[0] == 2 and f"{file_url} (landing page): too big: response body exceeds the" in direct[2]
    assert "fairtracks.example.json/content (Zenodo files API): too big: response body exceeds the" in err
    assert "/huge.json (Zenodo files API): too big: declared 1000000000 bytes" in err
    assert not any(path == "/huge.json" for _, path, _ in served.requests)


@pytest.mark.slow
def test_unreachable_doi_is_exit_3_and_other_sources_still_import(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on: connections are refused at once
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    _env(monkeypatch, closed)
    code, out, err = cli("catalog", "import", DOI, str(V10), "--allow-private-network")
    assert code == 3
    assert f"error: {DOI}: not imported, the object could not be reached" in err
    assert f"imported {V10.resolve()} version 1" in out


def zenodo_archive(path: Path) -> Path:
    """The record under Zenodo's real host names, as a capture would hold it."""
    base = "https://zenodo.org"
    entries = [
        Entry(f"https://doi.org/{DOI}", status=302, headers=(("Location", f"{base}/records/{RECORD}"),)),
    ]
    files = {"fairtracks.example.json": EXAMPLE, "notes.json": OTHER_JSON}
    for route, reply in zenodo_site(base, files, item=None, jsonld=[]).items():
        if route.startswith("/doi/"):
            continue
        entries.append(Entry(base + route, reply.body, reply.status, reply.content_type, tuple(reply.headers)))
    return write_warc(path, entries)


@pytest.mark.slow
def test_replay_of_a_zenodo_capture(cli: Any, tmp_path: Path) -> None:
    archive = zenodo_archive(tmp_path / "zenodo.warc.gz")
    code, out, err = cli("catalog", "import", f"https://doi.org/{DOI}", "--replay", str(archive))
    assert code == 0, err
    assert f"imported doi:{DOI} version 1: 1 document(s), 4 track(s)" in out
    assert f"  from https://zenodo.org/api/records/{RECORD}/files/fairtracks.example.json/content" in out


@pytest.mark.slow
def test_replay_of_a_describedby_document(cli: Any) -> None:
    """A landing page whose signposting ``describedby`` is the FAIRtracks JSON (the harvest recognises it)."""
    code, out, err = cli(
        "catalog", "import", "https://w3id.org/example/encode-tracks", "--replay", str(site_archive("tracks"))
    )
    assert code == 0, err
    assert "imported https://w3id.org/example/encode-tracks version 1: 1 document(s)" in out
    assert "  from https://tracks.example.org/collections/encode-example/fairtracks.json" in out


@pytest.mark.slow
def test_a_missing_record_says_what_it_answered(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with serve({}) as served:  # every path answers 404
        _env(monkeypatch, served.base)
        url = served.url("/records/1")
        code, out, err = cli("catalog", "import", url, "--allow-private-network")
    assert code == 2 and out == ""
    assert f"the record at {url} (it answered HTTP 404) points to no content files" in err


def test_replay_applies_to_urls_only(cli: Any, tmp_path: Path) -> None:
    code, _, err = cli("catalog", "import", str(V10), "--replay", str(tmp_path / "x.warc.gz"))
    assert code == 2 and "--replay and --record apply to URLs and DOIs only" in err


def test_zenodo_api_url_of_record_pages_only() -> None:
    assert zenodo_api_url("https://zenodo.org/records/4242") == "https://zenodo.org/api/records/4242"
    assert zenodo_api_url("https://zenodo.org/record/4242/") == "https://zenodo.org/api/records/4242"
    assert zenodo_api_url("https://sandbox.zenodo.org/api/records/7") == "https://sandbox.zenodo.org/api/records/7"
    assert zenodo_api_url("https://zenodo.org/records/4242/files/a.json") is None
    assert zenodo_api_url("https://example.org/collections/4242") is None
    assert zenodo_api_url(None) is None


def test_zenodo_record_files_in_both_shapes() -> None:
    api = "https://zenodo.org/api/records/1"
    legacy = {"files": [{"key": "a.json", "size": 10, "links": {"self": f"{api}/files/a.json/content"}}]}
    rdm = {"files": {"enabled": True, "entries": {"b.json": {"key": "b.json", "size": 5, "links": {}}}}}
    assert list(zenodo_record_files(legacy, api)) == [
        Candidate(f"{api}/files/a.json/content", "Zenodo files API", "a.json", None, 10)
    ]
    assert [c.url for c in zenodo_record_files(rdm, api)] == [f"{api}/files/b.json/content"]
    assert list(zenodo_record_files({"files": "x"}, api)) == [] and list(zenodo_record_files([], api)) == []


def test_json_candidates_by_type_then_name() -> None:
    assert looks_like_json(Candidate("https://x.org/a", "signposting item", media_type="application/json"))
    assert looks_like_json(Candidate("https://x.org/a", "signposting item", media_type="application/ld+json"))
    assert not looks_like_json(Candidate("https://x.org/a.json", "signposting item", media_type="text/plain"))
    assert looks_like_json(Candidate("https://x.org/files/a.json/content", "Zenodo files API", name="a.json"))
    assert not looks_like_json(Candidate("https://x.org/tracks.bigWig", "content URL in metadata"))

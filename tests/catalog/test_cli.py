"""``fairgauge catalog``: the commands as the issue names them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fairgauge.cli.main import run
from fairgauge.store import open_store
from fairgauge.store.catalog import Catalog
from fairgauge.tracks.service import TracksService
from tests.catalog.conftest import EXAMPLES, FIXTURES, H1_QUERY, V10, batch_of

pytestmark = pytest.mark.slow


def _invoker(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database_url: str) -> Any:
    monkeypatch.setenv("FAIRGAUGE_DATABASE_URL", database_url)

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.argv", ["fairgauge", *args])
        with pytest.raises(SystemExit) as exited:
            run()
        out, err = capsys.readouterr()
        return int(exited.value.code or 0), out, err

    return invoke


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, database_url: str) -> Any:
    return _invoker(monkeypatch, capsys, database_url)


@pytest.fixture(scope="module")
def v10_database_url(module_database_url: str, packaged_service: TracksService) -> Iterator[str]:
    """A store with the v1.0 example imported once per module and backend, for commands that only read it;
    the teardown fails the module if one of them changed it."""
    store = open_store(module_database_url)
    try:
        catalog = Catalog(store)
        catalog.replace_source(batch_of(packaged_service, V10))
        imported = (catalog.stats(), [(s.source, s.version, s.tracks) for s in catalog.sources()])
        yield module_database_url
        assert (catalog.stats(), [(s.source, s.version, s.tracks) for s in catalog.sources()]) == imported
    finally:
        store.close()


@pytest.fixture()
def cli_on_v10(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cli_env: Path, v10_database_url: str
) -> Any:
    return _invoker(monkeypatch, capsys, v10_database_url)


def test_import_sources_browse_search_export(cli: Any, tmp_path: Path) -> None:
    code, out, err = cli("catalog", "import", str(V10), str(EXAMPLES / "v2.0-draft"))
    assert code == 1  # the v2 minimal example is invalid and left out
    assert f"imported {V10.resolve()} version 1: 1 document(s), 4 track(s)" in out
    assert "fairtracks.minimal.example.json: invalid (not imported)" in err
    assert "'has_augmented_metadata' is a required property" in err
    code, out, _ = cli("catalog", "import", str(V10))
    assert code == 0 and "version 2" in out

    code, out, _ = cli("catalog", "sources", "--format", "json")
    listed = {Path(s["source"]).name: s for s in json.loads(out)}
    assert listed["fairtracks.example.json"]["version"] == 2
    assert listed["v2.0-draft"]["invalid_documents"] == 1 and listed["v2.0-draft"]["tracks"] == 10
    assert cli("catalog", "sources")[1].count("imported 20") == 2

    code, out, _ = cli("catalog", "browse")
    assert code == 0 and "tracks" in out and "collection_info" in out
    code, out, _ = cli("catalog", "browse", "samples.sample_type.cell_line")
    assert "H1-hESC  [http://www.ebi.ac.uk/efo/EFO_0003042]" in out

    code, out, _ = cli("catalog", "search", H1_QUERY, "--facet", "tracks.file_format.term_label=bigWig")
    assert code == 0 and out.startswith("2 track(s)") and "ENCFF717PIO" in out
    code, out, _ = cli("catalog", "search", "peaks", "--format", "json")
    assert json.loads(out)["total"] >= 4

    target = tmp_path / "h1.gsuite"
    code, _, err = cli("catalog", "export", "--query", H1_QUERY, "--to", "gsuite", "-o", str(target))
    assert code == 0 and "4 track(s) written" in err
    golden = (FIXTURES / "trackfind" / "search.sample.gsuite").read_text().splitlines()
    assert target.read_text().splitlines()[:4] == golden[:4]
    code, out, _ = cli("catalog", "export", "--query", H1_QUERY, "--to", "csv")
    assert out.count("\n") == 5


def test_force_imports_flagged(cli: Any) -> None:
    minimal = EXAMPLES / "v2.0-draft" / "fairtracks.minimal.example.json"
    code, out, err = cli("catalog", "import", "--force", str(minimal))
    assert code == 0 and "invalid (imported, flagged invalid)" in err and "1 flagged invalid" in out
    code, out, _ = cli("catalog", "search", "tracks.assembly_name = hg38")
    assert "[invalid]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("catalog", "search", "samples.species_name = "), "query error at character 24: expected a value"),
        (("catalog", "search", "users.name = x"), "unknown category 'users'"),
        (("catalog", "export", "--query", "tracks.a = 1; DROP TABLE x", "--to", "json"), "unexpected ';'"),
        (("catalog", "import", "/no/such/file.json"), "no such file or directory"),
        (("catalog", "search", "x", "--facet", "novalue"), "--facet takes PATH=VALUE"),
        (("catalog", "browse", "samples.nothing"), "no attribute path 'samples.nothing'"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli_on_v10: Any, args: tuple[str, ...], message: str) -> None:
    code, _, err = cli_on_v10(*args)
    assert code == 2 and message in err and "Traceback" not in err

"""DOIs of every registration agency: the DOI system's RA answer picks the registry API (DataCite REST,
Crossref REST ``works/{doi}``, CSL JSON by DOI content negotiation for the others), all over loopback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from fairgauge.assessment import Assessor
from fairgauge.extract import parse_crossref_api, parse_document
from fairgauge.harvest.harvester import open_fetcher
from fairgauge.harvest.strategies.registry import read_ra_answer
from fairgauge.model.harvest import HarvestResult
from fairgauge.model.report import Report
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import Reply, Served, serve

CROSSREF = FIXTURES / "corpus" / "crossref"
PLOS_DOI = "10.1371/journal.pone.0033693"
PLOS_WORK = (CROSSREF / "api.crossref.org_works_10.1371_journal.pone.0033693.json").read_bytes()
DATASET_WORK = (CROSSREF / "handmade_work_dataset_orcid_funder.json").read_bytes()
CSL_ITEM = (
    CROSSREF
    / "api.crossref.org_works_10.1126_science.169.3946.635_transform_application_vnd.citationstyles.csl_json.txt"
).read_bytes()
LANDING = b"<html><head><title>Article</title></head><body>An article page without metadata.</body></html>"


def _ra(prefix: str, agency: str) -> Reply:
    return Reply(body=json.dumps([{"DOI": prefix, "RA": agency}]).encode(), content_type="application/json")


def _negotiated(body: bytes, media_type: str) -> object:
    """The DOI resolver: CSL JSON for a CSL Accept header, else a redirect to the landing page."""

    def handler(request: object) -> None:
        accept = request.headers.get("Accept") or ""  # type: ignore[attr-defined]
        if "citationstyles" in accept:
            request.send_response(200)  # type: ignore[attr-defined]
            request.send_header("Content-Type", media_type)  # type: ignore[attr-defined]
            request.send_header("Content-Length", str(len(body)))  # type: ignore[attr-defined]
            request.end_headers()  # type: ignore[attr-defined]
            request.wfile.write(body)  # type: ignore[attr-defined]
            return
        request.send_response(302)  # type: ignore[attr-defined]
        request.send_header("Location", "/landing")  # type: ignore[attr-defined]
        request.send_header("Content-Length", "0")  # type: ignore[attr-defined]
        request.end_headers()  # type: ignore[attr-defined]

    return handler


@pytest.fixture
def registries() -> Iterator[Served]:
    routes = {
        "/ra/10.1371": _ra("10.1371", "Crossref"),
        "/ra/10.5555": _ra("10.5555", "Crossref"),
        "/ra/10.1126": _ra("10.1126", "mEDRA"),
        "/ra/10.9999": Reply(body=b'[{"DOI": "10.9999", "status": "DOI does not exist"}]'),
        f"/crossref/works/{PLOS_DOI}": Reply(body=PLOS_WORK, content_type="application/json"),
        "/crossref/works/10.5555/12345678": Reply(body=DATASET_WORK, content_type="application/json"),
        f"/doi/{PLOS_DOI}": Reply(302, headers=[("Location", "/landing")]),
        "/doi/10.5555/12345678": Reply(302, headers=[("Location", "/landing")]),
        "/doi/10.1126/science.169.3946.635": _negotiated(CSL_ITEM, "application/vnd.citationstyles.csl+json"),  # type: ignore[dict-item]
        "/landing": Reply(body=LANDING),
    }
    with serve(routes) as server:  # type: ignore[arg-type]
        yield server


def _settings(server: Served) -> Settings:
    return Settings(
        allow_private_network=True,
        doi_resolver=server.url("/doi/"),
        doi_ra_api=server.url("/ra/"),
        crossref_api=server.url("/crossref"),
        datacite_api=server.url("/datacite"),
        datacite_content_negotiation=server.url("/crosscite"),
        re3data_api=server.url("/re3data"),
        content_sample_files=0,
    )


def _assess(assessor: Assessor, doi: str) -> Report:
    async def run() -> Report:
        async with open_fetcher(assessor.settings) as fetcher:
            return await assessor.assess_with(doi, fetcher)

    return asyncio.run(run())


def _outcome(harvest: HarvestResult, name: str) -> tuple[str, str | None]:
    found = [o for o in harvest.outcomes if o.name == name]
    assert len(found) == 1, [o.name for o in harvest.outcomes]
    return found[0].status, found[0].message


def test_a_crossref_doi_yields_a_crossref_registry_record_that_is_scored(registries: Served) -> None:
    report = _assess(Assessor(_settings(registries)), PLOS_DOI)
    harvest = report.harvest
    assert _outcome(harvest, "doi_ra") == ("ok", "crossref holds prefix 10.1371")
    assert _outcome(harvest, "datacite_api") == ("skipped", "the DOI is registered with crossref")
    assert _outcome(harvest, "crossref_api")[0] == "ok"
    purposes = [e.purpose for e in harvest.exchanges]
    assert purposes.index("doi_ra") < purposes.index("crossref_api")
    assert not any("/datacite" in e.request_url or "/crosscite" in e.request_url for e in harvest.exchanges)
    record = next(r for r in harvest.records if r.method == "crossref_api")
    assert record.standard == "crossref" and record.fields.titles[0].startswith("Methylphenidate Exposure")
    assert [a.family_name for a in record.fields.creators][:2] == ["Sadasivan", "Pond"]
    assert record.fields.publishers[0].name == "Public Library of Science (PLoS)"
    assert (record.fields.dates[0].type, record.fields.dates[0].value) == ("issued", "2012-03-21")
    assert record.fields.licenses[0].url == "http://creativecommons.org/licenses/by/4.0/"
    preserved = report.result("FsF-A2-01M")
    assert preserved is not None and preserved.test_status == "pass"
    assert preserved.output == {"metadata_preservation_method": ["crossref"]}
    license = report.result("FsF-R1.1-01M")  # the landing page names no licence: Crossref's record does
    assert license is not None and license.test_status == "pass"
    assert report.summary.score_earned["FAIR"] > 0


def test_crossref_work_maps_orcid_funders_relations_and_links() -> None:
    record = parse_crossref_api(DATASET_WORK, "https://api.crossref.org/works/10.5555/12345678").records[0]
    fields = record.fields
    carberry, consortium = fields.creators
    assert carberry.identifiers[0].model_dump() == {"value": "http://orcid.org/0000-0002-1825-0097", "scheme": "orcid"}
    assert carberry.affiliations == ["Brown University"] and carberry.kind == "person"
    assert consortium.name == "Ocean Observation Consortium" and consortium.kind == "organization"
    assert fields.funding == ["National Science Foundation OCE-1234567"]
    assert [(r.relation_type, r.identifier) for r in fields.related] == [
        ("IsSupplementTo", "10.5555/87654321"),
        ("IsDerivedFrom", "https://example.org/raw/ctd-2019"),
    ]
    assert any(p.element == "IsDerivedFrom" for p in fields.provenance)
    assert fields.content_files[0].model_dump(exclude_none=True) == {
        "url": "https://data.example.org/ctd-2019.csv",
        "media_type": "text/csv",
    }
    assert fields.landing_pages == ["https://data.example.org/datasets/ctd-2019"]
    assert fields.resource_types[0].general == "Dataset" and fields.publication_year == 2019
    assert fields.descriptions == ["CTD casts from the 2019 cruise."]


def test_other_agencies_are_read_by_csl_content_negotiation(registries: Served) -> None:
    report = _assess(Assessor(_settings(registries)), "10.1126/science.169.3946.635")
    harvest = report.harvest
    assert _outcome(harvest, "doi_ra") == ("ok", "medra holds prefix 10.1126")
    assert _outcome(harvest, "registry_conneg")[0] == "ok"
    exchange = next(e for e in harvest.exchanges if e.purpose == "registry_conneg")
    assert exchange.accept == "application/vnd.citationstyles.csl+json" and exchange.status == 200
    record = next(r for r in harvest.records if r.method == "registry_conneg")
    assert record.standard == "csl" and record.fields.titles == ["The Structure of Ordinary Water"]
    preserved = report.result("FsF-A2-01M")
    assert preserved is not None and preserved.output == {"metadata_preservation_method": ["doi registry"]}


def test_agency_answers_are_kept_per_prefix(registries: Served) -> None:
    assessor = Assessor(_settings(registries))
    _assess(assessor, PLOS_DOI)
    second = _assess(assessor, "10.5555/12345678").harvest
    assert [path for _, path, _ in registries.requests if path.startswith("/ra/")] == ["/ra/10.1371", "/ra/10.5555"]
    third = _assess(assessor, PLOS_DOI).harvest
    assert [path for _, path, _ in registries.requests if path.startswith("/ra/")] == ["/ra/10.1371", "/ra/10.5555"]
    assert _outcome(third, "doi_ra") == ("ok", "crossref (answer kept for prefix 10.1371)")
    assert any(r.method == "crossref_api" for r in second.records)


def test_unknown_agency_falls_back_to_datacite_then_crossref(registries: Served) -> None:
    settings = _settings(registries).model_copy(update={"doi_ra_api": registries.url("/down/")})
    harvest = _assess(Assessor(settings), PLOS_DOI).harvest
    assert _outcome(harvest, "doi_ra")[0] == "network_error"
    assert _outcome(harvest, "datacite_api") == ("empty", "DOI not registered with DataCite (404)")
    assert _outcome(harvest, "crossref_api")[0] == "ok"


def test_ra_answers() -> None:
    assert read_ra_answer((CROSSREF / "handmade_doi_ra_10.5555.json").read_bytes()) == ("crossref", "")
    assert read_ra_answer(b'[{"DOI": "10.5281", "RA": "DataCite"}]') == ("datacite", "")
    assert read_ra_answer(b'[{"DOI": "10.9999/x", "status": "DOI does not exist"}]') == (
        None,
        "the DOI system answered: DOI does not exist",
    )
    assert read_ra_answer(b"<html>")[0] is None and read_ra_answer(b"[]")[0] is None


def test_csl_json_is_recognised_by_shape() -> None:
    parsed = parse_document(CSL_ITEM, media_type="application/json", url="https://x.org/csl", method="registry_conneg")
    assert parsed.kind == "csl-json"
    assert parsed.records[0].fields.creators[0].name == "Henry S. Frank"


DATACITE_JSON = (FIXTURES / "corpus" / "datacite-json" / "bolognese_datacite.json").read_bytes()


def _datacite_resolver(honours_accept: bool) -> object:
    """A DOI resolver that answers DataCite JSON to that Accept header (as doi.org does for DataCite
    DOIs) or, when ``honours_accept`` is false, always redirects to the landing page."""

    def handler(request: object) -> None:
        accept = request.headers.get("Accept") or ""  # type: ignore[attr-defined]
        if honours_accept and "application/vnd.datacite.datacite+json" in accept:
            body, status, extra = DATACITE_JSON, 200, [("Content-Type", "application/vnd.datacite.datacite+json")]
        else:
            body, status, extra = b"", 302, [("Location", "/landing")]
        request.send_response(status)  # type: ignore[attr-defined]
        for key, value in [*extra, ("Content-Length", str(len(body)))]:
            request.send_header(key, value)  # type: ignore[attr-defined]
        request.end_headers()  # type: ignore[attr-defined]
        request.wfile.write(body)  # type: ignore[attr-defined]

    return handler


@pytest.mark.parametrize("honours_accept", [True, False])
def test_datacite_negotiation_asks_the_resolver_first_and_crosscite_as_fallback(honours_accept: bool) -> None:
    doi = "10.5438/4k3m-nyvg"
    crosscite = f"/crosscite/application/vnd.datacite.datacite+json/{doi}"
    routes = {
        "/ra/10.5438": _ra("10.5438", "DataCite"),
        f"/doi/{doi}": _datacite_resolver(honours_accept),
        crosscite: Reply(body=DATACITE_JSON, content_type="application/vnd.datacite.datacite+json"),
        "/landing": Reply(body=LANDING),
    }
    with serve(routes) as server:  # type: ignore[arg-type]
        harvest = _assess(Assessor(_settings(server)), doi).harvest
    asked = [e for e in harvest.exchanges if e.purpose.startswith("content_negotiation:datacite_json")]
    assert asked[0].request_url == server.url(f"/doi/{doi}")
    assert asked[0].accept == "application/vnd.datacite.datacite+json"
    if honours_accept:
        assert len(asked) == 1 and asked[0].status == 200
    else:
        assert [e.request_url for e in asked] == [server.url(f"/doi/{doi}"), server.url(crosscite)]
    record = next(r for r in harvest.records if r.method == "content_negotiation" and r.standard == "datacite")
    assert record.url == (asked[-1].final_url or asked[-1].request_url)


def test_cli_harvest_of_a_crossref_doi_lists_the_crossref_record(registries: Served) -> None:
    from tests.cli.run import fairgauge

    env = {
        "FAIRGAUGE_DOI_RESOLVER": registries.url("/doi/"),
        "FAIRGAUGE_DOI_RA_API": registries.url("/ra/"),
        "FAIRGAUGE_CROSSREF_API": registries.url("/crossref"),
        "FAIRGAUGE_DATACITE_API": registries.url("/datacite"),
        "FAIRGAUGE_DATACITE_CONTENT_NEGOTIATION": registries.url("/crosscite"),
        "FAIRGAUGE_CONTENT_SAMPLE_FILES": "0",
    }
    done = fairgauge("harvest", f"doi:{PLOS_DOI}", "--allow-private-network", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    crossref = [r for r in data["records"] if r["method"] == "crossref_api"]
    assert len(crossref) == 1 and crossref[0]["standard"] == "crossref"
    assert data["metadata"]["publishers"][0]["value"]["name"] == "Public Library of Science (PLoS)"


def test_a_doi_whose_prefix_no_agency_holds_asks_no_registry(registries: Served) -> None:
    harvest = _assess(Assessor(_settings(registries)), "10.9999/nothing").harvest
    assert _outcome(harvest, "doi_ra") == ("empty", "the DOI system answered: DOI does not exist")
    assert _outcome(harvest, "datacite_api")[0] == "empty"
    assert not any(e.purpose in ("datacite_api", "crossref_api") for e in harvest.exchanges)

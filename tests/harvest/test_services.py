"""Metadata services and repository context: OAI-PMH, re3data (replayed) and CSW, SPARQL (live loopback)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fairgauge.harvest.harvester import HarvestOptions, harvest
from fairgauge.harvest.strategies.services import ServiceOption
from fairgauge.settings import Settings
from tests.conftest import FIXTURES
from tests.loopback import Reply, serve
from tests.warcbuild import Entry, write_warc

CORPUS = FIXTURES / "corpus"
FORMATS = FIXTURES / "formats"
ZENODO = FIXTURES / "warc" / "zenodo-1196821_2026-07.warc.gz"
OAI = "https://zenodo.org/oai2d"


def _repository_archive(tmp_path: Path) -> Path:
    """Zenodo's real re3data record and OAI-PMH answers, as the services served them."""
    get_record = urlencode({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:zenodo.org:1196821"})
    return write_warc(
        tmp_path / "zenodo-services.warc.gz",
        [
            Entry(
                "https://doi.org/10.17616/R3QP53",
                status=302,
                method="HEAD",
                headers=[("Location", "https://www.re3data.org/repository/r3d100010468")],
            ),
            Entry(
                "https://www.re3data.org/api/v1/repository/r3d100010468",
                content_type="text/xml",
                body=(CORPUS / "re3data" / "re3data-r3d100010468_zenodo.xml").read_bytes(),
            ),
            Entry(
                f"{OAI}?verb=ListMetadataFormats",
                content_type="text/xml",
                body=(CORPUS / "oai-pmh" / "zenodo_ListMetadataFormats_2023-09.xml").read_bytes(),
            ),
            Entry(
                f"{OAI}?{get_record}",
                content_type="text/xml",
                body=(FORMATS / "oai" / "getrecord-oai_dc.xml").read_bytes(),
            ),
        ],
    )


def test_oai_pmh_endpoint_and_re3data_from_several_archives(tmp_path: Path) -> None:
    options = HarvestOptions(service=ServiceOption(OAI, "oai_pmh"))
    result = harvest(
        "10.5281/zenodo.1196821", Settings(), replay=[ZENODO, _repository_archive(tmp_path)], options=options
    )
    repository = result.repository
    assert repository is not None
    assert repository.datacite_client_id == "cern.zenodo" and repository.re3data_id == "r3d100010468"
    assert repository.name == "Zenodo"
    assert any(api.type.lower() == "oai-pmh" and api.url == OAI for api in repository.api_endpoints)
    probe = next(p for p in result.services if p.type == "oai_pmh")
    assert probe.source == "option" and probe.reachable and probe.record_found
    prefixes = {s.prefix for s in probe.metadata_standards}
    assert {"oai_dc", "datacite"} <= prefixes
    assert len(result.services) == 1  # re3data names the same endpoint: probed once
    record = next(r for r in result.records if r.method == "oai_pmh")
    assert record.standard == "oai_dc" and record.fields.titles
    assert result.outcome("re3data").status == "ok"  # type: ignore[union-attr]


SITE_JSONLD = b"""<html><head><script type="application/ld+json">
{"@context": "https://schema.org/", "@type": "Dataset", "name": "Sea surface temperature",
 "identifier": "https://example.org/ds/1"}</script></head><body><p>Sea surface temperature data</p></body></html>"""


def test_csw_and_sparql_endpoints_over_loopback() -> None:
    routes = {
        "/pid": Reply(302, headers=[("Location", "/landing")]),
        "/landing": Reply(200, SITE_JSONLD),
        "/csw": lambda handler: _csw(handler),
        "/sparql": Reply(200, (FORMATS / "sparql" / "construct.ttl").read_bytes(), content_type="text/turtle"),
    }
    with serve(routes) as site:
        # The CSW record links PANGAEA's data files: sampling them would leave the machine, so it is off. It
        # names PANGAEA's DOI too, which a URL assessment resolves: the DOI resolver is this site (404).
        settings = Settings(
            allow_private_network=True,
            use_datacite=False,
            content_negotiation=False,
            content_sample_files=0,
            doi_resolver=site.url("/doi/"),
        )
        csw = harvest(
            site.url("/pid"), settings, options=HarvestOptions(service=ServiceOption(site.url("/csw"), "ogc_csw"))
        )
        sparql = harvest(
            site.url("/pid"), settings, options=HarvestOptions(service=ServiceOption(site.url("/sparql"), "sparql"))
        )
        queried = [path for _, path, _ in site.requests if path.startswith("/sparql")]
    probe = csw.services[0]
    assert probe.reachable and probe.record_found
    assert any("isotc211.org/2005/gmd" in (s.namespace or s.url or s.name) for s in probe.metadata_standards)
    assert any(r.method == "ogc_csw" and r.standard == "iso19139" for r in csw.records)
    assert sparql.services[0].record_found
    assert any(r.method == "sparql" for r in sparql.records)
    assert "DESCRIBE" in queried[0]


def _csw(handler: object) -> None:
    path = handler.path  # type: ignore[attr-defined]
    name = "capabilities.xml" if "GetCapabilities" in path else "getrecordbyid-iso.xml"
    body = (FORMATS / "csw" / name).read_bytes()
    handler.send_response(200)  # type: ignore[attr-defined]
    handler.send_header("Content-Type", "application/xml")  # type: ignore[attr-defined]
    handler.send_header("Content-Length", str(len(body)))  # type: ignore[attr-defined]
    handler.end_headers()  # type: ignore[attr-defined]
    handler.wfile.write(body)  # type: ignore[attr-defined]


def test_unreachable_service_is_an_error_not_a_crash() -> None:
    settings = Settings(allow_private_network=True, use_datacite=False, content_negotiation=False)
    with serve({"/pid": Reply(200, SITE_JSONLD)}) as site:
        dead = site.url("/oai")
        result = harvest(site.url("/pid"), settings, options=HarvestOptions(service=ServiceOption(dead, "oai_pmh")))
    probe = result.services[0]
    assert not probe.record_found and probe.error == "HTTP 404"
    assert result.outcome("metadata_service:oai_pmh").status == "error"  # type: ignore[union-attr]

"""Data file sampling over loopback: HEAD then a ranged GET, type by content and by extension, sizes."""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from http.server import BaseHTTPRequestHandler

from fairgauge.assessment import Assessor
from fairgauge.harvest.harvester import harvest
from fairgauge.model.harvest import ContentSample, HarvestResult
from fairgauge.settings import Settings
from tests.loopback import Reply, serve


def _png() -> bytes:
    """A real 1x1 greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


PNG = _png()
BED = b"chr1\t11873\t14409\tDDX11L1\t0\t+\nchr1\t14361\t29370\tWASH7P\t0\t-\n" * 200
CSV = b"station,water_temperature,salinity\nA,11.2,34.1\nB,11.4,34.0\n"


def ranged(body: bytes, content_type: str) -> object:
    """A handler that honours single-range requests (206 + Content-Range), as file servers do."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        header = request.headers.get("Range")
        part, status = body, 200
        extra: list[tuple[str, str]] = []
        if header and header.startswith("bytes="):
            start, _, end = header[6:].partition("-")
            last = min(int(end) if end else len(body) - 1, len(body) - 1)
            part, status = body[int(start) : last + 1], 206
            extra.append(("Content-Range", f"bytes {start}-{last}/{len(body)}"))
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(part)))
        for key, value in extra:
            request.send_header(key, value)
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(part)

    return handle


def landing(files: list[dict[str, object]], variables: list[str]) -> bytes:
    document = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "Sampled data",
        "variableMeasured": variables,
        "distribution": files,
    }
    return f'<html><head><script type="application/ld+json">{json.dumps(document)}</script></head></html>'.encode()


def run(
    files: list[dict[str, object]], routes: dict[str, object], variables: list[str] | None = None, **settings: object
) -> tuple[HarvestResult, dict[str, ContentSample]]:
    config = Settings(allow_private_network=True, use_datacite=False, content_negotiation=False, **settings)
    with serve(routes) as server:  # routes are read per request: the landing page is added once the port is known
        for item in files:
            item["contentUrl"] = server.url(str(item["contentUrl"]))
        routes["/"] = Reply(200, landing(files, variables or []))
        result = harvest(server.url("/"), config, options=Assessor(config).harvest_options())
    return result, {s.url.rsplit("/", 1)[-1]: s for s in result.content_samples}


def test_samples_are_typed_by_content_and_by_extension() -> None:
    routes: dict[str, object] = {
        "/plot.png": ranged(PNG, "application/octet-stream"),
        "/genes.bed": ranged(BED, "text/plain"),
        "/genes.bed.gz": ranged(gzip.compress(BED), "application/octet-stream"),
        "/table.csv": ranged(CSV, "text/csv"),
    }
    files = [
        {"contentUrl": "/plot.png", "encodingFormat": "image/png"},
        {"contentUrl": "/genes.bed", "encodingFormat": "text/x-bed", "contentSize": str(len(BED))},
        {"contentUrl": "/genes.bed.gz"},
        {"contentUrl": "/table.csv", "encodingFormat": "text/csv", "contentSize": "999"},
    ]
    result, samples = run(files, routes, variables=["water_temperature", "salinity"])
    assert samples["plot.png"].detected_type == "image/png" and samples["plot.png"].detected_by == "magic"
    bed = samples["genes.bed"]
    assert bed.detected_by == "extension" and "bed" in (bed.detected_type or "")
    assert bed.actual_size == len(BED) and bed.declared_size == len(BED)
    assert samples["genes.bed.gz"].detected_by == "extension"
    assert samples["table.csv"].header_columns == ["station", "water_temperature", "salinity"]
    assert result.outcome("content_sampling").status == "ok"  # type: ignore[union-attr]


def test_sample_is_bounded_and_the_full_size_comes_from_content_range() -> None:
    big = b"x" * 50_000
    routes: dict[str, object] = {"/big.txt": ranged(big, "text/plain")}
    _, samples = run([{"contentUrl": "/big.txt"}], routes, content_sample_bytes=1000)
    sample = samples["big.txt"]
    assert sample.sampled_bytes == 1000 and sample.actual_size == 50_000


def test_server_without_range_support_is_cut_at_the_sample_size() -> None:
    big = b"y" * 50_000
    routes: dict[str, object] = {"/plain.txt": Reply(200, big, content_type="text/plain")}
    _, samples = run([{"contentUrl": "/plain.txt"}], routes, content_sample_bytes=2000)
    sample = samples["plain.txt"]
    assert sample.sampled_bytes == 2000 and sample.actual_size == 50_000  # from HEAD's Content-Length


def test_only_the_configured_number_of_files_is_sampled() -> None:
    routes: dict[str, object] = {f"/f{i}.csv": ranged(CSV, "text/csv") for i in range(8)}
    files = [{"contentUrl": f"/f{i}.csv"} for i in range(8)]
    result, samples = run(files, routes, content_sample_files=3)
    assert len(samples) == 3
    assert len(result.metadata.content_files) == 8


def test_missing_file_is_reported_with_its_status() -> None:
    _, samples = run([{"contentUrl": "/gone.csv"}], {})
    assert samples["gone.csv"].status == 404 and samples["gone.csv"].error == "HTTP 404"


def test_content_checks_compare_declared_and_observed() -> None:
    routes: dict[str, object] = {"/table.csv": ranged(CSV, "text/csv")}
    files = [{"contentUrl": "/table.csv", "encodingFormat": "text/csv", "contentSize": "999"}]
    config = Settings(allow_private_network=True, use_datacite=False, content_negotiation=False)
    assessor = Assessor(config)
    result, _ = run(files, routes, variables=["water_temperature"])
    report = assessor.evaluate(result, assessor.profile("fsf-0.5"))
    r1 = report.result("FsF-R1-01MD")
    assert r1 is not None
    assert r1.metric_tests["FsF-R1-01MD-3"].metric_test_status == "fail"  # 999 declared, 62 served
    assert "declared 999 bytes" in r1.metric_tests["FsF-R1-01MD-3"].findings[0].message
    assert r1.metric_tests["FsF-R1-01MD-4"].metric_test_status == "pass"  # the variable is a column

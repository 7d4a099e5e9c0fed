"""A loopback repository of many data objects for service tests: each object has its own landing page
(schema.org Dataset in JSON-LD, Dublin Core meta tags, a typed link to its data file) and a CSV file,
so a result mixed up between requests shows as a wrong title or URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from tests.loopback import Reply, Served, serve

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="DC.title" content="{title}">
<meta name="DC.creator" content="Doe, Jane">
<meta name="DC.rights" content="https://creativecommons.org/licenses/by/4.0/">
<link rel="describedby" type="application/ld+json" href="{base}/objects/{n}.jsonld">
<link rel="item" type="text/csv" href="{base}/files/{n}.csv">
<script type="application/ld+json">{jsonld}</script>
</head><body><h1>{title}</h1><p>Lake temperature, station {n}.</p></body></html>
"""


def title(n: int) -> str:
    return f"Lake temperature series {n:03d}"


def _jsonld(base: str, n: int) -> str:
    return json.dumps(
        {
            "@context": "https://schema.org/",
            "@type": "Dataset",
            "@id": f"{base}/objects/{n}",
            "identifier": f"{base}/objects/{n}",
            "url": f"{base}/objects/{n}",
            "name": title(n),
            "description": f"Hourly water temperature of lake station {n}, 2020-2024.",
            "creator": {"@type": "Person", "name": "Jane Doe"},
            "datePublished": "2024-05-01",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "keywords": ["limnology", "temperature"],
            "distribution": {
                "@type": "DataDownload",
                "contentUrl": f"{base}/files/{n}.csv",
                "encodingFormat": "text/csv",
            },
        }
    )


@contextmanager
def repository(count: int) -> Iterator[Served]:
    """Serve ``count`` objects at ``/objects/N`` on 127.0.0.1."""
    routes: dict[str, Reply] = {}
    with serve(routes) as served:  # routes filled once the port (hence the base URL) is known
        for n in range(count):
            jsonld = _jsonld(served.base, n)
            page = PAGE.format(title=title(n), base=served.base, n=n, jsonld=jsonld)
            routes[f"/objects/{n}"] = Reply(200, page.encode("utf-8"))
            routes[f"/objects/{n}.jsonld"] = Reply(200, jsonld.encode("utf-8"), content_type="application/ld+json")
            csv = "time,temperature_c\n2020-01-01T00:00,4.1\n2020-01-01T01:00,4.0\n"
            routes[f"/files/{n}.csv"] = Reply(200, csv.encode("utf-8"), content_type="text/csv")
        yield served

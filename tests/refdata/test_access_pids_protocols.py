"""Access rights (FsF-A1-01M), identifier schemes (F1-01MD, F1-02MD) and protocols (A1.1, A1.2)."""

from __future__ import annotations

import pytest

from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.reference import ReferenceData

_VOCABULARIES = read_yaml("access_rights", "access_rights.yaml")["vocabularies"]
_TERM_URIS = [
    (term["uri"], term["condition"], vocabulary)
    for vocabulary, block in _VOCABULARIES.items()
    for term in block["terms"]
    if term.get("uri")
]


@pytest.mark.parametrize(("uri", "condition", "vocabulary"), _TERM_URIS)
def test_every_vocabulary_uri_is_machine_readable(
    refdata: ReferenceData, uri: str, condition: str, vocabulary: str
) -> None:
    for variant in (uri, uri + "/", uri.replace("http://", "https://"), f"  {uri} "):
        match = refdata.match_access_rights(variant)
        assert match is not None, variant
        assert (match.condition, match.vocabulary, match.machine_readable) == (condition, vocabulary, True)


@pytest.mark.parametrize(
    ("label", "condition"),
    [
        ("open access", "public"),
        ("Open Access", "public"),
        ("openAccess", "public"),
        ("embargoed access", "embargoed"),
        ("Restricted Access", "restricted"),
        ("metadata only access", "metadataonly"),
        ("closed access", "closed"),
        ("PUBLIC", "public"),
        ("non-public", "closed"),
        ("EMBARGO", "embargoed"),
    ],
)
def test_labels_are_standard_but_not_machine_readable(refdata: ReferenceData, label: str, condition: str) -> None:
    match = refdata.match_access_rights(label)
    assert match is not None
    assert (match.condition, match.machine_readable) == (condition, False)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "free for all",
        "http://purl.org/coar/access_right/c_0000",
        "info:eu-repo/semantics/openaccessible",
        "https://creativecommons.org/licenses/by/4.0/",
        "http://publications.europa.eu/resource/authority/access-right/SOMETIMES",
    ],
)
def test_unknown_access_values(refdata: ReferenceData, value: str) -> None:
    assert refdata.match_access_rights(value) is None


@pytest.mark.parametrize(
    ("name", "persistent", "redirects"),
    [
        ("doi", True, True),
        ("DOI", True, True),
        ("handle", True, True),
        ("ark", True, True),
        ("purl", True, True),
        ("w3id", True, True),
        ("urn:nbn", True, True),
        ("identifiers.org", True, True),
        ("urn", True, False),
        ("url", False, False),
        ("uuid", False, False),
        ("sha1", False, False),  # idutils name for a hash
    ],
)
def test_pid_schemes(refdata: ReferenceData, name: str, persistent: bool, redirects: bool) -> None:
    scheme = refdata.pid_scheme(name)
    assert scheme is not None
    assert (scheme.persistent, scheme.redirects) == (persistent, redirects)
    assert refdata.is_persistent_scheme(name) is persistent


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://doi.org/10.5281/zenodo.6461229", "doi"),
        ("http://dx.doi.org/10.1594/PANGAEA.908011", "doi"),
        ("https://hdl.handle.net/11858/00-1734-0000-0001-E6D2-4", "handle"),
        ("https://n2t.net/ark:/13030/tf5p30086k", "ark"),
        ("https://w3id.org/ro/crate", "w3id"),
        ("https://nbn-resolving.org/urn:nbn:de:101:1-201102033592", "urn:nbn"),
        ("https://identifiers.org/taxonomy:9606", "identifiers.org"),
        ("http://purl.org/dc/terms/", "purl"),
    ],
)
def test_pid_scheme_for_resolver_url(refdata: ReferenceData, url: str, scheme: str) -> None:
    found = refdata.pid_scheme_for_url(url)
    assert found is not None and found.name == scheme


@pytest.mark.parametrize("value", ["https://example.org/doi.org/10.1/x", "not a url", "", "nosuchscheme"])
def test_no_pid_scheme(refdata: ReferenceData, value: str) -> None:
    assert refdata.pid_scheme_for_url(value) is None
    assert refdata.pid_scheme(value) is None


def test_resolver_templates_have_a_placeholder(refdata: ReferenceData) -> None:
    bad = [s.name for s in refdata.pids.schemes.values() if s.resolver and "{id}" not in s.resolver]
    assert bad == []


@pytest.mark.parametrize(
    ("value", "auth"),
    [
        ("http", ("BASIC",)),
        ("https", ("TLS", "BASIC")),
        ("HTTPS://example.org/x", ("TLS", "BASIC")),
        ("ftp", ("BASIC",)),
        ("sftp://host/path", ("KEY",)),
        ("ssh", ("KEY",)),
        ("s3://bucket/key", ("KEY",)),
    ],
)
def test_protocols_and_auth(refdata: ReferenceData, value: str, auth: tuple[str, ...]) -> None:
    protocol = refdata.protocol(value)
    assert protocol is not None
    assert set(auth) <= set(protocol.auth)


@pytest.mark.parametrize("value", ["gopher", "file:///etc/passwd", "mailto:x@example.org", "doi:10.1/x", ""])
def test_not_standard_protocols(refdata: ReferenceData, value: str) -> None:
    assert refdata.protocol(value) is None

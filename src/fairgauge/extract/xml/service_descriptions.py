"""Answers of metadata services about themselves: re3data records, OAI-PMH ListMetadataFormats and
OGC CSW GetCapabilities. They describe a repository or a service, not a data object, so they give
:class:`RepositoryInfo` / :class:`MetadataStandardRef` values instead of metadata records.
"""

from __future__ import annotations

from fairgauge.extract.normalize import clean
from fairgauge.extract.xml.safe import Element, own_text, text, texts
from fairgauge.model.harvest import ApiEndpoint, MetadataStandardRef, RepositoryInfo

CSW_RECORD_NS = "http://www.opengis.net/cat/csw/2.0.2"


def map_re3data(root: Element) -> RepositoryInfo | None:
    """The repository described by a re3data record (API v1 ``r3d:re3data/r3d:repository``)."""
    found = root.find("{*}repository")
    repo = found if found is not None else root
    name, re3data_id = text(repo, "{*}repositoryName"), text(repo, "{*}re3data.orgIdentifier")
    if not (name or re3data_id):
        return None
    doi = next((i for i in texts(repo, "{*}repositoryIdentifier") if "10.17616/" in i), None)
    return RepositoryInfo(
        name=name,
        url=text(repo, "{*}repositoryURL"),
        re3data_id=re3data_id,
        re3data_doi=doi,
        metadata_standards=_standards(repo),
        api_endpoints=_apis(repo),
        subjects=texts(repo, "{*}subject"),
        pid_systems=texts(repo, "{*}pidSystem"),
        data_licenses=_licenses(repo),
        certificates=texts(repo, "{*}certificate"),
    )


def _standards(repo: Element) -> list[MetadataStandardRef]:
    return [
        MetadataStandardRef(name=name, url=text(s, "{*}metadataStandardURL"))
        for s in repo.iterfind("{*}metadataStandard")
        if (name := text(s, "{*}metadataStandardName"))
    ]


def _apis(repo: Element) -> list[ApiEndpoint]:
    return [
        ApiEndpoint(type=clean(a.get("apiType")) or "other", url=url)
        for a in repo.iterfind("{*}api")
        if (url := own_text(a))
    ]


def _licenses(repo: Element) -> list[str]:
    return [
        value
        for lic in repo.iterfind("{*}dataLicense")
        if (value := text(lic, "{*}dataLicenseURL") or text(lic, "{*}dataLicenseName"))
    ]


def oai_metadata_formats(root: Element) -> list[MetadataStandardRef]:
    """OAI-PMH ListMetadataFormats: prefix, schema (XSD) and namespace of each format."""
    return [
        MetadataStandardRef(
            name=prefix,
            prefix=prefix,
            url=text(fmt, "{*}schema"),
            namespace=text(fmt, "{*}metadataNamespace"),
        )
        for fmt in root.iterfind("{*}ListMetadataFormats/{*}metadataFormat")
        if (prefix := text(fmt, "{*}metadataPrefix"))
    ]


def csw_output_schemas(root: Element) -> list[MetadataStandardRef]:
    """CSW GetCapabilities: the outputSchema values offered by GetRecords/GetRecordById."""
    found: dict[str, None] = {}
    for operation in root.iterfind(".//{*}OperationsMetadata/{*}Operation"):
        if operation.get("name") not in ("GetRecords", "GetRecordById"):
            continue
        for parameter in operation.iterfind("{*}Parameter"):
            if (parameter.get("name") or "").lower() == "outputschema":
                for value in texts(parameter, ".//{*}Value"):
                    found.setdefault(value, None)
    return [MetadataStandardRef(name=_schema_name(ns), namespace=ns) for ns in found]


def _schema_name(namespace: str) -> str:
    names = {
        "http://www.isotc211.org/2005/gmd": "iso19139",
        CSW_RECORD_NS: "csw-dublin-core",
        "http://www.opengis.net/cat/csw/csdgm": "fgdc",
        "http://www.w3.org/2005/Atom": "atom",
        "http://www.isotc211.org/2005/gmi": "iso19139-2",
        "http://standards.iso.org/iso/19115/-3/mdb/2.0": "iso19115-3",
    }
    return names.get(namespace, namespace)

"""What an identifier is, once interpreted."""

from __future__ import annotations

from pydantic import Field

from fairgauge.model.base import FrozenModel


class Identifier(FrozenModel):
    """An interpreted identifier.

    ``given`` is what the user typed; ``normalized`` is the canonical form of the scheme (a bare
    lower-case DOI, an ARK without resolver, a full URL, ...); ``resolvable_url`` is the HTTP(S) URL
    to fetch (through the configured resolver for PIDs), or None where none exists (a hash).
    """

    given: str
    normalized: str
    scheme: str = Field(description="doi, handle, ark, purl, w3id, urn, urn:nbn, curie, orcid, url, uuid, hash, ...")
    is_persistent: bool
    is_unique: bool = True
    resolvable_url: str | None = None
    is_url: bool = Field(False, description="The given form was already an http(s) URL.")
    curie_prefix: str | None = Field(None, description="Normalised prefix for compact identifiers.")
    https_assumed: bool = Field(False, description="Typed without a scheme (zenodo.org/...): read as https.")

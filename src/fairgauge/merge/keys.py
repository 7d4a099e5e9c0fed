"""Equality for merging: when two sources state "the same" value, and what general type or access level
a source's statement means. Used by :mod:`fairgauge.merge.records`.

Keys are deliberately conservative: a DOI in any spelling, an ORCID in any form, a URL with or without
trailing slash or TLS, a name in either order are one value; anything less certain stays apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from fairgauge.identifiers.forms import identifier_key as identifier_key
from fairgauge.identifiers.forms import text_key as text_key
from fairgauge.identifiers.forms import url_key as url_key
from fairgauge.model.metadata import AccessRights, Agent, License, ResourceType

_PUNCT = re.compile(r"[^\w\s]")

LicenseKey = Callable[[License], str | None]
"""The caller's identity for a licence (an SPDX id from the reference data), or None when it does not
know it: given by the assessment, so the merge needs no reference data of its own."""

# schema.org / DCMI types -> DataCite resourceTypeGeneral, for comparing the general kind of object.
GENERAL_TYPES = {
    "dataset": "Dataset",
    "datacatalog": "Collection",
    "collection": "Collection",
    "softwaresourcecode": "Software",
    "softwareapplication": "Software",
    "software": "Software",
    "scholarlyarticle": "Text",
    "article": "Text",
    "blogposting": "Text",
    "book": "Text",
    "report": "Text",
    "thesis": "Text",
    "text": "Text",
    "publicationissue": "Text",
    "imageobject": "Image",
    "photograph": "Image",
    "image": "Image",
    "stillimage": "Image",
    "videoobject": "Audiovisual",
    "movingimage": "Audiovisual",
    "audioobject": "Sound",
    "sound": "Sound",
    "event": "Event",
    "service": "Service",
    "webapi": "Service",
    "physicalobject": "PhysicalObject",
    "interactiveresource": "InteractiveResource",
    "course": "Text",
}
_TYPED_VOCABULARIES = ("schema.org", "dcmitype")
_OPEN = r"openaccess|c_abf2|access-right/public$|isaccessibleforfree=true|^unrestricted$|^open( access)?$"
_RESTRICTED = r"restrictedaccess|c_16ec|access-right/restricted|isaccessibleforfree=false|^restricted"
_ACCESS_LEVELS = (
    (re.compile(_OPEN, re.I), "open"),
    (re.compile(r"embargoedaccess|c_f1cf|embargo", re.I), "embargoed"),
    (re.compile(_RESTRICTED, re.I), "restricted"),
    (re.compile(r"closedaccess|access-right/non_public|^closed", re.I), "closed"),
    (re.compile(r"c_14cb|metadata ?only", re.I), "metadataonly"),
)


def name_key(name: str) -> str:
    """'Johansson, Emma' and 'Emma Johansson' (and accents) are the same name."""
    folded = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(sorted(_PUNCT.sub(" ", plain.casefold()).split()))


def agent_keys(agent: Agent) -> list[str]:
    """An agent is matched by any ORCID/ROR/ISNI it carries, or by its name."""
    ids = [identifier_key(i.value) for i in agent.identifiers if i.scheme in ("orcid", "ror", "isni")]
    return [*ids, f"name:{name_key(agent.name)}"]


def license_keys(license: License, key: LicenseKey | None = None) -> list[str]:
    """By the caller's key (e.g. SPDX id) when it knows the licence, else by URL and name."""
    keys: list[str] = []
    known = key(license) if key is not None else None
    if known:
        keys.append(f"key:{known}")
    if license.url:
        keys.append(f"url:{url_key(license.url)}")
    for text in (license.identifier, license.name):
        if text and text.strip():
            keys.append(f"name:{text_key(text)}")
    return keys


def general_type(resource_type: ResourceType) -> str | None:
    """The DataCite general type a declared type means, where the vocabulary says it."""
    if resource_type.vocabulary == "datacite":
        return resource_type.general
    if resource_type.vocabulary in _TYPED_VOCABULARIES:
        return GENERAL_TYPES.get(resource_type.value.replace(" ", "").casefold())
    return None


def access_level(rights: AccessRights) -> str | None:
    """open, embargoed, restricted, closed or metadataonly when the statement uses a known vocabulary."""
    for text in (rights.uri, rights.value):
        for pattern, level in _ACCESS_LEVELS:
            if text and pattern.search(text.strip()):
                return level
    return None

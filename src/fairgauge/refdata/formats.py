"""File formats for FsF-R1.3-02D, by media type, by file name and by name.

Our own extension table rather than Python's mimetypes, which takes .vcf for a vCard and knows no
genomics format. Compressed files are recognised by what they contain: ``x.fastq.gz`` is FASTQ.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from fairgauge.refdata._vendored import name_key, read_yaml
from fairgauge.refdata.models import FormatEntry

COMPRESSION_SUFFIXES = frozenset({"gz", "bgz", "bz2", "xz", "zst", "z"})
_MAX_PARTS = 3


def media_type_key(media_type: str) -> str:
    """'Text/CSV; charset=utf-8' -> 'text/csv'."""
    return media_type.split(";", 1)[0].strip().lower()


def is_text_media_type(media_type: str) -> bool:
    """Text-based formats are readable without special software; F-UJI accepts them as well."""
    key = media_type_key(media_type)
    return key.startswith("text/") or key.endswith(("+xml", "+json", "/xml", "/json"))


def _basename(filename: str) -> str:
    """The last path segment of a path or URL, without query or fragment, lower-cased."""
    text = filename.strip()
    if "://" in text:
        try:
            text = urlsplit(text).path
        except ValueError:  # not a URL after all ("http://[x]/a.csv"): read it as a path
            text = text.split("://", 1)[1]
    text = unquote(text.split("?", 1)[0].split("#", 1)[0]).rstrip("/")
    return text.rsplit("/", 1)[-1].lower()


class FormatIndex:
    """Formats by id, media type, extension (incl. double extensions) and normalised name."""

    def __init__(self) -> None:
        data: dict[str, Any] = read_yaml("formats", "file_formats.yaml")
        self.formats: dict[str, FormatEntry] = {}
        self._by_media_type: dict[str, FormatEntry] = {}
        self._by_extension: dict[str, FormatEntry] = {}
        self._by_name: dict[str, FormatEntry] = {}
        for raw in data["formats"]:
            fmt = _format(raw)
            self.formats[fmt.id] = fmt
            for media_type in fmt.media_types:
                self._by_media_type.setdefault(media_type_key(media_type), fmt)
            for extension in fmt.extensions:
                self._by_extension.setdefault(extension, fmt)
            for name in (fmt.id, fmt.name):
                self._by_name.setdefault(name_key(name), fmt)

    def by_media_type(self, media_type: str) -> FormatEntry | None:
        return self._by_media_type.get(media_type_key(media_type))

    def by_filename(self, filename: str) -> FormatEntry | None:
        """The format of a file name, path or URL: the longest known extension wins (x.ome.tif, x.vcf.gz).

        A compression suffix after a known extension names the compressed content (x.bed.bgz is BED);
        a compressed file with no known inner extension is the compression format itself (x.gz is gzip).
        """
        parts = _basename(filename).split(".")[1:]
        compressed: FormatEntry | None = None
        while parts:
            for size in range(min(_MAX_PARTS, len(parts)), 0, -1):
                found = self._by_extension.get(".".join(parts[-size:]))
                if found and not (size == 1 and parts[-1] in COMPRESSION_SUFFIXES):
                    return found
            if parts[-1] not in COMPRESSION_SUFFIXES:
                break
            compressed = compressed or self._by_extension.get(parts[-1])
            parts = parts[:-1]
        return compressed

    def by_name(self, name: str) -> FormatEntry | None:
        """By id or name ('PDF/A', 'NetCDF', 'bigWig'), ignoring case and punctuation."""
        return self._by_name.get(name_key(name))


def _format(raw: dict[str, Any]) -> FormatEntry:
    flags = set(raw.get("flags") or ())
    return FormatEntry(
        id=str(raw["id"]),
        name=str(raw["name"]),
        media_types=tuple(raw.get("mime") or ()),
        extensions=tuple(str(e).lower() for e in raw.get("ext") or ()),
        open="open" in flags,
        long_term="long_term" in flags,
        scientific="scientific" in flags,
        domains=tuple(raw.get("domains") or ()),
        edam=raw.get("edam"),
        text_based=bool(raw.get("text", False)),
    )

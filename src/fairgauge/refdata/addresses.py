"""IANA special-purpose address blocks (IPv4 and IPv6): which addresses are globally reachable.

The private-network guard of the harvester asks :func:`is_globally_reachable`. The table is IANA's own
CSV (see ``data/special_addresses/README.md``), read once; the most specific block wins, so
192.0.0.9/32 (PCP anycast, reachable) is decided apart from 192.0.0.0/24 (not reachable).
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from fairgauge.refdata._vendored import read_text

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Reachable = Literal["true", "false", "embedded"]

_DATASET = "special_addresses"
_FILES = ("iana-ipv4-special-registry-1.csv", "iana-ipv6-special-registry-1.csv")
_FOOTNOTE = re.compile(r"\s*\[\d+\]")
# From the IANA IPv4 and IPv6 Address Space registries: multicast, and the only global unicast space.
_IPV4_MULTICAST = ipaddress.ip_network("224.0.0.0/4")
_IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


@dataclass(frozen=True)
class SpecialBlock:
    """One registry row: ``reachable`` is True, False or 'embedded' (IANA's N/A: the embedded address decides)."""

    network: IPNetwork
    name: str
    reachable: Reachable


def _reachable(value: str) -> Reachable:
    cleaned = _FOOTNOTE.sub("", value).strip().lower()
    if cleaned == "true":
        return "true"
    return "embedded" if cleaned == "n/a" else "false"  # empty (deprecated blocks) counts as not reachable


@cache
def special_blocks() -> tuple[SpecialBlock, ...]:
    """Every row of both registries, most specific block first."""
    blocks: list[SpecialBlock] = []
    for filename in _FILES:
        for row in csv.DictReader(io.StringIO(read_text(_DATASET, filename))):
            for cell in _FOOTNOTE.sub("", row["Address Block"]).split(","):
                network = ipaddress.ip_network(cell.strip())
                blocks.append(SpecialBlock(network, row["Name"].strip(), _reachable(row["Globally Reachable"])))
    return tuple(sorted(blocks, key=lambda block: -block.network.prefixlen))


def block_for(ip: IPAddress) -> SpecialBlock | None:
    """The most specific special-purpose block holding ``ip``, if any."""
    for block in special_blocks():
        if block.network.version == ip.version and ip in block.network:
            return block
    return None


def is_globally_reachable(ip: IPAddress, embedded_public: bool | None) -> bool:
    """The registry's answer for ``ip``; ``embedded_public`` decides blocks marked N/A (6to4, Teredo)."""
    block = block_for(ip)
    if block is not None:
        return block.reachable == "true" or (block.reachable == "embedded" and embedded_public is True)
    if isinstance(ip, ipaddress.IPv4Address):
        return ip not in _IPV4_MULTICAST
    return ip in _IPV6_GLOBAL_UNICAST

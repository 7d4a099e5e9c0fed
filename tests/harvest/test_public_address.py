"""The private-network guard's table: one case per IANA special-purpose block, and every IPv6 form that
embeds an IPv4 address (NAT64, 6to4, Teredo, IPv4-mapped, -translated, -compatible)."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket

import pytest

from fairgauge.harvest.network import AddressGuard, PrivateAddressError, is_public_address
from fairgauge.refdata.addresses import special_blocks

# One address inside each block of the IANA IPv4 special-purpose registry, with the registry's verdict.
IPV4_BLOCKS = [
    ("0.1.2.3", False),  # 0.0.0.0/8 "this network"
    ("0.0.0.0", False),  # 0.0.0.0/32
    ("10.20.30.40", False),  # 10.0.0.0/8 private-use
    ("100.64.0.1", False),  # 100.64.0.0/10 shared address space (CGN)
    ("127.0.0.1", False),  # 127.0.0.0/8 loopback
    ("169.254.169.254", False),  # 169.254.0.0/16 link local (cloud metadata)
    ("172.16.5.4", False),  # 172.16.0.0/12 private-use
    ("192.0.0.200", False),  # 192.0.0.0/24 IETF protocol assignments
    ("192.0.0.1", False),  # 192.0.0.0/29 IPv4 service continuity
    ("192.0.0.8", False),  # 192.0.0.8/32 IPv4 dummy address
    ("192.0.0.9", True),  # 192.0.0.9/32 PCP anycast: globally reachable
    ("192.0.0.10", True),  # 192.0.0.10/32 TURN anycast: globally reachable
    ("192.0.0.170", False),  # NAT64/DNS64 discovery
    ("192.0.0.171", False),  # NAT64/DNS64 discovery (second address of the same row)
    ("192.0.2.1", False),  # TEST-NET-1
    ("192.31.196.1", True),  # AS112-v4
    ("192.52.193.1", True),  # AMT
    ("192.88.99.1", False),  # deprecated 6to4 relay anycast
    ("192.168.1.1", False),  # 192.168.0.0/16 private-use
    ("192.175.48.1", True),  # direct delegation AS112
    ("198.18.0.1", False),  # benchmarking
    ("198.51.100.1", False),  # TEST-NET-2
    ("203.0.113.1", False),  # TEST-NET-3
    ("240.0.0.1", False),  # reserved
    ("255.255.255.255", False),  # limited broadcast
]
IPV6_BLOCKS = [
    ("::1", False),  # loopback
    ("::", False),  # unspecified
    ("::ffff:8.8.8.8", True),  # IPv4-mapped: the IPv4 address decides
    ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8: reachable
    ("64:ff9b:1::1", False),  # local-use NAT64
    ("100::1", False),  # discard-only
    ("100:0:0:1::1", False),  # dummy IPv6 prefix
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo (N/A, reachability not guaranteed) ...
    ("2001:1::1", True),  # PCP anycast
    ("2001:1::2", True),  # TURN anycast
    ("2001:1::3", True),  # DNS-SD SRP anycast
    ("2001:2::1", False),  # benchmarking
    ("2001:3::1", True),  # AMT
    ("2001:4:112::1", True),  # AS112-v6
    ("2001:10::1", False),  # deprecated ORCHID
    ("2001:20::1", True),  # ORCHIDv2
    ("2001:30::1", True),  # DETs
    ("2001:100::1", False),  # rest of 2001::/23 IETF protocol assignments
    ("2001:db8::1", False),  # documentation
    ("2002:808:808::1", True),  # 6to4 of 8.8.8.8: the embedded address decides
    ("2620:4f:8000::1", True),  # direct delegation AS112
    ("3fff::1", False),  # documentation (2024)
    ("5f00::1", False),  # SRv6 SIDs
    ("fd00::1", False),  # unique-local
    ("fe80::1", False),  # link-local
    ("fe80::1%eth0", False),  # with a zone
    ("2001:4860:4860::8888", True),  # ordinary global unicast
]
EMBEDDED_PRIVATE = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::c000:8",  # NAT64 of 192.0.0.8
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:0:a00:1",  # IPv4-translated (RFC 2765) of 10.0.0.1
    "::ffff:0:808:808",  # IPv4-translated is never global unicast, even of 8.8.8.8
    "::7f00:1",  # IPv4-compatible of 127.0.0.1 (deprecated form)
    "::808:808",  # IPv4-compatible: outside global unicast whatever it embeds
    "2001:0:7f00:1::1",  # Teredo whose server is 127.0.0.1
]
OUTSIDE_GLOBAL_UNICAST = [
    "fec0::1",  # deprecated site-local (RFC 3879)
    "ff02::1",  # multicast
    "224.0.0.1",  # IPv4 multicast
    "239.255.255.250",  # IPv4 multicast (SSDP)
    "4000::1",  # unassigned IPv6
]


@pytest.mark.parametrize(("address", "public"), IPV4_BLOCKS + IPV6_BLOCKS)
def test_each_special_purpose_block(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE + OUTSIDE_GLOBAL_UNICAST)
def test_disguised_private_addresses_are_refused(address: str) -> None:
    assert is_public_address(address) is False


def test_every_registry_row_has_a_case_above() -> None:
    """A refreshed registry with a new block fails here until the block gets a case of its own."""
    cases = [ipaddress.ip_address(a.split("%")[0]) for a, _ in IPV4_BLOCKS + IPV6_BLOCKS]
    for block in special_blocks():
        assert any(ip.version == block.network.version and ip in block.network for ip in cases), block


def test_guard_refuses_a_name_resolving_to_nat64_loopback() -> None:
    class Resolver(AddressGuard):
        @staticmethod
        async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
            return ["64:ff9b::7f00:1", "2002:a00:1::1"]

    with pytest.raises(PrivateAddressError, match="64:ff9b::7f00:1"):
        asyncio.run(Resolver(allow_private=False).addresses("evil.example", 80))


@pytest.mark.parametrize("address", ["127.0.0.1", "::ffff:10.0.0.1", "169.254.169.254"])
def test_no_socket_is_made_for_a_private_address(address: str) -> None:
    """Address literals skip name resolution: the socket factory is the check they cannot pass by."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with pytest.raises(PrivateAddressError, match=re.escape(address)):
        AddressGuard(allow_private=False).socket((family, socket.SOCK_STREAM, 0, "", (address, 80)))
    AddressGuard(allow_private=False, allowlist=[address]).socket(
        (family, socket.SOCK_STREAM, 0, "", (address, 80))
    ).close()

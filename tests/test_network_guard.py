"""The guard itself must work, or every other test's offline promise is void."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_guard_refuses_non_loopback_connection() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAccessError):
            sock.connect(("93.184.216.34", 80))
    finally:
        sock.close()


def test_guard_refuses_name_lookup() -> None:
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)


def test_guard_allows_loopback() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()

"""Test-wide fixtures. The autouse network guard makes any non-loopback connection fail loudly."""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.caches import create_shared_cache_dir, remove_shared_cache_dir

FIXTURES = Path(__file__).parent / "fixtures"

# The embedded store defaults to the user's data directory: tests (and the CLI they start) use a
# throw-away one instead, unless a test names its own.
_DATA_DIR = tempfile.mkdtemp(prefix="fairgauge-test-data-")
os.environ["FAIRGAUGE_DATA_DIR"] = _DATA_DIR
atexit.register(shutil.rmtree, _DATA_DIR, True)


def pytest_configure(config: pytest.Config) -> None:
    """The controller (or the only process) makes the run's shared cache folder; workers inherit it."""
    if not hasattr(config, "workerinput"):
        config.stash[_SHARED_CACHE] = create_shared_cache_dir()


def pytest_unconfigure(config: pytest.Config) -> None:
    path = config.stash.get(_SHARED_CACHE, None)
    if path is not None:
        remove_shared_cache_dir(path)


_SHARED_CACHE = pytest.StashKey[Path]()

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkAccessError(RuntimeError):
    """A test tried to reach beyond the loopback interface."""


def _is_loopback_host(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in {"localhost", "localhost.localdomain", ""}:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check_address(sock: socket.socket, address: object) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback_host(host):
        raise NetworkAccessError(f"test tried to connect to {address!r}: only loopback is allowed")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check_address(self, address)
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self, address)
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if host is not None and not _is_loopback_host(host if not isinstance(host, bytes) else host.decode()):
        raise NetworkAccessError(f"test tried to resolve {host!r}: only loopback is allowed")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every socket connection and name lookup that is not loopback."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield


@pytest.fixture()
def fixtures_dir() -> Path:
    return FIXTURES

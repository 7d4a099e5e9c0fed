"""Test-wide fixtures. The autouse network guard makes any non-loopback connection fail loudly."""

from __future__ import annotations

import atexit
import ipaddress
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.caches import create_shared_cache_dir, remove_shared_cache_dir


def _keep_bytecode_outside_the_checkout() -> None:
    """Under PYTHONDONTWRITEBYTECODE every test process compiled, and pytest assertion-rewrote, each of its
    ~500 modules (ours, the tests, hypothesis) from source at each run: ~8 s of CPU per process, three
    processes a run (controller and two workers), plus every CLI test's fresh interpreter. The setting's
    point is a checkout without ``__pycache__`` folders, so bytecode goes to a cache folder outside it
    instead (``sys.pycache_prefix``, as PYTHONPYCACHEPREFIX would), for this process and those it starts.
    Without the variable Python's own default (``__pycache__`` beside the sources) is left alone."""
    if not sys.dont_write_bytecode:
        return
    if not sys.pycache_prefix:
        cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        sys.pycache_prefix = str(cache_home / "fairgauge-tests" / "pycache")
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


_keep_bytecode_outside_the_checkout()

# The store fixtures (``database_url``, ``postgres_database``) are registered once, here, for every folder.
# Imported into each folder's conftest instead (as web, cli, store, batch and catalog did), each folder had
# a session fixture of its own: a worker made and dropped a PostgreSQL database per folder it ran, and
# DROP DATABASE waits for a server checkpoint (0.4-2 s each on a busy machine, one after the other at the
# end of the run).
pytest_plugins = ("tests.databases",)

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


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (the pytest config's default): one worker more than there are CPUs. Much of the suite
    waits rather than computes (browsers, subprocesses, loopback servers that answer late, retries and
    time budgets), so with one worker per CPU a CPU idled while its worker waited; a third worker on two
    CPUs runs in those waits. PYTEST_XDIST_AUTO_NUM_WORKERS still sets the number (pytest-xdist reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) + 1


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

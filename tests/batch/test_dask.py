"""The Dask engine on a LocalCluster of worker processes bound to 127.0.0.1 gives the local engine's
results, object by object (scored, not assessed and "not an identifier" errors alike), on SQLite and
PostgreSQL; a host's objects stay in one partition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fairgauge.batch.dask_engine import partition_by_host
from fairgauge.batch.engine import EngineOptions
from fairgauge.batch.runner import execute
from fairgauge.compose import build_settings
from fairgauge.store import open_store
from fairgauge.store.runs import Runs
from tests.web.fixture_site import repository

COUNT = 6


def test_partitions_keep_each_host_together() -> None:
    items = [(f"https://h{n % 5}.example/o/{n}", str(n)) for n in range(50)] + [("10.1234/x", "10.1234/x")]
    parts = partition_by_host(items, 8)
    assert sum(len(p) for p in parts) == len(items)
    for host in {f"h{n}.example" for n in range(5)}:
        assert sum(any(host in ident for ident, _ in part) for part in parts) == 1


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One LocalCluster for the module (both backends): the address of its scheduler. Real worker processes,
    as on a cluster: tasks and results are pickled."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        host="127.0.0.1",
        protocol="tcp",
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",
    ) as local:
        yield local.scheduler_address


@pytest.mark.slow
def test_dask_engine_equals_the_local_engine(database_url: str, tmp_path: Path, cluster: str) -> None:
    settings = build_settings(allow_private_network=True, data_dir=tmp_path, cache_dir=tmp_path / "c")
    options = EngineOptions(concurrency=4, workers=2)
    store = open_store(database_url)
    runs = Runs(store)
    try:
        with repository(COUNT) as served:
            items = [(served.url(f"/objects/{n}"), served.url(f"/objects/{n}")) for n in range(COUNT)]
            items.append(("http://127.0.0.1:1/gone", "http://127.0.0.1:1/gone"))
            items.append(("no identifier here", "no identifier here"))
            made = {
                name: runs.create(name, profile="fsf-0.8", software_version="t", inputs={}, settings={}, items=items)
                for name in ("local", "dask")
            }
            execute(store, made["local"], settings, options, mode="quiet")
            final = execute(
                store,
                made["dask"],
                settings,
                options,
                mode="quiet",
                engine="dask",
                scheduler=cluster,
            )
        local = {r.key: r for r in runs.results(made["local"].id)}
        dask = {r.key: r for r in runs.results(made["dask"].id)}
    finally:
        store.close()
    assert final.counts == {"scored": COUNT, "not_assessed": 1, "error": 1}
    assert dask["no identifier here"].error == local["no identifier here"].error
    assert (dask["no identifier here"].error or "").startswith("not an identifier")
    assert local.keys() == dask.keys() == {key for _, key in items}
    for key, expected in local.items():
        got = dask[key]
        assert (
            got.identifier, got.status, got.fair_percent, got.score_percent, got.maturity, got.fairport_level,
            got.metrics, got.error is None,
        ) == (
            expected.identifier, expected.status, expected.fair_percent, expected.score_percent, expected.maturity,
            expected.fairport_level, expected.metrics, expected.error is None,
        ), key  # fmt: skip

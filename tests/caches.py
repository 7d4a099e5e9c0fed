"""One cache folder per test run, shared by every test (and every pytest-xdist worker) that compiles the
offline ontology index.

Compiling the packaged ontologies (cellxgene CL, EFO, UBERON; EDAM) takes seconds of CPU and writes ~120 MB;
the index keeps each ontology file as a pack of its own and consults only the packs a run's settings
name, so services with different ontology files can share one index (``tracks/ontology/index.py``).
The controller process creates the folder (``pytest_configure`` in ``tests/conftest.py``) and names it in
``SHARED_CACHE_ENV``, which the workers it starts inherit; the index compiles each pack under a lock file,
so the first worker builds it and the others wait and reuse it instead of each spending ~3.6 s of CPU.
The controller removes the folder when the run ends. A process started without it (a script importing
these helpers) gets a folder of its own. Tests that fetch ontologies or change the cache copy it into their
own ``tmp_path`` first.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

SHARED_CACHE_ENV = "FAIRGAUGE_TEST_SHARED_CACHE"


def create_shared_cache_dir() -> Path:
    """Called once by the controlling pytest process, before any worker starts."""
    path = Path(tempfile.mkdtemp(prefix="fairgauge-cache-"))
    os.environ[SHARED_CACHE_ENV] = str(path)
    return path


def remove_shared_cache_dir(path: Path) -> None:
    os.environ.pop(SHARED_CACHE_ENV, None)
    shutil.rmtree(path, ignore_errors=True)


@cache
def process_cache_dir() -> Path:
    shared = os.environ.get(SHARED_CACHE_ENV)
    if shared and Path(shared).is_dir():
        return Path(shared)
    path = Path(tempfile.mkdtemp(prefix="fairgauge-cache-"))
    atexit.register(shutil.rmtree, path, True)
    return path

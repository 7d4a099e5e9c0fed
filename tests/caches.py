"""One cache folder per test process, shared by every test that compiles the offline ontology index.

Compiling the packaged ontologies (cellxgene CL, EFO, UBERON; EDAM) takes seconds of CPU and writes ~120 MB;
the index keeps each ontology file as a pack of its own and consults only the packs a run's settings
name, so services with different ontology files can share one index (``tracks/ontology/index.py``).
Per process, so pytest-xdist workers never share it; removed when the process exits.
Tests that fetch ontologies or change the cache copy it into their own ``tmp_path`` first.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path


@cache
def process_cache_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="fairgauge-cache-"))
    atexit.register(shutil.rmtree, path, True)
    return path

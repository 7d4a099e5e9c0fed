"""Batch runs: assess whole repositories, resumably, on this machine's cores or a Dask cluster.

- ``inputs``: identifiers from files (text, CSV, JSONL), stdin and remote listings; deduplication and
  the reproducible ``--sample``.
- ``summary``: the compact per-object result a run keeps (from a report).
- ``engine``: the local engine (worker processes, each one event loop and one shared HTTP client) and
  the driver that commits every result as it arrives and resumes a killed run exactly.
- ``progress``: a rich bar on a terminal, a plain line every few seconds elsewhere, or nothing.
- ``exports``: one row per object as CSV, JSONL or Parquet.
"""

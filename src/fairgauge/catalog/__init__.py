"""The track catalog (issue 11): FAIRtracks documents flattened into searchable tracks.

Pure domain code, no database and no network:

- ``flatten``: a FAIRtracks collection -> one record per track with its experiment, sample, study and
  collection joined in (as TrackFind does), ontology terms with id and label.
- ``query``: the safe query language (tokeniser, parser, AST). The store compiles the AST to
  parameterised SQL (``fairgauge.store.catalog``); user text never becomes SQL.
- ``export``: results as JSON, CSV and GSuite (TrackFind's layout).
- ``importer``: read, validate and flatten a source (files or folders) into an ``ImportBatch``.
"""

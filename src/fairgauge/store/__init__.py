"""The store: assessments (with their full reports and harvest evidence) and API tokens, in SQLite or
PostgreSQL. THE ONLY PACKAGE THAT IMPORTS SQLALCHEMY (an import-linter contract keeps it so).

Layout, shaped for the batch runs and the track catalog that will live in the same database:

- ``engine``: URL resolution (default a SQLite file in the user data directory), engine options per
  dialect, and ``open_store`` which upgrades the schema with the Alembic migrations shipped here.
- ``schema``: the tables (one ``MetaData``; later features add tables and a migration each).
- ``assessments``, ``tokens``: one repository per aggregate, returning plain frozen records
  (``records``), never ORM objects, so callers do not hold sessions.
"""

from fairgauge.store.engine import Store, default_database_url, open_store
from fairgauge.store.records import AssessmentRecord, AssessmentState, ReportJson, ReportOutcome, TokenRecord

__all__ = [
    "AssessmentRecord",
    "AssessmentState",
    "ReportJson",
    "ReportOutcome",
    "Store",
    "TokenRecord",
    "default_database_url",
    "open_store",
]

"""Stores for extracted graphs: SQLite (embedded default); one schema for every backend.

>>> with SQLiteStore.open("allegiance.db") as store:       # doctest: +SKIP
...     result = store.add_extraction(extraction)          # one transaction per document
...     result.added, store.counts()["relations"]
(True, 12)
"""

from .schema import SCHEMA_VERSION, metadata
from .sqlite import IngestResult, SQLiteStore

__all__ = ["SCHEMA_VERSION", "IngestResult", "SQLiteStore", "metadata"]

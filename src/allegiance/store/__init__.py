"""Stores for extracted graphs: SQLite (embedded default) or PostgreSQL, one schema for both.

>>> with Store.open("allegiance.db") as store:             # doctest: +SKIP
...     result = store.add_extraction(extraction)          # one transaction per document
...     result.added, store.counts()["relations"]
(True, 12)
"""

from .schema import SCHEMA_VERSION, metadata
from .store import IngestResult, Store

__all__ = ["SCHEMA_VERSION", "IngestResult", "Store", "metadata"]

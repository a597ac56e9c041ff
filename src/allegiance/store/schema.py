"""The one store schema (SQLAlchemy Core), shared by the SQLite and PostgreSQL backends.

Queries are written against these tables; the versioned migrations under `migrations/` build
them (a test checks that the migrated database and this module agree). JSON columns are JSON on
SQLite and JSONB on PostgreSQL. Offsets are named ``start`` and ``end``; SQLAlchemy quotes
``end`` (an SQL keyword) on every dialect.

Extracted data (documents and everything read from them) is kept apart from analysts'
decisions (`decisions`): re-extraction rewrites the first and never touches the second.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text, UniqueConstraint)
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA_VERSION = 2  # the head migration's number (migrations/versions/000N_*.py)

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("published", String(32)),  # ISO date as written by the reader
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # the stored document this one republishes (a near-duplicate: linked, not extracted)
    Column("duplicate_of", String(200)),
    Column("similarity", Float),  # estimated Jaccard similarity to `duplicate_of`
    Column("minhash", Json),  # MinHash signature of the text's word shingles
    Column("extracted_with", String(64)),  # pipeline version that extracted it
    Index("ix_documents_sha256", "text_sha256"),
)

# locality-sensitive hashing bands of the documents' MinHash signatures (near-duplicates)
document_bands = Table(
    "document_bands", metadata,
    Column("band", String(40), nullable=False),
    Column("document_id", String(200), ForeignKey("documents.id"), nullable=False),
    UniqueConstraint("band", "document_id"),
)

entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("external_ids", Json, nullable=False, default=dict),
    Column("attributes", Json, nullable=False, default=dict),
)

aliases = Table(
    "aliases", metadata,
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("count", Integer, nullable=False, default=1),
    UniqueConstraint("entity_id", "alias"),
    Index("ix_aliases_alias", "alias"),
)

mentions = Table(
    "mentions", metadata,
    Column("document_id", String(200), ForeignKey("documents.id"), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence", Integer),
    UniqueConstraint("document_id", "start", "end", "entity_id"),
    Index("ix_mentions_entity", "entity_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(200), ForeignKey("entities.id"), nullable=False),
    Column("predicate", String(64), nullable=False),
    Column("object", String(200), ForeignKey("entities.id"), nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("attributes", Json, nullable=False, default=dict),
    # aggregates over the evidence rows, kept up to date by every write
    Column("evidence_count", Integer, nullable=False, default=0),
    Column("document_count", Integer, nullable=False, default=0),
    Column("first_seen", String(10)),  # earliest publication date of its evidence
    Column("last_seen", String(10)),
    UniqueConstraint("subject", "predicate", "object", "polarity", "modality"),
    Index("ix_relations_object", "object"),
)

evidence = Table(
    "evidence", metadata,
    Column("relation_id", Integer, ForeignKey("relations.id"), nullable=False),
    Column("document_id", String(200), ForeignKey("documents.id"), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    UniqueConstraint("relation_id", "document_id", "start", "end"),
    Index("ix_evidence_document", "document_id"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id"), nullable=False),
    Column("type", String(32), nullable=False),
    Column("data", Json, nullable=False),
    Index("ix_events_document", "document_id"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("speaker", String(200)),
    Column("data", Json, nullable=False),
    Index("ix_claims_document", "document_id"),
)

# which entities each event involves, for per-entity lookups (role: actor, target, place)
event_entities = Table(
    "event_entities", metadata,
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    UniqueConstraint("entity_id", "event_id", "role"),
)


# analysts' decisions: merge, split, reject, confirm, reliability (see analysis/decisions.py)
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("data", Json, nullable=False),
    Column("note", Text),
    Column("analyst", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

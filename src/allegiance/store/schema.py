"""The one store schema (SQLAlchemy Core), shared by the SQLite and PostgreSQL backends.

JSON columns are JSON on SQLite and JSONB on PostgreSQL. Offsets are named ``start`` and
``end``; SQLAlchemy quotes ``end`` (an SQL keyword) on every dialect.
"""

from __future__ import annotations

from sqlalchemy import (JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData,
                        String, Table, Text, UniqueConstraint, inspect, select)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from ..errors import BadInput

SCHEMA_VERSION = 1

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


def create_schema(conn: Connection, label: str) -> None:
    """Create missing tables and record `SCHEMA_VERSION` (inside the caller's transaction).

    Raises `BadInput` for a database that holds other tables but no store, or one written by
    a newer schema version.
    """
    tables = set(inspect(conn).get_table_names())
    if tables and "meta" not in tables:
        raise BadInput(f"{label}: a database, but not an Allegiance store")
    metadata.create_all(conn)
    version = conn.execute(select(meta.c.value).where(
        meta.c.key == "schema_version")).scalar_one_or_none()
    if version is None:
        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    elif not version.isdigit() or int(version) > SCHEMA_VERSION:
        raise BadInput(f"{label}: store schema version {version} is newer than this "
                       f"Allegiance understands ({SCHEMA_VERSION}); upgrade Allegiance")

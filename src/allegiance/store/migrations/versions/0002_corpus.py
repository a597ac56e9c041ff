"""The corpus layer: near-duplicate links and MinHash bands, the pipeline version per document,
evidence aggregates on relations (filled from the evidence already stored), analysts' decisions.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.String(200)))
        batch.add_column(sa.Column("similarity", sa.Float))
        batch.add_column(sa.Column("minhash", Json))
        batch.add_column(sa.Column("extracted_with", sa.String(64)))
    op.create_index("ix_documents_sha256", "documents", ["text_sha256"])
    op.create_table(
        "document_bands",
        sa.Column("band", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(200), sa.ForeignKey("documents.id"), nullable=False),
        sa.UniqueConstraint("band", "document_id"))
    with op.batch_alter_table("relations") as batch:
        batch.add_column(sa.Column("evidence_count", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("document_count", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("first_seen", sa.String(10)))
        batch.add_column(sa.Column("last_seen", sa.String(10)))
    op.create_table(
        "event_entities",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id"), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.UniqueConstraint("entity_id", "event_id", "role"))
    _index_events(op.get_bind())
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("analyst", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False))
    # aggregates of the relations a version-1 store already holds
    op.execute("""
        UPDATE relations SET
          evidence_count = (SELECT count(*) FROM evidence e WHERE e.relation_id = relations.id),
          document_count = (SELECT count(DISTINCT e.document_id) FROM evidence e
                            WHERE e.relation_id = relations.id),
          first_seen = (SELECT min(substr(d.published, 1, 10)) FROM evidence e
                        JOIN documents d ON d.id = e.document_id
                        WHERE e.relation_id = relations.id AND d.published LIKE '____-__-__%'),
          last_seen = (SELECT max(substr(d.published, 1, 10)) FROM evidence e
                       JOIN documents d ON d.id = e.document_id
                       WHERE e.relation_id = relations.id AND d.published LIKE '____-__-__%')
    """)
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def _index_events(conn: sa.engine.Connection) -> None:
    """Fill event_entities from the events a version-1 store already holds."""
    rows = []
    for event_id, data in conn.execute(sa.text("SELECT id, data FROM events")):
        if isinstance(data, str):
            data = json.loads(data)
        roles = {(a, "actor") for a in data.get("actors") or []}
        roles |= {(t, "target") for t in data.get("targets") or []}
        if data.get("place"):
            roles.add((data["place"], "place"))
        rows += [{"event_id": event_id, "entity_id": e, "role": r} for e, r in sorted(roles)]
    if rows:
        conn.execute(sa.text("INSERT INTO event_entities (event_id, entity_id, role) "
                             "VALUES (:event_id, :entity_id, :role)"), rows)

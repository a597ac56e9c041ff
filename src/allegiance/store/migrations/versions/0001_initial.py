"""The first store schema: documents, entities, aliases, mentions, relations with evidence,
events and claims.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False))
    op.create_table(
        "entities",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("external_ids", Json, nullable=False),
        sa.Column("attributes", Json, nullable=False))
    op.create_table(
        "aliases",
        sa.Column("entity_id", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("entity_id", "alias"))
    op.create_index("ix_aliases_alias", "aliases", ["alias"])
    op.create_table(
        "mentions",
        sa.Column("document_id", sa.String(200), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("entity_id", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer),
        sa.UniqueConstraint("document_id", "start", "end", "entity_id"))
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "relations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("predicate", sa.String(64), nullable=False),
        sa.Column("object", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("attributes", Json, nullable=False),
        sa.UniqueConstraint("subject", "predicate", "object", "polarity", "modality"))
    op.create_index("ix_relations_object", "relations", ["object"])
    op.create_table(
        "evidence",
        sa.Column("relation_id", sa.Integer, sa.ForeignKey("relations.id"), nullable=False),
        sa.Column("document_id", sa.String(200), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.UniqueConstraint("relation_id", "document_id", "start", "end"))
    op.create_index("ix_evidence_document", "evidence", ["document_id"])
    for table, extra in (("events", "type"), ("claims", "kind")):
        columns = [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("document_id", sa.String(200), sa.ForeignKey("documents.id"),
                      nullable=False),
            sa.Column(extra, sa.String(32), nullable=False)]
        if table == "claims":
            columns.append(sa.Column("speaker", sa.String(200)))
        op.create_table(table, *columns, sa.Column("data", Json, nullable=False))
        op.create_index(f"ix_{table}_document", table, ["document_id"])
    op.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")

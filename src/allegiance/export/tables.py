"""CSV (for spreadsheets and pandas) and JSON (the graph itself).

``csv``: ``out`` is a file; it gets one row per relation evidence item (a relation without
evidence gets one row with empty evidence columns), and a sibling ``<stem>.entities.csv`` gets
one row per entity (stubs included). UTF-8, "\\n" line ends, a header row. A text cell that a
spreadsheet would run as a formula (starting with =, +, @, or a tab/carriage return) is prefixed
with "'" so that opening a file built from hostile web pages cannot run anything.

``json``: the ``allegiance-graph/1`` dict itself, pretty-printed with sorted keys, UTF-8, with
its collections sorted by id so that the same graph always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from ._common import dumps, prepare, sort_key, text, write_text

__all__ = ["RELATION_COLUMNS", "ENTITY_COLUMNS", "write_csv", "write_json", "graph_json"]

RELATION_COLUMNS = ["relation_id", "subject_id", "subject_name", "predicate", "object_id",
                    "object_name", "polarity", "modality", "confidence", "status",
                    "evidence_count", "first_seen", "last_seen", "kind", "role", "document_id",
                    "published", "title", "url", "source", "sentence", "start", "end"]
ENTITY_COLUMNS = ["id", "type", "name", "aliases", "wikidata", "lat", "lon", "country",
                  "mention_count", "document_count", "stub"]
COLLECTIONS = ("entities", "relations", "events", "claims", "documents")


def _safe(value) -> str:
    """A cell as text, defused when a spreadsheet would take it for a formula."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    cell = text(value)
    if cell[:1] in ("=", "+", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _table(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(row.get(column)) for column in columns])
    return buffer.getvalue()


def entities_path(out: Path) -> Path:
    """``relations.csv`` -> ``relations.entities.csv`` (``x`` -> ``x.entities.csv``)."""
    return out.with_name(f"{out.stem if out.suffix else out.name}.entities.csv")


def write_csv(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write the relation rows to ``out`` and the entities beside it (see the module docstring)."""
    prepared = prepare(graph)
    rows = []
    for rel in prepared.relations:
        base = {
            "relation_id": rel["key"],
            "subject_id": rel["subject"], "subject_name": prepared.name(rel["subject"]),
            "predicate": rel["predicate"],
            "object_id": rel["object"], "object_name": prepared.name(rel["object"]),
            "polarity": rel["polarity"], "modality": rel["modality"],
            "confidence": rel["confidence"], "status": rel["status"],
            "evidence_count": rel["evidence_count"], "first_seen": rel["first_seen"],
            "last_seen": rel["last_seen"], "kind": rel["kind"], "role": rel["role"],
        }
        if not rel["evidence"]:
            rows.append(base)
        for ev in rel["evidence"]:
            doc = prepared.documents.get(ev["document_id"], {})
            rows.append({**base, "document_id": ev["document_id"], "published": ev["published"],
                         "title": doc.get("title"), "url": doc.get("url"),
                         "source": doc.get("source"), "sentence": ev["sentence"],
                         "start": ev["start"], "end": ev["end"]})
    entities = [{**entity, "aliases": " | ".join(entity["aliases"])} for entity in prepared.entity_list()]
    out = Path(out)
    return [write_text(out, _table(RELATION_COLUMNS, rows)),
            write_text(entities_path(out), _table(ENTITY_COLUMNS, entities))]


def _order(item) -> tuple:
    if isinstance(item, dict) and item.get("id") is not None:
        return sort_key(item["id"]) + ("",)
    return (2, 0, "", dumps(item))


def graph_json(graph: dict) -> str:
    """The graph dict as pretty, key-sorted JSON with its collections in id order."""
    data = dict(graph)
    data.setdefault("format", "allegiance-graph/1")
    for name in COLLECTIONS:
        if isinstance(data.get(name), list):
            data[name] = sorted(data[name], key=_order)
    return dumps(data, indent=2) + "\n"


def write_json(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write the graph itself as JSON (see the module docstring)."""
    return [write_text(Path(out), graph_json(graph))]

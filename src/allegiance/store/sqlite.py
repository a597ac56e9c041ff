"""The embedded SQLite store: extractions in, merged evidence-backed graph out.

Each `add_extraction` is one ``BEGIN IMMEDIATE`` transaction: it holds the write lock from its
first read, so its read-then-write merges are safe against a second ingest process, and an
interrupted ingest (error, Ctrl-C, kill) leaves no trace while earlier documents stay intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import and_, create_engine, event, func, select
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import BadInput, InvalidData
from ..model import Extraction
from ..resolve.identity import IdentityIndex, assign_ids
from ..resolve.linking import gazetteer_ids
from . import schema as s

_WRITE = {"allegiance_begin": "IMMEDIATE"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # published dates usable for first/last seen
_RELATION_KEY = ("subject", "predicate", "object", "polarity", "modality")


@dataclass
class IngestResult:
    """What `add_extraction` stored: new entities/relations (not merges), rows otherwise."""

    document_id: str
    added: bool
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0
    events: int = 0
    claims: int = 0


class SQLiteStore:
    """A knowledge-graph store in one SQLite file; open it with `SQLiteStore.open(path)`."""

    def __init__(self, engine: Engine, path: str):
        self._engine = engine
        self.path = path
        self._identity: IdentityIndex | None = None
        self._identity_size = -1  # entity count the index was built at

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> SQLiteStore:
        """Open (creating if needed) the store at `path`; `BadInput` if it cannot be used."""
        path = str(path).removeprefix("sqlite:///")
        if not (memory := path in ("", ":memory:")):
            _check_path(path)
        engine = create_engine(
            URL.create("sqlite", database=None if memory else path),
            connect_args={"timeout": 30, "check_same_thread": False},
            **({"poolclass": StaticPool} if memory else {}))
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        try:
            with engine.connect() as conn, conn.execution_options(**_WRITE).begin():
                s.create_schema(conn, path)
        except Exception as exc:
            engine.dispose()
            if isinstance(exc, (SQLAlchemyError, sqlite3.Error)):
                reason = getattr(exc, "orig", None) or exc
                raise BadInput(f"{path}: cannot open as an SQLite database ({reason})") from None
            raise
        with engine.connect() as conn:  # WAL persists in the file; set it outside a BEGIN
            conn.connection.driver_connection.execute("PRAGMA journal_mode=WAL")
        return cls(engine, path)

    def close(self) -> None:
        """Release the database file."""
        self._engine.dispose()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id is stored (then ingesting it again adds nothing)."""
        with self._engine.connect() as conn:
            return _has_document(conn, doc_id)

    def add_extraction(self, extraction: Extraction) -> IngestResult:
        """Store one document's extraction in one transaction; a known document adds nothing."""
        doc = extraction.document
        with self._engine.connect() as conn, conn.execution_options(**_WRITE).begin():
            if _has_document(conn, doc.id):
                return IngestResult(doc.id, added=False)
            result = IngestResult(doc.id, added=True)
            extraction = assign_ids(extraction, self._identity_index(conn))
            _check_references(conn, extraction)
            conn.execute(s.documents.insert().values(
                id=doc.id, title=doc.title, url=doc.url, source=doc.source,
                published=doc.published, language=doc.language, text=doc.text,
                text_sha256=hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
                ingested_at=dt.datetime.now(dt.timezone.utc)))
            result.entities, result.mentions = _write_entities(conn, extraction)
            result.relations, result.evidence = _write_relations(conn, extraction)
            result.events = _insert(conn, s.events, [
                {"document_id": doc.id, "type": e.type, "data": asdict(e)}
                for e in extraction.events])
            result.claims = _insert(conn, s.claims, [
                {"document_id": doc.id, "kind": c.kind, "speaker": c.speaker, "data": asdict(c)}
                for c in extraction.claims])
            self._identity_size += result.entities
        return result

    def _identity_index(self, conn: Connection) -> IdentityIndex:
        """The index of stored entities that cross-document identity matches against: kept in
        memory, rebuilt when another process has added entities since it was built."""
        size = conn.execute(select(func.count()).select_from(s.entities)).scalar_one()
        if self._identity is None or size != self._identity_size:
            index = IdentityIndex()
            types = dict(conn.execute(select(s.entities.c.id, s.entities.c.type)).all())
            names: dict[str, list[str]] = {i: [] for i in types}
            for ent_id, name in conn.execute(select(s.entities.c.id, s.entities.c.name)):
                names[ent_id].append(name)
            for ent_id, alias in conn.execute(select(s.aliases.c.entity_id, s.aliases.c.alias)):
                names[ent_id].append(alias)
            for ent_id, ent_type in types.items():
                index.add(ent_id, ent_type, names[ent_id])
            self._identity, self._identity_size = index, size
        return self._identity

    def find(self, name: str) -> list[str]:
        """Ids of the stored entities that `name` names (an id, a name or alias in any case, a
        gazetteer alias or acronym, a transliteration), most mentioned first."""
        a, e = s.aliases.c, s.entities.c
        wanted = name.strip()
        with self._engine.connect() as conn:
            found = set(conn.execute(select(e.id).where(e.id == wanted)).scalars())
            found |= set(conn.execute(select(a.entity_id).where(
                func.lower(a.alias) == wanted.lower())).scalars())
            found |= set(conn.execute(select(e.id).where(
                func.lower(e.name) == wanted.lower())).scalars())
            if not found:
                known = set(conn.execute(select(e.id).where(
                    e.id.in_(gazetteer_ids(wanted)))).scalars())
                found |= known
            if not found:
                index = self._identity_index(conn)
                for ent_type in ("ARMED_GROUP", "PERSON", "PLACE", "COUNTRY"):
                    match = index.match(ent_type, [wanted])
                    if match:
                        found.add(match)
            counts = dict(conn.execute(select(s.mentions.c.entity_id, func.count()).where(
                s.mentions.c.entity_id.in_(found)).group_by(s.mentions.c.entity_id)).all())
        return sorted(found, key=lambda i: (-counts.get(i, 0), i))

    def documents(self, include_text: bool = False) -> list[dict[str, Any]]:
        """Stored documents in ingest order (without their text unless asked)."""
        d = s.documents.c
        with self._engine.connect() as conn:
            rows = conn.execute(select(*[c for c in d if include_text or c.name != "text"])
                                .order_by(d.ingested_at, d.id)).mappings().all()
        utc = dt.timezone.utc  # SQLite hands back the naive UTC time that was stored
        return [{**row, "ingested_at": row["ingested_at"].replace(tzinfo=utc).isoformat()}
                for row in rows]

    def search(self, query: str | None = None, entity_type: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Entities whose id, name or an alias contains `query` (any case), or that `query`
        names as `find` resolves it; all entities without a query. Most mentioned first."""
        a, e = s.aliases.c, s.entities.c
        ids: list[str] | None = None
        if query:
            needle = f"%{query.strip().lower()}%"
            with self._engine.connect() as conn:
                found = set(conn.execute(select(a.entity_id).where(
                    func.lower(a.alias).like(needle))).scalars())
                found |= set(conn.execute(select(e.id).where(
                    func.lower(e.name).like(needle) | e.id.like(needle))).scalars())
            ids = sorted(found | set(self.find(query)))
        rows = [r for r in self.entities(ids) if not entity_type or r["type"] == entity_type]
        rows.sort(key=lambda r: (-r["mention_count"], r["name"].lower()))
        return rows[:limit] if limit else rows

    def entities(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Entities (all, or those with these ids) with their aliases (most frequent first),
        alias counts and mention/document counts."""
        a, m, e = s.aliases.c, s.mentions.c, s.entities.c
        with self._engine.connect() as conn:
            query = select(s.entities).order_by(e.id)
            aliases = select(a.entity_id, a.alias, a.count).order_by(
                a.entity_id, a.count.desc(), a.alias)
            stats = select(m.entity_id, func.count(), func.count(m.document_id.distinct()))
            if ids is not None:
                query = query.where(e.id.in_(ids))
                aliases = aliases.where(a.entity_id.in_(ids))
                stats = stats.where(m.entity_id.in_(ids))
            rows = conn.execute(query).mappings().all()
            names: dict[str, dict[str, int]] = {}
            for ent_id, alias, count in conn.execute(aliases):
                names.setdefault(ent_id, {})[alias] = count
            counts = {r[0]: r[1:] for r in conn.execute(stats.group_by(m.entity_id))}
        return [{**row, "aliases": list(names.get(row["id"], {})),
                 "alias_counts": names.get(row["id"], {}),
                 "mention_count": counts.get(row["id"], (0, 0))[0],
                 "document_count": counts.get(row["id"], (0, 0))[1]} for row in rows]

    def relations(self, entity_id: str | None = None) -> list[dict[str, Any]]:
        """Merged relations (all, or those of one entity), each with its evidence, documents
        and first/last seen dates."""
        e, d, r = s.evidence.c, s.documents.c, s.relations.c
        query = select(s.relations).order_by(r.id)
        if entity_id is not None:
            query = query.where((r.subject == entity_id) | (r.object == entity_id))
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            ev_query = (select(e.relation_id, e.document_id, e.sentence, e.start, e.end,
                               d.published)
                        .join(s.documents, d.id == e.document_id)
                        .order_by(e.relation_id, d.published, e.document_id, e.start))
            if entity_id is not None:
                ev_query = ev_query.where(e.relation_id.in_([row["id"] for row in rows]))
            ev_rows = conn.execute(ev_query).all()
        evidence: dict[int, list[dict[str, Any]]] = {}
        for ev in ev_rows:
            evidence.setdefault(ev.relation_id, []).append(
                {k: v for k, v in ev._mapping.items() if k != "relation_id"})
        out = []
        for row in rows:
            items = evidence.get(row["id"], [])
            dates = sorted(i["published"][:10] for i in items
                           if _ISO_DATE.match(i["published"] or ""))
            out.append({**row, "evidence_count": len(items),
                        "documents": list(dict.fromkeys(i["document_id"] for i in items)),
                        "first_seen": dates[0] if dates else None,
                        "last_seen": dates[-1] if dates else None, "evidence": items})
        return out

    def events(self) -> list[dict[str, Any]]:
        """Stored events: the extraction's event dict plus `id` and `document_id`."""
        return self._data_rows(s.events)

    def claims(self) -> list[dict[str, Any]]:
        """Stored claims: the extraction's claim dict plus `id` and `document_id`."""
        return self._data_rows(s.claims)

    def counts(self) -> dict[str, int]:
        """Row counts per table (documents, entities, aliases, mentions, relations, ...)."""
        with self._engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in s.metadata.sorted_tables if t is not s.meta}

    def _data_rows(self, table: Any) -> list[dict[str, Any]]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.id)).mappings().all()
        return [{"id": r["id"], "document_id": r["document_id"], **r["data"]} for r in rows]


def _check_path(path: str) -> None:
    target, parent = Path(path), Path(path).parent
    if target.is_dir():
        raise BadInput(f"{path}: is a directory, not an SQLite database")
    if target.exists():  # a file that is not SQLite fails later: "file is not a database"
        if not os.access(target, os.R_OK | os.W_OK):
            raise BadInput(f"{path}: database file is not readable and writable")
        return
    if not parent.is_dir():
        raise BadInput(f"{path}: cannot create the database, folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"{path}: cannot create the database, folder {parent} is not writable")


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # the driver's own BEGINs off: _on_begin emits ours
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("allegiance_begin", ""))


def _has_document(conn: Connection, doc_id: str) -> bool:
    return conn.execute(select(s.documents.c.id).where(
        s.documents.c.id == doc_id)).first() is not None


def _check_references(conn: Connection, extraction: Extraction) -> None:
    """Every relation must name entities of this extraction or of the store."""
    refs = {x for r in extraction.relations for x in (r.subject, r.object)}
    missing = refs - {e.id for e in extraction.entities}
    missing -= set(conn.execute(select(s.entities.c.id).where(
        s.entities.c.id.in_(list(missing)))).scalars())
    if missing:
        raise InvalidData(f"document {extraction.document.id}: relations refer to unknown "
                          f"entities {', '.join(sorted(missing))}")


def _write_entities(conn: Connection, extraction: Extraction) -> tuple[int, int]:
    """Merge the extraction's entities and aliases into the store; add its mentions."""
    doc_id = extraction.document.id
    rows: dict[str, dict[str, Any]] = {}
    alias_counts: dict[str, Counter[str]] = {}
    spans: dict[tuple[int, int, str], dict[str, Any]] = {}
    for ent in extraction.entities:  # an id listed twice in one extraction is merged first
        row = rows.setdefault(ent.id, {"type": ent.type, "name": ent.name,
                                       "external_ids": {}, "attributes": {}})
        row["external_ids"] = {**ent.external_ids, **row["external_ids"]}
        row["attributes"] = {**ent.attributes, **row["attributes"]}
        counts = alias_counts.setdefault(ent.id, Counter())
        counts.update(m.text for m in ent.mentions)
        for alias in ent.aliases:  # a listed alias never seen as a mention counts once
            counts.setdefault(alias, 1)
        for m in ent.mentions:
            spans.setdefault((m.start, m.end, ent.id), {
                "document_id": doc_id, "entity_id": ent.id, "start": m.start,
                "end": m.end, "text": m.text, "sentence": m.sentence})
    new = 0
    for ent_id, row in rows.items():  # keep first type/name; add unknown ids/attributes
        new += _upsert(conn, s.entities, {"id": ent_id}, row, lambda old: {
            "external_ids": {**row["external_ids"], **old["external_ids"]},
            "attributes": {**row["attributes"], **old["attributes"]}})[0]
        for alias, n in alias_counts[ent_id].items():
            _upsert(conn, s.aliases, {"entity_id": ent_id, "alias": alias}, {"count": n},
                    lambda old: {"count": old["count"] + n})
    return new, _insert(conn, s.mentions, list(spans.values()))


def _write_relations(conn: Connection, extraction: Extraction) -> tuple[int, int]:
    """Merge the extraction's relations into the store; add their evidence."""
    doc_id = extraction.document.id
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for rel in extraction.relations:  # the same edge twice in one extraction is merged first
        key = (rel.subject, rel.predicate, rel.object, rel.polarity, rel.modality)
        row = rows.setdefault(key, {"confidence": rel.confidence, "attributes": {},
                                    "evidence": {}})
        row["confidence"] = max(row["confidence"], rel.confidence)
        row["attributes"] = {**rel.attributes, **row["attributes"]}
        for ev in rel.evidence:
            row["evidence"].setdefault((ev.start, ev.end), ev.sentence)
    new, evidence_rows = 0, []
    for key, row in rows.items():
        created, rel_id = _upsert(
            conn, s.relations, dict(zip(_RELATION_KEY, key)),
            {"confidence": row["confidence"], "attributes": row["attributes"]},
            lambda old: {"confidence": max(old["confidence"], row["confidence"]),
                         "attributes": {**row["attributes"], **old["attributes"]}})
        new += created
        evidence_rows += [{"relation_id": rel_id, "document_id": doc_id, "sentence": text,
                           "start": a, "end": b} for (a, b), text in row["evidence"].items()]
    return new, _insert(conn, s.evidence, evidence_rows)


def _upsert(conn: Connection, table: Any, key: dict[str, Any], row: dict[str, Any],
            merge: Callable[[Any], dict[str, Any]]) -> tuple[bool, Any]:
    """Insert key+row, or update the row at `key` with `merge(old)`: (created, row id)."""
    where = and_(*(table.c[k] == v for k, v in key.items()))
    old = conn.execute(select(table).where(where)).mappings().first()
    if old is None:
        pk = conn.execute(table.insert().values(**key, **row)).inserted_primary_key
        return True, pk[0] if pk else None
    changes = {k: v for k, v in merge(old).items() if old[k] != v}
    if changes:
        conn.execute(table.update().where(where).values(**changes))
    return False, old.get("id")


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> int:
    if rows:
        conn.execute(table.insert(), rows)
    return len(rows)

"""The store: extractions in, merged evidence-backed graph out, on SQLite or PostgreSQL.

Each write (`add_extraction`, `add_duplicate`, `replace_extraction`, a decision) is one
transaction that first takes the store's write lock (SQLite's ``BEGIN IMMEDIATE``, an advisory
lock on PostgreSQL), so its read-then-write merges are safe against a second ingest process, and
an interrupted ingest (error, Ctrl-C, kill) leaves no trace while earlier documents stay intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import BadInput, InvalidData
from ..model import Document, Extraction
from ..resolve.identity import IdentityIndex, assign_ids
from . import schema as s
from .engine import WRITE, is_postgres, label, make_engine
from .migrate import upgrade

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # published dates usable for first/last seen
_RELATION_KEY = ("subject", "predicate", "object", "polarity", "modality")


@dataclass
class IngestResult:
    """What a write stored: new entities/relations (not merges), rows otherwise."""

    document_id: str
    added: bool
    duplicate_of: str | None = None  # set when stored as a near-duplicate of that document
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0
    events: int = 0
    claims: int = 0


class Store:
    """A knowledge-graph store; open it with `Store.open(db)` (an SQLite path or a
    ``postgresql://`` URL)."""

    def __init__(self, engine: Engine, db: str):
        self._engine = engine
        self.db = db
        self.path = label(db)  # the store as shown to users (no password)
        self.dialect = engine.dialect.name
        self._identity: IdentityIndex | None = None
        self._identity_size = -1  # entity count the index was built at

    @classmethod
    def open(cls, db: str | Any) -> Store:
        """Open (creating and migrating if needed) the store `db`; `BadInput` if it cannot be
        used."""
        db = str(db)
        engine = make_engine(db)
        try:
            with engine.connect() as conn, conn.execution_options(**WRITE).begin():
                upgrade(conn, label(db))
        except Exception as exc:
            engine.dispose()
            if isinstance(exc, (SQLAlchemyError, sqlite3.Error)):
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                kind = "a PostgreSQL store" if is_postgres(db) else "an SQLite database"
                raise BadInput(f"{label(db)}: cannot open as {kind} ({reason})") from None
            raise
        if engine.dialect.name == "sqlite" and db not in ("", ":memory:"):
            with engine.connect() as conn:  # WAL persists in the file; set it outside a BEGIN
                conn.connection.driver_connection.execute("PRAGMA journal_mode=WAL")
        return cls(engine, db)

    def close(self) -> None:
        """Release the database."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _write(self):
        """A connection in a writing transaction (holding the store's write lock)."""
        return _Transaction(self._engine)

    # --- documents in ------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id is stored (then ingesting it again adds nothing)."""
        with self._engine.connect() as conn:
            return _has_document(conn, doc_id)

    def document_with_text(self, text: str) -> str | None:
        """The id of a stored document with exactly this text, if any."""
        with self._engine.connect() as conn:
            return conn.execute(select(s.documents.c.id).where(
                s.documents.c.text_sha256 == _sha256(text)).order_by(
                s.documents.c.id)).scalars().first()

    def band_candidates(self, bands: list[str]) -> dict[str, list[int]]:
        """Stored originals (not duplicates) sharing a MinHash band: id → signature."""
        b, d = s.document_bands.c, s.documents.c
        with self._engine.connect() as conn:
            rows = conn.execute(select(d.id, d.minhash).where(d.id.in_(
                select(b.document_id).where(b.band.in_(bands)))).where(
                d.duplicate_of.is_(None)).order_by(d.id)).all()
        return {row.id: row.minhash for row in rows if row.minhash}

    def add_extraction(self, extraction: Extraction, minhash: list[int] | None = None,
                       bands: Iterable[str] = (), pipeline: str | None = None) -> IngestResult:
        """Store one document's extraction in one transaction; a known document adds nothing.
        `minhash`/`bands` index it for near-duplicate detection; `pipeline` names the
        extractor version."""
        doc = extraction.document
        with self._write() as conn:
            if _has_document(conn, doc.id):
                return IngestResult(doc.id, added=False)
            _insert_document(conn, doc, minhash=minhash, extracted_with=pipeline)
            _insert(conn, s.document_bands, [{"band": b, "document_id": doc.id}
                                             for b in sorted(set(bands))])
            result = self._write_extraction(conn, extraction)
        return result

    def add_duplicate(self, document: Document, duplicate_of: str,
                      similarity: float) -> IngestResult:
        """Store a near-duplicate (a republished copy) linked to `duplicate_of`: kept and
        counted as a republication, never extracted, so its sentences are not evidence twice."""
        with self._write() as conn:
            if _has_document(conn, document.id):
                return IngestResult(document.id, added=False)
            _insert_document(conn, document, duplicate_of=duplicate_of,
                             similarity=round(similarity, 4))
        return IngestResult(document.id, added=True, duplicate_of=duplicate_of)

    def replace_extraction(self, extraction: Extraction, pipeline: str | None = None
                           ) -> IngestResult:
        """Replace what was extracted from a stored document by a new extraction of it (in
        one transaction): the re-extraction path. Analysts' decisions are not touched."""
        doc = extraction.document
        with self._write() as conn:
            if not _has_document(conn, doc.id):
                raise BadInput(f"document {doc.id} is not in {self.path}")
            _remove_extracted(conn, doc.id)
            self._identity = None
            conn.execute(update(s.documents).where(s.documents.c.id == doc.id).values(
                extracted_with=pipeline))
            return self._write_extraction(conn, extraction)

    def _write_extraction(self, conn: Connection, extraction: Extraction) -> IngestResult:
        doc = extraction.document
        result = IngestResult(doc.id, added=True)
        extraction = assign_ids(extraction, self._identity_index(conn))
        _check_references(conn, extraction)
        result.entities, result.mentions = _write_entities(conn, extraction)
        result.relations, result.evidence = _write_relations(conn, extraction)
        for ev in extraction.events:
            event_id = conn.execute(s.events.insert().values(
                document_id=doc.id, type=ev.type, data=asdict(ev))).inserted_primary_key[0]
            roles = {(a, "actor") for a in ev.actors} | {(t, "target") for t in ev.targets}
            if ev.place:
                roles.add((ev.place, "place"))
            _insert(conn, s.event_entities, [{"event_id": event_id, "entity_id": e, "role": r}
                                             for e, r in sorted(roles)])
        result.events = len(extraction.events)
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
            for ent_id, alias in conn.execute(select(s.aliases.c.entity_id, s.aliases.c.alias)
                                              .order_by(s.aliases.c.entity_id,
                                                        s.aliases.c.alias)):
                names[ent_id].append(alias)
            for ent_id in sorted(types):
                index.add(ent_id, types[ent_id], names[ent_id])
            self._identity, self._identity_size = index, size
        return self._identity

    # --- analysts' decisions -----------------------------------------------------------

    def add_decision(self, kind: str, data: dict[str, Any], note: str | None = None,
                     analyst: str | None = None) -> int:
        """Record an analyst's decision; returns its id."""
        with self._write() as conn:
            return conn.execute(s.decisions.insert().values(
                kind=kind, data=data, note=note, analyst=analyst, active=True,
                created_at=dt.datetime.now(dt.timezone.utc))).inserted_primary_key[0]

    def decisions(self, include_withdrawn: bool = False) -> list[dict[str, Any]]:
        """Decisions in the order they were taken (withdrawn ones only when asked)."""
        d = s.decisions.c
        query = select(s.decisions).order_by(d.id)
        if not include_withdrawn:
            query = query.where(d.active.is_(True))
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [{**row, "data": _canon(row["data"]), "created_at": _utc(row["created_at"])}
                for row in rows]

    def withdraw_decision(self, decision_id: int) -> bool:
        """Withdraw (undo) a decision; False if there is no active decision with that id."""
        d = s.decisions.c
        with self._write() as conn:
            done = conn.execute(update(s.decisions).where(d.id == decision_id).where(
                d.active.is_(True)).values(active=False))
            return done.rowcount > 0

    # --- reading -----------------------------------------------------------------------

    def find(self, name: str) -> list[str]:
        """Ids of the stored entities that `name` names (an id, a name or alias in any case, a
        gazetteer alias or acronym, a transliteration), most mentioned first."""
        a, e = s.aliases.c, s.entities.c
        wanted = name.strip()
        with self._engine.connect() as conn:
            if conn.execute(select(e.id).where(e.id == wanted)).first():
                return [wanted]  # an id names one entity
            found = set(conn.execute(select(a.entity_id).where(
                func.lower(a.alias) == wanted.lower())).scalars())
            found |= set(conn.execute(select(e.id).where(
                func.lower(e.name) == wanted.lower())).scalars())
            if not found:
                from ..resolve.linking import gazetteer_ids  # loads spaCy: only when needed

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

    def documents(self, ids: Iterable[str] | None = None, include_text: bool = False
                  ) -> list[dict[str, Any]]:
        """Stored documents (all, or these) in ingest order, without their text unless asked
        and without their MinHash signature."""
        d = s.documents.c
        query = select(*[c for c in d if c.name != "minhash" and (
            include_text or c.name != "text")]).order_by(d.ingested_at, d.id)
        if ids is not None:
            query = query.where(d.id.in_(list(ids)))
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [{**row, "ingested_at": _utc(row["ingested_at"])} for row in rows]

    def document_texts(self) -> Iterable[Document]:
        """Every stored original (not a near-duplicate) as a `Document`, in ingest order."""
        d = s.documents.c
        with self._engine.connect() as conn:
            ids = conn.execute(select(d.id).where(d.duplicate_of.is_(None)).order_by(
                d.ingested_at, d.id)).scalars().all()
        for doc_id in ids:
            with self._engine.connect() as conn:
                row = conn.execute(select(s.documents).where(d.id == doc_id)).mappings().one()
            yield Document(row["id"], row["text"], row["title"], row["url"], row["source"],
                           row["published"], row["language"])

    def search_ids(self, query: str) -> set[str]:
        """Ids of the entities whose id, name or an alias contains `query` (any case), or
        that `query` names as `find` resolves it."""
        a, e = s.aliases.c, s.entities.c
        needle = f"%{query.strip().lower()}%"
        with self._engine.connect() as conn:
            found = set(conn.execute(select(a.entity_id).where(
                func.lower(a.alias).like(needle))).scalars())
            found |= set(conn.execute(select(e.id).where(
                func.lower(e.name).like(needle) | e.id.like(needle))).scalars())
        return found | set(self.find(query))

    def entities(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Entities (all, or those with these ids) with their aliases (most frequent first),
        alias counts and mention/document counts."""
        a, m, e = s.aliases.c, s.mentions.c, s.entities.c
        ids = None if ids is None else sorted(set(ids))
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
        return [{**row, "external_ids": _canon(row["external_ids"]),
                 "attributes": _canon(row["attributes"]),
                 "aliases": list(names.get(row["id"], {})),
                 "alias_counts": names.get(row["id"], {}),
                 "mention_count": counts.get(row["id"], (0, 0))[0],
                 "document_count": counts.get(row["id"], (0, 0))[1]} for row in rows]

    def labels(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id → (name, type) of these entities: the light lookup for display."""
        e = s.entities.c
        out: dict[str, tuple[str, str]] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(sorted(set(ids)), 5000):
                out.update({row.id: (row.name, row.type) for row in conn.execute(
                    select(e.id, e.name, e.type).where(e.id.in_(chunk)))})
        return out

    def mentions(self, entity_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The mentions of these entities (document, offsets, text), in document order."""
        m = s.mentions.c
        with self._engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(s.mentions).where(
                m.entity_id.in_(sorted(set(entity_ids)))).order_by(
                m.document_id, m.start, m.end, m.entity_id)).mappings()]

    def relations(self, entity_ids: Iterable[str] | None = None, *,
                  predicates: Iterable[str] | None = None, min_evidence: int = 1,
                  since: str | None = None, until: str | None = None,
                  with_evidence: bool = True, relation_ids: Iterable[int] | None = None,
                  evidence_limit: int | None = None) -> list[dict[str, Any]]:
        """Merged relations (all, those touching these entities, or those with these ids),
        each with its aggregates
        (evidence count, documents, first/last seen) and, unless told not to, its evidence
        with each document's date, source, title and url. `since`/`until` keep relations
        seen in that window (ISO dates, inclusive). `evidence_limit` keeps the earliest few
        evidence items of each relation (the counts stay those of all its evidence)."""
        r = s.relations.c
        query = select(s.relations).where(r.evidence_count >= min_evidence).order_by(r.id)
        if entity_ids is not None:
            ids = sorted(set(entity_ids))
            query = query.where(or_(r.subject.in_(ids), r.object.in_(ids)))
        if predicates:
            query = query.where(r.predicate.in_(sorted(set(predicates))))
        if relation_ids is not None:
            query = query.where(r.id.in_(sorted(set(relation_ids))))
        if since:
            query = query.where(r.last_seen >= since)
        if until:
            query = query.where(r.first_seen <= until)
        with self._engine.connect() as conn:
            rows = [{**row, "attributes": _canon(row["attributes"])}
                    for row in conn.execute(query).mappings()]
            evidence = _evidence(conn, [row["id"] for row in rows], evidence_limit) \
                if with_evidence else {}
        for row in rows:
            items = evidence.get(row["id"], [])
            row["evidence"] = items
            row["documents"] = list(dict.fromkeys(i["document_id"] for i in items))
        return rows

    def edges(self, entity_ids: Iterable[str] | None = None,
              predicates: Iterable[str] | None = None) -> list[tuple]:
        """Light rows for graph algorithms: (id, subject, predicate, object, polarity,
        modality, evidence_count, first_seen, last_seen), touching these entities or all."""
        r = s.relations.c
        query = select(r.id, r.subject, r.predicate, r.object, r.polarity, r.modality,
                       r.evidence_count, r.first_seen, r.last_seen).order_by(r.id)
        if entity_ids is not None:
            ids = sorted(set(entity_ids))
            query = query.where(or_(r.subject.in_(ids), r.object.in_(ids)))
        if predicates:
            query = query.where(r.predicate.in_(sorted(set(predicates))))
        with self._engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def events(self, entity_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Stored events (all, or those involving these entities): the extraction's event
        dict plus `id`, `document_id` and the document's `published` date."""
        query = None
        if entity_ids is not None:
            x = s.event_entities.c
            query = select(x.event_id).where(x.entity_id.in_(sorted(set(entity_ids))))
        return self._data_rows(s.events, query)

    def claims(self) -> list[dict[str, Any]]:
        """Stored claims: the extraction's claim dict plus `id`, `document_id` and the
        document's `published` date."""
        return self._data_rows(s.claims)

    def counts(self) -> dict[str, int]:
        """Row counts per table (documents, entities, aliases, mentions, relations, ...)."""
        with self._engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in s.metadata.sorted_tables if t is not s.meta}

    def _data_rows(self, table: Any, ids: Any = None) -> list[dict[str, Any]]:
        d = s.documents.c
        query = (select(table, d.published).join(s.documents, d.id == table.c.document_id)
                 .order_by(table.c.id))
        if ids is not None:
            query = query.where(table.c.id.in_(ids))
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [{"id": r["id"], "document_id": r["document_id"], "published": r["published"],
                 **_canon(r["data"])} for r in rows]


class _Transaction:
    """``with _Transaction(engine) as conn:`` — a writing transaction, committed on success."""

    def __init__(self, engine: Engine):
        self._conn = engine.connect().execution_options(**WRITE)
        self._tx = None

    def __enter__(self) -> Connection:
        self._tx = self._conn.begin()
        return self._conn

    def __exit__(self, exc_type: Any, *rest: object) -> None:
        try:
            if exc_type is None:
                self._tx.commit()
            else:
                self._tx.rollback()
        finally:
            self._conn.close()


def _canon(value: Any) -> Any:
    """JSON as read back with its keys sorted (JSONB reorders keys, JSON keeps them as
    written): the two stores then hand back identical values."""
    if isinstance(value, dict):
        return {k: _canon(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return value


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utc(value: dt.datetime | None) -> str | None:
    """A stored time as ISO 8601 UTC (SQLite hands back the naive UTC time that was stored)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat()


def _has_document(conn: Connection, doc_id: str) -> bool:
    return conn.execute(select(s.documents.c.id).where(
        s.documents.c.id == doc_id)).first() is not None


def _insert_document(conn: Connection, doc: Document, **extra: Any) -> None:
    conn.execute(s.documents.insert().values(
        id=doc.id, title=doc.title, url=doc.url, source=doc.source,
        published=doc.published, language=doc.language, text=doc.text,
        text_sha256=_sha256(doc.text), ingested_at=dt.datetime.now(dt.timezone.utc), **extra))


def _evidence(conn: Connection, relation_ids: list[int], limit: int | None = None
              ) -> dict[int, list[dict[str, Any]]]:
    e, d = s.evidence.c, s.documents.c
    out: dict[int, list[dict[str, Any]]] = {}
    order = (d.published, e.document_id, e.start)
    for chunk in _chunks(relation_ids, 5000):
        query = (select(e.relation_id, e.document_id, e.sentence, e.start, e.end, d.published,
                        d.source, d.title, d.url)
                 .join(s.documents, d.id == e.document_id).where(e.relation_id.in_(chunk)))
        if limit:
            rank = func.row_number().over(partition_by=e.relation_id, order_by=order)
            ranked = query.add_columns(rank.label("rank")).subquery()
            query = select(*[c for c in ranked.c if c.name != "rank"]).where(
                ranked.c.rank <= limit)
            query = query.order_by(ranked.c.relation_id, ranked.c.published,
                                   ranked.c.document_id, ranked.c.start)
        else:
            query = query.order_by(e.relation_id, *order)
        rows = conn.execute(query).all()
        for ev in rows:
            out.setdefault(ev.relation_id, []).append(
                {k: v for k, v in ev._mapping.items() if k != "relation_id"})
    return out


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _refresh_relations(conn: Connection, relation_ids: Iterable[int]) -> None:
    """Recompute the evidence aggregates of these relations from their evidence rows."""
    e, d, r = s.evidence.c, s.documents.c, s.relations.c
    day = func.substr(d.published, 1, 10)
    dated = and_(e.relation_id == r.id, d.published.like("____-__-__%"))
    joined = s.evidence.join(s.documents, d.id == e.document_id)
    for chunk in _chunks(sorted(set(relation_ids)), 500):
        conn.execute(update(s.relations).where(r.id.in_(chunk)).values(
            evidence_count=select(func.count()).where(e.relation_id == r.id)
            .scalar_subquery(),
            document_count=select(func.count(e.document_id.distinct()))
            .where(e.relation_id == r.id).scalar_subquery(),
            first_seen=select(func.min(day)).select_from(joined).where(dated)
            .scalar_subquery(),
            last_seen=select(func.max(day)).select_from(joined).where(dated)
            .scalar_subquery()))


def _remove_extracted(conn: Connection, doc_id: str) -> None:
    """Take back everything one document contributed (mentions, alias counts, evidence,
    events, claims); drop relations and entities nothing else supports any more."""
    m, e, r, a = s.mentions.c, s.evidence.c, s.relations.c, s.aliases.c
    relation_ids = set(conn.execute(select(e.relation_id).distinct().where(
        e.document_id == doc_id)).scalars())
    texts = conn.execute(select(m.entity_id, m.text, func.count()).where(
        m.document_id == doc_id).group_by(m.entity_id, m.text)).all()
    touched = {row[0] for row in texts}
    for ent_id, text, n in texts:
        conn.execute(update(s.aliases).where(a.entity_id == ent_id).where(
            a.alias == text).values(count=a.count - n))
    conn.execute(delete(s.aliases).where(a.count <= 0))
    conn.execute(delete(s.evidence).where(e.document_id == doc_id))
    conn.execute(delete(s.mentions).where(m.document_id == doc_id))
    events = select(s.events.c.id).where(s.events.c.document_id == doc_id)
    conn.execute(delete(s.event_entities).where(s.event_entities.c.event_id.in_(events)))
    conn.execute(delete(s.events).where(s.events.c.document_id == doc_id))
    conn.execute(delete(s.claims).where(s.claims.c.document_id == doc_id))
    _refresh_relations(conn, relation_ids)
    for row in conn.execute(select(r.subject, r.object).where(r.id.in_(relation_ids))):
        touched.update(row)
    conn.execute(delete(s.relations).where(r.evidence_count == 0))
    # entities left without a mention, a relation or an event are gone with the document
    for ent_id in sorted(touched):
        used = (conn.execute(select(m.entity_id).where(m.entity_id == ent_id)).first()
                or conn.execute(select(r.id).where(
                    or_(r.subject == ent_id, r.object == ent_id))).first()
                or conn.execute(select(s.event_entities.c.event_id).where(
                    s.event_entities.c.entity_id == ent_id)).first())
        if not used:
            conn.execute(delete(s.aliases).where(a.entity_id == ent_id))
            conn.execute(delete(s.entities).where(s.entities.c.id == ent_id))


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
    added = _insert(conn, s.evidence, evidence_rows)
    _refresh_relations(conn, {row["relation_id"] for row in evidence_rows})
    return new, added


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

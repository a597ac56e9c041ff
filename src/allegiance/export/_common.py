"""The graph every exporter reads, cleaned once: stable keys, stub nodes, sorted collections.

The query layer hands the exporters a plain dict (format ``allegiance-graph/1``, see
``export/__init__.py``). Any field may be missing or None, a relation may name an entity that
the dict does not list, an evidence item may cite a document it does not describe. ``prepare``
turns that dict into a :class:`Graph` whose collections are complete and sorted by id, so that
each exporter only decides how to write things, never how to repair them, and so that the same
input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..ontology import SYMMETRIC

ENTITY_TYPES = ("ARMED_GROUP", "COUNTRY", "ORGANIZATION", "PERSON", "PLACE")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# ---------------------------------------------------------------------------------------------
# small value helpers


def text(value: Any) -> str:
    """A value as text: None becomes "", everything else ``str``."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def as_float(value: Any) -> float | None:
    """A finite float, or None when the value is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_int(value: Any) -> int | None:
    """An integer, or None when the value is missing or not a whole number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    number = as_float(value)
    if number is None or number != int(number):
        return None
    return int(number)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(value: Any) -> date | None:
    """The calendar day of an ISO date or timestamp ("2019-03-01", "2019-03-01T10:00Z").

    A partial date ("2019", "2019-03") gives its first day; anything else gives None.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(text(value).strip())
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_date(value: Any) -> str:
    """A date as written when it is an ISO date (a prefix such as "2019-03" stays so); else ""."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    raw = text(value).strip()
    match = _DATE.match(raw)
    if not match or parse_date(raw) is None:
        return ""
    return match.group(0)


def to_utc(moment: datetime | date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def sort_key(value: Any) -> tuple:
    """Order ids naturally: numbers by value (2 before 10), then text."""
    raw = text(value)
    if raw.isdigit():
        return (0, int(raw), raw)
    return (1, 0, raw)


def camel(type_name: str) -> str:
    """ARMED_GROUP -> ArmedGroup."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", type_name) if part)


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON with sorted keys and real UTF-8; values JSON cannot hold become their text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, **kwargs)


def stable_hash(value: Any, length: int = 12) -> str:
    return hashlib.sha1(dumps(value).encode("utf-8")).hexdigest()[:length]


# ---------------------------------------------------------------------------------------------
# the prepared graph


@dataclass
class Graph:
    """The export view of an ``allegiance-graph/1`` dict.

    ``entities`` and ``documents`` are keyed by id and include stubs (``"stub": True``) for ids
    that relations, events, claims or evidence name but the dict does not describe. Relations,
    events and claims carry a ``key`` (their id as text, or a content hash when they have none);
    relation evidence items carry a ``key`` of the form ``"<relation key>#<n>"``.
    """

    raw: dict
    entities: dict[str, dict] = field(default_factory=dict)
    relations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)

    def entity_list(self) -> list[dict]:
        return [self.entities[key] for key in sorted(self.entities, key=sort_key)]

    def document_list(self) -> list[dict]:
        return [self.documents[key] for key in sorted(self.documents, key=sort_key)]

    def name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity["name"] if entity else entity_id

    def document_dates(self) -> list[date]:
        dates = [parse_date(doc.get("published")) for doc in self.documents.values()]
        dates += [parse_date(ev.get("published")) for rel in self.relations for ev in rel["evidence"]]
        return [day for day in dates if day is not None]


def created_time(graph: Graph, created: datetime | date | None) -> datetime:
    """The one timestamp an export is stamped with: ``created`` (as UTC) when given, else the
    latest publication date in the graph, else 1970-01-01 — never the clock."""
    if created is not None:
        return to_utc(created)
    dates = graph.document_dates()
    return to_utc(max(dates)) if dates else EPOCH


def _items(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (str, bytes)):
        return []
    try:
        return list(value)
    except TypeError:
        return []


def _strings(value: Any) -> list[str]:
    """A list of non-empty strings from a list, a single string or None (order kept, no repeats)."""
    if isinstance(value, str):
        value = [value]
    seen: list[str] = []
    for item in _items(value):
        item = text(item).strip()
        if item and item not in seen:
            seen.append(item)
    return seen


def _dict(value: Any) -> dict:
    return dict(value) if isinstance(value, dict) else {}


def _key(item: dict, kind: str, taken: set[str]) -> str:
    """The item's id as text; a content hash where it has none; unique within its kind."""
    own = item.get("id")
    key = text(own).strip() if own is not None else ""
    if not key:
        key = f"{kind}-{stable_hash(item)}"
    unique, n = key, 1
    while unique in taken:
        n += 1
        unique = f"{key}~{n}"
    taken.add(unique)
    return unique


def _entity(raw: dict, entity_id: str) -> dict:
    attributes = _dict(raw.get("attributes"))
    external = {text(k): text(v) for k, v in _dict(raw.get("external_ids")).items() if text(v)}
    name = text(raw.get("name")).strip() or entity_id
    aliases = [alias for alias in _strings(raw.get("aliases"))]
    type_name = text(raw.get("type")).strip().upper()
    return {
        "id": entity_id,
        "type": type_name if type_name in ENTITY_TYPES else "",
        "declared_type": text(raw.get("type")),
        "name": name,
        "aliases": aliases,
        "external_ids": external,
        "wikidata": external.get("wikidata", ""),
        "attributes": attributes,
        "lat": as_float(attributes.get("lat", attributes.get("latitude"))),
        "lon": as_float(attributes.get("lon", attributes.get("longitude"))),
        "country": text(attributes.get("country")).strip(),
        "mention_count": as_int(raw.get("mention_count")),
        "document_count": as_int(raw.get("document_count")),
        "stub": False,
    }


def _stub(entity_id: str) -> dict:
    stub = _entity({}, entity_id)
    stub["stub"] = True
    return stub


def _evidence_sort(item: dict) -> tuple:
    return (sort_key(item["document_id"]), as_int(item.get("start")) or 0,
            as_int(item.get("end")) or 0, item["sentence"])


def prepare(raw_graph: Any) -> Graph:
    """Clean an ``allegiance-graph/1`` dict into a :class:`Graph` (see the module docstring)."""
    raw = raw_graph if isinstance(raw_graph, dict) else {}
    graph = Graph(raw=raw)

    for item in _items(raw.get("documents")):
        if not isinstance(item, dict) or not text(item.get("id")).strip():
            continue
        doc_id = text(item.get("id")).strip()
        graph.documents[doc_id] = {
            "id": doc_id,
            "title": text(item.get("title")).strip(),
            "url": text(item.get("url")).strip(),
            "source": text(item.get("source")).strip(),
            "published": iso_date(item.get("published")),
            "reliability": text(item.get("reliability")).strip(),
            "stub": False,
        }

    for item in _items(raw.get("entities")):
        if not isinstance(item, dict) or not text(item.get("id")).strip():
            continue
        entity_id = text(item.get("id")).strip()
        graph.entities[entity_id] = _entity(item, entity_id)

    taken: set[str] = set()
    for item in _items(raw.get("relations")):
        if not isinstance(item, dict):
            continue
        subject = text(item.get("subject")).strip()
        obj = text(item.get("object")).strip()
        if not subject or not obj:
            continue
        key = _key(item, "relation", taken)
        predicate = text(item.get("predicate")).strip().upper() or "RELATED_TO"
        evidence = []
        for ev in _items(item.get("evidence")):
            if not isinstance(ev, dict):
                continue
            evidence.append({
                "document_id": text(ev.get("document_id")).strip(),
                "sentence": text(ev.get("sentence")),
                "start": as_int(ev.get("start")),
                "end": as_int(ev.get("end")),
                "published": iso_date(ev.get("published")),
            })
        evidence.sort(key=_evidence_sort)
        for n, ev in enumerate(evidence):
            ev["key"] = f"{key}#{n}"
        documents = _strings(item.get("documents"))
        for ev in evidence:
            if ev["document_id"] and ev["document_id"] not in documents:
                documents.append(ev["document_id"])
        attributes = _dict(item.get("attributes"))
        confidence = as_float(item.get("confidence"))
        if confidence is not None:
            confidence = min(1.0, max(0.0, confidence))
        evidence_count = as_int(item.get("evidence_count"))
        graph.relations.append({
            "key": key,
            "id": item.get("id"),
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "symmetric": predicate in SYMMETRIC,
            "polarity": text(item.get("polarity")).strip() or "positive",
            "modality": text(item.get("modality")).strip() or "asserted",
            "confidence": confidence,
            "attributes": attributes,
            "kind": ", ".join(_strings(attributes.get("kind"))),
            "role": ", ".join(_strings(attributes.get("role"))),
            "status": text(item.get("status")).strip(),
            "evidence_count": evidence_count if evidence_count is not None else len(evidence),
            "documents": sorted(documents, key=sort_key),
            "sources": sorted(_strings(item.get("sources"))),
            "first_seen": iso_date(item.get("first_seen")),
            "last_seen": iso_date(item.get("last_seen")),
            "evidence": evidence,
        })
    graph.relations.sort(key=lambda rel: sort_key(rel["key"]))

    taken = set()
    for item in _items(raw.get("events")):
        if not isinstance(item, dict):
            continue
        time = _dict(item.get("time"))
        casualties = _dict(item.get("casualties"))
        evidence = _dict(item.get("evidence"))
        graph.events.append({
            "key": _key(item, "event", taken),
            "document_id": text(item.get("document_id")).strip(),
            "type": text(item.get("type")).strip().upper(),
            "mode": text(item.get("mode")).strip(),
            "cameo": text(item.get("cameo")).strip(),
            "acled_event_type": text(item.get("acled_event_type")).strip(),
            "acled_sub_event_type": text(item.get("acled_sub_event_type")).strip(),
            "actors": _strings(item.get("actors")),
            "targets": _strings(item.get("targets")),
            "place": text(item.get("place")).strip(),
            "time_text": text(time.get("text")).strip(),
            "time_start": iso_date(time.get("start")),
            "time_end": iso_date(time.get("end")),
            "killed": as_int(casualties.get("killed")),
            "wounded": as_int(casualties.get("wounded")),
            "kidnapped": as_int(casualties.get("kidnapped")),
            "sentence": text(evidence.get("sentence")),
            "start": as_int(evidence.get("start")),
            "end": as_int(evidence.get("end")),
        })
    graph.events.sort(key=lambda event: sort_key(event["key"]))

    taken = set()
    for item in _items(raw.get("claims")):
        if not isinstance(item, dict):
            continue
        content = _dict(item.get("content"))
        evidence = _dict(item.get("evidence"))
        graph.claims.append({
            "key": _key(item, "claim", taken),
            "document_id": text(item.get("document_id")).strip(),
            "speaker": text(item.get("speaker")).strip(),
            "kind": text(item.get("kind")).strip(),
            "subject": text(content.get("subject")).strip(),
            "predicate": text(content.get("predicate")).strip().upper(),
            "object": text(content.get("object")).strip(),
            "polarity": text(content.get("polarity")).strip(),
            "sentence": text(evidence.get("sentence")),
            "start": as_int(evidence.get("start")),
            "end": as_int(evidence.get("end")),
        })
    graph.claims.sort(key=lambda claim: sort_key(claim["key"]))

    # stubs for everything named but not described
    named: list[str] = []
    for rel in graph.relations:
        named += [rel["subject"], rel["object"]]
    for event in graph.events:
        named += event["actors"] + event["targets"] + ([event["place"]] if event["place"] else [])
    for claim in graph.claims:
        named += [claim[end] for end in ("speaker", "subject", "object") if claim[end]]
    for entity_id in named:
        if entity_id not in graph.entities:
            graph.entities[entity_id] = _stub(entity_id)

    cited: list[str] = []
    for rel in graph.relations:
        cited += rel["documents"]
    cited += [item["document_id"] for item in graph.events + graph.claims]
    for doc_id in cited:
        if doc_id and doc_id not in graph.documents:
            graph.documents[doc_id] = {"id": doc_id, "title": "", "url": "", "source": "",
                                       "published": "", "reliability": "", "stub": True}

    # evidence without its own date takes its document's
    for rel in graph.relations:
        for ev in rel["evidence"]:
            if not ev["published"] and ev["document_id"] in graph.documents:
                ev["published"] = graph.documents[ev["document_id"]]["published"]
    return graph


def relation_label(rel: dict, graph: Graph | None = None) -> str:
    """A readable one-line statement of a relation, with names when ``graph`` is given:
    "JNIM ALLY_OF ISGS (negative, denied)"."""
    qualifiers = [rel["polarity"]] if rel["polarity"] != "positive" else []
    if rel["modality"] != "asserted":
        qualifiers.append(rel["modality"])
    extra = f" ({', '.join(qualifiers)})" if qualifiers else ""
    subject = graph.name(rel["subject"]) if graph else rel["subject"]
    obj = graph.name(rel["object"]) if graph else rel["object"]
    return f"{subject} {rel['predicate']} {obj}{extra}"


def evidence_lines(graph: Graph, rel: dict) -> list[str]:
    """One line per evidence item: the sentence, quoted, with its document and date."""
    lines = []
    for ev in rel["evidence"]:
        doc = graph.documents.get(ev["document_id"], {})
        where = ", ".join(part for part in (ev["document_id"], doc.get("title", ""),
                                             ev["published"], doc.get("url", "")) if part)
        lines.append(f"\"{ev['sentence'].strip()}\" [{where}]" if where else f"\"{ev['sentence'].strip()}\"")
    return lines


def write_text(path: Path, content: str) -> Path:
    """Write UTF-8 text with "\\n" line ends whatever the platform."""
    path.write_text(content, encoding="utf-8", newline="\n")
    return path

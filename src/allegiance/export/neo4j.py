"""Neo4j import files: CSV for ``neo4j-admin database import`` and a LOAD CSV script.

``out`` is a folder; it receives

=================  ==========================================================================
entities.csv       one node per entity (``id:ID``, labels ``Entity;<Type>``, e.g. ``ArmedGroup``);
                   stubs for ids that relations name but the graph does not describe
relations.csv      one relationship per relation, ``:TYPE`` = the predicate (ALLY_OF, PART_OF,
                   ...) with polarity, modality, confidence, counts, first/last seen, kind,
                   role, status and the ids of its evidence (``evidence_ids:string[]``)
documents.csv      one ``Document`` node per document (title, url, source, published, reliability)
evidence.csv       one ``Evidence`` node per evidence item: relation id, subject, predicate,
                   object, document id, date, sentence and its character offsets in the document
events.csv         one ``Event`` node per event (PLOVER type, mode, CAMEO, ACLED, time, casualties)
claims.csv         one ``Claim`` node per claim (kind, speaker, content, sentence)
links.csv          the links between them, for neo4j-admin: (Entity)-[:SUPPORTED_BY]->(Evidence),
                   (Evidence|Event|Claim)-[:FROM]->(Document), (Event)-[:BY|AGAINST|AT]->(Entity),
                   (Claim)-[:SAID_BY|ABOUT]->(Entity)
load.cypher        the same graph through ``LOAD CSV WITH HEADERS FROM 'file:///...'``
=================  ==========================================================================

A relationship in Neo4j cannot point at a node, so a relation's evidence is reached either through
``r.evidence_ids`` (``MATCH (v:Evidence) WHERE v.id IN r.evidence_ids``) or from its two entities:
``(s)-[:SUPPORTED_BY {relation_id}]->(v:Evidence)-[:FROM]->(d:Document)``.

Headers follow the neo4j-admin conventions (``:ID``, ``:START_ID``, ``:END_ID``, ``:TYPE``,
``:LABEL``, typed columns, arrays separated by ';'). Entity ids are the import ids as they are;
the other node files use prefixed import ids (``document:<id>``, ``evidence:<id>``, ...) in an
unnamed ``:ID`` column and keep our id in an ``id`` column, so all files share one id space.
Line breaks inside values become spaces (neo4j-admin needs ``--multiline-fields`` otherwise) and a
';' inside an array element becomes ','. A negative relation keeps its predicate as type: filter on
``r.polarity = 'positive'`` (and on ``r.modality``) when only affirmed facts are wanted.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

from ._common import ENTITY_TYPES, Graph, camel, prepare, text, write_text

__all__ = ["write_neo4j", "FILES", "ENTITY_HEADER", "RELATION_HEADER"]

FILES = ("entities.csv", "relations.csv", "documents.csv", "evidence.csv", "events.csv",
         "claims.csv", "links.csv", "load.cypher")

ENTITY_HEADER = ["id:ID", "name", "type", "aliases:string[]", "wikidata", "lat:float", "lon:float",
                 "country", ":LABEL", "mention_count:int", "document_count:int", "stub:boolean"]
RELATION_HEADER = [":START_ID", ":END_ID", ":TYPE", "polarity", "modality", "confidence:float",
                   "evidence_count:int", "first_seen", "last_seen", "kind", "role", "status",
                   "evidence_ids:string[]", "relation_id", "symmetric:boolean",
                   "document_ids:string[]", "sources:string[]"]
DOCUMENT_HEADER = [":ID", "id", "title", "url", "source", "published", "reliability",
                   "stub:boolean", ":LABEL"]
EVIDENCE_HEADER = [":ID", "id", "relation_id", "subject", "predicate", "object", "document_id",
                   "published", "sentence", "start_offset:int", "end_offset:int", ":LABEL"]
EVENT_HEADER = [":ID", "id", "type", "mode", "cameo", "acled_event_type", "acled_sub_event_type",
                "actors:string[]", "targets:string[]", "place", "time_text", "time_start",
                "time_end", "killed:int", "wounded:int", "kidnapped:int", "document_id",
                "sentence", "start_offset:int", "end_offset:int", ":LABEL"]
CLAIM_HEADER = [":ID", "id", "kind", "speaker", "subject", "predicate", "object", "polarity",
                "document_id", "sentence", "start_offset:int", "end_offset:int", ":LABEL"]
LINK_HEADER = [":START_ID", ":END_ID", ":TYPE", "relation_id", "predicate"]


_BREAKS = re.compile(r"[\r\n]+")


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    cell = value if isinstance(value, str) else str(value)
    if "\n" in cell or "\r" in cell:
        cell = _BREAKS.sub(" ", cell)
    return cell


def _array(values) -> str:
    return ";".join(_cell(value).replace(";", ",") for value in values if text(value))


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def rel_type(predicate: str) -> str:
    """A predicate as a Neo4j relationship type (letters, digits and '_' only)."""
    return re.sub(r"[^A-Z0-9_]", "_", predicate.upper()) or "RELATED_TO"


def _doc_key(doc_id: str) -> str:
    return f"document:{doc_id}"


def _rows(graph: Graph) -> dict[str, tuple[list[str], list[list]]]:
    entities = []
    for entity in graph.entity_list():
        labels = "Entity" + (f";{camel(entity['type'])}" if entity["type"] else "")
        entities.append([entity["id"], entity["name"], entity["type"], _array(entity["aliases"]),
                         entity["wikidata"], entity["lat"], entity["lon"], entity["country"],
                         labels, entity["mention_count"], entity["document_count"], entity["stub"]])

    relations, evidence, links = [], [], []
    for rel in graph.relations:
        relations.append([rel["subject"], rel["object"], rel_type(rel["predicate"]), rel["polarity"],
                          rel["modality"], rel["confidence"], rel["evidence_count"],
                          rel["first_seen"], rel["last_seen"], rel["kind"], rel["role"],
                          rel["status"], _array(ev["key"] for ev in rel["evidence"]), rel["key"],
                          rel["symmetric"], _array(rel["documents"]), _array(rel["sources"])])
        for ev in rel["evidence"]:
            evidence.append([f"evidence:{ev['key']}", ev["key"], rel["key"], rel["subject"],
                             rel["predicate"], rel["object"], ev["document_id"], ev["published"],
                             ev["sentence"], ev["start"], ev["end"], "Evidence"])
            for end in dict.fromkeys((rel["subject"], rel["object"])):
                links.append([end, f"evidence:{ev['key']}", "SUPPORTED_BY", rel["key"],
                              rel["predicate"]])
            if ev["document_id"]:
                links.append([f"evidence:{ev['key']}", _doc_key(ev["document_id"]), "FROM",
                              rel["key"], rel["predicate"]])

    documents = [[_doc_key(doc["id"]), doc["id"], doc["title"], doc["url"], doc["source"],
                  doc["published"], doc["reliability"], doc["stub"], "Document"]
                 for doc in graph.document_list()]

    events = []
    for event in graph.events:
        node = f"event:{event['key']}"
        events.append([node, event["key"], event["type"], event["mode"], event["cameo"],
                       event["acled_event_type"], event["acled_sub_event_type"],
                       _array(event["actors"]), _array(event["targets"]), event["place"],
                       event["time_text"], event["time_start"], event["time_end"], event["killed"],
                       event["wounded"], event["kidnapped"], event["document_id"],
                       event["sentence"], event["start"], event["end"], "Event"])
        links += [[node, actor, "BY", "", ""] for actor in event["actors"]]
        links += [[node, target, "AGAINST", "", ""] for target in event["targets"]]
        if event["place"]:
            links.append([node, event["place"], "AT", "", ""])
        if event["document_id"]:
            links.append([node, _doc_key(event["document_id"]), "FROM", "", ""])

    claims = []
    for claim in graph.claims:
        node = f"claim:{claim['key']}"
        claims.append([node, claim["key"], claim["kind"], claim["speaker"], claim["subject"],
                       claim["predicate"], claim["object"], claim["polarity"],
                       claim["document_id"], claim["sentence"], claim["start"], claim["end"],
                       "Claim"])
        if claim["speaker"]:
            links.append([node, claim["speaker"], "SAID_BY", "", claim["predicate"]])
        for end in dict.fromkeys(e for e in (claim["subject"], claim["object"]) if e):
            links.append([node, end, "ABOUT", "", claim["predicate"]])
        if claim["document_id"]:
            links.append([node, _doc_key(claim["document_id"]), "FROM", "", ""])

    return {
        "entities.csv": (ENTITY_HEADER, entities),
        "relations.csv": (RELATION_HEADER, relations),
        "documents.csv": (DOCUMENT_HEADER, documents),
        "evidence.csv": (EVIDENCE_HEADER, evidence),
        "events.csv": (EVENT_HEADER, events),
        "claims.csv": (CLAIM_HEADER, claims),
        "links.csv": (LINK_HEADER, links),
    }


# ---------------------------------------------------------------------------------------------
# load.cypher


def _col(name: str) -> str:
    return f"row.`{name}`" if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f"row.{name}"


def _value(column: str) -> str:
    """The Cypher expression reading a typed column (empty cells are null in LOAD CSV)."""
    base, _, kind = column.partition(":")
    cell = _col(column)
    if kind == "float":
        return f"toFloat({cell})"
    if kind == "int":
        return f"toInteger({cell})"
    if kind == "boolean":
        return f"({cell} = 'true')"
    if kind == "string[]":
        return f"split({cell}, ';')"
    return cell


def _set(var: str, columns: list[str], skip: tuple[str, ...] = ()) -> str:
    parts = []
    for column in columns:
        name = column.partition(":")[0]
        if not name or name in skip:
            continue
        parts.append(f"{var}.{name} = {_value(column)}")
    return "SET " + ",\n    ".join(parts)


def _load(file: str) -> str:
    return f"LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row"


def _cypher(graph: Graph) -> str:
    predicates = sorted({rel_type(rel["predicate"]) for rel in graph.relations})
    out: list[str] = []
    add = out.append
    add("// Allegiance knowledge graph for Neo4j: evidence-backed relations between armed groups,")
    add("// states, organisations, people and places, with the sentences and documents behind them.")
    add("//")
    add("// Either import the CSV files into an empty database with neo4j-admin (fastest):")
    add("//   neo4j-admin database import full --array-delimiter=';' \\")
    add("//     --nodes=entities.csv --nodes=documents.csv --nodes=evidence.csv \\")
    add("//     --nodes=events.csv --nodes=claims.csv \\")
    add("//     --relationships=relations.csv --relationships=links.csv neo4j")
    add("// or copy the CSV files into the server's import folder and run this script:")
    add("//   cypher-shell -u neo4j -p <password> -f load.cypher")
    add("// The script is idempotent (MERGE on ids): running it twice changes nothing.")
    add("")
    add("// 1. Uniqueness constraints (they also index the ids the script matches on).")
    for label in ("Entity", "Document", "Evidence", "Event", "Claim"):
        add(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    add("")
    add("// 2. Entities, one node each, labelled Entity plus their type (ArmedGroup, Country, ...).")
    add(_load("entities.csv"))
    add(f"MERGE (n:Entity {{id: {_col('id:ID')}}})")
    add(_set("n", ENTITY_HEADER, skip=("id",)))
    for type_name in ENTITY_TYPES:
        add(f"FOREACH (_ IN CASE WHEN row.type = '{type_name}' THEN [1] ELSE [] END | "
            f"SET n:{camel(type_name)})")
    out[-1] += ";"
    add("")
    add("// 3. Documents.")
    add(_load("documents.csv"))
    add("MERGE (d:Document {id: row.id})")
    add(_set("d", DOCUMENT_HEADER, skip=("id",)) + ";")
    add("")
    add("// 4. Relations between entities, one statement per relationship type (Cypher cannot")
    add("//    take a type from a column). ALLY_OF, HOSTILE_TO and NEGOTIATES_WITH are symmetric:")
    add("//    stored once, subject -> object; match them without a direction: (a)-[:ALLY_OF]-(b).")
    add("//    Negative or non-asserted relations keep their type: check r.polarity and r.modality.")
    relation_columns = [c for c in RELATION_HEADER if not c.startswith(":")]
    for predicate in predicates:
        add(_load("relations.csv"))
        add(f"WITH row WHERE {_col(':TYPE')} = '{predicate}'")
        add(f"MATCH (s:Entity {{id: {_col(':START_ID')}}}), (o:Entity {{id: {_col(':END_ID')}}})")
        add(f"MERGE (s)-[r:{predicate} {{relation_id: row.relation_id}}]->(o)")
        add(_set("r", relation_columns, skip=("relation_id",)) + ";")
        add("")
    add("// 5. Evidence: one node per sentence supporting a relation, linked FROM its document;")
    add("//    both entities of the relation point to it: (entity)-[:SUPPORTED_BY]->(evidence).")
    add(_load("evidence.csv"))
    add("MERGE (v:Evidence {id: row.id})")
    add(_set("v", EVIDENCE_HEADER, skip=("id",)))
    add("WITH v, row")
    add("MATCH (s:Entity {id: row.subject}), (o:Entity {id: row.object})")
    add("MERGE (s)-[:SUPPORTED_BY {relation_id: row.relation_id, predicate: row.predicate}]->(v)")
    add("MERGE (o)-[:SUPPORTED_BY {relation_id: row.relation_id, predicate: row.predicate}]->(v)")
    add("WITH v, row")
    add("MATCH (d:Document {id: row.document_id})")
    add("MERGE (v)-[:FROM]->(d);")
    add("")
    add("// 6. Events (who did what to whom, where, when), linked BY their actors, AGAINST their")
    add("//    targets, AT their place and FROM their document.")
    add(_load("events.csv"))
    add("MERGE (e:Event {id: row.id})")
    add(_set("e", EVENT_HEADER, skip=("id",)))
    add("WITH e, row")
    add("FOREACH (actor IN coalesce(split(row.`actors:string[]`, ';'), []) |")
    add("  MERGE (a:Entity {id: actor}) MERGE (e)-[:BY]->(a))")
    add("FOREACH (target IN coalesce(split(row.`targets:string[]`, ';'), []) |")
    add("  MERGE (t:Entity {id: target}) MERGE (e)-[:AGAINST]->(t))")
    add("FOREACH (place IN CASE WHEN row.place IS NULL THEN [] ELSE [row.place] END |")
    add("  MERGE (p:Entity {id: place}) MERGE (e)-[:AT]->(p))")
    add("FOREACH (doc IN CASE WHEN row.document_id IS NULL THEN [] ELSE [row.document_id] END |")
    add("  MERGE (d:Document {id: doc}) MERGE (e)-[:FROM]->(d));")
    add("")
    add("// 7. Claims (promises, denials, demands ...), linked SAID_BY their speaker, ABOUT the")
    add("//    entities of their content and FROM their document.")
    add(_load("claims.csv"))
    add("MERGE (c:Claim {id: row.id})")
    add(_set("c", CLAIM_HEADER, skip=("id",)))
    add("WITH c, row")
    add("FOREACH (speaker IN CASE WHEN row.speaker IS NULL THEN [] ELSE [row.speaker] END |")
    add("  MERGE (s:Entity {id: speaker}) MERGE (c)-[:SAID_BY]->(s))")
    add("FOREACH (about IN [x IN [row.subject, row.object] WHERE x IS NOT NULL] |")
    add("  MERGE (a:Entity {id: about}) MERGE (c)-[:ABOUT]->(a))")
    add("FOREACH (doc IN CASE WHEN row.document_id IS NULL THEN [] ELSE [row.document_id] END |")
    add("  MERGE (d:Document {id: doc}) MERGE (c)-[:FROM]->(d));")
    add("")
    add("// Example: the allies of an entity, with the sentences and documents behind each edge.")
    add("// MATCH (a:Entity {id: 'jnim'})-[r:ALLY_OF {polarity: 'positive'}]-(b:Entity)")
    add("// MATCH (v:Evidence)-[:FROM]->(d:Document) WHERE v.id IN r.evidence_ids")
    add("// RETURN b.name, r.modality, r.confidence, v.sentence, d.title, d.url, d.published;")
    return "\n".join(out) + "\n"


def write_neo4j(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write the files listed in the module docstring into the folder ``out``."""
    prepared = prepare(graph)
    folder = Path(out)
    written = []
    for name, (header, rows) in _rows(prepared).items():
        written.append(write_text(folder / name, _csv(header, rows)))
    written.append(write_text(folder / "load.cypher", _cypher(prepared)))
    return written

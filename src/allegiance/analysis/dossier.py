"""The dossier of one entity (DESIGN §3 `show`): who it is, what it is linked to, on what
evidence, since when — from the graph as decided, plus the reference facts the gazetteer holds.

    dossier(graph, "ISIS") → {"entity": {...}, "sections": {"leaders": [...], "allies": [...],
                              ...}, "relations": [...], "events": [...], "strongest": [...],
                              "reference": {...}, "other_matches": [...]}
"""

from __future__ import annotations

from typing import Any

from ..nlp.gazetteer import load_gazetteer
from .graph import Graph, stance

ENTITY_KEYS = ("id", "type", "name", "aliases", "external_ids", "attributes", "alias_counts",
               "mention_count", "document_count", "merged_from")
RELATION_KEYS = ("subject", "predicate", "object", "polarity", "modality", "confidence",
                 "attributes", "status", "evidence_count", "documents", "sources",
                 "first_seen", "last_seen", "conflicts", "evidence")
# section → (predicate, the entity's side: "subject", "object" or "either")
SECTIONS = {
    "leaders": ("LEADER_OF", "object"), "leads": ("LEADER_OF", "subject"),
    "members": ("MEMBER_OF", "object"), "member_of": ("MEMBER_OF", "subject"),
    "allies": ("ALLY_OF", "either"), "parents": ("PART_OF", "subject"),
    "affiliates": ("PART_OF", "object"), "enemies": ("HOSTILE_TO", "either"),
    "supporters": ("SUPPORTS", "object"), "supports": ("SUPPORTS", "subject"),
    "pledged_to": ("PLEDGED_ALLEGIANCE_TO", "subject"),
    "pledges_received": ("PLEDGED_ALLEGIANCE_TO", "object"),
    "areas": ("OPERATES_IN", "subject"), "present": ("OPERATES_IN", "object"),
    "talks": ("NEGOTIATES_WITH", "either"), "located_in": ("LOCATED_IN", "subject"),
    "contains": ("LOCATED_IN", "object")}
RECENT_EVENTS = 10
STRONGEST = 5


def dossier(graph: Graph, name: str) -> dict[str, Any]:
    """The dossier of the entity that `name` (any alias) resolves to; `NotFound` if none."""
    found = graph.matches(name)
    entity_id = found[0]
    entity = graph.entities([entity_id])[0]
    relations = graph.relations([entity_id])
    others = {r["subject"] for r in relations} | {r["object"] for r in relations}
    names = graph.names(others | {entity_id})
    rows = []
    for rel in sorted(relations, key=lambda r: (-r["evidence_count"], r["predicate"],
                                                r["subject"], r["object"], r["polarity"],
                                                r["modality"])):
        row = {k: rel[k] for k in RELATION_KEYS}
        row["subject_name"] = names[rel["subject"]]
        row["object_name"] = names[rel["object"]]
        rows.append(row)
    events = sorted(graph.events([entity_id]), key=lambda e: (
        (e.get("time") or {}).get("start") or e.get("published") or "", e["id"]),
        reverse=True)
    return {"entity": {k: entity.get(k) for k in ENTITY_KEYS},
            "sections": _sections(entity_id, rows), "relations": rows,
            "events": events[:RECENT_EVENTS], "event_count": len(events),
            "strongest": [{"subject_name": r["subject_name"], "predicate": r["predicate"],
                           "object_name": r["object_name"], "evidence_count":
                           r["evidence_count"], "sentence": r["evidence"][0]["sentence"]}
                          for r in rows[:STRONGEST] if r["evidence"]],
            "reference": reference(entity_id), "other_matches": found[1:]}


def _sections(entity_id: str, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The relations grouped as an analyst reads them: leaders, allies, enemies, areas..."""
    out: dict[str, list[dict[str, Any]]] = {}
    for section, (predicate, side) in SECTIONS.items():
        for row in rows:
            if row["predicate"] != predicate:
                continue
            mine = "subject" if row["subject"] == entity_id else "object"
            if side != "either" and mine != side:
                continue
            other = "object" if mine == "subject" else "subject"
            out.setdefault(section, []).append({
                "id": row[other], "name": row[f"{other}_name"],
                "stance": stance(row["polarity"], row["modality"]),
                "modality": row["modality"], "evidence_count": row["evidence_count"],
                "first_seen": row["first_seen"], "last_seen": row["last_seen"],
                "attributes": row["attributes"], "status": row["status"]})
    return out


def reference(entity_id: str) -> dict[str, Any]:
    """What the gazetteer records about an entity: countries, links with dates, roles, titles
    and the public sources of those facts (empty for entities it does not know)."""
    row = load_gazetteer().get(entity_id)
    if row is None:
        return {}
    out: dict[str, Any] = {"source": row.source}
    for key in ("countries", "links", "roles", "titles"):
        value = getattr(row, key)
        if value:
            out[key] = value
    if row.country:
        out["country"] = row.country
    return out

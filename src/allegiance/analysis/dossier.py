"""The dossier of one entity (DESIGN §3 `show`): who it is, what it is linked to, on what
evidence, since when — from the store, plus the reference facts the gazetteer holds.

    dossier(store, "ISIS") → {"entity": {...}, "relations": [...], "events": [...],
                              "reference": {...}, "other_matches": [...]}
"""

from __future__ import annotations

from typing import Any

from ..errors import NotFound
from ..nlp.gazetteer import load_gazetteer
from ..store import Store

ENTITY_KEYS = ("id", "type", "name", "aliases", "external_ids", "attributes", "alias_counts",
               "mention_count", "document_count")
RELATION_KEYS = ("subject", "predicate", "object", "polarity", "modality", "confidence",
                 "attributes", "evidence_count", "documents", "first_seen", "last_seen",
                 "evidence")


def dossier(store: Store, name: str) -> dict[str, Any]:
    """The dossier of the stored entity that `name` (any alias) resolves to; `NotFound` if
    none does."""
    ids = store.find(name)
    if not ids:
        raise NotFound(f"no entity named {name!r} in {store.path}; "
                       f"try `allegiance entities {name.split()[0]!r}`")
    entity = store.entities([ids[0]])[0]
    relations = store.relations(entity["id"])
    others = {r["subject"] for r in relations} | {r["object"] for r in relations}
    names = {e["id"]: e["name"] for e in store.entities(sorted(others))}
    rows = []
    for rel in sorted(relations, key=lambda r: (-r["evidence_count"], r["predicate"])):
        row = {k: rel[k] for k in RELATION_KEYS}
        row["subject_name"] = names.get(rel["subject"], rel["subject"])
        row["object_name"] = names.get(rel["object"], rel["object"])
        rows.append(row)
    events = [e for e in store.events() if entity["id"] in
              (*e.get("actors", []), *e.get("targets", []), e.get("place"))]
    return {"entity": {k: entity[k] for k in ENTITY_KEYS}, "relations": rows,
            "events": events, "reference": reference(entity["id"]),
            "other_matches": ids[1:]}


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

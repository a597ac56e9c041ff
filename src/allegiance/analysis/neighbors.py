"""Neighbours of an entity: who it is linked to, by which relation, on how much evidence.

    neighbors(graph, "JNIM", predicates=["ALLY_OF"], since="2020-01-01", min_evidence=2,
              min_confidence=0.5)
"""

from __future__ import annotations

from typing import Any

from ..ontology import SYMMETRIC
from .graph import Graph

EXAMPLES = 3  # evidence sentences kept per neighbour


def neighbors(graph: Graph, name: str, *, predicates: list[str] | None = None,
              since: str | None = None, until: str | None = None, min_evidence: int = 1,
              limit: int | None = None, min_confidence: float = 0.0) -> dict[str, Any]:
    """The entity `name` resolves to and its neighbours, strongest evidence first: each with
    the predicate, direction ("out": entity → neighbour, "in", or "both" for symmetric
    predicates), polarity, modality, counts, first/last seen, status and example evidence."""
    entity_id = graph.resolve(name)
    rows = graph.relations([entity_id], predicates=predicates, since=since, until=until,
                           min_evidence=min_evidence, evidence_limit=EXAMPLES)
    rows = [r for r in rows if r["confidence"] >= min_confidence]
    others = {r["object"] if r["subject"] == entity_id else r["subject"] for r in rows}
    info = graph.labels(others | {entity_id})
    out = []
    for rel in rows:
        outgoing = rel["subject"] == entity_id
        other = rel["object"] if outgoing else rel["subject"]
        out.append({
            "id": other, "name": info.get(other, {}).get("name", other),
            "type": info.get(other, {}).get("type"), "predicate": rel["predicate"],
            "direction": "both" if rel["predicate"] in SYMMETRIC else
                         ("out" if outgoing else "in"),
            "polarity": rel["polarity"], "modality": rel["modality"],
            "confidence": rel["confidence"], "attributes": rel["attributes"],
            "evidence_count": rel["evidence_count"], "document_count": rel["document_count"],
            "first_seen": rel["first_seen"], "last_seen": rel["last_seen"],
            "status": rel["status"], "conflicts": rel["conflicts"],
            "evidence": [_cite(e) for e in rel["evidence"][:EXAMPLES]]})
    out.sort(key=lambda n: (-n["evidence_count"], n["predicate"], n["id"], n["polarity"],
                            n["modality"]))
    return {"entity": {"id": entity_id, **info[entity_id]},
            "neighbors": out[:limit] if limit else out}


def _cite(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in ("document_id", "published", "source", "sentence",
                                     "start", "end", "reliability")}

"""An entity's timeline: its relations as they were reported, its events and its claims,
in date order (undated items last).

    timeline(graph, "al-Shabaab") → {"entity": {...}, "items": [{"date", "kind", ...}, ...]}
"""

from __future__ import annotations

from typing import Any

from .graph import Graph, day


def timeline(graph: Graph, name: str, *, since: str | None = None,
             until: str | None = None) -> dict[str, Any]:
    """Dated items about the entity `name` resolves to: "relation" (one per document that
    reports a relation, dated by publication), "event" (dated by its normalised time, else
    by publication) and "claim" (statements the entity made)."""
    entity_id = graph.resolve(name)
    items: list[dict[str, Any]] = []
    relations = graph.relations([entity_id], since=since, until=until)
    names = graph.names({x for r in relations for x in (r["subject"], r["object"])}
                        | {entity_id})
    for rel in relations:
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for item in rel["evidence"]:
            by_doc.setdefault(item["document_id"], []).append(item)
        for doc_id, found in by_doc.items():
            items.append({"date": day(found[0].get("published")), "kind": "relation",
                          "document_id": doc_id, "subject": rel["subject"],
                          "subject_name": names[rel["subject"]], "predicate": rel["predicate"],
                          "object": rel["object"], "object_name": names[rel["object"]],
                          "polarity": rel["polarity"], "modality": rel["modality"],
                          "sentence": found[0]["sentence"], "source": found[0].get("source")})
    for event in graph.events([entity_id]):
        time = event.get("time") or {}
        date = day(time.get("start")) or day(event.get("published"))
        if not _in(date, since, until):
            continue
        items.append({"date": date, "kind": "event", "document_id": event["document_id"],
                      "type": event["type"], "mode": event.get("mode"),
                      "acled_sub_event_type": event.get("acled_sub_event_type"),
                      "actors": event["actors"], "targets": event["targets"],
                      "place": event.get("place"), "casualties": event.get("casualties"),
                      "sentence": (event.get("evidence") or {}).get("sentence")})
    for claim in graph.claims():
        content = claim.get("content") or {}
        if entity_id not in (claim.get("speaker"), content.get("subject"),
                             content.get("object")):
            continue
        date = day(claim.get("published"))
        if not _in(date, since, until):
            continue
        items.append({"date": date, "kind": "claim", "document_id": claim["document_id"],
                      "claim": claim["kind"], "speaker": claim.get("speaker"),
                      "content": content or None,
                      "sentence": (claim.get("evidence") or {}).get("sentence")})
    items.sort(key=lambda i: (i["date"] is None, i["date"] or "", i["kind"],
                              i["document_id"], i.get("predicate") or i.get("type") or "",
                              i.get("subject") or "", i.get("object") or "",
                              i.get("sentence") or ""))
    return {"entity": {"id": entity_id, "name": names[entity_id]}, "items": items}



def _in(date: str | None, since: str | None, until: str | None) -> bool:
    if not (since or until):
        return True
    return bool(date) and (not since or date >= since) and (not until or date <= until)

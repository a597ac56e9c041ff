"""Statements that reported facts contradict: a denial, a negation or a promise about a
relation (e.g. a promise to cut ties) set against evidence that the relation holds.

Each contradiction is labelled by time: ``contradicted-later`` when evidence of the relation
was published after the statement (the promise was broken, the denial overtaken), otherwise
``conflicting-reports`` (sources disagree at the same time, or the statement came later).
Statements come from relations whose modality is denied / promised / recommended / demanded
or whose polarity is negative, and from the claims extracted with a content relation.
"""

from __future__ import annotations

from typing import Any

from ..ontology import SYMMETRIC
from .graph import Graph, day, stance

EXAMPLES = 3


def contradictions(graph: Graph, entity: str | None = None) -> dict[str, Any]:
    """Every statement that evidence of the same (subject, predicate, object) contradicts."""
    ids = [graph.resolve(entity)] if entity else None
    rows = graph.relations(ids)
    facts: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    statements: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for rel in rows:
        key = (rel["subject"], rel["predicate"], rel["object"])
        if stance(rel["polarity"], rel["modality"]) == "positive":
            facts.setdefault(key, []).extend(rel["evidence"])
            continue
        if rel["polarity"] == "positive" and rel["modality"] != "denied":
            continue  # a promise to ally is not contradicted by an alliance
        for item in rel["evidence"]:
            statements.setdefault((*key, item["document_id"]), {
                "kind": _kind(rel["modality"], rel["polarity"]), "speaker": None,
                "polarity": rel["polarity"], "modality": rel["modality"],
                "date": day(item.get("published")), "document_id": item["document_id"],
                "sentence": item["sentence"]})
    for claim in graph.claims():
        content = claim.get("content") or {}
        if not (content.get("subject") and content.get("object") and content.get("predicate")):
            continue
        if content.get("polarity", "positive") != "negative" and claim["kind"] != "denial":
            continue
        if ids and not ({content["subject"], content["object"]} & set(ids)):
            continue
        key = _key(content["subject"], content["predicate"], content["object"])
        found = statements.setdefault((*key, claim["document_id"]), {
            "kind": claim["kind"], "polarity": content.get("polarity", "negative"),
            "modality": claim["kind"], "date": day(claim.get("published")),
            "document_id": claim["document_id"],
            "sentence": (claim.get("evidence") or {}).get("sentence")})
        found["speaker"] = claim.get("speaker")
    names = graph.names({x for k in statements for x in (k[0], k[2])})
    out = []
    for (subject, predicate, obj, _doc), statement in sorted(statements.items()):
        evidence = [e for e in facts.get((subject, predicate, obj), [])
                    if e["document_id"] != statement["document_id"]]
        if not evidence:
            continue
        later = [e for e in evidence if statement["date"] and day(e.get("published"))
                 and day(e.get("published")) > statement["date"]]
        shown = sorted(later or evidence, key=lambda e: (day(e.get("published")) or "",
                                                         e["document_id"], e["start"]))
        out.append({"kind": "contradicted-later" if later else "conflicting-reports",
                    "subject": subject, "subject_name": names[subject],
                    "predicate": predicate, "object": obj, "object_name": names[obj],
                    "statement": statement,
                    "reported": {"evidence_count": len(evidence),
                                 "later_evidence_count": len(later),
                                 "evidence": [{k: e.get(k) for k in (
                                     "document_id", "published", "source", "sentence")}
                                     for e in shown[:EXAMPLES]]}})
    out.sort(key=lambda c: (c["kind"] != "contradicted-later", c["statement"]["date"] or "",
                            c["subject"], c["predicate"], c["object"],
                            c["statement"]["document_id"]))
    return {"contradictions": out}


def _key(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    if predicate in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return subject, predicate, obj


def _kind(modality: str, polarity: str) -> str:
    if modality in ("promised", "recommended", "demanded"):
        return {"promised": "promise", "recommended": "recommendation",
                "demanded": "demand"}[modality]
    return "denial"

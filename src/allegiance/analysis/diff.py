"""What changed between two periods: relations that appeared, disappeared or flipped.

The "before" period is evidence published up to `before` (inclusive), the "after" period is
evidence published from `after` on. A relation (subject, predicate, object) *appeared* when
only the after period reports it, *disappeared* when only the before period does, and
*flipped* when both do but with a different stance (asserted ↔ denied or negated, or a
promise or recommendation becoming fact). An alliance in the before period that gives way to
hostility in the after period (or the reverse) is a flip too, from one predicate to the other
(`predicate` → `after_predicate`).
"""

from __future__ import annotations

from typing import Any

from .graph import Graph, day, stance


def diff(graph: Graph, before: str, after: str, *, entity: str | None = None,
         predicates: list[str] | None = None) -> dict[str, Any]:
    """Compare the graph as reported up to `before` with the graph reported from `after`."""
    ids = [graph.resolve(entity)] if entity else None
    rows = graph.relations(ids, predicates=predicates)
    periods: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
    for rel in rows:
        key = (rel["subject"], rel["predicate"], rel["object"])
        for item in rel["evidence"]:
            date = day(item.get("published"))
            if date is None:
                continue
            for period, inside in (("before", date <= before), ("after", date >= after)):
                if not inside:
                    continue
                slot = periods.setdefault(key, {}).setdefault(period, {})
                mine = stance(rel["polarity"], rel["modality"])
                entry = slot.setdefault(mine, {"evidence_count": 0, "example": item["sentence"],
                                               "document_id": item["document_id"],
                                               "published": date})
                entry["evidence_count"] += 1
                if date > entry["published"]:  # keep the latest sentence as the example
                    entry.update(example=item["sentence"], document_id=item["document_id"],
                                 published=date)
    names = graph.names({x for key in periods for x in (key[0], key[2])})
    out: dict[str, list[dict[str, Any]]] = {"appeared": [], "disappeared": [], "flipped": []}
    for key in sorted(periods):
        slots = periods[key]
        first, last = slots.get("before", {}), slots.get("after", {})
        row = {"subject": key[0], "subject_name": names[key[0]], "predicate": key[1],
               "object": key[2], "object_name": names[key[2]]}
        if last and not first:
            out["appeared"].append({**row, "after": _summary(last)})
        elif first and not last:
            out["disappeared"].append({**row, "before": _summary(first)})
        elif first and last and _dominant(first) != _dominant(last):
            out["flipped"].append({**row, "before": _summary(first), "after": _summary(last)})
    _alliance_flips(out)
    return {"before": before, "after": after, **out}


def _alliance_flips(out: dict[str, list[dict[str, Any]]]) -> None:
    """Move ALLY_OF that disappeared and HOSTILE_TO that appeared on the same pair (or the
    reverse) into `flipped`."""
    def pair(row: dict[str, Any]) -> frozenset[str]:
        return frozenset((row["subject"], row["object"]))

    for old, new in (("ALLY_OF", "HOSTILE_TO"), ("HOSTILE_TO", "ALLY_OF")):
        gone = {pair(r): r for r in out["disappeared"] if r["predicate"] == old
                and r["before"]["stance"] == "positive"}
        for row in list(out["appeared"]):
            if row["predicate"] != new or row["after"]["stance"] != "positive":
                continue
            before = gone.pop(pair(row), None)
            if before is None:
                continue
            out["appeared"].remove(row)
            out["disappeared"].remove(before)
            out["flipped"].append({**before, "after_predicate": new, "after": row["after"]})
    out["flipped"].sort(key=lambda r: (r["subject"], r["predicate"], r["object"]))


def _dominant(slot: dict[str, dict[str, Any]]) -> str:
    """The stance with most evidence in a period (ties: the latest reported)."""
    return max(slot, key=lambda s: (slot[s]["evidence_count"], slot[s]["published"], s))


def _summary(slot: dict[str, dict[str, Any]]) -> dict[str, Any]:
    main = _dominant(slot)
    return {"stance": main, **slot[main],
            "stances": {s: v["evidence_count"] for s, v in sorted(slot.items())}}

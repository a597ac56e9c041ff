"""The graph as analysts see it: the store's extracted data with their decisions applied.

Every query and every export reads through `Graph`, so a merge, a split, a rejection or a
source grade shows everywhere at once, while the store's extracted rows stay untouched (and can
be rebuilt by re-extraction without losing a decision).

    graph = Graph(store)
    graph.resolve("AQIM") → "al-qaeda-in-the-islamic-maghreb"
    graph.relations(["jnim"], predicates=["ALLY_OF"], since="2020-01-01")
"""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import NotFound
from ..ontology import SYMMETRIC
from ..store import Store
from . import decisions as dec

FACTUAL = ("asserted", "reported", "hedged")


def stance(polarity: str, modality: str) -> str:
    """"positive" for a relation stated as (probably) true, "negative" for one denied or
    negated, "intended" for promises, recommendations and demands."""
    if polarity == "negative" or modality == "denied":
        return "negative"
    return "positive" if modality in FACTUAL else "intended"


class Graph:
    """Read access to a store through the analysts' decisions."""

    def __init__(self, store: Store):
        self.store = store
        self.decisions = dec.load(store)

    # --- entities ------------------------------------------------------------------------

    def resolve(self, name: str) -> str:
        """The (canonical) id that a name, alias or id stands for; `NotFound` if none."""
        return self.matches(name)[0]

    def matches(self, name: str) -> list[str]:
        """`find`, but `NotFound` when nothing matches."""
        found = self.find(name)
        if not found:
            raise NotFound(f"no entity named {name!r} in {self.store.path}; "
                           f"try `allegiance entities {(name.split() or [name])[0]!r}`")
        return found

    def find(self, name: str) -> list[str]:
        """Canonical ids that `name` may stand for, most mentioned first."""
        wanted = name.strip().casefold()
        for split in self.decisions.splits:
            if wanted in (split.new_id, split.name.casefold(), split.alias.casefold()):
                return [split.new_id]
        return list(dict.fromkeys(self.decisions.canonical(i) for i in self.store.find(name)))

    def entities(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Entities (all, or these canonical ids) with merged members folded in and split
        aliases taken out, sorted by id."""
        d = self.decisions
        wanted = None if ids is None else set(ids)
        stored_ids = None
        if wanted is not None:
            stored_ids = set().union(*(d.members(i) for i in wanted)) if wanted else set()
        rows = self.store.entities(stored_ids)
        out: dict[str, dict[str, Any]] = {}
        for row in rows:  # store order is by id: the kept entity's own fields come first
            key = d.canonical(row["id"])
            merged = out.get(key)
            if merged is None:
                merged = out[key] = {**row, "id": key, "merged_from": [],
                                     "alias_counts": dict(row["alias_counts"])}
                if key != row["id"]:
                    merged["merged_from"].append(row["id"])
                continue
            if row["id"] == key:  # the kept entity arrived after a member: its fields win
                merged.update({k: row[k] for k in ("type", "name", "external_ids")})
            merged["merged_from"].append(row["id"])
            for alias, n in row["alias_counts"].items():
                merged["alias_counts"][alias] = merged["alias_counts"].get(alias, 0) + n
            merged["mention_count"] += row["mention_count"]
            merged["document_count"] += row["document_count"]
            merged["attributes"] = {**row["attributes"], **merged["attributes"]}
            merged["external_ids"] = {**row["external_ids"], **merged["external_ids"]}
        for split in d.splits:
            source = out.get(split.entity) or next(
                (r for r in rows if r["id"] == split.entity), None)
            if source is None:
                continue
            taken = {a: n for a, n in source["alias_counts"].items()
                     if a.casefold() == split.alias.casefold()}
            if split.entity in out:
                for alias in taken:
                    out[split.entity]["alias_counts"].pop(alias, None)
            if wanted is None or split.new_id in wanted:
                out[split.new_id] = {
                    "id": split.new_id, "type": source["type"], "name": split.name,
                    "external_ids": {}, "attributes": {}, "alias_counts": taken or {
                        split.alias: 0}, "mention_count": sum(taken.values()),
                    "document_count": 0, "merged_from": [], "split_from": split.entity}
        result = []
        for key in sorted(out):
            if wanted is not None and key not in wanted:
                continue
            row = out[key]
            row["alias_counts"] = dict(sorted(row["alias_counts"].items(),
                                              key=lambda kv: (-kv[1], kv[0])))
            row["aliases"] = list(row["alias_counts"])
            row["merged_from"] = sorted(row["merged_from"])
            result.append(row)
        return result

    def labels(self, ids: Iterable[str]) -> dict[str, dict[str, str | None]]:
        """{"name", "type"} of these canonical ids (the id itself as name when unknown)."""
        ids = set(ids)
        found = self.store.labels(ids)
        for split in self.decisions.splits:
            if split.new_id in ids:
                found[split.new_id] = (split.name, found.get(split.entity, ("", None))[1])
        return {i: {"name": found.get(i, (i, None))[0], "type": found.get(i, (i, None))[1]}
                for i in ids}

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        """Display names of these canonical ids (the id itself when unknown)."""
        return {i: label["name"] for i, label in self.labels(ids).items()}

    # --- relations -----------------------------------------------------------------------

    def relations(self, entity_ids: Iterable[str] | None = None, *,
                  predicates: Iterable[str] | None = None, min_evidence: int = 1,
                  since: str | None = None, until: str | None = None,
                  with_evidence: bool = True, include_rejected: bool = False,
                  relation_ids: Iterable[int] | None = None,
                  evidence_limit: int | None = None) -> list[dict[str, Any]]:
        """Relations (all, or touching these canonical ids) as decided: ids canonical, the
        same edge from merged entities folded into one, rejected ones left out, `status`
        set, each evidence item with its source's reliability grade, and `conflicts` listing
        the other stances reported on the same pair. With `since`/`until`, evidence outside
        the window is dropped and the counts are those of the window. `relation_ids` (stored
        ids, as each row's `relation_ids` lists them) fetches those relations only."""
        d = self.decisions
        wanted = None if entity_ids is None else set(entity_ids)
        stored = None if wanted is None else set().union(*(d.members(i) for i in wanted))
        rewrites = d.rewrites or since or until
        fetch = with_evidence or bool(d.splits) or bool(since or until)
        rows = self.store.relations(
            stored, predicates=predicates, min_evidence=1 if rewrites else min_evidence,
            since=since, until=until, with_evidence=fetch, relation_ids=relation_ids,
            evidence_limit=None if rewrites else evidence_limit)
        if d.splits:
            rows = self._apply_splits(rows)
        merged: dict[tuple, dict[str, Any]] = {}
        for row in rows:
            subject, obj = d.canonical(row["subject"]), d.canonical(row["object"])
            if subject == obj:
                continue
            if row["predicate"] in SYMMETRIC and obj < subject:
                subject, obj = obj, subject
            key = (subject, row["predicate"], obj, row["polarity"], row["modality"])
            if key in merged:
                _fold(merged[key], row)
            else:
                merged[key] = {**row, "subject": subject, "object": obj,
                               "evidence": list(row.get("evidence") or []),
                               "merged_ids": [row["id"]]}
        out = []
        for key, row in merged.items():
            if wanted is not None and not ({row["subject"], row["object"]} & wanted) \
                    and relation_ids is None:
                continue
            if since or until:
                row["evidence"] = [e for e in row["evidence"]
                                   if _in_window(e.get("published"), since, until)]
                if not row["evidence"]:
                    continue
            if fetch and (len(row["merged_ids"]) > 1 or since or until or d.splits):
                _recount(row)
            row["status"] = d.status(row["subject"], row["predicate"], row["object"],
                                     row["polarity"])
            if row["status"] == "rejected" and not include_rejected:
                continue
            if row["evidence_count"] < min_evidence:
                continue
            for item in row["evidence"]:
                item["reliability"] = d.reliability.get(item.get("source") or "")
            row["sources"] = sorted({e["source"] for e in row["evidence"] if e.get("source")})
            row["relation_ids"] = sorted(row.pop("merged_ids"))
            row["id"] = row["relation_ids"][0]
            if not with_evidence:
                row["evidence"] = []
            out.append(row)
        _mark_conflicts(out)
        out.sort(key=lambda r: (r["subject"], r["predicate"], r["object"], r["polarity"],
                                r["modality"]))
        return out

    def _apply_splits(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Evidence that names a split entity (or anything merged into it) only by the
        split-off alias moves to the new entity (a relation may end up in two parts)."""
        d = self.decisions
        groups = {split: d.members(split.entity) for split in d.splits}
        mentions = self.store.mentions(set().union(*groups.values()))
        out = []
        for row in rows:
            parts = [row]
            for split, group in groups.items():
                side = ("subject" if row["subject"] in group else
                        "object" if row["object"] in group else None)
                if side is None:
                    continue
                spans = [m for m in mentions if m["entity_id"] == row[side]]
                moved, kept = [], []
                for item in row["evidence"]:
                    inside = [m for m in spans if m["document_id"] == item["document_id"]
                              and item["start"] <= m["start"] and m["end"] <= item["end"]]
                    by_alias = [m for m in inside
                                if m["text"].casefold() == split.alias.casefold()]
                    (moved if by_alias and len(by_alias) == len(inside) else kept).append(item)
                if moved:
                    parts = [{**row, "evidence": kept}] if kept else []
                    parts.append({**row, side: split.new_id, "evidence": moved})
                    break
            out.extend(parts)
        return out

    def links(self, entity_ids: Iterable[str], predicates: Iterable[str] | None = None
              ) -> list[dict[str, Any]]:
        """Light relation rows touching these canonical ids (no evidence, no folding of
        parallel rows): for graph searches that must be fast. Rejected relations are left
        out; with split decisions this falls back to `relations`."""
        d = self.decisions
        if d.splits:
            return self.relations(entity_ids, predicates=predicates, with_evidence=False)
        stored = set().union(*(d.members(i) for i in entity_ids))
        out = []
        for rel_id, subject, predicate, obj, polarity, modality, count, first, last in \
                self.store.edges(stored, predicates):
            subject, obj = d.canonical(subject), d.canonical(obj)
            if subject == obj or (d.rewrites or d.rejected) and d.status(
                    subject, predicate, obj, polarity) == "rejected":
                continue
            out.append({"id": rel_id, "relation_ids": [rel_id], "subject": subject,
                        "predicate": predicate, "object": obj, "polarity": polarity,
                        "modality": modality, "evidence_count": count, "first_seen": first,
                        "last_seen": last})
        return out

    def edges(self) -> list[dict[str, Any]]:
        """Every relation as decided, without evidence: for whole-graph algorithms."""
        return self.relations(with_evidence=False)

    # --- events, claims, documents ---------------------------------------------------------

    def events(self, entity_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Events (all, or involving these canonical ids) with canonical entity ids."""
        d = self.decisions
        stored = None if entity_ids is None else set().union(
            *(d.members(i) for i in entity_ids))
        out = []
        for event in self.store.events(stored):
            event = dict(event)
            event["actors"] = sorted({d.canonical(a) for a in event.get("actors") or []})
            event["targets"] = sorted({d.canonical(t) for t in event.get("targets") or []})
            if event.get("place"):
                event["place"] = d.canonical(event["place"])
            out.append(event)
        return out

    def claims(self) -> list[dict[str, Any]]:
        """Claims with canonical speaker and content ids."""
        d = self.decisions
        out = []
        for claim in self.store.claims():
            claim = dict(claim)
            if claim.get("speaker"):
                claim["speaker"] = d.canonical(claim["speaker"])
            content = claim.get("content")
            if isinstance(content, dict):
                claim["content"] = {**content, **{k: d.canonical(content[k]) for k in (
                    "subject", "object") if content.get(k)}}
            out.append(claim)
        return out

    def documents(self) -> list[dict[str, Any]]:
        """Documents with their source's reliability grade (None when not graded)."""
        return [{**doc, "reliability": self.decisions.reliability.get(doc.get("source") or "")}
                for doc in self.store.documents()]

    def graph_dict(self) -> dict[str, Any]:
        """The whole graph as decided, with evidence: what every export writes."""
        docs = {d["id"]: d for d in self.documents()}
        relations = self.relations()
        for rel in relations:
            for item in rel["evidence"]:
                doc = docs.get(item["document_id"], {})
                item.setdefault("url", doc.get("url"))
                item.setdefault("title", doc.get("title"))
        return {"format": "allegiance-graph/1",
                "entities": [_entity_row(e) for e in self.entities()],
                "relations": relations, "events": self.events(), "claims": self.claims(),
                "documents": [{k: d[k] for k in ("id", "title", "url", "source", "published",
                                                 "duplicate_of", "reliability")}
                              for d in docs.values()]}


def _entity_row(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: entity.get(k) for k in ("id", "type", "name", "aliases", "external_ids",
                                       "attributes", "mention_count", "document_count",
                                       "merged_from")}


def _fold(into: dict[str, Any], row: dict[str, Any]) -> None:
    into["merged_ids"].append(row["id"])
    into["confidence"] = max(into["confidence"], row["confidence"])
    into["attributes"] = {**row["attributes"], **into["attributes"]}
    seen = {(e["document_id"], e["start"], e["end"]) for e in into["evidence"]}
    into["evidence"] += [e for e in row.get("evidence") or []
                         if (e["document_id"], e["start"], e["end"]) not in seen]
    into["evidence_count"] += row["evidence_count"]
    into["document_count"] += row["document_count"]
    for key, pick in (("first_seen", min), ("last_seen", max)):
        dates = [d for d in (into[key], row[key]) if d]
        into[key] = pick(dates) if dates else None


def _recount(row: dict[str, Any]) -> None:
    """Aggregates from the evidence list itself (after folding, splitting or windowing)."""
    items = sorted(row["evidence"], key=lambda e: (e.get("published") or "", e["document_id"],
                                                   e["start"]))
    row["evidence"] = items
    row["evidence_count"] = len(items)
    row["documents"] = list(dict.fromkeys(e["document_id"] for e in items))
    row["document_count"] = len(row["documents"])
    dates = sorted(e["published"][:10] for e in items if _dated(e.get("published")))
    row["first_seen"] = dates[0] if dates else None
    row["last_seen"] = dates[-1] if dates else None


def day(value: str | None) -> str | None:
    """The ISO day of a publication date or time ("2021-03-04T10:00" → "2021-03-04")."""
    if value and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


def _dated(value: str | None) -> bool:
    return day(value) is not None


def _in_window(published: str | None, since: str | None, until: str | None) -> bool:
    if not _dated(published):
        return False
    day = published[:10]
    return (not since or day >= since) and (not until or day <= until)


def _mark_conflicts(rows: list[dict[str, Any]]) -> None:
    """`conflicts`: the other stances reported on the same (subject, predicate, object)."""
    by_pair: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        by_pair.setdefault((row["subject"], row["predicate"], row["object"]), []).append(row)
    for group in by_pair.values():
        for row in group:
            mine = stance(row["polarity"], row["modality"])
            row["conflicts"] = [
                {"polarity": o["polarity"], "modality": o["modality"],
                 "evidence_count": o["evidence_count"], "first_seen": o["first_seen"],
                 "last_seen": o["last_seen"]}
                for o in sorted(group, key=lambda o: (o["polarity"], o["modality"]))
                if o is not row and stance(o["polarity"], o["modality"]) != mine]

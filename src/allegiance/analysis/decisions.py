"""Analysts' decisions, recorded apart from extracted data and applied on every query.

Five kinds (`allegiance review ...`):

- ``merge``: two entities are one (the second is merged into the first);
- ``split``: an alias was wrongly merged into an entity: its mentions, and the evidence that
  names the entity only by that alias, become a new entity;
- ``reject`` / ``confirm``: a relation is wrong / checked (any modality; one polarity or both);
- ``reliability``: a source's reliability on the Admiralty scale (A–F), kept apart from the
  credibility of what it says.

Every reference to an entity is kept with both its id and its name, so that a decision still
finds its entity after re-extraction with a newer pipeline has changed ids: the id is tried
first, then the name as `Store.find` resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadInput
from ..ontology import SYMMETRIC
from ..store import Store

KINDS = ("merge", "split", "reject", "confirm", "reliability")
# NATO AJP-2.1 / FM 2-22.3 source reliability
ADMIRALTY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
             "D": "not usually reliable", "E": "unreliable",
             "F": "reliability cannot be judged"}


@dataclass(frozen=True)
class Split:
    entity: str  # the entity the alias is taken from
    alias: str
    new_id: str
    name: str


@dataclass
class Decisions:
    """The active decisions of a store, resolved against its current entities."""

    merged: dict[str, str] = field(default_factory=dict)  # id → the id it was merged into
    splits: list[Split] = field(default_factory=list)
    rejected: set[tuple[str, str, str, str | None]] = field(default_factory=set)
    confirmed: set[tuple[str, str, str, str | None]] = field(default_factory=set)
    reliability: dict[str, str] = field(default_factory=dict)  # source → grade
    unresolved: list[dict[str, Any]] = field(default_factory=list)  # refer to nothing now

    def canonical(self, entity_id: str) -> str:
        """The id that stands for `entity_id` after merges."""
        seen = set()
        while entity_id in self.merged and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.merged[entity_id]
        return entity_id

    def members(self, entity_id: str) -> set[str]:
        """Every stored id that `entity_id` stands for (itself and what was merged into it);
        for a split-off entity, the entity its alias was taken from."""
        for split in self.splits:
            if split.new_id == entity_id:
                entity_id = split.entity
        return {entity_id} | {i for i in self.merged if self.canonical(i) == entity_id}

    def status(self, subject: str, predicate: str, obj: str, polarity: str) -> str | None:
        """"rejected", "confirmed" or None for a relation (canonical ids)."""
        keys = [(subject, predicate, obj)]
        if predicate in SYMMETRIC:
            keys.append((obj, predicate, subject))
        for key in keys:
            for pol in (polarity, None):
                if (*key, pol) in self.rejected:
                    return "rejected"
        for key in keys:
            for pol in (polarity, None):
                if (*key, pol) in self.confirmed:
                    return "confirmed"
        return None

    @property
    def rewrites(self) -> bool:
        """Whether any decision changes which entity a row belongs to."""
        return bool(self.merged or self.splits)


def reference(store: Store, name: str) -> dict[str, str]:
    """An entity reference to record: {"id", "name"} of what `name` resolves to now."""
    decisions = load(store)
    for split in decisions.splits:
        if name in (split.new_id, split.name):
            return {"id": split.new_id, "name": split.name}
    ids = store.find(name)
    if not ids:
        raise BadInput(f"no entity named {name!r} in {store.path}")
    entity = store.entities([decisions.canonical(ids[0])])[0]
    return {"id": entity["id"], "name": entity["name"]}


def load(store: Store) -> Decisions:
    """The store's active decisions, oldest first, each resolved against today's entities."""
    out = Decisions()
    rows = store.decisions()
    if not rows:
        return out
    refs = [d["data"][k] for d in rows for k in ("into", "other", "entity", "subject", "object")
            if isinstance(d["data"].get(k), dict)]
    present = {e["id"] for e in store.entities({r.get("id") for r in refs if r.get("id")})}

    def resolve(ref: dict[str, str]) -> str | None:
        for split in out.splits:
            if ref.get("id") == split.new_id:
                return split.new_id
        if ref.get("id") in present:
            return out.canonical(ref["id"])
        found = store.find(ref.get("name") or "") if ref.get("name") else []
        return out.canonical(found[0]) if found else None

    for row in rows:
        data, kind = row["data"], row["kind"]
        if kind == "reliability":
            out.reliability[data["source"]] = data["grade"]
        elif kind == "merge":
            into, other = resolve(data["into"]), resolve(data["other"])
            if into and other and into != other:
                out.merged[other] = into
            elif not (into and other):
                out.unresolved.append(row)
        elif kind == "split":
            entity = resolve(data["entity"])
            if entity:
                out.splits.append(Split(entity, data["alias"], data["new_id"], data["name"]))
            else:
                out.unresolved.append(row)
        elif kind in ("reject", "confirm"):
            subject, obj = resolve(data["subject"]), resolve(data["object"])
            if subject and obj:
                key = (subject, data["predicate"], obj, data.get("polarity"))
                (out.rejected if kind == "reject" else out.confirmed).add(key)
            else:
                out.unresolved.append(row)
    # merges taken after a rejection or confirmation still apply to it
    for keys in (out.rejected, out.confirmed):
        resolved = {(out.canonical(a), p, out.canonical(b), pol) for a, p, b, pol in keys}
        keys.clear()
        keys.update(resolved)
    return out

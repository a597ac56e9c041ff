"""Entity types, predicates (symmetry, allowed types) and modalities, read from data/ontology.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .datafiles import load_yaml


@dataclass(frozen=True)
class Predicate:
    name: str
    symmetric: bool
    meaning: str
    subject_types: frozenset[str]
    object_types: frozenset[str]

    def allows(self, subject_type: str, object_type: str) -> bool:
        ok = subject_type in self.subject_types and object_type in self.object_types
        if self.symmetric and not ok:
            ok = object_type in self.subject_types and subject_type in self.object_types
        return ok


@dataclass(frozen=True)
class Ontology:
    entity_types: dict[str, str]
    predicates: dict[str, Predicate]
    modalities: dict[str, str]
    polarities: tuple[str, ...]
    support_kinds: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "entity_types": self.entity_types,
            "predicates": {
                p.name: {"symmetric": p.symmetric, "meaning": p.meaning,
                         "subject": sorted(p.subject_types), "object": sorted(p.object_types)}
                for p in self.predicates.values()},
            "modalities": self.modalities,
            "polarities": list(self.polarities),
            "support_kinds": list(self.support_kinds),
        }


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    raw = load_yaml("ontology.yaml")
    predicates = {
        name: Predicate(name, bool(p["symmetric"]), p["meaning"],
                        frozenset(p["subject"]), frozenset(p["object"]))
        for name, p in raw["predicates"].items()
    }
    return Ontology(dict(raw["entity_types"]), predicates, dict(raw["modalities"]),
                    tuple(raw["polarities"]), tuple(raw["support_kinds"]))


SYMMETRIC = frozenset({"ALLY_OF", "HOSTILE_TO", "NEGOTIATES_WITH"})

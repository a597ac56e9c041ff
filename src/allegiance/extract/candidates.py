"""A candidate relation before merging, and the checks every extraction rule shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from ..ontology import ontology


@dataclass
class Candidate:
    subject: str
    predicate: str
    object: str
    polarity: str
    modality: str
    confidence: float
    attributes: dict = field(default_factory=dict)
    sentence: Span | None = None

# attribute of a candidate whose end is a person standing for their group ("Wani died in a
# gunfight with the army"); extract/relations.py replaces the person with the group
PERSON_PROXY = "_person_proxy"


def allowed(predicate: str, subject_type: str, object_type: str) -> bool:
    return ontology().predicates[predicate].allows(subject_type, object_type)


def dedupe(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))

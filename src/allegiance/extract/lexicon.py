"""The trigger lexicon and cue lists that relation extraction applies (data/lexicons/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, field_validator

from ..datafiles import load_jsonl, load_yaml
from ..ontology import ontology

Frame = Literal["transitive", "with", "alongside", "beside", "clash", "from", "joint", "fire_at", "control_of", "adj_to", "stronghold", "against", "give", "rely", "beneficiary", "relational",
                "symmetric_noun", "pair_noun", "evaluation", "presence", "located", "allegiance",
                "join", "self_in", "noun_against", "hostile_noun"]


class Trigger(BaseModel):
    """One row of lexicons/triggers.jsonl: a word that expresses a predicate in a frame."""

    lemma: str
    pos: Literal["VERB", "NOUN", "ADJ"]
    predicate: str
    frame: Frame
    kind: str | None = None  # support kind or operating kind
    role: str | None = None  # leader/member role
    by_subject_type: dict[str, str] = {}  # predicate to use for a subject of this type
    requires: list[str] = []  # the verb needs one of these object lemmas ("pledge allegiance")
    negated: bool = False  # the word itself denies the relation ("broke away from", "split")
    confidence: float = 0.8
    source: str

    @field_validator("predicate")
    @classmethod
    def _known_predicate(cls, value: str) -> str:
        names = ontology().predicates
        if value not in names:
            raise ValueError(f"unknown predicate {value!r}; choose from {', '.join(names)}")
        return value


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    cues: dict
    kinds: dict[str, str]  # word → support kind
    hyphen: dict[str, dict]  # "backed" → {"predicate": ..., "direction": ...}

    def lookup(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        if pos == "PROPN":
            pos = "NOUN"
        if pos == "AUX":
            pos = "VERB"
        return self.triggers.get((lemma.lower(), pos), ())


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for row in load_jsonl("lexicons/triggers.jsonl", Trigger):
        triggers.setdefault((row.lemma.lower(), row.pos), []).append(row)
    cues = load_yaml("lexicons/cues.yaml")
    kinds = {word: kind for kind, words in load_yaml("lexicons/support_kinds.yaml").items()
             if kind != "source" for word in words}
    hyphen = load_yaml("lexicons/hyphen_compounds.yaml")["compounds"]
    return Lexicon({k: tuple(v) for k, v in triggers.items()}, cues, kinds, hyphen)

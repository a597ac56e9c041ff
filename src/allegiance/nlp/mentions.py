"""Mentions to entities inside one document: clustering and the token → entity map.

Input: a parsed spaCy Doc whose `doc.ents` carry our types and kb ids (nlp/entities.py).
Output: `DocEntities`, plain data: one `EntityRecord` per entity and, for every token inside a
mention, the entity keys it names. Unknown people named by one word ("Umar") join the person
whose full name ends or starts with it ("Asim Umar"); plural family names ("the Haqqanis")
join the group that carries the name ("Haqqani network").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..datafiles import load_yaml
from .gazetteer import STATE_AGENT_WORDS, GazetteerRow, load_gazetteer


@dataclass
class EntityRecord:
    key: str
    type: str
    name: str
    aliases: Counter = field(default_factory=Counter)
    external_ids: dict[str, str] = field(default_factory=dict)
    attributes: dict = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)  # token offsets
    agents: list[str | None] = field(default_factory=list)  # per span, for states acting


@dataclass
class DocEntities:
    records: dict[str, EntityRecord]
    token_refs: dict[int, list[str]]  # token index → entity keys (mentions and coreference)
    pairs: set[int] = field(default_factory=set)  # tokens that refer to two entities jointly

    def type_of(self, key: str) -> str:
        return self.records[key].type

    def refs(self, i: int) -> list[str]:
        return self.token_refs.get(i, [])


def _display(span: Span) -> str:
    text = span.text
    for suffix in ("’s", "'s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def build_entities(doc: Doc) -> DocEntities:
    """Cluster `doc.ents` into entities; return records and the token → keys map."""
    gaz = load_gazetteer()
    keys: list[str] = []
    for ent in doc.ents:
        keys.append(ent.kb_id_ or "new:" + ent.text.lower())
    keys = _merge_partial_names(doc, keys)
    records: dict[str, EntityRecord] = {}
    token_refs: dict[int, list[str]] = {}
    for ent, key in zip(doc.ents, keys):
        rec = records.get(key)
        if rec is None:
            row = gaz.get(key)
            if row is not None:
                rec = gazetteer_record(row)
            else:
                rec = EntityRecord(key, ent.label_, _display(ent))
            records[key] = rec
        rec.aliases[_display(ent)] += 1
        rec.spans.append((ent.start, ent.end))
        rec.agents.append(_agent(ent) if rec.type == "COUNTRY" else None)
        for i in range(ent.start, ent.end):
            token_refs[i] = [key]
    for rec in records.values():
        if rec.key.startswith("new:"):
            rec.name = _best_name(rec)
            if rec.type in {"ORGANIZATION", "PERSON"} and all(
                    _placed(doc[start:end]) for start, end in rec.spans):
                rec.type = "PLACE"  # "near al Hader, a stronghold": NER's type was wrong
    return DocEntities(records, token_refs)


def gazetteer_record(row: GazetteerRow) -> EntityRecord:
    """A new entity record for a gazetteer row: its display name ("Tripoli", not "Tripoli
    (Lebanon)"), QID, and country / admin level / ISO code."""
    rec = EntityRecord(row.id, row.type, re.sub(r"\s*\([^)]*\)$", "", row.name))
    if row.wikidata:
        rec.external_ids["wikidata"] = row.wikidata
    for attr in ("country", "admin_level", "iso2"):
        value = getattr(row, attr)
        if value is not None:
            rec.attributes[attr] = value
    return rec


def _agent(ent: Span) -> str | None:
    """How a state acts in this mention: 'military' for "Afghan forces", "U.S. and Afghan
    forces" (through coordination), the gazetteer's agent for "the Syrian army"."""
    if ent.id_:
        return ent.id_
    head = ent.root.head
    while head.dep_ == "conj" or (head.pos_ in {"PROPN", "ADJ"} and head.head is not head
                                  and head.dep_ in {"compound", "amod", "nmod"}):
        head = head.head
    return STATE_AGENT_WORDS.get(head.lower_) if head.i >= ent.end else None


def _placed(span: Span) -> bool:
    """Is this mention used as a place ("near al Hader", "the town of Kafrnaha")?"""
    places = load_yaml("lexicons/places.yaml")
    nouns = places["settlement_nouns"]
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in places["placing_prepositions"]:
        return True
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in nouns:
        return True
    return any(c.dep_ == "appos" and c.lemma_ in nouns for c in root.children)


def _best_name(rec: EntityRecord) -> str:
    """The longest surface form without a leading 'the' names an unknown entity."""
    forms = sorted(rec.aliases, key=lambda a: (-len(a.split()), -rec.aliases[a], a))
    name = forms[0]
    return name[4:] if name.lower().startswith("the ") else name


def _merge_partial_names(doc: Doc, keys: list[str]) -> list[str]:
    """Map one-word people and plural family names onto the full names in the document."""
    ents = list(doc.ents)
    full_people = [(e, k) for e, k in zip(ents, keys) if e.label_ == "PERSON" and len(e) > 1]
    groups = [(e, k) for e, k in zip(ents, keys) if e.label_ == "ARMED_GROUP" and len(e) > 1]
    out = list(keys)
    for n, (ent, key) in enumerate(zip(ents, keys)):
        if len(ent) != 1 or not key.startswith("new:"):
            continue
        word = ent[0].text
        if ent.label_ in {"PERSON", "ORGANIZATION", "ARMED_GROUP"}:
            for full, full_key in full_people:
                if word in (full[0].text, full[-1].text) and ent.label_ == "PERSON":
                    out[n] = full_key
                    break
            stem = word[:-1] if word.endswith("s") else None
            if stem:
                for full, full_key in groups:
                    if full[0].text == stem:
                        out[n] = full_key
                        break
    return out

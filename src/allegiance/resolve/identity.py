"""One identity across documents: an entity seen again under another spelling keeps its id.

Gazetteer entities have fixed ids (`al-qaeda`, `kunar`), so they are the same node in every
document by construction. Entities the gazetteer does not know get a slug of their name in each
extraction; `IdentityIndex.match` finds the stored entity that such a newcomer names, in order:

1. the same name or alias, compared by `name_key` ("the Free Idlib Army" = "Free Idlib army");
2. the same `spelling_key` (transliterations: "Liwa Abu al-Fadl al-Abbas" = "Liwa Abul-Fadhl
   al-Abbas");
3. for organisations and armed groups, an acronym and the long name whose initials spell it
   ("PMF" = "Popular Mobilization Forces");
4. a close fuzzy match (rapidfuzz ratio ≥ 90 on the keys) with as many content words, the same
   numbers and the same last word.

Unnamed entities that events name ("gunmen", "a mosque") are never merged: each document keeps
its own, with an id scoped to the document.

A candidate must have a compatible type (an armed group and an organisation can be one entity;
a person and a place cannot), and must be the only candidate: an ambiguous name starts a new
entity rather than merging two. Because every rule compares whole names word for word, "Islamic
State" never absorbs "Islamic State West Africa Province" and "al-Qaeda" never absorbs
"al-Qaeda in the Arabian Peninsula".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from ..model import Entity, Extraction
from ..ids import slug, unique_id
from ..nlp.gazetteer import load_gazetteer
from .names import content_words, initials, is_acronym, name_key, spelling_key

FUZZY_MIN = 90
GROUPS = {"ARMED_GROUP": "org", "ORGANIZATION": "org", "PERSON": "person", "PLACE": "place",
          "COUNTRY": "country"}


def _family(entity_type: str) -> str:
    return GROUPS.get(entity_type, entity_type.lower())


def same_family(a: str, b: str) -> bool:
    """Whether two entity types can name one entity (an armed group and an organisation can;
    a person and a place cannot)."""
    return _family(a) == _family(b)


@dataclass
class IdentityIndex:
    """Known entities by type family and name key, spelling key, acronym and initials."""

    types: dict[str, str] = field(default_factory=dict)  # id → type
    by_name: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    by_spelling: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    by_acronym: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # "PMF" as seen
    by_initials: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # of long names
    # fuzzy-match blocks: (family, content word count, last word's spelling key) → keys, ids;
    # only names in the same block can pass `_compatible`, so only they are compared
    _blocks: dict[tuple[str, int, str], tuple[list[str], list[str]]] = field(
        default_factory=dict)

    def add(self, entity_id: str, entity_type: str, names: list[str]) -> None:
        """Record an entity and the names it was seen under."""
        self.types.setdefault(entity_id, entity_type)
        family = _family(entity_type)
        for name in names:
            key = name_key(name)
            if not key:
                continue
            if entity_id not in self.by_name.setdefault((family, key), set()):
                self.by_name[(family, key)].add(entity_id)
                words = content_words(key)
                if words:
                    block = self._blocks.setdefault(
                        (family, len(words), spelling_key(words[-1])), ([], []))
                    block[0].append(key)
                    block[1].append(entity_id)
            self.by_spelling.setdefault((family, spelling_key(name)), set()).add(entity_id)
            if is_acronym(name):
                self.by_acronym.setdefault((family, _letters(name)), set()).add(entity_id)
            elif _initials(key):
                self.by_initials.setdefault((family, _initials(key)), set()).add(entity_id)

    def match(self, entity_type: str, names: list[str]) -> str | None:
        """The id of the known entity these names (one entity's name and aliases) name, or
        None (see the module docstring)."""
        family = _family(entity_type)
        for table, keyer in ((self.by_name, name_key), (self.by_spelling, spelling_key)):
            found = {i for n in names if keyer(n) for i in table.get((family, keyer(n)), ())}
            if len(found) == 1:
                return found.pop()
            if found:
                return None  # two known entities share the name: do not guess
        if family == "org":  # an acronym and a long name: one side of each
            found = set()
            for name in names:
                if is_acronym(name):
                    found |= self.by_initials.get((family, _letters(name)), set())
                elif _initials(name_key(name)):
                    found |= self.by_acronym.get((family, _initials(name_key(name))), set())
            if len(found) == 1:
                return found.pop()
        return self._fuzzy(family, names)

    def _fuzzy(self, family: str, names: list[str]) -> str | None:
        found: set[str] = set()
        for name in names:
            key = name_key(name)
            words = content_words(key)
            if not words or (len(words) < 2 and len(key) < 8):
                continue  # short names are too easy to confuse
            keys, ids = self._blocks.get((family, len(words), spelling_key(words[-1])),
                                         ([], []))
            for _choice, _score, n in process.extract(key, keys, scorer=fuzz.ratio,
                                                      score_cutoff=FUZZY_MIN, limit=5):
                if _compatible(words, content_words(keys[n])):
                    found.add(ids[n])
        return found.pop() if len(found) == 1 else None


def _letters(acronym: str) -> str:
    return acronym.replace(".", "").replace("-", "").upper()


def _initials(key: str) -> str:
    """Initials of a long name of two or more words, all alphabetic; "" otherwise."""
    words = content_words(key)
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return ""
    return initials(key)


def _compatible(a: list[str], b: list[str]) -> bool:
    """Guards on a fuzzy match: as many content words, the same numbers, the same last word
    (a family name, or the "Province"/"Brigade" that tells two units apart)."""
    if len(a) != len(b) or not a:
        return False
    if re.findall(r"\d+", " ".join(a)) != re.findall(r"\d+", " ".join(b)):
        return False
    return spelling_key(a[-1]) == spelling_key(b[-1])


def assign_ids(extraction: Extraction, index: IdentityIndex) -> Extraction:
    """The extraction with each entity's id replaced by the id of the known entity it names
    (and a fresh unique id where a new entity's slug is taken); relations, events and claims
    follow. The index learns the extraction's entities."""
    gaz = load_gazetteer()
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for ent in extraction.entities:
        if gaz.get(ent.id) is not None:
            mapping[ent.id] = ent.id
            continue
        if ent.attributes.get("unnamed"):  # "gunmen", "a mosque": this document's own
            mapping[ent.id] = _fresh_id(ent, index, used, extraction.document.id)
            used.add(mapping[ent.id])
            continue
        found = index.match(ent.type, [ent.name, *ent.aliases])
        if found is None:
            found = _fresh_id(ent, index, used)
        mapping[ent.id] = found
        used.add(found)
    entities = [replace(e, id=mapping[e.id]) for e in extraction.entities]
    for ent in entities:
        if not ent.attributes.get("unnamed"):
            index.add(ent.id, ent.type, [ent.name, *ent.aliases])
        else:
            index.types.setdefault(ent.id, ent.type)
    def new(entity_id: str | None) -> str | None:
        return mapping.get(entity_id, entity_id) if entity_id else entity_id

    relations = [replace(r, subject=new(r.subject), object=new(r.object))
                 for r in extraction.relations]
    events = [replace(e, actors=[new(a) for a in e.actors], targets=[new(t) for t in e.targets],
                      place=new(e.place)) for e in extraction.events]
    claims = [replace(c, speaker=new(c.speaker), content=None if c.content is None else {
        **c.content, **{k: new(c.content[k]) for k in ("subject", "object") if k in c.content}})
        for c in extraction.claims]
    return replace(extraction, entities=_merge_same_id(entities), relations=relations,
                   events=events, claims=claims)


def _fresh_id(ent: Entity, index: IdentityIndex, used: set[str], scope: str = "") -> str:
    base = slug(ent.name) + (f"-{slug(scope)[:12]}" if scope else "")
    gaz = load_gazetteer()
    return unique_id(base, lambda c: c in index.types or c in used or gaz.get(c) is not None)


def _merge_same_id(entities: list[Entity]) -> list[Entity]:
    """Two entities of one document that name one known entity become one."""
    out: dict[str, Entity] = {}
    for ent in entities:
        if ent.id not in out:
            out[ent.id] = ent
            continue
        kept = out[ent.id]
        kept.aliases = list(dict.fromkeys(kept.aliases + ent.aliases))
        kept.mentions = sorted(kept.mentions + ent.mentions, key=lambda m: m.start)
        kept.external_ids = {**ent.external_ids, **kept.external_ids}
        kept.attributes = {**ent.attributes, **kept.attributes}
    return list(out.values())


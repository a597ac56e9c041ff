"""The gazetteer: known groups, countries, places, people and organisations, and the spaCy
component that marks their mentions.

Data: `data/gazetteer/*.jsonl`, one entity a row (see that folder's README for the fields).
Names and aliases match case-insensitively; acronyms, demonyms and metonyms only as written
(so "IS" the group is not "is" the verb, and "Afghan" must be capitalised).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict

from ..datafiles import data_path, load_yaml, read_jsonl
from ..errors import InvalidData

GAZETTEER_FILES = ("countries", "groups", "places", "people", "organizations")
ENTITY_TYPES = {"ARMED_GROUP", "COUNTRY", "ORGANIZATION", "PERSON", "PLACE"}
# The last word of a generic name for a state's forces or government: "Syrian army", "Afghan
# security forces", "Turkish government". Such names stand for the state acting (DESIGN §2).
STATE_AGENT_WORDS = {"forces": "military", "force": "military", "army": "military",
                     "military": "military", "troops": "military", "soldiers": "military",
                     "navy": "military", "guard": "military", "government": "government",
                     "regime": "government", "authorities": "government", "police": "police"}


class GazetteerRow(BaseModel):
    """One entity of the gazetteer; fields beyond these are kept in `extra`."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    name: str
    aliases: list[str] = []
    acronyms: list[str] = []
    demonyms: list[str] = []
    metonyms: list[str] = []
    wikidata: str | None = None
    iso2: str | None = None
    country: str | None = None
    countries: list[str] = []
    admin_level: int | None = None
    kind: str | None = None
    titles: list[str] = []
    links: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    source: str


RELATION_COMPOUND = re.compile(r"-(backed|based|linked|allied|aligned|affiliated|funded|"
                               r"sponsored|supported|armed|trained|inspired)\b", re.I)


POSSESSIVE = re.compile(r"^(.*?\w)['’]s\s")


@dataclass(frozen=True)
class Surface:
    """One way of writing an entity: text, the entity it names, and how it must match."""

    text: str
    entity_id: str
    form: str  # "name" (any case), "acronym", "demonym", "metonym" (as written)
    agent: str | None = None  # military / government / police for a state's forces


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, GazetteerRow]
    surfaces: tuple[Surface, ...]

    def get(self, entity_id: str) -> GazetteerRow | None:
        return self.entries.get(entity_id)



def _variants(alias: str) -> Iterator[str]:
    """Spelling variants news writers use for the same alias: apostrophes, hyphens, 'the'."""
    alias = alias.strip()
    forms = {alias, alias.replace("’", "'"), alias.replace("'", "’")}
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))  # "al-Qaeda" → "al Qaeda"
        if form.lower().startswith("the "):
            forms.add(form[4:])
    return iter(sorted(f for f in forms if f))


def _state_agent(alias: str, row: GazetteerRow, states: dict) -> str | None:
    """'military' for "Afghan security forces" on a state-forces row: the state acts."""
    if row.type == "COUNTRY" or not row.country or row.country not in states:
        return None
    words = alias.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2 or words[-1].lower() not in STATE_AGENT_WORDS:
        return None
    names = states[row.country][1]
    if words[0] in names or " ".join(words[:2]) in names:
        return STATE_AGENT_WORDS[words[-1].lower()]
    return None


def _is_state(name: str, states: dict[str, tuple[str, set[str]]]) -> bool:
    """Whether a possessor names a state ("Lebanon's Hezbollah"), not a people or a lord
    ("People's Protection Units", "Lord's Resistance Army")."""
    return any(name in names for _id, names in states.values())


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Titles and honorifics written before names (data/lexicons/titles.yaml)."""
    return frozenset(load_yaml("lexicons/titles.yaml")["titles"])


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """All gazetteer files, checked and indexed (cached: read once per process)."""
    entries: dict[str, GazetteerRow] = {}
    surfaces: list[Surface] = []
    state_words: dict[str, tuple[str, set[str]]] = {}  # iso2 → (country id, names/demonyms)
    titles = title_words()
    for stem in GAZETTEER_FILES:
        path = data_path(f"gazetteer/{stem}.jsonl")
        if not path.exists():
            continue
        for row in read_jsonl(path, f"gazetteer/{stem}.jsonl", GazetteerRow):
            if row.type not in ENTITY_TYPES:
                raise InvalidData(f"gazetteer/{stem}.jsonl: {row.id}: unknown type {row.type!r}; "
                                  f"choose from {', '.join(sorted(ENTITY_TYPES))}")
            if row.id in entries:
                raise InvalidData(f"gazetteer/{stem}.jsonl: duplicate id {row.id!r}")
            entries[row.id] = row
            if row.type == "COUNTRY" and row.iso2:
                state_words[row.iso2] = (row.id, {row.name, *row.aliases, *row.demonyms,
                                                  *row.acronyms})
            for alias in [row.name, *row.aliases]:
                possessor = POSSESSIVE.match(alias)
                if RELATION_COMPOUND.search(alias) or (possessor and _is_state(
                        possessor.group(1), state_words)):
                    continue  # "Iran-backed Houthis", "Lebanon's Hezbollah" carry a relation
                if row.type == "PERSON" and alias.split()[0] in titles and alias != row.name:
                    continue  # "Secretary of State John Kerry": the title is a relation too
                agent = _state_agent(alias, row, state_words)
                target = state_words[row.country][0] if agent else row.id
                surfaces.extend(Surface(v, target, "name", agent) for v in _variants(alias))
            surfaces.extend(Surface(a, row.id, "acronym") for a in row.acronyms)
            surfaces.extend(Surface(d, row.id, "demonym") for d in row.demonyms)
            surfaces.extend(Surface(m, row.id, "metonym", "government") for m in row.metonyms)
    return Gazetteer(entries, tuple(surfaces))

"""Entity linking inside one document: the stage between mention clustering and coreference.

    link_entities(doc, ents) → ents

* Names the gazetteer matcher missed because they are spelled another way ("al-Qaida",
  "Hizballah", "Abu Bakr al-Bagdadi") are linked to the gazetteer row that shares their
  `spelling_key`, when exactly one row of a compatible type does.
* Places (and names NER typed as places) are resolved against the place index, choosing
  between namesakes by the countries the document talks about (`places.py`), and get
  coordinates, country and admin level; a "Tripoli" in a story about Lebanon is Lebanon's.
* Countries get a representative point for the map.
* People keep, for display, the titles written before their names ("Mullah", "Gen.").
Two entities that link to one id become one.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

from ..datafiles import load_yaml
from ..nlp.gazetteer import load_gazetteer, title_words
from ..nlp.mentions import DocEntities, EntityRecord, gazetteer_record
from ..nlp.timex import MONTHS, WEEKDAYS
from .identity import same_family
from .names import initials, is_acronym, name_key, spelling_key
from .places import PlaceIndex, load_place_index

# entities the gazetteer may name under another spelling (places: `places.py`)
LINKABLE = {"ARMED_GROUP", "ORGANIZATION", "PERSON"}


@lru_cache(maxsize=1)
def _gazetteer_spellings() -> dict[str, frozenset[str]]:
    """spelling key → gazetteer ids, over the names and aliases of every row."""
    out: dict[str, set[str]] = {}
    for surface in load_gazetteer().surfaces:
        if surface.form == "name" and surface.agent is None:
            key = spelling_key(surface.text)
            if key:
                out.setdefault(key, set()).add(surface.entity_id)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _gazetteer_surfaces() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(lower-cased names → ids, acronyms/demonyms/metonyms as written → ids)."""
    names: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    for surface in load_gazetteer().surfaces:
        if surface.form == "name":
            names.setdefault(surface.text.lower(), set()).add(surface.entity_id)
        else:
            exact.setdefault(surface.text, set()).add(surface.entity_id)
    return ({k: frozenset(v) for k, v in names.items()},
            {k: frozenset(v) for k, v in exact.items()})


def gazetteer_ids(name: str) -> list[str]:
    """The gazetteer entities that a name, acronym or spelling variant names."""
    names, exact = _gazetteer_surfaces()
    found = set(names.get(name.strip().lower(), ())) | set(exact.get(name.strip(), ()))
    if not found:
        found = set(_gazetteer_spellings().get(spelling_key(name), ()))
    return sorted(found)


def document_countries(ents: DocEntities) -> Counter[str]:
    """How much the document speaks of each country: its mentions as a state, the country of
    each gazetteer place and the home countries of the armed groups it names."""
    gaz = load_gazetteer()
    counts: Counter[str] = Counter()
    for key, rec in ents.records.items():
        row = gaz.get(key)
        if row is None:
            continue
        n = len(rec.spans)
        if row.type == "COUNTRY" and row.iso2:
            counts[row.iso2] += 2 * n
        elif row.type == "PLACE" and row.country:
            counts[row.country] += n
        elif row.type == "ARMED_GROUP":
            for iso2 in row.countries[:2]:
                counts[iso2] += 1
    return counts


def link_entities(doc: Doc, ents: DocEntities, places: PlaceIndex | None = None) -> DocEntities:
    """Link, geocode and merge the entities of one document (see the module docstring)."""
    places = places or load_place_index()
    gaz = load_gazetteer()
    spellings = _gazetteer_spellings()
    for key in list(ents.records):
        rec = ents.records[key]
        if key.startswith("new:") and rec.type in LINKABLE:
            ids = {i for a in rec.aliases for i in spellings.get(spelling_key(a), ())
                   if same_family(gaz.entries[i].type, rec.type)}
            if len(ids) == 1:
                _relink(ents, key, ids.pop())
    _prefer_local_acronyms(ents)
    countries = document_countries(ents)
    _unnamed_places(doc, ents, places, countries)
    placing = set(load_yaml("lexicons/places.yaml")["placing_prepositions"])
    for key in list(ents.records):
        rec = ents.records[key]
        if key.startswith("new:") and rec.type in {"PERSON", "ORGANIZATION"} and all(
                start > 0 and doc[start - 1].lower_ in placing for start, _ in rec.spans):
            if places.resolve(list(rec.aliases), countries) is not None:
                rec.type = "PLACE"  # "Near Ayn Isa": NER took a place for a person
        if rec.type == "PLACE":
            current = None if key.startswith("new:") else key
            place = places.resolve(sorted(rec.aliases, key=lambda a: -rec.aliases[a]),
                                   countries, current)
            if place is None:
                continue
            target = _relink(ents, key, place.id, place.name)
            target.attributes.update(place.attributes())
            target.external_ids.update(dict(place.external_ids))
        elif rec.type == "COUNTRY":
            point = places.country_point(rec.attributes.get("iso2"))
            if point:
                rec.attributes.update(lat=point[0], lon=point[1])
        elif rec.type == "PERSON":
            titles = _titles(doc, rec)
            if titles:
                rec.attributes["titles"] = titles
    return ents


def _unnamed_places(doc: Doc, ents: DocEntities, places: PlaceIndex,
                    countries: Counter[str]) -> None:
    """Capitalised names NER left untagged that the syntax calls places ("the nearby region of
    Hit", "the Jhelum area", "near Tal Afar") and the place index knows in a country the
    document talks about (or the hand-written gazetteer knows)."""
    words = load_yaml("lexicons/places.yaml")
    placing, nouns = set(words["placing_prepositions"]), set(words["settlement_nouns"])
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not (tok.pos_ == "PROPN" and tok.is_title) or ents.refs(i) or tok.is_sent_start:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and not ents.refs(end):
            end += 1
        span = doc[i:end]
        root, i = span.root, end
        if any(t.lower_ in MONTHS or t.lower_ in WEEKDAYS or t.ent_type_ == "DATE"
               for t in span):
            continue  # "said in January": a date, not a place
        head = root.head
        placed = (root.dep_ == "pobj" and (head.lower_ in placing or (
            head.lower_ == "of" and head.head.lemma_ in nouns))) or (
            root.dep_ == "compound" and head.lemma_ in nouns and head.i == span.end)
        if not placed:
            continue
        place = places.resolve([span.text], countries)
        if place is None or not (place.source == "gazetteer" or countries.get(place.country)):
            continue
        rec = ents.records.get(place.id)
        if rec is None:
            row = load_gazetteer().get(place.id)
            rec = gazetteer_record(row) if row else EntityRecord(place.id, "PLACE", place.name)
            ents.records[place.id] = rec
        rec.aliases[span.text] += 1
        rec.spans.append((span.start, span.end))
        rec.agents.append(None)
        for t in range(span.start, span.end):
            ents.token_refs[t] = [place.id]


def _prefer_local_acronyms(ents: DocEntities) -> None:
    """An acronym the gazetteer knows ("CJTF": Nigeria's Civilian Joint Task Force) names,
    in a document that spells out another entity with exactly those initials ("Combined Joint
    Task Force", or a long form written "CJTF-OIR"), that entity. A long form that contains
    the acronym ("U.N. Commission of Inquiry") is a part of it, not its expansion."""
    gaz = load_gazetteer()
    for key in list(ents.records):
        rec, row = ents.records.get(key), gaz.get(key)
        if rec is None or row is None or not all(is_acronym(a) for a in rec.aliases):
            continue
        letters = {a.replace(".", "").upper() for a in rec.aliases}
        local = [k for k, r in ents.records.items() if k != key and r.type in LINKABLE
                 and not is_acronym(r.name) and _expands(r, letters, set(rec.aliases))]
        if len(local) == 1:
            _relink(ents, key, local[0])


def _expands(rec: EntityRecord, letters: set[str], acronyms: set[str]) -> bool:
    if any(a in rec.name.split() for a in acronyms):
        return False
    if initials(name_key(rec.name)) in letters:
        return True
    return any(is_acronym(a.split("-")[0]) and a.split("-")[0].replace(".", "") in letters
               and "-" in a for a in rec.aliases)


def _relink(ents: DocEntities, old: str, new: str, name: str | None = None) -> EntityRecord:
    """Give the entity `old` the id `new`, merging it into an entity that already has it."""
    if old == new:
        return ents.records[old]
    rec = ents.records.pop(old)
    target = ents.records.get(new)
    if target is None:
        row = load_gazetteer().get(new)
        target = gazetteer_record(row) if row is not None else EntityRecord(
            new, rec.type, name or rec.name)
        ents.records[new] = target
    target.aliases.update(rec.aliases)
    target.spans.extend(rec.spans)
    target.agents.extend(rec.agents)
    for refs in ents.token_refs.values():
        for n, ref in enumerate(refs):
            if ref == old:
                refs[n] = new
    return target


def _titles(doc: Doc, rec: EntityRecord) -> list[str]:
    """Titles written right before the person's mentions ("Mullah", "Gen.", "Sheikh")."""
    titles = title_words()
    seen: list[str] = []
    for start, _end in rec.spans:
        i = start - 1
        found: list[str] = []
        while i >= 0 and doc[i].text in titles:
            found.insert(0, doc[i].text)
            i -= 1
        if found and " ".join(found) not in seen:
            seen.append(" ".join(found))
    row = load_gazetteer().get(rec.key)
    for title in (row.titles if row is not None else []):
        if title not in seen:
            seen.append(title)
    return seen

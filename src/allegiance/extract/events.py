"""Events from the dependency parse: who did what to whom, where, when, with what, and the toll.

For every token whose lemma is an event trigger (data/lexicons/events.yaml), its frame names the
slots of actors and targets (the same slots relations use, extract/slots.py). An event is coded
in PLOVER (type and mode), with the nearest CAMEO code and the ACLED event type and sub-type;
its mode comes from the trigger or from the words of its clause ("a car bomb", "a drone").
Unnamed actors and targets that an event still names ("gunmen", "a mosque") become entities of
the document. The place is the most specific place the clause or the sentence gives; the time
is the date expression of the sentence, resolved against the publication date (nlp/timex.py);
casualties are the numbers next to "killed", "wounded", "kidnapped".

An attack of a named group or state on another yields HOSTILE_TO between them (`hostilities`).
Events a sentence only threatens, denies or recommends are not events (extract/claims.py keeps
them as claims).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..datafiles import load_yaml
from ..model import Event, Evidence
from ..nlp.mentions import DocEntities, EntityRecord
from ..nlp.timex import find_times, normalize_time, number_value
from .candidates import PERSON_PROXY, Candidate, allowed, dedupe
from .lexicon import Lexicon
from .modality import polarity_and_modality
from .slots import Slots

ACTOR_TYPES = {"ARMED_GROUP", "COUNTRY", "ORGANIZATION", "PERSON"}
LOCATIVE = ("in", "near", "at", "outside", "across", "inside", "around", "on")
# crowd words a casualty count may be (other number words: timex.number_value)
CROWD_COUNTS = {"dozens": 24, "scores": 40, "hundred": 100, "hundreds": 200}


@dataclass
class EventLexicon:
    verbs: dict[str, tuple[str, str, str | None]]
    nouns: dict[str, tuple[str, str, str | None]]
    mode_words: dict[str, str]
    mode_order: list[str]
    codings: dict[str, tuple[str, str, str]]
    civilian_attack: tuple[str, str, str]
    weapons: list[list[str]]
    armed_nouns: set[str]
    physical_targets: set[str]
    people_targets: set[str]
    casualties: dict[str, str] = field(default_factory=dict)  # lemma → killed/wounded/...
    actorless: set[str] = field(default_factory=set)
    control_verbs: set[str] = field(default_factory=set)
    attack_verbs: set[str] = field(default_factory=set)  # verbs of ASSAULT events


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    data = load_yaml("lexicons/events.yaml")
    return EventLexicon(
        verbs={k: tuple(v) for k, v in data["verbs"].items()},
        nouns={k: tuple(v) for k, v in data["noun"].items()},
        mode_words={w: mode for mode, words in data["mode_words"].items() for w in words},
        mode_order=list(data["mode_order"]),
        codings={k: tuple(v) for k, v in data["codings"].items()},
        civilian_attack=tuple(data["civilian_attack"]),
        weapons=sorted((w.split() for w in data["weapons"]), key=len, reverse=True),
        armed_nouns=set(data["armed_nouns"]),
        physical_targets=set(data["physical_targets"]),
        people_targets=set(data["people_targets"]),
        casualties={w: kind for kind, words in data["casualties"].items() for w in words},
        actorless=set(data["actorless"]), control_verbs=set(data["control_verbs"]),
        attack_verbs={v for v, row in data["verbs"].items() if row[1] == "ASSAULT"})


@dataclass
class Found:
    """An event before its entity keys become public ids."""

    type: str
    mode: str | None
    trigger: Token
    actors: list[str]
    targets: list[str]
    place: str | None
    victims: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)  # actor phrases headed by a noun

    def event(self, ents: DocEntities, published: str | None) -> Event:
        lex = load_event_lexicon()
        sent = self.trigger.sent
        cameo, acled, sub = _coding(self, ents, lex)
        return Event(self.type, Evidence(sent.text, sent.start_char, sent.end_char), self.mode,
                     cameo, acled, sub, list(self.actors), list(self.targets), self.place,
                     _time(sent, self.trigger, published), _casualties(sent, lex),
                     weapons=list(self.weapons), victims=list(self.victims),
                     perpetrators=list(self.perpetrators))


def extract_events(doc: Doc, ents: DocEntities, lex: Lexicon) -> list[Found]:
    """Every event of a parsed document (keys are the document's entity keys)."""
    elex = load_event_lexicon()
    cues = lex.cues
    light = set(cues["light_verbs"])
    places = load_yaml("lexicons/places.yaml")
    slots = Slots(ents, set(cues["transparent_nouns"]) | set(places["place_nouns"])
                  | set(places["settlement_nouns"]), light)  # "the town of Bunagana"
    found: list[Found] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        entry = (elex.verbs.get(lemma) if tok.pos_ == "VERB" else
                 elex.nouns.get(lemma) if tok.pos_ in {"NOUN", "PROPN"} else None)
        if entry is None or ents.refs(tok.i):
            continue
        polarity, modality = polarity_and_modality(tok, cues, light)
        if polarity == "negative" or modality not in {"asserted", "reported", "hedged"}:
            continue  # "vowed to attack", "denied carrying out the attack": claims, not events
        frame, etype, mode = entry
        actors, targets, victims = _roles(tok, frame, slots, ents, elex)
        place = _place(tok, slots, ents, set(actors))
        seized = [k for k in targets if ents.type_of(k) == "PLACE"]
        if frame in {"seize", "control"} and seized:
            place = seized[0]  # the place taken is where it happened
        if frame == "talks" and len(set(actors) | set(targets)) < 2:
            _same_talks(found, tok, place)  # "the talks in Doha": talks named before
            continue
        if not (targets or victims) or not (actors or (
                etype == "ASSAULT" and _strong(tok, elex, targets, ents))):
            continue  # nobody attacked, or nobody attacking: not an event we can code
        found.append(Found(etype, _mode(tok, mode, elex), tok, actors, targets, place, victims,
                           _weapons(tok.sent, elex), _perpetrators(tok, frame, slots)))
    return _merge_sentence_events(found)


def _strong(tok: Token, lex: EventLexicon, targets: list[str], ents: DocEntities) -> bool:
    """An attack with no named attacker is still an event when it is a bombing, a killing or
    a kidnapping of a named target ("a car bomb exploded outside the embassy")."""
    lemma = tok.lemma_.lower()
    return lemma in lex.actorless and bool(targets)


def _perpetrators(tok: Token, frame: str, slots: Slots) -> list[str]:
    """The actor phrases headed by a common noun, as written ("members of the FMLN", "urban
    guerrillas"): who carried the attack out, for the MUC-4 view."""
    out = []
    for name in SLOTS[frame][0]:
        for t in _slot(name, tok, slots):
            if t.pos_ == "NOUN" and t.lemma_.lower() not in load_event_lexicon().nouns:
                span = t.doc[t.left_edge.i:t.right_edge.i + 1]
                if len(span) <= 10:
                    out.append(span.text)
    return dedupe(out)


def _same_talks(found: list[Found], tok: Token, place: str | None) -> None:
    """A definite mention of talks without parties ("the talks in Doha") is the latest talks
    already found: it may tell where they were held."""
    if not any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in tok.children):
        return
    earlier = [ev for ev in found if ev.type == "CONSULT"]
    if earlier and place and earlier[-1].place is None:
        earlier[-1].place = place


def hostilities(events: list[Found], ents: DocEntities) -> list[Candidate]:
    """HOSTILE_TO between the named actors and targets of every attack."""
    out = []
    for ev in events:
        if ev.type != "ASSAULT":
            continue
        for a in ev.actors:
            for t in ev.targets:
                if a == t or a.startswith("event:") or t.startswith("event:"):
                    continue
                ta, tt = ents.type_of(a), ents.type_of(t)
                parties = {"ARMED_GROUP", "COUNTRY"}
                if ta in parties and tt in parties and allowed("HOSTILE_TO", ta, tt):
                    out.append(Candidate(a, "HOSTILE_TO", t, "positive", "asserted", 0.6,
                                         {}, ev.trigger.sent))
                elif {ta, tt} <= parties | {"PERSON"}:  # a person stands for their group
                    out.append(Candidate(a, "HOSTILE_TO", t, "positive", "asserted", 0.55,
                                         {PERSON_PROXY: True}, ev.trigger.sent))
    return out


# ---- roles ---------------------------------------------------------------------------------

SLOTS = {
    "act": (("subj",), ("obj", "prep:on", "prep:against", "prep:at")),
    "fire": (("subj",), ("prep:on", "prep:at", "prep:into", "prep:towards", "prep:toward")),
    "act_noun": (("poss", "left", "claimant", "by"), ("prep:on", "prep:against", "prep:of",
                                                        "prep:at")),
    "clash": (("subj", "poss", "left"), ("prep:with", "prep:against", "prep:between", "obj")),
    "talks": (("subj", "poss", "left", "between"), ("prep:with", "prep:between", "left")),
    "pledge": (("subj", "poss"), ("prep:to",)),
    "arrest": (("subj", "poss", "left", "by"), ("obj", "prep:of")),
    "seize": (("subj",), ("obj", "prep:of", "prep:from")),
    "control": (("control_subj",), ("prep:of", "prep:over")),
}


def _roles(tok: Token, frame: str, slots: Slots, ents: DocEntities,
           lex: EventLexicon) -> tuple[list[str], list[str], list[str]]:
    actor_slots, target_slots = SLOTS[frame]
    actors: list[str] = []
    for name in actor_slots:
        for t in _slot(name, tok, slots):
            actors += _named(t, slots, ents, lex, "actor")
    targets: list[str] = []
    victims: list[str] = []
    for name in target_slots:
        for t in _slot(name, tok, slots):
            keys = _named(t, slots, ents, lex, "target")
            if keys:
                targets += [k for k in keys if k not in actors or frame == "talks"]
            elif t.lemma_.lower() in lex.people_targets or t.lower_ in lex.people_targets:
                victims.append(_phrase(t).text)
    if frame == "act_noun" and slots.prep(tok, "by"):  # "bin Laden's killing by U.S. SEALs"
        owned = [k for c in slots.slot("poss", tok) for k in slots.entities_at(c)]
        by = [k for c in slots.prep(tok, "by") for k in _named(c, slots, ents, lex, "actor")]
        if by and owned:
            actors = [k for k in actors if k not in owned]
            targets = owned + targets
    actors, targets = dedupe(actors), dedupe(targets)
    if frame in {"clash", "talks"} and len(actors) >= 2 and not targets:
        actors, targets = actors[:1], actors[1:]  # "Hamas and Fatah clashed"
    if frame == "talks":  # talks are mutual: each party is actor and target
        parties = dedupe(actors + targets)
        actors, targets = parties, parties
    if frame in {"seize", "control"}:
        targets = [k for k in targets if not k.startswith("new:armed:")]
        if not any(ents.type_of(k) == "ARMED_GROUP" for k in targets):
            targets += _held_by(tok, ents, set(actors))
    return actors, targets, victims


def _held_by(tok: Token, ents: DocEntities, actors: set[str]) -> list[str]:
    """Who held a place that was seized: the armed group the sentence (or the one before)
    names besides the actors ("the militants ..., when the Iraqi army recaptured Ramadi")."""
    sent = tok.sent
    start = sent.start
    if sent.start > 0:
        start = tok.doc[sent.start - 1].sent.start
    for i in range(sent.end - 1, start - 1, -1):
        for key in ents.refs(i):
            if ents.type_of(key) == "ARMED_GROUP" and key not in actors:
                return [key]
    return []


def _slot(name: str, tok: Token, slots: Slots) -> list[Token]:
    if name == "control_subj":  # "the RSF took control of Wad Madani"
        head = tok.head
        ok = tok.dep_ == "dobj" and head.lemma_.lower() in load_event_lexicon().control_verbs
        return slots.slot("subj", head) if ok else []
    if name == "by":
        return slots.prep(tok, "by")
    if name == "between":
        return slots.prep(tok, "between")
    if name == "obj" and tok.dep_ == "acl" and tok.tag_ == "VBN":
        return [c for c in tok.children if c.dep_ == "dobj"] + [tok.head]
    return slots.slot(name, tok)


def _named(t: Token, slots: Slots, ents: DocEntities, lex: EventLexicon, role: str) -> list[str]:
    """Entity keys of a slot's phrase; an unnamed armed actor or a physical target becomes a
    document entity ("gunmen", "a mosque"). An attack noun as subject ("A U.S. drone strike
    killed ...") gives its own actors; armed nouns give the group they come from ("fighters
    from JNIM", "rebels of the ADF")."""
    keys = [k for k in slots.entities_at(t) if ents.type_of(k) in ACTOR_TYPES
            or (role == "target" and ents.type_of(k) in {"PLACE", "COUNTRY"})]
    if keys:
        return keys
    lemma = t.lemma_.lower()
    if role == "actor" and lemma in lex.nouns:
        return [k for name in ("poss", "left") for c in slots.slot(name, t)
                for k in slots.entities_at(c) if ents.type_of(k) in ACTOR_TYPES]
    if role == "actor" and (lemma in lex.armed_nouns or t.lower_ in lex.armed_nouns):
        owners = [k for word in ("from", "of") for c in slots.prep(t, word)
                  for k in slots.entities_at(c) if ents.type_of(k) in ACTOR_TYPES]
        owners += [k for c in t.lefts if c.dep_ in {"compound", "amod", "nmod"}
                   for g in c.subtree for k in ents.refs(g.i) if ents.type_of(k) in ACTOR_TYPES]
        if owners:
            return dedupe(owners)
    if role == "actor" and (lemma in lex.armed_nouns or t.lower_ in lex.armed_nouns):
        return [_descriptive(t, ents, "ARMED_GROUP", "armed")]
    if role == "target" and lemma in lex.physical_targets:
        return [_descriptive(t, ents, "PLACE", "facility")]
    return []


def _phrase(t: Token) -> Span:
    """The noun phrase of a head noun: determiners, adjectives and compounds on its left."""
    start = t.i
    for c in t.lefts:
        if c.dep_ in {"det", "amod", "compound", "nummod", "nmod", "quantmod"}:
            start = min(start, c.left_edge.i)
    return t.doc[start:t.i + 1]


def _descriptive(t: Token, ents: DocEntities, etype: str, kind: str) -> str:
    """A document entity for an unnamed actor or target, one per head word."""
    phrase = _phrase(t)
    words = [w for w in phrase if w.dep_ != "det" and not w.like_num]
    name = " ".join(w.text for w in words) or t.text
    key = f"new:{kind}:{t.lemma_.lower()}"
    rec = ents.records.get(key)
    if rec is None:
        rec = EntityRecord(key, etype, name, attributes={"kind": kind, "unnamed": True})
        ents.records[key] = rec
    if (phrase.start, phrase.end) not in rec.spans:
        rec.aliases[phrase.text] += 1
        if name != phrase.text:
            rec.aliases[name] += 0
        rec.spans.append((phrase.start, phrase.end))
        rec.agents.append(None)
    return key


def _place(tok: Token, slots: Slots, ents: DocEntities, taken: set[str]) -> str | None:
    """The most specific place of the event: a locative phrase on the trigger or its verb,
    else the first place the sentence names (a PLACE before a COUNTRY)."""
    hosts = [tok]
    if tok.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass", "attr"}:
        hosts.append(tok.head if tok.dep_ != "pobj" else tok.head.head)
    found: list[str] = []
    for host in hosts:
        for word in LOCATIVE:
            for t in slots.prep(host, word):
                found += [k for k in slots.entities_at(t)
                          if ents.type_of(k) in {"PLACE", "COUNTRY"} and k not in taken]
    if not found:
        for t in tok.sent:
            keys = ents.refs(t.i)
            if keys and t.head.lower_ in LOCATIVE or (keys and t.dep_ == "poss"):
                found += [k for k in keys if ents.type_of(k) in {"PLACE", "COUNTRY"}
                          and k not in taken]
    places = [k for k in found if ents.type_of(k) == "PLACE"]
    return (places or found or [None])[0]


def _mode(tok: Token, default: str | None, lex: EventLexicon) -> str | None:
    """The mode of an attack: the trigger's own, or the strongest the clause's words give."""
    words = {t.lower_ for t in tok.sent} | {t.lemma_.lower() for t in tok.sent}
    modes = {lex.mode_words[w] for w in words if w in lex.mode_words}
    if default:
        modes.add(default)
    return next((m for m in lex.mode_order if m in modes), None)


def _coding(ev: Found, ents: DocEntities, lex: EventLexicon) -> tuple[str, str, str]:
    """CAMEO code and ACLED type / sub-type of an event."""
    if ev.type in ("CONSULT", "AGREE"):
        return lex.codings[ev.type]
    if ev.mode == "seize" and any(ents.type_of(a) == "COUNTRY" for a in ev.actors):
        return ("190", "Battles", "Government regains territory")
    coding = lex.codings.get(ev.mode or "default", lex.codings["default"])
    if coding == lex.codings["default"] or ev.mode == "firearms":
        armed = [t for t in ev.targets if ents.type_of(t) in {"ARMED_GROUP", "COUNTRY"}
                 and not t.startswith("new:facility:")]
        if not armed and (ev.victims or ev.targets):
            return lex.civilian_attack
    return coding


def _weapons(sent: Span, lex: EventLexicon) -> list[str]:
    words = [t.lower_ for t in sent]
    out = []
    for n in range(len(words)):
        for w in lex.weapons:
            if words[n:n + len(w)] == w:
                phrase = " ".join(w)
                if not any(phrase in o for o in out):
                    out.append(phrase)
                break
    return out


def _casualties(sent: Span, lex: EventLexicon) -> dict[str, int | None]:
    """Killed, wounded and kidnapped counts the sentence states ("killing at least 12",
    "five soldiers were wounded", "left 20 dead")."""
    out: dict[str, int | None] = {"killed": None, "wounded": None, "kidnapped": None}
    for tok in sent:
        kind = lex.casualties.get(tok.lemma_.lower()) or lex.casualties.get(tok.lower_)
        if kind is None:
            continue
        number = _number_near(tok)
        if number is not None:
            out[kind] = max(out[kind] or 0, number)
    return out


def _number_near(tok: Token) -> int | None:
    """The count a casualty word governs or follows: its object's or subject's number, or a
    number within three words before it."""
    candidates = []
    for c in tok.children:
        if c.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "npadvmod"}:
            candidates += [g for g in c.subtree if g.like_num or g.lower_ in CROWD_COUNTS]
        if c.like_num or c.dep_ == "nummod":
            candidates.append(c)
    if tok.dep_ in {"amod", "acl", "relcl"}:  # "12 people killed"
        candidates += [g for g in tok.head.subtree if g.i < tok.i and g.like_num]
    start = max(tok.sent.start, tok.i - 4)
    candidates += [t for t in tok.doc[start:tok.i] if t.like_num]
    for cand in candidates:
        value = _to_int(cand.text)
        if value is not None and 0 < value < 100000:
            return value
    return None


def _to_int(text: str) -> int | None:
    return CROWD_COUNTS.get(text.lower()) or number_value(text.lower())


def _time(sent: Span, trigger: Token, published: str | None) -> dict:
    """The sentence's time expression nearest the trigger, resolved against `published`."""
    date = _published(published)
    spans = [s for s in trigger.doc.spans.get("dates", []) if s.sent.start == sent.start]
    options = [(s.start_char, s.end_char, s.text) for s in spans]
    if not options:
        base = sent.start_char
        options = [(base + a, base + b, text) for a, b, text in find_times(sent.text)]
    if not options:
        return {"text": None, "start": None, "end": None}
    start, _end, text = min(options, key=lambda o: abs(o[0] - trigger.idx))
    value = normalize_time(text, date)
    return {"text": text, "start": value.get("start"), "end": value.get("end")}


def _published(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _merge_sentence_events(found: list[Found]) -> list[Found]:
    """One event per sentence and type where triggers overlap ("attacked ... killing 12"):
    targets, victims and weapons joined, the first place and the strongest mode kept."""
    merged: list[Found] = []
    for ev in found:
        twin = next((m for m in merged if m.trigger.sent.start == ev.trigger.sent.start
                     and m.type == ev.type and (not m.actors or not ev.actors
                                                or set(m.actors) & set(ev.actors))), None)
        if twin is None:
            merged.append(ev)
            continue
        twin.actors = dedupe(twin.actors + ev.actors)
        twin.targets = dedupe(twin.targets + [t for t in ev.targets if t not in twin.actors])
        twin.victims = dedupe(twin.victims + ev.victims)
        twin.perpetrators = dedupe(twin.perpetrators + ev.perpetrators)
        twin.place = twin.place or ev.place
        order = load_event_lexicon().mode_order
        modes = [m for m in (twin.mode, ev.mode) if m]
        twin.mode = min(modes, key=order.index) if modes else None
    return merged

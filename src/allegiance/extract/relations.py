"""Relations from the dependency parse: trigger words in frames, and structural patterns.

For every token whose lemma is in the trigger lexicon (data/lexicons/triggers.jsonl), the
trigger's frame names the slots where its subject and object sit (extract/slots.py); each
(subject entity, object entity) pair that the ontology allows becomes a candidate relation with
the polarity and modality of the trigger's context (extract/modality.py). Structural patterns
add relations no single trigger carries: "Afghanistan's Helmand province" (LOCATED_IN) and
hyphenated compounds ("Iran-backed Houthis", "Pakistan-based Haqqanis").
Candidates with the same (subject, predicate, object, polarity) merge, keeping all evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from spacy.tokens import Doc, Token

from ..datafiles import load_yaml
from ..model import Evidence, Relation
from ..nlp.mentions import DocEntities
from ..ontology import SYMMETRIC
from .candidates import PERSON_PROXY, Candidate, allowed, dedupe
from .lexicon import Lexicon, Trigger
from .modality import polarity_and_modality
from .patterns import (groups_in_places, hyphen_compounds, inclusions, located_in,
                       place_modifiers)
from .slots import Slots

# (subject slots, object slots) tried for each frame
FRAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "transitive": (("subj",), ("obj",)),
    "with": (("subj",), ("prep:with",)),
    "alongside": (("subj",), ("prep:with", "prep:alongside")),
    "beside": (("subj",), ("prep:alongside", "prep:beside")),
    "from": (("subj",), ("prep:from", "prep:with")),
    "stronghold": (("poss", "left", "prep:for", "prep:of"), ("appos_head", "copula", "prep:in")),
    "control_of": (("poss", "left", "subj_light"), ("prep:of", "prep:over")),
    "adj_to": (("copula", "modified", "subj"), ("prep:to", "prep:with")),
    "fire_at": (("subj",), ("prep:at", "prep:on", "prep:into", "prep:toward", "prep:towards")),
    "joint": (("head_subj", "head_with"), ()),
    "clash": (("subj",), ("prep:with", "prep:against")),
    "against": (("subj",), ("obj", "prep:against")),
    "give": (("subj",), ("prep:to", "dative", "prep:for", "obj")),
    "rely": (("prep:on", "prep:upon", "prep:from"), ("subj",)),
    "beneficiary": (("of",), ("copula", "appos_head")),
    "relational": (("appos_head", "appos_child", "copula", "named", "as_object", "coref_self"),
                   ("of", "poss", "left", "sibling_left", "prep:in", "prep:within", "prep:for",
                    "prep:inside")),
    "symmetric_noun": (("poss", "copula", "appos_head", "as_object", "subj_light", "see_subj"),
                       ("appos_child", "of", "prep:with", "prep:for", "prep:to", "left",
                        "named", "prep:against", "prep:between")),
    "pair_noun": (("left", "poss", "subj_light"),
                  ("prep:with", "prep:between", "prep:among", "prep:to", "prep:for", "prep:of",
                   "left")),
    "hostile_noun": (("left", "poss", "subj_light", "claimant", "verb_subj"),
                     ("prep:with", "prep:between", "prep:among", "prep:against", "prep:on",
                      "prep:of", "left")),
    "evaluation": (("see_subj",), ("as_object",)),
    "presence": (("poss", "left", "subj_light"),
                 ("prep:in", "prep:across", "prep:throughout", "prep:inside")),
    "located": (("subj_or_patient",), ("prep:in", "prep:across", "prep:throughout",
                                       "prep:inside", "prep:into", "obj")),
    "allegiance": (("poss", "poss_of_head", "subj_light"), ("prep:to", "to_of_head")),
    "join": (("subj",), ("obj",)),
    "self_in": (("self", "poss", "subj_light"),
                ("prep:in", "prep:across", "prep:throughout", "prep:inside")),
    "noun_against": (("self", "left", "poss", "subj_light"), ("prep:against",)),
}


# slots that hold all the parties at once: "talks between X and Y", "U.S.-Taliban talks",
# "NATO allies Turkey and the United States"
JOINT_SLOTS = {"pair_noun": {"prep:between", "prep:among", "left"},
               "hostile_noun": {"prep:between", "prep:among", "left"},
               "symmetric_noun": {"named", "prep:between"}}
# frames whose subject is the trigger word itself, which may be part of a name
SELF_FRAMES = {"self_in", "noun_against"}
# frames whose parties may all sit in one slot: "Hamas and PIJ clashed", "the two sides are allies"
RECIPROCAL_FRAMES = {"clash", "alongside", "joint", "with", "pair_noun", "hostile_noun", "symmetric_noun"}



class FrameSlots(Slots):
    """Slots that only some frames use."""

    def _subj_light(self, t: Token) -> list[Token]:
        if t.dep_ in {"dobj", "pobj", "attr", "nsubjpass"}:
            return self._subj(t)
        return []

    def _verb_subj(self, t: Token) -> list[Token]:
        """Who took part in a fight the verb's phrase names: "Wani died in a gunfight with
        the army", "three soldiers were killed in clashes with al-Shabaab"."""
        if (t.dep_ == "pobj" and t.head.lower_ in {"in", "during", "amid"}
                and t.head.head.pos_ == "VERB"
                and (self.prep(t, "with") or self.prep(t, "against"))):  # the other side named
            return self._subj(t.head.head)
        return []

    def _coref_self(self, t: Token) -> list[Token]:
        """A description resolved to a group names it: "The al-Qaeda affiliate ..."."""
        return [t] if self.ents.refs(t.i) and t.pos_ == "NOUN" else []

    def _head_with(self, t: Token) -> list[Token]:
        """Partners of a joint action: "joint operations with the Congolese army"."""
        return self.prep(t.head, "with") if t.dep_ == "amod" else []

    def _head_subj(self, t: Token) -> list[Token]:
        """The actors of the noun an adjective modifies: "launched joint strikes"."""
        return self._subj_light(t.head) if t.dep_ == "amod" else []

    def _poss_of_head(self, t: Token) -> list[Token]:
        """The possessor of the noun "allegiance" hangs on: "X's pledge of allegiance"."""
        if t.dep_ == "pobj" and t.head.lower_ == "of":
            return self._poss(t.head.head)
        return self._poss(t.head)

    def _to_of_head(self, t: Token) -> list[Token]:
        heads = [t.head, t.head.head] if t.dep_ == "pobj" else [t.head]
        out = []
        for h in heads:
            out += self.prep(h, "to")
        return out


def extract_relations(doc: Doc, ents: DocEntities, lex: Lexicon,
                      extra: list[Candidate] = ()) -> list[Relation]:
    """All relations of a parsed document, merged per (subject, predicate, object, polarity);
    `extra` adds candidates found by other stages (hostilities of events)."""
    cues = lex.cues
    light = set(cues["light_verbs"])
    place_nouns = set(load_yaml("lexicons/places.yaml")["place_nouns"])
    slots = FrameSlots(ents, set(cues["transparent_nouns"]) | place_nouns, light,
                       set(lex.kinds) | set(cues["owned_nouns"]))
    candidates: list[Candidate] = []
    in_name = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for tok in doc:
        lemma = tok.lemma_
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
            lemma = f"{doc[tok.i - 2].lower_}-{lemma}"  # "hard-liners", "co-founder"
        for trig in lex.lookup(lemma, tok.pos_) or lex.lookup(tok.lemma_, tok.pos_):
            if tok.i in in_name and trig.frame not in SELF_FRAMES:
                continue  # "Nusra Front" is a name; "the U.S.-led coalition against IS" acts
            candidates += _from_trigger(tok, trig, slots, ents, lex, light)
    candidates += located_in(doc, ents, place_nouns)
    candidates += place_modifiers(doc, ents)
    candidates += inclusions(doc, ents)
    candidates += groups_in_places(doc, ents)
    candidates += hyphen_compounds(doc, ents, slots, lex, light)
    return _merge(_people_as_organizations(candidates + list(extra), ents))


STAFF_OF = "_STAFF_OF"  # a person's aide, spokesman or minister; not a predicate of the ontology


def _people_as_organizations(candidates: list[Candidate], ents: DocEntities
                             ) -> list[Candidate]:
    """People stand for the organisation they lead, or else the one they belong to, where a
    relation needs an organisation: "Machar's spokesman James Dak" with "Riek Machar, the
    leader of the SPLM-IO" gives Dak MEMBER_OF SPLM-IO; "Wani, a Hizbul Mujahideen commander,
    died in a gunfight with the Indian army" gives Hizbul Mujahideen HOSTILE_TO India."""
    led: dict[str, list[str]] = {}
    belongs: dict[str, list[str]] = {}
    for c in candidates:
        if c.predicate in {"LEADER_OF", "MEMBER_OF"} and c.polarity == "positive":
            into = led if c.predicate == "LEADER_OF" else belongs
            into.setdefault(c.subject, []).append(c.object)

    def parties(key: str) -> list[str]:
        if ents.type_of(key) != "PERSON":
            return [key]
        orgs = dedupe(led.get(key, []))
        members = dedupe(belongs.get(key, []))
        return orgs or (members if len(members) == 1 else [])

    out = []
    for c in candidates:
        if c.predicate == STAFF_OF:
            out += [replace(c, predicate="MEMBER_OF", object=org)
                    for org in dedupe(led.get(c.object, [])) if org != c.subject]
        elif c.attributes.get(PERSON_PROXY):
            attrs = {k: v for k, v in c.attributes.items() if k != PERSON_PROXY}
            out += [replace(c, subject=s, object=o, attributes=attrs)
                    for s in parties(c.subject) for o in parties(c.object)
                    if s != o and allowed(c.predicate, ents.type_of(s), ents.type_of(o))]
        else:
            out.append(c)
    return out


def _from_trigger(tok: Token, trig: Trigger, slots: FrameSlots, ents: DocEntities,
                  lex: Lexicon, light: set[str]) -> list[Candidate]:
    if trig.requires and not any(c.lemma_.lower() in trig.requires for c in tok.children):
        return []
    subj_slots, obj_slots = FRAMES[trig.frame]
    subjects = _fill(tok, subj_slots, slots)
    joint = _fill(tok, tuple(n for n in obj_slots if n in JOINT_SLOTS.get(trig.frame, ())),
                  slots)
    owner_and_part = trig.frame == "relational" and slots._poss(tok) and slots._left(tok)
    if owner_and_part:
        # "its YPG military wing": the name on the left is the part, the possessor the whole
        subjects = dedupe(subjects + [k for t in slots._left(tok) for k in slots.entities_at(t)
                                       if ents.type_of(k) not in {"PLACE", "COUNTRY"}])
    if not subjects and len(joint) < 2:
        return []  # nobody to relate: most trigger words in a text end here
    objects = _fill(tok, obj_slots, slots)
    if owner_and_part:
        objects = [k for t in slots._poss(tok) for k in slots.entities_at(t)]
    if trig.frame == "relational" and any(
            c.dep_ in {"compound", "amod"} and c.lemma_.lower() in lex.cues["scoping_modifiers"]
            for c in tok.children):
        return []  # "Turkey's main opposition leader" leads the opposition, not Turkey
    if trig.predicate == "HOSTILE_TO" and any(c.lower_ in {"joint", "combined", "coordinated"}
                                                for c in tok.children):
        # "joint operations with the Congolese army against the ADF": "with" is a partner
        partners = _fill(tok, ("prep:with",), slots)
        objects = [k for k in objects if k not in partners]
        subjects = dedupe(subjects + partners)
    if tok.lemma_.lower() in lex.cues["insurgency_nouns"]:  # "an insurgency across Somalia"
        objects += [k for name in ("prep:in", "prep:across", "prep:throughout")
                    for t in slots.slot(name, tok) for k in slots.entities_at(t)
                    if ents.type_of(k) == "COUNTRY" and k not in objects]
    pairs = [(s, o) for s in subjects for o in objects if s != o]
    predicate = trig.predicate
    if predicate == "LEADER_OF" and _heads_a_sub_body(tok, slots, lex):
        predicate = "MEMBER_OF"  # "head of the political office of the Yarmouk Army"
    if predicate in SYMMETRIC and not pairs and trig.frame in RECIPROCAL_FRAMES:
        # "Hamas and PIJ are allies", "the two sides", "talks between X and Y", "U.S.-Taliban
        # talks": the parties sit together in one slot. Not "talks with A, B and C".
        group = subjects if len(subjects) >= 2 else joint
        if len(group) >= 2:
            pairs = list(combinations(group, 2))
    if trig.frame == "self_in":  # "the AU force in Somalia": presupposed, whatever governs it
        polarity, modality = "positive", "asserted"
    else:
        polarity, modality = polarity_and_modality(tok, lex.cues, light)
    if trig.negated:
        polarity = "negative" if polarity == "positive" else "positive"
    attrs = _attributes(tok, trig, slots, lex)
    out = []
    if predicate == "PART_OF" and trig.frame == "relational":  # "al-Qaeda's branch in Yemen"
        for s in subjects:
            for t in slots.prep(tok, "in"):
                for place in slots.entities_at(t):
                    if ents.type_of(place) in {"PLACE", "COUNTRY"} and allowed(
                            "OPERATES_IN", ents.type_of(s), ents.type_of(place)):
                        out.append(Candidate(s, "OPERATES_IN", place, polarity, modality,
                                             trig.confidence * 0.9, {"kind": "present"},
                                             tok.sent))
    if predicate == "HOSTILE_TO":  # an attack on a place, or in it: the attacker operates there
        targets = _fill(tok, tuple(n for n in obj_slots if n != "left"), slots)
        places = [k for k in targets if ents.type_of(k) == "PLACE"]
        places += [k for name in ("prep:in", "prep:near", "prep:at", "prep:across")
                   for t in slots.slot(name, tok) for k in slots.entities_at(t)
                   if ents.type_of(k) in {"PLACE", "COUNTRY"}]
        for s in subjects:
            for place in dedupe(places):
                if s != place and allowed("OPERATES_IN", ents.type_of(s), ents.type_of(place)) \
                        and polarity == "positive":
                    out.append(Candidate(s, "OPERATES_IN", place, polarity, modality,
                                         trig.confidence * 0.8, {"kind": "operations"},
                                         tok.sent))
    if not pairs:
        return out
    for s, o in pairs:
        pred = trig.by_subject_type.get(ents.type_of(s), predicate)
        if pred == "MEMBER_OF" and ents.type_of(s) == ents.type_of(o) == "PERSON":
            # "Kiir's information minister, Michael Makuei": on the staff of a person, resolved
            # to what that person leads once the whole document is read (_staff_members)
            out.append(Candidate(s, STAFF_OF, o, polarity, modality, trig.confidence * 0.9,
                                 {}, tok.sent))
            continue
        if pred == "HOSTILE_TO" and "PERSON" in (ents.type_of(s), ents.type_of(o)):
            # "Wani died in a gunfight with the Indian army": the fighter stands for his group
            out.append(Candidate(s, pred, o, polarity, modality, trig.confidence * 0.9,
                                 {PERSON_PROXY: True}, tok.sent))
            continue
        if not allowed(pred, ents.type_of(s), ents.type_of(o)):
            continue
        if pred == "ALLY_OF" and ents.type_of(s) == "PERSON" and ents.type_of(o) == "PERSON":
            continue
        out.append(Candidate(s, pred, o, polarity, modality, trig.confidence, dict(attrs),
                             tok.sent))
    return out


def _heads_a_sub_body(tok: Token, slots: FrameSlots, lex: Lexicon) -> bool:
    return any(not slots.ents.refs(t.i) and t.lemma_.lower() in lex.cues["sub_bodies"]
               for t in slots.prep(tok, "of"))


def _fill(tok: Token, names: tuple[str, ...], slots: FrameSlots) -> list[str]:
    keys: list[str] = []
    for name in names:
        for t in slots.slot(name, tok):
            keys += slots.entities_at(t)
    return dedupe(keys)


def _attributes(tok: Token, trig: Trigger, slots: FrameSlots, lex: Lexicon) -> dict:
    attrs: dict = {}
    if trig.predicate in {"LEADER_OF", "MEMBER_OF"} and tok.pos_ == "NOUN":
        mods = [c.lower_ for c in tok.lefts if c.dep_ in {"amod", "compound"}
                and c.lower_ in {"deputy", "senior", "top", "former", "military", "regional",
                                 "spiritual", "supreme", "founding", "acting", "interim"}]
        role = trig.role or trig.lemma
        attrs["role"] = " ".join([m for m in mods if m in {"deputy", "supreme", "acting",
                                                          "interim", "military", "spiritual"}]
                                 + [role])
    if trig.predicate == "SUPPORTS":
        kinds = {trig.kind} if trig.kind else set()
        for c in tok.subtree:
            kind = lex.kinds.get(c.lower_) or lex.kinds.get(c.lemma_.lower())
            if kind and c.i != tok.i:
                kinds.add(kind)
        if tok.lemma_.lower() in lex.kinds:
            kinds.add(lex.kinds[tok.lemma_.lower()])
        if kinds:
            attrs["kind"] = sorted(kinds)
    if trig.predicate == "OPERATES_IN":
        attrs["kind"] = "based" if tok.lemma_ in {"base", "headquarters", "headquartered"} \
            else (trig.kind or "operations")
    since = _since(tok)
    if since:
        attrs["since"] = since
    return attrs


YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
BEGINNINGS = {"become", "join", "name", "appoint", "elect", "found", "pledge", "form",
              "establish", "take", "assume", "succeed", "swear", "declare", "create", "launch"}


def _since(tok: Token) -> str | None:
    """The year a relation began: "since 2014", "became ... in 2015", "founded in 2012"."""
    node = tok
    began = False  # a verb of beginning on the way up: "became", "founded", "joined"
    for _ in range(3):
        began = began or node.lemma_ in BEGINNINGS
        for p in node.children:
            if p.dep_ != "prep":
                continue
            year = YEAR.search(" ".join(t.text for t in p.subtree))
            if year and (p.lower_ == "since" or (p.lower_ == "in" and began)):
                return year.group(1)
        if node.head is node:
            break
        timed = node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"after", "when"}
                                             for c in node.children)
        if node.pos_ in {"VERB", "AUX"} and not timed and node.dep_ not in {"xcomp", "conj"}:
            break  # "cemented in 2015 after he became deputy leader" dates the becoming
        node = node.head
    return None


def _merge(candidates: list[Candidate]) -> list[Relation]:
    """One relation per (subject, predicate, object, polarity); symmetric ones unordered."""
    merged: dict[tuple, Relation] = {}
    for c in candidates:
        s, o = c.subject, c.object
        if c.predicate in SYMMETRIC and o < s:
            s, o = o, s
        key = (s, c.predicate, o, c.polarity)
        rel = merged.get(key)
        ev = Evidence(c.sentence.text, c.sentence.start_char, c.sentence.end_char)
        if rel is None:
            rel = Relation(s, c.predicate, o, c.polarity, c.modality, c.confidence,
                           dict(c.attributes), [ev])
            merged[key] = rel
            continue
        if all((e.start, e.end) != (ev.start, ev.end) for e in rel.evidence):
            rel.evidence.append(ev)
        rel.confidence = round(1 - (1 - rel.confidence) * (1 - c.confidence * 0.5), 3)
        if _modality_rank(c.modality) < _modality_rank(rel.modality):
            rel.modality = c.modality
        for k, v in c.attributes.items():
            if k == "kind" and isinstance(v, list):
                rel.attributes[k] = sorted(set(rel.attributes.get(k, [])) | set(v))
            else:
                rel.attributes.setdefault(k, v)
    return list(merged.values())


def _modality_rank(modality: str) -> int:
    """Facts outrank reports, reports outrank hedges, and so on down to promises."""
    order = ["asserted", "reported", "hedged", "recommended", "demanded", "promised", "denied"]
    return order.index(modality) if modality in order else len(order)

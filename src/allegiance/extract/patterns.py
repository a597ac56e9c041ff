"""Structural patterns: relations that no trigger word carries, read off how names are built.

"Afghanistan's Helmand province" and "the Pakistani city of Peshawar" (LOCATED_IN); "Lebanon's
Hezbollah" and "Iraqi Kurdish peshmerga" (OPERATES_IN); "al Qaeda's Nusra Front" (PART_OF);
"Jaish al-Fatah, including the Nusra Front" (PART_OF); "al-Shabaab in Somalia" (OPERATES_IN);
hyphenated compounds from data/lexicons/hyphen_compounds.yaml ("Iran-backed Houthis",
"Pakistan-based Haqqanis", "al-Qaeda-linked"). Each function reads the parse and the document's
entities and returns candidates.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..nlp.mentions import DocEntities
from .candidates import Candidate, allowed, dedupe
from .lexicon import Lexicon
from .modality import polarity_and_modality
from .slots import Slots


def located_in(doc: Doc, ents: DocEntities, place_nouns: set[str]) -> list[Candidate]:
    """"Afghanistan's Helmand province", "Aleppo, Syria", "Marawi in the southern Philippines"."""
    out = []
    for tok in doc:
        inner = [k for k in ents.refs(tok.i) if ents.type_of(k) == "PLACE"]
        if not inner:
            continue
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "Juba's Gudele and Jebel districts"
        head = first.head if first.dep_ == "compound" and first.head.lemma_ in place_nouns \
            else tok
        if head is tok and tok.head.i != tok.i and ents.refs(tok.head.i) == ents.refs(tok.i):
            continue  # not the head of its own mention
        outer: list[str] = []
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in place_nouns:
            noun = tok.head.head  # "the Pakistani city of Peshawar"
            named = [k for c in noun.children if c.dep_ in {"amod", "compound", "poss", "nmod"}
                     for k in ents.refs(c.i)]
            if any(ents.type_of(k) == "PLACE" for k in named):  # "the Beni territory of North
                for k in named:                                  # Kivu": the name is inside
                    if ents.type_of(k) == "PLACE" and k not in inner:
                        out += [Candidate(k, "LOCATED_IN", o, "positive", "asserted", 0.8, {},
                                          tok.sent) for o in inner]
            else:
                outer += named
        nxt = doc[tok.i + 1] if tok.i + 2 < len(doc) else None
        if nxt is not None and nxt.text == "," and tok.i + 1 == max(
                e for e in range(tok.i, tok.i + 2) if ents.refs(tok.i) == ents.refs(e)) + 1:
            outer += [k for k in ents.refs(tok.i + 2) if ents.type_of(k) == "COUNTRY"]
        for c in head.children:
            if c.dep_ == "poss" or (c.dep_ in {"amod", "compound"} and head.lemma_ in place_nouns
                                    and c.i < head.i and ents.refs(c.i) != ents.refs(head.i)):
                outer += ents.refs(c.i)  # "Afghanistan's Helmand province", "the Malian city of"
            if c.dep_ == "prep" and c.lower_ == "in":
                outer += [k for g in c.children if g.dep_ == "pobj" for k in ents.refs(g.i)]
            if c.dep_ == "appos" and c.i == head.i + 2 and doc[head.i + 1].text == ",":
                outer += ents.refs(c.i)
            if c.dep_ == "appos" and c.lemma_ in place_nouns and not ents.refs(c.i):
                outer += [k for g in c.children if g.dep_ == "poss" for k in ents.refs(g.i)]
                outer += [k for p in c.children if p.dep_ == "prep" and p.lower_ in {"of", "in"}
                          for g in p.children if g.dep_ == "pobj" for k in ents.refs(g.i)]
        for o in dedupe(outer):
            for s in inner:
                if s != o and ents.type_of(o) in {"PLACE", "COUNTRY"}:
                    out.append(Candidate(s, "LOCATED_IN", o, "positive", "asserted", 0.8, {},
                                         tok.sent))
    return out



def place_modifiers(doc: Doc, ents: DocEntities) -> list[Candidate]:
    """A group named with its country or place: "Lebanon's Hezbollah", "Iraqi Kurdish
    peshmerga", "the Syrian Kurdish Democratic Union Party" — the group operates there; named
    with another group's possessive ("al Qaeda's Nusra Front"), it is part of that group."""
    out = []
    for tok in doc:
        groups = [k for k in ents.refs(tok.i) if ents.type_of(k) == "ARMED_GROUP"]
        if not groups or (tok.head.i != tok.i and ents.refs(tok.head.i) == ents.refs(tok.i)):
            continue
        for c in tok.children:
            if c.dep_ not in {"poss", "amod", "compound", "nmod"} or c.i > tok.i:
                continue
            if c.dep_ == "poss":  # "al Qaeda's Nusra Front", "Hamas's Qassam Brigades"
                for whole in ents.refs(c.i):
                    if ents.type_of(whole) == "ARMED_GROUP" and whole not in groups:
                        out += [Candidate(g, "PART_OF", whole, "positive", "asserted", 0.75, {},
                                          tok.sent) for g in groups]
            if c.i + 1 < len(doc) and doc[c.i + 1].text == "-":
                continue  # "Somalia-based", "U.S.-backed": the compound rule reads those
            for m in [c] + [g for g in c.subtree if g.dep_ in {"amod", "compound", "conj"}]:
                for place in ents.refs(m.i):
                    if ents.type_of(place) in {"COUNTRY", "PLACE"} and place not in groups:
                        for g in groups:
                            out.append(Candidate(g, "OPERATES_IN", place, "positive",
                                                 "asserted", 0.7, {"kind": "based"},
                                                 tok.sent))
    return out



def groups_in_places(doc: Doc, ents: DocEntities) -> list[Candidate]:
    """"the battle against Islamic State in Syria", "al-Shabaab in Somalia": a group with a
    locative phrase of its own is present there."""
    out = []
    for tok in doc:
        groups = [k for k in ents.refs(tok.i) if ents.type_of(k) == "ARMED_GROUP"]
        if not groups:
            continue
        for p in tok.children:
            if p.dep_ != "prep" or p.lower_ not in {"in", "across", "throughout", "inside"}:
                continue
            for pobj in (c for c in p.children if c.dep_ == "pobj"):
                for t in [pobj, *pobj.conjuncts]:
                    for place in ents.refs(t.i):
                        if ents.type_of(place) in {"PLACE", "COUNTRY"}:
                            out += [Candidate(g, "OPERATES_IN", place, "positive", "asserted",
                                              0.65, {"kind": "present"}, tok.sent)
                                    for g in groups]
    return out



def inclusions(doc: Doc, ents: DocEntities) -> list[Candidate]:
    """"Jaish al-Fatah, including the Nusra Front": a named group's listed members."""
    out = []
    for tok in doc:
        if tok.lower_ not in {"including", "comprising", "incorporating"} or tok.dep_ != "prep":
            continue
        wholes = [k for k in ents.refs(tok.head.i) if ents.type_of(k) in {"ARMED_GROUP",
                                                                          "ORGANIZATION"}]
        for pobj in (c for c in tok.children if c.dep_ == "pobj"):
            for t in [pobj] + [c for c in pobj.conjuncts]:
                for part in ents.refs(t.i):
                    for whole in wholes:
                        if part != whole and allowed("PART_OF", ents.type_of(part),
                                                      ents.type_of(whole)):
                            out.append(Candidate(part, "PART_OF", whole, "positive", "asserted",
                                                 0.7, {}, tok.sent))
    return out



def hyphen_compounds(doc: Doc, ents: DocEntities, slots: Slots, lex: Lexicon,
                      light: set[str]) -> list[Candidate]:
    """X-backed Y, X-based Y, X-led Y: the name before the hyphen relates to the noun after."""
    out = []
    for tok in doc[2:]:
        rule = lex.hyphen.get(tok.lower_)
        if rule is None or doc[tok.i - 1].text not in {"-", "–"}:
            continue
        xs = ents.refs(tok.i - 2)
        if not xs:
            continue
        ys = slots.entities_at(tok.head) if tok.head.i != tok.i else []
        if not ys:
            nxt = tok.i + 1
            while nxt < len(doc) and not ents.refs(nxt) and doc[nxt].pos_ in {"ADJ", "PROPN"}:
                nxt += 1
            ys = ents.refs(nxt) if nxt < len(doc) else []
        for x in xs:
            for y in ys:
                s, o = (x, y) if rule["direction"] == "xy" else (y, x)
                pred = rule["predicate"]
                if pred == "PART_OF" and ents.type_of(s) == "PERSON":
                    pred = "LEADER_OF"
                if s == o or not allowed(pred, ents.type_of(s), ents.type_of(o)):
                    continue
                attrs = {k: rule[k] for k in ("kind", "role") if k in rule}
                if pred == "SUPPORTS" and "kind" in attrs:
                    attrs["kind"] = [attrs["kind"]]
                polarity, modality = polarity_and_modality(tok, lex.cues, light)
                out.append(Candidate(s, pred, o, "positive", "asserted", 0.85, attrs, tok.sent))
    return out

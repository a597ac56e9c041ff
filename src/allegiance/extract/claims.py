"""Claims: statements attributed to a speaker that are not (yet) facts (DESIGN §2-§3).

* Claims of responsibility: "X claimed (responsibility for) the attack" — the speaker, and the
  attack as content; the claimant becomes the attack's actor when the text names no other.
* Threats: "X threatened / vowed / warned to attack Y".
* Promises: a promise word with an infinitive ("the Taliban's promises ... to break ties with
  al-Qaeda"); breaking ties with X is the content negative ALLY_OF X.
* Recommendations: a sentence whose main verb carries "should", "must" or "ought".
* Promises, denials, recommendations and demands: every other relation whose modality is
  `promised`, `denied`, `recommended` or `demanded` (extract/modality.py) is also a claim with the
  relation as content; the speaker of a promise or denial is the relation's subject, a
  recommendation or a demand without a named speaker is the author's (speaker null).
Such relations keep their modality, so a relation whose only support is a promise, a denial or
a recommendation is never shown as an asserted fact.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..datafiles import load_yaml
from ..model import Claim, Evidence, Relation
from ..nlp.mentions import DocEntities
from .events import Found, load_event_lexicon
from .slots import Slots

ACTORS = {"ARMED_GROUP", "ORGANIZATION", "COUNTRY", "PERSON"}
KINDS = {"promised": "promise", "denied": "denial", "recommended": "recommendation",
         "demanded": "demand"}
SPEAKING_KINDS = {"promise", "denial"}


def extract_claims(doc: Doc, ents: DocEntities, relations: list[Relation],
                   events: list[Found], transparent: set[str]) -> list[tuple[Claim, int | None]]:
    """Claims of a document, each with the index of the event it is about (or None)."""
    cues = load_yaml("lexicons/claims.yaml")
    slots = Slots(ents, transparent, set())
    out: list[tuple[Claim, int | None]] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            continue
        if lemma in cues["claim_verbs"]:
            claim = _responsibility(tok, slots, ents, events, cues)
            if claim:
                out.append(claim)
        elif _threat(tok, cues):
            speakers = _speakers(tok, slots, ents)
            sent = tok.sent
            goal = next(c for c in tok.children if c.dep_ == "xcomp")
            out.append((Claim("threat", Evidence(sent.text, sent.start_char, sent.end_char),
                              speakers[0] if speakers else None,
                              {"text": doc[goal.left_edge.i:goal.right_edge.i + 1].text}), None))
    for tok in doc:
        if tok.lemma_.lower() in cues["promise_words"] and tok.pos_ in {"VERB", "NOUN"}:
            claim = _promise(tok, slots, ents, cues)
            if claim:
                out.append((claim, None))
    recommended = _recommendations(doc, relations, cues)
    out += [(c, None) for c in recommended]
    seen = {(c.kind, c.evidence.start) for c, _ in out}
    seen |= {("promise", c.evidence.start) for c, _ in out if c.kind == "threat"}
    for rel in relations:
        kind = KINDS.get(rel.modality)
        ev = rel.evidence[0]
        if kind is None or (kind, ev.start) in seen or (
                kind == "promise" and rel.predicate == "PLEDGED_ALLEGIANCE_TO"):
            continue  # a pledge of allegiance is the relation itself, not a promise of one
        speaker = rel.subject if kind in SPEAKING_KINDS else None
        out.append((Claim(kind, Evidence(ev.sentence, ev.start, ev.end), speaker,
                          _content(rel)), None))
    return out


def _content(rel: Relation) -> dict:
    return {"subject": rel.subject, "predicate": rel.predicate, "object": rel.object,
            "polarity": rel.polarity}


def _promise(tok: Token, slots: Slots, ents: DocEntities, cues: dict) -> Claim | None:
    """"the Taliban's promises, made during the talks, to break ties with al-Qaeda"."""
    if any(c.lower_ == "allegiance" for c in tok.subtree) or _threat(tok, cues):
        return None  # a pledge of allegiance; a vow to attack is a threat
    def infinitive(v: Token) -> bool:
        return v.pos_ == "VERB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in v.children)

    goals = [c for c in tok.children if c.dep_ in {"xcomp", "acl", "ccomp"} and infinitive(c)]
    if not goals:  # "promises, made during the talks, to break ties": attached too high
        ancestors = set(tok.ancestors)
        goals = [v for v in tok.sent if v.i > tok.i and infinitive(v) and v.head in ancestors
                 and v.dep_ in {"advcl", "xcomp", "acl"}][:1]
    if not goals:
        return None
    speakers = [k for t in (slots.slot("subj", tok) if tok.pos_ == "VERB" else slots.slot(
        "poss", tok)) for k in slots.entities_at(t) if ents.type_of(k) in ACTORS]
    if not speakers:
        return None
    goal, sent = goals[0], tok.sent
    content: dict = {"text": tok.doc[goal.left_edge.i:goal.right_edge.i + 1].text}
    if goal.lemma_.lower() in cues["undo_verbs"] and any(
            c.dep_ == "dobj" and c.lemma_.lower() in cues["tie_nouns"] for c in goal.children):
        partners = [k for t in slots.prep(goal, "with") for k in slots.entities_at(t)
                    if ents.type_of(k) in ACTORS and k != speakers[0]]
        if partners:
            content = {"subject": speakers[0], "predicate": "ALLY_OF", "object": partners[0],
                       "polarity": "negative"}
    return Claim("promise", Evidence(sent.text, sent.start_char, sent.end_char), speakers[0],
                 content)


def _recommendations(doc: Doc, relations: list[Relation], cues: dict) -> list[Claim]:
    """Sentences whose main verb carries "should", "must" or "ought": the author's
    recommendation, with a relation of the sentence as its content where there is one."""
    out = []
    modals = set(cues["recommend_modals"])
    for sent in doc.sents:
        root = sent.root
        if not any(c.dep_ == "aux" and c.lower_ in modals for c in root.children):
            continue
        about = [r for r in relations if any(e.start >= sent.start_char and e.end <= sent.end_char
                                             for e in r.evidence)]
        out.append(Claim("recommendation", Evidence(sent.text, sent.start_char, sent.end_char),
                         None, _content(about[0]) if about else {"text": sent.text}))
    return out


def _threat(tok: Token, cues: dict) -> bool:
    """"threatened to", "warned it would", or a vow or pledge to attack ("vowed to attack")."""
    goals = [c for c in tok.children if c.dep_ == "xcomp"]
    if not goals:
        return False
    lemma = tok.lemma_.lower()
    return lemma in cues["threat_verbs"] or (
        lemma in cues["promise_words"] and goals[0].lemma_.lower() in load_event_lexicon().attack_verbs)


def _speakers(tok: Token, slots: Slots, ents: DocEntities) -> list[str]:
    return [k for t in slots.slot("subj", tok) for k in slots.entities_at(t)
            if ents.type_of(k) in {"ARMED_GROUP", "ORGANIZATION", "COUNTRY", "PERSON"}]


def _responsibility(tok: Token, slots: Slots, ents: DocEntities, events: list[Found],
                    cues: dict) -> tuple[Claim, int | None] | None:
    """"X claimed responsibility for the bombing", "X claimed the attack"."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    about = [o for o in objects if o.lemma_.lower() in cues["claimed_nouns"]]
    if not about:
        return None
    speakers = _speakers(tok, slots, ents)
    if not speakers:
        return None
    sent = tok.sent
    index = _claimed_event(tok, events)
    if index is not None:
        event = events[index]
        named = [a for a in event.actors if not a.startswith("new:armed:")]
        if not named:
            event.actors = [speakers[0]] + event.actors
    return (Claim("claim_of_responsibility",
                  Evidence(sent.text, sent.start_char, sent.end_char), speakers[0],
                  {"event": index} if index is not None else None), index)


def _claimed_event(tok: Token, events: list[Found]) -> int | None:
    """The attack a claim is about: in its own sentence, else the latest in the two before."""
    sent_start = tok.sent.start
    best = None
    for i, ev in enumerate(events):
        if ev.type != "ASSAULT" or ev.trigger.i > tok.i + 40:
            continue
        distance = sent_start - ev.trigger.sent.start
        if ev.trigger.sent.start == sent_start:
            return i
        if 0 < distance and ev.trigger.i < tok.i and (best is None or ev.trigger.i >
                                                        events[best].trigger.i):
            if len(list(tok.doc[ev.trigger.i:tok.i].sents)) <= 3:
                best = i
    return best

"""Polarity and modality of a relation from the words that govern its trigger.

Walks from the trigger up the dependency tree to the root of its sentence and collects cues
(data/lexicons/cues.yaml): negation ("not", "never", "no"), verbs that undo a relation ("break
ties", "halt cooperation"), modal verbs ("should", "may"), and verbs or adverbs of promising,
denying, reporting, hedging, recommending and demanding. A noun trigger that is the object of
an ordinary verb is presupposed ("rejecting the pledge") and keeps the modality of its sentence
only through light verbs ("maintains a presence", "broke ties").
"""

from __future__ import annotations

from spacy.tokens import Token

from .slots import COPULAS

RANK = ["denied", "promised", "demanded", "recommended", "hedged", "reported", "asserted"]


def polarity_and_modality(trigger: Token, cues: dict, light_verbs: set[str]) -> tuple[str, str]:
    negative = _negated(trigger, cues)
    found: set[str] = set()
    node = trigger
    steps = 0
    while steps < 12:
        steps += 1
        found |= _cues_on(node, cues)
        if node is not trigger and node.lemma_ in cues["undo_verbs"] and node.pos_ == "VERB":
            negative = not negative
        if node.dep_ == "ROOT" or node.head is node:
            break
        head = node.head
        if node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"}:
            if head.dep_ == "ROOT" or head.head is head:  # "denies this and accuses Turkey of":
                break                                    # a coordinated verb governs nothing
            head = head.head
        if node.pos_ in {"NOUN", "PROPN"} and node.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass"}:
            governing = head if node.dep_ != "pobj" else head.head
            if (governing.lemma_ not in light_verbs and governing.lemma_ not in cues["undo_verbs"]
                    and governing.lemma_ not in COPULAS):
                break  # a noun argument of an ordinary verb is presupposed
            if node.dep_ == "nsubj" and governing.lemma_ in cues["denial_verbs"]:
                break  # "Julani's spokesman denied the report": the denier is not denied
        if head.pos_ in {"VERB", "AUX"} and _negated(head, cues) and (
                node.dep_ in {"acomp", "attr", "dobj", "oprd", "pobj", "prep"}
                or (node.dep_ in {"xcomp", "ccomp"} and head.lemma_ in cues["negation_passes"])):
            negative = not negative
        node = head
    if _sentence_is_reported(trigger, cues):
        found.add("reported")
    if "denied" in found:
        negative = True
    modality = next((m for m in RANK if m in found), "asserted")
    return ("negative" if negative else "positive"), modality


def _sentence_is_reported(tok: Token, cues: dict) -> bool:
    """"reportedly", "according to" anywhere in the sentence (computed once per sentence)."""
    cache = tok.doc.user_data.setdefault("allegiance_reported", {})
    sent = tok.sent
    if sent.start not in cache:
        words = [t.lower_ for t in sent]
        cache[sent.start] = any(w in cues["reporting_adverbs"] for w in words) or any(
            a == "according" and b == "to" for a, b in zip(words, words[1:]))
    return cache[sent.start]


def _negated(tok: Token, cues: dict) -> bool:
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True
    for child in tok.children:
        if child.dep_ == "neg" or child.lower_ in cues["negators"]:
            after = tok.doc[child.i + 1] if child.i + 1 < len(tok.doc) else None
            if after is not None and after.lower_ in {"only", "just", "merely", "simply"}:
                continue  # "not only present in Idlib, but also ..."
            return True
        if child.dep_ == "det" and child.lower_ in {"no"}:
            return True
    return False


def _cues_on(node: Token, cues: dict) -> set[str]:
    found: set[str] = set()
    lemma = node.lemma_.lower()
    for child in node.children:
        if child.dep_ == "aux" or child.tag_ == "MD":
            word = child.lower_
            if word in cues["modal_recommend"]:
                found.add("recommended")
            elif word in cues["modal_hedge"]:
                found.add("hedged")
        if child.dep_ == "advmod" and child.lower_ in cues["hedge_adverbs"]:
            found.add("hedged")
        if child.dep_ == "advmod" and child.lower_ in cues["reporting_adverbs"]:
            found.add("reported")
    if node.pos_ in {"VERB", "NOUN", "ADJ"}:
        for modality in ("denied", "promised", "demanded", "recommended", "hedged", "reported"):
            if lemma in cues[f"{modality}_words"]:
                found.add(modality)
    return found

"""Coreference for groups: pronouns and definite descriptions to their antecedents.

"it", "its" → the most salient singular group; "they", "their" → the pair last spoken of, or the
salient group; "the group", "the militants", "the movement" → the most recent armed group;
"the two groups", "both sides" → the two most recent distinct actors. Cues live in
`data/lexicons/coreference.yaml`. Adds entries to `DocEntities.token_refs` (pairs are marked in
`DocEntities.pairs`) and returns the same object.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..datafiles import load_yaml
from .mentions import DocEntities, EntityRecord

ACTORS = ("ARMED_GROUP", "ORGANIZATION", "COUNTRY")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _is_expletive(tok: Token) -> bool:
    """'it is difficult to ...', 'it is likely that ...': no antecedent."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_ == "be":
        return any(c.dep_ in {"ccomp", "xcomp", "acomp"} for c in head.children) and any(
            c.dep_ in {"ccomp", "xcomp"} for c in head.subtree)
    return False


def _known_as(doc: Doc, ents: DocEntities) -> None:
    """"insurgents known as Jaish al-Fatah", "a group called Ansar Dine": the description's
    tokens name the group it is called by."""
    for tok in doc:
        if tok.lemma_ not in {"know", "call", "dub", "name"} or tok.dep_ != "acl":
            continue
        names = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ == "pobj"]
        names += [c for c in tok.children if c.dep_ == "oprd"]
        keys = [k for g in names for k in ents.refs(g.i)]
        head = tok.head
        if keys and head.pos_ in {"NOUN", "PROPN"}:
            ents.token_refs[head.i] = keys[:1]
            for c in head.children:  # "an alliance of insurgents known as": the alliance too
                if c.dep_ in {"amod", "compound"} and ents.refs(c.i):
                    ents.token_refs[c.i] = keys[:1]
            if head.dep_ == "pobj" and head.head.lower_ == "of" and \
                    head.head.head.lemma_ in {"alliance", "coalition", "group", "umbrella"}:
                ents.token_refs[head.head.head.i] = keys[:1]


def resolve_coreference(doc: Doc, ents: DocEntities) -> DocEntities:
    _known_as(doc, ents)
    cues = load_yaml("lexicons/coreference.yaml")
    singular = set(cues["singular_pronouns"])
    plural = set(cues["plural_pronouns"])
    group_nouns = set(cues["group_nouns"])
    org_nouns = set(cues["organisation_nouns"])
    pair_nouns = set(cues["pair_nouns"])
    person_pronouns = set(cues["person_pronouns"])
    state_nouns = set(cues["state_nouns"])
    coalition_nouns = set(cues["coalition_nouns"])
    people: list[tuple[int, str, bool, int]] = []
    # history: (token index, key, is_subject) of every actor mention seen so far, in order
    history: list[tuple[int, str, bool, int]] = []
    last_pair: tuple[int, list[str]] | None = None
    for s_index, sent in enumerate(doc.sents):
        for tok in sent:
            keys = ents.refs(tok.i)
            if keys and tok.i not in ents.pairs:
                is_head = tok.head.i == tok.i or not ents.refs(tok.head.i) or ents.refs(tok.head.i) != keys
                for key in keys:
                    if ents.type_of(key) in ACTORS and is_head:
                        history.append((tok.i, key, tok.dep_ in SUBJECT_DEPS, s_index))
                    elif ents.type_of(key) == "PERSON" and is_head:
                        people.append((tok.i, key, tok.dep_ in SUBJECT_DEPS, s_index))
                continue
            lower = tok.lower_
            resolved: list[str] = []
            if lower in singular and not _is_expletive(tok):
                excluded = _excluded(tok, ents)
                resolved = _salient(history, s_index, ents, (
                    "ARMED_GROUP", "ORGANIZATION", "COUNTRY"), excluded)
            elif lower in person_pronouns:
                resolved = _salient(people, s_index, ents, ("PERSON",), _excluded(tok, ents))
            elif lower in plural:
                if _unnamed_plural_subject(tok, ents):
                    pass  # "Government forces ... their other main ally": not a named group
                elif last_pair and s_index - last_pair[0] <= 1:
                    resolved = last_pair[1]
                    ents.pairs.add(tok.i)
                else:  # "Iraqi forces ... their battle": a state acting through its forces
                    resolved = _salient(history, s_index, ents, ("ARMED_GROUP", "COUNTRY"),
                                        _excluded(tok, ents))
            elif tok.lemma_.lower() in coalition_nouns and (_definite(tok) or tok.is_title) \
                    and not _modified(tok, ents) and not _described(tok):
                resolved = [_coalition(tok, ents)]
            elif tok.lemma_ in state_nouns and _definite(tok) and not _modified(tok, ents):
                resolved = _main_country(history, ents)  # "the government", "the regime"
            elif tok.pos_ == "NOUN" and _definite(tok):
                number_two = any(c.lower_ in {"two", "both"} for c in tok.children)
                if (tok.lemma_ in pair_nouns and number_two) or (
                        tok.lower_ in {"sides", "groups", "allies", "partners"} and number_two):
                    resolved = _pair(history, s_index)
                    if resolved:
                        ents.pairs.add(tok.i)
                        last_pair = (s_index, resolved)
                elif tok.lemma_ in group_nouns and not _modified(tok, ents):
                    resolved = _salient(history, s_index, ents, ("ARMED_GROUP",))
                elif tok.lemma_ in org_nouns and not _modified(tok, ents):
                    resolved = _salient(history, s_index, ents, ("ARMED_GROUP", "ORGANIZATION"))
            if resolved:
                ents.token_refs[tok.i] = list(resolved)
                if len(resolved) == 1 and ents.type_of(resolved[0]) != "PERSON":
                    history.append((tok.i, resolved[0], tok.dep_ in SUBJECT_DEPS, s_index))
    return ents


def _described(tok: Token) -> bool:
    """"a coalition of Arab states", "the Saudi-led coalition": a description, not a name."""
    return any(c.dep_ in {"amod", "prep", "compound"} and c.lower_ not in {"military", "air"}
               for c in tok.children if c.i != tok.i and c.dep_ != "det")


def _coalition(tok: Token, ents: DocEntities) -> str:
    """The coalition entity the document has named before this token, else its own
    unnamed coalition (one entity "Coalition" per document)."""
    best = None
    for key, rec in ents.records.items():
        named = [start for start, _end in rec.spans if start < tok.i]
        if named and "coalition" in rec.name.lower() and rec.type == "ORGANIZATION":
            if best is None or max(named) > best[0]:
                best = (max(named), key)
    if best:
        return best[1]
    key = "new:coalition"
    rec = ents.records.get(key)
    if rec is None:
        rec = EntityRecord(key, "ORGANIZATION", "Coalition")
        ents.records[key] = rec
    rec.aliases[tok.text] += 1
    rec.spans.append((tok.i, tok.i + 1))
    rec.agents.append(None)
    return key


def _unnamed_plural_subject(tok: Token, ents: DocEntities) -> bool:
    """Is a clause above the pronoun about an unnamed plural ("Government forces ... their")?"""
    node = tok
    for _ in range(10):
        if node.pos_ in {"VERB", "AUX"}:
            for c in node.children:
                if c.dep_ in SUBJECT_DEPS and c.i != tok.i and c.tag_ == "NNS" \
                        and not ents.refs(c.i) and not any(ents.refs(g.i) for g in c.children):
                    return True
        if node.head is node:
            return False
        node = node.head
    return False


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "both"} or c.lower_ == "both"
               for c in tok.children)


def _modified(tok: Token, ents: DocEntities) -> bool:
    """'the Taliban movement' names its group itself: not an anaphor."""
    return any(ents.refs(c.i) for c in tok.children if c.dep_ in {"compound", "amod", "poss", "nmod"})


def _excluded(tok: Token, ents: DocEntities) -> set[str]:
    """Entities a pronoun cannot name: the subject of its own clause ("the Taliban attacked
    it"), and the noun its relative clause hangs on ("the force that backs it")."""
    out: set[str] = set()
    if tok.dep_ in {"dobj", "pobj", "dative"}:
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                out.update(_keys_under(c, ents))
    node = tok
    for _ in range(6):
        if node.dep_ == "relcl":
            out.update(_keys_under(node.head, ents))
            break
        if node.head is node:
            break
        node = node.head
    return out


def _keys_under(tok: Token, ents: DocEntities) -> set[str]:
    keys = set(ents.refs(tok.i))
    for c in tok.children:
        if c.dep_ in {"compound", "amod", "nmod", "poss"}:
            keys.update(ents.refs(c.i))
    return keys


def _salient(history, s_index: int, ents: DocEntities, types: tuple[str, ...],
             excluded: set[str] = frozenset()) -> list[str]:
    """The most salient earlier mention of one of `types`: this sentence, then the last two;
    subjects before other mentions."""
    best: tuple | None = None
    for order, (_i, key, is_subject, s) in enumerate(history):
        if s_index - s > 2 or ents.type_of(key) not in types or key in excluded:
            continue
        score = (-(s_index - s), ents.type_of(key) != "COUNTRY", is_subject, order)
        if best is None or score > best[0]:
            best = (score, key)
    return [best[1]] if best else []


def _main_country(history, ents: DocEntities) -> list[str]:
    """The state the document has named most so far: what "the government" refers to."""
    counts: dict[str, int] = {}
    for _i, key, _subj, _s in history:
        if ents.type_of(key) == "COUNTRY":
            counts[key] = counts.get(key, 0) + 1
    return [max(counts, key=counts.get)] if counts else []


def _pair(history, s_index: int) -> list[str]:
    """The two most recent distinct actors within the last three sentences."""
    seen: list[str] = []
    for _i, key, _subj, s in reversed(history):
        if s_index - s > 3:
            break
        if key not in seen:
            seen.append(key)
        if len(seen) == 2:
            return list(reversed(seen))
    return []

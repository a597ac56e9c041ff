"""Pairs of entities that share a sentence, and the features the relation classifier reads.

Every two distinct entities mentioned in one sentence (by name, acronym, description or
pronoun, through `DocEntities.token_refs`) make a `Pair`, ordered by position: `first` is the
entity whose nearest mention comes first. Its features are plain strings:

    types      the two entity types, in order ("ARMED_GROUP|PLACE")
    path       the dependency path between the two mention heads: its labels, the words
               on it, the word where the two branches meet (the "lowest common ancestor")
    between    the words between the mentions, other entities in between, the distance
    context    the word before the first and after the second mention
    triggers   trigger-lexicon predicates on the path and between the mentions
    cues       polarity and modality of the meeting word (extract/modality.py)
    rules      which relations the hand-written rules found for this pair in this sentence

The `rules` features are kept apart (`Pair.rule_features`), so one model can be trained with
them (rules and model combined) and one without (the model alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from ..model import Relation
from ..nlp.mentions import DocEntities
from ..ontology import SYMMETRIC
from .lexicon import Lexicon
from .modality import polarity_and_modality

MAX_BETWEEN = 14  # words between two mentions read one by one; farther pairs read the path only
MAX_ENTITIES = 12  # entities per sentence paired with each other (lists of 30 places are skipped)
CONTENT_POS = {"VERB", "NOUN", "ADP", "ADJ", "ADV", "PART", "CCONJ", "AUX", "SCONJ"}
SIGNAL_PUNCT = {",", "(", ";", ":", "-", "—", "–"}
CLAUSES = {"ccomp", "advcl", "relcl", "parataxis", "csubj"}  # a path through these leaves a clause


@dataclass
class Pair:
    sentence: Span
    first: str  # entity key of the earlier mention
    second: str
    head: Token  # where the dependency path between the mentions turns
    polarity: str = "positive"
    modality: str = "asserted"
    parallel: bool = False  # items of one list: "Idlib and Aleppo", "in Idlib, in Aleppo"
    features: list[str] = field(default_factory=list)
    rule_features: list[str] = field(default_factory=list)


def sentence_pairs(doc: Doc, ents: DocEntities, lex: Lexicon,
                   rules: list[Relation] = ()) -> list[Pair]:
    """Every pair of entities that share a sentence, with its features; `rules` are the
    relations the hand-written rules found, read as features of the pairs they join."""
    rule_hits = _rule_hits(doc, rules)
    cues, light = lex.cues, set(lex.cues["light_verbs"])
    out = []
    for sent in doc.sents:
        runs = _mention_runs(sent, ents)
        keys = sorted(runs, key=lambda k: runs[k][0][0])[:MAX_ENTITIES]
        for a, b in combinations(keys, 2):
            ra, rb = min(((x, y) for x in runs[a] for y in runs[b]),
                         key=lambda xy: abs(xy[0][0] - xy[1][0]))
            if rb[0] < ra[0]:
                a, b, ra, rb = b, a, rb, ra
            pair = _pair(doc, sent, ents, lex, cues, light, a, b, ra, rb)
            hits = rule_hits.get((sent.start_char, min(a, b), max(a, b)), ())
            pair.rule_features = sorted({f"rule={label(p, s == a)}" for s, p in hits})
            out.append(pair)
    return out


def label(predicate: str, forward: bool) -> str:
    """A classifier label: "ALLY_OF" (symmetric), "LEADER_OF>" (first leads second) or "<"."""
    if predicate in SYMMETRIC:
        return predicate
    return predicate + (">" if forward else "<")


def _rule_hits(doc: Doc, rules: list[Relation]) -> dict[tuple[int, str, str], set]:
    """(sentence start, key, key) → {(subject, predicate)} for the rules' relations."""
    hits: dict[tuple[int, str, str], set] = {}
    for rel in rules:
        pair = (min(rel.subject, rel.object), max(rel.subject, rel.object))
        for ev in rel.evidence:
            hits.setdefault((ev.start, *pair), set()).add((rel.subject, rel.predicate))
    return hits


def _mention_runs(sent: Span, ents: DocEntities) -> dict[str, list[tuple[int, int]]]:
    """Entity key → its mentions in the sentence as (first token, last token) runs."""
    runs: dict[str, list[tuple[int, int]]] = {}
    for tok in sent:
        for key in ents.refs(tok.i):
            spans = runs.setdefault(key, [])
            if spans and spans[-1][1] == tok.i - 1:
                spans[-1] = (spans[-1][0], tok.i)
            else:
                spans.append((tok.i, tok.i))
    return runs


def _head(doc: Doc, run: tuple[int, int]) -> Token:
    """The token of a mention whose syntactic head lies outside it."""
    for tok in doc[run[0]:run[1] + 1]:
        if not run[0] <= tok.head.i <= run[1] or tok.head is tok:
            return tok
    return doc[run[1]]


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head is not out[-1] and len(out) < 40:
        out.append(out[-1].head)
    return out


def _below(chain: list[Token], top: Token) -> list[Token]:
    """The part of an ancestor chain below `top` (the whole chain if `top` is not on it)."""
    ids = [t.i for t in chain]
    return chain[:ids.index(top.i)] if top.i in ids else chain


def _step(tok: Token) -> str:
    """A path step: the dependency label, with the preposition for prepositional objects."""
    if tok.dep_ == "pobj":
        return f"pobj/{tok.head.lower_}"
    return tok.dep_


def _pair(doc: Doc, sent: Span, ents: DocEntities, lex: Lexicon, cues: dict, light: set[str],
          a: str, b: str, ra: tuple[int, int], rb: tuple[int, int]) -> Pair:
    h1, h2 = _head(doc, ra), _head(doc, rb)
    up1, up2 = _ancestors(h1), _ancestors(h2)
    on2 = {t.i for t in up2}
    lca = next((t for t in up1 if t.i in on2), sent.root)
    left, right = _below(up1, lca), _below(up2, lca)
    t1, t2 = ents.type_of(a), ents.type_of(b)
    types = f"{t1}|{t2}"
    f = [f"types={types}", f"t1={t1}", f"t2={t2}"]
    deps = "<".join(_step(t) for t in left) + "^" + ">".join(_step(t) for t in reversed(right))
    inner = left[1:] + right[1:]
    lca_word = lca.lemma_.lower() if lca.i not in {h1.i, h2.i} else "(mention)"
    f += [f"path={deps}", f"path={deps}|{lca_word}", f"lca={lca_word}", f"lca_pos={lca.pos_}",
          f"plen={min(len(left) + len(right), 6)}", f"types+lca={types}|{lca_word}",
          f"d1={_step(h1)}", f"d2={_step(h2)}", f"types+d2={types}|{_step(h2)}"]
    steps = [_step(t) for t in left + right]
    f += [f"pdep={d}" for d in dict.fromkeys(steps)]
    parallel = _parallel([_step(t) for t in left], [_step(t) for t in right])
    if parallel:
        f.append("parallel")
    shape = f"{_shape(left)}^{_shape(right)}"
    f += [f"path_shape={shape}", f"types+shape={types}|{shape}"]
    if any(t.dep_ in CLAUSES for t in inner + [h1, h2] if t.i != lca.i):
        f.append("crosses_clause")
    f += [f"pw={t.lemma_.lower()}" for t in inner if t.i not in {lca.i}]
    f += [f"types+pw={types}|{t.lemma_.lower()}" for t in inner + [lca]
          if t.pos_ in {"VERB", "NOUN", "ADJ"}]
    if h1.pos_ == "PRON" or h1.pos_ == "DET":
        f.append("m1=pronoun")
    if h2.pos_ == "PRON" or h2.pos_ == "DET":
        f.append("m2=pronoun")
    if h1.i == h2.i:
        f.append("same_token")
    between = doc[ra[1] + 1:rb[0]]
    gap = len(between)
    f.append(f"dist={_bucket(gap)}")
    others = {k for t in between for k in ents.refs(t.i)} - {a, b}
    if any(t.text == ";" for t in between):
        f.append("semicolon_between")
    f.append(f"n_between={min(len(others), 3)}")
    if gap <= MAX_BETWEEN:
        words = [t.lemma_.lower() for t in between
                 if t.pos_ in CONTENT_POS or t.text in SIGNAL_PUNCT]
        f += [f"btw={w}" for w in words]
        f += [f"types+btw={types}|{w}" for w in words]
        if not words:
            f.append("btw=(none)")
        f += [f"btw_type={ents.type_of(k)}" for k in sorted(others)]
    if ra[0] > sent.start:
        f.append(f"before={doc[ra[0] - 1].lemma_.lower()}")
    if rb[1] + 1 < sent.end:
        f.append(f"after={doc[rb[1] + 1].lemma_.lower()}")
    for tok in {t.i: t for t in inner + [lca] + list(between)}.values():
        for trig in lex.lookup(tok.lemma_, tok.pos_):
            f.append(f"trig={trig.predicate}")
            f.append(f"trig={trig.predicate}|{types}")
    cache = doc.user_data.setdefault("allegiance_pair_cues", {})  # one walk per meeting word
    if lca.i not in cache:
        cache[lca.i] = polarity_and_modality(lca, cues, light)
    polarity, modality = cache[lca.i]
    f += [f"polarity={polarity}", f"modality={modality}"]
    if any(t.dep_ == "neg" for t in sent):
        f.append("sentence_negated")
    return Pair(sent, a, b, lca, polarity, modality, parallel, f)


def _parallel(left: list[str], right: list[str]) -> bool:
    """Do the two path branches make the mentions items of one list or series? "Idlib and
    Aleppo" (one branch all conj), "in Idlib, in Aleppo", "fighters in Raqqa attacked
    positions in Deir ez-Zor" (each the object of its own use of one preposition). Neither is
    then the other's place, part or leader: that takes "X in Y", "Y's X" or "X, Y"."""
    if not left or not right:
        steps = left or right
        return bool(steps) and all(d == "conj" for d in steps)
    return left[0] == right[0] and left[0].startswith("pobj/")


def _shape(chain: list[Token]) -> str:
    """A path branch with runs of list links collapsed: "conj conj pobj/by" → "conj+ pobj/by"."""
    out: list[str] = []
    for t in chain:
        step = _step(t)
        step = step + "+" if step in {"conj", "appos"} else step
        if not out or out[-1] != step:
            out.append(step)
    return " ".join(out)


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 4, 8, 15):
        if n <= limit:
            return str(limit)
    return "far"

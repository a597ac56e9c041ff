"""Scoring one extraction against its gold (DESIGN §4), and a corpus of such scores.

Inputs are plain data: a `Gold` (see gold.py) and a predicted extraction dict in the shape of
DESIGN §3 (`entities`, `relations`, `events`; missing keys count as empty). Outputs are
dataclasses with `to_dict()`. Rules decided here beyond the design text:

* A predicted relation/event end whose id is not among the predicted entities is mapped by
  normalising the id itself against the gold aliases ("al-qaeda" → al_qaeda).
* Unmapped ends stay distinct per predicted id, so two different unmapped entities make two
  false positives, while repeats of one tuple collapse.
* Predicted tuples are matched one-to-one to required gold relations (maximum matching), so one
  tuple never satisfies two gold relations; extra tuples that match an already matched gold
  relation are not false positives.
* Events are matched one-to-one, greedily by overlap (actors + targets + place), required
  gold first, then optional gold; a gold event with no actors (or targets) accepts any on that side.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Hashable, Iterable

from allegiance.evaluate.gold import Gold, GoldEvent, GoldRelation
from allegiance.evaluate.normalize import normalize_name

SYMMETRIC = frozenset({"ALLY_OF", "HOSTILE_TO", "NEGOTIATES_WITH"})


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


@dataclass
class PRF:
    """Counts and their precision, recall and F1 (0.0 where a denominator is 0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.precision * self.recall, self.precision + self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class _Rates:
    """Entity recall and place accuracy from the counts of a document or corpus score."""

    entities_gold: int
    entities_found: int
    places_correct: int
    places_total: int

    @property
    def entity_recall(self) -> float:
        return _ratio(self.entities_found, self.entities_gold)

    @property
    def place_accuracy(self) -> float | None:
        return self.places_correct / self.places_total if self.places_total else None


@dataclass
class RelationError:
    """A false positive or a missed gold relation, with names and supporting sentences."""

    subject: str
    predicate: str
    object: str
    polarity: str
    sentences: list[str] = field(default_factory=list)
    subject_id: str | None = None  # gold id (None: unmapped prediction)
    object_id: str | None = None


@dataclass
class DocumentScore(_Rates):
    """Counts and error lists of one document (`place_accuracy` is None with nothing to judge)."""

    doc_id: str
    relations: PRF
    events: PRF
    entities_gold: int = 0
    entities_found: int = 0
    places_correct: int = 0
    places_total: int = 0
    predicted_tuples: int = 0  # distinct after mapping
    ignored_tuples: int = 0  # matched only optional gold relations
    false_positives: list[RelationError] = field(default_factory=list)
    missed: list[RelationError] = field(default_factory=list)
    missed_entities: list[dict[str, str]] = field(default_factory=list)
    false_positive_events: list[dict[str, Any]] = field(default_factory=list)
    missed_events: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(relations=self.relations.to_dict(), events=self.events.to_dict(),
                    entity_recall=round(self.entity_recall, 4), place_accuracy=self.place_accuracy)
        return data


@dataclass
class CorpusScore(_Rates):
    """Micro-averages (summed counts) and macro-averages (mean of per-document scores)."""

    documents: list[DocumentScore]
    relations: PRF
    events: PRF
    entities_gold: int
    entities_found: int
    places_correct: int
    places_total: int
    macro_relations: dict[str, float]  # precision, recall, f1, documents
    macro_events: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"micro": {"relations": self.relations.to_dict(), "events": self.events.to_dict(),
                          "entities": {"gold": self.entities_gold, "found": self.entities_found,
                                       "recall": round(self.entity_recall, 4)},
                          "places": {"correct": self.places_correct, "total": self.places_total,
                                     "accuracy": self.place_accuracy}},
                "macro": {"relations": self.macro_relations, "events": self.macro_events},
                "documents": [d.to_dict() for d in self.documents]}


# ---- entity mapping -------------------------------------------------------------------------

def alias_index(gold: Gold) -> dict[str, list[str]]:
    """Normalised gold name/alias → gold ids carrying it, in gold order."""
    index: dict[str, list[str]] = {}
    for entity in gold.entities:
        for form in entity.forms:
            ids = index.setdefault(normalize_name(form), [])
            if entity.id not in ids:
                ids.append(entity.id)
    index.pop("", None)
    return index


def map_entity(entity: dict[str, Any], index: dict[str, list[str]], order: dict[str, int]) -> str | None:
    """Gold id for a predicted entity dict, or None.

    Forms are the name, each alias and each mention text (repeats count). Among gold entities
    matched by some form, prefer one matched by the name, then the most forms, then gold order.
    """
    name = normalize_name(entity.get("name") or "")
    forms = [entity.get("name"), *(entity.get("aliases") or []),
             *((m or {}).get("text") for m in entity.get("mentions") or [])]
    counts = Counter(gid for form in forms if isinstance(form, str)
                     for gid in index.get(normalize_name(form), ()))
    if not counts:
        return None
    by_name = set(index.get(name, ()))
    return min(counts, key=lambda gid: (gid not in by_name, -counts[gid], order[gid]))


def map_entities(entities: Iterable[dict[str, Any]], gold: Gold) -> dict[str, str | None]:
    """Predicted entity id → gold id (None when unmapped)."""
    index, order = alias_index(gold), {e.id: i for i, e in enumerate(gold.entities)}
    return {str(e.get("id")): map_entity(e, index, order) for e in entities if isinstance(e, dict)}


def _resolver(predicted: dict[str, Any], gold: Gold) -> Callable[[Any], str | None]:
    mapping = map_entities(predicted.get("entities") or [], gold)
    index, order = alias_index(gold), {e.id: i for i, e in enumerate(gold.entities)}

    def resolve(pid: Any) -> str | None:
        if not isinstance(pid, str):
            return None
        if pid in mapping:
            return mapping[pid]
        return map_entity({"name": pid}, index, order)
    return resolve


def _max_matching(candidates: dict[Hashable, list[int]]) -> dict[int, Hashable]:
    """One-to-one maximum matching (Kuhn): key → gold index, covering as many golds as possible."""
    owner: dict[int, Hashable] = {}

    def augment(key: Hashable, seen: set[int]) -> bool:
        for j in candidates[key]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = key
                    return True
        return False
    for key in candidates:
        augment(key, set())
    return owner


# ---- relations ------------------------------------------------------------------------------

def _matches(key: tuple, rel: GoldRelation) -> bool:
    s, p, o, pol = key
    if p != rel.predicate or pol != rel.polarity:
        return False
    return (s in rel.subjects and o in rel.objects) or (
        p in SYMMETRIC and o in rel.subjects and s in rel.objects)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n", text)
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def _mentions(form: str, sentence: str) -> bool:
    flags = 0 if form.isupper() else re.IGNORECASE
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", sentence, flags) is not None


def _gold_sentence(rel: GoldRelation, gold: Gold, text: str | None) -> list[str]:
    if rel.evidence:
        return [rel.evidence] if isinstance(rel.evidence, str) else [str(e) for e in rel.evidence]
    subj = [f for i in rel.subjects for f in gold.entity(i).forms]
    obj = [f for i in rel.objects for f in gold.entity(i).forms]
    for sentence in _sentences(text or ""):
        if any(_mentions(f, sentence) for f in subj) and any(_mentions(f, sentence) for f in obj):
            return [sentence]
    return []


def _names(ids: tuple[str, ...], gold: Gold) -> str:
    return " / ".join(gold.entity(i).name for i in ids)


def _end(pid: Any, resolve, names: dict[str, str]) -> tuple[Hashable, str | None, str]:
    """(matching key, gold id or None, display name) of one predicted relation end."""
    pid = str(pid)
    gid = resolve(pid)
    return (gid if gid is not None else ("unmapped", pid)), gid, names.get(pid, pid)


def _score_relations(gold: Gold, predicted: dict[str, Any], resolve, names: dict[str, str],
                     text: str | None, score: DocumentScore) -> None:
    tuples: dict[tuple, RelationError] = {}
    for rel in (r for r in predicted.get("relations") or [] if isinstance(r, dict)):
        (s_key, s_gid, s_name), (o_key, o_gid, o_name) = (_end(rel.get(r), resolve, names)
                                                          for r in ("subject", "object"))
        pred, pol = str(rel.get("predicate", "")).upper(), str(rel.get("polarity") or "positive").lower()
        key = (s_key, pred, o_key, pol)
        if pred in SYMMETRIC and repr(o_key) < repr(s_key):
            key = (o_key, pred, s_key, pol)  # one key for both directions; the record keeps the first
        error = tuples.setdefault(key, RelationError(s_name, pred, o_name, pol, [], s_gid, o_gid))
        evidence = rel.get("evidence") or []
        for ev in [evidence] if isinstance(evidence, (dict, str)) else evidence:
            sentence = ev.get("sentence") if isinstance(ev, dict) else ev
            if isinstance(sentence, str) and sentence not in error.sentences:
                error.sentences.append(sentence)

    required = gold.relations
    candidates = {k: [j for j, g in enumerate(required) if _matches(k, g)] for k in tuples}
    matched = _max_matching(candidates)
    score.predicted_tuples = len(tuples)
    for key, error in tuples.items():
        if candidates[key]:
            continue
        if any(_matches(key, g) for g in gold.optional_relations):
            score.ignored_tuples += 1
        else:
            score.false_positives.append(error)
    for j, rel in enumerate(required):
        if j not in matched:
            score.missed.append(RelationError(
                _names(rel.subjects, gold), rel.predicate, _names(rel.objects, gold), rel.polarity,
                _gold_sentence(rel, gold, text), "|".join(rel.subjects), "|".join(rel.objects)))
    score.relations = PRF(len(matched), len(score.false_positives), len(required) - len(matched))


# ---- events ---------------------------------------------------------------------------------

def _event_overlap(pred: dict[str, Any], gold_event: GoldEvent) -> int | None:
    """Overlap size (actors + targets + place) if the predicted event matches, else None."""
    types = pred.get("type")
    types = {str(t).upper() for t in (types if isinstance(types, list) else [types])}
    if not types & set(gold_event.types):
        return None
    overlap = 0
    for side in ("actors", "targets"):
        hits = len(set(pred[side]) & set(getattr(gold_event, side)))
        if getattr(gold_event, side) and not hits:
            return None
        overlap += hits
    return overlap + (pred["place"] is not None and pred["place"] == gold_event.place)


def _match_events(preds: dict[int, dict], golds: list[GoldEvent]) -> dict[int, int]:
    """Predicted index → gold index, one-to-one, greedy over pairs by largest overlap first
    (ties: earlier prediction, then earlier gold)."""
    pairs = sorted((-o, i, j) for i, pred in preds.items() for j, g in enumerate(golds)
                   if (o := _event_overlap(pred, g)) is not None)
    matched: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in matched and j not in matched.values():
            matched[i] = j
    return matched


def _score_events(gold: Gold, predicted: dict[str, Any], resolve, names: dict[str, str],
                  score: DocumentScore) -> None:
    preds = {}
    for i, ev in enumerate(e for e in predicted.get("events") or [] if isinstance(e, dict)):
        preds[i] = {"type": ev.get("type"), "place": resolve(ev.get("place")), "raw": ev,
                    **{s: {g for g in map(resolve, ev.get(s) or []) if g} for s in ("actors", "targets")}}
    required = [e for e in gold.events if not e.optional]
    optional = [e for e in gold.events if e.optional]
    matched = _match_events(preds, required)
    rest = {i: p for i, p in preds.items() if i not in matched}
    absorbed = _match_events(rest, optional)
    for i, j in matched.items():
        if required[j].place is not None:
            score.places_total += 1
            score.places_correct += preds[i]["place"] == required[j].place
    for i, pred in preds.items():
        if i not in matched and i not in absorbed:
            raw = pred["raw"]
            evidence = raw.get("evidence")
            show = lambda pid: names.get(str(pid), str(pid))  # noqa: E731
            score.false_positive_events.append({
                "type": raw.get("type"), "actors": [show(a) for a in raw.get("actors") or []],
                "targets": [show(t) for t in raw.get("targets") or []],
                "place": show(raw["place"]) if raw.get("place") else None,
                "sentence": evidence.get("sentence") if isinstance(evidence, dict) else evidence})
    found = set(matched.values())
    score.missed_events = [{"id": g.id, "type": list(g.types), "evidence": g.evidence}
                           for j, g in enumerate(required) if j not in found]
    score.events = PRF(len(matched), len(score.false_positive_events), len(score.missed_events))


# ---- documents and corpora ------------------------------------------------------------------

def score_document(gold: Gold, predicted: dict[str, Any], text: str | None = None) -> DocumentScore:
    """Score one predicted extraction (DESIGN §3 dict) against its gold; `text` helps find the
    sentence of a missed gold relation that has no evidence string."""
    resolve = _resolver(predicted, gold)
    score = DocumentScore(doc_id=gold.doc_id, relations=PRF(), events=PRF())
    mapped = set(map_entities(predicted.get("entities") or [], gold).values())
    score.entities_gold = len(gold.entities)
    score.entities_found = sum(e.id in mapped for e in gold.entities)
    score.missed_entities = [{"id": e.id, "name": e.name} for e in gold.entities if e.id not in mapped]
    names = {str(e.get("id")): e.get("name") or str(e.get("id"))
             for e in predicted.get("entities") or [] if isinstance(e, dict)}
    _score_relations(gold, predicted, resolve, names, text, score)
    _score_events(gold, predicted, resolve, names, score)
    return score


def _macro(prfs: list[PRF]) -> dict[str, float]:
    n = len(prfs)
    return {"precision": round(_ratio(sum(p.precision for p in prfs), n), 4),
            "recall": round(_ratio(sum(p.recall for p in prfs), n), 4),
            "f1": round(_ratio(sum(p.f1 for p in prfs), n), 4), "documents": n}


def score_corpus(doc_scores: Iterable[DocumentScore]) -> CorpusScore:
    """Sum counts (micro) and average per-document P/R/F1 (macro). The macro mean runs over the
    documents with at least one required gold item or one counted prediction (tp or fp) of that
    kind; a document whose only predictions matched optional gold is left out."""
    docs = list(doc_scores)
    active = lambda p: p.tp + p.fp + p.fn > 0  # noqa: E731
    return CorpusScore(
        documents=docs, relations=sum((d.relations for d in docs), PRF()),
        events=sum((d.events for d in docs), PRF()),
        entities_gold=sum(d.entities_gold for d in docs),
        entities_found=sum(d.entities_found for d in docs),
        places_correct=sum(d.places_correct for d in docs),
        places_total=sum(d.places_total for d in docs),
        macro_relations=_macro([d.relations for d in docs if active(d.relations)]),
        macro_events=_macro([d.events for d in docs if active(d.events)]))

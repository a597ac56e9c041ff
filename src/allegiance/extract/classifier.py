"""The learned relation classifier: logistic regressions over sentence pairs, and how their
relations join the rules' ones.

The weights live in `data/models/relations.json`, written by `training/train.py` (`make
train`) from the committed training corpus. The file holds two variants:

    model      trained on the pair features alone: the model by itself
    combined   trained with the rules' findings as features too (extract/pairs.py)

Each variant has one binary logistic regression per label ("ALLY_OF", "LEADER_OF>", ...; `>`
means the first-mentioned entity is the subject), a calibration map per predicate that turns a
relation's best sentence score into the probability that the relation is right (isotonic
regression on cross-validated predictions over the training corpus), and the threshold that
maximised F1 there. Scoring is a sum of weights over feature strings: no randomness, no download.

Relation modes (`extract --relations`):

    rules      the hand-written rules' relations (the default), each with the probability
               that the combined variant gives it as its confidence
    model      the classifier alone
    combined   the rules' relations, plus the classifier's above its threshold

The default is `rules` because on real news (the reference article, the seven development
news articles, the test corpus) what the classifier adds at its threshold was wrong more often
than right; see docs/accuracy.md.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from ..datafiles import data_path
from ..errors import BadInput, InvalidData
from ..model import Evidence, Relation
from ..ontology import SYMMETRIC
from .candidates import allowed
from .pairs import Pair

MODES = ("rules", "model", "combined")
MODEL_FILE = "models/relations.json"
FLOOR = 0.02  # sentence scores below this are not kept


@dataclass(frozen=True)
class Variant:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature → ((label index, weight), ...)
    calibration: dict[str, tuple[tuple[float, ...], tuple[float, ...]]]  # predicate or "*" →
    # isotonic steps (where each step starts, its probability)
    threshold: float  # on the calibrated probability
    rule_prior: float  # probability of a rule relation that no pair of the variant scores
    uses_rules: bool

    def scores(self, pair: Pair, types: tuple[str, str]) -> dict[str, float]:
        """label → probability that the pair's sentence states that relation."""
        z = list(self.bias)
        for f in pair.features + (pair.rule_features if self.uses_rules else []):
            for j, w in self.weights.get(f, ()):
                z[j] += w
        out = {}
        for j, lab in enumerate(self.labels):
            if pair.parallel and lab[-1] in "<>":
                continue  # items of one list are not each other's leader, part or place
            if label_allowed(lab, *types):
                p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z[j]))))
                if p >= FLOOR:
                    out[lab] = p
        return out

    def calibrate(self, raw: float, predicate: str) -> float:
        xs, ys = self.calibration.get(predicate) or self.calibration["*"]
        i = bisect_right(xs, raw) - 1
        return round(ys[max(i, 0)], 3)


def label_allowed(lab: str, first_type: str, second_type: str) -> bool:
    """Does the ontology allow label `lab` between entities of these types, in order?"""
    predicate, direction = lab.rstrip("<>"), lab[-1]
    if direction == "<":
        first_type, second_type = second_type, first_type
    return allowed(predicate, first_type, second_type) or (
        predicate in SYMMETRIC and allowed(predicate, second_type, first_type))


def variant_for(mode: str) -> Variant:
    """The model variant a relation mode uses: the rules' relations are scored by the
    combined variant, which reads their findings."""
    if mode not in MODES:
        raise BadInput(f"unknown relation mode {mode!r}; choose from {', '.join(MODES)}")
    return load_model("model" if mode == "model" else "combined")


@lru_cache(maxsize=None)
def load_model(variant: str, name: str = MODEL_FILE) -> Variant:
    path = data_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        v = data["variants"][variant]
        labels = tuple(data["labels"])
        return Variant(labels, tuple(v["bias"]),
                       {f: tuple((int(j), float(w)) for j, w in ws)
                        for f, ws in v["weights"].items()},
                       {k: (tuple(xs), tuple(ys)) for k, (xs, ys) in v["calibration"].items()},
                       float(v["threshold"]), float(v["rule_prior"]), variant == "combined")
    except FileNotFoundError as exc:
        raise InvalidData(f"{name}: missing model file; run `make train`") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidData(f"{name}: not a relation model ({exc})") from exc


def model_relations(pairs: list[Pair], types: dict[str, str], variant: Variant
                    ) -> dict[tuple, Relation]:
    """Relations the classifier finds, keyed like `Relation.key` (symmetric ends sorted), each
    with its best raw sentence score as `confidence` and that sentence as evidence."""
    found: dict[tuple, Relation] = {}
    for pair in pairs:
        for lab, p in variant.scores(pair, (types[pair.first], types[pair.second])).items():
            predicate = lab.rstrip("<>")
            s, o = (pair.second, pair.first) if lab.endswith("<") else (pair.first, pair.second)
            if predicate in SYMMETRIC and o < s:
                s, o = o, s
            if not allowed(predicate, types[s], types[o]):
                continue
            key = (s, predicate, o, pair.polarity)
            ev = Evidence(pair.sentence.text, pair.sentence.start_char, pair.sentence.end_char)
            rel = found.get(key)
            if rel is None:
                found[key] = Relation(s, predicate, o, pair.polarity, pair.modality, p,
                                      _attributes(predicate), [ev])
                continue
            if p > rel.confidence:  # the evidence is the sentence that states it best
                rel.confidence, rel.modality, rel.evidence = p, pair.modality, [ev]
    return found


def _attributes(predicate: str) -> dict:
    return {"kind": "operations"} if predicate == "OPERATES_IN" else {}


def combine(rules: list[Relation], pairs: list[Pair], types: dict[str, str],
            variant: Variant | None, add: bool = True) -> list[Relation]:
    """The relations of a mode (see the module doc). With the combined variant the rules'
    relations are kept, with calibrated confidences; with `add` the classifier's relations
    above the variant's threshold join them. `rules` are left unchanged; no variant returns
    them as they are."""
    if variant is None:
        return rules
    scored = model_relations(pairs, types, variant)
    out: list[Relation] = []
    if variant.uses_rules:
        for rel in rules:
            hit = scored.pop(relation_key(rel), None)
            out.append(replace(rel, confidence=variant.calibrate(hit.confidence, rel.predicate)
                               if hit is not None else round(variant.rule_prior, 3)))
    if not add:
        return out
    for rel in scored.values():
        rel.confidence = variant.calibrate(rel.confidence, rel.predicate)
        if rel.confidence >= variant.threshold:
            out.append(rel)
    return out


def relation_key(rel: Relation) -> tuple:
    """`Relation.key` with the ends of a symmetric predicate in sorted order."""
    s, o = rel.subject, rel.object
    if rel.predicate in SYMMETRIC and o < s:
        s, o = o, s
    return (s, rel.predicate, o, rel.polarity)

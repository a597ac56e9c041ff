"""Train the relation classifier (src/allegiance/extract/classifier.py) from the committed
training corpus, and write its weights into the package.

    python training/train.py [--corpus training/corpus] [--out PATH] [--report PATH]
    make train

1. Every corpus document runs through the real pipeline up to the rules' relations and the
   sentence pairs (`extract.document.run_stages`), so the model sees exactly the features it
   will see at run time.
2. Our entities are mapped to the gold entities as the scorer maps them (by name and alias),
   and each pair in each sentence is labelled with the gold relations between its two entities
   whose evidence lies in that sentence ("LEADER_OF>": the first-mentioned entity leads the
   second). Pairs that only an optional gold relation joins are left out of training.
3. For each variant ("model": pair features; "combined": pair features and the rules'
   findings) one L2-regularised logistic regression per label is fitted jointly with L-BFGS.
4. Five-fold cross-validation by document gives out-of-fold scores: isotonic regression on
   them calibrates, per predicate, a relation's best sentence score into the probability that
   the relation is right. The model alone keeps the threshold on that probability with the
   best micro F1 over the corpus; the combined variant keeps the best one at which what the
   classifier adds to the rules is at least as precise as the rules' own relations.
5. The final weights are fitted on all documents. Everything is deterministic: fixed folds,
   sorted features, a deterministic optimiser. The `../shared/eval/` texts are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from allegiance.evaluate.gold import Gold, find_gold_pairs, load_gold
from allegiance.evaluate.scoring import PRF, map_entities, score_document
from allegiance.extract.classifier import (MODEL_FILE, Variant, label_allowed, model_relations,
                                           relation_key)
from allegiance.extract.document import Stages, run_stages
from allegiance.extract.pairs import label
from allegiance.ingest.text import read_document
from allegiance.nlp import DEFAULT_MODEL
from allegiance.nlp.pipeline import load_pipeline
from allegiance.ontology import SYMMETRIC, ontology

ROOT = Path(__file__).resolve().parent
LAMBDA = 2.0  # L2 strength (on the summed log loss)
FOLDS = 5
MIN_COUNT = 2  # features seen fewer times are dropped
PRUNE = 0.01  # weights smaller than this are not shipped
MIN_CALIBRATION = 40  # predicates with fewer scored relations share the overall calibration
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


@dataclass
class Sample:
    """One corpus document: its gold, our stages, and the labels of its pairs."""

    name: str
    text: str
    gold: Gold
    stages: Stages
    types: dict[str, str]
    entities: list[dict]  # our entities in the shape the scorer maps
    mapping: dict[str, str | None]  # our entity key → gold id
    labels: list[set[str] | None]  # per pair: gold labels, or None when only optional gold


def load_samples(corpus: Path, model: str) -> list[Sample]:
    folders = sorted({p.parent for p in corpus.rglob("*.gold.json")})
    pairs = [pair for sub in folders for pair in find_gold_pairs(sub)]
    documents = [read_document(text_path) for _, text_path in pairs]
    nlp = load_pipeline(model)
    samples = []
    for (gold_path, _), document, doc in zip(pairs, documents,
                                             nlp.pipe(d.text for d in documents)):
        gold = load_gold(gold_path)
        st = run_stages(doc)
        entities = [{"id": k, "name": r.name, "aliases": list(r.aliases),
                     "mentions": [{"text": doc[s:e].text} for s, e in r.spans]}
                    for k, r in st.ents.records.items()]
        mapping = map_entities(entities, gold)
        types = {k: r.type for k, r in st.ents.records.items()}
        labels = [_labels(p, mapping, gold, document.text) for p in st.pairs]
        samples.append(Sample(str(gold_path.relative_to(corpus)), document.text, gold, st,
                              types, entities, mapping, labels))
    return samples


def _spans(evidence, text: str) -> list[tuple[int, int]]:
    items = [evidence] if isinstance(evidence, str) else list(evidence or [])
    out = []
    for item in items:
        at = text.find(str(item))
        if at >= 0:
            out.append((at, at + len(str(item))))
    return out


def _labels(pair, mapping: dict, gold: Gold, text: str) -> set[str] | None:
    g1, g2 = mapping.get(pair.first), mapping.get(pair.second)
    if g1 is None or g2 is None or g1 == g2:
        return set()
    start, end = pair.sentence.start_char, pair.sentence.end_char
    found, optional = set(), False
    for rels, required in ((gold.relations, True), (gold.optional_relations, False)):
        for rel in rels:
            forward = g1 in rel.subjects and g2 in rel.objects
            backward = g2 in rel.subjects and g1 in rel.objects
            if not (forward or backward):
                continue
            spans = _spans(rel.evidence, text)
            if spans and not any(s < end and e > start for s, e in spans):
                continue
            if required:
                found.add(label(rel.predicate, forward))
            else:
                optional = True
    return None if optional and not found else found


# ---- fitting ---------------------------------------------------------------------------------

def _allowed_mask(labels: list[str], types: list[tuple[str, str]]) -> np.ndarray:
    return np.array([[label_allowed(lab, t1, t2) for lab in labels] for t1, t2 in types],
                    dtype=float).reshape(len(types), len(labels))


def fit(X: sparse.csr_matrix, Y: np.ndarray, M: np.ndarray, l2: float = LAMBDA
        ) -> tuple[np.ndarray, np.ndarray]:
    """Jointly fit one logistic regression per label column; M masks out examples per label."""
    n_feat, n_lab = X.shape[1], Y.shape[1]
    XT = X.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W = theta[:n_feat * n_lab].reshape(n_feat, n_lab)
        b = theta[n_feat * n_lab:]
        Z = X @ W + b
        value = np.sum(M * (np.logaddexp(0, Z) - Y * Z)) + l2 / 2 * np.sum(W * W)
        D = M * (1 / (1 + np.exp(-Z)) - Y)
        gW = XT @ D + l2 * W
        return value, np.concatenate([gW.ravel(), D.sum(axis=0)])

    theta0 = np.zeros(n_feat * n_lab + n_lab)
    res = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B",
                            options={"maxiter": 400})
    return res.x[:n_feat * n_lab].reshape(n_feat, n_lab), res.x[n_feat * n_lab:]


def design(samples: list[Sample], vocab: dict[str, int], labels: list[str], with_rules: bool):
    rows, cols, types, Y, parallel = [], [], [], [], []
    lab_index = {lab: j for j, lab in enumerate(labels)}
    n = 0
    for s in samples:
        for pair, gold_labels in zip(s.stages.pairs, s.labels):
            if gold_labels is None:
                continue
            feats = pair.features + (pair.rule_features if with_rules else [])
            idx = sorted({vocab[f] for f in feats if f in vocab})
            rows += [n] * len(idx)
            cols += idx
            y = np.zeros(len(labels))
            for lab in gold_labels:
                y[lab_index[lab]] = 1
            Y.append(y)
            types.append((s.types[pair.first], s.types[pair.second]))
            parallel.append(pair.parallel)
            n += 1
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    Y = np.array(Y).reshape(n, len(labels))
    M = _allowed_mask(labels, types)
    directed = np.array([lab[-1] in "<>" for lab in labels])
    M[np.ix_(np.array(parallel, dtype=bool), directed)] = 0  # as Variant.scores does
    return X, np.maximum(Y * M, 0), M


def to_variant(W: np.ndarray, b: np.ndarray, vocab: dict[str, int], labels: list[str],
               with_rules: bool, calibration=None, threshold: float = 0.5,
               rule_prior: float = 0.5) -> Variant:
    weights = {}
    for f, i in vocab.items():
        row = tuple((j, float(round(W[i, j], 4))) for j in range(len(labels))
                    if abs(W[i, j]) >= PRUNE)
        if row:
            weights[f] = row
    return Variant(tuple(labels), tuple(float(round(x, 4)) for x in b), weights,
                   calibration or {"*": ((0.0,), (0.0,))}, threshold, rule_prior, with_rules)


# ---- calibration and threshold ---------------------------------------------------------------

def _correct(key: tuple, sample: Sample) -> bool | None:
    """Is a (subject, predicate, object, polarity) tuple of our keys in the gold? None when
    only an optional gold relation has it."""
    s, p, o, pol = key
    gs, go = sample.mapping.get(s), sample.mapping.get(o)
    if gs is None or go is None:
        return False
    for rels, verdict in ((sample.gold.relations, True), (sample.gold.optional_relations, None)):
        for rel in rels:
            if rel.predicate != p or rel.polarity != pol:
                continue
            if (gs in rel.subjects and go in rel.objects) or (
                    p in SYMMETRIC and go in rel.subjects and gs in rel.objects):
                return verdict
    return False


def isotonic(xs: list[float], ys: list[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Pool-adjacent-violators: a non-decreasing step function fitted to (x, y) points, as the
    x where each step starts and its value."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    blocks: list[list[float]] = []  # [start x, sum y, count]
    for i in order:
        blocks.append([xs[i], ys[i], 1])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            x0, sy, n = blocks.pop()
            blocks[-1][1] += sy
            blocks[-1][2] += n
    steps = [0.0] + [round(b[0], 4) for b in blocks[1:]]
    return tuple(steps), tuple(round(b[1] / b[2], 4) for b in blocks)


def cross_validate(samples: list[Sample], vocab: dict[str, int], labels: list[str],
                   with_rules: bool, l2: float, log) -> dict:
    """Out-of-fold raw relation scores per sample, then calibration and threshold."""
    raw: list[dict[tuple, float]] = [{} for _ in samples]
    for fold in range(FOLDS):
        train = [s for i, s in enumerate(samples) if i % FOLDS != fold]
        X, Y, M = design(train, vocab, labels, with_rules)
        W, b = fit(X, Y, M, l2)
        variant = to_variant(W, b, vocab, labels, with_rules)
        for i, s in enumerate(samples):
            if i % FOLDS == fold:
                found = model_relations(s.stages.pairs, s.types, variant)
                raw[i] = {k: r.confidence for k, r in found.items()}
        log(f"  fold {fold + 1}/{FOLDS} fitted ({X.shape[0]} pairs)")
    points: dict[str, tuple[list[float], list[float]]] = {"*": ([], [])}
    for s, scores in zip(samples, raw):
        for key, p in scores.items():
            verdict = _correct(key, s)
            if verdict is not None:
                for name in ("*", key[1]):
                    xs, ys = points.setdefault(name, ([], []))
                    xs.append(p)
                    ys.append(float(verdict))
    calibration = {name: isotonic(xs, ys) for name, (xs, ys) in sorted(points.items())
                   if name == "*" or (len(xs) >= MIN_CALIBRATION and sum(ys) >= 5)}
    rule_hits = [_correct(relation_key(r), s) for s, scores in zip(samples, raw)
                 for r in s.stages.rules if relation_key(r) not in scores]
    rule_hits = [h for h in rule_hits if h is not None]
    rule_prior = sum(rule_hits) / len(rule_hits) if rule_hits else 0.5
    base = to_variant(np.zeros((0, len(labels))), np.zeros(len(labels)), {}, labels,
                      with_rules, calibration, 0.0, rule_prior)
    curve, added = {}, {}
    rule_keys = [{relation_key(r) for r in s.stages.rules} for s in samples]
    for t in THRESHOLDS:
        total, right, wrong = PRF(), 0, 0
        for s, scores, keys in zip(samples, raw, rule_keys):
            total += _score(s, scores, base, t)
            for k, p in scores.items():
                if with_rules and k not in keys and base.calibrate(p, k[1]) >= t:
                    verdict = _correct(k, s)
                    right += verdict is True
                    wrong += verdict is False
        curve[t], added[t] = total, right / (right + wrong) if right + wrong else 1.0
    # the classifier may add to the rules only what is at least as precise as the rules are
    floor = rules_precision(samples) if with_rules else 0.0
    fair = [t for t in THRESHOLDS if added[t] >= floor] or THRESHOLDS[-1:]
    best = max(fair, key=lambda t: (curve[t].f1, -t))
    return {"calibration": calibration, "rule_prior": rule_prior, "threshold": best,
            "cv": curve[best].to_dict(), "added_precision": round(added[best], 4),
            "curve": {str(t): round(c.f1, 4) for t, c in curve.items()}}


def _score(s: Sample, scores: dict[tuple, float], base: Variant, threshold: float) -> PRF:
    """Relation P/R/F1 of a sample when its out-of-fold scores are cut at `threshold`."""
    rels = [] if not base.uses_rules else [relation_key(r) for r in s.stages.rules]
    rels += [k for k, p in scores.items()
             if base.calibrate(p, k[1]) >= threshold and k not in rels]
    return _prf(s, rels)


def _prf(s: Sample, keys: list[tuple]) -> PRF:
    """Relation P/R/F1 of (subject, predicate, object, polarity) tuples against the gold."""
    predicted = {"entities": s.entities,
                 "relations": [{"subject": k[0], "predicate": k[1], "object": k[2],
                                "polarity": k[3]} for k in keys]}
    return score_document(s.gold, predicted, s.text).relations


def rules_precision(samples: list[Sample]) -> float:
    """The share of the rules' relations that the gold has (optional ones left out)."""
    verdicts = [_correct(relation_key(r), s) for s in samples for r in s.stages.rules]
    verdicts = [v for v in verdicts if v is not None]
    return sum(verdicts) / len(verdicts) if verdicts else 0.0


def rules_score(samples: list[Sample]) -> PRF:
    total = PRF()
    for s in samples:
        total += _prf(s, [r.key for r in s.stages.rules])
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path,
                    default=ROOT.parent / "src" / "allegiance" / "data" / MODEL_FILE)
    ap.add_argument("--report", type=Path, default=ROOT / "report.json")
    ap.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline")
    ap.add_argument("--l2", type=float, default=LAMBDA, help="L2 regularisation strength")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    t0 = time.time()
    samples = load_samples(args.corpus, args.model)
    n_pairs = sum(len(s.labels) for s in samples)
    log(f"{len(samples)} documents, {n_pairs} sentence pairs parsed in {time.time() - t0:.0f} s")
    labels = sorted({lab for p in ontology().predicates
                     for lab in ([p] if p in SYMMETRIC else [p + ">", p + "<"])})
    counts: dict[str, int] = {}
    for s in samples:
        for pair, gl in zip(s.stages.pairs, s.labels):
            if gl is not None:
                for f in set(pair.features + pair.rule_features):
                    counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    out = {"format": "allegiance-relation-model/1",
           "trained_on": {"corpus": "training/corpus", "documents": len(samples),
                          "pairs": n_pairs, "features": len(vocab), "l2": args.l2,
                          "folds": FOLDS, "spacy_pipeline": args.model},
           "labels": labels, "variants": {}}
    report = {"rules": rules_score(samples).to_dict()}
    for name, with_rules in (("model", False), ("combined", True)):
        log(f"{name}: cross-validation")
        cv = cross_validate(samples, vocab, labels, with_rules, args.l2, log)
        X, Y, M = design(samples, vocab, labels, with_rules)
        W, b = fit(X, Y, M, args.l2)
        v = to_variant(W, b, vocab, labels, with_rules)
        out["variants"][name] = {
            "threshold": cv["threshold"], "rule_prior": round(cv["rule_prior"], 4),
            "calibration": {k: [list(xs), list(ys)] for k, (xs, ys) in cv["calibration"].items()},
            "bias": list(v.bias),
            "weights": {f: [[j, w] for j, w in ws] for f, ws in sorted(v.weights.items())}}
        report[name] = {"cross_validated": cv["cv"], "threshold": cv["threshold"],
                        "precision_of_additions": cv["added_precision"],
                        "rule_prior": round(cv["rule_prior"], 4),
                        "f1_by_threshold": cv["curve"]}
        log(f"  {name}: threshold {cv['threshold']}, cross-validated {cv['cv']}")
    log(f"rules alone on the corpus: {report['rules']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n",
                        encoding="utf-8")
    args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

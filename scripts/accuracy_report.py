"""Score every evaluation set in the three relation modes and print the Markdown tables of
docs/accuracy.md: relation scores, the held-out news articles apart, errors by predicate and
the reliability of `confidence` on the news set.

    python scripts/accuracy_report.py [--shared ../shared] [--held-out 01,06,08]

Sets: the reference article (shared/eval/dev), the ten news articles (shared/eval/news), re3d
(shared/eval/external/re3d) and our own sentence and event sets (tests/cases/).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from allegiance import api
from allegiance.evaluate.gold import find_gold_pairs, load_gold
from allegiance.evaluate.scoring import score_document
from allegiance.ingest.text import read_document

ROOT = Path(__file__).resolve().parent.parent
MODES = ("rules", "model", "combined")
BINS = [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)]


def _row(name: str, mode: str, corpus) -> str:
    r = corpus.relations
    return (f"| {name} | {mode} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | "
            f"{corpus.macro_relations['f1']:.3f} | {r.tp}/{r.fp}/{r.fn} | "
            f"{corpus.entity_recall:.3f} |")


def _split(news: Path, held_out: set[str], into: Path) -> tuple[Path, Path]:
    """Copies of the news set: the held-out articles and the others."""
    apart, rest = into / "held-out", into / "development"
    for folder in (apart, rest):
        folder.mkdir()
    for gold_path, text_path in find_gold_pairs(news):
        stem = gold_path.name.split(".")[0]
        target = apart if stem in held_out else rest
        shutil.copy(gold_path, target)
        shutil.copy(text_path, target)
    return apart, rest


def reliability(news: Path) -> list[tuple[str, int, int, int]]:
    """(bin, right, wrong, neutral) of the default mode's relations on the news set: each
    relation is scored alone against its document's gold."""
    counts = {b: [0, 0, 0] for b in BINS}
    pairs = find_gold_pairs(news)
    docs = [read_document(t) for _, t in pairs]
    for (gold_path, _), doc, ex in zip(pairs, docs, api.extract(docs)):
        gold, data = load_gold(gold_path), ex.to_dict()
        for rel in data["relations"]:
            one = dict(data, relations=[rel])
            r = score_document(gold, one, doc.text).relations
            b = next(b for b in BINS if b[0] <= rel["confidence"] < b[1])
            counts[b][0 if r.tp else 1 if r.fp else 2] += 1
    return [(f"{lo:.1f}–{min(hi, 1.0):.1f}", *counts[(lo, hi)]) for lo, hi in BINS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--held-out", default="01,06,08",
                        help="news articles kept apart (docs/accuracy.md)")
    args = parser.parse_args()
    shared = Path(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        news = shared / "eval" / "news"
        apart, rest = _split(news, set(args.held_out.split(",")), Path(tmp)) \
            if news.exists() else (None, None)
        sets = [("reference article (dev)", shared / "eval" / "dev"),
                ("news (10 articles)", news),
                ("news, 7 development articles", rest),
                (f"news, held out ({args.held_out})", apart),
                ("re3d (98 documents)", shared / "eval" / "external" / "re3d"),
                ("our sentence set", ROOT / "tests" / "cases" / "sentences"),
                ("our event set", ROOT / "tests" / "cases" / "events")]
        print("| set | relations | P | R | F1 (micro) | F1 (macro) | tp/fp/fn | entity recall |")
        print("|---|---|---|---|---|---|---|---|")
        errors = {}
        for name, path in sets:
            if path is None or not path.exists():
                continue
            for mode in MODES:
                corpus = api.evaluate(path, relations=mode)
                print(_row(name, mode, corpus), flush=True)
                if mode == "combined":
                    fp, fn = Counter(), Counter()
                    for doc in corpus.documents:
                        fp.update(e.predicate for e in doc.false_positives)
                        fn.update(e.predicate for e in doc.missed)
                    errors[name] = (fp, fn)
        print()
        print("| set (combined) | false positives by predicate | missed by predicate |")
        print("|---|---|---|")
        for name, (fp, fn) in errors.items():
            fmt = lambda c: ", ".join(f"{k} {v}" for k, v in c.most_common())  # noqa: E731
            print(f"| {name} | {fmt(fp)} | {fmt(fn)} |")
        if news.exists():
            print()
            print("| confidence | relations | right | wrong | optional gold | precision |")
            print("|---|---|---|---|---|---|")
            for name, right, wrong, neutral in reliability(news):
                n = right + wrong
                share = f"{right / n:.2f}" if n else "–"
                print(f"| {name} | {n + neutral} | {right} | {wrong} | {neutral} | {share} |")


if __name__ == "__main__":
    main()

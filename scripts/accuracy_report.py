"""Score every evaluation set and print the Markdown tables of docs/accuracy.md.

    python scripts/accuracy_report.py [--shared ../shared]

Sets: the reference article (shared/eval/dev), the ten news articles (shared/eval/news), re3d
(shared/eval/external/re3d) and our own sentence set (tests/cases/sentences).
"""

import argparse
from collections import Counter
from pathlib import Path

from allegiance import api

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    sets = [("reference article (dev)", shared / "eval" / "dev"),
            ("news (10 articles)", shared / "eval" / "news"),
            ("re3d (98 documents)", shared / "eval" / "external" / "re3d"),
            ("our sentence set (136 documents)", ROOT / "tests" / "cases" / "sentences")]
    print("| set | P | R | F1 (micro) | F1 (macro) | tp/fp/fn | entity recall |")
    print("|---|---|---|---|---|---|---|")
    errors = {}
    for name, path in sets:
        if not path.exists():
            continue
        corpus = api.evaluate(path)
        r = corpus.relations
        print(f"| {name} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | "
              f"{corpus.macro_relations['f1']:.3f} | {r.tp}/{r.fp}/{r.fn} | "
              f"{corpus.entity_recall:.3f} |")
        fp, fn = Counter(), Counter()
        for doc in corpus.documents:
            fp.update(e.predicate for e in doc.false_positives)
            fn.update(e.predicate for e in doc.missed)
        errors[name] = (fp, fn)
    print()
    print("| set | false positives by predicate | missed by predicate |")
    print("|---|---|---|")
    for name, (fp, fn) in errors.items():
        fmt = lambda c: ", ".join(f"{k} {v}" for k, v in c.most_common())  # noqa: E731
        print(f"| {name} | {fmt(fp)} | {fmt(fn)} |")


if __name__ == "__main__":
    main()

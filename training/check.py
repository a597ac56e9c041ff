"""Check the synthetic training corpus: every gold file parses (DESIGN §4 format), names a text
that exists, every entity alias and every relation's evidence string occurs in the text, every
relation uses entities of the file and a predicate, polarity and modality of the ontology; and
the corpus spans enough documents, armed groups and countries.

    python training/check.py [training/corpus] [--min-docs 300 --min-groups 60 --min-countries 40]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from allegiance.evaluate.gold import find_gold_pairs, load_gold
from allegiance.ingest.text import read_document
from allegiance.ontology import ontology

ROOT = Path(__file__).resolve().parent


def check(folder: Path) -> tuple[list[str], dict[str, set[str]], int]:
    onto = ontology()
    problems: list[str] = []
    names: dict[str, set[str]] = {"ARMED_GROUP": set(), "COUNTRY": set()}
    folders = sorted({p.parent for p in folder.rglob("*.gold.json")})
    pairs = [pair for sub in folders for pair in find_gold_pairs(sub)]
    for gold_path, text_path in pairs:
        where = gold_path.relative_to(folder)
        try:
            gold = load_gold(gold_path)
            text = read_document(text_path).text
        except Exception as exc:  # report every broken file, not only the first
            problems.append(f"{where}: {exc}")
            continue
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
        ids = {e["id"] for e in raw.get("entities", [])}
        for ent in raw.get("entities", []):
            if ent.get("type") in names:
                names[ent["type"]].add(ent["name"].lower())
            for alias in ent.get("aliases", []):
                if alias not in text:
                    problems.append(f"{where}: alias {alias!r} of {ent['id']} not in the text")
        for key in ("relations", "optional_relations"):
            for rel in raw.get(key, []):
                for side in ("subject", "object"):
                    for ref in rel[side] if isinstance(rel[side], list) else [rel[side]]:
                        if ref not in ids:
                            problems.append(f"{where}: {key} names unknown entity {ref!r}")
                if rel["predicate"] not in onto.predicates:
                    problems.append(f"{where}: unknown predicate {rel['predicate']!r}")
                if rel.get("modality", "asserted") not in onto.modalities:
                    problems.append(f"{where}: unknown modality {rel.get('modality')!r}")
                if rel.get("polarity", "positive") not in onto.polarities:
                    problems.append(f"{where}: unknown polarity {rel.get('polarity')!r}")
                evidence = rel.get("evidence")
                if evidence and " ".join(evidence.split()) not in " ".join(text.split()):
                    problems.append(f"{where}: evidence not in the text: {evidence[:60]!r}")
    return problems, names, len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "corpus"))
    parser.add_argument("--min-docs", type=int, default=300)
    parser.add_argument("--min-groups", type=int, default=60)
    parser.add_argument("--min-countries", type=int, default=40)
    args = parser.parse_args()
    problems, names, docs = check(Path(args.folder))
    for line in problems:
        print(line)
    print(f"{docs} documents, {len(names['ARMED_GROUP'])} armed groups, "
          f"{len(names['COUNTRY'])} countries, {len(problems)} problems")
    short = (docs < args.min_docs or len(names["ARMED_GROUP"]) < args.min_groups
             or len(names["COUNTRY"]) < args.min_countries)
    sys.exit(1 if problems or short else 0)


if __name__ == "__main__":
    main()

"""Print the coverage tables of README.md from the gold files in this folder.

    python tests/cases/sentences/coverage_table.py   (from the repository root)
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREDICATES = ["ALLY_OF", "PART_OF", "HOSTILE_TO", "SUPPORTS", "LEADER_OF", "MEMBER_OF",
              "PLEDGED_ALLEGIANCE_TO", "OPERATES_IN", "NEGOTIATES_WITH", "LOCATED_IN"]
MODALITIES = ["asserted", "reported", "hedged", "promised", "denied", "recommended", "demanded"]


def main() -> None:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(HERE.glob("s*.gold.json"))]
    req, opt, neg, mods, ents, tags = Counter(), Counter(), Counter(), Counter(), Counter(), Counter()
    kinds, roles = Counter(), Counter()
    sentences = 0
    for g in golds:
        text = (HERE / g["document"]["text_file"]).read_text(encoding="utf-8")
        sentences += sum(text.count(c) for c in ".?!") or 1
        tags.update(g["document"].get("tags", []))
        if not g["relations"]:
            tags["(no required relation)"] += 1
        ents.update(e["type"] for e in g["entities"])
        for r in g["relations"]:
            req[r["predicate"]] += 1
            if r["polarity"] == "negative":
                neg[r["predicate"]] += 1
            mods[(r["predicate"], r["modality"])] += 1
            a = r.get("attributes", {})
            if r["predicate"] == "SUPPORTS":
                kinds.update(a.get("kind", []) or ["(unspecified)"])
            if "role" in a:
                roles[(r["predicate"], a["role"])] += 1
        for r in g["optional_relations"]:
            opt[r["predicate"]] += 1
    dates = sorted(g["document"]["published"] for g in golds)
    print(f"{len(golds)} documents, about {sentences} sentences, published {dates[0]} to {dates[-1]}; "
          f"{sum(req.values())} required relations, {sum(opt.values())} optional relations, "
          f"{sum(ents.values())} entities.\n")
    print("| predicate | required | of which negative | optional | " + " | ".join(MODALITIES) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(MODALITIES))
    for p in PREDICATES:
        cells = " | ".join(str(mods[(p, m)]) for m in MODALITIES)
        print(f"| {p} | {req[p]} | {neg[p]} | {opt[p]} | {cells} |")
    tot = " | ".join(str(sum(mods[(p, m)] for p in PREDICATES)) for m in MODALITIES)
    print(f"| **all** | {sum(req.values())} | {sum(neg.values())} | {sum(opt.values())} | {tot} |\n")
    print("| entity type | count |\n|---|---:|")
    for t, n in ents.most_common():
        print(f"| {t} | {n} |")
    print("\n| SUPPORTS kind (required) | count |\n|---|---:|")
    for k, n in kinds.most_common():
        print(f"| {k} | {n} |")
    print("\n| role (required) | count |\n|---|---:|")
    for (p, r), n in sorted(roles.items()):
        print(f"| {p} {r} | {n} |")
    print("\n| construction tag (documents) | count |\n|---|---:|")
    for t, n in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {t} | {n} |")


if __name__ == "__main__":
    main()

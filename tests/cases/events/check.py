"""Check the event cases in this folder (see README.md) and print their counts.

Run from the repository root:

    .venv/bin/python tests/cases/events/check.py

Every `eNNN.gold.json` must parse, name its text file, and be internally consistent:
evidence, claim evidence and event times are exact substrings of the text; every id an event,
relation or claim uses is an entity of the same file; every alias occurs in the text; no two
entities share an alias (case-insensitively, nor after the scorer's name normalisation); event
types are PLOVER types, modes belong to one of them, and ACLED event type and sub-type agree.
Exits 1 and lists the problems when any check fails.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

try:  # the scorer's normalisation (DESIGN §4), when the package is importable
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    from allegiance.evaluate.normalize import normalize_name
except Exception:  # pragma: no cover - the check still runs without the package
    normalize_name = None

ENTITY_TYPES = {"ARMED_GROUP", "COUNTRY", "ORGANIZATION", "PERSON", "PLACE"}
PREDICATES = {"ALLY_OF", "PART_OF", "HOSTILE_TO", "SUPPORTS", "LEADER_OF", "MEMBER_OF",
              "PLEDGED_ALLEGIANCE_TO", "OPERATES_IN", "NEGOTIATES_WITH", "LOCATED_IN"}
# The 16 PLOVER types (DESIGN §2) plus FIGHT, accepted only as an alternative in a list.
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ALTERNATIVE_ONLY = {"FIGHT"}
# PLOVER modes used in this set, by type.
MODES = {
    "ASSAULT": {"abduct", "suicide bombing", "explosives", "assassination", "firearms",
                "heavy weapons", "aerial", "sexual", "primitive weapons"},
    "FIGHT": {"firearms", "heavy weapons", "aerial"},
    "COERCE": {"arrest", "seize", "confiscate", "curfew", "deport", "ban", "censor"},
    "RETREAT": {"ceasefire", "release", "withdraw", "disarm", "return"},
    "MOBILIZE": {"troops", "militia", "police", "weapons", "alert"},
}
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
CLAIM_KINDS = {"claim_of_responsibility", "threat", "denial", "promise", "demand"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CAMEO = re.compile(r"^\d{3,4}$")


def _ids(value) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def check_file(gold_path: Path, counts: dict[str, Counter]) -> list[str]:
    errors: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{gold_path.name}: {msg}")

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"{gold_path.name}: malformed JSON ({exc})"]
    if gold.get("format") != "allegiance-gold/1":
        err(f"format is {gold.get('format')!r}")
    document = gold.get("document") or {}
    stem = gold_path.name.removesuffix(".gold.json")
    if document.get("id") != stem:
        err(f"document.id {document.get('id')!r} differs from the file name {stem!r}")
    if not DATE.match(str(document.get("published") or "")):
        err(f"document.published {document.get('published')!r} is not YYYY-MM-DD")
    text_path = gold_path.parent / str(document.get("text_file") or f"{stem}.txt")
    if not text_path.is_file():
        return errors + [f"{gold_path.name}: text file {text_path.name} missing"]
    text = text_path.read_text(encoding="utf-8")

    def substring(s, where: str) -> None:
        if not isinstance(s, str) or not s:
            err(f"{where}: evidence missing")
        elif s not in text:
            err(f"{where}: not in the text: {s!r}")

    # entities
    entities = gold.get("entities", [])
    known: set[str] = set()
    owner: dict[str, str] = {}
    owner_norm: dict[str, str] = {}
    for e in entities:
        eid = e.get("id")
        if eid in known:
            err(f"duplicate entity id {eid!r}")
        known.add(eid)
        if e.get("type") not in ENTITY_TYPES:
            err(f"entity {eid}: type {e.get('type')!r}")
        if not e.get("name"):
            err(f"entity {eid}: no name")
        aliases = e.get("aliases") or []
        if not aliases:
            err(f"entity {eid}: no alias (every entity must be mentioned)")
        for a in aliases:
            if a not in text:
                err(f"entity {eid}: alias {a!r} does not occur in the text")
            key = a.casefold()
            if owner.get(key, eid) != eid:
                err(f"alias {a!r} shared by {owner[key]} and {eid}")
            owner.setdefault(key, eid)
            if normalize_name is not None:
                nkey = normalize_name(a)
                if owner_norm.get(nkey, eid) != eid:
                    err(f"alias {a!r} of {eid} normalises like an alias of {owner_norm[nkey]}")
                owner_norm.setdefault(nkey, eid)
        counts["entity types"][e.get("type")] += 1

    def refs(ids, where: str) -> None:
        for i in ids:
            if i not in known:
                err(f"{where}: unknown entity {i!r}")

    # relations
    for key in ("relations", "optional_relations"):
        for n, r in enumerate(gold.get(key, [])):
            where = f"{key}[{n}]"
            if r.get("predicate") not in PREDICATES:
                err(f"{where}: predicate {r.get('predicate')!r}")
            refs(_ids(r.get("subject")) + _ids(r.get("object")), where)
            if r.get("polarity", "positive") not in ("positive", "negative"):
                err(f"{where}: polarity {r.get('polarity')!r}")
            for ev in _ids(r.get("evidence")):
                substring(ev, where)
            counts[key][r.get("predicate")] += 1

    # events
    event_ids: set[str] = set()
    for n, ev in enumerate(gold.get("events", [])):
        where = f"events[{n}] {ev.get('id')}"
        if not ev.get("id") or ev["id"] in event_ids:
            err(f"{where}: missing or duplicate id")
        event_ids.add(ev.get("id"))
        types = _ids(ev.get("type"))
        if not types:
            err(f"{where}: no type")
        for t in types:
            if t not in PLOVER and not (t in ALTERNATIVE_ONLY and len(types) > 1):
                err(f"{where}: type {t!r} is not a PLOVER type")
        if not any(t in PLOVER for t in types):
            err(f"{where}: no PLOVER type among {types}")
        mode = ev.get("mode")
        if mode is not None and not any(mode in MODES.get(t, ()) for t in types):
            err(f"{where}: mode {mode!r} belongs to none of {types}")
        cameo = ev.get("cameo")
        if cameo is not None and not (isinstance(cameo, str) and CAMEO.match(cameo)):
            err(f"{where}: cameo {cameo!r} is not a CAMEO code string")
        acled, sub = ev.get("acled_event_type"), ev.get("acled_sub_event_type")
        if acled not in ACLED:
            err(f"{where}: acled_event_type {acled!r}")
        elif sub not in ACLED[acled]:
            err(f"{where}: acled_sub_event_type {sub!r} is not a sub-type of {acled!r}")
        for side in ("actors", "targets"):
            if not isinstance(ev.get(side, []), list):
                err(f"{where}: {side} must be a list")
        refs(ev.get("actors", []) + ev.get("targets", []) + _ids(ev.get("place")), where)
        if ev.get("time") is not None:
            substring(ev["time"], f"{where} time")
        substring(ev.get("evidence"), where)
        if not ev.get("optional") and not ev.get("actors") and not ev.get("targets"):
            err(f"{where}: a required event needs an actor or a target")
        kind = "optional" if ev.get("optional") else "required"
        counts[f"{kind} events by first type"][types[0] if types else None] += 1
        counts[f"{kind} events by ACLED sub-type"][sub] += 1

    # claims
    for n, c in enumerate(gold.get("claims", [])):
        where = f"claims[{n}]"
        if c.get("kind") not in CLAIM_KINDS:
            err(f"{where}: kind {c.get('kind')!r}")
        refs(_ids(c.get("speaker")), where)
        content = c.get("content")
        if content:
            refs(_ids(content.get("subject")) + _ids(content.get("object")), f"{where}.content")
            if content.get("predicate") not in PREDICATES:
                err(f"{where}.content: predicate {content.get('predicate')!r}")
        if c.get("event") is not None and c["event"] not in event_ids:
            err(f"{where}: unknown event {c['event']!r}")
        substring(c.get("evidence"), where)
        counts["claims"][c.get("kind")] += 1

    events = gold.get("events", [])
    if any(not e.get("optional") for e in events):
        counts["documents"]["with required events"] += 1
    elif events:
        counts["documents"]["with optional events only"] += 1
    else:
        counts["documents"]["without events"] += 1
    return errors


def main() -> int:
    gold_paths = sorted(HERE.glob("e*.gold.json"))
    if not gold_paths:
        print(f"no gold files in {HERE}", file=sys.stderr)
        return 1
    counts: dict[str, Counter] = {k: Counter() for k in (
        "documents", "required events by first type", "optional events by first type",
        "required events by ACLED sub-type", "optional events by ACLED sub-type", "claims",
        "relations", "optional_relations", "entity types")}
    errors: list[str] = []
    for path in gold_paths:
        errors.extend(check_file(path, counts))
    texts = {p.name.removesuffix(".txt") for p in HERE.glob("e*.txt")}
    golds = {p.name.removesuffix(".gold.json") for p in gold_paths}
    for orphan in sorted(texts - golds):
        errors.append(f"{orphan}.txt has no gold file")
    print(f"{len(gold_paths)} documents")
    for name, counter in counts.items():
        total = sum(counter.values())
        items = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))
        print(f"{name} ({total}): {items}")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

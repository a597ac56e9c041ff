"""Relation extraction on sentence cases of our own (tests/cases/relations.jsonl).

Each row names the relations a careful analyst draws from its sentence (`expect`) and some it
must not produce (`reject`); entities are given by a name or alias, compared after the
scorer's normalisation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allegiance.evaluate.normalize import normalize_name
from allegiance.ontology import SYMMETRIC

CASES = [json.loads(line) for line in
         (Path(__file__).parent.parent / "cases" / "relations.jsonl").read_text().splitlines()
         if line.strip()]


def _tuples(extraction: dict) -> set[tuple[str, str, str, str]]:
    forms: dict[str, set[str]] = {}
    for ent in extraction["entities"]:
        names = {ent["name"], *ent["aliases"], *(m["text"] for m in ent["mentions"])}
        forms[ent["id"]] = {normalize_name(n) for n in names}
    out = set()
    for rel in extraction["relations"]:
        for s in forms[rel["subject"]]:
            for o in forms[rel["object"]]:
                out.add((s, rel["predicate"], o, rel["polarity"]))
                if rel["predicate"] in SYMMETRIC:
                    out.add((o, rel["predicate"], s, rel["polarity"]))
    return out


def _norm(t: list[str]) -> tuple[str, str, str, str]:
    return normalize_name(t[0]), t[1], normalize_name(t[2]), t[3]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:48] for c in CASES])
def test_sentence_case(case, extract_text):
    found = _tuples(extract_text(case["text"]))
    for expected in case["expect"]:
        assert _norm(expected) in found, f"missing {expected} in {sorted(found)}"
    for rejected in case["reject"]:
        assert _norm(rejected) not in found, f"unexpected {rejected}"


def test_relation_merges_evidence_across_sentences(extract_text):
    text = ("Hamas is an ally of Palestinian Islamic Jihad. Hamas and Palestinian Islamic Jihad "
            "are allies.")
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "ALLY_OF"]
    assert len(rels) == 1
    assert len(rels[0]["evidence"]) == 2


def test_evidence_offsets_index_the_text(extract_text):
    text = "Some context first. Iran provides weapons to the Houthis in Yemen."
    for rel in extract_text(text)["relations"]:
        for ev in rel["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]


def test_support_kind_attribute(extract_text):
    text = "Iran provides weapons and money to Hezbollah."
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "SUPPORTS"]
    assert rels and set(rels[0]["attributes"]["kind"]) >= {"weapons", "funding"}


def test_promise_to_cut_ties_is_negative_and_promised(extract_text):
    text = "The Taliban promised to cut ties with al-Qaeda."
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "ALLY_OF"]
    assert rels and rels[0]["polarity"] == "negative"
    assert rels[0]["modality"] == "promised"


def test_should_makes_a_recommendation(extract_text):
    text = "Qatar should stop funding Hamas."
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "SUPPORTS"]
    assert rels and rels[0]["modality"] == "recommended" and rels[0]["polarity"] == "negative"


def test_may_hedges(extract_text):
    text = "Iran may be supplying drones to the Houthis."
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "SUPPORTS"]
    assert rels and rels[0]["modality"] == "hedged"


def test_reportedly_reports(extract_text):
    text = "Russia reportedly sent fighters to help the Syrian army."
    rels = [r for r in extract_text(text)["relations"] if r["predicate"] == "SUPPORTS"]
    assert rels and rels[0]["modality"] == "reported"


def test_since_attribute_from_year_of_beginning(extract_text):
    text = "Iyad Ag Ghaly founded Ansar Dine in 2012. JNIM has been active in Burkina Faso since 2016."
    rels = {(r["predicate"], r["attributes"].get("since")) for r in extract_text(text)["relations"]}
    assert ("LEADER_OF", "2012") in rels
    assert ("OPERATES_IN", "2016") in rels

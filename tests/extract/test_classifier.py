"""The learned relation classifier and how it joins the rules (extract/classifier.py)."""

from __future__ import annotations

import json

import pytest

from allegiance.errors import BadInput, InvalidData
from allegiance.extract import classifier
from allegiance.extract.classifier import MODES, combine, load_model, variant_for
from allegiance.extract.document import extract_parsed, run_stages
from allegiance.model import Document


def _run(nlp, text, mode, min_confidence=0.0):
    out = extract_parsed(Document("t", text), nlp(text), mode, min_confidence).to_dict()
    names = {e["id"]: e["name"] for e in out["entities"]}
    return {(names[r["subject"]], r["predicate"], names[r["object"]]): r
            for r in out["relations"]}


@pytest.mark.parametrize("name", ["model", "combined"])
def test_shipped_variants_load_with_calibration_and_threshold(name):
    v = load_model(name)
    assert v.labels and len(v.bias) == len(v.labels)
    assert 0.0 < v.threshold < 1.0 and 0.0 <= v.rule_prior <= 1.0
    for xs, ys in v.calibration.values():  # isotonic: steps rise, probabilities never fall
        assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
        assert all(0.0 <= y <= 1.0 for y in ys)
    assert v.uses_rules == (name == "combined")


def test_rules_mode_is_the_rules_alone(nlp):
    text = "Iran provides weapons to the Houthis in Yemen."
    st = run_stages(nlp(text), with_pairs=False)
    assert st.pairs == []
    assert set(_run(nlp, text, "rules")) == {
        (st.ents.records[r.subject].name, r.predicate, st.ents.records[r.object].name)
        for r in st.rules}


def test_combined_keeps_every_rule_relation_with_a_probability(nlp):
    text = ("Jama'at Nusrat al-Islam wal-Muslimin, al-Qaeda's affiliate in the Sahel, "
            "attacked soldiers in Burkina Faso.")
    rules = _run(nlp, text, "rules")
    combined = _run(nlp, text, "combined")
    assert set(rules) <= set(combined)
    for rel in combined.values():
        assert 0.0 <= rel["confidence"] <= 1.0


@pytest.mark.parametrize("text,expected", [
    ("Fighters of Ansar Allah seized the port city of Hodeidah in 2014.",
     ("Houthis", "OPERATES_IN", "Hodeidah")),
    ("Abubakar Shekau, the leader of Boko Haram, was killed in 2021.",
     ("Abubakar Shekau", "LEADER_OF", "Boko Haram")),
])
def test_the_model_alone_finds_relations_in_new_sentences(nlp, text, expected):
    assert expected in _run(nlp, text, "model")


def test_min_confidence_leaves_out_weaker_relations(nlp):
    text = ("The Islamic State in Somalia, which operates in Puntland, clashed with al-Shabaab "
            "and received funds from the Islamic State.")
    every = _run(nlp, text, "combined")
    cut = sorted(r["confidence"] for r in every.values())[len(every) // 2]
    kept = _run(nlp, text, "combined", min_confidence=cut)
    assert kept and set(kept) < set(every)
    assert all(r["confidence"] >= cut for r in kept.values())


def test_extraction_is_deterministic(nlp):
    text = "Hezbollah fighters backed Syrian troops near Qusayr, and Iran funded Hezbollah."
    assert _run(nlp, text, "combined") == _run(nlp, text, "combined")


def test_unknown_mode_and_broken_model_file_fail_clearly(tmp_path, monkeypatch):
    with pytest.raises(BadInput, match="unknown relation mode"):
        variant_for("neural")
    assert set(MODES) == {"rules", "model", "combined"}
    broken = tmp_path / "models" / "relations.json"
    broken.parent.mkdir()
    broken.write_text(json.dumps({"labels": []}))
    monkeypatch.setattr(classifier, "data_path", lambda name: tmp_path / name)
    load_model.cache_clear()
    try:
        with pytest.raises(InvalidData, match="not a relation model"):
            load_model("model")
        broken.unlink()
        with pytest.raises(InvalidData, match="missing model file"):
            load_model("model")
    finally:
        load_model.cache_clear()


def test_combine_without_a_variant_returns_the_rules_unchanged():
    assert combine([], [], {}, None) == []

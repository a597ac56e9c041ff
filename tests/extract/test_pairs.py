"""Entity pairs sharing a sentence and their classifier features (extract/pairs.py)."""

from __future__ import annotations

import pytest

from allegiance.extract.document import run_stages
from allegiance.extract.pairs import label


def _pairs(nlp, text):
    st = run_stages(nlp(text))
    names = {k: r.name for k, r in st.ents.records.items()}
    return {(names[p.first], names[p.second]): p for p in st.pairs}, st


def test_pairs_are_ordered_by_position_and_carry_the_path(nlp):
    pairs, _ = _pairs(nlp, "Abubakar Shekau, the leader of Boko Haram, was killed in Nigeria.")
    pair = pairs[("Abubakar Shekau", "Boko Haram")]
    assert "types=PERSON|ARMED_GROUP" in pair.features
    assert "pw=leader" in pair.features or "lca=leader" in pair.features
    assert pair.sentence.text.startswith("Abubakar Shekau")


def test_only_entities_in_one_sentence_pair_up(nlp):
    pairs, _ = _pairs(nlp, "Al-Shabaab attacked Mogadishu. Kenya sent troops to Somalia.")
    assert ("Al-Shabaab", "Kenya") not in pairs and ("Kenya", "Al-Shabaab") not in pairs
    assert ("Kenya", "Somalia") in pairs


def test_rule_findings_become_features_with_their_direction(nlp):
    pairs, st = _pairs(nlp, "Iran provides weapons to the Houthis in Yemen.")
    assert any(r.predicate == "SUPPORTS" for r in st.rules)
    assert "rule=SUPPORTS>" in pairs[("Iran", "Houthis")].rule_features


def test_semicolons_and_clauses_are_marked(nlp):
    pairs, _ = _pairs(nlp, "The army is backed by Russia; the rebels are supported by Turkey.")
    feats = pairs[("Russia", "Turkey")].features
    assert "semicolon_between" in feats


@pytest.mark.parametrize("predicate,forward,expected", [
    ("ALLY_OF", True, "ALLY_OF"), ("ALLY_OF", False, "ALLY_OF"),
    ("LEADER_OF", True, "LEADER_OF>"), ("LEADER_OF", False, "LEADER_OF<")])
def test_labels_keep_direction_only_for_asymmetric_predicates(predicate, forward, expected):
    assert label(predicate, forward) == expected


@pytest.mark.parametrize("text,first,second", [
    ("Al-Nusra is present in Idlib, in Aleppo and in Damascus.", "Idlib", "Aleppo"),
    ("Fighting spread to Kidal and Gao.", "Kidal", "Gao"),
])
def test_items_of_one_list_are_parallel(nlp, text, first, second):
    pairs, _ = _pairs(nlp, text)
    assert pairs[(first, second)].parallel and "parallel" in pairs[(first, second)].features


def test_a_place_and_its_region_are_not_parallel(nlp):
    pairs, _ = _pairs(nlp, "Gunmen attacked Kidal, in northern Mali, on Sunday.")
    assert not pairs[("Kidal", "Mali")].parallel

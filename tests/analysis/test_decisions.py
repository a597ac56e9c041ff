"""Analysts' decisions: applied on every query, kept apart from extracted data, surviving
re-extraction."""

from __future__ import annotations

import pytest

from allegiance import api
from allegiance.analysis.graph import Graph
from allegiance.analysis.neighbors import neighbors
from allegiance.errors import BadInput, NotFound

from sample_graph import extractions


@pytest.fixture
def db(store):
    return store.db


def test_merge_folds_entities_and_their_relations(db):
    api.review_merge(db, "JNIM", "Nusrat al-Islam", note="same group")
    graph = Graph(api.Store.open(db))
    [jnim] = graph.entities(["jnim"])
    [other] = jnim["merged_from"]
    assert other != "jnim" and "Nusrat al-Islam" in jnim["aliases"]
    assert graph.find("Nusrat al-Islam") == ["jnim"]
    assert ("mali", "ALLY_OF") in {(n["id"], n["predicate"])
                                   for n in neighbors(graph, "JNIM")["neighbors"]}
    assert all(e["id"] != other for e in graph.entities())
    with pytest.raises(BadInput, match="already one entity"):
        api.review_merge(db, "JNIM", "Nusrat al-Islam")


def test_reject_and_confirm(db):
    api.review_relation(db, "reject", "JNIM", "ALLY_OF", "ISGS")
    api.review_relation(db, "confirm", "ISGS", "HOSTILE_TO", "JNIM")  # symmetric: either order
    found = api.neighbors(db, "JNIM")["neighbors"]
    assert "ALLY_OF" not in {n["predicate"] for n in found}
    assert {n["status"] for n in found if n["predicate"] == "HOSTILE_TO"} == {"confirmed"}
    with pytest.raises(BadInput, match="no relation"):
        api.review_relation(db, "reject", "JNIM", "SUPPORTS", "ISGS")
    with pytest.raises(BadInput, match="unknown predicate"):
        api.review_relation(db, "reject", "JNIM", "FRIENDS_WITH", "ISGS")


def test_reliability_grades_sources(db):
    api.review_reliability(db, "Think Tank", "b")
    with pytest.raises(BadInput, match="A-F"):
        api.review_reliability(db, "Think Tank", "G")
    ally = next(n for n in api.neighbors(db, "al-Shabaab")["neighbors"]
                if n["predicate"] == "PART_OF")
    assert ally["evidence"][0]["reliability"] == "B"


def test_split_moves_alias_evidence_to_a_new_entity(db, tmp_path):
    # "Nusrat al-Islam" was merged into JNIM by the analyst, then split off again by alias
    api.review_merge(db, "JNIM", "Nusrat al-Islam")
    with pytest.raises(BadInput, match="not an alias"):
        api.review_split(db, "JNIM", "Boko Haram")
    api.review_split(db, "JNIM", "Nusrat al-Islam", name="Nusrat al-Islam faction")
    graph = Graph(api.Store.open(db))
    [new_id] = graph.find("Nusrat al-Islam faction")
    assert new_id == "nusrat-al-islam-faction"
    assert [(n["id"], n["predicate"]) for n in neighbors(graph, new_id)["neighbors"]] \
        == [("mali", "ALLY_OF")]


def test_withdraw_undoes_a_decision(db):
    first = api.review_relation(db, "reject", "JNIM", "ALLY_OF", "ISGS")
    api.review_withdraw(db, first)
    assert "ALLY_OF" in {n["predicate"] for n in api.neighbors(db, "JNIM")["neighbors"]}
    with pytest.raises(NotFound):
        api.review_withdraw(db, first)
    assert [d["active"] for d in api.review_list(db, include_withdrawn=True)] == [False]


def test_decisions_survive_reextraction(store):
    api.review_merge(store.db, "JNIM", "Nusrat al-Islam")
    api.review_relation(store.db, "reject", "JNIM", "ALLY_OF", "ISGS")
    before = store.counts()
    for extraction in extractions():  # every document extracted again
        store.replace_extraction(extraction, pipeline="v2")
    assert store.counts() == before
    found = neighbors(Graph(store), "JNIM")["neighbors"]
    assert ("mali", "ALLY_OF") in {(n["id"], n["predicate"]) for n in found}  # merge held
    assert ("isgs", "ALLY_OF") not in {(n["id"], n["predicate"]) for n in found}  # rejected


def test_decisions_find_entities_by_name_when_ids_changed(store):
    # decisions recorded against ids that a newer pipeline no longer produces
    store.add_decision("merge", {"into": {"id": "jama-at-nasr", "name": "JNIM"},
                                 "other": {"id": "nai", "name": "Nusrat al-Islam"}})
    store.add_decision("reject", {"subject": {"id": "old-1", "name": "ISGS"},
                                  "predicate": "HOSTILE_TO",
                                  "object": {"id": "old-2", "name": "JNIM"}})
    graph = Graph(store)
    assert graph.decisions.unresolved == []
    found = {(n["id"], n["predicate"]) for n in neighbors(graph, "JNIM")["neighbors"]}
    assert ("mali", "ALLY_OF") in found and ("isgs", "HOSTILE_TO") not in found

"""Queries over the decided graph: neighbours, paths, timeline, diff, brokers, blocs,
contradictions and the dossier."""

from __future__ import annotations

import pytest

from allegiance.analysis.contradictions import contradictions
from allegiance.analysis.diff import diff
from allegiance.analysis.dossier import dossier
from allegiance.analysis.graph import Graph
from allegiance.analysis.neighbors import neighbors
from allegiance.analysis.network import blocs, brokers
from allegiance.analysis.paths import hop_cost, paths
from allegiance.analysis.timeline import timeline
from allegiance.errors import NotFound


def test_neighbors_filters(store):
    graph = Graph(store)
    found = neighbors(graph, "JNIM")["neighbors"]
    allies = [n for n in found if n["predicate"] == "ALLY_OF"]
    assert [(n["id"], n["modality"], n["first_seen"], n["direction"]) for n in allies] == [
        ("isgs", "asserted", "2018-05-22", "both"), ("isgs", "reported", "2019-09-30", "both")]
    assert all(n["conflicts"] == [] for n in allies)  # asserted and reported agree
    enemy = next(n for n in found if n["predicate"] == "HOSTILE_TO")
    assert enemy["evidence_count"] == 2 and enemy["document_count"] == 2
    supports = neighbors(graph, "Iran")["neighbors"]
    assert {(n["modality"], len(n["conflicts"])) for n in supports} == {("asserted", 1),
                                                                        ("denied", 1)}
    leader = next(n for n in found if n["predicate"] == "LEADER_OF")
    assert leader["direction"] == "in" and leader["id"] == "iyad-ag-ghaly"
    assert [n["predicate"] for n in neighbors(graph, "JNIM", since="2020-01-01")["neighbors"]] \
        == ["HOSTILE_TO"]
    assert [(n["id"], n["predicate"]) for n in neighbors(
        graph, "JNIM", min_evidence=2)["neighbors"]] == [("isgs", "HOSTILE_TO")]
    only = neighbors(graph, "jnim", predicates=["PART_OF"])["neighbors"]
    assert [(n["id"], n["direction"]) for n in only] == [("al-qaeda", "out")]
    with pytest.raises(NotFound):
        neighbors(graph, "Boko Haram")


def test_paths_cross_theatres_with_evidence(store):
    result = paths(Graph(store), "JNIM", "Houthis", k=2, max_hops=4)
    first = result["paths"][0]
    assert first["nodes"] == ["jnim", "al-qaeda", "al-shabaab", "houthis"]
    assert first["length"] == 3 and first["cost"] == pytest.approx(3 * hop_cost(1))
    assert all(hop["relations"][0]["evidence"][0]["sentence"] for hop in first["hops"])
    assert paths(Graph(store), "JNIM", "Houthis", max_hops=2)["paths"] == []


def test_paths_ignore_denied_links(store):
    # Iran—Houthis is denied in 2020 but asserted in 2024: one link, the asserted one
    hop = paths(Graph(store), "Iran", "Houthis")["paths"][0]["hops"][0]
    assert [r["modality"] for r in hop["relations"]] == ["asserted"]


def test_timeline_orders_relations_events_and_claims(store):
    items = timeline(Graph(store), "JNIM")["items"]
    dates = [i["date"] for i in items]
    assert dates == sorted(dates)
    assert {"relation", "event"} <= {i["kind"] for i in items}
    event = next(i for i in items if i["kind"] == "event")
    assert event["date"] == "2020-03-03" and event["place"] == "menaka"
    houthis = timeline(Graph(store), "Houthis")["items"]
    assert any(i["kind"] == "claim" and i["claim"] == "denial" for i in houthis)


def test_diff_finds_appeared_disappeared_and_flipped(store):
    result = diff(Graph(store), "2019-12-31", "2020-01-01")
    appeared = {(r["subject"], r["predicate"], r["object"]) for r in result["appeared"]}
    disappeared = {(r["subject"], r["predicate"], r["object"]) for r in result["disappeared"]}
    assert ("houthis", "ALLY_OF", "al-shabaab") in {
        (min(s, o), p, max(s, o)) if p == "ALLY_OF" else (s, p, o) for s, p, o in appeared} \
        or ("al-shabaab", "ALLY_OF", "houthis") in appeared
    assert ("isgs", "ALLY_OF", "jnim") not in disappeared  # it became hostility: a flip
    [flip] = [r for r in result["flipped"] if r.get("after_predicate")]
    assert ({flip["subject"], flip["object"]}, flip["predicate"], flip["after_predicate"]) \
        == ({"jnim", "isgs"}, "ALLY_OF", "HOSTILE_TO")
    flipped = diff(Graph(store), "2020-12-31", "2021-01-01")["flipped"]
    assert [(r["subject"], r["before"]["stance"], r["after"]["stance"]) for r in flipped] \
        == [("iran", "negative", "positive")]


def test_contradictions_denial_then_evidence(store):
    found = contradictions(Graph(store))["contradictions"]
    assert [(c["kind"], c["subject"], c["predicate"], c["object"]) for c in found] \
        == [("contradicted-later", "iran", "SUPPORTS", "houthis")]
    assert found[0]["statement"]["speaker"] == "houthis"
    assert found[0]["reported"]["evidence"][0]["published"] == "2024-01-12"
    assert contradictions(Graph(store), "JNIM")["contradictions"] == []


def test_brokers_and_blocs(store):
    top = brokers(Graph(store))["brokers"]
    assert top[0]["id"] == "al-qaeda"
    result = blocs(Graph(store))
    members = [{m["id"] for m in b["members"]} for b in result["blocs"]]
    assert any({"jnim", "isgs", "iyad-ag-ghaly"} <= m for m in members)
    assert any({"al-qaeda", "aqap"} <= m for m in members)
    assert sum(len(m) for m in members) == len(set().union(*members))
    assert all("menaka" not in m for m in members)  # places are not actors


def test_dossier_sections(store):
    data = dossier(Graph(store), "jnim")
    sections = data["sections"]
    assert [x["id"] for x in sections["leaders"]] == ["iyad-ag-ghaly"]
    assert [x["id"] for x in sections["parents"]] == ["al-qaeda"]
    assert [x["id"] for x in sections["areas"]] == ["menaka"]
    assert {x["id"] for x in sections["enemies"]} == {"isgs"}
    assert data["event_count"] == 1 and data["strongest"][0]["predicate"] == "HOSTILE_TO"
    assert [x["id"] for x in dossier(Graph(store), "al-Qaeda")["sections"]["affiliates"]] \
        == ["al-shabaab", "aqap", "jnim"]

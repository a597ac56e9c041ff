"""GraphML and GEXF read back with networkx's own readers."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from allegiance.export import export_graph

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.fixture(params=["graphml", "gexf"])
def network(request, sahel, tmp_path):
    fmt = request.param
    path = export_graph(sahel, fmt, tmp_path / f"sahel.{fmt}")[0]
    return fmt, READERS[fmt](path)


def test_nodes_and_edges(network, node_ids, sahel):
    fmt, g = network
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == node_ids  # the stub for al-qaeda included
    assert g.number_of_edges() == len(sahel["relations"]) == 10


def test_node_attributes(network):
    _, g = network
    jnim = g.nodes["jnim"]
    assert jnim["type"] == "ARMED_GROUP"
    assert jnim["name"] == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert jnim["aliases"] == "JNIM | Group for the Support of Islam and Muslims"
    assert jnim["wikidata"] == "Q900001"
    assert jnim["mention_count"] == 9
    menaka = g.nodes["menaka"]
    assert menaka["lat"] == pytest.approx(15.918) and menaka["lon"] == pytest.approx(2.402)
    assert menaka["country"] == "ML" and menaka["name"] == "Ménaka"
    assert "lat" not in g.nodes["mopti"]  # unknown numbers are left out, never None
    assert g.nodes["al-qaeda"]["stub"] is True and g.nodes["jnim"]["stub"] is False


def _edge(g, relation_id):
    found = [(u, v, d) for u, v, d in g.edges(data=True) if d["relation_id"] == relation_id]
    assert len(found) == 1, relation_id
    return found[0]


def test_edge_attributes_and_evidence(network):
    _, g = network
    u, v, d = _edge(g, "3")
    assert (u, v) == ("jnim", "isgs")
    assert d["predicate"] == "HOSTILE_TO" and d["modality"] == "reported"
    assert d["confidence"] == pytest.approx(0.8)
    assert d["evidence_count"] == 2 and d["document_count"] == 2
    assert d["first_seen"] == "2022-06-01" and d["last_seen"] == "2022-08-15"
    assert d["symmetric"] is True
    evidence = json.loads(d["evidence"])
    assert [e["document_id"] for e in evidence] == ["doc-1", "doc-2"]
    assert evidence[1]["title"] == "Jihadist rivals fight over Ménaka"
    assert evidence[0]["url"].startswith("https://www.reuters.com/")
    assert evidence[0]["sentence"] in d["evidence_text"] and " || " in d["evidence_text"]

    _, _, negative = _edge(g, "4")
    assert negative["polarity"] == "negative" and negative["predicate"] == "ALLY_OF"
    _, _, promised = _edge(g, "7")
    assert promised["modality"] == "promised"
    _, _, support = _edge(g, "6")
    assert support["kind"] == "fighters"
    _, _, leader = _edge(g, "2")
    assert leader["role"] == "emir" and leader["status"] == "confirmed"


def test_symmetric_relation_is_one_edge(network):
    _, g = network
    hostile = [(u, v) for u, v, d in g.edges(data=True) if d["relation_id"] == "3"]
    assert hostile == [("jnim", "isgs")]
    assert not g.has_edge("isgs", "jnim")


def test_relation_without_id_or_evidence(network):
    _, g = network
    edges = list(g.get_edge_data("minusma", "mopti").values())
    assert len(edges) == 1
    assert edges[0]["relation_id"].startswith("relation-")
    assert json.loads(edges[0]["evidence"]) == [] and edges[0]["evidence_count"] == 0
    assert "confidence" not in edges[0]


def test_gexf_edge_ids_are_relation_ids(sahel, tmp_path):
    text = export_graph(sahel, "gexf", tmp_path / "g.gexf")[0].read_text(encoding="utf-8")
    assert 'id="3"' in text and 'label="Ménaka"' in text
    assert "NetworkX" not in text  # no library version in the file

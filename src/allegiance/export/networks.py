"""GraphML and GEXF, for Gephi, yEd, Cytoscape, networkx, igraph.

One node per entity (stubs included, ``stub=True``), one directed edge per relation, keyed by the
relation id; a symmetric predicate (ALLY_OF, HOSTILE_TO, NEGOTIATES_WITH) is one edge, written
subject -> object as stored, with ``symmetric=True`` so that a tool can treat it as undirected.

Node attributes: label (= name), type, name, aliases (joined by " | "), wikidata, lat, lon,
country, mention_count, document_count, stub. Edge attributes: relation_id, label and predicate,
polarity, modality, confidence, status, evidence_count, document_count, documents, sources,
first_seen, last_seen, kind, role, symmetric, weight (= evidence count, for layouts), ``evidence``
(a JSON list of {document_id, title, url, published, sentence, start, end}) and ``evidence_text``
(the sentences joined by " || "). Text attributes are always present ("" when unknown); numbers
are left out when unknown, since neither format has a null.

Both files are byte-identical for the same graph: nodes and edges are added in id order, and the
GEXF ``lastmodifieddate`` is the export's ``created`` date rather than today's.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ._common import Graph, created_time, dumps, prepare

__all__ = ["build_network", "write_graphml", "write_gexf"]


def _node_attributes(entity: dict) -> dict:
    attrs = {
        "label": entity["name"],
        "type": entity["type"],
        "name": entity["name"],
        "aliases": " | ".join(entity["aliases"]),
        "wikidata": entity["wikidata"],
        "country": entity["country"],
        "stub": bool(entity["stub"]),
    }
    for key in ("lat", "lon"):
        if entity[key] is not None:
            attrs[key] = float(entity[key])
    for key in ("mention_count", "document_count"):
        if entity[key] is not None:
            attrs[key] = int(entity[key])
    return attrs


def _evidence(graph: Graph, rel: dict) -> list[dict]:
    items = []
    for ev in rel["evidence"]:
        doc = graph.documents.get(ev["document_id"], {})
        items.append({
            "document_id": ev["document_id"],
            "title": doc.get("title", ""),
            "url": doc.get("url", ""),
            "published": ev["published"],
            "sentence": ev["sentence"],
            "start": ev["start"],
            "end": ev["end"],
        })
    return items


def _edge_attributes(graph: Graph, rel: dict) -> dict:
    evidence = _evidence(graph, rel)
    attrs = {
        "relation_id": rel["key"],
        "label": rel["predicate"],
        "predicate": rel["predicate"],
        "polarity": rel["polarity"],
        "modality": rel["modality"],
        "status": rel["status"],
        "evidence_count": int(rel["evidence_count"]),
        "document_count": len(rel["documents"]),
        "documents": " | ".join(rel["documents"]),
        "sources": " | ".join(rel["sources"]),
        "first_seen": rel["first_seen"],
        "last_seen": rel["last_seen"],
        "kind": rel["kind"],
        "role": rel["role"],
        "symmetric": bool(rel["symmetric"]),
        "weight": float(max(1, rel["evidence_count"])),
        "evidence": dumps(evidence),
        "evidence_text": " || ".join(item["sentence"].strip() for item in evidence),
    }
    if rel["confidence"] is not None:
        attrs["confidence"] = float(rel["confidence"])
    return attrs


def build_network(graph: dict | Graph) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph carrying the attributes listed in the module docstring."""
    prepared = graph if isinstance(graph, Graph) else prepare(graph)
    network = nx.MultiDiGraph(name="Allegiance", format="allegiance-graph/1")
    for entity in prepared.entity_list():
        network.add_node(entity["id"], **_node_attributes(entity))
    for rel in prepared.relations:
        network.add_edge(rel["subject"], rel["object"], key=rel["key"], **_edge_attributes(prepared, rel))
    return network


def write_graphml(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write ``out`` as GraphML (key ids are the attribute names, edge ids the relation ids)."""
    network = build_network(prepare(graph))
    nx.write_graphml_xml(network, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return [Path(out)]


def write_gexf(graph: dict, out: Path, *, created: datetime | date | None = None) -> list[Path]:
    """Write ``out`` as GEXF 1.2 (edge ids are the relation ids; ``lastmodifieddate`` from ``created``)."""
    prepared = prepare(graph)
    network = build_network(prepared)
    for _, _, key, data in network.edges(keys=True, data=True):
        data["id"] = key  # the GEXF edge id is the relation id, not a counter
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", created_time(prepared, created).date().isoformat())
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "Allegiance"
        description = meta.find("description")
        if description is None:
            description = meta.makeelement("description", {})
            meta.append(description)
        description.text = "Evidence-backed knowledge graph of armed groups (allegiance-graph/1)"
    writer.add_graph(network)
    with open(out, "wb") as handle:
        writer.write(handle)
    return [Path(out)]

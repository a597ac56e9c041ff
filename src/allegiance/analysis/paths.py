"""Evidence-backed paths between two entities: how is A linked to B, hop by hop, with the
sentences that support each hop.

The search is bidirectional and runs in the store: balls of relations are grown around A and
around B (always the smaller side first) until their radii add up to `max_hops`; every path of
at most `max_hops` hops lies in their union, which is then searched for the k shortest paths.
A hop costs 1 / log2(1 + evidence count): one sentence costs 1, three cost 0.5, fifteen 0.25,
so better-evidenced chains come first. Denied or negated relations are not links.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

import networkx as nx

from .graph import Graph, stance

MAX_EXPANSION = 20_000  # nodes a ball may reach before the search stops growing it


def hop_cost(evidence_count: int) -> float:
    return 1.0 / math.log2(1 + max(evidence_count, 1))


def paths(graph: Graph, source: str, target: str, *, k: int = 3, max_hops: int = 4,
          predicates: list[str] | None = None, evidence_per_hop: int = 2) -> dict[str, Any]:
    """The k cheapest simple paths of at most `max_hops` hops from `source` to `target`."""
    a, b = graph.resolve(source), graph.resolve(target)
    names = graph.names({a, b})
    result: dict[str, Any] = {"source": {"id": a, "name": names[a]},
                              "target": {"id": b, "name": names[b]}, "paths": []}
    if a == b:
        return result
    links = _ball_links(graph, a, b, max_hops, predicates)
    net = nx.Graph()
    for (u, v), rels in sorted(links.items()):
        best = max(r["evidence_count"] for r in rels)
        net.add_edge(u, v, weight=hop_cost(best))
    if a not in net or b not in net:
        return result
    # only nodes on some path of at most max_hops hops can matter: prune before searching
    from_a = nx.single_source_shortest_path_length(net, a, cutoff=max_hops)
    from_b = nx.single_source_shortest_path_length(net, b, cutoff=max_hops)
    net = net.subgraph([n for n in from_a if n in from_b and from_a[n] + from_b[n] <= max_hops])
    if b not in net:
        return result
    found = []
    try:
        candidates = nx.shortest_simple_paths(net, a, b, weight="weight")
        for nodes in islice(candidates, 50 * k):
            if len(nodes) - 1 <= max_hops:
                found.append(nodes)
            if len(found) == k:
                break
    except nx.NetworkXNoPath:
        pass
    if not found:
        return result
    hop_ids = {tuple(sorted(pair)) for nodes in found for pair in zip(nodes, nodes[1:])}
    wanted = {i for pair in hop_ids for r in links[pair] for i in r["relation_ids"]}
    detail = {r["id"]: r for r in graph.relations(set().union(*hop_ids), relation_ids=wanted)}
    names = graph.names(set().union(*found))
    for nodes in found:
        hops, cost = [], 0.0
        for u, v in zip(nodes, nodes[1:]):
            rels = sorted((detail.get(r["id"], r) for r in links[tuple(sorted((u, v)))]),
                          key=lambda r: (-r["evidence_count"], r["predicate"], r["id"]))
            cost += hop_cost(rels[0]["evidence_count"])
            hops.append({"from": u, "from_name": names[u], "to": v, "to_name": names[v],
                         "relations": [{
                             "subject": r["subject"], "predicate": r["predicate"],
                             "object": r["object"], "polarity": r["polarity"],
                             "modality": r["modality"], "evidence_count": r["evidence_count"],
                             "first_seen": r["first_seen"], "last_seen": r["last_seen"],
                             "evidence": [{k: e.get(k) for k in (
                                 "document_id", "published", "source", "sentence")}
                                 for e in r.get("evidence", [])[:evidence_per_hop]]}
                             for r in rels]})
        result["paths"].append({"length": len(hops), "cost": round(cost, 4),
                                "nodes": nodes, "hops": hops})
    return result


def _ball_links(graph: Graph, a: str, b: str, max_hops: int,
                predicates: list[str] | None) -> dict[tuple[str, str], list[dict[str, Any]]]:
    links: dict[tuple[str, str], list[dict[str, Any]]] = {}
    known: set[int] = set()
    seen = {a: {a}, b: {b}}
    frontier = {a: {a}, b: {b}}
    radius = {a: 0, b: 0}
    while radius[a] + radius[b] < max_hops:
        side = min((a, b), key=lambda s: (len(frontier[s]), s != a))
        if not frontier[side]:
            side = b if side == a else a
            if not frontier[side]:
                break
        grown: set[str] = set()
        for rel in _links_of(graph, frontier[side], predicates):
            pair = tuple(sorted((rel["subject"], rel["object"])))
            if rel["id"] not in known:
                known.add(rel["id"])
                links.setdefault(pair, []).append(rel)
            for node in pair:
                if node not in seen[side]:
                    grown.add(node)
        seen[side] |= grown
        frontier[side] = grown
        radius[side] += 1
        if len(seen[side]) > MAX_EXPANSION:
            break
    return links


def _links_of(graph: Graph, nodes: set[str], predicates: list[str] | None
              ) -> list[dict[str, Any]]:
    rows = graph.links(nodes, predicates)
    return [r for r in rows if stance(r["polarity"], r["modality"]) != "negative"]

"""Whole-network measures: brokers (betweenness centrality) and blocs (communities).

Both read the graph as decided, as an undirected weighted network of the actors (armed groups,
people, states, organisations; places are left out: being named in the same province does not
make two groups partners). A link's weight is its evidence count.

- Brokers: who sits on the shortest paths between others (networkx betweenness; on networks
  over 2,000 actors, estimated from 500 sampled sources with a fixed seed).
- Blocs: communities of cooperation (Louvain, fixed seed) over positive alliance, affiliation,
  support, allegiance, leadership and membership links; the hostile links between blocs are
  counted alongside.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .graph import Graph, stance

COOPERATION = ("ALLY_OF", "PART_OF", "SUPPORTS", "PLEDGED_ALLEGIANCE_TO", "LEADER_OF",
               "MEMBER_OF")
SPATIAL = ("OPERATES_IN", "LOCATED_IN")
SAMPLE_ABOVE = 2000
SEED = 7


def actor_network(graph: Graph, predicates: tuple[str, ...] | None = None,
                  positive_only: bool = True,
                  edges: list[dict[str, Any]] | None = None) -> nx.Graph:
    """The undirected actor network (sorted insertion, so results do not depend on storage
    order); parallel relations add their evidence to one weight. `edges` are the graph's
    edges when the caller already has them."""
    rows = [r for r in (graph.edges() if edges is None else edges)
            if r["predicate"] not in SPATIAL
            and (predicates is None or r["predicate"] in predicates)
            and (not positive_only or stance(r["polarity"], r["modality"]) == "positive")]
    labels = graph.labels({x for r in rows for x in (r["subject"], r["object"])})
    weights: dict[tuple[str, str], int] = {}
    for rel in rows:
        if "PLACE" in (labels[rel["subject"]]["type"], labels[rel["object"]]["type"]):
            continue
        pair = tuple(sorted((rel["subject"], rel["object"])))
        weights[pair] = weights.get(pair, 0) + rel["evidence_count"]
    net = nx.Graph()
    for (u, v), w in sorted(weights.items()):
        net.add_edge(u, v, weight=w, distance=1.0 / w)
    return net


def brokers(graph: Graph, top: int = 20) -> dict[str, Any]:
    """The actors with the highest betweenness (evidence-weighted distances)."""
    net = actor_network(graph)
    if net.number_of_nodes() == 0:
        return {"nodes": 0, "edges": 0, "sampled": False, "brokers": []}
    sampled = net.number_of_nodes() > SAMPLE_ABOVE
    scores = nx.betweenness_centrality(net, k=500 if sampled else None, weight="distance",
                                       seed=SEED, normalized=True)
    names = graph.names(net.nodes)
    ranked = sorted(scores.items(), key=lambda kv: (-round(kv[1], 12), kv[0]))
    return {"nodes": net.number_of_nodes(), "edges": net.number_of_edges(), "sampled": sampled,
            "brokers": [{"id": n, "name": names[n], "betweenness": round(score, 6),
                         "degree": net.degree(n),
                         "links": sorted(net.neighbors(n))[:12]}
                        for n, score in ranked[:top] if score > 0]}


def blocs(graph: Graph, min_size: int = 2) -> dict[str, Any]:
    """Communities of cooperating actors, largest first, with their hostile links."""
    edges = graph.edges()
    net = actor_network(graph, COOPERATION, edges=edges)
    hostile = actor_network(graph, ("HOSTILE_TO",), edges=edges)
    if net.number_of_nodes() == 0:
        return {"blocs": [], "hostile_links": []}
    groups = nx.community.louvain_communities(net, weight="weight", seed=SEED)
    groups = sorted((sorted(g) for g in groups if len(g) >= min_size),
                    key=lambda g: (-len(g), g[0]))
    names = graph.names(net.nodes)
    member = {n: i for i, g in enumerate(groups) for n in g}
    between: dict[tuple[int, int], int] = {}
    for u, v in hostile.edges:
        if u in member and v in member and member[u] != member[v]:
            pair = tuple(sorted((member[u], member[v])))
            between[pair] = between.get(pair, 0) + 1
    out = []
    for i, group in enumerate(groups):
        sub = net.subgraph(group)
        core = max(group, key=lambda n: (sub.degree(n, weight="weight"), n))
        out.append({"bloc": i + 1, "size": len(group), "core": core, "core_name": names[core],
                    "members": [{"id": n, "name": names[n]} for n in group],
                    "internal_links": sub.number_of_edges()})
    return {"blocs": out, "hostile_links": [{"blocs": [a + 1, b + 1], "links": n}
                                            for (a, b), n in sorted(between.items())]}

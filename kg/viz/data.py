"""What a page shows, as JSON-ready data in a deterministic order (``view_data``): its nodes
and edges, the legend, and the documents and sentences their evidence refers to."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from ..settings import Settings
from ..terms import CLUSTER, COOPERATES, DEVELOPS, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT
from .attributes import attribute_rows, quantity_rows
from .evidence import graph_evidence
from .focus import FOCUS_NEIGHBOURS, shown_nodes
from .layouts import start_layout
from .overview import containers
from .provenance import Docs, add_assertions, add_mentions

# Entity types in legend order: (class, Chinese name, colour, vis shape). The first of an
# entity's types in this order decides its colour and shape.
TYPES = (
    (DISTRICT, "行政区", "#4E79A7", "hexagon"),
    (PARK, "园区", "#59A14F", "square"),
    (CLUSTER, "产业集群", "#F28E2B", "diamond"),
    (PROJECT, "项目", "#E15759", "triangle"),
    (ORG, "机构", "#9C6ADE", "dot"),
)
# Relations: (property, Chinese label, colour, directed).
RELATIONS = (
    (LOCATED_IN, "位于", "#7F8C9A", True),
    (DEVELOPS, "发展产业", "#E8A25C", True),
    (COOPERATES, "合作", "#3FA7A0", False),
)
_TYPE_INDEX = {t[0]: k for k, t in enumerate(TYPES)}


def view_data(graph, *, title: str, settings: Settings = Settings(), focus: str | None = None,
              depth: int = 1, where: str = "the graph", evidence=None) -> dict:
    """Everything the page shows, as a JSON-ready dict with deterministic order.

    ``nodes[i]``: ``l`` label, ``t`` index into ``types``, ``s`` size, ``d`` degree, ``x``/``y``
    seeded layout (kept when ``static``, else where the physics starts), ``i`` IRI,
    ``ty`` all types, ``al`` aliases, ``lv`` a district's level, ``at`` attribute rows,
    ``m`` mentions ``[doc, sentence, from, to]`` (UTF-16 offsets into the sentence), ``mx`` left out.
    ``edges[j]``: ``f``/``t`` node indices, ``r`` index into ``relations``, ``p`` assertions
    ``[doc, sentence, from, to, confidence, rule]``, ``px`` left out.

    ``overview``: the page opens on the overview (more than ``Settings.viz_overview_over`` nodes and
    no focus); ``nodes[i].p`` is then the node's container (overview.py), left out at the top.
    ``documents``: ``[title, date]`` of every document, by date; ``nodes[i].dc`` and ``edges[j].dc``
    the documents (indexes into it) that mention the entity or assert the relation, for the filters.
    ``hidden``: for a focus view, ``[node, neighbours left out]`` of the nodes whose neighbours were cut.

    ``evidence`` gives the mentions and assertions (see ``graph_evidence``); by default they are
    read from ``graph``. The build passes them from its records, its graph holding only entities.
    """
    from ..assemble import entity_table
    from ..vocab import KG

    table = entity_table(graph)
    rel_index = {r[0]: k for k, r in enumerate(RELATIONS)}
    iris = sorted(table)
    pos = {iri: k for k, iri in enumerate(iris)}
    triples = sorted({(pos[h], rel_index[r], pos[t]) for r, _, _, _ in RELATIONS
                      for h, t in graph.subject_objects(KG[r]) if h in pos and t in pos})
    degree = Counter()
    for h, _, t in triples:
        degree[h] += 1
        degree[t] += 1

    keep, focus_nodes, total, hidden = shown_nodes(table, iris, triples, degree, focus=focus, depth=depth,
                                                   where=where, max_nodes=settings.viz_max_nodes)
    note = None
    if hidden:
        note = _hidden_note(hidden, table, iris, focus_nodes)
    elif len(keep) < total:
        note = (f"图中共有 {total:,} 个实体，这里只显示关系最多的 {len(keep):,} 个；"
                f"用 kg viz --focus 名称 查看某个实体的周边。")
    new = {old: k for k, old in enumerate(keep)}
    edges_idx = [(new[h], r, new[t]) for h, r, t in triples if h in new and t in new]
    # Every view starts from a seeded layout: large ones keep it (physics off), small ones let
    # vis-network's physics polish it for a few dozen steps, so the first frame comes fast.
    positions = start_layout(len(keep), [(h, t) for h, _, t in edges_idx],
                             root=new[focus_nodes[0]] if focus_nodes and focus_nodes[0] in new else None)

    if evidence is None:       # a focused or cut view needs the evidence of its own nodes only
        evidence = graph_evidence(graph, [iris[k] for k in keep] if 2 * len(keep) <= len(iris) else None)
    nodes, edges, docs, documents = _with_evidence(graph, evidence, table, iris, keep, degree, edges_idx)
    overview = focus is None and len(nodes) > settings.viz_overview_over
    if overview:
        parent = containers({iris[old]: table[iris[old]] for old in keep}, [iris[old] for old in keep],
                            edges_idx, [degree[old] for old in keep], rel_index)
        for node, p in zip(nodes, parent):
            if p >= 0:
                node["p"] = p

    static = len(nodes) > settings.viz_static_over
    for node, (x, y) in zip(nodes, positions()):
        node["x"], node["y"] = x, y
    type_counts = Counter(n["t"] for n in nodes)
    rel_counts = Counter(e["r"] for e in edges)
    return {
        "title": title,
        "note": note,
        "static": static,
        "overview": overview,
        "hidden": [[new[k], n] for k, n in sorted(hidden.items()) if k in new],
        "documents": [[title, date] for _, title, date in documents],
        "focus": [new[k] for k in focus_nodes if k in new],
        "types": [{"key": k, "name": zh, "color": c, "shape": s, "count": type_counts[i]}
                  for i, (k, zh, c, s) in enumerate(TYPES)],
        "relations": [{"key": k, "name": zh, "color": c, "arrow": d, "count": rel_counts[i]}
                      for i, (k, zh, c, d) in enumerate(RELATIONS)],
        "nodes": nodes,
        "edges": edges,
        "docs": docs.items,
        "sentences": docs.sentences,
        "total": total,
        "corpus": _corpus_summary(graph),
    }


def _with_evidence(graph, evidence, table: dict, iris: list, keep: list[int], degree, edges_idx):
    """(nodes, edges, docs, documents): the page's nodes and edges with their evidence, report
    dates and documents (``dc``); the evidence's tables; every document, by date."""
    mentions, assertions, quantities = evidence
    rows = quantity_rows(quantities)
    docs = Docs(graph)
    nodes = [_node(iris[old], table[iris[old]], degree[old], rows.get(iris[old], [])) for old in keep]
    node_index = {iris[old]: k for k, old in enumerate(keep)}
    node_docs, edge_docs = defaultdict(set), defaultdict(set)
    add_mentions(_noting(mentions, node_docs), nodes, node_index, docs)
    edges = [{"f": h, "t": t, "r": r} for h, r, t in edges_idx]
    edge_index = {(iris[keep[e["f"]]], RELATIONS[e["r"]][0], iris[keep[e["t"]]]): k for k, e in enumerate(edges)}
    add_assertions(_noting(assertions, edge_docs), edges, edge_index, docs)
    _add_dates(nodes, docs)
    documents = _documents(graph)
    _add_documents(nodes, node_index, node_docs, documents)
    _add_documents(edges, edge_index, edge_docs, documents)
    return nodes, edges, docs, documents


def _noting(evidence, found: dict):
    """Pass ``evidence`` through, noting the documents of each entity (or relation) in ``found``."""
    for item in evidence:
        found[item[0]].add(item[1])
        yield item


def _documents(graph) -> list[tuple]:
    """Every document as ``(IRI, title, date)``, by date (undated last), title, IRI."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from ..vocab import KG

    docs = [(d, str(graph.value(d, DCTERMS.title) or ""), str(graph.value(d, DCTERMS.date) or ""))
            for d in set(graph.subjects(RDF.type, KG.Document))]
    return sorted(docs, key=lambda d: (d[2] == "", d[2], d[1], str(d[0])))


def _add_documents(items: list[dict], index: dict, found: dict, documents: list[tuple]) -> None:
    """``dc`` on each item: the sorted indexes into ``documents`` of the documents it comes from."""
    at = {iri: k for k, (iri, _, _) in enumerate(documents)}
    for key, docs in found.items():
        k = index.get(key)
        if k is not None:
            items[k]["dc"] = sorted(at[d] for d in docs if d in at)


def _hidden_note(hidden: dict, table: dict, iris: list, focus_nodes: list[int]) -> str:
    """The focus view's note: how many neighbours of which entities were left out."""
    first = sorted(hidden, key=lambda k: (k not in focus_nodes, -hidden[k], k))
    parts = [f"{table[iris[k]]['label']} 另有 {hidden[k]:,} 个相邻实体未显示" for k in first[:3]]
    more = f"等 {len(first):,} 个实体" if len(first) > 3 else ""
    return ("；".join(parts) + (f"（{more}）" if more else "") +
            f"。每个实体最多显示关系最多的 {FOCUS_NEIGHBOURS} 个相邻实体。")


def _node(iri, attrs: dict, degree: int, quantities: list[tuple[str, str, str]]) -> dict:
    """A node of the page but for its evidence and position."""
    types = [t for t in _TYPE_INDEX if t in attrs["types"]]
    node = {"l": attrs["label"], "t": _TYPE_INDEX[types[0]], "d": degree,
            "s": node_size(degree), "i": str(iri), "ty": types}
    if attrs["aliases"]:
        node["al"] = attrs["aliases"]
    if "adminLevel" in attrs:
        node["lv"] = attrs["adminLevel"]
    rows = attribute_rows(attrs, quantities)
    if rows:
        node["at"] = rows
    return node


def _add_dates(nodes: list[dict], docs: Docs) -> None:
    """A row ``报道日期`` on each node: the date (or the first and last) of its mentions' documents."""
    for node in nodes:
        dates = sorted({docs.items[m[0]]["date"] for m in node.get("m", ()) if docs.items[m[0]].get("date")})
        if dates:
            node.setdefault("at", []).append(["报道日期", dates[0] if len(dates) == 1 else f"{dates[0]} 至 {dates[-1]}"])


def _corpus_summary(graph) -> dict:
    """How many documents the graph was built from, and the first few titles (by date, title)."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from ..vocab import KG

    docs = []
    for d in set(graph.subjects(RDF.type, KG.Document)):
        title, date = graph.value(d, DCTERMS.title), graph.value(d, DCTERMS.date)
        docs.append((str(date or ""), str(title or ""), str(d)))
    titles = [t for _, t, _ in sorted(docs, key=lambda d: (d[0] == "", d)) if t]
    return {"documents": len(docs), "titles": titles[:3]}


def node_size(degree: int) -> float:
    """Node radius in px: grows with the log of the degree (10 alone, 15 at 1, 40 at 63)."""
    return round(min(10 + 5 * math.log2(1 + degree), 46.0), 1)

"""Which entities a view shows: the entity that ``kg viz --focus`` names and its neighbourhood
(all of them without a focus), at most ``Settings.viz_max_nodes``, the best-connected.

A neighbourhood through a hub (a cluster developed in 300 parks) would be nearly the whole
graph: each entity brings at most its ``FOCUS_NEIGHBOURS`` best-connected neighbours into
the next hop, and the page says how many it left out.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from ..errors import KGError

FOCUS_NEIGHBOURS = 25        # neighbours an entity brings into a focus view, the best-connected


def shown_nodes(table: dict, iris: list, triples: list[tuple[int, int, int]], degree, *, focus: str | None,
                depth: int, where: str, max_nodes: int) -> tuple[list[int], list[int], int, dict[int, int]]:
    """(the nodes shown, the focus nodes, how many nodes there were to show, the number of
    neighbours left out of each node inside the focus view's depth), nodes as indexes into
    ``iris``, the sorted keys of the entity table ``table``."""
    keep = list(range(len(iris)))
    focus_nodes: list[int] = []
    hidden: dict[int, int] = {}
    if focus is not None:
        pos = {iri: k for k, iri in enumerate(iris)}
        focus_nodes = [pos[s] for s in find_entities(table, focus, where)]
        shown, hidden = _neighbourhood(focus_nodes, triples, depth,
                                       key=lambda k: (-degree[k], table[iris[k]]["label"], k))
        keep = sorted(shown)
    total = len(keep)
    if total > max_nodes:
        keep = sorted(sorted(keep, key=lambda k: (-degree[k], table[iris[k]]["label"], iris[k]))[:max_nodes])
    return keep, focus_nodes, total, hidden


def find_entities(table: dict, focus: str, where: str = "the graph") -> list:
    """IRIs of the entities whose label or an alias is ``focus`` (NFKC, case and spaces ignored)."""
    key = _norm(focus)
    hits = sorted(s for s, a in table.items() if key in {_norm(a["label"]), *map(_norm, a["aliases"])})
    if hits:
        return hits
    names = sorted({a["label"] for a in table.values()} | {x for a in table.values() for x in a["aliases"]})
    if not names:
        raise KGError(f'no entity labelled "{focus}" in {where}: the graph has no entities; '
                      "build it from articles first")
    close = difflib.get_close_matches(focus, names, n=5, cutoff=0.0)
    raise KGError(f'no entity labelled "{focus}" in {where}; try one of: {", ".join(close)}')


def _neighbourhood(seeds: list[int], triples, depth: int, key) -> tuple[set[int], dict[int, int]]:
    """The nodes within ``depth`` hops of ``seeds``, each node bringing at most FOCUS_NEIGHBOURS
    new ones (the first by ``key``); and, for the nodes inside the depth, how many neighbours
    were left out."""
    adj = defaultdict(set)
    for h, _, t in triples:
        adj[h].add(t)
        adj[t].add(h)
    seen = set(seeds)
    frontier = sorted(set(seeds), key=key)
    inner: list[int] = []
    for _ in range(depth):
        inner += frontier
        found = []
        for u in frontier:
            new = sorted(adj[u] - seen, key=key)[:FOCUS_NEIGHBOURS]
            seen.update(new)
            found += new
        frontier = sorted(found, key=key)
    hidden = {u: len(adj[u] - seen) for u in inner if adj[u] - seen}
    return seen, hidden


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()

"""The overview's skeleton: each entity's container, the place or zone the page folds it into.

Above ``Settings.viz_overview_over`` nodes the page first draws the division hierarchy
(provinces, cities, counties) with everything else folded into the place it lies in, and
unfolds a place when clicked. The tree comes from ``locatedIn``: a district's container is
the nearest district above it, anything else's the most specific place it is located in
(a park before a county before a city). Entities located nowhere join the place most of
their neighbours are in (a company cooperating with a park belongs to the park's county);
an industrial cluster joins the lowest place that holds every entity developing it, so a
cluster developed across provinces stays at the top. Ties go to the better-connected
container, then to the smaller index: the same graph gives the same tree.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..terms import CLUSTER, DISTRICT, LOCATED_IN, PARK

LEVEL_RANK = {"village": 0, "town": 1, "county": 2, "city": 3, "province": 4}
_UNKNOWN_LEVEL = 2.5          # a district without adminLevel: above counties, below cities


def containers(table: dict, iris: list, triples, degree, rel_index: dict) -> list[int]:
    """The container of each entity (an index into ``iris``), -1 for the top of the tree.

    ``triples``: ``(head, relation index, tail)`` over indexes into ``iris``; ``rel_index``
    maps a relation property to its index."""
    n = len(iris)
    located = rel_index[LOCATED_IN]
    is_district = [DISTRICT in table[i]["types"] for i in iris]
    is_park = [PARK in table[i]["types"] for i in iris]
    rank = [_rank(table[i]) if d else -1 for i, d in zip(iris, is_district)]
    targets = defaultdict(set)
    neighbours = defaultdict(set)
    for h, r, t in triples:
        if h == t:
            continue
        if r == located:
            targets[h].add(t)
        neighbours[h].add(t)
        neighbours[t].add(h)

    def best(cands):
        return min(cands, key=lambda c: (-degree[c], c)) if cands else -1

    parent, place_of = [-1] * n, [-1] * n    # place_of: the district a non-district is located in
    for v in range(n):
        cands = targets[v]
        if is_district[v]:
            above = [c for c in cands if is_district[c] and rank[c] > rank[v]]
            low = min((rank[c] for c in above), default=None)
            parent[v] = best([c for c in above if rank[c] == low])
        elif cands:
            parks = [c for c in cands if is_park[c]]
            places = [c for c in cands if is_district[c]]
            low = min((rank[c] for c in places), default=None)
            place_of[v] = best([c for c in places if rank[c] == low])
            parent[v] = best(parks) if parks else place_of[v]
    _break_cycles(parent, place_of)
    place = _places(parent, is_district)
    clusters = [v for v in range(n) if CLUSTER in table[iris[v]]["types"] and parent[v] < 0
                and not is_district[v]]
    loose = [v for v in range(n) if parent[v] < 0 and not is_district[v] and neighbours[v]
             and v not in set(clusters)]
    for _ in range(3):                   # companies of companies of a place: a few rounds
        joined = False
        for v in loose:
            if parent[v] >= 0:
                continue
            near = Counter(place[u] for u in neighbours[v] if place[u] >= 0)
            if near:
                parent[v] = min(near, key=lambda p: (-near[p], -degree[p], p))
                place[v] = parent[v]
                joined = True
        if not joined:
            break
    for v in clusters:
        parent[v] = _lowest_common(sorted({place[u] for u in neighbours[v]}), parent)
    return parent


def _rank(attrs: dict) -> float:
    return LEVEL_RANK.get(str(attrs.get("adminLevel", "")), _UNKNOWN_LEVEL)


def _places(parent: list[int], is_district: list[bool]) -> list[int]:
    """The nearest district at or above each entity, -1 when none."""
    place = [-1] * len(parent)
    for v in range(len(parent)):
        u, steps = v, 0
        while u >= 0 and not is_district[u] and steps < len(parent):
            u, steps = parent[u], steps + 1
        place[v] = u if u >= 0 and is_district[u] else -1
    return place


def _lowest_common(places: list[int], parent: list[int]) -> int:
    """The lowest place above (or at) every one of ``places`` (-1: none) that are places; -1 when
    they share none."""
    places = [p for p in places if p >= 0]
    if not places:
        return -1
    common = _chain(places[0], parent)
    for p in places[1:]:
        mine = set(_chain(p, parent))
        common = [c for c in common if c in mine]
        if not common:
            return -1
    return common[0]


def _chain(v: int, parent: list[int]) -> list[int]:
    out = []
    while v >= 0 and len(out) <= len(parent):
        out.append(v)
        v = parent[v]
    return out


def _break_cycles(parent: list[int], fallback: list[int]) -> None:
    """Cut every cycle of containers (parks in each other) at its smallest index, which goes to
    its ``fallback`` container instead: a district, whose chain of districts cannot loop."""
    state = [0] * len(parent)           # 0 unseen, 1 on the current path, 2 done
    for s in range(len(parent)):
        path, v = [], s
        while v >= 0 and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = parent[v]
        if v >= 0 and state[v] == 1:     # closed a cycle: v .. end of path
            cycle = path[path.index(v):]
            parent[min(cycle)] = fallback[min(cycle)]
        for u in path:
            state[u] = 2

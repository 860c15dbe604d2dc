"""The map mode's data (``map_data``): each district of a view at its coordinates, sized by what sits
there and coloured by its leading clusters; kg/viz_assets/map.js draws it.

Coordinates come from kg/data/coordinates.tsv.gz (``coordinates``): cpca's seats of provinces, cities
and counties, matched to kg's division table by scripts/gen_coordinates.py. A district is placed by
its code (``id:district/<code>``): a county or city at its seat, a province at the middle of its
counties' seats (its capital would hide under the capital city's circle), a town (9-digit code) at
its county's seat, a village (no code) at the district it is located in. Towns, villages and the
divisions the table places at their parent's seat are *approximate*: the page draws them so.

What *sits* at a district: the parks, projects and companies located in it, directly or through the
parks and projects they are located in (the first district reached; a county's, not its city's).
Its clusters: those it or what sits there develops, and the clusters located there.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from ..terms import CLUSTER, DEVELOPS, DISTRICT, LOCATED_IN, ORG, PARK, PREFIXES, PROJECT

DISTRICT_IRI = re.compile(re.escape(PREFIXES["id"] + "district/") + r"(\d{6}|\d{9})$")
SITTING = (PARK, PROJECT, ORG)              # what a district's size counts
LEADING = 3                                 # clusters a district's disc shows
# colours of the clusters that lead most districts (Tableau 10 less its blue, kept for districts);
# the other clusters share OTHER
PALETTE = ("#F28E2B", "#E15759", "#59A14F", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F")
OTHER = "#C5C9CE"
# what a province's name ends with, dropped for the base layer's labels (广西壮族自治区 -> 广西)
PROVINCE_ENDS = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")


@functools.cache
def coordinates() -> dict[str, tuple[float, float, str]]:
    """Division code -> (longitude, latitude, how it was matched: code, name or parent)."""
    from ..resources import read_text

    table = {}
    for line in read_text("data", "coordinates.tsv.gz").splitlines():
        if line and not line.startswith("#"):
            code, lon, lat, how = line.split("\t")
            table[code] = (float(lon), float(lat), how)
    return table


@functools.cache
def base_layer() -> dict:
    """What the map draws under the districts: every county seat (longitude and latitude in
    hundredths of a degree, flat) and each province's short name at the middle of its seats."""
    from ..resources import read_text

    seats = {code: xy for code, xy in coordinates().items() if code[4:] != "00" and xy[2] != "parent"}
    flat = [round(v * 100) for code in sorted(seats) for v in seats[code][:2]]
    provinces = []
    for line in read_text("data", "divisions.tsv.gz").splitlines():
        if line.endswith("\tprovince\t"):
            code, name = line.split("\t")[:2]
            middle = _province_middle(code)
            if middle:
                provinces.append([PROVINCE_ENDS.sub("", name), *middle])
    return {"seats": flat, "provinces": provinces}


@functools.cache
def _province_middle(code: str) -> tuple[float, float] | None:
    """The mean longitude and latitude of a province's county seats (those cpca has)."""
    seats = [xy for c, xy in coordinates().items() if c[:2] == code[:2] and c[4:] != "00" and xy[2] != "parent"]
    if not seats:
        return None
    return (round(sum(s[0] for s in seats) / len(seats), 3), round(sum(s[1] for s in seats) / len(seats), 3))


def map_data(data: dict) -> dict:
    """The map of a view's data (``view_data``), as JSON-ready lists in a deterministic order.

    ``places``: ``[node, longitude, latitude, how, [what sits there …], [[cluster, [why …]] …]]`` per
    placed district, the largest first: the parks, projects and companies that sit there, and each
    cluster with the entities that put it there (the district, what sits there, the cluster when
    located there), the most backed first; the page counts those that pass its filters.
    ``clusters``: ``[cluster node, colour]`` of the clusters that lead the most districts (the
    rest share ``other``); ``unplaced``: how many districts have no coordinates; ``base``: see
    ``base_layer``. Entities are node indices.
    """
    nodes, edges = data["nodes"], data["edges"]
    key = [data["types"][n["t"]]["key"] for n in nodes]
    label = [n["l"] for n in nodes]
    rel = {r["key"]: k for k, r in enumerate(data["relations"])}
    located = defaultdict(list)
    for e in edges:
        if e["r"] == rel[LOCATED_IN] and e["f"] != e["t"]:
            located[e["f"]].append(e["t"])
    where = _positions(nodes, key, located)
    sits = _sitting(key, located)

    members: dict[int, list[int]] = {d: [] for d in where}
    backing: dict[int, dict[int, set[int]]] = {d: defaultdict(set) for d in where}
    for k, places in sits.items():
        for d in places & where.keys():
            if key[k] in SITTING:
                members[d].append(k)
            elif key[k] == CLUSTER:
                backing[d][k].add(k)
    for e in edges:
        if e["r"] == rel[DEVELOPS] and key[e["t"]] == CLUSTER:
            for d in ({e["f"]} if e["f"] in where else sits.get(e["f"], set())) & where.keys():
                backing[d][e["t"]].add(e["f"])
    clusters = {d: sorted(([c, sorted(why)] for c, why in b.items()), key=lambda cw: (-len(cw[1]), label[cw[0]], cw[0]))
                for d, b in backing.items()}
    weight = Counter()
    for top in clusters.values():
        for c, why in top[:LEADING]:
            weight[c] += len(why)
    coloured = sorted(weight, key=lambda c: (-weight[c], label[c], c))[:len(PALETTE)]
    places = sorted(where, key=lambda d: (-len(members[d]), -sum(len(w) for _, w in clusters[d]), label[d], d))
    return {
        "places": [[d, *where[d], sorted(members[d]), clusters[d]] for d in places],
        "clusters": [[c, PALETTE[k]] for k, c in enumerate(coloured)],
        "other": OTHER,
        "leading": LEADING,
        "unplaced": sum(1 for k in key if k == DISTRICT) - len(where),
        "base": base_layer(),
    }


def _positions(nodes, key, located) -> dict[int, tuple[float, float, str]]:
    """Node index -> (longitude, latitude, how) for each district that can be placed."""
    table = coordinates()
    where = {}
    for k, n in enumerate(nodes):
        m = DISTRICT_IRI.match(n["i"]) if key[k] == DISTRICT else None
        if not m:
            continue
        code = m.group(1)
        if len(code) == 9:
            row = table.get(code[:6])
            if row:
                where[k] = (row[0], row[1], "town")
        elif code[2:] == "0000" and _province_middle(code):
            where[k] = (*_province_middle(code), "centre")
        elif code in table:
            where[k] = table[code]
    for k in range(len(nodes)):              # villages: where the district they are located in is
        if key[k] == DISTRICT and k not in where:
            at = next((t for t in sorted(located[k]) if t in where), None)
            if at is not None:
                where[k] = (*where[at][:2], "in")
    return where


def _sitting(key, located) -> dict[int, set[int]]:
    """Node index of each non-district entity -> the districts it sits in: those it is located in,
    or that the parks, projects … it is located in sit in (the first districts reached)."""
    memo: dict[int, set[int]] = {}

    def places(k: int, seen: frozenset) -> set[int]:
        if k in memo:
            return memo[k]
        found: set[int] = set()
        for t in located.get(k, ()):
            if key[t] == DISTRICT:
                found.add(t)
            elif t not in seen:
                found |= places(t, seen | {t})
        if not seen - {k}:                   # memoise only whole walks (a cycle cut short is partial)
            memo[k] = found
        return found

    return {k: places(k, frozenset({k})) for k in range(len(key)) if key[k] != DISTRICT and k in located}

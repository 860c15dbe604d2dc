"""Where the nodes of a view start: a seeded layout, so that the same graph gives the same page.

Graphviz ``sfdp`` lays out the graph when installed, in a process of its own while the
rest of the page is prepared; without it (or when it fails) each connected component
is laid out as a radial tree (``radial_layout``). Positions are centred, scaled to
``NODE_SPACING`` and rounded for stable bytes.
"""
from __future__ import annotations

import logging
import math
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict, deque

log = logging.getLogger(__name__)

LAYOUT_SEED = 7
NODE_SPACING = 110.0     # mean distance between neighbouring nodes of a precomputed layout, in px
SMALL_COMPONENT = 3      # components this small are placed by kg, not sfdp, when there are many
MANY_SMALL = 20


def layout(n: int, edges: list[tuple[int, int]], seed: int = LAYOUT_SEED) -> list[tuple[float, float]]:
    """Deterministic positions of ``n`` nodes: Graphviz sfdp when installed, else radial per component."""
    return start_layout(n, edges, seed)()


def start_layout(n: int, edges: list[tuple[int, int]], seed: int = LAYOUT_SEED, root: int | None = None):
    """Start laying out ``n`` nodes; returns a function that waits for the positions.

    ``root``: a focus view's entity, which its rings of neighbours surround (``radial_layout``),
    so the view opens centred on it; sfdp put it wherever the forces left it.

    sfdp runs as its own process, so the caller can prepare the rest of the page meanwhile.
    Many tiny components (pairs, triples) cost sfdp most of its time packing them (22 of
    29 s on a 10k-node corpus graph with 1,800 of them): those are laid out by
    ``radial_layout`` in a block under the rest.
    """
    if n == 0:
        return lambda: []
    if root is not None:        # rings keep radial_layout's unit spacing: the area would be mostly empty
        return lambda: _normalise(radial_layout(n, edges, root), centre=root, unit=NODE_SPACING)
    sfdp = shutil.which("sfdp")
    if not sfdp:
        return lambda: _normalise(radial_layout(n, edges))
    big, small = _split_small(n, edges)
    index = {v: k for k, v in enumerate(big)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges
                    if a != b and a in index})
    # quadtree=fast and no overlap removal: 2-3x faster than sfdp's defaults at 10k nodes
    dot = "\n".join([f"graph G {{ graph [start={seed}, overlap=true, quadtree=fast]; node [shape=point];",
                     *(f"{i};" for i in range(len(big))), *(f"{a} -- {b};" for a, b in pairs), "}"])
    proc = None
    try:
        with tempfile.TemporaryFile("w+", encoding="ascii") as fh:   # sfdp reads it while we go on
            fh.write(dot)
            fh.seek(0)
            proc = subprocess.Popen([sfdp, "-Tplain"], stdin=fh, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        log.warning("sfdp failed (%s); using kg's radial layout", exc)

    def positions() -> list[tuple[float, float]]:
        xy = _sfdp_positions(proc, len(big)) if proc is not None else None
        if xy is None:
            return _normalise(radial_layout(n, edges))
        out = [(0.0, 0.0)] * n
        for v, p in zip(big, xy):
            out[v] = p
        if small:
            _place_below(out, big, small, edges)
        return _normalise(out)

    return positions


def _split_small(n: int, edges) -> tuple[list[int], list[int]]:
    """(nodes for sfdp, nodes of small components) when there are many small components."""
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    size = Counter(find(v) for v in range(n))
    small = [v for v in range(n) if size[find(v)] <= SMALL_COMPONENT]
    if len({find(v) for v in small}) < MANY_SMALL or len(small) == n:
        return list(range(n)), []
    tiny = set(small)
    return [v for v in range(n) if v not in tiny], small


def _place_below(out: list, big: list[int], small: list[int], edges) -> None:
    """Put the small components (``radial_layout``) in a block under the nodes laid out by sfdp."""
    index = {v: k for k, v in enumerate(small)}
    xy = radial_layout(len(small), [(index[a], index[b]) for a, b in edges if a in index])
    bx, by = [out[v][0] for v in big], [out[v][1] for v in big]
    spacing = math.sqrt(max((max(bx) - min(bx)) * (max(by) - min(by)), 1e-9) / len(big)) if len(big) > 1 else 1.0
    sx, sy = [p[0] for p in xy], [p[1] for p in xy]
    k = spacing                       # radial_layout puts neighbours about one unit apart
    left = (min(bx) + max(bx)) / 2 - (max(sx) - min(sx)) * k / 2
    top = min(by) - 2 * spacing      # Graphviz y grows upwards: below is smaller y
    for v, (x, y) in zip(small, xy):
        out[v] = (left + (x - min(sx)) * k, top - (y - min(sy)) * k)


def _sfdp_positions(proc, n: int):
    try:
        out, err = proc.communicate(timeout=max(30, n // 100))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        log.warning("sfdp took too long; using kg's radial layout")
        return None
    if proc.returncode:
        log.warning("sfdp failed (%s); using kg's radial layout", " ".join(err.split())[:200])
        return None
    xy: dict[int, tuple[float, float]] = {}
    for line in out.splitlines():
        if line.startswith("node "):
            parts = line.split()
            xy[int(parts[1].strip('"'))] = (float(parts[2]), float(parts[3]))
    if len(xy) != n:
        log.warning("sfdp returned %d of %d positions; using kg's radial layout", len(xy), n)
        return None
    return [xy[i] for i in range(n)]


def radial_layout(n: int, edges, root: int | None = None) -> list[tuple[float, float]]:
    """A fast deterministic fallback: each connected component as a radial tree around its
    best-connected node (or ``root``; rings widen with their population), components packed in rows."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].append(b)
            adj[b].append(a)
    adj = [sorted(set(x)) for x in adj]
    seen = [False] * n
    comps = []
    for s in sorted(range(n), key=lambda k: (k != root, -len(adj[k]), k)):
        if seen[s]:
            continue
        seen[s] = True
        order, parent, depth = [s], {s: -1}, {s: 0}
        q = deque([s])
        while q:
            u = q.popleft()
            for v in adj[u]:
                if not seen[v]:
                    seen[v] = True
                    parent[v], depth[v] = u, depth[u] + 1
                    order.append(v)
                    q.append(v)
        comps.append((order, parent, depth))
    placed: list[tuple[list[tuple[int, float, float]], float]] = []
    for order, parent, depth in comps:
        children = defaultdict(list)
        for v in order[1:]:
            children[parent[v]].append(v)
        leaves = {}
        for v in reversed(order):
            leaves[v] = sum(leaves[c] for c in children[v]) or 1
        ring = Counter(depth.values())
        radius = [0.0]
        for d in range(1, max(ring) + 1):
            radius.append(max(radius[-1] + 1.0, ring[d] / (2 * math.pi)))
        span = {order[0]: (0.0, 2 * math.pi)}
        pts = []
        for v in order:
            lo, hi = span[v]
            mid = (lo + hi) / 2
            r = radius[depth[v]]
            pts.append((v, r * math.cos(mid), r * math.sin(mid)))
            for c in children[v]:
                width = (hi - lo) * leaves[c] / leaves[v]
                span[c] = (lo, lo + width)
                lo += width
        placed.append((pts, radius[-1] + 1.0))
    width = math.sqrt(sum((2 * r) ** 2 for _, r in placed)) * 1.2
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row = 0.0
    for pts, r in placed:
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        for v, px, py in pts:
            out[v] = (x + r + px, y + r + py)
        x += 2 * r
        row = max(row, 2 * r)
    return out


def _normalise(xy, centre: int | None = None, unit: float | None = None) -> list[tuple[float, float]]:
    """Centre at 0 (or put node ``centre`` there) and scale so that nodes are NODE_SPACING apart
    on average (or one unit of ``xy`` is ``unit`` px); round for stable bytes."""
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    if centre is not None:
        cx, cy = xy[centre]
    area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1e-9)
    spacing = math.sqrt(area / len(xy)) if len(xy) > 1 else 1.0
    k = NODE_SPACING / spacing if spacing > 1e-9 else 1.0
    if unit is not None:
        k = unit
    return [(round((x - cx) * k, 1), round((y - cy) * k, 1)) for x, y in xy]

"""The interactive view: one offline HTML file with legend, search, filters and a provenance panel.

The page is generated here, not by pyvis: pyvis' "local"/"in_line" modes still
fetch bootstrap and vis from CDNs (pyvis#228, #229), its tooltips render HTML
(pyvis#92) and its physics takes minutes on a thousand nodes (pyvis#204). We
inline vis-network 9.1.2 (the copy pyvis ships, read from the installed pyvis), put
the data into a ``<script type="application/json">`` block and render every
string with ``textContent``: article text is data, never markup.

Large graphs get a precomputed, seeded layout (Graphviz ``sfdp`` when installed,
else a radial layout per connected component) and no physics; above
``Settings.viz_max_nodes`` only the best-connected entities are kept.
"""
from __future__ import annotations

import difflib
import heapq
import html
import json
import logging
import math
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .errors import ExportError, KGError
from .settings import Settings

log = logging.getLogger(__name__)

# Entity types in legend order: (class, Chinese name, colour, vis shape). The first of an
# entity's types in this order decides its colour and shape.
TYPES = (
    ("District", "行政区", "#4E79A7", "hexagon"),
    ("Park", "园区", "#59A14F", "square"),
    ("IndustrialCluster", "产业集群", "#F28E2B", "diamond"),
    ("Project", "项目", "#E15759", "triangle"),
    ("Organization", "机构", "#9C6ADE", "dot"),
)
# Relations: (property, Chinese label, colour, directed).
RELATIONS = (
    ("locatedIn", "位于", "#7F8C9A", True),
    ("developsCluster", "发展产业", "#E8A25C", True),
    ("cooperatesWith", "合作", "#3FA7A0", False),
)
ATTRIBUTES = (("adminCode", "行政区划代码"), ("adminLevel", "行政级别"), ("phase", "项目期数"),
              ("investmentCNY", "投资额"), ("areaSquareMetres", "面积"))
LEVELS = {"province": "省级", "city": "地级", "county": "县级", "town": "乡级", "village": "村级"}
QUANTITY_KINDS = {"investment": "投资", "area": "面积", "capacity": "产能", "count": "数量"}
MAX_EVIDENCE = 30        # provenance items kept per node or edge (the panel says how many more)
LAYOUT_SEED = 7
CORE_NODE_KEYS = ("l", "t", "s", "d", "x", "y", "al")   # node fields the first frame and search need
NODE_SPACING = 110.0     # mean distance between neighbouring nodes of a precomputed layout, in px


# ---------------------------------------------------------------------------------------------
# public API


def write_html(graph, path: Path, *, title: str, settings: Settings = Settings(),
               focus: str | None = None, depth: int = 1, evidence=None) -> Path:
    """Write the view of ``graph`` (or of the ``depth``-hop neighbourhood of ``focus``) to ``path``.

    Raises:
        KGError: ``focus`` names no entity (the message lists the closest labels).
    """
    data = view_data(graph, title=title, settings=settings, focus=focus, depth=depth, evidence=evidence)
    return _write(Path(path), render(data))


def write_view(graph, graph_dir: Path, *, output: Path | None = None, focus: str | None = None,
               depth: int = 1, settings: Settings = Settings()) -> Path:
    """The ``kg viz`` command: write GRAPH/graph.html or GRAPH/focus-LABEL.html (or ``output``)."""
    graph_dir = Path(graph_dir)
    corpus = corpus_title(graph)
    data = view_data(graph, title=corpus, settings=settings, focus=focus, depth=depth,
                     where=str(graph_dir))
    if focus is not None:
        label = data["nodes"][data["focus"][0]]["l"]
        data["title"] = f"{label} 周边 {depth} 层 · {corpus}"
    if output is None:
        output = graph_dir / ("graph.html" if focus is None else f"focus-{_file_safe(focus)}.html")
    try:
        path = _write(Path(output), render(data))
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}; choose another --output") from exc
    from .pipeline import register_output

    register_output(graph_dir, path)       # a page in OUT is kg's: the next build may replace it
    return path


def corpus_title(graph) -> str:
    """A title naming the corpus: the documents' common title, else ``kg: N documents``."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from .vocab import KG

    docs = sorted(set(graph.subjects(RDF.type, KG.Document)))
    titles = {str(t) for d in docs for t in graph.objects(d, DCTERMS.title)}
    if len(titles) == 1 and len(docs) >= 1:
        return titles.pop()
    return f"kg: {len(docs)} documents"


# ---------------------------------------------------------------------------------------------
# data preparation (pure: graph -> JSON-ready dict)


def view_data(graph, *, title: str, settings: Settings = Settings(), focus: str | None = None,
              depth: int = 1, where: str = "the graph", evidence=None) -> dict:
    """Everything the page shows, as a JSON-ready dict with deterministic order.

    ``nodes[i]``: ``l`` label, ``t`` index into ``types``, ``s`` size, ``d`` degree, ``x``/``y``
    seeded layout (kept when ``static``, else where the physics starts), ``i`` IRI,
    ``ty`` all types, ``al`` aliases, ``at`` attribute rows,
    ``m`` mentions ``[doc, sentence, from, to]`` (UTF-16 offsets into the sentence), ``mx`` left out.
    ``edges[j]``: ``f``/``t`` node indices, ``r`` index into ``relations``, ``p`` assertions
    ``[doc, sentence, from, to, confidence, rule]``, ``px`` left out.

    ``evidence`` gives the mentions and assertions (see ``graph_evidence``); by default they are
    read from ``graph``. The build passes them from its records, its graph holding only entities.
    """
    from .assemble import entity_table
    from .vocab import KG

    table = entity_table(graph)
    type_index = {t[0]: k for k, t in enumerate(TYPES)}
    rel_index = {r[0]: k for k, r in enumerate(RELATIONS)}
    iris = sorted(table)
    pos = {iri: k for k, iri in enumerate(iris)}
    triples = sorted({(pos[h], rel_index[r], pos[t]) for r, _, _, _ in RELATIONS
                      for h, t in graph.subject_objects(KG[r]) if h in pos and t in pos})
    degree = Counter()
    for h, _, t in triples:
        degree[h] += 1
        degree[t] += 1

    keep = list(range(len(iris)))
    focus_nodes: list[int] = []
    if focus is not None:
        focus_nodes = [pos[s] for s in find_entities(table, focus, where)]
        keep = sorted(_neighbourhood(focus_nodes, triples, depth))
    note = None
    total = len(keep)
    if total > settings.viz_max_nodes:
        keep = sorted(sorted(keep, key=lambda k: (-degree[k], table[iris[k]]["label"], iris[k]))
                      [: settings.viz_max_nodes])
        note = (f"图中共有 {total:,} 个实体，这里只显示关系最多的 {len(keep):,} 个；"
                f"用 kg viz --focus 名称 查看某个实体的周边。")
    new = {old: k for k, old in enumerate(keep)}
    edges_idx = [(new[h], r, new[t]) for h, r, t in triples if h in new and t in new]
    # Every view starts from a seeded layout: large ones keep it (physics off), small ones let
    # vis-network's physics polish it for a few dozen steps, so the first frame comes fast.
    positions = start_layout(len(keep), [(h, t) for h, _, t in edges_idx])

    if evidence is None:       # a focused or cut view needs the evidence of its own nodes only
        evidence = graph_evidence(graph, [iris[k] for k in keep] if 2 * len(keep) <= len(iris) else None)
    mentions, assertions, quantities = evidence
    quantity_rows = _quantity_rows(quantities)
    docs = _Docs(graph)
    nodes = []
    for old in keep:
        iri = iris[old]
        attrs = table[iri]
        types = [t for t in type_index if t in attrs["types"]]
        node = {"l": attrs["label"], "t": type_index[types[0]], "d": degree[old],
                "s": node_size(degree[old]), "i": str(iri), "ty": types}
        if attrs["aliases"]:
            node["al"] = attrs["aliases"]
        rows = _attribute_rows(attrs, quantity_rows.get(iri, []))
        if rows:
            node["at"] = rows
        nodes.append(node)

    _add_mentions(mentions, nodes, {iris[old]: k for k, old in enumerate(keep)}, docs)
    edges = [{"f": h, "t": t, "r": r} for h, r, t in edges_idx]
    _add_assertions(assertions, edges, {(iris[keep[e["f"]]], RELATIONS[e["r"]][0], iris[keep[e["t"]]]): k
                                        for k, e in enumerate(edges)}, docs)
    for node in nodes:
        dates = sorted({docs.items[m[0]]["date"] for m in node.get("m", ()) if docs.items[m[0]].get("date")})
        if dates:
            node.setdefault("at", []).append(["报道日期", dates[0] if len(dates) == 1 else f"{dates[0]} 至 {dates[-1]}"])

    static = len(nodes) > settings.viz_static_over
    for node, (x, y) in zip(nodes, positions()):
        node["x"], node["y"] = x, y
    type_counts = Counter(n["t"] for n in nodes)
    rel_counts = Counter(e["r"] for e in edges)
    return {
        "title": title,
        "note": note,
        "static": static,
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


def _corpus_summary(graph) -> dict:
    """How many documents the graph was built from, and the first few titles (by date, title)."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from .vocab import KG

    docs = []
    for d in set(graph.subjects(RDF.type, KG.Document)):
        title, date = graph.value(d, DCTERMS.title), graph.value(d, DCTERMS.date)
        docs.append((str(date or ""), str(title or ""), str(d)))
    titles = [t for _, t, _ in sorted(docs, key=lambda d: (d[0] == "", d)) if t]
    return {"documents": len(docs), "titles": titles[:3]}


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


def node_size(degree: int) -> float:
    """Node radius in px: grows with the log of the degree (10 alone, 15 at 1, 40 at 63)."""
    return round(min(10 + 5 * math.log2(1 + degree), 46.0), 1)


def format_attribute(name: str, value: str) -> str:
    """An attribute as a reader expects it: money in 亿元/万元, areas in 平方公里/亩, Chinese levels."""
    if name == "investmentCNY":
        return format_cny(value)
    if name == "areaSquareMetres":
        return format_area(value)
    if name == "adminLevel":
        return LEVELS.get(value, value)
    if name == "phase":
        return _phase(value)
    return value


def format_cny(value: str) -> str:
    """``"1250000000"`` -> ``"12.5 亿元"``; ``"35000000"`` -> ``"3,500 万元"``."""
    v = _decimal(value)
    if v is None:
        return value
    for unit, scale in (("亿元", Decimal(10) ** 8), ("万元", Decimal(10) ** 4)):
        if abs(v) >= scale:
            return f"{_num(v / scale)} {unit}"
    return f"{_num(v)} 元"


def format_area(value: str) -> str:
    """``"3200000"`` -> ``"3.2 平方公里（约 4,800 亩）"``; small areas in 平方米."""
    v = _decimal(value)
    if v is None:
        return value
    mu = f"（约 {_num(v / Decimal('666.6667'), 0)} 亩）" if v >= 667 else ""
    if v >= 10 ** 6:
        return f"{_num(v / 10 ** 6)} 平方公里{mu}"
    return f"{_num(v)} 平方米{mu}"


# ---------------------------------------------------------------------------------------------
# layout


def layout(n: int, edges: list[tuple[int, int]], seed: int = LAYOUT_SEED) -> list[tuple[float, float]]:
    """Deterministic positions of ``n`` nodes: Graphviz sfdp when installed, else radial per component."""
    return start_layout(n, edges, seed)()


SMALL_COMPONENT = 3      # components this small are placed by kg, not sfdp, when there are many
MANY_SMALL = 20


def start_layout(n: int, edges: list[tuple[int, int]], seed: int = LAYOUT_SEED):
    """Start laying out ``n`` nodes; returns a function that waits for the positions.

    sfdp runs as its own process, so the caller can prepare the rest of the page meanwhile.
    Many tiny components (pairs, triples) cost sfdp most of its time packing them (22 of
    29 s on a 10k-node corpus graph with 1,800 of them): those are laid out by
    ``radial_layout`` in a block under the rest.
    """
    if n == 0:
        return lambda: []
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


def radial_layout(n: int, edges) -> list[tuple[float, float]]:
    """A fast deterministic fallback: each connected component as a radial tree around its
    best-connected node (rings widen with their population), components packed in rows."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].append(b)
            adj[b].append(a)
    adj = [sorted(set(x)) for x in adj]
    seen = [False] * n
    comps = []
    for s in sorted(range(n), key=lambda k: (-len(adj[k]), k)):
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


def _normalise(xy) -> list[tuple[float, float]]:
    """Centre at 0 and scale so that nodes are NODE_SPACING apart on average; round for stable bytes."""
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1e-9)
    spacing = math.sqrt(area / len(xy)) if len(xy) > 1 else 1.0
    k = NODE_SPACING / spacing if spacing > 1e-9 else 1.0
    return [(round((x - cx) * k, 1), round((y - cy) * k, 1)) for x, y in xy]


# ---------------------------------------------------------------------------------------------
# rendering


def render(data: dict) -> str:
    """The page: the template with CSS, vis-network, our script and the data inlined.

    The data goes in two JSON blocks: what the first frame and the search need, parsed at once,
    and the details (attributes, provenance, documents), parsed when a panel first opens."""
    from . import resources

    core = {k: v for k, v in data.items() if k not in ("nodes", "edges", "docs", "sentences")}
    core["nodes"] = [{k: n[k] for k in CORE_NODE_KEYS if k in n} for n in data["nodes"]]
    core["edges"] = [{k: e[k] for k in ("f", "t", "r")} for e in data["edges"]]
    detail = {"nodes": [{k: v for k, v in n.items() if k not in CORE_NODE_KEYS} for n in data["nodes"]],
              "edges": [{k: v for k, v in e.items() if k not in ("f", "t", "r")} for e in data["edges"]],
              "docs": data["docs"], "sentences": data["sentences"]}
    parts = {
        "TITLE": html.escape(data["title"]),
        "CSS": resources.read_text("viz_assets", "view.css"),
        "VIS": resources.vis_network_js(),
        "JS": resources.read_text("viz_assets", "view.js"),
        "DATA": json_for_script(core),
        "DETAIL": json_for_script(detail),
    }
    template = resources.read_text("viz_assets", "view.html")
    return re.sub(r"/\*@(TITLE|CSS|VIS|JS|DATA|DETAIL)@\*/", lambda m: parts[m.group(1)], template)


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive
    (``</script>`` and ``<!--`` cannot end or change the block), line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _write(path: Path, page: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8", newline="\n")
    log.info("wrote %s", path)
    return path


# ---------------------------------------------------------------------------------------------
# helpers


class _Docs:
    """Documents and sentence texts referenced by the page, each stored once and indexed.

    Evidence is first collected raw (document IRI, sentence, offsets), then sorted and indexed
    item by item, so that the same graph always gives the same tables whatever the store's order."""

    def __init__(self, graph):
        self.graph = graph
        self.items: list[dict] = []
        self.sentences: list[str] = []
        self._meta: dict = {}
        self._doc: dict = {}
        self._sent: dict[str, int] = {}
        self._order: dict = {}

    def meta(self, iri) -> dict:
        if iri not in self._meta:
            from rdflib.namespace import DCTERMS

            from .vocab import KG

            g = self.graph
            item = {"title": g.value(iri, DCTERMS.title), "date": g.value(iri, DCTERMS.date),
                    "source": g.value(iri, DCTERMS.source), "path": g.value(iri, KG.filePath)}
            self._meta[iri] = {k: str(v) for k, v in item.items() if v is not None}
        return self._meta[iri]

    def index(self, raw: tuple) -> list:
        """``[doc, sentence, from, to, *rest]`` with indices into the tables, from/to in UTF-16
        units of the sentence (what JavaScript strings index)."""
        iri, _, text, a, b, *rest = raw
        if iri not in self._doc:
            self._doc[iri] = len(self.items)
            self.items.append(self.meta(iri))
        if text not in self._sent:
            self._sent[text] = len(self.sentences)
            self.sentences.append(text)
        return [self._doc[iri], self._sent[text], _utf16(text, a), _utf16(text, b), *rest]

    def order(self, iri) -> tuple:
        """Where a document's evidence goes: by date, path, title, IRI (cached: asked per node)."""
        key = self._order.get(iri)
        if key is None:
            m = self.meta(iri)
            key = self._order[iri] = (m.get("date", ""), m.get("path", ""), m.get("title", ""), str(iri))
        return key


def _within(text: str, base: int, start: int, end: int) -> tuple:
    """``(sentence start, sentence, from, to)``, from/to made offsets within the sentence. They are
    made UTF-16 offsets by ``_Docs.index``, for the few items kept: the order is the same."""
    n = len(text)
    a = min(max(start - base, 0), n)
    return (base, text, a, max(a, min(max(end - base, 0), n)))


def _props(graph, node) -> dict:
    out = {}
    for p, o in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        out.setdefault(p, o)
    return out


def graph_evidence(graph, entities: Sequence | None = None) -> tuple[Iterable, Iterable, Iterable]:
    """(mentions, assertions, quantities) read from a graph holding the evidence layer.

    ``entities``: only their evidence is wanted (more may come; the caller filters). Over the
    store, theirs is then looked up rather than all of it read: a focused view of a 2.5M-triple
    graph took 20 s reading every mention.

    Mentions are ``(entity IRI, doc IRI, sentence, sentence start, start, end)``; assertions
    ``((head IRI, relation name, tail IRI), doc IRI, sentence, sentence start, start, end,
    confidence, rule)``, offsets into the document's text; quantities ``(entity IRI, kind, value,
    unit, raw text, year or None)``.
    """
    from rdflib import RDF

    from .store import ox_store
    from .vocab import KG

    if ox_store(graph) is not None:
        return _store_evidence(ox_store(graph), entities)

    def provenance(props: dict) -> tuple | None:
        try:
            return (props[KG.inDocument], str(props[KG.sentenceText]), int(props[KG.sentenceStart]),
                    int(props[KG.startOffset]), int(props[KG.endOffset]))
        except (KeyError, ValueError, TypeError):
            return None

    def mentions():
        for m, ent in graph.subject_objects(KG.mentionOf):
            where = provenance(_props(graph, m))
            if where:
                yield (ent, *where)

    def assertions():
        ns = str(KG._NS)
        for a in graph.subjects(RDF.type, KG.Assertion):
            props = _props(graph, a)
            pred = str(props.get(RDF.predicate, ""))
            where = provenance(props)
            if where and pred.startswith(ns):
                conf = props.get(KG.confidence)
                yield ((props.get(RDF.subject), pred[len(ns):], props.get(RDF.object)), *where,
                       float(conf) if conf is not None else None, str(props.get(KG.rule, "")))

    def quantities():
        for ent, q in graph.subject_objects(KG.hasQuantity):
            p = _props(graph, q)
            yield (ent, str(p.get(KG.quantityKind, "")), str(p.get(KG.value, "")), str(p.get(KG.unit, "")),
                   str(p.get(KG.rawText, "")), str(p[KG.year]) if KG.year in p else None)

    return mentions(), assertions(), quantities()


_EVIDENCE_QUERIES = {      # {values}: nothing, or VALUES for the entity variable (?x, ?h)
    "mentions": """SELECT ?x ?doc ?text ?base ?start ?end WHERE { {values}
        ?m kg:mentionOf ?x ; kg:inDocument ?doc ; kg:sentenceText ?text ; kg:sentenceStart ?base ;
           kg:startOffset ?start ; kg:endOffset ?end }""",
    "assertions": """SELECT ?h ?p ?t ?doc ?text ?base ?start ?end ?confidence ?rule WHERE { {values}
        ?a rdf:subject ?h ; a kg:Assertion ; rdf:predicate ?p ; rdf:object ?t ; kg:inDocument ?doc ;
           kg:sentenceText ?text ; kg:sentenceStart ?base ; kg:startOffset ?start ; kg:endOffset ?end .
        OPTIONAL { ?a kg:confidence ?confidence } OPTIONAL { ?a kg:rule ?rule } }""",
    "quantities": """SELECT ?x ?kind ?value ?unit ?raw ?year WHERE { {values}
        ?x kg:hasQuantity ?q . ?q kg:quantityKind ?kind ; kg:value ?value ; kg:unit ?unit ; kg:rawText ?raw .
        OPTIONAL { ?q kg:year ?year } }""",
}
_EVIDENCE_VAR = {"mentions": "x", "assertions": "h", "quantities": "x"}
_LOOKUP_BATCH = 500          # entities per VALUES block


def _store_evidence(store, entities: Sequence | None = None) -> tuple[Iterable, Iterable, Iterable]:
    """``graph_evidence`` over an Oxigraph store: three SPARQL queries (batches of them for
    ``entities``), terms read without rdflib (reading a 2.5M-triple graph through rdflib's API
    took minutes; this takes seconds)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from .vocab import KG

    prefixes = {"kg": str(KG._NS), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    ns = str(KG._NS)
    wanted = None if entities is None else sorted({str(e) for e in entities})

    def rows(name: str):
        template = _EVIDENCE_QUERIES[name]
        if wanted is None:
            yield from store.query(template.replace("{values}", ""), prefixes=prefixes)
            return
        for i in range(0, len(wanted), _LOOKUP_BATCH):
            terms = " ".join(str(ox.NamedNode(e)) for e in wanted[i:i + _LOOKUP_BATCH])
            values = f"VALUES ?{_EVIDENCE_VAR[name]} {{ {terms} }}"
            yield from store.query(template.replace("{values}", values), prefixes=prefixes)

    def iri(term) -> URIRef | None:
        return URIRef(term.value) if isinstance(term, ox.NamedNode) else None

    def mentions():
        for x, doc, text, base, start, end in rows("mentions"):
            yield iri(x), iri(doc), text.value, int(base.value), int(start.value), int(end.value)

    def assertions():
        for h, p, t, doc, text, base, start, end, conf, rule in rows("assertions"):
            if p.value.startswith(ns):
                yield ((iri(h), p.value[len(ns):], iri(t)), iri(doc), text.value, int(base.value),
                       int(start.value), int(end.value), float(conf.value) if conf is not None else None,
                       rule.value if rule is not None else "")

    def quantities():
        for x, kind, value, unit, raw, year in rows("quantities"):
            yield (iri(x), kind.value, value.value, unit.value, raw.value,
                   year.value if year is not None else None)

    return mentions(), assertions(), quantities()


def records_evidence(documents, entities, relations, quantities) -> tuple[Iterable, Iterable, Iterable]:
    """(mentions, assertions, quantities) as ``graph_evidence`` gives them, from the build's records."""
    from .assemble import doc_iri, entity_iri

    docs = {d.id: (doc_iri(d.id), d.sentences) for d in documents}
    iris = {ent.key: entity_iri(ent.key) for ent in entities}

    def iri(key: str):
        return iris.get(key) or entity_iri(key)

    def mentions():
        for ent in entities:
            node = iris[ent.key]
            for m in ent.mentions:
                doc = docs.get(m.doc)
                if doc is not None:
                    s = doc[1][m.sentence]
                    yield node, doc[0], s.text, s.start, m.start, m.end

    def assertions():
        for r in relations:
            doc = docs.get(r.doc)
            if doc is not None:
                s = doc[1][r.sentence]
                yield ((iri(r.head), r.rel, iri(r.tail)), doc[0], s.text, s.start,
                       r.start, r.end, float(round(r.confidence, 3)), r.rule)

    def quantity_rows():
        for q in quantities:
            if q.doc in docs:
                yield iri(q.entity), q.kind, q.value, q.unit, q.raw, str(q.year) if q.year else None

    return mentions(), assertions(), quantity_rows()


def _add_mentions(mentions, nodes: list[dict], index: dict, docs: _Docs) -> None:
    found = defaultdict(dict)      # node -> document IRI -> {(base, sentence, from, to)}
    for ent, doc, text, base, start, end in mentions:
        k = index.get(ent)
        if k is not None:
            found[k].setdefault(doc, set()).add(_within(text, base, start, end))
    _attach(nodes, found, docs, "m", "mx")


def _add_assertions(assertions, edges: list[dict], index: dict, docs: _Docs) -> None:
    found = defaultdict(dict)      # edge -> document IRI -> {(base, sentence, from, to, confidence, rule)}
    for key, doc, text, base, start, end, conf, rule in assertions:
        k = index.get(key)
        if k is not None:
            found[k].setdefault(doc, set()).add(
                (*_within(text, base, start, end), round(conf, 3) if conf is not None else None, rule))
    _attach(edges, found, docs, "p", "px")


def _attach(items: list[dict], found: dict, docs: _Docs, key: str, more: str) -> None:
    """Order each item's evidence by (date, document, position), index the first MAX_EVIDENCE,
    count the rest. Documents are ordered first, and only the first few: a big node has
    thousands of items in hundreds of documents."""
    for k in sorted(found):
        by_doc = found[k]
        first: list[tuple] = []
        for doc in heapq.nsmallest(MAX_EVIDENCE, by_doc, key=docs.order):
            kept = sorted(by_doc[doc], key=lambda e: (e[:4], str(e[4:])))[: MAX_EVIDENCE - len(first)]
            first += [(doc, *e) for e in kept]
            if len(first) == MAX_EVIDENCE:
                break
        items[k][key] = [docs.index(e) for e in first]
        total = sum(map(len, by_doc.values()))
        if total > MAX_EVIDENCE:
            items[k][more] = total - MAX_EVIDENCE


def _attribute_rows(attrs: dict, quantities: list[tuple[str, str, str]]) -> list[list[str]]:
    """``[name, shown]`` rows: the entity's attributes, then its quantities with their raw text
    (merged into the attribute row they were read from, when they show the same value)."""
    rows = [[name, format_attribute(prop, attrs[prop])] for prop, name in ATTRIBUTES if prop in attrs]
    for name, shown, raw in quantities:
        same = next((r for r in rows if r[1] == shown), None)
        if same is not None:
            same[1] = f"{shown}（原文“{raw}”）"
        else:
            rows.append([name, f"{shown}（原文“{raw}”）"])
    return rows


def _quantity_rows(quantities: Iterable) -> dict:
    """Entity IRI -> (row name, formatted value, raw text) of its quantities, at most 10, sorted."""
    found = defaultdict(set)
    for ent, kind, value, unit, raw, year in quantities:
        shown = format_cny(value) if unit == "CNY" else format_area(value) if unit == "m2" else f"{value} {unit}"
        when = f"（{year}年）" if year else ""
        found[ent].add((f"{QUANTITY_KINDS.get(kind, kind)}{when}", shown, raw))
    return {ent: sorted(rows)[:10] for ent, rows in found.items()}


def _neighbourhood(seeds: list[int], triples, depth: int) -> set[int]:
    adj = defaultdict(set)
    for h, _, t in triples:
        adj[h].add(t)
        adj[t].add(h)
    seen = set(seeds)
    frontier = set(seeds)
    for _ in range(depth):
        frontier = {v for u in frontier for v in adj[u]} - seen
        seen |= frontier
    return seen


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _file_safe(label: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", label).strip("._") or "entity"


def _utf16(text: str, i: int) -> int:
    """Offset ``i`` (code points) as UTF-16 code units, which is what JavaScript strings index."""
    head = text[:i]
    return i if head.isascii() or not _ASTRAL.search(head) else len(head.encode("utf-16-le")) // 2


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")    # two UTF-16 units each


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _num(v: Decimal, places: int = 2) -> str:
    q = v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_DIGITS = "零一二三四五六七八九十"


def _phase(value: str) -> str:
    try:
        n = int(value)
    except ValueError:
        return value
    return f"{_DIGITS[n]}期" if 0 < n <= 10 else f"第 {n} 期"

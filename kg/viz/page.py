"""The page: one offline HTML file with legend, search, filters and a provenance panel.

The page is generated here, not by pyvis: pyvis' "local"/"in_line" modes still
fetch bootstrap and vis from CDNs (pyvis#228, #229), its tooltips render HTML
(pyvis#92) and its physics takes minutes on a thousand nodes (pyvis#204). We
inline vis-network 9.1.2 (the copy pyvis ships, read from the installed pyvis), put
the data into a ``<script type="application/json">`` block and render every
string with ``textContent``: article text is data, never markup.
"""
from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from ..errors import ExportError
from ..settings import Settings
from .data import view_data

log = logging.getLogger(__name__)

CORE_NODE_KEYS = ("l", "t", "s", "d", "x", "y", "al", "lv", "p", "dc")   # what the first frame, search, filters need
CORE_EDGE_KEYS = ("f", "t", "r", "dc")
# The page's scripts, inlined in this order (each part's header says what it does).
SCRIPTS = ("base.js", "labels.js", "panel.js", "filters.js", "full.js", "overview.js", "map.js", "view.js")


def write_html(graph, path: Path, *, title: str, settings: Settings = Settings(),
               focus: str | None = None, depth: int = 1, evidence=None) -> Path:
    """Write the view of ``graph`` (or of the ``depth``-hop neighbourhood of ``focus``) to ``path``.

    Raises:
        KGError: ``focus`` names no entity (the message lists the closest labels).
    """
    data = view_data(graph, title=title, settings=settings, focus=focus, depth=depth, evidence=evidence)
    return write_page(Path(path), render(data))


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
        path = write_page(Path(output), render(data))
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror}; choose another --output") from exc
    from ..pipeline import register_output

    register_output(graph_dir, path)       # a page in OUT is kg's: the next build may replace it
    return path


def corpus_title(graph) -> str:
    """A title naming the corpus: the documents' common title, else ``kg: N documents``."""
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from ..vocab import KG

    docs = sorted(set(graph.subjects(RDF.type, KG.Document)))
    titles = {str(t) for d in docs for t in graph.objects(d, DCTERMS.title)}
    if len(titles) == 1 and len(docs) >= 1:
        return titles.pop()
    return f"kg: {len(docs)} documents"


def render(data: dict) -> str:
    """The page: the template with CSS, vis-network, our script and the data inlined.

    The data goes in three JSON blocks: what the first frame and the search need, parsed at once,
    the details (attributes, provenance, documents), parsed when a panel first opens, and the
    map's (geo.py), parsed when the map mode first opens."""
    from .. import resources
    from .geo import map_data

    core = {k: v for k, v in data.items() if k not in ("nodes", "edges", "docs", "sentences")}
    core["nodes"] = [{k: n[k] for k in CORE_NODE_KEYS if k in n} for n in data["nodes"]]
    core["edges"] = [{k: e[k] for k in CORE_EDGE_KEYS if k in e} for e in data["edges"]]
    geo = map_data(data)
    core["mapPlaces"] = len(geo["places"])       # the map mode is offered when it has districts to draw
    detail = {"nodes": [{k: v for k, v in n.items() if k not in CORE_NODE_KEYS} for n in data["nodes"]],
              "edges": [{k: v for k, v in e.items() if k not in CORE_EDGE_KEYS} for e in data["edges"]],
              "docs": data["docs"], "sentences": data["sentences"]}
    parts = {
        "TITLE": html.escape(data["title"]),
        "CSS": resources.read_text("viz_assets", "view.css") + resources.read_text("viz_assets", "map.css"),
        "VIS": resources.vis_network_js(),
        "JS": "\n".join(resources.read_text("viz_assets", name) for name in SCRIPTS),
        "DATA": json_for_script(core),
        "DETAIL": json_for_script(detail),
        "MAP": json_for_script(geo),
    }
    template = resources.read_text("viz_assets", "view.html")
    return re.sub(r"/\*@(TITLE|CSS|VIS|JS|DATA|DETAIL|MAP)@\*/", lambda m: parts[m.group(1)], template)


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive
    (``</script>`` and ``<!--`` cannot end or change the block), line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def write_page(path: Path, page: str) -> Path:
    """Write ``page`` into ``path`` (its folder made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8", newline="\n")
    log.info("wrote %s", path)
    return path


def _file_safe(label: str) -> str:
    """``label`` as a file name: what a file system refuses or a shell splits becomes ``_``."""
    return re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", label).strip("._") or "entity"

"""``build()``: read -> extract -> resolve -> assemble -> export, in that order.

Output is written into a fresh folder beside OUT and swapped in only when
complete, so that an interrupted or failed build leaves the previous OUT usable.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from . import __version__
from .errors import CorpusError, ExportError
from .records import Document, Skipped
from .settings import Settings

log = logging.getLogger(__name__)


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with renames only (each atomic), so OUT is never half-written."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def build(paths, out, settings: Settings = Settings()) -> dict:
    """Build the graph of the files and folders ``paths`` into the folder ``out``; returns the report."""
    from . import assemble, read, resolve
    from .extract import extract

    t0 = time.perf_counter()
    out = Path(out)
    documents: list[Document] = []
    skipped: list[Skipped] = []
    extractions = []
    files = list(read.iter_files(paths))
    log.info("reading %d file(s)", len(files))
    for i, (path, root) in enumerate(files, 1):
        item = read.read_file(path, root, int(settings.max_file_mb * 2**20))
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.path, item.reason)
            skipped.append(item)
            continue
        documents.append(item)
        extractions.append(extract(item))
        if i % 100 == 0 or i == len(files):
            log.info("extracted %d/%d", i, len(files))
    if not documents:
        why = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) or "no article files found"
        raise CorpusError(f"no document could be read from {', '.join(map(str, paths))} ({why}); "
                          "kg reads .txt, .md and .html files")
    entities, relations, quantities = resolve.resolve(extractions, settings.min_confidence)
    graph = assemble.to_rdf(documents, entities, relations, quantities)
    log.info("assembled %d entities, %d relations", len(entities), len({(r.head, r.rel, r.tail) for r in relations}))

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        report = _write_outputs(graph, tmp, documents, skipped, entities, relations, settings, t0)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("wrote %s in %.1f s", out, report["seconds"])
    return report


def _write_outputs(graph, folder: Path, documents, skipped, entities, relations, settings, t0) -> dict:
    from . import assemble, viz

    try:
        graph.serialize(folder / "graph.ttl", format="turtle", encoding="utf-8")
        import networkx as nx

        nx.write_graphml(assemble.to_networkx(graph), folder / "graph.graphml")
        title = _corpus_title(documents)
        viz.write_html(graph, folder / "graph.html", title=title, settings=settings)
    except OSError as exc:
        raise ExportError(f"cannot write into {folder.parent}: {exc.strerror}") from exc
    by_type = Counter(t for e in entities for t in e.types)
    by_rel = Counter(r for r in {(r.head, r.rel, r.tail) for r in relations} for r in [r[1]])
    report = {
        "kg_version": __version__,
        "documents": [{"path": d.path, "id": d.id, "title": d.title, "date": d.date,
                       "encoding": d.encoding, "sentences": len(d.sentences),
                       **({"warnings": list(d.warnings)} if d.warnings else {})} for d in documents],
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "counts": {"documents_read": len(documents), "documents_skipped": len(skipped),
                   "entities": len(entities), "entities_by_type": dict(sorted(by_type.items())),
                   "relations": sum(by_rel.values()), "relations_by_type": dict(sorted(by_rel.items())),
                   "triples": len(graph)},
        "encodings": dict(sorted(Counter(d.encoding for d in documents).items())),
        "settings": {"min_confidence": settings.min_confidence},
    }
    report["seconds"] = round(time.perf_counter() - t0, 3)
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def _corpus_title(documents: list[Document]) -> str:
    if len(documents) == 1 and documents[0].title:
        return documents[0].title
    return f"kg: {len(documents)} documents"

"""The build's outputs, written into the work folder: graph.ttl and the store, graph.graphml,
graph.html and report.json.

Only the entity layer is built as an rdflib graph (SHACL, GraphML and the view read it); the
evidence layer goes from the records straight into graph.ttl. Oxigraph loads graph.ttl into
the store in a process of its own (``StoreLoader``), while this one writes the other files.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .. import __version__
from ..errors import ExportError
from ..records import Document
from .collector import keep
from .outfolder import cannot_write
from .workers import sigint_blocked

log = logging.getLogger(__name__)

OUTPUTS = ("graph.ttl", "graph.graphml", "graph.html", "report.json", "store")   # what a build writes, in order


def write_outputs(folder: Path, documents, skipped, entities, relations, quantities, settings, t0,
                  counts: dict | None = None, timings: dict | None = None, inputs: str | None = None) -> dict:
    """graph.ttl, the store, graph.graphml, graph.html and report.json, all into ``folder``;
    returns the report."""
    from .. import assemble, viz
    from ..export import write_turtle

    timings = dict(timings or {})
    t = time.perf_counter()
    layer = assemble.entity_layer(documents, entities, relations)
    timings["assemble"] = time.perf_counter() - t
    keep()
    t = time.perf_counter()
    docs = {d.id: d for d in documents}
    try:
        loader = StoreLoader(folder / "graph.ttl", folder)     # OUT/store: what kg query/serve open
        try:
            evidence = assemble.evidence_turtle(docs, entities, relations, quantities)
            triples = write_turtle(layer, folder / "graph.ttl", evidence, on_part=loader.part)
            timings["turtle"] = time.perf_counter() - t
            log.info("assembled %d entities, %d relations, %d triples", len(entities),
                     len({(r.head, r.rel, r.tail) for r in relations}), triples)
            t = time.perf_counter()
            import networkx as nx

            nx.write_graphml(assemble.to_networkx(layer), folder / "graph.graphml")
            viz.write_html(layer, folder / "graph.html", title=_corpus_title(documents), settings=settings,
                           evidence=viz.records_evidence(documents, entities, relations, quantities))
            timings["view"] = time.perf_counter() - t
            validation = None
            if settings.validate:
                from ..validate import validate

                t = time.perf_counter()
                checked = validate(layer)
                validation = checked.summary()
                validation["scope"] = "entities"     # documents, entities, relations
                timings["validate"] = time.perf_counter() - t
                log.info("entity layer validated in %.1f s: %s (run `kg validate` for the whole graph)",
                         checked.seconds, "conforms" if checked.conforms else
                         f"{len(checked.violations)} violation(s)")
            t = time.perf_counter()
            loader.wait()
            timings["store_wait"] = time.perf_counter() - t
        finally:
            loader.stop()
    except OSError as exc:
        raise cannot_write(folder.parent, exc) from exc
    report = _report(documents, skipped, entities, relations, triples, settings, counts, validation)
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    report["seconds"] = round(time.perf_counter() - t0, 3)
    if inputs:
        report["inputs"] = inputs
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def _report(documents, skipped, entities, relations, triples: int, settings, counts: dict | None,
            validation: dict | None) -> dict:
    """report.json but for the timings: what was read and skipped, and what the graph holds."""
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
                   "triples": triples, **(counts or {})},
        "encodings": dict(sorted(Counter(d.encoding for d in documents).items())),
        "settings": {"min_confidence": settings.min_confidence},
    }
    if validation is not None:
        report["validation"] = validation
        if not validation["conforms"]:
            log.warning("the entity layer breaks the SHACL shapes %d time(s): see report.json \"validation\" "
                        "or run kg validate --graph OUT", validation["violations"])
    return report


# Runs kg.store.loader_main in a new Python process with the kg package of this one, loaded from its
# file: `python -m kg.store` would import a folder named kg in the current folder first.
_RUN_KG_STORE = """\
import importlib.util, os, sys
init = sys.argv.pop(1)
spec = importlib.util.spec_from_file_location("kg", init, submodule_search_locations=[os.path.dirname(init)])
sys.modules["kg"] = kg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kg)
from kg.query import materialize
from kg.store import loader_main
sys.exit(loader_main(sys.argv[1:], materialize))
"""


class StoreLoader:
    """Oxigraph loading graph.ttl into ``folder``/store in a process of its own
    (``kg.store.loader_main``), part by part while graph.ttl is being written (``part``, the
    ``on_part`` of ``write_turtle``).

    Not a thread: pyoxigraph's loader contends for the GIL, which made both it and the
    Python work beside it several times slower (measured). ``wait`` raises its error.
    The process imports nothing from the current folder (``python -P``) and runs this kg.
    """

    def __init__(self, ttl: Path, folder: Path):
        import subprocess

        from .. import __file__ as init

        self._err = tempfile.TemporaryFile()     # not a pipe: nobody reads it until the end
        with sigint_blocked():        # Ctrl-C reaches the main process, which stops this one
            self._proc = subprocess.Popen([sys.executable, "-P", "-c", _RUN_KG_STORE, init, str(ttl),
                                           str(folder), str(os.getpid())], stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=self._err, text=True)

    def part(self, header: int, start: int, end: int) -> None:
        try:
            self._proc.stdin.write(f"{header} {start} {end}\n")
            self._proc.stdin.flush()
        except BrokenPipeError:         # it failed: wait() tells why
            pass

    def wait(self) -> None:
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        self._proc.wait()
        if self._proc.returncode:
            self._err.seek(0)
            lines = self._err.read().decode("utf-8", "replace").strip().splitlines()
            raise ExportError(lines[-1] if lines else
                              f"the store process ended with exit code {self._proc.returncode} (out of memory?)")

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._err.close()


def _corpus_title(documents: list[Document]) -> str:
    """The page's title: the title of a lone document, else how many documents there are."""
    if len(documents) == 1 and documents[0].title:
        return documents[0].title
    return f"kg: {len(documents)} documents"

"""SHACL validation of a built graph against ontology/shapes.ttl, reported in plain words.

The graph is validated in place (no copy): for the run, five rdfs:subClassOf
triples of shapes.ttl's helper classes are added to it and removed afterwards.
A graph in the store is first read into rdflib's memory store, which pyshacl walks
far faster. Shapes are checked one at a time, so that ``kg validate`` can say how
far it is; the cycle collector is paused meanwhile (it rescanned the million
objects of a big graph again and again: about a quarter of the time).

``validate(graph)`` runs pyshacl (SHACL Core, no inference, the data graph used
in place) and turns each result into a sentence naming the entities involved by
their Chinese labels, e.g.::

    甬江产业园 (Park): locatedIn must point to a District or Park, found 某某 (Organization)
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import time
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from .errors import OntologyError
from .terms import ENTITY_TYPES, compact, from_ox
from .vocab import KG

log = logging.getLogger(__name__)

KGSH = Namespace("https://w3id.org/kg-cn/shapes#")
# Stated in the data graph for the run only (see shapes.ttl): one sh:class instead of a slow sh:or.
HELPER_TRIPLES = ((KG.District, RDFS.subClassOf, KGSH.Container), (KG.Park, RDFS.subClassOf, KGSH.Container),
                  (KG.District, RDFS.subClassOf, KGSH.ClusterDeveloper),
                  (KG.Park, RDFS.subClassOf, KGSH.ClusterDeveloper),
                  (KG.Project, RDFS.subClassOf, KGSH.ClusterDeveloper))
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_PROGRESS_SECONDS = 3.0      # between two progress lines of a stage
_READ_STEP = 50_000          # triples read (and added) at a time, between two looks at the clock


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what is wrong, about which node, in plain words."""

    focus: str                 # IRI of the node that breaks the shape
    path: str | None           # the property (IRI) or None for node-level constraints
    value: str | None          # the offending value (IRI or literal text), when there is one
    shape: str                 # IRI of the property or node shape
    severity: str              # Violation, Warning or Info
    message: str               # the plain-words sentence

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of ``validate``: ``conforms`` is True when there is no violation."""

    conforms: bool
    violations: tuple[Violation, ...] = ()
    seconds: float = 0.0
    triples: int = field(default=0, compare=False)      # how many triples were checked
    shapes: int = field(default=0, compare=False)       # against how many shapes

    @property
    def messages(self) -> list[str]:
        return [v.message for v in self.violations]

    def summary(self, limit: int = 20) -> dict:
        """The part that goes into report.json: conforms, count, the first ``limit`` messages."""
        return {"conforms": self.conforms, "violations": len(self.violations),
                "messages": self.messages[:limit], "seconds": round(self.seconds, 3)}


def shapes_graph() -> Graph:
    """The packaged SHACL shapes (kg/ontology/shapes.ttl)."""
    from . import resources

    g = Graph()
    try:
        g.parse(data=resources.ontology_text("shapes.ttl"), format="turtle")
    except Exception as exc:  # noqa: BLE001 - a broken packaged file is a packaging error
        raise OntologyError(f"packaged kg/ontology/shapes.ttl is not valid Turtle ({exc}); reinstall kg") from exc
    return g


class _Progress:
    """Progress lines of a stage on the log, every ``_PROGRESS_SECONDS``; silent when not ``shown``."""

    def __init__(self, shown: bool):
        self.shown = shown
        self.last = time.perf_counter()

    def stage(self, message: str, *args) -> None:
        self.last = time.perf_counter()
        if self.shown:
            log.info(message, *args)

    def step(self, message: str, *args) -> None:
        if self.shown and time.perf_counter() - self.last >= _PROGRESS_SECONDS:
            self.stage(message, *args)


@contextlib.contextmanager
def _collector_paused():
    """No cyclic collection while the graph is copied and checked (reference counting still frees)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _in_memory(graph: Graph, progress: _Progress) -> Graph:
    """pyshacl walks the graph triple by triple: give it rdflib's Memory store, not a disk store."""
    from .store import count_triples, ox_store

    store = ox_store(graph)
    if store is None:
        return graph
    import pyoxigraph as ox

    total = count_triples(graph)
    progress.stage("reading %s triples into memory", f"{total:,}")
    cache: dict = {}                 # subjects, predicates and classes repeat: convert each once

    def term(t):
        r = cache.get(t)
        if r is None:
            r = cache[t] = from_ox(t)
        return r

    g, done = Graph(), 0
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    while part := [(term(s), term(p), term(o), g) for s, p, o, _ in itertools.islice(quads, _READ_STEP)]:
        g.addN(part)        # a part at a time: a quarter faster than one quad at a time from a generator
        done += len(part)
        progress.step("read %s/%s triples", f"{done:,}", f"{total:,}")
    return g


def shape_ids(shapes: Graph) -> list:
    """The shapes that pyshacl checks on its own: those with a target (none of kg's is implicit)."""
    return sorted({s for p in _TARGETS for s in shapes.subjects(p, None)})


def validate(graph: Graph, progress: bool = False) -> ValidationReport:
    """Validate ``graph`` against kg's SHACL shapes.

    Args:
        progress: say on the log what is being done and how far it is (``kg validate`` of a big
            graph); the build checks the small entity layer quietly.

    Raises:
        OntologyError: pyshacl is not installed, or the packaged shapes are broken.
    """
    try:
        import pyshacl
    except ImportError as exc:
        raise OntologyError("validation needs pyshacl: pip install 'pyshacl==0.40.1'") from exc
    t0 = time.perf_counter()
    shown = _Progress(progress)
    with _collector_paused():
        data = _in_memory(graph, shown)
        shapes = shapes_graph()
        ids = shape_ids(shapes)
        helpers = [t for t in HELPER_TRIPLES if t not in data]
        for t in helpers:
            data.add(t)
        try:
            conforms, results = _check(pyshacl, data, shapes, ids, shown)
        finally:
            for t in helpers:
                data.remove(t)
        violations = sorted((_violation(data, shapes, report, r) for report in results
                             for r in report.subjects(RDF.type, SH.ValidationResult)),
                            key=lambda v: (v.message, v.focus, v.value or ""))
    return ValidationReport(conforms, tuple(violations), time.perf_counter() - t0, triples=len(data),
                            shapes=len(ids))


def _check(pyshacl, data: Graph, shapes: Graph, ids: list, progress: _Progress) -> tuple[bool, list[Graph]]:
    """(conforms, pyshacl's results graphs), one shape at a time (as fast as all at once: measured)."""
    progress.stage("checking %d SHACL shapes", len(ids))
    t, conforms, results, found = time.perf_counter(), True, [], 0
    for i, shape in enumerate(ids, 1):
        ok, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, use_shapes=[str(shape)], inference="none", inplace=True, advanced=False,
            meta_shacl=False, allow_warnings=True, abort_on_first=False, js=False, debug=False)
        conforms &= bool(ok)
        results.append(report)
        found += sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))
        progress.step("checked %d/%d shapes, %d violation(s) so far", i, len(ids), found)
    progress.stage("checked %d shapes in %.1f s: %d violation(s)", len(ids), time.perf_counter() - t, found)
    return conforms, results


# ---------------------------------------------------------------- plain words

def _local(iri) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


def _types(g: Graph, node) -> str:
    names = sorted({_local(t) for t in g.objects(node, RDF.type) if _local(t) in ENTITY_TYPES})
    if not names:
        names = sorted(_local(t) for t in g.objects(node, RDF.type))
    return ",".join(names)


def _label(g: Graph, node) -> str | None:
    """The node's Chinese label (or its first label when none is @zh)."""
    labels = sorted(g.objects(node, RDFS.label), key=lambda lab: (getattr(lab, "language", None) != "zh", str(lab)))
    return str(labels[0]) if labels else None


def describe(g: Graph, node) -> str:
    """A node in plain words: an entity's label and type, a mention/assertion by what it is about."""
    if isinstance(node, Literal):
        text = str(node)
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype:
            return f'"{text}" ({compact(node.datatype)})'
        return f'"{text}"'
    if not isinstance(node, URIRef):
        return str(node)
    label = _label(g, node)
    types = _types(g, node)
    if label is not None:
        return f"{label} ({types})" if types else label
    kinds = {_local(t) for t in g.objects(node, RDF.type)}
    doc = g.value(node, KG.inDocument)
    where = f" in {g.value(doc, KG.filePath) or compact(doc)}" if doc is not None else ""
    if "Mention" in kinds:
        ent = g.value(node, KG.mentionOf)
        about = f" of {_label(g, ent) or compact(ent)}" if ent is not None else ""
        return f"mention {compact(node)}{about}{where}"
    if "Assertion" in kinds:
        s, p, o = (g.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is not None and p is not None and o is not None:
            return f"assertion {_label(g, s) or compact(s)} {_local(p)} {_label(g, o) or compact(o)}{where}"
        return f"assertion {compact(node)}{where}"
    if "Quantity" in kinds:
        raw = g.value(node, KG.rawText)
        owner = next(iter(g.subjects(KG.hasQuantity, node)), None)
        of = f" of {_label(g, owner) or compact(owner)}" if owner is not None else ""
        return f"quantity {raw or compact(node)}{of}{where}"
    if "Document" in kinds:
        path = g.value(node, KG.filePath)
        return f"document {path}" if path else f"document {compact(node)}"
    return f"{compact(node)} ({types})" if types else compact(node)


def _violation(data: Graph, shapes: Graph, results: Graph, r) -> Violation:
    focus = results.value(r, SH.focusNode)
    path = results.value(r, SH.resultPath)
    value = results.value(r, SH.value)
    shape = results.value(r, SH.sourceShape)
    severity = _local(results.value(r, SH.resultSeverity) or SH.Violation)
    text = shapes.value(shape, SH.message) if shape is not None else None
    if text is None:
        text = results.value(r, SH.resultMessage)
        text = " ".join(str(text).split()) if text is not None else "breaks a shape"
        if path is not None:
            text = f"{_local(path)}: {text}"
    message = f"{describe(data, focus)}: {text}"
    if value is not None and value != focus:
        message += f", found {describe(data, value)}"
    if severity != "Violation":
        message = f"[{severity.lower()}] {message}"
    return Violation(str(focus), str(path) if path is not None else None,
                     str(value) if value is not None else None, str(shape), severity, message)

"""SHACL validation of a built graph against ontology/shapes.ttl, reported in plain words.

The graph is validated in place (no copy): for the run, five rdfs:subClassOf
triples of shapes.ttl's helper classes are added to it and removed afterwards.

``validate(graph)`` runs pyshacl (SHACL Core, no inference, the data graph used
in place) and turns each result into a sentence naming the entities involved by
their Chinese labels, e.g.::

    甬江产业园 (Park): locatedIn must point to a District or Park, found 某某 (Organization)
"""
from __future__ import annotations

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
    triples: int = field(default=0, compare=False)

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


def _in_memory(graph: Graph) -> Graph:
    """pyshacl walks the graph triple by triple: give it rdflib's Memory store, not a disk store."""
    from .store import ox_store

    store = ox_store(graph)
    if store is None:
        return graph
    import pyoxigraph as ox

    cache: dict = {}                 # subjects, predicates and classes repeat: convert each once

    def term(t):
        r = cache.get(t)
        if r is None:
            r = cache[t] = from_ox(t)
        return r

    g = Graph()
    g.addN((term(q.subject), term(q.predicate), term(q.object), g)
           for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return g


def validate(graph: Graph) -> ValidationReport:
    """Validate ``graph`` against kg's SHACL shapes.

    Raises:
        OntologyError: pyshacl is not installed, or the packaged shapes are broken.
    """
    try:
        import pyshacl
    except ImportError as exc:
        raise OntologyError("validation needs pyshacl: pip install 'pyshacl==0.40.1'") from exc
    t0 = time.perf_counter()
    data = _in_memory(graph)
    shapes = shapes_graph()
    helpers = [t for t in HELPER_TRIPLES if t not in data]
    for t in helpers:
        data.add(t)
    try:
        conforms, results_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", inplace=True, advanced=False,
            meta_shacl=False, allow_warnings=True, abort_on_first=False, js=False, debug=False)
    finally:
        for t in helpers:
            data.remove(t)
    violations = sorted((_violation(data, shapes, results_graph, r)
                         for r in results_graph.subjects(RDF.type, SH.ValidationResult)),
                        key=lambda v: (v.message, v.focus, v.value or ""))
    seconds = time.perf_counter() - t0
    log.info("validated in %.1f s: %s", seconds,
             "conforms" if conforms else f"{len(violations)} violation(s)")
    return ValidationReport(bool(conforms), tuple(violations), seconds)


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

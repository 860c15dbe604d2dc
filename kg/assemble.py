"""Assemble stage: records -> RDF with stable IRIs and provenance, and a NetworkX view.

The graph has two layers. The *entity layer* (documents, entities and their
relations) is small and is built as an rdflib graph: SHACL, the view and
GraphML read it. The *evidence layer* (a Mention node per name found, an
Assertion node per sentence supporting a relation, a Quantity node per number
read, each with its provenance) holds most of the triples; it is written
straight to Turtle text (``evidence_turtle``) and never held as rdflib objects,
so that a 100 MB corpus does not need 25M Python triples. ``to_rdf`` parses that
text back for small graphs, so each node kind is defined once.
"""
from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, VOID

from .records import Document, Entity, Mention, Quantity, Relation
from .terms import ENTITY_TYPES, GRAPH_PREFIXES, RELATIONS
from .vocab import ID, KG, LEVEL_CLASS


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=2**20)      # one IRI object per entity: cheaper to build and to compare
def entity_iri(key: str) -> URIRef:
    """Stable IRI of an entity: districts by code, others by a hash of their key."""
    if key.startswith("district:"):
        return ID[f"district/{key.split(':', 1)[1]}"]
    return ID[f"e/{_digest(key)}"]


@functools.lru_cache(maxsize=2**20)
def doc_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in GRAPH_PREFIXES.items():
        g.bind(prefix, ns)
    return g


# --------------------------------------------------------------------------- the entity layer (rdflib)

def add_document(g: Graph, doc: Document) -> None:
    node = doc_iri(doc.id)
    g.add((node, RDF.type, KG.Document))
    g.add((node, KG.filePath, Literal(doc.path)))
    g.add((node, KG.encoding, Literal(doc.encoding)))
    if doc.sha256:
        g.add((node, KG.contentHash, Literal(doc.sha256)))
    if doc.title:
        g.add((node, DCTERMS.title, Literal(doc.title, lang="zh")))
    if doc.date:
        g.add((node, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.source:
        g.add((node, DCTERMS.source, Literal(doc.source, datatype=XSD.anyURI)))
    for c in doc.categories:
        g.add((node, KG.category, Literal(c)))
    for t in doc.tags:
        g.add((node, KG.tag, Literal(t)))


def add_entity(g: Graph, ent: Entity) -> None:
    """Types, labels and attributes of an entity (its mentions are evidence: ``evidence_turtle``)."""
    node = entity_iri(ent.key)
    for t in ent.types:
        g.add((node, RDF.type, KG[t]))
    g.add((node, RDFS.label, Literal(ent.label, lang="zh")))
    for alias in ent.aliases:
        if alias != ent.label:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    for name, value in ent.attrs:
        if name == "adminLevel":
            g.add((node, KG.adminLevel, Literal(value)))
            if value in LEVEL_CLASS:
                g.add((node, RDF.type, KG[LEVEL_CLASS[value]]))
        elif name == "phase":
            g.add((node, KG.phase, Literal(int(value))))
        elif name in ("investmentCNY", "areaSquareMetres", "confidence"):
            g.add((node, KG[name], Literal(Decimal(value))))
        else:
            g.add((node, KG[name], Literal(value)))


def entity_layer(documents: Iterable[Document], entities: Iterable[Entity],
                 relations: Iterable[Relation]) -> Graph:
    """Documents, entities and relations (one triple per head, relation and tail), and their counts."""
    documents, entities, relations = list(documents), list(entities), list(relations)
    g = new_graph()
    for d in documents:
        add_document(g, d)
    for e in entities:
        add_entity(g, e)
    for r in relations:
        g.add((entity_iri(r.head), KG[r.rel], entity_iri(r.tail)))
    add_statistics(g, {d.id for d in documents}, entities, relations)
    return g


DATASET = ID["dataset"]


def add_statistics(g: Graph, documents: set[str], entities: list[Entity], relations: list[Relation]) -> None:
    """A VoID description of the graph (``id:dataset``): entities per class, and per relation its
    triples and the assertions supporting them.

    Counted from the records at build time: the graph never changes after it, and the summary
    queries (entity-types, relation-types) then read a few triples instead of scanning indexes.
    """
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, VOID.entities, Literal(len(entities))))
    g.add((DATASET, VOID.documents, Literal(len(documents))))
    by_type = Counter(t for e in entities for t in set(e.types))
    for cls in ENTITY_TYPES:
        part = ID[f"dataset/class/{cls}"]
        g.add((DATASET, VOID.classPartition, part))
        g.add((part, VOID["class"], KG[cls]))
        g.add((part, VOID.entities, Literal(by_type[cls])))
    triples = Counter(rel for _, rel, _ in {(r.head, r.rel, r.tail) for r in relations})
    assertions = Counter(r.rel for r in relations if r.doc in documents)
    for rel in RELATIONS:
        part = ID[f"dataset/property/{rel}"]
        g.add((DATASET, VOID.propertyPartition, part))
        g.add((part, VOID.property, KG[rel]))
        g.add((part, VOID.triples, Literal(triples[rel])))
        g.add((part, KG.assertionCount, Literal(assertions[rel])))


# --------------------------------------------------------------------------- the evidence layer (Turtle)

EVIDENCE_PREFIXES = f"@prefix kg: <{KG._NS}> .\n@prefix rdf: <{RDF}> .\n@prefix xsd: <{XSD}> .\n"
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _text(value: str) -> str:
    """A Turtle string literal (most texts need no escape, and looking is faster than translating)."""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        value = value.translate(_ESCAPE)
    return f'"{value}"'


def _provenance(doc: Document, sentence: int, start: int, end: int, rule: str) -> str:
    """Where a fact was read (6 triples): document, sentence text and start, the span, the rule."""
    s = doc.sentences[sentence]
    return (f"    kg:inDocument <{ID}doc/{doc.id}> ;\n    kg:sentenceText {_text(s.text)} ;\n"
            f"    kg:sentenceStart {s.start} ;\n    kg:startOffset {start} ;\n    kg:endOffset {end} ;\n"
            f"    kg:rule {_text(rule)} .\n")


def mention_turtle(entity: str, m: Mention, doc: Document) -> tuple[str, int]:
    """A Mention node: (Turtle statement, number of triples)."""
    return (f"<{ID}m/{m.doc}/{m.start}-{m.end}> a kg:Mention ;\n    kg:mentionOf <{entity}> ;\n"
            f"    kg:surfaceText {_text(m.surface)} ;\n" + _provenance(doc, m.sentence, m.start, m.end, m.rule), 9)


def assertion_turtle(rel: Relation, doc: Document) -> tuple[str, int]:
    """An Assertion node (RDF reification of one relation, as read in one sentence)."""
    node = f"{ID}a/{_digest(rel.head, rel.rel, rel.tail, rel.doc, rel.start, rel.end)}"
    return (f"<{node}> a kg:Assertion ;\n    rdf:subject <{entity_iri(rel.head)}> ;\n"
            f"    rdf:predicate kg:{rel.rel} ;\n    rdf:object <{entity_iri(rel.tail)}> ;\n"
            f"    kg:confidence \"{Decimal(str(round(rel.confidence, 3)))}\"^^xsd:decimal ;\n"
            + _provenance(doc, rel.sentence, rel.start, rel.end, rel.rule), 11)


def quantity_turtle(q: Quantity, doc: Document) -> tuple[str, int]:
    """A Quantity node and the entity's link to it."""
    node = f"{ID}q/{_digest(q.entity, q.kind, q.doc, q.start, q.end)}"
    year = f'    kg:year "{q.year}"^^xsd:gYear ;\n' if q.year else ""
    return (f"<{entity_iri(q.entity)}> kg:hasQuantity <{node}> .\n"
            f"<{node}> a kg:Quantity ;\n    kg:quantityKind {_text(q.kind)} ;\n"
            f"    kg:value \"{q.value}\"^^xsd:decimal ;\n    kg:unit {_text(q.unit)} ;\n"
            f"    kg:rawText {_text(q.raw)} ;\n{year}" + _provenance(doc, q.sentence, q.start, q.end, q.rule),
            12 + bool(year))


def evidence_turtle(documents: dict[str, Document], entities: Iterable[Entity], relations: Iterable[Relation],
                    quantities: Iterable[Quantity] = ()) -> Iterator[tuple[str, int]]:
    """The evidence layer, statement by statement, in the order of the records given."""
    for ent in entities:
        iri = entity_iri(ent.key)
        for m in ent.mentions:
            if m.doc in documents:
                yield mention_turtle(iri, m, documents[m.doc])
    for rel in relations:
        if rel.doc in documents:
            yield assertion_turtle(rel, documents[rel.doc])
    for q in quantities:
        if q.doc in documents:
            yield quantity_turtle(q, documents[q.doc])


def to_rdf(documents: Iterable[Document], entities: Iterable[Entity],
           relations: Iterable[Relation], quantities: Iterable[Quantity] = ()) -> Graph:
    """The whole graph (both layers) as one rdflib graph: for small corpora, tests and tools."""
    documents, entities, relations = list(documents), list(entities), list(relations)
    g = entity_layer(documents, entities, relations)
    docs = {d.id: d for d in documents}
    text = "".join(t for t, _ in evidence_turtle(docs, entities, relations, quantities))
    g.parse(data=EVIDENCE_PREFIXES + text, format="turtle")
    return g


def entity_table(g: Graph) -> dict[URIRef, dict]:
    """Entity nodes of a graph with flat attributes: label, types, aliases and literal attributes.

    One pass over each property rather than a lookup per entity and property: over the store,
    ~80k lookups took seconds at 2.5M triples. A property given twice keeps its smallest value.
    """
    nodes: dict[URIRef, dict] = {}
    for cls in ENTITY_TYPES:
        for s in g.subjects(RDF.type, KG[cls]):
            nodes.setdefault(s, {"types": [], "aliases": []})["types"].append(cls)
    for s, o in g.subject_objects(SKOS.altLabel):
        if s in nodes:
            nodes[s]["aliases"].append(str(o))
    single = {"label": RDFS.label, **{p: KG[p] for p in ("adminCode", "adminLevel", "phase", "investmentCNY",
                                                          "areaSquareMetres")}}
    values: dict[str, dict[URIRef, str]] = {}
    for name, prop in single.items():
        found = values[name] = {}
        for s, o in g.subject_objects(prop):
            if s in nodes and (s not in found or str(o) < found[s]):
                found[s] = str(o)
    for s, attrs in nodes.items():
        attrs["label"] = values["label"].get(s, str(s))
        attrs["aliases"] = sorted(attrs["aliases"])
        attrs.update((name, found[s]) for name, found in values.items() if name != "label" and s in found)
    return nodes


def edge_id(head: str, rel: str, tail: str) -> str:
    """The id of a relation's edge in GraphML and GEXF (``locatedIn-<16 hex>``): one per edge, as
    Gephi keeps only the first edge of an id, and stable: made of the edge's own ends and relation."""
    return f"{rel}-{_digest(head, rel, tail)}"


def to_networkx(g: Graph):
    """A MultiDiGraph of the entities and their relations, keyed by ``edge_id`` (which the GraphML
    writer makes the edge's id); attributes flattened to strings/numbers (the GraphML and GEXF
    writers reject lists, networkx#3572)."""
    import networkx as nx

    nxg = nx.MultiDiGraph()
    nodes = entity_table(g)
    for s in sorted(nodes):
        attrs = nodes[s]
        nxg.add_node(str(s), label=attrs["label"], types=",".join(sorted(attrs["types"])),
                     aliases="|".join(attrs["aliases"]),
                     **{k: v for k, v in attrs.items() if k not in ("label", "types", "aliases")})
    for rel in RELATIONS:
        for h, t in sorted(g.subject_objects(KG[rel])):
            if h in nodes and t in nodes:
                nxg.add_edge(str(h), str(t), key=edge_id(str(h), rel, str(t)), relation=rel)
    return nxg

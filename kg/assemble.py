"""Assemble stage: records -> an rdflib graph with stable IRIs and provenance, and a NetworkX view."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .records import Document, Entity, Quantity, Relation
from .vocab import ID, KG, LEVEL_CLASS, PREFIXES

ENTITY_CLASSES = ("District", "Park", "IndustrialCluster", "Project", "Organization")
RELATIONS = ("locatedIn", "developsCluster", "cooperatesWith")


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def entity_iri(key: str) -> URIRef:
    """Stable IRI of an entity: districts by code, others by a hash of their key."""
    if key.startswith("district:"):
        return ID[f"district/{key.split(':', 1)[1]}"]
    return ID[f"e/{_digest(key)}"]


def doc_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    return g


def _add_provenance(g: Graph, node: URIRef, doc: Document, sentence: int, start: int, end: int,
                    rule: str) -> None:
    sent = doc.sentences[sentence]
    g.add((node, KG.inDocument, doc_iri(doc.id)))
    g.add((node, KG.sentenceText, Literal(sent.text)))
    g.add((node, KG.sentenceStart, Literal(sent.start)))
    g.add((node, KG.startOffset, Literal(start)))
    g.add((node, KG.endOffset, Literal(end)))
    g.add((node, KG.rule, Literal(rule)))


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


def add_entity(g: Graph, ent: Entity, docs: dict[str, Document]) -> None:
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
        elif name in ("investmentCNY", "areaSquareMetres"):
            g.add((node, KG[name], Literal(Decimal(value))))
        else:
            g.add((node, KG[name], Literal(value)))
    for m in ent.mentions:
        doc = docs.get(m.doc)
        if doc is None:
            continue
        mnode = ID[f"m/{m.doc}/{m.start}-{m.end}"]
        g.add((mnode, RDF.type, KG.Mention))
        g.add((mnode, KG.mentionOf, node))
        g.add((mnode, KG.surfaceText, Literal(m.surface)))
        _add_provenance(g, mnode, doc, m.sentence, m.start, m.end, m.rule)


def add_relation(g: Graph, rel: Relation, docs: dict[str, Document]) -> None:
    h, t, p = entity_iri(rel.head), entity_iri(rel.tail), KG[rel.rel]
    g.add((h, p, t))
    doc = docs.get(rel.doc)
    if doc is None:
        return
    a = ID[f"a/{_digest(rel.head, rel.rel, rel.tail, rel.doc, rel.start, rel.end)}"]
    g.add((a, RDF.type, KG.Assertion))
    g.add((a, RDF.subject, h))
    g.add((a, RDF.predicate, p))
    g.add((a, RDF.object, t))
    g.add((a, KG.confidence, Literal(Decimal(str(round(rel.confidence, 3))))))
    _add_provenance(g, a, doc, rel.sentence, rel.start, rel.end, rel.rule)


def add_quantity(g: Graph, q: Quantity, docs: dict[str, Document]) -> None:
    doc = docs.get(q.doc)
    if doc is None:
        return
    node = ID[f"q/{_digest(q.entity, q.kind, q.doc, q.start, q.end)}"]
    g.add((entity_iri(q.entity), KG.hasQuantity, node))
    g.add((node, RDF.type, KG.Quantity))
    g.add((node, KG.quantityKind, Literal(q.kind)))
    g.add((node, KG.value, Literal(Decimal(q.value))))
    g.add((node, KG.unit, Literal(q.unit)))
    g.add((node, KG.rawText, Literal(q.raw)))
    if q.year:
        g.add((node, KG.year, Literal(str(q.year), datatype=XSD.gYear)))
    _add_provenance(g, node, doc, q.sentence, q.start, q.end, q.rule)


def to_rdf(documents: Iterable[Document], entities: Iterable[Entity],
           relations: Iterable[Relation], quantities: Iterable[Quantity] = ()) -> Graph:
    """The whole graph. Documents are only needed for provenance text and metadata."""
    docs = {d.id: d for d in documents}
    g = new_graph()
    for d in docs.values():
        add_document(g, d)
    for e in entities:
        add_entity(g, e, docs)
    for r in relations:
        add_relation(g, r, docs)
    for q in quantities:
        add_quantity(g, q, docs)
    return g


def entity_table(g: Graph) -> dict[URIRef, dict]:
    """Entity nodes of a graph with flat attributes: label, types, aliases and literal attributes."""
    nodes: dict[URIRef, dict] = {}
    for cls in ENTITY_CLASSES:
        for s in g.subjects(RDF.type, KG[cls]):
            nodes.setdefault(s, {"types": []})["types"].append(cls)
    for s, attrs in nodes.items():
        attrs["label"] = str(g.value(s, RDFS.label) or s)
        attrs["aliases"] = sorted(str(a) for a in g.objects(s, SKOS.altLabel))
        for prop in ("adminCode", "adminLevel", "phase", "investmentCNY", "areaSquareMetres"):
            v = g.value(s, KG[prop])
            if v is not None:
                attrs[prop] = str(v)
    return nodes


def to_networkx(g: Graph):
    """A MultiDiGraph of the entities and their relations; attributes flattened to strings/numbers
    (the GraphML and GEXF writers reject lists, networkx#3572)."""
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
                nxg.add_edge(str(h), str(t), key=rel, relation=rel)
    return nxg

"""Where a view's evidence comes from: the mentions, assertions and quantities of its entities.

Three adapters give them in the same shape: ``graph_evidence`` reads an rdflib graph
holding the evidence layer, or, over kg's store, asks it with SPARQL (``_store_evidence``,
without rdflib: reading a 2.5M-triple graph through rdflib's API took minutes); the build
passes ``records_evidence``, read from its records, its graph holding only entities.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence


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

    from ..store import ox_store
    from ..vocab import KG

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

    from ..vocab import KG

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
    from ..assemble import doc_iri, entity_iri

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

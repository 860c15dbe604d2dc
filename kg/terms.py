"""kg's terms in one place: the entity types and relations of its contract, the prefixes of its
namespaces, and the conversions between rdflib and pyoxigraph terms.

Importing it loads neither rdflib nor pyoxigraph (the extraction processes read the types and
relations and need neither); the conversions import them when called.
"""
from __future__ import annotations

import re

from .errors import ExportError

# Entity types of the contract (ontology class local names).
DISTRICT, PARK, CLUSTER, PROJECT, ORG = "District", "Park", "IndustrialCluster", "Project", "Organization"
ENTITY_TYPES = (DISTRICT, PARK, CLUSTER, PROJECT, ORG)
# Relations of the contract (ontology property local names).
LOCATED_IN, DEVELOPS, COOPERATES = "locatedIn", "developsCluster", "cooperatesWith"
RELATIONS = (LOCATED_IN, DEVELOPS, COOPERATES)

BASE = "https://w3id.org/kg-cn/"
# kg's prefixes: compact IRIs in query results and the Turtle of CONSTRUCT results use them all,
# and SPARQL has them predeclared. No namespace here is a prefix of another.
PREFIXES = {
    "kg": BASE + "ontology#",
    "id": BASE + "id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
# The prefixes bound on the graphs kg builds and opens, and declared in its RDF exports.
GRAPH_PREFIXES = {p: PREFIXES[p] for p in ("kg", "id", "skos", "dcterms")}

_NAMESPACE = re.compile("|".join(re.escape(ns) for ns in PREFIXES.values()))
_PREFIX_OF = {ns: prefix for prefix, ns in PREFIXES.items()}
_NOT_LOCAL = re.compile(r"[\s<>\"{}|^`\\]")


def compact(iri: str) -> str:
    """``kg:Park`` for an IRI in one of kg's namespaces, else the IRI in angle brackets."""
    m = _NAMESPACE.match(iri)
    if m:
        local = iri[m.end():]
        if local and not _NOT_LOCAL.search(local):
            return f"{_PREFIX_OF[m.group(0)]}:{local}"
    return f"<{iri}>"


def to_ox(term):
    """The pyoxigraph term of an rdflib IRI, literal or blank node.

    Raises:
        ExportError: any other term.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise ExportError(f"cannot store the RDF term {term!r}")


_XSD_STRING = PREFIXES["xsd"] + "string"


def from_ox(term):
    """An rdflib term from an Oxigraph one (None stays None, a triple becomes a 3-tuple);
    xsd:string literals become plain literals.

    RDF 1.1 makes "a" and "a"^^xsd:string the same literal but rdflib compares
    them unequal, so terms read from the store must look like those rdflib parses.

    Raises:
        ExportError: a term of another kind.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object)
    raise ExportError(f"unexpected term from the store: {term!r}")

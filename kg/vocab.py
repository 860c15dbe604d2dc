"""Ontology terms as a closed namespace: a typo fails at once (tests check it mirrors ontology/kg.ttl)."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .terms import BASE

ID = Namespace(BASE + "id/")          # instances: entities, documents, mentions, assertions


class KG(DefinedNamespace):
    """Classes and properties declared in ontology/kg.ttl."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Entity: URIRef
    District: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Town: URIRef
    Village: URIRef
    Park: URIRef
    IndustrialCluster: URIRef
    Project: URIRef
    Organization: URIRef
    Document: URIRef
    Mention: URIRef
    Assertion: URIRef
    Quantity: URIRef
    # relations
    locatedIn: URIRef
    developsCluster: URIRef
    cooperatesWith: URIRef
    mentionOf: URIRef
    inDocument: URIRef
    hasQuantity: URIRef
    # attributes
    adminCode: URIRef
    adminLevel: URIRef
    phase: URIRef
    investmentCNY: URIRef
    areaSquareMetres: URIRef
    quantityKind: URIRef
    value: URIRef
    unit: URIRef
    rawText: URIRef
    year: URIRef
    sentenceText: URIRef
    surfaceText: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sentenceStart: URIRef
    rule: URIRef
    confidence: URIRef
    filePath: URIRef
    encoding: URIRef
    contentHash: URIRef
    category: URIRef
    tag: URIRef
    assertionCount: URIRef


LEVEL_CLASS = {"province": "Province", "city": "City", "county": "County", "town": "Town", "village": "Village"}

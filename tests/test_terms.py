"""kg.terms: the one home of the entity types, relations, prefixes and rdflib <-> pyoxigraph conversions."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib import namespace as ns

from kg.errors import ExportError
from kg.terms import ENTITY_TYPES, GRAPH_PREFIXES, PREFIXES, RELATIONS, compact, from_ox, to_ox
from kg.vocab import ID, KG


def test_prefixes_are_the_namespaces_rdflib_and_the_ontology_name():
    assert PREFIXES == {"kg": str(KG._NS), "id": str(ID), "rdf": str(ns.RDF), "rdfs": str(ns.RDFS),
                        "skos": str(ns.SKOS), "dcterms": str(ns.DCTERMS), "xsd": str(ns.XSD), "owl": str(ns.OWL)}
    assert list(GRAPH_PREFIXES) == ["kg", "id", "skos", "dcterms"]
    assert not [(a, b) for a in PREFIXES.values() for b in PREFIXES.values() if a != b and b.startswith(a)]


def test_entity_types_and_relations_are_ontology_terms():
    assert [KG[t] for t in ENTITY_TYPES + RELATIONS]        # the closed namespace fails on a typo


@pytest.mark.parametrize("iri, text", [
    ("https://w3id.org/kg-cn/ontology#Park", "kg:Park"),
    ("https://w3id.org/kg-cn/id/e/0123", "id:e/0123"),
    ("http://www.w3.org/2001/XMLSchema#decimal", "xsd:decimal"),
    ("https://w3id.org/kg-cn/id/", "<https://w3id.org/kg-cn/id/>"),         # no local part
    ("https://w3id.org/kg-cn/id/a b", "<https://w3id.org/kg-cn/id/a b>"),   # not a local name
    ("https://example.org/x", "<https://example.org/x>"),
])
def test_compact(iri, text):
    assert compact(iri) == text


@pytest.mark.parametrize("term", [
    URIRef("https://w3id.org/kg-cn/id/e/1"), Literal("澄川县", lang="zh"), Literal("12.5", datatype=ns.XSD.decimal),
    Literal("plain"), BNode("b0"),
])
def test_terms_go_to_oxigraph_and_back(term):
    assert from_ox(to_ox(term)) == term


def test_from_ox_reads_xsd_string_as_plain_none_as_none_and_a_triple_as_a_tuple():
    assert from_ox(ox.Literal("a", datatype=ox.NamedNode(str(ns.XSD.string)))) == Literal("a")
    assert from_ox(None) is None
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    assert from_ox(ox.Triple(s, p, ox.Literal("o"))) == (URIRef("urn:s"), URIRef("urn:p"), Literal("o"))


def test_to_ox_refuses_other_terms():
    with pytest.raises(ExportError, match=r"cannot store the RDF term rdflib.term.Variable\('x'\)"):
        to_ox(Variable("x"))


@pytest.mark.parametrize("module, absent", [
    ("kg.store", ["kg.query"]),
    ("kg.query", ["kg.store"]),
    ("kg.terms", ["rdflib", "pyoxigraph"]),
    ("kg.records", ["rdflib", "pyoxigraph"]),      # the extraction processes load neither
])
def test_modules_load_without(module, absent):
    code = f"import sys, {module}; print(' '.join(m for m in {absent!r} if m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""


def test_the_view_styles_every_type_and_relation_in_order():
    """kg.viz keeps its own rows (Chinese names, colours, shapes): they name the same terms."""
    from kg import viz

    assert tuple(t[0] for t in viz.TYPES) == ENTITY_TYPES
    assert tuple(r[0] for r in viz.RELATIONS) == RELATIONS

"""kg.validate: SHACL shapes of ontology/shapes.ttl, violations in plain words with Chinese labels."""
from __future__ import annotations

import sys
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from test_store import county_graph, county_out  # noqa: F401 - county_out is a fixture

from kg import resources
from kg.assemble import entity_iri
from kg.errors import OntologyError
from kg.store import open_graph
from kg.validate import validate
from kg.vocab import ID, KG

PARK = entity_iri("Park:澄川智能制造产业园")
ORG = entity_iri("Organization:澄川新材料有限公司")
COUNTY = entity_iri("district:990123")


def assertion_of(g: Graph, head, rel):
    return next(a for a in g.subjects(RDF.subject, head) if g.value(a, RDF.predicate) == KG[rel])


def test_shapes_ship_with_the_package():
    g = Graph().parse(data=resources.ontology_text("shapes.ttl"), format="turtle")
    assert len(g) > 100


def test_the_county_conforms():
    g = county_graph()
    before = len(g)
    report = validate(g)
    assert report.conforms and report.violations == ()
    assert len(g) == before          # the helper subclass triples are gone again
    assert report.summary() == {"conforms": True, "violations": 0, "messages": [],
                                "seconds": round(report.seconds, 3)}


def test_a_graph_from_the_store_conforms(county_out):  # noqa: F811
    assert validate(open_graph(county_out)).conforms


def broken(change) -> list[str]:
    g = county_graph()
    change(g)
    report = validate(g)
    assert not report.conforms
    return report.messages


def test_located_in_an_organization():
    msgs = broken(lambda g: g.add((PARK, KG.locatedIn, ORG)))
    assert msgs == ["澄川智能制造产业园 (Park): locatedIn must point to a District or Park, "
                    "found 澄川新材料有限公司 (Organization)"]


def test_develops_cluster_head_and_tail():
    msgs = broken(lambda g: g.add((ORG, KG.developsCluster, COUNTY)))
    assert msgs == [
        "澄川新材料有限公司 (Organization): developsCluster must point to an IndustrialCluster, found 澄川县 (District)",
        "澄川新材料有限公司 (Organization): only a District, Park or Project may have developsCluster",
    ]


@pytest.mark.parametrize("label, message", [
    (Literal("Second name", lang="en"), "must have exactly one rdfs:label in Chinese (@zh)"),
    (Literal("第二个名字", lang="zh"), "must have exactly one rdfs:label in Chinese (@zh)"),
])
def test_labels(label, message):
    msgs = broken(lambda g: g.add((PARK, RDFS.label, label)))
    assert msgs[0].startswith(f"澄川智能制造产业园 (Park): {message}")


def test_missing_label_names_the_entity_by_iri():
    msgs = broken(lambda g: g.remove((ORG, RDFS.label, None)))
    assert msgs == [f"id:{ORG[len(str(ID)):]} (Organization): must have exactly one rdfs:label in Chinese (@zh)"]


def test_admin_code_pattern():
    def change(g):
        g.set((COUNTY, KG.adminCode, Literal("99012")))
    assert broken(change) == ['澄川县 (District): adminCode must be one GB/T 2260 code of 6 digits, or a town\'s or '
                              'village\'s statistical code of 9 or 12 digits, found "99012"']


def test_confidence_range_names_the_assertion():
    def change(g):
        a = assertion_of(g, ORG, "cooperatesWith")
        g.set((a, KG.confidence, Literal(Decimal("1.5"))))
    assert broken(change) == ['assertion 澄川新材料有限公司 cooperatesWith 云岭大学 in news/chengchuan-park.md: '
                              'confidence must be one xsd:decimal from 0 to 1, found "1.5" (xsd:decimal)']


def test_offsets_start_after_end():
    def change(g):
        m = next(g.subjects(KG.mentionOf, ORG))
        g.set((m, KG.startOffset, Literal(999)))
    msgs = broken(change)
    assert len(msgs) == 1
    assert msgs[0].startswith("mention id:m/d1/")
    assert msgs[0].endswith(" of 澄川新材料有限公司 in news/chengchuan-park.md: startOffset must be one xsd:integer "
                            ">= 0, not after endOffset, found \"999\" (xsd:integer)")


def test_offsets_must_be_integers():
    def change(g):
        m = next(g.subjects(KG.mentionOf, ORG))
        g.set((m, KG.endOffset, Literal("12")))
    assert any('endOffset must be one xsd:integer >= 0, found "12"' in m for m in broken(change))


def test_quantity_value_and_unit():
    def change(g):
        q = next(g.objects(entity_iri("Project:柳溪冷库项目"), KG.hasQuantity))
        g.set((q, KG.value, Literal("3000万")))
        g.remove((q, KG.unit, None))
    assert broken(change) == [
        "quantity 3000万元 of 柳溪冷库项目 in news/liuxi.md: a quantity must have one unit",
        'quantity 3000万元 of 柳溪冷库项目 in news/liuxi.md: a quantity\'s value must be one xsd:decimal, '
        'found "3000万"',
    ]


def test_document_needs_a_file_path():
    def change(g):
        g.remove((ID["doc/d2"], KG.filePath, None))
    assert broken(change) == ["document id:doc/d2: a document must have exactly one file path (kg:filePath)"]


def test_summary_keeps_the_first_messages():
    g = county_graph()
    for e in (PARK, ORG, COUNTY):
        g.add((e, RDFS.label, Literal("x", lang="en")))
    s = validate(g).summary(limit=2)
    assert (s["conforms"], s["violations"], len(s["messages"])) == (False, 6, 2)   # two labels, one not @zh


def test_install_hint_without_pyshacl(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyshacl", None)
    with pytest.raises(OntologyError) as exc:
        validate(county_graph())
    assert str(exc.value) == "validation needs pyshacl: pip install 'pyshacl==0.40.1'"

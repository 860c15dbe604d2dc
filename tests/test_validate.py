"""kg.validate: SHACL shapes of ontology/shapes.ttl, violations in plain words with Chinese labels."""
from __future__ import annotations

import logging
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SH
from test_store import county_graph, county_out, make_out  # noqa: F401 - county_out is a fixture

from kg import resources
from kg import validate as validate_module
from kg.assemble import entity_iri
from kg.errors import OntologyError
from kg.store import count_triples, open_graph
from kg.validate import HELPER_TRIPLES, shapes_graph, validate
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


# ---------------------------------------------------------------- the whole graph, shape by shape, saying how far

def test_one_shape_at_a_time_finds_what_one_pyshacl_run_finds():
    import pyshacl

    g = county_graph()
    g.add((PARK, KG.locatedIn, ORG))
    g.add((ORG, KG.developsCluster, COUNTY))
    g.set((COUNTY, KG.adminCode, Literal("99012")))
    g.remove((ID["doc/d2"], KG.filePath, None))
    m = next(g.subjects(KG.mentionOf, ORG))
    g.set((m, KG.startOffset, Literal(999)))
    q = next(g.objects(entity_iri("Project:柳溪冷库项目"), KG.hasQuantity))
    g.remove((q, KG.unit, None))
    report = validate(g)

    whole = Graph()
    whole += g
    for t in HELPER_TRIPLES:
        whole.add(t)
    conforms, results, _ = pyshacl.validate(whole, shacl_graph=shapes_graph(), inference="none", advanced=False,
                                            allow_warnings=True)
    expected = {(str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)))
                for r in results.subjects(RDF.type, SH.ValidationResult)}
    assert len(expected) == 7 and not conforms
    assert {(v.focus, v.shape) for v in report.violations} == expected
    assert report.conforms is False and report.triples == len(g) and report.shapes == 33


def test_validating_a_store_says_what_it_does_and_how_far_it_is(county_out, caplog, monkeypatch):  # noqa: F811
    monkeypatch.setattr(validate_module, "_PROGRESS_SECONDS", 0)     # a line at every step
    monkeypatch.setattr(validate_module, "_READ_STEP", 100)
    graph = open_graph(county_out)
    n = count_triples(graph)
    with caplog.at_level(logging.INFO, logger="kg.validate"):
        report = validate(graph, progress=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.validate"]
    assert report.conforms and report.triples == n > 400 and report.shapes == 33
    read = [*range(100, n, 100), n]                # a hundred triples at a time, the last part shorter
    k = len(read)
    assert lines[0] == f"reading {n:,} triples into memory"
    assert lines[1:1 + k] == [f"read {i:,}/{n:,} triples" for i in read]
    assert lines[1 + k] == "checking 33 SHACL shapes"
    assert lines[2 + k:-1] == [f"checked {i}/33 shapes, 0 violation(s) so far" for i in range(1, 34)]
    assert lines[-1].startswith("checked 33 shapes in ") and lines[-1].endswith(" s: 0 violation(s)")

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kg.validate"):
        assert validate(graph).conforms                  # the build's check of its entity layer: quiet
    assert [r for r in caplog.records if r.name == "kg.validate"] == []


def test_kg_validate_says_it_checked_the_whole_graph(tmp_path, county_out):  # noqa: F811
    n = count_triples(open_graph(county_out))

    def run(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *options, "validate", "--graph", str(county_out)],
                              capture_output=True, text=True)

    done = (f"{county_out}: the whole graph ({n:,} triples: entities, relations, documents and evidence) "
            "conforms to kg's 33 SHACL shapes\n")
    proc = run()
    assert proc.returncode == 0 and proc.stdout == ""
    lines = proc.stderr.splitlines(keepends=True)
    assert lines[0] == f"reading {n:,} triples into memory\n" and "checking 33 SHACL shapes\n" in lines
    assert lines[-1] == done
    proc = run("-q")                                     # -q: the outcome only
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", done)

    g = county_graph()
    g.add((PARK, RDFS.label, Literal("Second name", lang="en")))
    out = make_out(tmp_path / "out", g)
    proc = subprocess.run([sys.executable, "-m", "kg", "-q", "validate", "--graph", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and len(proc.stdout.splitlines()) == 2
    assert proc.stderr == (f"Error: 2 violation(s) of kg's 33 SHACL shapes in the whole graph in {out} "
                           f"({len(g):,} triples)\n")

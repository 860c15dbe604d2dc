"""The ontology file, the closed namespace and the packaged copy agree."""
from __future__ import annotations

import zipfile
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from kg import resources
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(data=resources.ontology_text(), format="turtle")
    return g


def declared_terms(g: Graph) -> set[str]:
    ns = str(KG._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ns):] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ns)}


def test_namespace_mirrors_ontology(onto):
    in_code = {name for name in KG.__annotations__}
    assert declared_terms(onto) == in_code


def test_unknown_term_fails_at_once():
    with pytest.raises(AttributeError):
        KG.locatedInn  # noqa: B018  a typo must not mint a new IRI


@pytest.mark.parametrize("term", sorted(KG.__annotations__))
def test_every_term_has_bilingual_labels_and_a_comment(onto, term):
    node = KG[term]
    langs = {lit.language for lit in onto.objects(node, RDFS.label)}
    assert {"zh", "en"} <= langs, term
    comments = list(onto.objects(node, RDFS.comment))
    assert len(comments) == 1 and len(str(comments[0]).splitlines()) == 1


def test_contract_classes_and_relations_present(onto):
    for term in ("District", "Park", "IndustrialCluster", "Project", "Organization", "locatedIn", "developsCluster"):
        assert (KG[term], None, None) in onto


def test_packaged_copy_is_the_top_level_file():
    assert resources.ontology_text() == (ROOT / "ontology" / "kg.ttl").read_text(encoding="utf-8")


def test_wheel_ships_the_ontology(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    wheel = next(tmp_path.glob("kg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kg/ontology/kg.ttl" in names
    assert "kg/data/divisions.tsv.gz" in names

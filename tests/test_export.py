"""kg.export: every format from one registry, from the store and from an in-memory graph."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from rdflib import Graph
from test_store import county_graph, county_out  # noqa: F401 - county_out is a fixture

from kg.assemble import entity_iri
from kg.cli import export as export_command
from kg.errors import ExportError
from kg.export import EXPORTERS, export, export_bytes
from kg.store import open_graph

N = len(county_graph())
ENTITIES = 13
RELATIONS = 10        # 7 locatedIn, 2 developsCluster, 1 cooperatesWith


@pytest.fixture(params=["store", "memory"])
def graph(request, county_out):  # noqa: F811
    return open_graph(county_out) if request.param == "store" else county_graph()


def test_the_cli_choices_are_the_registry():
    choice = next(p for p in export_command.params if p.name == "fmt").type
    assert list(choice.choices) == list(EXPORTERS) == ["ttl", "nt", "jsonld", "graphml", "gexf", "neo4j-csv"]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_formats_hold_the_whole_graph(graph, fmt, rdflib_format):
    data = export_bytes(graph, fmt)
    assert len(Graph().parse(data=data, format=rdflib_format)) == N
    if fmt == "ttl":
        assert b"@prefix kg: <https://w3id.org/kg-cn/ontology#>" in data
    if fmt == "jsonld":
        assert isinstance(json.loads(data), list)


def test_graphml(graph):
    g = nx.read_graphml(io.BytesIO(export_bytes(graph, "graphml")))
    assert (g.number_of_nodes(), g.number_of_edges()) == (ENTITIES, RELATIONS)
    node = g.nodes[str(entity_iri("Park:澄川经济开发区"))]
    assert (node["label"], node["types"], node["aliases"]) == ("澄川经济开发区", "Park", "澄川经开区")


def test_gexf(graph):
    g = nx.read_gexf(io.BytesIO(export_bytes(graph, "gexf")))
    assert (g.number_of_nodes(), g.number_of_edges()) == (ENTITIES, RELATIONS)


def test_neo4j_csv(graph, tmp_path):
    export(graph, "neo4j-csv", tmp_path / "neo4j")
    with (tmp_path / "neo4j" / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.reader(fh))
    with (tmp_path / "neo4j" / "relationships.csv").open(encoding="utf-8", newline="") as fh:
        rels = list(csv.reader(fh))
    assert nodes[0] == ["id:ID", "label", ":LABEL", "aliases:string[]", "adminCode", "adminLevel", "phase:int",
                        "investmentCNY:double", "areaSquareMetres:double"]
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "evidence:int", "confidence:double"]
    assert (len(nodes) - 1, len(rels) - 1) == (ENTITIES, RELATIONS)
    county = next(r for r in nodes if r[1] == "澄川县")
    assert county[2:6] == ["District", "澄川", "990123", "county"]
    develops = [r for r in rels if r[2] == "developsCluster" and r[0] == str(entity_iri("Park:澄川经济开发区"))]
    assert [(r[3], float(r[4])) for r in develops] == [("2", 0.9)]


def test_export_to_a_file(graph, tmp_path):
    export(graph, "nt", tmp_path / "g.nt")
    assert len(Graph().parse(tmp_path / "g.nt", format="nt")) == N
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]          # no temporary file left


@pytest.mark.parametrize("fmt, target, message", [
    ("rdfxml", None, "unknown export format 'rdfxml'; valid: ttl, nt, jsonld, graphml, gexf, neo4j-csv"),
    ("neo4j-csv", io.BytesIO(), "neo4j-csv writes a folder: give -o FOLDER"),
])
def test_export_errors(fmt, target, message):
    with pytest.raises(ExportError) as exc:
        export(county_graph(), fmt, target if target is not None else io.BytesIO())
    assert str(exc.value) == message


def test_export_into_a_missing_folder(tmp_path):
    with pytest.raises(ExportError) as exc:
        export(county_graph(), "ttl", tmp_path / "no" / "g.ttl")
    assert str(exc.value) == f"cannot write {tmp_path / 'no' / 'g.ttl'}: No such file or directory"


def test_neo4j_csv_onto_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ExportError, match="is a file; neo4j-csv writes a folder"):
        export(county_graph(), "neo4j-csv", tmp_path / "f")

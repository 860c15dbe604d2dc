"""kg.export: every format from one registry, from the store and from an in-memory graph."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from rdflib import Graph
from test_store import _canon, county_graph, county_out  # noqa: F401 - county_out is a fixture

from kg.assemble import entity_iri
from kg.cli import export as export_command
from kg.errors import ExportError
from kg.export import EXPORTERS, export, export_bytes
from kg.store import open_graph
from kg.terms import ENTITY_TYPES
from kg.vocab import KG

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
def test_rdf_formats_give_rdflib_exactly_the_graphs_triples(graph, fmt, rdflib_format):
    data = export_bytes(graph, fmt)
    parsed = Graph().parse(data=data, format=rdflib_format)
    assert len(parsed) == N
    if fmt == "ttl":                  # rdflib's own Turtle writer (the in-memory graph) writes 1200000 as 1200000.0
        assert _canon(parsed) == _canon(graph)
        assert b"@prefix kg: <https://w3id.org/kg-cn/ontology#>" in data
    else:
        assert set(parsed) == set(graph)


def test_oxigraph_reads_the_json_ld_as_the_turtle(graph):
    import pyoxigraph as ox

    def triples(fmt, ox_format):
        return set(ox.parse(export_bytes(graph, fmt), format=ox_format))

    assert triples("jsonld", ox.RdfFormat.JSON_LD) == triples("nt", ox.RdfFormat.N_TRIPLES)


def test_json_ld_is_compacted_with_kgs_context(graph):
    """It reads like the Turtle: kg's prefixes in its @context, compact IRIs, one object per node."""
    from kg.terms import PREFIXES

    doc = json.loads(export_bytes(graph, "jsonld"))
    assert doc["@context"] == {**PREFIXES, "void": "http://rdfs.org/ns/void#"}
    nodes = {n["@id"]: n for n in doc["@graph"]}
    assert len(nodes) == len(doc["@graph"])
    park, in_park = (str(entity_iri(k)).replace(PREFIXES["id"], "id:") for k in ("Park:澄川智能制造产业园",
                                                                                  "Park:澄川经济开发区"))
    assert nodes[park] == {
        "@id": park,
        "@type": "kg:Park",
        "kg:areaSquareMetres": {"@type": "xsd:decimal", "@value": "1200000"},
        "kg:hasQuantity": nodes[park]["kg:hasQuantity"],
        "kg:locatedIn": {"@id": in_park},
        "rdfs:label": {"@language": "zh", "@value": "澄川智能制造产业园"},
    }
    assert nodes[park]["kg:hasQuantity"]["@id"].startswith("id:q/")
    county = nodes["id:district/990123"]
    assert county["@type"] == ["kg:County", "kg:District"] and county["skos:altLabel"]["@value"] == "澄川"
    assert county["kg:adminCode"] == "990123"                     # a plain string stays a string
    mention = next(n for n in doc["@graph"] if n.get("@type") == "kg:Mention")
    assert isinstance(mention["kg:startOffset"], int)             # integers as JSON numbers, as Turtle writes them


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
    # neo4j-admin's rules: unique node ids, every relationship's ends among them, labels and arrays
    # split on ';' (its default --array-delimiter), numbers in the typed columns
    ids = [r[0] for r in nodes[1:]]
    assert len(set(ids)) == len(ids) and {r[0] for r in rels[1:]} | {r[1] for r in rels[1:]} <= set(ids)
    assert {label for r in nodes[1:] for label in r[2].split(";")} == set(ENTITY_TYPES)
    park = next(r for r in nodes if r[1] == "澄川经济开发区")
    assert park[3].split(";") == ["澄川经开区"] and not any(";" in a for r in nodes[1:] for a in [r[1]])
    assert all(int(r[3]) >= 1 and 0 < float(r[4]) <= 1 for r in rels[1:])
    assert [float(r[8]) for r in nodes[1:] if r[8]] == [1200000.0]


def test_json_ld_refuses_an_iri_its_context_would_misread():
    from rdflib import RDFS, Literal, URIRef

    g = Graph()
    g.add((URIRef("kg:notanamespace"), RDFS.label, Literal("x")))
    with pytest.raises(ExportError) as exc:
        export_bytes(g, "jsonld")
    assert str(exc.value) == ("cannot write the IRI <kg:notanamespace> in JSON-LD: kg's context would read it as a "
                              "compact IRI (its scheme is one of kg's prefixes)")


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


# ---------------------------------------------------------------- the real consumers

def _relations(graph) -> set[tuple[str, str, str]]:
    """(head, tail, relation) of every relation between two entities, as the graph holds them."""
    from kg.assemble import entity_table

    nodes = entity_table(graph)
    return {(str(h), str(t), rel) for rel in ("locatedIn", "developsCluster", "cooperatesWith")
            for h, t in graph.subject_objects(KG[rel]) if h in nodes and t in nodes}


def _node_attributes(graph) -> dict[str, dict[str, str]]:
    """Every entity's flat attributes as the graph exports write them (absent ones left out)."""
    from kg.assemble import entity_table

    out = {}
    for iri, a in entity_table(graph).items():
        attrs = {"label": a["label"], "types": ",".join(sorted(a["types"])), "aliases": "|".join(a["aliases"])}
        attrs.update((k, a[k]) for k in ("adminCode", "adminLevel", "phase", "investmentCNY", "areaSquareMetres")
                     if k in a)
        out[str(iri)] = attrs
    return out


def _edge_ids(data: bytes) -> list[str]:
    from lxml import etree

    return [e.get("id") for e in etree.fromstring(data).iter("{*}edge")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_every_edge_has_its_own_id(graph, fmt):
    """Gephi's importer keeps the first edge of each id: every relation had the id of its kind."""
    data = export_bytes(graph, fmt)
    ids = _edge_ids(data)
    assert len(ids) == RELATIONS and len(set(ids)) == RELATIONS
    assert b"networkx_key" not in data           # networkx's name for its multigraph keys: no attribute of kg's


def test_edge_ids_are_stable(memory_graph):
    """An edge's id depends on its ends and relation only: not on the other edges, nor on the format."""
    data = export_bytes(memory_graph, "graphml")
    before = dict(zip(_edge_keys(data), _edge_ids(data)))
    bigger = county_graph()
    bigger.add((entity_iri("Project:柳溪冷库项目"), KG.locatedIn, entity_iri("Park:柳溪物流园")))
    bigger.remove((entity_iri("Park:柳溪物流园"), KG.developsCluster, None))
    data = export_bytes(bigger, "graphml")
    after = dict(zip(_edge_keys(data), _edge_ids(data)))
    common = set(before) & set(after)
    assert len(common) == RELATIONS - 1 and all(before[k] == after[k] for k in common)
    gexf = export_bytes(memory_graph, "gexf")
    assert dict(zip(_edge_keys(gexf), _edge_ids(gexf))) == before


def _edge_keys(data: bytes) -> list[tuple]:
    """(source, target, relation) of each edge of a GraphML or GEXF file, in the file's order."""
    from lxml import etree

    root = etree.fromstring(data)
    names = {k.get("id"): k.get("attr.name") or k.get("title") for k in root.iter("{*}key", "{*}attribute")}
    out = []
    for e in root.iter("{*}edge"):
        values = {names[d.get("key") or d.get("for")]: d.text if d.get("value") is None else d.get("value")
                  for d in e.iter("{*}data", "{*}attvalue")}
        out.append((e.get("source"), e.get("target"), values["relation"]))
    return out


@pytest.fixture
def memory_graph():
    return county_graph()


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networkx_reads_every_node_edge_and_attribute(graph, fmt, read):
    g = read(io.BytesIO(export_bytes(graph, fmt)))
    nodes = {n: {k: str(v) for k, v in a.items() if str(v) != ""} for n, a in g.nodes(data=True)}
    assert nodes == {n: {k: v for k, v in a.items() if v != ""} for n, a in _node_attributes(graph).items()}
    assert sorted((h, t, a["relation"]) for h, t, a in g.edges(data=True)) == sorted(_relations(graph))
    assert all(set(a) <= {"relation", "id"} for _, _, a in g.edges(data=True)), "no networkx_key"


def test_igraph_reads_every_node_edge_and_attribute(graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    export(graph, "graphml", tmp_path / "g.graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    expected = _node_attributes(graph)
    assert g.vcount() == len(expected) == ENTITIES
    for v in g.vs:
        a = v.attributes()
        assert {k: val for k, val in a.items() if k != "id" and val != ""} == \
            {k: val for k, val in expected[a["id"]].items() if val != ""}
    edges = {(g.vs[e.source]["id"], g.vs[e.target]["id"], e["relation"]) for e in g.es}
    assert g.ecount() == len(edges) == RELATIONS and edges == _relations(graph)

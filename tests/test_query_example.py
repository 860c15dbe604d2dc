"""`kg query` over the example corpus as a user runs it: cells that paste back into SPARQL, graph
results in the format asked for, the examples of `--help`, unknown labels. And the build's GraphML.

The example corpus (corpus/) is built once for the module through the CLI.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.cli import cli
from kg.export import jsonld_context
from kg.terms import PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    res = run("-q", "build", ROOT / "corpus", "-o", out, "-j", "1")
    assert res.exit_code == 0, res.output
    return out


# ---------------------------------------------------------------- cells that paste back

EVERY_IRI = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"


def test_every_iri_the_table_prints_pastes_back_into_a_query(example):
    """Every IRI cell of a table (entities, districts, mentions, assertions, documents, the ontology's
    terms) pasted into a query with no PREFIX of its own parses and names the same IRI."""
    table = run("query", "--graph", example, EVERY_IRI)
    tsv = run("query", "--graph", example, EVERY_IRI, "--format", "tsv")
    assert table.exit_code == 0 and tsv.exit_code == 0, table.output + tsv.output
    cells = [c for line in table.stdout.splitlines()[2:] for c in line.split()]
    iris = [c for line in tsv.stdout.splitlines()[1:] for c in line.split("\t")]
    assert len(cells) == len(iris) > 3000
    assert not [c for c in cells if c.endswith("…")]
    pasted = run("query", "--graph", example, "--format", "tsv",
                 "SELECT ?x WHERE { VALUES ?x { " + " ".join(sorted(set(cells))) + " } }")
    assert pasted.exit_code == 0, pasted.output[:500]
    assert sorted(pasted.stdout.splitlines()[1:]) == sorted(set(iris))
    assert {c.split(":", 1)[0] for c in cells if not c.startswith("<")} <= set(PREFIXES)
    assert any(c.startswith("id:") for c in cells) and any(c.startswith("<https://w3id.org/kg-cn/id/") for c in cells)


@pytest.mark.parametrize("iri, cell", [
    ("https://w3id.org/kg-cn/ontology#locatedIn", "kg:locatedIn"),
    ("https://w3id.org/kg-cn/id/dataset", "id:dataset"),
    ("https://w3id.org/kg-cn/id/district/370703", "<https://w3id.org/kg-cn/id/district/370703>"),
    ("https://w3id.org/kg-cn/id/e/00d155ae2eae8dbb", "<https://w3id.org/kg-cn/id/e/00d155ae2eae8dbb>"),
    ("https://w3id.org/kg-cn/id/x.", "<https://w3id.org/kg-cn/id/x.>"),            # no final dot
    ("https://w3id.org/kg-cn/id/.x", "<https://w3id.org/kg-cn/id/.x>"),            # no first dot
    ("https://w3id.org/kg-cn/id/1a-b.c", "id:1a-b.c"),
    ("https://w3id.org/kg-cn/id/寒亭区", "id:寒亭区"),
    ("https://w3id.org/kg-cn/id/a%20b", "id:a%20b"),
    ("https://w3id.org/kg-cn/id/a%2", "<https://w3id.org/kg-cn/id/a%2>"),
    ("https://w3id.org/kg-cn/id/a(1)", "<https://w3id.org/kg-cn/id/a(1)>"),
    ("https://w3id.org/kg-cn/id/", "<https://w3id.org/kg-cn/id/>"),
    ("http://rdfs.org/ns/void#Dataset", "<http://rdfs.org/ns/void#Dataset>"),     # not predeclared
    ("urn:x", "<urn:x>"),
])
def test_prefixed_names_are_sparql(iri, cell):
    from kg import query

    assert query.prefixed_name(iri) == cell


# ---------------------------------------------------------------- graph results

CONSTRUCT = "CONSTRUCT { ?p a kg:Park ; rdfs:label ?l ; kg:locatedIn ?d } WHERE { ?p a kg:Park ; rdfs:label ?l ; " \
            "kg:locatedIn ?d }"
DESCRIBE = "DESCRIBE <https://w3id.org/kg-cn/id/district/370703>"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("sparql", [CONSTRUCT, DESCRIBE])
def test_graph_results_come_in_the_format_asked_for(example, sparql):
    """table: Turtle; json: JSON-LD compacted with kg's context; xml: RDF/XML; all the same triples."""
    turtle = run("query", "--graph", example, sparql)
    assert turtle.exit_code == 0, turtle.output
    expected = triples(Graph().parse(data=turtle.stdout, format="turtle"))
    assert len(expected) > 5
    js = run("query", "--graph", example, sparql, "--format", "json")
    assert js.exit_code == 0, js.output
    doc = json.loads(js.stdout)
    assert doc["@context"] == jsonld_context()
    assert triples(Graph().parse(data=js.stdout, format="json-ld")) == expected
    xml = run("query", "--graph", example, sparql, "--format", "xml")
    assert xml.exit_code == 0, xml.output
    assert triples(Graph().parse(data=xml.stdout, format="xml")) == expected


def triples(g: Graph) -> set:
    """The triples of ``g``, a typed literal as its value (Turtle writes the decimal "1" as 1.0: the same
    value in another lexical form)."""
    return {(s, p, (o.datatype, o.toPython()) if isinstance(o, Literal) and o.datatype else o) for s, p, o in g}


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_graph_results_are_no_table(example, fmt):
    res = run("query", "--graph", example, CONSTRUCT, "--format", fmt)
    assert res.exit_code == 1
    assert res.stderr == (f"Error: CONSTRUCT and DESCRIBE give a graph, not a table of {fmt.upper()}: use --format "
                          "table (Turtle), json (JSON-LD) or xml (RDF/XML)\n")


# ---------------------------------------------------------------- the examples of --help

def _help_examples() -> list[list[str]]:
    text = run("query", "--help").stdout
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("kg query --graph out")]
    return [re.findall(r"'[^']*'|\S+", line)[2:] for line in lines]


def test_the_help_has_examples_of_named_queries():
    named = [args[args.index("--name") + 1] for args in _help_examples() if "--name" in args]
    assert "projects-over" in named and len(named) >= 3


@pytest.mark.parametrize("args", _help_examples(), ids=lambda a: " ".join(a)[:60])
def test_every_help_example_gives_rows_on_the_example_corpus(example, args):
    args = [a.strip("'") for a in args]
    args[args.index("--graph") + 1] = str(example)
    res = run("query", *args)
    assert res.exit_code == 0, res.output
    if "csv" in args:
        assert len(list(csv.reader(io.StringIO(res.stdout)))) > 1, res.stdout
    else:
        assert len(res.stdout.splitlines()) > 2, res.stdout


# ---------------------------------------------------------------- unknown labels

def test_an_unknown_label_is_an_error_with_near_labels(example):
    res = run("query", "--graph", example, "--name", "entity", "--param", "label=寒亭县")
    assert res.exit_code == 1 and res.stdout == ""
    m = re.fullmatch(r'Error: no entity labelled "寒亭县" in the graph; try one of: (.+)\n', res.stderr)
    assert m, res.stderr
    assert "寒亭区" in m.group(1).split(", ")


def test_a_label_written_another_way_finds_its_entity(example):
    """As `kg viz --focus`: width, case and spaces aside (寒亭 区, ＨＡ for HA)."""
    exact = run("query", "--graph", example, "--name", "neighbourhood", "--param", "entity=寒亭区")
    spaced = run("query", "--graph", example, "--name", "neighbourhood", "--param", "entity=寒亭 区")
    assert exact.exit_code == spaced.exit_code == 0, spaced.output
    assert spaced.stdout == exact.stdout and len(exact.stdout.splitlines()) > 2


# ---------------------------------------------------------------- the build's GraphML

def test_the_builds_graphml_has_one_id_per_edge(example):
    from lxml import etree

    ids = [e.get("id") for e in etree.parse(str(example / "graph.graphml")).getroot().iter("{*}edge")]
    assert len(ids) > 50 and len(set(ids)) == len(ids)

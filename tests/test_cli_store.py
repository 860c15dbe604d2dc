"""The store commands as users type them: query, serve, push, validate, export (CliRunner)."""
from __future__ import annotations

import csv
import io
import json
import socket

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, RDF, RDFS, Graph, Literal
from test_push import count, oxigraph  # noqa: F401 - oxigraph is a fixture
from test_store import county_graph, county_out, make_out  # noqa: F401 - county_out is a fixture

from kg.assemble import entity_iri
from kg.cli import cli
from kg.vocab import ID, KG

N = len(county_graph())
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ---------------------------------------------------------------- query

def test_query_prints_the_triple_count(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, COUNT)
    assert res.exit_code == 0, res.output
    w = len(str(N))
    assert res.stdout.splitlines() == ["n".rjust(w), "-" * w, str(N)]


def test_query_from_a_file_as_json(county_out, tmp_path):  # noqa: F811
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?l WHERE { ?p a kg:Project ; rdfs:label ?l } ORDER BY ?l", encoding="utf-8")
    res = run("query", "--graph", county_out, "-f", f, "--format", "json")
    assert res.exit_code == 0
    assert [b["l"]["value"] for b in json.loads(res.stdout)["results"]["bindings"]] == ["柳溪冷库项目", "澄川光伏组件项目"]


def test_query_list(county_out):  # noqa: F811
    res = run("query", "--list")
    assert res.exit_code == 0
    assert "parks-of-district: parks of a district" in res.stdout
    assert "--param district=<label>" in res.stdout


def test_query_named_with_params_as_csv(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "--name", "parks-of-district", "--param", "district=澄川县",
              "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert [r[1] for r in rows] == ["parkLabel", "柳溪物流园", "澄川智能制造产业园", "澄川经济开发区"]


def test_query_named_amount_in_yi(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "-n", "projects-over", "-p", "amount=10亿", "--format", "tsv")
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 2 and "澄川光伏组件项目" in res.stdout


def test_query_param_of_raw_sparql(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "--format", "csv", "-p", "path=news/liuxi.md",
              "SELECT ?d WHERE { ?d kg:filePath ?path }")
    assert res.stdout.splitlines()[1] == "https://w3id.org/kg-cn/id/doc/d2"


def test_query_construct_is_turtle(county_out):  # noqa: F811
    res = run("query", "--graph", county_out,
              "CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a kg:Organization ; rdfs:label ?l }")
    assert res.exit_code == 0
    assert len(Graph().parse(data=res.stdout, format="turtle")) == 2


def test_query_malformed_is_error_1(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "SELECT ?x WHERE { ?x ?p }")
    assert res.exit_code == 1
    assert res.stderr == ("Error: query is not valid SPARQL at line 1, column 26: expected one of LATERAL, SERVICE, [_]\n"
                          "  SELECT ?x WHERE { ?x ?p }\n"
                          "                           ^\n")
    assert "Traceback" not in res.output and res.stdout == ""


def test_query_update_is_refused(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "DELETE WHERE { ?s ?p ?o }")
    assert res.exit_code == 1
    assert res.stderr == ("Error: updates are refused (DELETE): the graph is read-only here; "
                          "it changes only by rebuilding it with `kg build`\n")
    assert run("query", "--graph", county_out, "--format", "csv", COUNT).stdout.splitlines()[1] == str(N)


def test_query_service_is_refused(county_out):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]          # closed once the block ends
    res = run("query", "--graph", county_out,
              f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    assert res.exit_code == 1
    assert res.stderr == ("Error: federated queries (SERVICE) are refused: kg never fetches other URLs "
                          "(the endpoint and kg query only read the graph built here)\n")


def test_query_file_not_utf8(county_out, tmp_path):  # noqa: F811
    f = tmp_path / "q.rq"
    f.write_bytes("SELECT ?x WHERE { BIND('澄川' AS ?x) }".encode("gb18030"))
    res = run("query", "--graph", county_out, "-f", f)
    assert res.exit_code == 1
    assert res.stderr == f"Error: {f} is not UTF-8 (byte 0xb3 at offset 24); save the query as UTF-8\n"


@pytest.fixture(scope="module")
def many_documents(tmp_path_factory):
    """The county with 150 more documents (news/extra/000.md ... 149.md, titled 新闻0 ... 新闻149)."""
    g = county_graph()
    for i in range(150):
        d = ID[f"doc/extra{i:03d}"]
        g.add((d, RDF.type, KG.Document))
        g.add((d, KG.filePath, Literal(f"news/extra/{i:03d}.md")))
        g.add((d, DCTERMS.title, Literal(f"新闻{i}")))
    return make_out(tmp_path_factory.mktemp("many") / "out", g, html=False)


def _paths(res) -> list[str]:
    return [r[4] for r in csv.reader(io.StringIO(res.stdout))][1:]


def test_query_listing_prints_the_first_100_rows_and_says_so(many_documents):
    res = run("query", "--graph", many_documents, "--name", "documents", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert _paths(res) == ["news/chengchuan-park.md"] + [f"news/extra/{i:03d}.md" for i in range(99)]
    assert res.stderr == "(the first 100 rows; more are left out: --param limit=0 shows them all)\n"
    table = run("query", "--graph", many_documents, "--name", "documents")
    assert len(table.stdout.splitlines()) == 2 + 100 and table.stderr == res.stderr


@pytest.mark.parametrize("limit, rows", [("0", 152), ("5", 5), ("200", 152)])
def test_query_limit_param(many_documents, limit, rows):
    res = run("query", "--graph", many_documents, "--name", "documents", "--format", "csv", "-p", f"limit={limit}")
    assert res.exit_code == 0, res.output
    assert len(_paths(res)) == rows and res.stderr == ""


def test_query_filter_applies_before_the_limit(many_documents):
    # the title is bound inside the sub-SELECT that sorts and cuts: 新闻14, 新闻140 ... 新闻149
    res = run("query", "--graph", many_documents, "-n", "documents", "-p", "title=新闻14", "-p", "limit=5",
              "--format", "csv")
    assert _paths(res) == [f"news/extra/{i:03d}.md" for i in (14, 140, 141, 142, 143)] and res.stderr == ""


@pytest.mark.parametrize("value", ["all", "-1", "1000000001", "99999999999999999999999"])
def test_query_bad_limit(county_out, value):  # noqa: F811
    res = run("query", "--graph", county_out, "--name", "documents", "-p", f"limit={value}")
    assert res.exit_code == 1
    assert res.stderr == (f"Error: query documents: parameter limit={value!r} is invalid: expected a number of "
                          "rows up to 1000000000, or 0 for all of them\n")


def test_query_unknown_name(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "--name", "nope")
    assert res.exit_code == 1
    assert res.stderr.startswith("Error: no named query 'nope'; valid: clusters, documents,")


def test_query_missing_param(county_out):  # noqa: F811
    res = run("query", "--graph", county_out, "--name", "parks-of-district")
    assert res.exit_code == 1
    assert res.stderr == "Error: query parks-of-district needs district: --param district=...\n"


@pytest.mark.parametrize("args, message", [
    (["--param", "district"], "Error: --param 'district': expected NAME=VALUE, e.g. --param district=青禾县"),
    (["--param", "a=1", "--param", "a=2"], "Error: --param a given twice"),
])
def test_query_bad_param_syntax_is_usage_error(county_out, args, message):  # noqa: F811
    res = run("query", "--graph", county_out, "--name", "parks-of-district", *args)
    assert res.exit_code == 2
    assert res.stderr.strip().endswith(message)


@pytest.mark.parametrize("args", [[], ["--name", "clusters", COUNT], ["--list", "--name", "clusters"]])
def test_query_needs_exactly_one_query(county_out, args):  # noqa: F811
    res = run("query", "--graph", county_out, *args)
    assert res.exit_code == 2


def test_query_without_a_built_graph(tmp_path):
    res = run("query", "--graph", tmp_path / "out", COUNT)
    assert res.exit_code == 1
    assert res.stderr == (f"Error: {tmp_path / 'out'}: no built graph here (graph.ttl missing); "
                          f"run: kg build CORPUS -o {tmp_path / 'out'}\n")


# ---------------------------------------------------------------- serve

def test_serve_help():
    res = run("serve", "--help")
    assert res.exit_code == 0
    assert "--host" in res.stdout and "--port" in res.stdout and "loopback" in res.stdout


def test_serve_without_a_built_graph(tmp_path):
    res = run("serve", "--graph", tmp_path, "--port", "0")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: {tmp_path}: no built graph here")


def test_serve_bad_port():
    res = run("serve", "--port", "70000")
    assert res.exit_code == 2


# ---------------------------------------------------------------- push

def test_push_help():
    res = run("push", "--help")
    assert res.exit_code == 0
    for store in ("Fuseki", "GraphDB", "Virtuoso", "Oxigraph"):
        assert store in res.stdout


def test_push_happy_path(county_out, oxigraph):  # noqa: F811
    res = run("push", "--graph", county_out, "--endpoint", oxigraph + "/store", "--graph-iri", "urn:kg:test")
    assert res.exit_code == 0, res.output
    assert res.stderr.startswith(f"pushed {N} triples into urn:kg:test at {oxigraph}/store?graph=urn%3Akg%3Atest "
                                 "by Graph Store PUT in ")
    assert count(oxigraph, "urn:kg:test") == N


def test_push_connection_refused(county_out):  # noqa: F811
    res = run("push", "--graph", county_out, "--endpoint", "http://127.0.0.1:9/store")
    assert res.exit_code == 1
    assert res.stderr == ("Error: cannot reach http://127.0.0.1:9/store?default: connection refused; "
                          "is the store running and the URL right?\n")


def test_push_needs_an_endpoint(county_out):  # noqa: F811
    res = run("push", "--graph", county_out)
    assert res.exit_code == 2 and "Missing option '--endpoint'" in res.stderr


# ---------------------------------------------------------------- validate

def test_validate_ok(county_out):  # noqa: F811
    res = run("validate", "--graph", county_out)
    assert res.exit_code == 0
    assert res.stdout == ""
    assert res.stderr.endswith(f"{county_out}: the whole graph (454 triples: entities, relations, documents and "
                               "evidence) conforms to kg's 33 SHACL shapes\n")


def test_validate_violations_exit_1(tmp_path):
    g = county_graph()
    g.add((entity_iri("Park:柳溪物流园"), RDFS.label, Literal("Liuxi", lang="en")))
    out = make_out(tmp_path / "out", g)
    res = run("validate", "--graph", out)
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "柳溪物流园 (Park): must have exactly one rdfs:label in Chinese (@zh)",
        '柳溪物流园 (Park): must have exactly one rdfs:label in Chinese (@zh), found "Liuxi"@en',
    ]
    assert res.stderr.endswith(f"Error: 2 violation(s) of kg's 33 SHACL shapes in the whole graph in {out} "
                               f"({len(g)} triples)\n")
    res = run("validate", "--graph", out, "--limit", "1")
    assert len(res.stdout.splitlines()) == 1
    assert res.stderr.endswith(f"Error: 2 violation(s) of kg's 33 SHACL shapes in the whole graph in {out} "
                               f"({len(g)} triples) (1 more not shown)\n")


def test_validate_without_a_built_graph(tmp_path):
    res = run("validate", "--graph", tmp_path)
    assert res.exit_code == 1 and res.stderr.startswith(f"Error: {tmp_path}: no built graph here")


# ---------------------------------------------------------------- export

def test_export_to_stdout(county_out):  # noqa: F811
    res = run("export", "--graph", county_out, "--format", "nt")
    assert res.exit_code == 0
    assert len(Graph().parse(data=res.stdout_bytes, format="nt")) == N


def test_export_to_a_file_and_a_folder(county_out, tmp_path):  # noqa: F811
    res = run("export", "--graph", county_out, "--format", "gexf", "-o", tmp_path / "g.gexf")
    assert res.exit_code == 0 and res.stderr == f"wrote {tmp_path / 'g.gexf'}\n"
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8").startswith("<?xml")
    res = run("export", "--graph", county_out, "--format", "neo4j-csv", "-o", tmp_path / "neo4j")
    assert res.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "neo4j").iterdir()) == ["nodes.csv", "relationships.csv"]


def test_export_folder_format_needs_output(county_out):  # noqa: F811
    res = run("export", "--graph", county_out, "--format", "neo4j-csv")
    assert res.exit_code == 2
    assert res.stderr.strip().endswith("Error: --format neo4j-csv writes a folder: give -o FOLDER")


def test_export_unknown_format(county_out):  # noqa: F811
    res = run("export", "--graph", county_out, "--format", "xlsx")
    assert res.exit_code == 2
    assert "'xlsx' is not one of 'ttl', 'nt', 'jsonld', 'graphml', 'gexf', 'neo4j-csv'" in res.stderr


def test_export_without_a_built_graph(tmp_path):
    res = run("export", "--graph", tmp_path, "--format", "ttl")
    assert res.exit_code == 1 and res.stderr.startswith(f"Error: {tmp_path}: no built graph here")

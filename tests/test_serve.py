"""kg.serve: a real SPARQL 1.1 Protocol endpoint on loopback, queried with urllib."""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from test_store import county_graph, county_out  # noqa: F401 - county_out is a fixture

from kg import serve as kserve
from kg.errors import ExportError, KGError

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
N = len(county_graph())
VIEW = "https://w3id.org/kg-cn/view/clusters"       # the one named graph of the store (a materialized view)
VIEW_N = 12                                         # its triples over the county


@pytest.fixture(scope="module")
def server(county_out):  # noqa: F811
    srv = kserve.make_server(county_out, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def http(server, path, data=None, headers=None, method=None):
    """(status, headers, body text) of a request; error statuses are returned, not raised."""
    req = urllib.request.Request(server.url + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def test_get_json_is_the_default(server):
    status, headers, body = http(server, "/sparql?query=" + quote(COUNT))
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["n"]
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == N


def test_post_sparql_query_as_csv(server):
    q = "SELECT ?l WHERE { ?p a kg:Park ; rdfs:label ?l } ORDER BY ?l"
    status, headers, body = http(server, "/sparql", q.encode("utf-8"),
                                 {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == [["l"], ["柳溪物流园"], ["澄川智能制造产业园"], ["澄川经济开发区"]]


def test_post_form_as_xml(server):
    data = urlencode({"query": "SELECT ?d WHERE { ?d rdfs:label '澄川县'@zh }"}).encode()
    status, headers, body = http(server, "/sparql", data, {"Content-Type": "application/x-www-form-urlencoded",
                                                           "Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    uri = ET.fromstring(body).find(f"{ns}results/{ns}result/{ns}binding/{ns}uri").text
    assert uri == "https://w3id.org/kg-cn/id/district/990123"


def test_tsv_and_q_values(server):
    status, headers, body = http(server, "/sparql?query=" + quote("SELECT ?x WHERE { BIND(1 AS ?x) }"),
                                 headers={"Accept": "text/csv;q=0.5, text/tab-separated-values, */*;q=0.1"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body == "?x\n1\n"


def test_ask(server):
    status, _, body = http(server, "/sparql?query=" + quote("ASK { ?x kg:cooperatesWith ?y }"))
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_construct_as_turtle_and_ntriples(server):
    q = quote("CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a kg:Organization ; rdfs:label ?l }")
    status, headers, body = http(server, "/sparql?query=" + q)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 2
    status, headers, body = http(server, "/sparql?query=" + q, headers={"Accept": "application/n-triples"})
    assert headers["Content-Type"].startswith("application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) == 2


def test_construct_as_jsonld_is_compacted_as_kg_export_writes_it(server):
    q = quote("CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a kg:Organization ; rdfs:label ?l }")
    status, headers, body = http(server, "/sparql?query=" + q, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    doc = json.loads(body)
    assert "@context" in doc and all("rdfs:label" in node for node in doc["@graph"])
    turtle = Graph().parse(data=http(server, "/sparql?query=" + q)[2], format="turtle")
    assert set(Graph().parse(data=body, format="json-ld")) == set(turtle)


@pytest.mark.parametrize("how", ["form", "sparql-update", "query-param", "get-update"])
def test_updates_are_refused(server, how):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if how == "form":
        r = http(server, "/sparql", urlencode({"update": update}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "sparql-update":
        r = http(server, "/sparql", update.encode(), {"Content-Type": "application/sparql-update"})
    elif how == "query-param":
        r = http(server, "/sparql?query=" + quote(update))
    else:
        r = http(server, "/sparql?update=" + quote(update))
    status, _, body = r
    assert status == 403
    assert "read-only" in body and "kg build" in body
    assert int(json.loads(http(server, "/sparql?query=" + quote(COUNT))[2])
               ["results"]["bindings"][0]["n"]["value"]) == N


def test_federated_queries_are_refused(server):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = http(server, "/sparql?query=" + quote(q))
    assert status == 403 and body.startswith("federated queries (SERVICE) are refused")


def test_malformed_query_is_400_with_the_position(server):
    status, headers, body = http(server, "/sparql?query=" + quote("SELECT ?x WHERE { ?x ?p }"))
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.startswith("query is not valid SPARQL at line 1, column 26:")


@pytest.mark.parametrize("path", ["/sparql?default-graph-uri=" + quote(VIEW),
                                  "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"])
def test_missing_query(server, path):
    status, _, body = http(server, path)
    assert status == 400 and body.startswith("give exactly one query")


def test_unsupported_content_type(server):
    status, _, body = http(server, "/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 415 and "application/sparql-query" in body


def test_put_is_not_allowed(server):
    status, headers, _ = http(server, "/sparql", b"x", {"Content-Type": "text/turtle"}, method="PUT")
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_the_view_is_served_at_the_root(server):
    status, headers, body = http(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<title>澄川县</title>" in body


@pytest.mark.parametrize("path", ["/store/CURRENT", "/../../etc/passwd", "/graph.ttl", "/nothing.html"])
def test_only_the_view_files_are_served(server, path):
    assert http(server, path)[0] == 404


def test_concurrent_queries(server):
    results = []

    def one():
        results.append(http(server, "/sparql?query=" + quote(COUNT))[0])

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 8


# ---------------------------------------------------------------- CORS (issue 17)

EDITOR = "http://editor.example"                    # a SPARQL editor's page on another origin


@pytest.fixture
def start(county_out):  # noqa: F811
    """``start(**options)``: another in-process server over the county (one worker), serving in a thread
    (``host`` too: 127.0.0.1 by default)."""
    servers = []

    def start(**options):
        srv = kserve.make_server(county_out, options.pop("host", "127.0.0.1"), 0, workers=1, **options)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def preflight(server, origin=EDITOR, method="POST", headers="content-type", path="/sparql", extra=None):
    return http(server, path, method="OPTIONS", headers={"Origin": origin, "Access-Control-Request-Method": method,
                                                         "Access-Control-Request-Headers": headers, **(extra or {})})


def test_a_preflight_is_answered(server):
    status, headers, body = preflight(server)
    assert status == 204 and body == ""
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert headers["Access-Control-Allow-Headers"] == "Content-Type, Accept"
    assert headers["Access-Control-Max-Age"] == "7200"
    assert headers["Content-Length"] is None and "Access-Control-Allow-Private-Network" not in headers
    # a page on a public origin asking for a loopback server (Chromium's Private Network Access)
    headers = preflight(server, extra={"Access-Control-Request-Private-Network": "true"})[1]
    assert headers["Access-Control-Allow-Private-Network"] == "true"


def test_options_without_a_preflight(server):
    status, headers, _ = http(server, "/sparql", method="OPTIONS")
    assert status == 204 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    status, headers, _ = http(server, "/", method="OPTIONS", headers={"Origin": EDITOR})
    assert status == 204 and headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in headers          # the view is for its own origin only


@pytest.mark.parametrize("path, data, content_type, expected", [
    ("/sparql?query=" + quote(COUNT), None, None, 200),
    ("/sparql", COUNT.encode(), "application/sparql-query", 200),
    ("/sparql", urlencode({"query": COUNT}).encode(), "application/x-www-form-urlencoded", 200),
    ("/sparql?query=" + quote("SELECT ?x WHERE { ?x ?p }"), None, None, 400),
    ("/sparql", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update", 403),
    ("/sparql", b"x", "text/plain", 415),
    ("/sparql", None, None, 200),                                # the service description
])
def test_every_answer_of_the_endpoint_may_be_read_by_another_origin(server, path, data, content_type, expected):
    headers = {"Origin": EDITOR, **({"Content-Type": content_type} if content_type else {})}
    status, got, _ = http(server, path, data, headers)
    assert status == expected
    assert got["Access-Control-Allow-Origin"] == "*"


def test_cors_for_one_origin_only(start):
    srv = start(cors=("http://allowed.example",))
    status, headers, _ = preflight(srv, origin="http://allowed.example")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "http://allowed.example"
    assert headers["Vary"] == "Origin"
    status, headers, _ = preflight(srv, origin=EDITOR)
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    assert "Access-Control-Allow-Methods" not in headers
    status, headers, body = http(srv, "/sparql?query=" + quote(COUNT), headers={"Origin": EDITOR})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers     # answered; the browser hides it
    assert headers["Vary"] == "Accept, Origin"
    status, headers, _ = http(srv, "/sparql?query=" + quote(COUNT), headers={"Origin": "http://allowed.example"})
    assert headers["Access-Control-Allow-Origin"] == "http://allowed.example"


def test_cors_off(start):
    srv = start(cors=())
    status, headers, _ = preflight(srv)
    assert status == 204 and not [h for h in headers if h.lower().startswith("access-control-")]
    status, headers, _ = http(srv, "/sparql?query=" + quote(COUNT), headers={"Origin": EDITOR})
    assert status == 200 and not [h for h in headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("values, expected", [
    (("*",), ("*",)), ((), ()), (("none",), ()),
    (("https://Yasgui.Triply.cc/",), ("https://yasgui.triply.cc",)),
    (("http://127.0.0.1:8080", "http://[::1]:3000"), ("http://127.0.0.1:8080", "http://[::1]:3000")),
    (("http://a.example", "*"), ("*",)),
])
def test_cors_origins(values, expected):
    assert kserve.cors_origins(values) == expected


@pytest.mark.parametrize("value", ["yasgui.triply.cc", "https://yasgui.triply.cc/sparql", "ftp://a.example",
                                   "null", ""])
def test_a_bad_cors_origin(value):
    with pytest.raises(KGError) as exc:
        kserve.cors_origins([value])
    assert str(exc.value) == (f"--cors-origin {value!r} is not an origin: give SCHEME://HOST[:PORT] "
                              "(e.g. https://yasgui.triply.cc), * for any origin, or none for no CORS")


def test_kg_serve_refuses_a_bad_cors_origin(county_out):  # noqa: F811
    from click.testing import CliRunner

    from kg.cli import cli

    res = CliRunner().invoke(cli, ["serve", "--graph", str(county_out), "--cors-origin", "example.org"])
    assert res.exit_code == 1
    assert res.output == ("Error: --cors-origin 'example.org' is not an origin: give SCHEME://HOST[:PORT] "
                          "(e.g. https://yasgui.triply.cc), * for any origin, or none for no CORS\n")


# ---------------------------------------------------------------- the protocol's dataset (issue 17)

def n_of(body: str) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_default_graph_uri(server, how):
    dataset = urlencode([("default-graph-uri", VIEW), ("default-graph-uri", VIEW)])    # repeatable; merged once
    if how == "get":
        status, _, body = http(server, f"/sparql?query={quote(COUNT)}&{dataset}")
    elif how == "form":
        status, _, body = http(server, "/sparql", f"query={quote(COUNT)}&{dataset}".encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = http(server, f"/sparql?{dataset}", COUNT.encode(),
                               {"Content-Type": "application/sparql-query"})
    assert status == 200, body
    assert n_of(body) == VIEW_N
    assert n_of(http(server, "/sparql?query=" + quote(COUNT))[2]) == N          # without it: the graph kg built


def test_named_graph_uri(server):
    status, _, body = http(server, "/sparql?query=" + quote(GRAPHS))
    assert [(b["g"]["value"], b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]] == [(VIEW, "12")]
    # the protocol's dataset replaces the whole default dataset, as FROM / FROM NAMED do
    status, _, body = http(server, f"/sparql?query={quote(GRAPHS)}&default-graph-uri={quote(VIEW)}")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = http(server, f"/sparql?query={quote(COUNT)}&named-graph-uri={quote(VIEW)}")
    assert status == 200 and n_of(body) == 0
    data = urlencode([("query", GRAPHS), ("named-graph-uri", VIEW), ("named-graph-uri", VIEW)]).encode()
    status, _, body = http(server, "/sparql", data, {"Content-Type": "application/x-www-form-urlencoded"})
    assert [(b["g"]["value"], b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]] == [(VIEW, "12")]


def test_the_protocol_dataset_overrides_from(server):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{VIEW}> WHERE {{ ?s ?p ?o }}"
    assert n_of(http(server, "/sparql?query=" + quote(q))[2]) == VIEW_N
    status, _, body = http(server, f"/sparql?query={quote(q)}&named-graph-uri={quote(VIEW)}")
    assert status == 200 and n_of(body) == 0


@pytest.mark.parametrize("param, value, message", [
    ("default-graph-uri", "https://example.org/g",
     "default-graph-uri: no graph named <https://example.org/g> here; the named graphs are "
     f"<{VIEW}>; leave default-graph-uri and named-graph-uri out to query the graph kg built"),
    ("named-graph-uri", "urn:x:y",
     "named-graph-uri: no graph named <urn:x:y> here; the named graphs are "
     f"<{VIEW}>; leave default-graph-uri and named-graph-uri out to query the graph kg built"),
    ("default-graph-uri", "not an iri",
     "default-graph-uri: 'not an iri' is not an absolute IRI (such as https://example.org/graph)"),
])
def test_a_graph_the_store_does_not_hold_is_400(server, param, value, message):
    status, headers, body = http(server, f"/sparql?query={quote(COUNT)}&{urlencode({param: value})}")
    assert status == 400 and body == message + "\n"


# ---------------------------------------------------------------- service description (issue 17)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")


def described(server, accept=None, fmt="turtle") -> Graph:
    status, headers, body = http(server, "/sparql", headers={"Accept": accept} if accept else {})
    assert status == 200, body
    return Graph().parse(data=body, format=fmt), headers


def test_the_service_description(server):
    g, headers = described(server)
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    service = g.value(predicate=RDF.type, object=SD.Service, any=False)
    assert g.value(service, SD.endpoint) == URIRef(server.url + "/sparql")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL10Query, SD.SPARQL11Query}
    assert set(g.objects(service, SD.resultFormat)) == {
        FORMATS[f] for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                             "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")}
    assert SD.BasicFederatedQuery not in set(g.objects(service, SD.feature))
    dataset = g.value(service, SD.defaultDataset)
    assert g.value(dataset, RDF.type) == SD.Dataset
    assert g.value(g.value(dataset, SD.defaultGraph), VOID.triples).toPython() == N
    named = list(g.objects(dataset, SD.namedGraph))
    assert [g.value(n, SD.name) for n in named] == [URIRef(VIEW)]
    assert g.value(g.value(named[0], SD.graph), VOID.triples).toPython() == VIEW_N


def test_the_service_description_as_rdf_xml_names_the_host_asked_for(server):
    turtle, _ = described(server)
    xml, headers = described(server, "application/rdf+xml", "xml")
    assert headers["Content-Type"].startswith("application/rdf+xml")
    assert isomorphic(turtle, xml)
    status, _, body = http(server, "/sparql", headers={"Host": "kg.example:8000"})
    assert "<http://kg.example:8000/sparql>" in body


# ---------------------------------------------------------------- pieces

@pytest.mark.parametrize("host, loop", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                        ("0.0.0.0", False), ("192.168.1.4", False), ("example.org", False)])
def test_is_loopback(host, loop):
    assert kserve.is_loopback(host) is loop


@pytest.mark.parametrize("accept, graph, expected", [
    (None, False, "json"), ("text/csv", False, "csv"), ("application/sparql-results+xml", False, "xml"),
    ("text/html, */*", False, "json"), ("text/csv;q=0.2, application/json;q=0.9", False, "json"),
    (None, True, "turtle"), ("application/ld+json", True, "json-ld"), ("text/csv", True, "turtle"),
])
def test_negotiate(accept, graph, expected):
    assert kserve.negotiate(accept, graph)[0] == expected


def test_make_server_without_a_graph(tmp_path):
    with pytest.raises(ExportError, match="no built graph here"):
        kserve.make_server(tmp_path, "127.0.0.1", 0)


def test_port_in_use(county_out):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(KGError) as exc:
            kserve.make_server(county_out, "127.0.0.1", port)
    assert str(exc.value) == f"cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port"


def test_serve_warns_on_a_non_loopback_address(county_out, monkeypatch, caplog):  # noqa: F811
    class Fake:
        url = "http://0.0.0.0:1"

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(kserve, "make_server", lambda *a, **k: Fake())
    with caplog.at_level(logging.WARNING, logger="kg.serve"):
        kserve.serve(county_out, "0.0.0.0", 1)
    assert "listening on 0.0.0.0 makes the graph readable by every machine" in caplog.text


def test_kg_serve_process_and_kg_query_share_the_store(county_out):  # noqa: F811
    """`kg serve` (a process) and `kg query` (another) read the same OUT/store at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(county_out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        assert f"SPARQL endpoint: http://127.0.0.1:{port}/sparql" in line
        url = f"http://127.0.0.1:{port}/sparql?query=" + quote(COUNT)
        deadline = time.time() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    body = json.loads(resp.read())
                break
            except urllib.error.URLError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        assert int(body["results"]["bindings"][0]["n"]["value"]) == N
        q = subprocess.run([sys.executable, "-m", "kg", "query", "--graph", str(county_out), "--format", "csv",
                            COUNT], capture_output=True, text=True, timeout=60)
        assert q.returncode == 0, q.stderr
        assert q.stdout.splitlines() == ["n", str(N)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)

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
from rdflib import Graph
from test_store import county_graph, county_out  # noqa: F401 - county_out is a fixture

from kg import serve as kserve
from kg.errors import ExportError, KGError

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
N = len(county_graph())


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


def test_missing_query(server):
    status, _, body = http(server, "/sparql")
    assert status == 400 and body.startswith("give exactly one query")


def test_unsupported_content_type(server):
    status, _, body = http(server, "/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 415 and "application/sparql-query" in body


def test_put_is_not_allowed(server):
    status, headers, _ = http(server, "/sparql", b"x", {"Content-Type": "text/turtle"}, method="PUT")
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST"


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

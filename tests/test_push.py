"""kg.push against a real `oxigraph serve` on loopback (the binary of the test extra, in .venv/bin)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from test_store import county_graph, county_out, make_out  # noqa: F401 - county_out is a fixture

from kg import push as kpush
from kg.errors import ExportError

pytestmark = pytest.mark.server

N = len(county_graph())
G = "https://example.org/graph/chengchuan"


def _oxigraph() -> str | None:
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph(tmp_path):
    """Base URL of a fresh `oxigraph serve` with an empty store."""
    exe = _oxigraph()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install 'oxigraph==0.5.13')")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxstore"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/query?query=" + quote("ASK {}"), timeout=5).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph did not start: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def count(base: str, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    q = quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    req = urllib.request.Request(f"{base}/query?query={q}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def test_push_by_graph_store_protocol_replaces_the_named_graph(oxigraph, county_out):  # noqa: F811
    r = kpush.push(county_out, oxigraph + "/store", G)
    assert (r.protocol, r.triples, r.requests) == ("gsp", N, 1)
    assert r.endpoint == f"{oxigraph}/store?graph={quote(G, safe='')}"
    assert count(oxigraph, G) == N and count(oxigraph) == 0
    kpush.push(county_out, oxigraph + "/store", G)            # again: replaced, not doubled
    assert count(oxigraph, G) == N


def test_push_into_the_default_graph(oxigraph, county_out):  # noqa: F811
    kpush.push(county_out, oxigraph + "/store")
    kpush.push(county_out, oxigraph + "/store")
    assert count(oxigraph) == N


def test_a_smaller_graph_replaces_a_bigger_one(oxigraph, county_out, tmp_path):  # noqa: F811
    kpush.push(county_out, oxigraph + "/store", G)
    small = county_graph()
    for t in list(small)[:10]:
        small.remove(t)
    out = make_out(tmp_path / "small", small)
    kpush.push(out, oxigraph + "/store", G)
    assert count(oxigraph, G) == N - 10


def test_falls_back_to_sparql_update_when_there_is_no_graph_store(oxigraph, county_out):  # noqa: F811
    # /update answers 404 to a PUT: kg uses SPARQL Update at the same URL, in chunks
    r = kpush.push(county_out, oxigraph + "/update", G, chunk=50)
    assert r.protocol == "update" and r.triples == N and r.requests == -(-N // 50) + 1   # chunks, then the swap
    assert count(oxigraph, G) == N
    kpush.push(county_out, oxigraph + "/update", G, chunk=50)
    assert count(oxigraph, G) == N


def test_update_protocol_into_the_default_graph(oxigraph, county_out):  # noqa: F811
    r = kpush.push(county_out, oxigraph + "/store", protocol="update")
    assert r.endpoint == oxigraph + "/update"                 # derived from the GSP URL
    assert count(oxigraph) == N
    kpush.push(county_out, oxigraph + "/store", protocol="update")
    assert count(oxigraph) == N


def test_push_without_graph_ttl_sends_the_store(oxigraph, tmp_path):
    out = make_out(tmp_path / "out")
    (out / "graph.ttl").unlink()
    assert kpush.push(out, oxigraph + "/store", G).triples == N
    assert count(oxigraph, G) == N


def test_push_needs_a_built_graph(tmp_path):
    with pytest.raises(ExportError) as exc:
        kpush.push(tmp_path / "out", "http://127.0.0.1:1/store")
    assert str(exc.value) == (f"{tmp_path / 'out'}: no built graph here (graph.ttl missing); "
                              f"run: kg build CORPUS -o {tmp_path / 'out'}")


def test_connection_refused(county_out):  # noqa: F811
    port = _free_port()
    url = f"http://127.0.0.1:{port}/store"
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, url)
    assert str(exc.value) == (f"cannot reach {url}?default: connection refused; "
                              "is the store running and the URL right?")


def test_error_status_shows_status_and_body(oxigraph, county_out):  # noqa: F811
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, oxigraph + "/nothing", G)
    assert str(exc.value) == (f"{oxigraph}/nothing answered 404 Not Found to the SPARQL update (request 1 of 2, "
                              f"after the Graph Store PUT to {oxigraph}/nothing?graph={quote(G, safe='')} answered "
                              f"404): POST /nothing is not supported by this server; <{G}> is unchanged")


def test_gsp_only_does_not_fall_back(oxigraph, county_out):  # noqa: F811
    with pytest.raises(ExportError, match=r"answered 404 Not Found to the Graph Store PUT"):
        kpush.push(county_out, oxigraph + "/update", G, protocol="gsp")


@pytest.mark.parametrize("endpoint, update", [
    ("http://h:3030/ds/data", "http://h:3030/ds/update"),
    ("http://h:7200/repositories/R/rdf-graphs/service", "http://h:7200/repositories/R/statements"),
    ("http://h:8890/sparql-graph-crud", "http://h:8890/sparql"),
    ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql-auth"),
    ("http://h:7878/store", "http://h:7878/update"),
    ("http://h/other/endpoint", "http://h/other/endpoint"),
])
def test_update_url(endpoint, update):
    assert kpush.update_url(endpoint) == update


def test_gsp_url():
    assert kpush.gsp_url("http://h/store", None) == "http://h/store?default"
    assert kpush.gsp_url("http://h/store", "urn:g#1") == "http://h/store?graph=urn%3Ag%231"
    assert kpush.gsp_url("http://h/ds?x=1", "urn:g") == "http://h/ds?x=1&graph=urn%3Ag"


@pytest.mark.parametrize("endpoint, iri, message", [
    ("ftp://h/store", None, "--endpoint 'ftp://h/store' is not an http(s) URL (e.g. http://localhost:3030/ds/data)"),
    ("http://h/store", "not an iri", "--graph-iri 'not an iri' is not an absolute IRI"),
])
def test_bad_arguments(county_out, endpoint, iri, message):  # noqa: F811
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, endpoint, iri)
    assert str(exc.value).startswith(message)

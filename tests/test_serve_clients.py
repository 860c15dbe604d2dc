"""`kg serve` as real clients use it (issue 17): SPARQLWrapper from Python, and YASGUI (vendored
in tests/fixtures/yasgui/, see scripts/vendor_yasgui.sh) in headless Chromium on a page of
another origin: a second loopback server on another port."""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from rdflib import Graph
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from test_serve_hostile import Served
from test_store import county_graph, county_out  # noqa: F401 - county_out is a fixture

pytestmark = pytest.mark.server

YASGUI = Path(__file__).parent / "fixtures" / "yasgui"
VIEW = "https://w3id.org/kg-cn/view/clusters"
PARKS = "SELECT ?l WHERE { ?p a kg:Park ; rdfs:label ?l } ORDER BY ?l"
PARK_LABELS = ["柳溪物流园", "澄川智能制造产业园", "澄川经济开发区"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def served(county_out):  # noqa: F811
    s = Served(county_out)
    yield s
    s.stop()


def wrapper(served, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(f"http://127.0.0.1:{served.port}/sparql")
    # SPARQLWrapper sends SPARQL as it is: kg's prefixes are predeclared, but a client may not know it
    sw.setQuery("PREFIX kg: <https://w3id.org/kg-cn/ontology#>\n"
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)
    sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    return sw


# ---------------------------------------------------------------- SPARQLWrapper

@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(served, fmt, method):
    result = wrapper(served, PARKS, fmt, method).query()
    assert result.response.status == 200
    converted = result.convert()
    if fmt == "json":
        labels = [b["l"]["value"] for b in converted["results"]["bindings"]]
    elif fmt == "xml":                  # a DOM document
        labels = [n.firstChild.data for n in converted.getElementsByTagName("literal")]
    else:                               # bytes
        labels = converted.decode("utf-8").splitlines()[1:]
        if fmt == "tsv":                # "柳溪物流园"@zh
            labels = [cell.rsplit("@", 1)[0].strip('"') for cell in labels]
    assert labels == PARK_LABELS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_ask(served, fmt):
    def ask(q):
        converted = wrapper(served, q, fmt).queryAndConvert()
        if fmt == "json":
            return converted["boolean"]
        return {"true": True, "false": False}[converted.getElementsByTagName("boolean")[0].firstChild.data]

    assert ask("ASK { ?x kg:cooperatesWith ?y }") is True
    assert ask("ASK { ?x kg:cooperatesWith ?x }") is False


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")   # SPARQLWrapper's own
@pytest.mark.parametrize("fmt", ["turtle", "xml", "n3", "json-ld"])
def test_sparqlwrapper_construct(served, fmt):
    q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Park ; rdfs:label ?l }"
    g = wrapper(served, q, fmt, "POST").queryAndConvert()
    if isinstance(g, bytes):            # SPARQLWrapper leaves Turtle and N3 as bytes
        g = Graph().parse(data=g.decode("utf-8"), format="turtle")
    assert isinstance(g, Graph)
    assert sorted(str(o) for o in g.objects()) == PARK_LABELS
    expected = county_graph()
    assert all(t in expected for t in g)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_default_graph(served, method):
    sw = wrapper(served, COUNT, "json", method)
    assert int(sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == len(county_graph())
    sw.addDefaultGraph(VIEW)
    assert int(sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == 12
    sw = wrapper(served, "SELECT ?g WHERE { GRAPH ?g { } }", "json", method)
    sw.addNamedGraph(VIEW)
    assert [b["g"]["value"] for b in sw.queryAndConvert()["results"]["bindings"]] == [VIEW]


def test_sparqlwrapper_reads_a_refusal(served):
    with pytest.raises(QueryBadFormed) as exc:
        wrapper(served, "SELECT ?x WHERE { ?x ?p }", "json").query()
    assert "query is not valid SPARQL at line 3" in str(exc.value)


# ---------------------------------------------------------------- YASGUI in Chromium, from another origin

EDITOR_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>editor</title><link rel="stylesheet" href="yasgui.min.css"></head>
<body><div id="yasgui"></div><script src="yasgui.min.js"></script>
<script>
  const endpoint = new URLSearchParams(location.search).get("endpoint");
  window.yasgui = new Yasgui(document.getElementById("yasgui"),
                             {requestConfig: {endpoint: endpoint, method: "POST"}, persistenceId: null});
</script></body></html>
"""
PAGES = {"/": EDITOR_PAGE, "/plain": "<!doctype html><title>plain</title>"}


class EditorHandler(SimpleHTTPRequestHandler):
    """The editor's page at / (and a page with no script at /plain), the vendored YASGUI files beside it."""

    def do_GET(self):  # noqa: N802
        page = PAGES.get(urlsplit(self.path).path)
        if page is None:
            return super().do_GET()
        body = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def editor():
    """A second loopback server, on another port, serving the editor's page: another origin."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), partial(EditorHandler, directory=str(YASGUI)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def offline_chromium(chromium):
    """Chromium that resolves no host name: pages reach loopback addresses only. Not Playwright's
    routing (conftest's offline_page): while it routes, Playwright answers CORS preflights itself."""
    from conftest import CHROMIUM, CHROMIUM_ARGS

    no_names = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    browser = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, no_names])
    yield browser
    browser.close()


@pytest.fixture
def page(offline_chromium):
    """A page; ``errors`` records its script errors, ``asked`` the URLs it asked kg serve for."""
    context = offline_chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors = []
    page.asked = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.asked.append(f"{r.method} {r.url}") if "/sparql" in r.url else None)
    yield page
    context.close()


def wait(page, expression: str, timeout: float = 30.0):
    """Poll ``expression`` in the page until it is truthy; its value."""
    for _ in range(int(timeout / 0.05)):
        if value := page.evaluate(expression):
            return value
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout} s: {expression}; page errors: {page.errors}")


def run_in_yasgui(page, editor: str, endpoint: str, query: str) -> None:
    page.goto(f"{editor}/?endpoint={quote(endpoint, safe='')}")
    wait(page, "window.yasgui && window.yasgui.getTab() && window.yasgui.getTab().getYasqe()")
    page.evaluate("q => { const y = yasgui.getTab().getYasqe(); y.setValue(q); y.query(); }", query)
    wait(page, "document.querySelector('.yasr tbody tr td, .yasr .errorResult')")


@pytest.mark.browser
def test_yasgui_on_another_origin_shows_the_rows(served, editor, page):
    endpoint = f"http://127.0.0.1:{served.port}/sparql"
    assert urlsplit(editor).port != served.port
    run_in_yasgui(page, editor, endpoint, PARKS)
    rows = page.locator(".yasr tbody tr").all_text_contents()
    assert [label for label in PARK_LABELS if any(label in row for row in rows)] == PARK_LABELS
    assert page.locator(".yasr .errorResult").count() == 0
    assert page.asked == [f"POST {endpoint}"] and page.errors == []


@pytest.mark.browser
def test_a_preflighted_request_from_another_origin(served, editor, page):
    """application/sparql-query is not a simple request: the browser asks with OPTIONS first."""
    page.goto(editor + "/plain")
    body = page.evaluate("""async ([endpoint, query]) => {
        const r = await fetch(endpoint, {method: "POST", body: query,
                                         headers: {"Content-Type": "application/sparql-query", "Accept": "text/csv"}});
        return await r.text();
    }""", [f"http://127.0.0.1:{served.port}/sparql", PARKS])
    assert body.split() == ["l", *PARK_LABELS]
    assert '"OPTIONS /sparql HTTP/1.1" 204' in served.wait_log(lambda t: '"OPTIONS /sparql HTTP/1.1" 204' in t)


@pytest.mark.browser
def test_yasgui_cannot_read_a_server_that_allows_other_origins(county_out, editor, page):  # noqa: F811
    """With CORS restricted to another origin (or off: --cors-origin none), the same page gets nothing."""
    other = Served(county_out, "--cors-origin", "https://yasgui.example")
    try:
        run_in_yasgui(page, editor, f"http://127.0.0.1:{other.port}/sparql", PARKS)
        assert page.locator(".yasr tbody tr td").count() == 0
        assert page.locator(".yasr .errorResult").count() == 1
        assert '"POST /sparql HTTP/1.1" 200' in other.wait_log(lambda t: '"POST /sparql HTTP/1.1" 200' in t)
    finally:                             # ^ it was answered; the browser kept the answer from the page
        other.stop()

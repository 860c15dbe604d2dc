"""kg push against stores that want credentials or fail half-way: a real loopback gate in front of `oxigraph serve`.

The gate checks HTTP Basic or Digest credentials, refuses or drops chosen requests and records
them, then forwards the rest to the oxigraph server of tests/test_push.py.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from test_push import G, N, _free_port, count, oxigraph  # noqa: F401 - oxigraph is a fixture
from test_store import county_graph, county_out, make_out  # noqa: F401 - county_out is a fixture

from kg import push as kpush
from kg.cli import cli
from kg.errors import ExportError

pytestmark = pytest.mark.server

PASSWORD = "s3cr/t:p@ss wörd"              # every character that needs percent-encoding in a URL
QPASSWORD = quote(PASSWORD, safe="")
TMP = r"urn:kg:push:tmp:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class Basic:
    challenge = 'Basic realm="kg-test"'

    def __init__(self, user, password):
        self.token = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def ok(self, method, path, header):
        return header == self.token


class Digest:
    """A server's side of RFC 7616 Digest with qop=auth (as Virtuoso's -auth endpoints ask)."""

    challenge = 'Digest realm="kg-test", qop="auth", nonce="n0nce", opaque="0paque", algorithm=MD5'

    def __init__(self, user, password):
        self.user, self.password = user, password

    def ok(self, method, path, header):
        if not header or not header.startswith("Digest "):
            return False
        f = dict((k, a or b) for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header))
        h = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
        ha1, ha2 = h(f"{self.user}:kg-test:{self.password}"), h(f"{method}:{path}")
        want = h(f"{ha1}:n0nce:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        return (f.get("username"), f.get("uri"), f.get("opaque"), f.get("response")) == (
            self.user, path, "0paque", want)


@contextmanager
def gate(upstream, auth=None, refuse=lambda n: False, hang_up=lambda n: False, watch=None):
    """A loopback server in front of ``upstream``: POST number n (1-based, once past the credentials)
    is answered 500 when ``refuse(n)``, forwarded and then left without an answer when ``hang_up(n)``;
    ``watch(n)`` runs before POST n is forwarded. Yields its base URL and what it saw."""
    seen = SimpleNamespace(requests=[], posts=0, watched=[])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body=b"", headers=()):
            self.send_response(status)
            for k, v in dict(headers).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            authorization = self.headers.get("Authorization")
            seen.requests.append(SimpleNamespace(method=self.command, path=self.path, auth=authorization,
                                                 body=body.decode("utf-8", "replace")))
            if auth and not auth.ok(self.command, self.path, authorization):
                return self.answer(401, b"wrong credentials", {"WWW-Authenticate": auth.challenge})
            if self.command == "POST":
                with lock:
                    seen.posts += 1
                    n = seen.posts
                if refuse(n):
                    return self.answer(500, b"the gate refused this request")
                if watch:
                    seen.watched.append(watch(n))
            req = urllib.request.Request(upstream + self.path, data=body if body else None, method=self.command,
                                         headers={"Content-Type": self.headers.get("Content-Type", "")})
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    status, data = resp.status, resp.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            if self.command == "POST" and hang_up(n):
                self.close_connection = True
                return
            self.answer(status, data)

        do_GET = do_PUT = do_POST = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def triples(base, graph=None) -> set[tuple[str, str, str]]:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    req = urllib.request.Request(f"{base}/query?query=" + quote(f"SELECT ?s ?p ?o WHERE {{ {where} }}"),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        rows = json.loads(resp.read())["results"]["bindings"]
    return {(r["s"]["value"], r["p"]["value"], r["o"]["value"]) for r in rows}


def graphs(base) -> set[str]:
    req = urllib.request.Request(f"{base}/query?query=" + quote("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return {r["g"]["value"] for r in json.loads(resp.read())["results"]["bindings"]}


def update(base, text):
    req = urllib.request.Request(f"{base}/update", data=text.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(req, timeout=30).read()


def small_out(tmp_path):
    small = county_graph()
    for t in sorted(small)[:10]:
        small.remove(t)
    return make_out(tmp_path / "small", small, html=False)


def push_cli(*args, env=None, input=None):
    return CliRunner(env=env).invoke(cli, ["push", *args], input=input)


GQ = quote(G, safe="")

# ---------------------------------------------------------------- credentials


def test_user_and_password_in_the_url_are_sent_and_never_shown(oxigraph, county_out):  # noqa: F811
    with gate(oxigraph, Basic("kg", PASSWORD)) as (base, seen):
        port = base.rsplit(":", 1)[1]
        r = kpush.push(county_out, f"http://kg:{QPASSWORD}@127.0.0.1:{port}/store", G)
        assert r.endpoint == f"http://kg:***@127.0.0.1:{port}/store?graph={GQ}"
        assert count(oxigraph, G) == N
        assert [q.method for q in seen.requests] == ["PUT"]          # Basic up front: the body is sent once
        res = push_cli("--graph", str(county_out), "--endpoint", f"http://kg:{QPASSWORD}@127.0.0.1:{port}/store",
                       "--graph-iri", G)
    assert res.exit_code == 0, res.output
    assert re.fullmatch(rf"pushed {N} triples into {re.escape(G)} at http://kg:\*\*\*@127\.0\.0\.1:{port}/store"
                        rf"\?graph={re.escape(GQ)} by Graph Store PUT in \d+\.\d s\n", res.output)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_wrong_password_is_a_clear_error_without_the_password(oxigraph, county_out, protocol):  # noqa: F811
    with gate(oxigraph, Basic("kg", PASSWORD)) as (base, seen):
        port = base.rsplit(":", 1)[1]
        endpoint = f"http://kg:wrong%20one@127.0.0.1:{port}/store"
        res = push_cli("--graph", str(county_out), "--endpoint", endpoint, "--graph-iri", G, "--protocol", protocol)
    url = f"http://kg:***@127.0.0.1:{port}/store?graph={GQ}" if protocol == "gsp" else \
        f"http://kg:***@127.0.0.1:{port}/update"
    what = "the Graph Store PUT" if protocol == "gsp" else "the SPARQL update (request 1 of 2)"
    assert res.exit_code == 1
    assert res.output == (f"Error: {url} answered 401 Unauthorized to {what}: wrong credentials; "
                          f"check the user name and password{'' if protocol == 'gsp' else f'; <{G}> is unchanged'}\n")
    assert "wrong" not in res.output.replace("wrong credentials", "")
    assert count(oxigraph, G) == 0


def test_a_store_that_wants_credentials_says_how_to_give_them(oxigraph, county_out):  # noqa: F811
    with gate(oxigraph, Basic("kg", PASSWORD)) as (base, _):
        res = push_cli("--graph", str(county_out), "--endpoint", base + "/store")
    assert res.exit_code == 1
    assert res.output == (f"Error: {base}/store?default answered 401 Unauthorized to the Graph Store PUT: "
                          "wrong credentials; the store wants a user name and password: give --user NAME "
                          "(password from KG_PUSH_PASSWORD or a prompt) or http://USER:PASSWORD@HOST/... "
                          "in --endpoint\n")


def test_user_option_with_the_password_from_the_environment_or_a_prompt(oxigraph, county_out):  # noqa: F811
    with gate(oxigraph, Basic("管理员", PASSWORD)) as (base, seen):
        args = ("--graph", str(county_out), "--endpoint", base + "/store", "--graph-iri", G)
        res = push_cli(*args, "--user", "管理员", env={"KG_PUSH_PASSWORD": PASSWORD})
        assert res.exit_code == 0, res.output
        assert f"at {base}/store?graph={GQ} by Graph Store PUT" in res.output
        res = push_cli(*args, env={"KG_PUSH_USER": "管理员", "KG_PUSH_PASSWORD": None}, input=PASSWORD + "\n")
        assert res.exit_code == 0, res.output
        assert res.stderr.startswith("Password of 管理员 at the store: \n")
        assert PASSWORD not in res.output
        res = push_cli(*args, "--user", "管理员", env={"KG_PUSH_PASSWORD": "nope"})
        assert res.exit_code == 1 and "answered 401 Unauthorized" in res.output
    assert count(oxigraph, G) == N
    assert [q.auth is not None for q in seen.requests] == [True, True, True]


def test_without_a_password_to_prompt_for_the_error_says_how_to_give_it(county_out):  # noqa: F811
    res = push_cli("--graph", str(county_out), "--endpoint", "http://127.0.0.1:1/store", "--user", "kg",
                   env={"KG_PUSH_PASSWORD": None}, input="")
    assert res.exit_code == 1
    assert res.stderr.startswith("Password of kg at the store: ")
    assert res.stderr.endswith("\nError: no password for the user kg: set KG_PUSH_PASSWORD or give it in the URL "
                               "(http://USER:PASSWORD@HOST/..., percent-encoded)\n")


def test_a_user_in_the_url_and_another_in_the_option_is_an_error(county_out):  # noqa: F811
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, "http://kg:pw@127.0.0.1:1/store", user="other", password="x")
    assert str(exc.value) == "--user other and the user kg in --endpoint differ: give one of them"


def test_a_user_without_password_in_the_library_is_an_error(county_out):  # noqa: F811
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, "http://kg@127.0.0.1:1/store")
    assert str(exc.value) == ("no password for the user kg: set KG_PUSH_PASSWORD or give it in the URL "
                              "(http://USER:PASSWORD@HOST/..., percent-encoded)")


@pytest.mark.parametrize("protocol, requests", [("gsp", ["PUT", "PUT"]), ("update", ["POST"] * 7)])
def test_digest_when_the_store_asks_for_it(oxigraph, county_out, protocol, requests):  # noqa: F811
    with gate(oxigraph, Digest("dba", PASSWORD)) as (base, seen):
        port = base.rsplit(":", 1)[1]
        r = kpush.push(county_out, f"http://dba:{QPASSWORD}@127.0.0.1:{port}/store", G, protocol=protocol, chunk=100)
        assert count(oxigraph, G) == N
        assert [q.method for q in seen.requests] == requests
        # the first request goes with Basic, is challenged, and from then on Digest with a growing count
        assert seen.requests[0].auth.startswith("Basic ")
        assert all(q.auth.startswith("Digest ") for q in seen.requests[1:])
        assert [re.search(r"nc=(\w+)", q.auth)[1] for q in seen.requests[1:]] == \
            [f"{i:08x}" for i in range(1, len(requests))]
        assert r.endpoint.startswith(f"http://dba:***@127.0.0.1:{port}/")
        with pytest.raises(ExportError) as exc:
            kpush.push(county_out, f"http://dba:wrong@127.0.0.1:{port}/store", G)
    assert str(exc.value) == (f"http://dba:***@127.0.0.1:{port}/store?graph={GQ} answered 401 Unauthorized to the "
                              "Graph Store PUT: wrong credentials; check the user name and password")


@pytest.mark.parametrize("challenge, method, uri, user, password, cnonce, response", [
    # RFC 2617 section 3.5
    ({"realm": "testrealm@host.com", "qop": "auth,auth-int", "nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      "opaque": "5ccc069c403ebaf9f0171e9517f40e41"},
     "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", "6629fae49393a05397450978507c4ef1"),
    # RFC 7616 section 3.9.1, SHA-256 and MD5
    ({"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256",
      "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"},
     "GET", "/dir/index.html", "Mufasa", "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
     "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
    ({"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "MD5",
      "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"},
     "GET", "/dir/index.html", "Mufasa", "Circle of Life", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
     "8ca523f5e9506fed4657c9700eebdbec"),
])
def test_digest_response_matches_the_rfc_examples(challenge, method, uri, user, password, cnonce, response):
    header = kpush.digest_authorization(user, password, method, uri, challenge, 1, cnonce)
    assert f'response="{response}"' in header
    assert f'uri="{uri}"' in header and 'nc=00000001' in header and f'opaque="{challenge["opaque"]}"' in header


def test_refused_connection_does_not_show_the_password(county_out):  # noqa: F811
    port = _free_port()
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, f"http://kg:{QPASSWORD}@127.0.0.1:{port}/store")
    assert str(exc.value) == (f"cannot reach http://kg:***@127.0.0.1:{port}/store?default: connection refused; "
                              "is the store running and the URL right?")


@pytest.mark.parametrize("endpoint, update, message", [
    ("ftp://kg:secret@h/store", None, "--endpoint 'ftp://kg:***@h/store' is not an http(s) URL "
                                      "(e.g. http://localhost:3030/ds/data)"),
    ("http://kg:pa/ss@h/store", None, "--endpoint 'http://kg:***@h/store' is not an http(s) URL "
                                      "(e.g. http://localhost:3030/ds/data); percent-encode / ? # @ in a user "
                                      "name or password (%2F %3F %23 %40)"),
    ("http://kg:secret@[::1/store", None, "--endpoint 'http://kg:***@[::1/store' is not an http(s) URL "
                                          "(e.g. http://localhost:3030/ds/data); percent-encode / ? # @ in a user "
                                          "name or password (%2F %3F %23 %40)"),
    ("http://h/store", "http://kg:secret@h:x/update", "--update-endpoint 'http://kg:***@h:x/update' is not an "
                                                      "http(s) URL (e.g. http://localhost:3030/ds/data); "
                                                      "percent-encode / ? # @ in a user name or password "
                                                      "(%2F %3F %23 %40)"),
])
def test_a_bad_url_is_shown_without_its_password(county_out, endpoint, update, message):  # noqa: F811
    with pytest.raises(ExportError) as exc:
        kpush.push(county_out, endpoint, update_endpoint=update)
    assert str(exc.value) == message


def test_a_redirect_is_not_followed_with_the_credentials(county_out):  # noqa: F811
    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(307)
            self.send_header("Location", "http://kg:leak@127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        with pytest.raises(ExportError) as exc:
            kpush.push(county_out, f"http://kg:pw@127.0.0.1:{port}/store", protocol="gsp")
    finally:
        server.shutdown()
        server.server_close()
    assert str(exc.value) == (f"http://kg:***@127.0.0.1:{port}/store?default answered 307 Temporary Redirect to "
                              "the Graph Store PUT; kg does not follow redirects: give the URL it points to "
                              "(http://kg:***@127.0.0.1:9/elsewhere) instead")


# ---------------------------------------------------------------- SPARQL Update: temporary graph, then one swap


@pytest.fixture()
def old(oxigraph, tmp_path):  # noqa: F811
    """The store holds an older, smaller version of G."""
    kpush.push(small_out(tmp_path), oxigraph + "/store", G)
    before = triples(oxigraph, G)
    assert len(before) == N - 10
    return before


def test_update_loads_a_temporary_graph_and_swaps_it_in_once(oxigraph, county_out, old):  # noqa: F811
    with gate(oxigraph, watch=lambda n: triples(oxigraph, G) == old) as (base, seen):
        r = kpush.push(county_out, base + "/store", G, protocol="update", chunk=100)
    assert (r.protocol, r.triples, r.requests, r.endpoint) == ("update", N, 6, base + "/update")
    bodies = [q.body for q in seen.requests]
    tmp = re.search(rf"<({TMP})>", bodies[0])[1]
    assert all(b.startswith(f"INSERT DATA {{ GRAPH <{tmp}> {{\n") for b in bodies[:5])
    assert bodies[5] == f"MOVE GRAPH <{tmp}> TO GRAPH <{G}>"
    assert seen.watched == [True] * 6                  # readers see the old graph until the swap
    kpush.push(county_out, oxigraph + "/store", G + "/by-put")
    assert triples(oxigraph, G) == triples(oxigraph, G + "/by-put") and len(triples(oxigraph, G)) == N
    assert graphs(oxigraph) == {G, G + "/by-put"}


@pytest.mark.parametrize("refused", [1, 3, 6])
def test_a_refused_request_leaves_the_graph_as_it_was(oxigraph, county_out, old, refused):  # noqa: F811
    with gate(oxigraph, refuse=lambda n: n == refused) as (base, seen):
        with pytest.raises(ExportError) as exc:
            kpush.push(county_out, base + "/store", G, protocol="update", chunk=100)
    head = (f"{base}/update answered 500 Internal Server Error to the SPARQL update (request {refused} of 6): "
            f"the gate refused this request; <{G}> is unchanged")
    if refused == 1:
        assert str(exc.value) == head
        assert seen.posts == 1
    else:
        label = "partly loaded temporary graph" if refused < 6 else "temporary graph"
        assert re.fullmatch(re.escape(head) + rf" \(the {label} <{TMP}> was dropped\)",
                            str(exc.value)), str(exc.value)
        tmp = re.search(TMP, str(exc.value))[0]
        assert seen.requests[-1].body == f"DROP SILENT GRAPH <{tmp}>"
    assert triples(oxigraph, G) == old and graphs(oxigraph) == {G}


def test_when_even_the_cleanup_fails_the_error_names_the_graph_to_drop(oxigraph, county_out, old):  # noqa: F811
    with gate(oxigraph, refuse=lambda n: n >= 3) as (base, _):
        with pytest.raises(ExportError) as exc:
            kpush.push(county_out, base + "/store", G, protocol="update", chunk=100)
    message = str(exc.value)
    tmp = re.search(TMP, message)[0]
    assert message == (f"{base}/update answered 500 Internal Server Error to the SPARQL update (request 3 of 6): "
                       f"the gate refused this request; <{G}> is unchanged, but the partly loaded temporary graph "
                       f"<{tmp}> could not be dropped ({base}/update answered 500 Internal Server Error: the gate "
                       f"refused this request): drop it with DROP SILENT GRAPH <{tmp}>")
    assert triples(oxigraph, G) == old and graphs(oxigraph) == {G, tmp}
    assert len(triples(oxigraph, tmp)) == 200
    update(oxigraph, f"DROP SILENT GRAPH <{tmp}>")      # the advice works
    assert graphs(oxigraph) == {G}


def test_into_the_default_graph_a_failure_leaves_it_as_it_was(oxigraph, county_out, tmp_path):  # noqa: F811
    kpush.push(small_out(tmp_path), oxigraph + "/store")
    before = triples(oxigraph)
    with gate(oxigraph, refuse=lambda n: n == 2) as (base, seen):
        with pytest.raises(ExportError, match=r"; the default graph is unchanged \(the partly loaded temporary"):
            kpush.push(county_out, base + "/store", protocol="update", chunk=100)
        assert triples(oxigraph) == before and graphs(oxigraph) == set()
        kpush.push(county_out, base + "/store", protocol="update", chunk=100)
    assert seen.requests[-1].body.startswith("MOVE GRAPH <urn:kg:push:tmp:") and \
        seen.requests[-1].body.endswith("> TO DEFAULT")
    assert len(triples(oxigraph)) == N and graphs(oxigraph) == set()


def test_a_swap_without_an_answer_says_the_state_is_unknown(oxigraph, county_out, old):  # noqa: F811
    with gate(oxigraph, hang_up=lambda n: n == 6) as (base, _):
        with pytest.raises(ExportError) as exc:
            kpush.push(county_out, base + "/store", G, protocol="update", chunk=100)
    assert re.fullmatch(
        rf"cannot reach {re.escape(base)}/update: Remote end closed connection without response "
        rf"\(the SPARQL update, request 6 of 6\); the store did not confirm the swap: "
        rf"<{re.escape(G)}> holds either its old triples or the new ones, check which \(the temporary graph "
        rf"<{TMP}> was dropped\)", str(exc.value)), str(exc.value)
    assert len(triples(oxigraph, G)) == N and graphs(oxigraph) == {G}   # here the store had made the swap


def test_an_empty_graph_drops_the_target_in_one_request(oxigraph, tmp_path, old):  # noqa: F811
    from rdflib import Graph

    out = make_out(tmp_path / "empty", Graph(), html=False)
    with gate(oxigraph) as (base, seen):
        r = kpush.push(out, base + "/store", G, protocol="update")
    assert (r.triples, r.requests) == (0, 1)
    assert [q.body for q in seen.requests] == [f"DROP SILENT GRAPH <{G}>"]
    assert graphs(oxigraph) == set()

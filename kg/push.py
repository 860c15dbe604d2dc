"""Load a built graph into an external SPARQL 1.1 store.

First choice is the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` of the
whole graph to the store's graph-store endpoint with ``?graph=IRI`` (or
``?default``), which replaces that graph atomically. When the endpoint does not
speak it (404, 405, 415 or 501), kg falls back to SPARQL 1.1 Update at the
store's update endpoint: ``INSERT DATA`` in chunks into a new temporary graph
(``urn:kg:push:tmp:UUID``), then one ``MOVE GRAPH <tmp> TO <target>`` that
replaces the target. Readers see the old target until that swap (on stores whose
default graph is the union of all graphs, such as GraphDB, they also see the
temporary graph's triples meanwhile); when a request fails, the target is left
as it was, the temporary graph is dropped, and the error says what state the
store is in.

Credentials come from the URL (``http://USER:PASSWORD@HOST/...``, percent-encoded)
or from ``user``/``password``; they go with every request as HTTP Basic, or as
Digest once the store asks for it (Virtuoso's ``-auth`` endpoints). Every URL kg
prints or logs shows the password as ``***``; redirects are not followed, so
credentials never go to another URL.

Endpoint URLs of common stores (``--endpoint``; the update URL is derived):

==========  ===============================================  ======================================
store       graph-store endpoint (--endpoint)                update endpoint (derived)
==========  ===============================================  ======================================
Fuseki      http://HOST:3030/DATASET/data                    http://HOST:3030/DATASET/update
GraphDB     http://HOST:7200/repositories/REPO/rdf-graphs/   http://HOST:7200/repositories/REPO/
            service                                          statements
Virtuoso    http://HOST:8890/sparql-graph-crud               http://HOST:8890/sparql
            (…-crud-auth with credentials)                   (…/sparql-auth)
Oxigraph    http://HOST:7878/store                           http://HOST:7878/update
==========  ===============================================  ======================================

Any other URL is used as is for both.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import logging
import re
import secrets
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from .errors import ExportError

log = logging.getLogger(__name__)

PROTOCOLS = ("auto", "gsp", "update")
GSP_UNSUPPORTED = (404, 405, 406, 415, 501)   # statuses that mean "no Graph Store Protocol here"
CHUNK_TRIPLES = 20_000                        # triples per INSERT DATA request
TIMEOUT = 300.0                               # seconds per HTTP request
SWAP_TIME = 10    # the final MOVE may take this many times as long as the load (Oxigraph 0.5: 5-6 times)

# (suffix of the graph-store URL, suffix of the update URL)
UPDATE_URLS = (
    ("/rdf-graphs/service", "/statements"),     # GraphDB
    ("/sparql-graph-crud-auth", "/sparql-auth"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),          # Virtuoso
    ("/store", "/update"),                      # Oxigraph
    ("/data", "/update"),                       # Fuseki
)


@dataclass(frozen=True)
class PushResult:
    """What ``push`` did."""

    endpoint: str           # the URL that took the data (its password shown as ***)
    protocol: str           # "gsp" or "update"
    graph_iri: str | None   # None: the default graph
    triples: int
    requests: int
    seconds: float


def update_url(endpoint: str) -> str:
    """The SPARQL Update URL of a store from its graph-store URL (see the module's table)."""
    base = endpoint.split("?", 1)[0].rstrip("/")
    for gsp, upd in UPDATE_URLS:
        if base.endswith(gsp):
            return base[: -len(gsp)] + upd
    return base


def gsp_url(endpoint: str, graph_iri: str | None) -> str:
    """``endpoint?graph=IRI`` (IRI percent-encoded) or ``endpoint?default``."""
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + (f"graph={quote(graph_iri, safe='')}" if graph_iri else "default")


def _check_iri(iri: str | None) -> None:
    if iri is not None and (not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) or re.search(r"[<>\"{}|^`\\\s]", iri)):
        raise ExportError(f"--graph-iri {iri!r} is not an absolute IRI (e.g. https://example.org/graph/news)")


# --------------------------------------------------------------------------- URLs and credentials


def redact(url: str) -> str:
    """``url`` with the password of its ``user:password@`` shown as ``***``, for every message and log.

    Splits at the last ``@`` so that a password with an unencoded ``/``, ``?`` or ``@`` is hidden too.
    """
    head, sep, rest = url.partition("://")
    userinfo, at, tail = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{head}://{userinfo.split(':', 1)[0]}:***@{tail}"


def url_credentials(url: str) -> tuple[str | None, str | None]:
    """(user, password) of ``url``'s ``user:password@``, percent-decoded; None for what it does not give."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return None, None
    userinfo, at, _ = netloc.rpartition("@")
    if not at:
        return None, None
    user, colon, password = userinfo.partition(":")
    return unquote(user), unquote(password) if colon else None


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _check_endpoint(endpoint: str, option: str = "--endpoint") -> None:
    web = endpoint.lower().startswith(("http://", "https://"))
    try:
        parts = urlsplit(endpoint)
        ok = web and bool(parts.hostname) and parts.port != -1      # .port raises ValueError for a bad port
    except ValueError:                    # a bad port or IPv6 address; often a password with an unencoded / ? # @
        ok = False
    if not ok:
        hint = "; percent-encode / ? # @ in a user name or password (%2F %3F %23 %40)" if web and "@" in endpoint \
            else ""
        raise ExportError(f"{option} {redact(endpoint)!r} is not an http(s) URL (e.g. http://localhost:3030/ds/data)"
                          + hint)


class _Auth:
    """HTTP credentials: Basic with every request; Digest (RFC 7616) once the store asks for it."""

    def __init__(self, user: str, password: str):
        self.user, self.password = user, password
        self.challenge: dict[str, str] | None = None
        self.count = 0

    def header(self, method: str, url: str) -> str:
        if self.challenge is None:
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
        self.count += 1
        parts = urlsplit(url)
        uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return digest_authorization(self.user, self.password, method, uri, self.challenge, self.count,
                                    secrets.token_hex(8))

    def learn(self, headers) -> bool:
        """Take the Digest challenge of a 401; True when the request is worth sending again with it."""
        for line in headers.get_all("WWW-Authenticate") or ():
            scheme, _, rest = line.strip().partition(" ")
            if scheme.lower() != "digest":
                continue
            challenge: dict[str, str] = {}
            for m in re.finditer(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))', rest):
                value = re.sub(r"\\(.)", r"\1", m[2]) if m[2] is not None else m[3]
                challenge.setdefault(m[1].lower(), value)
            fresh = self.challenge is None or challenge.get("stale", "").lower() == "true"
            algorithm = challenge.get("algorithm", "MD5").upper().removesuffix("-SESS")
            qops = [q.strip() for q in challenge.get("qop", "auth").split(",")]
            if fresh and {"realm", "nonce"} <= set(challenge) and algorithm in _DIGESTS and "auth" in qops:
                self.challenge, self.count = challenge, 0
                return True
        return False


_DIGESTS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def digest_authorization(user: str, password: str, method: str, uri: str, challenge: dict[str, str],
                         count: int, cnonce: str) -> str:
    """The ``Authorization`` value that answers a Digest ``challenge`` (RFC 7616; qop=auth, or none)."""
    algorithm = challenge.get("algorithm", "MD5")
    digest = _DIGESTS[algorithm.upper().removesuffix("-SESS")]

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    realm, nonce, nc = challenge["realm"], challenge["nonce"], f"{count:08x}"
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qop = "qop" in challenge
    response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")
    name = f"username={_quoted(user)}" if user.isascii() and user.isprintable() else \
        f"username*=UTF-8''{quote(user, safe='')}"
    fields = [name, f"realm={_quoted(realm)}", f"nonce={_quoted(nonce)}", f"uri={_quoted(uri)}",
              f"algorithm={algorithm}", f'response="{response}"']
    if "opaque" in challenge:
        fields.append(f"opaque={_quoted(challenge['opaque'])}")
    if qop:
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    return "Digest " + ", ".join(fields)


def _credentials(url: str, option: str, user: str | None, password: str | None) -> _Auth | None:
    """The credentials for ``url``: its own ``user:password@``, else ``user`` and ``password``."""
    url_user, url_password = url_credentials(url)
    if url_user and user and url_user != user:
        raise ExportError(f"--user {user} and the user {url_user} in {option} differ: give one of them")
    name = url_user or user
    if not name and url_password is None:
        return None
    secret = url_password if url_password is not None else password
    if secret is None:
        raise ExportError(f"no password for the user {name}: set KG_PUSH_PASSWORD or give it in the URL "
                          "(http://USER:PASSWORD@HOST/..., percent-encoded)")
    return _Auth(name or "", secret)


# --------------------------------------------------------------------------- HTTP


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: following it would send the graph and the credentials to another URL."""

    def redirect_request(self, *args, **kwargs):
        return None


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect)


class _HTTPStatusError(Exception):
    def __init__(self, url: str, status: int, reason: str, body: str, headers, auth: bool):
        super().__init__(f"{status} {reason}")
        self.url, self.status, self.reason, self.body = url, status, reason, body
        self.headers, self.auth = headers, auth


def _send(url: str, body: bytes | Path, method: str, media: str, timeout: float, auth: _Auth | None) -> int:
    headers = {"Content-Type": media, "User-Agent": "kg-push",
               "Content-Length": str(len(body) if isinstance(body, bytes) else body.stat().st_size)}
    if auth:
        headers["Authorization"] = auth.header(method, url)
    with contextlib.ExitStack() as stack:
        data = body if isinstance(body, bytes) else stack.enter_context(body.open("rb"))
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        with _opener().open(req, timeout=timeout) as resp:
            resp.read()
            return resp.status


def _request(url: str, body: bytes | Path, method: str, media: str, timeout: float = TIMEOUT,
             auth: _Auth | None = None) -> int:
    """Send ``body`` (bytes, or a file's content) to ``url``; again with Digest when the store asks for it.

    ``url`` may hold ``user:password@``: it is sent without, and shown redacted in every error.
    """
    shown = redact(url)
    target = _without_userinfo(url)
    for attempt in range(2):
        try:
            return _send(target, body, method, media, timeout, auth)
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and auth and attempt == 0 and auth.learn(exc.headers):
                exc.close()
                continue
            text = exc.read(2000).decode("utf-8", "replace") if exc.fp else ""
            raise _HTTPStatusError(shown, exc.code, exc.reason or "", text, exc.headers, auth is not None) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            what = getattr(reason, "strerror", None) or str(reason)
            if isinstance(reason, ConnectionRefusedError):
                what = "connection refused"
            raise ExportError(f"cannot reach {shown}: {what}; is the store running and the URL right?") from None
        except TimeoutError:
            raise ExportError(f"{shown} did not answer within {timeout:.0f} s") from None
        except OSError as exc:
            raise ExportError(f"cannot reach {shown}: {exc.strerror or exc}") from None
        except ValueError as exc:         # http.client: a space or a non-ASCII character in the URL
            raise ExportError(f"cannot send to {shown}: {exc}; percent-encode the URL") from None
    raise AssertionError("unreachable")


def _status_error(exc: _HTTPStatusError, what: str | None) -> ExportError:
    body = " ".join(exc.body.split())
    body = body if len(body) <= 300 else body[:299] + "…"
    text = f"{exc.url} answered {exc.status} {exc.reason}" + (f" to {what}" if what else "")
    text += f": {body}" if body else ""
    if exc.status == 401 and exc.auth:
        text += "; check the user name and password"
    elif exc.status == 401:
        text += ("; the store wants a user name and password: give --user NAME (password from KG_PUSH_PASSWORD "
                 "or a prompt) or http://USER:PASSWORD@HOST/... in --endpoint")
    elif 300 <= exc.status < 400:
        location = exc.headers.get("Location") if exc.headers else None
        text += "; kg does not follow redirects: give the URL it points to" + (
            f" ({redact(location)}) instead" if location else "")
    return ExportError(text)


# --------------------------------------------------------------------------- the two protocols


def _ntriples(out: Path) -> bytes:
    """The graph of ``out`` as N-Triples (from the store; the Turtle file when there is none)."""
    import pyoxigraph as ox

    from .store import open_graph, ox_store

    store = ox_store(open_graph(out))
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def _count(out: Path) -> int:
    """Triples in the graph of ``out``, counted with pyoxigraph itself: an rdflib query result
    holds Oxigraph objects in a reference cycle that the garbage collector may free on another
    thread, which Oxigraph does not allow."""
    from .store import open_graph, ox_store

    solutions = ox_store(open_graph(out)).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(solutions))[0].value)


def _put(out: Path, url: str, timeout: float, auth: _Auth | None) -> int:
    ttl = out / "graph.ttl"
    if ttl.is_file():
        return _request(url, ttl, "PUT", "text/turtle; charset=utf-8", timeout, auth)
    return _request(url, _ntriples(out), "PUT", "application/n-triples", timeout, auth)


def _post(url: str, text: str, timeout: float, auth: _Auth | None,
          step: str | None) -> tuple[str, bool] | None:
    """POST one SPARQL update; None when done, else (what went wrong, whether the store answered).

    ``step`` (e.g. "request 2 of 5") goes into the message; None: the message names no request.
    """
    try:
        _request(url, text.encode("utf-8"), "POST", "application/sparql-update", timeout, auth)
    except _HTTPStatusError as exc:
        what = None if step is None else "the SPARQL update" + (f" ({step})" if step else "")
        return str(_status_error(exc, what)), True
    except ExportError as exc:
        return f"{exc}" + (f" (the SPARQL update, {step})" if step else ""), False
    return None


def _drop(url: str, tmp: str, timeout: float, auth: _Auth | None, label: str) -> str:
    """Drop the temporary graph after a failure; the words that say whether it is gone."""
    failure = _post(url, f"DROP SILENT GRAPH <{tmp}>", timeout, auth, None)
    if failure is None:
        return f" (the {label} <{tmp}> was dropped)"
    return f", but the {label} <{tmp}> could not be dropped ({failure[0]}): drop it with DROP SILENT GRAPH <{tmp}>"


def _update(out: Path, url: str, graph_iri: str | None, chunk: int, timeout: float, note: str = "",
            auth: _Auth | None = None) -> tuple[int, int]:
    """INSERT DATA in chunks into a temporary graph, then MOVE it onto the target; returns (triples, requests).

    Raises:
        ExportError: a request failed; the message says what state the target and the temporary graph are in.
    """
    lines = [ln for ln in _ntriples(out).decode("utf-8").split("\n") if ln.strip()]
    target = f"GRAPH <{graph_iri}>" if graph_iri else "DEFAULT"
    where = f"<{graph_iri}>" if graph_iri else "the default graph"
    if not lines:
        failure = _post(url, f"DROP SILENT {target}", timeout, auth, note.removeprefix(", "))
        if failure:
            raise ExportError(failure[0])
        return 0, 1
    tmp = f"urn:kg:push:tmp:{uuid.uuid4()}"
    total = -(-len(lines) // chunk) + 1
    t0 = time.perf_counter()
    for n, i in enumerate(range(0, len(lines), chunk), 1):
        block = "\n".join(lines[i: i + chunk])
        failure = _post(url, f"INSERT DATA {{ GRAPH <{tmp}> {{\n{block}\n}} }}", timeout, auth,
                        f"request {n} of {total}{note}")
        if failure:
            message, answered = failure
            if n == 1 and answered:                # the store refused the first chunk: no temporary graph
                raise ExportError(f"{message}; {where} is unchanged")
            raise ExportError(f"{message}; {where} is unchanged"
                              + _drop(url, tmp, timeout, auth, "partly loaded temporary graph"))
        log.info("loaded %d/%d triples into a temporary graph", min(i + chunk, len(lines)), len(lines))
    swap_timeout = max(timeout, SWAP_TIME * (time.perf_counter() - t0))   # stores copy every triple again
    failure = _post(url, f"MOVE GRAPH <{tmp}> TO {target}", swap_timeout, auth, f"request {total} of {total}{note}")
    if failure:
        message, answered = failure
        state = f"{where} is unchanged" if answered else (
            f"the store did not confirm the swap: {where} holds either its old triples or the new ones, check which")
        raise ExportError(f"{message}; {state}" + _drop(url, tmp, timeout, auth, "temporary graph"))
    return len(lines), total


def push(out: str | Path, endpoint: str, graph_iri: str | None = None, *, protocol: str = "auto",
         update_endpoint: str | None = None, chunk: int = CHUNK_TRIPLES, timeout: float = TIMEOUT,
         user: str | None = None, password: str | None = None) -> PushResult:
    """Replace graph ``graph_iri`` (default graph when None) of the store at ``endpoint`` by the graph of ``out``.

    Args:
        out: folder written by ``kg build``.
        endpoint: the store's Graph Store Protocol URL (see the module's table); may hold
            ``user:password@`` (percent-encoded).
        graph_iri: named graph to replace; None for the default graph.
        protocol: "auto" (GSP, then Update when GSP is not there), "gsp" or "update".
        update_endpoint: SPARQL Update URL; derived from ``endpoint`` when None.
        user, password: credentials when the URL holds none (or only the user name).

    Raises:
        ExportError: no built graph, a bad URL/IRI, the store unreachable or answering an error.
    """
    from .store import has_graph

    out = Path(out)
    if protocol not in PROTOCOLS:
        raise ExportError(f"unknown protocol {protocol!r}; valid: {', '.join(PROTOCOLS)}")
    _check_endpoint(endpoint)
    if update_endpoint:
        _check_endpoint(update_endpoint, "--update-endpoint")
    _check_iri(graph_iri)
    auth = _credentials(endpoint, "--endpoint", user, password)
    update_auth = auth
    if update_endpoint and url_credentials(update_endpoint) != (None, None):
        update_auth = _credentials(update_endpoint, "--update-endpoint", user, password)
    if not has_graph(out):
        raise ExportError(f"{out}: no built graph here (graph.ttl missing); run: kg build CORPUS -o {out}")
    t0 = time.perf_counter()
    note = ""
    if protocol in ("auto", "gsp"):
        url = gsp_url(endpoint, graph_iri)
        try:
            _put(out, url, timeout, auth)
            triples = _count(out)
            return PushResult(redact(url), "gsp", graph_iri, triples, 1, time.perf_counter() - t0)
        except _HTTPStatusError as exc:
            if protocol == "gsp" or exc.status not in GSP_UNSUPPORTED:
                raise _status_error(exc, "the Graph Store PUT") from None
            log.info("%s answered %d to a Graph Store PUT: falling back to SPARQL Update", redact(url), exc.status)
            note = f", after the Graph Store PUT to {redact(url)} answered {exc.status}"
    url = update_endpoint or update_url(endpoint)
    triples, requests = _update(out, url, graph_iri, chunk, timeout, note, update_auth)
    return PushResult(redact(url), "update", graph_iri, triples, requests, time.perf_counter() - t0)

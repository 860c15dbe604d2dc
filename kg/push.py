"""Load a built graph into an external SPARQL 1.1 store.

First choice is the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` of the
whole graph to the store's graph-store endpoint with ``?graph=IRI`` (or
``?default``), which replaces that graph atomically. When the endpoint does not
speak it (404, 405, 415 or 501), kg falls back to SPARQL 1.1 Update at the
store's update endpoint: ``DROP SILENT GRAPH <g>`` then ``INSERT DATA`` in
chunks (not atomic: readers may see a partly loaded graph meanwhile).

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

import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .errors import ExportError

log = logging.getLogger(__name__)

PROTOCOLS = ("auto", "gsp", "update")
GSP_UNSUPPORTED = (404, 405, 406, 415, 501)   # statuses that mean "no Graph Store Protocol here"
CHUNK_TRIPLES = 20_000                        # triples per INSERT DATA request
TIMEOUT = 300.0                               # seconds per HTTP request

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

    endpoint: str           # the URL that took the data
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


def _check_endpoint(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportError(f"--endpoint {endpoint!r} is not an http(s) URL (e.g. http://localhost:3030/ds/data)")


class _HTTPStatusError(Exception):
    def __init__(self, url: str, status: int, reason: str, body: str):
        super().__init__(f"{status} {reason}")
        self.url, self.status, self.reason, self.body = url, status, reason, body


def _request(url: str, data, method: str, media: str, length: int | None = None,
             timeout: float = TIMEOUT) -> int:
    headers = {"Content-Type": media, "User-Agent": "kg-push"}
    if length is not None:
        headers["Content-Length"] = str(length)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        body = exc.read(2000).decode("utf-8", "replace") if exc.fp else ""
        raise _HTTPStatusError(url, exc.code, exc.reason or "", body) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        what = getattr(reason, "strerror", None) or str(reason)
        if isinstance(reason, ConnectionRefusedError):
            what = "connection refused"
        raise ExportError(f"cannot reach {url}: {what}; is the store running and the URL right?") from None
    except TimeoutError:
        raise ExportError(f"{url} did not answer within {timeout:.0f} s") from None
    except OSError as exc:
        raise ExportError(f"cannot reach {url}: {exc.strerror or exc}") from None


def _status_error(exc: _HTTPStatusError, what: str) -> ExportError:
    body = " ".join(exc.body.split())
    body = body if len(body) <= 300 else body[:299] + "…"
    return ExportError(f"{exc.url} answered {exc.status} {exc.reason} to {what}" + (f": {body}" if body else ""))


def _ntriples(out: Path) -> bytes:
    """The graph of ``out`` as N-Triples (from the store; the Turtle file when there is none)."""
    import pyoxigraph as ox

    from .store import open_graph, ox_store

    store = ox_store(open_graph(out))
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def _put(out: Path, url: str, timeout: float) -> int:
    ttl = out / "graph.ttl"
    if ttl.is_file():
        with ttl.open("rb") as body:
            return _request(url, body, "PUT", "text/turtle; charset=utf-8", ttl.stat().st_size, timeout)
    data = _ntriples(out)
    return _request(url, data, "PUT", "application/n-triples", len(data), timeout)


def _update(out: Path, url: str, graph_iri: str | None, chunk: int, timeout: float,
            note: str = "") -> tuple[int, int]:
    """DROP then INSERT DATA in chunks; returns (triples, requests)."""
    lines = [ln for ln in _ntriples(out).decode("utf-8").split("\n") if ln.strip()]
    drop = f"DROP SILENT GRAPH <{graph_iri}>" if graph_iri else "DROP SILENT DEFAULT"
    requests = 0

    def send(text: str) -> None:
        nonlocal requests
        body = text.encode("utf-8")
        try:
            _request(url, body, "POST", "application/sparql-update", len(body), timeout)
        except _HTTPStatusError as exc:
            raise _status_error(exc, "the SPARQL update" + note) from None
        requests += 1

    if not lines:
        send(drop)
        return 0, requests
    for i in range(0, len(lines), chunk):
        block = "\n".join(lines[i: i + chunk])
        data = f"GRAPH <{graph_iri}> {{\n{block}\n}}" if graph_iri else block
        send((drop + " ;\n" if i == 0 else "") + f"INSERT DATA {{\n{data}\n}}")
        log.info("pushed %d/%d triples", min(i + chunk, len(lines)), len(lines))
    return len(lines), requests


def push(out: str | Path, endpoint: str, graph_iri: str | None = None, *, protocol: str = "auto",
         update_endpoint: str | None = None, chunk: int = CHUNK_TRIPLES, timeout: float = TIMEOUT) -> PushResult:
    """Replace graph ``graph_iri`` (default graph when None) of the store at ``endpoint`` by the graph of ``out``.

    Args:
        out: folder written by ``kg build``.
        endpoint: the store's Graph Store Protocol URL (see the module's table).
        graph_iri: named graph to replace; None for the default graph.
        protocol: "auto" (GSP, then Update when GSP is not there), "gsp" or "update".
        update_endpoint: SPARQL Update URL; derived from ``endpoint`` when None.

    Raises:
        ExportError: no built graph, a bad URL/IRI, the store unreachable or answering an error.
    """
    from .store import count_triples, has_graph, open_graph

    out = Path(out)
    if protocol not in PROTOCOLS:
        raise ExportError(f"unknown protocol {protocol!r}; valid: {', '.join(PROTOCOLS)}")
    _check_endpoint(endpoint)
    if update_endpoint:
        _check_endpoint(update_endpoint)
    _check_iri(graph_iri)
    if not has_graph(out):
        raise ExportError(f"{out}: no built graph here (graph.ttl missing); run: kg build CORPUS -o {out}")
    t0 = time.perf_counter()
    note = ""
    if protocol in ("auto", "gsp"):
        url = gsp_url(endpoint, graph_iri)
        try:
            _put(out, url, timeout)
            triples = count_triples(open_graph(out))
            return PushResult(url, "gsp", graph_iri, triples, 1, time.perf_counter() - t0)
        except _HTTPStatusError as exc:
            if protocol == "gsp" or exc.status not in GSP_UNSUPPORTED:
                raise _status_error(exc, "the Graph Store PUT") from None
            log.info("%s answered %d to a Graph Store PUT: falling back to SPARQL Update", url, exc.status)
            note = f" (after the Graph Store PUT to {url} answered {exc.status})"
    url = update_endpoint or update_url(endpoint)
    triples, requests = _update(out, url, graph_iri, chunk, timeout, note)
    return PushResult(url, "update", graph_iri, triples, requests, time.perf_counter() - t0)

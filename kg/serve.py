"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, and the HTML view beside it.

``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or
``application/x-www-form-urlencoded`` (``query=``), with the protocol's dataset
(``default-graph-uri``, ``named-graph-uri``: graphs of the store) if given. Results
follow the Accept header: SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE
give Turtle (default), N-Triples, JSON-LD or RDF/XML. ``GET /sparql`` alone gives the
SPARQL 1.1 Service Description. Updates are refused with 403, and so are federated
queries (SERVICE), which would make the server fetch other URLs.
``GET /`` serves OUT/graph.html (and the files beside it that the page loads).

Browsers: the endpoint's answers carry CORS headers (any origin by default, or the
``--cors-origin`` ones) and preflights (OPTIONS) are answered, so that a SPARQL editor
on another origin can read them; the view is for its own origin only. The endpoint
only reads, and takes no cookies or credentials, so a page can learn nothing through
it but the graph itself.

Queries run in a pool of worker processes (``kg.engine``) that cannot reach the
network: a query that crashes the engine gets 500, one over the time limit 503,
and the server goes on. Connections are capped, and closed when idle.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import mimetypes
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import __version__
from .engine import Dataset, Engine, EngineBusy, EngineCrash, Job, QueryTimeout
from .errors import KGError, QueryError
from .query import QueryRefused

log = logging.getLogger(__name__)

MAX_BODY = 10 * 2**20                   # largest accepted request body (a query), bytes
BODY_SECONDS = 60                       # a request body must arrive within this
TIMEOUT = 30.0                          # default time limit of a query, seconds
IDLE_TIMEOUT = 15.0                     # a connection silent this long is closed, seconds
MAX_CONNECTIONS = 128                   # open at once; more are answered 503 and closed
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}
ALLOW = "GET, HEAD, POST, OPTIONS"      # the methods of /sparql
# a preflight's answer for an allowed origin: what its page may send, and for how long the browser
# may keep this answer (7200 s: Chromium's cap)
PREFLIGHT = {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
             "Access-Control-Allow-Headers": "Content-Type, Accept",
             "Access-Control-Max-Age": "7200"}
_ORIGIN = re.compile(r"(https?)://([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?/?", re.IGNORECASE)
_HOST = re.compile(r"([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?")

# media type -> kg.query.render format, for SELECT/ASK results
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
# media type -> rdflib serializer, for CONSTRUCT/DESCRIBE results
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
# files beside graph.html that the page may load
STATIC_SUFFIXES = {".html", ".js", ".css", ".png", ".svg", ".json", ".woff", ".woff2", ".ico"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept for ties)."""
    if not header:
        return []
    items = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            items.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(items)]


def negotiate(header: str | None, graph_result: bool) -> tuple[str, str]:
    """(render format, media type) for a result, from the Accept header; defaults when nothing fits."""
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    for media in _accept(header):
        if media in table:
            return table[media], media
        if media in ("*/*", "application/*", "text/*"):
            break
    return ("turtle", "text/turtle") if graph_result else ("json", RESULT_MEDIA["json"])


def cors_origins(values: Iterable[str]) -> tuple[str, ...]:
    """The origins whose pages may read the endpoint's answers, from ``--cors-origin`` values:
    ``("*",)`` for any, ``()`` for none (``none``), else origins as browsers write them.

    Raises:
        KGError: a value that is not SCHEME://HOST[:PORT], * or none.
    """
    values = list(values)
    origins = []
    for value in values:
        if value in ("*", "none"):
            continue
        m = _ORIGIN.fullmatch(value)
        if not m:
            raise KGError(f"--cors-origin {value!r} is not an origin: give SCHEME://HOST[:PORT] "
                          "(e.g. https://yasgui.triply.cc), * for any origin, or none for no CORS")
        scheme, host, port = m.group(1).lower(), m.group(2).lower(), m.group(3)
        default = {"http": "80", "https": "443"}[scheme]
        origins.append(f"{scheme}://{host}" + (f":{port}" if port and port != default else ""))
    return ("*",) if "*" in values else tuple(dict.fromkeys(origins))


SD = "http://www.w3.org/ns/sparql-service-description#"
# the result formats of the endpoint (RESULT_MEDIA, GRAPH_TYPES), as http://www.w3.org/ns/formats/ names them
SD_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
# the triples of each graph of the store (?g unbound: the default graph), empty named graphs included
GRAPH_SIZES = ("SELECT ?g (COUNT(?s) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { OPTIONAL { ?s ?p ?o } } } } "
               "GROUP BY ?g ORDER BY ?g")


def service_description(endpoint: str, sizes: dict[str | None, int]):
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``, an rdflib graph: the
    languages, the result formats and the default dataset (``sizes``: triples per graph name,
    None for the default graph). Blank nodes have fixed names: the same store gives the same text."""
    from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import VOID, XSD

    sd, formats = Namespace(SD), Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    g.bind("void", VOID)
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("defaultGraph")
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, URIRef(endpoint)))
    for language in (sd.SPARQL10Query, sd.SPARQL11Query):
        g.add((service, sd.supportedLanguage, language))
    for name in SD_FORMATS:
        g.add((service, sd.resultFormat, formats[name]))
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, default))
    g.add((default, RDF.type, sd.Graph))
    g.add((default, VOID.triples, Literal(sizes.get(None, 0), datatype=XSD.integer)))
    for i, name in enumerate(sorted(n for n in sizes if n is not None)):
        named, graph = BNode(f"namedGraph{i}"), BNode(f"graph{i}")
        g.add((dataset, sd.namedGraph, named))
        g.add((named, RDF.type, sd.NamedGraph))
        g.add((named, sd.name, URIRef(name)))
        g.add((named, sd.graph, graph))
        g.add((graph, RDF.type, sd.Graph))
        g.add((graph, VOID.triples, Literal(sizes[name], datatype=XSD.integer)))
    return g


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers /sparql and serves the HTML view; the server carries ``engine`` and ``out``."""

    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True          # headers and body leave at once (no 40 ms delayed-ACK stall)

    # ------------------------------------------------------------ plumbing

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout     # a silent connection gives its thread back
        self._body_read = False
        super().setup()

    def log_message(self, fmt, *args):  # stdlib writes to stderr directly; use logging
        log.info("%s %s", self.address_string(), (fmt % args).translate(_CONTROL))

    def _send(self, status: int, body: bytes, media: str, extra: dict | None = None) -> None:
        self.send_response(status)
        if status != HTTPStatus.NO_CONTENT:             # which has neither (RFC 9110, 8.6)
            self.send_header("Content-Type", media if media.startswith(("image/", "font/")) or "charset" in media
                             else f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        headers = dict(extra or {})
        for k, v in self._cors().items():
            headers[k] = f"{headers[k]}, {v}" if k in headers else v    # Vary: Accept, Origin
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD" and status != HTTPStatus.NO_CONTENT:
            self.wfile.write(body)

    def _cors(self) -> dict:
        """CORS headers of an answer of the endpoint (/sparql): may the page that asked read it?"""
        allowed = self.server.cors_origins
        if not allowed or urlsplit(self.path).path != "/sparql":
            return {}
        if allowed == ("*",):
            return {"Access-Control-Allow-Origin": "*"}
        origin = self.headers.get("Origin")
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin in allowed else {"Vary": "Origin"}

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        if self.command == "POST" and not self._body_read:     # its body would read as the next request
            self.close_connection = True
            extra = {**(extra or {}), "Connection": "close"}
        self._send(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain", extra)

    def _body(self) -> bytes | None:
        """The request body, or None once an error is answered (a bad or missing length, too large)."""
        lengths = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding") is not None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "chunked request bodies are not supported: send a Content-Length")
            return None
        if not lengths:
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return None
        if len(set(lengths)) > 1 or not re.fullmatch(r"[0-9]{1,19}", lengths[0]):
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {', '.join(lengths)[:40]!r} "
                                                "(one number of bytes is expected)")
            return None
        n = int(lengths[0])
        if n > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return None
        chunks, left, end = [], n, time.monotonic() + BODY_SECONDS
        while left:
            chunk = self.rfile.read1(min(left, 2**16))      # one receive: waits at most the idle timeout
            if not chunk or time.monotonic() > end:
                self.close_connection = True
                log.info("%s: request body cut short (%d of %d bytes)", self.address_string(), n - left, n)
                return None
            chunks.append(chunk)
            left -= len(chunk)
        self._body_read = True
        return b"".join(chunks)

    # ------------------------------------------------------------ methods

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == "/sparql":
            if not url.query:
                return self._describe()
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._refuse_update()
            queries = params.get("query", [])
            if len(queries) != 1:
                return self._error(HTTPStatus.BAD_REQUEST,
                                   "give exactly one query: GET /sparql?query=SELECT... "
                                   "(URL-encoded), or POST it as application/sparql-query")
            return self._query(queries[0], _dataset(params))
        return self._static(url.path)

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:  # noqa: N802
        """A browser's preflight (CORS) or a plain OPTIONS: the methods of the path, and for /sparql
        what a page of an allowed origin may send."""
        extra = {}
        if self.headers.get("Transfer-Encoding") is not None or (self.headers.get("Content-Length") or "0") != "0":
            self.close_connection = True            # its body is not read: it would read as the next request
            extra["Connection"] = "close"
        if urlsplit(self.path).path != "/sparql":
            return self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {**extra, "Allow": "GET, HEAD, OPTIONS"})
        extra["Allow"] = ALLOW
        if self.headers.get("Access-Control-Request-Method") and "Access-Control-Allow-Origin" in self._cors():
            extra.update(PREFLIGHT)
            if (self.headers.get("Access-Control-Request-Private-Network") or "").lower() == "true":
                extra["Access-Control-Allow-Private-Network"] = "true"   # a public page asking for loopback
        return self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", extra)

    def do_POST(self) -> None:  # noqa: N802
        self._body_read = False
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (the SPARQL endpoint is /sparql)")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._body()
        if body is None:
            return None
        if media == "application/sparql-update":
            return self._refuse_update()
        if media == "application/sparql-query":             # the dataset, if any, in the URL
            try:
                sparql = body.decode("utf-8")
            except UnicodeDecodeError:
                return self._error(HTTPStatus.BAD_REQUEST, "the query is not UTF-8")
            return self._query(sparql, _dataset(parse_qs(url.query, keep_blank_values=True)))
        if media == "application/x-www-form-urlencoded":
            params = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in params:
                return self._refuse_update()
            queries = params.get("query", [])
            if len(queries) != 1:
                return self._error(HTTPStatus.BAD_REQUEST, "give exactly one query= field")
            return self._query(queries[0], _dataset(params))
        return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           f"unsupported Content-Type {media or '(none)'}: use application/sparql-query "
                           "or application/x-www-form-urlencoded")

    def _refuse(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only: use GET or POST /sparql",
                    {"Allow": ALLOW})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only "
                                          "(the graph changes only by rebuilding it with `kg build`)")

    # ------------------------------------------------------------ work

    def _query(self, sparql: str, dataset: Dataset | None = None) -> None:
        answer = self._run(Job(sparql=sparql, accept=self.headers.get("Accept") or "", dataset=dataset))
        if answer is not None:
            self._send(HTTPStatus.OK, answer.text.encode("utf-8"), answer.media, {"Vary": "Accept"})

    def _run(self, job: Job):
        """The engine's answer to ``job``, or None once an error is answered."""
        engine: Engine = self.server.engine
        try:
            return engine.run(job)
        except QueryRefused as exc:
            self._error(HTTPStatus.FORBIDDEN, str(exc))
        except EngineBusy as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"})
        except QueryTimeout as exc:
            log.warning("%s: query stopped at the time limit (%g s)", self.address_string(), engine.timeout)
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except EngineCrash as exc:
            log.warning("%s: %s", self.address_string(), str(exc).split(";")[0])
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except KGError as exc:                      # no worker could open OUT (removed while serving?)
            log.error("%s", exc)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        return None

    def _describe(self) -> None:
        """The Service Description (GET /sparql with no query), in the RDF format the Accept header asks for."""
        sizes = self.server.graph_sizes
        if sizes is None:                           # counted once: the store does not change while served
            answer = self._run(Job(sparql=GRAPH_SIZES, accept=RESULT_MEDIA["json"]))
            if answer is None:
                return None
            rows = json.loads(answer.text)["results"]["bindings"]
            sizes = self.server.graph_sizes = {r["g"]["value"] if "g" in r else None: int(r["n"]["value"])
                                               for r in rows}
        host = self.headers.get("Host") or ""
        base = f"http://{host}" if _HOST.fullmatch(host) else self.server.url
        fmt, media = negotiate(self.headers.get("Accept"), graph_result=True)
        text = service_description(base + "/sparql", sizes).serialize(format=fmt)
        self._send(HTTPStatus.OK, text.encode("utf-8"), media, {"Vary": "Accept"})

    def _static(self, path: str) -> None:
        out: Path = self.server.out
        path = unquote(path, errors="replace")
        if "\x00" in path:
            return self._error(HTTPStatus.BAD_REQUEST, "bad path: it holds a NUL byte (%00); "
                                                       "the SPARQL endpoint is /sparql")
        if path in ("", "/"):
            path = "/graph.html"
        rel = path.lstrip("/")
        root = out.resolve()
        try:
            target = (out / rel).resolve()
            ok = (target.is_relative_to(root) and target.suffix in STATIC_SUFFIXES and target.is_file()
                  and (root / "store") not in target.parents)
        except (OSError, ValueError):               # a name too long, a loop of links
            ok = False
        if not ok:
            if rel == "graph.html":
                return self._error(HTTPStatus.NOT_FOUND, f"{out}/graph.html is missing: run `kg viz --graph {out}`; "
                                                         "the SPARQL endpoint is /sparql")
            return self._error(HTTPStatus.NOT_FOUND, f"not found: {path} (the SPARQL endpoint is /sparql)")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        try:
            data = target.read_bytes()
        except OSError:
            return self._error(HTTPStatus.NOT_FOUND, f"not found: {path} (the SPARQL endpoint is /sparql)")
        self._send(HTTPStatus.OK, data, media)


def _dataset(params: dict[str, list[str]]) -> Dataset | None:
    """The protocol's dataset of a request's parameters, or None when it gives none."""
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    return Dataset(tuple(default), tuple(named)) if default or named else None


class KGServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the query engine and the OUT folder; at most ``max_connections``
    connections at once, each closed after ``idle_timeout`` seconds of silence."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128                # the listen backlog (the stdlib's 5 made clients wait ~1 s)

    def __init__(self, address, engine: Engine, out: Path, idle_timeout: float = IDLE_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS, cors: tuple[str, ...] = ("*",)):
        self.engine = engine
        self.out = Path(out)
        self.cors_origins = cors
        self.graph_sizes: dict[str | None, int] | None = None     # of the service description, once counted
        self.idle_timeout = idle_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._turning_away = False
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            return self._turn_away(request, client_address)
        self._turning_away = False
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _turn_away(self, request, client_address) -> None:
        """Answer 503 at once and close: every connection slot is taken."""
        if not self._turning_away:
            self._turning_away = True
            log.warning("warning: too many connections: turning new ones away (503) until one closes")
        body = b"too many connections: try again later\n"
        try:
            request.setblocking(False)
            request.send(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """One line for a client that left or went silent; a traceback only for kg's own bugs."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            log.info("%s: connection ended early: %s", client_address[0], exc.strerror or type(exc).__name__)
        else:
            log.error("%s: the request failed", client_address[0], exc_info=True)

    def server_close(self) -> None:
        super().server_close()
        self.engine.close()


def default_workers() -> int:
    """Query workers of ``kg serve``: one per core, at least 2 (a slow query leaves one free), at most 8."""
    return max(2, min(os.cpu_count() or 1, 8))


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float | None = TIMEOUT,
                workers: int | None = None, idle_timeout: float = IDLE_TIMEOUT,
                max_connections: int = MAX_CONNECTIONS, cors: Iterable[str] = ("*",)) -> KGServer:
    """A server over the graph built into ``out``, its query workers started, bound but not yet serving.

    ``port=0`` picks a free port (see ``server.server_address``); ``timeout`` (seconds, None or 0:
    none) limits each query; ``workers`` defaults to ``default_workers()``; ``cors``: the origins
    whose pages may read the answers (see :func:`cors_origins`; ``()``: none but the server's own).

    Raises:
        ExportError: ``out`` holds no built graph.
        KGError: the address cannot be bound, or an origin is not one.
    """
    out = Path(out)
    cors = cors_origins(cors)
    engine = Engine(out, workers or default_workers(), timeout)
    try:
        return KGServer((host, port), engine, out, idle_timeout, max_connections, cors)
    except OSError as exc:
        engine.close()
        hint = "; choose another --port" if exc.errno in (98, 48, 10048) else ""
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from exc
    except BaseException:
        engine.close()
        raise


def serve(out: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = TIMEOUT,
          cors: Iterable[str] = ("*",)) -> None:
    """Serve the graph built into ``out`` until interrupted (Ctrl-C); ``cors``: see :func:`cors_origins`."""
    if not is_loopback(host):
        log.warning("warning: listening on %s makes the graph readable by every machine that can reach "
                    "this one; use --host 127.0.0.1 to keep it local", host)
    server = make_server(out, host, port, timeout=timeout, cors=cors)
    print(f"SPARQL endpoint: {server.url}/sparql  (view: {server.url}/; Ctrl-C stops)", file=sys.stderr,
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, and the HTML view beside it.

``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or
``application/x-www-form-urlencoded`` (``query=``). Results follow the Accept
header: SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE give Turtle
(default), N-Triples, JSON-LD or RDF/XML. Updates are refused with 403, and so
are federated queries (SERVICE), which would make the server fetch other URLs.
``GET /`` serves OUT/graph.html (and the files beside it that the page loads).

Queries run in a pool of worker processes (``kg.engine``) that cannot reach the
network: a query that crashes the engine gets 500, one over the time limit 503,
and the server goes on. Connections are capped, and closed when idle.
"""
from __future__ import annotations

import ipaddress
import logging
import mimetypes
import os
import re
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import __version__
from .engine import Engine, EngineBusy, EngineCrash, Job, QueryTimeout
from .errors import KGError, QueryError
from .query import QueryRefused

log = logging.getLogger(__name__)

MAX_BODY = 10 * 2**20                   # largest accepted request body (a query), bytes
BODY_SECONDS = 60                       # a request body must arrive within this
TIMEOUT = 30.0                          # default time limit of a query, seconds
IDLE_TIMEOUT = 15.0                     # a connection silent this long is closed, seconds
MAX_CONNECTIONS = 128                   # open at once; more are answered 503 and closed
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}

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
        self.send_header("Content-Type", media if media.startswith(("image/", "font/")) or "charset" in media
                         else f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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
            params = parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._refuse_update()
            queries = params.get("query", [])
            if len(queries) != 1:
                return self._error(HTTPStatus.BAD_REQUEST,
                                   "give exactly one query: GET /sparql?query=SELECT... "
                                   "(URL-encoded), or POST it as application/sparql-query")
            return self._query(queries[0])
        return self._static(url.path)

    do_HEAD = do_GET

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
        if media == "application/sparql-query":
            try:
                return self._query(body.decode("utf-8"))
            except UnicodeDecodeError:
                return self._error(HTTPStatus.BAD_REQUEST, "the query is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            params = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in params:
                return self._refuse_update()
            queries = params.get("query", [])
            if len(queries) != 1:
                return self._error(HTTPStatus.BAD_REQUEST, "give exactly one query= field")
            return self._query(queries[0])
        return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           f"unsupported Content-Type {media or '(none)'}: use application/sparql-query "
                           "or application/x-www-form-urlencoded")

    def _refuse(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only: use GET or POST /sparql",
                    {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only "
                                          "(the graph changes only by rebuilding it with `kg build`)")

    # ------------------------------------------------------------ work

    def _query(self, sparql: str) -> None:
        engine: Engine = self.server.engine
        try:
            answer = engine.run(Job(sparql=sparql, accept=self.headers.get("Accept") or ""))
        except QueryRefused as exc:
            return self._error(HTTPStatus.FORBIDDEN, str(exc))
        except EngineBusy as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"})
        except QueryTimeout as exc:
            log.warning("%s: query stopped at the time limit (%g s)", self.address_string(), engine.timeout)
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except EngineCrash as exc:
            log.warning("%s: %s", self.address_string(), str(exc).split(";")[0])
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except KGError as exc:                      # no worker could open OUT (removed while serving?)
            log.error("%s", exc)
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        self._send(HTTPStatus.OK, answer.text.encode("utf-8"), answer.media, {"Vary": "Accept"})

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


class KGServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the query engine and the OUT folder; at most ``max_connections``
    connections at once, each closed after ``idle_timeout`` seconds of silence."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128                # the listen backlog (the stdlib's 5 made clients wait ~1 s)

    def __init__(self, address, engine: Engine, out: Path, idle_timeout: float = IDLE_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS):
        self.engine = engine
        self.out = Path(out)
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
                max_connections: int = MAX_CONNECTIONS) -> KGServer:
    """A server over the graph built into ``out``, its query workers started, bound but not yet serving.

    ``port=0`` picks a free port (see ``server.server_address``); ``timeout`` (seconds, None or 0:
    none) limits each query; ``workers`` defaults to ``default_workers()``.

    Raises:
        ExportError: ``out`` holds no built graph.
        KGError: the address cannot be bound.
    """
    out = Path(out)
    engine = Engine(out, workers or default_workers(), timeout)
    try:
        return KGServer((host, port), engine, out, idle_timeout, max_connections)
    except OSError as exc:
        engine.close()
        hint = "; choose another --port" if exc.errno in (98, 48, 10048) else ""
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from exc
    except BaseException:
        engine.close()
        raise


def serve(out: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = TIMEOUT) -> None:
    """Serve the graph built into ``out`` until interrupted (Ctrl-C)."""
    if not is_loopback(host):
        log.warning("warning: listening on %s makes the graph readable by every machine that can reach "
                    "this one; use --host 127.0.0.1 to keep it local", host)
    server = make_server(out, host, port, timeout=timeout)
    print(f"SPARQL endpoint: {server.url}/sparql  (view: {server.url}/; Ctrl-C stops)", file=sys.stderr,
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

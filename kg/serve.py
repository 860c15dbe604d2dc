"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, and the HTML view beside it.

``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or
``application/x-www-form-urlencoded`` (``query=``). Results follow the Accept
header: SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE give Turtle
(default), N-Triples, JSON-LD or RDF/XML. Updates are refused with 403, and so
are federated queries (SERVICE), which would make the server fetch other URLs.
``GET /`` serves OUT/graph.html (and the files beside it that the page loads).

The graph is opened once (read-only store) and shared by the request threads.
"""
from __future__ import annotations

import ipaddress
import logging
import mimetypes
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import __version__
from .errors import KGError, QueryError

log = logging.getLogger(__name__)

MAX_BODY = 10 * 2**20                   # largest accepted request body (a query), bytes

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
    """Answers /sparql and serves the HTML view; the server carries ``graph`` and ``out``."""

    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------ plumbing

    def log_message(self, fmt, *args):  # stdlib writes to stderr directly; use logging
        log.info("%s %s", self.address_string(), fmt % args)

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
        self._send(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain", extra)

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return None
        try:
            n = int(length)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {length!r}")
            return None
        if n > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return None
        return self.rfile.read(n)

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
        from . import query

        try:
            query.check_read_only(sparql)
        except QueryError as exc:
            return self._error(HTTPStatus.FORBIDDEN, str(exc))
        if query.uses_service(sparql):
            return self._error(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are refused: this endpoint "
                                                     "does not fetch other URLs; run them with `kg query`")
        try:
            result = query.run(self.server.graph, sparql)
            graph_result = result.type in ("CONSTRUCT", "DESCRIBE")
            fmt, media = negotiate(self.headers.get("Accept"), graph_result)
            text = query.graph_text(result.graph, fmt) if graph_result else query.render(result, fmt)
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except Exception as exc:  # noqa: BLE001 - a server answers, it does not die
            log.exception("query failed")
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {exc}")
        self._send(HTTPStatus.OK, text.encode("utf-8"), media, {"Vary": "Accept"})

    def _static(self, path: str) -> None:
        out: Path = self.server.out
        if path in ("", "/"):
            path = "/graph.html"
        rel = path.lstrip("/")
        target = (out / rel).resolve()
        root = out.resolve()
        ok = (target.is_relative_to(root) and target.suffix in STATIC_SUFFIXES and target.is_file()
              and (root / "store") not in target.parents)
        if not ok:
            if rel == "graph.html":
                return self._error(HTTPStatus.NOT_FOUND, f"{out}/graph.html is missing: run `kg viz --graph {out}`; "
                                                         "the SPARQL endpoint is /sparql")
            return self._error(HTTPStatus.NOT_FOUND, f"not found: {path} (the SPARQL endpoint is /sparql)")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, target.read_bytes(), media)


class KGServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the opened graph and the OUT folder."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, graph, out: Path):
        self.graph = graph
        self.out = Path(out)
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 7878, graph=None) -> KGServer:
    """A server over the graph built into ``out`` (opened read-only once), bound but not yet serving.

    ``port=0`` picks a free port (see ``server.server_address``).

    Raises:
        ExportError: ``out`` holds no built graph.
        KGError: the address cannot be bound.
    """
    from .store import open_graph

    out = Path(out)
    if graph is None:
        graph = open_graph(out)
    try:
        return KGServer((host, port), graph, out)
    except OSError as exc:
        hint = "; choose another --port" if exc.errno in (98, 48, 10048) else ""
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from exc


def serve(out: str | Path, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Serve the graph built into ``out`` until interrupted (Ctrl-C)."""
    if not is_loopback(host):
        log.warning("warning: listening on %s makes the graph readable by every machine that can reach "
                    "this one; use --host 127.0.0.1 to keep it local", host)
    server = make_server(out, host, port)
    print(f"SPARQL endpoint: {server.url}/sparql  (view: {server.url}/; Ctrl-C stops)", file=sys.stderr,
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

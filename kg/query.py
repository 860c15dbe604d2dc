"""SPARQL over a built graph: run read-only queries, bind parameters safely, render results.

``run`` accepts SELECT, ASK, CONSTRUCT and DESCRIBE; updates are refused before
anything runs. Over a graph from ``kg.store.open_graph`` the query goes straight
to Oxigraph and a SELECT result keeps Oxigraph's terms (``StoreResult``):
``render`` writes them without building rdflib terms, which costs more than the
query itself for large results; the rdflib API (iterating rows, ``bindings``)
still works and converts on first use. Any other rdflib graph runs rdflib's engine.

Parameters are written from rdflib terms with every character escaped, so a
value can never change the query's text. A parameter is bound where the query
holds ``VALUES ?name { UNDEF }`` (a placeholder that leaves it unbound when not
given, e.g. inside a sub-SELECT), otherwise by a ``VALUES`` block placed at the
start of the query's top-level WHERE group.

Named queries ship as ``kg/queries/<name>.rq``; their header comment gives a
one-line description and the parameters::

    # parks of a district, including those inside its towns and parks
    # param: district (label) name or alias of the district, e.g. 青禾县
    # param: relation? (relation) optional: ...
    # param: limit? (limit) at most this many rows (default 100; 0 for all)

A ``?`` after the name makes the parameter optional (left unbound when not given).
A parameter used in a FILTER must be used in the group its VALUES is in.
A ``limit`` parameter sets the number in the query's one LIMIT clause (whose
number is the default); ``run_named`` marks a result cut by it as ``truncated``.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result, ResultRow

from .errors import QueryError
from .vocab import ID, KG

FORMATS = ("table", "csv", "tsv", "json", "xml")
RELATIONS = ("locatedIn", "developsCluster", "cooperatesWith")
ENTITY_TYPES = ("District", "Park", "IndustrialCluster", "Project", "Organization")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
QUERY_KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
TABLE_MAX_WIDTH = 80         # display columns of one table cell; longer values end with …

# Prefixes for compact IRIs in tables (no namespace here is a prefix of another).
SHORT = {"kg": str(KG._NS), "id": str(ID), "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS),
         "dcterms": str(DCTERMS), "xsd": str(XSD), "owl": str(OWL)}


# ---------------------------------------------------------------- lexing (just enough)

_WS_COMMENT = re.compile(r"(?:\s+|#[^\n]*)*")
_WORD = re.compile(r"[A-Za-z]+")
_PREFIX_DECL = re.compile(r"PREFIX\s*(?:[^\s:]*):\s*<[^<>\s]*>", re.IGNORECASE)
_BASE_DECL = re.compile(r"BASE\s*<[^<>\s]*>", re.IGNORECASE)
_IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")   # UCHAR escapes too
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.DOTALL)
_NOT_CODE = re.compile(rf"#[^\n]*|{_STRING.pattern}|{_IRIREF.pattern}", re.DOTALL)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)
_BRACKET = re.compile(r"[(\[{)\]}]")
MAX_NESTING = 100            # brackets open at once; Oxigraph crashes (stack overflow) from ~1,400 (measured)


def _prologue_end(sparql: str) -> int:
    """Offset just past the prologue: PREFIX/BASE declarations, white space and comments."""
    pos = 0
    while True:
        pos = _WS_COMMENT.match(sparql, pos).end()
        m = _PREFIX_DECL.match(sparql, pos) or _BASE_DECL.match(sparql, pos)
        if not m:
            return pos
        pos = m.end()


def query_form(sparql: str) -> str | None:
    """The first keyword after the prologue (PREFIX/BASE and comments), upper-cased, or None."""
    m = _WORD.match(sparql, _prologue_end(sparql))
    return m.group(0).upper() if m else None


class QueryRefused(QueryError):
    """A query kg will not run at all: an update, or a federated query (SERVICE)."""


def check_read_only(sparql: str) -> None:
    """Refuse SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP ...) before anything runs.

    Raises:
        QueryRefused: ``sparql`` is an update.
    """
    form = query_form(sparql)
    if form in UPDATE_KEYWORDS:
        raise QueryRefused(f"updates are refused ({form}): the graph is read-only here; "
                           "it changes only by rebuilding it with `kg build`")


def _code_only(sparql: str) -> str:
    """``sparql`` with comments, strings and IRIs blanked out (same length), to look for keywords.

    Not cached: the texts are up to 10 MB (a request body), and this takes milliseconds.
    """
    return _NOT_CODE.sub(lambda m: " " * (m.end() - m.start()), sparql)


def unescape_codepoints(sparql: str) -> str:
    """``sparql`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by the characters they stand for.

    SPARQL 1.1 applies them to the whole text before parsing; Oxigraph 0.5 only inside IRIs
    and strings. kg's checks read a query both ways (``_readings``), so that neither hides anything.
    """
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return m.group(0) if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)

    return _CODEPOINT.sub(char, sparql)


def _readings(sparql: str) -> list[str]:
    """The query as written and, when it holds escapes, as SPARQL 1.1 reads it (escapes replaced)."""
    return [sparql, unescape_codepoints(sparql)] if ("\\u" in sparql or "\\U" in sparql) else [sparql]


def uses_service(sparql: str) -> bool:
    """Whether the query calls other endpoints (SERVICE), which makes the engine fetch URLs.

    Read outside comments, strings and IRIs, with and without escapes. A friendly early
    refusal only: what keeps the engine off the network is ``kg.sandbox``.
    """
    return any(_SERVICE.search(_code_only(text)) for text in _readings(sparql))


def mentions_service(sparql: str) -> bool:
    """Whether the word SERVICE appears anywhere in the text, in any case, escapes read (the strict
    check where the engine cannot be kept off the network)."""
    return any("service" in text.lower() for text in _readings(sparql))


def _deepest(code: str, stop: bool = False) -> tuple[int, int | None]:
    """Most brackets ``( { [`` open at once in ``code``, and the offset of the first one past
    ``MAX_NESTING`` (None when none is; ``stop``: return there). A stray closing bracket does
    not count below zero."""
    depth = most = 0
    for m in _BRACKET.finditer(code):
        if m.group() in "({[":
            depth += 1
            if depth > most:
                most = depth
                if most == MAX_NESTING + 1 and stop:
                    return most, m.start()
        elif depth:
            depth -= 1
    return most, None


def nesting_depth(sparql: str) -> int:
    """Most brackets ``( { [`` open at once outside comments, strings and IRIs, escapes read or not."""
    return max(_deepest(_code_only(text))[0] for text in _readings(sparql))


def check_nesting(sparql: str) -> None:
    """Refuse a query nested deeper than ``MAX_NESTING``: Oxigraph's parser recurses once per
    level and overflows its stack (a segfault) from about 1,400 levels, measured on 8 MB stacks.

    Raises:
        QueryError: the query is nested too deep (with the line and column of the first bracket too many).
    """
    how = "write it flatter (deeper nesting crashes the query engine)"
    texts = _readings(sparql)
    over = _deepest(_code_only(sparql), stop=True)[1]
    if over is not None:
        line = sparql.count("\n", 0, over) + 1
        col = over - (sparql.rfind("\n", 0, over) + 1) + 1
        raise QueryError(f"query is nested too deep at line {line}, column {col}: more than {MAX_NESTING} "
                         f"brackets ((, {{ or [) open at once; {how}")
    if len(texts) > 1 and _deepest(_code_only(texts[1]), stop=True)[1] is not None:
        raise QueryError(f"query is nested too deep (counting \\u escapes as the characters they stand for): "
                         f"more than {MAX_NESTING} brackets ((, {{ or [) open at once; {how}")


SERVICE_REFUSED = ("federated queries (SERVICE) are refused: kg never fetches other URLs "
                   "(the endpoint and kg query only read the graph built here)")


def check_runnable(sparql: str, strict: bool = False) -> None:
    """Refuse, before any engine sees it, what kg never runs: updates, SERVICE, deep nesting.

    Args:
        strict: refuse any text with the word SERVICE in it (where the engine's process
            could not be kept off the network).

    Raises:
        QueryRefused: an update or a federated query.
        QueryError: the query is nested too deep.
    """
    check_read_only(sparql)
    if uses_service(sparql):
        raise QueryRefused(SERVICE_REFUSED)
    if strict and mentions_service(sparql):
        raise QueryRefused(SERVICE_REFUSED + "; without a sandbox on this system, kg refuses every query "
                                             "whose text holds the word SERVICE, even in a string or comment")
    check_nesting(sparql)


def _where_brace(sparql: str) -> int | None:
    """Index of the ``{`` opening the top-level WHERE group (None when the query has none)."""
    depth_paren = depth_brace = 0
    pos, n = 0, len(sparql)
    after_where = False
    form = query_form(sparql)
    while pos < n:
        c = sparql[pos]
        if c == "#":
            end = sparql.find("\n", pos)
            pos = n if end < 0 else end + 1
            continue
        if c in "\"'":
            m = _STRING.match(sparql, pos)
            pos = m.end() if m else pos + 1
            continue
        if c == "<":
            m = _IRIREF.match(sparql, pos)
            pos = m.end() if m else pos + 1
            continue
        if c == "(":
            depth_paren += 1
        elif c == ")":
            depth_paren -= 1
        elif c == "{":
            if depth_paren == 0 and depth_brace == 0:
                if after_where or form in ("SELECT", "ASK", "DESCRIBE"):
                    return pos
            depth_brace += 1
        elif c == "}":
            depth_brace -= 1
        elif c.isalpha() and depth_paren == 0 and depth_brace == 0:
            m = _WORD.match(sparql, pos)
            if m.group(0).upper() == "WHERE" and (pos == 0 or not (sparql[pos - 1].isalnum()
                                                                   or sparql[pos - 1] in "?$:_")):
                after_where = True
            pos = m.end()
            continue
        pos += 1
    return None


# ---------------------------------------------------------------- terms

_BAD_IRI = re.compile(r"[<>\"{}|^`\\\x00-\x20]")


def sparql_term(term) -> str:
    """SPARQL text of an rdflib term, every special character escaped (for VALUES)."""
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI: {_cut(str(term))}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"not a valid language tag: {_cut(term.language)}")
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{text}"'
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be query parameters")


def _as_term(value) -> URIRef | Literal:
    if isinstance(value, (URIRef, Literal)):
        return value
    if isinstance(value, BNode):
        raise QueryError("cannot bind a blank node as a query parameter")
    return Literal(value)


def _placeholders(code: str, name: str) -> list[tuple[int, int]]:
    """Spans of ``VALUES ?name { UNDEF }`` in ``code`` (the query with comments and strings blanked)."""
    pattern = rf"(?<![?$\w:])VALUES\s*[?$]{name}\s*\{{\s*UNDEF\s*\}}"
    return [m.span() for m in re.finditer(pattern, code, re.IGNORECASE)]


def bind(sparql: str, bindings: dict | None) -> str:
    """``sparql`` with ``bindings`` bound by VALUES: in its ``VALUES ?name { UNDEF }``
    placeholders, or in a block at the start of its top-level WHERE group."""
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a valid SPARQL variable name: {_cut(name)}")
    code = _code_only(sparql)
    edits: list[tuple[int, int, str]] = []       # (start, end, replacement) in sparql
    top = []
    for name in names:
        spans = _placeholders(code, name)
        if spans:
            term = sparql_term(_as_term(bindings[name]))
            edits += [(a, b, f"VALUES ?{name} {{ {term} }}") for a, b in spans]
        else:
            top.append(name)
    if top:
        brace = _where_brace(sparql)
        if brace is None:
            raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
        if re.match(r"\s*SELECT\b", _code_only(sparql[brace + 1:]), re.IGNORECASE):
            raise QueryError("cannot bind parameters into a WHERE group that is a sub-SELECT; "
                             "wrap it in braces: WHERE { { SELECT ... } }")
        values = (f"VALUES ({' '.join('?' + n for n in top)}) "
                  f"{{ ({' '.join(sparql_term(_as_term(bindings[n])) for n in top)}) }} ")
        edits.append((brace + 1, brace + 1, " " + values))
    for start, end, text in sorted(edits, reverse=True):
        sparql = sparql[:start] + text + sparql[end:]
    return sparql


# ---------------------------------------------------------------- running

class StoreResult(Result):
    """A SELECT result read straight from Oxigraph: ``rows`` of pyoxigraph terms (None: unbound).

    ``render`` writes these terms as they are; the rdflib API (iteration,
    ``bindings``, ``len``) converts them to rdflib terms on first use.
    """

    def __init__(self, variables: list[str], rows: list[tuple]):
        super().__init__("SELECT")
        self.vars = [Variable(v) for v in variables]
        self.rows = rows
        self._converted: list[dict] | None = None

    @property
    def bindings(self) -> list[dict]:
        if self._converted is None:
            from .store import _from_ox

            self._converted = [{v: _from_ox(t) for v, t in zip(self.vars, row) if t is not None}
                               for row in self.rows]
        return self._converted

    def __iter__(self):
        for b in self.bindings:
            if b:                                # as rdflib: no row for an all-unbound solution
                yield ResultRow(b, self.vars)


def _direct_store(graph: Graph):
    """The pyoxigraph Store to query directly for ``graph`` (its default graph), or None."""
    from .store import ox_store

    store = ox_store(graph)
    return store if store is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID else None


def _run_store(store, graph: Graph, text: str) -> Result:
    """Run ``text`` in Oxigraph with the graph's prefixes; SELECT rows stay pyoxigraph terms."""
    import pyoxigraph as ox

    from .store import _from_ox

    result = store.query(text, prefixes={p: str(ns) for p, ns in graph.namespaces()})
    if isinstance(result, ox.QuerySolutions):
        return StoreResult([v.value for v in result.variables], [tuple(s) for s in result])
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
        return out
    out = Result("CONSTRUCT")
    out.graph = Graph()
    out.graph += (_from_ox(t) for t in result)
    return out


def run(graph: Graph, sparql: str, bindings: dict | None = None) -> Result:
    """Run a read-only SPARQL query over ``graph``.

    Args:
        graph: a graph from ``kg.store.open_graph`` (run in Oxigraph, SELECT rows as
            a ``StoreResult``) or any rdflib graph (rdflib's engine).
        sparql: SELECT, ASK, CONSTRUCT or DESCRIBE; kg's prefixes (kg:, id:, rdfs: ...) are predeclared.
        bindings: variable name -> value (rdflib term, or a str/int/Decimal made a literal).

    Returns:
        An rdflib ``Result``, fully evaluated; its ``truncated`` is False (see ``run_named``).

    Raises:
        QueryError: the query is an update, is nested too deep, is not valid SPARQL, or fails to run.
    """
    check_read_only(sparql)
    _check_form(sparql)
    check_nesting(sparql)
    text = bind(sparql, bindings)
    store = _direct_store(graph)

    def execute(q: str) -> Result:
        if store is not None:
            return _run_store(store, graph, q)
        result = graph.query(q)
        if result.type == "SELECT":
            result.bindings               # noqa: B018 - evaluate here: rdflib's engine is lazy
        return result

    try:
        result = execute(text)
        result.truncated = False
        return result
    except SyntaxError as exc:            # Oxigraph
        if text != sparql:                # report the position in the text the user wrote
            try:
                execute(sparql)
            except SyntaxError as orig:
                exc = orig
            except Exception:  # noqa: BLE001 - fall back to the error of the bound text
                pass
        raise _syntax_error(str(exc), sparql) from None
    except QueryError:
        raise
    except Exception as exc:
        pe = _pyparsing_error(exc)
        if pe is not None:                # rdflib's own engine
            if text != sparql:
                try:
                    execute(sparql)
                except Exception as orig:  # noqa: BLE001
                    pe = _pyparsing_error(orig) or pe
            raise _syntax_error(pe, sparql) from None
        m = re.search(r"Unknown namespace prefix : (\S+)", str(exc))
        if m:
            raise QueryError(f"query is not valid SPARQL: unknown prefix {m.group(1)}: (declare it with "
                             f"PREFIX {m.group(1)}: <...>)") from None
        raise QueryError(f"the query failed: {_cut(' '.join(str(exc).split()), 300)}") from exc


def _check_form(sparql: str) -> None:
    """A clear error when the query does not start with a query form (parsers report odd expectations)."""
    form = query_form(sparql)
    if form in QUERY_KEYWORDS:
        return
    pos = _prologue_end(sparql)
    word = re.match(r"\S*", sparql[pos:]).group(0)
    line = sparql.count("\n", 0, pos) + 1
    col = pos - (sparql.rfind("\n", 0, pos) + 1) + 1
    found = f"found {_cut(word, 20)!r}" if word else "found nothing"
    raise _syntax_error(f"error at {line}:{col}: expected SELECT, ASK, CONSTRUCT or DESCRIBE, {found}", sparql)


def _pyparsing_error(exc) -> str | None:
    try:
        from pyparsing import ParseBaseException
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(exc, ParseBaseException):
        return None
    found = getattr(exc, "found", None)
    detail = exc.msg + (f", found {found}" if found else "")
    return f"error at {exc.lineno}:{exc.col}: {detail}"


_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def _syntax_error(message: str, sparql: str) -> QueryError:
    m = _POSITION.match(message)
    if not m:
        return QueryError(f"query is not valid SPARQL: {_cut(' '.join(message.split()), 200)}")
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = sparql.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text[: max(col - 1, 0)])
        prefix = (pname.group(1) or "") if pname else "?"
        detail = (f"unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>; "
                  f"predeclared: {', '.join(p + ':' for p in SHORT)})")
    else:
        detail = _cut(" ".join(detail.split()), 160)
    caret = " " * (min(max(col - 1, 0), len(text))) + "^"
    return QueryError(f"query is not valid SPARQL at line {line}, column {col}: {detail}\n  {text}\n  {caret}")


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- named queries

PARAM_TYPES = ("label", "amount", "relation", "type", "iri", "integer", "string", "limit")
_PARAM_LINE = re.compile(r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)(?P<opt>\?)?\s*\((?P<type>\w+)\)\s*(?P<desc>.*)")


@dataclass(frozen=True)
class Param:
    """A parameter of a named query."""

    name: str
    type: str                 # one of PARAM_TYPES
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as kg/queries/<name>.rq."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    limit: int | None = None  # rows by default (the number of its LIMIT clause), when it has a limit parameter

    @property
    def limit_param(self) -> Param | None:
        """The parameter of type ``limit``, if any."""
        return next((p for p in self.params if p.type == "limit"), None)


_LIMIT = re.compile(r"(?<![?$\w:])LIMIT\s+(\d+)", re.IGNORECASE)


def _limit_clause(code: str) -> list[re.Match]:
    """The LIMIT clauses of a query's code (comments and strings blanked)."""
    return list(_LIMIT.finditer(code))


def parse_named(name: str, text: str) -> NamedQuery:
    """Read the header comment of a .rq file: first comment line = description, ``# param:`` lines."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _PARAM_LINE.fullmatch(s)
        if m:
            if m.group("type") not in PARAM_TYPES:
                raise QueryError(f"kg/queries/{name}.rq: parameter {m.group('name')} has unknown type "
                                 f"{m.group('type')} (valid: {', '.join(PARAM_TYPES)})")
            params.append(Param(m.group("name"), m.group("type"), m.group("desc").strip(), bool(m.group("opt"))))
        elif not description and not s.startswith("#!"):
            description = s.lstrip("#").strip()
    limit = None
    limits = [p for p in params if p.type == "limit"]
    if limits:
        clauses = _limit_clause(_code_only(text))
        if len(limits) > 1 or len(clauses) != 1 or not limits[0].optional:
            raise QueryError(f"kg/queries/{name}.rq: a limit parameter must be optional and unique, and the "
                             f"query needs exactly one LIMIT clause (its default); found {len(clauses)}")
        limit = int(clauses[0].group(1))
    return NamedQuery(name, description, tuple(params), text, limit)


_NAMED: dict[str, NamedQuery] | None = None


def named_queries() -> dict[str, NamedQuery]:
    """The named queries shipped with kg, by name (sorted)."""
    global _NAMED
    if _NAMED is None:
        from . import resources

        _NAMED = {n: parse_named(n, resources.read_text("queries", f"{n}.rq"))
                  for n in resources.names("queries", ".rq")}
    return _NAMED


def named(name: str) -> NamedQuery:
    """One named query. Raises QueryError naming the valid ones when ``name`` is unknown."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; valid: {', '.join(queries)} (see: kg query --list)")
    return queries[name]


MAX_LIMIT = 10**9            # rows a limit parameter may ask for (Oxigraph's own bound is 2**64)
_AMOUNT = re.compile(r"(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>万亿|亿|万|千)?\s*元?")
_UNITS = {None: 1, "千": 10**3, "万": 10**4, "亿": 10**8, "万亿": 10**12}


def parse_amount(text: str) -> Decimal:
    """An amount of money in yuan: ``1200000000``, ``12亿``, ``12亿元``, ``3000万``, ``1.2e9``."""
    m = _AMOUNT.fullmatch(text.strip())
    if not m:
        raise ValueError("expected a number of yuan, optionally with 万, 亿 or 元, e.g. 10亿 or 1000000000")
    try:
        return Decimal(m.group("num").replace(",", "")) * _UNITS[m.group("unit")]
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError("not a number") from exc


def _convert(param: Param, raw: str):
    value = raw.strip()
    if param.type == "label":
        if not value:
            raise ValueError("empty label")
        return Literal(value, lang="zh")
    if param.type == "amount":
        return Literal(parse_amount(value), datatype=XSD.decimal)
    if param.type == "relation":
        if value not in RELATIONS:
            raise ValueError(f"expected one of {', '.join(RELATIONS)}")
        return KG[value]
    if param.type == "type":
        if value not in ENTITY_TYPES:
            raise ValueError(f"expected one of {', '.join(ENTITY_TYPES)}")
        return KG[value]
    if param.type == "iri":
        for prefix, ns in SHORT.items():
            if value.startswith(prefix + ":") and not value.startswith(prefix + "://"):
                value = ns + value[len(prefix) + 1:]
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _BAD_IRI.search(value):
            raise ValueError("expected an IRI such as https://w3id.org/kg-cn/id/e/... or id:e/...")
        return URIRef(value)
    if param.type == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise ValueError("expected an integer") from None
    if param.type == "limit":
        if not re.fullmatch(r"[0-9]{1,10}", value) or int(value) > MAX_LIMIT:
            raise ValueError(f"expected a number of rows up to {MAX_LIMIT}, or 0 for all of them")
        return int(value)
    return Literal(value)


def named_bindings(nq: NamedQuery, params: dict[str, str]) -> dict:
    """Check and convert the ``key=value`` parameters of a named query into rdflib terms (a limit: an int).

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong kind.
    """
    known = {p.name: p for p in nq.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        valid = ", ".join(known) or "none"
        raise QueryError(f"query {nq.name} has no parameter {', '.join(unknown)} (parameters: {valid})")
    missing = [p.name for p in nq.params if not p.optional and p.name not in params]
    if missing:
        usage = " ".join(f"--param {p.name}=..." for p in nq.params if not p.optional)
        raise QueryError(f"query {nq.name} needs {', '.join(missing)}: {usage}")
    out = {}
    for name, raw in params.items():
        try:
            out[name] = _convert(known[name], raw)
        except ValueError as exc:
            raise QueryError(f"query {nq.name}: parameter {name}={_cut(raw, 40)!r} is invalid: {exc}") from None
    return out


def named_text(nq: NamedQuery, params: dict[str, str]) -> tuple[str, int | None]:
    """The SPARQL that runs for named query ``nq`` with ``params``, and its row limit (None: all rows).

    Parameters are bound (``bind``); a limit N becomes ``LIMIT N+1``, so that a
    result with more rows shows it, and 0 drops the clause.

    Raises:
        QueryError: as ``named_bindings``.
    """
    values = named_bindings(nq, params)
    text, limit = nq.sparql, None
    lp = nq.limit_param
    if lp is not None:
        limit = values.pop(lp.name, nq.limit) or None
        clause = _limit_clause(_code_only(text))[0]
        text = text[:clause.start()] + (f"LIMIT {limit + 1}" if limit else "") + text[clause.end():]
    return bind(text, values), limit


# ---------------------------------------------------------------- materialized named queries
#
# A named query too costly to answer at once from a large graph (clusters: a count
# over every cluster's projects, then the developers' labels) is answered at build
# time instead: ``materialize`` stores its full result (every row, in order) in a
# named graph of the store, and a reader query, kg/queries/views/<name>.rq, takes
# its rows from there. The store is written once per build and never changed, so
# the rows cannot go stale; the default graph (what the other queries, export,
# push and validate see) is untouched. Graphs without the view (rdflib's, an older
# store) run the query itself: both give the same rows (tests/test_query.py).

VIEW = "https://w3id.org/kg-cn/view/"    # + name: the named graph of a view; + "col#" + variable: its columns


def view_graph(name: str) -> str:
    """IRI of the named graph holding the materialized rows of named query ``name``."""
    return VIEW + name


@functools.cache
def views() -> dict[str, NamedQuery]:
    """Readers of the materialized named queries (kg/queries/views/<name>.rq), by name."""
    from . import resources

    return {n: parse_named(n, resources.read_text("queries", "views", f"{n}.rq"))
            for n in resources.names("queries/views", ".rq")}


def materialize(store) -> dict[str, int]:
    """Store the full result of each named query that has a reader into its view graph (replaced).

    ``store`` is a writable pyoxigraph Store holding the graph in its default graph.
    Row i becomes ``<VIEW name/row/i> <VIEW col#rank> i`` and one ``<VIEW col#var>``
    statement per bound variable. Returns rows stored per view.
    """
    import pyoxigraph as ox

    from .store import _prefixes

    rank = ox.NamedNode(VIEW + "col#rank")
    counts = {}
    for name in views():
        nq = named(name)
        text, _ = named_text(nq, {nq.limit_param.name: "0"} if nq.limit_param else {})
        graph = ox.NamedNode(view_graph(name))
        store.remove_graph(graph)
        result = store.query(text, prefixes=_prefixes())
        columns = [(v, ox.NamedNode(VIEW + "col#" + v.value)) for v in result.variables]
        quads, n = [], 0
        for n, solution in enumerate(result, 1):
            row = ox.NamedNode(f"{VIEW}{name}/row/{n - 1}")
            quads.append(ox.Quad(row, rank, ox.Literal(str(n - 1), datatype=ox.NamedNode(str(XSD.integer))), graph))
            quads.extend(ox.Quad(row, col, solution[v], graph) for v, col in columns if solution[v] is not None)
        store.add_graph(graph)          # an empty result still says the view is there
        store.extend(quads)
        counts[name] = n
    return counts


def _to_run(graph: Graph, name: str) -> NamedQuery:
    """The query that answers named query ``name`` over ``graph``: its reader where the graph's
    store holds the view, else the query itself."""
    store = _direct_store(graph)
    if store is not None and name in views():
        import pyoxigraph as ox

        if store.contains_named_graph(ox.NamedNode(view_graph(name))):
            return views()[name]
    return named(name)


def named_plan(graph: Graph, name: str, params: dict[str, str] | None = None) -> tuple[str, int | None]:
    """The SPARQL that ``run_named`` runs over ``graph`` for ``name`` and ``params``, and its row limit.

    Raises:
        QueryError: as ``named_bindings`` (the parameters are checked against the named query).
    """
    params = params or {}
    named_bindings(named(name), params)
    return named_text(_to_run(graph, name), params)


def run_named(graph: Graph, name: str, params: dict[str, str] | None = None) -> Result:
    """Run the named query ``name`` with ``params`` (strings, converted by each parameter's type).

    Returns:
        The result, at most the query's limit of rows: its ``truncated`` is True
        when more rows were left out (``limit_note`` says how to get them).
    """
    text, limit = named_plan(graph, name, params)
    result = run(graph, text)
    result.truncated = limit is not None and _keep_rows(result, limit)
    return result


def _keep_rows(result: Result, n: int) -> bool:
    """Keep the first ``n`` rows of a SELECT result; whether there were more."""
    if result.type != "SELECT":
        return False
    if isinstance(result, StoreResult):
        if len(result.rows) <= n:
            return False
        result.rows = result.rows[:n]
        result._converted = None
        return True
    if len(result.bindings) <= n:
        return False
    result.bindings = list(result.bindings[:n])
    return True


def limit_note(name: str, params: dict[str, str], result: Result) -> str | None:
    """What ``kg query --name`` says on stderr when the query's default limit left rows out."""
    lp = named(name).limit_param
    if not getattr(result, "truncated", False) or lp is None or lp.name in params:
        return None
    n = len(result.bindings) if not isinstance(result, StoreResult) else len(result.rows)
    return f"(the first {n} rows; more are left out: --param {lp.name}=0 shows them all)"


def describe_named() -> str:
    """The listing printed by ``kg query --list``."""
    lines = []
    for nq in named_queries().values():
        lines.append(f"{nq.name}: {nq.description}")
        for p in nq.params:
            opt = " (optional)" if p.optional else ""
            lines.append(f"    --param {p.name}=<{p.type}>{opt}  {p.description}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- rendering

def render(result: Result, fmt: str = "table") -> str:
    """Text of a query result: ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` (SPARQL results formats).

    CONSTRUCT and DESCRIBE results are Turtle in every format. The rows of a
    ``StoreResult`` are written from Oxigraph's terms, with the same text as
    their rdflib conversions would give.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; valid: {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return graph_text(result.graph)
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}) + "\n"
        if fmt == "xml":
            return (_XML_HEAD + "  <head/>\n  <boolean>" + ("true" if answer else "false")
                    + "</boolean>\n</sparql>\n")
        return ("true" if answer else "false") + "\n"
    names = [str(v) for v in (result.vars or [])]
    if isinstance(result, StoreResult):
        rows = _ox_rows(result.rows)
    else:
        variables = [Variable(n) for n in names]
        rows = [[_rdf_term(b.get(v)) for v in variables] for b in result.bindings]
    return _RENDERERS[fmt](names, rows)


def graph_text(graph: Graph, fmt: str = "turtle") -> str:
    """Turtle (or another rdflib format) of a result graph, with kg's prefixes."""
    for prefix, ns in SHORT.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph.serialize(format=fmt)


# Renderers take rows of plain term tuples, from rdflib or Oxigraph terms alike:
#   (_URI, iri) | (_BNODE, id) | (_LITERAL, text, language or None, datatype IRI or None)
#   | (_TRIPLE, subject, predicate, object); None for unbound.
# A literal's datatype is None for xsd:string and language-tagged strings.
_URI, _BNODE, _LITERAL, _TRIPLE = "uri", "bnode", "literal", "triple"
_XSD_STRING = str(XSD.string)
_NUMERIC = frozenset(str(t) for t in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long))


def _rdf_term(term) -> tuple | None:
    """The plain tuple of an rdflib term (a 3-tuple of terms is an RDF-star triple)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return (_URI, str(term))
    if isinstance(term, BNode):
        return (_BNODE, str(term))
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype is not None and not term.language else None
        return (_LITERAL, str(term), term.language or None, None if dt == _XSD_STRING else dt)
    if isinstance(term, tuple) and len(term) == 3:
        return (_TRIPLE, *(_rdf_term(t) for t in term))
    raise QueryError(f"cannot render the term {term!r}")


def _ox_rows(rows: list[tuple]) -> list[list]:
    """Plain term tuples of rows of pyoxigraph terms."""
    import pyoxigraph as ox

    lit, named, blank = ox.Literal, ox.NamedNode, ox.BlankNode

    def term(t):
        cls = type(t)
        if cls is lit:
            lang = t.language
            if lang:
                return (_LITERAL, t.value, lang, None)
            dt = t.datatype.value
            return (_LITERAL, t.value, None, None if dt == _XSD_STRING else dt)
        if cls is named:
            return (_URI, t.value)
        if t is None:
            return None
        if cls is blank:
            return (_BNODE, t.value)
        if cls is ox.Triple:
            return (_TRIPLE, term(t.subject), term(t.predicate), term(t.object))
        raise QueryError(f"cannot render the term {t!r}")

    return [[term(t) for t in row] for row in rows]


_NAMESPACE = re.compile("|".join(re.escape(ns) for ns in SHORT.values()))
_PREFIX_OF = {ns: prefix for prefix, ns in SHORT.items()}
_NOT_LOCAL = re.compile(r"[\s<>\"{}|^`\\]")


def _compact(iri: str) -> str:
    m = _NAMESPACE.match(iri)
    if m:
        local = iri[m.end():]
        if local and not _NOT_LOCAL.search(local):
            return f"{_PREFIX_OF[m.group(0)]}:{local}"
    return f"<{iri}>"


def _plain(term) -> str:
    if term is None:
        return ""
    kind = term[0]
    if kind == _BNODE:
        return f"_:{term[1]}"
    if kind == _TRIPLE:
        return _tsv_term(term)
    return term[1]


def _cell(term) -> str:
    if term is None:
        return ""
    kind, text = term[0], term[1]
    if kind == _URI:
        return _compact(text)
    if kind == _BNODE:
        return f"_:{text}"
    if kind == _TRIPLE:
        return "<<( " + " ".join(_cell(t) for t in term[1:]) + " )>>"
    return " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text


class _Widths(dict):
    """str.translate table, filled on first sight of each character: wide -> two
    characters, combining -> none, others -> themselves; so ``len(text.translate(...))``
    is the display width."""

    def __missing__(self, code: int):
        ch = chr(code)
        if unicodedata.combining(ch):
            value = None
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            value = "  "
        else:
            value = code
        self[code] = value
        return value


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide/fullwidth characters count 2."""
    return len(text) if text.isascii() else len(text.translate(_WIDTHS))


def _fit(text: str, limit: int) -> tuple[str, int]:
    """``text`` cut to ``limit`` display columns (ending with …), and its width."""
    width = display_width(text)
    if width <= limit:
        return text, width
    kept = 0                          # the longest prefix that leaves a column for the …, char by char:
    for i, code in enumerate(map(ord, text)):   # a long list is read once, not measured again and again
        w = _WIDTHS[code]
        w = 0 if w is None else len(w) if isinstance(w, str) else 1
        if kept + w > limit - 1:
            return text[:i] + "…", kept + 1
        kept += w
    return text, width                # not reached: the whole text is wider than the limit


def _is_number(term) -> bool:
    return term[0] == _LITERAL and term[3] in _NUMERIC


def _table(names, rows) -> str:
    fitted = [[_fit(_cell(t), TABLE_MAX_WIDTH) for t in row] for row in rows]
    cells = [[c for c, _ in r] for r in fitted]
    cell_widths = [[w for _, w in r] for r in fitted]
    widths = [max([display_width(n)] + [w[i] for w in cell_widths]) for i, n in enumerate(names)]
    numeric = [bool(rows) and all(r[i] is None or _is_number(r[i]) for r in rows) for i in range(len(names))]

    def line(values, value_widths):
        parts = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - value_widths[i])
            parts.append(pad + v if numeric[i] else v + pad)
        return "  ".join(parts).rstrip()

    out = [line(names, [display_width(n) for n in names]), "  ".join("-" * w for w in widths)]
    out += [line(r, w) for r, w in zip(cells, cell_widths)]
    return "\n".join(out) + "\n"


def _csv(names, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(names)
    for row in rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


_XSD_INTEGER = str(XSD.integer)
_INTEGER = re.compile(r"[+-]?\d+")


def _tsv_term(term) -> str:
    if term is None:
        return ""
    kind, text = term[0], term[1]
    if kind == _URI:
        return f"<{text}>"
    if kind == _BNODE:
        return f"_:{text}"
    if kind == _TRIPLE:
        return "<<( " + " ".join(_tsv_term(t) for t in term[1:]) + " )>>"
    lang, dt = term[2], term[3]
    if dt == _XSD_INTEGER and _INTEGER.fullmatch(text):
        return text
    text = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if lang:
        return f'"{text}"@{lang}'
    if dt:
        return f'"{text}"^^<{dt}>'
    return f'"{text}"'


def _tsv(names, rows) -> str:
    out = ["\t".join("?" + n for n in names)]
    out += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(out) + "\n"


def _json_term(term) -> dict:
    kind, text = term[0], term[1]
    if kind == _URI:
        return {"type": "uri", "value": text}
    if kind == _BNODE:
        return {"type": "bnode", "value": text}
    if kind == _TRIPLE:
        return {"type": "triple", "value": {k: _json_term(t) for k, t in
                                            zip(("subject", "predicate", "object"), term[1:])}}
    d = {"type": "literal", "value": text}
    if term[2]:
        d["xml:lang"] = term[2]
    elif term[3]:
        d["datatype"] = term[3]
    return d


def _json(names, rows) -> str:
    doc = {"head": {"vars": names},
           "results": {"bindings": [{n: _json_term(t) for n, t in zip(names, row) if t is not None}
                                    for row in rows]}}
    return json.dumps(doc, ensure_ascii=False) + "\n"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_term(term) -> str:
    kind, text = term[0], term[1]
    if kind == _URI:
        return f"<uri>{xml_escape(text)}</uri>"
    if kind == _BNODE:
        return f"<bnode>{xml_escape(text)}</bnode>"
    if kind == _TRIPLE:
        return ("<triple>" + "".join(f"<{k}>{_xml_term(t)}</{k}>" for k, t in
                                     zip(("subject", "predicate", "object"), term[1:])) + "</triple>")
    if term[2]:
        return f"<literal xml:lang={quoteattr(term[2])}>{xml_escape(text)}</literal>"
    if term[3]:
        return f"<literal datatype={quoteattr(term[3])}>{xml_escape(text)}</literal>"
    return f"<literal>{xml_escape(text)}</literal>"


def _xml(names, rows) -> str:
    out = [_XML_HEAD, "  <head>\n"]
    out += [f"    <variable name={quoteattr(n)}/>\n" for n in names]
    out.append("  </head>\n  <results>\n")
    for row in rows:
        out.append("    <result>\n")
        out += [f"      <binding name={quoteattr(n)}>{_xml_term(t)}</binding>\n"
                for n, t in zip(names, row) if t is not None]
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out)


_RENDERERS = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}

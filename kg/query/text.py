"""Reading SPARQL text without parsing it: the prologue and query form, escapes, nesting,
SERVICE, the refusals that come before any engine, and parameters bound into the text.

Parameters are written from rdflib terms with every character escaped, so a
value can never change the query's text. A parameter is bound where the query
holds ``VALUES ?name { UNDEF }`` (a placeholder that leaves it unbound when not
given, e.g. inside a sub-SELECT), otherwise by a ``VALUES`` block placed at the
start of the query's top-level WHERE group.
"""
from __future__ import annotations

import re

from rdflib import XSD, BNode, Literal, URIRef

from ..errors import QueryError
from ..terms import PREFIXES

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
QUERY_KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


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


def prologue_end(sparql: str) -> int:
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
    m = _WORD.match(sparql, prologue_end(sparql))
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


def code_only(sparql: str) -> str:
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
    return any(_SERVICE.search(code_only(text)) for text in _readings(sparql))


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
    return max(_deepest(code_only(text))[0] for text in _readings(sparql))


def check_nesting(sparql: str) -> None:
    """Refuse a query nested deeper than ``MAX_NESTING``: Oxigraph's parser recurses once per
    level and overflows its stack (a segfault) from about 1,400 levels, measured on 8 MB stacks.

    Raises:
        QueryError: the query is nested too deep (with the line and column of the first bracket too many).
    """
    how = "write it flatter (deeper nesting crashes the query engine)"
    texts = _readings(sparql)
    over = _deepest(code_only(sparql), stop=True)[1]
    if over is not None:
        line = sparql.count("\n", 0, over) + 1
        col = over - (sparql.rfind("\n", 0, over) + 1) + 1
        raise QueryError(f"query is nested too deep at line {line}, column {col}: more than {MAX_NESTING} "
                         f"brackets ((, {{ or [) open at once; {how}")
    if len(texts) > 1 and _deepest(code_only(texts[1]), stop=True)[1] is not None:
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

BAD_IRI = re.compile(r"[<>\"{}|^`\\\x00-\x20]")

# SPARQL 1.1's PN_LOCAL (grammar rules 169-173), without its backslash escapes: the local part of a
# prefixed name. A "/" is not in it (id:district/370703 is no SPARQL), nor a first or last ".".
_PN_CHARS_U = ("A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
               "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PERCENT = "%[0-9A-Fa-f]{2}"
_PN_LOCAL = re.compile(f"(?:[{_PN_CHARS_U}:0-9]|{_PERCENT})(?:(?:[{_PN_CHARS}.:]|{_PERCENT})*"
                       f"(?:[{_PN_CHARS}:]|{_PERCENT}))?")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda p: -len(p[1]))


def prefixed_name(iri: str) -> str:
    """What a query accepts for ``iri`` pasted back: ``kg:Park`` where the IRI is in a namespace kg
    predeclares and the rest is a SPARQL local name, else ``<iri>`` (``<https://…/id/district/370703>``)."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns) and _PN_LOCAL.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def sparql_term(term) -> str:
    """SPARQL text of an rdflib term, every special character escaped (for VALUES)."""
    if isinstance(term, URIRef):
        if BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI: {cut(str(term))}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"not a valid language tag: {cut(term.language)}")
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
            raise QueryError(f"not a valid SPARQL variable name: {cut(name)}")
    code = code_only(sparql)
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
        if re.match(r"\s*SELECT\b", code_only(sparql[brace + 1:]), re.IGNORECASE):
            raise QueryError("cannot bind parameters into a WHERE group that is a sub-SELECT; "
                             "wrap it in braces: WHERE { { SELECT ... } }")
        values = (f"VALUES ({' '.join('?' + n for n in top)}) "
                  f"{{ ({' '.join(sparql_term(_as_term(bindings[n])) for n in top)}) }} ")
        edits.append((brace + 1, brace + 1, " " + values))
    for start, end, text in sorted(edits, reverse=True):
        sparql = sparql[:start] + text + sparql[end:]
    return sparql


def cut(text: str, limit: int = 80) -> str:
    """``text`` as error messages quote it: at most ``limit`` characters, the last one … when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

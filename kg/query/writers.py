"""Result writers: a query result as a table, CSV, TSV, JSON or XML (SPARQL results formats),
a graph result as Turtle, JSON-LD or RDF/XML.

The writers read rows of plain term tuples, made alike from rdflib terms and from the
Oxigraph terms of a ``StoreResult`` (whose rows are written without building rdflib terms).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from ..errors import QueryError
from ..terms import PREFIXES
from .execute import StoreResult
from .text import prefixed_name

FORMATS = ("table", "csv", "tsv", "json", "xml")
TABLE_MAX_WIDTH = 80         # display columns of one table cell; longer values end with …


def render(result: Result, fmt: str = "table") -> str:
    """Text of a query result: ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` (SPARQL results formats).

    CONSTRUCT and DESCRIBE results are a graph: Turtle for ``table``, JSON-LD (compacted as
    ``kg export --format jsonld``) for ``json``, RDF/XML for ``xml``; no CSV or TSV. The rows
    of a ``StoreResult`` are written from Oxigraph's terms, with the same text as their rdflib
    conversions would give.

    Raises:
        QueryError: an unknown format, or CSV/TSV for a graph.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; valid: {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _graph_result(result.graph, fmt)
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


def _graph_result(graph: Graph, fmt: str) -> str:
    if fmt in ("table", "json", "xml"):
        return graph_text(graph, {"table": "turtle", "json": "json-ld", "xml": "xml"}[fmt])
    raise QueryError(f"CONSTRUCT and DESCRIBE give a graph, not a table of {fmt.upper()}: use --format table "
                     "(Turtle), json (JSON-LD) or xml (RDF/XML)")


def graph_text(graph: Graph, fmt: str = "turtle") -> str:
    """Turtle (or another rdflib format) of a result graph, with kg's prefixes; JSON-LD compacted with
    kg's context, as ``kg export`` writes it."""
    if fmt == "json-ld":
        from ..export import jsonld_chunks

        return "".join(jsonld_chunks(graph))
    for prefix, ns in PREFIXES.items():
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
        return prefixed_name(text)
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

"""Running queries over a graph: in Oxigraph for a graph from ``kg.store.open_graph``, else in
rdflib's engine; syntax errors reported at the line and column of the text the user wrote.

Over the store a SELECT result keeps Oxigraph's terms (``StoreResult``): ``render`` writes
them without building rdflib terms, which costs more than the query itself for large results;
the rdflib API (iterating rows, ``bindings``) still works and converts on first use.
A named query runs from its view where the store holds one (``kg.query.materialized``).
"""
from __future__ import annotations

import re

from rdflib import Graph, Literal, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result, ResultRow

from ..errors import QueryError
from ..terms import PREFIXES, from_ox
from .materialized import view_graph, views
from .named_query import NamedQuery, named, named_bindings, named_text
from .text import QUERY_KEYWORDS, bind, check_nesting, check_read_only, cut, prologue_end, query_form


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
            self._converted = [{v: from_ox(t) for v, t in zip(self.vars, row) if t is not None}
                               for row in self.rows]
        return self._converted

    def __iter__(self):
        for b in self.bindings:
            if b:                                # as rdflib: no row for an all-unbound solution
                yield ResultRow(b, self.vars)


def _direct_store(graph: Graph):
    """The pyoxigraph Store to query directly for ``graph`` (its default graph), or None."""
    from ..store import ox_store        # here: kg.query and kg.store load without each other

    store = ox_store(graph)
    return store if store is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID else None


def _run_store(store, graph: Graph, text: str) -> Result:
    """Run ``text`` in Oxigraph with the graph's prefixes; SELECT rows stay pyoxigraph terms."""
    import pyoxigraph as ox

    result = store.query(text, prefixes={p: str(ns) for p, ns in graph.namespaces()})
    if isinstance(result, ox.QuerySolutions):
        return StoreResult([v.value for v in result.variables], [tuple(s) for s in result])
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
        return out
    out = Result("CONSTRUCT")
    out.graph = Graph()
    out.graph += (from_ox(t) for t in result)
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
        raise QueryError(f"the query failed: {cut(' '.join(str(exc).split()), 300)}") from exc


def _check_form(sparql: str) -> None:
    """A clear error when the query does not start with a query form (parsers report odd expectations)."""
    form = query_form(sparql)
    if form in QUERY_KEYWORDS:
        return
    pos = prologue_end(sparql)
    word = re.match(r"\S*", sparql[pos:]).group(0)
    line = sparql.count("\n", 0, pos) + 1
    col = pos - (sparql.rfind("\n", 0, pos) + 1) + 1
    found = f"found {cut(word, 20)!r}" if word else "found nothing"
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
        return QueryError(f"query is not valid SPARQL: {cut(' '.join(message.split()), 200)}")
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = sparql.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text[: max(col - 1, 0)])
        prefix = (pname.group(1) or "") if pname else "?"
        detail = (f"unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>; "
                  f"predeclared: {', '.join(p + ':' for p in PREFIXES)})")
    else:
        detail = cut(" ".join(detail.split()), 160)
    caret = " " * (min(max(col - 1, 0), len(text))) + "^"
    return QueryError(f"query is not valid SPARQL at line {line}, column {col}: {detail}\n  {text}\n  {caret}")


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

    Raises:
        QueryError: as ``named_bindings``.
        KGError: a label parameter names no entity (with the nearest labels, as ``kg viz --focus``).
    """
    params = params or {}
    named_bindings(named(name), params)
    text, limit = named_plan(graph, name, _labels_found(graph, named(name), params))
    result = run(graph, text)
    result.truncated = limit is not None and _keep_rows(result, limit)
    return result


def _labels_found(graph: Graph, nq: NamedQuery, params: dict[str, str]) -> dict[str, str]:
    """``params`` where each label parameter names an entity: as written, or as ``kg viz --focus``
    finds it (width, case and spaces aside: then the entity's own label).

    Raises:
        KGError: a label that names no entity, with the nearest labels of the graph.
    """
    found = dict(params)
    for p in nq.params:
        value = params.get(p.name, "").strip()
        if p.type != "label" or not value:
            continue
        if run(graph, "ASK { ?e rdfs:label|skos:altLabel ?label }", {"label": Literal(value, lang="zh")}).askAnswer:
            continue
        from ..assemble import entity_table
        from ..viz import find_entities      # its message lists the nearest labels

        table = entity_table(graph)
        found[p.name] = table[find_entities(table, value)[0]]["label"]
    return found


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

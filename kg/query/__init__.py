"""SPARQL over a built graph: run read-only queries, bind parameters safely, render results.

``run`` accepts SELECT, ASK, CONSTRUCT and DESCRIBE; updates are refused before
anything runs. Over a graph from ``kg.store.open_graph`` the query goes straight
to Oxigraph; any other rdflib graph runs rdflib's engine.

- ``text``: reading SPARQL text (query form, escapes, nesting, SERVICE), the refusals
  that come before any engine, and parameters bound into the text;
- ``execute``: running a query or a named query over a graph, ``StoreResult``, syntax errors;
- ``named_query``: the named queries of kg/queries/*.rq, their parameters and limits;
- ``materialized``: the views of costly named queries, stored in the store at build time;
- ``writers``: a result as a table, CSV, TSV, JSON, XML or Turtle.
"""
from __future__ import annotations

from .execute import StoreResult, limit_note, named_plan, run, run_named
from .materialized import VIEW, materialize, view_graph, views
from .named_query import (MAX_LIMIT, PARAM_TYPES, NamedQuery, Param, describe_named, named, named_bindings,
                          named_queries, named_text, parse_amount, parse_named)
from .text import (MAX_NESTING, QUERY_KEYWORDS, SERVICE_REFUSED, UPDATE_KEYWORDS, QueryRefused, bind,
                   check_nesting, check_read_only, check_runnable, mentions_service, nesting_depth, prefixed_name,
                   query_form, sparql_term, unescape_codepoints, uses_service)
from .writers import FORMATS, TABLE_MAX_WIDTH, display_width, graph_text, render

__all__ = [
    "FORMATS", "MAX_LIMIT", "MAX_NESTING", "PARAM_TYPES", "QUERY_KEYWORDS", "SERVICE_REFUSED", "TABLE_MAX_WIDTH",
    "UPDATE_KEYWORDS", "VIEW", "NamedQuery", "Param", "QueryRefused", "StoreResult", "bind", "check_nesting",
    "check_read_only", "check_runnable", "describe_named", "display_width", "graph_text", "limit_note",
    "materialize", "mentions_service", "named", "named_bindings", "named_plan", "named_queries", "named_text",
    "nesting_depth", "parse_amount", "parse_named", "prefixed_name", "query_form", "render", "run", "run_named",
    "sparql_term", "unescape_codepoints", "uses_service", "view_graph", "views",
]

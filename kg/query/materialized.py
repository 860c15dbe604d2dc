"""Materialized named queries: the full result of a costly named query stored in the store.

A named query too costly to answer at once from a large graph (clusters: a count
over every cluster's projects, then the developers' labels) is answered at build
time instead: ``materialize`` stores its full result (every row, in order) in a
named graph of the store, and a reader query, kg/queries/views/<name>.rq, takes
its rows from there. The store is written once per build and never changed, so
the rows cannot go stale; the default graph (what the other queries, export,
push and validate see) is untouched. Graphs without the view (rdflib's, an older
store) run the query itself: both give the same rows (tests/test_query.py).

The build passes ``materialize`` to ``kg.store``'s writers (``kg.store`` imports nothing of kg.query).
"""
from __future__ import annotations

import functools

from rdflib import XSD

from ..terms import BASE, GRAPH_PREFIXES
from .named_query import NamedQuery, named, named_text, parse_named

VIEW = BASE + "view/"    # + name: the named graph of a view; + "col#" + variable: its columns


def view_graph(name: str) -> str:
    """IRI of the named graph holding the materialized rows of named query ``name``."""
    return VIEW + name


@functools.cache
def views() -> dict[str, NamedQuery]:
    """Readers of the materialized named queries (kg/queries/views/<name>.rq), by name."""
    from .. import resources

    return {n: parse_named(n, resources.read_text("queries", "views", f"{n}.rq"))
            for n in resources.names("queries/views", ".rq")}


def materialize(store) -> dict[str, int]:
    """Store the full result of each named query that has a reader into its view graph (replaced).

    ``store`` is a writable pyoxigraph Store holding the graph in its default graph.
    Row i becomes ``<VIEW name/row/i> <VIEW col#rank> i`` and one ``<VIEW col#var>``
    statement per bound variable. Returns rows stored per view.
    """
    import pyoxigraph as ox

    rank = ox.NamedNode(VIEW + "col#rank")
    counts = {}
    for name in views():
        nq = named(name)
        text, _ = named_text(nq, {nq.limit_param.name: "0"} if nq.limit_param else {})
        graph = ox.NamedNode(view_graph(name))
        store.remove_graph(graph)
        result = store.query(text, prefixes=GRAPH_PREFIXES)
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


"""Every export format of a built graph, in one registry: ``EXPORTERS[name].write(graph, target)``.

RDF formats (ttl, nt, jsonld) are written by Oxigraph from the store; graph
formats (graphml, gexf) from ``kg.assemble.to_networkx`` (entities and
relations, attributes flattened); ``neo4j-csv`` writes a folder of
``nodes.csv`` and ``relationships.csv`` with neo4j-admin import headers::

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import ExportError

if TYPE_CHECKING:
    from rdflib import Graph

NEO4J_NODE_FIELDS = (("adminCode", "adminCode"), ("adminLevel", "adminLevel"), ("phase", "phase:int"),
                     ("investmentCNY", "investmentCNY:double"), ("areaSquareMetres", "areaSquareMetres:double"))


@dataclass(frozen=True)
class Exporter:
    """One export format: ``write(graph, target)`` with a binary stream, or a folder when ``folder``."""

    name: str
    suffix: str               # file suffix ("" for a folder)
    description: str
    write: Callable
    folder: bool = False


def _prefixes() -> dict[str, str]:
    from .store import _prefixes as prefixes

    return prefixes()


def _rdf_writer(ox_format_name: str, rdflib_format: str):
    def write(graph: Graph, fh: BinaryIO) -> None:
        import pyoxigraph as ox

        from .store import ox_store

        fmt = getattr(ox.RdfFormat, ox_format_name)
        store = ox_store(graph)
        if store is not None:
            kwargs = {"prefixes": _prefixes()} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else {}
            store.dump(fh, format=fmt, from_graph=ox.DefaultGraph(), **kwargs)
        else:
            for prefix, ns in _prefixes().items():
                graph.bind(prefix, ns, override=True, replace=True)
            fh.write(graph.serialize(format=rdflib_format, encoding="utf-8"))

    return write


def _write_graphml(graph: Graph, fh: BinaryIO) -> None:
    import networkx as nx

    from .assemble import to_networkx

    nx.write_graphml(to_networkx(graph), fh, encoding="utf-8", prettyprint=True)


def _write_gexf(graph: Graph, fh: BinaryIO) -> None:
    import networkx as nx

    from .assemble import to_networkx

    nx.write_gexf(to_networkx(graph), fh, encoding="utf-8", prettyprint=True)


_EVIDENCE = """
PREFIX kg:  <https://w3id.org/kg-cn/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?h ?p ?t (COUNT(?a) AS ?evidence) (MAX(?c) AS ?confidence) WHERE {
  VALUES ?p { kg:locatedIn kg:developsCluster kg:cooperatesWith }
  ?h ?p ?t .
  OPTIONAL { ?a rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t . OPTIONAL { ?a kg:confidence ?c } }
}
GROUP BY ?h ?p ?t
"""


def write_neo4j_csv(graph: Graph, folder: Path) -> None:
    """``nodes.csv`` (entities) and ``relationships.csv`` (relations with evidence count and best confidence)."""
    from . import query
    from .assemble import entity_table

    folder = Path(folder)
    nodes = entity_table(graph)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id:ID", "label", ":LABEL", "aliases:string[]"] + [h for _, h in NEO4J_NODE_FIELDS])
        for iri in sorted(nodes):
            a = nodes[iri]
            w.writerow([str(iri), a["label"], ";".join(sorted(a["types"])), ";".join(a["aliases"])]
                       + [a.get(k, "") for k, _ in NEO4J_NODE_FIELDS])
    rows = []
    for h, p, t, n, c in query.run(graph, _EVIDENCE):
        if h in nodes and t in nodes:
            rows.append((str(h), str(t), str(p).rsplit("#", 1)[1], int(n), "" if c is None else str(c)))
    with (folder / "relationships.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "evidence:int", "confidence:double"])
        w.writerows(sorted(rows))


EXPORTERS: dict[str, Exporter] = {
    e.name: e for e in (
        Exporter("ttl", ".ttl", "the whole graph as Turtle", _rdf_writer("TURTLE", "turtle")),
        Exporter("nt", ".nt", "the whole graph as N-Triples", _rdf_writer("N_TRIPLES", "nt")),
        Exporter("jsonld", ".jsonld", "the whole graph as JSON-LD (expanded form)",
                 _rdf_writer("JSON_LD", "json-ld")),
        Exporter("graphml", ".graphml", "entities and relations as GraphML (networkx, Gephi, yEd)",
                 _write_graphml),
        Exporter("gexf", ".gexf", "entities and relations as GEXF (Gephi)", _write_gexf),
        Exporter("neo4j-csv", "", "a folder of nodes.csv and relationships.csv for neo4j-admin import",
                 write_neo4j_csv, folder=True),
    )
}


def export(graph: Graph, fmt: str, target: Path | BinaryIO) -> None:
    """Write ``graph`` in format ``fmt`` to ``target``: a path (file or folder) or a binary stream.

    Raises:
        ExportError: unknown format, a folder format without a folder, or the target cannot be written.
    """
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown export format {fmt!r}; valid: {', '.join(EXPORTERS)}")
    exporter = EXPORTERS[fmt]
    try:
        if exporter.folder:
            if not isinstance(target, (str, Path)):
                raise ExportError(f"{fmt} writes a folder: give -o FOLDER")
            target = Path(target)
            if target.exists() and not target.is_dir():
                raise ExportError(f"{target} is a file; {fmt} writes a folder: give -o FOLDER")
            exporter.write(graph, target)
        elif isinstance(target, (str, Path)):
            target = Path(target)
            tmp = target.with_name(f".{target.name}.tmp")
            try:
                with tmp.open("wb") as fh:
                    exporter.write(graph, fh)
                tmp.replace(target)
            finally:
                tmp.unlink(missing_ok=True)
        else:
            exporter.write(graph, target)
    except BrokenPipeError:
        raise                                # the reader of a pipe went away (kg export ... | head)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc


def export_bytes(graph: Graph, fmt: str) -> bytes:
    """The export of a file format as bytes (tests, small graphs)."""
    buf = io.BytesIO()
    export(graph, fmt, buf)
    return buf.getvalue()

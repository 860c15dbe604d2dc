"""Every export format of a built graph, in one registry: ``EXPORTERS[name].write(graph, target)``.

RDF formats (ttl, nt) are written by Oxigraph from the store, JSON-LD compacted by
``jsonld_chunks`` (Oxigraph writes it expanded only); graph
formats (graphml, gexf) from ``kg.assemble.to_networkx`` (entities and
relations, attributes flattened); ``neo4j-csv`` writes a folder of
``nodes.csv`` and ``relationships.csv`` with neo4j-admin import headers::

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
"""
from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import ExportError

if TYPE_CHECKING:
    from rdflib import Graph

log = logging.getLogger(__name__)

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


def _rdf_writer(ox_format_name: str, rdflib_format: str):
    def write(graph: Graph, fh: BinaryIO) -> None:
        import pyoxigraph as ox

        from .store import ox_store
        from .terms import GRAPH_PREFIXES

        fmt = getattr(ox.RdfFormat, ox_format_name)
        store = ox_store(graph)
        if store is not None:
            kwargs = {"prefixes": GRAPH_PREFIXES} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else {}
            store.dump(fh, format=fmt, from_graph=ox.DefaultGraph(), **kwargs)
        else:
            for prefix, ns in GRAPH_PREFIXES.items():
                graph.bind(prefix, ns, override=True, replace=True)
            fh.write(graph.serialize(format=rdflib_format, encoding="utf-8"))

    return write


def _write_graphml(graph: Graph, fh: BinaryIO) -> None:
    import networkx as nx

    from .assemble import to_networkx

    nx.write_graphml(to_networkx(graph), fh, encoding="utf-8", prettyprint=True)


def _write_gexf(graph: Graph, fh: BinaryIO) -> None:
    """GEXF through networkx's writer, each edge with its ``edge_id`` as its id; networkx would also
    write a multigraph's keys as an edge attribute of its own (``networkx_key``), which is left out."""
    from networkx.readwrite.gexf import GEXFWriter

    from .assemble import to_networkx

    nxg = to_networkx(graph)
    for _, _, key, data in nxg.edges(keys=True, data=True):
        data["id"] = key
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(nxg)
    _drop_edge_attribute(writer.xml, "networkx_key")
    writer.write(fh)


def _drop_edge_attribute(root, title: str) -> None:
    """Remove the edge attribute ``title`` (its declaration and its values) from a GEXF tree."""
    for attributes in root.iter("attributes"):
        if attributes.get("class") != "edge":
            continue
        for decl in [a for a in attributes if a.get("title") == title]:
            attributes.remove(decl)
            for values in root.iter("attvalues"):
                for value in [v for v in values if v.get("for") == decl.get("id")]:
                    values.remove(value)


VOID = "http://rdfs.org/ns/void#"


def jsonld_context() -> dict[str, str]:
    """kg's JSON-LD @context: the prefixes of ``kg.terms.PREFIXES`` and void:, as graph.ttl declares them."""
    from .terms import PREFIXES

    return {**PREFIXES, "void": VOID}


def _write_jsonld(graph: Graph, fh: BinaryIO) -> None:
    for chunk in jsonld_chunks(graph):
        fh.write(chunk.encode("utf-8"))


def jsonld_chunks(graph: Graph) -> Iterator[str]:
    """``graph`` as compacted JSON-LD with kg's @context, one node object after another.

    The same triples as the Turtle (tests read both with rdflib and Oxigraph), written so that
    they read alike: compact IRIs (``id:e/…``, ``kg:locatedIn``), ``@type`` for rdf:type, a single
    value without a list, plain strings as JSON strings, integers as JSON numbers. From the store
    the nodes come in its index order (stable for a given graph), from an rdflib graph sorted.
    Written here rather than by rdflib's compacting serializer: for 261k triples from the store,
    rdflib took 56 s, this 8 s (Oxigraph's Turtle: 3 s; its JSON-LD is expanded only).
    """
    context = jsonld_context()
    iri = _compact_iri(context)
    yield '{\n  "@context": ' + json.dumps(context, ensure_ascii=False) + ',\n  "@graph": ['
    first = True
    for subject, pairs in itertools.groupby(_plain_triples(graph), key=lambda t: t[0]):
        node = _jsonld_node(subject, [(p, o) for _, p, o in pairs], iri)
        yield ("\n    " if first else ",\n    ") + json.dumps(node, ensure_ascii=False)
        first = False
    yield "\n  ]\n}\n"


_URI, _BNODE, _LITERAL = "uri", "bnode", "literal"


def _plain_triples(graph: Graph) -> Iterator[tuple]:
    """The triples of ``graph`` as plain tuples, grouped by subject: (kind, value) for IRIs and
    blank nodes, (kind, text, language, datatype) for literals."""
    from .store import ox_store

    store = ox_store(graph)
    if store is None:
        yield from sorted((_rdflib_plain(s), _rdflib_plain(p), _rdflib_plain(o)) for s, p, o in graph)
        return
    import pyoxigraph as ox

    plain = _ox_plain()
    for s, p, o, _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield plain(s), plain(p), plain(o)


def _rdflib_plain(term) -> tuple:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return (_URI, str(term))
    if isinstance(term, BNode):
        return (_BNODE, str(term))
    if isinstance(term, Literal):
        return (_LITERAL, str(term), term.language or "", str(term.datatype or ""))
    raise ExportError(f"cannot write the RDF term {term!r} as JSON-LD")


def _ox_plain() -> Callable:
    """A converter of pyoxigraph terms to plain tuples (``_plain_triples``)."""
    import pyoxigraph as ox

    named, blank, literal, string = ox.NamedNode, ox.BlankNode, ox.Literal, _XSD + "string"

    def plain(term) -> tuple:
        cls = type(term)
        if cls is named:
            return (_URI, term.value)
        if cls is literal:
            if term.language:
                return (_LITERAL, term.value, term.language, "")
            dt = term.datatype.value
            return (_LITERAL, term.value, "", "" if dt == string else dt)
        if cls is blank:
            return (_BNODE, term.value)
        raise ExportError(f"cannot write the RDF term {term!r} as JSON-LD")

    return plain


_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_JSON_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,14})\Z")    # canonical, and read back as xsd:integer


def _jsonld_node(subject: tuple, pairs: list[tuple], iri: Callable[[str], str]) -> dict:
    """The compacted node object of one subject; keys and values sorted."""
    node: dict = {"@id": _jsonld_ref(subject, iri)}
    values: dict[str, list] = {}
    for p, o in pairs:
        if p[1] == _RDF_TYPE and o[0] != _LITERAL:
            values.setdefault("@type", []).append(_jsonld_ref(o, iri))
        else:
            values.setdefault(iri(p[1]), []).append(_jsonld_value(o, iri))
    for key in sorted(values, key=lambda k: (k != "@type", k)):
        vs = values[key]
        node[key] = vs[0] if len(vs) == 1 else sorted(vs, key=lambda v: json.dumps(v, ensure_ascii=False,
                                                                                  sort_keys=True))
    return node


def _jsonld_value(term: tuple, iri: Callable[[str], str]):
    if term[0] != _LITERAL:
        return {"@id": _jsonld_ref(term, iri)}
    _, text, language, datatype = term
    if language:
        return {"@language": language, "@value": text}
    if not datatype:
        return text
    if datatype == _XSD + "integer" and _JSON_INTEGER.match(text):
        return int(text)
    return {"@type": iri(datatype), "@value": text}


def _jsonld_ref(term: tuple, iri: Callable[[str], str]) -> str:
    return "_:" + term[1] if term[0] == _BNODE else iri(term[1])


def _compact_iri(context: dict[str, str]) -> Callable[[str], str]:
    """``iri(x)``: ``prefix:rest`` for an IRI in one of the context's namespaces, else the IRI itself,
    which the context must not read as a compact IRI (no IRI of kg's has a scheme named like a prefix)."""
    names = sorted(context.items(), key=lambda p: -len(p[1]))

    @functools.lru_cache(maxsize=2**16)
    def iri(value: str) -> str:
        for prefix, ns in names:
            if value.startswith(ns) and len(value) > len(ns) and not value.startswith("//", len(ns)):
                return f"{prefix}:{value[len(ns):]}"
        if any(value.startswith(prefix + ":") for prefix, _ in names):
            raise ExportError(f"cannot write the IRI <{value}> in JSON-LD: kg's context would read it as a "
                              f"compact IRI (its scheme is one of kg's prefixes)")
        return value

    return iri


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
        Exporter("jsonld", ".jsonld", "the whole graph as JSON-LD, compacted with kg's prefixes", _write_jsonld),
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


_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")   # local names written as prefix:name (a safe subset)


def write_turtle(graph, path: Path, evidence: Iterable[tuple[str, int]] = (),
                 on_part: Callable[[int, int, int], None] | None = None, part_bytes: int = 32 * 2**20) -> int:
    """``graph`` as Turtle, sorted: subjects, then predicates (rdf:type first), then objects;
    then the ``evidence`` statements (``kg.assemble.evidence_turtle``) as they come.

    ``on_part(header, start, end)`` is called whenever about ``part_bytes`` more have been
    written, and at the end: bytes ``start:end`` of the file are whole statements, and with the
    first ``header`` bytes (the prefixes) they are a Turtle document of their own. The build
    hands these parts to the store while the rest is being written; the store process's
    memory grows with the part size times its loading threads (``kg.store.load_parts``).

    rdflib's Turtle serializer takes about two minutes per million triples (it
    checks every term for a qname many times over); this writes the same
    triples in seconds, in a stable order (building the same corpus twice gives
    the same bytes). IRIs whose local name is not a plain word are written whole.

    Returns:
        The number of triples written.
    """
    from rdflib import RDF, RDFS, XSD, Literal, URIRef
    from rdflib.namespace import DCTERMS, SKOS, VOID

    from .vocab import KG

    prefixes = [("dcterms", str(DCTERMS)), ("kg", str(KG._NS)), ("rdf", str(RDF)), ("rdfs", str(RDFS)),
                ("skos", str(SKOS)), ("void", str(VOID)), ("xsd", str(XSD))]
    by_length = sorted(prefixes, key=lambda p: -len(p[1]))
    names: dict = {}

    def name(term) -> str:
        text = names.get(term)
        if text is None:
            if isinstance(term, URIRef):
                text = term.n3()
                for prefix, ns in by_length:
                    if term.startswith(ns) and _PN_LOCAL.match(term, len(ns)):
                        text = f"{prefix}:{term[len(ns):]}"
                        break
            elif isinstance(term, Literal):
                text = term._literal_n3(use_plain=True, qname_callback=lambda dt: name(URIRef(dt)))
            else:
                text = term.n3()
            if not isinstance(term, Literal):      # literals are mostly unique: do not keep them
                names[term] = text
        return text

    rdf_type = RDF.type
    t = time.perf_counter()
    with open(path, "wb") as fh:
        header = fh.write("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in prefixes).encode())
        written = start = header

        def write(text: str) -> None:
            nonlocal written, start
            written += fh.write(text.encode("utf-8"))
            if on_part is not None and written - start >= part_bytes:
                fh.flush()
                on_part(header, start, written)
                start = written

        for subject in sorted(set(graph.subjects()), key=name):
            by_predicate: dict[str, list[str]] = {}
            for p, o in graph.predicate_objects(subject):
                key = "a" if p == rdf_type else name(p)
                by_predicate.setdefault(key, []).append(name(o))
            lines = [f"{'0' if k == 'a' else '1'}{k}" for k in by_predicate]
            parts = []
            for k in sorted(lines):
                objects = sorted(set(by_predicate[k[1:]]))
                parts.append(f"{k[1:]} " + " ,\n        ".join(objects))
            write(f"\n{name(subject)}\n    " + " ;\n    ".join(parts) + " .\n")
        triples = len(graph)
        batch: list[str] = []      # statements written ~256 kB at a time: one write each is slow
        size, most = 0, min(2**18, part_bytes // 8)
        for text, n in evidence:
            batch.append(text)
            triples += n
            size += len(text)
            if size >= most:
                write("\n" + "\n".join(batch))
                batch.clear()
                size = 0
        if batch:
            write("\n" + "\n".join(batch))
        fh.flush()
        if on_part is not None and written > start:
            on_part(header, start, written)
    log.info("wrote %s (%d triples) in %.1f s", path.name, triples, time.perf_counter() - t)
    return triples

"""The built graph as a persistent embedded store: OUT/store (Oxigraph/RocksDB), used through rdflib.

``write_store`` bulk-loads graph.ttl into OUT/store at build time; ``open_graph``
opens it read-only for queries (cheap: no Turtle is parsed), so that ``kg serve``,
``kg query`` and ``kg viz`` may read the same store at once. The rdflib API keeps
working through oxrdflib; SPARQL runs in Oxigraph. Count with SPARQL, not
``len(graph)``: that scans the store.

The writers take ``materialize``, which the build sets to ``kg.query.materialize`` (the
views of costly named queries): kg.query runs queries over this module, which therefore
imports nothing of it.

Terms read from the store are the ones rdflib parses from graph.ttl, except
that Oxigraph keeps decimals in canonical form (``1200000`` where rdflib's
Turtle writer put ``1200000.0``): equal values, different lexical forms.
"""
from __future__ import annotations

import functools
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .errors import ExportError
from .terms import GRAPH_PREFIXES, from_ox, to_ox

log = logging.getLogger(__name__)

STORE_DIR = "store"          # OUT/store
GRAPH_FILE = "graph.ttl"     # OUT/graph.ttl
Materialize = Callable[[object], object]     # stores views into a filled pyoxigraph Store


def _quads(triples: Iterable) -> Iterable:
    import pyoxigraph as ox

    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())


def write_store(graph: Graph | str | Path, folder: Path, materialize: Materialize | None = None) -> Path:
    """Write ``graph`` (an rdflib graph, or the path of a Turtle file) into ``folder``/store.

    An existing store there is replaced. The store is closed on return, so that
    ``folder`` may be renamed (the build swaps OUT in whole).

    Args:
        materialize: called with the filled store before it is indexed: ``kg.query.materialize``
            stores the views of costly named queries (without them those queries run in full).

    Returns:
        The store's directory.
    """
    import pyoxigraph as ox

    def fill(store) -> None:
        if isinstance(graph, (str, Path)):
            # Oxigraph's own parser: rdflib's parser into the same store is ~10x slower.
            store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
        elif ox_store(graph) is not None:
            store.bulk_load(input=ox_store(graph).dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_extend(_quads(graph.triples((None, None, None))))

    return _new_store(Path(folder) / STORE_DIR, graph, fill, materialize)


def _new_store(target: Path, source, fill, materialize: Materialize | None) -> Path:
    """Create the store ``target`` (replacing one there), ``fill(store)`` it, ``materialize(store)``
    (when given), index it and close it.

    Raises:
        ExportError: ``source`` is not valid Turtle, or the store cannot be written (nothing is left).
    """
    import pyoxigraph as ox

    if target.exists():
        shutil.rmtree(target)
    try:
        store = ox.Store(str(target))
        try:
            fill(store)
            if materialize is not None:
                materialize(store)
            store.flush()
            store.optimize()
        finally:
            del store          # closes RocksDB
    except SyntaxError as exc:
        _discard(target, exc)
        raise ExportError(f"{source}: not valid Turtle ({exc}); rebuild the graph") from exc
    except OSError as exc:
        _discard(target, exc)
        raise ExportError(f"cannot write the store {target}: {exc}") from exc
    return target


def _discard(target: Path, exc: BaseException) -> None:
    """Remove a store whose filling failed. The frames of the error's traceback still hold the
    store (``fill``'s argument): cleared, they let it close before its folder goes."""
    import gc
    import traceback

    traceback.clear_frames(exc.__traceback__)
    gc.collect()                  # and the cycles through them (a loading thread's function)
    shutil.rmtree(target, ignore_errors=True)


@functools.cache
def _store_class():
    """oxrdflib's store with kg's term conversion (plain literals) on the way out."""
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox_graph_name, to_ox, to_ox_quad_pattern
    from oxrdflib.store import OxigraphStore
    from rdflib.query import Result

    class KGOxigraphStore(OxigraphStore):
        def triples(self, triple_pattern, context=None):
            try:
                quads = self._inner.quads_for_pattern(*to_ox_quad_pattern(triple_pattern, context))
            except (TypeError, ValueError):
                return iter(())
            return (((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)),
                     iter((from_ox_graph_name(q.graph_name, self),))) for q in quads)

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # noqa: N803 - rdflib's names
            if not isinstance(query, str) or kwargs:
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            result = self._inner.query(
                query,
                use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=(to_ox(queryGraph) if isinstance(queryGraph, Node) else None),
                prefixes=dict(self._namespace_for_prefix, **initNs),
                substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()},
            )
            if isinstance(result, ox.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(result)
            elif isinstance(result, ox.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in result.variables]
                out.bindings = ({v: from_ox(val) for v, val in zip(out.vars, solution) if val is not None}
                                for solution in result)
            else:
                out = Result("CONSTRUCT")
                out.graph = Graph()
                out.graph += (from_ox(t) for t in result)
            return out

    return KGOxigraphStore


def _wrap(ox_store) -> Graph:
    """An rdflib Graph over the default graph of a pyoxigraph store, with kg's prefixes bound."""
    g = Graph(store=_store_class()(store=ox_store), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, ns in GRAPH_PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def ox_store(graph: Graph):
    """The pyoxigraph Store under an oxrdflib graph (one from :func:`open_graph`), or None for
    other rdflib stores."""
    try:
        from oxrdflib.store import OxigraphStore
    except ImportError:        # pragma: no cover - oxrdflib is a dependency
        return None
    return graph.store._inner if isinstance(graph.store, OxigraphStore) else None


def has_graph(out: Path) -> bool:
    """Whether ``out`` holds a built graph (a store or graph.ttl)."""
    out = Path(out)
    return (out / STORE_DIR / "CURRENT").is_file() or (out / GRAPH_FILE).is_file()


def open_graph(out: str | Path) -> Graph:
    """The graph built into ``out``, for reading: OUT/store opened read-only, or graph.ttl parsed.

    Several processes may open the same store at once (read-only RocksDB takes no
    lock). An OUT from an older build without a store falls back to parsing
    graph.ttl into an in-memory Oxigraph store (slower to open, same queries).

    Raises:
        ExportError: ``out`` holds no built graph, or its store/Turtle is unreadable.
    """
    import pyoxigraph as ox

    out = Path(out)
    store_dir = out / STORE_DIR
    ttl = out / GRAPH_FILE
    if (store_dir / "CURRENT").is_file():
        try:
            return _wrap(ox.Store.read_only(str(store_dir)))
        except OSError as exc:
            raise ExportError(f"{store_dir}: cannot open the store ({_short(exc)}); "
                              f"rebuild it: kg build CORPUS -o {out}") from exc
    if ttl.is_file():
        log.warning("%s has no store (built by an older kg): parsing %s; rebuild for faster opening",
                    out, GRAPH_FILE)
        store = ox.Store()
        try:
            store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise ExportError(f"{ttl}: not valid Turtle ({_short(exc)}); rebuild it: kg build CORPUS -o {out}") \
                from exc
        except OSError as exc:
            raise ExportError(f"{ttl}: cannot read ({_short(exc)})") from exc
        return _wrap(store)
    raise ExportError(f"{out}: no built graph here ({GRAPH_FILE} missing); run: kg build CORPUS -o {out}")


def count_triples(graph: Graph) -> int:
    """Number of triples, counted by SPARQL (``len()`` on a store-backed graph scans it)."""
    row = next(iter(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    return int(row[0])


def _short(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_parts(ttl: Path, folder: Path, parts: Iterable[tuple[int, int, int]], threads: int = 0,
               materialize: Materialize | None = None) -> Path:
    """Write ``folder``/store from a Turtle file that is still being written, part by part.

    Each part is ``(header, start, end)``: bytes ``start:end`` of ``ttl`` are whole statements
    and the first ``header`` bytes declare their prefixes (``kg.export.write_turtle``'s
    ``on_part``). ``parts`` may block until the next part is written.

    Parts are loaded by ``threads`` threads at once (0: ``load_threads()``): pyoxigraph's
    loader leaves the GIL, and two threads load 1M triples in half the time of one
    (measured, same triples). At most that many parts are held in memory. ``materialize``: as
    for ``write_store``.
    """
    import pyoxigraph as ox
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    threads = threads or load_threads()

    def fill(store) -> None:
        fd = os.open(ttl, os.O_RDONLY)
        try:
            prefixes = None

            def load(start: int, end: int) -> None:
                data = os.pread(fd, end - start, start)
                if len(data) != end - start:
                    raise OSError(f"{ttl}: ended at {start + len(data)} bytes, before the part {start}-{end}")
                store.bulk_load(input=prefixes + data, format=ox.RdfFormat.TURTLE)

            with ThreadPoolExecutor(threads, thread_name_prefix="kg-load") as pool:
                running: set = set()
                for header, start, end in parts:
                    if prefixes is None:
                        prefixes = os.pread(fd, header, 0)
                    if len(running) >= threads:
                        finished, running = wait(running, return_when=FIRST_COMPLETED)
                        for f in finished:
                            f.result()           # a part's error stops the loading
                    running.add(pool.submit(load, start, end))
                for f in running:
                    f.result()
        finally:
            os.close(fd)

    return _new_store(Path(folder) / STORE_DIR, ttl, fill, materialize)


def load_threads() -> int:
    """Threads loading the build's store: two where there are two cores or more. Measured on
    two cores only; each thread holds a part of graph.ttl and its loader's buffers in memory."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def loader_main(argv: list[str], materialize: Materialize | None = None) -> int:
    """The build's store process, with ``argv`` = TTL FOLDER PARENT_PID: the build (kg.pipeline)
    runs it in a process of its own with its own kg package, whatever the current folder holds,
    and passes ``kg.query.materialize``.

    Reads parts of TTL to load from stdin, one ``header start end`` line each (see
    ``load_parts``), until stdin closes; exits 1 with the error on its last stderr line;
    exits at once when the process PARENT_PID is gone (a killed build cannot stop it otherwise).
    """
    import signal
    import sys
    import threading
    import time

    ttl, folder, parent = argv[0], argv[1], int(argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # the build stops this process itself

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    parts = (tuple(int(n) for n in line.split()) for line in sys.stdin if line.strip())
    try:
        load_parts(Path(ttl), Path(folder), parts, materialize=materialize)
    except ExportError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0

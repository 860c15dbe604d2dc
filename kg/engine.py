"""Run SPARQL where the engine can crash, run forever or reach for the network without harm.

Why: pyoxigraph segfaults on some query texts (deep nesting, very long chains of operators),
evaluates a cartesian product for as long as it takes, and runs SERVICE calls over HTTP
itself. So ``kg serve`` and ``kg query`` hand each query to a worker process that took the
network away from itself (``kg.sandbox``) and then opened OUT's store read-only; it runs the
query, renders the result and sends back the text. The caller checks the text first
(``kg.query.check_runnable``: updates, SERVICE, nesting), waits at most the time limit,
kills a worker over it, and replaces a worker that died; the query then fails with
``QueryTimeout`` or ``EngineCrash`` and the caller goes on.

Workers are forked from the caller when it has a single thread (``kg query``: the cheapest
start), else from a forkserver (``kg serve``: a threaded server must not fork itself).
``kg.query.run`` itself stays in-process for library users.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError, QueryError

log = logging.getLogger(__name__)

_PRELOAD = ["kg.engine", "kg.query", "kg.store", "kg.serve", "pyoxigraph", "oxrdflib.store"]
_warned_unsandboxed = False


class QueryTimeout(QueryError):
    """The query ran over the time limit (its worker was stopped)."""


class EngineBusy(QueryTimeout):
    """No worker came free within the time limit."""


class EngineCrash(QueryError):
    """The engine's process died on the query (a new one takes its place)."""


@dataclass(frozen=True)
class Dataset:
    """The graphs a query sees, as the SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri``
    give them: ``default`` merged as its default graph, ``named`` for GRAPH. Like FROM and FROM NAMED
    it replaces the whole default dataset: a list left empty is an empty default graph, or no named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """One query for a worker: SPARQL of the user's (``sparql``, ``bindings``: ?name -> string
    literal, ``dataset``: the graphs it sees) or a named query (``name``, ``params``); rendered
    in ``fmt`` (``kg query``), or by the HTTP ``accept`` header when given (``kg serve``)."""

    sparql: str | None = None
    bindings: dict | None = None
    name: str | None = None
    params: dict | None = None
    fmt: str = "table"
    accept: str | None = None
    dataset: Dataset | None = None


@dataclass(frozen=True)
class Answer:
    """A rendered result: its text, media type, and the note ``kg query`` prints on stderr."""

    text: str
    media: str = "text/plain"
    note: str | None = None


def answer(graph, job: Job) -> Answer:
    """Run ``job`` over ``graph`` and render it (what a worker does; usable in-process too)."""
    from . import query as q

    if job.name is not None:
        result = q.run_named(graph, job.name, job.params or {})
        note = q.limit_note(job.name, job.params or {}, result)
    else:
        result = q.run(over_dataset(graph, job.dataset) if job.dataset else graph, job.sparql, job.bindings)
        note = None
    if job.accept is None:
        return Answer(q.render(result, job.fmt), note=note)
    from .serve import negotiate

    graph_result = result.type in ("CONSTRUCT", "DESCRIBE")
    fmt, media = negotiate(job.accept, graph_result)
    return Answer(q.graph_text(result.graph, fmt) if graph_result else q.render(result, fmt), media)


class _DatasetStore:
    """A pyoxigraph Store whose queries see a ``Dataset`` of its graphs (the rest is the store's)."""

    def __init__(self, store, default: list, named: list):
        self._store, self._default, self._named = store, default, named

    def query(self, query: str, **options):
        return self._store.query(query, default_graph=self._default, named_graphs=self._named, **options)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def over_dataset(graph, dataset: Dataset):
    """``graph`` (over an Oxigraph store, from ``kg.store.open_graph``) with its queries run over
    ``dataset``, whose graphs must be named graphs of the store: an IRI of no graph here is refused
    (Oxigraph would read it as an empty graph, and the query answer nothing without saying why).

    Raises:
        QueryError: an IRI that is not valid or names no graph of the store; a graph not in a store.
    """
    import pyoxigraph as ox
    from rdflib import Graph

    from .store import ox_store

    store = ox_store(graph)
    if store is None:
        raise QueryError("default-graph-uri and named-graph-uri need a graph in an Oxigraph store "
                         "(kg.store.open_graph)")
    held = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    nodes: dict[str, list] = {"default-graph-uri": [], "named-graph-uri": []}
    for param, iris in (("default-graph-uri", dataset.default), ("named-graph-uri", dataset.named)):
        for iri in dict.fromkeys(iris):             # Oxigraph would read a graph given twice twice
            try:
                nodes[param].append(ox.NamedNode(iri))
            except ValueError:
                raise QueryError(f"{param}: {iri[:200]!r} is not an absolute IRI (such as https://example.org/graph)") \
                    from None
            if iri not in held:
                names = ", ".join(f"<{g}>" for g in held[:10]) + (", …" if len(held) > 10 else "") or "(none)"
                raise QueryError(f"{param}: no graph named <{iri}> here; the named graphs are {names}; leave "
                                 "default-graph-uri and named-graph-uri out to query the graph kg built")
    view = Graph(store=type(graph.store)(store=_DatasetStore(store, nodes["default-graph-uri"],
                                                             nodes["named-graph-uri"])),
                 identifier=graph.identifier)
    for prefix, ns in graph.namespaces():
        view.bind(prefix, ns, override=True, replace=True)
    return view


def _work(out: str, conn) -> None:
    """A worker's life: off the network, deaf to Ctrl-C (the caller stops it), gone with its
    parent; opens OUT, says whether it is sandboxed, then answers jobs until the pipe closes."""
    from . import sandbox
    from .store import open_graph

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sandbox.die_with_parent()
    why_not = sandbox.install()
    try:
        graph = open_graph(out)
    except KGError as exc:
        conn.send(("error", exc))
        return
    conn.send(("ready", why_not))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            reply = ("ok", answer(graph, job))
        except KGError as exc:
            reply = ("error", exc)
        except Exception as exc:  # noqa: BLE001 - the caller reports it; the worker goes on
            reply = ("error", QueryError(f"the query failed: {' '.join(str(exc).split())[:300]}"))
        conn.send(reply)


def _context(fork: bool):
    """fork if allowed and this process has one thread (native ones counted), else a forkserver
    (or spawn where there is none)."""
    methods = multiprocessing.get_all_start_methods()
    try:
        single = fork and len(os.listdir("/proc/self/task")) == 1
    except OSError:
        single = False
    if "fork" in methods and single:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        with _this_kg_only():
            from multiprocessing import forkserver

            forkserver.ensure_running()
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _this_kg_only():
    """Environment for starting the forkserver: it runs ``python -c``, which puts the current
    folder first on its path, so a folder named kg there would be imported instead of this kg.
    A safe path (no current folder) with this kg's root first keeps it to this kg."""
    root = str(Path(__file__).resolve().parent.parent)
    saved = {name: os.environ.get(name) for name in ("PYTHONSAFEPATH", "PYTHONPATH")}
    os.environ["PYTHONSAFEPATH"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, saved["PYTHONPATH"]) if p)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _Worker:
    """One worker process and the caller's end of its pipe; ready (store open) once built."""

    def __init__(self, ctx, out: Path):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_work, args=(str(out), child), name="kg-query-worker", daemon=True)
        self.proc.start()
        child.close()                        # so that the worker's death reads as EOF here
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise EngineCrash(f"the query engine could not start over {out} ({self.exit_text()})") from None
        if kind == "error":
            self.stop()
            raise value
        self.unsandboxed: str | None = value

    def exit_text(self) -> str:
        self.proc.join(1)
        code = self.proc.exitcode
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Engine:
    """A pool of workers over one OUT, each answering one query at a time.

    Args:
        out: a folder written by ``kg build``.
        workers: processes started now (each opens the store).
        timeout: seconds a query may run (None or 0: no limit); also how long to wait for a free worker.
        fork: start workers by forking this process, which must then stay single-threaded for
            as long as the engine lives (``kg query``); else from a forkserver (``kg serve``
            replaces workers from its request threads, and a worker forked from a thread is
            killed with it: PR_SET_PDEATHSIG follows the thread).

    Raises:
        ExportError: ``out`` holds no built graph, or its store cannot be opened.
    """

    def __init__(self, out: str | Path, workers: int = 1, timeout: float | None = None, fork: bool = False):
        self.out = Path(out)
        self.timeout = timeout or None
        self.workers = workers
        self._ctx = _context(fork)
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self.sandboxed = True
        try:
            for _ in range(workers):
                self._idle.put(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        global _warned_unsandboxed
        worker = _Worker(self._ctx, self.out)
        with self._lock:
            self._live.add(worker)
        if worker.unsandboxed:
            self.sandboxed = False
            if not _warned_unsandboxed:
                _warned_unsandboxed = True
                log.warning("warning: the query engine runs without a sandbox (%s): queries whose text holds "
                            "the word SERVICE are refused", worker.unsandboxed)
        return worker

    def run(self, job: Job) -> Answer:
        """Check ``job`` (its SPARQL text), run it in a worker and return the rendered answer.

        Raises:
            QueryRefused: an update or SERVICE. QueryError: a bad query or parameter.
            QueryTimeout: over the time limit. EngineCrash: the engine died on the query.
        """
        if job.sparql is not None:
            from .query import check_runnable

            check_runnable(job.sparql, strict=not self.sandboxed)
        return self._dispatch(job)

    def _dispatch(self, job: Job) -> Answer:
        """Run ``job`` in a free worker, unchecked; stop and replace the worker if it overruns or dies."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EngineBusy(f"all {self.workers} query workers stayed busy for {self.timeout:g} s; "
                             "try again later") from None
        try:
            if worker is None:
                worker = self._start()
            kind, value = self._exchange(worker, job)
        except BaseException:
            if worker is not None:
                self._retire(worker)
            self._idle.put(None)             # started again when next needed
            raise
        self._idle.put(worker)
        if kind == "error":
            raise value
        return value

    def _exchange(self, worker: _Worker, job: Job) -> tuple[str, object]:
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                raise QueryTimeout(f"the query ran over the time limit ({self.timeout:g} s) and was stopped; "
                                   "ask for less (LIMIT, more specific patterns) or raise the limit: "
                                   "--timeout SECONDS")
            return worker.conn.recv()
        except (EOFError, OSError):
            raise EngineCrash(f"the query engine crashed on this query ({worker.exit_text()}); nothing was "
                              "answered. Oxigraph crashes on very long chains (1+1+…, {…} UNION {…} UNION …, "
                              "&& …): shorten the query") from None

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._live.discard(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            live, self._live = self._live, set()
        for worker in live:
            worker.stop()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_once(out: str | Path, job: Job, timeout: float | None = None) -> Answer:
    """Run one job in a worker of its own (``kg query``); a query refused by its text starts none."""
    if job.sparql is not None:
        from .query import check_runnable

        check_runnable(job.sparql)
    with Engine(out, 1, timeout, fork=True) as engine:
        return engine.run(job)

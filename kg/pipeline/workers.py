"""Reading and extraction in worker processes, a few files per task, with progress on stderr.

Workers are spawned (they share no state with the build), start with Ctrl-C blocked
(the main process stops them), die with the main process and import this kg. Each
writes what it extracted into the cache itself and sends back the document without
its text (``_slim``): the main process keeps what provenance needs, not the corpus.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import CorpusError
from ..records import Document, Extraction, Sentence, Skipped
from ..settings import Settings
from .collector import KEEP_EVERY, keep

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 100        # files between two progress lines ...
_PROGRESS_SECONDS = 10.0     # ... or seconds, whichever comes first
_CHUNK_BYTES = 256 * 2**10   # at most this much text is sent to a worker process at once
_BYTES_PER_WORKER = 2 * 2**20  # jobs=0: a worker process per this much text to extract (one costs ~4 s to start)
_ELIDED = Sentence(index=-1, start=-1, end=-1, paragraph=-1, text="")   # a sentence no fact refers to


@dataclasses.dataclass(frozen=True)
class Task:
    """A file to read and extract: not in the cache."""

    index: int               # position in the corpus listing
    path: Path
    root: Path
    size: int
    sha256: str | None       # None when the file was not hashed (unreadable, empty, too large)
    key: str | None          # its cache key, None likewise


def read_and_extract(tasks: list[Task], results: list, n_files: int, settings: Settings,
                     cache: Path | None) -> set[int]:
    """Read and extract ``tasks`` (of the ``n_files`` files of the corpus), each result put at its
    place in ``results`` and written into the cache folder ``cache``; returns the indexes of the
    files extracted."""
    jobs = min(settings.jobs if settings.jobs > 0 else _auto_jobs(sum(t.size for t in tasks)), len(tasks))
    log.info("%d file(s): %d unchanged since the last build, %d to read and extract%s", n_files,
             n_files - len(tasks), len(tasks), f" in {jobs} processes" if jobs > 1 else "")

    progress = _Progress(len(tasks), sum(t.size for t in tasks))
    extracted: set[int] = set()

    def done(task: Task, result: tuple) -> None:
        results[task.index] = result
        extracted.add(task.index)
        if len(extracted) % KEEP_EVERY == 0:
            keep()
        progress.step(task.size)

    _run(tasks, jobs, (int(settings.max_file_mb * 2**20), settings.max_text_chars), cache, done)
    progress.end()
    return extracted


def _slim(doc: Document, extraction: Extraction) -> Document:
    """``doc`` without its text, paragraphs and the sentences no fact of ``extraction`` refers to.

    Sentence indexes stay valid (``doc.sentences[i]``): sentences left out are
    replaced by one shared empty placeholder.
    """
    used = {m.sentence for e in extraction.entities for m in e.mentions}
    used.update(r.sentence for r in extraction.relations)
    used.update(q.sentence for q in extraction.quantities)
    sentences = tuple(s if s.index in used else _ELIDED for s in doc.sentences)
    return dataclasses.replace(doc, text="", paragraphs=(), sentences=sentences)


def _extract_file(path: Path, root: Path, limits: tuple[int, int], sha256: str | None
                  ) -> tuple[Document | Skipped, Extraction | None, bool]:
    """Read and extract one file: (slim document or Skipped, extraction, whether to cache the result).

    ``limits`` are (max_bytes, max_chars): larger files are skipped unread, documents with more text
    than ``max_chars`` are skipped unextracted. Runs in worker processes; never raises for bad
    content, nor when a rule fails on a document.
    """
    from .. import read
    from ..extract import extract

    max_bytes, max_chars = limits
    record = read.read_file(path, root, max_bytes)
    if isinstance(record, Skipped):
        # a file that could not be opened (permissions, gone) may be readable next time
        return record, None, sha256 is not None and not record.reason.startswith("cannot read")
    if len(record.text) > max_chars:
        lines = record.text.count("\n") + 1
        return (Skipped(record.path, f"too much text for an article: {len(record.text):,} characters in "
                                     f"{lines:,} line(s) > {max_chars:,}; raise max_text_chars in kg.toml "
                                     f"to extract it"), None, False)
    try:
        extraction = extract(record)
    except Exception as exc:  # a bug of a rule must not stop a corpus build: report the document
        text = " ".join(str(exc).split())[:200]
        return (Skipped(record.path, f"extraction failed ({type(exc).__name__}: {text}); please report it"),
                None, False)
    return _slim(record, extraction), extraction, record.sha256 == sha256


def _extract_cached(task: Task, limits: tuple[int, int], cache: Path | None
                    ) -> tuple[Document | Skipped, Extraction | None]:
    """``_extract_file``, its result written into the cache folder ``cache`` when it may be reused
    (by the process that extracted it: the main process need not pickle it again)."""
    record, extraction, cacheable = _extract_file(task.path, task.root, limits, task.sha256)
    if cacheable and task.key and cache is not None:
        from ..cache import write_entry

        write_entry(cache, task.key, (record, extraction))
    return record, extraction


def _extract_chunk(tasks: list[Task], limits: tuple[int, int], cache: Path | None) -> list[tuple]:
    """``_extract_cached`` over a few files (one task of a worker process)."""
    return [_extract_cached(task, limits, cache) for task in tasks]


def _init_worker(parent: int) -> None:
    """Worker process set-up: leave Ctrl-C to the main process, die with it, load the rules once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent)
    _warm_up()
    gc.freeze()     # the rule tables live as long as the process: the collector need not scan them


def _watch_parent(parent: int) -> None:
    """Exit when the main process is gone: a killed main process cannot stop its helpers."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()


def _warm_up() -> None:
    """Build the extractor's tables (jieba tokenizer, gazetteer) before the first file rather than in it."""
    from ..extract import extract

    text = "浙江省宁波市北仑区大碶街道投资10亿元建设新材料产业园，与宁波大学合作发展生物医药产业。"
    extract(Document(id="warm-up", path="", text=text, sentences=(Sentence(0, 0, len(text), 0, text),),
                     paragraphs=((0, len(text)),)))


def _chunks(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """Tasks in groups of at most ``_CHUNK_BYTES`` (less for small corpora), biggest files first."""
    limit = max(1, min(_CHUNK_BYTES, sum(t.size for t in tasks) // (jobs * 8)))
    chunks: list[list[Task]] = []
    size = limit
    for task in sorted(tasks, key=lambda t: (-t.size, t.index)):
        if size + task.size > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task.size
    return chunks


def _run(tasks: list[Task], jobs: int, limits: tuple[int, int], cache: Path | None,
         done: Callable[[Task, tuple], None]) -> None:
    """Read and extract ``tasks`` in ``jobs`` worker processes (in this process when 1), writing the
    results into the cache folder ``cache`` and calling ``done(task, result)`` as they come.
    Interrupted or failed, the workers are stopped at once."""
    if jobs <= 1 or len(tasks) <= 1:
        if len(tasks) > 1:
            _warm_up()
            gc.freeze()     # as in a worker: the rule tables, built, need no scanning by the collector
        for task in tasks:
            done(task, _extract_cached(task, limits, cache))
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(tasks, jobs)
    jobs = min(jobs, len(chunks))
    log.info("starting %d extraction processes", jobs)
    ok = False
    pool = None
    try:
        # workers start with Ctrl-C blocked (the main process stops them), importing this kg
        with sigint_blocked(), _this_kg_for_children():
            # spawn, not fork: workers share no state (open stores, locks, threads) with this process
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(os.getpid(),))
            pending = {pool.submit(_extract_chunk, chunk, limits, cache): chunk
                       for chunk in chunks}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                for task, result in zip(chunk, future.result()):
                    done(task, result)
        ok = True
    except BrokenProcessPool as exc:
        raise CorpusError(f"an extraction process died ({exc}): the machine may be short of memory, or a "
                          "script calling kg.build lacks `if __name__ == \"__main__\":` (worker processes "
                          "import it); retry with fewer processes, e.g. --jobs 1") from None
    finally:
        if ok:
            pool.shutdown(wait=True)
        elif pool is not None:
            _stop(pool)


@contextlib.contextmanager
def _this_kg_for_children():
    """Let the processes started meanwhile import this kg, as they look it up on this process's
    sys.path in its current folder: a program that imported kg with its current folder on the path
    ('') and then moved into a folder holding a folder named kg would make them import that one."""
    from importlib.machinery import PathFinder

    from .. import __file__ as init

    spec = PathFinder.find_spec("kg", sys.path)      # None: found by an installed finder (editable)
    if spec is None or (spec.has_location and os.path.samefile(spec.origin, init)):
        yield
        return
    saved = list(sys.path)
    sys.path.insert(0, str(Path(init).resolve().parent.parent))
    try:
        yield
    finally:
        sys.path[:] = saved


@contextlib.contextmanager
def sigint_blocked():
    """Hold back SIGINT in this thread; the processes started meanwhile inherit the blocked signal.

    A Ctrl-C that comes meanwhile is delivered (KeyboardInterrupt) when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):        # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stop(pool) -> None:
    """Stop a process pool now: pending work dropped, workers terminated (not waited for)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


def _auto_jobs(size: int) -> int:
    """Processes for ``size`` bytes to extract when jobs=0: one per core, fewer for little work."""
    return max(1, min(os.cpu_count() or 1, size // _BYTES_PER_WORKER))


class _Progress:
    """Progress lines on stderr (the log) every ``_PROGRESS_EVERY`` files or ``_PROGRESS_SECONDS``."""

    def __init__(self, files: int, size: int):
        self.files, self.size = files, size
        self.done = self.bytes = 0
        self._logged = -1
        self.start = self.last = time.perf_counter()

    def step(self, size: int) -> None:
        self.done += 1
        self.bytes += size
        now = time.perf_counter()
        if self.done % _PROGRESS_EVERY == 0 or now - self.last >= _PROGRESS_SECONDS:
            self._log(now)

    def end(self) -> None:
        if self.files and self.done != self._logged:
            self._log(time.perf_counter())

    def _log(self, now: float) -> None:
        self.last = now
        self._logged = self.done
        rate = self.bytes / max(now - self.start, 1e-9)
        left = (f", about {(self.size - self.bytes) / rate:.0f} s left"
                if 0 < self.bytes < self.size and self.done * 10 >= self.files else "")
        log.info("extracted %d/%d files, %s of %s (%s/s%s)", self.done, self.files,
                 _size(self.bytes), _size(self.size), _size(rate), left)


def _size(n: float) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.0f} kB"

"""``build()``: read -> extract -> resolve -> assemble -> export, in that order.

Reading and extraction run in worker processes (``Settings.jobs``), a few files
per task; files whose entry is in the extraction cache (kg/cache.py) are not
read again. Of each document the main process keeps only its metadata and the
sentences that its extraction refers to (for provenance), so that memory grows
with the graph, not with the corpus text.

Output is written into a fresh folder beside OUT and swapped in only when
complete: an interrupted, killed or failed build leaves the previous OUT as it
was. A lock file beside OUT keeps two builds from writing it at once; the
folders a killed build left behind are removed by the next build, which reuses
their cache entries first.
"""
from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import CorpusError, ExportError
from .records import Document, Extraction, Sentence, Skipped
from .settings import Settings

log = logging.getLogger(__name__)

_PROGRESS_EVERY = 100        # files between two progress lines ...
_PROGRESS_SECONDS = 10.0     # ... or seconds, whichever comes first
_CHUNK_BYTES = 256 * 2**10   # at most this much text is sent to a worker process at once
_BYTES_PER_WORKER = 2 * 2**20  # jobs=0: a worker process per this much text to extract (one costs ~4 s to start)
_MAX_WARNINGS = 20           # skipped files and document warnings logged one by one; the rest are counted
_KEEP_EVERY = 500            # documents received between two calls of _keep
_ELIDED = Sentence(index=-1, start=-1, end=-1, paragraph=-1, text="")   # a sentence no fact refers to

# --------------------------------------------------------------------------- the output folder


class _OutputLock:
    """An exclusive lock on OUT (the file ``.OUT.lock`` beside it) for the length of a build.

    The lock dies with the process, so a killed build never blocks the next one.
    """

    def __init__(self, out: Path):
        self.out = out
        self.path = out.with_name(f".{out.name}.lock")
        self.fd: int | None = None

    def __enter__(self) -> "_OutputLock":
        try:
            import fcntl
        except ImportError:        # pragma: no cover - not POSIX: builds are not serialised
            return self
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise ExportError(f"cannot lock {self.path}: {exc.strerror}") from exc
                raise ExportError(f"another kg build (process {holder}) is writing {self.out}; "
                                  "wait for it to finish or build into another folder") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:                # not a lock file that its holder removed meanwhile
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def _check_out(out: Path) -> None:
    """Refuse an OUT that a build must not replace: a file, or a folder kg did not write."""
    if out.is_symlink():
        raise ExportError(f"{out} is a symbolic link, which a build would replace; give -o the folder it "
                          f"points to")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is not a folder; give -o a folder to write the graph into")
    if out.is_dir() and not any((out / name).exists() for name in ("report.json", "graph.ttl")):
        if next(out.iterdir(), None) is not None:
            raise ExportError(f"{out} is a folder that kg build did not write (no report.json in it), and a "
                              f"build replaces OUT as a whole; give -o a new or empty folder")


def _leftovers(out: Path) -> list[Path]:
    """Folders that killed builds left beside OUT: work folders (``.OUT.tmp-*``) and replaced OUTs."""
    found = []
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        found += [p for p in out.parent.glob(pattern) if p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _recover(out: Path) -> list[Path]:
    """Put back an OUT whose swap was cut short; returns the leftover folders (to reuse, then remove).

    Only called under the lock: no other build is running, so every leftover is stale.
    """
    leftovers = _leftovers(out)
    if not out.exists():
        olds = [p for p in leftovers if ".old-" in p.name]
        if olds:
            os.replace(olds[0], out)
            log.warning("restored %s from %s, which an interrupted build left", out, olds[0].name)
            leftovers.remove(olds[0])
    if leftovers:
        log.info("removing %d folder(s) left by an interrupted build (their cache is reused)", len(leftovers))
    return leftovers


def _new_folder(out: Path) -> Path:
    """A fresh work folder beside OUT (same file system, so that it can be renamed into place)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)      # mkdtemp makes it private; OUT is not
    except OSError as exc:
        raise ExportError(f"cannot write into {out.parent}: {exc.strerror}") from exc
    return tmp


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` atomically where the system allows, else with two renames.

    Between the two renames OUT is missing for an instant; a build killed right
    there leaves ``.OUT.old-*``, which the next build puts back (``_recover``).
    """
    if out.exists():
        if _exchange(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)      # tmp now holds the previous OUT
            return
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


# --------------------------------------------------------------------------- read + extract


@dataclasses.dataclass(frozen=True)
class _Task:
    """A file to read and extract: not in the cache."""

    index: int               # position in the corpus listing
    path: Path
    root: Path
    size: int
    sha256: str | None       # None when the file was not hashed (unreadable, empty, too large)
    key: str | None          # its cache key, None likewise


def _relative(path: Path, root: Path) -> str:
    """The file's path as its document shows it (bytes of a name that are not UTF-8 escaped)."""
    from .read import relative_path

    return relative_path(path, root)


def _fingerprint(path: Path, max_bytes: int) -> tuple[int, str | None, int]:
    """(size, sha256 of the content, change time) of a file; no hash for a file the reader will
    skip unread. The change time (ns) tells a file made readable since; 0 when it was hashed."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > max_bytes:
            return st.st_size, None, st.st_ctime_ns
        with open(path, "rb") as fh:
            return st.st_size, hashlib.file_digest(fh, "sha256").hexdigest(), 0
    except OSError:
        return 0, None, -1


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
    from . import read
    from .extract import extract

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


def _extract_cached(task: _Task, limits: tuple[int, int], cache: Path | None
                    ) -> tuple[Document | Skipped, Extraction | None]:
    """``_extract_file``, its result written into the cache folder ``cache`` when it may be reused
    (by the process that extracted it: the main process need not pickle it again)."""
    record, extraction, cacheable = _extract_file(task.path, task.root, limits, task.sha256)
    if cacheable and task.key and cache is not None:
        from .cache import write_entry

        write_entry(cache, task.key, (record, extraction))
    return record, extraction


def _extract_chunk(tasks: list[_Task], limits: tuple[int, int], cache: Path | None) -> list[tuple]:
    """``_extract_cached`` over a few files (one task of a worker process)."""
    return [_extract_cached(task, limits, cache) for task in tasks]


def _init_worker(parent: int) -> None:
    """Worker process set-up: leave Ctrl-C to the main process, die with it, load the rules once."""
    import gc

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
    from .extract import extract

    text = "浙江省宁波市北仑区大碶街道投资10亿元建设新材料产业园，与宁波大学合作发展生物医药产业。"
    extract(Document(id="warm-up", path="", text=text, sentences=(Sentence(0, 0, len(text), 0, text),),
                     paragraphs=((0, len(text)),)))


def _chunks(tasks: list[_Task], jobs: int) -> list[list[_Task]]:
    """Tasks in groups of at most ``_CHUNK_BYTES`` (less for small corpora), biggest files first."""
    limit = max(1, min(_CHUNK_BYTES, sum(t.size for t in tasks) // (jobs * 8)))
    chunks: list[list[_Task]] = []
    size = limit
    for task in sorted(tasks, key=lambda t: (-t.size, t.index)):
        if size + task.size > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task.size
    return chunks


def _run(tasks: list[_Task], jobs: int, limits: tuple[int, int], cache: Path | None,
         done: Callable[[_Task, tuple], None]) -> None:
    """Read and extract ``tasks`` in ``jobs`` worker processes (in this process when 1), writing the
    results into the cache folder ``cache`` and calling ``done(task, result)`` as they come.
    Interrupted or failed, the workers are stopped at once."""
    if jobs <= 1 or len(tasks) <= 1:
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
        with _sigint_blocked():    # workers start with Ctrl-C blocked: the main process stops them
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
def _sigint_blocked():
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


# --------------------------------------------------------------------------- the build


def build(paths, out, settings: Settings = Settings()) -> dict:
    """Build the graph of the files and folders ``paths`` into the folder ``out``; returns the report.

    Raises:
        CorpusError: a path does not exist, or no file could be read as a document.
        ExportError: OUT cannot be written, is being written by another build, or is not a folder
            that a build may replace.
    """
    t0 = time.perf_counter()
    out = Path(out)
    if out.name in ("", ".", ".."):
        out = out.resolve()
    if not settings.max_file_mb or settings.max_file_mb <= 0:
        raise CorpusError(f"max_file_mb must be a positive number of megabytes, not {settings.max_file_mb!r}; "
                          "fix it in kg.toml")
    if settings.max_text_chars <= 0:
        raise CorpusError(f"max_text_chars must be a positive number of characters, not "
                          f"{settings.max_text_chars!r}; fix it in kg.toml")
    if out.parent != out and not out.parent.exists():
        try:
            out.parent.mkdir(parents=True)
        except OSError as exc:
            raise ExportError(f"cannot create {out.parent}: {exc.strerror}") from exc
    with _OutputLock(out), _sparing_collector():
        _check_out(out)
        leftovers = _recover(out)
        try:
            tmp = _new_folder(out)
            try:
                report = _build_into(tmp, paths, out, leftovers, settings, t0)
                if report is None:             # OUT is what this build would write
                    shutil.rmtree(tmp, ignore_errors=True)
                    report = _keep_as_is(out, t0)
                else:
                    _swap_in(tmp, out)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        finally:
            for folder in leftovers:
                shutil.rmtree(folder, ignore_errors=True)
    log.info("wrote %s in %.1f s", out, time.perf_counter() - t0)
    return report


@contextlib.contextmanager
def _sparing_collector():
    """Let the build tell Python's cycle collector to stop rescanning its records (``_keep``).

    The records of a big corpus are millions of objects that live to the end of the build, and
    every full collection walked them all again: on a 10 MB corpus the collector took 6-8 s of the
    main process, 2.7 s with them frozen (measured with gc.callbacks). Frozen objects are still
    freed by reference counting. Unfrozen at the end, unless the caller had frozen objects of its own.
    """
    import gc

    ours = gc.get_freeze_count() == 0
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()


def _keep() -> None:
    """What the build holds now lives to its end: the cycle collector need not scan it again."""
    import gc

    gc.freeze()


def _in_out(entry, paths, out: Path) -> bool:
    """True for OUT's own files when OUT sits inside the corpus (kg build . -o out): not articles."""
    out = out.resolve()
    if isinstance(entry, Skipped):
        prefixes = tuple(out.relative_to(Path(p).resolve()).as_posix() + "/" for p in paths
                         if Path(p).is_dir() and out.is_relative_to(Path(p).resolve()))
        return bool(prefixes) and entry.path.startswith(prefixes)
    return entry[0].resolve().is_relative_to(out)


def _build_into(tmp: Path, paths, out: Path, leftovers: Sequence[Path], settings: Settings, t0: float
                ) -> dict | None:
    """The stages, every output written into the folder ``tmp``; returns the report, or None when
    OUT was built from the same inputs (nothing is written then)."""
    from . import assemble, read, resolve
    from .cache import CACHE_DIR, ExtractionCache, cache_key

    timings: dict[str, float] = {}
    max_bytes = int(settings.max_file_mb * 2**20)
    entries = [e for e in read.iter_entries(paths) if not _in_out(e, paths, out)]
    sources = [out / CACHE_DIR, *(folder / CACHE_DIR for folder in leftovers)] if settings.cache else []
    cache = ExtractionCache(tmp / CACHE_DIR, sources)

    # hashing a file is cheap next to extracting it
    fingerprints = {i: _fingerprint(entry[0], max_bytes) for i, entry in enumerate(entries)
                    if not isinstance(entry, Skipped)}
    inputs = _inputs_digest(entries, fingerprints, settings)
    if settings.cache and _up_to_date(out, inputs):
        return None

    # what is in the cache
    results: list[tuple[Document | Skipped, Extraction | None] | None] = [None] * len(entries)
    tasks: list[_Task] = []
    for i, entry in enumerate(entries):
        if isinstance(entry, Skipped):
            results[i] = (entry, None)
            continue
        path, root = entry
        size, sha256, _ = fingerprints[i]
        key = cache_key(_relative(path, root), sha256) if sha256 else None
        hit = cache.get(key) if key else None
        if hit is not None:
            results[i] = hit
            if i % _KEEP_EVERY == 0:
                _keep()
        else:
            tasks.append(_Task(i, path, root, size, sha256, key))
    n_files = sum(not isinstance(e, Skipped) for e in entries)
    jobs = min(settings.jobs if settings.jobs > 0 else _auto_jobs(sum(t.size for t in tasks)), len(tasks))
    log.info("%d file(s): %d unchanged since the last build, %d to read and extract%s", n_files,
             n_files - len(tasks), len(tasks), f" in {jobs} processes" if jobs > 1 else "")

    progress = _Progress(len(tasks), sum(t.size for t in tasks))
    extracted: set[int] = set()

    def done(task: _Task, result: tuple) -> None:
        results[task.index] = result
        extracted.add(task.index)
        if len(extracted) % _KEEP_EVERY == 0:
            _keep()
        progress.step(task.size)

    _run(tasks, jobs, (max_bytes, settings.max_text_chars), cache.folder, done)
    progress.end()
    timings["read_extract"] = time.perf_counter() - t0
    _keep()

    documents: list[Document] = []
    skipped: list[Skipped] = []
    extractions: list[Extraction] = []
    ids: set[str] = set()
    reused = 0
    for i, (record, extraction) in enumerate(results):
        if isinstance(record, Skipped):
            skipped.append(record)
        elif record.id in ids:
            skipped.append(Skipped(record.path, read.DUPLICATE_PATH))
        else:
            ids.add(record.id)
            documents.append(record)
            extractions.append(extraction)
            reused += i not in extracted
    del results
    _warn(documents, skipped)
    if not documents:
        raise CorpusError(_nothing_read(paths, skipped))

    t = time.perf_counter()
    entities, relations, quantities = resolve.resolve(extractions, settings.min_confidence)
    del extractions
    timings["resolve"] = time.perf_counter() - t
    _keep()
    log.info("resolved %d entities in %.1f s", len(entities), timings["resolve"])
    counts = {"documents_reused": reused, "documents_extracted": len(documents) - reused}
    return _write_outputs(tmp, documents, skipped, entities, relations, quantities, settings, t0,
                          counts=counts, timings=timings, inputs=inputs)


# --------------------------------------------------------------------------- nothing to do


_OUTPUTS = ("graph.ttl", "graph.graphml", "graph.html", "report.json")


def _inputs_digest(entries: list, fingerprints: dict[int, tuple], settings: Settings) -> str:
    """What a build's outputs depend on, hashed: the files (paths, contents; the reasons of those
    skipped), the settings that change the graph or the page, and kg's own code and data (a kg
    changed in place rebuilds too) and whether Graphviz lays out the page."""
    files = []
    for i, entry in enumerate(entries):
        if isinstance(entry, Skipped):
            files.append(["skipped", entry.path, entry.reason])
        else:
            path, root = entry
            files.append([str(root.resolve()), _relative(path, root), *fingerprints[i]])
    from .extract import EXTRACTOR_VERSION

    kept = {k: v for k, v in dataclasses.asdict(settings).items() if k not in ("jobs", "cache")}
    layout = shutil.which("sfdp") is not None
    text = json.dumps([__version__, EXTRACTOR_VERSION, _code_digest(), layout, sorted(kept.items()), files], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()    # a root named in GBK


@functools.cache
def _code_digest() -> str:
    """A hash of kg's package files (code, rules, data, queries, ontology, page assets)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _up_to_date(out: Path, inputs: str) -> bool:
    """True when OUT was built from exactly these inputs and still has all its outputs."""
    from .store import STORE_DIR

    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    store = out / STORE_DIR
    return (isinstance(report, dict) and report.get("inputs") == inputs
            and all((out / name).is_file() for name in _OUTPUTS)
            and store.is_dir() and next(store.iterdir(), None) is not None)


def _keep_as_is(out: Path, t0: float) -> dict:
    """The report of an OUT kept as it was: every document counted unchanged, this run's time."""
    path = out / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    read = report["counts"]["documents_read"]
    report["counts"].update(documents_reused=read, documents_extracted=0)
    report["unchanged"] = True
    report["seconds"] = round(time.perf_counter() - t0, 3)
    tmp = path.with_name(f".report.json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    log.info("nothing changed since %s was built (%d documents, same settings and kg): kept it as it was; "
             "--no-cache rebuilds it", out, read)
    return report


def _warn(documents: list[Document], skipped: list[Skipped]) -> None:
    """One warning line per skipped file and per document warning, at most ``_MAX_WARNINGS`` of them."""
    lines = [f"skipped {s.path}: {s.reason}" for s in skipped]
    lines += [f"{d.path}: {w}" for d in documents for w in d.warnings]
    for line in lines[:_MAX_WARNINGS]:
        log.warning("%s", line)
    if len(lines) > _MAX_WARNINGS:
        log.warning("... and %d more warning(s): see report.json", len(lines) - _MAX_WARNINGS)


def _nothing_read(paths, skipped: list[Skipped]) -> str:
    """The error message of a build that read no document: where, and why for the first files."""
    where = ", ".join(str(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths))
    if not skipped:
        return f"no document could be read from {where}: no files found; kg reads .txt, .md and .html files"
    why = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
    more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    return (f"no document could be read from {where} ({len(skipped)} file(s) skipped: {why}{more}); "
            "kg reads .txt, .md and .html files")


def _write_outputs(folder: Path, documents, skipped, entities, relations, quantities, settings, t0,
                   counts: dict | None = None, timings: dict | None = None, inputs: str | None = None) -> dict:
    """graph.ttl, the store, graph.graphml, graph.html and report.json, all into ``folder``.

    Only the entity layer is built as an rdflib graph (SHACL, GraphML and the view read it); the
    evidence layer goes from the records straight into graph.ttl. Oxigraph then loads graph.ttl into
    the store in another process, while this one writes the other files.
    """
    from . import assemble, viz
    from .export import write_turtle

    timings = dict(timings or {})
    t = time.perf_counter()
    layer = assemble.entity_layer(documents, entities, relations)
    timings["assemble"] = time.perf_counter() - t
    _keep()
    t = time.perf_counter()
    docs = {d.id: d for d in documents}
    try:
        loader = _StoreLoader(folder / "graph.ttl", folder)     # OUT/store: what kg query/serve open
        try:
            evidence = assemble.evidence_turtle(docs, entities, relations, quantities)
            triples = write_turtle(layer, folder / "graph.ttl", evidence, on_part=loader.part)
            timings["turtle"] = time.perf_counter() - t
            log.info("assembled %d entities, %d relations, %d triples", len(entities),
                     len({(r.head, r.rel, r.tail) for r in relations}), triples)
            t = time.perf_counter()
            import networkx as nx

            nx.write_graphml(assemble.to_networkx(layer), folder / "graph.graphml")
            viz.write_html(layer, folder / "graph.html", title=_corpus_title(documents), settings=settings,
                           evidence=viz.records_evidence(documents, entities, relations, quantities))
            timings["view"] = time.perf_counter() - t
            validation = None
            if settings.validate:
                from .validate import validate

                t = time.perf_counter()
                validation = validate(layer).summary()
                validation["scope"] = "entities"     # documents, entities, relations
                timings["validate"] = time.perf_counter() - t
            t = time.perf_counter()
            loader.wait()
            timings["store_wait"] = time.perf_counter() - t
        finally:
            loader.stop()
    except OSError as exc:
        raise ExportError(f"cannot write into {folder.parent}: {exc.strerror}") from exc
    by_type = Counter(t for e in entities for t in e.types)
    by_rel = Counter(r for r in {(r.head, r.rel, r.tail) for r in relations} for r in [r[1]])
    report = {
        "kg_version": __version__,
        "documents": [{"path": d.path, "id": d.id, "title": d.title, "date": d.date,
                       "encoding": d.encoding, "sentences": len(d.sentences),
                       **({"warnings": list(d.warnings)} if d.warnings else {})} for d in documents],
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "counts": {"documents_read": len(documents), "documents_skipped": len(skipped),
                   "entities": len(entities), "entities_by_type": dict(sorted(by_type.items())),
                   "relations": sum(by_rel.values()), "relations_by_type": dict(sorted(by_rel.items())),
                   "triples": triples, **(counts or {})},
        "encodings": dict(sorted(Counter(d.encoding for d in documents).items())),
        "settings": {"min_confidence": settings.min_confidence},
    }
    if validation is not None:
        report["validation"] = validation
        if not validation["conforms"]:
            log.warning("the graph breaks the SHACL shapes %d time(s): see report.json \"validation\" "
                        "or run kg validate --graph OUT", validation["violations"])
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    report["seconds"] = round(time.perf_counter() - t0, 3)
    if inputs:
        report["inputs"] = inputs
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


class _StoreLoader:
    """Oxigraph loading graph.ttl into ``folder``/store in a process of its own (``python -m kg.store``),
    part by part while graph.ttl is being written (``part``, the ``on_part`` of ``write_turtle``).

    Not a thread: pyoxigraph's loader contends for the GIL, which made both it and the
    Python work beside it several times slower (measured). ``wait`` raises its error.
    """

    def __init__(self, ttl: Path, folder: Path):
        import subprocess

        self._err = tempfile.TemporaryFile()     # not a pipe: nobody reads it until the end
        with _sigint_blocked():        # Ctrl-C reaches the main process, which stops this one
            self._proc = subprocess.Popen([sys.executable, "-m", "kg.store", str(ttl), str(folder),
                                           str(os.getpid())], stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=self._err, text=True)

    def part(self, header: int, start: int, end: int) -> None:
        try:
            self._proc.stdin.write(f"{header} {start} {end}\n")
            self._proc.stdin.flush()
        except BrokenPipeError:         # it failed: wait() tells why
            pass

    def wait(self) -> None:
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        self._proc.wait()
        if self._proc.returncode:
            self._err.seek(0)
            lines = self._err.read().decode("utf-8", "replace").strip().splitlines()
            raise ExportError(lines[-1] if lines else
                              f"the store process ended with exit code {self._proc.returncode} (out of memory?)")

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._err.close()


def _corpus_title(documents: list[Document]) -> str:
    if len(documents) == 1 and documents[0].title:
        return documents[0].title
    return f"kg: {len(documents)} documents"

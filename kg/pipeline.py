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
their cache entries first. A build replaces or removes only folders kg can tell
it wrote (the marker OUT/.kg-out.json, see ``_check_out`` and ``_vouch``): it
refuses an OUT holding anything else, and leaves other folders alone.
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
            try:        # never through a link: the lock file is truncated
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise ExportError(f"{self.path} is a symbolic link, where kg keeps the lock of a build "
                                      f"into {self.out}; remove the link") from None
                raise _cannot_write(self.out.parent, exc) from exc
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


def _cannot_write(folder: Path, exc: OSError) -> ExportError:
    return ExportError(f"cannot write into {folder}: {exc.strerror or exc}; give -o a folder in a place where "
                       "you may create files")


# What kg wrote into a folder: OUT/.kg-out.json lists the top-level entries (files and folders) a build
# wrote and the commands after it added (kg viz's pages), and the size and time of the files that a
# damaged OUT would lose (see _up_to_date). A build replaces only a folder whose every entry is listed.
MARKER = ".kg-out.json"
_WRITES = (".cache", "graph.graphml", "graph.html", "graph.ttl", "report.json", "store", MARKER)
_OLDER_KG = re.compile(r"(graph\.(ttl|graphml|html)|report\.json|store|\.cache|focus-.+\.html)\Z")  # no marker
_OWN_TEMP = re.compile(r"\.(report|kg-out)\.json\.\d+\.tmp\Z")     # a file being replaced (_save_json)


def _read_marker(folder: Path) -> dict | None:
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(marker, dict) and marker.get("written_by") == "kg"
            and isinstance(marker.get("entries"), list) and all(isinstance(e, str) for e in marker["entries"])):
        return None
    return marker


def _write_marker(folder: Path, entries, files: dict | None = None) -> None:
    _save_json(folder / MARKER, {"written_by": "kg", "kg_version": __version__,
                                 "entries": sorted({*entries, MARKER}), "files": files or {}})


def _save_json(path: Path, data) -> None:
    """Write ``data`` into ``path`` whole or not at all (a temporary file renamed)."""
    tmp = path.with_name(f".{path.name.lstrip('.')}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def register_output(out: Path, path: Path) -> None:
    """Count the file ``path``, that a command wrote into the built folder ``out`` after the build
    (kg viz's pages), as kg's: the next build may then replace it with OUT. Files in subfolders
    are not counted (the folder may be the user's)."""
    out, path = Path(out), Path(path)
    marker = _read_marker(out)
    if marker is None or path.parent.resolve() != out.resolve() or path.name in marker["entries"]:
        return
    try:
        _write_marker(out, [*marker["entries"], path.name], marker.get("files"))
    except OSError as exc:
        log.warning("cannot note %s as kg's in %s (%s): the next build will refuse %s until it is moved out",
                    path.name, out / MARKER, exc.strerror, out)


def _some(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b, c, d, e and 4 more``."""
    if len(names) > 5:
        return f"{', '.join(names[:5])} and {len(names) - 5} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _foreign(folder: Path) -> list[str] | None:
    """The entries of ``folder`` that kg did not write (folders with a ``/``), listed by its marker;
    without one, those that an older kg would not have written. None for a folder without a marker
    whose names are all kg's but whose report.json is not kg's: kg cannot tell.

    Raises:
        OSError: ``folder`` cannot be listed.
    """
    names = sorted(os.listdir(folder))
    marker = _read_marker(folder)
    if marker is not None:
        ours = set(marker["entries"])
        foreign = [n for n in names if n not in ours and not _OWN_TEMP.match(n)]
    else:
        foreign = [n for n in names if not _OLDER_KG.match(n) and not _OWN_TEMP.match(n)]
        if names and not foreign and not _kg_report(folder / "report.json"):
            return None
    return [f"{n}/" if (folder / n).is_dir() and not (folder / n).is_symlink() else n for n in foreign]


def _kg_report(path: Path) -> bool:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(report, dict) and isinstance(report.get("kg_version"), str)
            and isinstance(report.get("counts"), dict) and isinstance(report.get("documents"), list))


def _check_out(out: Path) -> None:
    """Refuse an OUT that a build must not replace: a file, a link, or a folder holding anything kg
    cannot tell it wrote (a build replaces OUT as a whole)."""
    if out.is_symlink():
        raise ExportError(f"{out} is a symbolic link, which a build would replace; give -o the folder it "
                          f"points to")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is not a folder; give -o a folder to write the graph into")
    if not out.is_dir():
        return
    try:
        foreign = _foreign(out)
    except OSError as exc:
        raise ExportError(f"cannot read {out}: {exc.strerror}; give -o a folder you may read and write") from exc
    if foreign is None:
        raise ExportError(f"{out} has no {MARKER} and its report.json is not one kg wrote, so kg cannot tell "
                          f"that it wrote {out}; a build replaces OUT as a whole: give -o a new or empty folder")
    if foreign:
        raise ExportError(f"{out} holds {_some(foreign)}, which kg did not write; a build replaces OUT as a "
                          f"whole, so move {'it' if len(foreign) == 1 else 'them'} out of {out} or give -o a new "
                          "or empty folder")


def _leftovers(out: Path) -> list[Path]:
    """Folders named like those killed builds leave beside OUT: work folders (``.OUT.tmp-*``) and
    replaced OUTs (``.OUT.old-*``), newest first."""
    found = []
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        found += [p for p in out.parent.glob(pattern) if p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _vouch(folder: Path) -> str | None:
    """None when kg can tell it made ``folder``: its marker is there, nothing else is, and nobody but
    this user could have put anything in (owner, mode). Else why not."""
    st = folder.lstat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return f"it belongs to another user (uid {st.st_uid})"
    if st.st_mode & 0o022:
        return "others than its owner may write into it"
    if _read_marker(folder) is None:
        return f"it has no {MARKER}, so kg cannot tell that it made it"
    foreign = _foreign(folder)
    return f"it holds {_some(foreign)}, which kg did not write" if foreign else None


def _recover(out: Path) -> list[Path]:
    """Put back an OUT whose swap was cut short; returns the leftover folders kg can vouch for (to
    reuse, then remove). Others are left alone, with a warning.

    Only called under the lock: no other build is running, so every leftover is stale.
    """
    leftovers = []
    for folder in _leftovers(out):
        try:
            why = _vouch(folder)
        except OSError as exc:
            why = f"it cannot be read ({exc.strerror})"
        if why:
            log.warning("left %s alone: %s; remove it yourself if nothing in it is yours", folder, why)
        else:
            leftovers.append(folder)
    if not out.exists():
        olds = [p for p in leftovers if ".old-" in p.name]
        if olds:
            try:
                os.replace(olds[0], out)
            except OSError as exc:
                raise _cannot_write(out.parent, exc) from exc
            log.warning("restored %s from %s, which an interrupted build left", out, olds[0].name)
            leftovers.remove(olds[0])
    if leftovers:
        log.info("removing %d folder(s) left by an interrupted build (their cache is reused)", len(leftovers))
    return leftovers


def _new_folder(out: Path) -> Path:
    """A fresh work folder beside OUT (same file system, so that it can be renamed into place),
    private until swapped in and marked as kg's from the start: a build killed meanwhile leaves a
    folder that the next build can vouch for (``_vouch``)."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        _write_marker(tmp, _WRITES)
    except OSError as exc:
        raise _cannot_write(out.parent, exc) from exc
    return tmp


def _seal(tmp: Path) -> None:
    """The work folder's final marker: every entry in it (kg wrote them all), and the size and time of
    the files whose damage a build of unchanged inputs must notice (``_up_to_date``)."""
    from .store import STORE_DIR

    files = {}
    for path in [*sorted((tmp / STORE_DIR).iterdir()), tmp / "graph.ttl", tmp / "graph.graphml"]:
        if not path.name.startswith("LOG"):           # RocksDB's own log: not data
            st = path.stat()
            files[path.relative_to(tmp).as_posix()] = [st.st_size, st.st_mtime_ns]
    _write_marker(tmp, os.listdir(tmp), files)


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
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o777 & ~umask)      # mkdtemp made it private; OUT is not
        if not out.exists():
            os.replace(tmp, out)
        elif _exchange(tmp, out):
            _discard(tmp, out)              # tmp now holds the previous OUT
        else:
            old = _aside(out)
            os.replace(out, old)
            os.replace(tmp, out)
            _discard(old, out)
    except OSError as exc:
        raise _cannot_write(out.parent, exc) from exc


def _aside(out: Path) -> Path:
    return out.with_name(f".{out.name}.old-{os.getpid()}-{os.urandom(4).hex()}")


def _discard(old: Path, out: Path) -> None:
    """Delete the previous OUT, unless something kg did not write was put into it during the build:
    then it is kept beside OUT, and the build says where. Never raises: OUT is swapped in already."""
    try:
        foreign = _foreign(old)
    except OSError:
        foreign = None
    if foreign == []:
        shutil.rmtree(old, ignore_errors=True)
        return
    kept = old
    if ".old-" not in old.name:          # the work folder's name, after an exchange: say what it is
        try:
            os.replace(old, kept := _aside(out))
        except OSError:
            kept = old
    log.warning("kept the previous %s as %s: it holds %s, which kg did not write; take what you need from it "
                "and remove it", out, kept, _some(foreign) if foreign else "what kg cannot list")


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
        # workers start with Ctrl-C blocked (the main process stops them), importing this kg
        with _sigint_blocked(), _this_kg_for_children():
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

    from . import __file__ as init

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
    if out.parent != out and not out.parent.exists():
        try:
            out.parent.mkdir(parents=True)
        except OSError as exc:
            raise ExportError(f"cannot create {out.parent}: {exc.strerror}; give -o a folder in a place where "
                              "you may create files") from exc
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
                    try:
                        _seal(tmp)
                    except OSError as exc:
                        raise _cannot_write(out.parent, exc) from exc
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
    """True when OUT was built from exactly these inputs and still has all its outputs, its store
    and graph files as the build left them (same size and time: a damaged store is built again)."""
    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not (isinstance(report, dict) and report.get("inputs") == inputs
            and all((out / name).is_file() for name in _OUTPUTS)):
        return False
    files = (_read_marker(out) or {}).get("files")
    if not files or not isinstance(files, dict):
        return False
    for name, recorded in files.items():
        try:
            st = os.stat(out / name)
            now = [st.st_size, st.st_mtime_ns]
        except OSError:
            now = None
        if now != recorded:
            why = ("missing" if now is None else "modified since" if now[0] == recorded[0] else
                   f"{now[0]:,} bytes, not {recorded[0]:,}")
            log.warning("%s is not as the build left it (%s): building %s again", out / name, why, out)
            return False
    return True


def _keep_as_is(out: Path, t0: float) -> dict:
    """The report of an OUT kept as it was: every document counted unchanged, this run's time."""
    path = out / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    read = report["counts"]["documents_read"]
    report["counts"].update(documents_reused=read, documents_extracted=0)
    report["unchanged"] = True
    report["seconds"] = round(time.perf_counter() - t0, 3)
    try:
        _save_json(path, report)
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
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
        raise _cannot_write(folder.parent, exc) from exc
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


# Runs kg.store._main in a new Python process with the kg package of this one, loaded from its file:
# `python -m kg.store` would import a folder named kg in the current folder first.
_RUN_KG_STORE = """\
import importlib.util, os, sys
init = sys.argv.pop(1)
spec = importlib.util.spec_from_file_location("kg", init, submodule_search_locations=[os.path.dirname(init)])
sys.modules["kg"] = kg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kg)
from kg.store import _main
sys.exit(_main(sys.argv[1:]))
"""


class _StoreLoader:
    """Oxigraph loading graph.ttl into ``folder``/store in a process of its own (kg.store's ``_main``),
    part by part while graph.ttl is being written (``part``, the ``on_part`` of ``write_turtle``).

    Not a thread: pyoxigraph's loader contends for the GIL, which made both it and the
    Python work beside it several times slower (measured). ``wait`` raises its error.
    The process imports nothing from the current folder (``python -P``) and runs this kg.
    """

    def __init__(self, ttl: Path, folder: Path):
        import subprocess

        from . import __file__ as init

        self._err = tempfile.TemporaryFile()     # not a pipe: nobody reads it until the end
        with _sigint_blocked():        # Ctrl-C reaches the main process, which stops this one
            self._proc = subprocess.Popen([sys.executable, "-P", "-c", _RUN_KG_STORE, init, str(ttl),
                                           str(folder), str(os.getpid())], stdin=subprocess.PIPE,
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

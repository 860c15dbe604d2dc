"""The output folder OUT: replaced as a whole, and only when kg can tell it wrote it.

A build writes into a fresh work folder beside OUT (``new_folder``) and swaps it in
when complete (``swap_in``), under a lock (``OutputLock``): an interrupted, killed or
failed build leaves the previous OUT as it was. The marker OUT/.kg-out.json lists what
kg wrote; a folder holding anything else is refused (``check_out``), and the folders a
killed build left are put back or removed only when kg can vouch for them (``recover``).
"""
from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .. import __version__
from ..errors import ExportError

log = logging.getLogger(__name__)


class OutputLock:
    """An exclusive lock on OUT (the file ``.OUT.lock`` beside it) for the length of a build.

    The lock dies with the process, so a killed build never blocks the next one.
    """

    def __init__(self, out: Path):
        self.out = out
        self.path = out.with_name(f".{out.name}.lock")
        self.fd: int | None = None

    def __enter__(self) -> "OutputLock":
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
                raise cannot_write(self.out.parent, exc) from exc
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


def cannot_write(folder: Path, exc: OSError) -> ExportError:
    """The error of a folder kg may not write into, with what to do."""
    return ExportError(f"cannot write into {folder}: {exc.strerror or exc}; give -o a folder in a place where "
                       "you may create files")


# What kg wrote into a folder: OUT/.kg-out.json lists the top-level entries (files and folders) a build
# wrote and the commands after it added (kg viz's pages, with the arguments that made them: "views"),
# and the size and time of the files that a damaged OUT would lose (see freshness.up_to_date). A build
# replaces only a folder whose every entry is listed, and carries kg viz's pages over (views.py).
MARKER = ".kg-out.json"
WRITES = (".cache", "graph.graphml", "graph.html", "graph.ttl", "report.json", "store", MARKER)
_OLDER_KG = re.compile(r"(graph\.(ttl|graphml|html)|report\.json|store|\.cache|focus-.+\.html)\Z")  # no marker
# a file being replaced: save_json's, or a kg viz page written again (views.py)
_OWN_TEMP = re.compile(r"\.(report|kg-out)\.json\.\d+\.tmp\Z|\..+\.html\.\d+\.tmp\Z")


def read_marker(folder: Path) -> dict | None:
    """The marker of ``folder``; None when it has none, or one that kg did not write."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(marker, dict) and marker.get("written_by") == "kg"
            and isinstance(marker.get("entries"), list) and all(isinstance(e, str) for e in marker["entries"])):
        return None
    return marker


def _write_marker(folder: Path, entries, files: dict | None = None, views: dict | None = None) -> None:
    save_json(folder / MARKER, {"written_by": "kg", "kg_version": __version__,
                                 "entries": sorted({*entries, MARKER}), "files": files or {},
                                 **({"views": dict(sorted(views.items()))} if views else {})})


def save_json(path: Path, data) -> None:
    """Write ``data`` into ``path`` whole or not at all (a temporary file renamed)."""
    tmp = path.with_name(f".{path.name.lstrip('.')}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def register_output(out: Path, path: Path, view: dict | None = None) -> None:
    """Count the file ``path``, that a command wrote into the built folder ``out`` after the build
    (kg viz's pages), as kg's: the next build carries it over into the new OUT (views.py). ``view``,
    the arguments of the page (``{"focus": LABEL or None, "depth": N}``), lets that build write it
    again from the new graph. Files in subfolders are not counted (the folder may be the user's)."""
    out, path = Path(out), Path(path)
    marker = read_marker(out)
    if marker is None or path.parent.resolve() != out.resolve():
        return
    views = marker.get("views") if isinstance(marker.get("views"), dict) else {}
    if view is not None and path.name not in WRITES:
        views = {**views, path.name: view}
    elif path.name in marker["entries"]:
        return
    try:
        _write_marker(out, [*marker["entries"], path.name], marker.get("files"), views)
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
    marker = read_marker(folder)
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


def check_out(out: Path) -> None:
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
    if read_marker(folder) is None:
        return f"it has no {MARKER}, so kg cannot tell that it made it"
    foreign = _foreign(folder)
    return f"it holds {_some(foreign)}, which kg did not write" if foreign else None


def recover(out: Path) -> list[Path]:
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
        if not why and out.exists():
            lacking = [n for n in views_of(folder) if not os.path.lexists(out / n)]
            why = f"it holds {_some(lacking)}, which kg viz wrote and {out} lacks" if lacking else None
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
                raise cannot_write(out.parent, exc) from exc
            log.warning("restored %s from %s, which an interrupted build left", out, olds[0].name)
            leftovers.remove(olds[0])
    if leftovers:
        log.info("removing %d folder(s) left by an interrupted build (their cache is reused)", len(leftovers))
    return leftovers


def new_folder(out: Path) -> Path:
    """A fresh work folder beside OUT (same file system, so that it can be renamed into place),
    private until swapped in and marked as kg's from the start: a build killed meanwhile leaves a
    folder that the next build can vouch for (``_vouch``)."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        _write_marker(tmp, WRITES)
    except OSError as exc:
        raise cannot_write(out.parent, exc) from exc
    return tmp


def seal(tmp: Path, views: dict | None = None) -> None:
    """The work folder's final marker: every entry in it (kg wrote them all), the arguments of the
    kg viz pages carried into it (``views``), and the size and time of the files whose damage a build
    of unchanged inputs must notice (``freshness.up_to_date``)."""
    from ..store import STORE_DIR

    files = {}
    for path in [*sorted((tmp / STORE_DIR).iterdir()), tmp / "graph.ttl", tmp / "graph.graphml"]:
        if not path.name.startswith("LOG"):           # RocksDB's own log: not data
            st = path.stat()
            files[path.relative_to(tmp).as_posix()] = [st.st_size, st.st_mtime_ns]
    _write_marker(tmp, os.listdir(tmp), files, views)


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


def swap_in(tmp: Path, out: Path, carried: dict | None = None) -> None:
    """Replace ``out`` by ``tmp`` atomically where the system allows, else with two renames.

    Between the two renames OUT is missing for an instant; a build killed right
    there leaves ``.OUT.old-*``, which the next build puts back (``recover``).
    ``carried``: the kg viz pages of OUT carried into ``tmp``, name -> [size, mtime_ns] then; a page
    written into OUT after that moves into the new OUT as it is (``_move_late_views``).
    """
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o777 & ~umask)      # mkdtemp made it private; OUT is not
        if not out.exists():
            os.replace(tmp, out)
        elif _exchange(tmp, out):
            _discard(tmp, out, carried)     # tmp now holds the previous OUT
        else:
            old = _aside(out)
            os.replace(out, old)
            os.replace(tmp, out)
            _discard(old, out, carried)
    except OSError as exc:
        raise cannot_write(out.parent, exc) from exc


def _move_late_views(old: Path, out: Path, carried: dict) -> None:
    """Move into OUT the kg viz pages of the previous OUT that the build did not carry over as they
    are now: written (or written again) while it ran. A page that cannot be moved stays in ``old``,
    which is then kept (it counts as not kg's)."""
    marker = read_marker(old) or {}
    views = marker.get("views") if isinstance(marker.get("views"), dict) else {}
    for name in views_of(old):
        if file_stamp(old / name) == carried.get(name):
            continue
        try:
            if (old / name).is_dir() and not (old / name).is_symlink():
                raise IsADirectoryError(name)
            os.replace(old / name, out / name)
        except OSError:
            _write_marker(old, [n for n in marker.get("entries", []) if n != name], marker.get("files"), views)
            continue
        register_output(out, out / name, views.get(name) if isinstance(views.get(name), dict) else None)
        log.warning("kept %s as kg viz wrote it during the build: it shows the graph of the previous build; "
                    "run kg viz again to show this one", out / name)


def views_of(folder: Path) -> list[str]:
    """The pages kg viz wrote into the built folder ``folder`` (what its marker lists beyond a build's
    own outputs; without a marker, an older kg's focus-*.html), that exist."""
    marker = read_marker(folder)
    if marker is not None:
        names = [n for n in marker["entries"] if n not in WRITES]
    else:
        names = [n for n in os.listdir(folder) if _OLDER_KG.match(n) and n.startswith("focus-")]
    return sorted(n for n in names if os.path.lexists(folder / n) and not _OWN_TEMP.match(n))


def file_stamp(path: Path) -> list[int] | None:
    """[size, mtime_ns] of ``path`` (not followed), None when it is missing: tells a page rewritten."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _aside(out: Path) -> Path:
    return out.with_name(f".{out.name}.old-{os.getpid()}-{os.urandom(4).hex()}")


def _discard(old: Path, out: Path, carried: dict | None = None) -> None:
    """Delete the previous OUT, unless something kg did not write was put into it during the build:
    then it is kept beside OUT, and the build says where. kg viz pages written into it during the
    build (not carried over, or rewritten since) move into OUT. Never raises: OUT is swapped in already."""
    try:
        _move_late_views(old, out, carried or {})
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

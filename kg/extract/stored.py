"""Tables the extractor derives from jieba's dictionary files, kept between processes.

Every process that extracts (each worker of ``kg build``) needs the same few tables:
jieba's word table with kg's words added, the part of speech of jieba's frequent
words, and what jieba's dictionary and IDF list say about the division names.
Deriving them costs about 2 s per process; reading them back with ``marshal``
a fraction of that. They are kept in ``$XDG_CACHE_HOME/kg`` (``~/.cache/kg``),
each file named by a hash of everything its table is made of: jieba's version
and files, the words asked about, the Python version and ``FORMAT`` (bump it
when a recipe below changes what a table holds). A folder that cannot be written
is skipped silently: the next process derives the tables again.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.resources
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)

FORMAT = 1
T = TypeVar("T")


@functools.cache
def jieba_files() -> tuple:
    """What identifies jieba's data: its version, and the size and time of its dictionary and IDF list."""
    import jieba

    root = importlib.resources.files("jieba")
    stats = []
    for parts in (("dict.txt",), ("analyse", "idf.txt")):
        try:
            st = os.stat(root.joinpath(*parts))
            stats.append((st.st_size, st.st_mtime_ns))
        except (OSError, TypeError):
            stats.append(None)
    return jieba.__version__, tuple(stats)


def stored(name: str, inputs: object, build: Callable[[], T]) -> T:
    """The table ``name`` made of ``inputs`` (anything ``repr`` spells out fully): read back from the cache
    folder when there, else built by ``build()`` and saved. Tables hold only what ``marshal`` can write."""
    path = _path(name, inputs)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())  # (one read: marshal.load from a file is 3x slower)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    table = build()
    if path is not None:
        _write(path, table)
    return table


def _path(name: str, inputs: object) -> Path | None:
    try:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    except RuntimeError:  # no home folder
        return None
    digest = hashlib.sha256(repr((FORMAT, name, sys.version_info[:2], inputs)).encode()).hexdigest()
    return root / f"{name}-{digest[:16]}.marshal"


def _write(path: Path, table: object) -> None:
    """Save atomically, replacing the files of the same table made of other inputs."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(table))  # (one write: marshal.dump to a file writes piece by piece)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        name = path.stem.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{name}-*.marshal"):
            if old != path and old.stem.rsplit("-", 1)[0] == name:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:
        log.debug("table %s not saved: %s", path, exc)

"""The extraction cache: what the read and extract stages made of each file, reused by the next build.

An entry holds one file's record (a slim ``Document``, or ``Skipped``) and its
``Extraction``, pickled, under a key that hashes the file's relative path, its
content (sha256) and the versions of the extractor and of kg: a changed file, a
moved one, or a new extractor misses and is read again. The cache lives in
OUT/.cache, so it is replaced with OUT: each build writes the entries it used
(hard links to the previous ones where possible, new files for the rest) into
its fresh folder, and the entries of deleted or changed files go with the old
OUT. Entries of a killed build's leftover folder can be read too (``sources``).

Entries are written to a temporary name and renamed, so a killed build never
leaves half an entry; an entry that does not load is treated as missing.
The cache is local to the machine and trusted (pickle).
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path

from .records import Document, Extraction, Skipped

log = logging.getLogger(__name__)

CACHE_DIR = ".cache"     # OUT/.cache
FORMAT = "2"             # bump when the layout or the pickled records change shape
_SUFFIX = ".pickle"

Entry = tuple[Document | Skipped, Extraction | None]


def cache_key(rel_path: str, sha256: str) -> str:
    """The key of a file's entry: its relative path and content, the extractor's and kg's versions."""
    from . import __version__
    from .extract import EXTRACTOR_VERSION

    text = "\0".join((FORMAT, __version__, EXTRACTOR_VERSION, rel_path, sha256))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """Entries read from earlier builds' caches (``sources``) and written into ``folder``.

    Args:
        folder: the cache folder of the build being written (created when missing).
        sources: cache folders of earlier builds to reuse entries from, first found wins;
            folders that do not exist are ignored.
    """

    def __init__(self, folder: Path, sources: Iterable[Path] = ()):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._known: dict[str, Path] = {}
        for source in sources:
            for key, path in _entries(Path(source)):
                self._known.setdefault(key, path)
        self._subs: set[str] = set()
        self.reused = 0

    def __len__(self) -> int:
        """Entries available from the sources."""
        return len(self._known)

    def get(self, key: str) -> Entry | None:
        """The entry of ``key`` from a source, copied into this build's cache; None when there is none."""
        path = self._known.get(key)
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                entry = pickle.load(fh)
            if not _valid(entry):
                raise ValueError("not a cache entry")
        except Exception as exc:   # a damaged or foreign file: extract again
            log.debug("cache entry %s unusable (%s); extracting again", path, exc)
            return None
        target = self.folder / key[:2] / f"{key}{_SUFFIX}"
        if key[:2] not in self._subs:
            target.parent.mkdir(exist_ok=True)
            self._subs.add(key[:2])
        if not target.exists():
            try:
                os.link(path, target)
            except OSError:
                try:
                    shutil.copyfile(path, target)
                except OSError as exc:
                    log.debug("cannot copy cache entry %s: %s", path, exc)
        self.reused += 1
        return entry


def write_entry(folder: Path, key: str, entry: Entry) -> None:
    """Write ``entry`` under ``key`` into the cache folder ``folder`` (atomically: a temporary file
    renamed). Extraction processes call it themselves, so that the main process, which receives
    every result, does not pickle them all a second time."""
    sub = Path(folder) / key[:2]
    sub.mkdir(exist_ok=True)
    target = sub / f"{key}{_SUFFIX}"
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, target)


def _entries(folder: Path) -> Iterable[tuple[str, Path]]:
    """(key, file) of each entry in a cache folder (none when it does not exist)."""
    try:
        subs = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for sub in subs:
        if not sub.is_dir(follow_symlinks=False) or len(sub.name) != 2:
            continue
        try:
            files = list(os.scandir(sub.path))
        except OSError:
            continue
        for f in files:
            if f.name.endswith(_SUFFIX) and f.name.startswith(sub.name):
                yield f.name[: -len(_SUFFIX)], Path(f.path)


def _valid(entry: object) -> bool:
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return False
    record, extraction = entry
    if isinstance(record, Skipped):
        return extraction is None
    return isinstance(record, Document) and isinstance(extraction, Extraction) and extraction.doc == record.id

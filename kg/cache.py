"""The extraction cache: what the read and extract stages made of each file, reused by the next build.

An entry holds one file's record (a slim ``Document``, or ``Skipped``) and its
``Extraction``, pickled, under a key that hashes the file's relative path, its
content (sha256) and a hash of the code and data that read and extract it: a changed
file, a moved one, or a changed reader, rule or word list misses and is read again
(no version to bump by hand). The cache lives in
OUT/.cache, so it is replaced with OUT: each build writes the entries it used
(hard links to the previous ones where possible, new files for the rest) into
its fresh folder, and the entries of deleted or changed files go with the old
OUT. Entries of a killed build's leftover folder can be read too (``sources``).

Entries are written to a temporary name and renamed, so a killed build never
leaves half an entry; an entry that does not load is treated as missing.
Entries are pickles, but loaded by an unpickler that builds nothing but kg's
records (kg/records.py) and plain values: a planted entry cannot run code, it
only fails to load (``load_entry``).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import shutil
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path

from . import records
from .resources import code_digest
from .records import Document, Extraction, Skipped

log = logging.getLogger(__name__)

CACHE_DIR = ".cache"     # OUT/.cache
# what an entry depends on besides its file: the reader, the extractor, their data, the records and this layout
EXTRACTION_CODE = ("read", "extract", "data", "records.py", "terms.py", "resources.py", "cache.py")
_SUFFIX = ".pickle"

Entry = tuple[Document | Skipped, Extraction | None]


def cache_key(rel_path: str, sha256: str) -> str:
    """The key of a file's entry: its relative path and content, and a hash of the code and data that
    read and extract it (``EXTRACTION_CODE``): any change there extracts every file again."""
    text = "\0".join((code_digest(*EXTRACTION_CODE), rel_path, sha256))
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
        entry = load_entry(path)
        if entry is None:
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


# The only classes an entry may name (pickle's plain values need no lookup); ``_valid`` then
# checks that every field holds what its record declares.
_RECORDS = {("kg.records", name): getattr(records, name)
            for name in ("Document", "Sentence", "Skipped", "Extraction", "Entity", "Mention", "Relation",
                         "Quantity")}


class _RecordUnpickler(pickle.Unpickler):
    """An unpickler that makes kg's records and nothing else: no function is ever called by name,
    so a planted pickle cannot run code (it fails to load instead)."""

    def find_class(self, module: str, name: str):
        try:
            return _RECORDS[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not a kg record") from None


def load_entry(path: Path) -> Entry | None:
    """The entry in the file ``path``; None when it does not load or is not a cache entry."""
    try:
        with open(path, "rb") as fh:
            entry = _RecordUnpickler(fh).load()
        if not _valid(entry):
            raise ValueError("not a cache entry")
    except Exception as exc:   # a damaged or foreign file: extract again
        log.debug("cache entry %s unusable (%s); extracting again", path, exc)
        return None
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
    """Whether ``entry`` is a cache entry: records whose every field has its declared type (a
    loadable entry of the wrong shape would fail later in the build). Measured: 0.3 s for the 1,196
    entries of a 10 MB corpus, whose loading takes 0.9 s."""
    if not (type(entry) is tuple and len(entry) == 2):
        return False
    record, extraction = entry
    if type(record) is Skipped:
        return extraction is None and _conforms(Skipped)(record)
    return (_conforms(Document)(record) and _conforms(Extraction)(extraction)
            and extraction.doc == record.id)


@functools.cache
def _conforms(tp) -> Callable[[object], bool]:
    """A test of whether a value has the type ``tp`` (a record class or a field's annotation)."""
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, _conforms(hints[f.name])) for f in dataclasses.fields(tp)]
        return lambda v: type(v) is tp and all(test(getattr(v, name)) for name, test in fields)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _conforms(args[0])
        return lambda v: type(v) is tuple and all(map(item, v))
    if origin is tuple:
        items = [_conforms(a) for a in args]
        return lambda v: type(v) is tuple and len(v) == len(items) and all(t(x) for t, x in zip(items, v))
    if origin in (typing.Union, types.UnionType):
        either = [_conforms(a) for a in args]
        return lambda v: any(t(v) for t in either)
    if tp is type(None):
        return lambda v: v is None
    if tp is float:
        return lambda v: type(v) in (float, int)
    if tp in (str, int):
        return lambda v: type(v) is tp
    raise TypeError(f"no test for {tp!r}")        # a record field of a new type: add it here

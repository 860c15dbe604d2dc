"""``build()``: read -> extract -> resolve -> assemble -> export, in that order.

Reading and extraction run in worker processes (``Settings.jobs``, workers.py), a few
files per task; files whose entry is in the extraction cache (kg/cache.py) are not
read again, and an OUT built from the same inputs is kept as it is (freshness.py). Of
each document the main process keeps only its metadata and the sentences that its
extraction refers to (for provenance), so that memory grows with the graph, not with
the corpus text.

Output is written into a fresh folder beside OUT (outputs.py) and swapped in only when
complete, under a lock; OUT is replaced or removed only when kg can tell it wrote it
(outfolder.py), and the pages kg viz wrote into it are carried over (views.py). The build
says where its files are once they are there: in OUT, never in the work folder.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import CorpusError, ExportError
from ..records import Document, Extraction, Skipped
from ..settings import Settings
from .collector import keep, sparing_collector
from .freshness import fingerprint, inputs_digest, keep_as_is, look_up, up_to_date
from .outfolder import (MARKER, OutputLock, cannot_write, check_out, new_folder, recover, register_output,
                        seal, swap_in)
from .outputs import OUTPUTS, write_outputs
from .views import carry_views, recorded_views, say_carried, stamps
from .workers import read_and_extract

__all__ = ["MARKER", "build", "register_output"]

log = logging.getLogger(__name__)

_MAX_WARNINGS = 20           # skipped files and document warnings logged one by one; the rest are counted
# the writers' own "wrote <file>" lines, which would name the work folder: the build says where its files end up
_WRITERS = ("kg.export", "kg.viz.page")


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
    with OutputLock(out), sparing_collector():
        check_out(out)
        leftovers = recover(out)
        try:
            tmp = new_folder(out)
            carried = None
            try:
                with _quiet(_WRITERS):
                    report = _build_into(tmp, paths, out, leftovers, settings, t0)
                    if report is None:             # OUT is what this build would write
                        shutil.rmtree(tmp, ignore_errors=True)
                        report = keep_as_is(out, t0)
                    else:
                        carried = carry_views(out, tmp, settings)
                        try:
                            seal(tmp, recorded_views(carried))
                        except OSError as exc:
                            raise cannot_write(out.parent, exc) from exc
                        swap_in(tmp, out, stamps(carried))
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        finally:
            for folder in leftovers:
                shutil.rmtree(folder, ignore_errors=True)
    if carried is not None:
        _say_written(out, report, time.perf_counter() - t0)
        say_carried(out, carried)
    return report


def _say_written(out: Path, report: dict, seconds: float) -> None:
    """Where the build's files are, now that OUT is swapped in."""
    names = [str(out / name) for name in OUTPUTS]
    log.info("wrote %s (%d triples), %s and %s in %.1f s", names[0], report["counts"]["triples"],
             ", ".join(names[1:-1]), names[-1], seconds)


@contextlib.contextmanager
def _quiet(loggers: Sequence[str]):
    """The info lines of ``loggers`` left out for the duration (their warnings still show)."""
    saved = {name: logging.getLogger(name).level for name in loggers}
    for name in loggers:
        if logging.getLogger(name).getEffectiveLevel() < logging.WARNING:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _build_into(tmp: Path, paths, out: Path, leftovers: Sequence[Path], settings: Settings, t0: float
                ) -> dict | None:
    """The stages, every output written into the folder ``tmp``; returns the report, or None when
    OUT was built from the same inputs (nothing is written then)."""
    from .. import read, resolve
    from ..cache import CACHE_DIR, ExtractionCache

    timings: dict[str, float] = {}
    max_bytes = int(settings.max_file_mb * 2**20)
    entries = [e for e in read.iter_entries(paths) if not _in_out(e, paths, out)]
    sources = [out / CACHE_DIR, *(folder / CACHE_DIR for folder in leftovers)] if settings.cache else []
    cache = ExtractionCache(tmp / CACHE_DIR, sources)

    # hashing a file is cheap next to extracting it
    fingerprints = {i: fingerprint(entry[0], max_bytes) for i, entry in enumerate(entries)
                    if not isinstance(entry, Skipped)}
    inputs = inputs_digest(entries, fingerprints, settings)
    if settings.cache and up_to_date(out, inputs):
        return None

    results, tasks = look_up(entries, fingerprints, cache)
    extracted = read_and_extract(tasks, results, len(fingerprints), settings, cache.folder)
    timings["read_extract"] = time.perf_counter() - t0
    keep()

    documents, skipped, extractions, reused = _documents(results, extracted)
    del results
    _warn(documents, skipped)
    if not documents:
        raise CorpusError(_nothing_read(paths, skipped))

    t = time.perf_counter()
    entities, relations, quantities = resolve.resolve(extractions, settings.min_confidence)
    del extractions
    timings["resolve"] = time.perf_counter() - t
    keep()
    log.info("resolved %d entities in %.1f s", len(entities), timings["resolve"])
    counts = {"documents_reused": reused, "documents_extracted": len(documents) - reused}
    return write_outputs(tmp, documents, skipped, entities, relations, quantities, settings, t0,
                         counts=counts, timings=timings, inputs=inputs)


def _documents(results: list, extracted: set[int]
               ) -> tuple[list[Document], list[Skipped], list[Extraction], int]:
    """(documents, skipped files, the documents' extractions, how many documents were not
    extracted again), in the order of the listing; a second document of the same id is skipped."""
    from ..read import DUPLICATE_PATH

    documents: list[Document] = []
    skipped: list[Skipped] = []
    extractions: list[Extraction] = []
    ids: set[str] = set()
    reused = 0
    for i, (record, extraction) in enumerate(results):
        if isinstance(record, Skipped):
            skipped.append(record)
        elif record.id in ids:
            skipped.append(Skipped(record.path, DUPLICATE_PATH))
        else:
            ids.add(record.id)
            documents.append(record)
            extractions.append(extraction)
            reused += i not in extracted
    return documents, skipped, extractions, reused


def _in_out(entry, paths, out: Path) -> bool:
    """True for OUT's own files when OUT sits inside the corpus (kg build . -o out): not articles."""
    out = out.resolve()
    if isinstance(entry, Skipped):
        prefixes = tuple(out.relative_to(Path(p).resolve()).as_posix() + "/" for p in paths
                         if Path(p).is_dir() and out.is_relative_to(Path(p).resolve()))
        return bool(prefixes) and entry.path.startswith(prefixes)
    return entry[0].resolve().is_relative_to(out)


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

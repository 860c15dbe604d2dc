"""What a build need not do again: all of OUT, or the extraction of a file.

OUT is kept as it is when its report.json holds the same ``inputs_digest`` (the
files, the settings, kg's own code and data) and its files are as the build left
them (``up_to_date``). Otherwise each file whose entry is in the extraction cache
(kg/cache.py) is not read again (``look_up``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import stat
import time
from pathlib import Path

from .. import __version__
from ..records import Document, Extraction, Skipped
from ..resources import code_digest
from ..settings import Settings
from .collector import KEEP_EVERY, keep
from .outfolder import cannot_write, read_marker, save_json
from .workers import Task

log = logging.getLogger(__name__)

_OUTPUTS = ("graph.ttl", "graph.graphml", "graph.html", "report.json")


def fingerprint(path: Path, max_bytes: int) -> tuple[int, str | None, int]:
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


def inputs_digest(entries: list, fingerprints: dict[int, tuple], settings: Settings) -> str:
    """What a build's outputs depend on, hashed: the files (paths, contents; the reasons of those
    skipped), the settings that change the graph or the page, and kg's own code and data (a kg
    changed in place rebuilds too) and whether Graphviz lays out the page."""
    from ..read import relative_path

    files = []
    for i, entry in enumerate(entries):
        if isinstance(entry, Skipped):
            files.append(["skipped", entry.path, entry.reason])
        else:
            path, root = entry
            files.append([str(root.resolve()), relative_path(path, root), *fingerprints[i]])
    kept = {k: v for k, v in dataclasses.asdict(settings).items() if k not in ("jobs", "cache")}
    layout = shutil.which("sfdp") is not None
    text = json.dumps([__version__, code_digest(), layout, sorted(kept.items()), files], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()    # a root named in GBK



def up_to_date(out: Path, inputs: str) -> bool:
    """True when OUT was built from exactly these inputs and still has all its outputs, its store
    and graph files as the build left them (same size and time: a damaged store is built again)."""
    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not (isinstance(report, dict) and report.get("inputs") == inputs
            and all((out / name).is_file() for name in _OUTPUTS)):
        return False
    files = (read_marker(out) or {}).get("files")
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


def keep_as_is(out: Path, t0: float) -> dict:
    """The report of an OUT kept as it was: every document counted unchanged, this run's time."""
    path = out / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    read = report["counts"]["documents_read"]
    report["counts"].update(documents_reused=read, documents_extracted=0)
    report["unchanged"] = True
    report["seconds"] = round(time.perf_counter() - t0, 3)
    try:
        save_json(path, report)
    except OSError as exc:
        raise cannot_write(out, exc) from exc
    log.info("nothing changed since %s was built (%d documents, same settings and kg): kept it as it was; "
             "--no-cache rebuilds it", out, read)
    return report


def look_up(entries: list, fingerprints: dict[int, tuple], cache
            ) -> tuple[list[tuple[Document | Skipped, Extraction | None] | None], list[Task]]:
    """(results, tasks): the result of each entry that was skipped or is in ``cache`` (an
    ``ExtractionCache``) at its position, None for the others, which are the tasks to extract."""
    from ..cache import cache_key
    from ..read import relative_path

    results: list[tuple[Document | Skipped, Extraction | None] | None] = [None] * len(entries)
    tasks: list[Task] = []
    for i, entry in enumerate(entries):
        if isinstance(entry, Skipped):
            results[i] = (entry, None)
            continue
        path, root = entry
        size, sha256, _ = fingerprints[i]
        key = cache_key(relative_path(path, root), sha256) if sha256 else None
        hit = cache.get(key) if key else None
        if hit is not None:
            results[i] = hit
            if i % KEEP_EVERY == 0:
                keep()
        else:
            tasks.append(Task(i, path, root, size, sha256, key))
    return results, tasks

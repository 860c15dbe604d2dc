"""The read stage: article files -> cleaned ``Document`` records, or ``Skipped`` with the reason why.

``read_file`` is pure (bytes in, record out) so that it can run in worker
processes; it never raises for bad content.  Cleaning keeps the text of the
article and nothing else: front matter becomes metadata, markup is stripped,
a trailing source link becomes ``Document.source``, hard-wrapped lines are
joined back into paragraphs, and paragraphs are split into sentences whose
offsets index ``Document.text``. Every step is linear in the size of the file:
a 50 MB file with no line break is read in seconds, not hours.

The steps, in the order a file meets them: ``files`` (walking the corpus),
``decode`` (bytes to text), ``frontmatter``, ``markup`` (HTML and Markdown to
text), ``sentences`` (paragraphs and sentences), ``document`` (the record).
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import CorpusError
from ..records import Corpus, Document, Skipped
from .decode import SkipFile, decode, plain_text
from .document import build_document
from .files import ARTICLE_SUFFIXES, cannot_read, document_path, iter_entries, iter_files, relative_path
from .frontmatter import shorten
from .sentences import MAX_SENTENCE_CHARS, split_sentences

__all__ = [
    "ARTICLE_SUFFIXES", "MAX_SENTENCE_CHARS",
    "iter_entries", "iter_files", "read_file", "iter_documents", "read_corpus", "relative_path",
    "split_sentences",
]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- one file

def read_file(path: Path, root: Path, max_bytes: int = 64 * 2**20) -> Document | Skipped:
    """Decode, clean and split one file (pure: safe in worker processes).

    Args:
        path: the file.
        root: the corpus folder it was found in; ``Document.path`` is relative to it.
        max_bytes: larger files are skipped without being read.

    Returns:
        The ``Document``, or ``Skipped`` with a plain-English reason; bad
        content never raises.
    """
    path, root = Path(path), Path(root)
    rel, name_warning = document_path(path, root)
    try:
        st = os.stat(path)
    except OSError as exc:
        return Skipped(rel, cannot_read(exc))
    if stat.S_ISDIR(st.st_mode):
        return Skipped(rel, "not a file but a folder")
    if not stat.S_ISREG(st.st_mode):
        return Skipped(rel, "not a regular file")
    if st.st_size == 0:
        return Skipped(rel, "empty file")
    if st.st_size > max_bytes:
        return Skipped(rel, f"too large: {st.st_size / 2**20:.1f} MB > {max_bytes / 2**20:g} MB limit; "
                            f"raise max_file_mb in kg.toml")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(rel, cannot_read(exc))
    if not raw:
        return Skipped(rel, "empty file")
    try:
        sha256 = hashlib.sha256(raw).hexdigest()
        text, encoding, warnings = decode(raw)
        del raw
        text = plain_text(text)
        if name_warning:
            warnings.insert(0, name_warning)
        return build_document(text, rel, path.suffix.lower(), encoding, sha256, warnings)
    except SkipFile as skip:
        return Skipped(rel, skip.reason)
    except Exception as exc:  # pragma: no cover - a safety net, not a code path
        # A bug of the reader must not stop a corpus build: report the file and what happened.
        return Skipped(rel, f"could not be cleaned ({type(exc).__name__}: {shorten(str(exc))}); please report it")


# --------------------------------------------------------------------------- the corpus

def _max_bytes(max_file_mb: float) -> int:
    if not max_file_mb or max_file_mb <= 0:
        raise CorpusError(f"max_file_mb must be a positive number of megabytes, not {max_file_mb!r}; "
                          f"fix it in kg.toml")
    return int(max_file_mb * 2**20)


def iter_documents(paths: Sequence[str | Path], max_file_mb: float = 64.0) -> Iterator[Document | Skipped]:
    """``Document`` or ``Skipped`` for each file under ``paths``, one file in memory at a time."""
    max_bytes = _max_bytes(max_file_mb)
    for entry in iter_entries(paths):
        record = entry if isinstance(entry, Skipped) else read_file(entry[0], entry[1], max_bytes)
        if isinstance(record, Skipped):
            log.info("skipped %s: %s", record.path, record.reason)
        yield record


DUPLICATE_PATH = ("same relative path as a file already read from another folder; "
                  "rename one or build them separately")


def read_corpus(paths: Sequence[str | Path], max_file_mb: float = 64.0) -> Corpus:
    """Every document and skipped file under ``paths``, with each document's encoding.

    Two files with the same relative path (under two folders given) would get
    the same document id: the second is skipped with the reason.

    Raises:
        CorpusError: a path does not exist, or ``max_file_mb`` is not positive.
    """
    documents: dict[str, Document] = {}
    skipped: list[Skipped] = []
    for record in iter_documents(paths, max_file_mb):
        if isinstance(record, Skipped):
            skipped.append(record)
        elif record.id in documents:
            skipped.append(Skipped(record.path, DUPLICATE_PATH))
        else:
            documents[record.id] = record
    docs = tuple(documents.values())
    return Corpus(documents=docs, skipped=tuple(skipped), encodings={d.path: d.encoding for d in docs})

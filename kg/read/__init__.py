"""The read stage: article files -> cleaned ``Document`` records, or ``Skipped`` with the reason why.

``read_file`` is pure (bytes in, record out) so that it can run in worker
processes; it never raises for bad content.  Cleaning keeps the text of the
article and nothing else: front matter becomes metadata, markup is stripped,
a trailing source link becomes ``Document.source``, hard-wrapped lines are
joined back into paragraphs, and paragraphs are split into sentences whose
offsets index ``Document.text``.

Every step is linear in the size of the file: a 50 MB file with no line break
is read in seconds, not hours.

Listing never stops a build either: folders are walked in a loop (any depth),
links to folders are followed once, and a link loop or a folder that cannot be
listed becomes a ``Skipped`` with the reason. Paths are shown as valid UTF-8
(the bytes of a name that is not UTF-8 escaped as ``\\xNN``) in every output.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import CorpusError
from ..records import Corpus, Document, Skipped
from .decode import SkipFile, decode, plain_text
from .markup import is_html_document, is_item, markdown_line, split_links, to_blocks
from .sentences import ITEM_START, MAX_SENTENCE_CHARS, SENTENCE_FINAL, join_paragraphs, split_sentences
from .frontmatter import absolute_url, front_matter, shorten
from .files import ARTICLE_SUFFIXES, cannot_read, document_path, iter_entries, iter_files, relative_path

__all__ = [
    "ARTICLE_SUFFIXES", "MAX_SENTENCE_CHARS",
    "iter_entries", "iter_files", "read_file", "iter_documents", "read_corpus", "relative_path",
    "split_sentences",
]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- one file

def _doc_id(rel: str) -> str:
    return hashlib.sha1(rel.encode("utf-8")).hexdigest()[:16]


_TITLE_NOTE = re.compile(r"[（(][^（）()]{1,6}[）)]$")     # 政府工作报告（节选）, 通知（全文）
_BYLINE = re.compile(r"[□■●◎]|本报|记者|通讯员|新华社|中新网|来源|作者|编辑|文/|图/|[（(]?\d{4}[-/年]")


def _title_line(paragraphs: list[str]) -> str | None:
    """The first line of a plain article when it reads as its headline (short, unpunctuated, not a byline;
    a closing note such as （节选） may follow it)."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    bare = _TITLE_NOTE.sub("", first) or first
    if len(first) > 40 or bare[-1] in SENTENCE_FINAL or ITEM_START.match(first) or _BYLINE.match(first):
        return None
    return " ".join(first.split())


def _build(text: str, rel: str, suffix: str, encoding: str, sha256: str, warnings: list[str]) -> Document:
    meta, body, fm_warnings = front_matter(text)
    warnings.extend(fm_warnings)
    del text
    body, trailing_source = split_links(body)
    html_doc = is_html_document(body, suffix)
    blocks, parser = to_blocks(body, html_doc)
    del body

    md_title = None

    def lines() -> Iterator[tuple[str, bool]]:
        nonlocal md_title
        for block, heading in blocks:
            for line in block.split("\n"):
                if not line or line.isspace():
                    continue
                if not html_doc:
                    # a list item or a table row is a paragraph of its own, never glued to its neighbours
                    item = is_item(line)
                    line, level = markdown_line(line)
                    line = line.strip()
                    if line:
                        if level == 1 and md_title is None:
                            md_title = " ".join(line.split())
                        yield line, heading or level > 0 or item
                else:
                    yield line.strip(), heading

    paragraphs = join_paragraphs(lines())
    if not paragraphs:
        raise SkipFile("no text left after cleaning (only front matter, markup or links)")
    clean = "\n".join(paragraphs)
    spans, at = [], 0
    for paragraph in paragraphs:
        spans.append((at, at + len(paragraph)))
        at += len(paragraph) + 1

    title = meta.title
    if title is None and parser is not None:
        title = parser.title or parser.h1
    if title is None:
        title = md_title or (None if html_doc else _title_line(paragraphs))
    del paragraphs
    date = meta.date
    if date is None and parser is not None:
        date = parser.date
    source = meta.source or trailing_source
    if source is None and parser is not None:
        source = absolute_url(parser.canonical) or absolute_url(parser.og_url)

    return Document(
        id=_doc_id(rel), path=rel, text=clean,
        sentences=split_sentences(clean, spans), paragraphs=tuple(spans),
        title=title, date=date, source=source,
        categories=meta.categories, tags=meta.tags,
        encoding=encoding, sha256=sha256, warnings=tuple(warnings),
    )


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
        return _build(text, rel, path.suffix.lower(), encoding, sha256, warnings)
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

"""One article's plain text -> its ``Document``: body, paragraphs, sentences, title, date and source.

The title is the front matter's, else the page's <title> or first <h1>, else
the first Markdown heading, else a first line that reads as a headline; the
date and the source come from the front matter, else from a trailing link line
or the page's meta tags.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from ..records import Document
from .decode import SkipFile
from .frontmatter import absolute_url, front_matter
from .markup import is_html_document, is_item, markdown_line, split_links, to_blocks
from .sentences import ITEM_START, SENTENCE_FINAL, join_paragraphs, split_sentences


def doc_id(rel: str) -> str:
    """The document id of the file at ``rel`` (its path as ``Document.path`` shows it)."""
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


def build_document(text: str, rel: str, suffix: str, encoding: str, sha256: str, warnings: list[str]) -> Document:
    """The ``Document`` of ``text`` (see ``plain_text``) read from the file at ``rel``.

    ``warnings`` holds those found so far; the front matter's are added to it.

    Raises:
        SkipFile: no text is left once front matter, markup and links are taken off.
    """
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
        id=doc_id(rel), path=rel, text=clean,
        sentences=split_sentences(clean, spans), paragraphs=tuple(spans),
        title=title, date=date, source=source,
        categories=meta.categories, tags=meta.tags,
        encoding=encoding, sha256=sha256, warnings=tuple(warnings),
    )

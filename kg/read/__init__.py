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
import html
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

from ..errors import CorpusError
from ..records import Corpus, Document, Sentence, Skipped
from .decode import SkipFile, clean_text, decode, plain_text
from .frontmatter import absolute_url, front_matter, iso_date, shorten
from .files import ARTICLE_SUFFIXES, cannot_read, document_path, iter_entries, iter_files, relative_path

__all__ = [
    "ARTICLE_SUFFIXES", "MAX_SENTENCE_CHARS",
    "iter_entries", "iter_files", "read_file", "iter_documents", "read_corpus", "relative_path",
    "split_sentences",
]

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
MAX_SENTENCE_CHARS = 1000          # longer runs without a sentence break are cut into chunks
_JOIN_MIN_CHARS = 30               # an unpunctuated paragraph longer than this is a hard-wrapped sentence
_JOIN_MIN_CHARS_WITH_COMMA = 20    # ... or longer than this and holding a clause comma

# Paragraph ends that close a sentence (a paragraph ending otherwise may continue on the next one).
_FINAL = frozenset("。！？!?；;…：:”’」』）).")
# Closing quotes and brackets kept with the sentence they close.
_CLOSERS = "”’」』）)"
# A sentence never starts with these: a break right before one is not taken.
_HEADLINE_GAP = re.compile(r"[\u4e00-\u9fff”》][ \u3000]+[\u4e00-\u9fff“《0-9]")   # prose has no such gap
_NO_START = frozenset("，,、；;：:。！？!?" + _CLOSERS)
# Lines that open a new item (captions ①, list numbers 一、 （一） 1、): never glued to the line before.
_ITEM_START = re.compile(r"[①-⑳㉑-㉟㊱-㊿]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,3}[、.．]\D")


# --------------------------------------------------------------------------- links around the body

_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,300})\]\(\s*<?([^()\s<>]{0,2000})>?(?:\s+[\"'][^\"'\n]{0,300}[\"'])?\s*\)")
_NAV_REST = re.compile(r"[\s|｜/·•>»\-–—]*")
_URL = r"https?://[^\s<>\"'）)】]+"
_AUTOLINK = re.compile(rf"<({_URL})>")
_SOURCE_LINE = re.compile(
    rf"(?:<({_URL})>|({_URL})|(?:原文链接|原文地址|原文网址|原文|阅读原文|来源链接|来源|文章来源|新闻来源|"
    rf"source|original|url|link)\s*[:：]?\s*<?({_URL})>?)", re.I)
_SOURCE_WORDS = re.compile(r"原文|来源|出处|source|original", re.I)
_TRAILER_LINES = 12


def _link_line(line: str) -> tuple[str, str | None] | None:
    """('source', url) / ('nav', None) for a line that is only a link; None for a line of text."""
    s = line.strip()
    if not s or len(s) > 2000:
        return None
    m = _SOURCE_LINE.fullmatch(s)
    if m:
        return "source", next(g for g in m.groups() if g).rstrip(".,;。，；")
    links = list(_MD_LINK.finditer(s))
    if links and _NAV_REST.fullmatch(_MD_LINK.sub("", s)):
        if len(links) == 1 and _SOURCE_WORDS.search(links[0].group(2)) and re.match(_URL, links[0].group(3)):
            return "source", links[0].group(3)
        return "nav", None
    return None


def _split_links(body: str) -> tuple[str, str | None]:
    """Drop navigation lines at the top and bottom; a trailing link line becomes the source."""
    source = None
    lines = body.rsplit("\n", _TRAILER_LINES)
    head = lines.pop(0) if len(lines) > _TRAILER_LINES else None
    keep = len(lines)
    while keep:
        line = lines[keep - 1]
        if line.strip():
            kind = _link_line(line)
            if kind is None:
                break
            if kind[0] == "source" and source is None:
                source = kind[1]
        keep -= 1
    if keep < len(lines):
        body = "\n".join(([head] if head is not None else []) + lines[:keep])
    top = body.split("\n", 5)
    drop = 0
    for line in top[:-1] if len(top) > 5 else top:
        if line.strip() and (_link_line(line) or ("", ""))[0] != "nav":
            break
        drop += 1
    if drop:
        body = "\n".join(top[drop:])
    return body, source


# --------------------------------------------------------------------------- markup

_TAG_NAMES = ("a|abbr|address|article|aside|audio|b|big|blockquote|body|br|button|caption|center|code|"
              "dd|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|"
              "input|label|li|link|main|meta|nav|noscript|ol|option|p|pre|s|script|section|select|small|"
              "source|span|strike|strong|style|sub|sup|svg|table|tbody|td|template|tfoot|th|thead|time|title|"
              "tr|u|ul|video")
_ATTRS = (r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]{0,60}"""
          r"""(?:\s*=\s*(?:"[^"<>]{0,1000}"|'[^'<>]{0,1000}'|[^\s"'=<>`]{1,1000}))?){0,40}""")
# A tag of HTML (known name, attributes that look like HTML's), a comment or a doctype. Candidates
# are found by a cheap pattern first: one big alternation tried at every '<' is slow.
_MARKUP = re.compile(rf"<(?:(?:{_TAG_NAMES}){_ATTRS}\s*/?>|/(?:{_TAG_NAMES})\s*>|!--|!doctype)", re.I)
_MARKUP_CANDIDATE = re.compile(r"<(?:/?([a-zA-Z][a-zA-Z0-9]{0,9})(?=[\s/>])|!--|![dD][oO][cC][tT][yY][pP][eE])")
_TAG_SET = frozenset(re.sub(r"h\[1-6\]", "h1|h2|h3|h4|h5|h6", _TAG_NAMES).split("|"))
_HTML_DOC = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head)\b", re.I | re.S)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_BLOCK_TAGS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption section article "
    "header footer main aside figure figcaption blockquote pre hr address center form fieldset legend "
    "details summary body html".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_DROP_TAGS = frozenset("script style noscript template nav svg object iframe select button".split())
_META_TAGS = frozenset(("meta", "link", "time"))
_HEAD_TAGS = frozenset("title meta link base script style noscript template".split())
_DATE_META = frozenset(("article:published_time", "og:published_time", "pubdate", "publishdate",
                        "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.date"))
_WS_NEWLINE = re.compile(r"[ \t\f\v\r]*\n\s*")


def _has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag, comment or doctype (a bare '<' is not markup)."""
    next_gt = -1
    for m in _MARKUP_CANDIDATE.finditer(text):
        name, start = m.group(1), m.start()
        if name is not None:
            if name.lower() not in _TAG_SET:
                continue
            if next_gt <= start:                  # a tag closes before the next '<' (cheap test first)
                next_gt = text.find(">", start)
                if next_gt < 0:
                    return False
            if text.find("<", start + 1, next_gt) >= 0:
                continue
        if _MARKUP.match(text, start):
            return True
    return False


def _defuse(text: str) -> str:
    """Escape each '<' that opens a construct never closed.

    html.parser rescans the rest of the input for every unclosed comment or
    tag (quadratic on such input); a '<' escaped as ``&lt;`` is read as text.
    One pass, each search resumes where the last ended: linear.
    """
    i = text.find("<")
    if i < 0:
        return text
    n = len(text)
    last_comment_end, last_cdata_end = text.rfind("-->"), text.rfind("]]>")
    next_gt = next_lt = -1
    out: list[str] = []
    at = 0
    while 0 <= i < n:
        if next_lt <= i:
            next_lt = text.find("<", i + 1)
            if next_lt < 0:
                next_lt = n
        if text.startswith("<!--", i) or text.startswith("<![", i):
            end_mark, last_end = ("-->", last_comment_end) if text[i + 2] == "-" else ("]]>", last_cdata_end)
            j = text.find(end_mark, i + 3) if i + 3 <= last_end else -1
            if j >= 0:                            # a whole comment / CDATA section: skip over it
                i = text.find("<", j + 3)
                next_lt = -1
                if i < 0:
                    break
                continue
        else:
            c = text[i + 1:i + 2]
            if not (c.isascii() and (c.isalpha() or c in "/!?")):
                i = next_lt                       # html.parser reads this '<' as text anyway
                continue
            if next_gt <= i:
                next_gt = text.find(">", i + 1)
                if next_gt < 0:
                    next_gt = n
            if next_gt < next_lt:                 # closed before the next '<': a whole tag
                i = next_lt
                continue
        out.append(text[at:i])
        out.append("&lt;")
        at = i + 1
        i = next_lt
    if not out:
        return text
    out.append(text[at:])
    return "".join(out)


def _is_cjk(c: str) -> bool:
    return "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"


def _collapse_newlines(data: str) -> str:
    """HTML whitespace: a line break inside a paragraph is a space, or nothing between two CJK characters."""
    def repl(m: re.Match) -> str:
        before = data[m.start() - 1] if m.start() else ""
        after = data[m.end()] if m.end() < len(data) else ""
        return "" if before and after and _is_cjk(before) and _is_cjk(after) else " "
    return _WS_NEWLINE.sub(repl, data)


class _TextParser(HTMLParser):
    """Collect the text of an HTML document or fragment as blocks, plus its title, canonical URL and date."""

    def __init__(self, document: bool):
        super().__init__(convert_charrefs=True)
        self.document = document          # whole page: newlines inside a block are spaces
        self.blocks: list[tuple[str, bool]] = []   # (text, is a heading)
        self._buf: list[str] = []
        self._heading = False
        self._drop: list[str] = []        # open elements whose content is dropped
        self._in_head = False
        self._pre = 0
        self._title: list[str] | None = None
        self._h1: list[str] | None = None
        self._h1_done = False
        self.title: str | None = None
        self.h1: str | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.date: str | None = None

    def _flush(self):
        if self._buf:
            text = "".join(self._buf)
            if not text.isspace():
                self.blocks.append((clean_text(text), self._heading))
            self._buf = []

    def _end_title(self):
        if self._title is not None:
            self.title = self.title or " ".join("".join(self._title).split()) or None
            self._title = None

    def handle_starttag(self, tag, attrs):
        if self._title is not None and tag in _BLOCK_TAGS:   # a <title> left open
            self._end_title()
        if tag == "head":
            self._in_head = True
            return
        if tag == "body" or (self._in_head and tag not in _HEAD_TAGS):
            self._in_head = False
        if tag in _META_TAGS:
            self._meta(tag, {k.lower(): (v or "") for k, v in attrs})
        if tag == "title":
            self._title = []
            return
        if tag in _DROP_TAGS:
            self._drop.append(tag)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre += 1
            elif tag in _HEADINGS:
                self._heading = True
                if tag == "h1" and not self._h1_done and not self._drop:
                    self._h1 = []

    def _meta(self, tag, attrs):
        if tag == "meta":
            name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            content = attrs.get("content", "").strip()
            if name == "og:url" and content and self.og_url is None:
                self.og_url = content
            elif name in _DATE_META and content and self.date is None:
                self.date = iso_date(content)
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.canonical = self.canonical or attrs.get("href", "").strip() or None
        elif tag == "time" and self.date is None and attrs.get("datetime"):
            self.date = iso_date(attrs["datetime"])

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
            return
        if tag == "title":
            self._end_title()
            return
        if tag in _DROP_TAGS:
            if tag in self._drop:         # close it and anything left open inside it
                del self._drop[len(self._drop) - 1 - self._drop[::-1].index(tag):]
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag in _HEADINGS:
                self._heading = False
                if tag == "h1" and self._h1 is not None:
                    self.h1 = " ".join("".join(self._h1).split()) or None
                    self._h1, self._h1_done = None, self.h1 is not None

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
            return
        if self._drop or self._in_head:
            return
        if self.document and not self._pre and "\n" in data:
            data = _collapse_newlines(data)
        self._buf.append(data)
        if self._h1 is not None:
            self._h1.append(data)

    def close(self):
        super().close()
        self._flush()


# --------------------------------------------------------------------------- lines and paragraphs

_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")
_MD_BULLET = re.compile(r"[ ]{0,3}[-*+][ \t]+")


def _markdown_line(line: str) -> tuple[str, int]:
    """A markdown line as plain text, with its heading level (0: not a heading)."""
    if line[:1] in (" ", "#", ">", "-", "*", "+", "_"):
        m = _MD_HEADING.match(line)
        if m:
            return m.group(2), len(m.group(1))
        if _MD_RULE.match(line):
            return "", 0
        m = _MD_QUOTE.match(line) or _MD_BULLET.match(line)
        if m:
            line = line[m.end():]
    if "](" in line:
        line = _MD_LINK.sub(lambda m: "" if m.group(1) else m.group(2), line)
    if "**" in line:
        line = line.replace("**", "")
    return line, 0


def _glue(left: str, right: str) -> str:
    """What goes between two halves of a hard-wrapped sentence: a space between two Latin words."""
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""


def _continues(paragraph_len: int, last: str, has_comma: bool, nxt: str) -> bool:
    """Whether the paragraph ending in ``last`` is a sentence hard-wrapped onto ``nxt``."""
    if last[-1] in _FINAL or _ITEM_START.match(nxt):
        return False
    if not has_comma and _HEADLINE_GAP.search(last):
        return False    # 长治市重点项目集中开工 48个项目总投资216亿元: a two-part headline, not prose
    if nxt[0] in _NO_START:
        return True
    return paragraph_len > _JOIN_MIN_CHARS or (has_comma and paragraph_len > _JOIN_MIN_CHARS_WITH_COMMA)


def _paragraphs(lines: Iterable[tuple[str, bool]]) -> list[str]:
    """Stripped, non-empty lines -> paragraphs: hard-wrapped sentences joined, headings kept apart."""
    out: list[str] = []
    parts: list[str] = []
    size, comma, hard = 0, False, False
    for line, heading in lines:
        if parts and not hard and not heading and _continues(size, parts[-1], comma, line):
            parts.append(_glue(parts[-1], line))
            parts.append(line)
        else:
            if parts:
                out.append("".join(parts))
            parts, size, comma, hard = [line], 0, False, heading
        size += len(line)
        comma = comma or "，" in line or "," in line
    if parts:
        out.append("".join(parts))
    return out


# --------------------------------------------------------------------------- sentences

# A run of end marks with the closing quotes and brackets after it; whether it ends the sentence
# is decided in split_sentences (one simple character class keeps the scan fast).
_END = re.compile(r"[。！？!?…⋯]+[”’」』）)]*")
_AFTER_ELLIPSIS_NO_BREAK = frozenset("等的之和与及")


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    """Append text[start:end] stripped, cut into chunks of at most MAX_SENTENCE_CHARS."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(c, start + MAX_SENTENCE_CHARS // 2, limit) for c in "；;，,、 ") + 1
        if cut <= start:
            cut = limit
        _emit(text, start, cut, paragraph, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(index=len(out), start=start, end=end, paragraph=paragraph, text=text[start:end]))


def split_sentences(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> tuple[Sentence, ...]:
    """Split each paragraph span of ``text`` into sentences (offsets index ``text``).

    Breaks after 。！？!? and after an ellipsis that ends a clause, keeping
    closing quotes and brackets; never on ；. Runs longer than
    MAX_SENTENCE_CHARS are cut into chunks. ``paragraphs`` defaults to the
    lines of ``text``.
    """
    if paragraphs is None:
        paragraphs, at = [], 0
        for line in text.split("\n"):
            paragraphs.append((at, at + len(line)))
            at += len(line) + 1
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs):
        cut = p_start
        for m in _END.finditer(text, p_start, p_end):
            end = m.end()
            nxt = text[end] if end < p_end else ""
            if nxt in _NO_START:
                continue
            group = m.group()
            if group[0] not in "。！？" and not (marks := group.rstrip(_CLOSERS)).strip("!?…⋯"):
                # no 。！？: an ASCII !? or an ellipsis only
                if "!" in marks or "?" in marks:
                    # ASCII ! and ? end a sentence before a space, a quote, Chinese or the end
                    # (not inside a URL's query string).
                    if len(marks) == len(group) and nxt and nxt.isascii() and not nxt.isspace() \
                            and nxt not in "\"'":
                        continue
                elif len(marks) < 2 or nxt in _AFTER_ELLIPSIS_NO_BREAK:   # … alone, or ……等
                    continue
            if end - cut <= MAX_SENTENCE_CHARS and not text[cut].isspace():
                out.append(Sentence(index=len(out), start=cut, end=end, paragraph=number, text=text[cut:end]))
            else:
                _emit(text, cut, end, number, out)
            cut = end
        if cut < p_end:
            _emit(text, cut, p_end, number, out)
    return tuple(out)


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
    if len(first) > 40 or bare[-1] in _FINAL or _ITEM_START.match(first) or _BYLINE.match(first):
        return None
    return " ".join(first.split())


def _build(text: str, rel: str, suffix: str, encoding: str, sha256: str, warnings: list[str]) -> Document:
    meta, body, fm_warnings = front_matter(text)
    warnings.extend(fm_warnings)
    del text
    body, trailing_source = _split_links(body)

    html_doc = suffix in HTML_SUFFIXES or bool(_HTML_DOC.match(body[:4096]))
    parser = None
    if "<http" in body:
        body = _AUTOLINK.sub(r"\1", body)
    if html_doc or _has_markup(body):
        parser = _TextParser(document=html_doc)
        parser.feed(_defuse(body))
        parser.close()
        blocks = parser.blocks
    else:
        if "&" in body and _ENTITY.search(body):
            body = clean_text(_ENTITY.sub(lambda m: html.unescape(m.group()), body))
        blocks = [(body, False)]
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
                    item = bool(_MD_BULLET.match(line)) or line.lstrip().startswith("|")
                    line, level = _markdown_line(line)
                    line = line.strip()
                    if line:
                        if level == 1 and md_title is None:
                            md_title = " ".join(line.split())
                        yield line, heading or level > 0 or item
                else:
                    yield line.strip(), heading

    paragraphs = _paragraphs(lines())
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

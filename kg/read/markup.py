"""HTML and Markdown to text: markup stripped, navigation links dropped, a trailing source link kept.

HTML is read with html.parser after every '<' that opens a construct never
closed is escaped (html.parser rescans the rest of the input for each one):
linear in the size of the file. Text with no known tag (a bare '<', a
made-up tag) is not read as HTML at all.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .decode import clean_text
from .frontmatter import iso_date

HTML_SUFFIXES = (".html", ".htm")


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


def split_links(body: str) -> tuple[str, str | None]:
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


# --------------------------------------------------------------------------- HTML

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


class TextParser(HTMLParser):
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


def is_html_document(body: str, suffix: str) -> bool:
    """Whether ``body`` is a whole HTML page: by its file's suffix, or a doctype, <html> or <head> on top."""
    return suffix in HTML_SUFFIXES or bool(_HTML_DOC.match(body[:4096]))


def to_blocks(body: str, html_doc: bool) -> tuple[list[tuple[str, bool]], TextParser | None]:
    """``body`` as (text, is a heading) blocks, and the parser that read its markup (None for text
    without tags): autolinks become plain URLs, tags are stripped, entities are decoded."""
    if "<http" in body:
        body = _AUTOLINK.sub(r"\1", body)
    if html_doc or _has_markup(body):
        parser = TextParser(document=html_doc)
        parser.feed(_defuse(body))
        parser.close()
        return parser.blocks, parser
    if "&" in body and _ENTITY.search(body):
        body = clean_text(_ENTITY.sub(lambda m: html.unescape(m.group()), body))
    return [(body, False)], None


# --------------------------------------------------------------------------- Markdown

_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_QUOTE = re.compile(r"[ ]{0,3}>[ \t]?")
_MD_BULLET = re.compile(r"[ ]{0,3}[-*+][ \t]+")


def markdown_line(line: str) -> tuple[str, int]:
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


def is_item(line: str) -> bool:
    """A Markdown list item or table row: a paragraph of its own, never glued to its neighbours."""
    return bool(_MD_BULLET.match(line)) or line.lstrip().startswith("|")

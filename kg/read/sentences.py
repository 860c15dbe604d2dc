"""Paragraphs and sentences: hard-wrapped lines joined back into paragraphs, paragraphs split into sentences.

Sentence offsets index the document's text; a run longer than
``MAX_SENTENCE_CHARS`` without a sentence break is cut into chunks, so that no
rule downstream ever sees an unbounded sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..records import Sentence

MAX_SENTENCE_CHARS = 1000          # longer runs without a sentence break are cut into chunks
_JOIN_MIN_CHARS = 30               # an unpunctuated paragraph longer than this is a hard-wrapped sentence
_JOIN_MIN_CHARS_WITH_COMMA = 20    # ... or longer than this and holding a clause comma

# Paragraph ends that close a sentence (a paragraph ending otherwise may continue on the next one).
SENTENCE_FINAL = frozenset("。！？!?；;…：:”’」』）).")
# Closing quotes and brackets kept with the sentence they close.
_CLOSERS = "”’」』）)"
_HEADLINE_GAP = re.compile(r"[\u4e00-\u9fff”》][ \u3000]+[\u4e00-\u9fff“《0-9]")   # prose has no such gap
# A sentence never starts with these: a break right before one is not taken.
_NO_START = frozenset("，,、；;：:。！？!?" + _CLOSERS)
# Lines that open a new item (captions ①, list numbers 一、 （一） 1、): never glued to the line before.
ITEM_START = re.compile(r"[①-⑳㉑-㉟㊱-㊿]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,3}[、.．]\D")


# --------------------------------------------------------------------------- paragraphs

def _glue(left: str, right: str) -> str:
    """What goes between two halves of a hard-wrapped sentence: a space between two Latin words."""
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""


def _continues(paragraph_len: int, last: str, has_comma: bool, nxt: str) -> bool:
    """Whether the paragraph ending in ``last`` is a sentence hard-wrapped onto ``nxt``."""
    if last[-1] in SENTENCE_FINAL or ITEM_START.match(nxt):
        return False
    if not has_comma and _HEADLINE_GAP.search(last):
        return False    # 长治市重点项目集中开工 48个项目总投资216亿元: a two-part headline, not prose
    if nxt[0] in _NO_START:
        return True
    return paragraph_len > _JOIN_MIN_CHARS or (has_comma and paragraph_len > _JOIN_MIN_CHARS_WITH_COMMA)


def join_paragraphs(lines: Iterable[tuple[str, bool]]) -> list[str]:
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


"""Divisions of the national table (rule ``gazetteer``) and villages (rule ``village``).

Districts are accepted only with an administrative suffix or in a position where a short form cannot
be a common word; which division a same-named mention is is settled later (kg/extract/districts.py).
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import TYPE_CHECKING

from ...records import DISTRICT
from ...resources import read_text
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..span import Span
from .common import ADMIN_SUFFIX

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- districts


# X村 before any character that does not make 村 part of a word (村民, 村级, 村集体); X社区 before a break
VILLAGE_RE = re.compile(r"([\u4e00-\u9fff]{2,5}?)(?:(村)(?![民级委干部集落庄里务镇])|(社区)(?=[、，。；和及为等的\s]))")


def district_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Mentions of divisions: full names always, short forms only when not a common word."""
    sent_text, base, sentence = sent.text, sent.start, sent.index
    g = gazetteer()
    out: list[Span] = []
    for s, e, surface in g.matcher().scan(sent_text):
        cands = g.by_name(surface)
        if not cands:
            continue
        full = any(surface == c.name for c in cands)
        if is_risky(surface) and not (full and ADMIN_SUFFIX.search(surface) and len(surface) >= 3):
            continue
        if not full and len(surface) < 2:
            continue
        head = lx.suffix_of(surface)
        if head and all(c.level == "town" for c in cands) and lx.is_generic(surface[: -len(head)]):
            continue  # 特色产业园区: a zone of the statistical table named by generic words only
        # a short form glued to a following name character is part of another word (宁波东站 is fine,
        # but 北仑人 or 浙江人 too: keep) — only reject when the next token joins it into a known word
        if sent_text[e:e + 1] in ("路", "街", "村", "河", "山", "湖", "站") and not full:
            continue  # a road, street, village or river named after the place
        out.append(Span(base + s, base + e, surface, (DISTRICT,), "gazetteer", sentence,
                        codes=tuple(c.code for c in cands), full=full))
    return out


# a village's name: any column after the town code that ends with 村
_VILLAGE_NAME = re.compile(r"\t([^\t\n]*村)(?=[\t\n]|$)")


@functools.cache
def villages() -> frozenset[str]:
    """Village names (X村) of the national table, loaded the first time a sentence mentions 村.

    One regex over the file's text (splitting its 41k rows into lists first costs twice the time);
    the set is kept between processes (stored.py), named by the text's hash.
    """
    from ..stored import stored

    text = read_text("data", "villages.tsv.gz")
    # (kept as a tuple: marshal writes a frozenset of 220k names six times slower)
    return frozenset(stored("villages", (hashlib.sha256(text.encode()).hexdigest(), _VILLAGE_NAME.pattern),
                            lambda: tuple(set(_VILLAGE_NAME.findall(text)))))


COMMON_VILLAGE = re.compile(r"(乡村|示范村|文明村|重点村|中心村|行政村|自然村|专业村|强村|富村|美丽村|新村|老村)$")


def village_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Villages named X村 that the national table lists (village table) in an enumeration or list."""
    if "村" not in sent.text:
        return []  # (the village table is loaded the first time a sentence mentions 村)
    sent_text, base, sentence, known = sent.text, sent.start, sent.index, villages()
    out = []
    for m in VILLAGE_RE.finditer(sent_text):
        name = m.group(1) + (m.group(2) or m.group(3))
        relaxed = m.group(2) is not None and not re.match(r"[、，。；和及为等的\s]", sent_text[m.end():m.end() + 1])
        # trim leading function/verb characters: 以X村 -> X村
        toks = lx.tokens(sent_text[max(0, m.start() - 6):m.end()])
        s = m.start()
        w0 = max(0, m.start() - 6)
        bounds = {t[1] + w0 for t in toks}
        for cut in range(len(m.group(1))):
            if name[cut:] in known and not (relaxed and (len(name) - cut < 3 or COMMON_VILLAGE.search(name[cut:])
                                                         or m.start() + cut not in bounds)):
                s = m.start() + cut
                name = name[cut:]
                break
        else:
            continue
        out.append(Span(base + s, base + m.end(), name, (DISTRICT,), "village", sentence,
                        village=True))
    return out

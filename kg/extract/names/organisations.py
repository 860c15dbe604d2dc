"""Companies without a head noun: by their context (推动A、B加快上市) and by their name's shape
(a brand of unknown characters + an industry word) (rules ``org:context``, ``org:brand``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import DISTRICT, ORG
from .. import lexicon as lx
from ..span import Span
from ..words import (ADVERBS, AS_WELL_AS, ETC, FUNCTION_WORDS, GOVERNING_VERBS, HASTE_WORDS, MEASURES,
                     ORG_INDUSTRY_WORDS, ORG_PIVOTS, ORG_PIVOT_TRIGGERS, ORG_TRIGGERS, PROJECT_WORD, WITH_WORDS, alt,
                     any_word)
from .common import clauses, is_district_word, rejected, trim

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- organisations by context

ORG_CONTEXT = re.compile(f"({alt(ORG_TRIGGERS)})")
# the items between a governing verb and the trigger (推动A、B加快上市), and the adverb that may end them
ORG_PIVOT = re.compile(f"({alt(ORG_PIVOTS)})(.+?){alt(HASTE_WORDS)}?{alt(ORG_PIVOT_TRIGGERS)}")
_HASTE_END = re.compile(f"({alt(HASTE_WORDS)})$")


@dataclass(slots=True)
class ContextItem:
    """An item between a governing verb and its trigger (推动A、B加快上市: A, B)."""

    item: str
    start: int                            # offset in the document
    taken: list[Span]                     # the names the sentence's shape gave


def org_context_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Companies without a suffix, named as the subject/object of 上市, 签约, 入驻 … in an enumeration
    (rule ``org:context``): ``推动A、B加快上市进程``: A and B are organisations. Each item passes
    CONTEXT_FILTERS."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        if not ORG_CONTEXT.search(ctext):
            continue
        # items between a governing verb and the trigger: split by 、
        m = ORG_PIVOT.search(ctext)
        if not m:
            continue
        items = m.group(2)
        items = _HASTE_END.sub("", items)
        pos = m.start(2)
        for part in items.split("、"):
            a, b = trim(part)
            c = ContextItem(part[a:b], sent.start + c0 + pos + a, reading.taken)
            if not rejected(CONTEXT_FILTERS, c):
                out.append(Span(c.start, c.start + len(c.item), c.item, (ORG,), "org:context", sent.index,
                                label=c.item))
            pos += len(part) + 1
    return out


def reject_odd_length(c: ContextItem) -> bool:
    """推动X、Y公司加快上市: an item of one character, or of more than 20, is no company's name."""
    return not 2 <= len(c.item) <= 20


def reject_generic(c: ContextItem) -> bool:
    """推动重点企业加快上市: generic words name no company."""
    return lx.is_generic(c.item)


def reject_taken(c: ContextItem) -> bool:
    """推动X产业园加快签约: the item starts inside a name already found."""
    return any(t.start <= c.start < t.end for t in c.taken)


def reject_trigger_inside(c: ContextItem) -> bool:
    """推动上市公司加快签约: the item holds a trigger itself (上市, 签约 …): no company's name."""
    return bool(ORG_CONTEXT.search(c.item))


def reject_project(c: ContextItem) -> bool:
    """推动签约项目早落地、早开工: steps of projects, no companies."""
    return PROJECT_WORD in c.item


def reject_verb_lead(c: ContextItem) -> bool:
    """支持新增企业加快投产: an item opening with an adverb, a verb or an adjective names no company."""
    lead = lx.tokens(c.item)[0][0] if c.item else ""
    return lx.tag(lead) in ("d", "v", "vn", "a", "ad")


CONTEXT_FILTERS = (reject_odd_length, reject_generic, reject_taken, reject_trigger_inside, reject_project,
                   reject_verb_lead)


# ---------------------------------------------------------------- organisations by name shape

@dataclass(slots=True)
class Brand:
    """An industry word (农业, 热电) after single characters jieba cannot join into words (a brand)."""

    ctext: str
    toks: list[tuple[str, int, int]]
    k: int                                # the industry word
    j: int                                # the token before the brand (-1: none)
    start: int                            # where the name starts in the clause
    base: int                             # where the clause starts in the document
    taken: list[Span]                     # the names the sentence's shape gave


_ANY_INDUSTRY_WORD = re.compile(any_word(ORG_INDUSTRY_WORDS))   # (a clause without one holds no such token)


def brand_org_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """``[place]`` + an unknown brand (characters jieba cannot join into words) + an industry word,
    standing as a clause's subject or a governing verb's object (rule ``org:brand``): 某某农业获批…,
    推动某地某某热电纳入…. Each candidate passes BRAND_FILTERS, the last against ``reading.taken``.
    """
    out: list[Span] = []
    industry = ORG_INDUSTRY_WORDS
    fw = FUNCTION_WORDS
    for c0, ctext in clauses(sent.text):
        if not _ANY_INDUSTRY_WORD.search(ctext):
            continue  # (no token can be one)
        toks = lx.tokens(ctext)
        for k, (w, s, e) in enumerate(toks):
            if w not in industry:
                continue
            # unknown single characters right before the industry word
            j = k - 1
            while j >= 0 and len(toks[j][0]) == 1 and toks[j][0] not in fw and toks[j][0] not in lx.PUNCT \
                    and not toks[j][0].isascii() and toks[j][0] not in MEASURES:
                j -= 1
            c = Brand(ctext, toks, k, j, toks[j + 1][1], sent.start + c0, reading.taken)
            if rejected(BRAND_FILTERS, c):
                continue
            text = ctext[c.start:e]
            out.append(Span(c.base + c.start, c.base + e, text, (ORG,), "org:brand", sent.index, label=text))
    return out


def reject_brand_length(c: Brand) -> bool:
    """A brand is two or three unknown characters (one is a word's part, four a phrase)."""
    return not 2 <= c.k - 1 - c.j <= 3


def take_place_before(c: Brand) -> None:
    """某地某某热电: a place right before the brand is part of the company's name."""
    if c.j >= 0 and is_district_word(c.toks[c.j][0]):
        c.start = c.toks[c.j][1]
        c.j -= 1


def reject_not_after_break(c: Brand) -> bool:
    """The name must open its clause or follow a verb, a function word or a joint (是某某农业 …)."""
    before = c.toks[c.j][0] if c.j >= 0 else None
    fw = FUNCTION_WORDS
    return not (before is None or before in GOVERNING_VERBS or before in fw
                or before in ADVERBS or before in lx.PUNCT or before in WITH_WORDS or before == AS_WELL_AS)


def reject_not_before_verb(c: Brand) -> bool:
    """The name must close its clause or stand before a verb, an adverb, a time or a joint
    (某某农业获批 …; not 某某农业产品)."""
    toks, k = c.toks, c.k
    after = toks[k + 1][0] if k + 1 < len(toks) else None
    return not (after is None or after in GOVERNING_VERBS or after in ("、", ETC)
                or after in ADVERBS or lx.tag(after) in ("d", "t", "p", "c")
                or lx.tag(after) == "v")


def reject_overlap(c: Brand) -> bool:
    """The candidate overlaps a name already found (a place inside it is fine: the longer name wins)."""
    a, b = c.base + c.start, c.base + c.toks[c.k][2]
    return any(t.start < b and a < t.end and not (a <= t.start and t.end <= b and t.types == (DISTRICT,))
               for t in c.taken)


BRAND_FILTERS = (reject_brand_length, take_place_before, reject_not_after_break, reject_not_before_verb,
                 reject_overlap)

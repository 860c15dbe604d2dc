"""Government bodies, party committees and public institutions named after their division or zone
(rule ``body:<anchor>``).

Chinese administration names a body by the division or zone it serves followed by the body's word:
泾川县委, 平凉市数据局, 甘肃省工业和信息化厅, 崆峒区委宣传部, X高新区党工委, 甘肃省农科院. The finder
reads the words after each division, zone or body the sentence's shape gave (its anchor) up to the last
one that ends a body's name (kg/data/body_words.txt, and the organisation heads that name no company),
and stops at a title (书记, 局长), a verb, a function word or a joint after a body's word (省委和省政府).
The body lies in its anchor (relation rule ``located-by-body-name``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import CLUSTER, DISTRICT, ORG, PARK
from .. import lexicon as lx
from ..divisions import foreign_places, gazetteer
from ..span import Span
from ..words import (ADVERBS, BODY_CHARS, BODY_HEADS, BODY_TITLES, COMMITTEE_CHAR, COMPANY_HEADS, FUNCTION_WORDS,
                     GOVERNING_VERBS, HAN, INSTITUTION_HEADS, ORG_SUFFIXES, PARTY_LEAD, PROVINCE_DEPARTMENT_CHAR,
                     REGISTERED, alt, chars)
from .common import rejected

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading

# the kg:rule of the names this finder gives, before their anchor's kind (body:division, body:zone, body:body)
BODY_RULE = "body:"
DIVISION, ZONE, BODY = "division", "zone", "body"
PROVINCE = "province"   # (the level of a province in the division table)
HOME = "home"           # (the kind of China itself among foreign_places)
# the longest stretch after the anchor that a body's name may take (陕西省 + 乡村振兴和协作交流局)
REACH = 16
# the organisation heads of org_suffixes.txt that name no company (研究院, 协会, 大学 …)
_NOT_COMPANY = tuple(w for w in ORG_SUFFIXES if w not in COMPANY_HEADS and w not in REGISTERED)
# a body's word within reach of the anchor's end: only then are the words after it read
_WITHIN_REACH = re.compile(f"{HAN}{{0,{REACH}}}?(?:{alt(BODY_HEADS, INSTITUTION_HEADS, _NOT_COMPANY)}"
                           f"|[{chars(BODY_CHARS)}])")
_TITLE = re.compile(alt(BODY_TITLES))
# tags of words no body's name holds: adverbs, prepositions, pronouns, numbers, measures, times,
# particles, interjections (jieba's dictionary tags)
_NOT_IN_NAME = frozenset(("d", "p", "r", "m", "q", "t", "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e", "o", "ad"))
_JOINT_TAGS = frozenset(("c",))
# the tags of a division's short form that may anchor a body: a place's name, or unknown to the dictionary
_PLACE_TAGS = frozenset(("ns", ""))


# the lengths of the words that end a body's name (2 to 5 characters)
_HEAD_LENGTHS = tuple(sorted({len(w) for w in (*BODY_HEADS, *INSTITUTION_HEADS, *_NOT_COMPANY) if len(w) > 1}))


@functools.cache
def body_words() -> frozenset[str]:
    """The words that end a body's name: government and party heads, institutions, and the
    organisation heads of org_suffixes.txt that name no company (研究院, 协会, 大学 …; not a verb: 组织)."""
    org = {w for w in _NOT_COMPANY if not lx.tag(w).startswith("v")}
    return frozenset(BODY_HEADS) | frozenset(INSTITUTION_HEADS) | org


@dataclass(slots=True)
class Body:
    """A body's name read after an anchor (a division, a zone or a body the sentence's shape gave)."""

    text: str                  # the sentence
    anchor: Span
    taken: list[Span]          # the names the sentence's shape gave
    kind: str                  # division, zone, body
    a: int                     # the anchor, in the sentence
    b: int
    end: int = 0               # where the body's name ends (in the sentence)
    start: int = 0             # where the body's name starts (the anchor's start, or 中共 before it)
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.text[self.start:self.end]


def body_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Bodies named after their division or zone (rule ``body:<anchor>``): 泾川县委, 平凉市数据局,
    X高新区党工委: after each division, zone or body the sentence's shape gave, the words up to the last
    that ends a body's name; each candidate passes BODY_FILTERS."""
    found: list[Body] = []
    for anchor in reading.taken:
        if anchor.sentence != sent.index:
            continue
        kind = _anchor_kind(anchor)
        if not kind:
            continue
        a, b = anchor.start - sent.start, anchor.end - sent.start
        if not _WITHIN_REACH.match(sent.text, b):
            continue
        c = Body(sent.text, anchor, reading.taken, kind, a, b, start=a)
        c.end = _read_name(sent.text, b)
        if not rejected(BODY_FILTERS, c):
            found.append(c)
    for after in AFTER_BODIES:
        found = after(found)
    return [Span(sent.start + c.start, sent.start + c.end, c.name, (ORG,), f"{BODY_RULE}{c.kind}", sent.index,
                 label=c.name, extra_aliases=c.aliases) for c in found]


def _anchor_kind(sp: Span) -> str:
    """What a name the shape gave is as a body's anchor: a division, a zone (a park), a body or an
    institution (X管委会, 中国科学院: their departments and laboratories are named after them), or none."""
    if DISTRICT in sp.types:
        return DIVISION
    if PARK in sp.types and CLUSTER not in sp.types:
        return ZONE
    if sp.types == (ORG,) and (lx.suffix_of(sp.text) in body_words() or sp.text.endswith(BODY_HEADS)):
        return BODY
    return ""


def _read_name(text: str, b: int) -> int:
    """Where a body's name after ``text[:b]`` ends (``b``: none).

    The words are read one by one: a body's word (管理局, 宣传部, 商务厅, 局) marks an end; the name
    goes on over nouns; it stops at a title (书记, 局长, glued or not: 局局长), a word of another kind
    (a verb of the governing class, an adverb, a function word), or a joint after a body's word
    (省委和省政府)."""
    rest = text[b:b + REACH + 4]
    toks = lx.tokens(rest)
    starts = {s for _, s, _ in toks}
    last, reached = 0, False
    for j, (w, s, e) in enumerate(toks):
        if lx.han_count(w) != len(w):
            break
        if _TITLE.match(w):
            break
        glued = _glued_title(w)
        if glued:
            last = s + glued
            break
        if _ends_body(w) or _body_word_before(rest, e, starts):
            last, reached = e, True
            continue
        tag = lx.tag(w)
        if tag in _JOINT_TAGS:
            if j == 0 or reached:
                break  # 泾川县和…: a list's item; 甘肃省委和省政府: two bodies
            continue  # 工业和信息化厅: a joint inside a department's name
        if w in FUNCTION_WORDS or tag in _NOT_IN_NAME:
            break
        if w in ADVERBS and (j == 0 or reached or tag != "n"):
            break  # (重点 after a noun is one: 量子信息重点实验室)
        if j == 0 and tag.startswith("v") and tag != "vn":
            break  # 嘉鱼县推动…: the division is a clause's subject
        if w in GOVERNING_VERBS and tag != "vn":
            break
        if e > REACH:
            break
    return b + last


def _ends_body(w: str) -> bool:
    """``w`` ends a body's name: a body's word, a department's character alone, or a word of three
    characters or more ending with one (教育局, 商务厅; not 产业布局, 新格局)."""
    if w in body_words() or w in BODY_CHARS:
        return True
    if len(w) < 3 or w[-1] not in BODY_CHARS or lx.tag(w).startswith("v") or _TITLE.search(w):
        return False
    # 产业布局, 新格局: the word ends with a common word (布局) that merely ends like a department's
    # name; but an organisation's name of the dictionary (财政局) is one
    return lx.tag(w) == "nt" or not lx.tokenizer().FREQ.get(w[-2:], 0)


def _body_word_before(rest: str, e: int, starts: set[int]) -> bool:
    """A body's word of several tokens ends at ``e`` (科技 + 小院: 科技小院)."""
    return any(rest[e - n:e] in body_words() for n in _HEAD_LENGTHS if n <= e and e - n in starts)


def is_body_name(name: str) -> bool:
    """``name`` ends with a government body's or a party committee's word (X市科技局, X县委, X海关): the body
    of the division or zone it opens with."""
    return name.endswith(BODY_HEADS) or (len(name) >= 3 and name[-1] in BODY_CHARS and _ends_body(name[-3:]))


def _glued_title(w: str) -> int:
    """The length of a body's word that opens ``w`` before an officer's title (局局长 -> 1, 县委书记 -> 2,
    协会会长 -> 2), or 0."""
    for n in range(len(w) - 1, 0, -1):
        if _ends_body(w[:n]) and _TITLE.fullmatch(w[n:]):
            return n
    return 0


# ---------------------------------------------------------------- the candidate

def reject_no_body_word(c: Body) -> bool:
    """嘉鱼县农业发展迅速: no word after the anchor ends a body's name."""
    return c.end <= c.b


def reject_bare_character(c: Body) -> bool:
    """市局, 县办: a department's character right after the division names no body (but 县委, 市委 do,
    after a division written in full)."""
    word = c.text[c.b:c.end]
    if word not in BODY_CHARS:
        return False
    return not (word == COMMITTEE_CHAR and c.kind == DIVISION and c.anchor.full)


def take_party_lead(c: Body) -> None:
    """中共泾川县委: the Party's name opens the committee's."""
    if c.text[max(0, c.a - len(PARTY_LEAD)):c.a] == PARTY_LEAD:
        c.start = c.a - len(PARTY_LEAD)


def reject_hall_below_province(c: Body) -> bool:
    """平凉苹果种植基地展示厅: 厅 ends a department's name after a province only (X省商务厅); after a city, a
    county or a zone it is a hall."""
    if not c.name.endswith(PROVINCE_DEPARTMENT_CHAR):
        return False
    g = gazetteer()
    return not (c.kind == DIVISION and any(g.get(code).level == PROVINCE for code in (c.anchor.codes or ())))


def reject_national_anchor(c: Body) -> bool:
    """中国气象局: a body named after the whole country is a national ministry or agency (the conventions
    of the gold ignore them), no local body."""
    place = foreign_places().get(c.anchor.text)
    return place is not None and place.kind == HOME


def reject_common_word_anchor(c: Body) -> bool:
    """由X局会同市发展改革委: a division's short form that is a common word (会同, 'jointly') anchors no body;
    a short form anchors one only where the dictionary knows it as a place's name or not at all (泾川政府)."""
    return c.kind == DIVISION and not c.anchor.full and lx.tag(c.anchor.text) not in _PLACE_TAGS


def reject_found_by_shape(c: Body) -> bool:
    """内蒙古自治区呼和浩特经济技术开发区管理委员会: the body's name was found by its head noun after the
    division (呼和浩特…管理委员会); the division before it places it and is no part of it."""
    a0 = c.anchor.start
    end = a0 - c.a + c.end
    return any(t.end == end and t.start > a0 and ORG in t.types for t in c.taken)


BODY_FILTERS = (reject_no_body_word, reject_bare_character, reject_hall_below_province, reject_national_anchor,
                reject_common_word_anchor, reject_found_by_shape, take_party_lead)


# ---------------------------------------------------------------- the bodies of a sentence

def alias_division_chain(found: list[Body]) -> list[Body]:
    """湖北省襄阳市谷城县发展和改革局: read after each division of a chain, the body is named after the
    last (谷城县发展和改革局), the longer names its aliases (as the divisions before a park's name place it)."""
    by_end: dict[int, list[Body]] = {}
    for c in found:
        by_end.setdefault(c.end, []).append(c)
    out = []
    for group in by_end.values():
        last = max(group, key=lambda c: c.start)
        last.aliases = tuple(dict.fromkeys(c.name for c in group if c is not last))
        out.append(last)
    return out


AFTER_BODIES = (alias_division_chain,)

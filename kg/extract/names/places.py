"""Divisions of the national table (rule ``gazetteer``), villages and communities (rule ``village``) and
the places of the world outside the table (rules ``world:<context>``).

Districts are accepted only with an administrative suffix or in a position where a short form cannot
be a common word; which division a same-named mention is is settled later (kg/extract/districts.py).
A place abroad (a country, a city, Hong Kong …) is accepted only as whole words and where its context
makes it a place; its rule says which context did.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import DISTRICT
from ...resources import read_text
from .. import lexicon as lx
from ..divisions import GENERIC_NAME_RISK, ForeignPlace, foreign_matcher, foreign_places, gazetteer, is_risky, risk
from ..span import Span
from ..words import (COMMON_VILLAGES, COMMUNITY_WORD, COUNTRY_MARK, DIVISION_END_CHARS, FOREIGN_AFTER,
                     FOREIGN_DIVISION_SUFFIXES, HAN, LIST_JOINTS, NAMED_AFTER_PLACE, NOT_AFTER_VILLAGE, PLACE_BEFORE,
                     VILLAGE_FOLLOWERS, VILLAGE_WORD, alt, chars)
from .common import ADMIN_SUFFIX, clauses, rejected

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- districts


# X村 before any character that does not make 村 part of a word (村民, 村级, 村集体); X社区 before a break
VILLAGE_RE = re.compile(rf"({HAN}{{2,5}}?)(?:({alt(VILLAGE_WORD)})(?![{chars(NOT_AFTER_VILLAGE)}])|"
                        rf"({alt(COMMUNITY_WORD)})(?=[、，。；{chars(VILLAGE_FOLLOWERS)}\s]))")
# what may follow a village's name when 村 ends it (not 村电商)
_BREAK = re.compile(rf"[、，。；{chars(VILLAGE_FOLLOWERS)}\s]")


@dataclass(slots=True)
class Surface:
    """A surface of the division table found in a sentence, and the divisions it may name."""

    text: str                             # the sentence
    s: int
    e: int
    surface: str
    cands: list                           # the divisions of that name (or short form)
    full: bool                            # written as a division's full name (北仑区, not 北仑)
    before: tuple = ()                    # the divisions of the surface that ends right where this one starts
    anchored: dict | None = None          # the document's risky names anchored so far (Reading.anchored)
    spared: bool = False                  # a risky surface that an ancestor before it (or earlier) anchors


def district_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Mentions of divisions (rule ``gazetteer``): full names always, short forms only when not a common
    word; each surface the table's matcher finds passes DIVISION_FILTERS (a risky one that its ancestor
    anchors: rule ``gazetteer:anchored``)."""
    g = gazetteer()
    out: list[Span] = []
    prev: tuple[int, tuple] = (-1, ())
    for s, e, surface in g.matcher().scan(sent.text):
        cands = g.by_name(surface)
        if not cands:
            continue
        c = Surface(sent.text, s, e, surface, cands, any(surface == d.name for d in cands),
                    prev[1] if prev[0] == s else (), reading.anchored)
        prev = (e, cands)
        if rejected(DIVISION_FILTERS, c):
            continue
        out.append(Span(sent.start + s, sent.start + e, surface, (DISTRICT,),
                        "gazetteer:anchored" if c.spared else "gazetteer", sent.index,
                        codes=tuple(d.code for d in c.cands), full=c.full))
    return out


def spare_after_ancestor(c: Surface) -> None:
    """陇南礼县, 安徽和县 …, then 礼县 alone: a risky full name (a common word's part, 和县 of 市委和县委) written
    right after one of its ancestors is that division, and so is the same name later in the article (it
    names only the divisions so anchored). Short forms are not spared (辽宁振兴 is no 振兴区), unless their
    only risk is that many towns share the name (海南文昌, then 来到文昌: the city the ancestor anchors)."""
    if c.anchored is None or not is_risky(c.surface):
        return
    if not c.full and risk(c.surface) != GENERIC_NAME_RISK:
        return
    g = gazetteer()
    up = {d.code for d in c.before}
    under = [d for d in c.cands if up & {a.code for a in g.ancestors(d.code)}]
    if under:
        c.anchored[c.surface] = tuple(d.code for d in under)
    elif c.surface in c.anchored:
        bounds = {x for t in lx.tokens(c.text) for x in t[1:]}
        if c.s not in bounds or c.e not in bounds:
            return  # 市委和县委: not where words begin and end
    codes = c.anchored.get(c.surface)
    if codes:
        c.cands, c.spared = [g.get(code) for code in codes], True


def reject_risky_short_form(c: Surface) -> bool:
    """A surface that is also a common word (a risky short form: 东方, 开发) counts only as a full name
    with its administrative suffix, of three characters or more (or where an ancestor anchors it)."""
    return is_risky(c.surface) and not c.spared and \
        not (c.full and bool(ADMIN_SUFFIX.search(c.surface)) and len(c.surface) >= 3)


def reject_one_character(c: Surface) -> bool:
    """A short form of one character is no mention (the table's scanner holds no such surface: today this
    rejects nothing)."""
    return not c.full and len(c.surface) < 2


def reject_generic_zone(c: Surface) -> bool:
    """特色产业园区: a zone of the statistical table named by generic words only."""
    head = lx.suffix_of(c.surface)
    return bool(head) and all(d.level == "town" for d in c.cands) and lx.is_generic(c.surface[: -len(head)])


def reject_named_after_place(c: Surface) -> bool:
    """X路, X街, X河, X站: a road, street, village or river named after the place (short forms only)."""
    return c.text[c.e:c.e + 1] in NAMED_AFTER_PLACE and not c.full


DIVISION_FILTERS = (spare_after_ancestor, reject_risky_short_form, reject_one_character, reject_generic_zone,
                    reject_named_after_place)


# a village's or community's name: any column after the town code that ends with 村 or 社区
_VILLAGE_NAME = re.compile(rf"\t([^\t\n]*{alt(VILLAGE_WORD, COMMUNITY_WORD)})(?=[\t\n]|$)")


@functools.cache
def villages() -> frozenset[str]:
    """Village and community names (X村, X社区) of the national table, loaded the first time a sentence
    mentions 村 or 社区.

    One regex over the file's text (splitting its 41k rows into lists first costs twice the time);
    the set is kept between processes (stored.py), named by the text's hash.
    """
    from ..stored import stored

    text = read_text("data", "villages.tsv.gz")
    # (kept as a tuple: marshal writes a frozenset of 220k names six times slower)
    return frozenset(stored("villages", (hashlib.sha256(text.encode()).hexdigest(), _VILLAGE_NAME.pattern),
                            lambda: tuple(set(_VILLAGE_NAME.findall(text)))))


COMMON_VILLAGE = re.compile(f"({alt(COMMON_VILLAGES)})$")


@dataclass(slots=True)
class VillageName:
    """A suffix of an X村 match: the village's name when the table lists it."""

    name: str
    start: int                            # offset in the sentence
    relaxed: bool                         # 村 stands before a character that is no break (X村电商)
    bounds: set[int]                      # token starts around the match
    kind: int = -1                        # where a kind of village that ends the match starts (示范村), or -1
    before_kind: str = ""                 # the word right before that kind


def village_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Villages named X村 and communities named X社区 that the national village table lists (rule
    ``village``): of each match the longest suffix that passes VILLAGE_FILTERS (以X村 -> X村)."""
    if VILLAGE_WORD not in sent.text and COMMUNITY_WORD not in sent.text:
        return []  # (the village table is loaded the first time a sentence mentions 村 or 社区)
    sent_text = sent.text
    out = []
    for m in VILLAGE_RE.finditer(sent_text):
        name = m.group(1) + (m.group(2) or m.group(3))
        relaxed = m.group(2) is not None and not _BREAK.match(sent_text[m.end():m.end() + 1])
        toks = lx.tokens(sent_text[max(0, m.start() - 6):m.end()])
        w0 = max(0, m.start() - 6)
        bounds = {t[1] + w0 for t in toks}
        k = COMMON_VILLAGE.search(name)
        kind = m.start() + k.start() if k else -1
        before_kind = next((t[0] for t in toks if t[2] + w0 == kind), "") if k else ""
        found = next((c for c in (VillageName(name[cut:], m.start() + cut, relaxed, bounds, kind, before_kind)
                                  for cut in range(len(m.group(1))))
                      if not rejected(VILLAGE_FILTERS, c)), None)
        if found is None:
            continue
        out.append(Span(sent.start + found.start, sent.start + m.end(), found.name, (DISTRICT,), "village",
                        sent.index, village=True))
    return out


def reject_unlisted(c: VillageName) -> bool:
    """A name the national village table does not list."""
    return c.name not in villages()


def reject_short_glued(c: VillageName) -> bool:
    """X村电商: where 村 runs on into another word, a name of two characters is too likely a word's part."""
    return c.relaxed and len(c.name) < 3


def reject_common_village(c: VillageName) -> bool:
    """示范村, 美丽村, 新村 before another word (新村建设): a kind of village, not one."""
    return c.relaxed and bool(COMMON_VILLAGE.search(c.name))


def reject_mid_word_glued(c: VillageName) -> bool:
    """Where 村 runs on into another word, the name must start on a token boundary."""
    return c.relaxed and c.start not in c.bounds


def reject_kind_after_modifier(c: VillageName) -> bool:
    """评选一批生态示范村: a kind of village (or its tail: 范村) after a word that qualifies it is no
    village; after a town (草峰镇新村), a break or a word that leads to a place (在新村, 走进新村) it may be
    one."""
    if c.relaxed or c.kind < 0 or c.start < c.kind or not c.before_kind:
        return False  # (before another word: reject_common_village)
    w = c.before_kind
    return not (w[-1] in DIVISION_END_CHARS or w in PLACE_BEFORE or not lx.han_count(w))


VILLAGE_FILTERS = (reject_unlisted, reject_short_glued, reject_common_village, reject_mid_word_glued,
                   reject_kind_after_modifier)


# ---------------------------------------------------------------- the world outside the table

# a list's joints between two places (智利和秘鲁, 台湾、上海)
_PLACE_JOINTS = frozenset(("、", *LIST_JOINTS))
_AFTER = re.compile(alt(FOREIGN_AFTER))
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"
_DASH = "—"
# jieba's dictionary tag of place names
_PLACE_TAG = "ns"
# a division abroad right after its country (智利瓦尔帕莱索市): two to five characters and its suffix
_DIVISION_ABROAD = re.compile(rf"{HAN}{{2,5}}?{alt(FOREIGN_DIVISION_SUFFIXES)}")
# jieba's tags of words no place's name opens with (verbs, prepositions, adverbs, conjunctions, particles,
# pronouns, numerals, measure words, locatives)
_NOT_NAME_TAGS = frozenset(("v", "vn", "p", "d", "c", "u", "r", "m", "q", "f", "a", "ad"))


@dataclass(slots=True)
class Abroad:
    """A name of the world's places (foreign_places) found in a sentence, and what makes it a place."""

    text: str                             # the sentence
    s: int
    e: int
    place: ForeignPlace
    starts: frozenset                     # the sentence's token starts
    ends: frozenset                       # the sentence's token ends
    before: str                           # the token right before the name ('' at the start)
    neighbours: frozenset                 # offsets where another place of the sentence ends or starts
    context: str = ""                     # list | cue | name | home: set by the PLACED steps


def foreign_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Countries, regions and cities outside the national table, and China itself (rules
    ``world:list``, ``world:cue``, ``world:name``, ``world:home``): a name of kg/data/foreign_places.tsv
    (Unicode CLDR) that stands as whole words passes FOREIGN_FILTERS, which say what makes it a place
    (a list of places, a word such as 出口/赴/等国, a name that can be nothing else); its rule names that
    context. 平凉苹果在智利和秘鲁的市场份额 -> 智利, 秘鲁."""
    hits = _foreign_hits(sent.text)
    if not hits:
        return []
    table = foreign_places()
    text = sent.text
    neighbours: frozenset = frozenset()
    out: list[Span] = []
    for s, e, surface in hits:
        starts, ends, before = _words_around(text, s, e)
        if not neighbours and ((s > 1 and text[s - 1] in _PLACE_JOINTS) or (e + 1 < len(text) and
                                                                            text[e] in _PLACE_JOINTS)):
            neighbours = frozenset(x for a, b, _ in hits + gazetteer().matcher().scan(text) for x in (a, b))
        c = Abroad(text, s, e, table[surface], starts, ends, before, neighbours)
        if rejected(FOREIGN_FILTERS, c):
            continue
        out.append(Span(sent.start + s, sent.start + e, surface, (DISTRICT,), f"world:{c.context}", sent.index))
    return out


def _words_around(text: str, s: int, e: int) -> tuple[frozenset, frozenset, str]:
    """Token starts and ends (sentence offsets) of the clause that holds ``text[s:e]``, and the word right
    before it (the clause's tokens are those the other finders read: jieba runs on it once)."""
    c0, ctext = next((c for c in clauses(text) if c[0] <= s and e <= c[0] + len(c[1])), (0, text))
    toks = lx.tokens(ctext)
    starts = frozenset(t[1] + c0 for t in toks)
    ends = frozenset(t[2] + c0 for t in toks)
    before = next((t[0] for t in toks if t[2] + c0 == s), "")
    return starts, ends, before


@functools.lru_cache(maxsize=1024)
def _foreign_hits(text: str) -> list[tuple[int, int, str]]:
    """The names of foreign_places in a sentence (kept: both finders of this section read them)."""
    return foreign_matcher().scan(text)


def reject_mid_word(c: Abroad) -> bool:
    """沿海地区, 增加纳税: a name must start and end where words do (not 海地 in 沿海地区, 加纳 in 增加纳税)."""
    return c.s not in c.starts or c.e not in c.ends


def reject_inside_quoted_name(c: Abroad) -> bool:
    """“中国茶都”, “日本制造”: a place inside a quoted name that holds more than it is part of that name (a
    quoted name: no clause's punctuation inside; a quoted speech is no name)."""
    opened = c.text.rfind(_OPEN_QUOTE, 0, c.s)
    if opened < 0 or c.text.rfind(_CLOSE_QUOTE, opened, c.s) >= 0:
        return False
    closed = c.text.find(_CLOSE_QUOTE, c.e)
    return closed >= 0 and (opened + 1, closed) != (c.s, c.e) and \
        not lx.CLAUSE_BREAK.search(c.text, opened, closed) and _OPEN_QUOTE not in c.text[c.e:closed]


def reject_dash_joined(c: Abroad) -> bool:
    """中国—东盟信息港, 中国—中亚峰会: a place joined by one dash to another word is part of a compound name
    (the two sides of a partnership), no mention of its own."""
    return (c.e + 1 < len(c.text) and c.text[c.e] == _DASH and lx.han_count(c.text[c.e + 1])) or \
        (c.s > 1 and c.text[c.s - 1] == _DASH and lx.han_count(c.text[c.s - 2]))


def placed_by_list(c: Abroad) -> None:
    """台湾、兰州、白银等地, 智利和秘鲁: a name listed beside another place (a division or a place
    abroad, joined by 、/和/及/与) is a place."""
    if c.context:
        return
    if (c.s > 1 and c.text[c.s - 1] in _PLACE_JOINTS and c.s - 1 in c.neighbours) or \
            (c.e + 1 < len(c.text) and c.text[c.e] in _PLACE_JOINTS and c.e + 1 in c.neighbours):
        c.context = "list"


def placed_by_cue(c: Abroad) -> None:
    """出口秘鲁, 在曼谷, 与智利, 秘鲁等国, 智利市场: a word before (going to, coming from, selling to) or
    after (等国, 市场, 籍) that makes the name a place."""
    if not c.context and (c.before in PLACE_BEFORE or _AFTER.match(c.text, c.e)):
        c.context = "cue"


def placed_by_name(c: Abroad) -> None:
    """美国, 乌兹别克斯坦, 台湾, 中国 alone: a name that can be nothing but the place: China itself (rule
    ``world:home``), Hong Kong, Macao, Taiwan, a country named X国 or of three characters or more, or a
    name jieba's dictionary tags as a place's (秘鲁, 纽约). A city of another name needs a cue."""
    if c.context:
        return
    p = c.place
    if p.kind == "home":
        c.context = "home"
    elif p.kind == "region" or lx.tag(p.name) == _PLACE_TAG or \
            (p.kind == "country" and (len(p.name) >= 3 or p.name.endswith(COUNTRY_MARK))):
        c.context = "name"


def reject_without_context(c: Abroad) -> bool:
    """帕尔默, 达尔文 alone: a name no context makes a place (a person's name, a word) is no mention."""
    return not c.context


FOREIGN_FILTERS = (reject_mid_word, reject_inside_quoted_name, reject_dash_joined, placed_by_list, placed_by_cue,
                   placed_by_name, reject_without_context)


def divisions_after_country(sent: Sentence, reading: Reading) -> list[Span]:
    """智利瓦尔帕莱索市, 德国巴伐利亚州: a name of two to five characters with 市/省/州 right after a country's
    name is a division abroad (rule ``abroad:after-country``); it must end where a word does, and open with
    no verb, preposition, adverb or function word (not 美国企业在华设市…)."""
    hits = [h for h in _foreign_hits(sent.text) if foreign_places()[h[2]].kind == "country"]
    if not hits:
        return []
    out = []
    for s, e, _ in hits:
        m = _DIVISION_ABROAD.match(sent.text, e)
        if m is None:
            continue
        c0, ctext = next((c for c in clauses(sent.text) if c[0] <= s and m.end() <= c[0] + len(c[1])), (0, sent.text))
        toks = lx.tokens(ctext)
        ends = {t[2] + c0 for t in toks}
        first = next((t[0] for t in toks if t[1] + c0 == e), None)
        if e not in ends or m.end() not in ends or first is None or lx.tag(first) in _NOT_NAME_TAGS:
            continue
        out.append(Span(sent.start + e, sent.start + m.end(), m.group(), (DISTRICT,), "abroad:after-country",
                        sent.index))
    return out

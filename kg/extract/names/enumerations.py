"""Items of a list typed by their shared head noun: A、B、C等N个X; 培育A、B、C3个X (rule ``enumeration:<types>``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...terms import CLUSTER, ORG, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..span import Span
from ..words import (AND, AREA_CHAR, CLUSTER_TERMS, CN_DIGITS, DOMAIN_HEADS, DOMAIN_LEADS, DOMAIN_WORDS, ETC,
                     FUNCTION_WORDS, LIST_COUNTERS, LIST_CULTIVATION_VERBS, LIST_INDUSTRY_HEADS, LIST_JOINTS,
                     LIST_ORG_HEADS, LIST_PARK_HEADS, PARK_LIKE_ENDS, PLACE_AFTER_LIST, PLACE_IN_LIST_HEAD, PROCESS,
                     PROGRAMME_WORDS, PROJECT_WORD, RESIDENTIAL_LEADS, SECTOR_WORD, TOWN_LIKE_ENDS, TYPE_MARK,
                     VAGUE_COUNTS, WITH, alt, chars)
from .common import (LEVEL_LEAD, NOT_INDUSTRY_LEAD, balanced, clauses, company_lead, left_edge, noun_phrase, only_a_place,
                     rejected, strip_phase, trim, verb_stop)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


_TOWN_LIKE = re.compile(f"{alt(TOWN_LIKE_ENDS)}$")


# ---------------------------------------------------------------- enumerations

HEADS = [
    # (regex of the shared head noun after the last item, types of the items); the first that
    # matches wins, so 等“八大产业”项目 is a list of projects, not of industries
    (re.compile(f"^(?:[^，。；、]{{0,10}}?)(?<!{alt(PROGRAMME_WORDS)}){alt(PROJECT_WORD)}"), (PROJECT,)),
    (re.compile(f"^(?:(?!{alt(DOMAIN_HEADS)})[^，。；、]){{0,10}}?{alt(LIST_PARK_HEADS)}"), (PARK,)),
    (re.compile(f"^(?:[^，。；、]{{0,10}}?){alt(LIST_ORG_HEADS)}"), (ORG,)),
    (re.compile(f"^(?:[^，。；、]{{0,8}}?){alt(LIST_INDUSTRY_HEADS)}"), (CLUSTER,)),
]
COUNT_TAIL = re.compile(f"{alt(ETC)}?(?:[0-9{chars(CN_DIGITS)}]+{alt(LIST_COUNTERS)}|{alt(VAGUE_COUNTS)})")
DOMAIN = re.compile(f"{alt(DOMAIN_LEADS)}?{alt(DOMAIN_WORDS)}")
CULTIVATE_LEAD = re.compile(f"({alt(LIST_CULTIVATION_VERBS)})")
# where a list's shared head may follow: 等, or a count (3个, 五大) after a character that is no digit
LIST_END = re.compile(rf"{alt(ETC)}|(?<=[^\d０-９])(?=[0-9{chars(CN_DIGITS)}]+{alt(LIST_COUNTERS)})")
_PLACE_WORD = re.compile(alt(PLACE_IN_LIST_HEAD))
_PLACE_AFTER = re.compile(alt(PLACE_AFTER_LIST))
_HEAD_WORD = re.compile(f"({alt(LIST_PARK_HEADS)})$")
_PARK_LIKE = re.compile(f"({alt(PARK_LIKE_ENDS)}|[^{chars(RESIDENTIAL_LEADS)}]{alt(AREA_CHAR)})$")
_NOTHING = re.compile("")   # (an empty match: a domain word heads the list, no head noun)
_ETC_END = re.compile(f"{alt(ETC)}$")   # (the list's last part: 等 after it is no part of its item)
_NUMBER_OR_KIND = re.compile(f"[0-9]|{alt(TYPE_MARK)}$")   # 到2025年, 劳动密集型: no industry


def _common_nouns(item: str) -> bool:
    """``item`` is made of frequent dictionary nouns only (手机, 平板电脑; a rarer word made of two, 人力资源 =
    人力 + 资源, 金融服务): a kind of thing, not a name."""
    tk = lx.tokenizer()

    def frequent(w: str, tags: tuple[str, ...] = ("n",)) -> bool:
        return lx.tag(w) in tags and tk.FREQ.get(w, 0) >= 300

    def two_nouns(w: str) -> bool:
        return not lx.tag(w) and w not in CLUSTER_TERMS \
            and any(frequent(w[:k]) and frequent(w[k:], ("n", "vn")) for k in range(2, len(w) - 1))

    return all(frequent(w) or two_nouns(w) for w, _, _ in lx.tokens(item))


@dataclass(slots=True)
class Listing:
    """A list's end (等, or a count: 3个, 五大) in a clause, the head noun after it, and its items."""

    ctext: str
    m: re.Match                           # the list's end
    tail: re.Match | None                 # the count after it (等3个, 五大)
    rest: str                             # the clause after the list's end and count
    types: tuple[str, ...] = ()           # what the items are, as the shared head says
    hm: re.Match | None = None            # the shared head (an empty match where a domain word heads it)
    parts: list[str] = field(default_factory=list)   # the text before the end, split at 、
    starts: list[int] = field(default_factory=list)  # where each part starts in the clause
    staged: bool = False                  # a part is a stage of a chain (研发、生产、应用)
    items: list[tuple[int, str]] = field(default_factory=list)       # (start in the clause, item)
    companies: list[tuple[int, str]] = field(default_factory=list)   # companies that opened an item


@dataclass(slots=True)
class Item:
    """One item of a list, grown leftwards over its part (a part that stops before its start holds
    the list's first item)."""

    listing: Listing
    part: str
    toks: list[tuple[str, int, int]]
    s: int                                # where the item starts in its part
    item: str = ""
    i_start: int = 0                      # where it starts in the clause
    first: bool = False                   # the growth stopped inside the part: the list's first item


def enumeration_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Items of ``A、B、C等N个X`` / ``培育A、B、C3个X`` typed by their shared head noun X: LIST_HEADS say
    what the items are, LIST_FILTERS check the list, each item grows (ITEM_GROWTH) and passes
    ITEM_FILTERS, the items together pass AFTER_ITEMS."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        for m in LIST_END.finditer(ctext):
            tail = COUNT_TAIL.match(ctext, m.start())
            lst = Listing(ctext, m, tail, ctext[tail.end() if tail else m.end():])
            if not any(head(lst) for head in LIST_HEADS):
                continue
            lst.parts = ctext[: m.start()].split("、")
            pos = 0
            for part in lst.parts:
                lst.starts.append(pos)
                pos += len(part) + 1
            if rejected(LIST_FILTERS, lst):
                continue
            lst.staged = any(p.strip() in PROCESS for p in lst.parts)
            lst.items = _items(lst)
            if rejected(AFTER_ITEMS, lst):
                continue
            out += _spans(lst, sent.start + c0, sent.index)
    return out


def _items(lst: Listing) -> list[tuple[int, str]]:
    """The items from the right: each grows leftwards over its part; a rejected item is skipped, and
    the list ends at its first item (kept or not: but see ``reject_odd_size``)."""
    found: list[tuple[int, str]] = []
    for n in range(len(lst.parts) - 1, -1, -1):
        part, p_start = lst.parts[n], lst.starts[n]
        if n == len(lst.parts) - 1:
            part = _ETC_END.sub("", part)
        toks = lx.tokens(part)
        if not toks:
            break
        it = Item(lst, part, toks, left_edge(toks, len(toks) - 1, 0))
        if it.s >= len(part):
            break
        for grow in ITEM_GROWTH:
            grow(it)
        it.first = it.s > 0
        a, b = trim(part[it.s:])
        it.item, it.i_start = part[it.s:][a:b], p_start + it.s + a
        failed = next((f for f in ITEM_FILTERS if f(it)), None)
        if failed is None:
            found.append((it.i_start, it.item))
        elif not (it.first and failed not in GOES_ON_PAST_FIRST):
            continue
        if it.first:
            break
    found.reverse()
    return found


def _spans(lst: Listing, base: int, sentence: int) -> list[Span]:
    """The companies that opened items, then the items typed by the list's head (a park's head noun
    kept for items named without it: 康养 of 康养、文旅等片区)."""
    types = lst.types
    out = [Span(base + s, base + s + len(c), c, (ORG,), "enumeration:company", sentence, label=c)
           for s, c in lst.companies]
    head_word = _HEAD_WORD.search(lst.rest[: len(lst.hm.group(0))])
    for i_start, item in lst.items:
        item_types = lx.types_of(item) or types
        if types == (PROJECT,) and lx.types_of(item):
            item_types = tuple(dict.fromkeys(lx.types_of(item) + (PROJECT,)))
        elif types == (PROJECT,) and _PARK_LIKE.search(item):
            item_types = (PARK, PROJECT)  # 某某模具园, 某某科创区 listed among projects
        if types == (CLUSTER,):
            item_types = (CLUSTER,)
        label = LEVEL_LEAD.sub("", item) if types == (CLUSTER,) else item
        item_head = None
        if head_word and types == (PARK,) and not lx.types_of(item) and head_word.group(1) != SECTOR_WORD:
            item_head = head_word.group(1)
        name, phase = strip_phase(label)
        out.append(Span(base + i_start, base + i_start + len(item), item, item_types,
                        f"enumeration:{'/'.join(types)}", sentence, label=name, phase=phase, head=item_head))
    return out


# ---------------------------------------------------------------- what the list's head says

def head_noun_after_list(lst: Listing) -> bool:
    """等3个项目, 等五大片区, 等企业, 等两大产业集群: the first head of HEADS that follows the list types
    its items (an industry's head before a park's or a project's word heads no list of industries)."""
    for n, (rx, t) in enumerate(HEADS):
        hm = rx.match(lst.rest)
        if hm:
            if t == (CLUSTER,) and (_PLACE_WORD.search(hm.group(0)) or _PLACE_AFTER.match(lst.rest[hm.end():])):
                continue
            if t == (PARK,):   # 等知名企业总部或基地, 等园区重点企业: the listed things are the companies
                org = HEADS[n + 1][0].match(lst.rest)
                if org:
                    hm, t = org, HEADS[n + 1][1]
            lst.hm, lst.types = hm, t
            return True
    return False


def domains_after_cultivation(lst: Listing) -> bool:
    """聚焦A、B、C等领域: industries, when a cultivation verb governs the list."""
    ctext, m = lst.ctext, lst.m
    if DOMAIN.match(lst.rest) and "、" in ctext[: m.start()] and CULTIVATE_LEAD.search(ctext[: m.start()]):
        lst.types, lst.hm = (CLUSTER,), _NOTHING.match(lst.rest)
        return True
    return False


# ---------------------------------------------------------------- the list

def reject_single_item(c: Listing) -> bool:
    """X3个项目 with one item (and no 等): only clusters are safe (reject_too_few_items would reject such a
    list as well: this filter only spares growing its item)."""
    return len(c.parts) == 1 and c.m.group(0) != ETC and c.types != (CLUSTER,)


def split_last_two_industries(c: Listing) -> None:
    """数字经济和职业教育五大产业, 新材料与电子信息两大产业集群: the last item is two, joined by 和/与."""
    if c.types == (CLUSTER,) and (len(c.parts) >= 2 or c.tail):
        last = c.parts[-1]
        cut = max(last.rfind(AND), last.rfind(WITH))
        if cut >= 2 and len(last) - cut > 2:   # (a generic half is dropped as an item: reject_generic_item)
            c.parts[-1:] = [last[:cut], last[cut + 1:]]
            c.starts.append(c.starts[-1] + cut + 1)


# ---------------------------------------------------------------- each item

def join_conjoined_industry(it: Item) -> None:
    """汽车及零部件, 电子信息与软件: one industry joined by a conjunction (the item grows over it)."""
    part, toks, s = it.part, it.toks, it.s
    if it.listing.types == (CLUSTER,) and s >= 3 and part[s - 1] in LIST_JOINTS:
        k = next((n for n, t in enumerate(toks) if t[1] == s - 1), None)
        s2 = left_edge(toks, k - 1, 0) if k else s
        if s2 < s - 2 and not lx.is_generic(part[s2:s - 1]) and not verb_stop(part[s2:s - 1]):
            it.s = s2


def join_brand_character(it: Item) -> None:
    """即达、陇鑫智能等企业: a company's item of one character after a function word's character that opens
    its part is a brand of two (the character is the brand's: 即达, not 达)."""
    part, s = it.part, it.s
    if it.listing.types == (ORG,) and s == 1 and len(part) == 2 and part[0] in FUNCTION_WORDS:
        it.s = 0


def drop_process_stages(it: Item) -> None:
    """机器人研发、生产、应用产业链 -> 机器人: a stage of the chain after an industry, in a list of stages
    (but 家具设计、家居电商 are industries)."""
    if it.listing.types == (CLUSTER,):
        for w in PROCESS:
            if it.listing.staged and it.item.endswith(w) and len(it.item) > len(w):
                it.item = it.item[: -len(w)]


def trim_leading_place(it: Item) -> None:
    """上海汽车零部件, 到2025年新材料: a province's or city's name, a time, a stage (下游) or a region
    (沿海地区) before an industry is no part of it."""
    if it.listing.types == (CLUSTER,):
        other = NOT_INDUSTRY_LEAD.match(it.item)
        lead = _leading_place(it.item) or (other.end() if other else 0)
        if lead:
            it.item, it.i_start = it.item[lead:], it.i_start + lead


def reject_stage_number_or_place(it: Item) -> bool:
    """到2025年八大产业集群 (a time), 劳动密集型 (a kind of industry), 研发 (a stage), 新疆 (a place alone):
    no industry."""
    return it.listing.types == (CLUSTER,) and bool(
        it.item in PROCESS or _NUMBER_OR_KIND.search(it.item) or only_a_place(it.item))


def reject_not_noun_phrase(it: Item) -> bool:
    """重点发展15个战略性产业集群, 聚焦五大产业生态圈: an industry of the list is a noun phrase by its parts of
    speech (not 发展, 聚焦: a verb alone; ``common.noun_phrase``)."""
    name = LEVEL_LEAD.sub("", it.item)   # (千亿级新能源汽车: the level is dropped from its name)
    return it.listing.types == (CLUSTER,) and bool(name) and not noun_phrase(name)


def reject_odd_size(it: Item) -> bool:
    """An item of one character or of more than 30, or with an unbalanced bracket (or nothing left).

    Unlike the other item filters, the list does not end when this one rejects its first item: the
    parts before it are read as items too (GOES_ON_PAST_FIRST).
    """
    item = it.item
    return not item or len(item) < 2 or len(item) > 30 or not balanced(item)


def reject_town_like(it: Item) -> bool:
    """推进A乡、B镇三个示范基地建设: the places of the things, not their names."""
    return it.listing.types != (CLUSTER,) and bool(_TOWN_LIKE.search(it.item)) and lx.han_count(it.item) <= 6


def reject_common_nouns(it: Item) -> bool:
    """手机、平板电脑等终端企业: kinds of products, not companies."""
    return it.listing.types == (ORG,) and _common_nouns(it.item)


def reject_domain_of_bodies(it: Item) -> bool:
    """新材料、生物医药等3个重点实验室: the fields of the bodies (known industries), not their names."""
    return it.listing.types == (ORG,) and it.item in CLUSTER_TERMS


def reject_generic_item(it: Item) -> bool:
    """重点、特色等产业: generic words, fewer than two Chinese characters, or a clause's punctuation."""
    item = it.item
    return lx.is_generic(item) or lx.han_count(item) < 2 or any(ch in item for ch in "，。；：")


# ---------------------------------------------------------------- the items together

def reject_too_few_items(c: Listing) -> bool:
    """A, B两个基地 with one item left: a list needs two items, unless 等 ends it or its items are industries."""
    return len(c.items) < (1 if c.m.group(0) == ETC or c.types == (CLUSTER,) else 2)


def split_leading_companies(c: Listing) -> None:
    """A有限公司年产N吨X项目、B有限公司Y项目等N个项目: the companies are names of their own."""
    if c.types != (PROJECT,):
        return
    for n, (i_start, item) in enumerate(c.items):
        head = lx.suffix_of(item)
        cut = company_lead(item[: len(item) - len(head)], head) if head else 0
        if cut:
            c.companies.append((i_start, item[:cut]))
            c.items[n] = (i_start + cut, item[cut:])


LIST_HEADS = (head_noun_after_list, domains_after_cultivation)
LIST_FILTERS = (reject_single_item, split_last_two_industries)
ITEM_GROWTH = (join_conjoined_industry, join_brand_character)
ITEM_FILTERS = (drop_process_stages, trim_leading_place, reject_stage_number_or_place, reject_not_noun_phrase,
                reject_odd_size,
                reject_town_like, reject_common_nouns, reject_domain_of_bodies, reject_generic_item)
GOES_ON_PAST_FIRST = (reject_odd_size,)
AFTER_ITEMS = (reject_too_few_items, split_leading_companies)


def _leading_place(item: str) -> int:
    """Length of a province's or city's name (short or full) opening an industry item, or 0."""
    place = gazetteer().matcher().match(item[:8])
    if place and len(item) - len(place) >= 3 and any(
            d.level in ("province", "city") for d in gazetteer().by_name(place)) and not is_risky(place):
        return len(place)
    return 0

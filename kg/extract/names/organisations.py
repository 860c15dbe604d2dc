"""Companies without a head noun: by their context (推动A、B加快上市; X董事长; 以A、B为龙头; A、B等企业) and by
their name's shape (a brand of unknown characters + an industry word) (rules ``org:context``,
``org:officer``, ``org:lead-list``, ``org:listed``, ``org:brand``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import DISTRICT, ORG
from .. import lexicon as lx
from ..span import Span
from ..words import (ADVERBS, AS_WELL_AS, BRAND_CHARS, CLUSTER_HEADS, CLUSTER_TERMS, ETC, FUNCTION_WORDS,
                     GOVERNING_VERBS, GROUP_WORD, HASTE_WORDS, INDUSTRY_TAILS, LEAD_CHARS, LEAD_LIST_ROLES, LIST_JOINTS,
                     LIST_ORG_HEADS, MEASURES, OFFICER_DEPARTMENTS, OFFICER_TITLES, ORG_INDUSTRY_WORDS, ORG_PIVOTS,
                     ORG_PIVOT_TRIGGERS, ORG_TRIGGERS, PROJECT_WORD, REGISTERED, TRADE_MARK, WEI, WITH_WORDS, YI, alt,
                     any_word, chars)
from .common import bad_lead, brand_char, clauses, is_district_word, only_a_place, rejected, trim

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
    k: int                                # the industry word (its last token)
    j: int                                # the token before the brand (-1: none)
    start: int                            # where the name starts in the clause
    base: int                             # where the clause starts in the document
    taken: list[Span]                     # the names the sentence's shape gave
    k0: int = -1                          # the industry word's first token (k0 < k: written in characters)
    rare: bool = False                    # the brand holds a word the dictionary barely knows

    def __post_init__(self) -> None:
        if self.k0 < 0:
            self.k0 = self.k

    @property
    def rule(self) -> str:
        return "org:brand" + ("-trade" if self.k0 < self.k else "-rare" if self.rare else "")


_ANY_INDUSTRY_WORD = re.compile(any_word(ORG_INDUSTRY_WORDS | {TRADE_MARK}))   # (a clause without one holds none)


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
            k0 = _industry_word_at(toks, k)
            if k0 is None:
                continue
            # unknown single characters (or a word jieba barely knows) right before the industry word
            j, rare = k0 - 1, False
            while j >= 0:
                t = toks[j][0]
                if len(t) == 1 and (t not in fw or brand_char(toks, j)) and t not in lx.PUNCT \
                        and not t.isascii() \
                        and not (t in MEASURES and j >= 1 and lx.NUM_RE.fullmatch(toks[j - 1][0])):
                    j -= 1   # (克 is a measure after a number only: 某克药业 is a brand)
                elif len(t) >= 2 and not rare and lx.tag(t) == "" and _proper(t):
                    j, rare = j - 1, True
                else:
                    break
            c = Brand(ctext, toks, k, j, toks[j + 1][1], sent.start + c0, reading.taken, k0, rare)
            if rejected(BRAND_FILTERS, c):
                continue
            text = ctext[c.start:e]
            out.append(Span(c.base + c.start, c.base + e, text, (ORG,), c.rule, sent.index, label=text))
    return out


def _industry_word_at(toks: list[tuple[str, int, int]], k: int) -> int | None:
    """The first token of an industry word that ends at ``toks[k]``: the word itself (科技, 热电), or two
    single characters that make one (高 + 科; 钴 + 业: a trade, a material's character before 业); None."""
    w = toks[k][0]
    if w in ORG_INDUSTRY_WORDS:
        return k
    if len(w) == 1 and k >= 1 and len(toks[k - 1][0]) == 1 and toks[k - 1][0] not in FUNCTION_WORDS \
            and toks[k - 1][0] not in lx.PUNCT and not toks[k - 1][0].isascii() \
            and (toks[k - 1][0] + w in ORG_INDUSTRY_WORDS or w == TRADE_MARK):
        return k - 1
    return None


def reject_brand_length(c: Brand) -> bool:
    """A brand is two or three unknown characters (one is a word's part, four a phrase), or a word the
    dictionary barely knows with at most two of them."""
    chars = c.toks[c.k0][1] - c.toks[c.j + 1][1] if c.j + 1 < c.k0 else 0
    return not (2 <= chars <= 3 or (c.rare and chars <= 4))


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


def reject_rare_in_list(c: Brand) -> bool:
    """某某材料、隔膜: a word the dictionary barely knows before an industry word names a company only as a
    clause's subject (某某钴业从…做到…), not as an item of a list or at a clause's end (a product's kind)."""
    after = c.toks[c.k + 1][0] if c.k + 1 < len(c.toks) else None
    return c.rare and (after is None or after in ("、", ETC) or after in lx.PUNCT)


def reject_overlap(c: Brand) -> bool:
    """The candidate overlaps a name already found (a place inside it is fine: the longer name wins)."""
    a, b = c.base + c.start, c.base + c.toks[c.k][2]
    return any(t.start < b and a < t.end and not (a <= t.start and t.end <= b and t.types == (DISTRICT,))
               for t in c.taken)


BRAND_FILTERS = (reject_brand_length, take_place_before, reject_not_after_break, reject_not_before_verb,
                 reject_rare_in_list, reject_overlap)


# ---------------------------------------------------------------- what the context finders share

@dataclass(slots=True)
class Named:
    """A name a context says is a company's (X董事长, 以A、B为龙头, A、B等企业), before its filters."""

    item: str
    start: int                            # offset in the document
    taken: list[Span]                     # the names found so far in the sentence
    brands: bool = True                   # the list it stands in holds a name the dictionary does not know
    broke: bool = True                    # its left edge is a break (not the longest a name may be)
    before: str = ""                      # the clause's text before it


_MAX_NAME = 12


def _breaks_brand(toks: list[tuple[str, int, int]], j: int) -> bool:
    """``toks[j]`` ends a company's name on its left: punctuation, a function word, a verb, a preposition,
    a conjunction, an adverb or a number; but a single character among other single characters may be
    a brand's (某正科技: 正)."""
    w = toks[j][0]
    if w in lx.PUNCT or w.isspace() or lx.NUM_RE.fullmatch(w):
        return True
    if len(w) == 1:
        if w in BRAND_CHARS and j >= 1 and len(toks[j - 1][0]) == 1 and toks[j - 1][0] not in FUNCTION_WORDS \
                and toks[j - 1][0] not in lx.PUNCT:
            return False
        if w in BRAND_CHARS and j + 1 < len(toks) and _bound_morpheme(toks[j + 1][0]):
            return False  # 共绩科技: 绩 stands as no word of its own, the character before it is the brand's too
        return w in FUNCTION_WORDS or w in LEAD_CHARS or lx.tag(w) in ("p", "c", "u", "uj", "ul", "r")
    return (w in FUNCTION_WORDS or w in GOVERNING_VERBS or w in ADVERBS
            or lx.tag(w) in ("v", "p", "c", "d", "r", "u", "m", "t", "f", "l", "i"))


def _bound_morpheme(w: str) -> bool:
    """``w`` is a character jieba's dictionary tags a bound morpheme (绩, 贝: zg, ng …): no word of its own."""
    return len(w) == 1 and len(lx.tag(w)) == 2 and lx.tag(w).endswith("g")


def _name_before(toks: list[tuple[str, int, int]], k: int, floor: int = 0) -> tuple[int, bool]:
    """Where the name that ends before ``toks[k]`` starts (an offset of the tokens' frame), and whether a
    break stops it there (False: it ran to ``_MAX_NAME`` characters)."""
    j = k - 1
    start = toks[k][1] if k < len(toks) else (toks[-1][2] if toks else 0)
    end = start
    while j >= 0 and toks[j][1] >= floor:
        if _breaks_brand(toks, j):
            return start, True
        if end - toks[j][1] > _MAX_NAME:
            return start, False
        start = toks[j][1]
        j -= 1
    return start, True


_PROPER_TAGS = ("", "nz", "nt", "nr", "nrt", "ns", "j")


def _unknown(item: str) -> bool:
    """The dictionary does not know ``item`` as common words: a brand (characters jieba cannot join, or a word it
    knows as a name), not 手机 or 平板电脑."""
    toks = lx.tokens(item)
    if len(toks) == 1:
        return lx.tag(item) in _PROPER_TAGS and item not in CLUSTER_TERMS
    return sum(len(w) == 1 for w, _, _ in toks) >= 2 or any(len(w) >= 2 and _proper(w) for w, _, _ in toks)


def _proper(w: str) -> bool:
    """A word jieba knows as a name (nz, nr …), or not at all (rare, or one of kg's own words: no name)."""
    return lx.tag(w) in _PROPER_TAGS and w not in CLUSTER_TERMS and not lx.types_of(w) \
        and w not in GOVERNING_VERBS and w not in ADVERBS and not is_district_word(w)


def reject_name_length(c: Named) -> bool:
    """X董事长: a name of one character, or of more than 12, is no company's."""
    return not 2 <= len(c.item) <= _MAX_NAME


def reject_unbroken(c: Named) -> bool:
    """The name must start after a break (punctuation, a verb, a function word): a run of words that goes
    on past the longest a name may be is a phrase."""
    return not c.broke


def reject_generic_name(c: Named) -> bool:
    """公司总经理, 有限公司董事长: generic words or a head noun alone name no company."""
    return lx.is_generic(c.item) or c.item in LIST_ORG_HEADS or lx.suffix_of(c.item) == c.item


_REGISTERED_END = re.compile(f"(?:{alt(REGISTERED)}|{alt(GROUP_WORD)})$")
_WORDS_OF_NAMES = 24


def take_registered_clause(c: Named) -> None:
    """”某地汇泾装备保障有限公司总经理某某说: a registered company's name before its officer runs back to
    the clause's start, through the verbs its own name holds, where no function word, pronoun, preposition,
    conjunction or adverb stands between and no verb opens it (他担任X有限公司董事长: no)."""
    if not _REGISTERED_END.search(c.item) or not c.before or len(c.before) + len(c.item) > _WORDS_OF_NAMES:
        return
    a, _ = trim(c.before)
    rest = c.before[a:]
    toks = lx.tokens(rest)
    if toks and not bad_lead(toks[0][0]) and not any(
            w in FUNCTION_WORDS or w in lx.PUNCT or lx.tag(w) in ("r", "p", "c", "d") for w, _, _ in toks):
        c.start -= len(rest)
        c.item = rest + c.item


def reject_found(c: Named) -> bool:
    """The name overlaps a name already found (某某智人有限公司董事长: the full name is found by its head),
    unless it is found at the same range without being a company's (A、B等企业 read as parks); a place
    inside it is fine (某地某某纸业董事长: the longer name wins)."""
    a, b = c.start, c.start + len(c.item)
    return any(t.start < b and a < t.end and not ((t.start, t.end) == (a, b) and ORG not in t.types)
               and not (a <= t.start and t.end <= b and t.types == (DISTRICT,)) for t in c.taken)


def reject_place_alone(c: Named) -> bool:
    """A division's name alone is a place, not a company (桐乡董事长 …)."""
    return only_a_place(c.item)


def reject_industry(c: Named) -> bool:
    """以新能源汽车为龙头, 以炼油、乙烯为龙头: an industry or a product leads, no company: an industry term,
    a word ending like an industry, or one common word of the dictionary in a list with no brand."""
    item = c.item
    if item in CLUSTER_TERMS or item.endswith(tuple(INDUSTRY_TAILS)) or item.endswith(tuple(CLUSTER_HEADS)):
        return True
    return not c.brands and not _unknown(item)


def _named(item: str, start: int, reading: Reading, filters: tuple, brands: bool = True,
           broke: bool = True, before: str = "") -> Named | None:
    """The candidate, if it passes ``filters``."""
    a, b = trim(item)
    c = Named(item[a:b], start + a, reading.taken, brands, broke, before + item[:a])
    return None if rejected(filters, c) else c


def _span(c: Named, rule: str, sent: Sentence) -> Span:
    return Span(c.start, c.start + len(c.item), c.item, (ORG,), rule, sent.index, label=c.item)


# ---------------------------------------------------------------- companies by their officers

_OFFICER = re.compile(f"(?:{alt(OFFICER_DEPARTMENTS)})?{alt(OFFICER_TITLES)}")


def org_officer_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """The name right before a company officer's title (董事长, 总经理, 创始人 …, after a department:
    财务副经理) is a company's (rule ``org:officer``): ``”某某科技创始人张某说`` -> 某某科技. Each name
    passes OFFICER_FILTERS."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        if not _OFFICER.search(ctext):
            continue
        toks = lx.tokens(ctext)
        starts = {s: k for k, (_, s, _) in enumerate(toks)}
        for m in _OFFICER.finditer(ctext):
            k = starts.get(m.start())
            if k is None or k == 0:
                continue
            start, broke = _name_before(toks, k)
            c = _named(ctext[start:m.start()], sent.start + c0 + start, reading, OFFICER_FILTERS, broke=broke,
                       before=ctext[:start])
            if c is not None:
                out.append(_span(c, "org:officer", sent))
    return out


OFFICER_FILTERS = (take_registered_clause, reject_name_length, reject_unbroken, reject_generic_name, reject_found,
                   reject_place_alone)


# ---------------------------------------------------------------- companies that lead a list

_LEAD_LIST = re.compile(f"{alt(YI)}([^{chars(YI)}]{{2,60}}?){alt(WEI)}{alt(LEAD_LIST_ROLES)}")
_JOINTS = re.compile(f"、|{alt(LIST_JOINTS)}")


def org_lead_list_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """``以A、B、C为龙头/代表``: the companies that lead or stand for a place's industry (rule
    ``org:lead-list``): ``以某某汽车、某某重工为龙头`` -> 某某汽车, 某某重工. Each item passes LEAD_FILTERS
    (an industry that leads is no company)."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        for m in _LEAD_LIST.finditer(ctext):
            out += _items(m.group(1), sent.start + c0 + m.start(1), sent, reading, LEAD_FILTERS, "org:lead-list")
    return out


def _items(text: str, start: int, sent: Sentence, reading: Reading, filters: tuple, rule: str) -> list[Span]:
    """The items of a list of companies (A、B和C), each passing ``filters``."""
    parts, pos = [], 0
    for j in _JOINTS.finditer(text):
        parts.append((pos, text[pos:j.start()]))
        pos = j.end()
    parts.append((pos, text[pos:]))
    brands = any(_unknown(p) and not is_district_word(p) for _, p in parts)
    out = []
    for p0, part in parts:
        c = _named(part, start + p0, reading, filters, brands)
        if c is not None:
            out.append(_span(c, rule, sent))
    return out


LEAD_FILTERS = (reject_name_length, reject_generic_name, reject_found, reject_place_alone, reject_industry)


# ---------------------------------------------------------------- companies listed before 等企业

_LISTED = re.compile(f"{alt(ETC)}[^、]{{0,16}}?{alt(LIST_ORG_HEADS)}")


def org_listed_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """``A、B等N家…企业``: the items before 等 are companies where the words after it end with a company
    head (企业, 车企, 公司 …) (rule ``org:listed``): ``吸引了某某重工、某某航空等16家知名企业`` -> 某某重工,
    某某航空. The first item starts after a break; each item passes LISTED_FILTERS."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        m = _LISTED.search(ctext)
        if not m:
            continue
        toks = lx.tokens(ctext)
        k = next((k for k, (_, s, _) in enumerate(toks) if s == m.start()), None)
        if k is None:
            continue
        # back over the items: each 、 and the words between (or a name found there), to the break
        # before the first
        base = sent.start + c0
        found = {t.end - base: t.start - base for t in reading.taken}
        j, start = k, m.start()
        while True:
            if toks[j][1] in found and found[toks[j][1]] >= 0:
                start, broke = found[toks[j][1]], True
            else:
                start, broke = _name_before(toks, j)
            if not broke:
                break
            i = next((i for i, t in enumerate(toks) if t[1] == start), j)
            if i >= 1 and toks[i - 1][0] == "、":
                j = i - 1
                continue
            break
        if start >= m.start() or not broke:
            continue
        out += _items(ctext[start:m.start()], sent.start + c0 + start, sent, reading, LISTED_FILTERS, "org:listed")
    return out


LISTED_FILTERS = (reject_name_length, reject_generic_name, reject_found, reject_place_alone, reject_industry)


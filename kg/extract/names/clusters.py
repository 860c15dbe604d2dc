"""Industries: X产业(集群) grown leftwards, industries listed before it, known terms after cultivation
verbs, a verb's whole object, listed industries (主导产业为…) and a table's industries column
(rules ``cluster:<how>``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import CLUSTER, PARK
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..span import Span
from ..words import (ADVERBS, AND, AS_VERBS, AS_WELL_AS, BA, BODY_CHAR, CHAIN_STAGES, CLUSTER_HEADS, CLUSTER_TERMS,
                     CLUSTER_WORD, CN_DIGITS, COLLECTIVE, COLUMN_HEADERS, COLUMN_LEADS, COLUMN_TAILS, CONSISTS_OF,
                     CORE_MARK, ETC, EVENT_HEADS, EVENT_LEADS, GENERAL_COUNTER, GOVERNING_VERBS, GREAT_COUNTER,
                     GROW_VERBS, HAN, HOME_AND_ABROAD, INDUSTRY_GOES_ON, INDUSTRY_TAILS, INDUSTRY_WORD, LEADING_KINDS,
                     LISTED_INDUSTRY_RULES, LIST_JOINTS, LIST_TAIL_HEADS, MAINLY, MAIN_ROLES, NOT_A_LIST_CHARS, OF,
                     OWN_LEVELS, PAIR_NUMERAL, QUALITY_TAILS, RD_STAGES, SMALL_NUMERALS, SYSTEM_HEADS, TRADE_MARK,
                     WEAK_VERBS, WEI, WHOLE_MARK, WITH, YI, alt, any_word, chars)
from .common import (LEVEL_LEAD, NOT_INDUSTRY_LEAD, bad_lead, balanced, clauses, in_book_title, is_district_word,
                     leading_division, left_edge, noun_joint, noun_phrase, only_a_place, park_words, plain_noun,
                     rejected, trim, verb_stop)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- clusters

@functools.lru_cache(maxsize=65536)
def _adverb_led(token: str) -> bool:
    """A rare token that is an adverb + a verb glued by the dictionary (努力实现, 全力推进); cached per token."""
    return len(token) >= 4 and not lx.tag(token) and any(
        token.startswith(a) and len(a) >= 2 and (token[len(a):] in GOVERNING_VERBS or lx.tag(token[len(a):]) == "v")
        for a in ADVERBS)


EVENT_TAIL = re.compile(f"{alt(EVENT_LEADS)}?{alt(EVENT_HEADS)}")


def _leading_park(core: str) -> int:
    """Length of a park's name (X高新区) that opens ``core``, or 0: X高新区Y产业 is Y of that park."""
    cut = 0
    for m in lx.suffix_regex().finditer(core):
        if PARK in lx.types_of(m.group(0)) and m.start() >= 2 and len(core) - m.end() >= 2:
            cut = m.end()
    return cut


# the rules of industries_by_head, compiled once
_STAGES = re.compile(f"(?:{alt(CHAIN_STAGES)}[、{chars(LIST_JOINTS)}]?){{2,}}{alt(WHOLE_MARK)}?$")
_OUR_LEVEL = re.compile(f"[{chars(OWN_LEVELS)}](?={HAN}{{2}})")
_STAGE_TAIL = re.compile(f"({alt(RD_STAGES)})+$")
_INDUSTRY_TAIL = re.compile(f"{alt(INDUSTRY_WORD)}$")
_COUNTED = re.compile(f"[0-9]|[{chars(SMALL_NUMERALS, PAIR_NUMERAL)}]+{alt(GENERAL_COUNTER, GREAT_COUNTER)}")
_AND_SPLIT = re.compile(f"(、|{alt(AND)})")


@functools.cache
def _industry_cue() -> re.Pattern:
    """Any of the words the token rules of cluster_spans start from (a regex, searched in C)."""
    return re.compile(any_word({INDUSTRY_WORD, CLUSTER_WORD} | CLUSTER_TERMS | GROW_VERBS))


def cluster_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Industry names, clause by clause: each of CLAUSE_FINDERS in turn."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        # the token rules need 产业 or 集群, a known term or a cultivation verb: a clause with none of
        # them is not tokenized
        toks = lx.tokens(ctext) if _industry_cue().search(ctext) else []
        for find in CLAUSE_FINDERS:
            out += find(ctext, toks, sent.start + c0, sent.index)
    return out


@dataclass(slots=True)
class IndustryHead:
    """A token that heads an industry's name (产业, 集群, 产业链, or a known term glued to 产业), and
    the name grown leftwards from it."""

    ctext: str
    toks: list[tuple[str, int, int]]
    k: int                                # the head token
    head: str                             # 产业集群, 产业, 集群 or 产业链
    glued: bool                           # the dictionary glued the head to the word before (光电子信息产业)
    start: int = 0                        # the name: ctext[start:] up to the head token's end
    text: str = ""
    core: str = ""                        # the industry: the name without its head (the label)
    place_cut: bool = False               # a place opening the name was cut off

    @property
    def word(self) -> str:
        return self.toks[self.k][0]

    @property
    def s(self) -> int:
        return self.toks[self.k][1]

    @property
    def e(self) -> int:
        return self.toks[self.k][2]


def industries_by_head(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """X产业, X产业集群, X产业链 (rule ``cluster:head``): each head passes HEAD_FILTERS, the name is grown
    leftwards and passes NAME_FILTERS; AFTER_HEAD then finds what shares the head (A、B和X产业)."""
    out: list[Span] = []
    terms = CLUSTER_TERMS
    # every head token holds 产业 or 集群: a clause without them has none
    for k, (w, s, e) in enumerate(toks if INDUSTRY_WORD in ctext or CLUSTER_WORD in ctext else ()):
        if w in CLUSTER_HEADS:
            c = IndustryHead(ctext, toks, k, w, False)
        elif w.endswith(INDUSTRY_WORD) and len(w) > 2:
            c = IndustryHead(ctext, toks, k, INDUSTRY_WORD, w[:-2] not in terms)
        else:
            continue
        if rejected(HEAD_FILTERS, c):
            continue
        _grow(c)
        if rejected(NAME_FILTERS, c):
            continue
        out.append(Span(base + c.start, base + c.start + len(c.text), c.text, (CLUSTER,), "cluster:head", sentence,
                        label=c.core))
        for more in AFTER_HEAD:
            out += more(ctext, toks, c.start, base, sentence)
    return out


def _grow(c: IndustryHead) -> None:
    """The name and its core: from the head leftwards (``left_edge``); before a chain's stages
    (机器人研发、生产、应用产业链) the industry is what precedes them."""
    ctext, toks, k, w, s, e = c.ctext, c.toks, c.k, c.word, c.s, c.e
    start = left_edge(toks, k, 0) if w in CLUSTER_HEADS else s
    chain = _STAGES.search(ctext[:s])
    if chain and w in CLUSTER_HEADS and w != CLUSTER_WORD and chain.start() > 0:   # (a 集群 alone has no stages)
        before = lx.tokens(ctext[:chain.start()])
        start = left_edge(before, len(before) - 1, 0)
        text, core = ctext[start:e], ctext[start:chain.start()]
    elif w in CLUSTER_HEADS:
        text = ctext[start:e]
        core = ctext[start:s]
    elif c.glued:
        start = left_edge(toks, k, 0) if k > 0 and toks[k - 1][0] not in lx.PUNCT else s
        text, core = ctext[start:e], ctext[start:e - 2]
    else:
        text = ctext[s:e]
        core = w[:-2]
    a, b = trim(text)
    c.text, c.start = text[a:b], start + a
    c.core = core.strip("“”‘’\"' ")


# ---------------------------------------------------------------- the head

def reject_kind_of_industry(c: IndustryHead) -> bool:
    """主导产业, 支柱产业: a kind of industry (a generic word glued to 产业) names none."""
    return c.glued and lx.is_generic(c.word[:-2])


def reject_park_or_partnership_after(c: IndustryHead) -> bool:
    """X产业园, X产业基地, X产业合作, X产业体系: the head goes on into a park's name, a cooperation
    between partners or a structure."""
    return bool(_INDUSTRY_GOES_ON.match(c.ctext, c.e))


_INDUSTRY_GOES_ON = re.compile(alt(INDUSTRY_GOES_ON))


def reject_event_or_body(c: IndustryHead) -> bool:
    """X产业协同发展大会, X产业联盟: an event's or a body's name."""
    return bool(EVENT_TAIL.match(c.ctext, c.e))


# ---------------------------------------------------------------- the name

def trim_leading_place(c: IndustryHead) -> None:
    """宜宾市新能源产业, X高新区Y产业, 我区汽车产业, 重庆数字经济产业: the place is the subject, the industry
    what follows it (a short form only before a known industry term)."""
    core = c.core
    lead = leading_division(core) or _leading_park(core) or _place_before_term(core)
    if not lead and _OUR_LEVEL.match(core) and lx.tokens(core)[0][0] == core[0]:
        lead = 1  # 我区汽车产业: the rest of 我区 after the tokenizer split it
    if lead and len(core) - lead >= 2:
        c.start, c.text, c.core, c.place_cut = c.start + lead, c.text[lead:], core[lead:], True


def _place_before_term(core: str) -> int:
    """Length of a division's short form (重庆, 青岛) before a known industry term that ends ``core``
    (重庆数字经济: the place's 数字经济), or 0; before other words it may be part of the name (南康家具)."""
    place = gazetteer().matcher().match(core[:8])
    if not place or is_risky(place):
        return 0
    rest = core[len(place):]
    return len(place) if rest in CLUSTER_TERMS or _CHAIN_MARK.sub("", rest) in CLUSTER_TERMS else 0


_CHAIN_MARK = re.compile(f"(?:{alt(WHOLE_MARK, CORE_MARK)})$")   # (drop_whole_mark: after the trim)


def reject_place_alone(c: IndustryHead) -> bool:
    """新疆八大产业集群, 宜宾产业: a place's industries, no industry's name."""
    return not c.place_cut and only_a_place(c.core)


def trim_not_industry_lead(c: IndustryHead) -> None:
    """全年石化新材料产业产值, 下游聚烯烃产业: a time, a stage of the chain or a region before the
    industry is no part of it."""
    lead = NOT_INDUSTRY_LEAD.match(c.core)
    if lead and c.text.startswith(c.core):
        n = lead.end()
        c.start, c.text, c.core = c.start + n, c.text[n:], c.core[n:]


def drop_stage_tail(c: IndustryHead) -> None:
    """机器人研发生产产业: the stages after the industry are no part of its name (机器人)."""
    c.core = _STAGE_TAIL.sub("", c.core)


def drop_level_lead(c: IndustryHead) -> None:
    """世界级智能家电产业集群 -> 智能家电: a level (世界级, 千亿级) is no part of the name."""
    c.core = LEVEL_LEAD.sub("", c.core)


def drop_industry_before_cluster(c: IndustryHead) -> None:
    """新能源汽车产业集群, 新能源汽车产业链: the industry is 新能源汽车, not 新能源汽车产业."""
    if c.head != INDUSTRY_WORD:   # (产业集群, 集群, 产业链)
        c.core = _INDUSTRY_TAIL.sub("", c.core)


def drop_whole_mark(c: IndustryHead) -> None:
    """商业航天全产业链, 竹全产业链 -> 商业航天, 竹: 全 (the whole) qualifies the chain, not the industry;
    数字经济核心产业 -> 数字经济: 核心 (core) the part of it that statistics count."""
    for mark in (WHOLE_MARK, CORE_MARK):
        if len(c.core) > len(mark) and c.core.endswith(mark):
            c.core = c.core[:-len(mark)]
            return


def reject_verb_phrase(c: IndustryHead) -> bool:
    """努力实现产业倍增, 抓龙头育集群, 协同融合强集群: a verb phrase, not an industry (软件信息服务: a weak verb after
    the first word is a noun's part; 汽车及零部件, 船舶与海洋工程: 及 or 与 joins two nouns; an adjective of one
    character right before the head makes it a verb: 强集群)."""
    ctoks = lx.tokens(c.core)
    if len(ctoks) > 1 and len(ctoks[-1][0]) == 1 and lx.tag(ctoks[-1][0]) == "a" and ctoks[-1][0] != WHOLE_MARK:
        return True   # (全 before the chain is drop_whole_mark's)
    return any((t in GOVERNING_VERBS or t in ADVERBS or bad_lead(t) or verb_stop(t)
                or (len(t) == 1 and lx.tag(t) in ("v", "d")) or _adverb_led(t))
               and not (t in (AS_WELL_AS, WITH) and 0 < n < len(ctoks) - 1 and noun_joint(ctoks, n, 0, True))
               and not (n > 0 and t in WEAK_VERBS and t not in ADVERBS)
               for n, (t, _, _) in enumerate(ctoks))


def reject_not_noun_phrase(c: IndustryHead) -> bool:
    """助力产业, 甄选产业链, 若干高潜力产业: by its parts of speech the industry is no noun phrase (a verb, an
    adverb or a numeral alone or first: ``common.noun_phrase``)."""
    return bool(c.core) and not noun_phrase(c.core)


def reject_park_or_kind(c: IndustryHead) -> bool:
    """X经济开发区主导产业, 劳动密集型产业, 关联性产业集群, 园区产业: a park's industries or a kind of industry (a
    quality: X型, X性), no industry's name."""
    return bool(_park_heads().search(c.core)) or c.core.endswith(QUALITY_TAILS) or c.core in park_words()


def reject_generic_core(c: IndustryHead) -> bool:
    """现代农业产业, 重点产业, 南北产业: generic words or a region (or nothing: 产业 alone), a number, one
    character or an unbalanced bracket."""
    core = c.core
    return len(core) < 2 or lx.is_generic(core) or not balanced(core) or bool(lx.NUM_RE.fullmatch(core)) \
        or core in HOME_AND_ABROAD


def reject_counted(c: IndustryHead) -> bool:
    """三大产业, 5G产业: a count (or any digit) in the industry."""
    return bool(_COUNTED.search(c.core))


def reject_quality(c: IndustryHead) -> bool:
    """完整产业链, 强大产业: a quality, not an industry."""
    ctoks = lx.tokens(c.core)
    return len(ctoks) == 1 and lx.tag(c.core) in ("a", "ad", "an", "d")


def reject_book_title(c: IndustryHead) -> bool:
    """《X产业集群培育方案》: a document's title."""
    return in_book_title(c.ctext, c.start)


_JOINTS = "、" + "".join(LIST_JOINTS)   # (looked up one character at a time)


@functools.cache
def _park_heads() -> re.Pattern:
    """Park head nouns of three characters or more (开发区, 产业园, 高新区): no industry's name holds one."""
    heads = sorted((s for s, types in lx.suffix_types() if PARK in types and len(s) >= 3), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, heads)))





def conjoined_industries(ctext: str, toks: list[tuple[str, int, int]], start: int, base: int,
                         sentence: int) -> list[Span]:
    """The industries listed before the one at ``start`` under its head noun (rule ``cluster:conjoined``):
    in 发展A、B和C产业 the head rule finds C; A and B share its head. Each item must be a plain noun phrase
    (no verb, place, number or function word); the first that is not ends the list."""
    return [Span(base + s, base + s + len(item), item, (CLUSTER,), "cluster:conjoined", sentence, label=item)
            for s, item in _conjoined(ctext, toks, start)]


def _conjoined(ctext: str, toks: list[tuple[str, int, int]], start: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if start <= 0 or ctext[start - 1] not in _JOINTS:
        return out       # (most heads: nothing joined before them)
    by_start = {s: n for n, (_, s, _) in enumerate(toks)}
    pos = start
    while pos > 0 and ctext[pos - 1] in _JOINTS:
        joint = by_start.get(pos - 1)
        if not joint:
            break
        s = left_edge(toks, joint - 1, 0)
        item = ctext[s:pos - 1]
        lead = leading_division(item)
        if lead and s + lead < pos - 1 and ctext[s + lead - 1] not in _JOINTS:
            s, item = s + lead, item[lead:]      # 青禾县纺织和服装产业: the county is no part
        if ctext[s:s + 1] in _JOINTS or not plain_noun(item) or _COUNTED.search(item) or lx.types_of(item):
            # (A产业园、B产业集群: a park or company listed with the cluster is no industry)
            break
        out.append((s, item))
        pos = s
    return out


AS_INDUSTRY = re.compile(f"{alt(BA)}([^，。；{chars(BA)}]{{2,40}}?){alt(AS_VERBS)}[^，。；]{{0,12}}?{alt(INDUSTRY_WORD)}")
_AS_SPLIT = re.compile(f"(、|{alt(AND, WITH, AS_WELL_AS)})")
# (a list's last item: 等, or a count of the items and their head after it, is no part of it:
# 粮油加工五大产业, 新材料等3个产业)
_ETC_END = re.compile(f"(?:{alt(ETC)})?(?:[0-9{chars(CN_DIGITS)}]+{alt(GENERAL_COUNTER, GREAT_COUNTER)}"
                      f"(?:{alt(CLUSTER_HEADS)})?)?$")
INDUSTRIES_ARE = re.compile(f"{alt(LEADING_KINDS)}{alt(INDUSTRY_WORD)}{alt(MAINLY)}?{alt(CONSISTS_OF)}"
                            f"([^，。；：:]{{2,60}}?)(?:{alt(ETC)}{alt(LIST_TAIL_HEADS)}?)?(?=[，。；]|$)")
LEADING_INDUSTRIES = re.compile(f"{alt(YI)}([^，。；{chars(YI)}]{{2,40}}?){alt(WEI)}{alt(MAIN_ROLES)}"
                                f"(?!{alt(BODY_CHAR)}){alt(OF)}?[^，。；]{{0,8}}?{alt(SYSTEM_HEADS)}")


# phrases that list industries: (regex whose group 1 is the list, what splits it, rule)
_LISTED_INDUSTRIES = tuple(zip((INDUSTRIES_ARE, AS_INDUSTRY, LEADING_INDUSTRIES), (_AS_SPLIT, _AS_SPLIT, _AND_SPLIT),
                               LISTED_INDUSTRY_RULES, strict=True))


_NOT_A_LIST = re.compile(f"[0-9{chars(NOT_A_LIST_CHARS)}]")
_LIST_JOINT = re.compile(f"[、{chars(AND, WITH)}]|(?<={HAN}{{2}}){alt(AS_WELL_AS)}(?={HAN}{{2}})")
_ANY_GROW_VERB = re.compile(any_word(GROW_VERBS))  # (a clause without one has no such token)


def _industry_item(item: str) -> bool:
    """``item`` reads as an industry's name: a known term, or a noun phrase ending with an industry word
    (or a trade's own word: 乳业, 渔业)."""
    if item in CLUSTER_TERMS:
        return True
    if len(item) == 2 and item.endswith(TRADE_MARK) and lx.tag(item) == "n" and not lx.is_generic(item):
        return True
    if len(item) < 3 or COLLECTIVE in item or not plain_noun(item):
        return False
    return item[1:].endswith(INDUSTRY_TAILS)  # (a tail shorter than the item)


_ANY_TERM = re.compile(any_word(CLUSTER_TERMS))   # (a clause without one holds no such token)


def industry_terms(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """Known industry terms standing alone after a cultivation verb (大力发展跨境电商、…), or after a place or
    a park whose industry they are, as the subject of what follows (平凉高新区低空经济已蓄势高飞; not
    崆峒区大数据中心: a name goes on), or beside another known term in a list (合成生物、新型储能等)
    (rule ``cluster:term``)."""
    out: list[Span] = []
    terms = CLUSTER_TERMS
    for k, (w, s, e) in enumerate(toks if _ANY_TERM.search(ctext) else ()):
        if w not in terms:
            continue
        prev, nxt = toks[k - 1][0] if k else "", ctext[e:e + 1]
        if not prev:
            ok = False
        elif prev in GOVERNING_VERBS:
            ok = nxt in ("", "、", ETC) or ctext[e:].startswith((INDUSTRY_WORD, CLUSTER_WORD))
        else:
            ok = (prev in park_words() or is_district_word(prev)) and k + 1 < len(toks) \
                and (toks[k + 1][0] in ADVERBS or lx.tag(toks[k + 1][0]) == "d")
        if ok or _listed_with_term(toks, k):
            out.append(Span(base + s, base + e, w, (CLUSTER,), "cluster:term", sentence, label=w))
    return out


def _listed_with_term(toks: list[tuple[str, int, int]], k: int) -> bool:
    """The known term ``toks[k]`` is an item of a list whose neighbouring item is a known term too (合成生物、
    新型储能等未来产业; 向低空经济、新能源汽车等领域): two industries named side by side are industries."""
    terms = CLUSTER_TERMS
    before = k >= 2 and toks[k - 1][0] == "、" and toks[k - 2][0] in terms
    after = k + 2 < len(toks) and toks[k + 1][0] == "、" and toks[k + 2][0] in terms
    return before or after


def listed_industries(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """主导产业为A、B和C; 把A和B作为主导产业; 构建以A、B为主的现代产业体系: the items are industries (rules
    ``cluster:主导产业为``, ``cluster:把…作为``, ``cluster:以…为主``)."""
    out: list[Span] = []
    for rx, split, rule in _LISTED_INDUSTRIES:
        for m in rx.finditer(ctext):
            pos = m.start(1)
            for part in split.split(m.group(1)):
                item = _ETC_END.sub("", part.strip())
                if not split.fullmatch(part) and plain_noun(item) and not lx.types_of(item):
                    out.append(Span(base + pos, base + pos + len(item), item, (CLUSTER,), rule, sentence, label=item))
                pos += len(part)
    return out


def industries_as_object(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """Industries named without a head noun as a cultivation verb's whole object (rule ``cluster:object``): 重点发展矿山救援装备、
    消防装备和应急通信装备; 发展都市农业和农产品加工; 聚焦新材料和现代物流. Every item must read as an
    industry and the list must close the clause (or stand before the next verb)."""
    out: list[Span] = []
    if not _ANY_GROW_VERB.search(ctext):
        return out
    gv, adv = GOVERNING_VERBS, ADVERBS
    for k, (w, s, e) in enumerate(toks):
        if w not in GROW_VERBS or k + 1 >= len(toks):
            continue
        stop = len(ctext)
        weak = WEAK_VERBS
        for w2, s2, e2 in toks[k + 1:]:
            if ((w2 in gv and w2 not in weak) or w2 in adv) and s2 > e:
                stop = s2  # 围绕智能网联汽车加快布局: the object ends before the next verb
                break
        obj = ctext[e:stop]
        if not obj or _NOT_A_LIST.search(obj):
            continue  # 发展订单蔬菜1.8万亩, 发展A等产品, 以X为主: not a bare list of industries
        pieces, pos = [], 0
        for m in _LIST_JOINT.finditer(obj):
            if m.group(0) == AS_WELL_AS:
                continue  # 汽车及零部件: one industry
            pieces.append((pos, obj[pos:m.start()]))
            pos = m.end()
        pieces.append((pos, obj[pos:]))
        if not all(_industry_item(p) for _, p in pieces):
            continue
        for p0, p in pieces:
            out.append(Span(base + e + p0, base + e + p0 + len(p), p, (CLUSTER,), "cluster:object", sentence, label=p))
    return out


INDUSTRY_COLUMN = re.compile(f"^{alt(COLUMN_LEADS)}?{alt(INDUSTRY_WORD)}{alt(COLUMN_TAILS)}?$|^{alt(COLUMN_HEADERS)}$")
# a table cell's items and what joins them
_CELL_BAR = re.compile(r"[|｜]")   # (a markdown table's cell border)
_RULE_ROW = re.compile(r"[-:\s]*")   # (the row under a header: | --- | :-: |)
_CELL_SPLIT = re.compile(f"([、，,/；;{chars(AND)}])")
_CELL_JOINT = re.compile(f"[、，,/；;{chars(AND, AS_WELL_AS)}]")


def table_cells(sent: Sentence, reading: Reading) -> list[Span]:
    """The industries of a markdown table's industries column (| 园区 | 主导产业 |): each item of that
    column in the rows below its header (汽车及零部件、智能装备) is an industry (rule ``cluster:table``)."""
    if not sent.text.startswith(("|", "｜")):
        reading.column = None
        return []
    reading.column, cells = _row_cells(sent.text, reading.column, sent.start, sent.index)
    return cells


def _row_cells(text: str, column: int | None, base: int, sentence: int) -> tuple[int | None, list[Span]]:
    """A markdown table row: the header names the industries' column; in the rows below, each item of
    that column (汽车及零部件、智能装备) is an industry."""
    cells, pos = [], 0
    for part in _CELL_BAR.split(text):
        cells.append((pos, part))
        pos += len(part) + 1
    cells = cells[1:-1] if text.rstrip().endswith(("|", "｜")) else cells[1:]
    names = [c.strip() for _, c in cells]
    found = next((n for n, c in enumerate(names) if INDUSTRY_COLUMN.match(c)), None)
    if found is not None:
        return found, []
    if column is None or column >= len(cells) or _RULE_ROW.fullmatch("".join(names)):
        return column, []
    start, cell = cells[column]
    out, at = [], start
    for item in _CELL_SPLIT.split(cell):
        name = item.strip()
        if name and not _CELL_JOINT.fullmatch(name) and plain_noun(name):
            s0 = at + item.index(name)
            out.append(Span(base + s0, base + s0 + len(name), name, (CLUSTER,), "cluster:table", sentence, label=name))
        at += len(item)
    return column, out


# X产业N个：A、B、C / X产业集群：A、B、C: an industry's head (and its count) before a colon, the items after it
_COLON_LIST = re.compile(f"(?:^|(?<=[，；。,;]))([^，。；：:,;]{{0,12}}?(?:{alt(CLUSTER_HEADS)}))"
                         f"(?:([0-9{chars(CN_DIGITS)}]+)(?:{alt(GENERAL_COUNTER, GREAT_COUNTER)}))?[：:]([^。；;]+)")
_COLON_ITEM_SPLIT = re.compile("(、)")
_ANY_COLON = re.compile("[：:]")   # (a sentence without one holds no such list)


def colon_listed_industries(sent: Sentence, reading: Reading) -> list[Span]:
    """The industries a head noun introduces before a colon (rule ``cluster:colon``): ``新兴支柱产业6个：
    A、B、C`` -> A, B, C. Where a count stands before the colon the list must hold that many items;
    without one, every item must be a plain noun phrase.

    The colon ends a clause, so the industries after it form no clause of their own: the clause
    finders never see the count that types them.
    """
    out: list[Span] = []
    if not _ANY_COLON.search(sent.text):
        return out
    for m in _COLON_LIST.finditer(sent.text):
        parts = _COLON_ITEM_SPLIT.split(m.group(3))
        items, pos = [], m.start(3)
        for part in parts:
            if part != "、":
                items.append((pos, _ETC_END.sub("", part.strip())))
            pos += len(part)
        count = lx.cn_int(m.group(2)) if m.group(2) else None
        if len(items) < 2 or (count is not None and count != len(items)):
            continue
        if not all(2 <= len(it) <= 16 and lx.han_count(it) >= len(it) - 1 and not lx.is_generic(it)
                   and not only_a_place(it) and (count is not None or (plain_noun(it) and not lx.types_of(it)))
                   for _, it in items):
            continue
        for p0, it in items:
            out.append(Span(sent.start + p0, sent.start + p0 + len(it), it, (CLUSTER,), "cluster:colon", sent.index,
                            label=it))
    return out


HEAD_FILTERS = (reject_kind_of_industry, reject_park_or_partnership_after, reject_event_or_body)
NAME_FILTERS = (trim_leading_place, reject_place_alone, trim_not_industry_lead, drop_stage_tail,
                drop_level_lead, drop_industry_before_cluster, drop_whole_mark, reject_verb_phrase, reject_not_noun_phrase, reject_park_or_kind,
                reject_generic_core, reject_counted, reject_quality, reject_book_title)
AFTER_HEAD = (conjoined_industries,)
# the finders of each clause, in order: at one range the first found keeps its rule
CLAUSE_FINDERS = (industries_by_head, industry_terms, industries_as_object, listed_industries)

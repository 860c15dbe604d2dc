"""Names found by their head nouns: X产业园, X项目, X有限公司 (rule ``suffix:<head>``).

Every head noun of the lexicon (kg/data/*_suffixes.txt) found in a clause opens a candidate; the name
is grown leftwards from it (``left_edge``) and then filtered: descriptions, goals, policies, counted
kinds and generic words are no names.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import ORG, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer
from ..span import Span
from ..words import (ADVERBS, BECOME_VERB, BODY_TITLES, CLUSTER_TERMS, CN_DIGITS, DESCRIPTIONS, DESIGNATIONS,
                     FUNCTION_WORDS, GENERAL_COUNTER, GENERIC_WORDS, GOAL_VERBS, GOVERNING_VERBS, GOVERNMENT_HEADS, HAN,
                     HEAD_GOES_ON, INSIDE_WORDS, MAGNITUDES, MOST_HAVING, OF, ORDINAL_MARK, OWN_LEVELS, PHASE_MARK,
                     PLACE_COUNTERS, POLICY_WORDS, PORT_LEADS, PROGRAMME_WORDS, PROJECT_WORD, RANKS, REGION_TITLES, REGISTERED,
                     SIZE_CHARS, SMALL_NUMERALS, TRADE_MARK, TYPE_MARK, WITHIN_LIMITS, WORKS_WORD, YUAN, alt, chars)
from .common import (COMPOUND_RULE, balanced, clauses, company_lead, counted_before, grown, head_nouns, in_book_title, is_district_word, leading_division,
                     left_edge, only_a_place, rejected, strip_phase, trim)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# the rules of suffix_spans, compiled once (they run for every head noun of the corpus)
_HEAD_GOES_ON = re.compile(alt(HEAD_GOES_ON))
_GOAL_VERB = re.compile(f"({alt(GOAL_VERBS)})")
_DESCRIBED = re.compile(f"({alt(DESCRIPTIONS)}|{alt(MOST_HAVING)}{HAN}{{1,4}}){alt(OF)}$")
# 青海省首个国家级经济技术开发区: the first, the only one of a kind is a description
_RANKED = re.compile(f"({alt(RANKS)}|{alt(ORDINAL_MARK)}[0-9{chars(SMALL_NUMERALS)}]+{alt(GENERAL_COUNTER)})")
# (a phase before the policy word: one of ten, or a number with 期)
_POLICY_AFTER = re.compile(f"(?:[{chars(SMALL_NUMERALS)}]|[0-9]+{alt(PHASE_MARK)})?{alt(POLICY_WORDS)}")
_QUALITY = re.compile(f"{HAN}(?![{chars(SIZE_CHARS)}]){HAN}{alt(TYPE_MARK)}")   # (not 高效N型: a product's type)
_COUNTED_BEFORE = re.compile(f"[0-9{chars(CN_DIGITS)}]+{alt(PLACE_COUNTERS)}$")
_COUNTED_AFTER = re.compile(f"[0-9{chars(CN_DIGITS)}]+{alt(PLACE_COUNTERS)}")
# (一家在当地孵化成长起来的科创公司: counted, then described; the clause's text before the name)
_COUNTED_DESCRIBED = re.compile(f"[0-9{chars(CN_DIGITS)}]+{alt(PLACE_COUNTERS)}[^，。；：、]{{1,24}}?{alt(OF)}$")
_TITLE = re.compile(alt(BODY_TITLES))
_REGISTERED_END = re.compile(f"{alt(REGISTERED)}$")


@dataclass(slots=True)
class Head:
    """A head noun found in a clause (``m``), and the name grown leftwards from it."""

    ctext: str                            # the clause
    toks: list[tuple[str, int, int]]      # its tokens
    ends: set[int]                        # where its tokens end
    m: re.Match                           # the head noun
    k: int                                # the token that holds the head's first character
    start: int = 0                        # the name: ctext[start:full_end] (a phase after the head included)
    full_end: int = 0
    text: str = ""
    chained: int = 0                      # the length of the divisions that opened the name (trimmed off)
    titled: tuple[str, ...] = ()          # the name before 全省/全市 … was put in front of it
    own: str = ""                         # an organisation's own division, trimmed off before it (its label's start)
    chain: str = ""                       # the divisions trimmed off before an organisation's name
    name: str = ""                        # the identity name: the text without its phase
    phase: int | None = None
    as_project: bool = False              # X有限公司二期项目: a company's project, named as a whole
    company: str = ""                     # a company's name that opened the text (cut off), when not generic
    cut: int = 0                          # the length of that company's name
    whole: tuple[str, ...] = ()           # the name before the company was cut off
    joined: tuple[str, ...] = ()          # the rules of common.EDGE_JOINS the name was grown past
    more: tuple[str, ...] = ()            # more aliases: a project's name without the park's that opens it

    @property
    def end(self) -> int:
        """Where the head noun ends (a phase may follow)."""
        return self.m.end()

    @property
    def head(self) -> str:
        """The name's head noun (the longest suffix of the lexicon it ends with)."""
        return lx.suffix_of(self.name)

    @property
    def core(self) -> str:
        """The name before its head noun."""
        return self.name[: len(self.name) - len(self.head)]


def suffix_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Names ending with a head noun (park, project, organisation suffixes): each head passes
    HEAD_FILTERS, its name is grown leftwards and passes NAME_FILTERS, then, named, CORE_FILTERS."""
    out: list[Span] = []
    for c0, ctext in clauses(sent.text):
        heads = list(lx.suffix_regex().finditer(ctext))
        if not heads:
            continue
        toks = lx.tokens(ctext)
        starts, ends = [t[1] for t in toks], {t[2] for t in toks}
        for m in heads:
            # (tokens cover the clause end to end: the head's first character lies in one)
            c = Head(ctext, toks, ends, m, bisect.bisect_right(starts, m.start()) - 1)
            if rejected(HEAD_FILTERS, c):
                continue
            _grow(c)
            if rejected(NAME_FILTERS, c):
                continue
            c.name = c.text
            if rejected(CORE_FILTERS, c):
                continue
            out += _spans(c, sent.start + c0, sent.index)
    return out


def _grow(c: Head) -> None:
    """The name: from the head leftwards to a boundary (``left_edge``), with a phase right after the
    head (X产业园一期), quotes and an item's number trimmed."""
    toks, k, ctext = c.toks, c.k, c.ctext
    start, c.joined = grown(toks, k, 0)
    if toks[k][1] < c.m.start() and start == toks[k][1]:
        start = toks[k][1]
    pm = lx.PHASE_RE.match(ctext[c.end:])
    c.full_end = c.end + (pm.end() if pm else 0)
    text = ctext[start:c.full_end]
    a, b = trim(text)
    c.text, c.start = text[a:b], start + a


def _spans(c: Head, base: int, sentence: int) -> list[Span]:
    """The name's span (a project named by what it builds), and the company's that opened it."""
    start, text, name, head = base + c.start, c.text, c.name, c.head
    if c.as_project:
        return [Span(start, start + len(text), text, (PROJECT,), f"suffix:{PROJECT_WORD}", sentence, label=text,
                     phase=c.phase)]
    out = []
    if c.company:
        cut = len(c.company)
        out.append(Span(start - cut, start, c.company, (ORG,), "suffix:company", sentence, label=c.company))
    types, label = lx.types_of(name), (c.own + name if c.own else name)
    if head == PROJECT_WORD:
        if lx.types_of(c.core):
            types = tuple(dict.fromkeys(lx.types_of(c.core) + types))  # X产业园项目 is a park too
        if len(c.core) >= 2:
            label = c.core  # 年产N吨X项目 -> named by what it builds; 项目 form kept as alias
    rule = f"{COMPOUND_RULE}:{head}" if c.joined else f"suffix:{head}"   # (grown past a verb: a generous reading)
    out.append(Span(start, start + len(text), text, types, rule, sentence, label=label, phase=c.phase,
                    extra_aliases=((name,) if label != name else ()) + c.more + c.titled + c.whole + _placed(c, name),
                    chained=bool(c.chained and len(text) >= 4 and not c.cut)))
    return out


# ---------------------------------------------------------------- the head noun

def reject_head_mid_token(c: Head) -> bool:
    """The head must end on a token boundary: 产业园区 rather than 产业园 + 区… (but a head may run into a
    word of place after it, X中心里 (中 + 心里); an organisation's into its officer's title: X大学教授,
    X协会会长)."""
    if c.end in c.ends:
        return False
    after = min((e for e in c.ends if e > c.end), default=c.end)
    if c.ctext[c.end:after] in INSIDE_WORDS:
        return False
    title = _TITLE.match(c.ctext, c.end)
    return not (title and title.end() in c.ends and ORG in lx.types_of(c.m.group(0)))


def reject_head_going_on(c: Head) -> bool:
    """项目库, 园区办, X园站, X新城市: the head goes on into another noun."""
    return bool(_HEAD_GOES_ON.match(c.ctext, c.end))


def reject_model_formula(c: Head) -> bool:
    """“公司+合作社+农户”: a model's formula, not a name."""
    ctext, m = c.ctext, c.m
    return ctext[m.start() - 1:m.start()] in ("+", "＋") or ctext[m.end():m.end() + 1] in ("+", "＋")


def reject_common_noun_ending_like_head(c: Head) -> bool:
    """宅基地: a common noun of the dictionary that merely ends like a head noun (基地)."""
    head_tok = c.toks[c.k][0]
    return head_tok != c.m.group(0) and len(head_tok) <= 3 and lx.tag(head_tok) in ("n", "nz", "vn") \
        and head_tok.endswith(c.m.group(0))


def reject_landform_after_place(c: Head) -> bool:
    """太行山谷, 六盘山谷: a one-character head right after a place's name is the landform (a valley), no
    park (果蔬谷, 陇东果谷: after a common word or a character it is)."""
    if len(c.m.group(0)) != 1 or c.k < 1:
        return False
    before = c.toks[c.k - 1][0]
    return lx.tag(before) == "ns" or bool(gazetteer().by_name(before))


# ---------------------------------------------------------------- the grown name

def reject_unbalanced(c: Head) -> bool:
    """据X日报）X产业园: a bracket closed inside the name and never opened (or nothing left after trimming)."""
    return not c.text or not balanced(c.text)


def reject_goal_described(c: Head) -> bool:
    """打造全国最大的X基地: a goal described, not a name."""
    return c.ctext[max(0, c.start - 1):c.start] == OF and bool(_GOAL_VERB.search(c.ctext[:c.start]))


def reject_described(c: Head) -> bool:
    """全国重要的家电制造基地: a description, not a name."""
    return bool(_DESCRIBED.search(c.ctext[:c.start]))


def reject_ranked(c: Head) -> bool:
    """青海省唯一国家级经济技术开发区: the first, the only one of a kind is a description (首个, 首批,
    第一个 are quantities, where the name stops: ``common.stop_at_quantity``)."""
    return bool(_RANKED.search(c.ctext, c.start, c.end))


def reject_future_role(c: Head) -> bool:
    """建成后将成为X基地和Y集聚区: what a place is to become, not a name."""
    return BECOME_VERB in c.ctext[:c.start]


def reject_policy(c: Head) -> bool:
    """宅基地制度改革试点: a policy, not a place."""
    return bool(_POLICY_AFTER.match(c.ctext[c.full_end:]))


def reject_qualities(c: Head) -> bool:
    """生态型、效益型科技工业园: qualities, not a name (but 高效N型 is a product's type)."""
    return bool(_QUALITY.search(c.ctext[c.start:c.end]))


def reject_book_title(c: Head) -> bool:
    """《X示范区建设方案》: a document's title."""
    return in_book_title(c.ctext, c.start)


def reject_counted_kind(c: Head) -> bool:
    """新建3个食用菌产业园, 建成食用菌产业园1个, 多个教育集团成立: a kind of park counted, not a name; 一个传统的
    纺织产业园, 一家在当地成长起来的科创公司: one of a kind, counted and described (an indefinite noun phrase;
    but 一家成立于2010年的X有限公司 names the company: a registered name is one)."""
    return bool(_COUNTED_BEFORE.search(c.ctext, 0, c.start) or _COUNTED_AFTER.match(c.ctext, c.full_end)
                or counted_before(c.toks, c.start)
                or (_COUNTED_DESCRIBED.search(c.ctext, 0, c.start) and not _REGISTERED_END.search(c.text)))


def trim_division_chain(c: Head) -> None:
    """河南省郑州市X开发区: the divisions written before the name place it; they are no part of it."""
    c.chained = _division_chain(c.text)
    if c.chained and len(c.text) - c.chained >= 4:
        c.start, c.text = c.start + c.chained, c.text[c.chained:]


def alias_own_division(c: Head) -> None:
    """甘肃省平凉市果品检测中心: an organisation's name opens with its own division: it is named 平凉市果品检测中心
    (the divisions still place it; the name without them and with the whole chain are aliases)."""
    chain = c.ctext[max(0, c.start - c.chained):c.start] if c.chained else ""
    if not chain or ORG not in lx.types_of(c.text):
        return  # (no chain trimmed off)
    hits = gazetteer().matcher().scan(chain)
    if hits and hits[0][0] == 0 and hits[-1][1] == len(chain) and PARK not in lx.types_of(c.text):
        c.own, c.chain = chain[hits[-1][0]:], chain


def take_region_title(c: Head) -> None:
    """全省X示范区: a designation titled by the whole region it serves keeps the title (X示范区 an alias)."""
    if c.m.group(0) in DESIGNATIONS and c.ctext[max(0, c.start - 2):c.start] in REGION_TITLES:
        c.titled = (c.text,)
        c.start, c.text = c.start - 2, c.ctext[c.start - 2:c.start] + c.text


# ---------------------------------------------------------------- the name and its core

def split_phase(c: Head) -> None:
    """X产业园二期: the park is X产业园, in its second phase."""
    c.name, c.phase = strip_phase(c.text)


def keep_company_project_whole(c: Head) -> None:
    """X有限公司二期项目: the company's project, not the company (named by the whole text)."""
    if c.m.group(0) == PROJECT_WORD and PROJECT not in lx.types_of(c.name) and set(lx.types_of(c.name)) <= {ORG}:
        c.name, c.as_project = c.text, True


def reject_too_short(c: Head) -> bool:
    """新区, A公司: a name of two characters, or a core of fewer than two Chinese characters (but 省/市/区/县
    + an organisation's head are a body of that level: 县公司, 市供销社)."""
    core, name = c.core, c.name
    short_ok = lx.han_count(core) >= 2 or (core in OWN_LEVELS and ORG in lx.types_of(name)
                                           and c.head not in GOVERNMENT_HEADS)
    return len(name) < 3 or not short_ok


def reject_generic_core(c: Head) -> bool:
    """特色农业产业园, 重点产业园: the words before the head say nothing specific."""
    return lx.is_generic(c.core)


def reject_generic_last_word(c: Head) -> bool:
    """重大项目, 技改项目, 效益型科技工业园: the word right before the head says nothing specific (unless a
    specific name stands before it: X动力电池配套产业园)."""
    return lx.last_word_generic(c.core) and not _specific_before_tail(c.core, c.head)


def reject_programme(c: Head) -> bool:
    """国家级重大科研项目, 互动项目: after these words 项目 is a programme or an activity, nothing built."""
    return c.head == PROJECT_WORD and c.core.endswith(PROGRAMME_WORDS)


def reject_place_doing(c: Head) -> bool:
    """崆峒区组织果农开展培训: a head noun the dictionary tags a verb (组织), after a division's name alone, is
    what the division does, not the name of a body (世界卫生组织 names one)."""
    return lx.tag(c.head) == "v" and only_a_place(c.core)


def reject_trade_alone(c: Head) -> bool:
    """运营有限公司, 管理有限公司: a company named by its trade alone (one word tagged a verb) is the end of a
    longer name the walk stopped short of (推广运营有限公司: ``organisations.take_registered_clause``)."""
    toks = lx.tokens(c.core)
    return c.head in REGISTERED and len(toks) == 1 and lx.tag(toks[0][0]) in ("v", "vn")


def reject_head_alone(c: Head) -> bool:
    """产业园项目: a head noun alone is no name (but 空港物流园区 is one)."""
    return c.core in head_nouns() and c.core not in PORT_LEADS


def reject_unnamed_works(c: Head) -> bool:
    """中小学品质提升工程, 污水处理厂扩容工程: a kind of works, not a named one."""
    return c.head == WORKS_WORD and (lx.han_count(c.core) < 4 or not _proper_lead(c.core))


def reject_dictionary_facility(c: Head) -> bool:
    """数据中心, 购物中心: one word of the dictionary, a kind of facility."""
    name = c.name
    return len(name) <= 4 and PARK not in lx.types_of(name) and lx.types_of(name) != (ORG,) \
        and name not in head_nouns() and 0 < lx.tokenizer().FREQ.get(name, 0) < 500 \
        and lx.tag(name) not in ("nt", "ns", "nr", "nz") and not is_district_word(name)


def reject_industry_project(c: Head) -> bool:
    """制造业项目, 光伏电站: a kind of project, named by its industry only."""
    return lx.types_of(c.name) == (PROJECT,) and _industry_only(c.core)


def reject_common_word_project(c: Head) -> bool:
    """物流项目, 添新项目: a common word is no project's name."""
    core = c.core
    return c.head == PROJECT_WORD and len(core) <= 2 and (all(len(t[0]) == 1 for t in lx.tokens(core))
                                                    or lx.tag(core) in ("n", "v", "vn", "a"))


def keep_company_of_unit(c: Head) -> None:
    """X科技有限公司实验室: a company's unit named by its head alone (实验室, 研究院) is the company's: the
    company is the name."""
    if c.as_project or lx.types_of(c.name) != (ORG,) or not _REGISTERED_END.search(c.core):
        return
    c.text, c.name = c.text[:len(c.core)], c.core


def trim_park_lead(c: Head) -> None:
    """崆峒工业园区汇泾智造科技有限公司, 崆峒工业园区陇源冷链物流中心项目: a park's name opening an
    organisation's name says where it lies and is no part of it (a company's registered name opens with a
    division or its brand, never with a park: it is named from after the park, the whole an alias); a
    project's name may keep the park, and is named without it too (an alias). A park's own name may open
    with another park's (X高新区Y产业园) and keeps it."""
    if c.as_project or PARK in lx.types_of(c.name):
        return
    cut = _leading_park_name(c.core)
    if not cut:
        return
    if lx.types_of(c.name) == (ORG,):
        c.whole += (c.name,)
        c.name = c.name[cut:]   # (the span still opens with the park: a name it holds)
    else:
        c.more += (c.name[cut:],)


def split_company_lead(c: Head) -> None:
    """X有限公司年产N吨Y项目, X股份有限公司Y基地, X集团Y产业园: the company is a name of its own, the project or park
    is what follows (the whole phrase stays an alias of the project)."""
    if c.as_project or lx.types_of(c.name) == (ORG,):
        return
    cut = company_lead(c.core, c.head)
    if not cut:
        return
    company = c.text[:cut]
    if not lx.is_generic(company[: len(company) - len(lx.suffix_of(company))]):
        c.company = company
    c.whole += (c.name,)
    c.cut = cut
    c.start, c.text, c.name = c.start + cut, c.text[cut:], c.name[cut:]


HEAD_FILTERS = (reject_head_mid_token, reject_head_going_on, reject_model_formula, reject_common_noun_ending_like_head,
                reject_landform_after_place)
NAME_FILTERS = (reject_unbalanced, reject_goal_described, reject_described, reject_ranked, reject_future_role,
                reject_policy, reject_qualities, reject_book_title, reject_counted_kind, trim_division_chain,
                alias_own_division, take_region_title)
CORE_FILTERS = (split_phase, keep_company_project_whole, reject_too_short, reject_generic_core,
                reject_generic_last_word, reject_programme, reject_trade_alone, reject_place_doing, reject_head_alone, reject_unnamed_works, reject_dictionary_facility,
                reject_industry_project, reject_common_word_project, keep_company_of_unit, split_company_lead,
                trim_park_lead)


def _placed(c: Head, name: str) -> tuple[str, ...]:
    """The aliases of an organisation named with its own division (alias_own_division): its name without
    the division, and with the whole chain before it."""
    return (name, c.chain + name) if c.own else ()


def _leading_park_name(core: str) -> int:
    """Length of a park's name (X高新区, X合作区: a park's head noun at a token's end, two characters or
    more before it) that opens ``core`` and is followed by four Chinese characters or more, or 0."""
    ends = {e for _, _, e in lx.tokens(core)}
    cut = 0
    for m in lx.suffix_regex().finditer(core):
        if PARK in lx.types_of(m.group(0)) and m.start() >= 2 and m.end() in ends \
                and lx.han_count(core[m.end():]) >= 4:
            cut = m.end()
    return cut


def _proper_lead(core: str) -> bool:
    """``core`` opens with a proper name: a place, a park, or a rare word (漳泽湖湿地…, 崆峒量子城域网…)."""
    toks = lx.tokens(core)
    if not toks:
        return False
    w = toks[0][0]
    return (is_district_word(w) or lx.tag(w) in ("ns", "nr", "nz", "nt")
            or (len(w) >= 2 and lx.tokenizer().FREQ.get(w, 0) < 100 and lx.tag(w) not in ("v", "a", "d", "vn")
                and w not in GENERIC_WORDS and lx.han_count(w) == len(w)))


def _specific_before_tail(core: str, head: str) -> bool:
    """X动力电池配套产业园, X创新科技风险投资有限公司: before the generic last word stands a specific name
    (a park's or an organisation's: a company's trade, 投资, 发展, is the word before its suffix)."""
    if not set(lx.types_of(head)) & {PARK, ORG}:
        return False
    toks = lx.tokens(core)
    before = core[: toks[-1][1]] if toks else ""
    lead = leading_division(before)
    rest = before[lead:]
    return lx.han_count(rest) >= 4 and not lx.is_generic(rest)


@functools.cache
def _lead_words() -> tuple[frozenset[str], tuple[int, ...]]:
    """Words that may open a project's name without naming it (generic words, function words,
    verbs, adverbs), and their lengths longest first."""
    words = GENERIC_WORDS | FUNCTION_WORDS | GOVERNING_VERBS | ADVERBS
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


_AMOUNT = re.compile(f"[0-9.]*[{chars(MAGNITUDES)}]+{alt(YUAN)}{alt(WITHIN_LIMITS)}?")
_TRADE = re.compile(f"{HAN}{{1,3}}{alt(TRADE_MARK)}")


def _industry_only(core: str) -> bool:
    """The part before 项目 names only an industry (制造业, 新引进新能源): no project of its own."""
    words, lengths = _lead_words()
    rest, prev = _AMOUNT.sub("", core), None
    while rest != prev:
        # drop the longest lead word that opens the rest (and is not all of it)
        prev = rest
        n = next((n for n in lengths if n < len(rest) and rest[:n] in words), 0)
        rest = rest[n:]
    return rest in CLUSTER_TERMS or bool(_TRADE.fullmatch(rest))


def _division_chain(name: str) -> int:
    """Length of two or more divisions written back to back at the start of ``name``, each inside
    the one before (广东省惠州市 in 广东省惠州市X开发区), or 0."""
    g = gazetteer()
    full = lambda surface: any(d.name == surface for d in g.by_name(surface))  # noqa: E731
    first = g.matcher().match(name[:16])
    if first is None or not full(first):
        return 0  # 宁波北仑X园: short forms are part of the name as used
    hits = g.matcher().scan(name[:16])
    end, n, prev = hits[0][1], 1, {d.code for d in g.by_name(hits[0][2])}
    best = 0
    for s, e, surface in hits[1:]:
        if s != end or not full(surface):
            break
        divs = g.by_name(surface)
        if not any(prev & {a.code for a in g.ancestors(d.code)} for d in divs):
            break
        end, n, prev = e, n + 1, {d.code for d in divs}
        if len(name) - end >= 4:
            best = end  # 河南省郑州市郑州经济技术开发区: the zone itself is in the table too
    if not best and len(hits) > 1 and hits[1][0] == hits[0][1] and len(name) - hits[0][1] >= 6 \
            and any(d.level == "province" for d in g.by_name(hits[0][2])):
        # 青海省西宁经济技术开发区: a province before a name that opens with one of its cities' short forms
        inner = {d.code for d in g.by_name(hits[0][2])}
        if any(inner & {a.code for a in g.ancestors(d.code)} for d in g.by_name(hits[1][2])):
            best = hits[0][1]
    return best

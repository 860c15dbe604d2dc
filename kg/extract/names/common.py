"""What the name finders share: a name's left edge, trimming, brackets, phases, clauses, places at its start.

A name is found from its right end (the head noun: 产业园, 项目, 集团, 产业 …) and grown to the left
over jieba tokens until a function word, a governing verb in governing position, a count (3个, 14家)
or punctuation (``left_edge``). The finders of the modules beside this one (suffix, enumerations,
clusters, organisations, places) build on these helpers; nothing here finds a name by itself.
"""
from __future__ import annotations

import functools
import re

from ...terms import PARK
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..words import (ADMIN_SUFFIXES, ADVERBS, ANNUAL_OUTPUT, AS_WELL_AS, BODY_HEADS, BRAND_CHARS, BY_WORDS,
                     CAPACITY_UNITS, CHAIN_POSITIONS, CLUSTER_HEADS, CLUSTER_TERMS, CN_DIGITS, COMPANY_HEADS,
                     COMPLEMENT_CHARS, DAY_MARK, DIVISION_END_CHARS, FIRM_WORD, FUNCTION_WORDS, GOVERNING_VERBS,
                     GREAT_COUNTER, GROUP_WORD, HAN, HIGH_STANDARDS, HOME_AND_ABROAD, INDUSTRY_WORD, INSIDE_WORDS,
                     LEAD_CHARS, LEVEL_MARK, LIST_JOINTS, MAGNITUDES, MEASURES, MONTH_MARK, ORG_INDUSTRY_WORDS,
                     OUTPUT_MAGNITUDES, PHASE_MARK, POTENTIAL_MARKS, PRODUCES, PROJECT_WORD, REGION_KINDS,
                     REGION_LEADS, REGISTERED, SHARES_WORD, SMALL_NUMERALS, STAT_SCOPES, VAGUE_COUNTS, WEAK_VERBS,
                     WITH, WITH_WORDS, WORKS_WORD, YEAR_ENDS, YEAR_MARK, YEAR_WORDS, alt, chars)


def rejected(filters: tuple, candidate) -> bool:
    """Apply a finder's ``filters`` in their order: True as soon as one rejects the candidate.

    A filter returns True to reject; one that trims (changes the candidate) returns None and lets it
    pass on to the next, so the order matters where a filter trims.
    """
    for f in filters:
        if f(candidate):
            return True
    return False


# ---------------------------------------------------------------- a name's left edge

class _Edge:
    """What the walk of ``left_edge`` knows of the name it grows (its head token and what it has passed)."""

    __slots__ = ("toks", "i", "floor", "company", "registered", "project", "industry", "fw", "gv", "weak", "adv",
                 "joined")

    def __init__(self, toks: list[tuple[str, int, int]], i: int, floor: int) -> None:
        self.toks, self.i, self.floor = toks, i, floor
        self.company = toks[i][0] in COMPANY_HEADS
        self.registered = toks[i][0] in REGISTERED
        self.project = toks[i][0] == PROJECT_WORD  # X镇2万吨高纯石墨项目: a capacity is part of a project's name
        self.industry = toks[i][0] in CLUSTER_HEADS or toks[i][0].endswith(INDUSTRY_WORD)   # 船舶及海洋工程装备产业
        self.fw, self.gv = FUNCTION_WORDS, GOVERNING_VERBS
        self.weak, self.adv = WEAK_VERBS, ADVERBS
        self.joined: list[str] = []   # the rules of EDGE_JOINS that let the walk pass a word


def left_edge(toks: list[tuple[str, int, int]], i: int, floor: int) -> int:
    """Start offset of a name whose head token is ``toks[i]``: walk left until a boundary (``_ends_name``).

    ``floor`` is the clause start; tokens are (word, start, end) with offsets in the same frame.
    Inside brackets everything belongs to the name; a verb, preposition or adverb cannot begin it.
    """
    return grown(toks, i, floor)[0]


def grown(toks: list[tuple[str, int, int]], i: int, floor: int) -> tuple[int, tuple[str, ...]]:
    """``left_edge``, and the names of the rules of EDGE_JOINS that let the walk pass a word it would
    have stopped at (a candidate so grown is more generous: its finder names it apart)."""
    edge = _Edge(toks, i, floor)
    start = _walk(edge)
    return start, tuple(dict.fromkeys(edge.joined))


def _walk(edge: _Edge) -> int:
    toks, i, floor = edge.toks, edge.i, edge.floor
    start = toks[i][1]
    j = i - 1
    depth = 0
    while j >= 0 and toks[j][1] >= floor:
        w = toks[j][0]
        if w in REGISTERED:
            edge.company = edge.registered = True  # X有限公司Y项目: left of the company suffix is a company name
        if w in CLOSE:
            depth += 1
        elif w in OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and _ends_name(edge, j):
            break
        start = toks[j][1]
        j -= 1
    # a verb, preposition or adverb cannot begin a name (发挥X园, 与X集团, 启用X中学)
    k = j + 1  # the token that starts at ``start``
    if k == i and _verb_named(toks, i, floor):
        return toks[i - 1][1]  # 下辖如意开发区、金山开发区: a word tagged a verb is the whole name before a park's head
    while k < i and (bad_lead(toks[k][0]) or any(lead(toks, k) for lead in EDGE_LEADS)):
        start = toks[k + 1][1]
        k += 1
    return start


def _ends_name(edge: _Edge, j: int) -> bool:
    """``toks[j]`` (outside brackets) is a boundary: the name grown from ``toks[edge.i]`` stops after it."""
    toks, i, floor, fw, gv, adv = edge.toks, edge.i, edge.floor, edge.fw, edge.gv, edge.adv
    w = toks[j][0]
    if w in ".．" and j - 1 >= 0 and toks[j - 1][0].isdigit() and toks[j + 1][0][:1].isdigit():
        return False  # 第8.6代: a decimal point inside the name
    if w == "—" and lx.joining_dash(toks, j) and toks[j - 1][1] >= floor:
        return False  # 中国—东盟X城: two names joined by a dash are one name
    if w in lx.PUNCT or w.isspace():
        return True
    if w == AS_WELL_AS and noun_joint(toks, j, floor, edge.industry):
        return False  # 汽车及零部件, 动力电池及材料研发基地: one name joined by 及
    if w in fw and not (edge.company and brand_char(toks, j)):
        return True
    if lx.COUNT_RE.fullmatch(w):
        return True
    if (w in MEASURES or w == GREAT_COUNTER) and j - 1 >= 0 and lx.NUM_RE.fullmatch(toks[j - 1][0]):
        return True  # (X三大功能区: the count is no part of a name)
    if lx.NUM_RE.fullmatch(w) and j + 1 < len(toks) and lx.UNIT_WORDS.match(toks[j + 1][0]) \
            and not (j - 1 >= 0 and (toks[j - 1][0] in ANNUAL_OUTPUT or toks[j - 1][0] == PRODUCES)) \
            and not (edge.project and _capacity_at(toks, j + 1)):
        return True
    if lx.UNIT_WORDS.fullmatch(w) and j - 1 >= 0 and lx.NUM_RE.fullmatch(toks[j - 1][0]) \
            and not (j - 2 >= 0 and toks[j - 2][0] in ANNUAL_OUTPUT) \
            and not (edge.project and _capacity_at(toks, j)):
        return True
    if w and w[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return True
    for stop in EDGE_STOPS:
        if stop(edge, j):
            return True
    if verb_stop(w) and w not in gv and not edge.registered and not (toks[i][0] == WORKS_WORD and j >= i - 2):
        for join in EDGE_JOINS:
            if join(edge, j):
                edge.joined.append(join.__name__)
                return False
        return True  # (扩容工程: the verb before 工程 names the works)
    if w in gv or w in adv:
        if edge.registered and j == i - 1:
            return False  # X发射保障有限公司: right before a registered suffix a verb is the company's trade
        prev = toks[j - 1][0] if j - 1 >= 0 and toks[j - 1][1] >= floor else None
        governing = (prev is None or prev in lx.PUNCT or prev in fw or prev in adv or prev in gv
                     or prev in DIVISION_END_CHARS   # 支持鸣沙镇建设X: a division's end
                     or prev in HIGH_STANDARDS   # 高标准建设X (but 高标准农田 is a name's part)
                     or is_district_word(prev) or prev in head_nouns()  # 在X新区建设Y基地
                     or bool(lx.UNIT_WORDS.fullmatch(prev)) or bool(lx.NUM_RE.fullmatch(prev)))  # 投资8亿元建设Y
        # (生态修复工程, 提升工程: the verb before 工程 names the works)
        return (w not in edge.weak or governing) and not (toks[i][0] == WORKS_WORD and j >= i - 2)
    return False


def _verb_named(toks: list[tuple[str, int, int]], i: int, floor: int) -> bool:
    """The word right before the park head ``toks[i]`` is its name though tagged a verb (如意开发区): a word
    of two characters or more that governs nothing, after a punctuation mark, a list joint or a verb."""
    if i < 1 or toks[i - 1][1] < floor or toks[i][0] not in park_words():
        return False
    w = toks[i - 1][0]
    if len(w) < 2 or w in GOVERNING_VERBS or w in WEAK_VERBS or w in ADVERBS \
            or not bad_lead(w) or lx.tag(w) != "v":
        return False
    prev = toks[i - 2][0] if i >= 2 and toks[i - 2][1] >= floor else None
    return prev is None or prev in _AFTER_BREAK or prev in GOVERNING_VERBS


# a break before a name: punctuation or a list's joint (a substring of this, as a token)
_AFTER_BREAK = "、，,：:（(“" + "".join(LIST_JOINTS)


def brand_char(toks: list[tuple[str, int, int]], j: int) -> bool:
    """``toks[j]``, a function word's character a brand may hold, sits among single characters that are no
    words of their own, or before the brand's industry word: part of a brand (历正科技: 正)."""
    if toks[j][0] not in BRAND_CHARS:
        return False
    fw = FUNCTION_WORDS
    before = toks[j - 1][0] if j >= 1 else ""
    after = toks[j + 1][0] if j + 1 < len(toks) else ""
    single = lambda w: len(w) == 1 and w not in fw and w not in lx.PUNCT and not lx.tag(w) in ("p", "c", "u")
    return single(before) and (single(after) or after in ORG_INDUSTRY_WORDS or after in REGISTERED)


LEAD_TAGS = frozenset({"v", "p", "c", "d", "ad", "i", "l", "r"})
# the parts of speech of closed classes (pronouns, conjunctions, prepositions, particles, modal particles,
# interjections, onomatopoeia: jieba's dictionary tags) that no name holds as a word of its own
CLOSED_TAGS = frozenset({"r", "c", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o"})
# the parts of speech of a word that governs what follows it (a verb, preposition, conjunction, adverb,
# time word or pronoun): before a place or a proper name it opens no name
GOVERNING_TAGS = frozenset({"v", "p", "c", "d", "ad", "t", "r"})
# the parts of speech of words that open a proper name (a place, an organisation, another proper noun)
OPENER_TAGS = frozenset({"ns", "nt", "nz"})


@functools.lru_cache(maxsize=65536)
def closed_class(w: str) -> bool:
    """``w`` (two characters or more) is a word of a closed class by its dictionary tag: a pronoun (我们,
    这些), conjunction (只有, 以及), preposition (通过, 凭借) or particle. A name holds no such word
    (a division that jieba's dictionary tags so, 大连, is a place)."""
    return len(w) >= 2 and lx.tag(w) in CLOSED_TAGS and not is_district_word(w)


@functools.lru_cache(maxsize=65536)
def opens_name(w: str) -> bool:
    """``w`` opens a proper name: a division (of two characters or more), a word jieba's dictionary tags a
    place, an organisation or another proper noun (中国科学院), or a word in Latin letters (vivo); a head
    noun (新区, 开发区: tagged ns) opens none."""
    if w in head_nouns():
        return False
    if w.isascii():
        return w.isalpha()
    if len(w) < 2:
        return False
    if is_district_word(w) or lx.tag(w) in OPENER_TAGS:
        return True
    place = gazetteer().matcher().match(w) if len(w) >= 4 and lx.suffix_of(w) else None
    return bool(place) and len(w) - len(place) >= 2 and not is_risky(place)   # 兰州大学: a place's own name


def stop_at_closed_class(edge: _Edge, j: int) -> bool:
    """就是我们开发区, 不只有X实验室: a word of a closed class by its dictionary tag (a pronoun,
    conjunction, preposition or particle of two characters or more) is no part of a name."""
    return closed_class(edge.toks[j][0])


def stop_before_governed_name(edge: _Edge, j: int) -> bool:
    """回乡创办平凉X有限公司, 联合中国科学院, 坐拥vivo研发中心: a word tagged a verb, preposition,
    conjunction, adverb, time word or pronoun right before a place or a proper name governs it; the
    name begins after it (even a company's, whose name may hold verbs)."""
    return j < edge.i and governs_name(edge.toks, j)


def stop_at_quantity(edge: _Edge, j: int) -> bool:
    """多个教育集团, 10余家火箭公司, 一座座数据中心: a quantity (a word jieba's dictionary tags a numeral
    that ends with a measure word: 多个, 余家, 几十个; or an unknown word of numerals and measures: 一座座)
    is no part of a name (what it counts is a kind: ``suffix.reject_counted_kind``)."""
    return quantity_word(edge.toks[j][0])


def stop_at_joint_after_name(edge: _Edge, j: int) -> bool:
    """顺德区与X大学, X有限公司与Y研究院, 平凉汇泾科技与陇东云谷有限公司, 崆峒区政府与平凉市果品协会: 与
    (同) after a word that ends a name (a place, a head noun, a body's head: 政府; an industry word after
    a brand or a place: 汇泾科技) joins two names, not two parts of one; the second begins after it."""
    toks = edge.toks
    if toks[j][0] not in WITH_WORDS or j < 1:
        return False
    prev = toks[j - 1][0]
    if is_district_word(prev) or lx.types_of(prev) or prev in BODY_HEADS:
        return True
    if toks[j - 1][1] < edge.floor:
        return False
    return prev in ORG_INDUSTRY_WORDS and j >= 2 and toks[j - 2][1] >= edge.floor and _proper_part(toks[j - 2][0])


def stop_at_localizer_after_place(edge: _Edge, j: int) -> bool:
    """高新区内民用航空产业, 园区里建学校: 内 or 里 right after a place or a head noun (高新区, 园区) says
    where; what follows is named on its own (the place before it is a name of its own, or none)."""
    toks = edge.toks
    if toks[j][0] not in INSIDE_WORDS or j < 1 or toks[j - 1][1] < edge.floor:
        return False
    prev = toks[j - 1][0]
    return is_district_word(prev) or bool(lx.types_of(prev)) or prev in head_nouns()


def stop_at_kind_before_name(edge: _Edge, j: int) -> bool:
    """本地果品企业汇泾集团, 龙头企业陇鑫科技有限公司: a word ending with 企业, before a proper word of a
    company's name (not right before its head: 企业集团), says what the company is; its name begins after
    it."""
    toks = edge.toks
    return (edge.company and toks[j][0].endswith(FIRM_WORD) and j < edge.i - 1
            and _proper_part(toks[j + 1][0]))


def stop_at_with_between_names(edge: _Edge, j: int) -> bool:
    """果品企业与汇泾集团, 汇泾通与兰州大学: 与 joins two names (or a kind and a name) unless it joins two
    common nouns inside one (果品保鲜与加工技术中心, 海洋科学与工程实验室: ``noun_joint``, the noun after it
    may be a head's word)."""
    return edge.toks[j][0] == WITH and not noun_joint(edge.toks, j, edge.floor, edge.industry, head_after=True)


def _proper_part(w: str) -> bool:
    """``w`` is part of a proper name: a division, a word tagged a place, an organisation or a proper
    noun, or a character or word jieba's dictionary does not know as a common word (a brand's: 汇泾)."""
    if is_district_word(w) or lx.tag(w) in ("ns", "nt", "nz", "nr"):
        return True
    if w in lx.PUNCT or w in FUNCTION_WORDS or not lx.han_count(w) == len(w):
        return False
    return (len(w) == 1 and lx.tag(w) not in ("p", "c", "u", "uj", "d", "r", "m", "q", "f")) or not pos(w)


def stop_at_lone_verb_before_head(edge: _Edge, j: int) -> bool:
    """湾区设研发中心, 下来到产业园: a single character tagged a verb, right before the head noun and after a
    word of two characters or more, is the predicate whose object the head is (设 a center); it names
    nothing (but 陇安新区, 超算中心: a character among single characters is part of a word jieba could not
    join)."""
    toks, i = edge.toks, edge.i
    return (j == i - 1 and j >= 1 and toks[j - 1][1] >= edge.floor and len(toks[j][0]) == 1
            and len(toks[j - 1][0]) >= 2 and lx.tag(toks[j][0]) == "v" and toks[i][0] in head_nouns())


def stop_at_date(edge: _Edge, j: int) -> bool:
    """3月17日项目过审, 5月开工项目, 2024年企业联合X中心: a date (a number and 月 or 日, a year of four
    digits and 年) is no part of a name."""
    toks = edge.toks
    if j < 1 or not lx.NUM_RE.fullmatch(toks[j - 1][0]):
        return False
    return toks[j][0] in (MONTH_MARK, DAY_MARK) or (toks[j][0] == YEAR_MARK and len(toks[j - 1][0]) == 4)


# where a name's part of speech ends it (run by ``_ends_name`` before the verbs and adverbs it knows
# by their word classes): the words that cannot stand inside a name, by their dictionary tags
EDGE_STOPS = (stop_at_closed_class, stop_before_governed_name, stop_at_quantity, stop_at_joint_after_name,
              stop_at_with_between_names, stop_at_localizer_after_place, stop_at_kind_before_name,
              stop_at_lone_verb_before_head, stop_at_date)


# the rule of a suffix name grown past a verb by join_noun_verb_compound (``suffix-compound:<head>``)
COMPOUND_RULE = "suffix-compound"
# the parts of speech of a noun a verb may follow inside a name (数据标注, 细胞治疗, 成果转移)
NOUN_TAGS = frozenset({"n", "nz", "vn", "j", "ng", "nt", "nr", "ns", "an"})


def join_noun_verb_compound(edge: _Edge, j: int) -> bool:
    """陇东数据清洗基地, 干细胞与基因检测中心, 科研成果转移转化基地: a verb right after a noun and
    right before the head (or before the verbs that stand before it) is no predicate that governs the
    name but part of a compound noun that names the thing (what is done there): the name goes on past it
    to the left. A generous reading: the name's rule says so (``suffix-compound:<head>``)."""
    toks, i = edge.toks, edge.i
    if j < 1 or toks[j - 1][1] < edge.floor or toks[i][0] not in head_nouns():
        return False   # (the head a word of its own: not 注册土木工程师, whose verb governs a dictionary word)
    if not all(lx.tag(t[0]) in ("v", "vn") for t in toks[j + 1:i]):
        return False   # the verbs must run up to the head (数据清洗基地; not 参观X基地)
    if len(toks[j][0]) >= 2 and toks[j][0][-1] in COMPLEMENT_CHARS:
        return False   # a verb and its complement moves a thing somewhere (机器运到博物馆): a predicate
    prev = toks[j - 1][0]
    if prev in head_nouns() or prev in edge.fw or prev in edge.gv or prev in edge.adv or lx.is_generic(prev):
        return False
    tag = lx.tag(prev)
    return tag in NOUN_TAGS or (not tag and len(prev) >= 2 and lx.han_count(prev) == len(prev))


def trim_lead_particle(toks: list[tuple[str, int, int]], k: int) -> bool:
    """据果品行业协会, 至X产业园, 用X基地, 在X园: a single character tagged a preposition, conjunction or
    adverb opening the name, before a word of two characters or more, is no part of it (but 自 of 自贸试验区
    stays: before another single character it is part of a word jieba could not join)."""
    w = toks[k][0]
    return len(w) == 1 and k + 1 < len(toks) and len(toks[k + 1][0]) >= 2 and pos(w) in LEAD_PARTICLE_TAGS


def trim_verb_complement(toks: list[tuple[str, int, int]], k: int) -> bool:
    """构建起先进电池、光伏三大产业 -> 先进电池: a single character tagged a verb right after the verb that
    stopped the walk, before a word of two characters or more, is that verb's complement (起, 成, 出),
    no part of the name (but 建设横市镇…: a division's name may open with such a character)."""
    w = toks[k][0]
    if len(w) != 1 or k < 1 or k + 1 >= len(toks) or len(toks[k + 1][0]) < 2 or pos(w) != "v":
        return False
    prev = toks[k - 1][0]
    return (prev in GOVERNING_VERBS or pos(prev) == "v") and not gazetteer().matcher().match(w + toks[k + 1][0])


# the parts of speech of a single character that opens no name (a preposition, a conjunction, an adverb)
LEAD_PARTICLE_TAGS = frozenset({"p", "c", "d"})
# what a name's first word may be that is no part of it (run by ``_walk`` after it stops, besides
# ``bad_lead``: the verbs, prepositions, conjunctions and adverbs of two characters or more, LEAD_CHARS)
EDGE_LEADS = (trim_lead_particle, trim_verb_complement)


# where a word that would end a name does not (run by ``_ends_name`` where a verb would stop the walk):
# a candidate grown past such a word is named apart by its finder
EDGE_JOINS = (join_noun_verb_compound,)


@functools.lru_cache(maxsize=65536)
def quantity_word(w: str) -> bool:
    """``w`` counts: a numeral of jieba's dictionary ending with a measure word (多个, 余家, 两家), a vague
    count (一批, 系列), or an unknown word of numerals ending with a measure word (一座座, 数十家)."""
    if w in VAGUE_COUNTS:
        return True
    if len(w) < 2 or w[-1] not in MEASURES or w[0] in MAGNITUDES:
        return False   # (600万条: an amount, a project's capacity)
    tag = lx.tag(w)
    return tag == "m" or (not tag and any(ch in CN_DIGITS for ch in w))


def counted_before(toks: list[tuple[str, int, int]], pos: int) -> bool:
    """The token that ends at ``pos`` is a quantity (``quantity_word``): what follows is counted."""
    return any(end == pos and quantity_word(w) for w, _, end in toks)


def governs_name(toks: list[tuple[str, int, int]], j: int) -> bool:
    """``toks[j]`` governs the proper name that ``toks[j + 1]`` opens: a word tagged a verb, preposition,
    conjunction, adverb, time word or pronoun (创办, 联合, 拥, 当) before a place or a proper name is no
    part of that name, which begins after it (but a list's joint, 与/和/及, may join two parts of one name:
    半导体与集成电路)."""
    w = toks[j][0]
    if j + 1 >= len(toks) or w in LIST_JOINTS or is_district_word(w):
        return False
    if lx.tag(w) in GOVERNING_TAGS and opens_name(toks[j + 1][0]):
        return True
    # 联合汇泾集团: a verb before a run of single characters (a brand or a place jieba could not join)
    return len(w) >= 2 and pos(w) == "v" and _unknown_word_at(toks, j + 1)


def _unknown_word_at(toks: list[tuple[str, int, int]], k: int) -> bool:
    """``toks[k]`` and ``toks[k + 1]`` are single Chinese characters, no function words and no head noun
    together: the start of a word jieba's dictionary could not join (陇鑫, 汇泾)."""
    if k + 1 >= len(toks):
        return False
    a, b = toks[k][0], toks[k + 1][0]
    return (len(a) == len(b) == 1 and lx.han_count(a + b) == 2 and a not in FUNCTION_WORDS
            and b not in FUNCTION_WORDS and a + b not in head_nouns())


def _capacity_at(toks: list[tuple[str, int, int]], k: int) -> bool:
    """``toks[k]`` is a unit of output (吨, 台, GW): 2万吨X项目 names its product, not a price or an area."""
    w = toks[k][0]
    if w in OUTPUT_MAGNITUDES and k + 1 < len(toks):
        w = w + toks[k + 1][0]
    return w in CAPACITY_UNITS


@functools.lru_cache(maxsize=65536)
def bad_lead(w: str) -> bool:
    """A word that cannot open a name (a verb, preposition, conjunction or adverb); cached per word."""
    if is_district_word(w):
        return False  # 大连 is tagged an adverb in jieba's dictionary
    if len(w) == 1:
        return w in LEAD_CHARS
    return lx.tag(w) in LEAD_TAGS and w not in WEAK_VERBS


@functools.lru_cache(maxsize=65536)
def verb_stop(w: str) -> bool:
    """A dictionary verb that is not a word names are made of (发布, 包靠) ends a name; cached per word.
    So does a rare word that is a verb and its complement (捕捉到, 折射出, 织就: tagged an idiom or a
    noun by the dictionary)."""
    return (len(w) >= 2 and (lx.tag(w) == "v" or verb_and_complement(w)) and w not in WEAK_VERBS
            and w not in ORG_INDUSTRY_WORDS)


def verb_and_complement(w: str) -> bool:
    """``w`` (two or three characters, rare in jieba's dictionary) is a verb and a resultative or
    directional complement (捕捉到, 织就), or a verb, 不/得 and a complement (听不懂, 买得起); frequent words
    (集成, 合成, 成就) are read by their own tag."""
    if not 2 <= len(w) <= 3 or lx.tag(w):
        return False
    return (w[-1] in COMPLEMENT_CHARS and pos(w[:-1]) == "v") or (
        len(w) == 3 and w[1] in POTENTIAL_MARKS and pos(w[0]) == "v")


def noun_joint(toks: list[tuple[str, int, int]], j: int, floor: int, industry: bool = False,
               head_after: bool = False) -> bool:
    """``toks[j]`` (及, 与) joins two nouns inside one name: neither side is a name, place, verb or count
    (in an industry's name, a side may end like a name's head: 船舶及海洋工程装备产业; with
    ``head_after``, the side after it: 海洋科学与工程实验室)."""
    if j - 1 < 0 or j + 1 >= len(toks) or toks[j - 1][1] < floor:
        return False
    prev, nxt = toks[j - 1][0], toks[j + 1][0]
    def nounish(w: str) -> bool:
        return (len(w) >= 2 and w not in lx.PUNCT and (industry or not lx.types_of(w)) and not is_district_word(w)
                and w not in FUNCTION_WORDS and w not in GOVERNING_VERBS
                and w not in ADVERBS and lx.tag(w) not in ("v", "d", "p", "c", "m", "r")
                and not lx.NUM_RE.fullmatch(w) and not lx.is_generic(w))
    return nounish(prev) and (nounish(nxt) or (head_after and bool(lx.types_of(nxt)) and pos(nxt) != "v"))


def is_district_word(w: str) -> bool:
    """``w`` (two characters or more) is a name or short form of the division table."""
    return len(w) >= 2 and bool(gazetteer().by_name(w))


@functools.cache
def park_words() -> frozenset[str]:
    """The head nouns of parks (开发区, 产业园, 基地 …)."""
    return frozenset(s for s, types in lx.suffix_types() if PARK in types)


@functools.cache
def head_nouns() -> frozenset[str]:
    """Every head noun of the lexicon (park, project and organisation suffixes)."""
    return frozenset(s for s, _ in lx.suffix_types())


def plain_noun(item: str) -> bool:
    """A short noun phrase: no verb, function word, number or place, not generic."""
    if not 2 <= len(item) <= 10 or lx.han_count(item) < len(item) - 1 or lx.is_generic(item):
        return False
    toks = lx.tokens(item)
    weak = WEAK_VERBS
    return not (any(((t in GOVERNING_VERBS or verb_stop(t)) and not (n > 0 and t in weak))
                    or t in ADVERBS or t in FUNCTION_WORDS or is_district_word(t)
                    for n, (t, _, _) in enumerate(toks))
                or bad_lead(toks[0][0]))


# ---------------------------------------------------------------- parts of speech

# a line "word freq tag" of jieba's dictionary for a rare word (seen fewer than 50 times: lexicon.tag
# knows only the frequent ones) tagged a verb, adverb, preposition, conjunction, pronoun or numeral
_RARE_ENTRY = re.compile(r"^(\S+) (?:[0-9]|[1-4][0-9]) (v|vn|d|p|c|r|m)$", re.M)


@functools.cache
def _rare_tags() -> dict[str, str]:
    """word -> part of speech of jieba's rare words of the closed and verbal classes (甄选, 紧扣: v);
    kept between processes (stored.py)."""
    from ..divisions import jieba_dict_text
    from ..stored import jieba_files, stored

    return stored("jieba-rare-tags", (jieba_files(), _RARE_ENTRY.pattern),
                  lambda: dict(_RARE_ENTRY.findall(jieba_dict_text())))


def pos(w: str) -> str:
    """The part of speech of ``w`` in jieba's dictionary: ``lexicon.tag`` for its frequent words, else
    the tag of a rare word when it is a verb, adverb, preposition, conjunction, pronoun or numeral."""
    return lx.tag(w) or _rare_tags().get(w, "")


# the parts of speech a noun phrase cannot open with (a word of two characters or more), or be alone
NOT_OPENING_TAGS = frozenset({"v", "d", "p", "c", "r", "m"})
NOT_ALONE_TAGS = frozenset({"v", "vn", "d", "ad", "p", "c", "r", "m"})


@functools.lru_cache(maxsize=65536)
def noun_phrase(text: str) -> bool:
    """``text`` reads as a noun phrase by its parts of speech (what an industry's name is): it is not one
    word tagged a verb, adverb, preposition, conjunction, pronoun or numeral (助力, 发展, 甄选), and its
    first word is no verb, adverb, preposition, conjunction, pronoun or numeral of two characters or more
    (锚定蔬菜, 若干高潜力, 一次大健康) unless a verb that names things too (WEAK_VERBS: 通用人工智能) or a place."""
    toks = lx.tokens(text)
    if not toks:
        return False
    first = toks[0][0]
    if text in CLUSTER_TERMS or first in CLUSTER_TERMS or is_district_word(first):
        return True
    tag = pos(first) or ("v" if first in GOVERNING_VERBS else "")   # (获批, 紧盯: verbs jieba does not tag)
    if len(toks) == 1:
        return tag not in NOT_ALONE_TAGS
    return not (len(first) >= 2 and tag in NOT_OPENING_TAGS and first not in WEAK_VERBS)


# ---------------------------------------------------------------- a name's text

@functools.lru_cache(maxsize=1024)
def clauses(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, text) of each clause of a sentence; cached because every rule reads the same clauses."""
    out, pos = [], 0
    for m in lx.CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return tuple(out)


OPEN, CLOSE = "(（", ")）"


_BRACKET = re.compile("[(（)）]")


def balanced(text: str) -> bool:
    """Every bracket of ``text`` closes one opened before it."""
    if not _BRACKET.search(text):
        return True  # (most names hold no bracket at all)
    depth = 0
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_ITEM_MARK = re.compile(rf"[（(][{chars(SMALL_NUMERALS)}0-9]{{1,3}}[)）]")


def trim(text: str) -> tuple[int, int]:
    """Offsets that drop leading/trailing quotes, spaces, unbalanced brackets and an item's number ((一)X区)."""
    a, b = 0, len(text)
    m = _ITEM_MARK.match(text)
    if m and m.end() < b:
        a = m.end()
    while a < b and (text[a] in "“”‘’\"' ·" or (text[a] in CLOSE)):
        a += 1
    while b > a and text[b - 1] in "“”‘’\"' ·":
        b -= 1
    return a, b


_PHASE_TAIL = re.compile(rf"(?:[{chars(SMALL_NUMERALS)}]|[0-9]+){alt(PHASE_MARK)}{alt(WORKS_WORD, PROJECT_WORD)}?$")


def strip_phase(text: str) -> tuple[str, int | None]:
    """X产业园二期 -> (X产业园, 2); a name without a phase -> (name, None)."""
    m = _PHASE_TAIL.search(text)
    if m:
        return text[: m.start()], lx.cn_int(m.group(0).split(PHASE_MARK)[0])
    return text, None


def in_book_title(text: str, pos: int) -> bool:
    """``pos`` lies inside 《…》 (the title of a plan, a law or a publication)."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


# ---------------------------------------------------------------- what opens a name

ADMIN_SUFFIX = re.compile(rf"({alt(ADMIN_SUFFIXES)})$")


def leading_division(core: str) -> int:
    """Length of a division's full name (宜宾市, 南湖区) that opens ``core``, or 0."""
    place = gazetteer().matcher().match(core[:12])
    if place and ADMIN_SUFFIX.search(place) and any(d.name == place for d in gazetteer().by_name(place)):
        return len(place)
    return 0


def only_a_place(text: str) -> bool:
    """``text`` is a division's name or short form and nothing more (新疆, 宜宾)."""
    return gazetteer().matcher().match(text[:16]) == text


_REGISTERED_LEAD = re.compile(rf".{{2,}}{alt(REGISTERED)}")


_GROUP_LEAD = re.compile(rf".{{2,}}?{alt(GROUP_WORD)}(?=.{{4,}}$)")
# (陇鑫股份 of 陇鑫股份新材料产业园: a brand of two to four characters and 股份, before what is its own)
_SHARES_LEAD = re.compile(rf"{HAN}{{2,4}}?{alt(SHARES_WORD)}(?={HAN}{{3,}}$)")


def company_lead(core: str, head: str) -> int:
    """Length of a company name that opens ``core`` (the part of a name before its head noun), or 0.

    The last registered suffix wins (骆驼集团华中蓄电池有限公司 is one company); 集团 counts only before a
    project's or a park's head (X集团Y医疗产业园: the group's park).
    """
    least = 2 if head == PROJECT_WORD else 4
    m = _REGISTERED_LEAD.match(core)
    if m and len(core) - m.end() >= least:
        return m.end()
    if head == PROJECT_WORD or PARK in lx.types_of(head):
        m = _GROUP_LEAD.match(core) or _SHARES_LEAD.match(core)
        if m and len(core) - m.end() >= min(least, 3):
            return m.end()
    return 0


LEVEL_LEAD = re.compile(rf"^(?:{HAN}{{1,3}}{alt(LEVEL_MARK)})+(?={HAN}{{2}})")


# what may open a cluster phrase but is no part of the industry: a time, a stage of the chain, a region
NOT_INDUSTRY_LEAD = re.compile(f"^(?:{alt(BY_WORDS)}?(?:[0-9]{{4}}{alt(YEAR_MARK)}{alt(YEAR_ENDS)}?|"
                               f"{alt(YEAR_WORDS)})|{alt(CHAIN_POSITIONS)}|{alt(STAT_SCOPES)}|{alt(REGION_LEADS)}{alt(REGION_KINDS)}|"
                               f"{alt(HOME_AND_ABROAD)})(?={HAN}{{2}})")

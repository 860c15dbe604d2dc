"""Entity rules: names found by their head nouns, enumerations, industry words and the division table.

A name is found from its right end (the head noun: 产业园, 项目, 集团, 产业 …)
and grown to the left over jieba tokens until a function word, a governing verb
in governing position, a count (3个, 14家) or punctuation. Enumerations
(A、B、C等N个X; 培育A、B、C3个产业集群) give every item the type of their shared
head noun. Districts come from the national table, accepted only with an
administrative suffix or in a position where a short form cannot be a common word.
"""
from __future__ import annotations

import bisect
import functools
import re

from ..records import CLUSTER, DISTRICT, ORG, PARK, PROJECT
from . import lexicon as lx
from .divisions import gazetteer, is_risky
from .span import Span

OPEN, CLOSE = "(（", ")）"
_BRACKET = re.compile("[(（)）]")


def _balanced(text: str) -> bool:
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


def left_edge(toks: list[tuple[str, int, int]], i: int, floor: int) -> int:
    """Start offset of a name whose head token is ``toks[i]``: walk left until a boundary.

    ``floor`` is the clause start; tokens are (word, start, end) with offsets in the same frame.
    """
    fw, gv, weak, adv = lx.words("function_words"), lx.words("governing_verbs"), lx.words("weak_verbs"), lx.words("adverbs")
    company = toks[i][0] in COMPANY_HEADS
    registered = toks[i][0] in REGISTERED
    project = toks[i][0] == "项目"  # X镇2万吨高纯石墨项目: a capacity is part of a project's name
    start = toks[i][1]
    j = i - 1
    depth = 0
    while j >= 0 and toks[j][1] >= floor:
        w = toks[j][0]
        if w in REGISTERED:
            company = registered = True  # X有限公司Y项目: left of the company suffix is a company name
        if w in CLOSE:
            depth += 1
        elif w in OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth > 0:
            pass  # inside brackets everything belongs to the name
        elif w in ".．" and j - 1 >= 0 and toks[j - 1][0].isdigit() and toks[j + 1][0][:1].isdigit():
            pass  # 第8.6代: a decimal point inside the name
        elif w == "—" and lx.joining_dash(toks, j) and toks[j - 1][1] >= floor:
            pass  # 中国—东盟X城: two names joined by a dash are one name
        elif w in lx.PUNCT or w.isspace():
            break
        elif w == "及" and _noun_joint(toks, j, floor):
            pass  # 汽车及零部件, 动力电池及材料研发基地: one name joined by 及
        elif w in fw and not (w in BRAND_CHARS and company and _brand_char(toks, j, fw)):
            break
        elif w in ("与", "同", "和") and j - 1 >= 0 and (_is_district_word(toks[j - 1][0]) or lx.types_of(toks[j - 1][0])):
            break  # 顺德区与X大学, X有限公司与Y研究院: two names, not one
        elif lx.COUNT_RE.fullmatch(w):
            break
        elif (w in lx.MEASURES or w == "大") and j - 1 >= 0 and lx.NUM_RE.fullmatch(toks[j - 1][0]):
            break  # (X三大功能区: the count is no part of a name)
        elif lx.NUM_RE.fullmatch(w) and j + 1 < len(toks) and lx.UNIT_WORDS.match(toks[j + 1][0]) \
                and not (j - 1 >= 0 and toks[j - 1][0] in ("年产", "年产能", "产")) \
                and not (project and _capacity_at(toks, j + 1)):
            break
        elif lx.UNIT_WORDS.fullmatch(w) and j - 1 >= 0 and lx.NUM_RE.fullmatch(toks[j - 1][0]) \
                and not (j - 2 >= 0 and toks[j - 2][0] in ("年产", "年产能")) \
                and not (project and _capacity_at(toks, j)):
            break
        elif w and w[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
            break
        elif _verb_stop(w) and w not in gv and not registered and not (toks[i][0] == "工程" and j >= i - 2):
            break  # (扩容工程: the verb before 工程 names the works)
        elif w in gv or w in adv:
            prev = toks[j - 1][0] if j - 1 >= 0 and toks[j - 1][1] >= floor else None
            governing = (prev is None or prev in lx.PUNCT or prev in fw or prev in adv or prev in gv
                         or prev in ("镇", "乡", "县", "区", "市", "村", "省")   # 支持鸣沙镇建设X: a division's end
                         or prev in ("高标准", "高起点")   # 高标准建设X (but 高标准农田 is a name's part)
                         or _is_district_word(prev) or prev in _HEADS()  # 在X新区建设Y基地
                         or bool(lx.UNIT_WORDS.fullmatch(prev)) or bool(lx.NUM_RE.fullmatch(prev)))  # 投资8亿元建设Y
            if (w not in weak or governing) and not (toks[i][0] == "工程" and j >= i - 2):
                break  # (生态修复工程, 提升工程: the verb before 工程 names the works)
        start = toks[j][1]
        j -= 1
    # a verb, preposition or adverb cannot begin a name (发挥X园, 与X集团, 启用X中学)
    k = j + 1  # the token that starts at ``start``
    if k == i and _verb_named(toks, i, floor):
        return toks[i - 1][1]  # 下辖如意开发区、金山开发区: a word tagged a verb is the whole name before a park's head
    while k < i and _bad_lead(toks[k][0]):
        start = toks[k + 1][1]
        k += 1
    return start


def _verb_named(toks: list[tuple[str, int, int]], i: int, floor: int) -> bool:
    """The word right before the park head ``toks[i]`` is its name though tagged a verb (如意开发区): a word
    of two characters or more that governs nothing, after a punctuation mark, a list joint or a verb."""
    if i < 1 or toks[i - 1][1] < floor or toks[i][0] not in _PARK_WORDS():
        return False
    w = toks[i - 1][0]
    if len(w) < 2 or w in lx.words("governing_verbs") or w in lx.words("weak_verbs") or w in lx.words("adverbs") \
            or not _bad_lead(w) or lx.tag(w) != "v":
        return False
    prev = toks[i - 2][0] if i >= 2 and toks[i - 2][1] >= floor else None
    return prev is None or prev in "、，,：:（(“和及与" or prev in lx.words("governing_verbs")


@functools.cache
def _PARK_WORDS() -> frozenset[str]:
    return frozenset(s for s, types in lx.suffix_types() if PARK in types)


@functools.cache
def _HEADS() -> frozenset[str]:
    return frozenset(s for s, _ in lx.suffix_types())


# the suffixes of a registered company name: everything from the place to the suffix is one name
REGISTERED = frozenset({"有限公司", "股份有限公司", "有限责任公司", "分公司"})


def _noun_joint(toks: list[tuple[str, int, int]], j: int, floor: int) -> bool:
    """``toks[j]`` (及) joins two nouns inside one name: neither side is a name, place, verb or count."""
    if j - 1 < 0 or j + 1 >= len(toks) or toks[j - 1][1] < floor:
        return False
    prev, nxt = toks[j - 1][0], toks[j + 1][0]
    def nounish(w: str) -> bool:
        return (len(w) >= 2 and w not in lx.PUNCT and not lx.types_of(w) and not _is_district_word(w)
                and w not in lx.words("function_words") and w not in lx.words("governing_verbs")
                and w not in lx.words("adverbs") and lx.tag(w) not in ("v", "d", "p", "c", "m", "r")
                and not lx.NUM_RE.fullmatch(w) and not lx.is_generic(w))
    return nounish(prev) and nounish(nxt)


# a company's brand may hold characters that are function words elsewhere (隆基绿能科技有限公司)
COMPANY_HEADS = frozenset({"有限公司", "股份有限公司", "有限责任公司", "公司", "集团", "科技", "股份"})
BRAND_CHARS = frozenset("能会可同正共为")


def _brand_char(toks: list[tuple[str, int, int]], j: int, fw: frozenset[str]) -> bool:
    """``toks[j]`` sits among single characters that are no words of their own: part of a brand."""
    before = toks[j - 1][0] if j >= 1 else ""
    after = toks[j + 1][0] if j + 1 < len(toks) else ""
    single = lambda w: len(w) == 1 and w not in fw and w not in lx.PUNCT and not lx.tag(w) in ("p", "c", "u")
    return single(before) and (single(after) or after in lx.words("org_industry_words") or after in REGISTERED)


LEAD_TAGS = frozenset({"v", "p", "c", "d", "ad", "i", "l"})
LEAD_CHARS = frozenset("与和及同向对把被从由在于为以将")


CAPACITY_UNITS = frozenset({"吨", "万吨", "千吨", "亿吨", "台", "万台", "辆", "万辆", "套", "万套", "件", "万件", "片", "万片",
                            "GW", "MW", "GWh", "MWh", "千瓦", "兆瓦", "万千瓦", "吉瓦", "条", "只", "万只"})


def _capacity_at(toks: list[tuple[str, int, int]], k: int) -> bool:
    """``toks[k]`` is a unit of output (吨, 台, GW): 2万吨X项目 names its product, not a price or an area."""
    w = toks[k][0]
    if w in ("万", "千", "亿") and k + 1 < len(toks):
        w = w + toks[k + 1][0]
    return w in CAPACITY_UNITS


@functools.lru_cache(maxsize=65536)
def _bad_lead(w: str) -> bool:
    """A word that cannot open a name (a verb, preposition, conjunction or adverb); cached per word."""
    if _is_district_word(w):
        return False  # 大连 is tagged an adverb in jieba's dictionary
    if len(w) == 1:
        return w in LEAD_CHARS
    return lx.tag(w) in LEAD_TAGS and w not in lx.words("weak_verbs")


@functools.lru_cache(maxsize=65536)
def _verb_stop(w: str) -> bool:
    """A dictionary verb that is not a word names are made of (发布, 包靠) ends a name; cached per word."""
    return (len(w) >= 2 and lx.tag(w) == "v" and w not in lx.words("weak_verbs")
            and w not in lx.words("org_industry_words"))


def _is_district_word(w: str) -> bool:
    return len(w) >= 2 and bool(gazetteer().by_name(w))


_PHASE_TAIL = re.compile(r"(?:[一二三四五六七八九十]|[0-9]+)期(?:工程|项目)?$")


def _strip_phase(text: str) -> tuple[str, int | None]:
    m = _PHASE_TAIL.search(text)
    if m:
        return text[: m.start()], lx.cn_int(m.group(0).split("期")[0])
    return text, None


_ITEM_MARK = re.compile(r"[（(][一二三四五六七八九十0-9]{1,3}[)）]")


def _trim(text: str) -> tuple[int, int]:
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


DESIGNATIONS = frozenset({"示范区", "先行区", "实验区", "试验区", "先导区", "样板区"})

# the rules of suffix_spans, compiled once (they run for every head noun of the corpus)
_HEAD_GOES_ON = re.compile(r"[东南西北]?站|城[市区]")
_PHASE_AFTER = re.compile(r"(?:[一二三四五六七八九十]|[0-9]+)期")
_GOAL_VERB = re.compile(r"(成为|打造|建成|建设成|形成)")
_DESCRIBED = re.compile(r"(重要|最大|最强|主要|领先|知名|著名|一流|最具[\u4e00-\u9fff]{1,4})的$")
# 青海省首个国家级经济技术开发区: the first, the only one of a kind is a description
_RANKED = re.compile(r"(首个|首家|首批|第一个|唯一|唯一的|第[0-9一二三四五六七八九十]+个)")
_POLICY_AFTER = re.compile(r"(?:[一二三四五六七八九十]|[0-9]+期)?(?:制度|改革|政策|试点)")
_QUALITY = re.compile(r"[\u4e00-\u9fff](?![新大小重轻微中巨])[\u4e00-\u9fff]型")   # (not 高效N型: a product's type)


_TOWN_LIKE = re.compile(r"(?:乡|镇|街道|村|县)$")
_PORT_LEADS = frozenset({"空港", "陆港", "海港", "航空港", "内陆港"})   # heads that also lead names of their areas
_COUNTED_BEFORE = re.compile(rf"[0-9{lx.CN_DIGITS}]+(?:个|座|处|所)$")
_COUNTED_AFTER = re.compile(rf"[0-9{lx.CN_DIGITS}]+(?:个|座|处|所)")


def suffix_spans(sent_text: str, base: int, sentence: int) -> list[Span]:
    """Names ending with a head noun (park, project, organisation suffixes)."""
    out: list[Span] = []
    for c0, ctext in _clauses(sent_text):
        heads = list(lx.suffix_regex().finditer(ctext))
        if not heads:
            continue
        toks = lx.tokens(ctext)
        starts, ends = [t[1] for t in toks], {t[2] for t in toks}
        for m in heads:
            end = m.end()
            if end not in ends:
                # the head must end on a token boundary (产业园区 rather than 产业园 + 区…)
                continue
            # head token: the token containing the suffix start
            if (ctext[end:end + 1] and ctext[end] in "库部组办群链带圈") or _HEAD_GOES_ON.match(ctext[end:]):
                continue  # 项目库, 园区办: the head goes on into another noun
            if ctext[m.start() - 1:m.start()] in ("+", "＋") or ctext[end:end + 1] in ("+", "＋"):
                continue  # “公司+合作社+农户”: a model's formula, not a name
            k = bisect.bisect_right(starts, m.start()) - 1  # (tokens cover the clause end to end)
            head_tok = toks[k][0]
            if head_tok != m.group(0) and len(head_tok) <= 3 and lx.tag(head_tok) in ("n", "nz", "vn") \
                    and head_tok.endswith(m.group(0)):
                continue  # 宅基地: a common noun that merely ends like a head noun
            start = left_edge(toks, k, 0)
            if toks[k][1] < m.start() and start == toks[k][1]:
                start = toks[k][1]
            # a phase right after the head: 一期, 三期
            pm = _PHASE_AFTER.match(ctext[end:])
            full_end = end + (pm.end() if pm else 0)
            text = ctext[start:full_end]
            a, b = _trim(text)
            text = text[a:b]
            start += a
            if not text or not _balanced(text):
                continue
            if ctext[max(0, start - 1):start] == "的" and _GOAL_VERB.search(ctext[:start]):
                continue  # 打造全国最大的X基地: a goal described, not a name
            if _DESCRIBED.search(ctext[:start]) or _RANKED.search(ctext, start, end):
                continue  # 全国重要的家电制造基地: a description, not a name
            if "成为" in ctext[:start]:
                continue  # 建成后将成为X基地和Y集聚区: what a place is to become, not a name
            if _POLICY_AFTER.match(ctext[full_end:]):
                continue  # 宅基地制度改革试点: a policy, not a place
            if _QUALITY.search(ctext[start:end]):
                continue  # 生态型、效益型科技工业园: qualities, not a name
            if _in_book_title(ctext, start):
                continue  # 《X示范区建设方案》: a document's title
            if _COUNTED_BEFORE.search(ctext, 0, start) or _COUNTED_AFTER.match(ctext, full_end):
                continue  # 新建3个食用菌产业园, 建成食用菌产业园1个: a kind of park counted, not a name
            chained = _division_chain(text)
            if chained and len(text) - chained >= 4:
                # 河南省郑州市X开发区: the divisions written before the name place it; they are no part of it
                start, text = start + chained, text[chained:]
            titled = ()
            if m.group(0) in DESIGNATIONS and ctext[max(0, start - 2):start] in ("全省", "全市", "全国", "全区", "全县"):
                titled = (text,)
                start, text = start - 2, ctext[start - 2:start] + text
            name, phase = _strip_phase(text)
            as_project = False
            if m.group(0) == "项目" and PROJECT not in lx.types_of(name) and set(lx.types_of(name)) <= {ORG}:
                # X有限公司二期项目: the company's project, not the company
                name, as_project = text, True
            head = lx.suffix_of(name)
            core = name[: len(name) - len(head)]
            short_ok = lx.han_count(core) >= 2 or (core in ("省", "市", "区", "县") and ORG in lx.types_of(name)
                                                   and head not in ("人民政府", "管委会", "委员会"))
            if len(name) < 3 or lx.is_generic(core) or not short_ok or (lx.last_word_generic(core)
                                                                      and not _specific_before_tail(core, head)):
                continue
            if core in _HEADS() and core not in _PORT_LEADS:
                continue  # 产业园项目: a head noun alone is no name (but 空港物流园区 is one)
            if head == "工程" and (lx.han_count(core) < 4 or not _proper_lead(core)):
                continue  # 中小学品质提升工程, 污水处理厂扩容工程: a kind of works, not a named one
            if len(name) <= 4 and PARK not in lx.types_of(name) and lx.types_of(name) != (ORG,) \
                    and name not in _HEADS() and 0 < lx.tokenizer().FREQ.get(name, 0) < 500 \
                    and lx.tag(name) not in ("nt", "ns", "nr", "nz") and not _is_district_word(name):
                continue  # 数据中心, 购物中心: one word of the dictionary, a kind of facility
            if lx.types_of(name) == (PROJECT,) and _industry_only(core):
                continue  # 制造业项目, 光伏电站: a kind of project, not a named one
            if head == "项目" and len(core) <= 2 and (all(len(t[0]) == 1 for t in lx.tokens(core))
                                                    or lx.tag(core) in ("n", "v", "vn", "a")):
                continue  # 物流项目, 添新项目: a common word is no project's name
            types = lx.types_of(name)
            label = name
            extra = titled
            if as_project:
                out.append(Span(base + c0 + start, base + c0 + start + len(text), text, (PROJECT,), "suffix:项目",
                                sentence, label=text, phase=phase))
                continue
            cut = _company_lead(core, head) if types != (ORG,) else 0
            if cut:
                # X有限公司年产N吨Y项目, X股份有限公司Y基地: the company is a name of its own, the
                # project or park is what follows (the whole phrase stays an alias of the project)
                company = text[:cut]
                if not lx.is_generic(company[: len(company) - len(lx.suffix_of(company))]):
                    out.append(Span(base + c0 + start, base + c0 + start + cut, company, (ORG,), "suffix:company",
                                    sentence, label=company))
                extra = extra + (name,)
                start, text, core = start + cut, text[cut:], core[cut:]
                name = name[cut:]
                label = name
            if head == "项目":
                if lx.types_of(core):
                    types = tuple(dict.fromkeys(lx.types_of(core) + types))  # X产业园项目 is a park too
            if head == "项目" and len(core) >= 2:
                label = core  # 年产N吨X项目 -> named by what it builds; 项目 form kept as alias
            out.append(Span(base + c0 + start, base + c0 + start + len(text), text, types, f"suffix:{head}",
                            sentence, label=label, phase=phase,
                            extra_aliases=((name,) if label != name else ()) + extra,
                            chained=bool(chained and len(text) >= 4 and not cut)))
    return out


def _proper_lead(core: str) -> bool:
    """``core`` opens with a proper name: a place, a park, or a rare word (漳泽湖湿地…, 合肥量子城域网…)."""
    toks = lx.tokens(core)
    if not toks:
        return False
    w = toks[0][0]
    return (_is_district_word(w) or lx.tag(w) in ("ns", "nr", "nz", "nt")
            or (len(w) >= 2 and lx.tokenizer().FREQ.get(w, 0) < 100 and lx.tag(w) not in ("v", "a", "d", "vn")
                and w not in lx.words("generic_words") and lx.han_count(w) == len(w)))


def _specific_before_tail(core: str, head: str) -> bool:
    """X动力电池配套产业园: before the generic last word stands a specific name (a park's only)."""
    if PARK not in lx.types_of(head):
        return False
    toks = lx.tokens(core)
    before = core[: toks[-1][1]] if toks else ""
    lead = _leading_division(before)
    rest = before[lead:]
    return lx.han_count(rest) >= 4 and not lx.is_generic(rest)


_REGISTERED_LEAD = re.compile(r".{2,}(?:股份有限公司|有限责任公司|有限公司|分公司)")
_GROUP_LEAD = re.compile(r".{2,}?集团(?=.{4,}$)")


def _company_lead(core: str, head: str) -> int:
    """Length of a company name that opens ``core`` (the part of a name before its head noun), or 0.

    The last registered suffix wins (骆驼集团华中蓄电池有限公司 is one company); 集团 counts only before 项目.
    """
    m = _REGISTERED_LEAD.match(core)
    if m and len(core) - m.end() >= (2 if head == "项目" else 4):
        return m.end()
    if head == "项目":
        m = _GROUP_LEAD.match(core)
        if m:
            return m.end()
    return 0


@functools.cache
def _lead_words() -> tuple[frozenset[str], tuple[int, ...]]:
    """Words that may open a project's name without naming it (generic words, function words,
    verbs, adverbs), and their lengths longest first."""
    words = lx.words("generic_words") | lx.words("function_words") | lx.words("governing_verbs") | lx.words("adverbs")
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


_AMOUNT = re.compile(r"[0-9.]*[万亿千百]+元(?:以上|以下)?")
_TRADE = re.compile(r"[\u4e00-\u9fff]{1,3}业")


def _industry_only(core: str) -> bool:
    """The part before 项目 names only an industry (制造业, 新引进新能源): no project of its own."""
    words, lengths = _lead_words()
    rest, prev = _AMOUNT.sub("", core), None
    while rest != prev:
        # drop the longest lead word that opens the rest (and is not all of it)
        prev = rest
        n = next((n for n in lengths if n < len(rest) and rest[:n] in words), 0)
        rest = rest[n:]
    return rest in lx.words("cluster_terms") or bool(_TRADE.fullmatch(rest))


@functools.lru_cache(maxsize=1024)
def _clauses(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, text) of each clause of a sentence; cached because every rule reads the same clauses."""
    out, pos = [], 0
    for m in lx.CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return tuple(out)


# ---------------------------------------------------------------- enumerations

HEADS = [
    # (regex of the shared head noun after the last item, types of the items); the first that
    # matches wins, so 等“八大产业”项目 is a list of projects, not of industries
    (re.compile(r"^(?:[^，。；、]{0,10}?)项目"), (PROJECT,)),
    (re.compile(r"^(?:(?!领域|方向)[^，。；、]){0,10}?(?:片区|园区|产业园|板块|功能区|基地|小镇)"), (PARK,)),
    (re.compile(r"^(?:[^，。；、]{0,10}?)(?:企业|公司|机构|院所|高校|科研院所|单位|车企|药企)"), (ORG,)),
    (re.compile(r"^(?:[^，。；、]{0,8}?)(?:产业集群|产业链|集群|产业|行业|服务业|制造业)"), (CLUSTER,)),
]
COUNT_TAIL = re.compile(rf"(?:等)?(?:[0-9{lx.CN_DIGITS}]+(?:个|家|处|座|项|大|批|条)|一批|多个|多家|系列)")
DOMAIN = re.compile(r"(?:新兴|前沿|未来|重点|新|细分)?(?:领域|方向|赛道)")
CULTIVATE_LEAD = re.compile(r"(聚焦|围绕|瞄准|发展|培育|壮大|布局|涵盖|覆盖|涉及|主攻|深耕)")
# where a list's shared head may follow: 等, or a count (3个, 五大) after a character that is no digit
LIST_END = re.compile(r"等|(?<=[^\d０-９])(?=[0-9{0}]+(?:个|家|处|座|项|大|批|条))".format(lx.CN_DIGITS))
_PLACE_WORD = re.compile(r"园|区|基地|项目")
_PLACE_AFTER = re.compile(r"园|区|城|基地|小镇|项目")
_HEAD_WORD = re.compile(r"(片区|园区|产业园|板块|功能区|基地|小镇)$")
_PARK_LIKE = re.compile(r"(园|谷|城|港|[^社小]区)$")


def _common_nouns(item: str) -> bool:
    """``item`` is made of frequent dictionary nouns only (手机, 平板电脑): a kind of thing, not a name."""
    tk = lx.tokenizer()
    toks = lx.tokens(item)
    return all(lx.tag(w) == "n" and tk.FREQ.get(w, 0) >= 300 for w, _, _ in toks)


PROCESS = ("研发", "生产", "应用", "销售", "设计", "运营", "推广")


def enumeration_spans(sent_text: str, base: int, sentence: int) -> list[Span]:
    """Items of ``A、B、C等N个X`` / ``培育A、B、C3个X`` typed by their shared head noun X."""
    out: list[Span] = []
    for c0, ctext in _clauses(sent_text):
        for m in LIST_END.finditer(ctext):
            tail = COUNT_TAIL.match(ctext, m.start())
            after = tail.end() if tail else m.end()
            if m.group(0) == "等" and not tail:
                after = m.end()
            rest = ctext[after:]
            types = None
            for rx, t in HEADS:
                hm = rx.match(rest)
                if hm:
                    head_text = hm.group(0)
                    if t == (CLUSTER,) and (_PLACE_WORD.search(head_text) or _PLACE_AFTER.match(rest[hm.end():])):
                        continue
                    types = t
                    break
            if not types and DOMAIN.match(rest) and "、" in ctext[: m.start()] \
                    and CULTIVATE_LEAD.search(ctext[: m.start()]):
                types = (CLUSTER,)  # 聚焦A、B、C等领域: industries, when a cultivation verb governs the list
                hm = re.match(r"", rest)
            if not types:
                continue
            items_text = ctext[: m.start()]
            parts = items_text.split("、")
            if len(parts) == 1 and m.group(0) != "等":
                # 培育X3个产业集群 with one item: only clusters are safe
                if types != (CLUSTER,):
                    continue
            # items from the right: each grows leftwards over its part; a part that
            # stops before its start (a verb, 和, 等…) holds the first item of the list
            starts, pos = [], 0
            for part in parts:
                starts.append(pos)
                pos += len(part) + 1
            if types == (CLUSTER,) and (len(parts) >= 2 or tail):
                # 数字经济和职业教育五大产业, 新材料与电子信息两大产业集群: the last item is two, joined by 和/与
                last = parts[-1]
                cut = max(last.rfind("和"), last.rfind("与"))
                if cut >= 2 and len(last) - cut > 2 and not lx.is_generic(last[:cut]):
                    parts[-1:] = [last[:cut], last[cut + 1:]]
                    starts.append(starts[-1] + cut + 1)
            staged = any(p.strip() in PROCESS for p in parts)
            spans = []
            for n in range(len(parts) - 1, -1, -1):
                part, p_start = parts[n], starts[n]
                if n == len(parts) - 1:
                    part = re.sub(r"等$", "", part)
                toks = lx.tokens(part)
                if not toks:
                    break
                s = left_edge(toks, len(toks) - 1, 0)
                if s >= len(part):
                    break
                if types == (CLUSTER,) and s >= 3 and part[s - 1] in "及与和":
                    # 汽车及零部件, 电子信息与软件: one industry joined by a conjunction
                    k = next((n for n, t in enumerate(toks) if t[1] == s - 1), None)
                    s2 = left_edge(toks, k - 1, 0) if k else s
                    if s2 < s - 2 and not lx.is_generic(part[s2:s - 1]) and not _verb_stop(part[s2:s - 1]):
                        s = s2
                item, i_start = part[s:], p_start + s
                first = s > 0
                a, b = _trim(item)
                item, i_start = item[a:b], i_start + a
                if types == (CLUSTER,):
                    # 机器人研发、生产、应用产业链 -> 机器人 (but 家具设计、家居电商 are industries)
                    for w in PROCESS:
                        if staged and item.endswith(w) and len(item) > len(w):
                            item = item[: -len(w)]
                    other = _NOT_INDUSTRY_LEAD.match(item)
                    lead = _leading_place(item) or (other.end() if other else 0)
                    if lead:
                        item, i_start = item[lead:], i_start + lead  # 上海汽车零部件: the place is no part
                    if item in PROCESS or re.search(r"[0-9]|型$", item) or _only_a_place(item):
                        if first:
                            break
                        continue  # (到2025年八大产业集群: a time; 劳动密集型: a kind of industry)
                if not item or len(item) < 2 or len(item) > 30 or not _balanced(item):
                    continue
                if types != (CLUSTER,) and _TOWN_LIKE.search(item) and lx.han_count(item) <= 6:
                    if first:
                        break
                    continue  # 推进A乡、B镇三个示范基地建设: the places of the things, not their names
                if types == (ORG,) and _common_nouns(item):
                    if first:
                        break
                    continue  # 手机、平板电脑等终端企业: kinds of products, not companies
                if lx.is_generic(item) or lx.han_count(item) < 2 or any(ch in item for ch in "，。；："):
                    if first:
                        break
                    continue
                spans.append((i_start, item))
                if first:
                    break
            spans.reverse()
            if len(spans) < (1 if m.group(0) == "等" or types == (CLUSTER,) else 2):
                continue
            head_word = _HEAD_WORD.search(rest[: len(hm.group(0))])
            for n, (i_start, item) in enumerate(spans):
                # A有限公司年产N吨X项目、B有限公司Y项目等N个项目: the companies are names of their own
                head = lx.suffix_of(item)
                cut = _company_lead(item[: len(item) - len(head)], head) if types == (PROJECT,) and head else 0
                if cut:
                    out.append(Span(base + c0 + i_start, base + c0 + i_start + cut, item[:cut], (ORG,),
                                    "enumeration:company", sentence, label=item[:cut]))
                    spans[n] = (i_start + cut, item[cut:])
            for i_start, item in spans:
                item_types = lx.types_of(item) or types
                if types == (PROJECT,) and lx.types_of(item):
                    item_types = tuple(dict.fromkeys(lx.types_of(item) + (PROJECT,)))
                elif types == (PROJECT,) and _PARK_LIKE.search(item):
                    item_types = (PARK, PROJECT)  # 某某模具园, 某某科创区 listed among projects
                if types == (CLUSTER,):
                    item_types = (CLUSTER,)
                label = _LEVEL_LEAD.sub("", item) if types == (CLUSTER,) else item
                extra = ()
                item_head = None
                if head_word and types == (PARK,) and not lx.types_of(item) and head_word.group(1) != "板块":
                    item_head = head_word.group(1)
                name, phase = _strip_phase(label)
                out.append(Span(base + c0 + i_start, base + c0 + i_start + len(item), item, item_types,
                                f"enumeration:{'/'.join(types)}", sentence, label=name, phase=phase,
                                extra_aliases=extra, head=item_head))
    return out


# ---------------------------------------------------------------- clusters

@functools.lru_cache(maxsize=65536)
def _adverb_led(token: str) -> bool:
    """A rare token that is an adverb + a verb glued by the dictionary (努力实现, 全力推进); cached per token."""
    return len(token) >= 4 and not lx.tag(token) and any(
        token.startswith(a) and len(a) >= 2 and (token[len(a):] in lx.words("governing_verbs") or lx.tag(token[len(a):]) == "v")
        for a in lx.words("adverbs"))


EVENT_TAIL = re.compile(r"(?:协同发展|高质量发展|创新发展)?(?:大会|论坛|峰会|博览会|展览会|交易会|联盟|协会|商会)")


def _in_book_title(text: str, pos: int) -> bool:
    """``pos`` lies inside 《…》 (the title of a plan, a law or a publication)."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


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


def _only_a_place(text: str) -> bool:
    """``text`` is a division's name or short form and nothing more (新疆, 宜宾)."""
    return gazetteer().matcher().match(text[:16]) == text


def _leading_place(item: str) -> int:
    """Length of a province's or city's name (short or full) opening an industry item, or 0."""
    place = gazetteer().matcher().match(item[:8])
    if place and len(item) - len(place) >= 3 and any(
            d.level in ("province", "city") for d in gazetteer().by_name(place)) and not is_risky(place):
        return len(place)
    return 0


def _leading_park(core: str) -> int:
    """Length of a park's name (X高新区) that opens ``core``, or 0: X高新区Y产业 is Y of that park."""
    cut = 0
    for m in lx.suffix_regex().finditer(core):
        if PARK in lx.types_of(m.group(0)) and m.start() >= 2 and len(core) - m.end() >= 2:
            cut = m.end()
    return cut


def _leading_division(core: str) -> int:
    """Length of a division's full name (宜宾市, 南湖区) that opens ``core``, or 0."""
    place = gazetteer().matcher().match(core[:12])
    if place and ADMIN_SUFFIX.search(place) and any(d.name == place for d in gazetteer().by_name(place)):
        return len(place)
    return 0


_LEVEL_LEAD = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}级)+(?=[\u4e00-\u9fff]{2})")
# what may open a cluster phrase but is no part of the industry: a time, a stage of the chain, a region
_NOT_INDUSTRY_LEAD = re.compile(r"^(?:(?:到|至|在)?(?:[0-9]{4}年(?:底|末)?|全年|今年|明年|去年|年内)|上游|中游|下游|"
                                r"(?:东部|西部|中部|东北|沿海|发达)(?:地区|国家|城市)|国内外|海内外)"
                                r"(?=[\u4e00-\u9fff]{2})")
CLUSTER_WORD = re.compile(r"(产业集群|产业链|产业|集群|制造业|服务业)")
# the rules of cluster_spans, compiled once
_STAGES = re.compile(r"(?:(?:研发|生产|应用|销售|设计|制造|运营)[、和及与]?){2,}全?$")
_OUR_LEVEL = re.compile(r"[省市区县](?=[\u4e00-\u9fff]{2})")
_STAGE_TAIL = re.compile(r"(研发|生产|应用)+$")
_INDUSTRY_TAIL = re.compile(r"产业$")
_COUNTED = re.compile(r"[0-9]|[一二三四五六七八九十两]+(?:个|大)")
_AND_SPLIT = re.compile(r"(、|和)")


@functools.cache
def _industry_cue() -> re.Pattern:
    """Any of the words the token rules of cluster_spans start from (a regex, searched in C)."""
    cues = {"产业", "集群"} | lx.words("cluster_terms") | GROW_VERBS
    return re.compile("|".join(sorted(cues, key=len, reverse=True)))


def cluster_spans(sent_text: str, base: int, sentence: int) -> list[Span]:
    """Industry names: X产业(集群) grown leftwards, and known industry terms after cultivation verbs."""
    out: list[Span] = []
    terms = lx.words("cluster_terms")
    for c0, ctext in _clauses(sent_text):
        # the token rules below need 产业 or 集群, a known term or a cultivation verb: a clause with none
        # of them is not tokenized
        toks = lx.tokens(ctext) if _industry_cue().search(ctext) else []
        # every head token below holds 产业 or 集群: a clause without them has none
        for k, (w, s, e) in enumerate(toks if "产业" in ctext or "集群" in ctext else ()):
            head = None
            if w in ("产业集群", "产业", "集群", "产业链"):
                head = w
            elif w.endswith("产业") and len(w) > 2 and w[:-2] in terms:
                head = "产业"
            elif w.endswith("产业") and len(w) > 2:
                if lx.is_generic(w[:-2]):
                    continue  # 主导产业, 支柱产业: a kind of industry, the word before it no part of a name
                head = "产业"  # 光电子信息产业: the dictionary glued the head to the last word
                w = "glued"
            if head is None:
                continue
            nxt = ctext[e:e + 1]
            if nxt and (nxt in "园区城基" or ctext[e:e + 2] in ("基地", "小镇", "合作", "体系", "结构", "格局", "政策", "基金", "图谱")):
                continue  # part of a park name; X产业合作 is a cooperation between partners
            if EVENT_TAIL.match(ctext, e):
                continue  # X产业协同发展大会, X产业联盟: an event's or a body's name
            start = left_edge(toks, k, 0) if w in ("产业集群", "产业", "集群", "产业链") else s
            chain = _STAGES.search(ctext[:s])
            if chain and w in ("产业集群", "产业", "产业链") and chain.start() > 0:
                # 机器人研发、生产、应用产业链: the industry is what comes before the stages
                before = lx.tokens(ctext[:chain.start()])
                start = left_edge(before, len(before) - 1, 0)
                text, core = ctext[start:e], ctext[start:chain.start()]
            elif w in ("产业集群", "产业", "集群", "产业链"):
                text = ctext[start:e]
                core = ctext[start:s]
            elif w == "glued":
                start = left_edge(toks, k, 0) if k > 0 and toks[k - 1][0] not in lx.PUNCT else s
                text, core = ctext[start:e], ctext[start:e - 2]
            else:
                text = ctext[s:e]
                core = w[:-2]
            a, b = _trim(text)
            text = text[a:b]
            start += a
            core = core.strip("“”‘’\"' ")
            lead = _leading_division(core) or _leading_park(core)
            if not lead and _OUR_LEVEL.match(core) and lx.tokens(core)[0][0] == core[0]:
                lead = 1  # 我区汽车产业: the rest of 我区 after the tokenizer split it
            if lead and len(core) - lead >= 2:
                # 宜宾市新能源产业: the place is the subject, the industry what follows it
                start, text, core = start + lead, text[lead:], core[lead:]
            elif _only_a_place(core):
                continue  # 新疆八大产业集群, 宜宾产业: a place's industries, no industry's name
            lead = _NOT_INDUSTRY_LEAD.match(core)
            if lead and text.startswith(core):
                # 全年石化新材料产业产值, 下游聚烯烃产业: the industry is what follows
                start, text, core = start + lead.end(), text[lead.end():], core[lead.end():]
            cut = core.rfind("与")
            if cut >= 2 and len(core) - cut > 2 and text.startswith(core) and _plain_noun(core[:cut]):
                # 生物医药与医疗器械产业: two industries under one head (_conjoined_industries takes the first)
                start, text, core = start + cut + 1, text[cut + 1:], core[cut + 1:]
            core = _STAGE_TAIL.sub("", core)
            core = _LEVEL_LEAD.sub("", core)  # 世界级智能家电 -> 智能家电
            if head in ("产业集群", "集群", "产业链"):
                core = _INDUSTRY_TAIL.sub("", core)
            ctoks = lx.tokens(core)
            if any((t in lx.words("governing_verbs") or t in lx.words("adverbs") or _bad_lead(t) or _verb_stop(t)
                    or (len(t) == 1 and lx.tag(t) in ("v", "d")) or _adverb_led(t))
                   and not (t == "及" and 0 < n < len(ctoks) - 1 and _noun_joint(ctoks, n, 0))
                   and not (n > 0 and t in lx.words("weak_verbs") and t not in lx.words("adverbs"))  # 软件信息服务
                   for n, (t, _, _) in enumerate(ctoks)):
                continue  # 努力实现产业倍增, 抓龙头育集群: a verb phrase, not an industry
            if _park_heads().search(core) or core.endswith("型"):
                continue  # X经济开发区主导产业: the park's, not an industry's name
            if len(core) < 2 or lx.is_generic(core) or not _balanced(core) or lx.NUM_RE.fullmatch(core):
                continue
            if _COUNTED.search(core):
                continue
            ctoks = lx.tokens(core)
            if len(ctoks) == 1 and lx.tag(core) in ("a", "ad", "an", "d"):
                continue  # 完整产业链, 强大产业: a quality, not an industry
            if _in_book_title(ctext, start):
                continue  # 《X产业集群培育方案》: a document's title
            out.append(Span(base + c0 + start, base + c0 + start + len(text), text, (CLUSTER,),
                            "cluster:head", sentence, label=core))
            for i_start, item in _conjoined_industries(ctext, toks, start):
                out.append(Span(base + c0 + i_start, base + c0 + i_start + len(item), item, (CLUSTER,),
                                "cluster:conjoined", sentence, label=item))
        # known industry terms standing alone after a cultivation verb (大力发展跨境电商)
        for k, (w, s, e) in enumerate(toks if lx.any_word("cluster_terms").search(ctext) else ()):
            if w in terms and k > 0 and toks[k - 1][0] in lx.words("governing_verbs"):
                nxt = ctext[e:e + 1]
                if nxt in ("", "、", "等") or ctext[e:].startswith(("产业", "集群")):
                    out.append(Span(base + c0 + s, base + c0 + e, w, (CLUSTER,), "cluster:term",
                                    sentence, label=w))
        out += _headless_industries(ctext, toks, base + c0, sentence)
        for rx, split, rule in _LISTED_INDUSTRIES:
            # 主导产业为A、B和C; 把A和B作为主导产业; 构建以A、B为主的现代产业体系: the items are industries
            for m in rx.finditer(ctext):
                pos = m.start(1)
                for part in split.split(m.group(1)):
                    item = re.sub(r"等$", "", part.strip())
                    if not split.fullmatch(part) and _plain_noun(item) and not lx.types_of(item):
                        out.append(Span(base + c0 + pos, base + c0 + pos + len(item), item, (CLUSTER,), rule,
                                        sentence, label=item))
                    pos += len(part)
    return out


_JOINTS = "、和与及"


@functools.cache
def _park_heads() -> re.Pattern:
    """Park head nouns of three characters or more (开发区, 产业园, 高新区): no industry's name holds one."""
    heads = sorted((s for s, types in lx.suffix_types() if PARK in types and len(s) >= 3), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, heads)))





def _conjoined_industries(ctext: str, toks: list[tuple[str, int, int]], start: int) -> list[tuple[int, str]]:
    """The industries listed before the one at ``start`` under its head noun: in 发展A、B和C产业 the head
    rule finds C; A and B share its head. Each item must be a plain noun phrase (no verb, place,
    number or function word); the first that is not ends the list."""
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
        lead = _leading_division(item)
        if lead and s + lead < pos - 1 and ctext[s + lead - 1] not in _JOINTS:
            s, item = s + lead, item[lead:]      # 青禾县纺织和服装产业: the county is no part
        if ctext[s:s + 1] in _JOINTS or not _plain_noun(item) or _COUNTED.search(item) or lx.types_of(item):
            # (A产业园、B产业集群: a park or company listed with the cluster is no industry)
            break
        out.append((s, item))
        pos = s
    return out


AS_INDUSTRY = re.compile(r"把([^，。；把]{2,40}?)(?:作为|当作|当成|列为|确定为|定位为)[^，。；]{0,12}?产业")
_AS_SPLIT = re.compile(r"(、|和|与|及)")
INDUSTRIES_ARE = re.compile(r"(?:主导|支柱|特色|首位|优势)产业(?:主要)?(?:为|是|有|包括|涵盖)([^，。；：:]{2,60}?)"
                            r"(?:等(?:产业|行业|领域)?)?(?=[，。；]|$)")
LEADING_INDUSTRIES = re.compile(r"以([^，。；以]{2,40}?)为(?:主导|主|重点|核心|龙头|特色|支撑|引领)(?!体)的?"
                                r"[^，。；]{0,8}?(?:产业体系|产业集群|产业|体系)")


# phrases that list industries: (regex whose group 1 is the list, what splits it, rule)
_LISTED_INDUSTRIES = ((INDUSTRIES_ARE, _AS_SPLIT, "cluster:主导产业为"), (AS_INDUSTRY, _AS_SPLIT, "cluster:把…作为"),
                      (LEADING_INDUSTRIES, _AND_SPLIT, "cluster:以…为主"))


def _plain_noun(item: str) -> bool:
    """A short noun phrase: no verb, function word, number or place, not generic."""
    if not 2 <= len(item) <= 10 or lx.han_count(item) < len(item) - 1 or lx.is_generic(item):
        return False
    toks = lx.tokens(item)
    weak = lx.words("weak_verbs")
    return not (any(((t in lx.words("governing_verbs") or _verb_stop(t)) and not (n > 0 and t in weak))
                    or t in lx.words("adverbs") or t in lx.words("function_words") or _is_district_word(t)
                    for n, (t, _, _) in enumerate(toks))
                or _bad_lead(toks[0][0]))


GROW_VERBS = frozenset({"发展", "大力发展", "积极发展", "重点发展", "加快发展", "共同发展", "培育", "培育壮大", "发展壮大",
                        "壮大", "做强", "做大", "做优", "聚焦", "主攻", "深耕", "布局", "围绕", "构建"})
_NOT_A_LIST = re.compile(r"[0-9等的为了]")
_LIST_JOINT = re.compile(r"[、和与]|(?<=[\u4e00-\u9fff]{2})及(?=[\u4e00-\u9fff]{2})")
_ANY_GROW_VERB = re.compile("|".join(sorted(GROW_VERBS, key=len, reverse=True)))  # (a clause without one has no such token)


@functools.cache
def _industry_tails() -> tuple[str, ...]:
    return tuple(lx.words("industry_tails"))


def _industry_item(item: str) -> bool:
    """``item`` reads as an industry's name: a known term, or a noun phrase ending with an industry word
    (or a trade's own word: 乳业, 渔业)."""
    if item in lx.words("cluster_terms"):
        return True
    if len(item) == 2 and item.endswith("业") and lx.tag(item) == "n" and not lx.is_generic(item):
        return True
    if len(item) < 3 or "集体" in item or not _plain_noun(item):
        return False
    return item[1:].endswith(_industry_tails())  # (a tail shorter than the item)


def _headless_industries(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """Industries named without a head noun as a cultivation verb's whole object: 重点发展矿山救援装备、
    消防装备和应急通信装备; 发展都市农业和农产品加工; 聚焦新材料和现代物流. Every item must read as an
    industry and the list must close the clause (or stand before the next verb)."""
    out: list[Span] = []
    if not _ANY_GROW_VERB.search(ctext):
        return out
    gv, adv = lx.words("governing_verbs"), lx.words("adverbs")
    for k, (w, s, e) in enumerate(toks):
        if w not in GROW_VERBS or k + 1 >= len(toks):
            continue
        stop = len(ctext)
        weak = lx.words("weak_verbs")
        for w2, s2, e2 in toks[k + 1:]:
            if ((w2 in gv and w2 not in weak) or w2 in adv) and s2 > e:
                stop = s2  # 围绕智能网联汽车加快布局: the object ends before the next verb
                break
        obj = ctext[e:stop]
        if not obj or _NOT_A_LIST.search(obj):
            continue  # 发展订单蔬菜1.8万亩, 发展A等产品, 以X为主: not a bare list of industries
        pieces, pos = [], 0
        for m in _LIST_JOINT.finditer(obj):
            if m.group(0) == "及":
                continue  # 汽车及零部件: one industry
            pieces.append((pos, obj[pos:m.start()]))
            pos = m.end()
        pieces.append((pos, obj[pos:]))
        if not all(_industry_item(p) for _, p in pieces):
            continue
        for p0, p in pieces:
            out.append(Span(base + e + p0, base + e + p0 + len(p), p, (CLUSTER,), "cluster:object", sentence, label=p))
    return out


# ---------------------------------------------------------------- organisations by context

ORG_CONTEXT = re.compile(r"(上市|挂牌|签约|签订|落户|入驻|获批|投产|达产)")


def org_context_spans(sent_text: str, base: int, sentence: int, taken: list[Span]) -> list[Span]:
    """Companies without a suffix, named as the subject/object of 上市, 签约, 入驻 … in an enumeration.

    ``推动A、B加快上市进程``: A and B are organisations.
    """
    out: list[Span] = []
    for c0, ctext in _clauses(sent_text):
        if not ORG_CONTEXT.search(ctext):
            continue
        # items between a governing verb and the trigger: split by 、
        m = re.search(r"(推动|支持|引导|鼓励|帮助|协调)(.+?)(?:加快|加速|尽快|顺利|成功|正式)?(?:上市|挂牌|签约|落户|入驻|投产|达产)", ctext)
        if not m:
            continue
        items = m.group(2)
        items = re.sub(r"(加快|加速|尽快|顺利|成功|正式)$", "", items)
        pos = m.start(2)
        for part in items.split("、"):
            a, b = _trim(part)
            item = part[a:b]
            lead = lx.tokens(item)[0][0] if item else ""
            if 2 <= len(item) <= 20 and not lx.is_generic(item) and not any(
                    t.start <= base + c0 + pos + a < t.end for t in taken) \
                    and not ORG_CONTEXT.search(item) and "项目" not in item and lx.tag(lead) not in ("d", "v", "vn", "a", "ad"):
                # (推动签约项目早落地、早开工: steps of projects, no companies)
                out.append(Span(base + c0 + pos + a, base + c0 + pos + a + len(item), item, (ORG,),
                                "org:context", sentence, label=item))
            pos += len(part) + 1
    return out


# ---------------------------------------------------------------- districts

ADMIN_SUFFIX = re.compile(r"(省|市|区|县|旗|盟|州|镇|乡|街道|自治区|地区)$")
# X村 before any character that does not make 村 part of a word (村民, 村级, 村集体); X社区 before a break
VILLAGE_RE = re.compile(r"([\u4e00-\u9fff]{2,5}?)(?:(村)(?![民级委干部集落庄里务镇])|(社区)(?=[、，。；和及为等的\s]))")


def district_spans(sent_text: str, base: int, sentence: int) -> list[Span]:
    """Mentions of divisions: full names always, short forms only when not a common word."""
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


COMMON_VILLAGE = re.compile(r"(乡村|示范村|文明村|重点村|中心村|行政村|自然村|专业村|强村|富村|美丽村|新村|老村)$")


def village_spans(sent_text: str, base: int, sentence: int, known: frozenset[str]) -> list[Span]:
    """Villages named X村 that the national table lists (village table) in an enumeration or list."""
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


# ---------------------------------------------------------------- organisations by name shape

def brand_org_spans(sent_text: str, base: int, sentence: int, taken: list[Span]) -> list[Span]:
    """``[place]`` + an unknown brand (characters jieba cannot join into words) + an industry word,
    standing as a clause's subject or a governing verb's object: 某某农业获批…, 推动某地某某热电纳入….
    """
    out: list[Span] = []
    industry = lx.words("org_industry_words")
    fw = lx.words("function_words")
    for c0, ctext in _clauses(sent_text):
        if not lx.any_word("org_industry_words").search(ctext):
            continue  # (no token can be one)
        toks = lx.tokens(ctext)
        for k, (w, s, e) in enumerate(toks):
            if w not in industry:
                continue
            # unknown single characters right before the industry word
            j = k - 1
            while j >= 0 and len(toks[j][0]) == 1 and toks[j][0] not in fw and toks[j][0] not in lx.PUNCT \
                    and not toks[j][0].isascii() and toks[j][0] not in lx.MEASURES:
                j -= 1
            n_single = k - 1 - j
            if not 2 <= n_single <= 3:
                continue
            start = toks[j + 1][1]
            # an optional place before the brand
            if j >= 0 and _is_district_word(toks[j][0]):
                start = toks[j][1]
                j -= 1
            before = toks[j][0] if j >= 0 else None
            after = toks[k + 1][0] if k + 1 < len(toks) else None
            ok_before = before is None or before in lx.words("governing_verbs") or before in fw \
                or before in lx.words("adverbs") or before in lx.PUNCT or before in ("与", "同", "和", "及")
            ok_after = after is None or after in lx.words("governing_verbs") or after in ("、", "等") \
                or after in lx.words("adverbs") or lx.tag(after) in ("d", "t", "p", "c") \
                or lx.tag(after) == "v"
            if not (ok_before and ok_after):
                continue
            a, b = base + c0 + start, base + c0 + e
            if any(t.start < b and a < t.end and not (a <= t.start and t.end <= b and t.types == (DISTRICT,))
                   for t in taken):
                continue  # (a place prefix inside the name is fine: the longer name wins)
            text = ctext[start:e]
            out.append(Span(a, b, text, (ORG,), "org:brand", sentence, label=text))
    return out

"""Names found by their head nouns: X产业园, X项目, X有限公司 (rule ``suffix:<head>``).

Every head noun of the lexicon (kg/data/*_suffixes.txt) found in a clause opens a candidate; the name
is grown leftwards from it (``left_edge``) and then filtered: descriptions, goals, policies, counted
kinds and generic words are no names.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING

from ...records import ORG, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer
from ..span import Span
from .common import (DESIGNATIONS, balanced, clauses, company_lead, head_nouns, in_book_title, is_district_word,
                     leading_division, left_edge, strip_phase, trim)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# the rules of suffix_spans, compiled once (they run for every head noun of the corpus)
_HEAD_GOES_ON = re.compile(r"[东南西北]?站|城[市区]")
_PHASE_AFTER = re.compile(r"(?:[一二三四五六七八九十]|[0-9]+)期")
_GOAL_VERB = re.compile(r"(成为|打造|建成|建设成|形成)")
_DESCRIBED = re.compile(r"(重要|最大|最强|主要|领先|知名|著名|一流|最具[\u4e00-\u9fff]{1,4})的$")
# 青海省首个国家级经济技术开发区: the first, the only one of a kind is a description
_RANKED = re.compile(r"(首个|首家|首批|第一个|唯一|唯一的|第[0-9一二三四五六七八九十]+个)")
_POLICY_AFTER = re.compile(r"(?:[一二三四五六七八九十]|[0-9]+期)?(?:制度|改革|政策|试点)")
_QUALITY = re.compile(r"[\u4e00-\u9fff](?![新大小重轻微中巨])[\u4e00-\u9fff]型")   # (not 高效N型: a product's type)


_PORT_LEADS = frozenset({"空港", "陆港", "海港", "航空港", "内陆港"})   # heads that also lead names of their areas
_COUNTED_BEFORE = re.compile(rf"[0-9{lx.CN_DIGITS}]+(?:个|座|处|所)$")
_COUNTED_AFTER = re.compile(rf"[0-9{lx.CN_DIGITS}]+(?:个|座|处|所)")


def suffix_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Names ending with a head noun (park, project, organisation suffixes)."""
    sent_text, base, sentence = sent.text, sent.start, sent.index
    out: list[Span] = []
    for c0, ctext in clauses(sent_text):
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
            a, b = trim(text)
            text = text[a:b]
            start += a
            if not text or not balanced(text):
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
            if in_book_title(ctext, start):
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
            name, phase = strip_phase(text)
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
            if core in head_nouns() and core not in _PORT_LEADS:
                continue  # 产业园项目: a head noun alone is no name (but 空港物流园区 is one)
            if head == "工程" and (lx.han_count(core) < 4 or not _proper_lead(core)):
                continue  # 中小学品质提升工程, 污水处理厂扩容工程: a kind of works, not a named one
            if len(name) <= 4 and PARK not in lx.types_of(name) and lx.types_of(name) != (ORG,) \
                    and name not in head_nouns() and 0 < lx.tokenizer().FREQ.get(name, 0) < 500 \
                    and lx.tag(name) not in ("nt", "ns", "nr", "nz") and not is_district_word(name):
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
            cut = company_lead(core, head) if types != (ORG,) else 0
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
    return (is_district_word(w) or lx.tag(w) in ("ns", "nr", "nz", "nt")
            or (len(w) >= 2 and lx.tokenizer().FREQ.get(w, 0) < 100 and lx.tag(w) not in ("v", "a", "d", "vn")
                and w not in lx.words("generic_words") and lx.han_count(w) == len(w)))


def _specific_before_tail(core: str, head: str) -> bool:
    """X动力电池配套产业园: before the generic last word stands a specific name (a park's only)."""
    if PARK not in lx.types_of(head):
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

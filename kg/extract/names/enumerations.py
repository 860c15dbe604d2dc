"""Items of a list typed by their shared head noun: A、B、C等N个X; 培育A、B、C3个X (rule ``enumeration:<types>``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...records import CLUSTER, ORG, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..span import Span
from .common import (LEVEL_LEAD, NOT_INDUSTRY_LEAD, balanced, clauses, company_lead, left_edge, only_a_place, strip_phase,
                     trim, verb_stop)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


_TOWN_LIKE = re.compile(r"(?:乡|镇|街道|村|县)$")


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


def enumeration_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Items of ``A、B、C等N个X`` / ``培育A、B、C3个X`` typed by their shared head noun X."""
    sent_text, base, sentence = sent.text, sent.start, sent.index
    out: list[Span] = []
    for c0, ctext in clauses(sent_text):
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
                    if s2 < s - 2 and not lx.is_generic(part[s2:s - 1]) and not verb_stop(part[s2:s - 1]):
                        s = s2
                item, i_start = part[s:], p_start + s
                first = s > 0
                a, b = trim(item)
                item, i_start = item[a:b], i_start + a
                if types == (CLUSTER,):
                    # 机器人研发、生产、应用产业链 -> 机器人 (but 家具设计、家居电商 are industries)
                    for w in PROCESS:
                        if staged and item.endswith(w) and len(item) > len(w):
                            item = item[: -len(w)]
                    other = NOT_INDUSTRY_LEAD.match(item)
                    lead = _leading_place(item) or (other.end() if other else 0)
                    if lead:
                        item, i_start = item[lead:], i_start + lead  # 上海汽车零部件: the place is no part
                    if item in PROCESS or re.search(r"[0-9]|型$", item) or only_a_place(item):
                        if first:
                            break
                        continue  # (到2025年八大产业集群: a time; 劳动密集型: a kind of industry)
                if not item or len(item) < 2 or len(item) > 30 or not balanced(item):
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
                cut = company_lead(item[: len(item) - len(head)], head) if types == (PROJECT,) and head else 0
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
                label = LEVEL_LEAD.sub("", item) if types == (CLUSTER,) else item
                extra = ()
                item_head = None
                if head_word and types == (PARK,) and not lx.types_of(item) and head_word.group(1) != "板块":
                    item_head = head_word.group(1)
                name, phase = strip_phase(label)
                out.append(Span(base + c0 + i_start, base + c0 + i_start + len(item), item, item_types,
                                f"enumeration:{'/'.join(types)}", sentence, label=name, phase=phase,
                                extra_aliases=extra, head=item_head))
    return out


def _leading_place(item: str) -> int:
    """Length of a province's or city's name (short or full) opening an industry item, or 0."""
    place = gazetteer().matcher().match(item[:8])
    if place and len(item) - len(place) >= 3 and any(
            d.level in ("province", "city") for d in gazetteer().by_name(place)) and not is_risky(place):
        return len(place)
    return 0

"""Relation rules that place things (locatedIn) by what a segment of a sentence says.

Confidence says how direct the evidence is: a trigger word between the two names (0.8-0.9), the
segment's subject building or hosting what follows (0.7-0.8), a park opening a later clause or an
item's district (0.65).
"""
from __future__ import annotations

import re

from ...terms import CLUSTER, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT
from ..span import Span
from ..words import (AGREEMENT, AGREEMENT_VERBS, BUILD_ON_LEADS, BUILD_ON_VERBS, BUILT_IN_LEADS, BUILT_IN_WORDS,
                     COUNT_DIGITS, DEMONSTRATIVES, ETC, GENERAL_COUNTER, INSIDE_LEADS, INSIDE_WORDS,
                     INTO_ANAPHOR_LEADS, INTO_ANAPHOR_NOUNS, INTO_VERBS, INVEST, IN, IN_AT, IS, LARGE_MAGNITUDES, MAJOR,
                     MERGE, MERGED_PARTS, MERGE_BUILD_VERBS, NOT_OWN, OF, OWN_LEADS, OWN_VERBS, PART_VERBS,
                     PLAN_MODALS, PROJECT_WORD, RELY, RELY_LEADS, SIGN, SIGNED_BUILD_VERBS, SIGNING_MANNERS,
                     SITUATED_VERBS, START_MANNERS, START_VERBS, TOTAL_INVESTMENT, YI, YUAN, alt, any_word, chars)
from .clauses import (BUILDS, CLAUSE_VERB, COMMA, CONTAINERS, HOSTS, ITEM_NUMBER, JOINED, LINEAR, NO_SUBJECT,
                      PARTNER_BEFORE, PLATFORM, SUBJECT_LEAD, chain_end, clause_end, clause_subject, clause_verb,
                      descends, district_in_name, enumerated_block, is_type, owned_project, partner_context, subject)
from .context import DocContext, Segment

# X 位于/落户/入驻 C: the thing comes first, its container after the trigger
INTO = re.compile(f"({alt(INTO_VERBS)})")
# 该项目/园区 位于 C, at the start of a clause
ANAPHOR_INTO = re.compile(f"(?:^|[，,]){alt(DEMONSTRATIVES)}?({alt(INTO_ANAPHOR_NOUNS)}){alt(INTO_ANAPHOR_LEADS)}?"
                          + INTO.pattern)
IN_AT_END = re.compile(f"({alt(IN_AT)})$")
_ANY_IN_AT = re.compile(any_word(IN_AT))   # (a segment without one holds no 在/于 phrase)
# a clause that goes on to build what the clause before set in a place (…在C投资N亿元，建设Y)
BUILD_ON = re.compile(f"{alt(BUILD_ON_LEADS)}?{alt(BUILD_ON_VERBS)}")
# C内的X, C里的X: X is inside C
INSIDE_OF = re.compile(f"{alt(INSIDE_LEADS)}?{alt(INSIDE_WORDS)}{alt(OF)}?")
_ANY_INSIDE = re.compile(any_word(INSIDE_WORDS))   # (a segment without one holds no C内的X)
# X是C重点打造的…, X是C的龙头企业: the words after C that make X one of C's own
OWN_THING = re.compile(f"{alt(OWN_LEADS)}?{alt(OWN_VERBS)}?{alt(OF)}(?!{alt(NOT_OWN)})")
BUILT_IN = re.compile(f"{alt(BUILT_IN_LEADS)}?{alt(BUILT_IN_WORDS)}")
# D依托P: the words between a district and the park it relies on
RELIES = re.compile(f"{alt(RELY_LEADS)}*{alt(RELY)}")
# X公司与C 签约建设/签约，投资建设 Y: what the company signs to build is C's
SIGNED_TO_BUILD = re.compile(f"{alt(SIGNING_MANNERS)}?(?:{alt(SIGN)}|{alt(AGREEMENT_VERBS)}{alt(INVEST)}?"
                             f"{alt(AGREEMENT)})[，,]?{alt(PLAN_MODALS)}?(?:{alt(INVEST)}|{alt(TOTAL_INVESTMENT)}"
                             f"[0-9.]+[{chars(LARGE_MAGNITUDES)}]?{alt(YUAN)})?{alt(SIGNED_BUILD_VERBS)}")
# A项目、B项目等N个项目集中开工: projects that start, sign or go into production
STARTED = re.compile(f"(?:{alt(ETC)}[0-9{chars(COUNT_DIGITS)}]+{alt(GENERAL_COUNTER)}{alt(MAJOR)}?{alt(PROJECT_WORD)})?"
                     f"{alt(START_MANNERS)}?({alt(START_VERBS)})")
# 在C(内)， opening a sentence: the place where what the sentence goes on to tell happens
OPENING_IN = re.compile(f"[{chars(IN_AT)}]$")
AFTER_OPENING_PLACE = re.compile(f"{alt(INSIDE_WORDS)}?[，,]")
# X覆盖/包括 A、B、C三个片区: the parts a zone is made of
PARTS = re.compile(alt(PART_VERBS))
MERGE_INTO = re.compile(rf"{alt(MERGE)}(.+?){alt(ETC)}?{alt(MERGED_PARTS)}?[，,]\s*{alt(MERGE_BUILD_VERBS)}")


def located_by_anaphor(ctx: DocContext, seg: Segment) -> None:
    """该项目/项目/园区 位于 C: the thing the anaphor stands for (this sentence's, or this item's) lies in C.

    Example: 1．光伏组件项目。该项目位于聊城高新区。 -> 光伏组件 locatedIn 聊城高新区
    """
    for m in ANAPHOR_INTO.finditer(seg.text):
        pos = seg.start + m.start()
        right = [s for s in seg.spans if s.start >= seg.start + m.end() and is_type(s, *CONTAINERS)]
        before = [s for s in seg.spans if s.end <= pos and is_type(s, PARK, PROJECT) and not is_type(s, CLUSTER)]
        x = before[-1] if before else ctx.topic
        if x is not None and right and right[0].start - (seg.start + m.end()) <= 2:
            ctx.add(x.key, LOCATED_IN, chain_end(right[0], seg.spans).key, x, 0.8)


def located_by_in_phrase(ctx: DocContext, seg: Segment) -> None:
    """在/于 C …: what the same clause builds (or the next clause, going on to build) lies in C.

    Example: 宏远新材料有限公司在临川区投资10亿元，建设年产5万吨碳纤维项目。 -> 年产5万吨碳纤维 locatedIn 临川区
    """
    if not _ANY_IN_AT.search(seg.text):
        return
    text, spans = ctx.text, seg.spans
    for i, c in enumerate(spans):
        before = text[max(seg.start, c.start - 2):c.start]
        if not (is_type(c, *CONTAINERS) and IN_AT_END.search(before)):
            continue
        fronted = _opens_clause(text, c.start - len(before), seg.start)
        c = chain_end(c, spans)  # 在江苏省无锡市X: the last of the chain
        # X公司在C投资N亿元，建设Y项目: a clause that goes on to build is the same act
        reach = clause_end(text, c.end)
        nxt = BUILD_ON.match(text, reach + 1) if reach < len(text) and text[reach] in "，," else None
        if nxt:
            reach = clause_end(text, nxt.end())
        elif fronted and reach == c.end and reach < len(text):
            _fronted(ctx, c, spans[i + 1:], reach)   # 在C，X公司是…: the place of the clause after it
            continue
        for x in spans[i + 1:]:
            if x.start < c.end:
                continue
            if x.start >= reach:
                break
            if JOINED.fullmatch(text[c.end:x.start]) and is_type(x, *CONTAINERS):
                c = x  # 在A、B，…: both are containers, not one inside the other
                continue
            if owned_project(x, spans) is not x:
                continue  # 在C，X公司年产N吨Y项目投产: the project is in C, the company anywhere
            if is_type(x, PARK, PROJECT, ORG) and not is_type(x, CLUSTER):
                ctx.add(x.key, LOCATED_IN, c.key, x, 0.8)


def _opens_clause(text: str, pos: int, seg_start: int) -> bool:
    """Whether a 在 in ``text[pos:pos + 2]`` (the two characters before a place) opens its clause: nothing
    but punctuation before it (在C，…; not X公司在C…)."""
    at = text.rfind(IN, max(seg_start, pos), pos + 2)
    return at >= 0 and (at == seg_start or text[at - 1] in _CLAUSE_OPENERS)


_CLAUSE_OPENERS = "，,。；;：:！？\n“"


def _fronted(ctx: DocContext, c: Span, after: list[Span], reach: int) -> None:
    """在C，X…: a clause of its own that says where (a fronted place) places the subject of the clause after
    it, a company, park or project that opens that clause."""
    nxt = next((x for x in after if x.start > reach), None)
    if nxt is None or nxt.start > reach + 1 + 2 or clause_end(ctx.text, reach + 1) < nxt.end:
        return    # (the subject opens the next clause: at most a word such as 如今 before it)
    if not is_type(nxt, PARK, PROJECT, ORG) or is_type(nxt, CLUSTER, DISTRICT) or owned_project(nxt, after) is not nxt:
        return
    code, own = district_in_name(nxt.name, ctx.written), c.code or district_in_name(c.name, ctx.written)
    if code and not (own and (code == own or descends(code, own) or descends(own, code))):
        return    # 在平凉崆峒区，天水市数据局电子公章…: named after another place
    ctx.add(nxt.key, LOCATED_IN, c.key, nxt, 0.8)


def located_by_trigger(ctx: DocContext, seg: Segment) -> None:
    """X 位于/落户/入驻 C: the names right before the trigger lie in the container after it.

    The names: a list of them (A公司X项目、B公司Y项目等落户C: the projects), or after a comma the segment's
    subject (X是Y的子公司，2021年落户C); the container: the last of a chain, and each joined to it
    (X地处A和B).

    Example: 青禾智能装备产业园落户碧江区。 -> 青禾智能装备产业园 locatedIn 碧江区
    """
    text, spans = ctx.text, seg.spans
    for m in INTO.finditer(seg.text):
        pos = seg.start + m.start()
        left = [s for s in spans if s.end <= pos and not is_type(s, CLUSTER)]
        right = [s for s in spans if s.start >= seg.start + m.end() and is_type(s, *CONTAINERS)]
        if not (left and right and right[0].start - (seg.start + m.end()) <= 2):
            continue
        block = enumerated_block(left, text)
        if COMMA.search(text[left[-1].end:pos]):
            # X是Y的子公司，2021年落户C: the one that settles is the sentence's subject
            # (X公司Y项目：总投资N亿元，位于C: the project the company phrase names)
            first = subject(spans, seg.start, text)
            first = owned_project(first, spans) if first is not None else None
            block = [first] if first is not None and not is_type(first, CLUSTER, DISTRICT) else []
        wheres = _joined_containers(ctx, chain_end(right[0], spans), right, spans)
        for x in block:
            for w in wheres:
                ctx.add(x.key, LOCATED_IN, w.key, x, 0.9, word=m.group(1))


def _joined_containers(ctx: DocContext, where: Span, right: list[Span], spans: list[Span]) -> list[Span]:
    """``where`` and the containers of its kind (and level) joined to it by 和/、 (X地处A和B: it spans both)."""
    wheres = [where]
    for nxt in right[1:]:
        if nxt.end <= wheres[-1].end:
            continue  # (a division of the chain 昆明市官渡区)
        if not JOINED.fullmatch(ctx.text[wheres[-1].end:nxt.start]) \
                or set(nxt.types) != set(where.types) or (nxt.code and where.code and
                                                        ctx.g.get(nxt.code).level != ctx.g.get(where.code).level):
            break
        wheres.append(chain_end(nxt, spans))
    return wheres


def located_by_attributive(ctx: DocContext, seg: Segment) -> None:
    """位于/地处/坐落于 C 的 X: the thing after 的 lies in C (of 位于C的X公司年产N吨Y项目, the project).

    Example: 地处集宁区的草原云谷数据中心项目正式投运。 -> 草原云谷数据中心 locatedIn 集宁区
    """
    text, spans = ctx.text, seg.spans
    for m in INTO.finditer(seg.text):
        right = [s for s in spans if s.start >= seg.start + m.end() and is_type(s, *CONTAINERS)]
        if right and right[0].start - (seg.start + m.end()) <= 2 and m.group(1) in SITUATED_VERBS:
            where = chain_end(right[0], spans)
            after = [s for s in spans if s.start == where.end + 1] if text[where.end:where.end + 1] == OF else []
            x = owned_project(after[0], spans) if after else None
            if x is not None and is_type(x, PARK, PROJECT, ORG) and not is_type(x, CLUSTER, DISTRICT):
                ctx.add(x.key, LOCATED_IN, where.key, x, 0.85, word=m.group(1))


def located_by_inside(ctx: DocContext, seg: Segment) -> None:
    """C内的X, C里的X: X lies in C.

    Example: 浑江区内的矿泉水产业园新增企业5家。 -> 矿泉水产业园 locatedIn 浑江区
    """
    if not _ANY_INSIDE.search(seg.text):
        return   # (what stands between the two names is in the segment)
    text, spans = ctx.text, seg.spans
    for i, c in enumerate(spans):
        if not is_type(c, *CONTAINERS) or is_type(c, CLUSTER):
            continue
        nxt = next((x for x in spans[i + 1:] if x.start >= c.end), None)
        if nxt is not None and INSIDE_OF.fullmatch(text, c.end, nxt.start) \
                and is_type(nxt, PARK, PROJECT, ORG) and not is_type(nxt, CLUSTER, DISTRICT):
            ctx.add(owned_project(nxt, spans).key, LOCATED_IN, chain_end(c, spans).key, nxt, 0.85)


def located_by_own_thing(ctx: DocContext, seg: Segment) -> None:
    """X是C(重点打造)的…: X is one of C's own and lies in it.

    Example: 长白山矿泉水产业园是浑江区重点打造的产业平台。 -> 长白山矿泉水产业园 locatedIn 浑江区
    """
    if IS not in seg.text:
        return   # (what stands between the two names is in the segment)
    text, spans = ctx.text, seg.spans
    for i, c in enumerate(spans):
        if not is_type(c, *CONTAINERS) or is_type(c, CLUSTER):
            continue
        prev = spans[i - 1] if i > 0 else None
        where = chain_end(c, spans)
        if prev is not None and text[prev.end:c.start] == IS and OWN_THING.match(text, where.end) \
                and is_type(prev, PARK, PROJECT, ORG) and not is_type(prev, CLUSTER, DISTRICT):
            ctx.add(prev.key, LOCATED_IN, where.key, prev, 0.8)


def located_by_built_in(ctx: DocContext, seg: Segment) -> None:
    """X 在/于 C 建设/开工…: a project or park (the subject) built in C lies in it.

    Example: 锂电池回收项目将在埇桥区开工建设。 -> 锂电池回收 locatedIn 埇桥区
    """
    if not _ANY_IN_AT.search(seg.text):
        return   # (what stands between the two names is in the segment)
    spans = seg.spans
    for i, x in enumerate(spans[:-1]):
        if not is_type(x, PARK, PROJECT) or is_type(x, CLUSTER, DISTRICT):
            continue
        c = spans[i + 1]
        if is_type(c, *CONTAINERS) and BUILT_IN.fullmatch(ctx.text[x.end:c.start]):
            ctx.add(x.key, LOCATED_IN, chain_end(c, spans).key, x, 0.85)


def hosted_by_adjacent_park(ctx: DocContext, seg: Segment) -> None:
    """P新上/落地/引进 X, the park right before the verb: it hosts what the verb's clause names.

    Wherever the park stands in the sentence (支持P新上X等项目).

    Example: 支持宿州高新区新上光伏玻璃项目。 -> 光伏玻璃 locatedIn 宿州高新区
    """
    for m in HOSTS.finditer(seg.text):
        pos = seg.start + m.start()
        host = next((c for c in seg.spans if c.end == pos and is_type(c, PARK)), None)
        if host is None:
            continue
        stop = seg.start + clause_end(seg.text, m.end())
        for x in seg.spans:
            if seg.start + m.end() <= x.start < stop and is_type(x, PARK, PROJECT, ORG) and x is not host \
                    and not (is_type(x, CLUSTER) and not is_type(x, PROJECT)):
                ctx.add(x.key, LOCATED_IN, host.key, x, 0.85, word=m.group(1))


def hosted_by_subject_park(ctx: DocContext, seg: Segment) -> None:
    """P 落地/新上/引进 X: a park as the segment's subject hosts what follows its first hosting verb.

    Example: 宿州高新区今年引进光伏玻璃项目。 -> 光伏玻璃 locatedIn 宿州高新区
    """
    subj = seg.subject
    if subj is None or not is_type(subj, PARK):
        return
    for m in HOSTS.finditer(seg.text):
        pos = seg.start + m.start()
        if pos < subj.end:
            continue
        for x in seg.spans:
            if x.start >= seg.start + m.end() and is_type(x, PARK, PROJECT, ORG) and x is not subj \
                    and not (is_type(x, CLUSTER) and not is_type(x, PROJECT)):
                ctx.add(x.key, LOCATED_IN, subj.key, x, 0.8, word=m.group(1))
        break


def built_by_subject_park(ctx: DocContext, seg: Segment) -> None:
    """P 建设/推进 X: what a park as the segment's subject builds lies in it.

    The verb of its own clause, or of a clause after it that names no subject of its own (X高新区以…为
    特色，建成Y产业园).

    Example: 孝感高新区加快建设光电子产业园。 -> 光电子产业园 locatedIn 孝感高新区
    """
    subj, text = seg.subject, seg.text
    if subj is None or not is_type(subj, PARK):
        return
    stop = 0
    for m in BUILDS.finditer(text, subj.end - seg.start):
        if seg.start + m.start() < stop:
            continue  # (one verb per clause)
        cut = max(text.rfind("，", 0, m.start()), text.rfind(",", 0, m.start()))
        if cut >= subj.end - seg.start and (
                clause_subject(seg.spans, seg.start, ctx.text, seg.start + m.start()) is not None
                or not NO_SUBJECT.fullmatch(text, cut + 1, m.start())):
            break  # another subject, or a clause that is not simply the next step
        stop = seg.start + clause_end(text, m.end())
        for x in seg.spans:
            if seg.start + m.end() <= x.start < stop and is_type(x, PARK, PROJECT) \
                    and not is_type(x, CLUSTER, DISTRICT) and not LINEAR.search(x.name):
                ctx.add(x.key, LOCATED_IN, subj.key, x, 0.75, word=m.group(0))


def built_by_subject_district(ctx: DocContext, seg: Segment) -> None:
    """D 引进/建设/推进 X: what a district as the segment's subject builds or hosts lies in it.

    The verb of its clause, and of the clauses after it that name no subject of their own (双流区将加快
    建设A，推进B、C等项目); not railways, nor names of other places, nor partners.

    Example: 孝南区将加快建设临空经济产业园。 -> 临空经济产业园 locatedIn 孝南区
    """
    subj = seg.subject
    if subj is None or is_type(subj, PARK) or not is_type(subj, DISTRICT) or not subj.code:
        return
    own = {subj.code, *(d.code for d in ctx.g.ancestors(subj.code))}
    for m in _district_verbs(ctx, seg, subj):
        stop = seg.start + clause_end(seg.text, m.end())  # in the clause of the verb
        for x in seg.spans:
            if not seg.start + m.end() <= x.start < stop or is_type(x, CLUSTER, DISTRICT) or x.key in ctx.located:
                continue
            if not is_type(x, PARK, PROJECT) and not (is_type(x, ORG) and HOSTS.fullmatch(m.group(0))):
                continue
            code = district_in_name(x.name, ctx.written)
            if LINEAR.search(x.name) or (code and code not in own and not descends(code, subj.code)):
                continue  # a railway, or a name of another place
            if is_type(x, ORG) and partner_context(ctx.doc, x):
                continue
            ctx.add(x.key, LOCATED_IN, subj.key, x, 0.7, word=m.group(0))


def _district_verbs(ctx: DocContext, seg: Segment, subj: Span) -> list[re.Match]:
    """The building or hosting verbs whose clauses a district subject speaks (matches in ``seg.text``)."""
    m = clause_verb(CLAUSE_VERB, seg.text, subj.end - seg.start)
    if m is None:
        # 北仑区今年以来，引进X: a hosting verb of a later clause that names no subject of its own
        m = HOSTS.search(seg.text, subj.end - seg.start)
        if m and clause_subject(seg.spans, seg.start, ctx.text, seg.start + m.start()) is not None:
            m = None
    if m is None:
        return []
    # 双流区将加快建设A，推进B、C等项目: the clauses after it that name no subject of their own
    return [m] + next_clause_verbs(seg.spans, seg.start, ctx.text, seg.text, clause_end(seg.text, m.end()))


def next_clause_verbs(seg: list[Span], seg_start: int, text: str, seg_text: str, rel: int) -> list[re.Match]:
    """The building or hosting verb opening each clause after ``rel`` (an offset into ``seg_text``) that
    goes on with the last subject (推进X, 还将引进Y: no name of its own before the verb), as matches
    in ``seg_text``; the first other clause ends them."""
    out = []
    while seg_text[rel:rel + 1] in ("，", ","):
        lead = NO_SUBJECT.match(seg_text, rel + 1).end()
        m = CLAUSE_VERB.match(seg_text, lead)
        if not m or clause_subject(seg, seg_start, text, seg_start + m.start()) is not None:
            break
        out.append(m)
        rel = clause_end(seg_text, m.end())
    return out


def located_by_reliance(ctx: DocContext, seg: Segment) -> None:
    """D依托P / D以P为主平台: the park a district (or a park) relies on lies in it.

    Not a park named after another place (依托上海X园).

    Example: 川汇区依托周口临港开发区，发展现代物流产业。 -> 周口临港开发区 locatedIn 川汇区
    """
    text, spans = ctx.text, seg.spans
    for i, d in enumerate(spans[:-1]):
        p = spans[i + 1]
        if not ((is_type(d, DISTRICT) and d.code) or (is_type(d, PARK) and not is_type(d, CLUSTER))) \
                or not is_type(p, PARK) or is_type(p, CLUSTER, DISTRICT) or p.key in ctx.located:
            continue  # (a park may rely on one of its own areas: X保税区依托Y产业区)
        gap = text[d.end:p.start]
        if not (RELIES.fullmatch(gap) or (gap.endswith(YI) and RELIES.fullmatch(gap[:-1] + RELY)
                                          and PLATFORM.match(text, p.end))):
            continue
        code = district_in_name(p.name, ctx.written)
        if code and d.code and code != d.code and not descends(code, d.code) and not descends(d.code, code):
            continue  # 依托上海X园: a park of another place (嘉兴X城 may lie in 嘉兴's 南湖区)
        ctx.add(p.key, LOCATED_IN, d.key, p, 0.75)


def located_by_opening_clause(ctx: DocContext, seg: Segment) -> None:
    """D重点发展…，P今年已有…: a park opening a later clause of a district's segment lies in it.

    Example: 商州区重点发展现代中药产业，商山生态产业园今年新增企业8家。 -> 商山生态产业园 locatedIn 商州区
    """
    subj, text = seg.subject, ctx.text
    if subj is None or not is_type(subj, DISTRICT) or not subj.code:
        return
    for x in seg.spans:
        if x.start <= subj.end or not is_type(x, PARK) or is_type(x, CLUSTER, DISTRICT) \
                or x.key in ctx.located or text[x.start - 1] not in "，,":
            continue
        if any(x.name.startswith(e.label) and e.label != x.name for e in ctx.entities.values()
               if PARK in e.types and not e.key.startswith("district:")):
            continue  # X开发区Y产业园: named after the park it lies in (a name rule)
        code = district_in_name(x.name, ctx.written)
        if code and code != subj.code and not descends(code, subj.code):
            continue  # a park of another place, or named after a wider one (anywhere in it)
        ctx.add(x.key, LOCATED_IN, subj.key, x, 0.65)


def located_by_signing(ctx: DocContext, seg: Segment) -> None:
    """X公司与C签约(，投资)建设Y项目: the project lies in C.

    Example: 恒通科技有限公司与东昌府区签约建设新能源电池项目。 -> 新能源电池 locatedIn 东昌府区
    """
    text, spans = ctx.text, seg.spans
    for i, o in enumerate(spans[:-1]):
        c = spans[i + 1]
        if not is_type(o, ORG) or not is_type(c, PARK, DISTRICT) or is_type(c, CLUSTER) \
                or not PARTNER_BEFORE.fullmatch(text, o.end, c.start):
            continue
        m = SIGNED_TO_BUILD.match(text, c.end)
        if not m:
            continue
        where = c if not is_type(c, DISTRICT) else chain_end(c, spans)
        for x in spans[i + 2:]:
            if x.start < m.end():
                continue
            if x.start > m.end() + 1 and not is_type(x, PROJECT):
                break
            if is_type(x, PROJECT) and not is_type(x, CLUSTER):
                ctx.add(owned_project(x, spans).key, LOCATED_IN, where.key, x, 0.8)
            break


def started_by_subject(ctx: DocContext, seg: Segment) -> None:
    """D举行…仪式，A项目、B项目等N个项目集中开工: the projects that start lie in the segment's subject.

    The projects of a later clause that start, sign or go into production; the subject a district or a park.

    Example: 东昌府区举行重大项目集中开工仪式，智能家电项目、精密铸造项目等12个项目集中开工。 -> 智能家电 locatedIn 东昌府区
    """
    subj, text = seg.subject, seg.text
    if subj is None or not (is_type(subj, PARK) or (is_type(subj, DISTRICT) and subj.code)) or is_type(subj, CLUSTER):
        return
    for m in STARTED.finditer(text, subj.end - seg.start):
        cut = max(text.rfind("，", 0, m.start()), text.rfind(",", 0, m.start()))
        if cut < subj.end - seg.start:
            continue  # (the subject's own clause: the rules above read it)
        first = clause_subject(seg.spans, seg.start, ctx.text, seg.start + m.start())
        if first is None or not is_type(first, PROJECT) or is_type(first, CLUSTER):
            continue
        for x in seg.spans:
            if seg.start + cut < x.start < seg.start + m.start() and is_type(x, PROJECT) \
                    and not is_type(x, CLUSTER) and x.key not in ctx.located:
                code = district_in_name(x.name, ctx.written)
                if subj.code and code and code != subj.code and not descends(code, subj.code):
                    continue
                ctx.add(x.key, LOCATED_IN, subj.key, x, 0.7, word=m.group(1))


def located_by_opening_place(ctx: DocContext, seg: Segment) -> None:
    """在C(内)，… opening a sentence: the parks, projects and companies the sentence goes on to name lie in C.

    The clause is the place alone (在陇星产业园内，…); not what is named after another place, nor a partner.

    Example: 在新田经济开发区内，恒盛铜箔有限公司的新车间已经封顶。 -> 恒盛铜箔有限公司 locatedIn 新田经济开发区
    """
    text, spans = ctx.text, seg.spans
    if not spans or not is_type(spans[0], *CONTAINERS) or is_type(spans[0], CLUSTER) \
            or (is_type(spans[0], DISTRICT) and not spans[0].code):
        return
    lead = text[seg.start:spans[0].start]
    lead = SUBJECT_LEAD.sub("", lead[ITEM_NUMBER.match(lead).end():])
    if not OPENING_IN.fullmatch(lead):
        return
    where = chain_end(spans[0], spans)
    m = AFTER_OPENING_PLACE.match(text, where.end)
    if m is None:
        return
    for x in spans:
        if x.start < m.end() or not is_type(x, PARK, PROJECT, ORG) or is_type(x, CLUSTER, DISTRICT) \
                or x.key in ctx.located or LINEAR.search(x.name):
            continue
        code = district_in_name(x.name, ctx.written)
        if code and where.code and code != where.code and not descends(code, where.code):
            continue  # named after another place
        if is_type(x, ORG) and partner_context(ctx.doc, x):
            continue
        ctx.add(owned_project(x, spans).key, LOCATED_IN, where.key, x, 0.75)


def located_by_listed_parts(ctx: DocContext, seg: Segment) -> None:
    """P覆盖/包括/下设 A、B、C三个片区: the parks a zone is made of (a list typed by its head) lie in it.

    P is the last park named before the verb in the segment.

    Example: 新田经济开发区正式获批，包括石羊、枧头两个片区。 -> 石羊 locatedIn 新田经济开发区
    """
    text, spans = ctx.text, seg.spans
    for m in PARTS.finditer(seg.text):
        pos, after = seg.start + m.start(), seg.start + m.end()
        whole = [s for s in spans if s.end <= pos and is_type(s, PARK) and not is_type(s, CLUSTER, DISTRICT)]
        parts = [s for s in spans if s.start >= after and s.rule.startswith("enumeration:") and is_type(s, PARK)]
        if not whole or not parts or parts[0].start - after > 2:
            continue
        block = [parts[0]]
        for s in parts[1:]:
            if not JOINED.fullmatch(text, block[-1].end, s.start):
                break
            block.append(s)
        for x in block:
            if x.key not in ctx.located:
                ctx.add(x.key, LOCATED_IN, whole[-1].key, x, 0.8, word=m.group(0))


def located_by_merger(ctx: DocContext, seg: Segment) -> None:
    """整合A、B、C等板块，建设X: the parts merged lie in what they make.

    Example: 整合聚宝工业园、金桥物流园等板块，建设运河智能制造产业园。 -> 聚宝工业园 locatedIn 运河智能制造产业园
    """
    m = MERGE_INTO.search(seg.text)
    if not m:
        return
    parts = [s for s in seg.spans if seg.start + m.start(1) <= s.start < seg.start + m.end(1)]
    target = [s for s in seg.spans if s.start >= seg.start + m.end() and is_type(s, PARK, PROJECT)]
    if parts and target:
        for x in parts:
            ctx.add(x.key, LOCATED_IN, target[0].key, x, 0.8)


def located_by_item_district(ctx: DocContext) -> None:
    """（二）西青区。…加快X建设: what a district's numbered item names lies in it, unless a rule placed it.

    Example: （二）碧江区。加快推进大数据产业园建设。 -> 大数据产业园 locatedIn 碧江区
    """
    for x, where in ctx.topical:
        if x.key not in ctx.located:
            code = district_in_name(x.name, ctx.written)
            if not code or code == where.code or descends(code, where.code) or descends(where.code, code):
                ctx.add(x.key, LOCATED_IN, where.key, x, 0.65)

"""What the relation rules ask of a sentence: its clauses, their subjects, chains and lists of names.

A sentence's clauses end at commas; a segment (a part of a sentence between ；) has a subject of its
own. These helpers read offsets into the document text and the spans the name finders kept; they
know nothing of the rules that use them.
"""
from __future__ import annotations

import re

from ...records import CLUSTER, DISTRICT, ORG, PARK, PROJECT, Document
from ..divisions import gazetteer
from ..span import Span

CONTAINERS = (PARK, DISTRICT)
# railways, motorways, pipelines: they cross many districts
LINEAR = re.compile(r"(高铁|铁路|高速|公路|城际|轨道交通|地铁|管道|运河|航道)(改扩建|扩建|工程|项目)?$")
# 全市, 全县 …: the division of that level the article is about
WHOLE_OF = re.compile(r"全([省市区县州盟旗])")
# C 落地/新上/引进 X: the container is the subject, the things follow
HOSTS = re.compile(r"(落地|新上|引进|引入|入驻|集聚|吸引|招引|承接|下辖)")
# C 建设/推进 X: what a district builds is in it
BUILDS = re.compile(r"(规划建设|开工建设|建设|新建|建成|续建|扩建|开工|实施|推进|打造|启动|发挥)")
# a building or hosting verb (as the rules above match them)
CLAUSE_VERB = re.compile(f"{BUILDS.pattern}|{HOSTS.pattern}")
# what may open a clause that goes on with the last subject: 建成…, 还将加快建设…
NO_SUBJECT = re.compile(r"(?:并|还|也|已|将|先后|累计|同时|目前|今年|加快|全力|积极|正在|着力|陆续)*")
# a clause opening with 园区/该项目…: it speaks of the last park or project named
ANAPHOR_SUBJECT = re.compile(r"(?:该|本|此|这个)?(园区|项目|基地)(?=将|已|还|位于|规划|总投资|占地|重点|主要|主攻|聚焦|"
                             r"围绕|以|定位|建成|计划|拟|先后|目前|共|内)")
# the words between a place and its partner: A与B, A也与B, A还将同B
PARTNER_BEFORE = re.compile(r"(?:也|还|将|已|正式|分别|等)*(?:与|同|和)")
COMMA = re.compile(r"[，,]")
JOINED = re.compile(r"[、和及与]")   # (with fullmatch: two names joined by one conjunction)
# what may open a sentence before its subject: a time, a connective, a source
SUBJECT_LEAD = re.compile(r"^(今年|明年|去年|年内|同时|目前|当前|此外|另外|其中|截至目前|近年来|近年|近日|日前|近期|此前|"
                          r"按照规划|根据规划|据介绍|据了解|据悉|记者了解到|记者获悉|今年以来|下一步|未来|"
                          r"上半年|下半年|[一二三四]季度|前[一二三四]季度|(?:20[0-9]{2}年)?(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)[，,]?")
SUBJECT_GAP = re.compile(r"[\s，,]*(?:占地[0-9.]+万?(?:亩|平方米|平方公里)的)?")
ITEM_NUMBER = re.compile(r"\s*(?:[0-9]{1,2}\s*[.．、]|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?\s*")
PIVOT = re.compile(r"(?:支持|推动|鼓励|引导|帮助|带动|指导)")
# 发挥P(和Q)(的口岸)作用/优势: what a park is made to do for the clause that follows
ROLE_OF = re.compile(r"(?:的[^，。；、]{0,6})?(?:作用|优势|功能)")
PLATFORM = re.compile(r"为(?:主|核心|重要|主要)?(?:平台|载体|阵地|承载区|承载地|集聚区|核心区|主战场|引擎|依托|支撑)")
# the gap between two names of one block: a conjunction, or nothing
_JOINED_OR_NOTHING = re.compile(r"[、和及与]|")
# X(宁波)园: the bracketed place of a name
_BRACKETED = re.compile(r"[(（]([^()（）]{2,12})[)）]")
# 与X签订, 向X学习: the words before a partner and what is done with it
_PARTNER_BEFORE_NAME = re.compile(r"(与|同|向|赴)[^，。；]*$")
_PARTNER_ACT = re.compile(r"(签订|签署|合作|学习|对标|考察|战略|共建)")
_INTENT_AFTER = re.compile(r"^[^，。；]*(达成落户意向|签订|签署)")


def is_type(sp: Span, *types: str) -> bool:
    """Whether ``sp`` has one of ``types``."""
    for t in types:  # (a loop: any() over a generator costs twice as much, and this runs for every span)
        if t in sp.types:
            return True
    return False


def subject(seg: list[Span], seg_start: int, text: str) -> Span | None:
    """The first name of a segment when it stands before any verb: its grammatical subject."""
    if not seg:
        return None
    first = seg[0]
    lead = text[seg_start:first.start]
    lead = SUBJECT_LEAD.sub("", lead[ITEM_NUMBER.match(lead).end():])   # (3. X项目：…)
    if SUBJECT_GAP.fullmatch(lead) or lead == "":
        return chain_end(first, seg)
    return None


def owned_project(sp: Span, seg: list[Span]) -> Span:
    """Of 星辰材料有限公司年产10万吨碳纤维项目 the project (or park) written right after the company;
    else ``sp``. Where the text places such a phrase, it places the project: the company may sit anywhere."""
    if ORG in sp.types and PARK not in sp.types and PROJECT not in sp.types:
        return next((s for s in seg if s.start == sp.end and (PROJECT in s.types or PARK in s.types)), sp)
    return sp


def chain_end(sp: Span, seg: list[Span]) -> Span:
    """The last of the divisions written back to back from ``sp`` on (江苏省无锡市江阴市 -> 江阴市),
    or a park written right after them (宜宾市三江新区): the most specific container the text names."""
    g = gazetteer()
    while sp.code:
        nxt = next((s for s in seg if s.start == sp.end and (s.code or (PARK in s.types and CLUSTER not in s.types))),
                   None)
        if nxt is not None and not nxt.code:
            return nxt
        if nxt is None or sp.code not in {d.code for d in g.ancestors(nxt.code)}:
            break
        sp = nxt
    return sp


def clause_subject(seg: list[Span], seg_start: int, text: str, pos: int, pivot: bool = False) -> Span | None:
    """The name that opens the clause holding ``pos`` (offsets into ``text``), if one does.

    With ``pivot``, 支持X发展Y counts X as the subject of 发展.
    """
    cut = max(text.rfind("，", seg_start, pos), text.rfind(",", seg_start, pos))
    start = cut + 1 if cut >= 0 else seg_start
    m = ANAPHOR_SUBJECT.match(text, start)
    if m:
        # 园区位于…，重点承接Y: the clause's 园区 is the last park named before it
        kinds = (PROJECT,) if m.group(1) == "项目" else (PARK,)
        before = [s for s in seg if s.end <= start and set(s.types) & set(kinds) and not s.code]
        return before[-1] if before else None
    inside = [s for s in seg if start <= s.start and s.end <= pos]
    if not inside:
        return None
    found = subject(inside, start, text)
    if found is None and pivot:
        m = PIVOT.match(text, start)
        if m and inside[0].start == m.end():
            found = chain_end(inside[0], inside)
    return found


def previous_subject(seg: list[Span], seg_start: int, text: str, pos: int) -> Span | None:
    """The subject of the nearest clause before ``pos`` that has one (贵阳市提出，X开发区将依托…，发展Y:
    X develops Y): a clause without a subject continues the last one named."""
    cuts = [m.start() for m in COMMA.finditer(text[seg_start:pos])]
    for cut in reversed(cuts):
        found = clause_subject(seg, seg_start, text, seg_start + cut)
        if found is not None:
            return found
    return None


def enumerated_after(head: Span, seg: list[Span], text: str, pos: int) -> list[Span]:
    """``head`` and the names of its kind joined to it by 、/和/及 before ``pos`` (支持A、B打造…)."""
    out = [head]
    for sp in seg:
        if sp.start <= out[-1].start or sp.end > pos:
            continue
        if JOINED.fullmatch(text[out[-1].end:sp.start]) and set(sp.types) & set(head.types):
            out.append(sp)
        elif sp.start >= out[-1].end:
            break
    return out


def partners(head: Span, seg: list[Span], text: str, pos: int) -> list[Span]:
    """Places ``head`` joins before ``pos`` (A也与B签约，共同发展Y; A与B共同打造Y): partners
    of its kind, each right after 与/同/和, before the clause that holds ``pos``."""
    out = []
    for sp in seg:
        if head.end <= sp.start and sp.end <= pos and set(sp.types) & set(head.types) & {DISTRICT, PARK} \
                and PARTNER_BEFORE.fullmatch(text, head.end, sp.start):
            out.append(sp)
    return out


def clause_verb(rx: re.Pattern, text: str, pos: int) -> re.Match | None:
    """The first match of ``rx`` after ``pos`` in the same clause (no comma in between)."""
    m = rx.search(text, pos)
    return m if m and not COMMA.search(text[pos:m.start()]) else None


def clause_end(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` ends: its comma, or the end of ``text``."""
    m = COMMA.search(text, pos)
    return m.start() if m else len(text)


def enumerated_block(left: list[Span], text: str) -> list[Span]:
    """The names right before a trigger joined by 、/和/及/等 (all of them take the relation)."""
    block = [left[-1]]
    edge = left[-1].start      # where the block's first phrase begins (its company included)
    for sp in reversed(left[:-1]):
        gap = text[sp.end:edge]
        if not gap and ORG in sp.types and ORG not in block[0].types:
            # X有限公司年产N吨Y项目落户C: the project is in C, not the company; a project before
            # them, joined by 、, may go with it (A公司X项目、B公司Y项目等落户C)
            edge = sp.start
            continue
        if _JOINED_OR_NOTHING.fullmatch(gap) and not (not gap and edge < block[0].start):
            block.insert(0, sp)
            edge = sp.start
        else:
            break
    return block


def district_in_name(label: str, present: set[str] | None = None) -> str | None:
    """The division a name is about: the bracketed one (X(宁波)园 is in 宁波), else its leading one.

    With ``present`` (the divisions the article writes), a county's bare short form counts only when
    the article names that county: 滨湖 of a park elsewhere is a place name, not 无锡's 滨湖区.
    """
    g = gazetteer()
    m = _BRACKETED.search(label)
    candidates = []
    if m:
        candidates.append(m.group(1))
    else:
        hits = g.matcher().scan(label[:12])
        if hits and hits[0][0] == 0:
            candidates.append(hits[0][2])
            # 宁波北仑X园: the more specific division written right after its parent
            for prev, nxt in zip(hits, hits[1:]):
                if nxt[0] != prev[1]:
                    break
                up = {a.code for d in g.by_name(nxt[2]) for a in g.ancestors(d.code)}
                if not {d.code for d in g.by_name(prev[2])} & up:
                    break
                candidates.insert(0, nxt[2])
    for surface in candidates:
        divs = g.by_name(surface)
        if len(divs) > 1 and present:
            # 横市镇X园: one of the namesake towns, singled out by the county the article names
            one = g.resolve(surface, present)
            divs = [one] if one is not None and one.code in present else divs
        if len(divs) == 1 and surface == label and divs[0].parent:
            return divs[0].parent  # 芜湖经济技术开发区 is a zone of the table: it lies in its city
        if len(divs) == 1:
            d = divs[0]
            if present is not None and d.level not in ("province", "city") and surface != d.name \
                    and d.code not in present:
                return None
            return d.code
    return None


def descends(code: str, ancestor: str) -> bool:
    """Whether the division ``code`` lies (at any depth) in ``ancestor``."""
    return ancestor in {d.code for d in gazetteer().ancestors(code)}


def partner_context(doc: Document, sp: Span) -> bool:
    """与X签订 / 向X学习 / 赴X: the organisation is a partner or a yardstick, not a local one."""
    before = doc.text[max(0, sp.start - 12):sp.start]
    after = doc.text[sp.end:sp.end + 12]
    if _PARTNER_BEFORE_NAME.search(before) and _PARTNER_ACT.search(after + before):
        return True
    return bool(_INTENT_AFTER.search(after))

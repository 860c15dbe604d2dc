"""What the relation rules ask of a sentence: its clauses, their subjects, chains and lists of names.

A sentence's clauses end at commas; a segment (a part of a sentence between ；) has a subject of its
own. These helpers read offsets into the document text and the spans the name finders kept; they
know nothing of the rules that use them.
"""
from __future__ import annotations

import re

from ...records import Document
from ...terms import CLUSTER, DISTRICT, ORG, PARK, PROJECT
from ..divisions import gazetteer
from ..span import Span
from ..words import (ANAPHOR_FOLLOWERS, ANAPHOR_NOUNS, BEFORE_MARK, BUILD_VERBS, CONTINUING_LEADS, DAY_MARK,
                     DEMONSTRATIVES, GAP_AREA_UNITS, HOST_VERBS, LINEAR_TAILS, LINEAR_WORKS, LIST_JOINTS, MONTH_MARK,
                     OCCUPIES, OF, PARTNER_ACTS, PARTNER_ADVERBS, PARTNER_MARKS, PIVOT_VERBS, PLATFORM_LEADS,
                     PLATFORM_WORDS, PROJECT_WORD, QUARTER, QUARTER_NUMERALS, RANGE_MARKS, ROLE_WORDS, SIGNED_INTENTS,
                     SMALL_NUMERALS, SUBJECT_LEADS, TEN_THOUSAND, THIS_ONE, WEI, WHOLE_LEVELS, WHOLE_MARK, WITH_WORDS,
                     YEAR_MARK, alt, chars)

CONTAINERS = (PARK, DISTRICT)
# railways, motorways, pipelines: they cross many districts
LINEAR = re.compile(f"({alt(LINEAR_WORKS)})({alt(LINEAR_TAILS)})?$")
# 全市, 全县 …: the division of that level the article is about
WHOLE_OF = re.compile(f"{alt(WHOLE_MARK)}([{chars(WHOLE_LEVELS)}])")
# C 落地/新上/引进 X: the container is the subject, the things follow
HOSTS = re.compile(f"({alt(HOST_VERBS)})")
# C 建设/推进 X: what a district builds is in it
BUILDS = re.compile(f"({alt(BUILD_VERBS)})")
# a building or hosting verb (as the rules above match them)
CLAUSE_VERB = re.compile(f"{BUILDS.pattern}|{HOSTS.pattern}")
# what may open a clause that goes on with the last subject: 建成…, 还将加快建设…
NO_SUBJECT = re.compile(f"{alt(CONTINUING_LEADS)}*")
# a clause opening with 园区/该项目…: it speaks of the last park or project named
ANAPHOR_SUBJECT = re.compile(f"{alt(DEMONSTRATIVES, THIS_ONE)}?({alt(ANAPHOR_NOUNS)})(?={alt(ANAPHOR_FOLLOWERS)})")
# the words between a place and its partner: A与B, A也与B, A还将同B
PARTNER_BEFORE = re.compile(f"{alt(PARTNER_ADVERBS)}*{alt(WITH_WORDS)}")
COMMA = re.compile(r"[，,]")
JOINED = re.compile(f"[、{chars(LIST_JOINTS)}]")   # (with fullmatch: two names joined by one conjunction)
# what may open a sentence before its subject: a time, a connective, a source
SUBJECT_LEAD = re.compile(f"^({alt(SUBJECT_LEADS)}|[{chars(QUARTER_NUMERALS)}]{alt(QUARTER)}|"
                          f"{alt(BEFORE_MARK)}[{chars(QUARTER_NUMERALS)}]{alt(QUARTER)}|"
                          f"(?:20[0-9]{{2}}{alt(YEAR_MARK)})?"
                          f"(?:[0-9]{{1,2}}(?:{alt(RANGE_MARKS)}[0-9]{{1,2}})?{alt(MONTH_MARK)})?"
                          f"(?:[0-9]{{1,2}}{alt(DAY_MARK)})?)[，,]?")
SUBJECT_GAP = re.compile(rf"[\s，,]*(?:{alt(OCCUPIES)}[0-9.]+{alt(TEN_THOUSAND)}?{alt(GAP_AREA_UNITS)}{alt(OF)})?")
ITEM_NUMBER = re.compile(rf"\s*(?:[0-9]{{1,2}}\s*[.．、]|[（(][0-9{chars(SMALL_NUMERALS)}]{{1,3}}[)）]|"
                         rf"[{chars(SMALL_NUMERALS)}]{{1,3}}、)?\s*")
PIVOT = re.compile(alt(PIVOT_VERBS))
# 发挥P(和Q)(的口岸)作用/优势: what a park is made to do for the clause that follows
ROLE_OF = re.compile(f"(?:{alt(OF)}[^，。；、]{{0,6}})?{alt(ROLE_WORDS)}")
PLATFORM = re.compile(f"{alt(WEI)}{alt(PLATFORM_LEADS)}?{alt(PLATFORM_WORDS)}")
# the gap between two names of one block: a conjunction, or nothing
_JOINED_OR_NOTHING = re.compile(f"[、{chars(LIST_JOINTS)}]|")
# X(宁波)园: the bracketed place of a name
_BRACKETED = re.compile(r"[(（]([^()（）]{2,12})[)）]")
# 与X签订, 向X学习: the words before a partner and what is done with it
_PARTNER_BEFORE_NAME = re.compile(f"({alt(PARTNER_MARKS)})[^，。；]*$")
_PARTNER_ACT = re.compile(f"({alt(PARTNER_ACTS)})")
_INTENT_AFTER = re.compile(f"^[^，。；]*({alt(SIGNED_INTENTS)})")

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
        kinds = (PROJECT,) if m.group(1) == PROJECT_WORD else (PARK,)
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
    """``head`` and the names of its kind joined to it by 、/和/及 before ``pos`` (支持A、B打造…); a place
    written right after the one holding it is the item (与四川内江、遂宁: 内江, then 遂宁)."""
    out = [head]
    for sp in seg:
        if sp.start <= out[-1].start or sp.end > pos:
            continue
        if sp.start == out[-1].end and sp.code and out[-1].code and descends(sp.code, out[-1].code):
            out[-1] = sp
        elif JOINED.fullmatch(text[out[-1].end:sp.start]) and set(sp.types) & set(head.types):
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
                continue  # (湖南新田X园 where 新田 is not named: the province written before it still holds it)
            if present is not None and d.level == "town" and d.code not in present and d.parent not in present:
                continue  # (唐镇实验室 in 崆峒区's news: a town of 浦东新区 by the table, but neither it nor its
                #  county is named: towns share names, the name's town is no place the article knows)
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

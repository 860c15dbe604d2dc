"""Relation rules that say who develops an industry (developsCluster) by what a sentence says.

A cultivation verb (培育/发展/壮大 … Y) gives Y to the subject of its clause (0.85), or, where the
text names none, to the article's park or district (0.7: the framing); a paragraph's heading, a
table's row, a statement of an industry's size or where it sits say it too (0.6-0.8).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...terms import CLUSTER, DEVELOPS, DISTRICT, ORG, PARK, PROJECT
from ..span import Span
from ..words import (AFTER_DONE, AS_VERBS, BA, BUILD_OR_DEVELOP, BUILT_AFTER, CLUSTER_OR_CHAIN, CONSISTS_OF, CO_BUILD,
                     CULTIVATION_ROLES, CULTIVATION_VERBS, DOMAIN_WORDS, ETC, EXERT, FOCUS_ADVERBS, INDUSTRY_WORD,
                     IN_AT, LEADING_KINDS, LIST_CONTINUATIONS, LIST_JOINTS, MAINLY, NATION_WORDS, NOT_IN_UNKNOWN_NAME,
                     OF, PARTNER_MARKS, PROMOTED_ENDS, PROMOTE_VERBS, RELY, SCALE_LEVELS, SCALE_SPANS, SITED_ADVERBS,
                     SITED_HEADS, SITED_VERBS, SIZE_MEASURES, SPEED_VERBS, TOGETHER_WORDS, UNKNOWN_HEADS, WEI,
                     STAT_SCOPES, WHOLE_LEADS, WHOLE_MARK, YI, alt, chars)
from .clauses import (BUILDS, CONTAINERS, PLATFORM, ROLE_OF, WHOLE_OF, chain_end, clause_end, clause_subject,
                      descends, enumerated_after, enumerated_block, is_type, partners, previous_subject)
from .context import DocContext, Segment

CULTIVATE = re.compile(f"({alt(CULTIVATION_VERBS)}|"
                       f"{alt(YI)}(?=[^，。；]{{2,40}}?{alt(WEI)}{alt(CULTIVATION_ROLES)})|"
                       f"{alt(BA)}(?=[^，。；{chars(BA)}]{{2,40}}?{alt(AS_VERBS)}[^，。；]{{0,12}}?{alt(INDUSTRY_WORD)})|"
                       f"{alt(LEADING_KINDS)}{alt(INDUSTRY_WORD)}{alt(MAINLY)}?{alt(CONSISTS_OF)}|"
                       f"{alt(PROMOTE_VERBS)}(?=[^，。；]{{2,24}}?{alt(PROMOTED_ENDS)}))")
# a segment opening with a park, company or facility the rules did not name (某某智慧园建成后将形成…):
# what it develops is its own, not the article district's
UNKNOWN_SUBJECT = re.compile(rf"^(?:(?!{alt(NOT_IN_UNKNOWN_NAME)})[\u4e00-\u9fffA-Za-z0-9]){{2,12}}"
                             f"({alt(UNKNOWN_HEADS)}){alt(AFTER_DONE)}")
# 共同发展Y, 携手打造Y: every partner named before develops Y
TOGETHER = re.compile(f"{alt(TOGETHER_WORDS)}$")
# a segment that opens by naming the park it relies on (以X为主平台，…; 依托X，…)
RELIED_LEAD = re.compile(alt(YI, RELY))
ADVERB_LEAD = re.compile(f"{alt(FOCUS_ADVERBS)}?$")
# X产业链主要集中在C / 重点布局在C / 以C为核心承载区: where the text sets a cluster, C develops it
SITED_IN = re.compile(f"{alt(SITED_HEADS)}?{alt(SITED_ADVERBS)}?{alt(SITED_VERBS)}{alt(IN_AT)}")
SITED_BY = re.compile(f"{alt(SITED_HEADS)}?{alt(YI)}")
# what a clause says of an industry's size, right after its name (X产业集群规模, X产业产值)
SCALE = re.compile(f"{alt(INDUSTRY_WORD)}?{alt(CLUSTER_OR_CHAIN)}?{alt(SCALE_SPANS)}?{alt(SIZE_MEASURES)}")
# what may stand before that name in its clause: nothing, 全市 …, 其中 …
# (全市, 全区规模以上: a clause's lead that leaves the industry its district's or park's)
WHOLE = re.compile(f"{alt(WHOLE_LEADS)}?(?:{alt(WHOLE_MARK)}[{chars(SCALE_LEVELS)}])?{alt(STAT_SCOPES)}?")
# 在/于 right before a name: the place of an act, not its subject
_IN_AT_END = re.compile(f"[{chars(IN_AT)}]$")
# 共建X产业园(的建设)，发展Y / 加快X小镇建设，发展Y: what may stand around the park built before a verb
_BUILT_AFTER = re.compile(f"{alt(BUILT_AFTER)}?")
_SPEEDED_BEFORE = re.compile(f"{alt(SPEED_VERBS)}?")
_BUILT_OR_OPENED = re.compile(alt(BUILD_OR_DEVELOP))
# the joint between two industries of one list: 、, 和, 及, 与, 以及 (or a comma before 以及)
_LIST_GAP = re.compile(f"[、{chars(LIST_JOINTS)}]|{alt(LIST_CONTINUATIONS)}")
# a list of industries that the finders typed as one: by its shared head (A、B等N个产业) or a listing phrase
_LISTED_RULES = ("enumeration:", "cluster:object", "cluster:table", "cluster:colon")
# the lead of a clause that goes on listing what the clause before built (，以及C、D等百亿级产业)
_GOES_ON_LISTING = re.compile(f"{alt(LIST_CONTINUATIONS)}?")
_NATION = re.compile(alt(NATION_WORDS))
# the rules that find an industry by its head noun (X产业, X产业集群: the mention names it as an industry)
# the industries written with their head noun, or known terms read as a place's (names/clusters.py
# industry_terms: X科技城低空经济已…)
_HEADED_RULES = ("cluster:head", "cluster:conjoined", "cluster:term")
_PARTNER_MARKS = frozenset(PARTNER_MARKS)
# what after a list makes it no statement of a place's industries: fields a thing covers (涵盖A、B等领域),
# or a description of something else (拥有A、B等全产业链能力的复合体)
_NOT_OWN_LIST = re.compile(f"{alt(DOMAIN_WORDS)}|{alt(OF)}")
# (…的未来产业, …的产业集群: the 的 of a list's own head)
_OF_INDUSTRY = re.compile(f"{alt(OF)}[^，。；、]{{0,4}}{alt(INDUSTRY_WORD)}")


def develops_by_paragraph_heading(ctx: DocContext, spans: list[Span]) -> None:
    """The projects of a paragraph headed by one industry (X产业链加速延伸。) develop it.

    Not where their sentence names an industry of its own (加快X项目建设，壮大集成电路产业).

    Example: 绿色食品产业链加速延伸。宏达淀粉加工项目建成投产。 -> 宏达淀粉加工 developsCluster 绿色食品
    """
    theme = ctx.theme
    if theme is None or any(CLUSTER in x.types for x in spans):
        return
    for x in spans:
        if PROJECT in x.types and not set(x.types) & {PARK, ORG, CLUSTER, DISTRICT}:
            ctx.add(x.key, DEVELOPS, theme.key, x, 0.6)


def develops_by_table_row(ctx: DocContext, spans: list[Span]) -> None:
    """A table row: the park of the row develops the industries of its industries' column.

    Example: | 园区 | 主导产业 | / | --- | --- | / | 集宁工业园区 | 新型冶金、绿色农畜产品加工 | -> 集宁工业园区 developsCluster 新型冶金
    """
    if not ctx.doc.sentences[spans[0].sentence].text.startswith(("|", "｜")):
        return
    park = next((sp for sp in spans if PARK in sp.types and CLUSTER not in sp.types and not sp.code), None)
    for cl in spans:
        if park is not None and cl.rule == "cluster:table":
            ctx.add(park.key, DEVELOPS, cl.key, cl, 0.8)


@dataclass
class Cultivation:
    """A cultivation verb, the industries of its clause, who the text says develops them (``heads``)
    and the park the clause relies on."""

    verb: re.Match     # the match in the segment's text
    clusters: list[Span]
    heads: list[Span]
    relied: Span | None


def cultivations(ctx: DocContext, seg: Segment) -> list[Cultivation]:
    """The cultivation verbs of a segment that have industries in their clause (read once per segment)."""
    found = seg.memo.get("cultivations")
    if found is None:
        found = seg.memo["cultivations"] = [c for c in (_cultivation(ctx, seg, m) for m in CULTIVATE.finditer(seg.text))
                                            if c is not None]
    return found


def _cultivation(ctx: DocContext, seg: Segment, m: re.Match) -> Cultivation | None:
    text, spans, subj = ctx.text, seg.spans, seg.subject
    pos, verb = seg.start + m.end(), seg.start + m.start()
    stop = seg.start + clause_end(seg.text, m.end())
    clusters = [s for s in spans if pos <= s.start < stop and is_type(s, CLUSTER)]
    if not clusters:
        return None
    # the subject of the verb's own clause (依托X，武汉大力发展Y), else the segment's
    own_subj = clause_subject(spans, seg.start, text, verb, pivot=True)
    if own_subj is None or not is_type(own_subj, DISTRICT, PARK, PROJECT):
        own_subj = previous_subject(spans, seg.start, text, verb)
    built = built_before(spans, seg.start, text, verb)
    relied = relied_park(spans, seg.start, text, verb)
    if built is not None and relied is None:
        # 共建X产业园，重点发展Y: the park just built develops Y (but 以P为主平台，加快X建设，
        # 做大Y: the platform and the subject do)
        own_subj = built
    head = own_subj if own_subj is not None and is_type(own_subj, DISTRICT, PARK, PROJECT) else \
        subj if subj is not None and subj.start < pos and is_type(subj, DISTRICT, PARK, PROJECT) else None
    if head is None and ctx.topic is not None and not subj:
        head = ctx.topic  # 7．X产业园。…重点发展Y: the item's park
    heads = enumerated_after(head, spans, text, verb) if head is not None else []
    if heads and TOGETHER.search(text, max(0, verb - 2), verb):
        heads += partners(heads[-1], spans, text, verb)
    # 依托X(园区)，发展Y: the park relied on serves Y too (and the parks joined to it: 依托A和B)
    if relied is not None and relied not in heads \
            and (heads or ctx.skey or ctx.pkey or text[relied.start - 1] == YI):
        heads = heads + [p for p in enumerated_after(relied, spans, text, verb)
                         if p not in heads and PARK in p.types and CLUSTER not in p.types]
    return Cultivation(m, clusters, heads, relied)


def develops_by_trigger(ctx: DocContext, seg: Segment) -> None:
    """培育/发展/壮大 … Y: the subject of the verb's clause develops Y.

    Else the last subject named, a park just built (共建X产业园，重点发展Y) or the item's park; with the
    places joined to it (A与B共同打造Y) and the park the clause relies on (依托X，发展Y).

    Example: 临川区大力发展生物医药产业。 -> 临川区 developsCluster 生物医药
    """
    for c in cultivations(ctx, seg):
        for cl in c.clusters:
            for h in c.heads:
                ctx.add(h.key, DEVELOPS, cl.key, cl, 0.85, word=c.verb.group(1))


def develops_by_framing(ctx: DocContext, seg: Segment) -> None:
    """培育/发展 … Y with no developer in the text: the article's park or district develops Y.

    全市将以A为重点 in a district's article: the city. Not where the segment opens with a thing no rule
    named (某某智慧园建成后将形成…).

    Example: (title: 临川区召开工业发展大会) 临川区召开全区工业发展大会。会议提出，重点发展生物医药产业。 -> 临川区 developsCluster 生物医药
    """
    text, subj = ctx.text, seg.subject
    if ctx.section is not None:
        return   # (the section's park: develops-by-section-heading)
    for c in cultivations(ctx, seg):
        if c.heads and c.heads != [c.relied]:
            continue
        m = c.verb
        fkey = ctx.pkey or ctx.skey
        pos = seg.start + m.end()
        whole = WHOLE_OF.search(text, max(seg.start, text.rfind("，", seg.start, pos) + 1), seg.start + m.start())
        if whole and ctx.skey:
            # 全市将以A、B为重点 in a district's article: the city (the article's district or one
            # of its ancestors whose name ends with 市)
            fkey = ctx.whole_of(whole.group(1))
        if fkey and not (subj is None and UNKNOWN_SUBJECT.match(seg.text)):
            for cl in c.clusters:
                ctx.add(fkey, DEVELOPS, cl.key, cl, 0.7, word=m.group(1))


def develops_by_section_heading(ctx: DocContext, seg: Segment) -> None:
    """培育/发展 … Y with no developer in the text, in a section headed by a park (X高新区——): the park develops Y.

    (Or the district a section's heading names.)

    Example: 新田经济开发区—— / 我们因地制宜重点发展电子信息产业。 -> 新田经济开发区 developsCluster 电子信息
    """
    if ctx.section is None or (seg.subject is None and UNKNOWN_SUBJECT.match(seg.text)):
        return
    for c in cultivations(ctx, seg):
        if c.heads and c.heads != [c.relied]:
            continue
        for cl in c.clusters:
            ctx.add(ctx.section.key, DEVELOPS, cl.key, cl, 0.7, word=c.verb.group(1))


def built_before(seg: list[Span], seg_start: int, text: str, pos: int) -> Span | None:
    """共建X产业园，重点发展Y / 加快X小镇建设，发展Y: the park or project that the clause before a
    subjectless cultivation verb builds."""
    cut = max(text.rfind("，", seg_start, pos), text.rfind(",", seg_start, pos))
    if cut < 0 or not ADVERB_LEAD.search(text[cut + 1:pos]) or ADVERB_LEAD.search(text[cut + 1:pos]).start() != 0:
        return None
    prev_cut = max(text.rfind("，", seg_start, cut), text.rfind(",", seg_start, cut))
    start = prev_cut + 1 if prev_cut >= 0 else seg_start
    inside = [s for s in seg if start <= s.start and s.end <= cut]
    if not inside:
        return None
    last = inside[-1]
    if not (set(last.types) & {PARK, PROJECT}) or CLUSTER in last.types or DISTRICT in last.types:
        return None
    if any(not _IN_AT_END.search(text[max(start, sp.start - 1):sp.start]) for sp in inside[:-1]):
        return None  # 郑州经开区将建设X，培育Y: the clause's own subject develops Y
    before, after = text[start:last.start], text[last.end:cut]
    if (BUILDS.search(before) or CO_BUILD in before) and not _IN_AT_END.search(before) \
            and _BUILT_AFTER.fullmatch(after):
        return last
    if _SPEEDED_BEFORE.fullmatch(before.strip()) and _BUILT_OR_OPENED.fullmatch(after) \
            and PARK in last.types:
        return last  # 加快X小镇建设，发展Y (a project built so is no developer of an industry)
    return None


def relied_park(seg: list[Span], seg_start: int, text: str, pos: int) -> Span | None:
    """依托X(园区/基地), 发展Y / 以X为主平台，围绕Y: the park relied on, in the verb's clause or the one before;
    or opening the segment (以X为主平台，加快Z建设，做大Y)."""
    cut = max(text.rfind("，", seg_start, pos), text.rfind(",", seg_start, pos))
    prev = max(text.rfind("，", seg_start, cut), text.rfind(",", seg_start, cut)) if cut >= 0 else -1
    start = prev + 1 if prev >= 0 else seg_start
    if seg and start > seg_start and RELIED_LEAD.match(text, seg_start) and seg[0].start <= seg_start + 2:
        start = seg_start
    for sp in seg:
        if start <= sp.start < pos and PARK in sp.types and CLUSTER not in sp.types and not sp.code and \
                (text[max(seg_start, sp.start - 2):sp.start] == RELY
                 or (text[sp.start - 1:sp.start] == YI   # (以A、B为重要承载地: after the parks listed)
                     and PLATFORM.match(text, enumerated_after(sp, seg, text, pos)[-1].end))
                 or (text[max(seg_start, sp.start - 2):sp.start] == EXERT
                     and ROLE_OF.match(text, enumerated_after(sp, seg, text, pos)[-1].end))):
            return sp
    return None


def industry_lists(seg: Segment, text: str) -> list[list[Span]]:
    """The lists of industries of a segment (read once per segment): two or more industries joined by
    、/和/及/与, or the items of a list the finders typed by its shared head (A、B等三大产业)."""
    found = seg.memo.get("industry_lists")
    if found is not None:
        return found
    found, block = [], []
    for sp in seg.spans:
        if not is_type(sp, CLUSTER) or is_type(sp, DISTRICT, PARK, PROJECT, ORG):
            if block:
                found.append(block)
            block = []
            continue
        if block and not _LIST_GAP.fullmatch(text, block[-1].end, sp.start):
            found.append(block)
            block = []
        block.append(sp)
    if block:
        found.append(block)
    # (a list proper: items parted by 、, or typed together by a finder; A与B alone may be two partners)
    seg.memo["industry_lists"] = found = [b for b in found if "、" in text[b[0].end:b[-1].start] or (
        any(sp.rule.startswith(_LISTED_RULES) for sp in b) and (len(b) > 1 or text.startswith(ETC, b[0].end)))]
    return found


def _developed(ctx: DocContext) -> set[tuple[str, int]]:
    """(industry, offset) of every industry an earlier rule that read the text gave a developer (not a
    rule that only proposes pairs for the learned scorer). Kept on ``ctx`` and brought up to date with
    the relations found since (three rules ask once per segment)."""
    seen, done = ctx.memo.get("developed", (0, set()))
    proposers = _proposers()
    done.update((r.tail, r.start) for r in ctx.out[seen:]
                if r.rel == DEVELOPS and r.rule.split(":")[0] not in proposers)
    ctx.memo["developed"] = (len(ctx.out), done)
    return done


@functools.cache
def _proposers() -> frozenset[str]:
    from . import RULES

    return frozenset(r.name for r in RULES if getattr(r, "proposes", False))


def _list_owners(ctx: DocContext, seg: Segment, block: list[Span], prev: list[str]) -> list[str]:
    """Who the text says develops a list of industries (keys): the names that open its clause, or (a
    clause without a subject) the last subject named; a clause that only goes on listing (，以及C、D等
    产业) takes the developers of the list before it (``prev``)."""
    text, spans, pos = ctx.text, seg.spans, block[0].start
    cut = max(text.rfind("，", seg.start, pos), text.rfind(",", seg.start, pos))
    if prev and _GOES_ON_LISTING.fullmatch(text, cut + 1, pos) and not any(
            s.start < pos and s.end > cut and not is_type(s, CLUSTER) for s in spans):
        return prev
    own = clause_subject(spans, seg.start, text, pos, pivot=True)
    if own is None:
        own = previous_subject(spans, seg.start, text, pos)
    if own is not None and own.start < pos and is_type(own, DISTRICT, PARK, PROJECT) and not is_type(own, CLUSTER):
        return [h.key for h in enumerated_after(own, spans, text, pos) if not is_type(h, CLUSTER)]
    return []


def _quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` stands inside quotation marks opened after ``start`` (“加快A、B等产业发展”)."""
    return text.count("“", start, pos) > text.count("”", start, pos)


def develops_by_industry_list(ctx: DocContext, seg: Segment) -> None:
    """A list of industries (A、B、C3个千亿级产业) is developed by the place its clause names, or the last one named.

    Only where no rule gave its industries a developer. A clause that goes on listing (，以及C、D等多个百亿级产业) takes the developers of the list before it.

    Example: 新田县构建电子信息、富硒农业两个百亿级产业，以及竹木加工等特色产业。 -> 新田县 developsCluster 竹木加工
    """
    done = _developed(ctx)
    prev: list[str] = []
    for block in industry_lists(seg, ctx.text):
        if _not_own_list(ctx.text, seg, block):
            continue
        heads = _list_owners(ctx, seg, block, prev)
        if not heads:
            # the developers an earlier rule gave this list: a list after it may go on with them
            at = {(b.key, b.start) for b in block}
            prev = list(dict.fromkeys(r.head for r in ctx.out if r.rel == DEVELOPS and (r.tail, r.start) in at
                                      and (r.tail, r.start) in done))
            continue
        prev = heads
        for cl in block:
            if (cl.key, cl.start) in done:
                continue
            for h in heads:
                ctx.add(h, DEVELOPS, cl.key, cl, 0.75)


def develops_by_framed_industry_list(ctx: DocContext, seg: Segment) -> None:
    """A list of industries no one is said to develop (A、B两大产业集群不断壮大) is the article's park's or district's.

    The park or district of its section (X高新区——) first, else the park its paragraph opens with as
    subject (如今，X经开区发展后劲十足。…A、B两大产业链…), else the article's park, else its district (or
    the one place inside it that the paragraph names).

    Not a list quoted (“加快A、B等产业发展”) or said of the nation (我国A、B等产业), nor where the segment
    opens with a thing no rule named.

    Example: (title: 新田县推进工业强县) 新田县召开工业大会。电子信息、富硒农业两大产业集群不断壮大。 -> 新田县 developsCluster 电子信息
    """
    opener = ctx.opener.key if ctx.section is None and ctx.opener is not None else None
    owner = ctx.section.key if ctx.section is not None else opener or ctx.pkey or ctx.skey
    if owner is None or (seg.subject is None and UNKNOWN_SUBJECT.match(seg.text)):
        return
    done, text = _developed(ctx), ctx.text
    for block in industry_lists(seg, text):
        if any((cl.key, cl.start) in done for cl in block):
            continue
        pos = block[0].start
        cut = max(text.rfind("，", seg.start, pos), text.rfind(",", seg.start, pos), seg.start)
        if _quoted(text, ctx.doc.sentences[block[0].sentence].start, pos) or _NATION.search(text, cut, pos) \
                or _not_own_list(text, seg, block):
            continue
        where = owner
        if ctx.section is None and opener is None:
            others = _other_places_in_paragraph(ctx, block[0])
            if len(others) > 1 or (others and not (ctx.subject and descends(others[0], ctx.subject))):
                continue  # a paragraph about other places: whose the industries are, the framing cannot tell
            if others:
                where = f"district:{others[0]}"   # a paragraph about one place inside the article's
        if where not in ctx.entities:
            continue
        whole = WHOLE_OF.search(text, cut, seg.start + clause_end(seg.text, block[-1].end - seg.start))
        if whole and ctx.section is None and opener is None and ctx.skey:
            # 旅游业、…四大主导产业占全省GDP比重: the province's (the article's district or its ancestor),
            # where the list's own clause says so (not 稳定在全省的1/2，A、B等产业…: a comparison before it)
            where = ctx.whole_of(whole.group(1))
            if where is None:
                continue
        for cl in block:
            ctx.add(where, DEVELOPS, cl.key, cl, 0.65)


def _not_own_list(text: str, seg: Segment, block: list[Span]) -> bool:
    """Whether what follows a list in its clause makes it fields a thing covers (涉及A、B等领域) or a
    description of something else (拥有A、B等全产业链能力的复合体). Not a list that opens its clause, where
    the fields are what the clause is about (A、B等产业领域形成了一批产业集群), nor one whose 的 leads to an
    industry's head (A、B等代表未来的未来产业)."""
    end = seg.start + clause_end(seg.text, block[-1].end - seg.start)
    m = _NOT_OWN_LIST.search(text, block[-1].end, end)
    if m is None:
        return False
    if m.group(0) == OF:
        return not _OF_INDUSTRY.match(text, m.start(), end)
    cut = max(text.rfind("，", seg.start, block[0].start), text.rfind(",", seg.start, block[0].start))
    return bool(text[max(cut + 1, seg.start):block[0].start].strip())


def _other_places_in_paragraph(ctx: DocContext, sp: Span) -> list[str]:
    """The divisions the paragraph of ``sp`` names other than the article's own and those holding it."""
    own = {ctx.subject, *(d.code for d in ctx.g.ancestors(ctx.subject))} if ctx.subject else set()
    paragraph = ctx.doc.sentences[sp.sentence].paragraph
    found = []
    for spans in ctx.per_sentence:
        for d in spans:
            if d.code and d.code not in own and d.code not in found \
                    and ctx.doc.sentences[d.sentence].paragraph == paragraph:
                found.append(d.code)
    return found


def develops_by_place_modifier(ctx: DocContext, seg: Segment) -> None:
    """DX产业…: a place written right before an industry's name (its own X产业) develops it.

    The industry written with its head noun (产业, 产业集群, 产业链), as a known term that is what follows
    is about (X科技城低空经济已蓄势高飞) or with its size after it (also after 规模以上); not a place after
    与/同/向/赴 (a partner's industry), nor one inside quotation marks.

    Example: 新田县电子信息产业去年营收增长两成。 -> 新田县 developsCluster 电子信息
    """
    text, spans = ctx.text, seg.spans
    done = None
    for i, x in enumerate(spans):
        if i == 0 or not is_type(x, CLUSTER) or is_type(x, DISTRICT, PARK, PROJECT, ORG):
            continue
        d = spans[i - 1]
        if not ((is_type(d, DISTRICT) and d.code) or is_type(d, PARK)) or is_type(d, CLUSTER):
            continue
        gap = text[d.end:x.start]
        if gap not in ("", *STAT_SCOPES) or not (x.rule.startswith(_HEADED_RULES) or SCALE.match(text, x.end)):
            continue  # (D规模以上X产业营收: the firms its statistics count, still D's industry)
        first = next((s for s in spans if s.end == d.start or s is d), d)
        if text[max(seg.start, first.start - 1):first.start] in _PARTNER_MARKS \
                or _quoted(text, ctx.doc.sentences[x.sentence].start, x.start):
            continue
        done = _developed(ctx) if done is None else done
        if (x.key, x.start) not in done:
            ctx.add(d.key, DEVELOPS, x.key, x, 0.7)


def develops_by_siting(ctx: DocContext, seg: Segment) -> None:
    """X产业链主要集中在C / X产业链以C为核心承载区: C develops X (and the industries listed with it).

    Example: 绿色食品产业主要集中在北林区和望奎县。 -> 北林区 developsCluster 绿色食品
    """
    text, spans = ctx.text, seg.spans
    for i, c in enumerate(spans):
        if i == 0 or not is_type(c, *CONTAINERS) or (is_type(c, CLUSTER) and not c.code):
            continue
        gap = text[spans[i - 1].end:c.start]
        end = chain_end(c, spans)
        if not is_type(spans[i - 1], CLUSTER) or is_type(spans[i - 1], DISTRICT) or not (
                SITED_IN.fullmatch(gap) or (SITED_BY.fullmatch(gap) and PLATFORM.match(text, end.end))):
            continue
        for cl in enumerated_block(spans[:i], text):
            if is_type(cl, CLUSTER):
                ctx.add(end.key, DEVELOPS, cl.key, cl, 0.8)


def scale_owners(ctx: DocContext, seg: Segment) -> list[tuple[Span, Span]]:
    """(industry, owner) for each industry of the segment whose size a clause states (read once per segment)."""
    found = seg.memo.get("scales")
    if found is None:
        found = seg.memo["scales"] = [(cl, owner) for cl in seg.spans if CLUSTER in cl.types
                                      and (owner := scale_owner(ctx, seg, cl)) is not None]
    return found


def scale_owner(ctx: DocContext, seg: Segment, cl: Span) -> Span | None:
    """Whose industry a clause opening with its size names (全市X产业产值突破N亿元, D的X产业规模): the
    district written with 的 before it, the segment's district subject, or for 全市 … the article's
    district (its span in the segment, else ``cl`` itself: the district is not written there)."""
    text = ctx.text
    if not is_type(cl, CLUSTER) or not SCALE.match(text, cl.end):
        return None
    cut = max(text.rfind("，", seg.start, cl.start), text.rfind(",", seg.start, cl.start))
    lead = text[max(cut + 1, seg.start):cl.start]
    owner = next((d for d in seg.spans if d.end == cl.start - 1 and lead.endswith(OF)
                  and is_type(d, DISTRICT) and d.code), None)
    subj = seg.subject
    if owner is None and WHOLE.fullmatch(lead) and subj is not None and subj.start < cl.start \
            and ((is_type(subj, DISTRICT) and subj.code) or (is_type(subj, PARK) and not is_type(subj, CLUSTER))):
        owner = subj
    if owner is None and WHOLE.fullmatch(lead) and WHOLE_MARK in lead and ctx.skey \
            and ctx.entities[ctx.skey].label.endswith(lead[lead.index(WHOLE_MARK) + 1]):   # 全市: a 市
        owner = next((d for d in seg.spans if d.key == ctx.skey), None) or cl
    return owner


def develops_by_scale(ctx: DocContext, seg: Segment) -> None:
    """X产业规模/产值… opening a clause of a district's segment (D的X产业规模): the district develops X.

    Example: 北林区的绿色食品产业规模突破百亿元。 -> 北林区 developsCluster 绿色食品
    """
    for cl, owner in scale_owners(ctx, seg):
        if owner is not cl:
            ctx.add(owner.key, DEVELOPS, cl.key, cl, 0.7)


def develops_by_whole_scale(ctx: DocContext, seg: Segment) -> None:
    """全市X产业产值… in an article about a 市 that is not written there: the article's district develops X.

    Example: (title: 绥化市召开产业大会) 绥化市召开产业大会。全市绿色食品产业产值突破千亿元。 -> 绥化市 developsCluster 绿色食品
    """
    for cl, owner in scale_owners(ctx, seg):
        if owner is cl:
            ctx.add(ctx.skey, DEVELOPS, cl.key, cl, 0.7)


def develops_by_subject_park(ctx: DocContext, seg: Segment) -> None:
    """A park as the segment's subject develops the industries the segment names after it.

    …片区落地…，康养产业初具规模; up to a clause with a subject of its own (…，Y园区发展Z).

    Example: 北林经济开发区今年落地项目12个，绿色食品产业初具规模。 -> 北林经济开发区 developsCluster 绿色食品
    """
    subj = seg.subject
    if subj is None or not is_type(subj, PARK) or is_type(subj, CLUSTER):
        return
    for cl in seg.spans:
        if is_type(cl, CLUSTER) and cl.start > subj.end:
            own = clause_subject(seg.spans, seg.start, ctx.text, cl.start)
            if own is not None and own is not cl and own.start > subj.end and not is_type(own, CLUSTER):
                break  # …，Y园区发展Z: from here on the clauses have a subject of their own
            ctx.add(subj.key, DEVELOPS, cl.key, cl, 0.6)

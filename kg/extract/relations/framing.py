"""Relation rules from the article's framing (0.6): a park's or a district's own news places what it
builds, signs and hosts in that park or district, where no rule that read the text placed it.
"""
from __future__ import annotations

import re

from ...records import Entity
from ...terms import CLUSTER, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT
from ..span import Span
from ..words import NATIONAL_HEADS, NATIONAL_LEADS, alt
from .clauses import LINEAR, WHOLE_OF, descends, district_in_name, partner_context
from .context import DocContext

NATIONAL = re.compile(f"^({alt(NATIONAL_LEADS)})|({alt(NATIONAL_HEADS)})$")


def framed_in_subject_park(ctx: DocContext) -> None:
    """In a park's own news (the park the title names), what no rule placed lies in the park.

    Not what is named after another place (one the park's own name or the article's district holds is
    the park's: 平凉X中心 in 平凉科技城's news), a partner, nor a company that only signs with the park.

    Example: (title: 周口临港开发区集中签约一批项目) 周口临港开发区今年签约项目20个。周口临港开发区加快发展。周口临港开发区负责人介绍了情况。智慧冷链项目总投资5亿元。 -> 智慧冷链 locatedIn 周口临港开发区
    """
    pkey = ctx.pkey
    if not pkey:
        return
    home = _park_home(ctx, pkey)
    for key, ent in ctx.entities.items():
        if key in ctx.located or key == pkey or key.startswith("district:") or DISTRICT in ent.types:
            continue
        sp = ctx.first_span.get(key)
        if sp is None or ent.types == (CLUSTER,) or LINEAR.search(ent.label):
            continue
        code = district_in_name(ent.label, ctx.present)
        if (code and not any(code == h or descends(code, h) for h in home)) or partner_context(ctx.doc, sp):
            continue  # named after another place, or a partner
        if PARK in ent.types and ent.label[:2] == ctx.entities[pkey].label[:2]:
            continue  # 仲恺高新技术产业开发区 beside 仲恺高新区: the park itself, written in full
        if ORG in ent.types and not (set(ent.types) & {PARK, PROJECT}):
            continue  # a company signing with the park may sit anywhere
        ctx.add(key, LOCATED_IN, pkey, sp, 0.6)


def _park_home(ctx: DocContext, pkey: str) -> set[str]:
    """The codes of the places the article's park is named after or lies in by the article (平凉 of
    平凉科技城, the article's district): what is named after them may lie in the park."""
    own = district_in_name(ctx.entities[pkey].label, ctx.present)
    return {c for c in (own, ctx.subject) if c}


def framed_in_section_heading(ctx: DocContext) -> None:
    """In a section headed by a park or district (X高新区——), what no rule placed lies in that park or district.

    What is named in that section only (a photo's caption above the sections may name it too), unless it
    is named after another place, a partner, a national body or a railway; what its name alone places in
    a place holding the section's park (平凉X有限公司 in the section of 甘肃平凉高新区) is placed too.

    Example: 新田经济开发区—— / 我们引进了恒盛科技年产2万吨电解铜箔项目。 -> 恒盛科技年产2万吨电解铜箔 locatedIn 新田经济开发区
    """
    if not ctx.sections:
        return
    first = ctx.sections[0][0]
    where_of: dict[str, set[str]] = {}   # key -> the keys of the sections that name it
    for spans in ctx.per_sentence:
        for sp in spans:
            if sp.sentence >= first:
                head = next(h for i, h in reversed(ctx.sections) if i <= sp.sentence)
                where_of.setdefault(sp.key, set()).add(head.key)
    sections = {h.key: h for _, h in ctx.sections}
    read = {r.head for r in ctx.out if r.rel == LOCATED_IN and not r.rule.startswith(_BY_NAME)}
    by_name: dict[str, set[str]] = {}
    for r in ctx.out:
        if r.rel == LOCATED_IN and r.rule.startswith(_BY_NAME):
            by_name.setdefault(r.head, set()).add(r.tail)
    for key, ent in ctx.entities.items():
        if key in read or key.startswith("district:") or DISTRICT in ent.types or CLUSTER in ent.types:
            continue
        heads = where_of.get(key, set())
        sp = ctx.first_span.get(key)
        if len(heads) != 1 or sp is None or LINEAR.search(ent.label):
            continue
        where = sections[next(iter(heads))]
        if key == where.key or ent.label in where.name:
            continue
        if key in ctx.located and not all(_holds(ctx, t, where) for t in by_name.get(key, ())):
            continue  # placed by its name somewhere the section's park is not
        code = district_in_name(ent.label, ctx.present)
        if code and not _holds(ctx, f"district:{code}", where):
            continue  # named after a place (its own, not the section's)
        if ORG in ent.types and (NATIONAL.search(ent.label) or partner_context(ctx.doc, sp)
                                 or sp.rule.startswith(_BODY_RULE)):
            continue  # (a city's bureau is the city's, not its zone's)
        ctx.add(key, LOCATED_IN, where.key, sp, 0.6)


def _holds(ctx: DocContext, tail: str, where: Span) -> bool:
    """Whether the division ``tail`` (a key) holds the section's park or district ``where``: the place
    the section's own name holds, or one holding that."""
    code = tail.split(":", 1)[1] if tail.startswith("district:") else None
    own = where.code or district_in_name(where.name, ctx.present)
    return bool(code and own and (code == own or descends(own, code)))


def framed_village_in_county(ctx: DocContext) -> None:
    """A village the table knows, in an article about its county, lies in the county.

    Example: (title: 红塔区推进乡村振兴) 红塔区推进乡村振兴。红塔区玉苗村发展特色种植。 -> 玉苗村 locatedIn 红塔区
    """
    if not (ctx.skey and ctx.skey in ctx.entities):
        return
    sdiv = ctx.g.get(ctx.subject)
    for key, ent in ctx.entities.items():
        if key in ctx.located or key == ctx.skey or key.startswith("district:") or DISTRICT not in ent.types:
            continue
        sp = ctx.first_span.get(key)
        if sp is not None and ("adminLevel", "village") in ent.attrs and sdiv.level == "county":
            ctx.add(key, LOCATED_IN, ctx.skey, sp, 0.6)


def framed_in_subject_district(ctx: DocContext) -> None:
    """In a district's own news, what no rule placed lies in the district.

    全省加快建设X in a report that names its cities: the division of that level. Not railways, names of
    other places, national bodies or partners, nor what is named after the text moved on to another county
    or town (the last named before it).

    Example: (title: 埇桥区召开招商大会) 埇桥区召开招商大会。会上，新能源电池产业园签约。 -> 新能源电池产业园 locatedIn 埇桥区
    """
    if not (ctx.skey and ctx.skey in ctx.entities):
        return
    own = {ctx.subject, *(d.code for d in ctx.g.ancestors(ctx.subject))}
    text = ctx.text
    for key, ent in ctx.entities.items():
        if key in ctx.located or key == ctx.skey or key.startswith("district:") or DISTRICT in ent.types:
            continue
        sp = ctx.first_span.get(key)
        if sp is None or ent.types == (CLUSTER,) or LINEAR.search(ent.label):
            continue  # (railways and motorways cross many districts)
        if not _framed_by_district(ctx, ent, sp, own):
            continue
        if ctx.rival_before(sp.start) is not None and not district_in_name(ent.label, ctx.present):
            continue  # the text has moved on to another county or town (and the name does not say where)
        where = ctx.skey
        sent = ctx.doc.sentences[sp.sentence]
        whole = WHOLE_OF.search(text, max(sent.start, text.rfind("，", sent.start, sp.start) + 1), sp.start)
        if whole:
            where = ctx.whole_of(whole.group(1)) or ctx.skey
        ctx.add(key, LOCATED_IN, where, sp, 0.6)


# the finder of government bodies named after their division (body:division, body:zone …)
_BODY_RULE = "body:"
# the rules that place a thing by the place its name holds (a company's registered name, a park's)
_BY_NAME = ("located-by-company-name", "located-by-place-name")


def framed_below_named_place(ctx: DocContext) -> None:
    """In a county's own news, what its name places only in a wider place holding the county lies in the county.

    A company registered under its province's name (浙江X有限公司) in a county's article is the county's;
    not what the text places by reading it, nor partners and national bodies.

    Example: (title: 新田县推进工业强县) 新田县召开工业大会。湖南恒盛铜业有限公司新增订单3亿元。 -> 湖南恒盛铜业有限公司 locatedIn 新田县
    """
    if not (ctx.skey and ctx.skey in ctx.entities) or ctx.g.get(ctx.subject).level != "county":
        return   # (a city's article names companies of its counties: which one, the framing cannot tell)
    wider = {f"district:{d.code}" for d in ctx.g.ancestors(ctx.subject)}
    own = {ctx.subject, *(d.code for d in ctx.g.ancestors(ctx.subject))}
    read = {r.head for r in ctx.out if r.rel == LOCATED_IN and not r.rule.startswith(_BY_NAME)}
    named = {r.head for r in ctx.out if r.rel == LOCATED_IN and r.rule.startswith(_BY_NAME) and r.tail in wider}
    for key in sorted(named - read):
        ent, sp = ctx.entities[key], ctx.first_span.get(key)
        if sp is None or LINEAR.search(ent.label) or not _framed_by_district(ctx, ent, sp, own):
            continue
        ctx.add(key, LOCATED_IN, ctx.skey, sp, 0.6)


def _framed_by_district(ctx: DocContext, ent: Entity, sp: Span, own: set[str]) -> bool:
    """Whether the article's district may claim ``ent``: not named after another place; an organisation
    only when local (宁波X研究院 is the city's own; 广东X大学 serves a province) and not a partner."""
    code = district_in_name(ent.label, ctx.present)
    if code and code not in own and not descends(code, ctx.subject):
        return False  # named after another place
    if ORG in ent.types and not (set(ent.types) & {PARK, PROJECT}):
        if NATIONAL.search(ent.label) and not (code and code in own and ctx.g.get(code).level != "province"):
            return False
        if partner_context(ctx.doc, sp):
            return False
    return True

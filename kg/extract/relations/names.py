"""Relation rules that read names and the division table, not the sentence around them.

The table (1.0, 0.9) and a name written right after its divisions (0.8) run before the sentence
rules; a park named after a park, an industry or a place (0.65-0.8) runs after them, for what
they left unplaced.
"""
from __future__ import annotations

import re

from ...terms import CLUSTER, DEVELOPS, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer
from ..words import GOVERNING_BODIES, REGISTERED, alt
from .clauses import descends, district_in_name
from ..span import Span
from .context import DocContext

# the body that runs a park: X开发区管理委员会, X高新区管委会
GOVERNING_BODY = re.compile(f"{alt(GOVERNING_BODIES)}$")
# X（Y园）: the bracketed part of a zone's name
_BRACKETED_PART = re.compile(r"[(（][^()（）]{1,12}[)）]")
# a company's registered name ends with its legal form (股份有限公司 ends with 有限公司)
_REGISTERED_NAME = re.compile(f"{alt(REGISTERED)}$")


def named_place(ctx: DocContext, code: str | None) -> str | None:
    """The division ``code``, or the nearest division holding it, that is an entity of the article: a name's
    place lies in every place holding it (甘肃平凉高新区, where 平凉 is written only inside the name, lies in
    甘肃)."""
    while code:
        if f"district:{code}" in ctx.entities:
            return code
        code = ctx.g.get(code).parent
    return None


def leading_places(text: str) -> bool:
    """Whether ``text`` is nothing but divisions written back to back (浙江杭州), or nothing."""
    scanner, pos = gazetteer().matcher(), 0
    while pos < len(text):
        hits = scanner.scan(text[pos:])
        if not hits or hits[0][0] != 0:
            return False
        pos += hits[0][1]
    return True


def located_by_division_table(ctx: DocContext) -> None:
    """A division lies in its nearest ancestor (in the national table) that the article names.

    Example: 绥化市北林区推进工业园建设。 -> 北林区 locatedIn 绥化市
    """
    for key in ctx.entities:
        if not key.startswith("district:"):
            continue
        for anc in ctx.g.ancestors(key.split(":", 1)[1]):
            akey = f"district:{anc.code}"
            if akey in ctx.entities:
                sp = ctx.first_span.get(key) or ctx.first_span.get(akey)
                if sp:
                    ctx.add(key, LOCATED_IN, akey, sp, 1.0)
                break


def located_by_village_table(ctx: DocContext) -> None:
    """A village of the national table lies in the town the text names that holds it.

    Example: 红塔区洛河彝族乡法冲村发展烤烟种植。 -> 法冲村 locatedIn 洛河彝族乡
    """
    for spans in ctx.per_sentence:
        for sp in spans:
            town = sp.town
            if town and f"district:{town}" in ctx.entities:
                ctx.add(sp.key, LOCATED_IN, f"district:{town}", sp, 0.9)


def located_by_division_prefix(ctx: DocContext) -> None:
    """A name written right after divisions (one name, chained) lies in the last of them.

    Example: 北林区朝旭街道食品产业园开工。 -> 食品产业园 locatedIn 朝旭街道
    """
    for spans in ctx.per_sentence:
        for a, b in zip(spans, spans[1:]):
            if b.chained and a.code and a.end == b.start and not set(b.types) & {DISTRICT, CLUSTER}:
                ctx.add(b.key, LOCATED_IN, a.key, b, 0.8)


def located_by_park_prefix(ctx: DocContext) -> None:
    """A company, project or park written right after a park's name (two names, back to back) lies in the park.

    As a name written right after its divisions lies in them (located-by-division-prefix).

    Example: 新田经济开发区恒盛铜箔有限公司新增订单3亿元。 -> 恒盛铜箔有限公司 locatedIn 新田经济开发区
    """
    def park(sp: Span) -> bool:
        return PARK in sp.types and not (set(sp.types) & {CLUSTER, DISTRICT}) and not sp.code

    def thing(sp: Span) -> bool:
        return bool(set(sp.types) & {ORG, PROJECT, PARK}) and not set(sp.types) & {CLUSTER, DISTRICT}

    opening = {}   # the park that opens a kept name (新田经济开发区 of 新田经济开发区恒盛铜箔有限公司)
    for p in ctx.inner:
        if park(p):
            opening[(p.sentence, p.start)] = p
    for spans in ctx.per_sentence:
        for a, b in zip(spans, spans[1:]):
            if a.end == b.start and park(a) and thing(b):
                ctx.add(b.key, LOCATED_IN, a.key, b, 0.8)
        for b in spans:
            a = opening.get((b.sentence, b.start))
            if a is not None and a.end < b.end and thing(b) and not b.name.startswith(a.name):
                ctx.add(b.key, LOCATED_IN, a.key, b, 0.8)


def located_by_park_name(ctx: DocContext) -> None:
    """A park or project named after a park lies in it (the article may still place it elsewhere).

    Example: 铜仁高新区大数据产业园新入驻企业20家。 -> 铜仁高新区大数据产业园 locatedIn 铜仁高新区
    """
    for key, ent in ctx.entities.items():
        if key in ctx.located or key in ctx.clusters or not set(ent.types) & {PARK, PROJECT}:
            continue
        sp = ctx.first_span.get(key)
        if sp is None:
            continue
        outer = next((k for f, k in ctx.parks if k != key and ent.label.startswith(f)
                      and len(ent.label) - len(f) >= 3 and lx.suffix_of(ent.label) != lx.suffix_of(f)), None)
        if outer:
            ctx.add(key, LOCATED_IN, outer, sp, 0.7, place=False)


def located_by_governing_body(ctx: DocContext) -> None:
    """The body that runs a park sits in it.

    Example: 铜仁高新区管委会负责人介绍，铜仁高新区今年新增企业30家。 -> 铜仁高新区管委会 locatedIn 铜仁高新区
    """
    for key, ent in ctx.entities.items():
        if key in ctx.located or key in ctx.clusters or set(ent.types) & {PARK, PROJECT}:
            continue
        sp = ctx.first_span.get(key)
        if sp is None or ORG not in ent.types:
            continue
        body = GOVERNING_BODY.search(ent.label)
        if body is None:
            continue
        zone = next((k for f, k in ctx.parks if f == ent.label[:body.start()]), None)
        if zone is None:
            # 浙江杭州X科技城（Y园）管委会: the zone's name, once the bracketed part and the places before it go
            prefix = _BRACKETED_PART.sub("", ent.label[:body.start()])
            zone = next((k for f, k in ctx.parks if prefix.endswith(f) and leading_places(prefix[:-len(f)])), None)
        if zone:
            ctx.add(key, LOCATED_IN, zone, sp, 0.8)


def located_by_company_name(ctx: DocContext) -> None:
    """A company registered under a place's name is there.

    Example: 甘肃天源新材料有限公司年产值突破5亿元，甘肃省将继续支持企业发展。 -> 甘肃天源新材料有限公司 locatedIn 甘肃省
    """
    for key, ent in ctx.entities.items():
        if key in ctx.located or key in ctx.clusters or set(ent.types) & {PARK, PROJECT}:
            continue
        sp = ctx.first_span.get(key)
        if sp is None or ORG not in ent.types or GOVERNING_BODY.search(ent.label):
            continue
        if _REGISTERED_NAME.search(ent.label):
            code = named_place(ctx, district_in_name(ent.label, ctx.present))
            if code:
                ctx.add(key, LOCATED_IN, f"district:{code}", sp, 0.65)


def develops_by_name(ctx: DocContext) -> None:
    """A park or project named after an industry develops it (the longest industry its name holds).

    Example: 白山市光伏材料产业园开工建设。光伏材料产业发展迅速。 -> 白山市光伏材料产业园 developsCluster 光伏材料
    """
    for key, ent in ctx.entities.items():
        if key in ctx.clusters or not (set(ent.types) & {PARK, PROJECT}) or key not in ctx.first_span:
            continue
        # the longest name of each cluster found in the label (ties in code-point order, not a set's)
        named = {ckey: max((n for n in {cl.label, *cl.aliases} if len(n) >= 2 and n in ent.label and ent.label != n),
                           key=lambda n: (len(n), n), default=None) for ckey, cl in ctx.clusters.items()}
        named = {k: n for k, n in named.items() if n}
        for ckey, n in named.items():
            if any(n != o and n in o for o in named.values()):
                continue  # 化工新材料项目 serves 化工新材料, not the broader 新材料
            ctx.add(key, DEVELOPS, ckey, ctx.first_span[key], 0.75)


def develops_by_place_in_name(ctx: DocContext) -> None:
    """An industry named after a place the article names (南康家具产业集群, 陕西新能源汽车产业) is that place's.

    Example: 新田县推进工业强县。新田电子信息产业集群产值突破百亿元。 -> 新田县 developsCluster 新田电子信息
    """
    for key, ent in ctx.clusters.items():
        sp = ctx.first_span.get(key)
        if sp is None or DISTRICT in ent.types or key.startswith("district:"):
            continue
        code = district_in_name(ent.label, ctx.written)
        if code and f"district:{code}" in ctx.entities and ent.label != ctx.entities[f"district:{code}"].label:
            ctx.add(f"district:{code}", DEVELOPS, key, sp, 0.7)


def located_by_place_name(ctx: DocContext) -> None:
    """A park or project named after a place lies in it, unless the article's own district is meant.

    Also where a rule placed it only in a park: a zone's 天水片区 lies in the zone and in 天水.

    Example: 宿州市今年签约项目多个。宿州光伏产业园开工建设。 -> 宿州光伏产业园 locatedIn 宿州市
    """
    in_district = {r.head for r in ctx.out if r.rel == LOCATED_IN and r.tail.startswith("district:")}
    for key, ent in ctx.entities.items():
        if key in ctx.clusters or not (set(ent.types) & {PARK, PROJECT}) or key in in_district:
            continue
        sp = ctx.first_span.get(key)
        if sp is None:
            continue
        code = named_place(ctx, district_in_name(ent.label, ctx.present))
        # a park named after the article's city (宁波X园 in an article about one of its districts)
        # is placed by the framing, which is more specific; not one named after a town's county (五常X
        #产业园 in an article about one of its towns): a county's name names a park of the county's size
        subject = ctx.subject
        if code and not (subject and (code == subject or (descends(subject, code)
                                                          and ctx.g.get(subject).level != "town"))):
            ctx.add(key, LOCATED_IN, f"district:{code}", sp, 0.7)

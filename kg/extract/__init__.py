"""Extract stage: one Document -> one Extraction (entities, relations, quantities, with provenance).

The rules live in entities.py (names), relations.py (containment and clusters)
and quantities.py (investment, area, capacity). This module runs them over each
sentence, settles overlaps (the longest name wins), turns spans into entity
records with stable keys, and asks the relation rules for edges.
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict

from ..resources import read_text
from ..records import CLUSTER, DISTRICT, ORG, PARK, PROJECT, Document, Entity, Extraction, Mention
from . import lexicon as lx
from .divisions import gazetteer, villages as town_villages
from .span import Span
from .names.clusters import cluster_spans, table_cells
from .names.common import ADMIN_SUFFIX, DESIGNATIONS
from .names.enumerations import enumeration_spans
from .names.organisations import brand_org_spans, org_context_spans
from .names.places import district_spans, village_spans, villages
from .names.suffix import suffix_spans

# Bump when a rule changes what is extracted: cached extractions of older versions are redone.
EXTRACTOR_VERSION = "39"

__all__ = ["extract", "EXTRACTOR_VERSION"]


def _settle(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Keep the longest of overlapping spans (types of identical spans are merged).

    Returns (kept, embedded): embedded are shorter spans inside a kept one (a city inside a park name).
    """
    by_range: dict[tuple[int, int], Span] = {}
    for sp in spans:
        key = (sp.start, sp.end)
        if key in by_range:
            old = by_range[key]
            if old.types == (DISTRICT,) or sp.types == (DISTRICT,):
                keep, other = (old, sp) if old.types != (DISTRICT,) else (sp, old)
                if keep.types == (PARK,) and _NEW_AREA.search(keep.text) and any(
                        d.name == keep.text and d.level in ("province", "city", "county")
                        for d in gazetteer().by_name(keep.text)):
                    # 滨海新区: a division that is also a new area keeps its code and is both
                    other.types = (DISTRICT, PARK)
                    keep = other
                by_range[key] = keep
                continue
            old.merge(sp)
            if sp.rule.startswith("enumeration") and not old.rule.startswith("enumeration"):
                old.enumerated = sp.rule
        else:
            by_range[key] = sp
    kept: list[Span] = []
    embedded: list[Span] = []
    for sp in sorted(by_range.values(), key=lambda s: (-(s.end - s.start), s.start)):
        if any(k.start <= sp.start and sp.end <= k.end for k in kept):
            embedded.append(sp)
        elif any(k.start < sp.end and sp.start < k.end for k in kept):
            embedded.append(sp)
        else:
            kept.append(sp)
    return sorted(kept, key=lambda s: s.start), embedded


_NEW_AREA = re.compile(r"新区$")
SHORT_NAME = re.compile(r"[（(](?:以下简称|下称|以下称|简称)[“\"「]?([^”\"」（）()，。]{2,12})[”\"」]?[）)]")


INDUSTRY_TAIL = re.compile(r"(产业集群|产业链|产业|集群)$")


def _entity_key(sp: Span) -> str:
    if sp.code:
        return f"district:{sp.code}"
    if CLUSTER in sp.types or sp.name.endswith("产业集群"):
        # an industry is one node with or without its generic tail: X, X产业, X产业集群
        # (also where a list's head typed X产业集群 as a project)
        bare = INDUSTRY_TAIL.sub("", sp.name)
        if len(bare) >= 2 and bare != sp.name:
            sp.extra_aliases += (sp.name,)
            sp.label = bare
    return "n:" + lx.norm(sp.name)


def extract(doc: Document) -> Extraction:
    """All entities, relations and quantities of one document."""
    from .quantities import quantities
    from .relations import relations

    g = gazetteer()
    per_sentence: list[list[Span]] = []
    embedded_all: list[Span] = []
    column = None   # the industries' column of the table being read (| 园区 | 主导产业 | …)
    for sent in doc.sentences:
        spans = suffix_spans(sent.text, sent.start, sent.index)
        if sent.text.startswith(("|", "｜")):
            column, cells = table_cells(sent.text, column, sent.start, sent.index)
            spans += cells
        else:
            column = None
        spans += enumeration_spans(sent.text, sent.start, sent.index)
        spans += cluster_spans(sent.text, sent.start, sent.index)
        spans += district_spans(sent.text, sent.start, sent.index)
        if "村" in sent.text:
            spans += village_spans(sent.text, sent.start, sent.index, villages())
        kept, embedded = _settle(spans)
        kept += org_context_spans(sent.text, sent.start, sent.index, kept)
        kept += brand_org_spans(sent.text, sent.start, sent.index, kept)
        kept, emb2 = _settle(kept)
        per_sentence.append(kept)
        embedded_all += embedded + emb2

    # districts: unambiguous codes first, then same-named ones settled by that context
    context = Counter()
    for spans in per_sentence:
        for sp in spans:
            codes = sp.codes
            if codes and len(codes) == 1:
                context[codes[0]] += 1
    for sp in embedded_all:
        codes = sp.codes
        if codes and len(codes) == 1:
            context[codes[0]] += 0.5
    ctx_codes = set(context)
    for spans in per_sentence:
        for sp in list(spans):
            codes = sp.codes
            if codes is None:
                continue
            if len(codes) == 1:
                sp.code = codes[0]
            else:
                div = g.resolve(sp.text, ctx_codes)
                if div is None:
                    spans.remove(sp)
                    continue
                sp.code = div.code
    # a county's short form (北仑 for 北仑区) counts only where the article names its city or the
    # county in full: elsewhere it is a common word or another place's name (泰山学者, 以产兴城)
    anchored = {sp.code for spans in per_sentence for sp in spans if sp.code and sp.full}
    anchored |= {sp.code for spans in per_sentence for sp in spans
                 if sp.code and g.get(sp.code).level in ("province", "city")}
    for spans in per_sentence:
        for sp in list(spans):
            if sp.code and not sp.full and g.get(sp.code).level == "county":
                div = g.get(sp.code)
                if sp.code not in anchored and div.parent not in anchored:
                    spans.remove(sp)
    # 宁波市北仑区 / 宁波北仑区: a parent right before its child is one longer name of the child
    for spans in per_sentence:
        for a, b in zip(spans, spans[1:]):
            if a.code and b.code and a.end == b.start and a.code in {d.code for d in g.ancestors(b.code)}:
                b.extra_aliases += (doc.text[a.start:b.end],)
                b.prefixed = True
    inner = _inner_names(per_sentence, embedded_all, ctx_codes)
    present = set()   # division codes written anywhere in the text, even inside other names
    for spans in per_sentence:
        present.update(sp.code for sp in spans if sp.code)
    for sp in embedded_all:
        codes = sp.codes or ()
        if len(codes) == 1:
            present.add(codes[0])

    # a village of a town the text names lies in that town (马街镇…大龙潭村); the table's X社区 of the
    # town never equal a village span's name, which ends with 村
    towns = [c for c in present if g.get(c).level == "town"]
    for spans in per_sentence:
        for sp in spans:
            if sp.village:
                town = next((c for c in sorted(towns) if sp.name in town_villages(c)), None)
                if town:
                    sp.town = town
    entities = _entities(doc, per_sentence + [inner], present)
    rels = relations(doc, per_sentence, entities, present, inner)
    qs = quantities(doc, per_sentence)
    entities = _with_amounts(entities, qs)
    return Extraction(doc=doc.id, entities=tuple(entities.values()), relations=tuple(rels), quantities=tuple(qs))


def _inner_names(per_sentence: list[list[Span]], embedded: list[Span], ctx_codes: set[str]) -> list[Span]:
    """Names written only at the start of a longer name: the town of 唐江镇X产业园, the zone of
    X开发区Y产业园 or of X物流园Z项目. They are things of their own (the longer name lies in them);
    they take part in no sentence rule, only in the name rules of relations.py."""
    g = gazetteer()
    outers: dict[int, list[Span]] = defaultdict(list)
    for spans in per_sentence:
        for sp in spans:
            if not sp.code and set(sp.types) & {PARK, PROJECT, ORG}:
                outers[sp.sentence].append(sp)
    starts = {(sp.sentence, sp.end) for sp in embedded if sp.codes}
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for sp in embedded:
        if (sp.start, sp.end) in seen:
            continue
        outer = next((o for o in outers.get(sp.sentence, ()) if o.start <= sp.start and sp.end <= o.end
                      and (o.start, o.end) != (sp.start, sp.end)), None)
        if outer is None:
            continue
        codes = sp.codes
        if codes is not None:
            if ORG in outer.types and not set(outer.types) & {PARK, PROJECT}:
                continue  # a company's registered place says where it was registered, not a place of the text
            if not sp.full or not ADMIN_SUFFIX.search(sp.text) or sp.end >= outer.end \
                    or lx.types_of(sp.text):
                continue  # (经济开发区 of the statistical table is a zone, not a division)
            if sp.start != outer.start and (sp.sentence, sp.start) not in starts:
                continue  # 屯留区X园, 长治市屯留区X园: only divisions that open the name
            if len(codes) == 1:
                sp.code = codes[0]
            else:
                div = g.resolve(sp.text, ctx_codes)
                if div is None:
                    continue
                sp.code = div.code
        elif PARK in sp.types and CLUSTER not in sp.types and not sp.enumerated:
            rest = outer.text[sp.end - outer.start:]
            rest = lx.PHASE_RE.sub("", rest)
            if sp.start != outer.start or len(rest) < 3 or rest.startswith(("项目", "工程")) \
                    or len(rest) - len(lx.suffix_of(rest)) < 2:
                continue  # X产业园二期, X产业园项目, X陆港物流园: the park itself
            if lx.suffix_of(sp.text) in DESIGNATIONS or sp.text.endswith("试验区"):
                continue  # 中国(宁波)跨境电子商务综合试验区北仑园区: a designation, its 园区 is the place
            if any(o.start == sp.start and o.end > sp.end and o.end < outer.end and PARK in o.types
                   for o in embedded if not o.codes):
                continue  # 郑州国际陆港经开区片区X中心: the longest park that opens the name
        else:
            continue
        seen.add((sp.start, sp.end))
        out.append(sp)
    return out


def _with_amounts(entities: dict[str, Entity], qs) -> dict[str, Entity]:
    """investmentCNY (the largest stated: the total) and areaSquareMetres (the first stated) as attributes."""
    import dataclasses
    from decimal import Decimal

    amounts: dict[str, dict[str, str]] = defaultdict(dict)
    for q in qs:
        if q.kind == "investment":
            old = amounts[q.entity].get("investmentCNY")
            if old is None or Decimal(q.value) > Decimal(old):
                amounts[q.entity]["investmentCNY"] = q.value
        elif q.kind == "area" and q.unit == "m2":
            amounts[q.entity].setdefault("areaSquareMetres", q.value)
    for key, extra in amounts.items():
        ent = entities.get(key)
        if ent is not None:
            attrs = dict(ent.attrs)
            for name, value in extra.items():
                attrs.setdefault(name, value)
            entities[key] = dataclasses.replace(ent, attrs=tuple(sorted(attrs.items())))
    return entities


def _entities(doc: Document, per_sentence: list[list[Span]], present: set[str]) -> dict[str, Entity]:
    """Spans -> one Entity record per key, with mentions; districts get their ancestors too."""
    g = gazetteer()
    forms: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, list[str]] = defaultdict(list)
    attrs: dict[str, dict[str, str]] = defaultdict(dict)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    labels: dict[str, str] = {}
    # enumeration items whose shared head makes the full name (康养 + 片区): use it when written
    for spans in per_sentence:
        for sp in spans:
            head = sp.head
            if head and (sp.name + head) in doc.text:
                sp.extra_aliases += (sp.name,)
                sp.label = sp.name + head
    short: dict[str, Span] = {}   # X（以下简称“Y”）: Y is another name of X
    for m in SHORT_NAME.finditer(doc.text):
        named = next((sp for spans in per_sentence for sp in spans if sp.end == m.start() and not sp.code), None)
        if named is not None and lx.norm(m.group(1)) != lx.norm(named.name):
            short[lx.norm(m.group(1))] = named
            named.extra_aliases += (m.group(1),)
    for spans in per_sentence:
        for sp in spans:
            sp_key = _entity_key(sp)
            if sp_key.startswith("n:") and sp_key[2:] in short and short[sp_key[2:]] is not sp:
                sp_key = _entity_key(short[sp_key[2:]])
            sp.key = sp_key
            if sp.code:
                div = g.get(sp.code)
                labels[sp_key] = div.name
                attrs[sp_key].update(adminCode=div.code, adminLevel=div.level)
                forms[sp_key][sp.text] += 1
            else:
                forms[sp_key][sp.name] += 1
                if sp.text != sp.name:
                    forms[sp_key][sp.text] += 0
                if sp.village:
                    attrs[sp_key]["adminLevel"] = "village"
            for alias in sp.extra_aliases:
                forms[sp_key][alias] += 0
            for t in sp.types:
                if t not in types[sp_key]:
                    types[sp_key].append(t)
            if sp.phase:
                attrs[sp_key]["phase"] = str(max(sp.phase, int(attrs[sp_key].get("phase", 0))))
            mentions[sp_key].append(Mention(doc.id, sp.sentence, sp.start, sp.end, sp.text, sp.rule))
    # ancestors of mentioned divisions, when the text writes them somewhere (浙江 inside a name)
    for key in [k for k in forms if k.startswith("district:")]:
        for anc in g.ancestors(key.split(":", 1)[1]):
            akey = f"district:{anc.code}"
            if anc.code in present and akey not in forms:
                labels[akey] = anc.name
                attrs[akey].update(adminCode=anc.code, adminLevel=anc.level)
                forms[akey][anc.name] += 0
                if anc.short and anc.short in doc.text:
                    forms[akey][anc.short] += 0
                types[akey].append(DISTRICT)
    # a zone of the statistical table (唐山高新技术产业开发区, 张江高科技园区) is a park as much as a division
    for key in forms:
        if key.startswith("district:") and PARK in lx.types_of(labels.get(key, "")) and PARK not in types[key]:
            types[key].append(PARK)
    out: dict[str, Entity] = {}
    for key in sorted(forms):
        f = forms[key]
        label = labels.get(key) or sorted(f, key=lambda s: (-len(s), -f[s], s))[0]
        if key.startswith("n:"):
            label = max((s for s in f if lx.norm(s) == key[2:]), key=lambda s: (f[s], len(s)), default=label)
        aliases = tuple(sorted(a for a in f if a != label))
        out[key] = Entity(key=key, label=label, types=tuple(types[key]), aliases=aliases,
                          attrs=tuple(sorted(attrs[key].items())), mentions=tuple(mentions[key]))
    return out


# the types are re-exported for the rule modules
TYPES = (DISTRICT, PARK, CLUSTER, PROJECT, ORG)

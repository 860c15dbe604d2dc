"""Spans become entity records: one Entity per key, with its label, aliases, types, attributes and mentions."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from ..records import Document, Entity, Mention
from ..terms import CLUSTER, DISTRICT, ORG, PARK
from . import lexicon as lx
from .again import BARE_RULE
from .divisions import gazetteer
from .span import Span
from .words import (CLUSTER_HEADS, COMPANY_HEADS, GROUP_WORD, INDUSTRY_CLUSTER_WORD, REGISTERED, SHORT_NAME_HEADS,
                    SHORT_NAME_MARKS, alt)

if TYPE_CHECKING:
    from ..records import Quantity
    from .names import Names

SHORT_NAME = re.compile(f"[（(]{alt(SHORT_NAME_MARKS)}[“\"「]?([^”\"」（）()，。]{{2,12}})[”\"」]?[）)]")
INDUSTRY_TAIL = re.compile(f"({alt(CLUSTER_HEADS)})$")
# a company's full name: its brand (and place) before a registered form or 集团, a bracketed place
# inside it dropped (某某智人（平凉）技术有限公司)
_FULL_COMPANY = re.compile(f"(.+?)(?:{alt(REGISTERED)}|{alt(GROUP_WORD)})$")
_BRACKETED = re.compile("[（(][^（）()]{1,8}[）)]")
_SHORT_HEAD = re.compile(f"{alt(SHORT_NAME_HEADS)}$")


def entity_key(sp: Span) -> str:
    """``district:<code>`` for a division, else ``n:`` + the name's identity form; an industry is one
    node with or without its generic tail (X, X产业, X产业集群), which then becomes an alias."""
    if sp.code:
        return f"district:{sp.code}"
    if CLUSTER in sp.types or sp.name.endswith(INDUSTRY_CLUSTER_WORD):
        # (also where a list's head typed X产业集群 as a project)
        bare = INDUSTRY_TAIL.sub("", sp.name)
        if len(bare) >= 2 and bare != sp.name:
            sp.extra_aliases += (sp.name,)
            sp.label = bare
    return "n:" + lx.norm(sp.name)


class _Records:
    """What the spans say of each key, gathered before the records are made."""

    def __init__(self) -> None:
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.types: dict[str, list[str]] = defaultdict(list)
        self.attrs: dict[str, dict[str, str]] = defaultdict(dict)
        self.mentions: dict[str, list[Mention]] = defaultdict(list)
        self.labels: dict[str, str] = {}


def entity_records(doc: Document, names: Names) -> dict[str, Entity]:
    """One Entity record per key, with mentions; districts get their ancestors too."""
    spans = names.per_sentence + [names.inner]
    _full_names_of_items(doc, spans)
    short = _short_names(doc, spans)
    _abbreviations(spans, short)
    rec = _Records()
    for sentence in spans:
        for sp in sentence:
            _add_span(doc, rec, sp, short)
    _add_ancestors(doc, rec, names.present)
    _zones_are_parks(rec)
    out: dict[str, Entity] = {}
    for key in sorted(rec.forms):
        f = rec.forms[key]
        label = rec.labels.get(key) or sorted(f, key=lambda s: (-len(s), -f[s], s))[0]
        if key.startswith("n:"):
            label = max((s for s in f if lx.norm(s) == key[2:]), key=lambda s: (f[s], len(s)), default=label)
        aliases = tuple(sorted(a for a in f if a != label))
        out[key] = Entity(key=key, label=label, types=tuple(rec.types[key]), aliases=aliases,
                          attrs=tuple(sorted(rec.attrs[key].items())), mentions=tuple(rec.mentions[key]))
    return out


def _full_names_of_items(doc: Document, per_sentence: list[list[Span]]) -> None:
    """Enumeration items whose shared head makes the full name (康养 + 片区): use it when written.

    The bare item stays an alias, unless it is a division's name (泾川 of 泾川片区): that names the
    place the park lies in, not the park.
    """
    g = gazetteer()
    for spans in per_sentence:
        for sp in spans:
            head = sp.head
            if head and (sp.name + head) in doc.text:
                if not g.by_name(sp.name):
                    sp.extra_aliases += (sp.name,)
                sp.label = sp.name + head


def _short_names(doc: Document, per_sentence: list[list[Span]]) -> dict[str, Span]:
    """X（以下简称“Y”）: Y is another name of X (identity form of Y -> the span of X)."""
    short: dict[str, Span] = {}
    for m in SHORT_NAME.finditer(doc.text):
        named = next((sp for spans in per_sentence for sp in spans if sp.end == m.start() and not sp.code), None)
        if named is not None and lx.norm(m.group(1)) != lx.norm(named.name):
            short[lx.norm(m.group(1))] = named
            named.extra_aliases += (m.group(1),)
    return short


def _abbreviations(per_sentence: list[list[Span]], short: dict[str, Span]) -> None:
    """陇鑫电机公司 … 平凉陇鑫智能电机有限责任公司 in one article: a company's short name takes characters
    of its full name in order (the first two together), and names the same company (identity form of
    the short name -> the span of the full name, as ``_short_names``); a brand written alone beside the
    brand and its head (汇泾创源 … 汇泾创源公司) is that company too."""
    fulls: dict[str, tuple[str, Span]] = {}
    headed: dict[str, Span] = {}     # 汇泾创源公司: the brand a short name with its head writes
    for spans in per_sentence:
        for sp in spans:
            m = _FULL_COMPANY.match(sp.name) if ORG in sp.types and not sp.code else None
            if m and len(m.group(1)) >= 2:
                fulls.setdefault(lx.norm(sp.name), (_BRACKETED.sub("", m.group(1)), sp))
            elif ORG in sp.types and not sp.code and _SHORT_HEAD.search(sp.name):
                headed.setdefault(_SHORT_HEAD.sub("", sp.name), sp)
    if not fulls and not headed:
        return
    for spans in per_sentence:
        for sp in spans:
            key = lx.norm(sp.name)
            if ORG not in sp.types or sp.code or key in fulls or key in short \
                    or lx.suffix_of(sp.name) not in ("", *COMPANY_HEADS):
                continue
            brand = _SHORT_HEAD.sub("", sp.name)
            if len(brand) < 2:
                continue
            found = {id(full): full for core, full in fulls.values() if _abbreviates(brand, core)}
            if not found and brand == sp.name and brand in headed:
                found = {0: headed[brand]}   # 汇泾创源 beside 汇泾创源公司: the brand alone is that company
            if len(found) == 1:
                full = next(iter(found.values()))
                short[key] = full
                full.extra_aliases += (sp.name,)


def _abbreviates(brand: str, core: str) -> bool:
    """``brand`` (陇鑫电机) takes characters of ``core`` (平凉陇鑫智能电机) in order, its first two together."""
    pos = core.find(brand[:2])
    if pos < 0:
        return False
    pos += 2
    for ch in brand[2:]:
        pos = core.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def _add_span(doc: Document, rec: _Records, sp: Span, short: dict[str, Span]) -> None:
    """The span's key (a short name's is its full name's), its forms, types, attributes and mention."""
    sp_key = entity_key(sp)
    if sp_key.startswith("n:") and sp_key[2:] in short and short[sp_key[2:]] is not sp:
        sp_key = entity_key(short[sp_key[2:]])
    sp.key = sp_key
    forms, attrs = rec.forms[sp_key], rec.attrs[sp_key]
    if sp.code:
        div = gazetteer().get(sp.code)
        rec.labels[sp_key] = div.name
        attrs.update(adminCode=div.code, adminLevel=div.level)
        forms[sp.text] += 1
    else:
        forms[sp.name] += 1
        # (an item named in full by its list's head, 泾川片区 of 崆峒、泾川两个片区, is not called 泾川:
        # that is the division it lies in; nor is a zone's bare head, 经开区, another name of the zone)
        if sp.text != sp.name and not (sp.head and gazetteer().by_name(sp.text)) and sp.rule != BARE_RULE:
            forms[sp.text] += 0
        if sp.village:
            attrs["adminLevel"] = "village"
    for alias in sp.extra_aliases:
        forms[alias] += 0
    for t in sp.types:
        if t not in rec.types[sp_key]:
            rec.types[sp_key].append(t)
    if sp.phase:
        attrs["phase"] = str(max(sp.phase, int(attrs.get("phase", 0))))
    rec.mentions[sp_key].append(Mention(doc.id, sp.sentence, sp.start, sp.end, sp.text, sp.rule))


def _add_ancestors(doc: Document, rec: _Records, present: set[str]) -> None:
    """Ancestors of mentioned divisions, when the text writes them somewhere (浙江 inside a name)."""
    g = gazetteer()
    for key in [k for k in rec.forms if k.startswith("district:")]:
        for anc in g.ancestors(key.split(":", 1)[1]):
            akey = f"district:{anc.code}"
            if anc.code in present and akey not in rec.forms:
                rec.labels[akey] = anc.name
                rec.attrs[akey].update(adminCode=anc.code, adminLevel=anc.level)
                rec.forms[akey][anc.name] += 0
                if anc.short and anc.short in doc.text:
                    rec.forms[akey][anc.short] += 0
                rec.types[akey].append(DISTRICT)


def _zones_are_parks(rec: _Records) -> None:
    """A zone of the statistical table (唐山高新技术产业开发区, 张江高科技园区) is a park as much as a division."""
    for key in rec.forms:
        if key.startswith("district:") and PARK in lx.types_of(rec.labels.get(key, "")) and PARK not in rec.types[key]:
            rec.types[key].append(PARK)


def with_amounts(entities: dict[str, Entity], qs: list[Quantity]) -> dict[str, Entity]:
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

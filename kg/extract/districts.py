"""Which division each district mention names: the passes that run after the name finders.

A surface of the division table may name several divisions (朝阳区 is in Beijing and in Changchun),
and a short form (北仑 for 北仑区) may be a common word. The passes below settle this over the whole
document, in the order extract() runs them: codes named once are the context (``context_codes``),
which settles the others (``assign_codes``); short forms count only where the article anchors them
(``drop_unanchored_short_forms``); a parent written right before its child is part of the child's
name (``join_parent_prefix``); the codes written anywhere are ``present_codes``; a village lies in
the town of the text that lists it (``place_villages_in_towns``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..records import Document
from ..terms import DISTRICT, PARK
from . import lexicon as lx
from .divisions import gazetteer, is_risky, town_stem, villages as town_villages
from .span import Span
from .words import NEW_AREA, PERSON_TITLES, alt

if TYPE_CHECKING:
    from .names import Names


def division_or_name(old: Span, new: Span) -> Span | None:
    """Two spans at one range, one of them a bare division (gazetteer, village): the other one stands
    for both (新区 as a park's head outranks the table's reading), unless ``new_area_is_both`` or
    ``town_outranks_head``.

    None when neither is a bare division: the two merge.
    """
    if old.types != (DISTRICT,) and new.types != (DISTRICT,):
        return None
    keep, other = (old, new) if old.types != (DISTRICT,) else (new, old)
    if new_area_is_both(keep):
        other.types = (DISTRICT, PARK)
        return other
    if town_outranks_head(keep, other):
        return other
    return keep


def town_outranks_head(name: Span, division: Span) -> bool:
    """定方水乡: a town of the table written in full (a stem and its 乡/镇/街道) that a park's head happens to
    end (水乡, 小镇 crossing the stem's last character) is the town, not a park."""
    if name.types != (PARK,) or not division.codes or not division.full:
        return False
    g = gazetteer()
    towns = [g.get(c) for c in division.codes]
    return all(d.level == "town" and d.name == division.text and town_stem(d.name) for d in towns) and \
        len(lx.suffix_of(name.text)) > len(division.text) - len(town_stem(division.text) or "")


_NEW_AREA = re.compile(f"{alt(NEW_AREA)}$")
_TITLE_BEFORE = re.compile(f"{alt(PERSON_TITLES)}$")


def new_area_is_both(park: Span) -> bool:
    """A park found by its head 新区 that is also a division of the table (滨海新区, 浦东新区): it keeps
    the division's code and is both a district and a park."""
    return park.types == (PARK,) and bool(_NEW_AREA.search(park.text)) and any(
        d.name == park.text and d.level in ("province", "city", "county") for d in gazetteer().by_name(park.text))


def context_codes(doc: Document, names: Names) -> None:
    """The codes the text names unambiguously (a surface with one division), kept or embedded: they
    settle which of several same-named divisions another mention means."""
    for spans in names.per_sentence:
        for sp in spans:
            if sp.codes and len(sp.codes) == 1:
                names.context.add(sp.codes[0])
    for sp in names.embedded:
        if sp.codes and len(sp.codes) == 1:
            names.context.add(sp.codes[0])


def assign_codes(doc: Document, names: Names) -> None:
    """Each division mention gets its code: the only one, or the one the context settles (朝阳区 of a
    text about 长春); a mention the context cannot settle is dropped."""
    g = gazetteer()
    for spans in names.per_sentence:
        for sp in list(spans):
            codes = sp.codes
            if codes is None:
                continue
            if len(codes) == 1:
                sp.code = codes[0]
            else:
                div = g.resolve(sp.text, names.context)
                if div is None:
                    spans.remove(sp)
                    continue
                sp.code = div.code


def drop_unanchored_short_forms(doc: Document, names: Names) -> None:
    """A county's short form (北仑 for 北仑区) counts only where the article names its city or the
    county in full, or writes it right after one of its ancestors (甘肃崆峒): elsewhere it is a common word
    or another place's name (泰山学者, 以产兴城)."""
    g = gazetteer()
    anchored = _anchors(names)
    for spans in names.per_sentence:
        for sp in list(spans):
            if sp.code and not sp.full and g.get(sp.code).level == "county":
                div = g.get(sp.code)
                if sp.code not in anchored and div.parent not in anchored and not _after_ancestor(sp, spans):
                    spans.remove(sp)


def _anchors(names: Names) -> set[str]:
    """The codes an article anchors: divisions written in full, provinces and cities however written."""
    g = gazetteer()
    anchored = {sp.code for spans in names.per_sentence for sp in spans if sp.code and sp.full}
    anchored |= {sp.code for spans in names.per_sentence for sp in spans
                 if sp.code and g.get(sp.code).level in ("province", "city")}
    return anchored


def _after_ancestor(sp: Span, spans: list[Span]) -> bool:
    """``sp`` is written right after one of its ancestors (甘肃崆峒, 灵台县万宝川农场)."""
    up = {d.code for d in gazetteer().ancestors(sp.code)}
    return any(a.end == sp.start and a.code in up for a in spans)


def drop_unanchored_zones(doc: Document, names: Names) -> None:
    """A zone the national table lists among towns under a name of generic words (农产品加工园, 经济开发区
    of some county) counts only where the article names its county or city, or writes it right after one
    of its ancestors: elsewhere the words name a kind of park, not that zone (新建一个农产品加工园)."""
    g = gazetteer()
    anchored = _anchors(names)
    for spans in names.per_sentence:
        for sp in list(spans):
            if not sp.code or sp.village or g.get(sp.code).level != "town" or town_stem(g.get(sp.code).name):
                continue
            up = {d.code for d in g.ancestors(sp.code) if d.level != "province"}
            if not anchored & up and not _after_ancestor(sp, spans):
                spans.remove(sp)


def places_of_listed_parks(doc: Document, names: Names) -> None:
    """覆盖兰州、白银、定西三个片区: an item of a list of parks named by a division alone (its shared
    head makes the park's name) names that division too (rule ``gazetteer:list-item``): 白银 as well as
    白银片区, which lies in it."""
    g = gazetteer()
    for spans in names.per_sentence:
        for sp in spans:
            if not sp.head or sp.code or PARK not in sp.types or is_risky(sp.text):
                continue
            div = g.resolve(sp.text, names.context)
            if div is None or div.level == "town":
                continue
            names.inner.append(Span(sp.start, sp.end, sp.text, (DISTRICT,), "gazetteer:list-item", sp.sentence,
                                    code=div.code, codes=(div.code,), full=sp.text == div.name))
            names.present.add(div.code)


def places_opening_names(doc: Document, names: Names) -> None:
    """甘肃平凉汇泾智慧物流产业园: a province and its city written by their short forms at the start of a park's
    name that has a name of its own after them are the places the park lies in, named in passing (rule
    ``gazetteer:opens-name``); a city before a head noun alone (平凉高新区) is the park's own name, and one
    short form alone may be a word of the name (北海双创基地 of a town's 北海)."""
    g = gazetteer()
    outers = [sp for spans in names.per_sentence for sp in spans
              if not sp.code and PARK in sp.types and DISTRICT not in sp.types]
    inner = {(sp.start, sp.end) for sp in names.inner}
    for outer in outers:
        chain, pos = [], outer.start
        while True:
            nxt = next((e for e in names.embedded if e.start == pos and e.codes and not e.full and e.end < outer.end
                        and e.sentence == outer.sentence), None)
            if nxt is None:
                break
            chain.append(nxt)
            pos = nxt.end
        rest = outer.text[pos - outer.start:]
        if len(chain) < 2 or lx.han_count(rest[: len(rest) - len(lx.suffix_of(rest))]) < 2:
            continue
        divs = [g.resolve(sp.text, names.context) for sp in chain]
        n = next((i for i, (sp, d) in enumerate(zip(chain, divs))
                  if d is None or d.level not in ("province", "city") or is_risky(sp.text)), len(chain))
        chain, divs = chain[:n], divs[:n]
        if len(chain) < 2 or any(a.code not in {x.code for x in g.ancestors(b.code)} for a, b in zip(divs, divs[1:])):
            continue  # (a province, then its city)
        for sp, div in zip(chain, divs):
            if (sp.start, sp.end) not in inner:
                names.inner.append(Span(sp.start, sp.end, sp.text, (DISTRICT,), "gazetteer:opens-name", sp.sentence,
                                        code=div.code, codes=(div.code,), full=False))
                names.present.add(div.code)


def drop_given_names(doc: Document, names: Names) -> None:
    """主任李兰州介绍 … 李兰州说: a short form of two characters right after a title and one character (a
    surname) is a person's given name; that person's name elsewhere in the article names no place either."""
    people = set()
    for spans in names.per_sentence:
        for sp in spans:
            if sp.code and not sp.full and len(sp.text) == 2 and sp.start > 0 and lx.han_count(doc.text[sp.start - 1]) \
                    and _TITLE_BEFORE.search(doc.text[max(0, sp.start - 5):sp.start - 1]):
                people.add(doc.text[sp.start - 1:sp.end])
    if not people:
        return
    for spans in names.per_sentence:
        for sp in list(spans):
            if sp.code and not sp.full and sp.start > 0 and doc.text[sp.start - 1:sp.end] in people:
                spans.remove(sp)


def join_parent_prefix(doc: Document, names: Names) -> None:
    """宁波市北仑区 / 宁波北仑区: a parent right before its child is one longer name of the child."""
    g = gazetteer()
    for spans in names.per_sentence:
        for a, b in zip(spans, spans[1:]):
            if a.code and b.code and a.end == b.start and a.code in {d.code for d in g.ancestors(b.code)}:
                b.extra_aliases += (doc.text[a.start:b.end],)
                b.prefixed = True


def present_codes(doc: Document, names: Names) -> None:
    """The division codes written anywhere in the text, even inside other names (浙江 in 浙江X产业园)."""
    for spans in names.per_sentence:
        names.present.update(sp.code for sp in spans if sp.code)
    for sp in names.embedded:
        codes = sp.codes or ()
        if len(codes) == 1:
            names.present.add(codes[0])


def place_villages_in_towns(doc: Document, names: Names) -> None:
    """A village or community of a town the text names lies in that town (马街镇…大龙潭村, 东关街道宝塔社区)."""
    g = gazetteer()
    towns = [c for c in names.present if g.get(c).level == "town"]
    for spans in names.per_sentence:
        for sp in spans:
            if sp.village:
                town = next((c for c in sorted(towns) if sp.name in town_villages(c)), None)
                if town:
                    sp.town = town

"""Resolve stage: the per-document extractions of a corpus -> one entity per real thing.

Entities with the same key are one node. Beyond that, a name that differs from
another only by a place or owner prefix (宁波X园 / X园) or a generic middle word is
merged into it when their types agree, so that short and long forms of one
park end up as labels of one node.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .records import Entity, Extraction, Quantity, Relation
from .terms import CLUSTER, DEVELOPS, DISTRICT, ENTITY_TYPES, LOCATED_IN, PARK, PROJECT


def _norm(text: str) -> str:
    from .extract.lexicon import norm

    return norm(text)


def _pick_label(forms: Counter, official: str | None) -> str:
    """The fullest name: the official name for districts, else the longest, then most frequent form."""
    if official:
        return official
    return sorted(forms, key=lambda f: (-len(f), -forms[f], f))[0]


def merge_entities(records: Iterable[Entity]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Group records by key; returns (key -> merged entity, alias key -> kept key)."""
    groups: dict[str, list[Entity]] = defaultdict(list)
    for rec in records:
        groups[rec.key].append(rec)
    merged: dict[str, Entity] = {}
    for key, recs in groups.items():
        forms: Counter = Counter()
        types: list[str] = []
        attrs: dict[str, str] = {}
        mentions = []
        scores: dict[str, float] = {}
        official = None
        for r in recs:
            for t, prob in r.scores:
                scores[t] = max(prob, scores.get(t, 0.0))
            forms[r.label] += 1
            forms.update(r.aliases)
            for m in r.mentions:
                if _names_it(key, m.surface):
                    forms[m.surface] += 0
            types += [t for t in r.types if t not in types]
            for k, v in r.attrs:
                attrs.setdefault(k, v)
            mentions += r.mentions
            if key.startswith("district:"):
                official = r.label
        if official is None and key.startswith("n:"):
            # the label is the form the key was made from (no phase, no 项目); the rest are aliases
            same = Counter({f: n for f, n in forms.items() if _norm(f) == key[2:]})
            label = _pick_label(same or forms, None)
        else:
            label = _pick_label(forms, official)
        aliases = tuple(sorted(f for f in forms if f != label))
        merged[key] = Entity(key=key, label=label, types=tuple(sorted(types)), aliases=aliases,
                             attrs=tuple(sorted(attrs.items())),
                             mentions=tuple(sorted(set(mentions), key=lambda m: (m.doc, m.start, m.end))),
                             scores=tuple(sorted(scores.items())))
    return _merge_variants(merged)


def _names_it(key: str, surface: str) -> bool:
    """Whether a mention's words are a name of the entity: a division's name written for a park or company
    is the place it lies in (泾川 of 崆峒、泾川两个片区, the parks 崆峒片区 and 泾川片区).

    Example: _names_it("n:泾川片区", "泾川") -> False
    """
    from .extract.divisions import gazetteer

    return key.startswith("district:") or not gazetteer().by_name(surface)


FILLERS = ("产业", "科技", "孵化")
FAMILIES = ({"Park", "Project"}, {"Organization", "Project"}, {"IndustrialCluster"})


def _shorter_forms(name: str, parks: tuple[str, ...] = ()) -> list[str]:
    """The name without the places, the park or the owning company written before it, one at a time:
    浙江杭州X城 -> 杭州X城 -> X城; 甘肃自贸试验区天水片区 -> 天水片区; X药业Y生产基地 -> Y生产基地
    (``parks``: names of parks, longest first)."""
    from .extract.divisions import gazetteer

    g = gazetteer()
    scanner = g.matcher()
    above: set[str] | None = None   # codes of the place stripped last: the next must lie inside it
    out = []
    while True:
        m = re.match(r"^(中国|[(（][^()（）]{1,8}[)）])", name)
        park = next((p for p in parks if name.startswith(p) and len(name) - len(p) >= 4), None)
        owner = _owner_prefix().match(name)
        hits = scanner.scan(name[:12]) if not m and park is None else None
        if m:
            name = name[m.end():]
        elif park is not None:
            name = name[len(park):]
        elif owner is not None and not (hits and hits[0][0] == 0) and len(name) - owner.end() >= 4:
            name = name[owner.end():]
        elif hits and hits[0][0] == 0 and _long_enough(name[hits[0][1]:]):
            codes = {d.code for d in g.by_name(hits[0][2])}
            if above is not None and not any(above & {a.code for a in g.ancestors(c)} for c in codes):
                return out  # 宁波云溪X园: 云溪 is part of the name here, not a place inside 宁波
            above = codes
            name = name[hits[0][1]:]
        else:
            return out
        out.append(name)


def _place_prefixed_industries(entities: dict[str, Entity], keys: list[str]) -> list[tuple[str, str]]:
    """(光机电, 晋城光机电), (纺织, 青岛纺织): an industry written after a place's name is the industry,
    where the corpus names it alone too (the place develops it: the relation rules say so); the bare name
    is kept."""
    from .extract.divisions import gazetteer

    scanner = gazetteer().matcher()
    industries = {k[2:]: k for k in keys if entities[k].types == (CLUSTER,)}
    out = []
    for name, k in industries.items():
        place = scanner.match(name[:8])
        if place and len(name) - len(place) >= 2 and name[len(place):] in industries:
            out.append((industries[name[len(place):]], k))
    return out


@functools.cache
def _owner_prefix() -> re.Pattern:
    """A company's brand and trade opening a facility's name (X药业 of X药业Y生产基地): the facility is
    written without its owner too (Y生产基地)."""
    from .extract.words import ORG_INDUSTRY_WORDS, any_word

    return re.compile(f"^[^，。、（）()]{{2,4}}?(?:{any_word(ORG_INDUSTRY_WORDS)})(?=.)")


def _long_enough(short: str) -> bool:
    """Whether a shorter form may name what a longer one does: four characters or more, or three whose
    head is one character (果蔬谷 of 平凉果蔬谷; not 产业园, all head)."""
    from .extract.lexicon import suffix_of

    return len(short) >= 4 or (len(short) == 3 and len(suffix_of(short)) == 1)


def _signature(name: str) -> str:
    for w in FILLERS:
        name = name.replace(w, "")
    return name


class _Unions:
    """Which names are one: each key points to the fuller name it merges into."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        while k in self.parent:
            k = self.parent[k]
        return k

    def union(self, a: str, b: str, first: bool = False) -> None:
        """``a`` and ``b`` are one: the longer (fuller) name is kept, or ``a``'s when ``first``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = (ra, rb) if first else sorted((ra, rb), key=lambda k: (-len(k), k))
            self.parent[drop] = keep


def _compatible(a: Entity, b: Entity) -> bool:
    ta, tb = set(a.types), set(b.types)
    return bool(ta & tb) and any(ta <= f or tb <= f or (ta & f and tb & f) for f in FAMILIES)


def _short_forms(entities: dict[str, Entity], keys: list[str]) -> list[list[str]]:
    """Groups of names that one short form of them names: 宁波X园 / X园, 浙江杭州X城 / 杭州X城,
    X自贸试验区Y片区 / Y片区. A short form shared by names of two places that do not nest (天津X区,
    福建X区 -> X区) is no one's short form."""
    from .extract.lexicon import is_generic, norm, suffix_of

    by_norm = {k[2:]: k for k in keys}
    longer: dict[str, list[str]] = defaultdict(list)
    parks = tuple(sorted((k[2:] for k in keys if "Park" in entities[k].types and len(k) >= 6), key=len, reverse=True))
    for k in keys:
        # the nearest shorter form that names an entity of its own (浙江杭州X城: 杭州X城 before X城)
        short = next((f for f in map(norm, _shorter_forms(k[2:], parks)) if f in by_norm), None)
        if short is not None and _long_enough(short) and _compatible(entities[k], entities[by_norm[short]]):
            if not is_generic(short[: len(short) - len(suffix_of(short))]):
                longer[short].append(k)
    groups = []
    for short, group in longer.items():
        places = [k[2:][: len(k) - 2 - len(short)] if k.endswith(short) else k[2:] for k in group]
        if all(a.endswith(b) or b.endswith(a) for a in places for b in places):
            groups.append([by_norm[short], *group])
    return groups


def _zone_abbreviations(entities: dict[str, Entity], keys: list[str]) -> list[list[str]]:
    """郑州经开区 / 郑州经济技术开发区, 仲恺高新区 / 仲恺高新技术产业开发区: the official short forms of zones."""
    from .extract.lexicon import abbreviate_zone

    abbrevs: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if "Park" in entities[k].types:
            short = _without_province(abbreviate_zone(k[2:]))
            if len(short) >= 4:
                abbrevs[short].append(k)
    return list(abbrevs.values())


def _without_province(name: str) -> str:
    """甘肃平凉经开区 -> 平凉经开区: a province written before a zone named after its city or county is no
    part of what tells the zone apart (but 甘肃自贸试验区 keeps its province: nothing else names it)."""
    from .extract.divisions import gazetteer

    g = gazetteer()
    place = g.matcher().match(name[:8])
    if not place or not all(d.level == "province" for d in g.by_name(place)):
        return name
    rest = name[len(place):]
    after = g.matcher().match(rest[:8])
    return rest if after and any(d.level in ("city", "county") for d in g.by_name(after)) else name


def _filler_variants(entities: dict[str, Entity], keys: list[str]) -> list[list[str]]:
    """Parks whose names differ only by filler words (X科技孵化产业园 / X科技产业园)."""
    sigs: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if "Park" in entities[k].types:
            sigs[_signature(k[2:])].append(k)
    return [group for sig, group in sigs.items()
            if len(group) > 1 and len(sig) >= 3 and any(sig != k[2:] for k in group)]


def _merged(main: Entity, members: list[Entity]) -> Entity:
    """``main`` with the forms, types, attributes, mentions and scores of the other ``members``."""
    forms, types, attrs = {main.label, *main.aliases}, list(main.types), dict(main.attrs)
    mentions, scores = list(main.mentions), dict(main.scores)
    for e in members:
        if e is main:
            continue
        for t, prob in e.scores:
            scores[t] = max(prob, scores.get(t, 0.0))
        forms |= {e.label, *e.aliases}
        types += [t for t in e.types if t not in types]
        for a, v in e.attrs:
            attrs.setdefault(a, v)
        mentions += e.mentions
    return Entity(key=main.key, label=main.label, types=tuple(sorted(types)),
                  aliases=tuple(sorted(forms - {main.label})), attrs=tuple(sorted(attrs.items())),
                  mentions=tuple(sorted(set(mentions), key=lambda m: (m.doc, m.start, m.end))),
                  scores=tuple(sorted(scores.items())))


def _merge_variants(entities: dict[str, Entity]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Merge the variant forms of one name into its fullest: short forms, zones' official short forms,
    filler words (and an industry written after a place into the industry's bare name). Two entities
    merge only when their types fall in one family (park/project, organisation/project) and the shorter
    form keeps at least four characters (three where its head is one: ``_long_enough``)."""
    keys = sorted(k for k in entities if k.startswith("n:"))
    unions = _Unions()
    for grouping in (_short_forms, _zone_abbreviations, _filler_variants):
        for group in grouping(entities, keys):
            for other in group[1:]:
                unions.union(group[0], other)
    for bare, prefixed in _place_prefixed_industries(entities, keys):
        unions.union(bare, prefixed, first=True)
    if not unions.parent:
        return entities, {}
    remap = {k: unions.find(k) for k in unions.parent}
    groups: dict[str, list[Entity]] = defaultdict(list)
    for k, e in entities.items():
        groups[remap.get(k, k)].append(e)
    out = {key: members[0] if len(members) == 1 else _merged(entities[key], members)
           for key, members in groups.items()}
    return out, remap


def resolve(extractions: Iterable[Extraction], min_confidence: float = 0.0
            ) -> tuple[list[Entity], list[Relation], list[Quantity]]:
    """Merge entities across documents; keep the entities and relations whose probability (the
    learned scorer's, else the best evidence's) reaches ``min_confidence``."""
    extractions = list(extractions)
    entities, remap = merge_entities(e for x in extractions for e in x.entities)
    entities = likeliest_types(entities, min_confidence)

    def key(k: str) -> str:
        return remap.get(k, k)

    best: dict[tuple[str, str, str], float] = defaultdict(float)
    relations: list[Relation] = []
    for x in extractions:
        for r in x.relations:
            h, t = key(r.head), key(r.tail)
            if h == t or h not in entities or t not in entities or not fits(entities[h], r.rel, entities[t]):
                continue
            relations.append(Relation(h, r.rel, t, r.doc, r.sentence, r.start, r.end, r.rule, r.confidence))
            best[(h, r.rel, t)] = max(best[(h, r.rel, t)], r.confidence)
    # one piece of evidence per place in the text: where two rules read the same span, the surer one
    evidence: dict[tuple, Relation] = {}
    for r in relations:
        if best[(r.head, r.rel, r.tail)] < min_confidence:
            continue
        k = (r.head, r.rel, r.tail, r.doc, r.start, r.end)
        if k not in evidence or (r.confidence, r.rule) > (evidence[k].confidence, evidence[k].rule):
            evidence[k] = r
    relations = sorted(evidence.values(), key=lambda r: (r.head, r.rel, r.tail, r.doc, r.start))
    quantities = sorted({dataclasses.replace(q, entity=key(q.entity))
                         for x in extractions for q in x.quantities if key(q.entity) in entities},
                        key=lambda q: (q.entity, q.doc, q.start, q.kind))
    ents = [entities[k] for k in sorted(entities)]
    return ents, relations, quantities


__all__ = ["resolve", "merge_entities", "DISTRICT"]


def likeliest_types(entities: dict[str, Entity], min_confidence: float) -> dict[str, Entity]:
    """Each scored entity as its likeliest type, that probability its ``confidence``; those below
    ``min_confidence`` are left out. Entities the scorer did not see (no model) keep their types.

    One type: the evaluation counts a type given beside the right one against its precision.
    """
    out = {}
    for key, e in entities.items():
        if not e.scores:
            out[key] = e
            continue
        kind, prob = max(e.scores, key=lambda tp: (tp[1], -ENTITY_TYPES.index(tp[0])))
        if prob < min_confidence:
            continue
        kind, prob = _table_type(key, dict(e.scores), min_confidence) or (kind, prob)
        attrs = dict(e.attrs, confidence=f"{prob:.3f}")
        out[key] = dataclasses.replace(e, types=(kind,), attrs=tuple(sorted(attrs.items())))
    return out


def _table_type(key: str, scores: dict[str, float], min_confidence: float) -> tuple[str, float] | None:
    """A division of the table that may be a park too (滨海新区, 苏州工业园区) is what its code says, where
    that type reaches ``min_confidence``: an administrative division a District, a functional zone the
    statistics list among divisions a Park."""
    from .extract.divisions import is_zone_code

    if not key.startswith("district:") or DISTRICT not in scores or PARK not in scores:
        return None
    kind = PARK if is_zone_code(key.split(":", 1)[1]) else DISTRICT
    return (kind, scores[kind]) if scores[kind] >= min_confidence else None


# the types each end of a relation may have (None: any)
FITS = {LOCATED_IN: (None, frozenset({DISTRICT, PARK})),
        DEVELOPS: (frozenset({DISTRICT, PARK, PROJECT}), frozenset({CLUSTER}))}


def fits(head: Entity, rel: str, tail: Entity) -> bool:
    """Whether the relation's ends have types the vocabulary allows it (locatedIn ends in a district
    or a park, developsCluster goes from a place or project to an industry)."""
    heads, tails = FITS.get(rel, (None, None))
    return ((heads is None or bool(heads & set(head.types))) and (tails is None or bool(tails & set(tail.types))))

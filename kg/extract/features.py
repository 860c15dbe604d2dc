"""What the learned scorer reads of a candidate: named feature templates over an entity of one
document (with one of its types) and over the evidence of a relation in one document.

Each template returns feature strings (``head=产业园``); the model (model.py) adds up their weights.
Templates read kg's own closed classes of words (the head-noun table, the word classes of words.py,
jieba's part-of-speech tags, punctuation) and the shape of a candidate (lengths, counts, the rules
that found it), never the characters of a name itself: the weights cannot learn the names of the
articles they were trained on, only how names are written and what is said around them.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from ..records import Document, Entity, Relation
from . import lexicon as lx
from .divisions import gazetteer
from .words import (ADVERBS, BUILD_VERBS, CLUSTER_HEADS, FUNCTION_WORDS, GENERIC_WORDS, GOVERNING_VERBS, GROW_VERBS,
                    HOST_VERBS, IN_AT, INTO_VERBS, SITUATED_VERBS, WEAK_VERBS)

PUNCTUATION = frozenset("，。；：！？、,.;:!?（）()“”‘’\"'《》「」【】—…·")


@functools.cache
def closed_words() -> frozenset[str]:
    """Words whose identity a feature may carry: kg's function words, verbs, adverbs, generic words,
    and the trigger words of the relation rules."""
    triggers = {*INTO_VERBS, *SITUATED_VERBS, *HOST_VERBS, *BUILD_VERBS, *GROW_VERBS, *IN_AT}
    return frozenset(FUNCTION_WORDS | GOVERNING_VERBS | WEAK_VERBS | ADVERBS | GENERIC_WORDS | triggers)


WINDOW = 6      # characters before a name in which its previous token is read


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


# ---------------------------------------------------------------- entities

@dataclass
class EntityView:
    """An entity of one document as the templates see it."""

    entity: Entity
    doc: Document
    type: str
    subject: str | None = None      # the key of the article's district, when it has one


def other_types(v: EntityView) -> list[str]:
    """The other types the rules gave it (X产业园项目 is a park and a project)."""
    return [f"also={t}" for t in v.entity.types if t != v.type]


def head_noun(v: EntityView) -> list[str]:
    """Its head noun from kg's table (产业园, 有限公司, 项目), or none."""
    head = lx.suffix_of(v.entity.label)
    ends = [h for h in CLUSTER_HEADS if v.entity.label.endswith(h)]
    return [f"head={head or 'none'}"] + [f"cluster-head={h}" for h in ends[:1]]


def token_tags(v: EntityView) -> list[str]:
    """Parts of speech of its first and last tokens (dictionary tags), the first token itself when it
    is a closed-class word (推动X, 助力X), the number of tokens."""
    toks = [w for w, _, _ in lx.tokens(v.entity.label)]
    if not toks:
        return ["tokens=0"]
    first, last = toks[0], toks[-1]
    out = [f"tokens={_bucket(len(toks), 5)}", f"first-tag={_tag(first)}", f"last-tag={lx.tag(last) or '?'}"]
    if len(toks) == 1:
        out.append(f"single-tag={lx.tag(first) or '?'}")
    if first in closed_words():
        out.append(f"first={first}")
    out += sorted({f"inside-tag={_tag(w)}" for w in toks[:-1]})
    out += sorted({f"inside={w}" for w in toks[1:-1] if w in closed_words()})
    return out


def _tag(word: str) -> str:
    """A token's dictionary tag; a single character that is no closed-class word is ``char``: jieba splits a
    name it does not know into characters (花|桥), whose tags as words (花: a verb) say nothing of it."""
    if len(word) == 1 and word not in closed_words() and word not in PUNCTUATION:
        return "char"
    return lx.tag(word) or "?"


def generic(v: EntityView) -> list[str]:
    """Whether the words before its head say nothing specific (重点项目, 特色产业园)."""
    label = v.entity.label
    core = label[: len(label) - len(lx.suffix_of(label))]
    out = []
    if lx.is_generic(core):
        out.append("generic-core")
    if core and lx.last_word_generic(core):
        out.append("generic-last-word")
    return out


def context(v: EntityView) -> list[str]:
    """What stands right before and after its mentions: the previous token's tag (and the token
    itself when closed-class or punctuation), the next character's class."""
    out: set[str] = set()
    for m in v.entity.mentions:
        sent = v.doc.sentences[m.sentence]
        at, end = m.start - sent.start, m.end - sent.start
        # the last token of the few characters before the name (tokenizing the whole sentence costs
        # more than the rest of the scorer)
        before = lx.tokens(sent.text[max(0, at - WINDOW):at]) if at > 0 else ()
        prev = before[-1][0] if before else None
        if prev is None:
            out.add("prev=^")
        else:
            out.add(f"prev-tag={lx.tag(prev) or '?'}")
            if prev in closed_words() or prev[-1] in PUNCTUATION:
                out.add(f"prev={prev if prev in closed_words() else prev[-1]}")
        nxt = sent.text[end:end + 1]
        out.add("next=$" if not nxt else f"next={nxt}" if nxt in PUNCTUATION else
                "next=han" if "\u4e00" <= nxt <= "\u9fff" else "next=other")
    return sorted(out)


def division(v: EntityView) -> list[str]:
    """For a division: its level and whether the text writes it in full; for any name, whether it
    opens with a division's name or is one."""
    ent = v.entity
    attrs = dict(ent.attrs)
    out = []
    if ent.key.startswith("district:"):
        out.append(f"level={attrs.get('adminLevel', '?')}")
        surfaces = {m.surface for m in ent.mentions}
        out.append("written-in-full" if ent.label in surfaces else "short-form-only")
        if v.subject == ent.key:
            out.append("article-subject")
    elif attrs.get("adminLevel") == "village":
        out.append("level=village")
    else:
        hits = gazetteer().matcher().scan(ent.label[:12])
        if hits and hits[0][0] == 0:
            out.append("opens-with-place" if hits[0][1] < len(ent.label) else "is-place-name")
    return out


def proper_part(v: EntityView) -> list[str]:
    """Whether any word before its head is proper (a place, a person's or an organisation's name, a word
    jieba does not know, Latin letters or digits) or all are common words (生产基地, 算力中心: a kind of
    thing, not its name)."""
    label = v.entity.label
    core = label[: len(label) - len(lx.suffix_of(label))] or label
    kinds = {_proper_kind(w) for w, _, _ in lx.tokens(core)} - {None}
    return [f"proper={k}" for k in sorted(kinds)] or ["proper=none"]


def _proper_kind(word: str) -> str | None:
    if any(c.isascii() and c.isalnum() for c in word):
        return "latin-or-digit"
    if gazetteer().by_name(word) and len(word) >= 2:
        return "place"
    tag = _tag(word)
    return {"ns": "place", "nr": "person", "nrt": "person", "nt": "org", "nz": "proper", "char": "unknown",
            "?": "unknown"}.get(tag)


# the templates that read the entity whatever type is scored, and those that read the type too;
# the rules that found it, its shape (length, digits, brackets), how often it is named and whether it
# is a known industry term were tried and left out: cross-validation showed no gain
ENTITY_FEATURES = (head_noun, token_tags, generic, context, division, proper_part)
TYPE_FEATURES = (other_types,)


def entity_features(v: EntityView, common: list[str] | None = None) -> list[str]:
    """Every template's features for the type scored (the model weighs each type on its own).
    ``common``: the type-free templates' features, when already read for another type."""
    if common is None:
        common = common_features(v)
    return common + [f for t in TYPE_FEATURES for f in t(v)]


def common_features(v: EntityView) -> list[str]:
    """The features of the templates that do not depend on the type scored."""
    return [f for template in ENTITY_FEATURES for f in template(v)]


def entity_views(doc: Document, entities: dict[str, Entity], subject: str | None) -> list[EntityView]:
    """One view per (entity, type) of a document, in a stable order."""
    return [EntityView(ent, doc, t, subject) for key, ent in sorted(entities.items()) for t in ent.types]


# ---------------------------------------------------------------- relations

@dataclass
class RelationView:
    """The evidence of one relation (head, rel, tail) in one document, as the templates see it."""

    head: Entity
    rel: str
    tail: Entity
    evidence: list[Relation]


@functools.lru_cache(maxsize=4096)
def _rule_features(names: frozenset[str]) -> tuple[str, ...]:
    ordered = sorted(names)
    return (*(f"rule={n}" for n in ordered), *sorted({f"family={n.split(':', 1)[0]}" for n in ordered}),
            f"rules={_bucket(len(ordered), 3)}")


def rules(v: RelationView) -> list[str]:
    """The rules that read it (with their trigger words) and their families, how many pieces of
    evidence, and the surest rule's own confidence: the model learns how far each rule is right."""
    best = max(r.confidence for r in v.evidence)
    return [*_rule_features(frozenset(r.rule for r in v.evidence)), f"evidence={_bucket(len(v.evidence), 3)}",
            f"conf={round(best, 1)}"]


# Only the rules' own evidence: the relation's ends, the words between its names, the framing and
# candidate pairs of names proposed beside the rules were tried and left out (cross-validation
# showed no gain over the rules alone: bench/train_model.py's report in the README).
RELATION_FEATURES = (rules,)


def relation_features(v: RelationView) -> list[str]:
    """Every template's features (the model weighs each relation on its own)."""
    return [f for template in RELATION_FEATURES for f in template(v)]


def relation_views(entities: dict[str, Entity], relations: list[Relation]) -> list[RelationView]:
    """One view per (head, rel, tail) of a document's relations, in a stable order."""
    grouped: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for r in relations:
        if r.head in entities and r.tail in entities:
            grouped[(r.head, r.rel, r.tail)].append(r)
    return [RelationView(entities[h], rel, entities[t], grouped[(h, rel, t)]) for h, rel, t in sorted(grouped)]

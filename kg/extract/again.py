"""Names written again: a name the finders read once in an article is the same name wherever the
article writes it again, even where nothing around it would let a finder read it (陇东汽车工业园新能源汽车
年产量突破…, after 发展新能源汽车产业 named the industry); and a zone's head written alone (经开区) is the one
zone of that kind the article names. The later mentions let the relation rules read what those sentences
say of it.
"""
from __future__ import annotations

import bisect
import dataclasses

from ..records import Document
from ..terms import CLUSTER, DISTRICT, ORG, PARK, PROJECT
from . import lexicon as lx
from .names import Names
from .span import Span
from .words import BARE_ZONE_HEADS, FUNCTION_WORDS, GOVERNING_VERBS

AGAIN_RULE = "again"
BARE_RULE = "again:bare-zone"
SHORTEST = {CLUSTER: 2, ORG: 4, PARK: 4, PROJECT: 4}   # names shorter than this are too often parts of words


def names_written_again(doc: Document, names: Names) -> None:
    """Each industry, company, park or project found once, wherever the text writes it again as a word of its
    own (its ends on jieba's token boundaries, overlapping no name already read there)."""
    first: dict[str, Span] = {}
    for spans in names.per_sentence:
        for sp in spans:
            if sp.code or DISTRICT in sp.types or sp.name not in sp.text:
                continue   # (a name its finder built, 康养 + 片区, is not written as such)
            if len(sp.name) >= min(SHORTEST.get(t, 99) for t in sp.types):
                first.setdefault(sp.name, sp)
    starts = [sent.start for sent in doc.sentences]
    for name in sorted(first, key=lambda n: (-len(n), n)):   # (the longer name first where two overlap)
        at = doc.text.find(name)
        while at >= 0:
            n = bisect.bisect(starts, at) - 1
            sent, kept = doc.sentences[n], names.per_sentence[n]
            end = at + len(name)
            if n >= 0 and end <= sent.start + len(sent.text) and not any(sp.start < end and at < sp.end for sp in kept) \
                    and _on_token_bounds(sent.text, at - sent.start, end - sent.start):
                sp = dataclasses.replace(first[name], start=at, end=end, text=name, sentence=n, rule=AGAIN_RULE,
                                         extra_aliases=(), key="")
                kept.insert(bisect.bisect([s.start for s in kept], at), sp)
            at = doc.text.find(name, end)


def zones_written_bare(doc: Document, names: Names) -> None:
    """A zone's head written alone (经开区, 高新区) after the article has named the one zone of that kind it
    names (平凉经开区 … 经开区集聚了一批优质企业): a mention of that zone. Not where the article names two
    such zones, nor after a count or a rank (五家高新区, 国家级高新区: zones of that kind)."""
    zones: dict[str, dict[str, Span]] = {}     # head -> key -> first span
    for spans in names.per_sentence:
        for sp in spans:
            if PARK in sp.types and CLUSTER not in sp.types and not sp.code:
                forms = (sp.name, lx.abbreviate_zone(sp.name))
                for head in BARE_ZONE_HEADS:
                    if len(sp.name) > len(head) and (forms[0].endswith(head) or forms[1].endswith(head)):
                        zones.setdefault(head, {}).setdefault(sp.key or sp.name, sp)
    starts = [sent.start for sent in doc.sentences]
    for head, found in sorted(zones.items(), key=lambda hz: (-len(hz[0]), hz[0])):
        if len(found) != 1:
            continue   # (two zones of the kind: which one, the bare head does not say)
        zone = next(iter(found.values()))
        at = doc.text.find(head, zone.end)
        while at >= 0:
            n = bisect.bisect(starts, at) - 1
            sent, kept = doc.sentences[n], names.per_sentence[n]
            end = at + len(head)
            free = not any(sp.start < end and at < sp.end for sp in kept)
            if free and _bare(sent.text, at - sent.start, end - sent.start):
                sp = dataclasses.replace(zone, start=at, end=end, text=head, sentence=n, rule=BARE_RULE,
                                         extra_aliases=(), key="")
                kept.insert(bisect.bisect([s.start for s in kept], at), sp)
            at = doc.text.find(head, end)


def _bare(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` stands as a word of its own with nothing of a name before it: at a clause's
    start, or after a function word, a preposition or a governing verb (在经开区, 我们经开区)."""
    if not _on_token_bounds(text, a, b):
        return False
    before = lx.tokens(text[max(0, a - WINDOW):a])
    prev = before[-1][0] if before else ""
    return not prev or prev in lx.PUNCT or prev in FUNCTION_WORDS or prev in GOVERNING_VERBS \
        or lx.tag(prev) in ("p", "r", "c")


WINDOW = 4   # characters around a name in which jieba's tokens are read (a whole sentence costs too much)


def _on_token_bounds(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` starts and ends where jieba's tokens of the words around it do."""
    lo = max(0, a - WINDOW)
    bounds = {0, min(len(text), b + WINDOW) - lo}
    for _, s, e in lx.tokens(text[lo:b + WINDOW]):
        bounds.update((s, e))
    return a - lo in bounds and b - lo in bounds

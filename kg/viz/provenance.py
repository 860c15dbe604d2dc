"""The provenance panel's data: each node's and edge's evidence, ordered and cut short.

Every node and edge keeps its first ``MAX_EVIDENCE`` items by (date, document, position)
and counts the rest; documents and sentence texts are stored once, in tables that the
items index (``Docs``), with offsets in the UTF-16 units that JavaScript strings index.
"""
from __future__ import annotations

import heapq
import re
from collections import defaultdict

MAX_EVIDENCE = 30        # provenance items kept per node or edge (the panel says how many more)


class Docs:
    """Documents and sentence texts referenced by the page, each stored once and indexed.

    Evidence is first collected raw (document IRI, sentence, offsets), then sorted and indexed
    item by item, so that the same graph always gives the same tables whatever the store's order."""

    def __init__(self, graph):
        self.graph = graph
        self.items: list[dict] = []
        self.sentences: list[str] = []
        self._meta: dict = {}
        self._doc: dict = {}
        self._sent: dict[str, int] = {}
        self._order: dict = {}

    def meta(self, iri) -> dict:
        if iri not in self._meta:
            from rdflib.namespace import DCTERMS

            from ..vocab import KG

            g = self.graph
            item = {"title": g.value(iri, DCTERMS.title), "date": g.value(iri, DCTERMS.date),
                    "source": g.value(iri, DCTERMS.source), "path": g.value(iri, KG.filePath)}
            self._meta[iri] = {k: str(v) for k, v in item.items() if v is not None}
        return self._meta[iri]

    def index(self, raw: tuple) -> list:
        """``[doc, sentence, from, to, *rest]`` with indices into the tables, from/to in UTF-16
        units of the sentence (what JavaScript strings index)."""
        iri, _, text, a, b, *rest = raw
        if iri not in self._doc:
            self._doc[iri] = len(self.items)
            self.items.append(self.meta(iri))
        if text not in self._sent:
            self._sent[text] = len(self.sentences)
            self.sentences.append(text)
        return [self._doc[iri], self._sent[text], _utf16(text, a), _utf16(text, b), *rest]

    def order(self, iri) -> tuple:
        """Where a document's evidence goes: by date, path, title, IRI (cached: asked per node)."""
        key = self._order.get(iri)
        if key is None:
            m = self.meta(iri)
            key = self._order[iri] = (m.get("date", ""), m.get("path", ""), m.get("title", ""), str(iri))
        return key


def _within(text: str, base: int, start: int, end: int) -> tuple:
    """``(sentence start, sentence, from, to)``, from/to made offsets within the sentence. They are
    made UTF-16 offsets by ``Docs.index``, for the few items kept: the order is the same."""
    n = len(text)
    a = min(max(start - base, 0), n)
    return (base, text, a, max(a, min(max(end - base, 0), n)))


def add_mentions(mentions, nodes: list[dict], index: dict, docs: Docs) -> None:
    """Give the nodes their mentions (``m``, ``mx``); ``index``: entity IRI -> node."""
    found = defaultdict(dict)      # node -> document IRI -> {(base, sentence, from, to)}
    for ent, doc, text, base, start, end in mentions:
        k = index.get(ent)
        if k is not None:
            found[k].setdefault(doc, set()).add(_within(text, base, start, end))
    _attach(nodes, found, docs, "m", "mx")


def add_assertions(assertions, edges: list[dict], index: dict, docs: Docs) -> None:
    """Give the edges their assertions (``p``, ``px``); ``index``: (head, relation, tail) -> edge."""
    found = defaultdict(dict)      # edge -> document IRI -> {(base, sentence, from, to, confidence, rule)}
    for key, doc, text, base, start, end, conf, rule in assertions:
        k = index.get(key)
        if k is not None:
            found[k].setdefault(doc, set()).add(
                (*_within(text, base, start, end), round(conf, 3) if conf is not None else None, rule))
    _attach(edges, found, docs, "p", "px")


def _attach(items: list[dict], found: dict, docs: Docs, key: str, more: str) -> None:
    """Order each item's evidence by (date, document, position), index the first MAX_EVIDENCE,
    count the rest. Documents are ordered first, and only the first few: a big node has
    thousands of items in hundreds of documents."""
    for k in sorted(found):
        by_doc = found[k]
        first: list[tuple] = []
        for doc in heapq.nsmallest(MAX_EVIDENCE, by_doc, key=docs.order):
            kept = sorted(by_doc[doc], key=lambda e: (e[:4], str(e[4:])))[: MAX_EVIDENCE - len(first)]
            first += [(doc, *e) for e in kept]
            if len(first) == MAX_EVIDENCE:
                break
        items[k][key] = [docs.index(e) for e in first]
        total = sum(map(len, by_doc.values()))
        if total > MAX_EVIDENCE:
            items[k][more] = total - MAX_EVIDENCE


def _utf16(text: str, i: int) -> int:
    """Offset ``i`` (code points) as UTF-16 code units, which is what JavaScript strings index."""
    head = text[:i]
    return i if head.isascii() or not _ASTRAL.search(head) else len(head.encode("utf-16-le")) // 2


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")    # two UTF-16 units each

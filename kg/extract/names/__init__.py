"""The name finders, one module per kind, over one module of shared helpers (common.py).

``find_names`` runs them over each sentence of a document in a declared order: first the finders that
read a name's own shape (head nouns, lists, industry words, the division table), then, once their
overlaps are settled, the finders that read the names around (companies named by their context).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...records import Document, Sentence
from ..districts import division_or_name
from ..settle import settle
from ..span import Span
from .clusters import cluster_spans, table_cells
from .enumerations import enumeration_spans
from .organisations import brand_org_spans, org_context_spans
from .places import district_spans, village_spans
from .suffix import suffix_spans


@dataclass
class Reading:
    """A document read sentence by sentence: what its finders carry from one sentence to the next."""

    column: int | None = None   # the industries' column of the table being read (| 园区 | 主导产业 | …)
    taken: list[Span] = field(default_factory=list)   # the names the sentence's shape gave (settled)


@dataclass
class Names:
    """The names of one document, and what the passes after the finders learn of them."""

    per_sentence: list[list[Span]]          # the names kept in each sentence, in text order
    embedded: list[Span]                    # shorter names inside (or across) kept ones
    context: set[str] = field(default_factory=set)   # division codes the text names unambiguously
    inner: list[Span] = field(default_factory=list)  # names that open a longer name (inner.py)
    present: set[str] = field(default_factory=set)   # division codes written anywhere in the text


# the finders of a name's shape, in order: at one range the first found keeps its rule
BY_SHAPE = (suffix_spans, table_cells, enumeration_spans, cluster_spans, district_spans, village_spans)
# the finders of names by what surrounds them: they take no range the shape finders took
BY_CONTEXT = (org_context_spans, brand_org_spans)


def find_names(doc: Document) -> Names:
    """Every finder over every sentence; overlaps settled (the longest name wins)."""
    names = Names([], [])
    reading = Reading()
    for sent in doc.sentences:
        names.per_sentence.append(_sentence_names(sent, reading, names.embedded))
    return names


def _sentence_names(sent: Sentence, reading: Reading, embedded: list[Span]) -> list[Span]:
    spans = [sp for find in BY_SHAPE for sp in find(sent, reading)]
    kept, inside = settle(spans, division_or_name)
    reading.taken = kept
    for find in BY_CONTEXT:
        kept += find(sent, reading)
    kept, inside2 = settle(kept, division_or_name)
    embedded += inside + inside2
    return kept

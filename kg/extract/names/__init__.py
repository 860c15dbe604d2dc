"""The name finders, one module per kind, over one module of shared helpers (common.py).

``find_names`` runs them over each sentence of a document in a declared order: first the finders that
read a name's own shape (head nouns, lists, industry words, the division table), then, once their
overlaps are settled, the finders that read the names around (companies named by their context).
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ...records import Document, Sentence
from ..districts import division_or_name
from ..settle import settle
from ..span import Span
from ..words import LISTED_INDUSTRY_RULES
from .bodies import body_spans
from .clusters import (cluster_spans, colon_listed_industries, conjoined_industries, industries_as_object,
                       industries_by_head, industry_terms, listed_industries, table_cells)
from .enumerations import enumeration_spans
from .organisations import (brand_org_spans, org_context_spans, org_lead_list_spans, org_listed_spans,
                            org_officer_spans)
from .places import district_spans, divisions_after_country, foreign_spans, village_spans
from .suffix import suffix_spans


@dataclass
class Reading:
    """A document read sentence by sentence: what its finders carry from one sentence to the next."""

    column: int | None = None   # the industries' column of the table being read (| 园区 | 主导产业 | …)
    taken: list[Span] = field(default_factory=list)   # the names the sentence's shape gave (settled)
    anchored: dict[str, tuple[str, ...]] = field(default_factory=dict)  # risky division names written after
    # an ancestor (陇南礼县): the codes they name, for the article's later sentences (places.py)


@dataclass
class Names:
    """The names of one document, and what the passes after the finders learn of them."""

    per_sentence: list[list[Span]]          # the names kept in each sentence, in text order
    embedded: list[Span]                    # shorter names inside (or across) kept ones
    context: set[str] = field(default_factory=set)   # division codes the text names unambiguously
    inner: list[Span] = field(default_factory=list)  # names that open a longer name (inner.py)
    present: set[str] = field(default_factory=set)   # division codes written anywhere in the text


# the finders of a name's shape, in order: at one range the first found keeps its rule
BY_SHAPE = (suffix_spans, table_cells, colon_listed_industries, enumeration_spans, cluster_spans, district_spans,
            village_spans, foreign_spans, divisions_after_country)
# the finders of names by what surrounds them: they take no range the shape finders took
BY_CONTEXT = (body_spans, org_context_spans, org_officer_spans, org_lead_list_spans, org_listed_spans,
              brand_org_spans)


def find_names(doc: Document) -> Names:
    """Every finder over every sentence; overlaps settled (the longest name wins)."""
    names = Names([], [])
    reading = Reading()
    for sent in doc.sentences:
        reading.taken, inside = settle(shape_spans(sent, reading), division_or_name)
        context_spans(sent, reading)
        kept, inside2 = settle(reading.taken, division_or_name)
        names.per_sentence.append(kept)
        names.embedded += inside + inside2
    return names


def shape_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """What the finders of a name's shape find in one sentence, in their order (not yet settled)."""
    return [sp for find in BY_SHAPE for sp in find(sent, reading)]


def context_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """What the finders of names by their context find (not yet settled), given ``reading.taken``:
    each one's spans join it, so that the next one sees them."""
    out: list[Span] = []
    for find in BY_CONTEXT:
        found = find(sent, reading)
        reading.taken += found
        out += found
    return out


# ---------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Finder:
    """A name finder as the registry lists it: its function, the ``kg:rule`` of the spans it makes
    (``<…>`` is filled in from the name), and the tuples of its module that hold its steps, in the
    order they apply."""

    find: Callable
    rules: tuple[str, ...]
    stages: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.find.__name__

    @property
    def module(self) -> str:
        """The module's file name (suffix.py)."""
        return self.find.__module__.rsplit(".", 1)[-1] + ".py"

    def steps(self) -> list[tuple[str, Callable]]:
        """(stage, step) for each of its filters, trims and head rules, in the order they apply."""
        module = sys.modules[self.find.__module__]
        return [(stage, step) for stage in self.stages for step in getattr(module, stage)]

    def made(self, rule: str) -> bool:
        """``rule`` (a span's) is one of this finder's."""
        return any(rule == r or ("<" in r and rule.startswith(r[: r.index("<")])) for r in self.rules)


# every finder in the order it runs (cluster_spans runs the industry finders clause by clause:
# clusters.CLAUSE_FINDERS, and clusters.AFTER_HEAD after each head)
FINDERS = (
    Finder(suffix_spans, ("suffix:<head>", "suffix-compound:<head>", "suffix:company"),
           ("HEAD_FILTERS", "NAME_FILTERS", "CORE_FILTERS")),
    Finder(table_cells, ("cluster:table",)),
    Finder(colon_listed_industries, ("cluster:colon",)),
    Finder(enumeration_spans, ("enumeration:<types>", "enumeration:company"),
           ("LIST_HEADS", "LIST_FILTERS", "ITEM_GROWTH", "ITEM_FILTERS", "AFTER_ITEMS")),
    Finder(industries_by_head, ("cluster:head",), ("HEAD_FILTERS", "NAME_FILTERS")),
    Finder(conjoined_industries, ("cluster:conjoined",)),
    Finder(industry_terms, ("cluster:term",)),
    Finder(industries_as_object, ("cluster:object",)),
    Finder(listed_industries, LISTED_INDUSTRY_RULES),
    Finder(district_spans, ("gazetteer", "gazetteer:anchored"), ("DIVISION_FILTERS",)),
    Finder(village_spans, ("village",), ("VILLAGE_FILTERS",)),
    Finder(foreign_spans, ("world:<context>",), ("FOREIGN_FILTERS",)),
    Finder(divisions_after_country, ("abroad:after-country",)),
    Finder(body_spans, ("body:<anchor>",), ("BODY_FILTERS", "AFTER_BODIES")),
    Finder(org_context_spans, ("org:context",), ("CONTEXT_FILTERS",)),
    Finder(org_officer_spans, ("org:officer",), ("OFFICER_FILTERS",)),
    Finder(org_lead_list_spans, ("org:lead-list",), ("LEAD_FILTERS",)),
    Finder(org_listed_spans, ("org:listed",), ("LISTED_FILTERS",)),
    Finder(brand_org_spans, ("org:brand", "org:brand-rare", "org:brand-trade"), ("BRAND_FILTERS",)),
)


@contextmanager
def switched_off(*rules: Callable) -> Iterator[None]:
    """Run without ``rules`` (finders, their steps, or the passes of kg.extract.PASSES): each is taken
    out of the declared tuples that hold it, and put back on leaving. For tests: a rule's example
    must change when it is switched off.
    """
    import kg.extract

    modules = [kg.extract] + [m for name, m in sorted(sys.modules.items()) if name.startswith(__name__)]
    swapped = []
    try:
        for module in modules:
            for attr, value in list(vars(module).items()):
                if attr.isupper() and isinstance(value, tuple) and any(r in value for r in rules):
                    swapped.append((module, attr, value))
                    setattr(module, attr, tuple(v for v in value if v not in rules))
        if not swapped:
            raise ValueError(f"no declared order holds {rules}")
        yield
    finally:
        for module, attr, value in swapped:
            setattr(module, attr, value)

"""Plain records passed between the pipeline's stages (read -> extract -> resolve -> assemble).

They are frozen and hold only strings, numbers and tuples, so that they pickle
across processes, hash, and compare equal when two runs agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field



@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document; offsets index the document's cleaned text."""

    index: int
    start: int
    end: int
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned article with its metadata and its sentence split."""

    id: str                      # stable id: derived from the path relative to the corpus root
    path: str                    # path relative to the corpus root (posix)
    text: str                    # cleaned text: markup stripped, entities unescaped
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[int, int], ...]   # (start, end) offsets into text
    title: str | None = None
    date: str | None = None      # ISO 8601 date (YYYY-MM-DD) when known
    source: str | None = None    # URL of the original article when the file names one
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    encoding: str = "utf-8"
    sha256: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file the reader did not turn into a document, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: a span of one sentence of one document."""

    doc: str          # Document.id
    sentence: int     # Sentence.index
    start: int        # offsets into Document.text
    end: int
    surface: str
    rule: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing as extracted from one document (before resolution) or the corpus (after).

    ``key`` decides identity: two records with the same key are the same node.
    Districts use ``district:<code>``; others ``<type>:<normalised name>``.
    """

    key: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()   # (name, value): adminCode, adminLevel, phase ...
    mentions: tuple[Mention, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()   # (type, probability) from the learned scorer, when there is one


@dataclass(frozen=True, slots=True)
class Relation:
    """One sentence's evidence that ``head rel tail`` holds (keys of entities)."""

    head: str
    rel: str
    tail: str
    doc: str
    sentence: int
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated about an entity, normalised, with the raw text kept."""

    entity: str       # Entity.key
    kind: str         # investment | area | capacity | count
    value: str        # decimal as a string, in ``unit``
    unit: str         # CNY | m2 | t/a | counting word
    raw: str
    doc: str
    sentence: int
    start: int
    end: int
    rule: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extract stage found in one document."""

    doc: str
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """The output of the read stage: documents and the files skipped."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    encodings: dict = field(default_factory=dict, compare=False)

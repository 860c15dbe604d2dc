"""The record the name finders produce: a candidate name in one sentence, and what is known of it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Span:
    """A candidate name in one sentence: offsets are into the document text."""

    start: int
    end: int
    text: str
    types: tuple[str, ...]
    rule: str
    sentence: int
    label: str = ""           # identity name (phase stripped, head noun added for enumeration items)
    phase: int | None = None
    code: str | None = None    # districts: the division code
    extra_aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] | None = None   # gazetteer: the divisions the surface may name (resolved into code)
    full: bool | None = None   # gazetteer: written with its administrative suffix (北仑区, not 北仑)
    chained: bool = False      # suffix: a name that opens with divisions written back to back
    head: str | None = None    # enumeration item whose list's shared head makes its full name (康养 + 片区)
    village: bool = False      # a village of the national table
    enumerated: str | None = None   # the enumeration rule that also found this span
    town: str | None = None    # villages: the code of the town the text names that holds it
    prefixed: bool = False     # a division written right after its parent (宁波北仑区)
    key: str = ""              # the entity key, set when spans become entities

    @property
    def name(self) -> str:
        return self.label or self.text

    def merge(self, other: "Span") -> None:
        """Take what ``other``, found at the same range by another rule, knows of the name."""
        self.types = tuple(dict.fromkeys(self.types + other.types))
        if other.codes is not None:
            self.codes, self.full = other.codes, other.full
        for name in ("head", "enumerated", "town", "key"):
            if getattr(other, name):
                setattr(self, name, getattr(other, name))
        self.chained |= other.chained
        self.village |= other.village
        self.prefixed |= other.prefixed

"""Divisions of the national table (rule ``gazetteer``) and villages (rule ``village``).

Districts are accepted only with an administrative suffix or in a position where a short form cannot
be a common word; which division a same-named mention is is settled later (kg/extract/districts.py).
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...terms import DISTRICT
from ...resources import read_text
from .. import lexicon as lx
from ..divisions import gazetteer, is_risky
from ..span import Span
from ..words import (COMMON_VILLAGES, COMMUNITY_WORD, HAN, NAMED_AFTER_PLACE, NOT_AFTER_VILLAGE, VILLAGE_FOLLOWERS,
                     VILLAGE_WORD, alt, chars)
from .common import ADMIN_SUFFIX, rejected

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- districts


# X村 before any character that does not make 村 part of a word (村民, 村级, 村集体); X社区 before a break
VILLAGE_RE = re.compile(rf"({HAN}{{2,5}}?)(?:({alt(VILLAGE_WORD)})(?![{chars(NOT_AFTER_VILLAGE)}])|"
                        rf"({alt(COMMUNITY_WORD)})(?=[、，。；{chars(VILLAGE_FOLLOWERS)}\s]))")
# what may follow a village's name when 村 ends it (not 村电商)
_BREAK = re.compile(rf"[、，。；{chars(VILLAGE_FOLLOWERS)}\s]")


@dataclass(slots=True)
class Surface:
    """A surface of the division table found in a sentence, and the divisions it may name."""

    text: str                             # the sentence
    s: int
    e: int
    surface: str
    cands: list                           # the divisions of that name (or short form)
    full: bool                            # written as a division's full name (北仑区, not 北仑)


def district_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Mentions of divisions (rule ``gazetteer``): full names always, short forms only when not a common
    word; each surface the table's matcher finds passes DIVISION_FILTERS."""
    g = gazetteer()
    out: list[Span] = []
    for s, e, surface in g.matcher().scan(sent.text):
        cands = g.by_name(surface)
        if not cands:
            continue
        c = Surface(sent.text, s, e, surface, cands, any(surface == d.name for d in cands))
        if rejected(DIVISION_FILTERS, c):
            continue
        out.append(Span(sent.start + s, sent.start + e, surface, (DISTRICT,), "gazetteer", sent.index,
                        codes=tuple(d.code for d in cands), full=c.full))
    return out


def reject_risky_short_form(c: Surface) -> bool:
    """A surface that is also a common word (a risky short form: 东方, 开发) counts only as a full name
    with its administrative suffix, of three characters or more."""
    return is_risky(c.surface) and not (c.full and bool(ADMIN_SUFFIX.search(c.surface)) and len(c.surface) >= 3)


def reject_one_character(c: Surface) -> bool:
    """A short form of one character is no mention (the table's scanner holds no such surface: today this
    rejects nothing)."""
    return not c.full and len(c.surface) < 2


def reject_generic_zone(c: Surface) -> bool:
    """特色产业园区: a zone of the statistical table named by generic words only."""
    head = lx.suffix_of(c.surface)
    return bool(head) and all(d.level == "town" for d in c.cands) and lx.is_generic(c.surface[: -len(head)])


def reject_named_after_place(c: Surface) -> bool:
    """X路, X街, X河, X站: a road, street, village or river named after the place (short forms only)."""
    return c.text[c.e:c.e + 1] in NAMED_AFTER_PLACE and not c.full


DIVISION_FILTERS = (reject_risky_short_form, reject_one_character, reject_generic_zone, reject_named_after_place)


# a village's name: any column after the town code that ends with 村
_VILLAGE_NAME = re.compile(rf"\t([^\t\n]*{alt(VILLAGE_WORD)})(?=[\t\n]|$)")


@functools.cache
def villages() -> frozenset[str]:
    """Village names (X村) of the national table, loaded the first time a sentence mentions 村.

    One regex over the file's text (splitting its 41k rows into lists first costs twice the time);
    the set is kept between processes (stored.py), named by the text's hash.
    """
    from ..stored import stored

    text = read_text("data", "villages.tsv.gz")
    # (kept as a tuple: marshal writes a frozenset of 220k names six times slower)
    return frozenset(stored("villages", (hashlib.sha256(text.encode()).hexdigest(), _VILLAGE_NAME.pattern),
                            lambda: tuple(set(_VILLAGE_NAME.findall(text)))))


COMMON_VILLAGE = re.compile(f"({alt(COMMON_VILLAGES)})$")


@dataclass(slots=True)
class VillageName:
    """A suffix of an X村 match: the village's name when the table lists it."""

    name: str
    start: int                            # offset in the sentence
    relaxed: bool                         # 村 stands before a character that is no break (X村电商)
    bounds: set[int]                      # token starts around the match


def village_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Villages named X村 that the national village table lists (rule ``village``): of each match the
    longest suffix that passes VILLAGE_FILTERS (以X村 -> X村)."""
    if VILLAGE_WORD not in sent.text:
        return []  # (the village table is loaded the first time a sentence mentions 村)
    sent_text = sent.text
    out = []
    for m in VILLAGE_RE.finditer(sent_text):
        name = m.group(1) + (m.group(2) or m.group(3))
        relaxed = m.group(2) is not None and not _BREAK.match(sent_text[m.end():m.end() + 1])
        toks = lx.tokens(sent_text[max(0, m.start() - 6):m.end()])
        w0 = max(0, m.start() - 6)
        bounds = {t[1] + w0 for t in toks}
        found = next((c for c in (VillageName(name[cut:], m.start() + cut, relaxed, bounds)
                                  for cut in range(len(m.group(1))))
                      if not rejected(VILLAGE_FILTERS, c)), None)
        if found is None:
            continue
        out.append(Span(sent.start + found.start, sent.start + m.end(), found.name, (DISTRICT,), "village",
                        sent.index, village=True))
    return out


def reject_unlisted(c: VillageName) -> bool:
    """A name the national village table does not list."""
    return c.name not in villages()


def reject_short_glued(c: VillageName) -> bool:
    """X村电商: where 村 runs on into another word, a name of two characters is too likely a word's part."""
    return c.relaxed and len(c.name) < 3


def reject_common_village(c: VillageName) -> bool:
    """示范村, 美丽村, 新村 before another word (新村建设): a kind of village, not one."""
    return c.relaxed and bool(COMMON_VILLAGE.search(c.name))


def reject_mid_word_glued(c: VillageName) -> bool:
    """Where 村 runs on into another word, the name must start on a token boundary."""
    return c.relaxed and c.start not in c.bounds


VILLAGE_FILTERS = (reject_unlisted, reject_short_glued, reject_common_village, reject_mid_word_glued)

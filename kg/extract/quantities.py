"""Quantities: investment, area, capacity and counts, normalised, attached to the name they describe.

1257亿元 -> 125700000000 CNY; 27万平方米 -> 270000 m2; 3300亩 -> 2200011 m2 (1 亩 = 2000/3 m2);
年产6万吨 -> 60000 t/a. 今年, 明年, 年内 resolve against the document's date.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..records import Document, Quantity
from ..terms import CLUSTER, DISTRICT, PARK, PROJECT
from .span import Span
from .words import (ABOUT, ANNUAL_OUTPUT, APPROXIMATELY, AREA_LEADS, AREA_UNITS, CAPACITY_OUTPUT_UNITS,
                    CAPACITY_UNIT_NAMES, CN_DIGITS, ETC, HAN, HOUR_CHARS, INVESTMENT_LEADS, INVESTMENT_SCALES,
                    LAST_YEAR, LIST_COUNTERS, LIST_JOINTS, MONEY_WORDS, NEXT_YEAR, OF, OUTPUT_MAGNITUDES, PLACED_WORDS,
                    POWER_UNITS, PROJECT_WORD, QUANTITY_ANAPHORS, SCALES, TEN_THOUSAND, THIS_YEAR_WORDS, UNIT_FACTORS,
                    VAGUE_COUNTS, WORKS_WORD, YEAR_MARK, YUAN, ZERO_SUBJECT_LEADS, ZERO_SUBJECT_PLANS,
                    ZERO_SUBJECT_WORDS, alt, chars)

SCALE = {"": Decimal(1)} | {word: Decimal(value) for word, value in SCALES}
NUM = r"([0-9]+(?:\.[0-9]+)?)"
PATTERNS = [
    ("investment", re.compile(f"{alt(INVESTMENT_LEADS)}?{alt(APPROXIMATELY)}?{NUM}({alt(INVESTMENT_SCALES)})?"
                              f"{alt(YUAN)}")),
    ("area", re.compile(f"{alt(AREA_LEADS)}?{alt(ABOUT)}?{NUM}({alt(TEN_THOUSAND)})?({alt(AREA_UNITS)})")),
    # 年产6万吨, 年产新能源汽车电机50万台 (the product may come between), 年产40GWh
    ("capacity", re.compile(f"{alt(ANNUAL_OUTPUT)}(?:{HAN}{{0,12}}?){alt(ABOUT)}?{NUM}({alt(OUTPUT_MAGNITUDES)})?"
                            f"({alt(CAPACITY_OUTPUT_UNITS)})")),
    ("capacity", re.compile(f"{NUM}({alt(TEN_THOUSAND)})?({alt(POWER_UNITS)})(?![{chars(HOUR_CHARS)}])")),
]


INVESTED = re.compile(alt(MONEY_WORDS))
ANAPHOR = re.compile(f"^({alt(tuple(word for word, _ in QUANTITY_ANAPHORS))})")
YEAR = re.compile(f"(20[0-9]{{2}}){alt(YEAR_MARK)}")
THIS_YEAR = re.compile(alt(THIS_YEAR_WORDS))
CLAUSE_GAP = re.compile(r"[，。；,;]")
SENTENCE_GAP = re.compile(r"[。；;]")
CLAUSE_BREAK = re.compile(r"[，,]")
PLACED = re.compile(f"({alt(PLACED_WORDS)})$")
ANAPHOR_TYPES = {word: {kind} for word, kind in QUANTITY_ANAPHORS}
# what a subjectless clause says before its number: 总投资, 建成后年产, 一期占地 …
ZERO_SUBJECT = re.compile(f"{alt(ZERO_SUBJECT_LEADS)}?{alt(ZERO_SUBJECT_PLANS)}?{alt(ZERO_SUBJECT_WORDS)}?"
                          f"{alt(APPROXIMATELY)}?")


def _year(doc: Document, sentence_text: str) -> int | None:
    m = YEAR.search(sentence_text)
    if m:
        return int(m.group(1))
    if not doc.date:
        return None
    base = int(doc.date[:4])
    if THIS_YEAR.search(sentence_text):
        return base
    if NEXT_YEAR in sentence_text:
        return base + 1
    if LAST_YEAR in sentence_text:
        return base - 1
    return None


def normalise(kind: str, number: str, scale: str | None, unit: str) -> tuple[Decimal, str]:
    value = Decimal(number) * SCALE.get(scale or "", Decimal(1))
    if kind == "investment":
        return value, "CNY"
    if unit in UNIT_FACTORS:
        factor, u = UNIT_FACTORS[unit]
        return (value * factor).quantize(Decimal(1)) if u == "m2" else value * factor, u
    return value, CAPACITY_UNIT_NAMES.get(unit, unit + "/a")


# what counts several projects before an amount (等8个项目, 143个重点项目, 签约项目15个, 一批项目) or right
# after it (总投资1257亿元的143个重点项目): the amount is their total, no one project's
_PROJECTS = f"(?:{alt(PROJECT_WORD)}|{alt(WORKS_WORD)})"
_COUNT = f"[0-9{chars(CN_DIGITS)}]+{alt(LIST_COUNTERS)}"
SEVERAL = re.compile(f"{alt(ETC)}[^，,；;。]{{0,10}}?{_PROJECTS}|(?:{_COUNT}|{alt(VAGUE_COUNTS)})[^，,；;。]{{0,8}}?"
                     f"{_PROJECTS}|{_PROJECTS}{_COUNT}")
SEVERAL_AFTER = re.compile(f"{alt(OF)}?{_COUNT}")
PART_BREAK = re.compile(r"[；;]")


def tied(text: str, target: Span, spans: list[Span], start: int, end: int, sent_start: int) -> bool:
    """Whether an amount read for the project ``target`` is that project's: in the part of the sentence
    between semicolons, from the project's name (or the part's start: 该项目总投资…) to the amount, no other
    project is named (a park it goes to may be: X项目落户Y产业园，总投资…) and nothing counts several; and the name is no item of a list (A项目、B项目总投资…).

    Example: 甲项目、乙项目等3个项目签约，总投资90亿元 -> not 甲项目's; 甲项目总投资9亿元 -> 甲项目's
    """
    breaks = [m.end() for m in PART_BREAK.finditer(text, sent_start, start)]
    part = breaks[-1] if breaks else sent_start
    frm = max(target.start, part)
    if any(s is not target and PROJECT in s.types and PARK not in s.types and frm <= s.start < start for s in spans):
        return False
    if SEVERAL.search(text, frm, start) or SEVERAL_AFTER.match(text, end):
        return False
    return not (target.start >= part and target.start > 0 and text[target.start - 1] in ("、", *LIST_JOINTS))


def quantities(doc: Document, per_sentence: list[list[Span]]) -> list[Quantity]:
    """Quantities of each sentence attached to a name: ``Q的X`` -> X; else the nearest name before Q."""
    out: list[Quantity] = []
    previous: list[Span] = []
    for index, spans in enumerate(per_sentence):
        sent = doc.sentences[index]
        names = [s for s in spans if DISTRICT not in s.types and CLUSTER not in s.types]
        if not names:
            # 该项目总投资8亿元: the project (park, company) of the sentence before, same paragraph
            m = ANAPHOR.match(sent.text)
            kinds = ANAPHOR_TYPES.get(m.group(1)) if m else None
            prior = [s for s in previous if kinds and set(s.types) & kinds
                     and (s.sentence == index - 1 or doc.sentences[s.sentence].paragraph == sent.paragraph)]
            spans = names = prior[-1:]
        else:
            previous = names
        if not spans:
            continue
        for kind, rx in PATTERNS:
            for m in rx.finditer(sent.text):
                start, end = sent.start + m.start(), sent.start + m.end()
                if kind == "investment" and not INVESTED.search(sent.text[max(0, m.start() - 10):m.end()].split("，")[-1]):
                    continue  # 生产总值1000亿元, 营收300亿元: money, but no investment
                if any(s.start <= start and end <= s.end for s in spans):
                    target = next(s for s in spans if s.start <= start and end <= s.end)
                    if DISTRICT in target.types or CLUSTER in target.types:
                        continue  # 年产6万吨X项目: the number is part of the name, and describes it
                else:
                    target = _attach(doc.text, names, start, end, sent.start)
                if target is None or (kind == "investment" and PROJECT in target.types
                                      and not tied(doc.text, target, spans, start, end, sent.start)):
                    continue
                number, scale, unit = m.group(1), m.group(2), m.group(m.lastindex)
                if kind == "investment":
                    unit = YUAN
                value, u = normalise(kind, number, scale, unit)
                out.append(Quantity(target.key, kind, _fmt(value), u, m.group(0), doc.id,
                                    sent.index, start, end, f"quantity:{kind}", _year(doc, sent.text)))
    return out


def _attach(text: str, names: list[Span], start: int, end: int, sent_start: int) -> Span | None:
    after = [s for s in names if s.start >= end]
    if after and text[end:after[0].start] == OF:
        return after[0]
    before = [s for s in names if s.end <= start]
    if not before:
        return None
    last = before[-1]
    if last.end <= sent_start:
        return last  # 该项目…: the name of the sentence before
    gap = text[last.end:start]
    if not CLAUSE_GAP.search(gap):
        return last
    # a clause without a subject of its own (X项目今年开工，总投资50亿元): the last name before it,
    # unless that one is where the thing goes (X项目落户Y园区，占地300亩: X)
    if not SENTENCE_GAP.search(gap) and ZERO_SUBJECT.fullmatch(CLAUSE_BREAK.split(gap)[-1]):
        while len(before) > 1 and PLACED.search(text[before[-2].end:before[-1].start]):
            before = before[:-1]
        return before[-1]
    return None


def _fmt(value: Decimal) -> str:
    q = value.normalize()
    return format(q, "f")

"""Quantities: investment, area, capacity and counts, normalised, attached to the name they describe.

1257亿元 -> 125700000000 CNY; 27万平方米 -> 270000 m2; 3300亩 -> 2200011 m2 (1 亩 = 2000/3 m2);
年产6万吨 -> 60000 t/a. 今年, 明年, 年内 resolve against the document's date.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..records import CLUSTER, DISTRICT, ORG, PARK, PROJECT, Document, Quantity
from .span import Span

MU = Decimal(2000) / Decimal(3)
SCALE = {"": Decimal(1), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
         "千": Decimal(1000), "百": Decimal(100)}
NUM = r"([0-9]+(?:\.[0-9]+)?)"
PATTERNS = [
    ("investment", re.compile(rf"(?:总投资|投资|计划投资|累计投资|完成投资)?(?:近|约|超|超过|逾|达)?{NUM}(万亿|亿|万|千)?元")),
    ("area", re.compile(rf"(?:占地|占地面积|建筑面积|总面积|规划面积|面积)?(?:近|约|超|达)?{NUM}(万)?(平方米|平方公里|亩|公顷|㎡)")),
    # 年产6万吨, 年产新能源汽车电机50万台 (the product may come between), 年产40GWh
    ("capacity", re.compile(rf"年产(?:能)?(?:[\u4e00-\u9fff]{{0,12}}?)(?:近|约|超|达)?{NUM}(万|亿|千)?"
                            rf"(吨|台|辆|套|件|片|平方米|只|GWh|MWh|吉瓦时)")),
    ("capacity", re.compile(rf"{NUM}(万)?(兆瓦|千瓦|MW|GW|吉瓦)(?![h时])")),
]
UNIT_FACTOR = {"平方米": (Decimal(1), "m2"), "㎡": (Decimal(1), "m2"), "平方公里": (Decimal(10) ** 6, "m2"),
               "亩": (MU, "m2"), "公顷": (Decimal(10) ** 4, "m2"),
               "兆瓦": (Decimal(1), "MW"), "MW": (Decimal(1), "MW"), "千瓦": (Decimal("0.001"), "MW"),
               "GW": (Decimal(1000), "MW"), "吉瓦": (Decimal(1000), "MW")}


INVESTED = re.compile(r"投资|投入|资金|金额|签约额|协议额")
ANAPHOR = re.compile(r"^(该项目|项目|该园区|园区|该公司|公司|企业|该企业)")
YEAR = re.compile(r"(20[0-9]{2})年")
THIS_YEAR = re.compile(r"今年|年内|本年|当年")
CLAUSE_GAP = re.compile(r"[，。；,;]")
SENTENCE_GAP = re.compile(r"[。；;]")
CLAUSE_BREAK = re.compile(r"[，,]")
PLACED = re.compile(r"(位于|落户|落户于|入驻|在|于|选址|落子)$")
ANAPHOR_TYPES = {"该项目": {PROJECT}, "项目": {PROJECT}, "该园区": {PARK}, "园区": {PARK},
                 "该公司": {ORG}, "公司": {ORG}, "企业": {ORG}, "该企业": {ORG}}
# what a subjectless clause says before its number: 总投资, 建成后年产, 一期占地 …
ZERO_SUBJECT = re.compile(r"(?:其中|项目|一期|二期|三期|全部|建成后|达产后|投产后|预计)?(?:规划|计划|新增|总)?"
                          r"(?:总投资|计划投资|投资|累计投资|占地|占地面积|建筑面积|总建筑面积|规划面积|面积|用地|年产|年产能|"
                          r"总用地|装机容量|装机规模|总装机)?(?:约|近|超|超过|逾|达)?")


def _year(doc: Document, sentence_text: str) -> int | None:
    m = YEAR.search(sentence_text)
    if m:
        return int(m.group(1))
    if not doc.date:
        return None
    base = int(doc.date[:4])
    if THIS_YEAR.search(sentence_text):
        return base
    if "明年" in sentence_text:
        return base + 1
    if "去年" in sentence_text:
        return base - 1
    return None


def normalise(kind: str, number: str, scale: str | None, unit: str) -> tuple[Decimal, str]:
    value = Decimal(number) * SCALE.get(scale or "", Decimal(1))
    if kind == "investment":
        return value, "CNY"
    if unit in UNIT_FACTOR:
        factor, u = UNIT_FACTOR[unit]
        return (value * factor).quantize(Decimal(1)) if u == "m2" else value * factor, u
    return value, {"吨": "t/a", "吉瓦时": "GWh/a"}.get(unit, unit + "/a")


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
                if target is None:
                    continue
                number, scale, unit = m.group(1), m.group(2), m.group(m.lastindex)
                if kind == "investment":
                    unit = "元"
                value, u = normalise(kind, number, scale, unit)
                out.append(Quantity(target.key, kind, _fmt(value), u, m.group(0), doc.id,
                                    sent.index, start, end, f"quantity:{kind}", _year(doc, sent.text)))
    return out


def _attach(text: str, names: list[Span], start: int, end: int, sent_start: int) -> Span | None:
    after = [s for s in names if s.start >= end]
    if after and re.fullmatch(r"的", text[end:after[0].start]):
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

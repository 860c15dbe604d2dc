"""Quantities: investment, area, capacity and counts, normalised, attached to the name they describe.

1257亿元 -> 125700000000 CNY; 27万平方米 -> 270000 m2; 3300亩 -> 2200011 m2 (1 亩 = 2000/3 m2);
年产6万吨 -> 60000 t/a. 今年, 明年, 年内 resolve against the document's date.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..records import CLUSTER, DISTRICT, Document, Quantity
from .entities import Span

MU = Decimal(2000) / Decimal(3)
SCALE = {"": Decimal(1), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
         "千": Decimal(1000), "百": Decimal(100)}
NUM = r"([0-9]+(?:\.[0-9]+)?)"
PATTERNS = [
    ("investment", re.compile(rf"(?:总投资|投资|计划投资|累计投资|完成投资)?(?:近|约|超|超过|逾|达)?{NUM}(万亿|亿|万|千)?元")),
    ("area", re.compile(rf"(?:占地|占地面积|建筑面积|总面积|规划面积|面积)?(?:近|约|超|达)?{NUM}(万)?(平方米|平方公里|亩|公顷|㎡)")),
    ("capacity", re.compile(rf"年产(?:能)?(?:近|约|超|达)?{NUM}(万|亿|千)?(吨|台|辆|套|件|片|平方米|只)")),
    ("capacity", re.compile(rf"{NUM}(万)?(兆瓦|千瓦|MW|GW|吉瓦)")),
]
UNIT_FACTOR = {"平方米": (Decimal(1), "m2"), "㎡": (Decimal(1), "m2"), "平方公里": (Decimal(10) ** 6, "m2"),
               "亩": (MU, "m2"), "公顷": (Decimal(10) ** 4, "m2"),
               "兆瓦": (Decimal(1), "MW"), "MW": (Decimal(1), "MW"), "千瓦": (Decimal("0.001"), "MW"),
               "GW": (Decimal(1000), "MW"), "吉瓦": (Decimal(1000), "MW")}


def _year(doc: Document, sentence_text: str) -> int | None:
    m = re.search(r"(20[0-9]{2})年", sentence_text)
    if m:
        return int(m.group(1))
    if not doc.date:
        return None
    base = int(doc.date[:4])
    if re.search(r"今年|年内|本年|当年", sentence_text):
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
    return value, {"吨": "t/a"}.get(unit, unit + "/a")


def quantities(doc: Document, per_sentence: list[list[Span]]) -> list[Quantity]:
    """Quantities of each sentence attached to a name: ``Q的X`` -> X; else the nearest name before Q."""
    out: list[Quantity] = []
    for spans in per_sentence:
        if not spans:
            continue
        sent = doc.sentences[spans[0].sentence]
        names = [s for s in spans if DISTRICT not in s.types and CLUSTER not in s.types]
        for kind, rx in PATTERNS:
            for m in rx.finditer(sent.text):
                start, end = sent.start + m.start(), sent.start + m.end()
                if any(s.start <= start and end <= s.end for s in spans):
                    target = next(s for s in spans if s.start <= start and end <= s.end)
                    if DISTRICT in target.types or CLUSTER in target.types:
                        continue  # 年产6万吨X项目: the number is part of the name, and describes it
                else:
                    target = _attach(doc.text, names, start, end)
                if target is None:
                    continue
                number, scale, unit = m.group(1), m.group(2), m.group(m.lastindex)
                if kind == "investment":
                    unit = "元"
                value, u = normalise(kind, number, scale, unit)
                out.append(Quantity(target.meta["key"], kind, _fmt(value), u, m.group(0), doc.id,
                                    sent.index, start, end, f"quantity:{kind}", _year(doc, sent.text)))
    return out


def _attach(text: str, names: list[Span], start: int, end: int) -> Span | None:
    after = [s for s in names if s.start >= end]
    if after and re.fullmatch(r"的", text[end:after[0].start]):
        return after[0]
    before = [s for s in names if s.end <= start]
    if before and not re.search(r"[，。；,;]", text[before[-1].end:start]):
        return before[-1]
    return None


def _fmt(value: Decimal) -> str:
    q = value.normalize()
    return format(q, "f")

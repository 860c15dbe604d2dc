"""An entity's attribute rows as a reader expects them: money in 亿元/万元, areas in 平方公里/亩,
Chinese levels and phases; its quantities with the raw text they were read from."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ATTRIBUTES = (("adminCode", "行政区划代码"), ("adminLevel", "行政级别"), ("phase", "项目期数"),
              ("investmentCNY", "投资额"), ("areaSquareMetres", "面积"))
LEVELS = {"province": "省级", "city": "地级", "county": "县级", "town": "乡级", "village": "村级"}
QUANTITY_KINDS = {"investment": "投资", "area": "面积", "capacity": "产能", "count": "数量"}


def attribute_rows(attrs: dict, quantities: list[tuple[str, str, str]]) -> list[list[str]]:
    """``[name, shown]`` rows: the entity's attributes, then its quantities with their raw text
    (merged into the attribute row they were read from, when they show the same value)."""
    rows = [[name, format_attribute(prop, attrs[prop])] for prop, name in ATTRIBUTES if prop in attrs]
    for name, shown, raw in quantities:
        same = next((r for r in rows if r[1] == shown), None)
        if same is not None:
            same[1] = f"{shown}（原文“{raw}”）"
        else:
            rows.append([name, f"{shown}（原文“{raw}”）"])
    return rows


def quantity_rows(quantities: Iterable) -> dict:
    """Entity IRI -> (row name, formatted value, raw text) of its quantities, at most 10, sorted."""
    found = defaultdict(set)
    for ent, kind, value, unit, raw, year in quantities:
        shown = format_cny(value) if unit == "CNY" else format_area(value) if unit == "m2" else f"{value} {unit}"
        when = f"（{year}年）" if year else ""
        found[ent].add((f"{QUANTITY_KINDS.get(kind, kind)}{when}", shown, raw))
    return {ent: sorted(rows)[:10] for ent, rows in found.items()}


def format_attribute(name: str, value: str) -> str:
    """An attribute as a reader expects it: money in 亿元/万元, areas in 平方公里/亩, Chinese levels."""
    if name == "investmentCNY":
        return format_cny(value)
    if name == "areaSquareMetres":
        return format_area(value)
    if name == "adminLevel":
        return LEVELS.get(value, value)
    if name == "phase":
        return _phase(value)
    return value


def format_cny(value: str) -> str:
    """``"1250000000"`` -> ``"12.5 亿元"``; ``"35000000"`` -> ``"3,500 万元"``."""
    v = _decimal(value)
    if v is None:
        return value
    for unit, scale in (("亿元", Decimal(10) ** 8), ("万元", Decimal(10) ** 4)):
        if abs(v) >= scale:
            return f"{_num(v / scale)} {unit}"
    return f"{_num(v)} 元"


def format_area(value: str) -> str:
    """``"3200000"`` -> ``"3.2 平方公里（约 4,800 亩）"``; small areas in 平方米."""
    v = _decimal(value)
    if v is None:
        return value
    mu = f"（约 {_num(v / Decimal('666.6667'), 0)} 亩）" if v >= 667 else ""
    if v >= 10 ** 6:
        return f"{_num(v / 10 ** 6)} 平方公里{mu}"
    return f"{_num(v)} 平方米{mu}"


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _num(v: Decimal, places: int = 2) -> str:
    q = v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_DIGITS = "零一二三四五六七八九十"


def _phase(value: str) -> str:
    try:
        n = int(value)
    except ValueError:
        return value
    return f"{_DIGITS[n]}期" if 0 < n <= 10 else f"第 {n} 期"

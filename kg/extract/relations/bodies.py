"""The relation rules of the bodies named after their division or zone (names/bodies.py): a government
body, a party committee or a public institution so named lies in that division or zone (泾川县委 in
泾川县, X高新区党工委 in X高新区), as the gold's conventions place them.
"""
from __future__ import annotations

from ...terms import DISTRICT, LOCATED_IN, ORG
from ..names.bodies import BODY, BODY_RULE, ZONE, is_body_name
from ..words import PARTY_LEAD
from .clauses import district_in_name
from .context import DocContext
from .names import GOVERNING_BODY


def _places(ctx: DocContext) -> list[tuple[str, str]]:
    """(name, key) of every place's label and alias outside the division table, the longest first."""
    return sorted(((f, k) for k, e in ctx.entities.items() if DISTRICT in e.types and not k.startswith("district:")
                   for f in (e.label, *e.aliases) if len(f) >= 2), key=lambda fk: -len(fk[0]))


def located_by_body_name(ctx: DocContext) -> None:
    """A body named after its division or zone lies in it (the one its name was read after).

    Example: 崆峒区委书记介绍，崆峒区今年新增企业30家。 -> 崆峒区委 locatedIn 崆峒区
    """
    seen: set[str] = set()
    for spans in ctx.per_sentence:
        for sp in spans:
            key = sp.key
            if key in seen or key in ctx.located or key not in ctx.entities:
                continue
            label = ctx.entities[key].label
            label = label[len(PARTY_LEAD):] if label.startswith(PARTY_LEAD) else label
            # a body the body finder read, or one its head noun named (平凉市科技局: suffix:科技局; the body that
            # runs a park, X开发区管委会, is located-by-governing-body's)
            if not (sp.rule.startswith(BODY_RULE) or (ctx.entities[key].types == (ORG,) and is_body_name(label)
                                                      and not GOVERNING_BODY.search(label))):
                continue
            seen.add(key)
            code = district_in_name(label, ctx.present)
            division = f"district:{code}" if code and f"district:{code}" in ctx.entities else None
            if division is None:   # a place the division table does not hold (曼谷气象局, 东京X大学)
                division = next((k for f, k in _places(ctx) if k != key and label.startswith(f)), None)
            zone = next((k for f, k in ctx.parks if k != key and label.startswith(f) and len(label) > len(f)), None)
            # named after a division: the division (a zone may share its short form: 泾川片区)
            container = (zone or division) if sp.rule in (BODY_RULE + ZONE, BODY_RULE + BODY) else (division or zone)
            if container:
                ctx.add(key, LOCATED_IN, container, sp, 0.85)


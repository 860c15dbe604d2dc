"""Overlapping names of one sentence: the longest wins, the shorter ones are kept aside as embedded."""
from __future__ import annotations

from typing import Callable

from .span import Span

# which of two spans at the same range stands for both (None: they merge into the first found)
Rival = Callable[[Span, Span], "Span | None"]


def settle(spans: list[Span], rival: Rival | None = None) -> tuple[list[Span], list[Span]]:
    """Keep the longest of overlapping spans; spans at the same range merge (or one wins, as ``rival`` says).

    Returns (kept, embedded): embedded are shorter spans inside or across a kept one (a city inside a
    park's name); kept are in text order.
    """
    by_range: dict[tuple[int, int], Span] = {}
    for sp in spans:
        key = (sp.start, sp.end)
        old = by_range.get(key)
        if old is None:
            by_range[key] = sp
            continue
        winner = rival(old, sp) if rival else None
        if winner is not None:
            by_range[key] = winner
            continue
        old.merge(sp)
        if sp.rule.startswith("enumeration") and not old.rule.startswith("enumeration"):
            old.enumerated = sp.rule
    kept: list[Span] = []
    embedded: list[Span] = []
    for sp in sorted(by_range.values(), key=lambda s: (-(s.end - s.start), s.start)):
        if any(k.start <= sp.start and sp.end <= k.end for k in kept):
            embedded.append(sp)
        elif any(k.start < sp.end and sp.start < k.end for k in kept):
            embedded.append(sp)
        else:
            kept.append(sp)
    return sorted(kept, key=lambda s: s.start), embedded

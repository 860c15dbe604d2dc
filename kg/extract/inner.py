"""Names written only at the start of a longer name: the town of 唐江镇X产业园, the zone of X开发区Y产业园
or of X物流园Z项目. They are things of their own (the longer name lies in them); they take part in no
sentence rule, only in the name rules of the relations."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..records import Document
from ..terms import CLUSTER, DISTRICT, ORG, PARK, PROJECT
from . import lexicon as lx
from .divisions import gazetteer
from .names.bodies import BODY, BODY_RULE
from .names.common import ADMIN_SUFFIX
from .span import Span
from .words import DESIGNATIONS, PROJECT_WORD, TRIAL_ZONE, WORKS_WORD

if TYPE_CHECKING:
    from .names import Names


def inner_names(doc: Document, names: Names) -> None:
    """The embedded divisions and parks that open a kept park, project or organisation's name (and what
    opens a body's: a place outside the table, 曼谷 of 曼谷气象局; a body, X管委会 of X管委会运营管理局)."""
    outers: dict[int, list[Span]] = defaultdict(list)
    for spans in names.per_sentence:
        for sp in spans:
            if not sp.code and set(sp.types) & {PARK, PROJECT, ORG}:
                outers[sp.sentence].append(sp)
    embedded = names.embedded
    starts = {(sp.sentence, sp.end) for sp in embedded if sp.codes}
    seen: set[tuple[int, int]] = set()
    for sp in embedded:
        if (sp.start, sp.end) in seen:
            continue
        outer = next((o for o in outers.get(sp.sentence, ()) if o.start <= sp.start and sp.end <= o.end
                      and (o.start, o.end) != (sp.start, sp.end)), None)
        if outer is None:
            continue
        if sp.codes is not None:
            if not _division_opens(sp, outer, starts, names.context):
                continue
        elif PARK in sp.types and CLUSTER not in sp.types and not sp.enumerated:
            if not _park_opens(sp, outer, embedded):
                continue
        elif not (outer.rule.startswith(BODY_RULE) and sp.start == outer.start and (
                (DISTRICT in sp.types) or (sp.types == (ORG,) and outer.rule == BODY_RULE + BODY))):
            continue  # (曼谷气象局: a place outside the table that a body is named after; X陆港管委会运营管理局:
            # the body of a body is one of its own)
        seen.add((sp.start, sp.end))
        names.inner.append(sp)


def _division_opens(sp: Span, outer: Span, starts: set[tuple[int, int]], context: set[str]) -> bool:
    """``sp``, a division written in full, opens ``outer`` (屯留区X园) or follows another division that
    does (长治市屯留区X园); it then gets its code."""
    codes = sp.codes
    # a body named after its division (兰州海关, 泾川县委) serves it, in full or short form (the division
    # that opens the name: 公安 of 平凉市公安局 is none)
    body = outer.rule.startswith(BODY_RULE) and (sp.full or sp.start == outer.start)
    if ORG in outer.types and not set(outer.types) & {PARK, PROJECT} and not body:
        return False  # a company's registered place says where it was registered, not a place of the text
    if not (body or (sp.full and ADMIN_SUFFIX.search(sp.text))) or sp.end >= outer.end \
            or lx.types_of(sp.text):
        return False  # (经济开发区 of the statistical table is a zone, not a division)
    if sp.start != outer.start and (sp.sentence, sp.start) not in starts:
        return False  # 屯留区X园, 长治市屯留区X园: only divisions that open the name
    if len(codes) == 1:
        sp.code = codes[0]
    else:
        div = gazetteer().resolve(sp.text, context)
        if div is None:
            return False
        sp.code = div.code
    return True


def _park_opens(sp: Span, outer: Span, embedded: list[Span]) -> bool:
    """``sp``, a park, opens ``outer`` and is followed by a name of its own (X开发区Y产业园), not by a
    phase, a project word or a head noun alone."""
    rest = outer.text[sp.end - outer.start:]
    rest = lx.PHASE_RE.sub("", rest)
    if sp.start != outer.start or len(rest) < 3 or rest.startswith((PROJECT_WORD, WORKS_WORD)) \
            or len(rest) - len(lx.suffix_of(rest)) < 2:
        return False  # X产业园二期, X产业园项目, X陆港物流园: the park itself
    if lx.suffix_of(sp.text) in DESIGNATIONS or sp.text.endswith(TRIAL_ZONE):
        return False  # 中国(宁波)跨境电子商务综合试验区北仑园区: a designation, its 园区 is the place
    if any(o.start == sp.start and o.end > sp.end and o.end < outer.end and PARK in o.types
           for o in embedded if not o.codes):
        return False  # 郑州国际陆港经开区片区X中心: the longest park that opens the name
    return True

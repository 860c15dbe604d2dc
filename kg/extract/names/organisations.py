"""Companies without a head noun: by their context (推动A、B加快上市) and by their name's shape
(a brand of unknown characters + an industry word) (rules ``org:context``, ``org:brand``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...records import DISTRICT, ORG
from .. import lexicon as lx
from ..span import Span
from .common import clauses, is_district_word, trim

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- organisations by context

ORG_CONTEXT = re.compile(r"(上市|挂牌|签约|签订|落户|入驻|获批|投产|达产)")


def org_context_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Companies without a suffix, named as the subject/object of 上市, 签约, 入驻 … in an enumeration.

    ``推动A、B加快上市进程``: A and B are organisations.
    """
    sent_text, base, sentence, taken = sent.text, sent.start, sent.index, reading.taken
    out: list[Span] = []
    for c0, ctext in clauses(sent_text):
        if not ORG_CONTEXT.search(ctext):
            continue
        # items between a governing verb and the trigger: split by 、
        m = re.search(r"(推动|支持|引导|鼓励|帮助|协调)(.+?)(?:加快|加速|尽快|顺利|成功|正式)?(?:上市|挂牌|签约|落户|入驻|投产|达产)", ctext)
        if not m:
            continue
        items = m.group(2)
        items = re.sub(r"(加快|加速|尽快|顺利|成功|正式)$", "", items)
        pos = m.start(2)
        for part in items.split("、"):
            a, b = trim(part)
            item = part[a:b]
            lead = lx.tokens(item)[0][0] if item else ""
            if 2 <= len(item) <= 20 and not lx.is_generic(item) and not any(
                    t.start <= base + c0 + pos + a < t.end for t in taken) \
                    and not ORG_CONTEXT.search(item) and "项目" not in item and lx.tag(lead) not in ("d", "v", "vn", "a", "ad"):
                # (推动签约项目早落地、早开工: steps of projects, no companies)
                out.append(Span(base + c0 + pos + a, base + c0 + pos + a + len(item), item, (ORG,),
                                "org:context", sentence, label=item))
            pos += len(part) + 1
    return out


# ---------------------------------------------------------------- organisations by name shape

def brand_org_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """``[place]`` + an unknown brand (characters jieba cannot join into words) + an industry word,
    standing as a clause's subject or a governing verb's object: 某某农业获批…, 推动某地某某热电纳入….
    """
    sent_text, base, sentence, taken = sent.text, sent.start, sent.index, reading.taken
    out: list[Span] = []
    industry = lx.words("org_industry_words")
    fw = lx.words("function_words")
    for c0, ctext in clauses(sent_text):
        if not lx.any_word("org_industry_words").search(ctext):
            continue  # (no token can be one)
        toks = lx.tokens(ctext)
        for k, (w, s, e) in enumerate(toks):
            if w not in industry:
                continue
            # unknown single characters right before the industry word
            j = k - 1
            while j >= 0 and len(toks[j][0]) == 1 and toks[j][0] not in fw and toks[j][0] not in lx.PUNCT \
                    and not toks[j][0].isascii() and toks[j][0] not in lx.MEASURES:
                j -= 1
            n_single = k - 1 - j
            if not 2 <= n_single <= 3:
                continue
            start = toks[j + 1][1]
            # an optional place before the brand
            if j >= 0 and is_district_word(toks[j][0]):
                start = toks[j][1]
                j -= 1
            before = toks[j][0] if j >= 0 else None
            after = toks[k + 1][0] if k + 1 < len(toks) else None
            ok_before = before is None or before in lx.words("governing_verbs") or before in fw \
                or before in lx.words("adverbs") or before in lx.PUNCT or before in ("与", "同", "和", "及")
            ok_after = after is None or after in lx.words("governing_verbs") or after in ("、", "等") \
                or after in lx.words("adverbs") or lx.tag(after) in ("d", "t", "p", "c") \
                or lx.tag(after) == "v"
            if not (ok_before and ok_after):
                continue
            a, b = base + c0 + start, base + c0 + e
            if any(t.start < b and a < t.end and not (a <= t.start and t.end <= b and t.types == (DISTRICT,))
                   for t in taken):
                continue  # (a place prefix inside the name is fine: the longer name wins)
            text = ctext[start:e]
            out.append(Span(a, b, text, (ORG,), "org:brand", sentence, label=text))
    return out

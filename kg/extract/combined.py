"""What a phrase of combining lists (集A、B、C于一体: a place or platform that combines them) names no
thing: its items are the functions combined (展示, 营销, 活动组织), not industries, companies or projects.
"""
from __future__ import annotations

import re

from ..records import Document
from ..terms import DISTRICT
from .names import Names
from .words import COMBINES

# 集 … 于一体 within one clause (the items: up to 40 characters, no clause's punctuation)
COMBINED = re.compile(f"{re.escape(COMBINES[0])}([^，。；：！？]{{2,40}}?){re.escape(COMBINES[1])}")


def drop_functions_combined(doc: Document, names: Names) -> None:
    """集展示、体验、营销、活动组织于一体的平台: the names read between 集 and 于一体 are functions, no
    names (a division named there stays one)."""
    for sent, spans in zip(doc.sentences, names.per_sentence):
        if COMBINES[1] not in sent.text:
            continue
        for m in COMBINED.finditer(sent.text):
            a, b = sent.start + m.start(1), sent.start + m.end(1)
            spans[:] = [sp for sp in spans if not (a <= sp.start and sp.end <= b) or sp.code or DISTRICT in sp.types]

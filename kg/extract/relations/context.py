"""What the relation rules of one document share: the document context and its segments.

The rules read the article's subject (its district, its park), the first mention of each entity,
the items and paragraphs they stand in, and what earlier rules have placed (``located``): a rule
that only guesses (the framing) leaves alone what a rule that read the text has placed.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from ...records import Document, Entity, Relation
from ...terms import CLUSTER, DISTRICT, LOCATED_IN, PARK, PROJECT
from .. import lexicon as lx
from ..divisions import gazetteer
from ..span import Span
from .clauses import COMMA, ITEM_NUMBER, JOINED, PIVOT, chain_end, clause_subject, descends, is_type, subject

SEGMENT_BREAK = re.compile(r"[；;]")
HEADING_END = re.compile(r"\s*[。：:；]?\s*")
HEADING_GAP_BREAK = re.compile(r"[，,、；;：:]")
# what closes a section's heading after the name it consists of (平凉高新区——)
SECTION_MARK = re.compile(r"\s*(?:—{2}|-{2})\s*")


def against_table(head: str, rel: str, tail: str) -> bool:
    """A locatedIn between two divisions of the table that the table does not hold: the table is the
    authority on its divisions (1家广东企业落户赣州 does not put 广东省 in 赣州市).

    Example: against_table("district:440000", LOCATED_IN, "district:360700") -> True
    """
    if rel != LOCATED_IN or not (head.startswith("district:") and tail.startswith("district:")):
        return False
    h, t = head.split(":", 1)[1], tail.split(":", 1)[1]
    g = gazetteer()
    return g.get(h) is not None and g.get(t) is not None and not descends(h, t)


class Segment:
    """A part of a sentence between ；: offsets into the document text, its text, the spans inside it
    and its subject (each segment has its own: 北仑区引进X；鄞州区推进Y)."""

    __slots__ = ("start", "end", "text", "spans", "subject", "memo")

    def __init__(self, doc: Document, start: int, end: int, spans: list[Span]):
        self.start, self.end, self.text, self.spans = start, end, doc.text[start:end], spans
        self.subject = segment_subject(doc.text, start, spans)
        self.memo: dict = {}   # what several rules read, found once (develops.py: verbs, statements of size)


def segment_subject(text: str, start: int, spans: list[Span]) -> Span | None:
    """The segment's grammatical subject; after 支持/推动… a division the segment opens with
    (支持鸣沙镇建设X: the district supported builds X; 支持A、B打造…: which one builds, no one knows)."""
    subj = subject(spans, start, text)
    m = PIVOT.match(text, start) if subj is None and spans else None
    chain = chain_end(spans[0], spans) if m and spans[0].start == m.end() else None
    nxt = next((s for s in spans if chain is not None and s.start >= chain.end), None)
    if chain is not None and is_type(chain, DISTRICT) and chain.code \
            and not (nxt is not None and JOINED.fullmatch(text, chain.end, nxt.start)):
        subj = chain
    return subj


FIND: str = "find"   # (the default subject: found here, where the caller has not found it)


class DocContext:
    """One document as the relation rules see it, and the relations they have found.

    ``rule`` is the name of the rule running (set by the runner): what ``add`` records. The sentence
    state (``topic``, ``theme``, ``topical``) follows the items and paragraphs as ``read_sentence``
    goes through the sentences.
    """

    def __init__(self, doc: Document, per_sentence: list[list[Span]], entities: dict[str, Entity],
                 present: set[str], inner: list[Span] = (), subject: str | None = FIND):
        self.doc, self.text, self.per_sentence = doc, doc.text, per_sentence
        self.entities, self.present = entities, present
        self.inner = list(inner)   # names written only at the start of a longer name
        self.g = gazetteer()
        # the divisions written as names of their own (not only inside other names: 祥符 in 祥符荡X园 is no
        # mention of 祥符区): a name's leading short form is another place only where the article writes it
        self.written = {sp.code for spans in per_sentence for sp in spans if sp.code}
        self.first_span: dict[str, Span] = {}
        for spans in per_sentence + [list(inner)]:
            for sp in spans:
                self.first_span.setdefault(sp.key, sp)
        self.subject = subject_district(doc, per_sentence) if subject == FIND else subject
        self.skey = f"district:{self.subject}" if self.subject else None
        # (a park written at the start of a longer name, X开发区党工委, is a mention of the park too)
        self.pkey = subject_park(doc, per_sentence + [list(inner)], entities, self.subject)
        self.located: set[str] = set()
        self.out: list[Relation] = []
        self.rule = ""
        self.memo: dict = {}   # what a rule keeps between segments (develops.py: the industries given a developer)
        self.topic: Span | None = None   # the project, park or district a numbered item opens with (1．X项目。该项目位于…)
        self.theme: Span | None = None   # the industry a paragraph's heading sentence names (X产业链加速延伸。)
        self.opener: Span | None = None   # the park a paragraph's first sentence has as its subject
        self.topical: list[tuple[Span, Span]] = []   # (park or project, the district whose item names it)
        self.section: Span | None = None   # the park or district the heading of this section names (X高新区——)
        self.sections: list[tuple[int, Span]] = []   # (first sentence, the park or district) of each section
        self._paragraph = -1
        self._first_of: dict[int, int] = {}   # paragraph -> its first sentence
        for sent in doc.sentences:
            self._first_of.setdefault(sent.paragraph, sent.index)

    def add(self, head: str, rel: str, tail: str, sp: Span, conf: float, word: str | None = None,
            place: bool = True) -> None:
        """Record ``head rel tail`` read at ``sp`` by the running rule (``rule:word`` where a trigger word
        matched). A locatedIn places ``head`` unless ``place`` is False (a park named after a park is
        also placed where the article places things)."""
        if head == tail or head not in self.entities or tail not in self.entities or against_table(head, rel, tail):
            return
        rule = f"{self.rule}:{word}" if word is not None else self.rule
        self.out.append(Relation(head, rel, tail, self.doc.id, sp.sentence, sp.start, sp.end, rule, conf))
        if rel == LOCATED_IN and place:
            self.located.add(head)

    def whole_of(self, level: str) -> str | None:
        """全市/全省 …: the article's district, or its ancestor in the graph, whose name ends with ``level``."""
        return next((k for k in [self.skey] + [f"district:{a.code}" for a in self.g.ancestors(self.subject)]
                     if k in self.entities and self.entities[k].label.endswith(level)), None)

    @cached_property
    def clusters(self) -> dict[str, Entity]:
        """The industries among the entities."""
        return {e.key: e for e in self.entities.values() if CLUSTER in e.types}

    @cached_property
    def local_mentions(self) -> list[Span]:
        """The counties, towns and villages written as names of their own, in text order (the provinces and
        cities an article names again and again are its setting, not where its story moves)."""
        g = self.g
        return [sp for spans in self.per_sentence for sp in spans
                if sp.code and g.get(sp.code).level not in ("province", "city")]

    def rival_before(self, pos: int) -> Span | None:
        """The county or town named last before ``pos`` (offsets into the text) when it is another place than
        the article's district (not the district, nor one holding it or inside it): the text has moved on
        to that place."""
        found = None
        for sp in self.local_mentions:
            if sp.start >= pos:
                break
            found = sp
        if found is None or not self.subject or found.code == self.subject:
            return None
        if descends(self.subject, found.code) or descends(found.code, self.subject):
            return None
        return found

    @cached_property
    def parks(self) -> list[tuple[str, str]]:
        """(name, key) of every park's label and alias of 3 characters or more, the longest first."""
        return sorted(((f, k) for k, e in self.entities.items() if PARK in e.types and not k.startswith("district:")
                       for f in (e.label, *e.aliases) if len(f) >= 3), key=lambda fk: -len(fk[0]))

    def read_sentence(self, spans: list[Span]) -> bool:
        """Follow items and paragraphs through the sentence; False for a sentence the rules skip
        (no names, or an item's heading: 1．X公司Y项目。 makes Y the topic of the sentences after it)."""
        if not spans:
            return False
        sent = self.doc.sentences[spans[0].sentence]
        if sent.paragraph != self._paragraph:
            self.topic, self.theme, self.opener, self._paragraph = None, None, None, sent.paragraph
        named = section_heading(self.doc, sent.index, spans)
        if named is not None:
            self.section = named
            self.sections.append((sent.index, named))
            return False
        heading = heading_name(sent.text, sent.start, spans)
        if heading is not None:
            self.topic = heading
            return False
        if sent.index == self._first_of[sent.paragraph]:
            if heading_industry(sent.text, sent.start, spans):
                self.theme = spans[0]
            self.opener = opening_park(self.text, sent.start, sent.end, spans)
        if self.topic is not None and self.topic.code:
            # （二）西青区。…加快X建设: what the district's item names is in it, unless a rule places it
            self.topical += [(x, self.topic) for x in spans if set(x.types) & {PARK, PROJECT}
                             and not set(x.types) & {CLUSTER, DISTRICT}]
        return True

    def segments(self, spans: list[Span]) -> list[Segment]:
        """A sentence cut at ； into segments, with the spans inside each."""
        sent = self.doc.sentences[spans[0].sentence]
        out, pos = [], sent.start
        for m in SEGMENT_BREAK.finditer(sent.text):
            end = sent.start + m.start()
            out.append(Segment(self.doc, pos, end, [s for s in spans if pos <= s.start < end]))
            pos = sent.start + m.end()
        out.append(Segment(self.doc, pos, sent.end, [s for s in spans if pos <= s.start < sent.end]))
        return out


def opening_park(text: str, start: int, end: int, spans: list[Span]) -> Span | None:
    """The park that the first clause with a subject in ``text[start:end]`` (a paragraph's first sentence)
    opens with (如今，X经开区发展后劲十足。): what the paragraph goes on to say is about it."""
    if not any(PARK in sp.types for sp in spans):
        return None
    for pos in [m.start() for m in COMMA.finditer(text, start, end)] + [end]:
        found = clause_subject(spans, start, text, pos)
        if found is not None:
            return found if is_type(found, PARK) and not is_type(found, CLUSTER) and not found.code else None
    return None


def subject_district(doc: Document, per_sentence: list[list[Span]]) -> str | None:
    """The district the article is about: the most-mentioned county-or-lower division (title counts 3×)."""
    g = gazetteer()
    counts: Counter = Counter()
    for spans in per_sentence:
        # sentences, not mentions: 庄河市与宝山区结对，将在庄河市共建… is one sentence about 庄河市
        counts.update({sp.code for sp in spans if sp.code})
    if doc.title:
        for code in list(counts):
            div = g.get(code)
            if div.name in doc.title or (div.short and div.short in doc.title):
                counts[code] += 3
    for levels in (("county", "town"), ("city",), ("province",)):
        ranked = sorted(((n, c) for c, n in counts.items() if g.get(c).level in levels), key=lambda x: (-x[0], x[1]))
        # the article is about one place only when that place clearly leads the others of its level
        # (an article about four cities, or a province's report naming its cities, is about none of them);
        # a county's own towns are parts of its story, not rivals; nor is a town's own county (崆峒区草峰镇)
        if ranked and ranked[0][0] >= 2:
            lead = ranked[0][1]
            rivals = [n for n, c in ranked[1:] if not descends(c, lead) and not descends(lead, c)]
            if not rivals or ranked[0][0] >= 2 * rivals[0]:
                return lead
    return None


def subject_park(doc: Document, per_sentence: list[list[Span]], entities: dict[str, Entity],
                 district: str | None) -> str | None:
    """The park an article is about (郑州经开区集中签约…): named in the title, mentioned at least three
    times and more often than the article's district. Its own news places what it builds in it."""
    if not doc.title:
        return None
    counts: Counter = Counter()     # by short form: 郑州经开区 and 郑州经济技术开发区 are one park
    keys: dict[str, str] = {}
    for spans in per_sentence:
        for sp in spans:
            if PARK in sp.types and CLUSTER not in sp.types and not sp.code:
                short = lx.abbreviate_zone(sp.name)
                counts[short] += 1
                keys.setdefault(short, sp.key)
    dcount = sum(1 for spans in per_sentence for sp in spans if district and sp.code == district)
    for short, n in counts.most_common():
        key = keys[short]
        ent = entities.get(key)
        if ent is None or n < 3 or n <= dcount:
            break
        if any(len(f) >= 3 and f in doc.title for f in (ent.label, *ent.aliases, short)):
            return key
        break
    return None


def heading_name(text: str, start: int, spans: list[Span]) -> Span | None:
    """The project, park or district a sentence consists of, after its item number (1．X公司Y项目。,
    （二）西青区。): the topic of the sentences after it in the paragraph."""
    m = ITEM_NUMBER.match(text)
    pos = start + m.end()
    for sp in spans:
        if sp.start != pos:
            return None
        pos = sp.end
    if spans and HEADING_END.fullmatch(text[pos - start:]) and CLUSTER not in spans[-1].types and (
            set(spans[-1].types) & {PARK, PROJECT} or (ITEM_NUMBER.match(text).end() and spans[-1].code)):
        return spans[-1]   # (a district only after an item's number: （二）西青区。)
    return None


def section_heading(doc: Document, index: int, spans: list[Span]) -> Span | None:
    """The park or district a paragraph consists of, closed by a dash (平凉高新区——): the heading
    of a section about that place, which goes on to the next such heading (a page of interviews
    with several parks, a report on three zones)."""
    sent, sentences = doc.sentences[index], doc.sentences
    if len(spans) != 1 or (index + 1 < len(sentences) and sentences[index + 1].paragraph == sent.paragraph) \
            or (index > 0 and sentences[index - 1].paragraph == sent.paragraph):
        return None
    sp = spans[0]
    if CLUSTER in sp.types or not (PARK in sp.types or (DISTRICT in sp.types and sp.code)):
        return None
    if doc.text[sent.start:sp.start].strip() or not SECTION_MARK.fullmatch(doc.text, sp.end, sent.end):
        return None
    return sp


def heading_industry(text: str, start: int, spans: list[Span]) -> bool:
    """A short sentence that opens a paragraph by naming one industry and nothing else
    (光伏材料产业链加速延伸。, （一）做强生物医药产业。): the paragraph's theme."""
    lead = ITEM_NUMBER.match(text).end()
    return (len(spans) == 1 and CLUSTER in spans[0].types and not set(spans[0].types) & {DISTRICT, PARK}
            and lx.han_count(text) <= 16 and spans[0].start - start - lead <= 4
            and not HEADING_GAP_BREAK.search(text, lead, spans[0].start - start)
            and text.rstrip().endswith(("。", "！", "：", ":")))

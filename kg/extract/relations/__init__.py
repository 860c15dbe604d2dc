"""Relation rules: locatedIn and developsCluster from trigger words, sentence structure and framing.

Confidence says how direct the evidence is: the division table (1.0), a
trigger word between the two names (0.8-0.9), the name itself (0.7: a park
named after its district), the article's framing (0.6: a district's own plan
places what it builds in that district).
"""
from __future__ import annotations

import re
from collections import Counter

from ...records import CLUSTER, DEVELOPS, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT, Document, Entity, Relation
from .. import lexicon as lx
from ..divisions import gazetteer
from ..span import Span
from . import clauses
from .clauses import (BUILDS, CLAUSE_VERB, COMMA, HOSTS, ITEM_NUMBER, JOINED, NO_SUBJECT, PARTNER_BEFORE, PIVOT,
                      PLATFORM, ROLE_OF)

CONTAINERS = (PARK, DISTRICT)
LINEAR = re.compile(r"(高铁|铁路|高速|公路|城际|轨道交通|地铁|管道|运河|航道)(改扩建|扩建|工程|项目)?$")
# X 位于/落户/入驻 C: the thing comes first, its container after the trigger
INTO = re.compile(r"(位于|地处|坐落于|坐落在|落户|落户于|落户在|入驻|落子|扎根|选址|所在的)")
CULTIVATE = re.compile(r"(培育|发展|壮大|做强|做大|做优|培强|打造|聚焦|布局|引进|招引|承接|延伸|集聚|形成|主攻|深耕|提升|围绕|瞄准|"
                       r"构建|以(?=[^，。；]{2,40}?为(?:主|主导|重点|核心|龙头|特色|支撑))|"
                       r"把(?=[^，。；把]{2,40}?(?:作为|当作|当成|列为|确定为|定位为)[^，。；]{0,12}?产业)|"
                       r"(?:主导|支柱|特色|首位|优势)产业(?:主要)?(?:为|是|有|包括|涵盖))")
MERGE_INTO = re.compile(r"整合(.+?)(?:等)?(?:板块|资源|项目)?[，,]\s*(?:建设|打造|建成)")
# a segment opening with a park, company or facility the rules did not name (某某智慧园建成后将形成…):
# what it develops is its own, not the article district's
UNKNOWN_SUBJECT = re.compile(r"^(?:(?!将|建设|打造|推进|加快|培育|发展|聚焦|壮大)[\u4e00-\u9fffA-Za-z0-9]){2,12}"
                             r"(园|城|谷|港|基地|中心|公司|集团|企业|项目)(?:建成后|投产后|达产后|将|已)")
# X公司与C 签约建设/签约，投资建设 Y: what the company signs to build is C's
SIGNED_TO_BUILD = re.compile(r"(?:正式|成功|现场)?(?:签约|签订(?:投资)?协议|签署(?:投资)?协议)[，,]?"
                             r"(?:将|拟|计划)?(?:投资|总投资[0-9.]+[万亿]?元)?(?:建设|新建|兴建|打造|实施)")
# C内的X, C里的X: X is inside C
INSIDE_OF = re.compile(r"(?:区|园)?(?:内|里|之内)的?")
# X是C重点打造的…, X是C的龙头企业: the words after C that make X one of C's own
OWN_THING = re.compile(r"(?:重点|着力|全力|倾力|精心|首批|近年来)?(?:打造|建设|规划建设|规划|培育|引进|招引|扶持)?的"
                       r"(?!一部分|合作伙伴|客户|供应商)")
# a segment that opens by naming the park it relies on (以X为主平台，…; 依托X，…)
RELIED_LEAD = re.compile(r"(?:以|依托)")
# the body that runs a park: X开发区管理委员会, X高新区管委会
GOVERNING_BODY = re.compile(r"(?:管理委员会|管委会|党工委|管理局|管理办公室)$")
# 全市, 全县 …: the division of that level the article is about
WHOLE_OF = re.compile(r"全([省市区县州盟旗])")
# what a clause says of an industry's size, right after its name (X产业集群规模, X产业产值)
SCALE = re.compile(r"(?:产业)?(?:集群|链)?(?:总|年|全年)?(?:规模|产值|营收|营业收入|主营业务收入|增加值|销售收入|产量)")
# what may stand before that name in its clause: nothing, 全市 …, 其中 …
WHOLE = re.compile(r"(?:其中|目前|如今|当前|同时)?(?:全[省市区县镇州盟旗])?")
# A项目、B项目等N个项目集中开工: projects that start, sign or go into production
STARTED = re.compile(r"(?:等[0-9零〇一二两三四五六七八九十百]+个(?:重点|重大)?项目)?(?:集中|同时|顺利|正式|相继|陆续|成功|现场)?"
                     r"(开工建设|开工|签约落地|签约|竣工投产|投产|竣工|落地)")
# a clause that goes on to build what the clause before set in a place (…在C投资N亿元，建设Y)
BUILD_ON = re.compile(r"(?:并|将|拟|计划|主要|重点)?(?:投资建设|开工建设|建设|新建|兴建|实施)")
# D依托P: the words between a district and the park it relies on
RELIES = re.compile(r"(?:近年来|今年|将|还|则|也|要|充分|积极|主动)*依托")
# 共同发展Y, 携手打造Y: every partner named before develops Y
TOGETHER = re.compile(r"(?:共同|携手|联合|一道|一起)$")
# organisations the article names only as partners or as a yardstick, not as local entities
FOREIGN_ORG = re.compile(r"(与|同|向|赴|和)$")
NATIONAL = re.compile(r"^(中国|中央|国家|全国|联合国|中科院|中国科学院|国际)|(集团|大学|研究院|研究所|科学院|组织|协会)$")
# 该项目/园区 位于 C, at the start of a clause
ANAPHOR_INTO = re.compile(r"(?:^|[，,])(?:该|本|此)?(项目|园区|基地|工厂)(?:选址|将|拟|)" + INTO.pattern)
IN_AT = re.compile(r"(在|于)$")
BUILT_IN = re.compile(r"(?:将|已|正式|计划|拟|)(?:在|于|落户在|落户于|选址在|选址于)")
HEADING_END = re.compile(r"\s*[。：:；]?\s*")


SEGMENT_BREAK = re.compile(r"[；;]")
# X产业链主要集中在C / 重点布局在C / 以C为核心承载区: where the text sets a cluster, C develops it
SITED_IN = re.compile(r"(?:产业链|产业集群|产业)?(?:主要|重点|大多|均)?(?:集中|布局|分布|集聚)(?:在|于)")
SITED_BY = re.compile(r"(?:产业链|产业集群|产业)?以")


def _segments(doc: Document, spans: list[Span]) -> list[tuple[int, int, list[Span]]]:
    """A sentence cut at ； into segments (each has its own subject), with the spans inside each."""
    out = []
    if not spans:
        return out
    sent = doc.sentences[spans[0].sentence]
    pos = sent.start
    for m in SEGMENT_BREAK.finditer(sent.text):
        end = sent.start + m.start()
        out.append((pos, end, [s for s in spans if pos <= s.start < end]))
        pos = sent.start + m.end()
    out.append((pos, sent.end, [s for s in spans if pos <= s.start < sent.end]))
    return out


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
        # a county's own towns are parts of its story, not rivals
        if ranked and ranked[0][0] >= 2:
            lead = ranked[0][1]
            rivals = [n for n, c in ranked[1:] if not clauses.descends(c, lead)]
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


def relations(doc: Document, per_sentence: list[list[Span]], entities: dict[str, Entity],
              present: set[str], inner: list[Span] = ()) -> list[Relation]:
    g = gazetteer()
    out: list[Relation] = []
    located: set[str] = set()
    # the divisions written as names of their own (not only inside other names: 祥符 in 祥符荡X园 is no
    # mention of 祥符区): a name's leading short form is another place only where the article writes it
    written = {sp.code for spans in per_sentence for sp in spans if sp.code}

    def add(head: str, rel: str, tail: str, sp: Span, rule: str, conf: float, end: int | None = None) -> None:
        if head == tail or head not in entities or tail not in entities:
            return
        out.append(Relation(head, rel, tail, doc.id, sp.sentence, sp.start, end or sp.end, rule, conf))
        if rel == LOCATED_IN and rule != "name:park":
            located.add(head)  # (a park named after a park is also placed where the article places things)

    first_span: dict[str, Span] = {}
    for spans in per_sentence + [list(inner)]:
        for sp in spans:
            first_span.setdefault(sp.key, sp)

    # 1. the division hierarchy (nearest ancestor that is in the graph)
    for key, ent in entities.items():
        if not key.startswith("district:"):
            continue
        for anc in g.ancestors(key.split(":", 1)[1]):
            akey = f"district:{anc.code}"
            if akey in entities:
                sp = first_span.get(key) or first_span.get(akey)
                if sp:
                    add(key, LOCATED_IN, akey, sp, "gazetteer:parent", 1.0)
                break

    for spans in per_sentence:
        for sp in spans:
            town = sp.town
            if town and f"district:{town}" in entities:
                add(sp.key, LOCATED_IN, f"district:{town}", sp, "gazetteer:village", 0.9)

    # 呈贡区吴家营街道X产业园: the divisions written right before the name place it
    for spans in per_sentence:
        for a, b in zip(spans, spans[1:]):
            if b.chained and a.code and a.end == b.start and not set(b.types) & {DISTRICT, CLUSTER}:
                add(b.key, LOCATED_IN, a.key, b, "name:division-chain", 0.8)

    subject = subject_district(doc, per_sentence)
    skey = f"district:{subject}" if subject else None
    pkey = subject_park(doc, per_sentence, entities, subject)

    def whole_of(level: str) -> str | None:
        """全市/全省 …: the article's district, or its ancestor in the graph, whose name ends with ``level``."""
        return next((k for k in [skey] + [f"district:{a.code}" for a in g.ancestors(subject)]
                     if k in entities and entities[k].label.endswith(level)), None)

    def is_type(sp: Span, *types: str) -> bool:
        for t in types:  # (a loop: any() over a generator costs twice as much, and this runs for every span)
            if t in sp.types:
                return True
        return False

    topic: Span | None = None   # the project, park or district a numbered item opens with (1．X项目。该项目位于…)
    topical: list[tuple[Span, Span]] = []   # (park or project, the district whose item names it)
    theme: Span | None = None   # the industry a paragraph's heading sentence names (X产业链加速延伸。)
    first_of = {}               # paragraph -> its first sentence
    for sent in doc.sentences:
        first_of.setdefault(sent.paragraph, sent.index)
    paragraph = -1
    for spans in per_sentence:
        if spans:
            sent = doc.sentences[spans[0].sentence]
            if sent.paragraph != paragraph:
                topic, theme, paragraph = None, None, sent.paragraph
            heading = _heading_name(sent.text, sent.start, spans)
            if heading is not None:
                topic = heading
                continue
            if sent.index == first_of[sent.paragraph] and _heading_industry(sent.text, sent.start, spans):
                theme = spans[0]
            elif theme is not None and not any(CLUSTER in x.types for x in spans):
                # the projects of a paragraph headed by an industry serve it (unless their sentence
                # names an industry of its own: 加快X项目建设，壮大集成电路产业)
                for x in spans:
                    if PROJECT in x.types and not set(x.types) & {PARK, ORG, CLUSTER, DISTRICT}:
                        add(x.key, DEVELOPS, theme.key, x, "structure:paragraph-industry", 0.6)
        if spans and doc.sentences[spans[0].sentence].text.startswith(("|", "｜")):
            # a table row: the park of the row develops the industries of its industries' column
            park = next((sp for sp in spans if PARK in sp.types and CLUSTER not in sp.types and not sp.code), None)
            for cl in spans:
                if park is not None and cl.rule == "cluster:table":
                    add(park.key, DEVELOPS, cl.key, cl, "table:row", 0.8)
        if topic is not None and topic.code:
            # （二）西青区。…加快X建设: what the district's item names is in it, unless a rule places it
            topical += [(x, topic) for x in spans if set(x.types) & {PARK, PROJECT}
                        and not set(x.types) & {CLUSTER, DISTRICT}]
        for seg_start, seg_end, seg in _segments(doc, spans):
            seg_text = doc.text[seg_start:seg_end]
            # 2a'. 该项目/项目/园区 位于 C: the thing the anaphor stands for (this item's or this sentence's)
            for m in ANAPHOR_INTO.finditer(seg_text):
                pos = seg_start + m.start()
                right = [s for s in seg if s.start >= seg_start + m.end() and is_type(s, *CONTAINERS)]
                before = [s for s in seg if s.end <= pos and is_type(s, PARK, PROJECT) and not is_type(s, CLUSTER)]
                x = before[-1] if before else topic
                if x is not None and right and right[0].start - (seg_start + m.end()) <= 2:
                    add(x.key, LOCATED_IN, clauses.chain_end(right[0], seg).key, x, "trigger:anaphor", 0.8)
            # 2a. 在/于 C ...: what the same clause builds is in C
            for i, c in enumerate(seg):
                before = doc.text[max(seg_start, c.start - 2):c.start]
                if is_type(c, *CONTAINERS) and IN_AT.search(before):
                    c = clauses.chain_end(c, seg)  # 在江苏省无锡市X: the last of the chain
                    # X公司在C投资N亿元，建设Y项目: a clause that goes on to build is the same act
                    reach = clauses.clause_end(doc.text, c.end)
                    nxt = BUILD_ON.match(doc.text, reach + 1) if reach < len(doc.text) and doc.text[reach] in "，," else None
                    if nxt:
                        reach = clauses.clause_end(doc.text, nxt.end())
                    for x in seg[i + 1:]:
                        if x.start < c.end:
                            continue
                        if x.start >= reach:
                            break
                        if JOINED.fullmatch(doc.text[c.end:x.start]) and is_type(x, *CONTAINERS):
                            c = x  # 在A、B，…: both are containers, not one inside the other
                            continue
                        if clauses.owned_project(x, seg) is not x:
                            continue  # 在C，X公司年产N吨Y项目投产: the project is in C, the company anywhere
                        if is_type(x, PARK, PROJECT, ORG) and not is_type(x, CLUSTER):
                            add(x.key, LOCATED_IN, c.key, x, "trigger:在…建设", 0.8)
            # 2b. X 位于/落户/入驻 C
            for m in INTO.finditer(seg_text):
                pos = seg_start + m.start()
                left = [s for s in seg if s.end <= pos and not is_type(s, CLUSTER)]
                right = [s for s in seg if s.start >= seg_start + m.end() and is_type(s, *CONTAINERS)]
                if left and right and right[0].start - (seg_start + m.end()) <= 2:
                    where = clauses.chain_end(right[0], seg)
                    block = clauses.enumerated_block(left, doc.text)
                    if COMMA.search(doc.text[left[-1].end:pos]):
                        # X是Y的子公司，2021年落户C: the one that settles is the sentence's subject
                        # (X公司Y项目：总投资N亿元，位于C: the project the company phrase names)
                        first = clauses.subject(seg, seg_start, doc.text)
                        first = clauses.owned_project(first, seg) if first is not None else None
                        block = [first] if first is not None and not is_type(first, CLUSTER, DISTRICT) else []
                    wheres = [where]
                    for nxt in right[1:]:
                        # X地处A和B: it spans both (the same kind of container, joined by 和/、)
                        if nxt.end <= wheres[-1].end:
                            continue  # (a division of the chain 昆明市官渡区)
                        if not JOINED.fullmatch(doc.text[wheres[-1].end:nxt.start]) \
                                or set(nxt.types) != set(where.types) or (nxt.code and where.code and
                                                                        g.get(nxt.code).level != g.get(where.code).level):
                            break
                        wheres.append(clauses.chain_end(nxt, seg))
                    for x in block:
                        for w in wheres:
                            add(x.key, LOCATED_IN, w.key, x, f"trigger:{m.group(1)}", 0.9)
                # 位于C的X: the thing after 的 (X公司年产N吨Y项目: the project, not its company)
                if right and right[0].start - (seg_start + m.end()) <= 2 and m.group(1) in ("位于", "地处", "坐落于"):
                    where = clauses.chain_end(right[0], seg)
                    after = [s for s in seg if s.start == where.end + 1] if doc.text[where.end:where.end + 1] == "的" else []
                    x = clauses.owned_project(after[0], seg) if after else None
                    if x is not None and is_type(x, PARK, PROJECT, ORG) and not is_type(x, CLUSTER, DISTRICT):
                        add(x.key, LOCATED_IN, where.key, x, f"trigger:{m.group(1)}…的", 0.85)
            # 2b''. C内的X; X是C(重点打造)的…: X lies in C
            for i, c in enumerate(seg):
                if not is_type(c, *CONTAINERS) or is_type(c, CLUSTER):
                    continue
                nxt = next((x for x in seg[i + 1:] if x.start >= c.end), None)
                if nxt is not None and INSIDE_OF.fullmatch(doc.text, c.end, nxt.start) \
                        and is_type(nxt, PARK, PROJECT, ORG) and not is_type(nxt, CLUSTER, DISTRICT):
                    add(clauses.owned_project(nxt, seg).key, LOCATED_IN, clauses.chain_end(c, seg).key, nxt,
                        "trigger:内的", 0.85)
                prev = seg[i - 1] if i > 0 else None
                where = clauses.chain_end(c, seg)
                if prev is not None and doc.text[prev.end:c.start] == "是" and OWN_THING.match(doc.text, where.end) \
                        and is_type(prev, PARK, PROJECT, ORG) and not is_type(prev, CLUSTER, DISTRICT):
                    add(prev.key, LOCATED_IN, where.key, prev, "trigger:是…的", 0.8)
            # 2b'. X 在/于 C 建设/开工…: a project or park built in C (the thing is the subject)
            for i, x in enumerate(seg[:-1]):
                if not is_type(x, PARK, PROJECT) or is_type(x, CLUSTER, DISTRICT):
                    continue
                c = seg[i + 1]
                gap = doc.text[x.end:c.start]
                if is_type(c, *CONTAINERS) and BUILT_IN.fullmatch(gap):
                    where = clauses.chain_end(c, seg)
                    add(x.key, LOCATED_IN, where.key, x, "trigger:X在…建设", 0.85)
            # 2c0. C新上/落地X written back to back (支持C新上X等项目): C hosts X, wherever C stands
            for m in HOSTS.finditer(seg_text):
                pos = seg_start + m.start()
                host = next((c for c in seg if c.end == pos and is_type(c, PARK)), None)
                if host is None:
                    continue
                stop = seg_start + clauses.clause_end(seg_text, m.end())
                for x in seg:
                    if seg_start + m.end() <= x.start < stop and is_type(x, PARK, PROJECT, ORG) and x is not host \
                            and not (is_type(x, CLUSTER) and not is_type(x, PROJECT)):
                        add(x.key, LOCATED_IN, host.key, x, f"trigger:{m.group(1)}", 0.85)
            # 2c. C 落地/新上/引进 X: the segment's subject hosts what follows the trigger
            subj = clauses.subject(seg, seg_start, doc.text)
            m = PIVOT.match(doc.text, seg_start) if subj is None and seg else None
            chain = clauses.chain_end(seg[0], seg) if m and seg[0].start == m.end() else None
            nxt = next((s for s in seg if chain is not None and s.start >= chain.end), None)
            if chain is not None and is_type(chain, DISTRICT) and chain.code \
                    and not (nxt is not None and JOINED.fullmatch(doc.text, chain.end, nxt.start)):
                # 支持鸣沙镇建设X: the district supported builds X (支持A、B打造…: which one builds, no one knows)
                subj = chain
            if subj is not None and is_type(subj, PARK):
                for m in HOSTS.finditer(seg_text):
                    pos = seg_start + m.start()
                    if pos < subj.end:
                        continue
                    for x in seg:
                        if x.start >= seg_start + m.end() and is_type(x, PARK, PROJECT, ORG) and x is not subj \
                                and not (is_type(x, CLUSTER) and not is_type(x, PROJECT)):
                            add(x.key, LOCATED_IN, subj.key, x, f"trigger:{m.group(1)}", 0.8)
                    break
                # X开发区加快建设Y科学城; X高新区以…为特色，建成Y产业园: what a park builds lies in it (the
                # verb of its own clause, or of a clause after it that names no subject of its own)
                stop = 0
                for m in BUILDS.finditer(seg_text, subj.end - seg_start):
                    if seg_start + m.start() < stop:
                        continue  # (one verb per clause)
                    cut = max(seg_text.rfind("，", 0, m.start()), seg_text.rfind(",", 0, m.start()))
                    if cut >= subj.end - seg_start and (
                            clauses.clause_subject(seg, seg_start, doc.text, seg_start + m.start()) is not None
                            or not NO_SUBJECT.fullmatch(seg_text, cut + 1, m.start())):
                        break  # another subject, or a clause that is not simply the next step
                    stop = seg_start + clauses.clause_end(seg_text, m.end())
                    for x in seg:
                        if seg_start + m.end() <= x.start < stop and is_type(x, PARK, PROJECT) \
                                and not is_type(x, CLUSTER, DISTRICT) and not LINEAR.search(x.name):
                            add(x.key, LOCATED_IN, subj.key, x, f"subject:{m.group(0)}", 0.75)
            # 2c'. a district as the segment's subject: 北仑区引进X / 双流区将推进X建设
            elif subj is not None and is_type(subj, DISTRICT) and subj.code:
                m = clauses.clause_verb(CLAUSE_VERB, seg_text, subj.end - seg_start)
                if m is None:
                    # 北仑区今年以来，引进X: a hosting verb of a later clause that names no subject of its own
                    m = HOSTS.search(seg_text, subj.end - seg_start)
                    if m and clauses.clause_subject(seg, seg_start, doc.text, seg_start + m.start()) is not None:
                        m = None
                verbs = [m] if m else []
                if m:
                    # 双流区将加快建设A，推进B、C等项目: the clauses after it that name no subject of their own
                    verbs += _next_clause_verbs(seg, seg_start, doc.text, seg_text, clauses.clause_end(seg_text, m.end()))
                for m in verbs:
                    stop = seg_start + clauses.clause_end(seg_text, m.end())  # in the clause of the verb
                    for x in seg:
                        if not seg_start + m.end() <= x.start < stop or is_type(x, CLUSTER, DISTRICT) \
                                or x.key in located:
                            continue
                        if not is_type(x, PARK, PROJECT) and not (is_type(x, ORG) and HOSTS.fullmatch(m.group(0))):
                            continue
                        code = clauses.district_in_name(x.name, written)
                        own = {subj.code, *(d.code for d in g.ancestors(subj.code))}
                        if LINEAR.search(x.name) or (code and code not in own and not clauses.descends(code, subj.code)):
                            continue  # a railway, or a name of another place
                        if is_type(x, ORG) and clauses.partner_context(doc, x):
                            continue
                        add(x.key, LOCATED_IN, subj.key, x, f"subject:{m.group(0)}", 0.7)
            # 2c''. D依托P / D以P为主平台: the park a district (or a park) relies on lies in it
            for i, d in enumerate(seg[:-1]):
                p = seg[i + 1]
                if not ((is_type(d, DISTRICT) and d.code) or (is_type(d, PARK) and not is_type(d, CLUSTER))) \
                        or not is_type(p, PARK) or is_type(p, CLUSTER, DISTRICT) or p.key in located:
                    continue  # (a park may rely on one of its own areas: X保税区依托Y产业区)
                gap = doc.text[d.end:p.start]
                if not (RELIES.fullmatch(gap) or (gap.endswith("以") and RELIES.fullmatch(gap[:-1] + "依托")
                                                  and PLATFORM.match(doc.text, p.end))):
                    continue
                code = clauses.district_in_name(p.name, written)
                if code and d.code and code != d.code and not clauses.descends(code, d.code) and not clauses.descends(d.code, code):
                    continue  # 依托上海X园: a park of another place (嘉兴X城 may lie in 嘉兴's 南湖区)
                add(p.key, LOCATED_IN, d.key, p, "trigger:依托", 0.75)
            # 2c+. D重点发展…，P今年已有…: a park opening a later clause of a district's segment lies in it
            if subj is not None and is_type(subj, DISTRICT) and subj.code:
                for x in seg:
                    if x.start <= subj.end or not is_type(x, PARK) or is_type(x, CLUSTER, DISTRICT) \
                            or x.key in located or doc.text[x.start - 1] not in "，,":
                        continue
                    if any(x.name.startswith(e.label) and e.label != x.name for e in entities.values()
                           if PARK in e.types and not e.key.startswith("district:")):
                        continue  # X开发区Y产业园: named after the park it lies in (rule 4)
                    code = clauses.district_in_name(x.name, written)
                    if code and code != subj.code and not clauses.descends(code, subj.code):
                        continue  # a park of another place, or named after a wider one (anywhere in it)
                    add(x.key, LOCATED_IN, subj.key, x, "structure:clause-park", 0.65)
            # 2c++. X公司与C签约(，投资)建设Y项目: the project is C's
            for i, o in enumerate(seg[:-1]):
                c = seg[i + 1]
                if not is_type(o, ORG) or not is_type(c, PARK, DISTRICT) or is_type(c, CLUSTER) \
                        or not PARTNER_BEFORE.fullmatch(doc.text, o.end, c.start):
                    continue
                m = SIGNED_TO_BUILD.match(doc.text, c.end)
                if not m:
                    continue
                where = c if not is_type(c, DISTRICT) else clauses.chain_end(c, seg)
                for x in seg[i + 2:]:
                    if x.start < m.end():
                        continue
                    if x.start > m.end() + 1 and not is_type(x, PROJECT):
                        break
                    if is_type(x, PROJECT) and not is_type(x, CLUSTER):
                        add(clauses.owned_project(x, seg).key, LOCATED_IN, where.key, x, "trigger:签约建设", 0.8)
                    break
            # 2c*. D/P举行…仪式，A项目、B项目等N个项目集中开工: the projects of a later clause that start
            # (sign, go into production) are the segment's subject's
            if subj is not None and (is_type(subj, PARK) or (is_type(subj, DISTRICT) and subj.code)) \
                    and not is_type(subj, CLUSTER):
                for m in STARTED.finditer(seg_text, subj.end - seg_start):
                    cut = max(seg_text.rfind("，", 0, m.start()), seg_text.rfind(",", 0, m.start()))
                    if cut < subj.end - seg_start:
                        continue  # (the subject's own clause: the rules above read it)
                    first = clauses.clause_subject(seg, seg_start, doc.text, seg_start + m.start())
                    if first is None or not is_type(first, PROJECT) or is_type(first, CLUSTER):
                        continue
                    for x in seg:
                        if seg_start + cut < x.start < seg_start + m.start() and is_type(x, PROJECT) \
                                and not is_type(x, CLUSTER) and x.key not in located:
                            code = clauses.district_in_name(x.name, written)
                            if subj.code and code and code != subj.code and not clauses.descends(code, subj.code):
                                continue
                            add(x.key, LOCATED_IN, subj.key, x, f"subject:{m.group(1)}", 0.7)
            # 2d. 整合A、B、C等板块，建设X
            m = MERGE_INTO.search(seg_text)
            if m:
                parts = [s for s in seg if seg_start + m.start(1) <= s.start < seg_start + m.end(1)]
                target = [s for s in seg if s.start >= seg_start + m.end() and is_type(s, PARK, PROJECT)]
                if parts and target:
                    for x in parts:
                        add(x.key, LOCATED_IN, target[0].key, x, "trigger:整合…建设", 0.8)
            # 3. clusters cultivated by the segment's subject (or the article's district)
            for m in CULTIVATE.finditer(seg_text):
                pos = seg_start + m.end()
                stop = seg_start + clauses.clause_end(seg_text, m.end())
                clusters = [s for s in seg if pos <= s.start < stop and is_type(s, CLUSTER)]
                if not clusters:
                    continue
                # the subject of the verb's own clause (依托X，武汉大力发展Y), else the segment's
                own_subj = clauses.clause_subject(seg, seg_start, doc.text, seg_start + m.start(), pivot=True)
                if own_subj is None or not is_type(own_subj, DISTRICT, PARK, PROJECT):
                    own_subj = clauses.previous_subject(seg, seg_start, doc.text, seg_start + m.start())
                built = _built_before(seg, seg_start, doc.text, seg_start + m.start())
                relied = _relied_park(seg, seg_start, doc.text, seg_start + m.start())
                if built is not None and relied is None:
                    # 共建X产业园，重点发展Y: the park just built develops Y (but 以P为主平台，加快X建设，
                    # 做大Y: the platform and the subject do)
                    own_subj = built
                head = own_subj if own_subj is not None and is_type(own_subj, DISTRICT, PARK, PROJECT) else \
                    subj if subj is not None and subj.start < pos and is_type(subj, DISTRICT, PARK, PROJECT) else None
                if head is None and topic is not None and not subj:
                    head = topic  # 7．X产业园。…重点发展Y: the item's park
                heads = clauses.enumerated_after(head, seg, doc.text, seg_start + m.start()) if head is not None else []
                if heads and TOGETHER.search(doc.text, max(0, seg_start + m.start() - 2), seg_start + m.start()):
                    heads += clauses.partners(heads[-1], seg, doc.text, seg_start + m.start())
                # 依托X(园区)，发展Y: the park relied on serves Y too (and the parks joined to it: 依托A和B)
                if relied is not None and relied not in heads \
                        and (heads or skey or pkey or doc.text[relied.start - 1] == "以"):
                    heads = heads + [p for p in clauses.enumerated_after(relied, seg, doc.text, seg_start + m.start())
                                     if p not in heads and PARK in p.types and CLUSTER not in p.types]
                for cl in clusters:
                    for h in heads:
                        add(h.key, DEVELOPS, cl.key, cl, f"trigger:{m.group(1)}", 0.85)
                    fkey = pkey or skey
                    whole = WHOLE_OF.search(doc.text, max(seg_start, doc.text.rfind("，", seg_start, pos) + 1),
                                            seg_start + m.start())
                    if whole and skey:
                        # 全市将以A、B为重点 in a district's article: the city (the article's district or one
                        # of its ancestors whose name ends with 市)
                        fkey = whole_of(whole.group(1))
                    if (not heads or heads == [relied]) and fkey and not (subj is None and UNKNOWN_SUBJECT.match(seg_text)):
                        add(fkey, DEVELOPS, cl.key, cl, f"framing:{m.group(1)}", 0.7)
            # 3b. X产业链主要集中在C, X产业链以C为核心承载区: C develops X (and the clusters joined to it)
            for i, c in enumerate(seg):
                if i == 0 or not is_type(c, *CONTAINERS) or (is_type(c, CLUSTER) and not c.code):
                    continue
                gap = doc.text[seg[i - 1].end:c.start]
                end = clauses.chain_end(c, seg)
                if not is_type(seg[i - 1], CLUSTER) or is_type(seg[i - 1], DISTRICT) or not (
                        SITED_IN.fullmatch(gap) or (SITED_BY.fullmatch(gap) and PLATFORM.match(doc.text, end.end))):
                    continue
                for cl in clauses.enumerated_block(seg[:i], doc.text):
                    if is_type(cl, CLUSTER):
                        add(end.key, DEVELOPS, cl.key, cl, "trigger:集中在", 0.8)
            # 3c. X产业规模/产值… opening a clause of a district's segment (全市X产业产值突破N亿元, D的X产业规模):
            # the district develops X
            for cl in seg:
                if not is_type(cl, CLUSTER) or not SCALE.match(doc.text, cl.end):
                    continue
                cut = max(doc.text.rfind("，", seg_start, cl.start), doc.text.rfind(",", seg_start, cl.start))
                lead = doc.text[max(cut + 1, seg_start):cl.start]
                owner = next((d for d in seg if d.end == cl.start - 1 and lead.endswith("的")
                              and is_type(d, DISTRICT) and d.code), None)
                if owner is None and WHOLE.fullmatch(lead) and subj is not None and subj.start < cl.start \
                        and is_type(subj, DISTRICT) and subj.code:
                    owner = subj
                if owner is None and WHOLE.fullmatch(lead) and "全" in lead and skey \
                        and entities[skey].label.endswith(lead[lead.index("全") + 1]):   # 全市: a 市
                    owner = next((d for d in seg if d.key == skey), None) or cl
                    if owner is cl:
                        add(skey, DEVELOPS, cl.key, cl, "framing:全…规模", 0.7)
                        continue
                if owner is not None:
                    add(owner.key, DEVELOPS, cl.key, cl, "structure:规模", 0.7)
            # a cluster named in a segment whose subject is a park (…片区落地…，康养产业初具规模)
            if subj is not None and is_type(subj, PARK) and not is_type(subj, CLUSTER):
                for cl in seg:
                    if is_type(cl, CLUSTER) and cl.start > subj.end:
                        own = clauses.clause_subject(seg, seg_start, doc.text, cl.start)
                        if own is not None and own is not cl and own.start > subj.end and not is_type(own, CLUSTER):
                            break  # …，Y园区发展Z: from here on the clauses have a subject of their own
                        add(subj.key, DEVELOPS, cl.key, cl, "structure:subject-park", 0.6)

    for x, where in topical:
        if x.key not in located:
            code = clauses.district_in_name(x.name, written)
            if not code or code == where.code or clauses.descends(code, where.code) or clauses.descends(where.code, code):
                add(x.key, LOCATED_IN, where.key, x, "structure:item-district", 0.65)

    # 4. names: a park named after an industry develops it; a park named after a place is in it
    clusters = {e.key: e for e in entities.values() if CLUSTER in e.types}
    parks = sorted(((f, k) for k, e in entities.items() if PARK in e.types and not k.startswith("district:")
                    for f in (e.label, *e.aliases) if len(f) >= 3), key=lambda fk: -len(fk[0]))
    for key, ent in entities.items():
        if key in located or key in clusters:
            continue
        sp = first_span.get(key)
        if sp is None:
            continue
        if set(ent.types) & {PARK, PROJECT}:
            # 郑州经开区汽车产业园, 仲恺高新区东江科技园: a park named after the park it lies in
            outer = next((k for f, k in parks if k != key and ent.label.startswith(f)
                          and len(ent.label) - len(f) >= 3 and lx.suffix_of(ent.label) != lx.suffix_of(f)), None)
            if outer:
                add(key, LOCATED_IN, outer, sp, "name:park", 0.7)
        elif ORG in ent.types and GOVERNING_BODY.search(ent.label):
            # X经济技术开发区管理委员会: the body that runs a park sits in it
            body = GOVERNING_BODY.search(ent.label)
            zone = next((k for f, k in parks if f == ent.label[:body.start()]), None)
            if zone:
                add(key, LOCATED_IN, zone, sp, "name:governing-body", 0.8)
        elif ORG in ent.types and re.search(r"(?:有限公司|有限责任公司|分公司)$", ent.label):
            # 湖北X有限公司: a company registered under a place's name is there
            code = clauses.district_in_name(ent.label, present)
            if code and f"district:{code}" in entities:
                add(key, LOCATED_IN, f"district:{code}", sp, "name:company", 0.65)
    for key, ent in entities.items():
        if key in clusters or not (set(ent.types) & {PARK, PROJECT}):
            continue
        sp = first_span.get(key)
        if sp is None:
            continue
        # the longest name of each cluster found in the label (ties in code-point order, not a set's)
        named = {ckey: max((n for n in {cl.label, *cl.aliases} if len(n) >= 2 and n in ent.label and ent.label != n),
                           key=lambda n: (len(n), n), default=None) for ckey, cl in clusters.items()}
        named = {k: n for k, n in named.items() if n}
        for ckey, n in named.items():
            if any(n != o and n in o for o in named.values()):
                continue  # 化工新材料项目 serves 化工新材料, not the broader 新材料
            add(key, DEVELOPS, ckey, sp, "name:industry", 0.75)
        if key not in located:
            code = clauses.district_in_name(ent.label, present)
            # a park named after the article's city (宁波X园 in an article about one of its districts)
            # is placed by the framing below, which is more specific
            if code and f"district:{code}" in entities and not (subject and (code == subject or clauses.descends(subject, code))):
                add(key, LOCATED_IN, f"district:{code}", sp, "name:district", 0.7)

    # 5a. framing by a park: the park's own news places what it builds, signs and hosts in it
    if pkey:
        for key, ent in entities.items():
            if key in located or key == pkey or key.startswith("district:") or DISTRICT in ent.types:
                continue
            sp = first_span.get(key)
            if sp is None or ent.types == (CLUSTER,) or LINEAR.search(ent.label):
                continue
            if clauses.district_in_name(ent.label, present) or clauses.partner_context(doc, sp):
                continue  # named after a place (its own), or a partner
            if PARK in ent.types and ent.label[:2] == entities[pkey].label[:2]:
                continue  # 仲恺高新技术产业开发区 beside 仲恺高新区: the park itself, written in full
            if ORG in ent.types and not (set(ent.types) & {PARK, PROJECT}):
                continue  # a company signing with the park may sit anywhere
            add(key, LOCATED_IN, pkey, sp, "framing:subject-park", 0.6)
    # 5. framing: what the article's district builds, without a stated place, is in that district
    if skey and skey in entities:
        sdiv = g.get(subject)
        own = {subject, *(d.code for d in g.ancestors(subject))}
        for key, ent in entities.items():
            if key in located or key == skey:
                continue
            sp = first_span.get(key)
            if sp is None:
                continue
            if key.startswith("district:"):
                continue
            if ent.types == (DISTRICT,) or DISTRICT in ent.types:
                # a village the table knows, in an article about its county
                if ("adminLevel", "village") in ent.attrs and sdiv.level == "county":
                    add(key, LOCATED_IN, skey, sp, "framing:village", 0.6)
                continue
            if ent.types == (CLUSTER,):
                continue
            if LINEAR.search(ent.label):
                continue  # railways and motorways cross many districts
            code = clauses.district_in_name(ent.label, present)
            if code and code not in own and not clauses.descends(code, subject):
                continue  # named after another place
            if ORG in ent.types and not (set(ent.types) & {PARK, PROJECT}):
                # 宁波X研究院 is the city's own, in the article's district; 广东X大学 serves a province
                if NATIONAL.search(ent.label) and not (code and code in own and g.get(code).level != "province"):
                    continue
                if clauses.partner_context(doc, sp):
                    continue
            where = skey
            sent = doc.sentences[sp.sentence]
            whole = WHOLE_OF.search(doc.text, max(sent.start, doc.text.rfind("，", sent.start, sp.start) + 1), sp.start)
            if whole:
                # 全省加快建设X in a report that also names its cities: the division of that level
                where = whole_of(whole.group(1)) or skey
            add(key, LOCATED_IN, where, sp, "framing:subject-district", 0.6)
    return out


def _heading_name(text: str, start: int, spans: list[Span]) -> Span | None:
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


def _heading_industry(text: str, start: int, spans: list[Span]) -> bool:
    """A short sentence that opens a paragraph by naming one industry and nothing else
    (光伏材料产业链加速延伸。, （一）做强生物医药产业。): the paragraph's theme."""
    lead = ITEM_NUMBER.match(text).end()
    return (len(spans) == 1 and CLUSTER in spans[0].types and not set(spans[0].types) & {DISTRICT, PARK}
            and lx.han_count(text) <= 16 and spans[0].start - start - lead <= 4
            and not HEADING_GAP_BREAK.search(text, lead, spans[0].start - start)
            and text.rstrip().endswith(("。", "！", "：", ":")))


HEADING_GAP_BREAK = re.compile(r"[，,、；;：:]")
ADVERB_LEAD = re.compile(r"(?:重点|主要|着力|积极|大力|加快|全力|聚力|将|还将|同时|并|)$")


def _built_before(seg: list[Span], seg_start: int, text: str, pos: int) -> Span | None:
    """共建X产业园，重点发展Y / 加快X小镇建设，发展Y: the park or project that the clause before a
    subjectless cultivation verb builds."""
    cut = max(text.rfind("，", seg_start, pos), text.rfind(",", seg_start, pos))
    if cut < 0 or not ADVERB_LEAD.search(text[cut + 1:pos]) or ADVERB_LEAD.search(text[cut + 1:pos]).start() != 0:
        return None
    prev_cut = max(text.rfind("，", seg_start, cut), text.rfind(",", seg_start, cut))
    start = prev_cut + 1 if prev_cut >= 0 else seg_start
    inside = [s for s in seg if start <= s.start and s.end <= cut]
    if not inside:
        return None
    last = inside[-1]
    if not (set(last.types) & {PARK, PROJECT}) or CLUSTER in last.types or DISTRICT in last.types:
        return None
    if any(not re.search(r"[在于]$", text[max(start, sp.start - 1):sp.start]) for sp in inside[:-1]):
        return None  # 郑州经开区将建设X，培育Y: the clause's own subject develops Y
    before, after = text[start:last.start], text[last.end:cut]
    if (BUILDS.search(before) or "共建" in before) and not re.search(r"[在于]$", before) and re.fullmatch(r"(?:建设|项目建设|的建设|)", after):
        return last
    if re.fullmatch(r"(?:加快|推进|推动|启动|)", before.strip()) and re.fullmatch(r"(?:建设|开发)", after) \
            and PARK in last.types:
        return last  # 加快X小镇建设，发展Y (a project built so is no developer of an industry)
    return None


def _relied_park(seg: list[Span], seg_start: int, text: str, pos: int) -> Span | None:
    """依托X(园区/基地), 发展Y / 以X为主平台，围绕Y: the park relied on, in the verb's clause or the one before;
    or opening the segment (以X为主平台，加快Z建设，做大Y)."""
    cut = max(text.rfind("，", seg_start, pos), text.rfind(",", seg_start, pos))
    prev = max(text.rfind("，", seg_start, cut), text.rfind(",", seg_start, cut)) if cut >= 0 else -1
    start = prev + 1 if prev >= 0 else seg_start
    if seg and start > seg_start and RELIED_LEAD.match(text, seg_start) and seg[0].start <= seg_start + 2:
        start = seg_start
    for sp in seg:
        if start <= sp.start < pos and PARK in sp.types and CLUSTER not in sp.types and not sp.code and \
                (text[max(seg_start, sp.start - 2):sp.start] == "依托"
                 or (text[sp.start - 1:sp.start] == "以" and PLATFORM.match(text, sp.end))
                 or (text[max(seg_start, sp.start - 2):sp.start] == "发挥"
                     and ROLE_OF.match(text, clauses.enumerated_after(sp, seg, text, pos)[-1].end))):
            return sp
    return None




def _next_clause_verbs(seg: list[Span], seg_start: int, text: str, seg_text: str, rel: int) -> list[re.Match]:
    """The building or hosting verb opening each clause after ``rel`` (an offset into ``seg_text``) that
    goes on with the last subject (推进X, 还将引进Y: no name of its own before the verb), as matches
    in ``seg_text``; the first other clause ends them."""
    out = []
    while seg_text[rel:rel + 1] in ("，", ","):
        lead = NO_SUBJECT.match(seg_text, rel + 1).end()
        m = CLAUSE_VERB.match(seg_text, lead)
        if not m or clauses.clause_subject(seg, seg_start, text, seg_start + m.start()) is not None:
            break
        out.append(m)
        rel = clauses.clause_end(seg_text, m.end())
    return out

"""Industries: X产业(集群) grown leftwards, industries listed before it, known terms after cultivation
verbs, a verb's whole object, listed industries (主导产业为…) and a table's industries column
(rules ``cluster:<how>``).
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ...records import CLUSTER, PARK
from .. import lexicon as lx
from ..span import Span
from .common import (LEVEL_LEAD, NOT_INDUSTRY_LEAD, bad_lead, balanced, clauses, in_book_title, leading_division,
                     left_edge, noun_joint, only_a_place, plain_noun, trim, verb_stop)

if TYPE_CHECKING:
    from ...records import Sentence
    from . import Reading


# ---------------------------------------------------------------- clusters

@functools.lru_cache(maxsize=65536)
def _adverb_led(token: str) -> bool:
    """A rare token that is an adverb + a verb glued by the dictionary (努力实现, 全力推进); cached per token."""
    return len(token) >= 4 and not lx.tag(token) and any(
        token.startswith(a) and len(a) >= 2 and (token[len(a):] in lx.words("governing_verbs") or lx.tag(token[len(a):]) == "v")
        for a in lx.words("adverbs"))


EVENT_TAIL = re.compile(r"(?:协同发展|高质量发展|创新发展)?(?:大会|论坛|峰会|博览会|展览会|交易会|联盟|协会|商会)")


def _leading_park(core: str) -> int:
    """Length of a park's name (X高新区) that opens ``core``, or 0: X高新区Y产业 is Y of that park."""
    cut = 0
    for m in lx.suffix_regex().finditer(core):
        if PARK in lx.types_of(m.group(0)) and m.start() >= 2 and len(core) - m.end() >= 2:
            cut = m.end()
    return cut


CLUSTER_WORD = re.compile(r"(产业集群|产业链|产业|集群|制造业|服务业)")
# the rules of cluster_spans, compiled once
_STAGES = re.compile(r"(?:(?:研发|生产|应用|销售|设计|制造|运营)[、和及与]?){2,}全?$")
_OUR_LEVEL = re.compile(r"[省市区县](?=[\u4e00-\u9fff]{2})")
_STAGE_TAIL = re.compile(r"(研发|生产|应用)+$")
_INDUSTRY_TAIL = re.compile(r"产业$")
_COUNTED = re.compile(r"[0-9]|[一二三四五六七八九十两]+(?:个|大)")
_AND_SPLIT = re.compile(r"(、|和)")


@functools.cache
def _industry_cue() -> re.Pattern:
    """Any of the words the token rules of cluster_spans start from (a regex, searched in C)."""
    cues = {"产业", "集群"} | lx.words("cluster_terms") | GROW_VERBS
    return re.compile("|".join(sorted(cues, key=len, reverse=True)))


def cluster_spans(sent: Sentence, reading: Reading) -> list[Span]:
    """Industry names: X产业(集群) grown leftwards, and known industry terms after cultivation verbs."""
    sent_text, base, sentence = sent.text, sent.start, sent.index
    out: list[Span] = []
    terms = lx.words("cluster_terms")
    for c0, ctext in clauses(sent_text):
        # the token rules below need 产业 or 集群, a known term or a cultivation verb: a clause with none
        # of them is not tokenized
        toks = lx.tokens(ctext) if _industry_cue().search(ctext) else []
        # every head token below holds 产业 or 集群: a clause without them has none
        for k, (w, s, e) in enumerate(toks if "产业" in ctext or "集群" in ctext else ()):
            head = None
            if w in ("产业集群", "产业", "集群", "产业链"):
                head = w
            elif w.endswith("产业") and len(w) > 2 and w[:-2] in terms:
                head = "产业"
            elif w.endswith("产业") and len(w) > 2:
                if lx.is_generic(w[:-2]):
                    continue  # 主导产业, 支柱产业: a kind of industry, the word before it no part of a name
                head = "产业"  # 光电子信息产业: the dictionary glued the head to the last word
                w = "glued"
            if head is None:
                continue
            nxt = ctext[e:e + 1]
            if nxt and (nxt in "园区城基" or ctext[e:e + 2] in ("基地", "小镇", "合作", "体系", "结构", "格局", "政策", "基金", "图谱")):
                continue  # part of a park name; X产业合作 is a cooperation between partners
            if EVENT_TAIL.match(ctext, e):
                continue  # X产业协同发展大会, X产业联盟: an event's or a body's name
            start = left_edge(toks, k, 0) if w in ("产业集群", "产业", "集群", "产业链") else s
            chain = _STAGES.search(ctext[:s])
            if chain and w in ("产业集群", "产业", "产业链") and chain.start() > 0:
                # 机器人研发、生产、应用产业链: the industry is what comes before the stages
                before = lx.tokens(ctext[:chain.start()])
                start = left_edge(before, len(before) - 1, 0)
                text, core = ctext[start:e], ctext[start:chain.start()]
            elif w in ("产业集群", "产业", "集群", "产业链"):
                text = ctext[start:e]
                core = ctext[start:s]
            elif w == "glued":
                start = left_edge(toks, k, 0) if k > 0 and toks[k - 1][0] not in lx.PUNCT else s
                text, core = ctext[start:e], ctext[start:e - 2]
            else:
                text = ctext[s:e]
                core = w[:-2]
            a, b = trim(text)
            text = text[a:b]
            start += a
            core = core.strip("“”‘’\"' ")
            lead = leading_division(core) or _leading_park(core)
            if not lead and _OUR_LEVEL.match(core) and lx.tokens(core)[0][0] == core[0]:
                lead = 1  # 我区汽车产业: the rest of 我区 after the tokenizer split it
            if lead and len(core) - lead >= 2:
                # 宜宾市新能源产业: the place is the subject, the industry what follows it
                start, text, core = start + lead, text[lead:], core[lead:]
            elif only_a_place(core):
                continue  # 新疆八大产业集群, 宜宾产业: a place's industries, no industry's name
            lead = NOT_INDUSTRY_LEAD.match(core)
            if lead and text.startswith(core):
                # 全年石化新材料产业产值, 下游聚烯烃产业: the industry is what follows
                start, text, core = start + lead.end(), text[lead.end():], core[lead.end():]
            cut = core.rfind("与")
            if cut >= 2 and len(core) - cut > 2 and text.startswith(core) and plain_noun(core[:cut]):
                # 生物医药与医疗器械产业: two industries under one head (_conjoined_industries takes the first)
                start, text, core = start + cut + 1, text[cut + 1:], core[cut + 1:]
            core = _STAGE_TAIL.sub("", core)
            core = LEVEL_LEAD.sub("", core)  # 世界级智能家电 -> 智能家电
            if head in ("产业集群", "集群", "产业链"):
                core = _INDUSTRY_TAIL.sub("", core)
            ctoks = lx.tokens(core)
            if any((t in lx.words("governing_verbs") or t in lx.words("adverbs") or bad_lead(t) or verb_stop(t)
                    or (len(t) == 1 and lx.tag(t) in ("v", "d")) or _adverb_led(t))
                   and not (t == "及" and 0 < n < len(ctoks) - 1 and noun_joint(ctoks, n, 0))
                   and not (n > 0 and t in lx.words("weak_verbs") and t not in lx.words("adverbs"))  # 软件信息服务
                   for n, (t, _, _) in enumerate(ctoks)):
                continue  # 努力实现产业倍增, 抓龙头育集群: a verb phrase, not an industry
            if _park_heads().search(core) or core.endswith("型"):
                continue  # X经济开发区主导产业: the park's, not an industry's name
            if len(core) < 2 or lx.is_generic(core) or not balanced(core) or lx.NUM_RE.fullmatch(core):
                continue
            if _COUNTED.search(core):
                continue
            ctoks = lx.tokens(core)
            if len(ctoks) == 1 and lx.tag(core) in ("a", "ad", "an", "d"):
                continue  # 完整产业链, 强大产业: a quality, not an industry
            if in_book_title(ctext, start):
                continue  # 《X产业集群培育方案》: a document's title
            out.append(Span(base + c0 + start, base + c0 + start + len(text), text, (CLUSTER,),
                            "cluster:head", sentence, label=core))
            for i_start, item in _conjoined_industries(ctext, toks, start):
                out.append(Span(base + c0 + i_start, base + c0 + i_start + len(item), item, (CLUSTER,),
                                "cluster:conjoined", sentence, label=item))
        # known industry terms standing alone after a cultivation verb (大力发展跨境电商)
        for k, (w, s, e) in enumerate(toks if lx.any_word("cluster_terms").search(ctext) else ()):
            if w in terms and k > 0 and toks[k - 1][0] in lx.words("governing_verbs"):
                nxt = ctext[e:e + 1]
                if nxt in ("", "、", "等") or ctext[e:].startswith(("产业", "集群")):
                    out.append(Span(base + c0 + s, base + c0 + e, w, (CLUSTER,), "cluster:term",
                                    sentence, label=w))
        out += _headless_industries(ctext, toks, base + c0, sentence)
        for rx, split, rule in _LISTED_INDUSTRIES:
            # 主导产业为A、B和C; 把A和B作为主导产业; 构建以A、B为主的现代产业体系: the items are industries
            for m in rx.finditer(ctext):
                pos = m.start(1)
                for part in split.split(m.group(1)):
                    item = re.sub(r"等$", "", part.strip())
                    if not split.fullmatch(part) and plain_noun(item) and not lx.types_of(item):
                        out.append(Span(base + c0 + pos, base + c0 + pos + len(item), item, (CLUSTER,), rule,
                                        sentence, label=item))
                    pos += len(part)
    return out


_JOINTS = "、和与及"


@functools.cache
def _park_heads() -> re.Pattern:
    """Park head nouns of three characters or more (开发区, 产业园, 高新区): no industry's name holds one."""
    heads = sorted((s for s, types in lx.suffix_types() if PARK in types and len(s) >= 3), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, heads)))





def _conjoined_industries(ctext: str, toks: list[tuple[str, int, int]], start: int) -> list[tuple[int, str]]:
    """The industries listed before the one at ``start`` under its head noun: in 发展A、B和C产业 the head
    rule finds C; A and B share its head. Each item must be a plain noun phrase (no verb, place,
    number or function word); the first that is not ends the list."""
    out: list[tuple[int, str]] = []
    if start <= 0 or ctext[start - 1] not in _JOINTS:
        return out       # (most heads: nothing joined before them)
    by_start = {s: n for n, (_, s, _) in enumerate(toks)}
    pos = start
    while pos > 0 and ctext[pos - 1] in _JOINTS:
        joint = by_start.get(pos - 1)
        if not joint:
            break
        s = left_edge(toks, joint - 1, 0)
        item = ctext[s:pos - 1]
        lead = leading_division(item)
        if lead and s + lead < pos - 1 and ctext[s + lead - 1] not in _JOINTS:
            s, item = s + lead, item[lead:]      # 青禾县纺织和服装产业: the county is no part
        if ctext[s:s + 1] in _JOINTS or not plain_noun(item) or _COUNTED.search(item) or lx.types_of(item):
            # (A产业园、B产业集群: a park or company listed with the cluster is no industry)
            break
        out.append((s, item))
        pos = s
    return out


AS_INDUSTRY = re.compile(r"把([^，。；把]{2,40}?)(?:作为|当作|当成|列为|确定为|定位为)[^，。；]{0,12}?产业")
_AS_SPLIT = re.compile(r"(、|和|与|及)")
INDUSTRIES_ARE = re.compile(r"(?:主导|支柱|特色|首位|优势)产业(?:主要)?(?:为|是|有|包括|涵盖)([^，。；：:]{2,60}?)"
                            r"(?:等(?:产业|行业|领域)?)?(?=[，。；]|$)")
LEADING_INDUSTRIES = re.compile(r"以([^，。；以]{2,40}?)为(?:主导|主|重点|核心|龙头|特色|支撑|引领)(?!体)的?"
                                r"[^，。；]{0,8}?(?:产业体系|产业集群|产业|体系)")


# phrases that list industries: (regex whose group 1 is the list, what splits it, rule)
_LISTED_INDUSTRIES = ((INDUSTRIES_ARE, _AS_SPLIT, "cluster:主导产业为"), (AS_INDUSTRY, _AS_SPLIT, "cluster:把…作为"),
                      (LEADING_INDUSTRIES, _AND_SPLIT, "cluster:以…为主"))


GROW_VERBS = frozenset({"发展", "大力发展", "积极发展", "重点发展", "加快发展", "共同发展", "培育", "培育壮大", "发展壮大",
                        "壮大", "做强", "做大", "做优", "聚焦", "主攻", "深耕", "布局", "围绕", "构建"})
_NOT_A_LIST = re.compile(r"[0-9等的为了]")
_LIST_JOINT = re.compile(r"[、和与]|(?<=[\u4e00-\u9fff]{2})及(?=[\u4e00-\u9fff]{2})")
_ANY_GROW_VERB = re.compile("|".join(sorted(GROW_VERBS, key=len, reverse=True)))  # (a clause without one has no such token)


@functools.cache
def _industry_tails() -> tuple[str, ...]:
    return tuple(lx.words("industry_tails"))


def _industry_item(item: str) -> bool:
    """``item`` reads as an industry's name: a known term, or a noun phrase ending with an industry word
    (or a trade's own word: 乳业, 渔业)."""
    if item in lx.words("cluster_terms"):
        return True
    if len(item) == 2 and item.endswith("业") and lx.tag(item) == "n" and not lx.is_generic(item):
        return True
    if len(item) < 3 or "集体" in item or not plain_noun(item):
        return False
    return item[1:].endswith(_industry_tails())  # (a tail shorter than the item)


def _headless_industries(ctext: str, toks: list[tuple[str, int, int]], base: int, sentence: int) -> list[Span]:
    """Industries named without a head noun as a cultivation verb's whole object: 重点发展矿山救援装备、
    消防装备和应急通信装备; 发展都市农业和农产品加工; 聚焦新材料和现代物流. Every item must read as an
    industry and the list must close the clause (or stand before the next verb)."""
    out: list[Span] = []
    if not _ANY_GROW_VERB.search(ctext):
        return out
    gv, adv = lx.words("governing_verbs"), lx.words("adverbs")
    for k, (w, s, e) in enumerate(toks):
        if w not in GROW_VERBS or k + 1 >= len(toks):
            continue
        stop = len(ctext)
        weak = lx.words("weak_verbs")
        for w2, s2, e2 in toks[k + 1:]:
            if ((w2 in gv and w2 not in weak) or w2 in adv) and s2 > e:
                stop = s2  # 围绕智能网联汽车加快布局: the object ends before the next verb
                break
        obj = ctext[e:stop]
        if not obj or _NOT_A_LIST.search(obj):
            continue  # 发展订单蔬菜1.8万亩, 发展A等产品, 以X为主: not a bare list of industries
        pieces, pos = [], 0
        for m in _LIST_JOINT.finditer(obj):
            if m.group(0) == "及":
                continue  # 汽车及零部件: one industry
            pieces.append((pos, obj[pos:m.start()]))
            pos = m.end()
        pieces.append((pos, obj[pos:]))
        if not all(_industry_item(p) for _, p in pieces):
            continue
        for p0, p in pieces:
            out.append(Span(base + e + p0, base + e + p0 + len(p), p, (CLUSTER,), "cluster:object", sentence, label=p))
    return out


INDUSTRY_COLUMN = re.compile(r"^(?:主导|重点|主要|特色|首位)?产业(?:方向|定位|领域)?$|^产业方向$|^主攻方向$")


def table_cells(sent: Sentence, reading: Reading) -> list[Span]:
    """The industries of a markdown table's industries column (| 园区 | 主导产业 |): each item of that
    column in the rows below its header (汽车及零部件、智能装备) is an industry (rule ``cluster:table``)."""
    if not sent.text.startswith(("|", "｜")):
        reading.column = None
        return []
    reading.column, cells = _row_cells(sent.text, reading.column, sent.start, sent.index)
    return cells


def _row_cells(text: str, column: int | None, base: int, sentence: int) -> tuple[int | None, list[Span]]:
    """A markdown table row: the header names the industries' column; in the rows below, each item of
    that column (汽车及零部件、智能装备) is an industry."""
    cells, pos = [], 0
    for part in re.split(r"[|｜]", text):
        cells.append((pos, part))
        pos += len(part) + 1
    cells = cells[1:-1] if text.rstrip().endswith(("|", "｜")) else cells[1:]
    names = [c.strip() for _, c in cells]
    found = next((n for n, c in enumerate(names) if INDUSTRY_COLUMN.match(c)), None)
    if found is not None:
        return found, []
    if column is None or column >= len(cells) or re.fullmatch(r"[-:\s]*", "".join(names)):
        return column, []
    start, cell = cells[column]
    out, at = [], start
    for item in re.split(r"([、，,/；;和])", cell):
        name = item.strip()
        if name and not re.fullmatch(r"[、，,/；;和及]", name) and plain_noun(name):
            s0 = at + item.index(name)
            out.append(Span(base + s0, base + s0 + len(name), name, (CLUSTER,), "cluster:table", sentence, label=name))
        at += len(item)
    return column, out

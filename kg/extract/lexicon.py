"""The extractor's word lists (kg/data/*.txt) and the jieba tokenizer with a generated user dictionary.

Everything here is generic: head nouns, trigger verbs, function words, the
national division table. No entity of any particular article is listed.
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata

from ..records import CLUSTER, ORG, PARK, PROJECT
from ..resources import lexicon

log = logging.getLogger(__name__)

PUNCT = set("，。；：！？、,.．;:!?（）()“”‘’\"'《》「」『』【】[]—… \t\n|｜")
# a single dash between two words joins them (中国—东盟, 宝山—庄河): only a doubled one or a dash
# beside punctuation breaks a clause
CLAUSE_BREAK = re.compile(r"(?:[，。；：！？,;:!?\n|｜]|—{2,}|(?<![\u4e00-\u9fff])—|—(?![\u4e00-\u9fff]))+")


def joining_dash(toks: list[tuple[str, int, int]], j: int) -> bool:
    """``toks[j]`` is one dash between two Chinese words (中国—东盟): part of a name."""
    if toks[j][0] != "—" or j == 0 or j + 1 >= len(toks):
        return False
    a, b = toks[j - 1][0], toks[j + 1][0]
    return bool(a and b and "\u4e00" <= a[-1] <= "\u9fff" and "\u4e00" <= b[0] <= "\u9fff")
_DROP = re.compile(r"[\s\"'“”‘’《》「」『』·・•]")


def norm(text: str) -> str:
    """Identity form of a name: NFKC, no spaces, quotes or middle dots (as the evaluation compares)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@functools.cache
def words(name: str) -> frozenset[str]:
    return frozenset(lexicon(name))


@functools.cache
def suffix_types() -> list[tuple[str, tuple[str, ...]]]:
    """(suffix, types) for every head noun, longest first; dual suffixes give two types."""
    table: dict[str, tuple[str, ...]] = {}
    for s in lexicon("park_suffixes"):
        table[s] = (PARK,)
    for s in lexicon("project_suffixes"):
        table.setdefault(s, (PROJECT,))
    for s in lexicon("org_suffixes"):
        table.setdefault(s, (ORG,))
    for line in lexicon("dual_suffixes"):
        suffix, types = line.split("\t")
        table[suffix] = tuple(types.split(","))
    return sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0]))


@functools.cache
def suffix_regex() -> re.Pattern:
    alts = "|".join(re.escape(s) for s, _ in suffix_types())
    return re.compile(f"(?:{alts})")


@functools.lru_cache(maxsize=65536)
def types_of(name: str) -> tuple[str, ...]:
    """Types implied by the name's head noun ('' when it has none)."""
    for suffix, types in suffix_types():
        if name.endswith(suffix):
            return types
    return ()


@functools.lru_cache(maxsize=65536)
def suffix_of(name: str) -> str:
    for suffix, _ in suffix_types():
        if name.endswith(suffix):
            return suffix
    return ""


@functools.cache
def tokenizer():
    """A private jieba tokenizer whose user dictionary holds the head nouns and the division names,
    so that 产业园 or 某某区 come out as one token. Built once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    from .divisions import gazetteer

    extra = {s for s, _ in suffix_types()} | set(lexicon("governing_verbs")) | set(lexicon("adverbs"))
    extra |= set(lexicon("cluster_terms"))
    for word in sorted(extra):
        tk.add_word(word, freq=max(tk.FREQ.get(word, 0), 2000))
    g = gazetteer()
    for surface in sorted(set(g.surfaces())):
        # towns are too many to add cheaply and too rare to matter for word boundaries
        if len(surface) >= 2 and any(d.level != "town" for d in g.by_name(surface)):
            tk.add_word(surface, freq=max(tk.FREQ.get(surface, 0), 500))
    return tk


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each token of ``text`` (no HMM: deterministic and fast); cached
    because every rule looks at the same clauses. Callers must not modify the list."""
    out, pos = [], 0
    for w in tokenizer().cut(text, HMM=False):
        out.append((w, pos, pos + len(w)))
        pos += len(w)
    return out


CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
NUM_RE = re.compile(rf"[0-9０-９.．{CN_DIGITS}]+")
COUNT_RE = re.compile(rf"[0-9{CN_DIGITS}]+(?:个|家|处|座|项|批|条|所|大)")
PHASE_RE = re.compile(r"([一二三四五六七八九十]|[0-9]+)期")
CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_int(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 3 -> 3 (small integers as used for phases and counts)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        a, _, b = text.partition("十")
        return (CN_NUM.get(a, 1) if a else 1) * 10 + (CN_NUM.get(b, 0) if b else 0)
    return CN_NUM.get(text) if len(text) == 1 else None


@functools.cache
def _generic_longest_first() -> tuple[str, ...]:
    return tuple(sorted(words("generic_words") | words("function_words") | words("adverbs"), key=len, reverse=True))


@functools.lru_cache(maxsize=65536)
def is_generic(core: str) -> bool:
    """True when a name's part before its head noun says nothing specific (重点, 3个百亿级, 特色产业)."""
    rest = core
    if not rest:
        return True
    # remove generic words greedily, longest first, then counts and numbers
    for w in _generic_longest_first():
        if w in rest:
            rest = rest.replace(w, "")
    rest = re.sub(r"[0-9.]*[万亿千百]*元", "", rest)
    rest = COUNT_RE.sub("", rest)
    rest = NUM_RE.sub("", rest)
    rest = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", rest)
    return len(rest) < 1


@functools.cache
def _tags() -> dict[str, str]:
    """word -> part of speech from jieba's own dictionary (words seen at least 50 times)."""
    import importlib.resources

    tags = {}
    text = importlib.resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and int(parts[1]) >= 50:
            tags[parts[0]] = parts[2]
    return tags


def tag(word: str) -> str:
    """jieba's dictionary part of speech of a word ('' when unknown): a cheap stand-in for POS tagging."""
    return _tags().get(word, "")


MEASURES = frozenset("个家处座项批条所届名位")
UNIT_WORDS = re.compile(r"^(万|亿|千|百)?(元|亿元|万元|平方米|平方公里|亩|公顷|吨|万吨|千瓦|兆瓦|公里|千米|米|户|人|名|%)")


def han_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def last_word_generic(core: str) -> bool:
    """重大项目, 技改项目, 效益型科技工业园: the word right before the head says nothing specific."""
    toks = tokens(core)
    if not toks:
        return True
    last = toks[-1][0]
    tails = words("generic_tails")
    return (last in tails or last.endswith("型") or last.endswith("性") or (len(toks) == 1 and is_generic(last))
            or any(len(t) >= 2 and last.endswith(t) for t in tails))  # 双边合作项目

"""What the finders ask of words: the jieba tokenizer (with a generated user dictionary), the head-noun
table (suffix_types: which types a name's head noun gives), numbers, phases and whether a name's words
are generic.

The word classes themselves are read from words.py (one home, loaded from kg/data). Everything here is
generic: no entity of any particular article is listed.
"""
from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata

from ..terms import ORG, PARK, PROJECT
from .words import (ADVERBS, CLUSTER_TERMS, CN_DIGITS, COUNTERS, DIGIT_VALUES, DUAL_SUFFIXES, FUNCTION_WORDS,
                    GENERIC_TAILS, GENERIC_WORDS, GOVERNING_VERBS, MAGNITUDES, NATION_PREFIX, ORG_SUFFIXES, PARK_SUFFIXES,
                    PHASE_MARK, PROJECT_SUFFIXES, QUALITY_TAILS, SMALL_NUMERALS, TEN, UNITS, YUAN, ZONE_ABBREVIATIONS,
                    alt, chars)

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


@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Identity form of a name: NFKC, no spaces, quotes or middle dots (as the evaluation compares)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


@functools.cache
def suffix_types() -> list[tuple[str, tuple[str, ...]]]:
    """(suffix, types) for every head noun, longest first; dual suffixes give two types."""
    table: dict[str, tuple[str, ...]] = {}
    for s in PARK_SUFFIXES:
        table[s] = (PARK,)
    for s in PROJECT_SUFFIXES:
        table.setdefault(s, (PROJECT,))
    for s in ORG_SUFFIXES:
        table.setdefault(s, (ORG,))
    for suffix, types in DUAL_SUFFIXES:
        table[suffix] = tuple(types.split(","))
    return sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0]))


@functools.cache
def suffix_regex() -> re.Pattern:
    alts = "|".join(re.escape(s) for s, _ in suffix_types())
    return re.compile(f"(?:{alts})")


@functools.cache
def _suffix_table() -> tuple[dict[str, tuple[str, ...]], tuple[int, ...]]:
    """suffix -> types, and the suffixes' lengths longest first: a name's head noun is found by
    looking up its last n characters for each length, not by trying every suffix."""
    table = dict(suffix_types())
    return table, tuple(sorted({len(s) for s in table}, reverse=True))


@functools.lru_cache(maxsize=65536)
def suffix_of(name: str) -> str:
    """The name's head noun, the longest suffix of the lexicon it ends with ('' when none)."""
    table, lengths = _suffix_table()
    for n in lengths:
        if n <= len(name) and name[-n:] in table:
            return name[-n:]
    return ""


@functools.lru_cache(maxsize=65536)
def types_of(name: str) -> tuple[str, ...]:
    """Types implied by the name's head noun (() when it has none)."""
    suffix = suffix_of(name)
    return _suffix_table()[0][suffix] if suffix else ()


@functools.cache
def tokenizer():
    """A private jieba tokenizer whose user dictionary holds the head nouns and the division names,
    so that 产业园 or 某某区 come out as one token. Built once per process.

    Building its word table (jieba's dictionary, then ~6,600 words added) takes 2-3 s; the table is
    therefore kept between processes (stored.py) and read back in a fraction of that.
    """
    import jieba

    from .stored import jieba_files, stored

    jieba.setLogLevel(logging.WARNING)
    words = _user_words()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = stored("tokenizer", (jieba_files(), words), lambda: _word_table(words))
    tk.initialized = True
    return tk


def _word_table(words: list[tuple[str, int]]) -> tuple[dict[str, int], int]:
    """(FREQ, total) of a jieba tokenizer: jieba's dictionary with ``words`` added, each at least as
    frequent as asked."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    for word, least in words:
        tk.add_word(word, freq=max(tk.FREQ.get(word, 0), least))
    return tk.FREQ, tk.total


def _user_words() -> list[tuple[str, int]]:
    """(word, least frequency) added to jieba's dictionary, in the order they are added."""
    from .divisions import gazetteer

    extra = {s for s, _ in suffix_types()} | GOVERNING_VERBS | ADVERBS
    extra |= CLUSTER_TERMS
    words = [(word, 2000) for word in sorted(extra)]
    # names of provinces, cities and counties; towns are too many to add cheaply and too rare to
    # matter for word boundaries
    words += [(name, 500) for name in sorted(gazetteer().place_words()) if len(name) >= 2]
    return words


class _Segmenter:
    """jieba's ``Tokenizer.cut(text, HMM=False)``, word for word, at twice its speed.

    jieba first lists every dictionary word at each position (get_DAG), then picks the most
    probable route over them with a generator per character (calc). Here both happen in one pass
    from the right, with the same arithmetic, so that the route and its tie-breaks are the same.
    Tokenizing is the extractor's largest single cost; tests/test_extract_speed.py checks that the
    two agree.
    """

    def __init__(self, tk):
        import jieba

        self.freq = tk.FREQ
        self.logtotal = math.log(tk.total)
        # jieba's own patterns: blocks it segments, the separators it keeps, single Latin letters/digits
        self.block, self.skip, self.alnum = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for blk in self.block.split(text):
            if not blk:
                continue
            if self.block.match(blk):
                out += self._cut_block(blk)
            else:
                for part in self.skip.split(blk):
                    if self.skip.match(part):
                        out.append(part)
                    else:
                        out.extend(part)  # character by character
        return out

    def _cut_block(self, blk: str) -> list[str]:
        """The best route's words; runs of single Latin letters and digits are joined (as jieba does)."""
        ends = self._route(blk)
        out: list[str] = []
        latin = ""
        x, n = 0, len(blk)
        while x < n:
            word = blk[x:ends[x]]
            if len(word) == 1 and self.alnum.match(word):
                latin += word
            else:
                if latin:
                    out.append(latin)
                    latin = ""
                out.append(word)
            x = ends[x]
        if latin:
            out.append(latin)
        return out

    def _route(self, blk: str) -> list[int]:
        """For each position, the end of the word the most probable route takes from there.

        A route's score is the sum of log(freq) - log(total) of its words; a word of frequency 0
        (a mere prefix) is no word, and a position with no word takes its character alone.
        Ties go to the longer word, as jieba's max over (score, end) does: the words from a
        position come shortest first, so a later one wins with an equal score.
        """
        freq, logtotal = self.freq, self.logtotal
        n = len(blk)
        score = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best, best_end = 0.0, 0
            end, f = k + 1, freq.get(blk[k])
            while f is not None:  # blk[k:end] is a word or the prefix of one
                if f:
                    s = math.log(f) - logtotal + score[end]
                    if not best_end or s >= best:
                        best, best_end = s, end
                if end == n:
                    break
                end += 1
                f = freq.get(blk[k:end])
            if not best_end:
                best, best_end = math.log(freq.get(blk[k]) or 1) - logtotal + score[k + 1], k + 1
            score[k], ends[k] = best, best_end
        return ends


@functools.cache
def _segmenter() -> _Segmenter:
    return _Segmenter(tokenizer())


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each token of ``text`` (jieba without HMM: deterministic and fast);
    cached because every rule looks at the same clauses. Callers must not modify the list."""
    out, pos = [], 0
    for w in _segmenter().cut(text):
        out.append((w, pos, pos + len(w)))
        pos += len(w)
    return out


NUM_RE = re.compile(rf"[0-9０-９.．{chars(CN_DIGITS)}]+")
COUNT_RE = re.compile(rf"[0-9{chars(CN_DIGITS)}]+{alt(COUNTERS)}")
PHASE_RE = re.compile(rf"([{chars(SMALL_NUMERALS)}]|[0-9]+){alt(PHASE_MARK)}")


def cn_int(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 3 -> 3 (small integers as used for phases and counts)."""
    if text.isdigit():
        return int(text)
    if text == TEN:
        return 10
    if TEN in text:
        a, _, b = text.partition(TEN)
        return (DIGIT_VALUES.get(a, 1) if a else 1) * 10 + (DIGIT_VALUES.get(b, 0) if b else 0)
    return DIGIT_VALUES.get(text) if len(text) == 1 else None


# an amount of money (300万元): says nothing of a name
_NOT_A_LETTER = re.compile(r"[^\u4e00-\u9fffA-Za-z]")   # (what is left of a name after its generic words)
_AMOUNT = re.compile(rf"[0-9.]*[{chars(MAGNITUDES)}]*{alt(YUAN)}")


@functools.cache
def _generic_longest_first() -> tuple[str, ...]:
    """Longest first, then in code-point order: a set's own order would depend on the hash seed."""
    return tuple(sorted(GENERIC_WORDS | FUNCTION_WORDS | ADVERBS,
                        key=lambda w: (-len(w), w)))


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
    rest = _AMOUNT.sub("", rest)
    rest = COUNT_RE.sub("", rest)
    rest = NUM_RE.sub("", rest)
    rest = _NOT_A_LETTER.sub("", rest)
    return len(rest) < 1


# a line "word freq tag" of jieba's dictionary whose frequency is 50 or more (two digits from 5, or
# three digits and more): one regex over the file is three times faster than splitting 350k lines
_FREQUENT_ENTRY = re.compile(r"^(\S+) (?:[5-9][0-9]|[0-9]{3,}) (\S+)$", re.M)


@functools.cache
def _tags() -> dict[str, str]:
    """word -> part of speech from jieba's own dictionary (words seen at least 50 times); kept between
    processes (stored.py)."""
    from .divisions import jieba_dict_text
    from .stored import jieba_files, stored

    return stored("jieba-tags", (jieba_files(), _FREQUENT_ENTRY.pattern),
                  lambda: dict(_FREQUENT_ENTRY.findall(jieba_dict_text())))


def tag(word: str) -> str:
    """jieba's dictionary part of speech of a word ('' when unknown): a cheap stand-in for POS tagging."""
    return _tags().get(word, "")


UNIT_WORDS = re.compile(rf"^({alt(MAGNITUDES)})?({alt(UNITS)})")


_NOT_HAN = re.compile("[^\u4e00-\u9fff]+")


def han_count(text: str) -> int:
    """How many Chinese characters ``text`` holds (what is left when everything else is removed)."""
    return len(_NOT_HAN.sub("", text))


def last_word_generic(core: str) -> bool:
    """重大项目, 技改项目, 效益型科技工业园: the word right before the head says nothing specific."""
    toks = tokens(core)
    if not toks:
        return True
    last = toks[-1][0]
    return (last in GENERIC_TAILS or last.endswith(QUALITY_TAILS) or (len(toks) == 1 and is_generic(last))
            or last.endswith(_long_tails()))  # 双边合作项目


@functools.cache
def _long_tails() -> tuple[str, ...]:
    """The generic tails of two or more characters, as one tuple for ``str.endswith``."""
    return tuple(t for t in GENERIC_TAILS if len(t) >= 2)


def abbreviate_zone(name: str) -> str:
    """A zone's official short form (郑州经济技术开发区 -> 郑州经开区, 中国(甘肃)自由贸易试验区 -> 甘肃自贸试验区):
    the two name one park. ``name`` is in its identity form (``norm``: ASCII brackets)."""
    for full, short in ZONE_ABBREVIATIONS:
        if name.endswith(full):
            name = name[: -len(full)] + short
            break
    else:
        return name
    m = _NATION_BRACKET.match(name)
    return m.group(1) + name[m.end():] if m else name


_NATION_BRACKET = re.compile(rf"{NATION_PREFIX}\(([^()]{{2,8}})\)")

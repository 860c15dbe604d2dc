"""The extractor's fast paths give exactly what the plain versions they replace give.

- lexicon._Segmenter.cut against jieba's own ``Tokenizer.cut(text, HMM=False)`` over the same word table;
- divisions.Scanner against a brute-force leftmost-longest match;
- the head-noun lookups (suffix_of, types_of) against a walk over every suffix;
- the word table, tags and village names kept between processes (stored.py) against fresh ones.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.extract import lexicon as lx
from kg.extract import stored as st
from kg.extract.divisions import Scanner, gazetteer

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "fixtures" / "articles").iterdir()) + sorted((ROOT / "corpus").glob("*.txt"))

EDGE_CASES = [
    "",
    "浙江省宁波市北仑区大碶街道投资10亿元建设新材料产业园，与宁波大学合作发展生物医药产业。",
    "年产40GWh锂电池项目、5G+工业互联网平台和AI芯片（一期）",
    "A B\tC\r\nD  宁波 \n",
    "3.5亿元 2024年 第8.6代 #1 a&b c_d 50% x-y",
    "中国—东盟信息港，宝山—庄河对口合作。",
    "ＡＢＣ１２３，全角字母与数字",
    "①②③ 《关于加快发展的意见》“引号”『书名』",
    "a",
    "一",
]


@pytest.fixture(scope="module")
def jieba_tokenizer():
    """jieba's own tokenizer over the extractor's word table."""
    import jieba

    own = lx.tokenizer()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = own.FREQ, own.total, True
    return tk


def _texts() -> list[str]:
    lines = [line for path in ARTICLES for line in path.read_text(encoding="utf-8").splitlines()]
    return EDGE_CASES + lines


@pytest.mark.parametrize("text", _texts())
def test_segmenter_is_jieba(jieba_tokenizer, text):
    assert lx._segmenter().cut(text) == list(jieba_tokenizer.cut(text, HMM=False))


def test_tokens_cover_the_text():
    for text in _texts():
        toks = lx.tokens(text)
        assert "".join(w for w, _, _ in toks) == text
        assert all(text[s:e] == w and w for w, s, e in toks)


def test_word_table_is_jieba_with_our_words():
    """The table read back from the cache folder is the one jieba builds with the added words."""
    freq, total = lx._word_table(lx._user_words())
    assert lx.tokenizer().total == total
    assert lx.tokenizer().FREQ == freq


def _leftmost_longest(surfaces: set[str], text: str) -> list[tuple[int, int, str]]:
    hits, i = [], 0
    while i < len(text):
        end = max((j for j in range(i + 2, len(text) + 1) if text[i:j] in surfaces), default=0)
        if end:
            hits.append((i, end, text[i:end]))
            i = end
        else:
            i += 1
    return hits


def test_scanner_is_leftmost_longest():
    surfaces = set(gazetteer().surfaces())
    scanner = gazetteer().matcher()
    pool = sorted(surfaces)
    rnd = random.Random(7)
    for _ in range(3000):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            word = rnd.choice(pool)
            a = rnd.randrange(len(word))
            parts.append(word if rnd.random() < 0.5 else word[a:rnd.randint(a + 1, len(word))])
        text = "".join(parts)
        for part in (text, text[1:], text[:-1], text[:12]):
            hits = _leftmost_longest(surfaces, part)
            assert scanner.scan(part) == hits, part
            assert scanner.match(part) == (hits[0][2] if hits and hits[0][0] == 0 else None), part


def test_scanner_small():
    s = Scanner(["AB", "ABCD", "BC", "CDE"])
    assert s.scan("ABCDE") == [(0, 4, "ABCD")]
    assert s.scan("ABCE") == [(0, 2, "AB")]
    assert s.scan("XBCDE") == [(1, 3, "BC")]
    assert s.match("ABC") == "AB" and s.match("XAB") is None
    with pytest.raises(ValueError, match="two or more characters"):
        Scanner(["A"])


def test_suffix_lookup_is_a_walk_over_every_suffix():
    def walk(name: str):
        return next(((s, t) for s, t in lx.suffix_types() if name.endswith(s)), ("", ()))

    names = [s for s, _ in lx.suffix_types()] + ["宁波经济技术开发区", "某某科技有限公司", "产业园", "园", "", "X项目"]
    names += [w[1:] for w in names] + ["北仑" + w for w in names]
    for name in names:
        assert (lx.suffix_of(name), lx.types_of(name)) == walk(name), name


def test_stored_tables_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = []

    def build():
        built.append(1)
        return {"北仑": 3}, 7

    assert st.stored("t", ("a",), build) == ({"北仑": 3}, 7)
    assert st.stored("t", ("a",), build) == ({"北仑": 3}, 7)
    assert len(built) == 1                      # read back the second time
    st.stored("t", ("b",), build)               # other inputs: built again, the old file replaced
    assert len(built) == 2 and len(list((tmp_path / "kg").glob("t-*.marshal"))) == 1
    path = next((tmp_path / "kg").glob("t-*.marshal"))
    path.write_bytes(b"\x00broken")
    assert st.stored("t", ("b",), build) == ({"北仑": 3}, 7) and len(built) == 3


def test_stored_tables_without_a_writable_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert st.stored("t", (), lambda: [1, 2]) == [1, 2]


def test_villages_and_tags_are_what_the_files_say():
    from kg.extract.names.places import villages
    from kg.resources import read_text

    rows = [line.split("\t")[1:] for line in read_text("data", "villages.tsv.gz").splitlines()
            if line and not line.startswith("#")]
    assert villages() == frozenset(n for names in rows for n in names if n.endswith(("村", "社区")))
    from kg.extract.divisions import jieba_dict_text

    tags = {}
    for line in jieba_dict_text().splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and int(parts[1]) >= 50:
            tags[parts[0]] = parts[2]
    assert lx._tags() == tags

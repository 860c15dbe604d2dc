"""Unit tests of the read stage (kg/read/): files in, cleaned documents or reasons out."""
from __future__ import annotations

import codecs
import hashlib
import os
import time
from pathlib import Path

import pytest

from kg.errors import CorpusError
from kg.read import (
    MAX_SENTENCE_CHARS, iter_documents, iter_entries, iter_files, read_corpus, read_file, split_sentences,
)
from kg.records import Document, Skipped

# A made-up county: nothing here is taken from a real article.
P1 = "青禾县位于云溪市东部，总面积1280平方公里。"
P2 = "今年，青禾县计划投资36亿元建设绿色食品产业园，重点发展预制菜和冷链物流产业。"
P3 = "县里还将推进云溪高新区青禾片区开发，引进新能源装备企业12家。"
ARTICLE = f"{P1}\n\n{P2}\n\n{P3}\n"


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def read(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Document:
    doc = read_file(write(folder, name, content, encoding), folder)
    assert isinstance(doc, Document), doc
    assert_offsets(doc)
    return doc


def assert_offsets(doc: Document) -> None:
    """The invariants every document keeps: spans index the text, sentences are stripped and non-empty."""
    for start, end in doc.paragraphs:
        assert doc.text[start:end] == doc.text[start:end].strip() != ""
    assert "\n".join(doc.text[a:b] for a, b in doc.paragraphs) == doc.text
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert doc.text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert "\n" not in s.text
        assert len(s.text) <= MAX_SENTENCE_CHARS
        p_start, p_end = doc.paragraphs[s.paragraph]
        assert p_start <= s.start < s.end <= p_end
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts)


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences]


# --------------------------------------------------------------------------- front matter

FRONT = """---
layout: post
title: "青禾县：打造云溪东部\\"绿色粮仓\\""
date: 2023-03-08 10:20:30 +0800
categories: qingheribao
tags: [乡村振兴, "产业园, 冷链"]
---
"""


def test_front_matter_fields(tmp_path):
    doc = read(tmp_path, "a.md", FRONT + ARTICLE)
    assert doc.title == "青禾县：打造云溪东部\"绿色粮仓\""
    assert doc.date == "2023-03-08"
    assert doc.categories == ("qingheribao",)
    assert doc.tags == ("乡村振兴", "产业园, 冷链")
    assert doc.text == "\n".join([P1, P2, P3])
    assert doc.warnings == ()


@pytest.mark.parametrize("block, field, expected", [
    ("title: 青禾县新闻\ndate: 2021-07-01", "date", "2021-07-01"),
    ("date: '2021/7/1'", "date", "2021-07-01"),
    ("date: 2021年7月1日", "date", "2021-07-01"),
    ("date: 2021-07-01T08:00:00Z", "date", "2021-07-01"),
    ("title: '青禾县''s news'", "title", "青禾县's news"),
    ("title: 青禾县 新闻 # a comment", "title", "青禾县 新闻"),
    ("title:\n  青禾县加快建设\n  绿色食品产业园", "title", "青禾县加快建设 绿色食品产业园"),
    ("tags:\n  - 云溪市\n  - '青禾县'\n", "tags", ("云溪市", "青禾县")),
    ("tags: 云溪市,青禾县", "tags", ("云溪市", "青禾县")),
    ("categories: news local", "categories", ("news", "local")),
    ("category: local", "categories", ("local",)),
    ("Title: 大写键", "title", "大写键"),
])
def test_front_matter_values(tmp_path, block, field, expected):
    doc = read(tmp_path, "a.md", f"---\n{block}\n---\n{ARTICLE}")
    assert getattr(doc, field) == expected
    assert doc.warnings == ()
    assert doc.text.startswith(P1)


def test_front_matter_without_closing_line_keeps_the_text(tmp_path):
    doc = read(tmp_path, "a.md", f"---\ntitle: 青禾县新闻\ndate: 2023-01-02\n{ARTICLE}")
    assert doc.title == "青禾县新闻"
    assert doc.date == "2023-01-02"
    assert doc.text == "\n".join([P1, P2, P3])
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("front matter has no closing '---' line; read 2 field(s) from lines 2-3")


def test_front_matter_with_unparsable_lines_is_read_with_a_warning(tmp_path):
    doc = read(tmp_path, "a.md", f"---\ntitle: 青禾县新闻\n这一行不是键值\ntags: [a, b\n---\n{ARTICLE}")
    assert doc.title == "青禾县新闻"
    assert doc.tags == ()
    assert doc.text == "\n".join([P1, P2, P3])
    assert doc.warnings == (
        "front matter line 3 not understood ('这一行不是键值'); ignored",
        "front matter line 4 not understood (unclosed [: 'tags: [a, b'); ignored",
    )


def test_front_matter_without_any_field_is_kept_as_text(tmp_path):
    doc = read(tmp_path, "a.md", f"---\n青禾县简讯\n---\n{ARTICLE}")
    assert doc.text.split("\n")[0] == "青禾县简讯"
    assert doc.title == "青禾县简讯"                  # a short first line reads as the headline
    assert doc.warnings == ("front matter (lines 1-3) has no 'key: value' line; kept it as text",)


def test_front_matter_bad_date_is_dropped_with_a_warning(tmp_path):
    doc = read(tmp_path, "a.md", f"---\ndate: 去年春天\n---\n{ARTICLE}")
    assert doc.date is None
    assert doc.warnings == ("front matter date '去年春天' is not a date (expected YYYY-MM-DD); ignored",)


def test_a_rule_at_the_top_is_not_front_matter(tmp_path):
    doc = read(tmp_path, "a.md", f"---\n\n{ARTICLE}")
    assert doc.text == "\n".join([P1, P2, P3])
    assert doc.title is None


# --------------------------------------------------------------------------- source links and navigation

@pytest.mark.parametrize("trailer, source", [
    ("<http://news.example.com/qinghe/2023/0308.html?id=7>", "http://news.example.com/qinghe/2023/0308.html?id=7"),
    ("https://news.example.com/a/1.html", "https://news.example.com/a/1.html"),
    ("原文链接：https://news.example.com/a/2.html", "https://news.example.com/a/2.html"),
    ("[阅读原文](https://news.example.com/a/3.html)", "https://news.example.com/a/3.html"),
])
def test_trailing_source_link(tmp_path, trailer, source):
    nav = "[返回云溪日报新闻](//news.example.com/category/yunxi.html)｜[返回首页](//news.example.com/)"
    doc = read(tmp_path, "a.txt", f"{FRONT}{ARTICLE}\n{trailer}\n\n{nav}")
    assert doc.source == source
    assert doc.text == "\n".join([P1, P2, P3])


def test_url_inside_the_body_is_text_not_source(tmp_path):
    doc = read(tmp_path, "a.txt", f"{P1}\n\n详情见 https://example.com/x?a=1 网站。\n\n{P2}")
    assert doc.source is None
    assert "详情见 https://example.com/x?a=1 网站。" in texts(doc)


def test_navigation_lines_at_the_top_are_dropped(tmp_path):
    doc = read(tmp_path, "a.md", f"[首页](/) > [新闻](/news/)\n\n{ARTICLE}")
    assert doc.text == "\n".join([P1, P2, P3])


# --------------------------------------------------------------------------- markup

HTML = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>青禾县绿色食品产业园开工 - 云溪新闻网</title>
<link rel="canonical" href="https://news.example.com/qinghe/park.html">
<meta property="og:url" content="https://m.example.com/qinghe/park.html">
<meta property="article:published_time" content="2023-05-06T09:00:00+08:00">
<style>p { color: red; }</style>
<script>var 统计 = "不应出现";</script>
</head>
<body>
<nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<h1>青禾县绿色食品产业园开工</h1>
<p>5月6日，青禾县绿色食品产业园&nbsp;一期项目开工，总投资12亿元。</p>
<div>园区规划面积3000亩，<b>重点</b>发展预制菜、
冷链物流等产业。</div>
<p>县长表示：“园区建成后&lt;年产值&gt;将超过50亿元&amp;带动就业3000人。”</p>
<noscript>请启用脚本</noscript><template><p>模板内容</p></template>
<ul><li>一期：食品加工区</li><li>二期：物流区</li></ul>
<script type="text/javascript">document.write("<p>不应出现</p>");</script>
</body></html>
"""


def test_html_document(tmp_path):
    doc = read(tmp_path, "park.html", HTML)
    assert doc.title == "青禾县绿色食品产业园开工 - 云溪新闻网"
    assert doc.source == "https://news.example.com/qinghe/park.html"
    assert doc.date == "2023-05-06"
    assert doc.text.split("\n") == [
        "青禾县绿色食品产业园开工",
        "5月6日，青禾县绿色食品产业园 一期项目开工，总投资12亿元。",
        "园区规划面积3000亩，重点发展预制菜、冷链物流等产业。",
        "县长表示：“园区建成后<年产值>将超过50亿元&带动就业3000人。”",
        "一期：食品加工区",
        "二期：物流区",
    ]
    for dropped in ("不应出现", "请启用脚本", "模板内容", "color", "首页"):
        assert dropped not in doc.text


def test_html_title_falls_back_to_h1_and_og_url(tmp_path):
    page = ('<html><head><meta property="og:url" content="https://m.example.com/1.html"></head>'
            "<body><h1>云溪市新区揭牌</h1><p>云溪市新区今天揭牌。</p></body></html>")
    doc = read(tmp_path, "p.htm", page)
    assert doc.title == "云溪市新区揭牌"
    assert doc.source == "https://m.example.com/1.html"
    assert texts(doc) == ["云溪市新区揭牌", "云溪市新区今天揭牌。"]


def test_paragraph_markup_inside_a_text_file(tmp_path):
    body = (f"{FRONT}<p>□本报记者 林禾</p>\n <p>{P1}</p>\n <p>产业升级</p>\n"
            f" <p>{P2}</p><p class=\"src\">（文章来源：云溪日报）</p>\n\n"
            "<http://news.example.com/x.html>\n\n[返回首页](//news.example.com/)")
    doc = read(tmp_path, "a.txt", body)
    assert doc.text.split("\n") == ["□本报记者 林禾", P1, "产业升级", P2, "（文章来源：云溪日报）"]
    assert doc.source == "http://news.example.com/x.html"
    assert doc.title == "青禾县：打造云溪东部\"绿色粮仓\""


def test_text_with_a_less_than_sign_but_no_tags_is_unchanged(tmp_path):
    line = "青禾县规上工业增速<5%的企业有3家，a<b 且 c > d，x<y>z 不变。"
    doc = read(tmp_path, "a.txt", line)
    assert doc.text == line


def test_entities_in_plain_text_are_unescaped(tmp_path):
    doc = read(tmp_path, "a.txt", "青禾县&nbsp;产业园&amp;物流园&#x3002;")
    assert doc.text == "青禾县 产业园&物流园。"


def test_markdown_headings_links_and_images(tmp_path):
    md = ("# 青禾县建设冷链物流园\n\n![园区鸟瞰](img/a.png)\n\n"
          "据[云溪日报](https://example.com/)报道，**青禾县**冷链物流园开工。\n\n## 项目概况\n\n" + P2)
    doc = read(tmp_path, "a.md", md)
    assert doc.title == "青禾县建设冷链物流园"
    assert doc.text.split("\n") == ["青禾县建设冷链物流园", "据云溪日报报道，青禾县冷链物流园开工。", "项目概况", P2]


# --------------------------------------------------------------------------- paragraphs

def test_hard_wrapped_sentence_is_joined(tmp_path):
    wrapped = ("青禾县坚持生态优先、绿色发展，闯出了一条从无到有、从粗放到高质\n\n"
               "量发展的县域经济之路。全县一般公共预算收入增长9.5%。\n")
    doc = read(tmp_path, "a.txt", f"{wrapped}\n{P1}")
    assert doc.text.split("\n") == [
        "青禾县坚持生态优先、绿色发展，闯出了一条从无到有、从粗放到高质量发展的县域经济之路。全县一般公共预算收入增长9.5%。",
        P1,
    ]
    assert texts(doc)[0] == "青禾县坚持生态优先、绿色发展，闯出了一条从无到有、从粗放到高质量发展的县域经济之路。"


def test_single_newline_wrapping_and_latin_words(tmp_path):
    doc = read(tmp_path, "a.txt", "青禾县与云溪大学共建的 Green Food Innovation\nCenter 今天揭牌，首批入驻科研团队8个。")
    assert doc.text == "青禾县与云溪大学共建的 Green Food Innovation Center 今天揭牌，首批入驻科研团队8个。"


def test_short_unpunctuated_lines_are_headings(tmp_path):
    doc = read(tmp_path, "a.txt", f"青禾县两会特刊\n\n产业强县\n\n{P2}\n\n民生为本\n\n{P3}\n\n① 青禾县城\n② 绿色食品产业园")
    assert doc.text.split("\n") == ["青禾县两会特刊", "产业强县", P2, "民生为本", P3, "① 青禾县城", "② 绿色食品产业园"]
    assert doc.title == "青禾县两会特刊"


def test_headline_with_a_closing_note_or_two_parts(tmp_path):
    # a note in brackets may close a headline; a two-part headline (a space between its parts)
    # is not the first half of a hard-wrapped sentence, however long
    doc = read(tmp_path, "a.txt", f"青禾县2024年政府工作报告（节选）\n\n{P2}")
    assert doc.title == "青禾县2024年政府工作报告（节选）"
    two = "青禾县2024年第二批重点项目集中开工 48个项目总投资216亿元"
    doc = read(tmp_path, "b.txt", f"{two}\n\n6月12日，青禾县重点项目集中开工活动举行。")
    assert doc.title == two
    assert doc.text.split("\n") == [two, "6月12日，青禾县重点项目集中开工活动举行。"]


def test_clause_broken_before_a_comma_line_is_joined(tmp_path):
    # 27 characters with a clause comma: a sentence broken off, not a heading.
    doc = read(tmp_path, "a.txt", "营造风清气正的发展环境，青禾县坚决扛起整改主体\n\n责任，整改任务全部完成。")
    assert doc.text == "营造风清气正的发展环境，青禾县坚决扛起整改主体责任，整改任务全部完成。"


# --------------------------------------------------------------------------- sentences

@pytest.mark.parametrize("text, expected", [
    ("青禾县开工。云溪市竣工！产业园呢？", ["青禾县开工。", "云溪市竣工！", "产业园呢？"]),
    ("他说：“园区年内投产。”随后参观了车间。", ["他说：“园区年内投产。”", "随后参观了车间。"]),
    ("项目（一期）已投产。）二期在建。", ["项目（一期）已投产。）", "二期在建。"]),
    ("一是建园区；二是引企业；三是育人才。", ["一是建园区；二是引企业；三是育人才。"]),
    ("大棚林立，车间忙碌……九月的青禾，生机盎然。", ["大棚林立，车间忙碌……", "九月的青禾，生机盎然。"]),
    ("发展食品、物流……等产业。", ["发展食品、物流……等产业。"]),
    ("“要快！”，他说。", ["“要快！”，他说。"]),
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("访问 http://example.com/a?b=1 查看! Then go. 好", ["访问 http://example.com/a?b=1 查看!", "Then go. 好"]),
    ("第一句。  第二句。 ", ["第一句。", "第二句。"]),
    ("没有句号的标题", ["没有句号的标题"]),
])
def test_split_sentences(text, expected):
    sentences = split_sentences(text, [(0, len(text))])
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_split_sentences_keeps_paragraph_numbers():
    text = "第一段。还是第一段。\n第二段。"
    sentences = split_sentences(text, [(0, 10), (11, 15)])
    assert [(s.text, s.paragraph, s.index) for s in sentences] == [
        ("第一段。", 0, 0), ("还是第一段。", 0, 1), ("第二段。", 1, 2)]
    assert split_sentences(text) == sentences


def test_long_run_is_cut_into_chunks(tmp_path):
    clause = "青禾县推进绿色食品产业园建设"         # 14 characters, then a comma
    run = "，".join([clause] * 200) + "。"          # 2999 characters, one sentence end
    doc = read(tmp_path, "a.txt", run)
    chunks = texts(doc)
    assert len(chunks) == 4
    assert all(len(c) <= MAX_SENTENCE_CHARS for c in chunks)
    assert all(c.endswith("，") for c in chunks[:-1])         # cut after a comma, not inside a word
    assert "".join(chunks) == run


def test_run_without_any_break_is_cut_at_the_limit():
    text = "青" * 2500
    sentences = split_sentences(text, [(0, 2500)])
    assert [len(s.text) for s in sentences] == [1000, 1000, 500]


OFFSET_CASES = {
    "plain": ARTICLE,
    "front matter": FRONT + ARTICLE,
    "html": HTML,
    "wrapped": "青禾县坚持生态优先、绿色发展，闯出了一条从无到有、从粗放到高质\n\n量发展之路。 下一句。\n",
    "spaces": "  \u3000\u3000青禾县开工。   云溪市竣工！ \t\n\n   \n  产业园 。 ",
    "quotes": "“青禾县开工了！”“云溪市也开工了。”‘好’。「对」。",
    "long": ("青禾县" * 700 + "。") * 2,
    "long with spaces": ("云溪 市 " * 600),
    "controls": "青禾\x01县\x07开工\u200b。\ufeff云溪\x1b市。" + ARTICLE,
    "crlf": "青禾县开工。\r\n\r\n云溪市竣工。\r旧式换行。",
}


@pytest.mark.parametrize("name", sorted(OFFSET_CASES))
def test_offsets_invariant(tmp_path, name):
    doc = read(tmp_path, "case.html" if name == "html" else "case.txt", OFFSET_CASES[name])
    assert doc.sentences
    assert "".join(texts(doc)).replace(" ", "") == doc.text.replace("\n", "").replace(" ", "")


# --------------------------------------------------------------------------- encodings

GB18030_ONLY = "青禾县𠀾村与㐀里村€合作。"     # 𠀾 and € are not in GBK


@pytest.mark.parametrize("encoding, data, expected", [
    ("utf-8", ARTICLE.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
    ("gbk", ARTICLE.encode("gbk"), "gbk"),
    ("gb18030", (GB18030_ONLY + ARTICLE).encode("gb18030"), "gb18030"),
    ("utf-16-le with BOM", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le without BOM", ARTICLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", ARTICLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-32 with BOM", codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), "utf-32-le"),
])
def test_encodings(tmp_path, encoding, data, expected):
    doc = read(tmp_path, "a.txt", data)
    assert doc.encoding == expected
    if encoding == "gb18030":
        assert doc.text.startswith(GB18030_ONLY)
    else:
        assert doc.text == "\n".join([P1, P2, P3])
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.warnings == ()


def test_gbk_front_matter_and_source(tmp_path):
    doc = read(tmp_path, "a.txt", FRONT + ARTICLE + "\n<http://news.example.com/1.html>\n", encoding="gbk")
    assert (doc.encoding, doc.title, doc.source) == ("gbk", "青禾县：打造云溪东部\"绿色粮仓\"",
                                                     "http://news.example.com/1.html")


def test_utf8_cut_in_the_middle_of_a_character(tmp_path):
    data = ARTICLE.strip().encode("utf-8")[:-2]
    doc = read(tmp_path, "a.txt", data)
    assert doc.encoding == "utf-8"
    assert doc.text.endswith("引进新能源装备企业12家")
    assert doc.warnings == ("file ends in the middle of a utf-8 character; dropped the last 1 byte(s)",)


def test_utf8_with_a_few_damaged_bytes(tmp_path):
    data = ARTICLE.encode("utf-8").replace("总面积".encode("utf-8"), b"\xff\xfe\xfd", 1)
    doc = read(tmp_path, "a.txt", data)
    assert doc.encoding == "utf-8"
    assert doc.warnings == ("3 undecodable byte(s) replaced with U+FFFD",)
    assert doc.text.startswith("青禾县位于云溪市东部，\ufffd\ufffd\ufffd1280平方公里。")


TRADITIONAL = ("青禾縣位於雲溪市東部，總面積1280平方公里。今年，青禾縣計劃投資36億元建設綠色食品產業園，"
               "重點發展預製菜和冷鏈物流產業。縣裡還將推進雲溪高新區青禾片區開發，引進新能源裝備企業12家。")


def test_big5_is_not_taken_for_gb18030(tmp_path):
    # Big5 bytes decode "successfully" as GB18030 into rare and private-use characters.
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030") != TRADITIONAL
    doc = read(tmp_path, "a.txt", data)
    assert doc.text == TRADITIONAL
    assert doc.encoding == "big5"
    assert doc.warnings == ("encoding not UTF-8 or GB18030; big5 guessed by charset-normalizer",)


def test_traditional_chinese_in_gbk_stays_gbk(tmp_path):
    doc = read(tmp_path, "a.txt", TRADITIONAL.encode("gbk"))
    assert (doc.text, doc.encoding) == (TRADITIONAL, "gbk")


# --------------------------------------------------------------------------- files that are skipped

@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (PNG image), not text"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary file (PDF), not text"),
    (bytes(range(256)) * 16, "binary file (NUL bytes), not text"),
    (bytes([1, 2, 3, 4, 5, 6, 65, 66]) * 100, "binary file (control characters), not text"),
    (b"", "empty file"),
])
def test_skipped_content(tmp_path, data, reason):
    assert read_file(write(tmp_path, "x.txt", data), tmp_path) == Skipped("x.txt", reason)


def test_text_with_nothing_left_after_cleaning(tmp_path):
    path = write(tmp_path, "x.html", "<html><head><title>t</title><script>x()</script></head><body> </body></html>")
    assert read_file(path, tmp_path) == Skipped(
        "x.html", "no text left after cleaning (only front matter, markup or links)")
    path = write(tmp_path, "y.md", f"{FRONT}\n\n")
    assert read_file(path, tmp_path).reason.startswith("no text left after cleaning")


def test_too_large(tmp_path):
    path = write(tmp_path, "big.txt", "青" * 400_000)           # 1.2 MB
    assert read_file(path, tmp_path, max_bytes=2**20) == Skipped(
        "big.txt", "too large: 1.1 MB > 1 MB limit; raise max_file_mb in kg.toml")
    corpus = read_corpus([tmp_path], max_file_mb=0.5)
    assert corpus.skipped == (Skipped("big.txt", "too large: 1.1 MB > 0.5 MB limit; raise max_file_mb in kg.toml"),)


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "locked.txt", ARTICLE)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: a mode-000 file is still readable")
        assert read_file(path, tmp_path) == Skipped("locked.txt", "cannot read: permission denied")
    finally:
        path.chmod(0o644)


def test_missing_file_and_folder_are_skipped_not_raised(tmp_path):
    assert read_file(tmp_path / "gone.txt", tmp_path) == Skipped("gone.txt", "cannot read: the file is gone")
    (tmp_path / "sub").mkdir()
    assert read_file(tmp_path / "sub", tmp_path) == Skipped("sub", "not a file but a folder")


# --------------------------------------------------------------------------- a 50 MB file on one line

@pytest.fixture(scope="module")
def huge_file(tmp_path_factory) -> Path:
    """50 MB without a line break: clauses with commas, a sentence end every ~2200 characters."""
    path = tmp_path_factory.mktemp("huge") / "one_line.txt"
    sentence = "云溪市青禾县新建绿色食品产业园，" * 140 + "总投资三十亿元。"
    block = (sentence * 100).encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    return path


def test_50_mb_single_line(huge_file):
    size = huge_file.stat().st_size
    assert size >= 50 * 2**20
    started = time.perf_counter()
    doc = read_file(huge_file, huge_file.parent)
    elapsed = time.perf_counter() - started
    assert isinstance(doc, Document)
    assert elapsed < 60          # linear work takes seconds; anything quadratic would take hours
    assert len(doc.paragraphs) == 1
    assert len(doc.text) == size // 3
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE_CHARS
    first, last = doc.sentences[0], doc.sentences[-1]
    assert doc.text[first.start:first.end] == first.text and first.text.startswith("云溪市青禾县")
    assert doc.text[last.start:last.end] == last.text and last.end == len(doc.text)
    assert sum(len(s.text) for s in doc.sentences) == len(doc.text)


def test_50_mb_single_line_over_the_limit_is_skipped(huge_file):
    skipped = read_file(huge_file, huge_file.parent, max_bytes=10 * 2**20)
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("too large: 50.")


def test_one_mb_article_is_fast(tmp_path):
    unit = f"{FRONT}<p>{P1}</p>\n<p>园区建设</p>\n<p>{P2}{P3}</p>\n"
    path = write(tmp_path, "mb.txt", unit + (unit.split("---\n", 2)[2]) * (2**20 // len(unit.encode())))
    best = min(_cpu_seconds(read_file, path, tmp_path) for _ in range(3))
    assert best < 0.5            # about 0.1 s of CPU; generous for a slow CI machine


def _cpu_seconds(function, *args) -> float:
    """CPU time of this process: other jobs on a busy machine do not count."""
    started = time.process_time()
    assert isinstance(function(*args), Document)
    return time.process_time() - started


# --------------------------------------------------------------------------- listing files

@pytest.fixture()
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    write(root, "b.txt", ARTICLE)
    write(root, "a.MD", ARTICLE)
    write(root, "sub/c.html", HTML)
    write(root, "sub/deeper/d.htm", HTML)
    write(root, "a-b/e.markdown", ARTICLE)
    write(root, "report.pdf", b"%PDF-1.4\n")
    write(root, "notes", "无扩展名")
    write(root, ".hidden.txt", ARTICLE)
    write(root, ".git/config.txt", ARTICLE)
    write(root, "sub/.cache/x.txt", ARTICLE)
    return root


def test_iter_files_order_hidden_and_roots(corpus):
    found = list(iter_files([corpus]))
    assert [f.relative_to(corpus).as_posix() for f, _ in found] == [
        "a-b/e.markdown", "a.MD", "b.txt", "sub/c.html", "sub/deeper/d.htm"]
    assert all(root == corpus for _, root in found)


def test_iter_files_named_file_and_dedup(corpus):
    found = list(iter_files([corpus / "b.txt", str(corpus / "report.pdf"), corpus]))
    assert found[:2] == [(corpus / "b.txt", corpus), (corpus / "report.pdf", corpus)]   # .pdf named: tried
    assert [f.name for f, _ in found] == ["b.txt", "report.pdf", "e.markdown", "a.MD", "c.html", "d.htm"]


def test_iter_files_missing_path(corpus, tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(CorpusError) as info:
        list(iter_files([corpus, missing]))
    assert str(info.value) == f"{missing}: no such file or folder"


def test_unknown_extensions_are_skipped_with_a_reason(corpus):
    skipped = [e for e in iter_entries([corpus]) if isinstance(e, Skipped)]
    assert skipped == [
        Skipped("notes", "not an article file (no extension); kg reads .txt, .md and .html"),
        Skipped("report.pdf", "not an article file (.pdf); kg reads .txt, .md and .html"),
    ]


def test_named_file_with_other_extension_is_read_as_text(tmp_path):
    path = write(tmp_path, "article.csv", ARTICLE)
    corpus = read_corpus([path])
    assert [d.path for d in corpus.documents] == ["article.csv"]


def test_read_corpus(corpus):
    result = read_corpus([corpus])
    assert [d.path for d in result.documents] == [
        "a-b/e.markdown", "a.MD", "b.txt", "sub/c.html", "sub/deeper/d.htm"]
    assert [s.path for s in result.skipped] == ["notes", "report.pdf"]
    assert result.encodings == {d.path: "utf-8" for d in result.documents}
    doc = result.documents[2]
    assert doc.id == hashlib.sha1(b"b.txt").hexdigest()[:16]
    assert doc.sha256 == hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert read_corpus([corpus]) == result                    # deterministic


def test_read_corpus_file_given_directly_uses_its_name(corpus):
    result = read_corpus([corpus / "sub" / "c.html"])
    assert [(d.path, d.id) for d in result.documents] == [("c.html", hashlib.sha1(b"c.html").hexdigest()[:16])]


def test_iter_documents_streams(corpus):
    records = iter_documents([corpus])
    first = next(records)
    assert isinstance(first, Document) and first.path == "a-b/e.markdown"
    assert len(list(records)) == 6


def test_same_relative_path_under_two_folders(tmp_path):
    write(tmp_path / "one", "a.txt", ARTICLE)
    write(tmp_path / "two", "a.txt", P1)
    result = read_corpus([tmp_path / "one", tmp_path / "two"])
    assert [d.text for d in result.documents] == ["\n".join([P1, P2, P3])]
    assert result.skipped == (Skipped("a.txt", "same relative path as a file already read from another folder; "
                                               "rename one or build them separately"),)


def test_max_file_mb_must_be_positive(corpus):
    with pytest.raises(CorpusError, match="max_file_mb must be a positive number of megabytes, not 0"):
        read_corpus([corpus], max_file_mb=0)


def test_empty_folder_reads_nothing(tmp_path):
    assert read_corpus([tmp_path]) == read_corpus([]) == read_corpus([tmp_path])
    assert read_corpus([tmp_path]).documents == ()


def test_permission_denied_reason(tmp_path, monkeypatch):
    """The same reason when the OS refuses the read (also checked when the tests run as root)."""
    path = write(tmp_path, "locked.txt", ARTICLE)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_file(path, tmp_path) == Skipped("locked.txt", "cannot read: permission denied")


def test_unclosed_front_matter_before_a_rule_further_down(tmp_path):
    text = f"---\ntitle: 青禾县新闻\n\n{P1}\n\n{P2}\n\n---\n\n{P3}\n"
    doc = read(tmp_path, "a.md", text)
    assert doc.title == "青禾县新闻"
    assert doc.text == "\n".join([P1, P2, P3])
    assert doc.warnings[0].startswith("front matter has no closing '---' line")


def test_utf8_with_stray_bytes_is_not_read_as_gbk(tmp_path):
    text = "今年企业投资计划重点发展东部片区绿色食品冷链物流" * 8
    data = text.encode("utf-8")[:60] + b"\xa1\xa1" + text.encode("utf-8")[60:]
    assert data.decode("gbk")                      # GBK accepts these bytes: as mojibake
    doc = read(tmp_path, "a.txt", data)
    assert doc.encoding == "utf-8"
    assert doc.text == text[:20] + "\ufffd\ufffd" + text[20:]
    assert doc.warnings == ("2 undecodable byte(s) replaced with U+FFFD",)


def test_a_single_path_is_accepted(corpus):
    assert list(iter_files(str(corpus))) == list(iter_files([corpus]))


@pytest.mark.parametrize("unit", ["<!--", "<![CDATA[", "<a href='x' ", "</x", "<p "])
def test_unclosed_markup_is_read_in_linear_time(tmp_path, unit):
    """html.parser rescans the rest of the input for each unclosed construct; the reader defuses them."""
    path = write(tmp_path, "bad.html", f"<p>{P1}</p>" + unit * 100_000)
    started = time.process_time()
    doc = read_file(path, tmp_path)
    assert time.process_time() - started < 10          # ~0.5 s; quadratic would take minutes
    assert isinstance(doc, Document)
    assert doc.sentences[0].text == P1
    assert_offsets(doc)


def test_markdown_list_items_and_table_rows_are_paragraphs_of_their_own(tmp_path):
    doc = read(tmp_path, "a.md", "# 标题\n\n- 甲园区建成投用\n- 乙项目开工\n\n| 园区 | 主导产业 |\n| 丙园 | 新材料 |\n")
    assert [s.text for s in doc.sentences][-4:] == ["甲园区建成投用", "乙项目开工", "| 园区 | 主导产业 |", "| 丙园 | 新材料 |"]

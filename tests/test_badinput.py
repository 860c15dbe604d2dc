"""Bad input through `kg build` end to end: odd encodings are decoded and recorded, bad files are
skipped with a reason in report.json, warnings go to stderr, and no traceback ever shows.

The reader's own unit tests (tests/test_read.py) cover decoding in detail; these check what a
user of the command sees.
"""
from __future__ import annotations

import codecs
import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

# Made-up articles about real places (the extractor needs real districts to find any).
ARTICLE = ("淄博市临淄区位于山东省中部。今年，临淄区计划投资36亿元建设淄博绿色食品产业园，"
           "重点发展预制菜和冷链物流产业。\n\n临淄区还将推进淄博高新区临淄片区开发，引进新能源装备企业12家。\n")
ARTICLE_2 = "桓台县位于山东省淄博市北部。桓台县投资20亿元建设桓台蔬菜物流园，重点发展现代农业。\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def kg_build(*args: str):
    result = CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def skipped(out: Path) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report(out)["skipped"]}


def test_chinese_encodings_are_decoded_and_recorded(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "utf8.md", "# 临淄区\n\n" + ARTICLE)
    write(corpus, "gbk.txt", ARTICLE, "gbk")
    # 㙟 is in GB18030 but not in GBK: the file is GB18030
    write(corpus, "gb18030.txt", ARTICLE_2.replace("北部。", "北部，古称㙟城。"), "gb18030")
    write(corpus, "utf16.txt", codecs.BOM_UTF16_LE + ARTICLE_2.encode("utf-16-le"))
    write(corpus, "utf16be-nobom.txt", ("Shouguang\n" + ARTICLE_2).encode("utf-16-be"))
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    r = report(out)
    assert {d["path"]: d["encoding"] for d in r["documents"]} == {
        "gb18030.txt": "gb18030", "gbk.txt": "gbk", "utf16.txt": "utf-16-le",
        "utf16be-nobom.txt": "utf-16-be", "utf8.md": "utf-8"}
    assert r["encodings"] == {"gb18030": 1, "gbk": 1, "utf-16-be": 1, "utf-16-le": 1, "utf-8": 1}
    assert r["skipped"] == []
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert '"gbk"' in ttl and '"utf-16-le"' in ttl            # kg:encoding of the documents
    assert "桓台蔬菜物流园" in ttl and "淄博绿色食品产业园" in ttl  # decoded text was extracted
    assert "古称㙟城" in ttl                                     # provenance keeps the GB18030-only character


def test_bad_files_are_skipped_with_a_reason_and_a_warning(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "good.md", ARTICLE)
    write(corpus, "image.txt", PNG)                               # binary under an article's name
    write(corpus, "nul.txt", random.Random(0).randbytes(20000))  # binary without a known signature
    write(corpus, "photo.png", PNG)                              # not an article file at all
    write(corpus, "empty.txt", b"")
    write(corpus, "blank.md", "---\ntitle: nothing\n---\n\n   \n")
    os.symlink(tmp_path / "gone.txt", corpus / "dangling.txt")   # unreadable: the target is gone
    os.mkfifo(corpus / "pipe.txt")                              # not a regular file (never opened)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert skipped(out) == {
        "blank.md": "no text left after cleaning (only front matter, markup or links)",
        "dangling.txt": "cannot read: the file is gone",
        "empty.txt": "empty file",
        "image.txt": "binary file (PNG image), not text",
        "nul.txt": "binary file (NUL bytes), not text",
        "photo.png": "not an article file (.png); kg reads .txt, .md and .html",
        "pipe.txt": "not a regular file",
    }
    assert [d["path"] for d in report(out)["documents"]] == ["good.md"]
    assert report(out)["counts"]["documents_skipped"] == 7
    assert "skipped empty.txt: empty file\n" in result.stderr
    assert "skipped image.txt: binary file (PNG image), not text\n" in result.stderr
    assert "1 document(s) read (0 unchanged), 7 skipped" in result.stderr
    assert result.stdout == ""


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write(corpus, "good.md", ARTICLE)
    secret = write(corpus, "secret.txt", ARTICLE_2)
    secret.chmod(0)
    if os.geteuid() == 0:          # root reads whatever the permissions: make the reader meet the error
        read_bytes = Path.read_bytes

        def refuse(self):
            if self.name == "secret.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert skipped(out) == {"secret.txt": "cannot read: permission denied"}


def test_broken_front_matter_is_read_with_warnings(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "unclosed.md", "---\ntitle: \"临淄区\n" + ARTICLE)                 # no closing ---
    write(corpus, "badlines.md", "---\ntitle: 寿光\ndate: 2024-13-45\ntags: [a, b\n---\n" + ARTICLE_2)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    docs = {d["path"]: d for d in report(out)["documents"]}
    assert set(docs) == {"unclosed.md", "badlines.md"}
    assert docs["badlines.md"]["title"] == "寿光"
    assert docs["badlines.md"]["date"] is None
    warnings = docs["badlines.md"]["warnings"]
    assert "front matter date '2024-13-45' is not a date (expected YYYY-MM-DD); ignored" in warnings
    assert any("unclosed [" in w for w in warnings)
    for w in warnings:                                         # each document warning is on stderr too
        assert f"badlines.md: {w}" in result.stderr
    assert "淄博绿色食品产业园" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_html_scripts_and_styles_are_not_text(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>临淄区新闻</title>"
            "<style>p { color: red } .x:after { content: '伪造科技园' }</style>"
            "<script>var park = '脚本产业园'; if (a < b && c > d) { document.write('<p>假园区</p>') }</script>"
            "</head><body><script type='text/javascript'>\n// 注释开发区\n</script>"
            f"<p>{ARTICLE.splitlines()[0]}</p><noscript>请启用脚本</noscript><p>完。</p></body></html>")
    corpus = tmp_path / "corpus"
    write(corpus, "page.html", page)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "淄博绿色食品产业园" in ttl
    for word in ("伪造科技园", "脚本产业园", "假园区", "注释开发区", "color", "document.write"):
        assert word not in ttl
    assert report(out)["documents"][0]["title"] == "临淄区新闻"


def test_long_line_without_breaks_is_read(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "oneline.txt", ARTICLE.replace("\n", "") * 40)          # ~4,000 characters, one line
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    doc = report(out)["documents"][0]
    assert doc["sentences"] >= 40 * 3


def test_50_mb_file_without_line_breaks_is_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "good.md", ARTICLE)
    chunk = ("data kg park zone " * 1000).encode("ascii")
    with open(corpus / "dump.txt", "wb") as fh:
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    reason = skipped(out)["dump.txt"]
    assert reason.startswith("too much text for an article: 52,")
    assert reason.endswith(" characters in 1 line(s) > 1,000,000; raise max_text_chars in kg.toml to extract it")
    assert f"skipped dump.txt: {reason}" in result.stderr


def test_nothing_readable_is_an_error_and_out_is_untouched(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "image.txt", PNG)
    write(corpus, "empty.txt", b"")
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"Error: no document could be read from {corpus} (2 file(s) skipped: empty.txt: empty file; "
        "image.txt: binary file (PNG image), not text); kg reads .txt, .md and .html files\n")
    assert "skipped image.txt: binary file (PNG image), not text\n" in result.stderr   # warned first
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]          # no work folder, no lock left


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "corpus").mkdir()
    result = kg_build(tmp_path / "corpus", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: no document could be read from {tmp_path / 'corpus'}: no files found; "
                             "kg reads .txt, .md and .html files\n")


def test_missing_path_is_an_error(tmp_path):
    result = kg_build(tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope'}: no such file or folder\n"
    assert not (tmp_path / "out").exists()

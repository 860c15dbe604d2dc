"""A corpus that fights back (issue 14): link loops, file names that are not UTF-8, UTF-16 without a
byte order mark, a folder tree 2,100 deep, a folder that cannot be listed.

Each bad file or folder is skipped with a reason (report.json "skipped" and a warning line), the
build goes on, no traceback shows, and nothing under the corpus is changed. The situations are made
for real (links, bytes names, deep trees) in ``tmp_path``.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.read import iter_entries, read_corpus, read_file
from kg.records import Document, Skipped

# Made-up articles about real places (the extractor needs real districts to find any).
ARTICLE = ("淄博市临淄区位于山东省中部。今年，临淄区计划投资36亿元建设淄博绿色食品产业园，"
           "重点发展预制菜和冷链物流产业。\n")
ARTICLE_2 = "桓台县位于山东省淄博市北部。桓台县投资20亿元建设桓台蔬菜物流园，重点发展现代农业。\n"
GUOJIA = b"\xb9\xfa\xbc\xd2"          # 国家 in GBK: not UTF-8


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def kg_build(*args) -> object:
    result = CliRunner().invoke(cli, ["build", *map(str, args), "--jobs", "1"], catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_bytes().decode("utf-8"))     # strict UTF-8


def skipped(out: Path) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report(out)["skipped"]}


def snapshot(folder: Path) -> dict[str, tuple]:
    """What is under ``folder`` (links not followed): names, kinds, link targets, contents."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_symlink():
            found[os.fsencode(path)] = ("link", os.readlink(path))
        elif path.is_dir():
            found[os.fsencode(path)] = ("dir",)
        else:
            found[os.fsencode(path)] = ("file", path.read_bytes())
    return found


# --------------------------------------------------------------------------- links

LOOP = "cannot read: symbolic link loop (the link leads back to itself)"


def make_links(corpus: Path, tmp_path: Path) -> None:
    write(corpus, "good.txt", ARTICLE)
    os.symlink("b.txt", corpus / "a.txt")                 # a -> b -> a
    os.symlink("a.txt", corpus / "b.txt")
    os.symlink("self.txt", corpus / "self.txt")           # a link to itself
    os.symlink(tmp_path / "gone.txt", corpus / "dangling.txt")
    write(corpus, "sub/c.txt", ARTICLE_2)
    os.symlink("..", corpus / "sub" / "loop")             # a folder link back to the corpus
    os.symlink(".", corpus / "sub" / "here")              # ... and to its own folder


def test_link_loops_and_dangling_links_are_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    make_links(corpus, tmp_path)
    before = snapshot(corpus)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out)
    assert result.exit_code == 0, result.output
    assert skipped(out) == {
        "a.txt": LOOP, "b.txt": LOOP, "self.txt": LOOP,
        "dangling.txt": "cannot read: the file is gone",
        "sub/here": "symbolic link loop: leads back to sub, a folder that holds it; not followed",
        "sub/loop": "symbolic link loop: leads back to the corpus folder, a folder that holds it; not followed",
    }
    assert [d["path"] for d in report(out)["documents"]] == ["good.txt", "sub/c.txt"]
    assert f"skipped a.txt: {LOOP}\n" in result.stderr
    assert snapshot(corpus) == before                       # nothing under the corpus changed


def test_folder_links_are_followed_once(tmp_path):
    """A link to a folder outside the corpus is read through; a second link to it is not read twice."""
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "e.txt", ARTICLE_2)
    corpus = tmp_path / "corpus"
    write(corpus, "real/r.txt", ARTICLE)
    os.symlink(elsewhere, corpus / "linked")
    os.symlink(elsewhere, corpus / "linked_again")
    os.symlink("real", corpus / "alias")                   # a link to a folder inside the corpus
    entries = list(iter_entries([corpus]))
    assert [e if isinstance(e, Skipped) else e[0].relative_to(corpus).as_posix() for e in entries] == [
        Skipped("alias", "symbolic link to a folder read already (real); not read twice"),
        "linked/e.txt",
        Skipped("linked_again", "symbolic link to a folder read already (linked); not read twice"),
        "real/r.txt",
    ]


def test_a_named_link_loop_is_an_error_that_says_so(tmp_path):
    os.symlink("a.txt", tmp_path / "a.txt")
    result = kg_build(tmp_path / "a.txt", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'a.txt'}: a symbolic link that leads nowhere "
                             "(its target is missing, or it leads back to itself)\n")


# --------------------------------------------------------------------------- names that are not UTF-8

def test_file_name_that_is_not_utf8_is_read_and_every_output_loads(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "good.txt", ARTICLE)
    fd = os.open(os.fsencode(corpus) + b"/" + GUOJIA + b".txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, ARTICLE_2.encode("utf-8"))
    os.close(fd)
    os.mkdir(os.fsencode(corpus) + b"/" + GUOJIA)                         # a folder too
    write(corpus, os.fsdecode(GUOJIA + b"/photo.png"), b"\x89PNG\r\n\x1a\n")
    before = snapshot(corpus)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out)
    assert result.exit_code == 0, result.output
    shown = r"\xb9\xfa\xbc\xd2.txt"
    r = report(out)
    docs = {d["path"]: d for d in r["documents"]}
    assert set(docs) == {"good.txt", shown}
    assert docs[shown]["warnings"] == [
        r"file name is not UTF-8: shown with its bytes escaped as \xNN (as GB18030 it reads 国家.txt); "
        "rename it in UTF-8 to show its name"]
    assert skipped(out) == {r"\xb9\xfa\xbc\xd2/photo.png": "not an article file (.png); kg reads .txt, .md and .html"}
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert rdflib.Literal(shown) in set(graph.objects())
    assert "桓台蔬菜物流园" in (out / "graph.ttl").read_text(encoding="utf-8")
    import networkx as nx

    nx.read_graphml(out / "graph.graphml")
    (out / "graph.html").read_bytes().decode("utf-8")
    assert f"{shown}: file name is not UTF-8" in result.stderr
    assert snapshot(corpus) == before
    again = kg_build(corpus, "-o", out)                   # the cache and the inputs' digest take it too
    assert again.exit_code == 0 and report(out)["unchanged"] is True, again.output


def test_corpus_folder_whose_name_is_not_utf8(tmp_path):
    corpus = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + GUOJIA))
    write(corpus, "good.txt", ARTICLE)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out)
    assert result.exit_code == 0, result.output
    assert [d["path"] for d in report(out)["documents"]] == ["good.txt"]


# --------------------------------------------------------------------------- UTF-16 without a byte order mark

CHINESE = "青禾县位于云溪市东部总面积一千二百八十平方公里今年计划投资建设绿色食品产业园"   # 38 characters, no ASCII


@pytest.mark.parametrize("text", [CHINESE, "青禾县位于云溪市东部，总面积一千二百八十平方公里。今年计划建设产业园。"],
                         ids=["bare", "punctuated"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_all_chinese_utf16_without_bom_is_text(tmp_path, text, encoding):
    doc = read_file(write(tmp_path, "a.txt", text.encode(encoding)), tmp_path)
    assert isinstance(doc, Document), doc
    assert (doc.encoding, doc.text, doc.warnings) == (encoding, text, ())


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.txt", CHINESE.encode("utf-16-le") * 20)
    return buffer.getvalue()


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n" + CHINESE.encode("utf-16-le") * 4, "binary file (PNG image), not text"),
    (_zip(), "binary file (ZIP archive or Office document), not text"),
    (b"%PDF-1.4\n" + CHINESE.encode("utf-16-be") * 4, "binary file (PDF), not text"),
])
def test_binary_files_holding_utf16_are_still_binary(tmp_path, data, reason):
    assert read_file(write(tmp_path, "x.txt", data), tmp_path) == Skipped("x.txt", reason)


def test_random_bytes_are_not_taken_for_utf16(tmp_path):
    """Random bytes, and random bytes that UTF-16 decodes without error in either byte order (no
    surrogate bytes D8-DF), short and long: all binary."""
    rng = random.Random(14)
    clean = bytes(b for b in range(256) if not 0xD8 <= b <= 0xDF)
    for i in range(400):
        size = rng.randrange(32, 128) if i % 2 else rng.randrange(1024, 8192)
        data = rng.randbytes(size) if i % 4 < 2 else bytes(rng.choices(clean, k=size))
        record = read_file(write(tmp_path, f"r{i}.txt", data), tmp_path)
        assert isinstance(record, Skipped), (i, record.encoding, record.text[:40])


def test_gbk_and_utf8_chinese_are_not_taken_for_utf16(tmp_path):
    for encoding in ("gbk", "utf-8"):
        doc = read_file(write(tmp_path, "a.txt", CHINESE.encode(encoding)), tmp_path)
        assert (doc.encoding, doc.text) == (encoding, CHINESE)


# --------------------------------------------------------------------------- a tree 2,100 folders deep

DEPTH = 2100


def make_deep(root: Path, depth: int, files: dict[int, str]) -> None:
    """``root``/d/d/.../d, ``depth`` folders, made through folder descriptors (no path gets long);
    ``files`` puts an a.txt at some depths."""
    root.mkdir()
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(1, depth + 1):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
            if level in files:
                f = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(f, files[level].encode("utf-8"))
                os.close(f)
    finally:
        os.close(fd)


def remove_deep(root: Path) -> None:
    """Remove a tree made by ``make_deep`` one level at a time from the top (shutil.rmtree, and so
    pytest's clean-up, recurses per level and fails past ~1,000)."""
    top, spare = root / "d", root / "spare"
    while top.exists():
        (top / "a.txt").unlink(missing_ok=True)
        if (top / "d").exists():
            os.rename(top / "d", spare)
            os.rmdir(top)
            os.rename(spare, top)
        else:
            os.rmdir(top)


@pytest.fixture
def deep(tmp_path):
    root = tmp_path / "deep"
    make_deep(root, DEPTH, {1: ARTICLE, 50: ARTICLE_2, DEPTH: ARTICLE})
    yield root
    remove_deep(root)


def test_2100_nested_folders(deep, tmp_path):
    corpus = read_corpus([deep])
    assert [d.path for d in corpus.documents] == ["d/a.txt", "d/" * 50 + "a.txt"]
    # the system opens no path longer than PATH_MAX (4,096 bytes): the folder past it is skipped
    [(path, reason)] = [(s.path, s.reason) for s in corpus.skipped]
    assert path == "/".join(["d"] * path.count("d"))
    assert len(os.fsencode(deep / path)) >= 4096 > len(os.fsencode(deep / path)) - 2
    assert reason == f"cannot list folder: file name too long ({len(os.fsencode(deep / path)):,} bytes)"
    out = tmp_path / "out"
    result = kg_build(deep, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(report(out)["documents"]) == 2 and list(skipped(out).values()) == [reason]


# --------------------------------------------------------------------------- folders that cannot be listed

def test_folder_that_cannot_be_listed_is_skipped_with_a_reason(tmp_path, monkeypatch):
    """Made to bite as root too: the OS is made to refuse to list this one real folder."""
    corpus = tmp_path / "corpus"
    write(corpus, "good.txt", ARTICLE)
    write(corpus, "locked/inner/secret.txt", ARTICLE_2)
    scandir = os.scandir

    def refuse(path="."):
        if not isinstance(path, int) and os.fspath(path) == os.fspath(corpus / "locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert read_corpus([corpus]).skipped == (Skipped("locked", "cannot list folder: permission denied"),)
    out = tmp_path / "out"
    result = kg_build(corpus, "-o", out)
    assert result.exit_code == 0, result.output
    assert skipped(out) == {"locked": "cannot list folder: permission denied"}
    assert "skipped locked: cannot list folder: permission denied\n" in result.stderr


def test_mode_000_folder_is_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "good.txt", ARTICLE)
    locked = write(corpus, "locked/secret.txt", ARTICLE_2).parent
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: a mode-000 folder is still readable")
        assert read_corpus([corpus]).skipped == (Skipped("locked", "cannot list folder: permission denied"),)
    finally:
        locked.chmod(0o755)


def test_named_folder_that_cannot_be_listed_is_an_error(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write(corpus, "good.txt", ARTICLE)
    scandir = os.scandir

    def refuse(path="."):
        if not isinstance(path, int) and os.fspath(path) == os.fspath(corpus):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = kg_build(corpus, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {corpus}: cannot list folder: permission denied\n"

"""The output folder under hostile and careless use (issue 14): kg replaces only a folder it can
prove it wrote, never deletes what it did not write, never loads code from folders beside OUT,
runs its own modules whatever the current folder, and says why it cannot write instead of
crashing. Every situation is made for real: folders, files, pickles, a ``kg`` package in the
current folder, a store whose files are damaged.
"""
from __future__ import annotations

import builtins
import dataclasses
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import pipeline
from kg.cache import CACHE_DIR, ExtractionCache, cache_key, load_entry, write_entry
from kg.errors import ExportError
from kg.records import Document, Extraction, Sentence, Skipped
from kg.settings import Settings
from kg.store import STORE_DIR

from test_pipeline import A, B, C, assert_usable, beside, build, kg, make_corpus, snapshot

MARKER = pipeline.MARKER


def marker(out: Path) -> dict:
    return json.loads((out / MARKER).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- what a build may replace


def test_a_users_folder_holding_a_report_json_is_refused_and_nothing_deleted(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    build(corpus, tmp_path / "real")
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(tmp_path / "real" / "report.json", mine / "report.json")   # even a real kg report
    (mine / "graph.ttl").write_text("my own turtle", encoding="utf-8")
    (mine / "notes.txt").write_text("precious", encoding="utf-8")
    (mine / "drafts").mkdir()
    (mine / "drafts" / "a.md").write_text("draft", encoding="utf-8")
    before = snapshot(mine)

    result = kg("build", corpus, "-o", mine)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {mine} holds drafts/ and notes.txt, which kg did not write; a build "
                             f"replaces OUT as a whole, so move them out of {mine} or give -o a new or "
                             "empty folder\n")
    assert snapshot(mine) == before
    assert beside(mine) == []


def test_many_foreign_names_are_counted(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    mine = tmp_path / "mine"
    mine.mkdir()
    for i in range(9):
        (mine / f"f{i}.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match=rf"^{mine} holds f0.txt, f1.txt, f2.txt, f3.txt, f4.txt and 4 "
                                          r"more, which kg did not write; "):
        pipeline.build([corpus], mine, Settings(jobs=1))
    assert len(list(mine.iterdir())) == 9


def test_a_file_added_to_a_built_out_is_refused_and_kept(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    assert set(marker(out)["entries"]) == {".cache", MARKER, "graph.graphml", "graph.html", "graph.ttl",
                                           "report.json", "store"}
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    (corpus / "c.md").write_text(C, encoding="utf-8")

    result = kg("build", corpus, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out} holds notes.txt, which kg did not write; a build replaces OUT as a "
                             f"whole, so move it out of {out} or give -o a new or empty folder\n")
    assert snapshot(out) == before
    (out / "notes.txt").rename(tmp_path / "notes.txt")
    assert build(corpus, out)["counts"]["documents_read"] == 3


def test_an_empty_folder_is_fine(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    (tmp_path / "out").mkdir()
    build(corpus, tmp_path / "out")
    assert_usable(tmp_path / "out")


def test_pages_kg_viz_writes_into_out_count_as_kgs(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    result = kg("viz", "--graph", out, "--focus", "寒亭区")
    assert result.exit_code == 0, result.output
    page = Path(result.stdout.strip())
    assert page.parent == out and page.name.startswith("focus-")
    result = kg("viz", "--graph", out, "-o", out / "graph.html")
    assert result.exit_code == 0, result.output
    assert page.name in marker(out)["entries"]
    result = kg("viz", "--graph", out, "-o", out / "views" / "all.html")   # a folder may be the user's
    assert result.exit_code == 0, result.output
    assert "views" not in marker(out)["entries"]

    (corpus / "c.md").write_text(C, encoding="utf-8")
    result = kg("build", corpus, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {out} holds views/, which kg did not write; ")
    shutil.rmtree(out / "views")
    assert build(corpus, out)["counts"]["documents_read"] == 3        # replaced, but for kg viz's pages
    assert page.exists() and page.name in marker(out)["entries"]


def viz(out: Path, *args) -> Path:
    result = kg("viz", "--graph", out, *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_a_rebuild_writes_kg_viz_pages_again_from_the_new_graph(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    focus = viz(out, "--focus", "潍坊市")
    deep = viz(out, "--focus", "寒亭区", "--depth", "2", "-o", out / "mine.html")
    whole = viz(out, "-o", out / "all.html")
    assert "青州市" not in focus.read_text(encoding="utf-8")
    shutil.copy(out / "graph.html", out / "older.html")      # a page an older kg viz wrote: no arguments kept
    pipeline.register_output(out, out / "older.html")
    older = (out / "older.html").read_bytes()

    (corpus / "c.md").write_text(C, encoding="utf-8")          # 青州市, in 潍坊市
    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for page, args in ((focus, ["--focus", "潍坊市"]), (deep, ["--focus", "寒亭区", "--depth", "2"]),
                       (whole, [])):
        again = viz(out, *args, "-o", tmp_path / "again.html")    # what kg viz writes from the new graph
        assert page.read_bytes() == again.read_bytes(), page
    assert "青州市" in focus.read_text(encoding="utf-8")
    assert (out / "older.html").read_bytes() == older
    assert (f"wrote {whole} again from the new graph\n"                 # in the order of their names
            f"wrote {focus} again from the new graph (--focus 潍坊市 --depth 1)\n"
            f"wrote {deep} again from the new graph (--focus 寒亭区 --depth 2)\n") in result.stderr
    assert (f"kept {out / 'older.html'} as it was: it shows the graph of the previous build (kg does not know how "
            f"it was made); to show this one: kg viz --graph {out} --focus LABEL -o {out / 'older.html'}\n"
            ) in result.stderr
    assert marker(out)["views"] == {"all.html": {"focus": None, "depth": 1},
                                    "focus-潍坊市.html": {"focus": "潍坊市", "depth": 1},
                                    "mine.html": {"focus": "寒亭区", "depth": 2}}
    assert {"all.html", "focus-潍坊市.html", "mine.html", "older.html"} <= set(marker(out)["entries"])
    assert beside(out) == []
    assert_usable(out)


def test_a_page_whose_focus_the_new_graph_lacks_is_kept_as_it_was(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    page = viz(out, "--focus", "寿光市")                         # only in B
    before = page.read_bytes()

    (corpus / "b.md").unlink()
    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == before
    assert (f'kept {page} as it was: it shows the graph of the previous build (no entity labelled "寿光市" in '
            f"{out}; try one of: ") in result.stderr
    assert (f"); to show this one: kg viz --graph {out} --focus 寿光市 --depth 1 -o {page}\n") in result.stderr
    assert ".tmp-" not in result.stderr

    (corpus / "b.md").write_text(B.replace("寿光蔬菜物流园", "寿光种业产业园"), encoding="utf-8")
    build(corpus, out)                                          # the focus is back: written again
    assert "寿光种业产业园" in page.read_text(encoding="utf-8")
    assert page.read_bytes() == viz(out, "--focus", "寿光市", "-o", tmp_path / "again.html").read_bytes()


def test_a_page_kg_viz_writes_during_a_build_is_kept(tmp_path, monkeypatch):
    from kg.store import open_graph
    from kg.viz import write_view

    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    early = viz(out, "--focus", "潍坊市")
    (corpus / "c.md").write_text(C, encoding="utf-8")
    real = pipeline.carry_views
    written = {}

    def meanwhile(*args, **kwargs):              # the user runs kg viz on OUT after kg carried its pages over
        carried = real(*args, **kwargs)
        for name, label in (("focus-寒亭区.html", "寒亭区"), (early.name, "潍坊市")):
            page = write_view(open_graph(out), out, focus=label, depth=2)
            pipeline.register_output(out, page, view={"focus": label, "depth": 2})
            written[name] = page.read_bytes()
        return carried

    monkeypatch.setattr(pipeline, "carry_views", meanwhile)
    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for name, data in written.items():           # moved into the new OUT as they were, and said so
        assert (out / name).read_bytes() == data
        assert (f"kept {out / name} as kg viz wrote it during the build: it shows the graph of the previous "
                "build; run kg viz again to show this one") in result.stderr
    assert marker(out)["views"]["focus-寒亭区.html"] == {"focus": "寒亭区", "depth": 2}
    assert beside(out) == []

    monkeypatch.setattr(pipeline, "carry_views", real)
    build(corpus, out, "--jobs", "1", "--no-cache")               # and written again by the next build
    for name, label in (("focus-寒亭区.html", "寒亭区"), (early.name, "潍坊市")):
        again = viz(out, "--focus", label, "--depth", "2", "-o", tmp_path / "again.html")
        assert (out / name).read_bytes() == again.read_bytes()


def test_a_leftover_holding_a_page_out_lacks_is_left_alone(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    page = viz(out, "--focus", "寒亭区")
    left = tmp_path / ".out.old-1-00000000"                  # a build killed between its renames and its clean-up
    shutil.copytree(out, left)
    page.unlink()
    (corpus / "b.md").write_text(B, encoding="utf-8")
    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (left / page.name).exists()
    assert (f"left {left} alone: it holds {page.name}, which kg viz wrote and {out} lacks; remove it yourself if "
            "nothing in it is yours") in result.stderr


def test_an_out_of_an_older_kg_is_replaced_only_when_it_holds_only_kgs_files(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    (out / MARKER).unlink()                    # what an older kg wrote: no marker
    shutil.copy(out / "graph.html", out / "focus-寒亭区.html")
    (corpus / "b.md").write_text(B, encoding="utf-8")
    assert build(corpus, out)["counts"]["documents_read"] == 2
    assert MARKER in marker(out)["entries"]

    (out / MARKER).unlink()
    (out / "report.json").write_text('{"mine": 1}', encoding="utf-8")
    before = snapshot(out)
    result = kg("build", corpus, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out} has no {MARKER} and its report.json is not one kg wrote, so kg "
                             f"cannot tell that it wrote {out}; a build replaces OUT as a whole: give -o a "
                             "new or empty folder\n")
    assert snapshot(out) == before


def test_a_file_added_to_out_during_a_build_is_kept(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    (corpus / "b.md").write_text(B, encoding="utf-8")
    real = pipeline.write_outputs

    def meanwhile(*args, **kwargs):              # the user saves a file into OUT while kg builds
        (out / "notes.txt").write_text("mine", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "write_outputs", meanwhile)
    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".out.old-")]
    assert len(kept) == 1 and (kept[0] / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (f"kept the previous {out} as {kept[0]}: it holds notes.txt, which kg did not write; "
            "take what you need from it and remove it") in result.stderr
    assert_usable(out)
    monkeypatch.setattr(pipeline, "write_outputs", real)
    result = kg("build", corpus, "-o", out, "--jobs", "1")            # left alone, never deleted
    assert result.exit_code == 0, result.output
    assert (kept[0] / "notes.txt").exists()
    assert f"left {kept[0]} alone: it holds notes.txt, which kg did not write" in result.stderr


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(tmp_path):
    """The lock file is truncated and written: never through a link to someone's file."""
    corpus = make_corpus(tmp_path / "corpus", a=A)
    (tmp_path / "precious.txt").write_text("precious", encoding="utf-8")
    (tmp_path / ".out.lock").symlink_to("precious.txt")
    result = kg("build", corpus, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / '.out.lock'} is a symbolic link, where kg keeps the lock of a "
                             f"build into {tmp_path / 'out'}; remove the link\n")
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "precious"
    assert (tmp_path / ".out.lock").is_symlink()


# --------------------------------------------------------------------------- folders beside OUT


class _Payload:
    """Unpickled, creates the file ``target`` (what a planted pickle could do instead)."""

    def __init__(self, target: Path):
        self.target = str(target)

    def __reduce__(self):
        return builtins.open, (self.target, "w")


def _plant(cache: Path, corpus: Path, name: str, target: Path) -> Path:
    """A pickle that would create ``target``, under the cache key of the corpus file ``name``."""
    key = cache_key(name, hashlib.sha256((corpus / name).read_bytes()).hexdigest())
    path = cache / key[:2] / f"{key}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((_Payload(target), None)))
    return path


def test_a_pickle_planted_in_a_folder_named_like_a_leftover_is_never_loaded(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    planted = tmp_path / ".out.tmp-1-x"
    target = tmp_path / "pwned"
    _plant(planted / CACHE_DIR, corpus, "a.md", target)

    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not target.exists()
    assert f"left {planted} alone: it has no {MARKER}, so kg cannot tell that it made it" in result.stderr
    assert planted.is_dir()                                               # not kg's to delete
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["counts"]["documents_extracted"] == 2
    assert_usable(out)


def test_a_pickle_planted_in_kgs_own_cache_runs_nothing(tmp_path):
    """Even in folders kg made (OUT/.cache, a marked leftover), a cache entry cannot run code."""
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    (corpus / "c.md").write_text(C, encoding="utf-8")
    target = tmp_path / "pwned"
    for entry in (out / CACHE_DIR).rglob("*.pickle"):
        entry.unlink()
    _plant(out / CACHE_DIR, corpus, "a.md", target)
    work = pipeline.outfolder.new_folder(out)       # a killed build's work folder, marker and all
    _plant(work / CACHE_DIR, corpus, "b.md", target)

    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not target.exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (3, 0)
    assert beside(out) == []                          # the marked leftover was kg's: removed
    assert_usable(out)


@pytest.mark.parametrize("spoil", ["foreign file", "group-writable", "no marker", "another user"])
def test_a_leftover_kg_cannot_vouch_for_is_left_alone(tmp_path, spoil):
    if spoil == "another user" and os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    work = pipeline.outfolder.new_folder(out)
    shutil.copytree(out / CACHE_DIR, work / CACHE_DIR)
    why = {"foreign file": "it holds thesis.docx, which kg did not write",
           "group-writable": "others than its owner may write into it",
           "no marker": f"it has no {MARKER}, so kg cannot tell that it made it",
           "another user": "it belongs to another user (uid 65534)"}[spoil]
    if spoil == "foreign file":
        (work / "thesis.docx").write_bytes(b"precious")
    elif spoil == "group-writable":
        os.chmod(work, 0o775)
    elif spoil == "no marker":
        (work / MARKER).unlink()
    else:
        os.chown(work, 65534, 65534)
    before = snapshot(work)
    (corpus / "b.md").write_text(B, encoding="utf-8")

    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"left {work} alone: {why}; remove it yourself if nothing in it is yours" in result.stderr
    assert snapshot(work) == before
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (1, 1)


def test_cache_entries_load_only_kgs_records(tmp_path):
    text = "寒亭区位于山东省。"
    doc = Document(id="d", path="d.md", text="", sentences=(Sentence(0, 0, len(text), 0, text),),
                   paragraphs=(), title="t", tags=("x",))
    good = (doc, Extraction("d"))
    write_entry(tmp_path, "ab" + "0" * 62, good)
    assert load_entry(tmp_path / "ab" / ("ab" + "0" * 62 + ".pickle")) == good
    (tmp_path / "skipped.pickle").write_bytes(pickle.dumps((Skipped("x.md", "empty"), None)))
    assert load_entry(tmp_path / "skipped.pickle") == (Skipped("x.md", "empty"), None)

    target = tmp_path / "pwned"
    for name, data in (("payload", pickle.dumps((_Payload(target), None))),
                       ("os.system", pickle.dumps((os.system, None))),
                       ("a dict", pickle.dumps(({"x": 1}, None))),
                       ("a field of the wrong type", pickle.dumps((dataclasses.replace(doc, sentences=({},)),
                                                                   Extraction("d")))),
                       ("another document's extraction", pickle.dumps((doc, Extraction("e")))),
                       ("garbage", b"\x80\x05garbage")):
        (tmp_path / "bad.pickle").write_bytes(data)
        assert load_entry(tmp_path / "bad.pickle") is None, name
    assert not target.exists()
    cache = ExtractionCache(tmp_path / "new", [tmp_path])
    assert cache.get("ab" + "0" * 62) == good


# --------------------------------------------------------------------------- kg's own processes


@pytest.mark.parametrize("how", ["kg command", "kg.build after chdir", "kg.build after chdir, no __init__"])
def test_a_kg_package_in_the_current_folder_is_never_run(tmp_path, how):
    """The store process and the extraction processes import the kg that runs the build: also for
    a program that imported kg, with the current folder on its path, and then changed folder."""
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    here = tmp_path / "here"
    (here / "kg").mkdir(parents=True)
    evil = "open(__file__ + '.ran', 'w').close()\nraise SystemExit('the kg of the current folder ran')\n"
    for name in ("store.py", "pipeline.py", "extract.py", "__main__.py") + (() if "no __init__" in how
                                                                            else ("__init__.py",)):
        (here / "kg" / name).write_text(evil)
    out = tmp_path / "out"
    if how == "kg command":
        command = [str(Path(sys.executable).with_name("kg")), "build", str(corpus), "-o", str(out), "--jobs", "2"]
        cwd = here
    else:
        command = [sys.executable, "-c", "import logging, os, sys, kg; logging.basicConfig(level='INFO'); "
                   f"os.chdir({str(here)!r}); kg.build([{str(corpus)!r}], {str(out)!r}, kg.Settings(jobs=2))"]
        cwd = tmp_path
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "starting 2 extraction processes" in proc.stderr
    assert not list((here / "kg").glob("*.ran"))
    assert_usable(out)


# --------------------------------------------------------------------------- cannot write


@pytest.fixture
def read_only(tmp_path):
    """Make a folder read-only for this process: chmod 555, or for root (whom modes do not stop)
    the immutable attribute; skipped where neither works."""
    made = []

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
                pytest.skip("running as root and chattr +i is not available: cannot make a read-only folder")
        else:
            folder.chmod(0o555)
        made.append(folder)
        return folder

    yield make
    for folder in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)])
        else:
            folder.chmod(0o755)


def test_a_parent_that_is_a_file_is_an_error(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = kg("build", corpus, "-o", tmp_path / "file" / "out")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot write into {tmp_path / 'file'}: Not a directory; give -o a folder "
                             "in a place where you may create files\n")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_a_read_only_parent_is_an_error(tmp_path, read_only):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    parent = read_only(tmp_path / "ro")
    result = kg("build", corpus, "-o", parent / "out")
    assert result.exit_code == 1
    strerror = os.strerror(1 if os.geteuid() == 0 else 13)
    assert result.stderr == (f"Error: cannot write into {parent}: {strerror}; give -o a folder in a place "
                             "where you may create files\n")


def test_a_read_only_out_of_the_same_inputs_is_an_error(tmp_path, read_only):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    read_only(out)
    result = kg("build", corpus, "-o", out)
    assert result.exit_code == 1
    strerror = os.strerror(1 if os.geteuid() == 0 else 13)
    assert result.stderr == (f"Error: cannot write into {out}: {strerror}; give -o a folder in a place "
                             "where you may create files\n")


# --------------------------------------------------------------------------- a damaged store


@pytest.mark.parametrize("damage", ["truncated", "garbled", "removed"])
def test_a_damaged_store_under_unchanged_inputs_is_built_again(tmp_path, damage):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    store = out / STORE_DIR
    biggest = max((p for p in store.iterdir() if p.suffix == ".sst"), key=lambda p: p.stat().st_size)
    size = biggest.stat().st_size
    if damage == "truncated":
        os.truncate(biggest, size // 2)
    elif damage == "garbled":                     # same size: only its bytes differ
        with open(biggest, "r+b") as fh:
            fh.seek(size // 3)
            fh.write(bytes(64))
    else:
        biggest.unlink()

    result = kg("build", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"{out}/store/{biggest.name} is not as the build left it" in result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "unchanged" not in report and report["counts"]["documents_reused"] == 2
    assert_usable(out)
    assert "unchanged" in build(corpus, out)

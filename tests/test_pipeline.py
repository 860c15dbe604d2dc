"""The build flow end to end (kg/pipeline/, kg/cache.py): incremental builds from the cache,
parallel extraction with the same output, and an OUT that only ever changes as a whole —
also when a real `python -m kg build` is interrupted or killed.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg import export, pipeline
from kg.cache import CACHE_DIR, _valid
from kg.cli import cli
from kg.errors import ExportError
from kg.records import Document, Entity, Extraction, Mention, Relation, Sentence
from kg.settings import Settings
from kg.vocab import ID, KG

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402

# Three made-up articles about real places; 潍坊市 and 山东省 are named in all of them,
# 潍坊绿色食品产业园 in B and C.
A = """---
title: 寒亭区建设食品产业园
date: 2024-03-01
---
潍坊市寒亭区位于山东省中部。今年，寒亭区计划投资36亿元建设潍坊绿色食品产业园，重点发展预制菜和冷链物流产业。

寒亭区还将推进潍坊高新区寒亭片区开发，引进新能源装备企业12家。
"""
B = """---
title: 寿光市蔬菜产业
date: 2024-04-02
---
寿光市位于山东省潍坊市北部。寿光市投资20亿元建设寿光蔬菜物流园，重点发展现代农业。

潍坊绿色食品产业园与寿光蔬菜物流园签署合作协议。
"""
C = """---
title: 青州市文旅
date: 2024-05-03
---
青州市位于山东省潍坊市西部。青州市计划投资15亿元建设青州文化旅游度假区，重点发展文化旅游。

潍坊绿色食品产业园在青州市设立分园。
"""


def make_corpus(folder: Path, **articles: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def kg(*args) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result


def build(corpus: Path, out: Path, *options: str) -> dict:
    result = kg("build", corpus, "-o", out, *(options or ("--jobs", "1")))
    assert result.exit_code == 0, result.output
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def doc_node(path: str) -> URIRef:
    from kg.read.document import doc_id

    return ID[f"doc/{doc_id(path)}"]


def provenance(ttl: Path) -> dict[URIRef, set[URIRef]]:
    """Entity -> the documents its mentions are in."""
    g = Graph().parse(ttl, format="turtle")
    out: dict[URIRef, set[URIRef]] = {}
    for m, e in g.subject_objects(KG.mentionOf):
        out.setdefault(e, set()).add(g.value(m, KG.inDocument))
    return out


def assert_usable(out: Path, expect_ttl: bytes | None = None) -> None:
    """OUT is a complete build: graph.ttl parses, report.json loads, `kg query` answers."""
    ttl = (out / "graph.ttl").read_bytes()
    if expect_ttl is not None:
        assert ttl == expect_ttl
    assert len(Graph().parse(data=ttl.decode("utf-8"), format="turtle")) > 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    result = kg("query", "--graph", out, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    assert int(result.stdout.split()[1]) == report["counts"]["triples"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    """Names of the folders and files kg keeps beside OUT (work folders, old OUTs, the lock)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# --------------------------------------------------------------------------- incremental builds


def test_unchanged_corpus_is_not_extracted_again(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B, c=C)
    out = tmp_path / "out"
    first = build(corpus, out)
    assert (first["counts"]["documents_extracted"], first["counts"]["documents_reused"]) == (3, 0)
    assert len(list((out / CACHE_DIR).rglob("*.pickle"))) == 3
    ttl = (out / "graph.ttl").read_bytes()

    result = kg("build", corpus, "-o", out, "--jobs", "1", "--min-confidence", "0.6")
    assert result.exit_code == 0, result.output
    second = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (second["counts"]["documents_extracted"], second["counts"]["documents_reused"]) == (0, 3)
    assert "3 file(s): 3 unchanged since the last build, 0 to read and extract" in result.stderr
    assert "3 document(s) read (3 unchanged), 0 skipped" in result.stderr
    assert second["documents"] == first["documents"]
    assert beside(out) == []

    third = build(corpus, out, "--jobs", "1", "--no-cache")
    assert (third["counts"]["documents_extracted"], third["counts"]["documents_reused"]) == (3, 0)
    assert (out / "graph.ttl").read_bytes() == ttl


def test_a_build_of_the_same_inputs_keeps_out_as_it_is(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    first = build(corpus, out)
    before = snapshot(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != "report.json"}
    assert len(before) > 5

    result = kg("build", corpus, "-o", out, "--jobs", "2")        # the number of processes changes nothing
    assert result.exit_code == 0, result.output
    assert f"nothing changed since {out} was built (2 documents, same settings and kg)" in result.stderr
    assert "2 document(s) read (2 unchanged), 0 skipped" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != "report.json"} == stamps
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["unchanged"] is True and report["inputs"] == first["inputs"]
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (0, 2)
    assert {k: v for k, v in report["counts"].items() if not k.startswith("documents_")} == \
        {k: v for k, v in first["counts"].items() if not k.startswith("documents_")}
    assert beside(out) == []
    assert_usable(out)

    # what the outputs depend on: the files, the settings, and every output being there
    for change in (lambda: (corpus / "b.md").write_text(B + "\n", encoding="utf-8"),
                   lambda: (out / "graph.html").unlink(),
                   lambda: (corpus / "notes.csv").write_text("x", encoding="utf-8")):
        change()
        assert "unchanged" not in build(corpus, out)
        assert "unchanged" in build(corpus, out)
    assert "unchanged" not in build(corpus, out, "--min-confidence", "0.9")
    assert "unchanged" not in build(corpus, out, "--min-confidence", "0.9", "--no-cache")


def named_paths(text: str) -> list[str]:
    """Every path that a command's output names: file:// URIs, and words holding a slash that are not
    counts (2/3) or rates (kB/s)."""
    paths = []
    for word in text.split():
        word = word.strip("(),;:")
        if word.startswith("file://"):
            paths.append(unquote(urlsplit(word).path))
        elif "/" in word and not re.fullmatch(r"[\d.]+/[\d.]+|[kMG]?B/s", word):
            paths.append(word)
    return paths


def test_a_build_names_the_files_where_they_are_once_it_is_done(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)

    def run(*options: str) -> str:               # the real command, in the folder the user is in
        proc = subprocess.run([sys.executable, "-m", "kg", *options, "build", "corpus", "-o", "out", "--jobs", "1"],
                              cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
        return proc.stderr

    first = run()
    (corpus / "c.md").write_text(C, encoding="utf-8")
    second = run()                                # a rebuild: OUT is swapped, not made
    for stderr in (first, second):
        named = named_paths(stderr)
        assert {f"out/{n}" for n in ("graph.ttl", "graph.graphml", "graph.html", "report.json", "store")} <= set(named)
        assert [p for p in named if not (tmp_path / p).exists()] == []
        assert ".tmp-" not in stderr
    assert "wrote out/graph.ttl (" in second
    assert re.search(r"^entity layer validated in [\d.]+ s: conforms \(run `kg validate` for the whole graph\)$",
                     second, re.M)                 # what the build checks: not the evidence

    (corpus / "d.md").write_text(A.replace("寒亭区", "奎文区"), encoding="utf-8")
    quiet = run("-q").splitlines()                # -q: the summary and where the view is, nothing else
    assert len(quiet) == 2 and quiet[0].startswith("4 document(s) read (3 unchanged), 0 skipped; ")
    assert quiet[1] == f"View: {(tmp_path / 'out' / 'graph.html').as_uri()}"


def test_changed_and_deleted_documents_update_the_graph(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B, c=C)
    out = tmp_path / "out"
    build(corpus, out)
    before = provenance(out / "graph.ttl")
    shared = [e for e, docs in before.items() if docs >= {doc_node("b.md"), doc_node("c.md")}]
    assert shared                                  # 潍坊市, 山东省, 潍坊绿色食品产业园 ...
    only_c = [e for e, docs in before.items() if docs == {doc_node("c.md")}]
    assert only_c                                  # 青州市 ...

    (corpus / "c.md").unlink()
    (corpus / "b.md").write_text(B.replace("寿光蔬菜物流园", "寿光种业产业园"), encoding="utf-8")
    report = build(corpus, out)
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (1, 1)
    assert [d["path"] for d in report["documents"]] == ["a.md", "b.md"]
    after = provenance(out / "graph.ttl")
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert (doc_node("c.md"), None, None) not in g
    assert not list(g.subjects(KG.inDocument, doc_node("c.md")))       # no mention, assertion, quantity of C
    for e in only_c:
        assert e not in after
    for e in shared:                               # kept, with the provenance of the documents that remain
        assert after[e] == before[e] - {doc_node("c.md")}
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "寿光种业产业园" in ttl and "寿光蔬菜物流园" not in ttl
    assert len(list((out / CACHE_DIR).rglob("*.pickle"))) == 2        # C's entry went with the old OUT

    fresh = tmp_path / "fresh"
    build(corpus, fresh, "--jobs", "1", "--no-cache")
    assert (fresh / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_a_build_leaves_the_callers_collector_as_it_found_it(tmp_path, monkeypatch):
    """The build freezes its records for the cycle collector (pipeline.collector.keep), and unfreezes
    them at the end, but never objects that the calling program froze itself."""
    import gc

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda real=gc.freeze: (frozen.append(gc.get_freeze_count()), real())[1])
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    gc.unfreeze()
    pipeline.build([corpus], tmp_path / "out", Settings(jobs=1))
    assert frozen, "the build never froze its records"
    assert gc.get_freeze_count() == 0

    mine = [[object()] for _ in range(1000)]
    gc.freeze()
    before = gc.get_freeze_count()
    pipeline.build([corpus], tmp_path / "out", Settings(jobs=1))
    assert gc.get_freeze_count() >= before >= len(mine)
    gc.unfreeze()


def test_a_changed_extractor_extracts_everything_again(tmp_path, monkeypatch):
    import kg.cache

    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    digest = kg.cache.code_digest(*kg.cache.EXTRACTION_CODE)
    monkeypatch.setattr(kg.cache, "code_digest", lambda *parts: digest + "-changed")
    report = build(corpus, out, "--jobs", "1", "--min-confidence", "0.4")   # (other settings: not "unchanged")
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (2, 0)
    assert len(list((out / CACHE_DIR).rglob("*.pickle"))) == 2        # the old entries are gone


def test_a_damaged_cache_entry_is_extracted_again(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    ttl = (out / "graph.ttl").read_bytes()
    entry = sorted((out / CACHE_DIR).rglob("*.pickle"))[0]
    entry.write_bytes(b"not a pickle")
    (out / "graph.html").unlink()          # an output missing: OUT is built again, from the cache
    report = build(corpus, out)
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (1, 1)
    assert (out / "graph.ttl").read_bytes() == ttl


def test_kept_documents_hold_only_the_sentences_facts_refer_to():
    sentences = tuple(Sentence(i, i * 10, i * 10 + 9, 0, f"sentence {i}") for i in range(4))
    doc = Document(id="d", path="d.md", text="x" * 40, sentences=sentences, paragraphs=((0, 40),))
    mention = Mention("d", 2, 20, 22, "se", "rule")
    extraction = Extraction("d", entities=(Entity("n:x", "x", ("Park",), mentions=(mention,)),),
                            relations=(Relation("n:x", "locatedIn", "n:y", "d", 3, 30, 32, "rule", 0.9),))
    slim = pipeline.workers._slim(doc, extraction)
    assert slim.text == "" and slim.paragraphs == ()
    assert len(slim.sentences) == 4
    assert [s.text for s in slim.sentences] == ["", "", "sentence 2", "sentence 3"]
    assert slim.sentences[2] is sentences[2]


# --------------------------------------------------------------------------- parallel extraction


def test_parallel_extraction_gives_the_same_output(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 40 * 2**10, seed=3)
    make_corpus(corpus, a=A, b=B, c=C)
    one = build(corpus, tmp_path / "one", "--jobs", "1", "--no-cache")
    result = kg("build", corpus, "-o", tmp_path / "two", "--jobs", "2", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "starting 2 extraction processes" in result.stderr
    assert f"extracted {one['counts']['documents_read']}/{one['counts']['documents_read']} files" in result.stderr
    two = json.loads((tmp_path / "two" / "report.json").read_text(encoding="utf-8"))
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert one["counts"] == two["counts"]
    assert one["documents"] == two["documents"]


def test_default_jobs_start_no_processes_for_little_work(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert pipeline.workers._auto_jobs(0) == 1
    assert pipeline.workers._auto_jobs(3 * 2**20) == 1          # a process costs seconds to start
    assert pipeline.workers._auto_jobs(5 * 2**20) == 2
    assert pipeline.workers._auto_jobs(100 * 2**20) == 8


# --------------------------------------------------------------------------- atomic output


def test_a_failed_build_leaves_out_as_it_was(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    before = snapshot(out)
    (corpus / "b.md").write_text(C, encoding="utf-8")

    def broken(*args, **kwargs):
        raise ExportError("disk full")

    monkeypatch.setattr(pipeline, "write_outputs", broken)
    with pytest.raises(ExportError, match="disk full"):
        pipeline.build([corpus], out, pipeline.Settings(jobs=1))
    assert snapshot(out) == before
    assert beside(out) == []


def test_an_interrupted_build_leaves_out_as_it_was(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(corpus, out)
    before = snapshot(out)
    from kg import resolve

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(resolve, "resolve", interrupted)
    result = kg("build", corpus, "-o", out, "--jobs", "1", "--no-cache")
    assert result.exit_code == 130
    assert result.stderr.endswith(f"Interrupted: {out} is left as it was.\n")
    assert snapshot(out) == before
    assert beside(out) == []


def test_leftovers_of_a_killed_build_are_removed_and_their_cache_reused(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A, b=B)
    build(corpus, tmp_path / "elsewhere")
    out = tmp_path / "out"
    work = pipeline.outfolder.new_folder(out)        # what a killed build leaves: a work folder ...
    shutil.copytree(tmp_path / "elsewhere" / CACHE_DIR, work / CACHE_DIR)
    (work / "graph.ttl").write_text("half a graph", encoding="utf-8")
    (tmp_path / ".out.lock").write_text("999999")     # ... and its lock file, no longer locked
    report = build(corpus, out)
    assert (report["counts"]["documents_extracted"], report["counts"]["documents_reused"]) == (0, 2)
    assert beside(out) == []
    assert_usable(out)


def test_out_missing_after_a_cut_swap_is_put_back(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    build(corpus, out)
    before = snapshot(out)
    out.rename(tmp_path / ".out.old-999999")          # killed between the two renames of a swap
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    result = kg("build", tmp_path / "bad", "-o", out)   # fails: nothing readable
    assert result.exit_code == 1
    assert f"restored {out} from .out.old-999999, which an interrupted build left" in result.stderr
    assert snapshot(out) == before
    assert beside(out) == []


def test_out_that_kg_did_not_write_is_refused(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"precious")
    result = kg("build", corpus, "-o", mine)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {mine} holds thesis.docx, which kg did not write; a build replaces OUT as "
                             f"a whole, so move it out of {mine} or give -o a new or empty folder\n")
    assert (mine / "thesis.docx").read_bytes() == b"precious"
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match=f"^{tmp_path / 'file'} is not a folder; give -o a folder to write "
                                          "the graph into$"):
        pipeline.build([corpus], tmp_path / "file")


def test_a_second_build_into_the_same_out_is_refused(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", a=A)
    out = tmp_path / "out"
    with pipeline.outfolder.OutputLock(out):
        result = kg("build", corpus, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: another kg build (process {os.getpid()}) is writing {out}; "
                             "wait for it to finish or build into another folder\n")
    assert not out.exists()


# --------------------------------------------------------------------------- real processes, real signals


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def big_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("big") / "corpus"
    generate(corpus, 300 * 2**10, seed=5)
    return corpus


def _start_build(corpus: Path, out: Path) -> subprocess.Popen:
    # Ctrl-C may be ignored where the tests run (a background job): give the build the default
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=out.parent,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to follow the worker processes")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_real_build_stopped_midway_leaves_out_usable(tmp_path, big_corpus, sig):
    small = make_corpus(tmp_path / "corpus", a=A, b=B)
    out = tmp_path / "out"
    build(small, out)
    before = snapshot(out)

    proc = _start_build(big_corpus, out)
    try:
        _wait_for(lambda: any(".tmp-" in n for n in beside(out)) or proc.poll() is not None, 60,
                  "the build's work folder")
        _wait_for(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None, 60, "worker processes")
        work = next(out.parent.glob(".out.tmp-*"))
        if sig == signal.SIGKILL:                # kill it once it has extracted (and cached) a few files
            _wait_for(lambda: any((work / CACHE_DIR).rglob("*.pickle")) or proc.poll() is not None, 90,
                      "the first extracted files")
        else:
            time.sleep(0.5)
        assert proc.poll() is None, proc.communicate()[1]
        workers = _children(proc.pid)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

    assert "Traceback" not in stderr, stderr
    _wait_for(lambda: not any(_running(p) for p in workers), 10, "the worker processes to end")
    assert snapshot(out) == before
    assert_usable(out)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert stderr.endswith(f"Interrupted: {out} is left as it was.\n")
        assert beside(out) == []                         # work folder removed, lock released
    else:
        assert proc.returncode == -signal.SIGKILL
        assert work.exists()                              # nobody could clean up ...
        entries = list((work / CACHE_DIR).rglob("*.pickle"))
        assert entries and all(_valid(pickle.loads(e.read_bytes())) for e in entries)   # no half-written entry
        build(small, out)                                 # ... so the next build does
        assert beside(out) == []
        assert_usable(out)


def test_graph_ttl_writer_keeps_every_triple(tmp_path):
    from decimal import Decimal

    from rdflib import RDF, RDFS, XSD, Literal
    from rdflib.compare import graph_diff, isomorphic
    from rdflib.namespace import SKOS

    g = Graph()
    e = ID["e/0123abcd"]
    g.add((e, RDF.type, KG.Park))
    g.add((e, RDF.type, KG.District))
    g.add((e, RDFS.label, Literal("潍坊\"综合\"保税区", lang="zh")))
    g.add((e, SKOS.altLabel, Literal("a\\b\nc\td'e", lang="zh")))
    g.add((e, KG.phase, Literal(2)))
    g.add((e, KG.investmentCNY, Literal(Decimal("3600000000.50"))))
    g.add((e, KG.adminCode, Literal("370703")))
    g.add((ID["doc/ff"], KG.tag, Literal("2024-01-02", datatype=XSD.date)))
    g.add((ID["doc/ff"], KG.tag, Literal("x", datatype=URIRef("http://example.org/dt#x"))))
    g.add((URIRef("http://example.org/a-b_c"), KG.cooperatesWith, URIRef("https://w3id.org/kg-cn/ontology#x.y")))
    export.write_turtle(g, tmp_path / "g.ttl")
    back = Graph().parse(tmp_path / "g.ttl", format="turtle")
    _, only_written, only_read = graph_diff(g, back)
    assert isomorphic(g, back), (sorted(only_written), sorted(only_read))
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "\n<https://w3id.org/kg-cn/id/e/0123abcd>\n    a kg:District ,\n        kg:Park ;\n" in text
    export.write_turtle(back, tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_text(encoding="utf-8") == text


def test_store_process_reports_its_error(tmp_path):
    """The store is loaded by another process; its failure reaches the build as an ExportError."""
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    loader = pipeline.outputs.StoreLoader(bad, tmp_path)
    try:
        loader.part(0, 0, bad.stat().st_size)
        with pytest.raises(ExportError, match="not valid Turtle"):
            loader.wait()
    finally:
        loader.stop()
    assert not (tmp_path / "store").exists()


def test_store_process_stops_with_the_build(tmp_path):
    """A build that fails meanwhile does not leave the store process running."""
    loader = pipeline.outputs.StoreLoader(tmp_path / "graph.ttl", tmp_path)
    loader.stop()
    assert loader._proc.poll() is not None


def test_store_loaded_in_parts_holds_every_triple(tmp_path):
    """graph.ttl handed to the store in small parts while written: the store has all its triples."""
    from rdflib import Graph, Literal, URIRef

    from kg.assemble import evidence_turtle
    from kg.store import count_triples, open_graph

    g = Graph()
    for i in range(50):
        g.add((URIRef(f"https://w3id.org/kg-cn/id/e/{i}"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal(f"园区{i}", lang="zh")))
    text = "甲" * 300
    doc = Document(id="d", path="d.txt", text=text, sentences=(Sentence(0, 0, 300, 0, text),),
                   paragraphs=((0, 300),))
    ents = [Entity(f"n:{i}", f"园区{i}", ("Park",), (), (), (Mention("d", 0, i, i + 3, "甲甲甲", "r"),))
            for i in range(200)]
    parts = []
    loader = pipeline.outputs.StoreLoader(tmp_path / "graph.ttl", tmp_path)
    try:
        def part(*p):
            parts.append(p)
            loader.part(*p)
        n = export.write_turtle(g, tmp_path / "graph.ttl", evidence_turtle({"d": doc}, ents, []),
                                on_part=part, part_bytes=2000)
        loader.wait()
    finally:
        loader.stop()
    assert len(parts) > 10 and parts[-1][2] == (tmp_path / "graph.ttl").stat().st_size
    assert n == 50 + 200 * 9 == count_triples(open_graph(tmp_path))
    assert len(Graph().parse(tmp_path / "graph.ttl", format="turtle")) == n


@pytest.mark.parametrize("threads", [1, 2])
def test_store_parts_loaded_side_by_side(tmp_path, threads):
    """Parts loaded by several threads give the triples of the file; a bad part anywhere stops the
    loading with an error naming the file, and no store is left."""
    from kg.store import count_triples, load_parts, open_graph

    header = b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    lines = [f'<https://w3id.org/kg-cn/id/e/{i}> rdfs:label "园区{i}"@zh .\n'.encode() for i in range(120)]
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(header + b"".join(lines))
    bounds, at = [], len(header)
    for i in range(0, 120, 10):
        size = sum(map(len, lines[i:i + 10]))
        bounds.append((len(header), at, at + size))
        at += size
    (tmp_path / "good").mkdir()
    (tmp_path / "broken").mkdir()
    load_parts(ttl, tmp_path / "good", iter(bounds), threads=threads)
    assert count_triples(open_graph(tmp_path / "good")) == 120

    bad = tmp_path / "bad.ttl"
    bad.write_bytes(header + b"".join(lines[:60]) + b"<a> <b> .\n" + b"".join(lines[60:]))
    parts = bounds[:6] + [(len(header), bounds[6][1], bounds[6][2] + len(b"<a> <b> .\n"))]
    with pytest.raises(ExportError, match="bad.ttl: not valid Turtle"):
        load_parts(bad, tmp_path / "broken", iter(parts), threads=threads)
    assert not (tmp_path / "broken" / "store").exists()


def test_the_code_digest_follows_every_file_of_the_tree(tmp_path):
    """What keys the cache and the up-to-date check: a changed, added or renamed file of the package
    changes it; compiled files do not."""
    from kg.resources import tree_digest

    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "rules.py").write_text("A = 1\n")
    (tmp_path / "data.txt").write_text("产业园\n")
    (tmp_path / "other.py").write_text("B = 2\n")
    parts = ("extract", "data.txt")
    before = tree_digest(tmp_path, parts)
    (tmp_path / "other.py").write_text("B = 3\n")                  # not one of the parts
    (tmp_path / "extract" / "__pycache__").mkdir()
    (tmp_path / "extract" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest(tmp_path, parts) == before
    assert tree_digest(tmp_path) != tree_digest(tmp_path, parts)
    seen = {before}
    for change in (lambda: (tmp_path / "data.txt").write_text("产业园\n示范区\n"),
                   lambda: (tmp_path / "extract" / "new.py").write_text(""),
                   lambda: (tmp_path / "extract" / "new.py").rename(tmp_path / "extract" / "newer.py")):
        change()
        digest = tree_digest(tmp_path, parts)
        assert digest not in seen
        seen.add(digest)

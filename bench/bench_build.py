"""Benchmark `kg build` on synthetic corpora (bench/gen_corpus.py) against jieba's plain cut.

For each corpus size, prints side by side in one run:

- ``jieba.lcut`` chars/s over the cleaned text of the same corpus (one call per
  paragraph, dictionary loaded beforehand): the floor of any jieba pipeline;
- the whole build's chars/s (``python -m kg build --no-cache``, wall clock) for
  each ``--jobs``, its ratio to jieba per core (target >= 0.5), the speed-up
  over one job (target near-linear), the stage times from report.json, and the
  peak RSS: the sampled sum over the build's process tree (main + workers) and
  the largest single process (``os.wait4``).

With ``--profile`` it also runs one build in-process under cProfile (jobs 1,
so extraction is profiled too) and prints the top functions.

Usage::

    .venv/bin/python bench/bench_build.py --sizes 1MB 10MB --jobs 1 2
    .venv/bin/python bench/bench_build.py --sizes 1MB --profile
    .venv/bin/python bench/bench_build.py --sizes 1MB --jobs 1 --real   # extraction alone, real text too
    .venv/bin/python bench/bench_build.py --sizes 100MB --jobs 2 --timeout 3600

Corpora and outputs are kept in bench/_work/ (git-ignored); a corpus is
generated once per size and seed.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_corpus import generate, parse_size  # noqa: E402

WORK = ROOT / "bench" / "_work"


def corpus_for(size: int, seed: int) -> tuple[Path, dict]:
    """The generated corpus of ``size`` bytes (made once, then reused)."""
    folder = WORK / f"corpus-{_label(size)}-s{seed}"
    stamp = folder / ".generated.json"
    if stamp.exists():
        return folder, json.loads(stamp.read_text())
    t = time.perf_counter()
    info = generate(folder, size, seed)
    stamp.write_text(json.dumps(info))
    print(f"generated {folder.name}: {info['files']} files, {info['bytes'] / 2**20:.1f} MB "
          f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return folder, info


def _label(size: int) -> str:
    return f"{size / 2**20:g}MB" if size >= 2**20 else f"{size / 2**10:g}kB"


def jieba_rate(corpus: Path) -> dict:
    """chars/s of jieba.lcut over the corpus' cleaned paragraphs, in a fresh process."""
    code = r"""
import json, sys, time
import jieba
from kg.read import iter_documents
jieba.setLogLevel(60)
paragraphs = []
for d in iter_documents([sys.argv[1]]):
    if hasattr(d, "paragraphs"):
        paragraphs += [d.text[a:b] for a, b in d.paragraphs]
jieba.initialize()
jieba.lcut(paragraphs[0])
chars = sum(map(len, paragraphs))
t = time.perf_counter()
for p in paragraphs:
    jieba.lcut(p)
print(json.dumps({"chars": chars, "seconds": time.perf_counter() - t}))
"""
    out = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r["chars_per_s"] = r["chars"] / r["seconds"]
    return r


def extraction_rate(paths: list[Path]) -> dict:
    """Extraction alone, in a fresh process, against jieba.lcut over the same text in the same run:
    the rules (``kg.extract.candidates``) and the learned scorer (features and weights) timed apart,
    CPU time, one process; documents are read beforehand (reading is not extraction), and one document
    is extracted and scored first, its tables then frozen out of the collector's way, as kg's
    extraction does."""
    code = r"""
import gc, json, sys, time
import jieba
from kg.read import iter_documents
from kg.extract import candidates, model
jieba.setLogLevel(60)
docs = [d for d in iter_documents(sys.argv[1:]) if hasattr(d, "paragraphs")]
paragraphs = [d.text[a:b] for d in docs for a, b in d.paragraphs]
jieba.initialize()
jieba.lcut(paragraphs[0])
first = candidates(docs[0])
weights = model.current()
if weights is not None:
    model.apply(weights, first.entities, first.relations,
                model.features_of(docs[0], first.entities, first.relations, first.subject))
gc.freeze()   # as kg's extraction does (kg.pipeline.workers): the tables built, the collector skips them
t = time.process_time()
for p in paragraphs:
    jieba.lcut(p)
cut = time.process_time() - t
rules = scoring = 0.0
for d in docs:
    t0 = time.process_time()
    found = candidates(d)
    t1 = time.process_time()
    if weights is not None:
        model.apply(weights, found.entities, found.relations,
                    model.features_of(d, found.entities, found.relations, found.subject))
    rules, scoring = rules + t1 - t0, scoring + time.process_time() - t1
print(json.dumps({"chars": sum(map(len, paragraphs)), "jieba": cut, "rules": rules, "scoring": scoring}))
"""
    out = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r["ratio"] = r["jieba"] / (r["rules"] + r["scoring"])          # extraction's speed in jieba.lcut's
    r["scoring_share"] = r["scoring"] / r["rules"]                  # what the scorer adds to the rules' time
    return r


def print_extraction(label: str, r: dict) -> None:
    print(f"extraction of {label} ({r['chars']:,} chars, one process, CPU): rules {r['rules']:.2f} s + scorer "
          f"{r['scoring']:.2f} s (+{r['scoring_share']:.0%}); jieba.lcut {r['jieba']:.2f} s: extraction runs at "
          f"{r['ratio']:.3f}x jieba.lcut", flush=True)


def _tree_rss(pid: int) -> int:
    """Current RSS in bytes of ``pid`` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(stat.parent.name)
        parents[p] = int(fields[1])
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, grew = {pid}, True
    while grew:
        new = {p for p, pp in parents.items() if pp in tree} - tree
        grew = bool(new)
        tree |= new
    return sum(rss.get(p, 0) for p in tree)


def run_build(corpus: Path, out: Path, jobs: int, timeout: float) -> dict:
    """One ``python -m kg build --no-cache`` with wall time, peak RSS and the report's figures."""
    log = out.with_suffix(".log")
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--jobs", str(jobs), "--no-cache"]
    t = time.perf_counter()
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    deadline = time.monotonic() + timeout
    status = None
    while status is None:
        pid, st, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
            break
        if time.monotonic() > deadline:
            proc.kill()
            _, st, usage = os.wait4(proc.pid, 0)
            status = "timeout"
            break
        time.sleep(0.1)
    proc.returncode = status if isinstance(status, int) else -9
    wall = time.perf_counter() - t
    stop.set()
    sampler.join()
    result = {"jobs": jobs, "wall": wall, "status": status, "peak_tree_rss": peak,
              "peak_process_rss": usage.ru_maxrss * 1024, "log": str(log)}
    if status == 0:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        result["timings"] = report.get("timings", {})
        result["triples"] = report["counts"]["triples"]
        result["documents"] = report["counts"]["documents_read"]
    return result


def profile_build(corpus: Path, out: Path, top: int) -> str:
    """Top functions of an in-process build (jobs 1) under cProfile."""
    import logging

    from kg.pipeline import build
    from kg.settings import Settings

    logging.basicConfig(level=logging.WARNING)
    prof = cProfile.Profile()
    prof.enable()
    build([corpus], out, Settings(jobs=1, cache=False))
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    buf.write(f"=== cumulative (top {top}) ===\n")
    stats.sort_stats("cumulative").print_stats(top)
    buf.write(f"=== own time (top {top}) ===\n")
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", type=parse_size, default=[parse_size("1MB"), parse_size("10MB")])
    ap.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed to one build")
    ap.add_argument("--profile", action="store_true", help="also profile a build of the first size")
    ap.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    ap.add_argument("--real", action="store_true",
                    help="also time extraction alone over the real and dev articles of bench/ (no build)")
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    rows = []
    if args.real:
        real = sorted(ROOT.glob("bench/realdev/*/corpus")) + sorted(ROOT.glob("bench/devset*/articles"))
        print_extraction("the real and dev articles", extraction_rate(real))
    for size in args.sizes:
        corpus, info = corpus_for(size, args.seed)
        jb = jieba_rate(corpus)
        chars = jb["chars"]
        print(f"\n== {_label(size)}: {info['files']} files, {chars:,} chars of cleaned text; "
              f"jieba.lcut {jb['chars_per_s']:,.0f} chars/s ({jb['seconds']:.1f} s); {cores} cores ==", flush=True)
        print_extraction(_label(size), extraction_rate([corpus]))
        base = None
        for jobs in args.jobs:
            r = run_build(corpus, WORK / f"out-{_label(size)}-j{jobs}", jobs, args.timeout)
            rate = chars / r["wall"]
            base = base or (rate if jobs == args.jobs[0] else None)
            speedup = rate / base if base else float("nan")
            per_core = rate / min(jobs, cores)
            stages = ", ".join(f"{k} {v:.1f}" for k, v in r.get("timings", {}).items())
            print(f"jobs {jobs}: {r['wall']:7.1f} s  {rate:9,.0f} chars/s  "
                  f"per core {per_core / jb['chars_per_s']:.3f}x jieba.lcut  speed-up {speedup:.2f}x  "
                  f"peak RSS {r['peak_tree_rss'] / 2**30:.2f} GB (largest process {r['peak_process_rss'] / 2**30:.2f} GB)"
                  f"  status {r['status']}", flush=True)
            if stages:
                print(f"         stages (s): {stages}; {r.get('triples', 0):,} triples", flush=True)
            rows.append({"size": size, "chars": chars, "jieba_chars_per_s": jb["chars_per_s"], **r})
    (WORK / "bench_build.json").write_text(json.dumps(rows, indent=1))
    if args.profile:
        corpus, _ = corpus_for(args.sizes[0], args.seed)
        print(f"\n== cProfile of a build of {_label(args.sizes[0])}, jobs 1 ==", flush=True)
        print(profile_build(corpus, WORK / f"out-{_label(args.sizes[0])}-profile", args.top))


if __name__ == "__main__":
    main()

"""Benchmark of the HTML view on a synthetic graph of kg's shape.

Builds N entities (districts in a province/city/county tree, parks, clusters, projects,
organisations) with Chinese labels, aliases, relations and a few mentions through
kg.assemble.to_rdf; times data preparation, layout and writing; then loads the page in
headless Chromium (playwright, every network request aborted) and reports the time to the
first drawn frame (vis-network's first ``afterDrawing``, from navigation start).

    .venv/bin/python bench/bench_viz.py            # 10,000 nodes
    .venv/bin/python bench/bench_viz.py -n 2000 --runs 5
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import viz  # noqa: E402
from kg.assemble import to_rdf  # noqa: E402
from kg.records import Document, Entity, Mention, Relation, Sentence  # noqa: E402
from kg.settings import Settings  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHARS = "安宁平江山河湖海东西南北中新兴华光明川阳春秋金石云峰泉溪林桥城德丰盛泰和嘉青临澜澄星辰远"


def synthetic_records(n: int, seed: int = 1):
    """Documents, entities and relations of a made-up region with ``n`` entities."""
    rng = random.Random(seed)
    used: set[str] = set()

    def name(k: int, suffix: str) -> str:
        for _ in range(50):
            s = "".join(rng.choice(CHARS) for _ in range(k)) + suffix
            if s not in used:
                used.add(s)
                return s
        s = f"{s}{len(used)}"
        used.add(s)
        return s

    counts = {"District": n * 15 // 100, "Park": n * 25 // 100, "IndustrialCluster": n * 5 // 100,
              "Project": n * 35 // 100}
    counts["Organization"] = n - sum(counts.values())
    ents: list[tuple[str, str, str, tuple, tuple]] = []   # key, label, type, aliases, attrs
    rels: list[tuple[str, str, str]] = []
    provinces = max(1, counts["District"] // 60)
    districts: list[tuple[str, str]] = []   # (key, level)
    for i in range(counts["District"]):
        code = f"{900000 + i}"
        level = "province" if i < provinces else "city" if i < provinces * 6 else "county"
        key = f"district:{code}"
        suffix = {"province": "省", "city": "市", "county": "县"}[level]
        ents.append((key, name(2, suffix), "District", (), (("adminCode", code), ("adminLevel", level))))
        if level != "province":
            parents = [k for k, lv in districts if lv == ("province" if level == "city" else "city")]
            rels.append((key, "locatedIn", rng.choice(parents)))
        districts.append((key, level))
    counties = [k for k, lv in districts if lv == "county"] or [k for k, _ in districts]
    clusters = []
    for i in range(counts["IndustrialCluster"]):
        key = f"IndustrialCluster:{i}"
        clusters.append(key)
        ents.append((key, name(2, "产业集群"), "IndustrialCluster", (), ()))
    parks = []
    for i in range(counts["Park"]):
        key = f"Park:{i}"
        parks.append(key)
        label = name(2, rng.choice(("经济开发区", "高新技术产业园", "工业园区", "物流园")))
        ents.append((key, label, "Park", (label[:2] + "园",), (("areaSquareMetres", str(rng.randrange(10**5, 10**8))),)))
        rels.append((key, "locatedIn", rng.choice(counties)))
        for c in rng.sample(clusters, k=min(len(clusters), rng.choice((0, 1, 1, 2)))):
            rels.append((key, "developsCluster", c))
    for i in range(counts["Project"]):
        key = f"Project:{i}"
        ents.append((key, name(3, "项目"), "Project", (),
                     (("phase", str(rng.randint(1, 3))), ("investmentCNY", str(rng.randrange(10**6, 10**11))))))
        rels.append((key, "locatedIn", rng.choice(parks or counties)))
    orgs = []
    for i in range(counts["Organization"]):
        key = f"Organization:{i}"
        orgs.append(key)
        ents.append((key, name(3, "有限公司"), "Organization", (), ()))
        for t in rng.sample(parks + orgs[:-1], k=min(len(parks) + len(orgs) - 1, rng.choice((1, 1, 2)))):
            rels.append((key, "cooperatesWith", t))

    # one document whose sentences name some entities and relations: "a few mentions"
    labels = {k: label for k, label, *_ in ents}
    sentences, mentions, relations, pos = [], {}, [], 0
    for k, (h, r, t) in enumerate(rng.sample(rels, k=min(400, len(rels)))):
        text = f"{labels[h]}{ {'locatedIn': '位于', 'developsCluster': '发展', 'cooperatesWith': '与'}[r] }{labels[t]}，进展顺利。"
        text = text.replace(" ", "")
        sentences.append(Sentence(k, pos, pos + len(text), k, text))
        a, b = pos + text.index(labels[t]), pos + text.index(labels[t]) + len(labels[t])
        mentions.setdefault(h, []).append(Mention("bench", k, pos, pos + len(labels[h]), labels[h], "bench"))
        mentions.setdefault(t, []).append(Mention("bench", k, a, b, labels[t], "bench"))
        relations.append(Relation(h, r, t, "bench", k, pos, b, "bench", 0.8))
        pos += len(text)
    doc = Document(id="bench", path="bench.txt", text="".join(s.text for s in sentences),
                   sentences=tuple(sentences), paragraphs=tuple((s.start, s.end) for s in sentences),
                   title="合成基准新闻", date="2024-01-01", source="https://example.org/bench")
    evidenced = {(r.head, r.rel, r.tail) for r in relations}
    # relations without evidence in the document still become triples (to_rdf adds h p t first)
    relations += [Relation(h, r, t, "none", 0, 0, 0, "bench", 0.8) for h, r, t in rels if (h, r, t) not in evidenced]
    entities = [Entity(k, label, (typ,), aliases, attrs, tuple(mentions.get(k, ())))
                for k, label, typ, aliases, attrs in ents]
    return [doc], entities, relations


def first_draw(path: Path, runs: int) -> list[tuple[float, float]]:
    """Per fresh page: seconds from navigation start to vis-network's first drawn frame, and the
    main thread's CPU seconds until then (Chrome's TaskDuration in thread ticks), which shows
    what the page costs when other processes share the cores."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                cdp = page.context.new_cdp_session(page)
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                blocked: list[str] = []
                uri = path.resolve().as_uri()
                page.route("**/*", lambda route: route.continue_() if route.request.url == uri
                           else (blocked.append(route.request.url), route.abort()))
                page.goto(uri, wait_until="commit")
                # poll with evaluate: wait_for_function evals strings, which the page's CSP forbids
                t = time.monotonic()
                while page.evaluate("window.__kgFirstDraw") is None and time.monotonic() - t < 120:
                    page.wait_for_timeout(20)
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                out.append((page.evaluate("window.__kgFirstDraw") / 1000, metrics.get("TaskDuration", float("nan"))))
                if blocked:
                    print(f"  requests attempted (aborted): {blocked[:5]}")
                page.close()
        finally:
            browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--nodes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3, help="page loads in Chromium (fresh page each)")
    ap.add_argument("--out", type=Path, default=None, help="keep the page here")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    graph = to_rdf(*synthetic_records(args.nodes))
    print(f"synthetic graph: {args.nodes:,} entities, {len(graph):,} triples, built in {time.perf_counter() - t:.2f} s")

    timings: dict[str, float] = {}
    real_layout = viz.layout

    def timed_layout(*a, **k):
        t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return real_layout(*a, **k)
        finally:
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            timings["layout"] = time.perf_counter() - t0
            timings["layout_cpu"] = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime

    viz.layout = timed_layout
    settings = Settings()
    t = time.perf_counter()
    data = viz.view_data(graph, title=f"合成基准：{args.nodes:,} 个实体", settings=settings)
    prep = time.perf_counter() - t
    viz.layout = real_layout
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-viz-")) / "graph.html"
    t = time.perf_counter()
    viz.page.write_page(out, viz.render(data))
    write = time.perf_counter() - t
    engine = "sfdp" if shutil.which("sfdp") else "radial (no Graphviz)"
    print(f"view: {len(data['nodes']):,} nodes, {len(data['edges']):,} edges, static={data['static']}")
    print(f"data preparation: {prep - timings.get('layout', 0):.2f} s")
    print(f"layout ({engine}): {timings.get('layout', 0):.2f} s"
          + (f" (sfdp process CPU {timings['layout_cpu']:.2f} s)" if timings.get("layout_cpu") else ""))
    print(f"write (render + file): {write:.2f} s, {out.stat().st_size / 2**20:.1f} MB -> {out}")
    if args.no_browser:
        return
    runs = first_draw(out, args.runs)
    draws, cpu = [r[0] for r in runs], [r[1] for r in runs]
    print(f"first draw in Chromium: median {statistics.median(draws):.2f} s from navigation start "
          f"(runs: {', '.join(f'{d:.2f}' for d in draws)})")
    print(f"  main-thread CPU until then: median {statistics.median(cpu):.2f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while measuring)")


if __name__ == "__main__":
    main()

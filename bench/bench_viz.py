"""Benchmark of the HTML view, both modes, on generated corpora built by kg.

For each corpus size (bench/gen_corpus.py: 3MB gives 365 articles, 42MB about 5,000), builds the
graph with kg (once: OUT is reused until ``--rebuild``), writes the page with the current code, and
loads it in headless Chromium (playwright, Debian's chromium, every request other than the page
aborted and counted), a fresh page per run and mode. It reports:

- the page's size, and its parts (the first frame's data, the panels' details, the map's data);
- per mode (``graph``: the page as it opens, on the overview or the full graph; ``map``: opened at
  ``#map``, no graph drawn): the time to the first
  drawn frame and to settled (the page's ``__kgFirstDraw``/``__kgStable``, the map's
  ``__kgMapFirstDraw``/``__kgMapStable``), from navigation start, the median over ``--runs``;
  the main thread's CPU until settled (Chrome's TaskDuration); and how many nodes the first screen
  draws (the root's ``data-drawn-nodes``; the districts drawn, in the map);
- the time the switch from graph to map takes in an opened page (the map's parse and first draw).

    .venv/bin/python bench/bench_viz.py                       # 3MB and 42MB (365 and ~5,000 articles)
    .venv/bin/python bench/bench_viz.py --sizes 3MB --runs 5
    .venv/bin/python bench/bench_viz.py --synthetic 10000     # a made-up graph of 10,000 entities instead

Corpora and builds are kept in bench/_work/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build import WORK, _label, corpus_for  # noqa: E402
from gen_corpus import parse_size  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# per mode: the address's fragment, the page's flags of its first frame and of settled
MODES = {"graph": ("", "__kgFirstDraw", "__kgStable"), "map": ("#map", "__kgMapFirstDraw", "__kgMapStable")}
DRAWN = """() => {
    const v = document.documentElement.getAttribute('data-drawn-nodes');
    return v === null ? null : Number(v);
}"""


def built(size: int, seed: int, rebuild: bool) -> Path:
    """OUT of the generated corpus of ``size`` bytes, built by kg (once, unless ``rebuild``)."""
    import kg

    corpus, info = corpus_for(size, seed)
    out = WORK / f"viz-{_label(size)}-s{seed}"
    if rebuild or not (out / "store").exists():
        t = time.perf_counter()
        kg.build([corpus], out)
        print(f"built {out.name} ({info['files']:,} articles) in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return out


def write_page(out: Path) -> tuple[Path, float]:
    """The view of OUT's graph written with the current code (as ``kg viz`` does); seconds taken."""
    from kg import viz
    from kg.store import open_graph

    t = time.perf_counter()
    path = viz.write_view(open_graph(out), out, output=out / "bench-view.html")
    return path, time.perf_counter() - t


def page_parts(path: Path) -> dict[str, int]:
    """Bytes of the page and of its JSON blocks."""
    text = path.read_bytes()
    parts = {"page": len(text)}
    for name in ("kg-data", "kg-detail", "kg-map"):
        m = re.search(rb'id="' + name.encode() + rb'">(.*?)</script>', text, re.S)
        parts[name] = len(m.group(1)) if m else 0
    return parts


def load(browser, path: Path, mode: str, timeout: float = 120) -> dict:
    """One fresh page opened in ``mode``: seconds to the first frame and to settled, main-thread CPU,
    the nodes the first screen draws, the requests aborted."""
    fragment, first_flag, stable_flag = MODES[mode]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    uri, blocked = path.resolve().as_uri(), []
    page.route("**/*", lambda route: route.continue_() if route.request.url == uri
               else (blocked.append(route.request.url), route.abort()))
    page.goto(uri + fragment, wait_until="commit")
    # poll with evaluate: wait_for_function evaluates strings, which the page's CSP forbids
    settled, t = None, time.monotonic()
    while settled is None and time.monotonic() - t < timeout:
        settled = page.evaluate(f"window.{stable_flag} === true ? performance.now() : null")
        if settled is None:
            page.wait_for_timeout(20)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    first = page.evaluate(f"window.{first_flag}")
    result = {"first": first / 1000 if first is not None else float("nan"),
              "settled": settled / 1000 if settled is not None else float("nan"),
              "cpu": metrics.get("TaskDuration", float("nan")), "drawn": page.evaluate(DRAWN),
              "blocked": blocked}
    if mode == "graph" and settled is not None:
        result["switch"] = page.evaluate("""() => {
            const t = performance.now();
            document.querySelector('#modes button[data-mode="map"]').click();
            return (window.__kgMapFirstDraw - t) / 1000;
        }""")
    page.close()
    return result


def measure(path: Path, runs: int) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return {mode: [load(browser, path, mode) for _ in range(runs)] for mode in MODES}
        finally:
            browser.close()


def report(title: str, path: Path, write_s: float, entities: int, loads: dict[str, list[dict]]) -> None:
    parts = page_parts(path)
    mb = lambda n: f"{n / 2**20:.2f} MB"  # noqa: E731
    print(f"\n{title}: {entities:,} entities")
    print(f"  page {mb(parts['page'])} (first frame's data {mb(parts['kg-data'])}, details {mb(parts['kg-detail'])}, "
          f"map {mb(parts['kg-map'])}), written in {write_s:.1f} s -> {path}")
    print(f"  {'mode':<6} {'first draw':>11} {'settled':>9} {'main-thread CPU':>16} {'nodes drawn':>12}   (median of {len(loads['graph'])})")
    for mode, runs in loads.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("first", "settled", "cpu")}
        drawn = runs[0]["drawn"]
        print(f"  {mode:<6} {med['first']:>9.2f} s {med['settled']:>7.2f} s {med['cpu']:>14.2f} s "
              f"{'-' if drawn is None else f'{drawn:,}':>12}")
        blocked = sorted({u for r in runs for u in r["blocked"]})
        if blocked:
            print(f"  {mode}: requests attempted (aborted): {blocked[:5]}")
    switches = [r["switch"] for r in loads["graph"] if r.get("switch") is not None]
    if switches:
        print(f"  switch graph -> map: {statistics.median(switches) * 1000:.0f} ms (parse the map's data, first draw)")
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while measuring)")


def entity_count(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'id="kg-data">(.*?)</script>', text, re.S).group(1)
    return len(json.loads(block)["nodes"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", type=parse_size, default=[parse_size("3MB"), parse_size("42MB")],
                    help="corpus sizes (3MB: 365 articles, 42MB: about 5,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=3, help="page loads per mode (a fresh page each)")
    ap.add_argument("--rebuild", action="store_true", help="build the corpora again")
    ap.add_argument("--synthetic", type=int, metavar="N", help="a made-up graph of N entities instead of corpora")
    args = ap.parse_args()

    if args.synthetic:
        from bench_viz_synthetic import synthetic_page

        path, write_s = synthetic_page(args.synthetic, WORK / f"viz-synthetic-{args.synthetic}.html")
        report(f"synthetic graph of {args.synthetic:,} entities", path, write_s, entity_count(path),
               measure(path, args.runs))
        return
    for size in args.sizes:
        out = built(size, args.seed, args.rebuild)
        path, write_s = write_page(out)
        n_docs = len(json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"])
        report(f"corpus {_label(size)} ({n_docs:,} articles)", path, write_s, entity_count(path),
               measure(path, args.runs))


if __name__ == "__main__":
    main()

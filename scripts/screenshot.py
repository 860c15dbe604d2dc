"""Screenshot of the view for the README: build corpus/, open graph.html in headless Chromium,
select an entity so that the provenance panel shows, save docs/screenshot.png (1400x900); with
``--mode map``, the map mode with the tooltip of its largest district.

    .venv/bin/python scripts/screenshot.py                   # builds corpus/ into a temp folder
    .venv/bin/python scripts/screenshot.py --out out         # rewrites OUT's view, or builds into OUT
    .venv/bin/python scripts/screenshot.py --select 寒亭区    # the entity whose panel is shown
    # the overview of 365 generated articles, and with a province opened
    .venv/bin/python scripts/screenshot.py --generate 3MB --png docs/overview.png
    .venv/bin/python scripts/screenshot.py --generate 3MB --open 河北省 --png docs/overview-open.png
    .venv/bin/python scripts/screenshot.py --generate 3MB --mode map --png docs/map.png

Needs Debian's chromium and fonts-noto-cjk (never `playwright install`).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# the entity shown in the panel by default: a park with evidence and a few relations
PICK = """() => {
  const d = kgView.detail(), N = kgView.data.nodes;
  let best = -1, score = -1;
  N.forEach((n, i) => {
    const ev = (d.nodes[i].m || []).length, at = (d.nodes[i].at || []).length;
    const s = (kgView.data.types[n.t].key === "Park" ? 100 : 0) + Math.min(n.d, 6) * 10 + Math.min(ev, 3) * 5 + at;
    if (s > score) { score = s; best = i; }
  });
  return best;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=None,
                    help="graph folder: its view is rewritten when it holds a build, else corpus is built into it")
    ap.add_argument("--select", default=None, help="label of the entity whose panel is shown")
    ap.add_argument("--png", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--generate", metavar="SIZE", default=None,
                    help="build a corpus of SIZE (e.g. 3MB) made by bench/gen_corpus.py instead of CORPUS")
    ap.add_argument("--open", metavar="LABEL", default=None, help="the place to open in the overview")
    ap.add_argument("--mode", choices=("graph", "map"), default="graph", help="the page's first mode, or the map")
    args = ap.parse_args()
    if args.generate:
        sys.path.insert(0, str(ROOT / "bench"))
        from gen_corpus import generate, parse_size

        args.corpus = Path(tempfile.mkdtemp(prefix="kg-screenshot-corpus-"))
        generate(args.corpus, parse_size(args.generate))

    import kg

    out = args.out or Path(tempfile.mkdtemp(prefix="kg-screenshot-")) / "out"
    if (out / "store").exists():        # built before: only write the view again, with this kg
        from kg import viz
        from kg.store import open_graph

        page_path = viz.write_view(open_graph(out), out, output=None, focus=None, depth=1,
                                   settings=kg.load_settings())
    else:
        kg.build([args.corpus], out)
        page_path = out / "graph.html"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(page_path.resolve().as_uri() + ("#map" if args.mode == "map" else ""))
        deadline = time.monotonic() + 60
        while not page.evaluate("window.__kgMapStable === true" if args.mode == "map" else "window.__kgStable === true"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{page_path}: the view did not settle within 60 s")
            page.wait_for_timeout(100)
        overview = page.evaluate("kgView.mode()") == "overview"
        if args.mode == "map":
            i = -1
            hover_largest_district(page)
        elif args.select or args.open:
            label = args.select or args.open
            i = page.evaluate("label => kgView.data.nodes.findIndex(n => n.l === label)", label)
            if i < 0:
                raise SystemExit(f"no entity labelled {label!r} in {page_path}")
        else:
            i = -1 if overview else page.evaluate(PICK)
        if overview and i >= 0:      # the overview opens the place (or shows the entity) like a click
            page.evaluate("i => kgView.KG.overview.click({nodes: [i], edges: []})", i)
            page.wait_for_timeout(600)
        elif i >= 0:
            page.evaluate("i => kgView.panel(i)", i)
            # keep the graph in the part of the canvas that the panel leaves free
            page.evaluate("""i => {
                const net = kgView.network, panel = document.getElementById('panel').offsetWidth;
                const width = document.getElementById('graph').clientWidth;
                net.fit({animation: false});
                // a little closer than "fit", half-way towards the selected entity: labels readable
                const s = net.getScale() * (width - panel) / width * 1.2, c = net.getViewPosition();
                const p = net.getPositions([i])[i], x = (c.x + p.x) / 2, y = (c.y + p.y) / 2;
                net.moveTo({position: {x: x + panel / 2 / s, y: y}, scale: s, animation: false});
            }""", i)
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(500)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.png))
        browser.close()
    print(args.png)


def hover_largest_district(page) -> None:
    """The pointer on the largest district of the map that a pointer can reach: its tooltip shows."""
    at = page.evaluate("""() => JSON.parse(document.getElementById('kg-map').textContent).places
        .map(p => kgMap.domPosition(p[0])).find(at => at !== null)""")
    if at:
        page.mouse.move(at["x"], at["y"])


if __name__ == "__main__":
    main()

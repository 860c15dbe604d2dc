"""Benchmark kg's embedded store against rdflib's default in-memory store.

Generates a synthetic graph of kg's shape (districts hierarchy, parks inside
districts and parks, clusters, projects with investments, organisations,
documents, mentions, assertions, quantities) through ``kg.assemble.to_rdf``,
then measures side by side, in one run: load time of graph.ttl and p50/p95
latency of every named query (kg/queries/*.rq) in kg's store (as
``kg.store.open_graph`` gives it) and in rdflib's Memory store. A query is
timed as ``kg query --name`` runs it: ``run_named`` then ``render`` as a
table; "pyoxigraph alone" is the same SPARQL text iterated straight from
pyoxigraph. Queries with a ``limit`` parameter are timed twice: as called by
default (first 100 rows) and with ``limit=0`` (every row), rows "(all)".
The in-memory side gets a per-query time budget: a query whose first run
exceeds it is reported as ``>N s`` and not repeated.

Usage::

    .venv/bin/python bench/bench_store.py                 # 100k and 1M triples
    .venv/bin/python bench/bench_store.py --sizes 100000 --runs 20 --memory-timeout 30

Generated graphs are cached in bench/_work/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.records import Document, Entity, Mention, Quantity, Relation, Sentence  # noqa: E402
from kg.terms import CLUSTER, COOPERATES, DEVELOPS, DISTRICT, LOCATED_IN, ORG, PARK, PROJECT  # noqa: E402

WORK = ROOT / "bench" / "_work"
TRIPLES_PER_ENTITY = 49          # measured on the generator's output; used to size a graph

SYLLABLES = list("青禾川岭泽安宁平兴丰源湖山田桥石溪云江海东西南北华新城阳光明德龙凤金银")
INDUSTRIES = ["新能源汽车", "生物医药", "高端装备", "新材料", "电子信息", "现代农业", "冷链物流",
              "智能制造", "集成电路", "氢能", "光伏", "数字经济", "纺织服装", "食品加工", "文化旅游"]
PARK_SUFFIXES = ["产业园", "经济开发区", "高新技术产业开发区", "物流园", "创新港", "科技城"]
PROJECT_SUFFIXES = ["项目", "产业基地项目", "生产线项目", "研发中心项目"]
ORG_SUFFIXES = ["有限公司", "集团", "研究院", "大学"]


def _name(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def generate(n_triples: int, seed: int = 7):
    """Records of a synthetic corpus whose graph has about ``n_triples`` triples.

    Returns (documents, entities, relations, quantities) for ``kg.assemble.to_rdf``.
    """
    rng = random.Random(seed)
    n_entities = max(50, n_triples // TRIPLES_PER_ENTITY)
    n_docs = max(5, n_entities // 10)
    sentences_per_doc = 30

    # ---- entities (key, label, types, attrs, parent key)
    ents: dict[str, dict] = {}

    def add(key, label, types, attrs=(), parent=None):
        ents[key] = {"label": label, "types": types, "attrs": tuple(attrs), "parent": parent,
                     "aliases": ()}
        return key

    province = add("district:370000", "青禾省", (DISTRICT,), [("adminCode", "370000"), ("adminLevel", "province")])
    n_cities = max(2, n_entities // 2000)
    n_counties = max(4, n_entities // 200)
    n_towns = max(8, n_entities // 40)
    cities = [add(f"district:37{i + 1:02d}00", f"{_name(rng)}{i}市", (DISTRICT,),
                  [("adminCode", f"37{i + 1:02d}00"), ("adminLevel", "city")], province) for i in range(n_cities)]
    counties = []
    for i in range(n_counties):
        city = cities[i % n_cities]
        code = f"{city[9:13]}{i // n_cities + 1:02d}"
        counties.append(add(f"district:{code}", f"{_name(rng)}{i}县", (DISTRICT,),
                            [("adminCode", code), ("adminLevel", "county")], city))
    towns = []
    for i in range(n_towns):
        county = counties[i % n_counties]
        code = f"{county[9:15]}{i // n_counties + 1:03d}000"
        towns.append(add(f"district:{code}", f"{_name(rng)}{i}镇", (DISTRICT,),
                         [("adminCode", code), ("adminLevel", "town")], county))
    districts = counties + towns
    n_rest = n_entities - len(ents)
    clusters = [add(f"{CLUSTER}:{ind}{i}", f"{ind}{'' if i == 0 else i}产业", (CLUSTER,))
                for i in range(max(15, n_rest // 50)) for ind in [INDUSTRIES[i % len(INDUSTRIES)]]][: max(15, n_rest // 50)]
    parks = []
    for i in range(max(10, n_rest // 5)):
        parent = rng.choice(districts) if (i < 10 or rng.random() < 0.8) else rng.choice(parks)
        attrs = [("areaSquareMetres", str(rng.randint(10, 5000) * 10000))]
        if rng.random() < 0.2:
            attrs.append(("phase", str(rng.randint(1, 3))))
        parks.append(add(f"{PARK}:{i}", f"{_name(rng)}{i}{rng.choice(PARK_SUFFIXES)}", (PARK,), attrs, parent))
    projects = []
    for i in range(max(10, n_rest * 2 // 5)):
        parent = rng.choice(parks) if rng.random() < 0.7 else rng.choice(districts)
        # 0.5 to 100 亿元, log-uniform, and 2% of big ones up to 1300 亿元
        yi = 10 ** rng.uniform(-0.3, 2.0) if rng.random() > 0.02 else rng.uniform(100, 1300)
        inv = int(yi * 100) * 10**6
        projects.append(add(f"{PROJECT}:{i}", f"{_name(rng, 3)}{i}{rng.choice(PROJECT_SUFFIXES)}", (PROJECT,),
                            [("investmentCNY", str(inv))], parent))
    orgs = []
    while len(ents) < n_entities:
        i = len(orgs)
        orgs.append(add(f"{ORG}:{i}", f"{_name(rng, 3)}{i}{rng.choice(ORG_SUFFIXES)}", (ORG,), (),
                        rng.choice(districts + parks)))

    # ---- documents: each entity is mentioned in 1-4 documents, sentences name it
    doc_ids = [f"d{i:06d}" for i in range(n_docs)]
    doc_sentences: dict[str, list[str]] = {d: [] for d in doc_ids}
    mentions: dict[str, list[Mention]] = {k: [] for k in ents}

    def mention(key, doc, rule="lexicon"):
        sents = doc_sentences[doc]
        label = ents[key]["label"]
        idx = len(sents) % sentences_per_doc
        if len(sents) < sentences_per_doc:
            sents.append(f"{label}推进{rng.choice(INDUSTRIES)}发展。")
        start = idx * 40
        m = Mention(doc, idx, start, start + len(label), label, rule)
        mentions[key].append(m)
        return m

    relations: list[Relation] = []
    quantities: list[Quantity] = []
    for key, e in ents.items():
        docs = rng.sample(doc_ids, k=rng.randint(1, 3))
        ms = [mention(key, d) for d in docs]
        m = ms[0]
        if e["parent"]:
            relations.append(Relation(key, LOCATED_IN, e["parent"], m.doc, m.sentence, m.start, m.end + 4,
                                      "located_in", round(rng.uniform(0.5, 1.0), 3)))
        if key in clusters:
            continue
        if (PARK in e["types"] or PROJECT in e["types"] or e["attrs"][-1:] == (("adminLevel", "county"),)) \
                and rng.random() < 0.6:
            for c in rng.sample(clusters, k=rng.randint(1, 2)):
                relations.append(Relation(key, DEVELOPS, c, m.doc, m.sentence, m.start, m.end + 6,
                                          "develops", round(rng.uniform(0.5, 1.0), 3)))
        if ORG in e["types"] and rng.random() < 0.5:
            other = rng.choice(orgs)
            if other != key:
                relations.append(Relation(key, COOPERATES, other, m.doc, m.sentence, m.start, m.end + 2,
                                          "cooperates", 0.8))
        for name, value in e["attrs"]:
            if name == "investmentCNY":
                quantities.append(Quantity(key, "investment", value, "CNY", f"{int(value) // 10**8}亿元",
                                           m.doc, m.sentence, m.start + 2, m.end + 2, "amount",
                                           year=rng.choice([None, 2023, 2024])))
            elif name == "areaSquareMetres":
                quantities.append(Quantity(key, "area", value, "m2", f"{int(value) // 10000}万平方米",
                                           m.doc, m.sentence, m.start + 2, m.end + 2, "area"))

    documents = []
    for i, d in enumerate(doc_ids):
        sents = doc_sentences[d] or ["（空）"]
        while len(sents) < sentences_per_doc:
            sents.append("相关工作有序推进。")
        sentences = tuple(Sentence(j, j * 40, j * 40 + len(s), j // 5, s) for j, s in enumerate(sents))
        documents.append(Document(
            id=d, path=f"news/{d}.md", text="".join(s.ljust(40, " ") for s in sents), sentences=sentences,
            paragraphs=((0, len(sents) * 40),), title=f"{_name(rng)}新闻{i}", date=f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            source=f"https://news.example.cn/{d}.html", categories=(rng.choice(["要闻", "经济"]),), tags=("园区",),
            sha256=f"{i:064x}"))
    entities = [Entity(k, e["label"], e["types"], e["aliases"], e["attrs"], tuple(mentions[k]))
                for k, e in ents.items()]
    return documents, entities, relations, quantities


def graph_file(n_triples: int) -> Path:
    """graph.ttl of a synthetic graph of about ``n_triples`` triples (cached in bench/_work)."""
    path = WORK / f"graph-{n_triples}.ttl"
    if path.exists():
        return path
    import pyoxigraph as ox

    from kg.assemble import to_rdf

    WORK.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    g = to_rdf(*generate(n_triples))
    print(f"  generated {len(g):,} triples in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    # rdflib's Turtle writer takes minutes at 1M; convert through N-Triples with pyoxigraph instead.
    nt = g.serialize(format="nt", encoding="utf-8")
    prefixes = {p: str(ns) for p, ns in g.namespaces() if p in ("kg", "id", "skos", "dcterms", "rdf", "rdfs", "xsd")}
    tmp = path.with_suffix(".tmp")
    ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), tmp, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    tmp.replace(path)
    return path


# ---------------------------------------------------------------- measuring

JOIN_QUERIES = ("parks-of-district", "projects-over", "clusters", "neighbourhood", "sources")


def cases(graph) -> list[tuple[str, str, dict]]:
    """(row label, named query, parameters) for every named query, parameters picked from the graph.

    A query with a limit parameter gets a second row, "NAME (all)", with ``limit=0``.
    """
    from kg import query

    def one(sparql):
        rows = list(query.run(graph, sparql))
        return str(rows[0][0]) if rows else ""

    county = one("SELECT ?l WHERE { ?d a kg:County ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    park = one("SELECT ?l WHERE { ?p a kg:Park ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    cluster = one("SELECT ?l WHERE { ?c a kg:IndustrialCluster ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    params = {"parks-of-district": {"district": county}, "projects-over": {"amount": "100亿"},
              "neighbourhood": {"entity": county}, "sources": {"entity": park}, "entity": {"label": park}}
    out = []
    for name, nq in query.named_queries().items():
        p = params.get(name, {})
        out.append((name, name, p))
        if name == "clusters":
            out.append(("clusters (one)", name, {"cluster": cluster}))
        if nq.limit_param is not None:
            out.append((f"{name} (all)", name, {**p, nq.limit_param.name: "0"}))
    return out


def _kg_query(graph, name: str, params: dict) -> str:
    """What ``kg query --name NAME --param ...`` does once the graph is open."""
    from kg import query

    return query.render(query.run_named(graph, name, params), "table")


def _time(fn, runs: int, budget: float, report=None) -> list[float]:
    """Durations of up to ``runs`` calls, stopping once their total is over ``budget`` seconds."""
    times: list[float] = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if report:
            report(times[-1])
        if sum(times) > budget:
            break
    return times


def _stats(times: list[float]) -> dict:
    ts = sorted(times)
    return {"p50": statistics.median(ts) * 1000, "p95": ts[min(len(ts) - 1, round(0.95 * (len(ts) - 1)))] * 1000,
            "runs": len(ts)}


def bench_store(ttl: Path, runs: int) -> dict:
    """Load graph.ttl into kg's store (write_store), open it read-only, time every named query."""
    from kg import query
    from kg.store import count_triples, open_graph, ox_store, write_store

    out = WORK / f"out-{ttl.stem}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy(ttl, out / "graph.ttl")
    t = time.perf_counter()
    write_store(out / "graph.ttl", out)
    load = time.perf_counter() - t
    t = time.perf_counter()
    g = open_graph(out)
    first_open = time.perf_counter() - t             # includes importing oxrdflib
    t = time.perf_counter()
    g = open_graph(out)
    opened = time.perf_counter() - t
    store = ox_store(g)
    result = {"load": load, "open": opened, "first_open": first_open, "triples": count_triples(g), "queries": {}}
    result["cases"] = cs = cases(g)
    for label, name, params in cs:
        text, _ = query.named_plan(g, name, params)
        _kg_query(g, name, params)                                      # warm-up
        r = query.run_named(g, name, params)
        rows = f"{len(r)}+" if r.truncated else str(len(r))
        api = _time(lambda: _kg_query(g, name, params), runs, 60)
        raw = _time(lambda: list(store.query(text)), runs, 60)
        result["queries"][label] = {**_stats(api), "raw_p50": _stats(raw)["p50"], "rows": rows}
    return result


def _memory_child(ttl: str, cs, runs: int, budget: float, conn) -> None:
    """Load graph.ttl into rdflib's Memory store, then time each query in a forked grandchild."""
    import os
    import signal

    from rdflib import Graph

    t = time.perf_counter()
    g = Graph()
    g.parse(ttl, format="turtle")
    conn.send(("load", time.perf_counter() - t))
    for label, name, params in cs:
        recv, send = mp.Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:                                   # grandchild: shares the loaded graph
            recv.close()
            try:
                _time(lambda: _kg_query(g, name, params), runs, budget,
                      report=lambda s: send.send(s))
            finally:
                send.close()
                os._exit(0)
        send.close()
        times: list[float] = []
        while True:
            if not recv.poll(budget):
                os.kill(pid, signal.SIGKILL)
                break
            try:
                times.append(recv.recv())
            except EOFError:
                break
        os.waitpid(pid, 0)
        recv.close()
        conn.send(("query", label, _stats(times) if times else {"over": budget}))
    conn.send(("done",))


def bench_memory(ttl: Path, cs, runs: int, budget: float, load_budget: float) -> dict:
    """rdflib's default in-memory store, each query bounded by ``budget`` seconds (then reported as '>N s')."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_memory_child, args=(str(ttl), cs, runs, budget, send), daemon=False)
    proc.start()
    send.close()
    result: dict = {"load": None, "queries": {}}
    try:
        if not recv.poll(load_budget):
            result["load_over"] = load_budget
            return result
        result["load"] = recv.recv()[1]
        while recv.poll(budget * (runs + 2)):
            msg = recv.recv()
            if msg[0] == "done":
                break
            result["queries"][msg[1]] = msg[2]
    except EOFError:
        pass
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    return result


def _ms(v):
    return "-" if v is None else (f"{v:.1f}" if v < 100 else f"{v:,.0f}")


def report(size: int, store: dict, memory: dict | None) -> str:
    lines = [f"### {store['triples']:,} triples (generated for {size:,})", "",
             f"- load graph.ttl: kg store (write_store) {store['load']:.1f} s; "
             + ("rdflib Memory " + (f"{memory['load']:.1f} s" if memory.get("load") is not None
                                    else f">{memory.get('load_over', 0):.0f} s") if memory else "rdflib Memory: not run"),
             f"- open the store read-only: {store['open'] * 1000:.0f} ms "
             f"(first open in a process, imports included: {store['first_open'] * 1000:.0f} ms)", "",
             "| query | rows | kg store p50 ms | p95 ms | (pyoxigraph alone p50) | rdflib Memory p50 ms | speed-up |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, s in store["queries"].items():
        m = (memory or {}).get("queries", {}).get(label)
        if m is None:
            mem, ratio = "not run", ""
        elif "over" in m:
            mem, ratio = f">{m['over']:.0f} s", f">{m['over'] * 1000 / s['p50']:,.0f}×"
        else:
            mem, ratio = _ms(m["p50"]), f"{m['p50'] / s['p50']:,.0f}×"
        join = " (join)" if label.split(" (")[0] in JOIN_QUERIES else ""
        lines.append(f"| {label}{join} | {s['rows']} | {_ms(s['p50'])} | {_ms(s['p95'])} | {_ms(s['raw_p50'])} "
                     f"| {mem} | {ratio} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated triple counts")
    ap.add_argument("--runs", type=int, default=30, help="runs per query (kg's store)")
    ap.add_argument("--memory-runs", type=int, default=5, help="runs per query (in-memory store)")
    ap.add_argument("--memory-timeout", type=float, default=30.0, help="per-query budget of the in-memory store, s")
    ap.add_argument("--memory-load-timeout", type=float, default=900.0, help="load budget of the in-memory store, s")
    ap.add_argument("--no-memory", action="store_true", help="only kg's store")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    args = ap.parse_args(argv)
    figures = {}
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"# {size:,} triples", file=sys.stderr, flush=True)
        ttl = graph_file(size)
        store = bench_store(ttl, args.runs)
        print(f"  kg store done (load {store['load']:.1f} s)", file=sys.stderr, flush=True)
        memory = None if args.no_memory else bench_memory(ttl, store.pop("cases"), args.memory_runs,
                                                          args.memory_timeout, args.memory_load_timeout)
        store.pop("cases", None)
        figures[size] = {"store": store, "memory": memory}
        print(report(size, store, memory), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

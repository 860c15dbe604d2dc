"""A made-up graph of kg's shape for bench/bench_viz.py --synthetic N: N entities (districts in a
province/city/county tree with codes outside the division table, parks, clusters, projects,
organisations) with Chinese labels, aliases, relations and a few mentions, through
kg.assemble.to_rdf. Its districts have no coordinates: the map of it is empty.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import viz  # noqa: E402
from kg.assemble import to_rdf  # noqa: E402
from kg.records import Document, Entity, Mention, Relation, Sentence  # noqa: E402

CHARS = "安宁平江山河湖海东西南北中新兴华光明川阳春秋金石云峰泉溪林桥城德丰盛泰和嘉青临澜澄星辰远"


def synthetic_page(n: int, path: Path) -> tuple[Path, float]:
    """The view of a synthetic graph of ``n`` entities written to ``path``; seconds taken to write it."""
    graph = to_rdf(*synthetic_records(n))
    t = time.perf_counter()
    viz.write_html(graph, path, title=f"合成基准：{n:,} 个实体")
    return path, time.perf_counter() - t


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


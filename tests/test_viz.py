"""Unit tests of the view's data preparation and page rendering (kg/viz/).

The graph is made by hand about an imaginary county (澄湖县 in 临澜市); one entity is
labelled with markup to check that article text never becomes markup.
"""
from __future__ import annotations

import json
import random
import re
import shutil

import pytest
from rdflib import Graph

from kg import viz
from kg.assemble import to_rdf
from kg.errors import KGError
from kg.records import Document, Entity, Mention, Quantity, Relation, Sentence
from kg.settings import Settings
from kg.viz.focus import FOCUS_NEIGHBOURS

XSS = '<img src=x onerror="window.__xss=1">'
SCRIPT = "</script><script>window.__xss=2</script><!--"

DOC1 = ("澄湖县推进新材料产业发展", "2024-03-15", "https://example.org/news/chenghu-1", [
    "澄湖经济开发区位于临澜市澄湖县，重点发展新材料产业集群。",
    "星河储能项目总投资12.5亿元，位于澄湖经济开发区，分两期建设。",
    "北辰科技有限公司与澄湖经济开发区签署合作协议。",
    f"据悉，{XSS}也将落户澄湖县。",
])
DOC2 = ("临澜市光伏产业再添新项目", "2024-05-02", None, [
    "𠮷安光伏产业园位于临澜市，园区规划面积320万平方米。",
    f"北辰科技有限公司与𠮷安光伏产业园合作，{SCRIPT}。",
])

# key, label, types, aliases, attrs
ENTITIES = [
    ("district:999900", "临澜市", ("District",), (), (("adminCode", "999900"), ("adminLevel", "city"))),
    ("district:999901", "澄湖县", ("District",), (), (("adminCode", "999901"), ("adminLevel", "county"))),
    ("Park:澄湖经济开发区", "澄湖经济开发区", ("Park",), ("澄湖经开区",), ()),
    ("Park:𠮷安光伏产业园", "𠮷安光伏产业园", ("Park",), (), (("areaSquareMetres", "3200000"),)),
    ("IndustrialCluster:新材料", "新材料产业集群", ("IndustrialCluster",), (), ()),
    ("Project:星河储能项目", "星河储能项目", ("Project",), ("星河储能",),
     (("phase", "2"), ("investmentCNY", "1250000000"))),
    ("Organization:北辰科技", "北辰科技有限公司", ("Organization",), ("北辰科技",), ()),
    ("Park:xss", XSS, ("Park",), (), ()),
]
# head, rel, tail, doc index, sentence index
RELATIONS = [
    ("Park:澄湖经济开发区", "locatedIn", "district:999901", 0, 0),
    ("district:999901", "locatedIn", "district:999900", 0, 0),
    ("Park:澄湖经济开发区", "developsCluster", "IndustrialCluster:新材料", 0, 0),
    ("Project:星河储能项目", "locatedIn", "Park:澄湖经济开发区", 0, 1),
    ("Organization:北辰科技", "cooperatesWith", "Park:澄湖经济开发区", 0, 2),
    ("Park:xss", "locatedIn", "district:999901", 0, 3),
    ("Park:𠮷安光伏产业园", "locatedIn", "district:999900", 1, 0),
    ("Organization:北辰科技", "cooperatesWith", "Park:𠮷安光伏产业园", 1, 1),
]


def make_document(i: int, title, date, source, sentences) -> Document:
    text, sents, pos = "", [], 0
    for k, s in enumerate(sentences):
        sents.append(Sentence(k, pos, pos + len(s), 0, s))
        text += s
        pos += len(s)
    return Document(id=f"d{i}", path=f"news/d{i}.txt", text=text, sentences=tuple(sents),
                    paragraphs=((0, len(text)),), title=title, date=date, source=source)


def _span(doc: Document, sentence: int, surface: str) -> tuple[int, int]:
    s = doc.sentences[sentence]
    at = s.text.find(surface)
    assert at >= 0, (surface, s.text)
    return s.start + at, s.start + at + len(surface)


def county_records():
    docs = [make_document(0, *DOC1), make_document(1, *DOC2)]
    entities = []
    for key, label, types, aliases, attrs in ENTITIES:
        mentions = []
        for doc in docs:
            for s in doc.sentences:
                for name in (label, *aliases):
                    if name in s.text:
                        a, b = _span(doc, s.index, name)
                        mentions.append(Mention(doc.id, s.index, a, b, name, "test"))
                        break
        entities.append(Entity(key, label, types, aliases, attrs, tuple(mentions)))
    labels = {key: label for key, label, *_ in ENTITIES}
    relations = []
    for head, rel, tail, d, s in RELATIONS:
        doc = docs[d]
        a, _ = _span(doc, s, labels[head])
        _, b = _span(doc, s, labels[tail]) if labels[tail] in doc.sentences[s].text else (0, doc.sentences[s].end)
        relations.append(Relation(head, rel, tail, doc.id, s, min(a, b), max(a, b), "test", 0.9))
    a, b = _span(docs[0], 1, "总投资12.5亿元")
    quantities = [Quantity("Project:星河储能项目", "investment", "1250000000", "CNY", "总投资12.5亿元",
                           "d0", 1, a, b, "test", 2024)]
    return docs, entities, relations, quantities


def county_graph() -> Graph:
    return to_rdf(*county_records())


@pytest.fixture
def graph() -> Graph:
    return county_graph()


def node(data: dict, label: str) -> dict:
    return next(n for n in data["nodes"] if n["l"] == label)


# ---- escaping ---------------------------------------------------------------------------------

def test_json_for_script_cannot_close_the_block():
    text = viz.json_for_script({"a": SCRIPT, "b": XSS + "&amp;\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": SCRIPT, "b": XSS + "&amp;\u2028"}


def test_page_carries_markup_only_as_escaped_data(graph, tmp_path):
    page = viz.write_html(graph, tmp_path / "g.html", title=f"标题{XSS}").read_text(encoding="utf-8")
    assert "<img" not in page
    assert "window.__xss" in page                        # present, but only inside JSON strings
    assert page.count("</script>") == 5                  # data, details, map, vis-network, the view
    assert "<title>标题&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;</title>" in page
    def block(name):
        return json.loads(re.search(f'<script type="application/json" id="{name}">(.*?)</script>', page, re.S)[1])

    assert XSS in {n["l"] for n in block("kg-data")["nodes"]}
    assert any(SCRIPT in s for s in block("kg-detail")["sentences"])


def test_page_is_self_contained(graph, tmp_path):
    page = viz.write_html(graph, tmp_path / "g.html", title="t").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", page, re.I)
    assert "cdn" not in page.lower().replace("cdnjs", "")  # no CDN names in our template
    assert "vis-network" in page and "default-src 'none'" in page
    assert page.startswith("<!DOCTYPE html>")
    assert b"\r" not in (tmp_path / "g.html").read_bytes()


# ---- content ----------------------------------------------------------------------------------

def test_type_and_relation_counts(graph):
    data = viz.view_data(graph, title="t")
    assert {t["key"]: t["count"] for t in data["types"]} == {
        "District": 2, "Park": 3, "IndustrialCluster": 1, "Project": 1, "Organization": 1}
    assert {r["key"]: (r["name"], r["count"]) for r in data["relations"]} == {
        "locatedIn": ("位于", 5), "developsCluster": ("发展产业", 1), "cooperatesWith": ("合作", 2)}
    assert [n["l"] for n in data["nodes"]] == sorted((n["l"] for n in data["nodes"]),
                                                     key=lambda label: [n["i"] for n in data["nodes"]
                                                                        if n["l"] == label][0])
    assert data["static"] is False and data["note"] is None and data["total"] == 8


def test_degree_and_size(graph):
    data = viz.view_data(graph, title="t")
    park = node(data, "澄湖经济开发区")
    assert park["d"] == 4 and node(data, "新材料产业集群")["d"] == 1
    assert park["s"] == viz.node_size(4) > node(data, "新材料产业集群")["s"] == viz.node_size(1)
    sizes = [viz.node_size(d) for d in range(0, 200)]
    assert sizes == sorted(sizes) and sizes[0] == 10 and sizes[-1] <= 46


def test_attributes_are_formatted(graph):
    data = viz.view_data(graph, title="t")
    project = dict(node(data, "星河储能项目")["at"])
    assert project["项目期数"] == "二期" and project["投资额"] == "12.5 亿元（原文“总投资12.5亿元”）"
    assert "投资（2024年）" not in project            # the quantity the attribute was read from
    assert project["报道日期"] == "2024-03-15"
    assert dict(node(data, "𠮷安光伏产业园")["at"])["面积"] == "3.2 平方公里（约 4,800 亩）"
    county = dict(node(data, "澄湖县")["at"])
    assert county["行政区划代码"] == "999901" and county["行政级别"] == "县级"
    assert node(data, "澄湖经济开发区")["al"] == ["澄湖经开区"]


@pytest.mark.parametrize("value, expected", [
    ("1250000000", "12.5 亿元"), ("100000000", "1 亿元"), ("35000000", "3,500 万元"),
    ("12345", "1.23 万元"), ("800", "800 元"), ("123456789012", "1,234.57 亿元"), ("abc", "abc"),
])
def test_format_cny(value, expected):
    assert viz.format_cny(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("3200000", "3.2 平方公里（约 4,800 亩）"), ("500", "500 平方米"), ("66666.67", "66,666.67 平方米（约 100 亩）"),
])
def test_format_area(value, expected):
    assert viz.format_area(value) == expected


@pytest.mark.parametrize("value, expected", [("1", "一期"), ("10", "十期"), ("12", "第 12 期"), ("x", "x")])
def test_format_phase(value, expected):
    assert viz.format_attribute("phase", value) == expected


def test_mentions_highlight_the_matched_text(graph):
    data = viz.view_data(graph, title="t")
    for n in data["nodes"]:
        names = {n["l"], *n.get("al", ())}
        assert n.get("m"), n["l"]
        for doc, sent, a, b in n["m"]:
            units = data["sentences"][sent].encode("utf-16-le")
            assert units[2 * a: 2 * b].decode("utf-16-le") in names
    park = node(data, "𠮷安光伏产业园")          # an astral character: UTF-16 offsets differ
    doc, sent, a, b = park["m"][0]
    assert (a, b) == (0, len("𠮷安光伏产业园") + 1)
    assert data["docs"][doc] == {"title": DOC2[0], "date": DOC2[1], "path": "news/d1.txt"}


def test_edges_carry_their_assertions(graph):
    data = viz.view_data(graph, title="t")
    index = {n["l"]: k for k, n in enumerate(data["nodes"])}
    edge = next(e for e in data["edges"] if e["f"] == index["北辰科技有限公司"] and e["t"] == index["澄湖经济开发区"])
    assert data["relations"][edge["r"]]["key"] == "cooperatesWith"
    [(doc, sent, a, b, conf, rule)] = edge["p"]
    assert data["sentences"][sent][a:b] == "北辰科技有限公司与澄湖经济开发区"
    assert conf == 0.9 and rule == "test"
    assert data["docs"][doc]["source"] == DOC1[2]


# ---- focus ------------------------------------------------------------------------------------

@pytest.mark.parametrize("focus, depth, expected", [
    ("星河储能项目", 0, {"星河储能项目"}),
    ("星河储能", 1, {"星河储能项目", "澄湖经济开发区"}),          # an alias
    ("澄湖经开区", 1, {"澄湖经济开发区", "澄湖县", "新材料产业集群", "星河储能项目", "北辰科技有限公司"}),
    (" 北辰科技 ", 2, {"北辰科技有限公司", "澄湖经济开发区", "𠮷安光伏产业园", "澄湖县", "临澜市",
                     "新材料产业集群", "星河储能项目"}),
])
def test_focus_neighbourhood(graph, focus, depth, expected):
    data = viz.view_data(graph, title="t", focus=focus, depth=depth)
    assert {n["l"] for n in data["nodes"]} == expected
    assert [data["nodes"][k]["l"] for k in data["focus"]] in (["星河储能项目"], ["澄湖经济开发区"], ["北辰科技有限公司"])
    kept = len(data["nodes"])
    assert all(e["f"] < kept and e["t"] < kept for e in data["edges"])


def test_unknown_focus_names_the_closest_labels(graph):
    with pytest.raises(KGError) as err:
        viz.view_data(graph, title="t", focus="澄湖开发区", where="out")
    msg = str(err.value)
    assert msg.startswith('no entity labelled "澄湖开发区" in out; try one of: 澄湖经济开发区')
    assert len(msg.split("try one of: ")[1].split(", ")) == 5


def test_write_view_names_and_titles(graph, tmp_path):
    path = viz.write_view(graph, tmp_path, output=None, focus=None, depth=1, settings=Settings())
    assert path == tmp_path / "graph.html"
    assert "<title>kg: 2 documents</title>" in path.read_text(encoding="utf-8")
    path = viz.write_view(graph, tmp_path, output=None, focus="澄湖经开区", depth=1, settings=Settings())
    assert path == tmp_path / "focus-澄湖经开区.html"
    assert "<title>澄湖经济开发区 周边 1 层 · kg: 2 documents</title>" in path.read_text(encoding="utf-8")
    with pytest.raises(KGError, match=f'no entity labelled "nowhere" in {re.escape(str(tmp_path))}; try one of: '):
        viz.write_view(graph, tmp_path, output=None, focus="nowhere", depth=1, settings=Settings())


def test_corpus_title_of_one_document():
    docs, entities, relations, quantities = county_records()
    assert viz.corpus_title(to_rdf(docs[:1], entities, relations, quantities)) == DOC1[0]


# ---- large graphs and determinism -------------------------------------------------------------

def test_static_layout_above_threshold(graph):
    data = viz.view_data(graph, title="t", settings=Settings(viz_static_over=3))
    assert data["static"] is True
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(set(xy)) == len(xy)


def test_max_nodes_keeps_the_best_connected(graph):
    data = viz.view_data(graph, title="t", settings=Settings(viz_max_nodes=3))
    assert {n["l"] for n in data["nodes"]} == {"澄湖经济开发区", "澄湖县", "临澜市"}
    assert "8 个实体" in data["note"] and "3 个" in data["note"] and data["total"] == 8


@pytest.mark.parametrize("sfdp", [True, False])
def test_layout_is_deterministic(monkeypatch, sfdp):
    if sfdp and not shutil.which("sfdp"):
        pytest.skip("Graphviz sfdp is not installed")
    if not sfdp:
        monkeypatch.setattr(shutil, "which", lambda name: None)
    rng = random.Random(3)
    edges = [(rng.randrange(400), rng.randrange(400)) for _ in range(500)]
    first = viz.layout(400, edges)
    assert first == viz.layout(400, edges) and len(first) == 400
    assert len(set(first)) > 390


def test_radial_layout_separates_components():
    xy = viz.radial_layout(7, [(0, 1), (0, 2), (0, 3), (4, 5)])
    assert len(set(xy)) == 7
    assert xy[1] != xy[2] != xy[3]


def test_same_graph_same_bytes(graph, tmp_path):
    shuffled = Graph()
    triples = sorted(graph, key=str)
    random.Random(1).shuffle(triples)
    for t in triples:
        shuffled.add(t)
    for settings in (Settings(), Settings(viz_static_over=2), Settings(viz_overview_over=2)):
        a = viz.write_html(graph, tmp_path / "a.html", title="t", settings=settings).read_bytes()
        b = viz.write_html(shuffled, tmp_path / "b.html", title="t", settings=settings).read_bytes()
        assert a == b


def test_empty_graph(tmp_path):
    page = viz.write_html(Graph(), tmp_path / "e.html", title="空").read_text(encoding="utf-8")
    assert '"nodes":[]' in page
    with pytest.raises(KGError, match="the graph has no entities"):
        viz.view_data(Graph(), title="t", focus="x")


def _busy_records(n_docs: int = 40):
    """One park mentioned in many documents, some on the same date, and one relation asserted
    in many of them with different confidences: more evidence than a panel keeps."""
    rng = random.Random(5)
    docs, mentions, relations = [], [], []
    for i in range(n_docs):
        sents = [f"第{k}句：澄湖经济开发区与临澜市签约{rng.randrange(99)}个项目。" for k in range(rng.randrange(1, 4))]
        date = f"2024-0{rng.randrange(1, 4)}-1{rng.randrange(3)}"
        doc = make_document(i, f"标题{rng.randrange(5)}", date, None, sents)
        docs.append(doc)
        for s in doc.sentences:
            a, b = _span(doc, s.index, "澄湖经济开发区")
            mentions.append(Mention(doc.id, s.index, a, b, "澄湖经济开发区", "test"))
            relations.append(Relation("Park:澄湖经济开发区", "locatedIn", "district:999900", doc.id, s.index,
                                      a, b, "test", rng.choice([0.5, 0.85, 1.0])))
    rng.shuffle(mentions)
    entities = [Entity("Park:澄湖经济开发区", "澄湖经济开发区", ("Park",), (), (), tuple(mentions)),
                Entity("district:999900", "临澜市", ("District",), (), (("adminCode", "999900"),), ())]
    return docs, entities, relations, []


def test_evidence_panels_keep_the_first_items_by_date_and_document():
    docs, entities, relations, quantities = _busy_records()
    graph = to_rdf(docs, entities, relations, quantities)
    layer_view = viz.view_data(graph, title="t", evidence=viz.records_evidence(docs, entities, relations, []))
    assert layer_view == viz.view_data(graph, title="t")       # from the records as from the graph
    by_id = {d.id: d for d in docs}

    def expected(items):        # every item, sorted the slow way
        return sorted(items, key=lambda e: (by_id[e[0]].date, by_id[e[0]].path, by_id[e[0]].title or "", *e[1:]))

    park = node(layer_view, "澄湖经济开发区")
    items = {(m.doc, by_id[m.doc].sentences[m.sentence].start, by_id[m.doc].sentences[m.sentence].text,
              m.start - by_id[m.doc].sentences[m.sentence].start, m.end - by_id[m.doc].sentences[m.sentence].start)
             for m in entities[0].mentions}
    assert len(items) > viz.MAX_EVIDENCE
    shown = [(layer_view["docs"][d]["path"], layer_view["sentences"][s], a, b) for d, s, a, b in park["m"]]
    assert shown == [(by_id[e[0]].path, e[2], e[3], e[4]) for e in expected(items)[: viz.MAX_EVIDENCE]]
    assert park["mx"] == len(items) - viz.MAX_EVIDENCE

    [edge] = layer_view["edges"]
    kept = [(layer_view["docs"][d]["path"], layer_view["sentences"][s], a, b, c) for d, s, a, b, c, _ in edge["p"]]
    asserted = expected({(r.doc, by_id[r.doc].sentences[r.sentence].start, by_id[r.doc].sentences[r.sentence].text,
                          r.start - by_id[r.doc].sentences[r.sentence].start,
                          r.end - by_id[r.doc].sentences[r.sentence].start, r.confidence) for r in relations})
    assert kept == [(by_id[e[0]].path, *e[2:]) for e in asserted[: viz.MAX_EVIDENCE]]
    assert edge["px"] == len(relations) - viz.MAX_EVIDENCE


def test_store_and_memory_graphs_give_the_same_view(graph, tmp_path, monkeypatch):
    from kg.store import open_graph, write_store

    write_store(graph, tmp_path)
    stored = open_graph(tmp_path)
    assert viz.view_data(stored, title="t") == viz.view_data(graph, title="t")
    # a focused view looks up the evidence of its own nodes only, in batches: the same page
    monkeypatch.setattr(viz.evidence, "_LOOKUP_BATCH", 2)
    for focus in ("星河储能项目", "𠮷安光伏产业园"):
        focused = viz.view_data(stored, title="t", focus=focus)
        assert 2 * len(focused["nodes"]) <= len(viz.view_data(stored, title="t")["nodes"])
        assert focused == viz.view_data(graph, title="t", focus=focus)
        assert any("m" in n for n in focused["nodes"]) and any("p" in e for e in focused["edges"])


def test_cli_viz(graph, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store import write_store

    write_store(graph, tmp_path)
    result = CliRunner().invoke(cli, ["viz", "--graph", str(tmp_path), "--focus", "澄湖经开区", "--depth", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "focus-澄湖经开区.html")
    assert "<title>澄湖经济开发区 周边 2 层 · kg: 2 documents</title>" in \
        (tmp_path / "focus-澄湖经开区.html").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["viz", "--graph", str(tmp_path), "--focus", "nowhere"])
    assert result.exit_code == 1
    assert f'Error: no entity labelled "nowhere" in {tmp_path}; try one of: ' in result.output


# ---- overview, filters' data, focus cap -------------------------------------------------------

def test_small_graphs_keep_the_full_view(graph):
    data = viz.view_data(graph, title="t")
    assert data["overview"] is False and all("p" not in n for n in data["nodes"])


def test_containers_follow_located_in_and_fold_the_rest_into_places(graph):
    data = viz.view_data(graph, title="t", settings=Settings(viz_overview_over=3))
    assert data["overview"] is True
    labels = [n["l"] for n in data["nodes"]]
    container = {n["l"]: labels[n["p"]] if "p" in n else None for n in data["nodes"]}
    assert container == {
        "临澜市": None,
        "澄湖县": "临澜市",
        "澄湖经济开发区": "澄湖县",              # a park: its district
        XSS: "澄湖县",
        "𠮷安光伏产业园": "临澜市",
        "星河储能项目": "澄湖经济开发区",        # located in a park: the park, not its county
        "新材料产业集群": "澄湖县",              # a cluster: the lowest place of all that develop it
        "北辰科技有限公司": "澄湖县",            # located nowhere: its partners' place, the better connected
    }
    assert node(data, "临澜市")["lv"] == "city" and "lv" not in node(data, "星河储能项目")


def test_containers_cut_cycles_and_lift_clusters_developed_across_places():
    from kg.viz.overview import containers

    table = {k: {"types": [t], "adminLevel": lv} if lv else {"types": [t]} for k, t, lv in [
        ("a", "District", "province"), ("b", "District", "province"), ("p", "Park", None),
        ("q", "Park", None), ("c", "IndustrialCluster", None), ("o", "Organization", None)]}
    iris = sorted(table)                      # a b c o p q
    ix = {k: i for i, k in enumerate(iris)}
    rel = {"locatedIn": 0, "developsCluster": 1, "cooperatesWith": 2}
    triples = [(ix["p"], 0, ix["q"]), (ix["q"], 0, ix["p"]),       # parks in each other: a cycle
               (ix["p"], 0, ix["a"]), (ix["q"], 1, ix["c"]), (ix["o"], 2, ix["b"])]
    triples += [(ix["p"], 1, ix["c"])]
    degree = [sum(v in (h, t) for h, _, t in triples) for v in range(len(iris))]
    parent = containers(table, iris, triples, degree, rel)
    named = {iris[v]: iris[p] if p >= 0 else None for v, p in enumerate(parent)}
    assert named["q"] == "p" and named["p"] == "a"      # the cycle cut at p, which goes to its district
    assert named["o"] == "b"                  # its partner's place
    assert named["a"] is None and named["b"] is None
    assert named["c"] == "a"                  # both developers lie in a
    triples.append((ix["o"], 1, ix["c"]))     # a developer in b too: no place holds them all
    parent = containers(table, iris, triples, degree, rel)
    assert parent[ix["c"]] == -1


def test_documents_and_their_entities_for_the_filters(graph):
    data = viz.view_data(graph, title="t")
    assert data["documents"] == [[DOC1[0], DOC1[1]], [DOC2[0], DOC2[1]]]
    assert node(data, "北辰科技有限公司")["dc"] == [0, 1]
    assert node(data, "星河储能项目")["dc"] == [0]
    located = [e for e in data["edges"] if data["nodes"][e["f"]]["l"] == "𠮷安光伏产业园"]
    assert [e["dc"] for e in located] == [[1]]
    page = viz.render(data)
    core = json.loads(re.search(r'id="kg-data">(.*?)</script>', page).group(1))
    assert core["documents"] == data["documents"] and "dc" in core["nodes"][0] | core["nodes"][1]


def hub_graph(parks: int = 40) -> Graph:
    """A cluster developed by ``parks`` parks, each in a county of its own with two projects."""
    doc = make_document(0, "枢纽", "2024-01-01", None, ["枢纽产业集群。"])
    ents = [Entity("IndustrialCluster:hub", "枢纽产业集群", ("IndustrialCluster",), (), (), ())]
    rels = []
    for k in range(parks):
        ents += [Entity(f"Park:{k}", f"园区{k:02d}", ("Park",), (), (), ()),
                 Entity(f"district:{900100 + k}", f"县{k:02d}", ("District",), (), (("adminLevel", "county"),), ())]
        rels += [Relation(f"Park:{k}", "developsCluster", "IndustrialCluster:hub", "d0", 0, 0, 1, "test", 0.9),
                 Relation(f"Park:{k}", "locatedIn", f"district:{900100 + k}", "d0", 0, 0, 1, "test", 0.9)]
        for j in range(2 if k < 10 else 0):      # the first ten parks are the better connected
            ents.append(Entity(f"Project:{k}-{j}", f"项目{k:02d}{j}", ("Project",), (), (), ()))
            rels.append(Relation(f"Project:{k}-{j}", "locatedIn", f"Park:{k}", "d0", 0, 0, 1, "test", 0.9))
    return to_rdf([doc], ents, rels, [])


def test_focus_through_a_hub_keeps_its_best_connected_neighbours():
    data = viz.view_data(hub_graph(), title="t", focus="枢纽产业集群", depth=2)
    labels = {n["l"] for n in data["nodes"]}
    parks = {label for label in labels if label.startswith("园区")}
    assert len(parks) == FOCUS_NEIGHBOURS == 25
    assert {f"园区{k:02d}" for k in range(10)} <= parks           # the best connected first
    assert len(labels) == 1 + 25 + 25 + 20                        # and each park's county and projects
    hub = [n["l"] for n in data["nodes"]].index("枢纽产业集群")
    assert data["hidden"] == [[hub, 15]]
    assert data["note"].startswith("枢纽产业集群 另有 15 个相邻实体未显示。")
    assert data["focus"] == [hub]
    # the focus is laid out at the centre of its rings
    assert (data["nodes"][hub]["x"], data["nodes"][hub]["y"]) == (0.0, 0.0)

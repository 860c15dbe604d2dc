"""The view in real headless Chromium: offline, drawn, legend, search, panels, no script injection."""
from __future__ import annotations

import pytest

from kg import viz
from kg.settings import Settings
from test_viz import DOC1, SCRIPT, XSS, county_graph

pytestmark = pytest.mark.browser

PHYSICS = Settings()                   # 8 nodes: physics on
STATIC = Settings(viz_static_over=0)   # precomputed layout, physics off, labels drawn by the page


@pytest.fixture(scope="module")
def graph():
    return county_graph()


def open_view(view, path):
    page = view.page
    page.goto(path.resolve().as_uri())
    view.wait("window.__kgFirstDraw !== undefined")
    view.wait("window.__kgStable === true")
    return page


def index_of(page, label: str) -> int:
    return page.evaluate("label => kgView.data.nodes.findIndex(n => n.l === label)", label)


def drawn_pixels(page) -> int:
    """Pixels of the vis canvas that are not white/transparent."""
    return page.evaluate("""() => {
        const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
        return n;
    }""")


def panel_marks(page) -> list[str]:
    return page.locator("#panel .evidence mark").all_text_contents()


@pytest.mark.parametrize("settings", [PHYSICS, STATIC], ids=["physics", "static"])
def test_page_draws_offline(graph, tmp_path, offline_page, settings):
    path = viz.write_html(graph, tmp_path / "g.html", title="澄湖县", settings=settings)
    page = open_view(offline_page, path)
    assert offline_page.requests == [path.resolve().as_uri()]
    assert offline_page.errors == []
    assert drawn_pixels(page) > 2000
    assert page.title() == "澄湖县"
    assert page.locator("#title").text_content() == "澄湖县"
    assert page.locator("#stats").text_content() == "8 个实体 · 8 条关系"
    assert page.evaluate("kgView.network.physics.options.enabled") is (settings is PHYSICS)
    # a small graph keeps the full view: every node drawn, no overview to switch to
    assert page.evaluate("document.documentElement.dataset.drawnNodes") == "8"
    assert page.evaluate("kgView.mode()") == "full" and page.locator("#modes").is_hidden()


def test_legend_counts_and_toggles(graph, tmp_path, offline_page):
    page = open_view(offline_page, viz.write_html(graph, tmp_path / "g.html", title="t"))
    rows = page.locator("#legend-types li")
    assert [(rows.nth(k).locator(".name").text_content(), rows.nth(k).locator(".count").text_content())
            for k in range(rows.count())] == [("行政区", "2"), ("园区", "3"), ("产业集群", "1"), ("项目", "1"), ("机构", "1")]
    rels = page.locator("#legend-relations li")
    assert rels.all_text_contents() == ["位于5", "发展产业1", "合作2"]

    parks = page.locator('#legend-types li[data-key="Park"]')
    parks.click()
    visible = page.evaluate("kgView.visibleNodeIds().map(i => kgView.data.nodes[i].t)")
    assert len(visible) == 5 and 1 not in visible
    assert "off" in parks.get_attribute("class")
    assert page.locator("#stats").text_content().startswith("5 / 8 个实体")
    assert page.evaluate("document.documentElement.dataset.drawnNodes") == "5"
    assert page.evaluate("Object.keys(kgView.network.body.nodes).length") == 5
    parks.click()
    assert len(page.evaluate("kgView.visibleNodeIds()")) == 8

    page.locator('#legend-relations li[data-key="locatedIn"]').click()
    assert len(page.evaluate("kgView.visibleEdgeIds()")) == 3


def test_search_chinese_label_and_alias(graph, tmp_path, offline_page):
    page = open_view(offline_page, viz.write_html(graph, tmp_path / "g.html", title="t"))
    search = page.locator("#search")
    search.fill("星河")
    assert page.locator("#results li .label").all_text_contents() == ["星河储能项目"]
    search.press("Enter")
    i = index_of(page, "星河储能项目")
    assert page.evaluate("kgView.network.getSelectedNodes()") == [i]
    assert page.locator("#panel h2").text_content() == "星河储能项目"
    assert page.locator("#results").is_hidden()

    search.fill("经开区")                               # only an alias contains it
    assert page.locator("#results li .label").all_text_contents() == ["澄湖经济开发区"]
    assert page.locator("#results li .alias").all_text_contents() == ["别名 澄湖经开区"]
    page.locator("#results li").first.click()
    assert page.evaluate("kgView.network.getSelectedNodes()") == [index_of(page, "澄湖经济开发区")]

    search.fill("不存在的名字")
    assert page.locator("#results li").all_text_contents() == ["没有找到“不存在的名字”"]


def test_search_unhides_a_hidden_type(graph, tmp_path, offline_page):
    page = open_view(offline_page, viz.write_html(graph, tmp_path / "g.html", title="t"))
    page.locator('#legend-types li[data-key="Project"]').click()
    page.locator("#search").fill("星河储能")
    page.locator("#search").press("Enter")
    assert index_of(page, "星河储能项目") in page.evaluate("kgView.visibleNodeIds()")


@pytest.mark.parametrize("settings", [PHYSICS, STATIC], ids=["physics", "static"])
def test_click_node_shows_provenance(graph, tmp_path, offline_page, settings):
    page = open_view(offline_page, viz.write_html(graph, tmp_path / "g.html", title="t", settings=settings))
    i = index_of(page, "星河储能项目")
    at = page.evaluate("i => kgView.domPosition(i)", i)
    page.mouse.click(at["x"], at["y"])
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == "星河储能项目"
    assert panel.locator(".badge").all_text_contents() == ["项目"]
    assert panel.locator(".aliases").text_content() == "别名：星河储能"
    attrs = dict(zip(panel.locator("table.attrs th").all_text_contents(),
                     panel.locator("table.attrs td").all_text_contents()))
    assert attrs["投资额"] == "12.5 亿元（原文“总投资12.5亿元”）" and attrs["项目期数"] == "二期"
    assert panel_marks(page) == ["星河储能项目"]
    assert panel.locator(".evidence .sent").first.text_content() == DOC1[3][1]
    link = panel.locator(".evidence .doc a").first
    assert link.text_content() == DOC1[0] and link.get_attribute("href") == DOC1[2]
    assert DOC1[1] in panel.locator(".evidence .doc").first.text_content()
    # a relation in the panel jumps to the other entity
    panel.locator("a.jump", has_text="澄湖经济开发区").click()
    assert panel.locator("h2").text_content() == "澄湖经济开发区"
    page.locator("#panel-close").click()
    assert panel.is_hidden()


def test_click_edge_shows_assertion(graph, tmp_path, offline_page):
    page = open_view(offline_page, viz.write_html(graph, tmp_path / "g.html", title="t", settings=STATIC))
    a = page.evaluate("i => kgView.domPosition(i)", index_of(page, "北辰科技有限公司"))
    b = page.evaluate("i => kgView.domPosition(i)", index_of(page, "澄湖经济开发区"))
    page.mouse.click((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    panel = page.locator("#panel")
    assert panel.locator(".badge").text_content() == "关系：合作"
    assert panel.locator(".ends a.jump").all_text_contents() == ["北辰科技有限公司", "澄湖经济开发区"]
    assert panel_marks(page) == ["北辰科技有限公司与澄湖经济开发区"]
    assert panel.locator(".evidence .meta").text_content() == "置信度 0.9 · 规则 test"


def test_markup_in_article_text_stays_text(graph, tmp_path, offline_page):
    path = viz.write_html(graph, tmp_path / "g.html", title=XSS, settings=STATIC)
    page = open_view(offline_page, path)
    assert page.title() == XSS and page.locator("#title").text_content() == XSS
    page.locator("#search").fill("<img")
    assert page.locator("#results li .label").all_text_contents() == [XSS]
    page.locator("#search").press("Enter")
    assert page.locator("#panel h2").text_content() == XSS
    assert panel_marks(page) == [XSS]
    # the other document's sentence carries </script><!--: shown literally in 北辰科技's panel
    page.evaluate("i => kgView.select(i)", index_of(page, "北辰科技有限公司"))
    assert any(SCRIPT in s for s in page.locator("#panel .evidence .sent").all_text_contents())
    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 5
    assert offline_page.errors == [] and len(offline_page.requests) == 1


def test_focus_view_opens_on_the_entity(graph, tmp_path, offline_page):
    path = viz.write_html(graph, tmp_path / "f.html", title="t", focus="澄湖经开区", depth=1)
    page = open_view(offline_page, path)
    offline_page.wait("document.querySelector('#panel h2') !== null")
    assert page.locator("#panel h2").text_content() == "澄湖经济开发区"
    assert page.evaluate("kgView.network.getSelectedNodes()") == [index_of(page, "澄湖经济开发区")]
    assert page.locator("#stats").text_content() == "5 个实体 · 4 条关系"


# ---- the overview of a generated corpus ---------------------------------------------------------

CORPUS_BYTES = 400_000          # ~50 articles, ~650 entities: past the overview's threshold of 300


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    """The graph.html that `kg build` writes for a corpus made by bench/gen_corpus.py."""
    import sys
    from pathlib import Path

    from kg import pipeline

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_corpus import generate

    root = tmp_path_factory.mktemp("overview")
    generate(root / "corpus", CORPUS_BYTES, seed=3)
    pipeline.build([root / "corpus"], root / "out", Settings(jobs=1, validate=False, cache=False))
    return root / "out" / "graph.html"


def drawn(page) -> int:
    return int(page.evaluate("document.documentElement.dataset.drawnNodes"))


def drawn_places(page) -> list[int]:
    return page.evaluate("kgView.visibleNodeIds().filter(i => typeof i === 'number' && "
                         "kgView.data.types[kgView.data.nodes[i].t].key === 'District')")


def test_overview_first_screen_is_bounded_and_labelled(corpus_page, offline_page, tmp_path):
    page = open_view(offline_page, corpus_page)
    total = page.evaluate("kgView.data.nodes.length")
    assert total > 300 and page.evaluate("kgView.mode()") == "overview"
    assert 0 < drawn(page) <= 300 and drawn(page) < total / 4
    assert drawn(page) == len(page.evaluate("kgView.visibleNodeIds()"))
    places = drawn_places(page)
    labelled = set(page.evaluate("kgView.labelled()"))
    assert len(places) >= 10 and set(places) <= labelled            # every drawn place labelled
    # the unconnected entities are one counted group, not a grid of dots
    assert "g:alone" in page.evaluate("kgView.visibleNodeIds()") and "g:alone" in labelled
    alone = page.evaluate("kgView.data.nodes.filter(n => n.d === 0 && n.p === undefined).length")
    assert page.evaluate("kgView.labelText('g:alone')") == f"未连接的实体（{alone}）"
    # the legend counts every entity, drawn or not
    counts = page.locator("#legend-types li .count").all_text_contents()
    assert sum(int(c.replace(",", "")) for c in counts) == total
    assert page.locator("#stats").text_content().endswith(f"画出 {drawn(page)} 个")
    page.screenshot(path=str(tmp_path / "overview.png"))
    assert drawn_pixels(page) > 5000
    assert offline_page.errors == [] and offline_page.requests == [corpus_page.resolve().as_uri()]


def test_clicking_a_place_adds_its_members(corpus_page, offline_page):
    page = open_view(offline_page, corpus_page)
    folded = page.evaluate("""kgView.visibleNodeIds().filter(i => typeof i === 'number' && !kgView.KG.overview.isOpen(i)
        && kgView.KG.children[i].length >= 2)""")
    place = max(folded, key=lambda i: page.evaluate("i => kgView.KG.children[i].length", i))
    members = page.evaluate("i => kgView.KG.children[i]", place)
    before = drawn(page)
    assert not set(members) & set(page.evaluate("kgView.visibleNodeIds()"))
    at = page.evaluate("i => kgView.domPosition(i)", place)
    page.mouse.click(at["x"], at["y"])
    offline_page.wait(f"kgView.KG.overview.isOpen({place})")
    assert drawn(page) == before + min(len(members), 40) + (len(members) > 40)
    assert len(set(members) & set(page.evaluate("kgView.visibleNodeIds()"))) == min(len(members), 40)
    assert page.locator("#panel h2").text_content() == page.evaluate("i => kgView.data.nodes[i].l", place)
    assert page.locator("#panel .contents").text_content().startswith("包含 ")
    page.locator("#panel .actions button", has_text="收起").click()
    assert drawn(page) == before


def test_filters_change_what_is_drawn(corpus_page, offline_page):
    page = open_view(offline_page, corpus_page)
    before, total = drawn(page), page.evaluate("kgView.data.nodes.length")
    # a province: the place and everything in it, transitively
    province = page.evaluate("""kgView.data.nodes.findIndex((n, i) => n.lv === 'province' && kgView.KG.children[i].length
        && kgView.KG.children[i].some(c => kgView.KG.children[c].length))""")
    name = page.evaluate("i => kgView.data.nodes[i].l", province)
    page.locator("#filter-place").fill(name)
    page.locator("#filter-place").dispatch_event("change")
    assert page.evaluate("kgView.KG.filters.place") == province
    inside = page.evaluate("""p => kgView.visibleNodeIds().filter(i => typeof i === 'number').every(i => {
        for (let u = i; u >= 0; u = kgView.KG.parent[u]) if (u === p) return true;
        return kgView.data.types[kgView.data.nodes[i].t].key === 'IndustrialCluster'; })""", province)
    assert inside and drawn(page) != before and province in page.evaluate("kgView.visibleNodeIds()")
    assert " / " in page.locator("#stats").text_content()
    page.locator("#filter-clear").click()
    assert drawn(page) == before and page.locator("#filter-place").input_value() == ""
    # a type: no longer drawn or counted in the places' contents, still counted in the legend
    orgs = page.evaluate("kgView.data.nodes.filter(n => kgView.data.types[n.t].key === 'Organization').length")
    page.locator('#legend-types li[data-key="Organization"]').click()
    for place in drawn_places(page)[:5]:
        page.evaluate("i => kgView.KG.overview.isOpen(i) || kgView.KG.overview.toggle(i)", place)
    shown = page.evaluate("kgView.visibleNodeIds().filter(i => typeof i === 'number').map(i => kgView.data.nodes[i].t)")
    assert shown and 4 not in shown
    assert page.locator('#legend-types li[data-key="Organization"] .count').text_content() == str(orgs)
    assert page.locator("#stats").text_content().startswith(f"{total - orgs} / ")
    page.locator('#legend-types li[data-key="Organization"]').click()
    # a date range: only what the documents of those days mention
    dates = sorted({d[1] for d in page.evaluate("kgView.data.documents") if d[1]})
    page.locator("#filter-from").fill(dates[0])
    page.locator("#filter-to").fill(dates[0])
    page.locator("#filter-to").dispatch_event("change")
    passing = page.evaluate("kgView.data.nodes.filter((_, i) => kgView.KG.pass[i]).length")
    mentioned = page.evaluate("""d => { const docs = new Set(kgView.data.documents.map((x, k) => x[1] === d ? k : -1));
        return kgView.data.nodes.filter(n => (n.dc || []).some(k => docs.has(k))).length; }""", dates[0])
    assert 0 < passing == mentioned < page.evaluate("kgView.data.nodes.length")
    assert page.locator("#stats").text_content().startswith(f"{passing} / ")


def test_search_unfolds_an_aggregated_entity(corpus_page, offline_page):
    page = open_view(offline_page, corpus_page)
    target = page.evaluate("""(() => { const seen = new Set(kgView.visibleNodeIds()), N = kgView.data.nodes;
        const labels = new Map(); N.forEach(n => labels.set(n.l, (labels.get(n.l) || 0) + 1));
        return N.findIndex((n, i) => n.t === 1 && n.p !== undefined && !seen.has(i) && labels.get(n.l) === 1
                                     && kgView.KG.parent[n.p] >= 0); })()""")
    label = page.evaluate("i => kgView.data.nodes[i].l", target)
    before = drawn(page)
    page.locator("#search").fill(label)
    assert page.locator("#results li .label").first.text_content() == label
    page.locator("#search").press("Enter")
    assert target in page.evaluate("kgView.visibleNodeIds()") and drawn(page) > before
    assert page.evaluate("kgView.network.getSelectedNodes()") == [target]
    assert page.locator("#panel h2").text_content() == label
    container = page.evaluate("i => kgView.KG.parent[i]", target)
    assert page.evaluate("i => kgView.KG.overview.isOpen(i)", container)


def test_full_mode_draws_everything(corpus_page, offline_page):
    page = open_view(offline_page, corpus_page)
    page.locator('#modes button[data-mode="full"]').click()
    assert page.evaluate("kgView.mode()") == "full"
    assert drawn(page) == page.evaluate("kgView.data.nodes.length")
    page.locator('#modes button[data-mode="overview"]').click()
    assert drawn(page) <= 300


def test_focus_through_a_hub_is_capped_and_centred(offline_page, tmp_path):
    from test_viz import hub_graph

    path = viz.write_html(hub_graph(), tmp_path / "f.html", title="t", focus="枢纽产业集群", depth=2)
    page = open_view(offline_page, path)
    offline_page.wait("window.__kgFocused === true")
    assert page.locator("#note").text_content().startswith("枢纽产业集群 另有 15 个相邻实体未显示")
    assert drawn(page) == 1 + 25 + 25 + 20
    assert page.locator("#panel .hidden-note").text_content() == "另有 15 个相邻实体未在图中显示。"
    hub = index_of(page, "枢纽产业集群")
    at = page.evaluate("i => kgView.domPosition(i)", hub)
    graph_box = page.locator("#graph").bounding_box()
    panel_box = page.locator("#panel").bounding_box()
    free_left, free_right = graph_box["x"], panel_box["x"]
    assert abs(at["x"] - (free_left + free_right) / 2) < 0.1 * (free_right - free_left)
    assert abs(at["y"] - (graph_box["y"] + graph_box["height"] / 2)) < 0.1 * graph_box["height"]
    # 25 edges at the hub: no relation names around it; a park's are named when it is selected
    hub_edges = page.evaluate("i => kgView.KG.adjacency[i]", hub)
    assert len(hub_edges) == 25 and not set(hub_edges) & set(page.evaluate("kgView.labelledEdges()"))
    park = index_of(page, "园区00")
    page.evaluate("i => kgView.select(i)", park)
    own = sorted(set(page.evaluate("i => kgView.KG.adjacency[i]", park)) - set(hub_edges))
    assert len(own) == 3
    offline_page.wait(f"{own}.every(j => kgView.labelledEdges().includes(j))")

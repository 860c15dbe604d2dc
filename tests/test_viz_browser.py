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
    assert page.locator("script").count() == 4
    assert offline_page.errors == [] and len(offline_page.requests) == 1


def test_focus_view_opens_on_the_entity(graph, tmp_path, offline_page):
    path = viz.write_html(graph, tmp_path / "f.html", title="t", focus="澄湖经开区", depth=1)
    page = open_view(offline_page, path)
    offline_page.wait("document.querySelector('#panel h2') !== null")
    assert page.locator("#panel h2").text_content() == "澄湖经济开发区"
    assert page.evaluate("kgView.network.getSelectedNodes()") == [index_of(page, "澄湖经济开发区")]
    assert page.locator("#stats").text_content() == "5 个实体 · 4 条关系"

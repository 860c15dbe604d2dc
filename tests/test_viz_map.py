"""The map mode: the coordinate table and its generator, the map's data (kg/viz/geo.py) and the
map drawn in real headless Chromium (kg/viz_assets/map.js).

The graph is made by hand about 寒亭区 (Weifang, Shandong), with real division codes, a town, a
village, a development zone the table places at its city's seat, a foreign place and two parks
located in each other."""
from __future__ import annotations

import gzip
import importlib.resources
import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from kg import viz
from kg.assemble import to_rdf
from kg.records import Entity, Relation
from kg.resources import read_text
from kg.viz import geo
from test_viz import XSS, county_graph, make_document

ROOT = Path(__file__).resolve().parents[1]

# key, label, types, attrs
ENTITIES = [
    ("district:370000", "山东省", ("District",), (("adminCode", "370000"), ("adminLevel", "province"))),
    ("district:370700", "潍坊市", ("District",), (("adminCode", "370700"), ("adminLevel", "city"))),
    ("district:370703", "寒亭区", ("District",), (("adminCode", "370703"), ("adminLevel", "county"))),
    ("district:370772", "潍坊滨海经济技术开发区", ("District",), (("adminCode", "370772"), ("adminLevel", "county"))),
    ("district:370703001", "寒亭街道", ("District",), (("adminCode", "370703001"), ("adminLevel", "town"))),
    ("Village:前庄村", "前庄村", ("District",), (("adminLevel", "village"),)),
    ("Village:xss", XSS, ("District",), (("adminLevel", "village"),)),
    ("place:美国", "美国", ("District",), ()),
    ("Park:寒亭经济开发区", "寒亭经济开发区", ("Park",), ()),
    ("Park:潍坊光电产业园", "潍坊光电产业园", ("Park",), ()),
    ("Park:滨海化工园", "滨海化工园", ("Park",), ()),
    ("Park:甲园", "甲园", ("Park",), ()),
    ("Park:乙园", "乙园", ("Park",), ()),
    ("Project:星河储能项目", "星河储能项目", ("Project",), ()),
    ("Project:山东数据中心项目", "山东数据中心项目", ("Project",), ()),
    ("Organization:北辰科技", "北辰科技有限公司", ("Organization",), ()),
    ("Organization:远洋贸易", "远洋贸易公司", ("Organization",), ()),
    ("IndustrialCluster:新材料", "新材料", ("IndustrialCluster",), ()),
    ("IndustrialCluster:光电", "光电", ("IndustrialCluster",), ()),
    ("IndustrialCluster:数字经济", "数字经济", ("IndustrialCluster",), ()),
    ("IndustrialCluster:海洋化工", "海洋化工", ("IndustrialCluster",), ()),
]
RELATIONS = [
    ("district:370700", "locatedIn", "district:370000"),
    ("district:370703", "locatedIn", "district:370700"),
    ("district:370772", "locatedIn", "district:370700"),
    ("district:370703001", "locatedIn", "district:370703"),
    ("Village:前庄村", "locatedIn", "district:370703001"),
    ("Village:xss", "locatedIn", "district:370703"),
    ("Park:寒亭经济开发区", "locatedIn", "district:370703"),
    ("Park:潍坊光电产业园", "locatedIn", "district:370703"),
    ("Park:滨海化工园", "locatedIn", "district:370772"),
    ("Park:甲园", "locatedIn", "Park:乙园"),          # a cycle: each park located in the other
    ("Park:乙园", "locatedIn", "Park:甲园"),
    ("Park:乙园", "locatedIn", "district:370700"),
    ("Project:星河储能项目", "locatedIn", "Park:寒亭经济开发区"),
    ("Project:山东数据中心项目", "locatedIn", "district:370000"),
    ("Organization:北辰科技", "locatedIn", "Park:寒亭经济开发区"),
    ("Organization:远洋贸易", "locatedIn", "place:美国"),
    ("Organization:北辰科技", "cooperatesWith", "Park:滨海化工园"),
    ("Park:寒亭经济开发区", "developsCluster", "IndustrialCluster:新材料"),
    ("Park:潍坊光电产业园", "developsCluster", "IndustrialCluster:新材料"),
    ("district:370703", "developsCluster", "IndustrialCluster:光电"),
    ("IndustrialCluster:数字经济", "locatedIn", "district:370703"),
    ("Park:滨海化工园", "developsCluster", "IndustrialCluster:海洋化工"),
]


def hanting_graph():
    doc = make_document(0, "寒亭区新闻", "2024-03-15", None, ["寒亭区位于潍坊市。"])
    entities = [Entity(key, label, types, (), attrs, ()) for key, label, types, attrs in ENTITIES]
    relations = [Relation(h, r, t, doc.id, 0, 0, 3, "test", 0.9) for h, r, t in RELATIONS]
    return to_rdf([doc], entities, relations, [])


@pytest.fixture(scope="module")
def data():
    return viz.view_data(hanting_graph(), title="寒亭")


def table_rows() -> list[list[str]]:
    return [line.split("\t") for line in read_text("data", "coordinates.tsv.gz").splitlines()
            if not line.startswith("#")]


# ---- the coordinate table ---------------------------------------------------------------------

def test_table_names_its_source_version_and_licence():
    head = read_text("data", "coordinates.tsv.gz").splitlines()[0]
    assert head.startswith("# source: PyPI cpca==0.5.5 (cpca-0.5.5-py3-none-any.whl sha256 1635b589506b")
    assert "MIT licence" in head and "scripts/gen_coordinates.py" in head
    raw = importlib.resources.files("kg").joinpath("data", "coordinates.tsv.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0", "gzip mtime must be 0 so regenerating gives the same bytes"
    assert len(raw) < 60_000


def test_table_places_every_province_city_and_county():
    divisions = [line.split("\t") for line in read_text("data", "divisions.tsv.gz").splitlines()
                 if not line.startswith("#")]
    wanted = {code: parent for code, _, level, parent in divisions if level != "town"}
    rows = {code: (float(lon), float(lat), how) for code, lon, lat, how in table_rows()}
    assert set(rows) == set(wanted) and len(rows) == 31 + 333 + 2974
    for code, (lon, lat, how) in rows.items():
        assert 73 < lon < 136 and 3 < lat < 54, code
        assert how in ("code", "name", "parent"), code
        if how == "parent":                           # the seat of the division above
            assert rows[wanted[code]][:2] == (lon, lat), code
    assert rows["370703"] == (119.211, 36.756, "code")   # 寒亭区
    assert rows["130407"][2] == "name"                     # 肥乡区, 肥乡县 130428 in cpca
    assert rows["370772"] == (*rows["370700"][:2], "parent")   # a development zone at its city's seat
    assert sum(how == "parent" for *_, how in rows.values()) < 200


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_coordinates", ROOT / "scripts" / "gen_coordinates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_matches_by_code_then_name_then_parent():
    gen = _load_generator()
    divisions = [("130000", "河北省", "province", ""), ("130400", "邯郸市", "city", "130000"),
                 ("130402", "邯山区", "county", "130400"), ("130407", "肥乡区", "county", "130400"),
                 ("130471", "邯郸经济技术开发区", "county", "130400"), ("130500", "邢台市", "city", "130000"),
                 ("130505", "任泽区", "county", "130500")]
    adcodes = {"130000": ("河北省", 114.53, 38.04), "130400": ("邯郸市", 114.54, 36.63),
               "130402": ("邯山区", 114.48, 36.60), "130428": ("肥乡县", 114.80, 36.55),
               "130500": ("邢台市", 114.50, 37.07), "130526": ("任县", 114.67, 37.12),
               "330428": ("肥乡县", 120.0, 30.0)}     # a namesake in another province: not taken
    assert gen.match(divisions, adcodes) == [
        ("130000", 114.53, 38.04, "code"), ("130400", 114.54, 36.63, "code"), ("130402", 114.48, 36.60, "code"),
        ("130407", 114.80, 36.55, "name"), ("130471", 114.54, 36.63, "parent"),
        ("130500", 114.50, 37.07, "code"), ("130505", 114.50, 37.07, "parent"),   # 任县 -> 任泽区: no stem in common
    ]


def test_generator_refuses_another_wheel(tmp_path):
    gen = _load_generator()
    wheel = tmp_path / gen.WHEEL
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(gen.MEMBER, "adcode,name,longitude,latitude\n370703000000,寒亭区,119.2,36.7\n")
    with pytest.raises(SystemExit, match=r"expected 1635b589.* \(cpca==0\.5\.5\): pass the pinned wheel"):
        gen.read_adcodes(wheel)


def test_generator_writes_deterministic_rows():
    gen = _load_generator()
    text = gen.text([("370703", 119.21149, 36.7561, "code")])
    assert text.splitlines()[-1] == "370703\t119.211\t36.756\tcode"
    assert text.splitlines()[:2] == list(gen.HEADER)
    assert read_text("data", "coordinates.tsv.gz").splitlines()[:2] == list(gen.HEADER)


# ---- the map's data ---------------------------------------------------------------------------

def places_by_label(data) -> dict:
    m = geo.map_data(data)
    return {data["nodes"][p[0]]["l"]: p for p in m["places"]}


def test_districts_are_placed_by_code_town_village_and_parent(data):
    places = places_by_label(data)
    table = geo.coordinates()
    assert places["寒亭区"][1:4] == [*table["370703"][:2], "code"]
    assert places["潍坊市"][1:4] == [*table["370700"][:2], "code"]
    assert places["潍坊滨海经济技术开发区"][1:4] == [*table["370700"][:2], "parent"]
    assert places["寒亭街道"][1:4] == [*table["370703"][:2], "town"]         # its county's seat
    assert places["前庄村"][1:4] == [*table["370703"][:2], "in"]             # the town it is in
    assert places[XSS][1:4] == [*table["370703"][:2], "in"]
    lon, lat, how = places["山东省"][1:4]                                    # the middle of its county seats
    assert how == "centre" and 116 < lon < 120 and 35 < lat < 37.5 and (lon, lat) != table["370000"][:2]
    assert "美国" not in places and geo.map_data(data)["unplaced"] == 1


def test_what_sits_in_each_district(data):
    label = [n["l"] for n in data["nodes"]]
    sits = {name: sorted(label[k] for k in p[4]) for name, p in places_by_label(data).items()}
    # the project and the company in 寒亭经济开发区 sit in 寒亭区, not in 潍坊市 or 山东省; two parks
    # located in each other and in 潍坊市 sit there once each; the company abroad sits nowhere drawn
    assert sits == {"寒亭区": ["北辰科技有限公司", "寒亭经济开发区", "星河储能项目", "潍坊光电产业园"],
                    "潍坊市": ["乙园", "甲园"], "潍坊滨海经济技术开发区": ["滨海化工园"],
                    "山东省": ["山东数据中心项目"], "前庄村": [], "寒亭街道": [], XSS: []}
    order = [data["nodes"][p[0]]["l"] for p in geo.map_data(data)["places"]]
    assert order == ["寒亭区", "潍坊市", "潍坊滨海经济技术开发区", "山东省", XSS, "前庄村", "寒亭街道"]


def test_clusters_with_what_backs_them_and_their_colours(data):
    m = geo.map_data(data)
    label = [n["l"] for n in data["nodes"]]
    places = places_by_label(data)
    # 新材料: two parks develop it; 光电: the district itself; 数字经济: located there
    assert [[label[c], sorted(label[k] for k in why)] for c, why in places["寒亭区"][5]] == [
        ["新材料", ["寒亭经济开发区", "潍坊光电产业园"]], ["光电", ["寒亭区"]], ["数字经济", ["数字经济"]]]
    assert [[label[c], [label[k] for k in why]] for c, why in places["潍坊滨海经济技术开发区"][5]] == [
        ["海洋化工", ["滨海化工园"]]]
    assert places["潍坊市"][5] == []
    assert [[label[c], colour] for c, colour in m["clusters"]] == [
        ["新材料", geo.PALETTE[0]], ["光电", geo.PALETTE[1]], ["数字经济", geo.PALETTE[2]], ["海洋化工", geo.PALETTE[3]]]


def test_base_layer_has_the_country(data):
    base = geo.map_data(data)["base"]
    assert len(base["seats"]) // 2 > 2700
    names = {p[0] for p in base["provinces"]}
    assert len(base["provinces"]) == 31 and {"山东", "广西", "新疆", "内蒙古", "北京"} <= names


def test_page_carries_the_map_as_data_and_its_script(tmp_path):
    page = viz.write_html(hanting_graph(), tmp_path / "g.html", title="寒亭").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-map">(.*?)</script>', page, re.S)[1]
    assert "<" not in block and json.loads(block) == json.loads(json.dumps(geo.map_data(viz.view_data(
        hanting_graph(), title="寒亭"))))
    assert "kgMap" in page and 'id="map"' in page and page.count("</script>") == 5


# ---- the map in headless Chromium -------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A generated corpus of a few dozen articles, built by kg: (OUT, the map's data of its graph)."""
    import sys

    import kg
    from kg.store import open_graph

    sys.path.insert(0, str(ROOT / "bench"))
    from gen_corpus import generate

    root = tmp_path_factory.mktemp("map")
    generate(root / "corpus", 200_000, seed=3)
    kg.build([root / "corpus"], root / "out")
    return root / "out", geo.map_data(viz.view_data(open_graph(root / "out"), title="t"))


def open_map(view, path: Path, how: str = "switch"):
    page = view.page
    page.goto(path.resolve().as_uri() + ("#map" if how == "hash" else ""))
    if how == "switch":
        view.wait("window.__kgFirstDraw !== undefined")
        page.locator('#modes button[data-mode="map"]').click()
    view.wait("window.__kgMapStable === true")
    return page


def canvas_ink(page, box=None) -> int:
    """Pixels of the map's canvas (in ``box``, CSS pixels, when given) darker than the base layer."""
    return page.evaluate("""box => {
        const c = document.querySelector('#map canvas'), r = window.devicePixelRatio || 1;
        const [x0, y0, x1, y1] = box ? [box.x0, box.y0, box.x1, box.y1].map(v => Math.round(v * r))
                                     : [0, 0, c.width, c.height];
        const d = c.getContext('2d').getImageData(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 140) n++;
        return n;
    }""", box)


def node_labelled(page, label: str) -> int:
    return page.evaluate("label => kgView.data.nodes.findIndex(n => n.l === label)", label)


@pytest.mark.browser
def test_map_of_a_generated_corpus(built, offline_page, tmp_path):
    out, expected = built
    path = out / "graph.html"
    page = open_map(offline_page, path)
    assert offline_page.requests == [path.resolve().as_uri()] and offline_page.errors == []
    assert page.locator('#modes button[data-mode="map"]').get_attribute("aria-pressed") == "true"
    assert page.evaluate("kgView.mode()") == "map" and page.locator("#map").is_visible()
    assert page.evaluate("getComputedStyle(document.getElementById('graph')).visibility") == "hidden"
    # every placed district of the graph is drawn on the first screen, and the root says so
    assert len(expected["places"]) > 10
    assert page.evaluate("document.documentElement.dataset.drawnNodes") == str(len(expected["places"]))
    page.screenshot(path=str(tmp_path / "map.png"))
    assert (tmp_path / "map.png").stat().st_size > 30_000 and canvas_ink(page) > 2000

    # the larger districts are labelled, with their names, in ink, none over another
    labels = page.evaluate("kgMap.labels()")
    nodes = page.evaluate("kgView.data.nodes.map(n => n.l)")
    largest = expected["places"][0][0]
    assert largest in {lab["node"] for lab in labels} and len(labels) >= 10
    for lab in labels:
        assert nodes[lab["node"]].startswith(lab["text"].rstrip("…"))
        assert canvas_ink(page, lab) > 10, lab
    for a in labels:
        for b in labels:
            if a is not b:
                assert a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]

    # hover: a tooltip with the counts; click: the side panel of the district
    at = page.evaluate("n => kgMap.domPosition(n)", largest)
    page.mouse.move(at["x"], at["y"])
    tip = page.locator(".map-tip")
    assert tip.is_visible() and tip.locator("b").text_content() == nodes[largest]
    types = page.evaluate("kgView.data.nodes.map(n => kgView.data.types[n.t].key)")
    members = [types[k] for k in expected["places"][0][4]]
    parks, projects, firms = (members.count(t) for t in ("Park", "Project", "Organization"))
    assert f"园区 {parks} · 项目 {projects} · 企业 {firms}" in tip.text_content()
    page.mouse.click(at["x"], at["y"])
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == nodes[largest]
    assert panel.locator(".badge").all_text_contents() == ["行政区"]
    assert offline_page.requests == [path.resolve().as_uri()] and offline_page.errors == []


@pytest.mark.browser
def test_zoom_draws_fewer_and_graph_mode_comes_back(built, offline_page):
    out, expected = built
    page = open_map(offline_page, out / "graph.html")
    assert page.evaluate("document.documentElement.getAttribute('data-drawn-nodes')") == str(len(expected["places"]))
    at = page.evaluate("n => kgMap.domPosition(n)", expected["places"][0][0])
    page.mouse.move(at["x"], at["y"])
    for _ in range(12):
        page.mouse.wheel(0, -400)
    drawn = int(page.evaluate("document.documentElement.dataset.drawnNodes"))
    assert 1 <= drawn < len(expected["places"])
    # the disc zoomed on stays under the cursor (drawn moved off a crowded place, it did not)
    disc = page.evaluate("n => kgMap.places().find(p => p.node === n)", expected["places"][0][0])
    box = page.locator("#map canvas").bounding_box()
    assert disc["shown"] and abs(box["x"] + disc["x"] - at["x"]) <= disc["r"] + 1 \
        and abs(box["y"] + disc["y"] - at["y"]) <= disc["r"] + 1, (at, disc, box)
    page.locator('#modes button:not([data-mode="map"])').first.click()
    assert page.locator("#map").is_hidden()
    assert page.evaluate("getComputedStyle(document.getElementById('graph')).visibility") == "visible"
    assert page.evaluate("document.documentElement.dataset.drawnNodes") != str(drawn)


@pytest.mark.browser
def test_map_text_stays_text_and_approximate_places_say_so(tmp_path, offline_page):
    path = viz.write_html(hanting_graph(), tmp_path / "g.html", title="寒亭")
    page = open_map(offline_page, path, how="hash")
    assert page.locator('#modes button[data-mode="map"]').get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.drawnNodes") == "7"
    assert page.evaluate("kgView.network") is None        # opened on the map: no graph drawn
    assert "另有 1 个地点没有坐标" in page.locator(".map-legend").text_content()
    assert page.locator(".map-legend li .name").all_text_contents() == [
        "新材料", "光电", "数字经济", "海洋化工", "未记录产业"]
    for label, note in ((XSS, "位置取所在行政区（近似）"), ("寒亭街道", "位置取所在县区驻地（近似）"),
                        ("潍坊滨海经济技术开发区", "位置取上级行政区驻地（近似）")):
        at = page.evaluate("n => kgMap.domPosition(n)", node_labelled(page, label))
        page.mouse.move(at["x"], at["y"])
        assert page.locator(".map-tip b").text_content() == label
        assert page.locator(".map-tip .approx").text_content() == note
    page.mouse.click(at["x"], at["y"])
    assert page.locator("#panel h2").text_content() == "潍坊滨海经济技术开发区"
    at = page.evaluate("n => kgMap.domPosition(n)", node_labelled(page, XSS))
    page.mouse.click(at["x"], at["y"])
    assert page.locator("#panel h2").text_content() == XSS
    assert page.locator("img").count() == 0 and page.evaluate("window.__xss") is None
    assert offline_page.requests == [path.resolve().as_uri()] and offline_page.errors == []


@pytest.mark.browser
def test_map_follows_the_filters(tmp_path, offline_page):
    path = viz.write_html(hanting_graph(), tmp_path / "g.html", title="寒亭")
    page = open_map(offline_page, path, how="hash")
    hanting = node_labelled(page, "寒亭区")

    def tooltip(node):
        at = page.evaluate("n => kgMap.domPosition(n)", node)
        page.mouse.move(at["x"], at["y"])
        return page.locator(".map-tip").text_content()

    assert "园区 2 · 项目 1 · 企业 1" in tooltip(hanting)
    page.locator('#legend-types li[data-key="Park"]').click()        # parks hidden: not counted
    assert "园区 0 · 项目 1 · 企业 1" in tooltip(hanting)
    assert "主要产业：光电、数字经济" in tooltip(hanting)            # 新材料 was backed by parks only
    page.locator('#legend-types li[data-key="Park"]').click()
    page.evaluate("i => kgView.setFilter({place: i})", hanting)       # 寒亭区 and what lies in it
    drawn = int(page.evaluate("document.documentElement.dataset.drawnNodes"))
    shown = {p["label"] for p in page.evaluate("kgMap.places()") if p["shown"]}
    assert drawn == len(shown) and "寒亭区" in shown and "潍坊市" not in shown and "山东省" not in shown
    assert page.evaluate("n => kgMap.domPosition(n)", node_labelled(page, "潍坊市")) is None
    assert offline_page.errors == []


@pytest.mark.browser
def test_no_map_without_districts_to_place(tmp_path, offline_page):
    # 临澜市 and 澄湖县 have codes outside the division table: nothing to draw, no map offered
    path = viz.write_html(county_graph(), tmp_path / "g.html", title="澄湖县")
    page = offline_page.page
    page.goto(path.resolve().as_uri() + "#map")
    offline_page.wait("window.__kgStable === true")
    assert page.evaluate("kgView.mode()") == "full" and page.locator("#modes").is_hidden()
    assert page.evaluate("document.documentElement.dataset.drawnNodes") == "8"
    assert offline_page.errors == []

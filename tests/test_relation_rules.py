"""The relation rules (kg/extract/relations/): one table entry per rule of the registry, which reads its
relation with every rule and loses it with that rule switched off; the registry's order and names;
docs/internals.md lists the rules as the registry has them.

Every sentence is composed for the test, about places that occur in no dev set (bench/devset*),
no realdev fold, neither corpus/ nor the seeds. An entry is (the ``kg:rule`` expected, text, title,
(head label, relation, tail label)); each rule's docstring gives its entry as its example.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg.extract.relations as relation_rules
from kg.extract import extract
from kg.extract.relations import RULES, SCOPES
from kg.read import split_sentences
from kg.records import Document

ROOT = Path(__file__).resolve().parent.parent
L, D = "locatedIn", "developsCluster"

ENTRIES = [
    ("located-by-division-table", "绥化市北林区推进工业园建设。", None, ("北林区", L, "绥化市")),
    ("located-by-village-table", "红塔区洛河彝族乡法冲村发展烤烟种植。", None, ("法冲村", L, "洛河彝族乡")),
    ("located-by-division-prefix", "北林区朝旭街道食品产业园开工。", None, ("食品产业园", L, "朝旭街道")),
    ("located-by-park-prefix", "新田经济开发区恒盛铜箔有限公司新增订单3亿元。", None, ("恒盛铜箔有限公司", L, "新田经济开发区")),
    ("develops-by-paragraph-heading", "绿色食品产业链加速延伸。宏达淀粉加工项目建成投产。", None,
     ("宏达淀粉加工", D, "绿色食品")),
    ("develops-by-table-row", "| 园区 | 主导产业 |\n| --- | --- |\n| 集宁工业园区 | 新型冶金、绿色农畜产品加工 |", None,
     ("集宁工业园区", D, "新型冶金")),
    ("located-by-anaphor", "1．光伏组件项目。该项目位于聊城高新区。", None, ("光伏组件", L, "聊城高新区")),
    ("located-by-in-phrase", "宏远新材料有限公司在临川区投资10亿元，建设年产5万吨碳纤维项目。", None,
     ("年产5万吨碳纤维", L, "临川区")),
    ("located-by-trigger:落户", "青禾智能装备产业园落户碧江区。", None, ("青禾智能装备产业园", L, "碧江区")),
    ("located-by-attributive:地处", "地处集宁区的草原云谷数据中心项目正式投运。", None, ("草原云谷数据中心", L, "集宁区")),
    ("located-by-inside", "浑江区内的矿泉水产业园新增企业5家。", None, ("矿泉水产业园", L, "浑江区")),
    ("located-by-own-thing", "长白山矿泉水产业园是浑江区重点打造的产业平台。", None, ("长白山矿泉水产业园", L, "浑江区")),
    ("located-by-built-in", "锂电池回收项目将在埇桥区开工建设。", None, ("锂电池回收", L, "埇桥区")),
    ("hosted-by-adjacent-park:新上", "支持宿州高新区新上光伏玻璃项目。", None, ("光伏玻璃", L, "宿州高新区")),
    ("hosted-by-subject-park:引进", "宿州高新区今年引进光伏玻璃项目。", None, ("光伏玻璃", L, "宿州高新区")),
    ("built-by-subject-park:建设", "孝感高新区加快建设光电子产业园。", None, ("光电子产业园", L, "孝感高新区")),
    ("built-by-subject-district:建设", "孝南区将加快建设临空经济产业园。", None, ("临空经济产业园", L, "孝南区")),
    ("located-by-reliance", "川汇区依托周口临港开发区，发展现代物流产业。", None, ("周口临港开发区", L, "川汇区")),
    ("located-by-opening-clause", "商州区重点发展现代中药产业，商山生态产业园今年新增企业8家。", None,
     ("商山生态产业园", L, "商州区")),
    ("located-by-signing", "恒通科技有限公司与东昌府区签约建设新能源电池项目。", None, ("新能源电池", L, "东昌府区")),
    ("started-by-subject:开工", "东昌府区举行重大项目集中开工仪式，智能家电项目、精密铸造项目等12个项目集中开工。", None,
     ("智能家电", L, "东昌府区")),
    ("located-by-listed-parts:包括", "新田经济开发区正式获批，包括石羊、枧头两个片区。", None, ("石羊", L, "新田经济开发区")),
    ("located-by-merger", "整合聚宝工业园、金桥物流园等板块，建设运河智能制造产业园。", None,
     ("聚宝工业园", L, "运河智能制造产业园")),
    ("located-by-opening-place", "在新田经济开发区内，恒盛铜箔有限公司的新车间已经封顶。", None,
     ("恒盛铜箔有限公司", L, "新田经济开发区")),
    ("develops-by-trigger:发展", "临川区大力发展生物医药产业。", None, ("临川区", D, "生物医药")),
    ("develops-by-framing:发展", "临川区召开全区工业发展大会。会议提出，重点发展生物医药产业。", "临川区召开工业发展大会",
     ("临川区", D, "生物医药")),
    ("develops-by-section-heading:发展", "新田经济开发区——\n我们因地制宜重点发展电子信息产业。", None,
     ("新田经济开发区", D, "电子信息")),
    ("develops-by-industry-list", "新田县构建电子信息、富硒农业两个百亿级产业，以及竹木加工等特色产业。", None,
     ("新田县", D, "竹木加工")),
    ("develops-by-siting", "绿色食品产业主要集中在北林区和望奎县。", None, ("北林区", D, "绿色食品")),
    ("develops-by-scale", "北林区的绿色食品产业规模突破百亿元。", None, ("北林区", D, "绿色食品")),
    ("develops-by-place-modifier", "新田县电子信息产业去年营收增长两成。", None, ("新田县", D, "电子信息")),
    ("develops-by-whole-scale", "绥化市召开产业大会。全市绿色食品产业产值突破千亿元。", "绥化市召开产业大会",
     ("绥化市", D, "绿色食品")),
    ("develops-by-subject-park", "北林经济开发区今年落地项目12个，绿色食品产业初具规模。", None,
     ("北林经济开发区", D, "绿色食品")),
    ("develops-by-framed-industry-list", "新田县召开工业大会。电子信息、富硒农业两大产业集群不断壮大。", "新田县推进工业强县",
     ("新田县", D, "电子信息")),
    ("located-by-item-district", "（二）碧江区。加快推进大数据产业园建设。", None, ("大数据产业园", L, "碧江区")),
    ("located-by-park-name", "铜仁高新区大数据产业园新入驻企业20家。", None, ("铜仁高新区大数据产业园", L, "铜仁高新区")),
    ("located-by-governing-body", "铜仁高新区管委会负责人介绍，铜仁高新区今年新增企业30家。", None,
     ("铜仁高新区管委会", L, "铜仁高新区")),
    ("located-by-body-name", "崆峒区委书记介绍，崆峒区今年新增企业30家。", None, ("崆峒区委", L, "崆峒区")),
    ("located-by-body-name", "平凉市与曼谷气象局签订合作协议。", None, ("曼谷气象局", L, "曼谷")),
    ("located-by-body-name", "平凉市科技局与崆峒区签约共建苹果研究平台。", None, ("平凉市科技局", L, "平凉市")),
    ("located-by-company-name", "甘肃天源新材料有限公司年产值突破5亿元，甘肃省将继续支持企业发展。", None,
     ("甘肃天源新材料有限公司", L, "甘肃省")),
    ("develops-by-name", "白山市光伏材料产业园开工建设。光伏材料产业发展迅速。", None, ("白山市光伏材料产业园", D, "光伏材料")),
    ("develops-by-place-in-name", "新田县推进工业强县。新田电子信息产业集群产值突破百亿元。", None,
     ("新田县", D, "新田电子信息")),
    ("located-by-place-name", "宿州市今年签约项目多个。宿州光伏产业园开工建设。", None, ("宿州光伏产业园", L, "宿州市")),
    # (placed by a rule only in the zone it belongs to: the name's city holds it too)
    ("located-by-place-name", "中国（甘肃）自由贸易试验区覆盖兰州、天水两个片区。天水片区引进果品加工企业。", None,
     ("天水片区", L, "天水市")),
    ("framed-in-section-heading", "新田经济开发区——\n我们引进了恒盛科技年产2万吨电解铜箔项目。", None,
     ("恒盛科技年产2万吨电解铜箔", L, "新田经济开发区")),
    ("framed-in-subject-park", "周口临港开发区今年签约项目20个。周口临港开发区加快发展。周口临港开发区负责人介绍了情况。"
     "智慧冷链项目总投资5亿元。", "周口临港开发区集中签约一批项目", ("智慧冷链", L, "周口临港开发区")),
    ("framed-village-in-county", "红塔区推进乡村振兴。红塔区玉苗村发展特色种植。", "红塔区推进乡村振兴", ("玉苗村", L, "红塔区")),
    ("framed-in-subject-district", "埇桥区召开招商大会。会上，新能源电池产业园签约。", "埇桥区召开招商大会",
     ("新能源电池产业园", L, "埇桥区")),
    ("framed-below-named-place", "新田县召开工业大会。湖南恒盛铜业有限公司新增订单3亿元。", "新田县推进工业强县",
     ("湖南恒盛铜业有限公司", L, "新田县")),
]


def rule_of(entry: tuple) -> str:
    """The registry name of an entry's rule (its kg:rule without the trigger word)."""
    return entry[0].split(":", 1)[0]


def make_doc(text: str, title: str | None = None) -> Document:
    """A document of ``text`` (one paragraph per line), as the reader would give it."""
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line)))
        pos += len(line) + 1
    return Document(id="test", path="test.txt", text=text, sentences=split_sentences(text, paragraphs),
                    paragraphs=tuple(paragraphs), title=title, date="2024-03-15")


def pairs(text: str, title: str | None = None, rel: str = "locatedIn") -> set[tuple[str, str]]:
    """(head label, tail label) of the relations ``rel`` extracted from ``text``."""
    res = extract(make_doc(text, title))
    label = {e.key: e.label for e in res.entities}
    return {(label[r.head], label[r.tail]) for r in res.relations if r.rel == rel}


def read(text: str, title: str | None) -> dict[tuple[str, str, str], set[str]]:
    """(head label, relation, tail label) -> the kg:rule of each piece of evidence read for it."""
    x = extract(make_doc(text, title))
    label = {e.key: e.label for e in x.entities}
    out: dict[tuple[str, str, str], set[str]] = {}
    for r in x.relations:
        out.setdefault((label[r.head], r.rel, label[r.tail]), set()).add(r.rule)
    return out


def example(entry: tuple) -> str:
    """The example line a rule's docstring gives for its entry."""
    rule, text, title, (head, rel, tail) = entry
    lead = f"(title: {title}) " if title else ""
    return f"Example: {lead}{text.replace(chr(10), ' / ')} -> {head} {rel} {tail}"


def docstring_example(run) -> str:
    return next(line.strip() for line in run.__doc__.splitlines() if line.strip().startswith("Example:"))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_rule_reads_its_relation_and_only_it_does(entry, monkeypatch):
    rule, text, title, triple = entry
    found = read(text, title)
    assert rule in found.get(triple, set()), f"{triple} read by {sorted(found.get(triple, ()))}"
    monkeypatch.setattr(relation_rules, "RULES", tuple(r for r in RULES if r.name != rule_of(entry)))
    assert triple not in read(text, title), "another rule reads it too: the entry does not test its rule"


def test_every_rule_has_an_entry():
    assert [r.name for r in RULES] == list(dict.fromkeys(rule_of(e) for e in ENTRIES))


def test_every_rule_gives_its_entry_as_example():
    first = {}
    for e in ENTRIES:
        first.setdefault(rule_of(e), e)
    for r in RULES:
        assert docstring_example(r.run) == example(first[r.name]), r.name


def test_registry_runs_in_the_order_it_declares():
    """The runner takes the rules scope by scope: the registry must list them so (its order is the run order)."""
    order = [SCOPES.index(r.scope) for r in RULES]
    assert order == sorted(order)
    assert len({r.name for r in RULES}) == len(RULES)
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", r.name)
        assert r.run.__name__ == r.name.replace("-", "_")   # the function is named as its rule


def docs_rules() -> list[tuple[str, ...]]:
    """The rows of the relation rules' table in docs/internals.md: (name, scope, does, example)."""
    text = (ROOT / "docs" / "internals.md").read_text(encoding="utf-8")
    section = text.split("## Relation rules", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append((cells[0].strip("`"), *cells[1:]))
    return rows


def test_docs_list_the_rules_as_the_registry_has_them():
    expected = [(r.name, r.scope, r.description, docstring_example(r.run).removeprefix("Example: ")) for r in RULES]
    assert docs_rules() == expected


def test_the_framing_stops_where_the_text_moves_on_to_another_county(monkeypatch):
    """framed-in-subject-district: what is named after the text moved on to another county (the county or
    town named last before it) is not placed in the article's district."""
    from kg.extract.relations import context

    text, title = "新田县召开工业大会。新田县今年新增企业30家。宁远县的恒盛铜箔项目开工建设。", "新田县推进工业强县"
    assert ("恒盛铜箔", L, "新田县") not in read(text, title)
    monkeypatch.setattr(context.DocContext, "rival_before", lambda self, pos: None)
    assert ("恒盛铜箔", L, "新田县") in read(text, title)


def test_owning_verbs_host_what_follows():
    """拥有/坐拥/汇聚 are hosting verbs (HOST_VERBS): the park that owns the companies holds them."""
    found = read("新田经济开发区拥有恒盛铜箔有限公司、湘南铜业有限公司等企业。", None)
    assert "hosted-by-subject-park:拥有" in found.get(("湘南铜业有限公司", L, "新田经济开发区"), set())


def test_a_name_placed_in_a_place_the_article_names_only_inside_it_lies_in_the_place_holding_that():
    """located-by-place-name: 湖南新田X园 where 新田 is written only inside the name (and not as a county of
    the article) lies in 湖南省, the nearest place the article names that holds it."""
    found = read("湖南省推进工业强省。湖南新田电子信息产业园新增企业12家。", None)
    assert "located-by-place-name" in found.get(("湖南新田电子信息产业园", L, "湖南省"), set())


def test_the_body_that_runs_a_zone_named_with_its_places_and_a_bracketed_part():
    """located-by-governing-body: 湖南新田科技城（石羊园）管委会 runs 湖南新田科技城."""
    found = read("湖南新田科技城（石羊园）管委会负责人介绍，湖南新田科技城今年新增企业30家。", None)
    assert "located-by-governing-body" in found.get(("湖南新田科技城（石羊园）管委会", L, "湖南新田科技城"), set())


def test_a_verb_that_makes_an_industry_grow_cultivates_it():
    """推动/促进 X产业(高质量)发展 (PROMOTE_VERBS … PROMOTED_ENDS) is a cultivation verb: develops-by-trigger."""
    found = read("新田县大力推动电子信息产业高质量发展。", None)
    assert "develops-by-trigger:推动" in found.get(("新田县", D, "电子信息"), set())


def test_parks_listed_as_a_platform_develop_what_follows():
    # 以A、B为重要承载地: both parks are relied on (not only a park named alone before 为)
    got = pairs("平凉市以崆峒工业园区、泾川工业园区为重要承载地，发展电工电器产业。", rel="developsCluster")
    assert {("崆峒工业园区", "电工电器"), ("泾川工业园区", "电工电器")} <= got, got


@pytest.mark.parametrize("verb", ["共建", "锚定", "紧盯"])
def test_building_jointly_or_targeting_an_industry_develops_it(verb):
    got = pairs(f"平凉市以崆峒工业园区为承载地，{verb}电工电器等千亿级产业集群。", rel="developsCluster")
    assert ("崆峒工业园区", "电工电器") in got, got


def test_a_place_written_after_its_province_or_city_is_the_listed_item():
    # 与庆阳西峰、镇原: the items are 西峰 and 镇原, not 庆阳 (which only says where 西峰 is)
    res = extract(make_doc("平凉崆峒、泾川与庆阳西峰、镇原等毗邻地区，围绕电工电器等产业开展协作。"))
    label = {e.key: e.label for e in res.entities}
    got = {label[r.head] for r in res.relations if r.rel == "developsCluster"}
    assert got == {"崆峒区", "泾川县", "西峰区", "镇原县"}, got


@pytest.mark.parametrize("text, developer, industry", [
    ("如今，平凉高新区低空经济已蓄势高飞。", "平凉高新区", "低空经济"),
    ("平凉市新能源汽车已成为支柱产业之一。", "平凉市", "新能源汽车"),
    ("崆峒区大数据中心建成投用。", None, "大数据"),     # (a name goes on: no industry)
])
def test_a_known_industry_after_a_place_is_the_places_when_a_statement_follows(text, developer, industry):
    res = extract(make_doc(text))
    label = {e.key: e.label for e in res.entities}
    got = {(label[r.head], label[r.tail]) for r in res.relations if r.rel == "developsCluster"}
    industries = {e.label for e in res.entities if e.types == ("IndustrialCluster",)}
    assert (industry in industries) == (developer is not None), industries
    assert developer is None or (developer, industry) in got, got


@pytest.mark.parametrize("text, expected", [
    ("在崆峒工业园区，汇泾量子科技有限公司是一家从事量子计算研究的企业。", ("汇泾量子科技有限公司", "崆峒工业园区")),
    ("在平凉市崆峒区，兰州市陇原管理局派出专家驻点服务。", None),      # (named after another place)
    ("汇泾集团在平凉市，陇鑫集团建设研究院。", None),                   # (在 opens no clause)
])
def test_a_fronted_place_places_the_subject_of_the_clause_after_it(text, expected):
    res = extract(make_doc(text))
    label = {e.key: e.label for e in res.entities}
    got = {(label[r.head], label[r.tail]) for r in res.relations
           if r.rel == "locatedIn" and r.rule == "located-by-in-phrase"}
    assert got == ({expected} if expected else set()), got


def test_a_list_of_industries_no_one_develops_belongs_to_the_park_its_paragraph_opens_with():
    # a paragraph opens with the park as its subject; the list two sentences on is the park's, not the
    # city's (全市 there only compares)
    text = ("平凉市位于甘肃东部。平凉市发展势头良好。\n"
            "如今，平凉高新区发展后劲十足。2025年，以全市1%的土地，贡献了全市18%的产值，"
            "电工电器、果品加工两大核心产业链本地配套率高达70%。\n"
            "平凉市还推进文化旅游发展，电工电器、果品加工两大产业不断壮大。")
    res = extract(make_doc(text, "平凉市加快转型"))
    label = {e.key: e.label for e in res.entities}
    got = {(label[r.head], label[r.tail], r.sentence) for r in res.relations if r.rel == "developsCluster"}
    park = {(h, t) for h, t, s in got if h == "平凉高新区"}
    assert park == {("平凉高新区", "电工电器"), ("平凉高新区", "果品加工")}, got
    assert ("平凉市", "电工电器") in {(h, t) for h, t, s in got if s >= 4}, got   # (the next paragraph: the city's)


@pytest.mark.parametrize("text, developer", [
    # a park's statistics: the clause of the industry's size has no subject of its own
    ("2024年，平凉高新区规上企业营收99.5亿元，规模以上电工电器产业营收63.3亿元。", "平凉高新区"),
    # a range of months opens the sentence before its subject
    ("2024年1—11月，崆峒区规上企业营收99.5亿元，规模以上电工电器产业营收63.3亿元。", "崆峒区"),
    ("1至9月，泾川县规上企业营收99.5亿元，全县电工电器产业产值63.3亿元。", "泾川县"),
    # 规模以上 between a place and its industry
    ("平凉市规模以上电工电器产业营收63.3亿元。", "平凉市"),
])
def test_the_industry_whose_size_a_places_statistics_state_is_the_places(text, developer):
    got = pairs(text, rel="developsCluster")
    assert (developer, "电工电器") in got, got


def test_a_zones_head_written_alone_is_the_one_zone_of_that_kind_the_article_names():
    # 经开区 alone, after the article named 平凉经济技术开发区: that zone (and not another name of it)
    text = "平凉经济技术开发区位于平凉市。近年来，经开区引进了陇源智能科技有限公司。"
    res = extract(make_doc(text))
    label = {e.key: e.label for e in res.entities}
    got = {(label[r.head], label[r.tail]) for r in res.relations if r.rel == "locatedIn"}
    assert ("陇源智能科技有限公司", "平凉经济技术开发区") in got, got
    zone = next(e for e in res.entities if e.label == "平凉经济技术开发区")
    assert "经开区" not in zone.aliases and len(zone.mentions) == 2, zone
    # two zones of the kind, or zones counted: the bare head names neither
    two = extract(make_doc("平凉经开区和庆阳经开区召开大会。会上，经开区引进了陇源智能科技有限公司。"))
    assert not [r for r in two.relations if r.rel == "locatedIn" and r.head.endswith("陇源智能科技有限公司")], two.relations
    counted = extract(make_doc("平凉经开区位于平凉市。全省五家经开区引进了陇源智能科技有限公司。"))
    assert not [r for r in counted.relations if r.rel == "locatedIn" and r.head.endswith("陇源智能科技有限公司")]


@pytest.mark.parametrize("text, industries", [
    # the fields a list names are what its clause is about (A、B等产业领域形成了…), not fields something covers
    ("平凉工业加快发展，电工电器、果品加工等产业领域形成了一批百亿级产业集群。", {"电工电器", "果品加工"}),
    # 的 leads to the list's own head (A、B等代表未来的未来产业)
    ("平凉工业加快发展，合成生物、新型储能等代表未来方向的未来产业加速布局。", {"合成生物", "新型储能"}),
    # 全省 in a comparison before the list is no whole of the province's
    ("平凉工业加快发展，产量稳定在全省的1/2，电工电器、果品加工等产业领域形成了一批产业集群。", {"电工电器", "果品加工"}),
])
def test_a_list_of_industries_opening_its_clause_is_the_articles_districts(text, industries):
    res = extract(make_doc("平凉市位于甘肃东部。平凉市发展很快。\n" + text, "平凉市加快工业转型"))
    label = {e.key: e.label for e in res.entities}
    got = {label[r.tail] for r in res.relations if r.rel == "developsCluster" and label[r.head] == "平凉市"}
    assert industries <= got, {(label[r.head], label[r.tail]) for r in res.relations}


def test_a_list_a_thing_covers_is_not_the_districts():
    res = extract(make_doc("平凉市位于甘肃东部。平凉市发展很快。\n该平台涉及电工电器、果品加工等领域。", "平凉市加快工业转型"))
    assert not [r for r in res.relations if r.rel == "developsCluster"], res.relations


def test_a_towns_own_article_is_about_the_town_though_it_names_its_county():
    # 崆峒区草峰镇 written with its county each time: the county is where the town is, no rival subject;
    # what the town's article builds lies in the town, what is named after the county in the county
    text = ("草峰镇：一个苹果小镇的成长\n"
            "崆峒区草峰镇地处平凉东部。崆峒区草峰镇大力发展苹果产业。崆峒区草峰镇建成陇东冷链物流中心。"
            "崆峒区草峰镇苹果丰收。陇源果业有限公司订单增长两成。崆峒区草峰镇的苹果远销海外。崆峒区草峰镇游客增多。\n"
            "今年，崆峒现代农业产业园获批国家级园区。")
    got = pairs(text, "草峰镇：一个苹果小镇的成长", rel="locatedIn")
    assert ("陇源果业有限公司", "草峰镇") in got, got
    assert ("崆峒现代农业产业园", "崆峒区") in got and ("崆峒现代农业产业园", "草峰镇") not in got, got


def test_in_a_parks_news_what_is_named_after_the_parks_own_city_lies_in_the_park():
    # 平凉X中心 in 平凉科技城's news: the park's own city; 天水X中心: another place, left to its name
    text = ("崆峒区的平凉科技城今年签约项目20个。平凉科技城加快发展。崆峒区负责人说，平凉科技城还将扩容。"
            "平凉国际演艺中心年内开工。天水国际会展中心年内开工。")
    got = pairs(text, "平凉科技城集中签约一批项目", rel="locatedIn")
    assert ("平凉国际演艺中心", "平凉科技城") in got, got
    assert ("天水国际会展中心", "平凉科技城") not in got, got


def test_a_town_written_only_inside_a_name_places_nothing_where_the_article_names_neither_it_nor_its_county():
    # 唐镇 is a town of 浦东新区 by the table, but the article names neither: towns share names, and the
    # organisation named so is framed in the article's county like any other
    text = "崆峒区召开科技大会。崆峒区企业积极创新。唐镇实验室的研发能力，与企业应用开发形成互补。"
    got = pairs(text, "崆峒区科技创新见闻", rel="locatedIn")
    assert ("唐镇实验室", "崆峒区") in got, got

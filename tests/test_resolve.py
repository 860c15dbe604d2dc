"""Resolve: one node per real thing across documents, and one piece of evidence per span."""
from __future__ import annotations

import dataclasses

from kg.extract.lexicon import norm
from kg.records import Entity, Extraction, Mention, Relation
from kg.resolve import resolve


def ent(key, label, types, aliases=(), doc="d1", start=0):
    return Entity(key, label, types, aliases, (), (Mention(doc, 0, start, start + len(label), label, "t"),))


def rel(h, t, conf, rule="r", start=0, doc="d1", r="locatedIn"):
    return Relation(h, r, t, doc, 0, start, start + 2, rule, conf)


def test_same_key_in_two_documents_is_one_node_with_both_mentions():
    a = ent("n:云溪智造产业园", "云溪智造产业园", ("Park",), doc="d1")
    b = ent("n:云溪智造产业园", "云溪智造产业园", ("Park", "Project"), ("云溪智造产业园一期",), doc="d2")
    ents, _, _ = resolve([Extraction("d1", (a,)), Extraction("d2", (b,))])
    assert len(ents) == 1
    assert ents[0].types == ("Park", "Project")
    assert {m.doc for m in ents[0].mentions} == {"d1", "d2"}
    assert ents[0].label == "云溪智造产业园" and "云溪智造产业园一期" in ents[0].aliases


def test_place_prefixed_and_bare_forms_merge_under_the_fuller_name():
    full = ent("n:苏州云溪智造产业园", "苏州云溪智造产业园", ("Park",))
    bare = ent("n:云溪智造产业园", "云溪智造产业园", ("Park",), start=30)
    county = ent("n:澄川人民医院", "澄川人民医院", ("Organization",), start=50)
    ents, _, _ = resolve([Extraction("d1", (full, bare, county))])
    labels = {e.label: e for e in ents}
    assert set(labels) == {"苏州云溪智造产业园", "澄川人民医院"}
    assert "云溪智造产业园" in labels["苏州云溪智造产业园"].aliases


def test_a_park_written_after_the_zone_it_lies_in_merges_with_its_bare_name():
    zone = ent("n:青禾经济开发区", "青禾经济开发区", ("Park",))
    full = ent("n:青禾经济开发区智能装备产业园", "青禾经济开发区智能装备产业园", ("Park",), start=20)
    bare = ent("n:智能装备产业园", "智能装备产业园", ("Park",), start=40)
    ents, _, _ = resolve([Extraction("d1", (zone, full, bare))])
    labels = {e.label: e for e in ents}
    assert set(labels) == {"青禾经济开发区", "青禾经济开发区智能装备产业园"}
    assert "智能装备产业园" in labels["青禾经济开发区智能装备产业园"].aliases


def test_a_facility_written_without_its_owner_is_the_owners_facility():
    # X药业Y生产基地 … Y生产基地: the base named after its company, and without it
    full = ent("n:陇神药业中药生产基地", "陇神药业中药生产基地", ("Park", "Project"))
    bare = ent("n:中药生产基地", "中药生产基地", ("Park",), start=30)
    kind = ent("n:生产基地", "生产基地", ("Park",), start=60)   # (all head: the kind, not its name)
    ents, _, _ = resolve([Extraction("d1", (full, bare, kind))])
    labels = {e.label: e for e in ents}
    assert set(labels) == {"陇神药业中药生产基地", "生产基地"}, set(labels)
    assert "中药生产基地" in labels["陇神药业中药生产基地"].aliases


def test_the_nearest_shorter_form_is_the_one_merged():
    """甘肃平凉崆峒云溪产业园 -> 平凉崆峒云溪产业园 (written too) before the bare 崆峒云溪产业园 or 云溪产业园."""
    full = ent("n:甘肃平凉云溪智造产业园", "甘肃平凉云溪智造产业园", ("Park",))
    city = ent("n:平凉云溪智造产业园", "平凉云溪智造产业园", ("Park",), start=20)
    ents, _, _ = resolve([Extraction("d1", (full, city))])
    assert [e.label for e in ents] == ["甘肃平凉云溪智造产业园"]
    assert "平凉云溪智造产业园" in ents[0].aliases


def test_filler_words_do_not_split_a_park():
    a = ent("n:嘉禾科技孵化产业园", "嘉禾科技孵化产业园", ("Park",))
    b = ent("n:嘉禾科技产业园", "嘉禾科技产业园", ("Park",), start=20)
    ents, _, _ = resolve([Extraction("d1", (a, b))])
    assert [e.label for e in ents] == ["嘉禾科技孵化产业园"]


def test_different_types_do_not_merge():
    park = ent("n:苏州云溪集团", "苏州云溪集团", ("Organization",))
    cluster = ent("n:云溪集团", "云溪集团", ("IndustrialCluster",), start=20)
    ents, _, _ = resolve([Extraction("d1", (park, cluster))])
    assert len(ents) == 2


def test_relations_below_the_threshold_are_left_out_and_spans_are_not_doubled():
    a = ent("n:甲产业园", "甲产业园", ("Park",))
    b = ent("district:990101", "青禾县", ("District",), start=10)
    c = ent("n:乙项目", "乙项目", ("Project",), start=20)
    rels = (rel(a.key, b.key, 0.6, "framing", 0), rel(a.key, b.key, 0.9, "trigger", 0),
            rel(c.key, b.key, 0.3, "weak", 5))
    _, relations, _ = resolve([Extraction("d1", (a, b, c), rels)], min_confidence=0.5)
    assert [(r.head, r.rule, r.confidence) for r in relations] == [(a.key, "trigger", 0.9)]


def test_a_division_written_for_a_park_is_no_name_of_the_park():
    # 覆盖兰州、天水两个片区: the mention of the park 天水片区 is written 天水, the city it lies in
    park = Entity("n:天水片区", "天水片区", ("Park",), (), (),
                  (Mention("d1", 0, 10, 12, "天水", "enumeration:Park"), Mention("d1", 1, 40, 44, "天水片区", "suffix")))
    brand = Entity("n:陇星科技", "陇星科技", ("Organization",), (), (), (Mention("d1", 2, 60, 62, "陇星", "t"),))
    ents, _, _ = resolve([Extraction("d1", (park, brand))])
    labels = {e.label: e for e in ents}
    assert labels["天水片区"].aliases == ()
    assert labels["陇星科技"].aliases == ("陇星",)


def test_a_zone_and_its_official_short_form_are_one_node():
    # 郑州经开区 is 郑州经济技术开发区; 甘肃自贸试验区 is 中国（甘肃）自由贸易试验区 (the nation and the brackets dropped)
    pairs = [("青禾经济技术开发区", "青禾经开区"), ("中国（甘肃）自由贸易试验区", "甘肃自贸试验区")]
    for full, short in pairs:
        a = ent("n:" + norm(full), full, ("Park",))     # (keys are identity forms, as the extractor makes them)
        b = ent("n:" + norm(short), short, ("Park",), start=40)
        ents, _, _ = resolve([Extraction("d1", (a, b))])
        assert [(e.label, short in e.aliases) for e in ents] == [(full, True)], [(e.label, e.aliases) for e in ents]


def test_a_province_before_a_city_zone_names_the_same_zone():
    # 甘肃平凉经济技术开发区 and 平凉经开区 are one zone; 甘肃自贸试验区 and 自贸试验区 (whose?) are not
    a = ent("n:" + norm("甘肃平凉经济技术开发区"), "甘肃平凉经济技术开发区", ("Park",))
    b = ent("n:" + norm("平凉经开区"), "平凉经开区", ("Park",), start=40)
    ents, _, _ = resolve([Extraction("d1", (a, b))])
    assert len(ents) == 1 and "平凉经开区" in ents[0].aliases, [(e.label, e.aliases) for e in ents]
    c = ent("n:" + norm("甘肃自贸试验区"), "甘肃自贸试验区", ("Park",))
    d = ent("n:" + norm("宁夏自贸试验区"), "宁夏自贸试验区", ("Park",), start=40)
    assert len(resolve([Extraction("d1", (c, d))])[0]) == 2


def test_an_industry_written_after_a_place_is_the_industry():
    # 平凉果品 (the industry of 平凉) and 果品 are one industry, kept under its bare name; the place's
    # relation follows it. 果品加工 is another industry.
    city = ent("district:620800", "平凉市", ("District",))
    named = ent("n:平凉果品", "平凉果品", ("IndustrialCluster",))
    bare = ent("n:果品", "果品", ("IndustrialCluster",), doc="d2")
    other = ent("n:果品加工", "果品加工", ("IndustrialCluster",), doc="d2")
    ents, rels, _ = resolve([Extraction("d1", (city, named), (rel("district:620800", "n:平凉果品", 0.9,
                                                                 r="developsCluster"),)),
                             Extraction("d2", (bare, other))])
    industries = {e.label: e.aliases for e in ents if e.types == ("IndustrialCluster",)}
    assert industries == {"果品": ("平凉果品",), "果品加工": ()}, industries
    assert [(r.head, r.tail) for r in rels if r.rel == "developsCluster"] == [("district:620800", "n:果品")]


def test_a_division_that_may_be_a_park_is_what_its_code_says():
    # 120116 滨海新区 is an administrative district; 320576 苏州工业园区 a zone the statistics list among
    # counties (numbered 71 and above): each keeps that type when it reaches the threshold
    district = dataclasses.replace(ent("district:120116", "滨海新区", ("District", "Park")),
                                   scores=(("District", 0.8), ("Park", 0.9)))
    zone = dataclasses.replace(ent("district:320576", "苏州工业园区", ("District", "Park"), start=10),
                               scores=(("District", 0.9), ("Park", 0.8)))
    low = dataclasses.replace(ent("district:310115", "浦东新区", ("District", "Park"), start=20),
                              scores=(("District", 0.4), ("Park", 0.9)))
    ents, _, _ = resolve([Extraction("d1", (district, zone, low))], 0.5)
    assert {e.label: e.types for e in ents} == {"滨海新区": ("District",), "苏州工业园区": ("Park",),
                                                 "浦东新区": ("Park",)}


def test_a_park_of_three_characters_is_the_short_form_of_its_place_and_name():
    # 平凉果品谷 / 果品谷: one park (a head of one character leaves a name of two); 产业园 names none
    a = ent("n:平凉果品谷", "平凉果品谷", ("Park",))
    b = ent("n:果品谷", "果品谷", ("Park",), start=20)
    c = ent("n:平凉产业园", "平凉产业园", ("Park",), start=40)
    d = ent("n:产业园", "产业园", ("Park",), start=60)
    ents, _, _ = resolve([Extraction("d1", (a, b, c, d))])
    assert sorted((e.label, e.aliases) for e in ents) == [("产业园", ()), ("平凉产业园", ()),
                                                          ("平凉果品谷", ("果品谷",))]

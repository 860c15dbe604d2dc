"""End to end: `kg build` of three short articles (tests/fixtures/articles), then `kg query` over the result.

The articles are composed for the test (昆山市, 宁波市北仑区, 佛山市顺德区): a government work report,
investment-promotion news and industry news, with front matter. The build runs once per module;
each test reads what it wrote.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS

from kg.cli import cli
from kg.vocab import KG

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
ENTITY_TYPES = ("District", "Park", "IndustrialCluster", "Project", "Organization")
RELATIONS = ("locatedIn", "developsCluster", "cooperatesWith")

# (name as written in the article, type): found as rdfs:label or skos:altLabel of a node of that type
# ("A|B": of either type, where the gold's conventions allow both: a centre in use is an organisation and
# a facility, as realdev's gold types 智能网联汽车创新中心)
ENTITIES = [
    # kunshan.md
    ("昆山市", "District"), ("昆山", "District"), ("苏州市", "District"), ("江苏省", "District"),
    ("昆山开发区", "Park"), ("昆山高新区", "Park"), ("阳澄湖科技园", "Park"), ("花桥经济开发区", "Park"),
    ("沪昆科技创新合作区", "Park"), ("年产10万台工业机器人项目", "Project"),
    ("龙腾光电第8.6代新型显示面板项目", "Project"), ("昆山杜克大学智能制造研究院", "Organization"),
    ("新一代电子信息", "IndustrialCluster"), ("高端装备制造", "IndustrialCluster"),
    ("生物医药产业", "IndustrialCluster"), ("嘉定区", "District"),
    # beilun.txt
    ("北仑区", "District"), ("宁波市", "District"), ("浙江省", "District"),
    ("梅山湾科创区", "Park"), ("春晓海洋科技城", "Park"), ("大碶高端汽配模具园", "Park"),
    ("宁波北仑临港装备产业园", "Park"), ("年产40GWh锂离子电池项目", "Project"),
    ("宁德时代新能源科技股份有限公司", "Organization"),   # (甬舟铁路, a railway being built: borderline in the
    # guidelines, which ignore railways unless built; the learned scorer keeps it below the threshold)
    ("汽车及零部件", "IndustrialCluster"), ("集成电路", "IndustrialCluster"), ("跨境电商", "IndustrialCluster"),
    # shunde.txt
    ("顺德区", "District"), ("佛山市", "District"), ("广东省", "District"), ("北滘镇", "District"),
    ("美的全球创新中心", "Organization|Project"), ("美的集团", "Organization"), ("格兰仕", "Organization"),
    ("广东工业大学", "Organization"), ("华南理工大学", "Organization"), ("顺德高新区", "Park"),
    ("机器人产业园", "Park"), ("年产500万台高端厨电项目", "Project"), ("佛山顺德万洋众创产业园", "Park"),
    ("智能家电", "IndustrialCluster"), ("智能家电产业", "IndustrialCluster"), ("鼓楼区", "District"),
]

# (head, relation, tail, file the evidence comes from), names as written
EXPECTED_RELATIONS = [
    ("昆山市", "locatedIn", "苏州市", "kunshan.md"),
    ("苏州市", "locatedIn", "江苏省", "kunshan.md"),
    ("阳澄湖科技园", "locatedIn", "昆山高新区", "kunshan.md"),
    ("年产10万台工业机器人项目", "locatedIn", "花桥经济开发区", "kunshan.md"),
    ("龙腾光电第8.6代新型显示面板项目", "locatedIn", "昆山开发区", "kunshan.md"),
    ("花桥经济开发区", "locatedIn", "昆山市", "kunshan.md"),
    ("昆山市", "developsCluster", "高端装备制造", "kunshan.md"),
    ("昆山市", "developsCluster", "生物医药", "kunshan.md"),
    ("北仑区", "locatedIn", "宁波市", "beilun.txt"),
    ("年产40GWh锂离子电池项目", "locatedIn", "北仑区", "beilun.txt"),
    ("梅山湾科创区", "locatedIn", "北仑区", "beilun.txt"),
    ("春晓海洋科技城", "locatedIn", "北仑区", "beilun.txt"),
    ("宁波北仑临港装备产业园", "locatedIn", "北仑区", "beilun.txt"),
    ("北仑区", "developsCluster", "集成电路", "beilun.txt"),
    ("北仑区", "developsCluster", "汽车及零部件", "beilun.txt"),
    ("美的全球创新中心", "locatedIn", "北滘镇", "shunde.txt"),
    ("北滘镇", "locatedIn", "顺德区", "shunde.txt"),
    ("顺德区", "developsCluster", "智能家电", "shunde.txt"),
    ("机器人产业园", "locatedIn", "顺德高新区", "shunde.txt"),
    ("年产500万台高端厨电项目", "locatedIn", "顺德高新区", "shunde.txt"),
    ("美的集团", "locatedIn", "顺德区", "shunde.txt"),
    ("鼓楼区", "locatedIn", "南京市", "shunde.txt"),
]

# not entities of these types: common words, descriptions, a city inside a company name
ABSENT = [("惠民", "District"), ("惠民县", "District"), ("新建区", "District"), ("现代化", "IndustrialCluster"),
          ("家电制造基地", "Park"), ("北仑区发展和改革局", "Park")]
ABSENT_RELATIONS = [("甬舟铁路", "locatedIn", "北仑区"), ("广东工业大学", "locatedIn", "顺德区"),
                    ("宁德时代新能源科技股份有限公司", "locatedIn", "北仑区")]


def invoke(*args: str):
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "out"
    invoke("-q", "build", str(ARTICLES), "-o", str(out), "-j", "1", "--no-cache")
    return out


@pytest.fixture(scope="module")
def graph(out) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def nodes(g: Graph, name: str, typ: str | None = None) -> set:
    found = set(g.subjects(RDFS.label, Literal(name, lang="zh"))) | set(g.subjects(SKOS.altLabel, Literal(name, lang="zh")))
    return {n for n in found if typ is None or (n, RDF.type, KG[typ]) in g}


def test_build_writes_every_output(out):
    for name in ("graph.ttl", "graph.html", "report.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0
    assert (out / "graph.graphml").is_file() or (out / "graph.gexf").is_file()


@pytest.mark.parametrize("name,typ", ENTITIES)
def test_entity(graph, name, typ):
    assert any(nodes(graph, name, t) for t in typ.split("|")), f"no {typ} named {name}"


def test_one_node_per_thing(graph):
    for name in ("昆山市", "北仑区", "顺德区", "智能家电", "宁波北仑临港装备产业园"):
        assert len(nodes(graph, name)) == 1, name
    assert nodes(graph, "昆山") == nodes(graph, "昆山市")
    assert nodes(graph, "智能家电产业") == nodes(graph, "智能家电") == nodes(graph, "世界级智能家电产业集群")


def test_phase_and_amounts_are_attributes(graph):
    (park,) = nodes(graph, "宁波北仑临港装备产业园")
    assert graph.value(park, KG.phase).toPython() == 3
    (project,) = nodes(graph, "年产40GWh锂离子电池项目")
    assert graph.value(project, KG.investmentCNY).toPython() == Decimal("12000000000")
    assert graph.value(project, KG.areaSquareMetres).toPython() == Decimal("533333")


def test_districts_carry_their_codes(graph):
    (beilun,) = nodes(graph, "北仑区")
    assert str(graph.value(beilun, KG.adminCode)) == "330206"
    (gulou,) = nodes(graph, "鼓楼区")
    assert str(graph.value(gulou, KG.adminCode)) == "320106"  # 南京, not 福州 or 开封


@pytest.mark.parametrize("name,typ", ABSENT)
def test_absent_entity(graph, name, typ):
    assert not nodes(graph, name, typ)


@pytest.mark.parametrize("head,rel,tail,source", EXPECTED_RELATIONS)
def test_relation_with_provenance(graph, head, rel, tail, source):
    pairs = [(h, t) for h in nodes(graph, head) for t in nodes(graph, tail) if (h, KG[rel], t) in graph]
    assert pairs, f"missing {head} {rel} {tail}"
    h, t = pairs[0]
    text = (ARTICLES / source).read_text(encoding="utf-8")
    evidence = []
    for a in graph.subjects(RDF.subject, h):
        if (a, RDF.predicate, KG[rel]) in graph and (a, RDF.object, t) in graph:
            doc = graph.value(a, KG.inDocument)
            evidence.append((str(graph.value(doc, KG.filePath)), str(graph.value(a, KG.sentenceText)),
                             graph.value(a, KG.sentenceStart).toPython(), graph.value(a, KG.startOffset).toPython(),
                             graph.value(a, KG.endOffset).toPython(), str(graph.value(a, KG.rule))))
    assert evidence, f"no assertion node for {head} {rel} {tail}"
    assert any(path == source for path, *_ in evidence), evidence
    for path, sentence, s_start, start, end, rule in evidence:
        if path == source:
            assert sentence and sentence in text and rule
            assert s_start <= start < end <= s_start + len(sentence)


@pytest.mark.parametrize("head,rel,tail", ABSENT_RELATIONS)
def test_absent_relation(graph, head, rel, tail):
    assert not [(h, t) for h in nodes(graph, head) for t in nodes(graph, tail) if (h, KG[rel], t) in graph]


def test_mentions_lead_back_to_sentences(graph):
    (district,) = nodes(graph, "北仑区")
    names = {str(x) for p in (RDFS.label, SKOS.altLabel) for x in graph.objects(district, p)}
    mentions = list(graph.subjects(KG.mentionOf, district))
    assert len(mentions) >= 5
    text = (ARTICLES / "beilun.txt").read_text(encoding="utf-8")
    for m in mentions:
        surface, sentence = str(graph.value(m, KG.surfaceText)), str(graph.value(m, KG.sentenceText))
        assert surface in names and surface in sentence and sentence in text
        offset = graph.value(m, KG.startOffset).toPython() - graph.value(m, KG.sentenceStart).toPython()
        assert sentence[offset:offset + len(surface)] == surface


def test_documents_are_nodes(graph):
    docs = {str(graph.value(d, KG.filePath)): d for d in graph.subjects(RDF.type, KG.Document)}
    assert sorted(docs) == ["beilun.txt", "kunshan.md", "shunde.txt"]
    from rdflib.namespace import DCTERMS
    assert str(graph.value(docs["kunshan.md"], DCTERMS.date)) == "2024-02-20"
    assert str(graph.value(docs["kunshan.md"], DCTERMS.source)) == "https://example.org/news/kunshan-2024"
    assert str(graph.value(docs["beilun.txt"], DCTERMS.title)) == "北仑区今年重点项目投资超600亿元"


def test_report_counts_match_the_graph(out, graph):
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    assert counts["documents_read"] == 3 and counts["documents_skipped"] == 0 and report["skipped"] == []
    by_type = Counter(t for t in ENTITY_TYPES for _ in graph.subjects(RDF.type, KG[t]))
    entities = {s for t in ENTITY_TYPES for s in graph.subjects(RDF.type, KG[t])}
    assert counts["entities"] == len(entities)
    assert counts["entities_by_type"] == {t: n for t, n in by_type.items() if n}
    rels = Counter(r for r in RELATIONS for _ in graph.subject_objects(KG[r]))
    assert counts["relations"] == sum(rels.values())
    assert counts["relations_by_type"] == {r: n for r, n in rels.items() if n}
    assert counts["triples"] == len(graph)
    assert sorted(d["path"] for d in report["documents"]) == ["beilun.txt", "kunshan.md", "shunde.txt"]


def test_store_holds_graph_ttl(out, graph):
    """The store the build loaded in its own process holds exactly the triples of graph.ttl."""
    from decimal import Decimal

    from rdflib import XSD

    from kg.store import open_graph

    def values(triples):      # Oxigraph writes decimals canonically (1200000 for 1200000.0)
        return {(s, p, Decimal(str(o)) if getattr(o, "datatype", None) == XSD.decimal else o)
                for s, p, o in triples}

    stored = list(open_graph(out))
    assert len(stored) == len(graph) and values(stored) == values(graph)


def test_build_view_from_records_equals_view_from_store(out, tmp_path):
    """The build draws its page from its records; kg viz reads the store: the pages are the same bytes."""
    again = tmp_path / "again.html"
    invoke("-q", "viz", "--graph", str(out), "-o", str(again))
    assert again.read_bytes() == (out / "graph.html").read_bytes()


def test_build_validates_the_entity_layer(out):
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["validation"]["conforms"] and report["validation"]["scope"] == "entities"
    assert {"read_extract", "resolve", "assemble", "turtle", "view", "validate", "store_wait"} <= \
        set(report["timings"])


def test_query_sparql(out):
    q = ('SELECT ?label WHERE { ?x kg:locatedIn ?d . ?d rdfs:label "昆山高新区"@zh . ?x rdfs:label ?label }')
    res = invoke("query", "--graph", str(out), "--format", "json", q)
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert "阳澄湖科技园" in {r["label"]["value"] for r in rows}


def test_query_provenance(out):
    q = """SELECT ?doc ?text WHERE {
      ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate kg:locatedIn ; rdf:object ?o ;
         kg:inDocument ?d ; kg:sentenceText ?text .
      ?s rdfs:label|skos:altLabel "美的全球创新中心"@zh . ?o rdfs:label "北滘镇"@zh . ?d kg:filePath ?doc }"""
    res = invoke("query", "--graph", str(out), "--format", "csv", q)
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and rows[0]["doc"] == "shunde.txt"
    assert "美的全球创新中心" in rows[0]["text"]


def test_query_named_parks_of_district(out):
    res = invoke("query", "--graph", str(out), "--name", "parks-of-district", "--param", "district=北仑区",
                 "--format", "csv")
    parks = {r["parkLabel"] for r in csv.DictReader(io.StringIO(res.stdout))}
    assert {"梅山湾科创区", "春晓海洋科技城", "大碶高端汽配模具园"} <= parks


def test_query_named_projects_over(out):
    res = invoke("query", "--graph", str(out), "--name", "projects-over", "--param", "amount=100亿",
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    amounts = {Decimal(r["investmentCNY"]) for r in rows}
    assert amounts == {Decimal("28000000000"), Decimal("12000000000")}
    assert all(Decimal(r["investmentCNY"]) >= Decimal("10000000000") for r in rows)


def test_void_counts_are_the_live_counts(out):
    """entity-types and relation-types read the build's VoID counts: they equal counting the store."""
    from kg import query
    from kg.store import open_graph

    g = open_graph(out)
    by_type = {str(r["type"]): int(r["entities"]) for r in query.run_named(g, "entity-types")}
    for t in ENTITY_TYPES:
        live = query.run(g, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a kg:{t} }}")
        assert by_type[t] == int(next(iter(live))[0])
    for r in query.run_named(g, "relation-types"):
        rel = str(r["relation"])
        triples = query.run(g, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?h kg:{rel} ?t }}")
        evidence = query.run(g, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a rdf:predicate kg:{rel} }}")
        assert (int(r["relations"]), int(r["evidence"])) == (int(next(iter(triples))[0]),
                                                            int(next(iter(evidence))[0]))
    assert sum(by_type.values()) >= 40

"""kg.store: the embedded store written at build time and opened read-only by query/serve/viz.

Also home of the small hand-made graph the store/query/serve/push/validate/export
tests share (an imaginary county, 澄川县): ``county_records()``, ``county_graph()``
and ``make_out()``.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

from kg.assemble import entity_iri, to_rdf
from kg.errors import ExportError
from kg.query import materialize
from kg.records import Document, Entity, Mention, Quantity, Relation, Sentence
from kg.vocab import KG
from kg.store import STORE_DIR, count_triples, has_graph, open_graph, ox_store, write_store

# ---------------------------------------------------------------- the imaginary county

DOCS = {
    "d1": ("news/chengchuan-park.md", "澄川县经济开发区建设提速", "2024-05-10", "https://news.example.cn/a1.html", [
        "澄川县位于云岭市西部。",
        "澄川经济开发区位于澄川县，重点发展新能源装备产业。",
        "澄川智能制造产业园位于澄川经济开发区，园区面积120万平方米。",
        "澄川光伏组件项目落户澄川智能制造产业园，总投资12亿元。",
        "澄川新材料有限公司与云岭大学签署合作协议。",
    ]),
    "d2": ("news/liuxi.md", "柳溪镇冷链物流园开工", "2024-06-02", None, [
        "柳溪物流园位于澄川县柳溪镇，发展冷链物流产业。",
        "柳溪冷库项目总投资3000万元。",
        "澄川经济开发区被评为新能源装备产业示范基地。",
    ]),
}

ENTITIES = [  # key, label, types, aliases, attrs
    ("district:990000", "澜山省", ("District",), (), (("adminCode", "990000"), ("adminLevel", "province"))),
    ("district:990100", "云岭市", ("District",), (), (("adminCode", "990100"), ("adminLevel", "city"))),
    ("district:990123", "澄川县", ("District",), ("澄川",), (("adminCode", "990123"), ("adminLevel", "county"))),
    ("district:990123101000", "柳溪镇", ("District",), (),
     (("adminCode", "990123101000"), ("adminLevel", "town"))),
    ("Park:澄川经济开发区", "澄川经济开发区", ("Park",), ("澄川经开区",), ()),
    ("Park:澄川智能制造产业园", "澄川智能制造产业园", ("Park",), (), (("areaSquareMetres", "1200000"),)),
    ("Park:柳溪物流园", "柳溪物流园", ("Park",), (), ()),
    ("IndustrialCluster:新能源装备", "新能源装备产业", ("IndustrialCluster",), (), ()),
    ("IndustrialCluster:冷链物流", "冷链物流产业", ("IndustrialCluster",), (), ()),
    ("Project:澄川光伏组件项目", "澄川光伏组件项目", ("Project",), (), (("investmentCNY", "1200000000"),)),
    ("Project:柳溪冷库项目", "柳溪冷库项目", ("Project",), (), (("investmentCNY", "30000000"),)),
    ("Organization:澄川新材料有限公司", "澄川新材料有限公司", ("Organization",), (), ()),
    ("Organization:云岭大学", "云岭大学", ("Organization",), (), ()),
]

RELATIONS = [  # head, rel, tail, doc, sentence, confidence
    ("district:990123", "locatedIn", "district:990100", "d1", 0, 0.9),
    ("district:990100", "locatedIn", "district:990000", "d1", 0, 0.9),
    ("district:990123101000", "locatedIn", "district:990123", "d2", 0, 0.8),
    ("Park:澄川经济开发区", "locatedIn", "district:990123", "d1", 1, 0.9),
    ("Park:澄川智能制造产业园", "locatedIn", "Park:澄川经济开发区", "d1", 2, 0.85),
    ("Park:柳溪物流园", "locatedIn", "district:990123101000", "d2", 0, 0.8),
    ("Project:澄川光伏组件项目", "locatedIn", "Park:澄川智能制造产业园", "d1", 3, 0.75),
    ("Park:澄川经济开发区", "developsCluster", "IndustrialCluster:新能源装备", "d1", 1, 0.9),
    ("Park:澄川经济开发区", "developsCluster", "IndustrialCluster:新能源装备", "d2", 2, 0.6),
    ("Park:柳溪物流园", "developsCluster", "IndustrialCluster:冷链物流", "d2", 0, 0.7),
    ("Organization:澄川新材料有限公司", "cooperatesWith", "Organization:云岭大学", "d1", 4, 0.8),
]

QUANTITIES = [  # entity, kind, value, unit, raw, doc, sentence
    ("Project:澄川光伏组件项目", "investment", "1200000000", "CNY", "12亿元", "d1", 3),
    ("Project:柳溪冷库项目", "investment", "30000000", "CNY", "3000万元", "d2", 1),
    ("Park:澄川智能制造产业园", "area", "1200000", "m2", "120万平方米", "d1", 2),
]


def _document(doc_id: str) -> Document:
    path, title, date, source, sentences = DOCS[doc_id]
    sents, start = [], 0
    for i, text in enumerate(sentences):
        sents.append(Sentence(i, start, start + len(text), 0, text))
        start += len(text)
    text = "".join(sentences)
    return Document(id=doc_id, path=path, text=text, sentences=tuple(sents), paragraphs=((0, len(text)),),
                    title=title, date=date, source=source, sha256="0" * 64)


def _span(doc: Document, sentence: int, surface: str) -> tuple[int, int]:
    sent = doc.sentences[sentence]
    i = sent.text.find(surface)
    assert i >= 0, (surface, sent.text)
    return sent.start + i, sent.start + i + len(surface)


def county_records():
    """(documents, entities, relations, quantities) of the imaginary county 澄川县."""
    docs = {d: _document(d) for d in DOCS}
    entities = []
    for key, label, types, aliases, attrs in ENTITIES:
        mentions = []
        for d, doc in docs.items():
            for s in doc.sentences:
                for surface in (label,) + aliases:
                    if surface in s.text:
                        a, b = _span(doc, s.index, surface)
                        mentions.append(Mention(d, s.index, a, b, surface, "lexicon"))
                        break
        entities.append(Entity(key, label, types, aliases, attrs, tuple(mentions)))
    relations = []
    for head, rel, tail, d, s, conf in RELATIONS:
        sent = docs[d].sentences[s]
        relations.append(Relation(head, rel, tail, d, s, sent.start, sent.end, f"rule_{rel}", conf))
    quantities = []
    for ent, kind, value, unit, raw, d, s in QUANTITIES:
        a, b = _span(docs[d], s, raw)
        quantities.append(Quantity(ent, kind, value, unit, raw, d, s, a, b, "amount", year=2024))
    return list(docs.values()), entities, relations, quantities


def county_graph() -> Graph:
    """The county as an rdflib (in-memory) graph, through kg.assemble.to_rdf."""
    return to_rdf(*county_records())


def make_out(folder: Path, graph: Graph | None = None, html: bool = True) -> Path:
    """A built OUT folder: graph.ttl, store/ and a stand-in graph.html (no extractor needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    graph = graph if graph is not None else county_graph()
    graph.serialize(folder / "graph.ttl", format="turtle", encoding="utf-8")
    write_store(folder / "graph.ttl", folder, materialize=materialize)
    if html:
        (folder / "graph.html").write_text("<!doctype html><title>澄川县</title><p>view</p>", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def county_out(tmp_path_factory) -> Path:
    """A shared, read-only OUT of the county (do not modify it in a test)."""
    return make_out(tmp_path_factory.mktemp("county") / "out")


# ---------------------------------------------------------------- write_store / open_graph

def test_store_holds_the_same_graph_as_graph_ttl(county_out):
    g = open_graph(county_out)
    assert ox_store(g) is not None                      # the store, not a parse of graph.ttl
    mem = Graph().parse(county_out / "graph.ttl", format="turtle")
    assert count_triples(g) == len(mem) > 100
    # the same triples; Oxigraph writes decimals canonically (1200000 where rdflib wrote 1200000.0)
    assert _canon(g) == _canon(mem)


def _canon(g: Graph) -> set:
    decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    return {(s, p, o.toPython() if isinstance(o, Literal) and o.datatype == decimal else o)
            for s, p, o in g}


def test_rdflib_api_keeps_working_over_the_store(county_out):
    g = open_graph(county_out)
    park = entity_iri("Park:澄川智能制造产业园")
    assert g.value(park, RDFS.label) == Literal("澄川智能制造产业园", lang="zh")
    assert set(g.objects(entity_iri("district:990123"), RDFS.label)) == {Literal("澄川县", lang="zh")}
    # plain literals come back plain (rdflib tells "a" from "a"^^xsd:string)
    doc = next(g.subjects(KG.filePath, Literal("news/liuxi.md")))
    assert g.value(doc, KG.filePath) == Literal("news/liuxi.md")
    # kg's prefixes are bound, so queries may leave them out
    rows = list(g.query("SELECT ?l WHERE { ?p kg:locatedIn ?c . ?c rdfs:label '澄川经济开发区'@zh . "
                        "?p rdfs:label ?l }"))
    assert [str(r[0]) for r in rows] == ["澄川智能制造产业园"]


def test_write_store_from_an_in_memory_graph(tmp_path):
    graph = county_graph()
    path = write_store(graph, tmp_path)
    assert path == tmp_path / STORE_DIR
    g = open_graph(tmp_path)
    assert count_triples(g) == len(graph)


def test_write_store_replaces_an_existing_store(tmp_path):
    out = make_out(tmp_path / "out")
    small = Graph()
    small.add((entity_iri("Park:x"), RDFS.label, Literal("某园", lang="zh")))
    write_store(small, out)
    assert count_triples(open_graph(out)) == 1


def test_write_store_rejects_bad_turtle(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(ExportError, match=r"graph.ttl: not valid Turtle .*; rebuild the graph"):
        write_store(bad, tmp_path)
    assert not (tmp_path / STORE_DIR).exists()


def test_open_graph_falls_back_to_graph_ttl_without_a_store(tmp_path, caplog):
    out = tmp_path / "old"
    out.mkdir()
    county_graph().serialize(out / "graph.ttl", format="turtle", encoding="utf-8")
    g = open_graph(out)
    assert count_triples(g) == len(county_graph())
    assert "has no store (built by an older kg): parsing graph.ttl" in caplog.text


def test_open_graph_missing_out_says_how_to_build(tmp_path):
    out = tmp_path / "nothing"
    with pytest.raises(ExportError) as exc:
        open_graph(out)
    assert str(exc.value) == f"{out}: no built graph here (graph.ttl missing); run: kg build CORPUS -o {out}"


def test_open_graph_empty_out(tmp_path):
    with pytest.raises(ExportError, match="no built graph here"):
        open_graph(tmp_path)
    assert not has_graph(tmp_path)


def test_open_graph_broken_turtle_fallback(tmp_path):
    (tmp_path / "graph.ttl").write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    with pytest.raises(ExportError, match=r"graph.ttl: not valid Turtle"):
        open_graph(tmp_path)


def test_the_store_is_opened_read_only(county_out):
    g = open_graph(county_out)
    with pytest.raises((OSError, RuntimeError)):
        ox_store(g).update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")


def test_several_processes_read_the_same_store_at_once(county_out):
    """kg serve and kg query open OUT/store together: read-only opens take no lock."""
    held = open_graph(county_out)          # this process keeps it open
    code = textwrap.dedent(f"""
        from kg.store import open_graph, count_triples
        print(count_triples(open_graph({str(county_out)!r})))
    """)
    procs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
             for _ in range(2)]
    for p in procs:
        assert p.returncode == 0, p.stderr
        assert int(p.stdout) == count_triples(held)


@pytest.mark.parametrize("views", [True, False])
def test_the_store_process_stores_the_views_it_is_given(tmp_path, views):
    """The build's store process (``loader_main``) loads the parts it reads on stdin and stores the
    views of ``kg.query.materialize`` when the build passes it; without it, no view graph."""
    from kg.query import named_plan, view_graph

    ttl = tmp_path / "graph.ttl"
    county_graph().serialize(ttl, format="turtle", encoding="utf-8")
    code = ("import sys\nfrom kg.query import materialize\nfrom kg.store import loader_main\n"
            f"sys.exit(loader_main(sys.argv[1:], {'materialize' if views else 'None'}))")
    res = subprocess.run([sys.executable, "-c", code, str(ttl), str(tmp_path), str(os.getpid())],
                         input=f"0 0 {ttl.stat().st_size}\n", capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    g = open_graph(tmp_path)
    assert count_triples(g) == len(county_graph())
    assert (view_graph("clusters") in named_plan(g, "clusters", {})[0]) == views


def test_a_folder_with_a_store_can_be_renamed(tmp_path):
    """The build writes into a temporary folder and renames it to OUT: the store must be closed by then."""
    out = make_out(tmp_path / "tmp-out")
    final = tmp_path / "out"
    out.rename(final)
    assert count_triples(open_graph(final)) == len(county_graph())

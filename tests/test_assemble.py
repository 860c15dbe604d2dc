"""Assembly: stable IRIs, no blank nodes, provenance on every entity and relation, a NetworkX view."""
from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.assemble import entity_iri, to_networkx, to_rdf
from kg.records import Document, Entity, Mention, Quantity, Relation, Sentence
from kg.vocab import KG

TEXT = "青禾县将加快云溪(青禾)智造产业园建设。园区重点发展智能装备产业。"


def records():
    s0 = Sentence(0, 0, 19, 0, TEXT[0:19])
    s1 = Sentence(1, 19, len(TEXT), 0, TEXT[19:])
    doc = Document(id="d1", path="a.txt", text=TEXT, sentences=(s0, s1), paragraphs=((0, len(TEXT)),),
                   title="青禾县新闻", date="2024-03-01", source="https://example.org/a")
    park = Entity("n:云溪(青禾)智造产业园", "云溪(青禾)智造产业园", ("Park",), ("智造产业园",), (("phase", "1"),),
                  (Mention("d1", 0, 7, 18, TEXT[7:18], "suffix:产业园"),))
    county = Entity("district:990101", "青禾县", ("District",), ("青禾",),
                    (("adminCode", "990101"), ("adminLevel", "county")), (Mention("d1", 0, 0, 3, "青禾县", "gazetteer"),))
    c0 = TEXT.index("智能装备")
    cluster = Entity("n:智能装备", "智能装备", ("IndustrialCluster",), ("智能装备产业",), (),
                     (Mention("d1", 1, c0, c0 + 4, "智能装备", "cluster:head"),))
    rels = [Relation(park.key, "locatedIn", county.key, "d1", 0, 7, 18, "framing:subject-district", 0.6),
            Relation(park.key, "developsCluster", cluster.key, "d1", 1, c0, c0 + 4, "trigger:发展", 0.85)]
    qs = [Quantity(park.key, "area", "270000", "m2", "27万平方米", "d1", 0, 10, 16, "quantity:area", 2024)]
    return [doc], [park, county, cluster], rels, qs


def test_no_blank_nodes_and_stable_iris():
    g1 = to_rdf(*records())
    g2 = to_rdf(*records())
    assert not any(isinstance(t, BNode) for triple in g1 for t in triple)
    assert isomorphic(g1, g2)
    assert sorted(g1.serialize(format="nt").splitlines()) == sorted(g2.serialize(format="nt").splitlines())
    assert entity_iri("district:990101").endswith("district/990101")


def test_labels_types_and_attributes():
    g = to_rdf(*records())
    park = entity_iri("n:云溪(青禾)智造产业园")
    assert (park, RDF.type, KG.Park) in g
    assert g.value(park, RDFS.label) == Literal("云溪(青禾)智造产业园", lang="zh")
    assert Literal("智造产业园", lang="zh") in set(g.objects(park, SKOS.altLabel))
    assert g.value(park, KG.phase).toPython() == 1
    county = entity_iri("district:990101")
    assert (county, RDF.type, KG.County) in g and (county, RDF.type, KG.District) in g


def test_every_relation_has_an_assertion_with_the_sentence():
    g = to_rdf(*records())
    for p in (KG.locatedIn, KG.developsCluster):
        for s, o in g.subject_objects(p):
            found = [a for a in g.subjects(RDF.subject, s)
                     if (a, RDF.predicate, p) in g and (a, RDF.object, o) in g]
            assert len(found) == 1
            a = found[0]
            assert str(g.value(a, KG.sentenceText)) in TEXT
            assert g.value(a, KG.inDocument) is not None
            assert 0 < float(g.value(a, KG.confidence)) <= 1


def test_every_entity_has_a_mention_with_offsets():
    g = to_rdf(*records())
    for m in g.subjects(RDF.type, KG.Mention):
        start, end = int(g.value(m, KG.startOffset)), int(g.value(m, KG.endOffset))
        assert TEXT[start:end] == str(g.value(m, KG.surfaceText))


def test_quantity_and_document_metadata():
    g = to_rdf(*records())
    q = next(g.subjects(RDF.type, KG.Quantity))
    assert g.value(q, KG.value).toPython() == 270000
    assert str(g.value(q, KG.year)) == "2024"
    doc = next(g.subjects(RDF.type, KG.Document))
    assert str(g.value(doc, KG.filePath)) == "a.txt"


def test_networkx_view_has_entities_and_relations_with_flat_attributes():
    nxg = to_networkx(to_rdf(*records()))
    assert nxg.number_of_nodes() == 3
    assert nxg.number_of_edges() == 2
    for _, attrs in nxg.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in attrs.values())


def test_evidence_text_round_trips_awkward_sentences():
    """Sentence text with quotes, backslashes, line breaks and astral characters survives graph.ttl."""
    from rdflib import Graph

    from kg.assemble import EVIDENCE_PREFIXES, entity_layer, evidence_turtle

    text = '青禾县"引号"与\\反斜杠\n𠮷安产业园\r项目'
    doc = Document(id="d2", path="b.txt", text=text, sentences=(Sentence(0, 0, len(text), 0, text),),
                   paragraphs=((0, len(text)),))
    ent = Entity("n:𠮷安产业园", "𠮷安产业园", ("Park",), (), (),
                 (Mention("d2", 0, text.index("𠮷"), text.index("𠮷") + 5, "𠮷安产业园", 'rule"x\\'),))
    statements = list(evidence_turtle({"d2": doc}, [ent], []))
    g = Graph().parse(data=EVIDENCE_PREFIXES + "".join(t for t, _ in statements), format="turtle")
    assert len(g) == sum(n for _, n in statements) == 9
    assert set(g.objects(None, KG.sentenceText)) == {Literal(text)}
    assert set(g.objects(None, KG.rule)) == {Literal('rule"x\\')}
    assert len(entity_layer([doc], [ent], [])) + len(g) == len(to_rdf([doc], [ent], []))


def test_layers_split_the_graph():
    """The entity layer has no evidence nodes; both layers together are the whole graph."""
    from rdflib import Graph

    from kg.assemble import EVIDENCE_PREFIXES, entity_layer, evidence_turtle

    docs, ents, rels, qs = records()
    layer = entity_layer(docs, ents, rels)
    for cls in (KG.Mention, KG.Assertion, KG.Quantity):
        assert not list(layer.subjects(RDF.type, cls))
    text = "".join(t for t, _ in evidence_turtle({d.id: d for d in docs}, ents, rels, qs))
    evidence = Graph().parse(data=EVIDENCE_PREFIXES + text, format="turtle")
    assert isomorphic(layer + evidence, to_rdf(docs, ents, rels, qs))
    assert len(list(evidence.subjects(RDF.type, KG.Quantity))) == 1

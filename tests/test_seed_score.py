"""Regression: the repository's own two articles (corpus/) scored against their annotation.

``tests/fixtures/seed_gold.json`` is the gold annotation of corpus/ (format and matching rules of
the evaluation guidelines). The scorer is the evaluation's own (bench/score.py, a copy the project keeps): labels compared
after NFKC with white space, quotation marks and the middle dot removed; a system entity matches a gold
entity when one of its labels (rdfs:label or skos:altLabel) is the gold name or an alias and one of
its types is among the gold types; relations are compared after the transitive closure of locatedIn.
The thresholds only go up as the extractor improves.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import score as scorer  # noqa: E402  (bench/score.py)

GOLD = Path(__file__).resolve().parent / "fixtures" / "seed_gold.json"
ENTITY_F1_MIN = 0.95
RELATION_F1_MIN = 0.85


def score(path: Path, gold: dict) -> dict:
    """Entity and relation precision/recall/F1 of a graph file, by the evaluation's scorer (bench/score.py)."""
    entities, edges = scorer.read_graph(str(path))
    result = scorer.score(entities, edges, gold)
    return {"entity": result["entities"], "relation": result["relations"]}


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seed") / "out"
    build([ROOT / "corpus"], out, Settings(jobs=1, cache=False, validate=False))
    return score(out / "graph.ttl", json.loads(GOLD.read_text(encoding="utf-8")))


def test_gold_covers_the_corpus():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert sorted(gold["corpus"]) == sorted(p.name for p in (ROOT / "corpus").iterdir() if p.is_file())
    names = {e["name"] for e in gold["entities"]}
    assert all(r["head"] in names and r["tail"] in names for r in gold["relations"])


def test_seed_entity_f1(seed_scores):
    s = seed_scores["entity"]
    assert s["f1"] >= ENTITY_F1_MIN, s


def test_seed_relation_f1(seed_scores):
    s = seed_scores["relation"]
    assert s["f1"] >= RELATION_F1_MIN, s


def test_scorer_agrees_with_the_matching_rules(tmp_path):
    """The scorer itself: aliases, normalisation, types, duplicates, ignore and the locatedIn closure."""
    gold = {"entities": [{"name": "顺德区", "types": ["District"], "aliases": ["佛山市顺德区"]},
                         {"name": "佛山市", "types": ["District"]},
                         {"name": "“万洋”众创城", "types": ["Park", "Project"]},
                         {"name": "智能家电", "types": ["IndustrialCluster"], "aliases": ["智能家电产业"]}],
            "relations": [{"head": "“万洋”众创城", "rel": "locatedIn", "tail": "顺德区"},
                          {"head": "顺德区", "rel": "locatedIn", "tail": "佛山市"},
                          {"head": "顺德区", "rel": "developsCluster", "tail": "智能家电"}],
            "ignore": ["北滘"]}
    ttl = """@prefix kg: <https://w3id.org/kg-cn/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/kg-cn/id/> .
id:a a kg:District ; rdfs:label "佛山市顺德区"@zh .
id:b a kg:District ; rdfs:label "佛山市"@zh .
id:c a kg:Park ; rdfs:label "万洋众创城"@zh ; kg:locatedIn id:b .
id:d a kg:IndustrialCluster ; rdfs:label "智能家电产业"@zh .
id:e a kg:Organization ; rdfs:label "智能家电"@zh .
id:f a kg:District ; rdfs:label "北滘"@zh .
id:a kg:locatedIn id:b ; kg:developsCluster id:d .
"""
    (tmp_path / "g.ttl").write_text(ttl, encoding="utf-8")
    s = score(tmp_path / "g.ttl", gold)
    # entities: a, b, c, d match; e is a duplicate label with a wrong type; f is ignored
    assert s["entity"]["precision"] == pytest.approx(4 / 5, abs=5e-4) and s["entity"]["recall"] == 1.0
    # relations: c locatedIn 佛山市 is in the closure of gold; c locatedIn 顺德区 is missed
    assert s["relation"]["precision"] == 1.0
    assert s["relation"]["recall"] == pytest.approx(2 / 3, abs=5e-4)      # (the scorer rounds to 3 places)

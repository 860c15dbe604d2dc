"""The learned scorer: its arithmetic, how extraction and resolution use it, the shipped weights, and
the training script's determinism."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from kg.extract import candidates, extract, features, model
from kg.records import Entity, Extraction, Relation
from kg.resolve import fits, likeliest_types, resolve
from kg.terms import CLUSTER, DEVELOPS, DISTRICT, LOCATED_IN, PARK, PROJECT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_relation_rules import make_doc  # noqa: E402

TEXT = "红塔区加快建设玉溪卷烟配套产业园，大力发展烟草配套产业。"


def test_probability_is_the_logistic_of_the_summed_weights():
    w = model.Weights(-1.0, {"a": 2.0, "b": 0.5})
    assert w.probability(["a", "b", "unknown"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert w.probability([]) == pytest.approx(1 / (1 + math.e))
    assert model.Weights(1e6, {}).probability([]) == pytest.approx(1.0)       # no overflow


def constant(entity: float, relation: float) -> model.Model:
    """A model that gives every entity type and relation the same log-odds."""
    table = {t: model.Weights(entity, {}) for t in (DISTRICT, PARK, CLUSTER, PROJECT, "Organization")}
    return model.Model(table, {r: model.Weights(relation, {}) for r in (LOCATED_IN, DEVELOPS)}, 0.5, {})


def test_extract_scores_every_type_and_relation_with_the_model_in_use():
    doc = make_doc(TEXT, None)
    with model.using(constant(math.log(3), -math.log(3))):           # p = 0.75 and 0.25
        x = extract(doc)
    assert x.entities and x.relations
    assert all(e.scores == tuple((t, 0.75) for t in e.types) for e in x.entities)
    assert {r.confidence for r in x.relations} == {0.25}
    with model.using(None):                                          # no model: the rules' own confidences
        plain = extract(doc)
    assert all(e.scores == () for e in plain.entities) and {r.confidence for r in plain.relations} != {0.25}


def test_features_name_no_characters_of_a_name():
    """The templates read closed classes only: no feature carries the name's own words."""
    doc = make_doc(TEXT, None)
    found = candidates(doc)
    feats = model.features_of(doc, found.entities, found.relations, found.subject)
    strings = {f for _, _, fs in feats.entities for f in fs} | {f for _, fs in feats.relations for f in fs}
    for name in ("玉溪", "卷烟", "红塔", "烟草"):
        assert not any(name in f for f in strings), name
    assert any(f.startswith("head=") for f in strings) and any(f.startswith("rule=") for f in strings)


def entity(key: str, types: tuple, scores: tuple) -> Entity:
    return Entity(key=key, label=key, types=types, scores=scores)


def test_resolution_keeps_the_likeliest_type_above_the_threshold():
    ents = {"a": entity("a", (PARK, PROJECT), ((PARK, 0.7), (PROJECT, 0.8))),
            "b": entity("b", (PARK,), ((PARK, 0.4),)),
            "c": entity("c", (PARK,), ())}                               # unscored: kept as it is
    kept = likeliest_types(ents, 0.5)
    assert sorted(kept) == ["a", "c"]
    assert kept["a"].types == (PROJECT,) and dict(kept["a"].attrs)["confidence"] == "0.800"
    assert kept["c"].types == (PARK,)


def test_a_relation_needs_ends_of_the_types_it_joins():
    park, cluster, district = entity("p", (PARK,), ()), entity("k", (CLUSTER,), ()), entity("d", (DISTRICT,), ())
    assert fits(park, LOCATED_IN, district) and fits(district, DEVELOPS, cluster)
    assert not fits(park, LOCATED_IN, cluster) and not fits(cluster, DEVELOPS, park)


def test_resolve_drops_the_relations_of_entities_left_out():
    ents = (entity("a", (PARK,), ((PARK, 0.9),)), entity("b", (DISTRICT,), ((DISTRICT, 0.2),)),
            entity("c", (DISTRICT,), ((DISTRICT, 0.9),)))
    rels = (Relation("a", LOCATED_IN, "b", "d1", 0, 0, 1, "r", 0.9), Relation("a", LOCATED_IN, "c", "d1", 0, 0, 1, "r", 0.9))
    entities, relations, _ = resolve([Extraction("d1", ents, rels)], 0.5)
    assert [e.key for e in entities] == ["a", "c"]
    assert [(r.head, r.tail) for r in relations] == [("a", "c")]


def test_the_shipped_model_loads_and_uses_0_5_as_its_threshold():
    shipped = model.current()
    assert shipped is not None and shipped.threshold == 0.5
    assert set(shipped.entity) <= {DISTRICT, PARK, CLUSTER, PROJECT, "Organization"}
    assert shipped.info["trained_on"] and shipped.info["cross_validated"]


def gold_names() -> set[str]:
    """Names of the places, parks, projects and organisations of every gold kg was trained or tuned on."""
    golds = [*ROOT.glob("bench/realdev/*/gold.json"), *ROOT.glob("bench/devset*/gold.json"),
             ROOT / "tests" / "fixtures" / "seed_gold.json"]
    names = set()
    for path in golds:
        for e in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if set(e["types"]) - {CLUSTER}:
                names |= {n for n in (e["name"], *e.get("aliases", ())) if len(n) >= 3}
    return names


def test_no_name_of_the_training_articles_is_in_the_weights():
    """Beyond the head nouns of kg's own table (经开区 is one, and some gold names are nothing more)."""
    from kg.extract import lexicon

    weights = (ROOT / "kg" / "data" / "model.json").read_text(encoding="utf-8")
    heads = {lexicon.suffix_of(n) for n in gold_names()}
    found = sorted(n for n in gold_names() if n in weights and n not in heads)
    assert found == []


def test_training_is_deterministic():
    sys.path.insert(0, str(ROOT / "bench"))
    import train_model

    rows = [(["a", "b"], 1), (["a"], 0), (["b", "c"], 1), (["c"], 0), (["a", "c"], 1), ([], 0)] * 3
    first, second = train_model.fit(rows, 1.0), train_model.fit(list(rows), 1.0)
    assert first == second
    assert set(first.weights) == {"a", "b", "c"}


def test_the_entity_templates_are_registered_once():
    assert len(set(features.ENTITY_FEATURES)) == len(features.ENTITY_FEATURES)
    for template in (*features.ENTITY_FEATURES, *features.TYPE_FEATURES, *features.RELATION_FEATURES):
        assert template.__doc__, template.__name__


@pytest.mark.parametrize("label, expected", [
    ("生产基地", {"proper=none"}),                  # a kind of thing: common words only
    ("数字文化产业园", {"proper=none"}),
    ("平凉果品产业园", {"proper=place"}),
    ("vivo西北研发中心", {"proper=latin-or-digit", "proper=place"}),
    ("汇泾智造产业园", {"proper=unknown"}),          # jieba splits a name it does not know into characters
])
def test_proper_part_tells_a_kind_from_a_name(label, expected):
    view = features.EntityView(Entity(key="n:x", label=label, types=("Park",)), make_doc("。", None), "Park")
    assert set(features.proper_part(view)) == expected


def test_a_lighter_set_pulls_the_weights_less():
    # three real rows say feature x is right, three dev set rows say it is wrong: weighed equally they
    # cancel out; with the dev set's rows counting a quarter, x is right
    sys.path.insert(0, str(ROOT / "bench"))
    import train_model

    rows = [("Park", ["x"], 1)] * 3 + [("Park", ["x"], 0)] * 3 + [("Park", ["y"], 0), ("Park", ["y"], 1)]
    real_then_dev = [1.0] * 3 + [train_model.set_weight("devset2", 0.25)] * 3 + [1.0, 1.0]
    even = train_model.fit_each(rows, 1.0)["Park"]
    lighter = train_model.fit_each(rows, 1.0, real_then_dev)["Park"]
    assert abs(even.weights.get("x", 0.0) - even.weights.get("y", 0.0)) < 0.05
    assert lighter.weights["x"] > lighter.weights.get("y", 0.0) + 0.3
    assert train_model.set_weight("a", 0.25) == 1.0 and train_model.set_weight("seeds", 0.25) == 1.0

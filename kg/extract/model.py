"""The learned scorer: a probability for every entity (for each of its types) and every relation.

The hand rules find candidates and name themselves (``kg:rule``); features.py turns each candidate
into feature strings; a logistic regression trained on the gold of real articles (bench/train_model.py:
bench/realdev, the dev sets and the seeds) weighs them. Its weights ship as kg/data/model.json and are
applied here in plain Python (no learning library at run time): p = 1 / (1 + exp(-(b + sum of w))).

``score`` gives each entity record its types' probabilities (``Entity.scores``) and each relation
the probability of its (head, rel, tail) in this document as its confidence; resolve.py keeps, for
the corpus, each entity's likeliest type and what reaches ``--min-confidence``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import math
from collections.abc import Iterator

from ..records import Document, Entity, Relation
from .features import common_features, entity_features, entity_views, relation_features, relation_views


@dataclasses.dataclass(frozen=True)
class Weights:
    """One logistic regression: intercept and a weight per feature string."""

    intercept: float
    weights: dict[str, float]

    def probability(self, features: list[str]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclasses.dataclass(frozen=True)
class Model:
    """A scorer per entity type and per relation, and the threshold that cross-validation found best."""

    entity: dict[str, Weights]       # type -> its weights
    relation: dict[str, Weights]     # relation -> its weights
    threshold: float
    info: dict

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        def table(part: dict) -> dict[str, Weights]:
            return {name: Weights(w["intercept"], w["weights"]) for name, w in part.items()}

        return cls(table(data["entity"]), table(data["relation"]), float(data["threshold"]), data.get("info", {}))

    def to_json(self) -> dict:
        def table(part: dict[str, Weights]) -> dict:
            return {name: {"intercept": w.intercept, "weights": w.weights} for name, w in sorted(part.items())}

        return {"threshold": self.threshold, "info": self.info, "entity": table(self.entity),
                "relation": table(self.relation)}


_override: list[Model | None] = []


@functools.cache
def _shipped() -> Model | None:
    from ..resources import read_text
    from ..errors import OntologyError

    try:
        return Model.from_json(json.loads(read_text("data", "model.json")))
    except OntologyError:           # not trained yet: the rules' own confidences stand
        return None


def current() -> Model | None:
    """The model in use: one set by ``using`` (training, cross-validation), else the shipped one."""
    return _override[-1] if _override else _shipped()


@contextlib.contextmanager
def using(model: Model | None) -> Iterator[None]:
    """Score with ``model`` (None: no model) inside the block, in this process."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


@dataclasses.dataclass(frozen=True)
class Features:
    """The feature strings of a document's candidates: per (entity key, type) and per relation triple."""

    entities: list[tuple[str, str, list[str]]]
    relations: list[tuple[tuple[str, str, str], list[str]]]


def features_of(doc: Document, entities: dict[str, Entity], relations: list[Relation], subject: str | None
                ) -> Features:
    """What the templates of features.py read of each candidate of one document."""
    entity_rows, common = [], {}
    for v in entity_views(doc, entities, subject):
        if v.entity.key not in common:
            common[v.entity.key] = common_features(v)
        entity_rows.append((v.entity.key, v.type, entity_features(v, common[v.entity.key])))
    return Features(entity_rows,
                    [((v.head.key, v.rel, v.tail.key), relation_features(v))
                     for v in relation_views(entities, relations)])


def apply(model: Model, entities: dict[str, Entity], relations: list[Relation], features: Features
          ) -> tuple[dict[str, Entity], list[Relation]]:
    """Entities with their types' probabilities, relations with their probability as confidence."""
    scores: dict[str, list[tuple[str, float]]] = {key: [] for key in entities}
    for key, kind, feats in features.entities:
        scores[key].append((kind, _probability(model.entity, kind, feats)))
    entities = {k: Entity(e.key, e.label, e.types, e.aliases, e.attrs, e.mentions, tuple(scores[k]))
                for k, e in entities.items()}
    p = {triple: _probability(model.relation, triple[1], feats) for triple, feats in features.relations}
    return entities, [Relation(r.head, r.rel, r.tail, r.doc, r.sentence, r.start, r.end, r.rule,
                               p.get((r.head, r.rel, r.tail), r.confidence)) for r in relations]


def _probability(table: dict[str, Weights], name: str, features: list[str]) -> float:
    """The probability from ``name``'s weights (0: a type or relation the model never saw)."""
    weights = table.get(name)
    return round(weights.probability(features), 4) if weights is not None else 0.0


def score(doc: Document, entities: dict[str, Entity], relations: list[Relation], subject: str | None
          ) -> tuple[dict[str, Entity], list[Relation]]:
    """``apply`` the model in use to a document's candidates (unchanged when there is none)."""
    model = current()
    if model is None:
        return entities, relations
    return apply(model, entities, relations, features_of(doc, entities, relations, subject))

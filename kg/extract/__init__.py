"""Extract stage: one Document -> one Extraction (entities, relations, quantities, with provenance).

The passes, in the order ``extract`` runs them:

- names/ finds the names of each sentence (head nouns, lists, industries, divisions, companies) and
  settles their overlaps (settle.py: the longest name wins);
- districts.py settles which division each district mention names, inner.py the names that open a
  longer name;
- entities.py turns the spans into entity records with stable keys;
- relations/ finds the edges between them, quantities.py the amounts (investment, area, capacity);
- model.py gives every entity (for each of its types) and every relation a probability (features.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Document, Entity, Extraction, Quantity, Relation
from .again import names_written_again, zones_written_bare
from .combined import drop_functions_combined
from .districts import (assign_codes, context_codes, drop_given_names, drop_unanchored_short_forms,
                        drop_unanchored_zones, join_parent_prefix, place_villages_in_towns, places_of_listed_parks,
                        places_opening_names, present_codes)
from .entities import entity_records, with_amounts
from .inner import inner_names
from .names import find_names

__all__ = ["extract", "candidates", "Candidates"]

# what runs between the finders and the entity records, in order; each reads what the ones before settled
PASSES = (drop_functions_combined, context_codes, assign_codes, drop_unanchored_short_forms, drop_unanchored_zones,
          drop_given_names, join_parent_prefix, inner_names, places_of_listed_parks, places_opening_names,
          present_codes, place_villages_in_towns, names_written_again, zones_written_bare)


def extract(doc: Document) -> Extraction:
    """All entities, relations and quantities of one document, scored by the learned model."""
    from . import model

    found = candidates(doc)
    entities, rels = model.score(doc, found.entities, found.relations, found.subject)
    return Extraction(doc=doc.id, entities=tuple(entities.values()), relations=tuple(rels),
                      quantities=found.quantities)


@dataclass(frozen=True)
class Candidates:
    """What the rules find in one document, before the model weighs it."""

    entities: dict[str, Entity]
    relations: list[Relation]
    quantities: tuple[Quantity, ...]
    subject: str | None          # the key of the article's district, when it has one


def candidates(doc: Document) -> Candidates:
    """The finders, the passes, the entity records, the relation rules and the quantities."""
    from .quantities import quantities
    from .relations import relations
    from .relations.context import subject_district

    names = find_names(doc)
    for step in PASSES:
        step(doc, names)
    entities = entity_records(doc, names)
    subject = subject_district(doc, names.per_sentence)
    rels = relations(doc, names.per_sentence, entities, names.present, names.inner, subject)
    qs = quantities(doc, names.per_sentence)
    entities = with_amounts(entities, qs)
    return Candidates(entities, rels, tuple(qs), f"district:{subject}" if subject else None)

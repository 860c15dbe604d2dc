"""Relation rules: locatedIn and developsCluster from the division table, names, trigger words, sentence
structure and the article's framing, as a registry of named rules run in a declared order.

Confidence says how direct the evidence is: the division table (1.0), a
trigger word between the two names (0.8-0.9), the name itself (0.7: a park
named after its district), the article's framing (0.6: a district's own plan
places what it builds in that district).

Each rule is a function over the document context (context.py); its name is what lands in
``kg:rule`` (followed by the trigger word where one matched: ``located-by-trigger:位于``). The
order matters: a rule that only guesses (a name, the framing) leaves alone what an earlier rule
placed (``DocContext.located``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...records import Document, Entity, Relation
from ..span import Span
from . import develops, framing, located, names
from .context import DocContext

# where a rule runs: once before the sentences, once per sentence, once per segment of a sentence
# (between ；), once after them
SCOPES = ("document", "sentence", "segment", "final")


@dataclass(frozen=True)
class Rule:
    """A named relation rule: ``run(ctx)`` (document, final), ``run(ctx, spans)`` (sentence) or
    ``run(ctx, segment)`` (segment)."""

    name: str
    scope: str
    run: Callable

    @property
    def description(self) -> str:
        """The first line of the rule's docstring."""
        return self.run.__doc__.strip().splitlines()[0]


RULES: tuple[Rule, ...] = (
    Rule("gazetteer:parent", "document", names.division_in_parent),
    Rule("gazetteer:village", "document", names.village_in_town),
    Rule("name:division-chain", "document", names.name_after_divisions),
    Rule("structure:paragraph-industry", "sentence", develops.paragraph_industry),
    Rule("table:row", "sentence", develops.table_row),
    Rule("trigger:anaphor", "segment", located.anaphor_in),
    Rule("trigger:在…建设", "segment", located.built_in_place),
    Rule("trigger", "segment", located.settled_by_trigger),
    Rule("trigger:{}…的", "segment", located.settled_before_de),
    Rule("trigger:内的", "segment", located.inside_of),
    Rule("trigger:是…的", "segment", located.own_thing_of),
    Rule("trigger:X在…建设", "segment", located.built_in_named_place),
    Rule("trigger", "segment", located.hosted_by_park_before),
    Rule("trigger", "segment", located.hosted_by_subject_park),
    Rule("subject", "segment", located.built_by_subject_park),
    Rule("subject", "segment", located.built_by_subject_district),
    Rule("trigger:依托", "segment", located.relied_on_park),
    Rule("structure:clause-park", "segment", located.park_opening_clause),
    Rule("trigger:签约建设", "segment", located.signed_to_build),
    Rule("subject", "segment", located.started_by_subject),
    Rule("trigger:整合…建设", "segment", located.merged_into),
    Rule("trigger", "segment", develops.cultivated_by_subject),
    Rule("framing", "segment", develops.cultivated_by_article),
    Rule("trigger:集中在", "segment", develops.sited_in),
    Rule("structure:规模", "segment", develops.sized_by_district),
    Rule("framing:全…规模", "segment", develops.sized_by_whole),
    Rule("structure:subject-park", "segment", develops.subject_park_industry),
    Rule("structure:item-district", "final", located.item_district),
    Rule("name:park", "final", names.park_named_after_park),
    Rule("name:governing-body", "final", names.governing_body),
    Rule("name:company", "final", names.company_named_after_place),
    Rule("name:industry", "final", names.park_named_after_industry),
    Rule("name:district", "final", names.park_named_after_place),
    Rule("framing:subject-park", "final", framing.in_subject_park),
    Rule("framing:village", "final", framing.village_in_subject_county),
    Rule("framing:subject-district", "final", framing.in_subject_district),
)


def relations(doc: Document, per_sentence: list[list[Span]], entities: dict[str, Entity],
              present: set[str], inner: list[Span] = ()) -> list[Relation]:
    """The relations the rules read in one document, in the order the rules found them.

    Args:
        per_sentence: the names kept in each sentence (offsets into ``doc.text``).
        entities: the document's entities by key.
        present: the division codes written anywhere in the text, even inside other names.
        inner: names written only at the start of a longer name (only the name rules read them).
    """
    ctx = DocContext(doc, per_sentence, entities, present, inner)
    rules = {scope: [r for r in RULES if r.scope == scope] for scope in SCOPES}
    _run(ctx, rules["document"])
    for spans in per_sentence:
        if not ctx.read_sentence(spans):
            continue
        _run(ctx, rules["sentence"], spans)
        for seg in ctx.segments(spans):
            _run(ctx, rules["segment"], seg)
    _run(ctx, rules["final"])
    return ctx.out


def _run(ctx: DocContext, rules: list[Rule], *where) -> None:
    for rule in rules:
        ctx.rule = rule.name
        rule.run(ctx, *where)

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
from . import bodies, develops, framing, located, names
from .context import FIND, DocContext

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
    Rule("located-by-division-table", "document", names.located_by_division_table),
    Rule("located-by-village-table", "document", names.located_by_village_table),
    Rule("located-by-division-prefix", "document", names.located_by_division_prefix),
    Rule("located-by-park-prefix", "document", names.located_by_park_prefix),
    Rule("develops-by-paragraph-heading", "sentence", develops.develops_by_paragraph_heading),
    Rule("develops-by-table-row", "sentence", develops.develops_by_table_row),
    Rule("located-by-anaphor", "segment", located.located_by_anaphor),
    Rule("located-by-in-phrase", "segment", located.located_by_in_phrase),
    Rule("located-by-trigger", "segment", located.located_by_trigger),
    Rule("located-by-attributive", "segment", located.located_by_attributive),
    Rule("located-by-inside", "segment", located.located_by_inside),
    Rule("located-by-own-thing", "segment", located.located_by_own_thing),
    Rule("located-by-built-in", "segment", located.located_by_built_in),
    Rule("hosted-by-adjacent-park", "segment", located.hosted_by_adjacent_park),
    Rule("hosted-by-subject-park", "segment", located.hosted_by_subject_park),
    Rule("built-by-subject-park", "segment", located.built_by_subject_park),
    Rule("built-by-subject-district", "segment", located.built_by_subject_district),
    Rule("located-by-reliance", "segment", located.located_by_reliance),
    Rule("located-by-opening-clause", "segment", located.located_by_opening_clause),
    Rule("located-by-signing", "segment", located.located_by_signing),
    Rule("started-by-subject", "segment", located.started_by_subject),
    Rule("located-by-listed-parts", "segment", located.located_by_listed_parts),
    Rule("located-by-merger", "segment", located.located_by_merger),
    Rule("located-by-opening-place", "segment", located.located_by_opening_place),
    Rule("develops-by-trigger", "segment", develops.develops_by_trigger),
    Rule("develops-by-framing", "segment", develops.develops_by_framing),
    Rule("develops-by-section-heading", "segment", develops.develops_by_section_heading),
    Rule("develops-by-industry-list", "segment", develops.develops_by_industry_list),
    Rule("develops-by-siting", "segment", develops.develops_by_siting),
    Rule("develops-by-scale", "segment", develops.develops_by_scale),
    Rule("develops-by-place-modifier", "segment", develops.develops_by_place_modifier),
    Rule("develops-by-whole-scale", "segment", develops.develops_by_whole_scale),
    Rule("develops-by-subject-park", "segment", develops.develops_by_subject_park),
    Rule("develops-by-framed-industry-list", "segment", develops.develops_by_framed_industry_list),
    Rule("located-by-item-district", "final", located.located_by_item_district),
    Rule("located-by-park-name", "final", names.located_by_park_name),
    Rule("located-by-governing-body", "final", names.located_by_governing_body),
    Rule("located-by-body-name", "final", bodies.located_by_body_name),
    Rule("located-by-company-name", "final", names.located_by_company_name),
    Rule("develops-by-name", "final", names.develops_by_name),
    Rule("develops-by-place-in-name", "final", names.develops_by_place_in_name),
    Rule("located-by-place-name", "final", names.located_by_place_name),
    Rule("framed-in-section-heading", "final", framing.framed_in_section_heading),
    Rule("framed-in-subject-park", "final", framing.framed_in_subject_park),
    Rule("framed-village-in-county", "final", framing.framed_village_in_county),
    Rule("framed-in-subject-district", "final", framing.framed_in_subject_district),
    Rule("framed-below-named-place", "final", framing.framed_below_named_place),
)


def relations(doc: Document, per_sentence: list[list[Span]], entities: dict[str, Entity],
              present: set[str], inner: list[Span] = (), subject: str | None = FIND) -> list[Relation]:
    """The relations the rules read in one document, in the order the rules found them.

    Args:
        per_sentence: the names kept in each sentence (offsets into ``doc.text``).
        entities: the document's entities by key.
        present: the division codes written anywhere in the text, even inside other names.
        inner: names written only at the start of a longer name (only the name rules read them).
        subject: the code of the article's district (or None), where the caller has found it; else found here.
    """
    ctx = DocContext(doc, per_sentence, entities, present, inner, subject)
    # (each loop sets ctx.rule, the name under which the rule running records what it finds)
    document, sentence, segment, final = ([(r.name, r.run) for r in RULES if r.scope == scope] for scope in SCOPES)
    for ctx.rule, run in document:
        run(ctx)
    for spans in per_sentence:
        if not ctx.read_sentence(spans):
            continue
        for ctx.rule, run in sentence:
            run(ctx, spans)
        for seg in ctx.segments(spans):
            for ctx.rule, run in segment:
                run(ctx, seg)
    for ctx.rule, run in final:
        run(ctx)
    return ctx.out

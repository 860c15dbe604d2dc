"""One exception root; the CLI turns every KGError into ``Error: ...`` in one place."""
from __future__ import annotations


class KGError(Exception):
    """Root of every error kg raises on purpose (bad input, bad query, broken output)."""


class CorpusError(KGError):
    """The corpus could not be read (no documents, unreadable paths)."""


class OntologyError(KGError):
    """The packaged ontology or a graph does not fit the vocabulary."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown or cannot run."""


class ExportError(KGError):
    """An output could not be written, or a built graph could not be opened."""

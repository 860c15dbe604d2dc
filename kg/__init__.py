"""kg: knowledge graphs of Chinese regional-development news.

Importing kg does no work: jieba, pyvis and the stores load when first used.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import CorpusError, ExportError, KGError, OntologyError, QueryError  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402


def build(paths, out, settings: Settings | None = None) -> dict:
    """Build the graph of ``paths`` into the folder ``out`` (see kg.pipeline.build)."""
    from .pipeline import build as _build

    return _build(paths, out, settings or Settings())


__all__ = ["__version__", "build", "Settings", "load_settings", "KGError", "CorpusError",
           "ExportError", "OntologyError", "QueryError"]

"""Configuration declared once: every default here; CLI flags and an optional kg.toml override it."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError


@dataclass(frozen=True)
class Settings:
    """Build settings. ``kg.toml`` in the working directory may set any field under ``[build]``."""

    min_confidence: float = 0.5        # relations below this are left out of the graph
    jobs: int = 0                      # extraction processes; 0: one per core (fewer for little work)
    cache: bool = True                 # reuse extractions of unchanged documents
    viz_max_nodes: int = 10_000        # above this the whole-graph view keeps the best-connected nodes
    viz_static_over: int = 300         # above this many nodes the view uses a precomputed layout, physics off
    validate: bool = True              # run SHACL validation at the end of a build
    max_file_mb: float = 64.0          # larger files are skipped with a reason
    max_text_chars: int = 1_000_000    # documents with more text are skipped (not an article; slow to extract)

    def replace(self, **changes) -> "Settings":
        """A copy with the non-None ``changes`` applied."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Defaults overridden by ``[build]`` of kg.toml (``path`` or ./kg.toml when it exists)."""
    file = Path(path) if path else Path("kg.toml")
    if not file.exists():
        if path:
            raise KGError(f"{file}: no such settings file")
        return Settings()
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8")).get("build", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KGError(f"{file}: not valid TOML ({exc}); fix the file or remove it") from exc
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise KGError(f"{file}: unknown setting(s) {', '.join(unknown)} under [build]; "
                      f"valid: {', '.join(sorted(known))}")
    return Settings(**table)

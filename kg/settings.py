"""Configuration declared once: every default here; CLI flags and an optional kg.toml override it.

Each field declares what it allows (type and range) in its metadata; ``load_settings``
checks every value of kg.toml against it when the file is read, before any work, and
``Settings`` checks values made in code the same way.
"""
from __future__ import annotations

import dataclasses
import datetime
import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError


@dataclass(frozen=True)
class Allowed:
    """What a setting may be: a TOML boolean, a whole number or a number, within a range."""

    kind: type                  # bool, int or float (an int is also a float)
    low: float | None = None    # smallest value allowed
    high: float | None = None   # largest value allowed
    above: bool = False         # ``low`` itself is not allowed
    note: str = ""              # what the value means, shown after the range

    def allows(self, value) -> bool:
        if self.kind is bool or isinstance(value, bool):
            return self.kind is bool and isinstance(value, bool)
        if not isinstance(value, int) and not (self.kind is float and isinstance(value, float)):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        low_ok = self.low is None or (value > self.low if self.above else value >= self.low)
        return low_ok and (self.high is None or value <= self.high)

    @property
    def expected(self) -> str:
        if self.kind is bool:
            text = "true or false"
        else:
            text = "a whole number" if self.kind is int else "a number"
            if self.low is not None and self.high is not None:
                text += f" from {self.low:g} to {self.high:g}"
            elif self.low is not None:
                text += f" {'>' if self.above else '≥'} {self.low:g}"
        return text + (f" ({self.note})" if self.note else "")


def _setting(default, allowed: Allowed):
    return dataclasses.field(default=default, metadata={"allowed": allowed})


@dataclass(frozen=True)
class Settings:
    """Build settings. ``kg.toml`` in the working directory may set any field under ``[build]``."""

    # relations below this are left out of the graph
    min_confidence: float = _setting(0.5, Allowed(float, 0, 1))
    # extraction processes; 0: one per core (fewer for little work)
    jobs: int = _setting(0, Allowed(int, 0, note="0: one per core"))
    # reuse extractions of unchanged documents
    cache: bool = _setting(True, Allowed(bool))
    # above this the whole-graph view keeps the best-connected nodes
    viz_max_nodes: int = _setting(10_000, Allowed(int, 1))
    # above this many nodes the view uses a precomputed layout, physics off
    viz_static_over: int = _setting(300, Allowed(int, 0, note="0: always the precomputed layout"))
    # above this many nodes the view opens on the overview (places, their contents folded in)
    viz_overview_over: int = _setting(300, Allowed(int, 0, note="0: always the overview"))
    # run SHACL validation at the end of a build
    validate: bool = _setting(True, Allowed(bool))
    # larger files are skipped with a reason
    max_file_mb: float = _setting(64.0, Allowed(float, 0, above=True, note="megabytes"))
    # documents with more text are skipped (not an article; slow to extract)
    max_text_chars: int = _setting(1_000_000, Allowed(int, 1, note="characters"))

    def __post_init__(self):
        for f in dataclasses.fields(self):
            problem = _problem(f, getattr(self, f.name))
            if problem:
                raise KGError(f"setting {problem}")

    def replace(self, **changes) -> "Settings":
        """A copy with the non-None ``changes`` applied."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


def _toml(value, width: int = 40) -> str:
    """``value`` written as in TOML, cut short after ``width`` characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    elif isinstance(value, list):
        text = "[" + ", ".join(_toml(v, width) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{ " + ", ".join(f"{k} = {_toml(v, width)}" for k, v in value.items()) + " }" if value else "{}"
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _problem(field: dataclasses.Field, value) -> str | None:
    """``key = value is not allowed: expected ...`` when ``value`` does not fit ``field``; else None."""
    allowed: Allowed = field.metadata["allowed"]
    if allowed.allows(value):
        return None
    return f"{field.name} = {_toml(value)} is not allowed: expected {allowed.expected}"


def _read_toml(file: Path) -> dict:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise KGError(f"{file}: cannot read the settings file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KGError(f"{file}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                      "save it as UTF-8") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KGError(f"{file}: not valid TOML ({exc}); fix the file or remove it") from exc


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Defaults overridden by ``[build]`` of kg.toml (``path`` or ./kg.toml when it exists).

    Raises:
        KGError: the file is missing (when ``path`` is given), unreadable or not TOML, or a key
            or value is not one kg allows (the error names the file, key, value and what is allowed).
    """
    file = Path(path) if path else Path("kg.toml")
    if not file.exists() and not file.is_symlink():      # a dangling or looping link is an error, not "no file"
        if path:
            raise KGError(f"{file}: no such settings file")
        return Settings()
    document = _read_toml(file)
    for key in document:
        if key != "build":
            raise KGError(f"{file}: unknown table or key {key}; kg reads only [build]")
    table = document.get("build", {})
    if not isinstance(table, dict):
        raise KGError(f"{file}: build = {_toml(table)} is not allowed: "
                      "expected a table of settings ([build] on a line of its own)")
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise KGError(f"{file}: unknown setting(s) {', '.join(unknown)} under [build]; "
                      f"valid: {', '.join(sorted(fields))}")
    for key, value in table.items():
        problem = _problem(fields[key], value)
        if problem:
            raise KGError(f"{file}: [build] {problem}")
    return Settings(**{k: float(v) if fields[k].metadata["allowed"].kind is float else v
                       for k, v in table.items()})

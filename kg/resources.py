"""The one accessor for packaged data: ontology, lexicons, division table, queries, viz assets.

Everything is read through importlib.resources, never relative to the working
directory, and cached so that a build reads each file once.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path
from importlib import resources

from .errors import OntologyError


def _root():
    return resources.files("kg")


@functools.cache
def read_text(*parts: str) -> str:
    """Text of a packaged file, e.g. ``read_text("data", "park_suffixes.txt")``; ``.gz`` is inflated."""
    node = _root().joinpath(*parts)
    try:
        raw = node.read_bytes()
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise OntologyError(f"packaged file kg/{'/'.join(parts)} is missing: reinstall kg") from exc
    if parts[-1].endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


@functools.cache
def lexicon(name: str) -> tuple[str, ...]:
    """Lines of ``kg/data/<name>.txt`` without blanks and ``#`` comments, in file order."""
    lines = (line.strip() for line in read_text("data", f"{name}.txt").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def ontology_text(name: str = "kg.ttl") -> str:
    """Turtle of the packaged ontology (``kg.ttl``) or SHACL shapes (``shapes.ttl``)."""
    return read_text("ontology", name)


def names(folder: str, suffix: str) -> tuple[str, ...]:
    """Sorted file names (without suffix) in a packaged folder (``a/b`` for a subfolder), e.g. the named queries."""
    node = _root().joinpath(*folder.split("/"))
    return tuple(sorted(p.name[: -len(suffix)] for p in node.iterdir() if p.name.endswith(suffix)))


@functools.cache
def vis_network_js() -> str:
    """vis-network's JavaScript as pyvis ships it (pyvis is kg's source of the view's library:
    inlined into the page, never fetched from a CDN)."""
    node = resources.files("pyvis").joinpath("lib", "vis-9.1.2", "vis-network.min.js")
    try:
        return node.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError as exc:
        raise OntologyError("pyvis's vis-network.min.js is missing: reinstall kg (pip install -e .)") from exc


def tree_digest(root: Path, parts: tuple[str, ...] = ()) -> str:
    """sha256 over the files under ``root`` (only its entries ``parts`` when given): each file's
    path and content, in sorted order; compiled files (__pycache__) are left out."""
    digest = hashlib.sha256()
    tops = [root / part for part in parts] if parts else [root]
    files = sorted(p for top in tops for p in ([top] if top.is_file() else top.rglob("*"))
                   if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def code_digest(*parts: str) -> str:
    """A hash of kg's own files (code, rules, data …) under ``parts`` of the package (all of it when
    none): what is keyed by it is redone when kg changes there, with no version to bump by hand."""
    return tree_digest(Path(__file__).resolve().parent, parts)

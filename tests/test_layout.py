"""The code's layout as the issue of named rules asked for it: no private name crosses a module."""
from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"


def private_imports(source: str) -> list[str]:
    """Names starting with one underscore imported by ``from X import ...`` (dunders are public)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found += [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_the_check_finds_private_imports():
    assert private_imports("from .store import _from_ox, to_ox\nfrom . import __version__\n") == ["_from_ox"]
    assert private_imports("import os\nfrom .x import y as _y\n") == []


def test_no_private_name_is_imported_across_kg_modules():
    offenders = {str(p.relative_to(KG)): names for p in sorted(KG.rglob("*.py"))
                 if (names := private_imports(p.read_text(encoding="utf-8")))}
    assert offenders == {}

"""The word classes have one home: kg/extract/words.py, loaded from kg/data.

- no string of kg/extract's code spells a Chinese word (docstrings and comments may);
- every file of kg/data is read, every section of a sectioned file is a class of words.py, and every
  class is read by the extractor and says in its comment which modules read it;
- no class is another under a second name, no class holds a word twice;
- the regex parts built from a class keep its order and escape its words;
- regexes are compiled once, at import, not in the functions that run per sentence.
"""
from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

import kg.extract  # noqa: F401  (every module of the extractor, loaded: what it reads is in LOADED)
from kg.errors import OntologyError
from kg.extract import words
from kg.extract.words import alt, any_word, chars

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "kg" / "extract"
DATA = ROOT / "kg" / "data"

# Single characters a string of kg/extract may hold though they are ideographs, each with its reason.
# (Full-width punctuation, 、，。；：（）“” …, is no ideograph: it is the structure of a sentence, not a word.)
ALLOWED: dict[str, str] = {}


def ideograph(ch: str) -> bool:
    """A CJK ideograph (unified or compatibility), or 〇, the ideographic zero."""
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")) \
        or name == "IDEOGRAPHIC NUMBER ZERO"


def spelled_words(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each string literal of ``source`` outside docstrings that holds an ideograph
    (one not in ALLOWED); f-strings count as a whole."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                skip.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not (isinstance(node, ast.JoinedStr)
                                    or (isinstance(node, ast.Constant) and isinstance(node.value, str))):
            continue
        text = ast.get_source_segment(source, node) or ""
        if any(ideograph(ch) and ch not in ALLOWED for ch in text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("source, found", [
    ('RULE = "产业"\n', 1),
    ('RX = re.compile(r"(位于|地处)")\n', 1),
    ('RX = re.compile(f"{alt(INTO)}的")\n', 1),
    ('def f():\n    """培育产业: a docstring may show Chinese."""\n    return "、"  # 产业 in a comment\n', 0),
    ('HAN = r"[\\u4e00-\\u9fff]"\n', 0),
    ('X = "〇"\n', 1),
])
def test_the_check_finds_spelled_words(source, found):
    """The check itself: a word in a string or an f-string is found; docstrings, comments, punctuation and
    escapes are not."""
    assert len(spelled_words(source)) == found


def test_no_word_is_spelled_in_the_extractor():
    """Every word of kg/extract comes from kg/extract/words.py (a class of kg/data), none from a literal."""
    spelled = [f"{path.relative_to(ROOT)}:{line}: {text[:60]}"
               for path in sorted(EXTRACT.rglob("*.py")) for line, text in spelled_words(path.read_text())]
    assert not spelled, "words spelled in the code (put them in a class of kg/data, read through words.py):\n" + \
        "\n".join(spelled)


def test_allowlist_holds_single_characters_with_reasons():
    assert all(len(ch) == 1 and reason for ch, reason in ALLOWED.items())


# ---------------------------------------------------------------- the classes and their files

def declared() -> dict[tuple[str, str | None], str]:
    """(file, section) -> the name of the constant of words.py loaded from it."""
    tree = ast.parse((EXTRACT / "words.py").read_text())
    out = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        for call in ast.walk(node.value):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                    and call.func.id in ("_words", "_set", "_word", "_table"):
                args = [a.value for a in call.args]
                out[(args[0], args[1] if len(args) > 1 else None)] = node.targets[0].id
    return out


def sections(path: Path) -> list[str]:
    return re.findall(r"^\[(\w+)\]$", path.read_text(), re.M)


def test_every_data_file_is_read():
    """Each word list of kg/data is loaded by words.py (all its sections), each table by the module that
    reads it (kg/data/cluster_heads.txt was read by nothing once)."""
    loaded = {file for file, _ in words.LOADED}
    readers = "\n".join(p.read_text() for p in (ROOT / "kg").rglob("*.py"))
    unread = []
    for path in sorted(DATA.iterdir()):
        if path.suffix == ".txt":
            if path.stem not in loaded:
                unread.append(path.name)
            else:
                unread += [f"{path.name} [{s}]" for s in sections(path) if (path.stem, s) not in words.LOADED]
        elif f'read_text("data", "{path.name}")' not in readers:
            unread.append(path.name)
    assert not unread, f"read by nothing: {unread}"


def test_every_section_is_a_constant_of_its_name():
    classes = declared()
    for path in sorted(DATA.glob("*.txt")):
        names = sections(path)
        if not names:
            assert (path.stem, None) in classes, path.name
        for name in names:
            assert classes.get((path.stem, name)) == name, \
                f"{path.name} [{name}]: no words.{name} = _words({path.stem!r}, {name!r})"


def users(name: str) -> list[str]:
    """The modules of kg/extract (paths under it) whose code reads ``words.<name>``."""
    out = []
    for path in sorted(EXTRACT.rglob("*.py")):
        if path.name == "words.py":
            continue
        code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
        if re.search(rf"(?<![\w.]){name}\b", code):
            out.append(path.relative_to(EXTRACT).as_posix())
    return out


def named_modules(text: str) -> set[str]:
    return set(re.findall(r"((?:names/|relations/)?[a-z_]+\.py|names/|relations/)", text))


def test_every_class_is_read_and_says_by_whom():
    """Each class is read by a module of the extractor, and its comment (or its file's header) names every
    module that reads it (names/ or relations/ stands for any module of that folder)."""
    stale = []
    for (file, section), name in sorted(declared().items(), key=lambda kv: kv[1]):
        text = (DATA / f"{file}.txt").read_text()
        head = text[: text.find("\n[")] if section else text
        comment = re.search(rf"^\[{section}\]\n((?:#.*\n)*)", text, re.M).group(1) if section else ""
        named = named_modules(head + comment)
        readers = users(name)
        if not readers:
            stale.append(f"{name}: read by nothing")
        missing = [m for m in readers if m not in named and not any(n.endswith("/") and m.startswith(n) for n in named)]
        if missing:
            stale.append(f"{name} ({file}.txt): its comment does not name {missing}")
    assert not stale, "\n".join(stale)


def classes() -> dict[str, tuple[str, ...] | frozenset[str] | str]:
    return {name: getattr(words, name) for name in declared().values()
            if isinstance(getattr(words, name), (tuple, frozenset, str))}


def test_no_class_is_another_under_a_second_name():
    """The same list under two names is one class (a word in several classes is fine: a class is a role)."""
    seen: dict[object, str] = {}
    twice = []
    for name, cls in classes().items():
        key = cls if isinstance(cls, (tuple, str)) else tuple(sorted(cls))
        if isinstance(cls, tuple) and cls and isinstance(cls[0], tuple):
            continue  # (a table)
        if key in seen:
            twice.append((seen[key], name))
        seen[key] = name
    assert not twice


def test_no_class_holds_a_word_twice():
    doubled = {}
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text()
        for name, body in re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S) or [(path.stem, text)]:
            lines = [line.split("\t")[0] for line in body.splitlines() if line.strip() and not line.startswith("#")]
            if len(lines) != len(set(lines)):
                doubled[f"{path.name} [{name}]"] = sorted({w for w in lines if lines.count(w) > 1})
    assert not doubled


@pytest.mark.parametrize("lines, message", [
    (("词",), "kg/data/x.txt: '词' stands before any [SECTION] line"),
    (("[A]", "词", "[A]", "字"), "kg/data/x.txt: section [A] is written twice: merge them"),
])
def test_a_malformed_data_file_says_where(monkeypatch, lines, message):
    monkeypatch.setattr(words, "lexicon", lambda file: lines)
    monkeypatch.setattr(words, "_SECTIONS", {})
    with pytest.raises(OntologyError) as err:
        words._sections("x")
    assert str(err.value) == message


def test_a_class_of_one_word_holds_one(monkeypatch):
    monkeypatch.setattr(words, "lexicon", lambda file: ("[ONE]", "甲", "乙", "[NONE]"))
    monkeypatch.setattr(words, "_SECTIONS", {})
    monkeypatch.setattr(words, "LOADED", set())
    with pytest.raises(OntologyError, match=r"section \[ONE\] must hold one word, not 2"):
        words._word("x", "ONE")
    with pytest.raises(OntologyError, match=r"section \[NONE\] holds no word"):
        words._words("x", "NONE")
    with pytest.raises(OntologyError, match=r"has no section \[GONE\]: reinstall kg"):
        words._words("x", "GONE")


# ---------------------------------------------------------------- regex parts

@pytest.mark.parametrize("classes, expected", [
    ((("甲", "乙"), "丙"), "(?:甲|乙|丙)"),
    ((("乙", "甲"),), "(?:乙|甲)"),                   # the class's order, not sorted
    ((("a.b", "(c)"),), r"(?:a\.b|\(c\))"),           # words escaped
    (("丙",), "(?:丙)"),
])
def test_alt_keeps_the_order_and_escapes(classes, expected):
    assert alt(*classes) == expected


def test_alt_refuses_an_unordered_class():
    with pytest.raises(TypeError, match="in order"):
        alt(frozenset({"甲", "乙"}))


def test_chars_takes_single_characters():
    assert chars(("甲", "-"), "乙") == r"甲\-乙"
    with pytest.raises(ValueError, match="single characters"):
        chars(("甲乙",))


def test_any_word_is_longest_first_whatever_the_hash_seed():
    """A set's order changes with PYTHONHASHSEED; the pattern built from it must not."""
    assert any_word(frozenset({"乙", "甲乙", "丙"})) == "甲乙|丙|乙"
    code = "from kg.extract import words; print(words.any_word(words.GROW_VERBS | words.CLUSTER_TERMS))"
    out = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(out) == 1


@pytest.mark.parametrize("pattern, cls", [
    ("kg.extract.relations.clauses.HOSTS", "HOST_VERBS"),
    ("kg.extract.relations.clauses.BUILDS", "BUILD_VERBS"),
    ("kg.extract.relations.located.INTO", "INTO_VERBS"),
    ("kg.extract.relations.develops.CULTIVATE", "CULTIVATION_VERBS"),
    ("kg.extract.names.enumerations._HEAD_WORD", "LIST_PARK_HEADS"),
    ("kg.extract.entities.INDUSTRY_TAIL", "CLUSTER_HEADS"),
])
def test_a_regex_holds_its_class_in_order(pattern, cls):
    """The regex is built from its class: every word, in the class's order."""
    module, _, name = pattern.rpartition(".")
    rx = getattr(importlib.import_module(module), name)
    assert "|".join(map(re.escape, getattr(words, cls))) in rx.pattern


# ---------------------------------------------------------------- compiled once

def test_no_regex_is_compiled_in_a_function():
    """Regexes are compiled once, at import (or in a cached builder): none is spelled inside a function."""
    inline = []
    for path in sorted(EXTRACT.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            cached = any("cache" in ast.unparse(d) for d in func.decorator_list)
            for call in ast.walk(func):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                        and isinstance(call.func.value, ast.Name) and call.func.value.id == "re" \
                        and call.func.attr != "escape" and not cached:
                    inline.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)[:60]}")
    assert not inline, "\n".join(inline)


def test_importing_kg_loads_no_word_class():
    code = "import sys, kg; assert 'kg.extract.words' not in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


# ---------------------------------------------------------------- shipped

def test_wheel_ships_every_module_and_word_list(tmp_path):
    """The wheel holds every module of kg (its subpackages are found, not listed: kg.extract.relations
    was once left out) and every file of kg/data."""
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("kg-*.whl"))).namelist())
    wanted = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*.py") if "__pycache__" not in p.parts}
    wanted |= {p.relative_to(ROOT).as_posix() for p in DATA.iterdir()}
    assert not wanted - names, sorted(wanted - names)

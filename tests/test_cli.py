"""The CLI as users type it: help of every command, exit codes, exact error texts."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ARTICLE = """---
title: "青禾县：加快建设云溪智造产业园"
date: 2024-03-01 08:00:00 +0800
---
青禾县将加快云溪智造产业园建设，重点培育智能装备、新能源2个产业集群。
"""


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def test_top_level_help_lists_every_command():
    res = run("--help")
    assert res.exit_code == 0
    for name in ("build", "query", "viz"):
        assert name in res.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    res = run(command, "--help")
    assert res.exit_code == 0
    assert "Example" in res.output


def test_python_dash_m_kg_works():
    out = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("kg, version")


def test_the_wheel_declares_an_spdx_licence_without_a_deprecation_warning(tmp_path):
    """PEP 639: ``license = "MIT"`` (setuptools >= 77), not the table setuptools warns about at every build."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(tmp_path), str(root)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "deprecated" not in out.stderr.lower(), out.stderr
    wheel = zipfile.ZipFile(next(tmp_path.glob("kg-*.whl")))
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT\n" in metadata
    assert "\nLicense:" not in metadata
    assert "License-File: LICENSE\n" in metadata       # the licence's text ships in the wheel
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel.namelist())


def test_build_missing_corpus_is_a_runtime_error(tmp_path):
    res = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert res.output.strip().endswith(f"Error: {tmp_path / 'nope'}: no such file or folder")
    assert not (tmp_path / "out").exists()


def test_build_without_any_readable_document(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(cli, ["build", str(tmp_path / "c"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "Error: no document could be read from" in res.output
    assert "empty.txt: empty file" in res.output
    assert "Traceback" not in res.output


def test_build_requires_out():
    res = CliRunner().invoke(cli, ["build", "corpus"])
    assert res.exit_code == 2
    assert "Missing option '-o'" in res.output


def test_build_happy_path_writes_every_output(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    for name in ("graph.ttl", "graph.graphml", "graph.html", "report.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["documents_read"] == 1
    assert report["counts"]["entities_by_type"].get("Park", 0) >= 1
    assert "graph.html" in res.output  # says where the view is


def test_query_needs_a_query():
    res = CliRunner().invoke(cli, ["query", "--graph", "out"])
    assert res.exit_code == 2


def test_out_inside_the_corpus_is_not_read_back(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE, encoding="utf-8")
    for _ in range(2):
        res = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(corpus / "out")])
        assert res.exit_code == 0, res.output
    report = json.loads((corpus / "out" / "report.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == ["a.md"]
    assert report["skipped"] == []

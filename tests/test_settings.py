"""kg.toml as users write it, wrong types included: refused when read, before any work, with the key and value."""
from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError
from kg.settings import Settings, load_settings

ARTICLE = """---
title: "青禾县：加快建设云溪智造产业园"
date: 2024-03-01 08:00:00 +0800
---
青禾县将加快云溪智造产业园建设，重点培育智能装备、新能源2个产业集群。
"""

EXPECTED = {
    "min_confidence": "a number from 0 to 1",
    "jobs": "a whole number ≥ 0 (0: one per core)",
    "cache": "true or false",
    "viz_max_nodes": "a whole number ≥ 1",
    "viz_static_over": "a whole number ≥ 0 (0: always the precomputed layout)",
    "viz_overview_over": "a whole number ≥ 0 (0: always the overview)",
    "validate": "true or false",
    "max_file_mb": "a number > 0 (megabytes)",
    "max_text_chars": "a whole number ≥ 1 (characters)",
}

# (key, value as written in kg.toml, value as the error shows it)
BAD = [
    ("min_confidence", '"high"', '"high"'),
    ("min_confidence", "5", "5"),
    ("min_confidence", "-0.1", "-0.1"),
    ("min_confidence", "1.5", "1.5"),
    ("min_confidence", "true", "true"),
    ("min_confidence", "nan", "nan"),
    ("jobs", '"two"', '"two"'),
    ("jobs", "-1", "-1"),
    ("jobs", "1.5", "1.5"),
    ("jobs", "2.0", "2.0"),
    ("jobs", "true", "true"),
    ("jobs", "[1, 2]", "[1, 2]"),
    ("cache", '"no"', '"no"'),
    ("cache", "0", "0"),
    ("viz_max_nodes", "0", "0"),
    ("viz_max_nodes", '"many"', '"many"'),
    ("viz_max_nodes", "2.5", "2.5"),
    ("viz_static_over", "-1", "-1"),
    ("viz_static_over", "false", "false"),
    ("viz_overview_over", "-1", "-1"),
    ("validate", '"no"', '"no"'),
    ("validate", '"false"', '"false"'),
    ("validate", "1", "1"),
    ("max_file_mb", "0", "0"),
    ("max_file_mb", "-1.5", "-1.5"),
    ("max_file_mb", '"64"', '"64"'),
    ("max_file_mb", "inf", "inf"),
    ("max_file_mb", "true", "true"),
    ("max_file_mb", "1979-05-27", "1979-05-27"),
    ("max_text_chars", "0", "0"),
    ("max_text_chars", "1e6", "1000000.0"),
    ("max_text_chars", "{ a = 1 }", "{ a = 1 }"),
]


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A folder with a readable corpus, the working directory of the test."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*extra):
    return CliRunner().invoke(cli, ["build", "c", "-o", "out", *extra])


def test_every_field_declares_what_it_allows():
    assert {f.name: f.metadata["allowed"].expected for f in dataclasses.fields(Settings)} == EXPECTED


@pytest.mark.parametrize("key, written, shown", BAD)
def test_a_bad_value_stops_the_build_before_any_work(project, key, written, shown):
    (project / "kg.toml").write_text(f"[build]\n{key} = {written}\n", encoding="utf-8")
    res = build()
    assert res.exit_code == 1, res.output
    assert res.output == f"Error: kg.toml: [build] {key} = {shown} is not allowed: expected {EXPECTED[key]}\n"
    assert not (project / "out").exists()
    assert sorted(p.name for p in project.iterdir()) == ["c", "kg.toml"]


def test_the_example_of_the_issue(project):
    (project / "kg.toml").write_text('[build]\njobs = "two"\n', encoding="utf-8")
    assert build().output == ('Error: kg.toml: [build] jobs = "two" is not allowed: '
                              'expected a whole number ≥ 0 (0: one per core)\n')


def test_a_long_value_is_cut_short(project):
    (project / "kg.toml").write_text(f'[build]\njobs = "{"x" * 500}"\n', encoding="utf-8")
    res = build()
    assert res.output == (f'Error: kg.toml: [build] jobs = "{"x" * 38}… is not allowed: '
                          'expected a whole number ≥ 0 (0: one per core)\n')


def test_a_config_file_is_named_as_given(project):
    (project / "my.toml").write_text("[build]\nmin_confidence = 5\n", encoding="utf-8")
    res = build("--config", "my.toml")
    assert res.output == "Error: my.toml: [build] min_confidence = 5 is not allowed: expected a number from 0 to 1\n"
    assert not (project / "out").exists()


@pytest.mark.parametrize("text, message", [
    ("build = 3\n", "kg.toml: build = 3 is not allowed: expected a table of settings ([build] on a line of its own)"),
    ('build = "jobs=2"\n', 'kg.toml: build = "jobs=2" is not allowed: '
                           'expected a table of settings ([build] on a line of its own)'),
    ("[biuld]\njobs = 2\n", "kg.toml: unknown table or key biuld; kg reads only [build]"),
    ("jobs = 2\n", "kg.toml: unknown table or key jobs; kg reads only [build]"),
    ("[build]\njbos = 2\n", "kg.toml: unknown setting(s) jbos under [build]; valid: cache, jobs, max_file_mb, "
                            "max_text_chars, min_confidence, validate, viz_max_nodes, viz_overview_over, "
                            "viz_static_over"),
    ("[build.jobs]\n", "kg.toml: [build] jobs = {} is not allowed: expected a whole number ≥ 0 (0: one per core)"),
    ("[build]\njobs = \n", "kg.toml: not valid TOML (Invalid value (at line 2, column 8)); fix the file or remove it"),
    (b"[build]\njobs = 1 # \xff\n", "kg.toml: not UTF-8 (byte 0xff at offset 19); save it as UTF-8"),
])
def test_a_malformed_file_stops_the_build(project, text, message):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (project / "kg.toml").write_bytes(data)
    res = build()
    assert (res.exit_code, res.output) == (1, f"Error: {message}\n")
    assert not (project / "out").exists()


def test_a_settings_folder_or_unreadable_file_is_an_error(project):
    (project / "kg.toml").mkdir()
    res = build()
    assert (res.exit_code, res.output) == (1, "Error: kg.toml: cannot read the settings file: Is a directory\n")


@pytest.mark.parametrize("target, reason", [("nowhere.toml", "No such file or directory"),
                                            ("kg.toml", "Too many levels of symbolic links")])
def test_a_kg_toml_symlink_that_leads_nowhere_is_an_error_not_ignored(project, target, reason):
    (project / "kg.toml").symlink_to(target)
    res = build()
    assert (res.exit_code, res.output) == (1, f"Error: kg.toml: cannot read the settings file: {reason}\n")
    assert not (project / "out").exists()


def test_validate_false_skips_validation_and_good_values_are_used(project):
    (project / "kg.toml").write_text("[build]\nvalidate = false\nmin_confidence = 1\nmax_file_mb = 1\n"
                                     "jobs = 1\n", encoding="utf-8")
    res = build()
    assert res.exit_code == 0, res.output
    report = json.loads((project / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["settings"] == {"min_confidence": 1.0}
    assert "validation" not in report


def test_settings_load_as_their_types(tmp_path):
    (tmp_path / "kg.toml").write_text("[build]\nmin_confidence = 1\nmax_file_mb = 2\n", encoding="utf-8")
    s = load_settings(tmp_path / "kg.toml")
    assert (s.min_confidence, s.max_file_mb) == (1.0, 2.0)
    assert type(s.min_confidence) is float and type(s.max_file_mb) is float


@pytest.mark.parametrize("changes, message", [
    ({"jobs": "two"}, 'setting jobs = "two" is not allowed: expected a whole number ≥ 0 (0: one per core)'),
    ({"max_file_mb": 0}, "setting max_file_mb = 0 is not allowed: expected a number > 0 (megabytes)"),
    ({"validate": "no"}, 'setting validate = "no" is not allowed: expected true or false'),
])
def test_settings_made_in_code_are_checked_too(changes, message):
    with pytest.raises(KGError) as exc:
        Settings(**changes)
    assert str(exc.value) == message
    with pytest.raises(KGError):
        Settings().replace(**changes)

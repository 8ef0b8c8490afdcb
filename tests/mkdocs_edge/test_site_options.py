"""The remit plugin's options are read once (generator.mkdocs_edge.site_config) for both the MkDocs
plugin and ``remit render``: the same values are accepted and the same located errors
come out of both paths, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_project, run_mkdocs, run_remit

from generator.mkdocs_edge.site_config import (
    ConfigError,
    SiteOptions,
    parse_options,
    read_mkdocs_config,
)

BAD_OPTIONS = [
    ("today: 2026-13-45", "mkdocs.yml:9:14: error: plugins.remit.today: '2026-13-45' is not a "
     "date; write it as YYYY-MM-DD (2026-11-26)"),
    ("history: abc", "mkdocs.yml:9:16: error: plugins.remit.history: 'abc' is not a whole "
     "number of 0 or more (default 20)"),
    ("search_assets_max: lots", "mkdocs.yml:9:26: error: plugins.remit.search_assets_max: "
     "'lots' is not a whole number of 0 or more (default 2000)"),
    ("gaps: loud", "mkdocs.yml:9:13: error: plugins.remit.gaps: 'loud' is not one of "
     "warning, info"),
    ("histroy: 3", "mkdocs.yml:9:16: error: plugins.remit.histroy: unknown option 'histroy'; "
     "did you mean 'history'?"),
    ("internal: maybe", "mkdocs.yml:9:17: error: plugins.remit.internal: 'maybe' is not true "
     "or false"),
]


def test_defaults_and_good_values() -> None:
    opts, diags = parse_options({"today": dt.date(2026, 1, 2), "history": "5", "gaps": "info",
                                 "edit_uri": "edit/main/"})
    assert diags == []
    assert opts == SiteOptions(today=dt.date(2026, 1, 2), history=5, gaps="info",
                               edit_uri="edit/main/")
    assert parse_options({}) == (SiteOptions(), [])
    assert parse_options({"today": "2026-02-28"})[0].today == dt.date(2026, 2, 28)


@pytest.mark.parametrize(("line", "expected"), BAD_OPTIONS)
def test_bad_option_same_located_error_in_plugin_and_render(tmp_path: Path, line: str,
                                                             expected: str) -> None:
    config = make_project(tmp_path, options=f"      registry: reg\n      {line}\n")
    assert config.exists()
    render = run_remit("render", "--out", str(tmp_path / "out"), "-f", "mkdocs.yml",
                       cwd=tmp_path)
    assert render.returncode == 1, render.stderr
    assert render.stderr.splitlines()[0] == expected
    assert "Traceback" not in render.stderr
    assert not (tmp_path / "out" / "mkdocs.yml").exists()
    # remit build reads mkdocs.yml the same way before it runs MkDocs
    build = run_remit("build", "-d", str(tmp_path / "site"), cwd=tmp_path)
    assert build.returncode == 1
    assert build.stderr.splitlines()[0] == expected
    assert not (tmp_path / "site").exists()
    if line.startswith("today"):  # MkDocs' own YAML loader fails on the impossible date
        return
    plain = run_mkdocs("build", "-f", "mkdocs.yml", "-d", str(tmp_path / "site"), cwd=tmp_path)
    assert plain.returncode != 0
    assert "Traceback" not in plain.stderr
    assert expected in plain.stderr, plain.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_mkdocs_yml_syntax_error_is_located(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    config.write_text(config.read_text() + "  - [unclosed\n")
    with pytest.raises(ConfigError) as exc:
        read_mkdocs_config(config)
    (d,) = exc.value.diagnostics
    assert (d.line, d.col, d.code) == (11, 1, "bad-config")
    proc = run_remit("render", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith("mkdocs.yml:11:1: error: YAML syntax error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n"])
def test_mkdocs_yml_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    proc = run_remit("render", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith("mkdocs.yml:1:1: error: mkdocs.yml must be a mapping")


def test_render_today_must_be_a_date(tmp_path: Path) -> None:
    make_project(tmp_path)
    proc = run_remit("render", "--out", "out", "--today", "notadate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "'notadate' is not a date like 2026-01-01" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_render_honours_the_edit_uri_option(tmp_path: Path) -> None:
    config = make_project(tmp_path, options="      registry: reg\n      edit_uri: src/trunk/\n")
    config.write_text("repo_url: https://git.example.org/park/dir\n" + config.read_text())
    proc = run_remit("render", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "docs" / "assets" / "r.md").read_text(encoding="utf-8")
    assert "https://git.example.org/park/dir/src/trunk/reg/departments.yaml#L" in page

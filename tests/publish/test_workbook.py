"""remit export --format xlsx: the workbook a spreadsheet program opens, read back with
openpyxl (a real reader of the format), and the same bytes for the same registry."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import run_remit_bytes

from generator.directory import Directory
from generator.load.registry import load
from generator.publish.workbook import join_list, split_list, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    reg, diags = load(EXAMPLE)
    assert not [x for x in diags if x.severity == "error"]
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(Directory(reg))))


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_in_the_registry_language(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["说明", "部门", "联系人", "事项", "资产", "移交", "职责分工"]
    assert [c.value for c in book["联系人"][1]][:6] == ["部门编号", "部门名称", "序号", "岗位",
                                                    "姓名", "电话"]
    readme = [r[0] for r in book["说明"].iter_rows(values_only=True) if r[0]]
    assert readme[0] == "综保区责任名录：名录工作簿"
    assert any("remit import" in x for x in readme)
    assert any("lamps" in x or "asset_sources" in x for x in readme)
    counts = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r[1] is not None}
    assert counts["联系人"] == book["联系人"].max_row - 1


def test_names_beside_ids_and_words_for_states(book: openpyxl.Workbook) -> None:
    # one row per handover: road D3's road body (accepted) and its lighting (in progress)
    rows = [r for r in _rows(book["移交"]) if r["资产编号"] == "road-d3"]
    assert [(r["序号"], r["状态"], r["移交职责"]) for r in rows] == [
        (1, "已移交", "maintenance；cleaning"), (2, "移交中", "lighting；energy-bill")]
    d3 = rows[1]
    assert d3["资产名称"] == "综保区 D3 路"
    assert (d3["移交方"], d3["移交方名称"]) == ("construction-investment",
                                            "明湖新区建设投资有限公司")
    assert (d3["接收方"], d3["接收方名称"]) == ("municipal-roads", "市政管理处")
    assert d3["移交职责名称"] == "照明；电费缴纳"
    assert d3["起始日期"] == dt.datetime(2024, 1, 10)
    sc = next(r for r in _rows(book["部门"]) if r["编号"] == "service-centre")
    assert sc["别名"] == "服务中心；企服中心；一站式服务窗口"
    assert (sc["上级单位"], sc["上级单位名称"], sc["类别"], sc["类别名称"]) == (
        "zone-committee", "明湖综合保税区管理委员会", "service-centre", "服务中心")


def test_public_contacts_only_numbered_by_their_place(book: openpyxl.Workbook) -> None:
    rows = [r for r in _rows(book["联系人"]) if r["部门编号"] == "service-centre"]
    # the internal night line (3) is left out; the numbers stay those of the registry
    assert [(r["序号"], r["岗位"]) for r in rows] == [(1, "诉求受理"),
                                                  (2, "企业服务专员（重点企业）"),
                                                  (4, "水电气紧急报修热线")]
    everything = [str(v) for r in book["联系人"].iter_rows(values_only=True) for v in r]
    assert not any("0851-0000-0901" in v or "内部" in v for v in everything)


def test_phones_are_text_cells(book: openpyxl.Workbook) -> None:
    ws = book["联系人"]
    col = [c.value for c in ws[1]].index("电话") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    phones = [c for c in cells if c.value is not None]
    assert phones and all(c.data_type == "s" and c.number_format == "@" for c in phones)
    assert phones[0].value.startswith("0851-")


def test_frozen_headers_filters_and_lists(book: openpyxl.Workbook) -> None:
    for name in book.sheetnames[1:]:
        ws = book[name]
        assert ws.freeze_panes in ("B2", "C2"), name
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}" \
            f"{ws.max_row}", name
        assert all(c.font.bold for c in ws[1]), name
    # a drop-down of the handover states, in words
    lists = [dv.formula1 for dv in book["移交"].data_validations.dataValidation]
    assert '"计划移交,移交中,已移交,有争议"' in lists


def test_assets_from_sources_are_left_to_their_file(book: openpyxl.Workbook) -> None:
    ids = [r["编号"] for r in _rows(book["资产"])]
    assert "road-d3" in ids
    assert not any(str(x).startswith("lamp-") for x in ids)


def test_same_registry_same_bytes(tmp_path: Path) -> None:
    """Twice in two processes (so no state is shared), byte for byte; the zip holds no
    time of writing."""
    a = run_remit_bytes("export", str(EXAMPLE), "--format", "xlsx", "--out", str(tmp_path / "a"))
    b = run_remit_bytes("export", str(EXAMPLE), "--format", "xlsx", "--out", str(tmp_path / "b"))
    assert a.returncode == b.returncode == 0, a.stderr
    one = (tmp_path / "a" / "registry.xlsx").read_bytes()
    assert one == (tmp_path / "b" / "registry.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_english_registry_has_english_titles(tmp_path: Path) -> None:
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "departments.yaml").write_text(
        "site: {title: Park, language: en}\n"
        "departments:\n"
        "  - id: desk\n    name: Service desk\n    aliases: [Desk, Front office]\n"
        "    contacts:\n      - {role: Hotline, phone: \"13800000000\"}\n",
        encoding="utf-8")
    d = Directory(load(reg)[0])
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(d)))
    assert wb.sheetnames == ["README", "Departments", "Contacts", "Matters", "Assets",
                             "Handovers", "Duties"]
    assert [c.value for c in wb["Contacts"][1]][:6] == [
        "Department id", "Department name", "No.", "Role", "Person", "Phone"]
    row = [c.value for c in wb["Contacts"][2]]
    assert row[:6] == ["desk", "Service desk", 1, "Hotline", None, "13800000000"]
    assert wb["Departments"]["C2"].value == "Desk; Front office"


def test_stdout_refuses_a_terminal_but_writes_to_a_pipe() -> None:
    r = run_remit_bytes("export", str(EXAMPLE), "--format", "xlsx")
    assert r.returncode == 0 and r.stdout[:2] == b"PK"
    main, sub = pty.openpty()
    try:
        t = subprocess.run([sys.executable, "-m", "generator", "export", str(EXAMPLE),
                            "--format", "xlsx"], cwd=ROOT, stdout=sub, stderr=subprocess.PIPE,
                           timeout=300)
    finally:
        os.close(sub)
        os.close(main)
    assert t.returncode == 2 and b"is not text; give --out DIR" in t.stderr


@pytest.mark.parametrize("items", [["a"], ["服务中心", "企服中心"], ["x;y", "z"], ["甲；乙", "丙"],
                                   ["one", "two", "three"]])
def test_lists_split_back_into_their_items(items: list[str]) -> None:
    for lang in ("zh", "en"):
        cell = join_list(items, lang)
        assert split_list(cell) == items
        assert ("\n" in cell) == any(";" in x or "；" in x for x in items)

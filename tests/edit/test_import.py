"""remit import: a workbook (or one CSV sheet) written by remit export, edited the way a
person edits it in a spreadsheet program, merged back into a copy of the example registry.

Real files throughout: the real exporter writes the workbook, openpyxl edits it as Excel
would save it, the real command imports it, and the real loader checks the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import run_remit

from generator.directory import Directory
from generator.edit.merge import import_file, write_files
from generator.edit.reading import as_date
from generator.load.registry import load
from generator.publish.workbook import workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture()
def reg(tmp_path: Path) -> Path:
    dest = tmp_path / "directory"
    shutil.copytree(EXAMPLE, dest)
    r = run_remit("check", str(dest))
    assert r.returncode == 0, r.stdout + r.stderr
    return dest


def _export(reg: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    r = run_remit("export", str(reg), "--format", "xlsx", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out / "registry.xlsx"


def _import(book: Path, reg: Path, *more: str) -> tuple[int, str]:
    r = run_remit("import", book.name, "--registry", str(reg), *more, cwd=book.parent)
    return r.returncode, r.stdout + r.stderr


def _handover_row(ws: openpyxl.worksheet.worksheet.Worksheet, asset: str, number: int) -> int:
    """The row of handover ``number`` (序号, from 1) of ``asset`` on the 移交 sheet."""
    hdr = [c.value for c in ws[1]]
    a, n = hdr.index("资产编号"), hdr.index("序号")
    return next(r[0].row for r in ws.iter_rows(min_row=2)
                if r[a].value == asset and r[n].value == number)


def _row_of(ws: openpyxl.worksheet.worksheet.Worksheet, col: int, value: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if row[col - 1].value == value:
            return row[0].row
    raise AssertionError(f"{value} not in column {col} of {ws.title}")


def _diff(before: bytes, after: bytes) -> list[str]:
    return [x for x in difflib.unified_diff(before.decode().splitlines(),
                                            after.decode().splitlines(), lineterm="", n=0)
            if x[:1] in "+-" and not x.startswith(("+++", "---"))]


def test_unchanged_workbook_changes_no_byte(reg: Path, tmp_path: Path) -> None:
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    code, out = _import(book, reg)
    assert code == 0, out
    assert "no changes" in out
    assert _snapshot(reg) == before


def test_unchanged_workbook_saved_again_changes_no_byte(reg: Path, tmp_path: Path) -> None:
    """Opened and saved by a spreadsheet program (here openpyxl): dates come back as
    date-times, numbers as numbers; still nothing changes."""
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    assert _snapshot(reg) == before


def test_new_contact_and_handover_state(reg: Path, tmp_path: Path) -> None:
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    contacts = wb["联系人"]
    header = [c.value for c in contacts[1]]
    assert header[:6] == ["部门编号", "部门名称", "序号", "岗位", "姓名", "电话"]
    # A new contact typed at the end: the department by name, no number, the phone typed
    # as a number (as Excel keeps it when the cell was not text), a date typed 2026/11/2.
    new = dict.fromkeys(header)
    new.update({"部门名称": "企业服务中心", "岗位": "投诉专线", "姓名": "王某",
                "电话": 13800000000, "邮箱": "complaints-line@example.org",
                "核实日期": "2026/11/2"})
    contacts.append([new[h] for h in header])
    handovers = wb["移交"]
    hdr = [c.value for c in handovers[1]]
    assert hdr[:4] == ["资产编号", "资产名称", "序号", "移交方"]
    # road D3's second handover (its lighting; a list item of handovers:)
    r = _handover_row(handovers, "road-d3", 2)
    handovers.cell(row=r, column=hdr.index("状态") + 1, value="已移交")
    wb.save(book)

    code, out = _import(book, reg)
    assert code == 0, out
    assert "联系人: 1 added" in out and "移交: 1 changed" in out
    after = _snapshot(reg)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"departments.yaml", "assets-roads.yaml"}
    assert _diff(before["assets-roads.yaml"], after["assets-roads.yaml"]) == [
        "-        status: in-progress", "+        status: accepted"]
    assert _diff(before["departments.yaml"], after["departments.yaml"]) == [
        "+      - role: 投诉专线",
        "+        name: 王某",
        '+        phone: "13800000000"',
        "+        email: complaints-line@example.org",
        "+        verified: 2026-11-02",
    ]
    # The new contact is the service centre's last one: after its internal duty line,
    # which the workbook never showed and the import kept.
    text = after["departments.yaml"].decode()
    assert text.index("夜间及节假日值班（内部）") < text.index("投诉专线") \
        < text.index("https://service.example.org")
    # Comments of untouched entries are all still there.
    comments = [x for x in before["departments.yaml"].decode().splitlines()
                if x.lstrip().startswith("#")]
    assert all(c in text.splitlines() for c in comments) and len(comments) > 5
    r2 = run_remit("check", str(reg), "--today", "2026-11-28")
    assert "error" not in r2.stdout.split("\n")[-2], r2.stdout


def test_errors_located_at_cells_and_nothing_written(reg: Path, tmp_path: Path) -> None:
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    contacts = wb["联系人"]
    ch = [c.value for c in contacts[1]]
    contacts.cell(row=12, column=ch.index("核实日期") + 1, value="2026-02-30")
    dep12 = contacts.cell(row=12, column=1).value
    handovers = wb["移交"]
    hh = [c.value for c in handovers[1]]
    r = _handover_row(handovers, "road-d3", 2)
    to_col = hh.index("接收方") + 1
    handovers.cell(row=r, column=to_col, value="municipal-road")
    handovers.cell(row=r, column=hh.index("状态") + 1, value="快好了")
    wb.save(book)

    code, out = _import(book, reg)
    assert code == 1
    lines = out.splitlines()
    letter = openpyxl.utils.get_column_letter
    date_col = letter(ch.index("核实日期") + 1)
    dep_contacts = [x for x in contacts.iter_rows(min_row=2, max_row=12, values_only=True)
                    if x[0] == dep12]
    n = dep_contacts[-1][2] - 1  # 序号 counts from 1, the loader's paths from 0
    assert (f"registry.xlsx:联系人!{date_col}12: error: departments[{dep12}].contacts[{n}]"
            ".verified: 2026-02-30 is not a real date (day is out of range for month)"
            ) in lines
    assert (f"registry.xlsx:移交!{letter(to_col)}{r}: error: assets[road-d3].handovers[1].to:"
            " unknown department 'municipal-road' (did you mean 'municipal-roads'?)") in lines
    assert (f"registry.xlsx:移交!{letter(hh.index('状态') + 1)}{r}: error: "
            "assets[road-d3].handovers[1].status: '快好了' is not one of planned, in-progress, "
            "accepted, disputed") in lines
    assert "3 errors" in out and "nothing written" in out
    assert _snapshot(reg) == before


def test_dry_run_writes_nothing(reg: Path, tmp_path: Path) -> None:
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["部门"]
    ws.cell(row=_row_of(ws, 1, "service-centre"), column=2, value="企业服务中心（新）")
    wb.save(book)
    code, out = _import(book, reg, "--dry-run")
    assert code == 0 and "would write" in out and "部门: 1 changed" in out
    assert _snapshot(reg) == before
    code, out = _import(book, reg)
    assert code == 0
    assert _diff(before["departments.yaml"], (reg / "departments.yaml").read_bytes()) == [
        "-    name: 企业服务中心", "+    name: 企业服务中心（新）"]


def test_name_column_edited_picks_the_department(reg: Path, tmp_path: Path) -> None:
    """The id cell left as it was, the name beside it changed: the name says which."""
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["移交"]
    hh = [c.value for c in ws[1]]
    r = _row_of(ws, 1, "road-b2")  # a single handover: (handover:)
    ws.cell(row=r, column=hh.index("过渡期责任单位名称") + 1, value="市政管理处")
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    assert _diff(before["assets-roads.yaml"], (reg / "assets-roads.yaml").read_bytes()) == [
        "-      interim: construction-investment", "+      interim: municipal-roads"]


def test_deleted_contact_row_deletes_the_contact(reg: Path, tmp_path: Path) -> None:
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["联系人"]
    rows = [r[0].row for r in ws.iter_rows(min_row=2)
            if r[0].value == "service-centre" and r[3].value == "企业服务专员（重点企业）"]
    ws.delete_rows(rows[0])
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    gone = _diff(before["departments.yaml"], (reg / "departments.yaml").read_bytes())
    assert sorted(gone) == sorted([
        "-      - role: 企业服务专员（重点企业）", "-        name: 陈某",
        '-        phone: "0851-0000-0002"', "-        email: key-accounts@example.org",
        "-        hours: 工作日 9:00-17:30", "-        verified: 2026-05-12"])


def test_csv_sheet_round_trip_and_source_assets(reg: Path, tmp_path: Path) -> None:
    """One CSV file of one sheet, as remit export --format csv writes it: recognised by
    its header; the lamps of lamps.csv are edited in that file, which the import says."""
    before = _snapshot(reg)
    out = tmp_path / "csv"
    assert run_remit("export", str(reg), "--format", "csv", "--out", str(out)).returncode == 0
    for name in ("departments", "contacts", "matters", "assets", "handovers", "duties"):
        code, msg = _import(out / "csv" / f"{name}.csv", reg)
        assert code == 0, (name, msg)
    assert _snapshot(reg) == before

    path = out / "csv" / "handovers.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    status = rows[0].index("status")
    asset, number = rows[0].index("asset"), rows[0].index("number")
    for row in rows[1:]:
        if (row[asset], row[number]) == ("road-d3", "2"):
            row[status] = "有争议"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode())
    code, msg = _import(path, reg)
    assert code == 0, msg
    assert _diff(before["assets-roads.yaml"], (reg / "assets-roads.yaml").read_bytes()) == [
        "-        status: in-progress", "+        status: disputed"]

    path = out / "csv" / "assets.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    name = rows[0].index("name")
    line = next(i for i, r in enumerate(rows) if r[0] == "lamp-bs1-001")
    rows[line][name] = "改名的灯"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode())
    after = _snapshot(reg)
    code, msg = _import(path, reg)
    assert code == 1
    assert (f"assets.csv:{line + 1}:{name + 1}: error: asset 'lamp-bs1-001' is read from "
            "lamps.csv (asset_sources); edit it there, not in the spreadsheet"
            ) in msg.splitlines()
    assert _snapshot(reg) == after


def test_unknown_sheet_and_bad_file(reg: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out = _import(bad, reg)
    assert code == 1 and "notes.csv:1:1: error: the header row names no sheet" in out
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    code, out = _import(broken, reg)
    assert code == 1 and "broken.xlsx: error: cannot be read as an .xlsx workbook" in out
    assert "Traceback" not in out
    code, out = _import(tmp_path / "missing.xlsx", reg)
    assert code == 2


SMALL = """\
# The park's registry (English).
site: {title: Park, language: en}
departments:
  # the front desk
  - id: desk
    name: Service desk
    aliases: [Desk, Front office]   # what people call it
    contacts:
      - {role: Hotline, phone: "0851-0000-0001", hours: "9:00-17:00"}
      - {role: Night line, phone: "0851-0000-0999", visibility: internal}
  - id: roads
    name: Roads office
assets:
  - id: road-a
    name: Road A
    type: road
    owner: roads
    handover: {from: desk, to: roads, status: planned}
"""


def test_english_flow_style_registry(tmp_path: Path) -> None:
    """English titles, flow-style mappings, comments on the lines: a changed phone and a
    handover state (written by its English word) change those values only."""
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "departments.yaml").write_text(SMALL, encoding="utf-8")
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    assert wb["Contacts"]["F2"].value == "0851-0000-0001"
    wb["Contacts"]["F2"] = "0851-0000-0002"
    hh = [c.value for c in wb["Handovers"][1]]
    wb["Handovers"].cell(row=2, column=hh.index("Status") + 1, value="In progress")
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    assert (reg / "departments.yaml").read_text(encoding="utf-8") == SMALL.replace(
        '"0851-0000-0001"', '"0851-0000-0002"').replace("status: planned",
                                                        "status: in-progress")


#: Text a person (or a paste) may put in a cell: YAML 1.1 look-alikes, YAML syntax, formula
#: starts, quotes, several lines, controls, bidi overrides, spaces around.
HOSTILE = ["yes", "NO", "0123", "12:30", "2024-02-30", "1e3", "~", "null", "a: b", "- x",
           "# not a comment", "[1, 2]", "{a: 1}", "'quoted'", '"double"', "=1+1", "@sum",
           "&anchor", "*alias", "!tag", "| block", "> fold", "%YAML", "`tick`",
           "行一\n行二", "trailing  ", "  leading", "tab\there", "\u202eevil",
           "x" * 250, "混合 text：冒号", "…", "\\back\\slash"]


@pytest.fixture(scope="module")
def example_book() -> bytes:
    reg, _ = load(EXAMPLE)
    return workbook_bytes(Directory(reg))


@pytest.mark.parametrize("value", HOSTILE)
def test_any_cell_text_reads_back_or_is_refused(tmp_path: Path, example_book: bytes,
                                                value: str) -> None:
    """Whatever a cell holds, the import either writes YAML that the loader reads back as
    exactly that text, or refuses it with located errors and writes nothing; never an
    exception. (In process, for speed: the command is exercised above.)"""
    reg = tmp_path / "directory"
    shutil.copytree(EXAMPLE, reg)
    before = _snapshot(reg)
    book = tmp_path / "registry.xlsx"
    book.write_bytes(example_book)
    wb = openpyxl.load_workbook(book)
    ws = wb["联系人"]
    hdr = [c.value for c in ws[1]]
    r = _row_of(ws, 1, "service-centre")
    for title in ("地址", "备注", "姓名"):
        ws.cell(row=r, column=hdr.index(title) + 1, value=value)
    wb.save(book)
    result = import_file(book, reg)
    errors = [x for x in result.problems if x.severity == "error"]
    if errors:
        assert not result.files
        assert all(x.file.startswith("registry.xlsx:联系人!") for x in errors), errors
        return
    write_files(result.files)
    got, diags = load(reg)
    assert not [x for x in diags if x.severity == "error"], diags
    assert _snapshot(reg) != before
    contact = next(x for x in got.departments if x.id == "service-centre").contacts[0]
    assert contact.address == value.strip()
    assert contact.name == value.strip()
    assert contact.notes == value


def test_a_formula_without_a_saved_value_is_refused(reg: Path, tmp_path: Path) -> None:
    """A cell typed =1+1 is a formula; saved by a program that computes nothing, it has no
    value: refused at its cell rather than read as an empty cell (which would clear the
    field)."""
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["联系人"]
    hdr = [c.value for c in ws[1]]
    col = hdr.index("地址") + 1
    ws.cell(row=2, column=col, value="=1+1")
    wb.save(book)
    code, out = _import(book, reg)
    letter = openpyxl.utils.get_column_letter(col)
    assert code == 1
    assert (f"registry.xlsx:联系人!{letter}2: error: holds a formula (=1+1) with no value "
            "saved; type the value itself (start it with ' to keep text such as =1+1 as "
            "text)") in out.splitlines()
    assert _snapshot(reg) == before


def test_gbk_csv_from_a_chinese_excel(tmp_path: Path, example_book: bytes) -> None:
    """Excel's plain "CSV" on a Chinese Windows writes GBK, dates as 2026/5/12 and no
    apostrophes: read all the same."""
    reg = tmp_path / "directory"
    shutil.copytree(EXAMPLE, reg)
    before = _snapshot(reg)
    book = tmp_path / "registry.xlsx"
    book.write_bytes(example_book)
    ws = openpyxl.load_workbook(book)["联系人"]
    rows = [["" if v is None else v.strftime("%Y/%-m/%-d") if hasattr(v, "strftime") else str(v)
             for v in r] for r in ws.iter_rows(values_only=True)]
    sc = next(r for r in rows if r[0] == "service-centre")
    sc[rows[0].index("办公时间")] = "工作日 8:30-17:30"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "联系人.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    result = import_file(path, reg)
    assert not result.problems, result.problems
    write_files(result.files)
    assert _diff(before["departments.yaml"], (reg / "departments.yaml").read_bytes()) == [
        "-        hours: 工作日 9:00-17:30", "+        hours: 工作日 8:30-17:30"]


@pytest.mark.parametrize(("cell", "date"), [
    ("2025-06-30", dt.date(2025, 6, 30)), ("2025/6/30", dt.date(2025, 6, 30)),
    ("2025.06.30", dt.date(2025, 6, 30)), ("2025年6月30日", dt.date(2025, 6, 30)),
    (" 2025-6-3 ", dt.date(2025, 6, 3)), (dt.datetime(2025, 6, 30, 0, 0), dt.date(2025, 6, 30)),
])
def test_dates_as_offices_write_them(cell: object, date: dt.date) -> None:
    assert as_date(cell) == date


@pytest.mark.parametrize("cell", ["2025-02-30", "明年", "30/6/2025", "2025-6"])
def test_what_is_not_a_date_stays_text_for_the_loader(cell: str) -> None:
    assert as_date(cell) == cell.strip()


def test_staff_workbook_edits_internal_contacts(reg: Path, tmp_path: Path) -> None:
    """remit export --format xlsx --internal: every contact with its visibility, the README
    sheet marked; an import then changes and deletes internal contacts too."""
    before = _snapshot(reg)
    out = tmp_path / "staff"
    r = run_remit("export", str(reg), "--format", "xlsx", "--internal", "--out", str(out))
    assert r.returncode == 0, r.stderr
    book = out / "registry.xlsx"
    code, msg = _import(book, reg)
    assert code == 0 and "no changes" in msg and _snapshot(reg) == before
    wb = openpyxl.load_workbook(book)
    assert wb["说明"]["A2"].value == "内部版本 — 含内部联系方式，请勿公开。"
    ws = wb["联系人"]
    hdr = [c.value for c in ws[1]]
    night = next(row for row in ws.iter_rows(min_row=2)
                 if row[hdr.index("岗位")].value == "夜间及节假日值班（内部）")
    assert night[hdr.index("公开范围")].value == "内部" and night[hdr.index("序号")].value == 3
    night[hdr.index("电话")].value = "0851-0000-0902"
    key = next(row[0].row for row in ws.iter_rows(min_row=2)
               if row[hdr.index("岗位")].value == "企业服务专员（重点企业）")
    ws.delete_rows(key)
    wb.save(book)
    code, msg = _import(book, reg)
    assert code == 0, msg
    diff = _diff(before["departments.yaml"], (reg / "departments.yaml").read_bytes())
    assert '-        phone: "0851-0000-0901"' in diff and '+        phone: "0851-0000-0902"' in diff
    assert "-      - role: 企业服务专员（重点企业）" in diff
    # the open data never takes --internal
    assert run_remit("export", str(reg), "--format", "csv", "--internal", "--out",
                     str(tmp_path / "x")).returncode == 2


def test_sorted_and_filtered_sheets_change_nothing(tmp_path: Path, example_book: bytes) -> None:
    """Rows are matched by their ids and numbers, not by their order: a sheet sorted the
    other way round (as a filter's sort does) imports as no change."""
    reg = tmp_path / "directory"
    shutil.copytree(EXAMPLE, reg)
    book = tmp_path / "registry.xlsx"
    book.write_bytes(example_book)
    wb = openpyxl.load_workbook(book)
    for name in ("联系人", "部门", "移交"):
        ws = wb[name]
        rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
        for i, values in enumerate(reversed(rows), 2):
            for j, v in enumerate(values, 1):
                ws.cell(row=i, column=j).value = v  # (value=None would keep the old one)
    wb.save(book)
    result = import_file(book, reg)
    assert not result.problems and not result.files, (result.problems, result.changes)


def test_duties_sheet(tmp_path: Path, example_book: bytes) -> None:
    """One row per duty of an asset: a holder given by name, a split added, a duty
    removed by deleting its row; written the registry's short way where it can."""
    reg = tmp_path / "directory"
    shutil.copytree(EXAMPLE, reg)
    before = _snapshot(reg)
    book = tmp_path / "registry.xlsx"
    book.write_bytes(example_book)
    wb = openpyxl.load_workbook(book)
    ws = wb["职责分工"]
    hdr = [c.value for c in ws[1]]
    assert hdr == ["资产编号", "资产名称", "职责", "职责名称", "负责单位", "负责单位名称", "分工",
                   "依据"]
    rows = {(r[0].value, r[2].value): r for r in ws.iter_rows(min_row=2)}
    light = rows[("road-d3", "lighting")]
    assert light[3].value == "照明" and light[5].value == "明湖新区建设投资有限公司"
    light[4].value = "市政管理处"  # a name where the id goes
    bill = rows[("road-d3", "energy-bill")]
    bill[4].value = "construction-investment；municipal-roads"
    bill[6].value = "各付一半"
    ws.delete_rows(rows[("road-d3", "cleaning")][0].row)
    wb.save(book)
    result = import_file(book, reg)
    assert not result.problems, result.problems
    assert "职责分工: 2 changed, 1 deleted" in result.changes
    write_files(result.files)
    assert _diff(before["assets-roads.yaml"], (reg / "assets-roads.yaml").read_bytes()) == [
        "-      lighting: construction-investment",
        "-      energy-bill: construction-investment",
        "-      cleaning: sanitation-station",
        "+      lighting: municipal-roads",
        "+      energy-bill:",
        "+        by: [construction-investment, municipal-roads]",
        "+        split: 各付一半",
    ]
    got, diags = load(reg)
    assert not [x for x in diags if x.severity == "error"]
    d3 = next(a for a in got.assets if a.id == "road-d3")
    assert d3.duties["energy-bill"].split == "各付一半" and "cleaning" not in d3.duties
    # an unknown department in a duty row: the check's message at that cell
    wb = openpyxl.load_workbook(book)
    ws = wb["职责分工"]
    r = next(x for x in ws.iter_rows(min_row=2)
             if (x[0].value, x[2].value) == ("road-d3", "maintenance"))
    r[4].value = "municipal-road"
    r[5].value = None
    wb.save(book)
    result = import_file(book, reg)
    assert [x.text() for x in result.problems] == [
        f"registry.xlsx:职责分工!E{r[0].row}: error: assets[road-d3].duties.maintenance: "
        "unknown department 'municipal-road' (did you mean 'municipal-roads'?)"]
    assert not result.files


def test_handover_rows_add_delete_and_number(reg: Path, tmp_path: Path) -> None:
    """One row per handover, matched by asset and 序号: a row without a number adds one
    (a single handover: becomes a handovers: list), a deleted row deletes its handover
    (a handovers: list stays a list)."""
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["移交"]
    hdr = [c.value for c in ws[1]]
    new = dict.fromkeys(hdr)
    new.update({"资产编号": "road-b2", "移交方": "construction-investment",
                "接收方": "municipal-roads", "移交职责": "maintenance；cleaning",
                "状态": "已移交", "起始日期": "2024-08-15"})
    ws.append([new[h] for h in hdr])
    ws.delete_rows(_handover_row(ws, "road-d3", 1))
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    assert "移交: 1 added, 1 deleted" in out
    after = (reg / "assets-roads.yaml").read_text(encoding="utf-8")
    # road D3 keeps its list (now of one), its comment too
    assert ("    handovers:  # 一条路分两项移交：道路本体已接管，路灯照明和电费仍在办理\n"
            "      - from: construction-investment\n        to: municipal-roads\n"
            "        duties: [lighting, energy-bill]\n        status: in-progress\n") in after
    assert "since: 2025-10-28" not in after
    # road B2's one handover becomes the first of a list, the new row the second
    assert ("    handovers:\n"
            "      - from: construction-investment\n"
            "        to: municipal-roads\n"
            "        duties: [lighting, energy-bill]\n"
            "        status: disputed\n"
            "        since: 2024-09-01\n"
            "        interim: construction-investment\n"
            "        notes: 道路本体的养护、保洁已于 2024 年 8 月移交市政管理处；"
            "路灯照明及电费因未单独计量而未能移交，双方存在争议，见争议记录 d-road-b2-lighting。\n"
            "      - from: construction-investment\n"
            "        to: municipal-roads\n"
            "        duties: [maintenance, cleaning]\n"
            "        status: accepted\n"
            "        since: 2024-08-15\n") in after
    assert "    handover:\n" not in after.split("  - id: road-b2\n")[1].split("  - id:")[0]
    # nothing else in the file moved, the comment lines between the assets included

    def blocks(text: str) -> dict[str, str]:
        return {b.split("\n", 1)[0]: b for b in text.split("  - id: ")}

    old_blocks, new_blocks = blocks(before["assets-roads.yaml"].decode()), blocks(after)
    assert old_blocks.keys() == new_blocks.keys()
    assert [k for k in old_blocks if old_blocks[k] != new_blocks[k]] == ["road-d3", "road-b2"]
    got, diags = load(reg)
    assert not [x for x in diags if x.severity == "error"]
    assets = {a.id: a for a in got.assets}
    assert [h.status for h in assets["road-b2"].handovers] == ["disputed", "accepted"]
    assert assets["road-b2"].handover is None
    assert [h.duties for h in assets["road-d3"].handovers] == [("lighting", "energy-bill")]
    # the workbook exported from the result imports back unchanged
    again = _snapshot(reg)
    code, out = _import(_export(reg, tmp_path / "again"), reg)
    assert code == 0, out
    assert _snapshot(reg) == again


def test_handover_sheet_without_numbers_matches_rows_in_order(reg: Path,
                                                              tmp_path: Path) -> None:
    """A 移交 sheet from before 序号 (or with the column deleted): an asset's rows are its
    handovers in order."""
    before = _snapshot(reg)
    book = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["移交"]
    hdr = [c.value for c in ws[1]]
    r = _handover_row(ws, "road-d3", 2)
    ws.cell(row=r, column=hdr.index("过渡期责任单位") + 1, value="municipal-roads")
    ws.cell(row=r, column=hdr.index("过渡期责任单位名称") + 1, value=None)
    ws.delete_cols(hdr.index("序号") + 1)
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 0, out
    assert "移交: 1 changed" in out
    assert _diff(before["assets-roads.yaml"], (reg / "assets-roads.yaml").read_bytes()) == [
        "-        interim: construction-investment", "+        interim: municipal-roads"]
    # a number that names no handover of the asset is refused at its cell
    book = _export(reg, tmp_path / "bad")
    wb = openpyxl.load_workbook(book)
    ws = wb["移交"]
    hdr = [c.value for c in ws[1]]
    r = _handover_row(ws, "road-d3", 2)
    ws.cell(row=r, column=hdr.index("序号") + 1, value=7)
    wb.save(book)
    code, out = _import(book, reg)
    assert code == 1
    assert (f"registry.xlsx:移交!C{r}: error: asset 'road-d3' has no handover number 7 (or it "
            "has a row already); leave the number empty for a new handover") in out

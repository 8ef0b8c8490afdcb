"""The registry as one spreadsheet workbook (``remit export --format xlsx``), and the sheet
shapes that ``remit import`` reads back (:mod:`generator.edit`).

One sheet per kind of entity the service centre edits — departments, contacts, matters,
assets (those written in YAML), handovers — plus a README sheet. Column titles are in
the registry's language (``field.*`` words), every id column has the name of what it
names beside it, lists sit in one cell separated by ``；`` (or one item per line when an
item holds a semicolon), enumerations show their word (``移交中``; the id is accepted
too), phones and every other text are text cells (``@``), dates are date cells; header
rows are frozen and carry a filter.

The same registry gives the same bytes: no timestamps (the document properties carry a
fixed date, every zip entry the same time), rows in registry order.

Public only, like every export: internal contacts are left out (and ``remit import``
keeps them as they are). Assets read from ``asset_sources`` (lamps, meters...) are not in
the workbook: they are edited in their source file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator import model as m
from generator.directory import Directory
from generator.words import asset_type_name, duty_name, heading, kind_name, name_of, t

#: The fixed time written into the workbook's properties and zip entries.
FIXED_TIME = dt.datetime(2000, 1, 1)
#: List items in one cell are joined with this (a line break when an item holds one of
#: :data:`LIST_SEPARATORS`); import splits on line breaks, else on any separator.
LIST_JOIN = {"zh": "；", "en": "; "}
LIST_SEPARATORS = ("；", ";")

# --- the sheet shapes ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet.

    ``role``: ``field`` (a registry field ``key`` of the sheet's entity, read by ``kind``),
    ``owner`` (the id of the entity a nested row belongs to: department or asset),
    ``number`` (the position of a contact in its department's list, of a handover in its
    asset's), ``name`` (the name of
    what the id column ``of`` names: for reading; an edited name is taken when the id cell
    is left as it was).
    """

    key: str
    role: str
    kind: m.Kind | None = None
    of: str = ""
    #: For enumerations: the words' family (``department_kind``, ``handover_state``, ``enum``).
    words: str = ""
    #: The entity kind an owner or reference column names (``department``, ``asset``...).
    ref: str = ""
    #: The words key of the title, when the field's own word would not say it well.
    title: str = ""

    def label(self, lang: str) -> str:
        """The column's title (first letter upper case in English)."""
        return heading(self._label(lang))

    def _label(self, lang: str) -> str:
        if self.role == "owner":
            return t(f"workbook.col.{self.ref}", lang)
        if self.role == "number":
            return t("workbook.col.number", lang)
        if self.role == "name":
            if self.of == self.ref and self.of in ("department", "asset"):
                return t(f"workbook.col.{self.ref}_name", lang)
            of = t(self.title, lang) if self.title else _field_word(self.of, lang)
            return t("workbook.col.name_of", lang, field=of)
        if self.title:
            return t(self.title, lang)
        return _field_word(self.key, lang)


def _field_word(key: str, lang: str) -> str:
    if key in ("department", "asset"):
        return t(f"workbook.col.{key}", lang)
    return t(f"field.{key}", lang)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: the kind of rows it holds, its entity class and its columns."""

    kind: str  # departments, contacts, matters, assets, handovers
    entity: type
    columns: tuple[Column, ...]
    #: The columns that identify a row (import matches rows by them).
    keys: tuple[str, ...]

    def title(self, lang: str) -> str:
        return t(f"workbook.sheet.{self.kind}", lang)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


_ENUM_WORDS: dict[tuple[type, str], str] = {(m.Handover, "status"): "handover_state"}


@dataclass(frozen=True, slots=True)
class DutyRow:
    """One duty of one asset, as a row of the duties sheet (the registry writes it as
    ``duties: {lighting: construction-investment}`` or ``{by: [a, b], split: ...}``)."""

    duty: str = m.spec(m.DUTY, "The duty.", required=True)
    by: tuple[str, ...] = m.spec(m.refs("department"), "Who holds it.", required=True,
                                 default=())
    split: str | None = m.spec(m.MTEXT, "How it is split between them.")
    basis: str | None = m.spec(m.TEXT, "Agreement or rule behind it.")


#: Column titles other than the field's word: a contact's name is a person's.
_TITLES = {(m.Contact, "name"): "workbook.col.person",
           (m.Handover, "duties"): "workbook.col.handover_duties",
           (DutyRow, "duty"): "workbook.col.duty", (DutyRow, "by"): "field.who"}


def ref_of(kind: m.Kind) -> str:
    """What the values of a field name: ``department``, ``asset``... for references (and
    lists of them), ``duty`` for duty names; else ``""``."""
    if isinstance(kind, (m.RefKind, m.RefsKind)):
        return kind.ref
    if isinstance(kind, m.DutyKind):
        return "duty"
    if isinstance(kind, m.ListKind):
        item = kind.item
        if isinstance(item, m.RefKind):
            return item.ref
        if isinstance(item, m.DutyKind):
            return "duty"
    return ""


def _columns(cls: type, keys: tuple[str, ...]) -> tuple[Column, ...]:
    fields = {f.key: f for f in m.fields_of(cls)}
    out: list[Column] = []
    for k in keys:
        f = fields[k]
        kind = f.kind
        words = _ENUM_WORDS.get((cls, k), "enum") if isinstance(kind, m.EnumKind) else ""
        ref = ref_of(kind)
        title = _TITLES.get((cls, k), "")
        out.append(Column(k, "field", kind, words=words, ref=ref, title=title))
        if ref:
            out.append(Column(f"{k}_name", "name", of=k, ref=ref, title=title))
    return tuple(out)


def _owner(ref: str) -> tuple[Column, Column]:
    return (Column(ref, "owner", ref=ref), Column(f"{ref}_name", "name", of=ref, ref=ref))


def _cell_keys(cls: type, *leave_out: str) -> tuple[str, ...]:
    """Every field of ``cls`` that fits in a cell, in model order (a field added to the
    model is a column without more ado), but ``leave_out``."""
    return tuple(f.key for f in m.fields_of(cls) if f.kind.in_cell and f.key not in leave_out)


SHEETS: tuple[Sheet, ...] = (
    Sheet("departments", m.Department, _columns(m.Department, _cell_keys(m.Department)),
          ("id",)),
    # Internal contacts are never in the workbook, so no visibility column.
    Sheet("contacts", m.Contact, (*_owner("department"), Column("number", "number"),
                                  *_columns(m.Contact, _cell_keys(m.Contact, "visibility"))),
          ("department", "number")),
    Sheet("matters", m.Matter, _columns(m.Matter, _cell_keys(m.Matter)), ("id",)),
    # A geometry is edited in YAML (the CSV exports' geometry column is read only).
    Sheet("assets", m.Asset, _columns(m.Asset, _cell_keys(m.Asset, "geometry")), ("id",)),
    # One row per handover of a YAML asset; 序号/No. is its place in the asset's list
    # (a sheet without the column numbers an asset's rows in order).
    Sheet("handovers", m.Handover, (*_owner("asset"), Column("number", "number"),
                                    *_columns(m.Handover, _cell_keys(m.Handover))),
          ("asset",)),
    # One row per duty of a YAML asset (its own duties, not inherited ones).
    Sheet("duties", DutyRow, (*_owner("asset"), *_columns(DutyRow, _cell_keys(DutyRow))),
          ("asset", "duty")),
)
#: The contacts sheet of the staff workbook (``--internal``): every contact, with its
#: visibility (公开 / 内部); a contact without a row is then deleted whatever it is.
CONTACTS_ALL = Sheet("contacts", m.Contact, (*_owner("department"), Column("number", "number"),
                                             *_columns(m.Contact, _cell_keys(m.Contact))),
                     ("department", "number"))
#: Every sheet shape an import recognises.
READ_SHEETS: tuple[Sheet, ...] = (*SHEETS, CONTACTS_ALL)


def sheets(internal: bool = False) -> tuple[Sheet, ...]:
    """The sheets a workbook holds: the public ones, or the staff workbook's."""
    if not internal:
        return SHEETS
    return tuple(CONTACTS_ALL if s.kind == "contacts" else s for s in SHEETS)


SHEET_KINDS = tuple(s.kind for s in SHEETS)


def sheet(kind: str) -> Sheet:
    for s in SHEETS:
        if s.kind == kind:
            return s
    raise KeyError(kind)


# --- values as cells ----------------------------------------------------------------------


def enum_word(col: Column, value: str, lang: str) -> str:
    return name_of(col.words, value, lang)


def join_list(items: list[str] | tuple[str, ...], lang: str) -> str:
    """List items in one cell (see :data:`LIST_JOIN`)."""
    if any(s in x for x in items for s in LIST_SEPARATORS):
        return "\n".join(items)
    return LIST_JOIN.get(lang, LIST_JOIN["en"]).join(items)


def split_list(cell: str) -> list[str]:
    """The items of a list cell: one a line when it spans lines, else split on ``；``/``;``."""
    if "\n" in cell:
        parts = cell.split("\n")
    else:
        parts = re.split("|".join(map(re.escape, LIST_SEPARATORS)), cell)
    return [p.strip() for p in parts if p.strip()]


def field_cell(col: Column, v: Any, lang: str) -> Any:
    """A field's model value as the workbook writes it: str, date, int or None."""
    kind = col.kind
    if v is None or v == () or v == "":
        return None
    if isinstance(kind, m.EnumKind):
        return enum_word(col, v, lang)
    if isinstance(kind, m.DateKind):
        return v
    if isinstance(kind, m.BoolKind):
        return t("workbook.yes" if v else "workbook.no", lang)
    if isinstance(kind, m.DurationKind):
        return v.text
    if isinstance(kind, (m.ListKind, m.RefsKind)):
        return join_list([str(x) for x in v], lang)
    if isinstance(kind, m.IntKind):
        return int(v)
    return str(v)


@dataclass
class Names:
    """Names of the registry's entities, for the name columns."""

    d: Directory
    lang: str

    def of(self, ref: str, value: str) -> str:
        d = self.d
        if ref == "department":
            dep = d.departments.get(value)
            return dep.name if dep else ""
        if ref == "asset_type":
            at = d.asset_types.get(value)
            return asset_type_name(at, self.lang) if at else ""
        if ref == "duty":
            return duty_name(value, self.lang)
        if ref == "department_kind":
            return kind_name(value, self.lang, d.department_kinds)
        tables: dict[str, dict[str, Any]] = {"asset": d.assets, "escalation": d.paths,
                                             "matter": d.matters}
        table = tables.get(ref, {})
        got = table.get(value)
        return got.name if got is not None else ""

    def cell(self, ref: str, v: Any) -> str | None:
        if v is None or v == ():
            return None
        if isinstance(v, (tuple, list)):
            return join_list([self.of(ref, x) for x in v], self.lang)
        return self.of(ref, v) or None


def sheet_rows(d: Directory, sh: Sheet) -> Iterator[list[Any]]:
    """The rows of one sheet, in registry order, as cell values (header not included)."""
    r = d.registry
    lang = r.site.language
    names = Names(d, lang)

    def row(ent: Any, owner: Any = None, number: int | None = None) -> list[Any]:
        out: list[Any] = []
        for c in sh.columns:
            if c.role == "owner":
                out.append(owner)
            elif c.role == "number":
                out.append(number)
            elif c.role == "name":
                src = owner if sh.column(c.of).role == "owner" \
                    else getattr(ent, _attr(sh.entity, c.of))
                out.append(names.cell(c.ref, src))
            else:
                out.append(field_cell(c, getattr(ent, _attr(sh.entity, c.key)), lang))
        return out

    source_ids = source_asset_ids(d)
    if sh.kind == "departments":
        for dep in r.departments:
            yield row(dep)
    elif sh.kind == "contacts":
        for dep in r.departments:
            for i, c in enumerate(dep.contacts, 1):
                if c.visibility == "public" or sh is CONTACTS_ALL:
                    yield row(c, dep.id, i)
    elif sh.kind == "matters":
        for x in r.matters:
            yield row(x)
    elif sh.kind == "assets":
        for a in r.assets:
            if a.id not in source_ids:
                yield row(a)
    elif sh.kind == "handovers":
        for a in r.assets:
            if a.id not in source_ids:
                for i, ho in enumerate(a.all_handovers, 1):
                    yield row(ho, a.id, i)
    elif sh.kind == "duties":
        for a in r.assets:
            if a.id not in source_ids:
                for duty, h in (a.duties or {}).items():
                    yield row(DutyRow(duty, h.by, h.split, h.basis), a.id)


def _attr(cls: type, key: str) -> str:
    for f in m.fields_of(cls):
        if f.key == key:
            return f.attr
    raise KeyError(key)


def source_asset_ids(d: Directory) -> set[str]:
    """Ids of the assets read from ``asset_sources`` (CSV/GeoJSON rows, not YAML)."""
    return {a.id for a in d.registry.assets
            if a.node is not None and not a.node.file.endswith((".yaml", ".yml"))}


# --- the workbook -------------------------------------------------------------------------

_WIDE = {"summary", "notes", "location", "basis", "address", "text"}
#: Points per line of a row that shows several lines; the README's column width.
LINE_HEIGHT = 15
README_WIDTH = 90


def workbook_bytes(d: Directory, registry_name: str | None = None,
                   internal: bool = False) -> bytes:
    """The workbook as ``.xlsx`` bytes (deterministic). ``registry_name`` (default: the
    registry folder's name) is how the README sheet names the registry. ``internal``: the
    staff workbook, with internal contacts, marked as such on its README sheet and in its
    title (not for handing out)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = d.registry.site.language
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = t("workbook.sheet.readme", lang)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE7F3")
    name_fill = PatternFill("solid", fgColor="F2F2F2")
    name_font = Font(color="595959")
    counts: list[tuple[str, int]] = []
    for sh in sheets(internal):
        ws = wb.create_sheet(sh.title(lang))
        header = [c.label(lang) for c in sh.columns]
        ws.append(header)
        n = 0
        widths = [_width(h) for h in header]
        for values in sheet_rows(d, sh):
            n += 1
            ws.append(values)
            lines = 1
            for j, (c, v) in enumerate(zip(sh.columns, values, strict=True)):
                cell = ws.cell(row=n + 1, column=j + 1)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif c.role != "number":
                    cell.number_format = "@"
                if c.role == "name":
                    cell.fill = name_fill
                    cell.font = name_font
                if isinstance(v, str) and "\n" in v:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    lines = max(lines, v.count("\n") + 1)
                widths[j] = max(widths[j], _width(v))
            if lines > 1:  # programs that do not size rows themselves see every line
                ws.row_dimensions[n + 1].height = LINE_HEIGHT * lines
        for j, c in enumerate(sh.columns):
            cell = ws.cell(row=1, column=j + 1)
            cell.font = head_font
            cell.fill = name_fill if c.role == "name" else head_fill
            letter = get_column_letter(j + 1)
            cap = 50 if c.key in _WIDE else 30
            ws.column_dimensions[letter].width = min(max(widths[j], 6), cap)
            # Text typed into an empty row stays text (a phone keeps its leading 0).
            ws.column_dimensions[letter].number_format = \
                "yyyy-mm-dd" if isinstance(c.kind, m.DateKind) else "@"
            if c.words:
                choices = [enum_word(c, v, lang) for v in c.kind.values]  # type: ignore[union-attr]
                dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                    allow_blank=True, showErrorMessage=False)
                dv.add(f"{letter}2:{letter}{max(n + 200, 1000)}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "B2" if sh.columns[0].role != "owner" else "C2"
        _print_setup(ws, landscape=True)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sh.columns))}{n + 1}"
        counts.append((sh.title(lang), n))
    name = registry_name or os.path.basename(os.path.normpath(d.registry.root)) or "directory"
    _readme(readme, d, counts, name, head_font, internal)
    wb.properties.creator = "remit"
    wb.properties.title = d.registry.site.title
    if internal:
        wb.properties.title += " — " + t("staff.internal_title", lang)
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _width(v: Any) -> float:
    if v is None:
        return 0
    s = v.isoformat() if isinstance(v, dt.date) else str(v)
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in s.split("\n")),
                  default=0)
    return longest + 2


def _readme(ws: Any, d: Directory, counts: list[tuple[str, int]], registry_name: str,
            bold: Any, internal: bool = False) -> None:
    from openpyxl.styles import Alignment, Font

    lang = d.registry.site.language
    ws.append([t("workbook.readme.title", lang, title=d.registry.site.title)])
    ws["A1"].font = Font(bold=True, size=14)
    if internal:
        ws.append([t("staff.internal_title", lang) + " — " + t("staff.internal_text", lang)])
        ws["A2"].font = Font(bold=True, color="C00000")
    else:
        ws.append([])
    for key in ("what", "edit", "import", "lists", "names", "sources", "deleting",
                "internal_staff" if internal else "internal", "csv"):
        ws.append([t(f"workbook.readme.{key}", lang, registry=registry_name)])
    ws.append([])
    ws.append([t("workbook.readme.sheet", lang), t("workbook.readme.rows", lang)])
    row = ws.max_row
    ws.cell(row=row, column=1).font = bold
    ws.cell(row=row, column=2).font = bold
    for title, n in counts:
        ws.append([title, n])
    ws.column_dimensions["A"].width = README_WIDTH
    ws.column_dimensions["B"].width = 10
    for r in ws.iter_rows(min_row=3, max_row=11, max_col=1):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = -(-_width(cell.value) // (README_WIDTH - 4))
            ws.row_dimensions[cell.row].height = LINE_HEIGHT * max(lines, 1)
    _print_setup(ws, landscape=False)


def _print_setup(ws: Any, landscape: bool) -> None:
    """Printed, a sheet fits the page's width and repeats its header row on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if landscape:
        ws.print_title_rows = "1:1"


_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fixed_zip(data: bytes) -> bytes:
    """The workbook with no trace of when it was written: fixed property times, zip entries
    all dated :data:`FIXED_TIME`, in the order openpyxl wrote them."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(lambda mm: mm.group(1) + stamp + mm.group(2), body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


#: How ``remit export --format xlsx`` names its one file.
WORKBOOK_FILE = "registry.xlsx"

__all__ = ["ref_of", "Column", "Sheet", "SHEETS", "CONTACTS_ALL", "READ_SHEETS", "sheets",
           "SHEET_KINDS", "sheet", "sheet_rows", "field_cell", "join_list", "split_list",
           "enum_word", "Names", "source_asset_ids", "workbook_bytes", "WORKBOOK_FILE",
           "LIST_SEPARATORS"]

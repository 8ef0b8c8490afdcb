"""``remit import``: a workbook's (or one CSV file's) rows merged into the YAML registry.

The registry is read twice: by the real loader (the validated model the rows are compared
with) and by ruamel.yaml's round-trip parser (the files as written: comments, key order,
quoting, flow or block style). A row whose cells all equal what the registry says changes
nothing; a changed cell sets one key of one entity, so every other line keeps its bytes,
and a file none of whose rows changed is not written at all.

The result is checked before anything is written: the changed files are put in a copy of
the registry folder and the copy is loaded with :func:`generator.load.registry.load`, so
an import accepts exactly what ``remit check`` accepts, with the same messages. Each
error on a line an imported row wrote is shown at that row's cell
(``directory.xlsx:联系人!F12``); errors elsewhere (a reference the import broke) keep
their registry line. On any error nothing is written.

What a row may change: departments, matters and YAML assets (matched by id; a new id adds
one), contacts (matched by department and 序号/No., the position in the department's list;
a row without a number adds a contact, a public contact without a row is deleted; internal
contacts, which the workbook never shows, are kept) and handovers (matched by asset and
序号/No., the position in the asset's list, likewise; a YAML asset whose handover has no
row loses it; two or more are written ``handovers:``). Rows never delete departments, matters or
assets. Assets read from ``asset_sources`` are edited in their source file: a changed row
of one is an error that says so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml

from generator import model as m
from generator.diagnostics import ERROR, Diagnostic, sort_diagnostics
from generator.directory import Directory
from generator.edit.reading import Cell, Row, Table, as_date, problem, read_any
from generator.load.registry import display_path, find_main, load, registry_files
from generator.publish.workbook import Column, DutyRow, Names, source_asset_ids, split_list
from generator.words import LANGUAGES, asset_type_name, duty_name, kind_name, name_of

# --- the YAML files as written --------------------------------------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 16
    return y


@dataclass
class YamlFile:
    path: Path
    rel: str
    text: str
    doc: Any
    indent: tuple[int, int]  # mapping, sequence offset
    changed: bool = False

    def dump(self) -> str:
        import io

        y = _yaml()
        mapping, offset = self.indent
        y.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
        buf = io.StringIO()
        y.dump(self.doc, buf)
        out = buf.getvalue()
        if not self.text.endswith("\n"):
            out = out.rstrip("\n")
        if "\r\n" in self.text:
            out = out.replace("\n", "\r\n")
        return out


def _guess_indent(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file writes its section lists."""
    for mm in re.finditer(r"^[A-Za-z_]+:[ \t]*\n((?:[ \t]*#.*\n|[ \t]*\n)*)( *)- ", text, re.M):
        return (max(len(mm[2]), 2) if mm[2] else 2, len(mm[2]))
    return 2, 2


class EditError(Exception):
    """A registry file the round-trip parser cannot edit (the loader read it)."""


def read_yaml_file(root: Path, p: Path) -> YamlFile:
    text = p.read_bytes().decode("utf-8-sig")
    try:
        doc = _yaml().load(text)
    except Exception as exc:  # ruamel.yaml raises many kinds; the loader read the file
        raise EditError(f"{display_path(p)}: cannot be edited by remit import "
                        f"({exc.__class__.__name__}); edit it by hand") from exc
    if not hasattr(doc, "get"):
        raise EditError(f"{display_path(p)}: cannot be edited by remit import (not a "
                        "mapping); edit it by hand")
    return YamlFile(p, os.path.relpath(p, root), text, doc, _guess_indent(text))


# --- values: cells, the model and YAML in one canonical form -------------------------------

_RESOLVER = pyyaml.resolver.Resolver()


def _yaml_scalar(s: str, quote: bool = False) -> Any:
    """A string as ruamel should write it: quoted when YAML 1.1 would read it as anything
    but that string (the loader reads YAML 1.1), always for phones."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in s:
        return LiteralScalarString(s)
    tag = _RESOLVER.resolve(pyyaml.ScalarNode, s, (True, False))
    if quote or tag != "tag:yaml.org,2002:str" or s != s.strip() or s[:1] in "'\"!&*%@`|>{[#":
        return DoubleQuotedScalarString(s)
    return s


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v)
    return s if s.strip() else None


def _stripped(cell: Cell | None) -> str | None:
    s = _text(cell.value) if cell is not None else None
    return s.strip() if s else None


class Resolver:
    """Ids or names (in any language) of the registry's entities and values -> ids."""

    def __init__(self, d: Directory) -> None:
        self.d = d
        self.names = Names(d, d.registry.site.language)
        self._by_name: dict[str, dict[str, list[str]]] = {}
        r = d.registry
        for ref, items in (("department", r.departments), ("matter", r.matters),
                           ("escalation", r.escalation)):
            table = self._by_name.setdefault(ref, {})
            for x in items:
                for name in (x.name, *getattr(x, "aliases", ())):
                    table.setdefault(name.casefold(), []).append(x.id)
        assets = self._by_name.setdefault("asset", {})
        for a in r.assets:
            assets.setdefault(a.name.casefold(), []).append(a.id)
        duties = self._by_name.setdefault("duty", {})
        self.duties = set(m.BUILTIN_DUTIES) | {x for at in r.asset_types for x in at.duties}
        for duty in sorted(self.duties):
            for lang in LANGUAGES:
                duties.setdefault(duty_name(duty, lang).casefold(), []).append(duty)
        kinds = self._by_name.setdefault("department_kind", {})
        for k in r.department_kinds:
            for lang in LANGUAGES:
                kinds.setdefault(kind_name(k.id, lang, d.department_kinds).casefold(),
                                 []).append(k.id)
        types = self._by_name.setdefault("asset_type", {})
        for at in r.asset_types:
            for lang in LANGUAGES:
                types.setdefault(asset_type_name(at, lang).casefold(), []).append(at.id)
            types.setdefault(at.name.casefold(), []).append(at.id)

    def ids(self, ref: str) -> Container[str]:
        if ref == "duty":
            return self.duties
        d = self.d
        tables: dict[str, dict[str, Any]] = {
            "department": d.departments, "asset": d.assets, "asset_type": d.asset_types,
            "escalation": d.paths, "matter": d.matters, "department_kind": d.department_kinds}
        return tables.get(ref, {})

    def ref(self, ref: str, s: str) -> str:
        """The id ``s`` names (itself when it is one, or when nothing or several match:
        the loader then says what is wrong)."""
        if s in self.ids(ref):
            return s
        got = sorted(set(self._by_name.get(ref, {}).get(s.casefold(), [])))
        return got[0] if len(got) == 1 else s

    @staticmethod
    def enum(col: Column, s: str) -> str:
        assert isinstance(col.kind, m.EnumKind)
        for v in col.kind.values:
            if s == v or any(s.casefold() == name_of(col.words, v, lang).casefold()
                             for lang in LANGUAGES):
                return v
        return s


def cell_value(col: Column, v: Any, res: Resolver) -> Any:
    """A cell as the canonical value the registry would hold: str, date, bool, int, a list
    of str, or None (empty). Values that cannot be read are kept as written (text), for
    the loader to say what is wrong with them."""
    kind = col.kind
    if isinstance(kind, m.DateKind):
        v = as_date(v)
        return v if isinstance(v, dt.date) else _text(v)
    s = _text(v)
    if s is None:
        return None
    if isinstance(kind, m.TextKind) and not kind.multiline:
        s = s.strip()
    if isinstance(kind, m.EnumKind):
        return res.enum(col, s.strip())
    if isinstance(kind, m.BoolKind):
        low = s.strip().casefold()
        if low in {"是", "yes", "true", "1", "y"}:
            return True
        if low in {"否", "no", "false", "0", "n"}:
            return False
        return s
    if isinstance(kind, m.IntKind):
        return int(s) if re.fullmatch(r"-?\d+", s.strip()) else s
    if isinstance(kind, (m.RefKind, m.DutyKind)):
        return res.ref(col.ref, s.strip())
    if isinstance(kind, (m.ListKind, m.RefsKind)):
        items = split_list(s)
        if col.ref:
            items = [res.ref(col.ref, x) for x in items]
        return items or None
    return s.strip() if not (isinstance(kind, m.TextKind) and kind.multiline) else s


def model_value(col: Column, v: Any) -> Any:
    """A model value in the same canonical form as :func:`cell_value`."""
    if v is None or v == () or v == "":
        return None
    kind = col.kind
    if isinstance(kind, m.DurationKind):
        return v.text
    if isinstance(kind, (m.ListKind, m.RefsKind)):
        return [str(x) for x in v]
    return v


def yaml_value(col: Column, v: Any) -> Any:
    """A canonical value as ruamel should write it."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(v, list):
        seq = CommentedSeq([_yaml_scalar(x) for x in v])
        seq.fa.set_flow_style()
        return seq
    if isinstance(v, str):
        return _yaml_scalar(v, quote=isinstance(col.kind, m.PhoneKind))
    return v


# --- the merge ----------------------------------------------------------------------------


@dataclass
class Touched:
    """One entity an imported row wrote: where it is, and which cell wrote which key."""

    file: YamlFile
    top: Any  # the section item (department, matter, asset)
    section: str
    sub: str = ""  # "", "contacts" or "handover"
    node: Any = None  # the contact or handover map, when sub is set
    row: Row | None = None
    keys: dict[str, str] = field(default_factory=dict)  # registry key -> cell place


@dataclass
class Result:
    problems: list[Diagnostic]
    files: dict[Path, str]  # path -> new text, for the files that change
    changes: list[str]  # what changed, in words, one line each
    notes: list[str]


class Merge:
    def __init__(self, registry: Path, reg: m.Registry) -> None:
        self.root, self.main = find_main(registry)
        self.d = Directory(reg)
        self.res = Resolver(self.d)
        self.lang = reg.site.language
        self.problems: list[Diagnostic] = []
        self.touched: list[Touched] = []
        self.changes: list[str] = []
        self.notes: list[str] = []
        self.sources = source_asset_ids(self.d)
        # The YAML files, parsed by ruamel.yaml only when a row changes one of their
        # entries (pure Python, far slower than the loader: an unchanged workbook parses
        # none).
        self.paths = [p for p in registry_files(self.root, self.main)
                      if p.suffix in (".yaml", ".yml")]
        self.files: dict[Path, YamlFile] = {}
        by_shown = {display_path(p): p for p in self.paths}
        #: section -> id -> the YAML file the loader read it from
        self.homes: dict[str, dict[str, Path]] = {}
        for section in ("departments", "matters", "assets"):
            homes = self.homes.setdefault(section, {})
            for x in getattr(reg, section):
                node = x.node
                f = by_shown.get(node.file) if node is not None else None
                if f is not None:
                    homes[x.id] = f

    def file(self, path: Path) -> YamlFile:
        got = self.files.get(path)
        if got is None:
            got = self.files[path] = read_yaml_file(self.root, path)
        return got

    def item(self, section: str, eid: str) -> tuple[YamlFile, Any]:
        """The ruamel map of entity ``eid`` and its file."""
        f = self.file(self.homes[section][eid])
        for item in f.doc.get(section) or ():
            if hasattr(item, "get") and item.get("id") == eid:
                return f, item
        raise EditError(f"{display_path(f.path)}: {section} '{eid}' was not found by the "
                        "round-trip parser; edit it by hand")

    def _differs(self, row: Row, ent: Any, cls: type) -> bool:
        """Would :meth:`_apply` change anything? (Tried on a scratch map.)"""
        return self._apply(row, _new_map(), ent, cls, None)

    # -- one row, one map ----------------------------------------------------------------

    def _value(self, row: Row, col: Column) -> Any:
        """The cell's canonical value, or a :class:`_NameEdit` when the name beside it (the
        ``<key>_name`` column) names something else."""
        cell = row.cell(col.key)
        v = cell_value(col, cell.value if cell else None, self.res)
        name_cell = row.cell(f"{col.key}_name")
        name = _stripped(name_cell)
        if name is None:
            return v
        if isinstance(col.kind, m.EnumKind):
            alt: Any = self.res.enum(col, name)
            current_name = None if v is None else name_of(col.words, v, self.lang)
        elif isinstance(col.kind, (m.RefKind, m.DutyKind)):
            alt = self.res.ref(col.ref, name)
            current_name = None if v is None else self.res.names.of(col.ref, v)
        elif isinstance(col.kind, (m.ListKind, m.RefsKind)) and col.ref:
            # A list's names are read only when its id cell is empty.
            return cell_value(col, name, self.res) if v is None else v
        else:
            return v
        if v is None:
            return alt
        if name == current_name or alt == v:
            return v
        return _NameEdit(v, alt)

    def _apply(self, row: Row, target: Any, ent: Any, cls: type, t: Touched | None) -> bool:
        """Set the keys of ``target`` (a ruamel map) whose cells differ from ``ent`` (the
        model entity, None for a new one). True when anything changed."""
        changed = False
        fields = {f.key: f for f in m.fields_of(cls)}
        for col in row.sheet.columns:
            if col.role != "field" or col.key not in row.cells:
                continue
            new = self._value(row, col)
            cur = model_value(col, getattr(ent, fields[col.key].attr)) if ent is not None \
                else None
            if isinstance(new, _NameEdit):
                # The id cell as it was and the name cell edited: the name says which;
                # an edited id wins over the name beside it (left as it was).
                new = new.alt if new.id == cur else new.id
            if new == cur:
                continue
            if ent is not None and new is None and cur is not None \
                    and fields[col.key].required:
                pass  # the loader says it is required, at this row
            cell = row.cells[col.key]
            if t is not None:
                t.keys[col.key] = cell.where
            _set_key(target, col.key, None if new is None else yaml_value(col, new), cls)
            changed = True
        return changed

    # -- the sheets -----------------------------------------------------------------------

    def _seen(self, rows: list[Row], key: str, what: str) -> Iterator[tuple[Row, str | None]]:
        seen: dict[str, str] = {}
        for row in rows:
            cell = row.cell(key)
            v = _text(cell.value) if cell else None
            v = v.strip() if v else v
            if v is not None and v in seen:
                self.problems.append(problem(
                    cell.where if cell else row.where, f"{what} '{v}' has a row already "
                    f"({seen[v]}); one row per {what}", "import-duplicate-row"))
                continue
            if v is not None:
                seen[v] = cell.where if cell else row.where
            yield row, v

    def entities(self, table: Table, section: str, cls: type) -> None:
        models = {x.id: x for x in getattr(self.d.registry, section)}
        word = section[:-1]
        added = changed = 0
        for row, rid in self._seen(table.rows, "id", word):
            self._read_only(row, models.get(rid) if rid else None)
            if rid is not None and rid in self.sources:
                self._source_row(row, rid, cls)
                continue
            if rid is not None and rid in self.homes[section]:
                if not self._differs(row, models.get(rid), cls):
                    continue
                f, item = self.item(section, rid)
                t = Touched(f, item, section, row=row)
                self._apply(row, item, models.get(rid), cls, t)
                f.changed = True
                self.touched.append(t)
                changed += 1
                continue
            f = self._home(section)
            item = _new_map()
            t = Touched(f, item, section, row=row)
            self._apply(row, item, None, cls, t)
            if rid is None:
                t.keys.setdefault("id", row.cells["id"].where if "id" in row.cells
                                  else row.where)
            f.doc.setdefault(section, _new_seq()).append(item)
            f.changed = True
            self.touched.append(t)
            added += 1
        self._count(table, added, changed, 0)
        listed = {_stripped(r.cell("id")) for r in table.rows}
        if section != "assets" and any(x not in listed for x in models):
            self.notes.append(f"{table.title}: the registry has entries this sheet does not "
                              "list; an import never deletes them (delete them in the YAML)")

    def _read_only(self, row: Row, ent: Any) -> None:
        """Columns the CSV exports hold but an import does not write (an asset's geometry):
        a changed cell is an error, not silently dropped."""
        cell = row.cell("geometry")
        if cell is None:
            return
        text = _stripped(cell)
        try:
            got = json.loads(text) if text else None
        except ValueError:
            got = text
        if got != (getattr(ent, "geometry", None) if ent is not None else None):
            self.problems.append(problem(
                cell.where, "geometry is not imported from a spreadsheet; edit it in the "
                "registry's YAML (or the asset's source file)", "import-read-only"))

    def _source_row(self, row: Row, rid: str, cls: type) -> None:
        a = self.d.assets[rid]
        fields = {f.key: f for f in m.fields_of(cls)}
        for col in row.sheet.columns:
            if col.role != "field" or col.key not in row.cells or col.key == "id":
                continue
            new = self._value(row, col)
            if isinstance(new, _NameEdit):
                new = new.id
            if new != model_value(col, getattr(a, fields[col.key].attr)):
                src = os.path.relpath(a.node.file, self.root) if a.node is not None \
                    else "its source file"
                self.problems.append(problem(
                    row.cells[col.key].where, f"asset '{rid}' is read from {src} "
                    "(asset_sources); edit it there, not in the spreadsheet",
                    "import-source-asset"))
                return

    def _home(self, section: str) -> YamlFile:
        """The file a new entity of ``section`` goes to: the one holding the section's
        first entry, else the main file."""
        homes = self.homes[section]
        return self.file(next(iter(homes.values()), self.main))

    def contacts(self, table: Table) -> None:
        # The staff workbook lists every contact with its visibility: a contact without a
        # row is deleted whatever it is. A public one lists public contacts only.
        full = "visibility" in {c.key for c in table.sheet.columns}
        by_dep: dict[str, list[Row]] = {}
        for row in table.rows:
            cell = row.cell("department")
            given = _stripped(cell)
            dep = self.res.ref("department", given) if given else None
            if dep is None:
                name = _stripped(row.cell("department_name"))
                dep = self.res.ref("department", name) if name else None
            if dep is None or dep not in self.homes["departments"]:
                where = cell.where if cell else row.where
                shown = _text(cell.value) if cell else None
                self.problems.append(problem(
                    where, f"unknown department '{shown}'" if shown else
                    "no department: write its id or name", "import-unknown-department"))
                continue
            by_dep.setdefault(dep, []).append(row)
        added = changed = deleted = 0
        for dep_id in self.homes["departments"]:
            rows = by_dep.get(dep_id, [])
            model = self.d.departments[dep_id].contacts
            if not rows and not any(c.visibility == "public" or full for c in model):
                continue
            numbered: dict[int, Row] = {}
            fresh: list[Row] = []
            for row in rows:
                cell = row.cell("number")
                raw = _text(cell.value) if cell else None
                if raw is None:
                    fresh.append(row)
                    continue
                if not re.fullmatch(r"\d+", raw.strip()) or not 1 <= int(raw) <= len(model) \
                        or not (full or model[int(raw) - 1].visibility == "public") \
                        or int(raw) in numbered:
                    self.problems.append(problem(
                        cell.where if cell else row.where,
                        f"department '{dep_id}' has no public contact number {raw} "
                        "(or it has a row already); leave the number empty for a new "
                        "contact", "import-bad-number"))
                    continue
                numbered[int(raw)] = row
            if not fresh and all(
                    (c.visibility != "public" and not full) or (i in numbered and not
                    self._differs(numbered[i], c, m.Contact)) for i, c in enumerate(model, 1)):
                continue  # this department's contacts as they are: its file untouched
            f, item = self.item("departments", dep_id)
            seq = item.get("contacts")
            new_seq = _new_seq() if seq is None else seq
            keep = []
            touched_here = []
            for i, c in enumerate(model, 1):
                node = seq[i - 1] if seq is not None and i - 1 < len(seq) else None
                if c.visibility != "public" and not full:
                    keep.append(node)  # not in a public workbook: kept as it is
                    continue
                got = numbered.get(i)
                if got is None:
                    deleted += 1
                    continue
                t = Touched(f, item, "departments", "contacts", node, got)
                if self._apply(got, node, c, m.Contact, t):
                    changed += 1
                    touched_here.append(t)
                keep.append(node)
            for row in fresh:
                node = _new_map()
                t = Touched(f, item, "departments", "contacts", node, row)
                self._apply(row, node, None, m.Contact, t)
                keep.append(node)
                touched_here.append(t)
                added += 1
            if touched_here or len(keep) != len(model):
                if seq is None:
                    _set_key(item, "contacts", new_seq, m.Department)
                if len(keep) != len(model):
                    kept_ids = {id(x) for x in keep}
                    for j in reversed(range(len(new_seq))):
                        if id(new_seq[j]) not in kept_ids:
                            del new_seq[j]
                for node in keep:
                    if all(node is not x for x in new_seq):
                        new_seq.append(node)
                if not new_seq:
                    del item["contacts"]
                f.changed = True
                self.touched += touched_here
        self._count(table, added, changed, deleted)

    def handovers(self, table: Table) -> None:
        """The handovers sheet: one row per handover of a YAML asset, matched by asset and
        序号/No. (its place in the asset's list; a sheet without the column numbers an
        asset's rows in order). A row without a number adds a handover; a handover without
        a row is deleted. One handover is written ``handover:``, several ``handovers:``
        (a file that says ``handovers:`` keeps the list, even of one)."""
        assets = self.homes["assets"]
        numbered_sheet = "number" in {c for r in table.rows for c in r.cells}
        by_asset: dict[str, list[Row]] = {}
        for row in table.rows:
            cell = row.cell("asset")
            given = _stripped(cell) or _stripped(row.cell("asset_name"))
            aid = self.res.ref("asset", given) if given else None
            where = cell.where if cell else row.where
            if aid in self.sources:
                self.problems.append(problem(where, f"asset '{aid}' is read from "
                                             "asset_sources; its handover is set in YAML on "
                                             "a YAML asset", "import-source-asset"))
                continue
            if aid is None or aid not in assets:
                self.problems.append(problem(where, f"unknown asset '{given}'" if given else
                                             "no asset: write its id or name",
                                             "import-unknown-asset"))
                continue
            by_asset.setdefault(aid, []).append(row)
        added = changed = deleted = 0
        for aid in assets:
            model = self.d.assets[aid].all_handovers
            rows = by_asset.get(aid, [])
            if not rows and not model:
                continue
            numbered, fresh = self._numbered(aid, rows, len(model), numbered_sheet)
            if not fresh and all(i in numbered and not self._differs(numbered[i], h, m.Handover)
                                 for i, h in enumerate(model, 1)):
                continue  # this asset's handovers as they are: its file untouched
            f, item = self.item("assets", aid)
            listed = "handovers" in item
            old = item.get("handovers") if listed else (
                [item["handover"]] if item.get("handover") is not None else [])
            # the comment lines after the last handover (the next section's heading) stay
            # after whatever is last once the rows are applied
            tail = _take_tail(old[-1]) if old else None
            keep: list[Any] = []
            touched_here: list[Touched] = []
            for i, h in enumerate(model, 1):
                got = numbered.get(i)
                if got is None:
                    deleted += 1
                    continue
                node = old[i - 1]
                t = Touched(f, item, "assets", "handover", node, got)
                if self._apply(got, node, h, m.Handover, t):
                    changed += 1
                    touched_here.append(t)
                keep.append(node)
            for row in fresh:
                node = _new_map()
                t = Touched(f, item, "assets", "handover", node, row)
                self._apply(row, node, None, m.Handover, t)
                keep.append(node)
                touched_here.append(t)
                added += 1
            if listed or len(keep) > 1:
                seq = item.get("handovers") if listed else None
                if seq is None:
                    seq = _new_seq()
                    _set_key(item, "handover", None, m.Asset)
                    _set_key(item, "handovers", seq, m.Asset)
                kept = {id(x) for x in keep}
                for j in reversed(range(len(seq))):
                    if id(seq[j]) not in kept:
                        del seq[j]
                for node in keep:
                    if all(node is not x for x in seq):
                        seq.append(node)
                if not seq:
                    del item["handovers"]
            elif keep:
                if item.get("handover") is not keep[0]:
                    _set_key(item, "handover", keep[0], m.Asset)
            else:
                _set_key(item, "handover", None, m.Asset)
            _put_tail(keep[-1] if keep else item, tail)
            f.changed = True
            self.touched += touched_here
        self._count(table, added, changed, deleted)

    def _numbered(self, aid: str, rows: list[Row], n: int, numbered_sheet: bool
                  ) -> tuple[dict[int, Row], list[Row]]:
        """The rows of one asset's handovers by number (1..n), and the rows that add one.
        Without a number column, the k-th row is handover k."""
        numbered: dict[int, Row] = {}
        fresh: list[Row] = []
        for k, row in enumerate(rows, 1):
            if not numbered_sheet:
                if k <= n:
                    numbered[k] = row
                else:
                    fresh.append(row)
                continue
            cell = row.cell("number")
            raw = _text(cell.value) if cell else None
            if raw is None:
                fresh.append(row)
                continue
            if not re.fullmatch(r"\d+", raw.strip()) or not 1 <= int(raw) <= n \
                    or int(raw) in numbered:
                self.problems.append(problem(
                    cell.where if cell else row.where,
                    f"asset '{aid}' has no handover number {raw} (or it has a row already); "
                    "leave the number empty for a new handover", "import-bad-number"))
                continue
            numbered[int(raw)] = row
        return numbered, fresh

    def duties(self, table: Table) -> None:
        """The duties sheet: one row per (asset, duty). A YAML asset's duties become the
        rows given for it (a duty without a row is removed); each is written the short
        way (``lighting: a``, ``lighting: [a, b]``) or, with a split or basis, as
        ``{by, split, basis}``."""
        assets = self.homes["assets"]
        by_asset: dict[str, dict[str, Row]] = {}
        for row in table.rows:
            cell = row.cell("asset")
            given = _stripped(cell) or _stripped(row.cell("asset_name"))
            aid = self.res.ref("asset", given) if given else None
            where = cell.where if cell else row.where
            if aid is None or (aid not in assets and aid not in self.sources):
                self.problems.append(problem(where, f"unknown asset '{given}'" if given else
                                             "no asset: write its id or name",
                                             "import-unknown-asset"))
                continue
            duty = self._value(row, table.sheet.column("duty"))
            if isinstance(duty, _NameEdit):
                duty = duty.alt
            dcell = row.cell("duty")
            if not isinstance(duty, str):
                self.problems.append(problem(dcell.where if dcell else row.where,
                                             "no duty: write its id or name",
                                             "import-no-duty"))
                continue
            rows = by_asset.setdefault(aid, {})
            if duty in rows:
                self.problems.append(problem(dcell.where if dcell else row.where,
                                             f"duty '{duty}' of '{aid}' has a row already "
                                             f"({rows[duty].where})", "import-duplicate-row"))
                continue
            rows[duty] = row
        # Rows of assets read from asset_sources (the CSV export lists them) must say what
        # their source says: their duties are set there (columns, set).
        for aid in sorted(set(by_asset) & self.sources):
            rows = by_asset.pop(aid)
            have = self.d.assets[aid].duties or {}
            bad = next((r for k, r in rows.items() if k not in have or self._differs(
                r, DutyRow(k, have[k].by, have[k].split, have[k].basis), DutyRow)), None)
            if bad is not None or set(rows) != set(have):
                cell = (bad or next(iter(rows.values()))).cell("asset")
                self.problems.append(problem(
                    cell.where if cell else table.rows[0].where,
                    f"asset '{aid}' is read from asset_sources; its duties are set there "
                    "(columns, set), not in the spreadsheet", "import-source-asset"))
        added = changed = deleted = 0
        for aid in assets:
            have = self.d.assets[aid].duties or {}
            rows = by_asset.get(aid, {})
            ents = {k: DutyRow(k, h.by, h.split, h.basis) for k, h in have.items()}
            todo = [k for k, row in rows.items()
                    if k not in ents or self._differs(row, ents[k], DutyRow)]
            gone = [k for k in have if k not in rows]
            if not todo and not gone:
                continue
            f, item = self.item("assets", aid)
            node = item.get("duties")
            if node is None or not hasattr(node, "insert"):
                node = _new_map()
                _set_key(item, "duties", node, m.Asset)
            t = Touched(f, item, "assets", "duties", node, None)
            for k in todo:
                row = rows[k]
                cur = ents.get(k)
                vals = {c: self._settled(row, table.sheet.column(c), cur)
                        for c in ("by", "split", "basis")}
                node[k] = _holding(vals["by"], vals["split"], vals["basis"])
                cell = row.cell("by") or row.cell("duty")
                t.keys[k] = cell.where if cell else row.where
                added += k not in ents
                changed += k in ents
            for k in gone:
                del node[k]
                deleted += 1
            if not node:
                del item["duties"]
            f.changed = True
            self.touched.append(t)
        self._count(table, added, changed, deleted)

    def _settled(self, row: Row, col: Column, ent: Any) -> Any:
        """A cell's value with an edited name settled (see :meth:`_apply`)."""
        new = self._value(row, col)
        if isinstance(new, _NameEdit):
            cur = model_value(col, getattr(ent, col.key)) if ent is not None else None
            new = new.alt if new.id == cur else new.id
        if col.key not in row.cells and ent is not None:
            return model_value(col, getattr(ent, col.key))
        return new

    def _count(self, table: Table, added: int, changed: int, deleted: int) -> None:
        parts = [f"{n} {w}" for n, w in ((changed, "changed"), (added, "added"),
                                         (deleted, "deleted")) if n]
        if parts:
            self.changes.append(f"{table.title}: {', '.join(parts)}")

    # -- checking the result ------------------------------------------------------------

    def result(self, baseline: list[Diagnostic]) -> Result:
        changed = [f for f in self.files.values() if f.changed]
        texts = {}
        for f in changed:
            try:
                texts[f.path] = f.dump()
            except Exception as exc:  # a value ruamel.yaml cannot write: say where
                cells = sorted({w for t in self.touched if t.file is f for w in t.keys.values()})
                self.problems.append(problem(
                    cells[0] if cells else display_path(f.path),
                    f"cannot be written to {f.rel} ({exc.__class__.__name__}: {exc})",
                    "import-unwritable"))
        if any(x.code == "import-unwritable" for x in self.problems):
            return Result(sort_diagnostics(self.problems), {}, self.changes, self.notes)
        texts = {p: s for p, s in texts.items()
                 if s != next(f.text for f in changed if f.path == p)}
        if not texts:
            return Result(sort_diagnostics(self.problems), {},
                          [] if not self.problems else self.changes, self.notes)
        with tempfile.TemporaryDirectory(prefix="remit-import-") as tmp:
            copy = Path(tmp) / self.root.name
            shutil.copytree(self.root, copy, symlinks=True)
            for p, s in texts.items():
                (copy / os.path.relpath(p, self.root)).write_bytes(s.encode("utf-8"))
            _, diags = load(copy / os.path.relpath(self.main, self.root))
            old = {(x.code, x.path, x.message) for x in baseline}
            new = [x for x in diags
                   if x.severity == ERROR or (x.code, x.path, x.message) not in old]
            # Only problems need their cells found (it parses the new texts once more).
            places = self._places(copy, texts) if new else None
            shown = [places(x) for x in new] if places else []
        shown += self.problems
        errors = [x for x in shown if x.severity == ERROR]
        return Result(sort_diagnostics(shown), {} if errors else texts, self.changes,
                      self.notes)

    def _places(self, copy: Path, texts: dict[Path, str]) -> Any:
        """A function giving a loader diagnostic on the copy its place: the cell that
        wrote the line, else the registry file's own line."""
        by_line: dict[tuple[str, int], list[tuple[int, str]]] = {}
        parsed: dict[Path, Any] = {}
        for t in self.touched:
            if t.file.path not in texts:
                continue
            doc = parsed.get(t.file.path)
            if doc is None:
                doc = parsed[t.file.path] = _yaml().load(texts[t.file.path])
            for line, col, where in _lines_of(t, doc, texts[t.file.path]):
                by_line.setdefault((t.file.rel, line), []).append((col, where))
        shown_copy = {display_path(copy / os.path.relpath(p, self.root)):
                      os.path.relpath(p, self.root) for p in self.paths}
        real_root = display_path(self.root)
        copy_root = display_path(copy)

        def place(x: Diagnostic) -> Diagnostic:
            rel = shown_copy.get(x.file)
            if rel is not None:
                cands = by_line.get((rel, x.line))
                if cands:
                    best = max((c for c in cands if c[0] <= max(x.col, 1)), default=cands[0])
                    return Diagnostic(x.severity, best[1], 0, 0, x.path, x.message, x.code,
                                      x.ids)
            file = x.file.replace(copy_root, real_root, 1)
            return Diagnostic(x.severity, file, x.line, x.col, x.path, x.message, x.code,
                              x.ids)

        return place


class _NameEdit:
    """An id cell and a name cell that disagree (settled once the current value is known:
    an edited id wins, else the edited name)."""

    def __init__(self, id_: Any, alt: Any) -> None:
        self.id, self.alt = id_, alt


def _holding(by: Any, split: Any, basis: Any) -> Any:
    """A duty's holder as the registry writes it: the short way when it can."""
    from ruamel.yaml.comments import CommentedMap

    ids = [by] if isinstance(by, str) else list(by or [])
    if split is None and basis is None:
        if len(ids) == 1:
            return _yaml_scalar(ids[0])
        if not ids:
            return None
        return yaml_value(Column("by", "field"), ids)
    out = CommentedMap()
    out["by"] = _yaml_scalar(ids[0]) if len(ids) == 1 else \
        yaml_value(Column("by", "field"), ids)
    if split is not None:
        out["split"] = _yaml_scalar(split)
    if basis is not None:
        out["basis"] = _yaml_scalar(basis)
    return out


def _tail_of(node: Any) -> tuple[Any, Any] | None:
    """(map, key) of the last scalar of ``node``, where ruamel keeps the comment lines
    that follow a block."""
    while True:
        if hasattr(node, "keys") and len(node):
            key = list(node.keys())[-1]
            value = node[key]
            if hasattr(value, "ca") and len(value):
                node = value
                continue
            return node, key
        if isinstance(node, list) and node and hasattr(node[-1], "ca"):
            node = node[-1]
            continue
        return None


def _take_tail(node: Any) -> Any:
    """Take the whole-line comments after ``node``'s last line (its own end-of-line
    comment stays)."""
    at = _tail_of(node)
    if at is None:
        return None
    got = at[0].ca.items.get(at[1])
    tok = got[2] if got and len(got) > 2 else None
    if tok is None or "\n" not in tok.value:
        return None
    own, _, rest = tok.value.partition("\n")
    if not rest.strip():
        return None
    if own.strip():
        tok.value = own + "\n"
    else:
        got[2] = None
    return "\n" + rest


def _put_tail(node: Any, text: Any) -> None:
    """Put comment lines taken by :func:`_take_tail` after ``node``'s last line."""
    if text is None:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    at = _tail_of(node)
    if at is None:
        return
    got = at[0].ca.items.setdefault(at[1], [None, None, None, None])
    while len(got) < 4:
        got.append(None)
    tok = got[2]
    if tok is None:
        got[2] = CommentToken(text, CommentMark(0), None)
    else:
        tok.value = tok.value.rstrip("\n") + text if "\n" in tok.value else tok.value + text


def _new_map() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def _new_seq() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def _set_key(target: Any, key: str, value: Any, cls: type) -> None:
    """Set (or, for None, delete) ``key`` of a ruamel map, a new key at its place in the
    model's field order."""
    if value is None:
        if key in target:
            del target[key]
        return
    if key in target:
        target[key] = value
        return
    order = [f.key for f in m.fields_of(cls)]
    rank = order.index(key) if key in order else len(order)
    pos = len(target)
    for i, k in enumerate(target):
        if k in order and order.index(k) > rank:
            pos = i
            break
    target.insert(pos, key, value)


def _lines_of(t: Touched, doc: Any, text: str) -> list[tuple[int, int, str]]:
    """(line, col, cell) for every line of the new text that a cell of ``t`` wrote, found
    in ``doc`` (the new text parsed) by walking to the same entity."""
    idx = next((i for i, x in enumerate(t.file.doc.get(t.section) or ()) if x is t.top), None)
    if idx is None:
        return []
    node = doc[t.section][idx]
    if t.sub == "contacts":
        seq = t.top.get("contacts") or ()
        j = next((i for i, x in enumerate(seq) if x is t.node), None)
        if j is None:
            return []
        node = node["contacts"][j]
    elif t.sub == "handover" and t.top.get("handover") is not t.node:
        seq = t.top.get("handovers") or ()
        j = next((i for i, x in enumerate(seq) if x is t.node), None)
        if j is None:
            return []
        node = node["handovers"][j]
    elif t.sub in ("handover", "duties"):
        node = node.get(t.sub)
    if node is None or not hasattr(node, "lc"):
        return []
    first = t.row.where if t.row else ""
    keys = list(node.keys())
    starts = [node.lc.key(k) for k in keys]
    out: list[tuple[int, int, str]] = []
    end_line = starts[-1][0] + 1 + text.count("\n")  # generous: up to the next entity
    parent = doc[t.section]
    if idx + 1 < len(parent) and hasattr(parent[idx + 1], "lc"):
        end_line = parent.lc.item(idx + 1)[0]
    for i, k in enumerate(keys):
        line0, col0 = starts[i]
        where = t.keys.get(k, first)
        nxt = starts[i + 1][0] if i + 1 < len(keys) else end_line
        if nxt == line0:  # a flow mapping: several keys on one line
            out.append((line0 + 1, col0 + 1, where))
            continue
        for ln in range(line0, max(nxt, line0 + 1)):
            out.append((ln + 1, col0 + 1 if ln == line0 else 1, where))
    return out


def import_file(path: Path, registry: Path, shown: str | None = None) -> Result:
    """Merge the workbook or CSV file at ``path`` into the registry at ``registry`` (in
    memory: the caller writes :attr:`Result.files` when there are no errors)."""
    shown = shown or path.name
    reg, base = load(registry)
    errors = [x for x in base if x.severity == ERROR]
    if errors:
        return Result(errors, {}, [], ["the registry has errors; fix them (remit check) "
                                       "before importing"])
    tables, problems = read_any(path, shown)
    if problems:
        return Result(sort_diagnostics(problems), {}, [], [])
    mg = Merge(registry, reg)
    try:
        for table in tables:
            kind = table.sheet.kind
            if kind == "contacts":
                mg.contacts(table)
            elif kind == "duties":
                mg.duties(table)
            elif kind == "handovers":
                mg.handovers(table)
            else:
                mg.entities(table, kind, table.sheet.entity)
    except EditError as exc:
        where, why = str(exc).split(": ", 1)
        return Result([problem(where, why, "import-unreadable")], {}, [], [])
    return mg.result(base)


def write_files(files: dict[Path, str]) -> None:
    """Write each changed file whole, through a temporary file beside it."""
    for p, text in files.items():
        tmp = p.with_name(f".{p.name}.remit-import")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, p)


__all__ = ["import_file", "write_files", "Result"]

"""Load a whole registry folder: departments.yaml, its fragments and its asset sources.

``load(path)`` is the one entry point the CLI, the MkDocs plugin, the benchmarks and the
tests use. It never raises for bad input: every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import model as m
from .diagnostics import ERROR, Diagnostic, sort_diagnostics
from .source import CsvRow, YMap, decode, load_yaml_text, new_map, read_csv, read_geojson
from .validate import (
    ID_RE,
    Collected,
    Ctx,
    check_geometry,
    check_id,
    check_lonlat,
    check_text,
    check_value,
    collect_file,
    finish,
    plan_of,
    record_ref,
)

MAIN_FILE = "departments.yaml"
_ROW_FIELDS = ("id", "name", "part_of", "owner", "location", "notes", "lon", "lat")
_SET_FIELDS = ("owner", "duties", "location", "notes", "part_of")


def display_path(p: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(p)
    return str(Path(p).absolute()) if rel.startswith("..") else rel


def find_main(path: Path) -> tuple[Path, Path]:
    """(registry folder, main file) for a folder or a main file."""
    if path.is_dir():
        return path, path / MAIN_FILE
    return path.parent, path


def registry_files(root: Path, main: Path) -> list[Path]:
    """The main file first, then every other YAML file under the folder, sorted."""
    extra = sorted(
        p for pattern in ("*.yaml", "*.yml") for p in root.rglob(pattern)
        if p.resolve() != main.resolve() and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    return [main, *extra]


def read_bytes(p: Path, ctx: Ctx) -> bytes | None:
    try:
        return p.read_bytes()
    except FileNotFoundError:
        ctx.diags.append(Diagnostic(ERROR, display_path(p), 0, 0, "", "file not found",
                                    "no-file"))
    except OSError as exc:
        ctx.diags.append(Diagnostic(ERROR, display_path(p), 0, 0, "",
                                    f"cannot read file: {exc.strerror}", "no-file"))
    return None


def load(path: str | os.PathLike[str]) -> tuple[m.Registry, list[Diagnostic]]:
    """Load and validate the registry at ``path`` (a folder or its departments.yaml)."""
    ctx = Ctx()
    root, main = find_main(Path(path))
    col = Collected()
    if not main.is_file():
        shown = display_path(main)
        ctx.diags.append(Diagnostic(ERROR, shown, 0, 0, "", f"no registry here: {shown} does "
                                    "not exist (give the folder holding departments.yaml)",
                                    "no-file"))
        return finish(ctx, col, str(root)) or _empty(), sort_diagnostics(ctx.diags)  # type: ignore[return-value]
    for p in registry_files(root, main):
        data = read_bytes(p, ctx)
        if data is None:
            continue
        shown = display_path(p)
        text, diags = decode(data, shown)
        ctx.diags.extend(diags)
        if text is None:
            continue
        tree, diags = load_yaml_text(text, shown)
        ctx.diags.extend(diags)
        if diags and tree is None:
            continue
        collect_file(ctx, tree, shown, p == main, col)
    for i, src in enumerate(list(col.lists["asset_sources"])):
        col.lists["assets"].extend(load_source(ctx, root, src, i))
    reg = finish(ctx, col, str(root))
    return reg, sort_diagnostics(ctx.diags)  # type: ignore[return-value]


def _empty() -> m.Registry:  # pragma: no cover - finish always returns a registry
    return m.Registry(m.Site(title="remit"), (), (), (), (), (), (), ())


# --- asset sources ------------------------------------------------------------------------


def load_source(ctx: Ctx, root: Path, src: m.AssetSource, index: int) -> list[m.Asset]:
    node = src.node
    assert node is not None
    path = f"asset_sources[{index}]"
    target = (root / src.file).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        ctx.error(node, "file", f"{path}.file", f"'{src.file}' is outside the registry "
                  "folder; keep asset sources under it", "bad-source")
        return []
    ext = target.suffix.lower()
    if ext not in (".csv", ".geojson", ".json"):
        ctx.error(node, "file", f"{path}.file", f"'{src.file}' is neither .csv nor .geojson",
                  "bad-source")
        return []
    if not target.is_file():
        ctx.error(node, "file", f"{path}.file", f"file '{src.file}' not found next to "
                  f"{MAIN_FILE}", "bad-source")
        return []
    data = read_bytes(target, ctx)
    if data is None:
        return []
    shown = display_path(target)
    text, diags = decode(data, shown)
    ctx.diags.extend(diags)
    if text is None:
        return []

    columns = src.columns or {}
    cnode = node.get("columns")
    bad = False
    for field_name in columns:
        if field_name not in _ROW_FIELDS and not (
                field_name.startswith("duties.") and ID_RE.match(field_name[7:])):
            ctx.error(cnode, field_name, f"{path}.columns.{field_name}",
                      f"'{field_name}' cannot come from a column; use one of "
                      f"{', '.join(_ROW_FIELDS)} or duties.<duty>", "unknown-field",
                      at_key=True)
            bad = True
    for need in ("id", "name"):
        if need not in columns:
            ctx.error(node, "columns", f"{path}.columns",
                      f"columns must map '{need}' to a column", "missing")
            bad = True
    if ("lon" in columns) != ("lat" in columns):
        ctx.error(node, "columns", f"{path}.columns", "map both lon and lat, or neither",
                  "missing")
        bad = True
    consts = _source_constants(ctx, src, path)
    if bad:
        return []

    if ext == ".csv":
        rows, header, diags = read_csv(text, shown)
        ctx.diags.extend(diags)
        missing = [c for c in columns.values() if c not in header]
        for f_name, colname in columns.items():
            if colname in missing:
                ctx.error(cnode, f_name, f"{path}.columns.{f_name}",
                          f"column '{colname}' is not in the header of {src.file} "
                          f"(columns: {', '.join(header)})", "bad-source")
        if missing:
            return []
        pairs: list[tuple[YMap, Any]] = [(r, None) for r in rows]
    else:
        pairs, diags = read_geojson(text, shown)
        ctx.diags.extend(diags)
    out = []
    for row, geom in pairs:
        a = _row_asset(ctx, src, columns, consts, row, geom, ext == ".csv")
        if a is not None:
            out.append(a)
    return out


def _source_constants(ctx: Ctx, src: m.AssetSource, path: str) -> dict[str, Any]:
    consts: dict[str, Any] = {}
    snode = src.node.get("set") if src.node else None
    if not isinstance(snode, YMap):
        return consts
    kinds = {row[0]: row[2] for row in plan_of(m.Asset)}
    for k, v in snode.items():
        if k not in _SET_FIELDS:
            ctx.error(snode, k, f"{path}.set.{k}", f"'{k}' cannot be set for a whole source; "
                      f"use one of {', '.join(_SET_FIELDS)}", "unknown-field", at_key=True)
            continue
        val = check_value(ctx, kinds[k], v, snode, k, f"{path}.set.{k}")
        if val is not None:
            consts[k] = val
    return consts


def _row_asset(ctx: Ctx, src: m.AssetSource, columns: dict[str, str], consts: dict[str, Any],
               row: YMap, geom: Any, is_csv: bool) -> m.Asset | None:
    if isinstance(row, CsvRow):
        row.alias = columns

    def cell(f_name: str) -> Any:
        col = columns.get(f_name)
        if col is None:
            return None
        v = row.get(col)
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    def key(f_name: str) -> Any:
        return columns.get(f_name) if is_csv else None

    rid = cell("id")
    label = f"assets[{rid}]" if isinstance(rid, str) and ID_RE.match(rid) else \
        f"assets[{src.file} row {row.line}]"
    if rid is None:
        ctx.error(row, key("id"), f"{label}.id", f"row has no id (column "
                  f"'{columns['id']}' is empty)", "missing")
        return None
    if not isinstance(rid, str):
        rid = str(rid)
    if not ID_RE.match(rid) and check_id(ctx, rid, row, key("id"), f"{label}.id") is None:
        return None
    name = cell("name")
    if name is None:
        ctx.error(row, key("name"), f"{label}.name", f"row has no name (column "
                  f"'{columns['name']}' is empty)", "missing")
        name = rid
    elif not isinstance(name, str) or check_text(ctx, name, row, key("name"),
                                                  f"{label}.name", False) is None:
        name = str(name)

    part_of = cell("part_of")
    if part_of is not None:
        part_of = record_ref(ctx, "asset", str(part_of), row, key("part_of"),
                             f"{label}.part_of")
    else:
        part_of = consts.get("part_of")
    owner = cell("owner")
    if owner is not None:
        owner = record_ref(ctx, "department", str(owner), row, key("owner"), f"{label}.owner")
    else:
        owner = consts.get("owner")
    duties = consts.get("duties") or {}
    extra = [f for f in columns if f.startswith("duties.")]
    if extra:
        duties = dict(duties)
        for f_name in extra:
            holder = cell(f_name)
            if holder is not None:
                r = record_ref(ctx, "department", str(holder), row, key(f_name),
                               f"{label}.{f_name}")
                if r:
                    duties[f_name[7:]] = m.DutyHolding((r,))

    geometry = None
    if "lon" in columns:
        lon, lat = cell("lon"), cell("lat")
        if lon is not None or lat is not None:
            try:
                flon = float(lon) if lon is not None else None
                flat = float(lat) if lat is not None else None
            except (TypeError, ValueError):
                ctx.error(row, key("lon"), f"{label}.lon", f"coordinates '{lon}', '{lat}' are "
                          "not numbers", "bad-geometry")
                flon = flat = None
            if flon is not None and flat is not None:
                problem = check_lonlat(flon, flat)
                if problem:
                    ctx.error(row, key("lon"), f"{label}.lon", problem, "bad-geometry")
                else:
                    geometry = {"type": "Point", "coordinates": [flon, flat]}
            elif (lon is None) != (lat is None):
                ctx.error(row, key("lon"), f"{label}.lon", "give both lon and lat, or neither",
                          "bad-geometry")
    elif geom is not None:
        geometry = check_geometry(ctx, geom, row, None, f"{label}.geometry")

    location = cell("location")
    notes = cell("notes")
    return m.Asset(
        id=rid, name=name, type=src.type, part_of=part_of,
        location=str(location) if location is not None else consts.get("location"),
        geometry=geometry, owner=owner, duties=duties,
        notes=str(notes) if notes is not None else consts.get("notes"),
        node=row,
    )


__all__ = ["load", "find_main", "registry_files", "display_path", "new_map"]

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
from .source import YMap, decode, load_yaml_text, read_csv, read_geojson
from .validate import (
    CONTROL_RE,
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
    return _rows_to_assets(ctx, src, columns, consts, pairs, ext == ".csv")


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


def _rows_to_assets(ctx: Ctx, src: m.AssetSource, columns: dict[str, str],
                    consts: dict[str, Any], pairs: list[tuple[YMap, Any]], is_csv: bool,
                    ) -> list[m.Asset]:
    """One asset per row. The hot loop of a 90,000-lamp inventory: keep it lean."""
    c_id, c_name = columns["id"], columns["name"]
    c_part, c_owner = columns.get("part_of"), columns.get("owner")
    c_loc, c_notes = columns.get("location"), columns.get("notes")
    c_lon, c_lat = columns.get("lon"), columns.get("lat")
    duty_cols = [(f[7:], col) for f, col in columns.items() if f.startswith("duties.")]
    k_part = "part_of" if is_csv else None
    k_owner = "owner" if is_csv else None
    k_lon = "lon" if is_csv else None
    base_duties = consts.get("duties") or {}
    c_part_of, c_owner_v = consts.get("part_of"), consts.get("owner")
    c_location, c_notes_v = consts.get("location"), consts.get("notes")
    id_match = ID_RE.match
    refs = ctx.refs
    out: list[m.Asset] = []
    asset = m.Asset
    stype = src.type

    def val(row: YMap, col: str | None) -> Any:
        if col is None:
            return None
        v = row.get(col)
        if v.__class__ is str:
            return v.strip() or None
        return v

    def ref_cell(row: YMap, kind: str, col: str | None, key: str | None, label: str,
                 field: str, default: Any) -> Any:
        """A reference from a cell (recorded for pass 2), else the source's constant."""
        v = val(row, col)
        if v is None:
            return default
        v = str(v)
        refs.append((kind, v, row, key, f"{label}.{field}"))
        return v if id_match(v) else None

    for row, geom in pairs:
        if is_csv:
            row.alias = columns  # type: ignore[attr-defined]
        rid = val(row, c_id)
        if rid.__class__ is not str or not id_match(rid):
            label = f"assets[{src.file} row {row.line}]"
            if rid is None:
                ctx.error(row, "id" if is_csv else None, f"{label}.id",
                          f"row has no id (column '{c_id}' is empty)", "missing")
                continue
            check_id(ctx, str(rid), row, "id" if is_csv else None, f"{label}.id")
            continue
        label = f"assets[{rid}]"
        name = val(row, c_name)
        if name is None:
            ctx.error(row, "name" if is_csv else None, f"{label}.name",
                      f"row has no name (column '{c_name}' is empty)", "missing")
            name = rid
        elif name.__class__ is not str:
            name = str(name)
        elif "\n" in name or CONTROL_RE.search(name):
            name = check_text(ctx, name, row, "name" if is_csv else None, f"{label}.name",
                              False) or rid
        part_of = ref_cell(row, "asset", c_part, k_part, label, "part_of", c_part_of)
        owner = ref_cell(row, "department", c_owner, k_owner, label, "owner", c_owner_v)
        duties = base_duties
        if duty_cols:
            duties = dict(base_duties)
            for duty, col in duty_cols:
                holder = val(row, col)
                if holder is not None:
                    r = record_ref(ctx, "department", str(holder), row,
                                   f"duties.{duty}" if is_csv else None,
                                   f"{label}.duties.{duty}")
                    if r:
                        duties[duty] = m.DutyHolding((r,))
        geometry = None
        if c_lon is not None:
            lon, lat = val(row, c_lon), val(row, c_lat)
            if lon is not None and lat is not None:
                try:
                    flon, flat = float(lon), float(lat)
                except (TypeError, ValueError):
                    ctx.error(row, k_lon, f"{label}.lon", f"coordinates '{lon}', '{lat}' are "
                              "not numbers", "bad-geometry")
                else:
                    if -180.0 <= flon <= 180.0 and -90.0 <= flat <= 90.0:
                        geometry = {"type": "Point", "coordinates": [flon, flat]}
                    else:
                        ctx.error(row, k_lon, f"{label}.lon",
                                  check_lonlat(flon, flat) or "bad coordinates", "bad-geometry")
            elif lon is not None or lat is not None:
                ctx.error(row, k_lon, f"{label}.lon", "give both lon and lat, or neither",
                          "bad-geometry")
        elif geom is not None:
            geometry = check_geometry(ctx, geom, row, None, f"{label}.geometry")
        loc = val(row, c_loc)
        notes = val(row, c_notes)
        out.append(asset(
            id=rid, name=name, type=stype, part_of=part_of,
            location=str(loc) if loc is not None else c_location,
            geometry=geometry, owner=owner, duties=duties,
            notes=str(notes) if notes is not None else c_notes_v, node=row,
        ))
    return out


__all__ = ["load", "find_main", "registry_files", "display_path"]

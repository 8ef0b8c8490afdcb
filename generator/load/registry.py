"""Load a whole registry folder: departments.yaml, its fragments and its asset sources.

``load(path)`` is the one entry point the CLI, the MkDocs plugin, the benchmarks and the
tests use. It never raises for bad input: every problem comes back as a Diagnostic.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator import model as m
from generator.diagnostics import ERROR, Diagnostic, sort_diagnostics
from generator.load.source import (
    SCAN_RE,
    bad_char,
    char_kind,
    decode,
    load_yaml_text,
    printable,
    read_csv,
    read_geojson,
)
from generator.load.validate import (
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
    record_ref,
    wrong_type,
)
from generator.model.nodes import MAX_FILE_BYTES, YMap

MAIN_FILE = "departments.yaml"
_ROW_FIELDS = ("id", "name", "part_of", "owner", "location", "notes", "lon", "lat")
_SET_FIELDS = ("owner", "duties", "location", "notes", "part_of")
_YAML_EXT = (".yaml", ".yml")


def display_path(p: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it, with
    any character a name should not hold escaped (see :func:`source.printable`)."""
    try:
        rel = os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive on Windows
        return printable(str(p))
    return printable(str(Path(p).absolute()) if rel.startswith("..") else rel)


def find_main(path: Path) -> tuple[Path, Path]:
    """(registry folder, main file) for a folder or a main file."""
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        return path, path / MAIN_FILE
    return path.parent, path


# --- never outside the registry folder ----------------------------------------------------
#
# The registry folder holds real files only. Every file remit reads (the main file, the
# fragments, the asset sources) must lie under the folder without passing through a
# symbolic link: a symlink is refused, wherever it points, with a message that never shows
# what its target holds. (A symlink inside the folder could be followed safely, but git
# history keeps symlinks as links, not files, so the registry would read differently from
# the folder and from its history; "replace the symlink by the file" keeps one reading.)
# The folder itself may be reached through a symlink.


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "does not exist"
    if exc.errno == errno.ENAMETOOLONG:
        return ("has a name too long for the file system (a name may have at most 255 "
                "bytes); shorten it")
    if exc.errno == errno.ENOTDIR:
        return "is not a file: a folder on its path is a file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied; make it readable"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that loops back on itself; delete it"
    return f"cannot be read ({exc.strerror or exc})"


def _link_problem(link: Path, root: Path) -> str:
    """Why the symlink ``link`` is refused, and the fix. Its target is never opened."""
    try:
        st = os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself; delete it"
        if exc.errno == errno.ENOENT:
            return ("is a symbolic link to something that does not exist; delete it or "
                    "replace it by the file")
        return f"is a symbolic link that cannot be followed ({exc.strerror}); delete it"
    what = "folder" if stat.S_ISDIR(st.st_mode) else "file"
    target = os.path.realpath(link)
    home = os.path.realpath(root)
    if target == home or target.startswith(home.rstrip(os.sep) + os.sep):
        return (f"is a symbolic link to another {what} in the registry folder; remit reads "
                f"real files only, each once: replace the symlink by the {what} itself, or "
                "delete it")
    return (f"is a symbolic link to a {what} outside the registry folder (remit never reads "
            f"outside it); replace the symlink by a copy of the {what}, or delete it")


def locate(root: Path, rel: str) -> tuple[Path | None, str]:
    """``rel`` (relative to the registry folder ``root``) as a path to read, or why not.

    The one check for "inside the registry" (the main file, fragments and asset sources
    all pass it): the path may not leave the folder, pass through a symbolic link or be
    anything but a regular file. Nothing is read; the problem never quotes file contents.
    """
    norm = os.path.normpath(rel)
    if os.path.isabs(norm) or norm == os.pardir or norm.startswith(os.pardir + os.sep):
        return None, "is outside the registry folder"
    parts = Path(norm).parts
    cur = root
    mode = 0
    for i, part in enumerate(parts):
        cur = cur / part
        try:
            mode = os.lstat(cur).st_mode
        except OSError as exc:
            return None, _os_problem(exc)
        except ValueError:  # an embedded NUL
            return None, "is not a usable file name"
        if stat.S_ISLNK(mode):
            problem = _link_problem(cur, root)
            if i < len(parts) - 1:
                problem = f"lies in '{Path(*parts[:i + 1])}', which {problem}"
            return None, problem
        if i < len(parts) - 1 and not stat.S_ISDIR(mode):
            return None, f"is not a file: '{Path(*parts[:i + 1])}' is not a folder"
    if stat.S_ISDIR(mode):
        return None, "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return None, "is not a regular file (a device, pipe or socket)"
    return cur, ""


def registry_files(root: Path, main: Path, ctx: Ctx | None = None) -> list[Path]:
    """The main file first, then every other YAML file under the folder, sorted.

    Hidden files and folders are skipped. Symbolic links (to files or folders), folders
    named ``*.yaml``, YAML files and folders whose names hold what a one-line text may not
    (or are not UTF-8), and folders that cannot be listed are reported into ``ctx``, never
    followed or read."""
    found: list[Path] = []

    def report(p: Path, problem: str, code: str) -> None:
        if ctx is not None:
            ctx.diags.append(Diagnostic(ERROR, display_path(p), 0, 0, "",
                                        printable(f"'{p.name}' {problem}"), code))

    def walk(folder: Path) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted((e.name, e) for e in it if not e.name.startswith("."))
        except OSError as exc:
            report(folder, f"is a folder that {_os_problem(exc)}", "no-file")
            return
        for name, e in entries:
            p = folder / name
            is_yaml = name.endswith(_YAML_EXT)
            try:
                bad = bad_char(name)
                if bad is not None and (is_yaml or e.is_dir(follow_symlinks=False)):
                    why = ("is not valid UTF-8" if "\udc80" <= bad <= "\udcff"
                           else f"holds {char_kind(bad)}")
                    report(p, f"has a name that {why}; rename it", "bad-name")
                    continue
                if e.is_symlink():
                    if is_yaml or _is_dir(p):
                        report(p, _link_problem(p, root), "symlink")
                    continue
                if e.is_dir(follow_symlinks=False):
                    if is_yaml:
                        report(p, "is a folder; names ending in .yaml or .yml are kept for "
                               "registry files: rename the folder", "not-a-file")
                    walk(p)
                elif is_yaml and p != main:
                    if e.is_file(follow_symlinks=False):
                        found.append(p)
                    else:
                        report(p, "is not a regular file (a device, pipe or socket); "
                               "delete it", "not-a-file")
            except OSError as exc:
                report(p, _os_problem(exc), "no-file")

    walk(root)
    return [main, *sorted(found)]


def _is_dir(p: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(p).st_mode)
    except OSError:
        return False


def read_file(p: Path, ctx: Ctx, limit: int, c: Any = None, key: Any = None,
              path: str = "") -> bytes | None:
    """The bytes of the regular file ``p`` (already :func:`locate`-d), or None after a
    located error: too large (checked before reading), unreadable, or no longer a regular
    file (a symlink put in its place is not followed)."""
    shown = display_path(p)

    def fail(message: str, code: str) -> None:
        if c is not None:
            ctx.error(c, key, path, message, code)
        else:
            ctx.diags.append(Diagnostic(ERROR, shown, 0, 0, "", message, code))

    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        fail(f"'{p.name}' {_os_problem(exc)}", "no-file")
        return None
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                fail(f"'{p.name}' is not a regular file", "not-a-file")
                return None
            if st.st_size > limit:
                fail(too_large(st.st_size, limit), "too-large")
                return None
            data = f.read(st.st_size + 1)  # not read(limit): that would allocate the limit
            while len(data) > st.st_size and len(data) <= limit:  # it grew meanwhile
                more = f.read(1 << 20)
                if not more:
                    break
                data += more
        except OSError as exc:
            fail(f"'{p.name}' {_os_problem(exc)}", "no-file")
            return None
    if len(data) > limit:
        fail(too_large(len(data), limit), "too-large")
        return None
    return data


def too_large(size: int, limit: int) -> str:
    if limit >= MAX_FILE_BYTES:
        return (f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} this tool reads; "
                "split it into several files")
    return (f"file is {size:,} bytes, more than the limit of {limit:,} "
            "(site.limits.file_bytes); split it into several files, or raise "
            "site.limits.file_bytes in departments.yaml")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused. Loading makes millions of objects that
    all live on (YAML nodes, then the registry) and almost no cyclic garbage; each full
    collection walks every one of them again: at 100,000 assets and 10,000 cases that was
    40 % of the loading time (``benchmarks/bench_cases.py``). Reference counting still frees
    what is dropped; the collector runs again afterwards as it was. What survived is moved
    to the oldest generation on the way out (``freeze`` then ``unfreeze``: two list
    splices), so the first young collection after loading does not walk it all either
    (0.5–0.9 s at that size)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def load(path: str | os.PathLike[str]) -> tuple[m.Registry, list[Diagnostic]]:
    """Load and validate the registry at ``path`` (a folder or its departments.yaml).

    The main file is read first (up to the 256 MB ceiling); its ``site.limits`` then hold
    for it and for every fragment and source after it."""
    with _no_cycle_collection():
        return _load(path)


def _load(path: str | os.PathLike[str]) -> tuple[m.Registry, list[Diagnostic]]:
    ctx = Ctx()
    root, main = find_main(Path(path))
    col = Collected()
    where, problem = locate(root, main.name)
    if where is None:
        shown = display_path(main)
        if problem == "does not exist":
            problem = (f"no registry here: {shown} does not exist (give the folder holding "
                       f"{MAIN_FILE})")
        else:
            problem = f"'{main.name}' {problem}"
        ctx.diags.append(Diagnostic(ERROR, shown, 0, 0, "", problem, "no-file"))
        return finish(ctx, col, str(root)) or _empty(), sort_diagnostics(ctx.diags)  # type: ignore[return-value]
    unread: list[str] = []  # YAML files that could not be parsed at all
    for p in registry_files(root, main, ctx):
        is_main = p == main
        data = read_file(p, ctx, MAX_FILE_BYTES if is_main else ctx.limits.file_bytes)
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
            unread.append(shown)
            continue
        collect_file(ctx, tree, shown, is_main, col)
        if is_main and len(data) > ctx.limits.file_bytes:
            ctx.diags.append(Diagnostic(ERROR, shown, 0, 0, "",
                                        too_large(len(data), ctx.limits.file_bytes),
                                        "too-large"))
    for i, src in enumerate(list(col.lists["asset_sources"])):
        col.lists["assets"].extend(load_source(ctx, root, src, i))
    reg = finish(ctx, col, str(root))
    return reg, sort_diagnostics(_without_echoes(ctx.diags, unread))  # type: ignore[return-value]


#: Problems that follow from a file that could not be read: its ids are missing, so every
#: reference to them elsewhere is "unknown".
_ECHO_CODES = frozenset({"unknown-ref", "unknown-duty"})


def _without_echoes(diags: list[Diagnostic], unread: list[str]) -> list[Diagnostic]:
    """When a registry file could not be parsed, the unknown references elsewhere are mostly
    echoes of it (one colon typed wrong in departments.yaml made 160 of them): they are
    counted in one message on that file instead, so the real problem is not buried."""
    if not unread:
        return diags
    echoes = [d for d in diags if d.code in _ECHO_CODES]
    if not echoes:
        return diags
    kept = [d for d in diags if d.code not in _ECHO_CODES]
    files = ", ".join(unread)
    kept.append(Diagnostic(
        ERROR, unread[0], 0, 0, "",
        f"{len(echoes)} unknown reference{'s' if len(echoes) != 1 else ''} not listed: "
        f"the ids they name may be defined in {files}, which could not be read; fix the "
        f"YAML syntax error{'s' if len(unread) != 1 else ''} reported there and check again",
        "references-not-checked"))
    return kept


def _empty() -> m.Registry:  # pragma: no cover - finish always returns a registry
    return m.Registry(m.Site(title="remit"), (), (), (), (), (), (), ())


# --- asset sources ------------------------------------------------------------------------


def load_source(ctx: Ctx, root: Path, src: m.AssetSource, index: int) -> list[m.Asset]:
    node = src.node
    assert node is not None
    path = f"asset_sources[{index}]"
    ext = os.path.splitext(src.file)[1].lower()
    target, problem = locate(root, src.file)
    if problem == "is outside the registry folder":
        ctx.error(node, "file", f"{path}.file", f"'{src.file}' is outside the registry "
                  "folder; keep asset sources under it", "bad-source")
        return []
    if ext not in (".csv", ".geojson", ".json"):
        ctx.error(node, "file", f"{path}.file", f"'{src.file}' is neither .csv nor .geojson",
                  "bad-source")
        return []
    if problem == "does not exist":
        ctx.error(node, "file", f"{path}.file", f"file '{src.file}' not found next to "
                  f"{MAIN_FILE}", "bad-source")
        return []
    if target is None:
        ctx.error(node, "file", f"{path}.file", f"'{src.file}' {problem}", "bad-source")
        return []
    data = read_file(target, ctx, ctx.limits.file_bytes)
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
        rows, header, diags = read_csv(text, shown, ctx.limits.csv_cells)
        ctx.diags.extend(diags)
        if not header:
            return []  # empty, unreadable or too wide: reported above
        missing = [c for c in columns.values() if c not in header]
        for f_name, colname in columns.items():
            if colname in missing:
                ctx.error(cnode, f_name, f"{path}.columns.{f_name}",
                          f"column '{colname}' is not in the header of {src.file} "
                          f"(columns: {', '.join(header)})", "bad-source")
        if missing:
            return []
        pairs: list[tuple[YMap, Any]] = [(r, None) for r in rows]
        # only quoted cells can hold a line break
        suspect = '"' in text or SCAN_RE.search(text) is not None
    else:
        pairs, diags = read_geojson(text, shown)
        ctx.diags.extend(diags)
        # JSON escapes (\u202e, \ud800, \n) are only seen after parsing
        suspect = "\\" in text or SCAN_RE.search(text) is not None
    return _rows_to_assets(ctx, src, columns, consts, pairs, ext == ".csv", suspect)


def _source_constants(ctx: Ctx, src: m.AssetSource, path: str) -> dict[str, Any]:
    consts: dict[str, Any] = {}
    snode = src.node.get("set") if src.node else None
    if not isinstance(snode, YMap):
        return consts
    kinds = {f.key: f.kind for f in m.fields_of(m.Asset)}
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
                    suspect: bool = True) -> list[m.Asset]:
    """One asset per row. The hot loop of a 90,000-lamp inventory: keep it lean.

    ``suspect`` is false when one search of the whole file found no character that text
    may not hold (nor a quote or a JSON escape that could produce one): then each cell
    needs only a length check, and the full check of :func:`check_text` runs only on the
    cells of files that need it."""
    c_id, c_name = columns["id"], columns["name"]
    c_part, c_owner = columns.get("part_of"), columns.get("owner")
    c_loc, c_notes = columns.get("location"), columns.get("notes")
    c_lon, c_lat = columns.get("lon"), columns.get("lat")
    duty_cols = [(f[7:], col) for f, col in columns.items() if f.startswith("duties.")]
    k_id = "id" if is_csv else None
    k_part = "part_of" if is_csv else None
    k_owner = "owner" if is_csv else None
    k_lon = "lon" if is_csv else None
    base_duties = consts.get("duties") or {}
    c_part_of, c_owner_v = consts.get("part_of"), consts.get("owner")
    c_location, c_notes_v = consts.get("location"), consts.get("notes")
    id_match = ID_RE.match
    reserved = m.RESERVED_IDS
    refs = ctx.refs
    out: list[m.Asset] = []
    asset = m.Asset
    stype = src.type
    name_max, text_max = ctx.limits.name_chars, ctx.limits.text_chars

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

    def text_cell(row: YMap, v: Any, field: str, label: str, multiline: bool) -> str | None:
        """A text cell that needs more than the fast path: checked at the door."""
        key = field if is_csv else None
        if v.__class__ is not str:
            if v.__class__ not in (int, float):  # GeoJSON: true, {...}, [...]
                wrong_type(ctx, row, key, f"{label}.{field}", "text", v)
                return None
            v = str(v)
        return check_text(ctx, v, row, key, f"{label}.{field}", multiline)

    for row, geom in pairs:
        if is_csv:
            row.alias = columns  # type: ignore[attr-defined]
        rid = val(row, c_id)
        if rid.__class__ is not str or not id_match(rid) or rid in reserved:
            rid = _row_id(ctx, rid, row, k_id, f"assets[{src.file} row {row.line}]", c_id)
            if rid is None:
                continue
        label = f"assets[{rid}]"
        name = val(row, c_name)
        if name is None:
            ctx.error(row, "name" if is_csv else None, f"{label}.name",
                      f"row has no name (column '{c_name}' is empty)", "missing")
            name = rid
        elif suspect or name.__class__ is not str or len(name) > name_max:
            name = text_cell(row, name, "name", label, False) or rid
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
        if loc is not None and (suspect or loc.__class__ is not str or len(loc) > name_max):
            loc = text_cell(row, loc, "location", label, False)
        notes = val(row, c_notes)
        if notes is not None and (suspect or notes.__class__ is not str
                                  or len(notes) > text_max):
            notes = text_cell(row, notes, "notes", label, True)
        out.append(asset(
            id=rid, name=name, type=stype, part_of=part_of,
            location=loc if loc is not None else c_location,
            geometry=geometry, owner=owner, duties=duties,
            notes=notes if notes is not None else c_notes_v, node=row,
        ))
    return out


def _row_id(ctx: Ctx, rid: Any, row: YMap, key: str | None, label: str, column: str,
            ) -> str | None:
    """The id of a row that failed the fast check: a whole number from GeoJSON is kept as
    text; anything else not a valid, unreserved id is a located error, never dropped
    silently."""
    if rid is None:
        ctx.error(row, key, f"{label}.id", f"row has no id (column '{column}' is empty)",
                  "missing")
        return None
    if rid.__class__ is int:
        rid = str(rid)
    elif rid.__class__ is not str:
        wrong_type(ctx, row, key, f"{label}.id", "an id (text, or a whole number)", rid)
        return None
    return check_id(ctx, rid, row, key, f"{label}.id")


__all__ = ["load", "find_main", "registry_files", "display_path"]

"""Open data exports: the registry as JSON, CSV, GeoJSON, JSON Schema, Open311 and Popolo.

Every export is an allow-list of the public registry: internal contacts are dropped before
anything is written, and nothing here depends on the date or the machine, so the same
registry always gives the same bytes (sections sorted by id, keys in model order, ``\\n``
line ends for JSON, RFC 4180 ``\\r\\n`` for CSV). The CSV tables hold the values as they
are; :mod:`generator.publish.csv_safe` writes them, neutralising cells a spreadsheet would run as
formulas.

``export_files(d)`` gives the files the site publishes under ``data/`` (with a "Data" page,
``data/index.md``, describing each one); ``export_bytes(d, fmt)`` gives one format's files
for ``remit export``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

from generator import model as m
from generator.directory import Directory
from generator.model.schema import schema_json
from generator.outfile import OutFile, front_matter
from generator.publish.cases_export import cases_table, open311_requests
from generator.publish.csv_safe import csv_bytes
from generator.publish.workbook import Names, join_list, ref_of
from generator.words import asset_type_name, duty_name, name_of, t, table

#: The open data formats (``remit export --format all`` writes every one of them, and the
#: site publishes them under ``data/``).
FORMATS = ("json", "csv", "geojson", "schema", "open311", "popolo")
#: Every format ``remit export --format`` accepts: the open data and the spreadsheet
#: workbook for editing (:mod:`generator.publish.workbook`, read back by ``remit import``).
EXPORT_FORMATS = (*FORMATS, "xlsx")

#: CSV tables, in the order the Data page lists them.
CSV_KINDS = ("departments", "responsibilities", "contacts", "asset_types", "assets", "duties",
             "handovers", "boundaries", "matters", "escalation", "disputes", "cases")

# --- the normalised registry --------------------------------------------------------------


def _norm(kind: m.Kind, v: Any) -> Any:
    return None if v is None else kind.export_json(v, entity_dict)


def entity_dict(ent: Any) -> dict[str, Any]:
    """One entity as registry-shaped JSON: registry keys, model order, empty values left out.

    Contacts marked ``internal`` are dropped from departments (the public allow-list).
    """
    out: dict[str, Any] = {}
    for key, attr, kind, v in m.values_of(ent):
        if isinstance(ent, m.Department) and attr == "contacts":
            v = tuple(c for c in v if c.visibility == "public")
        val = _norm(kind, v)
        if val is None or (isinstance(val, (list, dict)) and not val):
            continue
        out[key] = val
    return out


def _by_id(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda x: x.id)


def registry_dict(r: m.Registry) -> dict[str, Any]:
    """The whole public registry as one registry-shaped document.

    It validates against the registry JSON Schema: asset sources are expanded into ordinary
    assets (so ``asset_sources`` is left out), built-in asset types are listed like declared
    ones, and every section is sorted by id.
    """
    return {
        "site": entity_dict(r.site),
        "departments": [entity_dict(x) for x in _by_id(r.departments)],
        "asset_types": [entity_dict(x) for x in _by_id(_asset_types(r))],
        "assets": [entity_dict(x) for x in _by_id(r.assets)],
        "matters": [entity_dict(x) for x in _by_id(r.matters)],
        "escalation": [entity_dict(x) for x in _by_id(r.escalation)],
        "disputes": [entity_dict(x) for x in _by_id(r.disputes)],
    }


def _asset_types(r: m.Registry) -> list[m.AssetType]:
    """The asset types, built-in ones the registry does not declare named in its language."""
    lang = r.site.language
    return [dataclasses.replace(x, name=asset_type_name(x, lang)) if x.node is None else x
            for x in r.asset_types]


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _lines_json(doc: dict[str, Any]) -> bytes:
    """A JSON object whose lists hold one compact item per line: quick to write (the C
    encoder), small, and a change to one entity is a one-line diff."""
    parts = []
    for key, value in doc.items():
        k = json.dumps(key)
        if isinstance(value, list):
            items = ",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":"))
                                for x in value)
            parts.append(f"{k}:[\n{items}\n]" if value else f"{k}:[]")
        else:
            parts.append(f"{k}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def registry_json(d: Directory) -> bytes:
    return _lines_json(registry_dict(d.registry))


# --- CSV ----------------------------------------------------------------------------------


#: The word family of each enumeration, for its ``<field>_name`` column.
_ENUM_WORDS: dict[tuple[type, str], str] = {(m.Handover, "status"): "handover_state"}


class _Cells:
    """Model values as CSV cells in the registry's language: lists in one cell joined by
    ``；`` (see :func:`generator.publish.workbook.join_list`), names for the name columns."""

    def __init__(self, d: Directory) -> None:
        self.lang = d.registry.site.language
        self.names = Names(d, self.lang)

    def cell(self, kind: m.Kind, v: Any) -> str:
        """A value as one CSV cell; geometry as compact GeoJSON. The text is kept as it is:
        the writer (:func:`generator.publish.csv_safe.csv_bytes`) neutralises formula
        starts, once, for the whole cell."""
        if v is None:
            return ""
        if isinstance(kind, (m.ListKind, m.RefsKind)) and kind.in_cell:
            item = kind.item
            assert item is not None
            return join_list([item.csv_cell(x) for x in v], self.lang)
        return kind.csv_cell(v)

    def name(self, cls: type, key: str, kind: m.Kind, v: Any) -> str | None:
        """The ``<key>_name`` cell beside a reference or enumeration, or None when the
        field has no such column."""
        ref = ref_of(kind)
        if ref:
            return self.names.cell(ref, v) or ""
        if isinstance(kind, m.EnumKind):
            return "" if v is None else name_of(_ENUM_WORDS.get((cls, key), "enum"), v,
                                                   self.lang)
        return None


def _simple_columns(cls: type) -> list[tuple[str, str, m.Kind]]:
    """The fields of ``cls`` that fit in a cell (nested entities get tables of their own)."""
    out = []
    for f in m.fields_of(cls):
        if f.kind.in_cell:
            out.append((f.key, f.attr, f.kind))
    return out


def _rows_of(cells: _Cells, ents: Iterable[Any], cls: type,
             drop: tuple[str, ...] = ()) -> tuple[list[str], list[list[str]]]:
    """One row per entity: every field that fits in a cell, each reference and enumeration
    followed by its ``<field>_name`` column."""
    cols = [c for c in _simple_columns(cls) if c[0] not in drop]
    named = {key for key, _, kind in cols if ref_of(kind) or isinstance(kind, m.EnumKind)}
    header: list[str] = []
    for key, _, _ in cols:
        header += [key, f"{key}_name"] if key in named else [key]
    rows = []
    for ent in ents:
        row: list[str] = []
        for key, attr, kind in cols:
            v = getattr(ent, attr)
            row.append(cells.cell(kind, v))
            if key in named:
                row.append(cells.name(cls, key, kind, v) or "")
        rows.append(row)
    return header, rows


def csv_tables(d: Directory) -> Tables:
    """Every CSV table: kind -> (header, rows), rows in a stable order, cells as they are
    (:func:`csv_files` neutralises formula starts when it writes them).

    Beside every id column stands the name it stands for (``owner``, ``owner_name``;
    ``status``, ``status_name``), in the registry's language. Rows nested in an entity
    start with its id and name (``department``, ``department_name``); contacts and
    responsibilities carry ``number``, their position in the department's list (the
    workbook's 序号, which ``remit import`` matches rows by)."""
    r = d.registry
    cells = _Cells(d)
    names = cells.names
    deps = _by_id(r.departments)
    assets = _by_id(r.assets)
    t: dict[str, tuple[list[str], list[list[str]]]] = {}
    t["departments"] = _rows_of(cells, deps, m.Department)
    resp: list[tuple[m.Department, int, m.Responsibility]] = [
        (dep, i, x) for dep in deps for i, x in enumerate(dep.responsibilities, 1)]
    h, rows = _rows_of(cells, [x for _, _, x in resp], m.Responsibility)
    t["responsibilities"] = (["department", "department_name", "number", *h],
                             [[dep.id, dep.name, str(i), *row]
                              for (dep, i, _), row in zip(resp, rows, strict=True)])
    cons = [(dep, i, c) for dep in deps for i, c in enumerate(dep.contacts, 1)
            if c.visibility == "public"]
    h, rows = _rows_of(cells, [c for _, _, c in cons], m.Contact, drop=("visibility",))
    t["contacts"] = (["department", "department_name", "number", *h],
                     [[dep.id, dep.name, str(i), *row]
                      for (dep, i, _), row in zip(cons, rows, strict=True)])
    t["asset_types"] = _rows_of(cells, _by_id(_asset_types(r)), m.AssetType)
    t["assets"] = _rows_of(cells, assets, m.Asset)
    duty_rows = []
    for a in assets:
        for duty, holding in (a.duties or {}).items():
            duty_rows.append([a.id, a.name, duty, duty_name(duty, cells.lang),
                              join_list(holding.by, cells.lang),
                              names.cell("department", holding.by) or "",
                              holding.split or "", holding.basis or ""])
    t["duties"] = (["asset", "asset_name", "duty", "duty_name", "by", "by_name", "split",
                    "basis"], duty_rows)
    hands = [(a, i, x) for a in assets for i, x in enumerate(a.all_handovers, 1)]
    h, rows = _rows_of(cells, [x for _, _, x in hands], m.Handover)
    t["handovers"] = (["asset", "asset_name", "number", *h],
                      [[a.id, a.name, str(i), *row]
                       for (a, i, _), row in zip(hands, rows, strict=True)])
    bnds = [(a, b) for a in assets for b in a.boundaries]
    h, rows = _rows_of(cells, [b for _, b in bnds], m.Boundary)
    t["boundaries"] = (["asset", "asset_name", *h],
                       [[a.id, a.name, *row] for (a, _), row in zip(bnds, rows, strict=True)])
    t["matters"] = _rows_of(cells, _by_id(r.matters), m.Matter)
    lvls = [(p, i, lv) for p in _by_id(r.escalation) for i, lv in enumerate(p.levels, 1)]
    h, rows = _rows_of(cells, [lv for _, _, lv in lvls], m.Level)
    t["escalation"] = (["path", "path_name", "level", *h],
                       [[p.id, p.name, str(i), *row]
                        for (p, i, _), row in zip(lvls, rows, strict=True)])
    t["disputes"] = _rows_of(cells, _by_id(r.disputes), m.Dispute)
    t["cases"] = cases_table(d)
    return t


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    # UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese text right;
    # formula starts neutralised by the one spreadsheet-safe writer.
    return csv_bytes([header, *rows], bom=True)


Tables = dict[str, tuple[list[str], list[list[str]]]]


def csv_files(d: Directory, tables: Tables | None = None) -> dict[str, bytes]:
    """``<kind>.csv`` -> bytes, for every kind in :data:`CSV_KINDS`."""
    return {f"{k}.csv": _csv_bytes(*v) for k, v in (tables or csv_tables(d)).items()}


# --- GeoJSON ------------------------------------------------------------------------------


def geojson_dict(d: Directory) -> dict[str, Any]:
    """RFC 7946 FeatureCollection of every asset with a geometry, flat properties.

    ``owner`` and ``duty_<name>`` are the effective values (inherited from ``part_of``
    parents when the asset itself does not say), so a map of lamps shows who answers.
    ``handover_*`` describe the asset's own handover; of several, the one that stands for
    the asset (the latest still open, else the latest), with its ``handover_duties`` and
    the number of ``handovers``.
    """
    feats = []
    lang = d.registry.site.language
    for a in _by_id(d.registry.assets):
        if not a.geometry:
            continue
        at = d.asset_types.get(a.type)
        owner, _ = d.effective_owner(a)
        props: dict[str, Any] = {
            "id": a.id, "name": a.name, "type": a.type,
            "type_name": asset_type_name(at, lang) if at else a.type,
            "part_of": a.part_of, "location": a.location, "owner": owner,
            "owner_name": d.name_of(owner) or None,
        }
        for duty, held in sorted(d.effective_duties(a).items()):
            props[f"duty_{duty}"] = ";".join(held.holding.by)
        h = d.main_handover(a)
        props["handover_status"] = h.status if h else None
        props["handover_to"] = h.to if h else None
        props["handover_due"] = h.due.isoformat() if h and h.due else None
        if len(a.all_handovers) > 1 and h is not None:
            props["handover_duties"] = ";".join(h.duties)
            props["handovers"] = len(a.all_handovers)
        feats.append({"type": "Feature", "id": a.id, "geometry": a.geometry,
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def geojson_bytes(d: Directory) -> bytes:
    """One feature per line: compact, yet a change to one asset is a one-line diff."""
    return _lines_json(geojson_dict(d))


# --- Open311 GeoReport v2 -----------------------------------------------------------------


def _keywords(x: m.Matter) -> str:
    seen: list[str] = []
    for k in (*x.keywords, *x.aliases):
        k = k.replace(",", " ").strip()
        if k and k not in seen:
            seen.append(k)
    return ",".join(seen)


def open311_services(d: Directory) -> list[dict[str, Any]]:
    """GET services.json of GeoReport v2: one service per matter.

    ``metadata`` is true for matters routed by asset: their service definition
    (``services/<code>.json``) has an ``asset`` attribute listing the assets concerned.
    ``type`` is ``blackbox``: the directory publishes who answers; it takes no requests.
    """
    out = []
    for x in _by_id(d.registry.matters):
        out.append({
            "service_code": x.id,
            "service_name": x.name,
            "description": x.summary or x.name,
            "metadata": bool(x.asset_types and not x.handled_by),
            "type": "blackbox",
            "keywords": _keywords(x),
            "group": x.group or "",
        })
    return out


_MAJOR_BY_TYPE: dict[int, tuple[Directory, dict[str, list[m.Asset]]]] = {}


def _major_by_type(d: Directory) -> dict[str, list[m.Asset]]:
    """Major assets by type id (computed once per Directory)."""
    got = _MAJOR_BY_TYPE.get(id(d))
    if got is not None and got[0] is d:
        return got[1]
    out: dict[str, list[m.Asset]] = {}
    for a in d.registry.assets:
        if not d.is_minor(a):
            out.setdefault(a.type, []).append(a)
    _MAJOR_BY_TYPE.clear()
    _MAJOR_BY_TYPE[id(d)] = (d, out)
    return out


#: Above this many assets, a service definition's ``asset`` attribute is free text (an asset
#: id) instead of a list of values, so the files stay small on large registries.
OPEN311_MAX_VALUES = 300
#: ... and at most this many bytes of them: long names would otherwise copy the same asset
#: list into every matter's definition, so the exports would grow with matters x assets.
OPEN311_MAX_VALUE_BYTES = 32_000


def open311_definition(d: Directory, x: m.Matter) -> dict[str, Any]:
    """GET services/<code>.json: the ``asset`` attribute of an asset-routed matter.

    It lists the major assets of the matter's types (minor ones, such as single lamps, are
    named by id), or asks for an asset id when there are more than
    :data:`OPEN311_MAX_VALUES` or their list would take more than
    :data:`OPEN311_MAX_VALUE_BYTES`.
    """
    lang = d.registry.site.language
    by_type = _major_by_type(d)
    values = [{"key": a.id, "name": a.name}
              for a in sorted((a for t in dict.fromkeys(x.asset_types)
                               for a in by_type.get(t, ())), key=lambda a: a.id)]
    names = t("export.list_sep", lang).join(
        asset_type_name(d.asset_types[k], lang) if k in d.asset_types else k
        for k in x.asset_types)
    desc = t("export.asset_concerned", lang, types=names)
    attr: dict[str, Any] = {
        "variable": True, "code": "asset", "datatype": "singlevaluelist",
        "required": False, "datatype_description": "asset id", "order": 1,
        "description": desc, "values": values,
    }
    if len(values) > OPEN311_MAX_VALUES or len(values) == 0 or \
            len(_json_bytes(values)) > OPEN311_MAX_VALUE_BYTES:
        attr["datatype"] = "string"
        attr["datatype_description"] = t("export.asset_id_see", lang)
        del attr["values"]
    return {"service_code": x.id, "attributes": [attr]}


def open311_files(d: Directory) -> dict[str, bytes]:
    out = {"services.json": _json_bytes(open311_services(d)),
           "requests.json": _json_bytes(open311_requests(d))}
    for x in _by_id(d.registry.matters):
        if x.asset_types and not x.handled_by:
            out[f"services/{x.id}.json"] = _json_bytes(open311_definition(d, x))
    return out


# --- Popolo -------------------------------------------------------------------------------


def popolo_dict(d: Directory) -> dict[str, Any]:
    """Organisations and their public contact points in Popolo JSON."""
    orgs = []
    for dep in _by_id(d.registry.departments):
        org: dict[str, Any] = {"id": dep.id, "name": dep.name}
        if dep.aliases:
            org["other_names"] = [{"name": a} for a in dep.aliases]
        org["classification"] = dep.kind
        if dep.parent:
            org["parent_id"] = dep.parent
        if dep.summary:
            org["description"] = dep.summary
        details = []
        for c in dep.contacts:
            if c.visibility != "public":
                continue
            label = f"{c.role} · {c.name}" if c.name else c.role
            for typ, value in (("voice", c.phone), ("email", c.email), ("url", c.url),
                               ("address", c.address)):
                if value:
                    det = {"label": label, "type": typ, "value": value}
                    if c.hours:
                        det["note"] = c.hours
                    details.append(det)
        if details:
            org["contact_details"] = details
        if dep.website:
            org["links"] = [{"url": dep.website, "note": "website"}]
        orgs.append(org)
    return {"organizations": orgs}


def popolo_bytes(d: Directory) -> bytes:
    return _lines_json(popolo_dict(d))


# --- the formats, the site files and the Data page ---------------------------------------


def export_bytes(d: Directory, fmt: str, tables: Tables | None = None) -> dict[str, bytes]:
    """The files of one format, by path relative to the output folder."""
    if fmt == "json":
        return {"registry.json": registry_json(d)}
    if fmt == "csv":
        return {f"csv/{k}": v for k, v in csv_files(d, tables).items()}
    if fmt == "geojson":
        return {"assets.geojson": geojson_bytes(d)}
    if fmt == "schema":
        return {"remit.schema.json": schema_json().encode("utf-8")}
    if fmt == "open311":
        return {f"open311/{k}": v for k, v in open311_files(d).items()}
    if fmt == "popolo":
        return {"popolo.json": popolo_bytes(d)}
    if fmt == "xlsx":
        from generator.publish.workbook import WORKBOOK_FILE, workbook_bytes

        return {WORKBOOK_FILE: workbook_bytes(d)}
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def all_exports(d: Directory, tables: Tables | None = None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for fmt in FORMATS:
        out.update(export_bytes(d, fmt, tables))
    return dict(sorted(out.items()))


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB"


def data_page(d: Directory, files: dict[str, bytes], tables: Tables | None = None) -> str:
    """The "Data" page: each published file, its format, what it holds and its size.

    Only remit's own words and numbers appear here, no registry text.
    """
    lang = d.registry.site.language
    w = table("data_page", lang)
    r = d.registry
    lines = [front_matter(w["title"]) + f"# {w['title']}", "", w["intro"], ""]
    lines.append(w["counts"].format(
        deps=len(r.departments), assets=len(r.assets),
        geo=sum(1 for a in r.assets if a.geometry), matters=len(r.matters),
        paths=len(r.escalation), disputes=len(r.disputes)))
    lines += ["", f"| {w['file']} | {w['format']} | {w['holds']} | {w['size']} |",
              "|---|---|---|---|"]
    rows = [
        ("registry.json", "JSON", w["registry"]),
        ("assets.geojson", "GeoJSON", w["geojson"]),
        ("remit.schema.json", "JSON Schema", w["schema"]),
        ("open311/services.json", "Open311 GeoReport v2", w["open311"]),
        ("open311/requests.json", "Open311 GeoReport v2", w["requests"]),
        ("popolo.json", "Popolo JSON", w["popolo"]),
    ]
    for path, fmt, holds in rows:
        lines.append(f"| [{path}]({path}) | {fmt} | {holds} | {_size(len(files[path]))} |")
    csv_total = sum(len(v) for k, v in files.items() if k.startswith("csv/"))
    lines.append(f"| csv/*.csv | CSV | {w['csv']} | {_size(csv_total)} |")
    lines += ["", "## CSV", "", w["csv_intro"], "",
              f"| {w['table']} | {w['rows']} | {w['columns']} |", "|---|---|---|"]
    for kind, (header, rows_) in (tables or csv_tables(d)).items():
        cols = ", ".join(f"`{h}`" for h in header)
        lines.append(f"| [{kind}.csv](csv/{kind}.csv) | {len(rows_)} | {cols} |")
    lines += ["", w["lists"], "", w["formulas"], "", w["cli"], "", "```sh"]
    lines += [f"remit export --format {f} --out data/" for f in FORMATS]
    lines += ["```", ""]
    return "\n".join(lines)


def export_files(d: Directory) -> list[OutFile]:
    """Everything the site publishes under ``data/``: the exports and the Data page."""
    tables = csv_tables(d)
    files = all_exports(d, tables)
    lang = d.registry.site.language
    title = t("data_page.title", lang)
    out = [OutFile("data/index.md", data_page(d, files, tables), title=title, nav=True)]
    out += [OutFile(f"data/{p}", b, search=False) for p, b in files.items()]
    return out


__all__ = ["FORMATS", "EXPORT_FORMATS", "CSV_KINDS", "entity_dict", "registry_dict",
           "registry_json",
           "csv_tables", "csv_files", "geojson_dict", "open311_services", "open311_definition",
           "popolo_dict", "export_bytes", "all_exports", "data_page", "export_files"]

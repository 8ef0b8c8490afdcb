"""The registry's JSON Schema, generated from the field declarations in ``model.py``.

Editors that speak the YAML language server complete and check ``departments.yaml`` with it
(``# yaml-language-server: $schema=../schema/remit.schema.json``). The schema describes the
shape; cross-references and the other pass-2 rules are ``remit check``'s job.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from generator import model as m

SCHEMA_ID = "https://remit.example.org/schema/remit.schema.json"
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
DURATION_PATTERN = r"^\s*\d+\s*(h|hours?|小时|d|days?|天|日|wd|working days?|个?工作日)\s*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _kind_schema(kind: m.Kind, defs: dict[str, Any]) -> dict[str, Any]:
    n = kind.name
    if n == "text":
        return {"type": "string", "minLength": 1} if kind.multiline else \
            {"type": "string", "minLength": 1, "pattern": r"^[^\n\r]*$"}
    if n in ("id", "duty", "ref"):
        return {"type": "string", "pattern": ID_PATTERN}
    if n == "refs":
        one = {"type": "string", "pattern": ID_PATTERN}
        return {"oneOf": [one, {"type": "array", "items": one, "minItems": 1}]}
    if n == "date":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if n == "duration":
        return {"type": "string", "pattern": DURATION_PATTERN}
    if n == "url":
        return {"type": "string", "pattern": r"^(https?:|mailto:|tel:)\S+$"}
    if n == "email":
        return {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"}
    if n == "phone":
        return {"type": "string", "pattern": r"^[+0-9（）()\-\s./,，、转分机extEXT#*]+$"}
    if n == "bool":
        return {"type": "boolean"}
    if n == "int":
        return {"type": "integer"}
    if n == "enum":
        return {"type": "string", "enum": list(kind.values)}
    if n == "geometry":
        return {"$ref": "#/$defs/Geometry"}
    if n == "duties":
        holder = {"oneOf": [
            {"type": "string", "pattern": ID_PATTERN},
            {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            {"type": "object", "additionalProperties": False, "required": ["by"],
             "properties": {"by": {"oneOf": [
                 {"type": "string", "pattern": ID_PATTERN},
                 {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}]},
                 "split": {"type": "string"}, "basis": {"type": "string"}}},
            {"type": "null"},
        ]}
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": holder}
    if n == "strmap":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if n == "anymap":
        return {"type": "object"}
    if n == "list":
        of = kind.of
        items = _kind_schema(of, defs) if isinstance(of, m.Kind) else _entity_ref(of, defs)
        return {"type": "array", "items": items}
    if n == "obj":
        return _entity_ref(kind.of, defs)  # type: ignore[arg-type]
    raise AssertionError(n)  # pragma: no cover


def _entity_ref(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder against recursion
        props: dict[str, Any] = {}
        required = []
        for f in dataclasses.fields(cls):
            meta = f.metadata
            if "kind" not in meta:
                continue
            key = meta["key"] or f.name
            sch = dict(_kind_schema(meta["kind"], defs))
            sch["description"] = meta["doc"]
            if not meta["required"] and meta["kind"].name not in ("list", "refs"):
                sch = {"anyOf": [sch, {"type": "null"}], "description": meta["doc"]}
            props[key] = sch
            if meta["required"]:
                required.append(key)
        defs[name] = {"type": "object", "additionalProperties": False,
                      "description": (cls.__doc__ or name).strip().splitlines()[0],
                      "properties": props, "required": required}
    return {"$ref": f"#/$defs/{name}"}


def registry_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    position = {"type": "array", "minItems": 2, "maxItems": 3,
                "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                {"type": "number", "minimum": -90, "maximum": 90}],
                "items": {"type": "number"}}
    nest: dict[str, Any] = position
    shapes = {}
    for depth in range(4):
        shapes[depth] = nest
        nest = {"type": "array", "minItems": 1, "items": nest}
    depth_of = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
                "Polygon": 2, "MultiPolygon": 3}
    defs["Geometry"] = {
        "description": "A GeoJSON geometry in WGS84 longitude/latitude.",
        "oneOf": [{"type": "object", "additionalProperties": False,
                   "required": ["type", "coordinates"],
                   "properties": {"type": {"const": t}, "coordinates": shapes[d]}}
                  for t, d in depth_of.items()],
    }
    props: dict[str, Any] = {
        "site": {**_entity_ref(m.Site, defs), "description": "Title and language of the site "
                 "(departments.yaml only)."},
    }
    for section, cls in m.SECTIONS.items():
        props[section] = {"type": "array", "items": _entity_ref(cls, defs),
                          "description": f"List of {section.replace('_', ' ')}."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "remit registry",
        "description": "A responsibility directory: departments, assets and their duties, "
                       "handovers, matters and escalation paths. Generated by `remit schema`.",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "$defs": dict(sorted(defs.items())),
    }


def schema_json() -> str:
    return json.dumps(registry_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _kind_words(k: m.Kind) -> str:
    n = k.name
    if n == "text":
        return "text (may span lines)" if k.multiline else "text (one line)"
    if n == "ref":
        return f"{m.REF_KINDS[k.ref][1]} id"
    if n == "refs":
        return f"{m.REF_KINDS[k.ref][1]} id or list of ids"
    if n == "list":
        of = k.of
        return "list of " + (_kind_words(of) if isinstance(of, m.Kind)
                             else getattr(of, "__name__", "?").lower())
    if n == "enum":
        return " \\| ".join(f"`{v}`" for v in k.values)
    if n == "obj":
        return getattr(k.of, "__name__", "?").lower()
    return {
        "id": "id", "duty": "duty name", "date": "date YYYY-MM-DD",
        "duration": "duration (`3d`, `4h`, `10 working days`)",
        "url": "URL (https, http, mailto, tel)", "email": "email",
        "phone": "phone (quoted text)", "bool": "true/false", "int": "whole number",
        "geometry": "GeoJSON geometry (WGS84)", "duties": "mapping duty → holder",
        "strmap": "mapping field → column", "anymap": "mapping of constant fields",
    }[n]


REFERENCE_ENTITIES = (
    m.Site, m.Checks, m.Limits, m.Department, m.Responsibility, m.Contact, m.AssetType, m.Asset,
    m.Boundary, m.Handover, m.AcceptedGap, m.AssetSource, m.Matter, m.EscalationPath, m.Level,
    m.Dispute,
)


def field_reference_markdown() -> str:
    """The field tables of docs/registry.md (`remit schema --markdown`)."""
    out = []
    for cls in REFERENCE_ENTITIES:
        out.append(f"### {cls.__name__}\n")
        out.append("| field | kind | required | meaning |\n|---|---|---|---|")
        for f in dataclasses.fields(cls):
            meta = f.metadata
            if "kind" not in meta:
                continue
            d = f.default
            req = "yes" if meta["required"] else (f"default `{str(d).lower()}`"
                                                  if d not in (None, ()) else "")
            out.append(f"| `{meta['key'] or f.name}` | {_kind_words(meta['kind'])} | {req} | "
                       f"{meta['doc']} |")
        out.append("")
    return "\n".join(out)

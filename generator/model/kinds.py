"""Field kinds as classes, and the one walker over declared fields.

A field is declared once, on its entity dataclass, with :func:`spec` (its kind, description,
whether it is required, its registry spelling). Each kind is a small frozen class that says,
for a value of that kind, what the JSON Schema allows (:meth:`Kind.json_schema`), how
``docs/registry.md`` names it (:meth:`Kind.words`), and how the open-data exports write it
(:meth:`Kind.export_json`, :meth:`Kind.csv_cell`). Code elsewhere asks the kind, or tests
``isinstance`` on its class, and never compares kind names.

Checking a raw value is the loader's job and stays in ``load/shape.py``: it needs the
loader's door for text (the character policy of ``load/source.py``, ``site.limits``) and
its located diagnostics, and ``model`` may not import ``load``. There, one table maps each
kind class to its checker (``CHECKERS``), and a test keeps that table complete.

:func:`fields_of` is the one walker over declarations (validation, schema, docs, export and
diff all use it); :func:`values_of` walks an entity's values in the same order.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

#: Patterns of the JSON Schema (the checks in load/shape.py are the stricter truth).
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
DURATION_PATTERN = r"^\s*\d+\s*(h|hours?|小时|d|days?|天|日|wd|working days?|个?工作日)\s*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATE_SPAN_PATTERN = r"^\d{4}-\d{2}-\d{2}(\s*\.\.\s*\d{4}-\d{2}-\d{2})?$"

#: Entity kind (as used by ``ref``) -> (section, human word).
REF_KINDS: dict[str, tuple[str, str]] = {
    "department": ("departments", "department"),
    "asset": ("assets", "asset"),
    "asset_type": ("asset_types", "asset type"),
    "department_kind": ("department_kinds", "department kind"),
    "matter": ("matters", "matter"),
    "escalation": ("escalation", "escalation path"),
    "case": ("cases", "case"),
    # any entity with an id: a department, asset, asset type, matter, path, dispute or case
    "entity": ("entities", "registry entity"),
}

#: How a kind names the schema of a nested entity (``{"$ref": "#/$defs/Asset"}``).
EntityRef = Callable[[type], dict[str, Any]]
#: How the export writes a nested entity (a registry-shaped dict).
EntityDict = Callable[[Any], dict[str, Any]]

_ID_SCHEMA: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}


@dataclass(frozen=True, slots=True)
class Kind:
    """How a field's values are read, described and written. Subclasses override what
    differs from a plain one-line scalar."""

    #: Always a list in the registry (``[]`` when not given, so never null in the schema).
    listlike: ClassVar[bool] = False
    #: Fits in one CSV cell (nested entities and mappings get tables of their own).
    in_cell: ClassVar[bool] = True
    #: Read as an empty mapping when not given.
    mapping: ClassVar[bool] = False

    @property
    def entity(self) -> type | None:
        """The entity class nested here (``obj`` and lists of entities), else None."""
        return None

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover

    def words(self) -> str:
        """The kind as the field tables of docs/registry.md name it."""
        raise NotImplementedError  # pragma: no cover

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        """A non-null value as plain JSON."""
        return v

    def csv_cell(self, v: Any) -> str:
        """A non-null value as one CSV cell (lists one item per line)."""
        return str(v)


@dataclass(frozen=True, slots=True)
class TextKind(Kind):
    multiline: bool = False

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "minLength": 1} if self.multiline else \
            {"type": "string", "minLength": 1, "pattern": r"^[^\n\r]*$"}

    def words(self) -> str:
        return "text (may span lines)" if self.multiline else "text (one line)"


@dataclass(frozen=True, slots=True)
class IdKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return dict(_ID_SCHEMA)

    def words(self) -> str:
        return "id"


@dataclass(frozen=True, slots=True)
class DutyKind(IdKind):
    """A duty's name (an id declared by an asset type or built in)."""

    def words(self) -> str:
        return "duty name"


@dataclass(frozen=True, slots=True)
class RefKind(Kind):
    """The id of another entity; whether it exists is checked in pass 2."""

    ref: str = ""  # the entity kind referred to, a key of REF_KINDS

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return dict(_ID_SCHEMA)

    def words(self) -> str:
        return f"{REF_KINDS[self.ref][1]} id"


@dataclass(frozen=True, slots=True)
class RefsKind(Kind):
    """One id or a list of ids (``who: a`` or ``who: [a, b]``), read as a tuple."""

    listlike: ClassVar[bool] = True
    ref: str = ""

    @property
    def item(self) -> RefKind:
        return RefKind(self.ref)

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"oneOf": [dict(_ID_SCHEMA), {"type": "array", "items": dict(_ID_SCHEMA),
                                             "minItems": 1}]}

    def words(self) -> str:
        return f"{REF_KINDS[self.ref][1]} id or list of ids"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return list(v)

    def csv_cell(self, v: Any) -> str:
        return "\n".join(v)


@dataclass(frozen=True, slots=True)
class DateKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}

    def words(self) -> str:
        return "date YYYY-MM-DD"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return v.isoformat()

    def csv_cell(self, v: Any) -> str:
        return str(v.isoformat())


@dataclass(frozen=True, slots=True)
class DateSpanKind(Kind):
    """One day (``2026-10-01``) or a span of days (``2026-10-01..2026-10-08``)."""

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE_SPAN_PATTERN}

    def words(self) -> str:
        return "date YYYY-MM-DD or span YYYY-MM-DD..YYYY-MM-DD"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return v.text

    def csv_cell(self, v: Any) -> str:
        return str(v.text)


@dataclass(frozen=True, slots=True)
class PointKind(Kind):
    """A place as ``[longitude, latitude]`` (WGS84 degrees), read as a tuple of floats."""

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "array", "minItems": 2, "maxItems": 2,
                "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                {"type": "number", "minimum": -90, "maximum": 90}]}

    def words(self) -> str:
        return "[longitude, latitude] (WGS84)"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return list(v)

    def csv_cell(self, v: Any) -> str:
        return f"{v[0]:g},{v[1]:g}"


@dataclass(frozen=True, slots=True)
class DurationKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "pattern": DURATION_PATTERN}

    def words(self) -> str:
        return "duration (`3d`, `4h`, `10 working days`, `10wd`, `10 个工作日`)"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return v.text

    def csv_cell(self, v: Any) -> str:
        return str(v.text)


@dataclass(frozen=True, slots=True)
class UrlKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(https?:|mailto:|tel:)\S+$"}

    def words(self) -> str:
        return "URL (https, http, mailto, tel)"


@dataclass(frozen=True, slots=True)
class EmailKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"}

    def words(self) -> str:
        return "email"


@dataclass(frozen=True, slots=True)
class PhoneKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[+0-9（）()\-\s./,，、转分机extEXT#*]+$"}

    def words(self) -> str:
        return "phone (quoted text)"


@dataclass(frozen=True, slots=True)
class BoolKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "boolean"}

    def words(self) -> str:
        return "true/false"

    def csv_cell(self, v: Any) -> str:
        return "true" if v else "false"


@dataclass(frozen=True, slots=True)
class IntKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "integer"}

    def words(self) -> str:
        return "whole number"


@dataclass(frozen=True, slots=True)
class EnumKind(Kind):
    values: tuple[str, ...] = ()

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def words(self) -> str:
        return " \\| ".join(f"`{v}`" for v in self.values)


@dataclass(frozen=True, slots=True)
class GeometryKind(Kind):
    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"$ref": "#/$defs/Geometry"}

    def words(self) -> str:
        return "GeoJSON geometry (WGS84)"

    def csv_cell(self, v: Any) -> str:
        return json.dumps(v, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class DutiesKind(Kind):
    """Duty name -> the department(s) holding it (``DutyHolding``)."""

    in_cell: ClassVar[bool] = False
    mapping: ClassVar[bool] = True

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        ids = {"type": "array", "items": dict(_ID_SCHEMA)}
        holder = {"oneOf": [
            dict(_ID_SCHEMA), ids,
            {"type": "object", "additionalProperties": False, "required": ["by"],
             "properties": {"by": {"oneOf": [dict(_ID_SCHEMA), dict(ids)]},
                            "split": {"type": "string"}, "basis": {"type": "string"}}},
            {"type": "null"},
        ]}
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": holder}

    def words(self) -> str:
        return "mapping duty → holder"

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        out = {}
        for duty, h in v.items():
            item: dict[str, Any] = {"by": list(h.by)}
            if h.split is not None:
                item["split"] = h.split
            if h.basis is not None:
                item["basis"] = h.basis
            out[duty] = item
        return out


@dataclass(frozen=True, slots=True)
class StrMapKind(Kind):
    in_cell: ClassVar[bool] = False
    mapping: ClassVar[bool] = True

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string"}}

    def words(self) -> str:
        return "mapping field → column"


@dataclass(frozen=True, slots=True)
class AnyMapKind(Kind):
    in_cell: ClassVar[bool] = False
    mapping: ClassVar[bool] = True

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return {"type": "object"}

    def words(self) -> str:
        return "mapping of constant fields"


@dataclass(frozen=True, slots=True)
class ListKind(Kind):
    """A list of values of one kind, or of entities of one class."""

    listlike: ClassVar[bool] = True
    of: Kind | type | None = None

    @property
    def item(self) -> Kind | None:
        """The item kind, when the items are values (not entities)."""
        return self.of if isinstance(self.of, Kind) else None

    @property
    def entity(self) -> type | None:
        return None if isinstance(self.of, Kind) else self.of

    @property
    def in_cell(self) -> bool:  # type: ignore[override]
        return isinstance(self.of, Kind)

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        of = self.of
        items = of.json_schema(entity_ref) if isinstance(of, Kind) else entity_ref(of)  # type: ignore[arg-type]
        return {"type": "array", "items": items}

    def words(self) -> str:
        of = self.of
        return "list of " + (of.words() if isinstance(of, Kind)
                             else getattr(of, "__name__", "?").lower())

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        of = self.of
        if isinstance(of, Kind):
            return [of.export_json(x, entity_dict) for x in v]
        return [entity_dict(x) for x in v]

    def csv_cell(self, v: Any) -> str:
        of = self.of
        assert isinstance(of, Kind)
        return "\n".join(of.csv_cell(x) for x in v)


@dataclass(frozen=True, slots=True)
class ObjKind(Kind):
    """One nested entity (``site.checks``, ``assets[].handover``)."""

    in_cell: ClassVar[bool] = False
    of: type | None = None

    @property
    def entity(self) -> type | None:
        return self.of

    def json_schema(self, entity_ref: EntityRef) -> dict[str, Any]:
        return entity_ref(self.of)  # type: ignore[arg-type]

    def words(self) -> str:
        return getattr(self.of, "__name__", "?").lower()

    def export_json(self, v: Any, entity_dict: EntityDict) -> Any:
        return entity_dict(v)


# --- declaring fields, and the one walker over them ---------------------------------------


def spec(kind: Kind, doc: str, *, required: bool = False, default: Any = None,
         key: str | None = None) -> Any:
    """Declare a registry field: its kind, description, and whether it must be given."""
    meta = {"kind": kind, "doc": doc, "required": required, "key": key}
    if isinstance(default, (list, dict)):
        raise TypeError("use tuples for defaults")
    return dataclasses.field(default=default, metadata=meta)


class Field(NamedTuple):
    """One declared field: registry key, attribute, kind, required, default, description."""

    key: str
    attr: str
    kind: Kind
    required: bool
    default: Any
    doc: str


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of an entity class, in declaration order (cached)."""
    got = _FIELDS.get(cls)
    if got is None:
        got = _FIELDS[cls] = tuple(
            Field(f.metadata["key"] or f.name, f.name, f.metadata["kind"],
                  f.metadata["required"], f.default, f.metadata["doc"])
            for f in dataclasses.fields(cls) if "kind" in f.metadata)
    return got


def values_of(ent: Any) -> Iterator[tuple[str, str, Kind, Any]]:
    """(registry key, attribute, kind, value) of every declared field of an entity."""
    for f in fields_of(type(ent)):
        yield f.key, f.attr, f.kind, getattr(ent, f.attr)

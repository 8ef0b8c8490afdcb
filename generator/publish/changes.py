"""What ``remit diff`` finds: :class:`Change` (one entity added, removed, renamed or
changed, with its :class:`Detail` sentences) and :class:`RegistryDiff` (all of them), plus
the small value helpers the comparison and its renderers share."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from generator import model as m

KINDS = ("site", "department", "asset_type", "asset", "matter", "escalation", "dispute")
ACTIONS = ("added", "removed", "renamed", "id-changed", "changed")


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Detail:
    """One thing that changed on an entity: a sentence, and the values behind it."""

    field: str  # "owner", "duties.lighting", "contacts[诉求受理].phone", "routing", ...
    text: str
    old: Any = None
    new: Any = None


@dataclass(frozen=True, slots=True)
class Change:
    """One entity that was added, removed, renamed or changed."""

    kind: str  # one of KINDS
    id: str
    name: str
    action: str  # one of ACTIONS
    details: tuple[Detail, ...] = ()
    old_id: str | None = None  # for "id-changed"
    group: str | None = None  # type name of a minor asset: such changes are collapsed

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "action": self.action,
                "old_id": self.old_id,
                "details": [{"field": x.field, "text": x.text, "old": x.old, "new": x.new}
                            for x in self.details]}


@dataclass(frozen=True)
class RegistryDiff:
    old_label: str
    new_label: str
    lang: str
    changes: tuple[Change, ...]
    created: bool = False  # the old side had no registry at all
    counts: dict[str, int] = field(default_factory=dict)  # entity counts of the new side

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, dict[str, int]]:
        """kind -> action -> number of entities."""
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.kind, {}).setdefault(c.action, 0)
            out[c.kind][c.action] += 1
        return out

    def by_entity(self) -> dict[tuple[str, str], Change]:
        out = {(c.kind, c.id): c for c in self.changes}
        for c in self.changes:
            if c.old_id:
                out.setdefault((c.kind, c.old_id), c)
        return out


def jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, m.Duration):
        return v.text
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, m.DutyHolding):
        return {"by": list(v.by), "split": v.split, "basis": v.basis}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.key: jsonable(getattr(v, f.attr)) for f in m.fields_of(type(v))}
    return v


def entity_name(x: Any) -> str:
    """Disputes have no name: they are shown by id."""
    return str(getattr(x, "name", None) or x.id)


def keyed_contacts(contacts: tuple[m.Contact, ...]) -> dict[tuple[str, int], m.Contact]:
    """Contacts keyed by role (and the n-th contact of that role)."""
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for c in contacts:
        out[(c.role, seen[c.role])] = c
        seen[c.role] += 1
    return out


def one_line(s: str) -> str:
    return " ".join(s.split())


def short(s: str, n: int = 40) -> str:
    s = one_line(s)
    return s if len(s) <= n else s[: n - 1] + "…"


__all__ = ["KINDS", "ACTIONS", "Detail", "Change", "RegistryDiff", "jsonable", "entity_name",
           "keyed_contacts", "one_line", "short"]

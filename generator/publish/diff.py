"""What a registry change means, in words: ``remit diff OLD NEW``.

Two registries (folders, or git revisions of the registry folder) are compared entity by
entity. The result is a list of :class:`Change` objects, one per entity that changed, each
with the sentences that say what changed (``details``) and the old and new values for
machines. Renderers give plain text (the terminal), Markdown (the pull-request job summary),
JSON, and escaped HTML (the site's "Recent changes" page).

What is compared: departments (added, removed, renamed, id changed: same name under a new
id), their contacts, parent and responsibilities; assets (owner, duties, boundaries and their
handover, with status and dates); matters (routing fields, and the department that actually
answers each matter on each asset, so a handover or an ownership change shows up as a routing
change of the matters it affects); escalation paths level by level; disputes; asset types and
the site settings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator import model as m
from generator.directory import Directory
from generator.words import duration_text, duty_name, handover_state_name, name_of, table
from generator.words import t as word

KINDS = ("site", "department", "asset_type", "asset", "matter", "escalation", "dispute")
ACTIONS = ("added", "removed", "renamed", "id-changed", "changed")

#: Shown for long texts instead of the old and new text.
_SHORT = 60
#: Minor assets changed the same way are collapsed into one line above this many.
_COLLAPSE = 3
_LIST_MAX = 5

def _words(lang: str) -> dict[str, Any]:
    """The changes' words in ``lang`` (from the catalogue), as the renderers take them."""
    return {**table("diff", lang), "kinds": table("diff.kind", lang),
            "actions": table("diff.action", lang), "fields": table("field", lang)}


def _enum_word(value: str, lang: str) -> str:
    """A department kind, dispute status, visibility or language in words."""
    for kind in ("department_kind", "enum"):
        word = name_of(kind, value, lang)
        if word != value:
            return word
    return value


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


# --- comparing ----------------------------------------------------------------------------


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, m.Duration):
        return v.text
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, m.DutyHolding):
        return {"by": list(v.by), "split": v.split, "basis": v.basis}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.key: _jsonable(getattr(v, f.attr)) for f in m.fields_of(type(v))}
    return v


class _Values:
    """Names and values in words. ``remit diff`` compares with a chain of small classes,
    one concern each: values in words (this), one field (:class:`_FieldDiff`), the nested
    parts of an entity (:class:`_EntityDiff`), who answers each matter
    (:class:`_RoutingDiff`), and the sections of the registry (:class:`_Differ`)."""

    def __init__(self, old: m.Registry | None, new: m.Registry, lang: str,
                 public_only: bool, routing: bool) -> None:
        self.old = old or _empty_registry()
        self.new = new
        self.lang = lang
        self.t = _words(lang)
        self.public_only = public_only
        self.routing = routing
        self.names: dict[str, str] = {d.id: d.name for d in self.old.departments}
        self.names.update({d.id: d.name for d in new.departments})
        self.asset_names: dict[str, str] = {a.id: a.name for a in self.old.assets}
        self.asset_names.update({a.id: a.name for a in new.assets})
        self.type_names = {t.id: t.name for t in (*self.old.asset_types, *new.asset_types)}
        self.minor = {t.id for t in new.asset_types if t.minor}

    # values in words
    def dept(self, dep_id: str | None) -> str:
        if not dep_id:
            return self.t["none"]
        return self.names.get(dep_id, dep_id)

    def depts(self, ids: Iterable[str]) -> str:
        ids = list(ids)
        return self.t["and"].join(self.dept(x) for x in ids) if ids else self.t["none"]

    def value(self, kind: m.Kind, v: Any) -> str:
        if v is None or v == () or v == {}:
            return self.t["none"]
        if isinstance(kind, m.RefKind):
            names = {"department": self.names, "asset": self.asset_names,
                     "asset_type": self.type_names}.get(kind.ref)
            if names is not None:
                return names.get(v, v)
        if isinstance(kind, m.RefsKind):
            return self.depts(v)
        if isinstance(kind, m.DateKind):
            return str(v.isoformat())
        if isinstance(kind, m.DurationKind):
            return duration_text(v, self.lang)
        if isinstance(kind, m.DutyKind):
            return duty_name(v, self.lang)
        if isinstance(kind, m.EnumKind):
            return _enum_word(v, self.lang)
        if isinstance(kind, m.BoolKind):
            return word("diff.yes" if v else "diff.no", self.lang)
        if isinstance(kind, m.ListKind) and kind.item is not None:
            return self.t["and"].join(self.value(kind.item, x) for x in v)
        return _one_line(str(v))

    def fname(self, key: str) -> str:
        return str(self.t["fields"].get(key, key))


class _FieldDiff(_Values):
    """One declared field's change in words, asking the field's kind how to say it."""

    def scalar(self, prefix: str, key: str, kind: m.Kind, old: Any, new: Any) -> Detail | None:
        """One field's change in words (None when equal)."""
        if old == new:
            return None
        t = self.t
        label = self.fname(key)
        path = f"{prefix}{key}"
        jo, jn = _jsonable(old), _jsonable(new)
        if isinstance(kind, m.GeometryKind):
            word = t["written"] if old is None else t["cleared"] if new is None else \
                t["rewritten"]
            return Detail(path, word.format(field=label), jo, jn)
        of = kind.item if isinstance(kind, (m.RefsKind, m.ListKind)) else None
        if of is not None:
            olds, news = list(old or ()), list(new or ())
            plus = [x for x in news if x not in olds]
            minus = [x for x in olds if x not in news]
            parts = []
            if plus:
                parts.append(t["plus"].format(items=t["and"].join(self.value(of, x)
                                                                   for x in plus)))
            if minus:
                parts.append(t["minus"].format(items=t["and"].join(self.value(of, x)
                                                                    for x in minus)))
            if not parts:  # same items, new order
                return Detail(path, t["set"].format(field=label, old=self.value(kind, old),
                                                    new=self.value(kind, new)), jo, jn)
            return Detail(path, t["list"].format(field=label, changes=t["sep"].join(parts)),
                          jo, jn)
        long = isinstance(kind, m.TextKind) and (kind.multiline or max(
            len(str(old or "")), len(str(new or ""))) > _SHORT)
        if long:
            word = t["written"] if old is None else t["cleared"] if new is None else \
                t["rewritten"]
            return Detail(path, word.format(field=label), jo, jn)
        if old is not None and new is not None and self.value(kind, old) == \
                self.value(kind, new):  # same name, other id: show the ids
            return Detail(path, t["set"].format(field=label, old=f"{self.value(kind, old)} "
                                                f"[{old}]", new=f"{self.value(kind, new)} "
                                                f"[{new}]"), jo, jn)
        if old is None:
            return Detail(path, t["set_first"].format(field=label, new=self.value(kind, new)),
                          jo, jn)
        if new is None:
            return Detail(path, t["unset"].format(field=label, old=self.value(kind, old)),
                          jo, jn)
        return Detail(path, t["set"].format(field=label, old=self.value(kind, old),
                                            new=self.value(kind, new)), jo, jn)

    def plain_fields(self, old: Any, new: Any, skip: Iterable[str] = (), prefix: str = ""
                     ) -> list[Detail]:
        out = []
        skip = set(skip)
        for key, attr, kind, *_ in m.fields_of(type(new)):
            if key in skip or kind.entity is not None or isinstance(kind, m.DutiesKind):
                continue
            d = self.scalar(prefix, key, kind, getattr(old, attr), getattr(new, attr))
            if d:
                out.append(d)
        return out


class _EntityDiff(_FieldDiff):
    """The parts of an entity beyond its plain fields: a department's responsibilities and
    contacts, an asset's duties, boundaries and handover, an escalation path's levels."""

    def department(self, old: m.Department, new: m.Department) -> list[Detail]:
        out = self.plain_fields(old, new, skip=("id",))
        out += self.responsibilities(old.responsibilities, new.responsibilities)
        out += self.contacts(old.contacts, new.contacts)
        return out

    def responsibilities(self, old: tuple[m.Responsibility, ...],
                         new: tuple[m.Responsibility, ...]) -> list[Detail]:
        t = self.t
        o = {r.text: r for r in old}
        n = {r.text: r for r in new}
        out = []
        for text, r in n.items():
            if text not in o:
                out.append(Detail("responsibilities", t["resp_added"].format(
                    text=_short(text)), None, _jsonable(r)))
            else:
                ch = self.plain_fields(o[text], r, skip=("text",))
                if ch:
                    out.append(Detail("responsibilities", t["resp_changed"].format(
                        text=_short(text), changes=t["sep"].join(x.text for x in ch)),
                        _jsonable(o[text]), _jsonable(r)))
        for text, r in o.items():
            if text not in n:
                out.append(Detail("responsibilities", t["resp_removed"].format(
                    text=_short(text)), _jsonable(r), None))
        return out

    def contacts(self, old: tuple[m.Contact, ...], new: tuple[m.Contact, ...]
                 ) -> list[Detail]:
        t = self.t
        if self.public_only:
            old = tuple(c for c in old if c.visibility == "public")
            new = tuple(c for c in new if c.visibility == "public")
        o = _keyed(old)
        n = _keyed(new)
        out = []

        def what(c: m.Contact) -> str:
            parts = [x for x in (c.phone, c.email, c.url) if x]
            inner = t["sep"].join(parts)
            mark = t["internal"] if c.visibility == "internal" else ""
            if not inner:
                return mark
            return word("diff.paren", self.lang, x=mark, y=inner)

        for key, c in n.items():
            if key not in o:
                out.append(Detail(f"contacts[{c.role}]", t["contact_added"].format(
                    role=c.role, what=what(c)), None, _jsonable(c)))
            else:
                ch = self.plain_fields(o[key], c, skip=("role",))
                if ch:
                    mark = t["internal"] if "internal" in (c.visibility,
                                                           o[key].visibility) else ""
                    out.append(Detail(f"contacts[{c.role}]", t["contact_changed"].format(
                        role=c.role + mark, changes=t["sep"].join(x.text for x in ch)),
                        _jsonable(o[key]), _jsonable(c)))
        for key, c in o.items():
            if key not in n:
                out.append(Detail(f"contacts[{c.role}]", t["contact_removed"].format(
                    role=c.role, what=what(c)), _jsonable(c), None))
        return out

    def asset(self, old: m.Asset, new: m.Asset) -> list[Detail]:
        t = self.t
        out = self.plain_fields(old, new, skip=("id",))
        od, nd = old.duties or {}, new.duties or {}
        for duty in sorted({*od, *nd}):
            dn = duty_name(duty, self.lang)
            a, b = od.get(duty), nd.get(duty)
            if a == b:
                continue
            ja, jb = _jsonable(a), _jsonable(b)
            if a is None and b is not None:
                out.append(Detail(f"duties.{duty}", t["duty_added"].format(
                    duty=dn, new=self.depts(b.by)), ja, jb))
            elif b is None and a is not None:
                out.append(Detail(f"duties.{duty}", t["duty_removed"].format(
                    duty=dn, old=self.depts(a.by)), ja, jb))
            elif a is not None and b is not None:
                if a.by != b.by:
                    out.append(Detail(f"duties.{duty}", t["duty_changed"].format(
                        duty=dn, old=self.depts(a.by), new=self.depts(b.by)), ja, jb))
                if a.split != b.split:
                    out.append(Detail(f"duties.{duty}.split", t["duty_split"].format(
                        duty=dn, old=a.split or t["none"], new=b.split or t["none"]), ja, jb))
        ob = {(x.at, x.between) for x in old.boundaries}
        nb = {(x.at, x.between) for x in new.boundaries}
        for at, between in sorted(nb - ob):
            out.append(Detail("boundaries", t["bound_added"].format(
                at=self.asset_names.get(at, at), between=self.depts(between)),
                None, {"at": at, "between": list(between)}))
        for at, between in sorted(ob - nb):
            out.append(Detail("boundaries", t["bound_removed"].format(
                at=self.asset_names.get(at, at), between=self.depts(between)),
                {"at": at, "between": list(between)}, None))
        out += self.handover(old.handover, new.handover)
        return out

    def state(self, h: m.Handover) -> str:
        t = self.t
        parts = [handover_state_name(h.status, self.lang)]
        if h.since:
            parts.append(t["since"].format(d=h.since.isoformat()))
        if h.due and h.status != "accepted":
            parts.append(t["due"].format(d=h.due.isoformat()))
        if len(parts) == 1:
            return parts[0]
        rest = t["sep"].join(parts[1:])
        return word("diff.paren", self.lang, x=parts[0], y=rest)

    def handover(self, old: m.Handover | None, new: m.Handover | None) -> list[Detail]:
        t = self.t
        if old == new:
            return []
        jo, jn = _jsonable(old), _jsonable(new)
        if old is None and new is not None:
            return [Detail("handover", t["handover_added"].format(
                from_=self.dept(new.from_), to=self.dept(new.to), state=self.state(new)),
                jo, jn)]
        if new is None and old is not None:
            return [Detail("handover", t["handover_removed"].format(
                from_=self.dept(old.from_), to=self.dept(old.to), state=self.state(old)),
                jo, jn)]
        assert old is not None and new is not None
        out = []
        status_keys = ("status", "since", "due")
        if any(getattr(old, k) != getattr(new, k) for k in status_keys):
            out.append(Detail("handover.status", t["handover_status"].format(
                to=self.dept(new.to), old=self.state(old), new=self.state(new)),
                {k: _jsonable(getattr(old, k)) for k in status_keys},
                {k: _jsonable(getattr(new, k)) for k in status_keys}))
        for d in self.plain_fields(old, new, skip=status_keys, prefix="handover."):
            out.append(Detail(d.field, t["handover_field"].format(to=self.dept(new.to),
                                                                   change=d.text), d.old, d.new))
        return out

    def escalation(self, old: m.EscalationPath, new: m.EscalationPath) -> list[Detail]:
        t = self.t
        out = self.plain_fields(old, new, skip=("id",))
        for i in range(max(len(old.levels), len(new.levels))):
            a = old.levels[i] if i < len(old.levels) else None
            b = new.levels[i] if i < len(new.levels) else None
            n = i + 1
            if a is None and b is not None:
                out.append(Detail(f"levels[{n}]", t["level_added"].format(
                    n=n, after=duration_text(b.after, self.lang), who=self.depts(b.who),
                    action=self.action_part(b.action)), None, _jsonable(b)))
            elif b is None and a is not None:
                out.append(Detail(f"levels[{n}]", t["level_removed"].format(
                    n=n, after=duration_text(a.after, self.lang), who=self.depts(a.who)),
                    _jsonable(a), None))
            elif a is not None and b is not None:
                ch = self.plain_fields(a, b, prefix=f"levels[{n}].")
                if ch:
                    out.append(Detail(f"levels[{n}]", t["level_changed"].format(
                        n=n, changes=t["sep"].join(x.text for x in ch)),
                        _jsonable(a), _jsonable(b)))
        return out

    def action_part(self, action: str | None) -> str:
        if not action:
            return ""
        return word("diff.action_part", self.lang, x=_short(action))


class _RoutingDiff(_EntityDiff):
    """Who answers each matter on each asset, before and after: a handover or an ownership
    change shows up as a routing change of the matters it affects."""

    def _affected_assets(self, od: Directory, nd: Directory) -> tuple[set[str], set[str]]:
        """(assets whose answer may have changed, matters to recompute on every asset).

        An answer depends on the asset and the assets it is part of (duties, owner,
        handover), and on the open disputes about them or the matter; only assets below a
        changed asset or dispute need routing again.
        """
        seeds = {i for i, a in nd.assets.items() if i in od.assets and od.assets[i] != a}
        whole: set[str] = set()
        old_dp, new_dp = od.disputes, nd.disputes
        for i in {*old_dp, *new_dp}:
            a, b = old_dp.get(i), new_dp.get(i)
            if a == b:
                continue
            for dp in (a, b):
                if dp is None:
                    continue
                if dp.asset:
                    seeds.add(dp.asset)
                elif dp.matter:
                    whole.add(dp.matter)
        affected: set[str] = set()
        todo = list(seeds)
        while todo:
            cur = todo.pop()
            if cur in affected:
                continue
            affected.add(cur)
            todo.extend(p.id for p in nd.parts.get(cur, ()))
            todo.extend(p.id for p in od.parts.get(cur, ()))
        return affected, whole

    def routing_changes(self) -> dict[str, list[Detail]]:
        """matter id -> who answers it on which assets, where that changed."""
        from generator.answers.routing import route

        fixed = dt.date(2000, 1, 1)  # the answering department does not depend on the date
        od = Directory(self.old, today=fixed)
        nd = Directory(self.new, today=fixed)
        affected, whole = self._affected_assets(od, nd)
        by_type: dict[str, list[m.Asset]] = defaultdict(list)
        for a in self.new.assets:
            by_type[a.type].append(a)
        t = self.t
        out: dict[str, list[Detail]] = {}
        for x in self.new.matters:
            ox = od.matters.get(x.id)
            if ox is None or not x.asset_types or x.handled_by or ox.handled_by:
                continue
            types = [ty for ty in dict.fromkeys(x.asset_types) if ty in ox.asset_types]
            everything = x.id in whole or (ox.duty, ox.first_contact) != (x.duty,
                                                                          x.first_contact)
            if everything:
                cands = [a for ty in types for a in by_type.get(ty, ())]
            else:
                tset = set(types)
                cands = [nd.assets[i] for i in affected
                         if i in nd.assets and nd.assets[i].type in tset]
            moved: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
            for a in sorted(cands, key=lambda a: a.id):
                oa = od.assets.get(a.id)
                if oa is None:
                    continue
                before = route(od, ox, oa).department
                after = route(nd, x, a).department
                if before != after:
                    moved[(before, after)].append(a.id)
            details = []
            for (before, after), ids in sorted(moved.items(), key=lambda kv: (
                    kv[0][0] or "", kv[0][1] or "")):
                assets = self.asset_list(ids)
                key = "routing" if before and after else "routing_gone" if before else \
                    "routing_new"
                details.append(Detail("routing", t[key].format(
                    assets=assets, old=self.dept(before), new=self.dept(after)),
                    {"department": before, "assets": ids}, {"department": after,
                                                              "assets": ids}))
            if details:
                out[x.id] = details
        return out

    def asset_list(self, ids: list[str]) -> str:
        t = self.t
        shown = [self.asset_names.get(i, i) for i in ids[:_LIST_MAX]]
        text = t["and"].join(shown)
        if len(ids) > _LIST_MAX:
            more = t["more"].format(total=len(ids), rest=len(ids) - _LIST_MAX)
            text = word("diff.with_more", self.lang, text=text, more=more)
        return text


class _Differ(_RoutingDiff):
    """Two registries compared section by section (added, removed, renamed, id changed,
    changed), in the order of :data:`KINDS`."""

    # --- per kind ------------------------------------------------------------------------

    def section(self, kind: str, olds: Iterable[Any], news: Iterable[Any]) -> list[Change]:
        o = {x.id: x for x in olds}
        n = {x.id: x for x in news}
        removed = [x for i, x in o.items() if i not in n]
        added = [x for i, x in n.items() if i not in o]
        moved: dict[str, Any] = {}  # new id -> old entity (same name, new id)
        by_name: dict[str, list[Any]] = defaultdict(list)
        for x in removed:
            by_name[_name(x)].append(x)
        for x in added:
            cands = by_name.get(_name(x), []) if kind != "dispute" else []
            if len(cands) == 1 and sum(1 for y in added if _name(y) == _name(x)) == 1:
                moved[x.id] = cands[0]
        moved_old = {x.id for x in moved.values()}
        out: list[Change] = []
        for i, x in n.items():
            if i in o:
                if o[i] == x:  # dataclass equality (source positions are not compared)
                    continue
                details = self.compare(kind, o[i], x)
                if _name(o[i]) != _name(x):
                    out.append(Change(kind, i, _name(x), "renamed", tuple(details),
                                      group=self.group(kind, x)))
                elif details:
                    out.append(Change(kind, i, _name(x), "changed", tuple(details),
                                      group=self.group(kind, x)))
            elif i in moved:
                old = moved[i]
                details = [Detail("id", self.t["set"].format(field="id", old=old.id, new=i),
                                  old.id, i)]
                details += self.compare(kind, old, x)
                out.append(Change(kind, i, _name(x), "id-changed", tuple(details), old_id=old.id,
                                  group=self.group(kind, x)))
            else:
                out.append(Change(kind, i, _name(x), "added", tuple(self.describe(kind, x)),
                                  group=self.group(kind, x)))
        for i, x in o.items():
            if i not in n and i not in moved_old:
                out.append(Change(kind, i, _name(x), "removed", (),
                                  group=self.group(kind, x)))
        return out

    def group(self, kind: str, x: Any) -> str | None:
        if kind == "asset" and x.type in self.minor:
            return self.type_names.get(x.type, x.type)
        return None

    def describe(self, kind: str, x: Any) -> list[Detail]:
        t = self.t
        if kind == "department":
            return [Detail("kind", t["added_dept"].format(
                kind=_enum_word(x.kind, self.lang),
                parent=self.dept(x.parent)), None, x.kind)]
        if kind == "asset":
            return [Detail("type", t["added_asset"].format(
                type=self.type_names.get(x.type, x.type), owner=self.dept(x.owner)),
                None, x.type)]
        if kind == "matter":
            who = self.dept(x.handled_by) if x.handled_by else \
                t["by_duty"].format(duty=duty_name(x.duty or "", self.lang))
            limit = duration_text(x.time_limit, self.lang) if x.time_limit else t["none"]
            return [Detail("handled_by", t["added_matter"].format(who=who, limit=limit),
                           None, x.handled_by)]
        return []

    def compare(self, kind: str, old: Any, new: Any) -> list[Detail]:
        if kind == "department":
            return self.department(old, new)
        if kind == "asset":
            return self.asset(old, new)
        if kind == "escalation":
            return self.escalation(old, new)
        return self.plain_fields(old, new, skip=("id",))

    def run(self) -> list[Change]:
        o, n = self.old, self.new
        out: list[Change] = []
        site = self.plain_fields(o.site, n.site)
        oc = o.site.checks or m.Checks()
        nc = n.site.checks or m.Checks()
        if oc != nc:
            site += self.plain_fields(oc, nc, prefix="checks.")
        if site and o is not _EMPTY:
            out.append(Change("site", "site", n.site.title, "changed", tuple(site)))
        out += self.section("department", o.departments, n.departments)
        out += self.section("asset_type", o.asset_types, n.asset_types)
        out += self.section("asset", o.assets, n.assets)
        matters = self.section("matter", o.matters, n.matters)
        if self.routing:
            routed = self.routing_changes()
            seen = set()
            merged = []
            for c in matters:
                if c.id in routed:
                    c = dataclasses.replace(c, details=c.details + tuple(routed[c.id]))
                    seen.add(c.id)
                merged.append(c)
            for x in n.matters:
                if x.id in routed and x.id not in seen:
                    merged.append(Change("matter", x.id, x.name, "changed", tuple(routed[x.id])))
            matters = merged
        out += matters
        out += self.section("escalation", o.escalation, n.escalation)
        out += self.section("dispute", o.disputes, n.disputes)
        order = {k: i for i, k in enumerate(KINDS)}
        acts = {a: i for i, a in enumerate(ACTIONS)}
        out.sort(key=lambda c: (order[c.kind], acts[c.action], c.id))
        return out


def _name(x: Any) -> str:
    """Disputes have no name: they are shown by id."""
    return str(getattr(x, "name", None) or x.id)


def _keyed(contacts: tuple[m.Contact, ...]) -> dict[tuple[str, int], m.Contact]:
    """Contacts keyed by role (and the n-th contact of that role)."""
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for c in contacts:
        out[(c.role, seen[c.role])] = c
        seen[c.role] += 1
    return out


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _short(s: str, n: int = 40) -> str:
    s = _one_line(s)
    return s if len(s) <= n else s[: n - 1] + "…"


_EMPTY = m.Registry(m.Site(title=""), (), (), (), (), (), (), ())


def _empty_registry() -> m.Registry:
    return _EMPTY


def diff_registries(old: m.Registry | None, new: m.Registry, *, lang: str | None = None,
                    old_label: str = "old", new_label: str = "new", public_only: bool = False,
                    routing: bool = True) -> RegistryDiff:
    """Compare two registries. ``old=None`` means "no registry yet" (everything is added).

    ``public_only`` leaves internal contacts out entirely (for the public site);
    ``routing`` also compares who answers each asset-routed matter on each asset.
    """
    lang = lang or new.site.language
    differ = _Differ(old, new, lang, public_only, routing and old is not None)
    changes = differ.run()
    counts = {"department": len(new.departments), "asset": len(new.assets),
              "matter": len(new.matters), "escalation": len(new.escalation),
              "dispute": len(new.disputes)}
    return RegistryDiff(old_label, new_label, lang, tuple(changes), created=old is None,
                        counts=counts)


# --- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One entity line as every renderer shows it: action, label, detail sentences."""

    action: str
    name: str
    id: str | None  # None for collapsed lines
    details: tuple[str, ...]


def _lines(diff: RegistryDiff) -> dict[str, list[_Line]]:
    """Changes grouped by kind; minor assets changed the same way collapsed into one line."""
    t = _words(diff.lang)
    out: dict[str, list[_Line]] = {}
    for kind in KINDS:
        changes = [c for c in diff.changes if c.kind == kind]
        if not changes:
            continue
        lines: list[_Line] = []
        groups: dict[tuple[str, str, tuple[str, ...]], list[Change]] = defaultdict(list)
        for c in changes:
            if c.group is not None and c.action in ("added", "removed", "changed"):
                key = (c.group, c.action, tuple(d.text for d in c.details)
                       if c.action == "changed" else ())
                groups[key].append(c)
        collapsed = {id(c) for g in groups.values() if len(g) > _COLLAPSE for c in g}
        done: set[tuple[str, str, tuple[str, ...]]] = set()
        for c in changes:
            if id(c) not in collapsed:
                lines.append(_Line(c.action, c.name, c.id, tuple(d.text for d in c.details)))
                continue
            key = (c.group or "", c.action, tuple(d.text for d in c.details)
                   if c.action == "changed" else ())
            if key in done:
                continue
            done.add(key)
            g = groups[key]
            ids = t["and"].join(x.id for x in g[:_LIST_MAX])
            if len(g) > _LIST_MAX:
                more = t["more"].format(total=len(g), rest=len(g) - _LIST_MAX)
                ids = word("diff.with_more", diff.lang, text=ids, more=more)
            if c.action == "changed":
                text = t["collapsed_changed"].format(n=len(g), type=c.group,
                                                     details=t["sep"].join(key[2]), ids=ids)
            else:
                text = t["collapsed"].format(n=len(g), type=c.group,
                                             action=t["actions"][c.action], ids=ids)
            lines.append(_Line(c.action, text, None, ()))
        out[kind] = lines
    return out


def summary_text(diff: RegistryDiff) -> str:
    """One line per kind: ``Departments: 1 added, 2 changed``."""
    t = _words(diff.lang)
    if diff.created:
        parts = [word(f"diff.count_kind.{k}", diff.lang, n=n) for k, n in diff.counts.items() if n]
        return t["created"].format(parts=t["and"].join(parts))
    if diff.empty:
        return str(t["empty"])
    rows = []
    for kind, acts in diff.summary().items():
        parts = [t["count"].format(action=t["actions"][a], n=n) for a, n in acts.items()]
        rows.append(t["summary_line"].format(kind=t["kinds"][kind], parts=t["sep"].join(parts)))
    return "\n".join(rows)


def _label(line: _Line, lang: str) -> str:
    if line.id is None or line.id == line.name:
        return line.name
    return word("diff.paren", lang, x=line.name, y=line.id)


_SIGN = {"added": "+", "removed": "-", "renamed": "~", "id-changed": "~", "changed": "~"}


def render_text(diff: RegistryDiff) -> str:
    t = _words(diff.lang)
    out = [f"remit diff {diff.old_label} → {diff.new_label}", ""]
    out += summary_text(diff).splitlines()
    for kind, lines in _lines(diff).items():
        out += ["", str(t["kinds"][kind])]
        for ln in lines:
            act = t["actions"][ln.action] if ln.id is not None else ""
            head = f"  {_SIGN[ln.action]} {_label(ln, diff.lang)}"
            out.append(f"{head}: {act}" if act else head)
            out += [f"      {d}" for d in ln.details]
    return "\n".join(out) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:@])")


def md_escape(s: str) -> str:
    """Registry text as inert Markdown: every ASCII punctuation that means something is
    backslash-escaped, line breaks become spaces."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(s))


def render_markdown(diff: RegistryDiff, heading: int = 3) -> str:
    t = _words(diff.lang)
    h = "#" * heading
    colon = word("diff.colon", diff.lang)
    out = [f"{h} {t['title']}{colon}`{_code(diff.old_label)}` → `{_code(diff.new_label)}`",
           ""]
    out += [md_escape(x) + "  " for x in summary_text(diff).splitlines()]
    for kind, lines in _lines(diff).items():
        out += ["", f"{h}# {t['kinds'][kind]}", ""]
        for ln in lines:
            label = md_escape(_label(ln, diff.lang))
            act = f"**{t['actions'][ln.action]}** " if ln.id is not None else ""
            out.append(f"- {act}{label}")
            out += [f"  - {md_escape(d)}" for d in ln.details]
    return "\n".join(out) + "\n"


def _code(s: str) -> str:
    return s.replace("`", "'")


def render_json(diff: RegistryDiff) -> str:
    doc = {
        "old": diff.old_label, "new": diff.new_label, "lang": diff.lang,
        "created": diff.created,
        "summary": diff.summary(),
        "changes": [c.as_json() for c in diff.changes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(diff: RegistryDiff, fmt: str) -> str:
    if fmt == "json":
        return render_json(diff)
    if fmt == "markdown":
        return render_markdown(diff)
    return render_text(diff)


# --- sides: folders or git revisions -----------------------------------------------------


class DiffError(Exception):
    """A side that is neither a registry folder nor a git revision holding one."""


def load_side(spec: str, registry_dir: str = "directory"
              ) -> tuple[str, m.Registry | None, int]:
    """Load one side of a diff: (label, registry or None when absent, number of errors).

    ``spec`` is a registry folder (or its departments.yaml), a git revision (``main``,
    ``HEAD~3``, a commit id; the registry is ``registry_dir`` inside it), or
    ``REV:PATH`` with a path from the repository root (a folder, or its departments.yaml).
    A revision in which the registry folder does not exist gives ``None`` (everything on
    the other side is "added").

    DiffError for a folder without departments.yaml, for a bad revision, and for a
    ``REV:PATH`` whose path is absolute, climbs out with ``..``, names ``.git``, is a file,
    or is a folder without a departments.yaml at that revision. A path that does not exist
    at ``REV`` is an error too, unless it is the registry folder of the working tree (then
    it is the registry before it was created).
    """
    from pathlib import Path

    from generator.diagnostics import ERROR
    from generator.load.registry import MAIN_FILE, find_main
    from generator.load.revisions import (
        GitError,
        UnsafePathError,
        load_revision,
        object_type,
        repo_root,
        resolve,
        safe_prefix,
    )

    p = Path(spec)
    if p.exists():
        if not find_main(p)[1].is_file():
            raise DiffError(f"'{spec}' names no registry: the folder holds no {MAIN_FILE}")
        reg, diags = _load(p)
        return spec, reg, sum(1 for d in diags if d.severity == ERROR)
    rev, sep, path = spec.partition(":")
    root = repo_root(Path.cwd())
    if root is None:
        raise DiffError(f"'{spec}' is not a registry folder, and this is not a git "
                        "repository, so it cannot be a revision either")
    if not sep:
        try:
            path = Path(registry_dir).resolve().relative_to(root).as_posix()
        except ValueError:
            raise DiffError(f"the registry folder '{registry_dir}' is outside the git "
                            f"repository at {root}") from None
    try:
        path = safe_prefix(path)
    except UnsafePathError as exc:
        raise DiffError(f"'{spec}' names no registry: {exc}") from None
    try:
        sha = resolve(root, rev)
    except GitError as exc:
        raise DiffError(f"'{spec}' is not a registry folder nor a git revision "
                        f"({exc})") from None
    if sep and path.rsplit("/", 1)[-1] == MAIN_FILE:
        path = path.rpartition("/")[0]
    if sep:
        shown = f"'{path}'" if path else "the repository's root folder"
        kind = object_type(root, sha, path)
        if kind is None and not (root / path / MAIN_FILE).is_file():
            raise DiffError(f"'{spec}' names no registry: {shown} does not exist at {rev} "
                            "(and is not a registry folder in the working tree either)")
        if kind is not None and kind != "tree":
            raise DiffError(f"'{spec}' names no registry: {shown} is not a folder at {rev}")
        if kind == "tree" and object_type(root, sha, f"{path}/{MAIN_FILE}".lstrip("/")) \
                != "blob":
            raise DiffError(f"'{spec}' names no registry: {shown} holds no {MAIN_FILE} at "
                            f"{rev}")
    try:
        got = load_revision(root, sha, path)
    except GitError as exc:
        raise DiffError(f"'{spec}' is not a registry folder nor a git revision "
                        f"({exc})") from None
    if got is None:
        return spec, None, 0
    reg, diags = got
    return spec, reg, sum(1 for d in diags if d.severity == ERROR)


def _load(p: Any) -> tuple[m.Registry, list[Any]]:
    from generator.load.registry import load

    return load(p)


#: the changes grouped by kind (minor assets collapsed) and a line's label, as every
#: renderer shows them: the text ones here, the HTML one in generator.site.history_pages
lines_by_kind = _lines
line_label = _label

__all__ = ["Change", "Detail", "RegistryDiff", "DiffError", "diff_registries", "load_side",
           "render", "render_text", "render_markdown", "render_json",
           "summary_text", "md_escape", "lines_by_kind", "line_label", "KINDS", "ACTIONS"]

"""What a registry change means, in words: ``remit diff OLD NEW``.

Two registries (folders, or git revisions of the registry folder) are compared entity by
entity. The result is a list of :class:`Change` objects, one per entity that changed, each
with the sentences that say what changed (``details``) and the old and new values for
machines. :mod:`generator.publish.diff_text` renders it as plain text (the terminal),
Markdown (the pull-request job summary) and JSON, :mod:`generator.site.history_pages` as
HTML (the site's "Recent changes" page); :mod:`generator.publish.diff_sides` loads the two
sides (folders or git revisions).

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
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator import model as m
from generator.directory import Directory
from generator.publish.changes import (
    ACTIONS,
    KINDS,
    Change,
    Detail,
    RegistryDiff,
    entity_name,
    jsonable,
    keyed_contacts,
    one_line,
    short,
)
from generator.words import duration_text, duty_name, handover_state_name, kind_name, name_of, table
from generator.words import t as word

#: Shown for long texts instead of the old and new text.
_SHORT = 60
#: Minor assets changed the same way are collapsed into one line above this many.
COLLAPSE_OVER = 3
LIST_MAX = 5

def diff_words(lang: str) -> dict[str, Any]:
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


# --- comparing ----------------------------------------------------------------------------


class _Values:
    """Names and values in words. ``remit diff`` compares with a chain of small classes,
    one concern each: values in words (this), one field (:class:`_FieldDiff`), the nested
    parts of an entity (:class:`_EntityDiff`), who answers each matter
    (:class:`_RoutingDiff`), and the sections of the registry (:class:`_Differ`)."""

    def __init__(self, old: m.Registry | None, new: m.Registry, lang: str,
                 public_only: bool, routing: bool) -> None:
        self.old = old or _empty_registry()
        self.created = old is None
        self.new = new
        self.lang = lang
        self.t = diff_words(lang)
        self.public_only = public_only
        self.routing = routing
        self.names: dict[str, str] = {d.id: d.name for d in self.old.departments}
        self.names.update({d.id: d.name for d in new.departments})
        self.asset_names: dict[str, str] = {a.id: a.name for a in self.old.assets}
        self.asset_names.update({a.id: a.name for a in new.assets})
        self.type_names = {t.id: t.name for t in (*self.old.asset_types, *new.asset_types)}
        self.kinds = {k.id: k for k in (*self.old.department_kinds, *new.department_kinds)}
        self.minor = {t.id for t in new.asset_types if t.minor}
        self.esc_names = {e.id: e.name for e in (*self.old.escalation, *new.escalation)}
        self.dirs: dict[int, Directory] = {}  # each side's directory, built once

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
            if kind.ref == "department_kind":
                return kind_name(v, self.lang, self.kinds)
            names = {"department": self.names, "asset": self.asset_names,
                     "asset_type": self.type_names, "escalation": self.esc_names}.get(kind.ref)
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
        return one_line(str(v))

    def fname(self, key: str) -> str:
        return str(self.t["fields"].get(key, key))

    def directory(self, reg: m.Registry) -> Directory:
        """The directory of one side, built once (the answering department does not depend
        on the date)."""
        if id(reg) not in self.dirs:
            self.dirs[id(reg)] = Directory(reg, today=dt.date(2000, 1, 1))
        return self.dirs[id(reg)]


class _FieldDiff(_Values):
    """One declared field's change in words, asking the field's kind how to say it."""

    def scalar(self, prefix: str, key: str, kind: m.Kind, old: Any, new: Any) -> Detail | None:
        """One field's change in words (None when equal)."""
        if old == new:
            return None
        t = self.t
        label = self.fname(key)
        path = f"{prefix}{key}"
        jo, jn = jsonable(old), jsonable(new)
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
                    text=short(text)), None, jsonable(r)))
            else:
                ch = self.plain_fields(o[text], r, skip=("text",))
                if ch:
                    out.append(Detail("responsibilities", t["resp_changed"].format(
                        text=short(text), changes=t["sep"].join(x.text for x in ch)),
                        jsonable(o[text]), jsonable(r)))
        for text, r in o.items():
            if text not in n:
                out.append(Detail("responsibilities", t["resp_removed"].format(
                    text=short(text)), jsonable(r), None))
        return out

    def contacts(self, old: tuple[m.Contact, ...], new: tuple[m.Contact, ...]
                 ) -> list[Detail]:
        t = self.t
        if self.public_only:
            old = tuple(c for c in old if c.visibility == "public")
            new = tuple(c for c in new if c.visibility == "public")
        o = keyed_contacts(old)
        n = keyed_contacts(new)
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
                    role=c.role, what=what(c)), None, jsonable(c)))
            else:
                ch = self.plain_fields(o[key], c, skip=("role",))
                if ch:
                    mark = t["internal"] if "internal" in (c.visibility,
                                                           o[key].visibility) else ""
                    out.append(Detail(f"contacts[{c.role}]", t["contact_changed"].format(
                        role=c.role + mark, changes=t["sep"].join(x.text for x in ch)),
                        jsonable(o[key]), jsonable(c)))
        for key, c in o.items():
            if key not in n:
                out.append(Detail(f"contacts[{c.role}]", t["contact_removed"].format(
                    role=c.role, what=what(c)), jsonable(c), None))
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
            ja, jb = jsonable(a), jsonable(b)
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
        out += self.handovers(old, new)
        return out

    def handovers(self, old: m.Asset, new: m.Asset) -> list[Detail]:
        """The asset's handovers compared: one on each side is the same record changed;
        of several, records are paired when equal, else by parties and duties, else by
        parties and start date (its duties changed), else by duties; the rest were added or
        removed."""
        olds, news = old.all_handovers, new.all_handovers
        if olds == news:
            return []
        if len(olds) <= 1 and len(news) <= 1:
            return self.handover(olds[0] if olds else None, news[0] if news else None,
                                 new.handover_path(0) if news else old.handover_path(0))
        pair: dict[int, int] = {}  # new index -> old index
        for same in (lambda a, b: a == b,
                     lambda a, b: (a.from_, a.to, a.duties) == (b.from_, b.to, b.duties),
                     lambda a, b: (a.from_, a.to, a.since) == (b.from_, b.to, b.since),
                     lambda a, b: a.duties == b.duties):
            for j, h in enumerate(news):
                if j in pair:
                    continue
                i = next((i for i, g in enumerate(olds)
                          if i not in pair.values() and same(g, h)), None)
                if i is not None:
                    pair[j] = i
        out: list[Detail] = []
        for j, h in enumerate(news):
            i = pair.get(j)
            out += self.handover(olds[i] if i is not None else None, h, new.handover_path(j))
        for i, g in enumerate(olds):
            if i not in pair.values():
                out += self.handover(g, None, old.handover_path(i))
        return out

    def receiver(self, h: m.Handover) -> str:
        """Who a handover goes to, with the duties it names ("市政管理处（照明、电费）")."""
        if not h.duties:
            return self.dept(h.to)
        return word("diff.handover_duties", self.lang, to=self.dept(h.to),
                    duties=self.t["and"].join(duty_name(x, self.lang) for x in h.duties))

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

    def handover(self, old: m.Handover | None, new: m.Handover | None,
                 key: str = "handover") -> list[Detail]:
        """One handover record added, removed or changed (``key``: where it is on the
        asset, ``handover`` or ``handovers[i]``)."""
        t = self.t
        if old == new:
            return []
        jo, jn = jsonable(old), jsonable(new)
        if old is None and new is not None:
            return [Detail(key, t["handover_added"].format(
                from_=self.dept(new.from_), to=self.receiver(new), state=self.state(new)),
                jo, jn), *self.handover_desc(new, key)[1:]]
        if new is None and old is not None:
            return [Detail(key, t["handover_removed"].format(
                from_=self.dept(old.from_), to=self.receiver(old), state=self.state(old)),
                jo, jn)]
        assert old is not None and new is not None
        out = []
        status_keys = ("status", "since", "due")
        if any(getattr(old, k) != getattr(new, k) for k in status_keys):
            out.append(Detail(f"{key}.status", t["handover_status"].format(
                to=self.receiver(new), old=self.state(old), new=self.state(new)),
                {k: jsonable(getattr(old, k)) for k in status_keys},
                {k: jsonable(getattr(new, k)) for k in status_keys}))
        for d in self.plain_fields(old, new, skip=status_keys, prefix=f"{key}."):
            out.append(Detail(d.field, t["handover_field"].format(to=self.receiver(new),
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
                    action=self.action_part(b.action)), None, jsonable(b)))
            elif b is None and a is not None:
                out.append(Detail(f"levels[{n}]", t["level_removed"].format(
                    n=n, after=duration_text(a.after, self.lang), who=self.depts(a.who)),
                    jsonable(a), None))
            elif a is not None and b is not None:
                ch = self.plain_fields(a, b, prefix=f"levels[{n}].")
                if ch:
                    out.append(Detail(f"levels[{n}]", t["level_changed"].format(
                        n=n, changes=t["sep"].join(x.text for x in ch)),
                        jsonable(a), jsonable(b)))
        return out

    def action_part(self, action: str | None) -> str:
        if not action:
            return ""
        return word("diff.action_part", self.lang, x=short(action))


    # --- the parts of an added or removed entity, as they are ----------------------------

    def fields_desc(self, x: Any, prefix: str = "", skip: Iterable[str] = ("id", "name")
                    ) -> list[Detail]:
        """Every plain field that is set, as "field: value" (long texts shortened)."""
        out = []
        skip = set(skip)
        for key, attr, kind, _required, default, *_ in m.fields_of(type(x)):
            v = getattr(x, attr)
            if key in skip or kind.entity is not None or isinstance(
                    kind, (m.DutiesKind, m.GeometryKind)) or v is None or v == () or v == {} \
                    or (isinstance(v, bool) and v == default):  # a flag left as it is
                continue
            text = short(str(v), _SHORT) if isinstance(kind, m.TextKind) else \
                self.value(kind, v)
            out.append(Detail(f"{prefix}{key}", self.t["set_first"].format(
                field=self.fname(key), new=text), None, jsonable(v)))
        return out

    def contact_what(self, c: m.Contact) -> str:
        t = self.t
        inner = t["sep"].join(x for x in (c.phone, c.email, c.url) if x)
        mark = t["internal"] if c.visibility == "internal" else ""
        if not inner:
            return mark
        return word("diff.paren", self.lang, x=mark, y=inner)

    def duties_desc(self, x: m.Asset) -> list[Detail]:
        t = self.t
        out = []
        for duty, h in sorted((x.duties or {}).items()):
            dn = duty_name(duty, self.lang)
            out.append(Detail(f"duties.{duty}", t["duty_added"].format(
                duty=dn, new=self.depts(h.by)), None, jsonable(h)))
            if h.split:
                out.append(Detail(f"duties.{duty}.split", t["duty_split_set"].format(
                    duty=dn, split=short(h.split, _SHORT)), None, h.split))
        return out

    def handover_desc(self, h: m.Handover, at: str = "handover") -> list[Detail]:
        """A handover record as it is: parties and duties, state, interim body, the rest."""
        t = self.t
        out = [Detail(at, t["handover"].format(
            from_=self.dept(h.from_), to=self.receiver(h), state=self.state(h)), None,
            jsonable(h))]
        if h.interim is not None:
            out.append(Detail(f"{at}.interim", t["interim"].format(who=self.dept(h.interim)),
                              None, h.interim))
        elif h.status != "accepted":
            out.append(Detail(f"{at}.interim", t["no_interim"], None, None))
        skip = ("from", "to", "status", "since", "due", "interim", "duties")
        for d in self.fields_desc(h, prefix=f"{at}.", skip=skip):
            key = d.field.removeprefix(f"{at}.")
            out.append(dataclasses.replace(d, text=t["handover_part"].format(
                field=self.fname(key), value=self.value_of(h, key))))
        return out

    def value_of(self, x: Any, key: str) -> str:
        """A plain field of ``x`` in words (long texts shortened)."""
        for k, attr, kind, *_ in m.fields_of(type(x)):
            if k == key:
                v = getattr(x, attr)
                return short(str(v), _SHORT) if isinstance(kind, m.TextKind) else \
                    self.value(kind, v)
        return ""


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

        od = self.directory(self.old)
        nd = self.directory(self.new)
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
        shown = [self.asset_names.get(i, i) for i in ids[:LIST_MAX]]
        text = t["and"].join(shown)
        if len(ids) > LIST_MAX:
            more = t["more"].format(total=len(ids), rest=len(ids) - LIST_MAX)
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
            by_name[entity_name(x)].append(x)
        for x in added:
            cands = by_name.get(entity_name(x), []) if kind != "dispute" else []
            if len(cands) == 1 and \
                    sum(1 for y in added if entity_name(y) == entity_name(x)) == 1:
                moved[x.id] = cands[0]
        moved_old = {x.id for x in moved.values()}
        out: list[Change] = []
        for i, x in n.items():
            if i in o:
                if o[i] == x:  # dataclass equality (source positions are not compared)
                    continue
                details = self.compare(kind, o[i], x)
                if entity_name(o[i]) != entity_name(x):
                    out.append(Change(kind, i, entity_name(x), "renamed", tuple(details),
                                      group=self.group(kind, x)))
                elif details:
                    out.append(Change(kind, i, entity_name(x), "changed", tuple(details),
                                      group=self.group(kind, x)))
            elif i in moved:
                old = moved[i]
                details = [Detail("id", self.t["set"].format(field="id", old=old.id, new=i),
                                  old.id, i)]
                details += self.compare(kind, old, x)
                out.append(Change(kind, i, entity_name(x), "id-changed", tuple(details),
                                  old_id=old.id,
                                  group=self.group(kind, x)))
            else:
                out.append(Change(kind, i, entity_name(x), "added", tuple(self.describe(kind, x)),
                                  group=self.group(kind, x)))
        for i, x in o.items():
            if i not in n and i not in moved_old:
                out.append(Change(kind, i, entity_name(x), "removed",
                                  tuple(self.describe(kind, x, removed=True)),
                                  group=self.group(kind, x)))
        return out

    def group(self, kind: str, x: Any) -> str | None:
        if kind == "asset" and x.type in self.minor:
            return self.type_names.get(x.type, x.type)
        return None

    # --- an entity added or removed, described completely --------------------------------

    def describe(self, kind: str, x: Any, removed: bool = False) -> list[Detail]:
        """Everything a reader needs about an entity that was added (or, with ``removed``,
        what the removed one was): its fields, and for an asset its duties with their
        holders, boundaries, handover and interim body and who answers each matter on it;
        for a matter who answers it on which assets; for an escalation path its levels.
        The values are ``new`` of each detail (``old`` when removed). Who answers is left
        out when routing is not compared; a registry created from nothing lists its
        entities without details (its summary counts them)."""
        if self.created:
            return []
        reg = self.old if removed else self.new
        out = self.fields_desc(x)
        if kind == "department":
            out += [Detail("responsibilities", self.t["resp"].format(text=short(r.text)),
                           None, jsonable(r)) for r in x.responsibilities]
            contacts = x.contacts
            if self.public_only:
                contacts = tuple(c for c in contacts if c.visibility == "public")
            out += [Detail(f"contacts[{c.role}]", self.t["contact"].format(
                role=c.role, what=self.contact_what(c)), None, jsonable(c)) for c in contacts]
        elif kind == "asset":
            out += self.duties_desc(x)
            out += [Detail("boundaries", self.t["bound"].format(
                at=self.asset_names.get(b.at, b.at), between=self.depts(b.between)),
                None, {"at": b.at, "between": list(b.between)}) for b in x.boundaries]
            for i, h in enumerate(x.all_handovers):
                out += self.handover_desc(h, x.handover_path(i))
            if self.routing and self.group("asset", x) is None:
                out += self.asset_routing_desc(reg, x)
        elif kind == "matter" and self.routing:
            out += self.matter_routing_desc(reg, x)
        elif kind == "escalation":
            t = self.t
            out += [Detail(f"levels[{n}]", t["level"].format(
                n=n, after=duration_text(lv.after, self.lang), who=self.depts(lv.who),
                action=self.action_part(lv.action)), None, jsonable(lv))
                for n, lv in enumerate(x.levels, 1)]
        out += [Detail("accepted_gaps", self.t["accepted_gap"].format(
            finding=g.finding, reason=short(g.reason, _SHORT)), None, jsonable(g))
            for g in getattr(x, "accepted_gaps", ())]
        if removed:
            out = [dataclasses.replace(d, old=d.new, new=None) for d in out]
        return out

    def asset_routing_desc(self, reg: m.Registry, x: m.Asset) -> list[Detail]:
        """Who answers each asset-routed matter on this asset."""
        from generator.answers.routing import route

        matters = [mt for mt in reg.matters if x.type in mt.asset_types and not mt.handled_by]
        if not matters:
            return []
        d = self.directory(reg)
        out = []
        for mt in matters:
            dep = route(d, mt, d.assets[x.id]).department
            key = "answers" if dep else "answers_none"
            out.append(Detail(f"routing[{mt.id}]", self.t[key].format(
                matter=mt.name, who=self.dept(dep)), None,
                {"matter": mt.id, "department": dep}))
        return out

    def matter_routing_desc(self, reg: m.Registry, x: m.Matter) -> list[Detail]:
        """Who answers this matter on which assets (asset-routed matters only)."""
        from generator.answers.routing import route

        if x.handled_by or not x.asset_types:
            return []
        d = self.directory(reg)
        types = set(x.asset_types)
        by_dep: dict[str | None, list[str]] = defaultdict(list)
        for a in sorted(reg.assets, key=lambda a: a.id):
            if a.type in types:
                by_dep[route(d, x, d.assets[a.id]).department].append(a.id)
        out = []
        for dep, ids in sorted(by_dep.items(), key=lambda kv: kv[0] or "\uffff"):
            key = "answered_on" if dep else "answered_on_none"
            out.append(Detail("routing", self.t[key].format(
                assets=self.asset_list(ids), who=self.dept(dep)), None,
                {"department": dep, "assets": ids}))
        return out

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


__all__ = ["diff_registries", "diff_words", "COLLAPSE_OVER", "LIST_MAX"]

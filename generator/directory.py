"""The queryable view over a validated registry: every relation in both directions.

A :class:`Directory` is built once per registry (linear time) and then answers the
questions the site, the CLI, the checks and the exports ask: which assets a department
owns, which duties it holds, which handovers it gives and receives, which duties an asset
inherits from the assets it is part of, and so on. Everything comes back in a stable order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from generator import model as m


@dataclass(frozen=True, slots=True)
class HeldDuty:
    """One duty on one asset, as it applies after inheritance."""

    duty: str
    holding: m.DutyHolding
    source: str  # id of the asset the holding is written on (the asset itself if direct)
    inherited: bool


@dataclass(frozen=True, slots=True)
class LevelRef:
    path: m.EscalationPath
    index: int  # 0-based
    level: m.Level


def handover_state(h: m.Handover, today: dt.date) -> str:
    """planned / in-progress / overdue / disputed / accepted (overdue: past due, not accepted)."""
    if h.status == "accepted":
        return "accepted"
    if h.status == "disputed":
        return "disputed"
    if h.due is not None and h.due < today:
        return "overdue"
    return h.status


@dataclass(frozen=True, slots=True)
class HandoverRole:
    """One handover of an asset and what it governs now, among the asset's handovers.

    For each duty the handover that applies is the latest covering it (by ``since``, then
    file order); the earlier ones covering it are history for that duty. ``duties``: the
    duties it governs now; with ``rest`` also every duty no later handover names (it names
    no duties: "all"). ``history``: it governs no duty any more."""

    asset: m.Asset
    index: int  # its place in the asset's list, 0-based
    handover: m.Handover
    duties: tuple[str, ...]
    rest: bool
    history: bool
    #: with ``rest``: the duties later handovers name (they follow those instead)
    taken: tuple[str, ...] = ()

    def governs(self, duty: str) -> bool:
        """Whether ``duty`` follows this handover now."""
        return duty in self.duties or (self.rest and duty not in self.taken)


def covers(h: m.Handover, duty: str) -> bool:
    """Whether ``h`` hands over ``duty`` (a handover that names no duties hands over all)."""
    return not h.duties or duty in h.duties


def handover_order(hs: tuple[m.Handover, ...]) -> list[int]:
    """The indexes of ``hs``, latest first: by ``since``, then file order (a handover without
    ``since`` counts as dated like the nearest dated one above it in the file)."""
    keys: list[tuple[dt.date, int]] = []
    last = dt.date.min
    for i, h in enumerate(hs):
        if h.since is not None:
            last = h.since
        keys.append((h.since or last, i))
    return [i for _, i in sorted(keys, reverse=True)]


def handover_roles(a: m.Asset, known: Iterable[str] = ()) -> tuple[HandoverRole, ...]:
    """Every handover of ``a`` with what it governs now, in file order. ``known``: the
    asset's duties (:meth:`Directory.handover_roles`); a handover of all duties whose
    every known duty a later handover took is history too."""
    hs = a.all_handovers
    if len(hs) <= 1:
        return tuple(HandoverRole(a, 0, h, h.duties, not h.duties, False) for h in hs)
    known = tuple(known)
    out: dict[int, HandoverRole] = {}
    later: list[m.Handover] = []
    for i in handover_order(hs):
        h = hs[i]
        if h.duties:
            now = tuple(x for x in h.duties if not any(covers(g, x) for g in later))
            out[i] = HandoverRole(a, i, h, now, False, not now)
        else:
            taken = tuple(dict.fromkeys(x for g in later for x in g.duties))
            whole = any(not g.duties for g in later) or (
                bool(known) and all(x in taken for x in known))
            out[i] = HandoverRole(a, i, h, (), not whole, whole, () if whole else taken)
        later.append(h)
    return tuple(out[i] for i in range(len(hs)))


def latest_covering(hs: tuple[m.Handover, ...], duty: str) -> m.Handover | None:
    """The handover of ``hs`` that applies to ``duty``: the latest that covers it."""
    if len(hs) == 1:
        return hs[0] if covers(hs[0], duty) else None
    for i in handover_order(hs):
        if covers(hs[i], duty):
            return hs[i]
    return None


def days_overdue(h: m.Handover, today: dt.date) -> int:
    if h.status == "accepted" or h.due is None or h.due >= today:
        return 0
    return (today - h.due).days


def public_contacts(d: m.Department) -> tuple[m.Contact, ...]:
    return tuple(c for c in d.contacts if c.visibility == "public")


def shown_contacts(d: m.Department, internal: bool = False) -> tuple[m.Contact, ...]:
    """The contacts a page shows: public ones, or all of them in the staff build."""
    return d.contacts if internal else public_contacts(d)


def has_internal_contacts(r: m.Registry) -> bool:
    return any(c.visibility != "public" for dep in r.departments for c in dep.contacts)


def public_requester(q: m.Requester | None) -> m.Requester | None:
    """A requester as the public may see them: the kind only, the name when they agreed to
    it (``public: true``), never the contact."""
    if q is None:
        return None
    return m.Requester(name=q.name if q.public else None, kind=q.kind, public=q.public)


def public_case(c: m.Case) -> m.Case:
    """A case as the public may see it: no internal notes, no internal events, the requester
    through :func:`public_requester` (an allow-list of the requester's fields)."""
    events = tuple(e for e in c.events if not e.internal)
    return replace(c, internal_notes=None, events=events,
                   requester=public_requester(c.requester))


def _case_is_public(c: m.Case) -> bool:
    q = c.requester
    return (c.internal_notes is None and not any(e.internal for e in c.events)
            and (q is None or (q.contact is None and (q.public or q.name is None))))


def public_registry(r: m.Registry) -> m.Registry:
    """``r`` with every internal contact and every case's internal part dropped: what the
    public site and the open data are made from (an allow-list: nothing else about a
    contact or a requester can leak)."""
    contacts = has_internal_contacts(r)
    cases = not all(_case_is_public(c) for c in r.cases)
    if not contacts and not cases:
        return r
    if contacts:
        r = replace(r, departments=tuple(
            dep if all(c.visibility == "public" for c in dep.contacts)
            else replace(dep, contacts=public_contacts(dep)) for dep in r.departments))
    if cases:
        r = replace(r, cases=tuple(public_case(c) for c in r.cases))
    return r


class Directory:
    """Indexes over one registry. Treat it as read-only."""

    def __init__(self, registry: m.Registry, today: dt.date | None = None) -> None:
        self.registry = registry
        self.today = today or dt.date.today()
        r = registry
        self.departments: dict[str, m.Department] = {d.id: d for d in r.departments}
        self.assets: dict[str, m.Asset] = {a.id: a for a in r.assets}
        self.asset_types: dict[str, m.AssetType] = {t.id: t for t in r.asset_types}
        self.department_kinds: dict[str, m.DepartmentKind] = {
            k.id: k for k in r.department_kinds}
        self.matters: dict[str, m.Matter] = {x.id: x for x in r.matters}
        self.paths: dict[str, m.EscalationPath] = {p.id: p for p in r.escalation}
        self.disputes: dict[str, m.Dispute] = {d.id: d for d in r.disputes}
        self.cases: dict[str, m.Case] = {c.id: c for c in r.cases}

        self.children: dict[str, list[m.Department]] = defaultdict(list)
        for d in r.departments:
            if d.parent and d.parent in self.departments:
                self.children[d.parent].append(d)
        self.parts: dict[str, list[m.Asset]] = defaultdict(list)
        for a in r.assets:
            if a.part_of and a.part_of in self.assets:
                self.parts[a.part_of].append(a)

        self.owned: dict[str, list[m.Asset]] = defaultdict(list)
        self.held: dict[str, list[tuple[m.Asset, str]]] = defaultdict(list)
        #: department -> (asset, handover) it gives, receives, answers for meanwhile
        self.handovers_from: dict[str, list[tuple[m.Asset, m.Handover]]] = defaultdict(list)
        self.handovers_to: dict[str, list[tuple[m.Asset, m.Handover]]] = defaultdict(list)
        self.interim_for: dict[str, list[tuple[m.Asset, m.Handover]]] = defaultdict(list)
        for a in r.assets:
            if a.owner:
                self.owned[a.owner].append(a)
            for duty, h in (a.duties or {}).items():
                for dep in h.by:
                    self.held[dep].append((a, duty))
            for h2 in a.all_handovers:
                self.handovers_from[h2.from_].append((a, h2))
                self.handovers_to[h2.to].append((a, h2))
                if h2.interim:
                    self.interim_for[h2.interim].append((a, h2))

        self.matters_handled: dict[str, list[m.Matter]] = defaultdict(list)
        self.matters_first: dict[str, list[m.Matter]] = defaultdict(list)
        self.matters_by_type: dict[str, list[m.Matter]] = defaultdict(list)
        self.matters_by_path: dict[str, list[m.Matter]] = defaultdict(list)
        for x in r.matters:
            if x.handled_by:
                self.matters_handled[x.handled_by].append(x)
            if x.first_contact:
                self.matters_first[x.first_contact].append(x)
            for t in x.asset_types:
                self.matters_by_type[t].append(x)
            if x.escalation:
                self.matters_by_path[x.escalation].append(x)

        self.levels_of: dict[str, list[LevelRef]] = defaultdict(list)
        for p in r.escalation:
            for i, lv in enumerate(p.levels):
                for dep in lv.who:
                    self.levels_of[dep].append(LevelRef(p, i, lv))

        self.disputes_of_asset: dict[str, list[m.Dispute]] = defaultdict(list)
        self.disputes_of_matter: dict[str, list[m.Dispute]] = defaultdict(list)
        self.disputes_of_dept: dict[str, list[m.Dispute]] = defaultdict(list)
        for dp in r.disputes:
            if dp.asset:
                self.disputes_of_asset[dp.asset].append(dp)
            if dp.matter:
                self.disputes_of_matter[dp.matter].append(dp)
            for dep in {*dp.parties, *(x for x in (dp.arbiter, dp.interim) if x)}:
                self.disputes_of_dept[dep].append(dp)

        self.cases_of_matter: dict[str, list[m.Case]] = defaultdict(list)
        self.cases_of_asset: dict[str, list[m.Case]] = defaultdict(list)
        for c in r.cases:
            self.cases_of_matter[c.matter].append(c)
            if c.asset:
                self.cases_of_asset[c.asset].append(c)

    # --- assets -------------------------------------------------------------------------

    def ancestors(self, asset: m.Asset) -> list[m.Asset]:
        """The assets ``asset`` is part of, nearest first (cycle-safe)."""
        out: list[m.Asset] = []
        seen = {asset.id}
        cur = asset.part_of
        while cur and cur in self.assets and cur not in seen:
            seen.add(cur)
            a = self.assets[cur]
            out.append(a)
            cur = a.part_of
        return out

    def effective_duties(self, asset: m.Asset) -> dict[str, HeldDuty]:
        """Every duty that applies to ``asset``: its own, then inherited from its parents."""
        out: dict[str, HeldDuty] = {}
        for duty, h in (asset.duties or {}).items():
            out[duty] = HeldDuty(duty, h, asset.id, False)
        for parent in self.ancestors(asset):
            for duty, h in (parent.duties or {}).items():
                if duty not in out:
                    out[duty] = HeldDuty(duty, h, parent.id, True)
        return out

    def duty_holder(self, asset: m.Asset, duty: str) -> HeldDuty | None:
        if asset.duties and duty in asset.duties:
            return HeldDuty(duty, asset.duties[duty], asset.id, False)
        for parent in self.ancestors(asset):
            if parent.duties and duty in parent.duties:
                return HeldDuty(duty, parent.duties[duty], parent.id, True)
        return None

    def effective_owner(self, asset: m.Asset) -> tuple[str | None, str | None]:
        """(owner id, id of the asset it is written on): own owner, else the nearest parent's."""
        if asset.owner:
            return asset.owner, asset.id
        for parent in self.ancestors(asset):
            if parent.owner:
                return parent.owner, parent.id
        return None, None

    def required_duties(self, asset: m.Asset) -> tuple[str, ...]:
        t = self.asset_types.get(asset.type)
        return t.duties if t else ()

    def is_minor(self, asset: m.Asset) -> bool:
        t = self.asset_types.get(asset.type)
        return bool(t and t.minor)

    def known_duties(self, asset: m.Asset) -> tuple[str, ...]:
        """The duties ``asset`` has: its type's, those it holds (or inherits) and those
        its handovers name."""
        named = (x for h in asset.all_handovers for x in h.duties)
        return tuple(dict.fromkeys((*self.required_duties(asset),
                                    *self.effective_duties(asset), *named)))

    def handover_roles(self, asset: m.Asset) -> tuple[HandoverRole, ...]:
        """:func:`handover_roles` of ``asset``, over its :meth:`known_duties`."""
        if len(asset.all_handovers) <= 1:
            return handover_roles(asset)
        return handover_roles(asset, self.known_duties(asset))

    def main_handover(self, asset: m.Asset) -> m.Handover | None:
        """The handover of ``asset`` itself that stands for the whole asset (its badge,
        its colour on a map, its ``handover_*`` in GeoJSON): the latest one still open,
        else the latest one; history never (with one handover: that one)."""
        hs = asset.all_handovers
        if len(hs) <= 1:
            return hs[0] if hs else None
        roles = self.handover_roles(asset)
        current = [hs[i] for i in handover_order(hs) if not roles[i].history]
        return next((h for h in current if h.status != "accepted"), current[0])

    def applicable_handover(self, asset: m.Asset, duty: str | None
                            ) -> tuple[m.Asset, m.Handover] | None:
        """The handover that applies to ``duty`` on ``asset``: on the nearest of the asset
        and its parents with a handover covering it, the latest such handover (earlier ones
        are history). With ``duty`` None: the nearest asset's :meth:`main_handover`."""
        for a in (asset, *self.ancestors(asset)):
            hs = a.all_handovers
            if not hs:
                continue
            h = self.main_handover(a) if duty is None else latest_covering(hs, duty)
            if h is not None:
                return a, h
        return None

    def open_disputes(self, asset: m.Asset | None, matter: m.Matter) -> list[m.Dispute]:
        """Open disputes that bear on ``matter`` (on ``asset``), in a stable order.

        A dispute recorded on the asset or one of the assets it is part of applies when it
        names this matter, or names no matter and concerns the matter's duty (or no duty in
        particular; a matter handled by a fixed department has no duty, so only disputes
        that name it apply). A dispute that names the matter and no asset applies to the
        matter everywhere.
        """
        found: list[m.Dispute] = []
        seen: set[str] = set()
        duty = matter.duty
        chain = (asset, *self.ancestors(asset)) if asset is not None else ()
        for a in chain:
            for dp in self.disputes_of_asset.get(a.id, ()):
                if dp.status != "open" or dp.id in seen:
                    continue
                if dp.matter == matter.id or (
                        not dp.matter and duty and (not dp.duty or dp.duty == duty)):
                    seen.add(dp.id)
                    found.append(dp)
        for dp in self.disputes_of_matter.get(matter.id, ()):
            if dp.status == "open" and not dp.asset and dp.id not in seen:
                seen.add(dp.id)
                found.append(dp)
        return found

    # --- departments --------------------------------------------------------------------

    def department_chain(self, d: m.Department) -> list[m.Department]:
        """Parents of ``d``, nearest first (cycle-safe)."""
        out: list[m.Department] = []
        seen = {d.id}
        cur = d.parent
        while cur and cur in self.departments and cur not in seen:
            seen.add(cur)
            out.append(self.departments[cur])
            cur = self.departments[cur].parent
        return out

    def roots(self) -> list[m.Department]:
        return [d for d in self.registry.departments
                if not d.parent or d.parent not in self.departments
                or self._in_cycle(d)]

    def _in_cycle(self, d: m.Department) -> bool:
        seen = {d.id}
        cur = d.parent
        while cur and cur in self.departments:
            if cur in seen:
                return True
            seen.add(cur)
            cur = self.departments[cur].parent
        return False

    def name_of(self, dep_id: str | None) -> str:
        if not dep_id:
            return ""
        d = self.departments.get(dep_id)
        return d.name if d else dep_id

    def public(self) -> Directory:
        """This directory without internal contacts (itself when it has none)."""
        reg = public_registry(self.registry)
        return self if reg is self.registry else Directory(reg, today=self.today)

    @cached_property
    def major_assets(self) -> list[m.Asset]:
        return [a for a in self.registry.assets if not self.is_minor(a)]

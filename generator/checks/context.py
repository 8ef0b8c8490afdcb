"""The state one run of the checks shares: the registry, the date, the accepted gaps, the
minor-asset groups waiting to be merged, and memoised walks up ``part_of`` (effective owner,
duties held, the page that shows an asset)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from generator import model as m
from generator.checks.core import Lite, Member, Raw, new_member, start_of
from generator.directory import Directory


class Context:
    """What the families of findings read, and the memoised walks they share."""

    def __init__(self, d: Directory, today: dt.date, max_age: int | None) -> None:
        self.d = d
        self.today = today
        self.lang = d.registry.site.language
        checks = d.registry.site.checks
        if max_age is None:
            max_age = checks.contact_max_age_days if checks else 365
        self.max_age = max_age
        self.raw: list[Raw] = []
        # minor asset findings: group key -> list of (member raw finding)
        self.groups: dict[tuple[Any, ...], list[Lite]] = defaultdict(list)
        self._owner: dict[str, str | None] = {}
        self._covered: dict[str, frozenset[str]] = {}
        self.asset_targets: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}
        self.asset_order: dict[str, int] = {}
        self._members: dict[str, Member] = {}
        self._home: dict[str, str | None] = {}
        # (entity, id) -> [(entry, index, path)] of every accepted_gaps entry
        self.accepted: dict[tuple[str, str], list[tuple[m.AcceptedGap, int, str]]] = \
            defaultdict(list)
        for dep in d.registry.departments:
            for i, g in enumerate(dep.accepted_gaps):
                self.accepted[("department", dep.id)].append((g, i, f"departments[{dep.id}]"))
        for a in d.registry.assets:
            for i, g in enumerate(a.accepted_gaps):
                self.accepted[("asset", a.id)].append((g, i, f"assets[{a.id}]"))
        self.accept_kinds = self._kinds()
        self.minor_types = {t.id for t in d.registry.asset_types if t.minor}

    def _kinds(self) -> dict[tuple[str, str], set[str]]:
        return {k: {g.finding for g, _, _ in v} for k, v in self.accepted.items()}

    def acceptor(self, keys: Iterable[tuple[str, str]], kind: str) -> tuple[str, str] | None:
        """The first of ``keys`` whose accepted_gaps accept ``kind``."""
        if not self.accepted:
            return None
        for key in keys:
            kinds = self.accept_kinds.get(key)
            if kinds and kind in kinds:
                return key
        return None

    # --- helpers ----------------------------------------------------------------------

    def dn(self, dep: str | None) -> str:
        return self.d.name_of(dep)

    def an(self, asset_id: str) -> str:
        a = self.d.assets.get(asset_id)
        return a.name if a else asset_id

    def minor(self, a: m.Asset) -> bool:
        return a.type in self.minor_types

    def home(self, a: m.Asset) -> str | None:
        """The asset whose page shows ``a``: itself, or for a minor asset the nearest major
        asset it is part of (None when there is none)."""
        if a.type not in self.minor_types:
            return a.id
        if not a.part_of:
            return None
        if a.part_of in self._home:
            return self._home[a.part_of]
        found = next((p.id for p in self.d.ancestors(a) if p.type not in self.minor_types),
                     None)
        self._home[a.part_of] = found
        return found

    def parent_target(self, a: m.Asset) -> tuple[tuple[str, str], ...]:
        """Badge target of an asset: the page that shows it (see ``home``)."""
        home = self.home(a)
        return (("asset", home),) if home else ()

    def accept_keys(self, a: m.Asset) -> tuple[tuple[str, str], ...]:
        """Entries whose accepted_gaps may silence a finding about ``a``: its own, and for
        a minor asset its parent's and the nearest major asset's."""
        if a.type not in self.minor_types:
            return (("asset", a.id),)
        keys = dict.fromkeys([("asset", a.id)])
        if a.part_of:
            keys[("asset", a.part_of)] = None
        home = self.home(a)
        if home:
            keys[("asset", home)] = None
        return tuple(keys)

    def asset_finding(self, a: m.Asset, kind: str, pos: tuple[str, int, int],
                      build: Callable[[], Raw], group: tuple[Any, ...] = ()
                      ) -> tuple[Raw, ...]:
        """The finding ``build()`` makes; findings about minor assets are only noted here
        (and nothing is returned) and merged per kind, parent and file
        (``accept.merge_groups``), so a source of 90,000 lamps costs no message per lamp."""
        if a.type in self.minor_types:
            # members accepted by different entries (or not at all) stay in separate groups
            by = self.acceptor(self.accept_keys(a), kind) if self.accepted else None
            self.groups[(kind, a.part_of or "", pos[0], a.type, by, *group)].append(
                (a, pos, build))
            return ()
        return (build(),)

    def owner_of(self, a: m.Asset) -> str | None:
        """Effective owner (own, else nearest parent's); memoised, cycle-safe."""
        cache = self._owner
        if a.id in cache:
            return cache[a.id]
        chain: list[m.Asset] = []
        seen: set[str] = set()
        cur: m.Asset | None = a
        found: str | None = None
        while cur is not None and cur.id not in seen:
            if cur.id in cache:
                found = cache[cur.id]
                break
            seen.add(cur.id)
            chain.append(cur)
            if cur.owner:
                found = cur.owner
                break
            cur = self.d.assets.get(cur.part_of) if cur.part_of else None
        for x in chain:
            if x.owner:
                found_here = x.owner
                cache[x.id] = found_here
            else:
                cache[x.id] = found
        # chain entries below the first owner inherit it; above it is not in the chain
        return cache[a.id]

    def covered(self, a: m.Asset) -> frozenset[str]:
        """Duties named on the asset or any asset it is part of; memoised, cycle-safe."""
        cache = self._covered
        got = cache.get(a.id)
        if got is not None:
            return got
        chain: list[m.Asset] = []
        seen: set[str] = set()
        cur: m.Asset | None = a
        base: frozenset[str] = frozenset()
        while cur is not None and cur.id not in seen:
            c = cache.get(cur.id)
            if c is not None:
                base = c
                break
            seen.add(cur.id)
            chain.append(cur)
            cur = self.d.assets.get(cur.part_of) if cur.part_of else None
        for x in reversed(chain):
            if x.duties:
                base = base | frozenset(x.duties)
            cache[x.id] = base
        return cache[a.id]

    def member(self, a: m.Asset, pos: tuple[str, int, int] | None = None) -> Member:
        """The asset as a member of an aggregated finding (one object per asset)."""
        got = self._members.get(a.id)
        if got is None:
            got = self._members[a.id] = new_member((a.id, *(pos or start_of(a.node))))
        return got

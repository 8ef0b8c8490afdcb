"""Figures over cases: how many, solved, open, overdue; the median and 90th-percentile
working days to resolution; the share solved within the time limit. Per matter, per
department, and the precedents a matter or asset page shows.

The 90th percentile is the nearest-rank one: of ``n`` values sorted ascending, the one at
rank ``ceil(0.9 * n)`` (so a real resolution time, never an interpolation). The median is
the middle value, or the mean of the two middle ones.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator import model as m
from generator.cases.calendar import WorkCalendar
from generator.cases.clock import Clock, clock, ladder_of, resolved_on
from generator.directory import Directory


@dataclass(frozen=True)
class Figures:
    cases: int
    solved: int
    open: int
    overdue: int
    median_days: float | None
    p90_days: float | None
    within_limit: float | None  # share 0..1 of solved cases within the time limit


def nearest_rank(values: list[int], p: float) -> float | None:
    """The ``p``-th percentile (0 < p <= 100) by the nearest-rank method."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1])


def figures(clocks: Iterable[Clock]) -> Figures:
    cs = list(clocks)
    days = [c.days_to_resolve for c in cs if c.days_to_resolve is not None]
    limits = [c.within_limit for c in cs if c.within_limit is not None]
    solved = sum(c.status == "resolved" for c in cs)
    return Figures(
        cases=len(cs),
        solved=solved,
        open=len(cs) - solved,
        overdue=sum(c.overdue for c in cs),
        median_days=float(statistics.median(days)) if days else None,
        p90_days=nearest_rank(days, 90),
        within_limit=sum(limits) / len(limits) if limits else None,
    )


def _clocks(d: Directory, today: dt.date) -> list[tuple[m.Case, Clock]]:
    cal = WorkCalendar.from_site(d.registry.site)
    return [(c, clock(d, c, today, cal)) for c in d.registry.cases]


def by_matter(d: Directory, today: dt.date) -> dict[str, Figures]:
    """Figures of each matter that has cases, in the registry's order of matters."""
    groups: dict[str, list[Clock]] = defaultdict(list)
    for case, ck in _clocks(d, today):
        groups[case.matter].append(ck)
    order = [x for x in d.matters if x in groups] + sorted(x for x in groups
                                                           if x not in d.matters)
    return {x: figures(groups[x]) for x in order}


def departments_of(d: Directory, case: m.Case) -> tuple[str, ...]:
    """The department(s) a case belongs to: the one that resolved it; else the one(s) it was
    last forwarded or escalated to (an escalation without ``to`` goes to its level's
    departments); else the matter's first contact."""
    done = resolved_on(case)
    if done is not None:
        for ev in reversed(case.events):
            if ev.type == "resolved" and ev.by:
                return (ev.by,)
            if ev.type == "resolved":
                break
    path = None
    for ev in reversed(case.events):
        if ev.type in ("forwarded", "escalated") and ev.to:
            return ev.to
        if ev.type == "escalated" and ev.level is not None:
            path = path or ladder_of(d, d.matters.get(case.matter))
            if path is not None and 1 <= ev.level <= len(path.levels):
                return path.levels[ev.level - 1].who
    matter = d.matters.get(case.matter)
    return (matter.first_contact,) if matter is not None and matter.first_contact else ()


def by_department(d: Directory, today: dt.date) -> dict[str, Figures]:
    """Figures of each department that has cases (see :func:`departments_of`; a case
    escalated to several departments counts for each), in the registry's order."""
    groups: dict[str, list[Clock]] = defaultdict(list)
    for case, ck in _clocks(d, today):
        for dep in departments_of(d, case):
            groups[dep].append(ck)
    order = [x for x in d.departments if x in groups] + sorted(
        x for x in groups if x not in d.departments)
    return {x: figures(groups[x]) for x in order}


def precedents(d: Directory, matter_id: str, asset_id: str | None = None, limit: int = 5,
               ) -> list[m.Case]:
    """Resolved cases of a matter: those on the same asset first, then on an asset of the
    same type, then the rest; newest resolution first within each (then the id)."""
    asset = d.assets.get(asset_id) if asset_id else None

    def rank(c: m.Case) -> int:
        if asset is None:
            return 0
        if c.asset == asset.id:
            return 0
        other = d.assets.get(c.asset) if c.asset else None
        return 1 if other is not None and other.type == asset.type else 2

    found = [(c, done) for c in d.cases_of_matter.get(matter_id, ())
             if (done := resolved_on(c)) is not None]
    found.sort(key=lambda x: x[0].id, reverse=True)
    found.sort(key=lambda x: (rank(x[0]), -x[1].toordinal()))
    return [c for c, _ in found[:limit]]

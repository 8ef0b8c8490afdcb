"""The escalation clock of a case: where the matter's ladder says it should be (level, who,
by when), where it actually is, and whether it is overdue.

The rules (docs/registry.md, "Cases"):

* Level *i* of the matter's escalation path is planned to take over on
  ``calendar.add(received, levels[i].after)`` (never before the level below it); a matter
  without a path has one stage, its handler's.
* The case is at level 1 when received; an escalated event raises it to its ``level``.
* A level's time runs out on the day the next level is planned to take over (``by``): the
  escalation may happen on that day; from the day after, the case is overdue at its level.
  ``level_due`` is the highest level planned to start before today (before the resolution
  for a resolved case); ``who_due`` and ``by`` are those of ``level_due``, or of the actual
  level when the case was escalated ahead of the ladder.
* The deadline is ``calendar.add(received, time_limit)``; resolved on the deadline is within
  the limit, open after it is overdue.
* ``days_overdue`` counts the working days after the earliest missed date (the escalation
  not made, or the deadline) up to today, at least 1 for an overdue case (a Saturday after
  a Friday deadline is late already).
* ``days_to_resolve`` counts working days after ``received`` up to the resolution.
* Status: resolved when the last resolved event is not followed by a reopened one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import model as m
from generator.cases.calendar import WorkCalendar
from generator.directory import Directory


@dataclass(frozen=True)
class Stage:
    level: int
    who: tuple[str, ...]
    planned_from: dt.date
    planned_until: dt.date | None
    actual_from: dt.date | None
    actual_until: dt.date | None

    @property
    def late(self) -> bool:
        """Reached after its planned day (an escalation made late)."""
        return self.actual_from is not None and self.actual_from > self.planned_from


@dataclass(frozen=True)
class Clock:
    case_id: str
    status: str  # "open" | "resolved"
    level_now: int  # the actual level (1 at intake, raised by escalated events)
    level_due: int  # where the ladder says it should be by today (open) or was when resolved
    who_due: tuple[str, ...]  # who should have it now: level_due's, or level_now's if higher
    by: dt.date | None  # when that level's time runs out (the next level's planned start)
    deadline: dt.date | None  # received + the matter's time limit
    overdue: bool  # open and (level_now < level_due or today > deadline)
    days_overdue: int  # working days past the earliest missed date
    resolved_on: dt.date | None
    days_to_resolve: int | None  # working days
    within_limit: bool | None
    stages: tuple[Stage, ...]


def resolved_on(case: m.Case) -> dt.date | None:
    """The day of the last resolved event, unless a reopened event follows it."""
    out: dt.date | None = None
    for ev in case.events:
        if ev.type == "resolved":
            out = ev.date
        elif ev.type == "reopened":
            out = None
    return out


def ladder_of(d: Directory, matter: m.Matter | None) -> m.EscalationPath | None:
    if matter is None or not matter.escalation:
        return None
    path = d.paths.get(matter.escalation)
    return path if path is not None and path.levels else None


def handler_of(d: Directory, case: m.Case, matter: m.Matter | None) -> tuple[str, ...]:
    """Who handles a case whose matter has no ladder: the matter's handler, else the holder
    of its duty on the asset, else its first contact."""
    if matter is None:
        return ()
    if matter.handled_by:
        return (matter.handled_by,)
    asset = d.assets.get(case.asset) if case.asset else None
    if asset is not None and matter.duty:
        held = d.duty_holder(asset, matter.duty)
        if held is not None:
            return held.holding.by
    return (matter.first_contact,) if matter.first_contact else ()


def clock(d: Directory, case: m.Case, today: dt.date, cal: WorkCalendar | None = None,
          ) -> Clock:
    cal = cal or WorkCalendar.from_site(d.registry.site)
    matter = d.matters.get(case.matter)
    path = ladder_of(d, matter)
    received = case.received
    plan: list[tuple[tuple[str, ...], dt.date]] = []
    if path is not None:
        start = received
        for lv in path.levels:
            start = max(start, cal.add(received, lv.after))
            plan.append((lv.who, start))
    else:
        plan.append((handler_of(d, case, matter), received))
    n = len(plan)

    actual_from: list[dt.date | None] = [received] + [None] * (n - 1)
    actual_until: list[dt.date | None] = [None] * n
    level = 1
    for ev in case.events:
        if ev.type == "escalated" and ev.level is not None and level < ev.level <= n:
            actual_until[level - 1] = ev.date
            actual_from[ev.level - 1] = ev.date
            level = ev.level
    done = resolved_on(case)
    if done is not None:
        actual_until[level - 1] = done
    stages = tuple(Stage(i + 1, who, start, plan[i + 1][1] if i + 1 < n else None,
                         actual_from[i], actual_until[i])
                   for i, (who, start) in enumerate(plan))

    ref = done or today
    due = max((i + 1 for i, (_, start) in enumerate(plan) if start < ref), default=1)
    now = max(due, level)  # escalated early, it stays where it was raised to
    by = plan[now][1] if now < n else None
    deadline = cal.add(received, matter.time_limit) if matter and matter.time_limit else None
    overdue = False
    days_overdue = 0
    if done is None:
        missed = [plan[level][1]] if level < due else []
        if deadline is not None and today > deadline:
            missed.append(deadline)
        if missed:
            overdue = True
            days_overdue = max(1, cal.working_days(min(missed), today))
    return Clock(
        case_id=case.id,
        status="resolved" if done is not None else "open",
        level_now=level,
        level_due=due,
        who_due=plan[now - 1][0],
        by=by,
        deadline=deadline,
        overdue=overdue,
        days_overdue=days_overdue,
        resolved_on=done,
        days_to_resolve=cal.working_days(received, done) if done is not None else None,
        within_limit=(done <= deadline) if done is not None and deadline is not None else None,
        stages=stages,
    )


def clocks(d: Directory, today: dt.date, cal: WorkCalendar | None = None) -> list[Clock]:
    """The clock of every case, in the registry's order (one calendar for all)."""
    cal = cal or WorkCalendar.from_site(d.registry.site)
    return [clock(d, c, today, cal) for c in d.registry.cases]

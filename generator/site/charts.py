"""Pictures drawn at build time, as data for the templates (no script, no chart library):
a case's timeline (the ladder's planned stages against the actual path, ``case_timeline``)
and small bar charts of counts and of days (``count_bars``, ``day_ranges``).

The timeline is one inline SVG of fixed proportions (:data:`WIDTH` user units wide): its
labels are SVG text at 12-13 px, so the picture keeps its size and the page scrolls it
sideways on a phone rather than shrinking the text (the stylesheet gives it a minimum
width). Colours are classes (the stylesheet's variables, so the dark scheme works) with
presentation attributes as the fallback; text is ``currentColor``. Every mark has a
``<title>``, the picture a ``<title>`` and ``<desc>``, and the page prints the same facts
as text beside it (the table of stages, the list of events).

Bars are HTML labels and numbers with one stretching SVG bar each (like the handover
chart), so the numbers are text for screen readers and readable at any width.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import model as m
from generator.cases.calendar import WorkCalendar
from generator.cases.clock import Clock

_DAY = dt.timedelta(days=1)

WIDTH = 720  # user units of the timeline's viewBox
LABELS = 150  # the lanes' labels, left of the plot
RIGHT = 18
AXIS = 30  # tick labels above the lanes
LANE = 46
FOOT = 28  # the deadline's and today's labels under the lanes
MIN_GAP = 50  # px between two tick labels
WHO_CHARS = 10  # characters of a lane's department names before "…"

#: Event marks, in the legend's order.
MARKS = ("received", "forwarded", "reply", "escalated", "consultation", "resolved",
         "feedback", "reopened", "note")


@dataclass(frozen=True)
class Scale:
    """Dates to x: each day is a column ``px`` wide; a date is the middle of its column."""

    start: dt.date
    days: int
    x0: float
    x1: float

    @property
    def px(self) -> float:
        return (self.x1 - self.x0) / self.days

    def x(self, d: dt.date) -> float:
        return self.x0 + ((d - self.start).days + 0.5) * self.px

    def edge(self, d: dt.date) -> float:
        """The right edge of day ``d``'s column (where the next day starts)."""
        return self.x0 + ((d - self.start).days + 1) * self.px


def _r(v: float) -> float:
    return round(v, 1)


def ticks(start: dt.date, days: int, px: float) -> list[tuple[dt.date, str]]:
    """Dates to label on the axis and their labels: every day, every 2 days, Mondays,
    every other Monday, the 1st of every 1, 2, 3, 6 or 12 months: the first step whose
    labels stand at least :data:`MIN_GAP` apart."""
    end = start + dt.timedelta(days=days - 1)
    all_days = [start + dt.timedelta(days=i) for i in range(days)]
    for step in (1, 2):
        if step * px >= MIN_GAP:
            return [(d, f"{d:%m-%d}") for d in all_days[::step]]
    for weeks in (1, 2):
        if 7 * weeks * px >= MIN_GAP:
            mondays = [d for d in all_days if d.weekday() == 0]
            return [(d, f"{d:%m-%d}") for d in mondays[::weeks]]
    months = next((k for k in (1, 2, 3, 6) if 30 * k * px >= MIN_GAP + 10), 12)
    out = []
    y, mo = start.year, start.month
    while True:
        d = dt.date(y, mo, 1)
        if d > end:
            break
        if d >= start and (mo - 1) % months == 0:
            out.append((d, f"{d:%Y-%m}"))
        mo += 1
        if mo > 12:
            y, mo = y + 1, 1
    return out


def short(text: str, n: int = WHO_CHARS) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _mark_shape(kind: str, cx: float, cy: float) -> dict[str, Any]:
    """The shape of an event mark at (cx, cy): a tag and its attributes."""
    if kind == "received":
        return {"tag": "circle", "cx": cx, "cy": cy, "r": 5.5}
    if kind == "forwarded":
        return {"tag": "polygon", "points": _pts((cx - 5, cy - 6), (cx + 6, cy),
                                                 (cx - 5, cy + 6))}
    if kind == "escalated":
        return {"tag": "polygon", "points": _pts((cx - 6.5, cy + 5), (cx + 6.5, cy + 5),
                                                 (cx, cy - 7))}
    if kind == "consultation":
        return {"tag": "polygon", "points": _pts((cx, cy - 7), (cx + 7, cy), (cx, cy + 7),
                                                 (cx - 7, cy))}
    if kind == "resolved":
        return {"tag": "circle", "cx": cx, "cy": cy, "r": 7,
                "tick": f"M{_r(cx - 3.5)} {_r(cy)}l2.5 2.7 4.6-5.4"}
    if kind == "feedback":
        pts = []
        for i in range(10):
            a = math.pi / 2 + i * math.pi / 5
            rr = 8 if i % 2 == 0 else 3.4
            pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
        return {"tag": "polygon", "points": _pts(*pts)}
    if kind == "reopened":
        return {"tag": "circle", "cx": cx, "cy": cy, "r": 5.5, "ring": True}
    return {"tag": "circle", "cx": cx, "cy": cy, "r": 3.5}  # reply, note


def _pts(*pts: tuple[float, float]) -> str:
    return " ".join(f"{_r(x)},{_r(y)}" for x, y in pts)


def legend_shape(kind: str) -> dict[str, Any]:
    """A mark drawn alone in a 16×16 box, for the legend."""
    return _mark_shape(kind, 8, 8)


def case_timeline(case: m.Case, ck: Clock, cal: WorkCalendar, today: dt.date,
                  words: Callable[..., str], name: Callable[[str], str], *,
                  ladder: bool = True) -> dict[str, Any]:
    """The timeline picture of one case, for ``case_timeline.svg.j2``.

    ``words(key, **values)`` gives the page's words (``case_page.*`` keys without the
    prefix); ``name(dept_id)`` a department's name; ``ladder`` False: the matter has no
    escalation path (one lane, the handler's). Lanes are the ladder's levels (or the
    one handler's stage); each shows the planned stage (light, from its planned start to
    the next level's) and the actual one (from when the case reached the level until it
    left it, was resolved, or today), the part past a missed date in the overdue colour.
    Events are marks on the lane of the level the case was at."""
    open_ = ck.status == "open"
    stages = ck.stages
    ends = [case.received + _DAY, *(e.date for e in case.events),
            *(s.planned_from for s in stages)]
    for d in (ck.deadline, ck.resolved_on, today if open_ else None):
        if d is not None:
            ends.append(d)
    end = max(ends)
    if stages and stages[-1].planned_until is None:
        end = max(end, stages[-1].planned_from + _DAY)
    days = (end - case.received).days + 2  # a day's margin after the last date
    sc = Scale(case.received, days, LABELS, WIDTH - RIGHT)
    n = len(stages)
    top, bottom = AXIS, AXIS + n * LANE
    height = bottom + FOOT

    off: list[dict[str, float]] = []
    if sc.px >= 2.5:
        run: dt.date | None = None
        for i in range(days + 1):
            d = case.received + dt.timedelta(days=i)
            working = i == days or cal.is_working(d)
            if not working and run is None:
                run = d
            elif working and run is not None:
                x = sc.x0 + (run - sc.start).days * sc.px
                off.append({"x": _r(x), "w": _r((d - run).days * sc.px)})
                run = None

    tick_list: list[dict[str, Any]] = []
    for d, label in ticks(sc.start, days, sc.px):
        x = _r(sc.x(d))  # the outer labels stay inside the picture
        anchor = "start" if x - 20 < sc.x0 else "end" if x + 20 > WIDTH else "middle"
        tx = _r(x - 3) if anchor == "start" else _r(x + 3) if anchor == "end" else x
        tick_list.append({"x": x, "label": label, "anchor": anchor, "tx": tx})

    missed: list[dt.date] = []
    if open_:
        if ck.level_now < ck.level_due and ck.level_now < n:
            missed.append(stages[ck.level_now].planned_from)
        if ck.deadline is not None and today > ck.deadline:
            missed.append(ck.deadline)
    late_from = min(missed) if missed else None

    lanes = []
    for i, s in enumerate(stages):
        y = top + i * LANE
        who = [name(x) for x in s.who]
        label_who = (short(who[0]) + (words("and_more", n=len(who) - 1) if len(who) > 1
                                      else "")) if who else ""
        p_from = sc.x(s.planned_from)
        p_to = sc.x(s.planned_until) if s.planned_until is not None else sc.x1
        planned = {"x": _r(p_from), "w": _r(max(3.0, p_to - p_from)), "y": y + 8,
                   "open_end": s.planned_until is None}
        actual = None
        overdue = None
        if s.actual_from is not None:
            until = s.actual_until or (today if open_ and i + 1 == ck.level_now else None)
            if until is None:
                until = s.actual_from
            a_from, a_to = sc.x(s.actual_from), sc.x(until)
            actual = {"x": _r(a_from), "w": _r(max(4.0, a_to - a_from)), "y": y + 22}
            # the part after a missed date: overdue (open), past the time limit (resolved)
            past, kind = (late_from, "overdue") if open_ else \
                (ck.deadline, "late") if ck.within_limit is False else (None, "")
            if past is not None and until > past:
                o_from = max(a_from, sc.edge(past))
                overdue = {"x": _r(o_from), "w": _r(max(3.0, a_to - o_from)), "y": y + 22,
                           "kind": kind}
        label = words("level", n=s.level) if ladder else words("tl_handler")
        lanes.append({"y": y, "level": s.level, "label": label, "label_who": label_who,
                      "title": label + words("colon") + words("list_sep").join(who),
                      "planned": planned, "actual": actual, "overdue": overdue})

    marks = []
    level = 1
    seen: dict[tuple[dt.date, int], int] = {}
    for e in case.events:
        if e.type == "escalated" and e.level is not None and level < e.level <= n:
            level = e.level
        lane = min(level, n) - 1
        k = seen.get((e.date, lane), 0)
        seen[(e.date, lane)] = k + 1
        cx = sc.x(e.date) + k * 9
        cy = top + lane * LANE + 29
        kind = e.type if e.type in MARKS else "note"
        shape = _mark_shape(kind, _r(cx), cy)
        marks.append({"kind": kind, "rating": e.rating or "", "shape": shape,
                      "title": f"{e.date.isoformat()} {words('ev.' + e.type)}"
                               + (f"{words('colon')}{e.text}" if e.text else "")})

    rules = []
    if ck.deadline is not None and (ck.deadline - sc.start).days < days:
        rules.append({"kind": "deadline", "x": _r(sc.edge(ck.deadline)),
                      "label": words("tl_deadline", date=f"{ck.deadline:%m-%d}"),
                      "late": bool(missed and ck.deadline in missed)})
    if open_:
        rules.append({"kind": "today", "x": _r(sc.x(today)),
                      "label": words("tl_today", date=f"{today:%m-%d}"), "late": False})
    _place_labels(rules)
    return {"width": WIDTH, "height": height, "top": top, "bottom": bottom,
            "x0": sc.x0, "x1": sc.x1, "off": off, "ticks": tick_list, "lanes": lanes,
            "marks": marks, "rules": rules, "foot": bottom + 18,
            "kinds": [k for k in MARKS if any(mk["kind"] == k for mk in marks)]}


def _place_labels(rules: list[dict[str, Any]]) -> None:
    """Anchor the labels under the vertical lines so that two close ones do not overlap
    and none leaves the picture."""
    for r in rules:
        r["anchor"] = "middle"
        r["tx"] = r["x"]
    if len(rules) == 2 and abs(rules[0]["x"] - rules[1]["x"]) < 90:
        left, right = sorted(rules, key=lambda r: (r["x"], r["kind"] != "deadline"))
        left["anchor"], left["tx"] = "end", _r(left["x"] - 4)
        right["anchor"], right["tx"] = "start", _r(right["x"] + 4)
    for r in rules:
        if r["anchor"] != "start" and r["tx"] + 45 > WIDTH:
            r["anchor"], r["tx"] = "end", _r(min(r["x"], WIDTH) - 4)
        if r["anchor"] != "end" and r["tx"] - 45 < LABELS:
            r["anchor"], r["tx"] = "start", _r(r["x"] + 4)


# --- bars ----------------------------------------------------------------------------------


def count_bars(items: Sequence[tuple[str, str, int]]) -> list[dict[str, Any]]:
    """(kind, label, count) as bars, each in percent of the largest (at least 1 when the
    count is not 0); kinds without cases are left out."""
    biggest = max((n for _, _, n in items), default=0) or 1
    return [{"kind": kind, "name": label, "n": n,
             "w": max(1, round(100 * n / biggest))} for kind, label, n in items if n]


def day_ranges(items: Iterable[tuple[Any, float | None, float | None]]
               ) -> tuple[list[dict[str, Any]], float]:
    """(label, median, p90) as range bars on one scale: the median solid, on to the
    90th percentile lighter. Items without solved cases are left out. Returns the bars and
    the scale's maximum (days)."""
    rows = [(label, med, p90) for label, med, p90 in items if med is not None]
    top = max((p90 if p90 is not None else med for _, med, p90 in rows), default=0.0) or 1.0
    out = []
    for label, med, p90 in rows:
        assert med is not None
        hi = p90 if p90 is not None else med
        out.append({"name": label, "median": med, "p90": hi,
                    "w_med": max(0.8, round(100 * med / top, 1)),
                    "w_p90": max(0.8, round(100 * hi / top, 1))})
    return out, top


def number(x: float | None) -> str:
    """A day count for a table: ``3``, ``3.5``; ``—`` for none."""
    if x is None:
        return "—"
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def percent(x: float | None) -> str:
    return "—" if x is None else f"{round(100 * x)}%"


__all__ = ["WIDTH", "MARKS", "Scale", "ticks", "case_timeline", "legend_shape", "count_bars",
           "day_ranges", "number", "percent", "short"]

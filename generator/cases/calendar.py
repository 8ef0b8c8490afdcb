"""Working days: Monday to Friday, less the registry's holidays, plus its make-up working
days (调休), from ``site.calendar``.

How a duration runs from a date (:meth:`WorkCalendar.add`):

* ``wd`` (``5wd``, ``5 working days``, ``5 个工作日``): the 5th working day after the start
  (a start on a day off counts from the next working day);
* ``d`` (``5d``, ``5 天``): 5 calendar days; when that day is not a working day the period
  ends on the next working day (as a period's last day does in Chinese law, 民法典 第二百零三条);
* ``h`` (``4h``): hours, rounded up to whole calendar days (the clock counts dates, not
  hours), never moved: an urgent ladder runs every day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator import model as m

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    # (start, working days) -> the day they run out: every clock asks for the same few
    # hundred starts and limits (10,000 cases asked 40,000 times)
    _wd_ends: dict[tuple[dt.date, int], dt.date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @classmethod
    def from_site(cls, site: m.Site) -> WorkCalendar:
        cal = site.calendar
        if cal is None:
            return cls()
        return cls(frozenset(d for s in cal.holidays for d in s.days()),
                   frozenset(d for s in cal.workdays for d in s.days()))

    def is_working(self, d: dt.date) -> bool:
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def next_working(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, else the next one."""
        for _ in range(3660):  # a calendar with ten years off is a broken one
            if self.is_working(d):
                return d
            d += _DAY
        return d  # pragma: no cover

    def add(self, start: dt.date, dur: m.Duration) -> dt.date:
        """The day a duration from ``start`` runs out (see the module's rules)."""
        if dur.unit == "wd":
            key = (start, dur.amount)
            end = self._wd_ends.get(key)
            if end is None:
                end, left = start, dur.amount
                while left > 0:
                    end = self.next_working(end + _DAY)
                    left -= 1
                self._wd_ends[key] = end
            return end
        if dur.unit == "h":
            return start + dt.timedelta(days=-(-dur.amount // 24))
        end = start + dt.timedelta(days=dur.amount)
        return self.next_working(end) if dur.amount > 0 else end

    def working_days(self, a: dt.date, b: dt.date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 when ``b <= a``)."""
        if b <= a:
            return 0
        total = (b - a).days
        weeks, rest = divmod(total, 7)
        n = weeks * 5
        d = a + dt.timedelta(days=weeks * 7)
        for _ in range(rest):
            d += _DAY
            n += d.weekday() < 5
        n -= sum(1 for h in self.holidays if a < h <= b and h.weekday() < 5)
        n += sum(1 for w in self.workdays if a < w <= b and w.weekday() >= 5)
        return n

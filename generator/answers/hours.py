"""Opening hours a program can read: a documented subset of OpenStreetMap's
``opening_hours`` and the everyday Chinese forms a registry already uses.

    24/7                              open always
    Mo-Fr 09:00-17:30; PH off         weekdays, closed on public holidays
    Mo-Fr 09:00-12:00,13:30-17:30     two spans a day
    Mo-Su 17:30-09:00                 over midnight: to 09:00 the next morning
    工作日 9:00-12:00，13:30-17:30      周一至周五 / 每天 / 周末 / 节假日 / 24 小时 / 全天

Rules are separated by ``;`` and read in order; a rule that names days replaces what
earlier rules said of those days (as in OSM), ``off`` closes them. A rule without days
holds every day. ``PH`` (节假日) applies on the registry's public holidays when it lists
them; without a list it is never known to apply. Text that is none of this (``工作时间
以公告为准``) is free text: :func:`parse_hours` returns None and the hours are shown as
written, with no "open now".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
PH = 7  # the public-holiday "day"
DAY_MINUTES = 24 * 60

_ZH_DAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WORDS = [  # longest first
    (r"法定节假日|节假日|公众假日|节日", " PH "),
    (r"工作日|周一至周五|星期一至星期五|周一到周五|星期一到星期五", " Mo-Fr "),
    (r"周末|双休日|周六日|周六、日|周六至周日|星期六至星期日", " Sa-Su "),
    (r"每天|每日|天天|全年|全周|周一至周日|星期一至星期日", " Mo-Su "),
    (r"24\s*小时|24h|全天候|全天", " 00:00-24:00 "),
    (r"休息|不办公|闭馆|关闭|不营业", " off "),
    (r"次日|第二天", ""),
]


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    for pattern, repl in _ZH_WORDS:
        t = re.sub(pattern, repl, t, flags=re.I)
    t = re.sub(r"(?:周|星期)([一二三四五六日天])(?:\s*[至到-]\s*(?:周|星期)?([一二三四五六日天]))?",
               lambda mm: " " + DAYS[_ZH_DAYS[mm.group(1)]].title() + (
                   "-" + DAYS[_ZH_DAYS[mm.group(2)]].title() if mm.group(2) else "") + " ", t)
    t = re.sub(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?![a-z])",
               lambda mm: mm.group(1)[:2].title(), t, flags=re.I)
    t = re.sub(r"[至到~～—–]", "-", t)
    t = t.replace("、", ",").replace("，", ",").replace("；", ";").replace("。", ";")
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\s*,\s*", ",", t)
    # "17:30-09:00,PH 00:00-24:00": a comma before day words starts a new rule
    t = re.sub(r"(?<=\d),(?=(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)\b)", ";", t, flags=re.I)
    return t.strip()


@dataclass(frozen=True)
class Rule:
    days: frozenset[int]  # 0 Monday .. 6 Sunday, 7 public holidays
    spans: tuple[tuple[int, int], ...]  # minutes from midnight; end may pass 24:00
    off: bool = False


@dataclass(frozen=True)
class Hours:
    """Parsed hours; ``text`` as written."""

    text: str
    rules: tuple[Rule, ...]

    def always(self) -> bool:
        """Open every minute of every day (24/7, 每天 24 小时)."""
        return all(self._spans_of(day, False) == ((0, DAY_MINUTES),) for day in range(7)) \
            and all(self._spans_of(day, True) == ((0, DAY_MINUTES),) for day in range(7))

    def _spans_of(self, weekday: int, holiday: bool) -> tuple[tuple[int, int], ...]:
        spans: tuple[tuple[int, int], ...] = ()
        for r in self.rules:
            if weekday in r.days or (holiday and PH in r.days):
                spans = () if r.off else r.spans
        return spans

    def open_at(self, when: dt.datetime, holidays: Collection[dt.date] = ()) -> bool:
        """Open at ``when`` (local time of the registry)? Spans past midnight count on the
        next morning."""
        minute = when.hour * 60 + when.minute
        today = when.date()
        for spans, offset in ((self._spans_of(today.weekday(), today in holidays), 0),
                              (self._spans_of((today - dt.timedelta(days=1)).weekday(),
                                              today - dt.timedelta(days=1) in holidays),
                               DAY_MINUTES)):
            for start, end in spans:
                if start <= minute + offset < end:
                    return True
        return False

    def next_open(self, when: dt.datetime,
                  holidays: Collection[dt.date] = ()) -> dt.datetime | None:
        """The next time it opens after ``when`` (within a week), if closed now."""
        t = when.replace(second=0, microsecond=0)
        for _ in range(8 * 96):
            t += dt.timedelta(minutes=15)
            t = t.replace(minute=t.minute - t.minute % 15)
            if self.open_at(t, holidays):
                return t
        return None


_TIME = r"(\d{1,2}):(\d{2})"
_SPAN = re.compile(rf"^{_TIME}-{_TIME}$")
_DAY = re.compile(r"^(mo|tu|we|th|fr|sa|su|ph)(?:-(mo|tu|we|th|fr|sa|su))?$")


def _days(spec: str) -> frozenset[int] | None:
    out: set[int] = set()
    for part in spec.lower().split(","):
        mm = _DAY.match(part)
        if mm is None:
            return None
        if mm.group(1) == "ph":
            if mm.group(2):
                return None
            out.add(PH)
            continue
        a = DAYS.index(mm.group(1))
        b = DAYS.index(mm.group(2)) if mm.group(2) else a
        out.update((a + k) % 7 for k in range(((b - a) % 7) + 1))
    return frozenset(out)


def _spans(spec: str) -> tuple[tuple[int, int], ...] | None:
    out: list[tuple[int, int]] = []
    for part in spec.split(","):
        mm = _SPAN.match(part)
        if mm is None:
            return None
        h1, m1, h2, m2 = (int(x) for x in mm.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            return None
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            end += DAY_MINUTES  # over midnight
        out.append((start, end))
    return tuple(out)


def parse_hours(text: str | None) -> Hours | None:
    """The hours in ``text``, or None when it is free text (see the module's doc)."""
    if not text or not text.strip():
        return None
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Hours | None:
    """Parsed once per distinct text: a registry repeats a few hours strings on thousands
    of contacts, and every answer and check asks again."""
    t = _normalise(text)
    if re.fullmatch(r"24/7", t):
        return Hours(text, (Rule(frozenset(range(8)), ((0, DAY_MINUTES),)),))
    rules: list[Rule] = []
    for raw in t.split(";"):
        words = raw.split()
        if not words:
            continue
        days: frozenset[int] = frozenset(range(7))
        named = False
        # day specs may be split by spaces ("Mo-Fr PH"): take every leading day word
        while words and _days(words[0]) is not None:
            days = (days if named else frozenset()) | (_days(words[0]) or frozenset())
            named = True
            words.pop(0)
        rest = ",".join(words)
        if rest in ("off", "closed"):
            rules.append(Rule(days, (), True))
        elif rest == "":
            if not named:
                return None
            rules.append(Rule(days, ((0, DAY_MINUTES),)))
        elif rest == "24/7":
            rules.append(Rule(days, ((0, DAY_MINUTES),)))
        else:
            spans = _spans(rest)
            if spans is None:
                return None
            rules.append(Rule(days, spans))
    return Hours(text, tuple(rules)) if rules else None

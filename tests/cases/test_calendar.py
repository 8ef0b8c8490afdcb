"""Working days with a weekend, a holiday span and make-up working days (调休)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from case_registry import Make, maker

from generator import model as m
from generator.cases.calendar import WorkCalendar


@pytest.fixture
def make_dir(tmp_path: Path) -> Make:
    return maker(tmp_path)


D = dt.date.fromisoformat


def dur(text: str, amount: int, unit: str) -> m.Duration:
    return m.Duration(amount, unit, text)


def cal_of(make_dir: Make) -> WorkCalendar:
    return WorkCalendar.from_site(make_dir("cases: []\n").registry.site)


def test_calendar_from_site_reads_spans_and_make_up_days(make_dir: Make) -> None:
    cal = cal_of(make_dir)
    assert cal.is_working(D("2026-09-27"))  # a Sunday worked (调休)
    assert cal.is_working(D("2026-10-10"))  # a Saturday worked
    assert not cal.is_working(D("2026-10-01"))  # National Day, a Thursday
    assert not cal.is_working(D("2026-10-08"))  # the span's last day
    assert cal.is_working(D("2026-10-09"))
    assert not cal.is_working(D("2026-10-17"))  # an ordinary Saturday
    assert not cal.is_working(D("2026-09-26"))


def test_working_days_across_weekend_holiday_and_make_up_days(make_dir: Make) -> None:
    cal = cal_of(make_dir)
    # after Fri 25 Sep up to Mon 12 Oct: Sun 27 (worked), 28, 29, 30, Fri 9, Sat 10 (worked),
    # Mon 12; 1-8 Oct off, Sat 26 and Sun 11 off
    assert cal.working_days(D("2026-09-25"), D("2026-10-12")) == 7
    assert cal.working_days(D("2026-03-06"), D("2026-03-09")) == 1  # Fri -> Mon
    assert cal.working_days(D("2026-03-09"), D("2026-03-09")) == 0
    assert cal.working_days(D("2026-03-09"), D("2026-03-02")) == 0
    plain = WorkCalendar()
    assert plain.working_days(D("2026-09-25"), D("2026-10-12")) == 11


def test_working_days_agrees_with_counting_day_by_day(make_dir: Make) -> None:
    cal = cal_of(make_dir)
    start = D("2026-09-01")
    days = [start + dt.timedelta(days=i) for i in range(60)]
    for a in days[::3]:
        for b in days[::4]:
            want = sum(cal.is_working(x) for x in days if a < x <= b)
            assert cal.working_days(a, b) == want, (a, b)


def test_add_working_days_skips_the_holiday_and_counts_the_make_up_days(make_dir: Make,
                                                                         ) -> None:
    cal = cal_of(make_dir)
    assert cal.add(D("2026-09-25"), dur("5wd", 5, "wd")) == D("2026-10-09")
    assert cal.add(D("2026-09-25"), dur("15wd", 15, "wd")) == D("2026-10-22")
    assert cal.add(D("2026-09-25"), dur("0wd", 0, "wd")) == D("2026-09-25")
    # a start on a day off counts from the next working day
    assert cal.add(D("2026-10-03"), dur("1wd", 1, "wd")) == D("2026-10-09")
    assert WorkCalendar().add(D("2026-03-06"), dur("1wd", 1, "wd")) == D("2026-03-09")


def test_add_calendar_days_ends_on_a_working_day(make_dir: Make) -> None:
    cal = cal_of(make_dir)
    assert cal.add(D("2026-03-02"), dur("3d", 3, "d")) == D("2026-03-05")  # Mon -> Thu
    assert cal.add(D("2026-03-04"), dur("3d", 3, "d")) == D("2026-03-09")  # Sat -> Mon
    assert cal.add(D("2026-09-30"), dur("3d", 3, "d")) == D("2026-10-09")  # in the holiday
    assert cal.add(D("2026-09-24"), dur("3d", 3, "d")) == D("2026-09-27")  # Sun, worked


def test_add_hours_rounds_up_to_days_and_runs_every_day(make_dir: Make) -> None:
    cal = cal_of(make_dir)
    sat = D("2026-10-17")
    assert cal.add(sat, dur("0h", 0, "h")) == sat
    assert cal.add(sat, dur("4h", 4, "h")) == D("2026-10-18")  # a Sunday: urgent
    assert cal.add(sat, dur("24h", 24, "h")) == D("2026-10-18")
    assert cal.add(sat, dur("25h", 25, "h")) == D("2026-10-19")

"""The escalation clock at fixed dates: planned stages against actual ones, escalated on
time and late, overdue days, resolved within and over the limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from case_registry import Make, maker

from generator.cases.clock import clock


@pytest.fixture
def make_dir(tmp_path: Path) -> Make:
    return maker(tmp_path)


D = dt.date.fromisoformat

# received Fri 25 Sep 2026: level 2 planned on 9 Oct (5 working days: 27, 28, 29, 30 Sep,
# 9 Oct; 1-8 Oct off), level 3 on 22 Oct (15), deadline 15 Oct (10 working days)
LAMP = """\
cases:
  - id: {id}
    title: 路灯不亮
    matter: lamp
    asset: road-1
    received: 2026-09-25
    events:
      - {{date: 2026-09-25, type: received, by: centre}}
{more}"""


def lamp(make_dir: Make, more: str = "", cid: str = "c-1"):  # type: ignore[no-untyped-def]
    d = make_dir(LAMP.format(id=cid, more=more))
    return d, d.cases[cid]


def test_planned_stages_follow_the_ladder_in_working_days(make_dir: Make) -> None:
    d, c = lamp(make_dir)
    ck = clock(d, c, D("2026-09-28"))
    assert [(s.level, s.who, s.planned_from, s.planned_until) for s in ck.stages] == [
        (1, ("centre",), D("2026-09-25"), D("2026-10-09")),
        (2, ("office",), D("2026-10-09"), D("2026-10-22")),
        (3, ("bureau-a", "bureau-b"), D("2026-10-22"), None),
    ]
    assert ck.deadline == D("2026-10-15")
    assert (ck.status, ck.level_now, ck.level_due, ck.who_due, ck.by) == (
        "open", 1, 1, ("centre",), D("2026-10-09"))
    assert not ck.overdue and ck.days_overdue == 0


def test_the_last_day_of_a_level_is_not_late_the_next_is(make_dir: Make) -> None:
    d, c = lamp(make_dir)
    on_the_day = clock(d, c, D("2026-10-09"))
    assert (on_the_day.level_due, on_the_day.overdue) == (1, False)
    # Sat 10 Oct is a make-up working day: one working day late
    after = clock(d, c, D("2026-10-10"))
    assert (after.level_due, after.who_due, after.by) == (2, ("office",), D("2026-10-22"))
    assert after.overdue and after.days_overdue == 1
    # Tue 13 Oct: 10 (worked Saturday), 12, 13
    assert clock(d, c, D("2026-10-13")).days_overdue == 3
    # Mon 19 Oct: past the deadline as well; counted from the earliest missed date
    late = clock(d, c, D("2026-10-19"))
    assert late.overdue and late.days_overdue == 7


def test_escalated_on_time_and_resolved_within_the_limit(make_dir: Make) -> None:
    d, c = lamp(make_dir, """\
      - {date: 2026-10-09, type: escalated, level: 2, to: office}
      - {date: 2026-10-14, type: resolved, by: roads}
""")
    ck = clock(d, c, D("2026-11-28"))
    assert ck.status == "resolved" and ck.resolved_on == D("2026-10-14")
    assert [(s.actual_from, s.actual_until, s.late) for s in ck.stages] == [
        (D("2026-09-25"), D("2026-10-09"), False),
        (D("2026-10-09"), D("2026-10-14"), False),
        (None, None, False),
    ]
    # 27, 28, 29, 30 Sep, 9, 10, 12, 13, 14 Oct
    assert ck.days_to_resolve == 9
    assert ck.within_limit is True
    assert (ck.level_now, ck.level_due, ck.overdue) == (2, 2, False)


def test_escalated_late_and_resolved_over_the_limit(make_dir: Make) -> None:
    d, c = lamp(make_dir, """\
      - {date: 2026-10-12, type: escalated, level: 2}
      - {date: 2026-10-16, type: resolved, by: roads}
""")
    ck = clock(d, c, D("2026-11-28"))
    assert ck.stages[1].late and not ck.stages[0].late
    assert ck.days_to_resolve == 11
    assert ck.within_limit is False
    assert not ck.overdue  # resolved cases are never overdue


def test_open_at_level_two_past_the_deadline(make_dir: Make) -> None:
    d, c = lamp(make_dir, """\
      - {date: 2026-10-09, type: escalated, level: 2, to: office}
""")
    ck = clock(d, c, D("2026-10-19"))
    assert (ck.level_now, ck.level_due, ck.who_due, ck.by) == (
        2, 2, ("office",), D("2026-10-22"))
    assert ck.overdue and ck.days_overdue == 2  # 16, 19 Oct after the 15 Oct deadline


def test_escalated_ahead_of_the_ladder_stays_raised(make_dir: Make) -> None:
    d, c = lamp(make_dir, """\
      - {date: 2026-09-28, type: escalated, level: 3}
""")
    ck = clock(d, c, D("2026-09-29"))
    assert (ck.level_now, ck.level_due, ck.who_due, ck.by) == (
        3, 1, ("bureau-a", "bureau-b"), None)
    assert [s.actual_from for s in ck.stages] == [D("2026-09-25"), None, D("2026-09-28")]
    assert not ck.overdue


def test_reopened_case_is_open_again(make_dir: Make) -> None:
    d, c = lamp(make_dir, """\
      - {date: 2026-09-28, type: resolved, by: roads}
      - {date: 2026-09-29, type: feedback, rating: unsatisfied}
      - {date: 2026-09-30, type: reopened}
""")
    ck = clock(d, c, D("2026-10-12"))
    assert ck.status == "open" and ck.resolved_on is None and ck.days_to_resolve is None
    assert ck.overdue and ck.level_due == 2


def test_hour_ladder_runs_over_the_weekend(make_dir: Make) -> None:
    d = make_dir("""\
cases:
  - {id: c-p, title: 停电, matter: power, received: 2026-10-17}
""")
    ck = clock(d, d.cases["c-p"], D("2026-10-19"))
    assert [s.planned_from for s in ck.stages] == [
        D("2026-10-17"), D("2026-10-18"), D("2026-10-18")]
    assert ck.deadline == D("2026-10-18")
    assert (ck.level_due, ck.who_due, ck.by) == (3, ("bureau-a",), None)
    assert ck.overdue and ck.days_overdue == 1  # Sun 18 missed, Mon 19 the working day


def test_calendar_day_limit_ends_on_a_working_day(make_dir: Make) -> None:
    d = make_dir("""\
cases:
  - {id: c-d, title: 按天, matter: days, received: 2026-09-30}
""")
    ck = clock(d, d.cases["c-d"], D("2026-10-09"))
    assert ck.deadline == D("2026-10-09")  # 3 Oct is a holiday: the next working day
    assert not ck.overdue


def test_matter_without_ladder_has_one_stage_its_handler(make_dir: Make) -> None:
    d = make_dir("""\
cases:
  - id: c-x
    title: 无路径
    matter: plain
    received: 2026-03-02
    events: [{date: 2026-03-06, type: resolved, by: bureau-a}]
""")
    ck = clock(d, d.cases["c-x"], D("2026-11-28"))
    assert [(s.level, s.who, s.planned_until) for s in ck.stages] == [
        (1, ("bureau-a",), None)]
    assert (ck.days_to_resolve, ck.within_limit, ck.deadline) == (4, True, D("2026-03-09"))

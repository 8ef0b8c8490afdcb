"""Figures for a fixed set of cases: counts, median, nearest-rank 90th percentile, share
within the limit; per matter and per department; precedents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from case_registry import Make, maker

from generator.cases.clock import Clock
from generator.cases.stats import (
    Figures,
    by_department,
    by_matter,
    departments_of,
    figures,
    nearest_rank,
    precedents,
)


@pytest.fixture
def make_dir(tmp_path: Path) -> Make:
    return maker(tmp_path)


D = dt.date.fromisoformat


def ck(days: int | None, within: bool | None = None, overdue: bool = False) -> Clock:
    return Clock("c", "resolved" if days is not None else "open", 1, 1, (), None, None,
                 overdue, 0, None, days, within, ())


def test_median_and_nearest_rank_p90_of_a_fixed_set() -> None:
    days = [9, 1, 20, 3, 4, 5, 6, 7, 8, 2]
    got = figures([*(ck(x, x <= 5) for x in days), ck(None, overdue=True), ck(None)])
    assert got == Figures(cases=12, solved=10, open=2, overdue=1, median_days=5.5,
                          p90_days=9.0, within_limit=0.5)


def test_nearest_rank() -> None:
    assert nearest_rank([], 90) is None
    assert nearest_rank([7], 90) == 7.0
    assert nearest_rank([1, 2, 3, 4, 5], 90) == 5.0  # rank ceil(4.5) = 5
    assert nearest_rank(list(range(1, 21)), 90) == 18.0  # rank 18
    assert nearest_rank([3, 1, 2], 50) == 2.0


def test_no_cases_no_figures() -> None:
    assert figures([]) == Figures(0, 0, 0, 0, None, None, None)
    # solved cases of a matter without a time limit have no share
    assert figures([ck(3)]).within_limit is None


CASES = """\
cases:
  - id: c-1
    title: 一
    matter: lamp
    asset: road-1
    received: 2026-09-25
    events:
      - {date: 2026-10-09, type: escalated, level: 2, to: office}
      - {date: 2026-10-14, type: resolved, by: roads}
  - id: c-2
    title: 二
    matter: lamp
    asset: road-2
    received: 2026-09-25
    events:
      - {date: 2026-09-28, type: forwarded, to: roads}
      - {date: 2026-10-16, type: resolved, by: roads}
  - id: c-3
    title: 三
    matter: lamp
    asset: circ-1
    received: 2026-10-12
    events:
      - {date: 2026-10-13, type: resolved, by: roads}
  - id: c-4
    title: 四
    matter: lamp
    received: 2026-10-12
    events:
      - {date: 2026-10-20, type: escalated, level: 2}
  - id: c-5
    title: 五
    matter: plain
    received: 2026-11-20
  - id: c-6
    title: 六
    matter: lamp
    asset: road-1
    received: 2026-11-02
    events:
      - {date: 2026-11-03, type: resolved}
"""


def test_figures_per_matter(make_dir: Make) -> None:
    d = make_dir(CASES)
    got = by_matter(d, D("2026-11-28"))
    assert list(got) == ["lamp", "plain"]
    # lamp: c-1 9 days within, c-2 11 over, c-3 1 within, c-6 1 within; c-4 open and
    # overdue (deadline 26 Oct)
    assert got["lamp"] == Figures(cases=5, solved=4, open=1, overdue=1, median_days=5.0,
                                  p90_days=11.0, within_limit=0.75)
    # plain: received Fri 20 Nov, 5 working days: deadline Fri 27 Nov, overdue on Sat 28
    assert got["plain"] == Figures(1, 0, 1, 1, None, None, None)


def test_a_case_belongs_to_who_resolved_it_else_who_has_it(make_dir: Make) -> None:
    d = make_dir(CASES)
    assert departments_of(d, d.cases["c-1"]) == ("roads",)
    assert departments_of(d, d.cases["c-4"]) == ("office",)  # level 2's department
    assert departments_of(d, d.cases["c-5"]) == ()  # no first contact
    assert departments_of(d, d.cases["c-6"]) == ("centre",)  # resolved by nobody named
    got = by_department(d, D("2026-11-28"))
    assert list(got) == ["centre", "office", "roads"]
    assert got["roads"].solved == 3 and got["roads"].median_days == 9.0
    assert got["office"] == Figures(1, 0, 1, 1, None, None, None)


def test_precedents_same_asset_then_same_type_then_newest(make_dir: Make) -> None:
    d = make_dir(CASES)
    ids = [c.id for c in precedents(d, "lamp", "road-1")]
    assert ids == ["c-6", "c-1", "c-2", "c-3"]  # road-1; road (c-2); another type
    assert [c.id for c in precedents(d, "lamp")] == ["c-6", "c-2", "c-1", "c-3"]
    assert [c.id for c in precedents(d, "lamp", "circ-1", limit=2)] == ["c-3", "c-6"]
    assert precedents(d, "plain") == []

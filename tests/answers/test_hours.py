"""Opening hours: golden cases of the documented subset, and "open now" at fixed times."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.answers.hours import parse_hours

MON, SAT, SUN = dt.date(2026, 11, 23), dt.date(2026, 11, 28), dt.date(2026, 11, 29)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = hhmm.split(":")
    return dt.datetime(day.year, day.month, day.day, int(h), int(m))


#: text -> (weekday spans Monday, Saturday, Sunday as "HH:MM-HH:MM,..." or "" for closed)
GOLDEN = {
    "24/7": ("00:00-24:00", "00:00-24:00", "00:00-24:00"),
    "Mo-Fr 09:00-17:30; PH off": ("09:00-17:30", "", ""),
    "Mo-Fr 09:00-12:00,13:30-17:30": ("09:00-12:00,13:30-17:30", "", ""),
    "Mo-Fr 09:00-17:30; Sa 09:00-12:00": ("09:00-17:30", "09:00-12:00", ""),
    "Mo-Su 08:00-20:00; Su off": ("08:00-20:00", "08:00-20:00", ""),
    "Sa,Su 10:00-16:00": ("", "10:00-16:00", "10:00-16:00"),
    "工作日 9:00-12:00，13:30-17:30": ("09:00-12:00,13:30-17:30", "", ""),
    "工作日 9:00-17:30": ("09:00-17:30", "", ""),
    "周一至周六 8:30-17:00": ("08:30-17:00", "08:30-17:00", ""),
    "每天 8:00-20:00": ("08:00-20:00", "08:00-20:00", "08:00-20:00"),
    "24 小时": ("00:00-24:00", "00:00-24:00", "00:00-24:00"),
    "全天": ("00:00-24:00", "00:00-24:00", "00:00-24:00"),
    "17:30 至次日 9:00，节假日全天": ("17:30-33:00", "17:30-33:00", "17:30-33:00"),
    "Ｍｏ－Ｆｒ　０９：００－１７：００": ("09:00-17:00", "", ""),
    "Mon-Fri 9:00-17:00": ("09:00-17:00", "", ""),
    "Monday-Saturday 8:30-18:00": ("08:30-18:00", "08:30-18:00", ""),
}


def spans(text: str, day: dt.date) -> str:
    h = parse_hours(text)
    assert h is not None, text
    out = h._spans_of(day.weekday(), False)
    return ",".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in out)


@pytest.mark.parametrize("text", sorted(GOLDEN))
def test_golden_hours(text: str) -> None:
    assert (spans(text, MON), spans(text, SAT), spans(text, SUN)) == GOLDEN[text]


@pytest.mark.parametrize("text", ["工作时间以公告为准", "by appointment", "Mo-Fr 9-17",
                                  "Mo-Xx 09:00-17:00", "25:00-26:00", "", "   "])
def test_free_text_is_not_guessed(text: str) -> None:
    assert parse_hours(text) is None


def test_open_now_at_fixed_times() -> None:
    office = parse_hours("工作日 9:00-12:00，13:30-17:30")
    assert office is not None
    assert office.open_at(at(MON, "09:00")) and office.open_at(at(MON, "17:29"))
    assert not office.open_at(at(MON, "12:30")) and not office.open_at(at(MON, "17:30"))
    assert not office.open_at(at(SAT, "10:00"))
    assert office.next_open(at(MON, "12:05")) == at(MON, "13:30")
    assert office.next_open(at(SAT, "10:00")) == at(dt.date(2026, 11, 30), "09:00")
    night = parse_hours("17:30 至次日 9:00")
    assert night is not None and not night.always()
    assert night.open_at(at(SUN, "23:00")) and night.open_at(at(MON, "03:00"))
    assert not night.open_at(at(MON, "12:00"))
    assert parse_hours("24 小时").always() and parse_hours("24/7").always()  # type: ignore[union-attr]


def test_public_holidays_when_the_registry_lists_them() -> None:
    h = parse_hours("Mo-Fr 09:00-17:30; PH off")
    assert h is not None
    assert h.open_at(at(MON, "10:00"))
    assert not h.open_at(at(MON, "10:00"), holidays={MON})

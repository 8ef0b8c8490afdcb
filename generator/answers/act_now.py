"""What to do now: the one line an answer starts with ("call X on N: reason").

Which contact: the answering body's contacts that serve this matter (a contact's
``serves``; one that says nothing serves everything), the first with a phone, preferring
one open at ``now``. When that body is closed at ``now``: for an urgent matter (flagged
``urgent``, or a time limit of a day or less) the contact that answers out of hours — of
the body, else of the first contact, else of the site's fallback — with when the office
opens; for another matter, when to call. Hours come from :mod:`generator.answers.hours`;
free-text hours are taken as open (nothing can know).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from generator import model as m
from generator.answers.hours import parse_hours
from generator.directory import Directory, public_contacts
from generator.words import t

NIGHT_CHECKS = ((23, 0), (3, 0))  # a contact that answers at night is open at both times


def urgent(matter: m.Matter) -> bool:
    """Someone must answer at any hour: flagged, or a time limit of a day or less."""
    return matter.urgent or (matter.time_limit is not None and matter.time_limit.hours() <= 24
                             and matter.time_limit.unit != "wd")


def serves(c: m.Contact, matter: m.Matter) -> bool:
    return not c.serves or matter.id in c.serves or (matter.duty or "") in c.serves


def relevant_contacts(dep: m.Department, matter: m.Matter) -> tuple[m.Contact, ...]:
    """The body's public contacts for this matter (all when none says what it serves)."""
    return tuple(c for c in public_contacts(dep) if serves(c, matter))


def answers_at_night(c: m.Contact) -> bool:
    """Open at 23:00 and 03:00 on every day of the week (24/7, 每天 24 小时, a night line)."""
    return _at_night(c.hours)


@lru_cache(maxsize=4096)
def _at_night(hours: str | None) -> bool:
    h = parse_hours(hours)
    if h is None:
        return False
    monday = dt.date(2024, 1, 1)
    return all(h.open_at(dt.datetime.combine(monday + dt.timedelta(days=k), dt.time(hh, mm)))
               for k in range(7) for hh, mm in NIGHT_CHECKS)


def open_at(c: m.Contact, now: dt.datetime) -> bool | None:
    """Open at ``now``? None when its hours are free text (or missing)."""
    h = parse_hours(c.hours)
    return None if h is None else h.open_at(now)


def after_hours_contact(d: Directory, matter: m.Matter,
                        dept: str | None) -> tuple[str, m.Contact] | None:
    """Who answers this matter out of hours: the answering body's night line, else the
    first contact's, else the fallback's."""
    for dep_id in (dept, matter.first_contact, d.registry.site.fallback):
        dep = d.departments.get(dep_id or "")
        if dep is None:
            continue
        for c in relevant_contacts(dep, matter):
            if (c.phone or c.url) and answers_at_night(c):
                return dep.id, c
    return None


@dataclass(frozen=True)
class Call:
    """The first line of an answer and what it rests on."""

    text: str
    department: str | None
    contact: m.Contact | None
    open_now: bool | None  # None: hours unknown
    opens: dt.datetime | None = None  # when the office opens, if closed now
    after_hours: bool = False  # the contact is the out-of-hours one


def _when(x: dt.datetime, now: dt.datetime, lang: str) -> str:
    day = ("today" if x.date() == now.date() else
           "tomorrow" if x.date() == now.date() + dt.timedelta(days=1) else
           f"wd{x.weekday()}")
    return t("act.when", lang, day=t(f"act.day.{day}", lang), time=f"{x.hour}:{x.minute:02d}")


def how(c: m.Contact, lang: str) -> str:
    if c.phone:
        return t("answer.phone", lang, x=c.phone)
    if c.email:
        return t("answer.email", lang, x=c.email)
    return t("answer.url", lang, x=c.url or "")


def call_now(d: Directory, matter: m.Matter, dept: str | None, why: str,
             now: dt.datetime | None, lang: str) -> Call:
    """The answer's first line (see the module's doc)."""
    dep = d.departments.get(dept or "")
    fallback = d.departments.get(d.registry.site.fallback or "")
    if dep is None:
        if fallback is not None:
            cs = [c for c in public_contacts(fallback) if c.phone or c.email or c.url]
            if cs:
                return Call(t("act.fallback", lang, dept=fallback.name, how=how(cs[0], lang)),
                            fallback.id, cs[0], None)
        return Call(t("act.nobody", lang), None, None, None)
    cs = [c for c in relevant_contacts(dep, matter) if c.phone or c.email or c.url]
    if not cs:
        return Call(t("act.no_contact", lang, dept=dep.name, why=why), dep.id, None, None)
    phones = [c for c in cs if c.phone] or cs
    if now is not None:
        open_ones = [c for c in phones if open_at(c, now) is not False]
        if not open_ones:
            soonest = sorted(((h.next_open(now), k) for k, h in
                              ((k, parse_hours(x.hours)) for k, x in enumerate(phones))
                              if h is not None and h.next_open(now) is not None))
            opens, first = (soonest[0][0], phones[soonest[0][1]]) if soonest else (None,
                                                                                   phones[0])
            when = _when(opens, now, lang) if opens else ""
            night = after_hours_contact(d, matter, dept) if urgent(matter) else None
            if night is not None:
                nd, nc = night
                return Call(t("act.closed_urgent", lang, dept=dep.name, when=when,
                              night=d.departments[nd].name, role=nc.role, how=how(nc, lang),
                              why=why), nd, nc, False, opens, True)
            key = "act.closed_urgent_nobody" if urgent(matter) else "act.closed"
            return Call(t(key, lang, dept=dep.name, role=first.role, how=how(first, lang),
                          when=when, why=why), dep.id, first, False, opens)
        c = open_ones[0]
        is_open = open_at(c, now)
    else:
        c, is_open = phones[0], None
    return Call(t("act.call" if c.phone else "act.write", lang, dept=dep.name, role=c.role,
                  how=how(c, lang), why=why), dep.id, c, is_open)

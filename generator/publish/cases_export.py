"""Cases as open data: Open311 GeoReport v2 ``requests.json`` and the ``cases`` CSV table.

Both are made from the public copy of the registry (:meth:`Directory.public`): no internal
notes, no internal events, no requester contact, the requester's name only where they
agreed to it. Nothing depends on the date the export runs (no "overdue": that changes every
day), so the same registry gives the same bytes.

GeoReport v2 (https://wiki.open311.org/GeoReport_v2, "GET Service Requests") fields:

* ``service_request_id`` the case id; ``status`` ``open`` or ``closed`` (resolved);
  ``status_notes`` the outcome of a closed case, else who has it now (level and departments);
* ``service_name`` / ``service_code`` the matter's name and id (the codes of
  ``services.json``); ``description`` the case's title;
* ``agency_responsible`` the department(s) it belongs to (the one that resolved it, else the
  one it was last forwarded or escalated to, else the matter's first contact);
* ``service_notice`` the matter's time limit in words;
* ``requested_datetime`` the day received, ``updated_datetime`` the day it was closed, or
  of an open case's last public event, ``expected_datetime`` the end of the deadline day
  (received + the time limit, in working days where it says so): ISO 8601 with the
  registry's UTC offset. Cases are dated
  by day, so the times are the day's start (00:00:00), the deadline its end (23:59:59);
* ``address`` the place in words, else the asset's name; ``address_id`` the asset id;
  ``lat`` / ``long`` the case's ``at``, else a point of the asset's geometry (a point's own
  coordinates, else the middle vertex of its line or outline), else its parent asset's.

The offset is the registry's: ``+08:00`` for a Chinese registry (China Standard Time), UTC
for an English one (:data:`UTC_OFFSETS`).
"""

from __future__ import annotations

from typing import Any

from generator import model as m
from generator.cases.calendar import WorkCalendar
from generator.cases.clock import resolved_on
from generator.cases.stats import departments_of
from generator.directory import Directory
from generator.publish.workbook import join_list
from generator.words import duration_text, t

#: The UTC offset written into the datetimes, by the registry's language.
UTC_OFFSETS = {"zh": "+08:00", "en": "+00:00"}

#: The columns of ``cases.csv``.
CASE_COLUMNS = ["id", "title", "matter", "matter_name", "asset", "asset_name", "place",
                "lon", "lat", "requester", "requester_kind", "received", "status", "level",
                "agency", "agency_name", "deadline", "resolved", "days_to_resolve",
                "within_limit", "rating", "outcome", "changed", "tags"]


def _flat(coords: Any) -> list[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    return [p for c in coords for p in _flat(c)]


def point_of(d: Directory, case: m.Case) -> tuple[float, float] | None:
    """(lon, lat) of a case: its ``at``, else its asset's (or the nearest parent's)."""
    if case.at is not None:
        return case.at
    asset = d.assets.get(case.asset) if case.asset else None
    for a in (asset, *(d.ancestors(asset) if asset else ())):
        if a is not None and a.geometry:
            pts = _flat(a.geometry["coordinates"])
            if pts:
                p = pts[len(pts) // 2]
                return float(p[0]), float(p[1])
    return None


def _day(date: Any, lang: str, end: bool = False) -> str:
    time = "23:59:59" if end else "00:00:00"
    return f"{date.isoformat()}T{time}{UTC_OFFSETS.get(lang, '+00:00')}"


def _level(case: m.Case) -> int:
    level = 1
    for ev in case.events:
        if ev.type == "escalated" and ev.level is not None and ev.level > level:
            level = ev.level
    return level


def _agency(d: Directory, case: m.Case, lang: str) -> tuple[tuple[str, ...], str]:
    ids = departments_of(d, case)
    return ids, t("export.list_sep", lang).join(d.name_of(x) for x in ids)


def _deadline(d: Directory, case: m.Case, cal: WorkCalendar) -> Any:
    mt = d.matters.get(case.matter)
    return cal.add(case.received, mt.time_limit) if mt and mt.time_limit else None


def requester_shown(q: m.Requester | None, lang: str) -> str:
    """The requester as the public sees them: the name when public, else their kind in
    words ("一家企业", "a company")."""
    if q is None:
        return ""
    if q.public and q.name:
        return q.name
    return t(f"case.anonymous.{q.kind}", lang)


def open311_requests(d: Directory) -> list[dict[str, Any]]:
    """GET requests.json of GeoReport v2: one request per case, by id."""
    d = d.public()
    lang = d.registry.site.language
    cal = WorkCalendar.from_site(d.registry.site)
    out = []
    for case in sorted(d.registry.cases, key=lambda c: c.id):
        mt = d.matters.get(case.matter)
        done = resolved_on(case)
        _, agency = _agency(d, case, lang)
        if done is not None:
            last = next((e.text for e in reversed(case.events)
                         if e.type == "resolved" and e.text), None)
            notes = case.outcome or last or ""
        else:
            level = _level(case)
            key = "export.case_level" if level > 1 else "export.case_handling"
            notes = t(key, lang, level=level, who=agency) if agency else ""
        deadline = _deadline(d, case, cal)
        asset = d.assets.get(case.asset) if case.asset else None
        point = point_of(d, case)
        # when closed, the day it was closed (GeoReport v2); else the last public event's
        updated = done or max((e.date for e in case.events), default=case.received)
        req: dict[str, Any] = {
            "service_request_id": case.id,
            "status": "closed" if done is not None else "open",
            "status_notes": notes,
            "service_name": mt.name if mt else case.matter,
            "service_code": case.matter,
            "description": case.title,
            "agency_responsible": agency,
            "service_notice": t("export.case_notice", lang,
                                limit=duration_text(mt.time_limit, lang))
            if mt and mt.time_limit else "",
            "requested_datetime": _day(case.received, lang),
            "updated_datetime": _day(max(updated, case.received), lang),
            "expected_datetime": _day(deadline, lang, end=True) if deadline else None,
            "address": case.place or (asset.name if asset else ""),
            "address_id": case.asset or "",
            "lat": round(point[1], 7) if point else None,
            "long": round(point[0], 7) if point else None,
        }
        out.append(req)
    return out


def cases_table(d: Directory) -> tuple[list[str], list[list[str]]]:
    """``cases.csv``: one row per case, by id, public fields only."""
    d = d.public()
    lang = d.registry.site.language
    cal = WorkCalendar.from_site(d.registry.site)
    rows = []
    for case in sorted(d.registry.cases, key=lambda c: c.id):
        mt = d.matters.get(case.matter)
        asset = d.assets.get(case.asset) if case.asset else None
        point = case.at
        done = resolved_on(case)
        deadline = _deadline(d, case, cal)
        ids, agency = _agency(d, case, lang)
        rating = next((e.rating for e in reversed(case.events)
                       if e.type == "feedback" and e.rating), None)
        rows.append([
            case.id, case.title, case.matter, mt.name if mt else "", case.asset or "",
            asset.name if asset else "", case.place or "",
            str(point[0]) if point else "", str(point[1]) if point else "",
            requester_shown(case.requester, lang),
            case.requester.kind if case.requester else "",
            case.received.isoformat(), "resolved" if done else "open", str(_level(case)),
            join_list(ids, lang), agency, deadline.isoformat() if deadline else "",
            done.isoformat() if done else "",
            str(cal.working_days(case.received, done)) if done else "",
            ("true" if done <= deadline else "false") if done and deadline else "",
            rating or "", case.outcome or "", join_list(case.changed, lang),
            join_list(case.tags, lang),
        ])
    return CASE_COLUMNS, rows

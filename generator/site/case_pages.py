"""Cases on the site: a page per case (``cases/<id>.md``: the clock, the timeline picture,
the events, the outcome and what changed), the cases index (``cases/index.md``: open ones
first, then resolved, newest first; long lists continue on ``cases/list_open[_<n>].md`` and
``cases/list_resolved[_<n>].md``, names no case id can take: ids have no ``_``), and the
cases' part of the entity pages: how similar requests were solved (precedents) on matter and
asset pages, the figures on matter and department pages.

The public build renders from :meth:`Directory.public`, so internal notes, internal events,
requester contacts and the names of requesters who did not agree to be named never reach
these pages; the staff build shows them, marked internal.

Scale: every page costs the build a few milliseconds in MkDocs, so a registry with more
than ``case_pages_max`` cases (:data:`CASE_PAGES_MAX`, a ``render_site`` argument) gives
its own page to that many: the open ones (overdue first), then the latest resolved. The
others are archived: each is a section (anchored by its id: title, matter, asset, dates,
working days, outcome) of the page of the month it was received,
``cases/month_<yyyy-mm>[_<n>].md`` (:data:`MONTH_ROWS` a page, every case received that
month: those with a page as a link), and every link to it goes there. The figures, the
board and the precedents count every case.

Search: a case page is one search entry, its head (title, matter, place, requester, tags,
outcome); every section after it is ``data-search-exclude``. Material's index is
downloaded whole, so only the newest :data:`SEARCH_CASES_MAX` case pages (by received date)
are indexed; older ones are found from the cases index, the board and the matter pages.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from markupsafe import Markup

from generator import model as m
from generator.cases.calendar import WorkCalendar
from generator.cases.clock import Clock, clock, ladder_of
from generator.cases.stats import Figures, departments_of, figures
from generator.directory import Directory
from generator.outfile import OutFile
from generator.site.charts import (
    MARKS,
    case_timeline,
    count_bars,
    legend_shape,
    number,
    percent,
)
from generator.site.pages_base import PageBase
from generator.site.urls import Link
from generator.words import t

#: Cases with a page of their own (the rest are archived on month pages; see the module doc).
CASE_PAGES_MAX = 200
#: Case pages in Material's search index: the newest this many (by received date).
SEARCH_CASES_MAX = 200
#: Rows of each list on the cases index; more continue on list pages of LIST_ROWS rows.
INDEX_ROWS = 200
LIST_ROWS = 300
#: Cases on one month page (archived ones in full, the others as a line).
MONTH_ROWS = 500
#: Precedents on a matter page and on an asset page (every asset page of a type shows the
#: same ones of the type: kept short), similar cases on a case page.
PRECEDENTS_MAX = 5
ASSET_PRECEDENTS_MAX = 3
SIMILAR_MAX = 3


def case_order(ck: Clock) -> tuple[Any, ...]:
    """Open cases: overdue first (most days first), then the soonest "by" date."""
    soon = ck.by or ck.deadline or dt.date.max
    return (not ck.overdue, -ck.days_overdue, soon, ck.case_id)


class CasePages(PageBase):
    """The case pages, the cases index, precedents and figures for the entity pages."""

    #: cases with a page of their own (``render_site(case_pages_max=...)`` sets it)
    case_pages_max: int = CASE_PAGES_MAX

    # --- what every case view shares ------------------------------------------------------

    @cached_property
    def cal(self) -> WorkCalendar:
        return WorkCalendar.from_site(self.d.registry.site)

    @cached_property
    def clocks(self) -> dict[str, Clock]:
        """Every case's clock as of the directory's today (one calendar for all)."""
        d = self.d
        return {c.id: clock(d, c, d.today, self.cal) for c in d.registry.cases}

    @cached_property
    def case_depts(self) -> dict[str, tuple[str, ...]]:
        """The department(s) each case belongs to (:func:`stats.departments_of`)."""
        return {c.id: departments_of(self.d, c) for c in self.d.registry.cases}

    @cached_property
    def figures_by_matter(self) -> dict[str, Figures]:
        """:func:`stats.by_matter` from the clocks made once."""
        groups: dict[str, list[Clock]] = defaultdict(list)
        for c in self.d.registry.cases:
            groups[c.matter].append(self.clocks[c.id])
        return {k: figures(v) for k, v in groups.items()}

    @cached_property
    def figures_by_dept(self) -> dict[str, Figures]:
        """:func:`stats.by_department` from the clocks made once."""
        return {k: figures(v) for k, v in self.clocks_of_dept.items()}

    @cached_property
    def clocks_of_dept(self) -> dict[str, list[Clock]]:
        """The clocks of each department's cases (:func:`stats.departments_of`)."""
        out: dict[str, list[Clock]] = defaultdict(list)
        for c in self.d.registry.cases:
            for dep in self.case_depts[c.id]:
                out[dep].append(self.clocks[c.id])
        return out

    @cached_property
    def searched_cases(self) -> frozenset[str]:
        newest = sorted((c for c in self.d.registry.cases if c.id in self.own_pages),
                        key=lambda c: (c.received, c.id), reverse=True)
        return frozenset(c.id for c in newest[:SEARCH_CASES_MAX])

    @cached_property
    def own_pages(self) -> frozenset[str]:
        """The cases with a page of their own (:func:`own_page_ids`)."""
        return own_page_ids(self.d.registry.cases, self.clocks, self.case_pages_max)

    @cached_property
    def archive(self) -> dict[str, str]:
        """With more cases than ``case_pages_max``: every case id -> its month's page
        (:func:`month_homes`); else empty."""
        return month_homes(self.d.registry.cases, self.case_pages_max)

    def case_target(self, c: m.Case) -> str:
        """Where a case is shown: its page, or its section of its month's page."""
        if c.id in self.own_pages:
            return f"cases/{c.id}.md"
        return f"{self.archive[c.id]}#{c.id}"

    @cached_property
    def _words(self) -> dict[tuple[str, int | None], str]:
        return {}

    def cw(self, key: str, n: int | None = None, **kw: Any) -> str:
        """A word of the case pages (``case_page.<key>``); those without values cached."""
        if kw:
            return t(f"case_page.{key}", self.lang, n=n, **kw)
        got = self._words.get((key, n))
        if got is None:
            got = self._words[(key, n)] = t(f"case_page.{key}", self.lang, n=n)
        return got

    def bw(self, key: str, n: int | None = None, **kw: Any) -> str:
        """A word of the board (``board.<key>``)."""
        return t(f"board.{key}", self.lang, n=n, **kw)

    def case_link(self, c: m.Case) -> Link:
        return Link(c.title, self.url(self.case_target(c)))

    def matter_link(self, matter_id: str) -> Link:
        x = self.d.matters.get(matter_id)
        return self.matter(x) if x is not None else Link(matter_id, None)

    def level_text(self, n: int) -> str:
        return self.cw("level", n=n)

    def days_text(self, n: int) -> str:
        return self.cw("days", n=n)

    def status(self, ck: Clock) -> dict[str, str]:
        """The case's state as a badge: overdue (with its days), open, resolved."""
        if ck.overdue:
            return {"kind": "overdue", "text": self.cw("status_overdue", n=ck.days_overdue)}
        if ck.status == "open":
            return {"kind": "in-progress", "text": self.cw("status_open")}
        return {"kind": "accepted", "text": self.cw("status_resolved")}

    def entity_link(self, ident: str) -> Link:
        """A link to whatever registry entity ``ident`` names (a case's ``changed``)."""
        d = self.d
        if ident in d.departments:
            return self.dept(ident) or Link(ident, None)
        if ident in d.assets:
            return self.asset(ident) or Link(ident, None)
        if ident in d.matters:
            return self.matter(d.matters[ident])
        if ident in d.paths:
            return self.path_link(ident) or Link(ident, None)
        if ident in d.disputes:
            return Link(ident, self.url(f"disputes/index.md#{ident}"))
        if ident in d.cases:
            return self.case_link(d.cases[ident])
        return Link(ident, None)

    # --- the case page ----------------------------------------------------------------------

    def requester(self, c: m.Case) -> dict[str, Any] | None:
        q = c.requester
        if q is None:
            return None
        anonymous = t(f"case.anonymous.{q.kind}", self.lang)
        if not self.internal:  # the public copy has the name only when it is public
            return {"name": q.name or anonymous, "internal": False, "contact": None}
        if q.public or not q.name:
            return {"name": q.name or anonymous, "internal": False, "contact": q.contact}
        return {"name": q.name, "internal": True, "contact": q.contact,
                "public_as": anonymous}

    def map_link(self, c: m.Case) -> str | None:
        """Where the case is on a map: the lookup page's map at ``at`` (with the matter's
        answer there), else the map on the page of the asset (or of the major asset it is a
        row of) when that asset has a geometry."""
        if c.at is not None:
            lon, lat = c.at
            return self.url(f"lookup/index.md?m={c.matter}&at={lon:g},{lat:g}")
        a = self.d.assets.get(c.asset) if c.asset else None
        if a is None:
            return None
        home = self.home.get(a.id, "")
        major = self.d.assets.get(home[len("assets/"):].split(".md")[0]) \
            if home.startswith("assets/") and not home.startswith("assets/types/") else None
        if major is not None and major.geometry:
            return self.url(f"assets/{major.id}.md#map")
        return None

    def clock_view(self, c: m.Case, ck: Clock) -> dict[str, Any]:
        matter = self.d.matters.get(c.matter)
        limit = self.dur(matter.time_limit) if matter and matter.time_limit else ""
        out: dict[str, Any] = {"open": ck.status == "open", "overdue": ck.overdue,
                               "limit": limit,
                               "deadline": self.cw("due_on", date=ck.deadline.isoformat())
                               if ck.deadline else "",
                               "late": self.cw("status_overdue", n=ck.days_overdue)
                               if ck.overdue else ""}
        n = len(ck.stages)
        if ck.status == "open":
            out["now"] = self.level_text(ck.level_now)
            out["holders"] = self.depts(self.case_depts.get(c.id, ()))
            due = max(ck.level_due, ck.level_now)
            out["due"] = self.level_text(due)
            out["who_due"] = self.depts(ck.who_due)
            out["by"] = self.cw("by", date=ck.by.isoformat(), level=due + 1) \
                if ck.by is not None else self.cw("last_level") if n > 1 else ""
            reasons: list[tuple[dt.date, str]] = []  # the dates missed, earliest first
            if ck.level_now < ck.level_due and ck.level_now < n:
                nxt = ck.stages[ck.level_now]
                reasons.append((nxt.planned_from, self.cw(
                    "behind", date=nxt.planned_from.isoformat(), level=nxt.level,
                    who=self.L["list_sep"].join(self.d.name_of(x) for x in nxt.who),
                    now=ck.level_now)))
            if ck.deadline is not None and self.d.today > ck.deadline:
                reasons.append((ck.deadline, self.cw("past_deadline",
                                                     date=ck.deadline.isoformat())))
            out["reasons"] = [r for _, r in sorted(reasons)]
        else:
            resolver = next((e.by for e in reversed(c.events)
                             if e.type == "resolved" and e.by), None)
            out["resolved"] = ck.resolved_on.isoformat() if ck.resolved_on else ""
            out["resolver"] = self.dept(resolver)
            out["took"] = self.days_text(ck.days_to_resolve or 0)
            out["within"] = None if ck.within_limit is None else \
                self.cw("within") if ck.within_limit else self.cw("over")
            out["within_ok"] = ck.within_limit
            out["highest"] = self.level_text(ck.level_now) if n > 1 else ""
            stage = ck.stages[ck.level_now - 1] if ck.stages else None
            out["highest_who"] = self.depts(stage.who) if stage else []
        return out

    def stage_rows(self, ck: Clock) -> list[dict[str, Any]]:
        rows = []
        for s in ck.stages:
            planned = self.cw("range", a=s.planned_from.isoformat(),
                              b=s.planned_until.isoformat()) \
                if s.planned_until is not None else self.cw("from",
                                                            date=s.planned_from.isoformat())
            if s.actual_from is None:
                actual = self.cw("not_reached")
            elif s.actual_until is not None:
                actual = self.cw("range", a=s.actual_from.isoformat(),
                                 b=s.actual_until.isoformat())
            else:
                actual = self.cw("since", date=s.actual_from.isoformat())
            late = ""
            if s.late and s.actual_from is not None:
                late = self.cw("late_by", n=max(1, self.cal.working_days(s.planned_from,
                                                                         s.actual_from)))
            rows.append({"level": self.level_text(s.level) if len(ck.stages) > 1
                         else self.cw("tl_handler"), "who": self.depts(s.who),
                         "planned": planned, "actual": actual, "late": late,
                         "reached": s.actual_from is not None})
        return rows

    def event_rows(self, c: m.Case) -> list[dict[str, Any]]:
        return [{"date": e.date.isoformat(), "type": e.type, "name": self.cw(f"ev.{e.type}"),
                 "by": self.dept(e.by), "to": self.depts(e.to), "with": self.depts(e.with_),
                 "level": self.level_text(e.level) if e.level else "",
                 "rating": e.rating or "",
                 "rating_name": self.cw(f"rating.{e.rating}") if e.rating else "",
                 "text": e.text, "internal": e.internal} for e in c.events]

    def timeline(self, c: m.Case, ck: Clock) -> dict[str, Any]:
        d = self.d
        words = self.cw
        path = ladder_of(d, d.matters.get(c.matter))
        tl = case_timeline(c, ck, self.cal, d.today, words, d.name_of, ladder=path is not None)
        plan = self.L["list_sep"].join(
            words("tl_stage", level=lane["label"], date=s.planned_from.isoformat(),
                  who=self.L["list_sep"].join(d.name_of(x) for x in s.who))
            for lane, s in zip(tl["lanes"], ck.stages, strict=True))
        events = self.L["list_sep"].join(
            f"{e.date.isoformat()} {words('ev.' + e.type)}" for e in c.events)
        desc = words("tl_plan", stages=plan) + (words("tl_events", events=events)
                                                if events else "")
        legend = [{"kind": "planned", "name": words("legend_planned")},
                  {"kind": "actual", "name": words("legend_actual")}]
        if any(lane["overdue"] and lane["overdue"]["kind"] == "overdue" for lane in tl["lanes"]):
            legend.append({"kind": "overdue", "name": words("legend_overdue")})
        if any(lane["overdue"] and lane["overdue"]["kind"] == "late" for lane in tl["lanes"]):
            legend.append({"kind": "late", "name": words("legend_late")})
        if tl["off"]:
            legend.append({"kind": "off", "name": words("legend_off")})
        marks = [{"kind": k, "name": words(f"ev.{k}"), "shape": legend_shape(k)}
                 for k in tl["kinds"]]
        return {"tl": tl, "title": words("tl_title"), "desc": desc, "legend": legend,
                "marks": marks}

    def similar(self, c: m.Case) -> list[dict[str, Any]]:
        """Other resolved cases of the case's matter in :func:`stats.precedents`' order
        (on the same asset, then on its type, then the rest; newest first), from the
        index made once."""
        asset = self.d.assets.get(c.asset) if c.asset else None
        lists: list[Sequence[m.Case]] = []
        if asset is not None:
            lists.append(sorted((x for x in self.d.cases_of_asset.get(asset.id, ())
                                 if x.matter == c.matter and x.id in self._resolved_ids),
                                key=self._newest, reverse=True))
            lists.append(self._resolved.get((c.matter, asset.type), []))
        lists.append(self._resolved.get((c.matter, ""), []))
        found: dict[str, m.Case] = {}
        for items in lists:
            for x in items:
                if len(found) >= SIMILAR_MAX:
                    break
                if x.id != c.id:
                    found.setdefault(x.id, x)
        return [self.precedent(x) for x in found.values()]

    def _newest(self, c: m.Case) -> tuple[Any, ...]:
        return (self.clocks[c.id].resolved_on, c.id)

    def precedent(self, c: m.Case) -> dict[str, Any]:
        ck = self.clocks[c.id]
        return {"link": self.case_link(c), "matter": self.matter_link(c.matter),
                "asset": self.asset(c.asset) if c.asset else None,
                "line": self.cw("precedent_line", received=c.received.isoformat(),
                                resolved=ck.resolved_on.isoformat() if ck.resolved_on else "",
                                days=self.days_text(ck.days_to_resolve or 0)),
                "within": ck.within_limit, "outcome": c.outcome}

    def case_page(self, c: m.Case) -> OutFile:
        d = self.d
        self.page = f"cases/{c.id}.md"
        ck = self.clocks[c.id]
        matter = d.matters.get(c.matter)
        ctx = {
            "c": c, "C": self.case_labels, "status": self.status(ck),
            "matter": self.matter_link(c.matter), "group": matter.group if matter else "",
            "asset": self.asset(c.asset) if c.asset else None, "map": self.map_link(c),
            "requester": self.requester(c), "received": c.received.isoformat(),
            "clock": self.clock_view(c, ck), "stages": self.stage_rows(ck),
            "events": self.event_rows(c), **self.timeline(c, ck),
            "changed": [{"link": self.entity_link(x), "id": x} for x in c.changed],
            "similar": self.similar(c), "internal": self.internal,
            "edit": self.edit(c.node),
        }
        body = self.render("case.md.j2", **ctx)
        tags = [*c.tags, *([matter.group] if matter and matter.group else [])]
        return self.out(self.page, c.title, body, tags=tags,
                        search_exclude=c.id not in self.searched_cases)

    @cached_property
    def case_labels(self) -> dict[str, str]:
        from generator.words import table
        return {**table("case_page", self.lang),
                **{k: t(f"field.{k}", self.lang) for k in (
                    "matter", "asset", "place", "requester", "received", "outcome",
                    "changed", "contact", "internal_notes", "time_limit", "tags")}}

    # --- the cases index --------------------------------------------------------------------

    def index_row(self, c: m.Case) -> dict[str, Any]:
        ck = self.clocks[c.id]
        return {"link": self.case_link(c), "matter": self.matter_link(c.matter),
                "received": c.received.isoformat(), "status": self.status(ck),
                "level": self.level_text(ck.level_now) if len(ck.stages) > 1 else "",
                "resolved": ck.resolved_on.isoformat() if ck.resolved_on else "",
                "days": self.days_text(ck.days_to_resolve)
                if ck.days_to_resolve is not None else ""}

    def ordered_cases(self) -> tuple[list[m.Case], list[m.Case]]:
        """Open cases (overdue first, then the soonest due), resolved ones (newest first)."""
        return self._ordered

    @cached_property
    def _ordered(self) -> tuple[list[m.Case], list[m.Case]]:
        return ordered(self.d.registry.cases, self.clocks)

    def intro(self) -> str:
        cases = self.d.registry.cases
        total = figures(self.clocks[c.id] for c in cases)
        return self.cw("index_intro", n=total.cases, today=self.d.today.isoformat(),
                       open=total.open, overdue=total.overdue, solved=total.solved)

    def cases_pages(self) -> list[OutFile]:
        """The case pages and the cases index (none without cases)."""
        cases = self.d.registry.cases
        if not cases:
            return []
        files = [self.case_page(c) for c in cases if c.id in self.own_pages]
        opened, done = self.ordered_cases()
        self.page = "cases/index.md"
        title = self.cw("index_title")
        lists = []
        archived = bool(self.archive)
        for kind, items in (("open", opened), ("resolved", done)):
            if not items:
                continue
            more = None
            if len(items) > INDEX_ROWS and (kind == "open" or not archived):
                more = {"text": self.cw("more", n=len(items) - INDEX_ROWS),
                        "link": Link(self.cw("all_n", n=len(items)),
                                     self.url(list_paths(kind, len(items))[0]))}
            lists.append({"kind": kind, "heading": self.cw(f"{kind}_heading", n=len(items)),
                          "rows": [self.index_row(c) for c in items[:INDEX_ROWS]],
                          "more": more})
        months = sorted({p for p in self.archive.values()
                         if "_" not in p[len("cases/month_"):]}, reverse=True)
        archive = {"text": self.cw("archive_intro", n=len(cases) - len(self.own_pages)),
                   "months": [Link(p[len("cases/month_"):-3], self.url(p)) for p in months]} \
            if months else None
        body = self.render("cases_index.md.j2", title=title, intro=self.intro(), lists=lists,
                           pager=None, archive=archive, C=self.case_labels)
        files.append(self.out(self.page, title, body, nav=True, search_exclude=True))
        for kind, items in (("open", opened), ("resolved", done)):
            if len(items) > INDEX_ROWS and (kind == "open" or not archived):
                files += self.list_pages(kind, items)
        files += self.month_pages()
        return files

    def month_pages(self) -> list[OutFile]:
        """The archived cases, by the month they were received (see the module doc)."""
        by_path: dict[str, list[m.Case]] = defaultdict(list)
        for c in self.d.registry.cases:
            if c.id in self.archive:
                by_path[self.archive[c.id]].append(c)
        months: dict[str, list[str]] = defaultdict(list)
        for path in by_path:
            months[path[len("cases/month_"):][:7]].append(path)
        out = []
        for ym, paths in months.items():
            paths.sort(key=lambda p: (len(p), p))
            for i, path in enumerate(paths):
                self.page = path
                items = sorted(by_path[path], key=lambda c: (c.received, c.id), reverse=True)
                title = self.cw("month_title", month=ym)
                if len(paths) > 1:
                    title += f" · {self.L['page_n'].format(n=i + 1)}"
                pages = [Link(str(j + 1), self.url(p) if j != i else None)
                         for j, p in enumerate(paths)]
                body = self.render(
                    "cases_month.md.j2", title=title, C=self.case_labels,
                    intro=self.cw("month_intro", n=self.case_pages_max),
                    pager={"pages": pages if len(pages) > 1 else [],
                           "index": Link(self.cw("index_title"), self.url("cases/index.md"))},
                    cases=[self.archived(c) | {"page": self.case_link(c)
                                               if c.id in self.own_pages else None}
                           for c in items])
                out.append(self.out(path, title, body, search_exclude=True))
        return out

    def archived(self, c: m.Case) -> dict[str, Any]:
        """An archived case, in short: its section of its month's page."""
        ck = self.clocks[c.id]
        return {"id": c.id, "title": c.title, "matter": self.matter_link(c.matter),
                "asset": self.asset(c.asset) if c.asset else None, "place": c.place,
                "now": self.level_text(ck.level_now) if ck.status == "open" else "",
                "holders": self.depts(self.case_depts.get(c.id, ()))
                if ck.status == "open" else [],
                "status": self.status(ck), "received": c.received.isoformat(),
                "resolved": ck.resolved_on.isoformat() if ck.resolved_on else "",
                "days": self.days_text(ck.days_to_resolve)
                if ck.days_to_resolve is not None else "",
                "within": ck.within_limit, "outcome": c.outcome}

    def list_pages(self, kind: str, items: Sequence[m.Case]) -> list[OutFile]:
        paths = list_paths(kind, len(items))
        out = []
        for i, path in enumerate(paths):
            self.page = path
            chunk = items[i * LIST_ROWS:(i + 1) * LIST_ROWS]
            heading = self.cw(f"{kind}_heading", n=len(items))
            title = heading if len(paths) == 1 else \
                f"{heading} · {self.L['page_n'].format(n=i + 1)}"
            pages = [Link(str(j + 1), self.url(p) if j != i else None)
                     for j, p in enumerate(paths)]
            body = self.render("cases_index.md.j2", title=title, intro="", C=self.case_labels,
                               archive=None,
                               lists=[{"kind": kind, "heading": "", "more": None,
                                       "rows": [self.index_row(c) for c in chunk]}],
                               pager={"pages": pages if len(pages) > 1 else [],
                                      "index": Link(self.cw("index_title"),
                                                    self.url("cases/index.md"))})
            out.append(self.out(path, title, body, search_exclude=True))
        return out

    # --- on the entity pages ----------------------------------------------------------------

    @cached_property
    def _resolved(self) -> dict[tuple[str, str], list[m.Case]]:
        """Resolved cases by (matter, asset type of their asset), newest resolution first;
        (matter, "") holds every resolved case of the matter."""
        out: dict[tuple[str, str], list[m.Case]] = defaultdict(list)
        for c in self.d.registry.cases:
            if self.clocks[c.id].resolved_on is None:
                continue
            out[(c.matter, "")].append(c)
            a = self.d.assets.get(c.asset) if c.asset else None
            if a is not None:
                out[(c.matter, a.type)].append(c)
        for v in out.values():
            v.sort(key=self._newest, reverse=True)
        return out

    @cached_property
    def _resolved_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self._resolved_all)

    @property
    def _resolved_all(self) -> Iterable[m.Case]:
        return (c for c in self.d.registry.cases if self.clocks[c.id].resolved_on is not None)

    @cached_property
    def _of_type(self) -> dict[str, list[m.Case]]:
        """Asset type -> the resolved cases on assets of that type, newest first."""
        out: dict[str, list[m.Case]] = defaultdict(list)
        for (_, type_id), cases in self._resolved.items():
            if type_id:
                out[type_id].extend(cases)
        for v in out.values():
            v.sort(key=self._newest, reverse=True)
        return out

    def _own_resolved(self, a: m.Asset) -> list[m.Case]:
        """Resolved cases on ``a`` and on the minor assets listed on its page, newest first."""
        here = [a.id, *(p.id for p in self.minor_rows.get(a.id, ()))]
        return sorted((c for x in here for c in self.d.cases_of_asset.get(x, ())
                       if c.id in self._resolved_ids), key=self._newest, reverse=True)

    def asset_precedents(self, a: m.Asset, own: list[m.Case] | None = None) -> list[m.Case]:
        """Resolved cases on ``a`` (and on the minor assets listed on its page; ``own``
        when already known), then on assets of its type, newest resolution first:
        :func:`stats.precedents`' order, over every matter, without the cases on other
        kinds of asset."""
        if own is None:
            own = self._own_resolved(a)
        seen = {c.id for c in own}
        rest = (c for c in self._of_type.get(a.type, ()) if c.id not in seen)
        return [*own, *itertools.islice(rest, ASSET_PRECEDENTS_MAX)][:ASSET_PRECEDENTS_MAX]

    def figures_view(self, f: Figures, clocks: Iterable[Clock]) -> dict[str, Any]:
        """A group's figures as the table's rows, and its cases by how they went as the
        chart's bars (the same numbers, so the table is the chart's text)."""
        rows = [(self.cw("f_cases"), str(f.cases)), (self.cw("f_solved"), str(f.solved)),
                (self.cw("f_median"), self.days_x(f.median_days)),
                (self.cw("f_p90"), self.days_x(f.p90_days)),
                (self.cw("f_within"), percent(f.within_limit)),
                (self.cw("f_open"), str(f.open)), (self.cw("f_overdue"), str(f.overdue))]
        return {"rows": rows, "bars": self.outcome_bars(clocks)}

    def days_x(self, x: float | None) -> str:
        return "—" if x is None else self.cw("days_x", x=number(x))

    def outcome_bars(self, clocks: Iterable[Clock]) -> list[dict[str, Any]]:
        """Cases resolved in time, late, without a limit; open, overdue: as bars."""
        counts = {"on-time": 0, "late": 0, "solved": 0, "open": 0, "overdue": 0}
        for ck in clocks:
            if ck.status != "open":
                counts["on-time" if ck.within_limit else "late" if ck.within_limit is False
                       else "solved"] += 1
            else:
                counts["overdue" if ck.overdue else "open"] += 1
        names = {"on-time": "bar_on_time", "late": "bar_late", "solved": "bar_solved",
                 "open": "bar_open", "overdue": "bar_overdue"}
        return count_bars([(k, self.cw(names[k]), n) for k, n in counts.items()])

    def cases_block(self, *, matter: m.Matter | None = None, asset: m.Asset | None = None,
                    dept: m.Department | None = None) -> Markup:
        """The cases' sections of an entity page: precedents (matter, asset) and figures
        (matter, department); empty when there is nothing to show."""
        d = self.d
        if not d.registry.cases:
            return Markup("")
        found: list[m.Case] = []
        key: tuple[str, str] | None = None
        fig: Figures | None = None
        clocks: list[Clock] = []
        intro_p = intro_f = ""
        if matter is not None:
            # stats.precedents(d, matter.id)'s order, from the index made once
            found = self._resolved.get((matter.id, ""), [])[:PRECEDENTS_MAX]
            intro_p = self.cw("precedents_matter")
            fig = self.figures_by_matter.get(matter.id)
            clocks = [self.clocks[c.id] for c in d.cases_of_matter.get(matter.id, ())]
            intro_f = self.cw("figures_matter", today=d.today.isoformat())
        elif asset is not None:
            # the asset pages of a type without cases of their own show the same cases,
            # linked from the same depth: rendered once per type
            own = self._own_resolved(asset)
            key = None if own else (asset.type, self.url("index.md"))
            if key is not None and key in self._type_blocks:
                return self._type_blocks[key]
            found = self.asset_precedents(asset, own)
            intro_p = self.cw("precedents_asset")
        elif dept is not None:
            fig = self.figures_by_dept.get(dept.id)
            clocks = self.clocks_of_dept.get(dept.id, [])
            intro_f = self.cw("figures_dept", today=d.today.isoformat())
        if not found and fig is None:
            return Markup("")
        view = self.figures_view(fig, clocks) if fig is not None else None
        block = Markup(self.render("case_sections.md.j2", C=self.case_labels,
                                   precedents=[self.precedent(c) for c in found],
                                   intro_p=intro_p, figures=view, intro_f=intro_f,
                                   note=self.cw("figures_note")))
        if asset is not None and key is not None:
            self._type_blocks[key] = block
        return block

    @cached_property
    def _type_blocks(self) -> dict[tuple[str, str], Markup]:
        return {}


def ordered(cases: Iterable[m.Case], clocks: Mapping[str, Clock]
            ) -> tuple[list[m.Case], list[m.Case]]:
    """Open cases (overdue first, then the soonest due), resolved ones (newest first)."""
    items = list(cases)
    opened = sorted((c for c in items if clocks[c.id].status == "open"),
                    key=lambda c: case_order(clocks[c.id]))
    done = sorted((c for c in items if clocks[c.id].status != "open"),
                  key=lambda c: (clocks[c.id].resolved_on or dt.date.min, c.id), reverse=True)
    return opened, done


def own_page_ids(cases: Sequence[m.Case], clocks: Mapping[str, Clock],
                 case_pages_max: int = CASE_PAGES_MAX) -> frozenset[str]:
    """The cases with a page of their own: every one up to ``case_pages_max``; beyond,
    that many: the open ones first (overdue first), then the latest resolved."""
    if len(cases) <= case_pages_max:
        return frozenset(c.id for c in cases)
    opened, done = ordered(cases, clocks)
    return frozenset(c.id for c in [*opened, *done][:max(0, case_pages_max)])


def month_homes(cases: Sequence[m.Case], case_pages_max: int = CASE_PAGES_MAX
                ) -> dict[str, str]:
    """With more than ``case_pages_max`` cases, every case id -> the page of the month it
    was received (``cases/month_<yyyy-mm>[_<n>].md``, newest first, :data:`MONTH_ROWS` a
    page); else empty."""
    if len(cases) <= case_pages_max:
        return {}
    months: dict[str, list[m.Case]] = defaultdict(list)
    for c in cases:
        months[f"{c.received:%Y-%m}"].append(c)
    out: dict[str, str] = {}
    for ym, items in months.items():
        items.sort(key=lambda c: (c.received, c.id), reverse=True)
        for i, path in enumerate(month_paths(ym, len(items))):
            out.update((c.id, path) for c in items[i * MONTH_ROWS:(i + 1) * MONTH_ROWS])
    return out


def case_homes(d: Directory, case_pages_max: int = CASE_PAGES_MAX,
               today: dt.date | None = None) -> dict[str, str]:
    """Where each case of ``d`` is shown, as a docs path: ``cases/<id>.md``, or its section
    of its month's page (``cases/month_2025-03.md#<id>``) when the registry has more cases
    than ``case_pages_max`` (for links from outside the case pages, such as an article's
    ``[[case:ID]]``). ``today`` defaults to the directory's."""
    cal = WorkCalendar.from_site(d.registry.site)
    cases = d.registry.cases
    clocks = {c.id: clock(d, c, today or d.today, cal) for c in cases}
    own = own_page_ids(cases, clocks, case_pages_max)
    months = month_homes(cases, case_pages_max)
    return {c.id: f"cases/{c.id}.md" if c.id in own else f"{months[c.id]}#{c.id}"
            for c in cases}


def month_paths(ym: str, n: int) -> list[str]:
    """The pages of ``n`` archived cases received in month ``ym`` (``2026-03``)."""
    count = max(1, -(-n // MONTH_ROWS))
    return [f"cases/month_{ym}.md" if i == 0 else f"cases/month_{ym}_{i + 1}.md"
            for i in range(count)]


def list_paths(kind: str, n: int) -> list[str]:
    """The list pages of ``n`` open or resolved cases: ``cases/list_<kind>.md``,
    ``cases/list_<kind>_2.md``..."""
    count = max(1, -(-n // LIST_ROWS))
    return [f"cases/list_{kind}.md" if i == 0 else f"cases/list_{kind}_{i + 1}.md"
            for i in range(count)]


__all__ = ["CasePages", "CASE_PAGES_MAX", "SEARCH_CASES_MAX", "case_order", "case_homes",
           "own_page_ids", "month_homes", "ordered", "list_paths", "month_paths", "MARKS"]

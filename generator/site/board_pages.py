"""The supervision board (``board/index.md``, 监督看板): where every open case is against
its escalation path, overdue ones first, and how requests have been solved, per matter and
per department.

- the totals (open, overdue, resolved, share within the time limit, median and 90th
  percentile working days to resolve);
- open cases by department and level: a table of counts (overdue ones in brackets), the
  departments with the most overdue cases first (at most :data:`MATRIX_MAX` rows, the rest
  summed in one);
- the open cases, overdue first (most days first), then by the date their level's time
  runs out: where each is now, where its ladder says it should be (level, who) and by
  when; the first :data:`BOARD_ROWS` here, every one on ``board/open[_<n>].md``;
- figures per matter and per department (:mod:`generator.cases.stats`): a range chart of
  the median to the 90th percentile and a table, the :data:`TABLE_TOP` with the most cases
  here, every one on ``board/matters[_<n>].md`` and ``board/departments[_<n>].md``.

Every list is capped or paged, so the board stays well under 1 MB at 10,000 cases
(``benchmarks/bench_cases.py``). The figures come from the same clocks as the case pages
(:class:`generator.site.case_pages.CasePages`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from generator import model as m
from generator.cases.stats import Figures, figures
from generator.outfile import OutFile
from generator.site.case_pages import CasePages, case_order
from generator.site.charts import day_ranges, number, percent
from generator.site.templating import finish, front_matter
from generator.site.urls import Link

BOARD_ROWS = 100  # open cases listed on the board itself
OPEN_PAGE_ROWS = 300  # open cases on one board/open[_n].md page
MATRIX_MAX = 30  # departments in the table by level
TABLE_TOP = 20  # matters and departments in the board's figures tables
CHART_TOP = 12  # bars of each range chart
FULL_PAGE_ROWS = 500  # rows of one board/matters[_n].md or board/departments[_n].md page


def paged(stem: str, n: int, per_page: int) -> list[str]:
    """``board/<stem>.md``, ``board/<stem>_2.md``... for ``n`` rows."""
    count = max(1, -(-n // per_page))
    return [f"board/{stem}.md" if i == 0 else f"board/{stem}_{i + 1}.md" for i in range(count)]


class BoardPages(CasePages):
    """The supervision board and its continuation pages."""

    def board_pages(self) -> list[OutFile]:
        """The board and the pages its long lists continue on (none without cases)."""
        d = self.d
        cases = d.registry.cases
        if not cases:
            return []
        self.page = "board/index.md"
        C = self.case_labels
        clocks = self.clocks
        total = figures(clocks[c.id] for c in cases)
        opened = sorted((c for c in cases if clocks[c.id].status == "open"),
                        key=lambda c: case_order(clocks[c.id]))
        title = self.bw("title")
        intro = [self.cw("index_intro", n=total.cases, today=d.today.isoformat(),
                         open=total.open, overdue=total.overdue, solved=total.solved)]
        if total.solved:
            intro.append(self.bw("intro_solved", within=percent(total.within_limit),
                                 median=self.days_x(total.median_days),
                                 p90=self.days_x(total.p90_days)))
        stats = [
            {"kind": "in-progress", "n": str(total.open), "label": self.bw("stat_open"),
             "url": "#open"},
            {"kind": "overdue" if total.overdue else "none", "n": str(total.overdue),
             "label": self.bw("stat_overdue"), "url": "#open"},
            {"kind": "accepted", "n": str(total.solved), "label": self.bw("stat_solved"),
             "url": "#matters"},
            {"kind": "planned", "n": percent(total.within_limit),
             "label": self.bw("stat_within"), "url": ""},
            {"kind": "none", "n": number(total.median_days), "label": self.bw("stat_median"),
             "url": ""},
            {"kind": "none", "n": number(total.p90_days), "label": self.bw("stat_p90"),
             "url": ""},
        ]
        open_paths = paged("open", len(opened), OPEN_PAGE_ROWS)
        more_open = None
        if len(opened) > BOARD_ROWS:
            more_open = {"text": self.bw("open_more", shown=BOARD_ROWS, n=len(opened)),
                         "link": Link(self.bw("all_open"), self.url(open_paths[0]))}
        matters = self.figure_rows("matter")
        depts = self.figure_rows("department")
        ctx = {
            "title": title, "intro": intro, "stats": stats, "C": C, "B": self.board_labels,
            "matrix": self.matrix(opened), "open": [self.open_row(c)
                                                    for c in opened[:BOARD_ROWS]],
            "more_open": more_open,
            "groups": [self.figure_group("matters", "by_matter", matters),
                       self.figure_group("departments", "by_dept", depts)],
            "how": [self.bw("how_text"), self.cw("figures_note")],
        }
        # wide tables: the page gives the table of contents' column to them
        body = front_matter(title, search_exclude=True, hide=("toc",)) + \
            self.render("board.md.j2", **ctx)
        files = [OutFile(self.page, finish(body), title=title, nav=True, search=False)]
        if len(opened) > BOARD_ROWS:
            files += self.open_pages(opened, open_paths)
        for stem, key, rows in (("matters", "by_matter", matters),
                                ("departments", "by_dept", depts)):
            if len(rows) > TABLE_TOP:
                files += self.full_pages(stem, key, rows)
        return files

    @property
    def board_labels(self) -> dict[str, str]:
        from generator.words import table
        return table("board", self.lang)

    # --- open cases -----------------------------------------------------------------------

    def open_row(self, c: m.Case) -> dict[str, Any]:
        ck = self.clocks[c.id]
        due = max(ck.level_due, ck.level_now)
        by = ck.by or ck.deadline
        return {"link": self.case_link(c), "matter": self.matter_link(c.matter),
                "now": self.level_text(ck.level_now),
                "holders": self.depts(self.case_depts.get(c.id, ())),
                "due": self.level_text(due), "who_due": self.depts(ck.who_due),
                "behind": ck.level_now < ck.level_due,
                "by": by.isoformat() if by else "",
                "deadline": ck.deadline.isoformat() if ck.deadline and ck.deadline != by
                else "",
                "overdue": ck.overdue, "days": ck.days_overdue,
                "late": self.cw("status_overdue", n=ck.days_overdue) if ck.overdue else ""}

    def matrix(self, opened: Sequence[m.Case]) -> dict[str, Any]:
        """Open cases by the department that has them and the level they are at."""
        counts: dict[str, Counter[int]] = defaultdict(Counter)
        late: dict[str, Counter[int]] = defaultdict(Counter)
        levels: set[int] = set()
        for c in opened:
            ck = self.clocks[c.id]
            levels.add(ck.level_now)
            for dep in self.case_depts.get(c.id, ()) or ("",):
                counts[dep][ck.level_now] += 1
                late[dep][ck.level_now] += ck.overdue
        order = sorted(counts, key=lambda x: (-sum(late[x].values()), -sum(counts[x].values()),
                                              self.d.name_of(x) if x else "", x))
        cols = sorted(levels)

        def row(name: Any, keys: Sequence[str]) -> dict[str, Any]:
            cells = []
            for lv in cols:
                n = sum(counts[k][lv] for k in keys)
                o = sum(late[k][lv] for k in keys)
                cells.append({"n": n, "late": o})
            return {"name": name, "cells": cells,
                    "total": sum(counts[k].total() for k in keys),
                    "late": sum(late[k].total() for k in keys)}

        rows = [row(self.dept(x) if x else None, [x]) for x in order[:MATRIX_MAX]]
        rest = order[MATRIX_MAX:]
        if rest:
            rows.append(row(Link(self.bw("others", n=len(rest)), None), rest))
        return {"levels": [self.level_text(lv) for lv in cols], "rows": rows}

    def open_pages(self, opened: Sequence[m.Case], paths: Sequence[str]) -> list[OutFile]:
        out = []
        for i, path in enumerate(paths):
            self.page = path
            chunk = opened[i * OPEN_PAGE_ROWS:(i + 1) * OPEN_PAGE_ROWS]
            title = self.bw("open_heading")
            if len(paths) > 1:
                title += f" · {self.L['page_n'].format(n=i + 1)}"
            pages = [Link(str(j + 1), self.url(p) if j != i else None)
                     for j, p in enumerate(paths)]
            body = self.render("board_list.md.j2", title=title, C=self.case_labels,
                               B=self.board_labels, kind="open",
                               rows=[self.open_row(c) for c in chunk],
                               pages=pages if len(pages) > 1 else [],
                               index=Link(self.bw("title"), self.url("board/index.md")))
            out.append(self.out(path, title, body, search_exclude=True))
        self.page = "board/index.md"
        return out

    # --- figures ----------------------------------------------------------------------------

    def figure_rows(self, kind: str) -> list[tuple[str, Figures]]:
        """(id, figures) of every matter or department with cases, the most cases first
        (then the registry's order)."""
        got = self.figures_by_matter if kind == "matter" else self.figures_by_dept
        known = self.d.matters if kind == "matter" else self.d.departments
        order = {x: i for i, x in enumerate(known)}
        return sorted(got.items(), key=lambda kv: (-kv[1].cases, order.get(kv[0], len(order)),
                                                   kv[0]))

    def figure_link(self, stem: str, ident: str) -> Link:
        if stem == "matters":
            return self.matter_link(ident)
        return self.dept(ident) or Link(ident, None)

    def figure_row(self, stem: str, ident: str, f: Figures) -> dict[str, Any]:
        return {"link": self.figure_link(stem, ident), "cases": f.cases, "solved": f.solved,
                "median": number(f.median_days), "p90": number(f.p90_days),
                "within": percent(f.within_limit), "open": f.open, "overdue": f.overdue}

    def figure_group(self, stem: str, key: str, rows: list[tuple[str, Figures]]
                     ) -> dict[str, Any]:
        solved = sorted((r for r in rows if r[1].solved), key=lambda kv: -kv[1].solved)
        bars, _ = day_ranges((self.figure_link(stem, x), f.median_days, f.p90_days)
                             for x, f in solved[:CHART_TOP])
        for b in bars:
            b["text"] = f"{number(b['median'])}–{number(b['p90'])}" \
                if b["p90"] != b["median"] else number(b["median"])
        more = None
        if len(rows) > TABLE_TOP:
            first = paged(stem, len(rows), FULL_PAGE_ROWS)[0]
            more = {"text": self.bw("more_rows", shown=TABLE_TOP, n=len(rows)),
                    "link": Link(self.bw("full_table"), self.url(first))}
        return {"id": stem, "heading": self.bw(key), "col": self.bw(
                    "matter_col" if stem == "matters" else "col_dept"),
                "chart": bars, "chart_title": self.bw("chart_days"),
                "rows": [self.figure_row(stem, x, f) for x, f in rows[:TABLE_TOP]],
                "more": more}

    def full_pages(self, stem: str, key: str, rows: list[tuple[str, Figures]]
                   ) -> list[OutFile]:
        paths = paged(stem, len(rows), FULL_PAGE_ROWS)
        out = []
        for i, path in enumerate(paths):
            self.page = path
            chunk = rows[i * FULL_PAGE_ROWS:(i + 1) * FULL_PAGE_ROWS]
            title = self.bw(key)
            if len(paths) > 1:
                title += f" · {self.L['page_n'].format(n=i + 1)}"
            pages = [Link(str(j + 1), self.url(p) if j != i else None)
                     for j, p in enumerate(paths)]
            group = {"id": stem, "heading": "", "chart": [], "chart_title": "", "more": None,
                     "col": self.bw("matter_col" if stem == "matters" else "col_dept"),
                     "rows": [self.figure_row(stem, x, f) for x, f in chunk]}
            body = self.render("board_list.md.j2", title=title, C=self.case_labels,
                               B=self.board_labels, kind="figures", group=group,
                               pages=pages if len(pages) > 1 else [],
                               index=Link(self.bw("title"), self.url("board/index.md")))
            out.append(self.out(path, title, body, search_exclude=True))
        self.page = "board/index.md"
        return out


__all__ = ["BoardPages", "BOARD_ROWS", "OPEN_PAGE_ROWS", "MATRIX_MAX", "TABLE_TOP", "paged"]

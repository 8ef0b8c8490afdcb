"""Pages of the responsibility-gap work: gaps report, handover dashboard, disputes register.

``gap_files(d, findings)`` returns three pages (plus one page per finding kind when a
registry has too many findings for one page):

- ``gaps/index.md``: "Responsibility gaps", grouped by kind (``checks.KINDS`` order); each
  finding links to its entity page (departments/<id>.md, assets/<id>.md for major assets,
  the nearest major asset for minor ones, matters/<id>.md, escalation/<id>.md, the dispute
  on disputes/index.md) and to the registry line to fix (``edit_url(file, line)``);
- ``handovers/index.md``: every handover with from -> to, status badge, since, due, days
  overdue and interim, and the counts by status as an inline SVG bar chart drawn here (no
  script, no chart library);
- ``disputes/index.md``: the disputes register (parties, raised, deadline, arbiter,
  interim, status, outcome).

Registry text reaches the pages only through Jinja2 with autoescape on, inside raw HTML
blocks that Markdown leaves alone; only remit's own labels are Markdown (the ``##``
headings, for the table of contents). Links inside the HTML are final URLs (MkDocs does not
rewrite raw HTML), for ``use_directory_urls`` on (default) or off. Labels follow
``site.language`` (zh or en). No timestamps: the date shown is the directory's ``today``.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import model as m
from generator.checks.findings import KINDS, Finding, kind_help, kind_title
from generator.checks.report import member_lines
from generator.directory import Directory, days_overdue, handover_state
from generator.outfile import OutFile
from generator.site.templating import TEMPLATES_DIR, front_matter, one_block, render
from generator.site.urls import EditUrl, Link, Links, relative_url
from generator.words import LANGUAGES, duty_name, handover_state_name, heading, t, table

#: Findings shown on gaps/index.md in all; above this, each kind keeps its first
#: ``PREVIEW`` rows there and gets a page of its own (gaps/<kind>.md) with every row.
ONE_PAGE_MAX = 500
PREVIEW = 20
#: Rows on one gaps/<kind>.md page; more continue on gaps/<kind>-2.md... (pages stay < 1 MB).
KIND_PAGE_ROWS = 300
#: Handover rows of one state shown on handovers/index.md; more go to handovers/<state>.md.
HANDOVER_ROWS_MAX = 300

STATES = ("overdue", "disputed", "in-progress", "planned", "accepted")
STATE_COLOURS = {
    "overdue": ("--remit-overdue", "#c62828"), "disputed": ("--remit-disputed", "#6a1b9a"),
    "in-progress": ("--remit-progress", "#b26a00"), "planned": ("--remit-planned", "#1d5fa8"),
    "accepted": ("--remit-accepted", "#2e7d32"),
}

#: Where the staff views' filter script is shipped (``assets/staff-views.js``), loaded by
#: the dashboard, the gaps report and their continuation pages only.
SCRIPT_FILE = "assets/javascripts/remit-staff-views.js"
ASSETS_DIR = Path(__file__).parent / "assets"

#: Column titles that name a registry field use the field's word (``field.*``).
_FIELD_LABELS = ("since", "due", "raised", "deadline", "arbiter", "outcome", "parties",
                 "interim", "asset", "status")


def labels(lang: str) -> dict[str, str]:
    """The pages' words in ``lang`` (``gaps.*`` and the filters' ``views.*`` of the
    catalogue), as the templates take them."""
    return {**table("gaps", lang), **{f"v_{k}": v for k, v in table("views", lang).items()},
            **{k: heading(t(f"field.{k}", lang)) for k in _FIELD_LABELS}}


def script_file() -> OutFile:
    """The filter script of the staff views (``generator/site/assets/staff-views.js``)."""
    return OutFile(SCRIPT_FILE, (ASSETS_DIR / "staff-views.js").read_bytes(), search=False)




#: On a phone the dashboard's and the gaps report's rows are cards; each of these columns
#: (by position) is labelled with its table head's word, from the stylesheet: one rule per
#: language rather than the same words on every row of every page.
CARD_LABELS = {"handovers": ((2, "from_to"), (4, "since"), (5, "due"), (6, "interim")),
               "gaps": ((3, "where"),)}
PHONE = "@media screen and (max-width:44.984375em)"


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return '"' + out + '"'


@cache
def stylesheet() -> str:
    """The pages' own styles (colours from remit.css variables when they exist), and the
    card labels of every language (``CARD_LABELS``, by the page's ``lang``). They go into
    the site's stylesheet (``render.CSS_FILE``), not into the pages: the site's
    Content-Security-Policy allows no ``<style>`` element."""
    rules = []
    for lang in LANGUAGES:
        words = labels(lang)
        for view, columns in CARD_LABELS.items():
            for n, key in columns:
                rules.append(f".md-typeset:lang({lang}) .remit-cards--{view} "
                             f"table:not([class]) td:nth-child({n})::before"
                             f"{{content:{_css_string(words[key])}}}")
    return (TEMPLATES_DIR / "gaps.css").read_text(encoding="utf-8") + \
        PHONE + "{\n" + "\n".join(rules) + "\n}\n"


def _page(title: str, parts: Iterable[str], search: bool,
          keywords: Sequence[str] = ()) -> str:
    body = "\n".join(p.strip("\n") + "\n" for p in parts if p)
    return front_matter(title, search_exclude=not search, keywords=keywords) + \
        f"# {html.escape(title, quote=False)}\n\n" + body


_FIRST_TAG = re.compile(r"^\s*<[a-zA-Z][^>]*?(?=/?>)")


def _dashboard(title: str, parts: Sequence[str], keywords: Sequence[str]) -> str:
    """A dashboard that search finds by its title, its summary (the first part) and
    ``keywords`` (the words people search it by): its other blocks (the filter, the tables
    of rows, each about an asset or a matter with a page of its own) carry Material's
    ``data-search-exclude``, so the search index stays small at any size."""
    shown = [p for p in parts if p]
    rest = ["\n\n".join(_FIRST_TAG.sub(lambda mo: mo.group(0) + " data-search-exclude",
                                       block, count=1) for block in p.split("\n\n"))
            for p in shown[1:]]
    return _page(title, [*shown[:1], *rest], True, keywords)


def search_keywords(view: str, lang: str) -> list[str]:
    """The words a dashboard is searched by (``views.search_<view>``: gaps, handovers,
    disputes), one list in the site's language."""
    return [w for w in re.split(r"\s*[、,，]\s*", t(f"views.search_{view}", lang)) if w]


# --- the pages -----------------------------------------------------------------------------


class _Pages(Links):
    """Links, registry positions and the gaps report."""

    def __init__(self, d: Directory, findings: Sequence[Finding], edit_url: EditUrl | None,
                 directory_urls: bool) -> None:
        super().__init__(d, directory_urls)
        self.findings = findings
        self.edit_url = edit_url
        self.lang = d.registry.site.language
        self.L = labels(self.lang)
        self.page = "gaps/index.md"
        self._lines: dict[tuple[int, int], str] = {}
        #: the view's row index (``filter_index``) when its rows span several pages
        self.filter_index: str | None = None

    # links (url, dept, asset come from urls.Links)
    def matter(self, matter_id: str | None) -> Link | None:
        if not matter_id:
            return None
        x = self.d.matters.get(matter_id)
        if x is None:
            return Link(matter_id, None)
        return Link(x.name, self.url(f"matters/{matter_id}.md"))

    def where(self, file: str, line: int, col: int = 0, lines: str = "",
              short: bool = False) -> dict[str, Any]:
        text = f"{file}:{line}" if line > 0 else file
        title = text
        if short:  # narrow cells: "edit line 65", the file in the tooltip
            text = self.L["edit_line"].format(n=line)
        url = self.edit_url(file, line) if self.edit_url and file else None
        return {"text": text, "url": url, "lines": lines, "title": title, "short": short}

    def render(self, name: str, **ctx: Any) -> str:
        return one_block(render(name + ".j2", self.L, **ctx)) + "\n"

    # --- the filters -----------------------------------------------------------------------

    def dept_options(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
        """"All departments", then every department of ``rows`` (their ``depts``) by name;
        in a view that spans several pages, the script offers them from the view's rows
        index instead (every department of every page, named once for all pages)."""
        if self.filter_index:
            return [{"value": "", "text": self.L["v_all_depts"]}]
        ids = {x for r in rows for x in r["depts"].split()}
        named = sorted((self.d.name_of(x), x) for x in ids)
        return [{"value": "", "text": self.L["v_all_depts"]},
                *({"value": x, "text": name} for name, x in named)]

    def filter_form(self, family: str, fields: list[dict[str, Any]], partial: str = "") -> str:
        """The controls of a staff view (``views_filter.j2``) and its script tag."""
        f = {"family": family, "today": self.d.today.isoformat(), "fields": fields,
             "partial": partial, "script": self.url(SCRIPT_FILE),
             "index": self.url(self.filter_index) if self.filter_index else ""}
        return self.render("views_filter", f=f)

    def filter_index_file(self, path: str, fields: Sequence[str],
                          values: dict[str, Sequence[str]],
                          pages: Sequence[tuple[str, str]],
                          rows: Iterable[tuple[Any, ...]]) -> OutFile:
        """The rows of a view that spans several pages, for its filters to count what
        matches on the other pages (``staff-views.js``): each row as the values of
        ``fields`` (``values[field]`` indexes, ``depts`` indexes into ``depts``, ``page``
        an index into ``pages``, each page as (URL relative to this file, title))."""
        dept_ids: dict[str, int] = {}
        packed = []
        for r in rows:
            out: list[Any] = []
            for name, v in zip(fields, r, strict=True):
                if name == "depts":
                    out.append([dept_ids.setdefault(x, len(dept_ids)) for x in v])
                elif name in values:
                    out.append(values[name].index(v))
                else:
                    out.append(v)
            packed.append(out)
        data = {"fields": list(fields), "values": {k: list(v) for k, v in values.items()},
                "depts": [[x, self.d.name_of(x)] for x in dept_ids],
                "pages": [[relative_url(path, p, self.directory_urls), title]
                          for p, title in pages],
                "rows": packed}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return OutFile(path, text + "\n", search=False)

    def gap_filter(self, rows: list[dict[str, Any]], kinds: Sequence[str],
                   partial: str = "") -> str:
        L = self.L
        fields = [
            {"name": "dept", "label": L["v_dept"], "hint": L["v_dept_hint_gaps"],
             "options": self.dept_options(rows)},
            {"name": "kind", "label": L["v_kind"], "hint": "",
             "options": [{"value": "", "text": L["v_all_kinds"]},
                         *({"value": k, "text": kind_title(k, self.lang)} for k in kinds)]}
            if len(kinds) > 1 else None,
            {"name": "status", "label": L["v_gap_status"], "hint": "",
             "options": [{"value": "", "text": L["v_all_gap_status"]},
                         {"value": "open", "text": L["v_gap_open"]},
                         {"value": "accepted", "text": L["v_gap_accepted"]}]},
        ]
        return self.filter_form("gaps", [x for x in fields if x], partial)

    # --- gaps ------------------------------------------------------------------------------

    def entity(self, f: Finding) -> Link | None:
        if f.entity == "department":
            return self.dept(f.id)
        if f.entity == "asset":
            return self.asset(f.id)
        if f.entity == "matter":
            return self.matter(f.id)
        if f.entity == "escalation":
            p = self.d.paths.get(f.id)
            return Link(p.name if p else f.id, self.url(f"escalation/{f.id}.md") if p else None)
        if f.entity == "dispute":
            return Link(f.id, self.url(f"disputes/index.md#{f.id}"))
        return Link(f.id, None)

    def gap_row(self, f: Finding) -> dict[str, Any]:
        dg = f.diagnostic
        count = ""
        lines = ""
        if f.members:
            count = t("gaps.n_assets", self.lang, n=len(f.members))
            if f.kind != "matter-unroutable":  # there the position is the matter's
                lines = self.L["lines"].format(lines=member_lines(f, self._lines, limit=12))
        return {"id": f.id, "entity": self.entity(f), "count": count, "text": f.text(self.lang),
                "where": self.where(dg.file, dg.line, dg.col, lines), "accepted": f.accepted,
                "depts": " ".join(finding_depts(self.d, f))}

    def gap_table(self, kind: str, fs: list[Finding], limit: int | None,
                  more_link: str | None) -> tuple[str, list[dict[str, Any]]]:
        """The table of one kind's findings (the first ``limit`` of them), and its rows."""
        shown = fs if limit is None else fs[:limit]
        more: dict[str, Any] | str = ""
        if more_link and len(fs) > len(shown):
            more = {"sentence": self.L["more_rows"], "n": len(fs) - len(shown),
                    "link": Link(self.L["all_rows"].format(n=len(fs)), self.url(more_link))}
        n_open = sum(1 for f in fs if f.accepted is None)
        rows = [self.gap_row(f) for f in shown]
        return self.render("gap_table", kind=kind, help=kind_help(kind, self.lang),
                           rows=rows, more=more, n_open=n_open,
                           n_accepted=len(fs) - n_open), rows

    def gap_pages(self) -> list[OutFile]:
        by_kind: dict[str, list[Finding]] = {k: [] for k in KINDS}
        for f in self.findings:
            by_kind.setdefault(f.kind, []).append(f)
        for fs in by_kind.values():
            fs.sort(key=lambda f: (f.accepted is not None, *f.diagnostic.sort_key()))
        total = len(self.findings)
        n_open = sum(1 for f in self.findings if f.accepted is None)
        split = total > ONE_PAGE_MAX
        today = self.d.today.isoformat()
        title = self.L["gaps_title"]
        self.page = "gaps/index.md"
        self.filter_index = "gaps/filter.json" if split else None
        kinds = []
        for k, fs in by_kind.items():
            if not fs:
                continue
            k_open = sum(1 for f in fs if f.accepted is None)
            kinds.append({"kind": k, "title": kind_title(k, self.lang), "open": k_open,
                          "accepted": len(fs) - k_open, "url": f"#{k}"})
        key = "gaps.gaps_none" if not total else "gaps.intro" if total > n_open else \
            "gaps.intro_all_open"
        intro = t(key, self.lang, today=today,
                  open_gaps=t("gaps.n_open", self.lang, n=n_open),
                  accepted_gaps=t("gaps.n_accepted", self.lang, n=total - n_open))
        parts = [self.render("gap_summary", intro=intro, kinds=kinds, n_open=n_open,
                             n_accepted=total - n_open)]
        extra: list[OutFile] = []
        shown: list[dict[str, Any]] = []
        partial = False
        for k, fs in by_kind.items():
            if not fs:
                continue
            own = split and len(fs) > PREVIEW
            partial = partial or own
            parts.append(f"## {_md_label(kind_title(k, self.lang))} {{#{k}}}\n")
            table_html, rows = self.gap_table(k, fs, PREVIEW if own else None,
                                              f"gaps/{k}.md" if own else None)
            parts.append(table_html)
            shown.extend(rows)
            if own:
                extra.extend(self.kind_pages(k, fs))
                self.page = "gaps/index.md"
        if total:
            note = t("views.partial_gaps", self.lang, n=PREVIEW) if partial else ""
            parts.insert(1, self.gap_filter(shown, [str(k["kind"]) for k in kinds], note))
        index = OutFile("gaps/index.md",
                        _dashboard(title, parts, search_keywords("gaps", self.lang)),
                        title=title, nav=True)
        if split:
            extra.append(self.gap_index(by_kind))
        self.filter_index = None
        return [index, *extra]

    def gap_index(self, by_kind: dict[str, list[Finding]]) -> OutFile:
        """``gaps/filter.json``: every finding's kind, status, departments and page."""
        pages: list[tuple[str, str]] = [("gaps/index.md", self.L["gaps_title"])]
        rows: list[tuple[Any, ...]] = []
        for k, fs in by_kind.items():
            if not fs:
                continue
            n_pages = 1 if len(fs) <= PREVIEW else -(-len(fs) // KIND_PAGE_ROWS)
            first = len(pages)
            if len(fs) > PREVIEW:
                for i in range(n_pages):
                    label = kind_title(k, self.lang)
                    if n_pages > 1:
                        label += f" ({i + 1}/{n_pages})"
                    pages.append((f"gaps/{k}.md" if i == 0 else f"gaps/{k}-{i + 1}.md", label))
            for i, f in enumerate(fs):
                page = 0 if len(fs) <= PREVIEW else first + i // KIND_PAGE_ROWS
                rows.append((k, "accepted" if f.accepted is not None else "open",
                             finding_depts(self.d, f), page))
        return self.filter_index_file("gaps/filter.json", ("kind", "status", "depts", "page"),
                                      {"kind": list(by_kind), "status": ["open", "accepted"]},
                                      pages, rows)

    def kind_pages(self, kind: str, fs: list[Finding]) -> list[OutFile]:
        """Every finding of one kind, KIND_PAGE_ROWS to a page, with links between them."""
        chunks = [fs[i:i + KIND_PAGE_ROWS] for i in range(0, len(fs), KIND_PAGE_ROWS)]
        paths = [f"gaps/{kind}.md" if i == 0 else f"gaps/{kind}-{i + 1}.md"
                 for i in range(len(chunks))]
        out = []
        for i, chunk in enumerate(chunks):
            self.page = paths[i]
            title = f"{self.L['gaps_title']}{self.L['colon']}{kind_title(kind, self.lang)}"
            if len(chunks) > 1:
                title += f" ({i + 1}/{len(chunks)})"
            pages = [{"url": self.url(p), "current": j == i, "n": j + 1}
                     for j, p in enumerate(paths)] if len(paths) > 1 else []
            nav = self.render("gap_pager", back=Link(self.L["back"], self.url("gaps/index.md")),
                              pages=pages)
            table_html, rows = self.gap_table(kind, chunk, None, None)
            note = t("views.partial_pages", self.lang, n=len(fs), pages=len(chunks)) \
                if len(chunks) > 1 else ""
            body = [nav, self.gap_filter(rows, [kind], note), table_html]
            out.append(OutFile(paths[i], _page(title, body, search=False), title=title,
                               nav=False, search=False))
        self.page = "gaps/index.md"
        return out


class _Dashboards(_Pages):
    """The handover dashboard and the disputes register (the gaps report is :class:`_Pages`)."""

    # --- handovers -------------------------------------------------------------------------

    def handover_row(self, a: m.Asset, index: int = 0) -> dict[str, Any]:
        """Handover number ``index`` (0-based) of ``a`` as a row. A handover that is history
        (later ones took every duty it covered) keeps its recorded status, never overdue,
        and says so."""
        today = self.d.today
        h = a.all_handovers[index]
        history = len(a.all_handovers) > 1 and self.d.handover_roles(a)[index].history
        state = h.status if history else handover_state(h, today)
        late = 0 if history else days_overdue(h, today)
        line = h.node.line if h.node is not None else 0
        file = h.node.file if h.node is not None else ""
        duties = self.L["sep"].join(duty_name(x, self.lang) for x in h.duties) or \
            self.L["all_duties"]
        return {
            "anchor": f"h-{a.id}" if index == 0 else f"h-{a.id}-{index + 1}",
            "asset_id": a.id, "index": index, "history": history, "asset": self.asset(a.id),
            "depts": " ".join(dict.fromkeys(x for x in (h.from_, h.to, h.interim) if x)),
            "where": self.where(file, line, short=True) if self.edit_url and file else None,
            "frm": self.dept(h.from_), "to": self.dept(h.to), "state": state,
            "state_name": handover_state_name(state, self.lang), "duties": duties,
            "since": h.since.isoformat() if h.since else "",
            "due": h.due.isoformat() if h.due else "", "late": late,
            "late_text": t("site.days_overdue", self.lang, n=late),
            "interim": self.dept(h.interim),
            "no_interim": self.L["no_interim"].format(dept=self.d.name_of(h.from_)),
        }

    def chart(self, counts: list[tuple[str, int]]) -> dict[str, Any]:
        """Counts by status for the bar chart (``handover_chart.j2``): each bar's length in
        percent of the longest (at least 1 when the count is not 0)."""
        biggest = max((n for _, n in counts), default=0) or 1
        bars = [{"state": state, "n": n, "name": handover_state_name(state, self.lang),
                 "fill": STATE_COLOURS[state][1],
                 "w": 0 if n == 0 else max(1, round(100 * n / biggest))}
                for state, n in counts]
        return {"title": self.L["chart_title"], "bars": bars}

    def handover_filter(self, rows: list[dict[str, Any]], states: Sequence[str],
                        partial: str = "") -> str:
        L = self.L
        state_options = [{"value": "", "text": L["v_all_states"]}]
        if len(states) > 1 and "accepted" in states:
            state_options.append({"value": "open", "text": L["v_open_states"]})
        state_options += [{"value": s, "text": heading(handover_state_name(s, self.lang))}
                          for s in states]
        fields = [
            {"name": "dept", "label": L["v_dept"], "hint": L["v_dept_hint_handovers"],
             "options": self.dept_options(rows)},
            {"name": "state", "label": L["v_state"], "hint": "", "options": state_options}
            if len(states) > 1 else None,
            {"name": "due", "label": L["v_due"], "hint": "",
             "options": [{"value": v, "text": L[f"v_due_{k}"]} for v, k in (
                 ("", "any"), ("overdue", "overdue"), ("30", "30"), ("90", "90"),
                 ("none", "none"))]},
            {"name": "sort", "label": L["v_sort"], "hint": "",
             "options": [{"value": v, "text": L[f"v_sort_{k}"]} for v, k in (
                 ("", "due"), ("due-desc", "due_desc"), ("since", "since"))]},
        ]
        return self.filter_form("handovers", [x for x in fields if x], partial)

    def handover_pages(self) -> list[OutFile]:
        self.page = "handovers/index.md"
        rows: dict[str, list[dict[str, Any]]] = {s: [] for s in STATES}
        for a in self.d.registry.assets:
            for i in range(len(a.all_handovers)):
                r = self.handover_row(a, i)
                rows[r["state"]].append(r)
        for rs in rows.values():
            rs.sort(key=lambda r: (-r["late"], r["due"] or "9999", r["asset_id"], r["index"]))
        counts = [(s, len(rows[s])) for s in STATES]
        total = sum(n for _, n in counts)
        max_late = max((r["late"] for r in rows["overdue"]), default=0)
        parts_text = self.L["sep"].join(
            f"{handover_state_name(s, self.lang)} {n}" for s, n in counts if n)
        if max_late:
            parts_text += self.L["sep"] + t("gaps.max_late", self.lang, n=max_late)
        intro = t("gaps.handovers_intro", self.lang, n=total, today=self.d.today.isoformat(),
                  parts=parts_text) if total else self.L["handovers_none"]
        title = self.L["handovers_title"]
        parts = [self.render("handover_head", intro=intro, total=total, max_late=max_late,
                             counts=[{"state": s, "n": n} for s, n in counts],
                             chart=self.chart(counts))]
        extra: list[OutFile] = []
        shown_rows: list[dict[str, Any]] = []
        split = any(len(rs) > HANDOVER_ROWS_MAX for rs in rows.values())
        self.filter_index = "handovers/filter.json" if split else None
        for s in STATES:
            rs = rows[s]
            if not rs:
                continue
            head = self.L["state_heading"].format(state=handover_state_name(s, self.lang),
                                                  n=len(rs))
            parts.append(f"## {_md_label(head)} {{#{s}}}\n")
            more: dict[str, Any] | str = ""
            shown = rs
            if len(rs) > HANDOVER_ROWS_MAX:
                shown = rs[:HANDOVER_ROWS_MAX]
                more = {"sentence": self.L["more_state"], "n": len(rs) - len(shown),
                        "link": Link(self.L["all_rows"].format(n=len(rs)),
                                     self.url(f"handovers/{s}.md"))}
                extra.append(self.state_page(s, rs))
                self.page = "handovers/index.md"
            parts.append(self.render("handover_table", state=s, count=len(rs), rows=shown,
                                     more=more))
            shown_rows.extend(shown)
        if total:
            note = t("views.partial_handovers", self.lang, n=HANDOVER_ROWS_MAX) \
                if split else ""
            parts.insert(1, self.handover_filter(
                shown_rows, [s for s in STATES if rows[s]], note))
        index = OutFile("handovers/index.md",
                        _dashboard(title, parts, search_keywords("handovers", self.lang)),
                        title=title, nav=True)
        if split:
            extra.append(self.handover_index(rows))
        self.filter_index = None
        return [index, *extra]

    def handover_index(self, rows: dict[str, list[dict[str, Any]]]) -> OutFile:
        """``handovers/filter.json``: every handover's state, departments, due date and
        page (its state's own page when the dashboard lists only part of the state)."""
        pages: list[tuple[str, str]] = [("handovers/index.md", self.L["handovers_title"])]
        packed: list[tuple[Any, ...]] = []
        for s in STATES:
            page = 0
            if len(rows[s]) > HANDOVER_ROWS_MAX:
                page = len(pages)
                pages.append((f"handovers/{s}.md", handover_state_name(s, self.lang)))
            packed += [(s, r["depts"].split(), r["due"], page) for r in rows[s]]
        return self.filter_index_file("handovers/filter.json", ("state", "depts", "due", "page"),
                                      {"state": list(STATES)}, pages, packed)

    def state_page(self, state: str, rs: list[dict[str, Any]]) -> OutFile:
        self.page = f"handovers/{state}.md"
        # links in the rows were made for the index page: same depth with directory URLs
        # off; with them on, the state page is one level deeper, so rebuild the rows
        rows = [self.handover_row(self.d.assets[r["asset_id"]], r["index"]) for r in rs]
        title = (f"{self.L['handovers_title']}{self.L['colon']}"
                 f"{handover_state_name(state, self.lang)}")
        body = [self.handover_filter(rows, [state]),
                self.render("handover_table", state=state, count=len(rows), rows=rows, more="")]
        return OutFile(f"handovers/{state}.md", _page(title, body, search=False),
                       title=title, nav=False, search=False)

    # --- disputes --------------------------------------------------------------------------

    def dispute_pages(self) -> list[OutFile]:
        self.page = "disputes/index.md"
        today = self.d.today
        rows: list[dict[str, Any]] = []
        for dp in self.d.registry.disputes:
            late = (today - dp.deadline).days if (
                dp.status == "open" and dp.deadline and dp.deadline < today) else 0
            file = dp.node.file if dp.node is not None else ""
            line = dp.node.line if dp.node is not None else 0
            rows.append({
                "id": dp.id, "status": dp.status, "late": late,
                "late_text": t("gaps.d_late", self.lang, n=late),
                "where": self.where(file, line, short=True) if self.edit_url and file else None,
                "asset": self.asset(dp.asset), "matter": self.matter(dp.matter),
                "duty": duty_name(dp.duty, self.lang) if dp.duty else "",
                "parties": [self.dept(x) for x in dp.parties],
                "raised": dp.raised.isoformat() if dp.raised else "",
                "deadline": dp.deadline.isoformat() if dp.deadline else "",
                "arbiter": self.dept(dp.arbiter), "interim": self.dept(dp.interim),
                "outcome": dp.outcome, "notes": dp.notes,
                "depts": " ".join(dict.fromkeys(
                    x for x in (*dp.parties, dp.arbiter, dp.interim) if x)),
                "state": "resolved" if dp.status == "resolved" else "late" if late else "open",
            })
        rows.sort(key=lambda r: (r["status"] != "open", -r["late"], r["id"]))
        st = Counter(r["status"] for r in rows)
        n_late = sum(1 for r in rows if r["late"])
        intro = t("gaps.disputes_intro", self.lang, n=len(rows), today=today.isoformat(),
                  open=st["open"], late=n_late, resolved=st["resolved"]) if rows \
            else self.L["disputes_none"]
        title = self.L["disputes_title"]
        form = ""
        if len(rows) > 1:
            L = self.L
            states = [{"value": "", "text": L["v_d_all"]}] + [
                {"value": v, "text": L[f"v_d_{v}"]} for v in ("open", "late", "resolved")]
            form = self.filter_form("disputes", [
                {"name": "dept", "label": L["v_dept"], "hint": L["v_dept_hint_disputes"],
                 "options": self.dept_options(rows)},
                {"name": "state", "label": L["v_state"], "hint": "", "options": states}])
        # the form is this module's own template output, autoescaped there
        body = self.render("disputes", intro=intro, rows=rows, total=len(rows),
                           n_open=st["open"], n_late=n_late, n_resolved=st["resolved"],
                           filter=Markup(form))
        return [OutFile("disputes/index.md",
                        _page(title, [body], True, search_keywords("disputes", self.lang)),
                        title=title, nav=True, search=True)]


def finding_depts(d: Directory, f: Finding) -> list[str]:
    """The departments a finding concerns, for the gaps report's department filter: those
    it names as targets, and for an asset its owner, its duty holders and the parties of
    its handover; for a matter its handler and first contact; for an escalation path the
    departments on its levels; for a dispute its parties, arbiter and interim."""
    out: dict[str, None] = {}

    def add(*ids: str | None) -> None:
        out.update(dict.fromkeys(x for x in ids if x and x in d.departments))

    for entity, key in f.targets or ((f.entity, f.id),):
        if entity == "department":
            add(key)
        elif entity == "asset" and (a := d.assets.get(key)) is not None:
            add(d.effective_owner(a)[0])
            for held in d.effective_duties(a).values():
                add(*held.holding.by)
            for h in a.all_handovers:
                add(h.from_, h.to, h.interim)
        elif entity == "matter" and (mt := d.matters.get(key)) is not None:
            add(mt.handled_by, mt.first_contact)
        elif entity == "escalation" and (p := d.paths.get(key)) is not None:
            for level in p.levels:
                add(*level.who)
        elif entity == "dispute":
            for dp in d.registry.disputes:
                if dp.id == key:
                    add(*dp.parties, dp.arbiter, dp.interim)
    return list(out)


def _md_label(text: str) -> str:
    """One of remit's own labels as Markdown heading text (no markup characters)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>" else ch for ch in text)


def gap_files(d: Directory, findings: Sequence[Finding], edit_url: EditUrl | None = None, *,
              directory_urls: bool = True) -> list[OutFile]:
    """The gaps report, the handover dashboard and the disputes register (see module doc),
    and the filter script they load (``SCRIPT_FILE``).

    ``edit_url(file, line)`` gives the URL that edits a registry file at a line (None: the
    position is shown as text); ``directory_urls`` follows MkDocs' ``use_directory_urls``.
    """
    p = _Dashboards(d, findings, edit_url, directory_urls)
    return [*p.gap_pages(), *p.handover_pages(), *p.dispute_pages(), script_file()]

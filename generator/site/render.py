"""The site's pages, rendered from a :class:`Directory` by plain Python and Jinja2.

Nothing here imports mkdocs: :func:`render_site` returns every generated page as an
:class:`OutFile` (Markdown text with a YAML front matter) and the plugin only hands them to
MkDocs; ``remit render --out DIR`` (:func:`~generator.mkdocs_edge.render_out.render_to_dir`)
writes the same pages to disk for engines that run no third-party plugins.

Registry text is data. Every value from the registry reaches a page through a Jinja2
template with autoescape on, inside a raw HTML block that Markdown leaves alone (no
``md_in_html``), so ``<script>``, ``{: onclick=...}``, ``|``, ``**x**`` and
``[a](javascript:...)`` are shown as text. Page titles go into the front matter already
HTML-escaped, because MkDocs themes print ``page.title`` without escaping. Only remit's own
labels are written as Markdown (the ``##`` section headings, for the table of contents).

Links inside the HTML blocks are final URLs (MkDocs does not rewrite raw HTML), computed
for ``use_directory_urls`` on or off.

Page paths:

- ``departments/<id>.md``, ``assets/<id>.md`` (major assets only: minor assets such as
  street lamps are rows of the nearest major asset they are part of, anchored by their id),
  ``matters/<id>.md``, ``escalation/<id>.md``;
- index pages ``departments/index.md``, ``assets/index.md``, ``matters/index.md``,
  ``escalation/index.md``, ``handovers/index.md``; long lists are split into pages that
  cannot clash with an id (ids have no ``_``): ``assets/types/<type>.md``,
  ``assets/types/<type>_<n>.md``, ``matters/groups/<k>.md``, ``matters/groups/<k>_<n>.md``.

Search (Material's index is downloaded whole, about 2 KB a page, so it has a budget): an
entity page is one search entry, its head (name, kind, aliases, keywords, summary); every
section after the head is ``data-search-exclude``. Aliases and matter keywords are also the
page's ``tags``, the field Material weighs most; matter pages get ``search: boost``, as
matters are what people look for. List pages (``assets/types/``, ``matters/groups/``) are
``search: exclude``. Departments and matters are always indexed; asset pages only while
the registry has at most ``search_assets_max`` major assets (default 2,000): beyond that
they are found through the lookup page's own sharded index. At the benchmark's scale
(2,000 departments, 5,000 matters, 10,000 major assets) Material's index is 4.6 MB.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from generator import model as m
from generator.answers.routing import route
from generator.checks.findings import Finding, badge_index, kind_title, run_checks
from generator.checks.public import public_findings as public_findings  # re-exported
from generator.directory import Directory, days_overdue, handover_state, shown_contacts
from generator.i18n import (
    LABELS,
    asset_type_name,
    duration_text,
    duty_name,
    handover_state_name,
    kind_name,
    staff_words,
)
from generator.outfile import OutFile
from generator.publish.export import export_files
from generator.publish.history import History, entity_history
from generator.site.gap_pages import gap_files
from generator.site.gap_pages import stylesheet as gap_stylesheet
from generator.site.history_pages import changes_files, history_html, history_title
from generator.site.lookup_site import lookup_files
from generator.site.templating import finish, front_matter, render
from generator.site.templating import yaml_string as yaml_string  # re-exported
from generator.site.urls import ROWS_PER_PAGE, AssetHomes, Link, Links, type_page

#: ``edit_url(file, line)``: the URL that edits ``file`` (as the registry loader names it)
#: at ``line``, or None when the file is not in the repository.
EditUrl = Callable[[str, int], "str | None"]

CSS_FILE = "assets/stylesheets/remit.css"
ASSETS_DIR = Path(__file__).parent / "assets"
TEMPLATES_DIR = Path(__file__).parent / "templates"

SEARCH_ASSETS_MAX = 2000  # asset pages join Material's search index up to this many
MATTER_BOOST = 2  # matters are what people search for: rank them above assets
INLINE_MAX = 1000  # index pages hold their lists inline up to this many entries
TABLE_MAX = 1000  # rows of one table on an entity page before "N more"
LINKS_MAX = 8  # names listed in one cell before "+N"
ANSWERS_MAX = 12  # rows of an asset's "whom to ask" table

STATE_ORDER = ("overdue", "disputed", "in-progress", "planned", "accepted")
_SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")


# --- URLs ---------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """``url`` when its scheme is one the registry allows, else None (shown as text)."""
    if not url:
        return None
    low = url.strip().lower()
    return url.strip() if low.startswith(_SAFE_SCHEMES) else None


def tel_url(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}" if digits else None


def mailto_url(email: str | None) -> str | None:
    if not email or re.search(r"[\s<>\"'&?#]", email) or "@" not in email:
        return None
    return f"mailto:{email}"


# --- the renderer -------------------------------------------------------------------------


class _Renderer(Links):
    def __init__(self, d: Directory, findings: Sequence[Finding], edit_url: EditUrl | None,
                 directory_urls: bool, search_assets_max: int, internal: bool = False) -> None:
        super().__init__(d, directory_urls)
        self.internal = internal
        self.lang = d.registry.site.language
        self.L = LABELS.get(self.lang, LABELS["en"])
        self.edit_url = edit_url
        self.search_assets = len(d.major_assets) <= search_assets_max
        self.labels = {**self.L, **staff_words(self.lang)}
        self.badges = badge_index(findings, include_accepted=True)
        self.history: dict[tuple[str, str], Any] = {}  # (kind, id) -> its own changes
        # the page each asset appears on: its own, or the nearest major asset it is part of
        homes = self.homes
        self.home, self.minor_rows, self.orphans = homes.home, homes.minor_rows, homes.orphans
        self.assets_of_type: dict[str, list[m.Asset]] = defaultdict(list)
        for a in d.registry.assets:
            self.assets_of_type[a.type].append(a)
        self._holder_counts: dict[tuple[str, str], Counter[str]] = {}
        # matter links per asset type, for asset pages (all at assets/<id>.md)
        self._groups: dict[str, tuple[list[list[m.Matter]], list[m.Matter]]] = {}
        groups: dict[str, list[m.Matter]] = {}
        for x in d.registry.matters:
            groups.setdefault(x.group or "", []).append(x)
        self.matter_groups = groups
        self.matters_inline = len(d.registry.matters) <= INLINE_MAX
        self.assets_inline = len(d.major_assets) <= INLINE_MAX

    # --- small helpers --------------------------------------------------------------------

    def matter(self, x: m.Matter) -> Link:
        return Link(x.name, self.url(f"matters/{x.id}.md"))

    def lookup(self, matter: str | None = None, asset: str | None = None) -> str:
        query = "&".join(f"{k}={v}" for k, v in (("m", matter), ("a", asset)) if v)
        return self.url("lookup/index.md" + (f"?{query}" if query else ""))

    def type_name(self, type_id: str) -> str:
        t = self.d.asset_types.get(type_id)
        return asset_type_name(t, self.lang) if t else type_id

    def duty(self, duty: str) -> str:
        return duty_name(duty, self.lang)

    def dur(self, d: m.Duration | None) -> str:
        return duration_text(d, self.lang) if d is not None else ""

    def edit(self, node: Any) -> str | None:
        if self.edit_url is None or node is None or not getattr(node, "file", None):
            return None
        return self.edit_url(node.file, int(getattr(node, "line", 0) or 0))

    def gaps(self, entity: str, ent_id: str) -> list[dict[str, Any]]:
        out = []
        for f in self.badges.get((entity, ent_id), ()):
            out.append({"kind": f.kind, "title": kind_title(f.kind, self.lang),
                        "text": f.text(self.lang), "accepted": f.accepted})
        return out

    def state(self, h: m.Handover) -> dict[str, Any]:
        st = handover_state(h, self.d.today)
        return {"state": st, "name": handover_state_name(st, self.lang),
                "late": days_overdue(h, self.d.today)}

    def handover(self, a: m.Asset, h: m.Handover) -> dict[str, Any]:
        return {
            "asset": self.asset(a.id), "asset_id": a.id, **self.state(h),
            "from": self.dept(h.from_), "to": self.dept(h.to),
            "duties": [self.duty(x) for x in h.duties],
            "since": h.since.isoformat() if h.since else "",
            "due": h.due.isoformat() if h.due else "",
            "interim": self.dept(h.interim), "builder": self.dept(h.from_),
            "basis": h.basis, "notes": h.notes,
        }

    def dispute(self, dp: m.Dispute) -> dict[str, Any]:
        return {
            "id": dp.id, "open": dp.status == "open",
            "status": self.L["dispute_open" if dp.status == "open" else "dispute_resolved"],
            "asset": self.asset(dp.asset),
            "matter": self.matter(self.d.matters[dp.matter])
            if dp.matter and dp.matter in self.d.matters else None,
            "duty": self.duty(dp.duty) if dp.duty else "",
            "parties": self.depts(dp.parties), "arbiter": self.dept(dp.arbiter),
            "interim": self.dept(dp.interim),
            "raised": dp.raised.isoformat() if dp.raised else "",
            "deadline": dp.deadline.isoformat() if dp.deadline else "",
            "outcome": dp.outcome, "notes": dp.notes,
        }

    def contacts(self, dep: m.Department) -> list[dict[str, Any]]:
        out = []
        for c in shown_contacts(dep, self.internal):
            out.append({
                "internal": c.visibility != "public",
                "role": c.role, "name": c.name, "phone": c.phone, "tel": tel_url(c.phone),
                "email": c.email, "mailto": mailto_url(c.email), "url": safe_url(c.url),
                "url_text": c.url, "address": c.address, "hours": c.hours,
                "verified": c.verified.isoformat() if c.verified else "", "notes": c.notes,
            })
        return out

    def ladder(self, p: m.EscalationPath) -> list[dict[str, Any]]:
        steps = []
        prev: m.Duration | None = None
        for i, lv in enumerate(p.levels):
            when = (self.L["at_intake"] if lv.after.amount == 0
                    else self.L["after"].format(d=self.dur(lv.after)))
            steps.append({"n": i + 1, "level": self.L["level_n"].format(n=i + 1),
                          "when": when, "after": lv.after.text,
                          "who": self.depts(lv.who), "action": lv.action,
                          "first": prev is None})
            prev = lv.after
        return steps

    def render(self, template: str, **ctx: Any) -> str:
        return render(template, self.labels, lang=self.lang, **ctx)

    def with_history(self, body: str, kind: str, ent_id: str) -> str:
        """``body`` plus the entity's own short history from git, when there is one."""
        block = history_html(self.history.get((kind, ent_id), []), self.lang,
                             changes_url=self.url("changes/index.md"), heading=False)
        if not block:
            return body
        return (f"{body.rstrip()}\n\n## {history_title(self.lang)} "
                f"{{ #history data-search-exclude }}\n\n{block}\n")

    def out(self, path: str, title: str, body: str, *, nav: bool = False,
            search_exclude: bool = False, boost: float | None = None,
            tags: Sequence[str] = ()) -> OutFile:
        content = front_matter(title, search_exclude=search_exclude, boost=boost,
                               tags=list(dict.fromkeys(t for t in tags if t.strip())))
        content += body
        return OutFile(path, finish(content), title=title, nav=nav, search=not search_exclude)

    _type_page = staticmethod(type_page)

    def _group_page(self, k: int, index: int) -> str:
        return f"matters/groups/{k}.md" if index == 0 else f"matters/groups/{k}_{index + 1}.md"

    # --- departments ----------------------------------------------------------------------

    def department_page(self, dep: m.Department) -> OutFile:
        d = self.d
        self.page = f"departments/{dep.id}.md"
        owned_major: list[dict[str, Any]] = []
        owned_minor: Counter[str] = Counter()
        for a in d.owned.get(dep.id, ()):
            if d.is_minor(a):
                owned_minor[a.type] += 1
            else:
                owned_major.append({"asset": self.asset(a.id), "type": self.type_name(a.type),
                                    "handover": self.state(a.handover) if a.handover else None})
        held_rows: dict[str, list[str]] = {}
        held_minor: Counter[tuple[str, str]] = Counter()
        for a, duty in d.held.get(dep.id, ()):
            if a.owner == dep.id:
                continue
            if d.is_minor(a):
                held_minor[(a.type, duty)] += 1
            else:
                held_rows.setdefault(a.id, []).append(self.duty(duty))
        held = [{"asset": self.asset(aid), "owner": self.dept(d.assets[aid].owner),
                 "duties": duties} for aid, duties in held_rows.items()]
        minor_items = [self.L["n_assets"].format(n=n) + " " + self.type_name(t)
                       for t, n in sorted(owned_minor.items())]
        held_minor_items = [
            f"{self.type_name(t)} · {self.duty(duty)} · " + self.L["n_assets"].format(n=n)
            for (t, duty), n in sorted(held_minor.items())]

        def hrows(assets: Iterable[m.Asset]) -> list[dict[str, Any]]:
            return [self.handover(a, a.handover) for a in assets if a.handover]

        levels = []
        for ref in d.levels_of.get(dep.id, ()):
            levels.append({"path": self.path_link(ref.path.id),
                           "level": self.L["level_n"].format(n=ref.index + 1),
                           "when": self.ladder(ref.path)[ref.index]["when"],
                           "action": ref.level.action,
                           "with": self.depts(x for x in ref.level.who if x != dep.id)})
        ctx = {
            "dep": dep, "kind": kind_name(dep.kind, self.lang),
            "chain": [self.dept(p.id) for p in reversed(d.department_chain(dep))],
            "children": self.depts(c.id for c in d.children.get(dep.id, ())),
            "contacts": self.contacts(dep), "website": safe_url(dep.website),
            "responsibilities": [{"text": r.text, "basis": r.basis, "lead": self.dept(r.lead)}
                                 for r in dep.responsibilities],
            "owned": owned_major[:TABLE_MAX], "owned_more": max(0, len(owned_major) - TABLE_MAX),
            "owned_minor": minor_items,
            "held": held[:TABLE_MAX], "held_more": max(0, len(held) - TABLE_MAX),
            "held_minor": held_minor_items,
            "given": hrows(d.handovers_from.get(dep.id, ()))[:TABLE_MAX],
            "received": hrows(d.handovers_to.get(dep.id, ()))[:TABLE_MAX],
            "interim_for": hrows(d.interim_for.get(dep.id, ()))[:TABLE_MAX],
            "handled": [self._matter_row(x) for x in d.matters_handled.get(dep.id, ())],
            "first": [self._matter_row(x) for x in d.matters_first.get(dep.id, ())
                      ][:TABLE_MAX],
            "levels": levels,
            "disputes": [self.dispute(x) for x in d.disputes_of_dept.get(dep.id, ())],
            "gaps": self.gaps("department", dep.id),
            "edit": self.edit(dep.node),
            "verified": dep.verified.isoformat() if dep.verified else "",
        }
        return self.out(self.page, dep.name, self.with_history(
                            self.render("department.md.j2", **ctx), "department", dep.id),
                        tags=dep.aliases)

    def _matter_row(self, x: m.Matter) -> dict[str, Any]:
        if x.handled_by:
            handler: Any = self.dept(x.handled_by)
            rule = ""
        else:
            handler = None
            rule = self.duty(x.duty) if x.duty else ""
        return {"matter": self.matter(x), "handler": handler, "rule": rule,
                "first": self.dept(x.first_contact), "limit": self.dur(x.time_limit),
                "group": x.group or ""}

    # --- assets ---------------------------------------------------------------------------

    def asset_page(self, a: m.Asset) -> OutFile:
        d = self.d
        self.page = f"assets/{a.id}.md"
        eff = d.effective_duties(a)
        required = d.required_duties(a)
        duty_rows = []
        for duty in [*required, *sorted(x for x in eff if x not in required)]:
            held = eff.get(duty)
            duty_rows.append({
                "duty": self.duty(duty), "required": duty in required,
                "by": self.depts(held.holding.by) if held else [],
                "split": held.holding.split if held else None,
                "basis": held.holding.basis if held else None,
                "from": self.asset(held.source) if held and held.inherited else None,
            })
        owner, where = d.effective_owner(a)
        found = d.applicable_handover(a, None)
        handover = None
        if found is not None:
            on, h = found
            handover = self.handover(on, h) | {"inherited": on.id != a.id}
        boundaries = []
        for b in a.boundaries:
            at = self.asset(b.at) if b.at in d.assets else Link(b.at, None)
            boundaries.append({"at": at, "between": self.depts(b.between), "notes": b.notes})
        major_parts, minor_by_type = [], defaultdict(list)
        for p in d.parts.get(a.id, ()):
            if not d.is_minor(p):
                major_parts.append({"asset": self.asset(p.id), "type": self.type_name(p.type),
                                    "handover": self.state(p.handover) if p.handover else None})
        rows = self.minor_rows.get(a.id, ())
        for p in rows:
            minor_by_type[p.type].append(p)
        parent_duties = {k: h.holding.by for k, h in eff.items()}
        minor = []
        for t, items in minor_by_type.items():
            minor.append({"type": self.type_name(t), "title": self.L["minor_parts"].format(
                type=self.type_name(t)), "count": len(items),
                "rows": [self._minor_row(p, owner, parent_duties) for p in items[:TABLE_MAX]],
                "more": max(0, len(items) - TABLE_MAX)})
        answers, answers_more = self._answers(a)
        geometry = ""
        if a.geometry and a.geometry.get("type") == "Point":
            lon, lat = a.geometry["coordinates"][:2]
            geometry = f"{lat:.6f}, {lon:.6f}"
        ctx = {
            "a": a, "type": self.type_name(a.type),
            "chain": [self.asset(p.id) for p in reversed(d.ancestors(a))],
            "owner": self.dept(owner),
            "owner_from": self.asset(where) if owner and where != a.id else None,
            "duties": duty_rows, "handover": handover, "boundaries": boundaries,
            "parts": major_parts, "minor": minor, "answers": answers,
            "answers_more": answers_more,
            "disputes": [self.dispute(x) for x in d.disputes_of_asset.get(a.id, ())],
            "gaps": self.gaps("asset", a.id), "geometry": geometry,
            "edit": self.edit(a.node), "lookup": self.lookup(asset=a.id),
        }
        return self.out(self.page, a.name, self.with_history(
                            self.render("asset.md.j2", **ctx), "asset", a.id),
                        search_exclude=not self.search_assets, tags=a.aliases)

    def _minor_row(self, p: m.Asset, parent_owner: str | None,
                   parent_duties: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
        """One minor asset as a row: only what differs from the asset it is listed under
        (its owner, the duties it holds apart), so a table of lamps stays readable."""
        same = parent_duties or {}
        duties = [(self.duty(k) + self.L["colon"], self.depts(h.by))
                  for k, h in (p.duties or {}).items() if same.get(k) != h.by]
        return {"id": p.id, "name": p.name, "location": p.location,
                "owner": self.dept(p.owner) if p.owner and p.owner != parent_owner else None,
                "duties": duties, "notes": p.notes,
                "handover": self.state(p.handover) if p.handover else None}

    def _answer_groups(self, type_id: str) -> tuple[list[list[m.Matter]], list[m.Matter]]:
        """The matters of an asset type grouped by the duty that routes them (or their
        fixed handler), and the matters that have disputes of their own (a dispute can
        change the answer for one matter on one asset). The same for every asset page of
        the type, so computed once."""
        if type_id not in self._groups:
            d = self.d
            groups: dict[str, list[m.Matter]] = {}
            disputed: list[m.Matter] = []
            for x in d.matters_by_type.get(type_id, ()):
                key = f"d:{x.duty}" if not x.handled_by else f"h:{x.handled_by}"
                groups.setdefault(key, []).append(x)
                if any(dp.status == "open" for dp in d.disputes_of_matter.get(x.id, ())):
                    disputed.append(x)
            self._groups[type_id] = (list(groups.values()), disputed)
        return self._groups[type_id]

    def _answers(self, a: m.Asset) -> tuple[list[dict[str, Any]], int]:
        """Whom to ask about the matters of this asset's type, and why: one row per group
        of :meth:`_answer_groups`, routed on this asset, and a row of its own for a matter
        whose dispute concerns this asset. At most ``ANSWERS_MAX`` rows; the number of
        rows left out comes second."""
        d = self.d
        groups, disputed = self._answer_groups(a.type)
        chain = {a.id, *(p.id for p in d.ancestors(a))}
        special = [x for x in disputed if any(
            dp.status == "open" and (dp.asset is None or dp.asset in chain)
            for dp in d.disputes_of_matter.get(x.id, ()))]
        apart = {x.id for x in special}
        rows = []
        for matters in [*([x] for x in special),
                        *([x for x in g if x.id not in apart] for g in groups)]:
            if not matters:
                continue
            first = matters[0]
            ans = route(d, first, a, self.lang)
            tail = int(ans.time_limit is not None) + int(ans.escalation is not None)
            reasons = list(ans.reasons[:len(ans.reasons) - tail] if tail else ans.reasons)
            rows.append({
                "duty": self.duty(first.duty) if first.duty and not first.handled_by else "",
                "dept": self.dept(ans.department), "gap": ans.gap, "reasons": reasons,
                "matters": [self.matter(x) for x in matters[:LINKS_MAX]],
                "more": max(0, len(matters) - LINKS_MAX),
                "lookup": self.lookup(first.id, a.id),
            })
        return rows[:ANSWERS_MAX], max(0, len(rows) - ANSWERS_MAX)

    # --- matters and escalation -----------------------------------------------------------

    def holder_counts(self, type_id: str, duty: str) -> Counter[str]:
        """Who answers for ``duty`` on the registered assets of ``type_id``, with counts
        (duty holder, else owner; the interim body while a handover is open)."""
        key = (type_id, duty)
        if key not in self._holder_counts:
            d = self.d
            c: Counter[str] = Counter()
            for a in self.assets_of_type.get(type_id, ()):
                held = d.duty_holder(a, duty)
                dep = held.holding.by[0] if held else d.effective_owner(a)[0]
                found = d.applicable_handover(a, duty)
                if found is not None and found[1].status != "accepted":
                    dep = found[1].interim or found[1].from_
                if dep:
                    c[dep] += 1
            self._holder_counts[key] = c
        return self._holder_counts[key]

    def matter_page(self, x: m.Matter) -> OutFile:
        d = self.d
        self.page = f"matters/{x.id}.md"
        holders: list[dict[str, Any]] = []
        more = 0
        if not x.handled_by and x.duty:
            total: Counter[str] = Counter()
            for t in x.asset_types:
                total.update(self.holder_counts(t, x.duty))
            ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
            holders = [{"dept": self.dept(k), "n": n} for k, n in ranked[:LINKS_MAX]]
            more = max(0, len(ranked) - LINKS_MAX)
        path = d.paths.get(x.escalation) if x.escalation else None
        handler = d.departments.get(x.handled_by) if x.handled_by else None
        first = d.departments.get(x.first_contact) if x.first_contact else None
        ctx = {
            "x": x, "handler": self.dept(x.handled_by),
            "handler_contacts": self.contacts(handler) if handler else [],
            "duty": self.duty(x.duty) if x.duty else "",
            "types": [self.type_name(t) for t in x.asset_types],
            "decided": self.L["decided_by"].format(
                types=("、" if self.lang == "zh" else ", ").join(
                    self.type_name(t) for t in x.asset_types),
                duty=self.duty(x.duty or "")) if not x.handled_by and x.duty else "",
            "holders": holders, "holders_more": more,
            "first": self.dept(x.first_contact),
            "first_contacts": self.contacts(first) if first and first is not handler else [],
            "limit": self.dur(x.time_limit), "path": self.path_link(x.escalation),
            "steps": self.ladder(path) if path else [],
            "disputes": [self.dispute(dp) for dp in d.disputes_of_matter.get(x.id, ())],
            "gaps": self.gaps("matter", x.id),
            "edit": self.edit(x.node), "lookup": self.lookup(matter=x.id),
        }
        return self.out(self.page, x.name, self.with_history(
                            self.render("matter.md.j2", **ctx), "matter", x.id),
                        boost=MATTER_BOOST, tags=x.keywords)

    def path_page(self, p: m.EscalationPath) -> OutFile:
        self.page = f"escalation/{p.id}.md"
        users = self.d.matters_by_path.get(p.id, [])
        ctx = {"p": p, "steps": self.ladder(p),
               "matters": [self.matter(x) for x in users[:TABLE_MAX]],
               "more": max(0, len(users) - TABLE_MAX),
               "gaps": self.gaps("escalation", p.id), "edit": self.edit(p.node)}
        return self.out(self.page, p.name, self.with_history(
            self.render("escalation_path.md.j2", **ctx), "escalation", p.id))

    # --- index pages ----------------------------------------------------------------------

    def departments_index(self) -> OutFile:
        d = self.d
        self.page = "departments/index.md"
        seen: set[str] = set()

        def node(dep: m.Department) -> dict[str, Any]:
            seen.add(dep.id)
            shown = sorted(shown_contacts(dep, self.internal),
                           key=lambda c: c.visibility != "public")
            phone = next((c.phone for c in shown if c.phone), None)
            kids = [node(c) for c in d.children.get(dep.id, ()) if c.id not in seen]
            return {"link": self.dept(dep.id), "kind": kind_name(dep.kind, self.lang),
                    "phone": phone, "tel": tel_url(phone), "children": kids,
                    "gaps": len([f for f in self.badges.get(("department", dep.id), ())
                                 if f.accepted is None])}

        roots = [node(r) for r in d.roots() if r.id not in seen]
        for dep in d.registry.departments:  # anything a cycle kept out of the tree
            if dep.id not in seen:
                roots.append(node(dep))
        title = self.L["departments_title"]
        body = self.render("departments_index.md.j2", title=title, roots=roots,
                           intro=self.L["departments_intro"].format(n=len(d.departments)))
        return self.out(self.page, title, body, nav=True)

    def _asset_row(self, a: m.Asset) -> dict[str, Any]:
        owner, _ = self.d.effective_owner(a)
        return {"asset": self.asset(a.id), "id": a.id, "owner": self.dept(owner),
                "location": a.location,
                "handover": self.state(a.handover) if a.handover else None,
                "due": a.handover.due.isoformat() if a.handover and a.handover.due else ""}

    def assets_index(self) -> list[OutFile]:
        d = self.d
        self.page = "assets/index.md"
        files: list[OutFile] = []
        types: list[dict[str, Any]] = []
        for t in d.asset_types.values():
            items = self.assets_of_type.get(t.id, [])
            if not items:
                continue
            open_h = sum(1 for a in items if a.handover and a.handover.status != "accepted")
            listed = self.orphans.get(t.id, []) if t.minor else items
            n_pages = -(-len(listed) // ROWS_PER_PAGE) if listed else 0
            types.append({"id": t.id, "name": asset_type_name(t, self.lang), "minor": t.minor,
                          "count": len(items), "open": open_h, "n_pages": n_pages,
                          "items": listed})
        inline = self.assets_inline
        for tv in types:
            if tv["minor"] or not inline:
                pages = []
                for i in range(tv["n_pages"]):
                    pages.append(Link(str(i + 1), self.url(self._type_page(tv["id"], i))))
                tv["pages"] = pages
                tv["rows"] = []
            else:
                tv["pages"] = []
                tv["rows"] = [self._asset_row(a) for a in tv["items"]]
        title = self.L["assets_title"]
        body = self.render("assets_index.md.j2", title=title, types=types, inline=inline,
                           intro=self.L["assets_intro"].format(
                               n=len(d.registry.assets), major=len(d.major_assets)))
        files.append(self.out(self.page, title, body, nav=True))
        for tv in types:
            if not tv["pages"]:
                continue
            items = tv["items"]
            for i in range(tv["n_pages"]):
                self.page = self._type_page(tv["id"], i)
                chunk = items[i * ROWS_PER_PAGE:(i + 1) * ROWS_PER_PAGE]
                pages = [Link(str(j + 1), self.url(self._type_page(tv["id"], j))
                              if j != i else None) for j in range(tv["n_pages"])]
                name = tv["name"] if not tv["minor"] else \
                    self.L["orphans"].format(type=tv["name"])
                ptitle = name if tv["n_pages"] == 1 else \
                    f"{name} · {self.L['page_n'].format(n=i + 1)}"
                body = self.render(
                    "asset_list.md.j2", title=ptitle, minor=tv["minor"], pages=pages,
                    index=Link(self.L["assets_title"], self.url("assets/index.md")),
                    rows=[self._asset_row(a) for a in chunk] if not tv["minor"] else [],
                    minor_rows=[self._minor_row(a, None) for a in chunk] if tv["minor"] else [])
                files.append(self.out(self.page, ptitle, body, search_exclude=True))
        return files

    def matters_index(self) -> list[OutFile]:
        self.page = "matters/index.md"
        files = []
        groups: list[dict[str, Any]] = []
        for k, (name, items) in enumerate(self.matter_groups.items(), start=1):
            n_pages = -(-len(items) // ROWS_PER_PAGE)
            groups.append({"k": k, "name": name, "items": items, "count": len(items),
                           "n_pages": n_pages})
        for g in groups:
            if self.matters_inline:
                g["rows"] = [self._matter_row(x) for x in g["items"]]
                g["pages"] = []
            else:
                g["rows"] = []
                g["pages"] = [Link(str(i + 1), self.url(self._group_page(g["k"], i)))
                              for i in range(g["n_pages"])]
        title = self.L["matters_title"]
        body = self.render("matters_index.md.j2", title=title, groups=groups,
                           inline=self.matters_inline,
                           intro=self.L["matters_intro"].format(n=len(self.d.matters)))
        files.append(self.out(self.page, title, body, nav=True))
        if not self.matters_inline:
            for g in groups:
                for i in range(g["n_pages"]):
                    self.page = self._group_page(g["k"], i)
                    chunk = g["items"][i * ROWS_PER_PAGE:(i + 1) * ROWS_PER_PAGE]
                    pages = [Link(str(j + 1), self.url(self._group_page(g["k"], j))
                                  if j != i else None) for j in range(g["n_pages"])]
                    name = g["name"] or self.L["matters_title"]
                    ptitle = name if g["n_pages"] == 1 else \
                        f"{name} · {self.L['page_n'].format(n=i + 1)}"
                    body = self.render(
                        "matter_list.md.j2", title=ptitle, pages=pages,
                        index=Link(self.L["matters_title"], self.url("matters/index.md")),
                        rows=[self._matter_row(x) for x in chunk])
                    files.append(self.out(self.page, ptitle, body, search_exclude=True))
        return files

    def escalation_index(self) -> OutFile:
        self.page = "escalation/index.md"
        paths = []
        for p in self.d.registry.escalation:
            paths.append({"p": p, "link": self.path_link(p.id), "steps": self.ladder(p),
                          "users": len(self.d.matters_by_path.get(p.id, ()))})
        title = self.L["escalation_title"]
        body = self.render("escalation_index.md.j2", title=title, paths=paths,
                           intro=self.L["escalation_intro"])
        return self.out(self.page, title, body, nav=True)

    # --- everything -----------------------------------------------------------------------

    def all_pages(self) -> list[OutFile]:
        d = self.d
        files: list[OutFile] = []
        files += [self.department_page(x) for x in d.registry.departments]
        files += [self.asset_page(a) for a in d.major_assets]
        files += [self.matter_page(x) for x in d.registry.matters]
        files += [self.path_page(p) for p in d.registry.escalation]
        files.append(self.departments_index())
        files += self.assets_index()
        files += self.matters_index()
        files.append(self.escalation_index())
        return files


def asset_pages(d: Directory) -> dict[str, str]:
    """Asset id -> the page that shows it: ``assets/<id>.md`` for a major asset,
    ``assets/<major>.md#<id>`` for a minor one (a row of the nearest major asset it is part
    of), ``assets/types/<type>[_<n>].md#<id>`` for a minor asset that is part of none."""
    return dict(AssetHomes(d).home)


def render_site(d: Directory, *, findings: Sequence[Finding] | None = None,
                edit_url: EditUrl | None = None, directory_urls: bool = True,
                search_assets_max: int = SEARCH_ASSETS_MAX, history: History | None = None,
                site_url: str | None = None, internal: bool = False) -> list[OutFile]:
    """Every generated file of the site, sorted by path.

    Includes remit's own pages, the lookup page and its index
    (``lookup_site.lookup_files``), the gap pages (``gap_pages.gap_files``; they replace a
    page of the same path, such as the handover overview) and the stylesheet.
    ``findings`` defaults to ``run_checks(d)``. The open data files
    (``export.export_files``) are always included; with a git ``history``
    (``history.read_history``) the "Recent changes" page, its Atom feed (absolute links
    need ``site_url``) and each entity's own history are too.

    The public build (default) is an allow-list: the pages are made from
    :meth:`Directory.public` (internal contacts dropped before anything is rendered) and the
    findings shown are :func:`public_findings` (nothing about internal contacts).
    ``internal=True`` is the staff build: internal contacts are shown, marked, on the
    department and matter pages and in the lookup answers; the open data files, the
    change history and the gap findings about contacts stay exactly as in the public build
    (every export is public-only by construction). Marking each page as internal (banner,
    ``noindex``) is the page template's job: see :mod:`generator.mkdocs_edge.site_theme`.
    """
    if findings is None:
        findings = run_checks(d)
    findings = public_findings(d, findings)
    if not internal:
        d = d.public()
    # The lookup index and the exports are the heaviest producers and depend only on the
    # registry: on a large registry they run in forked workers while this process renders
    # the pages (the build machine has 2 cores; MkDocs itself uses one).
    workers = _start_workers(d, (partial(lookup_files, internal=internal), export_files))
    r = _Renderer(d, findings, edit_url, directory_urls, search_assets_max, internal)
    r.history = entity_history(history)
    merged: dict[str, OutFile] = {}
    for f in r.all_pages():
        merged[f.path] = f
    extra = [*gap_files(d, list(findings), edit_url, directory_urls=directory_urls),
             *changes_files(history, d.registry.site.title, site_url)]
    for produced in _join_workers(workers):
        extra = [*produced, *extra]
    for f in extra:
        merged[f.path] = f
    merged[CSS_FILE] = OutFile(CSS_FILE, stylesheet())
    return [merged[k] for k in sorted(merged)]


def stylesheet() -> bytes:
    """The site's stylesheet: remit.css and the gap pages' styles (the pages hold no
    ``<style>`` of their own: the Content-Security-Policy allows none)."""
    own = (ASSETS_DIR / "remit.css").read_bytes()
    return own + b"\n/* --- gap pages (templates/gaps.css) --- */\n" + \
        gap_stylesheet().encode("utf-8")


# --- parallel producers --------------------------------------------------------------------

#: Registries with at least this many assets render their static producers in parallel.
PARALLEL_MIN_ASSETS = 20_000
_WORKER_STATE: dict[str, Any] = {}


def _run_producer(index: int) -> list[OutFile]:
    producer = _WORKER_STATE["producers"][index]
    return list(producer(_WORKER_STATE["directory"]))


def _start_workers(d: Directory, producers: Sequence[Callable[[Directory], list[OutFile]]]
                   ) -> list[Any]:
    """Start ``producer(d)`` for each producer: in forked worker processes when the registry
    is large and fork is available (the workers inherit ``d``; only their results travel
    back), else run them right here. Returns handles for :func:`_join_workers`."""
    import multiprocessing as mp

    parallel = (len(d.registry.assets) >= PARALLEL_MIN_ASSETS and (os.cpu_count() or 1) > 1
                and "fork" in mp.get_all_start_methods()
                and os.environ.get("REMIT_JOBS", "") != "1")
    if not parallel:
        return [("done", producer(d)) for producer in producers]
    _WORKER_STATE.update(directory=d, producers=tuple(producers))
    pool = mp.get_context("fork").Pool(len(producers))
    try:
        return [("pool", pool, [pool.apply_async(_run_producer, (i,))
                                for i in range(len(producers))])]
    finally:
        _WORKER_STATE.clear()


def _join_workers(handles: list[Any]) -> list[list[OutFile]]:
    out: list[list[OutFile]] = []
    for h in handles:
        if h[0] == "done":
            out.append(h[1])
            continue
        _, pool, results = h
        try:
            out.extend(res.get() for res in results)
        finally:
            pool.terminate()
            pool.join()
    return out


# --- deferred HTML blocks ------------------------------------------------------------------

HEAD_MARK = '<h1 id="_title">'
_PLACEHOLDER = re.compile(r"<!--remit:(\d+)-->")


def defer_blocks(markdown: str) -> tuple[str, list[str], list[str]]:
    """Take the HTML blocks of one of remit's pages out of its Markdown.

    Returns the Markdown with the blocks replaced by HTML comments, the blocks of the
    page's head (``<!--remit-head:N-->``: what search indexes, put back by the plugin
    before the search plugin reads the page) and the other blocks (``<!--remit:N-->``: put
    back into the finished page). Markdown passes raw HTML blocks through unchanged, so
    the result is the same HTML; the engine just does not parse them, and the search
    indexer does not read the blocks after the head (they are all marked
    ``data-search-exclude`` anyway). The head is every block before the first ``##``
    heading or ``<section>``; the ``<h1>`` stays in the Markdown. Pages not made by
    remit's renderer (they do not start with its ``<h1 id="_title">``) are returned
    unchanged."""
    if not markdown.lstrip().startswith(HEAD_MARK):
        return markdown, [], []
    chunks = markdown.strip("\n").split("\n\n")
    head_blocks: list[str] = []
    blocks: list[str] = []
    head = True
    for i, chunk in enumerate(chunks):
        if chunk.startswith(("## ", "<section")):
            head = False
        if i == 0 or not chunk.startswith("<"):
            continue
        if head:
            chunks[i] = f"<!--remit-head:{len(head_blocks)}-->"
            head_blocks.append(chunk)
        else:
            chunks[i] = f"<!--remit:{len(blocks)}-->"
            blocks.append(chunk.replace(' data-search-exclude="true"', ""))
    return "\n\n".join(chunks), head_blocks, blocks


_HEAD_PLACEHOLDER = re.compile(r"<!--remit-head:(\d+)-->")


def restore_blocks(html_text: str, blocks: Sequence[str], head: bool = False) -> str:
    """Put the blocks of :func:`defer_blocks` back into the page's HTML (``head``: the
    head blocks)."""
    if not blocks:
        return html_text
    pattern = _HEAD_PLACEHOLDER if head else _PLACEHOLDER
    return pattern.sub(lambda mo: blocks[int(mo.group(1))], html_text)


# --- Material's search worker ------------------------------------------------------------

SEARCH_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
_SEGMENT_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
_SEGMENT_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"


def patch_search_worker(js: str) -> str | None:
    """Material's search worker, with its Chinese query segmentation fixed.

    The worker splits a Chinese query into words it finds in the index, but never tries
    the whole query (``j < query.length``): typing 路灯 searches ``路*`` whenever 路 is a
    word of the index, and a rare word such as 路面 outranks 路灯. The fix lets the whole
    query be a segment. Returns None when the worker does not contain the known code
    (another Material version): then it is left as it is."""
    if _SEGMENT_BUG not in js:
        return None
    return js.replace(_SEGMENT_BUG, _SEGMENT_FIX, 1)


# --- navigation ---------------------------------------------------------------------------

#: Generated index pages in the order the navigation shows them.
NAV_ORDER = ("lookup/index.md", "departments/index.md", "matters/index.md",
             "assets/index.md", "handovers/index.md", "escalation/index.md")


def site_nav(articles: Iterable[str], files: Iterable[OutFile], lang: str
             ) -> list[Any]:
    """The navigation: the home page, the generated index pages, then the hand-written
    articles (top-level ones last, folders as sections). Entity pages are never in it.

    ``articles`` are docs-relative paths of the hand-written Markdown files."""
    L = LABELS.get(lang, LABELS["en"])
    arts = sorted(a for a in articles if a.endswith(".md"))
    gen = [f.path for f in files if f.nav and f.path.endswith(".md")]
    nav: list[Any] = []
    if "index.md" in arts:
        nav.append({html.escape(L["home"]): "index.md"})
    nav += [p for p in NAV_ORDER if p in gen]
    nav += sorted(p for p in gen if p not in NAV_ORDER)
    folders: dict[str, list[str]] = {}
    top: list[str] = []
    for a in arts:
        if a == "index.md":
            continue
        head, _, rest = a.partition("/")
        if rest:
            folders.setdefault(head, []).append(a)
        else:
            top.append(a)
    for folder, items in folders.items():
        items.sort(key=lambda p: (not p.endswith("/index.md"), p))
        title = L.get(folder, folder)
        nav.append({html.escape(title): items})
    nav += top
    return nav


# --- edit links ----------------------------------------------------------------------------


def github_edit_url(repo_url: str | None, edit_uri: str | None, docs_dir: str,
                    root: str | os.PathLike[str]) -> EditUrl | None:
    """An ``edit_url(file, line)`` for registry files under ``root`` (the repository
    root, where mkdocs.yml is), from MkDocs' ``repo_url`` and ``edit_uri``: the docs
    folder at the end of ``edit_uri`` (``edit/main/content/``) is dropped, so the link
    points at ``edit/main/directory/...#L<line>``."""
    if not repo_url or edit_uri is None:
        return None
    base = edit_uri if edit_uri.endswith("/") or not edit_uri else edit_uri + "/"
    docs = docs_dir.strip("/") + "/"
    if docs != "/" and base.endswith(docs):
        base = base[:-len(docs)]
    root_abs = os.path.abspath(root)
    prefix = repo_url.rstrip("/") + "/" + base.lstrip("/")

    def edit(file: str, line: int) -> str | None:
        rel = os.path.relpath(os.path.abspath(file), root_abs)
        if rel.startswith(".."):
            return None
        url = prefix + rel.replace(os.sep, "/")
        return f"{url}#L{line}" if line > 0 else url

    return edit

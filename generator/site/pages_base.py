"""The base of the page producers: shared views, URLs and the page writer."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator import model as m
from generator.answers.act_now import serves
from generator.answers.matching import search_vocabulary
from generator.checks.findings import Finding, badge_index, kind_title
from generator.directory import (
    Directory,
    days_overdue,
    handover_state,
    shown_contacts,
)
from generator.outfile import OutFile
from generator.site.history_pages import history_html, history_title
from generator.site.labels import labels
from generator.site.templating import finish, front_matter, render
from generator.site.urls import EditUrl, Link, Links, type_page
from generator.words import asset_type_name, duration_text, duty_name, handover_state_name, table

CSS_FILE = "assets/stylesheets/remit.css"
ASSETS_DIR = Path(__file__).parent / "assets"

SEARCH_ASSETS_MAX = 2000  # asset pages join Material's search index up to this many
MATTER_BOOST = 2  # matters are what people search for: rank them above assets
INLINE_MAX = 1000  # index pages hold their lists inline up to this many entries
TABLE_MAX = 1000  # rows of one table on an entity page before "N more"
LINKS_MAX = 8  # names listed in one cell before "+N"
ANSWERS_MAX = 12  # rows of an asset's "whom to ask" table

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



class PageBase(Links):
    """What every page producer shares: the directory's lookups made once, links, the
    small views (a handover, a dispute, a contact, a ladder, table rows) and the page
    writer (:meth:`out`). The page kinds are mixins of it (:mod:`generator.site.pages_entities`,
    :mod:`generator.site.pages_indexes`)."""

    def __init__(self, d: Directory, findings: Sequence[Finding], edit_url: EditUrl | None,
                 directory_urls: bool, search_assets_max: int, internal: bool = False) -> None:
        super().__init__(d, directory_urls)
        self.internal = internal
        self.lang = d.registry.site.language
        self.L = labels(self.lang)
        self.edit_url = edit_url
        self.site_url: str | None = None  # the site's address, for absolute links in messages
        self.search_assets = len(d.major_assets) <= search_assets_max
        self.vocabulary = search_vocabulary(d)  # the words people say for a matter's
        self.labels = {**self.L, **table("staff", self.lang)}
        self.badges = badge_index(findings, include_accepted=True)
        self.history: dict[tuple[str, str], Any] = {}  # (kind, id) -> its own changes
        # (kind, id) -> the articles about it or referencing it: (title, docs path)
        self.articles: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = {}
        # assets with a printable QR label page (labels/<id>.md; site/label_pages.py)
        self.label_sheets: frozenset[str] = frozenset()
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

    def own_state(self, a: m.Asset) -> dict[str, Any] | None:
        """The state of the handover that stands for ``a`` itself (``main_handover``),
        for a badge; None without one."""
        h = self.d.main_handover(a)
        return self.state(h) if h is not None else None

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

    def contacts(self, dep: m.Department, matter: m.Matter | None = None
                 ) -> list[dict[str, Any]]:
        """The body's contacts shown here; on a matter's page only those that serve it (all
        when none says what it serves), as in an answer."""
        out = []
        for c in shown_contacts(dep, self.internal):
            if matter is not None and not serves(c, matter):
                continue
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

    def article_links(self, kind: str, ident: str) -> list[Link]:
        """Links to the articles about the entity or referencing it, by title."""
        return [Link(title, self.url(path)) for title, path in
                sorted(self.articles.get((kind, ident), ()), key=lambda x: (x[0], x[1]))]

    def out(self, path: str, title: str, body: str, *, nav: bool = False,
            search_exclude: bool = False, boost: float | None = None,
            tags: Sequence[str] = (), keywords: Sequence[str] = ()) -> OutFile:
        """The page: front matter (``tags``: browse tags, on the tags page; ``keywords``:
        search only, see :func:`~generator.outfile.front_matter`) and ``body``."""
        content = front_matter(title, search_exclude=search_exclude, boost=boost,
                               tags=[t for t in tags if t.strip()],
                               keywords=[k for k in keywords if k.strip()])
        content += body
        return OutFile(path, finish(content), title=title, nav=nav, search=not search_exclude)

    _type_page = staticmethod(type_page)

    def _group_page(self, k: int, index: int) -> str:
        return f"matters/groups/{k}.md" if index == 0 else f"matters/groups/{k}_{index + 1}.md"

    # --- rows shared by several pages ---------------------------------------------------

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
                "handover": self.own_state(p)}

    def _asset_row(self, a: m.Asset) -> dict[str, Any]:
        owner, _ = self.d.effective_owner(a)
        return {"asset": self.asset(a.id), "id": a.id, "owner": self.dept(owner),
                "location": a.location,
                "handover": self.own_state(a),
                "due": h.due.isoformat() if (h := self.d.main_handover(a)) and h.due else ""}

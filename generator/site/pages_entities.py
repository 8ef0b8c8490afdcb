"""Entity pages: departments, assets, matters and escalation paths."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from generator import model as m
from generator.answers.routing import route
from generator.directory import handover_order, latest_covering
from generator.outfile import OutFile
from generator.site.case_pages import CasePages
from generator.site.map_site import MapData
from generator.site.pages_base import (
    ANSWERS_MAX,
    LINKS_MAX,
    MATTER_BOOST,
    TABLE_MAX,
    safe_url,
)
from generator.site.report_links import SCRIPT_FILE as REPORT_SCRIPT
from generator.site.report_links import matter_report
from generator.site.urls import Link, page_url
from generator.words import handover_state_name, kind_name, table
from generator.words import t as word


class DepartmentPages(CasePages):
    """The pages of departments, matters and escalation paths."""

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
                                    "handover": self.own_state(a)})
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
        minor_items = [word("site.n_assets", self.lang, n=n) + " " + self.type_name(t)
                       for t, n in sorted(owned_minor.items())]
        held_minor_items = [
            f"{self.type_name(t)} · {self.duty(duty)} · " + word("site.n_assets", self.lang, n=n)
            for (t, duty), n in sorted(held_minor.items())]

        def hrows(pairs: Iterable[tuple[m.Asset, m.Handover]]) -> list[dict[str, Any]]:
            return [self.handover(a, h) for a, h in pairs]

        levels = []
        for ref in d.levels_of.get(dep.id, ()):
            levels.append({"path": self.path_link(ref.path.id),
                           "level": self.L["level_n"].format(n=ref.index + 1),
                           "when": self.ladder(ref.path)[ref.index]["when"],
                           "action": ref.level.action,
                           "with": self.depts(x for x in ref.level.who if x != dep.id)})
        ctx = {
            "dep": dep, "kind": kind_name(dep.kind, self.lang, self.d.department_kinds),
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
            "articles": self.article_links("department", dep.id),
            "cases_block": self.cases_block(dept=dep),
            "gaps": self.gaps("department", dep.id),
            "edit": self.edit(dep.node),
            "verified": dep.verified.isoformat() if dep.verified else "",
        }
        return self.out(self.page, dep.name, self.with_history(
                            self.render("department.md.j2", **ctx), "department", dep.id))

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
        # the words people say for it (the vocabulary's): shown, and search tags with its
        # keywords, so that the site's search finds 驾照 where the catalogue says 驾驶证
        said = self.vocabulary.expand((x.name, *x.aliases, *x.keywords))
        handler = d.departments.get(x.handled_by) if x.handled_by else None
        first = d.departments.get(x.first_contact) if x.first_contact else None
        ctx = {
            "x": x, "handler": self.dept(x.handled_by),
            "handler_contacts": self.contacts(handler, x) if handler else [],
            "duty": self.duty(x.duty) if x.duty else "",
            "types": [self.type_name(t) for t in x.asset_types],
            "decided": self.L["decided_by"].format(
                types=self.L["list_sep"].join(
                    self.type_name(t) for t in x.asset_types),
                duty=self.duty(x.duty or "")) if not x.handled_by and x.duty else "",
            "holders": holders, "holders_more": more,
            "first": self.dept(x.first_contact),
            "first_contacts": (self.contacts(first, x) if first and first is not handler
                               else []),
            "limit": self.dur(x.time_limit), "path": self.path_link(x.escalation),
            "steps": self.ladder(path) if path else [],
            "disputes": [self.dispute(dp) for dp in d.disputes_of_matter.get(x.id, ())],
            "articles": self.article_links("matter", x.id),
            "cases_block": self.cases_block(matter=x),
            "gaps": self.gaps("matter", x.id),
            "edit": self.edit(x.node), "lookup": self.lookup(matter=x.id),
            "said": [w for w in said if len(w) > 1],
            "report": matter_report(d, x, self.site_url, self.directory_urls)
            | {"script": self.url(REPORT_SCRIPT)},
        }
        return self.out(self.page, x.name, self.with_history(
                            self.render("matter.md.j2", **ctx), "matter", x.id),
                        boost=MATTER_BOOST, keywords=(*x.keywords, *said))

    def path_page(self, p: m.EscalationPath) -> OutFile:
        self.page = f"escalation/{p.id}.md"
        users = self.d.matters_by_path.get(p.id, [])
        ctx = {"p": p, "steps": self.ladder(p),
               "matters": [self.matter(x) for x in users[:TABLE_MAX]],
               "more": max(0, len(users) - TABLE_MAX),
               "gaps": self.gaps("escalation", p.id), "edit": self.edit(p.node)}
        return self.out(self.page, p.name, self.with_history(
            self.render("escalation_path.md.j2", **ctx), "escalation", p.id))


class AssetPages(CasePages):
    """The pages of major assets (minor assets are rows of them) and whom to ask."""

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
        handovers: list[dict[str, Any]] = []
        by_duty: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        if found is not None:
            on, h = found
            handover = self.handover(on, h) | {"inherited": on.id != a.id}
            handovers, by_duty, history = self.handover_views(
                on, on.id != a.id, [*required, *sorted(x for x in eff if x not in required)])
        boundaries = []
        for b in a.boundaries:
            at = self.asset(b.at) if b.at in d.assets else Link(b.at, None)
            boundaries.append({"at": at, "between": self.depts(b.between), "notes": b.notes})
        major_parts, minor_by_type = [], defaultdict(list)
        for p in d.parts.get(a.id, ()):
            if not d.is_minor(p):
                major_parts.append({"asset": self.asset(p.id), "type": self.type_name(p.type),
                                    "handover": self.own_state(p)})
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
        place = self.place(a)
        ctx = {
            "a": a, "type": self.type_name(a.type),
            "chain": [self.asset(p.id) for p in reversed(d.ancestors(a))],
            "owner": self.dept(owner),
            "owner_from": self.asset(where) if owner and where != a.id else None,
            "duties": duty_rows, "handover": handover, "handovers": handovers,
            "handover_by_duty": by_duty, "handover_history": history,
            "boundaries": boundaries,
            "parts": major_parts, "minor": minor, "answers": answers,
            "answers_more": answers_more,
            "disputes": [self.dispute(x) for x in d.disputes_of_asset.get(a.id, ())],
            "articles": self.article_links("asset", a.id),
            "cases_block": self.cases_block(asset=a),
            "gaps": self.gaps("asset", a.id), "geometry": geometry, "place": place,
            "edit": self.edit(a.node), "lookup": self.lookup(asset=a.id),
            "qr_labels": Link(word("qr.print_labels", self.lang), self.url(f"labels/{a.id}.md"))
            if a.id in self.label_sheets else None,
        }
        return self.out(self.page, a.name, self.with_history(
                            self.render("asset.md.j2", **ctx), "asset", a.id),
                        search_exclude=not self.search_assets)

    def handover_views(self, on: m.Asset, inherited: bool, duties: list[str]
                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                  list[dict[str, Any]]]:
        """The handovers of ``on`` (the asset, or the one it is part of) for its page: the
        ones that apply now, each with the duties it governs; with several, a row per duty
        saying which applies (the asset's duties and those the handovers name); and the
        history, latest first."""
        roles = self.d.handover_roles(on)
        current, history = [], []
        for i in handover_order(on.all_handovers):
            role = roles[i]
            card = self.handover(on, role.handover) | {"inherited": inherited}
            if role.history:
                history.append(card | {"state": role.handover.status, "late": 0,
                                       "name": handover_state_name(role.handover.status,
                                                                   self.lang)})
                continue
            if len(roles) > 1:
                names = [self.duty(x) for x in role.duties]
                if role.rest:
                    names.append(self.L["handover_other_duties"] if names or role.taken
                                 else self.L["all_duties"])
                card["duties"] = names
            current.append(card)
        current.sort(key=lambda c: c["state"] == "accepted")  # the open ones first
        rows = []
        if len(roles) > 1:
            named = [*duties, *(x for r in roles for x in r.handover.duties
                                if x not in duties)]
            for duty in dict.fromkeys(named):
                h = latest_covering(on.all_handovers, duty)
                if h is not None:
                    rows.append({"duty": self.duty(duty), **self.state(h),
                                 "from": self.dept(h.from_), "to": self.dept(h.to),
                                 "interim": self.dept(h.interim),
                                 "builder": self.dept(h.from_)})
        return current, rows, history

    def place(self, a: m.Asset) -> dict[str, Any]:
        """Where ``a`` is, for its page (:mod:`generator.site.map_site`): the road it is on
        (from the assets it is part of, else the nearest road within 100 m) and, when it
        or its parts have a geometry, its map."""
        maps = getattr(self, "_maps", None)
        if maps is None:
            maps = self._maps = MapData(self.d, self.directory_urls, self.homes)
        w = table("map", self.lang)
        found = maps.road_of(a)
        road = None
        if found is not None:
            r, metres = found
            text = w["on_road"] if metres is None else w["near_road"]
            before, _, after = text.partition("{road}")
            road = {"before": before, "link": self.asset(r.id),
                    "after": after.replace("{m}", str(metres))}
        has_map = maps.has_map(a)
        return {"road": road, "map": has_map, "w": w,
                "parts_only": has_map and not a.geometry,
                "root": "../" * page_url(self.page, self.directory_urls).count("/"),
                "label": word("map.asset_label", self.lang, name=a.name)}

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

"""Index pages: departments, assets (with list pages by type), matters (with list pages by
group) and escalation paths."""

from __future__ import annotations

from typing import Any

from generator import model as m
from generator.directory import shown_contacts
from generator.outfile import OutFile
from generator.site.pages_base import PageBase, tel_url
from generator.site.urls import ROWS_PER_PAGE, Link
from generator.words import asset_type_name, kind_name
from generator.words import t as word


class IndexPages(PageBase):
    """The index pages and the list pages they split into."""

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
            kind = kind_name(dep.kind, self.lang, d.department_kinds)
            return {"link": self.dept(dep.id), "kind": kind,
                    "phone": phone, "tel": tel_url(phone), "children": kids,
                    "gaps": len([f for f in self.badges.get(("department", dep.id), ())
                                 if f.accepted is None])}

        roots = [node(r) for r in d.roots() if r.id not in seen]
        for dep in d.registry.departments:  # anything a cycle kept out of the tree
            if dep.id not in seen:
                roots.append(node(dep))
        title = self.L["departments_title"]
        body = self.render("departments_index.md.j2", title=title, roots=roots,
                           intro=word("site.departments_intro", self.lang, n=len(d.departments)))
        return self.out(self.page, title, body, nav=True)

    def assets_index(self) -> list[OutFile]:
        d = self.d
        self.page = "assets/index.md"
        files: list[OutFile] = []
        types: list[dict[str, Any]] = []
        for t in d.asset_types.values():
            items = self.assets_of_type.get(t.id, [])
            if not items:
                continue
            open_h = sum(1 for a in items
                         if (h := d.main_handover(a)) is not None and h.status != "accepted")
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
                           intro=word("site.assets_intro", self.lang, n=len(d.registry.assets),
                                   major=len(d.major_assets)))
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
                           intro=word("site.matters_intro", self.lang, n=len(self.d.matters)))
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

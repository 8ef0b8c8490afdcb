"""Where things live on the site: page URLs, links between pages, and the page that shows
each asset. Shared by every page producer (render.py, gap_pages.py, lookup_site.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

from generator import model as m
from generator.directory import Directory

ROWS_PER_PAGE = 500  # rows of one list page (assets of a type, matters of a group)


def page_url(path: str, directory_urls: bool = True) -> str:
    """Site-relative URL of the page built from ``path`` (``departments/x.md``)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"
    return stem + ".html"


def relative_url(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """URL of page ``to_path`` (``assets/x.md?q#frag``) as linked from page ``from_path``."""
    to_path, _, frag = to_path.partition("#")
    to_path, _, query = to_path.partition("?")
    rel = _relative(page_url(from_path, directory_urls), page_url(to_path, directory_urls))
    if query:
        rel += "?" + query
    if frag:
        rel += "#" + frag
    return rel


@lru_cache(maxsize=65536)
def _relative(src: str, target: str) -> str:
    """``target`` relative to the folder of URL ``src`` (site-relative URLs, no '..')."""
    base = src.split("/")[:-1]  # "a/b/" -> [a, b]; "a/b.html" -> [a]; "" -> []
    parts = target.split("/")
    n = 0
    while n < len(base) and n < len(parts) - 1 and base[n] == parts[n]:
        n += 1
    rel = "../" * (len(base) - n) + "/".join(parts[n:])
    return rel or "./"


def type_page(type_id: str, index: int) -> str:
    """The ``index``-th list page of the assets of one type."""
    return f"assets/types/{type_id}.md" if index == 0 else \
        f"assets/types/{type_id}_{index + 1}.md"


class AssetHomes:
    """The page each asset appears on: its own (major assets), a row of the nearest major
    asset it is part of, or (minor assets part of none) a row of its type's list pages."""

    def __init__(self, d: Directory) -> None:
        self.home: dict[str, str] = {}
        self.minor_rows: dict[str, list[m.Asset]] = defaultdict(list)
        self.orphans: dict[str, list[m.Asset]] = defaultdict(list)
        for a in d.registry.assets:
            if not d.is_minor(a):
                self.home[a.id] = f"assets/{a.id}.md"
                continue
            major = next((p for p in d.ancestors(a) if not d.is_minor(p)), None)
            if major is not None:
                self.home[a.id] = f"assets/{major.id}.md#{a.id}"
                self.minor_rows[major.id].append(a)
            else:
                self.orphans[a.type].append(a)
        for t, items in self.orphans.items():
            for i, a in enumerate(items):
                self.home[a.id] = f"{type_page(t, i // ROWS_PER_PAGE)}#{a.id}"


#: ``edit_url(file, line)``: the URL that edits ``file`` (as the registry loader names it)
#: at ``line``, or None when the file is not in the repository.
EditUrl = Callable[[str, int], "str | None"]


class Link(NamedTuple):
    text: str
    url: str | None  # None: shown as plain text (unknown id, or an asset with no page)
    # printed by the ``link`` macro of templates/_macros.j2 (filters ``link``, ``links``)


class Links:
    """Links from the page being rendered (``page``) to the site's entity pages; the base of
    every page producer."""

    def __init__(self, d: Directory, directory_urls: bool) -> None:
        self.d = d
        self.directory_urls = directory_urls
        self._dept_links: dict[tuple[str, str], Link] = {}
        self._homes: AssetHomes | None = None
        self.page = "index.md"

    @property
    def page(self) -> str:
        return self._page

    @page.setter
    def page(self, path: str) -> None:
        self._page = path
        src = page_url(path, self.directory_urls)
        self._top = path.split("/", 1)[0] if "/" in path else ""
        self._up = "../" * src.count("/")

    @property
    def homes(self) -> AssetHomes:
        if self._homes is None:
            self._homes = AssetHomes(self.d)
        return self._homes

    def url(self, target: str) -> str:
        """``target`` relative to the page being rendered."""
        if self._top and "/" in target and not target.startswith(self._top + "/"):
            # another top folder: up to the root, then down (the common case, made fast)
            path, sep, rest = target.partition("?") if "?" in target else \
                target.partition("#")
            return self._up + page_url(path, self.directory_urls) + sep + rest
        return relative_url(self._page, target, self.directory_urls)

    def dept(self, dep_id: str | None) -> Link | None:
        if not dep_id:
            return None
        key = (self._up if self._top != "departments" else self._page, dep_id)
        link = self._dept_links.get(key)
        if link is None:
            dep = self.d.departments.get(dep_id)
            link = Link(dep_id, None) if dep is None else \
                Link(dep.name, self.url(f"departments/{dep_id}.md"))
            self._dept_links[key] = link
        return link

    def depts(self, ids: Iterable[str]) -> list[Link]:
        return [x for x in (self.dept(i) for i in ids) if x is not None]

    def asset(self, asset_id: str | None) -> Link | None:
        if not asset_id:
            return None
        a = self.d.assets.get(asset_id)
        if a is None:
            return Link(asset_id, None)
        home = self.homes.home.get(a.id)
        return Link(a.name, self.url(home) if home else None)

    def path_link(self, path_id: str | None) -> Link | None:
        if not path_id:
            return None
        p = self.d.paths.get(path_id)
        if p is None:
            return Link(path_id, None)
        return Link(p.name, self.url(f"escalation/{path_id}.md"))

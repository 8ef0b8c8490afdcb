"""Where things live on the site: page URLs, links between pages, and the page that shows
each asset. Shared by every page producer (render.py, gap_pages.py, lookup_site.py)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from . import model as m
from .directory import Directory

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

"""A file the site build produces: a Markdown page or a static file, by site-relative path."""

from __future__ import annotations

from typing import NamedTuple


class OutFile(NamedTuple):
    """``path`` is site-relative and POSIX (``departments/service-centre.md``,
    ``lookup/shards/07.json``). ``content`` is Markdown text for ``.md`` pages, text or bytes
    for static files. ``nav`` marks the index pages that belong in the navigation."""

    path: str
    content: str | bytes
    title: str = ""
    nav: bool = False
    search: bool = True  # False: excluded from Material's search index

"""A file the site build produces: a Markdown page or a static file, by site-relative path;
and the one writer of a page's front matter."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
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


# --- front matter -------------------------------------------------------------------------

# outside YAML's printable set, or a line break to YAML (NEL, LS, PS), or a BOM
_NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]")


def yaml_string(s: str) -> str:
    """A YAML double-quoted scalar for ``s`` (JSON escapes, plus YAML's non-printables)."""
    out = json.dumps(s, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda mo: f"\\u{ord(mo.group(0)):04x}", out)


def front_matter(title: str | None = None, *, search_exclude: bool = False,
                 boost: float | None = None, tags: Sequence[str] = (),
                 keywords: Sequence[str] = (), hide: Sequence[str] = ()) -> str:
    """The page's front matter (the one writer of it). ``title`` is registry text: it is
    HTML-escaped here, because MkDocs themes print ``page.title`` into ``<title>`` and the
    nav unescaped. ``hide``: Material's ``hide`` list (``toc``...).

    ``tags`` are the page's browse tags: shown on the page, listed on the tags page
    (``tags/``) and searched. ``keywords`` (a matter's keywords and the words people say
    for it) are for search only. Both are written under ``tags``, the field Material's
    search weighs most and shows in its results as HTML (so escaped too); the keywords
    that are no browse tag are named again under ``keywords``, so that the tags page and
    Material's tags plugin leave them out (:func:`browse_tags`). A page left out of search
    (``search_exclude``) keeps its browse tags."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {yaml_string(html.escape(title, quote=False))}")
    if hide:
        lines.append("hide:")
        lines += [f"  - {h}" for h in hide]
    browse = list(dict.fromkeys(tags))
    words = [] if search_exclude else [k for k in dict.fromkeys(keywords) if k not in browse]
    if browse or words:
        lines.append("tags:")
        lines += [f"  - {yaml_string(html.escape(t, quote=False))}" for t in browse + words]
    if words:
        lines.append("keywords:")
        lines += [f"  - {yaml_string(html.escape(t, quote=False))}" for t in words]
    if search_exclude:
        lines += ["search:", "  exclude: true"]
    elif boost is not None:
        lines += ["search:", f"  boost: {boost:g}"]
    lines.append("---")
    return "\n".join(lines) + "\n\n"

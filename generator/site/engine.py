"""What an engine needs from remit's pages: deferred HTML blocks, the navigation, edit
links and the fix of Material's search worker (no engine imported here)."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from generator.outfile import OutFile
from generator.site.labels import labels
from generator.site.urls import EditUrl

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
             "assets/index.md", "map/index.md", "handovers/index.md",
             "escalation/index.md")
#: Generated pages of the articles (index by topic, tags), placed just before the articles.
ARTICLE_PAGES = ("articles/index.md", "tags/index.md")


def site_nav(articles: Iterable[str], files: Iterable[OutFile], lang: str
             ) -> list[Any]:
    """The navigation: the home page, the generated index pages, the articles index and
    the tags page, then the hand-written articles (top-level ones last, folders as
    sections). Entity pages are never in it.

    ``articles`` are docs-relative paths of the hand-written Markdown files."""
    L = labels(lang)
    arts = sorted(a for a in articles if a.endswith(".md"))
    gen = [f.path for f in files if f.nav and f.path.endswith(".md")]
    nav: list[Any] = []
    if "index.md" in arts:
        nav.append({html.escape(L["home"]): "index.md"})
    nav += [p for p in NAV_ORDER if p in gen]
    nav += sorted(p for p in gen if p not in NAV_ORDER and p not in ARTICLE_PAGES)
    nav += [p for p in ARTICLE_PAGES if p in gen]
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

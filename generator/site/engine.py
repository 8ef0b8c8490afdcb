"""What an engine needs from remit's pages: deferred HTML blocks, the navigation, edit
links and the site's copies of Material's search worker and main script (no engine
imported here)."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from generator.outfile import OutFile
from generator.site.labels import labels
from generator.site.urls import EditUrl

# --- deferred HTML blocks ------------------------------------------------------------------

HEAD_MARK = '<h1 id="_title">'
_PLACEHOLDER = re.compile(r"<!--remit:(\d+)-->")
_HEADING_MARK = re.compile(r"<!--remit-h:(\d+)-->")
# A section heading remit's templates write (``## 职责 { #duties data-search-exclude }``):
# plain words, an id of its own, out of search; the engine converts it alone, once per site
SECTION_HEADING = re.compile(r"## [^\n\[\]<>`*_\\{}&]+ \{ #[A-Za-z0-9_-]+ data-search-exclude \}")


class Deferred(NamedTuple):
    """A page of remit's with its HTML taken out of the Markdown (:func:`defer_blocks`)."""

    markdown: str  # what the engine still converts
    head: list[str]  # put back before search reads the page (``<!--remit-head:N-->``)
    blocks: list[str]  # put back into the finished page (``<!--remit:N-->``)
    headings: list[str]  # section headings inside the blocks (``<!--remit-h:N-->``), as Markdown


def defer_blocks(markdown: str) -> Deferred:
    """Take the HTML blocks of one of remit's pages out of its Markdown.

    Returns the Markdown with the blocks replaced by HTML comments, the blocks of the
    page's head (``<!--remit-head:N-->``: what search indexes, put back by the plugin
    before the search plugin reads the page) and the other blocks (``<!--remit:N-->``: put
    back into the finished page). Markdown passes raw HTML blocks through unchanged, so
    the result is the same HTML; the engine just does not parse them, and the search
    indexer does not read the blocks after the head (they are all marked
    ``data-search-exclude`` anyway). The head is every block before the first ``##``
    heading or ``<section>``; the ``<h1>`` stays in the Markdown.

    When everything after the head is HTML blocks and :data:`SECTION_HEADING` headings
    (remit's entity and case pages), all of it becomes one block, and its headings are
    returned apart (``headings``, marked ``<!--remit-h:N-->`` in the block): the engine
    converts each distinct heading once for the whole site and puts the page's table of
    contents together from them (:func:`fill_headings`). The page's Markdown is then its
    ``<h1>`` and two comments: that saves the engine most of a page's Markdown work (about
    a millisecond a page, which at 17,000 pages is the largest share of a build).

    Pages not made by remit's renderer (they do not start with its ``<h1 id="_title">``)
    are returned unchanged."""
    if not markdown.lstrip().startswith(HEAD_MARK):
        return Deferred(markdown, [], [], [])
    chunks = markdown.strip("\n").split("\n\n")
    head_blocks: list[str] = []
    blocks: list[str] = []
    start = next((i for i, chunk in enumerate(chunks)
                  if i and chunk.startswith(("## ", "<section"))), len(chunks))
    for i in range(1, start):
        if chunks[i].startswith("<"):
            head_blocks.append(chunks[i])
            chunks[i] = f"<!--remit-head:{len(head_blocks) - 1}-->"
    rest = chunks[start:]
    if rest and all(c.startswith("<") or SECTION_HEADING.fullmatch(c) for c in rest):
        headings: list[str] = []
        parts: list[str] = []
        for c in rest:  # as Markdown writes them: a blank line after an HTML block only
            if c.startswith("<"):
                parts += [_searchless(c), "\n\n"]
            else:
                parts += [f"<!--remit-h:{len(headings)}-->", "\n"]
                headings.append(c)
        body = "".join(parts[:-1])
        return Deferred("\n\n".join([*chunks[:start], "<!--remit:0-->"]), head_blocks,
                        [body], headings)
    for i in range(start, len(chunks)):
        if chunks[i].startswith("<"):
            blocks.append(_searchless(chunks[i]))
            chunks[i] = f"<!--remit:{len(blocks) - 1}-->"
    return Deferred("\n\n".join(chunks), head_blocks, blocks, [])


def _searchless(block: str) -> str:
    """A block put back after search has read the page: its exclusion mark is dropped."""
    return block.replace(' data-search-exclude="true"', "")


def fill_headings(blocks: Sequence[str], html_of: Sequence[str]) -> list[str]:
    """The blocks with each ``<!--remit-h:N-->`` replaced by ``html_of[N]``, the HTML the
    engine made of :attr:`Deferred.headings` ``[N]``."""
    return [_HEADING_MARK.sub(lambda mo: html_of[int(mo.group(1))], b) for b in blocks]


_HEAD_PLACEHOLDER = re.compile(r"<!--remit-head:(\d+)-->")


def restore_blocks(html_text: str, blocks: Sequence[str], head: bool = False) -> str:
    """Put the blocks of :func:`defer_blocks` back into the page's HTML (``head``: the
    head blocks)."""
    if not blocks:
        return html_text
    pattern = _HEAD_PLACEHOLDER if head else _PLACEHOLDER
    return pattern.sub(lambda mo: blocks[int(mo.group(1))], html_text)


# --- Material's search worker and bundle ---------------------------------------------------

SEARCH_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
SEARCH_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
_SEGMENT_BUG = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
_SEGMENT_FIX = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
#: The start of Material's ``Search.search(query)``: its Chinese segmentation of the query.
_SEARCH_START = re.compile(r"search\(([\w$]+)\)\{if\(\1=\1\.replace\(")
#: ``"use strict";`` first, so that what is put after it stays in strict mode.
_STRICT = '"use strict";'
#: The bundle's search index: ``index$ = document.forms.namedItem("search") ?
#: fetchSearchIndex() : NEVER``.
_INDEX_FETCH = re.compile(
    r'([\w$]+)=document\.forms\.namedItem\("search"\)\?([\w$]+)\(\):([\w$]+)')
#: ``index$`` as a promise of the index that asks for it once the visitor starts to search:
#: the search form gets the focus or input, or the search toggle opens; at once when the
#: page was opened with a query (``?q=``) or from a search result (``?h=``, highlighting).
#: ``load`` is Material's own ``fetchSearchIndex`` (an observable of the index).
LAZY_INDEX = (
    '(function(load){var f=document.forms.namedItem("search"),'
    'p=new URLSearchParams(location.search);return new Promise(function(res,rej){'
    'var asked=false;function go(){if(asked)return;asked=true;'
    'load().subscribe({next:res,error:rej})}'
    'if(p.has("q")||p.has("h")){go();return}'
    'f.addEventListener("focusin",go);f.addEventListener("input",go);'
    'var t=document.getElementById("__search");if(t)t.addEventListener("change",go)})})')


def query_script() -> str:
    """The query reading of the site's search (``assets/search-query.js``)."""
    return (Path(__file__).parent / "assets" / "search-query.js").read_text(encoding="utf-8")


def patch_search_worker(js: str) -> str | None:
    """Material's search worker, with its Chinese query segmentation fixed and the query
    read the way people type it first.

    The worker splits a Chinese query into words it finds in the index, but never tries
    the whole query (``j < query.length``): typing 路灯 searches ``路*`` whenever 路 is a
    word of the index, and a rare word such as 路面 outranks 路灯. The fix lets the whole
    query be a segment. And ``Search.search(query)`` first passes the query through
    ``self.__remitQuery`` (``assets/search-query.js``, put after the worker's
    ``"use strict";``; see :mod:`generator.site.search_words`). Returns None when the
    worker contains neither piece of known code (another Material version): then it is
    left as it is; each piece is applied where it is found."""
    fixed = js.replace(_SEGMENT_BUG, _SEGMENT_FIX, 1)
    hooked, n = _SEARCH_START.subn(
        lambda mo: "search({q}){{if({q}=self.__remitQuery?self.__remitQuery({q},"
        "this.index.invertedIndex):{q},{q}={q}.replace(".format(q=mo.group(1)),
        fixed, count=1)
    if n:
        head = _STRICT if hooked.startswith(_STRICT) else ""
        hooked = head + query_script() + hooked[len(head):]
    if fixed == js and not n:
        return None
    return hooked


def patch_search_bundle(js: str) -> str | None:
    """Material's main script, fetching the search index only when the visitor starts to
    search (:data:`LAZY_INDEX`) instead of on every page view: at 100,000 assets the index
    is megabytes that a visitor who came for one answer never uses. Search works as
    before: the worker gets the index before the first query is answered. Returns None
    when the bundle does not contain the known code (another Material version)."""
    out, n = _INDEX_FETCH.subn(
        lambda mo: f'{mo.group(1)}=document.forms.namedItem("search")?'
        f"{LAZY_INDEX}({mo.group(2)}):{mo.group(3)}", js, count=1)
    return out if n else None


# --- navigation ---------------------------------------------------------------------------

#: Generated index pages in the order the navigation shows them.
NAV_ORDER = ("lookup/index.md", "departments/index.md", "matters/index.md",
             "assets/index.md", "map/index.md", "handovers/index.md",
             "board/index.md", "cases/index.md", "escalation/index.md")
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

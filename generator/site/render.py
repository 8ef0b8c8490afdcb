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

import os
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from generator.checks.findings import Finding, run_checks
from generator.checks.public import public_findings as public_findings  # re-exported
from generator.directory import Directory
from generator.outfile import OutFile
from generator.publish.export import export_files
from generator.publish.history import History, entity_history
from generator.publish.qr_labels import SITE_LABELS_MAX
from generator.site.article_index import ArticleInfo, articles_page
from generator.site.board_pages import BoardPages
from generator.site.case_pages import CASE_PAGES_MAX
from generator.site.engine import (
    HEAD_MARK,
    NAV_ORDER,
    SEARCH_WORKER,
    defer_blocks,
    fill_headings,
    github_edit_url,
    patch_search_worker,
    restore_blocks,
    site_nav,
)
from generator.site.gap_pages import gap_files
from generator.site.gap_pages import stylesheet as gap_stylesheet
from generator.site.history_pages import changes_files
from generator.site.label_pages import label_files, site_sheets
from generator.site.label_pages import stylesheet as label_stylesheet
from generator.site.lookup_site import lookup_files
from generator.site.map_site import map_files
from generator.site.pages_base import ASSETS_DIR, CSS_FILE, SEARCH_ASSETS_MAX, EditUrl
from generator.site.pages_entities import AssetPages, DepartmentPages
from generator.site.pages_indexes import IndexPages
from generator.site.report_links import script_file as report_script
from generator.site.search_words import words_file
from generator.site.tag_pages import tagged_pages, tags_page
from generator.site.templating import yaml_string as yaml_string  # re-exported
from generator.site.urls import AssetHomes


class _Renderer(DepartmentPages, AssetPages, IndexPages, BoardPages):
    """Every page of remit's own: the entity pages and the index pages."""

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
        files += self.cases_pages()
        files += self.board_pages()
        return files


def asset_pages(d: Directory) -> dict[str, str]:
    """Asset id -> the page that shows it: ``assets/<id>.md`` for a major asset,
    ``assets/<major>.md#<id>`` for a minor one (a row of the nearest major asset it is part
    of), ``assets/types/<type>[_<n>].md#<id>`` for a minor asset that is part of none."""
    return dict(AssetHomes(d).home)


def render_site(d: Directory, *, findings: Sequence[Finding] | None = None,
                edit_url: EditUrl | None = None, directory_urls: bool = True,
                search_assets_max: int = SEARCH_ASSETS_MAX, history: History | None = None,
                site_url: str | None = None, internal: bool = False,
                articles: Mapping[tuple[str, str], Sequence[tuple[str, str]]] | None = None,
                qr_labels_max: int = SITE_LABELS_MAX,
                article_pages: Sequence[ArticleInfo] = (),
                tags_listing: str | None = None,
                case_pages_max: int = CASE_PAGES_MAX) -> list[OutFile]:
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
    (every export is public-only by construction). ``articles`` maps an entity
    (``("matter", id)``) to the hand-written articles about it or referencing it, as (title,
    docs path) (:func:`generator.site.article_refs.scan_articles`): its page lists them.
    Marking each page as internal (banner, ``noindex``) is the page template's job: see
    :mod:`generator.mkdocs_edge.site_theme`. With ``site_url``, the printable QR label
    pages of :mod:`generator.site.label_pages` (one per street-light circuit and road,
    linked from its asset page) are included while they hold at most ``qr_labels_max``
    labels in all.

    ``article_pages`` (:func:`generator.site.article_index.read_articles`) make the
    articles index (``articles/``, by topic); the tags page (``tags/``) lists every page
    with browse tags, articles and generated pages alike
    (:mod:`generator.site.tag_pages`): remit's own listing, or ``tags_listing`` (an
    engine's listing directive) in its place.

    Every case gets a page (``cases/<id>.md``: its clock and timeline) and the supervision
    board (``board/``) is built (:mod:`generator.site.case_pages`,
    :mod:`generator.site.board_pages`); with more than ``case_pages_max`` cases, that many
    (the open ones, then the latest resolved) get a page and the rest are sections of month
    pages, as every page costs the build a few milliseconds.
    """
    if findings is None:
        findings = run_checks(d)
    findings = public_findings(d, findings)
    if not internal:
        d = d.public()
    # The lookup index and the exports are the heaviest producers and depend only on the
    # registry: on a large registry they run in forked workers while this process renders
    # the pages (the build machine has 2 cores; MkDocs itself uses one).
    workers = _start_workers(d, (partial(lookup_files, internal=internal), export_files,
                                 partial(label_files, site_url=site_url,
                                         directory_urls=directory_urls,
                                         max_labels=qr_labels_max),
                                 partial(map_files, findings=list(findings),
                                         directory_urls=directory_urls)))
    r = _Renderer(d, findings, edit_url, directory_urls, search_assets_max, internal)
    r.history = entity_history(history)
    r.articles = articles or {}
    r.site_url = site_url
    r.case_pages_max = case_pages_max
    r.label_sheets = frozenset(s.root.id for s in site_sheets(d, site_url, qr_labels_max))
    merged: dict[str, OutFile] = {}
    for f in r.all_pages():
        merged[f.path] = f
    extra = [*gap_files(d, list(findings), edit_url, directory_urls=directory_urls),
             *changes_files(history, d.registry.site.title, site_url), words_file(d),
             report_script()]
    for produced in _join_workers(workers):
        extra = [*produced, *extra]
    for f in extra:
        merged[f.path] = f
    tagged = tagged_pages(merged.values(), ((a.path, a.title, a.tags) for a in article_pages))
    tags = tags_page(tagged, d.registry.site.language, directory_urls=directory_urls,
                     listing=tags_listing)
    if tags is not None:
        merged[tags.path] = tags
    index = articles_page(article_pages, d, directory_urls=directory_urls,
                          tags_page=tags is not None)
    if index is not None:
        merged[index.path] = index
    merged[CSS_FILE] = OutFile(CSS_FILE, stylesheet())
    return [merged[k] for k in sorted(merged)]


def stylesheet() -> bytes:
    """The site's stylesheet: remit.css, the gap and label pages' styles (the pages hold no
    ``<style>`` of their own: the Content-Security-Policy allows none)."""
    own = (ASSETS_DIR / "remit.css").read_bytes()
    return own + b"\n/* --- gap pages (templates/gaps.css) --- */\n" + \
        gap_stylesheet().encode("utf-8") + \
        b"\n/* --- QR label pages (templates/qr_labels.css) --- */\n" + \
        label_stylesheet().encode("utf-8") + \
        b"\n/* --- cases and the board (assets/cases.css) --- */\n" + \
        (ASSETS_DIR / "cases.css").read_bytes()


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


#: re-exported for the MkDocs edge and the tests
__all__ = ["render_site", "asset_pages", "public_findings", "stylesheet", "CSS_FILE",
           "SEARCH_ASSETS_MAX", "EditUrl", "yaml_string", "HEAD_MARK", "NAV_ORDER",
           "SEARCH_WORKER", "defer_blocks", "fill_headings", "restore_blocks",
           "patch_search_worker", "site_nav", "github_edit_url"]

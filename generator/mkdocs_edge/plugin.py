"""The MkDocs plugin (``plugins: - remit``): the only module that imports mkdocs.

It wires MkDocs events to plain functions and keeps nothing between builds:

- ``on_config`` loads the registry (``registry`` option, relative to mkdocs.yml); errors
  stop the build with the same ``file:line:col`` lines as ``remit check`` (a
  :class:`PluginError`, so no traceback); the site language follows ``site.language``;
  the stylesheet and ``attr_list`` are added;
- ``on_files`` adds every page of :func:`generator.site.render.render_site` in memory with
  ``File.generated`` (nothing is written into the docs folder) and, when mkdocs.yml has no
  ``nav``, sets a short one (:func:`generator.site.render.site_nav`): the articles and the index
  pages, never the entity pages;
- responsibility-gap findings are logged to ``mkdocs.plugins.remit``: open ones as
  warnings (so ``mkdocs build --strict`` fails on them), accepted ones as info; the option
  ``gaps: info`` logs open ones as info too;
- ``on_serve`` watches the registry folder;
- speed: the HTML blocks of remit's pages are taken out of the Markdown before MkDocs
  converts it and put back afterwards (``defer_blocks``): same HTML, no parsing;
- search: the registry's keywords and aliases are added to jieba's dictionary, and the
  copy of Material's search worker in the site gets a one-line fix so that a Chinese query
  such as 路灯 is searched as 路灯, not 路* (``patch_search_worker``);
- offline: the repository link loses Material's hook that would ask api.github.com for
  stars and releases on every page;
- every finished page (and ``404.html``) gets its Content-Security-Policy, which lists the
  hashes of the theme's own inline scripts, and in the staff build the internal banner
  and ``noindex`` (:func:`generator.mkdocs_edge.site_theme.finish_page`); ``mkdocs serve`` previews
  without the policy, as its live-reload script could not run under it;
- after the build, a search index (``search/search_index.json``) larger than
  ``search_index_max`` is a warning naming the pages that fill it most.

The staff build (option ``internal: true``, or the environment variable
``REMIT_INTERNAL=1`` that ``remit build --internal`` sets) shows internal contacts and marks
every page as internal; the public build never sees them (see
:func:`generator.site.render.render_site`).

Options::

    plugins:
      - search
      - remit:
          registry: directory        # folder holding departments.yaml
          today: 2026-11-26          # pin the date handovers are judged against
          search_assets_max: 2000    # asset pages join the search index up to this many
          edit_uri: edit/main/       # registry edit links (default: edit_uri minus docs_dir)
          gaps: warning              # or info
          history: 20                # commits of the registry read from git; 0: none
          search_index_max: 5000000  # bytes of search/search_index.json before a warning
          internal: false            # staff build: internal contacts, pages marked
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.checks.findings import run_checks
from generator.diagnostics import ERROR
from generator.directory import Directory
from generator.load.registry import load
from generator.mkdocs_edge.site_config import OPTION_NAMES, SiteOptions, site_options
from generator.mkdocs_edge.site_theme import base_url_of, finish_page, short_script, theme_scripts
from generator.model.entities import Registry
from generator.outfile import OutFile
from generator.publish.history import read_history
from generator.publish.output_dir import refusal
from generator.site.render import (
    CSS_FILE,
    SEARCH_WORKER,
    defer_blocks,
    github_edit_url,
    patch_search_worker,
    render_site,
    restore_blocks,
    site_nav,
)

log = logging.getLogger("mkdocs.plugins.remit")

REPO_FACTS = ' data-md-component="source"'
INTERNAL_ENV = "REMIT_INTERNAL"  # "1": the staff build, whatever mkdocs.yml says
SEARCH_INDEX = "search/search_index.json"


class RemitPlugin(BasePlugin):  # type: ignore[type-arg]
    # Every option is taken as written and read by generator.mkdocs_edge.site_config.parse_options,
    # the same reading as `remit render`'s, with the same located errors.
    config_scheme = tuple((name, c.Optional(c.Type(object))) for name in OPTION_NAMES)

    def __init__(self) -> None:
        self.serving = False
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # mkdocs serve writes a live-reload script with a new id into every response: no
        # policy can list it, so the preview goes without one (mkdocs build adds it)
        self.serving = command == "serve"

    def _reset(self) -> None:
        self.registry: Registry | None = None
        self.registry_dir = ""
        self.auto_nav = False
        self.options = SiteOptions()
        self.internal = False
        self.lang = "zh"
        self.env: jinja2.Environment | None = None
        self.scripts: dict[str, set[str]] = {}  # base_url -> the theme's inline scripts
        self.blocks: dict[str, list[str]] = {}
        self.head_blocks: dict[str, list[str]] = {}

    def _registry_dir(self, config: MkDocsConfig) -> str:
        root = os.path.dirname(config.config_file_path or os.path.abspath("mkdocs.yml"))
        return os.path.normpath(os.path.join(root, self.options.registry))

    def _read_options(self, config: MkDocsConfig) -> SiteOptions:
        raw = {k: v for k, v in self.config.items() if v is not None}
        opts, problems = site_options(config.config_file_path or "mkdocs.yml", raw)
        if problems:
            raise PluginError("remit: mkdocs.yml: {}".format(
                "\n".join(x.text() for x in problems)))
        return opts

    @event_priority(100)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.options = self._read_options(config)
        self.internal = self.options.internal or os.environ.get(INTERNAL_ENV, "") == "1"
        self.registry_dir = self._registry_dir(config)
        # MkDocs empties site_dir after on_config: refuse one that holds the project
        why = refusal(config.site_dir, os.path.dirname(config.config_file_path
                                                        or os.path.abspath("mkdocs.yml")),
                      self.registry_dir, config.docs_dir, internal=self.internal)
        if why:
            raise PluginError(f"remit: {why}")
        reg, diags = load(self.registry_dir)
        errors = [x for x in diags if x.severity == ERROR]
        if errors:
            n = len(errors)
            lines = [x.text() for x in errors]
            raise PluginError("remit: the registry has {} error{}:\n{}".format(
                n, "" if n == 1 else "s", "\n".join(lines)))
        for x in diags:
            log.warning(x.text())
        self.registry = reg
        self.lang = reg.site.language
        if self.internal:
            log.info("remit: staff build: internal contacts are shown and every page is "
                     "marked internal; do not publish it")
        _teach_jieba(reg)
        config.theme["language"] = reg.site.language
        if CSS_FILE not in config.extra_css:
            config.extra_css.append(CSS_FILE)
        exts = config.markdown_extensions
        if "attr_list" not in exts:
            exts.append("attr_list")
        self.auto_nav = config.nav is None
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.registry is not None
        d = Directory(self.registry, today=self.options.today)
        findings = run_checks(d)
        for f in findings:
            text = f.diagnostic.text()
            if f.accepted is not None:
                log.info(f"{text} (accepted: {f.accepted})")
            elif self.options.gaps == "info":
                log.info(text)
            else:
                log.warning(text)
        root = os.path.dirname(config.config_file_path or os.path.abspath("mkdocs.yml"))
        docs = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
        edit_uri = self.options.edit_uri
        edit = github_edit_url(config.repo_url, edit_uri if edit_uri is not None
                               else config.edit_uri, "" if edit_uri is not None else docs,
                               root)
        history = read_history(self.registry_dir, limit=self.options.history) \
            if self.options.history > 0 else None
        out = render_site(d, findings=findings, edit_url=edit,
                          directory_urls=config.use_directory_urls,
                          search_assets_max=self.options.search_assets_max,
                          history=history, site_url=config.site_url,
                          internal=self.internal)
        articles = [f.src_uri for f in files.documentation_pages()]
        for of in out:
            if files.get_file_from_path(of.path) is not None:
                raise PluginError(f"remit: {config.docs_dir}/{of.path} would hide a generated "
                                  "page of the same path; rename or remove it")
            files.append(_generated(config, of))
        if self.auto_nav:
            config.nav = site_nav(articles, out, self.registry.site.language)
        _fix_search_worker(files, config)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Speed: the HTML blocks of remit's pages skip Markdown, and all but the head skip
        the search indexer (see :func:`generator.site.render.defer_blocks`)."""
        if page.file.generated_by != "remit":
            return markdown
        text, head, blocks = defer_blocks(markdown)
        if head:
            self.head_blocks[page.file.src_uri] = head
        if blocks:
            self.blocks[page.file.src_uri] = blocks
        return text

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        head = self.head_blocks.pop(page.file.src_uri, None)
        return restore_blocks(html, head, head=True) if head else html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        self.env = env
        self.scripts = {}
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks:
            output = restore_blocks(output, blocks)
        # Offline: the repository link stays a plain link; without this Material's script
        # asks api.github.com for the stars and the latest release on every page.
        output = output.replace(REPO_FACTS, "")
        return self._finish(output, base_url_of(page.url), page.file.src_uri, config)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """404.html (a theme template, not a page) gets the same marking and policy."""
        if not template_name.endswith(".html"):
            return output_content
        base = urlsplit(config.site_url or "/").path  # as MkDocs sets it for error pages
        return self._finish(output_content.replace(REPO_FACTS, ""), base, template_name,
                            config)

    def _finish(self, output: str, base_url: str, name: str, config: MkDocsConfig) -> str:
        """The page with its Content-Security-Policy (and the staff build's marking); an
        inline script that is not the theme's own is named in a warning: the policy
        blocks it."""
        allowed = self.scripts.get(base_url)
        if allowed is None:
            allowed = set() if self.env is None else theme_scripts(
                self.env, config, base_url, config.theme.get("features") or ())
            self.scripts[base_url] = allowed
        output, refused = finish_page(output, allowed, internal=self.internal,
                                      lang=self.lang, csp=not self.serving)
        for x in refused:
            log.warning(f"remit: {name}: the inline script <script>{short_script(x)}"
                        "</script> is not the theme's own, so the site's "
                        "Content-Security-Policy blocks it; move it to a .js file "
                        "(extra_javascript)")
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = os.path.join(config.site_dir, *SEARCH_INDEX.split("/"))
        problem = search_index_problem(path, self.options.search_index_max)
        if problem:
            log.warning(problem)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(self._registry_dir(config))
        return server


def search_index_problem(path: str, limit: int) -> str | None:
    """The warning for a search index at ``path`` larger than ``limit`` bytes (None when
    it is within the limit or absent): its size, the limit, the option that raises it,
    and the three pages with the most indexed text."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size <= limit:
        return None
    biggest = ""
    try:
        with open(path, encoding="utf-8") as fh:
            docs = json.load(fh).get("docs", [])
        per_page: dict[str, int] = {}
        for doc in docs:
            page = str(doc.get("location", "")).split("#", 1)[0] or "(home)"
            n = sum(len(str(doc.get(k, "")).encode("utf-8")) for k in ("title", "text"))
            n += sum(len(str(t).encode("utf-8")) for t in doc.get("tags") or ())
            per_page[page] = per_page.get(page, 0) + n
        top = sorted(per_page.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        if top:
            biggest = "; the pages with the most indexed text: " + ", ".join(
                f"{page} ({_size(n)})" for page, n in top)
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return (f"remit: the search index {SEARCH_INDEX} is {_size(size)} ({size} bytes), more "
            f"than the limit of {_size(limit)} ({limit} bytes); every visitor downloads it "
            f"whole{biggest}. Shorten those texts, lower search_assets_max, or raise the "
            f"limit with the option search_index_max under plugins: - remit: in mkdocs.yml")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} B"


def _fix_search_worker(files: Files, config: MkDocsConfig) -> None:
    """Replace Material's search worker by the copy whose Chinese query segmentation is
    fixed (:func:`generator.site.render.patch_search_worker`)."""
    for f in list(files):
        if f.abs_src_path and SEARCH_WORKER.fullmatch(f.src_uri):
            with open(f.abs_src_path, encoding="utf-8") as fh:
                fixed = patch_search_worker(fh.read())
            if fixed is None:
                log.info("remit: unknown Material search worker; Chinese queries of two "
                         "characters may match too much")
                continue
            files.remove(f)
            files.append(File.generated(config, f.src_uri, content=fixed))


def _teach_jieba(reg: Registry) -> None:
    """Add the registry's search words (matter keywords, department aliases)
    to jieba's dictionary, so that Material's search, which segments Chinese with jieba
    at build time, cuts 路灯不亮 as 路灯 / 不亮 and finds the matter when someone types
    路灯. (jieba's dictionary is process-wide; words only ever get added.)"""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency
        return
    words: set[str] = set()
    for x in reg.matters:
        words.update(x.keywords)
    for dep in reg.departments:
        words.update(dep.aliases)
    for w in sorted(words):
        w = w.strip()
        if 1 < len(w) <= 8 and not any(ch.isspace() for ch in w):
            jieba.add_word(w)


def _generated(config: MkDocsConfig, of: OutFile) -> File:
    """A page or static file in memory; pages outside the nav are marked so (no "not in
    nav" message for thousands of entity pages)."""
    level = InclusionLevel.UNDEFINED
    if of.path.endswith(".md") and not of.nav:
        level = InclusionLevel.NOT_IN_NAV
    return File.generated(config, of.path, content=of.content, inclusion=level)

"""The MkDocs plugin (``plugins: - remit``): the only module that imports mkdocs.

It wires MkDocs events to plain functions and keeps nothing between builds:

- ``on_config`` loads the registry (``registry`` option, relative to mkdocs.yml); errors
  stop the build with the same ``file:line:col`` lines as ``remit check`` (a
  :class:`PluginError`, so no traceback); the site language follows ``site.language``;
  the stylesheet and ``attr_list`` are added;
- ``on_files`` adds every page of :func:`generator.render.render_site` in memory with
  ``File.generated`` (nothing is written into the docs folder) and, when mkdocs.yml has no
  ``nav``, sets a short one (:func:`generator.render.site_nav`): the articles and the index
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
  stars and releases on every page.

Options::

    plugins:
      - search
      - remit:
          registry: directory        # folder holding departments.yaml
          today: 2026-11-26          # pin the date handovers are judged against
          search_assets_max: 2000    # asset pages join the search index up to this many
          edit_uri: edit/main/       # registry edit links (default: edit_uri minus docs_dir)
          gaps: warning              # or info
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .checks import run_checks
from .diagnostics import ERROR
from .directory import Directory
from .history import read_history
from .model import Registry
from .outfile import OutFile
from .registry import load
from .render import (
    CSS_FILE,
    SEARCH_WORKER,
    defer_blocks,
    github_edit_url,
    patch_search_worker,
    render_site,
    restore_blocks,
    site_nav,
)
from .site_config import OPTION_NAMES, SiteOptions, site_options

log = logging.getLogger("mkdocs.plugins.remit")

REPO_FACTS = ' data-md-component="source"'


class RemitPlugin(BasePlugin):  # type: ignore[type-arg]
    # Every option is taken as written and read by generator.site_config.parse_options,
    # the same reading as `remit render`'s, with the same located errors.
    config_scheme = tuple((name, c.Optional(c.Type(object))) for name in OPTION_NAMES)

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.registry: Registry | None = None
        self.registry_dir = ""
        self.auto_nav = False
        self.options = SiteOptions()
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
        self.registry_dir = self._registry_dir(config)
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
                          history=history, site_url=config.site_url)
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
        the search indexer (see :func:`generator.render.defer_blocks`)."""
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

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks:
            output = restore_blocks(output, blocks)
        # Offline: the repository link stays a plain link; without this Material's script
        # asks api.github.com for the stars and the latest release on every page.
        return output.replace(REPO_FACTS, "")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(self._registry_dir(config))
        return server


def _fix_search_worker(files: Files, config: MkDocsConfig) -> None:
    """Replace Material's search worker by the copy whose Chinese query segmentation is
    fixed (:func:`generator.render.patch_search_worker`)."""
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

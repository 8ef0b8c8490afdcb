"""``remit render --out DIR``: the site's pages as plain Markdown plus a plugin-free
``mkdocs.yml``, for engines that run no third-party plugins.

The pages are :func:`generator.render.render_site`'s; this module only decides what goes
to disk and where."""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .directory import Directory
from .history import read_history
from .outfile import OutFile
from .render import (
    CSS_FILE,
    SEARCH_WORKER,
    github_edit_url,
    patch_search_worker,
    render_site,
    site_nav,
)
from .site_config import (
    ConfigError,
    plugin_entry,
    read_mkdocs_config,
    site_options,
    write_mkdocs_config,
)


def material_search_worker() -> tuple[str, str] | None:
    """(site path, patched text) of the installed Material's search worker, for
    ``remit render --out`` (a docs file of the same path replaces the theme's)."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))) / "templates"
    for p in sorted((base / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        rel = p.relative_to(base).as_posix()
        if SEARCH_WORKER.fullmatch(rel):
            fixed = patch_search_worker(p.read_text(encoding="utf-8"))
            return (rel, fixed) if fixed is not None else None
    return None


def not_in_nav_patterns(files: Iterable[OutFile]) -> str:
    """``not_in_nav`` for mkdocs.yml (gitignore patterns): the generated pages that are not
    in the navigation on purpose, so MkDocs does not report each of them."""
    dirs: set[str] = set()
    keep: list[str] = []
    pages = [f for f in files if f.path.endswith(".md")]
    for f in pages:
        if not f.nav:
            dirs.add(posixpath.dirname(f.path))
    for f in pages:
        if f.nav and posixpath.dirname(f.path) in dirs:
            keep.append(f.path)
    lines = [f"/{d}/*.md" if d else "/*.md" for d in sorted(dirs)]
    lines += [f"!/{p}" for p in sorted(keep)]
    return "\n".join(lines) + "\n"


def render_to_dir(config_file: str | os.PathLike[str], out: str | os.PathLike[str], *,
                  registry: str | None = None, today: Any = None) -> list[str]:
    """``remit render --out DIR``: write ``DIR/mkdocs.yml`` (the project's config without
    the remit plugin, with an explicit nav and the stylesheet) and ``DIR/<docs_dir>/``
    (the hand-written articles plus every generated page), so that a plain ``mkdocs build``
    in DIR builds the same site. Returns the error messages of mkdocs.yml, the plugin's
    options (read as the plugin reads them) and the registry; nothing is written when
    there are any."""
    from .diagnostics import ERROR
    from .registry import load

    config_file = Path(config_file)
    root = config_file.parent
    try:
        cfg = read_mkdocs_config(config_file)
    except ConfigError as exc:
        return [x.text() for x in exc.diagnostics]
    entry = plugin_entry(cfg)
    opts, problems = site_options(config_file, entry[1] if entry else {})
    if problems:
        return [x.text() for x in problems]
    reg_path = root / (registry or opts.registry)
    reg, diags = load(reg_path)
    errors = [x for x in diags if x.severity == ERROR]
    if errors:
        return [x.text() for x in errors]
    d = Directory(reg, today=today or opts.today)
    docs_dir = str(cfg.get("docs_dir", "docs"))
    edit_uri = opts.edit_uri if opts.edit_uri is not None else cfg.get("edit_uri")
    edit = github_edit_url(cfg.get("repo_url"), edit_uri,
                           "" if opts.edit_uri is not None else docs_dir, root)
    history = read_history(reg_path, limit=opts.history) if opts.history > 0 else None
    files = render_site(d, edit_url=edit, directory_urls=cfg.get("use_directory_urls", True),
                        search_assets_max=opts.search_assets_max,
                        history=history, site_url=cfg.get("site_url"))
    out = Path(out)
    src_docs = root / docs_dir
    dst_docs = out / docs_dir
    if dst_docs.exists():
        shutil.rmtree(dst_docs)
    shutil.copytree(src_docs, dst_docs)
    articles = [p.relative_to(src_docs).as_posix() for p in src_docs.rglob("*.md")]
    worker = material_search_worker()
    if worker is not None:
        files.append(OutFile(worker[0], worker[1].encode("utf-8")))
    for f in files:
        target = dst_docs / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = f.content.encode("utf-8") if isinstance(f.content, str) else f.content
        target.write_bytes(data)
    new = dict(cfg)
    new["docs_dir"] = docs_dir
    # the edit links are in the pages already; without repo_url Material's script does not
    # ask api.github.com for repository facts (the plugin strips that hook when it runs)
    for key in ("repo_url", "repo_name", "edit_uri"):
        new.pop(key, None)
    new.pop("site_dir", None)
    if entry:
        plugins = cfg.get("plugins")
        if isinstance(plugins, dict):
            new["plugins"] = {k: v for k, v in plugins.items() if k != "remit"}
        else:
            new["plugins"] = [p for i, p in enumerate(plugins or []) if i != entry[0]]
    if "nav" not in cfg:
        new["nav"] = site_nav(articles, files, reg.site.language)
    new["not_in_nav"] = not_in_nav_patterns(files)
    extra_css = list(cfg.get("extra_css") or [])
    if CSS_FILE not in extra_css:
        extra_css.append(CSS_FILE)
    new["extra_css"] = extra_css
    mdx = list(new.get("markdown_extensions") or [])
    if not any(x == "attr_list" or (isinstance(x, dict) and "attr_list" in x) for x in mdx):
        mdx.append("attr_list")
    new["markdown_extensions"] = mdx
    theme = new.get("theme")
    if isinstance(theme, dict):
        new["theme"] = dict(theme) | {"language": reg.site.language}
    write_mkdocs_config(new, out / "mkdocs.yml", "# Written by `remit render`: the remit site "
                        "as plain Markdown; build it\n# with `mkdocs build` (no remit plugin "
                        "needed).\n")
    return []

"""``remit render --out DIR``: the site's pages as plain Markdown plus a plugin-free
``mkdocs.yml``, for engines that run no third-party plugins.

The pages are :func:`generator.site.render.render_site`'s; this module only decides what goes
to disk and where. Tags are remit's own here: Material's tags plugin is left out of the
written ``mkdocs.yml``, the tags page is remit's listing and every tagged page starts with
its chips (:mod:`generator.mkdocs_edge.site_tags`). Search works as with the plugin: the
site's copies of Material's search worker and main script (the question read the way
people type it, the index fetched once the visitor starts to search) are docs files of
the same paths, and the search plugin weighs a page's tags like its title."""

from __future__ import annotations

import os
import posixpath
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.directory import Directory
from generator.mkdocs_edge.site_config import (
    ConfigError,
    SiteOptions,
    plugin_entry,
    read_mkdocs_config,
    site_options,
    write_mkdocs_config,
)
from generator.mkdocs_edge.site_tags import chips_in_files, without_tags_plugin
from generator.mkdocs_edge.site_theme import render_theme
from generator.outfile import OutFile
from generator.publish.history import read_history
from generator.publish.output_dir import OutputError, refusal, write_owned
from generator.site.article_index import read_articles, summary_problems
from generator.site.article_refs import Targets, resolve_refs, scan_articles
from generator.site.engine import SEARCH_BUNDLE, patch_search_bundle
from generator.site.map_site import tile_sources
from generator.site.render import (
    CSS_FILE,
    SEARCH_WORKER,
    github_edit_url,
    patch_search_worker,
    render_site,
    site_nav,
)
from generator.site.search_words import TAGS_BOOST


def material_search_bundle() -> tuple[str, str] | None:
    """(site path, patched text) of the installed Material's main script, which fetches
    the search index only once the visitor starts to search, for ``remit render --out``."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))) / "templates"
    for p in sorted((base / "assets" / "javascripts").glob("bundle.*.min.js")):
        rel = p.relative_to(base).as_posix()
        if SEARCH_BUNDLE.fullmatch(rel):
            fixed = patch_search_bundle(p.read_text(encoding="utf-8"))
            return (rel, fixed) if fixed is not None else None
    return None


def weigh_search_tags(plugins: Any) -> Any:
    """``plugins`` (as written in mkdocs.yml) with Material's search plugin weighing a page's
    tags like its title (``fields: {tags: {boost: ...}}``, as the plugin sets it when it
    runs); a ``fields`` setting of its own is kept."""
    fields = {"tags": {"boost": TAGS_BOOST}}

    def one(options: Any) -> Any:
        if options is None:
            return {"fields": fields}
        if isinstance(options, dict) and "fields" not in options:
            return {**options, "fields": fields}
        return options

    if isinstance(plugins, dict):
        return {k: one(v) if k in ("search", "material/search") else v
                for k, v in plugins.items()}
    if not isinstance(plugins, list):
        return plugins
    out: list[Any] = []
    for p in plugins:
        if p in ("search", "material/search"):
            out.append({p: one(None)})
        elif isinstance(p, dict) and len(p) == 1 and next(iter(p)) in ("search",
                                                                       "material/search"):
            name = next(iter(p))
            out.append({name: one(p[name])})
        else:
            out.append(p)
    return out


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


@dataclass(frozen=True)
class Project:
    """A site project as ``remit render`` and ``remit build`` see it: mkdocs.yml read as
    the plugin reads it, and the folders that no output may touch."""

    config_file: Path
    root: Path  # the folder of mkdocs.yml
    cfg: dict[str, Any]
    entry: tuple[int, dict[str, Any]] | None  # the remit plugin's place and raw options
    opts: SiteOptions
    registry_dir: Path
    docs_dir: Path
    site_dir: Path | None  # mkdocs.yml's site_dir, when it names one


def _line_of(config_file: Path, key: str) -> int:
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    mo = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, mo.start()) + 1 if mo else 0


def read_project(config_file: str | os.PathLike[str], registry: str | None = None
                 ) -> tuple[Project | None, list[str]]:
    """The project of ``config_file``, or the located error messages of mkdocs.yml and
    the plugin's options (the same as the plugin's), including a ``docs_dir`` that is not
    a folder."""
    config_file = Path(config_file)
    root = config_file.parent
    try:
        cfg = read_mkdocs_config(config_file)
    except ConfigError as exc:
        return None, [x.text() for x in exc.diagnostics]
    entry = plugin_entry(cfg)
    opts, problems = site_options(config_file, entry[1] if entry else {})
    if problems:
        return None, [x.text() for x in problems]
    docs = cfg.get("docs_dir", "docs")
    shown = f"{config_file}:{_line_of(config_file, 'docs_dir')}:1: error: docs_dir"
    if not isinstance(docs, str) or not docs.strip():
        return None, [f"{shown}: must be the name of the folder of the articles (docs)"]
    docs_dir = root / docs
    if not docs_dir.is_dir():
        what = "is not a folder" if docs_dir.exists() else "does not exist"
        return None, [f"{shown}: '{docs}' {what} ({docs_dir.absolute()}); create the folder of the "
                      "articles or correct docs_dir"]
    site = cfg.get("site_dir")
    site_dir = root / site if isinstance(site, str) and site.strip() else None
    return Project(config_file, root, cfg, entry, opts, root / (registry or opts.registry),
                   docs_dir, site_dir), []


def output_docs_name(docs_dir: str) -> str:
    """The docs folder's name inside ``remit render``'s output: ``docs_dir`` as written
    when it is a plain relative path, else its last part (``/abs/content``, ``../docs``)
    or ``docs``, so that nothing is ever written outside the output folder."""
    path = docs_dir.replace("\\", "/")
    norm = posixpath.normpath(path)
    if not posixpath.isabs(path) and not os.path.isabs(docs_dir) and norm != "." \
            and norm != ".." and not norm.startswith("../"):
        return norm
    base = posixpath.basename(norm.rstrip("/"))
    return base if base not in ("", ".", "..") else "docs"


def _docs_files(src: Path) -> dict[str, bytes]:
    """Every file under the docs folder (links followed, as MkDocs follows them)."""
    found: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(src, followlinks=True):
        dirs.sort()
        for n in sorted(names):
            p = Path(folder) / n
            try:
                found[p.relative_to(src).as_posix()] = p.read_bytes()
            except OSError:  # a broken link: MkDocs skips it too
                continue
    return found


def _config_text(cfg: dict[str, Any], header: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="remit-render-") as tmp:
        path = Path(tmp) / "mkdocs.yml"
        write_mkdocs_config(cfg, path, header)
        return path.read_bytes()


def render_files(project: Project, *, today: Any = None, internal: bool = False
                 ) -> tuple[dict[str, bytes], list[str], list[str]]:
    """``remit render``'s output as (path in the output folder → bytes): ``mkdocs.yml``
    (the project's config without the remit plugin, with an explicit nav and the
    stylesheet) and ``<docs>/...`` (the hand-written articles plus every generated page),
    so that a plain ``mkdocs build`` there builds the same site, with a theme override
    (``remit_theme/main.html``) carrying the plugin's Content-Security-Policy and staff
    marking. Also the registry's error messages (then nothing to write) and notes for the
    user (a project ``main.html`` that keeps the policy out)."""
    from generator.diagnostics import ERROR
    from generator.load.registry import load

    cfg, opts, root = project.cfg, project.opts, project.root
    reg, diags = load(project.registry_dir)
    errors = [x for x in diags if x.severity == ERROR]
    if errors:
        return {}, [x.text() for x in errors], []
    d = Directory(reg, today=today or opts.today)
    docs_dir = str(cfg.get("docs_dir", "docs"))
    edit_uri = opts.edit_uri if opts.edit_uri is not None else cfg.get("edit_uri")
    edit = github_edit_url(cfg.get("repo_url"), edit_uri,
                           "" if opts.edit_uri is not None else docs_dir, root)
    history = read_history(project.registry_dir, limit=opts.history) \
        if opts.history > 0 else None
    directory_urls = cfg.get("use_directory_urls", True)
    src = _docs_files(project.docs_dir)
    articles = [p for p in src if p.endswith(".md")]
    # the articles' [[kind:id]] references become links here, as the plugin makes them
    texts = {p: src[p].decode("utf-8", "replace") for p in articles}
    shown = os.path.relpath(project.docs_dir, root).replace(os.sep, "/")
    sources = [(p, f"{shown}/{p}", texts[p]) for p in articles]
    index = scan_articles(sources, d)
    infos, meta_problems = read_articles(sources)
    problems = sorted([*index.problems, *meta_problems,
                       *summary_problems(infos, d, {p: s for p, s, _ in sources})],
                      key=lambda x: x.sort_key())
    if problems:
        return {}, [x.text() for x in problems], []
    targets = Targets(d)
    for p in articles:
        if "[[" in texts[p]:
            texts[p] = resolve_refs(texts[p], p, d, directory_urls=directory_urls,
                                    targets=targets)[0]
            src[p] = texts[p].encode("utf-8")
    files = render_site(d, edit_url=edit, directory_urls=directory_urls,
                        search_assets_max=opts.search_assets_max,
                        history=history, site_url=cfg.get("site_url"), internal=internal,
                        articles=index.backlinks, qr_labels_max=opts.qr_labels_max,
                        article_pages=infos)
    # the tag chips, as Material's tags plugin would draw them
    tagged = chips_in_files([*((p, texts[p], False) for p in articles),
                             *((f.path, f.content, True) for f in files
                               if f.path.endswith(".md") and isinstance(f.content, str))],
                            directory_urls=directory_urls)
    for p in articles:
        if p in tagged:
            src[p] = tagged[p].encode("utf-8")
    files = [f._replace(content=tagged[f.path]) if f.path in tagged else f for f in files]
    name = output_docs_name(docs_dir)
    out = {f"{name}/{p}": data for p, data in src.items()}
    for patched in (material_search_worker(), material_search_bundle()):
        if patched is not None:
            files.append(OutFile(patched[0], patched[1].encode("utf-8")))
    for f in files:
        out[f"{name}/{f.path}"] = f.content.encode("utf-8") if isinstance(f.content, str) \
            else f.content
    new = dict(cfg)
    new["docs_dir"] = name
    # the edit links are in the pages already; without repo_url Material's script does not
    # ask api.github.com for repository facts (the plugin strips that hook when it runs)
    for key in ("repo_url", "repo_name", "edit_uri"):
        new.pop(key, None)
    new.pop("site_dir", None)
    entry = project.entry
    if entry:
        plugins = cfg.get("plugins")
        if isinstance(plugins, dict):
            new["plugins"] = {k: v for k, v in plugins.items() if k != "remit"}
        else:
            new["plugins"] = [p for i, p in enumerate(plugins or []) if i != entry[0]]
    if "plugins" in new:  # remit draws the tags itself (see the module's docstring)
        new["plugins"] = weigh_search_tags(without_tags_plugin(new["plugins"]))
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
    # the plugin's Content-Security-Policy and staff marking, from a theme override
    pages = [p[len(name) + 1:] for p in out if p.startswith(name + "/")]
    extra, theme_cfg, notes = render_theme(new, str(root), pages, lang=reg.site.language,
                                           internal=internal,
                                           img_hosts=tile_sources(reg.site))
    out.update(extra)
    if theme_cfg is not None:
        new["theme"] = theme_cfg
    what = "the remit staff site (internal contacts: not for publishing)" if internal \
        else "the remit site"
    out["mkdocs.yml"] = _config_text(new, f"# Written by `remit render`: {what} as plain "
                                     "Markdown; build it\n# with `mkdocs build` (no remit "
                                     "plugin needed).\n")
    return out, [], notes


def render_to_dir(config_file: str | os.PathLike[str], out: str | os.PathLike[str], *,
                  registry: str | None = None, today: Any = None,
                  internal: bool = False) -> list[str]:
    """``remit render --out DIR``: :func:`render_files` written into DIR with
    :func:`generator.publish.output_dir.write_owned` (files remit did not write are neither
    overwritten nor deleted; files it wrote before and does not write now are deleted).
    Returns the error messages of mkdocs.yml, the plugin's options and the registry
    (nothing is written when there are any); raises
    :class:`~generator.publish.output_dir.OutputError` when DIR is refused or cannot be written."""
    project, problems = read_project(config_file, registry)
    if project is None:
        return problems
    why = refusal(out, project.root, project.registry_dir, project.docs_dir,
                  command="render", internal=internal)
    if why:
        raise OutputError(why)
    files, errors, notes = render_files(project, today=today, internal=internal)
    if errors:
        return errors
    for note in notes:
        print(f"remit render: note: {note}", file=sys.stderr)
    write_owned(out, files, command="render", group="render", internal=internal)
    return []

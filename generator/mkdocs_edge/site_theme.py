"""What every finished page of the site carries besides its content: the
Content-Security-Policy and, in the staff build, the internal marking.

Nothing here imports mkdocs. The plugin passes each finished page (``on_post_page``, and
``on_post_template`` for ``404.html``) through :func:`finish_page`:

- a ``<meta http-equiv="Content-Security-Policy">`` right after ``<meta charset>`` (static
  hosts rarely let a site set headers; a policy in a ``<meta>`` only governs what follows
  it, so it comes first). Material writes a few small scripts into every page (its
  ``__md_scope`` helpers, which name the page's base URL, the palette, the content
  tabs); they are allowed by their sha256 hashes, so no ``'unsafe-inline'`` is needed.
  Only the theme's own scripts are hashed: the texts its ``partials/javascripts/*.html``
  render to for this page (:func:`theme_scripts`), so a changed Material release needs no
  change here, while any other inline script in a page (one in an article, or one that
  got past the escaping of registry text) is not allowed and the plugin warns about it.
  ``<script type="application/json">`` (Material's configuration) is data, not a script,
  and needs no hash.
- in the staff build (``internal``): ``<meta name="robots" content="noindex">`` and a
  banner above the header of every page, in the site language.

``mkdocs serve`` previews without the policy: it injects a live-reload script with a new
id into every response, which no hash can allow. ``remit render`` (no plugin) gets the
same policy and marking from a theme override, :func:`render_theme`: a ``main.html``
that lists the hashes of the theme's scripts for every page depth of the rendered site.

The policy: only this site (``'self'``) for everything; images may also be ``data:`` URLs
(Material's icons are data-URL SVGs in its stylesheet); no plugins (``object-src
'none'``); ``<base>`` and form targets limited to the site. Stylesheets come from the site
only (no ``<style>`` element: remit's pages have none, and Material's script styles
elements through the CSSOM, which a policy does not restrict); ``style`` attributes are
allowed (``style-src-attr 'unsafe-inline'``) because Markdown writes them into
hand-written articles (an aligned table column is ``<td style="text-align: right">``) and
a style attribute cannot run code. remit's own pages use none.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from generator.site.templating import environment
from generator.words import table

#: The policy without its script hashes (see :func:`policy`).
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("style-src-attr", "'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

# --- the policy ----------------------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=""", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
#: ``type`` values that make a ``<script>`` run (anything else is a data block).
JS_TYPES = frozenset({
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "text/ecmascript", "application/x-javascript", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript", "text/javascript1.0", "text/javascript1.1",
    "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5",
})


def inline_scripts(page: str) -> list[str]:
    """The text of every ``<script>`` of ``page`` that runs code and has no ``src``, as the
    browser hashes it (line breaks normalised to LF, as the HTML parser does)."""
    out = []
    for mo in _SCRIPT.finditer(page):
        attrs, body = mo.group(1), mo.group(2)
        if _SRC.search(" " + attrs):
            continue
        t = _TYPE.search(" " + attrs)
        kind = next((g for g in t.groups() if g is not None), "") if t else ""
        if kind.strip().lower() not in JS_TYPES:
            continue
        out.append(body.replace("\r\n", "\n").replace("\r", "\n"))
    return out


def script_hash(text: str) -> str:
    """The CSP source expression (``'sha256-...'``) that allows this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# --- the theme's own scripts ----------------------------------------------------------------

#: Where Material keeps the small scripts it writes into pages.
SCRIPT_PARTIALS = "partials/javascripts/"


def base_url_of(url: str) -> str:
    """The relative ``base_url`` MkDocs gives the page at ``url`` (``departments/x/`` ->
    ``../..``, ``index.html`` -> ``.``)."""
    head, _, last = url.rpartition("/")
    if "." in last:
        url = head
    parts = [p for p in url.split("/") if p and p != "."]
    return "/".join([".."] * len(parts)) or "."


def theme_scripts(env: jinja2.Environment, config: Any, base_url: str,
                  features: Iterable[str] = ()) -> set[str]:
    """The inline scripts the theme's ``partials/javascripts/*.html`` write into a page
    whose ``base_url`` is given (``config`` is what the templates see as ``config``)."""
    out: set[str] = set()
    names = env.list_templates(filter_func=lambda n: n.startswith(SCRIPT_PARTIALS)
                               and n.endswith(".html"))
    ctx = {"config": config, "base_url": base_url, "features": list(features)}
    for name in names:
        try:
            text = env.get_template(name).render(ctx)
        except Exception:  # noqa: BLE001, S112 - a partial that needs more context
            continue
        out.update(inline_scripts(text))
    return out


def material_env(dirs: Iterable[str] = ()) -> jinja2.Environment | None:
    """A Jinja environment over ``dirs`` (a theme's ``custom_dir`` first) and the installed
    Material theme's templates, as MkDocs makes it (no autoescape); None without
    Material. For ``remit render``, which cannot ask MkDocs for the theme."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = next(iter(spec.submodule_search_locations)) + "/templates"
    return jinja2.Environment(loader=jinja2.FileSystemLoader([*dirs, base]),
                              auto_reload=False)


def policy(hashes: Iterable[str] = (), img_hosts: Iterable[str] = ()) -> str:
    """The Content-Security-Policy, allowing the inline scripts of ``hashes`` and images
    from ``img_hosts`` too (the tile server a deployment set in ``site.map.tiles``, see
    :func:`generator.site.map_site.tile_sources`; none by default)."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *hashes])
        elif name == "img-src":
            value = " ".join([value, *img_hosts])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def csp_meta(hashes: Iterable[str] = (), img_hosts: Iterable[str] = ()) -> str:
    """The policy as a ``<meta>`` element (``templates/theme.j2``)."""
    return str(_theme().csp_meta(_attr(policy(hashes, img_hosts))))


def _attr(value: str) -> Markup:
    """An attribute value in double quotes, escaped here rather than by autoescape so that
    the policy's single quotes stay readable (``'self'``, not ``&#39;self&#39;``)."""
    return Markup(value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;"))


def _theme() -> Any:
    return environment().get_template("theme.j2").module


# --- the staff build's marking -------------------------------------------------------------

ROBOTS_META = '<meta name="robots" content="noindex">'


def banner_html(lang: str) -> str:
    """The banner at the top of every page of the staff build."""
    w = table("staff", lang)
    return str(_theme().banner(w["internal_title"], w["internal_text"]))


# --- a finished page -----------------------------------------------------------------------

_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_HEADER = re.compile(r"<header\b[^>]*\bclass=\"md-header\b", re.I)
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def _insert_after(page: str, patterns: Iterable[re.Pattern[str]], text: str) -> str:
    for pat in patterns:
        mo = pat.search(page)
        if mo:
            return page[:mo.end()] + text + page[mo.end():]
    return text + page


def finish_page(page: str, allowed: Collection[str], *, internal: bool = False,
                lang: str = "zh", csp: bool = True, img_hosts: Iterable[str] = ()
                ) -> tuple[str, list[str]]:
    """``page`` (a finished HTML page) with its Content-Security-Policy first in ``<head>``
    and, when ``internal``, the robots meta and the internal banner; and the inline
    scripts of the page the policy does not allow (those not in ``allowed``, the theme's
    own scripts of :func:`theme_scripts`), each once. ``csp=False``: the marking only
    (``mkdocs serve`` injects a live-reload script that no policy could list)."""
    if internal:
        page = _insert_after(page, (_CHARSET, _HEAD), ROBOTS_META)
        mo = _HEADER.search(page)
        if mo:
            page = page[:mo.start()] + banner_html(lang) + page[mo.start():]
        else:
            page = _insert_after(page, (_BODY,), banner_html(lang))
    if not csp:
        return page, []
    scripts = inline_scripts(page)
    hashes = list(dict.fromkeys(script_hash(x) for x in scripts if x in allowed))
    refused = list(dict.fromkeys(x for x in scripts if x not in allowed))
    return _insert_after(page, (_CHARSET, _HEAD), csp_meta(hashes, img_hosts)), refused


def short_script(text: str, limit: int = 80) -> str:
    """An inline script, on one line and shortened, for a message."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[:limit - 1] + "…"


# --- remit render: the same marking from a theme override -----------------------------------

#: The folder of the theme override ``remit render`` writes next to its mkdocs.yml.
OVERRIDE_DIR = "remit_theme"


def override_main(hashes: Iterable[str], *, internal: bool, lang: str,
                  img_hosts: Iterable[str] = ()) -> str:
    """``main.html`` of the theme override for a site built without the plugin: the same
    policy (listing ``hashes``: the theme's scripts for every page depth of the site, see
    :func:`render_hashes`) and, for the staff build, the same robots meta and banner."""
    extra = f"\n{ROBOTS_META}" if internal else ""
    lines = [
        "{#- Written by `remit render`: the Content-Security-Policy of the remit site"
        + (" and the staff build's marking" if internal else "") + ". -#}",
        '{% extends "base.html" %}',
        "{% block site_meta %}",
        "{{ super() }}",
        csp_meta(hashes, img_hosts) + extra,
        "{% endblock %}",
    ]
    if internal:
        lines += ["{% block header %}", banner_html(lang), "{{ super() }}", "{% endblock %}"]
    return "\n".join(lines) + "\n"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the docs page ``path`` (``a/b.md`` -> ``a/b/``, or
    ``a/b.html`` without directory URLs; ``a/index.md`` -> ``a/``)."""
    stem = path[:-3] if path.endswith(".md") else path
    head, _, last = stem.rpartition("/")
    if last in ("index", "README"):
        return f"{head}/" if head else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def render_theme(cfg: Mapping[str, Any], root: str, pages: Iterable[str], *, lang: str,
                 internal: bool, img_hosts: Iterable[str] = ()
                 ) -> tuple[dict[str, bytes], dict[str, Any] | None, list[str]]:
    """For ``remit render``: the theme override that gives a plain MkDocs build the
    plugin's policy and marking. ``cfg`` is the project's mkdocs.yml as data, ``root`` its
    folder, ``pages`` every docs-relative Markdown path of the rendered site.

    Returns the files to write next to the output's mkdocs.yml (``remit_theme/main.html``,
    plus a copy of the project's own ``custom_dir``, whose path would not resolve from
    the output folder), the ``theme`` setting to write (``custom_dir: remit_theme``; None
    when mkdocs.yml names no theme mapping) and notes for the user (a project
    ``main.html`` is kept, and then carries no policy)."""
    import os

    theme = cfg.get("theme")
    if not isinstance(theme, Mapping):
        return {}, None, ["mkdocs.yml has no theme mapping: the rendered site gets no "
                          "Content-Security-Policy"]
    files: dict[str, bytes] = {}
    notes: list[str] = []
    own_dir = theme.get("custom_dir")
    custom: list[str] = []
    if isinstance(own_dir, str) and own_dir:
        src = os.path.join(root, own_dir)
        custom.append(src)
        for folder, _dirs, names in os.walk(src):
            for n in sorted(names):
                p = os.path.join(folder, n)
                rel = os.path.relpath(p, src).replace(os.sep, "/")
                with open(p, "rb") as fh:
                    files[f"{OVERRIDE_DIR}/{rel}"] = fh.read()
    directory_urls = bool(cfg.get("use_directory_urls", True))
    urls = [page_url(p, directory_urls) for p in pages if p.endswith(".md")]
    main = f"{OVERRIDE_DIR}/main.html"
    if main in files:
        notes.append(f"{own_dir}/main.html is the project's own: the rendered site keeps it "
                     "and gets no Content-Security-Policy or staff marking from remit")
    else:
        files[main] = override_main(render_hashes(urls, cfg, custom), internal=internal,
                                    lang=lang, img_hosts=img_hosts).encode("utf-8")
    return files, dict(theme) | {"custom_dir": OVERRIDE_DIR}, notes


def render_hashes(page_urls: Iterable[str], config: Mapping[str, Any],
                  custom_dirs: Iterable[str] = ()) -> list[str]:
    """The hashes of the theme's inline scripts on every page of a site built without the
    plugin: ``page_urls`` are the pages' URLs (``departments/x/`` or
    ``departments/x.html``), ``config`` the site's mkdocs.yml as data. The error page
    (404.html) is included. Empty when Material is not installed."""
    env = material_env(custom_dirs)
    if env is None:
        return []
    from urllib.parse import urlsplit

    theme = config.get("theme")
    features = theme.get("features") or [] if isinstance(theme, Mapping) else []
    view = {"extra": config.get("extra") or {}, "site_url": config.get("site_url"),
            "theme": theme if isinstance(theme, Mapping) else {}}
    bases = {base_url_of(u) for u in page_urls}
    bases.add(urlsplit(str(config.get("site_url") or "/")).path)
    scripts: set[str] = set()
    for b in sorted(bases):
        scripts |= theme_scripts(env, view, b, features)
    return sorted(script_hash(x) for x in scripts)


__all__ = ["DIRECTIVES", "inline_scripts", "script_hash", "base_url_of",
           "theme_scripts", "material_env", "policy", "csp_meta", "banner_html",
           "finish_page", "short_script", "ROBOTS_META", "OVERRIDE_DIR", "override_main",
           "page_url", "render_theme", "render_hashes"]

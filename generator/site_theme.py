"""What every finished page of the site carries besides its content: the
Content-Security-Policy and, in the staff build, the internal marking.

Nothing here imports mkdocs. The plugin passes each finished page (``on_post_page``, and
``on_post_template`` for ``404.html``) through :func:`finish_page`:

- a ``<meta http-equiv="Content-Security-Policy">`` right after ``<meta charset>`` (static
  hosts rarely let a site set headers; a policy in a ``<meta>`` only governs what follows
  it, so it comes first). Material writes a few small scripts into every page (its
  ``__md_scope`` helpers, the palette, the content tabs); they are allowed by their
  sha256 hashes, computed from the page itself (:func:`inline_script_hashes`), so no
  ``'unsafe-inline'`` is needed for scripts and a changed Material release needs no
  change here. ``<script type="application/json">`` (Material's configuration) is data,
  not a script, and needs no hash.
- in the staff build (``internal``): ``<meta name="robots" content="noindex">`` and a
  banner above the header of every page, in the site language.

The policy: only this site (``'self'``) for everything; images may also be ``data:`` URLs
(Material's icons are data-URL SVGs in its stylesheet); no plugins (``object-src
'none'``); ``<base>`` and form targets limited to the site. Styles allow
``'unsafe-inline'``: Material and remit set ``style`` attributes (the handover chart's
colours, Material's own components) and a style cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable

#: The policy without its script hashes (see :func:`policy`).
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

#: The staff build's words, in the site language.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "internal_title": "内部版本",
        "internal_text": "含内部联系方式，请勿公开。",
        "internal_contact": "内部",
    },
    "en": {
        "internal_title": "Internal edition",
        "internal_text": "contains internal contacts; do not publish.",
        "internal_contact": "internal",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


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


def inline_script_hashes(page: str) -> list[str]:
    """The hashes of every inline script of ``page``, each once, in page order."""
    return list(dict.fromkeys(script_hash(s) for s in inline_scripts(page)))


def policy(hashes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy, allowing the inline scripts of ``hashes``."""
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src":
            value = " ".join([value, *hashes])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def csp_meta(hashes: Iterable[str] = ()) -> str:
    return (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(policy(hashes))}">')


# --- the staff build's marking -------------------------------------------------------------

ROBOTS_META = '<meta name="robots" content="noindex">'


def banner_html(lang: str) -> str:
    """The banner at the top of every page of the staff build."""
    w = words(lang)
    return (f'<aside class="remit-internal-banner" role="note" data-remit-internal>'
            f'<div class="md-grid"><strong>{html.escape(w["internal_title"])}</strong>'
            f'<span>{html.escape(w["internal_text"])}</span></div></aside>')


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


def finish_page(page: str, *, internal: bool = False, lang: str = "zh") -> str:
    """``page`` (a finished HTML page) with its Content-Security-Policy first in ``<head>``
    and, when ``internal``, the robots meta and the internal banner. The policy lists
    the hashes of the page's inline scripts, so it is computed last of all."""
    if internal:
        page = _insert_after(page, (_CHARSET, _HEAD), ROBOTS_META)
        mo = _HEADER.search(page)
        if mo:
            page = page[:mo.start()] + banner_html(lang) + page[mo.start():]
        else:
            page = _insert_after(page, (_BODY,), banner_html(lang))
    return _insert_after(page, (_CHARSET, _HEAD), csp_meta(inline_script_hashes(page)))


__all__ = ["DIRECTIVES", "WORDS", "words", "inline_scripts", "script_hash",
           "inline_script_hashes", "policy", "csp_meta", "banner_html", "finish_page",
           "ROBOTS_META"]

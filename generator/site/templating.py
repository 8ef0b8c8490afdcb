"""The one page layer: one Jinja2 environment over one template folder, one front matter.

Every page of the site (entity pages, index pages, history, changes, the lookup page, the
gaps report, the handover dashboard, the disputes register) is rendered here, by
:func:`render`, from ``generator/site/templates/``. Autoescape is on and undefined names
are errors (StrictUndefined). Labels (remit's own words) are passed as plain strings in
``L`` and escaped by autoescape like everything else; registry text is never pre-escaped.
Links are :class:`~generator.site.urls.Link` values printed by the one ``link`` macro of
``_macros.j2`` (the ``link`` and ``links`` filters call it, cached).

:func:`~generator.outfile.front_matter` is the one writer of a page's YAML front matter
(re-exported here; the Data page of :mod:`generator.publish.export` uses it too).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from generator.outfile import front_matter, yaml_string
from generator.site.urls import Link

TEMPLATES_DIR = Path(__file__).parent / "templates"


# --- filters ------------------------------------------------------------------------------


def text_filter(value: Any) -> Markup:
    """Registry text as HTML: escaped, line breaks kept as ``<br>``."""
    if value is None:
        return Markup("")
    escaped = html.escape(str(value), quote=True)
    return Markup(escaped.replace("\r\n", "\n").replace("\n", "<br>"))


def block_filter(value: Any) -> Markup:
    """A raw HTML block for Markdown: no blank line inside, one blank line around it."""
    body = one_block(str(value))
    return Markup("\n\n" + body + "\n\n") if body else Markup("")


def one_block(value: str) -> str:
    """``value`` with its lines stripped and its blank lines dropped (a raw HTML block
    Markdown leaves alone)."""
    return "\n".join(ln for ln in (ln.strip() for ln in value.splitlines()) if ln)


def xml_text_filter(value: Any) -> Markup:
    """Text for an XML text node: ``&``, ``<`` and ``>`` escaped (quotes need not be), so a
    Markup value (an HTML block carried as text, as in the Atom feed) is escaped too."""
    return Markup(xml_escape(str(value)))


@lru_cache(maxsize=200_000)
def _link_html(value: Link | None) -> Markup:
    return Markup(_macros().link(value))


def link_filter(value: Link | None) -> Markup:
    return _link_html(value)


@jinja2.pass_context
def links_filter(ctx: jinja2.runtime.Context, values: Iterable[Link | None],
                 sep: str | None = None) -> Markup:
    """Links joined by the language's list separator (``L.list_sep``); "—" when none."""
    items = [_link_html(v) for v in values]
    if not items:
        return _link_html(None)
    return Markup(escape(ctx["L"]["list_sep"] if sep is None else sep)).join(items)


class _Environment(jinja2.Environment):
    """Jinja's environment, reading ``row.name`` of a dict as its key first. The pages'
    rows are dicts; Jinja's own order (the attribute, then the key) raised and caught an
    AttributeError for every one of millions of such reads (a sixth of the time the case
    pages took). No template calls a dict's methods (``items``, ``get``...) on a dict
    with a key of that name."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if obj.__class__ is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@cache
def environment() -> jinja2.Environment:
    """The site's one template environment: autoescape on, StrictUndefined; templates are
    read once (no check of their files' times on every page)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text_filter
    env.filters["block"] = block_filter
    env.filters["link"] = link_filter
    env.filters["links"] = links_filter
    env.filters["xml_text"] = xml_text_filter
    return env


@cache
def _macros() -> Any:
    return environment().get_template("_macros.j2").module


def render(template: str, labels: Mapping[str, str] | None = None, **ctx: Any) -> str:
    """``template`` rendered with ``ctx``; ``labels`` (remit's words, plain strings) are
    ``L`` in the template."""
    return environment().get_template(template).render(L=labels or {}, **ctx)


def finish(markdown: str) -> str:
    """A page's Markdown with runs of blank lines folded and one final line break."""
    text = re.sub(r"\n{3,}", "\n\n", markdown.strip("\n"))
    return text + "\n"


__all__ = ["TEMPLATES_DIR", "environment", "render", "front_matter", "yaml_string",
           "finish", "one_block", "text_filter", "block_filter", "link_filter"]

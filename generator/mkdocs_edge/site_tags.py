"""Tags on the site: Material's tags plugin when it runs, remit's own tags otherwise.

- With Material's tags plugin in ``mkdocs.yml`` (``plugins: - tags``), the tags page
  (``tags/``) holds the plugin's listing directive and the plugin draws each page's tag
  chips. A generated page's search words (``keywords`` in its front matter, also under
  ``tags`` for Material's search) are hidden from the plugin while it reads the page's tags
  (:func:`browse_only`) and given back before search indexes the page.
- Without it (``remit render``'s plugin-free output, which leaves the tags plugin out, or a
  site that does not list it), the tags page is remit's own listing
  (:func:`generator.site.tag_pages.tags_page`) and remit puts the chips at the top of every
  tagged page (:func:`with_chips`): the same links, the same look.

Nothing here imports mkdocs.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from generator.site.article_refs import read_front_matter, strip_front_matter
from generator.site.tag_pages import browse_tags, tag_chips

#: Material's listing directive: the tags plugin puts its tags index here.
MATERIAL_LISTING = "<!-- material/tags -->"
_NAMES = ("tags", "material/tags")


def is_tags_plugin(name: str) -> bool:
    """``name`` (a key of MkDocs' plugin collection, or an entry of ``plugins:``) is
    Material's tags plugin: ``tags``, ``material/tags``, ``material/tags #2``."""
    return name.split(" #", 1)[0].strip() in _NAMES


def without_tags_plugin(plugins: Any) -> Any:
    """``plugins`` (as written in mkdocs.yml: a list or a mapping) without Material's tags
    plugin."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if not is_tags_plugin(str(k))}
    if not isinstance(plugins, list):
        return plugins
    out = []
    for p in plugins:
        if isinstance(p, str) and is_tags_plugin(p):
            continue
        if isinstance(p, dict) and any(is_tags_plugin(str(k)) for k in p):
            continue
        out.append(p)
    return out


def browse_only(meta: MutableMapping[str, Any]) -> list[Any] | None:
    """Hide a page's search words from the tags plugin: ``meta['tags']`` becomes its browse
    tags; returns the full list to put back (None when there were no search words)."""
    if not isinstance(meta.get("keywords"), list) or not isinstance(meta.get("tags"), list):
        return None
    full = meta["tags"]
    meta["tags"] = browse_tags(meta)
    return list(full)


def chips_for(meta: Mapping[str, Any], page: str, *, generated: bool,
              directory_urls: bool = True) -> str:
    """The chips of a page with front matter ``meta`` at docs path ``page`` ("" when it has
    no browse tags). A generated page's tags are HTML-escaped in its front matter."""
    tags = browse_tags(meta)
    if generated:
        tags = [html.unescape(x) for x in tags]
    return tag_chips(tags, page, directory_urls=directory_urls)


def with_chips(markdown: str, chips: str) -> str:
    """``markdown`` (a page's text with its front matter, if it has one) with the
    ``chips`` line first in its body."""
    if not chips:
        return markdown
    body = strip_front_matter(markdown)
    head = markdown[:len(markdown) - len(body)]
    return head + ("\n\n" if head else "") + chips + "\n\n" + body.lstrip("\n")


def chips_in_files(files: Iterable[tuple[str, str, bool]], directory_urls: bool = True
                   ) -> dict[str, str]:
    """For ``remit render``: (docs path, Markdown with its front matter, generated) → the
    Markdown with its chips, for the pages that have browse tags."""
    out: dict[str, str] = {}
    for path, text, generated in files:
        head = text[:text.find("\n---", 3) + 1] if text.startswith("---") else ""
        if "tags:" not in head:  # no front matter, or no tags in it
            continue
        chips = chips_for(read_front_matter(text), path, generated=generated,
                          directory_urls=directory_urls)
        if chips:
            out[path] = with_chips(text, chips)
    return out


__all__ = ["MATERIAL_LISTING", "is_tags_plugin", "without_tags_plugin", "browse_only",
           "chips_for", "with_chips", "chips_in_files"]

"""The tags page (``tags/``): every page with browse tags, listed under each tag.

A page's browse tags are the ``tags`` of its front matter, less the ones its
``keywords`` name (search words, see :func:`generator.outfile.front_matter`): an article's
(``tags: [路灯, 移交]``) and any generated page's (a case's tags, written by
``front_matter(tags=...)``). This page is remit's own listing, plain Markdown that any
engine builds: a heading per tag (anchor ``tag:<slug>``, the form Material's tags plugin
uses), the pages under it by title. When Material's tags plugin runs, the MkDocs edge
replaces it by the plugin's listing (:mod:`generator.mkdocs_edge.site_tags`), and the tag
chips link to either. Nothing here imports mkdocs.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from markupsafe import Markup

from generator.outfile import OutFile
from generator.site.article_refs import md_text
from generator.site.templating import finish, front_matter, render
from generator.site.urls import Link, relative_url
from generator.words import t

TAGS_PAGE = "tags/index.md"

_TAG_ELEMENT = re.compile(r"<[^>]*>")
_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)


@dataclass(frozen=True)
class TaggedPage:
    """A page on the tags page: docs path, title (plain text) and browse tags."""

    path: str
    title: str
    tags: tuple[str, ...]


def tag_anchor(name: str) -> str:
    """The anchor of tag ``name`` on the tags page: ``tag:`` and its slug (lower case,
    word characters and dashes, spaces as dashes), as Material's tags plugin makes it."""
    text = unicodedata.normalize("NFC", _TAG_ELEMENT.sub("", name)).lower()
    return "tag:" + _NOT_SLUG.sub("", text).replace(" ", "-")


def browse_tags(meta: Mapping[str, Any]) -> list[str]:
    """The browse tags of a page's front matter: ``tags`` less ``keywords``."""
    tags = meta.get("tags")
    if not isinstance(tags, list):
        return []
    words = meta.get("keywords")
    skip = {str(k) for k in words} if isinstance(words, list) else set()
    out = [str(x) for x in tags if isinstance(x, (str, int, float)) and not isinstance(x, bool)
           and str(x).strip() and str(x) not in skip]
    return list(dict.fromkeys(out))


def generated_tags(f: OutFile) -> list[str]:
    """The browse tags of a generated page, as plain text (the front matter holds them
    HTML-escaped). Cheap for the many pages without tags: only a front matter that has a
    ``tags:`` line is read, and the lists :func:`~generator.outfile.front_matter` writes
    (one JSON string an item) without a YAML parser."""
    if not f.path.endswith(".md") or not isinstance(f.content, str) \
            or not f.content.startswith("---\n"):
        return []
    end = f.content.find("\n---\n", 3)
    if end < 0 or "\ntags:" not in f.content[3:end + 1]:
        return []
    header = f.content[4:end + 1]
    meta = _written_lists(header)
    if meta is None:
        try:
            meta = yaml.load(header, Loader=_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            return []
    if not isinstance(meta, dict):
        return []
    return [html.unescape(x) for x in browse_tags(meta)]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _written_lists(header: str) -> dict[str, list[str]] | None:
    """``tags`` and ``keywords`` of a front matter as ``front_matter`` writes it (``key:``
    then ``  - "item"`` lines), or None when it is written otherwise."""
    out: dict[str, list[str]] = {}
    key: str | None = None
    for line in header.split("\n"):
        if line.startswith("  - "):
            if key is None:
                continue
            try:
                item = json.loads(line[4:])
            except ValueError:
                return None
            if not isinstance(item, str):
                return None
            out[key].append(item)
        elif line in ("tags:", "keywords:"):
            key = line[:-1]
            out[key] = []
        elif line.startswith("tags:") or line.startswith("keywords:"):
            return None  # a flow list or another form: the YAML parser reads it
        else:
            key = None
    return out


def tagged_pages(files: Iterable[OutFile], articles: Iterable[tuple[str, str, Iterable[str]]]
                 ) -> list[TaggedPage]:
    """Every page with browse tags: the generated ``files`` and the ``articles`` (docs path,
    title, tags)."""
    out = [TaggedPage(path, title, tuple(tags)) for path, title, tags in articles]
    for f in files:
        tags = generated_tags(f)
        if tags:
            out.append(TaggedPage(f.path, f.title, tuple(tags)))
    return [p for p in out if p.tags]


def tags_page(pages: Iterable[TaggedPage], lang: str, *, directory_urls: bool = True,
              listing: str | None = None) -> OutFile | None:
    """The tags page, or None when no page has a tag: remit's own listing, or with
    ``listing`` (an engine's listing directive, such as Material's tags plugin's) that in
    its place."""
    by_tag: dict[str, list[TaggedPage]] = {}
    for p in pages:
        for tag in p.tags:
            by_tag.setdefault(tag, []).append(p)
    if not by_tag:
        return None
    tags = []
    for name in sorted(by_tag):
        items = sorted(by_tag[name], key=lambda p: (p.title, p.path))
        tags.append({"name": md_text(name), "anchor": tag_anchor(name),
                     "pages": [Link(p.title, relative_url(TAGS_PAGE, p.path, directory_urls))
                               for p in items]})
    title = t("site.tags_title", lang)
    body = render("tags_index.md.j2", title=title, tags=tags,
                  intro=t("site.tags_intro", lang, n=len(tags)),
                  listing=Markup(listing) if listing else None)  # the engine's own text
    return OutFile(TAGS_PAGE, finish(front_matter(title, search_exclude=True) + body),
                   title=title, nav=True, search=False)


def tag_chips(tags: Iterable[str], page: str, *, directory_urls: bool = True,
              linked: bool = True) -> str:
    """The tags of page ``page`` as a line of chips linking to the tags page, sorted by
    name (for the engines that do not draw them: see
    :mod:`generator.mkdocs_edge.site_tags`); ``linked`` False: chips without links."""
    chips = [Link(md_text(tag), relative_url(page, f"{TAGS_PAGE}#{tag_anchor(tag)}",
                                             directory_urls) if linked else None)
             for tag in sorted(set(tags))]  # by name, as Material's tags plugin shows them
    return render("tag_chips.j2", chips=chips).strip() if chips else ""


__all__ = ["TAGS_PAGE", "TaggedPage", "tag_anchor", "browse_tags", "generated_tags",
           "tagged_pages", "tags_page", "tag_chips"]

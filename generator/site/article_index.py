"""The articles index (``articles/``): every hand-written article, grouped by topic.

An article is every Markdown page of the docs folder but the home page (``index.md``). Its
front matter may say::

    ---
    title: 一户一表                      # else its first "# " heading
    topic: 用电与成本                     # else its first tag, else "其他"
    summary: 一句话说明这篇文章讲什么。   # else its first paragraph
    tags: [电费, 转供电]                  # the tags page and the tag chips
    about: [matter:electricity-cost, asset:meter-park-gate]
    ---

The index lists the topics in the order of their first article, the articles in the
order of the navigation (the ones in folders by path, then the top-level ones), each with
its title (a link), its summary and the registry entities it is about (``about:``, linked
with their current names, escaped: registry text is data). The title and summary are the
site owner's Markdown: the summary stays Markdown, its ``[[kind:id]]`` references become
links and its relative links are rewritten for the index page. Nothing here imports
mkdocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.diagnostics import ERROR, Diagnostic
from generator.directory import Directory
from generator.outfile import OutFile
from generator.site.article_refs import (
    Entity,
    Targets,
    article_title,
    link_html,
    md_text,
    read_front_matter,
    resolve_refs,
    strip_front_matter,
)
from generator.site.labels import labels
from generator.site.tag_pages import TAGS_PAGE, tag_anchor
from generator.site.templating import finish, front_matter, render
from generator.site.urls import Link, relative_url
from generator.words import t

ARTICLES_PAGE = "articles/index.md"
HOME = "index.md"

_LINK = re.compile(r"(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^)\s]+)((?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\))")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BLOCK_START = re.compile(r"^(?: {0,3}(?:#|>|[-*+] |\d+[.)] |\||<|!!!|\?\?\?|\[[^\]]+\]:)"
                          r"| {4}|\t)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class ArticleInfo:
    """One article as the index and the tags page see it. ``summary`` is the site owner's
    Markdown as written (front matter ``summary:``, else the first paragraph)."""

    path: str  # docs path: guide/report.md
    title: str
    topic: str  # "" when neither topic nor tags say one
    summary: str
    about: tuple[Entity, ...]
    tags: tuple[str, ...]
    summary_line: int = 0  # the line of ``summary:`` in the file (0: the first paragraph)
    indexed: bool = True  # False: the home page (its tags count, it is no article)


def _key_line(text: str, key: str) -> int:
    mo = re.search(rf"^{re.escape(key)}[ \t]*:", text, re.M)
    return text.count("\n", 0, mo.start()) + 1 if mo else 1


def first_paragraph(text: str) -> str:
    """The first plain paragraph of an article's body (after its front matter; headings,
    lists, tables, quotes, code, HTML and admonitions skipped), its lines joined."""
    lines: list[str] = []
    fence: str | None = None
    for line in strip_front_matter(text).splitlines():
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            continue
        if fm:
            if lines:
                break
            fence = fm.group(1)
            continue
        if not line.strip():
            if lines:
                break
            continue
        if not lines and _BLOCK_START.match(line):
            continue
        lines.append(line.strip())
    return "\n".join(lines)


def read_articles(sources: Iterable[tuple[str, str, str]]
                  ) -> tuple[list[ArticleInfo], list[Diagnostic]]:
    """Every Markdown page of ``sources`` ((docs path, path shown in messages, text)), in
    the navigation's order: the articles, and the home page marked ``indexed=False`` (not
    an article, but its tags are on the tags page); and the problems of their front matter
    (``tags`` not a list of words, ``topic`` or ``summary`` not text), located."""
    infos: list[ArticleInfo] = []
    problems: list[Diagnostic] = []
    for page, shown, text in sources:
        if not page.endswith(".md"):
            continue
        meta = read_front_matter(text)

        def bad(key: str, message: str, shown: str = shown, text: str = text) -> None:
            problems.append(Diagnostic(ERROR, shown, _key_line(text, key), 1, key, message,
                                       "bad-article-meta"))

        tags: list[str] = []
        raw = meta.get("tags")
        if raw is not None:
            if isinstance(raw, list) and all(isinstance(x, (str, int, float))
                                             and not isinstance(x, bool) for x in raw):
                tags = [str(x).strip() for x in raw if str(x).strip()]
            else:
                bad("tags", f"write the tags as a list of words ([路灯, 移交]), not {raw!r}")
        topic = meta.get("topic")
        if topic is not None and not isinstance(topic, str):
            bad("topic", f"write the topic as text, not {topic!r}")
            topic = None
        summary = meta.get("summary")
        line = 0
        if summary is not None and not isinstance(summary, str):
            bad("summary", f"write the summary as text, not {summary!r}")
            summary = None
        if isinstance(summary, str) and summary.strip():
            line = _key_line(text, "summary")
        else:
            summary = first_paragraph(text)
        about = meta.get("about") or []
        if isinstance(about, str):
            about = [about]
        ents: list[Entity] = []
        for entry in about if isinstance(about, list) else []:
            kind, _, ident = str(entry).partition(":")
            ents.append((kind, ident))
        infos.append(ArticleInfo(page, article_title(text, page),
                                 (topic or "").strip() or (tags[0] if tags else ""),
                                 summary.strip(), tuple(dict.fromkeys(ents)),
                                 tuple(dict.fromkeys(tags)), line, page != HOME))
    problems.sort(key=Diagnostic.sort_key)
    infos.sort(key=_nav_order)
    return infos, problems


def _nav_order(a: ArticleInfo) -> tuple[bool, bool, str, bool, str]:
    """The home page, the articles in folders (by folder, a folder's index first), then
    the top-level ones: the order of the navigation remit makes."""
    folder = a.path.rsplit("/", 1)[0] if "/" in a.path else ""
    return (a.indexed, not folder, folder, not a.path.endswith("/index.md"), a.path)


def summary_problems(infos: Iterable[ArticleInfo], d: Directory,
                     shown: dict[str, str] | None = None) -> list[Diagnostic]:
    """Unknown ``[[kind:id]]`` references in front-matter summaries (the body's are
    :func:`~generator.site.article_refs.scan_articles`'), located in the article file."""
    out: list[Diagnostic] = []
    targets = Targets(d)
    for a in infos:
        if not a.summary_line or "[[" not in a.summary:
            continue
        where = (shown or {}).get(a.path, a.path)
        _, problems = resolve_refs(a.summary, a.path, d, shown=where, targets=targets)
        for x in problems:
            out.append(Diagnostic(x.severity, x.file, a.summary_line + x.line - 1, 0,
                                  "summary", x.message, x.code))
    return out


def rewrite_links(markdown: str, source: str, target: str) -> str:
    """Relative Markdown links and images of ``markdown`` (written in the page at docs
    path ``source``) made relative to the page ``target``; links with a scheme, absolute
    paths and other pages' anchors stay; a bare ``#anchor`` points at ``source``."""
    base = posixpath.dirname(source)
    there = posixpath.dirname(target) or "."

    def repl(mo: re.Match[str]) -> str:
        url = mo.group(2)
        angle = url.startswith("<")
        if angle:
            url = url[1:-1]
        if _SCHEME.match(url) or url.startswith("/"):
            return mo.group(0)
        path, sep, frag = url.partition("#")
        full = posixpath.normpath(posixpath.join(base, path or posixpath.basename(source)))
        new = posixpath.relpath(full, there) + sep + frag
        return mo.group(1) + (f"<{new}>" if angle else new) + mo.group(3)

    return _LINK.sub(repl, markdown)


def articles_page(infos: Sequence[ArticleInfo], d: Directory, *, directory_urls: bool = True,
                  tags_page: bool = False) -> OutFile | None:
    """The articles index, or None when there is no article. ``tags_page``: the site has
    the tags page (each article's tags link to it)."""
    infos = [a for a in infos if a.indexed]
    if not infos:
        return None
    lang = d.registry.site.language
    targets = Targets(d)
    other = t("site.topic_other", lang)
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in infos:
        summary = rewrite_links(a.summary, a.path, ARTICLES_PAGE)
        summary = resolve_refs(summary, ARTICLES_PAGE, d, directory_urls=directory_urls,
                               targets=targets)[0]
        about = []
        for kind, ident in a.about:
            found = targets(kind, ident)
            if found is not None:
                about.append(link_html(found[0], relative_url(ARTICLES_PAGE, found[1],
                                                              directory_urls)))
        tags = [Link(md_text(tag), relative_url(ARTICLES_PAGE, f"{TAGS_PAGE}#{tag_anchor(tag)}",
                                                directory_urls) if tags_page else None)
                for tag in a.tags]
        link = posixpath.relpath(a.path, posixpath.dirname(ARTICLES_PAGE))
        groups.setdefault(a.topic or other, []).append({
            "title": md_text(a.title), "link": link,
            "summary": Markup(summary),  # the site owner's Markdown, left as Markdown
            "about": about, "tags": tags})
    if other in groups:  # the articles without a topic come last
        groups[other] = groups.pop(other)
    title = t("site.articles_title", lang)
    body = render("articles_index.md.j2", labels(lang), title=title,
                  intro=t("site.articles_intro", lang, n=len(infos)),
                  about_label=t("site.articles_about", lang),
                  tags_label=t("site.articles_tags", lang),
                  topics=[{"name": md_text(k), "articles": v} for k, v in groups.items()])
    # out of search: the articles themselves are found, not their summaries here
    return OutFile(ARTICLES_PAGE, finish(front_matter(title, search_exclude=True) + body),
                   title=title, nav=True, search=False)


__all__ = ["ARTICLES_PAGE", "ArticleInfo", "read_articles", "summary_problems",
           "first_paragraph", "rewrite_links", "articles_page"]

"""References from the hand-written articles to the registry, and the backlinks they make.

An article links to an entity with ``[[kind:id]]`` (``[[matter:streetlight-out]]``,
``[[department:service-centre]]``, ``[[asset:road-d3]]``, ``[[escalation:standard]]``,
``[[dispute:ID]]``: its card in the disputes register, shown by its id; ``[[case:ID]]``: the
case's page, ``cases/<id>/``, shown by its title),
which reads well in plain Markdown too. :func:`resolve_refs` replaces each reference by an
inline HTML link to the entity's page, relative to the article's own page, whose text is the
entity's current name, escaped (registry text is data: HTML and Markdown specials are
entities, so ``**x**`` or ``<script>`` show as text). References inside fenced code blocks,
code spans and the YAML front matter are left alone. An unknown reference is a located
error with a "did you mean".

An article's front matter may name the entities it is about
(``about: [matter:streetlight-out, asset:road-d3]``); :func:`scan_articles` reads every
article once and returns, per entity, the articles about it or referencing it (title and
path), which the entity pages list. Nothing here imports mkdocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from markupsafe import Markup, escape

from generator.diagnostics import ERROR, Diagnostic
from generator.directory import Directory
from generator.site.templating import link_filter
from generator.site.urls import AssetHomes, Link, relative_url

KINDS = ("matter", "department", "asset", "escalation", "dispute", "case")
REF = re.compile(r"\[\[([a-z]+):([^\[\]\s|]+)\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.M | re.S)
_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
# Markdown's specials as HTML entities: a name stays text inside the inline HTML link
_MD_SPECIALS = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~:"}

Entity = tuple[str, str]  # (kind, id)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the front matter, fenced code blocks and code spans."""
    spans: list[tuple[int, int]] = []
    mo = _FRONT.match(text)
    pos = mo.end() if mo else 0
    if mo:
        spans.append((0, mo.end()))
    fence: str | None = None
    start = 0
    line_start = pos
    for line in text[pos:].splitlines(keepends=True):
        fm = _FENCE.match(line)
        if fence is None:
            if fm:
                fence, start = fm.group(1), line_start
            else:
                for cm in re.finditer(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", line):
                    spans.append((line_start + cm.start(), line_start + cm.end()))
        elif fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence) \
                and not line[fm.end():].strip():
            spans.append((start, line_start + len(line)))
            fence = None
        line_start += len(line)
    if fence is not None:
        spans.append((start, len(text)))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _ids(d: Directory, kind: str) -> Mapping[str, Any]:
    tables: dict[str, Mapping[str, Any]] = {
        "matter": d.matters, "department": d.departments, "asset": d.assets,
        "escalation": d.paths, "dispute": d.disputes, "case": d.cases}
    return tables.get(kind, {})


class Targets:
    """The entities' names and pages; the asset homes are worked out only when an asset is
    referenced (on a large registry they cost a walk over every asset)."""

    def __init__(self, d: Directory) -> None:
        self.d = d
        self._homes: AssetHomes | None = None

    def __call__(self, kind: str, ident: str) -> tuple[str, str] | None:
        """(name, page path) of the entity ``kind:ident``, or None when there is none."""
        x = _ids(self.d, kind).get(ident)
        if x is None:
            return None
        if kind == "asset":
            if self._homes is None:
                self._homes = AssetHomes(self.d)
            home = self._homes.home.get(ident)
            return (x.name, home) if home else None
        if kind == "dispute":
            return ident, f"disputes/index.md#{ident}"
        if kind == "case":
            return x.title, f"cases/{ident}.md"
        folder = {"matter": "matters", "department": "departments",
                  "escalation": "escalation"}[kind]
        return x.name, f"{folder}/{ident}.md"


def unknown(d: Directory, kind: str, ident: str) -> str:
    """The message for a reference that resolves to nothing."""
    if kind not in KINDS:
        near = difflib.get_close_matches(kind, KINDS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else \
            f"; the kinds are {', '.join(KINDS)}"
        return f"unknown kind of reference '{kind}:{ident}'{hint}"
    near = difflib.get_close_matches(ident, list(_ids(d, kind)), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown {kind} '{ident}'{hint}"


def _problem(shown: str, text: str, pos: int, message: str) -> Diagnostic:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Diagnostic(ERROR, shown, line, col, "", message, "unknown-article-ref")


def md_text(text: str) -> Markup:
    """``text`` shown as itself inside Markdown: escaped for HTML, and Markdown's specials
    written as HTML entities."""
    return Markup(str(escape(text)).translate(_MD_SPECIALS))


def link_html(name: str, url: str) -> Markup:
    """The inline HTML link to an entity: the site's ``link`` macro, the name escaped for
    HTML and for Markdown."""
    return link_filter(Link(md_text(name), url))


def resolve_refs(text: str, page: str, d: Directory, *, directory_urls: bool = True,
                 shown: str | None = None, targets: Targets | None = None
                 ) -> tuple[str, list[Diagnostic]]:
    """``text`` (an article's Markdown, at docs path ``page``) with each ``[[kind:id]]``
    replaced by a link to the entity's page, and the problems (unknown references, located
    in ``shown``, the article's file as the user knows it; default ``page``)."""
    if not REF.search(text):
        return text, []
    target = targets or Targets(d)
    spans = _code_spans(text)
    problems: list[Diagnostic] = []

    def repl(mo: re.Match[str]) -> str:
        if _inside(mo.start(), spans):
            return mo.group(0)
        kind, ident = mo.group(1), mo.group(2)
        found = target(kind, ident) if kind in KINDS else None
        if found is None:
            problems.append(_problem(shown or page, text, mo.start(),
                                     unknown(d, kind, ident)))
            return mo.group(0)
        name, path = found
        return str(link_html(name, relative_url(page, path, directory_urls)))

    return REF.sub(repl, text), problems


@dataclass
class ArticleIndex:
    """What the articles say about the registry: per entity, the articles about it or
    referencing it, as (title, docs path), and the problems found."""

    backlinks: dict[Entity, list[tuple[str, str]]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


def article_title(text: str, page: str) -> str:
    """The article's front-matter ``title``, else its first ``# `` heading, else its name."""
    meta = _front_matter(text)
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    spans = _code_spans(text)
    for mo in _TITLE.finditer(text):
        if not _inside(mo.start(), spans):
            return mo.group(1)
    stem = page.rsplit("/", 1)[-1].removesuffix(".md")
    return stem.replace("-", " ").replace("_", " ") or page


def strip_front_matter(text: str) -> str:
    """An article's text without its YAML front matter."""
    mo = _FRONT.match(text)
    return text[mo.end():] if mo else text


def read_front_matter(text: str) -> dict[str, Any]:
    """An article's front matter as a mapping (empty when it has none or it is no
    mapping)."""
    return _front_matter(text)


def _front_matter(text: str) -> dict[str, Any]:
    mo = _FRONT.match(text)
    if not mo:
        return {}
    body = mo.group(0).split("\n", 1)[1].rsplit("\n", 1)[0]
    try:
        meta = yaml.safe_load(body)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def scan_articles(sources: Iterable[tuple[str, str, str]], d: Directory) -> ArticleIndex:
    """Read every article once: ``sources`` are (docs path, path shown in messages, text).
    Returns the backlinks (``about:`` entries and ``[[kind:id]]`` references) and every
    unknown reference, located."""
    out = ArticleIndex()
    target = Targets(d)
    for page, shown, text in sources:
        _, problems = resolve_refs(text, page, d, shown=shown, targets=target)
        out.problems += problems
        found: list[Entity] = []
        spans = _code_spans(text)
        for mo in REF.finditer(text):
            if not _inside(mo.start(), spans):
                found.append((mo.group(1), mo.group(2)))
        about = _front_matter(text).get("about") or []
        if isinstance(about, str):
            about = [about]
        for entry in about if isinstance(about, list) else []:
            kind, _, ident = str(entry).partition(":")
            if target(kind, ident) is None:
                pos = max(text.find(str(entry)), 0)
                out.problems.append(_problem(shown, text, pos, unknown(d, kind, ident)))
                continue
            found.append((kind, ident))
        title = article_title(text, page)
        for ent in dict.fromkeys(found):
            if target(*ent) is not None:
                out.backlinks.setdefault(ent, []).append((title, page))
    out.problems.sort(key=Diagnostic.sort_key)
    return out

"""QR labels drawn: the site's printable label pages, the sheet and the single-label SVG of
``remit labels``.

What goes on a label and the address its code carries are decided by
:mod:`generator.publish.qr_labels`; this module draws them through the one template layer
(``templates/qr_*``), so every registry string is escaped and the codes are SVG made at
build time (no script, nothing fetched).

A label is 50 x 70 mm: the code (44 mm with its quiet zone), the asset id in large
monospace, the name (two lines at most), "扫码报修 · Scan to report" and the site's host.
A sheet is A4, three columns by four rows, with dashed cutting lines
(``templates/qr_labels.css``, which the site's stylesheet includes and the standalone sheet
inlines; the print rules use a named page, so only the label pages print on A4 without
margins of the site's own).

The site has one label page per street-light circuit and per road
(:data:`~generator.publish.qr_labels.SHEET_TYPES`), ``labels/<id>.md``, linked from the
asset's page and kept out of the navigation and of search. A page holds the asset itself
and everything part of it, except what has a label page of its own (a road's circuits,
which are linked instead): every asset is printed from exactly one page; ``labels/`` lists
them all. The pages need the
site's address (``site_url`` of mkdocs.yml) for the codes, and are built while the site
would hold at most :data:`~generator.publish.qr_labels.SITE_LABELS_MAX` labels in all;
beyond that (or without ``site_url``) there are none and ``remit labels`` prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from generator import model as m
from generator.directory import Directory
from generator.outfile import OutFile
from generator.publish.qr_labels import (
    SHEET_TYPES,
    SITE_LABELS_MAX,
    Label,
    LabelError,
    descendants,
    make_labels,
    normalize_base,
)
from generator.site.templating import TEMPLATES_DIR, finish, front_matter, render
from generator.site.urls import Link, Links
from generator.words import asset_type_name, table
from generator.words import t as word

#: Label size in the single-label SVG's units (tenths of a millimetre).
_W, _H = 500, 700
_TEXT_W = 460  # the widest a line of text may be
_ID_SIZE, _NAME_SIZE = 44, 28


@dataclass(frozen=True)
class Sheet:
    """One label page: the asset it is for, the assets on it (the asset first) and the
    assets part of it that have pages of their own."""

    root: m.Asset
    assets: tuple[m.Asset, ...]
    subsheets: tuple[m.Asset, ...]


def sheets(d: Directory) -> list[Sheet]:
    """The label pages of ``d``: one per asset of a sheet type, in registry order."""
    out = []
    for root in d.registry.assets:
        if root.type not in SHEET_TYPES:
            continue
        own: list[m.Asset] = [root]
        subs: list[m.Asset] = []
        skip: set[str] = set()
        for a in descendants(d, root):
            if a.part_of in skip:
                skip.add(a.id)
            elif a.type in SHEET_TYPES:
                subs.append(a)
                skip.add(a.id)
            else:
                own.append(a)
        out.append(Sheet(root, tuple(own), tuple(subs)))
    return out


def site_sheets(d: Directory, site_url: str | None,
                max_labels: int = SITE_LABELS_MAX) -> list[Sheet]:
    """The label pages the site gets: none without a usable ``site_url`` or past
    ``max_labels`` labels in all."""
    if not site_url:
        return []
    try:
        normalize_base(site_url)
    except LabelError:
        return []
    found = sheets(d)
    if sum(len(s.assets) for s in found) > max_labels:
        return []
    return found


#: The list of every label page (not in the navigation; each label page links it).
INDEX = "labels/index.md"


def sheet_path(asset_id: str) -> str:
    return f"labels/{asset_id}.md"


@cache
def stylesheet() -> str:
    """The labels' styles, for the site's stylesheet and the standalone sheet."""
    return (TEMPLATES_DIR / "qr_labels.css").read_text(encoding="utf-8")


def words(lang: str) -> dict[str, str]:
    """The labels' words in ``lang`` (``qr.*`` of the catalogue, and the list separator)."""
    return {**table("qr", lang), "list_sep": word("site.list_sep", lang),
            "colon": word("site.colon", lang)}


def _card(label: Label) -> dict[str, Any]:
    return {"id": label.asset.id, "name": label.asset.name, "host": label.host,
            "url": label.url, "qr": Markup(label.qr_svg),
            "matter": label.matter.name if label.matter else ""}


def label_files(d: Directory, site_url: str | None, *, directory_urls: bool = True,
                max_labels: int = SITE_LABELS_MAX) -> list[OutFile]:
    """The site's label pages (:func:`site_sheets`), ``labels/<id>.md``."""
    found = site_sheets(d, site_url, max_labels)
    if not found:
        return []
    assert site_url is not None
    base = normalize_base(site_url)
    lang = d.registry.site.language
    L = words(lang)
    links = Links(d, directory_urls)
    out = []
    rows: list[tuple[m.Asset, str, int]] = []  # the list page: asset, type, labels
    for s in found:
        links.page = sheet_path(s.root.id)
        labels = make_labels(d, s.assets, base, directory_urls=directory_urls)
        title = word("qr.title", lang, name=s.root.name)
        matters = list(dict.fromkeys(x.matter.name for x in labels if x.matter))
        kind = asset_type_name(d.asset_types[s.root.type], lang) \
            if s.root.type in d.asset_types else s.root.type
        ctx = {
            "title": title, "cards": [_card(x) for x in labels],
            "count": word("qr.count", lang, n=len(labels)), "type": kind,
            "back": links.asset(s.root.id) or Link(s.root.name, None),
            "index": Link(L["all_sheets"], links.url(INDEX)),
            "subsheets": [Link(x.name, links.url(sheet_path(x.id))) for x in s.subsheets],
            "matters": matters, "base": base,
        }
        rows.append((s.root, kind, len(labels)))
        body = render("qr_sheet_page.md.j2", L, **ctx)
        out.append(OutFile(sheet_path(s.root.id), finish(front_matter(
            title, search_exclude=True, hide=("navigation", "toc")) + body), title=title,
            search=False))
    links.page = INDEX
    title = word("qr.sheet_title", lang)
    body = render("qr_index.md.j2", L, title=title, base=base, rows=[
        {"link": Link(a.name, links.url(sheet_path(a.id))), "type": kind, "count": n}
        for a, kind, n in rows])
    out.append(OutFile(INDEX, finish(front_matter(title, search_exclude=True) + body),
                       title=title, search=False))
    return out


def sheet_html(labels: Sequence[Label], lang: str, title: str) -> str:
    """The standalone, print-ready sheet of ``labels``: one HTML file, its styles inline,
    no script, nothing fetched."""
    L = words(lang)
    matters = list(dict.fromkeys(x.matter.name for x in labels if x.matter))
    base = labels[0].url.split("lookup/", 1)[0] if labels else ""
    return render("qr_sheet.html.j2", L, lang=lang, title=title,
                  cards=[_card(x) for x in labels], css=Markup(stylesheet()),
                  count=word("qr.count", lang, n=len(labels)), matters=matters, base=base)


def _width(text: str, size: float) -> float:
    """The width of ``text`` at font size ``size``: wide (CJK) characters one em, the rest
    about half."""
    return sum(size if ord(c) > 0x2E7F else size * 0.55 for c in text)


def _lines(text: str, size: float, width: float, most: int) -> list[str]:
    """``text`` broken into at most ``most`` lines of ``width``; "…" ends a cut line."""
    lines: list[str] = []
    cur = ""
    for c in text:
        if _width(cur + c, size) > width:
            lines.append(cur)
            cur = c.lstrip() if c.isspace() else c
            if len(lines) == most:
                break
        else:
            cur += c
    else:
        if cur:
            lines.append(cur)
        return lines
    last = lines[-1]
    while last and _width(last + "…", size) > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return lines


def label_svg(label: Label, lang: str) -> str:
    """One label as a 50 x 70 mm SVG file (white background, for a sticker printer or a
    layout program)."""
    L = words(lang)
    id_size = min(_ID_SIZE, round(_TEXT_W / (0.6 * max(1, len(label.asset.id))), 1))
    return render("qr_label.svg.j2", L, card=_card(label), w=_W, h=_H, id_size=id_size,
                  name_size=_NAME_SIZE,
                  name_lines=_lines(label.asset.name, _NAME_SIZE, _TEXT_W, 2))


__all__ = ["Sheet", "sheets", "site_sheets", "sheet_path", "stylesheet", "label_files",
           "sheet_html", "label_svg", "words", "INDEX"]

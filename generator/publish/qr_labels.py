"""QR labels for assets in the field: which assets, which address each code carries.

A label is a sticker for a lamp pole, a meter box or a valve cover: a QR code that opens
the site's "谁来负责？" page with the asset (and its most common matter) filled in, and the
asset's id and name printed under it. This module decides *what* goes on the labels; the
sheet, the single-label SVG and the site's label pages are drawn by
:mod:`generator.site.label_pages`.

The address (:func:`lookup_url`) is short and survives a site move as far as a printed code
can: ``<base>lookup/?a=<asset id>&m=<matter id>`` -- ids only, never names, and no path
but the lookup page's. The base is the site's ``site_url`` (``remit labels --base-url``
overrides it). Moving the site to another address means keeping a redirect from the old
``<base>lookup/`` to the new one (query kept) -- or reprinting every label: printed codes
cannot change.

The matter a code carries (:func:`default_matters`): the first matter, in registry order,
whose ``asset_types`` name the asset's type -- the order of ``matters:`` is the service
centre's own ranking, so putting the most reported matter first (路灯不亮 before 灯杆倾斜)
decides it. An asset whose type no matter names gets a code with the asset only (the
lookup page then asks what is wrong). ``remit labels --matter`` overrides the rule.

Error correction is level Q (about 25% of the code may be dirty, scratched or covered and
it still reads), chosen for outdoor stickers; the version is the smallest that holds the
address, and the mask is chosen by the standard's penalty rules (segno).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import segno

from generator import model as m
from generator.directory import Directory
from generator.load.shape import suggest
from generator.words import LANGUAGES, asset_type_name

#: Error correction for outdoor stickers: Q restores about 25% of the code.
ERROR_LEVEL = "q"
#: Modules of blank margin around each code, as the QR standard requires.
QUIET_ZONE = 4
#: The types that get a printable label page on the site (one per asset of these types).
SHEET_TYPES = ("street-light-circuit", "road")
#: Label pages are built while the site would print at most this many labels in all;
#: beyond that ``remit labels`` prints them (see :mod:`generator.site.label_pages`).
SITE_LABELS_MAX = 2000


class LabelError(Exception):
    """What the user asked for cannot be labelled; ``problems`` lists every reason.
    ``code`` is the exit status: 2 for a usage error, 1 when nothing matched."""

    def __init__(self, problems: Sequence[str], code: int = 2) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)
        self.code = code


@dataclass(frozen=True)
class Label:
    """One sticker: the asset, the matter its code carries (None: asset only), the address
    the code carries, and the host printed under it."""

    asset: m.Asset
    matter: m.Matter | None
    url: str
    host: str

    @property
    def qr_svg(self) -> str:
        """The code as an SVG element (no text in it), ``viewBox`` in modules."""
        return qr_svg(self.url)


# --- the address ---------------------------------------------------------------------------


def normalize_base(url: str) -> str:
    """The site's address as the labels' base: ``https://host/path/`` (one trailing
    slash). :class:`LabelError` when it is not an absolute http(s) address without a query
    or fragment."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError as exc:
        raise LabelError([f"the base URL '{text}' cannot be read ({exc})"]) from None
    fix = "give the site's address, such as https://remit.example.org/"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LabelError([f"the base URL '{text}' is not an http(s) address with a host; {fix}"])
    if parts.query or parts.fragment:
        raise LabelError([f"the base URL '{text}' has a query or fragment; {fix}"])
    if any(c.isspace() for c in text):
        raise LabelError([f"the base URL '{text}' contains a space; {fix}"])
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def host_of(base: str) -> str:
    """The address as printed under a code: host and path, no scheme, no trailing slash."""
    parts = urlsplit(base)
    return (parts.netloc + parts.path).rstrip("/")


def lookup_url(base: str, asset_id: str, matter_id: str | None = None, *,
               directory_urls: bool = True) -> str:
    """``<base>lookup/?a=ASSET&m=MATTER`` (``lookup/index.html?...`` when the site is built
    without directory URLs). ``base`` as :func:`normalize_base` returns it."""
    page = "lookup/" if directory_urls else "lookup/index.html"
    query = "a=" + quote(asset_id, safe="")
    if matter_id:
        query += "&m=" + quote(matter_id, safe="")
    return f"{base}{page}?{query}"


# --- the code -------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url``: level Q, the smallest version that holds it, never Micro QR."""
    return segno.make(url, error=ERROR_LEVEL, boost_error=False, micro=False)


@lru_cache(maxsize=8192)
def qr_svg(url: str) -> str:
    """The code of ``url`` as an ``<svg>`` element with its quiet zone, black on white, the
    ``viewBox`` in modules and no size (the page or the label sizes it)."""
    return str(qr_code(url).svg_inline(border=QUIET_ZONE, dark="#000", light="#fff",
                                       svgclass="remit-qr-svg", lineclass=None,
                                       omitsize=True))


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same code as a PNG (for tests and tools that take an image)."""
    buf = io.BytesIO()
    qr_code(url).save(buf, kind="png", scale=scale, border=QUIET_ZONE)
    return buf.getvalue()


# --- what gets a label ----------------------------------------------------------------------


def default_matters(d: Directory) -> dict[str, m.Matter]:
    """Asset type -> the matter its labels carry: the first matter in registry order whose
    ``asset_types`` name the type."""
    out: dict[str, m.Matter] = {}
    for x in d.registry.matters:
        for t in x.asset_types:
            out.setdefault(t, x)
    return out


def descendants(d: Directory, root: m.Asset) -> list[m.Asset]:
    """The assets that are part of ``root``, at any depth, in registry order below each
    parent (depth first: a circuit's lamps follow the circuit). Cycle-safe."""
    out: list[m.Asset] = []
    seen = {root.id}
    stack = list(reversed(d.parts.get(root.id, ())))
    while stack:
        a = stack.pop()
        if a.id in seen:
            continue
        seen.add(a.id)
        out.append(a)
        stack.extend(reversed(d.parts.get(a.id, ())))
    return out


def _unknown(what: str, word: str, candidates: Iterable[str], hint: str) -> str:
    pool = sorted(candidates)
    near = suggest(word, pool)
    mean = f"; did you mean '{near}'?" if near else ""
    return f"unknown {what} '{word}'{mean} ({hint})"


def _by_name(word: str, named: Iterable[tuple[str, str]]) -> list[str]:
    """The ids whose name is ``word`` (case and surrounding spaces ignored)."""
    key = word.strip().casefold()
    return sorted({i for i, name in named if name.strip().casefold() == key})


def _resolve(word: str, ids: Iterable[str], named: Iterable[tuple[str, str]], what: str,
             hint: str, problems: list[str]) -> str | None:
    """``word`` as an id: the id itself, or the one entry named so; else a problem (several
    entries of that name are listed)."""
    pool = set(ids)
    if word in pool:
        return word
    found = _by_name(word, named)
    if len(found) == 1:
        return found[0]
    if found:
        problems.append(f"{len(found)} {what}s are named '{word}': {', '.join(found)}; give "
                        "one of these ids")
        return None
    problems.append(_unknown(what, word, pool, hint))
    return None


class Selection(NamedTuple):
    """What :func:`select` chose: the assets in order, the matter every code carries (None:
    each type's default), the parent and the types as resolved ids."""

    assets: list[m.Asset]
    matter: m.Matter | None
    parent: m.Asset | None
    types: list[str]


def select(d: Directory, types: Sequence[str] = (), parent: str | None = None,
           matter: str | None = None) -> Selection:
    """The assets to label -- those of ``types`` (any type when empty) that are ``parent``
    itself or part of it at any depth (any asset when None) -- and the matter that
    overrides the default one. Each is an id or an exact name (路灯, 保税大道, 路灯不亮).
    :class:`LabelError` lists every problem at once: unknown types, parent or matter (with
    "did you mean"), a name several entries share, a matter that does not apply to a
    chosen asset's type, nothing chosen, nothing matching."""
    problems: list[str] = []
    if not types and not parent:
        raise LabelError(["say which assets to label: --type TYPE (repeatable) and/or "
                          "--parent ASSET (it and everything part of it)"])
    type_names = [(t.id, asset_type_name(t, lang)) for t in d.asset_types.values()
                  for lang in LANGUAGES]
    type_ids = [_resolve(t, d.asset_types, type_names, "asset type",
                         "types: " + ", ".join(sorted(d.asset_types)), problems)
                for t in types]
    root: m.Asset | None = None
    if parent:
        found = _resolve(parent, d.assets, ((a.id, a.name) for a in d.registry.assets),
                         "asset", "--parent takes an asset id or name, as the site shows "
                         "them", problems)
        root = d.assets[found] if found else None
    chosen: m.Matter | None = None
    if matter:
        found = _resolve(matter, d.matters, ((x.id, x.name) for x in d.registry.matters),
                         "matter", "--matter takes a matter id or name", problems)
        chosen = d.matters[found] if found else None
    if problems:
        raise LabelError(problems)
    types = [t for t in type_ids if t]
    pool = [root, *descendants(d, root)] if root is not None else list(d.registry.assets)
    wanted = set(types)
    assets = [a for a in pool if not wanted or a.type in wanted]
    if not assets:
        where = f" in '{parent}' and its parts" if parent else ""
        kinds = f" of type {', '.join(types)}" if types else ""
        raise LabelError([f"no asset{kinds}{where}: nothing to label"], code=1)
    if chosen is not None and chosen.asset_types:
        off = sorted({a.type for a in assets} - set(chosen.asset_types))
        if off:
            raise LabelError([f"matter '{chosen.id}' does not apply to asset type "
                              f"{', '.join(off)} (its asset_types: "
                              f"{', '.join(chosen.asset_types)}); leave --matter out to use "
                              "each type's first matter, or choose the assets with --type"])
    return Selection(assets, chosen, root, list(types))


def make_labels(d: Directory, assets: Iterable[m.Asset], base: str, *,
                matter: m.Matter | None = None, directory_urls: bool = True) -> list[Label]:
    """One :class:`Label` per asset, in the given order. ``base`` as :func:`normalize_base`
    returns it; ``matter`` overrides each type's default matter."""
    defaults = default_matters(d) if matter is None else {}
    host = host_of(base)
    out = []
    for a in assets:
        x = matter or defaults.get(a.type)
        out.append(Label(a, x, lookup_url(base, a.id, x.id if x else None,
                                          directory_urls=directory_urls), host))
    return out


__all__ = ["ERROR_LEVEL", "QUIET_ZONE", "SHEET_TYPES", "SITE_LABELS_MAX", "Label",
           "LabelError", "normalize_base", "host_of", "lookup_url", "qr_code", "qr_svg",
           "qr_png", "default_matters", "descendants", "Selection", "select", "make_labels"]

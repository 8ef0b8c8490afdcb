"""Pass 1, the shape of every value: each field's raw value checked against its kind.

:func:`build_obj` checks one mapping against the declared fields of an entity class
(``model.fields_of``): unknown fields ("did you mean"), required fields, and each value
through :func:`check_value`, which dispatches on the kind's class (:data:`CHECKERS`). The
checkers collect located diagnostics in a :class:`Ctx` and record references for pass 2
(``validate.py``). The kinds themselves (``model/kinds.py``) say what the schema, the docs
and the exports make of a value; checking a raw one needs this loader's door for text
(``source.py``'s character policy, ``site.limits``), so it lives here.
"""


from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from generator import model as m
from generator.diagnostics import ERROR, Diagnostic
from generator.load.source import (
    bad_char,
    char_kind,
    char_problem,
    full_width_colon_hint,
    printable,
    strip_bad,
    with_hint,
)
from generator.model.nodes import BadScalar, YMap, YSeq

#: A valid id. ``\Z``, not ``$``: ``$`` would also match before a final line feed.
ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
_ID_CHARS = re.compile(r"[^a-z0-9-]+")
_DUR_RE = re.compile(
    r"^\s*(\d+)\s*(h|hours?|小时|d|days?|天|日|wd|working days?|个?工作日)\s*$", re.I)
_EMAIL_RE = re.compile(r"^[^@\s<>\"'`]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^[+0-9（）()\-\s./,，、转分机extEXT#*]+$")
_URL_SCHEMES = ("https:", "http:", "mailto:", "tel:")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\Z")
_SPAN_RE = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+)\s*\Z")
#: The longest span of days a calendar entry may cover (a typo in a year would otherwise
#: make millions of days).
MAX_SPAN_DAYS = 366


# --- context ------------------------------------------------------------------------------

Container = YMap | YSeq


class Ctx:
    """Collects diagnostics and the references seen during pass 1."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        # (kind, id, container, key, path)
        self.refs: list[tuple[str, str, Any, Any, str]] = []
        # ids rejected for capital letters: (lower-cased id, container, key, path)
        self.case_ids: list[tuple[str, Any, Any, str]] = []
        #: site.limits of the main file (the defaults until it is read)
        self.limits = m.Limits()

    def pos(self, c: Any, key: Any) -> tuple[str, int, int]:
        if isinstance(c, YSeq):
            line, col = c.item_pos(key)
            return c.file, line, col
        if isinstance(c, YMap):
            line, col = c.value_pos(key) if key is not None else (c.line, c.col)
            return c.file, line, col
        return "", 0, 0

    def key_pos(self, c: YMap, key: str) -> tuple[str, int, int]:
        line, col = c.key_pos(key)
        return c.file, line, col

    def error(self, c: Any, key: Any, path: str, message: str, code: str,
              ids: tuple[str, ...] = (), at_key: bool = False, hint: str = "") -> None:
        if at_key and isinstance(c, YMap):
            file, line, col = self.key_pos(c, key)
        else:
            file, line, col = self.pos(c, key)
        self.diags.append(Diagnostic(ERROR, file, line, col, shown(path),
                                     with_hint(shown(message), shown(hint)),
                                     code, tuple(shown(i) for i in ids)))


def shown(s: str, most: int = 1000) -> str:
    """Registry text as a message may quote it: escaped (:func:`source.printable`) and, when
    a huge key or value found its way into it, cut to ``most`` characters."""
    return printable(s if len(s) <= most else s[: most - 1] + "…")


def raw_of(c: Any, key: Any) -> str | None:
    if isinstance(c, (YMap, YSeq)):
        return c.raw(key)
    return None


def describe(v: Any) -> str:
    if v is None:
        return "nothing (an empty value)"
    if isinstance(v, bool):
        return f"the boolean {'true' if v else 'false'}"
    if isinstance(v, int):
        return f"the number {v}"
    if isinstance(v, float):
        return f"the number {v:g}"
    if isinstance(v, dt.date):
        return f"the date {v.isoformat()}"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, str):
        return f"the text '{_short(v)}'"
    return type(v).__name__


def _short(s: str, n: int = 40) -> str:
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[: n - 1] + "…"


def wrong_type(ctx: Ctx, c: Any, key: Any, path: str, expected: str, v: Any) -> None:
    raw = raw_of(c, key)
    if isinstance(v, BadScalar):
        ctx.error(c, key, path, f"{v.text} is {v.problem}; if it is meant as text, quote it: "
                  f"\"{v.text}\"", "yaml-surprise")
    elif raw is not None and not isinstance(v, (dict, list)):
        extra = " (YAML 1.1 reads digits with ':' as base 60)" if ":" in raw else ""
        extra = extra or (" (YAML 1.1 reads a leading 0 as octal)"
                          if re.fullmatch(r"[-+]?0[0-7_]+", raw) else "")
        ctx.error(c, key, path, f"expected {expected}, but YAML reads unquoted {raw} as "
                  f"{describe(v)}{extra}; quote it: \"{raw}\"", "yaml-surprise")
    elif isinstance(v, str) and (slip := full_width_colon_hint(v)) is not None:
        ctx.error(c, key, path, f"expected {expected}, got the text '{v}': {slip[1]}",
                  "full-width-colon", hint=slip[2])
    else:
        ctx.error(c, key, path, f"expected {expected}, got {describe(v)}", "wrong-type")


def suggest(word: str, candidates: dict[str, str] | list[str], limit: int = 5000) -> str | None:
    """The closest candidate, for "did you mean ...?"."""
    if len(word) > 200:  # no candidate is that long; difflib would take its time
        return None
    if isinstance(candidates, dict):
        hit = candidates.get(word) or candidates.get(word.casefold())
        if hit:
            return hit
        pool = list(candidates)
    else:
        pool = list(candidates)
    if len(pool) > limit:
        pool = [c for c in pool if c[:1] == word[:1]][:limit]
    best = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not best:
        return None
    return candidates[best[0]] if isinstance(candidates, dict) else best[0]


# --- pass 1: shape ------------------------------------------------------------------------


def check_text(ctx: Ctx, v: Any, c: Any, key: Any, path: str, multiline: bool,
               limit: int = 0) -> str | None:
    """The door every text value passes: type, line breaks, characters (see the policy in
    source.py), emptiness and length (``site.limits``; ``limit`` overrides the one-line
    limit, for URLs). Returns the text (cleaned after a character error), or None when it
    is unusable (wrong type, too long: a cut value would raise errors of its own)."""
    if v.__class__ is not str:
        wrong_type(ctx, c, key, path, "text", v)
        return None
    if not multiline and ("\n" in v or "\r" in v):
        ctx.error(c, key, path, "must be a single line; put longer text in 'notes' or "
                  "'summary'", "multiline")
        v = v.replace("\r", " ").replace("\n", " ")
    elif not v.strip():
        ctx.error(c, key, path, "is empty; fill it in or remove the line", "empty")
    ch = bad_char(v, multiline)
    if ch is not None:
        ctx.error(c, key, path, char_problem(ch), "control-char" if ch < "\xa0" else "bad-char")
        v = strip_bad(v, multiline)
    lim = ctx.limits
    most = lim.text_chars if multiline else limit or lim.name_chars
    if len(v) > most:
        setting = "text_chars" if multiline else "url_chars" if limit else "name_chars"
        what = "multi-line text" if multiline else "a URL" if limit else "one-line text"
        hint = "" if multiline or limit else " (put longer text in 'notes' or 'summary')"
        ctx.error(c, key, path, f"is {len(v):,} characters long, more than the limit of "
                  f"{most:,} for {what} (site.limits.{setting}); shorten it{hint}, or raise "
                  f"site.limits.{setting} in departments.yaml", "too-long")
        return None  # unusable: a cut value would raise errors of its own
    return v


def check_id(ctx: Ctx, v: Any, c: Any, key: Any, path: str, kind: str = "id") -> str | None:
    if v.__class__ is not str:
        wrong_type(ctx, c, key, path, f"an {kind} (text)", v)
        return None
    if ID_RE.match(v):
        if kind == "id" and v in m.RESERVED_IDS:
            ctx.error(c, key, path, f"'{v}' is reserved for the site's own pages; "
                      f"choose another id, e.g. '{v}-1'", "reserved-id", (v,))
            return None
        return v
    bad = bad_char(v)
    fixed = _ID_CHARS.sub("-", strip_bad(v).casefold()).strip("-")[:63].strip("-")
    why = "longer than 63 characters" if len(v) > 63 else (
        f"contains {char_kind(bad)}" if bad else
        "ends with a hyphen" if v.endswith("-") else
        "has capital letters" if v != v.lower() and ID_RE.match(v.lower()) else
        "may only use a-z, 0-9 and '-', starting with a letter or digit")
    hint = f"; did you mean '{fixed}'?" if fixed and ID_RE.match(fixed) else ""
    if kind == "id" and v != v.lower() and ID_RE.match(v.lower()):
        ctx.case_ids.append((v.lower(), c, key, path))
    extra = "; put names in 'name' or 'aliases'" if not v.isascii() and not bad else ""
    ctx.error(c, key, path, f"bad {kind} '{_short(v)}': {why}{hint}{extra}", "bad-id", (v,))
    return None


def check_date(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> dt.date | None:
    if v.__class__ is dt.date:
        return v  # type: ignore[no-any-return]
    if isinstance(v, str):
        mm = _ISO_DATE.match(v)
        if mm:
            try:
                return dt.date(int(mm[1]), int(mm[2]), int(mm[3]))
            except ValueError as exc:
                ctx.error(c, key, path, f"{v} is not a real date ({exc})", "bad-date")
                return None
        ctx.error(c, key, path, f"'{_short(v)}' is not a date; write YYYY-MM-DD", "bad-date")
        return None
    if isinstance(v, BadScalar):
        ctx.error(c, key, path, f"{v.text} is {v.problem}; write a real date as YYYY-MM-DD",
                  "bad-date")
        return None
    wrong_type(ctx, c, key, path, "a date (YYYY-MM-DD)", v)
    return None


def check_date_span(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> m.DateSpan | None:
    """A day (``2026-10-01``, quoted or not) or a span ``2026-10-01..2026-10-08``."""
    if v.__class__ is str and (mm := _SPAN_RE.match(v)) is not None:
        a = check_date(ctx, mm[1], c, key, path)
        b = check_date(ctx, mm[2], c, key, path) if a is not None else None
        if a is None or b is None:
            return None
        if b < a:
            ctx.error(c, key, path, f"the span {_short(v)} ends before it starts; write the "
                      f"earlier day first: {b.isoformat()}..{a.isoformat()}", "bad-date")
            return None
        if (b - a).days >= MAX_SPAN_DAYS:
            ctx.error(c, key, path, f"the span {_short(v)} covers {(b - a).days + 1} days, "
                      f"more than {MAX_SPAN_DAYS}; check the years", "bad-date")
            return None
        return m.DateSpan(a, b, f"{a.isoformat()}..{b.isoformat()}")
    d = check_date(ctx, v, c, key, path)
    return m.DateSpan(d, d, d.isoformat()) if d is not None else None


def check_point(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> tuple[float, float] | None:
    """``[longitude, latitude]`` in WGS84 degrees."""
    if not isinstance(v, YSeq) or len(v) != 2:
        if isinstance(v, YSeq):
            ctx.error(c, key, path, f"a place is [longitude, latitude], two numbers; got "
                      f"{len(v)}", "bad-geometry")
        else:
            wrong_type(ctx, c, key, path, "[longitude, latitude]", v)
        return None
    problem = check_lonlat(v[0], v[1])
    if problem:
        ctx.error(c, key, path, f"[longitude, latitude]: {problem}", "bad-geometry")
        return None
    return float(v[0]), float(v[1])


def parse_duration(text: str) -> m.Duration | None:
    mm = _DUR_RE.match(text)
    if not mm:
        return None
    unit = mm[2].lower()
    u = "h" if unit[0] in "h小" else ("wd" if ("work" in unit or "工作" in unit or unit == "wd")
                                      else "d")
    return m.Duration(int(mm[1]), u, text.strip())


def check_duration(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> m.Duration | None:
    if isinstance(v, str):
        d = parse_duration(v)
        if d:
            return d
        ctx.error(c, key, path, f"'{_short(v)}' is not a duration; write e.g. 3d, 4h or "
                  "'10 working days'", "bad-duration")
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        ctx.error(c, key, path, f"a duration needs a unit: write {v}d (days), {v}h (hours) "
                  f"or '{v} working days'", "bad-duration")
        return None
    wrong_type(ctx, c, key, path, "a duration (3d, 4h, 10 working days)", v)
    return None


def check_url(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> str | None:
    s = check_text(ctx, v, c, key, path, False, ctx.limits.url_chars)
    if s is None:
        return None
    low = "".join(s.split()).lower()
    if not low.startswith(_URL_SCHEMES):
        scheme = low.split(":", 1)[0] + ":" if ":" in low else ""
        why = (f"unsafe URL scheme '{scheme}'" if scheme and not scheme.startswith("//")
               else f"'{_short(s)}' is not a full URL")
        ctx.error(c, key, path, f"{why}; only https:, http:, mailto: and tel: links are "
                  "allowed (write https://...)", "unsafe-url")
        return None
    if any(ch in s for ch in " <>\"'`") :
        ctx.error(c, key, path, "URL contains spaces, quotes or angle brackets; "
                  "percent-encode them", "unsafe-url")
        return None
    return s


def check_email(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> str | None:
    s = check_text(ctx, v, c, key, path, False)
    if s is not None and not _EMAIL_RE.match(s):
        ctx.error(c, key, path, f"'{_short(s)}' is not an email address (name@example.org)",
                  "bad-email")
        return None
    return s


def check_phone(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> str | None:
    if isinstance(v, int) and not isinstance(v, bool):
        wrong_type(ctx, c, key, path, "a phone number as quoted text", v)
        return None
    s = check_text(ctx, v, c, key, path, False)
    if s is not None and (not _PHONE_RE.match(s) or sum(ch.isdigit() for ch in s) < 3):
        ctx.error(c, key, path, f"'{_short(s)}' is not a phone number; use digits, spaces, "
                  "'+', '-', parentheses and 转 for extensions", "bad-phone")
        return None
    return s


def check_geometry(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> dict[str, Any] | None:
    if not isinstance(v, dict):
        wrong_type(ctx, c, key, path, "a GeoJSON geometry mapping", v)
        return None
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
             "Polygon": 2, "MultiPolygon": 3}
    gtype = v.get("type")
    if not isinstance(gtype, str) or gtype not in depth:
        ctx.error(c, key, path, f"geometry type {describe(gtype)} is not one of "
                  f"{', '.join(depth)}", "bad-geometry")
        return None
    unknown = set(v) - {"type", "coordinates"}
    if unknown:
        ctx.error(c, key, path, f"geometry has unknown fields {', '.join(sorted(unknown))}; "
                  "only type and coordinates", "bad-geometry")
    coords = v.get("coordinates")
    problem = _check_coords(coords, depth[gtype])
    if problem:
        ctx.error(c, key, path, f"{gtype} coordinates: {problem}", "bad-geometry")
        return None
    return {"type": gtype, "coordinates": coords}


def check_lonlat(lon: Any, lat: Any) -> str | None:
    for name, val, lim in (("longitude", lon, 180), ("latitude", lat, 90)):
        if isinstance(val, bool) or not isinstance(val, (int, float)):
            return f"{name} {describe(val)} is not a number"
        if not -lim <= val <= lim:
            hint = " (are longitude and latitude swapped?)" if name == "latitude" else ""
            return f"{name} {val:g} is outside -{lim}..{lim} (WGS84 degrees){hint}"
    return None


def _check_coords(coords: Any, depth: int) -> str | None:
    if not isinstance(coords, list):
        return f"expected a list, got {describe(coords)}"
    if depth == 0:
        if len(coords) not in (2, 3):
            return "a position is [longitude, latitude]"
        if len(coords) == 3 and (coords[2].__class__ not in (int, float)
                                 or not math.isfinite(coords[2])):
            return f"altitude {describe(coords[2])} is not a number"
        return check_lonlat(coords[0], coords[1])
    if not coords:
        return "empty list"
    for item in coords:
        p = _check_coords(item, depth - 1)
        if p:
            return p
    return None


def check_duty_name(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> str | None:
    return check_id(ctx, v, c, key, path, "duty name")


def record_ref(ctx: Ctx, kind: str, v: Any, c: Any, key: Any, path: str) -> str | None:
    """Check a reference's form now; whether it exists is decided in pass 2."""
    if v.__class__ is not str:
        wrong_type(ctx, c, key, path, f"a {m.REF_KINDS[kind][1]} id", v)
        return None
    ctx.refs.append((kind, v, c, key, path))
    return v if ID_RE.match(v) else None


def check_duties(ctx: Ctx, v: Any, c: Any, key: Any, path: str) -> dict[str, m.DutyHolding]:
    if not isinstance(v, YMap):
        wrong_type(ctx, c, key, path, "a mapping of duty -> department id", v)
        return {}
    out: dict[str, m.DutyHolding] = {}
    for duty, holder in v.items():
        p = f"{path}.{duty}"
        if duty.startswith("\x00"):
            continue
        name = check_id(ctx, duty, v, duty, p, "duty name") if ID_RE.match(duty) is None \
            else duty
        if name is None:
            continue
        if holder.__class__ is str:
            r = record_ref(ctx, "department", holder, v, duty, p)
            if r:
                out[name] = m.DutyHolding((r,))
        elif isinstance(holder, YSeq):
            by = tuple(x for i, h in enumerate(holder)
                       if (x := record_ref(ctx, "department", h, holder, i, f"{p}[{i}]")))
            if by:
                out[name] = m.DutyHolding(by)
        elif isinstance(holder, YMap):
            build = build_obj(ctx, _HoldingSpec, holder, p)
            if build is not None and build.by:
                out[name] = m.DutyHolding(build.by, build.split, build.basis)
        elif holder is None:
            continue  # an empty holder: nobody holds it, the checks report that
        else:
            wrong_type(ctx, v, duty, p, "a department id, a list of ids, or {by, split}",
                       holder)
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class _HoldingSpec:
    by: tuple[str, ...] = m.spec(m.refs("department"), "Department(s) holding the duty.",
                                 required=True, default=())
    split: str | None = m.spec(m.MTEXT, "How the duty is split between them.")
    basis: str | None = m.spec(m.TEXT, "Agreement or rule behind it.")
    node: YMap | None = dataclasses.field(default=None, repr=False, compare=False)


def _list(ctx: Ctx, kind: m.ListKind, v: Any, c: Any, key: Any, path: str) -> Any:
    of = kind.of
    if not isinstance(v, YSeq):
        if isinstance(v, str) and of == m.TEXT:
            return (check_text(ctx, v, c, key, path, False),)
        wrong_type(ctx, c, key, path, "a list", v)
        return ()
    out = []
    for i, item in enumerate(v):
        p = f"{path}[{i}]"
        if isinstance(of, m.Kind):
            r = check_value(ctx, of, item, v, i, p)
        else:
            r = build_obj(ctx, of, item, p, v, i)  # type: ignore[arg-type]
        if r is not None:
            out.append(r)
    return tuple(out)


def _refs(ctx: Ctx, kind: m.RefsKind, v: Any, c: Any, key: Any, path: str) -> Any:
    if isinstance(v, YSeq):
        if not v:
            ctx.error(c, key, path, "is an empty list; name at least one department", "empty")
        return tuple(x for i, item in enumerate(v)
                     if (x := record_ref(ctx, kind.ref, item, v, i, f"{path}[{i}]")))
    r = record_ref(ctx, kind.ref, v, c, key, path)
    return (r,) if r else ()


def _enum(ctx: Ctx, kind: m.EnumKind, v: Any, c: Any, key: Any, path: str) -> Any:
    if v.__class__ is str and v in kind.values:
        return v
    if v.__class__ is str:
        best = suggest(v, list(kind.values))
        hint = f"; did you mean '{best}'?" if best else ""
        ctx.error(c, key, path, f"'{_short(v)}' is not one of {', '.join(kind.values)}"
                  f"{hint}", "bad-enum")
    else:
        wrong_type(ctx, c, key, path, f"one of {', '.join(kind.values)}", v)
    return None


def _bool(ctx: Ctx, kind: m.Kind, v: Any, c: Any, key: Any, path: str) -> Any:
    if isinstance(v, bool):
        return v
    wrong_type(ctx, c, key, path, "true or false", v)
    return None


def _int(ctx: Ctx, kind: m.Kind, v: Any, c: Any, key: Any, path: str) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, (float, bool)):  # not text: "quote it" would be the wrong advice
        ctx.error(c, key, path, f"expected a whole number, got {describe(v)}", "wrong-type")
    else:
        wrong_type(ctx, c, key, path, "a whole number", v)
    return None


def _strmap(ctx: Ctx, kind: m.Kind, v: Any, c: Any, key: Any, path: str) -> Any:
    if not isinstance(v, YMap):
        wrong_type(ctx, c, key, path, "a mapping", v)
        return {}
    out: dict[str, str] = {}
    for k2, v2 in v.items():
        s = check_text(ctx, v2, v, k2, f"{path}.{k2}", False)
        if s is not None:
            out[k2] = s
    return out


def _anymap(ctx: Ctx, kind: m.Kind, v: Any, c: Any, key: Any, path: str) -> Any:
    if not isinstance(v, YMap):
        wrong_type(ctx, c, key, path, "a mapping", v)
        return {}
    return v


#: How each kind of field is checked: kind class -> checker(ctx, kind, value, container,
#: key, path), returning the typed value or None (after reporting why). The kinds live in
#: model/kinds.py; their checking lives here, beside the loader's door for text.
CHECKERS: dict[type, Callable[[Ctx, Any, Any, Any, Any, str], Any]] = {
    m.TextKind: lambda ctx, k, v, c, key, p: check_text(ctx, v, c, key, p, k.multiline),
    m.RefKind: lambda ctx, k, v, c, key, p: record_ref(ctx, k.ref, v, c, key, p),
    m.IdKind: lambda ctx, k, v, c, key, p: check_id(ctx, v, c, key, p),
    m.DutyKind: lambda ctx, k, v, c, key, p: check_duty_name(ctx, v, c, key, p),
    m.DateKind: lambda ctx, k, v, c, key, p: check_date(ctx, v, c, key, p),
    m.DateSpanKind: lambda ctx, k, v, c, key, p: check_date_span(ctx, v, c, key, p),
    m.PointKind: lambda ctx, k, v, c, key, p: check_point(ctx, v, c, key, p),
    m.ListKind: _list,
    m.RefsKind: _refs,
    m.EnumKind: _enum,
    m.DurationKind: lambda ctx, k, v, c, key, p: check_duration(ctx, v, c, key, p),
    m.UrlKind: lambda ctx, k, v, c, key, p: check_url(ctx, v, c, key, p),
    m.EmailKind: lambda ctx, k, v, c, key, p: check_email(ctx, v, c, key, p),
    m.PhoneKind: lambda ctx, k, v, c, key, p: check_phone(ctx, v, c, key, p),
    m.BoolKind: _bool,
    m.IntKind: _int,
    m.GeometryKind: lambda ctx, k, v, c, key, p: check_geometry(ctx, v, c, key, p),
    m.DutiesKind: lambda ctx, k, v, c, key, p: check_duties(ctx, v, c, key, p),
    m.ObjKind: lambda ctx, k, v, c, key, p: build_obj(ctx, k.of, v, p, c, key),
    m.StrMapKind: _strmap,
    m.AnyMapKind: _anymap,
}


def check_value(ctx: Ctx, kind: m.Kind, v: Any, c: Any, key: Any, path: str) -> Any:
    """Check one raw value against its field's kind (see :data:`CHECKERS`)."""
    return CHECKERS[kind.__class__](ctx, kind, v, c, key, path)


def entity_word(cls: type) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()


def build_obj(ctx: Ctx, cls: type, node: Any, path: str, c: Any = None, key: Any = None,
              ) -> Any:
    """Check one mapping against the fields of ``cls`` and build it (None if unusable)."""
    if not isinstance(node, YMap):
        if node is None and c is None:
            return None
        wrong_type(ctx, c, key, path, f"a mapping (a {entity_word(cls)})", node)
        return None
    plan = m.fields_of(cls)
    kwargs: dict[str, Any] = {}
    known = {row[0] for row in plan}
    for k in node:
        if k not in known:
            if k.startswith("\x00"):
                continue
            best = suggest(k, sorted(known))
            hint = f"; did you mean '{best}'?" if best else \
                f"; known fields: {', '.join(sorted(known))}"
            ctx.error(node, k, f"{path}.{k}", f"unknown field '{k}' in {entity_word(cls)}{hint}",
                      "unknown-field", at_key=True)
    ok = True
    for ykey, attr, kind, required, default, _ in plan:
        if ykey in node and node[ykey] is not None:
            val = check_value(ctx, kind, node[ykey], node, ykey, f"{path}.{ykey}")
            if val is None or (required and val == ()):
                if required:
                    ok = False
                val = default
            kwargs[attr] = val
        elif required:
            at = f"{path}.{ykey}"
            if ykey in node:
                ctx.error(node, ykey, at, f"'{ykey}' is empty; it is required", "missing")
            else:
                ctx.error(node, None, path, f"missing required field '{ykey}' "
                          f"in {entity_word(cls)}", "missing")
            ok = False
        elif default is None and kind.mapping:
            kwargs[attr] = {}
    if not ok:
        has_id = any(row[1] == "id" for row in plan)
        if not has_id or not kwargs.get("id"):
            return None  # unusable: reported above; pass 2 must not trip over it
        for _, attr, kind, required, default, _ in plan:
            if required and kwargs.get(attr) is None:
                kwargs[attr] = "" if isinstance(kind, m.TextKind) else default
    kwargs["node"] = node
    try:
        return cls(**kwargs)
    except TypeError:  # pragma: no cover - plan and class are derived from each other
        return None

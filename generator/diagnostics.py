"""Diagnostics: one problem in the registry, where it is, and how to fix it.

Every stage of the pipeline reports through :class:`Diagnostic`; nothing raises for bad
input. The three output formats are plain text (``file:line:col: error: path: message``),
GitHub Actions workflow commands, and JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the registry.

    ``line`` and ``col`` are 1-based; 0 means "the whole file". ``path`` is the key path
    inside the registry (``assets[road-d3].owner``), ``code`` a stable machine name of the
    kind of problem (``unknown-ref``), ``ids`` the registry ids it concerns.
    """

    severity: str
    file: str
    line: int
    col: int
    path: str
    message: str
    code: str
    ids: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.path, self.message)

    def location(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    def text(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return _printable(f"{self.location()}: {self.severity}: {where}{self.message}")

    def github(self) -> str:
        props = [f"file={_gh_prop(self.file)}"]
        if self.line > 0:
            props.append(f"line={self.line}")
        if self.col > 0:
            props.append(f"col={self.col}")
        props.append(f"title={_gh_prop('remit ' + self.code)}")
        level = "error" if self.severity == ERROR else "warning"
        where = f"{self.path}: " if self.path else ""
        return _printable(f"::{level} {','.join(props)}::{_gh_data(where + self.message)}")


#: Characters a message must not print raw: C0/C1 controls (an escape sequence would drive
#: the terminal), bidi controls and zero-width characters (they reorder or hide what the
#: reader sees), lone surrogates and noncharacters (no output format can carry them).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                          "\u2060-\u2069\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def _escape_char(mm: re.Match[str]) -> str:
    n = ord(mm.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def _printable(s: str) -> str:
    """Registry text quoted in a message is shown with every character of
    :data:`_UNPRINTABLE` escaped (``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape_char, s)


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, deterministic order: by file, line, column, then path and message."""
    seen: set[Diagnostic] = set()
    out = []
    for d in diags:
        if d not in seen:
            seen.add(d)
            out.append(d)
    out.sort(key=Diagnostic.sort_key)
    return out


def summary(diags: list[Diagnostic]) -> str:
    errors = sum(1 for d in diags if d.severity == ERROR)
    warnings = len(diags) - errors
    if not diags:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def format_diagnostics(diags: list[Diagnostic], fmt: str) -> str:
    """Render diagnostics as ``text``, ``github`` or ``json`` (no trailing newline)."""
    if fmt == "json":
        return json.dumps(
            {
                "diagnostics": [asdict(d) | {"ids": list(d.ids), "file": _printable(d.file),
                                             "path": _printable(d.path),
                                             "message": _printable(d.message)}
                                for d in diags],
                "errors": sum(1 for d in diags if d.severity == ERROR),
                "warnings": sum(1 for d in diags if d.severity != ERROR),
            },
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
    lines = [d.github() if fmt == "github" else d.text() for d in diags]
    if fmt == "text":
        lines.append(summary(diags))
    return "\n".join(lines)

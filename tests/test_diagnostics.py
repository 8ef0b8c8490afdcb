"""Messages quote registry text: nothing in them may drive a terminal, reorder what the
reader sees, or break a GitHub annotation."""

from __future__ import annotations

import json

import pytest

from generator.diagnostics import ERROR, Diagnostic, format_diagnostics

HOSTILE = {
    "\x1b[2J": "\\x1b[2J",  # clear screen
    "\u202egpj.exe": "\\u202egpj.exe",  # right-to-left override
    "a\u200bb": "a\\u200bb",  # zero-width space
    "a\u2066b\u2069": "a\\u2066b\\u2069",  # bidi isolates
    "\ud800": "\\ud800",  # lone surrogate
    "\uffff\ufdd0": "\\uffff\\ufdd0",  # noncharacters
    "\x85": "\\x85",  # C1 next line
    "路灯 D3": "路灯 D3",  # ordinary text stays as it is
}


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.items())
@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_message_text_is_escaped(raw: str, shown: str, fmt: str) -> None:
    d = Diagnostic(ERROR, "departments.yaml", 3, 5, f"departments[{raw}].name",
                   f"'{raw}' is not allowed", "bad-text")
    out = format_diagnostics([d], fmt)
    if fmt == "json":
        (got,) = json.loads(out)["diagnostics"]
        out = f"{got['path']}: {got['message']}"
    assert f"departments[{shown}].name: '{shown}' is not allowed" in out
    if raw != shown:
        assert raw not in out
    out.encode("utf-8")  # no lone surrogate left: the text can be written anywhere

"""Golden cases: each folder under tests/load/golden is a small broken registry and its
expected diagnostics (expected.txt, exactly what `remit check` prints).

Regenerate after an intended change with
``REMIT_REGEN=1 pytest tests/load/test_golden_validation.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.diagnostics import format_diagnostics
from generator.load.registry import load

GOLDEN = Path(__file__).resolve().parents[1] / "load" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def run_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(case)
    _, diags = load(".")
    return format_diagnostics(diags, "text") + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / name
    got = run_case(case, monkeypatch)
    expected_file = case / "expected.txt"
    if os.environ.get("REMIT_REGEN"):
        expected_file.write_text(got, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert got == expected


def test_enough_cases_and_every_case_fails() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        text = (GOLDEN / name / "expected.txt").read_text(encoding="utf-8")
        assert ": error: " in text, f"{name} expects no error"
        # every line points at file:line (and a column where one exists)
        for line in text.splitlines()[:-1]:
            if line.startswith("  hint: "):  # a hint on its own line, under its problem
                continue
            assert line.split(":", 1)[0].endswith((".yaml", ".csv", ".geojson")), line

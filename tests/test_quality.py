"""The code stays ruff- and mypy-clean, and only the edges know their frameworks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ruff_is_clean() -> None:
    r = run("ruff", "check", "generator", "tests", "benchmarks")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_is_clean() -> None:
    r = run("mypy")
    assert r.returncode == 0, r.stdout + r.stderr


def test_only_plugin_imports_mkdocs_and_only_cli_parses_arguments() -> None:
    for path in sorted((ROOT / "generator").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "plugin.py":
            assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.M), path.name
        if path.name != "cli.py":
            assert not re.search(r"^\s*import argparse\b", text, re.M), path.name

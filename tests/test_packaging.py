"""The distribution ships what exists: every package-data pattern of pyproject.toml names at
least one file, and every non-Python file in the package is shipped by one."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_data() -> dict[str, list[str]]:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return conf["tool"]["setuptools"]["package-data"]


def test_every_package_data_pattern_matches_a_file() -> None:
    empty = [f"{pkg}: {pat}" for pkg, pats in package_data().items() for pat in pats
             if not any(p.is_file() for p in (ROOT / pkg.replace(".", "/")).glob(pat))]
    assert empty == [], "package-data ships nothing for: " + ", ".join(empty)


def test_every_data_file_of_the_package_is_shipped() -> None:
    shipped = {p.resolve() for pkg, pats in package_data().items() for pat in pats
               for p in (ROOT / pkg.replace(".", "/")).glob(pat)}
    data = [p for p in (ROOT / "generator").rglob("*") if p.is_file()
            and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    missing = [p.relative_to(ROOT).as_posix() for p in data if p.resolve() not in shipped]
    assert missing == [], "not in package-data: " + ", ".join(missing)

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


MODULES = sorted((ROOT / "generator").rglob("*.py"))

#: The pipeline's stages, lowest first: a module may import its own stage and the stages
#: below it, never one above (the arrows of docs/architecture.md only point down).
LAYERS = [
    ("diagnostics", "outfile"),
    ("model",),
    ("i18n", "words"),
    ("load",),
    ("directory",),
    ("answers",),
    ("publish",),
    ("checks",),
    ("site",),
    ("mkdocs_edge",),
    ("cli", "__init__", "__main__"),
]
_IMPORT = re.compile(r"^\s*(?:from\s+(\.*[\w.]*)\s+import\s+([\w, ()]+)|import\s+([\w.]+))",
                     re.M)


def stage_of(module: str) -> int:
    """The layer of ``generator.<module>`` (a dotted name inside the package)."""
    head = module.split(".")[0]
    for i, names in enumerate(LAYERS):
        if head in names:
            return i
    raise AssertionError(f"generator/{module}: no stage in LAYERS; add it")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT / "generator").with_suffix("").parts) \
        .removesuffix(".__init__")


def imports_of(path: Path) -> list[str]:
    """The generator modules ``path`` imports (dotted, without ``generator.``), function
    bodies included."""
    found = []
    for mm in _IMPORT.finditer(path.read_text(encoding="utf-8")):
        src, names, plain = mm.groups()
        if plain:
            if plain.startswith("generator."):
                found.append(plain[len("generator."):])
            continue
        assert not src.startswith("."), f"{path}: relative import of {src}; write it whole"
        if src == "generator":  # from generator import model as m
            found += [n.strip().split(" ")[0] for n in names.strip("()").split(",")
                      if n.strip()]
        elif src.startswith("generator."):
            found.append(src[len("generator."):])
    return found


def test_every_module_has_a_stage_and_imports_only_down() -> None:
    wrong = []
    for path in MODULES:
        me = module_name(path)
        for target in imports_of(path):
            if stage_of(target) > stage_of(me or "__init__"):
                wrong.append(f"generator/{me}.py imports generator.{target}, a later stage")
    assert wrong == [], "\n".join(wrong)


def test_no_import_cycles_between_modules() -> None:
    graph = {module_name(p): {t for t in imports_of(p)} for p in MODULES}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == [], "\n".join(cycles)


def test_only_the_mkdocs_edge_imports_mkdocs_and_only_cli_parses_arguments() -> None:
    assert len(MODULES) > 30
    for path in MODULES:
        rel = path.relative_to(ROOT / "generator").as_posix()
        text = path.read_text(encoding="utf-8")
        if rel != "mkdocs_edge/plugin.py":
            assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.M), rel
        if rel != "cli.py":
            assert not re.search(r"^\s*import argparse\b", text, re.M), rel

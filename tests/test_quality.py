"""The code stays ruff- and mypy-clean, and only the edges know their frameworks."""

from __future__ import annotations

import ast
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
    ("words",),
    ("load",),
    ("directory",),
    ("answers",),
    ("cases",),
    ("publish",),
    ("edit",),
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
        if rel not in ("mkdocs_edge/plugin.py", "mkdocs_edge/serve.py"):
            assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.M), rel
        if rel != "cli.py":
            assert not re.search(r"^\s*import argparse\b", text, re.M), rel


# --- no markup built in strings (issue 10: one page layer) ---------------------------------

#: element names of HTML, SVG and Atom: a string that starts with one of these tags is markup
_TAGS = frozenset({"a", "abbr", "address", "article", "aside", "audio", "b", "blockquote",
    "body", "br", "button", "caption", "circle", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "entry", "feed", "fieldset", "figcaption",
    "figure", "footer", "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
    "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "line",
    "link", "main", "mark", "meta", "nav", "noscript", "ol", "optgroup", "option", "output",
    "p", "path", "picture", "polygon", "polyline", "pre", "rect", "s", "samp", "script",
    "section", "select", "small", "source", "span", "strong", "style", "sub", "summary", "sup",
    "svg", "table", "tbody", "td", "template", "text", "textarea", "tfoot", "th", "thead",
    "time", "title", "tr", "u", "ul", "var", "video", "wbr"})
_STARTS_WITH_TAG = re.compile(r"\s*<\s*/?\s*(!doctype|\?xml|[a-zA-Z][a-zA-Z0-9]*)\b")


def _markup_literal(s: object) -> bool:
    mo = _STARTS_WITH_TAG.match(s) if isinstance(s, str) else None
    return mo is not None and mo.group(1).lower() in _TAGS | {"!doctype", "?xml"}


def _string_built_markup(tree: ast.AST) -> list[int]:
    """Lines where markup is made from a string: an f-string, a ``%`` or a ``.format``
    whose text starts with a tag."""
    lines = []
    for node in ast.walk(tree):
        fstring = isinstance(node, ast.JoinedStr) and bool(node.values) and isinstance(
            node.values[0], ast.Constant) and _markup_literal(node.values[0].value)
        percent = isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(
            node.left, ast.Constant) and _markup_literal(node.left.value)
        if fstring or percent:
            lines.append(getattr(node, "lineno", 0))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "format":
            base = node.func.value
            if isinstance(base, ast.Call) and base.args:  # Markup("<a ...>").format(...)
                base = base.args[0]
            if isinstance(base, ast.Constant) and _markup_literal(base.value):
                lines.append(node.lineno)
    return lines


def test_no_module_builds_markup_in_strings() -> None:
    """Every page is rendered from templates/ through one Jinja environment: no module of
    generator/ makes HTML (or SVG, or the feed's XML) in an f-string, a ``%`` string or a
    ``.format`` string. Nothing is allowed."""
    assert _markup_literal('<a href="x">') and _markup_literal("<svg ") and \
        not _markup_literal("<department id>") and not _markup_literal("<!--remit:0-->")
    found = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT / "generator").as_posix()
        found += [f"generator/{rel}:{line}" for line in _string_built_markup(tree)]
    assert found == [], "markup built in strings:\n" + "\n".join(found)

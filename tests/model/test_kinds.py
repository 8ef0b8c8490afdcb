"""Field kinds are classes: each one is checked, described and exported by its class."""

from __future__ import annotations

import re
from pathlib import Path

from generator import model as m
from generator.load.shape import CHECKERS
from generator.model import kinds
from generator.model.kinds import Kind, fields_of, values_of

ROOT = Path(__file__).resolve().parents[2]


def _kind_classes() -> set[type]:
    # from the module, not Kind.__subclasses__(): @dataclass(slots=True) makes a new class
    # and the one it replaced may linger there
    return {v for v in vars(kinds).values()
            if isinstance(v, type) and issubclass(v, Kind) and v is not Kind}


def test_every_kind_has_a_checker():
    missing = sorted(k.__name__ for k in _kind_classes() if k not in CHECKERS)
    assert not missing, f"kinds without a checker in load/shape.py CHECKERS: {missing}"


def test_every_declared_kind_describes_itself():
    for cls in (*m.SECTIONS.values(), m.Site, m.Checks, m.Limits):
        for f in fields_of(cls):
            assert f.kind.words(), (cls.__name__, f.key)
            assert f.kind.json_schema(lambda c: {"$ref": c.__name__}), (cls.__name__, f.key)


def test_the_walker_follows_the_declarations():
    lv = m.Level(after=m.Duration(3, "d", "3d"), who=("a",))
    assert [(k, a) for k, a, _, _ in values_of(lv)] == [
        ("after", "after"), ("who", "who"), ("action", "action")]
    assert [f.key for f in fields_of(m.Handover)][0] == "from"


def test_no_code_compares_kind_names():
    pattern = re.compile(r"kind\.name\b|\bn == \"(text|ref|refs|list|obj|enum)\"")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in sorted((ROOT / "generator").rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line)]
    assert not hits, f"ask the kind (a method, or isinstance on its class): {hits}"

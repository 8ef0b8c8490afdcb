"""The example's cases in the real MkDocs build (the session's shared builds in
tests/conftest.py): a page per case with its timeline, the board in the navigation, case
pages in Material's search index with their tags, and nothing internal in any file of the
public build (collected from the registry: internal notes, internal events' text, requester
contacts and the names of requesters who did not agree to be named) while the staff build
shows them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ExampleBuild

from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
STRICT_FAILS = re.compile(r"^(WARNING|ERROR|CRITICAL) *-  ", re.M)
PHONE = re.compile(r"\d{3,4}-\d{4}-\d{4}")


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    reg, diags = load(ROOT / "directory")
    assert not [d for d in diags if d.severity == "error"]
    assert len(reg.cases) >= 10
    return reg


def secrets(reg) -> set[str]:  # type: ignore[no-untyped-def]
    """Everything about the example's cases that only staff may see."""
    public_phones = {c.phone for dep in reg.departments for c in dep.contacts
                     if c.visibility == "public" and c.phone}
    out: set[str] = set()
    for c in reg.cases:
        if c.internal_notes:
            out.add(c.internal_notes)
        out.update(e.text for e in c.events if e.internal and e.text)
        q = c.requester
        if q is not None and q.contact:
            out.add(q.contact)
            out.update(p for p in PHONE.findall(q.contact) if p not in public_phones)
        if q is not None and q.name and not q.public:
            out.add(q.name)
    return out


def site_text(folder: Path) -> dict[str, str]:
    """Every file of a built site as text: Material's search index splits Chinese words
    with U+200B, which would hide a name, so those are taken out."""
    out = {}
    for p in folder.rglob("*"):
        if p.is_file():
            raw = p.read_bytes()
            if p.suffix == ".gz":
                continue  # sitemap.xml.gz: the sitemap.xml beside it
            out[p.relative_to(folder).as_posix()] = raw.decode("utf-8", "replace") \
                .replace("\u200b", "")
    return out


def test_the_example_builds_strict_with_its_cases(example_build: ExampleBuild,
                                                  registry) -> None:  # type: ignore[no-untyped-def]
    assert not STRICT_FAILS.findall(example_build.stderr), example_build.stderr[-3000:]
    site = example_build.out
    for c in registry.cases:
        html = (site / "cases" / c.id / "index.html").read_text(encoding="utf-8")
        assert '<svg class="remit-tl__svg"' in html and "<desc id=\"remit-tl-desc\">" in html
        assert html.count('class="remit-tl__planned"') >= 1
    board = site / "board" / "index.html"
    assert board.stat().st_size < 1_000_000
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="board/"' in home and 'href="cases/"' in home  # in the navigation


def test_nothing_internal_in_any_public_file(example_build: ExampleBuild,
                                             registry) -> None:  # type: ignore[no-untyped-def]
    hidden = secrets(registry)
    # the example has each kind: notes, internal events, contacts, unnamed requesters
    assert len(hidden) >= 10 and "明湖精密制造有限公司" in hidden
    files = site_text(example_build.out)
    assert len(files) > 200
    leaks = [(path, s) for path, content in files.items() for s in hidden if s in content]
    assert not leaks, leaks[:10]


def test_the_staff_build_shows_them(example_staff_site: Path,
                                    registry) -> None:  # type: ignore[no-untyped-def]
    case = next(c for c in registry.cases if c.internal_notes and c.requester
                and c.requester.contact and not c.requester.public)
    html = (example_staff_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
    assert case.internal_notes in html
    assert case.requester.contact in html and case.requester.name in html


def test_case_pages_are_searched_by_title_place_tags_and_outcome(
        example_build: ExampleBuild) -> None:
    index = json.loads((example_build.out / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    entries = {d["location"]: d for d in index["docs"]}
    one = entries["cases/c-2024-0031/"]
    assert one["title"].replace("\u200b", "") == "D3 路北段路灯整段不亮，夜班职工摸黑下班"
    assert set(one["tags"]) >= {"路灯", "道路移交", "提级协调", "基础设施"}
    words = one["text"].replace("\u200b", "")
    assert "路灯不亮" in words and "A1 路路口" in words and "建投公司更换被盗电缆" in words
    # the clock, the timeline and the events are not searched: one short entry a case
    assert "办理经过" not in words and len(one["text"]) < 1500
    assert not [k for k in entries if k.startswith("cases/c-2024-0031/#")]
    assert "board/" not in entries

"""A real site built from a real git repository shows what changed: the Recent changes
page, its Atom feed, and each entity's own history."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Registry Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Registry Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = dict(GIT_ENV)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("repo")
    for name in ("content", "directory"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the registry", date="2026-01-05T10:00:00+08:00")
    roads = repo / "directory" / "assets-roads.yaml"
    text = roads.read_text(encoding="utf-8")
    block = text[text.index("  - id: road-d3"):]
    block = block[:block.index("\n  - id:", 5)]
    new = block.replace("status: in-progress", "status: accepted", 1)
    assert new != block
    roads.write_text(text.replace(block, new), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Accept the handover of road D3",
        date="2026-02-10T09:30:00+08:00")
    dep = repo / "directory" / "departments.yaml"
    dep.write_text(dep.read_text(encoding="utf-8").replace(
        '"0851-0000-0001"', '"0851-0000-0009"', 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "New service-centre hotline",
        date="2026-03-01T08:00:00+08:00")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
                       cwd=repo, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return repo / "site"


def test_recent_changes_lists_every_commit(built: Path) -> None:
    page = (built / "changes" / "index.html").read_text(encoding="utf-8")
    positions = [page.index(s) for s in ("New service-centre hotline",
                                         "Accept the handover of road D3",
                                         "Start the registry")]
    assert positions == sorted(positions), "newest first"
    assert "2026-02-10" in page


def test_atom_feed_has_one_entry_per_commit(built: Path) -> None:
    feed = ET.parse(built / "changes" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(titles) == 3
    assert any("Accept the handover of road D3" in (t or "") for t in titles)


def test_entity_page_shows_its_own_history(built: Path) -> None:
    page = (built / "assets" / "road-d3" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('class="remit-history"'):]
    section = section[:section.index("</section>")]
    assert "Accept the handover of road D3" in section
    assert "New service-centre hotline" not in section
    dep = (built / "departments" / "service-centre" / "index.html").read_text(encoding="utf-8")
    assert "New service-centre hotline" in dep
    assert re.search(r'<time datetime="2026-03-01">', dep)

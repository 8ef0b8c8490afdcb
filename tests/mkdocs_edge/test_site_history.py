"""A real site built from a real git repository shows what changed: the Recent changes
page, its Atom feed, and each entity's own history.

The first commit also holds symbolic links under the registry folder (to a secret outside
the repository, absolute and relative) that the second commit removes, and the last commit's
subject carries control characters and markup: the strict build still succeeds, the links'
targets never reach the site, and the feed stays well-formed XML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "SECRET-hunter2-never-published"
HOTLINE = "New service-centre hotline \x1e\x01\u202e <script>x</script> ]]>"
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
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text(f"departments:\n  - id: leaked\n    name: {SECRET}\n", encoding="utf-8")
    (repo / "directory" / "leak.yaml").symlink_to(secret)
    (repo / "directory" / "rel.yaml").symlink_to(os.path.relpath(secret, repo / "directory"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the registry", date="2026-01-05T10:00:00+08:00")
    git(repo, "rm", "-q", "directory/leak.yaml", "directory/rel.yaml")
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
    git(repo, "commit", "-q", "-am", HOTLINE, date="2026-03-01T08:00:00+08:00")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                        "site"], cwd=repo, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert SECRET not in r.stderr and "leak.yaml" in r.stderr  # a note, not an error
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


def test_links_in_history_neither_break_nor_leak(built: Path) -> None:
    for p in built.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert SECRET.encode() not in data and b"leaked" not in data, p


def test_hostile_subject_is_cleaned_everywhere(built: Path) -> None:
    raw = (built / "changes" / "feed.xml").read_bytes()
    feed = ET.fromstring(raw)  # well-formed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "New service-centre hotline <script>x</script> ]]>"
    page = (built / "changes" / "index.html").read_text(encoding="utf-8")
    dep = (built / "departments" / "service-centre" / "index.html").read_text(encoding="utf-8")
    for text in (raw.decode("utf-8"), page, dep):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202e]", text)
        assert "<script>x" not in text
    assert "New service-centre hotline &lt;script&gt;x&lt;/script&gt;" in page

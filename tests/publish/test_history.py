"""The "Recent changes" page, its Atom feed and per-entity history, from real git history."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import git

from generator.publish.history import entity_history, read_history
from generator.site.history_pages import changes_feed, changes_files, changes_page, history_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
ATOM = "{http://www.w3.org/2005/Atom}"

DATES = ["2025-01-10T10:00:00+08:00", "2025-02-14T16:30:00+08:00", "2025-03-03T09:15:00+08:00"]
SUBJECTS = ["Add the example registry", "Rename the roads office <b>&</b>",
            "Road D3 handed over"]




def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three commits: the registry, a rename, a handover accepted."""
    repo = tmp_path_factory.mktemp("hist")
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE, repo / "directory")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", SUBJECTS[0], date=DATES[0])
    edit(repo / "directory" / "departments.yaml", "name: 市政管理处\n", "name: 市政设施管理处\n")
    git(repo, "commit", "-qam", SUBJECTS[1], date=DATES[1])
    edit(repo / "directory" / "assets-roads.yaml",
         "        status: in-progress\n        since: 2024-01-10",
         "        status: accepted\n        since: 2025-03-01")
    # a change outside the registry is not a registry change
    (repo / "README.md").write_text("notes\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", SUBJECTS[2], date=DATES[2])
    (repo / "README.md").write_text("more notes\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Docs only", date="2025-04-01T00:00:00+08:00")
    return repo


def test_history_lists_the_three_commits(repo: Path) -> None:
    h = read_history(repo / "directory")
    assert h is not None
    assert h.total == 3 and not h.shallow and h.prefix == "directory" and h.lang == "zh"
    assert [e.commit.subject for e in h.entries] == SUBJECTS[::-1]
    assert [e.commit.date for e in h.entries] == ["2025-03-03", "2025-02-14", "2025-01-10"]
    assert [e.note for e in h.entries] == ["", "", "created"]
    newest, middle, first = h.entries
    assert newest.diff is not None and middle.diff is not None and first.diff is not None
    assert newest.diff.summary() == {"asset": {"changed": 1}}
    assert middle.diff.summary() == {"department": {"renamed": 1}}
    assert first.diff.created


def test_changes_page(repo: Path) -> None:
    h = read_history(repo / "directory")
    assert h is not None
    files = changes_files(h, "综保区责任名录")
    assert [f.path for f in files] == ["changes/index.md", "changes/feed.xml"]
    page = files[0].content
    assert isinstance(page, str) and files[0].nav and files[0].title == "最近变更"
    assert page.startswith("# 最近变更\n")
    for e in h.entries:
        assert f"## {e.commit.date} · {e.commit.short}" in page
        assert f'id="c-{e.commit.short}"' in page
    assert "Rename the roads office &lt;b&gt;&amp;&lt;/b&gt;" in page
    assert "<b>&</b>" not in page
    assert "名称：市政管理处 → 市政设施管理处" in page
    # the handover is named by its duties (road D3 has two)
    assert ("移交给市政设施管理处（照明、电费缴纳）：移交中（自 2024-01-10 起，应于 2025-06-30 前"
            "完成） → 已移交（自 2025-03-01 起）") in page
    assert "建立名录：25 个单位" in page
    assert "共 3 次变更" in page and "浅克隆" not in page
    # nothing in an HTML block may be followed by a blank line inside it
    for block in page.split("\n\n"):
        if block.startswith("<div"):
            assert "\n" not in block.strip()
    assert changes_page(h) == page  # deterministic


def test_atom_feed(repo: Path) -> None:
    h = read_history(repo / "directory")
    assert h is not None
    xml = changes_feed(h, "综保区责任名录", site_url="https://example.org/remit/")
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}updated") == DATES[2]
    assert root.findtext(f"{ATOM}id") == "https://example.org/remit/changes/"
    entries = root.findall(f"{ATOM}entry")
    assert [x.findtext(f"{ATOM}title") for x in entries] == SUBJECTS[::-1]
    assert [x.findtext(f"{ATOM}updated") for x in entries] == DATES[::-1]
    ids = [x.findtext(f"{ATOM}id") for x in entries]
    assert len(set(ids)) == 3
    for x in entries:
        link = x.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").startswith("https://example.org/remit/changes/#c-")
        content = x.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        assert (content.text or "").startswith('<div class="remit-change"')
    # without a site URL the ids are stable URNs and the links relative
    bare = ET.fromstring(changes_feed(h, "综保区责任名录"))
    bare_ids = [x.findtext(f"{ATOM}id") for x in bare.findall(f"{ATOM}entry")]
    assert all((i or "").startswith("urn:uuid:") for i in bare_ids)
    assert changes_feed(h, "综保区责任名录") == changes_feed(h, "综保区责任名录")
    again = read_history(repo / "directory")
    assert again is not None
    assert changes_feed(again, "综保区责任名录") == changes_feed(h, "综保区责任名录")


def test_entity_history(repo: Path) -> None:
    h = read_history(repo / "directory")
    hist = entity_history(h)
    roads = hist[("department", "municipal-roads")]
    assert [(e.date, e.action) for e in roads] == [("2025-02-14", "renamed"),
                                                   ("2025-01-10", "added")]
    d3 = hist[("asset", "road-d3")]
    assert d3[0].action == "changed" and d3[0].subject == SUBJECTS[2]
    block = history_html(roads, "zh", changes_url="../../changes/")
    assert block.startswith('<section class="remit-history"><h2>变更记录</h2>')
    assert '<a href="../../changes/#c-' in block
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in block and "<b>" not in block
    assert history_html([], "zh") == ""
    assert "<h2>" not in history_html(roads, "en", heading=False)


def test_limit_says_how_much_it_shows(repo: Path) -> None:
    h = read_history(repo / "directory", limit=2)
    assert h is not None and len(h.entries) == 2 and h.total == 3
    page = changes_page(h)
    assert "共列出 2 次变更；本仓库副本中名录共有 3 次变更。" in page


def test_shallow_clone(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    h = read_history(clone / "directory")
    assert h is not None and h.shallow
    # depth 2 holds the docs-only commit and the handover; the handover's parent is missing
    assert h.total == 1
    assert [e.commit.subject for e in h.entries] == [SUBJECTS[2]]
    assert h.entries[0].diff is None and h.entries[0].note == "shallow"
    page = changes_page(h)
    assert "浅克隆" in page and "无法与之前的版本比较" in page
    assert entity_history(h) == {}
    deeper = tmp_path / "deeper"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{repo}", str(deeper))
    h = read_history(deeper / "directory")
    assert h is not None and h.shallow and h.total == 2
    assert h.entries[0].diff is not None and h.entries[0].diff.summary() == {
        "asset": {"changed": 1}}
    assert h.entries[1].note == "shallow"


def test_outside_git_there_is_no_history(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE, plain / "directory")
    h = read_history(plain / "directory")
    assert h is None
    assert changes_files(h, "t") == []
    assert entity_history(h) == {}


def test_without_git_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               repo: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    assert read_history(repo / "directory") is None


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE, repo / "directory")
    h = read_history(repo / "directory")
    assert h is not None and h.entries == () and h.total == 0
    assert "名录还没有提交过的变更" in changes_page(h)
    ET.fromstring(changes_feed(h, "t"))

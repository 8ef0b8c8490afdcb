"""`remit diff`: what a registry change means, in words, between folders and git revisions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import git
from conftest import run_remit as remit

from generator.load.registry import load
from generator.publish.diff import diff_registries
from generator.publish.diff_text import md_escape, render_markdown
from generator.site.history_pages import diff_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"






def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def change_registry(reg: Path) -> None:
    """The edits a pull request might make, each of a kind `remit diff` must explain."""
    deps = reg / "departments.yaml"
    roads = reg / "assets-roads.yaml"
    # rename (same id, new name)
    edit(deps, "name: 市政管理处\n", "name: 市政设施管理处\n")
    # contact change
    edit(deps, 'phone: "0851-0000-0001"', 'phone: "0851-0000-0009"')
    # id change (same name, new id), with the reference that follows it
    edit(deps, "- id: finance-office", "- id: finance-bureau")
    edit(deps, "handled_by: finance-office", "handled_by: finance-bureau")
    for case in sorted((reg / "cases").glob("*.yaml")):  # the cases that name it follow too
        text = case.read_text(encoding="utf-8")
        case.write_text(text.replace("finance-office", "finance-bureau"), encoding="utf-8")
    # a department removed, one added
    text = deps.read_text(encoding="utf-8")
    start = text.index("  - id: park-bank-branch")
    end = text.index("  - id: natural-resources-bureau")
    deps.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(deps, "asset_types:\n", "  - id: data-office\n    name: 数据资源办公室\n    kind: office\n"
         "    parent: zone-committee\n\nasset_types:\n")
    # matter routing: a new handler and a new time limit
    edit(deps, "handled_by: industry-bureau\n    first_contact: service-centre\n"
         "    time_limit: 15 working days",
         "handled_by: commerce-bureau\n    first_contact: service-centre\n"
         "    time_limit: 10 working days")
    # escalation: level 2 comes sooner
    edit(deps, "      - after: 5 working days\n        who: business-environment-office",
         "      - after: 3 working days\n        who: business-environment-office")
    # the lighting handover accepted, with the lighting duty moving to the roads department
    edit(roads, "        status: in-progress\n        since: 2024-01-10\n        due: 2025-06-30",
         "        status: accepted\n        since: 2025-09-01\n        due: 2025-06-30")
    text = roads.read_text(encoding="utf-8")
    i = text.index("  - id: road-d3\n")
    j = text.index("lighting: construction-investment", i)
    roads.write_text(text[:j] + "lighting: municipal-roads" +
                     text[j + len("lighting: construction-investment"):], encoding="utf-8")
    # ownership change
    edit(roads, "    owner: construction-investment\n    duties:\n      maintenance: "
         "municipal-roads\n      lighting: municipal-roads",
         "    owner: municipal-roads\n    duties:\n      maintenance: "
         "municipal-roads\n      lighting: municipal-roads")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the example registry (v1) and a changed one (v2)."""
    repo = tmp_path_factory.mktemp("repo")
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE, repo / "directory")
    (repo / "README.md").write_text("test\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Example registry")
    git(repo, "tag", "v1")
    change_registry(repo / "directory")
    assert remit("check", "directory", cwd=repo).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Hand over road D3", date="2025-09-02T09:00:00+08:00")
    git(repo, "tag", "v2")
    return repo


@pytest.fixture(scope="module")
def report(repo: Path) -> dict[str, Any]:
    r = remit("diff", "v1", "v2", "--format", "json", "--lang", "en", cwd=repo)
    assert r.returncode == 0, r.stderr
    doc: dict[str, Any] = json.loads(r.stdout)
    return doc


def _change(doc: dict[str, Any], kind: str, id_: str) -> dict[str, Any]:
    found = [c for c in doc["changes"] if c["kind"] == kind and c["id"] == id_]
    assert len(found) == 1, f"no single change for {kind} {id_}: {found}"
    return found[0]


def _texts(c: dict[str, Any]) -> list[str]:
    return [d["text"] for d in c["details"]]


def test_summary_between_two_revisions(report: dict[str, Any]) -> None:
    assert report["old"] == "v1" and report["new"] == "v2"
    assert report["summary"] == {
        "department": {"added": 1, "removed": 1, "renamed": 1, "id-changed": 1, "changed": 1},
        "asset": {"changed": 1},
        "matter": {"changed": 3},
        "escalation": {"changed": 1},
    }


def test_departments_added_removed_renamed(report: dict[str, Any]) -> None:
    added = _change(report, "department", "data-office")
    assert added["action"] == "added" and added["name"] == "数据资源办公室"
    assert _change(report, "department", "park-bank-branch")["action"] == "removed"
    renamed = _change(report, "department", "municipal-roads")
    assert renamed["action"] == "renamed"
    assert _texts(renamed) == ["name: 市政管理处 → 市政设施管理处"]
    moved = _change(report, "department", "finance-bureau")
    assert moved["action"] == "id-changed" and moved["old_id"] == "finance-office"
    assert _texts(moved) == ["id: finance-office → finance-bureau"]


def test_contact_change(report: dict[str, Any]) -> None:
    sc = _change(report, "department", "service-centre")
    assert _texts(sc) == ["contact “诉求受理”: phone: 0851-0000-0001 → 0851-0000-0009"]
    assert sc["details"][0]["old"]["phone"] == "0851-0000-0001"
    assert sc["details"][0]["new"]["phone"] == "0851-0000-0009"


def test_ownership_duty_and_handover_with_dates(report: dict[str, Any]) -> None:
    d3 = _change(report, "asset", "road-d3")
    assert _texts(d3) == [
        "owner: 明湖新区建设投资有限公司 → 市政设施管理处",
        "lighting duty: 明湖新区建设投资有限公司 → 市政设施管理处",
        # road D3's second handover, named by its duties
        "handover to 市政设施管理处 (lighting, energy bill): in progress (since 2024-01-10, "
        "due 2025-06-30) → accepted (since 2025-09-01)",
    ]
    status = next(x for x in d3["details"] if x["field"] == "handovers[1].status")
    assert status["old"]["status"] == "in-progress" and status["new"]["since"] == "2025-09-01"


def test_matter_routing_and_escalation(report: dict[str, Any]) -> None:
    sales = _change(report, "matter", "sales-matching")
    assert _texts(sales) == ["handled by: 工业和信息化局 → 商务局",
                             "time limit: 15 working days → 10 working days"]
    fin = _change(report, "matter", "financing")
    assert _texts(fin) == ["handled by: 财政金融办公室 [finance-office] → "
                           "财政金融办公室 [finance-bureau]"]
    # The matter itself did not change, but who answers it on road D3 did.
    light = _change(report, "matter", "streetlight-out")
    assert _texts(light) == ["on 综保区 D3 路, D3 路南段, D3 路北段: 明湖新区建设投资有限公司 → "
                             "市政设施管理处"]
    assert light["details"][0]["new"] == {"department": "municipal-roads",
                                          "assets": ["road-d3", "road-d3-s1", "road-d3-s2"]}
    std = _change(report, "escalation", "standard")
    assert _texts(std) == ["level 2: after: 5 working days → 3 working days"]


def test_text_and_markdown_formats(repo: Path) -> None:
    r = remit("diff", "v1", "v2", cwd=repo)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("remit diff v1 → v2\n")
    assert "单位：新增 1，删除 1，更名 1，更换编号 1，修改 1" in out  # the site language (zh)
    assert ("移交给市政设施管理处（照明、电费缴纳）：移交中（自 2024-01-10 起，应于 2025-06-30 前"
            "完成） → 已移交（自 2025-09-01 起）") in out
    md = remit("diff", "v1", "v2", "--format", "markdown", "--lang", "en", cwd=repo).stdout
    assert md.startswith("### Registry changes: `v1` → `v2`")
    assert "#### Departments" in md and "#### Assets" in md
    assert "- **renamed** 市政设施管理处 \\(municipal\\-roads\\)" in md


def test_revision_path_and_working_tree_forms(repo: Path) -> None:
    both = remit("diff", "v1", "v2", "--format", "json", cwd=repo).stdout
    assert remit("diff", "v1:directory", "v2:directory", "--format", "json",
                 cwd=repo).stdout.replace("v1:directory", "v1").replace(
        "v2:directory", "v2") == both
    # NEW defaults to the working tree's directory/ (here the same as v2)
    r = remit("diff", "v1", "--format", "json", cwd=repo)
    assert json.loads(r.stdout)["summary"] == json.loads(both)["summary"]
    # a folder against a revision
    r = remit("diff", str(EXAMPLE), "v2", "--format", "json", cwd=repo)
    assert json.loads(r.stdout)["summary"] == json.loads(both)["summary"]
    assert json.loads(remit("diff", "v2", "HEAD", "--format", "json",
                            cwd=repo).stdout)["changes"] == []


def test_bad_revision_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    r = remit("diff", "no-such-branch", "v2", cwd=repo)
    assert r.returncode == 2
    assert "not a registry folder nor a git revision" in r.stderr
    r = remit("diff", "--", "-x", "v2", cwd=repo)
    assert r.returncode == 2
    plain = tmp_path / "plain"
    plain.mkdir()
    r = remit("diff", "main", str(EXAMPLE), cwd=plain)
    assert r.returncode == 2 and "not a git repository" in r.stderr


def test_registry_created_in_a_revision(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    shutil.copytree(EXAMPLE, repo / "directory")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry")
    r = remit("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["created"] is True
    assert doc["summary"]["department"] == {"added": 25}
    r = remit("diff", "HEAD", "HEAD~1", cwd=repo)
    assert r.returncode == 1 and "no registry" in r.stderr


def test_public_only_leaves_internal_contacts_out(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(EXAMPLE, new)
    edit(new / "departments.yaml", 'phone: "0851-0000-0901"', 'phone: "0851-0000-0902"')
    old_reg, _ = load(EXAMPLE)
    new_reg, _ = load(new)
    full = diff_registries(old_reg, new_reg, lang="en")
    assert [d.text for c in full.changes for d in c.details] == [
        "contact “夜间及节假日值班（内部） (internal)”: phone: 0851-0000-0901 → 0851-0000-0902"]
    public = diff_registries(old_reg, new_reg, lang="en", public_only=True)
    assert public.empty
    assert "0851-0000-090" not in diff_html(public)


def test_registry_text_is_escaped(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(EXAMPLE, new)
    evil = '<script>alert(1)</script> | [x](javascript:alert(1)) {: onclick="x"}'
    edit(new / "departments.yaml", "name: 企业服务中心\n", f"name: '{evil}'\n")
    old_reg, _ = load(EXAMPLE)
    new_reg, diags = load(new)
    assert not [d for d in diags if d.severity == "error"], diags
    diff = diff_registries(old_reg, new_reg, lang="en")
    page = diff_html(diff)
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = render_markdown(diff)
    assert "<script>" not in md and "](javascript" not in md and "{:" not in md
    assert md_escape("a|b") == "a\\|b"


def test_same_registry_same_report() -> None:
    a, _ = load(EXAMPLE)
    b, _ = load(EXAMPLE)
    diff = diff_registries(a, b)
    assert diff.empty and diff.summary() == {}


@pytest.mark.parametrize("spec", ["HEAD:../../..", "HEAD:..", "HEAD:directory/../..",
                                  "HEAD:.git", "HEAD:.git/refs", "HEAD:/etc",
                                  "HEAD:README.md", "HEAD:directory/lamps.csv", "HEAD:",
                                  "HEAD:.", "HEAD:no-such-folder"])
def test_revision_paths_that_name_no_registry_are_refused(repo: Path, spec: str) -> None:
    """A REV:PATH outside the repository, into .git, or at no registry used to print
    "Registry created" and exit 0; it is a usage error, on either side."""
    for args in ((spec, "v2"), ("v2", spec), (spec,)):
        r = remit("diff", *args, cwd=repo)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stdout == ""
        assert f"remit diff: '{spec}' names no registry: " in r.stderr, r.stderr
        assert "Traceback" not in r.stderr


def test_folders_without_a_registry_are_refused(repo: Path, tmp_path: Path) -> None:
    """A folder side holding no departments.yaml (.git, the filesystem root, an empty
    folder) used to be compared as an empty registry, exit 0."""
    (tmp_path / "empty").mkdir()
    for spec in (".git", "../" * 12, str(tmp_path / "empty"), "/"):
        for args in ((spec, "v2"), ("v2", spec)):
            r = remit("diff", *args, cwd=repo)
            assert r.returncode == 2, (args, r.stdout, r.stderr)
            assert r.stdout == "" and "names no registry" in r.stderr


def test_revision_path_forms_that_name_the_registry(repo: Path) -> None:
    both = json.loads(remit("diff", "v1", "v2", "--format", "json", cwd=repo).stdout)
    for old, new in (("v1:./directory/", "v2:directory"),
                     ("v1:directory/departments.yaml", "v2:directory//")):
        r = remit("diff", old, new, "--format", "json", cwd=repo)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["summary"] == both["summary"]


def test_registry_path_absent_from_a_revision_is_the_registry_created(tmp_path: Path) -> None:
    """REV:PATH naming the working tree's registry folder, at a revision before it existed,
    is the registry created (as REV alone is); any other absent path is an error."""
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    shutil.copytree(EXAMPLE, repo / "directory")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry")
    r = remit("diff", "HEAD~1:directory", "HEAD", "--format", "json", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["created"] is True
    r = remit("diff", "HEAD~1:elsewhere", "HEAD", cwd=repo)
    assert r.returncode == 2 and "names no registry" in r.stderr


def test_removed_symlink_in_history_does_not_break_diff(tmp_path: Path) -> None:
    """A link committed under the registry folder (to a secret outside it) and removed later
    is skipped with a note; its target's text never reaches the output."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("departments:\n  - id: leaked\n    name: SECRET-hunter2\n",
                      encoding="utf-8")
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(EXAMPLE, repo / "directory")
    (repo / "directory" / "leak.yaml").symlink_to(secret)
    (repo / "directory" / "rel.yaml").symlink_to(os.path.relpath(secret, repo / "directory"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "with links")
    git(repo, "rm", "-q", "directory/leak.yaml", "directory/rel.yaml")
    git(repo, "commit", "-q", "-m", "links removed")
    for args in (("HEAD~1", "HEAD"), ("HEAD~1",), ("HEAD", "HEAD~1:directory")):
        r = remit("diff", *args, "--format", "json", cwd=repo)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["changes"] == []
        assert "SECRET" not in r.stdout + r.stderr and "leaked" not in r.stdout + r.stderr
        assert "Traceback" not in r.stderr
    r = remit("diff", "HEAD~1", "HEAD", cwd=repo)
    assert "leak.yaml" in r.stderr and "symbolic link" in r.stderr

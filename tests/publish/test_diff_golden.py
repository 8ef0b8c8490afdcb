"""`remit diff` golden outputs: each case in ``golden_diff/`` is a pull request's edits
(``edits.yaml``: exact text replaced in the frozen registry ``golden_diff/base``) and the
exact output of ``remit diff base head`` in every format: text in Chinese (the site's
language), Markdown in English, JSON in Chinese, GitHub annotations in English. The gaps are
checked as on 2026-01-01. ``REMIT_REGEN=1`` rewrites the expected files (review the diff)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import git
from conftest import run_remit as remit

GOLDEN = Path(__file__).resolve().parent / "golden_diff"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "edits.yaml").is_file())
TODAY = "2026-01-01"
#: file name -> the arguments that make it
OUTPUTS = {
    "text.zh.txt": (),
    "markdown.en.md": ("--format", "markdown", "--lang", "en"),
    "json.zh.json": ("--format", "json"),
    "github.en.txt": ("--format", "github", "--lang", "en"),
}


def make_head(case: Path, work: Path) -> None:
    """base/ and head/ (base with the case's edits) side by side in ``work``."""
    shutil.copytree(GOLDEN / "base", work / "base")
    shutil.copytree(GOLDEN / "base", work / "head")
    for e in yaml.safe_load((case / "edits.yaml").read_text(encoding="utf-8")):
        p = work / "head" / e["file"]
        text = p.read_text(encoding="utf-8")
        assert text.count(e["old"]) == 1, f"{case.name}: the edit's old text is not in " \
                                          f"{e['file']} exactly once: {e['old'][:60]!r}"
        p.write_text(text.replace(e["old"], e["new"]), encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_golden_diff(name: str, tmp_path: Path) -> None:
    case = GOLDEN / name
    make_head(case, tmp_path)
    check = remit("check", "head", "--today", TODAY, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    for out_name, args in OUTPUTS.items():
        r = remit("diff", "base", "head", "--today", TODAY, *args, cwd=tmp_path)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        expected = case / out_name
        if os.environ.get("REMIT_REGEN"):
            expected.write_text(r.stdout, encoding="utf-8")
        assert r.stdout == expected.read_text(encoding="utf-8"), f"{name}/{out_name}"


def test_cases_cover_every_kind_of_review() -> None:
    """Added and removed entities of each kind, a changed handover, and gaps caused and
    resolved are all among the golden cases."""
    seen: set[tuple[str, str]] = set()
    gaps = {"new": 0, "resolved": 0}
    for name in CASES:
        doc = json.loads((GOLDEN / name / "json.zh.json").read_text(encoding="utf-8"))
        seen |= {(c["kind"], c["action"]) for c in doc["changes"]}
        for k in gaps:
            gaps[k] += len(doc["gaps"][k])
        assert doc["gaps"]["compared"] is True
    for need in (("asset", "added"), ("asset", "removed"), ("department", "removed"),
                 ("matter", "added"), ("escalation", "added"), ("escalation", "changed"),
                 ("asset", "changed"), ("matter", "changed"), ("asset_type", "added")):
        assert need in seen, need
    assert gaps["new"] >= 3 and gaps["resolved"] >= 2


def test_added_road_is_described_completely() -> None:
    """The issue's example: an added road says its handover, interim body, duties with
    their holders, and who now answers which matter there."""
    text = (GOLDEN / "added-road" / "text.zh.txt").read_text(encoding="utf-8")
    for piece in ("+ 综保区 E1 路（road-e1）: 新增",
                  "移交：明湖新区建设投资有限公司 → 市政管理处，移交中（自 2025-11-01 起，"
                  "应于 2026-06-30 前完成）",
                  "移交完成前由明湖新区建设投资有限公司负责（过渡期责任单位）",
                  "移交依据：《明湖新区市政设施移交管理办法》第十一条",
                  "“清扫保洁”职责：由新区环境卫生管理站承担",
                  "路灯不亮：由明湖新区建设投资有限公司负责",
                  "[shared-duty]"):
        assert piece in text, piece
    # only the gap the change caused is listed, not the three standing ones
    assert "handover-overdue" not in text and "handover-no-interim" not in text


def test_revisions_name_the_gap_files_as_in_the_repository(tmp_path: Path) -> None:
    """Between git revisions the registry is read from a temporary folder; the gaps (and
    their annotations) still name the file as it is in the repository, and say the same as
    between folders."""
    work = tmp_path / "w"
    make_head(GOLDEN / "changed-handover", work)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(work / "base", repo / "registry")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    shutil.rmtree(repo / "registry")
    shutil.copytree(work / "head", repo / "registry")
    git(repo, "commit", "-q", "-am", "road D3 accepted")
    r = remit("diff", "HEAD~1", "HEAD", "--registry", "registry", "--today", TODAY,
              "--format", "github", "--lang", "en", cwd=repo)
    assert r.returncode == 0, r.stderr
    expected = (GOLDEN / "changed-handover" / "github.en.txt").read_text(encoding="utf-8")
    assert r.stdout == expected.replace("file=head/", "file=registry/")
    doc = json.loads(remit("diff", "HEAD~1", "HEAD", "--registry", "registry", "--today",
                           TODAY, "--format", "json", cwd=repo).stdout)
    assert [g["file"] for g in doc["gaps"]["new"]] == ["registry/assets.yaml"]


def test_a_registry_created_lists_its_entities_without_details(tmp_path: Path) -> None:
    """A revision before the registry existed: every entity is added, counted in the
    summary, without describing each one (the site's history shows only the summary), and
    every gap of the new registry is caused by the change."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    shutil.copytree(GOLDEN / "base", repo / "directory")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry")
    doc = json.loads(remit("diff", "HEAD~1", "HEAD", "--format", "json", "--today", TODAY,
                           cwd=repo).stdout)
    assert doc["created"] is True
    assert all(c["details"] == [] for c in doc["changes"])
    assert sorted(g["kind"] for g in doc["gaps"]["new"]) == [
        "dispute-unrecorded", "handover-no-interim", "handover-overdue"]
    assert doc["gaps"]["standing"] == 0 and doc["gaps"]["resolved"] == []


def test_a_side_with_errors_says_the_gaps_were_not_compared(tmp_path: Path) -> None:
    make_head(GOLDEN / "added-road", tmp_path)
    main = tmp_path / "head" / "assets.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "owner: construction-investment", "owner: no-such-department", 1), encoding="utf-8")
    r = remit("diff", "base", "head", "--today", TODAY, "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0 and "head has 1 error" in r.stderr
    assert "Gaps not compared: the checks run on a registry without errors (head: 1); " \
           "see remit check." in r.stdout
    r = remit("diff", "base", "head", "--today", TODAY, "--format", "github", cwd=tmp_path)
    assert r.stdout == ""
    r = remit("diff", "base", "head", "--no-gaps", cwd=tmp_path)
    assert "责任空白" not in r.stdout


def test_annotations_stay_within_githubs_ten_per_step(tmp_path: Path) -> None:
    """GitHub shows 10 warnings of a step: twelve new gaps are nine annotations on their
    lines and one that counts the other three; the text lists all twelve."""
    shutil.copytree(GOLDEN / "base", tmp_path / "base")
    shutil.copytree(GOLDEN / "base", tmp_path / "head")
    roads = "".join(
        f"\n  - id: road-n{i}\n    name: 北区 N{i} 路\n    type: road\n"
        "    owner: construction-investment\n    duties:\n"
        "      maintenance: construction-investment\n      cleaning: construction-investment\n"
        "      lighting: construction-investment\n    handover:\n"
        "      from: construction-investment\n      to: municipal-roads\n"
        "      status: in-progress\n      due: 2027-06-30\n" for i in range(1, 13))
    with (tmp_path / "head" / "assets.yaml").open("a", encoding="utf-8") as fh:
        fh.write(roads)
    r = remit("diff", "base", "head", "--today", TODAY, "--format", "github", "--lang", "en",
              cwd=tmp_path)
    lines = r.stdout.splitlines()
    assert len(lines) == 10, r.stdout
    assert all(x.startswith("::warning file=head/assets.yaml,line=") for x in lines[:9])
    assert "title=remit new gap handover-no-interim::" in lines[0]
    assert lines[9] == ("::warning title=remit new gaps::and 3 more new gaps: see the job "
                        "summary or the review comment")
    text = remit("diff", "base", "head", "--today", TODAY, cwd=tmp_path).stdout
    assert text.count("[handover-no-interim]") == 12
    assert "本次变更新增的空白 12 个" in text


def test_check_without_gaps_is_what_a_pull_request_annotates(tmp_path: Path) -> None:
    """On a pull request CI runs `remit check --format github --no-gaps`: errors still
    annotated and failing, the standing gaps not annotated (the review does the gaps)."""
    shutil.copytree(GOLDEN / "base", tmp_path / "reg")
    r = remit("check", "reg", "--format", "github", "--no-gaps", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == ""
    assert remit("check", "reg", "--format", "github", "--today", TODAY,
                 cwd=tmp_path).stdout.count(
        "::warning") == 3
    main = tmp_path / "reg" / "assets.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "owner: construction-investment", "owner: no-such-department", 1), encoding="utf-8")
    r = remit("check", "reg", "--format", "github", "--no-gaps", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.startswith("::error file=reg/assets.yaml,line=5,col=12,title=remit "
                               "unknown-ref::assets[road-d3].owner: unknown department")


def test_new_gaps_link_to_their_lines_at_the_head(tmp_path: Path) -> None:
    """--source-url (the pull request's head on GitHub): each new gap's place is a link to
    its line; an address that is not plain http(s) is a usage error, nothing printed."""
    make_head(GOLDEN / "added-road", tmp_path)
    url = "https://github.example.org/park/registry/blob/0123abc"
    r = remit("diff", "base", "head", "--today", TODAY, "--format", "markdown",
              "--source-url", url, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"- [`head/assets.yaml:73:7`]({url}/head/assets.yaml#L73) " in r.stdout
    plain = (GOLDEN / "added-road" / "text.zh.txt").read_text(encoding="utf-8")
    assert "](" not in plain
    for bad in ("javascript:alert(1)", "https://x.example.org/a b", "https://x/)](y"):
        r = remit("diff", "base", "head", "--format", "markdown", "--source-url", bad,
                  cwd=tmp_path)
        assert r.returncode == 2 and r.stdout == "" and "--source-url" in r.stderr


def test_moved_lines_and_reordered_items_cause_no_gap(tmp_path: Path) -> None:
    """The keys survive lines moving and list items shifting: a road moved to the top of
    its file and a fresh contact put before a stale one change no gap. (In 2027 every
    contact of the base is stale: many standing gaps, none listed.)"""
    shutil.copytree(GOLDEN / "base", tmp_path / "base")
    shutil.copytree(GOLDEN / "base", tmp_path / "head")
    assets = tmp_path / "head" / "assets.yaml"
    text = assets.read_text(encoding="utf-8")
    i = text.index("  - id: road-b2\n")
    assets.write_text("assets:\n" + text[i:].rstrip("\n") + "\n\n" +
                      text[len("assets:\n"):i], encoding="utf-8")
    deps = tmp_path / "head" / "departments.yaml"
    edit = deps.read_text(encoding="utf-8").replace(
        "    contacts:\n      - role: 督办科\n",
        "    contacts:\n      - role: 综合科\n        phone: \"0851-0000-0022\"\n"
        "        verified: 2026-12-01\n      - role: 督办科\n", 1)
    deps.write_text(edit, encoding="utf-8")
    doc = json.loads(remit("diff", "base", "head", "--today", "2027-01-01", "--format",
                           "json", cwd=tmp_path).stdout)
    assert doc["gaps"]["new"] == [] and doc["gaps"]["resolved"] == []
    assert doc["gaps"]["standing"] >= 8
    assert [c["id"] for c in doc["changes"]] == ["business-environment-office"]

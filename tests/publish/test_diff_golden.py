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
                  "移交给市政管理处：过渡期责任单位：明湖新区建设投资有限公司",
                  "“清扫保洁”职责：由新区环境卫生管理站承担",
                  "路灯不亮：由明湖新区建设投资有限公司负责",
                  "[shared-duty]"):
        assert piece in text, piece
    # only the gap the change caused is listed, not the three standing ones
    assert "handover-overdue" not in text and "handover-no-interim" not in text

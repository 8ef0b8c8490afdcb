"""scripts/review_comment.py: ONE pull-request comment with remit's review, created once and
updated in place, against the loopback fake of GitHub's comment endpoints
(scripts/fake_github_comments.py, which scripts/ci-local.sh runs too)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from fake_github_comments import serve  # noqa: E402

SCRIPT = ROOT / "scripts" / "review_comment.py"
TOKEN = "test-token-123"
MARKER = "<!-- remit-review -->"


class Fake:
    def __init__(self, read_only: bool = False) -> None:
        self.httpd, self.state = serve(TOKEN, read_only)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def comments(self) -> list[dict[str, Any]]:
        return self.state.comments


@pytest.fixture()
def fake() -> Iterator[Fake]:
    f = Fake()
    yield f
    f.httpd.shutdown()
    f.httpd.server_close()


def run(fake: Fake, tmp_path: Path, review: str, **env: str
        ) -> subprocess.CompletedProcess[str]:
    (tmp_path / "review.md").write_text(review, encoding="utf-8")
    environ = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
               "GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": "park/registry",
               "GITHUB_TOKEN": TOKEN, "PR_NUMBER": "7",
               "GITHUB_SERVER_URL": "https://github.example.org", "GITHUB_RUN_ID": "42",
               "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), **env}
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "review.md"),
                           "--registry", str(ROOT / "directory")], env=environ, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


REVIEW = "### 名录变更：`base` → `head`\n\n资产：新增 1  \n"


def test_creates_one_comment_then_updates_it_in_place(fake: Fake, tmp_path: Path) -> None:
    r = run(fake, tmp_path, REVIEW)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("review comment: created 1001 on pull request #7")
    body = fake.comments[0]["body"]
    assert body.startswith(MARKER + "\n## remit 审查：本次变更对名录的影响\n")
    assert "[本次运行](https://github.example.org/park/registry/actions/runs/42)的构件 " \
           "**site-preview**" in body
    assert body.endswith(REVIEW)
    # the same review again: nothing written
    r = run(fake, tmp_path, REVIEW)
    assert r.stdout.startswith("review comment: unchanged 1001")
    # a new push: the same comment, updated; the artifact's own address when given
    r = run(fake, tmp_path, REVIEW + "事项：修改 1  \n", GITHUB_RUN_ID="43",
            SITE_ARTIFACT_URL="https://github.example.org/park/registry/actions/runs/43/"
                              "artifacts/9")
    assert r.stdout.startswith("review comment: updated 1001"), r.stdout + r.stderr
    assert len(fake.comments) == 1
    assert fake.comments[0]["body"].endswith("事项：修改 1  \n")
    assert "artifacts/9" in fake.comments[0]["body"]
    writes = [m for m, _ in fake.state.log if m != "GET"]
    assert writes == ["POST", "PATCH"]
    # the site did not build: the comment says so instead of pointing at no artifact
    r = run(fake, tmp_path, REVIEW, SITE_PREVIEW_OUTCOME="skipped")
    assert r.stdout.startswith("review comment: updated 1001"), r.stdout + r.stderr
    body = fake.comments[0]["body"]
    assert "没有网站预览：站点构建失败，见[本次运行](https://github.example.org/park/registry/" \
           "actions/runs/42)。" in body and "site-preview" not in body


def test_finds_its_comment_on_a_later_page_and_ignores_quotes(fake: Fake,
                                                              tmp_path: Path) -> None:
    for i in range(150):
        fake.comments.append({"id": i + 1, "issue": 7, "body": f"comment {i}",
                              "user": {"login": "someone"}})
    fake.comments.append({"id": 500, "issue": 7, "body": "> " + MARKER + " quoted",
                          "user": {"login": "someone"}})
    fake.comments.append({"id": 600, "issue": 7, "body": MARKER + "\nold review",
                          "user": {"login": "github-actions[bot]"}})
    fake.comments.append({"id": 700, "issue": 8, "body": MARKER + "\nanother PR",
                          "user": {"login": "github-actions[bot]"}})
    r = run(fake, tmp_path, REVIEW, GITHUB_RUN_ID="")
    assert r.stdout.startswith("review comment: updated 600"), r.stdout + r.stderr
    got = {c["id"]: c["body"] for c in fake.comments}
    assert got[500].startswith("> ") and got[700].endswith("another PR")
    assert [p for _, p in fake.state.log if "page=" in p] == [
        "/repos/park/registry/issues/7/comments?per_page=100&page=1",
        "/repos/park/registry/issues/7/comments?per_page=100&page=2"]


def test_a_review_too_long_is_cut_safely_with_a_pointer(fake: Fake, tmp_path: Path) -> None:
    # characters past U+FFFF count twice for GitHub: the cut must allow for them
    lines = [f"- 变更 {i} 🚧 " + "路" * 60 for i in range(2000)]
    review = "### 名录变更\n\n```\n" + "\n".join(lines) + "\n```\n"
    r = run(fake, tmp_path, review)
    assert r.returncode == 0, r.stderr
    body = fake.comments[0]["body"]
    assert len(body.encode("utf-16-le")) // 2 <= 65536
    assert body.count("```") % 2 == 0  # a code block the cut opened is closed
    tail = body.rstrip("\n").rsplit("\n", 1)[-1]
    assert tail.startswith("*审查内容超出评论长度上限，以下已省略；完整内容见本次运行的任务摘要："
                           "https://github.example.org/park/registry/actions/runs/42")
    assert "行）*" in tail


def test_a_fork_gets_a_note_in_the_job_summary_not_a_failure(fake: Fake,
                                                             tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {
        "number": 9, "head": {"repo": {"full_name": "visitor/registry"}},
        "base": {"repo": {"full_name": "park/registry"}}}}), encoding="utf-8")
    r = run(fake, tmp_path, REVIEW, PR_NUMBER="", GITHUB_EVENT_PATH=str(event))
    assert r.returncode == 0, r.stderr
    assert fake.state.log == [] and fake.comments == []
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "未发表审查评论：来自复刻仓库的拉取请求只有只读令牌" in summary


def test_a_read_only_token_is_noted_not_failed(tmp_path: Path) -> None:
    ro = Fake(read_only=True)
    try:
        r = run(ro, tmp_path, REVIEW, GITHUB_STEP_SUMMARY=str(tmp_path / "s.md"))
    finally:
        ro.httpd.shutdown()
        ro.httpd.server_close()
    assert r.returncode == 0, r.stderr
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "GitHub 拒绝写入" in summary and "403" in summary
    assert "pull-requests: write" in summary


def test_errors_are_one_line(fake: Fake, tmp_path: Path) -> None:
    r = run(fake, tmp_path, REVIEW, GITHUB_TOKEN="wrong")
    assert r.returncode == 1
    assert r.stderr.startswith("review_comment.py: GET /issues/7/comments answered 401: "
                               "Bad credentials")
    assert "Traceback" not in r.stderr
    r = run(fake, tmp_path, REVIEW, PR_NUMBER="")
    assert r.returncode == 2 and "no pull request" in r.stderr
    r = run(fake, tmp_path, REVIEW, GITHUB_API_URL="http://127.0.0.1:9")
    assert r.returncode == 1 and "cannot reach" in r.stderr and "Traceback" not in r.stderr


def test_english_registry_speaks_english(fake: Fake, tmp_path: Path) -> None:
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / "departments.yaml").write_text(
        "site: {title: t, language: en}\n", encoding="utf-8")
    (tmp_path / "review.md").write_text(REVIEW, encoding="utf-8")
    r = subprocess.run([sys.executable, str(SCRIPT), "review.md", "--registry", "reg"],
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                            "GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": "park/registry",
                            "GITHUB_TOKEN": TOKEN, "PR_NUMBER": "7"},
                       cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "## remit review: what this change does to the registry" in fake.comments[0]["body"]


def test_registry_text_mentions_nobody_and_links_no_issue(fake: Fake, tmp_path: Path) -> None:
    """remit escapes registry text; GitHub would still turn an escaped @name into a mention
    (a notification on every update) and #12 into an issue link: a word joiner stops both."""
    review = "- **新增** 联系人 \\@octocat，见 \\#12\n"
    r = run(fake, tmp_path, review)
    assert r.returncode == 0, r.stderr
    body = fake.comments[0]["body"]
    assert "\\@\u2060octocat" in body and "\\#\u20601" in body
    assert "\\@octocat" not in body

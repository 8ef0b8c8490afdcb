"""scripts/freshness_issue.py against a loopback fake of GitHub's issues endpoints: the one
issue is opened, updated (a comment only for what is new), closed when clean, never
duplicated; registry text cannot mention people or inject Markdown; API failures are
reported in a line (exit 1), never as a traceback. The reports come from the real
``remit report --format json``."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, make_project, run_remit

SCRIPT = ROOT / "scripts" / "freshness_issue.py"
TOKEN = "test-token-123"
REPO = "park/registry"


class FakeGitHub:
    """Issues, comments, labels and workflows of one repository, in memory."""

    def __init__(self) -> None:
        self.issues: dict[int, dict[str, Any]] = {}
        self.comments: list[tuple[int, str]] = []
        self.labels: set[str] = set()
        self.enabled: list[str] = []
        self.log: list[tuple[str, str]] = []
        self.fail: int | None = None  # answer every request with this status
        self.last_commit = "2026-11-20T08:00:00Z"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: Any = None) -> None:
                raw = b"" if body is None else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str) -> None:
                url = urlsplit(self.path)
                fake.log.append((method, url.path))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, {"message": "Bad credentials"})
                if fake.fail:
                    return self._answer(fake.fail, {"message": "Resource not accessible "
                                                    "by integration"})
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n)) if n else None
                base = f"/repos/{REPO}"
                path = url.path[len(base):] if url.path.startswith(base) else None
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                if path is None:
                    return self._answer(404, {"message": "Not Found"})
                if method == "GET" and path == "/issues":
                    got = [i for i in sorted(fake.issues.values(), key=lambda i: i["number"])
                           if i["state"] == q.get("state", "open")
                           and q.get("labels", "") in i["labels"]]
                    return self._answer(200, [dict(i, labels=[{"name": x} for x in
                                                             i["labels"]]) for i in got])
                if method == "POST" and path == "/issues":
                    number = 100 + len(fake.issues)
                    fake.issues[number] = {"number": number, "state": "open", "labels": [],
                                           "assignees": [], **body}
                    return self._answer(201, fake.issues[number])
                if method == "POST" and path == "/labels":
                    if body["name"] in fake.labels:
                        return self._answer(422, {"message": "Validation Failed"})
                    fake.labels.add(body["name"])
                    return self._answer(201, body)
                parts = path.strip("/").split("/")
                if parts[0] == "issues" and len(parts) >= 2 and int(parts[1]) in fake.issues:
                    issue = fake.issues[int(parts[1])]
                    if method == "PATCH" and len(parts) == 2:
                        issue.update(body)
                        return self._answer(200, issue)
                    if method == "POST" and parts[2:] == ["comments"]:
                        fake.comments.append((issue["number"], body["body"]))
                        return self._answer(201, {"id": len(fake.comments)})
                if method == "GET" and path == "":
                    return self._answer(200, {"default_branch": "main"})
                if method == "GET" and path == "/commits/main":
                    return self._answer(200, {"commit": {"committer": {
                        "date": fake.last_commit}}})
                if method == "PUT" and parts[:2] == ["actions", "workflows"] \
                        and parts[3:] == ["enable"]:
                    fake.enabled.append(parts[2])
                    return self._answer(204)
                return self._answer(404, {"message": "Not Found"})

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

            def do_PATCH(self) -> None:  # noqa: N802
                self._handle("PATCH")

            def do_PUT(self) -> None:  # noqa: N802
                self._handle("PUT")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def open_issues(self) -> list[dict[str, Any]]:
        return [i for i in self.issues.values() if i["state"] == "open"]


@pytest.fixture()
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    yield fake
    fake.httpd.shutdown()
    fake.httpd.server_close()


def run_script(fake: FakeGitHub, *args: str, token: str = TOKEN,
               **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": "/usr/bin:/bin", "GITHUB_API_URL": fake.url,
               "GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": token,
               "GITHUB_SERVER_URL": "https://github.example.org", "GITHUB_SHA": "abc123",
               "GITHUB_RUN_ID": "42", **env}
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=environ,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    r = run_remit("report", "--format", "json", "--today", "2026-11-28")
    assert r.returncode == 0, r.stderr
    report: dict[str, Any] = json.loads(r.stdout)
    kinds = {f["kind"] for f in report["findings"] if f["status"] == "open"}
    assert {"stale-contact", "handover-overdue", "dispute-overdue"} <= kinds
    return report


def write(tmp_path: Path, report: dict[str, Any], name: str = "report.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_opens_one_issue_listing_stale_contacts_and_overdue_handovers(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    r = run_script(github, write(tmp_path, example_report), FRESHNESS_ASSIGNEES="li-wei, zhao")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "freshness_issue: 3 stale; opened issue #100"
    (issue,) = github.issues.values()
    assert issue["title"] == "名录待更新：3 项联系方式超期未核实或日期逾期"
    assert issue["labels"] == ["remit-freshness"] and github.labels == {"remit-freshness"}
    assert issue["assignees"] == ["li-wei", "zhao"]
    body = issue["body"]
    assert body.startswith("<!-- remit-freshness -->\n截至 2026-11-28，名录中以下信息已经过期。")
    assert "### 移交逾期（1）" in body and "### 联系方式超期未核实（1）" in body
    assert "### 职责争议逾期未裁定（1）" in body
    # each line links to the registry line at the commit that was checked
    # (the overdue handover of D3's lighting: its due line, found in the example)
    lines = (Path(__file__).resolve().parents[1] / "directory" / "assets-roads.yaml"
             ).read_text(encoding="utf-8").splitlines()
    d3 = lines.index("  - id: road-d3")
    n = next(i for i in range(d3, len(lines)) if lines[i].strip() == "due: 2025-06-30") + 1
    assert (f"- [directory/assets-roads.yaml:{n}](https://github.example.org/park/registry/"
            f"blob/abc123/directory/assets-roads.yaml#L{n}) 资产「综保区 D3 路」的“照明”、"
            "“电费缴纳”职责移交给市政管理处已超过期限 2025-06-30 共 516 天仍未验收") in body
    # gaps that time does not make (no interim, no lead) are not this issue's business
    assert "过渡期" not in body and "牵头" not in body
    assert "本次检查：https://github.example.org/park/registry/actions/runs/42" in body
    assert github.comments == []


def test_updates_the_same_issue_and_comments_only_on_what_is_new(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    assert run_script(github, write(tmp_path, example_report)).returncode == 0
    # the next day: the same findings, one day older: the list is rewritten, no comment
    later = copy.deepcopy(example_report)
    later["today"] = "2026-11-29"
    r = run_script(github, write(tmp_path, later))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "freshness_issue: 3 stale (0 new); updated issue #100"
    assert len(github.issues) == 1 and github.comments == []
    assert "截至 2026-11-29" in github.issues[100]["body"]
    # a new stale contact: the list grows and one comment names just the new one
    newer = copy.deepcopy(later)
    stale = next(f for f in newer["findings"] if f["kind"] == "stale-contact")
    extra = dict(stale, path="departments[water-company].contacts[0].verified", line=7,
                 message="新的过期联系方式")
    newer["findings"].append(extra)
    r = run_script(github, write(tmp_path, newer))
    assert r.stdout.strip() == "freshness_issue: 4 stale (1 new); updated issue #100"
    assert [n for n, _ in github.comments] == [100]
    comment = github.comments[0][1]
    assert comment.startswith("自上次检查以来新增 1 项过期信息：\n\n- [")
    assert "新的过期联系方式" in comment and "D3 路" not in comment
    assert github.issues[100]["title"].startswith("名录待更新：4 项")
    assert [m for m, p in github.log].count("POST") == 3  # label, issue, one comment


def test_closes_the_issue_when_nothing_is_stale(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    assert run_script(github, write(tmp_path, example_report)).returncode == 0
    # the registry fixed: a real report of a clean registry
    make_project(tmp_path)
    clean = run_remit("report", "reg", "--format", "json", "--today", "2026-11-28",
                      cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    r = run_script(github, write(tmp_path, json.loads(clean.stdout), "clean.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "freshness_issue: nothing is stale; closed issue #100"
    assert github.issues[100]["state"] == "closed"
    assert github.issues[100]["state_reason"] == "completed"
    assert github.comments == [(100, "Nothing in the registry is stale as of 2026-11-28: "
                                "every contact is verified and no handover or dispute is "
                                "past its date. Closing this issue; a new one opens when "
                                "something goes stale again.")]
    # clean again: nothing to do, nothing written
    github.log.clear()
    r = run_script(github, write(tmp_path, json.loads(clean.stdout), "clean.json"))
    assert r.stdout.strip() == "freshness_issue: nothing is stale; no issue to close"
    assert github.log == [("GET", f"/repos/{REPO}/issues")]
    # stale again: a new issue (the closed one stays as history)
    run_script(github, write(tmp_path, example_report))
    assert [i["number"] for i in github.open_issues()] == [101]


def test_finds_its_issue_by_marker_and_folds_duplicates(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    github.issues[7] = {"number": 7, "state": "open", "labels": ["remit-freshness"],
                        "title": "someone's note", "body": "not ours"}
    github.issues[8] = {"number": 8, "state": "open", "labels": ["remit-freshness"],
                        "title": "x", "body": "<!-- remit-freshness -->\nold"}
    github.issues[9] = {"number": 9, "state": "open", "labels": ["remit-freshness"],
                        "title": "x", "body": "<!-- remit-freshness -->\nold too",
                        "pull_request": {}}
    github.issues[10] = {"number": 10, "state": "open", "labels": ["remit-freshness"],
                         "title": "x", "body": "<!-- remit-freshness -->\nduplicate"}
    r = run_script(github, write(tmp_path, example_report))
    assert r.stdout.strip() == "freshness_issue: 3 stale (3 new); updated issue #8"
    assert github.issues[7]["body"] == "not ours" and github.issues[7]["state"] == "open"
    assert github.issues[9]["state"] == "open"  # a pull request is never touched
    assert github.issues[10]["state"] == "closed"
    assert (10, "同一清单已在 #8 跟踪，关闭本议题。") in github.comments
    assert "移交逾期" in github.issues[8]["body"]


def test_registry_text_cannot_mention_link_or_inject(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    hostile = copy.deepcopy(example_report)
    f = next(f for f in hostile["findings"] if f["kind"] == "stale-contact")
    f["message"] = "call @octocat <script>alert(1)</script> [x](javascript:1) #12 **b**"
    run_script(github, write(tmp_path, hostile))
    body = github.issues[100]["body"]
    line = next(x for x in body.splitlines() if "octocat" in x)
    assert "@\u2060octocat" in line and "@octocat" not in line
    assert "&lt;script&gt;" in line and "<script" not in line
    assert "\\[x\\]\\(javascript:1\\)" in line and "\\#\u206012" in line
    assert "\\*\\*b\\*\\*" in line


def test_english_registry_and_a_long_list(github: FakeGitHub, tmp_path: Path) -> None:
    finding = {"kind": "stale-contact", "status": "open", "file": "reg/departments.yaml",
               "line": 3, "col": 5, "message": "contact of 'a' not verified " + "x" * 300}
    report = {"language": "en", "today": "2026-11-28",
              "kinds": {"stale-contact": {"title": "Stale contacts"}},
              "findings": [dict(finding, path=f"departments[d{i}].contacts[0]")
                           for i in range(400)]}
    r = run_script(github, write(tmp_path, report))
    assert r.returncode == 0, r.stderr
    issue = github.issues[100]
    assert issue["title"] == "Registry freshness: 400 stale contacts or overdue dates"
    assert len(issue["body"]) <= 60_000
    assert "### Stale contacts (400)" in issue["body"]
    assert "more, not listed here (see the run's job summary)." in issue["body"]


def test_api_errors_are_one_line_and_exit_1(
        github: FakeGitHub, example_report: dict[str, Any], tmp_path: Path) -> None:
    github.fail = 403
    r = run_script(github, write(tmp_path, example_report))
    assert r.returncode == 1
    assert r.stderr == ("freshness_issue: GitHub API: GET /issues answered 403: Resource not "
                        "accessible by integration (does the job have `permissions: issues: "
                        "write` and GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}?)\n")
    github.fail = None
    r = run_script(github, write(tmp_path, example_report), token="wrong")
    assert r.returncode == 1 and "answered 401: Bad credentials" in r.stderr
    assert "Traceback" not in r.stderr


def test_usage_errors_exit_2(github: FakeGitHub, tmp_path: Path) -> None:
    r = run_script(github)
    assert r.returncode == 2 and "remit report --format json" in r.stderr
    r = run_script(github, str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "cannot read the report" in r.stderr
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    r = run_script(github, str(tmp_path / "bad.json"))
    assert r.returncode == 2 and "is not the JSON of `remit report --format json`" in r.stderr
    r = run_script(github, str(tmp_path / "bad.json"), token="")
    assert r.returncode == 2 and "set GITHUB_TOKEN" in r.stderr
    assert github.log == []


def test_keepalive_enables_the_workflows_only_when_the_repository_is_quiet(
        github: FakeGitHub) -> None:
    github.last_commit = "2099-01-01T00:00:00Z"  # recent (tomorrow for any test run)
    r = run_script(github, "--keepalive", "50")
    assert r.returncode == 0, r.stderr
    assert "the schedules are safe" in r.stdout and github.enabled == []
    github.last_commit = "2020-01-01T00:00:00Z"
    r = run_script(github, "--keepalive")
    assert r.returncode == 0, r.stderr
    assert github.enabled == ["ci.yml", "freshness.yml"]
    assert "re-enabled ci.yml, freshness.yml" in r.stdout
    r = run_script(github, "--keepalive", "soon")
    assert r.returncode == 2 and "number of days" in r.stderr

#!/usr/bin/env python3
"""Keep ONE GitHub issue listing what has gone stale in the registry.

    remit report --format json > report.json
    python scripts/freshness_issue.py report.json          # open, update or close the issue
    python scripts/freshness_issue.py --keepalive [DAYS]   # re-enable the scheduled workflows

The freshness workflow (.github/workflows/freshness.yml) runs it every day. From the
report it takes the open findings that time makes: contacts not verified for too long
(``stale-contact``), handovers past their due date (``handover-overdue``), disputes past
their deadline (``dispute-overdue``) and accepted gaps past their review date
(``stale-acceptance``). Then:

- findings and no open issue: it opens one (labelled ``remit-freshness``, assigned to
  ``FRESHNESS_ASSIGNEES`` when set), which notifies the repository's watchers;
- findings and an open issue: it rewrites the issue's list (silently) and adds a comment
  naming only the findings that are new since the last run (which notifies);
- no findings and an open issue: a comment "all clear" and the issue is closed;
- no findings and no issue: nothing.

The issue is found by its label and a hidden marker in its body, so renaming it is fine.
Findings never fail the workflow; only a failure to reach GitHub does (exit 1, with what
to fix), and a wrong invocation exits 2.

``--keepalive``: GitHub disables the scheduled workflows of a public repository after 60
days without a commit. When the newest commit of the default branch is older than DAYS
(default 50), this calls the "enable a workflow" endpoint for every workflow named in
``KEEPALIVE_WORKFLOWS`` (default ``ci.yml freshness.yml``); it needs ``actions: write``.

Environment (set by GitHub Actions): GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN,
GITHUB_SERVER_URL, GITHUB_SHA, GITHUB_RUN_ID; optional FRESHNESS_LABEL, FRESHNESS_ASSIGNEES
(comma- or space-separated logins). Standard library only, plus remit's words catalogue
(remit is installed wherever ``remit report`` ran; ``--keepalive`` needs none).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


def t(key: str, lang: str, n: int | None = None, **values: Any) -> str:
    """A word of remit's catalogue (imported here, so ``--keepalive`` needs no remit)."""
    from generator.words import t as word

    return word(key, lang, n, **values)

MARKER = "<!-- remit-freshness -->"
KEYS_RE = re.compile(r"<!-- remit-freshness-keys: ([^>]*) -->")
KINDS = ("stale-contact", "handover-overdue", "dispute-overdue", "stale-acceptance")
DEFAULT_LABEL = "remit-freshness"
#: GitHub refuses issue bodies over 65,536 characters; stay well below.
MAX_BODY = 60_000
_KEY_OK = re.compile(r"[\w.\[\]:/-]+")


class ApiError(Exception):
    """GitHub answered with an error (or could not be reached)."""


class GitHub:
    """The few REST endpoints this script needs, over urllib."""

    def __init__(self, api: str, repo: str, token: str) -> None:
        self.api, self.repo, self.token = api.rstrip("/"), repo, token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None,
             query: dict[str, str] | None = None) -> Any:
        url = f"{self.api}/repos/{self.repo}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "remit-freshness",
            **({"Content-Type": "application/json"} if data is not None else {}),
        })
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - $GITHUB_API_URL
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            with contextlib.suppress(ValueError, AttributeError):
                detail = json.loads(detail).get("message", detail)
            hint = ""
            if exc.code in (401, 403, 404):
                hint = (" (does the job have `permissions: issues: write` and "
                        "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}?)")
            raise ApiError(f"{method} {path} answered {exc.code}: {detail}{hint}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ApiError(f"{method} {path}: cannot reach {self.api}: {exc}") from None
        return json.loads(raw) if raw.strip() else None


# --- what the issue says -------------------------------------------------------------------


def stale_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The open findings time has made, in the report's order."""
    return [f for f in report.get("findings", [])
            if f.get("kind") in KINDS and f.get("status") == "open"]


def key_of(finding: dict[str, Any]) -> str:
    return f"{finding.get('kind')}:{finding.get('path')}"


def md(text: object) -> str:
    """Registry text as literal Markdown: no emphasis, links, HTML, mentions or issue
    references (a word joiner after ``@`` and ``#`` stops GitHub's autolinks)."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", s)
    return s.replace("@", "@\u2060").replace("\\#", "\\#\u2060")


def _blob(env: dict[str, str], file: str, line: int) -> str | None:
    server, repo, sha = (env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"),
                         env.get("GITHUB_SHA"))
    if not (server and repo and sha):
        return None
    return f"{server}/{repo}/blob/{sha}/{urllib.parse.quote(file)}#L{line}"


def _run_url(env: dict[str, str]) -> str | None:
    server, repo, run = (env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"),
                         env.get("GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None


def item(finding: dict[str, Any], env: dict[str, str]) -> str:
    file, line = str(finding.get("file", "")), int(finding.get("line") or 0)
    where = md(f"{file}:{line}")
    url = _blob(env, file, line)
    place = f"[{where}]({url})" if url else where
    return f"- {place} {md(finding.get('message', ''))}"


def issue_body(report: dict[str, Any], found: list[dict[str, Any]],
               env: dict[str, str]) -> str:
    """The issue's text: the findings grouped by kind, each linked to its registry line;
    past :data:`MAX_BODY` the rest is counted, not listed. A hidden list of the findings'
    keys lets the next run tell what is new."""
    lang = str(report.get("language") or "en")
    today = str(report.get("today") or dt.date.today().isoformat())
    titles = {k: str(v.get("title", k)) for k, v in report.get("kinds", {}).items()}
    head = [MARKER, t("freshness_issue.intro", lang, date=today)]
    keys = ""
    for k in (key_of(f) for f in found):
        if _KEY_OK.fullmatch(k) and len(keys) + len(k) < MAX_BODY // 3:
            keys += (" " if keys else "") + k
    tail = ["", f"<!-- remit-freshness-keys: {keys} -->"]
    run = _run_url(env)
    if run:
        tail[:0] = ["", t("freshness_issue.run", lang, url=run)]
    room = MAX_BODY - sum(len(x) + 1 for x in head + tail) - 300  # 300: the "more" line
    lines: list[str] = []
    shown = 0
    for kind in KINDS:
        group = [f for f in found if f.get("kind") == kind]
        if not group:
            continue
        title = md(titles.get(kind, kind))
        block = ["", "### " + t("freshness_issue.heading", lang, title=title,
                                    count=len(group)), ""]
        for f in group:
            row = item(f, env)
            if room - sum(len(x) + 1 for x in block) - len(row) - 1 < 0:
                break
            block.append(row)
            shown += 1
        if len(block) > 3:
            lines += block
            room -= sum(len(x) + 1 for x in block)
    if shown < len(found):
        lines += ["", t("freshness_issue.more", lang, n=len(found) - shown)]
    return "\n".join(head + lines + tail) + "\n"


def issue_title(report: dict[str, Any], n: int) -> str:
    return t("freshness_issue.title", str(report.get("language") or "en"), n=n)


# --- the issue on GitHub --------------------------------------------------------------------


def find_issues(gh: GitHub, label: str) -> list[dict[str, Any]]:
    """The open issues carrying ``label`` and the marker, oldest first."""
    found = gh.call("GET", "/issues", query={"labels": label, "state": "open",
                                             "sort": "created", "direction": "asc",
                                             "per_page": "100"}) or []
    return [i for i in found if "pull_request" not in i and MARKER in (i.get("body") or "")]


def _ensure_label(gh: GitHub, label: str) -> None:
    try:
        gh.call("POST", "/labels", {"name": label, "color": "d93f0b",
                                    "description": "remit: stale contacts, overdue handovers"})
    except ApiError as exc:
        if " 422:" not in str(exc):  # 422: the label exists already
            raise


def sync(gh: GitHub, report: dict[str, Any], env: dict[str, str]) -> str:
    """Open, update or close the one issue; returns what was done, in a line."""
    label = env.get("FRESHNESS_LABEL") or DEFAULT_LABEL
    lang = str(report.get("language") or "en")
    today = str(report.get("today") or dt.date.today().isoformat())
    found = stale_findings(report)
    issues = find_issues(gh, label)
    issue = issues[0] if issues else None
    for extra in issues[1:]:  # only one issue: fold duplicates into the oldest
        gh.call("POST", f"/issues/{extra['number']}/comments",
                {"body": t("freshness_issue.duplicate", lang, number=issues[0]["number"])})
        gh.call("PATCH", f"/issues/{extra['number']}",
                {"state": "closed", "state_reason": "not_planned"})
    if not found:
        if issue is None:
            return "nothing is stale; no issue to close"
        gh.call("POST", f"/issues/{issue['number']}/comments",
                {"body": t("freshness_issue.clear", lang, date=today)})
        gh.call("PATCH", f"/issues/{issue['number']}",
                {"state": "closed", "state_reason": "completed"})
        return f"nothing is stale; closed issue #{issue['number']}"
    body, title = issue_body(report, found, env), issue_title(report, len(found))
    if issue is None:
        _ensure_label(gh, label)
        new: dict[str, Any] = {"title": title, "body": body, "labels": [label]}
        who = [a for a in re.split(r"[,\s]+", env.get("FRESHNESS_ASSIGNEES", "")) if a]
        if who:
            new["assignees"] = who
        made = gh.call("POST", "/issues", new)
        return f"{len(found)} stale; opened issue #{made['number']}"
    old = KEYS_RE.search(issue.get("body") or "")
    before = set(old.group(1).split()) if old else set()
    added = [f for f in found if key_of(f) not in before]
    if body != issue.get("body") or title != issue.get("title"):
        gh.call("PATCH", f"/issues/{issue['number']}", {"title": title, "body": body})
    if added:
        rows = [item(f, env) for f in added[:50]]
        text = "\n".join([t("freshness_issue.new", lang, n=len(added)), "", *rows])
        gh.call("POST", f"/issues/{issue['number']}/comments", {"body": text})
    return (f"{len(found)} stale ({len(added)} new); updated issue #{issue['number']}")


def keepalive(gh: GitHub, env: dict[str, str], days: int, today: dt.date) -> str:
    """Re-enable the scheduled workflows when the last commit is ``days`` old or more."""
    repo = gh.call("GET", "")
    branch = repo.get("default_branch", "main")
    head = gh.call("GET", f"/commits/{urllib.parse.quote(branch)}")
    stamp = head["commit"]["committer"]["date"]  # 2026-11-28T04:00:00Z
    age = (today - dt.date.fromisoformat(stamp[:10])).days
    if age < days:
        return f"last commit {age} days ago; the schedules are safe (under {days})"
    names = (env.get("KEEPALIVE_WORKFLOWS") or "ci.yml freshness.yml").split()
    for name in names:
        gh.call("PUT", f"/actions/workflows/{urllib.parse.quote(name)}/enable")
    return f"last commit {age} days ago; re-enabled {', '.join(names)}"


def main(argv: list[str], env: dict[str, str]) -> int:
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    missing = [n for n in ("GITHUB_REPOSITORY", "GITHUB_TOKEN") if not env.get(n)]
    if missing:
        print(f"freshness_issue: set {' and '.join(missing)} (GitHub Actions sets "
              "GITHUB_REPOSITORY; pass GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})",
              file=sys.stderr)
        return 2
    gh = GitHub(env.get("GITHUB_API_URL") or "https://api.github.com",
                env["GITHUB_REPOSITORY"], env["GITHUB_TOKEN"])
    try:
        if argv[0] == "--keepalive":
            days = argv[1] if len(argv) > 1 else "50"
            if not days.isdigit():
                print(f"freshness_issue: --keepalive takes a number of days, not '{days}'",
                      file=sys.stderr)
                return 2
            print(f"freshness_issue: {keepalive(gh, env, int(days), dt.date.today())}")
            return 0
        try:
            with open(argv[0], encoding="utf-8") as fh:
                report = json.load(fh)
        except (OSError, ValueError) as exc:
            print(f"freshness_issue: cannot read the report {argv[0]}: {exc} (write it "
                  "with `remit report --format json > FILE`)", file=sys.stderr)
            return 2
        if not isinstance(report, dict) or not isinstance(report.get("findings"), list):
            print(f"freshness_issue: {argv[0]} is not the JSON of `remit report --format "
                  "json`", file=sys.stderr)
            return 2
        print(f"freshness_issue: {sync(gh, report, env)}")
    except ApiError as exc:
        print(f"freshness_issue: GitHub API: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], dict(os.environ)))

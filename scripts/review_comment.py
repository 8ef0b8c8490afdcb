#!/usr/bin/env python3
"""Post or update ONE pull-request comment with remit's review of the change.

    remit diff "$BASE_SHA" directory --format markdown > review.md
    python scripts/review_comment.py review.md

The pull-request workflow (.github/workflows/ci.yml, job "review") runs it after building
the site preview. The comment is the Markdown of ``remit diff`` (what the change does to the
registry, and the responsibility gaps it causes and resolves), under a title and a line
saying where the built site is (the artifact of this run). It is found again by a hidden
marker (``<!-- remit-review -->``) at the start of its body, so every push to the pull
request updates the same comment instead of adding one; an unchanged review is left alone.

A body past GitHub's limit (65,536 characters) is cut at a line, well below the limit,
with a line pointing at the job summary, which holds the whole review.

A pull request from a fork gets a read-only token: the script does not try, says so in the
job summary ($GITHUB_STEP_SUMMARY) and exits 0; a 403 or 404 when writing is taken the same
way. Any other failure to reach GitHub exits 1 with one line saying what went wrong; a wrong
invocation exits 2.

Environment (set by GitHub Actions): GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN,
GITHUB_EVENT_PATH (the pull_request event: its number and where its head comes from) or
PR_NUMBER, GITHUB_STEP_SUMMARY, GITHUB_SERVER_URL and GITHUB_RUN_ID (the link to this run),
SITE_ARTIFACT_URL (the site artifact's address, from actions/upload-artifact) and
SITE_PREVIEW_OUTCOME (that step's outcome: anything but "success" says the site preview is
missing because the build failed). Standard
library only, plus remit's words catalogue (remit is installed wherever ``remit diff`` ran).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- remit-review -->"
#: GitHub refuses comment bodies over 65,536 characters; stay well below (UTF-16 units).
MAX_BODY = 60_000
PER_PAGE = 100
USAGE = 2


def t(key: str, lang: str, n: int | None = None, **values: Any) -> str:
    from generator.words import t as word

    return word(key, lang, n, **values)


class ApiError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GitHub:
    """The two REST endpoints this script needs (list and write an issue's comments)."""

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
            "User-Agent": "remit-review",
            **({"Content-Type": "application/json"} if data is not None else {}),
        })
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - $GITHUB_API_URL
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            with contextlib.suppress(ValueError, AttributeError):
                detail = json.loads(detail).get("message", detail)
            raise ApiError(f"{method} {path} answered {exc.code}: {detail}", exc.code) \
                from None
        except (urllib.error.URLError, OSError) as exc:
            raise ApiError(f"{method} {path}: cannot reach {self.api}: {exc}") from None
        return json.loads(raw) if raw.strip() else None

    def comments(self, number: int) -> list[dict[str, Any]]:
        """Every comment of the pull request, oldest first (all pages)."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            got = self.call("GET", f"/issues/{number}/comments",
                            query={"per_page": str(PER_PAGE), "page": str(page)})
            if not isinstance(got, list):
                raise ApiError(f"GET /issues/{number}/comments answered no list")
            out += got
            if len(got) < PER_PAGE:
                return out
            page += 1


# --- the comment's text ---------------------------------------------------------------------


def units(s: str) -> int:
    """Length as GitHub counts it (UTF-16 code units: a character past U+FFFF is two)."""
    return len(s.encode("utf-16-le")) // 2


def comment_body(review: str, lang: str, env: dict[str, str], limit: int = MAX_BODY) -> str:
    """The marker, a title, where the site preview is, and the review, cut at a line when
    the whole would pass ``limit`` (with a line pointing at the job summary)."""
    run = _run_url(env)
    site = env.get("SITE_ARTIFACT_URL") or run
    head = [MARKER, f"## {t('review.comment_title', lang)}", ""]
    if env.get("SITE_PREVIEW_OUTCOME", "success") not in ("", "success"):
        head += [t("review.comment_no_site", lang, url=run or ""), ""]
    elif site:
        head += [t("review.comment_site", lang, url=site), ""]
    text = quiet(review.rstrip("\n"))
    lines = text.split("\n")
    body = "\n".join(head + lines) + "\n"
    if units(body) <= limit:
        return body
    cut = t("review.comment_cut", lang, url=run or "") if run else \
        t("review.comment_cut_local", lang)
    room = limit - units("\n".join(head)) - units(cut) - 64
    kept: list[str] = []
    used = 0
    for ln in lines:
        n = units(ln) + 1
        if used + n > room:
            break
        kept.append(ln)
        used += n
    if sum(1 for ln in kept if ln.lstrip().startswith("```")) % 2:
        kept.append("```")  # close a code block the cut left open
    rest = t("review.comment_cut_lines", lang, n=len(lines) - len(kept))
    return "\n".join([*head, *kept, "", f"*{cut} {rest}*"]) + "\n"


def quiet(markdown: str) -> str:
    """Registry text that remit escaped (``\\@``, ``\\#``) can still mention a person or
    link an issue once GitHub renders it; a word joiner after the sign stops both, and the
    text reads the same."""
    return markdown.replace("\\@", "\\@\u2060").replace("\\#", "\\#\u2060")


def _run_url(env: dict[str, str]) -> str | None:
    server, repo, run = (env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"),
                         env.get("GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None


def registry_language(registry: str) -> str:
    """The registry's site.language (its departments.yaml), else zh."""
    import yaml

    main = Path(registry)
    if main.is_dir():
        main = main / "departments.yaml"
    try:
        doc = yaml.safe_load(main.read_text(encoding="utf-8"))
        lang = doc["site"]["language"]
    except (OSError, ValueError, TypeError, KeyError, yaml.YAMLError):
        return "zh"
    return lang if lang in ("zh", "en") else "zh"


# --- where the comment goes ------------------------------------------------------------------


def pull_request(env: dict[str, str]) -> tuple[int | None, bool]:
    """(the pull request's number, whether its head is in another repository: a fork)."""
    number: int | None = None
    fork = False
    event = env.get("GITHUB_EVENT_PATH")
    if event and Path(event).is_file():
        with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
            pr = json.loads(Path(event).read_text(encoding="utf-8")).get("pull_request") or {}
            number = int(pr["number"]) if pr.get("number") is not None else None
            head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
            fork = bool(head) and head != env.get("GITHUB_REPOSITORY")
    if env.get("PR_NUMBER", "").isdigit():
        number = int(env["PR_NUMBER"])
    return number, fork


def note(env: dict[str, str], text: str) -> None:
    """One paragraph in the job summary (when there is one) and on standard output."""
    print(f"review comment: {text}")
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(f"\n> {text}\n")


def post(gh: GitHub, number: int, body: str) -> tuple[str, int]:
    """Create the comment, or update the one carrying the marker: (what was done, its id)."""
    mine = [c for c in gh.comments(number) if str(c.get("body", "")).startswith(MARKER)]
    if mine:
        cid = int(mine[0]["id"])
        if mine[0].get("body") == body:
            return "unchanged", cid
        gh.call("PATCH", f"/issues/comments/{cid}", {"body": body})
        return "updated", cid
    got = gh.call("POST", f"/issues/{number}/comments", {"body": body})
    return "created", int(got["id"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Post or update the pull request's remit review "
                                "comment (see the module's docstring).")
    p.add_argument("review", help="the Markdown of `remit diff --format markdown`")
    p.add_argument("--lang", choices=("zh", "en"),
                   help="language of the comment's own lines (default: the registry's)")
    p.add_argument("--registry", default="directory",
                   help="the registry folder, for its language (default: directory)")
    args = p.parse_args(argv)
    env = dict(os.environ)
    lang = args.lang or registry_language(args.registry)
    try:
        review = Path(args.review).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"review_comment.py: cannot read {args.review}: {exc}", file=sys.stderr)
        return USAGE
    number, fork = pull_request(env)
    if number is None:
        print("review_comment.py: no pull request: run it on a pull_request event "
              "(GITHUB_EVENT_PATH) or set PR_NUMBER", file=sys.stderr)
        return USAGE
    missing = [k for k in ("GITHUB_API_URL", "GITHUB_REPOSITORY") if not env.get(k)]
    if missing:
        print(f"review_comment.py: {' and '.join(missing)} not set (GitHub Actions sets "
              "them)", file=sys.stderr)
        return USAGE
    if fork:
        note(env, t("review.comment_fork", lang))
        return 0
    if not env.get("GITHUB_TOKEN"):
        note(env, t("review.comment_no_token", lang))
        return 0
    gh = GitHub(env["GITHUB_API_URL"], env["GITHUB_REPOSITORY"], env["GITHUB_TOKEN"])
    body = comment_body(review, lang, env)
    try:
        done, cid = post(gh, number, body)
    except ApiError as exc:
        if exc.status in (403, 404):
            note(env, t("review.comment_denied", lang, error=str(exc)))
            return 0
        print(f"review_comment.py: {exc}", file=sys.stderr)
        return 1
    print(f"review comment: {done} {cid} on pull request #{number} ({units(body)} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

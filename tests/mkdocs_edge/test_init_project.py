"""``remit init``: a new project that passes ``remit check`` and a real ``mkdocs build
--strict`` with edit links into the given repository; the addresses of an existing
project set without losing a comment; the repository taken from the real ``git remote``;
nothing ever overwritten."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, git, run_mkdocs, run_remit

from generator.mkdocs_edge.init_project import (
    InitError,
    edit_uri_for,
    set_top_level,
    web_url,
    yaml_scalar,
)

REPO = "https://github.com/park/registry"
STARTER_FILES = [".github/workflows/freshness.yml", ".github/workflows/publish.yml",
                 ".gitignore", ".gitlab-ci.yml", "content/guide/maintain.md", "content/index.md",
                 "directory/departments.yaml", "mkdocs.yml", "requirements.txt",
                 "schema/remit.schema.json", "scripts/freshness_issue.py"]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def new_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "park"
    r = run_remit("init", str(folder), "--site-url", "https://park.example.org",
                  "--repo-url", REPO, "--title", "明湖园区责任名录",
                  "--remit-requirement", "remit @ git+https://example.org/remit.git@v0.1.0")
    assert r.returncode == 0, r.stderr
    assert f"remit init: created 11 files in {folder}: mkdocs.yml" in r.stderr
    assert 'Settings > Pages > Source to "GitHub Actions"' in r.stderr
    return folder


def test_new_project_files(new_project: Path) -> None:
    assert files_in(new_project) == STARTER_FILES
    text = (new_project / "mkdocs.yml").read_text(encoding="utf-8")
    assert ("site_name: 明湖园区责任名录\nsite_url: https://park.example.org/\n"
            "repo_url: https://github.com/park/registry\nrepo_name: park/registry\n"
            "edit_uri: edit/main/content/\ndocs_dir: content\n") in text
    assert (new_project / "requirements.txt").read_text(encoding="utf-8").endswith(
        "\nremit @ git+https://example.org/remit.git@v0.1.0\n")
    assert (new_project / "scripts" / "freshness_issue.py").stat().st_mode & 0o111
    # the project's freshness script is this repository's, byte for byte
    assert (new_project / "scripts" / "freshness_issue.py").read_bytes() == \
        (ROOT / "scripts" / "freshness_issue.py").read_bytes(), \
        "cp scripts/freshness_issue.py generator/mkdocs_edge/starter/"
    assert (new_project / "schema" / "remit.schema.json").read_text(encoding="utf-8") == \
        run_remit("schema").stdout


def test_new_project_passes_remit_check(new_project: Path) -> None:
    r = run_remit("check", "--strict", cwd=new_project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "no problems found"


def test_new_project_builds_strictly_with_edit_links_into_the_repository(
        new_project: Path, tmp_path: Path) -> None:
    r = run_mkdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=new_project)
    assert r.returncode == 0, r.stderr
    site = tmp_path / "site"
    page = (site / "departments" / "service-centre" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="(https://github\.com/park/registry/[^"]*)"', page))
    assert any(re.fullmatch(re.escape(REPO) + r"/edit/main/directory/departments\.yaml#L\d+",
                            u) for u in links), links
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}/edit/main/content/index.md"' in home
    assert "<h1" in home and "明湖园区责任名录" in home
    assert '<link rel="canonical" href="https://park.example.org/">' in home
    assert "https://park.example.org/departments/service-centre/" in \
        (site / "sitemap.xml").read_text(encoding="utf-8")


def test_new_project_ci_files_are_valid(new_project: Path) -> None:
    from test_workflows import _actionlint

    for name in ("publish.yml", "freshness.yml"):
        path = new_project / ".github" / "workflows" / name
        r = subprocess.run([_actionlint(), "-no-color", str(path)], cwd=new_project,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                        "vendor.gitlab-ci", str(new_project / ".gitlab-ci.yml")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    publish = (new_project / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert "branches: [main]" in publish and "refs/heads/main" in publish
    assert "@@" not in publish


def test_english_project(tmp_path: Path) -> None:
    r = run_remit("init", str(tmp_path), "--language", "en", "--repo-url",
                  "https://gitlab.com/park/registry/", "--branch", "trunk",
                  "--remit-requirement", "remit==0.1.0")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Responsibility directory\n" in text
    assert "edit_uri: -/edit/trunk/content/\n" in text and "lang: en\n" in text
    assert "site_url" not in text
    assert "remit init: note: no --site-url: the feed and sitemap need the site's address" \
        in r.stderr
    assert run_remit("check", "--strict", cwd=tmp_path).returncode == 0


def test_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("# mine\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# a fresh GitHub repository\n", encoding="utf-8")
    before = {p: (tmp_path / p).read_bytes() for p in files_in(tmp_path)}
    r = run_remit("init", str(tmp_path), "--repo-url", REPO)
    assert r.returncode == 2
    assert r.stderr == (f"remit init: {tmp_path}: will not overwrite .gitignore, "
                        "content/index.md, content/ (not empty); move them away, or run "
                        "remit init in a new folder\n")
    assert {p: (tmp_path / p).read_bytes() for p in files_in(tmp_path)} == before
    # a README (a repository created on GitHub has one) is no obstacle
    (tmp_path / ".gitignore").unlink()
    shutil.rmtree(tmp_path / "content")
    r = run_remit("init", str(tmp_path), "--repo-url", REPO, "--remit-requirement", "remit")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == \
        "# a fresh GitHub repository\n"


def test_repository_from_git_remote(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "trunk")
    git(tmp_path, "remote", "add", "origin", "https://li:ghp_secret@gitee.com/park/reg.git")
    r = run_remit("init", str(tmp_path), "--remit-requirement", "remit")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert ("repo_url: https://gitee.com/park/reg\nrepo_name: park/reg\n"
            "edit_uri: edit/trunk/content/\n") in text
    assert "ghp_secret" not in text + r.stderr
    assert "remit init: note: repo_url https://gitee.com/park/reg (from git remote origin)" \
        in r.stderr
    publish = (tmp_path / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert "branches: [trunk]" in publish


def test_github_remote_gives_the_pages_address(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "remote", "add", "origin", "git@github.com:Park-Co/registry.git")
    r = run_remit("init", str(tmp_path), "--remit-requirement", "remit")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://park-co.github.io/registry/\n" in text
    assert "repo_url: https://github.com/Park-Co/registry\n" in text
    # on an existing project a site address (a custom domain) is never guessed over
    (tmp_path / "mkdocs.yml").write_text(text.replace("https://park-co.github.io/registry/",
                                                      "https://registry.park.example/"),
                                         encoding="utf-8")
    git(tmp_path, "remote", "set-url", "origin", "git@github.com:park-co/directory.git")
    r = run_remit("init", str(tmp_path))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://registry.park.example/\n" in text
    assert "repo_url: https://github.com/park-co/directory\n" in text


def test_existing_project_keeps_every_comment(tmp_path: Path) -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(original, encoding="utf-8")
    r = run_remit("init", str(tmp_path), "--site-url", "https://park.example.org/registry",
                  "--repo-url", "https://gitlab.example.org/park/registry")
    assert r.returncode == 0, r.stderr
    new = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), new.splitlines(), strict=True)
               if a != b]
    assert [b for _, b in changed] == [
        "site_url: https://park.example.org/registry/",
        "repo_url: https://gitlab.example.org/park/registry",
        "repo_name: park/registry",
        "edit_uri: -/edit/main/content/",
    ]
    assert f"remit init: {tmp_path / 'mkdocs.yml'}: site_url: https://remit.example.org/ -> " \
        "https://park.example.org/registry/" in r.stderr
    r = run_remit("init", str(tmp_path), "--site-url", "https://park.example.org/registry",
                  "--repo-url", "https://gitlab.example.org/park/registry")
    assert r.returncode == 0 and "already says so; nothing changed" in r.stderr
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == new
    assert run_remit("init", str(tmp_path), "--title", "x").returncode == 2


def test_existing_project_without_the_keys(tmp_path: Path) -> None:
    text = ("# my site\nsite_name: !ENV [SITE_NAME, Park]  # the name\n\ntheme:\n  name: "
            "material\n")
    new, changes = set_top_level(text, [("site_url", "https://a.example.org/"),
                                        ("repo_url", "https://github.com/a/b"),
                                        ("edit_uri", "edit/main/docs/")])
    assert new == ("# my site\nsite_name: !ENV [SITE_NAME, Park]  # the name\n"
                   "site_url: https://a.example.org/\nrepo_url: https://github.com/a/b\n"
                   "edit_uri: edit/main/docs/\n\ntheme:\n  name: material\n")
    assert changes == ["site_url: https://a.example.org/ (added)",
                       "repo_url: https://github.com/a/b (added)",
                       "edit_uri: edit/main/docs/ (added)"]
    # a tagged value is replaced whole
    new, _ = set_top_level("site_url: !ENV [U, 'https://x/']\n", [("site_url", "https://y/")])
    assert new == "site_url: https://y/\n"
    with pytest.raises(InitError, match=r"mkdocs.yml:1: site_url is not a single value"):
        set_top_level("site_url: [a, b]\n", [("site_url", "https://y/")])
    with pytest.raises(InitError, match="not valid YAML"):
        set_top_level("site_url: [a\n", [("site_url", "https://y/")])


def test_usage_errors(tmp_path: Path) -> None:
    r = run_remit("init", str(tmp_path), "--site-url", "javascript:alert(1)")
    assert r.returncode == 2
    assert r.stderr == ("remit init: --site-url 'javascript:alert(1)' is not a web address "
                        "like https://example.org/park (http or https, no user, query or #)\n")
    r = run_remit("init", str(tmp_path), "--repo-url", "https://u:p@github.com/a/b")
    assert r.returncode == 2 and "no user" in r.stderr
    r = run_remit("init", str(tmp_path), "--repo-url", REPO, "--branch=-x")
    assert r.returncode == 2 and "is not a branch name" in r.stderr
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    r = run_remit("init", str(tmp_path))
    assert r.returncode == 2 and "nothing to set" in r.stderr
    assert files_in(tmp_path) == ["mkdocs.yml"]


@pytest.mark.parametrize(("remote", "web"), [
    ("git@github.com:park/registry.git", "https://github.com/park/registry"),
    ("ssh://git@gitlab.example.org:2222/group/sub/registry.git",
     "https://gitlab.example.org/group/sub/registry"),
    ("https://oauth2:glpat-x@gitlab.com/park/registry.git", "https://gitlab.com/park/registry"),
    ("http://git.intranet:8080/park/registry", "http://git.intranet:8080/park/registry"),
    ("/srv/git/registry.git", None),
    ("file:///srv/git/registry.git", None),
])
def test_web_url(remote: str, web: str | None) -> None:
    assert web_url(remote) == web


def test_edit_uri_by_host_and_yaml_scalars() -> None:
    assert edit_uri_for("https://github.com/a/b", "main", "content") == "edit/main/content/"
    assert edit_uri_for("https://gitlab.com/a/b", "main", "docs") == "-/edit/main/docs/"
    assert edit_uri_for("https://gitee.com/a/b", "master", "docs") == "edit/master/docs/"
    assert edit_uri_for("https://codeberg.org/a/b", "main", "docs") == "_edit/main/docs/"
    assert yaml_scalar("https://x.example.org/a/") == "https://x.example.org/a/"
    assert yaml_scalar("综保区责任名录") == "综保区责任名录"
    for tricky in ("yes", "2024", "a: b", "# x", "- x", "x #y", "'q'", "", "null"):
        assert yaml_scalar(tricky).startswith('"'), tricky


def test_existing_project_takes_the_repository_from_git(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x  # keep me\ndocs_dir: docs\n",
                                         encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "remote", "add", "origin", "ssh://git@git.park.example:2222/it/registry.git")
    r = run_remit("init", str(tmp_path), "--site-url", "http://registry.park.example/")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == (
        "site_name: x  # keep me\nsite_url: http://registry.park.example/\n"
        "repo_url: https://git.park.example/it/registry\nrepo_name: it/registry\n"
        "edit_uri: edit/main/docs/\ndocs_dir: docs\n")
    assert "edit links use GitHub's form (edit/main/docs/); give --forge gitlab (or gitea) " \
        "if your host is one" in r.stderr
    # an intranet GitLab whose name does not say so
    r = run_remit("init", str(tmp_path), "--forge", "gitlab")
    assert r.returncode == 0, r.stderr
    assert "edit_uri: -/edit/main/docs/\n" in (tmp_path / "mkdocs.yml").read_text("utf-8")
    assert "edit_uri: edit/main/docs/ -> -/edit/main/docs/" in r.stderr


def test_a_title_is_text(tmp_path: Path) -> None:
    """Markdown in the title stays text; HTML is refused, because MkDocs (and Material)
    write site_name into every page unescaped."""
    title = '"园区" #1: *x* [a](b) 1. _y_'
    r = run_remit("init", str(tmp_path / "p"), "--title", title, "--repo-url", REPO,
                  "--remit-requirement", "remit")
    assert r.returncode == 0, r.stderr
    project = tmp_path / "p"
    assert run_remit("check", "--strict", cwd=project).returncode == 0
    r = run_mkdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    assert r.returncode == 0, r.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", home).group(1)
    assert h1 == "&quot;园区&quot; #1: *x* [a](b) 1. _y_" or h1 == '"园区" #1: *x* [a](b) 1. _y_'
    r = run_remit("init", str(tmp_path / "q"), "--title", "<img src=x onerror=alert(1)>")
    assert r.returncode == 2
    assert r.stderr == ('remit init: --title "<img src=x onerror=alert(1)>": leave out < > & '
                        "and control characters (MkDocs writes site_name into every page as "
                        "HTML)\n")
    assert not (tmp_path / "q").exists()


def test_refuses_to_write_through_a_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / ".github").symlink_to(tmp_path / "elsewhere")
    r = run_remit("init", str(tmp_path / "p"), "--repo-url", REPO)
    assert r.returncode == 2
    assert "will not overwrite .github/ (a symbolic link)" in r.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert [p.name for p in (tmp_path / "p").iterdir()] == [".github"]

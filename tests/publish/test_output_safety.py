"""Output folders are safe by construction: ``remit build -d``, ``remit render --out`` and
``remit export --out`` refuse the project, the registry, the docs folder, a git work tree's
root and folders they did not write (exit 2, nothing touched); they write only inside the
target, replace only what they own (a user's file beside the output survives, a stale
export is gone), and a killed build leaves no hidden copy after the next build.

Real commands on copies of the example project (or a small one) in temporary folders."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ENV, ROOT, make_project, run_mkdocs, run_remit

from generator.publish.output_dir import MARKER, clean_leftovers, refusal, write_owned


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project (mkdocs.yml, content/, directory/) in a git work
    tree of its own."""
    proj = tmp_path / "proj"
    proj.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copytree(ROOT / "content", proj / "content")
    shutil.copytree(ROOT / "directory", proj / "directory")
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    return proj


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (git's own files by name only)."""
    found = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            rel = p.relative_to(folder).as_posix()
            found[rel] = b"" if rel.startswith(".git/") else p.read_bytes()
    return found


def assert_clean_refusal(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "refusing to write" in proc.stderr and "Choose" in proc.stderr, proc.stderr
    for w in words:
        assert w in proc.stderr, (w, proc.stderr)


# --- refused: the project and everything in it that is not an output folder ----------------

PROJECT_TARGETS = [(".", "is the project folder"), ("directory", "is the registry folder"),
                   ("content", "is the docs folder"), ("..", "contains the project folder"),
                   ("content/new", "lies inside the docs folder"),
                   ("directory/new", "lies inside the registry folder"),
                   (".git/new", ".git folder")]


@pytest.mark.parametrize(("target", "why"), PROJECT_TARGETS)
def test_build_refuses_the_project_and_deletes_nothing(project: Path, target: str,
                                                       why: str) -> None:
    before = snapshot(project)
    proc = run_remit("build", "-d", target, cwd=project)
    assert_clean_refusal(proc, why)
    assert snapshot(project) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".git"] \
        == []


@pytest.mark.parametrize(("target", "why"), PROJECT_TARGETS)
def test_render_refuses_the_project_and_writes_nothing(project: Path, target: str,
                                                       why: str) -> None:
    before = snapshot(project)
    proc = run_remit("render", "--out", target, cwd=project)
    assert_clean_refusal(proc, why)
    assert snapshot(project) == before
    assert run_remit("check", cwd=project).returncode == 0


@pytest.mark.parametrize(("target", "why"), PROJECT_TARGETS)
def test_export_refuses_the_project_and_writes_nothing(project: Path, target: str,
                                                       why: str) -> None:
    before = snapshot(project)
    proc = run_remit("export", "--format", "all", "--out", target, cwd=project)
    assert_clean_refusal(proc, why)
    assert snapshot(project) == before


def test_a_git_work_tree_root_is_refused(tmp_path: Path, project: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "README.md").write_text("mine\n")
    before = snapshot(repo)
    for args in (("build", "-d", str(repo)), ("render", "--out", str(repo)),
                 ("export", "--format", "json", "--out", str(repo))):
        assert_clean_refusal(run_remit(*args, cwd=project), "root of a git work tree")
    assert snapshot(repo) == before
    # an empty git work tree is still a git work tree: its .git is never replaced
    empty = tmp_path / "empty-repo"
    subprocess.run(["git", "init", "-q", str(empty)], check=True)
    assert_clean_refusal(run_remit("build", "-d", str(empty), cwd=project), "git work tree")
    assert (empty / ".git" / "HEAD").is_file()


def test_a_folder_remit_did_not_write_is_refused(tmp_path: Path, project: Path) -> None:
    mine = tmp_path / "Documents"
    (mine / "sub").mkdir(parents=True)
    (mine / "letter.txt").write_text("keep me\n")
    (mine / "sub" / "photo.jpg").write_bytes(b"\xff\xd8")
    before = snapshot(mine)
    for args in (("build", "-d", str(mine)), ("render", "--out", str(mine)),
                 ("export", "--format", "all", "--out", str(mine))):
        assert_clean_refusal(run_remit(*args, cwd=project), f"has no {MARKER} file")
    assert snapshot(mine) == before


def test_out_under_a_file_and_too_long_names(project: Path) -> None:
    for args in (("build", "-d", "mkdocs.yml/site"), ("render", "--out", "mkdocs.yml"),
                 ("export", "--format", "json", "--out", "mkdocs.yml/x/y")):
        assert_clean_refusal(run_remit(*args, cwd=project), "file, not a folder")
    long = "x" * 300
    for args in (("build", "-d", long), ("render", "--out", f"out/{long}"),
                 ("export", "--format", "json", "--out", long)):
        assert_clean_refusal(run_remit(*args, cwd=project), "300 bytes long")
    assert sorted(p.name for p in project.iterdir()) == [".git", "content", "directory",
                                                         "mkdocs.yml"]


def test_an_unwritable_out_is_a_clean_error(tmp_path: Path) -> None:
    """A folder no one may write into: found out only when writing (``render`` renders
    every page first), so a small project does."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc (not writable, even by root)")
    make_project(tmp_path)
    before = snapshot(tmp_path)
    for args in (("build", "-d", "/proc/remit-out"), ("render", "--out", "/proc/remit-out"),
                 ("export", "--format", "json", "--out", "/proc/remit-out", "reg")):
        proc = run_remit(*args, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(tmp_path) == before


def test_a_missing_docs_dir_is_a_located_error(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content", "docs_dir: nowhere"))
    line = config.read_text().splitlines().index("docs_dir: nowhere") + 1
    for args in (("build",), ("render", "--out", "../plain")):
        proc = run_remit(*args, cwd=project)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith(f"mkdocs.yml:{line}:1: error: docs_dir: 'nowhere' does "
                                      "not exist"), proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (project / "site").exists() and not (project.parent / "plain").exists()


# --- render: only inside the target, only what it owns -----------------------------------


@pytest.mark.parametrize("docs_dir", ["ABS", "../proj/content"])
def test_render_writes_only_inside_out_whatever_docs_dir_says(project: Path,
                                                              docs_dir: str) -> None:
    config = project / "mkdocs.yml"
    docs_dir = str(project / "content") if docs_dir == "ABS" else docs_dir
    config.write_text(config.read_text().replace("docs_dir: content", f"docs_dir: {docs_dir}"))
    before = snapshot(project)
    outside = sorted(p.name for p in project.parent.iterdir())
    proc = run_remit("render", "--out", "../plain", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(project) == before
    out = project.parent / "plain"
    assert sorted(p.name for p in project.parent.iterdir()) == sorted([*outside, "plain"])
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "content", "mkdocs.yml",
                                                     "remit_theme"]
    assert "docs_dir: content\n" in (out / "mkdocs.yml").read_text()
    assert (out / "content" / "departments" / "service-centre.md").is_file()
    assert (out / "content" / "guide" / "report.md").is_file()


def test_render_keeps_user_files_and_removes_its_stale_pages(project: Path) -> None:
    out = project.parent / "plain"
    assert run_remit("render", "--out", str(out), cwd=project).returncode == 0
    (out / "notes.txt").write_text("mine\n")
    (out / "content" / "my-draft.txt").write_text("mine too\n")
    article = out / "content" / "about.md"
    assert article.is_file()
    (project / "content" / "about.md").unlink()
    reg = project / "directory" / "departments.yaml"
    reg.write_text(_without_matter(reg.read_text(), STALE_MATTER))
    assert (out / "content" / "matters" / f"{STALE_MATTER}.md").is_file()
    proc = run_remit("render", "--out", str(out), cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (out / "notes.txt").read_text() == "mine\n"
    assert (out / "content" / "my-draft.txt").read_text() == "mine too\n"
    assert not article.exists()
    assert not (out / "content" / "matters" / f"{STALE_MATTER}.md").exists()
    owned = json.loads((out / MARKER).read_text())["files"]
    assert "notes.txt" not in owned and "content/about.md" not in owned
    assert "mkdocs.yml" in owned


def test_render_will_not_write_over_a_file_it_did_not_write(project: Path) -> None:
    out = project.parent / "plain"
    out.mkdir()
    (out / MARKER).write_text(json.dumps({"remit": "render", "files": {}}))
    (out / "mkdocs.yml").write_text("site_name: mine\n")
    proc = run_remit("render", "--out", str(out), cwd=project)
    assert proc.returncode == 2 and "mkdocs.yml is in the way" in proc.stderr, proc.stderr
    assert (out / "mkdocs.yml").read_text() == "site_name: mine\n"
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "mkdocs.yml"]


# --- export: a re-export leaves no stale files, user files survive --------------------------


#: a matter of the example that only the service centre's night line names (no case, no
#: article): removing both leaves a valid registry whose outputs lack its files
STALE_MATTER = "water-outage"


def _without_matter(text: str, matter: str) -> str:
    start = text.index(f"  - id: {matter}\n")
    end = text.index("  - id: ", start + 1)
    text = text[:start] + text[end:]
    assert f", {matter}," in text  # the night line's serves
    return text.replace(f", {matter},", ",")


def test_reexport_removes_stale_files_and_keeps_user_files(project: Path) -> None:
    out = project.parent / "data"
    first = run_remit("export", "--format", "all", "--out", str(out), cwd=project)
    assert first.returncode == 0, first.stderr
    stale = out / "open311" / "services" / f"{STALE_MATTER}.json"
    assert stale.is_file()
    (out / "README.md").write_text("our open data\n")
    (out / "open311" / "services" / "NOTES.txt").write_text("mine\n")
    reg = project / "directory" / "departments.yaml"
    reg.write_text(_without_matter(reg.read_text(), STALE_MATTER))
    assert run_remit("check", cwd=project).returncode == 0
    again = run_remit("export", "--format", "all", "--out", str(out), cwd=project)
    assert again.returncode == 0, again.stderr
    assert "removed 1" in again.stderr
    assert not stale.exists()
    assert (out / "README.md").read_text() == "our open data\n"
    assert (out / "open311" / "services" / "NOTES.txt").read_text() == "mine\n"
    assert (out / "open311" / "services" / "streetlight-out.json").is_file()
    # a narrower export does not take the other formats' files away
    json_only = run_remit("export", "--format", "json", "--out", str(out), cwd=project)
    assert json_only.returncode == 0, json_only.stderr
    assert (out / "csv" / "matters.csv").is_file() and (out / "popolo.json").is_file()


def test_export_will_not_write_over_a_file_it_did_not_write(project: Path) -> None:
    out = project.parent / "data"
    assert run_remit("export", "--format", "json", "--out", str(out), cwd=project) \
        .returncode == 0
    (out / "popolo.json").write_text("mine\n")
    proc = run_remit("export", "--format", "all", "--out", str(out), cwd=project)
    assert proc.returncode == 2 and "popolo.json is in the way" in proc.stderr, proc.stderr
    assert (out / "popolo.json").read_text() == "mine\n"
    assert not (out / "csv").exists()


def test_one_output_folder_per_command(project: Path) -> None:
    data, plain = project.parent / "data", project.parent / "plain"
    assert run_remit("export", "--format", "json", "--out", str(data), cwd=project) \
        .returncode == 0
    assert run_remit("render", "--out", str(plain), cwd=project).returncode == 0
    assert_clean_refusal(run_remit("render", "--out", str(data), cwd=project),
                         "holds the output of `remit export`")
    assert_clean_refusal(run_remit("export", "--format", "json", "--out", str(plain),
                                   cwd=project), "holds the output of `remit render`")
    assert_clean_refusal(run_remit("build", "-d", str(plain), cwd=project),
                         "holds the output of `remit render`")
    assert_clean_refusal(run_remit("render", "--internal", "--out", str(plain),
                                   cwd=project), "holds a public build")


def test_write_owned_never_writes_through_a_link(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_owned(out, {"a/x.txt": b"1"}, command="export", group="json")
    shutil.rmtree(out / "a")
    (out / "a").symlink_to(elsewhere)
    with pytest.raises(Exception, match=r"a \(a link\) is in the way"):
        write_owned(out, {"a/x.txt": b"2"}, command="export", group="json")
    assert list(elsewhere.iterdir()) == []


# --- the rules, as the plugin calls them --------------------------------------------------


def test_refusal_rules(tmp_path: Path) -> None:
    root, reg, docs = tmp_path / "p", tmp_path / "p" / "reg", tmp_path / "p" / "docs"
    for d in (reg, docs):
        d.mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n")

    def rule(target: Path, **kw: object) -> str | None:
        return refusal(target, root, reg, docs, **kw)  # type: ignore[arg-type]

    # allowed: new, empty, the dedicated folders, what MkDocs or remit built before
    assert rule(root / "site") is None
    assert rule(tmp_path / "new" / "deeper") is None
    (tmp_path / "empty").mkdir()
    assert rule(tmp_path / "empty", command="export") is None
    for name in ("site", "site-internal"):
        (root / name).mkdir()
        (root / name / "index.html").write_text("old")
        assert rule(root / name, command="build") is None
        assert rule(root / name, command="render") is not None  # only a site build
    built = tmp_path / "built"
    built.mkdir()
    (built / "sitemap.xml.gz").write_bytes(b"")
    assert rule(built) is None and rule(built, command="export") is not None
    (built / "sitemap.xml.gz").unlink()
    (built / "page.html").write_text("x")
    assert "has no .remit-output" in (rule(built) or "")
    assert rule(built, dedicated=[built]) is None
    # refused: the project, its parents, registry and docs and anything inside them
    for bad in (root, tmp_path, reg, docs, reg / "x", docs / "x" / "y", root / ".git" / "x"):
        assert rule(bad) is not None, bad
    # staff and public builds never share a folder
    (root / "site" / MARKER).write_text('{"remit": "build", "internal": false}')
    assert "holds a public build" in (rule(root / "site", internal=True) or "")
    assert rule(root / "site", internal=False) is None
    shutil.rmtree(root / "site")
    assert "public site's default folder" in (rule(root / "site", command="build",
                                                    internal=True) or "")
    # an unreadable marker: remit cannot know what it owns
    (built / MARKER).write_text("{")
    assert "cannot read" in (rule(built) or "")


# --- build: leftovers of killed builds --------------------------------------------------------


def _hidden_copies(folder: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def test_a_killed_build_leaves_no_hidden_copy_after_the_next_build(tmp_path: Path) -> None:
    make_project(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=tmp_path,
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _hidden_copies(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _hidden_copies(tmp_path), "the build never started"
        time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert _hidden_copies(tmp_path)  # what a killed build leaves
    again = run_remit("build", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _hidden_copies(tmp_path) == []
    assert (tmp_path / "site" / "index.html").is_file()


def test_leftovers_of_older_and_killed_builds_are_removed(tmp_path: Path) -> None:
    make_project(tmp_path)
    # as killed builds leave them: a half-built copy, and the old site of an interrupted swap
    # (this version, and older remit versions that nested it)
    for name in (".site.new-k1ll3d00/assets", ".site.old-abcd1234",
                 ".site.old-0ld5ty1e/site/assets"):
        (tmp_path / name).mkdir(parents=True)
    ok = run_remit("build", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert _hidden_copies(tmp_path) == []


def test_a_site_lost_mid_swap_is_put_back_and_a_running_build_left_alone(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    old = tmp_path / ".site.old-0ld5ty1e" / "site"
    old.mkdir(parents=True)
    (old / "index.html").write_text("the previous site")
    clean_leftovers(site)
    assert (site / "index.html").read_text() == "the previous site"
    assert _hidden_copies(tmp_path) == []
    running = tmp_path / ".site.new-run01ng0"
    running.mkdir()
    fd = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        (tmp_path / ".site.old-abcd1234").mkdir()
        clean_leftovers(site)
        assert _hidden_copies(tmp_path) == [".site.new-run01ng0", ".site.old-abcd1234"]
    finally:
        os.close(fd)
    clean_leftovers(site)
    assert _hidden_copies(tmp_path) == []


def test_build_keeps_hidden_files_of_the_site_and_marks_it(tmp_path: Path) -> None:
    make_project(tmp_path)
    assert run_remit("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    (site / ".nojekyll").write_text("")
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_text("Contact: x\n")
    (site / "stray.html").write_text("not the site's")
    assert run_remit("build", cwd=tmp_path).returncode == 0
    assert (site / ".nojekyll").is_file()
    assert (site / ".well-known" / "security.txt").read_text() == "Contact: x\n"
    assert not (site / "stray.html").exists()
    assert json.loads((site / MARKER).read_text()) == {"remit": "build", "internal": False}
    assert re.search(r"<title>", (site / "index.html").read_text())


# --- plain mkdocs build: the plugin applies the same rules to site_dir ------------------


@pytest.mark.parametrize(("target", "word"), [("directory", "registry folder"),
                                              ("directory/site", "registry folder"),
                                              ("mine", "remit did not write it")])
def test_plain_mkdocs_build_refuses_what_remit_build_refuses(project: Path, target: str,
                                                             word: str) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("my own file\n", encoding="utf-8")
    before = snapshot(project)
    proc = run_mkdocs("build", "-d", target, cwd=project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"remit: refusing to write the site into '{project / target}'" in proc.stderr
    assert word in proc.stderr, proc.stderr
    assert snapshot(project) == before


def test_plain_mkdocs_build_into_the_default_site_twice(project: Path) -> None:
    """The project as the refusals above leave it (a user's folder ``mine`` in it): the
    default ``site/`` stays fine, twice."""
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("my own file\n", encoding="utf-8")
    ok = run_mkdocs("build", "-q", cwd=project)
    again = run_mkdocs("build", "-q", cwd=project)
    assert ok.returncode == 0 and again.returncode == 0, again.stderr[-2000:]
    assert (project / "site" / "index.html").exists()
    assert (project / "mine" / "notes.txt").read_text(encoding="utf-8") == "my own file\n"

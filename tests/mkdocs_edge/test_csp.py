"""The site's Content-Security-Policy, without a browser: every built page carries exactly
one policy, first in ``<head>``, and it allows exactly the theme's own inline scripts by
hash; an inline script of anyone else is not allowed and is warned about. The theme
override for sites built without the plugin (``remit render``) allows the same scripts.
(tests/test_browser_csp.py loads the pages in chromium.)"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, ExampleBuild, make_project, run_mkdocs

from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config
from generator.mkdocs_edge.site_theme import (
    base_url_of,
    finish_page,
    inline_scripts,
    policy,
    render_hashes,
    render_theme,
    script_hash,
)

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

EXPECTED = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def parse(page: str) -> dict[str, list[str]]:
    metas = META.findall(page)
    assert len(metas) == 1, metas
    out = {}
    for part in html.unescape(metas[0]).split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def check_page(path: str, page: str) -> None:
    pol = parse(page)
    scripts = pol.pop("script-src")
    assert scripts[0] == "'self'", path
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", h) for h in scripts[1:]), path
    assert pol == EXPECTED, path
    # first in <head>: nothing but <meta charset> before it
    head = page[page.index("<head>") + len("<head>"):page.index("Content-Security-Policy")]
    assert re.fullmatch(r'\s*<meta charset="utf-8">\s*<meta http-equiv="', head), path
    for text in inline_scripts(page):
        assert script_hash(text) in scripts, (path, text[:80])
    assert set(scripts[1:]) == {script_hash(x) for x in inline_scripts(page)}, path


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def example(example_build: ExampleBuild) -> Path:
    """The session's shared build of the example (tests/conftest.py), whose log says
    nothing about the Content-Security-Policy (no page has a script it does not allow)."""
    assert "Content-Security-Policy" not in example_build.stderr
    return example_build.out


def test_every_page_has_one_policy_allowing_its_inline_scripts(example: Path) -> None:
    built = pages(example)
    assert len(built) > 100 and "404.html" in built and "lookup/index.html" in built
    hashed = set()
    for path, page in built.items():
        check_page(path, page)
        hashed |= set(parse(page)["script-src"][1:])
    # Material's __md_scope helpers differ by page depth; the others are the same
    assert len(hashed) >= 3


def test_policy_names_no_other_host(example: Path) -> None:
    page = (example / "index.html").read_text(encoding="utf-8")
    text = html.unescape(META.findall(page)[0])
    assert "http" not in text and "*" not in text
    assert "unsafe-eval" not in text and "script-src 'self' 'unsafe-inline'" not in text
    assert text == policy(parse(page)["script-src"][1:])


def test_remit_pages_carry_no_inline_style_element(example: Path) -> None:
    for path, page in pages(example).items():
        assert "<style" not in page, path
    for p in ("handovers/index.html", "gaps/index.html", "disputes/index.html"):
        assert 'style="' not in (example / p).read_text(encoding="utf-8"), p


def test_a_script_in_an_article_is_blocked_and_named(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    config = make_project(tmp_path / "p", options="      registry: reg\n      gaps: info\n")
    (tmp_path / "p" / "docs" / "index.md").write_text(
        "# Home\n\n<script>window.mine = 1</script>\n", encoding="utf-8")
    proc = run_mkdocs("build", "-f", str(config), "-d", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    warned = [ln for ln in proc.stderr.splitlines() if "Content-Security-Policy" in ln]
    assert len(warned) == 1 and warned[0].startswith("WARNING")
    assert [ln for ln in proc.stderr.splitlines() if ln.startswith("WARNING")] == warned
    assert "index.md" in warned[0] and "window.mine = 1" in warned[0]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert script_hash("window.mine = 1") not in parse(page)["script-src"]
    strict = run_mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "s2"))
    assert strict.returncode != 0


# --- the pieces --------------------------------------------------------------------------------


def test_inline_scripts_are_the_code_without_src() -> None:
    page = ('<script src="a.js"></script><script>one()</script>'
            '<script id="__config" type="application/json">{"a": 1}</script>'
            "<SCRIPT type='module'>two()</SCRIPT><script type=text/javascript>x\r\ny</script>"
            '<script type="text/x-template">not code</script>')
    assert inline_scripts(page) == ["one()", "two()", "x\ny"]


def test_hash_is_what_browsers_compute() -> None:
    # sha256("alert('Hello, world.');") from the CSP specification's example
    assert script_hash("alert('Hello, world.');") == \
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


@pytest.mark.parametrize(("url", "base"), [
    ("", "."), ("index.html", "."), ("departments/", ".."), ("departments/x/", "../.."),
    ("departments/x.html", ".."), ("a/b/c/", "../../.."), ("404.html", "."),
])
def test_base_url_of(url: str, base: str) -> None:
    assert base_url_of(url) == base


def test_finish_page_hashes_only_what_is_allowed() -> None:
    page = ('<html><head><meta charset="utf-8"><script>ok()</script></head><body>'
            '<header class="md-header">h</header><script>evil()</script></body></html>')
    out, refused = finish_page(page, {"ok()"}, internal=True, lang="en")
    assert refused == ["evil()"]
    pol = parse(out)
    assert pol["script-src"] == ["'self'", script_hash("ok()")]
    assert out.index("Content-Security-Policy") < out.index('name="robots"') < \
        out.index("<script>ok()")
    assert out.index("Internal edition") < out.index('<header class="md-header">')


# --- remit render: the same policy from a theme override ---------------------------------------


def test_render_hashes_cover_the_plugin_builds_scripts(example: Path) -> None:
    """The hashes the theme override lists for a plugin-free build are computed without
    MkDocs; they must cover every inline script the real build wrote."""
    built = pages(example)
    urls = [p[:-len("index.html")] if p.endswith("index.html") else p for p in built]
    listed = set(render_hashes(urls, read_mkdocs_config(ROOT / "mkdocs.yml")))
    for path, page in built.items():
        assert set(parse(page)["script-src"][1:]) <= listed, path


def plain_build(folder: Path) -> dict[str, str]:
    proc = run_mkdocs("build", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return pages(folder / "site")


def assert_satisfied(built: dict[str, str], internal: bool) -> None:
    for path, page in built.items():
        pol = parse(page)
        scripts = inline_scripts(page)
        assert len(scripts) >= 2, path  # __md_scope, content tabs... (palette if toggled)
        for text in scripts:
            assert script_hash(text) in pol["script-src"], (path, text[:80])
        assert page.count('name="robots"') == int(internal), path
        assert page.count("内部版本") == int(internal), path


@pytest.mark.parametrize("internal", [False, True])
def test_theme_override_under_plain_mkdocs(tmp_path: Path, internal: bool) -> None:
    """A site built by plain MkDocs (no remit plugin) with the override of render_theme
    has the policy on every page, and it allows every inline script there; the project's
    own custom_dir is carried along."""
    (tmp_path / "docs" / "a" / "b").mkdir(parents=True)
    for p in ("index.md", "a/index.md", "a/b/page.md"):
        (tmp_path / "docs" / p).write_text("# Page\n\ntext\n", encoding="utf-8")
    (tmp_path / "own" / "partials").mkdir(parents=True)
    (tmp_path / "own" / "partials" / "copyright.html").write_text(
        "<div>OWN-COPYRIGHT</div>", encoding="utf-8")
    text = textwrap.dedent("""\
        site_name: plain
        site_url: https://example.org/sub/
        theme:
          name: material
          font: false
          language: zh
          custom_dir: own
          palette:
            - scheme: default
              toggle: {icon: material/brightness-7, name: dark}
            - scheme: slate
              toggle: {icon: material/brightness-4, name: light}
          features: [content.tabs.link]
        """)
    cfg = read_mkdocs_config_text(tmp_path, text)
    files, theme, notes = render_theme(cfg, str(tmp_path), ["index.md", "a/index.md",
                                                             "a/b/page.md"],
                                       lang="zh", internal=internal)
    assert notes == [] and theme is not None and theme["custom_dir"] == "remit_theme"
    out = tmp_path / "out"
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    (out / "docs").symlink_to(tmp_path / "docs")
    write_mkdocs_config(dict(cfg) | {"theme": theme}, out / "mkdocs.yml")
    built = plain_build(out)
    assert set(built) == {"index.html", "a/index.html", "a/b/page/index.html", "404.html"}
    assert_satisfied(built, internal)
    assert all("OWN-COPYRIGHT" in page for page in built.values())


def read_mkdocs_config_text(folder: Path, text: str) -> dict[str, Any]:
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    return read_mkdocs_config(folder / "mkdocs.yml")


def test_a_projects_own_main_html_is_kept_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "main.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    cfg = {"theme": {"name": "material", "custom_dir": "own"}}
    files, theme, notes = render_theme(cfg, str(tmp_path), ["index.md"], lang="en",
                                       internal=False)
    assert files == {"remit_theme/main.html": b'{% extends "base.html" %}'}
    assert theme == {"name": "material", "custom_dir": "remit_theme"}
    assert len(notes) == 1 and "own/main.html" in notes[0]


@pytest.mark.parametrize("internal", [False, True])
def test_remit_render_output_with_the_override(tmp_path: Path, internal: bool) -> None:
    """The example project as ``remit render`` makes it (render_out.render_files, which
    includes render_theme's override), built by plain MkDocs: every page satisfies its
    policy and, for the staff build, is marked."""
    from generator.mkdocs_edge.render_out import read_project, render_files

    project, problems = read_project(ROOT / "mkdocs.yml")
    assert project is not None, problems
    out, errors, notes = render_files(project, internal=internal)
    assert errors == [] and notes == []
    assert b"Content-Security-Policy" in out["remit_theme/main.html"]
    folder = tmp_path / "rendered"
    for rel, data in out.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    assert read_mkdocs_config(folder / "mkdocs.yml")["theme"]["custom_dir"] == "remit_theme"
    built = plain_build(folder)
    assert len(built) > 100
    assert_satisfied(built, internal)


def test_serve_previews_without_the_policy(tmp_path: Path) -> None:
    """mkdocs serve injects a live-reload script with a new id into every response, which
    no policy could allow: the preview goes without one (the staff marking stays)."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import ENV

    (tmp_path / "p").mkdir()
    config = make_project(tmp_path / "p", options="      registry: reg\n      gaps: info\n"
                          "      internal: true\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                             "-a", f"127.0.0.1:{port}"], cwd=tmp_path / "p", env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert page, "mkdocs serve did not answer"
        assert "livereload" in page and "Content-Security-Policy" not in page
        assert "data-remit-internal" in page and 'name="robots"' in page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, 9)
            proc.wait()

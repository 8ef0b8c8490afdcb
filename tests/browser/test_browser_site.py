"""The built site in a real browser (Debian's chromium through Playwright), served on
loopback: Chinese search, navigation from the index, no request to another host, and a
registry full of hostile strings that must stay text."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BROWSER_MARKS, LoopbackServer

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS


def build(config: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d",
                           str(out)], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]

@pytest.fixture(scope="module")
def serve() -> Iterator[object]:
    servers: list[LoopbackServer] = []

    def start(folder: Path) -> str:
        servers.append(LoopbackServer(folder))
        return servers[-1].url

    yield start
    for srv in servers:
        srv.close()


@pytest.fixture(scope="module")
def example(example_site_server: LoopbackServer) -> str:
    """The session's shared build of the example site (tests/conftest.py), served."""
    return example_site_server.url


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


def search(pg: object, base: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the hrefs of the results, in order."""
    pg.goto(base)  # type: ignore[attr-defined]
    box = pg.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    results = pg.locator(".md-search-result__item > a")  # type: ignore[attr-defined]
    for _ in range(40):  # the search worker needs a few seconds to load its index
        box.fill(query)
        box.dispatch_event("keyup")
        try:
            results.first.wait_for(timeout=500)
            break
        except playwright_api.TimeoutError:
            continue
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    return [urlsplit(h).path for h in hrefs]  # without Material's ?h=<highlight>


def test_searching_streetlight_lists_the_matter_first(page: object, example: str) -> None:
    hrefs = search(page, example, "路灯")
    assert hrefs, "no search results"
    assert hrefs[0].endswith("matters/streetlight-out/"), hrefs[:5]


def test_searching_other_chinese_words(page: object, example: str) -> None:
    assert any("departments/power-supply-bureau/" in h for h in search(page, example, "供电局"))
    assert search(page, example, "移交")


def test_department_page_opens_from_the_departments_index(page: object, example: str) -> None:
    page.goto(example + "departments/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="企业服务中心", exact=True).first.click()  # type: ignore
    page.wait_for_url("**/departments/service-centre/")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text() == "企业服务中心"  # type: ignore
    assert page.get_by_role("link", name="0851-0000-0001").count() >= 1  # type: ignore
    assert "企业服务中心" in page.title()  # type: ignore[attr-defined]


def test_no_request_leaves_loopback(page: object, example: str) -> None:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))  # type: ignore[attr-defined]
    for url in ("", "departments/", "assets/road-d3/", "matters/streetlight-out/",
                "handovers/", "assets/", "lookup/?m=streetlight-out&a=road-d3",
                "guide/handover/"):
        page.goto(example + url)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    search(page, example, "路灯")
    assert seen
    outside = [u for u in seen if not u.startswith((example, "data:", "blob:"))]
    assert outside == []


# --- hostile registry ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
    from test_render import HOSTILE

    root = tmp_path_factory.mktemp("hostile")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "reg").mkdir()
    (root / "reg" / "departments.yaml").write_text(HOSTILE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: hostile
        repo_url: https://github.com/example/remit
        edit_uri: edit/main/docs/
        theme:
          name: material
          language: zh
          font: false
        plugins:
          - search:
              lang: zh
          - remit:
              registry: reg
              gaps: info
        """), encoding="utf-8")
    out = root / "site"
    build(root / "mkdocs.yml", out)
    return serve(out)  # type: ignore[operator]


PAGES = ("", "departments/", "departments/evil/", "departments/good/", "assets/",
         "assets/road-x/", "matters/", "matters/m1/", "escalation/", "escalation/e1/",
         "handovers/")


def test_hostile_registry_runs_no_script(page: object, hostile: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore
    for url in PAGES:
        page.goto(hostile + url)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        page.mouse.move(200, 300)  # type: ignore[attr-defined]
        for link in page.locator("article a").all()[:40]:  # type: ignore[attr-defined]
            link.hover(timeout=2000)
        assert page.evaluate("typeof window.__pwned") == "undefined", url  # type: ignore
    assert dialogs == []
    search(page, hostile, "恶意单位")
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore


def test_hostile_strings_are_shown_as_text(page: object, hostile: str) -> None:
    page.goto(hostile + "departments/evil/")  # type: ignore[attr-defined]
    h1 = page.locator("article h1").first.inner_text()  # type: ignore[attr-defined]
    assert h1 == "<script>window.__pwned=1</script>恶意单位"
    assert page.title().startswith("<script>window.__pwned=1</script>恶意单位")  # type: ignore
    text = page.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "[点我](javascript:window.__pwned=1) {: onclick=" in text
    assert "**粗体**" in text and "a | b" in text
    assert page.locator("article a[href^='javascript']").count() == 0  # type: ignore
    page.goto(hostile + "assets/road-x/")  # type: ignore[attr-defined]
    assert page.locator("article h1").first.inner_text() == \
        '<svg onload="window.__pwned=1">路</svg> | x'  # type: ignore[attr-defined]
    cells = page.locator("article table").first.locator("tr").nth(1).locator("td")  # type: ignore
    assert cells.count() == 3

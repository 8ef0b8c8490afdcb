"""The Content-Security-Policy in a real browser (Debian's chromium through Playwright),
served on loopback: every kind of page loads, the lookup page answers, Material's search
finds, and chromium reports no violation of the policy: in the public build, in the staff
build (with its banner) and with Material's instant navigation. The public and the staff
build are the session's shared builds (tests/conftest.py); the staff build is visited once,
for its policy and its banner.

Violations are recorded by an init script listening to ``securitypolicyviolation`` (and
chromium's console messages about the policy are collected too). Predicates given to
Playwright are functions: the policy forbids the eval it uses for an expression string."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import BROWSER_MARKS, LoopbackServer

ROOT = Path(__file__).resolve().parents[2]

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sample, e.sourceFile,
                     e.lineNumber].join(" | "));
});
"""

#: One page of every kind.
PAGES = {
    "home article": "",
    "article in a section": "guide/handover/",
    "departments index": "departments/",
    "department": "departments/service-centre/",
    "assets index": "assets/",
    "overview map": "map/",
    "asset": "assets/road-d3/",
    "matters index": "matters/",
    "matter": "matters/streetlight-out/",
    "escalation index": "escalation/",
    "escalation path": "escalation/standard/",
    "handovers dashboard": "handovers/",
    "gaps": "gaps/",
    "disputes": "disputes/",
    "changes": "changes/",
    "open data": "data/",
    "articles index": "articles/",
    "tags": "tags/",
    "cases index": "cases/",
    "case with its timeline": "cases/c-2026-0056/",
    "supervision board": "board/",
    "labels": "labels/",
    "label sheet": "labels/road-a1/",
    "about": "about/",
    "lookup": "lookup/",
    "lookup with an answer": "lookup/?m=streetlight-out&a=road-d3",
    "error page": "404.html",
}


def build(out: Path, config: Path = ROOT / "mkdocs.yml", **env: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(out)], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]

@pytest.fixture(scope="module")
def public(example_site_server: LoopbackServer) -> str:
    """The session's shared public build of the example (tests/conftest.py), served."""
    return example_site_server.url


@pytest.fixture(scope="module")
def staff(example_staff_server: LoopbackServer) -> str:
    """The session's shared staff build of the example (tests/conftest.py), served."""
    return example_staff_server.url


class Watched:
    """A page whose policy violations, console messages about the policy and script
    errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.ctx = browser.new_context(locale="zh-CN")
        self.ctx.add_init_script(RECORD)
        self.ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("http://127.0.0.1", "data:", "blob:")) else r.abort())
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(15_000)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.violations: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text)
                     if "Content Security Policy" in m.text else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def collect(self) -> None:
        self.violations += self.page.evaluate("window.__csp || []")

    def goto(self, url: str) -> None:
        self.collect()
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def close(self) -> dict[str, list[str]]:
        self.collect()
        self.ctx.close()
        return {"violations": self.violations, "console": self.console,
                "errors": self.errors}


def clean() -> dict[str, list[str]]:
    return {"violations": [], "console": [], "errors": []}


def ask(w: Watched, base: str) -> None:
    """The lookup page answers 路灯不亮 on 综保区 D3 路, typed as a person would."""
    page = w.page
    w.goto(base + "lookup/")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page.locator("#remit-what").press_sequentially("路灯不亮")
    page.wait_for_selector("#remit-what-list:not([hidden]) [role=option]")
    page.keyboard.press("Enter")
    page.locator("#remit-where").press_sequentially("D3")
    page.wait_for_selector("#remit-where-list:not([hidden]) [role=option]")
    page.keyboard.press("Enter")
    page.wait_for_selector('#remit-lookup[data-answered="streetlight-out/road-d3"]',
                           state="attached")
    assert page.locator(".rl-answer-dept").inner_text() == "明湖新区建设投资有限公司"


def search(w: Watched, base: str, query: str) -> list[str]:
    """Material's search: type ``query``; the hrefs of the results."""
    page = w.page
    w.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(".md-search-result__item > a")
    for _ in range(40):  # the search worker needs a few seconds to load its index
        box.fill(query)
        box.dispatch_event("keyup")
        try:
            results.first.wait_for(timeout=500)
            break
        except playwright_api.TimeoutError:
            continue
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def visit_everything(browser: Any, base: str,
                     each: Callable[[Watched, str], None] | None = None) -> dict[str, list[str]]:
    """Every kind of page, the lookup page answering, Material's search: what the policy
    refused. ``each`` looks at every page once it has loaded."""
    w = Watched(browser)
    for url in PAGES.values():
        w.goto(base + url)
        assert w.page.locator("h1").count() >= 1, url
        if "?m=" in url:
            w.page.wait_for_selector(
                '#remit-lookup[data-answered="streetlight-out/road-d3"]', state="attached")
        if each is not None:
            each(w, url)
    ask(w, base)
    hrefs = search(w, base, "路灯")
    assert hrefs and "matters/streetlight-out/" in hrefs[0], hrefs[:5]
    return w.close()


def test_public_site_satisfies_its_policy(browser: Any, public: str) -> None:
    assert visit_everything(browser, public) == clean()


@dataclass
class Banner:
    """The staff banner as a page shows it."""

    count: int
    visible: bool
    text: str | None
    box: dict[str, float] | None


@pytest.fixture(scope="module")
def staff_visit(browser: Any, staff: str) -> tuple[dict[str, list[str]], dict[str, Banner]]:
    """The staff build visited once: what the policy refused, and the banner of each page."""
    banners: dict[str, Banner] = {}

    def look(w: Watched, url: str) -> None:
        banner = w.page.locator(".remit-internal-banner")
        n = banner.count()
        banners[url] = Banner(n, n == 1 and banner.is_visible(),
                              banner.inner_text() if n == 1 else None,
                              banner.bounding_box() if n == 1 else None)

    return visit_everything(browser, staff, look), banners


def test_staff_site_satisfies_its_policy(
        staff_visit: tuple[dict[str, list[str]], dict[str, Banner]]) -> None:
    assert staff_visit[0] == clean()


def test_staff_banner_is_shown_on_every_kind_of_page(
        browser: Any, staff: str,
        staff_visit: tuple[dict[str, list[str]], dict[str, Banner]]) -> None:
    banners = staff_visit[1]
    assert sorted(banners) == sorted(PAGES.values())
    for url, banner in banners.items():
        assert banner.count == 1 and banner.visible, url
        assert banner.text == "内部版本 — 含内部联系方式，请勿公开。", url
        box = banner.box
        assert box is not None and box["y"] == 0 and box["height"] > 20, url
    # the internal contact is on its department page, marked
    w = Watched(browser)
    w.goto(staff + "departments/service-centre/")
    card = w.page.locator(".remit-contact--internal")
    assert card.count() == 1 and card.locator(".remit-contact__internal").inner_text() == "内部"
    assert w.close() == clean()


def test_a_foreign_inline_script_is_reported(browser: Any, public: str) -> None:
    """The listener works and the policy is in force: an inline script added to a page is
    blocked and reported."""
    w = Watched(browser)
    w.goto(public)
    w.page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
    w.page.wait_for_function("() => window.__csp.length > 0")
    assert w.page.evaluate("typeof window.__ran") == "undefined"
    out = w.close()
    assert out["violations"] and out["violations"][0].startswith("script-src")


def test_instant_navigation_satisfies_the_policy(browser: Any,
                                                tmp_path_factory: pytest.TempPathFactory
                                                ) -> None:
    """With navigation.instant Material swaps pages without reloading them (the first
    page's policy stays in force): moving between page kinds reports no violation."""
    work = tmp_path_factory.mktemp("csp-instant")
    (work / "site").mkdir()
    srv = LoopbackServer(work / "site")  # serving first: Material matches the sitemap's host:port
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    text = text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    text = text.replace("registry: directory", f"registry: {ROOT / 'directory'}")
    text = "\n".join(f"site_url: {srv.url}" if x.startswith("site_url:") else x
                     for x in text.splitlines())
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")
    try:
        build(work / "site", work / "mkdocs.yml")
        w = Watched(browser)
        page = w.page
        w.goto(srv.url + "assets/road-d3/")
        page.wait_for_function("() => typeof document$ !== 'undefined'")
        page.evaluate("window.__noReload = 1")
        page.locator("a[href*='lookup/?m=streetlight-out&a=road-d3']").first.click()
        page.wait_for_selector('#remit-lookup[data-answered="streetlight-out/road-d3"]',
                               state="attached")
        for name in ("matters/", "handovers/", "departments/"):
            page.locator(f"nav a[href$='{name}']").first.click()
            page.wait_for_url(f"**/{name}")
            page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__noReload") == 1  # really instant navigation
        assert w.close() == clean()
    finally:
        srv.close()

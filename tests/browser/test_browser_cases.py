"""Cases in a real browser (Debian's chromium through Playwright) on the session's shared
build of the example, served on loopback: a Chinese word of a case found by the site's
search leads to the case's page and its timeline; on a phone the timeline scrolls sideways
inside its frame and the page itself does not."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import BROWSER_MARKS, LoopbackServer

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

CASE = "cases/c-2024-0031/"  # D3 路北段路灯整段不亮，夜班职工摸黑下班


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


def search(pg: object, query: str) -> object:
    """Type ``query`` into Material's search box; the results' links once there are some
    (the search worker needs a few seconds to load the index)."""
    box = pg.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    results = pg.locator(".md-search-result__item > a")  # type: ignore[attr-defined]
    for _ in range(40):
        box.fill(query)
        box.dispatch_event("keyup")
        try:
            results.first.wait_for(timeout=500)
            return results
        except playwright_api.TimeoutError:
            continue
    raise AssertionError(f"no search results for {query}")


def test_a_word_of_a_case_finds_it_and_leads_to_its_timeline(
        page: object, example_site_server: LoopbackServer) -> None:
    pg = page
    pg.goto(example_site_server.url)  # type: ignore[attr-defined]
    # 摸黑 is in the case's title only: not the matter's name, keywords or any article's
    results = search(pg, "摸黑")
    hrefs = [urlsplit(results.nth(i).get_attribute("href") or "").path  # type: ignore[attr-defined]
             for i in range(results.count())]  # type: ignore[attr-defined]
    assert any(h.endswith(CASE) for h in hrefs), hrefs
    target = next(i for i, h in enumerate(hrefs) if h.endswith(CASE))
    results.nth(target).click()  # type: ignore[attr-defined]
    pg.wait_for_url(f"**/{CASE}**")  # type: ignore[attr-defined]
    assert pg.locator("h1").first.inner_text() == \
        "D3 路北段路灯整段不亮，夜班职工摸黑下班"  # type: ignore[attr-defined]
    svg = pg.locator("svg.remit-tl__svg")  # type: ignore[attr-defined]
    assert svg.is_visible()
    assert svg.get_attribute("role") == "img"
    desc = pg.locator("#remit-tl-desc").text_content()  # type: ignore[attr-defined]
    assert desc.startswith("计划：第 1 级（企业服务中心）2024-11-25 起")
    assert pg.locator("svg.remit-tl__svg .remit-tl__mark--resolved").count() == 1  # type: ignore[attr-defined]


def test_on_a_phone_the_timeline_scrolls_inside_its_frame(
        browser: object, example_site_server: LoopbackServer) -> None:
    context = browser.new_context(locale="zh-CN",  # type: ignore[attr-defined]
                                  viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        pg.goto(example_site_server.url + CASE)
        frame = pg.locator(".remit-tl__scroll")
        widths = frame.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert widths[0] > widths[1]  # the picture keeps its size: scroll it
        assert frame.get_attribute("tabindex") == "0"  # by keyboard too
        assert pg.locator(".remit-tl__hint").is_visible()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        # the stages table is a card per level: nothing off-screen
        box = pg.locator(".remit-stages tbody tr").first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390
    finally:
        context.close()

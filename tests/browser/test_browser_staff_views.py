"""The staff views in a real browser (Debian's chromium through Playwright, served on
loopback): the handover dashboard's filters by department, state and due date and its
sorting, kept in the address (reload, back button, links to the continuation pages); the
phone layout (every row a card, the due date and the interim body on screen); the chart's
labels readable at phone width; the gaps report's and the disputes register's filters;
and the full lists without the script."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BROWSER_MARKS, ENV, ROOT, LoopbackServer, make_project

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

TODAY = "2026-11-26"

# Four departments and eight handovers, one of each kind a staff member filters for:
# two overdue (one without an interim body), due within 30 and within 90 days, one with no
# due date, one disputed, one accepted long ago.
REGISTRY = """\
site: {title: 测试园区, language: zh}
departments:
  - {id: roads, name: 市政管理处, contacts: [{role: 值班, phone: "0851-0000-0001",
     verified: 2026-11-01}]}
  - {id: builder, name: 建设投资公司, contacts: [{role: 值班, phone: "0851-0000-0002",
     verified: 2026-11-01}]}
  - {id: water, name: 供水公司, contacts: [{role: 值班, phone: "0851-0000-0003",
     verified: 2026-11-01}]}
  - {id: operator, name: 运营公司, contacts: [{role: 值班, phone: "0851-0000-0004",
     verified: 2026-11-01}]}
assets:
  - id: road-1
    name: 一号路
    type: facility
    owner: builder
    duties: {maintenance: builder, operation: builder}
    handover: {from: builder, to: roads, status: in-progress, since: 2025-01-10,
               due: 2026-06-30, interim: builder}
  - id: road-2
    name: 二号路
    type: facility
    owner: builder
    duties: {maintenance: builder, operation: builder}
    handover: {from: builder, to: roads, status: in-progress, since: 2024-05-01, due: 2025-12-31}
  - id: road-3
    name: 三号路
    type: facility
    owner: builder
    duties: {maintenance: builder, operation: builder}
    handover: {from: builder, to: roads, status: planned, since: 2026-10-01,
               due: 2027-01-20, interim: builder}
  - id: pipe-1
    name: 一号管
    type: facility
    owner: operator
    duties: {maintenance: operator, operation: operator}
    handover: {from: operator, to: water, status: in-progress, since: 2026-03-01,
               due: 2026-12-10, interim: operator}
  - id: pipe-2
    name: 二号管
    type: facility
    owner: operator
    duties: {maintenance: operator, operation: operator}
    handover: {from: operator, to: water, status: in-progress, since: 2026-02-01,
               due: 2027-03-01, interim: operator}
  - id: pipe-3
    name: 三号管
    type: facility
    owner: operator
    duties: {maintenance: operator, operation: operator}
    handover: {from: operator, to: water, status: in-progress, since: 2026-01-15, interim: operator}
  - id: hall
    name: 服务大厅
    type: facility
    owner: operator
    duties: {maintenance: operator, operation: operator}
    handover: {from: builder, to: operator, status: accepted, since: 2024-01-01, due: 2025-01-01}
  - id: square
    name: 中心广场
    type: facility
    owner: roads
    duties: {maintenance: roads, operation: roads}
    handover: {from: roads, to: operator, status: disputed, since: 2026-04-01,
               due: 2026-09-30, interim: roads}
  - id: kiosk
    name: 报亭
    type: facility
    duties: {maintenance: water}
disputes:
  - {id: d-square, asset: square, parties: [roads, operator], raised: 2026-05-01,
     deadline: 2026-08-01, arbiter: builder, interim: roads, status: open}
  - {id: d-hall, asset: hall, parties: [builder, operator], raised: 2024-06-01,
     deadline: 2024-09-01, arbiter: water, status: resolved, outcome: 运营公司负责}
"""

ALL_ROWS = ["h-road-2", "h-road-1", "h-square", "h-pipe-1", "h-pipe-2", "h-pipe-3",
            "h-road-3", "h-hall"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("staff-views")
    config = make_project(tmp, textwrap.dedent(REGISTRY),
                          options=f"      registry: reg\n      today: {TODAY}\n"
                                  "      gaps: info\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(tmp / "site")], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    server = LoopbackServer(tmp / "site")
    yield server.url
    server.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []  # no script error, nothing the security policy refused


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    yield pg
    context.close()


def visible_rows(pg: Any) -> list[str]:
    """Ids of the handover rows shown, in page order."""
    return pg.eval_on_selector_all(
        "tr[data-depts]", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)")


def query(pg: Any) -> str:
    return pg.evaluate("location.search")


def count_text(pg: Any) -> str:
    return pg.locator(".remit-filter__count").inner_text()


def test_dashboard_filters_by_department_and_state_and_survive_a_reload(
        page: Any, site: str) -> None:
    page.goto(site + "handovers/")
    form = page.locator("form.remit-filter")
    assert form.is_visible()
    assert visible_rows(page) == ALL_ROWS
    assert count_text(page) == "显示 8 / 8 项"
    # the controls are found by their labels (what a screen reader announces)
    page.get_by_label("部门", exact=True).select_option("roads")
    assert query(page) == "?dept=roads"
    assert visible_rows(page) == ["h-road-2", "h-road-1", "h-square", "h-road-3"]
    page.get_by_label("状态", exact=True).select_option("overdue")
    assert query(page) == "?dept=roads&state=overdue"
    assert visible_rows(page) == ["h-road-2", "h-road-1"]
    assert count_text(page) == "显示 2 / 8 项"
    # sections left empty go, with their headings and table-of-contents entries
    assert page.locator("h2#overdue").is_visible()
    assert not page.locator("h2#planned").is_visible()
    assert not page.locator("h2#accepted").is_visible()
    toc = page.locator('.md-nav--secondary a[href="#planned"]')
    assert toc.count() == 0 or not toc.first.is_visible()

    page.reload()
    assert query(page) == "?dept=roads&state=overdue"
    assert page.get_by_label("部门", exact=True).input_value() == "roads"
    assert page.get_by_label("状态", exact=True).input_value() == "overdue"
    assert visible_rows(page) == ["h-road-2", "h-road-1"]
    assert count_text(page) == "显示 2 / 8 项"

    # the back button steps back through the filters
    page.go_back()
    assert query(page) == "?dept=roads"
    assert page.get_by_label("状态", exact=True).input_value() == ""
    assert visible_rows(page) == ["h-road-2", "h-road-1", "h-square", "h-road-3"]
    page.go_back()
    assert query(page) == ""
    assert visible_rows(page) == ALL_ROWS

    # a shared address opens filtered; "open" leaves out the accepted handover
    page.goto(site + "handovers/?state=open&dept=operator")
    assert visible_rows(page) == ["h-square", "h-pipe-1", "h-pipe-2", "h-pipe-3"]
    page.get_by_role("button", name="清除筛选").click()
    assert query(page) == ""
    assert visible_rows(page) == ALL_ROWS


def test_dashboard_by_keyboard_and_from_the_chart(page: Any, site: str) -> None:
    """The controls work from the keyboard and the count is a status line a screen reader
    announces; a bar of the chart shows its state, keeping the department."""
    page.goto(site + "handovers/?dept=roads")
    status = page.get_by_role("status")
    assert status.inner_text() == "显示 4 / 8 项"
    page.get_by_label("部门", exact=True).focus()
    page.keyboard.press("Tab")  # to the state
    assert page.evaluate("document.activeElement.name") == "state"
    page.keyboard.press("ArrowDown")  # "未完成"
    assert query(page) == "?dept=roads&state=open"
    assert status.inner_text() == "显示 4 / 8 项"  # roads takes over nothing yet accepted
    page.locator('.remit-chart a[href="#overdue"]').click()
    assert query(page) == "?dept=roads&state=overdue"
    assert page.get_by_label("状态", exact=True).input_value() == "overdue"
    assert visible_rows(page) == ["h-road-2", "h-road-1"]


def test_dashboard_filters_and_sorts_by_due_date(page: Any, site: str) -> None:
    page.goto(site + "handovers/")
    due = page.get_by_label("期限", exact=True)
    due.select_option("overdue")  # past due and not accepted (the disputed one too)
    assert visible_rows(page) == ["h-road-2", "h-road-1", "h-square"]
    due.select_option("30")
    assert visible_rows(page) == ["h-pipe-1"]
    due.select_option("90")
    assert visible_rows(page) == ["h-pipe-1", "h-road-3"]
    due.select_option("none")
    assert visible_rows(page) == ["h-pipe-3"]
    due.select_option("")
    # the built order is by due date, most overdue first; within each state's table
    in_progress = "#h-pipe-1, #h-pipe-2, #h-pipe-3"
    assert [r for r in visible_rows(page) if r.startswith("h-pipe")] == \
        ["h-pipe-1", "h-pipe-2", "h-pipe-3"]
    page.get_by_label("排序", exact=True).select_option("due-desc")
    assert query(page) == "?sort=due-desc"
    assert [r for r in visible_rows(page) if r.startswith("h-pipe")] == \
        ["h-pipe-2", "h-pipe-1", "h-pipe-3"]  # latest first, no due date last
    page.get_by_label("排序", exact=True).select_option("since")
    assert [r for r in visible_rows(page) if r.startswith("h-pipe")] == \
        ["h-pipe-3", "h-pipe-2", "h-pipe-1"]
    page.reload()
    assert [r for r in visible_rows(page) if r.startswith("h-pipe")] == \
        ["h-pipe-3", "h-pipe-2", "h-pipe-1"]
    assert page.locator(in_progress).count() == 3
    # ?sort=due names the built order; a value the page does not offer is dropped
    page.goto(site + "handovers/?sort=due&state=nonsense&due=7")
    assert query(page) == ""
    assert visible_rows(page) == ALL_ROWS


def test_dashboard_on_a_phone_shows_due_date_and_interim_on_screen(phone: Any,
                                                                    site: str) -> None:
    phone.goto(site + "handovers/?dept=builder&state=open")
    assert visible_rows(phone) == ["h-road-2", "h-road-1", "h-road-3"]
    width = phone.evaluate("document.documentElement.clientWidth")
    assert width == 390
    # nothing scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    for row in ("h-road-2", "h-road-1", "h-road-3"):
        for cell in range(1, 7):  # asset, from -> to, state, since, due, interim
            box = phone.locator(f"#{row} td:nth-child({cell})").bounding_box()
            assert box is not None, (row, cell)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (row, cell, box)
    # the due date comes right under the asset, labelled (the table's head is for screen
    # readers only on a phone)
    due = phone.locator("#h-road-1 td:nth-child(5)")
    assert due.inner_text().replace("\n", " ").strip().endswith("2026-06-30")
    label = phone.evaluate("""() => getComputedStyle(
        document.querySelector('#h-road-1 td:nth-child(5)'), '::before').content""")
    assert label == '"期限"'
    asset_box = phone.locator("#h-road-1 td:nth-child(1)").bounding_box()
    due_box = due.bounding_box()
    interim_box = phone.locator("#h-road-1 td:nth-child(6)").bounding_box()
    assert asset_box["y"] < due_box["y"] < interim_box["y"]
    assert phone.locator("#h-road-2 td:nth-child(6)").inner_text() == \
        "未指定（由建设投资公司负责）"
    head = phone.locator(".remit-handovers table thead").first.bounding_box()
    assert head is not None and head["width"] <= 1 and head["height"] <= 1
    # the chart's labels and counts are text, at least 12 px as rendered
    sizes = phone.eval_on_selector_all(
        ".remit-chart .remit-bar__name, .remit-chart .remit-bar__n",
        "els => els.map(e => e.getBoundingClientRect().height && "
        "parseFloat(getComputedStyle(e).fontSize))")
    assert len(sizes) == 10 and min(sizes) >= 12, sizes
    bars = phone.eval_on_selector_all(".remit-chart .remit-bar__track",
                                      "els => els.map(e => e.getBoundingClientRect().right)")
    assert max(bars) <= width


def test_desktop_keeps_the_table(page: Any, site: str) -> None:
    page.goto(site + "handovers/")
    head = page.locator(".remit-handovers table thead").first.bounding_box()
    assert head is not None and head["height"] > 20
    display = page.evaluate("getComputedStyle(document.querySelector('#h-road-1')).display")
    assert display == "table-row"
    heads = page.locator("table").first.locator("th").all_inner_texts()
    assert heads == ["资产", "移交方 → 接收方", "状态", "起始日期", "期限", "过渡期责任单位"]


def test_without_the_script_every_row_shows(browser: Any, site: str) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site + "handovers/?dept=roads&state=overdue")
    assert not pg.locator("form.remit-filter").is_visible()  # no controls that do nothing
    assert pg.locator("tr[data-depts]").count() == 8
    assert all(pg.locator(f"#{r}").is_visible() for r in ALL_ROWS)
    context.close()


def test_gaps_report_filters(page: Any, site: str) -> None:
    page.goto(site + "gaps/")
    rows = "tr.remit-row"
    total = page.locator(rows).count()
    assert total >= 4
    assert count_text(page) == f"显示 {total} / {total} 项"
    page.get_by_label("类型", exact=True).select_option("handover-overdue")
    shown = page.eval_on_selector_all(
        rows, "rs => rs.filter(r => r.offsetParent !== null).map(r => r.dataset.id)")
    assert sorted(shown) == ["road-1", "road-2", "square"]
    assert not page.locator("h2#handover-no-interim").is_visible()
    page.get_by_label("部门", exact=True).select_option("water")
    assert query(page) == "?dept=water&kind=handover-overdue"
    assert count_text(page) == f"显示 0 / {total} 项 没有符合条件的项目，请放宽筛选条件。"
    page.get_by_label("类型", exact=True).select_option("")
    shown = page.eval_on_selector_all(
        rows, "rs => rs.filter(r => r.offsetParent !== null).map(r => r.dataset.id)")
    assert "kiosk" in shown and "road-1" not in shown
    page.reload()
    assert page.get_by_label("部门", exact=True).input_value() == "water"
    page.get_by_label("处理状态", exact=True).select_option("accepted")
    assert count_text(page).startswith(f"显示 0 / {total} 项")


def test_disputes_register_filters(page: Any, site: str) -> None:
    page.goto(site + "disputes/")
    cards = ".remit-dcard"
    assert page.locator(cards).count() == 2
    page.get_by_label("状态", exact=True).select_option("late")
    assert page.locator("#d-square").is_visible() and not page.locator("#d-hall").is_visible()
    page.get_by_label("状态", exact=True).select_option("")
    dept = page.get_by_label("部门", exact=True)
    dept.select_option("builder")  # the arbiter of one, a party to the other
    assert page.locator("#d-square").is_visible() and page.locator("#d-hall").is_visible()
    dept.select_option("water")  # the arbiter of the resolved one only
    assert not page.locator("#d-square").is_visible() and page.locator("#d-hall").is_visible()
    assert query(page) == "?dept=water"


def test_page_links_carry_the_filter(tmp_path: Path, browser: Any) -> None:
    """A state with more rows than the dashboard lists continues on a page of its own: the
    dashboard says its filters apply to the rows it lists, counts the matches on the other
    pages from handovers/filter.json, offers their departments too, and its links there
    keep the filter; that page filters all of the state's rows."""
    from generator.site import gap_pages

    n = gap_pages.HANDOVER_ROWS_MAX + 5

    def taker(i: int) -> str:  # the last one, past the dashboard's rows, to the operator
        return "operator" if i == n - 1 else "roads" if i % 2 else "water"

    assets = "".join(
        f"  - {{id: road-{i:03d}, name: 路{i}, type: facility, owner: builder, duties: "
        f"{{maintenance: builder, operation: builder}}, handover: {{from: builder, "
        f"to: {taker(i)}, status: planned, due: 2027-01-01, interim: builder}}}}\n"
        for i in range(n))
    registry = REGISTRY.split("assets:\n")[0] + "assets:\n" + assets
    config = make_project(tmp_path, registry,
                          options=f"      registry: reg\n      today: {TODAY}\n"
                                  "      gaps: info\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(tmp_path / "site")], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    server = LoopbackServer(tmp_path / "site")
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        listed = gap_pages.HANDOVER_ROWS_MAX
        water = sum(1 for i in range(n) if taker(i) == "water")
        water_listed = sum(1 for i in range(listed) if taker(i) == "water")
        pg.goto(server.url + "handovers/?dept=water")
        # honest about what it filters: the rows listed here, and where the others are
        assert "筛选只作用于本页列出的项目" in pg.locator(".remit-filter__partial").inner_text()
        assert count_text(pg) == f"显示 {water_listed} / {listed} 项"
        across = pg.locator(".remit-filter__across")
        across.get_by_role("link").wait_for()
        assert across.inner_text() == (f"所有页面共 {water} 项符合，本页列出其中 {water_listed} "
                                       f"项。 符合的项目在： 计划移交（{water} 项）")
        assert across.get_by_role("link").get_attribute("href").endswith(
            "/handovers/planned/?dept=water")
        more = pg.locator(".remit-dash > p.remit-muted a")
        assert more.get_attribute("href").endswith("planned/?dept=water")
        # a department found only past the listed rows is offered by name
        dept = pg.get_by_label("部门", exact=True)
        dept.select_option(label="运营公司")
        assert query(pg) == "?dept=operator"
        assert count_text(pg) == f"显示 0 / {listed} 项 没有符合条件的项目，请放宽筛选条件。"
        assert across.inner_text().startswith("所有页面共 1 项符合，本页列出其中 0 项。")
        dept.select_option("water")
        more.click()
        pg.wait_for_load_state()
        assert pg.evaluate("location.pathname").endswith("/handovers/planned/")
        assert pg.get_by_label("部门", exact=True).input_value() == "water"
        assert count_text(pg) == f"显示 {water} / {n} 项"
    finally:
        context.close()
        server.close()


def test_paged_gaps_report_counts_the_other_pages(tmp_path: Path, browser: Any) -> None:
    """The gaps report of a large registry lists the first rows of each kind; filtered by a
    department it says how many match on each page of the full lists (gaps/filter.json)."""
    from generator.site import gap_pages

    n = gap_pages.ONE_PAGE_MAX + 10
    assets = "".join(f"  - {{id: road-{i:04d}, name: 路{i}, type: facility"
                     f"{', duties: {maintenance: roads}' if i % 3 == 0 else ''}}}\n"
                     for i in range(n))
    config = make_project(tmp_path, REGISTRY.split("assets:\n")[0] + "assets:\n" + assets,
                          options=f"      registry: reg\n      today: {TODAY}\n"
                                  "      gaps: info\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(tmp_path / "site")], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    server = LoopbackServer(tmp_path / "site")
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        pg.goto(server.url + "gaps/?dept=roads&kind=unowned-asset")
        across = pg.locator(".remit-filter__across")
        across.get_by_role("link").first.wait_for()
        roads = len(range(0, n, 3))
        first_page = len(range(0, gap_pages.KIND_PAGE_ROWS, 3))
        here = len(range(0, gap_pages.PREVIEW, 3))
        assert count_text(pg).startswith(f"显示 {here} / ")
        assert across.inner_text() == (
            f"所有页面共 {roads} 项符合，本页列出其中 {here} 项。 符合的项目在： "
            f"无产权单位的资产 (1/2)（{first_page} 项） · "
            f"无产权单位的资产 (2/2)（{roads - first_page} 项）")
        links = across.get_by_role("link")
        assert links.nth(1).get_attribute("href").endswith(
            "/gaps/unowned-asset-2/?dept=roads&kind=unowned-asset")
        links.nth(1).click()
        pg.wait_for_load_state()
        assert count_text(pg) == f"显示 {roads - first_page} / {n - gap_pages.KIND_PAGE_ROWS} 项"
        across.get_by_role("link").first.wait_for()
        assert f"（{first_page} 项）" in across.inner_text()
    finally:
        context.close()
        server.close()

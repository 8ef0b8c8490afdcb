"""The lookup page by place, in a real chromium: a click on the map, "use my location"
(Playwright's geolocation), the page address (``?m=&a=`` from the labels' QR codes,
``?at=``, back and forward), and the same answer as ``remit lookup --at``.

The example's lookup page is written as a static host would serve it: its files
(:func:`lookup_site.lookup_files`), the plain page around it
(:func:`lookup_site.standalone_html`) and the vendored Leaflet the page loads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import BROWSER_MARKS, LoopbackServer

from generator.answers.nearby import at_place, label
from generator.answers.routing import route
from generator.directory import Directory
from generator.load.registry import load
from generator.site.lookup_site import data_folder, lookup_files, standalone_html
from generator.site.map_site import vendor_files
from generator.words import asset_type_name

pytestmark = BROWSER_MARKS

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 100_000
JUNCTION = (106.6259, 26.6107)  # road D3's dark lamps at the junction with road D5
D5_EAST = (106.6290, 26.6107)  # road D5, 300 m east of the junction


def metres(x: float) -> int:
    return max(1, int(x + 0.5))


def today_directory() -> Directory:
    reg, _ = load(ROOT / "directory")
    return Directory(reg, today=dt.date.today())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    out = tmp_path_factory.mktemp("place")
    d = today_directory()
    files = [*lookup_files(d), *vendor_files()]
    for f in files:
        p = out / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.content if isinstance(f.content, bytes) else f.content.encode())
    (out / "lookup" / "index.html").write_text(standalone_html(d, data_folder(files)),
                                               encoding="utf-8")
    srv = LoopbackServer(out)
    yield srv
    srv.close()


def open_page(browser: Any, url: str, **kw: Any) -> Any:
    ctx = browser.new_context(locale="zh-CN", **kw)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:")) else r.abort())
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    missing: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    fetched: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400
            and not r.url.endswith("favicon.ico") else None)
    page.on("request", lambda r: fetched.append(r.url))
    page.errors = errors
    page.missing = missing
    page.fetched = fetched
    page.goto(url)
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    return page


def answered(page: Any, prefix: str) -> str:
    page.wait_for_function(
        "p => (document.getElementById('remit-lookup').dataset.answered || '').startsWith(p)",
        arg=prefix)
    return str(page.evaluate("document.getElementById('remit-lookup').dataset.answered"))


def click_map(page: Any, lon: float, lat: float) -> None:
    """Click the map where (lon, lat) is drawn now."""
    pt = page.evaluate("""([lon, lat]) => {
      const m = window.remitLookup.app.placeUI.map;
      const p = m.latLngToContainerPoint([lat, lon]);
      const r = document.getElementById('remit-map').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""", [lon, lat])
    page.mouse.click(pt[0], pt[1])


def open_map(page: Any) -> None:
    """The map comes (with Leaflet) when asked for."""
    page.get_by_role("button", name="在地图上选择").click()
    page.wait_for_selector("#remit-map.leaflet-container .leaflet-pane", state="attached")


def zoom_to(page: Any, lon: float, lat: float) -> None:
    page.evaluate("""([lon, lat]) => window.remitLookup.app.placeUI.map
      .setView([lat, lon], 18, {animate: false})""", [lon, lat])


def at_of(page: Any) -> tuple[float, float]:
    q = parse_qs(urlparse(page.url).query)
    lon, lat = q["at"][0].split(",")
    return float(lon), float(lat)


def test_a_click_on_the_map_answers_with_the_boundary_warning(browser: Any,
                                                             site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/?m=streetlight-out")
    # nothing of the place lookup is fetched until it is asked for
    assert not [u for u in page.fetched if "lookup-place" in u or "leaflet" in u
                or "/sp/" in u]
    open_map(page)
    zoom_to(page, *JUNCTION)
    click_map(page, *JUNCTION)
    got = answered(page, "streetlight-out/")
    assert "@" in got
    lon, lat = at_of(page)  # the place the click chose, as the address records it
    assert abs(lon - JUNCTION[0]) < 2e-5 and abs(lat - JUNCTION[1]) < 2e-5
    d = today_directory()
    cli = at_place(d, d.matters["streetlight-out"], lon, lat)
    assert cli.chosen is not None and cli.rival is not None
    assert got == f"streetlight-out/{cli.chosen.asset.id}@{lon:.6f},{lat:.6f}"
    assert parse_qs(urlparse(page.url).query)["a"] == [cli.chosen.asset.id]
    box = page.locator("#remit-answer")
    assert box.locator(".rl-answer-dept").inner_text() == "明湖新区建设投资有限公司"
    found = box.locator(".rl-answer-place-found").inner_text()
    assert found.startswith(f"离所选位置最近的是{cli.chosen.asset.name}（路灯），约 ")
    warning = box.locator(".rl-answer-boundary").inner_text()
    assert "注意：这里靠近责任边界" in warning
    assert cli.rival_answer is not None
    assert (f"可能是{label(d, cli.chosen.asset, 'zh')}（约 {metres(cli.chosen.distance)} 米，"
            "由明湖新区建设投资有限公司负责），也可能是"
            f"{label(d, cli.rival.asset, 'zh')}（约 {metres(cli.rival.distance)} 米，"
            f"由市政管理处负责）。下面按较近的{cli.chosen.asset.name}答复") in warning
    assert "综保区 D3 路" in warning and "综保区 D5 路" in warning
    # the map shows the place, the chosen asset and the other one
    assert page.locator("#remit-map .rl-map-here").count() == 1
    assert page.locator("#remit-map .rl-map-chosen").count() >= 1
    assert page.locator("#remit-map .rl-map-rival").count() >= 1
    # screen readers hear the warning with the answer
    page.wait_for_function("document.getElementById('remit-status').textContent.length > 0")
    assert "靠近" in page.locator("#remit-status").text_content() or \
        "可能是" in page.locator("#remit-status").text_content()
    assert page.errors == [] and page.missing == []
    page.context.close()


def test_use_my_location(browser: Any, site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/?m=streetlight-out",
                     geolocation={"longitude": D5_EAST[0], "latitude": D5_EAST[1],
                                  "accuracy": 12},
                     permissions=["geolocation"])
    page.get_by_role("button", name="使用我的位置").click()
    got = answered(page, "streetlight-out/")
    d = today_directory()
    cli = at_place(d, d.matters["streetlight-out"], *D5_EAST)
    assert cli.chosen is not None
    assert got == f"streetlight-out/{cli.chosen.asset.id}@{D5_EAST[0]:.6f},{D5_EAST[1]:.6f}"
    box = page.locator("#remit-answer")
    assert box.locator(".rl-answer-place-found").inner_text().startswith(
        f"离你最近的是{cli.chosen.asset.name}")
    assert box.locator(".rl-answer-dept").inner_text() == "市政管理处"
    assert box.locator(".rl-answer-boundary").count() == 0
    assert "定位精度约 12 米" in page.locator("#remit-place-note").inner_text()
    assert page.errors == []
    page.context.close()


def test_location_refused_says_what_to_do(browser: Any, site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/?m=streetlight-out", permissions=[])
    page.get_by_role("button", name="使用我的位置").click()
    note = page.locator("#remit-place-note")
    page.wait_for_function(
        "document.getElementById('remit-place-note').textContent.includes('地图')")
    assert "在地图上点选" in note.inner_text()
    assert page.locator("#remit-answer .rl-answer-place").count() == 0
    page.context.close()


def test_a_place_before_the_matter(browser: Any, site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/")
    open_map(page)
    zoom_to(page, *JUNCTION)
    click_map(page, *JUNCTION)
    assert "请再填写遇到什么问题" in page.locator("#remit-place-note").inner_text()
    page.fill("#remit-what", "路灯不亮")
    got = answered(page, "streetlight-out/")
    assert "@" in got
    assert page.locator(".rl-answer-boundary").count() == 1
    page.context.close()


def test_qr_code_address_prefills_asset_and_matter(browser: Any, site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/?a=lamp-d3b-004&m=streetlight-out")
    assert answered(page, "streetlight-out") == "streetlight-out/lamp-d3b-004"
    assert page.input_value("#remit-what") == "路灯不亮"
    assert page.input_value("#remit-where") == "D3 路 2 回路 004 号灯"
    d = today_directory()
    ans = route(d, d.matters["streetlight-out"], d.assets["lamp-d3b-004"])
    assert page.locator(".rl-answer-dept").inner_text() == d.name_of(ans.department)
    reasons = page.locator(".rl-answer-reasons li").all_inner_texts()
    assert reasons == list(ans.reasons)
    page.context.close()


def test_address_follows_the_answer_and_back_restores_it(browser: Any,
                                                        site: LoopbackServer) -> None:
    page = open_page(browser, site.url + "lookup/?m=streetlight-out")
    open_map(page)
    zoom_to(page, *JUNCTION)
    click_map(page, *JUNCTION)
    first = answered(page, "streetlight-out/lamp-d3b")
    url_first = page.url
    zoom_to(page, *D5_EAST)
    click_map(page, *D5_EAST)
    page.wait_for_function(
        "f => document.getElementById('remit-lookup').dataset.answered !== f", arg=first)
    second = answered(page, "streetlight-out/")
    assert page.url != url_first and "at=" in page.url
    page.go_back()
    assert answered(page, first) == first
    assert page.url == url_first
    assert page.locator(".rl-answer-boundary").count() == 1
    page.go_forward()
    assert answered(page, second) == second
    assert page.locator(".rl-answer-dept").inner_text() == "市政管理处"
    # typing a place by name replaces the place and the address says so
    page.fill("#remit-where", "D3 路 2 回路 004 号灯")
    assert answered(page, "streetlight-out/lamp-d3b-004") == "streetlight-out/lamp-d3b-004"
    page.wait_for_function("location.search.includes('a=lamp-d3b-004')")
    assert "at=" not in page.url
    page.context.close()


def test_page_and_cli_agree_around_the_junction(browser: Any, site: LoopbackServer) -> None:
    d = today_directory()
    page = open_page(browser, site.url + "lookup/")
    points = [(JUNCTION[0] + dx * 1e-4, JUNCTION[1] + dy * 1e-4)
              for dx in (-3, -1, 0, 1, 2, 4) for dy in (-2, 0, 1, 3)]
    points += [(106.6, 26.62), (106.61, 26.6), D5_EAST]
    for lon, lat in points:
        before = page.evaluate("remitLookup.stats.bytes")
        got = page.evaluate("""async ([lon, lat]) => {
          const r = await remitLookup.placeAnswer('streetlight-out', lon, lat);
          return [r.place.chosen && r.place.chosen.id, r.place.rival && r.place.rival.id,
                  r.department, r.place.chosen && Math.round(r.place.chosen.dist * 10)];
        }""", [lon, lat])
        spent = page.evaluate("remitLookup.stats.bytes") - before
        cli = at_place(d, d.matters["streetlight-out"], lon, lat)
        want = [cli.chosen.asset.id if cli.chosen else None,
                cli.rival.asset.id if cli.rival else None, cli.answer.department,
                round(cli.chosen.distance * 10) if cli.chosen else None]
        assert got == want, (lon, lat)
        assert spent <= BUDGET, (lon, lat, spent)
    page.context.close()


def test_nothing_near_names_the_nearest_and_falls_back(browser: Any,
                                                       site: LoopbackServer) -> None:
    far = (106.6300, 26.6150)  # 400 m from the end of road D3, in the fields
    page = open_page(browser, site.url + f"lookup/?m=streetlight-out&at={far[0]},{far[1]}")
    assert answered(page, "streetlight-out@") == "streetlight-out@106.630000,26.615000"
    d = today_directory()
    cli = at_place(d, d.matters["streetlight-out"], *far)
    assert cli.chosen is None and cli.beyond is not None
    box = page.locator("#remit-answer")
    assert box.locator(".rl-answer-place-found").inner_text().startswith(
        "所选位置 150 米内没有道路或路段或路灯回路或路灯。下面按未指明地点答复")
    assert box.locator(".rl-answer-place-beyond").inner_text() == (
        f"最近的是{cli.beyond.asset.name}"
        f"（{asset_type_name(d.asset_types[cli.beyond.asset.type], 'zh')}），"
        f"约 {metres(cli.beyond.distance)} 米外。")
    assert box.locator(".rl-answer-dept").inner_text() == "企业服务中心"  # the first contact
    assert "a" not in parse_qs(urlparse(page.url).query)
    page.context.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def test_place_answer_is_accessible(browser: Any, site: LoopbackServer) -> None:
    """axe (WCAG 2.1 A and AA) on the page with the map open and a place answered with
    the boundary warning: no serious or critical violation."""
    page = open_page(browser, site.url + "lookup/?m=streetlight-out&at=106.625900,26.610700")
    answered(page, "streetlight-out/")
    page.add_script_tag(content=AXE.read_text("utf-8"))
    found = page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']});
      return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    assert found == []
    page.context.close()

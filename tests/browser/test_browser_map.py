"""The site's maps in a real browser (Debian's chromium through Playwright), served on
loopback: the overview and an asset page draw their features, the colouring switch changes
the legend and the colours, popups link to the asset's page, points are clustered per zoom
level on a registry with many, no request leaves 127.0.0.1 and the policy is never
violated; a configured tile server appears in the policy and its tiles on the map.

Predicates given to Playwright are functions: the policy forbids the eval an expression
string would need."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import BROWSER_MARKS, LoopbackServer, make_project

ROOT = Path(__file__).resolve().parents[2]

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.violatedDirective, e.blockedURI].join(" | "));
});
"""
#: one PNG pixel, the "tile" the fake tile server answers with
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cfc0f01f0005000201a5a0e1a30000000049454e44ae426082")


def build(config: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(out)], cwd=config.parent, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


class Watched:
    """A page whose requests (all of them), policy violations and script errors are
    recorded; requests to any other host are answered by ``other`` or aborted."""

    def __init__(self, browser: Any, other: Any = None) -> None:
        self.ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.ctx.add_init_script(RECORD)
        self.requests: list[str] = []
        self.errors: list[str] = []

        def route(r: Any) -> None:
            url = r.request.url
            self.requests.append(url)
            if url.startswith(("http://127.0.0.1", "data:", "blob:")):
                r.continue_()
            elif other is not None:
                other(r)
            else:
                r.abort()
        self.ctx.route("**/*", route)
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open_map(self, url: str, selector: str = ".remit-map.remit-map--ready") -> Any:
        self.page.goto(url)
        self.page.wait_for_selector(selector, state="attached")
        self.page.wait_for_load_state("networkidle")
        return self.page.locator(selector).first

    def other_hosts(self) -> list[str]:
        return sorted({urlsplit(u).netloc for u in self.requests
                       if not u.startswith(("data:", "blob:"))} - {self.local})

    @property
    def local(self) -> str:
        return urlsplit(self.page.url).netloc

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__csp || []"))

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture(scope="module")
def example(example_site_server: LoopbackServer) -> tuple[str, Path]:
    """The session's shared build of the example site (tests/conftest.py): URL, folder."""
    return example_site_server.url, example_site_server.root


def lamps_project(tmp: Path, site_extra: str = "") -> Path:
    """A road, its circuit with 300 lamps (from a CSV), a kiosk; points clustered from 50."""
    registry = textwrap.dedent(f"""\
        site:
          title: 地图测试
          language: zh
          map: {{cluster_from: 50{site_extra}}}
        departments:
          - id: builder
            name: 建设公司
            contacts: [{{role: 值班, phone: "0851-0000-0001", verified: 2026-11-01}}]
        assets:
          - id: road-a1
            name: 园区 A1 路
            type: road
            owner: builder
            duties: {{maintenance: builder, lighting: builder, cleaning: builder}}
            geometry: {{type: LineString, coordinates: [[106.60, 26.60], [106.62, 26.60]]}}
          - id: slc-a1
            name: A1 路照明回路
            type: street-light-circuit
            part_of: road-a1
          - id: kiosk
            name: 路边服务亭
            type: facility
            owner: builder
            duties: {{maintenance: builder, operation: builder}}
            geometry: {{type: Point, coordinates: [106.6101, 26.6002]}}
        asset_sources:
          - file: lamps.csv
            type: street-lamp
            columns: {{id: lamp_no, name: label, part_of: circuit, lon: x, lat: y}}
        """)
    config = make_project(tmp, registry)
    rows = ["lamp_no,label,circuit,x,y"]
    for i in range(300):
        rows.append(f"lamp-{i:04d},A1 路 {i} 号灯,slc-a1,{106.60 + 0.02 * i / 300:.6f},"
                    f"{26.60 + (0.0003 if i % 2 else -0.0003):.6f}")
    (tmp / "reg" / "lamps.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def lamps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("map-lamps")
    out = tmp / "site"
    build(lamps_project(tmp), out)
    srv = LoopbackServer(out)
    yield srv.url
    srv.close()


def paths_of(geometry: Any) -> int:
    """The SVG paths Leaflet draws for a feature's geometry (``[lon, lat]`` or GeoJSON)."""
    if isinstance(geometry, list):
        return 1
    if geometry["type"] == "MultiPoint":
        return len(geometry["coordinates"])
    if geometry["type"] == "GeometryCollection":
        return sum(paths_of(g) for g in geometry["geometries"])
    return 1


def colours(page: Any) -> list[str]:
    """Stroke and fill of every drawn feature, in order."""
    return list(page.eval_on_selector_all(
        "path.remit-feature", "els => els.map(e => e.getAttribute('stroke') + '/' +"
        " e.getAttribute('fill'))"))


def legend_keys(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        ".remit-map__legend li", "els => els.map(e => e.getAttribute('data-key'))"))


def test_the_overview_draws_every_feature_and_switches_its_colouring(
        browser: Any, example: tuple[str, Path]) -> None:
    base, out = example
    w = Watched(browser)
    node = w.open_map(base + "map/")
    page = w.page
    doc = json.loads((out / "map" / "overview.json").read_text(encoding="utf-8"))
    n = len(doc["features"])
    assert node.get_attribute("data-features-drawn") == str(n)
    # every feature is an SVG path of its own (lines and circle markers alike)
    assert page.locator("path.remit-feature").count() >= n
    assert page.locator(".remit-map--plain").count() == 1  # no tiles: plain background
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator(".leaflet-control-scale-line").count() == 1
    # the legend names the types, with counts
    keys = legend_keys(page)
    assert {"road", "street-lamp", "water-line"} <= set(keys)
    lamp = page.locator('.remit-map__legend li[data-key="street-lamp"]')
    assert lamp.inner_text().split() == ["路灯", str(doc["counts"]["type"][[
        t["id"] for t in json.loads((out / "map" / "config.json").read_text())["types"]
    ].index("street-lamp")])]
    before = colours(page)
    page.get_by_label("按移交状态").check()
    page.wait_for_function("() => document.querySelector('.remit-map__legend')"
                           ".getAttribute('data-colour') === 'state'")
    keys = legend_keys(page)
    assert "overdue" in keys and "none" in keys and "road" not in keys
    assert page.locator('.remit-map__legend li[data-key="overdue"]').inner_text() \
        .startswith("移交逾期")
    after = colours(page)
    assert after != before and len(after) == len(before)
    page.get_by_label("按类型").check()
    page.wait_for_function("() => document.querySelector('.remit-map__legend')"
                           ".getAttribute('data-colour') === 'type'")
    assert colours(page) == before
    # the map links to the GeoJSON export
    href = page.locator(".remit-map__links a").last.get_attribute("href")
    assert href == "../data/assets.geojson"
    assert w.other_hosts() == [] and w.violations() == [] and w.errors == []
    w.close()


def test_an_asset_page_draws_the_asset_its_parts_and_a_popup_links_home(
        browser: Any, example: tuple[str, Path]) -> None:
    base, out = example
    w = Watched(browser)
    node = w.open_map(base + "assets/road-d3/")
    page = w.page
    doc = json.loads((out / "map" / "assets" / "road-d3.json").read_text(encoding="utf-8"))
    roles = [f[6] for f in doc["features"]]
    assert node.get_attribute("data-features-drawn") == str(len(roles))
    # one SVG path a feature; a MultiPoint (the hydrants along a main) one a point
    for role in (0, 1, 2):
        want = sum(paths_of(f[5]) for f in doc["features"] if f[6] == role)
        assert page.locator(f"path.remit-feature--r{role}").count() == want, role
    assert roles.count(0) == 1
    assert page.locator(".remit-map__faint").inner_text() == "灰色：附近的其他资产"
    # where it is, in words, above the map
    assert page.locator("dd.remit-where").bounding_box()["y"] < node.bounding_box()["y"]
    # the page's own road: its popup names it and its state in words and links to it
    page.locator("path.remit-feature--r0").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "综保区 D3 路" in text and "移交逾期" in text and "road-d3" in text
    assert popup.locator("a").get_attribute("href") == "../../assets/road-d3/"
    links = page.locator(".remit-map__links a")
    assert links.first.get_attribute("href") == "../../map/"
    assert w.other_hosts() == [] and w.violations() == [] and w.errors == []
    w.close()


def test_dashboard_and_gaps_pages_show_their_map(browser: Any,
                                                 example: tuple[str, Path]) -> None:
    base, _ = example
    w = Watched(browser)
    node = w.open_map(base + "handovers/")
    assert int(node.get_attribute("data-features-drawn") or 0) > 0
    assert node.get_attribute("data-colour") == "state"
    assert "overdue" in legend_keys(w.page)
    w.page.goto(base + "gaps/")
    w.page.wait_for_selector(".remit-map[data-features-drawn]", state="attached")
    assert w.other_hosts() == [] and w.violations() == [] and w.errors == []
    w.close()


def test_many_points_are_clusters_until_the_detail_zoom(browser: Any, lamps: str) -> None:
    w = Watched(browser)
    node = w.open_map(lamps + "map/")
    page = w.page
    page.wait_for_selector(".remit-cluster", state="attached")
    counts = [int(x) for x in page.locator(".remit-cluster__n").all_inner_texts()]
    singles = page.locator("path.remit-feature").count() - 1  # the road is a path too
    assert sum(counts) + singles == 301  # 300 lamps and the kiosk, each counted once
    title = page.locator(".leaflet-marker-icon").first.get_attribute("title") or ""
    assert re.fullmatch(r"\d+ 项资产：(设施 1，)?路灯 \d+ — 点击放大", title), title
    # colouring by state changes the clusters' titles too
    page.get_by_label("按移交状态").check()
    page.wait_for_function("() => (document.querySelector('.leaflet-marker-icon')"
                           ".getAttribute('title') || '').indexOf('无移交事项') >= 0")
    # zoomed in to the detail level the points themselves come, from their tiles
    page.evaluate("() => { const m = document.querySelector('.remit-map').remitMap;"
                  " m.setView([26.6, 106.61], 18); }")
    page.wait_for_function("() => document.querySelectorAll('.remit-cluster').length === 0"
                           " && document.querySelectorAll('path.remit-feature').length > 10")
    assert int(node.get_attribute("data-points-drawn") or 0) > 10
    assert any("/map/t/" in u for u in w.requests)
    assert w.other_hosts() == [] and w.violations() == [] and w.errors == []
    w.close()


def test_a_configured_tile_server_is_in_the_policy_and_on_the_map(
        browser: Any, tmp_path: Path) -> None:
    config = lamps_project(tmp_path, ', tiles: "https://tiles.example.org/{z}/{x}/{y}.png",'
                           ' attribution: "© 示例测绘 <b>x</b>"')
    out = tmp_path / "site"
    build(config, out)
    html = (out / "map" / "index.html").read_text(encoding="utf-8")
    assert "img-src 'self' data: https://tiles.example.org;" in html
    srv = LoopbackServer(out)
    try:
        w = Watched(browser, other=lambda r: r.fulfill(status=200, body=PNG,
                                                       content_type="image/png"))
        w.open_map(srv.url + "map/")
        page = w.page
        page.wait_for_selector("img.leaflet-tile-loaded", state="attached")
        assert w.other_hosts() == ["tiles.example.org"]
        assert page.locator(".remit-map--plain").count() == 0
        # the attribution is text, not markup
        assert page.locator(".leaflet-control-attribution").inner_text() == \
            "© 示例测绘 <b>x</b>"
        assert w.violations() == [] and w.errors == []
        w.close()
    finally:
        srv.close()

"""The site's maps (site/map_site.py): the data files of the overview, the asset maps, the
dashboard's and the gaps page's maps; the per-zoom clusters adding up; "on road X"; the
asset page's words and map; the tile option and the Content-Security-Policy; determinism."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.checks.findings import run_checks
from generator.directory import Directory
from generator.load.registry import load
from generator.mkdocs_edge.site_theme import policy
from generator.outfile import OutFile
from generator.site.map_site import (
    DETAIL_ZOOM,
    STATES,
    TILE_ZOOM,
    MapData,
    map_files,
    mercator,
    tile_sources,
)
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)


def directory(path: Path | str) -> Directory:
    reg, diags = load(path)
    assert not [x for x in diags if x.severity == "error"], [x.text() for x in diags]
    return Directory(reg, today=TODAY)


def files_of(d: Directory, **kw: Any) -> dict[str, OutFile]:
    return {f.path: f for f in map_files(d, run_checks(d, TODAY), **kw)}


def data(files: dict[str, OutFile], path: str) -> Any:
    content = files[path].content
    assert isinstance(content, bytes)
    return json.loads(content)


@pytest.fixture(scope="module")
def example() -> Directory:
    return directory(ROOT / "directory")


@pytest.fixture(scope="module")
def example_files(example: Directory) -> dict[str, OutFile]:
    return files_of(example)


# --- a registry of many points: one road, one circuit, lamps from a CSV -------------------

def lamps_registry(tmp: Path, n: int = 240, cluster_from: int = 50, extra_site: str = "",
                   name: str = "园区 A1 路") -> Path:
    (tmp / "departments.yaml").write_text(textwrap.dedent(f"""\
        site:
          title: 地图测试
          language: zh
          map: {{cluster_from: {cluster_from}{extra_site}}}
        departments:
          - id: builder
            name: 建设公司
            contacts: [{{role: 值班, phone: "0851-0000-0001", verified: 2026-11-01}}]
          - id: roads
            name: 市政道路所
            contacts: [{{role: 值班, phone: "0851-0000-0002", verified: 2026-11-01}}]
        assets:
          - id: road-a1
            name: {json.dumps(name, ensure_ascii=False)}
            type: road
            owner: builder
            duties: {{maintenance: builder, lighting: builder, cleaning: builder}}
            handover: {{from: builder, to: roads, status: in-progress, since: 2026-01-01,
                       due: 2026-06-30, interim: builder}}
            geometry: {{type: LineString, coordinates: [[106.60, 26.60], [106.62, 26.60]]}}
          - id: slc-a1
            name: A1 路照明回路
            type: street-light-circuit
            part_of: road-a1
          - id: kiosk
            name: 路边服务亭
            type: facility
            owner: roads
            duties: {{maintenance: roads, operation: roads}}
            geometry: {{type: Point, coordinates: [106.6101, 26.6002]}}
          - id: far-hut
            name: 远处的小屋
            type: facility
            owner: roads
            duties: {{maintenance: roads, operation: roads}}
            geometry: {{type: Point, coordinates: [106.70, 26.70]}}
        asset_sources:
          - file: lamps.csv
            type: street-lamp
            columns: {{id: lamp_no, name: label, part_of: circuit, lon: x, lat: y}}
        """), encoding="utf-8")
    rows = ["lamp_no,label,circuit,x,y"]
    for i in range(n):
        rows.append(f"lamp-{i:04d},A1 路 {i} 号灯,slc-a1,{106.60 + 0.02 * i / n:.6f},"
                    f"{26.60 + (0.0003 if i % 2 else -0.0003):.6f}")
    (tmp / "lamps.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp


@pytest.fixture(scope="module")
def lamps(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    return directory(lamps_registry(tmp_path_factory.mktemp("lamps")))


# --- the overview ---------------------------------------------------------------------------


def test_overview_holds_every_asset_with_a_geometry_sorted(example: Directory,
                                                           example_files: dict[str, OutFile]
                                                           ) -> None:
    doc = data(example_files, "map/overview.json")
    ids = [f[0] for f in doc["features"]]
    want = sorted(a.id for a in example.registry.assets if a.geometry)
    assert ids == want
    assert len(want) > 300  # the example's lamps are there
    cfg = data(example_files, "map/config.json")
    road = next(f for f in doc["features"] if f[0] == "road-d3")
    assert cfg["types"][road[2]]["id"] == "road"
    # road-d3's handover to the municipality is past its due date
    assert cfg["states"][road[3]] == {"id": "overdue", "name": "移交逾期",
                                      "colour": "#b71c1c"}  # remit.css's
    assert road[4] == "assets/road-d3/"
    assert road[5]["type"] == "LineString"
    lamp = next(f for f in doc["features"] if f[0] == "lamp-d3a-001")
    assert lamp[4] == "assets/slc-d3-1/#lamp-d3a-001"  # a row of its circuit's page
    assert lamp[5] == [106.625153, 26.601436]
    # the legend's totals count every feature once, by type and by state
    assert sum(doc["counts"]["type"]) == sum(doc["counts"]["state"]) == len(want)
    assert "points" not in doc  # below cluster_from: every point is in the file


def test_config_has_the_legend_words_and_no_tiles(example_files: dict[str, OutFile]) -> None:
    cfg = data(example_files, "map/config.json")
    assert [s["id"] for s in cfg["states"]] == list(STATES)
    assert [s["name"] for s in cfg["states"]] == ["无移交事项", "计划移交", "移交中", "移交逾期",
                                                  "有争议", "已移交"]
    assert {"id": "street-lamp", "name": "路灯", "colour": "#7a6a00"} in cfg["types"] or \
        any(t["id"] == "street-lamp" and t["name"] == "路灯" for t in cfg["types"])
    assert len({t["colour"] for t in cfg["types"]}) == len(cfg["types"])
    assert cfg["tiles"] is None
    assert cfg["words"]["by_state"] == "按移交状态"
    assert cfg["geojson"] == "data/assets.geojson"


def test_the_map_page_and_its_scripts_come_from_this_site(example_files: dict[str, OutFile]
                                                          ) -> None:
    page = example_files["map/index.md"]
    assert page.nav and page.title == "地图"
    text = str(page.content)
    assert 'data-map="../map/overview.json"' in text
    assert '<script src="../assets/vendor/leaflet/leaflet.js"></script>' in text
    assert '<script src="../assets/map/map.js"></script>' in text
    assert "共 421 项有坐标的资产。" in text
    assert "http" not in text  # nothing from another host
    vendored = example_files["assets/vendor/leaflet/leaflet.js"].content
    assert isinstance(vendored, bytes) and b'version="1.9.4"' in vendored
    assert b"BSD 2-Clause" in example_files["assets/vendor/leaflet/LICENSE"].content  # type: ignore[operator]


# --- clusters per zoom level -----------------------------------------------------------------


def test_points_are_clustered_per_zoom_and_the_counts_add_up(lamps: Directory) -> None:
    files = files_of(lamps)
    doc = data(files, "map/overview.json")
    cfg = data(files, "map/config.json")
    # lines stay in the overview; the points (240 lamps, 2 facilities) are clustered
    assert [f[0] for f in doc["features"]] == ["road-a1"]
    pts = doc["points"]
    assert pts["count"] == 242 and pts["detail"] == DETAIL_ZOOM
    z0, z1 = pts["zooms"]
    assert z1 == DETAIL_ZOOM - 1 and z0 <= 13
    lamp_t = next(i for i, t in enumerate(cfg["types"]) if t["id"] == "street-lamp")
    overdue = STATES.index("overdue")  # due 2026-06-30, not accepted
    sizes = []
    for z in range(z0, z1 + 1):
        level = pts["levels"][str(z)]
        assert level["tz"] == max(0, z - 2)
        total = 0
        items = []
        for key in level["keys"]:
            doc_z = data(files, f"map/z/{z}/{key}.json")
            assert doc_z["z"] == z
            for c in doc_z["clusters"]:
                # each cell lies in the tile it is filed under
                lon, lat = (c[5][0], c[5][1]) if isinstance(c[0], str) else (c[0], c[1])
                x, y = mercator(lon, lat, level["tz"])
                assert key == f"{int(x // 256)}-{int(y // 256)}"
                items.append(c)
        for c in items:
            if isinstance(c[0], str):  # a cell with one point: the point itself
                total += 1
                continue
            lon, lat, n, by_type, by_state = c
            assert n >= 2
            assert sum(by_type[1::2]) == n and sum(by_state[1::2]) == n
            total += n
        assert total == 242, z
        sizes.append(len(items))
    assert sizes == sorted(sizes)  # more, smaller cells as the zoom grows
    assert sizes[0] < 10 < sizes[-1]
    # at the lowest zoom: 240 lamps, every one in the road's handover state
    low = [c for key in pts["levels"][str(z0)]["keys"]
           for c in data(files, f"map/z/{z0}/{key}.json")["clusters"]
           if not isinstance(c[0], str)]
    lamps_n = sum(dict(zip(c[3][::2], c[3][1::2], strict=True)).get(lamp_t, 0) for c in low)
    overdue_n = sum(dict(zip(c[4][::2], c[4][1::2], strict=True)).get(overdue, 0)
                    for c in low)
    assert lamps_n == overdue_n == 240
    # the tiles hold every point exactly once, each in the tile of its position
    seen: list[str] = []
    assert pts["tiles"]["tz"] == TILE_ZOOM
    for key in pts["tiles"]["keys"]:
        for f in data(files, f"map/t/{key}.json")["features"]:
            x, y = mercator(f[5][0], f[5][1], TILE_ZOOM)
            assert key == f"{int(x // 256)}-{int(y // 256)}"
            seen.append(f[0])
    assert sorted(seen) == sorted([*(f"lamp-{i:04d}" for i in range(240)), "kiosk",
                                   "far-hut"])


def test_below_cluster_from_there_are_no_cluster_files(tmp_path: Path) -> None:
    d = directory(lamps_registry(tmp_path, n=30, cluster_from=100))
    files = files_of(d)
    assert not [p for p in files if p.startswith(("map/z/", "map/t/"))]
    assert len(data(files, "map/overview.json")["features"]) == 33


# --- asset maps -----------------------------------------------------------------------------


def test_an_asset_map_has_the_asset_its_parts_and_faint_neighbours(
        example: Directory, example_files: dict[str, OutFile]) -> None:
    doc = data(example_files, "map/assets/road-d3.json")
    roles: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for f in doc["features"]:
        roles[f[6]].append(f[0])
    assert roles[0] == ["road-d3"]
    md = MapData(example)
    parts = sorted(p.id for p in md.descendants(example.assets["road-d3"])
                   if p.geometry)
    assert sorted(roles[1]) == parts
    assert {"road-d3-s1", "road-d3-s2", "lamp-d3a-001"} <= set(roles[1])
    assert 0 < len(roles[2]) <= 24
    assert not set(roles[2]) & {"road-d3", *parts}
    # a circuit: its line, its lamps as parts
    circuit = data(example_files, "map/assets/slc-d3-1.json")
    assert [f[0] for f in circuit["features"] if f[6] == 0] == ["slc-d3-1"]
    assert {f[6] for f in circuit["features"] if f[0].startswith("lamp-d3a-")} == {1}


def test_pages_without_a_geometry_get_no_map(lamps: Directory) -> None:
    files = files_of(lamps)
    assert "map/assets/far-hut.json" in files
    pages = {f.path: str(f.content) for f in render_site(lamps) if f.path.endswith(".md")}
    assert "remit-map" in pages["assets/far-hut.md"]
    # a department page has none
    assert "remit-map" not in pages["departments/roads.md"]


def test_on_road_words_from_the_parents_and_from_the_nearest_road(lamps: Directory) -> None:
    md = MapData(lamps)
    road, metres = md.road_of(lamps.assets["slc-a1"]) or (None, 0)
    assert road is not None and road.id == "road-a1" and metres is None
    # the kiosk is part of nothing but stands 20 metres from the road's line
    road, metres = md.road_of(lamps.assets["kiosk"]) or (None, 0)
    assert road is not None and road.id == "road-a1" and metres == 20
    assert md.road_of(lamps.assets["far-hut"]) is None


def test_the_asset_page_says_where_it_is_above_its_map(lamps: Directory) -> None:
    pages = {f.path: str(f.content) for f in render_site(lamps) if f.path.endswith(".md")}
    kiosk = pages["assets/kiosk.md"]
    assert '<dd class="remit-where">靠近<a href="../road-a1/">园区 A1 路</a>（约 20 米）</dd>' \
        in kiosk
    assert '<dd class="remit-coords">26.600200, 106.610100</dd>' in kiosk
    assert kiosk.index("remit-where") < kiosk.index('class="remit-map ')
    assert 'data-map="../../map/assets/kiosk.json"' in kiosk
    assert 'aria-label="路边服务亭的位置"' in kiosk
    circuit = pages["assets/slc-a1.md"]
    assert '<dd class="remit-where">位于<a href="../road-a1/">园区 A1 路</a></dd>' in circuit
    assert "本资产没有自己的坐标，图中画出的是它的组成部分。" in circuit
    # without directory URLs the page is one folder up
    flat = {f.path: str(f.content) for f in render_site(lamps, directory_urls=False)
            if f.path.endswith(".md")}
    assert 'data-map="../map/assets/kiosk.json"' in flat["assets/kiosk.md"]


def test_registry_text_is_data_in_the_maps(tmp_path: Path) -> None:
    evil = '<img src=x onerror="alert(1)">路'
    d = directory(lamps_registry(tmp_path, n=10, name=evil))
    files = files_of(d)
    doc = data(files, "map/overview.json")
    assert [f[1] for f in doc["features"] if f[0] == "road-a1"] == [evil]  # JSON data
    pages = {f.path: str(f.content) for f in render_site(d) if f.path.endswith(".md")}
    page = pages["assets/road-a1.md"]
    assert evil not in page
    assert 'aria-label="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;路的位置"' in page


# --- the dashboard and the gaps page --------------------------------------------------------


def test_dashboard_and_gaps_maps_list_their_assets(lamps: Directory) -> None:
    files = files_of(lamps)
    hand = data(files, "map/handovers.json")
    assert [f[0] for f in hand["features"]] == ["road-a1"]
    gaps = data(files, "map/gaps.json")
    finding_ids = {f.id for f in run_checks(lamps, TODAY) if f.entity == "asset"}
    drawn = {f[0] for f in gaps["features"]}
    assert drawn and drawn <= {*finding_ids, *(a.id for a in lamps.registry.assets
                                               if a.part_of in finding_ids or
                                               a.part_of == "slc-a1")}
    pages = {f.path: str(f.content) for f in render_site(lamps) if f.path.endswith(".md")}
    assert 'data-map="../map/handovers.json" data-colour="state"' in pages["handovers/index.md"]
    assert 'data-map="../map/gaps.json"' in pages["gaps/index.md"]


# --- tiles and the policy -------------------------------------------------------------------


def test_a_tile_server_goes_into_the_config_and_the_policy(tmp_path: Path) -> None:
    d = directory(lamps_registry(
        tmp_path, n=5, extra_site=', tiles: "https://{s}.tiles.example.org/{z}/{x}/{y}.png",'
        ' attribution: "© 示例测绘 <b>"'))
    cfg = data(files_of(d), "map/config.json")
    assert cfg["tiles"] == {"url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
                            "attribution": "© 示例测绘 <b>"}
    assert tile_sources(d.registry.site) == ("https://*.tiles.example.org",)
    assert "img-src 'self' data: https://*.tiles.example.org;" in \
        policy(img_hosts=tile_sources(d.registry.site))
    (tmp_path / "plain").mkdir()
    plain = directory(lamps_registry(tmp_path / "plain", n=5))
    assert tile_sources(plain.registry.site) == ()
    assert "img-src 'self' data:;" in policy(img_hosts=tile_sources(plain.registry.site))


# --- determinism ----------------------------------------------------------------------------


def test_the_same_registry_gives_the_same_bytes(lamps: Directory, tmp_path: Path) -> None:
    again = directory(lamps_registry(tmp_path))
    a = {p: f.content for p, f in files_of(lamps).items()}
    b = {p: f.content for p, f in files_of(again).items()}
    assert a == b


def test_a_broken_tile_setting_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(textwrap.dedent("""\
        site:
          title: t
          map:
            tiles: "https://tiles.example.org/{z}/{y}.png"
            cluster_from: 0
        departments:
          - id: a
            name: A
            contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
        """), encoding="utf-8")
    _, diags = load(tmp_path)
    f = str(tmp_path / "departments.yaml")
    assert [x.text() for x in diags] == [
        f"{f}:4:12: error: site.map.tiles: the tile URL template lacks {{x}}; write it as "
        "https://HOST/PATH/{z}/{x}/{y}.png (the zoom, column and row of each tile)",
        f"{f}:5:19: error: site.map.cluster_from: 0 points: give a whole number from 1 "
        "(every point grouped) up",
    ]
    (tmp_path / "departments.yaml").write_text(
        (tmp_path / "departments.yaml").read_text(encoding="utf-8")
        .replace('"https://tiles.example.org/{z}/{y}.png"', "mailto:maps@example.org")
        .replace("cluster_from: 0", "cluster_from: 5"), encoding="utf-8")
    _, diags = load(tmp_path)
    assert [x.text() for x in diags] == [
        f"{f}:4:12: error: site.map.tiles: a tile server is an https:// (or http://) URL "
        "template such as https://tiles.example.org/{z}/{x}/{y}.png"]


def test_remit_render_carries_the_tile_host_in_its_policy() -> None:
    from generator.mkdocs_edge.site_theme import override_main

    main = override_main([], internal=False, lang="zh",
                         img_hosts=("https://tiles.example.org",))
    assert "img-src 'self' data: https://tiles.example.org;" in main
    assert "img-src 'self' data:;" in override_main([], internal=False, lang="zh")

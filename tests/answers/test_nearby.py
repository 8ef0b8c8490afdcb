"""Lookup by place (:mod:`generator.answers.nearby`, ``remit lookup MATTER --at LON,LAT``)
and the spatial index the lookup page reads (:mod:`generator.answers.spatial_index`).

The fixtures are small registries written to a temporary folder and loaded with the real
loader: two roads meeting at a junction, one held by the builder until its overdue
handover is accepted and one by the municipal office, with a lamp on each."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.answers.nearby import (
    M_PER_DEG,
    at_place,
    distance,
    near_bound,
    parse_at,
    place_json,
    place_text,
    shape_of,
)
from generator.answers.spatial_index import BLOCK, build
from generator.cli import main
from generator.diagnostics import ERROR
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
TODAY = "2026-06-01"

# One degree of latitude is M_PER_DEG metres; a metre of latitude is 1 / M_PER_DEG degrees.
M = 1 / M_PER_DEG

BASE: dict[str, Any] = {
    "site": {"title": "测试", "language": "zh"},
    "departments": [
        {"id": "centre", "name": "服务中心",
         "contacts": [{"role": "受理", "phone": "0851-0000-0001"}]},
        {"id": "builder", "name": "建投公司",
         "contacts": [{"role": "工程部", "phone": "0851-0000-0002"}]},
        {"id": "roads", "name": "市政处",
         "contacts": [{"role": "报修", "phone": "0851-0000-0003"}]},
        {"id": "bank", "name": "合作银行",
         "contacts": [{"role": "客户经理", "phone": "0851-0000-0006"}]},
    ],
    "assets": [
        # road-a runs north along lon 10.0 from lat 0 to 0.01 (about 1.1 km)
        {"id": "road-a", "name": "A 路", "type": "road", "owner": "builder",
         "duties": {"lighting": "builder"},
         "handover": {"from": "builder", "to": "roads", "status": "in-progress",
                      "since": "2024-01-10", "due": "2025-06-30", "interim": "builder"},
         "geometry": {"type": "LineString", "coordinates": [[10.0, 0.0], [10.0, 0.01]]}},
        # road-b runs east from the junction at (10.0, 0.005) to 10.01
        {"id": "road-b", "name": "B 路", "type": "road", "owner": "roads",
         "duties": {"lighting": "roads"},
         "geometry": {"type": "LineString", "coordinates": [[10.0, 0.005], [10.01, 0.005]]}},
        # road-c: held by the builder too, 40 m west of road-a and parallel to it
        {"id": "road-c", "name": "C 路", "type": "road", "owner": "builder",
         "duties": {"lighting": "builder"},
         "geometry": {"type": "LineString",
                      "coordinates": [[10.0 - 40 * M, 0.0], [10.0 - 40 * M, 0.01]]}},
        {"id": "lamp-b-1", "name": "B 路 1 号灯", "type": "street-lamp", "part_of": "road-b",
         "geometry": {"type": "Point", "coordinates": [10.002, 0.005 + 12 * M]}},
        # a facility of another type, nearer to some queries than any road
        {"id": "kiosk", "name": "岗亭", "type": "facility", "owner": "roads",
         "geometry": {"type": "Polygon", "coordinates": [[
             [10.005, 0.002], [10.006, 0.002], [10.006, 0.003], [10.005, 0.003],
             [10.005, 0.002]]]}},
    ],
    "matters": [
        {"id": "light", "name": "路灯不亮", "asset_types": ["road", "street-lamp"],
         "duty": "lighting", "first_contact": "centre", "time_limit": "3d"},
        {"id": "loan", "name": "融资贷款", "handled_by": "bank", "first_contact": "centre"},
    ],
}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    folder = tmp_path / "reg"
    folder.mkdir(exist_ok=True)
    (folder / "departments.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def directory(folder: Path) -> Directory:
    reg, diags = load(folder)
    assert not [x for x in diags if x.severity == ERROR], diags
    import datetime as dt
    return Directory(reg, today=dt.date.fromisoformat(TODAY))


@pytest.fixture()
def park(tmp_path: Path) -> Path:
    return write(tmp_path, BASE)


# --- distances ----------------------------------------------------------------------------


def test_point_to_point_and_point_to_line() -> None:
    pt = shape_of({"type": "Point", "coordinates": [0.0, 0.0]})
    assert pt is not None
    assert distance(pt, 0.0, 0.001) == pytest.approx(0.001 * M_PER_DEG, rel=1e-9)
    # east-west at latitude 60 shrinks by cos(60°) = 0.5
    pt60 = shape_of({"type": "Point", "coordinates": [0.002, 60.0]})
    assert pt60 is not None
    assert distance(pt60, 0.0, 60.0) == pytest.approx(0.001 * M_PER_DEG, rel=1e-6)
    line = shape_of({"type": "LineString", "coordinates": [[0.0, 0.0], [0.0, 0.01]]})
    assert line is not None
    assert distance(line, 0.0, 0.004) == pytest.approx(0, abs=1e-6)  # on the line
    assert distance(line, 30 * M, 0.004) == pytest.approx(30, abs=0.01)  # beside it
    assert distance(line, 0.0, 0.01 + 50 * M) == pytest.approx(50, abs=0.01)  # past its end
    multi = shape_of({"type": "MultiPoint", "coordinates": [[0.0, 0.0], [0.0, 20 * M]]})
    assert multi is not None and distance(multi, 0.0, 19 * M) == pytest.approx(1, abs=0.05)


def test_polygons_count_zero_inside_and_the_edge_outside() -> None:
    sq = shape_of({"type": "Polygon", "coordinates": [[[0, 0], [0.001, 0], [0.001, 0.001],
                                                       [0, 0.001], [0, 0]]]})
    assert sq is not None
    assert distance(sq, 0.0005, 0.0005) == 0.0
    assert distance(sq, 0.0005, 0.001 + 10 * M) == pytest.approx(10, abs=0.01)


def test_distance_is_antimeridian_safe() -> None:
    east = shape_of({"type": "Point", "coordinates": [179.9999, 0.0]})
    assert east is not None
    # 0.0002° apart across the antimeridian, not 359.9998°
    assert distance(east, -179.9999, 0.0) == pytest.approx(0.0002 * M_PER_DEG, rel=1e-6)
    across = shape_of({"type": "LineString", "coordinates": [[179.999, 0.0], [-179.999, 0.0]]})
    assert across is not None
    assert distance(across, 180.0, 25 * M) == pytest.approx(25, abs=0.01)
    assert distance(across, -180.0, -25 * M) == pytest.approx(25, abs=0.01)
    assert distance(across, 0.0, 0.0) > 19_000_000  # the other side of the earth


def test_unusable_geometry_has_no_shape() -> None:
    assert shape_of(None) is None
    assert shape_of({"type": "Point", "coordinates": "x"}) is None
    assert shape_of({"type": "LineString", "coordinates": []}) is None


def test_about_equally_near() -> None:
    assert near_bound(0) == 15
    assert near_bound(40) == 55  # 15 m more beats 25 % more when near
    assert near_bound(100) == 125  # 25 % more beats 15 m when far


# --- choosing and routing ---------------------------------------------------------------


def test_nearest_asset_is_chosen_and_routed(park: Path) -> None:
    d = directory(park)
    # 5 m east of road A, 250 m south of the junction: road A (interim: the builder)
    p = at_place(d, d.matters["light"], 10.0 + 5 * M, 0.005 - 250 * M)
    assert p.chosen is not None and p.chosen.asset.id == "road-a"
    assert p.chosen.distance == pytest.approx(5, abs=0.01)
    assert p.answer.department == "builder"
    assert p.rival is None  # road C, 45 m away, is the builder's too; road B is 250 m away
    text = place_text(d, p)
    assert "最近的是A 路（道路），距此约 5 米。" in text
    assert "负责单位：建投公司" in text and "注意" not in text


def test_a_point_on_a_line_and_the_lamp_beside_it(park: Path) -> None:
    d = directory(park)
    # on road B, right beside its lamp: the road is at 0 m, the lamp 12 m away
    p = at_place(d, d.matters["light"], 10.002, 0.005)
    assert [c.asset.id for c in p.candidates][:2] == ["road-b", "lamp-b-1"]
    assert p.chosen is not None and p.chosen.distance == 0
    assert p.answer.department == "roads"
    # standing under the lamp: the lamp is nearer than the road
    q = at_place(d, d.matters["light"], 10.002, 0.005 + 11 * M)
    assert q.chosen is not None and q.chosen.asset.id == "lamp-b-1"
    assert q.answer.department == "roads"  # inherited from road B


def test_near_boundary_warning_names_both(park: Path) -> None:
    d = directory(park)
    # 8 m east of road A and 10 m north of road B, by the junction
    p = at_place(d, d.matters["light"], 10.0 + 8 * M, 0.005 + 10 * M)
    assert p.chosen is not None and p.chosen.asset.id == "road-a"
    assert p.rival is not None and p.rival.asset.id == "road-b"
    assert p.answer.department == "builder"
    assert p.rival_answer is not None and p.rival_answer.department == "roads"
    text = place_text(d, p)
    assert ("注意：此处靠近责任边界。可能是A 路（约 8 米，由建投公司负责），也可能是B 路"
            "（约 10 米，由市政处负责）。下面按较近的A 路答复，请与报事人核实具体位置。") in text
    data = place_json(d, p)
    assert data["department"]["id"] == "builder"
    w = data["place"]["boundary_warning"]
    assert w["chosen"] == {"id": "road-a", "name": "A 路", "type": "road", "distance_m": 8.0,
                           "department": "builder"}
    assert w["rival"]["id"] == "road-b" and w["rival"]["department"] == "roads"
    assert w["rival"]["distance_m"] == 10.0


def test_no_warning_when_the_other_body_is_clearly_farther(park: Path) -> None:
    d = directory(park)
    # 5 m from road A, 40 m from road B: 40 > max(5 × 1.25, 5 + 15)
    p = at_place(d, d.matters["light"], 10.0 + 5 * M, 0.005 + 40 * M)
    assert p.chosen is not None and p.chosen.asset.id == "road-a"
    assert p.rival is None
    assert any(c.asset.id == "road-b" for c in p.candidates)


def test_no_warning_between_assets_of_the_same_body(park: Path) -> None:
    d = directory(park)
    # half way between road A and road C (20 m each), both the builder's
    p = at_place(d, d.matters["light"], 10.0 - 20 * M, 0.002)
    assert {c.asset.id for c in p.candidates[:2]} == {"road-a", "road-c"}
    assert p.rival is None


def test_only_the_matters_asset_types_count(park: Path) -> None:
    d = directory(park)
    # inside the kiosk (a facility, 0 m) and 278 m from road B
    p = at_place(d, d.matters["light"], 10.0055, 0.0025, radius=300)
    assert p.chosen is not None and p.chosen.asset.id == "road-b"
    assert all(c.asset.type in ("road", "street-lamp") for c in p.candidates)


def test_nothing_within_the_radius_names_the_nearest_and_falls_back(park: Path) -> None:
    d = directory(park)
    p = at_place(d, d.matters["light"], 10.03, 0.005, radius=150)
    assert p.chosen is None and not p.candidates
    assert p.beyond is not None and p.beyond.asset.id == "road-b"
    assert p.beyond.distance == pytest.approx(0.02 * M_PER_DEG, rel=1e-6)
    assert p.answer.department == "centre" and p.answer.asset is None
    lines = place_text(d, p).splitlines()
    assert lines[:4] == [
        "位置：经度 10.030000，纬度 0.005000（查找半径 150 米）",
        "150 米内没有道路或路灯。",
        "最近的是B 路，约 2224 米外。",
        "下面按未指明地点答复，由首问单位受理并核实位置。"]
    data = place_json(d, p)
    assert data["place"]["status"] == "none_within_radius"
    assert data["place"]["nearest_beyond"]["id"] == "road-b"
    assert data["department"]["id"] == "centre"


def test_a_registry_without_coordinates(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    for a in data["assets"]:
        a.pop("geometry")
    d = directory(write(tmp_path, data))
    p = at_place(d, d.matters["light"], 10.0, 0.0)
    assert p.chosen is None and p.beyond is None
    assert "最近的是" not in place_text(d, p)


def test_parse_at() -> None:
    assert parse_at("106.6258,26.6147") == (106.6258, 26.6147)
    assert parse_at(" -180 , 90 ") == (-180.0, 90.0)
    assert parse_at("106.6258，26.6147") == (106.6258, 26.6147)  # a full-width comma
    for bad in ("", "106.6", "1,2,3", "east,north", "181,0", "0,-90.5", "nan,0", "inf,1",
                "26.6147 106.6258"):
        assert parse_at(bad) is None, bad


# --- the command ----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lookup", *args, "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_at_text_and_json(park: Path, capsys: pytest.CaptureFixture[str]) -> None:
    at = f"{10.0 + 8 * M:.7f},{0.005 + 10 * M:.7f}"
    code, out, err = run(capsys, "路灯不亮", "--at", at, "--registry", str(park))
    assert code == 0 and err == ""
    assert out.startswith("位置：经度 10.000072，纬度 0.005090（查找半径 150 米）\n"
                          "最近的是A 路（道路），距此约 8 米。\n注意：此处靠近责任边界。")
    assert "\n\n事项：路灯不亮\n地点：A 路（道路）\n负责单位：建投公司\n" in out
    code, out, _ = run(capsys, "light", "--at", at, "--radius", "50", "--format", "json",
                       "--registry", str(park))
    data = json.loads(out)
    assert code == 0 and data["status"] == "answered"
    assert data["place"]["radius_m"] == 50 and data["place"]["chosen"]["id"] == "road-a"
    assert data["place"]["boundary_warning"]["rival"]["id"] == "road-b"


def test_cli_at_in_english(park: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "light", "--at", "10.03,0.005", "--lang", "en",
                       "--registry", str(park))
    assert code == 0
    assert out.splitlines()[:3] == [
        "Place: longitude 10.030000, latitude 0.005000 (search radius 150 m)",
        "No road or street lamp within 150 m.",
        "The nearest is B 路, about 2224 m away."]


@pytest.mark.parametrize(("args", "message"), [
    (["--at", "200,1"], "remit lookup：--at 应为“经度,纬度”（WGS84 小数度，经度 -180 到 180，"
     "纬度 -90 到 90），例如 --at 106.6258,26.6147；收到的是“200,1”。"),
    (["--at", "26.6147"], "收到的是“26.6147”。"),
    (["--at", "东经106度,北纬26度"], "收到的是“东经106度,北纬26度”。"),
    (["--at", "nan,1"], "收到的是“nan,1”。"),
    (["--at", "10,0", "--radius", "0"], "remit lookup：--radius 应为 1 到 2000 之间的米数，"
     "例如 --radius 150；收到的是“0”。"),
    (["--at", "10,0", "--radius", "far"], "收到的是“far”。"),
    (["--at", "10,0", "--radius", "5000"], "收到的是“5000”。"),
    (["--at", "10,0", "--asset", "A 路"], "remit lookup：--at 和 --asset 只能用其一"),
    (["--radius", "100"], "remit lookup：--radius 只和 --at 一起使用。"),
])
def test_cli_bad_place_is_a_usage_error(park: Path, capsys: pytest.CaptureFixture[str],
                                        args: list[str], message: str) -> None:
    code, out, err = run(capsys, "路灯不亮", *args, "--registry", str(park))
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_cli_bad_place_speaks_english_for_an_english_request(
        park: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "light", "--at", "10;0", "--lang", "en", "--registry", str(park))
    assert code == 2
    assert err.strip() == ("remit lookup: --at takes LON,LAT (WGS84 decimal degrees, longitude "
                           "-180 to 180, latitude -90 to 90), e.g. --at 106.6258,26.6147; "
                           "got '10;0'.")


def test_cli_at_with_unknown_matter(park: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "完全无关的话", "--at", "10,0", "--registry", str(park))
    assert code == 1 and "没有找到" in out


def test_cli_place_ignored_for_a_fixed_department(park: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "loan", "--at", "10,0.005", "--registry", str(park))
    assert code == 0 and "负责单位：合作银行" in out


# --- the example registry: the dark lamps of road D3 at the junction with road D5 ---------


def test_example_d3_d5_junction_gives_the_boundary_warning(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "路灯不亮", "--at", "106.6259,26.6107", "--registry", str(EXAMPLE))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "最近的是D3 路 2 回路 009 号灯（路灯），距此约 9 米。"
    # named with their roads, which is what a caller recognises
    assert lines[2] == (
        "注意：此处靠近责任边界。可能是综保区 D3 路的D3 路 2 回路 009 号灯（约 9 米，"
        "由明湖新区建设投资有限公司负责），也可能是综保区 D5 路的D5 路照明回路（约 11 米，"
        "由市政管理处负责）。下面按较近的D3 路 2 回路 009 号灯答复，请与报事人核实具体位置。")
    assert "负责单位：明湖新区建设投资有限公司" in out


def test_example_d5_lamps_answer_with_the_municipal_office(
        capsys: pytest.CaptureFixture[str]) -> None:
    # 300 m east along road D5, away from the junction
    code, out, _ = run(capsys, "路灯不亮", "--at", "106.6290,26.6107", "--registry", str(EXAMPLE))
    assert code == 0
    assert "负责单位：市政管理处" in out and "注意" not in out


# --- the spatial index ----------------------------------------------------------------------


def test_spatial_index_cells_hold_every_asset_near_them(park: Path) -> None:
    d = directory(park)
    files, man, stats = build(d, {"road": 0, "street-lamp": 1, "facility": 2}, "sp")
    assert stats.assets == 5 and man["assets"] == 5
    c = 360 / 2 ** man["k"]
    cells = {p: json.loads(b) for p, b in files.items() if p.startswith("sp/c/")}
    # every vertex of every asset is in the cell that covers it
    for a in d.registry.assets:
        shape = shape_of(a.geometry)
        assert shape is not None
        for x1, y1, _, _ in shape.segments:
            key = f"sp/c/{math.floor((x1 + 180) / c)}_{math.floor((y1 + 90) / c)}.json"
            assert a.id in [f[0] for f in cells[key]["f"]], (a.id, key)
    # blocks list exactly the cells that exist
    listed = set()
    for bx, by in man["blocks"]:
        for cx, cy in json.loads(files[f"sp/b/{bx}_{by}.json"]):
            assert (cx // BLOCK, cy // BLOCK) == (bx, by)
            listed.add(f"sp/c/{cx}_{cy}.json")
    assert listed == set(cells)
    again, _, _ = build(directory(park), {"road": 0, "street-lamp": 1, "facility": 2}, "sp")
    assert again == files  # deterministic


def test_spatial_index_across_the_antimeridian(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["assets"] = [{"id": "cable", "name": "海缆", "type": "road", "owner": "roads",
                       "geometry": {"type": "LineString",
                                    "coordinates": [[179.9995, 0.0], [-179.9995, 0.0]]}}]
    d = directory(write(tmp_path, data))
    files, man, _ = build(d, {"road": 0}, "sp")
    cols = 2 ** man["k"]
    xs = {int(p.split("/")[-1].split("_")[0]) for p in files if p.startswith("sp/c/")}
    assert 0 in xs and cols - 1 in xs  # both edge columns, nothing in between
    assert len(xs) == 2
    p = at_place(d, d.matters["light"], -180.0, 10 * M)
    assert p.chosen is not None and p.chosen.distance == pytest.approx(10, abs=0.01)


def test_spatial_index_of_the_example_is_small() -> None:
    d = directory(EXAMPLE)
    files, man, stats = build(d, {}, "sp")
    assert stats.max_cell <= 24_000
    assert len(files["sp/base.json"]) <= 60_000
    base = json.loads(files["sp/base.json"])["f"]
    assert "综保区 D3 路" in [f[0] for f in base] and "综保区 D5 路" in [f[0] for f in base]
    x0, y0, x1, y1 = man["box"]
    assert 106.59 < x0 < x1 < 106.65 and 26.59 < y0 < y1 < 26.62

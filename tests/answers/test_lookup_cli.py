"""``remit lookup``: words to an answer, on the example registry and an English one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.answers.matching import Matcher, compact, query_tokens, units
from generator.answers.routing import route
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "directory")
TODAY = "2026-06-01"
NOW = "2026-06-01T10:00"  # a Monday morning: offices open

ENGLISH = """\
site:
  title: Riverside services
  language: en
departments:
  - id: front-desk
    name: Riverside Service Desk
    aliases: [Service Desk]
    contacts:
      - role: Requests
        phone: "555-0100"
        email: desk@example.org
      - role: Night duty (staff only)
        phone: "555-0199"
        visibility: internal
  - id: city-roads
    name: City Roads Department
    contacts:
      - role: Repairs
        phone: "555-0200"
  - id: developer
    name: Riverside Development Company
    contacts:
      - role: Site office
        phone: "555-0300"
        hours: Mon-Fri 9:00-17:00
  - id: coordination
    name: Coordination Office
    contacts:
      - role: Escalations
        email: escalate@example.org
  - id: jobs-office
    name: Jobs Office
    contacts:
      - role: Hiring help
        phone: "555-0400"
assets:
  - id: elm-road
    name: Elm Road
    aliases: [Elm Rd]
    type: road
    location: North quarter, from the river to the station
    owner: developer
    duties:
      lighting: developer
      maintenance: developer
      cleaning: city-roads
    handover:
      from: developer
      to: city-roads
      status: in-progress
      since: 2025-01-15
      due: 2026-12-31
      interim: developer
  - id: oak-road
    name: Oak Road
    type: road
    location: South quarter
    owner: city-roads
    duties:
      lighting: city-roads
      maintenance: city-roads
      cleaning: city-roads
  - id: oak-lane
    name: Oak Lane
    type: road
    location: South quarter
    owner: city-roads
    duties:
      lighting: city-roads
      maintenance: city-roads
      cleaning: city-roads
matters:
  - id: streetlight-out
    name: Street light out
    aliases: [Broken street lamp]
    keywords: [streetlight, lamp, dark]
    asset_types: [road, street-lamp]
    duty: lighting
    first_contact: front-desk
    time_limit: 3d
    escalation: standard
  - id: pothole
    name: Pothole
    keywords: [road damage, pothole]
    asset_types: [road]
    duty: maintenance
    first_contact: front-desk
    time_limit: 5d
    escalation: standard
  - id: hiring
    name: Hiring workers
    keywords: [jobs, recruitment]
    handled_by: jobs-office
    first_contact: front-desk
    time_limit: 10 working days
    escalation: standard
escalation:
  - id: standard
    name: Standard ladder
    levels:
      - after: 0d
        who: front-desk
        action: Log the request and call the body in charge
      - after: 5d
        who: coordination
        action: Raise it with the body's head
"""


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("english")
    (folder / "departments.yaml").write_text(ENGLISH, encoding="utf-8")
    return str(folder)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lookup", *args, "--today", TODAY, "--now", NOW])
    out, err = capsys.readouterr()
    return code, out, err


# --- the example registry -----------------------------------------------------------------


@pytest.mark.parametrize("place", ["D3", "D3路", "D3 路", "Ｄ３路", "road-d3", "综保区 D3 路"])
def test_d3_street_light_goes_to_the_builder_with_the_handover_reason(
        capsys: pytest.CaptureFixture[str], place: str) -> None:
    code, out, _ = run(capsys, "路灯不亮", "--asset", place, "--registry", EXAMPLE)
    assert code == 0
    lines = out.splitlines()
    # first what to do now, in one line, with the reason in one phrase
    assert lines[0] == ("现在请致电明湖新区建设投资有限公司（工程管理部）：电话 0851-0000-0161。"
                        "综保区 D3 路的“照明”移交完成前由它临时负责。")
    assert lines[1] == ""
    assert lines[2] == "事项：路灯不亮"
    assert lines[3] == "地点：综保区 D3 路（道路）"
    assert lines[4] == "负责单位：明湖新区建设投资有限公司"
    assert ("  工程管理部：电话 0851-0000-0161，邮箱 ci-engineering@example.org，"
            "地址 明湖新区建投大厦 6 楼，工作日 9:00-17:30（正在办公）") in lines
    assert "办理时限：3 个工作日" in lines
    # the road itself is handed over; the reason says that its lighting is not
    assert ("  2. 综保区 D3 路的“照明”职责尚未移交给市政管理处（移交逾期，自2024-01-10起，"
            "应于2025-06-30前完成），在验收之前由过渡期责任单位明湖新区建设投资有限公司"
            "负责。") in lines
    assert "逾期未办结时的升级路径（标准升级路径）：" in lines
    level2 = "  第 2 级，5 个工作日后：营商环境建设办公室（电话 0851-0000-0011）"
    assert any(x.startswith(level2) for x in lines)


def test_words_people_use_for_the_matter(capsys: pytest.CaptureFixture[str]) -> None:
    for words in ("路灯坏了", "streetlight-out", "路灯", "D3路的路灯坏了怎么办"):
        code, out, _ = run(capsys, words, "--asset", "D3路", "--registry", EXAMPLE)
        assert code == 0, words
        assert out.splitlines()[2] == "事项：路灯不亮", words


def test_json_answer_matches_routing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "路灯不亮", "--asset", "road-b2", "--format", "json",
                       "--registry", EXAMPLE)
    assert code == 0
    data = json.loads(out)
    r, _ = load(EXAMPLE)
    import datetime as dt

    d = Directory(r, today=dt.date.fromisoformat(TODAY))
    ans = route(d, d.matters["streetlight-out"], d.assets["road-b2"])
    assert data["status"] == "answered"
    assert data["department"]["id"] == "construction-investment"
    assert data["reasons"] == list(ans.reasons)
    assert data["dispute"]["id"] == "d-road-b2-lighting"
    assert data["handover"]["state"] == "disputed"
    assert [lv["after"] for lv in data["escalation"]["levels"]] == ["0d", "5 working days",
                                                                 "15 working days"]


def test_internal_contacts_are_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "json"):
        code, out, _ = run(capsys, "路灯不亮", "--format", fmt, "--registry", EXAMPLE)
        assert code == 0
        assert "企业服务中心" in out
        assert "0851-0000-0901" not in out  # the service centre's internal night line


def test_matter_with_a_fixed_handler_ignores_the_place(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "贷款", "--asset", "no such place", "--registry", EXAMPLE)
    assert code == 0
    assert "负责单位：财政金融办公室" in out
    assert "「融资贷款」统一由财政金融办公室办理，与具体资产无关。" in out


def test_ambiguous_place_lists_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "路灯不亮", "--asset", "照明回路", "--registry", EXAMPLE)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "“照明回路”对应多个地点，请用编号或完整名称指明其中一个："
    ids = [x.split()[0] for x in lines[1:]]
    assert {"slc-d3-1", "slc-d3-2", "slc-b2-1", "slc-baoshui-1"} <= set(ids)
    code, out, _ = run(capsys, "路灯不亮", "--asset", "照明回路", "--format", "json",
                       "--registry", EXAMPLE)
    data = json.loads(out)
    assert code == 1
    assert data["status"] == "ambiguous" and data["field"] == "asset"
    assert data["candidates"][0]["score"] == data["candidates"][1]["score"]


def test_unknown_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "火星移民", "--registry", EXAMPLE)
    assert code == 1
    assert out == ("没有找到与“火星移民”相符的事项。\n"
                   "不确定找谁时，请先致电企业服务中心：电话 0851-0000-0001。\n")
    code, out, _ = run(capsys, "路灯不亮", "--asset", "月球背面", "--registry", EXAMPLE)
    assert code == 1
    assert out.startswith("没有找到与“月球背面”相符的地点。")


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        main(["lookup"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["lookup", "路灯不亮", "--format", "xml", "--registry", EXAMPLE])
    assert e.value.code == 2
    assert main(["lookup", "路灯不亮", "--registry", str(tmp_path / "missing")]) == 2
    assert main(["lookup", "  ", "--registry", EXAMPLE]) == 2
    capsys.readouterr()


def test_registry_with_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text("site: {title: x}\ndepartments: [{id: A}]\n",
                                               encoding="utf-8")
    code, out, err = run(capsys, "x", "--registry", str(tmp_path))
    assert code == 1
    assert out == ""
    assert "departments.yaml:" in err


def test_the_installed_command(tmp_path: Path) -> None:
    """The real console script, as a hotline operator would run it."""
    exe = Path(sys.executable).parent / "remit"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]
    p = subprocess.run([*cmd, "lookup", "路灯不亮", "--asset", "D3", "--registry", EXAMPLE],
                       capture_output=True, text=True, encoding="utf-8", check=False)
    assert p.returncode == 0, p.stderr
    assert "负责单位：明湖新区建设投资有限公司" in p.stdout
    p = subprocess.run([*cmd, "lookup", "路灯不亮", "--asset", "照明回路", "--registry", EXAMPLE],
                       capture_output=True, text=True, encoding="utf-8", check=False)
    assert p.returncode == 1
    p = subprocess.run([*cmd, "lookup", "--registry", EXAMPLE], capture_output=True, text=True,
                       encoding="utf-8", check=False)
    assert p.returncode == 2


# --- an English registry ------------------------------------------------------------------


def test_english_query_on_an_english_registry(capsys: pytest.CaptureFixture[str],
                                              english: str) -> None:
    code, out, _ = run(capsys, "street light out", "--asset", "elm road", "--registry", english)
    assert code == 0
    assert out.splitlines()[:8] == [
        "Call Riverside Development Company (Site office) now: phone 555-0300. It answers for "
        "Elm Road until the handover is done.",
        "",
        "Request: Street light out",
        "Place: Elm Road (road)",
        "Answered by: Riverside Development Company",
        "  Site office: phone 555-0300, hours Mon-Fri 9:00-17:00 (open now)",
        "Time limit: 3 days",
        "First contact: Riverside Service Desk (phone 555-0100)",
    ]
    assert ("  2. Elm Road has not been handed over to City Roads Department (in progress, since "
            "2025-01-15, due 2026-12-31), so its lighting duty stays with the interim body, "
            "Riverside Development Company, until acceptance.") in out.splitlines()
    assert "  Level 2, after 5 days: Coordination Office (email escalate@example.org): Raise " \
           "it with the body's head" in out.splitlines()
    assert "555-0199" not in out


def test_english_words(capsys: pytest.CaptureFixture[str], english: str) -> None:
    for matter, place in (("broken street lamp", "Elm Rd"), ("streetlight", "elm"),
                          ("STREET LIGHT OUT", "elm-road"), ("dark", "river to the station")):
        code, out, _ = run(capsys, matter, "--asset", place, "--registry", english)
        assert code == 0, (matter, place, out)
        assert "Answered by: Riverside Development Company" in out
    code, out, _ = run(capsys, "pothole", "--asset", "oak road", "--registry", english)
    assert code == 0 and "Answered by: City Roads Department" in out


def test_english_ambiguity(capsys: pytest.CaptureFixture[str], english: str) -> None:
    code, out, _ = run(capsys, "pothole", "--asset", "oak", "--registry", english)
    assert code == 1
    assert out.splitlines() == [
        "“oak” matches more than one place; name one by its id or full name:",
        "  oak-lane  Oak Lane (road, South quarter)",
        "  oak-road  Oak Road (road, South quarter)",
    ]


def test_english_fixed_handler(capsys: pytest.CaptureFixture[str], english: str) -> None:
    code, out, _ = run(capsys, "jobs", "--registry", english)
    assert code == 0
    assert "Hiring workers is handled by Jobs Office whatever the asset." in out


# --- matching on its own ----------------------------------------------------------------


def test_normalisation_and_units() -> None:
    assert compact(" Ｄ３ 路\u3000") == "d3路"
    assert units("路灯不亮") == ["路灯", "灯不", "不亮"]
    assert units("D3 路") == ["d3", "路"]
    assert query_tokens("ld-000123") == ["ld-000123", "000123", "ld"]
    assert query_tokens("梅春南路路灯") == ["梅春南路路灯", "梅春", "路灯", "春南", "路路", "南路"]


def test_matcher_prefers_the_matter_asset_types() -> None:
    r, _ = load(EXAMPLE)
    d = Directory(r)
    mt = Matcher(d)
    res = mt.assets("D3", d.matters["streetlight-out"].asset_types)
    assert res.chosen is not None and res.chosen.id == "road-d3"
    assert [c.id for c in res.candidates[:3]] == ["road-d3", "road-d3-s1", "road-d3-s2"]
    # the best match for 路灯 is a metering point, but street-light assets match too: ask
    lights = d.matters["streetlight-out"].asset_types
    res = mt.assets("路灯", lights)
    assert res.chosen is None and res.ambiguous
    assert res.candidates[0].id == "meter-slc-d3"
    assert {c.doc.type for c in res.candidates[1:]} == {"street-light-circuit"}
    assert mt.assets("路灯").chosen.id == "meter-slc-d3"  # type: ignore[union-attr]
    assert mt.matters("路灯").chosen.id == "streetlight-out"  # type: ignore[union-attr]
    assert mt.matters("电费太贵").chosen.id == "electricity-cost"  # type: ignore[union-attr]


def test_a_matter_with_an_online_guide_gives_its_address(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "用电报装", "--registry", EXAMPLE)
    assert code == 0
    assert "办事指南：https://zwfw.example.org/guide/power-connection" in out.splitlines()
    code, out, _ = run(capsys, "用电报装", "--format", "json", "--registry", EXAMPLE)
    assert json.loads(out)["matter"]["url"] == "https://zwfw.example.org/guide/power-connection"
    code, out, _ = run(capsys, "贷款", "--format", "json", "--registry", EXAMPLE)
    assert "url" not in json.loads(out)["matter"]

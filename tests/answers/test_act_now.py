"""What to do now: the answer's first line, open now / closed now at fixed times, the
out-of-hours contact of an urgent matter, relevant contacts, stale marks, the fallback
when nothing matches, and the check's warning when an urgent matter has nobody at night."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.checks.findings import run_checks
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

MONDAY_10 = "2026-06-01T10:00"
SATURDAY_NIGHT = "2026-06-06T22:30"

REGISTRY = """\
site:
  title: 园区
  fallback: hotline
departments:
  - id: hotline
    name: 服务热线
    contacts:
      - role: 热线
        phone: "0851-0000-0001"
        hours: 工作日 8:00-20:00
        verified: 2026-05-01
  - id: centre
    name: 企业服务中心
    contacts:
      - role: 窗口
        phone: "0851-0000-0010"
        hours: 工作日 9:00-17:30
        verified: 2026-05-01
      - role: 夜间值班
        phone: "0851-0000-0011"
        hours: 17:30 至次日 9:00，节假日全天
        verified: 2026-05-01
  - id: operator
    name: 园区运营公司
    contacts:
      - role: 物业
        phone: "0851-0000-0020"
        hours: Mo-Fr 09:00-17:30; PH off
        verified: 2024-01-01
      - role: 厂房招租
        phone: "0851-0000-0021"
        hours: 工作日 9:00-17:30
        serves: [leasing]
        verified: 2026-05-01
matters:
  - id: outage
    name: 停电
    handled_by: operator
    first_contact: centre
    time_limit: 4h
  - id: leasing
    name: 厂房租赁
    handled_by: operator
    first_contact: centre
    time_limit: 5d
  - id: noise
    name: 噪声扰民
    handled_by: hotline
    urgent: true
"""


@pytest.fixture()
def reg(tmp_path: Path) -> Path:
    (tmp_path / "departments.yaml").write_text(textwrap.dedent(REGISTRY), encoding="utf-8")
    return tmp_path


def ask(capsys: pytest.CaptureFixture[str], reg: Path, *args: str) -> list[str]:
    main(["lookup", *args, "--registry", str(reg), "--today", "2026-06-01"])
    return capsys.readouterr().out.splitlines()


def test_open_now_the_first_line_says_whom_to_call_and_why(
        capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    lines = ask(capsys, reg, "停电", "--now", MONDAY_10)
    assert lines[0] == "现在请致电园区运营公司（物业）：电话 0851-0000-0020。「停电」由它办理。"
    assert ("  物业：电话 0851-0000-0020，Mo-Fr 09:00-17:30; PH off（正在办公）"
            "（882 天前核实，可能已变化）") in lines
    # the leasing line serves only leasing: not in a power cut's answer
    assert not any("厂房招租" in x for x in lines)
    lines = ask(capsys, reg, "厂房租赁", "--now", MONDAY_10)
    assert any(x.startswith("  厂房招租：电话 0851-0000-0021") for x in lines)


def test_an_urgent_matter_at_night_names_who_answers_out_of_hours(
        capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    lines = ask(capsys, reg, "停电", "--now", SATURDAY_NIGHT)
    assert lines[0] == ("园区运营公司现在不在办公时间（周一 9:00 起办公）；紧急情况现在请致电"
                        "企业服务中心（夜间值班）：电话 0851-0000-0011。「停电」由它办理。")
    assert "非办公时间：企业服务中心" in lines
    assert "  夜间值班：电话 0851-0000-0011，17:30 至次日 9:00，节假日全天（正在办公）" in lines


def test_a_matter_that_can_wait_says_when_to_call(
        capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    lines = ask(capsys, reg, "厂房租赁", "--now", SATURDAY_NIGHT)
    assert lines[0] == ("园区运营公司现在不在办公时间，周一 9:00 起请致电（物业）：电话 "
                        "0851-0000-0020。「厂房租赁」由它办理。")
    assert not any(x.startswith("非办公时间") for x in lines)


def test_the_answer_as_data(capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    main(["lookup", "停电", "--registry", str(reg), "--today", "2026-06-01", "--now",
          SATURDAY_NIGHT, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["urgent"] is True
    assert out["call"]["department"] == "centre" and out["call"]["after_hours"] is True
    assert out["call"]["opens"] == "2026-06-08T09:00"
    assert out["call"]["contact"]["role"] == "夜间值班"
    assert [c["role"] for c in out["department"]["contacts"]] == ["物业"]
    assert out["department"]["contacts"][0]["stale_days"] == 882
    assert out["department"]["contacts"][0]["open_now"] is False


def test_no_match_gives_the_fallback(capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    lines = ask(capsys, reg, "火星移民", "--now", MONDAY_10)
    assert lines == ["没有找到与“火星移民”相符的事项。",
                     "不确定找谁时，请先致电服务热线：电话 0851-0000-0001。"]


def test_the_check_warns_when_an_urgent_matter_has_nobody_at_night(reg: Path) -> None:
    d = Directory(load(reg)[0])
    found = [f for f in run_checks(d) if f.kind == "urgent-no-after-hours"]
    # the power cut has the centre's night line; the noise complaint goes to the hotline,
    # open weekdays only, and nothing else answers at night
    assert [f.id for f in found] == ["noise"]
    assert found[0].text("zh").startswith(
        "事项「噪声扰民」是紧急事项，但非办公时间没有人接：服务热线没有全天或夜间的联系方式")
    assert found[0].diagnostic.line == 49  # urgent: true


def test_bad_now_is_a_usage_error(capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lookup", "停电", "--registry", str(reg), "--now", "tonight"])
    assert exc.value.code == 2
    assert "'tonight' is no local time; write YYYY-MM-DDTHH:MM" in capsys.readouterr().err

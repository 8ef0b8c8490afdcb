"""Every routing rule of REGISTRY.md ("Routing"), each with the reasons it gives.

Each test writes a small registry into a temporary folder, loads it with the real loader
and routes with :func:`generator.answers.routing.route`.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.answers.routing import Answer, answer_json, answer_text, route
from generator.cli import main
from generator.diagnostics import ERROR
from generator.directory import Directory
from generator.load.registry import load

TODAY = dt.date(2026, 6, 1)
EXAMPLE = Path(__file__).resolve().parents[2] / "directory"

BASE: dict[str, Any] = {
    "site": {"title": "测试", "language": "zh"},
    "departments": [
        {"id": "centre", "name": "服务中心",
         "contacts": [{"role": "受理", "phone": "0851-0000-0001"},
                      {"role": "内部值班", "phone": "0851-0000-0999", "visibility": "internal"}]},
        {"id": "builder", "name": "建投公司",
         "contacts": [{"role": "工程部", "phone": "0851-0000-0002", "email": "b@example.org"}]},
        {"id": "roads", "name": "市政处",
         "contacts": [{"role": "报修", "phone": "0851-0000-0003"}]},
        {"id": "power", "name": "供电局",
         "contacts": [{"role": "热线", "phone": "0851-0000-0004"}]},
        {"id": "office", "name": "营商办",
         "contacts": [{"role": "督办", "phone": "0851-0000-0005"}]},
        {"id": "bank", "name": "合作银行",
         "contacts": [{"role": "客户经理", "phone": "0851-0000-0006"}]},
    ],
    "assets": [],
    "matters": [
        {"id": "light", "name": "路灯不亮", "asset_types": ["road", "road-section", "street-lamp"],
         "duty": "lighting", "first_contact": "centre", "time_limit": "3d", "escalation": "std"},
        {"id": "loan", "name": "融资贷款", "handled_by": "bank", "first_contact": "centre",
         "time_limit": "10 working days", "escalation": "std"},
    ],
    "escalation": [
        {"id": "std", "name": "标准路径", "levels": [
            {"after": "0d", "who": "centre", "action": "受理"},
            {"after": "5d", "who": "office", "action": "协调"},
            {"after": "15d", "who": ["office", "roads"], "action": "会商"}]},
    ],
}

TAIL = ["办理时限：3 天。", "超过时限未解决的，按「标准路径」逐级上报。"]


def make(tmp_path: Path, assets: list[dict[str, Any]] | None = None,
         matters: list[dict[str, Any]] | None = None, disputes: list[dict[str, Any]] | None = None,
         lang: str = "zh") -> Directory:
    reg = copy.deepcopy(BASE)
    reg["site"]["language"] = lang
    reg["assets"] = assets or []
    if matters is not None:
        reg["matters"] = matters
    if disputes:
        reg["disputes"] = disputes
    text = yaml.safe_dump(reg, allow_unicode=True, sort_keys=False)
    (tmp_path / "departments.yaml").write_text(text, encoding="utf-8")
    r, diags = load(tmp_path)
    errors = [x.text() for x in diags if x.severity == ERROR]
    assert not errors, errors
    return Directory(r, today=TODAY)


def go(d: Directory, matter: str, asset: str | None = None, lang: str | None = None) -> Answer:
    return route(d, d.matters[matter], d.assets[asset] if asset else None, lang)


ROAD = {"id": "road-a", "name": "A 路", "type": "road", "owner": "builder"}


def road(**extra: Any) -> dict[str, Any]:
    return {**ROAD, **extra}


# --- rule 1: handled_by -------------------------------------------------------------------


def test_handled_by_answers_whatever_the_asset(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})])
    for asset in (None, "road-a"):
        ans = go(d, "loan", asset)
        assert ans.department == "bank"
        assert ans.reasons == ("「融资贷款」统一由合作银行办理，与具体资产无关。",
                               "办理时限：10 个工作日。",
                               "超过时限未解决的，按「标准路径」逐级上报。")
        assert not ans.gap
        assert [c.phone for c in ans.contacts] == ["0851-0000-0006"]


# --- rule 2: duty holder, inheritance, owner ---------------------------------------------


def test_duty_held_directly(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.holders == ("roads",)
    assert ans.reasons == ("A 路的“照明”职责由市政处承担。", *TAIL)


def test_duty_inherited_from_the_parent(tmp_path: Path) -> None:
    d = make(tmp_path, [
        road(duties={"lighting": "roads"}),
        {"id": "road-a-s1", "name": "A 路南段", "type": "road-section", "part_of": "road-a"},
        {"id": "lamp-1", "name": "A 路 1 号灯", "type": "street-lamp", "part_of": "road-a-s1",
         "duties": {"maintenance": "power"}},
    ])
    ans = go(d, "light", "lamp-1")
    assert ans.department == "roads"
    assert ans.reasons == ("A 路 1 号灯属于A 路，“照明”职责沿用A 路的安排，由市政处承担。", *TAIL)


def test_shared_duty_with_a_split(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": {"by": ["roads", "builder"],
                                                  "split": "按灯数分摊"}})])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.holders == ("roads", "builder")
    assert not ans.gap
    assert ans.reasons[0] == ("A 路的“照明”职责由市政处、建投公司共同承担（按灯数分摊），"
                              "由列在首位的市政处牵头答复。")


def test_shared_duty_without_a_split_is_a_gap(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": {"by": ["roads", "builder"]}})])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.gap
    assert ans.reasons[0] == ("A 路的“照明”职责由市政处、建投公司共同承担，但没有写明如何分工，"
                              "暂由列在首位的市政处答复。这是一个责任空白。")


def test_owner_answers_when_nobody_holds_the_duty(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"maintenance": "roads"})])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert not ans.gap
    assert ans.reasons == ("A 路没有写明“照明”职责由谁承担，由产权单位建投公司负责。", *TAIL)


def test_owner_inherited_from_the_parent(tmp_path: Path) -> None:
    d = make(tmp_path, [road(), {"id": "road-a-s1", "name": "A 路南段", "type": "road-section",
                                 "part_of": "road-a"}])
    ans = go(d, "light", "road-a-s1")
    assert ans.department == "builder"
    assert ans.reasons[0] == ("A 路南段没有写明“照明”职责由谁承担，也没有写明产权单位，"
                              "沿用A 路的产权单位建投公司。")


def test_nobody_and_no_owner_goes_to_the_first_contact_as_a_gap(tmp_path: Path) -> None:
    d = make(tmp_path, [{"id": "road-x", "name": "X 路", "type": "road"}])
    ans = go(d, "light", "road-x")
    assert ans.department == "centre"
    assert ans.gap
    assert ans.reasons[0] == ("X 路既没有写明“照明”职责由谁承担，也没有产权单位：这是一个责任空白，"
                              "由首问单位服务中心受理并协调。")


def test_nobody_and_no_first_contact(tmp_path: Path) -> None:
    matters = [{"id": "light", "name": "路灯不亮", "asset_types": ["road"], "duty": "lighting",
                "time_limit": "3d"}]
    d = make(tmp_path, [{"id": "road-x", "name": "X 路", "type": "road"}], matters)
    ans = go(d, "light", "road-x")
    assert ans.department is None
    assert ans.gap
    assert ans.contacts == ()
    assert ans.reasons == ("X 路既没有写明“照明”职责由谁承担，也没有产权单位：这是一个责任空白，"
                           "无人可答复。", "办理时限：3 天。")


def test_no_asset_given(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})])
    ans = go(d, "light")
    assert ans.department == "centre"
    assert ans.reasons[0] == ("「路灯不亮」由资产上“照明”职责的承担单位负责；未指明资产，"
                              "先由首问单位服务中心受理并转办。")
    # internal contacts never reach an answer
    assert [c.phone for c in ans.contacts] == ["0851-0000-0001"]


def test_no_asset_and_no_first_contact(tmp_path: Path) -> None:
    matters = [{"id": "light", "name": "路灯不亮", "asset_types": ["road", "street-lamp"],
                "duty": "lighting"}]
    d = make(tmp_path, [road()], matters)
    ans = go(d, "light")
    assert ans.department is None
    assert ans.reasons == ("「路灯不亮」由资产上“照明”职责的承担单位负责；"
                           "请指明是哪一处资产（道路、路灯）。",)


def test_asset_of_another_type_is_answered_with_a_note(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"}),
                        {"id": "pipe", "name": "A 路水管", "type": "water-line",
                         "part_of": "road-a"}])
    ans = go(d, "light", "pipe")
    assert ans.department == "roads"
    assert ans.reasons[0] == ("注意：A 路水管是供水管线，不在「路灯不亮」涉及的资产类型"
                              "（道路、路段、路灯）之内；以下仍按该资产的职责答复。")
    assert ans.reasons[1] == "A 路水管属于A 路，“照明”职责沿用A 路的安排，由市政处承担。"


# --- rule 3: handovers --------------------------------------------------------------------


def handover(**extra: Any) -> dict[str, Any]:
    return {"from": "builder", "to": "roads", "status": "in-progress", "since": "2024-01-10",
            "due": "2026-12-31", **extra}


def test_handover_in_progress_the_interim_answers(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"},
                             handover=handover(interim="builder"))])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.holders == ("roads",)
    assert not ans.gap
    assert ans.handover is not None and ans.handover[0].id == "road-a"
    assert ans.reasons == (
        "A 路的“照明”职责由市政处承担。",
        "A 路尚未移交给市政处（移交中，自2024-01-10起，应于2026-12-31前完成），所以该资产的“照明”"
        "职责在验收之前由过渡期责任单位建投公司负责。", *TAIL)


def test_handover_overdue_is_said_so(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "builder"},
                             handover=handover(interim="builder", due="2025-06-30"))])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.reasons[1] == ("A 路尚未移交给市政处（移交逾期，自2024-01-10起，"
                              "应于2025-06-30前完成），所以该资产的“照明”职责在验收之前"
                              "由过渡期责任单位建投公司负责。")


@pytest.mark.parametrize(("status", "word"), [("planned", "计划移交"), ("disputed", "有争议")])
def test_handover_states(tmp_path: Path, status: str, word: str) -> None:
    d = make(tmp_path, [road(duties={"lighting": "builder"},
                             handover=handover(interim="builder", status=status))])
    assert f"（{word}，自2024-01-10起" in go(d, "light", "road-a").reasons[1]


def test_handover_without_interim_the_builder_answers_as_a_gap(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"}, handover=handover(since=None))])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.gap
    assert ans.reasons[1] == ("A 路尚未移交给市政处（移交中，应于2026-12-31前完成），"
                              "又没有指定过渡期责任单位，所以该资产的“照明”职责暂由移交方"
                              "建投公司负责。这是一个责任空白。")


def test_accepted_handover_changes_nothing_but_is_mentioned(tmp_path: Path) -> None:
    d = make(tmp_path, [road(owner="roads", duties={"lighting": "roads"},
                             handover=handover(status="accepted", since="2022-03-01"))])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.handover is None
    assert ans.reasons == ("A 路的“照明”职责由市政处承担。",
                           "A 路已于2022-03-01移交给市政处。", *TAIL)


def test_accepted_handover_with_the_duty_still_on_the_builder_says_so_once(
        tmp_path: Path) -> None:
    """Accepted on paper, the duty still recorded on the builder: the registry is the source
    of truth, so the builder answers, in one reason that names the inconsistency (not "held
    by the builder" and "handed over" side by side)."""
    d = make(tmp_path, [road(duties={"lighting": "builder"},
                             handover=handover(status="accepted"))])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder" and ans.holders == ("builder",)
    assert ans.handover is None and not ans.gap
    assert ans.reasons == (
        "A 路已登记为移交给市政处（已验收），但“照明”职责仍登记在建投公司名下：请联系建投公司，"
        "并报告这一登记不一致。", *TAIL)
    assert go(d, "light", "road-a", "en").reasons[0] == (
        "A 路 is recorded as handed over to 市政处 (accepted), but its lighting duty is still "
        "recorded on 建投公司: ask 建投公司, and report the inconsistency.")
    # a part of the road inherits the duty and the handover: the same one reason
    d = make(tmp_path, [road(duties={"lighting": "builder"},
                             handover=handover(status="accepted")),
                        {"id": "road-a-s1", "name": "A 路南段", "type": "road-section",
                         "part_of": "road-a"}])
    assert go(d, "light", "road-a-s1").reasons[0].startswith("A 路已登记为移交给市政处（已验收）")


def test_accepted_handover_with_a_shared_duty_keeps_the_split(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": {"by": ["builder", "power"],
                                                  "split": "建投公司负责电费"}},
                             handover=handover(status="accepted"))])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.reasons[0].startswith("A 路的“照明”职责由建投公司、供电局共同承担")
    assert ans.reasons[1].startswith("A 路已登记为移交给市政处（已验收），但“照明”职责仍登记")
    assert "移交给市政处。" not in "".join(ans.reasons)


def test_accepted_handover_of_other_duties_says_nothing_of_them(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "builder"},
                             handover=handover(status="accepted", since="2022-03-01",
                                               duties=["maintenance"]))])
    assert go(d, "light", "road-a").reasons == ("A 路的“照明”职责由建投公司承担。", *TAIL)


def test_example_d3_accepted_but_duties_left_alone(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The case this project exists for: the D3 road's lighting handover marked accepted,
    its duties left on the construction company. The lookup names the recorded holder with
    one reason that says so; `remit check` reports the stale duties at their line."""
    reg = tmp_path / "directory"
    shutil.copytree(EXAMPLE, reg)
    roads = reg / "assets-roads.yaml"
    text = roads.read_text(encoding="utf-8")
    block = ("        duties: [lighting, energy-bill]\n        status: in-progress\n"
             "        since: 2024-01-10\n        due: 2025-06-30\n")
    assert text.count(block) == 1
    roads.write_text(text.replace(block, block.replace("in-progress", "accepted")),
                     encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.strip() == "- id: road-d3")
    duty_line = next(i for i, x in enumerate(text.splitlines(), 1)
                     if i > line and x.strip().startswith("lighting:"))

    assert main(["lookup", "路灯不亮", "--asset", "D3路", "--registry", str(reg),
                 "--today", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "负责单位：明湖新区建设投资有限公司" in out
    assert ("  1. 综保区 D3 路的“照明”职责已登记为移交给市政管理处（已验收），但仍登记在"
            "明湖新区建设投资有限公司名下：请联系明湖新区建设投资有限公司，并报告这一登记不一致。"
            ) in out
    assert "职责由明湖新区建设投资有限公司承担" not in out and "已于2024-01-10移交" not in out

    assert main(["check", "--today", "2026-01-01", "--lang", "en", str(reg)]) == 0
    found = [x for x in capsys.readouterr().out.splitlines()
             if x.endswith("[handover-stale-duties]")]
    assert found == [
        f"{roads}:{duty_line}:17: warning: assets[road-d3].duties.lighting: handover of "
        "'road-d3' from 'construction-investment' to 'municipal-roads' is accepted but its "
        "duties lighting, energy-bill are still held by 'construction-investment'; move the "
        "duties to 'municipal-roads', or set the status back [handover-stale-duties]"]


def test_handover_of_other_duties_does_not_apply(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"},
                             handover=handover(duties=["maintenance"]))])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.reasons == ("A 路的“照明”职责由市政处承担。", *TAIL)


# --- several handovers on one asset: by duty, and history ----------------------------------

FIX = {"id": "fix", "name": "道路破损", "asset_types": ["road", "road-section"],
       "duty": "maintenance", "first_contact": "centre", "time_limit": "3d",
       "escalation": "std"}


def two_handovers(**lighting: Any) -> dict[str, Any]:
    """A road whose maintenance went to the roads office (accepted) while its lighting is
    still being handed over, the builder answering meanwhile."""
    return road(duties={"maintenance": "roads", "lighting": "builder"}, handovers=[
        handover(duties=["maintenance"], status="accepted", since="2025-10-28", due=None),
        handover(**{"duties": ["lighting"], "interim": "builder", **lighting})])


def test_two_handovers_by_duty_each_duty_follows_its_own(tmp_path: Path) -> None:
    d = make(tmp_path, [two_handovers()], matters=[*BASE["matters"], FIX])
    light = go(d, "light", "road-a")
    assert light.department == "builder" and not light.gap
    assert light.handover is not None and light.handover[1].duties == ("lighting",)
    assert light.reasons == (
        "A 路的“照明”职责由建投公司承担。",
        "A 路的“照明”职责尚未移交给市政处（移交中，自2024-01-10起，应于2026-12-31前完成），"
        "在验收之前由过渡期责任单位建投公司负责。", *TAIL)
    assert light.why == "A 路的“照明”移交完成前由它临时负责"
    fix = go(d, "fix", "road-a")
    assert fix.department == "roads" and fix.handover is None and not fix.gap
    assert fix.reasons == ("A 路的“养护维修”职责由市政处承担。",
                           "A 路的“养护维修”职责已于2025-10-28移交给市政处。", *TAIL)
    assert go(d, "light", "road-a", "en").reasons[1] == (
        "The lighting duty on A 路 has not been handed over to 市政处 (in progress, since "
        "2024-01-10, due 2026-12-31), so it stays with the interim body, 建投公司, until "
        "acceptance.")
    # without an interim body the builder answers for the lighting, a gap; the maintenance
    # is not touched by it
    d = make(tmp_path, [two_handovers(interim=None)], matters=[*BASE["matters"], FIX])
    light = go(d, "light", "road-a")
    assert light.gap and light.department == "builder"
    assert light.reasons[1] == (
        "A 路的“照明”职责尚未移交给市政处（移交中，自2024-01-10起，应于2026-12-31前完成），"
        "又没有指定过渡期责任单位，所以暂由移交方建投公司负责。这是一个责任空白。")
    assert go(d, "fix", "road-a").department == "roads"


def test_an_earlier_handover_of_the_duty_is_history(tmp_path: Path) -> None:
    """Lighting went to the power bureau in 2024 (accepted), then to the roads office in
    2026 (in progress): the later one applies, whatever the order in the file; the earlier
    one is not named."""
    first = handover(duties=["lighting"], to="power", status="accepted", since="2024-03-01",
                     due=None)
    later = {**handover(duties=["lighting"], interim="power", since="2026-02-01"),
             "from": "power"}
    for order in ([first, later], [later, first]):
        d = make(tmp_path, [road(duties={"lighting": "power"}, handovers=order)])
        ans = go(d, "light", "road-a")
        assert ans.department == "power"
        assert ans.handover is not None and ans.handover[1].to == "roads"
        assert ans.reasons == (
            "A 路的“照明”职责由供电局承担。",
            "A 路的“照明”职责尚未移交给市政处（移交中，自2026-02-01起，应于2026-12-31前完成），"
            "在验收之前由过渡期责任单位供电局负责。", *TAIL)
        assert "2024-03-01" not in "".join(ans.reasons)
    # once the later one is accepted, it is the one said
    accepted = {**later, "status": "accepted"}
    d = make(tmp_path, [road(duties={"lighting": "roads"}, handovers=[first, accepted])])
    assert go(d, "light", "road-a").reasons == (
        "A 路的“照明”职责由市政处承担。", "A 路的“照明”职责已于2026-02-01移交给市政处。", *TAIL)


def test_undated_handovers_keep_their_place_in_the_file(tmp_path: Path) -> None:
    """A handover without since counts as dated like the one above it: written last, it
    is the latest."""
    a = handover(duties=["lighting"], status="planned", since=None, due=None, interim="roads")
    b = handover(duties=["lighting"], status="planned", since=None, due=None,
                 interim="builder")
    d = make(tmp_path, [road(duties={"lighting": "roads"}, handovers=[a, b])])
    assert go(d, "light", "road-a").department == "builder"
    d = make(tmp_path, [road(duties={"lighting": "roads"}, handovers=[b, a])])
    assert go(d, "light", "road-a").department == "roads"


def test_a_single_handover_in_a_list_routes_as_handover(tmp_path: Path) -> None:
    one = make(tmp_path, [road(duties={"lighting": "roads"},
                               handover=handover(interim="builder"))])
    listed = make(tmp_path, [road(duties={"lighting": "roads"},
                                  handovers=[handover(interim="builder")])])
    assert go(one, "light", "road-a").reasons == go(listed, "light", "road-a").reasons


def test_handover_of_the_parent_covers_its_parts(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"},
                             handover=handover(interim="builder", duties=["lighting"])),
                        {"id": "road-a-s1", "name": "A 路南段", "type": "road-section",
                         "part_of": "road-a"}])
    ans = go(d, "light", "road-a-s1")
    assert ans.department == "builder"
    assert ans.reasons[0] == "A 路南段属于A 路，“照明”职责沿用A 路的安排，由市政处承担。"
    assert ans.reasons[1].startswith("A 路的“照明”职责尚未移交给市政处（")


# --- rule 4: disputes ---------------------------------------------------------------------


def dispute(**extra: Any) -> dict[str, Any]:
    return {"id": "dp-1", "asset": "road-a", "duty": "lighting", "parties": ["builder", "roads"],
            "arbiter": "office", "interim": "builder", "status": "open", **extra}


def test_open_dispute_its_interim_answers(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})], disputes=[dispute()])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.dispute is not None and ans.dispute.id == "dp-1"
    assert ans.reasons == (
        "A 路的“照明”职责由市政处承担。",
        "关于A 路“照明”的职责争议（建投公司、市政处）尚未解决，"
        "营商办裁定之前由建投公司负责。", *TAIL)


def test_dispute_that_names_the_matter_applies_whatever_its_duty(tmp_path: Path) -> None:
    # the example's B2 case: the dispute is about the energy bill of the street lights
    d = make(tmp_path, [road(duties={"lighting": "roads"})],
             disputes=[dispute(duty="energy-bill", matter="light")])
    ans = go(d, "light", "road-a")
    assert ans.department == "builder"
    assert ans.reasons[1] == ("关于A 路“电费缴纳”的职责争议（建投公司、市政处）尚未解决，"
                              "营商办裁定之前由建投公司负责。")


def test_dispute_about_another_duty_does_not_apply(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})],
             disputes=[dispute(duty="energy-bill")])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.dispute is None


def test_resolved_dispute_does_not_apply(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})],
             disputes=[dispute(status="resolved", outcome="由市政处负责")])
    assert go(d, "light", "road-a").department == "roads"


def test_dispute_without_interim_keeps_the_answer(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})],
             disputes=[dispute(interim=None)])
    ans = go(d, "light", "road-a")
    assert ans.department == "roads"
    assert ans.reasons[1] == ("关于A 路“照明”的职责争议（建投公司、市政处）尚未解决，"
                              "且没有指定过渡期责任单位；仍按上面的结论答复。")


def test_dispute_on_the_parent_applies_to_its_parts(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"}),
                        {"id": "lamp-1", "name": "1 号灯", "type": "street-lamp",
                         "part_of": "road-a"}], disputes=[dispute()])
    assert go(d, "light", "lamp-1").department == "builder"


def test_dispute_about_a_matter_applies_without_an_asset(tmp_path: Path) -> None:
    d = make(tmp_path, [road()], disputes=[dispute(asset=None, duty=None, matter="loan",
                                                   interim="centre")])
    ans = go(d, "loan")
    assert ans.department == "centre"
    assert ans.reasons[1] == ("关于融资贷款的职责争议（建投公司、市政处）尚未解决，"
                              "营商办裁定之前由服务中心负责。")


def test_asset_dispute_does_not_reach_a_matter_with_a_fixed_handler(tmp_path: Path) -> None:
    d = make(tmp_path, [road()], disputes=[dispute(duty=None)])
    assert go(d, "loan", "road-a").department == "bank"


# --- rule 5: the ladder, English, the example -------------------------------------------


def test_ladder_and_time_limit(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"})])
    ans = go(d, "light", "road-a")
    assert str(ans.time_limit) == "3d"
    assert ans.escalation is not None and ans.escalation.id == "std"
    assert [(s.index, str(s.after), s.who, s.action) for s in ans.ladder] == [
        (0, "0d", ("centre",), "受理"), (1, "5d", ("office",), "协调"),
        (2, "15d", ("office", "roads"), "会商")]
    text = answer_text(d, ans)
    assert "负责单位：市政处" in text
    assert ("第 3 级，15 天后：营商办（电话 0851-0000-0005）、"
            "市政处（电话 0851-0000-0003）：会商") in text
    data = answer_json(d, ans)
    assert data["department"] == {"id": "roads", "name": "市政处",
                                  "contacts": [{"role": "报修", "phone": "0851-0000-0003"}]}


def test_reasons_in_english(tmp_path: Path) -> None:
    d = make(tmp_path, [road(duties={"lighting": "roads"},
                             handover=handover(interim="builder"))], lang="en")
    ans = go(d, "light", "road-a")
    assert ans.reasons == (
        "The lighting duty on A 路 is held by 市政处.",
        "A 路 has not been handed over to 市政处 (in progress, since 2024-01-10, due "
        "2026-12-31), so its lighting duty stays with the interim body, 建投公司, until "
        "acceptance.",
        "The time limit is 3 days.",
        "If it is not solved in time, it climbs the ladder “标准路径”.")
    # a Chinese registry can still answer in English on request
    assert go(make(tmp_path, [road(duties={"lighting": "roads"})]), "light", "road-a",
              "en").reasons[0] == "The lighting duty on A 路 is held by 市政处."


def test_example_d3_street_light() -> None:
    r, _ = load(EXAMPLE)
    d = Directory(r, today=TODAY)
    ans = route(d, d.matters["streetlight-out"], d.assets["road-d3"])
    assert ans.department == "construction-investment"
    # the road body is handed over, its lighting is not: the lighting handover applies
    assert ans.reasons[:2] == (
        "综保区 D3 路的“照明”职责由明湖新区建设投资有限公司承担。",
        "综保区 D3 路的“照明”职责尚未移交给市政管理处（移交逾期，自2024-01-10起，"
        "应于2025-06-30前完成），在验收之前由过渡期责任单位明湖新区建设投资有限公司负责。")
    assert ans.why == "综保区 D3 路的“照明”移交完成前由它临时负责"
    # road damage on the same road: the accepted road-body handover, one consistent reason
    road = route(d, d.matters["road-damage"], d.assets["road-d3"])
    assert road.department == "municipal-roads" and road.handover is None and not road.gap
    assert road.reasons[:2] == (
        "综保区 D3 路的“养护维修”职责由市政管理处承担。",
        "综保区 D3 路的“养护维修”职责已于2025-10-28移交给市政管理处。")
    # a section of the road follows the road's two handovers alike
    s2 = route(d, d.matters["streetlight-out"], d.assets["road-d3-s2"])
    assert s2.department == "construction-investment"
    assert s2.reasons[1].startswith("综保区 D3 路的“照明”职责尚未移交给市政管理处")
    # B2: the lighting is in a recorded dispute, shown as such
    b2 = route(d, d.matters["streetlight-out"], d.assets["road-b2"])
    assert b2.dispute is not None and b2.dispute.id == "d-road-b2-lighting"
    assert b2.department == "construction-investment"

"""Cases on the site, rendered from a small fixed registry at a fixed date: a case page's
clock and timeline (planned against actual, overdue text), the cases index, the board
(overdue first; figures of a fixed set of cases), precedents and figures on the entity
pages, the public copy, hostile text, English words and deterministic output."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from generator.cases.calendar import WorkCalendar
from generator.cases.clock import clock
from generator.cases.stats import by_department, by_matter, precedents
from generator.directory import Directory
from generator.load.registry import load
from generator.outfile import OutFile
from generator.site import board_pages, case_pages
from generator.site.charts import LABELS, RIGHT, WIDTH, Scale, case_timeline
from generator.site.render import render_site

TODAY = dt.date(2026, 11, 26)  # a Thursday
D = dt.date.fromisoformat

REGISTRY = """\
site:
  title: 测试
  language: {lang}
  calendar:
    holidays: [2026-10-01..2026-10-08]
    workdays: [2026-09-27, "2026-10-10"]
departments:
  - {{id: centre, name: 服务中心}}
  - {{id: office, name: 营商环境办}}
  - {{id: bureau-a, name: 甲局}}
  - {{id: bureau-b, name: 乙局}}
  - {{id: roads, name: 市政}}
asset_types:
  - {{id: lamp-circuit, name: 回路, duties: [lighting]}}
assets:
  - id: road-1
    name: 一号路
    type: road
    duties: {{lighting: roads}}
    geometry: {{type: LineString, coordinates: [[106.60, 26.60], [106.61, 26.60]]}}
  - {{id: road-2, name: 二号路, type: road, duties: {{lighting: roads}}}}
  - {{id: circ-1, name: 一号回路, type: lamp-circuit, duties: {{lighting: roads}}}}
escalation:
  - id: std
    name: 标准
    levels:
      - {{after: 0wd, who: centre}}
      - {{after: 5wd, who: office}}
      - {{after: 15wd, who: [bureau-a, bureau-b]}}
matters:
  - {{id: lamp, name: 路灯不亮, group: 基础设施, asset_types: [road, lamp-circuit],
     duty: lighting, first_contact: centre, time_limit: 10wd, escalation: std}}
  - {{id: plain, name: 无路径, handled_by: bureau-a, first_contact: centre, time_limit: 5wd}}
  - {{id: quiet, name: 没有诉求, handled_by: bureau-b}}
"""

CASES = """\
cases:
  # open, escalated to level 2 three working days late, past the deadline and level 3
  - id: c-late
    title: 一号路路灯整段不亮
    matter: lamp
    asset: road-1
    place: 一号路北段
    requester: {name: 秘密公司, kind: company, public: false, contact: "李经理 0851-0000-0199"}
    received: 2026-11-02
    tags: [路灯, 夜班]
    events:
      - {date: 2026-11-02, type: received, by: centre, text: 企业电话反映整段不亮}
      - {date: 2026-11-02, type: forwarded, by: centre, to: roads}
      - {date: 2026-11-05, type: note, internal: true, text: 内部备注不可外传}
      - {date: 2026-11-12, type: escalated, level: 2, by: centre, to: office, text: 报营商环境办}
    internal_notes: 只给内部看的备注
  # resolved within the limit across the October holidays and two make-up days
  - id: c-done
    title: 一号路灯杆倾斜
    matter: lamp
    asset: road-1
    requester: {name: 公开公司, kind: company, public: true, contact: "0851-0000-0198"}
    received: 2026-09-28
    events:
      - {date: 2026-09-28, type: received, by: centre}
      - {date: 2026-09-28, type: forwarded, by: centre, to: roads}
      - {date: 2026-10-12, type: resolved, by: roads, text: 扶正灯杆}
      - {date: 2026-10-13, type: feedback, rating: satisfied, text: 满意}
    outcome: 市政扶正灯杆并加固基础。
  # resolved late, on another asset type
  - id: c-old
    title: 一号回路不亮
    matter: lamp
    asset: circ-1
    received: 2026-06-01
    events:
      - {date: 2026-06-01, type: received, by: centre}
      - {date: 2026-06-19, type: resolved, by: roads}
    outcome: 更换电缆。
  # open, on a matter without a ladder
  - id: c-plain
    title: 无路径的诉求
    matter: plain
    requester: {kind: person}
    received: 2026-11-24
    events:
      - {date: 2026-11-24, type: forwarded, by: centre, to: bureau-a}
  # open at level 1, on time
  - id: c-early
    title: 二号路路灯闪烁
    matter: lamp
    asset: road-2
    received: 2026-11-25
"""


def make(tmp_path: Path, cases: str = CASES, lang: str = "zh") -> Directory:
    folder = tmp_path / "reg"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "departments.yaml").write_text(REGISTRY.format(lang=lang), encoding="utf-8")
    (folder / "cases.yaml").write_text(textwrap.dedent(cases), encoding="utf-8")
    reg, diags = load(folder)
    assert not [x.text() for x in diags if x.severity == "error"]
    return Directory(reg, today=TODAY)


def pages(d: Directory, **kw: object) -> dict[str, OutFile]:
    return {f.path: f for f in render_site(d, **kw)}  # type: ignore[arg-type]


def text(f: OutFile) -> str:
    """The page's words: tags out, entities decoded, whitespace squeezed."""
    assert isinstance(f.content, str)
    plain = re.sub(r"</?(?:a|span|strong|code)\b[^>]*>", "", f.content)
    plain = re.sub(r"<[^>]+>", " ", plain)
    for a, b in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"),
                 ("&amp;", "&")):
        plain = plain.replace(a, b)
    return re.sub(r"\s+", " ", plain)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OutFile]:
    return pages(make(tmp_path_factory.mktemp("cases")))


# --- the case page ---------------------------------------------------------------------------


def test_overdue_case_says_why_who_and_by_when(site: dict[str, OutFile]) -> None:
    page = text(site["cases/c-late.md"])
    # received Monday 2026-11-02: level 2 planned 5 wd later (11-09), the 10 wd limit runs
    # out on 11-16, level 3 planned 15 wd later (11-23); escalated to 2 on 11-12: on
    # 2026-11-26 overdue since 11-16, 8 working days
    assert "已逾期 8 个工作日：办理时限已于 2026-11-16 到期、应在 2026-11-23 提级到第 3 级" \
           "（甲局、乙局），现在仍在第 2 级" in page
    assert "现在在 第 2 级 现在由 营商环境办" in page
    assert "按升级路径应在 第 3 级：甲局、乙局 已是升级路径的最后一级" in page
    assert "办理时限 10 个工作日 2026-11-16 到期 · 已逾期 8 个工作日" in page


def test_timeline_draws_the_planned_stages_against_the_actual_path(
        site: dict[str, OutFile], tmp_path: Path) -> None:
    d = make(tmp_path).public()
    case = d.cases["c-late"]
    cal = WorkCalendar.from_site(d.registry.site)
    ck = clock(d, case, TODAY, cal)
    tl = case_timeline(case, ck, cal, TODAY, lambda k, **kw: k, d.name_of)
    # 2026-11-02 .. 2026-11-26 (today) and level 3's planned start, a day's margin
    sc = Scale(D("2026-11-02"), (D("2026-11-26") - D("2026-11-02")).days + 2, LABELS,
               WIDTH - RIGHT)
    one, two, three = tl["lanes"]
    assert [lane["planned"]["x"] for lane in tl["lanes"]] == [
        round(sc.x(D(x)), 1) for x in ("2026-11-02", "2026-11-09", "2026-11-23")]
    assert two["planned"]["w"] == round(sc.x(D("2026-11-23")) - sc.x(D("2026-11-09")), 1)
    # actual: level 1 from intake to the escalation, level 2 from 11-12 until today
    assert one["actual"]["x"] == round(sc.x(D("2026-11-02")), 1)
    assert two["actual"]["x"] == round(sc.x(D("2026-11-12")), 1) > two["planned"]["x"]
    assert two["actual"]["w"] == round(sc.x(TODAY) - sc.x(D("2026-11-12")), 1)
    assert three["actual"] is None
    # overdue from the day after the deadline (11-16): nothing on level 1 (left 11-12)
    assert one["overdue"] is None
    assert two["overdue"] == {"x": round(sc.edge(D("2026-11-16")), 1), "y": two["actual"]["y"],
                              "w": round(sc.x(TODAY) - sc.edge(D("2026-11-16")), 1),
                              "kind": "overdue"}
    assert [(r["kind"], r["x"], r["late"]) for r in tl["rules"]] == [
        ("deadline", round(sc.edge(D("2026-11-16")), 1), True),
        ("today", round(sc.x(TODAY), 1), False)]
    # marks on the lane of the level the case was at; the internal note is not public
    assert [(mk["kind"], mk["shape"].get("cy")) for mk in tl["marks"]] == [
        ("received", 30 + 29), ("forwarded", None), ("escalated", None)]
    # weekends shaded: 11-07/08, 11-14/15, 11-21/22
    assert len(tl["off"]) == 3
    page = site["cases/c-late.md"].content
    assert isinstance(page, str)
    assert '<desc id="remit-tl-desc">计划：第 1 级（服务中心）2026-11-02 起、' \
           '第 2 级（营商环境办）2026-11-09 起、第 3 级（甲局、乙局）2026-11-23 起。' \
           '实际：2026-11-02 受理、' \
           '2026-11-02 转办、2026-11-12 提级。</desc>' in page
    assert page.count('class="remit-tl__planned"') == 3
    assert page.count('class="remit-tl__actual"') == 2
    assert page.count('class="remit-tl__overdue"') == 1
    # the same as text: the table of stages
    words = text(site["cases/c-late.md"])
    assert "第 2 级 营商环境办 2026-11-09 至 2026-11-23 2026-11-12 起，至今 晚于计划 3 个工作日" \
           in words
    assert "第 3 级 甲局、乙局 2026-11-23 起 未到这一级" in words


def test_resolved_case_shows_how_long_it_took_and_no_today_line(
        site: dict[str, OutFile]) -> None:
    page = text(site["cases/c-done.md"])
    # 2026-09-28 to 10-12 across the holidays: 09-29, 09-30, 10-09, 10-10 (make-up
    # Saturday), 10-12: 5 working days; the 10 wd limit ran to 10-19
    assert "办结 2026-10-12 市政 用时 5 个工作日 在办理时限内（2026-10-19 到期）" in page
    assert "今天" not in page
    assert "已办结" in page and "结论 市政扶正灯杆并加固基础。" in page
    assert "回访 满意" in page


def test_case_page_head_is_the_search_entry_and_carries_tags(
        site: dict[str, OutFile]) -> None:
    f = site["cases/c-late.md"]
    assert isinstance(f.content, str)
    head, body = f.content.split("## ", 1)
    assert f.content.startswith('---\ntitle: "一号路路灯整段不亮"\ntags:\n  - "路灯"\n  - "夜班"\n'
                                '  - "基础设施"\n---\n')
    assert "路灯不亮" in head and "一号路北段" in head
    assert "data-search-exclude" in body.split("\n", 1)[0]  # the clock's heading
    assert '<a class="remit-case__map" href="../../assets/road-1/#map" data-search-exclude>' \
        in head


def test_public_pages_never_show_internal_parts_but_the_staff_build_does(
        site: dict[str, OutFile], tmp_path: Path) -> None:
    secrets = ("秘密公司", "0851-0000-0199", "0851-0000-0198", "内部备注不可外传",
               "只给内部看的备注")
    for path, f in site.items():
        content = f.content if isinstance(f.content, str) else f.content.decode("utf-8", "ignore")
        for s in secrets:
            assert s not in content, (path, s)
    assert "诉求人 一家企业" in text(site["cases/c-late.md"])
    assert "诉求人 公开公司" in text(site["cases/c-done.md"])
    assert "诉求人 一位群众" in text(site["cases/c-plain.md"])
    staff = text(pages(make(tmp_path), internal=True)["cases/c-late.md"])
    for s in ("秘密公司 内部：未同意公开", "联系方式：李经理 0851-0000-0199 内部",
              "备注 内部 内部备注不可外传", "## 内部备注 { #internal-notes data-search-exclude } "
              "内部 只给内部看的备注"):
        assert s in staff, s


def test_same_registry_same_bytes(tmp_path: Path) -> None:
    a = {k: f.content for k, f in pages(make(tmp_path / "a")).items()
         if k.startswith(("cases/", "board/"))}
    b = {k: f.content for k, f in pages(make(tmp_path / "b")).items()
         if k.startswith(("cases/", "board/"))}
    assert a == b and len(a) == 7


# --- the cases index and the board -----------------------------------------------------------


def test_cases_index_lists_open_cases_overdue_first_then_resolved_newest_first(
        site: dict[str, OutFile]) -> None:
    page = site["cases/index.md"]
    assert page.nav and not page.search
    titles = re.findall(r'<a href="c-[a-z]+/">([^<]+)</a>', str(page.content))
    assert titles == ["一号路路灯整段不亮", "无路径的诉求", "二号路路灯闪烁", "一号路灯杆倾斜",
                      "一号回路不亮"]
    assert "截至 2026-11-26，共 5 件诉求：办理中 3 件，其中逾期 1 件；已办结 2 件。" in text(page)


def test_board_lists_open_cases_overdue_first_with_who_and_by_when(
        site: dict[str, OutFile]) -> None:
    board = site["board/index.md"]
    assert board.nav and not board.search
    assert board.content.startswith('---\ntitle: "监督看板"\nhide:\n  - toc\nsearch:\n')  # type: ignore[union-attr]
    words = text(board)
    open_part = words[words.index("办理中的诉求：逾期的在前"):words.index("办理成效：按事项")]
    assert re.findall(r"(一号路路灯整段不亮|无路径的诉求|二号路路灯闪烁)", open_part) == [
        "一号路路灯整段不亮", "无路径的诉求", "二号路路灯闪烁"]
    assert "一号路路灯整段不亮 路灯不亮 第 2 级 营商环境办 第 3 级 甲局、乙局 2026-11-16 " \
           "已逾期 8 个工作日" in open_part
    # a matter without a ladder: its handler, by its deadline (5 wd from 11-24)
    assert "无路径的诉求 无路径 第 1 级 甲局 第 1 级 甲局 2026-12-01 —" in open_part
    # level 1 on time: the service centre, until level 2 takes over
    assert "二号路路灯闪烁 路灯不亮 第 1 级 服务中心 第 1 级 服务中心 2026-12-02 办理时限 " \
           "2026-12-09 —" in open_part
    # by department and level: who has them now, overdue ones in brackets
    level_part = words[words.index("办理中：按单位和层级"):words.index("办理中的诉求")]
    assert "单位 第 1 级 第 2 级 合计 营商环境办 · 1 （1） 1 （1）" in level_part
    assert "甲局 1 · 1" in level_part and "服务中心 1 · 1" in level_part


def test_board_figures_for_a_fixed_set_of_cases(site: dict[str, OutFile],
                                                tmp_path: Path) -> None:
    d = make(tmp_path).public()
    lamp = by_matter(d, TODAY)["lamp"]
    # c-done 5 wd (in time), c-old 14 wd (late): median 9.5, nearest-rank p90 14
    assert (lamp.cases, lamp.solved, lamp.open, lamp.overdue) == (4, 2, 2, 1)
    assert (lamp.median_days, lamp.p90_days, lamp.within_limit) == (9.5, 14.0, 0.5)
    words = text(site["board/index.md"])
    assert "截至 2026-11-26，共 5 件诉求：办理中 3 件，其中逾期 1 件；已办结 2 件。" in words
    assert "已办结的诉求中，50% 在办理时限内办结；办结用时中位数 9.5 个工作日，90% 的诉求在 " \
           "14 个工作日内办结。" in words
    matters = words[words.index("办理成效：按事项"):words.index("办理成效：按单位")]
    assert "路灯不亮 4 2 9.5 14 50% 2 1" in matters
    assert "无路径 1 0 — — — 1 0" in matters
    assert "没有诉求" not in matters
    # the range chart: median to p90, the same numbers as text
    assert "路灯不亮 9.5–14" in matters
    depts = words[words.index("办理成效：按单位"):words.index("数字怎么算")]
    roads = by_department(d, TODAY)["roads"]
    assert (roads.cases, roads.solved, roads.median_days) == (2, 2, 9.5)
    assert "市政 2 2 9.5 14 50% 0 0" in depts
    assert "营商环境办 1 0 — — — 1 1" in depts


def test_long_lists_are_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(board_pages, "BOARD_ROWS", 2)
    monkeypatch.setattr(board_pages, "OPEN_PAGE_ROWS", 2)
    monkeypatch.setattr(board_pages, "TABLE_TOP", 1)
    monkeypatch.setattr(case_pages, "INDEX_ROWS", 1)
    monkeypatch.setattr(case_pages, "LIST_ROWS", 2)
    monkeypatch.setattr(case_pages, "SEARCH_CASES_MAX", 2)
    got = pages(make(tmp_path))
    board = text(got["board/index.md"])
    assert "这里列出前 2 件，共 3 件：全部办理中的诉求" in board
    assert "这里列出诉求最多的 1 个，共 2 个：完整的表" in board
    assert text(got["board/open_2.md"]).count("路灯不亮") == 1  # the third open case
    assert "路灯不亮 4" in text(got["board/matters.md"])
    assert "另有 2 件没有在这里列出：全部 3 件" in text(got["cases/index.md"])
    assert sorted(p for p in got if p.startswith("cases/list_")) == [
        "cases/list_open.md", "cases/list_open_2.md", "cases/list_resolved.md"]
    # the newest two cases are searched, the others are not
    assert [p for p in sorted(got) if p.startswith("cases/c-") and got[p].search] == [
        "cases/c-early.md", "cases/c-plain.md"]


# --- entity pages ----------------------------------------------------------------------------


def test_matter_page_shows_precedents_newest_first_and_its_figures(
        site: dict[str, OutFile]) -> None:
    words = text(site["matters/lamp.md"])
    part = words[words.index("类似诉求是怎么解决的"):]
    listed = part.split("办理成效")[0]
    assert re.findall(r"一号路灯杆倾斜|一号回路不亮|一号路路灯整段不亮", listed) == [
        "一号路灯杆倾斜", "一号回路不亮"]
    assert "一号路灯杆倾斜 在办理时限内 2026-09-28 受理，2026-10-12 办结，用时 5 个工作日 · " \
           "一号路 市政扶正灯杆并加固基础。" in part
    assert "一号回路不亮 超出办理时限 2026-06-01 受理，2026-06-19 办结，用时 14 个工作日" in part
    assert "诉求 4 已办结 2 办结用时中位数 9.5 个工作日 办结用时 90% 分位 14 个工作日 " \
           "时限内办结 50% 办理中 2 其中逾期 1" in part
    assert "按时办结 1 超时办结 1 办理中 1 已逾期 1" in part


def test_pages_without_cases_show_nothing_of_them(site: dict[str, OutFile],
                                                  tmp_path: Path) -> None:
    for path in ("matters/quiet.md", "departments/bureau-b.md"):
        content = str(site[path].content)
        assert "类似诉求" not in content and "办理成效" not in content, path
    empty = pages(make(tmp_path, cases="cases: []\n"))
    assert not [p for p in empty if p.startswith(("cases/", "board/"))]
    assert "办理成效" not in str(empty["matters/lamp.md"].content)


def test_asset_page_shows_its_own_cases_then_its_types(site: dict[str, OutFile]) -> None:
    road = text(site["assets/road-1.md"])
    assert "类似诉求是怎么解决的" in road and "一号路灯杆倾斜" in road
    assert "一号回路不亮" not in road  # another type of asset
    assert "一号回路不亮" in text(site["assets/circ-1.md"])
    # no case on road 2 itself: the resolved ones on other roads
    other = text(site["assets/road-2.md"])
    assert "一号路灯杆倾斜" in other and "一号回路不亮" not in other


def test_department_page_shows_its_figures(site: dict[str, OutFile]) -> None:
    words = text(site["departments/roads.md"])
    assert "办理成效 { #case-figures data-search-exclude } 由本单位办结、或现在由本单位办理的" \
           "诉求，截至 2026-11-26。 诉求 2 已办结 2 办结用时中位数 9.5 个工作日" in words
    assert "办理情况（件） 按时办结 1 超时办结 1" in words
    assert "类似诉求" not in words


# --- words and hostile text ------------------------------------------------------------------


def test_english_site_gets_english_words(tmp_path: Path) -> None:
    got = pages(make(tmp_path, lang="en"))
    page = text(got["cases/c-late.md"])
    assert "8 working days overdue" in page and "The clock" in page
    assert "should have gone to level 3 (甲局, 乙局) on 2026-11-23; still at level 2" in page
    assert "Supervision board" in text(got["board/index.md"])


HOSTILE = """\
cases:
  - id: c-x
    title: "<script>window.__pwned=1</script>标题"
    matter: lamp
    place: "<img src=x onerror=alert(1)>地点"
    requester: {name: "<b>公司</b>", public: true}
    received: 2026-11-02
    tags: ["<i>标签</i>"]
    events:
      - {date: 2026-11-02, type: received, text: "**粗体** [点我](javascript:alert(1))"}
      - {date: 2026-11-03, type: resolved, text: "{{ 7*7 }} <style>body{}</style>"}
    outcome: "| a | b | <u>结论</u>"
"""


def test_case_text_is_data(tmp_path: Path) -> None:
    got = pages(make(tmp_path, cases=HOSTILE))
    for path in ("cases/c-x.md", "cases/index.md", "board/index.md", "matters/lamp.md"):
        content = str(got[path].content)
        body = content.split("\n---\n", 1)[1]
        for raw in ("<script>", "<img", "<b>", "<i>", "<style>", "<u>", "javascript:alert"):
            assert raw not in body or (raw == "javascript:alert" and 'href="javascript' not in
                                       body), (path, raw)
    page = str(got["cases/c-x.md"].content)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;标题" in page
    assert "{{ 7*7 }} &lt;style&gt;body{}&lt;/style&gt;" in page
    assert 'title: "&lt;script&gt;window.__pwned=1&lt;/script&gt;标题"' in page
    assert '"&lt;i&gt;标签&lt;/i&gt;"' in page


def test_beyond_case_pages_max_the_rest_are_archived_by_month(tmp_path: Path) -> None:
    got = pages(make(tmp_path), case_pages_max=2)
    # the open cases first (overdue first): c-late and c-plain keep their pages
    assert sorted(p for p in got if p.startswith("cases/c-")) == [
        "cases/c-late.md", "cases/c-plain.md"]
    assert sorted(p for p in got if p.startswith("cases/month_")) == [
        "cases/month_2026-06.md", "cases/month_2026-09.md", "cases/month_2026-11.md"]
    month = str(got["cases/month_2026-09.md"].content)
    assert '<section class="remit-archived" id="c-done">' in month
    words = text(got["cases/month_2026-09.md"])
    assert "一号路灯杆倾斜 已办结 路灯不亮 · 一号路 受理日期 2026-09-28 · 办结 2026-10-12 · " \
           "用时 5 个工作日 · 在办理时限内 · c-done 市政扶正灯杆并加固基础。" in words
    # every link to an archived case goes to its section
    assert 'href="../../cases/month_2026-09/#c-done">一号路灯杆倾斜</a>' in \
        str(got["matters/lamp.md"].content)
    assert 'href="../cases/month_2026-11/#c-early">二号路路灯闪烁</a>' in \
        str(got["board/index.md"].content)
    index = text(got["cases/index.md"])
    assert "诉求很多：其中 3 件（较早办结的）没有单独的页面，列在受理月份的页面上。按受理月份浏览" \
           "全部诉求：2026-11 · 2026-09 · 2026-06" in index
    # a month page lists every case received then: those with a page by a link
    november = str(got["cases/month_2026-11.md"].content)
    assert '<a href="../c-late/">一号路路灯整段不亮</a>' in november
    assert '<section class="remit-archived" id="c-early">' in november
    # the figures count every case
    assert "路灯不亮 4 2 9.5 14 50% 2 1" in text(got["board/index.md"])
    # where each case is, for links from elsewhere (an article's [[case:ID]])
    d = make(tmp_path / "again").public()
    assert case_pages.case_homes(d, 2) == {
        "c-late": "cases/c-late.md", "c-plain": "cases/c-plain.md",
        "c-done": "cases/month_2026-09.md#c-done", "c-old": "cases/month_2026-06.md#c-old",
        "c-early": "cases/month_2026-11.md#c-early"}
    assert case_pages.case_homes(d)["c-done"] == "cases/c-done.md"


def test_similar_cases_follow_the_precedents_order(tmp_path: Path) -> None:
    d = make(tmp_path).public()
    r = case_pages.CasePages(d, [], None, True, 2000)
    for c in d.registry.cases:
        want = [x.title for x in precedents(d, c.matter, c.asset, limit=10) if x.id != c.id]
        assert [p["link"].text for p in r.similar(c)] == want[:case_pages.SIMILAR_MAX], c.id

"""The generated pages, rendered from small registries written in the test (no MkDocs).

What a person would check on the site: a department lists the assets it owns; a road whose
handover is past due shows "overdue" and who answers meanwhile; a matter shows every level
of its ladder with its duration; registry text never becomes markup; a ``|`` stays in its
table cell; the same registry gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.directory import Directory
from generator.load.registry import load
from generator.mkdocs_edge.render_out import material_search_worker
from generator.outfile import OutFile
from generator.site.render import (
    asset_pages,
    defer_blocks,
    fill_headings,
    github_edit_url,
    render_site,
    restore_blocks,
    site_nav,
    yaml_string,
)
from generator.site.urls import ROWS_PER_PAGE, relative_url

TODAY = dt.date(2026, 11, 26)

SMALL_ZH = """\
site:
  title: 测试名录
  language: zh
departments:
  - id: committee
    name: 管委会
    kind: committee
    contacts:
      - role: 办公室
        phone: "0851-0000-0100"
  - id: centre
    name: 企业服务中心
    kind: service-centre
    parent: committee
    aliases: [服务中心]
    summary: 统一受理企业诉求。
    contacts:
      - role: 诉求受理
        phone: "0851-0000-0001"
        email: service@example.org
        hours: 工作日 9:00-17:30
      - role: 夜间值班（内部）
        phone: "0851-0000-0901"
        visibility: internal
  - id: coordination
    name: 营商环境办
    kind: office
    parent: committee
    contacts:
      - role: 协调科
        phone: "0851-0000-0011"
  - id: builder
    name: 建投公司
    kind: state-owned-company
    contacts:
      - role: 工程管理部
        phone: "0851-0000-0161"
  - id: roads
    name: 市政管理处
    kind: bureau
    parent: committee
    contacts:
      - role: 报修
        phone: "0851-0000-0141"
assets:
  - id: road-d3
    name: D3 路
    type: road
    owner: builder
    duties:
      maintenance: builder
      lighting: builder
      cleaning: builder
    handover:
      from: builder
      to: roads
      status: in-progress
      since: 2024-01-10
      due: 2025-06-30
      interim: builder
      notes: 整改尚未完成。
  - id: road-d3-s1
    name: D3 路南段
    type: road-section
    part_of: road-d3
  - id: slc-d3
    name: D3 路照明回路
    type: street-light-circuit
    part_of: road-d3
    owner: builder
    duties:
      lighting: builder
      energy-bill: builder
      maintenance: builder
  - id: lamp-d3-001
    name: D3 路 001 号灯
    type: street-lamp
    part_of: slc-d3
    location: 北侧 K0+010
    owner: builder
    duties:
      maintenance: builder
  - id: lamp-d3-002
    name: D3 路 002 号灯
    type: street-lamp
    part_of: slc-d3
    location: 南侧 K0+030
    owner: builder
    duties:
      maintenance: roads
  - id: road-main
    name: 保税大道
    type: road
    owner: roads
    duties:
      maintenance: roads
      lighting: roads
      cleaning: roads
    handover:
      from: builder
      to: roads
      status: accepted
      since: 2022-03-01
matters:
  - id: streetlight-out
    name: 路灯不亮
    keywords: [路灯, 照明]
    group: 基础设施
    asset_types: [road, road-section, street-light-circuit, street-lamp]
    duty: lighting
    first_contact: centre
    time_limit: 3d
    escalation: standard
  - id: financing
    name: 融资贷款
    group: 企业经营
    handled_by: coordination
    first_contact: centre
    time_limit: 10 working days
    escalation: standard
escalation:
  - id: standard
    name: 标准升级路径
    levels:
      - after: 0d
        who: centre
        action: 受理并联络责任单位
      - after: 5d
        who: coordination
        action: 提级协调
      - after: 10 working days
        who: [committee, roads]
        action: 会商
"""

SMALL_EN = """\
site:
  title: Test directory
  language: en
departments:
  - id: builder
    name: Builder Ltd
    kind: state-owned-company
    contacts:
      - role: Works
        phone: "+44 20 0000 0001"
  - id: roads
    name: Roads Office
    kind: bureau
    contacts:
      - role: Repairs
        email: roads@example.org
assets:
  - id: high-street
    name: High Street
    type: road
    owner: builder
    duties:
      maintenance: builder
      lighting: builder
      cleaning: roads
    handover:
      from: builder
      to: roads
      status: planned
      due: 2030-01-01
      interim: builder
matters:
  - id: light-out
    name: Street light out
    asset_types: [road]
    duty: lighting
    first_contact: roads
    time_limit: 2d
    escalation: ladder
escalation:
  - id: ladder
    name: Standard ladder
    levels:
      - after: 0d
        who: roads
      - after: 4h
        who: builder
"""

PWN = "window.__pwned=1"
HOSTILE = f"""\
site:
  title: "<script>{PWN}</script>名录"
  language: zh
departments:
  - id: evil
    name: "<script>{PWN}</script>恶意单位"
    aliases: ["<img src=x onerror=\\"{PWN}\\">", "a | b", "**粗体**"]
    summary: "[点我](javascript:{PWN}) {{: onclick=\\"{PWN}\\" }}\\n---\\ntitle: x"
    contacts:
      - role: "</title><script>{PWN}</script>"
        phone: "0851-0000-0001"
        email: evil@example.org
        hours: "{{{{ 7*7 }}}} ${{x}} {{% raw %}}"
    responsibilities:
      - text: "<iframe src=javascript:{PWN}></iframe>"
        basis: "<a href=\\"javascript:{PWN}\\">依据</a>"
  - id: good
    name: "正常 | 单位 {{: .x onclick=alert(1) }}"
    kind: bureau
    parent: evil
    contacts:
      - role: "受理"
        phone: "0851-0000-0002"
asset_types:
  - id: widget
    name: "<b onmouseover=\\"{PWN}\\">部件</b>"
    duties: [maintenance]
    minor: true
assets:
  - id: road-x
    name: "<svg onload=\\"{PWN}\\">路</svg> | x"
    aliases: ["[x](javascript:{PWN})"]
    type: road
    location: "<script>{PWN}</script>"
    owner: evil
    duties: {{maintenance: evil, lighting: good, cleaning: evil}}
    handover:
      from: evil
      to: good
      status: in-progress
      due: 2020-01-01
      interim: evil
      notes: "<script>{PWN}</script>"
  - id: w1
    name: "`code` _em_ ~~x~~ | <u>u</u>"
    type: widget
    part_of: road-x
    location: "<style>body{{display:none}}</style>"
    owner: good
    duties: {{maintenance: good}}
matters:
  - id: m1
    name: "<script>{PWN}</script>事项"
    keywords: ["<img src=x onerror={PWN}>"]
    group: "<i>组</i> | 组"
    summary: "<a href=\\"javascript:{PWN}\\">x</a> &lt;script&gt;"
    asset_types: [road]
    duty: lighting
    first_contact: evil
    time_limit: 3d
    escalation: e1
escalation:
  - id: e1
    name: "[升级](javascript:{PWN})"
    levels:
      - after: 0d
        who: evil
        action: "<script>{PWN}</script>"
      - after: 5d
        who: [good, evil]
        action: "**bold** | pipe"
"""

#: Markdown extensions of the site (mkdocs.yml), for turning pages into HTML here.
EXTENSIONS = ["attr_list", "tables", "toc", "admonition"]


def build(tmp_path: Path, text: str, name: str = "reg") -> Directory:
    root = tmp_path / name
    root.mkdir()
    (root / "departments.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    reg, diags = load(root)
    errors = [d.text() for d in diags if d.severity == "error"]
    assert not errors, errors
    return Directory(reg, today=TODAY)


def pages(d: Directory, **kw: object) -> dict[str, OutFile]:
    return {f.path: f for f in render_site(d, **kw)}  # type: ignore[arg-type]


def body(f: OutFile) -> str:
    assert isinstance(f.content, str)
    return f.content


def front(f: OutFile) -> dict[str, object]:
    text = body(f)
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


def to_html(f: OutFile) -> str:
    text = body(f)
    text = text[text.index("\n---\n", 4) + 5:]
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OutFile]:
    return pages(build(tmp_path_factory.mktemp("zh"), SMALL_ZH))


# --- pages -----------------------------------------------------------------------------------


def test_every_entity_gets_a_page_and_minor_assets_do_not(zh: dict[str, OutFile]) -> None:
    for path in ("departments/centre.md", "departments/builder.md", "assets/road-d3.md",
                 "assets/road-d3-s1.md", "assets/slc-d3.md", "matters/streetlight-out.md",
                 "escalation/standard.md", "departments/index.md", "assets/index.md",
                 "matters/index.md", "escalation/index.md", "handovers/index.md"):
        assert path in zh, path
    assert "assets/lamp-d3-001.md" not in zh
    assert [p for p, f in zh.items() if f.nav] == sorted(
        p for p in zh if p.endswith("index.md") and zh[p].nav)


def test_department_page_lists_owned_assets_and_public_contacts(
        zh: dict[str, OutFile]) -> None:
    page = body(zh["departments/builder.md"])
    assert '<a href="../../assets/road-d3/">D3 路</a>' in page
    assert '<a href="../../assets/slc-d3/">D3 路照明回路</a>' in page
    assert "2 处 路灯" in page  # the lamps are counted, not linked
    assert "lamp-d3-001" not in page
    assert "拥有的资产" in page and "移出的资产" in page
    centre = body(zh["departments/centre.md"])
    assert 'href="tel:085100000001"' in centre and 'href="mailto:service@example.org"' in centre
    assert "0851-0000-0901" not in centre  # internal contact never reaches the site
    assert "首问受理的事项" in centre and "路灯不亮" in centre
    assert "第 1 级" in centre  # its place on the ladder


def test_road_with_overdue_handover_shows_status_and_interim(zh: dict[str, OutFile]) -> None:
    html_ = to_html(zh["assets/road-d3.md"])
    assert 'remit-badge--overdue">移交逾期<' in html_
    assert "已逾期 514 天" in html_
    interim = html_[html_.index("remit-handover__interim"):]
    interim = interim[:interim.index("</div>")]
    assert "移交完成前由谁负责" in interim and "建投公司" in interim
    assert "2025-06-30" in html_ and "2024-01-10" in html_
    # who answers for the street lights, and why, on the road's own page
    who = html_[html_.index('id="who"'):]
    assert "路灯不亮" in who and "过渡期责任单位" in who
    assert "../../lookup/?m=streetlight-out&amp;a=road-d3" in html_


def test_accepted_handover_and_planned_badges(zh: dict[str, OutFile]) -> None:
    assert 'remit-badge--accepted">已移交<' in body(zh["assets/road-main.md"])
    overview = body(zh["handovers/index.md"])
    for word in ("移交逾期", "已移交"):
        assert word in overview


BY_DUTY = SMALL_ZH.replace("""    handover:
      from: builder
      to: roads
      status: in-progress
      since: 2024-01-10
      due: 2025-06-30
      interim: builder
      notes: 整改尚未完成。
""", """    handovers:
      - from: builder
        to: roads
        status: planned
        since: 2023-05-01
        basis: 《2023 年移交计划》
        notes: 最初计划整体移交。
      - from: builder
        to: roads
        duties: [maintenance, cleaning]
        status: accepted
        since: 2025-10-28
      - from: builder
        to: roads
        duties: [lighting]
        status: in-progress
        since: 2024-01-10
        due: 2025-06-30
        interim: builder
        notes: 路灯整改尚未完成。
""").replace("      maintenance: builder\n      lighting: builder\n      cleaning: builder\n",
             "      maintenance: roads\n      lighting: builder\n      cleaning: roads\n", 1)


def test_asset_page_with_handovers_by_duty_and_history(tmp_path: Path) -> None:
    """A road whose body went to the roads office while its lighting is overdue, and whose
    first plan (the whole road) is history: the page says which handover each duty
    follows, shows the current ones, and lists the plan apart as history."""
    assert BY_DUTY != SMALL_ZH
    files = pages(build(tmp_path, BY_DUTY))
    html_ = to_html(files["assets/road-d3.md"])
    # the badge of the road: its open handover
    head = html_[:html_.index('id="handover"')]
    assert 'remit-badge--overdue">移交逾期<' in head and "已移交" not in head
    section = html_[html_.index('id="handover"'):html_.index('id="duties"')]
    rows = re.findall(r"<tr><td>([^<]+)</td><td><span class=\"remit-badge remit-badge--([a-z-]+)"
                      r"\">", section)
    assert rows == [("养护维修", "accepted"), ("清扫保洁", "accepted"), ("照明", "overdue")]
    # the current handovers, open ones first, each with the duties it governs now
    cards = re.findall(r'<div class="remit-handover remit-handover--([a-z-]+)">', section)
    assert cards == ["overdue", "accepted"]
    assert '<div class="remit-muted">接收方：<a href="../../departments/roads/">' in section
    assert "<dd>养护维修、清扫保洁</dd>" in section and "<dd>照明</dd>" in section
    assert section.count("remit-handover__interim") == 1 and "路灯整改尚未完成。" in section
    # the first plan is history: listed apart, never overdue, not a card
    hist = section[section.index('id="handover-history"'):]
    assert "移交历史" in hist and "最初计划整体移交。" in hist and "《2023 年移交计划》" in hist
    assert 'remit-badge--planned">计划移交<' in hist and "2023-05-01" in hist
    assert "最初计划整体移交。" not in section[:section.index('id="handover-history"')]
    # whom to ask, per duty: lighting the builder meanwhile, road damage the roads office
    who = html_[html_.index('id="who"'):]
    assert "“照明”职责尚未移交给市政管理处" in who
    # a part of the road shows the same per-duty table, as the road's
    part = to_html(files["assets/road-d3-s1.md"])
    assert "随" in part and "一并移交" in part and part.count("remit-handover--") == 2
    # the dashboard: one row per handover, the history kept in its own state and marked
    board = body(files["handovers/index.md"])
    assert sorted(re.findall(r'<tr id="(h-road-d3[-0-9]*)"', board)) == [
        "h-road-d3", "h-road-d3-2", "h-road-d3-3"]
    plan = re.search(r'<tr id="h-road-d3" [^>]*data-state="planned"[^>]*>.*?</tr>', board)
    assert plan and "历史记录" in plan.group(0)
    lighting = re.search(r'<tr id="h-road-d3-3" [^>]*data-state="overdue"[^>]*>.*?</tr>', board)
    assert lighting and "照明" in lighting.group(0) and "历史记录" not in lighting.group(0)


def test_inherited_duties_are_marked(zh: dict[str, OutFile]) -> None:
    page = body(zh["assets/road-d3-s1.md"])
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(.*?)</td>", page)
    held = {duty: cell for duty, cell in rows}
    for duty in ("养护维修", "清扫保洁", "照明"):
        assert "建投公司" in held[duty]
        assert "remit-badge--inherited" in held[duty] and "沿用 D3 路" in held[duty]
    # and the inherited handover says whose it is
    assert "随" in page and "一并移交" in page


def test_minor_parts_are_rows_of_their_parent(zh: dict[str, OutFile], tmp_path: Path) -> None:
    build_dir = build(tmp_path, SMALL_ZH)
    page = body(zh["assets/slc-d3.md"])
    assert '<tr id="lamp-d3-001"><td><code>lamp-d3-001</code></td><td>D3 路 001 号灯</td>' in page
    assert "北侧 K0+010" in page and "lamp-d3-002" in page
    assert "所含路灯" in page
    homes = asset_pages(build_dir)
    assert homes["lamp-d3-001"] == "assets/slc-d3.md#lamp-d3-001"
    assert homes["road-d3"] == "assets/road-d3.md"
    # only what differs from the circuit is said on a row: lamp 002 is kept by the roads office
    row1 = page[page.index('<tr id="lamp-d3-001">'):]
    row1 = row1[:row1.index("</tr>")]
    row2 = page[page.index('<tr id="lamp-d3-002">'):]
    row2 = row2[:row2.index("</tr>")]
    assert "养护维修" not in row1
    assert '养护维修：<a href="../../departments/roads/">市政管理处</a>' in row2
    assert "路灯 · 养护维修 · 1 处" in body(zh["departments/roads.md"])


def test_matter_page_shows_every_level_with_its_duration(zh: dict[str, OutFile]) -> None:
    html_ = to_html(zh["matters/streetlight-out.md"])
    ladder = html_[html_.index('<ol class="remit-ladder">'):]
    ladder = ladder[:ladder.index("</ol>")]
    steps = re.findall(r'<li class="remit-step">(.*?)</li>', ladder)
    assert len(steps) == 3
    assert "受理时" in steps[0] and "企业服务中心" in steps[0]
    assert "受理后 5 天" in steps[1] and "营商环境办" in steps[1]
    assert "受理后 10 个工作日" in steps[2] and "管委会" in steps[2] and "市政管理处" in steps[2]
    assert "办理时限 3 天" in html_
    assert "视资产而定" in html_ and "照明" in html_
    assert "../../lookup/?m=streetlight-out" in html_
    handled = body(zh["matters/financing.md"])
    assert '<a href="../../departments/coordination/">营商环境办</a>' in handled
    assert "网上办事指南" not in html_


def test_matter_page_links_its_online_guide(tmp_path: Path) -> None:
    text = SMALL_ZH.replace("    name: 路灯不亮\n",
                            "    name: 路灯不亮\n    url: https://g.example.org/a?x=1&y=2\n", 1)
    assert text != SMALL_ZH
    page = to_html(pages(build(tmp_path, text))["matters/streetlight-out.md"])
    assert ('<a class="md-button" href="https://g.example.org/a?x=1&amp;y=2" '
            'rel="noopener">网上办事指南</a>') in page


def test_edit_links_point_at_the_registry_line(tmp_path: Path) -> None:
    d = build(tmp_path, SMALL_ZH)
    edit = github_edit_url("https://github.com/example/remit", "edit/main/content/", "content",
                           tmp_path)
    out = pages(d, edit_url=edit)
    line = d.assets["road-d3"].node.line  # type: ignore[union-attr]
    url = f"https://github.com/example/remit/edit/main/reg/departments.yaml#L{line}"
    assert f'href="{url}"' in body(out["assets/road-d3.md"])
    assert "修改此条目" in body(out["assets/road-d3.md"])
    lines = (tmp_path / "reg" / "departments.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].strip() == "- id: road-d3"
    assert edit is not None and edit("/elsewhere/departments.yaml", 3) is None


def test_english_registry_gets_english_labels(tmp_path: Path) -> None:
    out = pages(build(tmp_path, SMALL_EN))
    page = body(out["assets/high-street.md"])
    for label in ("Owner", "Handover", "Who answers meanwhile", "planned", "Duties",
                  "Whom to ask", "road"):
        assert label in page, label
    assert not re.search(r"[\u4e00-\u9fff]", page), "Chinese label on an English page"
    matter = body(out["matters/light-out.md"])
    assert "at intake" in matter and "after 4 hours" in matter and "Escalation" in matter
    assert "First contact" in matter
    assert front(out["departments/index.md"])["title"] == "Departments"
    nav = site_nav(["index.md", "guide/report.md", "about.md"], out.values(), "en")
    assert nav[0] == {"Home": "index.md"} and {"Guides": ["guide/report.md"]} in nav


def test_labels_exist_in_both_languages() -> None:
    from generator.site.labels import labels

    LABELS = {lang: labels(lang) for lang in ("zh", "en")}  # noqa: N806
    assert set(LABELS["zh"]) == set(LABELS["en"])
    for lang in ("zh", "en"):
        for key, text in LABELS[lang].items():
            assert text.count("{") == text.count("}"), (lang, key)
            assert text.count("{") == LABELS["en" if lang == "zh" else "zh"][key].count("{"), \
                (lang, key)


# --- escaping ----------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Collects every table as rows of cell counts, and every attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[int]] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OutFile]:
    return pages(build(tmp_path_factory.mktemp("hostile"), HOSTILE))


def test_hostile_text_never_becomes_markup(hostile: dict[str, OutFile]) -> None:
    assert "assets/road-x.md" in hostile and "departments/evil.md" in hostile
    for path, f in hostile.items():
        if not path.endswith(".md"):
            continue
        html_ = to_html(f)
        p = _Tables()
        # a matter page loads one script of the site's own: its "report it" copy button
        p.feed(re.sub(r'<script src="(?:\.\./)+assets/javascripts/remit-report\.js">'
                      r'</script>', "", html_) if path.startswith("matters/") else html_)
        # remit's own templates use <strong>, never <b>, <em> or <del>; pages of the lookup
        # and gap modules carry their own <style> and <svg> charts: attributes only there
        if path.startswith(("departments/", "assets/", "matters/", "escalation/")):
            assert not p.tags & {"script", "img", "svg", "iframe", "style", "b", "i", "u",
                                 "em", "del"}, (path, p.tags)
        for tag, k, v in p.attrs:
            assert not k.startswith("on"), (path, tag, k, v)
            assert not (v or "").strip().lower().startswith("javascript:"), (path, tag, k, v)
        # the hostile text is shown, as text
        if path == "departments/evil.md":
            assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;恶意单位" in html_
            assert "[点我](javascript:window.__pwned=1) {: onclick=" in html_
            assert "**粗体**" in html_ and "a | b" in html_
            assert "{{ 7*7 }} ${x} {% raw %}" in html_
        if path == "assets/road-x.md":
            assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in html_
            assert "<style>" not in html_


def test_hostile_titles_are_escaped_in_the_front_matter(hostile: dict[str, OutFile]) -> None:
    title = front(hostile["departments/evil.md"])["title"]
    assert title == html.escape("<script>window.__pwned=1</script>恶意单位", quote=False)
    # a summary that looks like a front matter changes nothing; a department's aliases
    # are page text, not search tags (a tag outranks every name: issue 11's English case)
    fm = front(hostile["departments/evil.md"])
    assert list(fm) == ["title"]
    # a matter's keywords are search tags, escaped too (Material shows tags as HTML)
    fm = front(hostile["matters/m1.md"])
    assert fm["title"] == "&lt;script&gt;window.__pwned=1&lt;/script&gt;事项"
    assert fm["tags"][0] == "&lt;img src=x onerror=window.__pwned=1&gt;"


def test_pipe_stays_in_its_cell(hostile: dict[str, OutFile]) -> None:
    for path in ("departments/evil.md", "assets/road-x.md", "assets/index.md",
                 "matters/index.md", "handovers/index.md", "departments/good.md"):
        html_ = to_html(hostile[path])
        p = _Tables()
        p.feed(html_)
        assert p.tables, path
        for rows in p.tables:
            assert len(set(rows)) == 1, (path, rows)  # every row has the header's cells
    assert "&lt;svg onload=&#34;window.__pwned=1&#34;&gt;路&lt;/svg&gt; | x" in \
        body(hostile["departments/evil.md"])


def test_yaml_string_is_valid_yaml_for_any_text() -> None:
    for s in ("plain", 'quote " and \\ back', "line\nbreak", "\x85\u2028\ufeff", "🙂",
              "---", "#: not a comment", "tab\there", "\x07bell"):
        assert yaml.safe_load(f"title: {yaml_string(s)}")["title"] == s


def test_deferred_blocks_give_the_same_html(zh: dict[str, OutFile],
                                            hostile: dict[str, OutFile]) -> None:
    """The plugin takes the HTML blocks out of the Markdown and puts them back after
    conversion; that must be exactly what Markdown would have produced, byte for byte."""
    n = 0
    collapsed: set[str] = set()
    for f in [*zh.values(), *hostile.values()]:
        if not f.path.endswith(".md"):
            continue
        text = body(f)
        text = text[text.index("\n---\n", 4) + 5:]
        deferred, head, blocks, headings = defer_blocks(text)
        if not blocks:
            assert deferred == text
            continue
        n += 1
        if headings:  # everything after the head is one block
            collapsed.add(f.path.split("/")[0])
            assert len(blocks) == 1 and "\n## " not in deferred, f.path
            blocks = fill_headings(blocks, [markdown.markdown(h, extensions=EXTENSIONS)
                                            for h in headings])
        html_ = markdown.markdown(deferred, extensions=EXTENSIONS)
        html_ = restore_blocks(restore_blocks(html_, head, head=True), blocks)
        want = markdown.markdown(text, extensions=EXTENSIONS)
        assert html_ == want.replace(' data-search-exclude="true"', ""), f.path
        assert "<!--remit" not in html_
    assert n > 10
    # the entity and case pages, the bulk of a large site, keep no Markdown headings
    assert {"assets", "departments", "matters"} <= collapsed


def test_material_search_worker_is_patched() -> None:
    found = material_search_worker()
    assert found is not None, "Material's search worker changed: check patch_search_worker"
    path, text = found
    assert path.startswith("assets/javascripts/workers/search.")
    assert "o<=t.length;o++)t.slice(s,o)in e" in text


# --- determinism, links, scale -----------------------------------------------------------------


def test_same_registry_same_bytes(tmp_path: Path) -> None:
    a = render_site(build(tmp_path, SMALL_ZH, "a"))
    reg, _ = load(tmp_path / "a")  # loaded again from scratch
    b = render_site(Directory(reg, today=TODAY))
    assert [(f.path, f.content) for f in a] == [(f.path, f.content) for f in b]
    assert [f.path for f in a] == sorted(f.path for f in a)


@pytest.mark.parametrize(("src", "dst", "dirs", "want"), [
    ("departments/x.md", "departments/y.md", True, "../y/"),
    ("departments/x.md", "index.md", True, "../../"),
    ("index.md", "departments/index.md", True, "departments/"),
    ("departments/index.md", "departments/x.md", True, "x/"),
    ("assets/x.md", "lookup/index.md?m=a&a=b", True, "../../lookup/?m=a&a=b"),
    ("assets/types/road_2.md", "assets/x.md#lamp-1", True, "../../x/#lamp-1"),
    ("departments/x.md", "departments/y.md", False, "y.html"),
    ("assets/x.md", "lookup/index.md?m=a", False, "../lookup/index.html?m=a"),
    ("index.md", "index.md", False, "index.html"),
])
def test_relative_url(src: str, dst: str, dirs: bool, want: str) -> None:
    assert relative_url(src, dst, dirs) == want


def test_links_without_directory_urls(tmp_path: Path) -> None:
    out = pages(build(tmp_path, SMALL_ZH), directory_urls=False)
    assert '<a href="../assets/road-d3.html">D3 路</a>' in body(out["departments/builder.md"])


def test_search_budget_excludes_asset_pages_beyond_the_limit(tmp_path: Path) -> None:
    d = build(tmp_path, SMALL_ZH)
    assert "search" not in front(pages(d)["assets/road-d3.md"])
    out = pages(d, search_assets_max=1)
    assert front(out["assets/road-d3.md"])["search"] == {"exclude": True}
    assert "search" not in front(out["departments/builder.md"])
    assert front(out["matters/streetlight-out.md"])["search"] == {"boost": 2}


def test_long_lists_are_split_into_pages(tmp_path: Path) -> None:
    n = ROWS_PER_PAGE * 2 + 100
    assets = "".join(f"  - id: road-{i:04d}\n    name: 道路 {i}\n    type: road\n"
                     f"    owner: owner\n" for i in range(n))
    matters = "".join(f"  - id: matter-{i:04d}\n    name: 事项 {i}\n    group: 组 {i % 2}\n"
                      f"    handled_by: owner\n" for i in range(n))
    text = ("site: {title: t, language: zh}\ndepartments:\n  - id: owner\n    name: 单位\n"
            f"assets:\n{assets}matters:\n{matters}")
    out = pages(build(tmp_path, text))
    assert "road-0000" not in body(out["assets/index.md"])
    type_pages = sorted(p for p in out if p.startswith("assets/types/road"))
    assert type_pages == ["assets/types/road.md", "assets/types/road_2.md",
                          "assets/types/road_3.md"]
    rows = [body(out[p]).count("<tr><td><a ") for p in type_pages]
    assert rows == [ROWS_PER_PAGE, ROWS_PER_PAGE, 100]
    assert all(front(out[p]).get("search") == {"exclude": True} for p in type_pages)
    groups = sorted(p for p in out if p.startswith("matters/groups/"))
    assert groups == ["matters/groups/1.md", "matters/groups/1_2.md", "matters/groups/2.md",
                      "matters/groups/2_2.md"]
    assert "matter-0001" in body(out["matters/groups/2.md"])


def test_declared_department_kinds_show_their_names(tmp_path: Path) -> None:
    """A kind the registry declares is shown by its name; a declared kind with a built-in
    id renames it; other built-in kinds keep the catalogue's word."""
    text = SMALL_ZH.replace("departments:\n", "department_kinds:\n"
                            "  - {id: street-office, name: 街道办事处}\n"
                            "  - {id: office, name: 工作专班}\n"
                            "departments:\n", 1)
    text = text.replace("    name: 管委会\n    kind: committee\n",
                        "    name: 管委会\n    kind: street-office\n", 1)
    assert text.count("street-office") == 2
    got = pages(build(tmp_path, text))
    dep = body(got["departments/committee.md"])
    assert "街道办事处" in dep
    index = body(got["departments/index.md"])
    assert "街道办事处" in index and "工作专班" in index
    centre = body(got["departments/centre.md"]).replace("企业服务中心", "")
    assert "服务中心" in centre and "工作专班" not in centre


def test_matter_page_lists_only_the_contacts_that_serve_it(tmp_path: Path) -> None:
    """A contact that says which matters it serves is left off other matters' pages, as in
    an answer; contacts that say nothing are on every page."""
    text = SMALL_ZH.replace('''        hours: 工作日 9:00-17:30
      - role: 夜间值班（内部）''', '''        hours: 工作日 9:00-17:30
      - role: 融资对接专线
        phone: "0851-0000-0009"
        serves: [financing]
      - role: 夜间值班（内部）''', 1)
    assert "融资对接专线" in text
    got = pages(build(tmp_path, text))
    page = body(got["matters/streetlight-out.md"])
    assert "诉求受理" in page and "融资对接专线" not in page
    assert "融资对接专线" in body(got["departments/centre.md"])
    assert "融资对接专线" in body(got["matters/financing.md"])

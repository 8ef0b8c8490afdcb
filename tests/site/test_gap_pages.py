"""The gaps report, the handover dashboard and the disputes register (gap_pages.gap_files):
counts and the overdue figure for a fixed date, links, escaping, determinism, splitting."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.checks.findings import run_checks
from generator.directory import Directory
from generator.load.registry import load
from generator.outfile import OutFile
from generator.site import gap_pages
from generator.site.gap_pages import gap_files
from generator.site.urls import relative_url

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "checks" / "golden_checks"
TODAY = dt.date(2026, 1, 1)


def d3_due_line() -> int:
    """The line of the due date of road D3's lighting handover (its second) in the
    example."""
    lines = (ROOT / "directory" / "assets-roads.yaml").read_text(encoding="utf-8").splitlines()
    road = lines.index("  - id: road-d3")
    lighting = next(i for i in range(road, len(lines))
                    if lines[i].strip() == "duties: [lighting, energy-bill]")
    return next(i for i in range(lighting, len(lines)) if "due:" in lines[i]) + 1


def edit(file: str, line: int) -> str:
    return f"https://git.example.org/edit/main/{file}#L{line}"


def pages_of(path: Path | str, today: dt.date = TODAY, **kw: object) -> dict[str, OutFile]:
    reg, diags = load(path)
    assert not [x for x in diags if x.severity == "error"], diags
    d = Directory(reg, today=today)
    files = gap_files(d, run_checks(d, today), **kw)  # type: ignore[arg-type]
    # the filter script comes with the pages, the same for every registry
    assert files[-1].path == gap_pages.SCRIPT_FILE
    return {f.path: f for f in files[:-1]}


@pytest.fixture(scope="module")
def example() -> dict[str, OutFile]:
    return pages_of(ROOT / "directory", edit_url=edit)


def attr(html: str, cls: str, name: str) -> str:
    m = re.search(rf'<div class="[^"]*\b{cls}\b[^"]*"[^>]*\bdata-{name}="([^"]*)"', html)
    assert m, (cls, name)
    return m.group(1)


def text(f: OutFile) -> str:
    assert isinstance(f.content, str)
    return f.content


def test_three_pages_in_the_nav(example: dict[str, OutFile]) -> None:
    assert sorted(example) == ["disputes/index.md", "gaps/index.md", "handovers/index.md"]
    assert all(f.nav for f in example.values())
    assert example["gaps/index.md"].title == "责任空白"
    assert example["handovers/index.md"].title == "移交看板"
    assert example["disputes/index.md"].title == "职责争议登记"


def test_gaps_report_counts_by_kind(example: dict[str, OutFile]) -> None:
    html = text(example["gaps/index.md"])
    assert attr(html, "remit-gaps-summary", "open") == "5"
    assert attr(html, "remit-gaps-summary", "accepted") == "1"
    kinds = re.findall(r'<div class="remit-dash remit-gaps" data-kind="([a-z-]+)" '
                       r'data-open="(\d+)" data-accepted="(\d+)"', html)
    assert kinds == [("missing-duty", "0", "1"), ("handover-no-interim", "1", "0"),
                     ("handover-overdue", "1", "0"), ("dispute-overdue", "1", "0"),
                     ("stale-contact", "1", "0"), ("lead-missing", "1", "0")]
    # every kind has a Markdown heading (for the table of contents) with a stable anchor
    assert "## 移交逾期 {#handover-overdue}" in html
    assert "截至 2026-01-01，名录中有 5 处待处理的责任空白，另有 1 处已说明理由接受" in html


def test_gaps_report_links_entity_and_registry_line(example: dict[str, OutFile]) -> None:
    html = text(example["gaps/index.md"])
    row = re.search(r'<tr class="remit-row remit-row--open" data-id="road-d3"[^>]*>.*?</tr>', html)
    assert row
    assert '<a href="../assets/road-d3/">综保区 D3 路</a>' in row.group(0)
    assert (f'href="https://git.example.org/edit/main/directory/assets-roads.yaml#L{d3_due_line()}"'
            in row.group(0))
    assert "185 天" in row.group(0)
    dep = re.search(r'data-id="commerce-bureau"[^>]*>.*?</tr>', html)
    assert dep and '<a href="../departments/commerce-bureau/">商务局</a>' in dep.group(0)
    disp = re.search(r'data-id="d-road-b2-lighting"[^>]*>.*?</tr>', html)
    assert disp and 'href="../disputes/#d-road-b2-lighting"' in disp.group(0)


def test_gaps_report_shows_accepted_gap_with_reason(example: dict[str, OutFile]) -> None:
    html = text(example["gaps/index.md"])
    row = re.search(r'<tr class="remit-row remit-row--accepted" data-id="steam-line-north"[^>]*>'
                    r'.*?</tr>', html)
    assert row
    assert "已接受" in row.group(0) and "管道已建成但能源站尚未招商落地" in row.group(0)


def test_handover_dashboard_counts_and_overdue_figure(example: dict[str, OutFile]) -> None:
    html = text(example["handovers/index.md"])
    head = "remit-handovers-summary"
    # one row per handover: road D3 has two (its road accepted, its lighting overdue)
    assert attr(html, head, "total") == "6"
    for state in ("overdue", "disputed", "in-progress", "planned"):
        assert attr(html, head, state) == "1"
    assert attr(html, head, "accepted") == "2"
    assert attr(html, head, "max-late") == "185"
    # the chart: one bar per status, drawn at build time (no script): HTML labels and
    # counts, an SVG bar each
    bars = re.findall(r'<li class="remit-bar" data-state="([a-z-]+)" data-count="(\d+)">',
                      html)
    assert bars == [("overdue", "1"), ("disputed", "1"), ("in-progress", "1"),
                    ("planned", "1"), ("accepted", "2")]
    assert "<svg" in html
    # its text alternative: a figure with a caption, the labels and counts as text
    assert ('<figure class="remit-chart" aria-labelledby="remit-chart-title">\n'
            '<figcaption id="remit-chart-title" class="remit-chart__title">各状态的移交数量'
            '</figcaption>') in html
    assert ('<a class="remit-bar__name" href="#overdue">移交逾期</a><svg class="remit-bar__track"'
            ' viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"') in html
    assert '<span class="remit-bar__n">1</span></li>' in html
    # the filters' script, from the site itself (every script of the page has a src)
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="../assets/javascripts/remit-staff-views.js" defer>' in scripts
    assert all(" src=" in x for x in scripts)
    d3 = re.search(r'<tr id="h-road-d3-2" data-asset="road-d3" data-state="overdue" '
                   r'data-late="185"[^>]*>.*?</tr>', html)
    assert d3
    for piece in ("移交逾期", "逾期 185 天", "2024-01-10", "2025-06-30", "照明、电费缴纳",
                  '<a href="../departments/construction-investment/">明湖新区建设投资有限公司</a>'
                  " → "
                  '<a href="../departments/municipal-roads/">市政管理处</a>'):
        assert piece in d3.group(0)
    road = re.search(r'<tr id="h-road-d3" data-asset="road-d3" data-state="accepted" '
                     r'data-late="0"[^>]*>.*?</tr>', html)
    assert road and "养护维修、清扫保洁" in road.group(0) and "2025-10-28" in road.group(0)
    assert "remit-superseded" not in html  # neither of them is history
    b2 = re.search(r'<tr id="h-road-b2"[^>]*data-state="disputed"[^>]*>.*?</tr>', html)
    assert b2 and "照明、电费缴纳" in b2.group(0)
    loop = re.search(r'<tr id="h-water-park-loop".*?</tr>', html)
    assert loop and "未指定（由明湖综保区开发运营有限公司负责）" in loop.group(0)
    assert "最长已逾期 185 天" in html


def test_dashboard_follows_the_date() -> None:
    later = pages_of(ROOT / "directory", today=dt.date(2027, 7, 1))
    html = text(later["handovers/index.md"])
    # D5 (due 2027-06-30) is overdue by a day now; water-park-loop by 182 days
    assert attr(html, "remit-handovers-summary", "overdue") == "3"
    assert attr(html, "remit-handovers-summary", "max-late") == "731"
    assert re.search(r'<tr id="h-road-d5"[^>]*data-late="1"', html)


def test_disputes_register(example: dict[str, OutFile]) -> None:
    html = text(example["disputes/index.md"])
    assert attr(html, "remit-disputes", "total") == "2"
    assert attr(html, "remit-disputes", "open") == "1"
    assert attr(html, "remit-disputes", "late") == "1"
    assert attr(html, "remit-disputes", "resolved") == "1"
    card = re.search(r'<div class="remit-dcard remit-dcard--late" id="d-road-b2-lighting" '
                     r'data-status="open" data-late="185"[^>]*>.*?</dl>', html, re.S)
    assert card
    for piece in ("争议各方", "裁定单位", "营商环境建设办公室", "过渡期责任单位", "2025-03-01",
                  "逾期 185 天", '<a href="../assets/road-b2/">综保区 B2 路</a>'):
        assert piece in card.group(0)
    resolved = re.search(r'id="d-hydrant-maintenance" data-status="resolved".*?</div>\n</div>',
                         html, re.S)
    assert resolved and "园区围网内消火栓由园区运营公司维护" in resolved.group(0)


def test_links_without_directory_urls() -> None:
    html = text(pages_of(ROOT / "directory", directory_urls=False)["gaps/index.md"])
    assert '<a href="../assets/road-d3.html">' in html
    assert 'href="../disputes/index.html#d-road-b2-lighting"' in html
    assert "git.example.org" not in html  # no edit_url: positions are plain text
    n = d3_due_line()
    assert (f'<span class="remit-where" title="directory/assets-roads.yaml:{n}">directory/<wbr>'
            f'assets-roads.yaml:{n}</span>') in html


def test_relative_url() -> None:
    assert relative_url("gaps/index.md", "assets/x.md") == "../assets/x/"
    assert relative_url("gaps/handover-overdue.md", "assets/x.md#l1") == "../../assets/x/#l1"
    assert relative_url("gaps/handover-overdue.md", "gaps/index.md") == "../"
    assert relative_url("gaps/index.md", "gaps/stale-contact.md") == "stale-contact/"
    assert relative_url("gaps/x.md", "assets/y.md", directory_urls=False) == "../assets/y.html"


def test_minor_assets_link_to_their_parent_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN / "unowned-minor-aggregated")
    html = text(pages_of(".", edit_url=edit)["gaps/index.md"])
    row = re.search(r'data-id="slc-1"[^>]*><td[^>]*><a href="../assets/slc-1/">1 号照明回路</a>'
                    r'<div class="remit-muted">7 处</div>.*?</tr>', html)
    assert row, html
    assert "第 2-7, 9 行" in row.group(0)
    assert 'href="https://git.example.org/edit/main/lamps.csv#L2"' in row.group(0)
    # a lamp with no parent is a row of its type's list page, as on the rest of the site
    assert re.search(r'data-id="lamp-x-001"[^>]*><td[^>]*><a href="../assets/types/street-lamp/'
                     r'#lamp-x-001">无回路的灯</a>', html)


def test_big_registries_split_per_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gap_pages, "ONE_PAGE_MAX", 5)
    monkeypatch.setattr(gap_pages, "PREVIEW", 2)
    monkeypatch.chdir(GOLDEN / "matter-unroutable")
    files = pages_of(".")
    assert {"gaps/unowned-asset.md", "gaps/missing-duty.md"} <= set(files)
    assert "gaps/matter-unroutable.md" not in files  # 2 findings: all on the index
    index = text(files["gaps/index.md"])
    part = index.split("{#unowned-asset}")[1].split("## ")[0]
    assert part.count("<tr class=\"remit-row") == 2
    assert '<a href="unowned-asset/">全部 8 条</a>' in part
    own = text(files["gaps/unowned-asset.md"])
    assert own.count("<tr class=\"remit-row") == 8
    assert '<a href="../../assets/road-01/">' in own and '<a href="../">' in own
    assert files["gaps/unowned-asset.md"].nav is False


def test_big_handover_lists_split_per_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gap_pages, "HANDOVER_ROWS_MAX", 1)
    files = pages_of(ROOT / "directory", today=dt.date(2027, 7, 1))
    assert "handovers/overdue.md" in files
    overdue = text(files["handovers/overdue.md"])
    assert overdue.count('<tr id="h-') == 3
    assert 'href="../../assets/road-d3/"' in overdue
    index = text(files["handovers/index.md"])
    assert '<a href="overdue/">全部 3 条</a>' in index


def test_english_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = (ROOT / "directory" / "departments.yaml").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "directory", tmp_path, dirs_exist_ok=True)
    (tmp_path / "departments.yaml").write_text(src.replace("language: zh", "language: en"),
                                               encoding="utf-8")
    monkeypatch.setattr(gap_pages, "ONE_PAGE_MAX", 1)
    monkeypatch.setattr(gap_pages, "PREVIEW", 0)
    files = pages_of(tmp_path)
    assert files["gaps/index.md"].title == "Responsibility gaps"
    # front matter is valid YAML even with ": " in a title
    for f in files.values():
        if f.path.endswith(".json"):  # the rows' index of the paged report
            continue
        head = yaml.safe_load(text(f).split("---\n")[1])
        assert head["title"] == f.title
    assert files["gaps/handover-overdue.md"].title == (
        "Responsibility gaps: Handovers past their due date")
    html = text(files["handovers/index.md"])
    assert "185 days overdue" in html and "Handover dashboard" in html
    gaps = text(files["gaps/handover-overdue.md"])
    assert ("handover of &#39;road-d3&#39; (lighting, energy-bill) to &#39;municipal-roads&#39; "
            "is 185 days past its due date") in gaps


def test_deterministic(example: dict[str, OutFile]) -> None:
    again = pages_of(ROOT / "directory", edit_url=edit)
    assert {k: v.content for k, v in again.items()} == {k: v.content for k, v in
                                                        example.items()}


HOSTILE = """site:
  title: t
  language: zh
departments:
  - id: evil
    name: "<script>alert(1)</script> | {: onclick=alert(2)}"
    contacts:
      - role: "<img src=x onerror=alert(3)>"
        phone: "0851-0000-0001"
        verified: 2020-01-01
    responsibilities:
      - text: "协调 <b>一切</b> [x](javascript:alert(4))"
  - id: good
    name: Good
    contacts:
      - role: desk
        phone: "0851-0000-0002"
        verified: 2025-12-01
assets:
  - id: road
    name: "Road **bold** <iframe> | pipe"
    type: road
    owner: evil
    duties: {maintenance: evil, cleaning: evil, lighting: evil}
    handover:
      from: evil
      to: good
      status: in-progress
      due: 2025-01-01
disputes:
  - id: d1
    asset: road
    parties: [evil, good]
    deadline: 2025-02-01
    status: open
    notes: "</div><script>alert(5)</script>"
    outcome: "javascript:alert(6)"
"""


def test_registry_text_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text(HOSTILE, encoding="utf-8")
    files = pages_of(tmp_path)
    for f in files.values():
        # the only scripts are the site's own files (the filters, the map), by src
        html = re.sub(r'<script src="(\.\./)*assets/[a-z/.-]+\.js"( defer)?></script>', "",
                      text(f))
        assert "<script" not in html and "<iframe" not in html and "<img" not in html
        assert "<b>" not in html and 'href="javascript' not in html
        assert "onclick=alert" not in html.replace("{: onclick=alert(2)}", "")
    gaps = text(files["gaps/index.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | {: onclick=alert(2)}" in gaps
    assert "Road **bold** &lt;iframe&gt; | pipe" in text(files["handovers/index.md"])
    assert "&lt;/div&gt;&lt;script&gt;" in text(files["disputes/index.md"])
    # every hostile string sits inside an HTML block: no line of registry text is Markdown
    for f in files.values():
        for line in text(f).splitlines():
            if "alert(" in line:
                assert line.startswith("<"), line


# --- the real site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built by MkDocs with the build date pinned to 2026-01-01."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("site5")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    cfg = re.sub(r"(?m)^(\s*)registry: directory\s*$",
                 rf"\g<1>registry: {ROOT / 'directory'}\n\g<1>today: 2026-01-01", cfg)
    assert "today: 2026-01-01" in cfg
    (tmp / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                        str(tmp / "mkdocs.yml"), "-d", str(tmp / "site")], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return tmp / "site"


def test_built_dashboard(built_site: Path) -> None:
    html = (built_site / "handovers" / "index.html").read_text(encoding="utf-8")
    assert 'data-total="6"' in html and 'data-max-late="185"' in html
    assert '<li class="remit-bar" data-state="overdue" data-count="1">' in html
    assert re.search(r'<h2 id="overdue">', html)  # a heading of the table of contents
    assert 'data-asset="road-d3" data-state="overdue" data-late="185"' in html
    assert "<svg" in html and "逾期 185 天" in html


def test_built_gaps_report(built_site: Path) -> None:
    html = (built_site / "gaps" / "index.html").read_text(encoding="utf-8")
    assert 'data-open="5" data-accepted="1"' in html
    assert re.search(r'<h2 id="handover-overdue">', html)
    assert '<a href="../assets/road-d3/">综保区 D3 路</a>' in html
    assert (built_site / "assets" / "road-d3" / "index.html").exists()
    assert (built_site / "departments" / "commerce-bureau" / "index.html").exists()
    disputes = (built_site / "disputes" / "index.html").read_text(encoding="utf-8")
    assert 'id="d-road-b2-lighting" data-status="open" data-late="185"' in disputes


def test_long_kinds_are_paged(tmp_path: Path) -> None:
    n = gap_pages.ONE_PAGE_MAX + 10  # two pages: KIND_PAGE_ROWS, then the rest
    assets = "".join(f"  - {{id: road-{i:04d}, name: 路{i}, type: facility}}\n"
                     for i in range(n))
    (tmp_path / "departments.yaml").write_text(
        "site: {title: 测试}\ndepartments:\n  - {id: roads, name: 市政}\nassets:\n" + assets,
        encoding="utf-8")
    pages = pages_of(tmp_path)
    first, second = pages["gaps/unowned-asset.md"], pages["gaps/unowned-asset-2.md"]
    assert "gaps/unowned-asset-3.md" not in pages
    assert text(first).count('id="road-') == gap_pages.KIND_PAGE_ROWS
    assert text(second).count('id="road-') == n - gap_pages.KIND_PAGE_ROWS
    assert 'href="../unowned-asset-2/"' in text(first)
    assert 'aria-current="page"' in text(second)


def test_example_filters(example: dict[str, OutFile]) -> None:
    """The controls of each view: hidden until the script shows them, labelled, offering
    the departments of the rows by name; each row names its departments for them. The
    example fits on one page per view: no rows index."""
    html = text(example["handovers/index.md"])
    form = re.search(r'<form class="remit-filter" data-family="handovers" '
                     r'data-today="2026-01-01"[^>]*\bhidden\b[^>]*>.*?</form>', html, re.S)
    assert form and "data-index" not in form.group(0)
    for name, label in (("dept", "部门"), ("state", "状态"), ("due", "期限"), ("sort", "排序")):
        assert f'<label for="rf-{name}">{label}</label><select id="rf-{name}" name="{name}"' \
            in form.group(0)
    assert ('<option value="">全部部门</option><option value="municipal-roads">市政管理处'
            '</option>') in form.group(0)
    assert '<option value="open">未完成</option>' in form.group(0)
    assert re.search(r'<tr id="h-road-d3-2"[^>]* data-depts="construction-investment '
                     r'municipal-roads" data-due="2025-06-30" data-since="2024-01-10">', html)
    gaps = text(example["gaps/index.md"])
    assert re.search(r'<select id="rf-kind" name="kind"><option value="">全部类型</option>'
                     r'<option value="missing-duty">', gaps)
    assert re.search(r'data-kind="handover-overdue"[^>]*>\n<p.*?data-id="road-d3" '
                     r'data-status="open" data-depts="[a-z -]*municipal-roads[a-z -]*"', gaps,
                     re.S)
    # on a phone the rows are cards: their labels come from the stylesheet, once per
    # language, not from every row
    css = gap_pages.stylesheet()
    assert ('.md-typeset:lang(zh) .remit-cards--handovers table:not([class]) '
            'td:nth-child(5)::before{content:"期限"}') in css
    assert ('.md-typeset:lang(en) .remit-cards--gaps table:not([class]) '
            'td:nth-child(3)::before{content:"Registry line"}') in css
    assert "data-label" not in html
    disputes = text(example["disputes/index.md"])
    assert 'data-state="late" data-depts="' in disputes
    assert not [p for p in example if p.endswith(".json")]


def test_paged_views_ship_their_rows_index(tmp_path: Path) -> None:
    """A kind of gap too long for one page: every page's form points at gaps/filter.json,
    which holds every finding (kind, status, departments, page) compactly."""
    import json

    n = gap_pages.ONE_PAGE_MAX + 10
    assets = "".join(f"  - {{id: road-{i:04d}, name: 路{i}, type: facility"
                     f"{', duties: {maintenance: roads}' if i % 3 == 0 else ''}}}\n"
                     for i in range(n))
    (tmp_path / "departments.yaml").write_text(
        "site: {title: 测试}\ndepartments:\n  - {id: roads, name: 市政}\nassets:\n" + assets,
        encoding="utf-8")
    pages = pages_of(tmp_path)
    assert 'data-index="filter.json"' in text(pages["gaps/index.md"])
    assert 'data-index="../filter.json"' in text(pages["gaps/unowned-asset-2.md"])
    assert "本页每类只列出前 20 条" in text(pages["gaps/index.md"])
    # the departments are named once, in the index, for every page
    assert '<option value="roads">' not in text(pages["gaps/unowned-asset.md"])
    assert f"这一类共 {n} 条，分 2 页列出" in text(pages["gaps/unowned-asset.md"])
    data = json.loads(text(pages["gaps/filter.json"]))
    assert data["fields"] == ["kind", "status", "depts", "page"]
    assert data["depts"] == [["roads", "市政"]]
    titles = [p[1] for p in data["pages"]]
    assert data["pages"][:3] == [["./", "责任空白"], ["unowned-asset/", titles[1]],
                                 ["unowned-asset-2/", titles[2]]]
    unowned = [r for r in data["rows"]
               if data["values"]["kind"][r[0]] == "unowned-asset"]
    assert len(unowned) == n
    assert sum(1 for r in unowned if r[2] == [0]) == len(range(0, n, 3))
    assert {r[3] for r in unowned} == {1, 2}
    # small enough to fetch on a phone: a few dozen bytes a row
    assert len(text(pages["gaps/filter.json"]).encode()) < 40 * len(data["rows"])


def test_no_inline_styles_the_policy_would_block(example: dict[str, OutFile]) -> None:
    """The site's Content-Security-Policy allows no <style> element: the pages' styles are
    in the site stylesheet, and the chart's bars are coloured by class (with an SVG fill
    attribute as the fallback), not by style attributes."""
    from generator.site.render import CSS_FILE, render_site, stylesheet

    for f in example.values():
        assert "<style" not in str(f.content) and 'style="' not in str(f.content), f.path
    chart = str(example["handovers/index.md"].content)
    assert 'class="remit-bar__fill"' in chart and 'fill="#c62828"' in chart
    css = stylesheet().decode("utf-8")
    assert gap_pages.stylesheet() in css
    assert '.remit-bar[data-state="overdue"] .remit-bar__fill' in css
    r, _ = load(ROOT / "directory")
    site = {f.path: f for f in render_site(Directory(r, today=TODAY))}
    assert site[CSS_FILE].content == stylesheet()

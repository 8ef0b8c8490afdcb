"""Real MkDocs builds: the example site with ``--strict``, a broken registry, the gap
warnings, ``remit render --out`` built by a plain MkDocs, and ``remit build``.

The example is the session's shared build (``example_build`` in tests/conftest.py), checked
to be clean enough for ``--strict``; the others are small registries.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import SMALL_REGISTRY, ExampleBuild, make_project
from conftest import run_mkdocs as mkdocs
from conftest import run_remit as remit

from generator.mkdocs_edge.site_config import read_mkdocs_config, write_mkdocs_config

ROOT = Path(__file__).resolve().parents[2]


#: a line of the build log that ``mkdocs build --strict`` counts (and then fails on): the
#: ``mkdocs`` loggers' warnings and errors, printed with their level first
STRICT_FAILS = re.compile(r"^(WARNING|ERROR|CRITICAL) *-  ", re.M)


@pytest.fixture(scope="module")
def site(example_build: ExampleBuild) -> Path:
    """The session's shared build of the example (tests/conftest.py), which must pass
    ``--strict``: its log holds no warning, no error and no traceback."""
    assert not STRICT_FAILS.findall(example_build.stderr), example_build.stderr[-3000:]
    assert "Traceback" not in example_build.stderr
    return example_build.out


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's own content (what Markdown and remit produced, without the theme)."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start:html.index("</article>", start)]


def toc(html: str) -> list[tuple[str, str]]:
    """The page's table of contents (Material's right-hand sidebar): (link, title)."""
    start = html.index('data-md-type="toc"')
    side = html[start:html.index("</nav>", start)]
    return [(href, squeeze(text).strip()) for href, text in re.findall(
        r'<a href="(#[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>',
        side, re.S)]


def primary_nav(html: str) -> str:
    """The site's navigation as drawn on the page (Material's left-hand sidebar)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start:html.index('data-md-type="toc"', start)]


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


# --- the example site ------------------------------------------------------------------------


def test_nothing_is_written_into_content(site: Path) -> None:
    generated = [p for p in (ROOT / "content").rglob("*")
                 if p.is_relative_to(ROOT / "content" / "departments")
                 or p.is_relative_to(ROOT / "content" / "assets")]
    assert generated == []


def test_department_page_lists_the_assets_it_owns(site: Path) -> None:
    html = article(page(site, "departments/construction-investment"))
    assert "明湖新区建设投资有限公司" in html
    for asset in ("road-d3", "road-d5", "slc-d3-1"):
        assert f'href="../../assets/{asset}/"' in html, asset
    assert "拥有的资产" in html and "路灯" in html
    assert 'href="tel:085100000161"' in html
    assert re.search(r'href="https://github.com/example/remit/edit/main/directory/'
                     r'departments.yaml#L\d+"', html)


def test_road_d3_shows_overdue_handover_and_interim(site: Path) -> None:
    html = article(page(site, "assets/road-d3"))
    assert 'remit-badge--overdue">移交逾期</span>' in html
    interim = html[html.index("remit-handover__interim"):]
    interim = interim[:interim.index("</div>")]
    assert "移交完成前由谁负责" in interim and "明湖新区建设投资有限公司" in interim
    assert "2025-06-30" in html
    assert 'href="../../lookup/?m=streetlight-out&amp;a=road-d3"' in html
    assert re.search(r'/edit/main/directory/assets-roads.yaml#L\d+"', html)
    # the street lamps of its circuit are rows of the circuit's page, not pages
    circuit = article(page(site, "assets/slc-d3-2"))
    assert re.search(r'<tr id="lamp-d3b-\d+">', circuit)
    assert not (site / "assets" / "lamp-d3b-001").exists()


def test_matter_page_shows_every_level_with_its_duration(site: Path) -> None:
    html = article(page(site, "matters/streetlight-out"))
    steps = re.findall(r'<li class="remit-step">(.*?)</li>', html)
    assert len(steps) == 3
    for step, when, who in zip(steps, ("受理时", "受理后 5 个工作日",
                                      "受理后 15 个工作日"),
                               ("企业服务中心", "营商环境建设办公室", "经济发展局"),
                               strict=True):
        assert when in step and who in step
    assert "办理时限 3 个工作日" in html


def test_nav_holds_articles_and_index_pages_only(site: Path) -> None:
    html = page(site, "assets/road-d3")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    links = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)" '
                       r'class="md-nav__link', nav)
    targets = {a or b for a, b in links}
    assert "../../departments/" in targets and "../../guide/handover/" in targets
    assert not any(re.search(r"(departments|assets|matters)/[a-z0-9-]+/$", t) and
                   not t.endswith(("../departments/", "../assets/", "../matters/"))
                   for t in targets), targets
    assert len(targets) < 25


def test_chinese_search_index(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    docs = {d["location"]: d for d in index["docs"]}
    matter = docs["matters/streetlight-out/"]
    assert "路灯" in matter["text"].split("\u200b") or "路灯" in matter["title"]
    assert "\u200b" in matter["title"] or "\u200b" in matter["text"]  # jieba segmented
    # one entry per entity page: the sections after the head block are excluded
    assert not any(loc.startswith("matters/streetlight-out/#") for loc in docs)
    assert not any(loc.startswith("assets/types/") for loc in docs)


def test_no_reference_to_other_hosts(site: Path) -> None:
    html = page(site, "assets/road-d3")
    html = re.sub(r'<link rel="canonical"[^>]*>', "", html)  # an address, not a request
    for pattern in (r'<link[^>]+href="(https?:)?//', r'<script[^>]+src="(https?:)?//',
                    r"fonts.googleapis", r"unpkg", r"cdn\."):
        assert not re.search(pattern, html), pattern


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.hrefs.append(v)


def test_every_internal_link_resolves(site: Path) -> None:
    """MkDocs does not check links inside raw HTML, so this does."""
    broken = []
    for f in site.rglob("*.html"):
        if f.name == "404.html":  # absolute links, for any depth
            continue
        p = _Links()
        p.feed(f.read_text(encoding="utf-8"))
        for href in p.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (f.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{f.relative_to(site)} -> {href}")
    assert broken == []


def test_navigation_is_right_on_every_page(site: Path) -> None:
    """The plugin draws the navigation once for all the pages beside each other (not in
    it): on every page it must still lead to the same pages, and mark the page itself
    when the page is in it."""
    targets: dict[frozenset[str], list[str]] = {}
    active_on = []
    for f in sorted(site.rglob("index.html")):
        nav = primary_nav(f.read_text(encoding="utf-8"))
        hrefs = re.findall(r'<a href="([^"#]*)"[^>]*class="md-nav__link', nav)
        found = frozenset(str((f.parent / h).resolve().relative_to(site.resolve()))
                          for h in hrefs)
        targets.setdefault(found, []).append(str(f.relative_to(site)))
        if "md-nav__link--active" in nav:
            active_on.append(str(f.parent.relative_to(site)))
    assert len(targets) == 1, {k: v[:3] for k, v in targets.items()}
    # the pages of the navigation, and only they, are marked in it
    assert set(active_on) == {p for p in next(iter(targets)) if p != "."} | {"."}
    assert "assets" in active_on and "assets/road-d3" not in active_on


def test_a_projects_own_navigation_is_drawn_for_each_page(tmp_path: Path) -> None:
    """A project's own partials/nav.html may show something of the page: the plugin then
    leaves the navigation to it, page by page."""
    two = SMALL_REGISTRY.replace("assets:", """\
  - id: b
    name: B
    contacts: [{role: desk, phone: "0851-0000-0002", verified: 2026-11-01}]
assets:""")
    config = make_project(tmp_path, two)
    config.write_text(config.read_text().replace(
        "  font: false\n", "  font: false\n  custom_dir: own\n"), encoding="utf-8")
    (tmp_path / "own" / "partials").mkdir(parents=True)
    (tmp_path / "own" / "partials" / "nav.html").write_text(
        '<nav class="md-nav md-nav--primary" data-own="{{ page.url }}"></nav>\n')
    built = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr[-3000:]
    pages = [f for f in (tmp_path / "out").rglob("index.html")
             if f.parent.parent.name in ("departments", "matters", "assets")]
    assert len(pages) == 3  # two of them beside each other
    for f in pages:
        url = f.parent.relative_to(tmp_path / "out").as_posix() + "/"
        assert f'data-own="{url}"' in f.read_text(encoding="utf-8"), url


def test_articles_link_to_entities_and_entities_list_their_articles(site: Path) -> None:
    report = article(page(site, "guide/report"))
    assert '<a href="../../matters/streetlight-out/">路灯不亮</a>' in report
    assert '<a href="../../assets/road-d3/">' in report and "[[" not in report
    matter = squeeze(article(page(site, "matters/streetlight-out")))
    assert "相关文章" in matter
    assert re.search(r'<a href="\.\./\.\./guide/report/">如何反映问题</a>', matter), matter
    asset = squeeze(article(page(site, "assets/road-d3")))
    assert '<a href="../../guide/handover/">移交以前谁来负责</a>' in asset
    # named in the front matter (about:) only
    centre = squeeze(article(page(site, "departments/service-centre")))
    assert '<a href="../../guide/report/">如何反映问题</a>' in centre


def _tag_listing(html: str) -> dict[str, set[str]]:
    """The tags page as tag anchor -> the pages listed under it (hrefs)."""
    out: dict[str, set[str]] = {}
    parts = re.split(r'<h2 id="(tag:[^"]+)"', html)
    for anchor, section in zip(parts[1::2], parts[2::2], strict=True):
        out[anchor] = set(re.findall(r'<a href="([^"#]+)"', section.split("<h2", 1)[0]))
    return out


def _chips(html: str) -> list[str]:
    mo = re.search(r'<nav class="md-tags"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)" class="md-tag">', mo.group(1)) if mo else []


def test_tags_page_lists_the_articles_and_no_search_words(site: Path) -> None:
    """Material's tags plugin: the tags page and the chips; a matter's keywords are
    searched as tags but are no browse tags."""
    tags = article(page(site, "tags"))
    listing = _tag_listing(tags)
    assert listing["tag:办理实例"] == {"../guide/one-meter/", "../guide/handover/"}
    # any generated page with tags is listed too: the cases' pages
    assert {"../guide/dark-streetlight/", "../guide/handover/", "../cases/c-2024-0031/",
            "../cases/c-2026-0048/"} <= listing["tag:路灯"]
    assert "../cases/c-2025-0014/" in listing["tag:一户一表"]
    assert "黑灯" not in tags and "tag:照明" not in listing  # streetlight-out's keywords
    chips = _chips(article(page(site, "guide/dark-streetlight")))
    assert chips == ["../../tags/#tag:二维码", "../../tags/#tag:报修", "../../tags/#tag:路灯"]
    assert all(c.split("#")[1] in listing for c in chips)
    assert "md-tags" not in article(page(site, "matters/streetlight-out"))
    assert "../../tags/#tag:道路移交" in _chips(article(page(site, "cases/c-2024-0031")))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert "黑灯" in docs["matters/streetlight-out/"]["tags"]
    assert docs["guide/one-meter/"]["tags"] == ["电费", "转供电", "一户一表", "办理实例"]
    assert not any(loc.startswith(("tags/", "articles/")) for loc in docs)


def test_articles_index_groups_by_topic_with_entity_links(site: Path) -> None:
    html = article(page(site, "articles"))
    topics = [re.sub(r"<[^>]+>|&para;", "", h).strip()
              for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    assert topics == ["诉求办理", "使用名录", "设施报修", "移交与过渡期", "用电与成本"]
    flat = squeeze(html)
    one_meter = flat[flat.index('href="../guide/one-meter/"'):]
    one_meter = one_meter[:one_meter.find("<h3")]  # up to the next article
    assert "一户一表：电费为什么降了三成" in one_meter and "下降了约三成" in one_meter
    assert '<a href="../assets/meter-xinchuang/">新创电子专用变压器计量点</a>' in one_meter
    assert '<a href="../matters/electricity-cost/">电费过高</a>' in one_meter
    assert '<a href="../tags/#tag:一户一表" class="md-tag">一户一表</a>' in flat
    # the articles cite cases by their titles
    handover = squeeze(article(page(site, "guide/handover")))
    assert '<a href="../../cases/c-2024-0031/">D3 路北段路灯整段不亮，夜班职工摸黑下班</a>' \
        in handover
    # every article is listed once, the home page is not
    listed = re.findall(r'<h3[^>]*><a href="\.\./([^"]+)">', html)
    assert sorted(listed) == sorted(
        ["about/", *(f"guide/{n}/" for n in ("calling-in", "closed-loop", "correction",
                                             "dark-streetlight", "handover", "one-meter",
                                             "report"))])


# --- failures and warnings ---------------------------------------------------------------------




GAP = """\
site: {title: t, language: en}
departments:
  - id: a
    name: A
    contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
  - id: b
    name: B
    contacts: [{role: desk, phone: "0851-0000-0002", verified: 2026-11-01}]
assets:
  - id: r
    name: R
    type: facility
    owner: a
    duties: {maintenance: a, operation: a}
    handover: {from: a, to: b, status: in-progress, due: 2026-01-01, interim: a}
"""


def test_broken_registry_fails_with_positions_and_no_traceback(tmp_path: Path) -> None:
    broken = GAP.replace("owner: a", "owner: nobody")
    config = make_project(tmp_path, broken)
    proc = mkdocs("build", "-f", str(config), "-d", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    check = remit("check", str(tmp_path / "reg"), cwd=tmp_path)
    errors = [ln for ln in check.stdout.splitlines() if ": error: " in ln]
    assert errors and all(e in proc.stderr for e in errors), (errors, proc.stderr)
    assert re.search(r"departments.yaml:\d+:\d+: error: assets\[r\]\.owner", proc.stderr)
    assert not (tmp_path / "out" / "index.html").exists()


def test_article_references_resolve_and_unknown_ones_fail_located(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    guide = tmp_path / "docs" / "guide"
    guide.mkdir()
    (guide / "good.md").write_text("---\nabout: [department:a]\n---\n# Good\n\n"
                                   "Ask [[department:a]] about [[asset:r]]; "
                                   "write `[[asset:nothing]]`.\n", encoding="utf-8")
    proc = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    good = (tmp_path / "out" / "guide" / "good" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../departments/a/">A</a>' in good
    assert '<a href="../../assets/r/">R</a>' in good and "<code>[[asset:nothing]]</code>" in good
    dept = (tmp_path / "out" / "departments" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Related articles" in dept and '<a href="../../guide/good/">Good</a>' in dept
    (guide / "bad.md").write_text("# Bad\n\nSee [[department:aa]] and\n[[assett:r]].\n",
                                  encoding="utf-8")
    proc = mkdocs("build", "-f", str(config), "-d", str(tmp_path / "out2"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "docs/guide/bad.md:3:5: error: unknown department 'aa'; did you mean 'a'?" \
        in proc.stderr, proc.stderr
    assert "docs/guide/bad.md:4:1: error: unknown kind of reference 'assett:r'; " \
        "did you mean 'asset'?" in proc.stderr, proc.stderr
    assert not (tmp_path / "out2" / "index.html").exists()
    render = remit("render", "--out", str(tmp_path / "plain"), "-f", str(config),
                   cwd=tmp_path)
    assert render.returncode != 0 and "docs/guide/bad.md:3:5: error:" in render.stderr


def test_open_gaps_fail_strict_builds_unless_logged_as_info(tmp_path: Path) -> None:
    config = make_project(tmp_path, GAP)
    proc = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert re.search(r"WARNING\s+-\s+\S*departments.yaml:\d+:\d+: warning: "
                     r"assets\[r\]\.handover\.due", proc.stderr), proc.stderr
    config.write_text(config.read_text() + "      gaps: info\n")
    proc = mkdocs("build", "--strict", "-f", str(config), "-d", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "out" / "assets" / "r" / "index.html").read_text(encoding="utf-8")
    assert "overdue" in html and "Who answers meanwhile" in html


def test_remit_build_publishes_nothing_when_the_build_fails(tmp_path: Path) -> None:
    config = make_project(tmp_path, GAP, "      gaps: info\n")
    site = tmp_path / "public"
    ok = remit("build", "-f", str(config), "-d", str(site), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    before = (site / "assets" / "r" / "index.html").read_bytes()
    (tmp_path / "reg" / "departments.yaml").write_text(GAP.replace("owner: a", "owner: x"))
    bad = remit("build", "-f", str(config), "-d", str(site), cwd=tmp_path)
    assert bad.returncode == 1 and "unchanged" in bad.stderr
    assert (site / "assets" / "r" / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


# --- remit render --out ------------------------------------------------------------------------


def test_render_out_builds_with_plain_mkdocs(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "plain"
    proc = remit("render", "--out", str(out), "-f", str(ROOT / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stderr
    cfg = read_mkdocs_config(out / "mkdocs.yml")
    assert not any(p == "remit" or (isinstance(p, dict) and "remit" in p)
                   for p in cfg["plugins"])
    assert (out / "content" / "departments" / "service-centre.md").exists()
    assert (out / "content" / "guide" / "report.md").exists()
    assert "index.md" in json.dumps(cfg["nav"], ensure_ascii=False)
    build = mkdocs("build", "--strict", "-f", str(out / "mkdocs.yml"), "-d",
                   str(tmp_path / "plain-site"))
    assert build.returncode == 0, build.stderr[-3000:]
    # the same page, built with the plugin and without
    for url in ("assets/road-d3", "departments/service-centre", "matters/streetlight-out",
                "departments", "cases/c-2026-0056"):
        whole = (tmp_path / "plain-site" / url / "index.html").read_text("utf-8")
        if not url.startswith("cases/"):  # (a case's tag chips are drawn by each tags plugin)
            assert squeeze(article(whole)) == squeeze(article(page(site, url))), url
        # the plugin converts the section headings apart and makes the table of contents
        # from them: the same as Markdown makes it from the whole page
        assert toc(whole) == toc(page(site, url)), url
    assert toc(page(site, "assets/road-d3"))[:2] == [("#map", "地图"), ("#handover", "移交")]
    # the articles' references are links in the plain build too
    plain = article((tmp_path / "plain-site" / "guide" / "report" / "index.html").read_text(
        "utf-8"))
    assert '<a href="../../matters/streetlight-out/">路灯不亮</a>' in plain
    # no tags plugin there: remit's own tags page and chips, the same tags and links
    assert not any(p == "tags" or (isinstance(p, dict) and "tags" in p)
                   for p in cfg["plugins"])
    def plain_page(url: str) -> str:
        return article((tmp_path / "plain-site" / url / "index.html").read_text("utf-8"))
    assert _tag_listing(plain_page("tags")) == _tag_listing(article(page(site, "tags")))
    for url in ("guide/one-meter", "guide/handover", "matters/streetlight-out"):
        assert _chips(plain_page(url)) == _chips(article(page(site, url))), url
    assert squeeze(plain_page("articles")) == squeeze(article(page(site, "articles")))


def test_rendered_config_round_trips_python_tags(tmp_path: Path) -> None:
    cfg = read_mkdocs_config(ROOT / "mkdocs.yml")
    write_mkdocs_config(cfg, tmp_path / "m.yml")
    text = (tmp_path / "m.yml").read_text(encoding="utf-8")
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text
    assert read_mkdocs_config(tmp_path / "m.yml")["theme"] == cfg["theme"]


def test_render_out_refuses_the_project_folder(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    before = sorted(p for p in tmp_path.rglob("*"))
    proc = remit("render", "--out", str(tmp_path), "-f", str(tmp_path / "mkdocs.yml"))
    assert proc.returncode == 2
    assert "is the project folder" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_render_out_is_refused_inside_the_registry_and_docs(tmp_path: Path) -> None:
    config = make_project(tmp_path, GAP)
    for target in ("reg", "docs", "docs/plain", "reg/plain"):
        proc = remit("render", "--out", target, "-f", str(config), cwd=tmp_path)
        assert proc.returncode == 2 and "refusing to write" in proc.stderr, proc.stderr
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["index.md"]
    assert sorted(p.name for p in (tmp_path / "reg").iterdir()) == ["departments.yaml"]


# --- remit build: the default folders, the staff build -----------------------------------------

INTERNAL_PHONE = "0851-0000-0901"  # the example's internal night-duty line (service-centre)


def _copy_example(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "directory", tmp_path / "directory")
    return tmp_path / "mkdocs.yml"


def test_remit_build_rebuilds_a_site_folder_of_an_older_build(tmp_path: Path) -> None:
    """site/ next to mkdocs.yml is the build's own folder: an older build's (no marker) is
    replaced, and so is mkdocs.yml's site_dir."""
    config = make_project(tmp_path, GAP, "      gaps: info\n")
    (tmp_path / "site" / "assets").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("an older build")
    ok = remit("build", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "an older build" not in (tmp_path / "site" / "index.html").read_text()
    config.write_text(config.read_text() + "site_dir: public\n")
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("an older build")
    ok = remit("build", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "public" / "assets" / "r" / "index.html").is_file()


def test_remit_build_internal_goes_to_site_internal(tmp_path: Path, site: Path) -> None:
    _copy_example(tmp_path)
    proc = remit("build", "--internal", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "staff build" in proc.stderr
    staff = tmp_path / "site-internal"
    assert not (tmp_path / "site").exists()
    assert json.loads((staff / ".remit-output").read_text())["internal"] is True
    assert INTERNAL_PHONE in page(staff, "departments/service-centre")
    assert INTERNAL_PHONE not in page(site, "departments/service-centre")
    # a staff build never goes into the public site's folder, nor the other way round
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("public")
    refused = remit("build", "--internal", "-d", "site", cwd=tmp_path)
    assert refused.returncode == 2 and "public site's default folder" in refused.stderr
    refused = remit("build", "-d", "site-internal", cwd=tmp_path)
    assert refused.returncode == 2 and "holds a staff build" in refused.stderr
    assert INTERNAL_PHONE in page(staff, "departments/service-centre")


def test_remit_render_internal_shows_internal_contacts(tmp_path: Path) -> None:
    config = _copy_example(tmp_path)
    pub = remit("render", "--out", "public", "-f", str(config), cwd=tmp_path)
    staff = remit("render", "--internal", "--out", "staff", "-f", str(config), cwd=tmp_path)
    assert pub.returncode == 0 and staff.returncode == 0, (pub.stderr, staff.stderr)
    page_md = Path("content/departments/service-centre.md")
    assert INTERNAL_PHONE in (tmp_path / "staff" / page_md).read_text(encoding="utf-8")
    assert INTERNAL_PHONE not in (tmp_path / "public" / page_md).read_text(encoding="utf-8")
    assert "staff site" in (tmp_path / "staff" / "mkdocs.yml").read_text(encoding="utf-8")

"""Accessibility in a real chromium: axe-core (vendored from npm, ``vendor/axe-core/``) over
one page of every page kind of the example site, in Chinese and in English, with the WCAG
2.0/2.1 A and AA rules. No serious or critical violation may remain. Then the lookup page by
keyboard alone, as a screen-reader user meets it.

The page kinds are discovered from the built site, not listed here: a kind is a page's path
with every segment after the first replaced by ``*`` (``assets/*``, ``guide/*``, the home
page, each index page, ``404.html``); within a kind, pages are taken until every ``remit-*``
class that any page of the kind uses is on one of them (badges of every state, tables,
cards...); the English build, the same templates and stylesheet with the other words, is
checked on the first of them. Pages other helpers add land in their own kind and are
checked too. Dynamic states are checked as well: the lookup page with an open list and with
an answer, and Material's search with its results open. The pages of the kinds remit draws
are checked once more in Material's dark scheme, switched on the page already loaded.

The Chinese and the staff build are the session's shared builds (tests/conftest.py).

axe's script is injected with ``add_script_tag`` into a context that bypasses the site's
Content-Security-Policy (the policy allows no script but the site's own): this test only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import BROWSER_MARKS, LoopbackServer, git

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# --- building and serving -----------------------------------------------------------------


def mkdocs_build(config: Path, out: Path, internal: bool = False) -> None:
    env = dict(ENV, REMIT_INTERNAL="1") if internal else ENV
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                        "-d", str(out)], cwd=config.parent, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]


def english_project(tmp: Path, root: Path = ROOT) -> Path:
    """The example (mkdocs.yml, content/, directory/ of ``root``) with ``site.language: en``."""
    shutil.copy(root / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(root / "content", tmp / "content")
    shutil.copytree(root / "directory", tmp / "directory")
    deps = tmp / "directory" / "departments.yaml"
    text, n = re.subn(r"(?m)^(\s+language:\s*)zh\s*$", r"\1en", deps.read_text("utf-8"),
                      count=1)
    assert n == 1, "site.language not found in the example registry"
    deps.write_text(text, encoding="utf-8")
    cfg = tmp / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("lang: zh", "lang: en"), encoding="utf-8")
    # a git history, so that the recent changes page is built too
    git(tmp, "init", "-q")
    git(tmp, "add", ".")
    git(tmp, "commit", "-q", "-m", "Example registry")
    return cfg


@dataclass
class Site:
    name: str
    lang: str
    out: Path
    server: LoopbackServer


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, example_site_server: LoopbackServer,
          example_staff_server: LoopbackServer) -> Iterator[dict[str, Site]]:
    """The Chinese and the staff build are the session's shared builds of the example
    (tests/conftest.py); the English one is built here."""
    en_project = tmp_path_factory.mktemp("project-en")
    en = tmp_path_factory.mktemp("site-en")
    mkdocs_build(english_project(en_project), en)
    en_server = LoopbackServer(en)
    yield {"zh": Site("zh", "zh", example_site_server.root, example_site_server),
           "en": Site("en", "en", en, en_server),
           "staff": Site("staff", "zh", example_staff_server.root, example_staff_server)}
    en_server.close()


# --- the page kinds -----------------------------------------------------------------------

CLASS_RE = re.compile(r'class="([^"]*)"')


def page_kind(rel: str) -> str:
    """``assets/road-d3/index.html`` → ``assets/*``; ``index.html`` → ``(home)``."""
    parts = rel.split("/")
    if parts[-1] == "index.html":
        parts = parts[:-1]
    if not parts:
        return "(home)"
    return "/".join([parts[0], *("*" for _ in parts[1:])])


def remit_classes(html: str) -> set[str]:
    return {c for m in CLASS_RE.finditer(html) for c in m.group(1).split()
            if c.startswith(("remit-", "rl-"))}


def pages_to_check(out: Path, having: str = "", every_class: bool = True) -> dict[str, list[str]]:
    """Per kind, the URL paths (relative to the site) of a few pages that together use every
    ``remit-*`` class any page of the kind uses; the largest page first. With ``having``,
    only pages whose HTML contains it; without ``every_class``, only that first page (the
    one with the most ``remit-*`` classes)."""
    kinds: dict[str, list[tuple[str, set[str], int]]] = {}
    for p in sorted(out.rglob("*.html")):
        rel = p.relative_to(out).as_posix()
        if rel.startswith(("assets/javascripts/", "assets/stylesheets/")):
            continue
        html = p.read_text("utf-8", "replace")
        if "http-equiv=\"refresh\"" in html or having not in html:  # a redirect page
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        kinds.setdefault(page_kind(rel), []).append((url, remit_classes(html), len(html)))
    chosen: dict[str, list[str]] = {}
    for kind, pages in sorted(kinds.items()):
        todo = set().union(*(c for _, c, _ in pages))
        picks: list[str] = []
        rest = sorted(pages, key=lambda p: (-len(p[1]), -p[2], p[0]))
        picks.append(rest[0][0])
        todo -= rest[0][1]
        while todo and every_class:
            best = max(rest, key=lambda p: (len(p[1] & todo), -len(p[0])))
            picks.append(best[0])
            todo -= best[1]
        chosen[kind] = picks
    return chosen


# --- running axe --------------------------------------------------------------------------


@dataclass
class Finding:
    where: str
    rule: str
    impact: str
    help: str
    targets: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.where}: {self.rule} ({self.impact}): {self.help}"]
        lines += [f"    {t}" for t in self.targets[:6]]
        if len(self.targets) > 6:
            lines.append(f"    … and {len(self.targets) - 6} more")
        return "\n".join(lines)


def new_page(browser: Any, lang: str, viewport: dict[str, int] = DESKTOP) -> Any:
    ctx = browser.new_context(bypass_csp=True, viewport=viewport,
                              locale="zh-CN" if lang == "zh" else "en-US")
    # nothing leaves loopback (Material asks api.github.com for the repository's stars)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:")) else r.abort())
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    return page


def axe(page: Any, where: str) -> list[Finding]:
    """Run axe on the page as it is now; the serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                      summary: n.failureSummary || '',
                                      data: (n.any.concat(n.all, n.none)
                                             .map(c => c.data).filter(Boolean))}))}));
    }""", TAGS)
    found = []
    for v in result:
        if v["impact"] not in BLOCKING:
            continue
        targets = []
        for n in v["nodes"]:
            extra = ""
            for d in n["data"]:
                if isinstance(d, dict) and d.get("fgColor"):
                    extra = (f"  contrast {d.get('contrastRatio')}:1, needs "
                             f"{d.get('expectedContrastRatio')}: {d['fgColor']} on "
                             f"{d.get('bgColor')}")
                elif isinstance(d, dict) and "contrastRatio" in d:
                    extra = f"  link/text contrast {d['contrastRatio']}:1 and no underline"
            targets.append(n["target"] + extra)
        found.append(Finding(where, v["id"], v["impact"], v["help"], targets))
    return found


def visit(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


# --- the test -----------------------------------------------------------------------------


def check_site(browser: Any, site: Site, having: str = "", every_class: bool = True,
               dark_kinds: Collection[str] = ()) -> tuple[list[Finding], list[str]]:
    """axe over the pages :func:`pages_to_check` chooses and over the dynamic states: the
    findings, and where axe ran (``[site] kind: /url`` or ``[site] state``). The pages of
    ``dark_kinds`` and the answered lookup page are checked once more in the dark scheme
    right after, on the same loaded page (``[dark] kind: /url``, ``[dark] state``)."""
    base = site.server.url
    findings: list[Finding] = []
    checked: list[str] = []
    page = new_page(browser, site.lang)
    for kind, urls in pages_to_check(site.out, having, every_class).items():
        for url in urls:
            visit(page, base + url)
            where = f"[{site.name}] {kind}: /{url}"
            findings += axe(page, where)
            checked.append(where)
            if kind in dark_kinds:
                dark(page)
                findings += axe(page, f"[dark] {kind}: /{url}")
                checked.append(f"[dark] {kind}: /{url}")
    states: list[tuple[str, Callable[[Any], None]]] = [
        ("lookup, list open", lookup_list_open),
        ("lookup, answered", lookup_answered),
        ("search results open", search_open),
        ("home at phone width", lambda p: visit(p, base)),
    ]
    for name, go in states:
        pg = new_page(browser, site.lang, PHONE if "phone" in name else DESKTOP)
        pg.base = base
        go(pg)
        where = f"[{site.name}] {name}"
        findings += axe(pg, where)
        checked.append(where)
        if dark_kinds and name == "lookup, answered":
            dark(pg)
            findings += axe(pg, f"[dark] {name}")
            checked.append(f"[dark] {name}")
        pg.context.close()
    page.context.close()
    return findings, checked


def lookup_list_open(page: Any) -> None:
    visit(page, page.base + "lookup/")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page.locator("#remit-what").press_sequentially("路灯")
    page.wait_for_selector("#remit-what-list:not([hidden]) [role=option]")


def lookup_answered(page: Any) -> None:
    visit(page, page.base + "lookup/?m=streetlight-out&a=road-d3")
    page.wait_for_selector('#remit-lookup[data-answered="streetlight-out/road-d3"]',
                           state="attached")


def search_open(page: Any) -> None:
    visit(page, page.base)
    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(40):  # the search worker needs a few seconds to load its index
        box.fill("路灯")
        box.dispatch_event("keyup")
        try:
            results.first.wait_for(timeout=500)
            break
        except playwright_api.TimeoutError:
            continue
    assert results.count(), "no search results"


@pytest.fixture(scope="module")
def zh_audit(browser: Any, sites: dict[str, Site]) -> tuple[list[Finding], list[str]]:
    """The Chinese build, every page loaded once: checked in the light scheme and, for the
    kinds remit draws, in the dark scheme too (the ``[dark]`` findings and names)."""
    return check_site(browser, sites["zh"], dark_kinds=REMIT_KINDS)


def in_scheme(audit: tuple[list[Finding], list[str]],
              dark: bool) -> tuple[list[Finding], list[str]]:
    findings, checked = audit
    return ([f for f in findings if f.where.startswith("[dark]") == dark],
            [c for c in checked if c.startswith("[dark]") == dark])


@pytest.mark.parametrize("build", ["zh", "en", "staff"])
def test_no_serious_or_critical_axe_violation_on_any_page_kind(
        request: pytest.FixtureRequest, browser: Any, sites: dict[str, Site],
        build: str) -> None:
    """The public site in Chinese, with pages enough to show every ``remit-*`` class of each
    kind; in English one page of every kind (the same templates and stylesheet, the other
    words); of the staff build, the pages that show internal contacts (the rest are the
    public pages with the staff banner)."""
    if build == "zh":
        findings, checked = in_scheme(request.getfixturevalue("zh_audit"), dark=False)
    else:
        findings, checked = check_site(
            browser, sites[build], "remit-contact--internal" if build == "staff" else "",
            every_class=build != "en")
    kinds = {c.split(": ")[0] for c in checked}
    assert len(kinds) >= (5 if build == "staff" else 15), checked  # the kinds were found
    report = "\n".join(str(f) for f in findings)
    print(f"{len(checked)} pages and states checked:\n  " + "\n  ".join(checked))
    assert not findings, (f"{len(findings)} serious/critical axe violations on "
                          f"{len({f.where for f in findings})} of {len(checked)} pages:\n"
                          + report)


def test_vendored_axe_is_the_documented_version() -> None:
    head = AXE.read_text("utf-8")[:400]
    version = re.match(r"/\*! axe v(\d+\.\d+\.\d+)", head)
    assert version, head[:40]
    readme = (AXE.parent / "README.md").read_text("utf-8")
    assert readme.startswith(f"# axe-core {version.group(1)} "), readme[:40]
    assert "Mozilla Public" in head and (AXE.parent / "LICENSE").exists()


def test_page_kinds_are_discovered_from_the_built_site(sites: dict[str, Site]) -> None:
    chosen = pages_to_check(sites["zh"].out)
    for kind in ["(home)", "departments", "departments/*", "assets", "assets/*", "matters",
                 "matters/*", "escalation", "escalation/*", "lookup", "handovers", "gaps",
                 "disputes", "data", "changes", "guide/*", "404.html"]:
        assert kind in chosen, sorted(chosen)
    # the English build has every kind the Chinese one has
    assert sorted(pages_to_check(sites["en"].out)) == sorted(chosen)
    # the asset pages of every handover state are among those checked
    asset_html = "".join((sites["zh"].out / u / "index.html").read_text("utf-8")
                         for u in chosen["assets/*"])
    for state in ["overdue", "disputed", "in-progress", "accepted"]:
        assert f"remit-badge--{state}" in asset_html, state
    assert json.dumps(chosen)


# --- the lookup page by keyboard ----------------------------------------------------------


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {id: e.id, tag: e.tagName, outline: s.outlineStyle, width: s.outlineWidth}; }""")


def tab_to(page: Any, element_id: str, limit: int = 60) -> int:
    """Press Tab until ``element_id`` has the focus; how many presses it took."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return n
    raise AssertionError(f"#{element_id} not reached by {limit} Tabs")


@pytest.mark.parametrize("lang, department, status", [
    ("zh", "明湖新区建设投资有限公司",
     "已查到：路灯不亮 · 综保区 D3 路，负责单位：明湖新区建设投资有限公司。"),
    ("en", "明湖新区建设投资有限公司",
     "Answer for 路灯不亮 · 综保区 D3 路: 明湖新区建设投资有限公司."),
])
def test_lookup_by_keyboard_alone_is_announced(browser: Any, sites: dict[str, Site], lang: str,
                                               department: str, status: str) -> None:
    page = new_page(browser, lang)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    visit(page, sites[lang].server.url + "lookup/")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    # the boxes are labelled, the status line is a polite live region that is not shown
    what, where = page.locator("#remit-what"), page.locator("#remit-where")
    assert page.locator("label[for=remit-what]").count() == 1
    assert page.locator("label[for=remit-where]").count() == 1
    live = page.locator("#remit-status")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text() == ""
    # Tab from the top of the page reaches the first box (past Material's header and
    # search), and the focus is visible
    page.locator("body").focus()
    tab_to(page, "remit-what")
    f = focused(page)
    assert f["outline"] != "none" and f["width"] != "0px", f
    page.keyboard.type("路灯不亮")
    page.wait_for_selector("#remit-what-list:not([hidden]) [role=option]")
    assert what.get_attribute("aria-expanded") == "true"
    assert what.get_attribute("aria-activedescendant") == "remit-what-opt-0"
    page.keyboard.press("Enter")
    assert what.get_attribute("aria-expanded") == "false"
    # on to the place, by Tab alone
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "remit-where"
    page.keyboard.type("D3 路")
    page.wait_for_selector("#remit-where-list:not([hidden]) [role=option]")
    page.keyboard.press("Enter")
    page.wait_for_selector('#remit-lookup[data-answered="streetlight-out/road-d3"]',
                           state="attached")
    # the answer is announced in one sentence, the focus stays where the user typed
    page.wait_for_function("document.getElementById('remit-status').textContent !== ''")
    assert live.text_content() == status
    assert focused(page)["id"] == "remit-where"
    assert page.locator(".rl-answer-dept").inner_text() == department
    # Tab goes on to the answer's links; everything on the way shows where the focus is
    for _ in range(10):
        page.keyboard.press("Tab")
        f = focused(page)
        assert f["outline"] != "none" and f["width"] != "0px", f
        if page.evaluate("document.activeElement.closest('#remit-answer') !== null"):
            break
    else:
        raise AssertionError("the answer's links are not reached by Tab")
    assert f["tag"] == "A", f
    # Escape closes an open list without losing the text; clearing the box clears the answer
    # and the status line
    where.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    what.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("document.getElementById('remit-answer').hidden")
    page.wait_for_function("document.getElementById('remit-status').textContent === ''")
    assert not errors
    page.context.close()


def test_standalone_lookup_page_has_no_serious_violation(
        browser: Any, tmp_path: Path) -> None:
    """The lookup page as a plain document (for a static host without MkDocs), with and
    without an answer: its own stylesheet alone must carry the contrast and the focus."""
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.site.lookup_site import data_folder, lookup_files, standalone_html

    reg, _ = load(ROOT / "directory")
    d = Directory(reg)
    files = lookup_files(d)
    for f in files:
        p = tmp_path / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.content if isinstance(f.content, bytes) else f.content.encode())
    (tmp_path / "lookup" / "index.html").write_text(standalone_html(d, data_folder(files)),
                                                    encoding="utf-8")
    server = LoopbackServer(tmp_path)
    try:
        page = new_page(browser, "zh")
        visit(page, server.url + "lookup/")
        page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
        findings = axe(page, "standalone lookup")
        page.base = server.url
        lookup_answered(page)
        findings += axe(page, "standalone lookup, answered")
        page.context.close()
    finally:
        server.close()
    assert not findings, "\n".join(str(f) for f in findings)


#: the kinds of page remit draws itself (the articles and Material's own pages are the
#: theme's), checked once more in Material's dark scheme
REMIT_KINDS = ["departments", "departments/*", "assets", "assets/*", "matters", "matters/*",
               "escalation", "escalation/*", "handovers", "gaps", "disputes", "changes",
               "data", "lookup"]


def dark(page: Any) -> None:
    """Switch to Material's dark scheme as its palette toggle does, without the colour
    transitions (axe would read the colours halfway)."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert page.evaluate("getComputedStyle(document.body).colorScheme") == "dark"


def test_remit_pages_keep_their_contrast_in_the_dark_scheme(
        sites: dict[str, Site], zh_audit: tuple[list[Finding], list[str]]) -> None:
    """A site that offers Material's dark scheme ("slate", its palette toggle sets
    ``data-md-color-scheme`` on the body, as done here) keeps remit's states, badges,
    links and buttons readable: remit.css has a tint of each for the dark background.
    Every page of remit's kinds that the light check loads (``zh_audit``) is switched to
    the dark scheme and checked again."""
    findings, checked = in_scheme(zh_audit, dark=True)
    chosen = pages_to_check(sites["zh"].out)
    expected = [f"[dark] {kind}: /{url}" for kind in REMIT_KINDS for url in chosen[kind]]
    assert sorted(checked) == sorted([*expected, "[dark] lookup, answered"])
    assert not findings, "\n".join(str(f) for f in findings)


class _Badges(HTMLParser):
    """The text of every element whose class names a state or a gap (badges, chart bars,
    stat cards, late marks)."""

    MARK = re.compile(r"\bremit-(?:badge|stat|bar|late|gapcell)\b")

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, list[str]]] = []  # tag, class, text parts
        self.found: list[tuple[str, str]] = []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("class") or "", []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <rect/>: no text inside

    def handle_endtag(self, tag: str) -> None:
        if tag not in (t for t, _, _ in self.stack):
            return
        while self.stack:
            t, cls, text = self.stack.pop()
            if self.MARK.search(cls):
                self.found.append((cls, "".join(text).strip()))
            if self.stack:
                self.stack[-1][2].extend(text)
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][2].append(data)


def test_states_and_gaps_are_told_in_words_not_colour_alone(sites: dict[str, Site]) -> None:
    """Every badge, chart bar, stat card and late mark that a colour marks carries its
    meaning as text too (a screen reader and a colour-blind reader get the same)."""
    seen: set[str] = set()
    for p in sorted(sites["zh"].out.rglob("*.html")):
        parser = _Badges()
        parser.feed(p.read_text("utf-8"))
        for cls, text in parser.found:
            assert text, f"{p.relative_to(sites['zh'].out)}: class=\"{cls}\" has no text"
            seen.update(c for c in cls.split() if "--" in c)
    for state in ["overdue", "disputed", "in-progress", "planned", "accepted", "gap"]:
        assert f"remit-badge--{state}" in seen, sorted(seen)

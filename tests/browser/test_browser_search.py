"""The site's search box (Material's search, with remit's reading of the query) in a real
browser: questions typed as sentences, the words people use for official ones, the index
fetched only once the visitor starts to search, no struck-through "missing" line, the
dashboards found by their words, and an English multi-word name ranked above offices
whose aliases are personal names (issue 11)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import BROWSER_MARKS, ROOT, LoopbackServer, make_project

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

#: A catalogue the way real ones are written: official names only, no keywords.
CATALOGUE = """\
site: {title: 政务服务事项, language: zh}
departments:
  - id: vehicles
    name: 车辆管理所
    contacts: [{role: 窗口, phone: "0851-0000-0001", verified: 2026-11-01}]
  - id: lights
    name: 市政设施管理处
    contacts: [{role: 值班, phone: "0851-0000-0002", verified: 2026-11-01}]
  - id: household
    name: 户政管理大队
    contacts: [{role: 窗口, phone: "0851-0000-0003", verified: 2026-11-01}]
matters:
  - {id: licence-renew, name: 机动车驾驶证有效期满换证, handled_by: vehicles}
  - {id: licence-lost, name: 机动车驾驶证遗失补证, handled_by: vehicles}
  - {id: licence-damaged, name: 机动车驾驶证损毁换证, handled_by: vehicles}
  - {id: light-fault, name: 城市道路照明设施故障处理, handled_by: lights}
  - {id: id-card-renew, name: 居民身份证换领, handled_by: household}
  - {id: household-book, name: 居民户口簿补领, handled_by: household}
"""

#: An English registry whose offices carry personal names as aliases, a handover and a
#: dispute (so the dashboards have something to show).
COUNCIL = """\
site: {title: Council services, language: en}
departments:
  - id: contact-centre
    name: Customer Contact Centre
    kind: service-centre
    contacts: [{role: Switchboard, phone: "+44 0000 000000", verified: 2026-11-01}]
  - id: highways
    name: Highways and Transport
    aliases: [Office of Andre Lambert]
    contacts: [{role: Desk, phone: "+44 0000 000001", verified: 2026-11-01}]
  - id: waste
    name: Waste and Recycling Services
    aliases: [Office of Andrea Moreau]
    contacts: [{role: Desk, phone: "+44 0000 000002", verified: 2026-11-01}]
  - id: parks
    name: Forestry and Horticulture
    aliases: [Office of Andy Fraser]
    contacts: [{role: Desk, phone: "+44 0000 000003", verified: 2026-11-01}]
  - id: libraries
    name: Libraries and Culture
    aliases: [Office of Andrina Scott]
    contacts: [{role: Desk, phone: "+44 0000 000004", verified: 2026-11-01}]
assets:
  - id: mill-road
    name: Mill Road
    type: road
    owner: highways
    duties: {maintenance: highways, lighting: highways, cleaning: waste}
    handover: {from: highways, to: parks, status: in-progress, since: 2025-01-10,
               due: 2025-06-30, interim: highways}
disputes:
  - id: d-mill-road
    asset: mill-road
    duty: lighting
    parties: [highways, parks]
    raised: 2025-03-01
    deadline: 2025-06-30
    arbiter: contact-centre
    interim: highways
    status: open
matters:
  - {id: street-light, name: Street lighting fault reporting, handled_by: highways}
  - {id: bulky-waste, name: Bulky waste collection, handled_by: waste}
  - {id: tree-report, name: Overhanging tree on council land report, handled_by: parks}
  - {id: allotment, name: Allotment tenancy application, handled_by: parks}
  - {id: library-card, name: Library membership, handled_by: libraries}
"""

def mkdocs_build(config: Path, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                           "-d", str(out)], cwd=config.parent, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]


def project(tmp: Path, registry: str) -> Path:
    options = "      registry: reg\n      today: 2026-11-26\n      gaps: info\n"
    return make_project(tmp, registry, options=options)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example site, the catalogue (Chinese, official names only) and the council
    (English), each built by ``mkdocs build`` and served on loopback."""
    out: dict[str, str] = {}
    servers: list[LoopbackServer] = []
    built = {"example": (ROOT / "mkdocs.yml")}
    for name, registry in (("catalogue", CATALOGUE), ("council", COUNCIL)):
        built[name] = project(tmp_path_factory.mktemp(f"{name}-project"), registry)
    for name, config in built.items():
        site = tmp_path_factory.mktemp(f"{name}-site")
        mkdocs_build(config, site)
        servers.append(LoopbackServer(site))
        out[name] = servers[-1].url
    yield out
    for srv in servers:
        srv.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def results(pg: Any) -> list[str]:
    """The result pages listed (paths), once the list stops changing."""
    last: list[str] | None = None
    for _ in range(40):
        pg.wait_for_timeout(200)
        now = pg.eval_on_selector_all(".md-search-result__item > a",
                                      "els => els.map(e => e.getAttribute('href'))")
        if now and now == last:
            break
        last = now
    return [urlsplit(h).path for h in last or []]


def search(pg: Any, base: str, query: str) -> list[str]:
    """Open the home page, focus the search box and type ``query``; the result pages
    (site-relative, without Material's ``?h=`` highlight), best first."""
    pg.goto(base)
    box = pg.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    pg.locator(".md-search-result__item > a").first.wait_for(timeout=30_000)
    return [h.removeprefix(urlsplit(base).path) for h in results(pg)]


def top(found: list[str], n: int = 3) -> list[str]:
    pages: list[str] = []
    for p in found:
        p = p.split("#")[0]
        if p not in pages:
            pages.append(p)
    return pages[:n]


def test_a_sentence_finds_the_matter_it_asks_about(page: Any, sites: dict[str, str]) -> None:
    # none of these is a word of the index: Material alone finds nothing for them
    cat = sites["catalogue"]
    assert top(search(page, cat, "我想换驾照怎么办"))[0] in (
        "matters/licence-renew/", "matters/licence-damaged/")
    assert top(search(page, cat, "路灯不亮了找谁"))[0] == "matters/light-fault/"
    assert "matters/household-book/" in top(search(page, cat, "户口本丢了去哪补办"))
    ex = sites["example"]
    assert top(search(page, ex, "路灯坏了怎么办"))[0] == "matters/streetlight-out/"


def test_people_s_words_find_the_official_ones(page: Any, sites: dict[str, str]) -> None:
    # the catalogue says 机动车驾驶证, 居民身份证, 居民户口簿; people say 驾照, 身份证, 户口本
    assert set(top(search(page, sites["catalogue"], "驾照"))) == {
        "matters/licence-renew/", "matters/licence-lost/", "matters/licence-damaged/"}
    assert top(search(page, sites["catalogue"], "身份证"))[0] == "matters/id-card-renew/"
    assert top(search(page, sites["catalogue"], "户口本"))[0] == "matters/household-book/"


def test_the_index_is_fetched_only_once_the_visitor_searches(
        page: Any, sites: dict[str, str]) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    base = sites["example"]
    page.goto(base + "lookup/?m=streetlight-out&a=road-d3")
    page.wait_for_selector('#remit-lookup[data-answered="streetlight-out/road-d3"]',
                           state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    assert not [p for p in asked if p.endswith("search_index.json")], asked
    assert not [p for p in asked if p.endswith("remit-search-words.js")], asked
    # the first query typed right after the box gets the focus is answered
    box = page.locator("input.md-search__input")
    box.click()
    box.type("路灯")
    # Playwright types a character a US keyboard lacks as an input event alone; a real
    # keyboard's IME ends with the key-up that Material's box listens to
    box.dispatch_event("keyup")
    page.locator(".md-search-result__item > a").first.wait_for(timeout=30_000)
    assert top(results(page))[0].endswith("matters/streetlight-out/")
    assert [p for p in asked if p.endswith("search/search_index.json")]
    assert [p for p in asked if p.endswith("assets/javascripts/remit-search-words.js")]


def test_a_search_address_still_opens_with_its_results(page: Any,
                                                        sites: dict[str, str]) -> None:
    """``?q=`` (Material's shared search) asks for the index at once."""
    page.goto(sites["example"] + "?q=路灯")
    page.locator(".md-search-result__item > a").first.wait_for(timeout=30_000)
    assert top(results(page))[0].endswith("matters/streetlight-out/")


def test_the_missing_words_line_is_not_shown(page: Any, sites: dict[str, str]) -> None:
    # two words no one page holds both of: Material writes "缺少: ..." under each result
    search(page, sites["example"], "路灯 供水")
    lines = page.locator(".md-search-result__terms")
    assert lines.count() > 0
    for i in range(lines.count()):
        assert lines.nth(i).is_hidden()
        assert lines.nth(i).evaluate("e => getComputedStyle(e).display") == "none"


def test_the_dashboards_are_found_by_their_words(page: Any, sites: dict[str, str]) -> None:
    ex = sites["example"]
    assert "handovers/" in top(search(page, ex, "移交"))
    assert "gaps/" in top(search(page, ex, "责任缺口"))
    assert "disputes/" in top(search(page, ex, "争议"))
    council = sites["council"]
    assert "handovers/" in top(search(page, council, "handovers"))
    assert "gaps/" in top(search(page, council, "responsibility gaps"))
    assert "disputes/" in top(search(page, council, "disputes"))


def test_an_english_name_ranks_above_offices_named_after_people(
        page: Any, sites: dict[str, str]) -> None:
    found = top(search(page, sites["council"], "Forestry and Horticulture"))
    assert found[0] == "departments/parks/", found


def test_the_dashboards_rows_stay_out_of_the_index(sites: dict[str, str]) -> None:
    """The dashboards are found by their title, summary and words; the rows they list
    (each about an asset with a page of its own) are not indexed again."""
    import json
    import urllib.request

    with urllib.request.urlopen(sites["council"] + "search/search_index.json") as r:
        docs = json.load(r)["docs"]
    handovers = [d for d in docs if d["location"].startswith("handovers/")]
    assert handovers and "handovers" in handovers[0]["tags"]
    assert not [d for d in handovers if "Mill Road" in d["text"]], handovers
    assert [d for d in docs if d["location"] == "assets/mill-road/"]

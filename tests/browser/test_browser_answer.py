"""An answer a person can act on, on the lookup page in a real chromium, at fixed clock times
(``page.clock``: the visitor's clock decides what "now" is):

* the first line is the CLI's (``remit lookup --now``) word for word, with open now /
  closed now, the out-of-hours contact of an urgent matter at night, when a closed office
  opens, relevant contacts only and stale contacts marked;
* "report it" and "suggest a correction" carry the CLI's message text (``--format json``)
  in their ``mailto:`` and ``sms:`` links and the copied text;
* one box: a matter and a place typed together (tests/one_box_cases.py) answer as
  ``remit lookup WORDS`` does, and the address restores the answer;
* no matter found: the registry's fallback, as the CLI says it;
* the print view: the answer alone on one A4 page, with its address in words;
* every matter page's "report it".

The example site is the session's shared MkDocs build (``example_site_server``); the small
registry of tests/answer_registry.py is served as the plain
lookup page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from answer_registry import MONDAY_10, SATURDAY_NIGHT, SUNDAY_10, write_registry
from conftest import BROWSER_MARKS, ROOT, LoopbackServer
from one_box_cases import ONE_BOX
from test_browser_lookup import mkdocs_build, new_page, write_lookup_site

from generator.answers.act_now import call_now
from generator.answers.report_message import (
    answer_address,
    correction_message,
    report_message,
)
from generator.answers.routing import lookup, route
from generator.directory import Directory
from generator.load.registry import load
from generator.site.report_links import matter_report
from generator.words import t

pytestmark = BROWSER_MARKS

TZ = "Asia/Shanghai"
SHOTS = Path("/tmp/remit-answer-shots")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackServer]:
    """The example site built with MkDocs: the session's shared build (tests/conftest.py,
    ``example_site_server``) when there is one, else built here once."""
    try:
        shared: LoopbackServer = request.getfixturevalue("example_site_server")
    except pytest.FixtureLookupError:
        out = tmp_path_factory.mktemp("answer-site")
        mkdocs_build(ROOT / "mkdocs.yml", out)
        srv = LoopbackServer(out)
        yield srv
        srv.close()
        return
    yield shared


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[LoopbackServer, Directory]]:
    work = tmp_path_factory.mktemp("answer-small")
    r, _ = load(write_registry(work / "reg"))
    d = Directory(r)
    write_lookup_site(d, work / "site")
    srv = LoopbackServer(work / "site")
    yield srv, d
    srv.close()


def at(browser: Any, url: str, when: str, **kw: Any) -> Any:
    """A fresh page whose clock reads ``when`` (local time in Asia/Shanghai) at ``url``."""
    page = new_page(browser, timezone_id=TZ, **kw)
    page.clock.install(time=dt.datetime.fromisoformat(when + ":00+08:00"))
    page.goto(url)
    return page


def search(page: Any, query: str) -> None:
    """Wait until the page's address (history.pushState, no load) has this query."""
    page.wait_for_function("q => location.search === q", arg=query)


def open_report(page: Any) -> None:
    """Ask for "report it": lookup-report.js comes, the links appear."""
    page.locator("button.rl-report-open").click()
    page.wait_for_selector("a.rl-report-mail")


def answered(page: Any, key: str) -> None:
    page.wait_for_selector(f'#remit-lookup[data-answered="{key}"]', state="attached")


def cli(d: Directory, matter: str, asset: str | None, when: str, base: str | None
        ) -> tuple[Any, Any, Any, Any]:
    """(answer, first line, report, correction) as the CLI has them at ``when``."""
    now = dt.datetime.fromisoformat(when)
    dd = Directory(d.registry, today=now.date())
    x = dd.matters[matter]
    ans = route(dd, x, dd.assets[asset] if asset else None)
    lang = dd.registry.site.language
    call = call_now(dd, x, ans.department, ans.why, now, lang)
    address = answer_address(base, matter, asset)
    args = (dd, x, ans.asset, ans.department, ans.reasons, call, lang, address)
    return ans, call, report_message(*args), correction_message(*args)


def example() -> Directory:
    return Directory(load(ROOT / "directory")[0])


# --- the first line and the messages: the CLI's text ----------------------------------------

CASES = [  # (matter, asset, local time): open, closed by night, urgent by night, weekend
    ("streetlight-out", "road-d3", "2026-11-30T10:00"),   # Monday: open now
    ("streetlight-out", "road-d3", "2026-11-30T23:00"),   # its night line closed at 22:00
    ("power-outage", None, "2026-11-30T23:00"),            # urgent, nobody public at night
    ("power-outage", "power-10kv-park", "2026-11-30T23:00"),  # the operator's 24 h line
    ("electricity-cost", None, "2026-11-29T10:00"),        # Sunday: opens tomorrow
    ("road-damage", "road-d3-s2", "2026-11-28T15:00"),     # Saturday: opens Monday
]


@pytest.mark.parametrize(("matter", "asset", "when"), CASES)
def test_first_line_and_messages_are_the_clis(browser: Any, site: LoopbackServer,
                                              matter: str, asset: str | None,
                                              when: str) -> None:
    d = example()
    query = f"m={matter}" + (f"&a={asset}" if asset else "")
    page = at(browser, site.url + "lookup/?" + query, when)
    answered(page, matter + (f"/{asset}" if asset else ""))
    ans, call, msg, fix = cli(d, matter, asset, when, site.url)
    box = page.locator("#remit-answer")
    assert box.locator(".rl-now-line").inner_text() == call.text
    state = {True: "open", False: "closed", None: "unknown"}[call.open_now]
    assert box.locator(f".rl-now.rl-now--{state}").count() == 1
    if call.contact is not None and call.contact.phone:
        tel = box.locator(".rl-now a.rl-call")
        assert tel.get_attribute("href") == "tel:" + re.sub(r"[^0-9+]", "", call.contact.phone)
    # the answering body's contacts: those that serve the matter, each open or closed now
    roles = box.locator(".rl-answer-who .rl-contact-role").all_inner_texts()
    assert roles == [c.role + (f" {c.name}" if c.name else "") for c in ans.contacts]
    now = dt.datetime.fromisoformat(when)
    from generator.answers.act_now import open_at

    marks = box.locator(".rl-answer-who .rl-contact").evaluate_all(
        "ls => ls.map(l => (l.querySelector('.rl-open') || {}).textContent || null)")
    words = {True: "正在办公", False: "现不在办公时间", None: None}
    assert marks == [words[open_at(c, now)] for c in ans.contacts]
    # report it and suggest a correction: the CLI's messages, byte for byte in the links
    open_report(page)
    assert box.locator(".rl-report-body").input_value() == msg.body
    assert box.locator("a.rl-report-mail").get_attribute("href") == msg.mailto()
    assert box.locator("a.rl-correct-link").get_attribute("href") == fix.mailto()
    assert fix.to == "service@example.org"  # no site.editors: the fallback's e-mail
    assert box.locator(".rl-print-address").text_content() == \
        "本页地址：" + answer_address(site.url, matter, asset)
    assert not page.errors
    page.context.close()


def test_an_urgent_matter_at_night_names_the_out_of_hours_contact(
        browser: Any, small: tuple[LoopbackServer, Directory]) -> None:
    srv, d = small
    page = at(browser, srv.url + "lookup/?m=outage", SATURDAY_NIGHT)
    answered(page, "outage")
    _, call, msg, _ = cli(d, "outage", None, SATURDAY_NIGHT, srv.url)
    line = page.locator(".rl-now-line").inner_text()
    assert line == call.text == ("园区运营公司现在不在办公时间（周一 9:00 起办公）；紧急情况"
                                 "现在请致电企业服务中心（夜间值班）：电话 0851-0000-0011。"
                                 "「停电」由它办理。")
    assert page.locator(".rl-now a.rl-call").get_attribute("href") == "tel:085100000011"
    # the out-of-hours contact is listed, open now; the operator's own are closed
    night = page.locator(".rl-answer-night")
    assert night.locator(".rl-contact-role").inner_text() == "夜间值班"
    assert night.locator(".rl-open").inner_text() == "正在办公"
    assert page.locator(".rl-answer-who .rl-open").all_inner_texts() == ["现不在办公时间"]
    open_report(page)
    assert page.locator("a.rl-report-mail").get_attribute("href") == msg.mailto()
    assert msg.to == "centre@example.org"
    assert not page.errors
    page.context.close()


def test_a_closed_office_on_sunday_says_when_it_opens(
        browser: Any, small: tuple[LoopbackServer, Directory]) -> None:
    srv, d = small
    page = at(browser, srv.url + "lookup/?m=leasing", SUNDAY_10)
    answered(page, "leasing")
    _, call, _, _ = cli(d, "leasing", None, SUNDAY_10, None)
    assert page.locator(".rl-now-line").inner_text() == call.text == (
        "园区运营公司现在不在办公时间，明天 9:00 起请致电（物业）：电话 0851-0000-0020。"
        "「厂房租赁」由它办理。")
    assert page.locator(".rl-now--closed").count() == 1
    assert page.locator(".rl-answer-night").count() == 0  # it can wait: no night line
    assert not page.errors
    page.context.close()


def test_relevant_contacts_only_and_stale_ones_marked(
        browser: Any, small: tuple[LoopbackServer, Directory]) -> None:
    srv, _ = small
    page = at(browser, srv.url + "lookup/?m=outage", MONDAY_10)
    answered(page, "outage")
    who = page.locator(".rl-answer-who")
    # the leasing line serves leasing only: not in a power cut's answer
    assert who.locator(".rl-contact-role").all_inner_texts() == ["物业"]
    # checked on 2024-01-01: 882 days before the visitor's 2026-06-01
    assert who.locator(".rl-stale").inner_text() == "882 天前核实，可能已变化"
    assert page.locator(".rl-now-line").inner_text().startswith("现在请致电园区运营公司（物业）")
    # a day later by the visitor's clock, a day older (the page never uses the build date)
    page.context.close()
    page = at(browser, srv.url + "lookup/?m=leasing", "2026-06-02T10:00")
    answered(page, "leasing")
    who = page.locator(".rl-answer-who")
    assert who.locator(".rl-contact-role").all_inner_texts() == ["物业", "厂房招租"]
    assert who.locator(".rl-stale").all_inner_texts() == ["883 天前核实，可能已变化"]
    page.context.close()


def test_report_it_by_mail_text_message_or_copied_text(
        browser: Any, small: tuple[LoopbackServer, Directory]) -> None:
    srv, d = small
    page = at(browser, srv.url + "lookup/?m=pothole", MONDAY_10)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    answered(page, "pothole")
    _, _, msg, fix = cli(d, "pothole", None, MONDAY_10, srv.url)
    # nothing of it is fetched before it is asked for
    assert page.evaluate("!window.remitLookupReport")
    open_report(page)
    mail = page.locator("a.rl-report-mail").get_attribute("href")
    assert mail == msg.mailto()
    parts = urlsplit(mail)
    assert parts.path == "centre@example.org"  # the crew has no e-mail: the first contact's
    q = parse_qs(parts.query)
    assert q["subject"] == ["反映问题：路面坑洼 (急)"]
    body = q["body"][0].replace("\r\n", "\n")
    assert body == msg.body
    assert body.splitlines()[1] == "事项：路面坑洼 (急)"
    assert "查询结果：现在请致电道路养护站（养护班组）：电话 +86 139-0000-0031。" in body
    assert body.endswith("查询页面：" + srv.url + "lookup/?m=pothole")
    # a mobile number: a text message with the same words
    sms = page.locator("a.rl-report-sms").get_attribute("href")
    assert sms == msg.sms_href() and sms.startswith("sms:13900000031?body=")
    assert unquote(sms.split("?body=", 1)[1]) == msg.body
    # copy the text: the clipboard holds the message
    page.locator("button.rl-report-copy").click()
    page.wait_for_function("() => document.querySelector('.rl-report-note').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == msg.body
    assert page.locator(".rl-report-note").inner_text().startswith("已复制")
    # suggest a correction: to the registry's editors, no account needed
    fixed = page.locator("a.rl-correct-link").get_attribute("href")
    assert fixed == fix.mailto()
    assert fixed.startswith("mailto:registry-editors@example.org?subject=")
    assert not page.errors
    page.context.close()


def test_registry_text_in_a_message_stays_text(browser: Any, tmp_path: Path) -> None:
    reg = write_registry(tmp_path / "reg")
    text = (reg / "departments.yaml").read_text(encoding="utf-8")
    evil = "<img src=x onerror=window.__pwned=1>&x=1#"
    (reg / "departments.yaml").write_text(
        text.replace("name: 路面坑洼 (急)", f"name: '{evil}'"), encoding="utf-8")
    d = Directory(load(reg)[0])
    write_lookup_site(d, tmp_path / "site")
    srv = LoopbackServer(tmp_path / "site")
    try:
        page = at(browser, srv.url + "lookup/?m=pothole", MONDAY_10)
        answered(page, "pothole")
        open_report(page)
        mail = page.locator("a.rl-report-mail").get_attribute("href")
        q = parse_qs(urlsplit(mail).query)
        assert q["subject"] == [f"反映问题：{evil}"]  # one field: & and # are encoded
        assert page.locator("#remit-answer img").count() == 0
        assert page.evaluate("window.__pwned") is None
    finally:
        srv.close()


# --- one box --------------------------------------------------------------------------------

def test_one_box_finds_the_matter_and_the_place_like_the_cli(browser: Any,
                                                             site: LoopbackServer) -> None:
    d = example()
    page = at(browser, site.url + "lookup/", "2026-11-30T10:00")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    for words, matter, asset, rest in ONE_BOX:
        lk = lookup(d, words)
        if asset == "ambiguous":
            assert (lk.status, lk.field, lk.query) == ("ambiguous", "asset", rest)
        else:
            assert lk.answer is not None and lk.answer.matter.id == matter, words
            assert (lk.answer.asset.id if lk.answer.asset else None) == asset, words
        page.fill("#remit-where", "")
        page.fill("#remit-what", words)
        key = matter + (f"/{asset}" if asset and asset != "ambiguous" else "")
        answered(page, key)
        page.wait_for_function("() => !document.querySelector('#remit-lookup')"
                               ".dataset.placing")
        note = page.locator("#remit-what-note")
        if asset == "ambiguous":
            page.wait_for_function("() => document.getElementById('remit-what-note')"
                                   ".textContent.includes('对应多个地点')")
            assert f"“{rest}”对应多个地点" in note.inner_text()
            continue
        if asset is not None:
            name = d.assets[asset].name
            title = page.locator(".rl-answer-title").inner_text()
            assert title == f"{lk.answer.matter.name} · {name}"
            assert note.inner_text().startswith(f"已按你输入的地点“{name}”查询")
            page.wait_for_function(f"() => location.search.includes('a={asset}')")
        else:
            assert page.locator(".rl-answer-title").inner_text() == lk.answer.matter.name
    # the box with a place of its own is the matter only, as before
    page.fill("#remit-what", "")
    page.fill("#remit-where", "综保区 B2 路")
    page.fill("#remit-what", "D3路路灯不亮")
    answered(page, "streetlight-out/road-b2")
    assert not page.errors
    page.context.close()


def test_one_box_address_restores_the_answer(browser: Any, site: LoopbackServer) -> None:
    page = at(browser, site.url + "lookup/", "2026-11-30T10:00")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page.locator("#remit-what").press_sequentially("D3路路灯不亮")
    answered(page, "streetlight-out/road-d3")
    # the address names the place found in the words
    search(page, "?m=streetlight-out&a=road-d3")
    first = page.url
    # another question (another matter): a new step in the history
    page.fill("#remit-what", "B2路路面坑洼")
    answered(page, "road-damage/road-b2")
    search(page, "?m=road-damage&a=road-b2")
    # back: the first answer again, both boxes filled from the address; forward again
    page.go_back()
    search(page, "?m=streetlight-out&a=road-d3")
    answered(page, "streetlight-out/road-d3")
    page.wait_for_function("() => document.getElementById('remit-where').value === "
                           "'综保区 D3 路'")
    assert page.input_value("#remit-what") == "路灯不亮"
    page.go_forward()
    search(page, "?m=road-damage&a=road-b2")
    answered(page, "road-damage/road-b2")
    # the address alone (shared, or opened later) gives the same answer
    page2 = at(browser, first, "2026-11-30T10:00")
    answered(page2, "streetlight-out/road-d3")
    assert page2.locator(".rl-answer-dept").inner_text() == "明湖新区建设投资有限公司"
    # Enter takes the matter from the list and the place words go on to the where box
    page2.fill("#remit-where", "")
    page2.locator("#remit-what").fill("")
    page2.locator("#remit-what").press_sequentially("D3路路灯不亮")
    page2.wait_for_selector("#remit-what-list:not([hidden]) [role=option]")
    page2.keyboard.press("Enter")
    page2.wait_for_function("() => document.getElementById('remit-where').value === 'd3路'")
    answered(page2, "streetlight-out/road-d3")
    assert page2.input_value("#remit-what") == "路灯不亮"
    search(page2, "?m=streetlight-out&a=road-d3")
    assert not page.errors and not page2.errors
    page.context.close()
    page2.context.close()


# --- no match, print view, matter pages --------------------------------------------------

def test_no_match_gives_the_fallback(browser: Any, site: LoopbackServer) -> None:
    d = example()
    page = at(browser, site.url + "lookup/", "2026-11-30T10:00")
    page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    page.fill("#remit-what", "火星移民签证")
    page.wait_for_selector("#remit-lookup[data-nomatch]", state="attached")
    cli_lines = [x for x in run_cli_text(d, "火星移民签证") if x.startswith("不确定找谁时")]
    assert page.locator(".rl-now-line").inner_text() == cli_lines[0] == \
        "不确定找谁时，请先致电企业服务中心：电话 0851-0000-0001。"
    assert page.locator(".rl-now a.rl-call").get_attribute("href") == "tel:085100000001"
    assert page.locator("#remit-what-note").inner_text() == "没有找到相符的事项，请换个说法。"
    # words that match again bring an answer back
    page.fill("#remit-what", "路灯不亮")
    answered(page, "streetlight-out")
    assert page.locator("#remit-lookup[data-nomatch]").count() == 0
    assert not page.errors
    page.context.close()


def run_cli_text(d: Directory, words: str) -> list[str]:
    from generator.answers.routing import lookup_text

    return lookup_text(d, lookup(d, words)).splitlines()


@pytest.mark.parametrize("width", [390, 1280])
def test_print_view_is_the_answer_alone_on_one_a4_page(browser: Any, site: LoopbackServer,
                                                       width: int) -> None:
    url = site.url + "lookup/?m=streetlight-out&a=road-d3"
    page = at(browser, url, "2026-11-30T10:00", viewport={"width": width, "height": 900})
    answered(page, "streetlight-out/road-d3")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries([
      '.md-header', '.md-sidebar', '.md-footer', '.rl-form', '.rl-place', '.rl-report',
      '.rl-intro', '.rl-now', '.rl-answer-who', '.rl-answer-reasons', '.rl-answer-ladder',
      '.rl-print-address', '.rl-print-time', 'article h1'
    ].map(s => { const e = document.querySelector(s);
                 return [s, !!e && e.getClientRects().length > 0]; }))""")
    assert shown == {".md-header": False, ".md-sidebar": False, ".md-footer": False,
                     ".rl-form": False, ".rl-place": False, ".rl-report": False,
                     ".rl-intro": False, ".rl-now": True, ".rl-answer-who": True,
                     ".rl-answer-reasons": True, ".rl-answer-ladder": True,
                     ".rl-print-address": True, ".rl-print-time": True, "article h1": False}
    assert page.locator(".rl-print-address").inner_text() == "本页地址：" + url
    assert page.locator(".rl-print-time").inner_text() == "查询时间：2026-11-30 10:00"
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / f"print-{width}.pdf").write_bytes(pdf)
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SHOTS / f"print-{width}.png"), full_page=True)
    # the print button prints (window.print, counted instead of a dialog)
    page.emulate_media(media="screen")
    page.evaluate("() => { window.__printed = 0; "
                  "window.print = () => { window.__printed += 1; }; }")
    page.locator("button.rl-print").click()
    assert page.evaluate("window.__printed") == 1
    assert not page.errors
    page.context.close()


def test_every_matter_page_has_report_it(browser: Any, site: LoopbackServer) -> None:
    d = example()
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^site_url:\s*(\S+)", mkdocs_yml, re.M)
    site_url = found.group(1) if found else None
    page = new_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    for x in d.registry.matters:
        page.goto(site.url + f"matters/{x.id}/")
        want = matter_report(d.public(), x, site_url)
        mail = page.locator("a.remit-report__mail")
        assert mail.get_attribute("href") == want["mailto"], x.id
        body = parse_qs(urlsplit(want["mailto"]).query)["body"][0].replace("\r\n", "\n")
        assert body.splitlines()[1] == t("answer.matter", "zh", x=x.name)
        assert page.locator("#remit-report-text").input_value() == body
        fix = page.locator(".remit-report__correct a").get_attribute("href")
        assert fix == want["correction"] and fix.startswith("mailto:service@example.org?")
    # the copy button appears with the script and copies the text
    page.goto(site.url + "matters/streetlight-out/")
    page.locator("button.remit-report__copy").click()
    page.wait_for_function("() => document.querySelector('.remit-report__note').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == \
        page.locator("#remit-report-text").input_value()
    assert json.dumps(page.errors) == "[]"
    page.context.close()

"""Report it and suggest a correction: the messages of ``remit lookup --format json``
(``report``, ``correction``), whom they go to, and their links' encoding (the page builds
the same text: tests/browser/test_browser_answer.py)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from answer_registry import MONDAY_10, SATURDAY_NIGHT, write_registry

from generator.answers.report_message import Message, answer_address, editors, mobile
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def reg(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "reg")


def ask(capsys: pytest.CaptureFixture[str], reg: Path, *args: str) -> dict[str, object]:
    main(["lookup", *args, "--registry", str(reg), "--today", "2026-06-01", "--format", "json"])
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_the_report_goes_to_whom_the_first_line_names(
        capsys: pytest.CaptureFixture[str], reg: Path) -> None:
    got = ask(capsys, reg, "停电", "--now", SATURDAY_NIGHT, "--base-url",
              "https://remit.example.org/park")
    report = got["report"]
    assert isinstance(report, dict)
    # the night line has no e-mail: the first e-mail of its body's contacts, the centre's
    assert report["to"] == "centre@example.org"
    assert report["subject"] == "反映问题：停电"
    assert report["body"] == "\n".join([
        "您好，我要反映以下问题：",
        "事项：停电",
        "",
        "情况说明：",
        "（请写明具体情况、发现时间和您的联系方式）",
        "",
        "查询结果：园区运营公司现在不在办公时间（周一 9:00 起办公）；紧急情况现在请致电企业服务"
        "中心（夜间值班）：电话 0851-0000-0011。「停电」由它办理。",
        "理由：",
        "1. 「停电」统一由园区运营公司办理，与具体资产无关。",
        "2. 办理时限：4 小时。",
        "查询页面：https://remit.example.org/park/lookup/?m=outage",
    ])
    assert report["sms"] is None and report["sms_href"] is None
    assert report["mailto"] == Message(
        "centre@example.org", report["subject"], report["body"]).mailto()  # type: ignore[arg-type]
    # by day the operator answers, with its own e-mail
    got = ask(capsys, reg, "停电", "--now", MONDAY_10)
    assert got["report"]["to"] == "property@example.org"  # type: ignore[index]
    assert "查询页面" not in got["report"]["body"]  # type: ignore[index]  # no --base-url


def test_a_mobile_number_gets_a_text_message(capsys: pytest.CaptureFixture[str],
                                             reg: Path) -> None:
    got = ask(capsys, reg, "坑洼", "--now", MONDAY_10)
    report = got["report"]
    assert isinstance(report, dict)
    assert report["sms"] == "13900000031"
    assert str(report["sms_href"]).startswith("sms:13900000031?body=%E6%82%A8%E5%A5%BD")
    # a matter with no place: the message asks where
    assert "地点：（请写明具体位置）" not in report["body"]  # a fixed handler: no place asked
    assert [mobile(x) for x in ("139 0000 0031", "+86 (139) 0000-0031", "0086-13900000031",
                                "0851-0000-0001", "12345", "1390000003", None)] == [
        "13900000031", "13900000031", "13900000031", None, None, None, None]


def test_the_correction_goes_to_the_editors(capsys: pytest.CaptureFixture[str],
                                            reg: Path) -> None:
    got = ask(capsys, reg, "停电", "--now", MONDAY_10)
    fix = got["correction"]
    assert isinstance(fix, dict)
    assert fix["to"] == "registry-editors@example.org"
    assert fix["subject"] == "名录更正建议：停电"
    assert fix["body"].splitlines()[:3] == [  # type: ignore[union-attr]
        "您好，名录中的以下答复可能有误：", "事项：停电", "负责单位：园区运营公司"]
    assert fix["body"].endswith("哪里不对，应当是什么：\n（请写明正确的信息和依据）")  # type: ignore[union-attr]


def test_editors_default_to_the_fallbacks_first_email(tmp_path: Path) -> None:
    text = (write_registry(tmp_path / "a") / "departments.yaml").read_text(encoding="utf-8")
    (tmp_path / "a" / "departments.yaml").write_text(
        text.replace("  editors: registry-editors@example.org\n", ""), encoding="utf-8")
    assert editors(Directory(load(tmp_path / "a")[0])) == "hotline@example.org"
    (tmp_path / "a" / "departments.yaml").write_text(
        text.replace("  editors: registry-editors@example.org\n", "").replace(
            "  fallback: hotline\n", ""), encoding="utf-8")
    assert editors(Directory(load(tmp_path / "a")[0])) is None
    # the example registry names no editors: its service centre reads corrections
    assert editors(Directory(load(ROOT / "directory")[0])) == "service@example.org"


def test_links_are_encoded_as_the_page_encodes_them() -> None:
    m = Message("a.b@example.org", "Report: lamp (D3) & more!",
                "line one\nline two: 100% <b>*'~_.-</b>?&=#", "13900000031")
    assert m.mailto() == (
        "mailto:a.b@example.org?subject=Report%3A%20lamp%20(D3)%20%26%20more!&body="
        "line%20one%0D%0Aline%20two%3A%20100%25%20%3Cb%3E*'~_.-%3C%2Fb%3E%3F%26%3D%23")
    assert unquote(m.mailto().split("&body=")[1]) == m.body.replace("\n", "\r\n")
    assert m.sms_href() == ("sms:13900000031?body=line%20one%0Aline%20two%3A%20100%25%20"
                            "%3Cb%3E*'~_.-%3C%2Fb%3E%3F%26%3D%23")
    assert Message(None, "s", "b").mailto() == "mailto:?subject=s&body=b"


def test_answer_address() -> None:
    assert answer_address("https://x.example.org/site/", "m1", "a-1", (106.6259, 26.6107)) == \
        "https://x.example.org/site/lookup/?m=m1&a=a-1&at=106.625900%2C26.610700"
    assert answer_address("https://x.example.org", "m1", directory_urls=False) == \
        "https://x.example.org/lookup/index.html?m=m1"
    assert answer_address(None, "m1") is None


def test_a_bad_base_url_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                         reg: Path) -> None:
    code = main(["lookup", "停电", "--registry", str(reg), "--base-url", "remit.example.org"])
    assert code == 2
    assert "is not an http(s) address with a host" in capsys.readouterr().err

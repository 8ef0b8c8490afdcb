"""remit case new / remit case event on a copy of the example registry: the file written,
comments kept, the result checked by the real loader, nothing written on any problem, an
existing case never overwritten, usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture()
def reg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "reg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REMIT_TODAY", "2026-11-30")
    return Path("reg")


def remit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_new_case_writes_its_file_with_the_received_event(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = remit(capsys, "case", "new", "--registry", "reg", "--matter",
                           "streetlight-out", "--asset", "slc-d3-1", "--requester",
                           "明湖某某公司", "--contact", "0851-0000-0111", "--place",
                           "D3 路南段", "--at", "106.6252,26.605")
    assert (code, out) == (0, "c-2026-0059\n"), err
    assert "recorded case c-2026-0059 in reg/cases/c-2026-0059.yaml" in err
    assert (reg / "cases" / "c-2026-0059.yaml").read_text(encoding="utf-8") == """\
cases:
  - id: c-2026-0059
    title: D3 路 1 号照明回路（南段）路灯不亮
    matter: streetlight-out
    asset: slc-d3-1
    place: D3 路南段
    at: [106.6252, 26.605]
    requester:
      name: 明湖某某公司
      kind: company
      public: false
      contact: "0851-0000-0111"
    received: 2026-11-30
    events:
      - date: 2026-11-30
        type: received
        by: service-centre
"""
    r, diags = load(reg)
    assert not [x for x in diags if x.severity == "error"]
    case = Directory(r).cases["c-2026-0059"]
    assert case.requester is not None and case.requester.public is False
    # the next one takes the next number; another year starts at 1
    code, out, _ = remit(capsys, "case", "new", "--registry", "reg", "--matter", "recruitment")
    assert (code, out) == (0, "c-2026-0060\n")
    code, out, _ = remit(capsys, "case", "new", "--registry", "reg", "--matter", "recruitment",
                         "--received", "2027-01-04", "--today", "2027-01-05")
    assert (code, out) == (0, "c-2027-0001\n")
    assert "received: 2027-01-04" in (reg / "cases" / "c-2027-0001.yaml").read_text("utf-8")


def test_event_is_appended_and_every_other_byte_kept(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = reg / "cases" / "c-2026-0056.yaml"
    before = path.read_text(encoding="utf-8")
    assert before.startswith("# 仍在办理")
    code, out, err = remit(capsys, "case", "event", "c-2026-0056", "--registry", "reg",
                           "--type", "consultation", "--by", "business-environment-office",
                           "--with", "construction-investment", "municipal-roads",
                           "--text", "会商确定先由建投公司修复")
    assert (code, out) == (0, "c-2026-0056\n"), err
    code, _, err = remit(capsys, "case", "event", "c-2026-0056", "--registry", "reg",
                         "--type", "note", "--internal", "--text", "内部：待裁定",
                         "--date", "2026-12-01")
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == before + """\
      - date: 2026-11-30
        type: consultation
        by: business-environment-office
        with: [construction-investment, municipal-roads]
        text: 会商确定先由建投公司修复
      - date: 2026-12-01
        type: note
        text: 内部：待裁定
        internal: true
"""
    r, diags = load(reg)
    assert not [x for x in diags if x.severity == "error"]
    case = Directory(r).cases["c-2026-0056"]
    assert case.events[-1].internal and case.events[-2].with_ == (
        "construction-investment", "municipal-roads")


def test_escalation_to_several_departments_and_a_level(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = remit(capsys, "case", "event", "c-2026-0058", "--registry", "reg",
                         "--type", "escalated", "--level", "2", "--to",
                         "business-environment-office", "--to", "municipal-roads",
                         "--date", "2026-12-03")
    assert code == 0, err
    text = (reg / "cases" / "c-2026-0058.yaml").read_text(encoding="utf-8")
    assert text.endswith("""\
      - date: 2026-12-03
        type: escalated
        to: [business-environment-office, municipal-roads]
        level: 2
""")


def test_problems_are_located_and_nothing_is_written(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(reg)
    code, out, err = remit(capsys, "case", "new", "--registry", "reg", "--matter",
                           "streetlight-off", "--asset", "slc-d3")
    assert (code, out) == (1, "")
    assert ("reg/cases/c-2026-0059.yaml:4:13: error: cases[c-2026-0059].matter: unknown "
            "matter 'streetlight-off' (did you mean 'streetlight-out'?)") in err
    assert ("reg/cases/c-2026-0059.yaml:5:12: error: cases[c-2026-0059].asset: unknown "
            "asset 'slc-d3' (did you mean 'slc-d3-2'?)") in err
    assert "nothing written" in err
    # an event before the last one, and a level the ladder does not have
    code, _, err = remit(capsys, "case", "event", "c-2026-0052", "--registry", "reg",
                         "--type", "escalated", "--level", "4", "--date", "2026-11-20")
    assert code == 1
    assert ("reg/cases/c-2026-0052.yaml:36:15: error: cases[c-2026-0052].events[5].date: the "
            "escalated event on 2026-11-20 comes after an event of 2026-11-24; list events "
            "in date order (move it up, or fix the date)") in err
    assert "events[5].level: level 4 is not on escalation path 'standard'" in err
    # a rating on an event that is not feedback
    code, _, err = remit(capsys, "case", "event", "c-2026-0052", "--registry", "reg",
                         "--type", "reply", "--rating", "satisfied")
    assert code == 1 and "a reply event has no rating" in err
    code, _, err = remit(capsys, "case", "event", "c-2026-0095", "--registry", "reg",
                         "--type", "note")
    assert code == 1
    assert "error: no case 'c-2026-0095' in the registry; did you mean 'c-2026-0058'?" in err
    assert _snapshot(reg) == before


def test_an_existing_case_is_never_overwritten(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(reg)
    code, _, err = remit(capsys, "case", "new", "--registry", "reg", "--matter",
                         "recruitment", "--id", "c-2026-0008")
    assert code == 1
    assert ("error: case 'c-2026-0008' exists already (at reg/cases/c-2026-0008.yaml:2); "
            "record what happened with remit case event, or give another --id") in err
    # a file of that name that holds no such case is not overwritten either
    (reg / "cases" / "c-2026-0200.yaml").write_text("cases: []\n", encoding="utf-8")
    code, _, err = remit(capsys, "case", "new", "--registry", "reg", "--matter",
                         "recruitment", "--id", "c-2026-0200")
    assert code == 1 and "exists already; remit case new never overwrites a file" in err
    assert (reg / "cases" / "c-2026-0200.yaml").read_text(encoding="utf-8") == "cases: []\n"
    del before  # the stray file above is the only change
    # the next free number skips that file's name
    code, out, _ = remit(capsys, "case", "new", "--registry", "reg", "--matter", "recruitment")
    assert (code, out) == (0, "c-2026-0201\n")


@pytest.mark.parametrize("args", [
    ("case", "new", "--registry", "reg", "--matter", "recruitment", "--id", "../escape"),
    ("case", "new", "--registry", "reg", "--matter", "recruitment", "--public"),
    ("case", "new", "--registry", "reg"),
    ("case", "event", "c-2026-0058", "--registry", "reg", "--type", "closed"),
    ("case", "event", "c-2026-0058", "--registry", "reg", "--type", "note", "--date",
     "30.11.2026"),
    ("case", "new", "--registry", "nowhere", "--matter", "recruitment"),
])
def test_usage_errors_exit_2_and_write_nothing(
        reg: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    before = _snapshot(reg)
    code, out, _ = remit(capsys, *args)
    assert (code, out) == (2, "")
    assert _snapshot(reg) == before
    assert not Path("escape.yaml").exists()


def test_a_registry_with_errors_is_refused(
        reg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (reg / "cases" / "c-2026-0058.yaml").write_text(
        "cases:\n  - id: c-2026-0058\n    title: x\n    matter: nope\n    received: 2026-11-26\n",
        encoding="utf-8")
    before = _snapshot(reg)
    code, _, err = remit(capsys, "case", "new", "--registry", "reg", "--matter", "recruitment")
    assert code == 1 and "unknown matter 'nope'" in err
    assert _snapshot(reg) == before

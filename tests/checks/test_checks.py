"""Responsibility-gap findings: golden cases per kind, the example registry, strictness,
acceptance, and agreement with routing.route.

Regenerate the golden outputs after an intended change with
``REMIT_REGEN=1 pytest tests/checks/test_checks.py -k golden`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
from pathlib import Path

import pytest

from generator import model as m
from generator.answers.routing import route
from generator.checks.findings import (
    KINDS,
    Finding,
    badge_index,
    findings_for,
    only_guides,
    run_checks,
)
from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "checks" / "golden_checks"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
TODAY = dt.date(2026, 1, 1)
MARK = re.compile(r"#\s*finding:\s*([a-z-]+)\s*@(\S+)")
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>[a-z]+): "
                  r"(?P<path>\S+): (?P<msg>.*) \[(?P<kind>[a-z-]+)\]( \(reason: .*\))?$")


def run_cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    rc = main(args)
    out = capsys.readouterr().out
    return rc, out


def case_args(case: Path) -> list[str]:
    extra = case / "args.txt"
    return extra.read_text(encoding="utf-8").split() if extra.exists() else []


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> None:
    case = GOLDEN / name
    # the golden outputs are the English messages (the cases' registries say zh)
    rc, got = run_cli(["check", "--today", "2026-01-01", "--lang", "en", *case_args(case), "."],
                      case, monkeypatch, capsys)
    expected_file = case / "expected.txt"
    if os.environ.get("REMIT_REGEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")
    strict = "--strict" in case_args(case)
    has_open = any(": warning: " in x or ": error: " in x for x in got.splitlines())
    assert rc == (1 if strict and has_open else 0)


@pytest.mark.parametrize("name", CASES)
def test_golden_markers_point_at_findings(name: str) -> None:
    """Every `# finding: kind @text` marker has a finding on that line at that column, and
    every finding in a YAML file has a marker: positions checked independently of the
    expected output."""
    case = GOLDEN / name
    lines = (case / "departments.yaml").read_text(encoding="utf-8").splitlines()
    marks: set[tuple[int, int, str]] = set()
    for i, text in enumerate(lines, 1):
        for kind, token in MARK.findall(text):
            col = text.index(token) + 1
            assert text.split("#", 1)[0].find(token) >= 0, (name, i, token)
            marks.add((i, col, kind))
    got: set[tuple[int, int, str]] = set()
    for out in (case / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]:
        mt = LINE.match(out)
        assert mt, out
        if mt["file"] == "departments.yaml":
            got.add((int(mt["line"]), int(mt["col"]), mt["kind"]))
    assert got == marks


def test_every_kind_has_a_golden_case() -> None:
    seen: set[str] = set()
    for name in CASES:
        text = (GOLDEN / name / "expected.txt").read_text(encoding="utf-8")
        seen.update(re.findall(r"\[([a-z-]+)\](?: \(reason|$)", text, re.M))
        kind = next((k for k in KINDS if name.startswith(k)), None)
        if kind:
            assert f"[{kind}]" in text, f"{name} does not exercise {kind}"
    assert seen == set(KINDS)
    assert (GOLDEN / "clean" / "expected.txt").read_text() == "no problems found\n"


# --- the example registry --------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Directory:
    reg, diags = load(ROOT / "directory")
    assert not [d for d in diags if d.severity == "error"]
    return Directory(reg, today=TODAY)


@pytest.fixture(scope="module")
def example_findings(example: Directory) -> list[Finding]:
    return run_checks(example, TODAY)


def by_kind(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


def d3_lighting_due() -> tuple[int, int]:
    """Line and column of the due date of road D3's lighting handover in the example (its
    second handover: the road itself is accepted)."""
    lines = (ROOT / "directory" / "assets-roads.yaml").read_text(encoding="utf-8").splitlines()
    road = lines.index("  - id: road-d3")
    lighting = next(i for i in range(road, len(lines))
                    if lines[i].strip() == "duties: [lighting, energy-bill]")
    due = next(i for i in range(lighting, len(lines)) if lines[i].strip().startswith("due:"))
    return due + 1, lines[due].index("due:") + 6


def test_example_overdue_handover(example_findings: list[Finding]) -> None:
    [f] = by_kind(example_findings, "handover-overdue")
    assert f.id == "road-d3" and f.days == 185 and f.accepted is None
    assert f.diagnostic.file.endswith("assets-roads.yaml")
    assert (f.diagnostic.line, f.diagnostic.col) == d3_lighting_due()
    assert f.diagnostic.path == "assets[road-d3].handovers[1].due"
    assert ("handover of 'road-d3' (lighting, energy-bill) to 'municipal-roads' is 185 days "
            "past its due date 2025-06-30") in f.message
    assert f.message_zh.startswith("资产「综保区 D3 路」的“照明”、“电费缴纳”职责移交给市政管理处"
                                   "已超过期限 2025-06-30 共 185 天")
    assert ("department", "municipal-roads") in f.targets


def test_example_disputed_handover_and_its_late_dispute(example: Directory,
                                                        example_findings: list[Finding]) -> None:
    assert example.assets["road-b2"].handover.status == "disputed"  # type: ignore[union-attr]
    # the disputed handover has its dispute recorded, so only the late dispute is a finding
    assert not by_kind(example_findings, "dispute-unrecorded")
    [f] = by_kind(example_findings, "dispute-overdue")
    assert f.id == "d-road-b2-lighting" and f.days == 185
    assert ("asset", "road-b2") in f.targets
    lines = (ROOT / "directory" / "departments.yaml").read_text(encoding="utf-8").splitlines()
    dispute = lines.index("  - id: d-road-b2-lighting")
    deadline = next(i for i in range(dispute, len(lines)) if "deadline:" in lines[i])
    assert f.diagnostic.line == deadline + 1


def test_example_accepted_gap(example_findings: list[Finding]) -> None:
    [f] = by_kind(example_findings, "missing-duty")
    assert f.id == "steam-line-north"
    assert f.accepted and f.accepted.startswith("管道已建成但能源站尚未招商落地")
    assert f.accepted_at is not None and f.accepted_at[1] == 256
    assert not by_kind(example_findings, "stale-acceptance")


def test_example_other_findings(example_findings: list[Finding]) -> None:
    assert [f.id for f in by_kind(example_findings, "handover-no-interim")] == ["water-park-loop"]
    assert [f.id for f in by_kind(example_findings, "stale-contact")] == ["commerce-bureau"]
    [lead] = by_kind(example_findings, "lead-missing")
    assert lead.id == "economic-development-bureau" and "参与协调" in lead.message


def test_example_check_cli(monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run_cli(["check", "--today", "2026-01-01", "--lang", "en", "directory"], ROOT,
                      monkeypatch, capsys)
    assert rc == 0
    assert out.splitlines()[-1] == "5 warnings, 1 accepted gap"
    line, col = d3_lighting_due()
    assert (f"directory/assets-roads.yaml:{line}:{col}: warning: "
            "assets[road-d3].handovers[1].due: handover of 'road-d3' (lighting, energy-bill) "
            "to 'municipal-roads' is 185 days past its due date 2025-06-30; record the "
            "acceptance or set a new due date [handover-overdue]") in out.splitlines()
    assert "directory/assets-utilities.yaml:253:5: accepted: " in out
    rc, out = run_cli(["check", "--today", "2026-01-01", "--strict", "directory"], ROOT,
                      monkeypatch, capsys)
    assert rc == 1 and out.splitlines()[-1] == "5 errors, 1 accepted gap"
    assert ": accepted: " in out  # accepted gaps never become errors


def test_badges(example_findings: list[Finding]) -> None:
    idx = badge_index(example_findings)
    assert [f.kind for f in idx[("asset", "road-d3")]] == ["handover-overdue"]
    assert ("asset", "steam-line-north") not in idx  # accepted: no badge
    assert findings_for(example_findings, "asset", "steam-line-north", include_accepted=True)
    assert [f.kind for f in idx[("department", "commerce-bureau")]] == ["stale-contact"]


# --- strictness, acceptance, options -----------------------------------------------------------


def write_registry(tmp: Path, body: str) -> Path:
    (tmp / "departments.yaml").write_text(
        "site:\n  title: t\n  language: en\ndepartments:\n"
        "  - id: roads\n    name: Roads\n    contacts:\n      - role: desk\n"
        "        phone: \"0851-0000-0001\"\n        verified: 2025-12-01\n" + body,
        encoding="utf-8")
    return tmp


def test_accepted_gaps_do_not_count_for_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_registry(tmp_path, "assets:\n  - id: pipe\n    name: Pipe\n    type: heat-line\n"
                   "    owner: roads\n    duties: {maintenance: roads}\n    accepted_gaps:\n"
                   "      - finding: missing-duty\n        reason: not in service yet\n")
    rc, out = run_cli(["check", "--strict", "--today", "2026-01-01", "."], tmp_path,
                      monkeypatch, capsys)
    assert rc == 0
    assert out.splitlines()[-1] == "no problems found, 1 accepted gap"
    assert out.splitlines()[0].endswith("[missing-duty] (reason: not in service yet)")


def test_check_speaks_the_registry_language(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Without --lang the findings are in site.language (zh in the example)."""
    rc, out = run_cli(["check", "--today", "2026-01-01", "directory"], ROOT, monkeypatch,
                      capsys)
    assert rc == 0
    line = next(x for x in out.splitlines() if x.endswith("[handover-overdue]"))
    at = "{}:{}".format(*d3_lighting_due())
    assert line.startswith(f"directory/assets-roads.yaml:{at}: warning: assets[road-d3]"
                           ".handovers[1].due: ")
    assert "185" in line and re.search(r"[\u4e00-\u9fff]", line)
    rc, out = run_cli(["check", "--today", "2026-01-01", "--format", "json", "--lang", "en",
                       "directory"], ROOT, monkeypatch, capsys)
    [over] = [x for x in json.loads(out)["diagnostics"] if x.get("kind") == "handover-overdue"]
    assert over["message"].startswith("handover of 'road-d3' (lighting, energy-bill) to "
                                      "'municipal-roads' is 185 days")


def test_errors_skip_the_gap_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_registry(tmp_path, "assets:\n  - id: road\n    name: Road\n    type: road\n"
                   "    owner: nobody-known\n")
    monkeypatch.chdir(tmp_path)
    rc = main(["check", "--today", "2026-01-01", "."])
    cap = capsys.readouterr()
    assert rc == 1
    assert "unknown-ref" not in cap.out and ": error: " in cap.out
    assert "[unowned-asset]" not in cap.out and "[missing-duty]" not in cap.out
    assert "run once the errors are fixed" in cap.err


@pytest.mark.parametrize("args", [["--today", "2026-02-30"], ["--today", "tomorrow"],
                                  ["--max-contact-age", "-3"], ["--max-contact-age", "x"]])
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", *args, str(ROOT / "directory")])
    assert exc.value.code == 2
    assert "error: argument" in capsys.readouterr().err


def test_max_contact_age_overrides_the_site_setting(example: Directory) -> None:
    assert len(by_kind(run_checks(example, TODAY), "stale-contact")) == 1
    assert len(by_kind(run_checks(example, TODAY, max_contact_age=600), "stale-contact")) == 0
    # every contact of the example is older than 0 days on 2026-11-26 or in the future
    few = by_kind(run_checks(example, dt.date(2026, 11, 26), max_contact_age=0), "stale-contact")
    assert len(few) > 20


def test_json_and_github_formats(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run_cli(["check", "--today", "2026-01-01", "--format", "json", "directory"], ROOT,
                      monkeypatch, capsys)
    data = json.loads(out)
    assert rc == 0 and data["warnings"] == 5 and data["accepted"] == 1 and data["errors"] == 0
    kinds = {d["kind"]: d for d in data["diagnostics"]}
    assert kinds["handover-overdue"]["days"] == 185
    assert kinds["missing-duty"]["accepted"].startswith("管道已建成")
    assert kinds["handover-overdue"]["severity"] == "warning"
    rc, out = run_cli(["check", "--today", "2026-01-01", "--format", "github", "directory"],
                      ROOT, monkeypatch, capsys)
    lines = out.splitlines()
    assert sum(x.startswith("::warning ") for x in lines) == 5
    assert sum(x.startswith("::notice ") for x in lines) == 1
    assert any("title=remit handover-overdue" in x and f"line={d3_lighting_due()[0]}" in x
               for x in lines)


def test_output_is_deterministic(example: Directory) -> None:
    a = [(f.diagnostic, f.message_zh, f.targets) for f in run_checks(example, TODAY)]
    b = [(f.diagnostic, f.message_zh, f.targets) for f in run_checks(example, TODAY)]
    assert a == b


def test_aggregated_minor_assets_keep_exact_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / "unowned-minor-aggregated"
    monkeypatch.chdir(case)
    reg, _ = load(".")
    fs = run_checks(Directory(reg, TODAY), TODAY)
    [group] = [f for f in fs if f.id == "slc-1" and f.members]
    assert [mb.id for mb in group.members] == [f"lamp-1-{i:03d}" for i in (1, 2, 3, 4, 5, 6, 8)]
    assert [mb.line for mb in group.members] == [2, 3, 4, 5, 6, 7, 9]
    assert {mb.file for mb in group.members} == {"lamps.csv"}
    assert group.targets == (("asset", "slc-1"),)  # the parent's page carries the badge


def test_lead_heuristic() -> None:
    assert only_guides("参与协调园区供电、供水、用气等要素保障")
    assert only_guides("指导和协调综保区口岸物流服务工作")
    assert only_guides("Coordinates and guides the handover of roads")
    assert not only_guides("指导园区非公企业建立党组织，开展党员组织关系接转")
    assert not only_guides("参与新建市政设施的竣工验收，提出接管意见")
    assert not only_guides("受理劳动保障监察投诉，协调处理劳动争议")
    assert not only_guides("负责协调道路移交")
    assert not only_guides("Coordinates repairs and pays the energy bill")
    assert not only_guides("")


# --- matter-unroutable agrees with routing.route ----------------------------------------------


def routed_nowhere(d: Directory, mt: m.Matter, a: m.Asset) -> bool:
    """What "cannot be routed" means, read off route()'s answer."""
    ans = route(d, mt, a)
    return not ans.holders and ans.handover is None and (
        ans.dispute is None or ans.dispute.interim is None)


def unroutable_pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.id, mb.id) for f in findings if f.kind == "matter-unroutable" for mb in f.members}


def expected_pairs(d: Directory) -> set[tuple[str, str]]:
    out = set()
    for mt in d.registry.matters:
        if mt.handled_by:
            continue
        for a in d.registry.assets:
            if a.type in mt.asset_types and routed_nowhere(d, mt, a):
                out.add((mt.id, a.id))
    return out


def test_unroutable_matches_route_on_golden_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN / "matter-unroutable")
    reg, _ = load(".")
    d = Directory(reg, TODAY)
    got = unroutable_pairs(run_checks(d, TODAY))
    assert got == expected_pairs(d)
    assert ("light-out", "road-handover") not in got and ("light-out", "road-lit") not in got
    assert len(got) == 6


def random_registry(seed: int) -> m.Registry:
    """A random registry of parts, owners, duties, handovers and disputes (in memory)."""
    rnd = random.Random(seed)
    deps = tuple(m.Department(id=f"d{i}", name=f"D{i}") for i in range(3))
    dep_ids = [x.id for x in deps]
    assets: list[m.Asset] = []
    for i in range(40):
        parent = rnd.choice([None, None, *[a.id for a in assets[-8:]]])
        duties = {k: m.DutyHolding((rnd.choice(dep_ids),))
                  for k in ("lighting", "maintenance") if rnd.random() < 0.3}
        handover = None
        if rnd.random() < 0.2:
            handover = m.Handover(from_="d0", to="d1",
                                  duties=rnd.choice([(), ("lighting",), ("maintenance",)]),
                                  status=rnd.choice(m.HANDOVER_STATUSES),
                                  interim=rnd.choice([None, "d2"]))
        assets.append(m.Asset(id=f"a{i}", name=f"A{i}", type=rnd.choice(["road", "facility"]),
                              part_of=parent, owner=rnd.choice([None, None, None, "d1"]),
                              duties=duties, handover=handover))
    matters = (
        m.Matter(id="lights", name="L", asset_types=("road", "facility"), duty="lighting",
                 first_contact="d0"),
        m.Matter(id="repairs", name="R", asset_types=("road",), duty="maintenance"),
    )
    disputes = tuple(
        m.Dispute(id=f"x{i}", asset=rnd.choice(assets).id, parties=("d0", "d1"),
                  status=rnd.choice(m.DISPUTE_STATUSES), interim=rnd.choice([None, "d2"]),
                  duty=rnd.choice([None, "lighting"]),
                  matter=rnd.choice([None, "lights", "repairs"]))
        for i in range(4))
    types = tuple(m.AssetType(id=t[0], name=t[1], duties=t[2], minor=t[3])
                  for t in m.BUILTIN_ASSET_TYPES)
    return m.Registry(m.Site(title="t"), deps, types, tuple(assets), matters, (), disputes, ())


@pytest.mark.parametrize("seed", range(25))
def test_unroutable_matches_route_on_random_registries(seed: int) -> None:
    d = Directory(random_registry(seed), TODAY)
    assert unroutable_pairs(run_checks(d, TODAY)) == expected_pairs(d)

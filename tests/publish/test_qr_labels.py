"""QR labels: the addresses the codes carry (decoded back with OpenCV's QR decoder), the
matter rule, the selection and its errors, the drawings and `remit labels`. The site's
label pages: tests/site/test_label_pages.py; printed by Chromium:
tests/browser/test_browser_labels.py."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import make_project, run_remit

from generator.directory import Directory
from generator.load.registry import load
from generator.publish.output_dir import read_marker
from generator.publish.qr_labels import (
    LabelError,
    default_matters,
    lookup_url,
    make_labels,
    normalize_base,
    qr_code,
    qr_png,
    select,
)
from generator.site.label_pages import label_svg, sheet_html

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
BASE = "https://remit.example.org/"


def decode_png(png: bytes) -> list[str]:
    """Every QR code OpenCV finds in a PNG image."""
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    ok, texts, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(img)
    return sorted(texts) if ok else []


@pytest.fixture(scope="module")
def d() -> Directory:
    reg, diags = load(EXAMPLE)
    assert not [x for x in diags if x.severity == "error"]
    return Directory(reg)


def lamps_of(circuit: str) -> list[str]:
    with (EXAMPLE / "lamps.csv").open(encoding="utf-8") as f:
        return [row["lamp_no"] for row in csv.DictReader(f) if row["circuit"] == circuit]


# --- the address ---------------------------------------------------------------------------


def test_base_url_is_normalised_and_bad_ones_are_refused() -> None:
    assert normalize_base("https://remit.example.org") == BASE
    assert normalize_base(" https://example.org/park/remit ") == \
        "https://example.org/park/remit/"
    assert normalize_base("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/"
    for bad, why in [("remit.example.org", "not an http(s) address with a host"),
                     ("ftp://example.org/", "not an http(s) address with a host"),
                     ("https:///x", "not an http(s) address with a host"),
                     ("https://example.org/?x=1", "has a query or fragment"),
                     ("https://example.org/#top", "has a query or fragment"),
                     ("https://example.org:99999/", "cannot be read")]:
        with pytest.raises(LabelError) as exc:
            normalize_base(bad)
        assert why in exc.value.problems[0], bad


def test_lookup_url_is_short_ids_only() -> None:
    assert lookup_url(BASE, "lamp-d3a-001", "streetlight-out") == \
        "https://remit.example.org/lookup/?a=lamp-d3a-001&m=streetlight-out"
    assert lookup_url(BASE, "road-d3") == "https://remit.example.org/lookup/?a=road-d3"
    assert lookup_url("https://x.example.org/sub/", "a-1", "m", directory_urls=False) == \
        "https://x.example.org/sub/lookup/index.html?a=a-1&m=m"


def test_codes_decode_to_their_address_with_level_q(d: Directory) -> None:
    assets = select(d, parent="slc-d3-1").assets
    labels = make_labels(d, assets, BASE)
    assert [x.asset.id for x in labels] == ["slc-d3-1", *lamps_of("slc-d3-1")]
    for x in labels:
        assert x.url == f"{BASE}lookup/?a={x.asset.id}&m=streetlight-out"
        assert qr_code(x.url).error == "Q"
        assert decode_png(qr_png(x.url)) == [x.url]


def test_a_new_base_url_changes_every_code(d: Directory) -> None:
    assets = select(d, parent="slc-d3-2").assets
    old = make_labels(d, assets, BASE)
    new = make_labels(d, assets, normalize_base("https://zbq.example.org/remit"))
    for a, b in zip(old, new, strict=True):
        assert a.qr_svg != b.qr_svg
        assert decode_png(qr_png(b.url)) == [
            f"https://zbq.example.org/remit/lookup/?a={b.asset.id}&m=streetlight-out"]
        assert b.host == "zbq.example.org/remit"


# --- the matter rule and the selection ------------------------------------------------------


def test_each_type_gets_its_first_matter_in_registry_order(d: Directory) -> None:
    rule = {t: x.id for t, x in default_matters(d).items()}
    assert rule["street-lamp"] == "streetlight-out"
    assert rule["street-light-circuit"] == "streetlight-out"
    assert rule["road-section"] == "streetlight-out"
    assert rule["facility"] == "fire-hydrant-fault"
    assert rule["power-line"] == "power-outage"
    # a type no matter names: the code carries the asset only
    assets = select(d, parent="road-baoshui-avenue", types=["drainage-line"]).assets
    (label,) = make_labels(d, assets, BASE)
    assert label.matter is None and label.url.endswith("?a=drainage-baoshui")


def test_matter_overrides_the_rule(d: Directory) -> None:
    assets, matter, _, _ = select(d, types=["road", "road-section"], matter="road-damage")
    labels = make_labels(d, assets, BASE, matter=matter)
    assert {x.url.split("&m=")[1] for x in labels} == {"road-damage"}
    assert "road-d3" in {x.asset.id for x in labels}


def test_selection_errors_come_all_at_once_with_suggestions(d: Directory) -> None:
    with pytest.raises(LabelError) as exc:
        select(d, types=["street-lamps"], parent="slc-d3", matter="streetlight")
    assert exc.value.code == 2
    p = exc.value.problems
    assert len(p) == 3
    assert p[0].startswith("unknown asset type 'street-lamps'; did you mean 'street-lamp'?")
    assert p[1].startswith("unknown asset 'slc-d3'; did you mean 'slc-d3-")
    assert p[2].startswith("unknown matter 'streetlight'; did you mean 'streetlight-out'?")
    with pytest.raises(LabelError) as exc:
        select(d)
    assert "say which assets to label" in exc.value.problems[0]
    with pytest.raises(LabelError) as exc:
        select(d, types=["street-lamp"], parent="road-b2", matter="road-damage")
    assert exc.value.problems == [
        "matter 'road-damage' does not apply to asset type street-lamp (its asset_types: road, "
        "road-section); leave --matter out to use each type's first matter, or choose the "
        "assets with --type"]
    with pytest.raises(LabelError) as exc:
        select(d, types=["gas-line"], parent="slc-d3-1")
    assert exc.value.code == 1
    assert exc.value.problems == [
        "no asset of type gas-line in 'slc-d3-1' and its parts: nothing to label"]


def test_names_are_accepted_where_ids_are(d: Directory, tmp_path: Path) -> None:
    chosen = select(d, types=["路灯"], parent="D3 路 1 号照明回路（南段）", matter="路灯不亮")
    assert chosen.types == ["street-lamp"] and chosen.parent is not None
    assert chosen.parent.id == "slc-d3-1" and chosen.matter is not None
    assert chosen.matter.id == "streetlight-out"
    assert [a.id for a in chosen.assets] == lamps_of("slc-d3-1")
    assert select(d, types=["Street lamp"]).types == ["street-lamp"]
    make_project(tmp_path, HOSTILE.replace("name: 路灯不亮", "name: 路灯不亮\n  - id: light-out-2"
                                           "\n    name: 路灯不亮\n    handled_by: a"))
    reg, _ = load(tmp_path / "reg")
    with pytest.raises(LabelError) as exc:
        select(Directory(reg), parent="slc-x", matter="路灯不亮")
    assert exc.value.problems == ["2 matters are named '路灯不亮': light-out, light-out-2; give "
                                  "one of these ids"]


# --- the drawings ---------------------------------------------------------------------------

HOSTILE = """\
site: {title: t, language: zh}
departments:
  - id: a
    name: A
    contacts: [{role: desk, phone: "0851-0000-0001", verified: 2026-11-01}]
assets:
  - id: slc-x
    name: "<script>alert(1)</script> & 回路"
    type: street-light-circuit
    owner: a
    duties: {lighting: a, operation: a, energy-bill: a, maintenance: a}
  - id: lamp-x-1
    name: "灯 \\"1\\" <img src=x onerror=alert(1)> 一二三四五六七八九十一二三四五六七八九十"
    type: street-lamp
    part_of: slc-x
matters:
  - id: light-out
    name: 路灯不亮
    asset_types: [street-lamp, street-light-circuit]
    duty: lighting
    first_contact: a
"""


def hostile(tmp_path: Path) -> Directory:
    make_project(tmp_path, HOSTILE)
    reg, diags = load(tmp_path / "reg")
    assert not [x for x in diags if x.severity == "error"], diags
    return Directory(reg)


def test_registry_text_is_escaped_in_the_svg_and_the_sheet(tmp_path: Path) -> None:
    d = hostile(tmp_path)
    assets = select(d, parent="slc-x").assets
    labels = make_labels(d, assets, BASE)
    for x in labels:
        svg = label_svg(x, "zh")
        root = ET.fromstring(svg)  # well-formed XML
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts[0] == x.asset.id
        assert "<script" not in svg and "<img" not in svg
        assert root.get("width") == "50mm" and root.get("height") == "70mm"
    svg = label_svg(labels[1], "zh")
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    # the long name is cut to two lines, the second ending with "…"
    assert texts[1].startswith('灯 "1" <img') and texts[2].endswith("…")
    assert texts[3] == "扫码报修 · Scan to report" and texts[4] == "remit.example.org"
    html = sheet_html(labels, "zh", "二维码标签")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 回路" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_sheet_html_has_every_code_and_no_script(d: Directory) -> None:
    assets = select(d, parent="slc-b2-1").assets
    labels = make_labels(d, assets, BASE)
    html = sheet_html(labels, "zh", "二维码标签：B2 路照明回路")
    assert re.findall(r'data-url="([^"]+)"', html) == [
        x.url.replace("&", "&amp;") for x in labels]
    assert html.count('<svg viewBox="0 0 ') == len(labels)
    assert "<script" not in html
    assert "@page remit-labels { size: A4 portrait;" in html
    assert "default-src 'none'" in html


# --- remit labels ---------------------------------------------------------------------------


def test_remit_labels_writes_svgs_and_a_sheet(tmp_path: Path) -> None:
    out = tmp_path / "labels"
    r = run_remit("labels", "--parent", "slc-d3-1", "--type", "street-lamp", "--out", str(out))
    assert r.returncode == 0, r.stderr
    lamps = lamps_of("slc-d3-1")
    assert sorted(p.name for p in (out / "svg").iterdir()) == [f"{x}.svg" for x in lamps]
    assert r.stderr.splitlines() == [
        f"remit labels: {len(lamps)} labels: wrote {len(lamps)} SVG files in svg/, the A4 "
        f"sheet labels.html to {out}",
        "remit labels: the codes open https://remit.example.org/lookup/?a=lamp-d3a-001&m="
        "streetlight-out and so on (the first matter of each asset type); print at 100%"]
    html = (out / "labels.html").read_text(encoding="utf-8")
    assert re.findall(r'data-url="([^"]+)"', html) == [
        f"{BASE}lookup/?a={x}&amp;m=streetlight-out" for x in lamps]
    assert "<title>二维码标签：D3 路 1 号照明回路（南段）</title>" in html
    assert read_marker(out)["remit"] == "labels"
    first = {p.name: p.read_bytes() for p in (out / "svg").iterdir()}
    # the same registry gives the same bytes; a narrower run removes what it no longer writes
    r = run_remit("labels", "--parent", "slc-d3-1", "--type", "street-lamp", "--out", str(out))
    assert r.returncode == 0
    assert {p.name: p.read_bytes() for p in (out / "svg").iterdir()} == first
    assert (out / "labels.html").read_text(encoding="utf-8") == html
    r = run_remit("labels", "--parent", "lamp-d3a-001", "--format", "svg", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (out / "svg").iterdir()] == ["lamp-d3a-001.svg"]
    assert (out / "labels.html").is_file()  # another format's file stays


def test_remit_labels_base_url_and_mkdocs_yml(tmp_path: Path) -> None:
    out = tmp_path / "o"
    r = run_remit("labels", "--parent", "lamp-d3a-001", "--base-url",
                  "https://zbq.example.org/r", "--format", "html", "--out", str(out))
    assert r.returncode == 0, r.stderr
    html = (out / "labels.html").read_text(encoding="utf-8")
    assert 'data-url="https://zbq.example.org/r/lookup/?a=lamp-d3a-001&amp;m=streetlight-out"' \
        in html
    assert '<div class="remit-qr-host">zbq.example.org/r</div>' in html
    cfg = tmp_path / "m.yml"
    cfg.write_text("site_name: x\nsite_url: https://a.example.org/\nuse_directory_urls: false\n",
                   encoding="utf-8")
    r = run_remit("labels", "--parent", "lamp-d3a-001", "-f", str(cfg), "--format", "html",
                  "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "https://a.example.org/lookup/index.html?a=lamp-d3a-001&amp;m=streetlight-out" in \
        (out / "labels.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "code", "lines"), [
    (["--type", "street-lamps", "--parent", "slc-d3", "--matter", "x-out"], 2, [
        "remit labels: unknown asset type 'street-lamps'; did you mean 'street-lamp'? (types: ",
        "remit labels: unknown asset 'slc-d3'; did you mean 'slc-d3-",
        "remit labels: unknown matter 'x-out' (--matter takes a matter id or name)"]),
    ([], 2, ["remit labels: say which assets to label: --type TYPE (repeatable) and/or "
             "--parent ASSET (it and everything part of it)"]),
    (["--type", "gas-line", "--parent", "road-d3"], 1, [
        "remit labels: no asset of type gas-line in 'road-d3' and its parts: nothing to label"]),
    (["--type", "road", "--base-url", "example.org"], 2, [
        "remit labels: the base URL 'example.org' is not an http(s) address with a host; give "
        "the site's address, such as https://remit.example.org/"]),
    (["--type", "road", "-f", "nowhere.yml"], 2, [
        "remit labels: nowhere.yml not found (give the site's mkdocs.yml with -f)"]),
])
def test_remit_labels_errors(tmp_path: Path, args: list[str], code: int,
                             lines: list[str]) -> None:
    out = tmp_path / "o"
    r = run_remit("labels", *args, "--out", str(out))
    assert r.returncode == code, r.stderr
    got = r.stderr.splitlines()
    assert len(got) == len(lines), got
    for g, want in zip(got, lines, strict=True):
        assert g.startswith(want), g
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_remit_labels_stops_on_registry_errors(tmp_path: Path) -> None:
    make_project(tmp_path, HOSTILE.replace("part_of: slc-x", "part_of: slc-y"))
    r = run_remit("labels", "reg", "--type", "street-lamp", "--base-url", BASE, "--out",
                  str(tmp_path / "o"), cwd=tmp_path)
    assert r.returncode == 1
    assert "reg/departments.yaml:15:14: error: assets[lamp-x-1].part_of: unknown asset " \
        "'slc-y'" in r.stderr
    assert not (tmp_path / "o").exists()


def test_remit_labels_needs_an_address_and_a_safe_folder(tmp_path: Path) -> None:
    cfg = tmp_path / "m.yml"
    cfg.write_text("site_name: x\n", encoding="utf-8")
    r = run_remit("labels", "--type", "road", "-f", str(cfg), "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert r.stderr == ("remit labels: no address for the codes: give --base-url "
                        "https://your.site/ or set site_url in mkdocs.yml (-f FILE)\n")
    r = run_remit("labels", "--type", "road", "--out", "directory")
    assert r.returncode == 2
    assert r.stderr.startswith("remit labels: refusing to write the labels into 'directory': "
                               "it is the registry folder")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("x", encoding="utf-8")
    r = run_remit("labels", "--type", "road", "--out", str(taken))
    assert r.returncode == 2 and "remit did not write it" in r.stderr
    assert sorted(p.name for p in taken.iterdir()) == ["mine.txt"]

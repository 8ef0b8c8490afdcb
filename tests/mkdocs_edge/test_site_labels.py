"""The QR label pages in a real `mkdocs build --strict` and in `remit render`: built only
with a site_url and within the plugin's qr_labels_max, out of the navigation and search,
with the same security policy as every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import make_project, run_mkdocs, run_remit

REGISTRY = """\
site: {title: t, language: zh}
departments:
  - id: ops
    name: 运营公司
    contacts: [{role: 值班, phone: "0851-0000-0001", verified: 2026-11-01}]
assets:
  - id: road-x
    name: X 路
    type: road
    owner: ops
    duties: {maintenance: ops, lighting: ops, cleaning: ops, energy-bill: ops}
  - id: slc-x
    name: X 路照明回路
    type: street-light-circuit
    part_of: road-x
    owner: ops
    duties: {lighting: ops, operation: ops, energy-bill: ops, maintenance: ops}
  - id: lamp-x-1
    name: X 路 1 号灯
    type: street-lamp
    part_of: slc-x
  - id: lamp-x-2
    name: X 路 2 号灯
    type: street-lamp
    part_of: slc-x
matters:
  - id: light-out
    name: 路灯不亮
    asset_types: [street-lamp, street-light-circuit, road]
    duty: lighting
    first_contact: ops
"""
OPTIONS = "      registry: reg\n      today: 2026-11-26\n      gaps: info\n"


def project(tmp_path: Path, options: str = "", site_url: bool = True) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = make_project(tmp_path, REGISTRY, options=OPTIONS + options)
    if site_url:
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("site_name: test\n", "site_name: test\n"
                                       "site_url: https://zbq.example.org/remit/\n"),
                          encoding="utf-8")
    return config


def test_strict_build_has_a_label_page_per_circuit_and_road(tmp_path: Path) -> None:
    project(tmp_path)
    r = run_mkdocs("build", "--strict", "-d", str(tmp_path / "site"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    site = tmp_path / "site"
    page = (site / "labels" / "slc-x" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-url="([^"]+)"', page) == [
        f"https://zbq.example.org/remit/lookup/?a={x}&amp;m=light-out"
        for x in ("slc-x", "lamp-x-1", "lamp-x-2")]
    assert '<div class="remit-qr-host">zbq.example.org/remit</div>' in page
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "<script>" not in page.split("</article>")[0].split("<article")[1]
    road = (site / "labels" / "road-x" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'class="remit-qr-label" id="([^"]+)"', road) == ["road-x"]
    assert '<a href="../slc-x/">X 路照明回路</a>' in road
    every = (site / "labels" / "index.html").read_text(encoding="utf-8")
    assert '<tr><td><a href="slc-x/">X 路照明回路</a></td><td>路灯回路</td><td>3</td></tr>' in every
    asset = (site / "assets" / "slc-x" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../labels/slc-x/">打印二维码标签</a>' in asset
    # not in the navigation, not in search
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "labels/" not in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("labels/")]


def test_no_label_pages_without_site_url_or_past_qr_labels_max(tmp_path: Path) -> None:
    project(tmp_path / "a", site_url=False)
    r = run_mkdocs("build", "--strict", "-d", str(tmp_path / "a" / "site"), cwd=tmp_path / "a")
    assert r.returncode == 0, r.stderr[-3000:]
    assert not (tmp_path / "a" / "site" / "labels").exists()
    assert "打印二维码标签" not in (tmp_path / "a" / "site" / "assets" / "slc-x" /
                              "index.html").read_text(encoding="utf-8")
    project(tmp_path / "b", options="      qr_labels_max: 3\n")
    r = run_mkdocs("build", "--strict", "-d", str(tmp_path / "b" / "site"), cwd=tmp_path / "b")
    assert r.returncode == 0, r.stderr[-3000:]
    assert not (tmp_path / "b" / "site" / "labels").exists()  # 4 labels in all


def test_remit_render_writes_the_label_pages(tmp_path: Path) -> None:
    project(tmp_path)
    r = run_remit("render", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    md = next((tmp_path / "out").rglob("labels/slc-x.md")).read_text(encoding="utf-8")
    assert md.count('class="remit-qr-label"') == 3
    r = run_remit("render", "--out", str(tmp_path / "out2"), cwd=tmp_path)
    md2 = next((tmp_path / "out2").rglob("labels/slc-x.md")).read_text(encoding="utf-8")
    assert md2 == md

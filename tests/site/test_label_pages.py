"""The site's QR label pages: one per street-light circuit and road, holding exactly the
assets printed from it, linked from the asset's page, only with a site_url and within the
limit, the same bytes every time."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from generator.directory import Directory
from generator.load.registry import load
from generator.site.label_pages import label_files, sheets
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "directory"
BASE = "https://remit.example.org/"


@pytest.fixture(scope="module")
def d() -> Directory:
    reg, diags = load(EXAMPLE)
    assert not [x for x in diags if x.severity == "error"]
    return Directory(reg)


def lamps_of(circuit: str) -> list[str]:
    with (EXAMPLE / "lamps.csv").open(encoding="utf-8") as f:
        return [row["lamp_no"] for row in csv.DictReader(f) if row["circuit"] == circuit]


def test_site_label_page_of_a_circuit_holds_exactly_its_lamps(d: Directory) -> None:
    files = {f.path: f for f in render_site(d, site_url=BASE)}
    page = files["labels/slc-d3-1.md"].content
    assert isinstance(page, str)
    ids = re.findall(r'<div class="remit-qr-label" id="([^"]+)"', page)
    assert ids == ["slc-d3-1", *lamps_of("slc-d3-1")]
    assert re.findall(r'data-url="([^"]+)"', page) == [
        f"{BASE}lookup/?a={x}&amp;m=streetlight-out" for x in ids]
    assert page.startswith('---\ntitle: "二维码标签：D3 路 1 号照明回路（南段）"\nhide:\n'
                           "  - navigation\n  - toc\nsearch:\n  exclude: true\n---\n")
    # a road's page: the road and its sections; its circuits are linked, not repeated
    road = files["labels/road-d3.md"].content
    assert isinstance(road, str)
    assert re.findall(r'<div class="remit-qr-label" id="([^"]+)"', road) == [
        "road-d3", "road-d3-s1", "road-d3-s2", "drainage-d3"]
    assert '<a href="../slc-d3-1/">D3 路 1 号照明回路（南段）</a>' in road
    # every asset is printed from one page only
    every = [i for f in files.values() if f.path.startswith("labels/")
             for i in re.findall(r'class="remit-qr-label" id="([^"]+)"', str(f.content))]
    assert len(every) == len(set(every))
    assert {s.root.id for s in sheets(d)} | {"index"} == {
        f.path[7:-3] for f in files.values() if f.path.startswith("labels/")}
    # the list of every label page, with the number of labels on each
    index = str(files["labels/index.md"].content)
    rows = re.findall(r'<tr><td><a href="([^"]+)">[^<]+</a></td><td>[^<]+</td><td>(\d+)</td>',
                      index)
    assert rows[0] == ("road-baoshui-avenue/", "4")
    assert ("slc-d3-1/", str(1 + len(lamps_of("slc-d3-1")))) in rows
    assert sum(int(n) for _, n in rows) == len(every)
    assert '<a href="../">全部标签页</a>' in str(page)
    # the asset page links to it; a lamp's circuit page is where its label is
    asset = files["assets/slc-d3-1.md"].content
    assert '<p class="remit-labels-link"><a href="../../labels/slc-d3-1/">打印二维码标签</a></p>' \
        in str(asset)
    assert "remit-labels-link" not in str(files["assets/meter-slc-d3.md"].content)
    assert "@page remit-labels" in files["assets/stylesheets/remit.css"].content.decode()


def test_no_label_pages_without_site_url_or_past_the_limit(d: Directory) -> None:
    assert label_files(d, None) == []
    assert label_files(d, "not a url") == []
    total = sum(len(s.assets) for s in sheets(d))
    assert label_files(d, BASE, max_labels=total - 1) == []
    assert len(label_files(d, BASE, max_labels=total)) == len(sheets(d)) + 1  # and the list
    files = {f.path: f for f in render_site(d)}
    assert not [p for p in files if p.startswith("labels/")]
    assert "remit-labels-link" not in str(files["assets/slc-d3-1.md"].content)


def test_label_pages_are_deterministic(d: Directory) -> None:
    one = label_files(d, BASE, directory_urls=False)
    two = label_files(d, BASE, directory_urls=False)
    assert one == two
    assert 'href="../assets/slc-d3-1.html"' in str(
        next(f for f in one if f.path == "labels/slc-d3-1.md").content)

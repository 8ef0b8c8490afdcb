"""QR labels as a person sees and prints them: the site's label page in Chromium (on screen,
on a phone and printed to PDF) and `remit labels --format pdf`, every code decoded back to
its exact address with OpenCV's QR decoder (pages of the PDF rasterised with pdfium)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import BROWSER_MARKS, LoopbackServer, run_remit

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")
pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS

BASE = "https://remit.example.org/"
LAMPS_D3A = [f"lamp-d3a-{i:03d}" for i in range(1, 22)]


def decode(img: object) -> list[str]:
    gray = cv2.cvtColor(img, cv2.COLOR_BGRA2GRAY if img.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    ok, texts, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(gray)
    return sorted(t for t in texts if t) if ok else []


def pdf_pages(data: bytes) -> list[list[str]]:
    """The codes on each page of a PDF, rasterised at 216 dpi."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for page in doc:
            out.append(decode(page.render(scale=3).to_numpy()))
            size = page.get_size()
            assert (round(size[0] / 72 * 25.4), round(size[1] / 72 * 25.4)) == (210, 297)
        return out
    finally:
        doc.close()


def urls(ids: list[str]) -> list[str]:
    return sorted(f"{BASE}lookup/?a={x}&m=streetlight-out" for x in ids)


@pytest.fixture(scope="module")
def site(example_site_server: LoopbackServer) -> str:
    """The session's shared build of the example site (tests/conftest.py), served."""
    return example_site_server.url


def test_printed_sheet_of_remit_labels_decodes_page_by_page(tmp_path: Path) -> None:
    out = tmp_path / "o"
    r = run_remit("labels", "--parent", "slc-d3-1", "--format", "pdf", "--out", str(out))
    assert r.returncode == 0, r.stderr
    pages = pdf_pages((out / "labels.pdf").read_bytes())
    ids = ["slc-d3-1", *LAMPS_D3A]
    assert len(pages) == math.ceil(len(ids) / 12) == 2
    assert pages[0] == urls(ids[:12])
    assert pages[1] == urls(ids[12:])


def test_single_label_svgs_decode_in_chromium(browser: object, tmp_path: Path) -> None:
    out = tmp_path / "o"
    r = run_remit("labels", "--parent", "slc-d3-2", "--base-url", "https://zbq.example.org/r",
                  "--format", "svg", "--out", str(out))
    assert r.returncode == 0, r.stderr
    files = sorted((out / "svg").iterdir())
    assert len(files) == 23
    page = browser.new_page(viewport={"width": 200, "height": 270},  # type: ignore[attr-defined]
                            device_scale_factor=3)
    for f in (files[0], files[11], files[-1]):
        page.goto(f.as_uri())
        shot = page.screenshot()
        img = cv2.imdecode(np.frombuffer(shot, np.uint8), cv2.IMREAD_COLOR)
        assert decode(img) == [
            f"https://zbq.example.org/r/lookup/?a={f.stem}&m=streetlight-out"], f.name
    page.close()


def test_site_label_page_on_screen_and_on_a_phone(browser: object, site: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                            device_scale_factor=2)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda q: None if q.url.startswith(site) or q.url.startswith("data:")
            else problems.append(q.url))
    page.goto(site + "labels/slc-d3-1/")
    cards = page.locator(".remit-qr-label")
    assert cards.count() == 22
    assert page.locator(".remit-qr-id").all_inner_texts() == ["slc-d3-1", *LAMPS_D3A]
    shot = page.screenshot(full_page=True)
    img = cv2.imdecode(np.frombuffer(shot, np.uint8), cv2.IMREAD_COLOR)
    assert decode(img) == urls(["slc-d3-1", *LAMPS_D3A])
    # a label is 50 x 70 mm on screen too (96 px to the inch)
    box = cards.first.bounding_box()
    assert box is not None
    assert (round(box["width"] / 96 * 25.4), round(box["height"] / 96 * 25.4)) == (50, 70)
    # printed: the sheet only, A4, 12 a page
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert [len(p) for p in pages] == [12, 10]
    assert sorted(pages[0] + pages[1]) == urls(["slc-d3-1", *LAMPS_D3A])
    assert problems == []
    # the asset's page links to it
    page.goto(site + "assets/slc-d3-1/")
    page.get_by_role("link", name="打印二维码标签").click()
    page.wait_for_url(site + "labels/slc-d3-1/")
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    phone.goto(site + "labels/slc-d3-1/")
    a, b = (phone.locator(".remit-qr-label").nth(i).bounding_box() for i in (0, 1))
    assert a is not None and b is not None
    assert a["y"] == b["y"] and b["x"] + b["width"] <= 390  # two a row, within the screen
    phone.close()

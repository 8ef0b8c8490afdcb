"""The nginx example of docs/publishing.md in a real browser: a project made by
``remit init``, built, and served on loopback with the response headers the example's
``remit-headers.conf`` sends. Every kind of page still works and reports no policy
violation (the header and each page's own ``<meta>`` policy are both enforced), and the
header adds what a ``<meta>`` cannot: another site may not frame the pages."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BROWSER_MARKS, ROOT, run_mkdocs, run_remit
from test_browser_csp import Watched, clean

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS


def documented_headers() -> dict[str, str]:
    """The ``add_header NAME "VALUE" always;`` lines of the nginx snippet in the guide."""
    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    snippet = text.split("# /etc/nginx/snippets/remit-headers.conf", 1)[1].split("```", 1)[0]
    return dict(re.findall(r'^add_header ([\w-]+) "([^"]*)" always;$', snippet, re.M))


class _Headers(http.server.SimpleHTTPRequestHandler):
    extra: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class Served:
    def __init__(self, root: Path, headers: dict[str, str]) -> None:
        handler = type("H", (_Headers,), {"extra": headers})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("published") / "park"
    r = run_remit("init", str(project), "--site-url", "https://park.example.org/",
                  "--repo-url", "https://github.com/park/registry",
                  "--remit-requirement", "remit")
    assert r.returncode == 0, r.stderr
    out = project.parent / "site"
    r = run_mkdocs("build", "--strict", "-d", str(out), cwd=project)
    assert r.returncode == 0, r.stderr
    (out / "frame-test.html").write_text("<!doctype html><title>f</title>", encoding="utf-8")
    srv = Served(out, documented_headers())
    yield srv.url
    srv.close()


def test_the_documented_headers_are_sent(site: str) -> None:
    import urllib.request

    with urllib.request.urlopen(site + "departments/service-centre/") as resp:
        csp = resp.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_every_kind_of_page_works_under_header_and_meta(browser: Any, site: str) -> None:
    w = Watched(browser)
    for url in ("", "departments/", "departments/service-centre/", "assets/service-building/",
                "matters/facility-repair/", "handovers/", "gaps/", "404.html"):
        w.goto(site + url)
        assert w.page.locator("h1").count() >= 1, url
    # Material's hashed inline scripts ran (they define __md_get)
    assert w.page.evaluate("typeof window.__md_get") == "function"
    w.goto(site + "lookup/")
    w.page.wait_for_selector("#remit-lookup[data-loaded]", state="attached")
    assert w.close() == clean()


def test_another_site_cannot_frame_the_pages(browser: Any, site: str,
                                             tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        f'<!doctype html><iframe id="f" src="{site}frame-test.html"></iframe>',
        encoding="utf-8")
    other = Served(tmp_path, {})
    try:
        ctx = browser.new_context()
        page = ctx.new_page()
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text)
                if "frame-ancestors" in m.text else None)
        page.goto(other.url)
        page.wait_for_timeout(500)
        (child,) = page.main_frame.child_frames
        assert not child.url.startswith(site), child.url  # chromium shows its error page
        assert blocked and "frame-ancestors 'self'" in blocked[0], blocked
        # the site may frame its own pages
        page.goto(site + "frame-test.html")
        page.evaluate("""(src) => { const f = document.createElement('iframe');
            f.src = src; document.body.appendChild(f); }""", site + "frame-test.html")
        page.wait_for_timeout(500)
        (child,) = page.main_frame.child_frames
        assert child.url == site + "frame-test.html"
        ctx.close()
    finally:
        other.close()

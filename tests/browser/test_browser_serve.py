"""``remit serve`` in a real browser (Debian's chromium through Playwright): a bad edit of
the registry reloads the open page by itself with the errors on top of it, and the fix
reloads it again without them; no reload hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.mkdocs_edge.serve import ERROR_ID
from tests.conftest import (
    BROWSER_MARKS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ENV,
    ROOT,
    SMALL_REGISTRY,
    make_project,
)
from tests.test_serve import _answers, _free_port

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_MARKS


def test_serve_overlay_appears_on_a_bad_edit_and_goes_on_the_fix(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    port = _free_port()
    remit = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-f", str(config),
         "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**ENV, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not _answers(port):
            assert remit.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_default_timeout(60_000)
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("h1")
                assert page.locator(f"#{ERROR_ID}").count() == 0

                registry = tmp_path / "reg" / "departments.yaml"
                registry.write_text(SMALL_REGISTRY.replace("owner: a", "owner: nobody"),
                                    encoding="utf-8")
                overlay = page.wait_for_selector(f"#{ERROR_ID}")  # reloaded by itself
                assert overlay is not None
                assert "nobody" in overlay.inner_text()
                assert overlay.is_visible()
                page.reload(timeout=30_000)  # answers at once, the errors still shown
                assert page.locator(f"#{ERROR_ID}").count() == 1

                registry.write_text(SMALL_REGISTRY, encoding="utf-8")
                page.wait_for_selector(f"#{ERROR_ID}", state="detached")
                page.reload(timeout=30_000)
                assert page.locator(f"#{ERROR_ID}").count() == 0
            finally:
                browser.close()
    finally:
        remit.send_signal(signal.SIGTERM)
        try:
            remit.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            remit.kill()
            remit.wait(timeout=10)

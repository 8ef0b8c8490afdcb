"""``remit serve`` with a real ``mkdocs serve``: stopping remit (SIGTERM, SIGINT) stops the
whole process group it started, and the port closes; a bad edit shows its errors on the
page (no hanging reload) until the file is fixed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.mkdocs_edge.serve import ERROR_ID
from tests.conftest import ENV, ROOT, SMALL_REGISTRY, make_project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a reused id that is not ours
        return True
    return True


def _children_pgids(pid: int) -> set[int]:
    """The process groups of ``pid``'s children (from /proc, where there is one)."""
    groups = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # ppid
            groups.add(int(fields[2]))  # pgrp
    return groups


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_mkdocs(tmp_path: Path, sig: signal.Signals) -> None:
    config = make_project(tmp_path)
    port = _free_port()
    remit = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-f", str(config),
         "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**ENV, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    groups: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not _answers(port):
            assert remit.poll() is None, f"remit serve ended early ({remit.returncode})"
            assert time.monotonic() < deadline, "mkdocs serve never answered"
            time.sleep(0.2)
        groups = _children_pgids(remit.pid) if Path("/proc/self/stat").exists() else set()
        assert groups and remit.pid not in groups  # mkdocs runs in a group of its own

        remit.send_signal(sig)
        remit.wait(timeout=15)
        assert remit.returncode in (0, 128 + sig)  # mkdocs' own code, or the signal's
        deadline = time.monotonic() + 5
        while any(_group_alive(g) for g in groups) or _answers(port):
            assert time.monotonic() < deadline, "mkdocs serve outlived remit serve"
            time.sleep(0.1)
    finally:
        if remit.poll() is None:
            remit.kill()
            remit.wait(timeout=10)
        for g in groups:
            if _group_alive(g):
                os.killpg(g, signal.SIGKILL)


def _page(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
        return str(r.read().decode("utf-8"))


def _until(what: str, ok: object, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not ok():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def test_a_bad_edit_shows_its_errors_until_fixed(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    port = _free_port()
    remit = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-f", str(config),
         "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**ENV, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _until("the first build", lambda: _answers(port), 120)
        assert ERROR_ID not in _page(port)
        registry = tmp_path / "reg" / "departments.yaml"
        registry.write_text(SMALL_REGISTRY.replace("owner: a", "owner: nobody"),
                            encoding="utf-8")
        _until("the error on the page", lambda: ERROR_ID in _page(port))
        page = _page(port)
        assert "nobody" in page and "departments.yaml" in page, page[page.find(ERROR_ID):][:800]
        registry.write_text(SMALL_REGISTRY, encoding="utf-8")
        _until("the error to go", lambda: ERROR_ID not in _page(port))
    finally:
        remit.send_signal(signal.SIGTERM)
        try:
            remit.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - the failure is elsewhere
            remit.kill()
            remit.wait(timeout=10)


def test_the_error_overlay_escapes_the_message() -> None:
    from generator.mkdocs_edge.serve import error_overlay

    html = error_overlay("departments.yaml:3:5: error: <script>alert(1)</script> & more")
    assert b"<script>" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert html.startswith(b'<div id="remit-serve-error" role="alert"')

"""``remit serve`` with a real ``mkdocs serve``: stopping remit (SIGTERM, SIGINT) stops the
whole process group it started, and the port closes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ENV, ROOT, make_project

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

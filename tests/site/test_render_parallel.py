"""Large registries render their lookup index and exports in forked workers: the pages
must be byte-for-byte the same as when everything runs in one process."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path

import pytest

from generator.directory import Directory
from generator.load.registry import load
from generator.site import render

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")
def test_parallel_render_gives_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    reg, _ = load(ROOT / "directory")
    d = Directory(reg, today=dt.date(2026, 1, 1))
    monkeypatch.setenv("REMIT_JOBS", "1")
    serial = render.render_site(d)
    monkeypatch.delenv("REMIT_JOBS")
    monkeypatch.setattr(render, "PARALLEL_MIN_ASSETS", 0)
    handles = render._start_workers(d, (lambda d: [],))
    assert handles[0][0] == "pool"  # really forked
    render._join_workers(handles)
    parallel = render.render_site(d)
    assert [f.path for f in parallel] == [f.path for f in serial]
    assert parallel == serial
    assert any(f.path.startswith("lookup/") for f in parallel)
    assert any(f.path.startswith("data/") for f in parallel)

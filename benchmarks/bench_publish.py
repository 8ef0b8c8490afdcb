#!/usr/bin/env python3
"""Time the publishing work on the large generated registry: exports, diff and history.

    python benchmarks/bench_publish.py [--scale 1.0] [--commits 5]

Generates the large registry (benchmarks/generate_large.py) into a temporary git
repository, commits it, then commits ``--commits`` small edits (a contact, a handover, a
time limit) and prints:

- ``export``: every open data export (all_exports) and the size of each format;
- ``diff``: ``diff_registries`` between the first and the last commit's registry, with and
  without the per-asset routing comparison;
- ``review``: the responsibility gaps the change causes and resolves (``gap_changes``: the
  checks on both sides, matched by key), the part ``remit diff`` adds to ``diff``;
- ``history``: ``read_history`` over all commits (git archive + load + diff per commit), cold
  and then warm (the in-process cache a ``mkdocs serve`` rebuild hits).

Figures are wall-clock seconds on this machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.checks.review import gap_changes  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.publish.diff import diff_registries  # noqa: E402
from generator.publish.export import FORMATS, all_exports, export_bytes  # noqa: E402
from generator.publish.history import read_history  # noqa: E402


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, check=True, capture_output=True, env=env)


def timed(label: str, fn, *args, **kw):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kw)
    print(f"{label:<44} {time.perf_counter() - t:7.2f} s", flush=True)
    return out


def edit(path: Path, pattern: str, repl: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=1)
    assert n, pattern
    path.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--commits", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="remit-bench-") as tmp:
        repo = Path(tmp)
        reg_dir = repo / "directory"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        str(reg_dir), "--scale", str(args.scale)], check=True)
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "large registry")
        reg, diags = timed("load", load, reg_dir)
        assert not [d for d in diags if d.severity == "error"]
        print(f"registry: {len(reg.departments)} departments, {len(reg.assets)} assets, "
              f"{len(reg.matters)} matters")
        d = Directory(reg)
        files = timed("export: all formats", all_exports, d)
        for fmt in FORMATS:
            size = sum(len(b) for b in export_bytes(d, fmt).values())
            print(f"  {fmt:<10} {size / 1e6:8.2f} MB")
        print(f"  total      {sum(len(b) for b in files.values()) / 1e6:8.2f} MB in "
              f"{len(files)} files")
        deps = reg_dir / "departments.yaml"
        roads = reg_dir / "assets-roads.yaml"
        for i in range(args.commits):
            if i % 3 == 0:
                edit(deps, r'phone: "0851-0000-(\d{4})"', f'phone: "0851-0000-9{i:03d}"')
            elif i % 3 == 1:
                edit(roads, r"status: \"?in-progress\"?", "status: accepted")
            else:
                edit(deps, r"time_limit: \"?(\d+)d\"?", f"time_limit: {i + 20}d")
            git(repo, "commit", "-qam", f"edit {i}")
        new, _ = load(reg_dir)
        timed("diff: first vs last commit (with routing)", diff_registries, reg, new)
        timed("diff: first vs last commit (no routing)", diff_registries, reg, new,
              routing=False)
        gaps = timed("review: gaps caused and resolved", gap_changes, reg, new,
                     dt.date(2026, 1, 1))
        print(f"  {len(gaps.new)} new, {len(gaps.resolved)} resolved, {gaps.standing} standing")
        h = timed(f"history: {args.commits + 1} commits, cold", read_history, reg_dir)
        timed(f"history: {args.commits + 1} commits, warm", read_history, reg_dir)
        assert h is not None
        print(f"history saw {h.total} commits; entries: "
              + ", ".join(f"{e.commit.subject} ({len(e.diff.changes) if e.diff else '-'})"
                          for e in h.entries))


if __name__ == "__main__":
    main()

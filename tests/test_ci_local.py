"""scripts/ci-local.sh runs locally what the GitHub workflows run; CI exercises it here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_local_script_passes_on_the_example() -> None:
    env = {**os.environ, "PYTHON": sys.executable,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    r = subprocess.run(["bash", "scripts/ci-local.sh", "--no-tests"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout
    for step in ("==> remit check", "==> actionlint", "==> mkdocs build --strict",
                 "==> remit export", "==> remit diff", "==> review comment",
                 "==> all steps passed"):
        assert step in out
    assert "workflows OK" in out
    assert "deterministic" in out
    # the pull request's comment step, against the loopback fake of GitHub: the first run
    # creates the comment, the second updates that same one
    created = re.search(r"^review comment: created (\d+) on pull request #7", out, re.M)
    updated = re.search(r"^review comment: updated (\d+) on pull request #7", out, re.M)
    assert created and updated and created.group(1) == updated.group(1), out[-3000:]
    assert "one review comment, created then updated in place" in out

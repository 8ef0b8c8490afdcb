#!/usr/bin/env python3
"""The same large site built by an earlier commit and by this working tree, side by side:
what a change did to the build's speed, free of the drift of a shared machine.

    python benchmarks/bench_versions.py [--before REF] [--scale 1.0] [--cases 0]
                                        [--pairs 2] [--work DIR] [--keep]

Generates the large registry (benchmarks/generate_large.py; ``--cases`` adds generated
cases as benchmarks/bench_cases.py does), checks ``--before`` (default ``HEAD``) out into a
git worktree, and runs ``--pairs`` pairs of ``mkdocs build`` of a site like the example's:
the earlier code and this tree at the same time, each pinned to a CPU of its own, swapped
every pair (bench_cases.py's ``paired_builds``). On one CPU a build's wall time is all of
its work, its forked workers' included. Then it compares the two sites file by file: a
change meant for speed alone must leave them byte for byte the same.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cases import paired_builds, release, write_cases, write_config  # noqa: E402


def differing(a: Path, b: Path) -> list[str]:
    """The files that are not the same in the two folders (missing on either side too)."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + x for x in [*cmp.left_only, *cmp.right_only, *cmp.funny_files])
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        out.extend(prefix + x for x in [*mismatch, *errors])
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def git(*args: str, why: str) -> str:
    """``git args`` in this repository; its output, or the run ends with ``why`` and git's
    own words."""
    proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{why}: {proc.stderr.strip()}")
    return proc.stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default="HEAD", help="the earlier commit (default: HEAD)")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--cases", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pairs", type=int, default=2)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-versions-"))
    work.mkdir(parents=True, exist_ok=True)
    before = work / "before-code"
    registry = work / "registry"
    added = False  # the worktree is this run's: removed at the end
    try:
        rev = git("rev-parse", "--short", "--verify", "--end-of-options",
                  f"{args.before}^{{commit}}", why=f"--before {args.before}: not a commit "
                  "of this repository")
        git("worktree", "add", "--force", "--detach", str(before), rev,
            why=f"cannot check {rev} out into {before} (remove that folder, or give "
                "another --work)")
        added = True
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        str(registry), "--scale", str(args.scale)], check=True,
                       stdout=subprocess.DEVNULL)
        if args.cases:
            write_cases(registry, args.cases, args.seed)
        print(f"registry at scale {args.scale:g} with {args.cases} cases made in "
              f"{time.perf_counter() - t:.0f} s; before: {rev}, after: this working tree")
        configs = {name: write_config(work, registry, name) for name in ("before", "after")}
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        envs = {"before": dict(env, PYTHONPATH=str(before)),
                "after": dict(env, PYTHONPATH=str(ROOT))}
        for name, code in (("before", before), ("after", ROOT)):  # each side's own code
            where = subprocess.run(
                [sys.executable, "-c", "import generator; print(generator.__file__)"],
                env=envs[name], cwd=work, check=True, capture_output=True, text=True)
            if not Path(where.stdout.strip()).is_relative_to(code):
                raise SystemExit(f"{name}: imports {where.stdout.strip()}, not {code}")
        if paired_builds(work, configs, env, args.pairs, envs=envs, target=None) is None:
            print("needs two CPUs to pin the builds to")
            return 1
        t = time.perf_counter()
        diff = differing(work / "site-before", work / "site-after")
        print(f"the two sites: {len(diff)} files differ ({time.perf_counter() - t:.0f} s to "
              "compare)" + "".join(f"\n  {x}" for x in diff[:20]))
        return 0
    finally:
        if added:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(before)], capture_output=True)
        release(work, keep=bool(args.keep or args.work))


if __name__ == "__main__":
    sys.exit(main())

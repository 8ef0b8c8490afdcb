#!/usr/bin/env python3
"""How much time the responsibility-gap checker adds to ``remit check``.

    python benchmarks/bench_checks.py [OUTDIR] [--repeat N] [--scale S]

OUTDIR is a registry written by ``benchmarks/generate_large.py OUTDIR`` (generated into a
temporary folder when omitted). The script measures load+validate (``registry.load``), then
the checker's extra work: building the Directory and ``run_checks`` on it, and reports the
median of N runs. The budget is 2 s of extra time on the large registry (100,000 assets);
the exit status is 1 when the budget is exceeded. It also times ``remit report`` formatting
and the gap pages, which the site build adds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.checks import run_checks  # noqa: E402
from generator.checks.report import check_output, report_output  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.site.gap_pages import gap_files  # noqa: E402

BUDGET_S = 2.0
TODAY = dt.date(2026, 11, 26)  # generate_large.py's "as of" date


def timed(fn):  # type: ignore[no-untyped-def]
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("outdir", nargs="?", help="registry from generate_large.py")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", default="1.0", help="scale when generating (default 1.0)")
    args = ap.parse_args()
    tmp = None
    if args.outdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="remit-bench-")
        args.outdir = tmp.name
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        args.outdir, "--scale", args.scale], check=True)
    loads, dirs, checks, fmts, pages = [], [], [], [], []
    findings = []
    for _ in range(args.repeat):
        (reg, diags), t_load = timed(lambda: load(args.outdir))
        errors = [x for x in diags if x.severity == "error"]
        if errors:
            print(f"the registry has {len(errors)} errors; checks need a valid registry")
            return 2
        d, t_dir = timed(lambda: Directory(reg, today=TODAY))  # noqa: B023
        findings, t_checks = timed(lambda: run_checks(d, TODAY))  # noqa: B023
        _, t_fmt = timed(lambda: (check_output(diags, findings, "text"),  # noqa: B023
                                  report_output(findings, "csv", "zh", TODAY)))  # noqa: B023
        files, t_pages = timed(lambda: gap_files(d, findings))  # noqa: B023
        loads.append(t_load)
        dirs.append(t_dir)
        checks.append(t_checks)
        fmts.append(t_fmt)
        pages.append(t_pages)
    n_assets = len(reg.assets)
    minor = sum(1 for a in reg.assets if d.is_minor(a))
    med = statistics.median
    extra = med([a + b for a, b in zip(dirs, checks, strict=True)])
    print(f"registry: {args.outdir}: {len(reg.departments)} departments, {n_assets} assets "
          f"({minor} minor), {len(reg.matters)} matters, {len(reg.disputes)} disputes")
    print(f"median of {args.repeat} runs:")
    print(f"  load + validate                 {med(loads):7.2f} s")
    print(f"  + Directory index               {med(dirs):7.2f} s")
    print(f"  + run_checks                    {med(checks):7.2f} s")
    print(f"  = checker's extra time          {extra:7.2f} s  (budget {BUDGET_S:.1f} s)")
    print(f"  load + validate + checks        {med(loads) + extra:7.2f} s")
    print(f"  formatting (check text + report csv) {med(fmts):5.2f} s")
    print(f"  gap pages ({len(files)} files, {sum(len(f.content) for f in files) / 1e6:.1f} MB)"
          f"   {med(pages):5.2f} s")
    kinds = Counter((f.kind, f.accepted is not None) for f in findings)
    print(f"findings: {len(findings)}")
    for (kind, acc), n in sorted(kinds.items()):
        print(f"  {kind:24} {n:6}{'  (accepted)' if acc else ''}")
    if tmp is not None:
        tmp.cleanup()
    ok = extra <= BUDGET_S
    print("OK: within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

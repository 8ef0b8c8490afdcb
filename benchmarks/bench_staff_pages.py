#!/usr/bin/env python3
"""How big are the staff views (handover dashboard, gaps report, disputes register) of the
large registry?

    python benchmarks/bench_staff_pages.py [--scale 1.0] [--registry DIR]

Generates the registry with benchmarks/generate_large.py (2,000 departments, 100,000 assets
at scale 1.0; or reads ``--registry``), runs the checks and renders only the staff views
(``gap_pages.gap_files``), and prints for each group of pages (the dashboard, its
per-state pages, the gaps report, its per-kind pages, the disputes register, the rows'
indexes the filters fetch when a view spans several pages, the filter script) the number of
files, their bytes, how many of them are the filters' markup, and the largest one. A page
must stay under 1 MB (the same target as ``bench_site.py``'s largest page); exit 1
otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checks import run_checks  # noqa: E402
from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.site.gap_pages import gap_files  # noqa: E402

PAGE_MAX = 1_000_000


def group_of(path: str) -> str:
    folder, _, name = path.partition("/")
    if name in ("index.md", "filter.json") or folder == "assets":
        return path
    return f"{folder}/<other pages>"


def size(content: str | bytes) -> int:
    return len(content.encode("utf-8") if isinstance(content, str) else content)


#: What the filters add to a page: the controls, the script tag, what each row says about
#: itself for them (departments, dates, status), the card classes and the group marks.
FILTER_MARKUP = re.compile(
    r'<form class="remit-filter".*?</form>\n?|<script src="[^"]*staff-views\.js"[^>]*>'
    r'</script>\n?| data-(?:depts|due|since|filter-group)="[^"]*"'
    r'|(?<=remit-row--open") data-status="open"|(?<=remit-row--accepted") data-status='
    r'"accepted"| data-state="(?:late|open|resolved)"(?= data-depts)'
    r'| remit-cards-narrow remit-cards--[a-z]+', re.S)


def filter_bytes(content: str | bytes) -> int:
    if not isinstance(content, str):
        return 0
    return sum(len(m.group(0).encode("utf-8")) for m in FILTER_MARKUP.finditer(content))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--registry", help="an existing registry folder (default: generate one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="remit-staff-") as tmp:
        registry = Path(args.registry) if args.registry else Path(tmp) / "registry"
        if not args.registry:
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                            str(registry), "--scale", str(args.scale)], check=True,
                           stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        reg, _ = load(registry)
        d = Directory(reg)
        findings = run_checks(d)
        t1 = time.perf_counter()
        files = gap_files(d, findings)
        t2 = time.perf_counter()
    n_handovers = sum(len(a.all_handovers) for a in reg.assets)
    print(f"{len(reg.assets):,} assets, {n_handovers:,} handovers, {len(findings):,} findings, "
          f"{len(reg.disputes):,} disputes (load + checks {t1 - t0:.1f} s, staff views "
          f"{t2 - t1:.1f} s)")
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    extra: dict[str, int] = defaultdict(int)
    for f in files:
        groups[group_of(f.path)].append((f.path, size(f.content)))
        extra[group_of(f.path)] += filter_bytes(f.content)
    print(f"{'files':<40} {'files':>6} {'bytes':>12} {'filters':>9} {'largest':>12}  "
          "largest page")
    worst = 0
    for name in sorted(groups):
        items = groups[name]
        path, big = max(items, key=lambda x: x[1])
        if name.endswith(".md") or name.endswith("pages>"):
            worst = max(worst, big)
        print(f"{name:<40} {len(items):>6} {sum(b for _, b in items):>12,} "
              f"{extra[name]:>9,} {big:>12,}  {path}")
    print(f"{'all':<40} {len(files):>6} {sum(size(f.content) for f in files):>12,} "
          f"{sum(extra.values()):>9,} {worst:>12,}  (a page must stay under {PAGE_MAX:,})")
    print("filters: the bytes of a page that are the filters' (controls, script tag, the "
          "rows' data-* for them, card classes)")
    return 0 if worst < PAGE_MAX else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""What QR labels cost at the large registry's scale.

    python benchmarks/bench_labels.py [--scale 1.0] [--work DIR] [--sample 500] [--all]

Generates the registry with benchmarks/generate_large.py (100,000 assets at scale 1.0; about
60,000 street lamps on their circuits), loads it and prints:

- the site's label pages (``generator.site.label_pages``): how many pages and labels the
  registry would have, what deciding costs with the default ``qr_labels_max`` (past it
  there are none, so the build does not grow), and -- for ``--sample`` labels, or every
  one with ``--all`` -- the CPU time and bytes per label, extrapolated to all of them;
- ``remit labels --parent <the largest circuit>`` done in this process: the codes, one
  SVG per label and the A4 sheet, with their time and bytes.

A QR code costs a few milliseconds of CPU in pure Python (segno: encoding, then the eight
masks scored as the standard requires), so label pages are built only up to
``qr_labels_max`` labels (default 2,000) and larger inventories print theirs with
``remit labels``, one circuit or road at a time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.directory import Directory  # noqa: E402
from generator.load.registry import load  # noqa: E402
from generator.publish.qr_labels import (  # noqa: E402
    SITE_LABELS_MAX,
    make_labels,
    qr_code,
    qr_svg,
)
from generator.site.label_pages import (  # noqa: E402
    label_files,
    label_svg,
    sheet_html,
    sheets,
)

BASE = "https://remit.example.org/"


def size(content: str | bytes) -> int:
    return len(content.encode("utf-8") if isinstance(content, str) else content)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--work", help="working folder (default: a temporary one)")
    ap.add_argument("--sample", type=int, default=500,
                    help="labels whose codes are made to measure the cost of one")
    ap.add_argument("--all", action="store_true",
                    help="build every label page of the registry (slow: minutes)")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="remit-bench-labels-"))
    registry = work / "registry"
    if not (registry / "departments.yaml").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_large.py"),
                        str(registry), "--scale", str(args.scale)], check=True,
                       stdout=subprocess.DEVNULL)
    reg, _ = load(registry)
    d = Directory(reg)
    print(f"registry at scale {args.scale}: {len(reg.assets):,} assets")

    t = time.process_time()
    found = sheets(d)
    total = sum(len(s.assets) for s in found)
    files = label_files(d, BASE)
    decide = time.process_time() - t
    print(f"label pages: {len(found):,} (one per street-light circuit and road), "
          f"{total:,} labels in all")
    print(f"  site build with the default qr_labels_max ({SITE_LABELS_MAX:,}): "
          f"{len(files)} label pages, {decide:.2f} s CPU to decide (the site does not grow)")

    if args.all:
        t = time.process_time()
        files = label_files(d, BASE, max_labels=total)
        cpu = time.process_time() - t
        n_bytes = sum(size(f.content) for f in files)
        print(f"  every label page built: {len(files):,} pages, {n_bytes / 1e6:.1f} MB, "
              f"{cpu:.1f} s CPU")
    else:
        sample = [a for s in found for a in s.assets][:args.sample]
        labels = make_labels(d, sample, BASE)
        qr_svg.cache_clear()
        qr_code.cache_clear()
        t = time.process_time()
        n_bytes = sum(len(qr_svg(x.url)) for x in labels)
        cpu = time.process_time() - t
        per_ms, per_b = cpu / len(labels) * 1000, n_bytes / len(labels)
        print(f"  per label ({len(labels)} measured): {per_ms:.1f} ms CPU, "
              f"{per_b / 1000:.1f} KB of SVG")
        print(f"  every label page built (qr_labels_max: {total}): about "
              f"{per_ms * total / 1000:.0f} s CPU and {per_b * total / 1e6:.0f} MB "
              "(estimated from the sample)")

    biggest = max((s for s in found if s.root.type == "street-light-circuit"),
                  key=lambda s: len(s.assets), default=None)
    if biggest is not None:
        qr_svg.cache_clear()
        qr_code.cache_clear()
        t = time.process_time()
        labels = make_labels(d, biggest.assets, BASE)
        svgs = [label_svg(x, "zh") for x in labels]
        html = sheet_html(labels, "zh", biggest.root.name)
        cpu = time.process_time() - t
        print(f"remit labels --parent {biggest.root.id}: {len(labels)} labels in "
              f"{cpu:.2f} s CPU; {len(svgs)} SVG files {sum(map(size, svgs)) / 1e3:.0f} KB, "
              f"sheet {size(html) / 1e3:.0f} KB ({-(-len(labels) // 12)} A4 pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generate a large, valid, fictional remit registry for benchmarks.

    python benchmarks/generate_large.py OUTDIR [--all-yaml] [--seed N] [--scale 1.0]

At scale 1.0 the registry holds about 2,000 departments, 5,000 matters, ~50 escalation
paths, 10,000 major assets kept in YAML, 90,000 minor assets (street lamps, meters,
valves) kept in GIS exports named by ``asset_sources`` (or, with ``--all-yaml``, written
as YAML entries too) and ~100 disputes.  ``--scale`` multiplies every count (0.01 gives a
tiny registry for tests).

The output is deterministic: the same arguments give byte-identical files.  Every text
value is written as a JSON-style double-quoted scalar, so YAML always reads it as a
string; dates are unquoted ISO dates.  All contacts are fictional: phone numbers use the
undiallable ``0851-0000-NNNN`` pattern and e-mail addresses are ``@example.org``.

Files written (only these names are touched inside OUTDIR; the other variant's files are
removed first so the two variants can be regenerated into the same directory):

    departments.yaml        site, departments, escalation, matters, asset_sources, disputes
    assets-roads.yaml       roads, road sections, street-light circuits
    assets-power.yaml       power lines, metering points
    assets-water.yaml       water lines
    assets-other.yaml       facilities
    gis/street-lamps.csv    minor: street lamps            (sources variant)
    gis/meters.geojson      minor: meters                  (sources variant)
    gis/valves.csv          minor: valves                  (sources variant)
    assets-street-lamps.yaml, assets-meters.yaml, assets-valves.yaml   (--all-yaml variant)

The work is done in ``benchmarks/large/``: ``data`` (the fixed vocabulary: counts, names,
matters; reserved ids, languages, built-in types and duties come from ``generator.model``),
``geometry`` (lines, points, chainages), the builders (``gen`` with ``people``, ``networks``
and ``minor``: the registry as plain dicts, drawn from one seeded ``random.Random``) and
``output`` (YAML, CSV and GeoJSON text).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from large.data import DEFAULT_SEED  # noqa: E402
from large.gen import Gen  # noqa: E402
from large.output import write_registry  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a large fictional remit registry for benchmarks."
    )
    ap.add_argument("outdir", help="directory to write the registry into (created if missing)")
    ap.add_argument(
        "--all-yaml",
        action="store_true",
        help="write every asset as YAML (no asset_sources / CSV / GeoJSON)",
    )
    ap.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    ap.add_argument(
        "--scale", type=float, default=1.0, help="multiply every count (e.g. 0.01 for tests)"
    )
    args = ap.parse_args(argv)
    if args.scale <= 0:
        ap.error("--scale must be positive")

    t0 = time.perf_counter()
    g = Gen(args.seed, args.scale)
    g.build()
    os.makedirs(args.outdir, exist_ok=True)
    sizes = write_registry(g, args.outdir, args.all_yaml)
    elapsed = time.perf_counter() - t0
    variant = "all-yaml" if args.all_yaml else "asset-sources"

    major = sum(len(v) for v in g.assets.values())
    minor = len(g.lamps) + len(g.meters) + len(g.valves)
    total = sum(sizes.values())
    files = ", ".join(f"{k} {v / 1e6:.2f}MB" for k, v in sizes.items())
    print(
        f"{args.outdir}: {len(sizes)} files {total / 1e6:.1f} MB ({files}); "
        f"departments={len(g.departments)} matters={len(g.matters)} escalation={len(g.escalation)} "
        f"assets={major + minor} (major={major} minor={minor}: lamps={len(g.lamps)} "
        f"meters={len(g.meters)} valves={len(g.valves)}) disputes={len(g.disputes)} "
        f"[{variant}, seed {args.seed}, scale {args.scale:g}] "
        f"in {elapsed:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

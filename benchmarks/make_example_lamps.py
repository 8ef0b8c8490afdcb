#!/usr/bin/env python3
"""Generate directory/lamps.csv, the street-lamp inventory of the shipped example registry.

Deterministic: the same script always writes the same bytes (fixed seed, fixed order,
rounded coordinates, LF line endings). The circuits below mirror the street-light circuits
in directory/assets-roads.yaml (id, owner, road name, centre line); keep them in sync.

Usage:
    python3 benchmarks/make_example_lamps.py            # writes directory/lamps.csv
    python3 benchmarks/make_example_lamps.py --out FILE
    python3 benchmarks/make_example_lamps.py --scale 40 # 40x the lamps, for benchmarks
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
from pathlib import Path

SEED = 20261126
M_PER_DEG_LAT = 111_320.0

# id, code, owner, label prefix, location prefix, double-sided?, spacing (m),
# pole height (m), centre line
CIRCUITS = [
    (
        "slc-baoshui-1",
        "bs1",
        "municipal-roads",
        "保税大道 1 回路",
        "保税大道西段",
        True,
        40,
        12,
        [(106.600, 26.600), (106.610, 26.6005), (106.620, 26.601)],
    ),
    (
        "slc-baoshui-2",
        "bs2",
        "municipal-roads",
        "保税大道 2 回路",
        "保税大道东段",
        True,
        40,
        12,
        [(106.620, 26.601), (106.630, 26.6015), (106.640, 26.602)],
    ),
    (
        "slc-d3-1",
        "d3a",
        "construction-investment",
        "D3 路 1 回路",
        "D3 路南段",
        False,
        35,
        10,
        [(106.625, 26.6013), (106.6255, 26.608)],
    ),
    (
        "slc-d3-2",
        "d3b",
        "construction-investment",
        "D3 路 2 回路",
        "D3 路北段",
        False,
        35,
        10,
        [(106.6255, 26.608), (106.626, 26.615)],
    ),
    (
        "slc-b2-1",
        "b2",
        "construction-investment",
        "B2 路回路",
        "B2 路",
        False,
        35,
        10,
        [(106.608, 26.6004), (106.608, 26.611)],
    ),
    (
        "slc-d5-1",
        "d5",
        "municipal-roads",
        "D5 路回路",
        "D5 路",
        False,
        35,
        10,
        [(106.635, 26.6018), (106.6355, 26.607), (106.6358, 26.6105), (106.631, 26.6106),
         (106.6259, 26.6106)],
    ),
    (
        "slc-a1-1",
        "a1",
        "park-operator",
        "A1 路回路",
        "A1 路（围网内）",
        False,
        35,
        8,
        [(106.608, 26.606), (106.6165, 26.6061), (106.6253, 26.606)],
    ),
]

HEADER = [
    "lamp_no",
    "label",
    "circuit",
    "owner",
    "maintainer",
    "location",
    "x",
    "y",
    "pole_height",
    "power_w",
]


def _metres(a, b):
    """Local flat-earth offset from a to b in metres (east, north)."""
    lat0 = math.radians((a[1] + b[1]) / 2)
    return ((b[0] - a[0]) * M_PER_DEG_LAT * math.cos(lat0), (b[1] - a[1]) * M_PER_DEG_LAT)


def _walk(line, spacing):
    """Yield (chainage_m, lon, lat, unit_east, unit_north) every `spacing` metres along line."""
    chain = spacing / 2
    start = 0.0
    for a, b in zip(line, line[1:], strict=False):
        de, dn = _metres(a, b)
        length = math.hypot(de, dn)
        while chain <= start + length:
            t = (chain - start) / length
            yield (
                chain,
                a[0] + t * (b[0] - a[0]),
                a[1] + t * (b[1] - a[1]),
                de / length,
                dn / length,
            )
            chain += spacing
        start += length


def rows(scale: int = 1):
    rng = random.Random(SEED)
    for copy in range(scale):
        for cid, code, owner, label, place, double, spacing, height, line in CIRCUITS:
            walk = _walk(line, spacing / (2 if double else 1))
            for n, (chain, lon, lat, ue, un) in enumerate(walk, start=1):
                side = 0 if (not double or n % 2) else 1
                # the side's words and its normal follow the stretch the lamp stands on:
                # north (or south) of an east-west stretch, east (or west) of a north-south one
                if abs(ue) > abs(un):
                    sides = ("北侧", "南侧")
                    ne, nn = (-un, ue) if ue > 0 else (un, -ue)
                else:
                    sides = ("东侧", "西侧")
                    ne, nn = (un, -ue) if un > 0 else (-un, ue)
                off = (14.0 if side == 0 else -14.0) + rng.uniform(-1.5, 1.5)
                along = rng.uniform(-2.0, 2.0)
                lat0 = math.radians(lat)
                x = lon + (ne * off + ue * along) / (M_PER_DEG_LAT * math.cos(lat0))
                y = lat + (nn * off + un * along) / M_PER_DEG_LAT
                suffix = f"-{copy:03d}" if scale > 1 else ""
                km, m = divmod(int(round(chain)), 1000)
                yield [
                    f"lamp-{code}-{n:03d}{suffix}",
                    f"{label} {n:03d} 号灯",
                    cid,
                    owner,
                    owner,
                    f"{place}{sides[side]} K{km}+{m:03d}",
                    f"{x:.6f}",
                    f"{y:.6f}",
                    str(height),
                    str(rng.choice((120, 150, 150, 180)) if height >= 10 else 60),
                ]


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=root / "directory" / "lamps.csv")
    ap.add_argument(
        "--scale", type=int, default=1, help="repeat every circuit N times (benchmarks)"
    )
    args = ap.parse_args()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    count = 0
    for row in rows(args.scale):
        w.writerow(row)
        count += 1
    args.out.write_text(buf.getvalue(), encoding="utf-8", newline="")
    print(f"wrote {count} lamps to {args.out}")


if __name__ == "__main__":
    main()

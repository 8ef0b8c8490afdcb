"""Geometry of the large registry: random polylines around a centre, points and
stretches along them by fraction of length, chainages, and their text in the files."""

from __future__ import annotations

import math
import random


def coord(p) -> str:
    return f"[{p[0]:.6f}, {p[1]:.6f}]"


def polyline(rng: random.Random, centre, spread=0.03, n_min=2, n_max=5, step=(0.002, 0.006)):
    x = centre[0] + rng.uniform(-spread, spread)
    y = centre[1] + rng.uniform(-spread, spread)
    ang = rng.uniform(0, 2 * math.pi)
    pts = [(x, y)]
    for _ in range(rng.randint(n_min, n_max) - 1):
        ang += rng.uniform(-0.5, 0.5)
        d = rng.uniform(*step)
        x += d * math.cos(ang)
        y += d * math.sin(ang)
        pts.append((x, y))
    return pts


def cumlen(pts):
    out = [0.0]
    for a, b in zip(pts, pts[1:], strict=False):
        out.append(out[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    return out


def point_at(pts, cum, f):
    total = cum[-1]
    if total == 0:
        return pts[0]
    t = f * total
    for i in range(1, len(pts)):
        if cum[i] >= t:
            seg = cum[i] - cum[i - 1] or 1.0
            u = (t - cum[i - 1]) / seg
            a, b = pts[i - 1], pts[i]
            return (a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1]))
    return pts[-1]


def sub_line(pts, cum, f0, f1):
    out = [point_at(pts, cum, f0)]
    total = cum[-1] or 1.0
    for p, c in zip(pts, cum, strict=True):
        if f0 * total < c < f1 * total:
            out.append(p)
    out.append(point_at(pts, cum, f1))
    return out


def chainage(m: int) -> str:
    """A distance along a road in metres as a chainage, e.g. K1+200."""
    return f"K{m // 1000}+{m % 1000:03d}"


def line_geometry(pts) -> str:
    coords = ", ".join(coord(p) for p in pts)
    return f'    geometry: {{type: "LineString", coordinates: [{coords}]}}\n'

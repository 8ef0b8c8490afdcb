"""The site's spatial index: the assets near a place without downloading them all.

The lookup page answers "who is responsible *here*" (a click on the map, "use my
location") with the rules of :mod:`generator.answers.nearby`. It needs the geometry of the
assets around the point, and only those. The index is a grid:

* a **cell** is a square of ``360 / 2**k`` degrees (longitude and latitude; ``k`` chosen
  at build time, from :data:`K_MIN` to :data:`K_MAX`, as the coarsest grid whose fullest
  cell stays under :data:`CELL_TARGET` bytes — a few large cells for a small park, cells of
  a hundred metres for 100,000 assets); cell ``(x, y)`` covers longitudes
  ``[-180 + x c, -180 + (x + 1) c)`` and latitudes ``[-90 + y c, ...)``, so a column index
  wraps exactly at the antimeridian;
* a cell file ``sp/c/X_Y.json`` holds every asset whose geometry touches the cell, as
  ``[id, type, depth, name, parts, closed, top]``: ``type`` an index into the manifest's asset
  types, ``depth`` its ``part_of`` depth, ``parts`` flat ``[lon, lat, lon, lat...]``
  runs (a line keeps only the runs of segments near the cell; a point is a run of one
  vertex), ``closed`` 1 for polygon rings (inside counts as 0 m), ``top`` the name of
  the top asset it is part of as an index into the cell's ``t`` list (left out at the
  top), coordinates rounded to
  six decimals (about 0.1 m) exactly as :func:`generator.answers.nearby.shape_of` reads
  them;
* ``sp/base.json``: the map's background, the lines and areas of the top-level assets
  (at most :data:`BASE_MAX` bytes, the longest first), fetched only when the map shows;
* empty cells have no file: a **block** of :data:`BLOCK` × :data:`BLOCK` cells lists its
  non-empty cells in ``sp/b/X_Y.json``, and the manifest part lists the non-empty blocks,
  so the page never asks for a file that is not there.

A query reads the block(s) around the point, then the cells in order of their distance to
it, and stops once no unread cell can hold an asset nearer than the radius or than the
"about equally near" bound of the best one found (:func:`generator.answers.nearby.near_bound`):
a handful of kilobytes in a small park, and under 100 KB at 100,000 assets
(``benchmarks/bench_lookup.py`` prints the figure). Output is deterministic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.answers.lookup_index import dumps
from generator.answers.nearby import shape_of
from generator.directory import Directory

K_MIN, K_MAX = 10, 20  # cells from about 39 km down to about 38 m (latitude)
CELL_TARGET = 16_000
BLOCK = 16
BASE_MAX = 30_000


@dataclass
class SpatialStats:
    assets: int
    k: int
    cell_deg: float
    cells: int
    blocks: int
    bytes: int
    max_cell: int


def _cell(v: float, origin: float, c: float) -> int:
    return math.floor((v + origin) / c)


def _features(d: Directory, type_index: dict[str, int]
              ) -> list[tuple[list[Any], Any, str | None]]:
    """``(head, shape, name of the top asset it is part of)`` of every asset with a
    geometry, in registry order."""
    out = []
    for a in d.registry.assets:
        s = shape_of(a.geometry)
        if s is None:
            continue
        up = d.ancestors(a)
        head = [a.id, type_index.get(a.type, -1), len(up), a.name]
        out.append((head, s, up[-1].name if up else None))
    return out


def _runs(segs: list[tuple[float, float, float, float]]) -> list[list[float]]:
    """Consecutive segments joined into flat runs; a point (zero-length segment) is a run
    of one vertex."""
    runs: list[list[float]] = []
    for x1, y1, x2, y2 in segs:
        if (x1, y1) == (x2, y2):
            runs.append([x1, y1])
        elif runs and len(runs[-1]) >= 4 and runs[-1][-2:] == [x1, y1]:
            runs[-1] += [x2, y2]
        else:
            runs.append([x1, y1, x2, y2])
    return runs


def _assign(feats: list[tuple[list[Any], Any, str | None]], k: int
            ) -> dict[tuple[int, int], list[tuple[int, list[Any]]]]:
    """Cell -> ``(feature index, segments or rings)`` for a grid of ``360 / 2**k``°."""
    c = 360.0 / 2 ** k
    cols = 2 ** k
    cells: dict[tuple[int, int], list[tuple[int, list[Any]]]] = defaultdict(list)
    for fi, (_, s, _root) in enumerate(feats):
        if s.rings:  # polygons whole, in every cell of their box
            x0, y0, x1, y1 = s.bbox
            keys = {(cx % cols, cy) for cx in range(_cell(x0, 180, c), _cell(x1, 180, c) + 1)
                    for cy in range(_cell(y0, 90, c), _cell(y1, 90, c) + 1)}
            for key in sorted(keys):
                cells[key].append((fi, list(s.segments)))
            continue
        per: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for seg in s.segments:
            x1, y1, x2, y2 = seg
            if abs(x2 - x1) > 180:  # across the antimeridian: both ends' columns onwards
                xs = sorted((x1, x2))
                cx_ranges = [range(0, _cell(xs[0], 180, c) + 1),
                             range(_cell(xs[1], 180, c), cols)]
            else:
                cx_ranges = [range(_cell(min(x1, x2), 180, c), _cell(max(x1, x2), 180, c) + 1)]
            for rng in cx_ranges:
                for cx in rng:
                    for cy in range(_cell(min(y1, y2), 90, c), _cell(max(y1, y2), 90, c) + 1):
                        per[(cx % cols, cy)].append(seg)
        for key in sorted(per):
            cells[key].append((fi, per[key]))
    return cells


def _estimate_k(feats: list[tuple[list[Any], Any, str | None]], target: int) -> int:
    """The coarsest grid whose fullest cell, counting each asset whole at its first
    vertex, stays under ``target``: where the exact (slower) sizing starts."""
    sizes = [len(dumps(head)) + 12 * len(s.segments) + 18 for head, s, _r in feats]
    firsts = [(s.segments[0][0], s.segments[0][1]) for _, s, _r in feats]
    for k in range(K_MIN, K_MAX + 1):
        c = 360.0 / 2 ** k
        load: dict[tuple[int, int], int] = defaultdict(int)
        for (x, y), n in zip(firsts, sizes, strict=True):
            load[(_cell(x, 180, c), _cell(y, 90, c))] += n
        if not load or max(load.values()) <= target:
            return k
    return K_MAX


def _cell_body(feats: list[tuple[list[Any], Any, str | None]], members: list[tuple[int, list[Any]]]
               ) -> bytes:
    rows = []
    tops: dict[str, int] = {}  # the top assets' names, once a cell (lamps share a road)
    for fi, segs in members:
        head, s, root = feats[fi]
        closed = 1 if s.rings else 0
        top = [tops.setdefault(root, len(tops))] if root else []
        rows.append([*head, _runs(segs), closed, *top])
    return dumps({"f": rows, "t": list(tops)})


def _base_layer(feats: list[tuple[list[Any], Any, str | None]], limit: int = BASE_MAX
                ) -> tuple[bytes, list[float] | None]:
    """``sp/base.json``: the lines and areas of the top-level assets (roads, mains,
    facilities' outlines) to five decimals, the map's background on the lookup page, the
    longest first up to ``limit`` bytes; and the box around every asset."""
    if not feats:
        return dumps({"f": []}), None
    boxes = [s.bbox for _, s, _r in feats]
    box = [min(b[0] for b in boxes), min(b[1] for b in boxes),
           max(b[2] for b in boxes), max(b[3] for b in boxes)]
    rows = []
    for head, s, _r in feats:
        if head[2] != 0 or all(x1 == x2 and y1 == y2 for x1, y1, x2, y2 in s.segments):
            continue
        runs = [[round(v, 5) for v in run] for run in _runs(list(s.segments))]
        size = sum(math.hypot(r[i + 2] - r[i], r[i + 3] - r[i + 1])
                   for r in runs for i in range(0, len(r) - 3, 2))
        rows.append((-size, head[0], [head[3], head[1], runs]))
    rows.sort(key=lambda r: (r[0], r[1]))
    out: list[Any] = []
    used = 0
    for _, _, row in rows:
        n = len(dumps(row)) + 1
        if used + n > limit:
            break
        out.append(row)
        used += n
    return dumps({"f": out}), box


def build(d: Directory, type_index: dict[str, int], prefix: str,
          target: int = CELL_TARGET) -> tuple[dict[str, bytes], dict[str, Any], SpatialStats]:
    """The spatial index under ``prefix`` (files by path), the manifest part and stats."""
    feats = _features(d, type_index)
    chosen_k = K_MAX
    bodies: dict[tuple[int, int], bytes] = {}
    for k in range(_estimate_k(feats, target), K_MAX + 1):
        cells = _assign(feats, k)
        bodies = {key: _cell_body(feats, mem) for key, mem in cells.items()}
        if not bodies or max(len(b) for b in bodies.values()) <= target or k == K_MAX:
            chosen_k = k
            break
    files: dict[str, bytes] = {}
    blocks: dict[tuple[int, int], list[list[int]]] = defaultdict(list)
    for (cx, cy), body in sorted(bodies.items()):
        files[f"{prefix}/c/{cx}_{cy}.json"] = body
        blocks[(cx // BLOCK, cy // BLOCK)].append([cx, cy])
    for (bx, by), members in sorted(blocks.items()):
        files[f"{prefix}/b/{bx}_{by}.json"] = dumps(members)
    base, box = _base_layer(feats)
    files[f"{prefix}/base.json"] = base
    manifest = {"k": chosen_k, "block": BLOCK, "blocks": [list(b) for b in sorted(blocks)],
                "assets": len(feats), "box": box}
    stats = SpatialStats(len(feats), chosen_k, 360.0 / 2 ** chosen_k, len(bodies),
                         len(blocks), sum(len(b) for b in files.values()),
                         max((len(b) for b in bodies.values()), default=0))
    return files, manifest, stats

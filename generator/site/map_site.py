"""The site's maps: the overview map page, a map on every asset page with geometry, the map
views of the handover dashboard and the gaps page, and the files they draw.

Leaflet 1.9.4 is vendored unchanged from npm in ``assets/vendor/leaflet/`` (see its
README.md and LICENSE) and published at ``assets/vendor/leaflet/``; remit's own map script
and styles (``assets/map.js``, ``assets/map.css``) at ``assets/map/``. No script, style,
image or tile comes from another host unless a deployment configures a tile URL
(``site.map.tiles``): without one the maps draw the registry's own geometry on a plain
background (roads give the map its shape) with a scale bar.

Every map reads static JSON next to the pages (no inline script: the site's
Content-Security-Policy allows none):

- ``map/config.json``: the legend (every asset type and handover state with its colour and
  name, in the site language), the words of the map, the tile URL if any;
- ``map/assets/<id>.json``: one asset page's map: the asset, its parts (lamps of a
  circuit, sections of a road) and, faintly, its nearest neighbours;
- ``map/overview.json``: the overview: every line and area, and either every point or,
  from ``site.map.cluster_from`` points on, the point layers pre-aggregated at build time:
  ``map/z/<z>/<x>-<y>.json`` (grid clusters with their counts per type and per handover
  state, per zoom level, in tiles of zoom z - 2) and ``map/t/<x>-<y>.json`` (the points
  themselves, in tiles of zoom ``TILE_ZOOM``, fetched only from ``DETAIL_ZOOM`` on): a
  browser fetches only the tiles of the level it shows, so the first load stays small at
  any size;
- ``map/handovers.json``, ``map/gaps.json``: the assets the handover dashboard and the gaps
  report list.

A feature is a compact array ``[id, name, type, state, url, geometry, role]``: ``type`` and
``state`` index the legend of ``config.json``; ``url`` is the site-relative URL of the page
that shows the asset; ``geometry`` is ``[lon, lat]`` for a point, else the GeoJSON geometry;
``role`` is 0 (the page's asset), 1 (its part) or 2 (a neighbour), on asset maps only.
Coordinates are rounded to 1e-6 degrees; everything is sorted: the same registry gives the
same bytes.
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from generator import model as m
from generator.checks.findings import Finding
from generator.directory import Directory, handover_state
from generator.outfile import OutFile
from generator.site.urls import AssetHomes, page_url
from generator.words import asset_type_name, handover_state_name, t, table

ASSETS_DIR = Path(__file__).parent / "assets"
VENDOR_DIR = ASSETS_DIR / "vendor" / "leaflet"
#: Where the site publishes Leaflet and remit's map script (site-relative).
LEAFLET_DIR = "assets/vendor/leaflet"
LEAFLET_JS = f"{LEAFLET_DIR}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_DIR}/leaflet.css"
MAP_JS = "assets/map/map.js"
MAP_CSS = "assets/map/map.css"
MAP_DIR = "map"
CONFIG_FILE = f"{MAP_DIR}/config.json"
_VENDOR_FILES = ("leaflet.js", "leaflet.css", "LICENSE", "VERSION",
                 "images/layers.png", "images/layers-2x.png", "images/marker-icon.png",
                 "images/marker-icon-2x.png", "images/marker-shadow.png")

#: Points on the overview are grouped per zoom level from this many on (``site.map``).
CLUSTER_FROM = 2000
#: Zoom levels with clusters run up to DETAIL_ZOOM - 1; from DETAIL_ZOOM on the overview
#: shows the points themselves, fetched in tiles of TILE_ZOOM.
DETAIL_ZOOM = 17
TILE_ZOOM = 15
MAX_ZOOM = 19
CELL_PX = 64  # side of a cluster cell in screen pixels
LEVEL_TILE_UP = 2  # a cluster level z is split into tiles of zoom z - 2
NEIGHBOURS_MAX = 24  # faint neighbours on an asset's map
PARTS_MAX = 5000  # parts drawn on an asset's map
_GRID = 0.01  # degrees: the cells of the neighbour index

#: Handover states in legend order; "none": no handover applies.
STATES = ("none", "planned", "in-progress", "overdue", "disputed", "accepted")
#: The states' colours of remit.css (the badges and the dashboard's chart).
STATE_COLOURS = {"none": "#6b7280", "planned": "#1a4f8b", "in-progress": "#8a5300",
                 "overdue": "#b71c1c", "disputed": "#6a1b9a", "accepted": "#1b5e20"}
#: Type colours, by the type's place in the sorted list of types (Okabe-Ito first).
TYPE_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
                "#7a6a00", "#332288", "#117733", "#882255", "#44aa99", "#aa4499",
                "#999933", "#6699cc", "#661100", "#888888")

Coord = tuple[float, float]


def vendor_files() -> list[OutFile]:
    """Leaflet's script, stylesheet, images and licence, byte for byte as vendored."""
    return [OutFile(f"{LEAFLET_DIR}/{name}", (VENDOR_DIR / name).read_bytes(), search=False)
            for name in _VENDOR_FILES]


def static_files() -> list[OutFile]:
    """Leaflet and remit's map script and stylesheet."""
    return [*vendor_files(),
            OutFile(MAP_JS, (ASSETS_DIR / "map.js").read_bytes(), search=False),
            OutFile(MAP_CSS, (ASSETS_DIR / "map.css").read_bytes(), search=False)]


def tile_sources(site: m.Site) -> tuple[str, ...]:
    """The origins the pages' Content-Security-Policy must allow images from: the tile
    server of ``site.map.tiles`` (``https://{s}.tiles.example.org/...`` gives
    ``https://*.tiles.example.org``); none without tiles."""
    from urllib.parse import urlsplit

    url = site.map.tiles if site.map else None
    if not url:
        return ()
    parts = urlsplit(url.replace("{s}", "sub"))
    host = parts.netloc.replace("sub", "*", 1) if "{s}" in url.split("//", 1)[-1].split(
        "/", 1)[0] else parts.netloc
    if parts.scheme not in ("https", "http") or not host:
        return ()
    return (f"{parts.scheme}://{host}",)


def dumps(obj: Any) -> bytes:
    """Compact, sorted JSON (the map files' one writer)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


# --- geometry -----------------------------------------------------------------------------


def _r(x: float) -> float:
    v = round(float(x), 6)
    return v if v != 0 else 0.0


def rounded(coords: Any) -> Any:
    """GeoJSON coordinates (any nesting) rounded to 1e-6 degrees."""
    if coords and isinstance(coords[0], (int, float)):
        return [_r(v) for v in coords[:2]]
    return [rounded(c) for c in coords]


def positions(geometry: dict[str, Any]) -> Iterator[Coord]:
    """Every (lon, lat) of a GeoJSON geometry."""
    def walk(c: Any) -> Iterator[Coord]:
        if c and isinstance(c[0], (int, float)):
            yield float(c[0]), float(c[1])
        else:
            for x in c or ():
                yield from walk(x)
    if geometry.get("type") == "GeometryCollection":
        for g in geometry.get("geometries") or ():
            yield from positions(g)
    else:
        yield from walk(geometry.get("coordinates"))


def bbox(points: Iterable[Coord]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of ``points``; None when there are none."""
    pts = list(points)
    if not pts:
        return None
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def is_point(geometry: dict[str, Any]) -> bool:
    return geometry.get("type") == "Point"


def compact_geometry(geometry: dict[str, Any]) -> Any:
    """``[lon, lat]`` for a point, else the geometry with rounded coordinates."""
    if is_point(geometry):
        return rounded(geometry["coordinates"])
    if geometry.get("type") == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [compact_geometry_full(g)
                               for g in geometry.get("geometries") or ()]}
    return {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}


def compact_geometry_full(geometry: dict[str, Any]) -> dict[str, Any]:
    g = compact_geometry(geometry)
    return {"type": "Point", "coordinates": g} if isinstance(g, list) else g


def mercator(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of (lon, lat) at ``zoom`` (256-pixel tiles)."""
    size = 256 * (1 << zoom)
    lat = max(-85.05112878, min(85.05112878, lat))
    s = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size
    return x, y


def fit_zoom(box: tuple[float, float, float, float], width: int = 256,
             height: int = 256) -> int:
    """The largest zoom at which ``box`` fits ``width`` x ``height`` pixels (at most 18)."""
    w, s, e, n = box
    for z in range(18, -1, -1):
        x0, y0 = mercator(w, n, z)
        x1, y1 = mercator(e, s, z)
        if x1 - x0 <= width and y1 - y0 <= height:
            return z
    return 0


def _distance_m(a: Coord, b: Coord) -> float:
    """Metres between two (lon, lat) points (equirectangular: fine at a park's scale)."""
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    dx = (b[0] - a[0]) * k * 111_320.0
    dy = (b[1] - a[1]) * 110_540.0
    return math.hypot(dx, dy)


def _segment_distance_m(p: Coord, a: Coord, b: Coord) -> float:
    k = math.cos(math.radians(p[1]))
    ax, ay = (a[0] - p[0]) * k * 111_320.0, (a[1] - p[1]) * 110_540.0
    bx, by = (b[0] - p[0]) * k * 111_320.0, (b[1] - p[1]) * 110_540.0
    dx, dy = bx - ax, by - ay
    ll = dx * dx + dy * dy
    u = 0.0 if ll == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / ll))
    return math.hypot(ax + u * dx, ay + u * dy)


def lines_of(geometry: dict[str, Any]) -> list[list[Coord]]:
    """The polylines of a line or area geometry (rings count as lines)."""
    t = geometry.get("type")
    c = geometry.get("coordinates") or []
    if t == "LineString":
        parts = [c]
    elif t in ("MultiLineString", "Polygon"):
        parts = c
    elif t == "MultiPolygon":
        parts = [ring for poly in c for ring in poly]
    else:
        return []
    return [[(float(p[0]), float(p[1])) for p in part] for part in parts]


def distance_to_m(p: Coord, geometry: dict[str, Any]) -> float:
    """Metres from ``p`` to the nearest point of a line or area geometry."""
    best = math.inf
    for line in lines_of(geometry):
        if len(line) == 1:
            best = min(best, _distance_m(p, line[0]))
        for a, b in zip(line, line[1:], strict=False):
            best = min(best, _segment_distance_m(p, a, b))
    return best


# --- the model of the maps ----------------------------------------------------------------


class MapData:
    """Everything the maps draw, worked out once from a :class:`Directory`."""

    def __init__(self, d: Directory, directory_urls: bool = True,
                 homes: AssetHomes | None = None) -> None:
        self.d = d
        self.directory_urls = directory_urls
        reg = d.registry
        self.lang = reg.site.language
        opts = reg.site.map
        self.options = opts
        self.cluster_from = opts.cluster_from if opts and opts.cluster_from is not None \
            else CLUSTER_FROM
        self.homes = homes or AssetHomes(d)
        types = sorted({t.id for t in reg.asset_types} | {a.type for a in reg.assets})
        self.type_index = {t: i for i, t in enumerate(types)}
        self.types = types
        self.state_index = {s: i for i, s in enumerate(STATES)}
        self._state: dict[str, str] = {}
        self.with_geometry = sorted((a for a in reg.assets if a.geometry),
                                    key=lambda a: a.id)
        self._features: dict[str, list[Any]] = {}
        self._grid: dict[tuple[int, int], list[m.Asset]] | None = None
        self._roads: list[m.Asset] | None = None
        self._boxes: dict[str, tuple[float, float, float, float]] = {}

    # -- one asset --

    def state(self, a: m.Asset) -> str:
        """The handover state that applies to ``a`` (its own or a parent's: with several,
        the one that stands for the asset, :meth:`Directory.main_handover`), or
        "none"."""
        s = self._state.get(a.id)
        if s is None:
            found = self.d.applicable_handover(a, None)
            s = handover_state(found[1], self.d.today) if found else "none"
            self._state[a.id] = s
        return s

    def url(self, a: m.Asset) -> str:
        path = self.homes.home.get(a.id)
        if path is None:
            return ""
        page, _, frag = path.partition("#")
        return page_url(page, self.directory_urls) + (f"#{frag}" if frag else "")

    def feature(self, a: m.Asset) -> list[Any]:
        """The compact feature of an asset with a geometry (see the module's doc)."""
        f = self._features.get(a.id)
        if f is None:
            assert a.geometry is not None
            f = [a.id, a.name, self.type_index[a.type], self.state_index[self.state(a)],
                 self.url(a), compact_geometry(a.geometry)]
            self._features[a.id] = f
        return f

    def box(self, a: m.Asset) -> tuple[float, float, float, float]:
        b = self._boxes.get(a.id)
        if b is None:
            assert a.geometry is not None
            b = bbox(positions(a.geometry)) or (0.0, 0.0, 0.0, 0.0)
            self._boxes[a.id] = b
        return b

    def descendants(self, a: m.Asset) -> list[m.Asset]:
        """Every asset that is part of ``a``, at any depth, in id order (cycles are the
        loader's to report; each asset is visited once)."""
        out: list[m.Asset] = []
        seen = {a.id}
        todo = [a]
        while todo:
            for p in self.d.parts.get(todo.pop().id, ()):
                if p.id not in seen:
                    seen.add(p.id)
                    out.append(p)
                    todo.append(p)
        return sorted(out, key=lambda x: x.id)

    def has_map(self, a: m.Asset) -> bool:
        """Whether ``a``'s page gets a map: it or one of its parts has a geometry."""
        return bool(a.geometry) or any(p.geometry for p in self.descendants(a))

    # -- neighbours: a grid over the major assets with a geometry --

    def grid(self) -> dict[tuple[int, int], list[m.Asset]]:
        if self._grid is None:
            grid: dict[tuple[int, int], list[m.Asset]] = defaultdict(list)
            for a in self.with_geometry:
                if self.d.is_minor(a):
                    continue
                w, s, e, n = self.box(a)
                for gx in range(math.floor(w / _GRID), math.floor(e / _GRID) + 1):
                    for gy in range(math.floor(s / _GRID), math.floor(n / _GRID) + 1):
                        grid[(gx, gy)].append(a)
            self._grid = grid
        return self._grid

    def near(self, box: tuple[float, float, float, float], margin: float
             ) -> list[m.Asset]:
        """Major assets with a geometry whose box comes within ``margin`` degrees of
        ``box``, each once, in id order."""
        w, s, e, n = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
        grid = self.grid()
        found: dict[str, m.Asset] = {}
        for gx in range(math.floor(w / _GRID), math.floor(e / _GRID) + 1):
            for gy in range(math.floor(s / _GRID), math.floor(n / _GRID) + 1):
                for a in grid.get((gx, gy), ()):
                    bw, bs, be, bn = self.box(a)
                    if be >= w and bw <= e and bn >= s and bs <= n:
                        found[a.id] = a
        return [found[k] for k in sorted(found)]

    def roads(self) -> list[m.Asset]:
        """Roads with a line geometry (the shape of the map, and "on road X")."""
        if self._roads is None:
            self._roads = [a for a in self.with_geometry
                           if a.type == "road" and lines_of(a.geometry or {})]
        return self._roads

    def road_of(self, a: m.Asset) -> tuple[m.Asset, int | None] | None:
        """The road ``a`` is on: the nearest road among the assets it is part of (distance
        None), else, for an asset with a point geometry, the nearest road line within 100
        metres (and its distance in metres, rounded to 10)."""
        for p in self.d.ancestors(a):
            if p.type == "road":
                return p, None
        if not a.geometry or not is_point(a.geometry) or a.type == "road":
            return None
        lon, lat = (float(v) for v in a.geometry["coordinates"][:2])
        margin = 0.0015
        best: tuple[float, str, m.Asset] | None = None
        for r in self.near((lon, lat, lon, lat), margin):
            if r.type != "road" or r.id == a.id:
                continue
            dist = distance_to_m((lon, lat), r.geometry or {})
            if dist <= 100 and (best is None or (dist, r.id) < best[:2]):
                best = (dist, r.id, r)
        if best is None:
            return None
        return best[2], int(round(best[0] / 10.0) * 10)

    # -- the files --

    def asset_map(self, a: m.Asset) -> dict[str, Any] | None:
        """``map/assets/<id>.json``: the asset, its parts and its faint neighbours."""
        feats: list[list[Any]] = []
        if a.geometry:
            feats.append([*self.feature(a), 0])
        parts = [p for p in self.descendants(a) if p.geometry][:PARTS_MAX]
        feats += [[*self.feature(p), 1] for p in parts]
        if not feats:
            return None
        own = bbox(pt for x in ([a] if a.geometry else []) + parts
                   for pt in positions(x.geometry or {}))
        assert own is not None
        size = max(own[2] - own[0], own[3] - own[1])
        margin = max(0.004, size * 0.25)
        skip = {a.id, *(p.id for p in parts)}
        centre = ((own[0] + own[2]) / 2, (own[1] + own[3]) / 2)
        near = []
        for x in self.near(own, margin):
            if x.id in skip:
                continue
            xb = self.box(x)
            gap = max(0.0, xb[0] - centre[0], centre[0] - xb[2]) ** 2 + \
                max(0.0, xb[1] - centre[1], centre[1] - xb[3]) ** 2
            near.append((gap, x.id, x))
        near.sort(key=lambda t: (t[0], t[1]))
        feats += [[*self.feature(x), 2] for _, _, x in near[:NEIGHBOURS_MAX]]
        return {"v": 1, "id": a.id, "bbox": [_r(v) for v in own], "features": feats}

    def collection(self, assets: Iterable[m.Asset]) -> dict[str, Any]:
        """A list of assets as a map: each by its own geometry or, without one, as a point
        at the middle of its parts' (a circuit is drawn where its lamps are)."""
        feats: dict[str, list[Any]] = {}
        for a in assets:
            if a.geometry:
                feats[a.id] = self.feature(a)
                continue
            box = bbox(pt for p in self.descendants(a) if p.geometry
                       for pt in positions(p.geometry))
            if box is not None:
                feats[a.id] = [a.id, a.name, self.type_index[a.type],
                               self.state_index[self.state(a)], self.url(a),
                               [_r((box[0] + box[2]) / 2), _r((box[1] + box[3]) / 2)]]
        out = [feats[k] for k in sorted(feats)]
        box = bbox(pt for f in out for pt in _feature_positions(f))
        return {"v": 1, "bbox": [_r(v) for v in box] if box else None, "features": out}

    def overview(self) -> dict[str, bytes]:
        """``map/overview.json`` and, when the points are clustered, ``map/z/*.json`` and
        ``map/t/*.json`` (paths relative to ``map/``)."""
        shapes = [a for a in self.with_geometry if not is_point(a.geometry or {})]
        points = [a for a in self.with_geometry if is_point(a.geometry or {})]
        totals_t = [0] * len(self.types)
        totals_s = [0] * len(STATES)
        for a in self.with_geometry:
            totals_t[self.type_index[a.type]] += 1
            totals_s[self.state_index[self.state(a)]] += 1
        box = bbox(pt for a in self.with_geometry for pt in positions(a.geometry or {}))
        out: dict[str, bytes] = {}
        doc: dict[str, Any] = {
            "v": 1, "bbox": [_r(v) for v in box] if box else None,
            "counts": {"type": totals_t, "state": totals_s},
            "features": [self.feature(a) for a in shapes],
        }
        if len(points) < max(1, self.cluster_from):
            doc["features"] += [self.feature(a) for a in points]
            doc["features"].sort(key=lambda f: f[0])
        else:
            assert box is not None
            z_lo = max(0, fit_zoom(box) - 1)
            levels: dict[str, Any] = {}
            for z, tiled in cluster_levels(points, self, range(z_lo, DETAIL_ZOOM)).items():
                for (tx, ty), items in tiled.items():
                    out[f"z/{z}/{tx}-{ty}.json"] = dumps({"v": 1, "z": z, "clusters": items})
                levels[str(z)] = {"tz": level_tile_zoom(z),
                                  "keys": sorted(f"{x}-{y}" for x, y in tiled)}
            tiles: dict[tuple[int, int], list[list[Any]]] = defaultdict(list)
            for a in points:
                lon, lat = (float(v) for v in (a.geometry or {})["coordinates"][:2])
                x, y = mercator(lon, lat, TILE_ZOOM)
                tiles[(int(x // 256), int(y // 256))].append(self.feature(a))
            for (tx, ty), fs in sorted(tiles.items()):
                out[f"t/{tx}-{ty}.json"] = dumps({"v": 1, "features": fs})
            doc["points"] = {"zooms": [z_lo, DETAIL_ZOOM - 1], "levels": levels,
                             "detail": DETAIL_ZOOM,
                             "tiles": {"tz": TILE_ZOOM,
                                       "keys": sorted(f"{x}-{y}" for x, y in tiles)},
                             "count": len(points)}
        out["overview.json"] = dumps(doc)
        return out

    def config(self) -> dict[str, Any]:
        """``map/config.json``: the legend, the words, the tiles."""
        lang = self.lang
        at = self.d.asset_types
        types = []
        for i, tid in enumerate(self.types):
            name = asset_type_name(at[tid], lang) if tid in at else tid
            types.append({"id": tid, "name": name,
                          "colour": TYPE_COLOURS[i % len(TYPE_COLOURS)]})
        states = [{"id": s, "colour": STATE_COLOURS[s],
                   "name": t_state(s, lang)} for s in STATES]
        opts = self.options
        tiles = {"url": opts.tiles, "attribution": opts.attribution or ""} \
            if opts and opts.tiles else None
        return {"v": 1, "lang": lang, "types": types, "states": states,
                "words": table("map", lang), "tiles": tiles, "max_zoom": MAX_ZOOM,
                "geojson": "data/assets.geojson", "overview": f"{MAP_DIR}/"}


def t_state(state: str, lang: str) -> str:
    if state == "none":
        return table("map", lang)["state_none"]
    return handover_state_name(state, lang)


def _feature_positions(f: list[Any]) -> Iterator[Coord]:
    g = f[5]
    if isinstance(g, list):
        yield float(g[0]), float(g[1])
    else:
        yield from positions(g)


def cluster_levels(points: Sequence[m.Asset], md: MapData, zooms: Iterable[int]
                   ) -> dict[int, dict[tuple[int, int], list[list[Any]]]]:
    """Per zoom level ``z``, the points grouped into cells of ``CELL_PX`` screen pixels,
    and the cells grouped by the tile of zoom ``level_tile_zoom(z)`` they lie in (a cell
    lies in exactly one: a browser fetches only the tiles it shows).

    A cell with one point is that point's feature; a cell with more is
    ``[lon, lat, count, [type, n, type, n...], [state, n, ...]]`` at the mean position of
    its points (the counts add up to ``count``). Cells in order of their first point's id.
    """
    coords = []
    for a in points:
        lon, lat = (float(v) for v in (a.geometry or {})["coordinates"][:2])
        coords.append((lon, lat, a))
    out: dict[int, dict[tuple[int, int], list[list[Any]]]] = {}
    for z in zooms:
        cells: dict[tuple[int, int], list[tuple[float, float, m.Asset]]] = {}
        for c in coords:
            x, y = mercator(c[0], c[1], z)
            cells.setdefault((int(x // CELL_PX), int(y // CELL_PX)), []).append(c)
        per_tile = (256 << (z - level_tile_zoom(z))) // CELL_PX  # cells along a tile
        level: dict[tuple[int, int], list[list[Any]]] = defaultdict(list)
        for (cx, cy), members in cells.items():
            tile = (cx // per_tile, cy // per_tile)
            if len(members) == 1:
                level[tile].append(md.feature(members[0][2]))
                continue
            n = len(members)
            by_t: dict[int, int] = defaultdict(int)
            by_s: dict[int, int] = defaultdict(int)
            for _, _, a in members:
                by_t[md.type_index[a.type]] += 1
                by_s[md.state_index[md.state(a)]] += 1
            level[tile].append([
                _r(sum(c[0] for c in members) / n), _r(sum(c[1] for c in members) / n),
                n, [v for k in sorted(by_t) for v in (k, by_t[k])],
                [v for k in sorted(by_s) for v in (k, by_s[k])]])
        out[z] = dict(level)
    return out


def level_tile_zoom(z: int) -> int:
    """The zoom of the tiles a cluster level is split into: two levels up (a tile is four
    screen tiles square, so a screen shows about four of them)."""
    return max(0, z - LEVEL_TILE_UP)


# --- the pages ----------------------------------------------------------------------------


def gap_assets(d: Directory, findings: Sequence[Finding]) -> list[m.Asset]:
    """The assets the gaps report names, in id order."""
    ids: set[str] = set()
    for f in findings:
        if f.entity == "asset" and not f.accepted:
            ids.add(f.id)
            ids.update(x.id for x in f.members)
    return sorted((d.assets[i] for i in ids if i in d.assets), key=lambda a: a.id)


def handover_assets(d: Directory) -> list[m.Asset]:
    """The assets the handover dashboard lists: those with a handover of their own."""
    return sorted((a for a in d.registry.assets if a.all_handovers), key=lambda a: a.id)


def map_files(d: Directory, findings: Sequence[Finding] = (), *,
              directory_urls: bool = True) -> list[OutFile]:
    """Every map file of the site: the overview page, its data, each asset map's data, the
    dashboard's and the gaps page's data, the config, Leaflet and remit's map script."""
    from generator.site.templating import front_matter, one_block, render

    md = MapData(d, directory_urls)
    lang = md.lang
    w = table("map", lang)
    files: list[OutFile] = []
    for path, b in sorted(md.overview().items()):
        files.append(OutFile(f"{MAP_DIR}/{path}", b, search=False))
    for a in d.major_assets:
        data = md.asset_map(a)
        if data is not None:
            files.append(OutFile(f"{MAP_DIR}/assets/{a.id}.json", dumps(data), search=False))
    files.append(OutFile(f"{MAP_DIR}/handovers.json",
                         dumps(md.collection(handover_assets(d))), search=False))
    files.append(OutFile(f"{MAP_DIR}/gaps.json",
                         dumps(md.collection(gap_assets(d, findings))), search=False))
    files.append(OutFile(CONFIG_FILE, dumps(md.config()), search=False))
    n = len(md.with_geometry)
    body = render("map_page.md.j2", w=w, root="../", colour="type",
                  counts=t("map.page_counts", lang, n=n))
    # a map, not text: out of Material's search index (its title is in the nav)
    page = front_matter(w["title"], hide=("toc",), search_exclude=True) + "# " + \
        html.escape(w["title"], quote=False) + "\n\n" + one_block(body) + "\n"
    files.append(OutFile(f"{MAP_DIR}/index.md", page, title=w["title"], nav=True,
                         search=False))
    files += static_files()
    return files


__all__ = ["MapData", "tile_sources", "map_files", "static_files", "vendor_files", "cluster_levels",
           "mercator", "fit_zoom", "LEAFLET_JS", "LEAFLET_CSS", "MAP_JS", "MAP_CSS",
           "CONFIG_FILE", "STATES"]

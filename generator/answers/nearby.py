"""Lookup by place: the assets nearest to a point, and who answers there.

``remit lookup MATTER --at LON,LAT`` and the lookup page's map and "use my location" ask
the same question: *which asset of the matter's types is this, and is the answer clear?*

Distance
    Metres on a local equirectangular projection centred on the query point: a longitude
    difference is first normalised to ``[-180, 180)`` (so a point just east of the
    antimeridian is near one just west of it), then scaled by ``cos(latitude)`` of the
    query; latitudes are scaled as they are; the earth is a sphere of :data:`EARTH_R`
    metres. Within the few hundred metres a lookup searches, the error against the
    great-circle distance is far below a street's width (and below a GPS fix's). A point
    asset's distance is to the point (the nearest of a MultiPoint), a line's to its
    nearest segment, a polygon's 0 inside and otherwise to its nearest edge.

Choice
    Candidates are the assets of the matter's asset types (every asset with a geometry
    when the matter names none) within the radius, nearest first; at equal distance (to
    the centimetre) the more specific asset (deeper in ``part_of``) first, then the id. The
    first is chosen and routed as usual (:func:`generator.answers.routing.route`).

Boundary warning
    Of the candidates *about equally near* as the chosen one — no farther than
    :data:`NEAR_RATIO` times its distance or :data:`NEAR_SLACK` metres more, whichever is
    larger — the first :data:`RIVALS_MAX` are routed too; the first whose answering
    department differs is named in a warning ("this could be road D3, held by X, or road
    D5, held by Y"). The lookup page runs the same rules on the spatial index
    (:mod:`generator.answers.spatial_index`) and shows the same warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator import model as m
from generator.answers.routing import Answer, answer_json, answer_text, route
from generator.directory import Directory
from generator.words import asset_type_name, t

EARTH_R = 6_371_008.8  # mean radius, metres
DEFAULT_RADIUS = 150.0
MAX_RADIUS = 2000.0
NEAR_RATIO = 1.25
NEAR_SLACK = 15.0
RIVALS_MAX = 8
CANDIDATES_SHOWN = 5
M_PER_DEG = EARTH_R * math.pi / 180.0

Seg = tuple[float, float, float, float]  # lon, lat, lon, lat (a point: both ends equal)


def wrap_lon(dlon: float) -> float:
    """A longitude difference in ``[-180, 180)``."""
    return (dlon + 180.0) % 360.0 - 180.0


@dataclass(frozen=True, slots=True)
class Shape:
    """An asset's geometry as points, segments and polygon rings (lon/lat)."""

    segments: tuple[Seg, ...]
    rings: tuple[tuple[tuple[float, float], ...], ...] = ()  # polygons: inside means 0 m

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [x for s in self.segments for x in (s[0], s[2])]
        ys = [y for s in self.segments for y in (s[1], s[3])]
        return min(xs), min(ys), max(xs), max(ys)


def _pt(p: Any) -> tuple[float, float]:
    """A position to six decimals (about 0.1 m), as the site's spatial index stores it."""
    return round(float(p[0]), 6), round(float(p[1]), 6)


def constants() -> dict[str, float]:
    """The rules' numbers, as the lookup page reads them from its manifest."""
    return {"earth_r": EARTH_R, "radius": DEFAULT_RADIUS, "max_radius": MAX_RADIUS,
            "ratio": NEAR_RATIO, "slack": NEAR_SLACK, "rivals": RIVALS_MAX}


def _line(coords: Iterable[Any]) -> Iterator[Seg]:
    pts = [_pt(p) for p in coords]
    if len(pts) == 1:
        yield (*pts[0], *pts[0])
    for a, b in zip(pts, pts[1:], strict=False):
        yield (*a, *b)


def shape_of(geometry: dict[str, Any] | None) -> Shape | None:
    """The shape of a GeoJSON geometry (Point, MultiPoint, LineString, MultiLineString,
    Polygon, MultiPolygon; a GeometryCollection's members), or None without one."""
    if not geometry:
        return None
    kind = geometry.get("type")
    c: Any = geometry.get("coordinates")
    segs: list[Seg] = []
    rings: list[tuple[tuple[float, float], ...]] = []
    try:
        if kind == "Point":
            segs.append((*_pt(c), *_pt(c)))
        elif kind == "MultiPoint":
            segs += [(*_pt(p), *_pt(p)) for p in c]
        elif kind == "LineString":
            segs += _line(c)
        elif kind == "MultiLineString":
            for line in c:
                segs += _line(line)
        elif kind in ("Polygon", "MultiPolygon"):
            for poly in (c if kind == "MultiPolygon" else [c]):
                for ring in poly:
                    segs += _line(ring)
                if poly:
                    rings.append(tuple(_pt(p) for p in poly[0]))
        elif kind == "GeometryCollection":
            for g in geometry.get("geometries") or ():
                s = shape_of(g)
                if s is not None:
                    segs += s.segments
                    rings += s.rings
    except (TypeError, ValueError, IndexError):
        return None
    return Shape(tuple(segs), tuple(rings)) if segs else None


def _inside(ring: Sequence[tuple[float, float]], lon: float, lat: float) -> bool:
    """Even-odd rule, longitudes taken relative to the query (antimeridian-safe)."""
    inside = False
    pts = [(wrap_lon(x - lon), y - lat) for x, y in ring]
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        if (y1 > 0) != (y2 > 0) and x1 + (0 - y1) * (x2 - x1) / (y2 - y1) > 0:
            inside = not inside
    return inside


def distance(shape: Shape, lon: float, lat: float) -> float:
    """Metres from (lon, lat) to the shape, on the projection described above."""
    kx = math.cos(math.radians(lat)) * M_PER_DEG
    ky = M_PER_DEG
    best = math.inf
    for x1, y1, x2, y2 in shape.segments:
        # the segment's own span wrapped once, then placed relative to the query: a
        # segment across the antimeridian stays short seen from anywhere
        ax = wrap_lon(x1 - lon)
        bx = (ax + wrap_lon(x2 - x1)) * kx
        ax *= kx
        ay, by = (y1 - lat) * ky, (y2 - lat) * ky
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        u = 0.0 if ll == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / ll))
        px, py = ax + u * dx, ay + u * dy
        best = min(best, math.hypot(px, py))
    if best > 0 and any(_inside(r, lon, lat) for r in shape.rings):
        return 0.0
    return best


def near_bound(d0: float) -> float:
    """How far a candidate may be to count as about equally near as one at ``d0`` m."""
    return max(d0 * NEAR_RATIO, d0 + NEAR_SLACK)


# --- the query ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Near:
    asset: m.Asset
    distance: float  # metres


@dataclass(frozen=True)
class Place:
    """The outcome of a place lookup.

    ``candidates``: within the radius, nearest first; ``chosen`` their first (its
    ``answer`` routed as usual); ``rival``: an about equally near candidate another
    department answers for (with its ``rival_answer``); ``beyond``: without candidates,
    the nearest asset of the types outside the radius; ``answer`` then routes the matter
    without an asset (its first contact)."""

    matter: m.Matter
    lon: float
    lat: float
    radius: float
    candidates: tuple[Near, ...]
    answer: Answer
    rival: Near | None = None
    rival_answer: Answer | None = None
    beyond: Near | None = None

    @property
    def chosen(self) -> Near | None:
        return self.candidates[0] if self.candidates else None


class Shapes:
    """Every asset's shape, once, with a coarse grid of their bounding boxes so a query
    looks at the assets near it only."""

    CELL = 0.01  # degrees

    def __init__(self, d: Directory) -> None:
        self.d = d
        self.shapes: dict[str, Shape] = {}
        self.depth: dict[str, int] = {}
        self.grid: dict[tuple[int, int], list[str]] = {}
        for a in d.registry.assets:
            s = shape_of(a.geometry)
            if s is None:
                continue
            self.shapes[a.id] = s
            self.depth[a.id] = len(d.ancestors(a))
            x0, y0, x1, y1 = s.bbox
            if x1 - x0 > 180:  # crosses the antimeridian: file it everywhere along
                x0, x1 = -180.0, 180.0
            for gx in range(self._c(x0), self._c(x1) + 1):
                for gy in range(self._c(y0), self._c(y1) + 1):
                    self.grid.setdefault((gx, gy), []).append(a.id)

    def _c(self, v: float) -> int:
        return math.floor(v / self.CELL)

    def around(self, lon: float, lat: float, radius: float) -> list[str]:
        """Ids of the assets whose box touches the cells around the query."""
        dlat = radius / M_PER_DEG
        dlon = min(180.0, dlat / max(1e-6, math.cos(math.radians(min(89.9, abs(lat))))))
        out: list[str] = []
        seen: set[str] = set()
        nx = self._c(dlon) + 2
        half = round(180 / self.CELL)
        for gx in range(self._c(lon) - nx, self._c(lon) + nx + 1):
            wx = (gx + half) % (2 * half) - half  # past the antimeridian: the other side
            for gy in range(self._c(lat - dlat), self._c(lat + dlat) + 1):
                for i in self.grid.get((wx, gy), ()):
                    if i not in seen:
                        seen.add(i)
                        out.append(i)
        return out


def ranked(shapes: Shapes, types: Sequence[str], lon: float, lat: float,
           limit: float | None) -> list[Near]:
    """Assets of ``types`` (any type when empty) within ``limit`` metres (None: any
    distance), nearest first, the more specific first at equal distance, then by id."""
    d = shapes.d
    ids = shapes.around(lon, lat, limit) if limit is not None else list(shapes.shapes)
    out = []
    for i in ids:
        a = d.assets[i]
        if types and a.type not in types:
            continue
        dist = distance(shapes.shapes[i], lon, lat)
        if limit is None or dist <= limit:
            out.append(Near(a, dist))
    out.sort(key=lambda n: (math.floor(n.distance * 100 + 0.5), -shapes.depth[n.asset.id],
                            n.asset.id))
    return out


def at_place(d: Directory, matter: m.Matter, lon: float, lat: float,
             radius: float = DEFAULT_RADIUS, lang: str | None = None,
             shapes: Shapes | None = None) -> Place:
    """Answer ``matter`` at (lon, lat): the nearest asset of its types within ``radius``
    metres, routed, with the boundary warning's rival when there is one."""
    sh = shapes or Shapes(d)
    types = matter.asset_types
    cands = ranked(sh, types, lon, lat, radius)
    if not cands:
        beyond = ranked(sh, types, lon, lat, None)
        return Place(matter, lon, lat, radius, (), route(d, matter, None, lang),
                     beyond=beyond[0] if beyond else None)
    first = cands[0]
    ans = route(d, matter, first.asset, lang)
    bound = near_bound(first.distance)
    rival = rival_ans = None
    for c in [c for c in cands[1:] if c.distance <= bound][:RIVALS_MAX]:
        other = route(d, matter, c.asset, lang)
        if other.department != ans.department:
            rival, rival_ans = c, other
            break
    return Place(matter, lon, lat, radius, tuple(cands), ans, rival, rival_ans)


def parse_at(text: str) -> tuple[float, float] | None:
    """``"LON,LAT"`` as two finite numbers in range, or None."""
    parts = text.replace("，", ",").split(",")
    if len(parts) != 2:
        return None
    try:
        lon, lat = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    return lon, lat



# --- the answer as the CLI prints it ----------------------------------------------------


def _metres(x: float) -> int:
    """Whole metres, halves up (as the page's ``Math.round``), at least 1: "about 0 m"
    says nothing a person can use."""
    return max(1, math.floor(x + 0.5))


def _types_text(d: Directory, matter: m.Matter, lang: str) -> str:
    if not matter.asset_types:
        return t("place.any_asset", lang)
    names = []
    for x in matter.asset_types:
        at = d.asset_types.get(x)
        names.append(asset_type_name(at, lang) if at else x)
    return t("place.or", lang).join(names)


def label(d: Directory, a: m.Asset, lang: str) -> str:
    """An asset as the boundary warning names it: with the top asset it is part of (the
    road of a lamp), which is what a caller recognises."""
    up = d.ancestors(a)
    return t("place.within", lang, name=a.name, root=up[-1].name) if up else a.name


def place_lines(d: Directory, p: Place, lang: str | None = None) -> list[str]:
    """What the place adds before the answer: where, what was found, the warning."""
    lg = lang or d.registry.site.language
    name = d.name_of
    out = [t("place.at", lg, lon=f"{p.lon:.6f}", lat=f"{p.lat:.6f}", radius=_metres(p.radius))]
    ch = p.chosen
    if ch is None:
        out.append(t("place.none", lg, radius=_metres(p.radius),
                     types=_types_text(d, p.matter, lg)))
        if p.beyond is not None:
            out.append(t("place.beyond", lg, name=p.beyond.asset.name,
                         m=_metres(p.beyond.distance)))
        out.append(t("place.fallback", lg))
        return out
    at = d.asset_types.get(ch.asset.type)
    out.append(t("place.chosen", lg, name=ch.asset.name,
                 type=asset_type_name(at, lg) if at else ch.asset.type, m=_metres(ch.distance)))
    if p.rival is not None and p.rival_answer is not None:
        out.append(t("place.boundary", lg, name=label(d, ch.asset, lg), m=_metres(ch.distance),
                     dept=name(p.answer.department), rival=label(d, p.rival.asset, lg),
                     rm=_metres(p.rival.distance), rdept=name(p.rival_answer.department),
                     short=ch.asset.name))
    return out


def place_text(d: Directory, p: Place, lang: str | None = None) -> str:
    """The place lines, then the answer as ``remit lookup`` prints it."""
    return "\n".join(place_lines(d, p, lang)) + "\n\n" + answer_text(d, p.answer, lang)


def _near_json(d: Directory, n: Near, ans: Answer | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n.asset.id, "name": n.asset.name, "type": n.asset.type,
                           "distance_m": round(n.distance, 1)}
    if ans is not None:
        out["department"] = ans.department
    return out


def place_json(d: Directory, p: Place, lang: str | None = None,
               base_url: str | None = None) -> dict[str, Any]:
    """The answer as ``remit lookup --format json`` gives it, with ``place``: the point,
    the radius, the chosen asset and its distance, the nearest candidates, the warning
    (``base_url``: the site, for the messages' address of the answer)."""
    lg = lang or d.registry.site.language
    out = answer_json(d, p.answer, lg, base_url=base_url, at=(p.lon, p.lat))
    warning = None
    if p.rival is not None and p.rival_answer is not None and p.chosen is not None:
        warning = {"text": place_lines(d, p, lg)[-1],
                   "chosen": _near_json(d, p.chosen, p.answer),
                   "rival": _near_json(d, p.rival, p.rival_answer)}
    out["place"] = {
        "at": [p.lon, p.lat], "radius_m": p.radius,
        "status": "found" if p.chosen is not None else "none_within_radius",
        "chosen": _near_json(d, p.chosen) if p.chosen is not None else None,
        "candidates": [_near_json(d, c) for c in p.candidates[:CANDIDATES_SHOWN]],
        "boundary_warning": warning,
        "nearest_beyond": _near_json(d, p.beyond) if p.beyond is not None else None,
        "lines": place_lines(d, p, lg),
    }
    return out

"""The demo county's shape, its valley and its administrative partition (county → townships → villages).

Everything here is in EPSG:4526 metres. The county is an irregular, east–west elongated polygon
(~62 km × ~35 km, ~1700 km², like the real 代县) centred near 113.0°E 39.07°N; the Hutuo (滹沱河)
valley runs along its length with mountains to the north (恒山/勾注山) and south (五台山 foothills).
Township and village names and codes come from the shipped roster (seed 附件2); the layout is
invented (the seed says nothing about geography): townships are Voronoi-like groups of village cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon

from ..core.rosters import Roster
from .common import CENTER_LAT, CENTER_LON, lonlat_to_gk_xy, rng_for

HALF_LENGTH = 31000.0   # m, east–west semi-axis
HALF_WIDTH = 17500.0    # m, north–south semi-axis

# Township anchor points, km east/north of the county centre (an invented but plausible layout:
# the county seat 上馆镇 in the middle of the valley, 雁门关镇 at the northern pass, …).
TOWNSHIP_ANCHORS_KM = {
    "上馆镇": (-2.0, 0.5),
    "阳明堡镇": (-19.0, -1.0),
    "峪口镇": (-18.0, -11.0),
    "上磨坊乡": (-6.5, -8.5),
    "新高乡": (8.5, -0.5),
    "枣林镇": (7.0, -11.5),
    "峨口镇": (22.0, 1.0),
    "聂营镇": (17.0, 10.5),
    "雁门关镇": (-6.0, 11.0),
}


@dataclass
class VillageCell:
    code: str
    name: str
    township_code: str
    township_name: str
    guarantor: str
    seed: tuple[float, float]          # settlement centre (GK metres)
    geom: Polygon = field(repr=False, default_factory=Polygon)


@dataclass
class Geography:
    center: tuple[float, float]
    county: Polygon
    townships: dict[str, Polygon]      # township code → polygon (union of its villages)
    township_names: dict[str, str]
    villages: list[VillageCell]
    seat: tuple[float, float]          # county seat (县城) centre

    # -- the valley ---------------------------------------------------------------------------
    def axis_y(self, x: np.ndarray) -> np.ndarray:
        """Northing of the valley axis (the river's mean course) at easting x."""
        u = (np.asarray(x, dtype=float) - self.center[0]) / 1000.0
        return self.center[1] - 2200.0 + 60.0 * u + 1400.0 * np.sin(u / 9.0) + 500.0 * np.sin(u / 3.7 + 1.0)

    def valley_distance(self, x, y) -> np.ndarray:
        """Signed distance (m) from the valley axis, positive to the north."""
        return np.asarray(y, dtype=float) - self.axis_y(x)

    def zone(self, x, y) -> np.ndarray:
        """0 = valley floor, 1 = foothills, 2 = mountains (with a wavy edge)."""
        x = np.asarray(x, dtype=float)
        d = self.valley_distance(x, y)
        u = (x - self.center[0]) / 1000.0
        wobble = 900.0 * np.sin(u / 2.3) + 600.0 * np.sin(u / 5.1 + 2.0)
        north = d > 0
        floor_edge = np.where(north, 5200.0, 4300.0) + wobble
        hill_edge = np.where(north, 9000.0, 8200.0) + wobble
        ad = np.abs(d)
        return np.where(ad < floor_edge, 0, np.where(ad < hill_edge, 1, 2))

    def village_by_code(self) -> dict[str, VillageCell]:
        return {v.code: v for v in self.villages}


def _outline(center, rng) -> Polygon:
    n = 720
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    r = HALF_LENGTH * HALF_WIDTH / np.sqrt((HALF_WIDTH * np.cos(theta)) ** 2 + (HALF_LENGTH * np.sin(theta)) ** 2)
    wave = np.zeros(n)
    for k in range(2, 9):
        wave += rng.uniform(0.03, 0.07) / k ** 0.6 * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    # ridgeline jaggedness: a smoothed random walk
    walk = np.cumsum(rng.normal(0.0, 1.0, n))
    walk -= np.linspace(0.0, walk[-1], n)
    walk = np.convolve(np.r_[walk[-6:], walk, walk[:6]], np.ones(7) / 7.0, mode="same")[6:-6]
    wave += 0.007 * walk
    # a northern bulge towards the 雁门关 pass
    wave += 0.16 * np.exp(-((theta - 1.75) / 0.22) ** 2)
    r = r * (1.0 + wave)
    x = center[0] + r * np.cos(theta)
    y = center[1] + r * np.sin(theta)
    poly = Polygon(np.column_stack([x, y]))
    assert poly.is_valid
    return poly


def _points_in(poly: Polygon, n: int, rng, min_dist: float) -> np.ndarray:
    """n well-spread random points inside poly (dart throwing, then two Lloyd steps)."""
    minx, miny, maxx, maxy = poly.bounds
    pts: list[tuple[float, float]] = []
    tries = 0
    d = min_dist
    while len(pts) < n:
        tries += 1
        if tries % 4000 == 0:
            d *= 0.85
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not poly.contains(Point(x, y)):
            continue
        if pts and np.min(np.hypot(np.array(pts)[:, 0] - x, np.array(pts)[:, 1] - y)) < d:
            continue
        pts.append((x, y))
    arr = np.array(pts)
    for _ in range(2):
        cells = _voronoi_cells(arr, poly)
        arr = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    return arr


def _voronoi_cells(points: np.ndarray, clip: Polygon) -> list[Polygon]:
    """Voronoi cells of points (in input order) clipped to a possibly concave outline. A clipped cell
    can fall apart: each cell keeps the part holding its point, and stray fragments go to the
    neighbouring cell with which they share the longest border, so the cells still tile the outline."""
    env = clip.envelope.buffer(20000.0)
    vor = shapely.voronoi_polygons(MultiPoint(points), extend_to=env, ordered=True)
    full = shapely.intersection(np.array(shapely.get_parts(vor)), clip)
    cells, strays = [], []
    for i, g in enumerate(full):
        parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area > 0]
        pt = Point(points[i])
        keep = next((p for p in parts if p.covers(pt)), max(parts, key=lambda p: p.area))
        cells.append(keep)
        strays += [p for p in parts if p is not keep]
    if strays:
        tree = shapely.STRtree(cells)
        for p in strays:
            cand = tree.query(p, predicate="intersects")
            lengths = [shapely.length(shapely.intersection(p.boundary, cells[j].boundary)) for j in cand]
            j = int(cand[int(np.argmax(lengths))])
            cells[j] = shapely.union(cells[j], p)
    return cells


def build_geography(roster: Roster, seed: int) -> Geography:
    rng = rng_for(seed, "geography")
    center = lonlat_to_gk_xy(CENTER_LON, CENTER_LAT)
    outline = _outline(center, rng)

    names = [t.name for t in roster.townships]
    anchors = np.array([[center[0] + TOWNSHIP_ANCHORS_KM[n][0] * 1000.0,
                         center[1] + TOWNSHIP_ANCHORS_KM[n][1] * 1000.0] for n in names])
    town_cells = _voronoi_cells(anchors, outline)

    # village seeds: in each township's Voronoi cell, as many as the roster lists
    seeds, meta = [], []
    for t, tcell in zip(roster.townships, town_cells):
        vs = t.villages
        area_per = tcell.area / len(vs)
        pts = _points_in(tcell, len(vs), rng_for(seed, "villages", t.code), 0.55 * np.sqrt(area_per))
        # order the seeds west→east, north→south for a readable numbering
        order = np.lexsort((-pts[:, 1].round(-3), pts[:, 0].round(-3)))
        pts = pts[order]
        for v, p in zip(vs, pts):
            seeds.append(p)
            meta.append(v)
    seeds = np.array(seeds)

    cells = _voronoi_cells(seeds, outline)

    villages = [VillageCell(v.code, v.name, v.township_code, v.township_name, v.guarantor,
                            (float(p[0]), float(p[1])), c)
                for v, p, c in zip(meta, seeds, cells)]
    townships = {}
    for t in roster.townships:
        mine = [v.geom for v in villages if v.township_code == t.code]
        townships[t.code] = shapely.union_all(mine)
    county = shapely.union_all(list(townships.values()))
    geo = Geography(center=center, county=county, townships=townships,
                    township_names={t.code: t.name for t in roster.townships},
                    villages=villages, seat=(0.0, 0.0))
    # the county seat (县城) sits in 上馆镇 on the valley floor, north of the river
    sx = center[0] + TOWNSHIP_ANCHORS_KM["上馆镇"][0] * 1000.0 + 500.0
    geo.seat = (sx, float(geo.axis_y(sx)) + 1700.0)
    return geo

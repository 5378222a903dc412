"""A 三调-style land-use layer (DLTB) and basic farmland (YJJBNT) for the demo county.

Construction (EPSG:4526 metres): the edges of Voronoi cells (denser in the valley), the village
borders and the outlines of linear and blob features (river, railway, roads, ponds, the county town,
industry, mines, village settlements; earlier ones win where they overlap) are noded into one
linework and polygonized. Every face is one parcel, so the parcels are an exact coverage of the
county: no gaps, no overlaps, shared edges with identical vertices. Classes follow the terrain: cultivated land on
the valley floor, dry terraced fields and grass on the foothills, forest and shrub in the mountains.

The three-category table below (农用地 / 建设用地 / 未利用地, GB/T 21010-2017 with the 三调 work
classification) is the demo's own copy for computing batch attributes; the plugin keeps its table as
user-editable data elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon

from ..core.area import ellipsoidal_area
from .common import gk_to_lonlat, rng_for, round2
from .geography import Geography

LAND_CLASSES = {
    "0101": "水田", "0102": "水浇地", "0103": "旱地", "0201": "果园",
    "0301": "乔木林地", "0305": "灌木林地", "0401": "天然牧草地", "0404": "其他草地",
    "0601": "工业用地", "0602": "采矿用地", "0701": "城镇住宅用地", "0702": "农村宅基地",
    "1001": "铁路用地", "1003": "公路用地", "1004": "城镇村道路用地", "1006": "农村道路",
    "1101": "河流水面", "1104": "坑塘水面", "1202": "设施农用地", "1203": "田坎", "1206": "裸土地",
}
CULTIVATED = ("0101", "0102", "0103")
AGRICULTURAL = {"0101", "0102", "0103", "0201", "0301", "0305", "0401", "1006", "1104", "1202", "1203"}
CONSTRUCTION = {"0601", "0602", "0701", "0702", "1001", "1003", "1004"}
UNUSED = {"0404", "1101", "1206"}

# base-cell class mixes per terrain zone (valley floor, foothills, mountains)
_MIX = {
    0: (("0102", 0.47), ("0103", 0.24), ("0201", 0.07), ("0404", 0.05), ("0301", 0.04),
        ("0305", 0.02), ("1206", 0.02), ("0401", 0.02),
        ("0101", 0.0), ("1202", 0.0)),   # raised near the river / near villages
    1: (("0103", 0.40), ("0404", 0.17), ("0305", 0.15), ("0301", 0.10), ("0401", 0.08), ("0201", 0.05),
        ("0102", 0.03), ("1206", 0.02)),
    2: (("0301", 0.36), ("0305", 0.30), ("0401", 0.18), ("0404", 0.11), ("1206", 0.05)),
}
_CELL_AREA = {0: 0.45e6, 1: 1.1e6, 2: 3.0e6}   # target parcel size by zone (m²)


@dataclass
class LandUse:
    """Parcels in EPSG:4526 (geom) and EPSG:4490 (lonlat) with their 三调 attributes."""
    geom: np.ndarray            # shapely polygons, GK metres
    lonlat: np.ndarray          # the same in lon/lat
    dlbm: np.ndarray            # str codes
    village: np.ndarray         # 12-digit village codes
    kcxs: np.ndarray            # ridge share
    tbmj: np.ndarray            # ellipsoidal parcel area (m²)
    zone: np.ndarray            # terrain zone of the parcel's centroid
    jbnt_geom: list = field(default_factory=list)     # basic-farmland polygons (GK)
    jbnt_lonlat: list = field(default_factory=list)
    jbnt_dlbm: list = field(default_factory=list)
    jbnt_village: list = field(default_factory=list)
    settlements: list = field(default_factory=list)   # (village code, polygon) of 0702 clusters
    roads: list = field(default_factory=list)         # (class, centreline) of 1003 roads

    @property
    def kcmj(self) -> np.ndarray:
        return np.array([round2(a * k) for a, k in zip(self.tbmj, self.kcxs)])

    @property
    def tbdlmj(self) -> np.ndarray:
        return np.array([round2(round2(a) - k) for a, k in zip(self.tbmj, self.kcmj)])


# -- feature shapes -------------------------------------------------------------------------------
def _blob(cx: float, cy: float, r: float, rng, n: int = 16, rough: float = 0.22) -> Polygon:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False) + rng.uniform(0, 2 * np.pi)
    k = 1.0 + rough * (rng.random(n) - 0.5) * 2
    k = (k + np.roll(k, 1) + np.roll(k, -1)) / 3.0
    return Polygon(np.column_stack([cx + r * k * np.cos(t), cy + r * k * 0.8 * np.sin(t)]))


def _wiggly_line(p0, p1, rng, amp: float, n: int = 12) -> LineString:
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    t = np.linspace(0, 1, n)
    pts = p0[None, :] + t[:, None] * (p1 - p0)[None, :]
    d = p1 - p0
    nrm = np.array([-d[1], d[0]]) / (np.hypot(*d) + 1e-9)
    off = np.cumsum(rng.normal(0, 1, n))
    off -= t * off[-1]
    off = (off - off[0]) * amp / (np.abs(off).max() + 1e-9)
    off[0] = off[-1] = 0.0
    return LineString(pts + off[:, None] * nrm[None, :])


def _strip(line: LineString, width: float) -> Polygon:
    return line.buffer(width / 2.0, cap_style="flat", join_style="round", quad_segs=3)


def _mst_edges(pts: np.ndarray) -> list[tuple[int, int]]:
    n = len(pts)
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    in_tree = np.zeros(n, bool)
    in_tree[0] = True
    best = d[0].copy()
    parent = np.zeros(n, int)
    edges = []
    for _ in range(n - 1):
        cand = np.where(in_tree, np.inf, best)
        j = int(np.argmin(cand))
        edges.append((int(parent[j]), j))
        in_tree[j] = True
        upd = d[j] < best
        best = np.where(upd, d[j], best)
        parent = np.where(upd, j, parent)
    return edges


# -- the build ------------------------------------------------------------------------------------
def _base_points(geo: Geography, seed: int) -> np.ndarray:
    rng = rng_for(seed, "landuse-cells")
    minx, miny, maxx, maxy = geo.county.bounds
    s0 = np.sqrt(_CELL_AREA[0])
    xs = np.arange(minx, maxx, s0)
    ys = np.arange(miny, maxy, s0)
    gx, gy = np.meshgrid(xs, ys)
    gx = gx.ravel() + rng.uniform(0, s0, gx.size)
    gy = gy.ravel() + rng.uniform(0, s0, gy.size)
    z = geo.zone(gx, gy)
    keep = rng.random(gx.size) < np.array([_CELL_AREA[0] / _CELL_AREA[k] for k in (0, 1, 2)])[z]
    pts = np.column_stack([gx[keep], gy[keep]])
    inside = shapely.contains_xy(geo.county.buffer(2000.0), pts[:, 0], pts[:, 1])
    return pts[inside]


def _features(geo: Geography, seed: int):
    """(class, polygon, subdivide by cells) in priority order, the settlements and the main roads."""
    rng = rng_for(seed, "landuse-features")
    minx, miny, maxx, maxy = geo.county.bounds
    feats: list[tuple[str, Polygon, bool]] = []
    xs = np.linspace(minx - 2000, maxx + 2000, 400)

    # 滹沱河: meandering along the valley axis
    ry = geo.axis_y(xs) + 280 * np.sin(xs / 1300.0) + 150 * np.sin(xs / 530.0 + 1.0)
    river_line = LineString(np.column_stack([xs, ry]))
    river = _strip(river_line, 170.0)
    bars = [_blob(x, float(geo.axis_y(x)) + 280 * np.sin(x / 1300.0) + 150 * np.sin(x / 530.0 + 1.0),
                  rng.uniform(150, 260), rng, n=12, rough=0.15)
            for x in rng.uniform(minx + 3000, maxx - 3000, 9)]
    river = shapely.union_all([river, *bars])
    feats.append(("1101", river, False))
    # tributaries from the mountains
    for _ in range(10):
        x0 = rng.uniform(minx + 4000, maxx - 4000)
        north = rng.random() < 0.5
        y_end = float(geo.axis_y(x0))
        y0 = y_end + (1 if north else -1) * rng.uniform(12000, 18000)
        line = _wiggly_line((x0 + rng.uniform(-3000, 3000), y0), (x0, y_end), rng, 600.0, 16)
        feats.append(("1101", _strip(line, rng.uniform(18, 35)), False))

    # 京原铁路 north of the river, the new G108 north of the county town, a provincial road south
    rail = LineString(np.column_stack([xs, geo.axis_y(xs) + 650 + 120 * np.sin(xs / 7000.0)]))
    feats.append(("1001", _strip(rail, 24.0), False))
    seat_off = geo.seat[1] - float(geo.axis_y(geo.seat[0]))
    g108 = LineString(np.column_stack([xs, geo.axis_y(xs) + seat_off + 1650 + 200 * np.sin(xs / 5000.0)]))
    south = LineString(np.column_stack([xs, geo.axis_y(xs) - 1700 + 250 * np.sin(xs / 6100.0 + 2)]))
    roads = [("1003", g108), ("1003", south)]
    # roads into the mountains: north to 雁门关, south into 枣林/上磨坊/峪口, north-east to 聂营
    for dx, north, length in ((-1500, True, 16000), (-19000, True, 12000), (17000, True, 15000),
                              (-6500, False, 14000), (7500, False, 15000), (-17500, False, 13000),
                              (23000, False, 11000)):
        x0 = geo.seat[0] + dx
        y0 = float(geo.axis_y(x0)) + (seat_off + 1650 if north else -1700)
        line = _wiggly_line((x0, y0), (x0 + rng.uniform(-2500, 2500), y0 + (length if north else -length)),
                            rng, 900.0, 18)
        roads.append(("1003", line))
    for code, line in roads:
        feats.append((code, _strip(line, 22.0 if line is g108 else 16.0), False))

    # rural roads: a spanning tree over the villages, each edge a narrow track
    pts = np.array([v.seed for v in geo.villages])
    for i, j in _mst_edges(pts):
        if np.hypot(*(pts[i] - pts[j])) < 9000:
            feats.append(("1006", _strip(_wiggly_line(pts[i], pts[j], rng, 120.0, 8), 7.0), False))

    # ponds near the river
    for _ in range(30):
        x = rng.uniform(minx + 2000, maxx - 2000)
        y = float(geo.axis_y(x)) + rng.choice([-1, 1]) * rng.uniform(250, 1800)
        feats.append(("1104", _blob(x, y, rng.uniform(35, 90), rng, 10, 0.2), False))

    # the county town with a street grid, industry, mines, village settlements
    sx, sy = geo.seat
    town = _blob(sx, sy, 1500.0, rng, 24, 0.25)
    streets = []
    for k in range(-5, 6):
        streets.append(LineString([(sx + k * 330 - 2500, sy - 2500), (sx + k * 330 + 2500, sy + 2500)]))
        streets.append(LineString([(sx - 2500, sy + k * 300 + 300), (sx + 2500, sy + k * 300 - 300)]))
    street_poly = shapely.intersection(shapely.union_all([_strip(s, 14.0) for s in streets]), town)
    feats.append(("1004", street_poly, False))
    industry = [(sx - 2300, sy - 300, 650.0), (sx + 2600, sy + 900, 420.0)]
    for _ in range(8):
        x = rng.uniform(minx + 5000, maxx - 5000)
        industry.append((x, float(geo.axis_y(x)) + rng.uniform(800, 3500), rng.uniform(180, 380)))
    ind_polys = [_blob(x, y, r, rng, 8, 0.15) for x, y, r in industry]
    feats.append(("0601", shapely.union_all(ind_polys), True))
    feats.append(("0701", town, True))
    mines = []
    for k in range(16):
        for _ in range(200):
            x = rng.uniform(minx + 3000, maxx - 3000) if k >= 5 else rng.uniform(sx + 17000, maxx - 3000)
            y = rng.uniform(miny + 2000, maxy - 2000)
            if geo.zone(x, y) >= 1 and geo.county.buffer(-1500).contains(Point(x, y)):
                break
        mines.append(_blob(x, y, rng.uniform(170, 420), rng, 12, 0.3))
    feats.append(("0602", shapely.union_all(mines), True))
    settlements = []
    for v in geo.villages:
        x, y = v.seed
        if town.buffer(300).contains(Point(x, y)):
            continue
        z = int(geo.zone(x, y))
        r = {0: rng.uniform(190, 330), 1: rng.uniform(120, 220), 2: rng.uniform(80, 140)}[z]
        settlements.append((v.code, _blob(x, y, r, rng, 14, 0.3)))
    feats.append(("0702", shapely.union_all([s for _, s in settlements]), True))
    return feats, settlements, roads


def _merge_small(geoms: np.ndarray, cls: np.ndarray, vil: np.ndarray, min_area: float):
    """Merge faces smaller than min_area into the neighbour (same village, preferably the same class)
    with which they share the longest border. The faces form an exactly noded coverage, so the
    union keeps every shared vertex and the coverage stays exact."""
    geoms = geoms.copy()
    alive = np.ones(len(geoms), bool)
    small = np.where(shapely.area(geoms) < min_area)[0]
    tree = shapely.STRtree(geoms)
    for i in small[np.argsort(shapely.area(geoms[small]), kind="stable")]:
        cand = np.array([j for j in tree.query(geoms[i], predicate="intersects")
                         if j != i and alive[j] and vil[j] == vil[i]], dtype=int)
        if not len(cand):
            continue
        lens = shapely.length(shapely.intersection(geoms[i].boundary, shapely.boundary(geoms[cand])))
        lens = lens + 1e6 * (cls[cand] == cls[i]) * (lens > 0)
        if lens.max() <= 0:
            continue
        j = int(cand[int(np.argmax(lens))])
        merged = shapely.union(geoms[j], geoms[i])
        if merged.geom_type != "Polygon":
            continue
        geoms[j] = merged
        alive[i] = False
    return geoms[alive], cls[alive], vil[alive]


def build_landuse(geo: Geography, seed: int) -> LandUse:
    """Parcels as the faces of one noded linework (cell edges, village borders, feature outlines),
    hence an exact coverage; the villages, townships and county of ``geo`` are then rebuilt as unions
    of parcels so that every layer shares the very same vertices."""
    rng = rng_for(seed, "landuse-classes")
    vil_geoms = np.array([v.geom for v in geo.villages], dtype=object)
    vil_codes = np.array([v.code for v in geo.villages])
    county = geo.county

    feats, settlements, roads = _features(geo, seed)
    groups: dict[str, list] = {}
    subdivided = set()
    for code, poly, subdivide in feats:
        groups.setdefault(code, []).append(poly)
        if subdivide:
            subdivided.add(code)
    taken = None
    layers: list[tuple[str, object]] = []       # disjoint feature groups, in priority order
    for code, polys in groups.items():
        poly = shapely.intersection(shapely.union_all(polys), county)
        if taken is not None:
            poly = shapely.difference(poly, taken)
        if poly.is_empty:
            continue
        taken = poly if taken is None else shapely.union(taken, poly)
        layers.append((code, poly))
    whole = shapely.union_all([p for c, p in layers if c not in subdivided])

    cell_edges = shapely.voronoi_polygons(MultiPoint(_base_points(geo, seed)), only_edges=True,
                                          extend_to=county.envelope.buffer(5000.0))
    cell_edges = shapely.difference(shapely.intersection(cell_edges, county), whole)
    lines = [county.boundary, cell_edges, *shapely.boundary(vil_geoms)]
    lines += [shapely.intersection(shapely.boundary(p), county) for _, p in layers]
    noded = shapely.union_all(lines)
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    faces = faces[shapely.area(faces) > 0]

    rep = shapely.point_on_surface(faces)
    fi, vj = shapely.STRtree(vil_geoms).query(rep, predicate="within")
    vil = np.full(len(faces), "", dtype=object)
    vil[fi] = vil_codes[vj]
    if (vil == "").any():   # a face whose point sits on a village border: nearest village
        miss = np.where(vil == "")[0]
        near = shapely.STRtree(vil_geoms).nearest(rep[miss])
        vil[miss] = vil_codes[near]
    cls = np.full(len(faces), "", dtype=object)
    rx, ry = shapely.get_x(rep), shapely.get_y(rep)
    for code, poly in layers:
        shapely.prepare(poly)
        hit = (cls == "") & shapely.contains_xy(poly, rx, ry)
        cls[hit] = code
    geoms, cls, vil = _merge_small(faces, cls, vil, 60.0)

    # classes of the base parcels from terrain and neighbourhood
    cent = shapely.centroid(geoms)
    cx, cy = shapely.get_x(cent), shapely.get_y(cent)
    zone = geo.zone(cx, cy)
    near_river = np.abs(geo.valley_distance(cx, cy)) < 1400
    settle_union = shapely.union_all([s for _, s in settlements])
    near_village = shapely.dwithin(geoms, settle_union, 250.0)
    codes = {z: np.array([c for c, _ in _MIX[z]]) for z in _MIX}
    probs = {z: np.array([p for _, p in _MIX[z]]) for z in _MIX}
    for i in np.where(cls == "")[0]:
        z = int(zone[i])
        p = probs[z].copy()
        if z == 0:
            c = list(codes[0])
            if near_river[i]:
                p[c.index("0101")] = 0.06
                p[c.index("0102")] += 0.10
            if near_village[i]:
                p[c.index("1202")] = 0.05
                p[c.index("0201")] += 0.05
        cls[i] = rng.choice(codes[z], p=p / p.sum())

    kcxs = np.zeros(len(geoms))
    hills = np.isin(cls, ("0102", "0103")) & (zone >= 1)
    kcxs[hills] = np.round(rng.uniform(0.05, 0.15, hills.sum()), 4)
    # deterministic order: village, then north→south, west→east
    order = np.lexsort((np.round(cx, 1), -np.round(cy, 1), vil))
    geoms, cls, vil, kcxs, zone = geoms[order], cls[order], vil[order], kcxs[order], zone[order]
    # rebuild the administrative layers from the parcels: the very same vertices everywhere
    for v in geo.villages:
        v.geom = shapely.coverage_union_all(geoms[vil == v.code])
    for code in geo.townships:
        geo.townships[code] = shapely.coverage_union_all([v.geom for v in geo.villages
                                                          if v.township_code == code])
    geo.county = shapely.coverage_union_all(list(geo.townships.values()))

    lonlat = gk_to_lonlat(geoms)
    tbmj = np.round(ellipsoidal_area(lonlat), 2)
    lu = LandUse(geom=geoms, lonlat=lonlat, dlbm=cls.astype(str), village=vil, kcxs=kcxs, tbmj=tbmj,
                 zone=zone, settlements=settlements, roads=roads)

    # basic farmland: most valley cultivated parcels
    jb_rng = rng_for(seed, "jbnt")
    for i in np.where(np.isin(lu.dlbm, CULTIVATED) & (zone == 0))[0]:
        if jb_rng.random() < 0.86:
            lu.jbnt_geom.append(geoms[i])
            lu.jbnt_lonlat.append(lonlat[i])
            lu.jbnt_dlbm.append(lu.dlbm[i])
            lu.jbnt_village.append(vil[i])
    return lu

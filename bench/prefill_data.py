"""Synthetic reference layers for the pre-fill benchmark (bench_prefill.py), as GeoPackages in EPSG:4490.

Built on the overlay benchmark's generators (overlay_data.py): the land survey (三调 DLTB, 2M parcels at
100k patches) and the patches are theirs, at the province's parcel density; the patch count is N and the
area and parcel count scale with it (N = 100k: the province of bench-overlay, 2M parcels, ≈ 18000 km²).

Reference kinds, at N = 100k patches (counts scale with N), as a province's data would hold them:

- 建设用地审批 (JSYDSP): N red lines. 12 % of the patches lie wholly inside a red line (the patch's
  oriented envelope grown 10–40 %), 8 % partly (the grown envelope cut across at 25–85 % of its length),
  2 % of the wholly covered ones have a second, overlapping approval (征收 then 供地); the rest are
  rectangles of construction-land size (median ≈ 6000 m²) anywhere, a few of which touch patches by
  chance. 5 % are dated after the patches' 后时相 (they must not count).
- 临时用地批复 (LSYD, 5 %), 设施农业用地备案 (SSNYDBA, 8 %), 土地整治/增减挂钩项目 (TDZZXM, 1.5 %),
  采矿权/探矿权 (KQ, 0.8 %, 0.2–3 km²), 农村宅基地审批 (ZJDSP, 10 %, 150–260 m²): part of them placed at
  patches, the rest anywhere; terms that end before the 后时相, expired mining rights, 探矿权 among 采矿权.
- 永久基本农田 (YJJBNT ≈ 20 % of N polygons, about a third of the area), 生态保护红线 (STBHHX, ≈ 300 at
  100k), 城镇开发边界 (CZKFBJ, ≈ 100): subsets of Voronoi coverages (overlay_data.parcels with their own
  seeds), so the features of one layer do not overlap, as in the real layers.
- 以前年度图斑 (YQTB, 30 %): a third of them at today's patches (shifted by up to a fifth of their size),
  the rest elsewhere, with 监测编号, 批次 and 判定结果.

Every layer carries BSM, a copy of its feature id, so an intersection's pieces name the feature they
came from. Dates are GeoPackage DATE fields.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import shapely

from .overlay_data import PROVINCE, Spec, parcels, patches

M_PER_DEG = 111_320.0
REFERENCE_DATE = dt.date(2021, 4, 20)      # the patches' 后时相 (HSX)
ISSUED = dt.date(2021, 5, 6)               # the batch's 下发日期
FULL, PARTIAL, DOUBLE = 0.12, 0.08, 0.02   # shares of the patches wholly / partly inside an approval; twice


@dataclass(frozen=True)
class Layer:
    kind: str          # the reference kind id (rules/reference_kinds.json)
    table: str         # the GeoPackage layer
    fields: dict       # field name → (label the mapping matches, 'text' | 'date')


LAYERS = (
    Layer("construction_approval", "JSYDSP", {"PZWH": ("批准文号", "text"), "PZRQ": ("批准日期", "date"),
                                              "PZYT": ("批准用途", "text")}),
    Layer("temporary_use", "LSYD", {"LSYDWH": ("文号", "text"), "QSRQ": ("起始日期", "date"),
                                    "JZRQ": ("截止日期", "date")}),
    Layer("facility_filing", "SSNYDBA", {"BAH": ("备案号", "text"), "BARQ": ("备案日期", "date"),
                                         "SSLX": ("类型", "text")}),
    Layer("land_project", "TDZZXM", {"XMMC": ("项目名称", "text"), "PZWH": ("批准文号", "text"),
                                     "XMLX": ("项目类型", "text")}),
    Layer("mining_right", "KQ", {"XKZH": ("证号", "text"), "YXQZ": ("有效期止", "date"), "KZ": ("矿种", "text"),
                                 "QLLX": ("权利类型", "text")}),
    Layer("homestead_approval", "ZJDSP", {"PZWH": ("批准文号", "text"), "PZRQ": ("批准日期", "date")}),
    Layer("basic_farmland", "YJJBNT", {"JBNTBH": ("编号", "text")}),
    Layer("eco_redline", "STBHHX", {"HXMC": ("名称", "text")}),
    Layer("urban_boundary", "CZKFBJ", {"BJMC": ("名称", "text")}),
    Layer("earlier_patches", "YQTB", {"JCBH": ("监测编号", "text"), "PC": ("批次", "text"),
                                      "PDJG": ("判定结果", "text")}),
)
LAYER_OF = {lay.kind: lay for lay in LAYERS}


def landuse_spec(n_patches: int) -> Spec:
    """The land survey and patches for ``n_patches`` patches: the province of bench-overlay (2M parcels) at
    100k patches — twice its patch density — scaled in area with N. At 100k the parcels are exactly
    bench-overlay's province parcels (same seed and extent), so its cached GeoPackage can be reused."""
    scale = n_patches / 100_000
    k = math.sqrt(scale)
    x0, y0, x1, y1 = PROVINCE.bbox
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * k, (y1 - y0) / 2 * k
    bbox = PROVINCE.bbox if scale == 1 else (cx - hw, cy - hh, cx + hw, cy + hh)
    return Spec("prefill" if scale == 1 else f"prefill-{n_patches}", max(1000, int(round(PROVINCE.n_parcels * scale))),
                n_patches, bbox, PROVINCE.seed)


# ----------------------------------------------------------------------------------------- geometry


def _rectangles(cx, cy, w_m, h_m, angle):
    """Rotated rectangles (lon/lat) centred at (cx, cy) of w × h metres."""
    c, s = np.cos(angle), np.sin(angle)
    kx = 1.0 / (M_PER_DEG * np.cos(np.radians(cy)))
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        dx, dy = sx * w_m / 2, sy * h_m / 2
        corners.append(np.column_stack([cx + (dx * c - dy * s) * kx, cy + (dx * s + dy * c) / M_PER_DEG]))
    return shapely.polygons(np.stack(corners, axis=1))


def _random_rectangles(rng, bbox, n, median_m2, sigma=0.8, lo=100.0, hi=5e6):
    x0, y0, x1, y1 = bbox
    area = np.clip(rng.lognormal(math.log(median_m2), sigma, n), lo, hi)
    aspect = rng.uniform(1.0, 3.0, n)
    w = np.sqrt(area * aspect)
    return _rectangles(rng.uniform(x0, x1, n), rng.uniform(y0, y1, n), w, area / w, rng.uniform(0, np.pi, n))


def _grown(geoms, rng, lo, hi):
    """The oriented envelopes of ``geoms`` grown about their centres by a factor in [lo, hi]: they contain
    the geometries."""
    env = shapely.oriented_envelope(geoms)
    xy, idx = shapely.get_coordinates(env, return_index=True)
    c = shapely.get_coordinates(shapely.centroid(env))[idx]
    f = rng.uniform(lo, hi, len(geoms))[idx, None]
    return shapely.polygons(shapely.linearrings(c + (xy - c) * f, indices=idx)), idx


def _cut(rects, rng, lo, hi):
    """Each rectangle (5 coordinates) cut across its longer side at a random fraction: a red line that
    covers only part of what the rectangle covers."""
    xy = shapely.get_coordinates(rects).reshape(-1, 5, 2)[:, :4]
    e01 = np.hypot(*(xy[:, 1] - xy[:, 0]).T)
    e12 = np.hypot(*(xy[:, 2] - xy[:, 1]).T)
    roll = np.where(e01 >= e12, 0, 1)
    xy = np.stack([np.roll(q, -r, axis=0) for q, r in zip(xy, roll)])        # p0→p1 is the long side
    f = rng.uniform(lo, hi, len(xy))[:, None]
    q1 = xy[:, 0] + f * (xy[:, 1] - xy[:, 0])
    q2 = xy[:, 3] + f * (xy[:, 2] - xy[:, 3])
    ring = np.stack([xy[:, 0], q1, q2, xy[:, 3], xy[:, 0]], axis=1)
    return shapely.polygons(ring)


def _shifted(geoms, rng, frac):
    """Copies of ``geoms`` moved by up to ``frac`` of their size in a random direction."""
    xy, idx = shapely.get_coordinates(geoms, return_index=True)
    b = shapely.bounds(geoms)
    size = np.column_stack([b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]])
    ang = rng.uniform(0, 2 * np.pi, len(geoms))
    d = rng.uniform(0, frac, len(geoms))[:, None] * size * np.column_stack([np.cos(ang), np.sin(ang)])
    return shapely.polygons(shapely.linearrings(xy + d[idx], indices=idx))


def _cells(bbox, n_cells, keep, seed):
    """A subset (share ``keep``) of a Voronoi coverage of ``bbox`` with ``n_cells`` cells: polygons that do
    not overlap, with the 25 m vertex spacing of traced boundaries."""
    rng = np.random.default_rng(seed)
    out = [g[rng.random(len(g)) < keep] for g, _, _ in parcels(Spec("cells", max(n_cells, 20), 0, bbox, seed))]
    return np.concatenate(out) if out else np.zeros(0, dtype=object)


# --------------------------------------------------------------------------------------- attributes


def _dates(rng, start: dt.date, end: dt.date, n):
    days = rng.integers(0, (end - start).days + 1, n)
    return np.array([start + dt.timedelta(days=int(d)) for d in days], dtype=object)


def _choice(rng, values, n):
    return np.array(values, dtype=object)[rng.integers(0, len(values), n)]


def _numbers(fmt, rng, n, years=(2010, 2021)):
    y = rng.integers(years[0], years[1] + 1, n)
    k = rng.integers(1, 400, n)
    return np.array([fmt.format(y=int(a), k=int(b)) for a, b in zip(y, k)], dtype=object)


def _at(rng, patch_geoms, share, exclude=()):
    """Indexes of about ``share`` of the patches, not among ``exclude``."""
    pool = np.setdiff1d(np.arange(len(patch_geoms)), np.asarray(exclude, dtype=int))
    return rng.choice(pool, size=min(len(pool), int(round(share * len(patch_geoms)))), replace=False)


def reference_layers(spec: Spec, patch_geoms) -> dict[str, tuple[np.ndarray, dict]]:
    """{kind: (geometries, {field: values})} for the patches ``patch_geoms`` of ``spec`` (see the module
    docstring)."""
    n = len(patch_geoms)
    rng = np.random.default_rng(spec.seed + 17)
    bbox = spec.bbox
    area_scale = n / 100_000
    out: dict[str, tuple[np.ndarray, dict]] = {}

    # 建设用地审批
    order = rng.permutation(n)
    full, part = order[:int(FULL * n)], order[int(FULL * n):int((FULL + PARTIAL) * n)]
    double = full[:int(DOUBLE * n)]
    g_full, _ = _grown(patch_geoms[full], rng, 1.1, 1.4)
    g_double, _ = _grown(patch_geoms[double], rng, 1.05, 1.6)
    g_part = _cut(_grown(patch_geoms[part], rng, 1.15, 1.3)[0], rng, 0.25, 0.85)
    n_rest = max(0, n - len(full) - len(part) - len(double))
    g = np.concatenate([g_full, g_double, g_part, _random_rectangles(rng, bbox, n_rest, 6000.0)])
    m = len(g)
    dates = _dates(rng, dt.date(2005, 1, 1), dt.date(2021, 3, 31), m)
    late = rng.random(m) < 0.05
    dates[late] = _dates(rng, dt.date(2021, 6, 1), dt.date(2022, 12, 31), int(late.sum()))
    out["construction_approval"] = (g, {
        "PZWH": _numbers("晋政地字〔{y}〕{k}号", rng, m), "PZRQ": dates,
        "PZYT": _choice(rng, ("工业用地", "城镇住宅用地", "交通运输用地", "公共管理与公共服务用地", "商服用地"), m)})

    # 临时用地批复: 60 % at patches (wholly), terms of 1–2 years from 2018 on (some over before the 后时相)
    at = _at(rng, patch_geoms, 0.03, full)
    m_all = int(round(0.05 * n))
    g = np.concatenate([_grown(patch_geoms[at], rng, 1.1, 1.3)[0],
                        _random_rectangles(rng, bbox, max(0, m_all - len(at)), 4000.0)])
    start = _dates(rng, dt.date(2018, 1, 1), dt.date(2021, 3, 1), len(g))
    end = np.array([s + dt.timedelta(days=int(d)) for s, d in zip(start, rng.integers(365, 731, len(g)))],
                   dtype=object)
    out["temporary_use"] = (g, {"LSYDWH": _numbers("晋临用〔{y}〕{k}号", rng, len(g), (2018, 2021)),
                                "QSRQ": start, "JZRQ": end})

    # 设施农业用地备案: half at patches, some wholly, some partly
    at = _at(rng, patch_geoms, 0.04, full)
    grown = _grown(patch_geoms[at], rng, 1.1, 1.3)[0]
    half = rng.random(len(at)) < 0.4
    grown[half] = _cut(grown[half], rng, 0.4, 0.9)
    g = np.concatenate([grown, _random_rectangles(rng, bbox, max(0, int(0.08 * n) - len(at)), 3000.0)])
    out["facility_filing"] = (g, {
        "BAH": _numbers("设施农业备案〔{y}〕{k}号", rng, len(g), (2015, 2021)),
        "BARQ": _dates(rng, dt.date(2015, 1, 1), dt.date(2021, 4, 1), len(g)),
        "SSLX": _choice(rng, ("种植设施", "畜禽养殖设施", "水产养殖设施", "仓储设施", "养殖看护用房"), len(g))})

    # 土地整治 / 增减挂钩项目: medium polygons, a fifth at patches
    m_all = int(round(0.015 * n))
    at = _at(rng, patch_geoms, 0.003, full)
    g = np.concatenate([_grown(patch_geoms[at], rng, 1.5, 3.0)[0],
                        _random_rectangles(rng, bbox, max(0, m_all - len(at)), 100_000.0, 0.7)])
    out["land_project"] = (g, {
        "XMMC": np.array([f"第{i % 40 + 1}片区{('增减挂钩', '土地整治', '高标准农田')[i % 3]}项目"
                          for i in range(len(g))], dtype=object),
        "PZWH": _numbers("晋自然资函〔{y}〕{k}号", rng, len(g)),
        "XMLX": _choice(rng, ("增减挂钩建新区", "增减挂钩拆旧区", "土地整治", "高标准农田建设"), len(g))})

    # 采矿权 / 探矿权: large, anywhere
    m_all = max(5, int(round(0.008 * n)))
    g = _random_rectangles(rng, bbox, m_all, 600_000.0, 0.8, 50_000.0, 3_000_000.0)
    out["mining_right"] = (g, {
        "XKZH": np.array([f"C14000020{y}0{k:07d}" for y, k in zip(rng.integers(10, 21, m_all),
                                                                    rng.integers(1, 10**6, m_all))], dtype=object),
        "YXQZ": _dates(rng, dt.date(2016, 1, 1), dt.date(2032, 12, 31), m_all),
        "KZ": _choice(rng, ("煤", "铁矿", "石灰岩", "铝土矿", "建筑用砂"), m_all),
        "QLLX": np.where(rng.random(m_all) < 0.8, "采矿权", "探矿权").astype(object)})

    # 农村宅基地审批: small, a tenth at patches (inside them: a patch partly covered)
    m_all = int(round(0.10 * n))
    at = _at(rng, patch_geoms, 0.01)
    c = shapely.get_coordinates(shapely.point_on_surface(patch_geoms[at]))
    small = _rectangles(c[:, 0], c[:, 1], rng.uniform(10, 16, len(at)), rng.uniform(12, 18, len(at)),
                        rng.uniform(0, np.pi, len(at)))
    g = np.concatenate([small, _random_rectangles(rng, bbox, max(0, m_all - len(at)), 200.0, 0.2, 120.0, 400.0)])
    out["homestead_approval"] = (g, {"PZWH": _numbers("宅批〔{y}〕{k}号", rng, len(g)),
                                     "PZRQ": _dates(rng, dt.date(2010, 1, 1), dt.date(2021, 4, 1), len(g))})

    # the zones: subsets of Voronoi coverages
    for kind, field, n_cells, keep, seed, name in (
            ("basic_farmland", "JBNTBH", 60_000, 0.33, 71, "基本农田保护片{}"),
            ("eco_redline", "HXMC", 3_000, 0.10, 72, "生态保护红线{}号区"),
            ("urban_boundary", "BJMC", 2_000, 0.05, 73, "城镇开发边界{}号")):
        g = _cells(bbox, int(round(n_cells * area_scale)), keep, seed)
        out[kind] = (g, {field: np.array([name.format(i + 1) for i in range(len(g))], dtype=object)})

    # 以前年度图斑: a third at today's patches
    m_all = int(round(0.30 * n))
    at = _at(rng, patch_geoms, 0.10)
    other, _ = patches(Spec("earlier", 1, max(1, m_all - len(at)), bbox, spec.seed + 5))
    g = np.concatenate([_shifted(patch_geoms[at], rng, 0.2), other])
    years = rng.integers(2018, 2021, len(g))
    out["earlier_patches"] = (g, {
        "JCBH": np.array([f"140000{y}{i:08d}" for i, y in enumerate(years)], dtype=object),
        "PC": np.array([f"{y}年第{b}批" for y, b in zip(years, rng.integers(1, 5, len(g)))], dtype=object),
        "PDJG": _choice(rng, ("新增建设用地违法", "合法用地", "设施农用地", "其他", "新增建设用地违法"), len(g))})
    return out


# ------------------------------------------------------------------------------------------ writing


def _srs():
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write_layer(ds, table: str, geoms, fields: dict, types: dict) -> None:
    """A polygon layer with BSM (= fid) and ``fields`` ({name: values}; ``types`` {name: 'text'|'date'})."""
    if not shapely.is_valid(np.asarray(geoms, dtype=object)).all():   # both engines would repair differently
        raise ValueError(f"{table}: the generator made an invalid polygon")
    from osgeo import ogr

    lyr = ds.CreateLayer(table, _srs(), ogr.wkbPolygon, options=["GEOMETRY_NAME=geom", "FID=fid"])
    lyr.CreateField(ogr.FieldDefn("BSM", ogr.OFTInteger64))
    for name in fields:
        fd = ogr.FieldDefn(name, ogr.OFTDate if types[name] == "date" else ogr.OFTString)
        if types[name] != "date":
            fd.SetWidth(60)
        lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    cols = list(fields.values())
    ds.StartTransaction()
    for i, wkb in enumerate(shapely.to_wkb(geoms)):
        f = ogr.Feature(defn)
        f.SetFID(i + 1)
        f.SetField(0, i + 1)
        for j, col in enumerate(cols):
            v = col[i]
            f.SetField(j + 1, v.isoformat() if isinstance(v, dt.date) else str(v))
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(f)
    ds.CommitTransaction()


def write_patches(ds, geoms, jcbh) -> None:
    """WPTB: the patches with 监测编号 and the dates the importer reads (前/后时相)."""
    from osgeo import ogr

    lyr = ds.CreateLayer("WPTB", _srs(), ogr.wkbPolygon, options=["GEOMETRY_NAME=geom", "FID=fid"])
    for name in ("JCBH", "QSX", "HSX"):
        fd = ogr.FieldDefn(name, ogr.OFTString)
        fd.SetWidth(20)
        lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    ds.StartTransaction()
    for wkb, key in zip(shapely.to_wkb(geoms), jcbh):
        f = ogr.Feature(defn)
        f.SetField(0, str(key))
        f.SetField(1, "2021-03-01")
        f.SetField(2, REFERENCE_DATE.isoformat())
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(f)
    ds.CommitTransaction()


def write_landuse(path: str, spec: Spec, reuse: str = "") -> None:
    """DLTB (overlay_data's parcels) and WPTB (spec's patches, with 时相). ``reuse``: a bench-overlay
    GeoPackage whose DLTB is the same coverage (same seed, extent and count) — copied instead of built."""
    import shutil

    from osgeo import ogr

    from .overlay_data import write_gpkg

    ogr.UseExceptions()
    if reuse:
        shutil.copyfile(reuse, path)
    else:
        write_gpkg(path, Spec(spec.name, spec.n_parcels, 1, spec.bbox, spec.seed))
    ds = ogr.Open(path, 1)
    for i in range(ds.GetLayerCount()):
        if ds.GetLayer(i).GetName() == "WPTB":
            ds.DeleteLayer(i)
            break
    geoms, jcbh = patches(spec)
    write_patches(ds, geoms, jcbh)
    ds = None


def write_reference(path: str, spec: Spec) -> dict[str, int]:
    """One GeoPackage with a layer per reference kind; returns {kind: features}."""
    from osgeo import ogr

    ogr.UseExceptions()
    geoms, _ = patches(spec)
    layers = reference_layers(spec, geoms)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    counts = {}
    for lay in LAYERS:
        g, values = layers[lay.kind]
        write_layer(ds, lay.table, g, values, {k: t for k, (_, t) in lay.fields.items()})
        counts[lay.kind] = len(g)
    ds = None
    return counts

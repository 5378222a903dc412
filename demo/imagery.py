"""Before/after imagery of the demo county, painted from the land-use parcels and the patches' changes.

Two resolutions on one EPSG:4490 grid: a county-wide base of ~20 m pixels and ~1 m tiles around every
patch (a window of a few hundred metres). Textures are pure functions of global pixel coordinates
(hash noise), so overlapping tiles agree and every run paints the same picture. Outside the patches
"before" and "after" are identical; on the patches the after image shows the change (new roofs with
shadows, bare soil, greenhouses, pits, rubble, …) and, for renovation/demolition, the before image
shows the old houses. Each epoch is a VRT mosaic (base + tiles) whose overview is the base itself,
so QGIS reads the small base when zoomed out and the 1 m tiles when zoomed in.

Dated mosaics for the N-date review (issue 19), ``imagery/mosaic_<date>.vrt`` for each date of ``EPOCHS``: a
patch shows its after state on the mosaics dated on or after its 后时相 (``hsx``, when the change was seen) and
its before state on earlier ones, so the Ministry batch's changes appear on the 2021-04-30 mosaic and the
province's own only on the after image (2021-05-31); the renovated houses (始建 before 2015) stand on all of
them. A mosaic whose pixels equal the before image's in a window reuses the before tile (only differing
windows are written: cheap).
"""
from __future__ import annotations

import datetime as dt
import math
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
import shapely
from osgeo import gdal, ogr

from .common import EPSG_LONLAT, gk_to_lonlat, hash2, srs
from .landuse import LAND_CLASSES, LandUse

gdal.UseExceptions()

DX = 1.15e-5          # fine pixel, degrees of longitude (≈ 0.99 m at 39°N)
DY = 9.0e-6           # fine pixel, degrees of latitude (≈ 1.00 m)
BASE_FACTOR = 20      # base pixel = 20 fine pixels (≈ 20 m)
MARGIN_PX = 150       # fine pixels around a patch
MIN_TILE = 384
MAX_MERGED = 1400

CLASS_CODES = ["outside", *LAND_CLASSES.keys()]
CLASS_INDEX = {c: i for i, c in enumerate(CLASS_CODES)}

CLASS_RGB = {
    "outside": (146, 142, 118), "0101": (104, 120, 92), "0102": (150, 132, 100), "0103": (178, 156, 118),
    "0201": (154, 140, 106), "0301": (58, 78, 52), "0305": (100, 106, 76), "0401": (140, 138, 100),
    "0404": (162, 154, 118), "0601": (170, 168, 162), "0602": (180, 174, 162), "0701": (152, 148, 142),
    "0702": (150, 138, 120), "1001": (118, 110, 102), "1003": (88, 88, 92), "1004": (108, 108, 110),
    "1006": (172, 160, 136), "1101": (166, 158, 140), "1104": (62, 88, 96), "1202": (210, 214, 218),
    "1203": (150, 140, 110), "1206": (188, 170, 138),
}

OPS = ["none", "shadow", "roof_blue", "roof_red", "roof_grey", "roof_white", "roof_old", "yard_concrete",
       "yard_soil", "yard_old", "greenhouse", "fill_soil", "spoil", "pit", "pit_terrace", "solar", "slope",
       "rubble", "materials_blue", "materials_orange", "materials_grey", "mulch"]
OP_INDEX = {o: i for i, o in enumerate(OPS)}
OP_RGB = {
    "shadow": (46, 48, 54), "roof_blue": (74, 116, 180), "roof_red": (170, 80, 62), "roof_grey": (138, 140, 146),
    "roof_white": (228, 230, 232), "roof_old": (110, 102, 96), "yard_concrete": (192, 190, 184),
    "yard_soil": (158, 128, 94), "yard_old": (148, 138, 122), "greenhouse": (222, 230, 238),
    "fill_soil": (138, 106, 76), "spoil": (118, 94, 70), "pit": (198, 194, 186), "pit_terrace": (150, 146, 140),
    "solar": (36, 50, 86), "slope": (122, 132, 110), "rubble": (150, 140, 128), "materials_blue": (58, 108, 192),
    "materials_orange": (212, 122, 52), "materials_grey": (118, 118, 122), "mulch": (214, 214, 208),
}


@dataclass(frozen=True)
class Grid:
    """The global fine grid: pixel (col, row) ↔ lon/lat."""
    lon0: float
    lat0: float
    cols: int      # fine columns covering the county (multiple of BASE_FACTOR)
    rows: int

    def base_geotransform(self):
        return (self.lon0, DX * BASE_FACTOR, 0.0, self.lat0, 0.0, -DY * BASE_FACTOR)

    def geotransform(self, col: int, row: int):
        return (self.lon0 + col * DX, DX, 0.0, self.lat0 - row * DY, 0.0, -DY)


def make_grid(bounds_lonlat) -> Grid:
    minx, miny, maxx, maxy = bounds_lonlat
    bdx, bdy = DX * BASE_FACTOR, DY * BASE_FACTOR
    lon0 = math.floor(minx / bdx - 20) * bdx
    lat0 = math.ceil(maxy / bdy + 20) * bdy
    cols = int(math.ceil((maxx - lon0) / bdx + 20)) * BASE_FACTOR
    rows = int(math.ceil((lat0 - miny) / bdy + 20)) * BASE_FACTOR
    return Grid(round(lon0, 9), round(lat0, 9), cols, rows)


# -- OGR memory layers for rasterizing ------------------------------------------------------------
def _mem_layer(name, geoms_lonlat, values: dict[str, np.ndarray]):
    ds = ogr.GetDriverByName("Memory").CreateDataSource(name)
    lyr = ds.CreateLayer(name, srs(EPSG_LONLAT), ogr.wkbUnknown)
    for f in values:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTInteger))
    defn = lyr.GetLayerDefn()
    wkbs = shapely.to_wkb(np.asarray(geoms_lonlat, dtype=object))
    for i, w in enumerate(wkbs):
        feat = ogr.Feature(defn)
        feat.SetGeometry(ogr.CreateGeometryFromWkb(bytes(w)))
        for f, arr in values.items():
            feat.SetField(f, int(arr[i]))
        lyr.CreateFeature(feat)
    return ds, lyr


def _rasterize(lyr, field_name: str, gt, width: int, height: int, dtype=gdal.GDT_Int32) -> np.ndarray:
    ds = gdal.GetDriverByName("MEM").Create("", width, height, 1, dtype)
    ds.SetGeoTransform(gt)
    ds.SetProjection(srs(EPSG_LONLAT).ExportToWkt())
    minx, maxy = gt[0], gt[3]
    maxx, miny = minx + width * gt[1], maxy + height * gt[5]
    lyr.SetSpatialFilterRect(minx, miny, maxx, maxy)
    gdal.RasterizeLayer(ds, [1], lyr, options=[f"ATTRIBUTE={field_name}"])
    lyr.SetSpatialFilter(None)
    return ds.GetRasterBand(1).ReadAsArray()


# -- painting -------------------------------------------------------------------------------------
def _table(rgb: dict, keys: list[str]) -> np.ndarray:
    return np.array([rgb.get(k, (128, 128, 128)) for k in keys], dtype=np.float32)


CLASS_TABLE = _table(CLASS_RGB, CLASS_CODES)
OP_TABLE = _table(OP_RGB, OPS)


# -- textures: periodic noise tables sampled by global pixel coordinates ----------------------------
TEX = 1024


def _periodic_noise(size: int, cell: int, salt: int) -> np.ndarray:
    """Smooth value noise on a size×size torus (cell divides size)."""
    n = size // cell
    lat = hash2(np.arange(n)[None, :].repeat(n, 0), np.arange(n)[:, None].repeat(n, 1), salt)
    t = (np.arange(size) % cell) / cell
    t = t * t * (3 - 2 * t)
    i0 = np.arange(size) // cell
    i1 = (i0 + 1) % n
    a = lat[i0][:, i0] * (1 - t)[None, :] + lat[i0][:, i1] * t[None, :]
    b = lat[i1][:, i0] * (1 - t)[None, :] + lat[i1][:, i1] * t[None, :]
    return (a * (1 - t)[:, None] + b * t[:, None]).astype(np.float32)


_TEXTURES: dict[str, np.ndarray] = {}


def textures() -> dict[str, np.ndarray]:
    if not _TEXTURES:
        _TEXTURES.update(
            grain=hash2(np.arange(TEX)[None, :].repeat(TEX, 0), np.arange(TEX)[:, None].repeat(TEX, 1),
                        59).astype(np.float32),
            fine=(0.67 * _periodic_noise(TEX, 4, 5) + 0.33 * _periodic_noise(TEX, 2, 6)),
            crown=_periodic_noise(TEX, 4, 23),
            shrub=_periodic_noise(TEX, 8, 29),
            water=_periodic_noise(TEX, 32, 47),
            streak=_periodic_noise(TEX, 8, 71),
            big=_periodic_noise(256, 32, 3),      # 16 px per texel: 512 px features, 4 km period
            mid=_periodic_noise(256, 32, 43),     # 4 px per texel: 128 px features
        )
    return _TEXTURES


def _sample(name: str, gx, gy) -> np.ndarray:
    t = textures()[name]
    if name == "big":
        return t[(gy // 16) % 256, (gx // 16) % 256]
    if name == "mid":
        return t[(gy // 4) % 256, (gx // 4) % 256]
    return t[gy % TEX, gx % TEX]


def _lut(*codes) -> np.ndarray:
    lut = np.zeros(len(CLASS_CODES), bool)
    for c in codes:
        lut[CLASS_INDEX[c]] = True
    return lut


_CULT, _ORCH, _FOREST, _SHRUB = _lut("0101", "0102", "0103"), _lut("0201"), _lut("0301"), _lut("0305")
_VIL, _TOWN, _IND, _MINE = _lut("0702"), _lut("0701"), _lut("0601"), _lut("0602")
_RIVER, _GH = _lut("1101"), _lut("1202")


@dataclass
class ParcelTables:
    """Per-parcel random properties (index = parcel id, 0 = outside)."""
    tone: np.ndarray
    cos: np.ndarray
    sin: np.ndarray
    period: np.ndarray

    @classmethod
    def make(cls, n: int) -> ParcelTables:
        ids = np.arange(n + 1)
        theta = hash2(ids, np.ones_like(ids), 17) * np.pi
        return cls(tone=hash2(ids, np.zeros_like(ids), 11).astype(np.float32),
                   cos=np.cos(theta).astype(np.float32), sin=np.sin(theta).astype(np.float32),
                   period=(2.6 + 2.2 * hash2(ids, np.ones_like(ids), 19)).astype(np.float32))


def landscape(cls: np.ndarray, pid: np.ndarray, gx: np.ndarray, gy: np.ndarray, detail: bool,
              pt: ParcelTables) -> np.ndarray:
    """RGB (float32) of the land cover for class indices, parcel ids and global fine pixel coords."""
    img = CLASS_TABLE[cls]
    tone = pt.tone[pid]
    img *= (0.92 + 0.16 * _sample("big", gx, gy))[..., None]
    cult = _CULT[cls]
    img[cult] *= (0.88 + 0.22 * tone[cult])[:, None]
    green = cult & (tone > 0.72)
    img[green] = img[green] * 0.55 + np.array([112, 134, 86], np.float32) * 0.45
    if detail:
        fine = _sample("fine", gx, gy)
        img *= (0.94 + 0.12 * fine)[..., None]
        c, s = pt.cos[pid], pt.sin[pid]
        along = gx * c + gy * s
        rows = np.sin((2 * np.pi) * along / pt.period[pid])
        img[cult] *= (1.0 + 0.08 * rows[cult])[:, None]
        orch = _ORCH[cls]
        if orch.any():
            u = along[orch] / 5.0
            v = (-gx[orch] * c[orch] + gy[orch] * s[orch]) / 5.0
            tree = np.hypot(u - np.round(u), v - np.round(v)) < 0.33
            sub = img[orch]
            sub[tree] = np.array([68, 90, 58], np.float32) * (0.85 + 0.3 * fine[orch][tree])[:, None]
            img[orch] = sub
        fo = _FOREST[cls]
        if fo.any():
            img[fo] *= (0.65 + 0.7 * _sample("crown", gx[fo], gy[fo]))[:, None]
        sh = _SHRUB[cls]
        if sh.any():
            bush = _sample("shrub", gx[sh], gy[sh]) > 0.55
            sub = img[sh]
            sub[bush] = np.array([76, 88, 58], np.float32) * (0.8 + 0.4 * _sample("crown", gx[sh][bush],
                                                                                 gy[sh][bush]))[:, None]
            img[sh] = sub
        grain_cells = textures()["grain"]
        vil = _VIL[cls]
        if vil.any():
            x, y = gx[vil], gy[vil]
            u, v = x % 16, y % 13
            h = grain_cells[(y // 13) % TEX, (x // 16) % TEX]
            house = (u >= 1) & (u < 15) & (h < 0.88)
            roof = house & (v >= 3) & (v < 8)
            shade = house & (v >= 1) & (v < 3)
            lane = (u == 0) | (v == 12)
            palette = np.array([[150, 84, 66], [126, 126, 132], [90, 112, 150], [168, 160, 150]], np.float32)
            sub = img[vil]
            sub[roof] = palette[(h[roof] * 100).astype(int) % 4]
            sub[shade] = (66, 64, 62)
            sub[lane] = (160, 154, 142)
            img[vil] = sub
        town = _TOWN[cls]
        if town.any():
            x, y = gx[town], gy[town]
            u, v = x % 60, y % 44
            h = grain_cells[(y // 44) % TEX, (x // 60) % TEX]
            slab = (u >= 4) & (u < 54) & (((v >= 10) & (v < 22)) | ((v >= 30) & (v < 40) & (h > 0.4)))
            shade = (u >= 2) & (u < 54) & (((v >= 4) & (v < 10)) | ((v >= 24) & (v < 30) & (h > 0.4)))
            street = (u < 2) | (v >= 42)
            palette = np.array([[196, 196, 192], [172, 170, 168], [150, 120, 110], [220, 222, 224]], np.float32)
            sub = img[town]
            sub[slab] = palette[(h[slab] * 100).astype(int) % 4]
            sub[shade] = (70, 70, 74)
            sub[street] = (96, 96, 100)
            img[town] = sub
        ind = _IND[cls]
        if ind.any():
            x, y = gx[ind], gy[ind]
            u, v = x % 90, y % 70
            h = grain_cells[(y // 70) % TEX, (x // 90) % TEX]
            roof = (u >= 8) & (u < 80) & (v >= 12) & (v < 55)
            shade = (u >= 6) & (u < 80) & (v >= 6) & (v < 12)
            palette = np.array([[80, 118, 176], [200, 202, 204], [150, 152, 156]], np.float32)
            sub = img[ind]
            sub[roof] = palette[(h[roof] * 100).astype(int) % 3]
            sub[shade] = (72, 72, 76)
            img[ind] = sub
        mine = _MINE[cls]
        if mine.any():
            bands = np.sin(2 * np.pi * _sample("mid", gx[mine], gy[mine]) * 9.0)
            img[mine] *= (0.85 + 0.2 * bands)[:, None]
        riv = _RIVER[cls]
        if riv.any():
            water = _sample("water", gx[riv], gy[riv]) > 0.56
            sub = img[riv]
            sub[water] = (64, 94, 102)
            img[riv] = sub
        gh = _GH[cls]
        if gh.any():
            strip = (along[gh] % 11.0) < 8.0
            sub = img[gh]
            sub[strip] = (222, 230, 238)
            sub[~strip] = (120, 104, 86)
            img[gh] = sub
    else:
        # ~20 m: the patterns average out into colours
        for lut, rgb, k in ((_VIL, (140, 112, 96), 0.4), (_TOWN, (150, 150, 150), 0.3),
                            (_RIVER, (96, 116, 118), 0.4)):
            sel = lut[cls]
            img[sel] = img[sel] * (1 - k) + np.array(rgb, np.float32) * k
        img *= (0.96 + 0.08 * _sample("mid", gx // 4, gy // 4))[..., None]
    img += ((_sample("grain", gx, gy) - 0.5) * 8.0)[..., None]
    return img


def paint_ops(img: np.ndarray, op: np.ndarray, gx: np.ndarray, gy: np.ndarray, detail: bool) -> np.ndarray:
    sel = op > 0
    if not sel.any():
        return img
    out = img.copy()
    o, x, y = op[sel], gx[sel], gy[sel]
    col = OP_TABLE[o]
    if detail:
        n = _sample("grain", x, y)
        col *= (0.94 + 0.12 * _sample("fine", x, y))[:, None]

        def is_(*names):
            return np.isin(o, [OP_INDEX[k] for k in names])

        rub = is_("rubble")
        col[rub] = np.array([[170, 164, 154], [120, 112, 104], [150, 132, 112], [196, 190, 182]],
                            np.float32)[(n[rub] * 4).astype(int)]
        mul = is_("mulch")
        col[mul] = np.where(((x[mul] + y[mul]) % 3 == 0)[:, None], np.array([226, 226, 222], np.float32),
                            np.array([150, 128, 100], np.float32))
        sol = is_("solar") & ((x % 3 == 0) | (y % 5 == 0))
        col[sol] = (90, 100, 120)
        gh = is_("greenhouse") & ((x + y) % 4 == 0)
        col[gh] = (180, 196, 214)
        fill = is_("fill_soil")
        col[fill] *= (0.85 + 0.3 * _sample("streak", x[fill] * 3, y[fill]))[:, None]
        spoil = is_("spoil")
        col[spoil] *= (0.75 + 0.5 * _sample("crown", x[spoil], y[spoil]))[:, None]
        mat = is_("materials_blue", "materials_orange", "materials_grey") & (y % 4 == 0)
        col[mat] *= 0.7
    out[sel] = col
    return out


def _to_u8(img: np.ndarray) -> np.ndarray:
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def _write_cog(path: str, rgb: np.ndarray, gt, quality: int = 82) -> None:
    h, w, _ = rgb.shape
    mem = gdal.GetDriverByName("MEM").Create("", w, h, 3, gdal.GDT_Byte)
    mem.SetGeoTransform(gt)
    mem.SetProjection(srs(EPSG_LONLAT).ExportToWkt())
    for b in range(3):
        mem.GetRasterBand(b + 1).WriteArray(rgb[:, :, b])
        mem.GetRasterBand(b + 1).SetColorInterpretation(gdal.GCI_RedBand + b)
    gdal.GetDriverByName("COG").CreateCopy(
        path, mem, options=["COMPRESS=JPEG", f"QUALITY={quality}", "BLOCKSIZE=256", "OVERVIEW_RESAMPLING=AVERAGE"])


# -- windows --------------------------------------------------------------------------------------
def patch_windows(grid: Grid, bounds_list) -> list[tuple[int, int, int, int]]:
    """Fine-pixel windows (col, row, width, height) around patch bounds, overlapping ones merged."""
    wins = []
    for minx, miny, maxx, maxy in bounds_list:
        c0 = int(math.floor((minx - grid.lon0) / DX)) - MARGIN_PX
        c1 = int(math.ceil((maxx - grid.lon0) / DX)) + MARGIN_PX
        r0 = int(math.floor((grid.lat0 - maxy) / DY)) - MARGIN_PX
        r1 = int(math.ceil((grid.lat0 - miny) / DY)) + MARGIN_PX
        if c1 - c0 < MIN_TILE:
            pad = (MIN_TILE - (c1 - c0)) // 2
            c0, c1 = c0 - pad, c0 - pad + MIN_TILE
        if r1 - r0 < MIN_TILE:
            pad = (MIN_TILE - (r1 - r0)) // 2
            r0, r1 = r0 - pad, r0 - pad + MIN_TILE
        c0, r0 = (c0 // 16) * 16, (r0 // 16) * 16
        c1, r1 = -(-c1 // 16) * 16, -(-r1 // 16) * 16
        wins.append([c0, r0, c1, r1])
    merged = True
    while merged:
        merged = False
        wins.sort()
        for i in range(len(wins)):
            for j in range(i + 1, len(wins)):
                a, b = wins[i], wins[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    u = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    if u[2] - u[0] <= MAX_MERGED and u[3] - u[1] <= MAX_MERGED:
                        wins[i] = u
                        del wins[j]
                        merged = True
                        break
            if merged:
                break
    wins.sort(key=lambda w: (w[1], w[0]))
    return [(c0, r0, c1 - c0, r1 - r0) for c0, r0, c1, r1 in wins]


# -- the build ------------------------------------------------------------------------------------
def _op_layer(name, patches, which: str):
    geoms, codes = [], []
    for p in patches:
        for op, g in getattr(p, which):
            if g is None or g.is_empty:
                continue
            geoms.append(g)
            codes.append(OP_INDEX[op])
    if not geoms:
        return None, None
    lonlat = gk_to_lonlat(np.array(geoms, dtype=object))
    return _mem_layer(name, lonlat, {"OP": np.array(codes)})


EPOCHS = (dt.date(2019, 10, 1), dt.date(2020, 10, 1), dt.date(2021, 4, 30))
AFTER_DATE = dt.date(2021, 5, 31)     # the after image: every change of both batches (their latest 后时相)


def epoch_ops(patches, date: dt.date) -> list[tuple[str, object]]:
    """The (op, polygon) painted on a mosaic of ``date``: each patch's after state once its change was seen."""
    return [op for p in patches for op in (p.ops_after if p.hsx <= date else p.ops_before)]


def _ops_layer(name, ops):
    geoms = [g for _op, g in ops if g is not None and not g.is_empty]
    codes = [OP_INDEX[op] for op, g in ops if g is not None and not g.is_empty]
    if not geoms:
        return None, None
    return _mem_layer(name, gk_to_lonlat(np.array(geoms, dtype=object)), {"OP": np.array(codes)})


def mosaic_name(date: dt.date) -> str:
    return f"mosaic_{date.isoformat()}"


def build_imagery(out_dir: str, lu: LandUse, patches, bounds_lonlat, log=print) -> list[tuple[str, str]]:
    """Write base rasters, tiles, the two VRT mosaics and the dated ones; returns (relative path, description)."""
    img_dir = os.path.join(out_dir, "imagery")
    for sub in ("tiles/before", "tiles/after"):
        os.makedirs(os.path.join(img_dir, sub), exist_ok=True)
    grid = make_grid(bounds_lonlat)
    cls_idx = np.array([CLASS_INDEX[c] for c in lu.dlbm])
    pt = ParcelTables.make(len(cls_idx))
    parcels_ds, parcels = _mem_layer("parcels", lu.lonlat, {"CLS": cls_idx, "PID": np.arange(1, len(cls_idx) + 1)})
    before_ds, before_lyr = _op_layer("before", patches, "ops_before")
    after_ds, after_lyr = _op_layer("after", patches, "ops_after")
    dated = {mosaic_name(d): _ops_layer(mosaic_name(d), epoch_ops(patches, d)) for d in EPOCHS}
    files: list[tuple[str, str]] = []
    same_as_before: dict[str, list[bool]] = {name: [] for name in dated}   # per window: reuse the before tile

    # county-wide base (≈20 m)
    bw, bh = grid.cols // BASE_FACTOR, grid.rows // BASE_FACTOR
    bgt = grid.base_geotransform()
    cls = _rasterize(parcels, "CLS", bgt, bw, bh)
    pid = _rasterize(parcels, "PID", bgt, bw, bh)
    gx = (np.arange(bw) * BASE_FACTOR + BASE_FACTOR // 2)[None, :].repeat(bh, 0)
    gy = (np.arange(bh) * BASE_FACTOR + BASE_FACTOR // 2)[:, None].repeat(bw, 1)
    land = landscape(cls, pid, gx, gy, detail=False, pt=pt)
    for epoch, lyr in (("before", before_lyr), ("after", after_lyr)):
        img = land
        if lyr is not None:
            img = paint_ops(land, _rasterize(lyr, "OP", bgt, bw, bh), gx, gy, detail=False)
        path = os.path.join(img_dir, f"base_{epoch}_20m.tif")
        _write_cog(path, _to_u8(img), bgt, quality=85)
        files.append((f"imagery/base_{epoch}_20m.tif",
                      f"{epoch} epoch, county-wide base mosaic (~20 m, EPSG:4490, JPEG COG with overviews)"))
    before_ops = _rasterize(before_lyr, "OP", bgt, bw, bh) if before_lyr is not None else None
    for name, (_ds, lyr) in dated.items():
        ops = _rasterize(lyr, "OP", bgt, bw, bh) if lyr is not None else None
        if (ops is None and before_ops is None) or (ops is not None and before_ops is not None
                                                    and np.array_equal(ops, before_ops)):
            continue   # the VRT reads the before base
        _write_cog(os.path.join(img_dir, f"base_{name}_20m.tif"),
                   _to_u8(land if ops is None else paint_ops(land, ops, gx, gy, detail=False)), bgt, quality=85)
        files.append((f"imagery/base_{name}_20m.tif", f"{name}: county-wide base (~20 m)"))
    log(f"  imagery: base {bw}x{bh}")

    # fine tiles around the patches
    bounds = [tuple(b) for b in _bounds_lonlat(patches)]
    wins = patch_windows(grid, bounds)
    for k, (c0, r0, w, h) in enumerate(wins, start=1):
        gt = grid.geotransform(c0, r0)
        cls = _rasterize(parcels, "CLS", gt, w, h)
        pid = _rasterize(parcels, "PID", gt, w, h)
        gx = (c0 + np.arange(w))[None, :].repeat(h, 0)
        gy = (r0 + np.arange(h))[:, None].repeat(w, 1)
        land = landscape(cls, pid, gx, gy, detail=True, pt=pt)
        for epoch, lyr in (("before", before_lyr), ("after", after_lyr)):
            img = land
            if lyr is not None:
                img = paint_ops(land, _rasterize(lyr, "OP", gt, w, h), gx, gy, detail=True)
            rel = f"imagery/tiles/{epoch}/t{k:04d}.tif"
            _write_cog(os.path.join(out_dir, rel), _to_u8(img), gt)
            files.append((rel, f"{epoch} epoch, ~1 m tile {k} around patches ({w}x{h} px, JPEG COG)"))
        before_ops = _rasterize(before_lyr, "OP", gt, w, h) if before_lyr is not None else np.zeros((h, w), int)
        for name, (_ds, lyr) in dated.items():
            ops = _rasterize(lyr, "OP", gt, w, h) if lyr is not None else np.zeros((h, w), int)
            same = bool(np.array_equal(ops, before_ops))
            same_as_before[name].append(same)
            if not same:
                os.makedirs(os.path.join(img_dir, "tiles", name), exist_ok=True)
                rel = f"imagery/tiles/{name}/t{k:04d}.tif"
                _write_cog(os.path.join(out_dir, rel), _to_u8(paint_ops(land, ops, gx, gy, detail=True)), gt)
                files.append((rel, f"{name}: ~1 m tile {k} (differs from the before tile)"))
    log(f"  imagery: {len(wins)} tile windows")

    for epoch in ("before", "after"):
        tiles = [os.path.join(img_dir, "tiles", epoch, f"t{k:04d}.tif") for k in range(1, len(wins) + 1)]
        vrt = os.path.join(img_dir, f"{epoch}.vrt")
        _build_vrt(vrt, os.path.join(img_dir, f"base_{epoch}_20m.tif"), tiles, grid)
        files.append((f"imagery/{epoch}.vrt",
                      f"{epoch} imagery: VRT mosaic (EPSG:4490, RGB) of the 20 m base and the 1 m tiles; "
                      "the base is declared as the VRT's overview"))
    for name in dated:
        tiles = [os.path.join(img_dir, "tiles", "before" if same else name, f"t{k:04d}.tif")
                 for k, same in enumerate(same_as_before[name], start=1)]
        base = os.path.join(img_dir, f"base_{name}_20m.tif")
        vrt = os.path.join(img_dir, f"{name}.vrt")
        _build_vrt(vrt, base if os.path.exists(base) else os.path.join(img_dir, "base_before_20m.tif"), tiles, grid)
        files.append((f"imagery/{name}.vrt", f"mosaic dated {name[7:]} (N-date review): before tiles where nothing "
                      "had changed by then, its own where something had"))
    log(f"  imagery: {len(dated)} dated mosaics, "
        f"{sum(not s for v in same_as_before.values() for s in v)} tiles of their own")
    del parcels_ds, before_ds, after_ds, dated
    return files


def _bounds_lonlat(patches):
    geoms = gk_to_lonlat(np.array([p.geom for p in patches], dtype=object))
    return shapely.bounds(geoms)


def _build_vrt(vrt_path: str, base: str, tiles: list[str], grid: Grid) -> None:
    opts = gdal.BuildVRTOptions(resolution="user", xRes=DX, yRes=DY, resampleAlg="bilinear",
                                outputBounds=(grid.lon0, grid.lat0 - grid.rows * DY,
                                              grid.lon0 + grid.cols * DX, grid.lat0))
    gdal.BuildVRT(vrt_path, [base, *tiles], options=opts).FlushCache()
    tree = ET.parse(vrt_path)
    root = tree.getroot()
    folder = os.path.dirname(os.path.abspath(vrt_path))
    for fn in root.iter("SourceFilename"):
        p = fn.text
        if os.path.isabs(p):
            fn.text = os.path.relpath(p, folder).replace(os.sep, "/")
        fn.set("relativeToVRT", "1")
    for band in root.iter("VRTRasterBand"):
        ov = ET.SubElement(band, "Overview")
        src = ET.SubElement(ov, "SourceFilename", relativeToVRT="1")
        src.text = os.path.relpath(base, folder).replace(os.sep, "/")
        ET.SubElement(ov, "SourceBand").text = band.get("band")
    ET.indent(tree)
    tree.write(vrt_path, encoding="utf-8")
